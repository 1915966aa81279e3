//! The public Rust API of generated code, one item per line, as a reviewer (or a semver
//! check) reads it: types, fields with their types and wire names, variants, methods,
//! constants and re-exports, each with its path. It is codegen's description of what it
//! generated: schema-diff compares two of them, and the construct cases snapshot them.

use std::collections::BTreeSet;

use proc_macro2::TokenTree;
use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::{Fields, ImplItem, Item, Visibility};

use crate::syntax::{is_flattened, serde_rename};

mod compact;
mod crate_surface;

pub use crate_surface::{crate_api, CrateApiError};

/// What kind of public item an [`ApiItem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemKind {
    Struct,
    Field,
    Enum,
    Variant,
    /// `path` is the implementing type, `detail` the trait.
    TraitImpl,
    /// `path` is `Type::method`, `detail` the signature.
    Method,
    AssocConst,
    Const,
    Function,
    Reexport,
    Module,
}

/// One public item of a generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiItem {
    pub kind: ItemKind,
    /// Its Rust path in the crate: `User`, `User::id`, `builder::User`.
    pub path: String,
    /// Its type, variant fields, signature or trait, as compact text.
    pub detail: String,
    pub deprecated: bool,
    pub non_exhaustive: bool,
    /// For a builder's setter: its input must be set, or sending (or building) fails. Not
    /// in any signature, so the builder's constructor says it: the field starts as `Err`.
    pub required: bool,
    /// For a field: the JSON name it reads (its `#[serde(rename)]`, or its own name).
    pub wire_name: Option<String>,
}

/// The public items of `source`, one per line, in file order.
pub fn public_api(source: &str) -> Result<String, syn::Error> {
    Ok(api_items(source)?.iter().map(|item| render(item) + "\n").collect())
}

/// The public items of `source`, in file order.
pub fn api_items(source: &str) -> Result<Vec<ApiItem>, syn::Error> {
    Ok(api_items_of(&syn::parse_file(source)?))
}

/// The public items of a parsed file, in file order.
pub fn api_items_of(file: &syn::File) -> Vec<ApiItem> {
    let mut found = Vec::new();
    items(&file.items, "", &mut found);
    let mut required = BTreeSet::new();
    required_inputs(&file.items, "", &mut required);
    for item in found.iter_mut().filter(|i| i.kind == ItemKind::Method) {
        item.required = required.contains(&item.path);
    }
    found
}

/// The setters of builders whose input must be set: `Type::field` for each field the
/// builder's constructor (`new`, or `Default::default`) starts as `Err(…)`, which sending
/// or building then reports.
fn required_inputs(items: &[Item], prefix: &str, found: &mut BTreeSet<String>) {
    for it in items {
        match it {
            Item::Impl(i) => {
                // Most impls have no constructor: the type's path is written only when needed.
                let self_ty = || in_module(prefix, &without_generics(&text(&i.self_ty)));
                for impl_item in &i.items {
                    let ImplItem::Fn(f) = impl_item else { continue };
                    if !(f.sig.ident == "new" || f.sig.ident == "default") {
                        continue;
                    }
                    let Some(syn::Stmt::Expr(syn::Expr::Struct(literal), _)) = f.block.stmts.last() else { continue };
                    for field in &literal.fields {
                        let syn::Member::Named(name) = &field.member else { continue };
                        let starts_as_error = matches!(&field.expr, syn::Expr::Call(call)
                            if matches!(&*call.func, syn::Expr::Path(p) if p.path.is_ident("Err")));
                        if starts_as_error {
                            found.insert(format!("{}::{name}", self_ty()));
                        }
                    }
                }
            }
            Item::Mod(m) if is_pub(&m.vis) => {
                if let Some((_, content)) = &m.content {
                    required_inputs(content, &format!("{prefix}{}::", m.ident), found);
                }
            }
            _ => {}
        }
    }
}

/// An item as one line of [`public_api`].
pub fn render(item: &ApiItem) -> String {
    let marks = [("deprecated", item.deprecated), ("non_exhaustive", item.non_exhaustive)]
        .iter()
        .filter(|(_, set)| *set)
        .map(|(name, _)| format!(" #[{name}]"))
        .chain(item.required.then(|| " (required)".to_string()))
        .collect::<String>();
    let (path, detail) = (&item.path, &item.detail);
    let owner = path.rsplit_once("::").map_or("", |(owner, _)| owner);
    match item.kind {
        ItemKind::Struct => format!("struct {path}{marks}"),
        ItemKind::Field => format!("  {path}: {detail}{marks}"),
        ItemKind::Enum => format!("enum {path}{marks}"),
        ItemKind::Variant => format!("  {path}{detail}{marks}"),
        ItemKind::TraitImpl => format!("impl {detail} for {path}"),
        ItemKind::Method => format!("  fn {owner}::{detail}{marks}"),
        ItemKind::AssocConst => format!("  const {path}: {detail}"),
        ItemKind::Const => format!("const {path}: {detail}"),
        ItemKind::Function => format!("fn {owner}{}{detail}", if owner.is_empty() { "" } else { "::" }),
        ItemKind::Reexport => format!("use {detail}"),
        ItemKind::Module => format!("mod {path}{detail}"),
    }
}

