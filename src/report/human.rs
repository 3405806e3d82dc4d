//! The human format: each finding drawn by miette with its source snippet, labels and help;
//! related places in other files (the policy grant a manifest entry was checked against) drawn
//! as snippets of their own beneath it; a summary line at the end.

use std::fmt;
use std::sync::Arc;

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    NamedSource, SourceCode,
};

use super::Report;
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::source::{FileId, SourceMap};

/// Rendering options.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// ANSI colours.
    pub color: bool,
    /// Wrap width in columns.
    pub width: usize,
}

/// Renders every finding, then the summary line.
pub fn render(report: &Report, sources: &SourceMap, style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    let mut out = String::new();
    for diagnostic in &report.diagnostics {
        let view = View::of(diagnostic, sources);
        // Writing into a String cannot fail.
        let _ = handler.render_report(&mut out, &view);
        out.push('\n');
    }
    out.push_str(&report.summary_line());
    out.push('\n');
    out
}

/// One diagnostic as miette sees it: labels in the primary file go in its snippet, labels in
/// other files become related views with their own snippet.
struct View {
    message: String,
    code: Option<&'static str>,
    severity: miette::Severity,
    help: Option<String>,
    source: NamedSource<Arc<str>>,
    labels: Vec<LabeledSpan>,
    related: Vec<View>,
}

impl View {
    fn of(d: &Diagnostic, sources: &SourceMap) -> View {
        let file = d.primary.span.file;
        let mut labels = vec![labeled(&d.primary, true)];
        let mut related = Vec::new();
        for label in &d.related {
            if label.span.file == file {
                labels.push(labeled(label, false));
            } else {
                related.push(View {
                    message: label.message.clone(),
                    code: None,
                    severity: miette::Severity::Advice,
                    help: None,
                    source: named(sources, label.span.file),
                    labels: vec![labeled(&Label::new(label.span, ""), true)],
                    related: Vec::new(),
                });
            }
        }
        View {
            message: d.message.clone(),
            code: Some(d.code.name()),
            severity: match d.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Advice => miette::Severity::Advice,
            },
            help: d.help.clone(),
            source: named(sources, file),
            labels,
            related,
        }
    }
}

fn named(sources: &SourceMap, file: FileId) -> NamedSource<Arc<str>> {
    let text = sources
        .get(file)
        .map_or_else(|| Arc::from(""), |f| f.shared_text());
    NamedSource::new(sources.name(file), text)
}

fn labeled(label: &Label, primary: bool) -> LabeledSpan {
    let text = (!label.message.is_empty()).then(|| label.message.clone());
    let span = miette::SourceSpan::from((label.span.start, label.span.len()));
    if primary {
        LabeledSpan::new_primary_with_span(text, span)
    } else {
        LabeledSpan::new_with_span(text, span)
    }
}

impl fmt::Display for View {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Debug for View {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for View {}

impl MietteDiagnostic for View {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code.map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn MietteDiagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn MietteDiagnostic),
        ))
    }
}
