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

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::sync::Arc;

use super::{Report, Sink, Summary, escape};
use crate::diagnostic::{Code, Diagnostic, Label, Severity};
use crate::limits;
use crate::source::{FileId, SourceFile, SourceMap, Span};

/// Rendering options.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// ANSI colours.
    pub color: bool,
    /// Wrap width in columns.
    pub width: usize,
    /// Draw every advice finding, instead of one line per code counting them.
    pub show_advice: bool,
}

/// Renders every finding, then the summary line, advice summarised unless `show_advice`.
/// A finding miette cannot draw (a span over
/// too many lines, a renderer failure), and every finding of a code
/// past the first [`limits::SNIPPETS_PER_CODE`] in one file, is drawn as plain lines instead,
/// so the report is never lost and one file cannot make it grow with its longest line.
pub fn render(report: &Report, sources: &SourceMap, style: Style) -> String {
    let mut out = Vec::new();
    super::feed(&mut Writer::new(&mut out, style), report, sources);
    String::from_utf8(out).unwrap_or_default()
}

/// A file's shown text, with the text and tab flag it was made from.
type Cached = (Arc<str>, bool, Option<Shown>);

/// The human format, written as findings come.
pub struct Writer<W: Write> {
    out: W,
    style: Style,
    findings: GraphicalReportHandler,
    notes: GraphicalReportHandler,
    /// Advice not drawn, by code (all of it unless [`Style::show_advice`]).
    advice: BTreeMap<Code, usize>,
    /// The shown text of files drawn before, by id, with the text it was made from: a
    /// policy file is scanned once, not for every manifest whose finding relates it.
    shown: Vec<Option<Cached>>,
}

impl<W: Write> Writer<W> {
    /// A writer to `out` in `style`.
    pub fn new(out: W, style: Style) -> Self {
        let theme = if style.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        // A note is drawn as a report of its own whose severity mark reads `note:`, so no
        // severity header (`Advice:`) ever appears under a finding.
        let mut note_theme = theme.clone();
        note_theme.characters.advice = "note:".to_owned();
        note_theme.styles.advice = note_theme.styles.help;
        let handler = |theme| {
            GraphicalReportHandler::new_themed(theme)
                .with_width(style.width)
                .with_links(false)
        };
        Writer {
            out,
            style,
            findings: handler(theme),
            notes: handler(note_theme),
            advice: BTreeMap::new(),
            shown: Vec::new(),
        }
    }

    /// The shown text of every file the findings name, by id (see [`Shown`]).
    fn shown_for(
        &mut self,
        diagnostics: &[&Diagnostic],
        sources: &SourceMap,
    ) -> Vec<Option<Shown>> {
        let mut tabs = vec![false; sources.len()];
        let mut named = vec![false; sources.len()];
        for d in diagnostics {
            let span = d.primary.span;
            let at_tab = sources.text(span.file).as_bytes().get(span.start) == Some(&b'\t');
            for label in std::iter::once(&d.primary).chain(&d.related) {
                if let Some(flag) = named.get_mut(label.span.file.0 as usize) {
                    *flag = true;
                }
            }
            if let (true, Some(flag)) = (at_tab, tabs.get_mut(span.file.0 as usize)) {
                *flag = true;
            }
        }
        self.shown
            .resize_with(sources.len().max(self.shown.len()), || None);
        let mut out = Vec::with_capacity(sources.len());
        for n in 0..sources.len() {
            let file = sources.get(FileId(u32::try_from(n).unwrap_or(u32::MAX)));
            let (Some(file), Some(true)) = (file, named.get(n).copied()) else {
                out.push(None);
                continue;
            };
            let tabs = tabs.get(n).copied().unwrap_or(false);
            let cached = self
                .shown
                .get(n)
                .and_then(Option::as_ref)
                .filter(|(text, t, _)| Arc::ptr_eq(text, file.shared_text()) && *t == tabs);
            let shown = match cached {
                Some((_, _, shown)) => shown.clone(),
                None => {
                    let text = file.text();
                    let shown = (tabs || text.chars().any(|c| c != '\r' && escape::is_unsafe(c)))
                        .then(|| Shown::of(text, tabs));
                    if let Some(slot) = self.shown.get_mut(n) {
                        *slot = Some((file.shared_text().clone(), tabs, shown.clone()));
                    }
                    shown
                }
            };
            out.push(shown);
        }
        out
    }
}

