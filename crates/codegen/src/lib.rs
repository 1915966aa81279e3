//! Code generation for the ElevenLabs user endpoint: from a vendored OpenAPI fragment
//! and its overrides to the source of the models crate (typify) and the client crate
//! (progenitor), formatted deterministically with prettyplease on stable Rust.

pub mod api_diff;
pub use api_diff::RustApi;
pub mod api_surface;
mod component_names;
mod defaults;
mod facts;
mod inexpressible;
pub mod layout;
mod models;
mod nullable_refs;
mod prepare;
mod presence;
mod property_names;
mod schema_walk;
mod schemars_gate;
mod spelling;
mod string_formats;
mod syntax;
mod titles;
mod variant_names;

use std::panic::{catch_unwind, AssertUnwindSafe};

use elevenlabs_spec::{normalize, Outcome, Override, Overrides, SpecError};

use proc_macro2::TokenStream;
use serde_json::Value;

pub use facts::rust_type_name;
use facts::SchemaFacts;
use prepare::prepare_for_codegen;

/// What to generate and how the crates refer to each other.
#[derive(Debug, Clone)]
pub struct Options {
    /// The path the client uses for the models crate, such as `::elevenlabs_user_models`.
    pub models_path: String,
    /// JSON property names whose values are secrets: never printed by `Debug`.
    pub secret_fields: Vec<String>,
    /// The command that regenerates the files, named in their header.
    pub regenerate_command: String,
    /// The inputs named in the header, relative to the workspace root.
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
            inputs: layout::LAYOUT.inputs().map(String::from).to_vec(),
            client_settings_type: "crate::RequestSettings".into(),
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
    #[error("the normalized document is not OpenAPI 3.0 that progenitor reads: {0}")]
    Parse(String),
    #[error("{generator} rejected the document: {message}")]
    Generator { generator: &'static str, message: String },
}

/// The document code is generated from: the fragment with overrides applied, normalized
/// to OpenAPI 3.0 and prepared for the generators.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub document: Value,
    pub overrides: Vec<(Override, Outcome)>,
    pub notes: Vec<String>,
}

/// Applies overrides, checks references, normalizes and prepares for the generators.
pub fn prepare(fragment: &Value, overrides: &Overrides) -> Result<Prepared, CodegenError> {
    let mut document = fragment.clone();
    let outcomes = overrides.apply(&mut document);
    elevenlabs_spec::check_references(&document)?;
    let mut document = normalize(&document)?;
    let notes = prepare_for_codegen(&mut document);
    Ok(Prepared { document, overrides: outcomes, notes })
}

/// Applies overrides, normalizes, and generates both crates' sources.
pub fn generate(fragment: &Value, overrides: &Overrides, options: &Options) -> Result<Generated, CodegenError> {
    generate_with_syntax(fragment, overrides, options).map(|(generated, _, _)| generated)
}

/// [`generate`], with the syntax trees of the models and the client it printed.
fn generate_with_syntax(
    fragment: &Value,
    overrides: &Overrides,
    options: &Options,
) -> Result<(Generated, syn::File, syn::File), CodegenError> {
    let Prepared { document, overrides: outcomes, notes } = prepare(fragment, overrides)?;
    let facts = SchemaFacts::collect(&document);
    let spec: openapiv3::OpenAPI =
        serde_json::from_value(document.clone()).map_err(|e| CodegenError::Parse(e.to_string()))?;

    let (_, models) = run_progenitor(&spec, &progenitor_settings(), "typify")?;
    let models = models_file(models, &facts, &options.secret_fields)?;

    let mut client_settings = progenitor_settings();
    let settings_type: TokenStream = options
        .client_settings_type
        .parse()
        .map_err(|e| generator_error("progenitor", format!("client_settings_type: {e}")))?;
    client_settings.with_inner_type(settings_type).with_hooks(progenitor::HooksMode::Expected);
    for name in component_names(&document) {
        let rust_name = rust_type_name(&name);
        client_settings.with_replacement(
            &rust_name,
            format!("{}::{rust_name}", options.models_path),
            std::iter::empty(),
        );
    }
    let (client, _) = run_progenitor(&spec, &client_settings, "progenitor")?;
    let client = syn::parse2::<syn::File>(client).map_err(|e| generator_error("progenitor", e))?;
    let client = finish_client(client, &options.models_path).map_err(|e| generator_error("progenitor", e))?;
    let (models, client) = if property_names::has_placeholders(&notes) {
        let decode = |file: &syn::File, generator| {
            let code = property_names::decode_placeholders(&quote::quote!(#file).to_string());
            syn::parse_file(&code).map_err(|e| generator_error(generator, format!("after renaming properties: {e}")))
        };
        (decode(&models, "typify")?, decode(&client, "progenitor")?)
    } else {
        (models, client)
    };

    let generated = Generated {
        models: render(&models, GENERATED_ALLOWS, options),
        client: render(&client, &format!("{GENERATED_ALLOWS}, unused_imports, unused_mut"), options),
        overrides: outcomes,
        notes,
    };
    Ok((generated, models, client))
}

fn progenitor_settings() -> progenitor::GenerationSettings {
    let mut settings = progenitor::GenerationSettings::default();
    settings
        .with_interface(progenitor::InterfaceStyle::Builder)
        .with_derive("::schemars::JsonSchema")
        .with_map_type("::std::collections::BTreeMap");
    settings
}

/// Runs progenitor, returning the client tokens and typify's type space tokens. Both
/// generators may panic on constructs they do not support; that becomes an error.
fn run_progenitor(
    spec: &openapiv3::OpenAPI,
    settings: &progenitor::GenerationSettings,
    generator_name: &'static str,
) -> Result<(TokenStream, TokenStream), CodegenError> {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let mut generator = progenitor::Generator::new(settings);
        let client = generator.generate_tokens(spec)?;
        Ok::<_, progenitor::Error>((client, generator.get_type_space().to_stream()))
    }));
    match outcome {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(e)) => Err(generator_error(generator_name, e)),
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

