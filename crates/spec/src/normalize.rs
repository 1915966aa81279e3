//! Rewriting OpenAPI 3.1 / 3.2 documents into the OpenAPI 3.0 form that progenitor and
//! typify accept, keeping their meaning.
//!
//! What 3.0 cannot say is kept, not dropped: keywords with no 3.0 equivalent move to
//! `x-oas-<keyword>` extensions, so readers (and the schema diff) still see them.

use std::borrow::Cow;

use serde_json::{json, Map, Value};

use crate::error::{Result, SpecError};
use crate::pointer;

/// The OpenAPI version every normalized document declares.
pub const NORMALIZED_VERSION: &str = "3.0.3";
/// Prefix for keywords that OpenAPI 3.0 has no place for.
pub const DEMOTED_PREFIX: &str = "x-oas-";

/// Where a 3.2 `query` operation waits in a normalized path item: 3.0 has no QUERY
/// method, so it is set aside as an extension, normalized all the same, for readers that
/// know it ([`set_aside_operations_restored`]).
pub const SET_ASIDE_QUERY: &str = "x-oas-query";

/// Where 3.2's `additionalOperations` (methods such as `COPY`) wait in a normalized path
/// item, each normalized, for readers that know them ([`set_aside_operations_restored`]).
pub const SET_ASIDE_ADDITIONAL: &str = "x-oas-additionalOperations";

/// Where 3.1's `webhooks` wait in a normalized document, normalized for a comparison
/// ([`normalize_reached`]) and restored by [`set_aside_operations_restored`]; as written
/// for the generators, which no webhook concerns.
pub const SET_ASIDE_WEBHOOKS: &str = "x-oas-webhooks";

const ROOT_KEYS: &[&str] = &["openapi", "info", "servers", "paths", "components", "security", "tags", "externalDocs"];
const INFO_KEYS: &[&str] = &["title", "description", "termsOfService", "contact", "license", "version"];
const LICENSE_KEYS: &[&str] = &["name", "url"];
/// Holds [`HTTP_METHODS_3_0`](crate::HTTP_METHODS_3_0) (a test checks it) and the other
/// keys of a 3.0 path item.
const PATH_ITEM_KEYS: &[&str] = &[
    "$ref",
    "summary",
    "description",
    "get",
    "put",
    "post",
    "delete",
    "options",
    "head",
    "patch",
    "trace",
    "servers",
    "parameters",
];
const COMPONENT_KEYS: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
];
const MEDIA_TYPE_KEYS: &[&str] = &["schema", "example", "examples", "encoding"];
const SCHEMA_KEYS: &[&str] = &[
    "$ref",
    "title",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "enum",
    "type",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "items",
    "properties",
    "additionalProperties",
    "description",
    "format",
    "default",
    "nullable",
    "discriminator",
    "readOnly",
    "writeOnly",
    "xml",
    "externalDocs",
    "example",
    "deprecated",
];
/// Keywords that only describe; they never change which values a schema accepts.
pub const ANNOTATION_KEYS: &[&str] =
    &["title", "description", "example", "default", "deprecated", "readOnly", "writeOnly", "externalDocs"];
/// Keywords that bound which values of a type are valid, without changing the type that
/// holds them.
pub const BOUND_KEYS: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
];

/// Keywords whose values are schemas, or lists or maps of schemas.
const SINGLE_SCHEMA_KEYS: &[&str] =
    &["items", "additionalProperties", "not", "propertyNames", "contains", "if", "then", "else"];
const SCHEMA_LIST_KEYS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];
const SCHEMA_MAP_KEYS: &[&str] = &["properties", "patternProperties", "$defs", "dependentSchemas"];

/// [`normalize`], for a reader that follows operations only (the wire diff): a component
/// no operation (or webhook) reaches, which that reader never reads, is left out when it
/// cannot be normalized, rather than failing the whole document. An error in anything an
/// operation reaches stands.
///
/// Webhooks are normalized too, set aside as [`SET_ASIDE_WEBHOOKS`]; and a `type` JSON
/// Schema has no name for (`type: int`) is kept as written: a comparison reads it as one
/// more kind of value, where the generators cannot.
pub fn normalize_reached(document: &Value) -> Result<Value> {
    let mut error = match normalize_as(document, Reader::Comparison) {
        Ok(normalized) => return Ok(normalized),
        Err(error) => error,
    };
    let reached = crate::extract::components_operations_reach(document);
    let mut pruned = document.clone();
    loop {
        let unread = crate::extract::component_at(&error.pointer).filter(|c| !reached.contains(c));
        let Some(component) = unread else { return Err(error) };
        let kind = pruned.pointer_mut(&pointer::join("/components", &component.kind)).and_then(Value::as_object_mut);
        // Each round removes one component, so the loop ends.
        if kind.and_then(|components| components.remove(&component.name)).is_none() {
            return Err(error);
        }
        match normalize_as(&pruned, Reader::Comparison) {
            Ok(normalized) => return Ok(normalized),
            Err(next) => error = next,
        }
    }
}

/// Normalizes a whole document (a fragment or a full upstream document).
pub fn normalize(document: &Value) -> Result<Value> {
    normalize_as(document, Reader::Generators)
}

/// Who reads a normalized document, which decides what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reader {
    /// The generators: a `type` JSON Schema has no name for is refused with its place
    /// (they stop with a `todo!` on it), and webhooks and callbacks, which no client
    /// calls, are left as written.
    Generators,
    /// A comparison of operations (the wire diff): such a `type` is kept as written, one
    /// more kind of value, and webhooks are normalized too, set aside where 3.0 has no
    /// place for them ([`SET_ASIDE_WEBHOOKS`]).
    Comparison,
}