impl<W: Write> Sink for Writer<W> {
    fn write(&mut self, diagnostics: Vec<Diagnostic>, sources: &SourceMap) -> std::io::Result<()> {
        let drawn: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| {
                let hidden = d.severity == Severity::Advice && !self.style.show_advice;
                if hidden {
                    *self.advice.entry(d.code).or_default() += 1;
                }
                !hidden
            })
            .collect();
        if drawn.is_empty() {
            return Ok(());
        }
        let shown = self.shown_for(&drawn, sources);
        let mut per_code: HashMap<(FileId, Code), usize> = HashMap::new();
        let mut out = String::new();
        for diagnostic in drawn {
            let count = per_code
                .entry((diagnostic.primary.span.file, diagnostic.code))
                .or_default();
            *count += 1;
            if *count == limits::SNIPPETS_PER_CODE + 1 {
                out.push_str(&format!(
                    "(more `{}` findings in `{}`: shown one to a finding, without snippets)\n\n",
                    diagnostic.code.name(),
                    escape::one_line(sources.name(diagnostic.primary.span.file))
                ));
            }
            let drawn = (*count <= limits::SNIPPETS_PER_CODE && drawable(diagnostic, sources))
                .then(|| draw(diagnostic, sources, &shown, &self.findings, &self.notes))
                .flatten();
            match drawn {
                Some(drawn) => out.push_str(&drawn),
                None => plain(&mut out, diagnostic, sources),
            }
            out.push('\n');
        }
        self.out.write_all(out.as_bytes())
    }

    fn finish(&mut self, summary: &Summary) -> std::io::Result<Option<String>> {
        for (code, n) in &self.advice {
            writeln!(
                self.out,
                "advice: {} not shown (`--show-advice` lists them; `candor explain {}` says \
                 how to quiet them)",
                super::plural(
                    *n,
                    &format!("`{}` finding", code.name()),
                    &format!("`{}` findings", code.name())
                ),
                code.name()
            )?;
        }
        writeln!(self.out, "{}", summary.line())?;
        self.out.flush()?;
        Ok(None)
    }
}

/// `d` drawn by miette with its notes, or `None` if miette fails or panics.
fn draw(
    d: &Diagnostic,
    sources: &SourceMap,
    shown: &[Option<Shown>],
    findings: &GraphicalReportHandler,
    notes: &GraphicalReportHandler,
) -> Option<String> {
    let (view, related) = View::of(d, sources, shown);
    let mut out = String::new();
    DRAWING.with(|drawing| drawing.set(true));
    let drawn = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        findings.render_report(&mut out, &view)?;
        for note in &related {
            notes.render_report(&mut out, note)?;
        }
        Ok::<(), fmt::Error>(())
    }));
    DRAWING.with(|drawing| drawing.set(false));
    matches!(drawn, Ok(Ok(()))).then_some(out)
}

