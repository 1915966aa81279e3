//! schema-diff: what an upstream OpenAPI change does to the wire, and to the Rust API of
//! the crates generated from it. The one entry point is [`compare`].
//!
//! - [`wire`] compares two documents by meaning and finds each change with the facts of
//!   its site;
//! - [`rules`] is the rule table: one declaration per change kind, with its verdicts and
//!   message;
//! - [`rust`] generates both documents as `codegen` would and compares their public APIs;
//! - `link` ties every Rust change to its cause: the wire changes in the schema it is
//!   generated from, the components, an override, or a document example;
//! - [`report`] and [`render`] give the result as JSON, Markdown or text.

pub mod change;
mod json_schema;
mod link;
mod quote;
pub mod render;
pub mod report;
pub mod rules;
pub mod rust;
pub mod semver;
pub mod wire;

use elevenlabs_spec::{OperationRef, Overrides};
use serde_json::Value;

pub use change::Change;
pub use quote::controls_escaped;
pub use report::{report_json_schema, Report, RustApi, Summary, VerdictSource};
pub use rules::ChangeKind;
pub use rust::change::{ApiChange, ApiChangeKind, Cause};
pub use rust::{LeftOut, OperationSet};
pub use semver::Semver;
pub use wire::{Location, SchemaSite};

/// The wire changes between two documents, each judged by its rule: [`compare`] without
/// the Rust API.
pub fn diff_documents(base: &Value, head: &Value) -> elevenlabs_spec::Result<Vec<Change>> {
    diff_operations(base, head, &OperationSet::Union)
}

/// [`diff_documents`] over the operations of `set`: those the generated crates hold, so
/// that the wire changes and the Rust verdict speak of the same operations.
fn diff_operations(base: &Value, head: &Value, set: &OperationSet) -> elevenlabs_spec::Result<Vec<Change>> {
    let chosen = match set {
        OperationSet::Recorded(recorded) => Some(recorded.as_slice()),
        OperationSet::Union => None,
    };
    Ok(wire::differences_among(base, head, chosen)?.into_iter().map(Change::judged).collect())
}

/// How to compare.
#[derive(Debug, Clone)]
pub struct Options {
    /// Applied to both documents before generating, as `codegen` applies them.
    pub overrides: Overrides,
    /// The operations both documents are generated with.
    pub operations: OperationSet,
    pub codegen: elevenlabs_codegen::Options,
    /// Generate both documents and compare their Rust APIs: the release verdict. Without
    /// it, the report carries the wire estimate only.
    pub rust_api: bool,
    /// Print both generations and diff the sources (the Markdown report shows the diff;
    /// `semver-check` builds the sources).
    pub code_diff: bool,
    /// The paths the code diff names the generated (models, client) sources by.
    pub source_paths: (String, String),
    /// BASE's generated (models, client) sources as committed. When given, the Rust API
    /// is compared from them, and what regenerating BASE alone changes is attributed to
    /// the generator.
    pub base_sources: Option<(String, String)>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            overrides: Overrides::default(),
            operations: OperationSet::default(),
            codegen: elevenlabs_codegen::Options::default(),
            rust_api: true,
            code_diff: false,
            source_paths: ("models/src/generated.rs".into(), "client/src/generated.rs".into()),
            base_sources: None,
        }
    }
}

/// A document and the name the report gives it (a path, `git:REV:PATH`, a label).
#[derive(Debug, Clone, Copy)]
pub struct Named<'a> {
    pub name: &'a str,
    pub document: &'a Value,
}

/// A comparison's result: the report, and the generated code's diff when asked for.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub report: Report,
    /// The unified diff of the generated files (empty when they are the same), or why
    /// there is none.
    pub code_diff: Option<String>,
    /// Both generations' sources (BASE, HEAD), with the code diff.
    pub sources: Option<(elevenlabs_codegen::Generated, elevenlabs_codegen::Generated)>,
}

/// Compares two documents: the wire changes by meaning, then, unless told not to, the
/// public Rust API generated from each, with every Rust change's cause and every wire
/// change's Rust bump. Fails only when a document cannot be read as OpenAPI; a document
/// that cannot be generated gives a report whose verdict is the wire estimate.
pub fn compare(base: Named, head: Named, options: &Options) -> elevenlabs_spec::Result<Comparison> {
    let mut comparison = compare_chosen(base, head, options)?;
    comparison.report.outside_the_crates = outside_the_crates(base.document, head.document, &options.operations);
    Ok(comparison)
}

