//! The manifest schema, written once: every key of a manifest and of an entry, its kind, whether
//! it is required, its default and its description. The loader checks keys against it, the
//! JSON Schema (`candor schema`) is generated from it, and the language server completes from it.

/// The kind of policy id a value names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// A product id.
    Product,
    /// A category id (dotted).
    Category,
    /// A purpose id.
    Purpose,
    /// A source id (dotted).
    Source,
    /// A condition id.
    Condition,
}

/// The shape of a field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Free text, not empty.
    Text,
    /// One policy id.
    Id(IdKind),
    /// A list of policy ids with at least `min` items.
    Ids(IdKind, usize),
    /// The list of entries.
    Entries,
}

/// One key of a manifest or of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The key.
    pub key: &'static str,
    /// The value's shape.
    pub shape: Shape,
    /// Whether the key must be present.
    pub required: bool,
    /// The value that applies when the key is absent, if any (as JSON).
    pub default: Option<&'static str>,
    /// What the value means.
    pub description: &'static str,
}

/// The source an entry has when it names none.
pub const DEFAULT_SOURCE: &str = "direct";

/// The keys of a manifest.
pub const MANIFEST: &[Field] = &[
    Field {
        key: "product",
        shape: Shape::Id(IdKind::Product),
        required: true,
        default: None,
        description: "The product's id in the policy, such as `bing`.",
    },
    Field {
        key: "collects",
        shape: Shape::Entries,
        required: true,
        default: None,
        description: "Every data element the product collects (may be empty).",
    },
];

/// The keys of an entry of `collects`.
pub const ENTRY: &[Field] = &[
    Field {
        key: "data",
        shape: Shape::Text,
        required: true,
        default: None,
        description: "The product's own name for the data element, such as `search_query`.",
    },
    Field {
        key: "category",
        shape: Shape::Id(IdKind::Category),
        required: true,
        default: None,
        description: "The category id in the policy, such as `device_usage.product_use`.",
    },
    Field {
        key: "purposes",
        shape: Shape::Ids(IdKind::Purpose, 1),
        required: true,
        default: None,
        description: "Why it is collected: at least one purpose id of the policy, such as \
                      `provide`.",
    },
    Field {
        key: "source",
        shape: Shape::Id(IdKind::Source),
        required: false,
        default: Some("\"direct\""),
        description: "Where it comes from: a source id of the policy (default `direct`).",
    },
    Field {
        key: "conditions",
        shape: Shape::Ids(IdKind::Condition, 0),
        required: false,
        default: Some("[]"),
        description: "Gates the product enforces before collecting, such as `location_enabled`.",
    },
];

/// The field named `key` of a manifest or of an entry.
pub fn field(key: &str) -> Option<&'static Field> {
    MANIFEST.iter().chain(ENTRY).find(|f| f.key == key)
}

/// The kind of id the value of `key` names, if it names ids.
pub fn id_kind(key: &str) -> Option<IdKind> {
    match field(key)?.shape {
        Shape::Id(kind) | Shape::Ids(kind, _) => Some(kind),
        Shape::Text | Shape::Entries => None,
    }
}
