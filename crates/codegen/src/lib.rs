//! Code generation for the ElevenLabs user endpoint: from a vendored OpenAPI fragment
//! and its overrides to the source of the models crate (typify) and the client crate
//! (progenitor), formatted deterministically with prettyplease on stable Rust.

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

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use elevenlabs_spec::{normalize, Outcome, Override, Overrides, SpecError};

use proc_macro2::TokenStream;
use serde_json::Value;

pub use facts::rust_type_name;
use facts::SchemaFacts;
use prepare::prepare_for_codegen;
pub use presence::generated_as_option;

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
    pub names: NameMap,
}

/// Which Rust names the generated code gives the input's schemas: the generator's own name
/// map, which ties a schema of the document to the Rust items generated from it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameMap {
    /// Each component schema of the input fragment, by its name there, to its Rust type,
    /// after every rename (overrides, and names that would clash in Rust).
    pub types: BTreeMap<String, String>,
    /// Required properties generated as optional because the document's own example
    /// omits them: (Rust type, property as the wire names it).
    pub relaxed_by_examples: Vec<(String, String)>,
}

/// Applies overrides, checks references, normalizes and prepares for the generators.
pub fn prepare(fragment: &Value, overrides: &Overrides) -> Result<Prepared, CodegenError> {
    let mut document = fragment.clone();
    let outcomes = overrides.apply(&mut document);
    elevenlabs_spec::check_references(&document)?;
    let mut document = normalize(&document)?;
    let preparation = prepare_for_codegen(&mut document);
    let renamed_by_overrides = outcomes.iter().filter_map(|(o, outcome)| match (&o.change, outcome) {
        (elevenlabs_spec::overrides::Change::RenameSchema { schema, to }, Outcome::Applied) => {
            Some((schema.clone(), to.clone()))
        }
        _ => None,
    });
    let renames: Vec<(String, String)> = renamed_by_overrides.chain(preparation.renames).collect();
    let present: std::collections::BTreeSet<String> = component_names(&document).into_iter().collect();
    let types = component_names(fragment)
        .into_iter()
        .filter_map(|original| {
            let mut name = original.clone();
            for (from, to) in &renames {
                if *from == name {
                    name = to.clone();
                }
            }
            present.contains(&name).then(|| (original, rust_type_name(&name)))
        })
        .collect();
    let relaxed_by_examples =
        preparation.relaxed.into_iter().map(|(component, property)| (rust_type_name(&component), property)).collect();
    Ok(Prepared {
        document,
        overrides: outcomes,
        notes: preparation.notes,
        names: NameMap { types, relaxed_by_examples },
    })
}

/// Applies overrides, normalizes, and generates both crates' sources.
pub fn generate(fragment: &Value, overrides: &Overrides, options: &Options) -> Result<Generated, CodegenError> {
    Ok(generate_syntax(fragment, overrides, options)?.render(options))
}

/// Both crates as syntax trees, before they are printed: what reading the generated API
/// needs, without the cost of formatting.
#[derive(Debug, Clone)]
pub struct GeneratedSyntax {
    pub models: syn::File,
    pub client: syn::File,
    pub overrides: Vec<(Override, Outcome)>,
    pub notes: Vec<String>,
    pub names: NameMap,
}

impl GeneratedSyntax {
    /// The sources, formatted with prettyplease under their header.
    pub fn render(self, options: &Options) -> Generated {
        Generated {
            models: render(&self.models, GENERATED_ALLOWS, options),
            client: render(&self.client, &format!("{GENERATED_ALLOWS}, unused_imports, unused_mut"), options),
            overrides: self.overrides,
            notes: self.notes,
        }
    }
}

/// [`generate`], stopping before the sources are printed.
pub fn generate_syntax(
    fragment: &Value,
    overrides: &Overrides,
    options: &Options,
) -> Result<GeneratedSyntax, CodegenError> {
    let Prepared { document, overrides: outcomes, notes, names } = prepare(fragment, overrides)?;
    let facts = SchemaFacts::collect(&document);
    let spec: openapiv3::OpenAPI =
        serde_json::from_value(document.clone()).map_err(|e| CodegenError::Parse(e.to_string()))?;

    let (_, models) = run_progenitor(&spec, &progenitor_settings(), Wanted::Types)?;
    let models = models_file(models.unwrap_or_default(), &facts, &options.secret_fields)?;

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
    let (client, _) = run_progenitor(&spec, &client_settings, Wanted::Client)?;
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
    Ok(GeneratedSyntax { models, client, overrides: outcomes, notes, names })
}

fn progenitor_settings() -> progenitor::GenerationSettings {
    let mut settings = progenitor::GenerationSettings::default();
    settings
        .with_interface(progenitor::InterfaceStyle::Builder)
        .with_derive("::schemars::JsonSchema")
        .with_map_type("::std::collections::BTreeMap");
    settings
}

/// Which output of a progenitor run is kept: the models are typify's type space, the
/// client is progenitor's tokens (each run with its own settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wanted {
    Types,
    Client,
}

/// Runs progenitor, returning the client tokens and, when wanted, typify's type space
/// tokens (printing them costs as much as generating the client). Both generators may
/// panic on constructs they do not support; that becomes an error.
fn run_progenitor(
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
