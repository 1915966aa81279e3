//! Phase 2, generate: progenitor (and its typify) run on the prepared document. Either may
//! panic on constructs it does not support; that becomes an error naming the generator.

use std::panic::{catch_unwind, AssertUnwindSafe};

use proc_macro2::TokenStream;

use crate::CodegenError;

/// Which output of a progenitor run is kept: the models are typify's type space, the
/// client is progenitor's tokens (each run with its own settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wanted {
    Types,
    Client,
}

/// The settings both runs share: the builder interface, schemars on every type, ordered maps.
pub fn progenitor_settings() -> progenitor::GenerationSettings {
    let mut settings = progenitor::GenerationSettings::default();
    settings
        .with_interface(progenitor::InterfaceStyle::Builder)
        .with_derive("::schemars::JsonSchema")
        .with_map_type("::std::collections::BTreeMap");
    settings
}

/// Runs progenitor, returning the client tokens and, when wanted, typify's type space
/// tokens (printing them costs as much as generating the client). Both generators may
/// panic on constructs they do not support; that becomes an error.
pub(crate) fn run_progenitor(
    spec: &openapiv3::OpenAPI,
    settings: &progenitor::GenerationSettings,
    wanted: Wanted,
) -> Result<(TokenStream, Option<TokenStream>), CodegenError> {
    let generator_name = match wanted {
        Wanted::Types => "typify",
        Wanted::Client => "progenitor",
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let mut generator = progenitor::Generator::new(settings);
        let client = generator.generate_tokens(spec)?;
        let types = (wanted == Wanted::Types).then(|| generator.get_type_space().to_stream());
        Ok::<_, progenitor::Error>((client, types))
    }));
    match outcome {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(e)) => Err(crate::generator_error(generator_name, e)),
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "it panicked".into());
            Err(CodegenError::Generator { generator: generator_name, message: format!("panicked: {message}") })
        }
    }
}
