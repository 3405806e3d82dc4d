//! XML property lists read into a small tree of values (dictionaries, arrays, strings,
//! booleans) that keeps where each is written, with `quick-xml`, which gives the byte offset of
//! every element: a string keeps the span of its text, anything else the span of its element.
//! (Binary property lists are read into the same tree by `super::binary`.)
//! The events come from `super::events` (a quick scanner, or quick-xml where it gives up).
//! Well-formedness is quick-xml's; what a property list may hold (its elements, keys paired
//! with values, text only in keys and strings) is checked here; what a privacy manifest must
//! hold is checked by `apple`, which reads the tree.

use quick_xml::events::{BytesStart, Event};

use super::events::{Events, Failure, GaveUp, Kind, Scanner, after_bom, read_with};

use crate::diagnostic::{Code, Diagnostic};
use crate::manifest::Str;
use crate::source::{FileId, Span};

/// Deepest nesting of elements read. A privacy manifest needs five levels; the limit keeps a
/// hostile file from building a tree deep enough to exhaust the stack when it is dropped.
pub(super) const MAX_DEPTH: usize = 32;

/// Reads `text` into a tree, pushing a diagnostic for every problem. `None` when the text is not
/// a well-formed property list; an element that no property list uses is reported and read as
/// a value of its own kind, so the rest of the tree is still there.
pub(crate) fn parse(file: FileId, text: &str, diags: &mut Vec<Diagnostic>) -> Option<Node> {
    parse_keeping(file, text, diags, Keep::All)
}

/// Which texts a parse keeps: every one, or only the keys of the top dictionary (an
/// `Info.plist` or `.entitlements` file is read for its keys alone; every other `<string>` and
/// `<key>` is still checked, and read as empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keep {
    All,
    TopKeys,
}

/// [`parse`], keeping the texts `keep` says.
pub(crate) fn parse_keeping(
    file: FileId,
    text: &str,
    diags: &mut Vec<Diagnostic>,
    keep: Keep,
) -> Option<Node> {
    let mut parser = Parser {
        file,
        diags,
        unknown_entities: None,
        keep,
    };
    let root = parser.parse(text);
    parser.count_unknown_entities();
    root
}

/// A key of the top dictionary, as [`top_keys`] reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TopKey<'t> {
    /// The key's text, as written.
    pub(crate) key: &'t str,
    /// Where it is, as the full reading spans it.
    pub(crate) span: Span,
    /// Whether its value is `<false/>`.
    pub(crate) is_false: bool,
}

