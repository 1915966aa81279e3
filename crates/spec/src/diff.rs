//! Comparing two OpenAPI documents by meaning: both are normalized, `$ref`s are followed,
//! and every change is named by operation, location and field path from the body root, so
//! key order, inline schemas moved into `components`, and the three spellings of nullable
//! report nothing.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::error::Result;
use crate::extract::{operations, OperationRef};
use crate::normalize::normalize;

/// What changed. Each kind is documented in the README's schema-diff section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
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
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OperationAdded => "operation-added",
            Self::OperationRemoved => "operation-removed",
            Self::ResponseAdded => "response-added",
            Self::ResponseRemoved => "response-removed",
            Self::ParameterAdded => "parameter-added",
            Self::ParameterRemoved => "parameter-removed",
            Self::ParameterChanged => "parameter-changed",
            Self::PropertyAdded => "property-added",
            Self::PropertyRemoved => "property-removed",
            Self::PropertyBecameRequired => "property-became-required",
            Self::PropertyBecameOptional => "property-became-optional",
            Self::PropertyBecameNullable => "property-became-nullable",
            Self::PropertyBecameNonNullable => "property-became-non-nullable",
            Self::TypeChanged => "type-changed",
            Self::EnumValueAdded => "enum-value-added",
            Self::EnumValueRemoved => "enum-value-removed",
            Self::DeprecatedAdded => "deprecated-added",
            Self::DeprecatedRemoved => "deprecated-removed",
            Self::DescriptionChanged => "description-changed",
            Self::DefaultChanged => "default-changed",
        }
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The version bump a change needs in the regenerated crates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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
    /// Data the server sends: widening it breaks strict clients. Otherwise data the
    /// client sends: narrowing it breaks callers.
    fn direction(&self) -> Direction {
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

/// Written as its text, as the README's JSON shape has it.
impl Serialize for Location {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// One change and its three verdicts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Such as `GET /v1/user`.
    #[serde(serialize_with = "as_text")]
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
    pub semver: Semver,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub message: String,
}

fn as_text<S: serde::Serializer>(value: &impl fmt::Display, serializer: S) -> std::result::Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

impl Change {
    /// A change with no before or after value; set them with [`Change::with_values`].
    fn new(site: &Site, field: &str, kind: ChangeKind, verdict: Verdict, message: String) -> Self {
        Self {
            operation: site.operation.clone(),
            location: site.location.clone(),
            field: field.to_string(),
            kind,
            breaking: verdict.breaking,
            tolerated: verdict.tolerated,
            semver: verdict.semver,
            before: None,
            after: None,
            message,
        }
    }

    fn with_values(mut self, before: Option<Value>, after: Option<Value>) -> Self {
        self.before = before;
        self.after = after;
        self
    }
}

/// Counts and the recommended bump for a whole comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub breaking: usize,
    pub non_breaking: usize,
    /// The release the regenerated crates need: the largest bump of `api_changes`; `patch`
    /// when the wire changed but the Rust API did not; `none` when nothing changed. Only
    /// without a Rust comparison (`api_error`) is it estimated from the wire.
    pub semver: Semver,
}

/// A comparison of two documents, in the stable JSON shape documented in the README.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub base: String,
    pub head: String,
    pub summary: Summary,
    pub changes: Vec<Change>,
    /// How the public Rust API of the generated crates changes.
    pub api_changes: Vec<crate::ApiChange>,
    /// Why the Rust API could not be compared, when it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_error: Option<String>,
    /// Whether `api_changes` is a comparison of the generated Rust, not merely empty.
    #[serde(skip)]
    pub api_compared: bool,
}

impl Report {
    pub fn new(base: impl Into<String>, head: impl Into<String>, changes: Vec<Change>) -> Self {
        let breaking = changes.iter().filter(|c| c.breaking).count();
        let semver = changes.iter().map(|c| c.semver).max().unwrap_or(Semver::None);
        Self {
            base: base.into(),
            head: head.into(),
            summary: Summary { breaking, non_breaking: changes.len() - breaking, semver },
            changes,
            api_changes: Vec::new(),
            api_error: None,
            api_compared: false,
        }
    }

    /// The report with the Rust API comparison: `summary.semver` becomes the Rust verdict,
    /// and each wire change's `semver` the bump of the API changes it caused (`wire_bump`).
    pub fn with_api_changes(
        mut self,
        api_changes: Vec<crate::ApiChange>,
        wire_bump: impl Fn(&Change) -> Semver,
    ) -> Self {
        for change in &mut self.changes {
            change.semver = wire_bump(change);
        }
        self.summary.semver = match api_changes.iter().map(|c| c.semver).max() {
            Some(bump) => bump,
            None if self.changes.is_empty() => Semver::None,
            None => Semver::Patch,
        };
        self.api_changes = api_changes;
        self.api_compared = true;
        self
    }

    /// The report when the Rust API could not be compared: the wire estimate stays.
    pub fn without_api_changes(mut self, error: impl Into<String>) -> Self {
        self.api_error = Some(error.into());
        self
    }
}

