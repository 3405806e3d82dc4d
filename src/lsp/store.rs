//! Hover, go to definition and completion in app store declarations (Apple privacy manifests,
//! Play data safety CSVs): the store id under the cursor, what the store calls it, and what the
//! policy's `map` block says it means; and where a store id is being typed, the ids of the
//! store's closed set that fit there.

use crate::manifest::Str;
use crate::platform::{self, Declaration, Platform, Vocabulary, apple, ids};
use crate::policy::Policy;
use crate::policy::ast::TreeKind;
use crate::source::Span;

use super::symbols::{self, SymbolKind};

/// A store id in a declaration, and which of the store's sets it belongs to.
pub struct StoreId<'d> {
    /// The id and where it is written.
    pub id: &'d Str,
    /// Data type or purpose.
    pub vocabulary: Vocabulary,
}

/// The store id at byte `offset` of the declaration.
pub fn at(declaration: &Declaration, offset: usize) -> Option<StoreId<'_>> {
    let within = |s: &Str| s.span.start <= offset && offset <= s.span.end;
    declaration.items.iter().find_map(|item| {
        if within(&item.data_type) {
            return Some(StoreId {
                id: &item.data_type,
                vocabulary: Vocabulary::DataType,
            });
        }
        item.uses
            .iter()
            .find(|u| within(&u.purpose))
            .map(|u| StoreId {
                id: &u.purpose,
                vocabulary: Vocabulary::Purpose,
            })
    })
}

/// The `map` line of the policy that gives `id` its meaning, or leaves it unmapped.
pub fn mapping_span(policy: &Policy, platform: Platform, id: &StoreId<'_>) -> Option<Span> {
    let map = policy.mapping(platform)?;
    map.find(id.vocabulary, &id.id.value)
        .map(|m| m.span)
        .or_else(|| map.unmapped(id.vocabulary, &id.id.value).map(|u| u.span))
}

/// Markdown for a hover on `id`: the store's label, then what the policy maps it to, with the
/// policy's own hover text of each target.
pub fn hover(policy: &Policy, platform: Platform, id: &StoreId<'_>) -> String {
    let (noun, label, tree) = match id.vocabulary {
        Vocabulary::DataType => (
            "data type",
            ids::data_type(platform, &id.id.value).map(|t| t.label),
            TreeKind::Category,
        ),
        Vocabulary::Purpose => (
            "purpose",
            ids::mappable_purposes(platform)
                .find(|p| p.id == id.id.value)
                .map(|p| p.label),
            TreeKind::Purpose,
        ),
    };
    let mut out = format!("**{} {noun}** `{}`", platform.name(), id.id.value);
    if let Some(label) = label {
        out.push_str(&format!(" ({label})"));
    }
    out.push_str("\n\n");
    let keyword = platform.keyword();
    let mapping = policy
        .mapping(platform)
        .and_then(|map| match id.vocabulary {
            Vocabulary::DataType => map.data_type(&id.id.value),
            Vocabulary::Purpose => map.purpose(&id.id.value),
        });
    let unmapped = policy
        .mapping(platform)
        .and_then(|map| map.unmapped(id.vocabulary, &id.id.value));
    match mapping {
        None if unmapped.is_some() => out.push_str(&format!(
            "The policy's `map {keyword}` block leaves it unmapped on purpose: {}. Declaring it \
             is `unmapped-platform-id`.",
            unmapped.map_or("", |u| u.reason.trim_end_matches('.'))
        )),
        None => out.push_str(&format!(
            "The policy's `map {keyword}` block does not map it: declaring it is \
             `unmapped-platform-id`."
        )),
        Some(mapping) => {
            let names: Vec<String> = mapping
                .targets
                .iter()
                .map(|t| format!("`{}`", policy.tree(tree).name(t.id)))
                .collect();
            out.push_str(&format!(
                "Means {} in the policy{}.",
                names.join(" or "),
                if names.len() > 1 {
                    " (covered when any one is)"
                } else {
                    ""
                }
            ));
            for target in &mapping.targets {
                let name = policy.tree(tree).name(target.id);
                if let Some(text) = symbols::hover(policy, SymbolKind::Tree(tree), name) {
                    out.push_str("\n\n---\n\n");
                    out.push_str(&text);
                }
            }
        }
    }
    out
}

/// The declaration of the platform document `name` with `text`, if it is one.
pub fn declaration(name: &str, text: &str) -> Option<(Platform, Declaration)> {
    let file_name = std::path::Path::new(name).file_name()?.to_string_lossy();
    let platform = Platform::of_file_name(&file_name)?;
    // The caller maps spans to positions in a source map of this document alone: file 0.
    platform::load_named(&file_name, platform, crate::source::FileId(0), text)
        .0
        .map(|d| (platform, d))
}

