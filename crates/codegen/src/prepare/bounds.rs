//! Bounds and widths of values are documentation, never checks, so a bound or format
//! upstream relaxes breaks no deployed client and changes no Rust type.
//!
//! typify would turn them into types: a string with `minLength` or `maxLength` into a
//! newtype that refuses longer values; an integer into the type its format or bounds name
//! (`i32` for `int32`, `NonZeroU64` for `minimum: 1`, `u64` for `minimum: 0`); a number
//! of `format: float` into an `f32`. `maxLength: 100` raised to `200`, `minimum: 1`
//! lowered to `0` or `int32` widened to `int64` would then make the client generated
//! before fail on what the server now sends, and change a Rust type for a change no
//! caller sees. The server still checks what it is sent.
//!
//! - `pattern`, `minLength`, `maxLength`, and an integer's `minimum`, `maximum`,
//!   `exclusiveMinimum`, `exclusiveMaximum` and `multipleOf` move into the description;
//! - an integer is an `i64`, or a `u64` when its values need one
//!   ([`generated_integer_format`]), or the values it lists or defaults to do; a number is
//!   an `f64`. A format that named a narrower type moves into the description.
//!
//! - the values listed for a number, boolean, object or array (`enum: [0, 1, 99]`; a
//!   `const` is a list of one), move into the description ([`lists_other_than_strings`]).
//!
//! One note counts what moved, by keyword: the policy is the same for every schema, and
//! a note per schema (hundreds on the whole document) would bury the notes that differ.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use elevenlabs_spec::pointers_where;

use super::string_formats::append_description;

/// The bounds on a string's length.
const LENGTH_BOUNDS: &[&str] = &["minLength", "maxLength"];

/// The bounds typify reads to pick an integer's Rust type.
const INTEGER_BOUNDS: &[&str] = &["minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum", "multipleOf"];

/// The integer formats typify knows, with the range of the type it generates for each,
/// in `f64` as typify compares them (`convert_integer` in typify-impl 0.8).
const INTEGER_FORMATS: [(&str, f64, f64); 10] = [
    ("int8", i8::MIN as f64, i8::MAX as f64),
    ("uint8", u8::MIN as f64, u8::MAX as f64),
    ("int16", i16::MIN as f64, i16::MAX as f64),
    ("uint16", u16::MIN as f64, u16::MAX as f64),
    ("int", i32::MIN as f64, i32::MAX as f64),
    ("int32", i32::MIN as f64, i32::MAX as f64),
    ("uint", u32::MIN as f64, u32::MAX as f64),
    ("uint32", u32::MIN as f64, u32::MAX as f64),
    ("int64", i64::MIN as f64, i64::MAX as f64),
    ("uint64", u64::MIN as f64, u64::MAX as f64),
];

/// The range of `format`, when typify knows it.
fn known_format_range(format: Option<&str>) -> Option<(f64, f64)> {
    let format = format?;
    INTEGER_FORMATS.iter().find(|(name, ..)| *name == format).map(|&(_, min, max)| (min, max))
}

/// The range of the integer generated with `format`: `i64`'s without a format typify knows.
pub fn integer_format_range(format: Option<&str>) -> (f64, f64) {
    known_format_range(format).unwrap_or((i64::MIN as f64, i64::MAX as f64))
}

/// The format an integer schema is generated with, given its `format` and inclusive
/// bounds: none (`i64`) when the values it allows fit one, else `uint64` when they fit
/// that (typify reads `uint64` as `u64`), else none, as typify would.
pub fn generated_integer_format(format: Option<&str>, min: Option<f64>, max: Option<f64>) -> Option<&'static str> {
    // The format's range, when typify knows the format; else the bounds alone.
    let (low, high) = known_format_range(format).unwrap_or((f64::NEG_INFINITY, f64::INFINITY));
    let allowed = (min.map_or(low, |m| m.max(low)), max.map_or(high, |m| m.min(high)));
    let fits = |(low, high): (f64, f64)| low <= allowed.0 && allowed.1 <= high;
    let needs_u64 = !fits(integer_format_range(None)) && fits(integer_format_range(Some("uint64")));
    needs_u64.then_some("uint64")
}

