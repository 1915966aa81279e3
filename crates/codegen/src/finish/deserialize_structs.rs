//! A `Deserialize` of its own for each struct that keeps unknown properties.
//!
//! typify keeps them in a `#[serde(flatten)] extra` map, and serde's derive then buffers
//! the whole object before it picks the fields out: the models decoded 2% slower than a
//! plain struct. The impl written here reads each property once, straight into its field
//! or into `extra`, and matches known names with a `match`, as the derive does, without
//! allocating (the support module's `Properties`). It does what the derive did: the same
//! defaults, `with` functions, "missing field" and "duplicate field" errors, and `None` for
//! an absent `Option`.
//!
//! A struct whose serde attributes are not all understood here keeps the derive, which is
//! always right, only slower.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use syn::{parse_quote, Fields, Item, ItemStruct, LitStr};

use crate::syntax::{json_name, remove_derive};

/// How a missing property gets its value.
enum WhenAbsent {
    /// `#[serde(default)]`.
    Default,
    /// `#[serde(default = "path")]`.
    DefaultFrom(syn::ExprPath),
    /// No default: `None` for an `Option`, else the "missing field" error.
    Required,
}

/// A field read from one property.
struct Property {
    ident: Ident,
    ty: syn::Type,
    json_name: String,
    when_absent: WhenAbsent,
    /// `#[serde(with = "path")]` or `deserialize_with`: the function that reads the value.
    read_with: Option<syn::ExprPath>,
}

/// The struct's properties and its map of unknown ones.
struct Shape {
    properties: Vec<Property>,
    extra: Ident,
}

/// Replaces `item`'s derived `Deserialize` by one that reads each property once, if the
/// struct keeps unknown properties and its serde attributes are all understood here.
pub(super) fn deserialize_in_one_pass(item: &mut ItemStruct) -> Option<Item> {
    let shape = shape(item)?;
    if !remove_derive(&mut item.attrs, "Deserialize") {
        return None;
    }
    Some(impl_deserialize(&item.ident, &shape))
}

/// `None` when the derive must stay.
fn shape(item: &ItemStruct) -> Option<Shape> {
    let has_container_serde = item.attrs.iter().any(|a| a.path().is_ident("serde"));
    if has_container_serde || !item.generics.params.is_empty() {
        return None;
    }
    let Fields::Named(fields) = &item.fields else { return None };
    let mut properties = Vec::new();
    let mut extra = None;
    for field in &fields.named {
        let attributes = serde_attributes(field)?;
        let ident = field.ident.clone()?;
        if attributes.flatten {
            if extra.is_some() || !is_json_map(&field.ty) || attributes.any_other {
                return None;
            }
            extra = Some(ident);
        } else {
            properties.push(Property {
                ident,
                ty: field.ty.clone(),
                json_name: json_name(field),
                when_absent: attributes.when_absent,
                read_with: attributes.read_with,
            });
        }
    }
    // A struct of unknown properties only is a map; the derive reads it as well.
    (!properties.is_empty()).then_some(Shape { properties, extra: extra? })
}

/// `::serde_json::Map<…>`, the type typify gives unknown properties; not a component that
/// happens to be named `Map`.
fn is_json_map(ty: &syn::Type) -> bool {
    let syn::Type::Path(path) = ty else { return false };
    let names: Vec<String> = path.path.segments.iter().map(|s| s.ident.to_string()).collect();
    names == ["serde_json", "Map"] && path.path.leading_colon.is_some()
}

/// The serde attributes of a field, as far as reading goes.
struct FieldAttributes {
    flatten: bool,
    when_absent: WhenAbsent,
    read_with: Option<syn::ExprPath>,
    /// Anything besides `flatten` that a flattened field carries.
    any_other: bool,
}

