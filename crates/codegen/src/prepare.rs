//! Adjustments to a normalized document that only code generation needs.
//! They never narrow what the generated code accepts.

use serde_json::{json, Value};

/// What preparing a document did besides changing it.
#[derive(Debug, Default)]
pub struct Preparation {
    /// For the maintainer: anything relaxed or renamed, and why.
    pub notes: Vec<String>,
    /// Components renamed so that their Rust types do not clash: (from, to).
    pub renames: Vec<(String, String)>,
    /// Required properties made optional because the document's own example omits them:
    /// (component, property), after renames.
    pub relaxed: Vec<(String, String)>,
}

/// Prepares a normalized document for progenitor and typify.
pub fn prepare_for_codegen(document: &mut Value) -> Preparation {
    // First: every pass after it, and the client's type paths, see the final names.
    let (renames, mut notes): (Vec<(String, String)>, Vec<String>) =
        crate::component_names::rename_clashing_components(document).into_iter().unzip();
    notes.extend(crate::inexpressible::express_for_progenitor(document));
    notes.extend(crate::string_formats::document_string_formats(document));
    notes.extend(crate::defaults::drop_nonconforming_defaults(document));
    notes.extend(crate::variant_names::encode_clashing_enum_values(document));
    notes.extend(crate::titles::remove_merging_titles(document));
    crate::nullable_refs::make_references_nullable(document);
    let relaxed = relax_required_fields_missing_from_examples(document);
    notes.extend(relaxed.iter().map(|(component, property)| {
        format!("{component}.{property} is required but the document's own example omits it; generated as optional")
    }));
    describe_components_by_their_properties(document);
    if let Some(Value::Object(schemas)) = document.pointer_mut("/components/schemas") {
        for schema in schemas.values_mut() {
            keep_unknown_properties(schema);
        }
    }
    // Last: the passes above read properties by their wire names.
    notes.extend(crate::property_names::encode_clashing_property_names(document));
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
    Preparation { notes, renames, relaxed }
}

/// The API's own examples are evidence of what the server sends: a property that the
/// schema requires but an example omits is made optional, so the models read the examples.
fn relax_required_fields_missing_from_examples(document: &mut Value) -> Vec<(String, String)> {
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

/// A component with no description of its own, which every property that references it
/// describes alike (`currency` → `Currency`), takes that description, so the generated
/// type's docs say what it is instead of only its name.
fn describe_components_by_their_properties(document: &mut Value) {
    let Some(schemas) = document.pointer("/components/schemas").and_then(Value::as_object) else { return };
    let mut descriptions: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> = Default::default();
    for schema in schemas.values() {
        for property in schema.get("properties").and_then(Value::as_object).into_iter().flat_map(|p| p.values()) {
            let (Some(target), Some(text)) =
                (referenced_component(property), property.get("description").and_then(Value::as_str))
            else {
                continue;
            };
            descriptions.entry(target).or_default().insert(text.to_string());
        }
    }
    for (component, texts) in descriptions {
        let pointer = format!("/components/schemas/{}", elevenlabs_spec::pointer::escape(&component));
        if let (Some(Value::Object(schema)), 1) = (document.pointer_mut(&pointer), texts.len()) {
            if !schema.contains_key("description") {
                schema.insert("description".into(), Value::String(texts.into_iter().next().unwrap_or_default()));
            }
        }
    }
}

/// The component a property schema names, directly or through a one-element `allOf`.
fn referenced_component(schema: &Value) -> Option<String> {
    let reference = schema.get("$ref").or_else(|| schema.pointer("/allOf/0/$ref"))?.as_str()?;
    let component = elevenlabs_spec::ComponentRef::parse(reference, "").ok()?;
    (component.kind == "schemas").then_some(component.name)
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
                if !matches!(key.as_str(), "example" | "default" | "enum" | "additionalProperties")
                    && !key.starts_with("x-")
                {
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
        assert!(prepare_for_codegen(&mut document).notes.is_empty());
        let schemas = &document["components"]["schemas"];
        assert_eq!(schemas["A"]["additionalProperties"], json!({}));
        assert_eq!(schemas["A"]["properties"]["b"]["additionalProperties"], json!({}));
        assert!(schemas["A"]["properties"]["x"]["example"].get("additionalProperties").is_none());
        assert_eq!(schemas["Closed"]["additionalProperties"], false);
        assert_eq!(document["paths"]["/a"]["get"]["parameters"][0]["schema"], json!({"type": "string"}));
    }
}

#[cfg(test)]
mod example_tests {
    use super::*;

    #[test]
    fn required_fields_the_examples_omit_become_optional() {
        let mut document = json!({"components": {"schemas": {
            "User": {"required": ["id", "sub"], "properties": {"id": {}, "sub": {"allOf": [{"$ref": "#/components/schemas/Sub"}]}},
                     "example": {"id": 1, "sub": {"kept": true}}},
            "Sub": {"required": ["kept", "dropped"], "properties": {"kept": {}, "dropped": {}}}
        }}});
        let prepared = prepare_for_codegen(&mut document);
        assert_eq!(prepared.relaxed, [("Sub".to_string(), "dropped".to_string())]);
        assert_eq!(
            prepared.notes,
            ["Sub.dropped is required but the document's own example omits it; generated as optional"]
        );
        assert_eq!(document["components"]["schemas"]["Sub"]["required"], json!(["kept"]));
        assert_eq!(document["components"]["schemas"]["User"]["required"], json!(["id", "sub"]));
    }
}

#[cfg(test)]
mod description_tests {
    use super::*;

    #[test]
    fn a_component_without_docs_takes_the_one_description_its_properties_give_it() {
        let mut document = json!({"components": {"schemas": {
            "Sub": {"properties": {
                "currency": {"allOf": [{"$ref": "#/components/schemas/Currency"}], "nullable": true,
                             "description": "The currency of the user's subscription."},
                "period": {"$ref": "#/components/schemas/Period", "description": "one"},
                "other_period": {"$ref": "#/components/schemas/Period", "description": "two"},
                "tier": {"$ref": "#/components/schemas/Tier", "description": "ignored"}
            }},
            "Currency": {"type": "string", "enum": ["usd"]},
            "Period": {"type": "string", "enum": ["monthly"]},
            "Tier": {"type": "string", "description": "Its own."}
        }}});
        prepare_for_codegen(&mut document);
        let described = |name: &str| document.pointer(&format!("/components/schemas/{name}/description")).cloned();
        assert_eq!(described("Currency"), Some(json!("The currency of the user's subscription.")));
        assert_eq!(described("Period"), None, "two different descriptions: neither is the type's");
        assert_eq!(described("Tier"), Some(json!("Its own.")));
    }
}
