//! What each key of an OpenAPI document holds, and finding `$ref`s without mistaking
//! example data for structure or a name for a keyword.

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::pointer;

/// Keys whose values are literal data, never structure: a schema's `default`, `example`,
/// `enum` and `const`, and an Example object's `value`.
const DATA_KEYS: &[&str] = &["example", "default", "enum", "const", "value"];
/// Keys whose values map arbitrary names to structure, so a name there is never a keyword:
/// the `default` of `responses` is the default response, a property named `default` is a
/// property. Schema maps first, then the document's own.
const NAME_MAP_KEYS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
    "paths",
    "webhooks",
    "responses",
    "content",
    "headers",
    "encoding",
    "callbacks",
    "links",
    "schemas",
    "parameters",
    "requestBodies",
    "securitySchemes",
    "pathItems",
    "mediaTypes",
];

/// What a local `$ref` (`#/components/schemas/User`) points to in `document`; `None` for
/// an external or dangling reference. Every reference is resolved here.
pub fn resolve<'a>(document: &'a Value, target: &str) -> Option<&'a Value> {
    resolve_with_pointer(document, target).map(|(_, value)| value)
}

/// [`resolve`], with the pointer that resolved: the reference as written first, since a
/// name may hold a `%` of its own (`a%20b`, unencoded), as most documents write it; else
/// percent-decoded (then [`Cow::Owned`]), as RFC 6901 puts a pointer in a URI.
pub fn resolve_with_pointer<'a, 't>(document: &'a Value, target: &'t str) -> Option<(Cow<'t, str>, &'a Value)> {
    let written = target.strip_prefix('#')?;
    if let Some(value) = document.pointer(written) {
        return Some((Cow::Borrowed(written), value));
    }
    match pointer::of_local_ref(target)? {
        Cow::Owned(decoded) => document.pointer(&decoded).map(|value| (Cow::Owned(decoded), value)),
        Cow::Borrowed(_) => None,
    }
}

/// `value`, or what its local `$ref` points to; `None` for a reference that resolves
/// nowhere. Every "follow this reference if it is one" goes through here.
pub fn dereferenced<'a>(document: &'a Value, value: &'a Value) -> Option<&'a Value> {
    match value.get("$ref").and_then(Value::as_str) {
        Some(target) => resolve(document, target),
        None => Some(value),
    }
}

/// Whether `key` holds literal data (an example, a default) rather than structure.
pub fn holds_data(key: &str, value: &Value) -> bool {
    // Schema `examples` is a list of data; media-type `examples` is a map of Example objects.
    DATA_KEYS.contains(&key) || (key == "examples" && value.is_array())
}

/// Whether `key` maps names to structure; its entries' names are never keywords.
pub fn holds_names(key: &str, value: &Value) -> bool {
    NAME_MAP_KEYS.contains(&key) && value.is_object()
}

/// Calls `found(pointer_of_ref_site, target)` for every `$ref` and discriminator mapping in `value`.
pub fn for_each_ref(value: &Value, at: &str, found: &mut dyn FnMut(&str, &str)) {
    refs(value, &mut at.to_string(), found);
}

/// A discriminator mapping's value as the reference it means: OpenAPI lets it be a `$ref`
/// or the bare name of a schema component (`"Dog"` for `#/components/schemas/Dog`).
fn mapping_target(value: &str) -> Cow<'_, str> {
    match value.contains(['#', '/']) {
        true => Cow::Borrowed(value),
        false => Cow::Owned(format!("#/components/schemas/{}", pointer::escape(value))),
    }
}

fn refs(value: &Value, at: &mut String, found: &mut dyn FnMut(&str, &str)) {
    match value {
        Value::Object(object) => {
            let in_discriminator = at.ends_with("/discriminator");
            for (key, child) in object {
                within(at, key, |child_at| match (key.as_str(), child) {
                    ("$ref", Value::String(target)) => found(child_at, target),
                    (k, v) if holds_data(k, v) => {}
                    ("mapping", Value::Object(mapping)) if in_discriminator => {
                        for (name, target) in mapping {
                            if let Value::String(target) = target {
                                within(child_at, name, |mapping_at| found(mapping_at, &mapping_target(target)));
                            }
                        }
                    }
                    (k, Value::Object(names)) if holds_names(k, child) => {
                        for (name, schema) in names {
                            within(child_at, name, |schema_at| refs(schema, schema_at, found));
                        }
                    }
                    _ => refs(child, child_at, found),
                });
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                within_index(at, index, |item_at| refs(item, item_at, found));
            }
        }
        _ => {}
    }
}

