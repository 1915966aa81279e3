//! The wire engine: two OpenAPI documents compared by meaning, everywhere a value can live.
//! Both are normalized and `$ref`s followed, so key order, inline schemas moved into
//! `components`, and the three spellings of nullable report nothing. It walks operations
//! (matched across a path whose parameters were renamed) and those the API sends, of
//! webhooks (`POST webhook:orderCreated`) and callbacks, their parameters (whole
//! schemas, style), request bodies and responses under every media type, the headers of
//! each response, and within each schema its properties, array items (`[]`), map values
//! (`{}`) and union members (`<Card>`), at any depth.
//!
//! It finds [`Difference`]s: what differs ([`Aspect`]), where, and the facts of the site
//! ([`Facts`]). It knows no verdicts: which kind of change a difference is, and what that
//! means for clients, is the rule table's ([`crate::rules`]).

pub(crate) mod field_path;
mod integers;
pub(crate) mod members;
mod operations;
mod schemas;
mod security;
mod unchanged;
pub(crate) mod view;

use std::fmt;

use elevenlabs_spec::normalize::{normalize_reached, set_aside_operations_restored};
use elevenlabs_spec::{OperationRef, Result};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

/// Compares two OpenAPI documents (fragments or full documents) by meaning.
/// A `$ref` to nothing compares as an empty schema; check documents first with
/// [`elevenlabs_spec::check_references`] to refuse them instead.
pub fn differences(base: &Value, head: &Value) -> Result<Vec<Difference>> {
    differences_among(base, head, None)
}

/// [`differences`] in the operations of `chosen` alone (and their callbacks), when given:
/// an operation of either side's name, so one whose path parameters were renamed counts.
pub fn differences_among(base: &Value, head: &Value, chosen: Option<&[OperationRef]>) -> Result<Vec<Difference>> {
    // QUERY and 3.2's other methods are compared as the others are, though 3.0 has no
    // place for them. Only what operations reach is read, so only that has to normalize.
    let base = set_aside_operations_restored(normalize_reached(base)?);
    let head = set_aside_operations_restored(normalize_reached(head)?);
    let unchanged = unchanged::unchanged_references(&base, &head);
    let mut differ = Differ { base: &base, head: &head, unchanged, found: Vec::new() };
    let is_chosen = |operation: &Option<OperationRef>| {
        let Some(chosen) = chosen else { return true };
        operation.as_ref().is_some_and(|o| chosen.iter().any(|c| o.is_or_calls_back(c)))
    };
    for pair in operations::pairs(&base, &head)? {
        if is_chosen(&pair.base) || is_chosen(&pair.head) {
            differ.operation(&pair);
        }
    }
    Ok(differ.found)
}

/// One thing that differs between the documents, where it is, and the facts of its site.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// The operation, as HEAD names it (as BASE does when HEAD has none).
    pub operation: OperationRef,
    pub location: Location,
    /// Path from the body or parameter root: `subscription.status`, `detail[].loc`,
    /// `quotas{}`, `payment<Card>.last4`; `""` for the root.
    pub field: String,
    /// The schema it lives in, in BASE (in HEAD for an addition).
    pub schema: Option<SchemaSite>,
    /// The same in HEAD, when it differs from `schema`.
    pub head_schema: Option<SchemaSite>,
    /// The position is inline in HEAD though `schema` names BASE's component: the
    /// generated type is then found from the operation's root, not from the component.
    pub head_inline: bool,
    pub aspect: Aspect,
    pub facts: Facts,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// Whether something appeared or went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Added,
    Removed,
}

