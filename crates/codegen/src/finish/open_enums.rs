//! Open enums: a typify string enum becomes one that keeps values it does not know in
//! `Unknown(String)`, compares and hashes by its wire value, and reads a string without
//! allocating for the values it knows.

use std::collections::BTreeMap;

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use syn::{parse_quote, Fields, Item, ItemEnum, ItemImpl, Type, TypePath};

use crate::syntax::{description, docs, is_untagged, serde_rename};

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

/// A string enum that keeps values it does not know in `Unknown(String)`.
pub(super) fn open_enum(original: &ItemEnum, variants: &StringEnum) -> Vec<Item> {
    let name = &original.ident;
    let name_text = name.to_string();
    let doc = docs(&original.attrs);
    let idents: Vec<&Ident> = variants.iter().map(|(ident, _)| ident).collect();
    let values: Vec<&String> = variants.iter().map(|(_, value)| value).collect();
    let value_docs: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    let variant_attrs: Vec<Vec<syn::Attribute>> = original
        .variants
        .iter()
        .map(|v| v.attrs.iter().filter(|a| !a.path().is_ident("serde")).cloned().collect())
        .collect();
    let variant_docs: Vec<TokenStream> = variant_attrs
        .iter()
        .zip(&value_docs)
        .map(|(attrs, value_doc)| if attrs.is_empty() { quote!(#[doc = #value_doc]) } else { quote!(#(#attrs)*) })
        .collect();
    let description = description(&doc);
    let file: syn::File = parse_quote! {
        #(#doc)*
        #[derive(Clone, Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #idents,)*
            /// A value this version of the crate does not know, kept exactly as received.
            Unknown(::std::string::String),
        }
        impl #name {
            /// Every value the API description lists, in its order.
            pub const KNOWN_VALUES: &'static [&'static str] = &[#(#values),*];
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#idents => #values,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }
            /// Whether the value is one this version of the crate does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }
        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#values => Self::#idents,)*
                    other => Self::Unknown(other.to_string()),
                }
            }
        }
        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #(#values => Self::#idents,)*
                    _ => Self::Unknown(value),
                }
            }
        }
        impl ::schemars::JsonSchema for #name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(#name_text)
            }
            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                support::string_enum_schema(#description, Self::KNOWN_VALUES)
            }
        }
    };
    let [enum_item, inherent, from_str_ref, from_string, json_schema]: [Item; 5] =
        file.items.try_into().unwrap_or_else(|_| unreachable!("the template above has five items"));
    let (comparisons, conversions) =
        IMPLS_BY_WIRE_VALUE.with(|impls| (impls.comparisons.clone(), impls.conversions.clone()));
    let for_this = |impls: Vec<ItemImpl>| {
        impls.into_iter().map(|mut item| {
            *item.self_ty = Type::Path(TypePath { qself: None, path: name.clone().into() });
            Item::Impl(item)
        })
    };
    [enum_item, inherent]
        .into_iter()
        .chain(for_this(comparisons))
        .chain([from_str_ref, from_string])
        .chain(for_this(conversions))
        .chain([json_schema])
        .collect()
}

/// The impls that an open enum's name alone decides, which every open enum has alike:
/// parsed once per thread and given each enum's name, because parsing them anew for every
/// enum took a tenth of a comparison's instructions.
struct ImplsByWireValue {
    /// `PartialEq`, `Eq`, `Hash`, `PartialOrd`, `Ord`.
    comparisons: Vec<ItemImpl>,
    /// `FromStr`, `Display`, `Serialize`, `Deserialize`.
    conversions: Vec<ItemImpl>,
}

thread_local! {
    static IMPLS_BY_WIRE_VALUE: ImplsByWireValue = ImplsByWireValue {
        comparisons: impls(parse_quote! {
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
        }),
        conversions: impls(parse_quote! {
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
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    deserializer.deserialize_str(support::OpenEnumVisitor::<Self>::new())
                }
            }
        }),
    };
}

/// The impls of a file written for the template above.
fn impls(file: syn::File) -> Vec<ItemImpl> {
    file.items.into_iter().filter_map(|item| if let Item::Impl(item) = item { Some(item) } else { None }).collect()
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
        assert!(text.contains(r#"other => Self::Unknown(other.to_string()),"#), "{text}");
        assert!(text.contains("OpenEnumVisitor::<Self>::new()"), "reads without allocating: {text}");
        assert!(text.contains(r#"support::string_enum_schema(Some("A tier."), Self::KNOWN_VALUES)"#), "{text}");
        assert!(!text.contains("serde(rename"), "serde's derive is gone with its attributes: {text}");
    }
}
