//! The manifest schema as JSON Schema (draft-07), generated from these types with schemars:
//! `candor schema` prints it and `schema/manifest.schema.json` is the committed copy, which a test
//! keeps in step. Editors use it for validation and completion without the language server.

use schemars::JsonSchema;

/// The JSON Schema of a manifest, pretty-printed with a final newline.
pub fn json_schema() -> String {
    let schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<Manifest>();
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// A product's data manifest (`privacy.yaml`): what the product really collects, checked by
/// candor against the privacy policy.
#[derive(JsonSchema)]
#[schemars(title = "candor data manifest", deny_unknown_fields)]
#[allow(dead_code, reason = "a schema model: only its shape is read")]
pub struct Manifest {
    /// The product's id in the policy, such as `bing`.
    product: Id,
    /// Every data element the product collects (may be empty).
    collects: Vec<Entry>,
}

/// One data element the product collects.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code, reason = "a schema model: only its shape is read")]
pub struct Entry {
    /// The product's own name for the data element, such as `search_query`.
    #[schemars(length(min = 1))]
    data: String,
    /// The category id in the policy, such as `device_usage.product_use`.
    category: Id,
    /// Why it is collected: at least one purpose id of the policy, such as `provide`.
    #[schemars(length(min = 1))]
    purposes: Vec<Id>,
    /// Where it comes from: a source id of the policy (default `direct`).
    #[serde(default = "direct_source")]
    source: Id,
    /// Gates the product enforces before collecting, such as `location_enabled`.
    #[serde(default)]
    conditions: Vec<Id>,
}

fn direct_source() -> Id {
    Id("direct".to_owned())
}

/// A policy id: letters, digits and underscores, dotted for nested ids.
#[derive(JsonSchema, serde::Serialize, Default)]
#[allow(dead_code, reason = "a schema model: only its shape is read")]
pub struct Id(
    #[schemars(regex(pattern = r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$"))] String,
);
