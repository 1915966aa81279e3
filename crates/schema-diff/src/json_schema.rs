//! The JSON Schema of the report's hand-serialized types, which schemars cannot derive: a
//! string, optionally of listed values.

use serde_json::Value;

/// A string schema, optionally of listed values, with a description.
pub(crate) fn string_schema(values: Option<Vec<Value>>, description: &str) -> schemars::Schema {
    let mut schema = schemars::json_schema!({"type": "string", "description": description});
    if let Some(values) = values {
        schema.insert("enum".to_string(), Value::Array(values));
    }
    schema
}
