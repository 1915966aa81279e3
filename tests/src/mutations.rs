//! Mutations of documents from the test grammar, one per kind of wire change: each turns a
//! document into a pair (BASE, HEAD) that differs by one change of its kind, so schema-diff
//! can be held to its promises on documents nobody wrote by hand. A kind whose opposite
//! is a kind of its own (added, removed) is made by swapping its pair.

use serde_json::{json, Map, Value};

/// One kind's mutation: `make` gives (BASE, HEAD) from a grammar document, or `None` when
/// the document has no place for it.
pub struct Mutation {
    /// The change kind's id, such as `enum-value-added`.
    pub kind: &'static str,
    pub make: fn(&Value) -> Option<(Value, Value)>,
}

/// The grammar document's one operation, as `(path, operation)`.
fn operation(document: &mut Value) -> Option<&mut Map<String, Value>> {
    let paths = document.get_mut("paths")?.as_object_mut()?;
    paths.values_mut().next()?.get_mut("get")?.as_object_mut()
}

fn root(document: &mut Value) -> Option<&mut Map<String, Value>> {
    document.pointer_mut("/components/schemas/Root")?.as_object_mut()
}

/// The document with a property `name` of `schema` on `Root`, in both BASE and HEAD, then
/// changed in HEAD by `change`.
fn with_property(document: &Value, name: &str, base: Value, head: Value) -> Option<(Value, Value)> {
    let mut before = document.clone();
    root(&mut before)?.entry("properties").or_insert_with(|| json!({})).as_object_mut()?.insert(name.into(), base);
    let mut after = document.clone();
    root(&mut after)?.entry("properties").or_insert_with(|| json!({})).as_object_mut()?.insert(name.into(), head);
    Some((before, after))
}

/// `document` as BASE and `change` applied to a copy of it as HEAD.
fn changed(document: &Value, change: impl FnOnce(&mut Value) -> Option<()>) -> Option<(Value, Value)> {
    let mut head = document.clone();
    change(&mut head)?;
    Some((document.clone(), head))
}

/// A string property `name` on `Root`, marked `keyword: true` in HEAD.
fn marked(document: &Value, name: &str, keyword: &str) -> Option<(Value, Value)> {
    with_property(document, name, json!({"type": "string"}), json!({"type": "string", keyword: true}))
}

/// A property of `Root` that runs through 70 components, past the 64 levels a comparison
/// walks, to a leaf whose type changes in HEAD.
fn chain_past_the_depth_a_comparison_walks(document: &Value) -> Option<(Value, Value)> {
    let chained = |leaf: &str| {
        let mut side = document.clone();
        let schemas = side.pointer_mut("/components/schemas")?.as_object_mut()?;
        for link in 0..70 {
            let next = json!({"$ref": format!("#/components/schemas/ChainLink{}", link + 1)});
            schemas.insert(format!("ChainLink{link}"), json!({"type": "object", "properties": {"next": next}}));
        }
        schemas.insert("ChainLink70".into(), json!({"type": "object", "properties": {"leaf": {"type": leaf}}}));
        let properties = root(&mut side)?.entry("properties").or_insert_with(|| json!({})).as_object_mut()?;
        properties.insert("chain".into(), json!({"$ref": "#/components/schemas/ChainLink0"}));
        Some(side)
    };
    Some((chained("string")?, chained("integer")?))
}

fn swapped(pair: Option<(Value, Value)>) -> Option<(Value, Value)> {
    pair.map(|(base, head)| (head, base))
}

fn ok_response() -> Value {
    json!({"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Root"}}}})
}

fn add_operation(document: &Value) -> Option<(Value, Value)> {
    changed(document, |d| {
        d["paths"]["/v1/other"] = json!({"get": {"operationId": "get_other", "responses": {"200": ok_response()}}});
        Some(())
    })
}

/// BASE lets anyone call; HEAD requires the `xi-api-key` header, a scheme both define.
fn require_key(document: &Value) -> Option<(Value, Value)> {
    let mut base = document.clone();
    base.get_mut("components")?
        .as_object_mut()?
        .insert("securitySchemes".into(), json!({"Key": {"type": "apiKey", "in": "header", "name": "xi-api-key"}}));
    changed(&base, |d| {
        operation(d)?.insert("security".into(), json!([{"Key": []}]));
        Some(())
    })
}