/// Compares two OpenAPI documents (fragments or full documents) by meaning.
/// A `$ref` to nothing compares as an empty schema; check documents first with
/// [`check_references`](crate::check_references) to refuse them instead.
pub fn diff_documents(base: &Value, head: &Value) -> Result<Vec<Change>> {
    let base = normalize(base)?;
    let head = normalize(head)?;
    let mut differ = Differ { base: &base, head: &head, changes: Vec::new() };
    let base_operations: BTreeSet<OperationRef> = operations(&base).into_iter().collect();
    let head_operations: BTreeSet<OperationRef> = operations(&head).into_iter().collect();
    for operation in base_operations.union(&head_operations) {
        let site = Site { operation: operation.clone(), location: Location::Operation };
        match (base.pointer(&operation.pointer()), head.pointer(&operation.pointer())) {
            (Some(_), None) => differ.push(Change::new(
                &site,
                "",
                ChangeKind::OperationRemoved,
                Verdict::new(true, false, Semver::Major),
                format!("{operation} was removed"),
            )),
            (None, Some(_)) => differ.push(Change::new(
                &site,
                "",
                ChangeKind::OperationAdded,
                Verdict::new(false, true, Semver::Minor),
                format!("{operation} was added"),
            )),
            (Some(b), Some(h)) => differ.operation(operation, b, h),
            (None, None) => {}
        }
    }
    Ok(differ.changes)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// Data the server sends: widening breaks strict clients.
    Response,
    /// Data the client sends: narrowing breaks callers.
    Request,
}

/// The operation and location the changes being found belong to.
struct Site {
    operation: OperationRef,
    location: Location,
}

#[derive(Clone, Copy)]
struct Verdict {
    breaking: bool,
    tolerated: bool,
    semver: Semver,
}

impl Verdict {
    fn new(breaking: bool, tolerated: bool, semver: Semver) -> Self {
        Self { breaking, tolerated, semver }
    }
}

/// A schema with `$ref`s followed and `allOf` merged: what the comparison looks at.
#[derive(Default)]
struct View<'a> {
    reference: Option<String>,
    types: BTreeSet<String>,
    nullable: bool,
    values: Option<Vec<Value>>,
    properties: BTreeMap<String, &'a Value>,
    required: BTreeSet<String>,
    items: Option<&'a Value>,
    alternatives: Vec<&'a Value>,
    description: Option<&'a str>,
    deprecated: bool,
    default: Option<&'a Value>,
}

const MAX_DEPTH: usize = 64;

fn view<'a>(document: &'a Value, schema: &'a Value, depth: usize) -> View<'a> {
    view_within(document, schema, depth, &mut Expansion::default())
}

/// How many schema nodes one view may expand. A real schema needs a few hundred; a
/// document built to nest unions inside unions gets a partial view instead of a hang.
const EXPANSION_BUDGET: usize = 20_000;

/// The references being expanded on the way to a schema, and the expansion left.
struct Expansion<'a> {
    expanding: Vec<&'a str>,
    budget: usize,
}

impl Default for Expansion<'_> {
    fn default() -> Self {
        Self { expanding: Vec::new(), budget: EXPANSION_BUDGET }
    }
}

/// [`view`], knowing the references being expanded on the way here: a reference to one of
/// them says nothing new, and following it again would make a cycle (`A: anyOf [A, A]`)
/// cost exponential time before the depth limit.
fn view_within<'a>(document: &'a Value, schema: &'a Value, depth: usize, expansion: &mut Expansion<'a>) -> View<'a> {
    let mut out = View::default();
    if depth > MAX_DEPTH || expansion.budget == 0 {
        return out;
    }
    expansion.budget -= 1;
    if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
        if expansion.expanding.contains(&target) {
            return View { reference: Some(target.to_string()), ..View::default() };
        }
        expansion.expanding.push(target);
        let resolved = crate::walk::resolve(document, target);
        let mut inner = resolved.map(|s| view_within(document, s, depth + 1, expansion)).unwrap_or_default();
        expansion.expanding.pop();
        inner.reference = Some(target.to_string());
        return inner;
    }
    if let Some(Value::Array(members)) = schema.get("allOf") {
        for member in members {
            let inner = view_within(document, member, depth + 1, expansion);
            out.reference = out.reference.or(inner.reference);
            out.types.extend(inner.types);
            out.nullable |= inner.nullable;
            out.values = out.values.or(inner.values);
            out.properties.extend(inner.properties);
            out.required.extend(inner.required);
            out.items = out.items.or(inner.items);
            out.alternatives.extend(inner.alternatives);
            out.description = out.description.or(inner.description);
            out.deprecated |= inner.deprecated;
            out.default = out.default.or(inner.default);
        }
    }
    if let Some(t) = schema.get("type").and_then(Value::as_str) {
        out.types = BTreeSet::from([t.to_string()]);
    }
    if schema.get("properties").is_some() && out.types.is_empty() {
        out.types.insert("object".into());
    }
    out.nullable |= schema.get("nullable") == Some(&Value::Bool(true));
    if let Some(Value::Array(values)) = schema.get("enum") {
        out.values = Some(values.iter().filter(|v| !v.is_null()).cloned().collect());
    }
    if let Some(Value::Object(properties)) = schema.get("properties") {
        out.properties.extend(properties.iter().map(|(k, v)| (k.clone(), v)));
    }
    if let Some(Value::Array(required)) = schema.get("required") {
        out.required.extend(required.iter().filter_map(Value::as_str).map(str::to_string));
    }
    out.items = schema.get("items").or(out.items);
    for keyword in ["anyOf", "oneOf"] {
        if let Some(Value::Array(members)) = schema.get(keyword) {
            out.alternatives.extend(members.iter());
        }
    }
    fold_value_alternatives(document, &mut out, depth, expansion);
    // The outer annotations are the ones that describe this use of the schema.
    out.description = schema.get("description").and_then(Value::as_str).or(out.description);
    out.deprecated |= schema.get("deprecated") == Some(&Value::Bool(true));
    out.default = schema.get("default").or(out.default);
    out
}

