//! What reading the generated API alone can skip: the bodies of the functions in the
//! models' impls, at the top level and in `mod builder`, a fifth of what syn would parse
//! of typify's output. They are emptied in the tokens, before parsing; a signature says
//! all the API says, and a trait impl's header all it implements. The constructors
//! (`new`, `Default::default`) keep theirs: which fields start unset, and so must be
//! given, is read from them.
//!
//! Only [`read_api_then`](crate::read_api_then) skims; a skimmed tree is never printed.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};

/// The functions whose bodies the API lister reads.
const READ_BODIES: &[&str] = &["new", "default"];

/// typify's output with the bodies of its impls' functions emptied, at the top level and
/// in its `mod builder`, except those the API lister reads.
pub(crate) fn without_unread_bodies(types: TokenStream) -> TokenStream {
    // How much of `mod builder` the last tokens were: nothing, `mod`, or `mod builder`.
    let mut seen = 0;
    let top_level = types
        .into_iter()
        .map(|tree| {
            let (next, tree) = match tree {
                TokenTree::Ident(ident) if ident == "mod" => (1, TokenTree::Ident(ident)),
                TokenTree::Ident(ident) if seen == 1 && ident == "builder" => (2, TokenTree::Ident(ident)),
                TokenTree::Group(module) if seen == 2 && module.delimiter() == Delimiter::Brace => (
                    0,
                    TokenTree::Group(with_stream(
                        &module,
                        map_item_bodies(module.stream(), "impl", impl_without_bodies),
                    )),
                ),
                tree => (0, tree),
            };
            seen = next;
            tree
        })
        .collect();
    map_item_bodies(top_level, "impl", impl_without_bodies)
}

/// The items of an impl's braces, each function's body emptied unless it is read.
fn impl_without_bodies(items: TokenStream) -> TokenStream {
    let mut name: Option<String> = None;
    let mut after_fn = false;
    items
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Ident(ident) if ident == "fn" => {
                after_fn = true;
                TokenTree::Ident(ident)
            }
            TokenTree::Ident(ident) if after_fn && name.is_none() => {
                name = Some(ident.to_string());
                TokenTree::Ident(ident)
            }
            // A function's body is the first brace group after its name: neither its
            // generics, parameters, return type nor `where` clause holds one.
            TokenTree::Group(body) if body.delimiter() == Delimiter::Brace && name.is_some() => {
                after_fn = false;
                let read = name.take().is_some_and(|name| READ_BODIES.contains(&name.as_str()));
                TokenTree::Group(if read { body } else { with_stream(&body, TokenStream::new()) })
            }
            tree => tree,
        })
        .collect()
}

/// `items` with the braces of every item that starts with `keyword` passed through `map`.
fn map_item_bodies(items: TokenStream, keyword: &str, map: fn(TokenStream) -> TokenStream) -> TokenStream {
    let mut inside = false;
    items
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Ident(ident) if ident == keyword => {
                inside = true;
                TokenTree::Ident(ident)
            }
            TokenTree::Group(body) if inside && body.delimiter() == Delimiter::Brace => {
                inside = false;
                TokenTree::Group(with_stream(&body, map(body.stream())))
            }
            tree => tree,
        })
        .collect()
}

fn with_stream(group: &Group, stream: TokenStream) -> Group {
    let mut new = Group::new(group.delimiter(), stream);
    new.set_span(group.span());
    new
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    #[test]
    fn impl_bodies_are_emptied_but_constructors_and_other_items_keep_theirs() {
        let types = quote! {
            impl Display for Tier { fn fmt(&self, f: &mut Formatter) -> Result { f.write_str("x") } }
            impl Default for Settings { fn default() -> Self { Self { speed: defaults::speed() } } }
            pub(crate) mod defaults { pub(super) fn speed() -> f64 { 1.0 } }
            pub mod builder {
                pub struct User { name: Result<String, String> }
                impl Default for User { fn default() -> Self { Self { name: Err("no value".into()) } } }
                impl User {
                    pub fn name<T>(mut self, value: T) -> Self where T: TryInto<String>, T::Error: Display {
                        self.name = value.try_into().map_err(|e| format!("{e}"));
                        self
                    }
                    pub fn new() -> Self { Self::default() }
                }
                impl TryFrom<User> for super::User {
                    type Error = super::error::ConversionError;
                    fn try_from(value: User) -> Result<Self, super::error::ConversionError> { Ok(Self { name: value.name? }) }
                }
            }
        };
        let expected = quote! {
            impl Display for Tier { fn fmt(&self, f: &mut Formatter) -> Result {} }
            impl Default for Settings { fn default() -> Self { Self { speed: defaults::speed() } } }
            pub(crate) mod defaults { pub(super) fn speed() -> f64 { 1.0 } }
            pub mod builder {
                pub struct User { name: Result<String, String> }
                impl Default for User { fn default() -> Self { Self { name: Err("no value".into()) } } }
                impl User {
                    pub fn name<T>(mut self, value: T) -> Self where T: TryInto<String>, T::Error: Display {}
                    pub fn new() -> Self { Self::default() }
                }
                impl TryFrom<User> for super::User {
                    type Error = super::error::ConversionError;
                    fn try_from(value: User) -> Result<Self, super::error::ConversionError> {}
                }
            }
        };
        assert_eq!(without_unread_bodies(types).to_string(), expected.to_string());
    }
}