/// What differs, with what tells its kinds apart: one variant per thing the engine compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aspect {
    Operation(Presence),
    OperationId,
    /// A body or parameter whose schemas were too large or too deep to compare whole
    /// (more than 50,000 positions, or 64 levels): what lies past was not compared.
    ComparedInPart,
    /// A path parameter's name in the path template (`/pets/{id}` → `/pets/{petId}`).
    PathParameterName,
    Response(Presence),
    /// A header a response documents; the location names the response and the header.
    ResponseHeader(Presence),
    /// Whether a response header is always sent; `true` when it now is.
    ResponseHeaderRequired(bool),
    RequestBody(Presence),
    /// Whether a request body is required; `true` when it now is.
    RequestBodyRequired(bool),
    /// A media type of a body; the location names the body.
    MediaType(Presence),
    Parameter(Presence),
    /// Whether a parameter is required; `true` when it now is.
    ParameterRequired(bool),
    ParameterStyle,
    /// An alternative of the operation's security requirements: the schemes a caller
    /// presents together, or none.
    SecurityRequirement(Presence),
    /// The definition of a security scheme the operation's requirements name; the field
    /// is the scheme's name.
    SecurityScheme,
    Property(Presence),
    /// Whether a property is required; `true` when it now is.
    PropertyRequired(bool),
    /// Whether the value may be `null`; `true` when it now may.
    Nullable(bool),
    /// The kind of value: its types and alternatives, or whether it lists values at all.
    Type,
    Format,
    /// A validation keyword that bounds values (`maxLength`, `minimum`, …).
    Constraint,
    EnumValue(Presence),
    UnionMember(Presence),
    /// Whether a union takes a value for one member only (`oneOf`, not `anyOf`); `true`
    /// when it now does.
    Exclusive(bool),
    /// A member of an `allOf`, which every value must match.
    AllOfPart(Presence),
    Discriminator,
    /// What an object says of properties it does not name: BASE's, then HEAD's.
    AdditionalProperties(Additional, Additional),
    /// `deprecated`; `true` when it now is.
    Deprecated(bool),
    /// `readOnly`; `true` when it now is.
    ReadOnly(bool),
    /// `writeOnly`; `true` when it now is.
    WriteOnly(bool),
    Description,
    Default,
    Title,
}

impl Aspect {
    /// Whether it is found inside a schema (a body's or a parameter's), rather than at an
    /// operation, response, body or parameter as a whole.
    pub fn is_about_schema(&self) -> bool {
        !matches!(
            self,
            Aspect::Operation(_)
                | Aspect::OperationId
                | Aspect::PathParameterName
                | Aspect::Response(_)
                | Aspect::ResponseHeader(_)
                | Aspect::ResponseHeaderRequired(_)
                | Aspect::RequestBody(_)
                | Aspect::RequestBodyRequired(_)
                | Aspect::MediaType(_)
                | Aspect::Parameter(_)
                | Aspect::ParameterRequired(_)
                | Aspect::ParameterStyle
                | Aspect::SecurityRequirement(_)
                | Aspect::SecurityScheme
        )
    }
}

/// What an object accepts besides its named properties, as [`Aspect::AdditionalProperties`]
/// compares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Additional {
    Any,
    Forbidden,
    /// Values of a schema: a map.
    Typed,
}

/// The facts of one site that a rule's verdict can depend on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Facts {
    /// The parameter, property or body is required in HEAD.
    pub required: bool,
    /// The property or parameter was required in BASE.
    pub was_required: bool,
    /// BASE's generated field is an `Option`, so it reads `null` and absence.
    pub base_field_is_option: bool,
    /// HEAD accepts values BASE did not.
    pub widened: bool,
    /// HEAD refuses values BASE accepted.
    pub narrowed: bool,
    /// BASE's generated type reads every value HEAD allows.
    pub readable_by_base: bool,
    /// The media type is one the generated client reads or sends (JSON, or the one body
    /// type progenitor sends).
    pub read_by_client: bool,
    /// The value is a parameter's own (not a property inside one): a call that leaves the
    /// parameter out gets the server's default.
    pub parameter: bool,
    /// A type change that only lifts an enum's restriction.
    pub values_lifted: bool,
    /// A type change that only adds an enum's restriction.
    pub values_restricted: bool,
    /// The value lives inside a member of a union whose type generated from BASE keeps any
    /// value (its catch-all `Unknown`): what the member no longer reads, the union still does.
    pub caught_by_union: bool,
}

