//! The semver verdict comes from the generated Rust: small hand-made documents, each
//! changing one thing, generated as `codegen` would and their public APIs compared.

use elevenlabs_schema_diff::{compare, ApiChangeKind, Cause, ChangeKind, Named, OperationSet, Options, Report, Semver};
use elevenlabs_spec::Overrides;
use serde_json::{json, Value};

/// A document whose `GET /v1/user` returns `User` with `properties`, plus `components`.
fn document(properties: Value, required: &[&str], components: Value) -> Value {
    let mut schemas = json!({"User": {"type": "object", "properties": properties, "required": required}});
    schemas.as_object_mut().unwrap().extend(components.as_object().cloned().unwrap_or_default());
    json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/v1/user": {"get": {"operationId": "get_user", "responses": {"200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}
        }}}}},
        "components": {"schemas": schemas}
    })
}

/// The report of `schema-diff` on two documents, every operation of either generated.
fn report(base: &Value, head: &Value, overrides: &Overrides) -> Report {
    let options = Options { overrides: overrides.clone(), ..Options::default() };
    let report = compare(Named { name: "base", document: base }, Named { name: "head", document: head }, &options)
        .unwrap()
        .report;
    assert_eq!(report.summary.unexplained, 0, "every Rust change has a cause: {:#?}", report.api_changes);
    report
}

fn api_changes(base: &Value, head: &Value, overrides: &Overrides) -> Vec<(String, ApiChangeKind, Semver)> {
    report(base, head, overrides)
        .api_changes
        .into_iter()
        .filter(|c| c.krate == "models" && !c.item.starts_with("builder::"))
        .map(|c| (c.item, c.kind, c.semver))
        .collect()
}

fn change(item: &str, kind: ApiChangeKind, semver: Semver) -> (String, ApiChangeKind, Semver) {
    (item.to_string(), kind, semver)
}

#[test]
fn an_inline_enum_moved_to_a_component_is_a_rename() {
    let status = json!({"type": "string", "enum": ["active", "trialing"]});
    let base = document(json!({"status": status}), &["status"], json!({}));
    let head = document(
        json!({"status": {"$ref": "#/components/schemas/SubscriptionStatusType"}}),
        &["status"],
        json!({"SubscriptionStatusType": status}),
    );
    assert_eq!(
        api_changes(&base, &head, &Overrides::default()),
        [change("UserStatus", ApiChangeKind::TypeRenamed, Semver::Major)]
    );
    // Pinning the name with an override leaves nothing to release.
    let pinned = Overrides::parse(
        &json!({"overrides": [{"op": "rename-schema", "schema": "SubscriptionStatusType", "to": "UserStatus", "reason": "keep the name"}]})
            .to_string(),
    )
    .unwrap();
    assert_eq!(api_changes(&base, &head, &pinned), []);
}

/// OpenAPI 3.1 lets a property refer to another schema's property. Referring to one takes
/// nothing from the schema that writes it: a plain string stays a `String` there, and an
/// inline object keeps its type and name, now shared.
#[test]
fn a_reference_to_another_schemas_property_adds_a_field_and_changes_no_other() {
    let plan = json!({"title": "Plan", "type": "object", "properties": {"seats": {"type": "integer"}}});
    let account = json!({"Account": {"type": "object", "properties": {"tier": {"type": "string"}, "plan": plan}}});
    let properties = json!({"account": {"$ref": "#/components/schemas/Account"}});
    let base = document(properties.clone(), &[], account.clone());
    let mut referring = properties.clone();
    referring["tier"] = json!({"$ref": "#/components/schemas/Account/properties/tier"});
    referring["plan"] = json!({"$ref": "#/components/schemas/Account/properties/plan"});
    let head = document(referring, &[], account);
    assert_eq!(
        api_changes(&base, &head, &Overrides::default()),
        [
            change("User::plan", ApiChangeKind::FieldAdded, Semver::Minor),
            change("User::tier", ApiChangeKind::FieldAdded, Semver::Minor),
        ]
    );
}

