//! A `Deserialize` of its own for each union typify could not tag (its
//! `#[serde(untagged)]` enums): the value goes to the member its discriminator's tag names,
//! when the document gives one that typify could not use ([`read_by_tag`]), else to the
//! member that knows the most of it (`support::first_member`).
//!
//! serde's derive takes the first member that reads the value. Every member here reads more
//! than it names, since enums are open and structs keep unknown fields, so the derive would
//! give `{"type": "object", "properties": {…}}` to the first member whose `type` is an open
//! enum: ElevenLabs' tool parameters, a literal, an object or an array property, all
//! decoded as literals. Counting what each member does not know (values, then fields) gives
//! the value to the first member that knows all of it, else to the one that knows the most;
//! what the chosen member does not know counts for the unions around it, so a value added
//! deep inside decides nothing above it.
//!
//! A value that no member reads is kept whole in a catch-all variant, `Unknown`
//! ([`keep_what_no_member_reads`]), as an open enum keeps a value it does not know: a
//! member added upstream, or one whose required fields the value lacks, no longer fails the
//! whole response.
//!
//! A member with named fields (typify's variant for an inline object) is read as a struct
//! of those fields, declared where it is read. An enum with a unit variant, or with serde
//! attributes on a variant other than its name, keeps the derive; its catch-all comes
//! last, so serde tries it last, and counts what it reads.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{parse_quote, Fields, Item, ItemEnum};

use crate::facts::UnionTags;
use crate::prepare::enum_values::CATCH_ALL;
use crate::syntax::{first_argument, is_untagged, remove_derive, type_name};

/// Gives a union without a discriminator (typify's `#[serde(untagged)]` enums) its
/// catch-all, `Unknown(serde_json::Value)`, last: a value no member reads, kept as
/// received and written back as it came. It is left out of the union's JSON Schema, which
/// says what the API describes. The pass list (`models`) says which unions get it; a
/// member named like it was renamed before (`variants::rename_clashing_variants`).
pub(super) fn keep_what_no_member_reads(item: &mut ItemEnum) {
    let catch_all = catch_all();
    item.variants.push(parse_quote! {
        /// A value no member of this version of the crate reads (a member added upstream),
        /// kept exactly as received.
        #[schemars(skip)]
        #catch_all(::serde_json::Value)
    });
}

