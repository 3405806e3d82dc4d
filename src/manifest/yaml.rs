//! The YAML boundary: reads a manifest's text with `serde-saphyr` under tight budgets into a
//! small tree of spanned values, so that the schema can be checked entry by entry (one bad entry
//! never hides the others) with an exact span on every value.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{Budget, Location, Options, Spanned};

use crate::limits;

/// A YAML value with the byte range it was written at.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// The shapes a manifest value can take.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A string scalar.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order.
    Map(Vec<(Node, Node)>),
    /// Any other scalar, by the name of its type (`number`, `boolean`, `null`).
    Other(&'static str),
}

impl Value {
    /// What this value is, for "expected a list, found a number" messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
            Value::Other(kind) => kind,
        }
    }
}

/// A YAML error: what went wrong and the byte offset where, when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// The parser's message.
    pub message: String,
    /// Where, as a byte offset, when the parser knows it.
    pub offset: Option<usize>,
    /// Where, as a 1-based line and character column, when the parser knows it.
    pub line_column: Option<(usize, usize)>,
    /// Whether the text crossed one of candor's limits (rather than not being YAML).
    pub over_limit: bool,
    /// What to write instead, when the text is YAML that manifests do not take (a tag, a
    /// special float) rather than text that is not YAML.
    pub unsupported: Option<String>,
}

impl YamlError {
    /// Where in `text` the error is, as a byte offset (the start when the parser does not say).
    pub fn offset_in(&self, text: &str) -> usize {
        self.offset
            .or_else(|| self.line_column.map(|(l, c)| offset_of(text, l, c)))
            .unwrap_or(0)
            .min(text.len())
    }
}

/// The byte offset of a 1-based line and character column.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return offset
                + l.char_indices()
                    .nth(column.saturating_sub(1))
                    .map_or(l.len(), |(b, _)| b);
        }
        offset += l.len();
    }
    text.len()
}

/// Whether a YAML text holds nothing but white space, comments and document markers.
pub fn is_blank(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .lines()
        .map(str::trim)
        .all(|l| l.is_empty() || l.starts_with('#') || l == "---" || l == "...")
}

/// Keys in backticks, joined: `` `a`, `b`, `c` ``.
pub fn listed(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The options candor reads manifests with: strict booleans, duplicate keys rejected, and the
/// budgets of [`limits`].
pub(crate) fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = limits::YAML_DEPTH;
    budget.max_nodes = limits::YAML_NODES;
    budget.max_aliases = limits::YAML_ALIASES;
    budget.max_anchors = limits::YAML_ALIASES;
    budget.max_events = limits::YAML_NODES * 2;
    budget.max_documents = 1;
    budget.flow_nesting_limit = limits::YAML_DEPTH;
    budget.max_total_scalar_bytes = limits::MANIFEST_BYTES as usize;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.strict_booleans = true;
    options.with_snippet = false;
    options
}

/// What a YAML document is, in the messages about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject {
    /// The document as a sentence's subject: `the manifest`.
    pub the: &'static str,
    /// Any such document: `a manifest`.
    pub a: &'static str,
    /// Where a construct is not supported: `in manifests`.
    pub within: &'static str,
    /// What it takes where a value is expected: `manifests take text here`.
    pub takes_text: &'static str,
}

/// A product data manifest.
pub const MANIFEST: Subject = Subject {
    the: "the manifest",
    a: "a manifest",
    within: "in manifests",
    takes_text: "manifests take text here",
};

/// candor's configuration, `candor.yaml`.
pub const CONFIG: Subject = Subject {
    the: "candor.yaml",
    a: "candor.yaml",
    within: "in candor.yaml",
    takes_text: "candor.yaml takes text here",
};

/// Parses the text of a manifest into a spanned tree.
pub fn parse(text: &str) -> Result<Node, YamlError> {
    parse_as(text, MANIFEST)
}

