//! One line per finding, `path:line:col: severity: message [code]`, the shape editors' problem
//! matchers and `grep` expect. A line break or other control character in a path or message (a
//! manifest value may hold one) is escaped as Rust writes it, `\n` or `\u{1b}`, so a finding
//! never spills onto a second line.

pub use super::escape::one_line;
use super::{Report, range};
use crate::source::SourceMap;

/// Renders `report` one finding per line.
pub fn render(report: &Report, sources: &SourceMap) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let (start, _) = range(sources, d.primary.span);
        out.push_str(&format!(
            "{}:{}:{}: {}: {} [{}]\n",
            one_line(sources.name(d.primary.span.file)),
            start.line,
            start.column,
            d.severity.name(),
            one_line(&d.message),
            d.code.name()
        ));
    }
    out
}
