//! GitHub Actions workflow commands (`--format github`): one `::error`/`::warning`/`::notice`
//! annotation per finding, then a plain summary. Columns are given only when the span is on one
//! line, as GitHub requires. Files are given relative to the repository root (see
//! [`SourceRoot`]), where GitHub looks for them; a file outside it by its absolute path.

use std::io::Write;

use super::root::{Place, SourceRoot, slashed};
use super::{Report, Sink, Summary, range};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceMap;

/// How many annotations of each level GitHub shows per step.
pub const GITHUB_SHOWN_PER_LEVEL: usize = 10;

/// Renders `report` as workflow commands and a summary line, files placed against `root`.
pub fn render(report: &Report, sources: &SourceMap, root: &SourceRoot) -> String {
    let mut out = Vec::new();
    super::feed(
        &mut Writer::new(&mut out, root, super::sarif::GITHUB_MAX_RESULTS),
        report,
        sources,
    );
    String::from_utf8(out).unwrap_or_default()
}

/// Workflow commands written as findings come, then the summary. `max_results` is what the
/// SARIF of the same run keeps, which the footer speaks of.
pub struct Writer<'r, W: Write> {
    out: W,
    root: &'r SourceRoot,
    max_results: usize,
}

impl<'r, W: Write> Writer<'r, W> {
    /// A writer to `out`, files placed against `root`.
    pub fn new(out: W, root: &'r SourceRoot, max_results: usize) -> Self {
        Writer {
            out,
            root,
            max_results,
        }
    }
}

impl<W: Write> Sink for Writer<'_, W> {
    fn write(&mut self, diagnostics: Vec<Diagnostic>, sources: &SourceMap) -> std::io::Result<()> {
        for d in &diagnostics {
            let (start, end) = range(sources, d.primary.span);
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Advice => "notice",
            };
            let file = match self.root.place(sources.name(d.primary.span.file)) {
                Place::InRoot(path) => path,
                Place::Outside(path) => slashed(&path),
            };
            let mut properties = vec![
                ("file", file),
                ("line", start.line.to_string()),
                ("endLine", end.line.to_string()),
            ];
            if start.line == end.line {
                properties.push(("col", start.column.to_string()));
                properties.push(("endColumn", end.column.max(start.column).to_string()));
            }
            properties.push(("title", format!("candor {}", d.code.name())));
            let properties: Vec<String> = properties
                .into_iter()
                .map(|(k, v)| format!("{k}={}", escape_property(&v)))
                .collect();
            let mut message = format!("{} [{}]", d.message, d.code.name());
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            writeln!(
                self.out,
                "::{command} {}::{}",
                properties.join(","),
                escape_data(&message)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> std::io::Result<Option<String>> {
        writeln!(self.out, "{}", summary.line())?;
        let counts = summary.counts;
        let total = counts.errors + counts.warnings + counts.advice;
        let cut = total > self.max_results;
        if counts.errors > GITHUB_SHOWN_PER_LEVEL || counts.warnings > GITHUB_SHOWN_PER_LEVEL {
            writeln!(
                self.out,
                "GitHub shows at most {GITHUB_SHOWN_PER_LEVEL} errors and \
                 {GITHUB_SHOWN_PER_LEVEL} warnings per step as annotations; run with \
                 `--format concise`{} for the full list",
                if cut { "" } else { " or upload SARIF" }
            )?;
        }
        if cut {
            writeln!(
                self.out,
                "SARIF keeps {} of this run's {total} findings, errors first, then warnings, \
                 then advice (GitHub code scanning takes at most {} a run); `--format concise` \
                 or `--format json` lists them all",
                self.max_results,
                super::sarif::GITHUB_MAX_RESULTS
            )?;
        }
        self.out.flush()?;
        Ok(None)
    }
}

/// Escapes a workflow command's message (terminal controls from input included: the log is
/// read in a terminal too).
pub fn escape_data(text: &str) -> String {
    let framed = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    super::escape::visible(&framed).into_owned()
}

/// Escapes a workflow command's property value.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_and_properties_are_escaped() {
        assert_eq!(
            escape_data("50% done\r\nnext: a, b"),
            "50%25 done%0D%0Anext: a, b"
        );
        assert_eq!(escape_property("a,b:c%d\ne"), "a%2Cb%3Ac%25d%0Ae");
    }
}