fn item(kind: ItemKind, path: String, detail: String, attrs: &[syn::Attribute]) -> ApiItem {
    let has = |name: &str| attrs.iter().any(|a| a.path().is_ident(name));
    // A flattened field (the unknown-field map) reads no property of its own name.
    let wire_name = (kind == ItemKind::Field && !is_flattened(attrs)).then(|| {
        let own = path.rsplit_once("::").map_or(path.as_str(), |(_, name)| name);
        serde_rename(attrs).unwrap_or_else(|| own.trim_start_matches("r#").to_string())
    });
    ApiItem {
        kind,
        path,
        detail,
        deprecated: has("deprecated"),
        non_exhaustive: has("non_exhaustive"),
        required: false,
        wire_name,
    }
}

fn items(items: &[Item], prefix: &str, found: &mut Vec<ApiItem>) {
    for it in items {
        match it {
            Item::Struct(s) if is_pub(&s.vis) => type_items(it, &format!("{prefix}{}", s.ident), found),
            Item::Enum(e) if is_pub(&e.vis) => type_items(it, &format!("{prefix}{}", e.ident), found),
            Item::Impl(i) => impl_items(i, &in_module(prefix, &without_generics(&text(&i.self_ty))), found),
            Item::Const(c) if is_pub(&c.vis) => {
                found.push(item(ItemKind::Const, format!("{prefix}{}", c.ident), text(&c.ty), &[]))
            }
            Item::Fn(f) if is_pub(&f.vis) => {
                found.push(item(ItemKind::Function, format!("{prefix}{}", f.sig.ident), signature(&f.sig), &f.attrs))
            }
            Item::Use(u) if is_pub(&u.vis) => {
                let mut paths = Vec::new();
                use_paths(&u.tree, String::new(), &mut paths);
                for path in paths {
                    found.push(item(ItemKind::Reexport, format!("{prefix}{path}"), format!("{prefix}{path}"), &[]));
                }
            }
            Item::Mod(m) if is_pub(&m.vis) => {
                found.push(item(ItemKind::Module, format!("{prefix}{}", m.ident), String::new(), &[]));
                if let Some((_, content)) = &m.content {
                    self::items(content, &format!("{prefix}{}::", m.ident), found);
                }
            }
            _ => {}
        }
    }
}

/// A struct or enum named `name`: itself, its derives, its public fields or its variants.
fn type_items(it: &Item, name: &str, found: &mut Vec<ApiItem>) {
    match it {
        Item::Struct(s) => {
            found.push(item(ItemKind::Struct, name.to_string(), String::new(), &s.attrs));
            derived(name, &s.attrs, found);
            if let Fields::Named(fields) = &s.fields {
                for field in fields.named.iter().filter(|f| is_pub(&f.vis)) {
                    let ident = field.ident.as_ref().map(ToString::to_string).unwrap_or_default();
                    found.push(item(ItemKind::Field, format!("{name}::{ident}"), text(&field.ty), &field.attrs));
                }
            }
        }
        Item::Enum(e) => {
            found.push(item(ItemKind::Enum, name.to_string(), String::new(), &e.attrs));
            derived(name, &e.attrs, found);
            for variant in &e.variants {
                let fields = match &variant.fields {
                    Fields::Unit => String::new(),
                    fields => text(&without_attributes(fields)),
                };
                found.push(item(ItemKind::Variant, format!("{name}::{}", variant.ident), fields, &variant.attrs));
            }
        }
        _ => {}
    }
}

/// What an `impl` block adds to the type at `self_path`: the trait it implements, or its
/// public methods and associated constants.
fn impl_items(i: &syn::ItemImpl, self_path: &str, found: &mut Vec<ApiItem>) {
    if let Some((_, path, _)) = &i.trait_ {
        found.push(item(ItemKind::TraitImpl, self_path.to_string(), trait_name(path), &[]));
        return;
    }
    for impl_item in &i.items {
        match impl_item {
            ImplItem::Fn(f) if is_pub(&f.vis) => {
                found.push(item(ItemKind::Method, format!("{self_path}::{}", f.sig.ident), signature(&f.sig), &f.attrs))
            }
            ImplItem::Const(c) if is_pub(&c.vis) => {
                found.push(item(ItemKind::AssocConst, format!("{self_path}::{}", c.ident), text(&c.ty), &[]))
            }
            _ => {}
        }
    }
}

