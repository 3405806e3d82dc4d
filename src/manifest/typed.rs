//! The fast path for manifests that follow the schema exactly, which is nearly all of them:
//! serde-saphyr deserializes the text straight into typed structs with `deny_unknown_fields`,
//! and spans only on the values a finding may point at, instead of building the generic tree
//! of [`super::yaml`] and walking it.
//!
//! The fast path never reports anything. Whatever it does not accept (a YAML error, an unknown
//! or missing key, a value of the wrong type, an empty string or list, an id over the limits on
//! ids, a scalar that YAML could read as a number, boolean or null, tags, anchors and aliases,
//! merge keys, directives) is read again by the generic loader, which says exactly what is
//! wrong. So for every text it accepts, it returns the manifest the generic loader returns,
//! with no diagnostic; the tests below and the manifest fuzz target hold it to that.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::{Entry, Manifest, Str, yaml};
use crate::limits;
use crate::source::{FileId, Span};

/// Reads `text` as a manifest that follows the schema, or `None` when it does not (or may
/// not): the caller then reads it with the generic loader.
pub fn load(file: FileId, text: &str) -> Option<Manifest> {
    if !is_plain(text) {
        return None;
    }
    let typed: Mapping<TypedManifest> =
        serde_saphyr::from_str_with_options(text, yaml::options()).ok()?;
    let TypedManifest { product, collects } = typed.0;
    let read = Reader { file, text };
    let product = read.id(product)?;
    let entries = collects
        .0
        .into_iter()
        .map(|entry| read.entry(entry.0))
        .collect::<Option<Vec<Entry>>>()?;
    Some(Manifest {
        file,
        product: Some(product),
        entries,
    })
}

/// Whether `text` uses none of the YAML features the fast path leaves to the generic loader:
/// tags (`!`), anchors and aliases (`&`, `*`), merge keys (`<<`) and directives (`%`). A
/// string that merely contains one of these characters is read by the generic loader too.
fn is_plain(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr3(b'!', b'&', b'*', bytes).is_none()
        && memchr::memchr(b'%', bytes).is_none()
        && memchr::memmem::find(bytes, b"<<").is_none()
}

/// Whether a string, were it written as a plain scalar, might be read by YAML as something
/// other than a string (a number, a boolean, null), or is blank. It errs on the side of yes:
/// a yes only sends the file to the generic loader.
fn maybe_not_a_string(value: &str) -> bool {
    let trimmed = value.trim();
    let Some(first) = trimmed.bytes().next() else {
        return true;
    };
    first.is_ascii_digit()
        || matches!(first, b'+' | b'-' | b'.' | b'~')
        // The words are five letters at most.
        || (trimmed.len() <= 5
            && ["true", "false", "null", "yes", "no", "on", "off", "y", "n"]
                .iter()
                .any(|word| trimmed.eq_ignore_ascii_case(word)))
}

/// Turns typed values into the manifest model, with the spans the generic loader gives.
struct Reader<'t> {
    file: FileId,
    text: &'t str,
}

impl Reader<'_> {
    fn span(&self, (start, end): (usize, usize)) -> Span {
        Span::new(self.file, start, end)
    }

    fn string(&self, value: Spanned<Text>) -> Option<Str> {
        if maybe_not_a_string(&value.value.0) {
            return None;
        }
        Some(Str {
            span: self.span(yaml::byte_range(&value.referenced, None, self.text)),
            value: value.value.0,
        })
    }

    /// A string that names an id, within the limits on ids (the generic loader reports one
    /// over them).
    fn id(&self, value: Spanned<Text>) -> Option<Str> {
        let id = self.string(value)?;
        limits::id_breach("id", &id.value).is_none().then_some(id)
    }

    fn ids(&self, list: List<Spanned<Text>>) -> Option<Vec<Str>> {
        list.0.into_iter().map(|s| self.id(s)).collect()
    }

    fn entry(&self, entry: TypedEntry) -> Option<Entry> {
        let purposes = self.ids(entry.purposes)?;
        if purposes.is_empty() {
            return None;
        }
        let source = match entry.source {
            Some(source) => Some(self.id(source)?),
            None => None,
        };
        let (conditions, conditions_span) = match entry.conditions {
            Some(list) => {
                let location = list.referenced;
                let conditions = self.ids(list.value)?;
                let children_end = conditions.iter().map(|c| c.span.end).max();
                let range = yaml::byte_range(&location, children_end, self.text);
                (conditions, Some(self.span(range)))
            }
            None => (Vec::new(), None),
        };
        Some(Entry {
            data: self.string(entry.data)?,
            category: self.id(entry.category)?,
            purposes,
            source,
            conditions,
            conditions_span,
        })
    }
}

/// A manifest as the schema has it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TypedManifest {
    product: Spanned<Text>,
    collects: List<Mapping<TypedEntry>>,
}

/// An entry of `collects` as the schema has it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TypedEntry {
    data: Spanned<Text>,
    category: Spanned<Text>,
    purposes: List<Spanned<Text>>,
    // Present or absent; a null is not "absent" (the generic loader reports it).
    #[serde(default, deserialize_with = "present")]
    source: Option<Spanned<Text>>,
    #[serde(default, deserialize_with = "present")]
    conditions: Option<Spanned<List<Spanned<Text>>>>,
}

/// An optional key that is present: its value must deserialize as `T` (serde's own `Option`
/// would read a null as absent).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

/// A string scalar. Numbers, booleans and nulls written as plain scalars come through as their
/// text here; [`maybe_not_a_string`] sends those to the generic loader.
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_string(TextVisitor)
    }
}

struct TextVisitor;

impl Visitor<'_> for TextVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
        Ok(Text(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
        Ok(Text(v))
    }
}

