//! Product data manifests (`privacy.yaml`): YAML to a spanned [`Manifest`], with every schema
//! problem reported as `invalid-manifest` at the value it is about. A malformed entry is
//! reported and left out; the other entries of the file are still returned.

pub mod fields;
pub mod schema;
pub(crate) mod syntax;
pub mod typed;
pub mod yaml;

pub use fields::DEFAULT_SOURCE;

use yaml::{Node, Value};

use crate::diagnostic::{Code, Diagnostic};
use crate::limits;
use crate::source::{FileId, Span};
use crate::suggest;

/// A string value and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Str {
    /// The text.
    pub value: String,
    /// Where.
    pub span: Span,
}

impl Str {
    /// Where the characters of the value are: its span, inside its quotes if it is quoted.
    /// `None` when the span holds something else (an escape, a folded scalar, an XML entity),
    /// which a fix must not guess at.
    pub fn text_span(&self) -> Option<Span> {
        let (len, written) = (self.value.len(), self.span.len());
        if written == len {
            Some(self.span)
        } else if written == len + 2 {
            Some(Span::new(
                self.span.file,
                self.span.start + 1,
                self.span.end - 1,
            ))
        } else {
            None
        }
    }
}

/// One entry of `collects`: a data element the product collects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The product's own name for the data element.
    pub data: Str,
    /// The category id.
    pub category: Str,
    /// The purpose ids, at least one.
    pub purposes: Vec<Str>,
    /// The source id, if given (the default is `direct`).
    pub source: Option<Str>,
    /// The condition ids the product enforces.
    pub conditions: Vec<Str>,
    /// The `conditions` value, when given.
    pub conditions_span: Option<Span>,
}

/// A whole manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// The file.
    pub file: FileId,
    /// The product id, when it is given as a string (a missing or malformed `product` is
    /// reported and hides none of the entries).
    pub product: Option<Str>,
    /// The entries that follow the schema.
    pub entries: Vec<Entry>,
}

/// Reads a manifest. Returns `None` when the file is not a YAML mapping at all; every problem is
/// a diagnostic.
pub fn load(file: FileId, text: &str) -> (Option<Manifest>, Vec<Diagnostic>) {
    match typed::load(file, text) {
        Some(manifest) => (Some(manifest), Vec::new()),
        None => load_tree(file, text),
    }
}

/// Reads a manifest through the generic tree of [`yaml`], which finds every problem; [`load`]
/// takes this path for any file the [`typed`] fast path does not accept.
pub fn load_tree(file: FileId, text: &str) -> (Option<Manifest>, Vec<Diagnostic>) {
    let mut loader = Loader {
        file,
        diags: Vec::new(),
    };
    let manifest = loader.manifest(text);
    (manifest, loader.diags)
}

struct Loader {
    file: FileId,
    diags: Vec<Diagnostic>,
}

/// The fields of one mapping, found by key, with unknown keys reported.
struct Fields<'n> {
    found: Vec<(&'static str, &'n Node)>,
    /// Keys that an unknown key was probably meant to be, so "missing" is not said twice.
    suggested: Vec<&'static str>,
}

impl<'n> Fields<'n> {
    fn get(&self, key: &str) -> Option<&'n Node> {
        self.found.iter().find(|(k, _)| *k == key).map(|(_, n)| *n)
    }
}

impl Loader {
    fn span(&self, node: &Node) -> Span {
        Span::new(self.file, node.start, node.end)
    }

    fn invalid(&mut self, span: Span, message: String, help: Option<String>) {
        let mut diag = Diagnostic::new(Code::InvalidManifest, span, message);
        diag.help = help;
        self.diags.push(diag);
    }

    fn manifest(&mut self, text: &str) -> Option<Manifest> {
        let whole = Span::new(self.file, 0, 0);
        if yaml::is_blank(text) {
            self.invalid(
                whole,
                "the manifest is empty".to_owned(),
                Some("a manifest needs `product:` and `collects:`".to_owned()),
            );
            return None;
        }
        let root = match yaml::parse(text) {
            Ok(root) => root,
            Err(error) => {
                let at = error.offset_in(text);
                let (at, message, help) = if let Some(help) = error.unsupported {
                    (at, error.message, Some(help))
                } else if error.over_limit {
                    let help = "candor refuses manifests this large or deep before they cost \
                                memory or time; a manifest needs a few levels and some entries";
                    (at, error.message, Some(help.to_owned()))
                } else {
                    let (at, message, help) = syntax::explain(text, at, &error.message);
                    (at, message, Some(help))
                };
                self.invalid(Span::new(self.file, at, at), message, help);
                return None;
            }
        };
        let fields = self.fields(&root, fields::MANIFEST, "a manifest")?;
        let product = self
            .required(&fields, "product", &root)
            .and_then(|node| self.id(node, "product", "product"));
        let collects = self.required(&fields, "collects", &root);
        let mut entries = Vec::new();
        if let Some(collects) = collects {
            match &collects.value {
                Value::Seq(items) => {
                    for item in items {
                        entries.extend(self.entry(item));
                    }
                }
                other => self.invalid(
                    self.span(collects),
                    format!(
                        "`collects` must be a list of entries, found {}",
                        other.kind()
                    ),
                    Some(
                        if matches!(other, Value::Other("nothing (null)")) {
                            "write `collects: []` for a product that collects nothing, or list \
                             its `- data: ...` entries"
                        } else {
                            "write `collects:` followed by `- data: ...` entries"
                        }
                        .to_owned(),
                    ),
                ),
            }
        }
        Some(Manifest {
            file: self.file,
            product,
            entries,
        })
    }

