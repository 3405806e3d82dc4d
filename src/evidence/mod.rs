//! Evidence: what the files an app ships show it *can* collect (DESIGN §12). An Android
//! `AndroidManifest.xml` requests permissions, an Apple `Info.plist` carries usage descriptions
//! and an `.entitlements` file capabilities, a Windows `Package.appxmanifest` declares
//! capabilities. Each reader lowers its file to the keys it names that the table
//! ([`table::KEYS`]) knows, each spanned at its name; what a key gives access to is the
//! table's, in the stores' own data types. Judging is `rules::evidence`'s.

pub mod android;
pub mod apple;
pub mod lockfile;
pub mod sdks;
pub mod table;
pub mod windows;
mod xml;

use std::borrow::Cow;
use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::manifest::Str;
use crate::platform::Platform;
use crate::source::FileId;
pub use table::{EvidenceKey, KeyKind};

/// The kinds of evidence file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// `AndroidManifest.xml`.
    AndroidManifest,
    /// `Info.plist`.
    InfoPlist,
    /// `*.entitlements`.
    Entitlements,
    /// `Package.appxmanifest` or `AppxManifest.xml`.
    Appx,
    /// CocoaPods' `Podfile.lock`.
    PodfileLock,
    /// Swift Package Manager's `Package.resolved`.
    PackageResolved,
}

impl FileKind {
    /// Every kind, in the order the README lists them.
    pub const ALL: [FileKind; 6] = [
        FileKind::AndroidManifest,
        FileKind::InfoPlist,
        FileKind::Entitlements,
        FileKind::Appx,
        FileKind::PodfileLock,
        FileKind::PackageResolved,
    ];

    /// The kind of a file named `name`, if it is evidence.
    pub fn of_file_name(name: &str) -> Option<FileKind> {
        match name {
            "AndroidManifest.xml" => Some(FileKind::AndroidManifest),
            "Info.plist" => Some(FileKind::InfoPlist),
            "Package.appxmanifest" | "AppxManifest.xml" => Some(FileKind::Appx),
            "Podfile.lock" => Some(FileKind::PodfileLock),
            "Package.resolved" => Some(FileKind::PackageResolved),
            _ if name.len() > ".entitlements".len() && name.ends_with(".entitlements") => {
                Some(FileKind::Entitlements)
            }
            _ => None,
        }
    }

    /// The kind of the file at `path`, if it is evidence: named like one, and not inside a
    /// dependency or build folder (those hold other projects' files, or copies made by a
    /// build). Discovery asks it of the path below the folder it walks.
    pub fn of_path(path: &Path) -> Option<FileKind> {
        let kind = FileKind::of_file_name(&file_name_of(path)?)?;
        let inside_other = folders_of(path)
            .iter()
            .any(|name| is_dependency_or_build_dir(name));
        (!inside_other).then_some(kind)
    }

    /// The file as the README names it.
    pub fn name(self) -> &'static str {
        match self {
            FileKind::AndroidManifest => "Android manifest",
            FileKind::InfoPlist => "Info.plist",
            FileKind::Entitlements => "entitlements file",
            FileKind::Appx => "Windows package manifest",
            FileKind::PodfileLock => "Podfile.lock",
            FileKind::PackageResolved => "Package.resolved",
        }
    }

    /// The store whose label the evidence is judged against: Play for Android, Apple for
    /// Apple's files. Windows keys are read in Play's data types, and Windows has no label in
    /// a repository, so its evidence is judged against the policy only.
    pub fn store(self) -> Platform {
        match self {
            FileKind::AndroidManifest | FileKind::Appx => Platform::Play,
            FileKind::InfoPlist
            | FileKind::Entitlements
            | FileKind::PodfileLock
            | FileKind::PackageResolved => Platform::Apple,
        }
    }

    /// Whether the app's store label is read for this kind (Windows and lockfiles: no).
    pub fn has_label(self) -> bool {
        !matches!(
            self,
            FileKind::Appx | FileKind::PodfileLock | FileKind::PackageResolved
        )
    }

    /// Whether the file names keys that give access to data (lockfiles name SDKs instead).
    pub fn has_keys(self) -> bool {
        !matches!(self, FileKind::PodfileLock | FileKind::PackageResolved)
    }

    /// The folders, beside the file, that hold the SDKs a lockfile names (`Pods/` beside a
    /// `Podfile.lock`; `.build/checkouts/` or `SourcePackages/checkouts/` beside a
    /// `Package.resolved`).
    pub fn dependency_folders(self) -> &'static [&'static str] {
        match self {
            FileKind::PodfileLock => &["Pods"],
            FileKind::PackageResolved => &[".build/checkouts", "SourcePackages/checkouts"],
            _ => &[],
        }
    }
}

