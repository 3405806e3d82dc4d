//! Apple privacy manifests (`PrivacyInfo.xcprivacy`): an XML property list read with
//! `quick-xml`, which gives the byte offset of every element, so each `<string>` keeps the span
//! of its text (a UTF-16 file is decoded to text first, `super::encoding`), or a binary property
//! list (`super::binary`), whose values are at the start of the file and named by key path. The
//! file is first read into a small tree of property list values (dictionaries, arrays, strings,
//! booleans) with spans, then checked against Apple's rules: the four top-level keys (all
//! optional), the four keys of each collected data type, value types, the closed sets of data
//! types and purposes, and tracking domains whenever tracking is declared. A bad purpose costs
//! itself only; of a key given twice, the last value is read, as Apple reads it.

use std::collections::HashMap;

use super::binary::{self, KeyPaths};
use super::plist::{self, Node, Value};
use super::{AccessedApi, Declaration, Flag, Item, Platform, Use, UseKind, Vocabulary, ids};
use crate::diagnostic::{Code, Diagnostic};
use crate::manifest::Str;
use crate::source::{FileId, Span};
use crate::suggest;

/// `NSPrivacyTracking`: whether the app or SDK tracks.
pub const TRACKING: &str = "NSPrivacyTracking";
/// `NSPrivacyTrackingDomains`: the domains contacted for tracking.
pub const TRACKING_DOMAINS: &str = "NSPrivacyTrackingDomains";
/// `NSPrivacyCollectedDataTypes`: one dictionary per collected data type.
pub const COLLECTED_DATA_TYPES: &str = "NSPrivacyCollectedDataTypes";
/// `NSPrivacyAccessedAPITypes`: the required-reason APIs used.
pub const ACCESSED_API_TYPES: &str = "NSPrivacyAccessedAPITypes";
/// The keys of the top-level dictionary.
pub const MANIFEST_KEYS: &[&str] = &[
    TRACKING,
    TRACKING_DOMAINS,
    COLLECTED_DATA_TYPES,
    ACCESSED_API_TYPES,
];

/// The data type of a collected data type dictionary.
pub const DATA_TYPE: &str = "NSPrivacyCollectedDataType";
/// Whether the data is linked to the user's identity.
pub const LINKED: &str = "NSPrivacyCollectedDataTypeLinked";
/// Whether the data is used to track (the key is also the id tracking is mapped by).
pub const ITEM_TRACKING: &str = ids::APPLE_TRACKING.id;
/// The purposes of a collected data type.
pub const PURPOSES: &str = "NSPrivacyCollectedDataTypePurposes";
/// The keys of a collected data type dictionary, every one required.
pub const ITEM_KEYS: &[&str] = &[DATA_TYPE, LINKED, ITEM_TRACKING, PURPOSES];

/// The API category of a required-reason API dictionary.
pub const API_TYPE: &str = "NSPrivacyAccessedAPIType";
/// The reasons of a required-reason API dictionary.
pub const API_REASONS: &str = "NSPrivacyAccessedAPITypeReasons";
/// The keys of a required-reason API dictionary, both required.
pub const API_KEYS: &[&str] = &[API_TYPE, API_REASONS];

/// Reads a privacy manifest. `None` when the file is not a well-formed property list holding a
/// dictionary; every problem is a diagnostic, and a bad data type never hides the others.
pub fn load(file: FileId, text: &str) -> (Option<Declaration>, Vec<Diagnostic>) {
    let mut loader = Loader {
        file,
        diags: Vec::new(),
    };
    let declaration =
        plist::parse(file, text, &mut loader.diags).and_then(|root| loader.declaration(&root));
    (declaration, loader.diags)
}

/// Reads a binary privacy manifest (`bplist00`), as [`load`] reads an XML one. Its spans are
/// places of the [`KeyPaths`] returned: once the findings of the file are all made (the rules'
/// too), [`KeyPaths::resolve`] moves them to the start of the file and names their key paths.
pub fn load_binary(file: FileId, bytes: &[u8]) -> (Option<Declaration>, Vec<Diagnostic>, KeyPaths) {
    let mut loader = Loader {
        file,
        diags: Vec::new(),
    };
    let (root, paths) = binary::parse(file, bytes, &mut loader.diags);
    let declaration = root.and_then(|root| loader.declaration(&root));
    (declaration, loader.diags, paths)
}

struct Loader {
    file: FileId,
    diags: Vec<Diagnostic>,
}

/// The fields of one dictionary, found by key, with unknown and repeated keys reported.
struct Fields<'n> {
    /// Each known key with its value: the last one given, as Apple reads a repeated key.
    found: Vec<(&'static str, &'n Node)>,
    /// Keys that an unknown key was probably meant to be, so "missing" is not said twice.
    suggested: Vec<&'static str>,
    /// Whether the dictionary holds no key at all.
    empty: bool,
}