/// A union whose members are all values of one type (`anyOf: [enum, const "off"]`, or
/// `[string, const "off"]`) accepts what one schema would: the listed values together, or
/// every value of the type when a member does not restrict it. Compared as that schema, a
/// member that adds nothing new reports nothing, and a new constant is a new enum value.
fn fold_value_alternatives<'a>(document: &'a Value, out: &mut View<'a>, depth: usize, expansion: &mut Expansion<'a>) {
    if out.alternatives.is_empty() || out.types.len() > 1 || !out.properties.is_empty() || out.items.is_some() {
        return;
    }
    let alternatives = out.alternatives.clone();
    let members: Vec<View> = alternatives.iter().map(|m| view_within(document, m, depth + 1, expansion)).collect();
    let plain = |m: &View| m.alternatives.is_empty() && m.properties.is_empty() && m.items.is_none();
    let Some(kind) = members.first().and_then(|m| m.types.iter().next().cloned()) else { return };
    let one_type = |m: &View| m.types.len() == 1 && m.types.contains(&kind);
    if !(out.types.is_empty() || out.types.contains(&kind)) || !members.iter().all(|m| plain(m) && one_type(m)) {
        return;
    }
    out.types = BTreeSet::from([kind]);
    out.nullable |= members.iter().any(|m| m.nullable);
    out.values = if members.iter().any(|m| m.values.is_none()) {
        None
    } else {
        let mut values: Vec<Value> = Vec::new();
        for value in members.iter().flat_map(|m| m.values.iter().flatten()) {
            if !values.contains(value) {
                values.push(value.clone());
            }
        }
        Some(values)
    };
    out.alternatives.clear();
}

/// What a schema's values look like, free of spelling: its types, the one value it is
/// restricted to (a `const`), and the shapes of its alternatives. Compared as a value;
/// shown as `string`, `integer = 3` or `string one of (integer | string = "off")`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shape {
    types: BTreeSet<String>,
    constant: Option<String>,
    alternatives: Vec<Shape>,
}

impl Shape {
    fn of(document: &Value, schema: &Value, depth: usize) -> Self {
        Self::within(document, schema, depth, &mut Expansion::default())
    }

    /// The shape, knowing the references being shaped on the way here: a member that
    /// refers back to one of them is that recursion, not shaped again.
    fn within<'a>(document: &'a Value, schema: &'a Value, depth: usize, shaping: &mut Expansion<'a>) -> Self {
        let target = schema.get("$ref").and_then(Value::as_str);
        if let Some(target) = target.filter(|t| shaping.expanding.contains(t)) {
            return Shape {
                types: BTreeSet::from([format!("recursion to {target}")]),
                constant: None,
                alternatives: Vec::new(),
            };
        }
        if shaping.budget == 0 {
            return Shape { types: BTreeSet::new(), constant: None, alternatives: Vec::new() };
        }
        shaping.budget -= 1;
        shaping.expanding.extend(target);
        let view = view(document, schema, depth);
        let mut alternatives: Vec<Shape> = if depth < MAX_DEPTH {
            view.alternatives.iter().map(|m| Shape::within(document, m, depth + 1, shaping)).collect()
        } else {
            Vec::new()
        };
        if target.is_some() {
            shaping.expanding.pop();
        }
        alternatives.sort_by_key(Shape::to_string);
        alternatives.dedup();
        // Shown only beside a type, so compared only there too.
        let constant = match (&view.values, view.alternatives.is_empty(), view.types.is_empty()) {
            (Some(values), true, false) if values.len() == 1 => Some(values[0].to_string()),
            _ => None,
        };
        Shape { types: view.types, constant, alternatives }
    }

    fn is_any(&self) -> bool {
        self.types.is_empty() && self.alternatives.is_empty()
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_any() {
            return f.write_str("any");
        }
        let mut parts: Vec<String> = self.types.iter().cloned().collect();
        if !self.alternatives.is_empty() {
            let members: Vec<String> = self.alternatives.iter().map(Shape::to_string).collect();
            parts.push(format!("one of ({})", members.join(" | ")));
        }
        if let Some(constant) = &self.constant {
            parts.push(format!("= {constant}"));
        }
        f.write_str(&parts.join(" "))
    }
}

fn shape_value(shape: &Shape) -> Option<Value> {
    Some(Value::String(shape.to_string()))
}

/// Whether every value of shape `head` is a value of shape `base` (ignoring enums).
fn narrower_or_equal(base: &BTreeSet<String>, head: &BTreeSet<String>) -> bool {
    !base.is_empty() && head.iter().all(|t| base.contains(t) || (t == "integer" && base.contains("number")))
}

