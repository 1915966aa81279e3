//! Properties of loading, extraction, normalization and schema-diff on arbitrary JSON and
//! on arbitrary schema-shaped documents. `cargo test` runs a bounded number of cases; set
//! `PROPTEST_CASES` for more.

use elevenlabs_schema_diff::{diff_documents, Change, ChangeKind};
use elevenlabs_spec::{extract_operation, normalize, parse_bytes, Document, OperationRef};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        "[a-z$#/{}\\[\\]]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key(), inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Keys that mean something to OpenAPI, mixed with noise.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "openapi",
            "paths",
            "components",
            "schemas",
            "get",
            "responses",
            "200",
            "content",
            "application/json",
            "schema",
            "$ref",
            "type",
            "nullable",
            "anyOf",
            "oneOf",
            "allOf",
            "properties",
            "required",
            "items",
            "enum",
            "const",
            "examples",
            "example",
            "default",
            "description",
            "deprecated",
            "parameters",
            "in",
            "name",
        ])
        .prop_map(str::to_string),
        "[a-z]{1,6}",
    ]
}

const NAMES: &[&str] = &["User", "Sub", "Status", "Missing"];

/// A schema built from the keywords the real documents use, including broken ones.
fn schema() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        prop::sample::select(vec!["string", "integer", "number", "boolean", "object", "array", "null"])
            .prop_map(|t| json!({"type": t})),
        prop::sample::select(NAMES.to_vec()).prop_map(|n| json!({"$ref": format!("#/components/schemas/{n}")})),
        prop::collection::vec(prop::sample::select(vec!["a", "b", "c"]), 1..4)
            .prop_map(|v| json!({"type": "string", "enum": v})),
        Just(json!({"type": ["integer", "null"]})),
        Just(json!({"const": "unlimited"})),
        Just(json!({"type": "null"})),
        Just(json!(true)),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..4).prop_map(|v| json!({"anyOf": v})),
            prop::collection::vec(inner.clone(), 1..3).prop_map(|v| json!({"oneOf": v, "description": "d"})),
            inner.clone().prop_map(|s| json!({"allOf": [s], "nullable": true})),
            inner.clone().prop_map(|s| json!({"type": "array", "items": s})),
            (prop::collection::btree_map("[a-d]", inner.clone(), 0..4), prop::collection::vec("[a-d]", 0..3))
                .prop_map(|(props, required)| json!({"type": "object", "properties": props, "required": required})),
            (inner, any::<bool>()).prop_map(|(s, deprecated)| {
                let mut s = s;
                if let Value::Object(o) = &mut s {
                    o.insert("deprecated".into(), Value::Bool(deprecated));
                    o.insert("examples".into(), json!([1]));
                }
                s
            }),
        ]
    })
}

fn document() -> impl Strategy<Value = Value> {
    (
        prop::collection::btree_map(prop::sample::select(NAMES[..3].to_vec()), schema(), 0..4),
        schema(),
        prop::sample::select(vec!["3.0.3", "3.1.0", "3.2.0"]),
    )
        .prop_map(|(components, body, version)| {
            let schemas: Map<String, Value> = components.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            // From 3.1, the API also sends the body to its users' servers, as a webhook.
            let webhooks = match version {
                "3.0.3" => json!({}),
                _ => json!({"event": {"post": {
                    "requestBody": {"content": {"application/json": {"schema": body.clone()}}},
                    "responses": {"200": {"description": "ok"}}
                }}}),
            };
            json!({
                "webhooks": webhooks,
                "openapi": version,
                "info": {"title": "t", "version": "1"},
                "paths": {"/v1/user": {"get": {
                    "parameters": [{"name": "xi-api-key", "in": "header", "schema": {"type": ["string", "null"]}}],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": body}}}}
                }}},
                "components": {"schemas": schemas}
            })
        })
}

fn user() -> OperationRef {
    "GET /v1/user".parse().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn nothing_panics_on_arbitrary_json(value in arbitrary_json()) {
        let bytes = serde_json::to_vec(&value).unwrap();
        let _ = parse_bytes(&bytes);
        if let Ok(document) = Document::from_value(value.clone()) {
            let _ = extract_operation(&document, &user());
        }
        let _ = normalize(&value);
        let _ = diff_documents(&value, &value);
        let _ = elevenlabs_spec::check_references(&value);
    }

    #[test]
    fn nothing_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = parse_bytes(&bytes);
    }

    #[test]
    fn normalization_is_idempotent(document in document()) {
        if let Ok(once) = normalize(&document) {
            prop_assert_eq!(normalize(&once).unwrap(), once);
        }
    }

    #[test]
    fn a_document_against_itself_reports_nothing(document in document()) {
        if let Ok(changes) = diff_documents(&document, &document) {
            prop_assert!(changes.is_empty(), "{changes:#?}");
        }
        if let Ok(fragment) = Document::from_value(document).and_then(|d| extract_operation(&d, &user())) {
            prop_assert!(diff_documents(&fragment, &fragment).unwrap().is_empty());
        }
    }

    #[test]
    fn swapping_base_and_head_swaps_added_and_removed(base in document(), head in document()) {
        let (Ok(forward), Ok(backward)) = (diff_documents(&base, &head), diff_documents(&head, &base)) else {
            return Ok(());
        };
        let fields = |changes: &[Change], kind| {
            let mut fields: Vec<(String, String)> =
                changes.iter().filter(|c| c.kind == kind).map(|c| (c.location.to_string(), c.field.clone())).collect();
            fields.sort();
            fields
        };
        prop_assert_eq!(fields(&forward, ChangeKind::PropertyAdded), fields(&backward, ChangeKind::PropertyRemoved));
        prop_assert_eq!(fields(&forward, ChangeKind::PropertyRemoved), fields(&backward, ChangeKind::PropertyAdded));
    }
}