impl<'n> Fields<'n> {
    fn get(&self, key: &str) -> Option<&'n Node> {
        self.found.iter().find(|(k, _)| *k == key).map(|(_, n)| *n)
    }
}

fn keys_list(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `keys` as a sentence says them: `` `A`, `B` and `C` ``.
fn keys_sentence(keys: &[&str]) -> String {
    match keys {
        [] => String::new(),
        [one] => format!("`{one}`"),
        [rest @ .., last] => format!("{} and `{last}`", keys_list(rest)),
    }
}

/// What the strings of an array are: their noun, and an example of one for help.
struct Element {
    noun: &'static str,
    example: &'static str,
}

const PURPOSE: Element = Element {
    noun: "purpose",
    example: "one of Apple's purpose ids, such as `NSPrivacyCollectedDataTypePurposeAppFunctionality`",
};

const DOMAIN: Element = Element {
    noun: "tracking domain",
    example: "the domain, such as `tracking.example.com`",
};

const REASON: Element = Element {
    noun: "reason",
    example: "the reason's code, such as `CA92.1`",
};

impl Loader {
    fn invalid(&mut self, span: Span, message: String, help: Option<String>) {
        let mut diag = Diagnostic::new(Code::InvalidManifest, span, message);
        diag.help = help;
        self.diags.push(diag);
    }

    /// The fields of a dictionary; unknown and repeated keys are reported. Of a repeated key,
    /// the last value is read, as Apple's reader takes the last.
    fn fields<'n>(
        &mut self,
        node: &'n Node,
        keys: &[&'static str],
        what: &str,
    ) -> Option<Fields<'n>> {
        let Value::Dict(pairs) = &node.value else {
            if node.value.is_unknown_element() {
                return None;
            }
            self.invalid(
                node.tag,
                format!(
                    "expected {what} (a dictionary with {}), found {}",
                    keys_list(keys),
                    node.value.kind()
                ),
                None,
            );
            return None;
        };
        let mut fields = Fields {
            found: Vec::new(),
            suggested: Vec::new(),
            empty: pairs.is_empty(),
        };
        // Keys seen so far, with where: a map, as a dictionary can hold any number of keys.
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for (key, value) in pairs {
            if let Some(first) = seen.get(key.value.as_str()) {
                let diag = Diagnostic::new(
                    Code::InvalidManifest,
                    key.span,
                    format!("`{}` is given twice in {what}", key.value),
                )
                .with_label("given again here: this value is read")
                .with_related(*first, "first given here: this value is not read")
                .with_help(
                    "a dictionary holds each key once, and Apple reads the last value: remove \
                     the one that is wrong",
                );
                self.diags.push(diag);
                if let Some(slot) = fields.found.iter_mut().find(|(k, _)| *k == key.value) {
                    slot.1 = value;
                }
                continue;
            }
            seen.insert(&key.value, key.span);
            match keys.iter().find(|k| **k == key.value) {
                Some(known) => fields.found.push((known, value)),
                None => {
                    let nearest = suggest::nearest(&key.value, keys.iter().copied());
                    let help = match nearest {
                        Some(n) => format!("did you mean `{n}`?"),
                        None => format!("the keys of {what} are {}", keys_list(keys)),
                    };
                    if let Some(n) = nearest.and_then(|n| keys.iter().find(|k| **k == n)) {
                        fields.suggested.push(n);
                    }
                    self.invalid(
                        key.span,
                        format!("unknown key `{}` in {what}", key.value),
                        Some(help),
                    );
                }
            }
        }
        Some(fields)
    }

    /// Reports the keys of `keys` that `dict` (a `noun`, such as "collected data type") lacks,
    /// in one finding: a dictionary that lacks several lacks them in one place.
    fn require(&mut self, fields: &Fields<'_>, keys: &[&str], dict: &Node, noun: &str) {
        let missing: Vec<&str> = keys
            .iter()
            .copied()
            .filter(|k| fields.get(k).is_none() && !fields.suggested.contains(k))
            .collect();
        let (message, help) = match missing.as_slice() {
            [] => return,
            _ if fields.empty => (
                format!("an empty {noun}: it needs {}", keys_sentence(&missing)),
                "add each key and its value to this `<dict>`, or remove the `<dict>`".to_owned(),
            ),
            [key] => (
                format!("missing key `{key}`"),
                format!("add `<key>{key}</key>` and its value to this `<dict>`"),
            ),
            several => (
                format!("missing keys {}", keys_sentence(several)),
                "add each key and its value to this `<dict>`".to_owned(),
            ),
        };
        self.invalid(dict.tag, message, Some(help));
    }

    fn boolean(&mut self, key: &str, node: &Node) -> Option<Flag> {
        if let Value::Bool(value) = node.value {
            return Some(Flag {
                value,
                span: node.span,
            });
        }
        if node.value.is_unknown_element() {
            return None;
        }
        let help = match &node.value {
            Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "1" => "write `<true/>` instead of a string",
                "false" | "no" | "0" => "write `<false/>` instead of a string",
                _ => "write `<true/>` or `<false/>`",
            },
            _ => "write `<true/>` or `<false/>`",
        };
        self.invalid(
            node.span,
            format!("`{key}` must be a boolean, found {}", node.value.kind()),
            Some(help.to_owned()),
        );
        None
    }

    fn string(&mut self, key: &str, node: &Node) -> Option<Str> {
        match &node.value {
            Value::String(s) if !s.trim().is_empty() => Some(Str {
                value: s.clone(),
                span: node.span,
            }),
            Value::String(_) => {
                self.invalid(node.span, format!("`{key}` is empty"), None);
                None
            }
            other if other.is_unknown_element() => None,
            other => {
                self.invalid(
                    node.span,
                    format!("`{key}` must be a string, found {}", other.kind()),
                    None,
                );
                None
            }
        }
    }

    /// One string of the array `key` of `element`s (such as "purpose"); `None` (reported) when
    /// it is empty or not a string.
    fn element(&mut self, key: &str, element: &Element, node: &Node) -> Option<Str> {
        match &node.value {
            Value::String(s) if !s.trim().is_empty() => Some(Str {
                value: s.clone(),
                span: node.span,
            }),
            Value::String(_) => {
                let noun = element.noun;
                self.invalid(
                    node.span,
                    format!("an empty {noun} in `{key}`"),
                    Some(format!(
                        "write {}, or remove the empty `<string>`",
                        element.example
                    )),
                );
                None
            }
            other if other.is_unknown_element() => None,
            other => {
                self.invalid(
                    node.span,
                    format!(
                        "each {} in `{key}` must be a string, found {}",
                        element.noun,
                        other.kind()
                    ),
                    Some(format!("write {} in a `<string>`", element.example)),
                );
                None
            }
        }
    }

    /// An array of strings; `None` (reported) when it is not one. Bad elements (empty, or not
    /// strings) are reported and left out, and the others read.
    fn strings(&mut self, key: &str, element: &Element, node: &Node) -> Option<Vec<Str>> {
        let Value::Array(items) = &node.value else {
            if node.value.is_unknown_element() {
                return None;
            }
            let help = match &node.value {
                Value::String(s) => Some(format!(
                    "write an array: `<array><string>{s}</string></array>`"
                )),
                _ => None,
            };
            self.invalid(
                node.span,
                format!(
                    "`{key}` must be an array of strings, found {}",
                    node.value.kind()
                ),
                help,
            );
            return None;
        };
        Some(
            items
                .iter()
                .filter_map(|item| self.element(key, element, item))
                .collect(),
        )
    }

    fn array<'n>(&mut self, key: &str, node: &'n Node) -> &'n [Node] {
        match &node.value {
            Value::Array(items) => items,
            other if other.is_unknown_element() => &[],
            other => {
                self.invalid(
                    node.span,
                    format!(
                        "`{key}` must be an array of dictionaries, found {}",
                        other.kind()
                    ),
                    None,
                );
                &[]
            }
        }
    }

    /// The top-level dictionary, lowered.
    fn declaration(&mut self, root: &Node) -> Option<Declaration> {
        let Value::Dict(_) = root.value else {
            self.invalid(
                root.tag,
                format!(
                    "a privacy manifest must hold a dictionary, found {}",
                    root.value.kind()
                ),
                Some("write `<plist version=\"1.0\"><dict>...</dict></plist>`".to_owned()),
            );
            return None;
        };
        let fields = self.fields(root, MANIFEST_KEYS, "a privacy manifest")?;
        let mut declaration = Declaration::new(self.file, Platform::Apple);
        declaration.tracking = fields.get(TRACKING).and_then(|n| self.boolean(TRACKING, n));
        let domains = fields.get(TRACKING_DOMAINS);
        let domain_list = domains.and_then(|n| self.strings(TRACKING_DOMAINS, &DOMAIN, n));
        declaration.tracking_domains = domain_list.clone().unwrap_or_default();
        if let Some(tracking) = declaration.tracking.filter(|t| t.value) {
            // A domain list of the wrong type is reported already.
            if domain_list.as_ref().is_none_or(Vec::is_empty)
                && (domains.is_none() || domain_list.is_some())
            {
                self.invalid(
                    tracking.span,
                    format!("`{TRACKING}` is true but `{TRACKING_DOMAINS}` lists no domain"),
                    Some(format!(
                        "list the domains the app contacts for tracking in `{TRACKING_DOMAINS}`, \
                         or set `{TRACKING}` to `<false/>`"
                    )),
                );
            }
        }
        if let Some(node) = fields.get(COLLECTED_DATA_TYPES) {
            // Where each data type is first declared, to report repeats.
            let mut first: HashMap<String, Span> = HashMap::new();
            for entry in self.array(COLLECTED_DATA_TYPES, node) {
                if let Some(item) = self.item(entry) {
                    match first.get(&item.data_type.value) {
                        Some(span) => self.duplicate(*span, &item),
                        None => {
                            first.insert(item.data_type.value.clone(), item.data_type.span);
                        }
                    }
                    declaration.items.push(item);
                }
            }
        }
        if let Some(node) = fields.get(ACCESSED_API_TYPES) {
            for entry in self.array(ACCESSED_API_TYPES, node) {
                declaration.accessed_apis.extend(self.accessed_api(entry));
            }
        }
        Some(declaration)
    }

    /// One collected data type, or `None` (reported) when a required value is missing or
    /// wrongly typed, or its data type is not Apple's. An unknown purpose is reported and left
    /// out; the other uses are kept.
    fn item(&mut self, node: &Node) -> Option<Item> {
        let fields = self.fields(node, ITEM_KEYS, "a collected data type")?;
        self.require(&fields, ITEM_KEYS, node, "collected data type");
        let data_type = fields
            .get(DATA_TYPE)
            .and_then(|n| self.string(DATA_TYPE, n));
        let linked = fields.get(LINKED).and_then(|n| self.boolean(LINKED, n));
        let tracking = fields
            .get(ITEM_TRACKING)
            .and_then(|n| self.boolean(ITEM_TRACKING, n));
        let purposes_node = fields.get(PURPOSES);
        let purposes = purposes_node.and_then(|n| self.strings(PURPOSES, &PURPOSE, n));
        let no_purpose =
            purposes_node.filter(|n| matches!(&n.value, Value::Array(a) if a.is_empty()));
        if let Some(n) = no_purpose {
            self.invalid(
                n.span,
                format!("`{PURPOSES}` is empty"),
                Some("a collected data type is collected for at least one purpose".to_owned()),
            );
        }
        // A bad purpose costs itself only, as an unknown one does; a value missing or of the
        // wrong type costs the item.
        let well_formed =
            linked.is_some() && tracking.is_some() && purposes.is_some() && no_purpose.is_none();
        let known_type = data_type
            .as_ref()
            .is_some_and(|t| self.check(Vocabulary::DataType, t));
        let mut uses: Vec<Use> = purposes
            .unwrap_or_default()
            .into_iter()
            .filter(|p| self.check(Vocabulary::Purpose, p))
            .map(|purpose| Use {
                kind: UseKind::Collection,
                purpose,
            })
            .collect();
        if !(well_formed && known_type) {
            return None;
        }
        if let Some(flag) = tracking.filter(|t| t.value) {
            uses.push(Use {
                kind: UseKind::Tracking,
                purpose: Str {
                    value: ids::APPLE_TRACKING.id.to_owned(),
                    span: flag.span,
                },
            });
        }
        Some(Item {
            data_type: data_type?,
            uses,
            linked,
            collected: None,
            shared: None,
        })
    }

    /// Whether an id is Apple's; reports it when not.
    fn check(&mut self, vocabulary: Vocabulary, id: &Str) -> bool {
        match super::check_id(Platform::Apple, vocabulary, id, false) {
            Some(diag) => {
                self.diags.push(diag);
                false
            }
            None => true,
        }
    }

    /// Reports a data type declared again; `first` is where it was first declared.
    fn duplicate(&mut self, first: Span, item: &Item) {
        self.diags.push(
            Diagnostic::new(
                Code::DuplicateEntry,
                item.data_type.span,
                format!("`{}` is declared twice", item.data_type.value),
            )
            .with_label("declared again here")
            .with_related(first, "first declared here")
            .with_help(format!(
                "merge the two dictionaries: list every purpose in one `{PURPOSES}`"
            )),
        );
    }

    /// One required-reason API dictionary, checked for shape only: Apple adds categories and
    /// reasons over time, and none of them is data collection.
    fn accessed_api(&mut self, node: &Node) -> Option<AccessedApi> {
        let fields = self.fields(node, API_KEYS, "a required-reason API")?;
        self.require(&fields, API_KEYS, node, "required-reason API");
        let api_type = fields.get(API_TYPE).and_then(|n| self.string(API_TYPE, n));
        let reasons = fields
            .get(API_REASONS)
            .and_then(|n| self.strings(API_REASONS, &REASON, n));
        Some(AccessedApi {
            api_type: api_type?,
            reasons: reasons?,
        })
    }
}

#[cfg(test)]
#[path = "apple_tests.rs"]
mod tests;
