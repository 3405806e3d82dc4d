//! Source files, file ids and byte spans, and the conversion of byte offsets to the line and
//! column positions each output format wants (1-based characters for people, UTF-16 code units
//! for SARIF and editors). A UTF-8 byte order mark at the start of a file is not text anyone
//! sees, so it never counts as a column.

use std::sync::Arc;

/// Identifies one source text in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    /// The file the range is in.
    pub file: FileId,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` in `file`.
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        Span {
            file,
            start,
            end: end.max(start),
        }
    }

    /// The length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// A position in a file, every field 1-based; a byte order mark is not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line number.
    pub line: usize,
    /// Column in characters (Unicode scalar values).
    pub column: usize,
    /// Column in UTF-16 code units.
    pub column_utf16: usize,
}

/// One source text: its display name (a path as the user gave it), and where its lines start
/// (found the first time a position is asked: most files checked have no finding).
#[derive(Debug, Clone)]
pub struct SourceFile {
    name: String,
    text: Arc<str>,
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// Wraps `text` under the display name `name`.
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        SourceFile {
            name: name.into(),
            text: text.into(),
            line_starts: std::sync::OnceLock::new(),
        }
    }

    /// Where each line starts.
    fn starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| line_starts(&self.text))
    }

    /// The display name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The whole text, shared: what tells one file's text from another's without reading it.
    pub fn shared_text(&self) -> &Arc<str> {
        &self.text
    }

    /// The text of a span, or `""` if the span does not fit this file.
    pub fn slice(&self, start: usize, end: usize) -> &str {
        self.text.get(start..end).unwrap_or("")
    }

    /// The 0-based line that byte `offset` is on (clamped to the text).
    pub fn line_index(&self, offset: usize) -> usize {
        match self.starts().binary_search(&offset.min(self.text.len())) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Where the 0-based line `line` starts, or `None` past the last line.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts().get(line).copied()
    }

    /// The 1-based position of byte `offset` (clamped to the text and to a character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_index = self.line_index(offset);
        let line_start = self.starts().get(line_index).copied().unwrap_or(0);
        let before = self.slice(line_start.max(self.bom_len()).min(offset), offset);
        let (column, column_utf16) = if before.is_ascii() {
            (before.len(), before.len())
        } else {
            (before.chars().count(), before.encode_utf16().count())
        };
        Position {
            line: line_index + 1,
            column: column + 1,
            column_utf16: column_utf16 + 1,
        }
    }

    /// The length in bytes of the byte order mark the text starts with (0 or 3).
    fn bom_len(&self) -> usize {
        if self.text.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8()
        } else {
            0
        }
    }

    /// The byte offset of a 0-based line and UTF-16 column (as editors send them), clamped to
    /// the line.
    pub fn offset_of_utf16(&self, line: usize, column_utf16: usize) -> usize {
        let Some(&start) = self.starts().get(line) else {
            return self.text.len();
        };
        let start = start.max(self.bom_len());
        let end = self
            .starts()
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let mut units = 0;
        for (i, c) in self.slice(start, end).char_indices() {
            if units >= column_utf16 || c == '\n' || c == '\r' {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }
}

/// Where each line of `text` starts, the first at 0; line breaks as [`line_breaks`] counts them.
pub fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    if memchr::memchr(b'\r', bytes).is_none() {
        // Most texts: every break is a `\n`, found by the one-byte search.
        starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
    } else {
        starts.extend(line_breaks(bytes));
    }
    // Sized exactly: a run keeps this for every file with findings.
    starts.shrink_to_fit();
    starts
}

/// Where each line after the first starts: after every `\n`, and after every `\r` that no
/// `\n` follows, so that a `\r\n` is one break and a lone `\r` (old Mac line endings) is one
/// too, as YAML, XML, CSV readers and miette's snippets count them.
fn line_breaks(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr2_iter(b'\n', b'\r', bytes)
        .filter(|&i| bytes.get(i) == Some(&b'\n') || bytes.get(i + 1) != Some(&b'\n'))
        .map(|i| i + 1)
}

/// Every source text candor has read in one run, addressed by [`FileId`].
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> Self {
        SourceMap::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<Arc<str>>) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SourceFile::new(name, text));
        id
    }

    /// Adds a file made beforehand and returns its id.
    pub fn push(&mut self, file: SourceFile) -> FileId {
        let id = self.next_id();
        self.files.push(file);
        id
    }

    /// Drops every file from the `len`th on: a streamed run's files once their findings are
    /// written.
    pub fn truncate(&mut self, len: usize) {
        self.files.truncate(len);
    }

    /// The id the next added file will get.
    pub fn next_id(&self) -> FileId {
        FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX))
    }

    /// The number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether no file was added.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The file with id `id`.
    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// The display name of a file, or `""` for an unknown id.
    pub fn name(&self, id: FileId) -> &str {
        self.get(id).map_or("", SourceFile::name)
    }

    /// The text of a file, or `""` for an unknown id.
    pub fn text(&self, id: FileId) -> &str {
        self.get(id).map_or("", SourceFile::text)
    }

    /// The text a span covers.
    pub fn snippet(&self, span: Span) -> &str {
        self.get(span.file)
            .map_or("", |f| f.slice(span.start, span.end))
    }

    /// The id of the file named `name`, if it was added.
    pub fn find(&self, name: &str) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.name == name)
            .and_then(|i| u32::try_from(i).ok())
            .map(FileId)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_and_utf16_units() {
        let file = SourceFile::new("a", "ab\nçé😀x\n");
        assert_eq!(
            file.position(0),
            Position {
                line: 1,
                column: 1,
                column_utf16: 1
            }
        );
        let x = file.text().find('x').unwrap_or(0);
        assert_eq!(
            file.position(x),
            Position {
                line: 2,
                column: 4,
                column_utf16: 5
            }
        );
        assert_eq!(file.position(10_000).line, 3);
    }

    #[test]
    fn a_byte_order_mark_is_not_a_column() {
        let file = SourceFile::new("a", "\u{feff}é😀x\ny");
        let x = file.text().find('x').unwrap_or(0);
        assert_eq!(
            file.position(x),
            Position {
                line: 1,
                column: 3,
                column_utf16: 4
            }
        );
        assert_eq!(file.position(0).column, 1);
        assert_eq!(file.position(3).column, 1);
        assert_eq!(file.offset_of_utf16(0, 0), 3);
        assert_eq!(file.offset_of_utf16(0, 3), x);
        assert_eq!(file.position(file.text().len()).column, 2);
    }

    #[test]
    fn a_lone_carriage_return_is_a_line_break_and_crlf_is_one() {
        let file = SourceFile::new("a", "a\rb\r\nc\nd\r");
        let line = |c: char| file.position(file.text().find(c).unwrap_or(0)).line;
        assert_eq!([line('a'), line('b'), line('c'), line('d')], [1, 2, 3, 4]);
        assert_eq!(file.position(file.text().len()).line, 5);
        let crlf = SourceFile::new("b", "x\r\ny\r\n");
        assert_eq!(crlf.position(crlf.text().find('y').unwrap_or(0)).line, 2);
        assert_eq!(crlf.position(1).line, 1);
        assert_eq!(crlf.position(2).line, 1);
        assert_eq!(crlf.offset_of_utf16(0, 9), 1);
        assert_eq!(file.offset_of_utf16(0, 9), 1);
        assert_eq!(file.line_start(1), Some(2));
        assert_eq!(file.line_index(3), 1);
    }

    #[test]
    fn utf16_offsets_round_trip() {
        let file = SourceFile::new("a", "ab\nçé😀x\n");
        let x = file.text().find('x').unwrap_or(0);
        assert_eq!(file.offset_of_utf16(1, 4), x);
        assert_eq!(file.offset_of_utf16(7, 0), file.text().len());
    }
}