/// How a reader names the trait at `path`, however it is spelled:
/// - without lifetime arguments: `impl<'de> Deserialize<'de>` implements the same trait as
///   `#[derive(Deserialize)]`;
/// - a standard library trait by its path in `std`: `::std::fmt::Debug`, `core::fmt::Debug`
///   and `#[derive(Debug)]` are one trait, so a generator that writes an impl where it
///   derived one changes no API. The whole path, because names repeat (`fmt::Write`,
///   `io::Write`).
fn trait_name(path: &syn::Path) -> String {
    let path = without_lifetimes(path);
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    let last = path.segments.last().map(text).unwrap_or_default();
    match segments.as_slice() {
        [lib, modules @ .., _] if ["std", "core", "alloc"].contains(&lib.as_str()) => {
            format!("std::{}{last}", modules.iter().map(|m| format!("{m}::")).collect::<String>())
        }
        [name] => match PRELUDE_TRAITS.iter().find(|(bare, _)| bare == name) {
            Some((_, module)) => format!("std::{module}::{last}"),
            None => last,
        },
        _ => text(&path),
    }
}

/// The traits a crate names without a path (the prelude's, and the standard derives), and
/// their modules in `std`.
const PRELUDE_TRAITS: [(&str, &str); 22] = [
    ("Debug", "fmt"),
    ("Clone", "clone"),
    ("Copy", "marker"),
    ("Send", "marker"),
    ("Sync", "marker"),
    ("Sized", "marker"),
    ("Unpin", "marker"),
    ("PartialEq", "cmp"),
    ("Eq", "cmp"),
    ("PartialOrd", "cmp"),
    ("Ord", "cmp"),
    ("Hash", "hash"),
    ("Default", "default"),
    ("From", "convert"),
    ("Into", "convert"),
    ("TryFrom", "convert"),
    ("TryInto", "convert"),
    ("AsRef", "convert"),
    ("AsMut", "convert"),
    ("Drop", "ops"),
    ("ToString", "string"),
    ("ToOwned", "borrow"),
];

/// A trait's path without lifetime arguments.
fn without_lifetimes(path: &syn::Path) -> syn::Path {
    let mut path = path.clone();
    if let Some(last) = path.segments.last_mut() {
        if let syn::PathArguments::AngleBracketed(args) = &last.arguments {
            if args.args.iter().all(|a| matches!(a, syn::GenericArgument::Lifetime(_))) {
                last.arguments = syn::PathArguments::None;
            }
        }
    }
    path
}

/// Fields without their attributes (doc comments, serde's), which are not their type.
fn without_attributes(fields: &Fields) -> Fields {
    let mut fields = fields.clone();
    fields.iter_mut().for_each(|field| field.attrs.clear());
    fields
}

/// A type's path without its generic arguments: `GetUser<'a>` is `GetUser`, so an item of
/// `impl<'a> GetUser<'a>` is `GetUser::send`, as a reader names it.
fn without_generics(path: &str) -> String {
    match path.split_once('<') {
        Some((bare, _)) if path.ends_with('>') => bare.to_string(),
        _ => path.to_string(),
    }
}

/// A path written in the module `prefix` as a path from the crate root: `super::User`
/// in `builder::` is `User`.
fn in_module(prefix: &str, path: &str) -> String {
    let mut modules: Vec<&str> = prefix.split("::").filter(|s| !s.is_empty()).collect();
    let mut rest = path;
    while let Some(after) = rest.strip_prefix("super::") {
        modules.pop();
        rest = after;
    }
    modules.push(rest);
    modules.join("::")
}

/// Derived traits are implementations too: `#[derive(…)]`, also behind `cfg_attr`.
fn derived(name: &str, attrs: &[syn::Attribute], found: &mut Vec<ApiItem>) {
    for attr in attrs {
        let list = if attr.path().is_ident("derive") {
            attr.parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated).ok()
        } else if attr.path().is_ident("cfg_attr") {
            attr.parse_args_with(Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated).ok().and_then(|metas| {
                metas.iter().skip(1).find_map(|meta| match meta {
                    syn::Meta::List(list) if list.path.is_ident("derive") => {
                        list.parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated).ok()
                    }
                    _ => None,
                })
            })
        } else {
            None
        };
        for path in list.into_iter().flatten() {
            found.push(item(ItemKind::TraitImpl, name.to_string(), trait_name(&path), &[]));
        }
    }
}

fn is_pub(visibility: &Visibility) -> bool {
    matches!(visibility, Visibility::Public(_))
}

