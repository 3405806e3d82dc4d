//! `candor.yaml`: the project settings, found from a folder upwards.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::read::{Scope, read_text_in};
use super::{Fatal, display};
use crate::limits;

/// The name of the configuration file.
pub const CONFIG_FILE: &str = "candor.yaml";

/// `candor.yaml`: project settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The root policy file, relative to the configuration file.
    #[serde(default)]
    pub policy: Option<String>,
    /// Extra paths to skip during discovery (glob patterns, relative to the configuration
    /// file's folder).
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// Severity overrides (`allow`, `warn`, `deny` lists of codes).
    #[serde(default)]
    pub severity: crate::severity::SeverityConfig,
    /// Which product each platform declaration (Apple privacy manifest, Play data safety CSV)
    /// belongs to, by path; the first binding whose pattern matches wins.
    #[serde(default)]
    pub products: Vec<Binding>,
}

/// One `products:` binding of `candor.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Binding {
    /// A glob pattern, relative to the folder of `candor.yaml` (`apps/ios/**`), and where it
    /// is written.
    pub path: Spanned<String>,
    /// The product id the files belong to.
    pub product: String,
    /// Conditions the app enforces before collecting (the operating system's permission
    /// prompt, say): every entry of a bound file lists them.
    #[serde(default)]
    pub conditions: Vec<String>,
}

/// A configuration file and the folder it applies to.
#[derive(Debug, Clone)]
pub struct FoundConfig {
    /// The folder holding `candor.yaml`, as a path relative to the working directory.
    pub dir: PathBuf,
    /// Its settings.
    pub config: Config,
    /// The line of its `policy:` key (1 when it has none).
    pub policy_line: usize,
}

/// Finds the nearest `candor.yaml` from the absolute folder `start` upwards; the folder it is
/// in is returned relative to `start`. The file must resolve (links followed) inside its own
/// folder or `scope` (the repository).
pub fn find_config_from(start: &Path, scope: &Scope) -> Result<Option<FoundConfig>, Fatal> {
    let mut relative = PathBuf::new();
    for dir in start.ancestors() {
        let path = dir.join(CONFIG_FILE);
        if path.symlink_metadata().is_ok_and(|m| !m.is_dir()) {
            let shown = display(&relative.join(CONFIG_FILE));
            let text = read_text_in(&path, limits::POLICY_BYTES, &scope.and(dir))
                .map_err(|e| Fatal(format!("cannot read `{shown}`: {}", e.message)))?;
            let config = parse_config(&shown, &text)?;
            return Ok(Some(FoundConfig {
                dir: relative,
                config,
                policy_line: key_line(&text, "policy"),
            }));
        }
        relative.push("..");
    }
    Ok(None)
}

/// The line of the top-level `key:` in a YAML text, or 1.
fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map_or(1, |n| n + 1)
}

/// Reads the text of a configuration file, shown in messages as `shown`; blank text is the
/// default configuration. The text comes from the repository, so anything may be in it: the
/// answer is a configuration or one line saying what is wrong, never a panic.
pub fn parse_config(shown: &str, text: &str) -> Result<Config, Fatal> {
    if text.trim().is_empty() {
        return Ok(Config::default());
    }
    serde_saphyr::from_str::<Config>(text).map_err(|e| config_error(shown, &e))
}

/// One line for a configuration that does not read: the file, line and column, and what is
/// wrong (serde-saphyr's own text without its location prefix or snippet).
fn config_error(shown: &str, error: &serde_saphyr::Error) -> Fatal {
    let plain = error.without_snippet().to_string();
    let first = plain.lines().next().unwrap_or_default();
    let mut message = first.trim_start_matches("error: ");
    if let Some((prefix, rest)) = message.split_once(": ")
        && prefix.starts_with("line ")
    {
        message = rest;
    }
    let place = error
        .location()
        .map(|l| format!(":{}:{}", l.line(), l.column()))
        .unwrap_or_default();
    Fatal(format!(
        "`{shown}`{place} is not a valid configuration: {message}"
    ))
}
