//! Unions with `const` string members: typify makes each constant a one-value enum and the
//! union an untagged enum of them. The constants become the union's own unit variants
//! (`Union::Off` for `const "off"`), and the union keeps forms it does not know in
//! `Unknown(serde_json::Value)`. Member enums used nowhere else are dropped.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::quote;
use syn::{parse_quote, Fields, Item, ItemEnum};

use super::open_enums::StringEnum;
use crate::syntax::{derives, description, docs, impl_names, is_untagged, type_name};

/// An untagged union with `const` string members, by the names of those member enums.
pub(super) type ConstUnion = BTreeSet<String>;

/// The const unions of a file, and which of their member enums nothing else uses.
pub(super) struct ConstUnions {
    pub(super) unions: BTreeMap<String, ConstUnion>,
    /// Every member enum of a const union.
    pub(super) members: BTreeSet<String>,
    /// Member enums used only by their unions: left out of the file.
    pub(super) dropped: BTreeSet<String>,
    /// The file's types that are not comparable with `==`: they neither derive `PartialEq`
    /// nor become open enums (which implement it). A union holding one cannot derive it.
    pub(super) incomparable: BTreeSet<String>,
}

impl ConstUnions {
    pub(super) fn of(items: &[Item], string_enums: &BTreeMap<String, StringEnum>) -> Self {
        let unions = collect_const_unions(items, string_enums);
        let members: BTreeSet<String> = unions.values().flatten().cloned().collect();
        let used = used_outside_unions(items, &members, &unions);
        let dropped = members.difference(&used).cloned().collect();
        let incomparable = items
            .iter()
            .filter_map(|item| match item {
                Item::Struct(s) if !derives(&s.attrs, "PartialEq") => Some(s.ident.to_string()),
                Item::Enum(e)
                    if !derives(&e.attrs, "PartialEq") && !string_enums.contains_key(&e.ident.to_string()) =>
                {
                    Some(e.ident.to_string())
                }
                _ => None,
            })
            .collect();
        Self { unions, members, dropped, incomparable }
    }

    /// Whether an impl of `union` names one of its member enums (a conversion from a member
    /// type, or the default, which is one of the constants).
    pub(super) fn impl_names_member(&self, union: &str, item: &syn::ItemImpl) -> bool {
        self.unions
            .get(union)
            .is_some_and(|m| !mentions(m, |visitor| syn::visit::Visit::visit_item_impl(visitor, item)).is_empty())
    }
}

/// Untagged unions with a member that is a one-value string enum (a `const` in the spec),
/// and every member a variant of one unnamed field, which the rewrite can read on its own.
/// A union with an inline object member (a variant with named fields) stays as typify made
/// it, and gains the catch-all as other unions do: rewritten, it would lose that member.
fn collect_const_unions(items: &[Item], string_enums: &BTreeMap<String, StringEnum>) -> BTreeMap<String, ConstUnion> {
    let one_unnamed_field =
        |variant: &syn::Variant| matches!(&variant.fields, Fields::Unnamed(f) if f.unnamed.len() == 1);
    items
        .iter()
        .filter_map(|item| match item {
            Item::Enum(e) if is_untagged(&e.attrs) && e.variants.iter().all(one_unnamed_field) => {
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
        // A member written as the union's constant becomes a unit variant: no use.
        let mut visitor = Mentions { names, found: BTreeSet::new(), rewritten: Some(unions) };
        syn::visit::Visit::visit_item(&mut visitor, item);
        for name in visitor.found {
            let owned = owner.as_deref().is_some_and(|o| o == name || unions.get(o).is_some_and(|m| m.contains(&name)));
            if !owned {
                used.insert(name);
            }
        }
    }
    used
}

/// Which of `names` the syntax `visit` walks over names.
fn mentions(names: &BTreeSet<String>, visit: impl FnOnce(&mut Mentions)) -> BTreeSet<String> {
    let mut visitor = Mentions { names, found: BTreeSet::new(), rewritten: None };
    if !names.is_empty() {
        visit(&mut visitor);
    }
    visitor.found
}

struct Mentions<'a> {
    names: &'a BTreeSet<String>,
    found: BTreeSet<String>,
    /// When set, `Union::Member(Member::Value)` of these unions is not looked into:
    /// [`ConstMemberToUnit`] makes it `Union::Value`.
    rewritten: Option<&'a BTreeMap<String, ConstUnion>>,
}

impl<'ast> syn::visit::Visit<'ast> for Mentions<'_> {
    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if self.rewritten.is_some_and(|unions| const_member_call(call, unions).is_some()) {
            return;
        }
        syn::visit::visit_expr_call(self, call);
    }
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

