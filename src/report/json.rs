//! The JSON contract (`--format json`): one document, `{"version": 1, "diagnostics": [...],
//! "summary": {...}}`, positions 1-based, end positions just past the last character.

use serde::Serialize;

use super::{Report, range};
use crate::source::{SourceMap, Span};

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    severity: &'static str,
    message: &'a str,
    #[serde(flatten)]
    location: Location<'a>,
    help: Option<&'a str>,
    related: Vec<Related<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix<'a>>,
}

/// A machine-applicable fix: the range to replace, in the finding's file, and its new text.
#[derive(Serialize)]
struct JsonFix<'a> {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    replacement: &'a str,
}

#[derive(Serialize)]
struct Location<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct Related<'a> {
    #[serde(flatten)]
    location: Location<'a>,
    message: &'a str,
}

#[derive(Serialize)]
struct Summary {
    files_checked: usize,
    manifests: usize,
    evidence: usize,
    errors: usize,
    warnings: usize,
    advice: usize,
}

fn location(sources: &SourceMap, span: Span) -> Location<'_> {
    let (start, end) = range(sources, span);
    Location {
        file: sources.name(span.file),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

/// Renders `report` as the versioned JSON document, pretty-printed, with a final newline.
pub fn render(report: &Report, sources: &SourceMap) -> String {
    let counts = report.counts();
    let document = Document {
        version: 1,
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| JsonDiagnostic {
                code: d.code.name(),
                severity: d.severity.name(),
                message: &d.message,
                location: location(sources, d.primary.span),
                help: d.help.as_deref(),
                related: d
                    .related
                    .iter()
                    .map(|r| Related {
                        location: location(sources, r.span),
                        message: &r.message,
                    })
                    .collect(),
                fix: d
                    .fix
                    .as_ref()
                    .filter(|f| f.span.file == d.primary.span.file)
                    .map(|f| {
                        let (start, end) = range(sources, f.span);
                        JsonFix {
                            line: start.line,
                            column: start.column,
                            end_line: end.line,
                            end_column: end.column,
                            replacement: &f.replacement,
                        }
                    }),
            })
            .collect(),
        summary: Summary {
            files_checked: report.files_checked,
            manifests: report.manifests,
            evidence: report.evidence,
            errors: counts.errors,
            warnings: counts.warnings,
            advice: counts.advice,
        },
    };
    // Serializing plain structs of strings and numbers cannot fail.
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_default();
    out.push('\n');
    out
}
