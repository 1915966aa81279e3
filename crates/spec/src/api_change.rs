//! A change to the public Rust API of the crates generated from a document: what release
//! reviewers cut by. Computed by `elevenlabs-codegen`, reported here.

use serde::Serialize;

use crate::diff::Semver;

/// One change to a generated crate's public API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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
