//! What one wire change is: its kind, where it is, its verdicts. The verdicts come from the
//! kind's rule ([`crate::rules`]); nothing here decides them.

use std::fmt;

use elevenlabs_spec::OperationRef;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

/// What changed. Each kind has one rule in [`crate::rules`], which states its id, meaning,
/// verdicts and message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    OperationAdded,
    OperationRemoved,
    ResponseAdded,
    ResponseRemoved,
    ParameterAdded,
    ParameterRemoved,
    ParameterChanged,
    PropertyAdded,
    PropertyRemoved,
    PropertyBecameRequired,
    PropertyBecameOptional,
    PropertyBecameNullable,
    PropertyBecameNonNullable,
    TypeChanged,
    EnumValueAdded,
    EnumValueRemoved,
    DeprecatedAdded,
    DeprecatedRemoved,
    DescriptionChanged,
    DefaultChanged,
}

impl ChangeKind {
    /// Its id, as the JSON report and the documentation write it: `enum-value-added`.
    pub fn as_str(self) -> &'static str {
        self.rule().id
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ChangeKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl JsonSchema for ChangeKind {
    fn schema_name() -> String {
        "ChangeKind".into()
    }

    fn json_schema(_: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
        let ids = crate::rules::RULES.iter().map(|rule| Value::String(rule.id.into())).collect();
        string_schema(Some(ids), "The id of the change's rule; see the kinds table.")
    }
}

/// The version bump a change needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Semver {
    None,
    Patch,
    Minor,
    Major,
}

impl fmt::Display for Semver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::None => "none",
            Self::Patch => "patch",
            Self::Minor => "minor",
            Self::Major => "major",
        })
    }
}

/// Which way data flows where a change is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Data the server sends: widening it breaks strict clients.
    Response,
    /// Data the client sends: narrowing it breaks callers.
    Request,
}

/// Where in an operation a change is; written `response 200`, `request body`,
/// `parameter header xi-api-key` or `operation`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    /// The operation itself (added or removed).
    Operation,
    /// A response, by status code (`200`, `4XX`, `default`).
    Response(String),
    RequestBody,
    /// A parameter, by place (`header`, `query`, `path`, `cookie`) and name.
    Parameter {
        place: String,
        name: String,
    },
}

impl Location {
    pub fn direction(&self) -> Direction {
        match self {
            Location::Operation | Location::Response(_) => Direction::Response,
            Location::RequestBody | Location::Parameter { .. } => Direction::Request,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Operation => f.write_str("operation"),
            Location::Response(code) => write!(f, "response {code}"),
            Location::RequestBody => f.write_str("request body"),
            Location::Parameter { place, name } => write!(f, "parameter {place} {name}"),
        }
    }
}

impl PartialEq<&str> for Location {
    fn eq(&self, other: &&str) -> bool {
        match self {
            Location::Operation => *other == "operation",
            Location::Response(code) => other.strip_prefix("response ") == Some(code.as_str()),
            Location::RequestBody => *other == "request body",
            Location::Parameter { place, name } => {
                other.strip_prefix("parameter ").and_then(|rest| rest.split_once(' '))
                    == Some((place.as_str(), name.as_str()))
            }
        }
    }
}

/// Written as its text.
impl Serialize for Location {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl JsonSchema for Location {
    fn schema_name() -> String {
        "Location".into()
    }

    fn json_schema(_: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
        string_schema(None, "`operation`, `response <status>`, `request body` or `parameter <place> <name>`.")
    }
}

/// The schema a change lives in: the nearest component that holds it, and the field path
/// from that component. How a wire change finds the Rust items generated from it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, JsonSchema)]
pub struct SchemaSite {
    /// The component's name in the document.
    pub component: String,
    /// The field path from the component, as `field` writes paths; `""` for the component.
    pub path: String,
}

/// One wire change and its verdicts.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Change {
    /// Such as `GET /v1/user`.
    #[serde(serialize_with = "as_text")]
    #[schemars(with = "String")]
    pub operation: OperationRef,
    pub location: Location,
    /// Path from the body root: `subscription.status`, `detail[].loc`; `""` for the root.
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
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub message: String,
}

fn as_text<S: serde::Serializer>(value: &impl fmt::Display, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// A string schema, optionally of listed values, with a description.
pub(crate) fn string_schema(values: Option<Vec<Value>>, description: &str) -> schemars::schema::Schema {
    schemars::schema::SchemaObject {
        instance_type: Some(schemars::schema::InstanceType::String.into()),
        enum_values: values,
        metadata: Some(Box::new(schemars::schema::Metadata {
            description: Some(description.into()),
            ..Default::default()
        })),
        ..Default::default()
    }
    .into()
}
