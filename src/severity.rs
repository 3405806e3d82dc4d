//! Severity control, in one place: `--allow`, `--warn` and `--deny` per code, `--deny warnings`,
//! and the same under `severity:` in `candor.yaml`. Findings of an allowed code are dropped;
//! the exit status follows the final severities.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::suggest;

/// What a code is set to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Not reported.
    Allow,
    /// Reported as a warning.
    Warn,
    /// Reported as an error (fails the check).
    Deny,
}

/// The `severity:` section of `candor.yaml`: lists of code names (or `warnings`, for `deny`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeverityConfig {
    /// Codes not to report.
    #[serde(default)]
    pub allow: Vec<String>,
    /// Codes to report as warnings.
    #[serde(default)]
    pub warn: Vec<String>,
    /// Codes to report as errors; `warnings` turns every warning into an error.
    #[serde(default)]
    pub deny: Vec<String>,
}

/// The resolved overrides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    levels: BTreeMap<Code, Level>,
    deny_warnings: bool,
}

/// The pseudo-code `--deny warnings` takes.
pub const WARNINGS: &str = "warnings";

impl Overrides {
    /// Adds the settings of `config`, then of the command line: later settings win.
    pub fn from_settings(settings: &[&SeverityConfig]) -> Result<Overrides, String> {
        let mut overrides = Overrides::default();
        for config in settings {
            for (names, level) in [
                (&config.allow, Level::Allow),
                (&config.warn, Level::Warn),
                (&config.deny, Level::Deny),
            ] {
                for name in names {
                    if level == Level::Deny && name == WARNINGS {
                        overrides.deny_warnings = true;
                        continue;
                    }
                    let code = Code::from_name(name).ok_or_else(|| unknown_code(name))?;
                    overrides.levels.insert(code, level);
                }
            }
        }
        Ok(overrides)
    }

    /// Applies the overrides: drops allowed findings and sets the others' severities.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diagnostics
            .into_iter()
            .filter_map(|mut d| {
                match self.levels.get(&d.code) {
                    Some(Level::Allow) => return None,
                    Some(Level::Warn) => d.severity = Severity::Warning,
                    Some(Level::Deny) => d.severity = Severity::Error,
                    None => {}
                }
                if self.deny_warnings && d.severity == Severity::Warning {
                    d.severity = Severity::Error;
                }
                Some(d)
            })
            .collect()
    }
}

fn unknown_code(name: &str) -> String {
    let names = Code::ALL
        .iter()
        .map(|c| c.name())
        .chain(std::iter::once(WARNINGS));
    let hint = suggest::did_you_mean(name, names)
        .map(|h| format!("; {h}"))
        .unwrap_or_default();
    format!("`{name}` is not a candor code{hint} (`candor explain` lists them)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileId, Span};

    fn diag(code: Code) -> Diagnostic {
        Diagnostic::new(code, Span::new(FileId(0), 0, 0), "m")
    }

    fn config(allow: &[&str], warn: &[&str], deny: &[&str]) -> SeverityConfig {
        let own = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect();
        SeverityConfig {
            allow: own(allow),
            warn: own(warn),
            deny: own(deny),
        }
    }

    #[test]
    fn later_settings_win_and_deny_warnings_applies_last() {
        let file = config(&["duplicate-entry"], &[], &[]);
        let cli = config(&[], &["duplicate-entry", "vague-disclosure"], &["warnings"]);
        let overrides = Overrides::from_settings(&[&file, &cli]).unwrap();
        let out = overrides.apply(vec![
            diag(Code::DuplicateEntry),
            diag(Code::VagueDisclosure),
            diag(Code::UnusedDefinition),
        ]);
        let severities: Vec<Severity> = out.iter().map(|d| d.severity).collect();
        assert_eq!(
            severities,
            [Severity::Error, Severity::Error, Severity::Error]
        );
    }

    #[test]
    fn allow_drops_and_unknown_names_are_refused() {
        let overrides = Overrides::from_settings(&[&config(&["forbidden-use"], &[], &[])]).unwrap();
        assert!(overrides.apply(vec![diag(Code::ForbiddenUse)]).is_empty());
        let error = Overrides::from_settings(&[&config(&[], &[], &["forbiden-use"])]).unwrap_err();
        assert!(error.contains("did you mean `forbidden-use`?"), "{error}");
    }
}
