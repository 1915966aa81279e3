//! One wire change as the report carries it: a difference the engine found, judged by its
//! kind's rule ([`crate::rules`]), which gives its verdicts and message.

use std::fmt;

use elevenlabs_spec::OperationRef;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use crate::rules::{ChangeKind, Subject};
use crate::semver::Semver;
use crate::wire::{Difference, Location, SchemaSite};

/// One wire change and its verdicts.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Change {
    /// Such as `GET /v1/user`.
    #[serde(serialize_with = "as_text")]
    #[schemars(with = "String")]
    pub operation: OperationRef,
    pub location: Location,
    /// Path from the body or parameter root: `subscription.status`, `detail[].loc`,
    /// `quotas{}` (a map's values), `payment<Card>.last4` (a union's member); `""` for
    /// the root. A name holding one of those marks is a JSON string: `metadata["a.b"]`.
    pub field: String,
    pub kind: ChangeKind,
    /// A strict client built from BASE can fail on HEAD's responses (for responses), or
    /// something valid under BASE is invalid under HEAD (for requests and parameters).
    pub breaking: bool,
    /// The client this project generates from BASE still decodes HEAD's responses.
    pub tolerated: bool,
    /// The bump the wire change suggests by itself, from its rule: an estimate.
    pub wire_semver: Semver,
    /// The largest bump of the Rust API changes this change caused; `none` when it caused
    /// none; `null` when the Rust API was not compared.
    pub rust_semver: Option<Semver>,
    /// The schema the change lives in, in BASE (or in HEAD for an addition); absent for
    /// an operation, response or parameter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<SchemaSite>,
    /// The same in HEAD, when it differs from `schema` (a schema that moved or was renamed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub head_schema: Option<SchemaSite>,
    /// The position is inline in HEAD though `schema` names BASE's component (linking
    /// then starts from HEAD's operation root).
    #[serde(skip)]
    pub(crate) head_inline: bool,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub message: String,
}

impl Change {
    /// A difference judged by its kind's rule.
    pub fn judged(difference: Difference) -> Self {
        let kind = ChangeKind::of(&difference.aspect);
        let verdict = kind.verdict_at(&difference.operation, &difference.location, &difference.facts);
        let message = (kind.rule().message)(&Subject::of(&difference));
        Change {
            operation: difference.operation,
            location: difference.location,
            field: difference.field,
            kind,
            breaking: verdict.breaking,
            tolerated: verdict.tolerated,
            wire_semver: verdict.wire_semver,
            rust_semver: None,
            schema: difference.schema,
            head_schema: difference.head_schema,
            head_inline: difference.head_inline,
            before: difference.before,
            after: difference.after,
            message,
        }
    }
}

fn as_text<S: serde::Serializer>(value: &impl fmt::Display, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}
