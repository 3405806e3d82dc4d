//! The names of every file candor reads, in one list. Discovery takes files by these names
//! (a test holds its classifiers to the list), and everything outside the binary that must
//! know them is made from it: the pre-commit hook's `files:` pattern, the VS Code extension's
//! document selector, file watcher and activation events, and the Neovim and Helix set-ups in
//! the editor README. `tests/inputs.rs` fails when any of them differs from what this module
//! makes.

/// What a file of a name is to candor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// A policy file (`*.candor`).
    Policy,
    /// `candor.yaml`.
    Config,
    /// A YAML data manifest.
    Manifest,
    /// An app store declaration: Apple privacy manifest, fastlane label, Play data safety CSV.
    Store,
    /// An evidence file: what the app's own files show it can collect.
    Evidence,
}

/// How a name is matched: the whole file name, or an ending after at least one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Name {
    /// The file name itself.
    Exact(&'static str),
    /// Any file name with this ending and something before it.
    Suffix(&'static str),
}

use Input::{Config, Evidence, Manifest, Policy, Store};
use Name::{Exact, Suffix};

/// Every input name, by kind.
pub const NAMES: &[(Input, Name)] = &[
    (Policy, Suffix(".candor")),
    (Config, Exact("candor.yaml")),
    (Manifest, Exact("privacy.yaml")),
    (Manifest, Exact("privacy.yml")),
    (Manifest, Suffix(".privacy.yaml")),
    (Manifest, Suffix(".privacy.yml")),
    (Store, Suffix(".xcprivacy")),
    (Store, Exact("app_privacy_details.json")),
    (Store, Exact("data_safety.csv")),
    (Store, Suffix(".data_safety.csv")),
    (Store, Suffix(".datasafety.csv")),
    (Evidence, Exact("AndroidManifest.xml")),
    (Evidence, Exact("Info.plist")),
    (Evidence, Suffix(".entitlements")),
    (Evidence, Exact("Package.appxmanifest")),
    (Evidence, Exact("AppxManifest.xml")),
    (Evidence, Exact("Podfile.lock")),
    (Evidence, Exact("Package.resolved")),
];

impl Name {
    /// Whether `file_name` is this name.
    pub fn matches(self, file_name: &str) -> bool {
        match self {
            Exact(name) => file_name == name,
            Suffix(ending) => file_name.len() > ending.len() && file_name.ends_with(ending),
        }
    }

    /// The name as a glob over file names: `privacy.yaml`, `*.privacy.yaml`.
    pub fn glob(self) -> String {
        match self {
            Exact(name) => name.to_owned(),
            Suffix(ending) => format!("*{ending}"),
        }
    }
}

/// What a file named `file_name` is, if candor reads it.
pub fn of(file_name: &str) -> Option<Input> {
    NAMES
        .iter()
        .find(|(_, name)| name.matches(file_name))
        .map(|(input, _)| *input)
}

/// The globs of every name, in the list's order.
pub fn globs() -> Vec<String> {
    NAMES.iter().map(|(_, name)| name.glob()).collect()
}

/// One VS Code glob for every input in any folder: `**/{*.candor,candor.yaml,...}`.
pub fn vscode_glob() -> String {
    format!("**/{{{}}}", globs().join(","))
}

/// The VS Code activation events: a `.candor` document, or a workspace holding any input.
pub fn vscode_activation_events() -> Vec<String> {
    std::iter::once("onLanguage:candor".to_owned())
        .chain(globs().iter().map(|g| format!("workspaceContains:**/{g}")))
        .collect()
}

/// The pre-commit hook's `files:` pattern (a Python regular expression searched in paths
/// relative to the repository): any input, in any folder.
pub fn pre_commit_pattern() -> String {
    let alternatives: Vec<String> = NAMES
        .iter()
        .map(|(_, name)| match name {
            Exact(name) => regex_escape(name),
            Suffix(ending) => format!("[^/]+{}", regex_escape(ending)),
        })
        .collect();
    format!("(^|/)({})$", alternatives.join("|"))
}

/// The two Lua tables the Neovim set-up matches file names with.
pub fn lua_tables() -> String {
    let quoted = |exact: bool| -> String {
        NAMES
            .iter()
            .filter_map(|(_, name)| match (name, exact) {
                (Exact(n), true) | (Suffix(n), false) => Some(format!("\"{n}\"")),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "local names = {{ {} }}\nlocal endings = {{ {} }}",
        quoted(true),
        quoted(false)
    )
}

fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    for c in text.chars() {
        if ".+*?()[]{}|^$\\".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_matched_whole_or_after_a_stem() {
        assert_eq!(of("privacy.yaml"), Some(Manifest));
        assert_eq!(of("billing.privacy.yml"), Some(Manifest));
        assert_eq!(of(".privacy.yaml"), None);
        assert_eq!(of("PrivacyInfo.xcprivacy"), Some(Store));
        assert_eq!(of(".xcprivacy"), None);
        assert_eq!(of("App.entitlements"), Some(Evidence));
        assert_eq!(of("policy.candor"), Some(Policy));
        assert_eq!(of("candor.yml"), None);
        assert_eq!(of("README.md"), None);
    }

    #[test]
    fn the_pre_commit_pattern_escapes_dots() {
        let pattern = pre_commit_pattern();
        assert!(
            pattern.starts_with("(^|/)([^/]+\\.candor|candor\\.yaml|"),
            "{pattern}"
        );
        assert!(pattern.ends_with("|Package\\.resolved)$"), "{pattern}");
    }
}