fn join_field(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_string()
    } else {
        format!("{parent}.{name}")
    }
}

/// One schema position being compared: where it is, and how the generated code holds it.
struct Slot<'s> {
    site: &'s Site,
    field: String,
    facts: SlotFacts,
}

impl Slot<'_> {
    fn response(&self) -> bool {
        self.site.location.direction() == Direction::Response
    }

    /// How messages name the position: `` `subscription.status` `` or `the body`.
    fn shown(&self) -> String {
        if self.field.is_empty() {
            "the body".to_string()
        } else {
            format!("`{}`", self.field)
        }
    }

    fn change(&self, kind: ChangeKind, verdict: Verdict, message: String) -> Change {
        Change::new(self.site, &self.field, kind, verdict, message)
    }

    fn child(&self, field: String, facts: SlotFacts) -> Slot<'_> {
        Slot { site: self.site, field, facts }
    }
}

/// The pair of schemas compared at one slot, before and after.
struct Pair<'a> {
    base: &'a Value,
    head: &'a Value,
}

struct Differ<'a> {
    base: &'a Value,
    head: &'a Value,
    changes: Vec<Change>,
}

impl<'a> Differ<'a> {
    fn push(&mut self, change: Change) {
        self.changes.push(change);
    }

    fn operation(&mut self, operation: &OperationRef, base: &'a Value, head: &'a Value) {
        self.parameters(operation, base, head);
        let base_responses = base.get("responses").and_then(Value::as_object);
        let head_responses = head.get("responses").and_then(Value::as_object);
        let codes: BTreeSet<&String> =
            base_responses.iter().chain(head_responses.iter()).flat_map(|r| r.keys()).collect();
        for code in codes {
            let site = Site { operation: operation.clone(), location: Location::Response(code.clone()) };
            let presence = |kind, verdict, message| Change::new(&site, "", kind, verdict, message);
            match (base_responses.and_then(|r| r.get(code)), head_responses.and_then(|r| r.get(code))) {
                (Some(_), None) => self.push(presence(
                    ChangeKind::ResponseRemoved,
                    Verdict::new(false, true, Semver::Major),
                    format!("response {code} is no longer documented"),
                )),
                (None, Some(_)) => self.push(presence(
                    ChangeKind::ResponseAdded,
                    Verdict::new(false, true, Semver::Minor),
                    format!("response {code} is newly documented"),
                )),
                (Some(b), Some(h)) => {
                    if let (Some(base), Some(head)) = (json_body(b), json_body(h)) {
                        self.body(&site, Pair { base, head });
                    }
                }
                (None, None) => {}
            }
        }
        if let (Some(base), Some(head)) =
            (base.get("requestBody").and_then(json_body), head.get("requestBody").and_then(json_body))
        {
            let site = Site { operation: operation.clone(), location: Location::RequestBody };
            self.body(&site, Pair { base, head });
        }
    }

    fn body(&mut self, site: &Site, pair: Pair<'a>) {
        let root = Slot { site, field: String::new(), facts: SlotFacts::ROOT };
        self.schema(&root, pair, &mut HashSet::new(), 0);
    }