/// Parses `text`, a document of `subject`, into a spanned tree, under the same options and
/// budgets whatever the document.
pub fn parse_as(text: &str, subject: Subject) -> Result<Node, YamlError> {
    serde_saphyr::from_str_with_options::<Spanned<Raw>>(text, options())
        .map(|spanned| node(spanned, text))
        .map_err(|error| {
            let location = error.location();
            let offset = location
                .and_then(|l| l.span().byte_offset())
                .map(|o| o as usize);
            let line_column = location
                .filter(|l| l.line() > 0)
                .map(|l| (l.line() as usize, l.column().max(1) as usize));
            let (message, over_limit) = classify(&error, subject);
            let unsupported = unsupported(&error, text, offset, subject);
            let message = unsupported
                .as_ref()
                .map_or(message, |(message, _)| message.clone());
            YamlError {
                message,
                offset,
                line_column,
                over_limit,
                unsupported: unsupported.map(|(_, help)| help),
            }
        })
}

/// What went wrong, in words, and whether it was one of candor's limits: budget breaches and
/// several documents are recognised by serde-saphyr's typed errors; other errors keep the
/// parser's message without its location (candor shows that itself) or advice meant for
/// programmers.
fn classify(error: &serde_saphyr::Error, subject: Subject) -> (String, bool) {
    let mut inner = error;
    while let serde_saphyr::Error::WithSnippet { error, .. }
    | serde_saphyr::Error::AliasError { error, .. } = inner
    {
        inner = error;
    }
    match inner {
        serde_saphyr::Error::Budget { breach, .. } => (budget_message(breach, subject), true),
        serde_saphyr::Error::MultipleDocuments { .. } => (several_documents(subject), true),
        other => {
            let text = other.to_string();
            // The scanner's own nesting guard has no typed error: it is the depth limit.
            if text.contains("recursion limit exceeded") {
                return (depth_message(subject), true);
            }
            let mut message = text.lines().next().unwrap_or("").to_owned();
            for cut in [" at line ", ", set DuplicateKeyPolicy"] {
                if let Some(at) = message.find(cut) {
                    message.truncate(at);
                }
            }
            (message, false)
        }
    }
}

/// For YAML that manifests do not take, what it is and what to write instead: a tag
/// (`!!int 3`, `!!binary ...`), whose value serde-saphyr reports only as not fitting it
/// ("invalid u64"), and a special float (`.inf`, `.nan`, `1e999`).
fn unsupported(
    error: &serde_saphyr::Error,
    text: &str,
    offset: Option<usize>,
    subject: Subject,
) -> Option<(String, String)> {
    let mut inner = error;
    while let serde_saphyr::Error::WithSnippet { error, .. }
    | serde_saphyr::Error::AliasError { error, .. } = inner
    {
        inner = error;
    }
    let tag = |tag: &str| {
        Some((
            format!(
                "YAML tags like `{tag}` are not supported {}; write the value plainly",
                subject.within
            ),
            "write the value without the tag, in quotes if YAML would read it as a number, a \
             boolean or null"
                .to_owned(),
        ))
    };
    match inner {
        serde_saphyr::Error::NonFiniteFloat { value, .. } => Some((
            format!("`{value}` is a special float; {}", subject.takes_text),
            format!("write `\"{value}\"` if you mean the text"),
        )),
        serde_saphyr::Error::UnsupportedTag { tag: name, .. } => tag(name),
        serde_saphyr::Error::InvalidScalar { .. }
        | serde_saphyr::Error::InvalidBinaryBase64 { .. }
        | serde_saphyr::Error::BinaryNotUtf8 { .. }
        | serde_saphyr::Error::TaggedScalarCannotDeserializeIntoString { .. }
        | serde_saphyr::Error::InvalidBooleanStrict { .. } => {
            // The tag as written: the last `!` word on the line before the value.
            let at = offset?.min(text.len());
            let before = text.get(..at)?.rsplit('\n').next()?.trim_end();
            let written = before
                .rsplit(|c: char| c.is_whitespace() || matches!(c, '[' | '{' | ','))
                .next()
                .filter(|w| w.starts_with('!'));
            tag(written?)
        }
        _ => None,
    }
}

fn depth_message(subject: Subject) -> String {
    limit_message(
        subject,
        "levels of nesting",
        limits::YAML_DEPTH,
        "YAML_DEPTH",
    )
}

fn several_documents(subject: Subject) -> String {
    format!("{} is one YAML document; this file has several", subject.a)
}

fn limit_message(subject: Subject, what: &str, limit: usize, name: &str) -> String {
    format!(
        "{} has more than {limit} {what} (candor's limit {name})",
        subject.the
    )
}

