//! The XML the Android and Windows manifests are written in, read with `quick-xml` into the
//! start tags their readers need: each element's name and attributes, with the span of every
//! attribute value. Comments, text and processing instructions are skipped (a commented-out
//! permission is not requested); well-formedness is quick-xml's (the events come from
//! `platform::events`: a quick scanner, or quick-xml where it gives up).

use quick_xml::events::BytesStart;

use crate::platform::events::{Events, Failure, GaveUp, Kind, read_with};

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// Deepest nesting read: an Android manifest needs four levels, a Windows one five.
const MAX_DEPTH: usize = 64;

/// One attribute of a start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Attribute {
    /// Its name as written, with its prefix (`android:name`).
    pub(super) name: String,
    /// Its value, entities resolved.
    pub(super) value: String,
    /// Where the value is written, between its quotes.
    pub(super) span: Span,
}

/// One start tag (or empty element).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Element {
    /// Its name as written, with its prefix (`uap:Capability`).
    pub(super) name: String,
    /// Its attributes in order.
    pub(super) attributes: Vec<Attribute>,
    /// The names of the elements it is inside, outermost first.
    pub(super) parents: Vec<String>,
    /// The whole tag.
    pub(super) span: Span,
}

impl Element {
    /// The attribute named `name` (with its prefix), or with local name `local` under any
    /// prefix when `name` is absent.
    pub(super) fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }
}

/// The start tags of `text` that `wanted` picks by their names and their parents' (outermost
/// first), or the finding that says where it is not well-formed XML: the whole text is read,
/// only the wanted tags are built. `what` names the file for messages ("an Android manifest").
pub(super) fn elements(
    file: FileId,
    text: &str,
    what: &str,
    wanted: impl Fn(&str, &[&str]) -> bool,
) -> Result<Vec<Element>, Box<Diagnostic>> {
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(Box::new(
            Diagnostic::new(
                Code::InvalidManifest,
                Span::new(file, 0, 0),
                format!("{what} is empty"),
            )
            .with_help("it is an XML file; candor reads the permissions and capabilities it names"),
        ));
    }
    read_with(text, Ok(Vec::new()), |events, base| {
        read_tokens(file, text, base, what, &wanted, events)
    })
}

/// [`elements`] with the tokens of `reader`, whose positions are `base` bytes into `text`:
/// `Err` when the quick scanner gave up.
fn read_tokens<'t>(
    file: FileId,
    text: &'t str,
    base: usize,
    what: &str,
    wanted: &impl Fn(&str, &[&str]) -> bool,
    mut reader: Events<'t>,
) -> Result<Result<Vec<Element>, Box<Diagnostic>>, GaveUp> {
    let position = |p: usize| base.saturating_add(p).min(text.len());
    let mut stack: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    let mut root_seen = false;
    let mut read = 0usize;
    loop {
        let token = match reader.read_token() {
            Ok(token) => token,
            Err(Failure::Unsupported) => return Err(GaveUp),
            Err(Failure::Xml(error)) => {
                let at = usize::try_from(reader.error_position()).map_or(text.len(), position);
                return Ok(Err(Box::new(Diagnostic::new(
                    Code::InvalidManifest,
                    Span::new(file, at, at),
                    format!("{what} is not valid XML: {error}"),
                ))));
            }
        };
        let (before, after) = (position(token.start), position(token.end));
        let content = (position(token.content.0), position(token.content.1));
        let name = text
            .get(content.0..content.0.saturating_add(token.name_len))
            .unwrap_or("");
        match token.kind {
            Kind::Start | Kind::Empty if stack.is_empty() && root_seen => {
                return Ok(Err(Box::new(Diagnostic::new(
                    Code::InvalidManifest,
                    Span::new(file, before, after),
                    format!("{what} is not valid XML: an element after the end of the document"),
                ))));
            }
            Kind::Start | Kind::Empty => {
                let empty = token.kind == Kind::Empty;
                if !empty && stack.len() >= MAX_DEPTH {
                    return Ok(Err(Box::new(Diagnostic::new(
                        Code::InvalidManifest,
                        Span::new(file, before, after),
                        format!("{what} nests elements more than {MAX_DEPTH} levels deep"),
                    ))));
                }
                root_seen = true;
                read += 1;
                if wanted(name, &stack) {
                    let tag = text.get(content.0..content.1).unwrap_or("");
                    let start = BytesStart::from_content(tag, token.name_len);
                    out.push(element(file, text, &start, &stack, before, after));
                }
                if !empty {
                    stack.push(name);
                }
            }
            Kind::End => {
                stack.pop();
            }
            Kind::Text
                if stack.is_empty() && !text.get(before..after).unwrap_or("").trim().is_empty() =>
            {
                return Ok(Err(Box::new(Diagnostic::new(
                    Code::InvalidManifest,
                    Span::new(file, before, after),
                    format!("{what} is not XML: text outside any element"),
                ))));
            }
            Kind::Eof => break,
            _ => {}
        }
        if read > crate::limits::EVIDENCE_ELEMENTS {
            return Ok(Err(Box::new(Diagnostic::new(
                Code::InvalidManifest,
                Span::new(file, before, after),
                format!(
                    "{what} has more than {} elements; candor reads no further",
                    crate::limits::EVIDENCE_ELEMENTS
                ),
            ))));
        }
    }
    if !stack.is_empty() {
        return Ok(Err(Box::new(Diagnostic::new(
            Code::InvalidManifest,
            Span::new(file, text.len(), text.len()),
            format!(
                "{what} is not valid XML: it ends inside `<{}>`",
                stack.join("> <")
            ),
        ))));
    }
    Ok(Ok(out))
}