fn normalize_as(document: &Value, reader: Reader) -> Result<Value> {
    let document = &*crate::references::with_components_only(document)?;
    let Value::Object(root) = document else {
        return Err(SpecError::at("", "not an OpenAPI document: the top level is not an object"));
    };
    let mut root = root.clone();
    root.insert("openapi".into(), json!(NORMALIZED_VERSION));
    root.entry("paths").or_insert_with(|| json!({}));
    let items = match reader {
        Reader::Generators => &["paths"][..],
        Reader::Comparison => &["paths", "webhooks"][..],
    };
    for key in items {
        if let Some(Value::Object(items)) = root.get_mut(*key) {
            path_items_inline(document, items);
        }
    }
    media_types_inline(document, &mut root)?;
    if let Some(Value::Object(info)) = root.get_mut("info") {
        if let Some(Value::Object(license)) = info.get_mut("license") {
            demote_unknown(license, LICENSE_KEYS);
        }
        demote_unknown(info, INFO_KEYS);
    }
    if let Some(Value::Object(components)) = root.get_mut("components") {
        demote_unknown(components, COMPONENT_KEYS);
    }
    demote_unknown(&mut root, ROOT_KEYS);
    let mut normalized = Value::Object(root);
    normalize_structure(&mut normalized, "", reader)?;
    canonical_refs(&mut normalized);
    Ok(normalized)
}

/// Where 3.2 keeps media types that `content` maps may `$ref`; 3.0 has no such
/// components (the key is demoted), so each reference is written inline.
const MEDIA_TYPE_COMPONENTS: &str = "#/components/mediaTypes/";

/// Deeper than any chain of media types referring to media types a document needs.
const MAX_MEDIA_TYPE_CHAIN: usize = 16;

/// `root` (its path items inline) with each `$ref` to a media type component (3.2)
/// replaced by the media type it names, followed through chains in `document`: 3.0 readers (progenitor, the wire diff) take a media
/// type as written, and would find neither its schema nor the component. A reference that
/// resolves nowhere, or to itself, is refused with its place.
fn media_types_inline(document: &Value, root: &mut Map<String, Value>) -> Result<()> {
    let mut written = Value::Object(std::mem::take(root));
    let mut sites = Vec::new();
    crate::walk::for_each_ref(&written, "", &mut |site, target| {
        if target.starts_with(MEDIA_TYPE_COMPONENTS) && !site.starts_with("/components/mediaTypes/") {
            sites.push(site.to_string());
        }
    });
    for site in sites {
        let Some(at) = site.strip_suffix("/$ref") else { continue };
        let mut media_type = written.pointer(at).cloned().unwrap_or(Value::Null);
        for _ in 0..MAX_MEDIA_TYPE_CHAIN {
            let Some(target) = media_type.get("$ref").and_then(Value::as_str) else { break };
            let unresolved = || SpecError::at(at, format!("the media type `$ref` {target:?} resolves nowhere"));
            if !target.starts_with(MEDIA_TYPE_COMPONENTS) {
                return Err(SpecError::at(
                    at,
                    format!("a media type may only refer to a media type component, not {target:?}"),
                ));
            }
            media_type = crate::walk::resolve(document, target).cloned().ok_or_else(unresolved)?;
        }
        if media_type.get("$ref").is_some() {
            return Err(SpecError::at(at, "a chain of media type references that does not end"));
        }
        if let Some(slot) = written.pointer_mut(at) {
            *slot = media_type;
        }
    }
    if let Value::Object(written) = written {
        *root = written;
    }
    Ok(())
}

/// Each path item (or webhook) of `items` written inline, a `$ref`'d one as the item it
/// names, so that every reader of operations (progenitor, the wire diff) finds them there,
/// with the keys 3.0 has no place for demoted.
fn path_items_inline(document: &Value, items: &mut Map<String, Value>) {
    for item in items.values_mut() {
        if item.get("$ref").is_some() {
            *item = crate::extract::path_item(document, item).clone();
        }
        if let Value::Object(item) = item {
            demote_unknown(item, PATH_ITEM_KEYS);
        }
    }
}