/// A YAML sequence, and nothing else (not a null, as serde's `Vec` may accept).
struct List<T>(Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ListVisitor(PhantomData))
    }
}

struct ListVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
    type Value = List<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<List<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(List(items))
    }
}

/// A YAML mapping read as the struct `T`, and nothing else (serde's derived structs would also
/// take a sequence of their fields in order).
struct Mapping<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Mapping<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(MappingVisitor(PhantomData))
    }
}

struct MappingVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for MappingVisitor<T> {
    type Value = Mapping<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Mapping<T>, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Mapping)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// The fast path agrees with the generic loader on `text`: it accepts only what the
    /// generic loader reads with no diagnostic, and returns the same manifest then.
    fn agrees(text: &str) -> bool {
        let file = FileId(3);
        let fast = load(file, text);
        if let Some(fast) = &fast {
            let (tree, diagnostics) = super::super::load_tree(file, text);
            assert_eq!(diagnostics, Vec::new(), "{text:?}");
            assert_eq!(tree.as_ref(), Some(fast), "{text:?}");
        }
        fast.is_some()
    }

    const ENTRY: &str = "  - data: q\n    category: contact\n    purposes: [provide]\n";

    #[test]
    fn a_manifest_that_follows_the_schema_takes_the_fast_path() {
        let text = format!(
            "# yaml-language-server: $schema=x\nproduct: bing\ncollects:\n{ENTRY}  - data: \
             \"e-mail\"\n    category: 'contact.email'\n    purposes:\n      - provide\n      \
             - support\n    source: third_party.partners\n    conditions: [ location_enabled , \
             user_directed ]   # gates\n  - {{data: x, category: interests, purposes: [personalize], \
             conditions: []}}\n"
        );
        assert!(agrees(&text));
        assert!(agrees("product: bing\ncollects: []\n"));
        assert!(agrees(
            "\u{feff}product: bing\r\ncollects:\r\n- data: q\r\n  category: contact\r\n  \
             purposes: [provide]\r\n  conditions:\r\n  - location_enabled\r\n"
        ));
        assert!(agrees("---\nproduct: \"bing\"\ncollects: []\n...\n"));
        assert!(agrees(&format!(
            "product: bing\ncollects:\n{ENTRY}    conditions: [\n      location_enabled,\n    \
             ]\n"
        )));
        assert!(agrees(
            "product: bing\ncollects:\n- data: q\n  category: \"contact\"\n  purposes: [provide, \"support\"]\n  source: 'direct'\n"
        ));
    }

    #[test]
    fn anything_the_generic_loader_would_report_takes_the_generic_path() {
        for text in [
            "",
            "# nothing\n",
            "product: bing\n",
            "collects: []\n",
            "product: bing\ncollects: []\nextra: 1\n",
            "product: bing\ncollects: ~\n",
            "product: bing\ncollects:\n",
            "product: bing\ncollects: {}\n",
            "product: ~\ncollects: []\n",
            "product: 12\ncollects: []\n",
            "product: true\ncollects: []\n",
            "product: 1e3\ncollects: []\n",
            "product: .inf\ncollects: []\n",
            "product: -x\ncollects: []\n",
            "product: \"\"\ncollects: []\n",
            "product: \"  \"\ncollects: []\n",
            "product: [bing]\ncollects: []\n",
            "[bing, []]\n",
            "- product: bing\n",
            "product: bing\nproduct: bing\ncollects: []\n",
            "product: !!str bing\ncollects: []\n",
            "product: &p bing\ncollects: []\n",
            "product: bing\ncollects:\n  - <<: {data: q}\n    category: c\n    purposes: [p]\n",
            "%YAML 1.2\n---\nproduct: bing\ncollects: []\n",
            "product: bing\ncollects: []\n---\nproduct: bing\ncollects: []\n",
            "product: bing\ncollects:\n  - [q, contact]\n",
            "product: bing\ncollects:\n  - data: q\n    category: contact\n    purposes: []\n",
            "product: bing\ncollects:\n  - data: q\n    category: contact\n    purposes: provide\n",
            "product: bing\ncollects:\n  - data: q\n    category: contact\n",
            "product: bing\ncollects:\n  - data: q\n    category: contact\n    purposes: [provide]\n    source: ~\n",
            "product: bing\ncollects:\n  - data: q\n    category: contact\n    purposes: [provide]\n    source:\n",
            "product: bing\ncollects:\n  - data: q\n    category: contact\n    purposes: [provide]\n    conditions: ~\n",
            "product: bing\ncollects:\n  - data: q\n    category: contact\n    purposes: [provide]\n    conditions: [null]\n",
            "product: bing\ncollects:\n  - data: q\n    category: contact\n    purposes: [provide, 2]\n",
            "product: bing\ncollects:\n  - data: q\n    category: contact\n    purposes: [provide]\n    purpose: [x]\n",
            "product: bing\ncollects:\n  - data: 0.5\n    category: contact\n    purposes: [provide]\n",
            "product: bing\ncollects:\n  - data: q\n    category: contact\n    purposes: [provide\n",
            "product: bing\n\tcollects: []\n",
        ] {
            assert!(!agrees(text), "{text:?} took the fast path");
        }
    }

    /// Every manifest fixture: where the fast path accepts it, it agrees with the generic loader.
    #[test]
    fn the_fast_path_agrees_with_the_generic_loader_on_every_fixture() {
        let mut accepted = 0;
        let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for path in entries.flatten().map(|e| e.path()) {
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml")
                    && let Ok(text) = std::fs::read_to_string(&path)
                {
                    accepted += usize::from(agrees(&text));
                }
            }
        }
        assert!(accepted > 10, "only {accepted} fixtures took the fast path");
    }
}