/// The operations (paths' and webhooks') of either document that `set` leaves out: none
/// for every operation. One whose path differs from a chosen one's in its parameters'
/// names alone is the chosen one, as the wire pairs them.
fn outside_the_crates(base: &Value, head: &Value, set: &OperationSet) -> Vec<String> {
    let OperationSet::Recorded(chosen) = set else { return Vec::new() };
    let chosen: std::collections::BTreeSet<OperationRef> = chosen.iter().map(OperationRef::unnamed).collect();
    let mut outside: Vec<OperationRef> = [base, head]
        .into_iter()
        .flat_map(|document| {
            elevenlabs_spec::operations(document).into_iter().chain(elevenlabs_spec::webhook_operations(document))
        })
        .filter(|o| !chosen.contains(&o.unnamed()))
        .collect();
    outside.sort();
    outside.dedup();
    outside.iter().map(OperationRef::to_string).collect()
}

/// [`compare`] over the chosen operations.
fn compare_chosen(base: Named, head: Named, options: &Options) -> elevenlabs_spec::Result<Comparison> {
    if !options.rust_api {
        let changes = diff_operations(base.document, head.document, &options.operations)?;
        let report = Report::new(base.name, head.name, changes, Vec::new(), RustApi::NotAsked);
        return Ok(Comparison { report, code_diff: None, sources: None });
    }
    // The wire diff needs neither generation: it runs beside them, on the core that the
    // smaller side's generation leaves free first.
    let (changes, sides) = std::thread::scope(|scope| {
        let wire = scope.spawn(|| diff_operations(base.document, head.document, &options.operations));
        let sides = rust::generate_both(
            base.document,
            head.document,
            &options.operations,
            &options.overrides,
            &options.codegen,
            options.code_diff,
        );
        (joined(wire), sides)
    });
    let mut changes = changes?;
    let sides = sides.map_err(|error| error.to_string()).and_then(|(before, after, left_out)| {
        let committed =
            options.base_sources.as_ref().map(|(models, client)| rust::Side::committed(models, client, &before));
        let committed = committed.transpose().map_err(|e| format!("BASE's committed sources do not parse: {e}"))?;
        Ok((before, after, committed, left_out))
    });
    let (before, after, committed, left_out) = match sides {
        Ok(sides) => sides,
        Err(reason) => {
            let code_diff = options.code_diff.then(|| format!("(no code diff: {reason})\n"));
            let report = Report::new(base.name, head.name, changes, Vec::new(), RustApi::NotCompared { reason });
            return Ok(Comparison { report, code_diff, sources: None });
        }
    };
    let documents = (base.document, head.document);
    // The code diff reads the sources alone: it runs beside the linking.
    let (api_changes, code_diff) = std::thread::scope(|scope| {
        let code_diff = scope.spawn(|| match (&before.sources, &after.sources) {
            (Some(old), Some(new)) => Some(code_diff(&options.source_paths, old, new)),
            _ => None,
        });
        let api_changes = match &committed {
            None => {
                let mut api_changes = rust::api_changes(&before, &after);
                link::attribute(&mut changes, &mut api_changes, (&before, &after), documents);
                api_changes
            }
            Some(committed) => link::attribute_from_committed(&mut changes, committed, &before, &after, documents),
        };
        (api_changes, joined(code_diff))
    });
    // The operations left out were not compared in Rust: their changes keep the wire's estimate.
    for change in changes.iter_mut().filter(|c| left_out.iter().any(|l| c.operation == l.operation.as_str())) {
        change.rust_semver = None;
    }
    let sources = before.sources.zip(after.sources);
    let rust_api = if left_out.is_empty() { RustApi::Compared } else { RustApi::PartlyCompared { left_out } };
    let report = Report::new(base.name, head.name, changes, api_changes, rust_api);
    Ok(Comparison { report, code_diff, sources })
}

/// A scoped thread's result; its panic, were there one, goes on in the caller.
fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// The unified diff of the generated files, bounded as every printed diff is.
fn code_diff(
    (models_path, client_path): &(String, String),
    old: &elevenlabs_codegen::Generated,
    new: &elevenlabs_codegen::Generated,
) -> String {
    let mut diff = String::new();
    for (path, old, new) in [(models_path, &old.models, &new.models), (client_path, &old.client, &new.client)] {
        if old != new {
            diff.push_str(&elevenlabs_codegen::unified_diff(path, old, new));
        }
    }
    diff
}
