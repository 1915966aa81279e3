//! Operations and schemas progenitor 0.15 cannot express. What can be said the way it
//! reads is rewritten with the same meaning; an operation that cannot is left out of the
//! client, with a note, while every component it references is still generated.

use serde_json::{json, Map, Value};

use elevenlabs_spec::pointers_where;

/// Normalization has run: only 3.0's operation keys are left.
const METHODS: [&str; 8] = elevenlabs_spec::HTTP_METHODS_3_0;
/// Request media types progenitor sends.
const SENDABLE: &[&str] = &[
    "application/json",
    "application/octet-stream",
    "application/x-www-form-urlencoded",
    "text/plain",
    "text/x-markdown",
];

/// Rewrites what can be rewritten and removes the operations that remain inexpressible;
/// returns notes naming each change that is not a pure restatement.
pub fn express_for_progenitor(document: &mut Value) -> Vec<String> {
    let mut notes = keep_the_stricter_of_any_and_one_of(document);
    list_values_of_enums_with_subschemas(document);
    let Some(Value::Object(paths)) = document.get_mut("paths") else { return notes };
    for (path, item) in paths.iter_mut() {
        let Value::Object(item) = item else { continue };
        for method in METHODS {
            let Some(Value::Object(operation)) = item.get_mut(method) else { continue };
            let name = format!("{} {path}", method.to_uppercase());
            let pointer = elevenlabs_spec::pointer::join(&elevenlabs_spec::pointer::join("/paths", path), method);
            give_schemaless_json_any_schema(operation);
            if let Some(reason) = inexpressible(operation, &mut notes, &name, &pointer) {
                item.remove(method);
                notes.push(format!("{pointer}: {name} is left out of the client: {reason}"));
            }
        }
    }
    paths.retain(|_, item| item.as_object().is_some_and(|item| METHODS.iter().any(|m| item.contains_key(*m))));
    notes
}

/// JSON content without a schema is any JSON value, which is what `{}` says.
fn give_schemaless_json_any_schema(operation: &mut Map<String, Value>) {
    let Some(Value::Object(responses)) = operation.get_mut("responses") else { return };
    for response in responses.values_mut() {
        let Some(Value::Object(content)) = response.get_mut("content") else { continue };
        for (media_type, media) in content.iter_mut() {
            if let (true, Value::Object(media)) = (is_json(media_type), media) {
                media.entry("schema").or_insert_with(|| json!({}));
            }
        }
    }
}

fn is_json(media_type: &str) -> bool {
    media_type == "application/json" || media_type.starts_with("application/json;")
}

/// Why progenitor cannot generate the operation, if it cannot. A request body offered in
/// JSON and other types keeps only JSON (noted), since progenitor sends one type.
fn inexpressible(
    operation: &mut Map<String, Value>,
    notes: &mut Vec<String>,
    name: &str,
    pointer: &str,
) -> Option<String> {
    if let Some(Value::Object(content)) = operation.get_mut("requestBody").and_then(|b| b.get_mut("content")) {
        if content.len() > 1 && content.keys().any(|k| is_json(k)) {
            let dropped: Vec<String> = content.keys().filter(|k| !is_json(k)).cloned().collect();
            content.retain(|k, _| is_json(k));
            notes.push(format!(
                "{pointer}/requestBody: {name} sends its body as JSON; the client does not offer {}",
                dropped.join(", ")
            ));
        }
        let types: Vec<&String> = content.keys().collect();
        match types.as_slice() {
            [] => {}
            [only] if SENDABLE.iter().any(|s| only.split(';').next() == Some(s)) => {}
            [only] => return Some(format!("its request body is `{only}`, which progenitor cannot send")),
            _ => return Some(format!("its request body has {} media types and none is JSON", types.len())),
        }
    }
    let responses = operation.get("responses").and_then(Value::as_object)?;
    for (category, in_category) in
        [("success", is_success_or_default as fn(&str) -> bool), ("error", is_error_or_default)]
    {
        let mut statuses: Vec<&String> = responses.keys().filter(|s| in_category(s)).collect();
        if statuses.iter().any(|s| s.eq_ignore_ascii_case("2XX")) {
            statuses.retain(|s| *s != "default");
        }
        let kinds: std::collections::BTreeSet<String> =
            statuses.iter().map(|s| response_kind(s, &responses[*s])).collect();
        if kinds.len() > 1 {
            let listed: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
            return Some(format!(
                "its {category} responses ({}) have different body types, and progenitor gives each operation one",
                listed.join(", ")
            ));
        }
    }
    None
}

