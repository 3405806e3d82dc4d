//! Platform privacy declarations: Apple privacy manifests (`PrivacyInfo.xcprivacy`) and Google
//! Play data safety forms (the CSV Play Console exports). Each reader takes `(file id, &str)`
//! (a binary property list, its bytes: [`apple::load_binary`]), checks the store's own rules
//! (closed id sets, required keys, value types) and lowers the file to one platform-neutral
//! [`Declaration`]: the data types it declares and, for each, its uses (purposes, sharing
//! purposes, tracking), every id with the exact span it is written at (in a binary file, a
//! place that [`KeyPaths`] names). The ids stay the store's own; mapping them onto a policy's
//! ids is a later step.

pub mod apple;
pub(crate) mod binary;
pub mod encoding;
pub(crate) mod events;
pub mod fastlane;
pub mod ids;
pub mod play;
pub(crate) mod plist;
mod table;

pub use binary::KeyPaths;

use std::collections::{BTreeMap, HashMap, btree_map};

use crate::diagnostic::{Code, Diagnostic};
use crate::manifest::Str;
use crate::source::{self, FileId, Span};
use crate::{limits, suggest};

/// The store a declaration is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Platform {
    /// An Apple privacy manifest (`PrivacyInfo.xcprivacy`).
    Apple,
    /// A Google Play data safety form, as Play Console exports it to CSV.
    Play,
}

impl Platform {
    /// Every platform.
    pub const ALL: [Platform; 2] = [Platform::Apple, Platform::Play];

    /// The keyword that names the store in the policy language (`map apple { ... }`).
    pub fn keyword(self) -> &'static str {
        match self {
            Platform::Apple => "apple",
            Platform::Play => "play",
        }
    }

    /// The platform a policy keyword names.
    pub fn of_keyword(keyword: &str) -> Option<Platform> {
        Platform::ALL.into_iter().find(|p| p.keyword() == keyword)
    }

    /// The store's name as users know it.
    pub fn name(self) -> &'static str {
        match self {
            Platform::Apple => "Apple",
            Platform::Play => "Google Play",
        }
    }

    /// The platform whose declarations go by this file name: `PrivacyInfo.xcprivacy` (or any
    /// other `*.xcprivacy`, Xcode's type for the file) and fastlane's `app_privacy_details.json` for
    /// Apple; `data_safety.csv`, `*.data_safety.csv` and `*.datasafety.csv` for Play.
    pub fn of_file_name(name: &str) -> Option<Platform> {
        let has_stem = |suffix: &str| name.strip_suffix(suffix).is_some_and(|s| !s.is_empty());
        if name == "PrivacyInfo.xcprivacy" || has_stem(".xcprivacy") || name == fastlane::FILE_NAME
        {
            Some(Platform::Apple)
        } else if name == "data_safety.csv"
            || has_stem(".data_safety.csv")
            || has_stem(".datasafety.csv")
        {
            Some(Platform::Play)
        } else {
            None
        }
    }
}

/// A boolean value and where it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag {
    /// The value.
    pub value: bool,
    /// Where: Apple's `<true/>` element, or Play's value cell.
    pub span: Span,
}

/// What a use of a data type is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UseKind {
    /// The data is collected for the purpose (Apple's purposes, Play's collection purposes).
    Collection,
    /// The data is shared with third parties for the purpose (Play's sharing purposes).
    Sharing,
    /// Apple's `NSPrivacyCollectedDataTypeTracking` is true. The purpose id is
    /// [`ids::APPLE_TRACKING`] and its span is the `<true/>`; a policy maps it like a purpose.
    Tracking,
}

/// One use of a data type: a purpose id of the store (or tracking) and whether it is a
/// collection, a sharing or tracking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use {
    /// Collection, sharing or tracking.
    pub kind: UseKind,
    /// The store's purpose id and where it is written.
    pub purpose: Str,
}

/// One declared data type and its uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The store's data type id, spanned at the `<string>` text (Apple) or at the cell that
    /// selects it (Play).
    pub data_type: Str,
    /// Its uses, in file order: at least one for an item read without error.
    pub uses: Vec<Use>,
    /// Apple's `NSPrivacyCollectedDataTypeLinked`.
    pub linked: Option<Flag>,
    /// Play's "collected" answer, when the type is collected.
    pub collected: Option<Flag>,
    /// Play's "shared" answer, when the type is shared.
    pub shared: Option<Flag>,
}

