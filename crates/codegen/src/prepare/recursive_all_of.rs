//! `allOf`s of objects in components that lead back to themselves (a tree node that
//! extends a base: `Node: allOf [$ref Base, {properties: {children: [$ref Node]}}]`, or
//! such an `allOf` written as a member of a union `Node`).
//!
//! typify merges an `allOf` itself, and checks each part's properties against the other
//! parts' `additionalProperties`: the `{}` that keeps unknown fields makes every such
//! property `allOf [{}, <property>]`. A property that names the component resolves to the
//! component's own `allOf`, which merges again, without end: the generator's stack
//! overflows and the process aborts, which no error can report. Merged here into one
//! object, the component is a plain object to typify, and a reference to it stays a
//! reference. The merge keeps meaning: the properties of every part, each required where
//! any part requires it, and a property several parts name as the `allOf` of their schemas.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use elevenlabs_spec::{component_at, for_each_object, for_each_ref, pointer, ComponentRef};

/// Keywords that make a part more than an object whose constraints apply to the whole
/// value: a part with one is left to typify.
const NOT_AN_OBJECT_PART: [&str; 8] = ["oneOf", "anyOf", "allOf", "not", "enum", "discriminator", "$ref", "items"];

/// What a part says of itself, not of the value: the merge keeps the `allOf`'s own.
const ANNOTATIONS: [&str; 7] = ["description", "title", "example", "deprecated", "readOnly", "writeOnly", "default"];

/// Merges every `allOf` of objects within a component that can reach itself through
/// references: the component's own, and those written inline in it (a union's member).
pub fn merge_recursive_all_ofs(document: &mut Value) {
    let Some(schemas) = document.pointer("/components/schemas").and_then(Value::as_object) else { return };
    let mut sites: Vec<(&str, String)> = Vec::new();
    for (name, schema) in schemas {
        let at = pointer::join("/components/schemas", name);
        for_each_object(schema, &at, &mut |site, object| {
            if has_parts(object) {
                sites.push((name, site.to_string()));
            }
        });
    }
    // Only a component with an `allOf` pays for the walk of references (ElevenLabs'
    // documents have none).
    if sites.is_empty() {
        return;
    }
    let references: BTreeMap<&str, BTreeSet<String>> =
        schemas.iter().map(|(name, schema)| (name.as_str(), components_named(schema))).collect();
    let named_by = |component: &str| references.get(component).into_iter().flatten().map(String::as_str);
    let on_a_cycle: BTreeSet<&str> = (sites.iter().map(|(name, _)| *name))
        .filter(|name| super::reaches(named_by(name).collect(), name, named_by))
        .collect();
    let mut sites: Vec<String> =
        sites.into_iter().filter(|(name, _)| on_a_cycle.contains(name)).map(|(_, site)| site).collect();
    // Innermost first: an outer `allOf` then reads its parts merged.
    sites.sort_by_key(|site| std::cmp::Reverse(site.len()));
    for site in sites {
        let Some(schema) = document.pointer(&site).and_then(Value::as_object) else { continue };
        // The component it is written in: a part that names it would hold itself.
        let mut merging = BTreeSet::from_iter(component_at(&site).map(|component| component.name));
        if let Some(object) = merged_schema(document, schema, &mut merging) {
            if let Some(schema) = document.pointer_mut(&site) {
                *schema = object;
            }
        }
    }
}

/// Whether `schema` is an `allOf` of more than one part, which typify merges.
fn has_parts(schema: &Map<String, Value>) -> bool {
    schema.get("allOf").and_then(Value::as_array).is_some_and(|parts| parts.len() > 1)
}

/// The component schemas `schema` names anywhere in it.
fn components_named(schema: &Value) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for_each_ref(schema, "", &mut |at, target| {
        if let Ok(component) = ComponentRef::parse(target, at) {
            if component.kind == "schemas" {
                names.insert(component.name);
            }
        }
    });
    names
}