thread_local! {
    static DRAWING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this thread is drawing a finding: a panic there is caught and the finding drawn
/// plainly, so the panic hook lets it unwind.
pub fn drawing() -> bool {
    DRAWING.with(std::cell::Cell::get)
}

/// Whether every place of `d` is on lines short enough to show, over few enough lines.
fn drawable(d: &Diagnostic, sources: &SourceMap) -> bool {
    std::iter::once(&d.primary)
        .chain(&d.related)
        .all(|label| showable(sources.text(label.span.file), label.span))
}

/// Whether `span` of `text` covers at most [`limits::SNIPPET_LINES`] lines and four times
/// [`limits::SNIPPET_LINE_BYTES`] (a long line is drawn around the span, see [`Snippet`]); the
/// look is bounded by those limits.
fn showable(text: &str, span: Span) -> bool {
    let bytes = text.as_bytes();
    let (start, end) = (span.start.min(bytes.len()), span.end.min(bytes.len()));
    let covered = bytes.get(start..end).unwrap_or_default();
    let lines = covered
        .iter()
        .filter(|&&b| b == b'\n')
        .take(limits::SNIPPET_LINES + 1)
        .count();
    // A span of megabytes (a 3 MB id) would be drawn whole, with its underline.
    lines <= limits::SNIPPET_LINES && end - start <= 4 * limits::SNIPPET_LINE_BYTES
}

/// `d` as plain lines: code, message, place, help and notes, every piece escaped.
fn plain(out: &mut String, d: &Diagnostic, sources: &SourceMap) {
    let place = |span: Span| {
        let (start, _) = super::range(sources, span);
        format!(
            "{}:{}:{}",
            escape::one_line(sources.name(span.file)),
            start.line,
            start.column
        )
    };
    out.push_str(&format!(
        "{}\n\n  × {}\n  at {}\n",
        d.code.name(),
        escape::one_line(&d.message),
        place(d.primary.span)
    ));
    if let Some(help) = &d.help {
        out.push_str(&format!("  help: {}\n", escape::one_line(help)));
    }
    for label in &d.related {
        out.push_str(&format!(
            "  note: {} at {}\n",
            escape::one_line(&label.message),
            place(label.span)
        ));
    }
}

/// A file's text with unsafe characters escaped (see [`escape`]), and how offsets move.
#[derive(Clone)]
struct Shown {
    text: String,
    /// For each escaped character: where it ends in the file and in `text`, and how many
    /// bytes `text` has gained up to there.
    marks: Vec<(usize, usize, usize)>,
}

impl Shown {
    fn of(text: &str, tabs: bool) -> Shown {
        let mut shown = String::with_capacity(text.len() + 16);
        let mut marks = Vec::new();
        for (at, c) in text.char_indices() {
            if tabs && c == '\t' {
                shown.push('→');
            } else if c == '\r' || !escape::is_unsafe(c) {
                // `\r` before `\n` is a line ending, which miette draws itself.
                shown.push(c);
                continue;
            } else {
                escape::push(&mut shown, c);
            }
            let end = at + c.len_utf8();
            marks.push((end, shown.len(), shown.len() - end));
        }
        Shown { text: shown, marks }
    }

    /// Where offset `at` of the file is in the shown text.
    fn to_shown(&self, at: usize) -> usize {
        let n = self.marks.partition_point(|&(end, _, _)| end <= at);
        n.checked_sub(1)
            .and_then(|i| self.marks.get(i))
            .map_or(at, |&(_, _, gained)| at + gained)
    }

    /// Where offset `at` of the shown text is in the file (inside an escape: after it).
    fn to_file(&self, at: usize) -> usize {
        let n = self.marks.partition_point(|&(_, end, _)| end <= at);
        n.checked_sub(1)
            .and_then(|i| self.marks.get(i))
            .map_or(at, |&(_, _, gained)| at.saturating_sub(gained))
    }
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
    /// another file; everything from input escaped.
    fn of(
        d: &Diagnostic,
        sources: &'a SourceMap,
        shown: &'a [Option<Shown>],
    ) -> (View<'a>, Vec<View<'a>>) {
        let file = d.primary.span.file;
        let snippet = |file: FileId| Snippet::of(sources, shown, file);
        let primary = snippet(file);
        let mut labels = vec![labeled(&d.primary, true, &primary)];
        let mut notes = Vec::new();
        for label in &d.related {
            if label.span.file == file {
                labels.push(labeled(label, false, &primary));
            } else {
                let source = snippet(label.span.file);
                notes.push(View {
                    message: escape::visible(&label.message).into_owned(),
                    code: None,
                    severity: miette::Severity::Advice,
                    help: None,
                    labels: vec![labeled(&Label::new(label.span, ""), true, &source)],
                    source,
                });
            }
        }
        let view = View {
            message: escape::visible(&d.message).into_owned(),
            code: Some(d.code.name()),
            severity: match d.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Advice => miette::Severity::Advice,
            },
            help: d.help.as_deref().map(|h| escape::visible(h).into_owned()),
            source: primary,
            labels,
        };
        (view, notes)
    }
}

