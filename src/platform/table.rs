//! A CSV text as rows of cells, each cell with the exact span of its text: inside the quotes of
//! a quoted cell, which may hold commas, line breaks and doubled quotes.
//!
//! The text is read one physical line at a time (a line ends at `\n`, `\r\n` or a lone `\r`).
//! A quoted cell may go on over the following lines only when it closes properly (its closing
//! quote followed by a comma or the end of a line) within [`limits::CSV_CELL_LINES`] lines; a
//! quote that does not is an `invalid-manifest` at that quote, and only its row is lost: reading
//! goes on at the next line. Every byte is looked at a bounded number of times, so reading is
//! linear in the size of the text.

use crate::diagnostic::{Code, Diagnostic};
use crate::limits;
use crate::manifest::Str;
use crate::source::{FileId, Span};

/// One cell: its text (unquoted) and where it is written (inside the quotes, if any).
#[derive(Debug, Clone)]
pub(super) struct Cell {
    /// The text.
    pub(super) value: String,
    /// Where.
    pub(super) span: Span,
}

impl Cell {
    /// The cell as a spanned string.
    pub(super) fn as_str(&self) -> Str {
        Str {
            value: self.value.clone(),
            span: self.span,
        }
    }
}

/// One record.
#[derive(Debug, Clone)]
pub(super) struct Row {
    /// Where its first cell starts.
    pub(super) start: usize,
    /// Its cells, as many as the record has.
    pub(super) cells: Vec<Cell>,
}

/// Every record of `text`, blank lines left out; a record may have any number of cells. A row
/// with a quote that does not close properly is left out too, and reported as an
/// `invalid-manifest` at that quote.
pub(super) fn rows(file: FileId, text: &str, diags: &mut Vec<Diagnostic>) -> Vec<Row> {
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        at: bom,
        line: 1,
        line_start: bom,
    };
    let mut rows = Vec::new();
    while reader.at < reader.bytes.len() {
        if reader.at_line_end() {
            reader.next_line();
            continue;
        }
        let start = reader.at;
        match reader.record(file) {
            Ok(cells) => rows.push(Row { start, cells }),
            Err(stray) => {
                diags.push(stray.diagnostic(file));
                // The row is lost, not the rest of the file: go on after the quote's line.
                reader.at = stray.at;
                reader.line = stray.line;
                reader.line_start = stray.line_start;
                reader.skip_line();
            }
        }
    }
    rows
}

/// Reads records from a place in the text, counting lines as it goes.
struct Reader<'t> {
    text: &'t str,
    bytes: &'t [u8],
    /// The next byte to read.
    at: usize,
    /// The 1-based line of `at`.
    line: usize,
    /// Where that line starts (past a byte order mark on the first line).
    line_start: usize,
}

/// A quote that does not close its cell properly, and the line it is on.
struct Stray {
    at: usize,
    line: usize,
    line_start: usize,
    /// Its column, in characters from 1.
    column: usize,
    /// What follows a quote that closed its cell too early, or `None` when it never closes.
    followed_by: Option<char>,
}

impl Stray {
    fn diagnostic(&self, file: FileId) -> Diagnostic {
        let (line, column) = (self.line, self.column);
        let span = Span::new(file, self.at, self.at + 1);
        match self.followed_by {
            None => Diagnostic::new(
                Code::InvalidManifest,
                span,
                format!("the quote at line {line}, column {column} opens a cell that is never closed"),
            )
            .with_label("this row is not read")
            .with_help(format!(
                "close the cell with a quote before the end of its line (a quoted cell may go on \
                 for at most {} lines), or write a quote inside a quoted cell as `\"\"`",
                limits::CSV_CELL_LINES
            )),
            Some(next) => Diagnostic::new(
                Code::InvalidManifest,
                span,
                format!(
                    "the quote at line {line}, column {column} closes its cell, but `{}` follows it",
                    next.escape_debug()
                ),
            )
            .with_label("this row is not read")
            .with_help(
                "write a quote inside a quoted cell as `\"\"`, or put a comma after the closing \
                 quote",
            ),
        }
    }
}

