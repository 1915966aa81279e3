//! Small readers over typify's output syntax.

use syn::{Attribute, ItemImpl, LitStr, Type};

/// The JSON name of a struct field: its serde rename, else its identifier.
pub fn json_name(field: &syn::Field) -> String {
    serde_rename(&field.attrs).unwrap_or_else(|| field.ident.as_ref().map(ToString::to_string).unwrap_or_default())
}

/// The `#[serde(rename = "…")]` value of an item, if any.
pub fn serde_rename(attrs: &[Attribute]) -> Option<String> {
    let mut rename = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                rename = Some(meta.value()?.parse::<LitStr>()?.value());
            } else if meta.input.peek(syn::Token![=]) {
                meta.value()?.parse::<syn::Expr>()?;
            } else if meta.input.peek(syn::token::Paren) {
                meta.input.parse::<proc_macro2::Group>()?;
            }
            Ok(())
        });
    }
    rename
}

/// Whether `#[serde(untagged)]` is among the attributes.
pub fn is_untagged(attrs: &[Attribute]) -> bool {
    has_serde_flag(attrs, "untagged")
}

/// Whether `#[serde(flatten)]` is among the attributes: the field reads no property of
/// its own (the unknown-field map).
pub fn is_flattened(attrs: &[Attribute]) -> bool {
    has_serde_flag(attrs, "flatten")
}

fn has_serde_flag(attrs: &[Attribute], flag: &str) -> bool {
    attrs.iter().filter(|a| a.path().is_ident("serde")).any(|attr| {
        let mut found = false;
        let _ = attr.parse_nested_meta(|meta| {
            found |= meta.path.is_ident(flag);
            if meta.input.peek(syn::Token![=]) {
                meta.value()?.parse::<syn::Expr>()?;
            } else if meta.input.peek(syn::token::Paren) {
                meta.input.parse::<proc_macro2::Group>()?;
            }
            Ok(())
        });
        found
    })
}

/// Doc attributes only.
pub fn docs(attrs: &[Attribute]) -> Vec<Attribute> {
    attrs.iter().filter(|a| a.path().is_ident("doc")).cloned().collect()
}

/// A type's description from its doc attributes, as the `Option<&str>` expression its
/// JSON Schema takes: `None` when it has none, or only typify's title of the type's own
/// name in backticks, which says nothing.
pub fn description(doc: &[Attribute]) -> proc_macro2::TokenStream {
    let is_bare_name = |line: &str| line.starts_with('`') && line.ends_with('`') && !line.contains(' ');
    let text: Vec<String> = doc
        .iter()
        .filter_map(|attr| match &attr.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value().trim().to_string()),
                _ => None,
            },
            _ => None,
        })
        .filter(|line| !(line.is_empty() || is_bare_name(line)))
        .collect();
    if text.is_empty() {
        quote::quote!(None)
    } else {
        let text = text.join("\n");
        quote::quote!(Some(#text))
    }
}

/// `#[name(tokens)]`, built rather than parsed: the passes write hundreds of attributes
/// per crate, and parsing each cost more than the rest of its pass.
pub fn list_attribute(name: &str, tokens: proc_macro2::TokenStream) -> Attribute {
    let path = proc_macro2::Ident::new(name, proc_macro2::Span::call_site()).into();
    outer_attribute(syn::Meta::List(syn::MetaList {
        path,
        delimiter: syn::MacroDelimiter::Paren(Default::default()),
        tokens,
    }))
}

/// `#[doc = "text"]`, built rather than parsed.
pub fn doc_attribute(text: &str) -> Attribute {
    let span = proc_macro2::Span::call_site();
    let text = syn::Lit::Str(syn::LitStr::new(text, span));
    outer_attribute(syn::Meta::NameValue(syn::MetaNameValue {
        path: proc_macro2::Ident::new("doc", span).into(),
        eq_token: Default::default(),
        value: syn::Expr::Lit(syn::ExprLit { attrs: Vec::new(), lit: text }),
    }))
}

/// `::std::{module}::{name}<arguments>`, such as `::std::option::Option<T>`, built rather
/// than parsed: presence wraps a type for every optional field and its builder.
pub fn std_type(module: &str, name: &str, arguments: &[&Type]) -> Type {
    let arguments = if arguments.is_empty() {
        syn::PathArguments::None
    } else {
        syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
            colon2_token: None,
            lt_token: Default::default(),
            args: arguments.iter().map(|ty| syn::GenericArgument::Type((*ty).clone())).collect(),
            gt_token: Default::default(),
        })
    };
    let mut path = std_path(&[module]);
    path.segments.push(syn::PathSegment { ident: ident(name), arguments });
    Type::Path(syn::TypePath { qself: None, path })
}

/// `::std::default::Default::default()`, built rather than parsed.
pub fn std_default() -> syn::Expr {
    let func = syn::Expr::Path(syn::ExprPath {
        attrs: Vec::new(),
        qself: None,
        path: std_path(&["default", "Default", "default"]),
    });
    syn::Expr::Call(syn::ExprCall {
        attrs: Vec::new(),
        func: Box::new(func),
        paren_token: Default::default(),
        args: Default::default(),
    })
}

/// `::std::{segments}`.
fn std_path(segments: &[&str]) -> syn::Path {
    let segments =
        std::iter::once("std").chain(segments.iter().copied()).map(|name| syn::PathSegment::from(ident(name)));
    syn::Path { leading_colon: Some(Default::default()), segments: segments.collect() }
}