/// Which way data flows where a difference is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Data the server sends: widening it breaks strict clients.
    Response,
    /// Data the client sends: narrowing it breaks callers.
    Request,
}

/// Where in an operation a difference is; written `response 200`, `response 200
/// text/csv`, `response 200 header song-id`, `request body`, `parameter header
/// xi-api-key` or `operation`. A body's media type is written unless it is
/// `application/json`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    /// The operation itself.
    Operation,
    /// A response, by status code (`200`, `4XX`, `default`).
    Response {
        status: String,
        media_type: Option<String>,
    },
    /// A header of a response, by status code and name (as HEAD spells it; names are
    /// compared without case).
    ResponseHeader {
        status: String,
        name: String,
    },
    RequestBody {
        media_type: Option<String>,
    },
    /// A parameter, by place (`header`, `query`, `path`, `cookie`) and name.
    Parameter {
        place: String,
        name: String,
    },
}

impl Location {
    pub fn response(status: &str) -> Self {
        Location::Response { status: status.to_string(), media_type: None }
    }

    /// Whether the generated client decodes what is found here: a response header it
    /// never does (progenitor types bodies only; callers read headers as text).
    pub fn decoded_by_client(&self) -> bool {
        !matches!(self, Location::ResponseHeader { .. })
    }

    pub fn direction(&self) -> Direction {
        match self {
            Location::Operation | Location::Response { .. } | Location::ResponseHeader { .. } => Direction::Response,
            Location::RequestBody { .. } | Location::Parameter { .. } => Direction::Request,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::quote::one_line;
        let media =
            |media_type: &Option<String>| media_type.as_ref().map(|m| format!(" {}", one_line(m))).unwrap_or_default();
        match self {
            Location::Operation => f.write_str("operation"),
            Location::Response { status, media_type } => {
                write!(f, "response {}{}", one_line(status), media(media_type))
            }
            Location::ResponseHeader { status, name } => {
                write!(f, "response {} header {}", one_line(status), one_line(name))
            }
            Location::RequestBody { media_type } => write!(f, "request body{}", media(media_type)),
            Location::Parameter { place, name } => write!(f, "parameter {place} {}", one_line(name)),
        }
    }
}

impl PartialEq<&str> for Location {
    fn eq(&self, other: &&str) -> bool {
        // Written as its text, compared as its text; only tests and reports compare so.
        *other == self.to_string().as_str()
    }
}

/// Written as its text.
impl Serialize for Location {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl JsonSchema for Location {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Location".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        crate::json_schema::string_schema(
            None,
            "`operation`, `response <status>[ <media type>]`, `response <status> header <name>`, `request body[ <media type>]` or `parameter <place> <name>`; a media type other than application/json is written.",
        )
    }
}

/// The schema a difference lives in: the nearest component that holds it, and the field
/// path from that component. How a wire change finds the Rust items generated from it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, JsonSchema)]
pub struct SchemaSite {
    /// The component's name in the document.
    pub component: String,
    /// The field path from the component, as `field` writes paths; `""` for the component.
    pub path: String,
}

/// Walks both documents in step; what it finds is kept in `found`.
struct Differ<'a> {
    base: &'a Value,
    head: &'a Value,
    /// References to components the same, with all they refer to, in both documents.
    unchanged: std::collections::BTreeSet<String>,
    found: Vec<Difference>,
}

/// The operation and location the differences being found belong to.
struct Site {
    operation: OperationRef,
    location: Location,
}

impl Site {
    /// A difference at the site itself (an operation, response, body or parameter).
    fn difference(&self, aspect: Aspect, facts: Facts, before: Option<Value>, after: Option<Value>) -> Difference {
        Difference {
            operation: self.operation.clone(),
            location: self.location.clone(),
            field: String::new(),
            schema: None,
            head_schema: None,
            head_inline: false,
            aspect,
            facts,
            before,
            after,
        }
    }
}
