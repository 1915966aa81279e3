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
        let is_object = schema.get("type").and_then(Value::as_str) == Some("object");
        if !is_component && (is_object || NAMED_TYPE_KEYS.iter().any(|k| schema.contains_key(*k))) {
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
