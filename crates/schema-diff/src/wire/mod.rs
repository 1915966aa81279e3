//! The wire engine: two OpenAPI documents compared by meaning. Both are normalized, `$ref`s
//! are followed, and every change is named by operation, location and field path from the
//! body root, so key order, inline schemas moved into `components`, and the three
//! spellings of nullable report nothing.
//!
//! The engine walks both documents in step and finds changes with the facts of their site;
//! what each kind of change means, and its verdicts, are [`crate::rules`]'.

pub(crate) mod view;

use std::collections::{BTreeSet, HashSet};

use elevenlabs_spec::{normalize, operations, OperationRef, Result};
use serde_json::Value;

use crate::change::{Change, ChangeKind, Location, SchemaSite};
use crate::rules::{Facts, Subject};
use view::{view, View, MAX_DEPTH};

/// Compares two OpenAPI documents (fragments or full documents) by meaning.
/// A `$ref` to nothing compares as an empty schema; check documents first with
/// [`elevenlabs_spec::check_references`] to refuse them instead.
pub fn diff_documents(base: &Value, head: &Value) -> Result<Vec<Change>> {
    let base = normalize(base)?;
    let head = normalize(head)?;
    let mut differ = Differ { base: &base, head: &head, changes: Vec::new() };
    let base_operations: BTreeSet<OperationRef> = operations(&base).into_iter().collect();
    let head_operations: BTreeSet<OperationRef> = operations(&head).into_iter().collect();
    for operation in base_operations.union(&head_operations) {
        differ.operation(operation);
    }
    Ok(differ.changes)
}

/// The operation and location the changes being found belong to.
pub(crate) struct Site {
    pub(crate) operation: OperationRef,
    pub(crate) location: Location,
}

impl Site {
    /// A change at the site itself (an operation, response or parameter), not in a body.
    pub(crate) fn change(&self, found: Found) -> Change {
        let shown = match &self.location {
            Location::Parameter { place, name } => format!("{place} parameter {name}"),
            other => other.to_string(),
        };
        found.into_change(self, "", &shown, None, None)
    }
}

/// A change as detection finds it, before its rule gives it verdicts and a message.
pub(crate) struct Found {
    pub(crate) kind: ChangeKind,
    pub(crate) facts: Facts,
    pub(crate) before: Option<Value>,
    pub(crate) after: Option<Value>,
}

impl Found {
    pub(crate) fn new(kind: ChangeKind, facts: Facts, before: Option<Value>, after: Option<Value>) -> Self {
        Self { kind, facts, before, after }
    }

    fn into_change(
        self,
        site: &Site,
        field: &str,
        shown: &str,
        schema: Option<SchemaSite>,
        head_schema: Option<SchemaSite>,
    ) -> Change {
        let rule = self.kind.rule();
        let verdict = rule.verdict(site.location.direction(), &self.facts);
        let operation = site.operation.to_string();
        let message = (rule.message)(&Subject {
            operation: &operation,
            shown,
            before: self.before.as_ref(),
            after: self.after.as_ref(),
            facts: self.facts,
        });
        let (schema, head_schema) = match schema {
            Some(schema) => {
                let head_schema = head_schema.filter(|h| *h != schema);
                (Some(schema), head_schema)
            }
            None => (head_schema, None),
        };
        Change {
            operation: site.operation.clone(),
            location: site.location.clone(),
            field: field.to_string(),
            kind: self.kind,
            breaking: verdict.breaking,
            tolerated: verdict.tolerated,
            wire_semver: verdict.wire_semver,
            rust_semver: None,
            schema,
            head_schema,
            before: self.before,
            after: self.after,
            message,
        }
    }
}

fn join_field(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_string()
    } else {
        format!("{parent}.{name}")
    }
}

/// One schema position being compared: where it is, the schema it lives in on each side,
/// and how BASE's generated code holds it.
pub(crate) struct Slot<'s> {
    pub(crate) site: &'s Site,
    pub(crate) field: String,
    pub(crate) base_schema: Option<SchemaSite>,
    pub(crate) head_schema: Option<SchemaSite>,
    /// BASE's generated field is an `Option`, so it reads `null` and absence.
    pub(crate) base_field_is_option: bool,
}

