//! GitHub Actions workflow commands (`--format github`): one `::error`/`::warning`/`::notice`
//! annotation per finding, then a plain summary. Columns are given only when the span is on one
//! line, as GitHub requires. Files are given relative to the repository root (see
//! [`SourceRoot`]), where GitHub looks for them; a file outside it by its absolute path.

use super::root::{Place, SourceRoot, slashed};
use super::{Report, range};
use crate::diagnostic::Severity;
use crate::source::SourceMap;

/// How many annotations of each level GitHub shows per step.
pub const GITHUB_SHOWN_PER_LEVEL: usize = 10;

/// Renders `report` as workflow commands and a summary line, files placed against `root`.
pub fn render(report: &Report, sources: &SourceMap, root: &SourceRoot) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let (start, end) = range(sources, d.primary.span);
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Advice => "notice",
        };
        let file = match root.place(sources.name(d.primary.span.file)) {
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
        out.push_str(&format!(
            "::{command} {}::{}\n",
            properties.join(","),
            escape_data(&message)
        ));
    }
    out.push_str(&report.summary_line());
    out.push('\n');
    let counts = report.counts();
    if counts.errors > GITHUB_SHOWN_PER_LEVEL || counts.warnings > GITHUB_SHOWN_PER_LEVEL {
        out.push_str(&format!(
            "GitHub shows at most {GITHUB_SHOWN_PER_LEVEL} errors and {GITHUB_SHOWN_PER_LEVEL} \
             warnings per step as annotations; run with `--format concise` or upload SARIF for \
             the full list\n"
        ));
    }
    out
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
