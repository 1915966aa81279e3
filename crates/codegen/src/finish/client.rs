//! The client's syntax pass: its `types` module becomes the models crate, the settings
//! type it carries is named beside it, and requests carry only documented headers.

/// The client's `types` module becomes a private name for the models crate, so no type is
/// generated twice and the models have one public path; the hand-written settings type
/// (`settings_type`, when it is a path in the crate) is re-exported beside the `Client`
/// whose constructors take it; requests carry only documented headers.
pub(crate) fn finish_client(mut file: syn::File, models_path: &str, settings_type: &str) -> syn::Result<syn::File> {
    let models_path: syn::Path = syn::parse_str(models_path)?;
    syn::visit_mut::visit_file_mut(&mut WithoutApiVersionHeader, &mut file);
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
