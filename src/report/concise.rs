//! One line per finding, `path:line:col: severity: message [code]`, the shape editors' problem
//! matchers and `grep` expect. A line break or other control character in a path or message (a
//! manifest value may hold one) is escaped as Rust writes it, `\n` or `\u{1b}`, so a finding
//! never spills onto a second line.

use std::io::Write;

pub use super::escape::one_line;
use super::{Report, Sink, Summary, range};
use crate::diagnostic::Diagnostic;
use crate::source::SourceMap;

/// Renders `report` one finding per line.
pub fn render(report: &Report, sources: &SourceMap) -> String {
    let mut out = Vec::new();
    super::feed(&mut Writer::new(&mut out), report, sources);
    String::from_utf8(out).unwrap_or_default()
}

/// The concise format, written as findings come.
pub struct Writer<W: Write> {
    out: W,
}

impl<W: Write> Writer<W> {
    /// A writer to `out`.
    pub fn new(out: W) -> Self {
        Writer { out }
    }
}

impl<W: Write> Sink for Writer<W> {
    fn write(&mut self, diagnostics: Vec<Diagnostic>, sources: &SourceMap) -> std::io::Result<()> {
        for d in &diagnostics {
            let (start, _) = range(sources, d.primary.span);
            writeln!(
                self.out,
                "{}:{}:{}: {}: {} [{}]",
                one_line(sources.name(d.primary.span.file)),
                start.line,
                start.column,
                d.severity.name(),
                one_line(&d.message),
                d.code.name()
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, _: &Summary) -> std::io::Result<Option<String>> {
        self.out.flush()?;
        Ok(None)
    }
}