/// The keys of the top dictionary of `text`, read in one pass that builds no tree, when the
/// text is a `<plist>` holding a `<dict>` in which the full reading ([`parse_keeping`] with
/// [`Keep::TopKeys`]) finds nothing to report. `None` for anything else, including everything
/// the quick scanner of `super::events` gives up on: the caller then reads the file fully,
/// which says what is wrong. An `Info.plist` is read this way for its usage keys.
pub(crate) fn top_keys(file: FileId, text: &str) -> Option<Vec<TopKey<'_>>> {
    /// An open element: its kind, where its content starts, and what the checks of
    /// `Parser::close` need to know of its children.
    struct Frame {
        tag: Tag,
        content_start: usize,
        start: usize,
        children: usize,
        /// In a dictionary, whether the last child was a `<key>` still waiting for its value.
        key_waiting: bool,
    }
    let (base, body) = after_bom(text);
    let mut scanner = Scanner::new(body);
    let mut stack: Vec<Frame> = Vec::new();
    let mut keys = Vec::new();
    let mut key_text: Option<&str> = None;
    let mut root_seen = false;
    loop {
        let Some(token) = scanner.next_token() else {
            // A string's text with entities (`it&apos;s`): read past, as the full reading
            // decodes it. Anywhere else the scanner's giving up is the pass's.
            let in_string = stack.last().is_some_and(|f| f.tag == Tag::String);
            if in_string && scanner.skip_text_with_entities() {
                continue;
            }
            return None;
        };
        let (before, after) = (base + token.start, base + token.end);
        let empty = match token.kind {
            Kind::Start => false,
            Kind::Empty => true,
            Kind::End => {
                let frame = stack.pop()?;
                if (frame.tag == Tag::Dict && frame.key_waiting)
                    || (frame.tag == Tag::Plist && frame.children != 1)
                {
                    return None;
                }
                if frame.tag == Tag::Key && stack.len() == 2 {
                    let span = if frame.content_start < before {
                        Span::new(file, frame.content_start, before)
                    } else {
                        Span::new(file, frame.start, after)
                    };
                    keys.push(TopKey {
                        key: key_text.take().unwrap_or(""),
                        span,
                        is_false: false,
                    });
                }
                continue;
            }
            Kind::Text => {
                let raw = text.get(before..after)?;
                let holds_text = stack.last().is_some_and(|f| f.tag.holds_text());
                if !holds_text && !raw.bytes().all(|b| b.is_ascii_whitespace()) {
                    return None;
                }
                if stack.len() == 3 && stack.last().is_some_and(|f| f.tag == Tag::Key) {
                    // A key's text: kept as the full reading keeps it, which turns line ends
                    // into `\n` (left to it).
                    if raw.contains('\r') || key_text.is_some() {
                        return None;
                    }
                    key_text = Some(raw);
                }
                continue;
            }
            Kind::Comment | Kind::Decl | Kind::Pi | Kind::DocType => continue,
            Kind::Other => return None,
            Kind::Eof => break,
        };
        let name = body.get(token.content.0..token.content.0 + token.name_len)?;
        let tag = Tag::of(name);
        if tag == Tag::Unknown || (stack.is_empty() && (root_seen || tag != Tag::Plist)) {
            return None;
        }
        root_seen = true;
        if let Some(parent) = stack.last_mut() {
            if parent.tag.holds_text() {
                return None;
            }
            parent.children += 1;
            match (parent.tag, tag) {
                (Tag::Dict, Tag::Key) if parent.key_waiting => return None,
                (Tag::Dict, Tag::Key) => parent.key_waiting = true,
                (Tag::Dict, _) if !parent.key_waiting => return None,
                (Tag::Dict, _) => parent.key_waiting = false,
                (_, Tag::Key) => return None,
                _ => {}
            }
        }
        // The value of a top key: the last key read is the one it belongs to.
        if stack.len() == 2 && tag == Tag::False {
            keys.last_mut()?.is_false = true;
        }
        if stack.len() == 1 && tag != Tag::Dict {
            return None;
        }
        if empty {
            if tag == Tag::Plist || (tag == Tag::Key && stack.len() == 2) {
                // An empty `<plist/>` or top `<key/>`: left to the full reading.
                return None;
            }
            continue;
        }
        if stack.len() >= MAX_DEPTH {
            return None;
        }
        stack.push(Frame {
            tag,
            content_start: after,
            start: before,
            children: 0,
            key_waiting: false,
        });
    }
    (stack.is_empty() && root_seen).then_some(keys)
}

/// A property list value and where it is written.
#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) value: Value,
    /// For a string or key, the text between the tags (the element when that is empty); for
    /// anything else, the whole element.
    pub(crate) span: Span,
    /// The start tag (the whole element when it is empty, as in `<true/>`).
    pub(crate) tag: Span,
}

