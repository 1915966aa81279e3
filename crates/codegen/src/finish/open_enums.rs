//! Open enums: a typify string enum becomes one that keeps values it does not know in
//! `Unknown(String)`, compares and hashes by its wire value, and reads a string without
//! allocating for the values it knows.

use std::collections::BTreeMap;

use proc_macro2::Ident;
use quote::quote;
use syn::visit_mut::{self, VisitMut};
use syn::{parse_quote, Attribute, Expr, Fields, Item, ItemEnum, Lit, LitStr};

use crate::syntax::{description, doc_attribute, docs, is_untagged, serde_rename};

/// A typify string enum: variant identifiers and the wire values they stand for.
pub(super) type StringEnum = Vec<(Ident, String)>;

/// typify's string enums (unit variants, not untagged), by name.
pub(super) fn collect_string_enums(items: &[Item]) -> BTreeMap<String, StringEnum> {
    items
        .iter()
        .filter_map(|item| match item {
            Item::Enum(e) if !is_untagged(&e.attrs) && e.variants.iter().all(|v| matches!(v.fields, Fields::Unit)) => {
                let variants = e
                    .variants
                    .iter()
                    .map(|v| (v.ident.clone(), serde_rename(&v.attrs).unwrap_or_else(|| v.ident.to_string())))
                    .collect();
                Some((e.ident.to_string(), variants))
            }
            _ => None,
        })
        .collect()
}

/// A string enum that keeps values it does not know in `Unknown(String)`: [`TEMPLATE`]
/// filled in with the enum's name, values and docs.
pub(super) fn open_enum(original: &ItemEnum, variants: &StringEnum) -> Vec<Item> {
    let doc = docs(&original.attrs);
    let variant_docs: Vec<Vec<Attribute>> = original
        .variants
        .iter()
        .zip(variants)
        .map(|(variant, (_, value))| {
            let attrs: Vec<Attribute> = variant.attrs.iter().filter(|a| !a.path().is_ident("serde")).cloned().collect();
            if attrs.is_empty() {
                vec![doc_attribute(&format!("`{value}`"))]
            } else {
                attrs
            }
        })
        .collect();
    let description: Expr = syn::parse2(description(&doc)).unwrap_or_else(|_| parse_quote!(None));
    let mut fill = Fill { name: &original.ident, variants, variant_docs: &variant_docs, description };
    let mut items = TEMPLATE.with(Clone::clone);
    for item in &mut items {
        fill.visit_item_mut(item);
    }
    if let Some(Item::Enum(open)) = items.first_mut() {
        open.attrs.splice(0..0, doc);
    }
    items
}