/// A signature as text, from its name on: `as_str(&self) -> &str`. Whether the function
/// is `async` is left out, and so is a trailing comma in its `where` clause, which is how
/// it was printed, not API: progenitor's tokens have none, prettyplease adds one. The
/// clause ends the signature, so the comma is the last token.
fn signature(sig: &syn::Signature) -> String {
    let mut tokens: Vec<TokenTree> = sig.to_token_stream().into_iter().collect();
    if matches!(tokens.last(), Some(TokenTree::Punct(p)) if p.as_char() == ',') {
        tokens.pop();
    }
    let is = |token: &TokenTree, word: &str| matches!(token, TokenTree::Ident(ident) if ident == word);
    let fn_at = tokens.iter().position(|t| is(t, "fn")).unwrap_or(0);
    let mut index = 0;
    tokens.retain(|token| {
        index += 1;
        !(index <= fn_at && is(token, "async"))
    });
    let from_name = usize::from(tokens.first().is_some_and(|t| is(t, "fn")));
    compact::compact(tokens.into_iter().skip(from_name).collect())
}

/// Each name a `use` brings in, as its own path: `a::{B, C as D}` is `a::B` and
/// `a::C as D`. One item per name, so that how the names are grouped (or a trailing
/// comma in the group) is never an API change.
fn use_paths(tree: &syn::UseTree, base: String, paths: &mut Vec<String>) {
    match tree {
        syn::UseTree::Path(p) => use_paths(&p.tree, format!("{base}{}::", p.ident), paths),
        syn::UseTree::Name(n) => paths.push(format!("{base}{}", n.ident)),
        syn::UseTree::Rename(r) => paths.push(format!("{base}{} as {}", r.ident, r.rename)),
        syn::UseTree::Glob(_) => paths.push(format!("{base}*")),
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| use_paths(t, base.clone(), paths)),
    }
}

/// Tokens as compact text: `::std::option::Option<i64>`, not `:: std :: option …`.
fn text(tokens: &impl ToTokens) -> String {
    compact::compact(tokens.to_token_stream())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_types_fields_variants_methods_and_marks() {
        let source = r#"
            #[non_exhaustive]
            #[derive(Clone)]
            #[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))]
            pub struct User { pub id: ::std::option::Option<i64>, #[deprecated] pub old: bool, hidden: u8 }
            pub enum Status { Active, Unknown(::std::string::String) }
            impl User { pub fn id(&self) -> Option<&i64> { None } fn private(&self) {} }
            impl ::std::fmt::Display for Status { fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { Ok(()) } }
            pub mod builder { pub struct User { value: u8 } impl ::std::convert::From<super::User> for User {} impl Clone for super::User {} }
        "#;
        assert_eq!(
            public_api(source).unwrap(),
            "struct User #[non_exhaustive]\nimpl std::clone::Clone for User\nimpl ::schemars::JsonSchema for User\n  User::id: ::std::option::Option<i64>\n  User::old: bool #[deprecated]\n\
             enum Status\n  Status::Active\n  Status::Unknown(::std::string::String)\n\
             \u{20} fn User::id(&self) -> Option<&i64>\nimpl std::fmt::Display for Status\n\
             mod builder\nstruct builder::User\nimpl std::convert::From<super::User> for builder::User\nimpl std::clone::Clone for User\n"
        );
    }

    #[test]
    fn a_derived_and_a_written_impl_of_a_trait_read_alike() {
        let derived = public_api("#[derive(::serde::Deserialize)] pub struct A { pub id: i64 }").unwrap();
        let written = public_api(
            "pub struct A { pub id: i64 }\n\
             impl<'de> ::serde::Deserialize<'de> for A { fn deserialize<D>(d: D) -> Result<Self, D::Error> { todo!() } }",
        )
        .unwrap();
        let sorted = |api: &str| api.lines().map(str::to_string).collect::<BTreeSet<String>>();
        assert_eq!(sorted(&derived), sorted(&written));
        assert!(derived.contains("impl ::serde::Deserialize for A"), "{derived}");
    }

    #[test]
    fn a_standard_trait_reads_alike_however_its_path_is_spelled() {
        let derived = public_api("#[derive(Debug, Clone)] pub struct A;").unwrap();
        let written = public_api(
            "pub struct A;\n\
             impl ::std::fmt::Debug for A { fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { Ok(()) } }\n\
             impl core::clone::Clone for A { fn clone(&self) -> Self { A } }",
        )
        .unwrap();
        let sorted = |api: &str| api.lines().map(str::to_string).collect::<BTreeSet<String>>();
        assert_eq!(sorted(&derived), sorted(&written));
        let generic =
            public_api("pub struct A; impl ::std::convert::From<u8> for A { fn from(_: u8) -> A { A } }").unwrap();
        assert!(generic.contains("impl std::convert::From<u8> for A"), "{generic}");
        assert!(derived.contains("impl std::fmt::Debug for A"), "{derived}");
        let other = public_api("pub struct A; impl ::serde::ser::Serialize for A {}").unwrap();
        assert!(other.contains("impl ::serde::ser::Serialize for A"), "only the standard library's: {other}");
    }
}
