//! Property names that typify would turn into clashing Rust: two properties of one object,
//! or of the parts of one `allOf`, that name the same field (`firstName` beside
//! `first_name`, `a-b` beside `a_b`), a property named like the field that keeps unknown
//! properties (`extra`), and one whose name has nothing typify can name a type after
//! (`_`, `" "`, `""`: an inline type under it would take its parent's name).
//!
//! Before typify, each such property is renamed to a placeholder that carries, hex-encoded,
//! the field name chosen for it and its wire name (here); after the syntax passes, every
//! spelling of the placeholder (the field, the types named after it, the serde rename) is
//! replaced by what it carries ([`crate::finish::property_names`]). The replacement is a
//! function of the placeholder alone, so it is right wherever typify put it.

use std::collections::BTreeSet;

use elevenlabs_spec::pointers_where;
use heck::{ToPascalCase, ToSnakeCase};
use serde_json::Value;

use crate::spelling::{distinct, hex, spelled_words, typify_sanitized};

pub(crate) const WIRE: &str = "elevenlabs-wire-name-";
pub(crate) const FIELD: &str = "elevenlabs_wire_name_";
pub(crate) const TYPE: &str = "ElevenlabsWireName";
/// Ends a placeholder, so whatever typify appends (`Item`, `Variant0`) stays apart. Not a
/// hex digit.
pub(crate) const END: char = 'z';

/// The name of the field that keeps unknown properties, which typify always calls `extra`.
pub const UNKNOWN_FIELDS: &str = "extra";

/// Renames the clashing properties of every object schema to placeholders (in
/// `properties` and `required`); returns one note per object.
pub fn encode_clashing_property_names(document: &mut Value) -> Vec<String> {
    let objects = pointers_where(document, &mut |_, schema| {
        schema.get("properties").and_then(Value::as_object).is_some_and(|p| !clashing(p.keys()).is_empty())
    });
    let mut notes = Vec::new();
    // Children first: renaming a parent's property would move the pointers below it.
    for pointer in objects.into_iter().rev() {
        let Some(Value::Object(schema)) = document.pointer_mut(&pointer) else { continue };
        let Some(Value::Object(properties)) = schema.get("properties") else { continue };
        let (placeholders, named) = placeholders_for(properties.keys());
        rename(schema, &placeholders);
        notes.push(format!("{pointer}/properties: {NOTE}; the fields are named {}", named.join(", ")));
    }
    notes.extend(encode_clashes_across_parts(document));
    notes
}

/// The clashes between the parts of an `allOf` (and the schema's own properties), which
/// typify merges into one struct: `firstName` in one part, `first_name` in another. Each
/// property renamed is renamed wherever a part names it: in the part, or in the component
/// a part refers to, whose own struct then has the chosen field name too.
fn encode_clashes_across_parts(document: &mut Value) -> Vec<String> {
    let merged = pointers_where(document, &mut |_, schema| schema.get("allOf").is_some_and(Value::is_array));
    let mut notes = Vec::new();
    for pointer in merged.into_iter().rev() {
        let Some(schema) = document.pointer(&pointer) else { continue };
        let parts = schema.get("allOf").and_then(Value::as_array).into_iter().flatten().enumerate();
        let holders: Vec<String> = std::iter::once(pointer.clone())
            .chain(parts.map(|(index, part)| match part.get("$ref").and_then(Value::as_str) {
                Some(reference) => reference.strip_prefix('#').unwrap_or(reference).to_string(),
                None => format!("{pointer}/allOf/{index}"),
            }))
            .collect();
        // A property several parts name is one field: its name counts once.
        let names: BTreeSet<String> = holders
            .iter()
            .filter_map(|holder| document.pointer(holder)?.get("properties")?.as_object())
            .flat_map(|properties| properties.keys().cloned())
            .collect();
        let (placeholders, named) = placeholders_for(names.iter());
        if placeholders.is_empty() {
            continue;
        }
        for holder in &holders {
            if let Some(Value::Object(schema)) = document.pointer_mut(holder) {
                rename(schema, &placeholders);
            }
        }
        notes.push(format!(
            "{pointer}/allOf: {NOTE} once its parts are merged; the fields are named {}",
            named.join(", ")
        ));
    }
    notes
}

