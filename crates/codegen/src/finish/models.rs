//! The models' pass list: typify's output becomes the models this project promises. Each
//! kind of item goes to the pass that owns it: string enums become open enums
//! ([`super::open_enums`]), unions with constants get unit variants
//! ([`super::const_unions`]), structs become `#[non_exhaustive]` with fields that keep
//! absent and `null` apart ([`super::presence`]) and deprecations, and every `Debug` of a
//! secret is redacted ([`super::redaction`]), unions keep a value no member reads
//! ([`super::untagged_unions`]); typify's own `JsonSchema` impls speak
//! schemars 1.x ([`super::json_schema_impls`]).

use std::collections::{BTreeMap, BTreeSet};

use quote::quote;
use syn::{parse_quote, Fields, Item, ItemStruct};

use super::const_unions::{const_union, ConstMemberToUnit, ConstUnions};
use super::json_schema_impls::for_schemars_1;
use super::open_enums::{collect_string_enums, open_enum};
use super::presence::{hold_presence, hold_presence_in_variants, option_outside_box, retype_builders, Wrap};
use super::redaction::{redact_builder, secret_fields_const};
use super::untagged_unions::{display_the_catch_all, keep_what_no_member_reads};
use crate::facts::SchemaFacts;
use crate::syntax::{impl_names, is_flattened, is_untagged, json_name, list_attribute, replace_derive};

/// Traits typify implements on string enums and unions that the rewritten types implement anew.
const REPLACED_TRAITS: &[&str] = &["Display", "FromStr", "TryFrom"];