/// The values of a property list that a privacy manifest can hold.
#[derive(Debug)]
pub(crate) enum Value {
    Dict(Vec<(Str, Node)>),
    Array(Vec<Node>),
    String(String),
    Bool(bool),
    /// A `<key>`, until its dictionary pairs it with the value after it.
    Key(String),
    /// A value of a type no privacy manifest uses, named for messages.
    Other(&'static str),
}

/// The kind of an element that is not a property list's: reported where it is read, so a value
/// of this kind is not reported again as having the wrong type.
const UNKNOWN_ELEMENT: &str = "an unknown element";

impl Value {
    pub(super) fn is_unknown_element(&self) -> bool {
        matches!(self, Value::Other(UNKNOWN_ELEMENT))
    }

    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Value::Dict(_) => "a dictionary",
            Value::Array(_) => "an array",
            Value::String(_) => "a string",
            Value::Bool(_) => "a boolean",
            Value::Key(_) => "a `<key>`",
            Value::Other(kind) => kind,
        }
    }
}

/// The elements of a property list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Plist,
    Dict,
    Array,
    Key,
    String,
    True,
    False,
    Integer,
    Real,
    Date,
    Data,
    Unknown,
}

impl Tag {
    fn of(name: &str) -> Tag {
        match name {
            "plist" => Tag::Plist,
            "dict" => Tag::Dict,
            "array" => Tag::Array,
            "key" => Tag::Key,
            "string" => Tag::String,
            "true" => Tag::True,
            "false" => Tag::False,
            "integer" => Tag::Integer,
            "real" => Tag::Real,
            "date" => Tag::Date,
            "data" => Tag::Data,
            _ => Tag::Unknown,
        }
    }

    /// Whether the element holds text rather than other elements.
    fn holds_text(self) -> bool {
        matches!(
            self,
            Tag::Key
                | Tag::String
                | Tag::Integer
                | Tag::Real
                | Tag::Date
                | Tag::Data
                | Tag::Unknown
        )
    }
}

/// An element whose end tag has not been read yet.
struct Open<'t> {
    tag: Tag,
    /// Its name, as written.
    name: &'t str,
    /// The `<` of the start tag.
    start: usize,
    /// Just after the start tag.
    content_start: usize,
    children: Vec<Node>,
    text: String,
}

/// The name of the start tag `element` whose `<` is at `start` in `text`, borrowed from the
/// text (`quick-xml` reads a `&str`, so the name is one too; empty if the reader's position and
/// the text disagreed).
pub(crate) fn written_name<'t>(text: &'t str, element: &BytesStart<'_>, start: usize) -> &'t str {
    let name = element.name();
    let name = name.as_ref();
    text.get(start + 1..start + 1 + name.len())
        .filter(|written| *written == name)
        .unwrap_or("")
}

impl<'t> Open<'t> {
    /// The element whose start tag is `element`, from `start` to `content_start` of `text`.
    fn new(text: &'t str, element: &BytesStart<'_>, start: usize, content_start: usize) -> Self {
        let name = written_name(text, element, start);
        Open {
            tag: Tag::of(name),
            name,
            start,
            content_start,
            children: Vec::new(),
            text: String::new(),
        }
    }
}

/// A position the reader reports, as an offset into the whole text: the reader reads the text
/// after any byte order mark, `base` bytes in.
fn offset(position: u64, base: usize, text: &str) -> usize {
    usize::try_from(position).map_or(text.len(), |o| (base + o).min(text.len()))
}

struct Parser<'d> {
    file: FileId,
    diags: &'d mut Vec<Diagnostic>,
    /// The finding for the first unknown entity (its index in `diags`) and how many came after
    /// it. One finding stands for all of them: a file of nothing but entities would otherwise
    /// get a finding (and a snippet of its line) for every few bytes.
    unknown_entities: Option<(usize, usize)>,
    /// Which texts are kept.
    keep: Keep,
}

