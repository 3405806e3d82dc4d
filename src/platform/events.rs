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
//! read by `quick-xml`: the tests `the_scanner_agrees_with_quick_xml_*` check the first half,
//! event for event and token for token, on generated documents, on every XML file of the test
//! fixtures and on mutations of them.
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

/// How many bytes of `text` its byte order mark takes (0 or 3), and the text after it: what
/// the sources of events read (quick-xml skips a mark without counting it in its positions, so
/// it is left out, and every position is offset by it).
pub(crate) fn after_bom(text: &str) -> (usize, &str) {
    match text.strip_prefix('\u{feff}') {
        Some(body) => ('\u{feff}'.len_utf8(), body),
        None => (0, text),
    }
}

/// What `read` makes of `text` with the quick scanner's events, or, when the scanner gives up,
/// with quick-xml's. `read` takes the events and the offset of their positions in `text` (the
/// length of any byte order mark); `unread` is the result should quick-xml give up too, which
/// it never does.
pub(crate) fn read_with<'t, T>(
    text: &'t str,
    unread: T,
    mut read: impl FnMut(Events<'t>, usize) -> Result<T, GaveUp>,
) -> T {
    let (base, body) = after_bom(text);
    match read(Events::quick(body), base) {
        Ok(found) => found,
        Err(GaveUp) => read(Events::full(body), base).unwrap_or(unread),
    }
}

/// A source of events over one text (after any byte order mark).
pub(crate) enum Events<'t> {
    Quick(Scanner<'t>),
    /// `quick-xml`, and the text it reads.
    Full(Reader<&'t [u8]>, &'t str),
}

impl<'t> Events<'t> {
    /// The scanner over `text`.
    pub(crate) fn quick(text: &'t str) -> Self {
        Events::Quick(Scanner::new(text))
    }

    /// `quick-xml` over `text`, as configured by default.
    pub(crate) fn full(text: &'t str) -> Self {
        Events::Full(Reader::from_str(text), text)
    }

    pub(crate) fn read_event(&mut self) -> Result<Event<'t>, Failure> {
        match self {
            Events::Quick(scanner) => scanner.next_event().ok_or(Failure::Unsupported),
            Events::Full(reader, _) => reader.read_event().map_err(Failure::Xml),
        }
    }

    /// The next event as a token: what it is and where, with the content its event would have
    /// (from [`Events::Full`], worked out from the positions `quick-xml` reports).
    pub(crate) fn read_token(&mut self) -> Result<Token, Failure> {
        let (reader, text) = match self {
            Events::Quick(scanner) => return scanner.next_token().ok_or(Failure::Unsupported),
            Events::Full(reader, text) => (reader, text.as_bytes()),
        };
        let offset = |p: u64| usize::try_from(p).map_or(text.len(), |o| o.min(text.len()));
        let start = offset(reader.buffer_position());
        let event = reader.read_event().map_err(Failure::Xml)?;
        let end = offset(reader.buffer_position()).max(start);
        let name_len = |name: quick_xml::name::QName<'_>| name.as_ref().len();
        let (kind, content, name_len) = match &event {
            Event::Start(tag) => (
                Kind::Start,
                (start + 1, end.saturating_sub(1)),
                name_len(tag.name()),
            ),
            Event::Empty(tag) => (
                Kind::Empty,
                (start + 1, end.saturating_sub(2)),
                name_len(tag.name()),
            ),
            Event::End(tag) => {
                let n = name_len(tag.name());
                (Kind::End, (start + 2, start + 2 + n), n)
            }
            Event::Text(_) => (Kind::Text, (start, end), 0),
            // The others' content as the scanner gives it: between the delimiters.
            Event::Comment(_) => (Kind::Comment, (start + 4, end.saturating_sub(3)), 0),
            Event::Decl(_) | Event::PI(_) => {
                let content = (start + 2, end.saturating_sub(2));
                let target = text.get(content.0..content.1).map_or(0, |c| {
                    c.iter().position(|b| is_whitespace(*b)).unwrap_or(c.len())
                });
                let kind = if matches!(event, Event::Decl(_)) {
                    Kind::Decl
                } else {
                    Kind::Pi
                };
                (kind, content, target)
            }
            Event::DocType(_) => {
                let lead = text
                    .get(start + 9..)
                    .map_or(0, |t| t.iter().take_while(|b| is_whitespace(**b)).count());
                (Kind::DocType, (start + 9 + lead, end.saturating_sub(1)), 0)
            }
            Event::CData(_) | Event::GeneralRef(_) => (Kind::Other, (start, end), 0),
            Event::Eof => (Kind::Eof, (start, start), 0),
        };
        Ok(Token {
            kind,
            start,
            end,
            content,
            name_len,
        })
    }

    /// The offset just after the last event read (the start of the next).
    pub(crate) fn buffer_position(&self) -> u64 {
        match self {
            Events::Quick(scanner) => scanner.pos as u64,
            Events::Full(reader, _) => reader.buffer_position(),
        }
    }

    /// Where the last error was found (the scanner reports none).
    pub(crate) fn error_position(&self) -> u64 {
        match self {
            Events::Quick(scanner) => scanner.pos as u64,
            Events::Full(reader, _) => reader.error_position(),
        }
    }
}

