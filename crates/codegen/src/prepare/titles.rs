//! Inline schemas whose titles name the same Rust type. typify names an inline schema by
//! its `title` and, when a type of that name exists already, silently reuses it: the
//! `source` of `OmitSchemaOverride` (title `Source`, value `omit`) would get the type of
//! `LLMSchemaOverride`'s (`llm`). Titles that would merge different schemas are removed,
//! so typify names those schemas by where they are (`OmitSchemaOverrideSource`).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::facts::rust_type_name;
use elevenlabs_spec::for_each_object;

/// Keys that make typify turn a schema into a named type (a plain string, number or list
/// is not one, so its title names nothing; a string's length bounds, which would make
/// one, are documentation by now).
const NAMED_TYPE_KEYS: &[&str] = &["enum", "properties", "allOf", "anyOf", "oneOf"];

/// Whether typify makes a named type of `schema` (so its title, or the name progenitor
/// suggests, names one).
fn names_a_type(schema: &serde_json::Map<String, Value>) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("object")
        || NAMED_TYPE_KEYS.iter().any(|k| schema.contains_key(*k))
}

/// The inline JSON body of `response` that typify makes a named type of, if it has one.
fn inline_body(response: &mut Value) -> Option<&mut serde_json::Map<String, Value>> {
    let content = response.get_mut("content")?.as_object_mut()?;
    let (_, media) = content.iter_mut().find(|(media_type, _)| super::operations::is_json(media_type))?;
    media.get_mut("schema")?.as_object_mut().filter(|schema| !schema.contains_key("$ref") && names_a_type(schema))
}

/// progenitor suggests one name for every inline body an operation answers with,
/// `{operationId}Response`, success and error alike, and typify gives the second body the
/// first one's type: an error body would be read as the success body. An inline error body
/// beside an inline success body is titled `{operationId} error response`, which names it
/// apart (`GetXErrorResponse`); returns one note per body titled. A response given by
/// `$ref` is shared and left as it is.
pub fn name_error_bodies_apart(document: &mut Value) -> Vec<String> {
    let mut notes = Vec::new();
    let Some(Value::Object(paths)) = document.get_mut("paths") else { return notes };
    for (path, item) in paths.iter_mut() {
        for method in elevenlabs_spec::HTTP_METHODS_3_0 {
            let Some(Value::Object(operation)) = item.get_mut(method) else { continue };
            let Some(id) = operation.get("operationId").and_then(Value::as_str).map(String::from) else { continue };
            let Some(Value::Object(responses)) = operation.get_mut("responses") else { continue };
            let success_inline = responses.iter_mut().any(|(status, response)| {
                status.starts_with('2') && inline_body(response).is_some_and(|schema| !schema.contains_key("title"))
            });
            if !success_inline {
                continue;
            }
            for (status, response) in
                responses.iter_mut().filter(|(status, _)| status.starts_with(['4', '5']) || *status == "default")
            {
                let Some(schema) = inline_body(response) else { continue };
                if schema.contains_key("title") {
                    continue;
                }
                schema.insert("title".into(), Value::String(format!("{id} error response")));
                let at = elevenlabs_spec::pointer::join(&elevenlabs_spec::pointer::join("/paths", path), method);
                notes.push(format!(
                    "{at}/responses/{status}: its inline body is titled {:?}, so that it is not read as the success body \
                     (progenitor suggests one name for both)",
                    format!("{id} error response")
                ));
            }
        }
    }
    notes
}

/// Removes the titles that would merge different schemas; returns one note per title.
pub fn remove_merging_titles(document: &mut Value) -> Vec<String> {
    let components: BTreeMap<String, Value> = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.iter().map(|(name, schema)| (rust_type_name(name), shape(schema))).collect())
        .unwrap_or_default();
    let mut by_name: BTreeMap<String, Vec<(String, Value)>> = BTreeMap::new();
    for_each_object(document, "", &mut |at, schema| {
        let Some(title) = schema.get("title").and_then(Value::as_str) else { return };
        let is_component = at.strip_prefix("/components/schemas/").is_some_and(|rest| !rest.contains('/'));
        if !is_component && names_a_type(schema) {
            let schema = Value::Object(schema.clone());
            by_name.entry(rust_type_name(title)).or_default().push((at.to_string(), shape(&schema)));
        }
    });
    let mut notes = Vec::new();
    for (name, sites) in by_name {
        let mut shapes: BTreeSet<String> = sites.iter().map(|(_, shape)| shape.to_string()).collect();
        shapes.extend(components.get(&name).map(Value::to_string));
        if shapes.len() < 2 {
            continue;
        }
        for (pointer, _) in &sites {
            if let Some(Value::Object(schema)) = document.pointer_mut(pointer) {
                schema.remove("title");
            }
        }
        let pointers: Vec<&str> = sites.iter().map(|(pointer, _)| pointer.as_str()).collect();
        notes.push(format!(
            "{}: the title that names `{name}` is on {} different schemas; each is named by where it is instead",
            pointers.join(", "),
            shapes.len()
        ));
    }
    notes
}

