//! The semver verdict comes from the generated Rust: small hand-made documents, each
//! changing one thing, generated as `codegen` would and their public APIs compared.

use elevenlabs_codegen::{Comparison, Options};
use elevenlabs_spec::{ApiChangeKind, Overrides, Semver};
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

fn api_changes(base: &Value, head: &Value, overrides: &Overrides) -> Vec<(String, ApiChangeKind, Semver)> {
    let comparison = Comparison::new(base, head, overrides, &Options::default()).unwrap();
    let api = comparison.api();
    api.changes
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
