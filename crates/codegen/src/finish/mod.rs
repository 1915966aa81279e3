//! Phase 3, finish: syntax passes over what typify and progenitor printed, in the order
//! [`finish_models`] and [`finish_client`] run them. What they add to the models that is
//! the same in every crate lives in one real file, [`support`]'s `support.rs`; the client's,
//! in [`client_support`]'s `client_support.rs`.
//!
//! Passes that write function bodies only, and so never change the public API, run when
//! the sources are printed ([`write_model_bodies`]): readers of the API alone, such as
//! schema-diff, do not pay for them.

pub(crate) mod client;
#[cfg(test)]
mod client_support;
mod const_unions;
mod deserialize_structs;
mod json_schema_impls;
mod models;
mod open_enums;
mod optional_bodies;
mod presence;
pub(crate) mod property_names;
mod redaction;
mod schemars_gate;
#[cfg(test)]
mod support;
mod untagged_unions;
mod variants;

pub use presence::generated_as_option;

use crate::facts::{SchemaFacts, UnionTags};

/// The generated models' `support` module, as its real, compiled file says it.
const SUPPORT_SOURCE: &str = include_str!("support.rs");

/// The generated client's `support` module, as its real, compiled file says it.
const CLIENT_SUPPORT_SOURCE: &str = include_str!("client_support.rs");

/// What `support.rs` expects beside it, as the generated models define it.
#[cfg(test)]
pub(crate) const SECRET_FIELDS: &[&str] = &["xi_api_key"];

/// The models' `support` module, gated and printed once per process, as the models file
/// ends: parsing its source for every generation cost a tenth of generating the fragment.
pub(crate) fn support_text() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| support_module_text("support.rs", SUPPORT_SOURCE, schemars_gate::gate_schemars))
}

/// The client's `support` module, printed once per process, as the client file ends.
pub(crate) fn client_support_text() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| support_module_text("client_support.rs", CLIENT_SUPPORT_SOURCE, |_| {}))
}

/// `source` as a private `support` module, without its tests, after `finish`. The source
/// is compiled and tested here, so it always parses; if it ever did not, the generated
/// crate would not build and say why.
fn support_module_text(name: &str, source: &str, finish: fn(&mut syn::File)) -> String {
    match support_module(source) {
        Ok(module) => {
            let mut file = syn::File { shebang: None, attrs: Vec::new(), items: vec![module] };
            finish(&mut file);
            prettyplease::unparse(&file)
        }
        Err(error) => format!("compile_error!({:?});\n", format!("codegen's {name} does not parse: {error}")),
    }
}

/// The `support` module for a generated file: `source` without its tests.
fn support_module(source: &str) -> syn::Result<syn::Item> {
    let file = syn::parse_file(source)?;
    let is_test = |attrs: &[syn::Attribute]| {
        attrs.iter().any(|a| a.path().is_ident("cfg") && quote::quote!(#a).to_string().contains("test"))
    };
    let items = file.items.into_iter().filter(|item| match item {
        syn::Item::Mod(m) => !is_test(&m.attrs),
        syn::Item::Struct(s) => !is_test(&s.attrs),
        syn::Item::Fn(f) => !is_test(&f.attrs),
        _ => true,
    });
    Ok(syn::parse_quote! {
        #[allow(dead_code)]
        pub(crate) mod support {
            #(#items)*
        }
    })
}

/// The models' passes, in order:
/// 1. variants: renamed first, so the passes after it match variants by their final names;
/// 2. models: the pass list of [`models`] (open enums, const unions, structs and presence,
///    redaction);
/// 3. schemars gate: last, so everything that names schemars is behind the feature (the
///    support module, which rendering appends, is gated the same way, once).
pub(crate) fn finish_models(mut file: syn::File, facts: &SchemaFacts, secret_fields: &[String]) -> syn::File {
    variants::rename_clashing_variants(&mut file.items);
    let mut file = models::finish_models(file, facts, secret_fields);
    schemars_gate::gate_schemars(&mut file);
    file
}

pub(crate) use client::{finish_client, write_client_bodies};
pub(crate) use optional_bodies::operations_with_optional_bodies;
pub(crate) use redaction::secret_parameters;

/// The models' passes that change bodies only, run when the sources are printed: each
/// struct that keeps unknown properties gets a `Deserialize` that reads them in one pass
/// ([`deserialize_structs`]) in place of the derive, each union without a discriminator one
/// that gives a value to the member that knows the most of it ([`untagged_unions`]), and each derived `Debug`
/// (and an enum's that holds free-form JSON) becomes one that redacts secrets
/// ([`redaction`]), right after the item. The public
/// API is the same either way (`the_api_of_the_syntax_is_the_api_of_the_printed_source`).
pub(crate) fn write_model_bodies(file: &mut syn::File, secret_fields: &[String], union_tags: &UnionTags) {
    let items = std::mem::take(&mut file.items);
    for mut item in items {
        let written = match &mut item {
            syn::Item::Struct(item) => {
                let deserialize = deserialize_structs::deserialize_in_one_pass(item);
                deserialize.into_iter().chain(redaction::write_redacting_debug(item, secret_fields)).collect()
            }
            syn::Item::Enum(item) => {
                let deserialize = untagged_unions::deserialize_by_what_members_know(item, union_tags);
                deserialize.into_iter().chain(redaction::write_redacting_enum_debug(item)).collect()
            }
            _ => Vec::new(),
        };
        file.items.push(item);
        file.items.extend(written);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_emitted_support_module_has_no_tests_and_gates_schemars() {
        let text = super::support_text();
        assert!(text.starts_with("#[allow(dead_code)]\npub(crate) mod support {"), "{text}");
        assert!(text.contains("struct Redacted") && text.contains("mod double_option"), "{text}");
        assert!(!text.contains("cfg(test)") && !text.contains("mod tests"), "{text}");
        assert!(text.contains("#[cfg(feature = \"schemars\")]"), "{text}");
    }

    #[test]
    fn the_emitted_client_support_module_has_what_the_client_pass_calls_and_no_tests() {
        let text = super::client_support_text();
        assert!(text.starts_with("#[allow(dead_code)]\npub(crate) mod support {"), "{text}");
        for name in super::client::SUPPORTED_CONSTRUCTORS.iter().chain(&[super::client::WITH_HEADERS, "with_json"]) {
            assert!(text.contains(&format!("fn {name}")), "{name}: {text}");
        }
        assert!(!text.contains("cfg(test)") && !text.contains("mod tests"), "{text}");
    }
}