    fn parameters(&mut self, operation: &OperationRef, base: &'a Value, head: &'a Value) {
        let collect = |document: &'a Value, op: &'a Value| -> BTreeMap<(String, String), &'a Value> {
            let path_level =
                document.pointer(&format!("{}/parameters", crate::pointer::join("/paths", &operation.path)));
            path_level
                .into_iter()
                .chain(op.get("parameters"))
                .filter_map(Value::as_array)
                .flatten()
                .filter_map(|p| {
                    let p = match p.get("$ref").and_then(Value::as_str) {
                        Some(target) => crate::walk::resolve(document, target)?,
                        None => p,
                    };
                    Some(((p.get("in")?.as_str()?.to_string(), p.get("name")?.as_str()?.to_string()), p))
                })
                .collect()
        };
        let base_parameters = collect(self.base, base);
        let head_parameters = collect(self.head, head);
        let keys: BTreeSet<&(String, String)> = base_parameters.keys().chain(head_parameters.keys()).collect();
        for key @ (place, parameter) in keys {
            let site = Site {
                operation: operation.clone(),
                location: Location::Parameter { place: place.clone(), name: parameter.clone() },
            };
            let change = |kind, verdict, message| Change::new(&site, "", kind, verdict, message);
            let required = |p: &Value| p.get("required") == Some(&Value::Bool(true));
            match (base_parameters.get(key), head_parameters.get(key)) {
                (Some(_), None) => self.push(change(
                    ChangeKind::ParameterRemoved,
                    Verdict::new(false, true, Semver::Major),
                    format!("{place} parameter {parameter} was removed"),
                )),
                (None, Some(h)) => {
                    let semver = if required(h) { Semver::Major } else { Semver::Minor };
                    let message = format!(
                        "{place} parameter {parameter} was added{}",
                        if required(h) { " as required" } else { "" }
                    );
                    self.push(
                        change(ChangeKind::ParameterAdded, Verdict::new(required(h), true, semver), message)
                            .with_values(None, Some(Value::Bool(required(h)))),
                    );
                }
                (Some(b), Some(h)) => self.parameter_changed(&site, b, h),
                (None, None) => {}
            }
        }
    }

    /// A parameter in both documents whose required-ness or schema changed.
    fn parameter_changed(&mut self, site: &Site, b: &Value, h: &Value) {
        let Location::Parameter { place, name: parameter } = &site.location else { return };
        let change = |kind, verdict, message| Change::new(site, "", kind, verdict, message);
        let required = |p: &Value| p.get("required") == Some(&Value::Bool(true));
        if required(b) != required(h) {
            let message =
                format!("{place} parameter {parameter} became {}", if required(h) { "required" } else { "optional" });
            self.push(
                change(ChangeKind::ParameterChanged, Verdict::new(required(h), true, Semver::Major), message)
                    .with_values(Some(Value::Bool(required(b))), Some(Value::Bool(required(h)))),
            );
        }
        let (Some(bs), Some(hs)) = (b.get("schema"), h.get("schema")) else { return };
        let (before, after) = (Shape::of(self.base, bs, 0), Shape::of(self.head, hs, 0));
        let (bv, hv) = (view(self.base, bs, 0), view(self.head, hs, 0));
        if before == after && bv.values == hv.values {
            return;
        }
        let narrowed = !narrower_or_equal(&hv.types, &bv.types)
            || hv.values.as_ref().is_some_and(|h| bv.values.as_ref().is_none_or(|b| b.iter().any(|v| !h.contains(v))));
        let message = format!("{place} parameter {parameter} changed from {before} to {after}");
        self.push(
            change(ChangeKind::ParameterChanged, Verdict::new(narrowed, true, Semver::Major), message)
                .with_values(shape_value(&before), shape_value(&after)),
        );
    }

    /// Compares the two schemas at `slot`, then their properties and items.
    fn schema(&mut self, slot: &Slot, pair: Pair<'a>, seen: &mut HashSet<(String, String)>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let b = view(self.base, pair.base, 0);
        let h = view(self.head, pair.head, 0);
        if let (Some(br), Some(hr)) = (&b.reference, &h.reference) {
            // A recursive schema is compared once per pair of references.
            if !seen.insert((format!("{}@{br}", slot.field), hr.clone())) {
                return;
            }
        }
        self.nullability(slot, &b, &h);
        self.kind_of_value(slot, &pair, &b, &h);
        self.enum_values(slot, &b, &h);
        self.annotations(slot, &b, &h);
        self.properties(slot, &b, &h, seen, depth);
        if let (Some(base), Some(head)) = (b.items, h.items) {
            let items = slot.child(format!("{}[]", slot.field), SlotFacts { generated_as_option: false });
            self.schema(&items, Pair { base, head }, seen, depth + 1);
        }
    }

    fn nullability(&mut self, slot: &Slot, b: &View, h: &View) {
        if b.nullable == h.nullable {
            return;
        }
        let (kind, widened) = if h.nullable {
            (ChangeKind::PropertyBecameNullable, true)
        } else {
            (ChangeKind::PropertyBecameNonNullable, false)
        };
        let breaking = if slot.response() { widened } else { !widened };
        // A field generated as `Option` reads null; a required non-null one does not.
        let tolerated = !widened || !slot.response() || slot.facts.generated_as_option;
        let message = format!("{} {}", slot.shown(), if widened { "may now be null" } else { "is no longer null" });
        self.push(
            slot.change(kind, Verdict::new(breaking, tolerated, Semver::Major), message)
                .with_values(Some(Value::Bool(b.nullable)), Some(Value::Bool(h.nullable))),
        );
    }

    /// The kind of value: its types and alternatives, and whether it is restricted to
    /// listed values at all.
    fn kind_of_value(&mut self, slot: &Slot, pair: &Pair, b: &View, h: &View) {
        let (before, after) = (Shape::of(self.base, pair.base, 0), Shape::of(self.head, pair.head, 0));
        let enum_lifted = b.values.is_some() && h.values.is_none() && !b.types.is_empty();
        let enum_added = b.values.is_none() && h.values.is_some();
        let types_differ = b.types != h.types || before != after && !(b.values.is_some() && h.values.is_some());
        if !(types_differ || enum_lifted || enum_added) {
            return;
        }
        let response = slot.response();
        let widened = !narrower_or_equal(&b.types, &h.types) || enum_lifted;
        let breaking = if response { widened } else { !narrower_or_equal(&h.types, &b.types) || enum_added };
        // Open enums read any string, so lifting a string enum's restriction is tolerated.
        let tolerated = !response || !widened || (enum_lifted && b.types == h.types && b.types.contains("string"));
        let shown = slot.shown();
        let message = if enum_lifted {
            format!("{shown} is no longer restricted to listed values")
        } else if enum_added && !types_differ {
            format!("{shown} is now restricted to listed values")
        } else {
            format!("{shown} changed from {before} to {after}")
        };
        self.push(
            slot.change(ChangeKind::TypeChanged, Verdict::new(breaking, tolerated, Semver::Major), message)
                .with_values(shape_value(&before), shape_value(&after)),
        );
    }

    fn enum_values(&mut self, slot: &Slot, b: &View, h: &View) {
        let (Some(bv), Some(hv)) = (&b.values, &h.values) else { return };
        let response = slot.response();
        for added in hv.iter().filter(|v| !bv.contains(v)) {
            let message = format!("{} may now be {added}", slot.shown());
            self.push(
                slot.change(ChangeKind::EnumValueAdded, Verdict::new(response, true, Semver::Minor), message)
                    .with_values(None, Some(added.clone())),
            );
        }
        for removed in bv.iter().filter(|v| !hv.contains(v)) {
            let message = format!("{} is no longer {removed}", slot.shown());
            self.push(
                slot.change(ChangeKind::EnumValueRemoved, Verdict::new(!response, true, Semver::Major), message)
                    .with_values(Some(removed.clone()), None),
            );
        }
    }

    /// Deprecation, description and default: they describe values, never restrict them.
    fn annotations(&mut self, slot: &Slot, b: &View, h: &View) {
        let shown = slot.shown();
        if b.deprecated != h.deprecated {
            let (kind, semver, message) = if h.deprecated {
                (ChangeKind::DeprecatedAdded, Semver::Minor, format!("{shown} is now deprecated"))
            } else {
                (ChangeKind::DeprecatedRemoved, Semver::Patch, format!("{shown} is no longer deprecated"))
            };
            self.push(
                slot.change(kind, Verdict::new(false, true, semver), message)
                    .with_values(Some(Value::Bool(b.deprecated)), Some(Value::Bool(h.deprecated))),
            );
        }
        if b.description.map(str::trim) != h.description.map(str::trim) {
            let to_value = |d: Option<&str>| d.map(|d| Value::String(d.to_string()));
            let message = format!("the description of {shown} changed");
            self.push(
                slot.change(ChangeKind::DescriptionChanged, Verdict::new(false, true, Semver::Patch), message)
                    .with_values(to_value(b.description), to_value(h.description)),
            );
        }
        if b.default != h.default {
            let message = format!("the default of {shown} changed");
            self.push(
                slot.change(ChangeKind::DefaultChanged, Verdict::new(false, true, Semver::Patch), message)
                    .with_values(b.default.cloned(), h.default.cloned()),
            );
        }
    }

    /// Properties added, removed, or changed in presence; then each kept one, compared.
    fn properties(
        &mut self,
        slot: &Slot,
        b: &View<'a>,
        h: &View<'a>,
        seen: &mut HashSet<(String, String)>,
        depth: usize,
    ) {
        let response = slot.response();
        let names: BTreeSet<&String> = b.properties.keys().chain(h.properties.keys()).collect();
        for name in names {
            let (b_required, h_required) = (b.required.contains(name), h.required.contains(name));
            let b_nullable = b.properties.get(name).is_some_and(|bp| view(self.base, bp, 0).nullable);
            let child = slot.child(
                join_field(&slot.field, name),
                SlotFacts { generated_as_option: generated_as_option(b_required, b_nullable) },
            );
            let shown = child.shown();
            match (b.properties.get(name), h.properties.get(name)) {
                (Some(bp), None) => {
                    // Removing a required field breaks readers, unless the generated field reads absence.
                    let breaking = response && b_required;
                    let tolerated = !response || child.facts.generated_as_option;
                    let message = format!("{shown} was removed{}", if b_required { " (it was required)" } else { "" });
                    self.push(
                        child
                            .change(
                                ChangeKind::PropertyRemoved,
                                Verdict::new(breaking, tolerated, Semver::Major),
                                message,
                            )
                            .with_values(shape_value(&Shape::of(self.base, bp, 0)), None),
                    );
                }
                (None, Some(hp)) => {
                    let breaking = !response && h_required;
                    let message = format!("{shown} was added{}", if h_required { " as required" } else { "" });
                    self.push(
                        child
                            .change(ChangeKind::PropertyAdded, Verdict::new(breaking, true, Semver::Minor), message)
                            .with_values(None, shape_value(&Shape::of(self.head, hp, 0))),
                    );
                }
                (Some(base), Some(head)) => {
                    if b_required != h_required {
                        let (kind, message) = if h_required {
                            (ChangeKind::PropertyBecameRequired, format!("{shown} is now required"))
                        } else {
                            (ChangeKind::PropertyBecameOptional, format!("{shown} may now be absent"))
                        };
                        let breaking = if response { !h_required } else { h_required };
                        let tolerated = !response || h_required || child.facts.generated_as_option;
                        self.push(
                            child
                                .change(kind, Verdict::new(breaking, tolerated, Semver::Major), message)
                                .with_values(Some(Value::Bool(b_required)), Some(Value::Bool(h_required))),
                        );
                    }
                    self.schema(&child, Pair { base, head }, seen, depth + 1);
                }
                (None, None) => {}
            }
        }
    }
}