/// The placeholders (wire name, placeholder) of the clashing names among the properties
/// `names` of one object, each carrying a field name no other takes, and how the note says
/// each (`"firstName" as `first_name_2``).
fn placeholders_for<'a>(names: impl Iterator<Item = &'a String> + Clone) -> (Vec<(String, String)>, Vec<String>) {
    let mut taken: BTreeSet<String> = names.clone().map(|name| field_ident(name)).collect();
    taken.insert(UNKNOWN_FIELDS.to_string());
    clashing(names)
        .into_iter()
        .map(|wire| {
            let chosen = distinct(spelled_field(&wire), "_", &mut taken);
            let named = format!("{wire:?} as `{chosen}`");
            ((wire.clone(), placeholder(&chosen, &wire)), named)
        })
        .unzip()
}

/// Renames the properties of `schema` that `placeholders` name (wire name, placeholder),
/// in `properties` and in `required`.
fn rename(schema: &mut serde_json::Map<String, Value>, placeholders: &[(String, String)]) {
    if let Some(Value::Object(properties)) = schema.get_mut("properties") {
        let renamed: serde_json::Map<String, Value> = std::mem::take(properties)
            .into_iter()
            .map(|(name, value)| match placeholders.iter().find(|(wire, _)| *wire == name) {
                Some((_, placeholder)) => (placeholder.clone(), value),
                None => (name, value),
            })
            .collect();
        *properties = renamed;
    }
    if let Some(Value::Array(required)) = schema.get_mut("required") {
        for name in required.iter_mut() {
            if let Some((_, placeholder)) = placeholders.iter().find(|(wire, _)| name.as_str() == Some(wire)) {
                *name = Value::String(placeholder.clone());
            }
        }
    }
}

/// The properties among `names` that need a placeholder. Of the properties that make one
/// field, the one already spelled as that field (`first_name`), else the one alone in
/// spelling to it (`firstName` beside `first-name`), keeps it: a property added beside
/// it must not rename the field users already read.
fn clashing<'a>(names: impl Iterator<Item = &'a String>) -> Vec<String> {
    let names: Vec<&String> = names.collect();
    let idents: Vec<String> = names.iter().map(|n| field_ident(n)).collect();
    // Of the names that make one field, the one that keeps it.
    let keeper = |ident: &str| -> Option<&str> {
        // typify escapes a keyword (`self` is `self_`), a name the others may be given.
        syn::parse_str::<syn::Ident>(ident).ok()?;
        let only = |spells: &dyn Fn(&str) -> bool| {
            let mut found =
                names.iter().zip(&idents).filter(|(n, i)| *i == ident && spells(n)).map(|(n, _)| n.as_str());
            match (found.next(), found.next()) {
                (Some(one), None) => Some(one),
                _ => None,
            }
        };
        only(&|n| n == ident).or_else(|| only(&|n| spelled_field(n) == ident))
    };
    names
        .iter()
        .zip(&idents)
        .filter(|(name, ident)| {
            ident.as_str() == UNKNOWN_FIELDS
                || name.to_pascal_case().is_empty()
                || idents.iter().filter(|other| other == ident).count() > 1 && keeper(ident) != Some(name.as_str())
        })
        .map(|(name, _)| name.to_string())
        .collect()
}

/// The field typify makes of a property name (its `sanitize`, in snake case).
fn field_ident(name: &str) -> String {
    typify_sanitized(name).to_snake_case()
}

/// A field name for `wire` that keeps what typify's drops: punctuation spelled out
/// (`a-b` is `a_hyphen_b`), an empty name is `empty`.
fn spelled_field(wire: &str) -> String {
    let words = spelled_words(wire);
    let snake = words.join("_").to_snake_case();
    match snake.chars().next() {
        None => "empty".into(),
        Some(c) if c.is_ascii_digit() => format!("x{snake}"),
        Some(_) if syn::parse_str::<syn::Ident>(&snake).is_err() => format!("{snake}_"),
        Some(_) => snake,
    }
}

fn placeholder(field: &str, wire: &str) -> String {
    format!("{WIRE}{}x{}{END}", hex(field), hex(wire))
}