/// The operation's `200` response declaring the header `song-id` as `base` says in BASE
/// and `head` in HEAD (`None`: not declared).
fn with_response_header(document: &Value, base: Option<Value>, head: Option<Value>) -> Option<(Value, Value)> {
    let declared = |header: Option<Value>| -> Option<Value> {
        let mut document = document.clone();
        // A response given by reference is changed where it is written.
        let reference = operation(&mut document)?.get("responses")?.get("200")?.get("$ref").and_then(Value::as_str);
        let response = match reference.map(str::to_string) {
            Some(target) => document.pointer_mut(target.strip_prefix('#')?)?,
            None => operation(&mut document)?.get_mut("responses")?.get_mut("200")?,
        }
        .as_object_mut()?;
        if let Some(header) = header {
            response.insert("headers".into(), json!({ "song-id": header }));
        }
        Some(document)
    };
    Some((declared(base)?, declared(head)?))
}

fn song_id(required: bool) -> Value {
    json!({"required": required, "schema": {"type": "string"}})
}

fn add_response(document: &Value) -> Option<(Value, Value)> {
    changed(document, |d| {
        operation(d)?.get_mut("responses")?.as_object_mut()?.insert("404".into(), json!({"description": "not found"}));
        Some(())
    })
}

fn add_request_body(document: &Value) -> Option<(Value, Value)> {
    changed(document, |d| {
        operation(d)?.insert(
            "requestBody".into(),
            json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Root"}}}}),
        );
        Some(())
    })
}

fn require_request_body(document: &Value) -> Option<(Value, Value)> {
    let (_, with_body) = add_request_body(document)?;
    changed(&with_body, |d| {
        operation(d)?.get_mut("requestBody")?.as_object_mut()?.insert("required".into(), json!(true));
        Some(())
    })
}

fn add_media_type(document: &Value) -> Option<(Value, Value)> {
    changed(document, |d| {
        let content = operation(d)?.get_mut("responses")?.get_mut("200")?.get_mut("content")?.as_object_mut()?;
        content.insert("text/csv".into(), json!({"schema": {"type": "string"}}));
        Some(())
    })
}

fn add_parameter(document: &Value) -> Option<(Value, Value)> {
    changed(document, |d| {
        let operation = operation(d)?;
        let parameters = operation.entry("parameters").or_insert_with(|| json!([])).as_array_mut()?;
        parameters.push(json!({"name": "limit", "in": "query", "schema": {"type": "integer"}}));
        Some(())
    })
}

/// A document whose operation has the query parameter `page` as `base`, and as `head` in
/// HEAD.
fn with_parameter(document: &Value, base: Value, head: Value) -> Option<(Value, Value)> {
    let with = |parameter: Value| -> Option<Value> {
        let mut d = document.clone();
        let operation = operation(&mut d)?;
        let parameters = operation.entry("parameters").or_insert_with(|| json!([])).as_array_mut()?;
        parameters.push(parameter);
        Some(d)
    };
    Some((with(base)?, with(head)?))
}

fn rename_path_parameter(document: &Value) -> Option<(Value, Value)> {
    let with = |name: &str| -> Value {
        let mut d = document.clone();
        d["paths"][format!("/v1/items/{{{name}}}")] = json!({"get": {
            "operationId": "get_item",
            "parameters": [{"name": name, "in": "path", "required": true, "schema": {"type": "string"}}],
            "responses": {"200": ok_response()}
        }});
        d
    };
    Some((with("id"), with("item_id")))
}

fn union(members: Value) -> Value {
    json!({"oneOf": members})
}

/// `pet`, an `anyOf` of two objects a value may match both of, becomes a `oneOf`.
fn union_of_objects_made_exclusive(document: &Value) -> Option<(Value, Value)> {
    let members = json!([
        {"type": "object", "properties": {"name": {"type": "string"}, "barks": {"type": "boolean"}}},
        {"type": "object", "properties": {"name": {"type": "string"}, "lives": {"type": "integer"}}}
    ]);
    with_property(document, "pet", json!({"anyOf": members.clone()}), json!({"oneOf": members}))
}

