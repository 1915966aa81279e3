//! A grammar of small OpenAPI documents for the generator: a few component schemas whose
//! names, property names and enum values are drawn from a dictionary of what breaks code
//! generators (Rust keywords, `Self`, names the generated code and its runtime use,
//! spellings that map to one identifier), shaped with every construct the generator
//! supports, each with a payload that conforms. The fuzzer drives it from raw bytes; the
//! compile property drives it from proptest's.

use arbitrary::{Result, Unstructured};
use serde_json::{json, Map, Value};

/// Names that make trouble once they become Rust: keywords and reserved words, `Self`,
/// std's prelude and serde's, schemars' and progenitor's runtime names, names codegen
/// adds itself (`extra`, `builder`), and spellings that collide (`firstName` beside
/// `first_name`, `a-b` beside `a_b`, `unknown` beside `Unknown`).
pub const HOSTILE_NAMES: &[&str] = &[
    "Self",
    "self",
    "type",
    "match",
    "crate",
    "super",
    "async",
    "await",
    "dyn",
    "mod",
    "fn",
    "r#type",
    "abstract",
    "try",
    "union",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "Clone",
    "Serialize",
    "Deserialize",
    "JsonSchema",
    "Value",
    "Map",
    "Client",
    "Error",
    "ResponseValue",
    "ByteStream",
    "ClientInfo",
    "ClientHooks",
    "OperationInfo",
    "builder",
    "types",
    "extra",
    "Unknown",
    "unknown",
    "UNKNOWN",
    "",
    " ",
    "firstName",
    "first_name",
    "FirstName",
    "a-b",
    "a_b",
    "a.b",
    "1st",
    "_",
    "__",
    "é",
    "名前",
    "x*/y",
    "status",
    "name",
    // The generated impls' own names: the deserializer's type parameter, the support
    // module's items, and what progenitor's `send` binds or calls.
    "D",
    "S",
    "Member",
    "Support",
    "f",
    "value",
    "client",
    "body",
    "send",
    "header_map",
    "encode_path",
];

/// A document and a payload of its root schema.
#[derive(Debug, Clone)]
pub struct Case {
    pub document: Value,
    pub payload: Value,
}

const ROOT: &str = "Root";

/// Draws a document: `GET /v1/user` answering with a root object whose properties use up
/// to four further components.
pub fn document(u: &mut Unstructured<'_>) -> Result<Case> {
    let mut components: Vec<(String, Value, Value)> = Vec::new();
    let count = u.int_in_range(0..=3)?;
    for _ in 0..count {
        let name = pick_name(u)?;
        let name = if name.is_empty() || components.iter().any(|(n, _, _)| *n == name) || name == ROOT {
            format!("{name}Extra{}", components.len())
        } else {
            name.to_string()
        };
        let (schema, payload) = schema(u, &components, 0)?;
        components.push((name, schema, payload));
    }
    let (mut root, mut payload) = object(u, &components, 0)?;
    if u.ratio(1, 3)? {
        recursion(u, &mut root, &mut payload)?;
    }
    root["title"] = json!(ROOT);
    if u.ratio(1, 3)? {
        discriminated_union(u, &mut components, &mut root, &mut payload)?;
    }
    let mut schemas = Map::new();
    for (name, schema, _) in &components {
        schemas.insert(name.clone(), schema.clone());
    }
    schemas.insert(ROOT.into(), root);
    let mut operation = json!({
        "operationId": "get_user_info",
        "responses": {"200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{ROOT}")}}}
        }}
    });
    let path = operation_shape(u, &mut operation)?;
    let mut reusable = json!({"schemas": schemas});
    // A response given by reference, as a shared one is.
    if u.ratio(1, 4)? {
        reusable["responses"] = json!({"Found": operation["responses"]["200"].take()});
        operation["responses"]["200"] = json!({"$ref": "#/components/responses/Found"});
    }
    let mut item = json!({"get": operation});
    // A method `reqwest::Client` has no shorthand for.
    if u.ratio(1, 4)? {
        let mut options = item["get"].clone();
        options["operationId"] = json!("options_user_info");
        item["options"] = options;
    }
    let document = json!({
        "openapi": "3.1.0",
        "info": {"title": "grammar", "version": "1"},
        "paths": {path: item},
        "components": reusable,
    });
    Ok(Case { document, payload })
}

