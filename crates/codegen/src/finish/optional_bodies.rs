//! Request bodies the document makes optional (`requestBody.required` absent or false,
//! 30 of the 180 bodies of ElevenLabs' 2026-08-22 document). progenitor makes every body
//! required: its builder starts as `Err("body was not initialized")`, and `send` fails
//! without one. Here such a JSON body starts absent, its setter sets it, and `send` sends
//! it only when set (`support::with_json`): no body at all, not `null`.
//!
//! A builder is rewritten only when all three places read as progenitor writes them (a
//! body of another kind, or of a type with a builder of its own, keeps progenitor's code).

use std::collections::BTreeSet;

use serde_json::Value;
use syn::visit_mut::VisitMut;
use syn::{parse_quote, Expr, ImplItem, Item, ItemImpl, ItemStruct};

use crate::prepare::followed;
use crate::spelling::typify_snake;
use crate::syntax::{first_argument, impl_names, type_name};

/// The `Client` methods (progenitor's snake case of the `operationId`) of the operations
/// whose request body is optional.
pub(crate) fn operations_with_optional_bodies(document: &Value) -> BTreeSet<String> {
    let paths = document.get("paths").and_then(Value::as_object).into_iter().flat_map(|paths| paths.values());
    let operations = paths.filter_map(Value::as_object).flat_map(|item| item.values());
    operations
        .filter_map(|operation| {
            let body = followed(document, operation.get("requestBody")?);
            let required = body.get("required").and_then(Value::as_bool).unwrap_or(false);
            (!required).then(|| Some(typify_snake(operation.get("operationId")?.as_str()?)))?
        })
        .collect()
}

/// Rewrites the builders of `methods` (see the module's docs).
pub(super) fn make_bodies_optional(file: &mut syn::File, methods: &BTreeSet<String>) {
    if methods.is_empty() {
        return;
    }
    let builders = builders_of(&file.items, methods);
    let Some(module) = file.items.iter_mut().find_map(|item| match item {
        Item::Mod(module) if module.ident == "builder" => module.content.as_mut().map(|(_, items)| items),
        _ => None,
    }) else {
        return;
    };
    for builder in builders {
        let at_struct = module.iter().position(|item| matches!(item, Item::Struct(s) if s.ident == builder));
        let at_impl = module.iter().position(|item| matches!(item, Item::Impl(i) if is_inherent_impl_of(i, &builder)));
        let (Some(at_struct), Some(at_impl)) = (at_struct, at_impl) else { continue };
        let (Item::Struct(found_struct), Item::Impl(found_impl)) = (&module[at_struct], &module[at_impl]) else {
            continue;
        };
        // Rewritten on copies, kept only when every place was found.
        let (mut rewritten_struct, mut rewritten_impl) = (found_struct.clone(), found_impl.clone());
        if optional_field(&mut rewritten_struct) && optional_methods(&mut rewritten_impl) {
            module[at_struct] = Item::Struct(rewritten_struct);
            module[at_impl] = Item::Impl(rewritten_impl);
        }
    }
}

/// The builder types (`ReusedMedia`) that the `Client` methods among `methods` return.
fn builders_of(items: &[Item], methods: &BTreeSet<String>) -> Vec<String> {
    let client = items.iter().filter_map(|item| match item {
        Item::Impl(item) if is_inherent_impl_of(item, "Client") => Some(item),
        _ => None,
    });
    let functions = client.flat_map(|item| &item.items).filter_map(|item| match item {
        ImplItem::Fn(function) if methods.contains(&function.sig.ident.to_string()) => Some(function),
        _ => None,
    });
    functions
        .filter_map(|function| match &function.sig.output {
            syn::ReturnType::Type(_, ty) => type_name(ty),
            syn::ReturnType::Default => None,
        })
        .collect()
}

/// Whether `item` implements methods of its own on the type named `name` (any generics).
fn is_inherent_impl_of(item: &ItemImpl, name: &str) -> bool {
    impl_names(item) == (Some(name.to_string()), None)
}

