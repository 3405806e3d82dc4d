//! Binary property lists (`bplist00`) read into the same tree of values as XML ones, with the
//! `plist` crate's event reader. A binary file has no lines: every finding in one is at the
//! start of the file (line 1, column 1) and names the value it is about by its key path, such
//! as `NSPrivacyCollectedDataTypes[0].NSPrivacyCollectedDataType`.
//!
//! While the file is checked, each value has a place of its own: a number that stands as its
//! span (start and end both), so that the readers and the rules, which tell values apart by
//! their spans, work on it as on an XML file. Once every finding is made,
//! [`KeyPaths::resolve`] moves each to the start of the file and names its key path.
//!
//! A binary property list refers to its values by number and may refer to one many times: a
//! small file can name one dictionary a million times, or nest arrays as deep as it is long.
//! Reading stops, with a finding, past [`MAX_DEPTH`] levels of nesting, past one value per byte
//! of the file (and [`limits::PLIST_VALUES`]), and past [`limits::MANIFEST_BYTES`] of strings;
//! the `plist` crate refuses an array or dictionary that contains itself, and checks every
//! length and reference against the size of the file before it reads.

use std::collections::HashMap;
use std::io::Cursor;

use plist::stream::{BinaryReader, Event};

use super::plist::{MAX_DEPTH, Node, Value};
use crate::diagnostic::{Code, Diagnostic, Label};
use crate::limits;
use crate::manifest::Str;
use crate::source::{FileId, Span};

/// Reads a binary property list into a tree whose spans are places of `paths`, pushing a
/// diagnostic (at the start of the file) when it cannot. `None` when the file is not a binary
/// property list candor can read.
pub(crate) fn parse(
    file: FileId,
    bytes: &[u8],
    diags: &mut Vec<Diagnostic>,
) -> (Option<Node>, KeyPaths) {
    let mut reader = Reader {
        diags,
        paths: KeyPaths::new(file),
        values: 0,
        most_values: bytes.len().min(limits::PLIST_VALUES),
        string_bytes: 0,
    };
    let root = reader.read(bytes);
    (root, reader.paths)
}

/// Where the values of a binary property list are: each place's parent and the step from it.
#[derive(Debug, Clone)]
pub struct KeyPaths {
    file: FileId,
    /// Indexed by place; place 0 is the file as a whole.
    places: Vec<(usize, Step)>,
}

/// One step of a key path.
#[derive(Debug, Clone)]
enum Step {
    /// The file as a whole: a finding about the file names no value.
    File,
    /// The top-level value.
    Root,
    /// The value of a dictionary's key (and the key itself).
    Key(String),
    /// An element of an array.
    Index(usize),
}

/// The place of the file as a whole.
const FILE: usize = 0;

/// Most characters of one key shown in a key path.
const KEY_CHARS: usize = 80;

impl KeyPaths {
    fn new(file: FileId) -> Self {
        KeyPaths {
            file,
            places: vec![(FILE, Step::File)],
        }
    }

    /// A new place, `step` from `parent`.
    fn add(&mut self, parent: usize, step: Step) -> usize {
        self.places.push((parent, step));
        self.places.len() - 1
    }

    fn span(&self, place: usize) -> Span {
        Span::new(self.file, place, place)
    }

