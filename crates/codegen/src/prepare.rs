//! Adjustments to a normalized document that only code generation needs.
//! They never narrow what the generated code accepts.

use serde_json::{json, Value};

/// Prepares a normalized document for progenitor and typify.
pub fn prepare_for_codegen(document: &mut Value) {
    if let Some(Value::Object(schemas)) = document.pointer_mut("/components/schemas") {
        for schema in schemas.values_mut() {
            keep_unknown_properties(schema);
        }
    }
    if let Some(Value::Object(paths)) = document.get_mut("paths") {
        for item in paths.values_mut() {
            for_each_parameter(item, &mut |parameter| {
                // A header, query or path value cannot be null; only absent.
                if let Some(Value::Object(schema)) = parameter.get_mut("schema") {
                    schema.remove("nullable");
                }
            });
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
                if !matches!(key.as_str(), "example" | "default" | "enum" | "additionalProperties") && !key.starts_with("x-") {
                    keep_unknown_properties(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(keep_unknown_properties),
        _ => {}
    }
}

fn for_each_parameter(path_item: &mut Value, visit: &mut dyn FnMut(&mut serde_json::Map<String, Value>)) {
    let Value::Object(item) = path_item else { return };
    for (key, value) in item.iter_mut() {
        let parameters = if key == "parameters" { Some(value) } else { value.get_mut("parameters") };
        if let Some(Value::Array(parameters)) = parameters {
            parameters.iter_mut().filter_map(Value::as_object_mut).for_each(&mut *visit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_keep_unknown_properties_and_parameters_lose_null() {
        let mut document = json!({
            "paths": {"/a": {"get": {"parameters": [{"name": "k", "in": "header", "schema": {"type": "string", "nullable": true}}]}}},
            "components": {"schemas": {
                "A": {"properties": {"b": {"type": "object", "properties": {}}, "x": {"example": {"properties": {}}}}},
                "Closed": {"properties": {}, "additionalProperties": false}
            }}
        });
        prepare_for_codegen(&mut document);
        let schemas = &document["components"]["schemas"];
        assert_eq!(schemas["A"]["additionalProperties"], json!({}));
        assert_eq!(schemas["A"]["properties"]["b"]["additionalProperties"], json!({}));
        assert!(schemas["A"]["properties"]["x"]["example"].get("additionalProperties").is_none());
        assert_eq!(schemas["Closed"]["additionalProperties"], false);
        assert_eq!(document["paths"]["/a"]["get"]["parameters"][0]["schema"], json!({"type": "string"}));
    }
}
