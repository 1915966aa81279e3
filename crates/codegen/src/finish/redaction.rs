//! `Debug` that never prints a secret: structs and builders holding a secret field print
//! `"[redacted]"` in its place, and every map of unknown fields redacts secret keys.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{parse_quote, Item, ItemStruct};

use crate::syntax::{remove_derive, serde_rename, type_name};

/// The constant that lists the secret fields, which `support.rs` and the client read.
pub(super) fn secret_fields_const(secret_fields: &[String]) -> Item {
    let secrets = secret_fields.iter();
    parse_quote! {
        /// JSON property names whose values are secrets: `Debug` never prints them, and
        /// clients redact them from the bodies their errors carry.
        pub const SECRET_FIELDS: &[&str] = &[#(#secrets),*];
    }
}

/// When the sources are printed, a model's derived `Debug` becomes one that redacts
/// secrets. Until then the derive stands for it (`models::finish_struct`): readers of
/// the API alone do not pay for the body.
pub(super) fn write_redacting_debug(item: &mut ItemStruct, secret_fields: &[String]) -> Option<Item> {
    remove_derive(&mut item.attrs, "Debug").then(|| redacting_debug(item, secret_fields, quote!(support)))
}

/// Builders hold the same values, so their `Debug` redacts the same fields.
pub(super) fn redact_builder(mut item: ItemStruct, secret_fields: &[String]) -> Vec<Item> {
    let holds_secret =
        item.fields.iter().any(|f| f.ident.as_ref().is_some_and(|i| secret_fields.contains(&i.to_string())));
    if !holds_secret || !remove_derive(&mut item.attrs, "Debug") {
        return vec![Item::Struct(item)];
    }
    let debug = redacting_debug(&item, secret_fields, quote!(super::support));
    vec![Item::Struct(item), debug]
}

pub(super) fn redacting_debug(item: &ItemStruct, secret_fields: &[String], support: TokenStream) -> Item {
    let name = &item.ident;
    let name_text = name.to_string();
    let fields = item.fields.iter().filter_map(|field| {
        let ident = field.ident.as_ref()?;
        let label = ident.to_string();
        let json_name = serde_rename(&field.attrs).unwrap_or_else(|| label.clone());
        Some(if secret_fields.contains(&json_name) {
            quote!(.field(#label, &#support::Redacted))
        } else if label == "extra" && is_map(&field.ty) {
            quote!(.field(#label, &#support::RedactedMap(&self.extra)))
        } else {
            quote!(.field(#label, &self.#ident))
        })
    });
    parse_quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#name_text) #(#fields)* .finish()
            }
        }
    }
}

fn is_map(ty: &syn::Type) -> bool {
    type_name(ty).is_some_and(|n| n.ends_with("Map"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(items: Vec<Item>) -> String {
        prettyplease::unparse(&syn::File { shebang: None, attrs: vec![], items })
    }

    #[test]
    fn a_struct_prints_secrets_and_unknown_fields_redacted() {
        let item: ItemStruct = parse_quote! {
            #[derive(Clone, Debug)]
            pub struct User {
                #[serde(rename = "xi_api_key")]
                pub key: String,
                pub name: String,
                #[serde(flatten)]
                pub extra: ::std::collections::BTreeMap<String, ::serde_json::Value>,
            }
        };
        let mut item = item;
        assert!(remove_derive(&mut item.attrs, "Debug"));
        let debug = redacting_debug(&item, &["xi_api_key".into()], quote!(support));
        let text = printed(vec![debug]);
        assert!(text.contains(r#".field("key", &support::Redacted)"#), "{text}");
        assert!(text.contains(r#".field("name", &self.name)"#), "{text}");
        assert!(text.contains(r#".field("extra", &support::RedactedMap(&self.extra))"#), "{text}");
    }

    #[test]
    fn printing_writes_the_redacting_debug_in_place_of_the_derive() {
        let mut item: ItemStruct = parse_quote! {
            #[derive(Clone, ::std::fmt::Debug)]
            pub struct User { #[serde(rename = "xi_api_key")] pub key: String }
        };
        let debug = write_redacting_debug(&mut item, &["xi_api_key".into()]).expect("a Debug is derived");
        let text = printed(vec![Item::Struct(item.clone()), debug]);
        assert!(text.contains("#[derive(Clone)]\npub struct User"), "{text}");
        assert!(text.contains(r#".field("key", &support::Redacted)"#), "{text}");
        assert!(write_redacting_debug(&mut item, &[]).is_none(), "no derive left, no second impl");
    }

    #[test]
    fn only_builders_that_hold_a_secret_get_their_own_debug() {
        let secret: ItemStruct = parse_quote!(
            #[derive(Debug)]
            pub struct User {
                xi_api_key: Result<String, String>,
            }
        );
        let plain: ItemStruct = parse_quote!(
            #[derive(Debug)]
            pub struct Tier {
                name: Result<String, String>,
            }
        );
        let secrets = ["xi_api_key".to_string()];
        assert_eq!(redact_builder(secret, &secrets).len(), 2);
        let kept = printed(redact_builder(plain, &secrets));
        assert!(kept.contains("#[derive(Debug)]"), "{kept}");
        let listed = printed(vec![secret_fields_const(&secrets)]);
        assert!(listed.contains(r#"pub const SECRET_FIELDS: &[&str] = &["xi_api_key"];"#), "{listed}");
    }
}