/// What the generated code looks like where a schema is used.
#[derive(Clone, Copy)]
struct SlotFacts {
    /// The generated field is an `Option`, so it reads `null` and absence.
    generated_as_option: bool,
}

impl SlotFacts {
    const ROOT: Self = Self { generated_as_option: false };
}

/// Whether the generated field of a property reads `null` and absence: the policy codegen
/// follows (see `elevenlabs-codegen`'s `presence` module), stated once here for the
/// `tolerated` verdict. Every property but a required, non-nullable one is an `Option`.
pub fn generated_as_option(required: bool, nullable: bool) -> bool {
    !required || nullable
}

/// The JSON schema of a response or request body, if it has one.
fn json_body(object: &Value) -> Option<&Value> {
    let content = object.get("content")?.as_object()?;
    content
        .iter()
        .find(|(media, _)| media.starts_with("application/json") || media.ends_with("+json"))
        .and_then(|(_, media)| media.get("schema"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn document(user: Value, extra: Value) -> Value {
        let mut schemas = json!({"User": user});
        if let (Value::Object(schemas), Value::Object(extra)) = (&mut schemas, extra) {
            schemas.extend(extra);
        }
        json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/v1/user": {"get": {
                "parameters": [{"name": "xi-api-key", "in": "header", "required": false, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}}}}}},
            "components": {"schemas": schemas}
        })
    }

    fn kinds(changes: &[Change]) -> Vec<(String, ChangeKind, bool, bool, Semver)> {
        changes.iter().map(|c| (c.field.clone(), c.kind, c.breaking, c.tolerated, c.semver)).collect()
    }

    /// Found by the property test: a schema whose alternatives refer back to it was
    /// expanded again at every level, 2^64 times before the depth limit.
    #[test]
    fn self_referring_unions_are_compared_in_linear_time() {
        let looped = json!({
            "Loop": {"anyOf": [{"$ref": "#/components/schemas/Loop"}, {"$ref": "#/components/schemas/Loop"}, {"type": "string"}]},
            "Knot": {"allOf": [{"$ref": "#/components/schemas/Knot"}, {"$ref": "#/components/schemas/Knot"}], "type": "object"}
        });
        let base = document(
            json!({"properties": {"l": {"$ref": "#/components/schemas/Loop"}, "k": {"$ref": "#/components/schemas/Knot"}}}),
            looped.clone(),
        );
        let head = document(json!({"properties": {"l": {"$ref": "#/components/schemas/Loop"}}}), looped);
        assert!(diff_documents(&base, &base).unwrap().is_empty());
        let changes = diff_documents(&base, &head).unwrap();
        assert_eq!(changes.iter().map(|c| c.field.as_str()).collect::<Vec<_>>(), ["k"]);
    }

    #[test]
    fn a_document_equals_itself_and_its_respellings() {
        let base = document(
            json!({"properties": {"a": {"anyOf": [{"type": "integer"}, {"type": "null"}]}, "s": {"type": "string", "enum": ["x"]}}}),
            json!({}),
        );
        assert!(diff_documents(&base, &base).unwrap().is_empty());
        let respelled = document(
            json!({"properties": {"a": {"type": ["null", "integer"], "title": "A"}, "s": {"$ref": "#/components/schemas/S"}}}),
            json!({"S": {"type": "string", "enum": ["x"], "title": "S"}}),
        );
        assert_eq!(diff_documents(&base, &respelled).unwrap(), vec![]);
    }

    #[test]
    fn property_changes_and_their_verdicts() {
        let base = document(
            json!({"required": ["gone", "stays", "opt"], "properties": {
            "gone": {"type": "string"}, "stays": {"type": "integer"}, "opt": {"type": "integer"}, "null": {"type": "string"},
            "status": {"type": "string", "enum": ["a", "b"]}}}),
            json!({}),
        );
        let head = document(
            json!({"required": ["stays"], "properties": {
            "stays": {"type": ["integer", "null"]}, "opt": {"type": "integer"}, "null": {"type": "string"}, "new": {"type": "boolean"},
            "status": {"type": "string", "enum": ["a", "c"]}}}),
            json!({}),
        );
        let changes = diff_documents(&base, &head).unwrap();
        assert_eq!(
            kinds(&changes),
            vec![
                ("gone".into(), ChangeKind::PropertyRemoved, true, false, Semver::Major),
                ("new".into(), ChangeKind::PropertyAdded, false, true, Semver::Minor),
                ("opt".into(), ChangeKind::PropertyBecameOptional, true, false, Semver::Major),
                ("status".into(), ChangeKind::EnumValueAdded, true, true, Semver::Minor),
                ("status".into(), ChangeKind::EnumValueRemoved, false, true, Semver::Major),
                ("stays".into(), ChangeKind::PropertyBecameNullable, true, false, Semver::Major),
            ]
        );
        assert!(changes.iter().all(|c| c.operation == "GET /v1/user" && c.location == "response 200"));
    }

    #[test]
    fn paths_name_fields_from_the_body_root() {
        let base = document(
            json!({"properties": {"sub": {"$ref": "#/components/schemas/Sub"}, "list": {"type": "array", "items": {"$ref": "#/components/schemas/Sub"}}}}),
            json!({"Sub": {"properties": {"x": {"type": "string"}}}}),
        );
        let head = document(
            json!({"properties": {"sub": {"$ref": "#/components/schemas/Sub"}, "list": {"type": "array", "items": {"$ref": "#/components/schemas/Sub"}}}}),
            json!({"Sub": {"properties": {"x": {"type": "string", "deprecated": true, "description": "Old."}}}}),
        );
        let fields: Vec<(String, ChangeKind)> =
            diff_documents(&base, &head).unwrap().into_iter().map(|c| (c.field, c.kind)).collect();
        assert_eq!(
            fields,
            vec![
                ("list[].x".into(), ChangeKind::DeprecatedAdded),
                ("list[].x".into(), ChangeKind::DescriptionChanged),
                ("sub.x".into(), ChangeKind::DeprecatedAdded),
                ("sub.x".into(), ChangeKind::DescriptionChanged),
            ]
        );
    }

    #[test]
    fn operations_responses_and_parameters() {
        let base = document(json!({}), json!({}));
        let mut head = base.clone();
        head["paths"]["/v1/user"]["get"]["parameters"][0]["required"] = json!(true);
        head["paths"]["/v1/user"]["get"]["responses"]["422"] = json!({"description": "bad"});
        head["paths"]["/v1/voices"] = json!({"get": {"responses": {}}});
        let changes = diff_documents(&base, &head).unwrap();
        let summary: Vec<(String, ChangeKind, bool)> =
            changes.iter().map(|c| (c.location.to_string(), c.kind, c.breaking)).collect();
        assert_eq!(
            summary,
            vec![
                ("parameter header xi-api-key".into(), ChangeKind::ParameterChanged, true),
                ("response 422".into(), ChangeKind::ResponseAdded, false),
                ("operation".into(), ChangeKind::OperationAdded, false),
            ]
        );
        let swapped = diff_documents(&head, &base).unwrap();
        assert!(swapped.iter().any(|c| c.kind == ChangeKind::OperationRemoved && c.breaking));
    }

    #[test]
    fn lifting_an_enum_is_breaking_but_tolerated_by_open_enums() {
        let base = document(json!({"properties": {"s": {"type": "string", "enum": ["a"]}}}), json!({}));
        let head = document(json!({"properties": {"s": {"type": "string"}}}), json!({}));
        assert_eq!(
            kinds(&diff_documents(&base, &head).unwrap()),
            vec![("s".into(), ChangeKind::TypeChanged, true, true, Semver::Major)]
        );
        let integer = document(json!({"properties": {"s": {"type": "integer"}}}), json!({}));
        let change = &diff_documents(&base, &integer).unwrap()[0];
        assert_eq!((change.kind, change.breaking, change.tolerated), (ChangeKind::TypeChanged, true, false));
    }

    #[test]
    fn a_union_member_already_covered_adds_nothing_and_a_new_constant_is_a_new_value() {
        let sound = json!({"type": "string", "enum": ["typing", "elevator1"]});
        let with_off = |member: Value| json!({"anyOf": [member, {"type": "string", "const": "off"}, {"type": "null"}]});
        let schemas = |property: Value| json!({"properties": {"sound": property}});
        let components = |extra: Value| json!({"Sound": sound.clone(), "X": extra});

        // string → anyOf [string, const "off"]: exactly the same strings.
        let base = document(schemas(json!({"type": "string"})), json!({}));
        let head = document(schemas(with_off(json!({"type": "string"}))), json!({}));
        assert_eq!(
            kinds(&diff_documents(&base, &head).unwrap()),
            vec![("sound".into(), ChangeKind::PropertyBecameNullable, true, true, Semver::Major)]
        );

        // enum → anyOf [enum, const "off"]: one value more, which open enums read.
        let base = document(schemas(json!({"$ref": "#/components/schemas/Sound"})), components(json!({})));
        let head = document(schemas(with_off(json!({"$ref": "#/components/schemas/Sound"}))), components(json!({})));
        let changes = diff_documents(&base, &head).unwrap();
        let added: Vec<_> = changes.iter().filter(|c| c.kind == ChangeKind::EnumValueAdded).collect();
        assert_eq!(added.len(), 1, "{changes:#?}");
        assert_eq!((added[0].after.clone(), added[0].breaking, added[0].tolerated), (Some(json!("off")), true, true));
        assert!(changes.iter().all(|c| c.kind != ChangeKind::TypeChanged), "{changes:#?}");
    }

    #[test]
    fn locations_read_and_compare_as_their_text() {
        let parameter = Location::Parameter { place: "header".into(), name: "xi-api-key".into() };
        for (location, text) in [
            (Location::Operation, "operation"),
            (Location::Response("default".into()), "response default"),
            (Location::RequestBody, "request body"),
            (parameter, "parameter header xi-api-key"),
        ] {
            assert_eq!(location.to_string(), text);
            assert!(location == text && location != "response 999");
            assert_eq!(serde_json::to_value(&location).unwrap(), json!(text));
        }
        let operation: OperationRef = "GET /v1/user".parse().unwrap();
        assert!(operation == "GET /v1/user" && operation == "get /v1/user" && operation != "GET /v1/users");
    }

    #[test]
    fn reports_summarize() {
        let base = document(json!({"properties": {"s": {"type": "string", "enum": ["a"]}}}), json!({}));
        let head = document(json!({"properties": {"s": {"type": "string", "enum": ["a", "b"]}, "t": {}}}), json!({}));
        let report = Report::new("base", "head", diff_documents(&base, &head).unwrap());
        assert_eq!(report.summary, Summary { breaking: 1, non_breaking: 1, semver: Semver::Minor });
        assert_eq!(Report::new("a", "a", vec![]).summary.semver, Semver::None);
    }
}