/// Folders of build output (Gradle, Xcode), whose files are copies, not the app's own.
pub const BUILD_DIRS: &[&str] = &["build", "intermediates", "generated", "DerivedData"];

/// Whether a folder named `name` holds dependencies or build output (or is hidden).
pub fn is_dependency_or_build_dir(name: &str) -> bool {
    BUILD_DIRS.contains(&name) || is_sdk_dir(name) || name.starts_with('.')
}

/// Folders that hold the SDKs an app ships (CocoaPods, Carthage, Swift packages, npm), which
/// discovery enters for their privacy manifests alone.
pub const SDK_DIRS: &[&str] = &[
    "Pods",
    "Carthage",
    "SourcePackages",
    ".build",
    "node_modules",
];

/// Whether a folder named `name` holds an app's SDKs: one of [`SDK_DIRS`], or a framework
/// bundle.
pub fn is_sdk_dir(name: &str) -> bool {
    SDK_DIRS.contains(&name) || name.ends_with(".xcframework") || name.ends_with(".framework")
}

/// The SDK a file at `path` belongs to, when it is inside a dependency folder: the folder
/// below it (`Pods/FirebaseCore/...` is `FirebaseCore`; `Carthage/Checkouts/X`,
/// `SourcePackages/checkouts/X` and `.build/checkouts/X` are `X`; `node_modules/@scope/pkg`
/// is `@scope/pkg`), or a framework's name (`X.xcframework` is `X`).
pub fn sdk_of(path: &Path) -> Option<String> {
    let folders = folders_of(path);
    let mut parts = folders.iter();
    let folder = parts.by_ref().find(|p| is_sdk_dir(p))?;
    if let Some(stem) = folder
        .strip_suffix(".xcframework")
        .or_else(|| folder.strip_suffix(".framework"))
    {
        return Some(stem.to_owned());
    }
    let mut name = parts.next()?;
    if name.eq_ignore_ascii_case("checkouts") {
        name = parts.next()?;
    }
    if name.starts_with('@') {
        return Some(format!("{name}/{}", parts.next()?));
    }
    Some(name.clone().into_owned())
}