/// Where a store id is being typed, and the ids of the store's closed set that fit there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreSite {
    /// The start of the id typed so far, in bytes.
    pub start: usize,
    /// Its end (the cursor, or past it when the id goes on after the cursor).
    pub end: usize,
    /// Each id that fits, with what the editor shows beside it (the store's label), in the
    /// store's order.
    pub candidates: Vec<(&'static str, String)>,
}

/// Whether `c` can be part of a store id (Apple's and Play's are letters, digits and `_`).
fn is_store_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The id around byte `offset` of `text`: from the first id character before it to the last
/// after it.
fn word_at(text: &str, offset: usize) -> Option<(usize, usize)> {
    let before = text.get(..offset)?;
    let after = text.get(offset..)?;
    let start = offset
        - before
            .chars()
            .rev()
            .take_while(|c| is_store_id_char(*c))
            .map(char::len_utf8)
            .sum::<usize>();
    let end = offset
        + after
            .chars()
            .take_while(|c| is_store_id_char(*c))
            .map(char::len_utf8)
            .sum::<usize>();
    Some((start, end))
}

/// What completion offers at byte `offset` of the store declaration `text`: in an Apple
/// privacy manifest, inside the `<string>` of `NSPrivacyCollectedDataType` the data types and
/// inside a `<string>` of `NSPrivacyCollectedDataTypePurposes` the purposes; in a Play CSV, in
/// the response cell of a data type question (`PSL_DATA_TYPES_*`) the types of its category,
/// and of a purpose question the purposes. The edit replaces the whole id.
pub fn completion_site(platform: Platform, text: &str, offset: usize) -> Option<StoreSite> {
    let (start, end) = word_at(text, offset)?;
    let candidates = match platform {
        Platform::Apple => apple_candidates(text.get(..start)?)?,
        Platform::Play => play_candidates(text, start)?,
    };
    Some(StoreSite {
        start,
        end,
        candidates,
    })
}

/// Apple's data types with their App Store category and label.
fn apple_data_types() -> Vec<(&'static str, String)> {
    ids::data_types(Platform::Apple)
        .iter()
        .map(|t| (t.id, format!("{} › {}", t.category.label, t.label)))
        .collect()
}

/// A store's purposes with their labels.
fn purposes(platform: Platform) -> Vec<(&'static str, String)> {
    ids::purposes(platform)
        .iter()
        .map(|p| (p.id, p.label.to_owned()))
        .collect()
}

/// What fits an id that starts where `head` ends, in an Apple privacy manifest: read from the
/// tags before it, which must end in `<string>` (and leading blanks), after the `<key>` of a
/// data type, or after the purposes' `<key>` and `<array>` and the array's strings so far.
fn apple_candidates(head: &str) -> Option<Vec<(&'static str, String)>> {
    let head = head.trim_end_matches([' ', '\t']);
    let head = head.strip_suffix("<string>")?;
    let key_at = head.rfind("<key>")?;
    let after_key = head.get(key_at + "<key>".len()..)?;
    let (key, between) = after_key.split_once("</key>")?;
    let between = without_comments(between);
    let between = between.trim();
    match key.trim() {
        apple::DATA_TYPE if between.is_empty() => Some(apple_data_types()),
        apple::PURPOSES => {
            let mut rest = between.strip_prefix("<array>")?.trim_start();
            // The purposes written before this one.
            while !rest.is_empty() {
                rest = if let Some(after) = rest.strip_prefix("<string/>") {
                    after
                } else {
                    let inside = rest.strip_prefix("<string>")?;
                    let (text, after) = inside.split_once("</string>")?;
                    if text.contains('<') {
                        return None;
                    }
                    after
                }
                .trim_start();
            }
            Some(purposes(Platform::Apple))
        }
        _ => None,
    }
}

