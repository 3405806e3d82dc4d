//! The JSON contract (`--format json`): one document, `{"version": 1, "diagnostics": [...],
//! "summary": {...}}`, positions 1-based, end positions just past the last character.

use std::io::Write;

use serde::Serialize;

use super::{Report, Sink, range};
use crate::diagnostic::Diagnostic;
use crate::source::{SourceMap, Span};

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
    let mut out = Vec::new();
    super::feed(&mut Writer::new(&mut out), report, sources);
    String::from_utf8(out).unwrap_or_default()
}

/// The JSON document, written as findings come: the same bytes `serde_json` pretty-prints for
/// the whole document, one finding serialized at a time.
pub struct Writer<W: Write> {
    out: W,
    /// Whether a finding was written (the list's opening bracket is then closed on a line of
    /// its own).
    any: bool,
    started: bool,
    buffer: Vec<u8>,
}

impl<W: Write> Writer<W> {
    /// A writer to `out`.
    pub fn new(out: W) -> Self {
        Writer {
            out,
            any: false,
            started: false,
            buffer: Vec::new(),
        }
    }

    fn start(&mut self) -> std::io::Result<()> {
        if !self.started {
            self.started = true;
            self.out
                .write_all(b"{\n  \"version\": 1,\n  \"diagnostics\": [")?;
        }
        Ok(())
    }

    /// Writes `value` pretty-printed as if it stood `depth` levels deep in the document.
    fn indented(&mut self, value: &impl Serialize, depth: usize) -> std::io::Result<()> {
        // Serialized into memory, then written at once: one call into the output per finding.
        self.buffer.clear();
        let mut serializer = serde_json::Serializer::with_formatter(
            &mut self.buffer,
            Indented {
                depth,
                has_value: false,
            },
        );
        value
            .serialize(&mut serializer)
            .map_err(std::io::Error::other)?;
        self.out.write_all(&self.buffer)
    }
}

/// `serde_json`'s pretty formatter (two spaces a level), starting some levels deep: a finding
/// is written straight to the output as it would stand inside the whole document.
struct Indented {
    depth: usize,
    has_value: bool,
}

impl Indented {
    fn indent<W: ?Sized + Write>(&self, writer: &mut W) -> std::io::Result<()> {
        for _ in 0..self.depth {
            writer.write_all(b"  ")?;
        }
        Ok(())
    }

    /// Opens an array or object: one level deeper.
    fn open<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    /// Closes it, on a line of its own when it holds anything.
    fn close<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            writer.write_all(b"\n")?;
            self.indent(writer)?;
        }
        writer.write_all(bracket)
    }

    /// Starts an element or key on a line of its own.
    fn next<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> std::io::Result<()> {
        writer.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(writer)
    }
}

impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.next(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.next(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

impl<W: Write> Sink for Writer<W> {
    fn write(&mut self, diagnostics: Vec<Diagnostic>, sources: &SourceMap) -> std::io::Result<()> {
        self.start()?;
        for d in &diagnostics {
            let json = JsonDiagnostic {
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
            };
            self.out
                .write_all(if self.any { b",\n    " } else { b"\n    " })?;
            self.any = true;
            self.indented(&json, 2)?;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &super::Summary) -> std::io::Result<Option<String>> {
        self.start()?;
        self.out.write_all(if self.any {
            b"\n  ],\n  \"summary\": "
        } else {
            b"],\n  \"summary\": "
        })?;
        let counts = summary.counts;
        let summary = Summary {
            files_checked: summary.files_checked(),
            manifests: summary.manifests,
            evidence: summary.evidence,
            errors: counts.errors,
            warnings: counts.warnings,
            advice: counts.advice,
        };
        self.indented(&summary, 1)?;
        self.out.write_all(b"\n}\n")?;
        self.out.flush()?;
        Ok(None)
    }
}
