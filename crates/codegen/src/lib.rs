//! Code generation for the ElevenLabs API: from a vendored OpenAPI fragment and its
//! overrides to the source of the models crate (typify) and the client crate
//! (progenitor), formatted deterministically with prettyplease on stable Rust.
//!
//! The pipeline has four phases, one module each:
//! 1. [`mod@prepare`]: overrides, normalization to OpenAPI 3.0, then the JSON passes that only
//!    code generation needs, in the order of [`prepare::PASSES`];
//! 2. `generate`: progenitor, and its embedded typify, on the prepared document;
//! 3. `finish`: the syntax passes (open enums, const unions, presence, redaction, the
//!    support modules, the schemars gate; the client's types, headers and responses);
//! 4. `render`: prettyplease under a header that says how to regenerate.

pub mod api;
mod facts;
mod finish;
mod generate;
pub mod prepare;
mod render;
mod skim;
mod spelling;
mod syntax;

use elevenlabs_spec::{Outcome, Override, Overrides, SpecError};
use proc_macro2::TokenStream;
use serde_json::Value;

pub use facts::rust_type_name;
pub use finish::generated_as_option;
pub use prepare::bounds::{generated_integer_format, inclusive_integer_bounds, integer_format_range};
pub use prepare::{
    json_response_media_type, media_type_essence, prepare, NameMap, OperationNames, Prepared, SENDABLE_MEDIA_TYPES,
};
pub use render::{unified_diff, unified_diff_within, DiffBounds, CRATE_ROOT_ALLOWS, CRATE_ROOT_RECURSION_LIMIT};
/// The snake-case name progenitor gives a method or builder setter after a wire name.
pub use spelling::typify_snake as rust_snake_name;

use facts::SchemaFacts;
pub use generate::progenitor_settings;
use generate::{run_progenitor, Wanted};
use render::{render, GENERATED_ALLOWS};

/// What to generate and how the crates refer to each other.
#[derive(Debug, Clone)]
pub struct Options {
    /// The path the client uses for the models crate, such as `::elevenlabs_user_models`.
    pub models_path: String,
    /// JSON property names whose values are secrets: never printed by `Debug`, in a
    /// model or in a builder holding a parameter of the same Rust name.
    pub secret_fields: Vec<String>,
    /// The command that regenerates the files, named in their header.
    pub regenerate_command: String,
    /// The inputs named in the header, relative to the workspace root; none names "its
    /// OpenAPI document".
    pub inputs: Vec<String>,
    /// The hand-written type the generated client carries for its transport hooks
    /// (timeouts, retries); the client crate implements `ClientHooks` for it.
    pub client_settings_type: String,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            models_path: "::elevenlabs_user_models".into(),
            secret_fields: vec!["xi_api_key".into()],
            regenerate_command: "cargo xtask codegen".into(),
            inputs: Vec::new(),
            client_settings_type: "crate::transport::RequestSettings".into(),
        }
    }
}

/// The generated sources and what happened to each override.
#[derive(Debug, Clone)]
pub struct Generated {
    pub models: String,
    pub client: String,
    pub overrides: Vec<(Override, Outcome)>,
    /// What generation relaxed and why, for the maintainer.
    pub notes: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum CodegenError {
    #[error(transparent)]
    Spec(#[from] SpecError),
    /// The prepared document does not read as OpenAPI 3.0; `at` names the schema or
    /// operation that does not, when one alone does not.
    #[error("the normalized document is not OpenAPI 3.0 that progenitor reads{}: {message}", at.as_deref().map(|at| format!(" at {at}")).unwrap_or_default())]
    Parse { at: Option<String>, message: String },
    /// The generator failed; `at` is the JSON pointer (in the prepared document) of the
    /// schema or operation it fails on, when one alone does.
    #[error("{generator} rejected {}: {message}", at.as_deref().unwrap_or("the document"))]
    Generator { generator: &'static str, at: Option<String>, message: String },
}

/// Applies overrides, normalizes, and generates both crates' sources.
pub fn generate(fragment: &Value, overrides: &Overrides, options: &Options) -> Result<Generated, CodegenError> {
    let render = |syntax: CrateSyntax| syntax.render(options);
    let Both { models, client, overrides, notes, .. } = generate_then(fragment, overrides, options, render, render)?;
    Ok(Generated { models, client, overrides, notes })
}

/// How much stack generation may use. typify, syn and prettyplease recurse as deep as the
/// document nests, with large frames in debug builds: 60 levels of inline objects overflow
/// a test thread's 2 MiB. The memory is reserved, not committed, until used.
const GENERATION_STACK_BYTES: usize = 512 << 20;

/// Starts `work` on a scoped thread with [`GENERATION_STACK_BYTES`] of stack, so that no
/// caller's stack size decides whether a document generates; the returned closure waits
/// for it. A panic anywhere in it is an error, and prints nothing.
fn spawn_deep<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    work: impl FnOnce() -> Result<T, CodegenError> + Send + 'scope,
) -> impl FnOnce() -> Result<T, CodegenError> + 'scope {
    let thread = std::thread::Builder::new()
        .name("codegen".into())
        .stack_size(GENERATION_STACK_BYTES)
        .spawn_scoped(scope, || generate::quietly(work))
        .map_err(|e| generator_error("codegen", format!("cannot start a generation thread: {e}")));
    move || match thread?.join() {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(panic)) => Err(generator_error("codegen", format!("panicked: {panic}"))),
        Err(_) => Err(generator_error("codegen", "a generation thread panicked")),
    }
}