/// Walks document structure (not schemas) looking for the places that hold schemas.
fn normalize_structure(value: &mut Value, at: &str, reader: Reader) -> Result<()> {
    match value {
        Value::Object(object) => {
            if object.contains_key("schema") || object.contains_key("itemSchema") {
                demote_unknown_if_media_type(object, at);
            }
            for (key, child) in object.iter_mut() {
                let child_at = pointer::join(at, key);
                match key.as_str() {
                    "schema" => *child = normalize_schema_as(child, &child_at, reader)?,
                    // Requests the API sends, which the generators never read (codegen
                    // drops them): a fault in one refuses nothing they generate.
                    "callbacks" if reader == Reader::Generators => {}
                    "schemas" if at == "/components" => {
                        if let Value::Object(schemas) = child {
                            for (name, schema) in schemas.iter_mut() {
                                *schema = normalize_schema_as(schema, &pointer::join(&child_at, name), reader)?;
                            }
                        }
                    }
                    k if crate::walk::holds_data(k, child) || k == "examples" => {}
                    SET_ASIDE_QUERY => normalize_structure(child, &child_at, reader)?,
                    SET_ASIDE_WEBHOOKS if at.is_empty() && reader == Reader::Comparison => {
                        if let Value::Object(webhooks) = child {
                            for (name, item) in webhooks.iter_mut() {
                                normalize_structure(item, &pointer::join("/webhooks", name), reader)?;
                            }
                        }
                    }
                    // Entries by method name, which may spell a keyword (`SCHEMA`).
                    SET_ASIDE_ADDITIONAL => {
                        if let Value::Object(operations) = child {
                            for (method, operation) in operations.iter_mut() {
                                normalize_structure(operation, &pointer::join(&child_at, method), reader)?;
                            }
                        }
                    }
                    k if k.starts_with("x-") => {}
                    // Entries of a name map are structure whatever their names (`responses.default`).
                    k if crate::walk::holds_names(k, child) => {
                        if let Value::Object(entries) = child {
                            for (name, entry) in entries.iter_mut() {
                                normalize_structure(entry, &pointer::join(&child_at, name), reader)?;
                            }
                        }
                    }
                    _ => normalize_structure(child, &child_at, reader)?,
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                normalize_structure(item, &format!("{at}/{i}"), reader)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Media types (under `content`) may carry 3.2's `itemSchema`; parameters and headers share `schema`.
fn demote_unknown_if_media_type(object: &mut Map<String, Value>, at: &str) {
    let parent = at.rsplit_once('/').map(|(parent, _)| parent).unwrap_or("");
    if parent.ends_with("/content") {
        demote_unknown(object, MEDIA_TYPE_KEYS);
    }
}

/// `document`, normalized, with each operation 3.0 has no place for back where 3.1 and
/// 3.2 keep it (webhooks under `webhooks`, QUERY under its method, others under
/// `additionalOperations`): for readers of operations (a comparison), not for
/// progenitor, which reads 3.0 only.
pub fn set_aside_operations_restored(mut document: Value) -> Value {
    if let Some(root) = document.as_object_mut() {
        if let Some(webhooks) = root.remove(SET_ASIDE_WEBHOOKS) {
            root.insert("webhooks".into(), webhooks);
        }
    }
    for key in ["paths", "webhooks"] {
        let Some(Value::Object(items)) = document.get_mut(key) else { continue };
        for item in items.values_mut().filter_map(Value::as_object_mut) {
            if let Some(operation) = item.remove(SET_ASIDE_QUERY) {
                item.insert("query".into(), operation);
            }
            if let Some(operations) = item.remove(SET_ASIDE_ADDITIONAL) {
                item.insert(crate::ADDITIONAL_OPERATIONS.into(), operations);
            }
        }
    }
    document
}

/// Normalizes one schema, children first.
pub fn normalize_schema(schema: &Value, at: &str) -> Result<Value> {
    normalize_schema_as(schema, at, Reader::Generators)
}

fn normalize_schema_as(schema: &Value, at: &str, reader: Reader) -> Result<Value> {
    let mut object = match schema {
        Value::Bool(true) => return Ok(json!({})),
        Value::Bool(false) => return Ok(json!({"not": {}})),
        Value::Object(object) => object.clone(),
        other => return Err(SpecError::at(at, format!("expected a schema (an object or a boolean), found {other}"))),
    };
    normalize_children(&mut object, at, reader)?;
    tuple_items_to_3_0(&mut object, at, reader)?;
    // All of no schemas constrains nothing; typify asserts there is at least one.
    if object.get("allOf").and_then(Value::as_array).is_some_and(Vec::is_empty) {
        object.remove("allOf");
    }
    split_ref_siblings(&mut object);
    normalize_type(&mut object, at, reader)?;
    const_to_enum(&mut object);
    distinct_enum_values(&mut object);
    for keyword in ["anyOf", "oneOf"] {
        lift_null_alternatives(&mut object, keyword);
    }
    exclusive_bounds_to_3_0(&mut object);
    if let Some(Value::Array(examples)) = object.remove("examples") {
        if let (false, Some(first)) = (object.contains_key("example"), examples.into_iter().next()) {
            object.insert("example".into(), first);
        }
    }
    content_keywords_to_format(&mut object);
    demote_unknown(&mut object, SCHEMA_KEYS);
    Ok(Value::Object(object))
}

/// 2020-12's `prefixItems` types an array's first items, and `items` only the ones after
/// them; 3.0 has `items` alone, which every item must match, so a tuple `["a", 1]` with
/// `items: boolean` would be refused. The items of a tuple are read as any of the schemas
/// its positions and the rest name (an `anyOf`, or anything when a position or the rest
/// takes anything): wider than the tuple, never narrower. The positions stay in
/// `x-oas-prefixItems`; the children are normalized already.
fn tuple_items_to_3_0(object: &mut Map<String, Value>, at: &str, reader: Reader) -> Result<()> {
    let Some(Value::Array(positions)) = object.get("prefixItems") else { return Ok(()) };
    if positions.is_empty() {
        return Ok(());
    }
    let refuses_every_item = json!({"not": {}});
    let rest = match object.get("items") {
        Some(items) if *items == refuses_every_item => None,
        Some(items) => Some(items.clone()),
        None => Some(json!({})),
    };
    // Members that differ only in what no generated type checks (bounds, descriptions)
    // are one member without those: the wider of them.
    let mut members: Vec<Value> = Vec::new();
    for member in positions.iter().cloned().chain(rest) {
        let shape = type_shape(&member);
        match members.iter().position(|known| type_shape(known) == shape) {
            Some(at) if members[at] != member => members[at] = shape,
            Some(_) => {}
            None => members.push(member),
        }
    }
    let items = match members.len() {
        _ if members.iter().any(|member| member == &json!({})) => json!({}),
        1 => members.swap_remove(0),
        _ => json!({"anyOf": members}),
    };
    if items == json!({}) && !object.contains_key("items") {
        return Ok(());
    }
    let items = normalize_schema_as(&items, &pointer::join(at, "items"), reader)?;
    object.insert("items".into(), items);
    Ok(())
}

/// `schema` without its annotations and bounds: what decides the type generated for it.
fn type_shape(schema: &Value) -> Value {
    match schema {
        Value::Object(object) => Value::Object(
            object
                .iter()
                .filter(|(key, _)| !ANNOTATION_KEYS.contains(&key.as_str()) && !BOUND_KEYS.contains(&key.as_str()))
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn normalize_children(object: &mut Map<String, Value>, at: &str, reader: Reader) -> Result<()> {
    for (key, child) in object.iter_mut() {
        let child_at = pointer::join(at, key);
        let key = key.as_str();
        if SINGLE_SCHEMA_KEYS.contains(&key) {
            // `additionalProperties: false` and `true` are valid 3.0 as they are.
            if !(key == "additionalProperties" && child.is_boolean()) {
                *child = normalize_schema_as(child, &child_at, reader)?;
            }
        } else if SCHEMA_LIST_KEYS.contains(&key) {
            let Value::Array(items) = child else {
                return Err(SpecError::at(child_at, format!("`{key}` must be a list of schemas")));
            };
            for (i, item) in items.iter_mut().enumerate() {
                *item = normalize_schema_as(item, &format!("{child_at}/{i}"), reader)?;
            }
        } else if SCHEMA_MAP_KEYS.contains(&key) {
            let Value::Object(map) = child else {
                return Err(SpecError::at(child_at, format!("`{key}` must map names to schemas")));
            };
            for (name, item) in map.iter_mut() {
                *item = normalize_schema_as(item, &pointer::join(&child_at, name), reader)?;
            }
        }
    }
    Ok(())
}

/// A local `$ref` (or discriminator mapping) that resolves only percent-decoded
/// (`#/components/schemas/a%20b` for a schema `a b`) is rewritten as the pointer it names
/// (`#/components/schemas/a b`), and a mapping that names a schema (`"Dog"`) as its
/// reference: the passes and the generators after this compare references as text, and
/// take them as written.
fn canonical_refs(document: &mut Value) {
    let mut rewrites = Vec::new();
    crate::walk::for_each_ref(document, "", &mut |site, target| {
        if let Some((Cow::Owned(decoded), _)) = crate::walk::resolve_with_pointer(document, target) {
            rewrites.push((site.to_string(), format!("#{decoded}")));
        } else if document.pointer(site).and_then(Value::as_str) != Some(target) {
            rewrites.push((site.to_string(), target.to_string()));
        }
    });
    for (site, target) in rewrites {
        if let Some(slot) = document.pointer_mut(&site) {
            *slot = Value::String(target);
        }
    }
}

/// In 3.0 a `$ref` hides its siblings; `allOf: [{$ref}]` keeps them (descriptions, `deprecated`, defaults).
fn split_ref_siblings(object: &mut Map<String, Value>) {
    if object.len() > 1 {
        if let Some(target) = object.remove("$ref") {
            let reference = json!({ "$ref": target });
            match object.get_mut("allOf") {
                Some(Value::Array(all_of)) => all_of.insert(0, reference),
                _ => {
                    object.insert("allOf".into(), json!([reference]));
                }
            }
        }
    }
}

/// The values `type` can take (JSON Schema's core types); the generators stop with a
/// `todo!` on any other, so it is refused here with the place it was found.
const JSON_SCHEMA_TYPES: [&str; 7] = ["string", "number", "integer", "boolean", "array", "object", "null"];

/// `type: [T, "null"]` → `type: T, nullable: true`; several types → `anyOf` of each.
fn normalize_type(object: &mut Map<String, Value>, at: &str, reader: Reader) -> Result<()> {
    let types: Vec<String> = match object.get("type") {
        None => return Ok(()),
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(ts)) => {
            ts.iter().map(|t| t.as_str().map(str::to_string)).collect::<Option<_>>().ok_or_else(|| {
                SpecError::at(pointer::join(at, "type"), "`type` must be a string or a list of strings")
            })?
        }
        Some(other) => {
            return Err(SpecError::at(pointer::join(at, "type"), format!("`type` must be a string, found {other}")))
        }
    };
    let unknown = types.iter().find(|t| !JSON_SCHEMA_TYPES.contains(&t.as_str()));
    if let (Some(unknown), Reader::Generators) = (unknown, reader) {
        return Err(SpecError::at(
            pointer::join(at, "type"),
            format!("unknown type {unknown:?}; a type is one of {}", JSON_SCHEMA_TYPES.join(", ")),
        ));
    }
    let allows_null = types.iter().any(|t| t == "null");
    let mut others: Vec<String> = types.into_iter().filter(|t| t != "null").collect();
    others.dedup();
    match others.len() {
        0 => {
            object.remove("type");
            object.insert("enum".into(), json!([null]));
        }
        1 => {
            object.insert("type".into(), json!(others[0]));
        }
        _ => {
            object.remove("type");
            let alternatives: Vec<Value> = others.iter().map(|t| json!({ "type": t })).collect();
            if object.contains_key("anyOf") {
                let all_of = object.entry("allOf").or_insert_with(|| json!([]));
                if let Value::Array(all_of) = all_of {
                    all_of.push(json!({ "anyOf": alternatives }));
                }
            } else {
                object.insert("anyOf".into(), Value::Array(alternatives));
            }
        }
    }
    if allows_null {
        object.insert("nullable".into(), json!(true));
    }
    Ok(())
}

/// `const: v` → `enum: [v]`, with the type of `v` when the schema names none.
fn const_to_enum(object: &mut Map<String, Value>) {
    let Some(value) = object.remove("const") else { return };
    if value.is_null() {
        object.insert("nullable".into(), json!(true));
    }
    let allowed = match object.get("enum") {
        Some(Value::Array(existing)) => existing.iter().filter(|v| **v == value).cloned().collect(),
        _ => vec![value.clone()],
    };
    object.insert("enum".into(), Value::Array(allowed));
    if !object.contains_key("type") {
        let inferred = match &value {
            Value::String(_) => Some("string"),
            Value::Bool(_) => Some("boolean"),
            Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
            Value::Number(_) => Some("number"),
            Value::Object(_) => Some("object"),
            Value::Array(_) => Some("array"),
            Value::Null => None,
        };
        if let Some(inferred) = inferred {
            object.insert("type".into(), json!(inferred));
        }
    }
}

/// `enum: [a, b, a]` → `enum: [a, b]`: an enum is a set of values, and a value listed
/// twice would make two variants of one name, which typify refuses (it panics).
fn distinct_enum_values(object: &mut Map<String, Value>) {
    let Some(Value::Array(values)) = object.get_mut("enum") else { return };
    let mut distinct: Vec<Value> = Vec::with_capacity(values.len());
    for value in values.drain(..) {
        if !distinct.contains(&value) {
            distinct.push(value);
        }
    }
    *values = distinct;
}

/// A normalized schema that accepts only `null`.
fn is_null_only(schema: &Value) -> bool {
    let Value::Object(object) = schema else { return false };
    object.get("enum") == Some(&json!([null]))
        && object.keys().all(|k| k == "enum" || k == "nullable" || ANNOTATION_KEYS.contains(&k.as_str()))
}

/// `anyOf: [X, {type: null}]` → X with `nullable: true` (X's annotations give way to the outer ones).
fn lift_null_alternatives(object: &mut Map<String, Value>, keyword: &str) {
    let Some(Value::Array(alternatives)) = object.get(keyword) else { return };
    if !alternatives.iter().any(is_null_only) {
        return;
    }
    let mut rest: Vec<Value> = alternatives.iter().filter(|a| !is_null_only(a)).cloned().collect();
    object.insert("nullable".into(), json!(true));
    match rest.len() {
        0 => {
            object.remove(keyword);
            object.insert("enum".into(), json!([null]));
        }
        1 => {
            object.remove(keyword);
            let Value::Object(only) = rest.remove(0) else { return };
            merge_single_alternative(object, only);
        }
        _ => {
            object.insert(keyword.into(), Value::Array(rest));
        }
    }
}

fn merge_single_alternative(object: &mut Map<String, Value>, alternative: Map<String, Value>) {
    let is_pure_ref = alternative.len() == 1 && alternative.contains_key("$ref");
    let conflicts = alternative
        .iter()
        .any(|(k, v)| !ANNOTATION_KEYS.contains(&k.as_str()) && object.get(k).is_some_and(|existing| existing != v));
    if is_pure_ref || conflicts {
        let all_of = object.entry("allOf").or_insert_with(|| json!([]));
        if let Value::Array(all_of) = all_of {
            all_of.insert(0, Value::Object(alternative));
        }
        return;
    }
    for (key, value) in alternative {
        object.entry(key).or_insert(value);
    }
}

/// 3.1 writes `exclusiveMinimum: 5`; 3.0 writes `minimum: 5, exclusiveMinimum: true`.
fn exclusive_bounds_to_3_0(object: &mut Map<String, Value>) {
    for (exclusive, inclusive) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(Value::Number(bound)) = object.get(exclusive).cloned() {
            let tighter = match object.get(inclusive).and_then(Value::as_f64) {
                None => true,
                Some(current) => {
                    let bound = bound.as_f64().unwrap_or(f64::NAN);
                    if exclusive == "exclusiveMinimum" {
                        bound >= current
                    } else {
                        bound <= current
                    }
                }
            };
            if tighter {
                object.insert(inclusive.into(), Value::Number(bound));
                object.insert(exclusive.into(), json!(true));
            } else {
                object.remove(exclusive);
            }
        }
    }
}

/// 3.1's `contentEncoding: base64` and binary `contentMediaType` are 3.0's `format: byte` / `binary`.
fn content_keywords_to_format(object: &mut Map<String, Value>) {
    if object.contains_key("format") || object.get("type") != Some(&json!("string")) {
        return;
    }
    if object.get("contentEncoding") == Some(&json!("base64")) {
        object.insert("format".into(), json!("byte"));
    } else if object.get("contentMediaType").and_then(Value::as_str).is_some_and(|m| !m.starts_with("text/")) {
        object.insert("format".into(), json!("binary"));
    }
}

/// Moves keys that this 3.0 object may not hold to `x-oas-<key>`.
fn demote_unknown(object: &mut Map<String, Value>, allowed: &[&str]) {
    let unknown: Vec<String> =
        object.keys().filter(|k| !k.starts_with("x-") && !allowed.contains(&k.as_str())).cloned().collect();
    for key in unknown {
        if let Some(value) = object.remove(&key) {
            object.insert(format!("{DEMOTED_PREFIX}{key}"), value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_component_no_operation_reaches_does_not_fail_the_reader_of_operations() {
        let document = json!({
            "openapi": "3.1.0",
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json":
                {"schema": {"$ref": "#/components/schemas/Used"}}}}}}}},
            "components": {"schemas": {
                "Used": {"type": "object", "properties": {"id": {"type": "string"}}},
                "Unused": {"properties": 3},
                "Also~Unused": {"anyOf": {"type": "string"}}
            }}
        });
        assert!(normalize(&document).unwrap_err().pointer.starts_with("/components/schemas/"));
        let normalized = normalize_reached(&document).unwrap();
        let schemas = normalized["components"]["schemas"].as_object().unwrap();
        assert_eq!(schemas.keys().collect::<Vec<_>>(), ["Used"]);
        let mut reached_broken = document.clone();
        reached_broken["components"]["schemas"]["Used"]["properties"]["id"] = json!(7);
        let error = normalize_reached(&reached_broken).unwrap_err();
        assert_eq!(error.pointer, "/components/schemas/Used/properties/id");
    }

    #[test]
    fn a_type_json_schema_has_no_name_for_is_refused_to_generators_and_kept_for_comparisons() {
        let document = json!({
            "openapi": "3.1.0",
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json":
                {"schema": {"type": ["int", "null"], "enum": ["A"]}}}}}}}}
        });
        let refused = normalize(&document).unwrap_err();
        assert_eq!(refused.pointer, "/paths/~1a/get/responses/200/content/application~1json/schema/type");
        assert!(refused.message.contains("unknown type \"int\""), "{refused}");
        let kept = normalize_reached(&document).unwrap();
        let schema = &kept["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
        assert_eq!(schema, &json!({"type": "int", "nullable": true, "enum": ["A"]}));
    }

    fn schema(value: Value) -> Value {
        normalize_schema(&value, "/s").unwrap()
    }

    #[test]
    fn the_three_spellings_of_nullable_agree() {
        let expected = json!({"type": "integer", "nullable": true, "title": "T"});
        assert_eq!(schema(json!({"anyOf": [{"type": "integer"}, {"type": "null"}], "title": "T"})), expected);
        assert_eq!(schema(json!({"oneOf": [{"type": "null"}, {"type": "integer"}], "title": "T"})), expected);
        assert_eq!(schema(json!({"type": ["null", "integer"], "title": "T"})), expected);
        assert_eq!(schema(json!({"type": "integer", "nullable": true, "title": "T"})), expected);
    }

    #[test]
    fn a_nullable_reference_keeps_its_description() {
        assert_eq!(
            schema(json!({"anyOf": [{"$ref": "#/components/schemas/C"}, {"type": "null"}], "description": "d"})),
            json!({"allOf": [{"$ref": "#/components/schemas/C"}], "nullable": true, "description": "d"})
        );
        assert_eq!(
            schema(json!({"$ref": "#/components/schemas/C", "description": "d", "deprecated": true})),
            json!({"allOf": [{"$ref": "#/components/schemas/C"}], "description": "d", "deprecated": true})
        );
        assert_eq!(schema(json!({"$ref": "#/components/schemas/C"})), json!({"$ref": "#/components/schemas/C"}));
    }

    #[test]
    fn a_reference_that_resolves_only_percent_decoded_becomes_the_pointer_it_names() {
        let document = json!({"openapi": "3.1.0",
            "paths": {"/p": {"get": {"parameters": [{"$ref": "#/components/parameters/%C3%A9"}], "responses": {}}}},
            "components": {"parameters": {"é": {"name": "e", "in": "query"}}, "schemas": {
                "a b": {"properties": {"n": {"$ref": "#/components/schemas/a%20b"}}},
                // A name with a `%` of its own, referred to as written, stays as written.
                "c%20d": {"items": {"$ref": "#/components/schemas/c%20d"}},
                "e%25f": {"items": {"$ref": "#/components/schemas/nowhere%20"}}}}});
        let normalized = normalize(&document).unwrap();
        assert_eq!(normalized["paths"]["/p"]["get"]["parameters"][0]["$ref"], "#/components/parameters/é");
        let schemas = &normalized["components"]["schemas"];
        assert_eq!(schemas["a b"]["properties"]["n"]["$ref"], "#/components/schemas/a b");
        assert_eq!(schemas["c%20d"]["items"]["$ref"], "#/components/schemas/c%20d");
        assert_eq!(schemas["e%25f"]["items"]["$ref"], "#/components/schemas/nowhere%20", "dangling: left as written");
    }

    #[test]
    fn a_mapping_that_names_a_schema_becomes_its_reference() {
        let document = json!({"openapi": "3.1.0", "paths": {}, "components": {"schemas": {
            "Pet": {"oneOf": [{"$ref": "#/components/schemas/Dog"}],
                    "discriminator": {"propertyName": "kind", "mapping": {"dog": "Dog", "hound": "#/components/schemas/Dog"}}},
            "Dog": {"properties": {"kind": {"type": "string"}}}}}});
        let normalized = normalize(&document).unwrap();
        let mapping = &normalized["components"]["schemas"]["Pet"]["discriminator"]["mapping"];
        assert_eq!(mapping, &json!({"dog": "#/components/schemas/Dog", "hound": "#/components/schemas/Dog"}));
    }

    #[test]
    fn all_of_nothing_is_dropped() {
        assert_eq!(schema(json!({"type": "string", "allOf": []})), json!({"type": "string"}));
    }

    #[test]
    fn const_becomes_a_one_value_enum() {
        assert_eq!(
            schema(json!({"anyOf": [{"type": "integer"}, {"type": "string", "const": "unlimited"}]})),
            json!({"anyOf": [{"type": "integer"}, {"type": "string", "enum": ["unlimited"]}]})
        );
        assert_eq!(schema(json!({"const": 3})), json!({"type": "integer", "enum": [3]}));
        let unknown = normalize_schema(&json!({"properties": {"a": {"type": "bonaeol"}}}), "/x").unwrap_err();
        assert!(
            unknown.to_string().contains("/x/properties/a/type") && unknown.to_string().contains("\"bonaeol\""),
            "{unknown}"
        );
    }

    #[test]
    fn a_value_listed_twice_in_an_enum_is_listed_once() {
        assert_eq!(schema(json!({"enum": ["a", "b", "a", null, null]})), json!({"enum": ["a", "b", null]}));
        assert_eq!(schema(json!({"type": "integer", "enum": [2, 1, 2]})), json!({"type": "integer", "enum": [2, 1]}));
    }

    #[test]
    fn several_types_become_alternatives() {
        assert_eq!(
            schema(json!({"type": ["string", "integer", "null"]})),
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": true})
        );
    }

    #[test]
    fn keywords_3_0_lacks_are_translated_or_kept_as_extensions() {
        assert_eq!(
            schema(json!({"type": "number", "exclusiveMinimum": 0, "examples": [1, 2], "prefixItems": [true]})),
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "example": 1, "x-oas-prefixItems": [{}]})
        );
        assert_eq!(schema(json!({"type": "string", "contentEncoding": "base64"}))["format"], "byte");
        assert_eq!(schema(json!({"items": false})), json!({"items": {"not": {}}}));
    }

    #[test]
    fn children_are_normalized_everywhere() {
        let out = schema(json!({"properties": {"a": {"type": ["string", "null"]}}, "items": {"const": "x"}}));
        assert_eq!(out["properties"]["a"], json!({"type": "string", "nullable": true}));
        assert_eq!(out["items"], json!({"type": "string", "enum": ["x"]}));
    }

    #[test]
    fn the_items_of_a_tuple_are_any_of_its_positions_and_the_rest() {
        let tuple = |items: Option<Value>| {
            let mut array =
                json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}, {"type": "string"}]});
            if let Some(items) = items {
                array["items"] = items;
            }
            schema(array)
        };
        let positions = json!([{"type": "string"}, {"type": "integer"}]);
        assert_eq!(tuple(Some(json!(false)))["items"], json!({"anyOf": positions}), "a closed tuple");
        let mut with_rest = positions.as_array().unwrap().clone();
        with_rest.push(json!({"type": "boolean"}));
        assert_eq!(tuple(Some(json!({"type": "boolean"})))["items"], json!({"anyOf": with_rest}));
        assert_eq!(tuple(None).get("items"), None, "an open tuple: the rest may be anything");
        assert_eq!(tuple(Some(json!(true)))["items"], json!({}));
        assert_eq!(tuple(Some(json!({"type": "string"})))["items"], json!({"anyOf": positions}), "each schema once");
        let bounded = json!({"type": "integer", "minimum": 1, "description": "a count"});
        assert_eq!(
            tuple(Some(bounded))["items"],
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}),
            "schemas that differ in bounds only are the wider of them"
        );
        assert_eq!(
            schema(json!({"prefixItems": [{"type": ["string", "null"]}], "items": false}))["items"],
            json!({"type": "string", "nullable": true}),
            "one schema, itself"
        );
        assert_eq!(tuple(None)["x-oas-prefixItems"].as_array().map(Vec::len), Some(3), "the positions kept");
        assert_eq!(schema(json!({"items": {"type": "string"}}))["items"], json!({"type": "string"}), "no tuple");
    }

    #[test]
    fn a_media_type_reference_is_written_inline() {
        let document = json!({
            "openapi": "3.2.0",
            "paths": {
                "/a": {"post": {
                    "requestBody": {"content": {"application/json": {"$ref": "#/components/mediaTypes/Chained"}}},
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"$ref": "#/components/mediaTypes/Hit"}}}}
                }},
                "/b": {"$ref": "#/components/pathItems/B"}
            },
            "components": {
                "mediaTypes": {
                    "Hit": {"schema": {"type": ["string", "null"]}},
                    "Chained": {"$ref": "#/components/mediaTypes/Hit"}
                },
                "pathItems": {"B": {"get": {"responses": {"200": {"description": "ok",
                    "content": {"application/json": {"$ref": "#/components/mediaTypes/Hit"}}}}}}}
            }
        });
        let normalized = normalize(&document).unwrap();
        let nullable_string = json!({"schema": {"type": "string", "nullable": true}});
        let content = |at: &str| normalized.pointer(&format!("/paths/{at}/content/application~1json")).cloned();
        assert_eq!(content("~1a/post/requestBody"), Some(nullable_string.clone()), "through a chain");
        assert_eq!(content("~1a/post/responses/200"), Some(nullable_string.clone()));
        assert_eq!(content("~1b/get/responses/200"), Some(nullable_string), "in a path item referred to");
        for (target, error) in [
            ("#/components/mediaTypes/Missing", "resolves nowhere"),
            ("#/components/mediaTypes/Loop", "does not end"),
            ("#/components/schemas/Hit", "only refer to a media type component"),
        ] {
            let mut broken = document.clone();
            broken["components"]["mediaTypes"]["Loop"] = json!({"$ref": "#/components/mediaTypes/Loop"});
            broken["components"]["mediaTypes"]["Chained"] = json!({"$ref": target});
            let refused = normalize(&broken).unwrap_err();
            assert_eq!(refused.pointer, "/paths/~1a/post/requestBody/content/application~1json", "{target}");
            assert!(refused.message.contains(error), "{target}: {}", refused.message);
        }
    }

    #[test]
    fn webhooks_are_normalized_for_a_comparison_and_left_as_written_for_the_generators() {
        let body = json!({"content": {"application/json": {"schema": {"type": ["string", "null"]}}}});
        let document = json!({
            "openapi": "3.1.0",
            "paths": {},
            "webhooks": {
                "orderCreated": {"post": {"requestBody": body, "responses": {}}, "summary": "s"},
                "orderShipped": {"$ref": "#/components/pathItems/Shipped"}
            },
            "components": {"pathItems": {"Shipped": {"put": {"requestBody": body, "responses": {}}}}}
        });
        assert_eq!(SET_ASIDE_WEBHOOKS, format!("{DEMOTED_PREFIX}webhooks"), "where demotion puts them");
        let as_written = normalize(&document).unwrap();
        assert_eq!(as_written[SET_ASIDE_WEBHOOKS], document["webhooks"]);
        let compared = set_aside_operations_restored(normalize_reached(&document).unwrap());
        let schema =
            |operation: &str| compared.pointer(&format!("{operation}/requestBody/content/application~1json/schema"));
        let nullable_string = json!({"type": "string", "nullable": true});
        assert_eq!(schema("/webhooks/orderCreated/post"), Some(&nullable_string));
        assert_eq!(schema("/webhooks/orderShipped/put"), Some(&nullable_string), "a $ref'd item, inline");
        assert_eq!(compared["webhooks"]["orderCreated"]["summary"], "s");
        let broken = json!({"openapi": "3.1.0", "paths": {}, "webhooks": {"w": {"post": {"requestBody":
            {"content": {"application/json": {"schema": 3}}}, "responses": {}}}}});
        assert!(normalize(&broken).is_ok(), "the generators never read webhooks");
        let error = normalize_reached(&broken).unwrap_err();
        assert_eq!(error.pointer, "/webhooks/w/post/requestBody/content/application~1json/schema");
    }

    #[test]
    fn normalization_is_idempotent() {
        let tricky = json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1", "summary": "s"},
            "webhooks": {},
            "paths": {"/a": {"get": {"parameters": [{"name": "h", "in": "header", "schema": {"type": ["string", "null"]}}],
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}}},
            "components": {"schemas": {"A": {"properties": {
                "n": {"anyOf": [{"$ref": "#/components/schemas/B"}, {"type": "null"}]},
                "m": {"type": ["string", "integer", "null"]},
                "z": {"type": "null"}
            }}, "B": {"const": "b"}}}
        });
        let once = normalize(&tricky).unwrap();
        assert_eq!(once["openapi"], NORMALIZED_VERSION);
        assert!(once.get("webhooks").is_none() && once.get("x-oas-webhooks").is_some());
        assert_eq!(once["info"]["x-oas-summary"], "s");
        assert_eq!(once["paths"]["/a"]["get"]["parameters"][0]["schema"], json!({"type": "string", "nullable": true}));
        assert_eq!(normalize(&once).unwrap(), once);
    }

    #[test]
    fn a_3_0_path_item_keeps_every_3_0_method() {
        for method in crate::HTTP_METHODS_3_0 {
            assert!(PATH_ITEM_KEYS.contains(&method), "{method}");
        }
        assert!(!PATH_ITEM_KEYS.contains(&"query"), "3.2's query has no place in 3.0");
    }

    #[test]
    fn a_query_operation_is_set_aside_normalized_and_can_be_restored() {
        let document = json!({"openapi": "3.2.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"query": {
            "responses": {"200": {"description": "", "content": {"application/json": {"schema": {"type": ["string", "null"]}}}}}
        }}}});
        let normalized = normalize(&document).unwrap();
        let set_aside = &normalized["paths"]["/a"][SET_ASIDE_QUERY];
        let schema = json!({"type": "string", "nullable": true});
        assert_eq!(set_aside["responses"]["200"]["content"]["application/json"]["schema"], schema);
        let restored = set_aside_operations_restored(normalized);
        assert!(restored["paths"]["/a"].get(SET_ASIDE_QUERY).is_none());
        assert_eq!(
            restored["paths"]["/a"]["query"]["responses"]["200"]["content"]["application/json"]["schema"],
            schema
        );
    }

    #[test]
    fn malformed_schemas_are_errors_with_pointers() {
        let error = normalize_schema(&json!({"properties": {"a": {"anyOf": {}}}}), "/s").unwrap_err();
        assert_eq!(error.pointer, "/s/properties/a/anyOf");
        let error = normalize_schema(&json!({"properties": {"a": 3}}), "/s").unwrap_err();
        assert_eq!(error.pointer, "/s/properties/a");
    }
}
