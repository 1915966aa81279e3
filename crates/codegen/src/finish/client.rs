//! The client's syntax passes: its `types` module becomes the models crate, the settings
//! type it carries is named beside it, requests carry only documented headers, and
//! methods without a `reqwest` shorthand are built by name ([`finish_client`]); and, when
//! printing, its bodies are made lean: responses keep their headers without a copy, header
//! maps allocate and merge only when a header is set, URLs are joined, and the base URL is
//! shared ([`write_client_bodies`]).

use syn::visit_mut::VisitMut;

/// The client's `types` module becomes a private name for the models crate, so no type is
/// generated twice and the models have one public path; the hand-written settings type
/// (`settings_type`, when it is a path in the crate) is re-exported beside the `Client`
/// whose constructors take it; requests carry only documented headers; builders holding
/// a credential never print it ([`super::redaction::redact_client_builders`]).
pub(crate) fn finish_client(
    mut file: syn::File,
    models_path: &str,
    settings_type: &str,
    secrets: &super::redaction::SecretParameters,
    optional_bodies: &std::collections::BTreeSet<String>,
) -> syn::Result<syn::File> {
    let models_path: syn::Path = syn::parse_str(models_path)?;
    syn::visit_mut::visit_file_mut(&mut WithoutApiVersionHeader, &mut file);
    super::optional_bodies::make_bodies_optional(&mut file, optional_bodies);
    syn::visit_mut::visit_file_mut(&mut MethodsReqwestNames, &mut file);
    super::redaction::redact_client_builders(&mut file, secrets);
    for item in &mut file.items {
        if matches!(item, syn::Item::Mod(m) if m.ident == "types") {
            *item = syn::parse_quote! {
                /// The types of the API: the models crate.
                use #models_path as types;
            };
        }
    }
    if let Ok(settings) = syn::parse_str::<syn::Path>(settings_type) {
        if settings.segments.len() > 1 && settings.segments[0].ident == "crate" {
            file.items.push(syn::parse_quote! {
                /// What every request of a [`Client`] carries: its timeouts, retries and limits.
                pub use #settings;
            });
        }
    }
    Ok(file)
}

/// progenitor sends `api-version: <info.version>` on every request; the API documents no
/// such header, so the statements that add it are dropped.
struct WithoutApiVersionHeader;

impl syn::visit_mut::VisitMut for WithoutApiVersionHeader {
    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        block.stmts.retain(|stmt| {
            let syn::Stmt::Expr(syn::Expr::MethodCall(call), _) = stmt else { return true };
            let name = call.args.first();
            !(call.method == "append" && quote::quote!(#name).to_string().contains("\"api-version\""))
        });
        syn::visit_mut::visit_block_mut(self, block);
    }
}

/// progenitor builds an `OPTIONS` or `TRACE` request with `client.client.options(url)`,
/// a method `reqwest::Client` does not have (it has one per common method), so such an
/// operation did not compile; it becomes `request(::reqwest::Method::OPTIONS, url)`.
struct MethodsReqwestNames;

impl syn::visit_mut::VisitMut for MethodsReqwestNames {
    fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
        syn::visit_mut::visit_expr_method_call_mut(self, call);
        let on_reqwest_client = matches!(&*call.receiver, syn::Expr::Field(field)
            if matches!(&field.member, syn::Member::Named(name) if name == "client"));
        let method = match call.method.to_string().as_str() {
            "options" => quote::quote!(OPTIONS),
            "trace" => quote::quote!(TRACE),
            _ => return,
        };
        if on_reqwest_client && call.args.len() == 1 {
            let url = &call.args[0];
            call.method = syn::Ident::new("request", call.method.span());
            call.args = syn::parse_quote!(::reqwest::Method::#method, #url);
        }
    }
}

/// The client's passes that change bodies only, run when the sources are printed:
/// - each `ResponseValue` is made by the emitted `support` module ([`super::client_support`]),
///   which moves the response's headers where progenitor-client copies them;
/// - a request's header map starts empty instead of allocated: progenitor sizes it for the
///   header parameters and the `api-version` header that [`finish_client`] drops, so for
///   most calls, which set no header parameter, the allocation was all it cost (about 660
///   instructions of a loopback `get_user`, callgrind, 2026-12-03);
/// - a request's header parameters are merged only when there are some
///   (`support::with_headers`): reqwest merges even an empty map, 310 instructions;
/// - a request's URL is its pieces joined (`[base, "/v1/user"].concat()`) instead of
///   `format!`, whose formatting machinery cost 280 instructions more for the same string;
/// - the `Client` keeps its base URL as an `Arc<str>`, not a `String`, so that a copy of
///   the client (the wrapper makes one per call, to carry the call's settings) shares it
///   instead of allocating it again: 450 instructions of a loopback `get_user`. The field
///   is `pub(crate)`, so the public API is the same.
pub(crate) fn write_client_bodies(file: &mut syn::File) {
    LeanBodies { depth: 0 }.visit_file_mut(file);
}

/// The `ResponseValue` constructors the `support` module stands in for.
pub(crate) const SUPPORTED_CONSTRUCTORS: [&str; 3] = ["from_response", "stream", "empty"];

/// The `support` module's merge of the header parameters.
pub(crate) const WITH_HEADERS: &str = "with_headers";

/// Rewrites calls, tracking how many modules deep they are, so that a call names the
/// `support` module at the file's root by a relative path (`self::`, `super::`, …).
struct LeanBodies {
    depth: usize,
}

impl LeanBodies {
    /// `ResponseValue::<constructor>` → the support module's function of that name.
    fn support_function(&self, func: &syn::ExprPath) -> Option<syn::ExprPath> {
        let [owner, constructor] = [func.path.segments.first()?, func.path.segments.last()?];
        let is_supported = func.path.segments.len() == 2
            && owner.ident == "ResponseValue"
            && owner.arguments.is_none()
            && SUPPORTED_CONSTRUCTORS.iter().any(|name| constructor.ident == name);
        if !is_supported {
            return None;
        }
        Some(self.support_path(&constructor.ident.to_string()))
    }