/// `body: Result<T, String>` → `body: Result<Option<T>, String>`.
fn optional_field(item: &mut ItemStruct) -> bool {
    let Some(field) = item.fields.iter_mut().find(|field| field.ident.as_ref().is_some_and(|i| i == "body")) else {
        return false;
    };
    let Some(body) = first_argument("Result", &field.ty).cloned() else { return false };
    field.ty = parse_quote!(Result<::std::option::Option<#body>, String>);
    true
}

/// The constructor starts the body absent, the setter sets `Some`, and `send` sends it only
/// when set; `false` (and `item` half rewritten, to be dropped) unless all three were found.
fn optional_methods(item: &mut ItemImpl) -> bool {
    let (mut started, mut set, mut sent) = (false, false, false);
    for function in item.items.iter_mut().filter_map(|item| match item {
        ImplItem::Fn(function) => Some(function),
        _ => None,
    }) {
        match function.sig.ident.to_string().as_str() {
            "new" => started = start_absent(&mut function.block),
            "body" => set = set_some(&mut function.block),
            "send" => {
                let mut send = SendWhenSet { rewritten: false };
                send.visit_block_mut(&mut function.block);
                sent = send.rewritten;
            }
            _ => {}
        }
    }
    started && set && sent
}

/// `Self { …, body: Err(…) }` → `Self { …, body: Ok(None) }`.
fn start_absent(block: &mut syn::Block) -> bool {
    let Some(syn::Stmt::Expr(Expr::Struct(literal), _)) = block.stmts.last_mut() else { return false };
    let Some(field) =
        literal.fields.iter_mut().find(|field| matches!(&field.member, syn::Member::Named(name) if name == "body"))
    else {
        return false;
    };
    let starts_as_error =
        matches!(&field.expr, Expr::Call(call) if matches!(&*call.func, Expr::Path(p) if p.path.is_ident("Err")));
    if starts_as_error {
        field.expr = parse_quote!(Ok(::std::option::Option::None));
    }
    starts_as_error
}

/// `self.body = <conversion>;` → `self.body = <conversion>.map(Some);`.
fn set_some(block: &mut syn::Block) -> bool {
    for statement in &mut block.stmts {
        let syn::Stmt::Expr(Expr::Assign(assign), _) = statement else { continue };
        let is_body = matches!(&*assign.left, Expr::Field(field)
            if matches!(&field.member, syn::Member::Named(name) if name == "body"));
        if is_body {
            let conversion = &assign.right;
            *assign.right = parse_quote!(#conversion.map(::std::option::Option::Some));
            return true;
        }
    }
    false
}

/// `<request>.json(&body)` → `super::support::with_json(<request>, body.as_ref())`.
struct SendWhenSet {
    rewritten: bool,
}

impl VisitMut for SendWhenSet {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        syn::visit_mut::visit_expr_mut(self, expr);
        let Expr::MethodCall(call) = expr else { return };
        let is_body = call.args.len() == 1
            && matches!(&call.args[0], Expr::Reference(r) if matches!(&*r.expr, Expr::Path(p) if p.path.is_ident("body")));
        if call.method == "json" && is_body {
            let request = &call.receiver;
            *expr = parse_quote!(super::support::with_json(#request, body.as_ref()));
            self.rewritten = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const CLIENT: &str = r#"
        impl Client {
            pub fn reused_media(&self) -> builder::ReusedMedia<'_> { builder::ReusedMedia::new(self) }
            pub fn required_body(&self) -> builder::RequiredBody<'_> { builder::RequiredBody::new(self) }
        }
        pub mod builder {
            pub struct ReusedMedia<'a> { client: &'a super::Client, body: Result<types::Hit, String> }
            impl<'a> ReusedMedia<'a> {
                pub fn new(client: &'a super::Client) -> Self {
                    Self { client: client, body: Err("body was not initialized".to_string()) }
                }
                pub fn body<V>(mut self, value: V) -> Self where V: std::convert::TryInto<types::Hit> {
                    self.body = value.try_into().map_err(|_| "conversion failed".to_string());
                    self
                }
                pub async fn send(self) -> Result<(), Error<()>> {
                    let Self { client, body } = self;
                    let body = body.map_err(Error::InvalidRequest)?;
                    let request = client.client.post(url).json(&body).build()?;
                }
            }
            pub struct RequiredBody<'a> { client: &'a super::Client, body: Result<types::Hit, String> }
        }
    "#;

    #[test]
    fn an_optional_json_body_starts_absent_and_is_sent_only_when_set() {
        let document = json!({"paths": {
            "/a": {"post": {"operationId": "reusedMedia", "requestBody": {"content": {}}}},
            "/b": {"post": {"operationId": "required_body", "requestBody": {"$ref": "#/components/requestBodies/B"}}},
            "/c": {"get": {"operationId": "no_body"}}
        }, "components": {"requestBodies": {"B": {"required": true, "content": {}}}}});
        let methods = operations_with_optional_bodies(&document);
        assert_eq!(methods, BTreeSet::from(["reused_media".to_string()]));
        let mut file = syn::parse_file(CLIENT).unwrap();
        make_bodies_optional(&mut file, &methods);
        let text = quote::quote!(#file).to_string();
        for expected in [
            "body : Result < :: std :: option :: Option < types :: Hit > , String >",
            "body : Ok (:: std :: option :: Option :: None)",
            "self . body = value . try_into () . map_err (| _ | \"conversion failed\" . to_string ()) . map (:: std :: option :: Option :: Some) ;",
            "super :: support :: with_json (client . client . post (url) , body . as_ref ()) . build () ?",
        ] {
            assert!(text.contains(expected), "{expected}: {text}");
        }
        assert_eq!(text.matches("Result < :: std :: option :: Option").count(), 1, "the required body is left alone");
    }

    #[test]
    fn a_builder_written_otherwise_is_left_alone() {
        let mut file = syn::parse_file(&CLIENT.replace(".json(&body)", ".form_urlencoded(&body)?")).unwrap();
        let before = quote::quote!(#file).to_string();
        make_bodies_optional(&mut file, &BTreeSet::from(["reused_media".to_string()]));
        assert_eq!(quote::quote!(#file).to_string(), before, "a body not sent as JSON");
    }
}
