//! The JSON Schema of the report's hand-serialized types, which schemars cannot derive: a
//! string, optionally of listed values.

use serde_json::Value;

/// A string schema, optionally of listed values, with a description.
pub(crate) fn string_schema(values: Option<Vec<Value>>, description: &str) -> schemars::schema::Schema {
    schemars::schema::SchemaObject {
        instance_type: Some(schemars::schema::InstanceType::String.into()),
        enum_values: values,
        metadata: Some(Box::new(schemars::schema::Metadata {
            description: Some(description.into()),
            ..Default::default()
        })),
        ..Default::default()
    }
    .into()
}