/// The one traversal of a document's structure: every object that is structure (a schema,
/// an operation, a response), never the literal data inside a `default` or an `example`,
/// and never a name mistaken for a keyword.
/// Calls `visit(pointer, object)` for every structural object under `value`, parents first.
pub fn for_each_object<'a>(value: &'a Value, at: &str, visit: &mut dyn FnMut(&str, &'a Map<String, Value>)) {
    walk(value, &mut at.to_string(), false, visit);
}

fn walk<'a>(value: &'a Value, at: &mut String, names: bool, visit: &mut dyn FnMut(&str, &'a Map<String, Value>)) {
    match value {
        Value::Object(object) => {
            if !names {
                visit(at, object);
            }
            for (key, child) in object {
                if names || !holds_data(key, child) {
                    let child_names = !names && holds_names(key, child);
                    within(at, key, |child_at| walk(child, child_at, child_names, visit));
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                within_index(at, index, |item_at| walk(item, item_at, false, visit));
            }
        }
        _ => {}
    }
}

/// `then` with `key` pushed onto the pointer `at`, which is as before afterwards: one
/// buffer serves a whole walk, where a string per child was about 2% of a comparison's
/// instructions.
fn within<R>(at: &mut String, key: &str, then: impl FnOnce(&mut String) -> R) -> R {
    let len = at.len();
    pointer::push_token(at, key);
    let result = then(at);
    at.truncate(len);
    result
}

fn within_index<R>(at: &mut String, index: usize, then: impl FnOnce(&mut String) -> R) -> R {
    let len = at.len();
    // Writing to a String cannot fail.
    let _ = std::fmt::Write::write_fmt(at, format_args!("/{index}"));
    let result = then(at);
    at.truncate(len);
    result
}

/// The pointers of every structural object for which `select` holds.
pub fn pointers_where(document: &Value, select: &mut dyn FnMut(&str, &Map<String, Value>) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    for_each_object(document, "", &mut |at, object| {
        if select(at, object) {
            found.push(at.to_string());
        }
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_value_is_dereferenced_when_it_is_a_reference() {
        let document = json!({"components": {"schemas": {"A": {"type": "string"}}}});
        let reference = json!({"$ref": "#/components/schemas/A"});
        assert_eq!(dereferenced(&document, &reference), Some(&json!({"type": "string"})));
        assert_eq!(dereferenced(&document, &json!({"type": "integer"})), Some(&json!({"type": "integer"})));
        assert_eq!(dereferenced(&document, &json!({"$ref": "#/components/schemas/B"})), None);
    }

    #[test]
    fn the_default_response_is_structure_and_example_values_are_data() {
        let operation = json!({
            "responses": {
                "default": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/ApiErrorX"},
                    "examples": {"default": {"value": {"$ref": "data, not a reference"}}}
                }}},
                "200": {"content": {"application/json": {"schema": {"default": {"$ref": "data too"}}}}}
            }
        });
        let mut refs = Vec::new();
        for_each_ref(&operation, "", &mut |_, target| refs.push(target.to_string()));
        assert_eq!(refs, ["#/components/schemas/ApiErrorX"]);
    }

    #[test]
    fn skips_data_but_not_properties_named_like_keywords() {
        let schema = json!({
            "properties": {
                "default": {"$ref": "#/components/schemas/A"},
                "x": {"example": {"$ref": "not-a-ref"}, "examples": [{"$ref": "nor-this"}]}
            },
            "discriminator": {"mapping": {"b": "#/components/schemas/B"}}
        });
        let mut refs = Vec::new();
        for_each_ref(&schema, "", &mut |at, target| refs.push((at.to_string(), target.to_string())));
        assert_eq!(
            refs,
            vec![
                ("/discriminator/mapping/b".to_string(), "#/components/schemas/B".to_string()),
                ("/properties/default/$ref".to_string(), "#/components/schemas/A".to_string()),
            ]
        );
    }

    #[test]
    fn a_mapping_that_names_a_schema_is_the_reference_it_means() {
        let schema = json!({"discriminator": {"mapping": {"d": "Dog", "c": "#/components/schemas/Cat", "o": "a~b"}}});
        let mut refs = Vec::new();
        for_each_ref(&schema, "", &mut |_, target| refs.push(target.to_string()));
        assert_eq!(refs, ["#/components/schemas/Cat", "#/components/schemas/Dog", "#/components/schemas/a~0b"]);
    }

    #[test]
    fn data_is_skipped_and_names_are_not_keywords() {
        let document =
            json!({"properties": {"default": {"type": "string"}}, "default": {"type": "x"}, "example": {"a": {}}});
        let pointers = pointers_where(&document, &mut |_, object| object.contains_key("type"));
        assert_eq!(pointers, ["/properties/default"]);
    }
}
