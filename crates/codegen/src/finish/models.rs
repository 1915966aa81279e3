//! Turns typify's output into the models this project promises: open enums, readable
//! unions for `const` members, `#[non_exhaustive]` types, deprecations, and `Debug`
//! that never prints a secret.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::quote;
use syn::{parse_quote, Fields, Item, ItemEnum, ItemStruct};

use super::presence::{hold_presence, retype_builders, Wrap};
use crate::facts::SchemaFacts;
use crate::syntax::{docs, impl_names, is_untagged, json_name, remove_derive, serde_rename, type_name};

/// Traits typify implements on string enums and unions that the rewritten types implement anew.
const REPLACED_TRAITS: &[&str] = &["Display", "FromStr", "TryFrom"];

/// A typify string enum: variant identifiers and the wire values they stand for.
type StringEnum = Vec<(Ident, String)>;

/// An untagged union with `const` string members, by the names of those member enums.
type ConstUnion = BTreeSet<String>;

pub fn finish_models(file: syn::File, facts: &SchemaFacts, secret_fields: &[String]) -> syn::File {
    let string_enums = collect_string_enums(&file.items);
    let unions = collect_const_unions(&file.items, &string_enums);
    let const_members: BTreeSet<String> = unions.values().flatten().cloned().collect();
    let used = used_outside_unions(&file.items, &const_members, &unions);
    let dropped: BTreeSet<String> = const_members.difference(&used).cloned().collect();
    let displayed: BTreeSet<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Impl(i) if impl_names(i).1.as_deref() == Some("Display") => impl_names(i).0,
            _ => None,
        })
        .collect();
    let is_open_enum = |name: &str| string_enums.contains_key(name) && !const_members.contains(name);

    let mut items = Vec::new();
    let mut retyped = BTreeMap::new();
    for item in file.items {
        match item {
            Item::Enum(e) if dropped.contains(&e.ident.to_string()) => {}
            Item::Enum(e) if unions.contains_key(&e.ident.to_string()) => {
                let has_display = displayed.contains(&e.ident.to_string());
                items.extend(const_union(&e, &string_enums, has_display));
            }
            Item::Enum(e) if is_open_enum(&e.ident.to_string()) => {
                items.extend(open_enum(&e, &string_enums[&e.ident.to_string()]));
            }
            Item::Enum(mut e) => {
                e.attrs.push(parse_quote!(#[non_exhaustive]));
                items.push(Item::Enum(e));
            }
            Item::Impl(i) => {
                let (self_name, trait_name) = impl_names(&i);
                let self_name = self_name.unwrap_or_default();
                let rewritten = is_open_enum(&self_name) || unions.contains_key(&self_name);
                let members = unions.get(&self_name);
                let names_member = members.is_some_and(|m| {
                    !mentions(m, |visitor| syn::visit::Visit::visit_item_impl(visitor, &i)).is_empty()
                });
                let replaced = trait_name.as_deref().is_some_and(|t| REPLACED_TRAITS.contains(&t));
                if dropped.contains(&self_name) || (rewritten && replaced) {
                    continue;
                }
                match (names_member, trait_name.as_deref()) {
                    (false, _) => items.push(Item::Impl(i)),
                    // The default is one of the `const` members, made a unit variant below.
                    (true, Some("Default")) => items.push(Item::Impl(i)),
                    // Conversions from a member type name a variant that is gone.
                    (true, _) => {}
                }
            }
            Item::Struct(s) => items.extend(finish_struct(s, facts, secret_fields, &mut retyped)),
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
            Item::Mod(mut m) if m.ident == "defaults" => {
                m.attrs.push(parse_quote!(#[allow(dead_code)]));
                items.push(Item::Mod(m));
            }
            other => items.push(other),
        }
    }
    let mut to_unit = ConstMemberToUnit { unions: &unions, string_enums: &string_enums };
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
    let secrets = secret_fields.iter();
    items.push(parse_quote! {
        /// JSON property names whose values are secrets: `Debug` never prints them, and
        /// clients redact them from the bodies their errors carry.
        pub const SECRET_FIELDS: &[&str] = &[#(#secrets),*];
    });
    syn::File { shebang: None, attrs: file.attrs, items }
}

fn collect_string_enums(items: &[Item]) -> BTreeMap<String, StringEnum> {
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

/// Untagged unions with a member that is a one-value string enum (a `const` in the spec).
fn collect_const_unions(items: &[Item], string_enums: &BTreeMap<String, StringEnum>) -> BTreeMap<String, ConstUnion> {
    items
        .iter()
        .filter_map(|item| match item {
            Item::Enum(e) if is_untagged(&e.attrs) => {
                let members: ConstUnion = e
                    .variants
                    .iter()
                    .filter_map(single_field_type)
                    .filter(|name| string_enums.get(name).is_some_and(|values| values.len() == 1))
                    .collect();
                (!members.is_empty()).then(|| (e.ident.to_string(), members))
            }
            _ => None,
        })
        .collect()
}

fn single_field_type(variant: &syn::Variant) -> Option<String> {
    match &variant.fields {
        Fields::Unnamed(fields) if fields.unnamed.len() == 1 => type_name(&fields.unnamed[0].ty),
        _ => None,
    }
}

/// Which of `names` an item other than the unions holding them (and their own items) uses.
fn used_outside_unions(
    items: &[Item],
    names: &BTreeSet<String>,
    unions: &BTreeMap<String, ConstUnion>,
) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for item in items {
        let owner = match item {
            Item::Enum(e) => Some(e.ident.to_string()),
            Item::Impl(i) => impl_names(i).0,
            _ => None,
        };
        for name in mentioned(item, names) {
            let owned = owner.as_deref().is_some_and(|o| o == name || unions.get(o).is_some_and(|m| m.contains(&name)));
            if !owned {
                used.insert(name);
            }
        }
    }
    used
}

/// Which of `names` appear as identifiers anywhere in `item`.
fn mentioned(item: &Item, names: &BTreeSet<String>) -> BTreeSet<String> {
    mentions(names, |visitor| syn::visit::Visit::visit_item(visitor, item))
}

/// Which of `names` the syntax `visit` walks over names.
fn mentions(names: &BTreeSet<String>, visit: impl FnOnce(&mut Mentions)) -> BTreeSet<String> {
    let mut visitor = Mentions { names, found: BTreeSet::new() };
    if !names.is_empty() {
        visit(&mut visitor);
    }
    visitor.found
}

struct Mentions<'a> {
    names: &'a BTreeSet<String>,
    found: BTreeSet<String>,
}

impl<'ast> syn::visit::Visit<'ast> for Mentions<'_> {
    fn visit_ident(&mut self, ident: &'ast Ident) {
        let text = ident.to_string();
        if self.names.contains(&text) {
            self.found.insert(text);
        }
    }
    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        syn::visit::visit_macro(self, mac);
        mentions_in_tokens(&mac.tokens, self.names, &mut self.found);
    }
}

/// Macro bodies stay tokens in syn; names in them count too.
fn mentions_in_tokens(tokens: &TokenStream, names: &BTreeSet<String>, found: &mut BTreeSet<String>) {
    for token in tokens.clone() {
        match token {
            TokenTree::Ident(ident) if names.contains(&ident.to_string()) => {
                found.insert(ident.to_string());
            }
            TokenTree::Group(group) => mentions_in_tokens(&group.stream(), names, found),
            _ => {}
        }
    }
}

/// A string enum that keeps values it does not know in `Unknown(String)`.
fn open_enum(original: &ItemEnum, variants: &StringEnum) -> Vec<Item> {
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
    let description = doc_text(&doc);
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
        /// Equal, hashed and ordered by the wire value: a value upstream adds anywhere in the
        /// list reorders nothing, and `Unknown` holding a known value equals its variant.
        impl ::std::cmp::PartialEq for #name {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }
        impl ::std::cmp::Eq for #name {}
        impl ::std::hash::Hash for #name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state);
            }
        }
        impl ::std::cmp::PartialOrd for #name {
            fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }
        impl ::std::cmp::Ord for #name {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                self.as_str().cmp(other.as_str())
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
        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, ::std::convert::Infallible> {
                Ok(Self::from(value))
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                deserializer.deserialize_str(support::OpenEnumVisitor::<Self>::new())
            }
        }
        impl ::schemars::JsonSchema for #name {
            fn schema_name() -> ::std::string::String {
                #name_text.to_string()
            }
            fn json_schema(_: &mut ::schemars::gen::SchemaGenerator) -> ::schemars::schema::Schema {
                support::string_enum_schema(#description, Self::KNOWN_VALUES)
            }
        }
    };
    file.items
}

