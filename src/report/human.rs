//! The human format: each finding drawn by miette with its source snippet, labels and help;
//! related places in other files (the policy grant a manifest entry was checked against) drawn
//! beneath it as `note:`s with a snippet of their own; a summary line at the end.
//!
//! miette reads snippets through [`SourceCode`]; [`Snippet`] answers from candor's own
//! [`SourceFile`], so the `file:line:col` a snippet's header shows counts characters, not bytes,
//! and skips a byte order mark, exactly as the other formats do.

use std::fmt;

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::Report;
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::limits;
use crate::source::{SourceFile, SourceMap};

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
    // A note is drawn as a report of its own whose severity mark reads `note:`, so no severity
    // header (`Advice:`) ever appears under a finding.
    let mut note_theme = theme.clone();
    note_theme.characters.advice = "note:".to_owned();
    note_theme.styles.advice = note_theme.styles.help;
    let handler = |theme| {
        GraphicalReportHandler::new_themed(theme)
            .with_width(style.width)
            .with_links(false)
    };
    let (findings, notes) = (handler(theme), handler(note_theme));
    let mut out = String::new();
    for diagnostic in &report.diagnostics {
        let (view, related) = View::of(diagnostic, sources);
        // Writing into a String cannot fail.
        let _ = findings.render_report(&mut out, &view);
        for note in &related {
            let _ = notes.render_report(&mut out, note);
        }
        out.push('\n');
    }
    out.push_str(&report.summary_line());
    out.push('\n');
    out
}

/// One diagnostic, or one note, as miette sees it.
struct View<'a> {
    message: String,
    code: Option<&'static str>,
    severity: miette::Severity,
    help: Option<String>,
    source: Snippet<'a>,
    labels: Vec<LabeledSpan>,
}

impl<'a> View<'a> {
    /// The view of `d`, with the labels in its primary file, and a note for each label in
    /// another file.
    fn of(d: &Diagnostic, sources: &'a SourceMap) -> (View<'a>, Vec<View<'a>>) {
        let file = d.primary.span.file;
        let mut labels = vec![labeled(&d.primary, true)];
        let mut notes = Vec::new();
        for label in &d.related {
            if label.span.file == file {
                labels.push(labeled(label, false));
            } else {
                notes.push(View {
                    message: label.message.clone(),
                    code: None,
                    severity: miette::Severity::Advice,
                    help: None,
                    source: Snippet::of(sources, label.span.file),
                    labels: vec![labeled(&Label::new(label.span, ""), true)],
                });
            }
        }
        let view = View {
            message: d.message.clone(),
            code: Some(d.code.name()),
            severity: match d.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Advice => miette::Severity::Advice,
            },
            help: d.help.clone(),
            source: Snippet::of(sources, file),
            labels,
        };
        (view, notes)
    }
}

fn labeled(label: &Label, primary: bool) -> LabeledSpan {
    let text = (!label.message.is_empty()).then(|| label.message.clone());
    let span = SourceSpan::from((label.span.start, label.span.len()));
    if primary {
        LabeledSpan::new_primary_with_span(text, span)
    } else {
        LabeledSpan::new_with_span(text, span)
    }
}

/// A source file as miette reads it.
struct Snippet<'a> {
    name: &'a str,
    file: Option<&'a SourceFile>,
}

impl<'a> Snippet<'a> {
    fn of(sources: &'a SourceMap, file: crate::source::FileId) -> Self {
        Snippet {
            name: sources.name(file),
            file: sources.get(file),
        }
    }
}

impl SourceCode for Snippet<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let Some(file) = self.file else {
            return "".read_span(span, context_lines_before, context_lines_after);
        };
        // miette finds a span's lines by reading the text from its start; it is given only the
        // lines the snippet shows (found in the file's line index), so that drawing a finding
        // costs its snippet, not the file before it, and many findings in a long file stay
        // linear. Its answer is moved back to the whole file's offsets and lines.
        let text = file.text();
        let start = span.offset().min(text.len());
        let last = start.max((start + span.len()).saturating_sub(1));
        let first_line = file.line_index(start).saturating_sub(context_lines_before);
        let last_line = file.line_index(last) + context_lines_after;
        let mut from = file.line_start(first_line).unwrap_or(0);
        let mut to = file
            .line_start(last_line + 1)
            .unwrap_or(text.len())
            .max(from);
        // Lines far longer than anyone writes are shown only around the span, so that many
        // findings on one long line (a file written on one line) each cost their own size,
        // not the line's.
        let around = limits::SNIPPET_LINE_BYTES;
        if to - from > 4 * around + span.len() {
            from = char_boundary_after(text, from.max(start.saturating_sub(around)));
            to = char_boundary_after(text, to.min(start + span.len() + around)).max(from);
        }
        let first_line = file.line_index(from);
        let window = text.get(from..to).unwrap_or("");
        let local = SourceSpan::new((start - from.min(start)).into(), span.len());
        let contents = window.read_span(&local, context_lines_before, context_lines_after)?;
        // miette counts the column of a span read without context in bytes; it is what the
        // snippet header shows, so it comes from the positions every format shares.
        let column = if context_lines_before == 0 {
            file.position(start).column.saturating_sub(1)
        } else {
            contents.column()
        };
        let found = contents.span();
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_owned(),
            contents.data(),
            SourceSpan::new((found.offset() + from).into(), found.len()),
            contents.line() + first_line,
            column,
            // miette counts the lines from the start of what it reads: those before the window
            // too, as when it read the whole file.
            contents.line_count() + first_line,
        )))
    }
}

/// The first character boundary of `text` at or after `at`.
fn char_boundary_after(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for View<'_> {}

impl MietteDiagnostic for View<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.code.map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
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
}