#[test]
fn nullability_changes_follow_the_rust_field() {
    let nullable_integer = json!({"anyOf": [{"type": "integer"}, {"type": "null"}]});
    let required_nullable = document(json!({"n": nullable_integer}), &["n"], json!({}));
    let optional_nullable = document(json!({"n": nullable_integer}), &[], json!({}));
    let optional = document(json!({"n": {"type": "integer"}}), &[], json!({}));
    // `Option<i64>` (null written back) becomes `Option<Option<i64>>` (absent and null
    // kept apart, with an accessor `n()`): a field type change in Rust, though every old
    // payload still decodes.
    let to_optional_nullable = [
        change("User::n", ApiChangeKind::FieldTypeChanged, Semver::Major),
        change("User::n", ApiChangeKind::MethodAdded, Semver::Minor),
    ];
    assert_eq!(api_changes(&required_nullable, &optional_nullable, &Overrides::default()), to_optional_nullable);
    assert_eq!(api_changes(&optional, &optional_nullable, &Overrides::default()), to_optional_nullable);
    // Only a description changes: no API change, and the wire's `patch` is the verdict.
    let described = document(json!({"n": {"type": "integer", "description": "N."}}), &[], json!({}));
    assert_eq!(api_changes(&optional, &described, &Overrides::default()), []);
}

#[test]
fn a_removal_restored_by_an_override_changes_nothing() {
    let key = json!({"anyOf": [{"type": "string"}, {"type": "null"}]});
    let base = document(json!({"id": {"type": "string"}, "xi_api_key": key}), &["id"], json!({}));
    let head = document(json!({"id": {"type": "string"}}), &["id"], json!({}));
    assert_eq!(
        api_changes(&base, &head, &Overrides::default()),
        [
            change("User::xi_api_key", ApiChangeKind::FieldRemoved, Semver::Major),
            change("User::xi_api_key", ApiChangeKind::MethodRemoved, Semver::Major),
        ]
    );
    let restored = Overrides::parse(
        &json!({"overrides": [{"op": "add-property", "schema": "User", "property": "xi_api_key", "definition": key, "reason": "r"}]})
            .to_string(),
    )
    .unwrap();
    assert_eq!(api_changes(&base, &head, &restored), []);
}

#[test]
fn values_fields_and_types_added_are_minor_and_removed_are_major() {
    let tier = |values: Value| json!({"Tier": {"type": "string", "enum": values}});
    let base = document(
        json!({"tier": {"$ref": "#/components/schemas/Tier"}, "old": {"type": "boolean"}}),
        &[],
        tier(json!(["free", "pro"])),
    );
    let head = document(
        json!({"tier": {"$ref": "#/components/schemas/Tier"}, "new": {"type": "boolean", "deprecated": true}}),
        &[],
        tier(json!(["free", "team"])),
    );
    assert_eq!(
        api_changes(&base, &head, &Overrides::default()),
        [
            change("Tier::Pro", ApiChangeKind::VariantRemoved, Semver::Major),
            change("User::old", ApiChangeKind::FieldRemoved, Semver::Major),
            change("Tier::Team", ApiChangeKind::VariantAdded, Semver::Minor),
            change("User::new", ApiChangeKind::FieldAdded, Semver::Minor),
        ]
    );
}

/// A second operation, `GET /v1/voices`, beside `GET /v1/user`, returning `Voices`.
fn with_voices(mut document: Value, voices: Value) -> Value {
    document["paths"]["/v1/voices"] = json!({"get": {"operationId": "get_voices", "responses": {"200": {
        "description": "ok",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Voices"}}}
    }}}});
    document["components"]["schemas"]["Voices"] = voices;
    document
}

#[test]
fn a_break_in_a_second_operation_gets_a_major_rust_verdict() {
    let user = || document(json!({"id": {"type": "string"}}), &["id"], json!({}));
    let voices = |required: &[&str]| json!({"type": "object", "required": required, "properties": {"voice_id": {"type": "string"}}});
    let (base, head) = (with_voices(user(), voices(&["voice_id"])), with_voices(user(), voices(&[])));
    let report = report(&base, &head, &Overrides::default());
    assert_eq!(report.summary.semver, Semver::Major, "{report:#?}");
    let change = report.changes.iter().find(|c| c.kind == ChangeKind::PropertyBecameOptional).unwrap();
    assert_eq!((change.operation.to_string().as_str(), change.rust_semver), ("GET /v1/voices", Some(Semver::Major)));
    assert!(report
        .api_changes
        .iter()
        .any(|c| c.item == "Voices::voice_id" && c.kind == ApiChangeKind::FieldTypeChanged));

    // Only `GET /v1/user` compared, as a workspace that vendors it alone: nothing changed.
    let options =
        Options { operations: OperationSet::Recorded(vec!["GET /v1/user".parse().unwrap()]), ..Options::default() };
    let alone = compare(Named { name: "b", document: &base }, Named { name: "h", document: &head }, &options).unwrap();
    assert_eq!(alone.report.summary.rust_semver, Some(Semver::None), "{:#?}", alone.report.api_changes);
    assert_eq!(alone.report.changes, [], "the wire speaks of the same operations");
}