    /// The key path of `place` as a finding names it: `` `A[0].B` ``, "the top level" for the
    /// top-level value; `None` for the file as a whole (or a span that is no place).
    fn describe(&self, place: usize) -> Option<String> {
        let mut steps = Vec::new();
        let mut at = place;
        // Every parent is made before its children, so each step goes down; the bound is a
        // guard, not a limit.
        for _ in 0..self.places.len() {
            match self.places.get(at)? {
                (_, Step::File) => return None,
                (_, Step::Root) => break,
                (parent, step) => {
                    steps.push(step);
                    at = *parent;
                }
            }
        }
        if steps.is_empty() {
            return Some("the top level".to_owned());
        }
        let mut path = String::new();
        for step in steps.iter().rev() {
            match step {
                Step::Key(key) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.extend(key.chars().take(KEY_CHARS));
                    if key.chars().nth(KEY_CHARS).is_some() {
                        path.push('…');
                    }
                }
                Step::Index(index) => path.push_str(&format!("[{index}]")),
                Step::File | Step::Root => {}
            }
        }
        Some(format!("`{path}`"))
    }

    /// The findings of the file, each moved to its start (line 1, column 1) and naming the key
    /// path of its place in its message (a related place in its label). A binary file offers
    /// no fix: there is no text to edit. One message is said at most
    /// [`limits::FINDINGS_PER_LINE`] times (a file can name one bad value many times); the
    /// rest are counted in one more finding.
    pub fn resolve(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let start = Span::new(self.file, 0, 0);
        let mut said: HashMap<(Code, String), usize> = HashMap::new();
        // The findings left out, in the order their first was met.
        let mut left_out: Vec<(Diagnostic, usize)> = Vec::new();
        let mut kept = Vec::with_capacity(diagnostics.len());
        for mut diagnostic in diagnostics {
            if diagnostic.primary.span.file == self.file {
                let times = said
                    .entry((diagnostic.code, diagnostic.message.clone()))
                    .or_insert(0);
                *times += 1;
                if *times > limits::FINDINGS_PER_LINE {
                    match left_out
                        .iter_mut()
                        .find(|(d, _)| d.code == diagnostic.code && d.message == diagnostic.message)
                    {
                        Some((first, count)) => {
                            *count += 1;
                            first.severity = first.severity.min(diagnostic.severity);
                        }
                        None => left_out.push((diagnostic, 1)),
                    }
                    continue;
                }
                if let Some(path) = self.describe(diagnostic.primary.span.start) {
                    diagnostic.message = format!("{} (at {path})", diagnostic.message);
                }
                diagnostic.primary.span = start;
            }
            for label in &mut diagnostic.related {
                self.place(label);
            }
            if diagnostic
                .fix
                .as_ref()
                .is_some_and(|f| f.span.file == self.file)
            {
                diagnostic.fix = None;
            }
            kept.push(diagnostic);
        }
        for (first, count) in left_out {
            let findings = if count == 1 { "finding" } else { "findings" };
            let mut summary = Diagnostic::new(
                first.code,
                start,
                format!(
                    "{count} more {findings} like this one are not reported: {}",
                    first.message
                ),
            )
            .with_label("the same finding at other key paths")
            .with_help(format!(
                "a binary property list can name one value many times; candor says one thing \
                 at most {} times in one, so fix this and check again",
                limits::FINDINGS_PER_LINE
            ));
            summary.severity = first.severity;
            kept.push(summary);
        }
        kept
    }

    /// A label in this file moved to its start, its message naming its key path.
    fn place(&self, label: &mut Label) {
        if label.span.file != self.file {
            return;
        }
        if let Some(path) = self.describe(label.span.start) {
            label.message = if label.message.is_empty() {
                format!("at {path}")
            } else {
                format!("{}, at {path}", label.message)
            };
        }
        label.span = Span::new(self.file, 0, 0);
    }
}

/// An array or dictionary whose end has not been read yet.
enum Open {
    Array {
        place: usize,
        items: Vec<Node>,
    },
    Dict {
        place: usize,
        pairs: Vec<(Str, Node)>,
        /// The key read, until its value is.
        key: Option<Str>,
    },
}

struct Reader<'d> {
    diags: &'d mut Vec<Diagnostic>,
    paths: KeyPaths,
    /// Values (keys too) read so far, and the most that may be.
    values: usize,
    most_values: usize,
    /// Bytes of strings (keys too) read so far.
    string_bytes: usize,
}