/// A root that names itself, as a tree does: a property that holds another root, or a list
/// of them; written in the root, or in an object the root is an `allOf` with (a node that
/// extends its base), which typify's own merge would follow without end. The payload holds
/// a copy of itself there.
fn recursion(u: &mut Unstructured<'_>, root: &mut Value, payload: &mut Value) -> Result<()> {
    let reference = json!({"$ref": format!("#/components/schemas/{ROOT}")});
    let (property, schema, value) = match u.arbitrary::<bool>()? {
        true => ("next_root", reference, payload.clone()),
        false => ("child_roots", json!({"type": "array", "items": reference}), json!([payload.clone()])),
    };
    if u.arbitrary::<bool>()? {
        let base = std::mem::take(root);
        *root = json!({"allOf": [base, {"type": "object", "properties": {property: schema}}]});
    } else {
        root["properties"][property] = schema;
    }
    payload[property] = value;
    Ok(())
}

/// An object that names itself in a required `kind` property of one value, and a payload.
fn tagged_object(
    u: &mut Unstructured<'_>,
    components: &[(String, Value, Value)],
    depth: u32,
    value: &str,
) -> Result<(Value, Value)> {
    let (mut member, mut payload) = object(u, components, depth)?;
    // The tag as ElevenLabs mostly writes it (a required `const`), as it sometimes does (an
    // optional `const` with its default, which typify cannot tag by), or as OpenAPI's
    // Pet example does (a plain string, which every member reads).
    let (tag, required) = match u.choose_index(3)? {
        0 => (json!({"type": "string", "const": value}), true),
        1 => (json!({"type": "string", "const": value, "default": value}), false),
        _ => (json!({"type": "string"}), true),
    };
    member["properties"][TAG] = tag;
    let listed = member.as_object_mut().map(|m| m.entry("required").or_insert_with(|| json!([])));
    if let Some(Value::Array(listed)) = listed {
        listed.retain(|name| name != TAG);
        if required {
            listed.push(json!(TAG));
        }
    }
    payload[TAG] = json!(value);
    Ok((member, payload))
}

/// The property that tells tagged objects apart.
const TAG: &str = "kind";

/// Objects told apart by a discriminator, as ElevenLabs writes them: two components, each
/// naming itself in a tag property (see `tagged_object`), referred to from a `oneOf` with a `mapping`, which
/// a further property of the root holds.
fn discriminated_union(
    u: &mut Unstructured<'_>,
    components: &mut Vec<(String, Value, Value)>,
    root: &mut Value,
    payload: &mut Value,
) -> Result<()> {
    let mut mapping = Map::new();
    let mut members = Vec::new();
    let mut payloads = Vec::new();
    for value in ["card", "wire"] {
        let (member, member_payload) = tagged_object(u, components, 1, value)?;
        let name = format!("{}{}", pick_name(u)?, components.len());
        let reference = format!("#/components/schemas/{}", escape_pointer(&name));
        // OpenAPI lets a mapping name the schema instead of referring to it.
        let bare = !name.contains(['#', '/']) && u.arbitrary::<bool>()?;
        mapping.insert(value.into(), if bare { json!(name) } else { json!(reference) });
        members.push(json!({"$ref": reference}));
        payloads.push(member_payload.clone());
        components.push((name, member, member_payload));
    }
    let property = format!("{}_payment", pick_name(u)?);
    root["properties"][&property] =
        json!({"oneOf": members, "discriminator": {"propertyName": TAG, "mapping": mapping}});
    payload[&property] = payloads.swap_remove(u.choose_index(payloads.len())?);
    Ok(())
}