/// One generated crate as a syntax tree, before it is printed: what reading the generated
/// API needs, without the cost of formatting or of the bodies that do not change it. It
/// cannot leave the thread that generated it (proc-macro2's tokens are not `Send`).
#[derive(Debug, Clone)]
pub struct CrateSyntax {
    /// The models or the client, without the private `support` module that rendering
    /// appends to each.
    pub file: syn::File,
    is_models: bool,
    /// What the unions' discriminators say, which the models' `Deserialize` bodies read.
    union_tags: facts::UnionTags,
}

impl CrateSyntax {
    /// Prints the crate's source as `generate` does.
    pub fn render(mut self, options: &Options) -> String {
        if self.is_models {
            finish::write_model_bodies(&mut self.file, &options.secret_fields, &self.union_tags);
            render(self.file, GENERATED_ALLOWS, options, finish::support_text())
        } else {
            finish::write_client_bodies(&mut self.file);
            let allowed = format!("{GENERATED_ALLOWS}, unused_imports, unused_mut");
            render(self.file, &allowed, options, finish::client_support_text())
        }
    }
}

/// What [`generate_then`] read from each crate, and what generation decided on the way.
#[derive(Debug, Clone)]
pub struct Both<M, C> {
    pub models: M,
    pub client: C,
    pub overrides: Vec<(Override, Outcome)>,
    pub notes: Vec<String>,
    pub names: NameMap,
}

/// [`generate`], stopping before the sources are printed (prepare, generate, finish), then
/// `read_models` and `read_client` on the syntax trees. The two crates are two progenitor
/// runs over the same prepared document, so each runs, and is read, on a thread of its own.
pub fn generate_then<M: Send, C: Send>(
    fragment: &Value,
    overrides: &Overrides,
    options: &Options,
    read_models: impl FnOnce(CrateSyntax) -> M + Send,
    read_client: impl FnOnce(CrateSyntax) -> C + Send,
) -> Result<Both<M, C>, CodegenError> {
    generate_reading(fragment, overrides, options, Reading::Source, read_models, read_client)
}

/// [`generate_then`] for a reader of the API alone ([`api::api_items_of`]): the trees
/// lack the bodies that no signature depends on (the `skim` module), so they cannot be printed.
pub fn read_api_then<M: Send, C: Send>(
    fragment: &Value,
    overrides: &Overrides,
    options: &Options,
    read_models: impl FnOnce(&syn::File) -> M + Send,
    read_client: impl FnOnce(&syn::File) -> C + Send,
) -> Result<Both<M, C>, CodegenError> {
    let read_models = |syntax: CrateSyntax| read_models(&syntax.file);
    let read_client = |syntax: CrateSyntax| read_client(&syntax.file);
    generate_reading(fragment, overrides, options, Reading::Api, read_models, read_client)
}

/// What the syntax trees are for: printed as source, or read for their API only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    Source,
    Api,
}