#[test]
fn a_same_named_field_in_another_schema_bumps_only_its_own_type() {
    let user = document(
        json!({"status": {"type": "string"}, "voices": {"$ref": "#/components/schemas/Voices"}}),
        &["status"],
        json!({}),
    );
    let voices = |status: Value| json!({"type": "object", "required": ["status"], "properties": {"status": status}});
    let base = with_voices(user.clone(), voices(json!({"type": "string"})));
    let head = with_voices(user, voices(json!({"anyOf": [{"type": "string"}, {"type": "null"}]})));
    let report = report(&base, &head, &Overrides::default());
    let changed: Vec<&str> = report.api_changes.iter().map(|c| c.item.as_str()).collect();
    assert!(changed.contains(&"Voices::status") && !changed.iter().any(|i| i.starts_with("User::")), "{changed:?}");
    for change in report.changes.iter().filter(|c| c.kind == ChangeKind::PropertyBecameNullable) {
        // Found at `voices.status` of `GET /v1/user` and `status` of `GET /v1/voices`:
        // both live in `Voices`, and only there.
        assert_eq!(change.schema.as_ref().map(|s| s.component.as_str()), Some("Voices"), "{change:?}");
        assert_eq!(change.rust_semver, Some(Semver::Major));
    }
    for api in &report.api_changes {
        assert!(
            matches!(&api.cause, Cause::Wire { changes } if changes.iter().all(|i| report.changes[*i].schema.as_ref().unwrap().component == "Voices")),
            "{api:?}"
        );
    }
}

#[test]
fn a_field_an_example_stops_omitting_is_reported_with_that_cause() {
    let with_example = |example: Value| {
        let mut document =
            document(json!({"id": {"type": "string"}, "count": {"type": "integer"}}), &["id", "count"], json!({}));
        document["components"]["schemas"]["User"]["example"] = example;
        document
    };
    // BASE's example omits the required `count`, so BASE generates it as `Option<i64>`;
    // HEAD's example has it, so HEAD generates `i64`. The wire did not change.
    let base = with_example(json!({"id": "a"}));
    let head = with_example(json!({"id": "a", "count": 1}));
    let report = report(&base, &head, &Overrides::default());
    assert!(report.changes.is_empty(), "{:#?}", report.changes);
    let field = report.api_changes.iter().find(|c| c.item == "User::count").unwrap();
    assert_eq!((field.kind, field.semver), (ApiChangeKind::FieldTypeChanged, Semver::Major));
    assert!(
        matches!(&field.cause, Cause::Example { schema, property, .. } if schema == "User" && property == "count"),
        "{:?}",
        field.cause
    );
    assert_eq!(report.summary.semver, Semver::Major);
    let markdown = elevenlabs_schema_diff::render::render_markdown(&report, &Default::default());
    assert!(markdown.contains("example: `User.count` is required, and BASE's own example omits it"), "{markdown}");
}

#[test]
fn a_change_made_by_the_generator_alone_is_the_generators() {
    let user = document(json!({"id": {"type": "string"}}), &["id"], json!({}));
    let generated = elevenlabs_codegen::generate(&user, &Overrides::default(), &Default::default()).unwrap();
    // BASE's crates as an older codegen might have committed them: the field was `ident`.
    let committed_models = generated.models.replace("pub id:", "pub ident:");
    assert_ne!(committed_models, generated.models);
    let options = Options { base_sources: Some((committed_models, generated.client)), ..Options::default() };
    let report =
        compare(Named { name: "b", document: &user }, Named { name: "h", document: &user }, &options).unwrap().report;
    assert!(report.changes.is_empty());
    let fields: Vec<(&str, ApiChangeKind)> =
        report.api_changes.iter().filter(|c| c.item.starts_with("User::")).map(|c| (c.item.as_str(), c.kind)).collect();
    assert_eq!(fields, [("User::ident", ApiChangeKind::FieldRemoved), ("User::id", ApiChangeKind::FieldAdded)]);
    assert!(report.api_changes.iter().all(|c| matches!(c.cause, Cause::Generator { .. })), "{:#?}", report.api_changes);
    assert_eq!((report.summary.semver, report.summary.unexplained), (Semver::Major, 0));
}