    /// The path of the `support` module's function `name` from here.
    fn support_path(&self, name: &str) -> syn::ExprPath {
        let name = syn::Ident::new(name, proc_macro2::Span::call_site());
        let to_root = match self.depth {
            0 => quote::quote!(self::),
            depth => {
                let up = std::iter::repeat_n(quote::quote!(super::), depth);
                quote::quote!(#(#up)*)
            }
        };
        syn::parse_quote!(#to_root support::#name)
    }

    /// `<builder>.headers(header_map)`, progenitor's merge of the header parameters, as
    /// `support::with_headers(<builder>, header_map)`.
    fn with_header_parameters(&self, call: &syn::ExprMethodCall) -> Option<syn::Expr> {
        let [syn::Expr::Path(argument)] = call.args.iter().collect::<Vec<_>>()[..] else { return None };
        if call.method != "headers" || !argument.path.is_ident("header_map") {
            return None;
        }
        let function = self.support_path(WITH_HEADERS);
        let builder = &call.receiver;
        Some(syn::parse_quote!(#function(#builder, header_map)))
    }
}

/// `::reqwest::header::HeaderMap::with_capacity`, however the path is spelled.
fn is_header_map_with_capacity(func: &syn::ExprPath) -> bool {
    let names: Vec<String> = func.path.segments.iter().map(|s| s.ident.to_string()).collect();
    names.ends_with(&["HeaderMap".to_string(), "with_capacity".to_string()])
}

/// progenitor's URL of an operation, `format!("{}/v1/voices/{}", client.baseurl,
/// encode_path(&voice_id.to_string()))`, as the concatenation of its pieces. Only a format
/// string of plain `{}` placeholders whose arguments are the base URL and encoded path
/// parameters (each a `String`) is rewritten; anything else is left to `format!`.
fn joined_url(mac: &syn::Macro) -> Option<syn::Expr> {
    use syn::punctuated::Punctuated;
    if !mac.path.is_ident("format") {
        return None;
    }
    let parts = mac.parse_body_with(Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated).ok()?;
    let mut parts = parts.into_iter();
    let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(template), .. }) = parts.next()? else { return None };
    let arguments: Vec<syn::Expr> = parts.collect();
    let template = template.value();
    let literals: Vec<&str> = template.split("{}").collect();
    let is_url_piece = |argument: &syn::Expr| match argument {
        syn::Expr::Call(call) => matches!(&*call.func, syn::Expr::Path(f) if f.path.is_ident("encode_path")),
        other => is_base_url(other),
    };
    let plain = literals.iter().all(|literal| !literal.contains(['{', '}']));
    if !plain || literals.len() != arguments.len() + 1 || !arguments.iter().all(is_url_piece) {
        return None;
    }
    let mut pieces: Vec<syn::Expr> = Vec::new();
    for (index, literal) in literals.iter().enumerate() {
        if !literal.is_empty() {
            pieces.push(syn::parse_quote!(#literal));
        }
        if let Some(argument) = arguments.get(index) {
            pieces.push(syn::parse_quote!(&*#argument));
        }
    }
    Some(syn::parse_quote!([#(#pieces),*].concat()))
}

/// Whether `expr` is `<anything>.baseurl`, the generated `Client`'s base URL.
fn is_base_url(expr: &syn::Expr) -> bool {
    matches!(expr, syn::Expr::Field(field) if names_base_url(&field.member))
}

/// Whether `member` is the field `baseurl`.
fn names_base_url(member: &syn::Member) -> bool {
    matches!(member, syn::Member::Named(name) if name == "baseurl")
}

impl syn::visit_mut::VisitMut for LeanBodies {
    fn visit_item_struct_mut(&mut self, item: &mut syn::ItemStruct) {
        if item.ident == "Client" {
            for field in &mut item.fields {
                let is_string = matches!(&field.ty, syn::Type::Path(t) if t.path.is_ident("String"));
                if is_string && field.ident.as_ref().is_some_and(|name| name == "baseurl") {
                    field.ty = syn::parse_quote!(::std::sync::Arc<str>);
                }
            }
        }
        syn::visit_mut::visit_item_struct_mut(self, item);
    }

    fn visit_expr_struct_mut(&mut self, literal: &mut syn::ExprStruct) {
        // `Self { baseurl: baseurl.to_string(), .. }` in the `Client`'s constructor.
        let is_client = literal.path.is_ident("Self") || literal.path.is_ident("Client");
        for value in literal.fields.iter_mut().filter(|_| is_client) {
            if let (true, syn::Expr::MethodCall(call)) = (names_base_url(&value.member), &value.expr) {
                if call.method == "to_string" && call.args.is_empty() {
                    let receiver = &call.receiver;
                    value.expr = syn::parse_quote!(::std::sync::Arc::<str>::from(#receiver));
                }
            }
        }
        syn::visit_mut::visit_expr_struct_mut(self, literal);
    }

    fn visit_item_mod_mut(&mut self, module: &mut syn::ItemMod) {
        self.depth += 1;
        syn::visit_mut::visit_item_mod_mut(self, module);
        self.depth -= 1;
    }

    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        syn::visit_mut::visit_expr_mut(self, expr);
        if let syn::Expr::MethodCall(call) = expr {
            // `self.baseurl.as_str()`, which `Arc<str>` does not have.
            if call.method == "as_str" && call.args.is_empty() && is_base_url(&call.receiver) {
                let base_url = &call.receiver;
                *expr = syn::parse_quote!(&*#base_url);
            } else if let Some(with_headers) = self.with_header_parameters(call) {
                *expr = with_headers;
            }
            return;
        }
        if let syn::Expr::Macro(mac) = expr {
            if let Some(joined) = joined_url(&mac.mac) {
                *expr = joined;
            }
            return;
        }
        let syn::Expr::Call(call) = expr else { return };
        let syn::Expr::Path(func) = &*call.func else { return };
        if is_header_map_with_capacity(func) {
            *expr = syn::parse_quote!(::reqwest::header::HeaderMap::new());
        } else if let Some(support) = self.support_function(func) {
            *call.func = syn::Expr::Path(support);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(source: &str) -> String {
        let mut file = syn::parse_file(source).unwrap();
        write_client_bodies(&mut file);
        prettyplease::unparse(&file)
    }

    #[test]
    fn responses_are_made_by_the_support_module_at_the_root() {
        let out = written(
            "fn top(r: R) { ResponseValue::empty(r); }
             pub mod builder { async fn send(r: R) { ResponseValue::from_response(r).await; ResponseValue::stream(r); } }",
        );
        assert!(out.contains("self::support::empty(r)"), "{out}");
        assert!(out.contains("super::support::from_response(r).await"), "{out}");
        assert!(out.contains("super::support::stream(r)"), "{out}");
    }

    #[test]
    fn methods_reqwest_has_no_shorthand_for_are_requests_of_that_method() {
        let mut file = syn::parse_file(
            "fn f(client: C) { client.client.options(url); client.client.trace(url); client.client.get(url); other.options(url); }",
        )
        .unwrap();
        syn::visit_mut::visit_file_mut(&mut MethodsReqwestNames, &mut file);
        let expected = syn::parse_file(
            "fn f(client: C) { client.client.request(::reqwest::Method::OPTIONS, url); \
             client.client.request(::reqwest::Method::TRACE, url); client.client.get(url); other.options(url); }",
        )
        .unwrap();
        assert_eq!(quote::quote!(#file).to_string(), quote::quote!(#expected).to_string());
    }

    #[test]
    fn other_calls_are_left_alone() {
        let source =
            "fn f(r: R) { ResponseValue::upgrade(r); ResponseValue::<T>::new(a, b, c); other::from_response(r); }";
        let out = written(source);
        assert!(out.contains("ResponseValue::upgrade(r)") && out.contains("other::from_response(r)"), "{out}");
        assert!(!out.contains("support"), "{out}");
    }

    #[test]
    fn urls_are_their_pieces_joined() {
        let out = written(
            r#"fn f() {
                let a = format!("{}/v1/user", client.baseurl,);
                let b = format!("{}/v1/voices/{}/settings", client.baseurl, encode_path(&voice_id.to_string()),);
            }"#,
        );
        let out: String = out.split_whitespace().collect();
        assert!(out.contains(r#"leta=[&*client.baseurl,"/v1/user"].concat();"#), "{out}");
        let b = r#"[&*client.baseurl,"/v1/voices/",&*encode_path(&voice_id.to_string()),"/settings",].concat()"#;
        assert!(out.contains(b), "{out}");
    }

    #[test]
    fn other_format_calls_are_left_alone() {
        for source in [
            r#"fn f() { format!("{}/{{literal}}", client.baseurl); }"#,
            r#"fn f() { format!("{}/{:?}", client.baseurl, encode_path(x)); }"#,
            r#"fn f() { format!("{}/{}", client.baseurl, other(x)); }"#,
            r#"fn f() { format!("{}/{}", client.baseurl); }"#,
            r#"fn f() { format!("conversion to `{}` failed", name); }"#,
        ] {
            assert!(written(source).contains("format!"), "{source}");
        }
    }

    #[test]
    fn the_client_shares_its_base_url() {
        let out = written(
            "pub struct Client { pub(crate) baseurl: String, pub(crate) client: reqwest::Client }
             impl Client {
                 pub fn new_with_client(baseurl: &str, client: reqwest::Client) -> Self {
                     Self { baseurl: baseurl.to_string(), client }
                 }
                 fn baseurl(&self) -> &str { self.baseurl.as_str() }
             }
             pub struct Other { baseurl: String }",
        );
        let out: String = out.split_whitespace().collect();
        assert!(out.contains("pub(crate)baseurl:::std::sync::Arc<str>,"), "{out}");
        assert!(out.contains("baseurl:::std::sync::Arc::<str>::from(baseurl)"), "{out}");
        assert!(out.contains("{&*self.baseurl}"), "{out}");
        assert!(out.contains("pubstructOther{baseurl:String,}"), "another struct keeps its String: {out}");
    }

    #[test]
    fn header_parameters_are_merged_by_the_support_module() {
        let out = written(
            "pub mod builder { fn send() { let request = client.client.get(url).header(A, B).headers(header_map).build()?; } }",
        );
        let out: String = out.split_whitespace().collect();
        assert!(
            out.contains("super::support::with_headers(client.client.get(url).header(A,B),header_map,).build()?"),
            "{out}"
        );
        let other = written("fn f() { builder.headers(other_map); }");
        assert!(other.contains("builder.headers(other_map)"), "{other}");
    }

    #[test]
    fn header_maps_start_empty() {
        let out = written("fn f() { let mut header_map = ::reqwest::header::HeaderMap::with_capacity(3usize); }");
        assert!(out.contains("::reqwest::header::HeaderMap::new()") && !out.contains("with_capacity"), "{out}");
    }
}
