//! The XML events the property-list and manifest readers take, from one of two sources: a
//! quick scanner for the plain XML nearly every file is written in, and `quick-xml` for
//! everything else.
//!
//! The scanner yields `quick-xml`'s own events, at the positions `quick-xml` gives them, for a
//! subset of XML it recognises without doubt: start, empty and end tags with matching names,
//! text without references, comments, processing instructions, the XML declaration and a
//! `<!DOCTYPE>` without an internal subset. On anything else (an entity or character
//! reference, CDATA, a mismatched end tag, a name it does not know how to read) it gives up,
//! and the reader reads the file again from the start with `quick-xml`, which decides what the
//! file is. So a file is either read by the scanner exactly as `quick-xml` would read it, or
//! read by `quick-xml`: `tests::the_scanner_agrees_with_quick_xml` checks the first half on
//! generated documents and on every XML file in the test fixtures.
//!
//! The scanner exists for speed: `quick-xml` checks each event's bytes are UTF-8 again and
//! keeps a copy of every open tag's name, which is most of the time it takes to read a file
//! that is already a `&str`.

use std::borrow::Cow;

use quick_xml::events::{BytesDecl, BytesEnd, BytesPI, BytesStart, BytesText, Event};
use quick_xml::reader::Reader;

/// Why no event came.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The scanner met XML it does not read: the file must be read again with `quick-xml`.
    Unsupported,
    /// `quick-xml` found the file is not well-formed XML.
    Xml(quick_xml::Error),
}

/// A reader met XML the quick scanner does not read, and reads the file again with
/// [`Events::full`].
#[derive(Debug)]
pub(crate) struct GaveUp;

/// A source of events over one text (after any byte order mark).
pub(crate) enum Events<'t> {
    Quick(Scanner<'t>),
    Full(Reader<&'t [u8]>),
}

impl<'t> Events<'t> {
    /// The scanner over `text`.
    pub(crate) fn quick(text: &'t str) -> Self {
        Events::Quick(Scanner::new(text))
    }

    /// `quick-xml` over `text`, as configured by default.
    pub(crate) fn full(text: &'t str) -> Self {
        Events::Full(Reader::from_str(text))
    }

    pub(crate) fn read_event(&mut self) -> Result<Event<'t>, Failure> {
        match self {
            Events::Quick(scanner) => scanner.next_event().ok_or(Failure::Unsupported),
            Events::Full(reader) => reader.read_event().map_err(Failure::Xml),
        }
    }

    /// The offset just after the last event read (the start of the next).
    pub(crate) fn buffer_position(&self) -> u64 {
        match self {
            Events::Quick(scanner) => scanner.pos as u64,
            Events::Full(reader) => reader.buffer_position(),
        }
    }

    /// Where the last error was found (the scanner reports none).
    pub(crate) fn error_position(&self) -> u64 {
        match self {
            Events::Quick(scanner) => scanner.pos as u64,
            Events::Full(reader) => reader.error_position(),
        }
    }
}

/// The quick scanner: see the module's comment.
pub(crate) struct Scanner<'t> {
    text: &'t str,
    pos: usize,
    /// The names of the open elements, borrowed from the text.
    open: Vec<&'t str>,
    done: bool,
}

fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Whether `name` is a name the scanner reads: ASCII letters, digits, `_`, `-`, `.` and `:`,
/// starting with a letter, `_` or `:`. Other names are left to `quick-xml`.
fn is_plain_name(name: &[u8]) -> bool {
    name.first()
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_' || *b == b':')
        && name
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':'))
}

impl<'t> Scanner<'t> {
    fn new(text: &'t str) -> Self {
        Scanner {
            text,
            pos: 0,
            open: Vec::new(),
            done: false,
        }
    }

