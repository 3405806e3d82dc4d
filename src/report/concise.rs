//! One line per finding, `path:line:col: severity: message [code]`, the shape editors' problem
//! matchers and `grep` expect.

use super::{Report, range};
use crate::source::SourceMap;

/// Renders `report` one finding per line.
pub fn render(report: &Report, sources: &SourceMap) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let (start, _) = range(sources, d.primary.span);
        out.push_str(&format!(
            "{}:{}:{}: {}: {} [{}]\n",
            sources.name(d.primary.span.file),
            start.line,
            start.column,
            d.severity.name(),
            d.message,
            d.code.name()
        ));
    }
    out
}
