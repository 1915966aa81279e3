//! The public Rust API of a generated file, one item per line, as a reviewer (or a semver
//! check) reads it: types, fields with their types, variants, methods, constants and
//! re-exports, each with its path.

use quote::ToTokens;
use syn::{Fields, ImplItem, Item, Visibility};

/// The public items of `source`, one per line, in file order.
pub fn public_api(source: &str) -> Result<String, syn::Error> {
    let file = syn::parse_file(source)?;
    let mut lines = Vec::new();
    items(&file.items, "", &mut lines);
    Ok(lines.join("\n") + "\n")
}

fn items(items: &[Item], prefix: &str, lines: &mut Vec<String>) {
    for item in items {
        match item {
            Item::Struct(s) if is_pub(&s.vis) => {
                let name = format!("{prefix}{}", s.ident);
                lines.push(format!("struct {name}{}", marks(&s.attrs)));
                if let Fields::Named(fields) = &s.fields {
                    for field in fields.named.iter().filter(|f| is_pub(&f.vis)) {
                        let ident = field.ident.as_ref().map(ToString::to_string).unwrap_or_default();
                        lines.push(format!("  {name}::{ident}: {}{}", text(&field.ty), marks(&field.attrs)));
                    }
                }
            }
            Item::Enum(e) if is_pub(&e.vis) => {
                let name = format!("{prefix}{}", e.ident);
                lines.push(format!("enum {name}{}", marks(&e.attrs)));
                for variant in &e.variants {
                    let fields = match &variant.fields {
                        Fields::Unit => String::new(),
                        fields => text(fields),
                    };
                    lines.push(format!("  {name}::{}{fields}{}", variant.ident, marks(&variant.attrs)));
                }
            }
            Item::Impl(i) => {
                let self_ty = text(&i.self_ty);
                let trait_name = i.trait_.as_ref().map(|(_, path, _)| text(path));
                match trait_name {
                    Some(trait_name) => lines.push(format!("impl {trait_name} for {prefix}{self_ty}")),
                    None => {
                        for function in i.items.iter().filter_map(|item| match item {
                            ImplItem::Fn(f) if is_pub(&f.vis) => Some(f),
                            _ => None,
                        }) {
                            lines.push(format!(
                                "  fn {prefix}{self_ty}::{}{}",
                                signature(&function.sig),
                                marks(&function.attrs)
                            ));
                        }
                        for constant in i.items.iter().filter_map(|item| match item {
                            ImplItem::Const(c) if is_pub(&c.vis) => Some(c),
                            _ => None,
                        }) {
                            lines.push(format!(
                                "  const {prefix}{self_ty}::{}: {}",
                                constant.ident,
                                text(&constant.ty)
                            ));
                        }
                    }
                }
            }
            Item::Const(c) if is_pub(&c.vis) => lines.push(format!("const {prefix}{}: {}", c.ident, text(&c.ty))),
            Item::Fn(f) if is_pub(&f.vis) => lines.push(format!("fn {prefix}{}", signature(&f.sig))),
            Item::Use(u) if is_pub(&u.vis) => lines.push(format!("use {prefix}{}", text(&u.tree))),
            Item::Mod(m) if is_pub(&m.vis) => {
                lines.push(format!("mod {prefix}{}", m.ident));
                if let Some((_, content)) = &m.content {
                    self::items(content, &format!("{prefix}{}::", m.ident), lines);
                }
            }
            _ => {}
        }
    }
}

fn is_pub(visibility: &Visibility) -> bool {
    matches!(visibility, Visibility::Public(_))
}

/// ` #[deprecated]` and ` #[non_exhaustive]` where present: both are part of the API.
fn marks(attrs: &[syn::Attribute]) -> String {
    ["deprecated", "non_exhaustive"]
        .iter()
        .filter(|name| attrs.iter().any(|a| a.path().is_ident(name)))
        .map(|name| format!(" #[{name}]"))
        .collect()
}

fn signature(sig: &syn::Signature) -> String {
    let mut sig = sig.clone();
    sig.asyncness = None;
    text(&sig).trim_start_matches("fn ").to_string()
}

/// Tokens as compact text: `::std::option::Option<i64>`, not `:: std :: option …`.
fn text(tokens: &impl ToTokens) -> String {
    let mut text = tokens.to_token_stream().to_string();
    for (spaced, tight) in
        [(" :: ", "::"), (":: ", "::"), (" < ", "<"), ("< ", "<"), (" <", "<"), (" >", ">"), (" ,", ","), ("& ", "&")]
    {
        text = text.replace(spaced, tight);
    }
    for (spaced, tight) in [
        ("( ", "("),
        (" )", ")"),
        ("[ ", "["),
        (" ]", "]"),
        ("' ", "'"),
        (" (", "("),
        (" : ", ": "),
        (",)", ")"),
        (",>", ">"),
        ("{ ", "{"),
        (" }", "}"),
    ] {
        text = text.replace(spaced, tight);
    }
    // `T: ::std::…` came out as `T:::std::…`.
    text.replace(" :::", ": ::").replace(":::", ": ::").replace("->", " -> ").replace("  ", " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_types_fields_variants_methods_and_marks() {
        let source = r#"
            #[non_exhaustive]
            pub struct User { pub id: ::std::option::Option<i64>, #[deprecated] pub old: bool, hidden: u8 }
            pub enum Status { Active, Unknown(::std::string::String) }
            impl User { pub fn id(&self) -> Option<&i64> { None } fn private(&self) {} }
            impl ::std::fmt::Display for Status { fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { Ok(()) } }
            pub mod builder { pub struct User { value: u8 } }
        "#;
        assert_eq!(
            public_api(source).unwrap(),
            "struct User #[non_exhaustive]\n  User::id: ::std::option::Option<i64>\n  User::old: bool #[deprecated]\n\
             enum Status\n  Status::Active\n  Status::Unknown(::std::string::String)\n\
             \u{20} fn User::id(&self) -> Option<&i64>\nimpl ::std::fmt::Display for Status\n\
             mod builder\nstruct builder::User\n"
        );
    }
}
