//! Severity control, in one place: `--allow`, `--warn` and `--deny` per code, `--deny warnings`,
//! and the same under `severity:` in `candor.yaml`. Findings of an allowed code are dropped;
//! the exit status follows the final severities.

use std::collections::BTreeMap;

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

/// Severity settings in the order they were written: `(level, code name)` pairs, later ones
/// winning. In `candor.yaml` the `severity:` section's lists (`allow`, `warn`, `deny`) apply in
/// the order the lists are written; on the command line, the flags apply in their order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeverityConfig {
    /// The settings, first to last.
    pub settings: Vec<(Level, String)>,
}

impl SeverityConfig {
    /// The lists `allow`, then `warn`, then `deny`.
    pub fn from_lists(allow: &[String], warn: &[String], deny: &[String]) -> Self {
        let mut settings = Vec::new();
        for (names, level) in [
            (allow, Level::Allow),
            (warn, Level::Warn),
            (deny, Level::Deny),
        ] {
            settings.extend(names.iter().map(|n| (level, n.clone())));
        }
        SeverityConfig { settings }
    }
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
    /// Applies `settings` in order, each named by where it came from (for messages): later
    /// settings win.
    pub fn from_settings(settings: &[(&str, &SeverityConfig)]) -> Result<Overrides, String> {
        let mut overrides = Overrides::default();
        for (origin, config) in settings {
            for (level, name) in &config.settings {
                if name == WARNINGS && *level == Level::Deny {
                    overrides.deny_warnings = true;
                    continue;
                }
                let code = Code::from_name(name).ok_or_else(|| unknown_code(name, origin))?;
                overrides.levels.insert(code, *level);
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

fn unknown_code(name: &str, origin: &str) -> String {
    let names = Code::ALL
        .iter()
        .map(|c| c.name())
        .chain(std::iter::once(WARNINGS));
    let hint = suggest::did_you_mean(name, names)
        .map(|h| format!("; {h}"))
        .unwrap_or_default();
    format!("`{name}` {origin} is not a candor code{hint} (`candor explain` lists them)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileId, Span};

    fn diag(code: Code) -> Diagnostic {
        Diagnostic::new(code, Span::new(FileId(0), 0, 0), "m")
    }

    fn config(allow: &[&str], warn: &[&str], deny: &[&str]) -> SeverityConfig {
        let own = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        SeverityConfig::from_lists(&own(allow), &own(warn), &own(deny))
    }

    #[test]
    fn later_settings_win_and_deny_warnings_applies_last() {
        let file = config(&["duplicate-entry"], &[], &[]);
        let cli = config(&[], &["duplicate-entry", "vague-disclosure"], &["warnings"]);
        let overrides =
            Overrides::from_settings(&[("in candor.yaml", &file), ("on the command line", &cli)])
                .unwrap();
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
        let overrides =
            Overrides::from_settings(&[("here", &config(&["forbidden-use"], &[], &[]))]).unwrap();
        assert!(overrides.apply(vec![diag(Code::ForbiddenUse)]).is_empty());
        let error = Overrides::from_settings(&[("here", &config(&[], &[], &["forbiden-use"]))])
            .unwrap_err();
        assert!(error.contains("did you mean `forbidden-use`?"), "{error}");
    }

    #[test]
    fn settings_apply_in_the_order_written() {
        let cli = SeverityConfig {
            settings: vec![
                (Level::Deny, "unused-definition".to_owned()),
                (Level::Allow, "unused-definition".to_owned()),
            ],
        };
        let overrides = Overrides::from_settings(&[("on the command line", &cli)]).unwrap();
        assert!(
            overrides
                .apply(vec![diag(Code::UnusedDefinition)])
                .is_empty()
        );
        let yaml = "severity:\n  deny: [unused-definition]\n  allow: [unused-definition]\n  \
                    warn: [unused-definition]\n";
        let (config, _) = crate::workspace::load_config(crate::source::FileId(0), yaml).unwrap();
        let file = SeverityConfig {
            settings: config
                .severity
                .into_iter()
                .map(|(level, name)| (level, name.value))
                .collect(),
        };
        let overrides = Overrides::from_settings(&[("in candor.yaml", &file)]).unwrap();
        let out = overrides.apply(vec![diag(Code::UnusedDefinition)]);
        assert_eq!(out[0].severity, Severity::Warning);
    }
}