pub fn finish_models(mut file: syn::File, facts: &SchemaFacts, secret_fields: &[String]) -> syn::File {
    option_outside_box(&mut file);
    let string_enums = collect_string_enums(&file.items);
    let const_unions = ConstUnions::of(&file.items, &string_enums);
    let displayed: BTreeSet<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Impl(i) if impl_names(i).1.as_deref() == Some("Display") => impl_names(i).0,
            _ => None,
        })
        .collect();
    let is_union = |name: &str| const_unions.unions.contains_key(name);
    let is_open_enum = |name: &str| string_enums.contains_key(name) && !const_unions.members.contains(name);
    // Unions without a discriminator that no other pass rewrites: each gains a catch-all
    // below, and its `Display` (typify's, when it has one) an arm for it.
    let with_catch_all: BTreeSet<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Enum(e) if is_untagged(&e.attrs) => Some(e.ident.to_string()),
            _ => None,
        })
        .filter(|name| !const_unions.dropped.contains(name) && !is_union(name) && !is_open_enum(name))
        .collect();

    let mut items = Vec::new();
    let mut retyped = BTreeMap::new();
    for item in file.items {
        match item {
            Item::Enum(e) if const_unions.dropped.contains(&e.ident.to_string()) => {}
            Item::Enum(e) if is_union(&e.ident.to_string()) => {
                let has_display = displayed.contains(&e.ident.to_string());
                items.extend(const_union(&e, &string_enums, &const_unions.incomparable, has_display));
            }
            Item::Enum(e) if is_open_enum(&e.ident.to_string()) => {
                items.extend(open_enum(&e, &string_enums[&e.ident.to_string()]));
            }
            Item::Enum(mut e) => {
                e.attrs.push(parse_quote!(#[non_exhaustive]));
                hold_presence_in_variants(&mut e, |json_names| facts.of_inline_object(json_names));
                if with_catch_all.contains(&e.ident.to_string()) {
                    keep_what_no_member_reads(&mut e);
                }
                items.push(Item::Enum(e));
            }
            Item::Impl(i) => {
                let (self_name, trait_name) = impl_names(&i);
                let self_name = self_name.unwrap_or_default();
                let rewritten = is_open_enum(&self_name) || is_union(&self_name);
                let replaced = trait_name.as_deref().is_some_and(|t| REPLACED_TRAITS.contains(&t));
                if const_unions.dropped.contains(&self_name) || (rewritten && replaced) {
                    continue;
                }
                match (const_unions.impl_names_member(&self_name, &i), trait_name.as_deref()) {
                    (false, Some("JsonSchema")) => items.push(for_schemars_1(Item::Impl(i))),
                    (false, Some("Display")) if with_catch_all.contains(&self_name) => {
                        let mut display = i;
                        display_the_catch_all(&mut display);
                        items.push(Item::Impl(display));
                    }
                    (false, _) => items.push(Item::Impl(i)),
                    // The default is one of the `const` members, made a unit variant below.
                    (true, Some("Default")) => items.push(Item::Impl(i)),
                    // Conversions from a member type name a variant that is gone.
                    (true, _) => {}
                }
            }
            Item::Struct(s) => items.extend(finish_struct(s, facts, &mut retyped)),
            Item::Mod(mut m) if m.ident == "builder" => {
                if let Some((_, content)) = m.content.as_mut() {
                    for item in std::mem::take(content) {
                        match item {
                            Item::Struct(s) => content.extend(redact_builder(s, secret_fields)),
                            Item::Impl(mut i) if impl_names(&i).1.as_deref() == Some("Default") => {
                                syn::visit_mut::visit_item_impl_mut(&mut EmptyExtraByDefault, &mut i);
                                content.push(Item::Impl(i));
                            }
                            other => content.push(other),
                        }
                    }
                }
                items.push(Item::Mod(m));
            }
            // Defaults of optional nullable fields are not applied by the models (absent
            // and null stay distinct), so some of typify's default functions go unused.
            // Its functions are `pub(super)`, so the module is private too: a public module
            // with nothing to name in it would come and go with the document's first
            // `default`, a Rust API change for no reason.
            Item::Mod(mut m) if m.ident == "defaults" => {
                m.attrs.push(parse_quote!(#[allow(dead_code)]));
                m.vis = syn::Visibility::Inherited;
                items.push(Item::Mod(m));
            }
            other => items.push(other),
        }
    }
    let mut to_unit = ConstMemberToUnit { unions: &const_unions.unions, string_enums: &string_enums };
    items.iter_mut().for_each(|item| syn::visit_mut::VisitMut::visit_item_mut(&mut to_unit, item));
    let mut wrap_literals = WrapRetypedLiterals { retyped: &retyped };
    for item in items.iter_mut().filter(|item| !matches!(item, Item::Mod(m) if m.ident == "builder")) {
        syn::visit_mut::VisitMut::visit_item_mut(&mut wrap_literals, item);
    }
    retype_builders(&mut items, &retyped);
    for item in items.iter_mut() {
        if let Item::Mod(m) = item {
            if let (true, Some((_, content))) = (m.ident == "builder", m.content.as_mut()) {
                retype_builders(content, &retyped);
            }
        }
    }
    items.push(secret_fields_const(secret_fields));
    syn::File { shebang: None, attrs: file.attrs, items }
}

/// `#[non_exhaustive]`, fields that keep absent and `null` apart (see `presence`),
/// `#[deprecated]` fields, and a derived `Debug` that printing makes redact secrets.
fn finish_struct(
    mut item: ItemStruct,
    facts: &SchemaFacts,
    retyped: &mut BTreeMap<String, BTreeMap<String, Wrap>>,
) -> Vec<Item> {
    let type_name = item.ident.to_string();
    let json_names: Vec<String> = match &item.fields {
        Fields::Named(fields) => fields.named.iter().filter(|f| !is_flattened(&f.attrs)).map(json_name).collect(),
        _ => Vec::new(),
    };
    let struct_facts = facts.of_struct(&type_name, &json_names);
    let presence = hold_presence(&mut item, |json_name| struct_facts?.get(json_name));
    if let Fields::Named(fields) = &mut item.fields {
        for field in fields.named.iter_mut() {
            let json_name = json_name(field);
            if let Some(note) = struct_facts.and_then(|f| f.get(&json_name)).and_then(|f| f.deprecated.as_deref()) {
                field.attrs.push(list_attribute("deprecated", quote!(note = #note)));
            }
        }
    }
    item.attrs.push(parse_quote!(#[non_exhaustive]));
    // The `Debug` that redacts secrets is written when the sources are printed
    // (`redaction::write_redacting_debug`); meanwhile the derive names the trait as the
    // written impl will, so the API reads the same from the syntax and from the source.
    replace_derive(&mut item.attrs, "Debug", Some(&parse_quote!(::std::fmt::Debug)));
    let name = &item.ident;
    // The accessors are syntax already: printing them into a template to parse again
    // cost a twentieth of a comparison.
    let accessors: Option<Item> = (!presence.accessors.is_empty()).then(|| {
        let mut accessors_impl: syn::ItemImpl = parse_quote!(impl #name {});
        accessors_impl.items = presence.accessors.into_iter().map(syn::ImplItem::Fn).collect();
        Item::Impl(accessors_impl)
    });
    retyped.insert(type_name, presence.wraps);
    std::iter::once(Item::Struct(item)).chain(accessors).collect()
}

/// typify writes defaults as struct literals (`Settings { speed: 1.0 }`); a field that
/// became `Option<T>` or `Option<Option<T>>` holds that value as present.
struct WrapRetypedLiterals<'a> {
    retyped: &'a BTreeMap<String, BTreeMap<String, Wrap>>,
}

impl syn::visit_mut::VisitMut for WrapRetypedLiterals<'_> {
    fn visit_expr_struct_mut(&mut self, literal: &mut syn::ExprStruct) {
        syn::visit_mut::visit_expr_struct_mut(self, literal);
        let name = literal.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
        let Some(wraps) = self.retyped.get(&name) else { return };
        for field in literal.fields.iter_mut() {
            let syn::Member::Named(member) = &field.member else { continue };
            if matches!(wraps.get(&member.to_string()), Some(Wrap::InOption | Wrap::InnerInOption)) {
                let value = &field.expr;
                field.expr = parse_quote!(::std::option::Option::Some(#value));
            }
        }
    }
}

/// typify's builders demand a value for the flattened `extra` map; an empty map is right.
struct EmptyExtraByDefault;

impl syn::visit_mut::VisitMut for EmptyExtraByDefault {
    fn visit_field_value_mut(&mut self, field: &mut syn::FieldValue) {
        if matches!(&field.member, syn::Member::Named(name) if name == "extra") {
            field.expr = parse_quote!(Ok(Default::default()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finished(source: &str) -> String {
        let file = syn::parse_file(source).unwrap();
        let facts = SchemaFacts::collect(&serde_json::json!({"components": {"schemas": {"User": {
            "required": ["id"],
            "properties": {"id": {"type": "integer"}, "old": {"deprecated": true, "description": "Use id."}}
        }}}}));
        prettyplease::unparse(&finish_models(file, &facts, &["xi_api_key".into()]))
    }

    #[test]
    fn each_kind_of_item_goes_to_its_pass() {
        let text = finished(
            r#"
            #[derive(Clone, Debug)]
            pub struct User { pub id: i64, #[serde(default)] pub old: Option<String> }
            pub enum Tier { #[serde(rename = "free")] Free }
            impl ::std::fmt::Display for Tier { fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { Ok(()) } }
            #[serde(untagged)]
            pub enum Shape { A(i64), B(String) }
            pub mod builder { #[derive(Debug)] pub struct User { id: Result<i64, String> } }
            "#,
        );
        assert!(text.contains("#[non_exhaustive]\npub struct User"), "{text}");
        assert!(text.contains("#[deprecated(note = \"Use id.\")]"), "{text}");
        assert!(text.contains("Unknown(::std::string::String)"), "the string enum is open: {text}");
        assert_eq!(
            text.matches("impl ::std::fmt::Display for Tier").count(),
            1,
            "typify's Display is replaced: {text}"
        );
        assert!(text.contains("#[non_exhaustive]\npub enum Shape"), "{text}");
        assert!(text.contains("pub const SECRET_FIELDS"), "{text}");
        assert!(
            text.contains("#[derive(Clone, ::std::fmt::Debug)]\n#[non_exhaustive]\npub struct User")
                && !text.contains("impl ::std::fmt::Debug for User"),
            "the struct's Debug is derived until printing writes the redacting one: {text}"
        );
    }
}
