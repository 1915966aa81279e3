//! Component names that would make clashing Rust types: two components that name the same
//! type (`firstName` beside `first_name`), a name the generated code uses unqualified
//! (`Box`, `Default`, `Option`, `Client`, …), and a name with nothing to name a type after
//! (`_`). Such a component is renamed, with every reference to it, before typify sees it;
//! each rename is a note, since it is a public type's name.

use std::collections::BTreeSet;

use heck::ToPascalCase;
use serde_json::Value;

use crate::facts::rust_type_name;
use crate::spelling::{distinct, spelled_words};

/// Type names the generated code uses without a path, or that its derives and runtime
/// bring into scope: std's prelude (types, traits and variants), serde's and schemars'
/// names, progenitor's runtime, and the modules codegen writes.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Box",
    "Vec",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "ToString",
    "ToOwned",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "Display",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Hash",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "FromStr",
    "AsRef",
    "AsMut",
    "Iterator",
    "IntoIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "Drop",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Self",
    "Serialize",
    "Deserialize",
    "Serializer",
    "Deserializer",
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
    "RequestBuilderExt",
    "Builder",
    "Types",
    "Support",
    "Defaults",
    "Prelude",
    "Formatter",
];

/// Renames clashing components; returns each rename (from, to) with its note.
pub fn rename_clashing_components(document: &mut Value) -> Vec<((String, String), String)> {
    let Some(schemas) = document.pointer("/components/schemas").and_then(Value::as_object) else { return Vec::new() };
    let names: Vec<String> = schemas.keys().cloned().collect();
    let rust: Vec<String> = names.iter().map(|n| rust_type_name(n)).collect();
    let mut taken: BTreeSet<String> =
        rust.iter().cloned().chain(RESERVED_TYPE_NAMES.iter().map(|s| s.to_string())).collect();
    let mut renames = Vec::new();
    for (name, rust_name) in names.iter().zip(&rust) {
        let shared = rust.iter().filter(|other| *other == rust_name).count() > 1;
        let reserved = RESERVED_TYPE_NAMES.contains(&rust_name.as_str());
        // typify would name it `X` (`_`, `-`): a name of its own says more.
        let nameless = crate::spelling::typify_sanitized(name).to_pascal_case().is_empty();
        // Of components that share a type name, one spelled exactly as its type keeps it.
        let keeps = shared && name == rust_name;
        // A script without case (`名前`) spells the type as a field or a local is spelled,
        // and a tuple struct of that name forbids such a binding in the patterns serde's
        // derives and codegen's visitors write: renamed whether or not a field shares it
        // today, so that a property added upstream renames no type.
        let caseless = rust_name.chars().next().is_some_and(|c| !c.is_uppercase());
        if !(reserved || nameless || caseless || (shared && !keeps)) {
            continue;
        }
        let base = if reserved || caseless { format!("{rust_name}Model") } else { spelled_type(name) };
        let to = distinct(base, "", &mut taken);
        let why = if reserved {
            format!("a name the generated code already uses (`{rust_name}`)")
        } else if caseless {
            format!("a type name spelled as a field may be (`{rust_name}`), which patterns could not bind")
        } else if nameless {
            "a name with nothing to make a Rust type of".to_string()
        } else {
            format!("a name that makes the same Rust type as another component's (`{rust_name}`)")
        };
        renames.push((name.clone(), to, why));
    }
    let mut applied = Vec::new();
    for (from, to, why) in renames {
        if elevenlabs_spec::rename_schema(document, &from, &to) == elevenlabs_spec::Outcome::Applied {
            let note =
                format!("/components/schemas/{}: {why}; its type is `{to}`", elevenlabs_spec::pointer::escape(&from));
            applied.push(((from, to), note));
        }
    }
    applied
}

/// A type name for `name` that keeps what typify's drops: punctuation spelled out
/// (`first_name` is `FirstUnderscoreName`), an empty name is `Empty`.
fn spelled_type(name: &str) -> String {
    let words = spelled_words(name);
    let pascal = words.join("-").to_pascal_case();
    match pascal.chars().next() {
        None => "Empty".into(),
        Some(c) if c.is_ascii_digit() => format!("X{pascal}"),
        Some(_) => pascal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn clashing_components_are_renamed_with_their_references() {
        let mut document = json!({"components": {"schemas": {
            "firstName": {"type": "string"}, "first_name": {"type": "string"}, "FirstName": {"type": "string"},
            "Box": {"properties": {"b": {"$ref": "#/components/schemas/Box"}}}, "_": {"type": "integer"},
            "Plain": {"properties": {"a": {"$ref": "#/components/schemas/first_name"}}}
        }}});
        let notes: Vec<String> = rename_clashing_components(&mut document).into_iter().map(|(_, note)| note).collect();
        let schemas = document.pointer("/components/schemas").unwrap().as_object().unwrap();
        let names: BTreeSet<&str> = schemas.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            BTreeSet::from(["BoxModel", "FirstName", "FirstName2", "FirstUnderscoreName", "Plain", "Underscore"]),
            "{notes:?}"
        );
        assert_eq!(schemas["BoxModel"]["properties"]["b"]["$ref"], "#/components/schemas/BoxModel");
        assert_eq!(schemas["Plain"]["properties"]["a"]["$ref"], "#/components/schemas/FirstUnderscoreName");
        let types: BTreeSet<String> = schemas.keys().map(|n| rust_type_name(n)).collect();
        assert_eq!(types.len(), schemas.len(), "every component names its own type: {types:?}");
    }

    #[test]
    fn a_name_without_case_is_a_model() {
        let mut document = json!({"components": {"schemas": {"名前": {"type": "string"}, "Été": {"type": "string"}}}});
        let renames: Vec<(String, String)> =
            rename_clashing_components(&mut document).into_iter().map(|(rename, _)| rename).collect();
        assert_eq!(renames, [("名前".to_string(), "名前Model".to_string())], "`Été` has an upper case");
    }
}
