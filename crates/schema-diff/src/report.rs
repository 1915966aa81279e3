//! A comparison's report: the wire changes, the Rust API changes with their causes, and
//! the two verdicts, in the JSON shape that `docs/schema-diff-report.schema.json` describes.

use schemars::JsonSchema;
use serde::Serialize;

use crate::change::Change;
use crate::rust::change::ApiChange;
use crate::semver::Semver;

/// A comparison of two documents.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Report {
    pub base: String,
    pub head: String,
    pub summary: Summary,
    pub changes: Vec<Change>,
    /// How the public Rust API of the generated crates changes.
    pub api_changes: Vec<ApiChange>,
    /// Whether the Rust API was compared, and why not when it was not.
    pub rust_api: RustApi,
}

/// Whether the generated Rust API was compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum RustApi {
    /// Both documents were generated and their public APIs compared.
    Compared,
    /// They were not (a document lacks every operation to generate, or cannot be
    /// generated): `reason` says why, and the release verdict is the wire estimate.
    NotCompared { reason: String },
    /// The caller asked for the wire diff only.
    NotAsked,
}

/// Where the release verdict comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum VerdictSource {
    /// The generated Rust API: what users compile against.
    Rust,
    /// The wire changes' own estimate: the Rust API was not compared.
    WireEstimate,
}

/// Counts and the verdicts of a whole comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Summary {
    pub breaking: usize,
    pub non_breaking: usize,
    /// The release the regenerated crates need: `rust_semver` when the Rust API was
    /// compared, otherwise `wire_semver`; `semver_source` says which.
    pub semver: Semver,
    pub semver_source: VerdictSource,
    /// The largest bump of `api_changes`; `patch` when the wire changed but the Rust API
    /// did not; `none` when nothing changed; `null` when the Rust API was not compared.
    pub rust_semver: Option<Semver>,
    /// The largest of the wire changes' own estimates.
    pub wire_semver: Semver,
    /// Rust API changes that nothing explains: always 0 unless schema-diff has a bug.
    pub unexplained: usize,
}

impl Report {
    /// The report of `changes` and, when compared, the Rust API changes.
    pub(crate) fn new(
        base: impl Into<String>,
        head: impl Into<String>,
        changes: Vec<Change>,
        api_changes: Vec<ApiChange>,
        rust_api: RustApi,
    ) -> Self {
        let breaking = changes.iter().filter(|c| c.breaking).count();
        let wire_semver = changes.iter().map(|c| c.wire_semver).max().unwrap_or(Semver::None);
        let rust_semver = (rust_api == RustApi::Compared).then(|| match api_changes.iter().map(|c| c.semver).max() {
            Some(bump) => bump,
            None if changes.is_empty() => Semver::None,
            None => Semver::Patch,
        });
        let unexplained = api_changes.iter().filter(|c| c.cause == crate::rust::change::Cause::Unexplained).count();
        let summary = Summary {
            breaking,
            non_breaking: changes.len() - breaking,
            semver: rust_semver.unwrap_or(wire_semver),
            semver_source: if rust_semver.is_some() { VerdictSource::Rust } else { VerdictSource::WireEstimate },
            rust_semver,
            wire_semver,
            unexplained,
        };
        Self { base: base.into(), head: head.into(), summary, changes, api_changes, rust_api }
    }
}

/// The JSON Schema of the JSON report, committed as `docs/schema-diff-report.schema.json`.
pub fn report_json_schema() -> String {
    let schema = schemars::schema_for!(Report);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