/// Every mutation, one per kind of wire change.
pub const MUTATIONS: &[Mutation] = &[
    Mutation { kind: "operation-added", make: add_operation },
    Mutation { kind: "operation-removed", make: |d| swapped(add_operation(d)) },
    Mutation { kind: "compared-in-part", make: chain_past_the_depth_a_comparison_walks },
    Mutation {
        kind: "operation-id-changed",
        make: |d| {
            changed(d, |d| {
                operation(d)?.insert("operationId".into(), json!("fetch_user"));
                Some(())
            })
        },
    },
    Mutation { kind: "path-parameter-renamed", make: rename_path_parameter },
    Mutation { kind: "response-added", make: add_response },
    Mutation { kind: "response-removed", make: |d| swapped(add_response(d)) },
    Mutation { kind: "request-body-added", make: add_request_body },
    Mutation { kind: "request-body-removed", make: |d| swapped(add_request_body(d)) },
    Mutation { kind: "request-body-became-required", make: require_request_body },
    Mutation { kind: "request-body-became-optional", make: |d| swapped(require_request_body(d)) },
    Mutation { kind: "media-type-added", make: add_media_type },
    Mutation { kind: "media-type-removed", make: |d| swapped(add_media_type(d)) },
    Mutation { kind: "parameter-added", make: add_parameter },
    Mutation { kind: "parameter-removed", make: |d| swapped(add_parameter(d)) },
    Mutation {
        kind: "parameter-became-required",
        make: |d| {
            with_parameter(
                d,
                json!({"name": "page", "in": "query", "schema": {"type": "integer"}}),
                json!({"name": "page", "in": "query", "required": true, "schema": {"type": "integer"}}),
            )
        },
    },
    Mutation {
        kind: "parameter-became-optional",
        make: |d| {
            swapped(with_parameter(
                d,
                json!({"name": "page", "in": "query", "schema": {"type": "integer"}}),
                json!({"name": "page", "in": "query", "required": true, "schema": {"type": "integer"}}),
            ))
        },
    },
    Mutation {
        kind: "parameter-style-changed",
        make: |d| {
            with_parameter(
                d,
                json!({"name": "ids", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}}),
                json!({"name": "ids", "in": "query", "explode": false, "schema": {"type": "array", "items": {"type": "string"}}}),
            )
        },
    },
    Mutation { kind: "response-header-added", make: |d| with_response_header(d, None, Some(song_id(false))) },
    Mutation { kind: "response-header-removed", make: |d| with_response_header(d, Some(song_id(true)), None) },
    Mutation {
        kind: "response-header-became-required",
        make: |d| with_response_header(d, Some(song_id(false)), Some(song_id(true))),
    },
    Mutation {
        kind: "response-header-became-optional",
        make: |d| with_response_header(d, Some(song_id(true)), Some(song_id(false))),
    },
    Mutation { kind: "security-requirement-added", make: |d| swapped(require_key(d)) },
    Mutation { kind: "security-requirement-removed", make: require_key },
    Mutation {
        kind: "security-scheme-changed",
        make: |d| {
            let (_, with_key) = require_key(d)?;
            changed(&with_key, |d| {
                d["components"]["securitySchemes"]["Key"]["name"] = json!("authorization");
                Some(())
            })
        },
    },
    Mutation {
        kind: "property-added",
        make: |d| {
            changed(d, |d| {
                let properties = root(d)?.entry("properties").or_insert_with(|| json!({}));
                properties.as_object_mut()?.insert("added_field".into(), json!({"type": "string"}));
                Some(())
            })
        },
    },
    Mutation {
        kind: "property-removed",
        make: |d| {
            swapped(changed(d, |d| {
                let properties = root(d)?.entry("properties").or_insert_with(|| json!({}));
                properties.as_object_mut()?.insert("added_field".into(), json!({"type": "string"}));
                Some(())
            }))
        },
    },
    Mutation {
        kind: "property-became-required",
        make: |d| {
            let (base, mut head) = with_property(d, "flag", json!({"type": "boolean"}), json!({"type": "boolean"}))?;
            let required = root(&mut head)?.entry("required").or_insert_with(|| json!([]));
            required.as_array_mut()?.push(json!("flag"));
            Some((base, head))
        },
    },
    Mutation {
        kind: "property-became-optional",
        make: |d| {
            let (base, mut head) = with_property(d, "flag", json!({"type": "boolean"}), json!({"type": "boolean"}))?;
            let required = root(&mut head)?.entry("required").or_insert_with(|| json!([]));
            required.as_array_mut()?.push(json!("flag"));
            Some((head, base))
        },
    },
    Mutation {
        kind: "property-became-nullable",
        make: |d| with_property(d, "count", json!({"type": "integer"}), json!({"type": ["integer", "null"]})),
    },
    Mutation {
        kind: "property-became-non-nullable",
        make: |d| with_property(d, "count", json!({"type": ["integer", "null"]}), json!({"type": "integer"})),
    },
    Mutation {
        kind: "type-changed",
        make: |d| with_property(d, "amount", json!({"type": "string"}), json!({"type": "integer"})),
    },
    Mutation {
        kind: "format-changed",
        make: |d| with_property(d, "amount", json!({"type": "integer", "format": "int32"}), json!({"type": "integer"})),
    },
    Mutation {
        kind: "constraint-changed",
        make: |d| with_property(d, "code", json!({"type": "string"}), json!({"type": "string", "maxLength": 8})),
    },
    Mutation {
        kind: "enum-value-added",
        make: |d| {
            with_property(
                d,
                "tier",
                json!({"type": "string", "enum": ["free", "pro"]}),
                json!({"type": "string", "enum": ["free", "pro", "team"]}),
            )
        },
    },
    Mutation {
        kind: "enum-value-removed",
        make: |d| {
            with_property(
                d,
                "tier",
                json!({"type": "string", "enum": ["free", "pro", "team"]}),
                json!({"type": "string", "enum": ["free", "pro"]}),
            )
        },
    },
    Mutation {
        kind: "union-member-added",
        make: |d| {
            with_property(
                d,
                "payment",
                union(json!([{"type": "string"}, {"type": "integer"}])),
                union(
                    json!([{"type": "string"}, {"type": "integer"}, {"type": "object", "properties": {"iban": {"type": "string"}}}]),
                ),
            )
        },
    },
    Mutation {
        kind: "union-member-removed",
        make: |d| {
            with_property(
                d,
                "payment",
                union(json!([{"type": "string"}, {"type": "integer"}, {"type": "boolean"}])),
                union(json!([{"type": "string"}, {"type": "integer"}])),
            )
        },
    },
    Mutation { kind: "union-became-exclusive", make: union_of_objects_made_exclusive },
    Mutation { kind: "union-became-inclusive", make: |d| swapped(union_of_objects_made_exclusive(d)) },
    Mutation {
        kind: "all-of-part-added",
        make: |d| {
            let part = |name: &str| json!({"type": "object", "properties": {name: {"type": "string"}}});
            with_property(
                d,
                "owner",
                json!({"allOf": [part("name")]}),
                json!({"allOf": [part("name"), {"title": "Contact", "type": "object", "properties": {"email": {"type": "string"}}}]}),
            )
        },
    },
    Mutation {
        kind: "all-of-part-removed",
        make: |d| {
            let part = |name: &str| json!({"type": "object", "properties": {name: {"type": "string"}}});
            with_property(
                d,
                "owner",
                json!({"allOf": [part("name"), {"title": "Contact", "type": "object", "properties": {"email": {"type": "string"}}}]}),
                json!({"allOf": [part("name")]}),
            )
        },
    },
    Mutation {
        kind: "discriminator-changed",
        make: |d| {
            let member = |kind: &str| json!({"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": [kind]}, "n": {"type": "integer"}}});
            let base = json!({"oneOf": [member("card"), member("cash")], "discriminator": {"propertyName": "kind"}});
            let head = json!({"oneOf": [member("card"), member("cash")]});
            with_property(d, "method", base, head)
        },
    },
    Mutation {
        kind: "additional-properties-allowed",
        make: |d| {
            with_property(
                d,
                "settings",
                json!({"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false}),
                json!({"type": "object", "properties": {"a": {"type": "string"}}}),
            )
        },
    },
    Mutation {
        kind: "additional-properties-forbidden",
        make: |d| {
            with_property(
                d,
                "settings",
                json!({"type": "object", "properties": {"a": {"type": "string"}}}),
                json!({"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false}),
            )
        },
    },
    Mutation {
        kind: "map-value-changed",
        make: |d| {
            with_property(
                d,
                "quotas",
                json!({"type": "object", "additionalProperties": {"type": "integer"}}),
                json!({"type": "object"}),
            )
        },
    },
    Mutation { kind: "property-became-read-only", make: |d| marked(d, "stamp", "readOnly") },
    Mutation { kind: "property-became-writable", make: |d| swapped(marked(d, "stamp", "readOnly")) },
    Mutation { kind: "property-became-write-only", make: |d| marked(d, "secret", "writeOnly") },
    Mutation { kind: "property-became-readable", make: |d| swapped(marked(d, "secret", "writeOnly")) },
    Mutation { kind: "deprecated-added", make: |d| marked(d, "legacy", "deprecated") },
    Mutation { kind: "deprecated-removed", make: |d| swapped(marked(d, "legacy", "deprecated")) },
    Mutation {
        kind: "description-changed",
        make: |d| {
            with_property(
                d,
                "note",
                json!({"type": "string", "description": "Old."}),
                json!({"type": "string", "description": "New."}),
            )
        },
    },
    Mutation {
        kind: "default-changed",
        make: |d| {
            with_property(
                d,
                "speed",
                json!({"type": "number", "default": 1.0}),
                json!({"type": "number", "default": 1.5}),
            )
        },
    },
    Mutation {
        kind: "title-changed",
        make: |d| {
            with_property(
                d,
                "address",
                json!({"type": "object", "title": "Place", "properties": {"city": {"type": "string"}}}),
                json!({"type": "object", "title": "Location", "properties": {"city": {"type": "string"}}}),
            )
        },
    },
];
