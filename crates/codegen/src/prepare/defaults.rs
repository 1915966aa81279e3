//! Defaults that do not conform to their own schema. typify refuses the whole document
//! over one of them, so each is dropped, with a note naming where it was.

use serde_json::{Map, Value};

use elevenlabs_spec::pointers_where;

use super::abbreviated;

/// How deep `$ref`s and nested schemas are followed before a default is taken as conforming.
const MAX_DEPTH: usize = 64;

/// Removes every `default` that its schema rejects; returns one note per removal.
pub fn drop_nonconforming_defaults(document: &mut Value) -> Vec<String> {
    let nonconforming = pointers_where(document, &mut |_, schema| {
        schema.get("default").is_some_and(|default| !conforms(default, schema, document, 0))
    });
    let mut notes = Vec::new();
    for pointer in nonconforming {
        if let Some(Value::Object(schema)) = document.pointer_mut(&pointer) {
            if let Some(default) = schema.remove("default") {
                notes.push(format!(
                    "{pointer}/default: the default {} does not conform to its schema; dropped, so the field has no default",
                    abbreviated(&default)
                ));
            }
        }
    }
    notes
}

/// Whether `value` is valid under `schema` (OpenAPI 3.0: `nullable`, one `type`), resolving
/// local `$ref`s in `document`. What it cannot decide (formats, external references) passes.
pub fn conforms(value: &Value, schema: &Map<String, Value>, document: &Value, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return true;
    }
    let conforms_to = |schema: &Value| conforms_to_subschema(value, schema, document, depth);
    if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
        return elevenlabs_spec::resolve(document, target).is_none_or(conforms_to);
    }
    if value.is_null() && schema.get("nullable") == Some(&Value::Bool(true)) {
        return true;
    }
    let members = |key: &str| schema.get(key).and_then(Value::as_array).map(|m| m.iter());
    if members("allOf").is_some_and(|mut all| !all.all(conforms_to)) {
        return false;
    }
    if members("anyOf").is_some_and(|mut any| !any.any(conforms_to)) {
        return false;
    }
    if members("oneOf").is_some_and(|one| one.filter(|m| conforms_to(m)).count() != 1) {
        return false;
    }
    if let Some(Value::Array(allowed)) = schema.get("enum") {
        if !allowed.contains(value) {
            return false;
        }
    }
    let type_matches = match schema.get("type").and_then(Value::as_str) {
        None => true,
        Some("string") => value.is_string(),
        Some("boolean") => value.is_boolean(),
        Some("integer") => (value.is_i64() || value.is_u64()) && within_format(value, schema.get("format")),
        Some("number") => value.is_number(),
        Some("array") => value.is_array(),
        Some("object") => value.is_object(),
        Some(_) => true,
    };
    type_matches && members_conform(value, schema, document, depth)
}

/// Whether an integer is within the range of the Rust type its `format` names (typify gives
/// the field that type, and refuses a default it cannot hold, or writes one that panics
/// when read: an `i64` without a format it knows).
fn within_format(value: &Value, format: Option<&Value>) -> bool {
    let (min, max): (i128, i128) = match format.and_then(Value::as_str) {
        Some("int8") => (i8::MIN.into(), i8::MAX.into()),
        Some("int16") => (i16::MIN.into(), i16::MAX.into()),
        Some("int32") => (i32::MIN.into(), i32::MAX.into()),
        Some("int64") => (i64::MIN.into(), i64::MAX.into()),
        Some("uint8") => (0, u8::MAX.into()),
        Some("uint16") => (0, u16::MAX.into()),
        Some("uint32") => (0, u32::MAX.into()),
        Some("uint64") => (0, u64::MAX.into()),
        _ => (i64::MIN.into(), i64::MAX.into()),
    };
    let number = value.as_i64().map(i128::from).or_else(|| value.as_u64().map(i128::from));
    number.is_some_and(|n| (min..=max).contains(&n))
}

/// [`conforms`] one level down, for a subschema that may also be `true` or `false`.
fn conforms_to_subschema(value: &Value, schema: &Value, document: &Value, depth: usize) -> bool {
    match schema {
        Value::Object(schema) => conforms(value, schema, document, depth + 1),
        Value::Bool(allowed) => *allowed,
        _ => true,
    }
}

/// An array's items and an object's properties, against `items`, `properties`, `required`
/// and `additionalProperties`.
fn members_conform(value: &Value, schema: &Map<String, Value>, document: &Value, depth: usize) -> bool {
    let conforms_to = |value: &Value, schema: &Value| conforms_to_subschema(value, schema, document, depth);
    match value {
        Value::Array(items) => {
            schema.get("items").is_none_or(|item_schema| items.iter().all(|i| conforms_to(i, item_schema)))
        }
        Value::Object(object) => {
            let properties = schema.get("properties").and_then(Value::as_object);
            let required_present = schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .all(|name| object.contains_key(name));
            required_present
                && object.iter().all(|(name, member)| match properties.and_then(|p| p.get(name)) {
                    Some(property) => conforms_to(member, property),
                    None => schema.get("additionalProperties").is_none_or(|extra| conforms_to(member, extra)),
                })
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_that_break_their_schema_are_dropped_with_a_note() {
        let mut document = json!({"components": {"schemas": {
            "Mode": {"type": "string", "enum": ["a", "b"]},
            "Settings": {"type": "object", "required": ["speed"], "properties": {"speed": {"type": "number"}}},
            "S": {"properties": {
                "mode": {"allOf": [{"$ref": "#/components/schemas/Mode"}], "default": "c"},
                "good_mode": {"allOf": [{"$ref": "#/components/schemas/Mode"}], "default": "a"},
                "settings": {"$ref": "#/components/schemas/Settings", "default": {"pitch": 1}},
                "good_settings": {"allOf": [{"$ref": "#/components/schemas/Settings"}], "default": {"speed": 1}},
                "count": {"type": "integer", "default": 1.5},
                "small": {"type": "integer", "format": "int8", "default": 300},
                "huge": {"type": "integer", "default": 18446744073709551615u64},
                "huge_u64": {"type": "integer", "format": "uint64", "default": 18446744073709551615u64},
                "maybe": {"type": "string", "nullable": true, "default": null},
                "either": {"anyOf": [{"type": "integer"}, {"type": "string"}], "default": true},
                "list": {"type": "array", "items": {"type": "string"}, "default": ["x", 2]},
                "default": {"type": "string", "default": "named default"}
            }}
        }}});
        let notes = drop_nonconforming_defaults(&mut document);
        let properties = &document["components"]["schemas"]["S"]["properties"];
        let kept: Vec<&str> = properties
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, p)| p.get("default").is_some())
            .map(|(name, _)| name.as_str())
            .collect();
        assert_eq!(kept, ["default", "good_mode", "good_settings", "huge_u64", "maybe"]);
        assert_eq!(notes.len(), 7);
        assert_eq!(
            notes[0],
            "/components/schemas/S/properties/count/default: the default 1.5 does not conform to its schema; dropped, so the field has no default"
        );
    }
}
