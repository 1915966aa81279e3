//! Object schemas that keep what they do not name: typify then gives their structs a
//! flattened map of unknown fields, so nothing the server sends is lost.

use serde_json::{json, Value};

/// Every component schema, and every object inside it, keeps unknown properties.
pub fn keep_unknown_properties_everywhere(document: &mut Value) {
    if let Some(Value::Object(schemas)) = document.pointer_mut("/components/schemas") {
        for schema in schemas.values_mut() {
            keep_unknown_properties(schema);
        }
    }
}

/// JSON Schema objects accept unknown properties unless they say otherwise. Saying so with
/// the schema `{}` (typify ignores `true`) makes typify keep them in a flattened `extra`
/// map, so nothing the server sends is lost.
fn keep_unknown_properties(schema: &mut Value) {
    match schema {
        Value::Object(object) => {
            let is_object = object.contains_key("properties") || object.get("type") == Some(&json!("object"));
            if is_object && !object.contains_key("additionalProperties") {
                object.insert("additionalProperties".into(), json!({}));
            }
            for (key, child) in object.iter_mut() {
                if !matches!(key.as_str(), "example" | "default" | "enum" | "additionalProperties")
                    && !key.starts_with("x-")
                {
                    keep_unknown_properties(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(keep_unknown_properties),
        _ => {}
    }
}
