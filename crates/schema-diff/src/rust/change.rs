//! A change to the public Rust API of the crates generated from a document, and its cause:
//! what release reviewers cut by, and why it happened.

use schemars::JsonSchema;
use serde::Serialize;

use crate::change::Semver;

/// One change to a generated crate's public API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ApiChange {
    /// `models` or `client`.
    #[serde(rename = "crate")]
    pub krate: String,
    /// The Rust path, such as `SubscriptionResponseModel::status`.
    pub item: String,
    pub kind: ApiChangeKind,
    pub semver: Semver,
    pub before: Option<String>,
    pub after: Option<String>,
    /// How to avoid the change, when a setting can (a renamed type).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// Why the Rust API changed here.
    pub cause: Cause,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ApiChangeKind {
    TypeRemoved,
    TypeRenamed,
    TypeAdded,
    FieldRemoved,
    FieldAdded,
    FieldTypeChanged,
    VariantRemoved,
    VariantAdded,
    VariantChanged,
    MethodRemoved,
    MethodAdded,
    MethodSignatureChanged,
    ImplRemoved,
    ImplAdded,
    ItemRemoved,
    ItemAdded,
    ItemChanged,
    DeprecationAdded,
    DeprecationRemoved,
    NonExhaustiveAdded,
    NonExhaustiveRemoved,
}

impl std::fmt::Display for ApiChangeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = serde_json::to_value(self).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
        f.write_str(&text)
    }
}

/// Why a Rust API change happened. Every change has one; `unexplained` is a bug in
/// schema-diff, and the tests hold the repository's history free of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Cause {
    /// Wire changes in the schema this item is generated from: indexes into `changes`.
    Wire { changes: Vec<usize> },
    /// The document's components changed with nothing on the wire to show for it: a
    /// schema renamed or moved (typify names types after components), or added or removed
    /// with an operation.
    Components { detail: String },
    /// An override of `openapi/overrides.json` applies to one document but not the other.
    Override { index: usize, reason: String, detail: String },
    /// A required property that one document's own example omits, so codegen generates
    /// it as optional there (`relax_required_fields_missing_from_examples`).
    Example { schema: String, property: String, detail: String },
    /// Nothing above explains it.
    Unexplained,
}

impl Cause {
    /// One line for the Markdown report.
    pub fn describe(&self, changes: &[crate::Change]) -> String {
        match self {
            Cause::Wire { changes: indexes } => {
                let named: Vec<String> = indexes
                    .iter()
                    .filter_map(|i| changes.get(*i))
                    .map(|c| {
                        let field = if c.field.is_empty() { String::new() } else { format!(" `{}`", c.field) };
                        format!("{}{field}", c.kind)
                    })
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect();
                format!("wire: {}", named.join(", "))
            }
            Cause::Components { detail } => format!("components: {detail}"),
            Cause::Override { index, detail, .. } => format!("override #{index}: {detail}"),
            Cause::Example { detail, .. } => format!("example: {detail}"),
            Cause::Unexplained => "**unexplained**".into(),
        }
    }
}