/// `None` when an attribute is not one this pass reproduces.
fn serde_attributes(field: &syn::Field) -> Option<FieldAttributes> {
    let mut read =
        FieldAttributes { flatten: false, when_absent: WhenAbsent::Required, read_with: None, any_other: false };
    let mut understood = true;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let parsed = attr.parse_nested_meta(|meta| {
            let key = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
            let value = || -> syn::Result<LitStr> { meta.value()?.parse::<LitStr>() };
            match key.as_str() {
                "flatten" => read.flatten = true,
                "default" if meta.input.peek(syn::Token![=]) => {
                    read.when_absent = WhenAbsent::DefaultFrom(value()?.parse()?);
                }
                "default" => read.when_absent = WhenAbsent::Default,
                "with" | "deserialize_with" => {
                    let path: syn::ExprPath = value()?.parse()?;
                    read.read_with = Some(if key == "with" { parse_quote!(#path::deserialize) } else { path });
                }
                // What serializing reads, and the name, which `json_name` reads.
                "skip_serializing_if" | "serialize_with" | "rename" => {
                    value()?;
                }
                _ => understood = false,
            }
            read.any_other |= key != "flatten";
            Ok(())
        });
        understood &= parsed.is_ok();
    }
    understood.then_some(read)
}

fn impl_deserialize(name: &Ident, shape: &Shape) -> Item {
    let expecting = format!("struct {name}");
    let names: Vec<&str> = shape.properties.iter().map(|p| p.json_name.as_str()).collect();
    let all_indexes: Vec<TokenStream> = (0..names.len()).map(index).collect();
    let slots: Vec<Ident> = (0..shape.properties.len()).map(|i| format_ident!("__{}", i)).collect();
    // One wrapper per function and type: the fields that keep absent and `null` apart
    // all read through the same one.
    let mut wrappers: Vec<(String, Ident, TokenStream)> = Vec::new();
    // A slot's type is written only where inference cannot find it (a wrapper's): syn
    // parsing these impls is most of what this pass costs codegen.
    let mut slot_types = Vec::new();
    let mut values = Vec::new();
    for (property, slot) in shape.properties.iter().zip(&slots) {
        let ty = &property.ty;
        let slot_value = match &property.read_with {
            Some(function) => {
                let key = quote!(#function #ty).to_string();
                let wrapper = match wrappers.iter().find(|(k, _, _)| *k == key) {
                    Some((_, wrapper, _)) => wrapper.clone(),
                    None => {
                        let wrapper = format_ident!("__With{}", wrappers.len());
                        let item = quote! {
                            struct #wrapper(#ty);
                            impl<'de> ::serde::Deserialize<'de> for #wrapper {
                                fn deserialize<__D: ::serde::Deserializer<'de>>(
                                    deserializer: __D,
                                ) -> ::std::result::Result<Self, __D::Error> {
                                    #function(deserializer).map(#wrapper)
                                }
                            }
                        };
                        wrappers.push((key, wrapper.clone(), item));
                        wrapper
                    }
                };
                slot_types.push(quote!(: ::std::option::Option<#wrapper>));
                quote!(#slot.map(|read| read.0))
            }
            None => {
                slot_types.push(TokenStream::new());
                quote!(#slot)
            }
        };
        let json_name = &property.json_name;
        values.push(match (&property.when_absent, &property.read_with) {
            (WhenAbsent::Default, _) => quote!(#slot_value.unwrap_or_default()),
            (WhenAbsent::DefaultFrom(function), _) => quote!(#slot_value.unwrap_or_else(#function)),
            // serde's derive gives no `None` to a `with` function: the field is missing.
            (WhenAbsent::Required, Some(_)) => {
                quote!(#slot_value.ok_or_else(|| ::serde::de::Error::missing_field(#json_name))?)
            }
            (WhenAbsent::Required, None) => quote!(match #slot_value {
                ::std::option::Option::Some(value) => value,
                ::std::option::Option::None => support::missing(#json_name)?,
            }),
        });
    }
    let fields: Vec<&Ident> = shape.properties.iter().map(|p| &p.ident).collect();
    let extra = &shape.extra;
    // The last known index is matched by `_`, so the match is exhaustive without an arm
    // that cannot be reached.
    let known: Vec<TokenStream> =
        (0..slots.len()).map(|i| if i + 1 == slots.len() { quote!(_) } else { index(i) }).collect();
    let wrappers = wrappers.iter().map(|(_, _, item)| item);
    parse_quote! {
        #[allow(deprecated)]
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::std::result::Result<Self, __D::Error> {
                struct __Visitor;
                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<__A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut map: __A,
                    ) -> ::std::result::Result<#name, __A::Error> {
                        #[inline]
                        fn known_property(name: &str) -> ::std::option::Option<usize> {
                            match name {
                                #(#names => ::std::option::Option::Some(#all_indexes),)*
                                _ => ::std::option::Option::None,
                            }
                        }
                        #(#wrappers)*
                        #(let mut #slots #slot_types = ::std::option::Option::None;)*
                        let mut __extra = ::serde_json::Map::new();
                        while let ::std::option::Option::Some(property) =
                            map.next_key_seed(support::Properties(known_property))?
                        {
                            match property {
                                #(support::Property::Known(#known) => {
                                    support::read_once(&mut #slots, &mut map, #names)?
                                })*
                                support::Property::Unknown(name) => {
                                    support::unknown_field();
                                    __extra.insert(name, map.next_value()?);
                                }
                            }
                        }
                        ::std::result::Result::Ok(#name { #(#fields: #values,)* #extra: __extra })
                    }
                }
                deserializer.deserialize_map(__Visitor)
            }
        }
    }
}

/// An index as the generated code writes it: `3`, not `3usize`.
fn index(i: usize) -> TokenStream {
    let literal = proc_macro2::Literal::usize_unsuffixed(i);
    quote!(#literal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finished(source: &str) -> (String, Option<String>) {
        let mut item: ItemStruct = syn::parse_str(source).unwrap();
        let added = deserialize_in_one_pass(&mut item).map(|i| prettyplease::unparse(&syn::parse_quote!(#i)));
        (prettyplease::unparse(&syn::parse_quote!(#item)), added)
    }

    #[test]
    fn a_struct_with_unknown_properties_reads_them_in_one_pass() {
        let (item, added) = finished(
            r#"
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone)]
            pub struct User {
                pub id: i64,
                #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
                pub type_: Option<String>,
                #[serde(default, skip_serializing_if = "Option::is_none", with = "support::double_option")]
                pub name: Option<Option<String>>,
                #[serde(rename = "n", default = "defaults::n")]
                pub n: i64,
                #[serde(flatten)]
                pub extra: ::serde_json::Map<String, ::serde_json::Value>,
            }"#,
        );
        assert!(item.contains("#[derive(::serde::Serialize, Clone)]"), "{item}");
        let added = added.expect("an impl");
        assert!(added.contains(r#""type" => ::std::option::Option::Some(1),"#), "{added}");
        assert!(added.contains(r#"support::read_once(&mut __3, &mut map, "n")?"#), "{added}");
        assert!(added.contains("support::missing(\"id\")?"), "{added}");
        assert!(added.contains("__1.unwrap_or_default()"), "{added}");
        assert!(added.contains("support::double_option::deserialize(deserializer).map(__With0)"), "{added}");
        assert!(added.contains("__3.unwrap_or_else(defaults::n)"), "{added}");
        assert!(added.contains("support::Property::Known(_)"), "the last index closes the match: {added}");
    }

    #[test]
    fn structs_it_does_not_understand_keep_the_derive() {
        for source in [
            // no map of unknown properties
            "#[derive(::serde::Deserialize)] pub struct A { pub id: i64 }",
            // only a map
            "#[derive(::serde::Deserialize)] pub struct A { #[serde(flatten)] pub extra: ::serde_json::Map<String, ::serde_json::Value> }",
            // flattened members of a union
            "#[derive(::serde::Deserialize)] pub struct A { pub id: i64, #[serde(flatten)] pub subtype_0: Map }",
            "#[derive(::serde::Deserialize)] pub struct A { pub id: i64, #[serde(flatten)] pub subtype_0: Option<B> }",
            // a map of unknown properties with more than `flatten` on it
            "#[derive(::serde::Deserialize)] pub struct A { pub id: i64, #[serde(flatten, default)] pub extra: ::serde_json::Map<String, ::serde_json::Value> }",
            // an attribute this pass does not reproduce
            "#[derive(::serde::Deserialize)] pub struct A { #[serde(alias = \"ID\")] pub id: i64, #[serde(flatten)] pub extra: ::serde_json::Map<String, ::serde_json::Value> }",
            "#[derive(::serde::Deserialize)] #[serde(deny_unknown_fields)] pub struct A { pub id: i64 }",
        ] {
            let (item, added) = finished(source);
            assert!(added.is_none() && item.contains("::serde::Deserialize"), "{source}");
        }
    }
}
