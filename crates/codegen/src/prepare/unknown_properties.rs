//! Object schemas that keep what they do not name: typify then gives their structs a
//! flattened map of unknown fields, so nothing the server sends is lost.

use elevenlabs_spec::pointers_where;
use serde_json::{json, Map, Value};

/// Every object schema a model is generated from keeps unknown properties: the
/// components, and the bodies an operation sends or answers written inline, at any depth
/// (properties, items, map values, union members). Returns a note counting the objects
/// the document closed, or none.
///
/// JSON Schema objects accept unknown properties unless they say otherwise. Saying so with
/// the schema `{}` (typify ignores `true`) makes typify keep them in a flattened `extra`
/// map. An object the document closes (`additionalProperties: false`) is opened too:
/// typify would refuse every unknown field, and a field upstream adds to it (as it adds
/// fields everywhere) would then fail the whole response in every deployed client.
/// Parameters and headers are left as written: progenitor sends no object there.
pub fn keep_unknown_properties_everywhere(document: &mut Value) -> Option<String> {
    let objects = pointers_where(document, &mut |at, schema| {
        (is_open_object(schema) || is_closed_object(schema)) && in_a_model(at)
    });
    let mut closed = 0;
    for at in objects {
        if let Some(Value::Object(schema)) = document.pointer_mut(&at) {
            closed += usize::from(is_closed_object(schema));
            schema.insert("additionalProperties".into(), json!({}));
        }
    }
    (closed > 0).then(|| {
        format!(
            "{closed} objects the document closes (`additionalProperties: false`) keep unknown fields too, \
             so a field added upstream is still read"
        )
    })
}

/// An object schema that says nothing of the properties it does not name.
fn is_open_object(schema: &Map<String, Value>) -> bool {
    is_object(schema) && !schema.contains_key("additionalProperties")
}

/// An object schema that refuses every property it does not name.
fn is_closed_object(schema: &Map<String, Value>) -> bool {
    is_object(schema) && schema.get("additionalProperties") == Some(&Value::Bool(false))
}

fn is_object(schema: &Map<String, Value>) -> bool {
    schema.contains_key("properties") || schema.get("type") == Some(&json!("object"))
}

/// Whether the structural object at `at` lies where models are generated from: a
/// component schema, or under a body's `content` (an operation's, or a shared one in
/// `components`), never a parameter's or a header's schema.
fn in_a_model(at: &str) -> bool {
    // The tokens compared are keywords, which have nothing to escape.
    let tokens: Vec<&str> = at.split('/').skip(1).take(6).collect();
    matches!(
        tokens.as_slice(),
        ["components", "schemas", _, ..]
            | ["components", "requestBodies" | "responses", _, "content", _, ..]
            | ["paths", _, _, "requestBody", "content", _, ..]
            | ["paths", _, _, "responses", _, "content", ..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared(mut document: Value) -> Value {
        keep_unknown_properties_everywhere(&mut document);
        document
    }

    #[test]
    fn objects_in_components_and_bodies_keep_unknown_properties_at_any_depth() {
        let object = || json!({"type": "object", "properties": {"a": {"type": "string"}}});
        let document = prepared(json!({
            "components": {"schemas": {
                "Map": {"type": "object", "additionalProperties": object()},
                "Union": {"oneOf": [object(), {"type": "string"}]},
                "Closed": {"type": "object", "additionalProperties": false, "properties": {}},
                "Named": {"type": "object", "properties": {"default": object(), "enum": object()}},
            }},
            "paths": {"/p": {"post": {
                "requestBody": {"content": {"application/json": {"schema": object()}}},
                "responses": {"200": {
                    "content": {"application/json": {"schema": {"type": "array", "items": object()}}},
                    "headers": {"X-Page": {"schema": object()}},
                }},
                "parameters": [{"name": "q", "in": "query", "schema": object()}],
            }}},
        }));
        let kept = |at: &str| document.pointer(at).and_then(|s| s.get("additionalProperties")).cloned();
        for at in [
            "/components/schemas/Map",
            "/components/schemas/Map/additionalProperties",
            "/components/schemas/Closed",
            "/components/schemas/Union/oneOf/0",
            "/components/schemas/Named/properties/default",
            "/components/schemas/Named/properties/enum",
            "/paths/~1p/post/requestBody/content/application~1json/schema",
            "/paths/~1p/post/responses/200/content/application~1json/schema/items",
        ] {
            assert!(kept(at).is_some(), "{at}: {document:#}");
        }
        assert!(kept("/components/schemas/Map").is_some_and(|values| values["properties"] == object()["properties"]));
        assert_eq!(kept("/components/schemas/Closed"), Some(json!({})), "a closed object is opened");
        assert_eq!(kept("/components/schemas/Union/oneOf/1"), None, "a string is no object");
        assert_eq!(kept("/paths/~1p/post/parameters/0/schema"), None, "a parameter is sent as written");
        assert_eq!(kept("/paths/~1p/post/responses/200/headers/X-Page/schema"), None, "a header is no model");
    }

    #[test]
    fn data_is_never_mistaken_for_a_schema() {
        let document = prepared(json!({"components": {"schemas": {"A": {
            "type": "string",
            "default": {"type": "object"},
            "example": {"properties": {}},
        }}}}));
        assert_eq!(document["components"]["schemas"]["A"]["default"], json!({"type": "object"}));
        assert_eq!(document["components"]["schemas"]["A"]["example"], json!({"properties": {}}));
    }

    #[test]
    fn opening_closed_objects_is_counted_in_one_note() {
        let closed = || json!({"type": "object", "additionalProperties": false, "properties": {"a": {}}});
        let mut document = json!({"components": {"schemas": {"A": closed(), "B": {"items": closed()}, "C": {}}}});
        let note = keep_unknown_properties_everywhere(&mut document);
        assert_eq!(
            note.as_deref(),
            Some("2 objects the document closes (`additionalProperties: false`) keep unknown fields too, so a field added upstream is still read")
        );
        assert_eq!(keep_unknown_properties_everywhere(&mut json!({"components": {}})), None);
    }
}