    /// The fields of a mapping node; unknown and non-string keys are reported.
    fn fields<'n>(
        &mut self,
        node: &'n Node,
        table: &[fields::Field],
        what: &str,
    ) -> Option<Fields<'n>> {
        let keys: Vec<&'static str> = table.iter().map(|f| f.key).collect();
        let Value::Map(pairs) = &node.value else {
            let expected = yaml::listed(&keys);
            self.invalid(
                self.span(node),
                format!(
                    "expected {what} (a mapping with {expected}), found {}",
                    node.value.kind()
                ),
                None,
            );
            return None;
        };
        let mut fields = Fields {
            found: Vec::new(),
            suggested: Vec::new(),
        };
        for (key, value) in pairs {
            let Value::Str(name) = &key.value else {
                self.invalid(
                    self.span(key),
                    format!("keys must be strings, found {}", key.value.kind()),
                    None,
                );
                continue;
            };
            match keys.iter().find(|k| **k == name.as_str()) {
                Some(known) => fields.found.push((known, value)),
                None => {
                    let nearest = suggest::nearest(name, keys.iter().copied());
                    let help = match nearest {
                        Some(n) => format!("did you mean `{n}`?"),
                        None => format!("the keys of {what} are {}", yaml::listed(&keys)),
                    };
                    if let Some(n) = nearest.and_then(|n| keys.iter().find(|k| **k == n)) {
                        fields.suggested.push(n);
                    }
                    self.invalid(
                        self.span(key),
                        format!("unknown key `{name}` in {what}"),
                        Some(help),
                    );
                }
            }
        }
        Some(fields)
    }

    fn required<'n>(&mut self, fields: &Fields<'n>, key: &str, parent: &Node) -> Option<&'n Node> {
        let found = fields.get(key);
        if found.is_none() && !fields.suggested.contains(&key) {
            let at = match &parent.value {
                Value::Map(pairs) => pairs.first().map_or(parent.start, |(k, _)| k.start),
                _ => parent.start,
            };
            self.invalid(
                Span::new(self.file, at, at),
                format!("missing key `{key}`"),
                Some(format!("add `{key}:`")),
            );
        }
        found
    }

    fn required_str(&mut self, fields: &Fields<'_>, key: &str, parent: &Node) -> Option<Str> {
        let node = self.required(fields, key, parent)?;
        self.string(node, key)
    }

    fn string(&mut self, node: &Node, key: &str) -> Option<Str> {
        match &node.value {
            Value::Str(s) if !s.trim().is_empty() => Some(Str {
                value: s.clone(),
                span: self.span(node),
            }),
            Value::Str(_) => {
                self.invalid(self.span(node), format!("{} is empty", shown(key)), None);
                None
            }
            other => {
                self.invalid(
                    self.span(node),
                    format!("{} must be a string, found {}", shown(key), other.kind()),
                    None,
                );
                None
            }
        }
    }

    /// A string that names an id (`noun` says of what), within [`limits::ID_BYTES`] and
    /// [`limits::ID_PARTS`].
    fn id(&mut self, node: &Node, key: &str, noun: &str) -> Option<Str> {
        let value = self.string(node, key)?;
        match limits::id_breach(noun, &value.value) {
            Some(message) => {
                self.invalid(value.span, message, Some(limits::id_help()));
                None
            }
            None => Some(value),
        }
    }

    fn strings(&mut self, node: &Node, key: &str) -> Option<Vec<Str>> {
        let Value::Seq(items) = &node.value else {
            let help = match &node.value {
                Value::Str(s) => Some(format!("write a list: `{key}: [{s}]`")),
                _ => None,
            };
            self.invalid(
                self.span(node),
                format!("`{key}` must be a list of ids, found {}", node.value.kind()),
                help,
            );
            return None;
        };
        let before = self.diags.len();
        let (item_name, noun) = match key {
            "purposes" => ("each purpose", "purpose"),
            "conditions" => ("each condition", "condition"),
            _ => ("each item", "id"),
        };
        let values: Vec<Str> = items
            .iter()
            .filter_map(|item| self.id(item, item_name, noun))
            .collect();
        (self.diags.len() == before).then_some(values)
    }

    /// One entry of `collects`, or `None` (reported) when it does not follow the schema.
    fn entry(&mut self, node: &Node) -> Option<Entry> {
        let fields = self.fields(node, fields::ENTRY, "an entry")?;
        let before = self.diags.len();
        let data = self.required_str(&fields, "data", node);
        let category = self
            .required(&fields, "category", node)
            .and_then(|n| self.id(n, "category", "category"));
        let purposes = self.required(&fields, "purposes", node).and_then(|n| {
            let list = self.strings(n, "purposes")?;
            if list.is_empty() {
                self.invalid(
                    self.span(n),
                    "`purposes` is empty".to_owned(),
                    Some("an entry is collected for at least one purpose".to_owned()),
                );
                return None;
            }
            Some(list)
        });
        let source = fields
            .get("source")
            .and_then(|n| self.id(n, "source", "source"));
        let conditions_node = fields.get("conditions");
        let conditions = match conditions_node {
            Some(n) => self.strings(n, "conditions").unwrap_or_default(),
            None => Vec::new(),
        };
        if self.diags.len() != before {
            return None;
        }
        Some(Entry {
            data: data?,
            category: category?,
            purposes: purposes?,
            source,
            conditions,
            conditions_span: conditions_node.map(|n| self.span(n)),
        })
    }
}

/// A key in backticks, or a phrase such as "each purpose" as it is.
fn shown(key: &str) -> String {
    if key.contains(' ') {
        key.to_owned()
    } else {
        format!("`{key}`")
    }
}