fn ident(name: &str) -> proc_macro2::Ident {
    proc_macro2::Ident::new(name, proc_macro2::Span::call_site())
}

fn outer_attribute(meta: syn::Meta) -> Attribute {
    Attribute { pound_token: Default::default(), style: syn::AttrStyle::Outer, bracket_token: Default::default(), meta }
}

/// The last path segment of a type, such as `Foo` for `super::Foo`.
pub fn type_name(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// The first generic argument of a type named `name`: `T` of `Option<T>`, `Vec<T>` or
/// `Result<T, E>`, whatever path leads to it.
pub fn first_argument<'t>(name: &str, ty: &'t Type) -> Option<&'t Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last().filter(|last| last.ident == name)?;
    match &last.arguments {
        syn::PathArguments::AngleBracketed(args) => match args.args.first()? {
            syn::GenericArgument::Type(argument) => Some(argument),
            _ => None,
        },
        _ => None,
    }
}

/// `(self type, trait)` names of an impl block; the trait is `None` for inherent impls.
pub fn impl_names(item: &ItemImpl) -> (Option<String>, Option<String>) {
    let self_name = type_name(&item.self_ty);
    let trait_name = item.trait_.as_ref().and_then(|(_, path, _)| path.segments.last()).map(|s| s.ident.to_string());
    (self_name, trait_name)
}

/// Whether a `#[derive(…)]` list names `name` (by its last segment).
pub fn derives(attrs: &[Attribute], name: &str) -> bool {
    attrs.iter().filter(|a| a.path().is_ident("derive")).any(|attr| {
        attr.parse_args_with(syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
            .is_ok_and(|paths| paths.iter().any(|p| p.segments.last().is_some_and(|s| s.ident == name)))
    })
}

/// Removes the derive `name` (matched by its last segment) from every `#[derive(…)]`;
/// whether there was one.
pub fn remove_derive(attrs: &mut [Attribute], name: &str) -> bool {
    replace_derive(attrs, name, None)
}

/// Writes the derive `name` (matched by its last segment) as `with` where it stands, or
/// removes it when `with` is `None`; whether there was one.
pub fn replace_derive(attrs: &mut [Attribute], name: &str, with: Option<&syn::Path>) -> bool {
    let mut found = false;
    for attr in attrs.iter_mut().filter(|a| a.path().is_ident("derive")) {
        let Ok(paths) =
            attr.parse_args_with(syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
        else {
            continue;
        };
        let kept: Vec<syn::Path> = paths
            .into_iter()
            .filter_map(|path| {
                let is_target = path.segments.last().is_some_and(|s| s.ident == name);
                found |= is_target;
                if is_target {
                    with.cloned()
                } else {
                    Some(path)
                }
            })
            .collect();
        *attr = list_attribute("derive", quote::quote!(#(#kept),*));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    #[test]
    fn reads_serde_attributes() {
        let variant: syn::Variant = parse_quote!(
            #[serde(rename = "3_month")]
            X3Month
        );
        assert_eq!(serde_rename(&variant.attrs).as_deref(), Some("3_month"));
        let item: syn::ItemEnum = parse_quote!(
            #[serde(untagged)]
            enum A {
                B(i64),
            }
        );
        assert!(is_untagged(&item.attrs));
        let field: syn::Field =
            parse_quote!(#[serde(default, skip_serializing_if = "x", rename = "type")] pub type_: String);
        assert_eq!(serde_rename(&field.attrs).as_deref(), Some("type"));
        assert!(!is_flattened(&field.attrs));
        let map: syn::Field = parse_quote!(#[serde(default, flatten)] pub extra: Map);
        assert!(is_flattened(&map.attrs) && !is_untagged(&map.attrs));
    }

    #[test]
    fn a_description_leaves_out_typifys_bare_title() {
        let item: syn::ItemStruct = parse_quote!(
            /// `Tier`
            ///
            /// The plan.
            struct Tier;
        );
        assert_eq!(description(&item.attrs).to_string(), quote::quote!(Some("The plan.")).to_string());
        let bare: syn::ItemStruct = parse_quote!(
            /// `Tier`
            struct Tier;
        );
        assert_eq!(description(&bare.attrs).to_string(), "None");
    }

    #[test]
    fn built_paths_equal_parsed_ones() {
        let inner: Type = parse_quote!(Vec<u8>);
        assert_eq!(std_type("option", "Option", &[&inner]), parse_quote!(::std::option::Option<Vec<u8>>));
        let string: Type = parse_quote!(::std::string::String);
        assert_eq!(
            std_type("result", "Result", &[&inner, &string]),
            parse_quote!(::std::result::Result<Vec<u8>, ::std::string::String>)
        );
        assert_eq!(std_type("string", "String", &[]), parse_quote!(::std::string::String));
        let default: syn::Expr = parse_quote!(::std::default::Default::default());
        assert_eq!(std_default(), default);
    }

    #[test]
    fn removes_one_derive() {
        let mut item: syn::ItemStruct = parse_quote!(
            #[derive(Clone, Debug, ::serde::Serialize)]
            struct A;
        );
        assert!(remove_derive(&mut item.attrs, "Debug"));
        assert_eq!(
            quote::quote!(#item).to_string(),
            quote::quote!(
                #[derive(Clone, ::serde::Serialize)]
                struct A;
            )
            .to_string()
        );
    }
}