/// `text` without its XML comments.
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("<!--") {
        out.push_str(rest.get(..open).unwrap_or(""));
        match rest.get(open..).and_then(|r| r.find("-->")) {
            Some(close) => rest = rest.get(open + close + "-->".len()..).unwrap_or(""),
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// What fits an id that starts at byte `start` of a Play CSV: in the second cell (the response
/// id) of a row whose first cell (the question id) asks for data types or purposes.
fn play_candidates(text: &str, start: usize) -> Option<Vec<(&'static str, String)>> {
    let line_start = text.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
    let line_end = text
        .get(start..)?
        .find(['\n', '\r'])
        .map_or(text.len(), |i| start + i);
    let line = text.get(line_start..line_end)?;
    let cells = cells(line);
    let at = start - line_start;
    let column = cells.iter().position(|&(s, e)| s <= at && at <= e)?;
    if column != 1 {
        return None;
    }
    let (s, e) = *cells.first()?;
    let question = line.get(s..e)?.trim().trim_matches('"');
    if let Some(category) = ids::play_category(question) {
        return Some(
            ids::data_types(Platform::Play)
                .iter()
                .filter(|t| t.category == category)
                .map(|t| (t.id, format!("{} › {}", category.label, t.label)))
                .collect(),
        );
    }
    if question.starts_with("PSL_DATA_TYPES_") {
        return Some(
            ids::data_types(Platform::Play)
                .iter()
                .map(|t| (t.id, format!("{} › {}", t.category.label, t.label)))
                .collect(),
        );
    }
    let sub = question
        .strip_prefix(ids::PLAY_USAGE_PREFIX)?
        .rsplit(':')
        .next()?;
    [ids::PLAY_COLLECTION_PURPOSE, ids::PLAY_SHARING_PURPOSE]
        .contains(&sub)
        .then(|| purposes(Platform::Play))
}

/// The cells of one CSV line, as byte ranges of the line: commas inside quotes are part of
/// their cell.
fn cells(line: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                out.push((start, i));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push((start, line.len()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids offered where `|` is in `text` (which it is taken out of), and the id replaced.
    fn offered(platform: Platform, text: &str) -> Option<(usize, String)> {
        let at = text.find('|').expect("a cursor");
        let text = text.replacen('|', "", 1);
        let site = completion_site(platform, &text, at)?;
        Some((site.candidates.len(), text[site.start..site.end].to_owned()))
    }

    #[test]
    fn apple_ids_are_offered_only_where_the_key_takes_them() {
        let data = "<key>NSPrivacyCollectedDataType</key>\n  <string>NSPrivacy|Coll</string>";
        assert_eq!(
            offered(Platform::Apple, data),
            Some((35, "NSPrivacyColl".to_owned()))
        );
        let empty = "<key>NSPrivacyCollectedDataType</key><string>|</string>";
        assert_eq!(offered(Platform::Apple, empty), Some((35, String::new())));
        let purposes = "<key>NSPrivacyCollectedDataTypePurposes</key><array><string/>\
                        <string>A</string> <string>|";
        assert_eq!(offered(Platform::Apple, purposes), Some((6, String::new())));
        for nothing in [
            // After the purposes' array is closed.
            "<key>NSPrivacyCollectedDataTypePurposes</key><array></array><string>|",
            // Another key's value, and a string that is not a key's value at all.
            "<key>NSPrivacyCollectedDataTypeLinked</key><string>|</string>",
            "<key>NSPrivacyCollectedDataType</key><string>x</string><string>|</string>",
            // Outside a `<string>`.
            "<key>NSPrivacyCollectedDataType</key>|",
            "<key>NSPrivacyCollectedDataType|</key>",
            "<string>|</string>",
        ] {
            assert_eq!(offered(Platform::Apple, nothing), None, "{nothing}");
        }
    }

    #[test]
    fn play_ids_are_offered_in_the_response_cell_of_their_questions() {
        let personal = "PSL_DATA_TYPES_PERSONAL,PSL_|NAME,TRUE\n";
        assert_eq!(
            offered(Platform::Play, personal),
            Some((9, "PSL_NAME".to_owned()))
        );
        // A category Play does not have: every type, for the reader to judge.
        let unknown = "PSL_DATA_TYPES_MYSTERY,|\n";
        assert_eq!(offered(Platform::Play, unknown), Some((38, String::new())));
        let purpose =
            "\"PSL_DATA_USAGE_RESPONSES:PSL_NAME:DATA_USAGE_COLLECTION_PURPOSE\",\"|\"\r\n";
        assert_eq!(offered(Platform::Play, purpose), Some((7, String::new())));
        // A quoted comma does not end the question's cell: this question is no category's.
        let quoted = "\"PSL_DATA_TYPES_PERSONAL,x\",PSL_|\n";
        assert_eq!(
            offered(Platform::Play, quoted),
            Some((38, "PSL_".to_owned()))
        );
        for nothing in [
            "PSL_DATA_TYPES_|PERSONAL,PSL_NAME",
            "PSL_DATA_TYPES_PERSONAL,PSL_NAME,TR|UE",
            "PSL_DATA_USAGE_RESPONSES:PSL_NAME:PSL_DATA_USAGE_EPHEMERAL,|",
            "PSL_SUPPORTED_ACCOUNT_CREATION_METHODS,PSL_|",
        ] {
            assert_eq!(offered(Platform::Play, nothing), None, "{nothing}");
        }
    }
}