impl Item {
    /// The uses of one kind.
    pub fn uses_of(&self, kind: UseKind) -> impl Iterator<Item = &Use> {
        self.uses.iter().filter(move |u| u.kind == kind)
    }
}

/// An Apple required-reason API entry (`NSPrivacyAccessedAPITypes`): not data collection, kept
/// so that every part of the file is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessedApi {
    /// `NSPrivacyAccessedAPIType`, such as `NSPrivacyAccessedAPICategoryUserDefaults`.
    pub api_type: Str,
    /// `NSPrivacyAccessedAPITypeReasons`, such as `CA92.1`.
    pub reasons: Vec<Str>,
}

/// A platform declaration, lowered to what every rule needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    /// The file.
    pub file: FileId,
    /// The store it is written for.
    pub platform: Platform,
    /// The declared data types that follow the store's rules, in file order. A type repeated
    /// in the file appears twice (and is reported as `duplicate-entry`).
    pub items: Vec<Item>,
    /// Apple's `NSPrivacyTracking`, when given.
    pub tracking: Option<Flag>,
    /// Apple's `NSPrivacyTrackingDomains`.
    pub tracking_domains: Vec<Str>,
    /// Apple's `NSPrivacyAccessedAPITypes`.
    pub accessed_apis: Vec<AccessedApi>,
}

impl Declaration {
    /// An empty declaration of `file` for `platform`.
    pub fn new(file: FileId, platform: Platform) -> Self {
        Declaration {
            file,
            platform,
            items: Vec::new(),
            tracking: None,
            tracking_domains: Vec::new(),
            accessed_apis: Vec::new(),
        }
    }
}

/// Reads the platform file named `name` (its file name): fastlane's App Store privacy details,
/// or a file of `platform`'s own format.
pub fn load_named(
    name: &str,
    platform: Platform,
    file: FileId,
    text: &str,
) -> (Option<Declaration>, Vec<Diagnostic>) {
    if name == fastlane::FILE_NAME {
        let (declaration, diagnostics) = fastlane::load(file, text);
        return (declaration, bound_per_line(text, diagnostics, STORE_FILE));
    }
    load(platform, file, text)
}

/// A store file's content as its reader takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    /// Text: a CSV, or an XML property list (decoded when it is written in UTF-16).
    Text(String),
    /// The bytes of a binary property list (`bplist00`), read by [`apple::load_binary`].
    Binary(Vec<u8>),
}

/// Reads a platform file with the reader of its platform. `None` when the file cannot be read
/// as that platform's format at all; every problem is a diagnostic.
pub fn load(
    platform: Platform,
    file: FileId,
    text: &str,
) -> (Option<Declaration>, Vec<Diagnostic>) {
    let (declaration, diagnostics) = match platform {
        Platform::Apple => apple::load(file, text),
        Platform::Play => play::load(file, text),
    };
    (declaration, bound_per_line(text, diagnostics, STORE_FILE))
}

/// What [`bound_per_line`]'s finding calls a file, and how it says to write one.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lines {
    pub(crate) file: &'static str,
    pub(crate) advice: &'static str,
}

/// A store declaration, for [`bound_per_line`].
pub(crate) const STORE_FILE: Lines = Lines {
    file: "a store declaration",
    advice: "write one value or row per line",
};

