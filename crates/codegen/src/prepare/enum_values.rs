//! Enum values whose variant names would clash. typify names a variant after its wire
//! value and gives up when two values name the same identifier (`" "` and `","` both
//! become `X`); a wire value `"unknown"` would clash with the open enums' catch-all
//! `Unknown(String)`.
//!
//! Before typify, the values of an enum that would clash are replaced by placeholders
//! that carry them hex-encoded (here); after it, the variants are renamed (`Space`,
//! `Comma`, `UnknownValue`) and the placeholders decoded, everywhere the file names them
//! ([`crate::finish::variants`]). Both sides share the codec and the spelling below.

use std::collections::BTreeSet;

use elevenlabs_spec::pointers_where;
use heck::ToPascalCase;
use serde_json::Value;

use crate::spelling::{distinct, hex, spelled_words, typify_sanitized, unhex};

/// Marks a placeholder wire value; the hex of the real value follows.
const PLACEHOLDER_PREFIX: &str = "elevenlabs-wire-value-";
/// The open enums' catch-all variant, which no wire value may take.
pub const CATCH_ALL: &str = "Unknown";

/// Replaces the values of every string enum whose variant names would clash with
/// placeholders (and its default with its placeholder); returns one note per enum.
pub fn encode_clashing_enum_values(document: &mut Value) -> Vec<String> {
    let clashing = pointers_where(document, &mut |_, schema| {
        let values = string_values(schema.get("enum"));
        values.is_some_and(|values| !unique(values.iter().map(|v| typify_ident(v))))
    });
    let mut notes = Vec::new();
    for pointer in clashing {
        let Some(Value::Object(schema)) = document.pointer_mut(&pointer) else { continue };
        let values = string_values(schema.get("enum")).unwrap_or_default();
        let idents = spelled_idents(&values);
        schema.insert("enum".into(), values.iter().map(|v| Value::String(placeholder(v))).collect());
        if let Some(Value::String(default)) = schema.get_mut("default") {
            if values.contains(default) {
                *default = placeholder(default);
            }
        }
        let named: Vec<String> = values.iter().zip(&idents).map(|(v, i)| format!("{v:?} as `{i}`")).collect();
        notes.push(format!(
            "{pointer}/enum: values that name the same Rust identifier; the variants are named {}",
            named.join(", ")
        ));
    }
    notes
}

fn string_values(values: Option<&Value>) -> Option<Vec<String>> {
    let values = values?.as_array()?;
    values.iter().map(|v| v.as_str().map(String::from)).collect()
}

fn unique<T: Ord>(items: impl IntoIterator<Item = T>) -> bool {
    let mut seen = BTreeSet::new();
    items.into_iter().all(|item| seen.insert(item))
}

fn placeholder(value: &str) -> String {
    format!("{PLACEHOLDER_PREFIX}{}", hex(value))
}

/// The real wire value behind a placeholder.
pub(crate) fn decode_placeholder(value: &str) -> Option<String> {
    unhex(value.strip_prefix(PLACEHOLDER_PREFIX)?)
}

/// The identifier typify's first attempt gives a wire value (its `sanitize` in Pascal case).
fn typify_ident(value: &str) -> String {
    let cased = typify_sanitized(value).to_pascal_case();
    match cased.chars().next() {
        None => "X".into(),
        Some(c) if c.is_alphabetic() || c == '_' => cased,
        Some(_) => format!("X{cased}"),
    }
}

/// Distinct identifiers for values whose plain names clash: punctuation is spelled out
/// (`" "` is `Space`), and what still clashes is numbered in order.
pub(crate) fn spelled_idents(values: &[String]) -> Vec<String> {
    let mut taken = BTreeSet::from([CATCH_ALL.to_string()]);
    values
        .iter()
        .map(|value| {
            let base = typify_ident(&spelled_words(value).join("-"));
            let base = match base.as_str() {
                "X" if value.is_empty() => "Empty".to_string(),
                // The one keyword in Pascal case (`"self"` and `"Self"` both spell it);
                // typify names it `Self_` too.
                "Self" => "Self_".to_string(),
                _ => base,
            };
            distinct(base, "", &mut taken)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn clashing_values_become_placeholders_that_decode_back() {
        let mut document = json!({"properties": {
            "separator": {"type": "string", "enum": [" ", ","], "default": ","},
            "plain": {"type": "string", "enum": ["a_b", "c"]}
        }});
        let notes = encode_clashing_enum_values(&mut document);
        assert_eq!(
            notes,
            [
                r#"/properties/separator/enum: values that name the same Rust identifier; the variants are named " " as `Space`, "," as `Comma`"#
            ]
        );
        let separator = &document["properties"]["separator"];
        let encoded: Vec<&str> = separator["enum"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
        assert_eq!(encoded, ["elevenlabs-wire-value-20", "elevenlabs-wire-value-2c"]);
        assert_eq!(separator["default"], "elevenlabs-wire-value-2c");
        assert_eq!(decode_placeholder(encoded[1]).as_deref(), Some(","));
        assert_eq!(document["properties"]["plain"]["enum"], json!(["a_b", "c"]));
    }

    #[test]
    fn spelled_names_stay_distinct() {
        let values: Vec<String> = ["space", " ", "", "a-b", "a_b", "€", "self", "Self"].map(String::from).to_vec();
        assert_eq!(
            spelled_idents(&values),
            ["Space", "Space2", "Empty", "AHyphenB", "AUnderscoreB", "U20ac", "Self_", "Self2"]
        );
    }
}