/// An integer schema's inclusive bounds, read through `keyword` (the schema's value of a
/// keyword), from OpenAPI 3.0's `minimum` with a boolean `exclusiveMinimum` (the form the
/// document is normalized to) or 3.1's number.
pub fn inclusive_integer_bounds<'a>(keyword: impl Fn(&str) -> Option<&'a Value>) -> (Option<f64>, Option<f64>) {
    let bound = |inclusive: &str, exclusive: &str, step: f64| {
        let number = keyword(inclusive).and_then(Value::as_f64);
        match keyword(exclusive) {
            Some(Value::Bool(true)) => number.map(|n| n + step),
            Some(other) => match (number, other.as_f64().map(|n| n + step)) {
                (Some(a), Some(b)) => Some(if step > 0.0 { a.max(b) } else { a.min(b) }),
                (a, b) => a.or(b),
            },
            None => number,
        }
    };
    (bound("minimum", "exclusiveMinimum", 1.0), bound("maximum", "exclusiveMaximum", -1.0))
}

fn is_integer(schema: &Map<String, Value>) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("integer")
}

fn is_bound_value(value: &Value) -> bool {
    value.is_number() || value.is_boolean()
}

/// The keywords of `schema` that bound its values, as they are documented here.
fn bound_keywords(schema: &Map<String, Value>) -> Vec<&'static str> {
    let pattern = schema.get("pattern").is_some_and(Value::is_string).then_some("pattern");
    let lengths = LENGTH_BOUNDS.iter().filter(|k| schema.get(**k).is_some_and(Value::is_number));
    let integer = is_integer(schema);
    let integers = INTEGER_BOUNDS.iter().filter(|k| integer && schema.get(**k).is_some_and(is_bound_value));
    pattern.into_iter().chain(lengths.chain(integers).copied()).collect()
}

/// Whether `schema` lists the values of a type other than string: numbers (`enum: [0, 1,
/// 99]`), booleans, objects or arrays (a `const` is such a list of one, once normalized).
/// typify turns such a list into a newtype that refuses any other value, so a value
/// upstream adds (OCSF's activity ids grow with each release) would fail the client
/// generated before. Listed strings are open enums instead ([`crate::finish`]).
fn lists_other_than_strings(schema: &Map<String, Value>) -> bool {
    schema
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| values.iter().any(|v| !v.is_null()) && values.iter().all(|v| !v.is_string()))
}

/// Whether the values an integer schema names itself, listed or as its default, need a
/// `u64` (one past `i64::MAX`, none negative), where its bounds alone would give an `i64`:
/// typify would write a default that panics when read, and the client would refuse a listed
/// value.
fn names_values_only_a_u64_holds(schema: &Map<String, Value>, min: Option<f64>) -> bool {
    let listed = schema.get("enum").and_then(Value::as_array).into_iter().flatten();
    let named: Vec<&Value> = listed.chain(schema.get("default")).filter(|v| v.is_number()).collect();
    let past_i64 = |v: &&Value| v.is_u64() && !v.is_i64();
    let negative = |v: &&Value| v.as_f64().is_some_and(|n| n < 0.0);
    named.iter().any(past_i64) && !named.iter().any(negative) && min.is_none_or(|m| m >= 0.0)
}

/// The format `schema` is generated with, when it is not the one written: `Some(None)`
/// when the format goes.
fn regenerated_format(schema: &Map<String, Value>) -> Option<Option<&'static str>> {
    let format = schema.get("format").and_then(Value::as_str);
    match schema.get("type").and_then(Value::as_str) {
        Some("integer") => {
            let (min, max) = inclusive_integer_bounds(|k| schema.get(k));
            let generated = generated_integer_format(format, min, max)
                .or_else(|| names_values_only_a_u64_holds(schema, min).then_some("uint64"));
            let changes = match generated {
                Some(generated) => format != Some(generated),
                None => known_format_range(format).is_some(),
            };
            changes.then_some(generated)
        }
        Some("number") if format == Some("float") => Some(None),
        _ => None,
    }
}