/// Keeps the first [`limits::FINDINGS_PER_LINE`] findings of each line of `text`; the others of
/// a line are counted in one more finding at the first of them, as serious as the most serious
/// one left out (and of its code, when they share one).
pub(crate) fn bound_per_line(
    text: &str,
    diagnostics: Vec<Diagnostic>,
    lines: Lines,
) -> Vec<Diagnostic> {
    if diagnostics.len() <= limits::FINDINGS_PER_LINE {
        return diagnostics;
    }
    let starts = source::line_starts(text);
    let line_of = |offset: usize| match starts.binary_search(&offset) {
        Ok(i) => i,
        Err(i) => i.saturating_sub(1),
    };
    let mut per_line: HashMap<usize, usize> = HashMap::new();
    // The findings left out of each line, by line: how many, and a finding standing for them.
    let mut left_out: BTreeMap<usize, (usize, Diagnostic)> = BTreeMap::new();
    let mut kept = Vec::with_capacity(diagnostics.len().min(starts.len() * 2));
    for diagnostic in diagnostics {
        let line = line_of(diagnostic.primary.span.start);
        let count = per_line.entry(line).or_insert(0);
        *count += 1;
        if *count <= limits::FINDINGS_PER_LINE {
            kept.push(diagnostic);
            continue;
        }
        match left_out.entry(line) {
            btree_map::Entry::Vacant(slot) => {
                slot.insert((1, diagnostic));
            }
            btree_map::Entry::Occupied(mut slot) => {
                let (count, first) = slot.get_mut();
                *count += 1;
                first.severity = first.severity.min(diagnostic.severity);
                if first.code != diagnostic.code {
                    first.code = Code::InvalidManifest;
                }
            }
        }
    }
    for (line, (count, first)) in left_out {
        let findings = if count == 1 { "finding" } else { "findings" };
        let mut summary = Diagnostic::new(
            first.code,
            first.primary.span,
            format!(
                "{count} more {findings} on line {} are not reported",
                line + 1
            ),
        )
        .with_label("the first of them")
        .with_help(format!(
            "candor reports at most {} findings per line of {}; {}, or fix these and check again",
            limits::FINDINGS_PER_LINE,
            lines.file,
            lines.advice
        ));
        summary.severity = first.severity;
        kept.push(summary);
    }
    kept
}

/// Which closed set an id was looked up in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vocabulary {
    /// The data types.
    DataType,
    /// The purposes (for Apple, with tracking when a policy maps it).
    Purpose,
}

impl Vocabulary {
    /// What an id of this set is called, such as "an Apple purpose".
    pub fn noun(self, platform: Platform) -> &'static str {
        match (platform, self) {
            (Platform::Apple, Vocabulary::DataType) => "an Apple collected data type",
            (Platform::Apple, Vocabulary::Purpose) => "an Apple purpose",
            (Platform::Play, Vocabulary::DataType) => "a Google Play data type",
            (Platform::Play, Vocabulary::Purpose) => "a Google Play purpose",
        }
    }
}

/// The ids of one closed set. Apple's tracking is a purpose only `with_tracking`, as in a
/// policy's mapping; in a manifest file it is a key, not a purpose string.
fn known_ids(platform: Platform, vocabulary: Vocabulary, with_tracking: bool) -> Vec<&'static str> {
    match vocabulary {
        Vocabulary::DataType => ids::data_types(platform).iter().map(|t| t.id).collect(),
        Vocabulary::Purpose if with_tracking => {
            ids::mappable_purposes(platform).map(|p| p.id).collect()
        }
        Vocabulary::Purpose => ids::purposes(platform).iter().map(|p| p.id).collect(),
    }
}

/// What every Apple data type id starts with.
const DATA: &str = "NSPrivacyCollectedDataType";
/// What every Apple purpose id starts with.
const PURPOSE: &str = "NSPrivacyCollectedDataTypePurpose";

/// The full Apple id a short one stands for: `EmailAddress` is
/// `NSPrivacyCollectedDataTypeEmailAddress`, `ThirdPartyAdvertising` is
/// `NSPrivacyCollectedDataTypePurposeThirdPartyAdvertising`, and `tracking` is Apple's
/// `NSPrivacyCollectedDataTypeTracking`. Play ids are written in full.
pub fn full_id(platform: Platform, vocabulary: Vocabulary, written: &str) -> String {
    match (platform, vocabulary) {
        (Platform::Apple, _) if written.starts_with("NSPrivacy") => written.to_owned(),
        (Platform::Apple, Vocabulary::Purpose) if written == "tracking" => {
            ids::APPLE_TRACKING.id.to_owned()
        }
        (Platform::Apple, Vocabulary::DataType) => format!("{DATA}{written}"),
        (Platform::Apple, Vocabulary::Purpose) => format!("{PURPOSE}{written}"),
        (Platform::Play, _) => written.to_owned(),
    }
}

