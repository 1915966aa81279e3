//! Puts everything that needs schemars behind the models crate's `schemars` feature, so
//! that importers who turn it off do not build schemars at all.

use quote::ToTokens;
use syn::visit_mut::VisitMut;
use syn::{parse_quote, Attribute, Item};

use crate::syntax::list_attribute;

/// The attribute that keeps an item only when the feature is on.
pub fn only_with_schemars() -> Attribute {
    parse_quote!(#[cfg(feature = "schemars")])
}

/// Gates derives, `#[schemars(…)]` attributes, `JsonSchema` impls and the helpers they use.
pub fn gate_schemars(file: &mut syn::File) {
    Gate.visit_file_mut(file);
}

struct Gate;

fn mentions_schemars(tokens: &impl ToTokens) -> bool {
    tokens.to_token_stream().to_string().contains("schemars")
}

impl Gate {
    /// `#[derive(…, ::schemars::JsonSchema, …)]` loses it to a `cfg_attr`, and
    /// `#[schemars(…)]` becomes `#[cfg_attr(feature = "schemars", schemars(…))]`.
    fn attributes(attrs: &mut Vec<Attribute>) {
        let mut gated = Vec::new();
        for attr in attrs.iter_mut() {
            if attr.path().is_ident("schemars") {
                let meta = &attr.meta;
                *attr = list_attribute("cfg_attr", quote::quote!(feature = "schemars", #meta));
            } else if attr.path().is_ident("derive")
                && mentions_schemars(attr)
                && crate::syntax::remove_derive(std::slice::from_mut(attr), "JsonSchema")
            {
                gated.push(list_attribute(
                    "cfg_attr",
                    quote::quote!(feature = "schemars", derive(::schemars::JsonSchema)),
                ));
            }
        }
        attrs.extend(gated);
    }
}

impl VisitMut for Gate {
    fn visit_item_mut(&mut self, item: &mut Item) {
        let whole_item_needs_schemars = match item {
            Item::Impl(i) => {
                i.trait_.as_ref().is_some_and(|(_, path, _)| mentions_schemars(path)) || mentions_schemars(&i.generics)
            }
            Item::Fn(f) => mentions_schemars(&f.sig),
            Item::Struct(s) => s.ident == "RequiredNullable",
            _ => false,
        };
        if whole_item_needs_schemars {
            if let Item::Impl(syn::ItemImpl { attrs, .. })
            | Item::Fn(syn::ItemFn { attrs, .. })
            | Item::Struct(syn::ItemStruct { attrs, .. }) = item
            {
                attrs.insert(0, only_with_schemars());
            }
            return;
        }
        syn::visit_mut::visit_item_mut(self, item);
    }

    fn visit_item_struct_mut(&mut self, item: &mut syn::ItemStruct) {
        Self::attributes(&mut item.attrs);
        for field in item.fields.iter_mut() {
            Self::attributes(&mut field.attrs);
        }
    }

    fn visit_item_enum_mut(&mut self, item: &mut syn::ItemEnum) {
        Self::attributes(&mut item.attrs);
        for variant in item.variants.iter_mut() {
            Self::attributes(&mut variant.attrs);
        }
    }
}