impl Slot<'_> {
    /// How messages name the position: `` `subscription.status` `` or `the body`.
    fn shown(&self) -> String {
        if self.field.is_empty() {
            "the body".to_string()
        } else {
            format!("`{}`", self.field)
        }
    }

    pub(crate) fn change(&self, found: Found) -> Change {
        let schema = if found.kind == ChangeKind::PropertyAdded { None } else { self.base_schema.clone() };
        found.into_change(self.site, &self.field, &self.shown(), schema, self.head_schema.clone())
    }

    /// The slot of `name`, a property of this slot's schema (seen as `b` and `h`).
    fn property(&self, name: &str, b: &View, h: &View, base_field_is_option: bool) -> Slot<'_> {
        Slot {
            site: self.site,
            field: join_field(&self.field, name),
            base_schema: within(&self.base_schema, b, name),
            head_schema: within(&self.head_schema, h, name),
            base_field_is_option,
        }
    }

    /// The slot of this slot's array items.
    fn items(&self, b: &View, h: &View) -> Slot<'_> {
        let items = |site: &Option<SchemaSite>, view: &View| {
            component_of(view).map(|component| SchemaSite { component, path: "[]".into() }).or_else(|| {
                site.as_ref().map(|s| SchemaSite { component: s.component.clone(), path: format!("{}[]", s.path) })
            })
        };
        Slot {
            site: self.site,
            field: format!("{}[]", self.field),
            base_schema: items(&self.base_schema, b),
            head_schema: items(&self.head_schema, h),
            base_field_is_option: false,
        }
    }
}

/// The site of property `name` of a schema seen as `view`, which lives at `site`: in the
/// component the schema refers to, or further along the path in the same one.
fn within(site: &Option<SchemaSite>, view: &View, name: &str) -> Option<SchemaSite> {
    match component_of(view) {
        Some(component) => Some(SchemaSite { component, path: name.to_string() }),
        None => site.as_ref().map(|s| SchemaSite { component: s.component.clone(), path: join_field(&s.path, name) }),
    }
}

/// The component a view's `$ref` names.
fn component_of(view: &View) -> Option<String> {
    let name = view.reference.as_deref()?.strip_prefix("#/components/schemas/")?;
    (!name.contains('/')).then(|| elevenlabs_spec::pointer::unescape(name))
}

/// The pair of schemas compared at one slot, before and after.
pub(crate) struct Pair<'a> {
    pub(crate) base: &'a Value,
    pub(crate) head: &'a Value,
}

pub(crate) struct Differ<'a> {
    pub(crate) base: &'a Value,
    pub(crate) head: &'a Value,
    pub(crate) changes: Vec<Change>,
}

impl<'a> Differ<'a> {
    pub(crate) fn push(&mut self, change: Change) {
        self.changes.push(change);
    }

    /// The bodies of a response or request in both documents, compared from their root.
    pub(crate) fn body(&mut self, site: &Site, pair: Pair<'a>) {
        let root_site = |view: View| component_of(&view).map(|component| SchemaSite { component, path: String::new() });
        let root = Slot {
            site,
            field: String::new(),
            base_schema: root_site(view(self.base, pair.base, 0)),
            head_schema: root_site(view(self.head, pair.head, 0)),
            base_field_is_option: false,
        };
        self.schema(&root, pair, &mut HashSet::new(), 0);
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
        let names: BTreeSet<&String> = b.properties.keys().chain(h.properties.keys()).collect();
        for name in names {
            let b_nullable = b.properties.get(name).is_some_and(|bp| view(self.base, bp, 0).nullable);
            let option = elevenlabs_codegen::generated_as_option(b.required.contains(name), b_nullable);
            let child = slot.property(name, &b, &h, option);
            if let Some(pair) = self.presence(&child, name, &b, &h) {
                self.schema(&child, pair, seen, depth + 1);
            }
        }
        if let (Some(base), Some(head)) = (b.items, h.items) {
            self.schema(&slot.items(&b, &h), Pair { base, head }, seen, depth + 1);
        }
    }
}

/// The JSON schema of a response or request body, if it has one.
pub(crate) fn json_body(object: &Value) -> Option<&Value> {
    let content = object.get("content")?.as_object()?;
    content
        .iter()
        .find(|(media, _)| media.starts_with("application/json") || media.ends_with("+json"))
        .and_then(|(_, media)| media.get("schema"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::change::Semver;
    use crate::report::{Report, RustApi, Summary, VerdictSource};
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
        changes.iter().map(|c| (c.field.clone(), c.kind, c.breaking, c.tolerated, c.wire_semver)).collect()
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
        let report = Report::new("base", "head", diff_documents(&base, &head).unwrap(), vec![], RustApi::NotAsked);
        assert_eq!(
            report.summary,
            Summary {
                breaking: 1,
                non_breaking: 1,
                semver: Semver::Minor,
                semver_source: VerdictSource::WireEstimate,
                rust_semver: None,
                wire_semver: Semver::Minor,
                unexplained: 0
            }
        );
        let nothing = Report::new("a", "a", vec![], vec![], RustApi::Compared);
        assert_eq!((nothing.summary.semver, nothing.summary.semver_source), (Semver::None, VerdictSource::Rust));
    }
}