    /// The next event, or `None` where the scanner gives up.
    fn next_event(&mut self) -> Option<Event<'t>> {
        let text = self.text;
        let bytes = text.as_bytes();
        if self.done {
            return Some(Event::Eof);
        }
        let Some(&first) = bytes.get(self.pos) else {
            self.done = true;
            return Some(Event::Eof);
        };
        let start = self.pos;
        if first != b'<' {
            let end =
                memchr::memchr2(b'<', b'&', bytes.get(start..)?).map_or(bytes.len(), |i| start + i);
            if bytes.get(end) == Some(&b'&') {
                return None;
            }
            self.pos = end;
            return Some(Event::Text(BytesText::from_escaped(text.get(start..end)?)));
        }
        match *bytes.get(start + 1)? {
            b'/' => self.end_tag(start),
            b'?' => self.question_mark(start),
            b'!' => self.bang(start),
            _ => self.start_tag(start),
        }
    }

    /// The `>` that closes the tag starting at `start`, skipping quoted values as `quick-xml`
    /// does (a quote anywhere in a tag opens a quoted part).
    fn tag_end(&self, start: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let mut i = start + 1;
        loop {
            let found = i + memchr::memchr3(b'>', b'"', b'\'', bytes.get(i..)?)?;
            let b = *bytes.get(found)?;
            if b == b'>' {
                return Some(found);
            }
            i = found + 1 + memchr::memchr(b, bytes.get(found + 1..)?)? + 1;
        }
    }

    fn start_tag(&mut self, start: usize) -> Option<Event<'t>> {
        let text = self.text;
        let gt = self.tag_end(start)?;
        let inner = text.get(start + 1..gt)?;
        let (content, empty) = match inner.strip_suffix('/') {
            Some(content) => (content, true),
            None => (inner, false),
        };
        let name_len = content
            .bytes()
            .position(is_whitespace)
            .unwrap_or(content.len());
        let name = content.get(..name_len)?;
        if !is_plain_name(name.as_bytes()) || content.as_bytes().contains(&b'<') {
            return None;
        }
        self.pos = gt + 1;
        let event = BytesStart::from_content(Cow::Borrowed(content), name_len);
        if empty {
            Some(Event::Empty(event))
        } else {
            self.open.push(name);
            Some(Event::Start(event))
        }
    }

    fn end_tag(&mut self, start: usize) -> Option<Event<'t>> {
        let gt = self.tag_end(start)?;
        let content = self.text.get(start + 2..gt)?;
        let name = content.trim_end_matches(|c: char| c.is_ascii() && is_whitespace(c as u8));
        if !is_plain_name(name.as_bytes()) || self.open.pop()? != name {
            return None;
        }
        self.pos = gt + 1;
        Some(Event::End(BytesEnd::new(name)))
    }

    /// `<?target ...?>`: the XML declaration or a processing instruction.
    fn question_mark(&mut self, start: usize) -> Option<Event<'t>> {
        let bytes = self.text.as_bytes();
        if !bytes.get(start + 2)?.is_ascii_alphabetic() {
            return None;
        }
        let close = start + 3 + memchr::memmem::find(bytes.get(start + 3..)?, b"?>")?;
        let content = self.text.get(start + 2..close)?;
        // A `?>` inside quotes, or a `>` before the `?>`, is read differently by quick-xml.
        if content.as_bytes().contains(&b'>') {
            return None;
        }
        self.pos = close + 2;
        let target_len = content
            .bytes()
            .position(is_whitespace)
            .unwrap_or(content.len());
        if content.get(..target_len)? == "xml" {
            Some(Event::Decl(BytesDecl::from_start(
                BytesStart::from_content(Cow::Borrowed(content), 3),
            )))
        } else {
            Some(Event::PI(BytesPI::new(content)))
        }
    }

    /// `<!-- ... -->` or `<!DOCTYPE ...>` without an internal subset.
    fn bang(&mut self, start: usize) -> Option<Event<'t>> {
        let text = self.text;
        let bytes = text.as_bytes();
        let rest = bytes.get(start..)?;
        if rest.starts_with(b"<!--") {
            // `<!-->` and `<!--->` are left to quick-xml, as is a comment beginning with `-`.
            if matches!(rest.get(4), Some(b'-' | b'>') | None) {
                return None;
            }
            let close = start + 4 + memchr::memmem::find(rest.get(4..)?, b"-->")?;
            self.pos = close + 3;
            return Some(Event::Comment(BytesText::from_escaped(
                text.get(start + 4..close)?,
            )));
        }
        if rest.starts_with(b"<!DOCTYPE") && rest.get(9).copied().is_some_and(is_whitespace) {
            let gt = start + memchr::memchr(b'>', rest)?;
            let inner = bytes.get(start + 9..gt)?;
            let quotes = |q: u8| inner.iter().filter(|b| **b == q).count();
            if inner.iter().any(|b| matches!(b, b'[' | b'<'))
                || quotes(b'"') % 2 == 1
                || quotes(b'\'') % 2 == 1
            {
                return None;
            }
            self.pos = gt + 1;
            let content = text
                .get(start + 9..gt)?
                .trim_start_matches(|c: char| c.is_ascii() && is_whitespace(c as u8));
            return Some(Event::DocType(BytesText::from_escaped(content)));
        }
        None
    }
}

#[cfg(test)]
#[path = "events_tests.rs"]
mod tests;
