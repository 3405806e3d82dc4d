//! The manifest schema as JSON Schema (draft-07), generated from the field table in
//! [`super::fields`]: `candor schema` prints it and `schema/manifest.schema.json` is the
//! committed copy, which a test keeps in step. Editors use it for validation and completion
//! without the language server.

use serde_json::{Map, Value, json};

use super::fields::{self, Field, Shape};

/// The pattern of a policy id: letters, digits and underscores, dotted for nested ids.
const ID_PATTERN: &str = r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$";

/// The JSON Schema of a manifest, pretty-printed with a final newline.
pub fn json_schema() -> String {
    let mut schema = object(fields::MANIFEST);
    if let Value::Object(map) = &mut schema {
        let mut head = Map::new();
        head.insert(
            "$schema".to_owned(),
            json!("http://json-schema.org/draft-07/schema#"),
        );
        head.insert("title".to_owned(), json!("candor data manifest"));
        head.insert(
            "description".to_owned(),
            json!(
                "A product's data manifest (`privacy.yaml`): what the product really collects, \
                 checked by candor against the privacy policy."
            ),
        );
        head.append(map);
        let mut entry = object(fields::ENTRY);
        if let Value::Object(map) = &mut entry {
            map.insert(
                "description".to_owned(),
                json!("One data element the product collects."),
            );
        }
        head.insert(
            "definitions".to_owned(),
            json!({
                "Entry": entry,
                "Id": {
                    "description": "A policy id: letters, digits and underscores, dotted for nested ids.",
                    "type": "string",
                    "pattern": ID_PATTERN
                }
            }),
        );
        schema = Value::Object(head);
    }
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// A closed object with `table`'s keys.
fn object(table: &[Field]) -> Value {
    let properties: Map<String, Value> = table
        .iter()
        .map(|f| (f.key.to_owned(), property(f)))
        .collect();
    let required: Vec<&str> = table.iter().filter(|f| f.required).map(|f| f.key).collect();
    json!({
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
        "required": required,
    })
}

/// The schema of one field's value.
fn property(field: &Field) -> Value {
    let id = json!({ "$ref": "#/definitions/Id" });
    let mut value = match field.shape {
        Shape::Text => json!({ "type": "string", "minLength": 1 }),
        Shape::Id(_) => json!({ "allOf": [id] }),
        Shape::Ids(_, min) => {
            let mut list = json!({ "type": "array", "items": id });
            if min > 0
                && let Value::Object(map) = &mut list
            {
                map.insert("minItems".to_owned(), json!(min));
            }
            list
        }
        Shape::Entries => json!({ "type": "array", "items": { "$ref": "#/definitions/Entry" } }),
    };
    if let Value::Object(map) = &mut value {
        map.insert("description".to_owned(), json!(field.description));
        if let Some(default) = field.default.and_then(|d| serde_json::from_str(d).ok()) {
            map.insert("default".to_owned(), default);
        }
    }
    value
}