thread_local! {
    /// An open enum's items, written once for an enum `OpenEnum` of one value, `Variant`,
    /// sent as `"value"`, and parsed once per thread: [`Fill`] names the enum and repeats
    /// what mentions the value for each of the enum's (parsing the items anew for each enum
    /// took a twentieth of a comparison).
    static TEMPLATE: Vec<Item> = {
        let file: syn::File = parse_quote! {
            #[derive(Clone, Debug)]
            #[non_exhaustive]
            pub enum OpenEnum {
                Variant,
                /// A value this version of the crate does not know, kept exactly as received.
                Unknown(::std::string::String),
            }
            impl OpenEnum {
                /// Every value the API description lists, in its order.
                pub const KNOWN_VALUES: &'static [&'static str] = &["value"];
                /// The value as it is sent on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        Self::Variant => "value",
                        Self::Unknown(value) => value.as_str(),
                    }
                }
                /// Whether the value is one this version of the crate does not know.
                pub fn is_unknown(&self) -> bool {
                    matches!(self, Self::Unknown(_))
                }
            }
            /// Equal, hashed and ordered by the wire value: a value upstream adds anywhere in the
            /// list reorders nothing, and `Unknown` holding a known value equals its variant.
            impl ::std::cmp::PartialEq for OpenEnum {
                fn eq(&self, other: &Self) -> bool {
                    self.as_str() == other.as_str()
                }
            }
            impl ::std::cmp::Eq for OpenEnum {}
            impl ::std::hash::Hash for OpenEnum {
                fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                    self.as_str().hash(state);
                }
            }
            impl ::std::cmp::PartialOrd for OpenEnum {
                fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                    Some(self.cmp(other))
                }
            }
            impl ::std::cmp::Ord for OpenEnum {
                fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                    self.as_str().cmp(other.as_str())
                }
            }
            impl ::std::convert::From<&str> for OpenEnum {
                fn from(value: &str) -> Self {
                    match value {
                        "value" => Self::Variant,
                        other => {
                            // A union around weighs its members by what they do not know.
                            support::unknown_value(true);
                            Self::Unknown(other.to_string())
                        }
                    }
                }
            }
            impl ::std::convert::From<::std::string::String> for OpenEnum {
                fn from(value: ::std::string::String) -> Self {
                    match value.as_str() {
                        "value" => Self::Variant,
                        _ => {
                            support::unknown_value(true);
                            Self::Unknown(value)
                        }
                    }
                }
            }
            impl ::std::str::FromStr for OpenEnum {
                type Err = ::std::convert::Infallible;
                fn from_str(value: &str) -> ::std::result::Result<Self, ::std::convert::Infallible> {
                    Ok(Self::from(value))
                }
            }
            impl ::std::fmt::Display for OpenEnum {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
            impl ::serde::Serialize for OpenEnum {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }
            impl<'de> ::serde::Deserialize<'de> for OpenEnum {
                fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                    deserializer.deserialize_str(support::OpenEnumVisitor::<Self>::new())
                }
            }
            impl ::schemars::JsonSchema for OpenEnum {
                fn schema_name() -> ::std::borrow::Cow<'static, str> {
                    ::std::borrow::Cow::Borrowed("OpenEnum")
                }
                fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                    support::string_enum_schema(DESCRIPTION, Self::KNOWN_VALUES)
                }
            }
        };
        file.items
    };
}

/// Makes [`TEMPLATE`] one enum's: its name for `OpenEnum`, its description for
/// `DESCRIPTION`, and for each of its values, a copy of whatever names `Variant` or
/// `"value"`. A copy is not visited again, so an enum whose name or values are the
/// template's own is filled in like any other.
struct Fill<'a> {
    name: &'a Ident,
    variants: &'a StringEnum,
    variant_docs: &'a [Vec<Attribute>],
    description: Expr,
}

const TEMPLATE_NAME: &str = "OpenEnum";
const TEMPLATE_VARIANT: &str = "Variant";
const TEMPLATE_VALUE: &str = "value";

impl Fill<'_> {
    /// One copy of `template` per value, with the value's variant and wire value in it.
    fn per_value<T: Clone>(&self, template: T, fill: fn(&mut OneValue, &mut T)) -> Vec<T> {
        let copy = |(ident, value): &(Ident, String)| {
            let mut copy = template.clone();
            fill(&mut OneValue { ident, value }, &mut copy);
            copy
        };
        self.variants.iter().map(copy).collect()
    }
}

impl VisitMut for Fill<'_> {
    fn visit_ident_mut(&mut self, ident: &mut Ident) {
        if ident == TEMPLATE_NAME {
            *ident = self.name.clone();
        }
    }

    fn visit_lit_str_mut(&mut self, literal: &mut LitStr) {
        if literal.value() == TEMPLATE_NAME {
            *literal = LitStr::new(&self.name.to_string(), literal.span());
        }
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Path(path) if path.path.is_ident("DESCRIPTION") => *expr = self.description.clone(),
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_item_enum_mut(&mut self, item: &mut ItemEnum) {
        let template = std::mem::take(&mut item.variants);
        for variant in template {
            if variant.ident == TEMPLATE_VARIANT {
                let copies = self.per_value(variant, |value, variant| variant.ident = value.ident.clone());
                for (mut copy, docs) in copies.into_iter().zip(self.variant_docs) {
                    copy.attrs = docs.clone();
                    item.variants.push(copy);
                }
            } else {
                item.variants.push(variant);
            }
        }
        self.visit_ident_mut(&mut item.ident);
    }

    fn visit_expr_match_mut(&mut self, expr: &mut syn::ExprMatch) {
        self.visit_expr_mut(&mut expr.expr);
        for arm in std::mem::take(&mut expr.arms) {
            if mentions_the_value(&arm) {
                expr.arms.extend(self.per_value(arm, |value, arm| value.visit_arm_mut(arm)));
            } else {
                let mut arm = arm;
                self.visit_arm_mut(&mut arm);
                expr.arms.push(arm);
            }
        }
    }

    fn visit_expr_array_mut(&mut self, array: &mut syn::ExprArray) {
        for element in std::mem::take(&mut array.elems) {
            if matches!(&element, Expr::Lit(syn::ExprLit { lit: Lit::Str(s), .. }) if s.value() == TEMPLATE_VALUE) {
                array.elems.extend(self.per_value(element, |value, element| value.visit_expr_mut(element)));
            } else {
                array.elems.push(element);
            }
        }
    }
}