/// The short form of a full id, as a policy's `map` block writes it and [`full_id`] reads it
/// back: `EmailAddress`, `ThirdPartyAdvertising`, `tracking`. Play ids are written in full.
pub fn short_id(platform: Platform, vocabulary: Vocabulary, full: &str) -> &str {
    match (platform, vocabulary) {
        (Platform::Apple, Vocabulary::Purpose) if full == ids::APPLE_TRACKING.id => "tracking",
        (Platform::Apple, Vocabulary::DataType) => full.strip_prefix(DATA).unwrap_or(full),
        (Platform::Apple, Vocabulary::Purpose) => full.strip_prefix(PURPOSE).unwrap_or(full),
        (Platform::Play, _) => full,
    }
}

/// Checks an id against a platform's closed set: `None` when known, else the
/// `unknown-platform-id` finding at the id, with the nearest known id as "did you mean". A
/// policy mapping names ids too; it checks them with `with_tracking` so that Apple's tracking
/// can be mapped.
pub fn check_id(
    platform: Platform,
    vocabulary: Vocabulary,
    id: &Str,
    with_tracking: bool,
) -> Option<Diagnostic> {
    let known = known_ids(platform, vocabulary, with_tracking);
    if known.contains(&id.value.as_str()) {
        return None;
    }
    Some(unknown_id(id, vocabulary.noun(platform), known))
}

/// The `unknown-platform-id` finding for `id`, which is not `noun` (such as "a Google Play
/// purpose"), suggesting the nearest of `known`.
fn unknown_id<'a>(id: &Str, noun: &str, known: impl IntoIterator<Item = &'a str>) -> Diagnostic {
    let known: Vec<&str> = known.into_iter().collect();
    let nearest = nearest_id(&id.value, &known);
    let help = match nearest {
        Some(nearest) => suggest::phrase(nearest),
        None => format!(
            "a store reads only its own ids; `candor explain {}` lists them",
            Code::UnknownPlatformId.name()
        ),
    };
    let found = Diagnostic::new(
        Code::UnknownPlatformId,
        id.span,
        format!("`{}` is not {noun}", id.value),
    )
    .with_help(help);
    match (nearest, id.text_span()) {
        (Some(nearest), Some(span)) => found.with_fix(span, nearest),
        _ => found,
    }
}

