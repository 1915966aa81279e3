//! Enum variants whose names would clash. typify names a variant after its wire value and
//! gives up when two values name the same identifier (`" "` and `","` both become `X`);
//! a wire value `"unknown"` would clash with the open enums' catch-all `Unknown(String)`.
//!
//! Before typify, the values of an enum that would clash are replaced by placeholders
//! that carry them hex-encoded; after it, the variants are renamed (`Space`, `Comma`,
//! `UnknownValue`) and the placeholders decoded, everywhere the file names them.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToPascalCase;
use proc_macro2::Ident;
use serde_json::Value;
use syn::visit_mut::VisitMut;
use syn::{Fields, Item};

use crate::schema_walk::pointers_where;
use crate::spelling::{distinct, hex, spelled_words, typify_sanitized, unhex};
use crate::syntax::{is_untagged, serde_rename};

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
fn decode_placeholder(value: &str) -> Option<String> {
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
fn spelled_idents(values: &[String]) -> Vec<String> {
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

/// Renames, in typify's output, the variants of string enums that hold a placeholder or
/// would take the catch-all's name, and decodes their wire values; every path that names
/// such a variant follows.
pub fn rename_clashing_variants(items: &mut [Item]) {
    let mut renames: BTreeMap<(String, String), Ident> = BTreeMap::new();
    for item in items.iter_mut() {
        let Item::Enum(e) = item else { continue };
        if is_untagged(&e.attrs) || !e.variants.iter().all(|v| matches!(v.fields, Fields::Unit)) {
            continue;
        }
        let wire: Vec<String> =
            e.variants.iter().map(|v| serde_rename(&v.attrs).unwrap_or_else(|| v.ident.to_string())).collect();
        let decoded: Vec<Option<String>> = wire.iter().map(|w| decode_placeholder(w)).collect();
        let spelled =
            spelled_idents(&decoded.iter().zip(&wire).map(|(d, w)| d.clone().unwrap_or(w.clone())).collect::<Vec<_>>());
        let mut taken: BTreeSet<String> = e.variants.iter().map(|v| v.ident.to_string()).collect();
        taken.insert(CATCH_ALL.into());
        for ((variant, decoded), spelled) in e.variants.iter_mut().zip(&decoded).zip(spelled) {
            let new_name = match decoded {
                Some(value) => {
                    variant.attrs.retain(|a| !a.path().is_ident("serde"));
                    variant.attrs.push(syn::parse_quote!(#[serde(rename = #value)]));
                    spelled
                }
                None if variant.ident == CATCH_ALL => distinct(format!("{CATCH_ALL}Value"), "", &mut taken),
                None => continue,
            };
            let new_ident = Ident::new(&new_name, variant.ident.span());
            renames.insert((e.ident.to_string(), variant.ident.to_string()), new_ident.clone());
            variant.ident = new_ident;
        }
    }
    if !renames.is_empty() {
        let mut renamer = PathRenamer { renames, self_type: None };
        items.iter_mut().for_each(|item| renamer.visit_item_mut(item));
    }
}

/// Follows variant renames in paths `Enum::Old` (whatever leads to `Enum`) and `Self::Old`
/// inside `impl Enum`.
struct PathRenamer {
    renames: BTreeMap<(String, String), Ident>,
    self_type: Option<String>,
}

impl VisitMut for PathRenamer {
    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        let outer = self.self_type.replace(crate::syntax::type_name(&item.self_ty).unwrap_or_default());
        syn::visit_mut::visit_item_impl_mut(self, item);
        self.self_type = outer;
    }

    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        let count = path.segments.len();
        if count >= 2 {
            let owner = path.segments[count - 2].ident.to_string();
            let owner = if owner == "Self" { self.self_type.clone().unwrap_or(owner) } else { owner };
            let last = &mut path.segments[count - 1];
            if let Some(new_ident) = self.renames.get(&(owner, last.ident.to_string())) {
                last.ident = new_ident.clone();
            }
        }
        syn::visit_mut::visit_path_mut(self, path);
    }
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

    #[test]
    fn variants_and_the_paths_that_name_them_are_renamed() {
        let mut file: syn::File = syn::parse_quote! {
            pub enum Sep {
                #[serde(rename = "elevenlabs-wire-value-20")]
                ElevenlabsWireValue20,
                #[serde(rename = "unknown")]
                Unknown,
            }
            impl Default for Sep { fn default() -> Self { Self::Unknown } }
            fn space() -> super::Sep { super::Sep::ElevenlabsWireValue20 }
            fn other() -> Other { Other::Unknown }
        };
        rename_clashing_variants(&mut file.items);
        let text = prettyplease::unparse(&file);
        assert!(text.contains("#[serde(rename = \" \")]\n    Space,"), "{text}");
        assert!(text.contains("#[serde(rename = \"unknown\")]\n    UnknownValue,"), "{text}");
        assert!(text.contains("Self::UnknownValue"), "{text}");
        assert!(text.contains("super::Sep::Space"), "{text}");
        assert!(text.contains("Other::Unknown"), "other enums keep their names: {text}");
    }
}