/// An untagged union whose `const` string members become unit variants named by their
/// value; like the string enums, it keeps forms it does not know in `Unknown`.
pub(super) fn const_union(
    original: &ItemEnum,
    string_enums: &BTreeMap<String, StringEnum>,
    incomparable: &BTreeSet<String>,
    has_display: bool,
) -> Vec<Item> {
    let name = &original.ident;
    let name_text = name.to_string();
    let doc = docs(&original.attrs);
    let description = description(&doc);
    let mut variants = Vec::new();
    let mut serialize_arms = Vec::new();
    let mut display_arms = Vec::new();
    // Each member is tried in the union's order (an integer before a float): the typed
    // ones by deserializing, the `const` strings (all at the place of the first) by
    // comparing.
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
                const_arms.push(quote!(::std::option::Option::Some(#value) => Ok(Self::#ident)));
                const_values.push(value.clone());
                if const_values.len() == 1 {
                    attempts.push((None, None));
                }
            }
            None => {
                let ident = &variant.ident;
                let attrs: Vec<&syn::Attribute> =
                    variant.attrs.iter().filter(|a| !a.path().is_ident("serde")).collect();
                let fields = &variant.fields;
                // Every member has one unnamed field (`collect_const_unions`).
                let Fields::Unnamed(unnamed) = fields else { continue };
                let ty = &unnamed.unnamed[0].ty;
                variants.push(quote!(#(#attrs)* #ident #fields));
                serialize_arms.push(quote!(Self::#ident(value) => ::serde::Serialize::serialize(value, serializer)));
                display_arms.push(quote!(Self::#ident(value) => ::std::fmt::Display::fmt(value, f)));
                attempts.push((
                    Some(ty),
                    Some(quote! {
                        |value| <#ty as ::serde::Deserialize>::deserialize(value).map(Self::#ident)
                    }),
                ));
                schema_members.push(quote!(generator.subschema_for::<#ty>()));
            }
        }
    }
    let attempts = super::untagged_unions::integers_before_floats(attempts, |(ty, _)| *ty);
    let attempts = attempts.into_iter().map(|(_, attempt)| {
        attempt.unwrap_or_else(|| {
            quote! {
                |value| match value.as_str() {
                    #(#const_arms,)*
                    _ => Err(::serde::de::Error::custom("not one of the union's strings")),
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
    // Equality unless a member's type has none (a typify newtype that checks its values).
    // Every type a member names counts: `Vec<Item>` is as comparable as `Item`.
    let comparable =
        original.variants.iter().flat_map(|variant| variant.fields.iter()).all(|field| {
            mentions(incomparable, |visitor| syn::visit::Visit::visit_type(visitor, &field.ty)).is_empty()
        });
    let partial_eq = comparable.then(|| quote!(, PartialEq));
    // Unused when every member is a `const` string, and the crate denies warnings.
    let generator = if schema_members.is_empty() { quote!(_generator) } else { quote!(generator) };
    let file: syn::File = parse_quote! {
        #(#doc)*
        // `Debug` prints `Unknown` redacted once written (`redaction::write_redacting_enum_debug`).
        #[derive(Clone, Debug #partial_eq)]
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
            // One `Value`, then the member that knows the most of it (`support::first_member`);
            // nothing is lost when no member reads it.
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let members: &[support::Member<Self>] = &[#(#attempts),*];
                if let ::std::option::Option::Some(member) = support::first_member(&value, members) {
                    return Ok(member);
                }
                support::unknown_value(true);
                Ok(Self::Unknown(value))
            }
        }
        #display
        impl ::schemars::JsonSchema for #name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(#name_text)
            }
            fn json_schema(#generator: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                support::any_of_schema(#description, vec![
                    #(#schema_members,)*
                    support::string_enum_schema(None, &[#(#const_values),*]),
                ])
            }
        }
    };
    file.items
}

/// A union's member for a `const` string, `Union::Member(MemberEnum::Value)` (typify's
/// defaults), becomes the union's unit variant `Union::Value`.
pub(super) struct ConstMemberToUnit<'a> {
    pub(super) unions: &'a BTreeMap<String, ConstUnion>,
    pub(super) string_enums: &'a BTreeMap<String, StringEnum>,
}

/// `Union::Variant(Member::Value)` where `Member` is one of `Union`'s `const` members:
/// the variant's path and the member's name.
fn const_member_call<'c>(
    call: &'c syn::ExprCall,
    unions: &BTreeMap<String, ConstUnion>,
) -> Option<(&'c syn::Path, String)> {
    let (syn::Expr::Path(function), Some(syn::Expr::Path(argument)), 1) =
        (&*call.func, call.args.first(), call.args.len())
    else {
        return None;
    };
    let owner = |path: &syn::Path| path.segments.iter().rev().nth(1).map(|s| s.ident.to_string()).unwrap_or_default();
    let (union, member) = (owner(&function.path), owner(&argument.path));
    unions.get(&union).is_some_and(|members| members.contains(&member)).then_some((&function.path, member))
}

impl syn::visit_mut::VisitMut for ConstMemberToUnit<'_> {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        syn::visit_mut::visit_expr_mut(self, expr);
        let syn::Expr::Call(call) = expr else { return };
        let Some((function, member)) = const_member_call(call, self.unions) else { return };
        let Some((unit, _)) = self.string_enums.get(&member).and_then(|values| values.first()) else { return };
        let mut path = function.clone();
        if let Some(last) = path.segments.last_mut() {
            last.ident = unit.clone();
        }
        *expr = syn::Expr::Path(syn::ExprPath { attrs: Vec::new(), qself: None, path });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finish::open_enums::collect_string_enums;

    const SOUND: &str = r#"
        pub enum Sound { #[serde(rename = "typing")] Typing, #[serde(rename = "elevator")] Elevator }
        pub enum SoundOff { #[serde(rename = "off")] Off }
        /// A sound, or off.
        #[serde(untagged)]
        pub enum SoundOrOff { Sound(Sound), Off(SoundOff) }
        impl Default for SoundOrOff { fn default() -> Self { SoundOrOff::Off(SoundOff::Off) } }
        pub struct Settings { pub sound: Sound }
    "#;

    #[test]
    fn members_used_elsewhere_are_kept_and_the_others_dropped() {
        let file = syn::parse_file(SOUND).unwrap();
        let string_enums = collect_string_enums(&file.items);
        let plan = ConstUnions::of(&file.items, &string_enums);
        assert_eq!(plan.unions["SoundOrOff"], BTreeSet::from(["SoundOff".to_string()]));
        assert_eq!(plan.dropped, BTreeSet::from(["SoundOff".to_string()]));
        let Item::Impl(default) = &file.items[3] else { unreachable!() };
        assert!(plan.impl_names_member("SoundOrOff", default));
    }

    /// A member with named fields (an inline object) cannot be read on its own: the
    /// union stays as typify made it, rather than lose that member.
    #[test]
    fn a_union_with_an_inline_object_member_is_not_rewritten() {
        let file = syn::parse_file(&format!(
            "{SOUND}\n#[serde(untagged)]\npub enum OffOrLevel {{ Off(SoundOff), Level {{ level: u8 }} }}"
        ))
        .unwrap();
        let plan = ConstUnions::of(&file.items, &collect_string_enums(&file.items));
        assert!(!plan.unions.contains_key("OffOrLevel"), "{:?}", plan.unions.keys());
        assert!(plan.unions.contains_key("SoundOrOff"));
    }

    /// typify's default of a field holding the union names the member, which
    /// [`ConstMemberToUnit`] rewrites away: the member is still used nowhere else.
    #[test]
    fn a_member_written_only_as_the_unions_constant_is_dropped() {
        let with_default = format!(
            "{SOUND}\npub mod defaults {{ pub(super) fn sound() -> super::SoundOrOff {{ super::SoundOrOff::Off(super::SoundOff::Off) }} }}"
        );
        let file = syn::parse_file(&with_default).unwrap();
        let plan = ConstUnions::of(&file.items, &collect_string_enums(&file.items));
        assert_eq!(plan.dropped, BTreeSet::from(["SoundOff".to_string()]));
        let used = format!("{SOUND}\npub struct Quiet {{ pub off: SoundOff }}");
        let file = syn::parse_file(&used).unwrap();
        let plan = ConstUnions::of(&file.items, &collect_string_enums(&file.items));
        assert!(plan.dropped.is_empty(), "a field of its type keeps it");
    }

    #[test]
    fn constants_become_unit_variants_and_unknown_forms_are_kept() {
        let file = syn::parse_file(SOUND).unwrap();
        let string_enums = collect_string_enums(&file.items);
        let Item::Enum(union) = &file.items[2] else { unreachable!() };
        let items = const_union(union, &string_enums, &BTreeSet::new(), false);
        let text = prettyplease::unparse(&syn::File { shebang: None, attrs: vec![], items });
        assert!(text.contains("Sound(Sound),"), "{text}");
        assert!(text.contains("///The string `\"off\"`.\n    Off,"), "{text}");
        assert!(text.contains("Unknown(::serde_json::Value),"), "{text}");
        assert!(text.contains(r#"::std::option::Option::Some("off") => Ok(Self::Off)"#), "{text}");
        assert!(text.contains("support::first_member("), "{text}");
        assert!(!text.contains("impl ::std::fmt::Display"), "no Display unless typify gave one: {text}");
        assert!(text.contains("#[derive(Clone, Debug, PartialEq)]"), "every member compares: {text}");
        let checked = syn::parse_file(
            r#"
            #[derive(Clone)] pub struct Checked(i64);
            pub enum SoundOff { #[serde(rename = "off")] Off }
            #[serde(untagged)] pub enum CheckedOrOff { Checked(Checked), Off(SoundOff) }
            "#,
        )
        .unwrap();
        let string_enums = collect_string_enums(&checked.items);
        let plan = ConstUnions::of(&checked.items, &string_enums);
        let Item::Enum(union) = &checked.items[2] else { unreachable!() };
        let text = prettyplease::unparse(&syn::File {
            shebang: None,
            attrs: vec![],
            items: const_union(union, &string_enums, &plan.incomparable, false),
        });
        assert!(text.contains("#[derive(Clone, Debug)]"), "a member without equality: {text}");

        let mut default: syn::Expr = syn::parse_quote!(SoundOrOff::Off(SoundOff::Off));
        let plan = ConstUnions::of(&file.items, &string_enums);
        syn::visit_mut::VisitMut::visit_expr_mut(
            &mut ConstMemberToUnit { unions: &plan.unions, string_enums: &string_enums },
            &mut default,
        );
        assert_eq!(quote!(#default).to_string(), "SoundOrOff :: Off");
    }

    #[test]
    fn a_union_compares_only_when_every_type_its_members_name_does() {
        let file = syn::parse_file(
            r#"
            #[derive(Clone)] pub struct Item { pub a: f64 }
            pub enum Off { #[serde(rename = "off")] Off }
            #[serde(untagged)] pub enum ItemsOrOff { Items(::std::vec::Vec<Item>), Off(Off) }
            "#,
        )
        .unwrap();
        let string_enums = collect_string_enums(&file.items);
        let Item::Enum(union) = &file.items[2] else { unreachable!() };
        let incomparable = BTreeSet::from(["Item".to_string()]);
        let items = const_union(union, &string_enums, &incomparable, false);
        let text = prettyplease::unparse(&syn::File { shebang: None, attrs: vec![], items });
        assert!(text.contains("#[derive(Clone, Debug)]"), "Vec<Item> has no equality: {text}");
        assert!(text.contains("fn json_schema(generator"), "a typed member reads the generator: {text}");
    }
}