/// The known id `name` was most likely meant to be. Store ids share long prefixes
/// (`NSPrivacyCollectedDataType...`), so they are compared without the prefix all of them
/// share: a different case, or a known id that contains the name or that the name contains
/// (`Email` for `EmailAddress`, `COLLECTED` for `ONLY_COLLECTED`), the closest in length
/// first; then the nearest by edit distance.
fn nearest_id<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    let first = known.first().copied().unwrap_or("");
    let shortest = known.iter().map(|k| k.len()).min().unwrap_or(0);
    let shared = known
        .iter()
        .map(|k| {
            first
                .bytes()
                .zip(k.bytes())
                .take_while(|(a, b)| a == b)
                .count()
        })
        .min()
        .unwrap_or(0)
        .min(shortest.saturating_sub(1));
    let tail = |id: &'a str| id.get(shared..).unwrap_or(id);
    let prefix = first.get(..shared).unwrap_or("");
    let typed = name
        .strip_prefix(prefix)
        .unwrap_or(name)
        .to_ascii_lowercase();
    let same_case = known.iter().find(|k| tail(k).eq_ignore_ascii_case(&typed));
    let extension = || {
        known
            .iter()
            .filter(|k| {
                let candidate = tail(k).to_ascii_lowercase();
                typed.len() >= 3 && (candidate.contains(&typed) || typed.contains(&candidate))
            })
            .min_by_key(|k| tail(k).len().abs_diff(typed.len()))
    };
    if let Some(found) = same_case.or_else(extension) {
        return Some(found);
    }
    let tails: Vec<String> = known.iter().map(|k| tail(k).to_ascii_lowercase()).collect();
    let nearest = suggest::nearest(&typed, tails.iter().map(String::as_str))?;
    tails
        .iter()
        .position(|t| t == nearest)
        .and_then(|i| known.get(i).copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn str_at(value: &str) -> Str {
        Str {
            value: value.to_owned(),
            span: Span::new(FileId(0), 3, 3 + value.len()),
        }
    }

    #[test]
    fn file_names_pick_the_platform() {
        assert_eq!(
            Platform::of_file_name("PrivacyInfo.xcprivacy"),
            Some(Platform::Apple)
        );
        assert_eq!(
            Platform::of_file_name("data_safety.csv"),
            Some(Platform::Play)
        );
        assert_eq!(
            Platform::of_file_name("weather.data_safety.csv"),
            Some(Platform::Play)
        );
        assert_eq!(
            Platform::of_file_name("weather.datasafety.csv"),
            Some(Platform::Play)
        );
        assert_eq!(
            Platform::of_file_name("Widget.xcprivacy"),
            Some(Platform::Apple)
        );
        for other in [
            ".data_safety.csv",
            ".xcprivacy",
            "PrivacyInfo.plist",
            "safety.csv",
            "x.csv",
        ] {
            assert_eq!(Platform::of_file_name(other), None, "{other}");
        }
    }

    #[test]
    fn unknown_ids_are_reported_at_the_id_with_a_suggestion() {
        let typo = str_at("NSPrivacyCollectedDataTypeEmail");
        let diag = check_id(Platform::Apple, Vocabulary::DataType, &typo, false);
        let diag = diag.as_ref();
        assert_eq!(diag.map(|d| d.code), Some(Code::UnknownPlatformId));
        assert_eq!(diag.map(|d| d.primary.span), Some(typo.span));
        assert_eq!(
            diag.map(|d| d.message.as_str()),
            Some("`NSPrivacyCollectedDataTypeEmail` is not an Apple collected data type")
        );
        assert_eq!(
            diag.and_then(|d| d.help.as_deref()),
            Some("did you mean `NSPrivacyCollectedDataTypeEmailAddress`?")
        );
        let known = str_at("PSL_EMAIL");
        assert!(check_id(Platform::Play, Vocabulary::DataType, &known, false).is_none());
        assert!(check_id(Platform::Apple, Vocabulary::DataType, &known, false).is_some());
    }

    #[test]
    fn findings_past_the_limit_on_one_line_are_counted_in_one() {
        let strings = "<string>Nope</string>".repeat(limits::FINDINGS_PER_LINE + 5);
        let text = format!(
            "<plist><dict><key>NSPrivacyCollectedDataTypes</key><array><dict>\n\
             <key>NSPrivacyCollectedDataType</key><string>NSPrivacyCollectedDataTypeName</string>\n\
             <key>NSPrivacyCollectedDataTypeLinked</key><false/>\n\
             <key>NSPrivacyCollectedDataTypeTracking</key><false/>\n\
             <key>NSPrivacyCollectedDataTypePurposes</key><array>{strings}</array>\n\
             </dict></array></dict></plist>"
        );
        let (_, diags) = load(Platform::Apple, FileId(0), &text);
        assert_eq!(diags.len(), limits::FINDINGS_PER_LINE + 1, "{diags:#?}");
        assert!(diags.iter().all(|d| d.code == Code::UnknownPlatformId));
        let summary = diags.last().map(|d| d.message.as_str());
        assert_eq!(summary, Some("5 more findings on line 5 are not reported"));
        let sixth = text.match_indices("Nope").nth(limits::FINDINGS_PER_LINE);
        assert_eq!(
            diags.last().map(|d| d.primary.span.start),
            sixth.map(|(at, _)| at)
        );
    }

    #[test]
    fn tracking_is_a_purpose_only_in_mappings() {
        let tracking = str_at(ids::APPLE_TRACKING.id);
        assert!(check_id(Platform::Apple, Vocabulary::Purpose, &tracking, true).is_none());
        assert!(check_id(Platform::Apple, Vocabulary::Purpose, &tracking, false).is_some());
        assert!(check_id(Platform::Play, Vocabulary::Purpose, &tracking, true).is_some());
    }
}