/// What the note of each renamed object says; its presence among the notes means the
/// generated code holds placeholders to decode.
pub(crate) const NOTE: &str = "names that make the same Rust field or none";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finish::property_names::decode_placeholders;
    use serde_json::json;

    #[test]
    fn clashing_properties_get_placeholders_and_decode_back() {
        let inner = json!({"properties": {"extra": {}}});
        let mut document = json!({"components": {"schemas": {"P": {"type": "object",
            "required": ["firstName"],
            "properties": {"firstName": {}, "first_name": {}, "extra": {}, "_": inner, "plain": {}}}}}});
        let notes = encode_clashing_property_names(&mut document);
        assert_eq!(notes.len(), 2, "the object under `_` too: {notes:?}");
        let properties = document.pointer("/components/schemas/P/properties").unwrap().as_object().unwrap();
        assert!(properties.contains_key("plain"));
        assert!(properties.contains_key("first_name"), "spelled as its field, it keeps it: {properties:?}");
        assert_eq!(properties.keys().filter(|k| k.starts_with(WIRE)).count(), 3, "{properties:?}");
        let required = document.pointer("/components/schemas/P/required/0").unwrap().as_str().unwrap().to_string();
        assert!(required.starts_with(WIRE));
        let carried = &required[WIRE.len()..];
        let code = format!(
            "#[serde(rename = \"{required}\")] pub {FIELD}{carried}: T, struct P{TYPE}{}Item;",
            carried[..1].to_uppercase() + &carried[1..]
        );
        let decoded = decode_placeholders(&code);
        assert!(decoded.contains("rename = \"firstName\""), "{decoded}");
        assert!(decoded.contains("pub first_name_2: T"), "{decoded}");
        assert!(decoded.contains("struct PFirstName2Item"), "{decoded}");
    }

    #[test]
    fn clashes_across_the_parts_of_an_all_of_are_renamed_in_every_part() {
        let mut document = json!({"components": {"schemas": {
            "Base": {"required": ["id"], "properties": {"id": {}, "Self": {}}},
            "M": {"allOf": [
                {"$ref": "#/components/schemas/Base"},
                {"required": ["self"], "properties": {"self": {}, "id": {}, "plain": {}}}
            ]}
        }}});
        let notes = encode_clashing_property_names(&mut document);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].starts_with("/components/schemas/M/allOf:"), "{notes:?}");
        let names = |pointer: &str| -> Vec<String> {
            document.pointer(pointer).unwrap().as_object().unwrap().keys().cloned().collect()
        };
        let (base, part) =
            (names("/components/schemas/Base/properties"), names("/components/schemas/M/allOf/1/properties"));
        assert!(base.contains(&"id".to_string()) && part.contains(&"id".to_string()), "one property in two parts");
        assert!(part.contains(&"plain".to_string()));
        assert!(base.iter().chain(&part).filter(|n| n.starts_with(WIRE)).count() == 2, "{base:?} {part:?}");
        let required = document.pointer("/components/schemas/M/allOf/1/required/0").unwrap().as_str().unwrap();
        assert!(required.starts_with(WIRE), "{required}");
    }

    #[test]
    fn a_field_keeps_its_name_when_a_clashing_property_arrives() {
        let renamed = |names: &[&str]| {
            let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
            clashing(names.iter())
        };
        assert_eq!(
            renamed(&["first_name", "firstName", "FIRST_NAME", "first-name"]),
            ["firstName", "FIRST_NAME", "first-name"]
        );
        assert_eq!(renamed(&["firstName", "first-name"]), ["first-name"], "firstName alone spells first_name");
        assert_eq!(renamed(&["firstName", "FirstName"]), ["firstName", "FirstName"], "no name has the better claim");
        assert_eq!(renamed(&["extra", "plain"]), ["extra"]);
        assert_eq!(renamed(&["self", "Self"]), ["self", "Self"], "typify's `self_` is no one's own spelling");
    }

    #[test]
    fn spelled_fields_are_identifiers() {
        assert_eq!(spelled_field("a-b"), "a_hyphen_b");
        assert_eq!(spelled_field(""), "empty");
        assert_eq!(spelled_field("_"), "underscore");
        assert_eq!(spelled_field("1st"), "x1st");
        assert_eq!(spelled_field("type"), "type_");
        assert_eq!(spelled_field("Self"), "self_");
    }
}