/// Whether a match arm of the template is the one written for its value.
fn mentions_the_value(arm: &syn::Arm) -> bool {
    let text = quote!(#arm).to_string();
    text.contains(TEMPLATE_VARIANT) || text.contains(&format!("\"{TEMPLATE_VALUE}\""))
}

/// Puts one value in a copy of what the template wrote for its value.
struct OneValue<'a> {
    ident: &'a Ident,
    value: &'a str,
}

impl VisitMut for OneValue<'_> {
    fn visit_ident_mut(&mut self, ident: &mut Ident) {
        if ident == TEMPLATE_VARIANT {
            *ident = self.ident.clone();
        }
    }

    fn visit_lit_str_mut(&mut self, literal: &mut LitStr) {
        if literal.value() == TEMPLATE_VALUE {
            *literal = LitStr::new(self.value, literal.span());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string_enums(source: &str) -> (syn::File, BTreeMap<String, StringEnum>) {
        let file = syn::parse_file(source).unwrap();
        let enums = collect_string_enums(&file.items);
        (file, enums)
    }

    #[test]
    fn only_unit_enums_that_are_not_untagged_are_string_enums() {
        let (_, enums) = string_enums(
            r#"
            pub enum Tier { #[serde(rename = "free")] Free, Pro }
            #[serde(untagged)] pub enum Either { A(i64) }
            pub enum Shaped { A(i64) }
            "#,
        );
        let tier = &enums["Tier"];
        assert_eq!(
            tier.iter().map(|(i, v)| (i.to_string(), v.as_str())).collect::<Vec<_>>(),
            [("Free".to_string(), "free"), ("Pro".to_string(), "Pro")]
        );
        assert_eq!(enums.len(), 1);
    }

    #[test]
    fn an_open_enum_keeps_unknown_values_and_lists_the_known_ones() {
        let (file, enums) = string_enums(
            r#"
            /// A tier.
            pub enum Tier { #[serde(rename = "free")] Free, #[doc = "Paid."] #[serde(rename = "pro")] Pro }
            "#,
        );
        let Item::Enum(original) = &file.items[0] else { unreachable!() };
        let items = open_enum(original, &enums["Tier"]);
        let text = prettyplease::unparse(&syn::File { shebang: None, attrs: vec![], items });
        assert!(text.contains("Unknown(::std::string::String),"), "{text}");
        assert!(text.contains(r#"pub const KNOWN_VALUES: &'static [&'static str] = &["free", "pro"];"#), "{text}");
        assert!(text.contains("///`free`\n    Free,"), "a value without docs is documented by its value: {text}");
        assert!(text.contains("///Paid.\n    Pro,"), "{text}");
        assert!(text.contains("Self::Unknown(other.to_string())"), "{text}");
        assert!(text.contains("support::unknown_value(true);"), "an unknown value is counted for a union: {text}");
        assert!(text.contains("OpenEnumVisitor::<Self>::new()"), "reads without allocating: {text}");
        assert!(text.contains(r#"support::string_enum_schema(Some("A tier."), Self::KNOWN_VALUES)"#), "{text}");
        assert!(!text.contains("serde(rename"), "serde's derive is gone with its attributes: {text}");
    }
}