/// What a value of a kind no privacy manifest uses is called.
fn kind_of(event: &Event<'_>) -> &'static str {
    match event {
        Event::Integer(_) => "an integer",
        Event::Real(_) => "a real number",
        Event::Date(_) => "a date",
        Event::Data(_) => "data",
        Event::Uid(_) => "a UID",
        Event::Boolean(_) => "a boolean",
        Event::String(_) => "a string",
        Event::StartArray(_) => "an array",
        Event::StartDictionary(_) => "a dictionary",
        _ => "a value of an unknown kind",
    }
}

impl Reader<'_> {
    fn invalid(&mut self, place: usize, message: String, help: &str) {
        let diag =
            Diagnostic::new(Code::InvalidManifest, self.paths.span(place), message).with_help(help);
        self.diags.push(diag);
    }

    fn read(&mut self, bytes: &[u8]) -> Option<Node> {
        let mut events = BinaryReader::new(Cursor::new(bytes));
        let mut stack: Vec<Open> = Vec::new();
        loop {
            let event = match events.next() {
                Some(Ok(event)) => event,
                Some(Err(error)) => {
                    self.invalid(
                        FILE,
                        format!("not a valid binary property list: {}", words(&error)),
                        "`plutil -lint FILE` checks the file on a Mac; `plutil -convert xml1 \
                         FILE` turns a readable one into an XML property list",
                    );
                    return None;
                }
                None => {
                    // The reader ends only after the top-level value; this is a guard.
                    self.invalid(
                        FILE,
                        "the binary property list ends inside a value".to_owned(),
                        "write the file again with Xcode or `plutil`",
                    );
                    return None;
                }
            };
            if !matches!(event, Event::EndCollection) && !self.count(&event) {
                return None;
            }
            if let Some(Open::Dict {
                place,
                key: key @ None,
                ..
            }) = stack.last_mut()
                && !matches!(event, Event::EndCollection)
            {
                let Event::String(name) = event else {
                    let place = *place;
                    let kind = kind_of(&event);
                    self.invalid(
                        place,
                        format!("a dictionary has {kind} as a key"),
                        "the keys of a property list's dictionaries are strings",
                    );
                    return None;
                };
                let name = name.into_owned();
                let at = self.paths.add(*place, Step::Key(name.clone()));
                *key = Some(Str {
                    value: name,
                    span: self.paths.span(at),
                });
                continue;
            }
            let value = match event {
                Event::EndCollection => {
                    let node = match stack.pop() {
                        Some(Open::Array { place, items }) => self.node(place, Value::Array(items)),
                        Some(Open::Dict { place, pairs, .. }) => {
                            self.node(place, Value::Dict(pairs))
                        }
                        None => return None,
                    };
                    match attach(&mut stack, node) {
                        Some(root) => return Some(root),
                        None => continue,
                    }
                }
                Event::StartArray(_) | Event::StartDictionary(_) => {
                    let place = self.place(&mut stack);
                    if stack.len() >= MAX_DEPTH {
                        self.invalid(
                            place,
                            format!("values are nested more than {MAX_DEPTH} levels deep"),
                            "a privacy manifest needs four levels",
                        );
                        return None;
                    }
                    stack.push(if matches!(event, Event::StartArray(_)) {
                        Open::Array {
                            place,
                            items: Vec::new(),
                        }
                    } else {
                        Open::Dict {
                            place,
                            pairs: Vec::new(),
                            key: None,
                        }
                    });
                    continue;
                }
                Event::String(text) => Value::String(text.into_owned()),
                Event::Boolean(value) => Value::Bool(value),
                other => Value::Other(kind_of(&other)),
            };
            let place = self.place(&mut stack);
            let node = self.node(place, value);
            if let Some(root) = attach(&mut stack, node) {
                return Some(root);
            }
        }
    }

    /// Counts a value against the budgets; `false` (reported) when it is one too many.
    fn count(&mut self, event: &Event<'_>) -> bool {
        self.values += 1;
        if let Event::String(text) = event {
            self.string_bytes = self.string_bytes.saturating_add(text.len());
        }
        if self.values > self.most_values {
            self.invalid(
                FILE,
                format!(
                    "the binary property list names more than {} values, over candor's limit \
                     (one value per byte of the file, and at most {} in all)",
                    self.most_values,
                    limits::PLIST_VALUES
                ),
                "a binary property list can name one array or dictionary many times; write the \
                 file again with Xcode or `plutil`, which name each once",
            );
            return false;
        }
        if u64::try_from(self.string_bytes).unwrap_or(u64::MAX) > limits::MANIFEST_BYTES {
            self.invalid(
                FILE,
                format!(
                    "the strings of the binary property list add up to more than {} bytes, \
                     over candor's limit MANIFEST_BYTES",
                    limits::MANIFEST_BYTES
                ),
                "a binary property list can name one string many times; write the file again \
                 with Xcode or `plutil`",
            );
            return false;
        }
        true
    }

    /// The place of the value read next: the element after the last of the open array, the
    /// value of the open dictionary's key, or the top level.
    fn place(&mut self, stack: &mut [Open]) -> usize {
        match stack.last_mut() {
            None => self.paths.add(FILE, Step::Root),
            Some(Open::Array { place, items }) => self.paths.add(*place, Step::Index(items.len())),
            Some(Open::Dict { key, .. }) => key.as_ref().map_or(FILE, |k| k.span.start),
        }
    }

    fn node(&self, place: usize, value: Value) -> Node {
        let span = self.paths.span(place);
        Node {
            value,
            span,
            tag: span,
        }
    }
}