fn generator_error(generator: &'static str, error: impl std::fmt::Display) -> CodegenError {
    CodegenError::Generator { generator, message: error.to_string() }
}

fn models_file(tokens: TokenStream, facts: &SchemaFacts, secret_fields: &[String]) -> Result<syn::File, CodegenError> {
    let file = syn::parse2::<syn::File>(tokens).map_err(|e| generator_error("typify", e))?;
    let mut file = models::finish_models(file, facts, secret_fields);
    schemars_gate::gate_schemars(&mut file);
    Ok(file)
}

fn component_names(document: &Value) -> Vec<String> {
    document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default()
}

/// Lints generated code is exempt from: it uses deprecated fields on purpose, typify's
/// `FromStr` for a union tries `String` in an `if let` that cannot fail and its bounds
/// checks compare unsigned values with 0, its doc
/// comments are the API description's prose (bare URLs, stray HTML), and the generators'
/// style is theirs.
const GENERATED_ALLOWS: &str =
    "deprecated, irrefutable_let_patterns, unused_comparisons, clippy::all, rustdoc::bare_urls, rustdoc::invalid_html_tags, rustdoc::broken_intra_doc_links";

/// The client's `types` module becomes the models crate, so no type is generated twice,
/// and requests carry only documented headers.
fn finish_client(mut file: syn::File, models_path: &str) -> syn::Result<syn::File> {
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

/// Formats a file with prettyplease under a header that names how to regenerate it.
/// Generated code may use deprecated fields and carries lints of its generators.
fn render(file: &syn::File, allowed_lints: &str, options: &Options) -> String {
    let mut file = file.clone();
    let lints: TokenStream = allowed_lints.parse().unwrap_or_default();
    file.attrs.insert(0, syn::parse_quote!(#![allow(#lints)]));
    format!(
        "// @generated by `{command}` from {inputs}.\n// Do not edit by hand: change those inputs, then run `{command}`.\n\n{body}",
        command = options.regenerate_command,
        inputs = options.inputs.join(" and "),
        body = prettyplease::unparse(&file),
    )
}

/// The crates generated from two documents (fragments or full documents holding
/// `GET /v1/user`), as regeneration would produce them, and what changes between them.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub before: Generated,
    pub after: Generated,
    /// The public items of (models, client), read from the syntax trees at generation.
    before_api: (Vec<api_surface::ApiItem>, Vec<api_surface::ApiItem>),
    after_api: (Vec<api_surface::ApiItem>, Vec<api_surface::ApiItem>),
    /// HEAD's component schema names, which a rename override can name.
    head_components: Vec<String>,
}

impl Comparison {
    pub fn new(base: &Value, head: &Value, overrides: &Overrides, options: &Options) -> Result<Self, CodegenError> {
        let fragment_of = |document: &Value| -> Result<Value, CodegenError> {
            let document = elevenlabs_spec::Document::from_value(document.clone())?;
            let operation: elevenlabs_spec::OperationRef = elevenlabs_spec::USER_OPERATION.parse()?;
            Ok(elevenlabs_spec::extract_operation(&document, &operation)?)
        };
        let (base, head) = (fragment_of(base)?, fragment_of(head)?);
        // The two generations are independent: one runs on another thread. Syntax trees
        // stay on their thread; the public items they hold come back.
        let generate_and_read = |fragment: &Value| {
            generate_with_syntax(fragment, overrides, options).map(|(generated, models, client)| {
                (generated, (api_surface::api_items_of(&models), api_surface::api_items_of(&client)))
            })
        };
        let (before, after) = std::thread::scope(|scope| {
            let before = scope.spawn(|| generate_and_read(&base));
            let after = generate_and_read(&head);
            let before = before.join().unwrap_or_else(|_| {
                Err(CodegenError::Generator { generator: "codegen", message: "a generation thread panicked".into() })
            });
            (before, after)
        });
        let ((before, before_api), (after, after_api)) = (before?, after?);
        Ok(Self { before, after, before_api, after_api, head_components: component_names(&head) })
    }

    /// The unified diff of the generated files.
    pub fn code_diff(&self) -> String {
        let mut diff = String::new();
        for (path, old, new) in [
            (layout::LAYOUT.models_source, &self.before.models, &self.after.models),
            (layout::LAYOUT.client_source, &self.before.client, &self.after.client),
        ] {
            if old != new {
                diff.push_str(&unified_diff(path, old, new));
            }
        }
        diff
    }

    /// The public API changes of both crates, the largest bump first.
    pub fn api(&self) -> RustApi {
        let crates =
            [("models", &self.before_api.0, &self.after_api.0), ("client", &self.before_api.1, &self.after_api.1)];
        let mut api = RustApi::default();
        for (name, before, after) in crates {
            api.changes.extend(api_diff::api_changes(name, before, after));
            let fields = before.iter().chain(after).filter(|i| i.kind == api_surface::ItemKind::Field);
            api.fields.extend(fields.cloned());
        }
        for change in api.changes.iter_mut().filter(|c| c.kind == elevenlabs_spec::ApiChangeKind::TypeRenamed) {
            let (old, new) = (change.item.clone(), change.after.clone().unwrap_or_default());
            let component = self.head_components.iter().find(|name| rust_type_name(name) == new);
            change.suggestion = Some(match component {
                Some(component) => format!(
                    "the schema is now the component `{component}`; to keep `{old}`, add to openapi/overrides.json \
                     `{{\"op\": \"rename-schema\", \"schema\": \"{component}\", \"to\": \"{old}\", \"reason\": \"…\"}}`"
                ),
                None => format!(
                    "typify named the inline schema from where it now is; to keep `{old}`, give it `\"title\": \"{old}\"` \
                     with a `set` override in openapi/overrides.json"
                ),
            });
        }
        api.changes.sort_by(|a, b| b.semver.cmp(&a.semver).then(a.krate.cmp(&b.krate)).then(a.item.cmp(&b.item)));
        api
    }
}

/// How long a printed diff may search for the smallest edit, and how many lines it may
/// print. A whole-document regeneration over a one-operation file is 300,000 lines of
/// change: unbounded, Myers' algorithm takes minutes and the diff is megabytes.
#[derive(Debug, Clone, Copy)]
pub struct DiffBounds {
    pub timeout: std::time::Duration,
    pub max_lines: usize,
}

impl Default for DiffBounds {
    fn default() -> Self {
        Self { timeout: std::time::Duration::from_secs(2), max_lines: 2_000 }
    }
}

/// A unified diff from `old` to `new`, headed `a/<path>` and `b/<path>` like git's, within
/// the default [`DiffBounds`].
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    unified_diff_within(path, old, new, DiffBounds::default())
}

/// A unified diff within `bounds`. Past the timeout the diff is still correct but may not
/// be minimal; past `max_lines` it is cut. Either is said in a last line.
pub fn unified_diff_within(path: &str, old: &str, new: &str, bounds: DiffBounds) -> String {
    use std::fmt::Write;
    let started = std::time::Instant::now();
    let diff = similar::TextDiff::configure().timeout(bounds.timeout).diff_lines(old, new);
    let coarse = started.elapsed() >= bounds.timeout;
    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    let (mut printed, mut cut) = (0usize, 0usize);
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        if printed >= bounds.max_lines {
            cut += hunk.iter_changes().count();
            continue;
        }
        let _ = writeln!(out, "{}", hunk.header());
        for change in hunk.iter_changes() {
            if printed >= bounds.max_lines {
                cut += 1;
                continue;
            }
            printed += 1;
            let _ = write!(out, "{}{}", change.tag(), change.to_string_lossy());
            if change.missing_newline() {
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
    }
    if cut > 0 {
        let _ = writeln!(out, "[diff cut: {cut} more lines of {path} not shown; the first {printed} are above]");
    }
    if coarse {
        let _ = writeln!(out, "[diff of {path} not minimal: finding the smallest one took over {:?}]", bounds.timeout);
    }
    if printed == 0 {
        return String::new();
    }
    out
}