/// The component `name`, an `allOf`, as one object ([`merged_schema`]); none when it is
/// being merged already (its parts name it).
fn merged_component(document: &Value, name: &str, merging: &mut BTreeSet<String>) -> Option<Value> {
    if !merging.insert(name.to_string()) {
        return None;
    }
    let schema = document.pointer(&pointer::join("/components/schemas", name))?.as_object()?;
    let merged = merged_schema(document, schema, merging);
    merging.remove(name);
    merged
}

/// `schema`, an `allOf`, as one object: its own keywords beside the merge of its parts,
/// each part a `$ref` followed (and merged in turn, when it is an `allOf` too) or an
/// inline object. One part may be a union of objects (`allOf [Base, oneOf [A, B]]`): the
/// merge is then that union of the merges (`oneOf [Base ∧ A, Base ∧ B]`), which accepts
/// the same values. None when a part is anything else, or the parts name each other.
fn merged_schema(document: &Value, schema: &Map<String, Value>, merging: &mut BTreeSet<String>) -> Option<Value> {
    // Its own object keywords are one more part; the rest (its description) stay as written.
    let (mut own, mut object) = (Map::new(), Map::new());
    let mut parts: Vec<Map<String, Value>> = Vec::new();
    let mut union: Option<(&str, Vec<Map<String, Value>>)> = None;
    for (key, value) in schema {
        match key.as_str() {
            "allOf" => {
                for part in value.as_array()? {
                    match object_part(document, part, merging) {
                        Some(part) => parts.push(part),
                        None if union.is_none() => union = Some(union_of_objects(document, part, merging)?),
                        None => return None,
                    }
                }
            }
            "properties" | "required" | "additionalProperties" | "type" => {
                own.insert(key.clone(), value.clone());
            }
            _ => {
                object.insert(key.clone(), value.clone());
            }
        }
    }
    if !own.is_empty() {
        parts.push(object_part(document, &Value::Object(own), merging)?);
    }
    match union {
        None => object.extend(merge(parts)),
        Some((keyword, members)) => {
            let merged = members.into_iter().map(|member| {
                let every_part = parts.iter().cloned().chain(std::iter::once(member)).collect();
                Value::Object(merge(every_part))
            });
            object.insert(keyword.to_string(), Value::Array(merged.collect()));
        }
    }
    Some(Value::Object(object))
}

/// A part that is a union (`oneOf` or `anyOf`) of object members and nothing else, as its
/// keyword and its members, each an object schema.
fn union_of_objects(
    document: &Value,
    part: &Value,
    merging: &mut BTreeSet<String>,
) -> Option<(&'static str, Vec<Map<String, Value>>)> {
    let resolved = crate::prepare::followed(document, part).as_object()?;
    let keyword = ["oneOf", "anyOf"].into_iter().find(|k| resolved.contains_key(*k))?;
    let only_the_union = resolved.keys().all(|key| matches!(key.as_str(), "description" | "title") || key == keyword);
    let members = resolved.get(keyword)?.as_array()?;
    let members: Option<Vec<_>> = members.iter().map(|member| object_part(document, member, merging)).collect();
    only_the_union.then_some((keyword, members?))
}

/// One part as an object schema: an inline object, a component that is one (or an `allOf`
/// merged), or a one-part `allOf` of either (a reference with siblings).
fn object_part(document: &Value, part: &Value, merging: &mut BTreeSet<String>) -> Option<Map<String, Value>> {
    if let Some(target) = part.get("$ref").and_then(Value::as_str) {
        let component = ComponentRef::parse_in(target, "", document).ok().filter(|c| c.kind == "schemas")?;
        let resolved = component.resolve(document)?;
        return match resolved.as_object().is_some_and(has_parts) {
            true => merged_component(document, &component.name, merging)?.as_object().cloned(),
            false => object_part(document, resolved, merging),
        };
    }
    let object = part.as_object()?;
    if let Some([only]) = object.get("allOf").and_then(Value::as_array).map(Vec::as_slice) {
        return object_part(document, only, merging);
    }
    let is_object = object.get("type").is_none_or(|t| t == "object");
    (is_object && !object.keys().any(|key| NOT_AN_OBJECT_PART.contains(&key.as_str()))).then(|| object.clone())
}