fn name_of(start: &BytesStart<'_>) -> String {
    start.name().as_ref().to_owned()
}

/// The element of the tag `text[before..after]`.
fn element(
    file: FileId,
    text: &str,
    start: &BytesStart<'_>,
    parents: &[&str],
    before: usize,
    after: usize,
) -> Element {
    let tag = text.get(before..after).unwrap_or("");
    let mut attributes = Vec::new();
    for attribute in start.attributes().with_checks(false).flatten() {
        let name = attribute.key.as_ref().to_owned();
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_or_else(|_| attribute.value.clone().into_owned(), |v| v.into_owned());
        let span = value_span(tag, &name).map_or(Span::new(file, before, after), |(s, e)| {
            Span::new(file, before + s, before + e)
        });
        attributes.push(Attribute { name, value, span });
    }
    Element {
        name: name_of(start),
        attributes,
        parents: parents.iter().map(|p| (*p).to_owned()).collect(),
        span: Span::new(file, before, after),
    }
}

/// Where the value of attribute `name` is written in the start tag `tag`, between its quotes.
fn value_span(tag: &str, name: &str) -> Option<(usize, usize)> {
    let bytes = tag.as_bytes();
    let mut from = 0;
    while let Some(found) = tag.get(from..)?.find(name) {
        let at = from + found;
        from = at + name.len();
        let before_ok = at > 0 && bytes.get(at - 1).is_some_and(u8::is_ascii_whitespace);
        if !before_ok {
            continue;
        }
        let mut i = at + name.len();
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let quote = *bytes.get(i)?;
        if quote != b'"' && quote != b'\'' {
            continue;
        }
        let start = i + 1;
        let end = start + tag.get(start..)?.find(quote as char)?;
        return Some((start, end));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_spans_skip_a_name_inside_another_and_take_either_quote() {
        let tag = r#"<uses-permission tools:name="x" android:name = 'android.permission.CAMERA'/>"#;
        let (s, e) = value_span(tag, "android:name").unwrap();
        assert_eq!(&tag[s..e], "android.permission.CAMERA");
        assert_eq!(value_span(tag, "name"), None);
    }

    #[test]
    fn elements_know_their_parents_and_comments_are_skipped() {
        let text = "<manifest>\n<!-- <uses-permission android:name=\"a\"/> -->\n<application>\
                    <activity android:name=\"b\"/></application></manifest>";
        let found = elements(FileId(0), text, "an Android manifest", |_, _| true).unwrap();
        let names: Vec<(&str, usize)> = found
            .iter()
            .map(|e| (e.name.as_str(), e.parents.len()))
            .collect();
        assert_eq!(
            names,
            [("manifest", 0), ("application", 1), ("activity", 2)]
        );
    }

    /// Reads `text` both ways; when the scanner read it, both must find the same.
    fn both_ways_agree(text: &str) -> bool {
        let wanted = |name: &str, parents: &[&str]| parents.len() < 3 && !name.starts_with('a');
        let what = "an Android manifest";
        let quick = read_tokens(FileId(0), text, 0, what, &wanted, Events::quick(text));
        let full = read_tokens(FileId(0), text, 0, what, &wanted, Events::full(text));
        let Ok(quick) = quick else {
            return false;
        };
        assert_eq!(
            format!("{quick:?}"),
            format!("{:?}", full.unwrap()),
            "the two readings differ on {text:?}"
        );
        true
    }

    #[test]
    fn the_scanner_and_quick_xml_find_the_same_elements() {
        use crate::platform::events::tests::{Rng, mutated, xml_fixtures};
        let files: Vec<String> = xml_fixtures()
            .into_iter()
            .filter(|t| !t.contains("<plist"))
            .collect();
        let read = files.iter().filter(|t| both_ways_agree(t)).count();
        assert!(
            read * 2 > files.len(),
            "the scanner read {read} of {}",
            files.len()
        );
        let mut rng = Rng(0x5851_f42d_4c95_7f2d);
        for text in &files {
            for _ in 0..50 {
                both_ways_agree(&mutated(text, &mut rng));
            }
        }
    }

    #[test]
    fn broken_xml_is_one_finding_where_it_breaks() {
        let err = elements(
            FileId(0),
            "<manifest><a></manifest>",
            "an Android manifest",
            |_, _| true,
        )
        .unwrap_err();
        assert!(
            err.message
                .starts_with("an Android manifest is not valid XML"),
            "{}",
            err.message
        );
        let err = elements(FileId(0), "  ", "an Android manifest", |_, _| true).unwrap_err();
        assert_eq!(err.message, "an Android manifest is empty");
    }
}