/// typify's `Display` of a union of members that all have one (strings, numbers) matches
/// every member; the catch-all prints as [`support::UnknownText`](super::support) does.
pub(super) fn display_the_catch_all(display: &mut syn::ItemImpl) {
    let catch_all = catch_all();
    for item in display.items.iter_mut() {
        let syn::ImplItem::Fn(function) = item else { continue };
        let Some(syn::Stmt::Expr(syn::Expr::Match(arms), _)) = function.block.stmts.last_mut() else { continue };
        arms.arms
            .push(parse_quote!(Self::#catch_all(value) => ::std::fmt::Display::fmt(&support::UnknownText(value), f),));
    }
}

fn catch_all() -> syn::Ident {
    syn::Ident::new(CATCH_ALL, proc_macro2::Span::call_site())
}

/// Replaces `item`'s derived `Deserialize` by one that reads the tag, then weighs its
/// members, if it is an untagged union whose members this reads. A union that keeps the
/// derive counts what its catch-all reads instead ([`count_what_the_catch_all_reads`]).
pub(super) fn deserialize_by_what_members_know(item: &mut ItemEnum, union_tags: &UnionTags) -> Option<Item> {
    let written = weigh_members(item, union_tags);
    if written.is_none() {
        count_what_the_catch_all_reads(item);
    }
    written
}

/// serde's derive gives the catch-all, last, what no member reads; counted as a form the
/// union does not know (`support::unknown_form`), so that a union around this one weighs
/// it as it weighs a written union's `Unknown`, and prefers a member that knows the value.
fn count_what_the_catch_all_reads(item: &mut ItemEnum) {
    if !is_untagged(&item.attrs) {
        return;
    }
    for variant in item.variants.iter_mut().filter(|variant| variant.ident == CATCH_ALL) {
        variant.attrs.push(parse_quote!(#[serde(deserialize_with = "support::unknown_form")]));
    }
}

fn weigh_members(item: &mut ItemEnum, union_tags: &UnionTags) -> Option<Item> {
    let members: Vec<(Option<&syn::Type>, TokenStream)> = item
        .variants
        .iter()
        .filter(|variant| variant.ident != CATCH_ALL)
        .map(|variant| {
            let ident = &variant.ident;
            match &variant.fields {
                _ if !reads_as_its_field(&variant.attrs) => None,
                Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
                    let ty = &fields.unnamed[0].ty;
                    Some((
                        Some(ty),
                        quote! {|value| <#ty as ::serde::Deserialize>::deserialize(value).map(Self::#ident)},
                    ))
                }
                Fields::Named(fields) => Some((None, read_as_struct(ident, fields))),
                _ => None,
            }
        })
        .collect::<Option<_>>()?;
    if !is_untagged(&item.attrs) || !item.generics.params.is_empty() || members.is_empty() {
        return None;
    }
    let members = integers_before_floats(members, |(ty, _)| *ty);
    let name = &item.ident;
    let has_catch_all = item.variants.iter().any(|variant| variant.ident == CATCH_ALL);
    let no_member = format!("data did not match any variant of untagged enum {name}");
    // What no member reads counts as one unknown value for the unions around this one.
    let no_member_reads_it = match has_catch_all {
        true => quote::quote! {{
            support::unknown_value(true);
            ::std::result::Result::Ok(Self::Unknown(value))
        }},
        false => quote::quote!(::std::result::Result::Err(<__D::Error as ::serde::de::Error>::custom(#no_member))),
    };
    let by_tag = read_by_tag(name, &members, union_tags, &no_member_reads_it);
    let attempts = members.into_iter().map(|(_, attempt)| attempt);
    let deserialize: Item = parse_quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let members: &[support::Member<Self>] = &[#(#attempts),*];
                #by_tag
                match support::first_member(&value, members) {
                    ::std::option::Option::Some(member) => ::std::result::Result::Ok(member),
                    ::std::option::Option::None => #no_member_reads_it,
                }
            }
        }
    };
    remove_derive(&mut item.attrs, "Deserialize").then_some(deserialize)
}

/// What a union whose `discriminator` the facts know does before it weighs its members
/// (nothing for others): the member its tag names reads the value, or, if it cannot, or
/// the tag names no member (one added upstream), no member does. Members whose tag is a
/// plain string would each read every value, so weighing alone could give a `Dog` to
/// `Cat`. A value without a string tag is weighed.
fn read_by_tag(
    name: &syn::Ident,
    members: &[(Option<&syn::Type>, TokenStream)],
    union_tags: &UnionTags,
    no_member_reads_it: &TokenStream,
) -> TokenStream {
    let types: Option<Vec<String>> = members.iter().map(|(ty, _)| ty.and_then(member_type_name)).collect();
    let discriminator = types.as_deref().and_then(|types| union_tags.of_union(&name.to_string(), types));
    let Some(discriminator) = discriminator else {
        return TokenStream::new();
    };
    let types = types.unwrap_or_default();
    let index_of =
        |type_name: &str| types.iter().position(|ty| ty == type_name).map(proc_macro2::Literal::usize_unsuffixed);
    let tags = discriminator
        .tags
        .iter()
        .filter_map(|(tag, ty)| Some((tag, index_of(ty)?)))
        .map(|(tag, at)| quote!((#tag, #at)));
    let default = match discriminator.default.as_deref().and_then(index_of) {
        Some(at) => quote!(::std::option::Option::Some(#at)),
        None => quote!(::std::option::Option::None),
    };
    let property = &discriminator.property;
    quote! {
        match support::tagged_member(&value, #property, &[#(#tags),*], #default, members) {
            support::Tagged::Read(member) => return ::std::result::Result::Ok(member),
            support::Tagged::Unread => return #no_member_reads_it,
            support::Tagged::Untagged => {}
        }
    }
}

/// The name of the type a union's member holds, as the facts name it: `Cat` for `Cat`,
/// `Box<Cat>` or a path ending in `Cat`.
fn member_type_name(ty: &syn::Type) -> Option<String> {
    type_name(first_argument("Box", ty).unwrap_or(ty))
}

/// How a union reads its member with named fields (typify's variant for an inline
/// object): as a struct of the same fields and serde attributes, declared where it is
/// read, then moved into the variant. It reads in one pass as the models' structs do, so
/// it counts the fields it does not know: a derived `Deserialize` would count none, and
/// the member would win over one that knows more of the value.
fn read_as_struct(variant: &syn::Ident, fields: &syn::FieldsNamed) -> TokenStream {
    let idents: Vec<&syn::Ident> = fields.named.iter().filter_map(|field| field.ident.as_ref()).collect();
    let fields = fields.named.iter().map(|field| {
        let serde = field.attrs.iter().filter(|a| a.path().is_ident("serde"));
        let (ident, ty) = (&field.ident, &field.ty);
        quote!(#(#serde)* #ident: #ty)
    });
    // Underscored: no generated type is named so (typify's names are Pascal case), so it
    // hides none that the fields name.
    let mut member: syn::ItemStruct = parse_quote! {
        #[derive(::serde::Deserialize)]
        struct __Member { #(#fields),* }
    };
    let deserialize = super::deserialize_structs::deserialize_in_one_pass(&mut member);
    if deserialize.is_some() {
        // The written impl has read them; with no derive left, nothing else may.
        member.fields.iter_mut().for_each(|field| field.attrs.retain(|a| !a.path().is_ident("serde")));
    }
    quote! {{
        #member
        #deserialize
        |value| <__Member as ::serde::Deserialize>::deserialize(value).map(|__Member { #(#idents),* }| Self::#variant { #(#idents),* })
    }}
}

/// Members in the order a union tries them: the union's, but a member of an integer type
/// that comes after one of a float type is tried before it. A float reads every JSON
/// integer, so `5` would be `Number(5.0)` and written back as `5.0`; an integer member
/// refuses `5.5`, which the float still reads. `type_of` gives a member's type, if any.
pub(super) fn integers_before_floats<M>(members: Vec<M>, type_of: impl Fn(&M) -> Option<&syn::Type>) -> Vec<M> {
    let is = |names: &[&str], member: &M| {
        type_of(member).is_some_and(|ty| names.contains(&quote::quote!(#ty).to_string().as_str()))
    };
    let Some(first_float) = members.iter().position(|m| is(&["f64", "f32"], m)) else { return members };
    let (mut integers, mut rest): (Vec<_>, Vec<_>) = (Vec::new(), Vec::new());
    for (at, member) in members.into_iter().enumerate() {
        match at > first_float && is(&["i64", "u64", "i32", "u32"], &member) {
            true => integers.push(member),
            false => rest.push(member),
        }
    }
    rest.splice(first_float..first_float, integers);
    rest
}

/// Whether a variant of an untagged enum reads as its field's type alone: its serde
/// attributes, if any, only name it (`rename`, which typify writes when the variant's name
/// differs from its type's, and `alias`), which an untagged enum never reads.
fn reads_as_its_field(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().filter(|a| a.path().is_ident("serde")).all(|attr| {
        let mut only_names = true;
        let parsed = attr.parse_nested_meta(|meta| {
            only_names &= meta.path.is_ident("rename") || meta.path.is_ident("alias");
            if meta.input.peek(syn::Token![=]) {
                meta.value()?.parse::<syn::Expr>()?;
            } else if meta.input.peek(syn::token::Paren) {
                meta.input.parse::<proc_macro2::Group>()?;
            }
            Ok(())
        });
        parsed.is_ok() && only_names
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(item: &impl quote::ToTokens) -> String {
        prettyplease::unparse(&syn::parse_quote!(#item))
    }

    #[test]
    fn a_union_of_one_field_members_weighs_them() {
        let mut item: ItemEnum = parse_quote! {
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
            #[serde(untagged)]
            pub enum Property {
                Literal(LiteralProperty),
                Object(ObjectProperty),
            }
        };
        let written = deserialize_by_what_members_know(&mut item, &UnionTags::default())
            .map(|i| printed(&i))
            .expect("a union it reads");
        assert!(!printed(&item).contains("::serde::Deserialize,"), "{}", printed(&item));
        assert!(written.contains("support::first_member(&value, members)"), "{written}");
        assert!(written.contains("<LiteralProperty as ::serde::Deserialize>::deserialize(value)"), "{written}");
        assert!(written.contains(".map(Self::Object)"), "{written}");
        assert!(written.contains("data did not match any variant of untagged enum Property"), "{written}");
    }

    /// typify's variant for an inline object member is read as a struct of its fields.
    #[test]
    fn a_member_with_named_fields_is_weighed_as_a_struct() {
        let mut item: ItemEnum = parse_quote! {
            #[derive(::serde::Deserialize)]
            #[serde(untagged)]
            pub enum Payment { Card { #[serde(rename = "last4")] last_four: String, #[serde(flatten)] extra: Map }, Wire(Wire) }
        };
        let written = deserialize_by_what_members_know(&mut item, &UnionTags::default())
            .map(|i| printed(&i))
            .expect("a union it reads");
        assert!(written.contains("struct __Member"), "{written}");
        assert!(written.contains("#[serde(rename = \"last4\")]\n                    last_four: String,"), "{written}");
        assert!(written.contains(".map(|__Member { last_four, extra }| Self::Card {"), "{written}");
    }

    /// typify renames a variant whose name differs from its type's (`Ab1(AB1)`); an
    /// untagged enum never reads the name, so the members are still weighed.
    #[test]
    fn a_variant_only_renamed_is_weighed_too() {
        let mut item: ItemEnum = parse_quote! {
            #[derive(::serde::Deserialize)]
            #[serde(untagged)]
            pub enum Payment { #[serde(rename = "AB1")] Ab1(AB1), Wire(Wire) }
        };
        let written = deserialize_by_what_members_know(&mut item, &UnionTags::default())
            .map(|i| printed(&i))
            .expect("a union it reads");
        assert!(written.contains(".map(Self::Ab1)"), "{written}");
    }

    #[test]
    fn a_union_that_keeps_the_derive_counts_what_its_catch_all_reads() {
        let mut item: ItemEnum = parse_quote! {
            #[derive(::serde::Deserialize)]
            #[serde(untagged)]
            pub enum Mixed { A, B(i64), Unknown(::serde_json::Value) }
        };
        assert!(deserialize_by_what_members_know(&mut item, &UnionTags::default()).is_none());
        assert!(printed(&item).contains("deserialize_with = \"support::unknown_form\""), "{}", printed(&item));
    }

    #[test]
    fn other_enums_keep_the_derive() {
        let cases: [ItemEnum; 3] = [
            parse_quote! { #[derive(::serde::Deserialize)] pub enum Tagged { A(i64) } },
            parse_quote! { #[derive(::serde::Deserialize)] #[serde(untagged)] pub enum Unit { A } },
            parse_quote! { #[derive(::serde::Deserialize)] #[serde(untagged)] pub enum With { #[serde(with = "x")] A(i64) } },
        ];
        for mut item in cases {
            let before = printed(&item);
            assert!(deserialize_by_what_members_know(&mut item, &UnionTags::default()).is_none(), "{before}");
            assert_eq!(printed(&item), before);
        }
    }

    /// Members whose tag is a plain string each read every value: the tag chooses.
    #[test]
    fn a_union_with_a_discriminator_reads_the_member_its_tag_names_first() {
        let facts = crate::facts::SchemaFacts::collect(&serde_json::json!({"components": {"schemas": {
            "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
                    "discriminator": {"propertyName": "petType", "mapping": {"dog": "#/components/schemas/Dog"},
                                      "defaultMapping": "Cat"}}
        }}}));
        let mut item: ItemEnum = parse_quote! {
            #[derive(::serde::Deserialize)]
            #[serde(untagged)]
            pub enum Pet { Dog(Box<Dog>), Cat(Cat), Unknown(::serde_json::Value) }
        };
        let written =
            printed(&deserialize_by_what_members_know(&mut item, &facts.union_tags).expect("a union it reads"));
        for part in ["support::tagged_member(", "\"petType\",", "&[(\"dog\", 0)],", "::std::option::Option::Some(1),"] {
            assert!(written.contains(part), "{part}: {written}");
        }
        let mut other: ItemEnum = parse_quote! {
            #[derive(::serde::Deserialize)]
            #[serde(untagged)]
            pub enum Other { Dog(Dog), Fish(Fish) }
        };
        let written =
            printed(&deserialize_by_what_members_know(&mut other, &facts.union_tags).expect("a union it reads"));
        assert!(!written.contains("tagged_member"), "other members, no discriminator: {written}");
    }

    #[test]
    fn an_integer_member_is_tried_before_a_float_one() {
        let mut item: ItemEnum = parse_quote! {
            #[derive(::serde::Deserialize)]
            #[serde(untagged)]
            pub enum Value { Text(String), Number(f64), Integer(i64) }
        };
        let written =
            printed(&deserialize_by_what_members_know(&mut item, &UnionTags::default()).expect("a union it reads"));
        let at = |text: &str| written.find(text).unwrap_or_else(|| panic!("{text}: {written}"));
        assert!(at("map(Self::Text)") < at("map(Self::Integer)"), "{written}");
        assert!(at("map(Self::Integer)") < at("map(Self::Number)"), "{written}");
    }
}