fn generate_reading<M: Send, C: Send>(
    fragment: &Value,
    overrides: &Overrides,
    options: &Options,
    reading: Reading,
    read_models: impl FnOnce(CrateSyntax) -> M + Send,
    read_client: impl FnOnce(CrateSyntax) -> C + Send,
) -> Result<Both<M, C>, CodegenError> {
    std::thread::scope(|scope| {
        spawn_deep(scope, || {
            let Prepared { document, overrides: outcomes, notes, names } = prepare(fragment, overrides)?;
            let facts = SchemaFacts::collect(&document);
            let spec = generate::parse(&document)?;
            let placeholders = finish::property_names::has_placeholders(&notes);
            // The models take several times the client's work: they get the new thread.
            let (models, client) = std::thread::scope(|scope| {
                let models = spawn_deep(scope, || {
                    let file = models_syntax(&document, &spec, &facts, options, reading)?;
                    let file = with_property_names(file, placeholders, "typify")?;
                    Ok(read_models(CrateSyntax { file, is_models: true, union_tags: facts.union_tags.clone() }))
                });
                let client = client_syntax(&document, &spec, options)
                    .and_then(|file| with_property_names(file, placeholders, "progenitor"))
                    .map(|file| read_client(CrateSyntax { file, is_models: false, union_tags: Default::default() }));
                (models(), client)
            });
            Ok(Both { models: models?, client: client?, overrides: outcomes, notes, names })
        })()
    })
}

/// The models: typify's type space, as progenitor builds it, after the models' passes.
fn models_syntax(
    document: &Value,
    spec: &openapiv3::OpenAPI,
    facts: &SchemaFacts,
    options: &Options,
    reading: Reading,
) -> Result<syn::File, CodegenError> {
    let (_, types) = run_progenitor(document, spec, &progenitor_settings(), Wanted::Types)?;
    let types = types.unwrap_or_default();
    let types = match reading {
        Reading::Source => types,
        Reading::Api => skim::without_unread_bodies(types),
    };
    let models = syn::parse2::<syn::File>(types).map_err(|e| generator_error("typify", e))?;
    Ok(finish::finish_models(models, facts, &options.secret_fields))
}

/// The client, naming the models crate's types, after the client's passes.
fn client_syntax(document: &Value, spec: &openapiv3::OpenAPI, options: &Options) -> Result<syn::File, CodegenError> {
    let (client, _) = run_progenitor(document, spec, &client_settings(document, options)?, Wanted::Client)?;
    let client = syn::parse2::<syn::File>(client).map_err(|e| generator_error("progenitor", e))?;
    let secrets = finish::secret_parameters(document, &options.secret_fields);
    let optional_bodies = finish::operations_with_optional_bodies(document);
    finish::finish_client(client, &options.models_path, &options.client_settings_type, &secrets, &optional_bodies)
        .map_err(|e| generator_error("progenitor", e))
}

/// `file` with the placeholders that stood for property names progenitor would mangle
/// decoded, when `prepare` put any in.
fn with_property_names(
    file: syn::File,
    placeholders: bool,
    generator: &'static str,
) -> Result<syn::File, CodegenError> {
    if !placeholders {
        return Ok(file);
    }
    let code = finish::property_names::decode_placeholders(&quote::quote!(#file).to_string());
    syn::parse_file(&code).map_err(|e| generator_error(generator, format!("after renaming properties: {e}")))
}

/// progenitor's settings for the client: the hooks' settings type, and every component's
/// type taken from the models crate.
fn client_settings(document: &Value, options: &Options) -> Result<progenitor::GenerationSettings, CodegenError> {
    let mut settings = progenitor_settings();
    let settings_type: TokenStream = options
        .client_settings_type
        .parse()
        .map_err(|e| generator_error("progenitor", format!("client_settings_type: {e}")))?;
    settings.with_inner_type(settings_type).with_hooks(progenitor::HooksMode::Expected);
    for name in component_schema_names(document) {
        let rust_name = rust_type_name(&name);
        settings.with_replacement(&rust_name, format!("{}::{rust_name}", options.models_path), std::iter::empty());
    }
    Ok(settings)
}

fn generator_error(generator: &'static str, error: impl std::fmt::Display) -> CodegenError {
    CodegenError::Generator { generator, at: None, message: error.to_string() }
}

/// The names of a document's component schemas.
fn component_schema_names(document: &Value) -> Vec<String> {
    document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default()
}
