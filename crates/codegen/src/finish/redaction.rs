//! `Debug` that never prints a secret: structs and builders holding a secret field print
//! `"[redacted]"` in its place, and every map of unknown fields redacts secret keys. The
//! client's builders hold the parameters that carry credentials ([`secret_parameters`]):
//! their `Debug` redacts them too, and the header they are sent in is marked sensitive.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;
use syn::visit_mut::VisitMut;
use syn::{parse_quote, Item, ItemStruct};

use crate::spelling::typify_snake;
use crate::syntax::{remove_derive, serde_rename, type_name};

/// The parameters that carry credentials, as the generated client names them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct SecretParameters {
    /// Builder fields, by their Rust names (`xi_api_key`).
    pub(crate) fields: BTreeSet<String>,
    /// Header names, lower-case (`xi-api-key`).
    pub(crate) headers: BTreeSet<String>,
}

/// HTTP's own credential headers: a secret whatever a document says of them.
const CREDENTIAL_HEADERS: [&str; 3] = ["authorization", "proxy-authorization", "cookie"];

/// Every parameter of `document` that carries a credential: one an `apiKey` security
/// scheme names (in the same place), one of HTTP's credential headers, or one whose Rust
/// name is a secret field's. ElevenLabs' documents declare no security scheme but list
/// `xi-api-key` as a header parameter of every operation, which the last rule catches.
pub(crate) fn secret_parameters(document: &Value, secret_fields: &[String]) -> SecretParameters {
    let schemes: BTreeSet<(String, String)> = document
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|schemes| schemes.values())
        .map(|scheme| crate::prepare::followed(document, scheme))
        .filter(|scheme| scheme.get("type").and_then(Value::as_str) == Some("apiKey"))
        .filter_map(|scheme| {
            let name = scheme.get("name")?.as_str()?;
            Some((scheme.get("in")?.as_str()?.to_string(), name.to_ascii_lowercase()))
        })
        .collect();
    let mut secrets = SecretParameters::default();
    let paths = document.get("paths").and_then(Value::as_object).into_iter().flat_map(|p| p.values());
    for item in paths.filter_map(Value::as_object) {
        let lists =
            item.iter().map(|(key, value)| if key == "parameters" { Some(value) } else { value.get("parameters") });
        for parameter in lists.flatten().filter_map(Value::as_array).flatten() {
            let parameter = crate::prepare::followed(document, parameter);
            let (Some(name), Some(place)) =
                (parameter.get("name").and_then(Value::as_str), parameter.get("in").and_then(Value::as_str))
            else {
                continue;
            };
            let lower = name.to_ascii_lowercase();
            let field = typify_snake(name);
            let is_secret = schemes.contains(&(place.to_string(), lower.clone()))
                || (place == "header" && CREDENTIAL_HEADERS.contains(&lower.as_str()))
                || is_secret_name(name, secret_fields);
            if is_secret {
                if place == "header" {
                    secrets.headers.insert(lower);
                }
                secrets.fields.insert(field);
            }
        }
    }
    secrets
}

/// The client's builders print their secret parameters redacted, and each secret header
/// parameter is marked sensitive as it is added to the request (`support::sensitive`), so
/// that reqwest prints it as `Sensitive` wherever the request is printed.
pub(crate) fn redact_client_builders(file: &mut syn::File, secrets: &SecretParameters) {
    let fields: Vec<String> = secrets.fields.iter().cloned().collect();
    for item in &mut file.items {
        let Item::Mod(syn::ItemMod { ident, content: Some((_, items)), .. }) = item else { continue };
        if ident != "builder" {
            continue;
        }
        for item in std::mem::take(items) {
            match item {
                Item::Struct(s) => items.extend(redact_builder(s, &fields)),
                mut other => {
                    SensitiveHeaders { headers: &secrets.headers }.visit_item_mut(&mut other);
                    items.push(other);
                }
            }
        }
    }
}

/// Wraps the value of `header_map.append("<secret header>", value)` in
/// `super::support::sensitive`, the builders' path to the client's `support` module.
struct SensitiveHeaders<'a> {
    headers: &'a BTreeSet<String>,
}

impl VisitMut for SensitiveHeaders<'_> {
    fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
        syn::visit_mut::visit_expr_method_call_mut(self, call);
        let is_header_map = matches!(&*call.receiver, syn::Expr::Path(p) if p.path.is_ident("header_map"));
        let secret_name = match call.args.first() {
            Some(syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(name), .. })) => {
                self.headers.contains(&name.value().to_ascii_lowercase())
            }
            _ => false,
        };
        if call.method == "append" && is_header_map && secret_name && call.args.len() == 2 {
            let value = &call.args[1];
            call.args[1] = parse_quote!(super::support::sensitive(#value));
        }
    }
}