/// A schema without its prose, which does not make two schemas different types.
fn shape(schema: &Value) -> Value {
    let mut shape = schema.clone();
    if let Value::Object(object) = &mut shape {
        for prose in ["title", "description", "example", "examples"] {
            object.remove(prose);
        }
    }
    shape
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_inline_error_body_beside_an_inline_success_body_is_named_apart() {
        let body = |schema: Value| json!({"description": "", "content": {"application/json": {"schema": schema}}});
        let object = |field: &str| json!({"type": "object", "properties": {field: {"type": "string"}}});
        let mut document = json!({"paths": {
            "/x": {"get": {"operationId": "get_x", "responses": {"200": body(object("a")), "400": body(object("error")), "default": body(object("e"))}}},
            "/named": {"get": {"operationId": "get_named", "responses": {"200": body(json!({"$ref": "#/components/schemas/A"})), "400": body(object("error"))}}},
            "/titled": {"get": {"operationId": "get_titled", "responses": {"200": body(object("a")), "400": body(json!({"title": "Oops", "type": "object"}))}}},
            "/scalar": {"get": {"operationId": "get_scalar", "responses": {"200": body(object("a")), "400": body(json!({"type": "string"}))}}}
        }});
        let notes = name_error_bodies_apart(&mut document);
        let title = |path: &str, status: &str| {
            let pointer = format!(
                "/paths/{}/get/responses/{status}/content/application~1json/schema/title",
                path.replace('/', "~1")
            );
            document.pointer(&pointer).and_then(Value::as_str).map(String::from)
        };
        assert_eq!(title("/x", "400").as_deref(), Some("get_x error response"));
        assert_eq!(title("/x", "default").as_deref(), Some("get_x error response"));
        assert_eq!(title("/x", "200"), None, "the success body keeps progenitor's name");
        assert_eq!(title("/named", "400"), None, "a component success body takes no name from the operation");
        assert_eq!(title("/titled", "400").as_deref(), Some("Oops"));
        assert_eq!(title("/scalar", "400"), None, "a string is no named type");
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(
            notes[0].starts_with("/paths/~1x/get/responses/400: its inline body is titled \"get_x error response\"")
        );
    }

    #[test]
    fn only_titles_that_would_merge_different_schemas_go() {
        let mut document = json!({"components": {"schemas": {
            "Llm": {"properties": {"source": {"title": "Source", "type": "string", "enum": ["llm"]},
                                   "mode": {"title": "Mode", "type": "string", "enum": ["a"], "description": "one"}}},
            "Omit": {"properties": {"source": {"title": "Source", "type": "string", "enum": ["omit"]},
                                    "mode": {"title": "Mode", "type": "string", "enum": ["a"], "description": "two"},
                                    "llm": {"title": "Llm", "type": "object"}}}
        }}});
        let notes = remove_merging_titles(&mut document);
        let schemas = &document["components"]["schemas"];
        assert!(schemas["Llm"]["properties"]["source"].get("title").is_none());
        assert!(schemas["Omit"]["properties"]["source"].get("title").is_none());
        assert_eq!(schemas["Omit"]["properties"]["mode"]["title"], "Mode", "same schema, same type");
        assert!(schemas["Omit"]["properties"]["llm"].get("title").is_none(), "a component owns that name");
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert_eq!(
            notes[1],
            "/components/schemas/Llm/properties/source, /components/schemas/Omit/properties/source: the title that names `Source` is on 2 different schemas; each is named by where it is instead"
        );
    }
}