/// The quick scanner: see the module's comment.
pub(crate) struct Scanner<'t> {
    text: &'t str,
    pos: usize,
    /// The names of the open elements, borrowed from the text.
    open: Vec<&'t str>,
}

/// What the scanner read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Start,
    Empty,
    End,
    Text,
    Comment,
    Decl,
    Pi,
    DocType,
    /// Anything else `quick-xml` reads (a reference, CDATA): only from [`Events::Full`].
    Other,
    Eof,
}

/// One thing the scanner read, and where: the event `quick-xml` would give, without building
/// it (readers that need only names and positions read these).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    pub(crate) kind: Kind,
    /// Where it is written: from its `<` (or its first byte of text) to just after its `>`.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// What `quick-xml` gives as the event's content: a tag's name and attributes, an end
    /// tag's name, the text of text, between the delimiters of the others.
    pub(crate) content: (usize, usize),
    /// The length of a tag's name, at the start of its content.
    pub(crate) name_len: usize,
}

fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// The bytes of the names the scanner reads: ASCII letters, digits, `_`, `-`, `.` and `:`.
/// Other names are left to `quick-xml`.
fn is_name_byte(b: u8) -> bool {
    NAME_BYTES.get(usize::from(b)).copied().unwrap_or(false)
}

/// [`is_name_byte`] as a table: names are read a byte at a time.
#[allow(
    clippy::indexing_slicing,
    reason = "filled in a constant, where every index is below 256"
)]
static NAME_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'-' | b'.' | b':');
        b += 1;
    }
    table
};

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b':'
}

/// Where the text starting at `from` ends: at the next `<` or `&`, or the end. Most texts are
/// the few bytes of indentation between two elements: those are looked at one by one.
fn text_end(bytes: &[u8], from: usize) -> usize {
    let near = bytes.len().min(from + 16);
    let head = bytes.get(from..near).unwrap_or_default();
    if let Some(k) = head.iter().position(|b| matches!(b, b'<' | b'&')) {
        return from + k;
    }
    bytes
        .get(near..)
        .and_then(|rest| memchr::memchr2(b'<', b'&', rest))
        .map_or(bytes.len(), |k| near + k)
}

