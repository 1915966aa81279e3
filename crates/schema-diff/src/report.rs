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
    /// The operations of either document that the generated crates do not hold (the
    /// crates hold those `openapi/provenance.json` records), left out on both sides:
    /// their changes are not in this report. Absent when none is (always with
    /// `--all-operations`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outside_the_crates: Vec<String>,
}

/// Whether the generated Rust API was compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum RustApi {
    /// Both documents were generated and their public APIs compared.
    Compared,
    /// Both were, but for operations one side cannot generate a construct of: those are
    /// left out of both, named with where and why, and their changes keep the wire's
    /// estimate.
    PartlyCompared { left_out: Vec<crate::rust::LeftOut> },
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
    /// The generated Rust API, and the wire's estimate for the operations left out of it.
    RustAndWireEstimate,
}

/// Counts and the verdicts of a whole comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Summary {
    /// Wire changes that break strict clients or callers. Not the release: the generated
    /// Rust API can break with no wire change (see `semver`).
    pub breaking: usize,
    /// Wire changes that break no one on the wire.
    pub non_breaking: usize,
    /// The release the regenerated crates need: `rust_semver` when the Rust API was
    /// compared (with the wire's estimate for the operations left out of it, if any),
    /// otherwise `wire_semver`; `semver_source` says which.
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
        let compared = matches!(rust_api, RustApi::Compared | RustApi::PartlyCompared { .. });
        let rust_semver = compared.then(|| match api_changes.iter().map(|c| c.semver).max() {
            Some(bump) => bump,
            None if changes.is_empty() => Semver::None,
            None => Semver::Patch,
        });
        let unexplained = api_changes.iter().filter(|c| c.cause == crate::rust::change::Cause::Unexplained).count();
        // Changes Rust did not see (their operation was left out) count by their estimate.
        let unseen = changes.iter().filter(|c| c.rust_semver.is_none()).map(|c| c.wire_semver).max();
        let (semver, semver_source) = match (&rust_api, rust_semver) {
            (RustApi::PartlyCompared { .. }, Some(rust)) => {
                (rust.max(unseen.unwrap_or(Semver::None)), VerdictSource::RustAndWireEstimate)
            }
            (_, Some(rust)) => (rust, VerdictSource::Rust),
            (_, None) => (wire_semver, VerdictSource::WireEstimate),
        };
        let summary = Summary {
            breaking,
            non_breaking: changes.len() - breaking,
            semver,
            semver_source,
            rust_semver,
            wire_semver,
            unexplained,
        };
        let outside_the_crates = Vec::new();
        Self { base: base.into(), head: head.into(), summary, changes, api_changes, rust_api, outside_the_crates }
    }

    /// Whether anyone breaks: a wire change breaks strict clients or callers, or the
    /// release is major (the generated Rust API breaks its users, even where the wire
    /// did not change: an inline schema that became a component renames its type).
    /// What `--fail-on breaking` fails on.
    pub fn breaks_anyone(&self) -> bool {
        self.summary.breaking > 0 || self.summary.semver == Semver::Major
    }
}

/// The JSON Schema of the JSON report, committed as `docs/schema-diff-report.schema.json`.
pub fn report_json_schema() -> String {
    let schema = schemars::schema_for!(Report);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