fn is_success_or_default(status: &str) -> bool {
    status == "default" || status == "101" || status.starts_with('2')
}

fn is_error_or_default(status: &str) -> bool {
    status == "default" || status.starts_with('4') || status.starts_with('5')
}

/// What progenitor makes of a response's body: a JSON type (by its schema), an upgrade,
/// raw bytes, or nothing.
fn response_kind(status: &str, response: &Value) -> String {
    let content = response.get("content").and_then(Value::as_object);
    match content.and_then(|c| c.iter().find(|(media_type, _)| is_json(media_type))) {
        Some((_, media)) => format!("json {}", media.get("schema").unwrap_or(&Value::Null)),
        None if status == "101" => "upgrade".into(),
        None if content.is_some_and(|c| !c.is_empty()) => "raw".into(),
        None => "none".into(),
    }
}

/// A schema with both `anyOf` and `oneOf` must satisfy both. When every `oneOf` member is
/// also an `anyOf` member, satisfying `oneOf` implies `anyOf`, so `oneOf` alone says the
/// same. Otherwise both become members of an `allOf`.
fn keep_the_stricter_of_any_and_one_of(document: &mut Value) -> Vec<String> {
    let both = pointers_where(document, &mut |_, schema| schema.contains_key("anyOf") && schema.contains_key("oneOf"));
    let mut notes = Vec::new();
    for pointer in both {
        let Some(Value::Object(schema)) = document.pointer_mut(&pointer) else { continue };
        let (Some(any_of), Some(one_of)) = (schema.remove("anyOf"), schema.remove("oneOf")) else { continue };
        let implied = match (&any_of, &one_of) {
            (Value::Array(any), Value::Array(one)) => one.iter().all(|member| any.contains(member)),
            _ => false,
        };
        if implied {
            schema.insert("oneOf".into(), one_of);
        } else {
            schema.insert("allOf".into(), json!([{"anyOf": any_of}, {"oneOf": one_of}]));
            notes.push(format!("{pointer}: `anyOf` and `oneOf` together are generated as an `allOf` of the two"));
        }
    }
    notes
}

