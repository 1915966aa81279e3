//! Required properties that the document's own examples omit. The examples are evidence
//! of what the server sends, so such a property is generated as optional. schema-diff
//! names this as the cause when it moves the Rust API.

use serde_json::Value;

use super::referenced_component;

/// The API's own examples are evidence of what the server sends: a property that the
/// schema requires but an example omits is made optional, so the models read the examples.
pub fn relax_required_fields_missing_from_examples(document: &mut Value) -> Vec<(String, String)> {
    let Some(schemas) = document.pointer("/components/schemas").and_then(Value::as_object) else { return Vec::new() };
    let mut missing = std::collections::BTreeSet::new();
    for (name, schema) in schemas {
        for example in schema.get("example").into_iter() {
            find_missing_required(schemas, name, example, 0, &mut missing);
        }
    }
    let mut relaxed = Vec::new();
    for (component, property) in missing {
        let pointer = format!("/components/schemas/{}/required", elevenlabs_spec::pointer::escape(&component));
        if let Some(Value::Array(required)) = document.pointer_mut(&pointer) {
            required.retain(|r| r.as_str() != Some(&property));
            relaxed.push((component, property));
        }
    }
    relaxed
}

/// Records `(component, property)` for required properties that `example` lacks, following
/// object-valued properties into the components their schemas reference.
fn find_missing_required(
    schemas: &serde_json::Map<String, Value>,
    component: &str,
    example: &Value,
    depth: usize,
    missing: &mut std::collections::BTreeSet<(String, String)>,
) {
    let (Some(schema), Value::Object(example), true) = (schemas.get(component), example, depth < 32) else { return };
    for required in schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
        if !example.contains_key(required) {
            missing.insert((component.to_string(), required.to_string()));
        }
    }
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else { return };
    for (name, value) in example {
        if let Some(target) = properties.get(name).and_then(referenced_component) {
            find_missing_required(schemas, &target, value, depth + 1, missing);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn required_fields_the_examples_omit_become_optional() {
        let mut document = json!({"components": {"schemas": {
            "User": {"required": ["id", "sub"], "properties": {"id": {}, "sub": {"allOf": [{"$ref": "#/components/schemas/Sub"}]}},
                     "example": {"id": 1, "sub": {"kept": true}}},
            "Sub": {"required": ["kept", "dropped"], "properties": {"kept": {}, "dropped": {}}}
        }}});
        let relaxed = relax_required_fields_missing_from_examples(&mut document);
        assert_eq!(relaxed, [("Sub".to_string(), "dropped".to_string())]);
        assert_eq!(document["components"]["schemas"]["Sub"]["required"], json!(["kept"]));
        assert_eq!(document["components"]["schemas"]["User"]["required"], json!(["id", "sub"]));
    }
}