/// Moves every bound, and every format narrower than the generated type, into the
/// description; returns one note that counts them, or none.
pub fn document_bounds(document: &mut Value) -> Option<String> {
    let mut moved_by_keyword: BTreeMap<String, usize> = BTreeMap::new();
    // An extension's schemas (`x-oas-propertyNames`) are documentation already.
    let in_extension = |at: &str| at.split('/').any(|token| token.starts_with("x-"));
    let pointers = pointers_where(document, &mut |at, schema| {
        !in_extension(at)
            && (!bound_keywords(schema).is_empty()
                || regenerated_format(schema).is_some()
                || lists_other_than_strings(schema))
    });
    for pointer in pointers {
        let Some(Value::Object(schema)) = document.pointer_mut(&pointer) else { continue };
        // Read before the bounds go: they decide an integer's type.
        let format = regenerated_format(schema);
        let moved: Vec<(&str, Value)> =
            bound_keywords(schema).into_iter().filter_map(|k| schema.remove(k).map(|value| (k, value))).collect();
        let mut bounds = Vec::new();
        for (keyword, value) in &moved {
            match value {
                Value::String(pattern) if *keyword == "pattern" => {
                    append_description(schema, &format!("Pattern: `{pattern}` (documented, not validated)."));
                }
                _ => bounds.push(format!("`{keyword}: {value}`")),
            }
            *moved_by_keyword.entry(format!("`{keyword}`")).or_default() += 1;
        }
        if !bounds.is_empty() {
            append_description(schema, &format!("Bounds: {} (documented, not validated).", bounds.join(", ")));
        }
        if lists_other_than_strings(schema) {
            let values = match schema.remove("enum") {
                Some(Value::Array(values)) => values,
                _ => Vec::new(),
            };
            // A listed `null` is nullability, which the schema keeps.
            if values.contains(&Value::Null) {
                schema.insert("nullable".into(), Value::Bool(true));
            }
            let values: Vec<String> = values.iter().filter(|v| !v.is_null()).map(|v| format!("`{v}`")).collect();
            append_description(schema, &format!("Values: {} (documented, not validated).", values.join(", ")));
            *moved_by_keyword.entry("`enum` of other than strings".into()).or_default() += 1;
        }
        let Some(generated) = format else { continue };
        let written = schema.get("format").and_then(Value::as_str).map(str::to_string);
        let rust_type = match (schema.get("type").and_then(Value::as_str), generated) {
            (Some("number"), _) => "f64",
            (_, Some(_)) => "u64",
            (_, None) => "i64",
        };
        match generated {
            Some(generated) => schema.insert("format".into(), Value::String(generated.into())),
            None => schema.remove("format"),
        };
        if let Some(written) = written {
            append_description(schema, &format!("Format: `{written}` (documented; generated as `{rust_type}`)."));
        }
        *moved_by_keyword.entry(format!("`format` (as `{rust_type}`)")).or_default() += 1;
    }
    let total: usize = moved_by_keyword.values().sum();
    let counted: Vec<String> = moved_by_keyword.iter().map(|(keyword, count)| format!("{keyword} ×{count}")).collect();
    (total > 0).then(|| {
        format!(
            "{total} bounds, formats and listed values are kept in the docs, not validated, so a value past one is still read: {}",
            counted.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn documented(schema: Value) -> (Value, Option<String>) {
        let mut document = json!({"components": {"schemas": {"A": schema}}});
        let notes = document_bounds(&mut document);
        (document["components"]["schemas"]["A"].take(), notes)
    }

    #[test]
    fn string_bounds_become_documentation() {
        let (schema, notes) =
            documented(json!({"type": "string", "pattern": "^[a-z]+$", "maxLength": 20, "description": "A code."}));
        assert_eq!(
            schema,
            json!({"type": "string", "description": "A code.\n\nPattern: `^[a-z]+$` (documented, not validated).\n\nBounds: `maxLength: 20` (documented, not validated)."})
        );
        assert_eq!(
            notes.as_deref(),
            Some("2 bounds, formats and listed values are kept in the docs, not validated, so a value past one is still read: `maxLength` ×1, `pattern` ×1")
        );
    }

    #[test]
    fn an_integer_is_an_i64_or_a_u64() {
        let (schema, _) = documented(json!({"type": "integer", "minimum": 1, "maximum": 100}));
        assert_eq!(
            schema,
            json!({"type": "integer", "description": "Bounds: `minimum: 1`, `maximum: 100` (documented, not validated)."})
        );
        let (schema, notes) = documented(json!({"type": "integer", "format": "int32", "minimum": 0}));
        assert_eq!(
            schema,
            json!({"type": "integer", "description": "Bounds: `minimum: 0` (documented, not validated).\n\nFormat: `int32` (documented; generated as `i64`)."})
        );
        assert!(notes.is_some_and(|n| n.ends_with("`format` (as `i64`) ×1, `minimum` ×1")));
        let (schema, _) = documented(json!({"type": "integer", "format": "uint64"}));
        assert_eq!(schema, json!({"type": "integer", "format": "uint64"}), "only a u64 holds them");
        let (schema, _) = documented(json!({"type": "integer", "format": "uint64", "maximum": 100}));
        assert!(schema.get("format").is_none(), "an i64 holds them: {schema}");
        let (schema, _) = documented(json!({"type": "integer", "minimum": 0, "maximum": 1.8e19}));
        assert_eq!(schema["format"], "uint64");
        let (schema, notes) = documented(json!({"type": "integer", "format": "int128"}));
        assert_eq!((schema, notes), (json!({"type": "integer", "format": "int128"}), None), "typify ignores it");
    }

    #[test]
    fn values_past_i64_the_schema_names_make_it_a_u64() {
        let (schema, _) = documented(json!({"type": "integer", "enum": [1, 18446744073709551615u64]}));
        assert_eq!(schema["format"], "uint64", "{schema}");
        let (schema, _) = documented(json!({"type": "integer", "default": 18446744073709551615u64}));
        assert_eq!(schema["format"], "uint64", "{schema}");
        let (schema, _) = documented(json!({"type": "integer", "default": 9223372036854775807i64}));
        assert!(schema.get("format").is_none(), "an i64 holds it: {schema}");
        let (schema, _) = documented(json!({"type": "integer", "minimum": -1, "default": 18446744073709551615u64}));
        assert!(schema.get("format").is_none(), "no type holds both; the default goes: {schema}");
    }

    #[test]
    fn a_float_is_an_f64() {
        let (schema, _) = documented(json!({"type": "number", "format": "float"}));
        assert_eq!(
            schema,
            json!({"type": "number", "description": "Format: `float` (documented; generated as `f64`)."})
        );
    }

    #[test]
    fn numbers_keep_their_bounds_and_names_are_not_keywords() {
        let number = json!({"type": "number", "minimum": 0.5, "maximum": 2});
        assert_eq!(documented(number.clone()), (number, None));
        let object =
            json!({"type": "object", "properties": {"maxLength": {"type": "boolean"}, "minimum": {"type": "string"}}});
        assert_eq!(documented(object.clone()), (object, None));
    }

    #[test]
    fn generated_formats() {
        assert_eq!(generated_integer_format(None, Some(1.0), Some(100.0)), None);
        assert_eq!(generated_integer_format(Some("uint8"), Some(1.0), None), None);
        assert_eq!(generated_integer_format(Some("uint64"), None, None), Some("uint64"));
        assert_eq!(generated_integer_format(Some("int128"), None, None), None);
        assert_eq!(generated_integer_format(None, Some(-1.0), Some(1e20)), None, "nothing holds it: typify's i64");
        let zero = json!(0);
        assert_eq!(inclusive_integer_bounds(|k| (k == "exclusiveMinimum").then_some(&zero)), (Some(1.0), None));
    }

    #[test]
    fn listed_values_of_other_than_strings_become_documentation() {
        let (schema, notes) = documented(json!({"type": "integer", "enum": [0, 1, 99], "title": "ActivityId"}));
        assert_eq!(
            schema,
            json!({"type": "integer", "title": "ActivityId", "description": "Values: `0`, `1`, `99` (documented, not validated)."})
        );
        assert!(notes.is_some_and(|n| n.ends_with("`enum` of other than strings ×1")));
        let (schema, _) = documented(json!({"type": "object", "enum": [{"a": 1}, null]}));
        assert_eq!(
            schema,
            json!({"type": "object", "nullable": true, "description": "Values: `{\"a\":1}` (documented, not validated)."})
        );
        for kept in [json!({"type": "string", "enum": ["a"]}), json!({"enum": [1, "a"]}), json!({"enum": [null]})] {
            assert_eq!(documented(kept.clone()), (kept, None), "strings are open enums; mixed kinds are unions");
        }
    }
}