/// The names of the folders `path` is in, outermost first (its normal components but the
/// last). Discovery asks for every file it meets: read from the path's text where that is
/// UTF-8 with `/` between names (nearly always), else component by component.
fn folders_of(path: &Path) -> Vec<Cow<'_, str>> {
    if !cfg!(windows)
        && let Some(text) = path.to_str()
    {
        let parent = text
            .trim_end_matches('/')
            .rsplit_once('/')
            .map_or("", |(p, _)| p);
        return parent
            .split('/')
            .filter(|n| !n.is_empty() && *n != "." && *n != "..")
            .map(Cow::Borrowed)
            .collect();
    }
    path.parent()
        .map(|parent| {
            parent
                .components()
                .filter_map(|c| match c {
                    std::path::Component::Normal(n) => Some(n.to_string_lossy()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The last name of `path`, as `Path::file_name` gives it.
fn file_name_of(path: &Path) -> Option<Cow<'_, str>> {
    if !cfg!(windows)
        && let Some(text) = path.to_str()
    {
        let last = text.trim_end_matches('/').rsplit('/').next()?;
        return (!last.is_empty() && last != "." && last != "..").then_some(Cow::Borrowed(last));
    }
    path.file_name().map(|n| n.to_string_lossy())
}

/// The folder of the app that ships the SDK file at `path`: the part of the path before its
/// dependency folder (`ios/Pods/X/PrivacyInfo.xcprivacy` is `ios`).
pub fn sdk_app_root(path: &Path) -> Option<std::path::PathBuf> {
    let mut root = std::path::PathBuf::new();
    for c in path.parent()?.components() {
        if let std::path::Component::Normal(n) = c
            && is_sdk_dir(&n.to_string_lossy())
        {
            return Some(root);
        }
        root.push(c);
    }
    None
}

/// One key an evidence file names that the table knows.
#[derive(Debug, Clone)]
pub struct Key {
    /// The key as written, spanned at its name.
    pub name: Str,
    /// What it gives access to.
    pub entry: &'static EvidenceKey,
    /// Android's `tools:node="remove"`: the line takes the permission away.
    pub removed: bool,
}

/// An evidence file, lowered to the keys it names.
#[derive(Debug, Clone)]
pub struct Evidence {
    /// The file.
    pub file: FileId,
    /// What kind of file it is.
    pub kind: FileKind,
    /// The keys the table knows, in file order.
    pub keys: Vec<Key>,
    /// A lockfile's SDKs, by the names it gives them, in file order.
    pub sdks: Vec<Str>,
}

impl Evidence {
    /// The keys that give access to some data type and are not removed here.
    pub fn data_keys(&self) -> impl Iterator<Item = &Key> {
        self.keys
            .iter()
            .filter(|k| !k.removed && (!k.entry.types.is_empty() || k.entry.tracking))
    }
}

/// The table's row for `name` of `kind`.
pub fn lookup(kind: KeyKind, name: &str) -> Option<&'static EvidenceKey> {
    // Each kind's rows indexed by name (the first row of each) when a key of the kind is first
    // looked up: a file names dozens of keys, the table has hundreds of rows, and an app's
    // files are of one or two kinds.
    type ByName =
        std::collections::HashMap<&'static str, &'static EvidenceKey, foldhash::fast::RandomState>;
    fn index(kind: KeyKind) -> ByName {
        let rows = table::KEYS.iter().filter(|k| k.kind == kind);
        let mut by_name =
            ByName::with_capacity_and_hasher(rows.clone().count(), Default::default());
        for key in rows {
            by_name.entry(key.name).or_insert(key);
        }
        by_name
    }
    static ANDROID: std::sync::LazyLock<ByName> =
        std::sync::LazyLock::new(|| index(KeyKind::AndroidPermission));
    static USAGE: std::sync::LazyLock<ByName> =
        std::sync::LazyLock::new(|| index(KeyKind::AppleUsage));
    static ENTITLEMENTS: std::sync::LazyLock<ByName> =
        std::sync::LazyLock::new(|| index(KeyKind::AppleEntitlement));
    static WINDOWS: std::sync::LazyLock<ByName> =
        std::sync::LazyLock::new(|| index(KeyKind::WindowsCapability));
    let by_name = match kind {
        KeyKind::AndroidPermission => &ANDROID,
        KeyKind::AppleUsage => &USAGE,
        KeyKind::AppleEntitlement => &ENTITLEMENTS,
        KeyKind::WindowsCapability => &WINDOWS,
    };
    by_name.get(name).copied()
}

/// Reads an evidence file. `None` when it cannot be read as its kind at all; every problem is
/// a diagnostic, and a key the table does not know is not evidence (and not a finding).
pub fn load(kind: FileKind, file: FileId, text: &str) -> (Option<Evidence>, Vec<Diagnostic>) {
    let (evidence, diagnostics) = match kind {
        FileKind::AndroidManifest => android::load(file, text),
        FileKind::InfoPlist | FileKind::Entitlements => apple::load(kind, file, text),
        FileKind::Appx => windows::load(file, text),
        FileKind::PodfileLock => lockfile::podfile(file, text),
        FileKind::PackageResolved => lockfile::package_resolved(file, text),
    };
    let diagnostics = crate::platform::bound_per_line(text, diagnostics, EVIDENCE_FILE);
    (evidence, diagnostics)
}

/// An evidence file, for `platform::bound_per_line`: at most
/// [`crate::limits::FINDINGS_PER_LINE`] findings of one kind on a line of it are reported, the
/// rest counted in one more (a file of one long line names as many keys as it likes).
pub(crate) const EVIDENCE_FILE: crate::platform::Lines = crate::platform::Lines {
    file: "an evidence file",
    advice: "write one element or key per line",
};

/// [`EVIDENCE_FILE`]'s bound on the findings of judging an evidence file, for each code on its
/// own (a line's `undisclosed-evidence` and `undeclared-collection` are counted apart).
pub fn bound_judged(text: &str, found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if found.len() <= crate::limits::FINDINGS_PER_LINE {
        return found;
    }
    let mut by_code: Vec<(crate::diagnostic::Code, Vec<Diagnostic>)> = Vec::new();
    for diagnostic in found {
        match by_code
            .iter_mut()
            .find(|(code, _)| *code == diagnostic.code)
        {
            Some((_, group)) => group.push(diagnostic),
            None => by_code.push((diagnostic.code, vec![diagnostic])),
        }
    }
    by_code
        .into_iter()
        .flat_map(|(_, group)| crate::platform::bound_per_line(text, group, EVIDENCE_FILE))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_from_a_path_s_text_are_its_components() {
        for path in [
            "a/b/c",
            "/a/b",
            "a",
            "",
            "/",
            "./a/b",
            "a/./b",
            "a/../b",
            "a/b/",
            "a//b",
            "..",
            "a/..",
            "Pods/X/PrivacyInfo.xcprivacy",
        ] {
            let path = Path::new(path);
            let folders: Vec<String> = path
                .parent()
                .map(|p| {
                    p.components()
                        .filter_map(|c| match c {
                            std::path::Component::Normal(n) => {
                                Some(n.to_string_lossy().into_owned())
                            }
                            _ => None,
                        })
                        .collect()
                })
                .unwrap_or_default();
            let read: Vec<String> = folders_of(path).into_iter().map(Cow::into_owned).collect();
            assert_eq!(read, folders, "the folders of {path:?}");
            assert_eq!(
                file_name_of(path).map(Cow::into_owned),
                path.file_name().map(|n| n.to_string_lossy().into_owned()),
                "the name of {path:?}"
            );
        }
    }

    #[test]
    fn sdks_are_named_by_their_folder_below_the_dependency_folder() {
        for (path, sdk, root) in [
            (
                "ios/Pods/FirebaseCore/PrivacyInfo.xcprivacy",
                "FirebaseCore",
                "ios",
            ),
            (
                "Carthage/Checkouts/Alamofire/Source/PrivacyInfo.xcprivacy",
                "Alamofire",
                "",
            ),
            (
                ".build/checkouts/swift-log/PrivacyInfo.xcprivacy",
                "swift-log",
                "",
            ),
            (
                "app/node_modules/@sentry/react-native/ios/PrivacyInfo.xcprivacy",
                "@sentry/react-native",
                "app",
            ),
            (
                "Frameworks/Adjust.xcframework/ios-arm64/PrivacyInfo.xcprivacy",
                "Adjust",
                "Frameworks",
            ),
        ] {
            let path = Path::new(path);
            assert_eq!(sdk_of(path).as_deref(), Some(sdk), "{path:?}");
            assert_eq!(
                sdk_app_root(path),
                Some(std::path::PathBuf::from(root)),
                "{path:?}"
            );
        }
        assert_eq!(sdk_of(Path::new("ios/Runner/PrivacyInfo.xcprivacy")), None);
    }
}