/// The operation's path, and what it sends: parameters of every place and style progenitor
/// may not send (a cookie, a `deepObject` query, an object in a header, a list with
/// `explode: false`) and lists it sends, a path parameter
/// the path does not name or one it names but nobody declares, and no `operationId`.
fn operation_shape(u: &mut Unstructured<'_>, operation: &mut Value) -> Result<String> {
    let mut path = "/v1/user".to_string();
    let object = json!({"type": "object", "properties": {"a": {"type": "string"}}});
    let list = json!({"type": "array", "items": {"type": "string"}});
    let mut parameters = Vec::new();
    for _ in 0..u.int_in_range(0..=3)? {
        let name = pick_name(u)?;
        let parameter = match u.int_in_range(0..=8)? {
            0 => json!({"name": name, "in": "query", "schema": {"type": "string"}}),
            1 => json!({"name": name, "in": "header", "schema": {"type": "integer"}}),
            2 => json!({"name": name, "in": "cookie", "schema": {"type": "string"}}),
            3 => json!({"name": name, "in": "query", "style": "deepObject", "schema": object}),
            4 => json!({"name": name, "in": "header", "schema": object}),
            5 => json!({"name": "id", "in": "path", "schema": {"type": "string"}}),
            6 => json!({"name": name, "in": "query", "explode": u.arbitrary::<bool>()?, "schema": list}),
            7 => json!({"name": name, "in": "query", "schema": list}),
            _ => {
                path = "/v1/user/{id}".into();
                continue;
            }
        };
        parameters.push(parameter);
    }
    if !parameters.is_empty() {
        operation["parameters"] = Value::Array(parameters);
    }
    if u.ratio(1, 4)? {
        if let Some(operation) = operation.as_object_mut() {
            operation.remove("operationId");
        }
    }
    Ok(path)
}

fn pick_name<'a>(u: &mut Unstructured<'a>) -> Result<&'static str> {
    Ok(HOSTILE_NAMES[u.choose_index(HOSTILE_NAMES.len())?])
}

