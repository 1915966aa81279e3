//! The client's syntax pass: its `types` module becomes the models crate, and requests
//! carry only documented headers.

/// The client's `types` module becomes the models crate, so no type is generated twice,
/// and requests carry only documented headers.
pub(crate) fn finish_client(mut file: syn::File, models_path: &str) -> syn::Result<syn::File> {
    let models_path: syn::Path = syn::parse_str(models_path)?;
    syn::visit_mut::visit_file_mut(&mut WithoutApiVersionHeader, &mut file);
    for item in &mut file.items {
        if matches!(item, syn::Item::Mod(m) if m.ident == "types") {
            *item = syn::parse_quote! {
                /// The types of the API, from the models crate.
                pub use #models_path as types;
            };
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
