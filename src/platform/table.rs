//! A CSV text as rows of cells, each cell with the exact span of its text: inside the quotes of
//! a quoted cell, which may hold commas, line breaks and doubled quotes. The `csv` crate reads
//! the values and gives the byte position of each record; the cells' spans are found from there.

use crate::diagnostic::{Code, Diagnostic};
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

/// Every record of `text`, blank lines left out; a record may have any number of cells. `None`
/// when the `csv` crate reports an error (it reads leniently, so hardly any), which is pushed as
/// an `invalid-manifest` at its position.
pub(super) fn rows(file: FileId, text: &str, diags: &mut Vec<Diagnostic>) -> Option<Vec<Row>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut rows = Vec::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Some(rows),
            Err(error) => {
                let at = error
                    .position()
                    .and_then(|p| usize::try_from(p.byte()).ok())
                    .unwrap_or(0)
                    .min(text.len());
                diags.push(Diagnostic::new(
                    Code::InvalidManifest,
                    Span::new(file, at, at),
                    format!("not valid CSV: {error}"),
                ));
                return None;
            }
        }
        let position = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .unwrap_or(0);
        let start = record_start(text, position);
        let ranges = cell_ranges(text, start);
        let cells = record
            .iter()
            .enumerate()
            .map(|(i, value)| {
                let (from, to) = ranges.get(i).copied().unwrap_or((start, start));
                Cell {
                    value: value.to_owned(),
                    span: Span::new(file, from, to),
                }
            })
            .collect();
        rows.push(Row { start, cells });
    }
}

/// Where the record that the `csv` crate places at `position` really starts: past a byte
/// order mark, and past the line break it counts as the start of the next record after a
/// `\r\n`.
fn record_start(text: &str, position: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = position;
    if at == 0 && text.starts_with('\u{feff}') {
        at = '\u{feff}'.len_utf8();
    }
    while matches!(bytes.get(at), Some(b'\r' | b'\n')) {
        at += 1;
    }
    at.min(text.len())
}

/// The byte ranges of the cells of the record that starts at `start`, inside the quotes for a
/// quoted cell. It follows the `csv` crate's reading: a quote opens a quoted cell only as its
/// first character, and two quotes inside one stand for one.
fn cell_ranges(text: &str, start: usize) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let ends_unquoted = |b: &u8| matches!(b, b',' | b'\n' | b'\r');
    let mut at = start;
    let mut ranges = Vec::new();
    loop {
        let next = if bytes.get(at) == Some(&b'"') {
            let open = at + 1;
            let mut close = open;
            while let Some(b) = bytes.get(close) {
                match (b, bytes.get(close + 1)) {
                    (b'"', Some(b'"')) => close += 2,
                    (b'"', _) => break,
                    _ => close += 1,
                }
            }
            let close = close.min(bytes.len());
            ranges.push((open, close));
            let mut after = (close + 1).min(bytes.len());
            while bytes.get(after).is_some_and(|b| !ends_unquoted(b)) {
                after += 1;
            }
            after
        } else {
            let mut end = at;
            while bytes.get(end).is_some_and(|b| !ends_unquoted(b)) {
                end += 1;
            }
            ranges.push((at, end));
            end
        };
        if bytes.get(next) == Some(&b',') {
            at = next + 1;
        } else {
            return ranges;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_ranges_point_inside_quotes_and_past_escapes() {
        let text = "a,\"b,c\",\"say \"\"hi\"\"\",,d\nnext";
        let cells: Vec<&str> = cell_ranges(text, 0)
            .into_iter()
            .map(|(a, b)| text.get(a..b).unwrap_or("?"))
            .collect();
        assert_eq!(cells, ["a", "b,c", "say \"\"hi\"\"", "", "d"]);
        let bom = "\u{feff}x,y\r\n";
        assert_eq!(record_start(bom, 0), 3);
        assert_eq!(record_start("a\r\nb", 2), 3);
        assert_eq!(record_start("a\r\nb", 3), 3);
        let cells: Vec<&str> = cell_ranges(bom, record_start(bom, 0))
            .into_iter()
            .map(|(a, b)| bom.get(a..b).unwrap_or("?"))
            .collect();
        assert_eq!(cells, ["x", "y"]);
        assert_eq!(cell_ranges("\"open", 0), [(1, 5)]);
    }

    #[test]
    fn rows_keep_the_span_of_every_cell() {
        let text = "q,r,v\r\n\"PSL_A\",,\"x, \"\"y\"\"\"\r\n\r\nlast";
        let mut diags = Vec::new();
        let rows = rows(FileId(0), text, &mut diags).unwrap();
        assert!(diags.is_empty());
        let cells: Vec<Vec<(&str, &str)>> = rows
            .iter()
            .map(|row| {
                row.cells
                    .iter()
                    .map(|c| {
                        (
                            c.value.as_str(),
                            text.get(c.span.start..c.span.end).unwrap_or("?"),
                        )
                    })
                    .collect()
            })
            .collect();
        assert_eq!(
            cells,
            [
                vec![("q", "q"), ("r", "r"), ("v", "v")],
                vec![("PSL_A", "PSL_A"), ("", ""), ("x, \"y\"", "x, \"\"y\"\"")],
                vec![("last", "last")],
            ]
        );
    }
}
