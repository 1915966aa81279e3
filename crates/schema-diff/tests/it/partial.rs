//! One construct that does not generate never hides the others: the operations it belongs
//! to are left out of the Rust comparison of both sides, named with where and why, and
//! everything else is compared.

use elevenlabs_schema_diff::{
    compare, ChangeKind, LeftOut, Named, OperationSet, Options, Report, RustApi, Semver, VerdictSource,
};
use serde_json::{json, Value};

/// `GET /v1/user` answering `user`, and `GET /v1/events` answering `events`, with its
/// `extensions`.
fn document(user: Value, events: Value, extensions: Value) -> Value {
    let ok = |schema: Value| json!({"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}});
    let mut events_operation = json!({"operationId": "get_events", "responses": ok(events)});
    if let (Some(operation), Value::Object(extensions)) = (events_operation.as_object_mut(), extensions) {
        operation.extend(extensions);
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/v1/user": {"get": {"operationId": "get_user", "responses": ok(json!({"$ref": "#/components/schemas/User"}))}},
            "/v1/events": {"get": events_operation}
        },
        "components": {"schemas": {"User": user}}
    })
}

/// The report of `base` to `head`.
fn compared(base: &Value, head: &Value, options: &Options) -> Report {
    compare(Named { name: "base", document: base }, Named { name: "head", document: head }, options).unwrap().report
}

/// Options that compare `operations` alone, as a workspace that records them.
fn recording(operations: &[&str]) -> Options {
    let operations = operations.iter().map(|o| o.parse().unwrap()).collect();
    Options { operations: OperationSet::Recorded(operations), ..Options::default() }
}

/// The one operation left out of the Rust comparison.
fn left_out_alone(report: &Report) -> &LeftOut {
    let RustApi::PartlyCompared { left_out } = &report.rust_api else { panic!("{:?}", report.rust_api) };
    let [alone] = &left_out[..] else { panic!("{left_out:?}") };
    alone
}

#[test]
fn an_operation_one_side_cannot_generate_is_left_out_and_the_rest_compared() {
    let user = |properties: Value| json!({"type": "object", "properties": properties});
    let base = document(user(json!({"id": {"type": "string"}})), json!({"type": "string"}), json!({}));
    // In HEAD the events become an integer, and the operation claims progenitor's websocket
    // extension without the 101 response it requires: progenitor refuses the operation.
    // The user gains a field.
    let head = document(
        user(json!({"id": {"type": "string"}, "name": {"type": "string"}})),
        json!({"type": "integer"}),
        json!({"x-dropshot-websocket": {}}),
    );
    let report = compared(&base, &head, &Options::default());
    let left_out = left_out_alone(&report);
    assert_eq!((left_out.operation.as_str(), left_out.side.as_str()), ("GET /v1/events", "HEAD"));
    assert_eq!(left_out.at.as_deref(), Some("/paths/~1v1~1events/get"));
    assert!(left_out.reason.contains("must include an explicit 101 response"), "{}", left_out.reason);
    // The rest was compared: the field added to the user is a Rust change with its cause.
    assert!(report.api_changes.iter().any(|c| c.item == "User::name"), "{:#?}", report.api_changes);
    assert_eq!(report.summary.unexplained, 0);
    let added = report.changes.iter().find(|c| c.kind == ChangeKind::PropertyAdded).unwrap();
    assert_eq!(added.rust_semver, Some(Semver::Minor));
    // The events' own change keeps the wire's estimate, and the verdict says so.
    let events = report.changes.iter().find(|c| c.operation == "GET /v1/events").expect("the events' type change");
    assert_eq!((events.kind, events.rust_semver), (ChangeKind::TypeChanged, None));
    assert_eq!(report.summary.semver_source, VerdictSource::RustAndWireEstimate);
    assert_eq!(report.summary.semver, Semver::Major, "the events' type change, estimated from the wire");
}

#[test]
fn a_type_json_schema_has_no_name_for_is_compared_on_the_wire_and_left_out_of_rust() {
    let user = json!({"type": "object", "properties": {"id": {"type": "string"}}});
    let base = document(user.clone(), json!({"type": "string"}), json!({}));
    // `int` is no JSON Schema type (oasdiff's suite has it): the generators refuse it, the
    // wire reads it as one more kind of value.
    let head = document(user, json!({"type": "int"}), json!({}));
    let report = compared(&base, &head, &Options::default());
    let left_out = left_out_alone(&report);
    assert_eq!(left_out.operation, "GET /v1/events");
    let at = "/paths/~1v1~1events/get/responses/200/content/application~1json/schema/type";
    assert_eq!(left_out.at.as_deref(), Some(at));
    assert!(left_out.reason.contains("unknown type \"int\""), "{}", left_out.reason);
    let [events] = &report.changes[..] else { panic!("{:#?}", report.changes) };
    assert_eq!((events.kind, events.breaking, events.rust_semver), (ChangeKind::TypeChanged, true, None));
    assert_eq!(report.summary.semver, Semver::Major);
}

#[test]
fn the_wire_speaks_of_the_operations_the_crates_hold() {
    let user = |properties: Value| json!({"type": "object", "properties": properties});
    let base = document(user(json!({"id": {"type": "string"}})), json!({"type": "string"}), json!({}));
    // Both operations change; the crates hold `GET /v1/user` alone, with its callback.
    let callbacks = json!({"callbacks": {"onEvent": {"{$request.body#/url}": {"post": {"responses": {"200": {"description": "ok"}}}}}}});
    let mut head = document(user(json!({"id": {"type": "integer"}})), json!({"type": "integer"}), json!({}));
    if let (Some(get), Value::Object(callbacks)) = (head["paths"]["/v1/user"]["get"].as_object_mut(), callbacks) {
        get.extend(callbacks);
    }
    let recorded = recording(&["GET /v1/user"]);
    let report = compared(&base, &head, &recorded);
    let operations: Vec<String> = report.changes.iter().map(|c| c.operation.to_string()).collect();
    assert_eq!(
        operations,
        ["GET /v1/user", "POST callback:/paths/~1v1~1user/get/callbacks/onEvent/{$request.body#~1url}"],
        "{:#?}",
        report.changes
    );
    assert_eq!(report.outside_the_crates, ["GET /v1/events"], "the report says what it left out");
    let every = compared(&base, &head, &Options::default());
    assert!(every.changes.iter().any(|c| c.operation == "GET /v1/events"), "{:#?}", every.changes);
    assert!(every.outside_the_crates.is_empty());
}

#[test]
fn a_recorded_operation_whose_path_parameter_was_renamed_is_still_compared() {
    let document = |path: &str, name: &str| {
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
            path: {"get": {"operationId": "get_pet",
                "parameters": [{"name": name, "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok"}}}},
            "/other": {"get": {"operationId": "other", "responses": {"200": {"description": "ok"}}}}
        }})
    };
    let (base, head) = (document("/pets/{id}", "id"), document("/pets/{petId}", "petId"));
    let recorded = recording(&["GET /pets/{id}"]);
    let report = compared(&base, &head, &recorded);
    assert_eq!(report.rust_api, RustApi::Compared, "{report:#?}");
    let kinds: Vec<ChangeKind> = report.changes.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, [ChangeKind::PathParameterRenamed], "{report:#?}");
    assert_eq!(report.outside_the_crates, ["GET /other"]);
    // Its setter is renamed, which the wire change explains.
    assert_eq!((report.summary.semver, report.summary.unexplained), (Semver::Major, 0), "{:#?}", report.api_changes);
}