fn labeled(label: &Label, primary: bool, snippet: &Snippet<'_>) -> LabeledSpan {
    let text = (!label.message.is_empty()).then(|| escape::visible(&label.message).into_owned());
    let (start, end) = match snippet.shown {
        Some(shown) => (
            shown.to_shown(label.span.start),
            shown.to_shown(label.span.end),
        ),
        None => (label.span.start, label.span.end),
    };
    let span = SourceSpan::from((start, end.saturating_sub(start)));
    if primary {
        LabeledSpan::new_primary_with_span(text, span)
    } else {
        LabeledSpan::new_with_span(text, span)
    }
}

/// A source file as miette reads it: its escaped text where it has unsafe characters.
struct Snippet<'a> {
    name: String,
    file: Option<&'a SourceFile>,
    shown: Option<&'a Shown>,
}

impl<'a> Snippet<'a> {
    fn of(sources: &'a SourceMap, shown: &'a [Option<Shown>], file: FileId) -> Self {
        Snippet {
            name: escape::one_line(sources.name(file)),
            file: sources.get(file),
            shown: usize::try_from(file.0)
                .ok()
                .and_then(|n| shown.get(n))
                .and_then(Option::as_ref),
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
        // The text miette reads: the file's, or its escaped copy; offsets in the file and in
        // that text convert both ways.
        let (text, to_file, to_text): (&str, &Offsets<'_>, &Offsets<'_>) = match self.shown {
            Some(shown) => (shown.text.as_str(), &|at| shown.to_file(at), &|at| {
                shown.to_shown(at)
            }),
            None => (file.text(), &|at| at, &|at| at),
        };
        // miette finds a span's lines by reading the text from its start; it is given only the
        // lines the snippet shows (found in the file's line index), so that drawing a finding
        // costs its snippet, not the file before it, and many findings in a long file stay
        // linear. Its answer is moved back to the whole text's offsets and lines.
        let start = span.offset().min(text.len());
        let last = start.max((start + span.len()).saturating_sub(1));
        let first_line = file
            .line_index(to_file(start))
            .saturating_sub(context_lines_before);
        let last_line = file.line_index(to_file(last)) + context_lines_after;
        let mut from = to_text(file.line_start(first_line).unwrap_or(0));
        let mut to = file
            .line_start(last_line + 1)
            .map_or(text.len(), to_text)
            .max(from);
        // Lines far longer than anyone writes are shown only around the span, so that many
        // findings on one long line (a file written on one line) each cost their own size,
        // not the line's.
        let around = limits::SNIPPET_LINE_BYTES;
        if to - from > 4 * around + span.len() {
            from = char_boundary_after(text, from.max(start.saturating_sub(around)));
            to = char_boundary_after(text, to.min(start + span.len() + around)).max(from);
        }
        let first_line = file.line_index(to_file(from));
        let window = text.get(from..to).unwrap_or("");
        let local = SourceSpan::new((start - from.min(start)).into(), span.len());
        let contents = window.read_span(&local, context_lines_before, context_lines_after)?;
        // miette counts the column of a span read without context in bytes; it is what the
        // snippet header shows, so it comes from the positions every format shares.
        let column = if context_lines_before == 0 {
            file.position(to_file(start)).column.saturating_sub(1)
        } else {
            contents.column()
        };
        let found = contents.span();
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
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

/// Moves an offset between a file and the text miette reads.
type Offsets<'a> = dyn Fn(usize) -> usize + 'a;

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