/// Adds a finished value to the open array or dictionary, or gives it back when it is the
/// top-level value.
fn attach(stack: &mut [Open], node: Node) -> Option<Node> {
    match stack.last_mut() {
        None => Some(node),
        Some(Open::Array { items, .. }) => {
            items.push(node);
            None
        }
        Some(Open::Dict { pairs, key, .. }) => {
            if let Some(key) = key.take() {
                pairs.push((key, node));
            }
            None
        }
    }
}

/// Why the `plist` crate could not read the file, in words. Its errors name their kind only in
/// their `Debug` form (the crate is pinned, so the names below are its own); an unknown one is
/// shown as the crate says it.
fn words(error: &plist::Error) -> String {
    if error.is_io() || error.is_eof() {
        return "the file ends too early (an object, a table or the 32-byte trailer is cut \
                off)"
            .to_owned();
    }
    let shown = error.to_string();
    let (kind, at) = match shown.split_once(" (offset ") {
        Some((kind, rest)) => (kind, rest.strip_suffix(')')),
        None => (shown.as_str(), None),
    };
    let name = kind.split('(').next().unwrap_or(kind);
    let what = match name {
        "InvalidMagic" => "only `bplist00` binary property lists are read",
        "InvalidTrailerObjectOffsetSize" => {
            "its trailer gives an offset size that is not 1, 2, 3, 4 or 8 bytes"
        }
        "InvalidTrailerObjectReferenceSize" => {
            "its trailer gives a reference size that is not 1, 2, 3, 4 or 8 bytes"
        }
        "InvalidObjectLength" => "an object's length is not written as an integer",
        "ObjectReferenceTooLarge" => "a reference names an object the file does not have",
        "ObjectOffsetTooLarge" | "ObjectTooLarge" => {
            "an object or its length reaches past the objects of the file"
        }
        "RecursiveObject" => "an array or dictionary contains itself",
        "NullObjectUnimplemented" => "it holds a null, which property lists do not have",
        "FillObjectUnimplemented" => "it holds a fill byte where an object belongs",
        "IntegerOutOfRange" => "it holds an integer out of range",
        "OverflowOrNanDate" => "it holds a date out of range",
        "InvalidUtf8String" => "it holds a string that is not valid UTF-8",
        "InvalidUtf16String" => "it holds a string that is not valid UTF-16",
        "UnknownObjectType" => "it holds an object of a type property lists do not have",
        _ => return shown,
    };
    match at {
        Some(at) => format!("{what} (at byte {at})"),
        None => what.to_owned(),
    }
}

#[cfg(test)]
#[path = "binary_tests.rs"]
mod tests;