/// A schema and a payload it accepts. `components` are those already drawn, which it may
/// refer to.
fn schema(u: &mut Unstructured<'_>, components: &[(String, Value, Value)], depth: u32) -> Result<(Value, Value)> {
    let deep = depth >= 3;
    Ok(match u.int_in_range(0..=28)? {
        0 => (json!({"type": "string"}), json!("text")),
        1 => (json!({"type": "integer"}), json!(u.int_in_range(-1_000_000i64..=1_000_000)?)),
        2 => (json!({"type": "integer", "format": "int64"}), json!(9_007_199_254_740_993i64)),
        3 => (json!({"type": "number"}), json!(1.5)),
        4 => (json!({"type": "boolean"}), json!(u.arbitrary::<bool>()?)),
        5 => {
            let values = enum_values(u)?;
            let payload = json!(values[0]);
            (json!({"type": "string", "enum": values}), payload)
        }
        6 if !deep => {
            let (items, item) = schema(u, components, depth + 1)?;
            (json!({"type": "array", "items": items}), json!([item]))
        }
        7 if !deep => {
            let (values, value) = schema(u, components, depth + 1)?;
            (json!({"type": "object", "additionalProperties": values}), json!({"some key": value}))
        }
        8 if !components.is_empty() => {
            let (name, _, payload) = &components[u.choose_index(components.len())?];
            (json!({"$ref": format!("#/components/schemas/{}", escape_pointer(name))}), payload.clone())
        }
        9 if !deep => {
            let (inner, payload) = schema(u, components, depth + 1)?;
            let payload = if u.arbitrary::<bool>()? { Value::Null } else { payload };
            (json!({"anyOf": [inner, {"type": "null"}]}), payload)
        }
        10 if !deep => object(u, components, depth + 1)?,
        // Formats typify would read into types that refuse a value off the format.
        11 => {
            let (format, payload) = *u.choose(&[
                ("date-time", "2026-01-01T00:00:00Z"),
                ("ipv4", "010.0.0.1"),
                ("ipv6", "0:0:0:0:0:0:0:1"),
                ("uuid", "not a uuid"),
            ])?;
            (json!({"type": "string", "format": format, "description": "a `*/` and ``` fence é"}), json!(payload))
        }
        // Constructs typify cannot read as written: values of several kinds, negations.
        12 => (json!({"enum": ["auto", 1, true, null]}), json!("auto")),
        13 => (json!({"type": "string", "not": {"enum": ["admin"]}}), json!("user")),
        14 => (json!({"not": {"type": "null"}}), json!(7)),
        // Validation keywords of JSON Schema 2020-12, and the applicators OpenAPI 3.0 lacks.
        15 => (
            json!({"type": "integer", "minimum": 1, "maximum": 100, "multipleOf": 1, "exclusiveMaximum": 101}),
            json!(5),
        ),
        16 => (
            json!({"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[a-z]+$", "const": "abc"}),
            json!("abc"),
        ),
        17 if !deep => {
            let (items, item) = schema(u, components, depth + 1)?;
            (
                json!({"type": "array", "items": items, "minItems": 1, "maxItems": 8, "uniqueItems": true,
                       "prefixItems": [{"type": "string"}], "contains": {}, "minContains": 1,
                       "unevaluatedItems": false}),
                json!([item]),
            )
        }
        // Unions without a discriminator, as ElevenLabs writes them: of objects (a
        // component and an inline one), and of a value and `const` strings.
        18 if !deep => {
            let (first, payload) = match components.is_empty() {
                true => object(u, components, depth + 1)?,
                false => {
                    let (name, _, payload) = &components[u.choose_index(components.len())?];
                    (json!({"$ref": format!("#/components/schemas/{}", escape_pointer(name))}), payload.clone())
                }
            };
            let (second, _) = object(u, components, depth + 1)?;
            (json!({"oneOf": [first, second]}), payload)
        }
        19 if !deep => {
            let (member, value) = schema(u, components, depth + 1)?;
            let constant = pick_name(u)?;
            let payload = if u.arbitrary::<bool>()? { json!(constant) } else { value };
            (json!({"anyOf": [member, {"type": "string", "const": constant}]}), payload)
        }
        // A closed object, sent a field it does not name.
        20 if !deep => {
            let (mut closed, mut payload) = object(u, components, depth + 1)?;
            closed["additionalProperties"] = json!(false);
            if let Some(payload) = payload.as_object_mut() {
                payload.insert("added upstream".into(), json!([1]));
            }
            (closed, payload)
        }
        // Listed numbers, sent one the list lacks.
        21 => (json!({"type": "integer", "enum": [0, 1, 99]}), json!(7)),
        // 3.1's nullable: a list of types.
        22 => {
            let payload = if u.arbitrary::<bool>()? { Value::Null } else { json!("text") };
            (json!({"type": ["string", "null"]}), payload)
        }
        // A union of scalars, sent either kind.
        23 => {
            let payload = if u.arbitrary::<bool>()? { json!(42) } else { json!("forty-two") };
            (json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}), payload)
        }
        // Two objects merged by `allOf`; the second names none of the first's properties.
        24 if !deep => {
            let (first, mut payload) = object(u, components, depth + 1)?;
            let (mut second, more) = object(u, components, depth + 1)?;
            let taken = |name: &String| first.pointer(&format!("/properties/{}", escape_pointer(name))).is_some();
            if let Some(properties) = second.get_mut("properties").and_then(Value::as_object_mut) {
                properties.retain(|name, _| !taken(name));
            }
            if let Some(required) = second.get_mut("required").and_then(Value::as_array_mut) {
                required.retain(|name| name.as_str().is_some_and(|name| !taken(&name.to_string())));
            }
            if let (Some(payload), Value::Object(more)) = (payload.as_object_mut(), more) {
                for (name, value) in more {
                    if !taken(&name) {
                        payload.insert(name, value);
                    }
                }
            }
            (json!({"allOf": [first, second]}), payload)
        }
        // Inline objects told apart only by a `const` property.
        25 if !deep => {
            let mut members = Vec::new();
            let mut payloads = Vec::new();
            for value in ["card", "wire"] {
                let (member, payload) = tagged_object(u, components, depth + 1, value)?;
                members.push(member);
                payloads.push(payload);
            }
            let payload = payloads.swap_remove(u.choose_index(payloads.len())?);
            (json!({"oneOf": members}), payload)
        }
        // Listed integers only a `u64` holds; an `allOf` of nothing.
        26 => (json!({"type": "integer", "enum": [1, u64::MAX]}), json!(u64::MAX)),
        27 => (json!({"type": "boolean", "allOf": []}), json!(true)),
        // 3.1's reference to any place: a property another component writes.
        28 if !components.is_empty() => {
            let (name, component, payload) = &components[u.choose_index(components.len())?];
            let held = |property: &&String| payload.get(property.as_str()).is_some();
            let properties = component.get("properties").and_then(Value::as_object);
            match properties.map(|p| p.keys().filter(held).collect::<Vec<_>>()).filter(|p| !p.is_empty()) {
                Some(held) => {
                    let property = held[u.choose_index(held.len())?];
                    let target = format!(
                        "#/components/schemas/{}/properties/{}",
                        escape_pointer(name),
                        escape_pointer(property)
                    );
                    (json!({"$ref": target}), payload[property.as_str()].clone())
                }
                None => (json!({"type": "string"}), json!("no property to refer to")),
            }
        }
        _ => (json!({"type": "string"}), json!("fallback")),
    })
}

