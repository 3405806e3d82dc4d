//! Renderers: every output format is drawn from the same sorted list of [`Diagnostic`]s.

pub mod concise;
pub mod escape;
pub mod github;
pub mod human;
pub mod json;
mod pipeline;
mod root;
pub mod sarif;

pub use pipeline::AzurePipeline;
pub use root::{Place, SourceRoot};

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{Position, SourceMap, Span};

/// The outcome of one run, ready to render.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Every finding, sorted by file, line, column and code.
    pub diagnostics: Vec<Diagnostic>,
    /// Files read: policy files and manifests.
    pub files_checked: usize,
    /// Policy files read.
    pub policy_files: usize,
    /// Manifests checked.
    pub manifests: usize,
    /// Findings left out as consequences of another: counted in the human summary only.
    pub suppressed: usize,
    /// Evidence files read (`AndroidManifest.xml`, `Info.plist`, ...), not counted in
    /// `manifests`.
    pub evidence: usize,
}

/// How many findings of each severity a report holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Error-level findings.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Advice.
    pub advice: usize,
}

impl Report {
    /// A report of `diagnostics`, sorted into their output order.
    pub fn new(
        mut diagnostics: Vec<Diagnostic>,
        sources: &SourceMap,
        policy_files: usize,
        manifests: usize,
    ) -> Self {
        diagnostics.sort_by(|a, b| {
            let key = |d: &Diagnostic| (d.primary.span.start, d.primary.span.end, d.code.name());
            sources
                .name(a.primary.span.file)
                .cmp(sources.name(b.primary.span.file))
                .then_with(|| key(a).cmp(&key(b)))
                .then_with(|| a.message.cmp(&b.message))
        });
        diagnostics.dedup();
        Report {
            diagnostics,
            files_checked: policy_files + manifests,
            policy_files,
            manifests,
            suppressed: 0,
            evidence: 0,
        }
    }

    /// Findings per severity.
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for d in &self.diagnostics {
            match d.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Advice => counts.advice += 1,
            }
        }
        counts
    }

    /// Whether the run fails: at least one error-level finding.
    pub fn has_errors(&self) -> bool {
        self.counts().errors > 0
    }

    /// The closing line of the human format, e.g. `checked 12 manifests: 3 errors, 1 warning`.
    pub fn summary_line(&self) -> String {
        let Counts {
            errors,
            warnings,
            advice,
        } = self.counts();
        let mut parts = Vec::new();
        for (n, one, many) in [
            (errors, "error", "errors"),
            (warnings, "warning", "warnings"),
            (advice, "advice", "advice"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {}", if n == 1 { one } else { many }));
            }
        }
        let found = if parts.is_empty() {
            "no problems found".to_owned()
        } else {
            parts.join(", ")
        };
        let policy = plural(self.policy_files, "policy file", "policy files");
        let manifests = plural(self.manifests, "manifest", "manifests");
        let follow_ons = match self.suppressed {
            0 => String::new(),
            n => format!(
                " ({} not shown)",
                plural(n, "follow-on finding", "follow-on findings")
            ),
        };
        let read = match self.evidence {
            0 => format!("{policy} and {manifests}"),
            n => format!(
                "{policy}, {manifests} and {}",
                plural(n, "evidence file", "evidence files")
            ),
        };
        format!("checked {read}: {found}{follow_ons}")
    }
}

/// `1 manifest`, `2 manifests`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A span's start and end positions (the end is just past the last character).
pub fn range(sources: &SourceMap, span: Span) -> (Position, Position) {
    let zero = Position {
        line: 1,
        column: 1,
        column_utf16: 1,
    };
    match sources.get(span.file) {
        Some(file) => (file.position(span.start), file.position(span.end)),
        None => (zero, zero),
    }
}