/// An untagged union whose `const` string members become unit variants named by their
/// value; like the string enums, it keeps forms it does not know in `Unknown`.
fn const_union(original: &ItemEnum, string_enums: &BTreeMap<String, StringEnum>, has_display: bool) -> Vec<Item> {
    let name = &original.ident;
    let name_text = name.to_string();
    let doc = docs(&original.attrs);
    let description = doc_text(&doc);
    let mut variants = Vec::new();
    let mut serialize_arms = Vec::new();
    let mut display_arms = Vec::new();
    // Each member is tried in the union's order: the typed ones by deserializing, the
    // `const` strings (all at the place of the first) by comparing.
    let mut attempts = Vec::new();
    let mut schema_members = Vec::new();
    let mut const_arms = Vec::new();
    let mut const_values = Vec::new();
    for variant in &original.variants {
        let member = single_field_type(variant).and_then(|n| string_enums.get(&n).filter(|v| v.len() == 1));
        match member {
            Some(values) => {
                let (ident, value) = &values[0];
                let doc = format!("The string `\"{value}\"`.");
                variants.push(quote!(#[doc = #doc] #ident));
                serialize_arms.push(quote!(Self::#ident => serializer.serialize_str(#value)));
                display_arms.push(quote!(Self::#ident => f.write_str(#value)));
                const_arms.push(quote!(#value => return Ok(Self::#ident)));
                const_values.push(value.clone());
                if const_values.len() == 1 {
                    attempts.push(None);
                }
            }
            None => {
                let ident = &variant.ident;
                let attrs: Vec<&syn::Attribute> =
                    variant.attrs.iter().filter(|a| !a.path().is_ident("serde")).collect();
                let fields = &variant.fields;
                let Fields::Unnamed(unnamed) = fields else { continue };
                let ty = &unnamed.unnamed[0].ty;
                variants.push(quote!(#(#attrs)* #ident #fields));
                serialize_arms.push(quote!(Self::#ident(value) => ::serde::Serialize::serialize(value, serializer)));
                display_arms.push(quote!(Self::#ident(value) => ::std::fmt::Display::fmt(value, f)));
                attempts.push(Some(quote! {
                    if let Ok(member) = <#ty as ::serde::Deserialize>::deserialize(&value) {
                        return Ok(Self::#ident(member));
                    }
                }));
                schema_members.push(quote!(generator.subschema_for::<#ty>()));
            }
        }
    }
    let attempts = attempts.into_iter().map(|attempt| {
        attempt.unwrap_or_else(|| {
            quote! {
                if let ::serde_json::Value::String(text) = &value {
                    match text.as_str() {
                        #(#const_arms,)*
                        _ => {}
                    }
                }
            }
        })
    });
    let display = has_display.then(|| {
        quote! {
            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match self {
                        #(#display_arms,)*
                        Self::Unknown(::serde_json::Value::String(value)) => f.write_str(value),
                        Self::Unknown(value) => ::std::fmt::Display::fmt(value, f),
                    }
                }
            }
        }
    });
    let file: syn::File = parse_quote! {
        #(#doc)*
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            /// A value of a form this version of the crate does not know, kept exactly as received.
            Unknown(::serde_json::Value),
        }
        impl #name {
            /// Whether the value is of a form this version of the crate does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms,)*
                    Self::Unknown(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            // One `Value`, then each member in order; cheaper than serde's untagged
            // buffering, and nothing is lost when no member matches.
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                #(#attempts)*
                Ok(Self::Unknown(value))
            }
        }
        #display
        impl ::schemars::JsonSchema for #name {
            fn schema_name() -> ::std::string::String {
                #name_text.to_string()
            }
            fn json_schema(generator: &mut ::schemars::gen::SchemaGenerator) -> ::schemars::schema::Schema {
                support::any_of_schema(#description, vec![
                    #(#schema_members,)*
                    support::string_enum_schema(None, &[#(#const_values),*]),
                ])
            }
        }
    };
    file.items
}

/// Whether a field is `#[serde(flatten)]`: the map of unknown properties, no property.
fn is_flattened(field: &syn::Field) -> bool {
    field.attrs.iter().any(|a| a.path().is_ident("serde") && quote!(#a).to_string().contains("flatten"))
}

/// `#[non_exhaustive]`, fields that keep absent and `null` apart (see `presence`),
/// `#[deprecated]` fields, and a `Debug` that redacts secrets.
fn finish_struct(
    mut item: ItemStruct,
    facts: &SchemaFacts,
    secret_fields: &[String],
    retyped: &mut BTreeMap<String, BTreeMap<String, Wrap>>,
) -> Vec<Item> {
    let type_name = item.ident.to_string();
    let json_names: Vec<String> = match &item.fields {
        Fields::Named(fields) => fields.named.iter().filter(|f| !is_flattened(f)).map(json_name).collect(),
        _ => Vec::new(),
    };
    let struct_facts = facts.of_struct(&type_name, &json_names);
    let presence = hold_presence(&mut item, |json_name| struct_facts?.get(json_name));
    if let Fields::Named(fields) = &mut item.fields {
        for field in fields.named.iter_mut() {
            let json_name = json_name(field);
            if let Some(note) = struct_facts.and_then(|f| f.get(&json_name)).and_then(|f| f.deprecated.as_deref()) {
                field.attrs.push(parse_quote!(#[deprecated(note = #note)]));
            }
        }
    }
    item.attrs.push(parse_quote!(#[non_exhaustive]));
    let debug = remove_derive(&mut item.attrs, "Debug").then(|| redacting_debug(&item, secret_fields, quote!(support)));
    let name = &item.ident;
    let accessors = &presence.accessors;
    let accessors: Option<Item> = (!accessors.is_empty()).then(|| parse_quote!(impl #name { #(#accessors)* }));
    retyped.insert(type_name, presence.wraps);
    std::iter::once(Item::Struct(item)).chain(debug).chain(accessors).collect()
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

/// A union's member for a `const` string, `Union::Member(MemberEnum::Value)` (typify's
/// defaults), becomes the union's unit variant `Union::Value`.
struct ConstMemberToUnit<'a> {
    unions: &'a BTreeMap<String, ConstUnion>,
    string_enums: &'a BTreeMap<String, StringEnum>,
}

impl syn::visit_mut::VisitMut for ConstMemberToUnit<'_> {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        syn::visit_mut::visit_expr_mut(self, expr);
        let syn::Expr::Call(call) = expr else { return };
        let (syn::Expr::Path(function), Some(syn::Expr::Path(argument)), 1) =
            (&*call.func, call.args.first(), call.args.len())
        else {
            return;
        };
        let owner =
            |path: &syn::Path| path.segments.iter().rev().nth(1).map(|s| s.ident.to_string()).unwrap_or_default();
        let (union, member) = (owner(&function.path), owner(&argument.path));
        if !self.unions.get(&union).is_some_and(|members| members.contains(&member)) {
            return;
        }
        let Some((unit, _)) = self.string_enums.get(&member).and_then(|values| values.first()) else { return };
        let mut path = function.path.clone();
        if let Some(last) = path.segments.last_mut() {
            last.ident = unit.clone();
        }
        *expr = syn::Expr::Path(syn::ExprPath { attrs: Vec::new(), qself: None, path });
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

/// Builders hold the same values, so their `Debug` redacts the same fields.
fn redact_builder(mut item: ItemStruct, secret_fields: &[String]) -> Vec<Item> {
    let holds_secret =
        item.fields.iter().any(|f| f.ident.as_ref().is_some_and(|i| secret_fields.contains(&i.to_string())));
    if !holds_secret || !remove_derive(&mut item.attrs, "Debug") {
        return vec![Item::Struct(item)];
    }
    let debug = redacting_debug(&item, secret_fields, quote!(super::support));
    vec![Item::Struct(item), debug]
}

fn redacting_debug(item: &ItemStruct, secret_fields: &[String], support: TokenStream) -> Item {
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

/// A doc line that is only a name in backticks, such as typify's `` `BillingPeriod` ``.
fn is_bare_name(line: &str) -> bool {
    line.starts_with('`') && line.ends_with('`') && !line.contains(' ')
}

fn doc_text(doc: &[syn::Attribute]) -> TokenStream {
    let text: Vec<String> = doc
        .iter()
        .filter_map(|attr| match &attr.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value().trim().to_string()),
                _ => None,
            },
            _ => None,
        })
        // typify titles a type with its own name in backticks; that says nothing.
        .filter(|line| !(line.is_empty() || is_bare_name(line)))
        .collect();
    if text.is_empty() {
        quote!(None)
    } else {
        let text = text.join("\n");
        quote!(Some(#text))
    }
}