/// A schema with both `enum` and subschemas accepts the listed values that its subschemas
/// accept: exactly what an `enum` of those values says, which typify reads.
fn list_values_of_enums_with_subschemas(document: &mut Value) {
    const SUBSCHEMAS: [&str; 3] = ["allOf", "anyOf", "oneOf"];
    let pointers = pointers_where(document, &mut |_, schema| {
        schema.get("enum").is_some_and(Value::is_array) && SUBSCHEMAS.iter().any(|k| schema.contains_key(*k))
    });
    for pointer in pointers {
        let Some(Value::Object(schema)) = document.pointer(&pointer) else { continue };
        let Some(Value::Array(values)) = schema.get("enum") else { continue };
        let listed: Vec<Value> =
            values.iter().filter(|v| super::defaults::conforms(v, schema, document, 0)).cloned().collect();
        let type_name = match listed.first() {
            Some(Value::String(_)) if listed.iter().all(Value::is_string) => Some("string"),
            Some(Value::Bool(_)) if listed.iter().all(Value::is_boolean) => Some("boolean"),
            Some(Value::Number(_)) if listed.iter().all(Value::is_number) => Some("number"),
            _ => None,
        };
        let Some(Value::Object(schema)) = document.pointer_mut(&pointer) else { continue };
        SUBSCHEMAS.iter().for_each(|k| {
            schema.remove(*k);
        });
        schema.insert("enum".into(), Value::Array(listed));
        if let (Some(type_name), false) = (type_name, schema.contains_key("type")) {
            schema.insert("type".into(), type_name.into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operation(responses: Value, body: Option<Value>) -> Value {
        let mut operation = json!({"operationId": "op", "responses": responses});
        if let Some(content) = body {
            operation["requestBody"] = json!({"content": content});
        }
        operation
    }

    #[test]
    fn what_progenitor_cannot_express_is_restated_or_left_out() {
        let json_of = |schema: Value| json!({"description": "", "content": {"application/json": {"schema": schema}}});
        let user = json!({"$ref": "#/components/schemas/User"});
        let invalid = json!({"$ref": "#/components/schemas/Invalid"});
        let mut document = json!({"paths": {
            "/upload": {"post": operation(json!({"200": json_of(user.clone())}), Some(json!({"multipart/form-data": {"schema": {}}})))},
            "/both": {"post": operation(json!({"200": json_of(user.clone())}),
                Some(json!({"application/json": {"schema": {}}, "application/x-yaml": {"schema": {}}})))},
            "/errors": {"get": operation(json!({"200": json_of(user.clone()), "404": {"description": ""}, "422": json_of(invalid.clone())}), None)},
            "/schemaless": {"get": operation(json!({"200": {"description": "", "content": {"application/json": {}}}}), None),
                            "delete": operation(json!({"204": {"description": ""}, "422": json_of(invalid)}), None)}
        }});
        let notes = express_for_progenitor(&mut document);
        assert_eq!(notes, [
            "/paths/~1both/post/requestBody: POST /both sends its body as JSON; the client does not offer application/x-yaml",
            "/paths/~1errors/get: GET /errors is left out of the client: its error responses (404, 422) have different body types, and progenitor gives each operation one",
            "/paths/~1upload/post: POST /upload is left out of the client: its request body is `multipart/form-data`, which progenitor cannot send",
        ]);
        let paths = document["paths"].as_object().unwrap();
        assert_eq!(paths.keys().collect::<Vec<_>>(), ["/both", "/schemaless"]);
        assert_eq!(
            document.pointer("/paths/~1schemaless/get/responses/200/content/application~1json/schema"),
            Some(&json!({}))
        );
    }

    #[test]
    fn any_of_and_one_of_keep_their_meaning() {
        let (a, b, c) = (json!({"$ref": "#/a"}), json!({"$ref": "#/b"}), json!({"$ref": "#/c"}));
        let mut document = json!({"properties": {
            "implied": {"anyOf": [a, b, c], "oneOf": [a, b]},
            "both": {"anyOf": [a, b], "oneOf": [b, c]}
        }});
        let notes = express_for_progenitor(&mut document);
        assert_eq!(document["properties"]["implied"], json!({"oneOf": [a, b]}));
        assert_eq!(document["properties"]["both"], json!({"allOf": [{"anyOf": [a, b]}, {"oneOf": [b, c]}]}));
        assert_eq!(notes, ["/properties/both: `anyOf` and `oneOf` together are generated as an `allOf` of the two"]);
    }

    #[test]
    fn an_enum_beside_subschemas_lists_the_values_they_accept() {
        let mut document = json!({
            "components": {"schemas": {"Wav": {"type": "string", "enum": ["wav"]}, "Mp3": {"type": "string", "enum": ["mp3"]}}},
            "parameters": {"format": {"anyOf": [{"$ref": "#/components/schemas/Wav"}, {"$ref": "#/components/schemas/Mp3"}],
                                      "enum": ["mp3", "wav", "flac"], "default": "mp3"}}
        });
        express_for_progenitor(&mut document);
        assert_eq!(
            document["parameters"]["format"],
            json!({"enum": ["mp3", "wav"], "type": "string", "default": "mp3"})
        );
    }
}
