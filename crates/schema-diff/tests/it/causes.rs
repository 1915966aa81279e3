//! Every Rust change has a cause on documents shaped like another diff tool's test suite
//! (oasdiff's `data/`): whole documents, each pair differing by one construct, compared
//! over every operation. Each pair finds its wire kind and leaves nothing unexplained.

use elevenlabs_schema_diff::{compare, Cause, Named, OperationSet, Options, RustApi};
use serde_json::{json, Value};

/// A document with `paths` and `schemas`.
fn document(paths: Value, schemas: Value) -> Value {
    json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths, "components": {"schemas": schemas}})
}

/// `GET /pets` answering `schema` in JSON.
fn answering(schema: Value, schemas: Value) -> Value {
    let ok = json!({"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}});
    document(json!({"/pets": {"get": {"operationId": "list_pets", "responses": ok}}}), schemas)
}

fn object(properties: Value) -> Value {
    json!({"type": "object", "properties": properties})
}

fn reference(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// `document` with the component `name`.
fn with_component(mut document: Value, name: &str, schema: Value) -> Value {
    document["components"]["schemas"][name] = schema;
    document
}

/// (what the pair is, BASE, HEAD, the wire kind it holds).
fn pairs() -> Vec<(&'static str, Value, Value, &'static str)> {
    let name = json!({"name": {"type": "string"}});
    let parts = |names: &[&str]| json!({"allOf": names.iter().map(|n| reference(n)).collect::<Vec<_>>()});
    let pets = json!({"Dog": object(name.clone()), "Cat": object(name.clone()), "Rabbit": object(name.clone())});
    let path_parameter = |parameter: &str| {
        let path = format!("/books/{{{parameter}}}");
        let operation = json!({"parameters": [{"name": parameter, "in": "path", "required": true, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok"}}});
        document(json!({ path: {"get": operation} }), json!({}))
    };
    let text = |title: &str| json!({"title": title, "type": "string"});
    let body = |media: Value| {
        document(
            json!({"/test": {"post": {"operationId": "post_test", "requestBody": {"content": {"application/json": media}},
                "responses": {"200": {"description": "ok"}}}}}),
            json!({}),
        )
    };
    vec![
        (
            "an allOf at a body's root gains a part: the type merged from its parts changes",
            answering(parts(&["Dog", "Cat"]), pets.clone()),
            answering(parts(&["Dog", "Cat", "Rabbit"]), pets.clone()),
            "all-of-part-added",
        ),
        (
            "a union of texts gains a member: typify's variants follow the members",
            answering(object(json!({"id": {"anyOf": [{"type": "string"}]}})), json!({})),
            answering(
                object(json!({"id": {"anyOf": [{"type": "string"}, {"type": "string", "format": "uuid"}]}})),
                json!({}),
            ),
            "union-member-added",
        ),
        (
            "a member of a union of texts is retitled: typify names the variant after it",
            answering(json!({"anyOf": [text("Title 1"), text("Title 2")]}), json!({})),
            answering(json!({"anyOf": [text("Title 1"), text("Title 3")]}), json!({})),
            "title-changed",
        ),
        (
            "a required name the schema does not describe is no longer required",
            answering(json!({"type": "object", "properties": name.clone(), "required": ["name", "test"]}), json!({})),
            answering(json!({"type": "object", "properties": name.clone(), "required": ["name"]}), json!({})),
            "property-removed",
        ),
        (
            "an array's items are no longer described",
            answering(object(json!({"tags": {"type": "array", "items": object(name.clone())}})), json!({})),
            answering(object(json!({"tags": {"type": "array"}})), json!({})),
            "type-changed",
        ),
        (
            "a JSON body without a schema gains one",
            body(json!({})),
            body(json!({"schema": object(name.clone())})),
            "type-changed",
        ),
        (
            "a path parameter is renamed: the same requests, a renamed method",
            path_parameter("bookId"),
            path_parameter("id"),
            "path-parameter-renamed",
        ),
        (
            "an assertion of JSON Schema 2020-12 that the models do not check changes",
            answering(json!({"type": "object", "properties": name.clone(), "if": {"required": ["name"]}}), json!({})),
            answering(json!({"type": "object", "properties": name.clone(), "if": {"required": ["id"]}}), json!({})),
            "constraint-changed",
        ),
        (
            "an operation goes, with the parameter types named after it",
            document(
                json!({"/lights/{state}": {"post": {"operationId": "set_light", "parameters": [{"name": "state", "in": "path", "required": true,
                    "schema": {"type": "string", "enum": ["on", "off"]}}], "responses": {"200": {"description": "ok"}}}}}),
                json!({}),
            ),
            document(
                json!({"/zones": {"get": {"operationId": "list_zones", "responses": {"200": {"description": "ok"}}}}}),
                json!({}),
            ),
            "operation-removed",
        ),
        (
            "a body loses its last properties: its struct gives way to a map",
            body(json!({"schema": object(json!({"userId": {"oneOf": [{"type": "string"}, {"type": "integer"}]}}))})),
            body(json!({"schema": {"type": "object"}})),
            "property-removed",
        ),
        (
            "a union of an inline enum and the same enum as a component becomes that component, nullable",
            with_component(
                body(json!({"schema": {"anyOf": [{"type": "string", "enum": ["user", "admin"]}, reference("Role")]}})),
                "Role",
                json!({"type": "string", "enum": ["user", "admin"], "title": "Role"}),
            ),
            with_component(
                body(json!({"schema": {"anyOf": [reference("Role"), {"type": "null"}]}})),
                "Role",
                json!({"type": "string", "enum": ["user", "admin"]}),
            ),
            "union-member-removed",
        ),
        (
            "a component changes while the only operations that use it come and go",
            document(
                json!({"/old": {"get": {"operationId": "old", "responses": {"200": {"description": "ok",
                    "content": {"application/json": {"schema": reference("View")}}}}}},
                    "/same": {"get": {"operationId": "same", "responses": {"200": {"description": "ok"}}}}}),
                json!({"View": object(json!({"id": {"type": "string"}}))}),
            ),
            document(
                json!({"/new": {"get": {"operationId": "new", "responses": {"200": {"description": "ok",
                    "content": {"application/json": {"schema": reference("View")}}}}}},
                    "/same": {"get": {"operationId": "same", "responses": {"200": {"description": "ok"}}}}}),
                json!({"View": object(json!({"id": {"type": "string"}, "name": {"type": "string", "enum": ["a", "b"]}}))}),
            ),
            "operation-added",
        ),
        (
            "a parameter's enum beside a component's `$ref` becomes inline with a new value, while another \
             operation keeps the component: the parameter's own enum gains a variant",
            formats(json!({"$ref": "#/components/schemas/Formats", "enum": ["mp3", "pcm"], "title": "Output format"})),
            formats(json!({"type": "string", "enum": ["auto", "mp3", "pcm"], "title": "Output format"})),
            "enum-value-added",
        ),
        (
            "a union with a default becomes nullable: the default goes to the field's `Option`, and the \
             union's `Default` goes",
            answering(
                object(json!({"value": {"anyOf": [{"type": "string"}, {"type": "integer"}], "default": ""}})),
                json!({}),
            ),
            answering(
                object(
                    json!({"value": {"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}], "default": ""}}),
                ),
                json!({}),
            ),
            "property-became-nullable",
        ),
        (
            "the first property with a default appears: typify's `defaults` module comes with it",
            answering(reference("Voice"), json!({"Voice": object(json!({"name": {"type": "string"}}))})),
            answering(
                reference("Voice"),
                json!({"Voice": object(json!({"name": {"type": "string"}, "speed": {"type": "number", "default": 1.5}}))}),
            ),
            "property-added",
        ),
        (
            "an operation is replaced by one whose body has the document's first default (its body's type \
             is the old one renamed): typify's `defaults` module is private, so no API comes with it",
            posting("/groups", "create_group", object(json!({"name": {"type": "string"}}))),
            posting(
                "/products",
                "create_product",
                object(json!({"name": {"type": "string"}, "price": {"type": "number", "default": 1.5}})),
            ),
            "operation-added",
        ),
        (
            "an object loses its last property and becomes a map: the field's accessor follows its type",
            answering(object(json!({"details": object(json!({"data": {"type": "string"}}))})), json!({})),
            answering(object(json!({"details": {"type": "object"}})), json!({})),
            "property-removed",
        ),
        (
            "a component moves from an operation's request body to its response and changes on the way: \
             the wire compares the body removed and the response added, not the component",
            document(
                json!({"/pets": {"post": {"operationId": "update_pets", "requestBody": {"content": {"application/json": {
                    "schema": reference("Dog")}}}, "responses": {"200": {"description": "ok"}}}}}),
                json!({"Dog": object(json!({"name": {"type": "string"}}))}),
            ),
            document(
                json!({"/pets": {"post": {"operationId": "update_pets", "responses": {"200": {"description": "ok",
                    "content": {"application/json": {"schema": reference("Dog")}}}}}}}),
                json!({"Dog": object(json!({"name": {"type": "string"}, "breed": {"type": "string"}}))}),
            ),
            "request-body-removed",
        ),
    ]
}

/// A document whose one operation, `POST path`, takes `body` in JSON.
fn posting(path: &str, id: &str, body: Value) -> Value {
    let operation = json!({"post": {"operationId": id, "requestBody": {"content": {"application/json": {"schema": body}}},
        "responses": {"200": {"description": "ok"}}}});
    document(json!({ path: operation }), json!({}))
}

/// `POST /speech` with the query parameter `format` of `schema`, and `POST /music`, whose
/// `format` names the component `Formats`.
fn formats(schema: Value) -> Value {
    let operation = |id: &str, schema: Value| {
        json!({"post": {"operationId": id, "parameters": [{"name": "format", "in": "query", "schema": schema}],
            "responses": {"200": {"description": "ok"}}}})
    };
    document(
        json!({"/speech": operation("speech", schema), "/music": operation("music", reference("Formats"))}),
        json!({"Formats": {"type": "string", "enum": ["mp3", "pcm"]}}),
    )
}

#[test]
fn every_rust_change_has_a_cause_on_pairs_shaped_like_another_tools_suite() {
    let options = Options { operations: OperationSet::Union, ..Options::default() };
    for (about, base, head, kind) in pairs() {
        let report =
            compare(Named { name: "base", document: &base }, Named { name: "head", document: &head }, &options)
                .unwrap_or_else(|e| panic!("{about}: {e}"))
                .report;
        assert_eq!(report.rust_api, RustApi::Compared, "{about}");
        let kinds: Vec<&str> = report.changes.iter().map(|c| c.kind.as_str()).collect();
        assert!(kinds.contains(&kind), "{about}: the wire engine found {kinds:?}");
        let unexplained: Vec<String> = report
            .api_changes
            .iter()
            .filter(|c| c.cause == Cause::Unexplained)
            .map(|c| format!("{} {} {}", c.krate, c.kind, c.item))
            .collect();
        assert!(unexplained.is_empty(), "{about}: unexplained {unexplained:#?}");
    }
}

/// A client change is caused by the change at its place, not by every change of its
/// operation: a new query parameter's setter by the parameter, `send` by the response, and
/// the whole operation only when nothing closer explains a client change.
#[test]
fn a_client_change_is_caused_by_the_change_at_its_place() {
    let base = answering(object(json!({"name": {"type": "string"}})), json!({}));
    let mut head = answering(object(json!({"name": {"type": "integer"}})), json!({}));
    head["paths"]["/pets"]["get"]["parameters"] =
        json!([{"name": "page", "in": "query", "schema": {"type": "integer"}}]);
    let options = Options { operations: OperationSet::Union, ..Options::default() };
    let report = compare(Named { name: "base", document: &base }, Named { name: "head", document: &head }, &options)
        .unwrap()
        .report;
    let causes = |item: &str| {
        let change = report.api_changes.iter().find(|c| c.krate == "client" && c.item == item);
        let Some(Cause::Wire { changes }) = change.map(|c| &c.cause) else {
            panic!("{item}: {:?}", report.api_changes)
        };
        changes.iter().map(|i| report.changes[*i].kind.as_str()).collect::<Vec<_>>()
    };
    assert_eq!(causes("builder::ListPets::page"), ["parameter-added"]);
    let unexplained: Vec<&str> =
        report.api_changes.iter().filter(|c| c.cause == Cause::Unexplained).map(|c| c.item.as_str()).collect();
    assert!(unexplained.is_empty(), "{unexplained:?}");
    let page_added = report.changes.iter().find(|c| c.kind.as_str() == "parameter-added").unwrap();
    assert_eq!(page_added.rust_semver, Some(elevenlabs_schema_diff::Semver::Minor), "{page_added:?}");
}

/// A property named like a field the generator adds (`extra`, the unknown-field map) is
/// renamed (`extra_2`); its field is caused by that property alone, not by every property
/// added beside it, as it would be if the map read a property of its own name.
#[test]
fn a_property_named_like_the_unknown_field_map_is_caused_by_itself_alone() {
    let base = answering(object(json!({"name": {"type": "string"}})), json!({}));
    let head = answering(
        object(json!({"name": {"type": "string"}, "extra": {"type": "string"}, "age": {"type": "integer"}})),
        json!({}),
    );
    let options = Options { operations: OperationSet::Union, ..Options::default() };
    let report = compare(Named { name: "base", document: &base }, Named { name: "head", document: &head }, &options)
        .unwrap()
        .report;
    let field = report.api_changes.iter().find(|c| c.item.ends_with("::extra_2") && !c.item.starts_with("builder::"));
    let Some(Cause::Wire { changes }) = field.map(|c| &c.cause) else { panic!("{:#?}", report.api_changes) };
    let fields: Vec<&str> = changes.iter().map(|i| report.changes[*i].field.as_str()).collect();
    assert_eq!(fields, ["extra"]);
}
