//! Parameters as progenitor sends them: a header, query or path value cannot be `null`,
//! only absent, and a union is one of its members.

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

/// Unions as progenitor sends them. A query value is written by serde, so a union is
/// sent as its member; but typify's `anyOf` is a struct of optional parts, which
/// progenitor cannot write (it panics), so it is restated as a `oneOf`, an untagged enum
/// (the client checks neither, so the values it may send are the same). A header or path
/// value is written by `Display`, which a union of generated types lacks: it is sent as
/// its text, a `String`. A parameter that refers to such a union gets its own copy.
pub fn parameter_unions_progenitor_sends(document: &mut Value) -> Vec<String> {
    let mut restated: Vec<(String, Value, String)> = Vec::new();
    let Some(Value::Object(paths)) = document.get("paths") else { return Vec::new() };
    for (path, item) in paths {
        let Value::Object(item) = item else { continue };
        let item_at = elevenlabs_spec::pointer::join("/paths", path);
        for (key, value) in item {
            let (parameters, at) = if key == "parameters" {
                (Some(value), elevenlabs_spec::pointer::join(&item_at, key))
            } else {
                (value.get("parameters"), format!("{}/parameters", elevenlabs_spec::pointer::join(&item_at, key)))
            };
            let Some(Value::Array(parameters)) = parameters else { continue };
            for (index, parameter) in parameters.iter().enumerate() {
                let parameter = super::followed(document, parameter);
                let Some(Value::Object(schema)) = parameter.get("schema").map(|s| super::followed(document, s)) else {
                    continue;
                };
                let is_union = schema.contains_key("anyOf") || schema.contains_key("oneOf");
                let (schema, note) = match parameter.get("in").and_then(Value::as_str) {
                    Some("header" | "path") if is_union => {
                        let mut text = serde_json::Map::from_iter([("type".to_string(), Value::from("string"))]);
                        text.extend(schema.get("description").map(|d| ("description".to_string(), d.clone())));
                        (text, "a union in a header or path is sent as its text, a `String`")
                    }
                    Some("query") if schema.contains_key("anyOf") && !schema.contains_key("oneOf") => {
                        let mut one_of = schema.clone();
                        if let Some(members) = one_of.remove("anyOf") {
                            one_of.insert("oneOf".into(), members);
                        }
                        (one_of, "the parameter's `anyOf` is generated as a `oneOf`, which progenitor can send")
                    }
                    _ => continue,
                };
                let mut parameter = parameter.clone();
                parameter["schema"] = Value::Object(schema);
                restated.push((format!("{at}/{index}"), parameter, note.to_string()));
            }
        }
    }
    restated
        .into_iter()
        .filter_map(|(pointer, parameter, note)| {
            *document.pointer_mut(&pointer)? = parameter;
            Some(format!("{pointer}: {note}"))
        })
        .collect()
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
        assert_eq!(schemas["Closed"]["additionalProperties"], json!({}));
        assert_eq!(document["paths"]["/a"]["get"]["parameters"][0]["schema"], json!({"type": "string"}));
    }
}
