//! Renderers: every output format is drawn from the same ordered stream of [`Diagnostic`]s.
//! Each format is a [`Sink`]: `check` hands it one file's findings at a time, in the report's
//! order, and then the run's [`Summary`], so what a format holds in memory never grows with the
//! number of findings. `render` functions draw a whole [`Report`] through the same sinks.

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
    /// Every finding, in the report's order (see [`sort`]; a streamed run's findings known
    /// only at its end come last).
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
        sort(&mut diagnostics, sources);
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

    /// What the summary says of this report.
    pub fn summary(&self) -> Summary {
        Summary {
            policy_files: self.policy_files,
            manifests: self.manifests,
            evidence: self.evidence,
            suppressed: self.suppressed,
            counts: self.counts(),
        }
    }

    /// The closing line of the human format, e.g. `checked 12 manifests: 3 errors, 1 warning`.
    pub fn summary_line(&self) -> String {
        self.summary().line()
    }
}

/// What a run read and found, counted: all a report needs once its findings are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Policy files read.
    pub policy_files: usize,
    /// Manifests (and store declarations) checked.
    pub manifests: usize,
    /// Evidence files read.
    pub evidence: usize,
    /// Findings left out as consequences of another.
    pub suppressed: usize,
    /// Findings per severity, overrides applied.
    pub counts: Counts,
}

impl Summary {
    /// Files read: policy files and manifests.
    pub fn files_checked(&self) -> usize {
        self.policy_files + self.manifests
    }

    /// Counts `diagnostics` in.
    pub fn count(&mut self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            match d.severity {
                Severity::Error => self.counts.errors += 1,
                Severity::Warning => self.counts.warnings += 1,
                Severity::Advice => self.counts.advice += 1,
            }
        }
    }

    /// The closing line of the human format, e.g. `checked 12 manifests: 3 errors, 1 warning`.
    pub fn line(&self) -> String {
        let Counts {
            errors,
            warnings,
            advice,
        } = self.counts;
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

/// Where a report is written as a run goes: findings a batch at a time (one file's, or the
/// run's end), each batch in the report's order and every file it names in `sources`, then
/// the summary.
pub trait Sink {
    /// Writes a batch of findings.
    fn write(&mut self, diagnostics: Vec<Diagnostic>, sources: &SourceMap) -> std::io::Result<()>;

    /// Writes what follows the findings; returns a warning for standard error about what the
    /// report had to leave out, if anything.
    fn finish(&mut self, summary: &Summary) -> std::io::Result<Option<String>>;
}

/// A sink that keeps every finding: what [`Report`]s are made of.
#[derive(Debug, Default)]
pub struct Collect {
    /// The findings written, in order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Sink for Collect {
    fn write(&mut self, diagnostics: Vec<Diagnostic>, _: &SourceMap) -> std::io::Result<()> {
        self.diagnostics.extend(diagnostics);
        Ok(())
    }

    fn finish(&mut self, _: &Summary) -> std::io::Result<Option<String>> {
        Ok(None)
    }
}

/// Draws a whole report through `sink`.
pub(crate) fn feed(sink: &mut dyn Sink, report: &Report, sources: &SourceMap) {
    // Writing into memory cannot fail.
    let _ = sink.write(report.diagnostics.clone(), sources);
    let _ = sink.finish(&report.summary());
}

/// Puts `diagnostics` in the report's order and drops repeats: by file (names compared path
/// component by path component, as discovery's walk sorts them), then start, end, code and
/// message.
pub fn sort(diagnostics: &mut Vec<Diagnostic>, sources: &SourceMap) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| (d.primary.span.start, d.primary.span.end, d.code.name());
        compare_names(
            sources.name(a.primary.span.file),
            sources.name(b.primary.span.file),
        )
        .then_with(|| key(a).cmp(&key(b)))
        .then_with(|| a.message.cmp(&b.message))
    });
    diagnostics.dedup();
}

/// File names in discovery's order: path component by path component.
pub fn compare_names(a: &str, b: &str) -> std::cmp::Ordering {
    if a == b {
        return std::cmp::Ordering::Equal;
    }
    std::path::Path::new(a)
        .components()
        .cmp(std::path::Path::new(b).components())
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