/// The object every one of `parts` describes. Every keyword of a part constrains the
/// whole value, so one that no other part gives moves to the object as it is; one that
/// parts give differently is kept as an `allOf` of each (`minProperties`), beside the
/// properties, which typify then merges with nothing to follow.
fn merge(parts: Vec<Map<String, Value>>) -> Map<String, Value> {
    let mut properties: Map<String, Value> = Map::new();
    let mut required: Vec<Value> = Vec::new();
    let mut additional: Vec<Value> = Vec::new();
    let mut nullable = true;
    let mut object = Map::from_iter([("type".to_string(), json!("object"))]);
    let mut differing: Vec<Value> = Vec::new();
    for part in parts {
        nullable &= part.get("nullable") == Some(&Value::Bool(true));
        for (key, value) in part {
            match key.as_str() {
                "properties" => {
                    for (name, schema) in value.as_object().into_iter().flatten() {
                        let merged = match properties.remove(name) {
                            Some(earlier) if earlier != *schema => json!({"allOf": [earlier, schema]}),
                            _ => schema.clone(),
                        };
                        properties.insert(name.clone(), merged);
                    }
                }
                "required" => {
                    for name in value.as_array().into_iter().flatten() {
                        if !required.contains(name) {
                            required.push(name.clone());
                        }
                    }
                }
                "additionalProperties" => additional.push(value),
                "type" | "nullable" => {}
                _ if ANNOTATIONS.contains(&key.as_str()) => {}
                _ => match object.get(&key) {
                    None => {
                        object.insert(key, value);
                    }
                    Some(earlier) if *earlier == value => {}
                    Some(_) => differing.push(json!({key: value})),
                },
            }
        }
    }
    object.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        object.insert("required".into(), Value::Array(required));
    }
    if nullable {
        object.insert("nullable".into(), Value::Bool(true));
    }
    // Unknown properties must satisfy every part's schema for them; `false` in any part
    // refuses them all.
    additional.retain(|schema| *schema != json!({}) && *schema != json!(true));
    let additional = match additional.as_slice() {
        [] => None,
        _ if additional.contains(&json!(false)) => Some(json!(false)),
        [only] => Some(only.clone()),
        _ => Some(json!({"allOf": additional})),
    };
    object.extend(additional.map(|schema| ("additionalProperties".to_string(), schema)));
    if !differing.is_empty() {
        object.insert("allOf".into(), Value::Array(differing));
    }
    object
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schemas(document: &Value) -> &Value {
        &document["components"]["schemas"]
    }

    #[test]
    fn a_recursive_all_of_becomes_one_object() {
        let mut document = json!({"components": {"schemas": {
            "Base": {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]},
            "Node": {"description": "a node", "allOf": [
                {"$ref": "#/components/schemas/Base"},
                {"type": "object", "properties": {
                    "id": {"type": "string", "description": "again"},
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}
                }, "required": ["children"]}
            ]}
        }}});
        merge_recursive_all_ofs(&mut document);
        assert_eq!(
            schemas(&document)["Node"],
            json!({
                "description": "a node",
                "type": "object",
                "properties": {
                    "id": {"allOf": [{"type": "string"}, {"type": "string", "description": "again"}]},
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}
                },
                "required": ["id", "children"]
            })
        );
        assert!(schemas(&document)["Base"].get("allOf").is_none(), "the base is untouched");
    }

    #[test]
    fn an_all_of_inside_a_recursive_union_is_merged_where_it_is_written() {
        let mut document = json!({"components": {"schemas": {
            "Base": {"type": "object", "properties": {"id": {"type": "string"}}},
            "Node": {"anyOf": [
                {"allOf": [
                    {"$ref": "#/components/schemas/Base"},
                    {"properties": {"next": {"$ref": "#/components/schemas/Node"}}}
                ]},
                {"type": "string"}
            ]}
        }}});
        merge_recursive_all_ofs(&mut document);
        assert_eq!(
            schemas(&document)["Node"]["anyOf"][0],
            json!({"type": "object", "properties": {
                "id": {"type": "string"},
                "next": {"$ref": "#/components/schemas/Node"}
            }})
        );
    }

    #[test]
    fn every_other_keyword_of_a_part_constrains_the_merge() {
        let mut document = json!({"components": {"schemas": {
            "Node": {"allOf": [
                {"type": "object", "minProperties": 1, "patternProperties": {"^x-": {}}, "nullable": true,
                 "properties": {"next": {"$ref": "#/components/schemas/Node"}}},
                {"minProperties": 2, "patternProperties": {"^x-": {}}, "description": "a part's own"}
            ]}
        }}});
        merge_recursive_all_ofs(&mut document);
        assert_eq!(
            schemas(&document)["Node"],
            json!({
                "type": "object",
                "minProperties": 1,
                "patternProperties": {"^x-": {}},
                "allOf": [{"minProperties": 2}],
                "properties": {"next": {"$ref": "#/components/schemas/Node"}}
            }),
            "null only when every part allows it"
        );
    }

    #[test]
    fn a_union_part_distributes_over_the_other_parts() {
        let mut document = json!({"components": {"schemas": {
            "Base": {"type": "object", "properties": {"id": {"type": "string"}}},
            "Either": {"oneOf": [
                {"properties": {"child": {"$ref": "#/components/schemas/Node"}}, "required": ["child"]},
                {"properties": {"name": {"type": "string"}}, "required": ["name"]}
            ]},
            "Node": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"$ref": "#/components/schemas/Either"}]}
        }}});
        merge_recursive_all_ofs(&mut document);
        let member = |properties: Value, required: &str| json!({"type": "object", "properties": properties, "required": [required]});
        assert_eq!(
            schemas(&document)["Node"],
            json!({"oneOf": [
                member(json!({"id": {"type": "string"}, "child": {"$ref": "#/components/schemas/Node"}}), "child"),
                member(json!({"id": {"type": "string"}, "name": {"type": "string"}}), "name")
            ]})
        );
    }

    #[test]
    fn an_all_of_that_leads_nowhere_back_is_left_to_typify() {
        let document = json!({"components": {"schemas": {
            "Base": {"type": "object", "properties": {"id": {"type": "string"}}},
            "User": {"allOf": [
                {"$ref": "#/components/schemas/Base"},
                {"type": "object", "properties": {"base": {"$ref": "#/components/schemas/Base"}}}
            ]}
        }}});
        let mut prepared = document.clone();
        merge_recursive_all_ofs(&mut prepared);
        assert_eq!(prepared, document);
    }

    #[test]
    fn parts_merge_through_components_that_are_all_ofs_themselves() {
        let mut document = json!({"components": {"schemas": {
            "Named": {"type": "object", "properties": {"name": {"type": "string"}}, "additionalProperties": false},
            "Base": {"allOf": [{"$ref": "#/components/schemas/Named"}, {"properties": {"id": {"type": "integer"}}}]},
            "Node": {"allOf": [
                {"$ref": "#/components/schemas/Base"},
                {"allOf": [{"$ref": "#/components/schemas/Named"}], "description": "a reference with siblings"},
                {"properties": {"next": {"$ref": "#/components/schemas/Node"}}}
            ]}
        }}});
        merge_recursive_all_ofs(&mut document);
        let node = &schemas(&document)["Node"];
        let names: Vec<&String> = node["properties"].as_object().unwrap().keys().collect();
        assert_eq!(names, ["id", "name", "next"], "{node}");
        assert_eq!(node["additionalProperties"], json!(false), "a part that is closed closes the merge");
    }

    #[test]
    fn parts_that_are_not_objects_or_that_name_each_other_are_left_to_typify() {
        let document = json!({"components": {"schemas": {
            "Either": {"allOf": [
                {"oneOf": [{"type": "string"}, {"$ref": "#/components/schemas/Either"}]},
                {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/Either"}}}
            ]},
            "Loop": {"allOf": [{"$ref": "#/components/schemas/Pool"}, {"properties": {"x": {}}}]},
            "Pool": {"allOf": [{"$ref": "#/components/schemas/Loop"}, {"properties": {"y": {}}}]}
        }}});
        let mut prepared = document.clone();
        merge_recursive_all_ofs(&mut prepared);
        assert_eq!(prepared, document);
    }
}
