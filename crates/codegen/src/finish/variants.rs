//! Enum variants renamed after typify: those whose values `prepare` replaced by
//! placeholders ([`crate::prepare::enum_values`]) take their spelled names and their wire
//! values back, and a variant named like the catch-all of open enums and const unions is
//! renamed; every path that names a renamed variant follows.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::Ident;
use syn::visit_mut::VisitMut;
use syn::{Fields, Item};

use crate::prepare::enum_values::{decode_placeholder, spelled_idents, CATCH_ALL};
use crate::spelling::distinct;
use crate::syntax::{is_untagged, serde_rename};

/// Renames, in typify's output, the variants of string enums that hold a placeholder or
/// would take the catch-all's name, and decodes their wire values; every path that names
/// such a variant follows.
pub fn rename_clashing_variants(items: &mut [Item]) {
    let mut renames: BTreeMap<(String, String), Ident> = BTreeMap::new();
    for item in items.iter_mut() {
        let Item::Enum(e) = item else { continue };
        if is_untagged(&e.attrs) {
            // A member named like the catch-all that a union of `const` strings gains
            // (a component named `Unknown`).
            let mut taken: BTreeSet<String> = e.variants.iter().map(|v| v.ident.to_string()).collect();
            for variant in e.variants.iter_mut().filter(|v| v.ident == CATCH_ALL) {
                let new_ident =
                    Ident::new(&distinct(format!("{CATCH_ALL}Value"), "", &mut taken), variant.ident.span());
                renames.insert((e.ident.to_string(), variant.ident.to_string()), new_ident.clone());
                variant.ident = new_ident;
            }
            continue;
        }
        if !e.variants.iter().all(|v| matches!(v.fields, Fields::Unit)) {
            continue;
        }
        let wire: Vec<String> =
            e.variants.iter().map(|v| serde_rename(&v.attrs).unwrap_or_else(|| v.ident.to_string())).collect();
        let decoded: Vec<Option<String>> = wire.iter().map(|w| decode_placeholder(w)).collect();
        let spelled =
            spelled_idents(&decoded.iter().zip(&wire).map(|(d, w)| d.clone().unwrap_or(w.clone())).collect::<Vec<_>>());
        let mut taken: BTreeSet<String> = e.variants.iter().map(|v| v.ident.to_string()).collect();
        taken.insert(CATCH_ALL.into());
        for (((variant, decoded), spelled), wire) in e.variants.iter_mut().zip(&decoded).zip(spelled).zip(&wire) {
            let new_name = match decoded {
                Some(value) => {
                    variant.attrs.retain(|a| !a.path().is_ident("serde"));
                    variant.attrs.push(crate::syntax::list_attribute("serde", quote::quote!(rename = #value)));
                    spelled
                }
                None if variant.ident == CATCH_ALL => {
                    // typify writes no rename for the wire value `Unknown`, which is the
                    // variant's name: the new name must not become the wire value.
                    if serde_rename(&variant.attrs).is_none() {
                        variant.attrs.push(crate::syntax::list_attribute("serde", quote::quote!(rename = #wire)));
                    }
                    distinct(format!("{CATCH_ALL}Value"), "", &mut taken)
                }
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

    /// typify writes no rename for the wire value `Unknown`, the variant's own name.
    #[test]
    fn the_wire_value_unknown_keeps_its_spelling() {
        let mut file: syn::File = syn::parse_quote! { pub enum State { Unknown, Clone } };
        rename_clashing_variants(&mut file.items);
        let text = prettyplease::unparse(&file);
        assert!(text.contains("#[serde(rename = \"Unknown\")]\n    UnknownValue,"), "{text}");
    }

    #[test]
    fn a_union_member_named_like_the_catch_all_is_renamed() {
        let mut file: syn::File = syn::parse_quote! {
            #[serde(untagged)]
            pub enum Limit { Unknown(Unknown), UnknownValue(i64), Off(LimitOff) }
            impl From<Unknown> for Limit { fn from(value: Unknown) -> Self { Self::Unknown(value) } }
        };
        rename_clashing_variants(&mut file.items);
        let text = prettyplease::unparse(&file);
        assert!(text.contains("UnknownValue2(Unknown),"), "{text}");
        assert!(text.contains("Self::UnknownValue2(value)"), "{text}");
    }
}