/// Says which of candor's limits a YAML budget breach crossed.
fn budget_message(breach: &BudgetBreach, subject: Subject) -> String {
    match breach {
        BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. } => {
            limit_message(subject, "YAML nodes", limits::YAML_NODES, "YAML_NODES")
        }
        BudgetBreach::Aliases { .. } | BudgetBreach::AliasAnchorRatio { .. } => {
            limit_message(subject, "aliases", limits::YAML_ALIASES, "YAML_ALIASES")
        }
        BudgetBreach::Anchors { .. } => {
            limit_message(subject, "anchors", limits::YAML_ALIASES, "YAML_ALIASES")
        }
        BudgetBreach::Depth { .. } => depth_message(subject),
        BudgetBreach::Documents { .. } => several_documents(subject),
        BudgetBreach::ScalarBytes { .. } | BudgetBreach::InputBytes { .. } => limit_message(
            subject,
            "bytes of text",
            limits::MANIFEST_BYTES as usize,
            "MANIFEST_BYTES",
        ),
        // Any other budget: named in words, never by the library's own type.
        _ => format!(
            "{} is over one of candor's YAML limits (YAML_DEPTH, YAML_NODES, YAML_ALIASES, \
             MANIFEST_BYTES)",
            subject.the
        ),
    }
}

fn node(spanned: Spanned<Raw>, text: &str) -> Node {
    let value = match spanned.value {
        Raw::Str(s) => Value::Str(s),
        Raw::Seq(items) => Value::Seq(items.into_iter().map(|i| node(i, text)).collect()),
        Raw::Map(pairs) => Value::Map(
            pairs
                .into_iter()
                .map(|(k, v)| (node(k, text), node(v, text)))
                .collect(),
        ),
        Raw::Other(kind) => Value::Other(kind),
    };
    let children_end = match &value {
        Value::Seq(items) => items.iter().map(|n| n.end).max(),
        Value::Map(pairs) => pairs.iter().map(|(_, v)| v.end).max(),
        _ => None,
    };
    let (start, end) = byte_range(&spanned.referenced, children_end, text);
    Node { value, start, end }
}

/// The bytes of `text` a value parsed at `location` covers. A collection's own location is its
/// first token only: `children_end` (where its last child ends) widens it over its children,
/// and a flow collection is widened over its closing bracket.
pub(crate) fn byte_range(
    location: &Location,
    children_end: Option<usize>,
    text: &str,
) -> (usize, usize) {
    let span = location.span();
    let start = span.byte_offset().map_or(0, |o| o as usize).min(text.len());
    let len = span.byte_len().map_or(0, |l| l as usize);
    let end = (start + len).min(text.len());
    let mut end = children_end.map_or(end, |e| e.max(end));
    let closing = match text.get(start..start + 1) {
        Some("[") => Some(']'),
        Some("{") => Some('}'),
        _ => None,
    };
    if let Some(closing) = closing
        && let Some(rest) = text.get(end..)
        && let Some(at) = rest.find(closing)
    {
        end += at + 1;
    }
    (start, end)
}

/// Any YAML value, as `serde` hands it over; children keep their spans.
enum Raw {
    Str(String),
    Seq(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<Raw>, Spanned<Raw>)>),
    Other(&'static str),
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Str(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Raw, E> {
        Ok(Raw::Str(v))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Raw, E> {
        Ok(Raw::Other("a boolean"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Raw, E> {
        Ok(Raw::Other("a number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Raw, E> {
        Ok(Raw::Other("a number"))
    }

    fn visit_i128<E: de::Error>(self, _: i128) -> Result<Raw, E> {
        Ok(Raw::Other("a number"))
    }

    fn visit_u128<E: de::Error>(self, _: u128) -> Result<Raw, E> {
        Ok(Raw::Other("a number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Raw, E> {
        Ok(Raw::Other("a number"))
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Raw, E> {
        Ok(Raw::Other("binary data"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::Other("nothing (null)"))
    }

    fn visit_none<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::Other("nothing (null)"))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Raw, D::Error> {
        Raw::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Raw>>()? {
            items.push(item);
        }
        Ok(Raw::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut pairs = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Raw>>()? {
            let value = map.next_value::<Spanned<Raw>>()?;
            pairs.push((key, value));
        }
        Ok(Raw::Map(pairs))
    }
}