impl Parser<'_> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn invalid(&mut self, span: Span, message: String, help: Option<String>) {
        let mut diag = Diagnostic::new(Code::InvalidManifest, span, message);
        diag.help = help;
        self.diags.push(diag);
    }

    /// Reads the XML into a tree, or reports why it cannot.
    fn parse(&mut self, text: &str) -> Option<Node> {
        if text.trim_start_matches('\u{feff}').trim().is_empty() {
            self.invalid(
                self.span(0, 0),
                "the privacy manifest is empty".to_owned(),
                Some("a privacy manifest is an XML property list holding a `<dict>`".to_owned()),
            );
            return None;
        }
        if text.starts_with("bplist") {
            // Only an editor hands candor a binary file as text: read from the disk, it is
            // read as binary (`super::binary`).
            self.invalid(
                self.span(0, 0),
                "this binary property list is shown as text here, and cannot be read as text"
                    .to_owned(),
                Some(
                    "`candor check` reads binary property lists from the disk; `plutil -convert \
                     xml1 FILE` turns one into an XML property list"
                        .to_owned(),
                ),
            );
            return None;
        }
        // What the quick scanner's events put in `diags` before it gave up is taken out.
        let mark = self.diags.len();
        read_with(text, None, |events, base| {
            self.diags.truncate(mark);
            self.unknown_entities = None;
            self.read(text, base, events)
        })
    }

    /// Reads the events of `reader` into a tree: `Err` when the quick scanner gave up.
    fn read<'t>(
        &mut self,
        text: &'t str,
        base: usize,
        mut reader: Events<'t>,
    ) -> Result<Option<Node>, GaveUp> {
        let mut stack: Vec<Open<'t>> = Vec::new();
        let mut root: Option<Node> = None;
        loop {
            let before = offset(reader.buffer_position(), base, text);
            let event = match reader.read_event() {
                Ok(event) => event,
                Err(Failure::Unsupported) => return Err(GaveUp),
                Err(Failure::Xml(error)) => {
                    let at = offset(reader.error_position(), base, text);
                    self.invalid(self.span(at, at), format!("not valid XML: {error}"), None);
                    return Ok(None);
                }
            };
            let after = offset(reader.buffer_position(), base, text);
            match event {
                Event::Start(start) | Event::Empty(start) if stack.is_empty() && root.is_some() => {
                    let name = start.name().as_ref().to_owned();
                    self.invalid(
                        self.span(before, after),
                        format!("`<{name}>` after the end of the property list"),
                        Some("a property list file holds one `<plist>` element".to_owned()),
                    );
                    return Ok(None);
                }
                Event::Start(start) => {
                    if stack.len() >= MAX_DEPTH {
                        self.invalid(
                            self.span(before, after),
                            format!("elements are nested more than {MAX_DEPTH} levels deep"),
                            Some("a privacy manifest needs five levels".to_owned()),
                        );
                        return Ok(None);
                    }
                    stack.push(Open::new(text, &start, before, after));
                }
                Event::Empty(start) => {
                    let node = self.close(Open::new(text, &start, before, after), after, after);
                    self.attach(&mut stack, &mut root, node);
                }
                Event::End(_) => {
                    // quick-xml reports end tags that match no start tag as errors.
                    if let Some(open) = stack.pop() {
                        let node = self.close(open, before, after);
                        self.attach(&mut stack, &mut root, node);
                    }
                }
                Event::Text(content) if stack.is_empty() => {
                    if !content.xml10_content().trim().is_empty() {
                        self.invalid(
                            self.span(before, after),
                            "this is not an XML property list: text outside any element".to_owned(),
                            Some(
                                "a privacy manifest is an XML property list holding a `<dict>`"
                                    .to_owned(),
                            ),
                        );
                        return Ok(None);
                    }
                }
                Event::Text(content)
                    if !stack.last().is_some_and(|o| o.tag.holds_text())
                        && content.bytes().all(|b| b.is_ascii_whitespace()) =>
                {
                    // The indentation between elements: most of a file's text events.
                }
                Event::Text(content) => {
                    let content = content.xml10_content();
                    self.text(&mut stack, &content, before, after);
                }
                Event::CData(content) => {
                    let content = content.xml10_content();
                    self.text(&mut stack, &content, before, after);
                }
                Event::GeneralRef(reference) => {
                    let resolved = match reference.resolve_char_ref() {
                        Ok(Some(c)) => Some(c.to_string()),
                        Ok(None) => {
                            quick_xml::escape::resolve_xml_entity(&reference).map(str::to_owned)
                        }
                        Err(_) => None,
                    };
                    match resolved {
                        Some(content) => self.text(&mut stack, &content, before, after),
                        None => self.unknown_entity(&reference, before, after),
                    }
                }
                Event::Decl(_) | Event::PI(_) | Event::DocType(_) | Event::Comment(_) => {}
                Event::Eof => break,
            }
        }
        if let Some(open) = stack.first() {
            let name = open.name;
            self.invalid(
                self.span(open.start, open.content_start),
                format!("`<{name}>` is not closed"),
                Some(format!("add `</{name}>`")),
            );
            return Ok(None);
        }
        if root.is_none() {
            self.invalid(
                self.span(0, 0),
                "the file has no `<plist>` element".to_owned(),
                Some("a privacy manifest is an XML property list holding a `<dict>`".to_owned()),
            );
        }
        Ok(root)
    }

    /// Reports the first unknown entity of the file; the others are only counted.
    fn unknown_entity(&mut self, name: &str, start: usize, end: usize) {
        if let Some((_, more)) = &mut self.unknown_entities {
            *more += 1;
            return;
        }
        self.unknown_entities = Some((self.diags.len(), 0));
        self.invalid(
            self.span(start, end),
            format!("unknown entity `&{name};`"),
            Some(
                "write the character itself, or one of `&amp;`, `&lt;`, `&gt;`, `&quot;`, \
                 `&apos;` or a character reference"
                    .to_owned(),
            ),
        );
    }

    /// Says in the first unknown entity's finding how many more the file has.
    fn count_unknown_entities(&mut self) {
        if let Some((index, more)) = self.unknown_entities.filter(|(_, more)| *more > 0)
            && let Some(diag) = self.diags.get_mut(index)
        {
            let entities = if more == 1 { "entity" } else { "entities" };
            diag.message.push_str(&format!(
                ", and {more} more unknown {entities} in this file"
            ));
            diag.primary.message = "the first one; the others are not reported".to_owned();
        }
    }

    /// Text inside the innermost open element: kept by elements that hold text, reported
    /// anywhere else unless it is whitespace.
    fn text(&mut self, stack: &mut [Open<'_>], content: &str, start: usize, end: usize) {
        // The top dictionary's keys are `<plist>`, `<dict>`, `<key>`: three deep.
        let kept = self.keep == Keep::All || stack.len() == 3;
        match stack.last_mut() {
            Some(open) if open.tag.holds_text() => {
                if kept {
                    open.text.push_str(content);
                }
            }
            _ if content.trim().is_empty() => {}
            open => {
                let place = open.map_or_else(
                    || "outside the property list".to_owned(),
                    |o| format!("inside `<{}>`", o.name),
                );
                // Only text the reader splits around an entity reaches here outside any
                // element; plain text there ends the reading above.
                let lead = content.len() - content.trim_start().len();
                let trail = content.len() - content.trim_end().len();
                let span = if start + content.len() == end {
                    self.span(start + lead, end - trail)
                } else {
                    self.span(start, end)
                };
                self.invalid(
                    span,
                    format!("unexpected text {place}"),
                    Some("text belongs in a `<key>` or a `<string>`".to_owned()),
                );
            }
        }
    }

    /// Adds a finished element to its parent, or makes it the root.
    fn attach(&mut self, stack: &mut [Open<'_>], root: &mut Option<Node>, node: Node) {
        match stack.last_mut() {
            Some(parent) => parent.children.push(node),
            None => *root = Some(node),
        }
    }

    /// Turns an element whose end tag starts at `end_start` and ends at `end` into a value.
    fn close(&mut self, open: Open<'_>, end_start: usize, end: usize) -> Node {
        let element = self.span(open.start, end);
        let tag = self.span(open.start, open.content_start);
        let inner = if open.content_start < end_start {
            self.span(open.content_start, end_start)
        } else {
            element
        };
        if open.tag.holds_text() {
            if let Some(child) = open.children.first() {
                self.invalid(
                    child.tag,
                    format!("`<{}>` cannot hold other elements", open.name),
                    None,
                );
            }
        } else if let Some(child) = open
            .children
            .iter()
            .find(|c| matches!(c.value, Value::Key(_)))
            .filter(|_| open.tag != Tag::Dict)
        {
            self.invalid(
                child.tag,
                format!("`<key>` inside `<{}>`", open.name),
                Some("keys belong in a `<dict>`, each before its value".to_owned()),
            );
        }
        let value = match open.tag {
            Tag::Key => Value::Key(open.text),
            Tag::String => Value::String(open.text),
            Tag::True => Value::Bool(true),
            Tag::False => Value::Bool(false),
            Tag::Integer => Value::Other("an integer"),
            Tag::Real => Value::Other("a real number"),
            Tag::Date => Value::Other("a date"),
            Tag::Data => Value::Other("data"),
            Tag::Array => Value::Array(
                open.children
                    .into_iter()
                    .filter(|c| !matches!(c.value, Value::Key(_)))
                    .collect(),
            ),
            Tag::Dict => Value::Dict(self.pairs(open.children)),
            Tag::Plist => return self.plist(open.children, element, tag),
            Tag::Unknown => {
                self.invalid(
                    tag,
                    format!("unknown element `<{}>`", open.name),
                    Some(
                        "a property list holds `<dict>`, `<key>`, `<array>`, `<string>`, \
                         `<true/>` and `<false/>`"
                            .to_owned(),
                    ),
                );
                Value::Other(UNKNOWN_ELEMENT)
            }
        };
        let span = match value {
            Value::Key(_) | Value::String(_) => inner,
            _ => element,
        };
        Node { value, span, tag }
    }

    /// The one value of `<plist>`.
    fn plist(&mut self, children: Vec<Node>, element: Span, tag: Span) -> Node {
        let mut children = children.into_iter();
        let Some(first) = children.next() else {
            self.invalid(
                tag,
                "`<plist>` is empty".to_owned(),
                Some("a privacy manifest holds a `<dict>`".to_owned()),
            );
            return Node {
                value: Value::Other("an empty `<plist>`"),
                span: element,
                tag,
            };
        };
        if let Some(extra) = children.next() {
            self.invalid(
                extra.tag,
                "`<plist>` holds more than one value".to_owned(),
                Some("a privacy manifest holds one `<dict>`".to_owned()),
            );
        }
        first
    }

    /// Pairs each `<key>` of a dictionary with the value after it.
    fn pairs(&mut self, children: Vec<Node>) -> Vec<(Str, Node)> {
        let mut pairs = Vec::new();
        let mut key: Option<Str> = None;
        for child in children {
            match (child.value, key.take()) {
                (Value::Key(name), previous) => {
                    if let Some(previous) = previous {
                        self.key_without_value(&previous);
                    }
                    key = Some(Str {
                        value: name,
                        span: child.span,
                    });
                }
                (value, Some(k)) => pairs.push((
                    k,
                    Node {
                        value,
                        span: child.span,
                        tag: child.tag,
                    },
                )),
                (value, None) => self.invalid(
                    child.tag,
                    format!(
                        "{} in a dictionary without a `<key>` before it",
                        value.kind()
                    ),
                    Some("write `<key>NAME</key>` before each value".to_owned()),
                ),
            }
        }
        if let Some(last) = key {
            self.key_without_value(&last);
        }
        pairs
    }

    fn key_without_value(&mut self, key: &Str) {
        self.invalid(
            key.span,
            format!("`{}` has no value", key.value),
            Some("write the value after its `<key>`".to_owned()),
        );
    }
}
