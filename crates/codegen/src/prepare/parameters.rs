//! Parameters as progenitor sends them: a header, query or path value cannot be `null`,
//! only absent.

use serde_json::Value;

/// Drops `nullable` from every parameter's schema.
pub fn parameters_are_never_null(document: &mut Value) {
    if let Some(Value::Object(paths)) = document.get_mut("paths") {
        for item in paths.values_mut() {
            for_each_parameter(item, &mut |parameter| {
                if let Some(Value::Object(schema)) = parameter.get_mut("schema") {
                    schema.remove("nullable");
                }
            });
        }
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
    use crate::prepare::unknown_properties::keep_unknown_properties_everywhere;
    use serde_json::json;

    #[test]
    fn objects_keep_unknown_properties_and_parameters_lose_null() {
        let mut document = json!({
            "paths": {"/a": {"get": {"parameters": [{"name": "k", "in": "header", "schema": {"type": "string", "nullable": true}}]}}},
            "components": {"schemas": {
                "A": {"properties": {"b": {"type": "object", "properties": {}}, "x": {"example": {"properties": {}}}}},
                "Closed": {"properties": {}, "additionalProperties": false}
            }}
        });
        keep_unknown_properties_everywhere(&mut document);
        parameters_are_never_null(&mut document);
        let schemas = &document["components"]["schemas"];
        assert_eq!(schemas["A"]["additionalProperties"], json!({}));
        assert_eq!(schemas["A"]["properties"]["b"]["additionalProperties"], json!({}));
        assert!(schemas["A"]["properties"]["x"]["example"].get("additionalProperties").is_none());
        assert_eq!(schemas["Closed"]["additionalProperties"], false);
        assert_eq!(document["paths"]["/a"]["get"]["parameters"][0]["schema"], json!({"type": "string"}));
    }
}