impl Reader<'_> {
    fn at_line_end(&self) -> bool {
        matches!(self.bytes.get(self.at), None | Some(b'\r' | b'\n'))
    }

    /// Steps over the line break at `at` (one of `\n`, `\r\n` or `\r`), if any.
    fn next_line(&mut self) {
        match (self.bytes.get(self.at), self.bytes.get(self.at + 1)) {
            (Some(b'\r'), Some(b'\n')) => self.at += 2,
            (Some(b'\r' | b'\n'), _) => self.at += 1,
            _ => return,
        }
        self.line += 1;
        self.line_start = self.at;
    }

    /// Steps past the rest of the line and its break.
    fn skip_line(&mut self) {
        while !self.at_line_end() {
            self.at += 1;
        }
        self.next_line();
    }

    fn stray(&self, at: usize, line: usize, line_start: usize, followed_by: Option<char>) -> Stray {
        let column = self
            .text
            .get(line_start..at)
            .map_or(0, |s| s.chars().count())
            + 1;
        Stray {
            at,
            line,
            line_start,
            column,
            followed_by,
        }
    }

    /// The cells of the record at `at`, which starts a line; on success `at` is past the
    /// record's line break.
    fn record(&mut self, file: FileId) -> Result<Vec<Cell>, Stray> {
        let mut cells = Vec::new();
        loop {
            let cell = if self.bytes.get(self.at) == Some(&b'"') {
                self.quoted(file)?
            } else {
                let start = self.at;
                while !self.at_line_end() && self.bytes.get(self.at) != Some(&b',') {
                    self.at += 1;
                }
                Cell {
                    value: self.text.get(start..self.at).unwrap_or("").to_owned(),
                    span: Span::new(file, start, self.at),
                }
            };
            cells.push(cell);
            if self.bytes.get(self.at) == Some(&b',') {
                self.at += 1;
            } else {
                self.next_line();
                return Ok(cells);
            }
        }
    }

    /// A quoted cell, `at` on its opening quote; on success `at` is just past the closing one.
    fn quoted(&mut self, file: FileId) -> Result<Cell, Stray> {
        let (open, open_line, open_line_start) = (self.at, self.line, self.line_start);
        let never_closed = |reader: &Self| reader.stray(open, open_line, open_line_start, None);
        self.at += 1;
        let start = self.at;
        let mut value = String::new();
        let mut piece = start;
        loop {
            match self.bytes.get(self.at) {
                None => return Err(never_closed(self)),
                Some(b'"') => match self.bytes.get(self.at + 1) {
                    Some(b'"') => {
                        value.push_str(self.text.get(piece..=self.at).unwrap_or(""));
                        self.at += 2;
                        piece = self.at;
                    }
                    None | Some(b',' | b'\r' | b'\n') => {
                        value.push_str(self.text.get(piece..self.at).unwrap_or(""));
                        let end = self.at;
                        self.at += 1;
                        return Ok(Cell {
                            value,
                            span: Span::new(file, start, end),
                        });
                    }
                    Some(_) if self.line > open_line => return Err(never_closed(self)),
                    Some(_) => {
                        let next = self
                            .text
                            .get(self.at + 1..)
                            .and_then(|rest| rest.chars().next());
                        return Err(self.stray(self.at, self.line, self.line_start, next));
                    }
                },
                Some(b'\r' | b'\n') => {
                    if self.line + 1 - open_line >= limits::CSV_CELL_LINES {
                        return Err(never_closed(self));
                    }
                    self.next_line();
                }
                Some(_) => self.at += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row as (value, text the span covers) pairs.
    type Read<'t> = Vec<(String, &'t str)>;

    /// Each row, and the diagnostics.
    fn read(text: &str) -> (Vec<Read<'_>>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let rows = rows(FileId(0), text, &mut diags)
            .iter()
            .map(|row| {
                row.cells
                    .iter()
                    .map(|c| {
                        let written = text.get(c.span.start..c.span.end).unwrap_or("?");
                        (c.value.clone(), written)
                    })
                    .collect()
            })
            .collect();
        (rows, diags)
    }

    fn values(rows: &[Read<'_>]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|(v, _)| v.clone()).collect())
            .collect()
    }

    #[test]
    fn rows_keep_the_span_of_every_cell() {
        let text = "q,r,v\r\n\"PSL_A\",,\"x, \"\"y\"\"\"\r\n\r\nlast";
        let (rows, diags) = read(text);
        assert!(diags.is_empty());
        let own = |pairs: &[(&str, &'static str)]| -> Vec<(String, &'static str)> {
            pairs.iter().map(|(v, w)| ((*v).to_owned(), *w)).collect()
        };
        assert_eq!(
            rows,
            [
                own(&[("q", "q"), ("r", "r"), ("v", "v")]),
                own(&[("PSL_A", "PSL_A"), ("", ""), ("x, \"y\"", "x, \"\"y\"\"")]),
                own(&[("last", "last")]),
            ]
        );
    }

    #[test]
    fn a_byte_order_mark_and_every_kind_of_line_break_are_skipped() {
        let (rows, diags) = read("\u{feff}x,y\r\na\rb\n\n\rc,\r");
        assert!(diags.is_empty());
        assert_eq!(
            rows.first().map(|r| r.first().map(|c| c.1)),
            Some(Some("x"))
        );
        assert_eq!(
            values(&rows),
            [vec!["x", "y"], vec!["a"], vec!["b"], vec!["c", ""]]
        );
    }

    #[test]
    fn a_quoted_cell_may_span_lines_when_it_closes() {
        let (rows, diags) = read("a,\"two\r\nlines\",z\nnext\n");
        assert!(diags.is_empty());
        assert_eq!(
            values(&rows),
            [vec!["a", "two\r\nlines", "z"], vec!["next"]]
        );
    }

    #[test]
    fn a_quote_that_never_closes_costs_its_row_only() {
        let text = "a,b\nPSL_X,\"oops,true\nPSL_Y,,true\n\"PSL_Z\",,\"TRUE\"\n";
        let (rows, diags) = read(text);
        assert_eq!(
            values(&rows),
            [
                vec!["a", "b"],
                vec!["PSL_Y", "", "true"],
                vec!["PSL_Z", "", "TRUE"]
            ]
        );
        assert_eq!(diags.len(), 1);
        let diag = diags.first();
        assert_eq!(diag.map(|d| d.code), Some(Code::InvalidManifest));
        let quote = text.find("\"oops").unwrap_or(0);
        assert_eq!(
            diag.map(|d| d.primary.span),
            Some(Span::new(FileId(0), quote, quote + 1))
        );
        assert_eq!(
            diag.map(|d| d.message.as_str()),
            Some("the quote at line 2, column 7 opens a cell that is never closed")
        );
        assert!(diag.and_then(|d| d.help.as_deref()).is_some());
    }

    #[test]
    fn a_quote_closing_a_cell_early_is_reported_where_it_is() {
        let text = "\u{feff}é,\"say \"hi\",z\nnext\n";
        let (rows, diags) = read(text);
        assert_eq!(values(&rows), [vec!["next"]]);
        let quote = text.find("\"hi").unwrap_or(0);
        let diag = diags.first();
        assert_eq!(diag.map(|d| d.primary.span.start), Some(quote));
        assert_eq!(
            diag.map(|d| d.message.as_str()),
            Some("the quote at line 1, column 8 closes its cell, but `h` follows it")
        );
    }

    #[test]
    fn an_open_quote_stops_looking_after_a_few_lines() {
        let mut text = "\"open\n".to_owned();
        for i in 0..limits::CSV_CELL_LINES * 2 {
            text.push_str(&format!("r{i}\n"));
        }
        text.push_str("late\",x\n");
        let (rows, diags) = read(&text);
        assert_eq!(diags.len(), 1);
        // Every line after the quote's is still read; the last one's quote is inside a cell,
        // where it is a character like any other.
        assert_eq!(rows.len(), limits::CSV_CELL_LINES * 2 + 1);
        assert_eq!(
            rows.last().and_then(|r| r.first()).map(|c| c.0.as_str()),
            Some("late\"")
        );
        let (rows, diags) = read("x\n\"never");
        assert_eq!(
            (values(&rows), diags.len()),
            (vec![vec!["x".to_owned()]], 1)
        );
        let (rows, diags) = read("\"");
        assert_eq!((rows.len(), diags.len()), (0, 1));
    }
}