fn object(u: &mut Unstructured<'_>, components: &[(String, Value, Value)], depth: u32) -> Result<(Value, Value)> {
    let mut properties = Map::new();
    let mut payload = Map::new();
    let mut required = Vec::new();
    for _ in 0..u.int_in_range(1..=4)? {
        let name = pick_name(u)?;
        if properties.contains_key(name) {
            continue;
        }
        let (schema, value) = schema(u, components, depth)?;
        if u.arbitrary::<bool>()? {
            required.push(json!(name));
            payload.insert(name.into(), value);
        } else if u.arbitrary::<bool>()? {
            payload.insert(name.into(), value);
        }
        properties.insert(name.into(), schema);
    }
    let mut object = json!({"type": "object", "properties": properties});
    if !required.is_empty() {
        object["required"] = Value::Array(required);
    }
    if u.ratio(1, 4)? {
        // The object applicators and validators of JSON Schema 2020-12 beside properties.
        object["minProperties"] = json!(0);
        object["maxProperties"] = json!(64);
        object["patternProperties"] = json!({"^x-": {"type": "string"}});
        object["propertyNames"] = json!({"maxLength": 64});
        object["dependentRequired"] = json!({"a": ["b"]});
        object["dependentSchemas"] = json!({"a": {"required": ["b"]}});
        object["if"] = json!({"required": ["a"]});
        object["then"] = json!({"required": ["b"]});
        object["else"] = json!({});
        object["unevaluatedProperties"] = json!({});
    }
    Ok((object, Value::Object(payload)))
}

/// One to four distinct enum values from the dictionary.
fn enum_values(u: &mut Unstructured<'_>) -> Result<Vec<&'static str>> {
    let mut values = vec![pick_name(u)?];
    for _ in 0..u.int_in_range(0..=3)? {
        let value = pick_name(u)?;
        if !values.contains(&value) {
            values.push(value);
        }
    }
    Ok(values)
}

/// A component name as a JSON pointer token (RFC 6901).
fn escape_pointer(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_drawn_payload_is_json_of_a_drawn_document() {
        for seed in 0u8..64 {
            let bytes: Vec<u8> = (0..512u32).map(|i| (i as u8).wrapping_mul(seed).wrapping_add(seed)).collect();
            let case = document(&mut Unstructured::new(&bytes)).unwrap();
            let root = &case.document["components"]["schemas"]["Root"];
            assert!(root.get("properties").or_else(|| root.pointer("/allOf/0/properties")).is_some(), "{root}");
            assert!(case.payload.is_object());
        }
    }
}