impl<'t> Scanner<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        Scanner {
            text,
            pos: 0,
            open: Vec::new(),
        }
    }

    /// The next event as `quick-xml` would give it, or `None` where the scanner gives up.
    fn next_event(&mut self) -> Option<Event<'t>> {
        let token = self.next_token()?;
        let content = self.text.get(token.content.0..token.content.1)?;
        Some(match token.kind {
            Kind::Start => Event::Start(BytesStart::from_content(
                Cow::Borrowed(content),
                token.name_len,
            )),
            Kind::Empty => Event::Empty(BytesStart::from_content(
                Cow::Borrowed(content),
                token.name_len,
            )),
            Kind::End => Event::End(BytesEnd::new(content)),
            Kind::Text => Event::Text(BytesText::from_escaped(content)),
            Kind::Comment => Event::Comment(BytesText::from_escaped(content)),
            Kind::Decl => Event::Decl(BytesDecl::from_start(BytesStart::from_content(
                Cow::Borrowed(content),
                3,
            ))),
            Kind::Pi => Event::PI(BytesPI::new(content)),
            Kind::DocType => Event::DocType(BytesText::from_escaped(content)),
            Kind::Other | Kind::Eof => Event::Eof,
        })
    }

    /// Reads past the text at the scanner's position when every `&` in it starts one of the
    /// five entities XML predefines (`&amp;` `&lt;` `&gt;` `&apos;` `&quot;`): what a property
    /// list's string may hold, which [`Scanner::next_token`] gives up on (`quick-xml` reads it
    /// in pieces). Whether it did.
    pub(crate) fn skip_text_with_entities(&mut self) -> bool {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        if bytes.get(start).is_none_or(|b| *b == b'<') {
            return false;
        }
        let rest = bytes.get(start..).unwrap_or_default();
        let end = start + memchr::memchr(b'<', rest).unwrap_or(rest.len());
        let text = bytes.get(start..end).unwrap_or_default();
        let entities_only = memchr::memchr_iter(b'&', text).all(|at| {
            let after = text.get(at + 1..).unwrap_or_default();
            [&b"amp;"[..], b"lt;", b"gt;", b"apos;", b"quot;"]
                .iter()
                .any(|e| after.starts_with(e))
        });
        if entities_only {
            self.pos = end;
        }
        entities_only
    }

    /// The next token, or `None` where the scanner gives up.
    #[inline]
    pub(crate) fn next_token(&mut self) -> Option<Token> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let Some(&first) = bytes.get(start) else {
            return Some(Token {
                kind: Kind::Eof,
                start,
                end: start,
                content: (start, start),
                name_len: 0,
            });
        };
        if first != b'<' {
            let end = text_end(bytes, start);
            if bytes.get(end) == Some(&b'&') {
                return None;
            }
            self.pos = end;
            return Some(Token {
                kind: Kind::Text,
                start,
                end,
                content: (start, end),
                name_len: 0,
            });
        }
        match *bytes.get(start + 1)? {
            b'/' => self.end_tag(start),
            b'?' => self.question_mark(start),
            b'!' => self.bang(start),
            _ => self.start_tag(start),
        }
    }

    /// The `>` that closes the tag read from `from`, skipping quoted values as `quick-xml`
    /// does (a quote anywhere in a tag opens a quoted part).
    fn tag_end(&self, from: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let mut i = from;
        loop {
            let found = i + memchr::memchr3(b'>', b'"', b'\'', bytes.get(i..)?)?;
            let b = *bytes.get(found)?;
            if b == b'>' {
                return Some(found);
            }
            i = found + 1 + memchr::memchr(b, bytes.get(found + 1..)?)? + 1;
        }
    }

    /// The end of the name that starts at `from`, when it starts with a byte a name starts with.
    fn name_end(&self, from: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        if !is_name_start(*bytes.get(from)?) {
            return None;
        }
        let rest = bytes.get(from + 1..).unwrap_or_default();
        Some(
            from + 1
                + rest
                    .iter()
                    .position(|b| !is_name_byte(*b))
                    .unwrap_or(rest.len()),
        )
    }

    fn start_tag(&mut self, start: usize) -> Option<Token> {
        let bytes = self.text.as_bytes();
        let name_end = self.name_end(start + 1)?;
        // After the name: `>`, `/>`, or whitespace and attributes.
        let gt = match *bytes.get(name_end)? {
            b'>' => name_end,
            b'/' if bytes.get(name_end + 1) == Some(&b'>') => name_end + 1,
            b if is_whitespace(b) => {
                let gt = self.tag_end(name_end)?;
                if bytes.get(name_end..gt)?.contains(&b'<') {
                    return None;
                }
                gt
            }
            _ => return None,
        };
        let empty = gt > name_end && bytes.get(gt - 1) == Some(&b'/');
        self.pos = gt + 1;
        if !empty {
            self.open.push(self.text.get(start + 1..name_end)?);
        }
        Some(Token {
            kind: if empty { Kind::Empty } else { Kind::Start },
            start,
            end: gt + 1,
            content: (start + 1, if empty { gt - 1 } else { gt }),
            name_len: name_end - start - 1,
        })
    }

    fn end_tag(&mut self, start: usize) -> Option<Token> {
        let bytes = self.text.as_bytes();
        let name_end = self.name_end(start + 2)?;
        let mut gt = name_end;
        while bytes.get(gt).copied().is_some_and(is_whitespace) {
            gt += 1;
        }
        if bytes.get(gt) != Some(&b'>') || self.open.pop()? != self.text.get(start + 2..name_end)? {
            return None;
        }
        self.pos = gt + 1;
        Some(Token {
            kind: Kind::End,
            start,
            end: gt + 1,
            content: (start + 2, name_end),
            name_len: name_end - start - 2,
        })
    }

    /// `<?target ...?>`: the XML declaration or a processing instruction.
    fn question_mark(&mut self, start: usize) -> Option<Token> {
        let bytes = self.text.as_bytes();
        if !bytes.get(start + 2)?.is_ascii_alphabetic() {
            return None;
        }
        let close = start + 3 + memchr::memmem::find(bytes.get(start + 3..)?, b"?>")?;
        let content = bytes.get(start + 2..close)?;
        // A `?>` inside quotes, or a `>` before the `?>`, is read differently by quick-xml.
        if content.contains(&b'>') {
            return None;
        }
        self.pos = close + 2;
        let target_len = content
            .iter()
            .position(|b| is_whitespace(*b))
            .unwrap_or(content.len());
        Some(Token {
            kind: if content.get(..target_len)? == b"xml" {
                Kind::Decl
            } else {
                Kind::Pi
            },
            start,
            end: close + 2,
            content: (start + 2, close),
            name_len: target_len,
        })
    }

    /// `<!-- ... -->` or `<!DOCTYPE ...>` without an internal subset.
    fn bang(&mut self, start: usize) -> Option<Token> {
        let bytes = self.text.as_bytes();
        let rest = bytes.get(start..)?;
        if rest.starts_with(b"<!--") {
            // `<!-->` and `<!--->` are left to quick-xml, as is a comment beginning with `-`.
            if matches!(rest.get(4), Some(b'-' | b'>') | None) {
                return None;
            }
            let close = start + 4 + memchr::memmem::find(rest.get(4..)?, b"-->")?;
            self.pos = close + 3;
            return Some(Token {
                kind: Kind::Comment,
                start,
                end: close + 3,
                content: (start + 4, close),
                name_len: 0,
            });
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
            let lead = inner.iter().take_while(|b| is_whitespace(**b)).count();
            return Some(Token {
                kind: Kind::DocType,
                start,
                end: gt + 1,
                content: (start + 9 + lead, gt),
                name_len: 0,
            });
        }
        None
    }
}

#[cfg(test)]
#[path = "events_tests.rs"]
pub(crate) mod tests;