/// The constant that lists the secret fields, which `support.rs` and the client read.
pub(super) fn secret_fields_const(secret_fields: &[String]) -> Item {
    let secrets = secret_spellings(secret_fields);
    parse_quote! {
        /// JSON property names whose values are secrets, in each common spelling: `Debug`
        /// never prints them, and clients redact them from the bodies their errors carry.
        pub const SECRET_FIELDS: &[&str] = &[#(#secrets),*];
    }
}

/// When the sources are printed, a model's derived `Debug` becomes one that redacts
/// secrets. Until then the derive stands for it (`models::finish_struct`): readers of
/// the API alone do not pay for the body.
pub(super) fn write_redacting_debug(item: &mut ItemStruct, secret_fields: &[String]) -> Option<Item> {
    remove_derive(&mut item.attrs, "Debug").then(|| redacting_debug(item, secret_fields, quote!(support)))
}

/// Whether a property or field named `name` holds a secret: one of `secret_fields`
/// however it is spelled (`xi_api_key`, `xi-api-key`, `xiApiKey`), as Rust names them
/// all alike. ElevenLabs' own document returns a new key as `xi-api-key`.
fn is_secret_name(name: &str, secret_fields: &[String]) -> bool {
    let snake = typify_snake(name);
    secret_fields.iter().any(|field| typify_snake(field) == snake)
}

/// The spellings of each secret field that a body's keys are matched against at run time
/// (`SECRET_FIELDS`): as configured, then snake, kebab, camel, Pascal, shouting snake and
/// kebab, and train case, each once.
fn secret_spellings(secret_fields: &[String]) -> Vec<String> {
    use heck::{
        ToKebabCase, ToLowerCamelCase, ToShoutyKebabCase, ToShoutySnakeCase, ToSnakeCase, ToTrainCase, ToUpperCamelCase,
    };
    let mut spellings: Vec<String> = Vec::new();
    for field in secret_fields {
        let forms = [
            field.clone(),
            field.to_snake_case(),
            field.to_kebab_case(),
            field.to_lower_camel_case(),
            field.to_upper_camel_case(),
            field.to_shouty_snake_case(),
            field.to_shouty_kebab_case(),
            field.to_train_case(),
        ];
        for form in forms {
            if !spellings.contains(&form) {
                spellings.push(form);
            }
        }
    }
    spellings
}

/// Builders hold the same values, so their `Debug` redacts the same fields.
pub(super) fn redact_builder(mut item: ItemStruct, secret_fields: &[String]) -> Vec<Item> {
    let holds_secret =
        item.fields.iter().any(|f| f.ident.as_ref().is_some_and(|i| is_secret_name(&i.to_string(), secret_fields)));
    if !holds_secret || !remove_derive(&mut item.attrs, "Debug") {
        return vec![Item::Struct(item)];
    }
    let debug = redacting_debug(&item, secret_fields, quote!(super::support));
    vec![Item::Struct(item), debug]
}

pub(super) fn redacting_debug(item: &ItemStruct, secret_fields: &[String], support: TokenStream) -> Item {
    let name = &item.ident;
    let name_text = name.to_string();
    let (generics, arguments, bounds) = item.generics.split_for_impl();
    // A newtype (typify's for a constrained or enumerated value) prints its value: it has
    // no property name, so nothing in it is a secret field.
    if let syn::Fields::Unnamed(unnamed) = &item.fields {
        let fields = unnamed.unnamed.iter().enumerate().map(|(position, field)| {
            let position = syn::Index::from(position);
            printed_field(quote!(self.#position), &field.ty, &support)
        });
        return parse_quote! {
            impl #generics ::std::fmt::Debug for #name #arguments #bounds {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_tuple(#name_text) #(.field(#fields))* .finish()
                }
            }
        };
    }
    let fields = item.fields.iter().filter_map(|field| {
        let ident = field.ident.as_ref()?;
        let label = ident.to_string();
        let json_name = serde_rename(&field.attrs).unwrap_or_else(|| label.clone());
        Some(if is_secret_name(&json_name, secret_fields) || is_secret_name(&label, secret_fields) {
            quote!(.field(#label, &#support::Redacted))
        } else if label == "extra" && is_map(&field.ty) {
            quote!(.field(#label, &#support::RedactedMap(&self.extra)))
        } else {
            let field = printed_field(quote!(self.#ident), &field.ty, &support);
            quote!(.field(#label, #field))
        })
    });
    parse_quote! {
        impl #generics ::std::fmt::Debug for #name #arguments #bounds {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#name_text) #(#fields)* .finish()
            }
        }
    }
}

/// When the sources are printed, an enum with a variant that holds free-form JSON (typify's
/// unions with an any-value member) gets a `Debug` that prints it redacted, in place of the
/// derive; any other enum keeps the derive.
pub(super) fn write_redacting_enum_debug(item: &mut syn::ItemEnum) -> Option<Item> {
    let holds_json = item.variants.iter().flat_map(|v| v.fields.iter()).any(|f| names_serde_json(&f.ty));
    if !holds_json || !item.generics.params.is_empty() || !remove_derive(&mut item.attrs, "Debug") {
        return None;
    }
    let support = quote!(support);
    let arms = item.variants.iter().map(|variant| {
        let ident = &variant.ident;
        let text = ident.to_string();
        // Bound by position, not by name: a field named `f` would hide the formatter.
        let bindings: Vec<syn::Ident> =
            (0..variant.fields.len()).map(|i| quote::format_ident!("field_{i}")).collect();
        let printed = variant.fields.iter().zip(&bindings).map(|(f, b)| printed_field(quote!(#b), &f.ty, &support));
        match &variant.fields {
            syn::Fields::Unit => quote!(Self::#ident => f.write_str(#text)),
            syn::Fields::Unnamed(_) => {
                quote!(Self::#ident(#(#bindings),*) => f.debug_tuple(#text) #(.field(#printed))* .finish())
            }
            syn::Fields::Named(fields) => {
                let names: Vec<&syn::Ident> = fields.named.iter().filter_map(|f| f.ident.as_ref()).collect();
                let labels = names.iter().map(|n| n.to_string());
                quote!(Self::#ident { #(#names: #bindings),* } => f.debug_struct(#text) #(.field(#labels, #printed))* .finish())
            }
        }
    });
    let name = &item.ident;
    Some(parse_quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#arms,)*
                }
            }
        }
    })
}

/// How a field is printed: free-form JSON (a type that names serde_json) as JSON with
/// secret properties redacted at any depth, since a key may sit anywhere in it; any other
/// field as itself.
pub(super) fn printed_field(field: TokenStream, ty: &syn::Type, support: &TokenStream) -> TokenStream {
    if names_serde_json(ty) {
        quote!(&#support::RedactedJson(&#field))
    } else {
        quote!(&#field)
    }
}

fn names_serde_json(ty: &syn::Type) -> bool {
    quote!(#ty).to_string().contains("serde_json")
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
    fn credentials_are_the_key_parameters_schemes_and_http_credential_headers() {
        let document = serde_json::json!({
            "components": {
                "securitySchemes": {
                    "query": {"type": "apiKey", "in": "query", "name": "token"},
                    "bearer": {"type": "http", "scheme": "bearer"}
                },
                "parameters": {"Auth": {"name": "Authorization", "in": "header"}}
            },
            "paths": {"/a": {
                "parameters": [{"$ref": "#/components/parameters/Auth"}],
                "get": {"parameters": [
                    {"name": "Xi-Api-Key", "in": "header"},
                    {"name": "token", "in": "query"},
                    {"name": "token", "in": "header"},
                    {"name": "page", "in": "query"}
                ]}
            }}
        });
        let secrets = secret_parameters(&document, &["xi_api_key".into()]);
        let set = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<BTreeSet<_>>();
        assert_eq!(secrets.fields, set(&["authorization", "token", "xi_api_key"]));
        assert_eq!(secrets.headers, set(&["authorization", "xi-api-key"]), "a header `token` is not the scheme's");
    }

    #[test]
    fn a_client_builder_redacts_its_secret_and_marks_its_header_sensitive() {
        let mut file: syn::File = parse_quote! {
            pub mod builder {
                #[derive(Debug, Clone)]
                pub struct GetUser<'a> {
                    client: &'a super::Client,
                    xi_api_key: Result<Option<String>, String>,
                }
                impl<'a> GetUser<'a> {
                    pub async fn send(self) {
                        if let Some(value) = xi_api_key {
                            header_map.append("xi-api-key", value.to_string().try_into()?);
                        }
                        header_map.append("x-other", value.to_string().try_into()?);
                    }
                }
            }
        };
        let secrets = SecretParameters {
            fields: BTreeSet::from(["xi_api_key".to_string()]),
            headers: BTreeSet::from(["xi-api-key".to_string()]),
        };
        redact_client_builders(&mut file, &secrets);
        let text = prettyplease::unparse(&file);
        assert!(text.contains("#[derive(Clone)]\n    pub struct GetUser"), "{text}");
        assert!(text.contains(r#".field("xi_api_key", &super::support::Redacted)"#), "{text}");
        assert!(text.contains(r#".field("client", &self.client)"#), "{text}");
        assert!(text.contains("impl<'a> ::std::fmt::Debug for GetUser<'a> {"), "{text}");
        assert!(
            text.contains(
                r#""xi-api-key",
                        super::support::sensitive(value"#
            ),
            "{text}"
        );
        assert!(text.contains(r#""x-other", value.to_string().try_into()?"#), "{text}");
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
        assert!(
            listed.contains("pub const SECRET_FIELDS: &[&str] = &[\n    \"xi_api_key\",\n    \"xi-api-key\","),
            "{listed}"
        );
    }

    #[test]
    fn a_secret_is_found_however_it_is_spelled() {
        // The 2026-08-22 document returns a new key as `xi-api-key`.
        let item: ItemStruct = parse_quote! {
            pub struct WorkspaceCreateApiKeyResponseModel {
                pub key_id: String,
                #[serde(rename = "xi-api-key")]
                pub xi_api_key: String,
                #[serde(rename = "XiApiKey")]
                pub other: String,
            }
        };
        let text = printed(vec![redacting_debug(&item, &["xi_api_key".into()], quote!(support))]);
        assert!(text.contains(r#".field("xi_api_key", &support::Redacted)"#), "{text}");
        assert!(text.contains(r#".field("other", &support::Redacted)"#), "{text}");
        assert!(text.contains(r#".field("key_id", &self.key_id)"#), "{text}");
        assert_eq!(
            secret_spellings(&["xi_api_key".into()]),
            ["xi_api_key", "xi-api-key", "xiApiKey", "XiApiKey", "XI_API_KEY", "XI-API-KEY", "Xi-Api-Key"]
        );
        assert_eq!(secret_spellings(&["xi-api-key".into(), "xi_api_key".into()]).len(), 7, "each spelling once");
    }

    #[test]
    fn a_newtype_prints_its_value() {
        let item: ItemStruct = parse_quote! {
            pub struct ActivityId(i64);
        };
        let text = printed(vec![redacting_debug(&item, &["xi_api_key".into()], quote!(support))]);
        assert!(text.contains(r#"f.debug_tuple("ActivityId").field(&self.0).finish()"#), "{text}");
        let item: ItemStruct = parse_quote! {
            pub struct Settings(::serde_json::Map<String, ::serde_json::Value>);
        };
        let text = printed(vec![redacting_debug(&item, &[], quote!(support))]);
        assert!(text.contains(r#".field(&support::RedactedJson(&self.0))"#), "{text}");
    }

    #[test]
    fn an_enum_holding_free_form_json_prints_it_redacted() {
        let mut item: syn::ItemEnum = parse_quote! {
            #[derive(Clone, Debug)]
            pub enum Value { Text(String), Any(::serde_json::Value), Pair { a: i64, b: ::serde_json::Value }, Empty }
        };
        let text = printed(vec![write_redacting_enum_debug(&mut item).expect("a Debug of its own")]);
        assert!(text.contains(r#"f.debug_tuple("Any").field(&support::RedactedJson(&field_0)).finish()"#), "{text}");
        assert!(text.contains(r#"Self::Text(field_0) => f.debug_tuple("Text").field(&field_0).finish()"#), "{text}");
        assert!(text.contains(r#".field("b", &support::RedactedJson(&field_1))"#), "{text}");
        assert!(text.contains(r#"Self::Empty => f.write_str("Empty")"#), "{text}");
        // A const union's `Unknown` is printed redacted this way.
        let mut union: syn::ItemEnum = parse_quote! {
            #[derive(Clone, Debug)]
            pub enum Limit { Integer(i64), Unlimited, Unknown(::serde_json::Value) }
        };
        let text = printed(vec![write_redacting_enum_debug(&mut union).expect("a Debug of its own")]);
        assert!(text.contains("support::RedactedJson(&field_0)"), "an unknown form is printed redacted: {text}");
        let mut plain: syn::ItemEnum = parse_quote! { #[derive(Debug)] pub enum Plain { A(i64) } };
        assert!(write_redacting_enum_debug(&mut plain).is_none());
    }
}
