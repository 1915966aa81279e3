//! The wire engine on small hand-made documents: what it finds, and each change's verdicts.

use elevenlabs_schema_diff::{diff_documents, Change, ChangeKind, Location, Semver};
use elevenlabs_spec::OperationRef;
use serde_json::{json, Value};

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

/// A component that refers twice to the next, forty deep, is reached along 2^40 paths:
/// the first comparisons spent the budget, and the root's next property, whose type also
/// changed, was missing from the report.
#[test]
fn a_component_reached_along_many_paths_leaves_the_rest_of_the_root_compared() {
    let diamond = |leaf: &str| {
        let mut schemas = serde_json::Map::new();
        for i in 0..40 {
            let next = json!({"$ref": format!("#/components/schemas/N{}", i + 1)});
            schemas.insert(format!("N{i}"), json!({"type": "object", "properties": {"a": next, "b": next}}));
        }
        schemas.insert("N40".into(), json!({"type": "object", "properties": {"leaf": {"type": leaf}}}));
        Value::Object(schemas)
    };
    let user = |z: &str| json!({"properties": {"root": {"$ref": "#/components/schemas/N0"}, "z": {"type": z}}});
    let base = document(user("string"), diamond("string"));
    let head = document(user("integer"), diamond("integer"));
    let changes = diff_documents(&base, &head).unwrap();
    assert!(changes.iter().any(|c| c.field == "z" && c.kind == ChangeKind::TypeChanged), "{changes:#?}");
    let leaves = changes.iter().filter(|c| c.field.ends_with(".leaf")).count();
    assert!((1..=128).contains(&leaves), "the leaf's change along a bounded number of paths: {leaves}");
}

/// Past what one body may hold, the comparison says it stopped: the positions it never
/// reached would otherwise read as "nothing changed there".
#[test]
fn a_body_too_large_or_too_deep_to_compare_whole_is_said_to_be_compared_in_part() {
    let wide = |first: &str| {
        let mut properties = serde_json::Map::new();
        properties.insert("p0".into(), json!({"type": first}));
        for i in 1..50_010 {
            properties.insert(format!("p{i}"), json!({"type": "string"}));
        }
        document(json!({"properties": properties}), json!({}))
    };
    let deep = |leaf: &str| {
        let mut schemas = serde_json::Map::new();
        for i in 0..70 {
            let next = json!({"$ref": format!("#/components/schemas/L{}", i + 1)});
            schemas.insert(format!("L{i}"), json!({"properties": {"n": next}}));
        }
        schemas.insert("L70".into(), json!({"properties": {"leaf": {"type": leaf}}}));
        document(json!({"properties": {"n": {"$ref": "#/components/schemas/L0"}}}), Value::Object(schemas))
    };
    for (base, head) in [(wide("string"), wide("integer")), (deep("string"), deep("integer"))] {
        let changes = diff_documents(&base, &head).unwrap();
        let in_part: Vec<_> = changes.iter().filter(|c| c.kind == ChangeKind::ComparedInPart).collect();
        assert_eq!(in_part.len(), 1, "{changes:#?}");
        assert_eq!((in_part[0].field.as_str(), in_part[0].breaking, in_part[0].tolerated), ("", true, false));
        assert!(diff_documents(&base, &base).unwrap().is_empty(), "the same document needs no walk");
    }
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
            ("parameter header xi-api-key".into(), ChangeKind::ParameterBecameRequired, true),
            ("response 422".into(), ChangeKind::ResponseAdded, false),
            ("operation".into(), ChangeKind::OperationAdded, false),
        ]
    );
    let swapped = diff_documents(&head, &base).unwrap();
    assert!(swapped.iter().any(|c| c.kind == ChangeKind::OperationRemoved && c.breaking));
}

/// The generated client reads a response as JSON whatever its label: `application/json`
/// relabelled `application/problem+json` breaks strict clients only, and what the body holds
/// is still compared across the two labels.
#[test]
fn a_json_response_relabelled_is_compared_across_its_labels() {
    let base = document(json!({"properties": {"name": {"type": "string"}}}), json!({}));
    let relabelled = |user: Value| {
        let mut head = document(user, json!({}));
        let content = &mut head["paths"]["/v1/user"]["get"]["responses"]["200"]["content"];
        *content = json!({"application/problem+json": content["application/json"].take()});
        head
    };
    let changes = diff_documents(&base, &relabelled(json!({"properties": {"name": {"type": "integer"}}}))).unwrap();
    let summary: Vec<(String, ChangeKind, bool, bool)> =
        changes.iter().map(|c| (c.location.to_string(), c.kind, c.breaking, c.tolerated)).collect();
    assert_eq!(
        summary,
        vec![
            ("response 200 application/problem+json".into(), ChangeKind::TypeChanged, true, false),
            ("response 200".into(), ChangeKind::MediaTypeRemoved, true, true),
            ("response 200 application/problem+json".into(), ChangeKind::MediaTypeAdded, false, true),
        ]
    );
    let changes = diff_documents(&base, &relabelled(json!({"properties": {"name": {"type": "string"}}}))).unwrap();
    assert!(changes.iter().all(|c| c.tolerated), "{changes:#?}");
    // Relabelled as something the client cannot read as JSON, the body is lost to it.
    let mut audio = base.clone();
    let content = &mut audio["paths"]["/v1/user"]["get"]["responses"]["200"]["content"];
    *content = json!({"audio/mpeg": content["application/json"].take()});
    let changes = diff_documents(&base, &audio).unwrap();
    assert!(changes.iter().any(|c| c.kind == ChangeKind::MediaTypeRemoved && !c.tolerated), "{changes:#?}");
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

/// An integer is an `i64`, or a `u64` when only that holds its values (its bounds and
/// format are documentation), and that type, not the bound, decides what BASE's client reads.
#[test]
fn an_integer_bound_breaks_the_client_only_when_its_type_cannot_hold_the_new_values() {
    let field = |schema: Value| document(json!({"properties": {"n": schema}}), json!({}));
    let verdict = |base: Value, head: Value| {
        let changes = diff_documents(&field(base), &field(head)).unwrap();
        changes.iter().map(|c| (c.kind, c.breaking, c.tolerated)).collect::<Vec<_>>()
    };
    let lowered = verdict(json!({"type": "integer", "minimum": 100}), json!({"type": "integer", "minimum": 50}));
    assert_eq!(lowered, [(ChangeKind::ConstraintChanged, true, true)], "an i64 either way");
    let to_zero = verdict(json!({"type": "integer", "minimum": 1}), json!({"type": "integer", "minimum": 0}));
    assert_eq!(to_zero, [(ChangeKind::ConstraintChanged, true, true)], "an i64, never a NonZeroU64");
    let past_int32 = verdict(
        json!({"type": "integer", "format": "int32"}),
        json!({"type": "integer", "format": "int32", "maximum": 1e10}),
    );
    assert_eq!(past_int32, [(ChangeKind::ConstraintChanged, false, true)], "the values stay those of an int32");
    let number = verdict(json!({"type": "number", "maximum": 1}), json!({"type": "number", "maximum": 2}));
    assert_eq!(number, [(ChangeKind::ConstraintChanged, true, true)], "an f64 either way");
    let signed = verdict(json!({"type": "integer", "format": "uint32"}), json!({"type": "integer", "format": "int32"}));
    assert_eq!(signed, [(ChangeKind::FormatChanged, true, true)], "an i64 either way");
    let past_i64 = verdict(json!({"type": "integer"}), json!({"type": "integer", "format": "uint64"}));
    assert_eq!(past_i64, [(ChangeKind::FormatChanged, true, false)], "an i64 cannot hold what a uint64 may be");
}

/// A document whose `GET /v1/user` takes the query parameter `p` of `schema`.
fn with_query_parameter(schema: Value) -> Value {
    let mut document = document(json!({"properties": {}}), json!({}));
    let parameter = json!({"name": "p", "in": "query", "required": false, "schema": schema});
    document["paths"]["/v1/user"]["get"]["parameters"].as_array_mut().unwrap().push(parameter);
    document
}

#[test]
fn a_parameter_whose_union_of_kinds_becomes_an_array_of_one_of_them_narrows() {
    let base = with_query_parameter(json!({"type": ["string", "integer"]}));
    let head = with_query_parameter(json!({"type": "array", "items": {"type": "integer"}}));
    let changes = diff_documents(&base, &head).unwrap();
    assert_eq!(changes.iter().map(|c| (c.kind, c.breaking)).collect::<Vec<_>>(), [(ChangeKind::TypeChanged, true)]);
    let widened = diff_documents(&head, &base).unwrap();
    assert_eq!(widened.iter().map(|c| (c.kind, c.breaking)).collect::<Vec<_>>(), [(ChangeKind::TypeChanged, true)]);
}

/// A parameter travels as text: a string takes any scalar's text, and a single value is
/// an array of one, unless the items restrict it further.
#[test]
fn a_parameter_that_takes_every_text_it_took_stays_compatible() {
    let breaking = |base: Value, head: Value| {
        let changes = diff_documents(&with_query_parameter(base), &with_query_parameter(head)).unwrap();
        changes.iter().map(|c| (c.kind, c.breaking)).collect::<Vec<_>>()
    };
    let union = json!({"type": ["string", "integer"]});
    let texts = json!({"type": "array", "items": {"type": "string"}});
    assert_eq!(breaking(union.clone(), texts), [(ChangeKind::TypeChanged, false)]);
    assert_eq!(breaking(union, json!({"type": "string"})), [(ChangeKind::TypeChanged, false)]);
    let patterned = json!({"type": "array", "items": {"type": "string", "pattern": "^[a-z]+$"}});
    assert_eq!(breaking(json!({"type": "string"}), patterned), [(ChangeKind::TypeChanged, true)]);
    assert_eq!(breaking(json!({"type": "string"}), json!({"type": "integer"})), [(ChangeKind::TypeChanged, true)]);
}

/// Zalando's `x-extensible-enum`: a value gone is one the server no longer takes; one added
/// is what clients were told to expect.
#[test]
fn an_extensible_enum_reports_the_values_that_go() {
    let listed = |values: Value| with_query_parameter(json!({"type": "string", "x-extensible-enum": values}));
    let changes = diff_documents(&listed(json!(["1", "2"])), &listed(json!(["1", "3"]))).unwrap();
    let found: Vec<_> = changes.iter().map(|c| (c.kind, c.before.clone(), c.breaking)).collect();
    assert_eq!(found, [(ChangeKind::EnumValueRemoved, Some(json!("2")), true)]);
}

/// A call that leaves a parameter out gets the server's default; the generated models
/// write a body property's default themselves.
#[test]
fn a_parameters_default_changed_breaks_callers_and_a_propertys_does_not() {
    let parameter = |default: i64| with_query_parameter(json!({"type": "integer", "default": default}));
    let changes = diff_documents(&parameter(1), &parameter(2)).unwrap();
    assert_eq!(changes.iter().map(|c| (c.kind, c.breaking)).collect::<Vec<_>>(), [(ChangeKind::DefaultChanged, true)]);
    let property =
        |default: i64| document(json!({"properties": {"n": {"type": "integer", "default": default}}}), json!({}));
    let changes = diff_documents(&property(1), &property(2)).unwrap();
    assert_eq!(changes.iter().map(|c| (c.kind, c.breaking)).collect::<Vec<_>>(), [(ChangeKind::DefaultChanged, false)]);
}

#[test]
fn a_union_member_already_covered_adds_no_value_and_a_new_constant_is_a_new_value() {
    let sound = json!({"type": "string", "enum": ["typing", "elevator1"]});
    let with_off = |member: Value| json!({"anyOf": [member, {"type": "string", "const": "off"}, {"type": "null"}]});
    let schemas = |property: Value| json!({"properties": {"sound": property}});
    let components = |extra: Value| json!({"Sound": sound.clone(), "X": extra});

    // string → anyOf [string, const "off"]: exactly the same strings; the member is
    // reported, breaking nothing, because typify builds the Rust type from the members.
    let base = document(schemas(json!({"type": "string"})), json!({}));
    let head = document(schemas(with_off(json!({"type": "string"}))), json!({}));
    assert_eq!(
        kinds(&diff_documents(&base, &head).unwrap()),
        vec![
            ("sound".into(), ChangeKind::PropertyBecameNullable, true, true, Semver::Major),
            ("sound<string#2>".into(), ChangeKind::UnionMemberAdded, false, true, Semver::Minor),
        ]
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
        (Location::response("default"), "response default"),
        (Location::Response { status: "200".into(), media_type: Some("text/csv".into()) }, "response 200 text/csv"),
        (Location::RequestBody { media_type: None }, "request body"),
        (parameter, "parameter header xi-api-key"),
    ] {
        assert_eq!(location.to_string(), text);
        assert!(location == text && location != "response 999");
        assert_eq!(serde_json::to_value(&location).unwrap(), json!(text));
    }
    let operation: OperationRef = "GET /v1/user".parse().unwrap();
    assert!(operation == "GET /v1/user" && operation == "get /v1/user" && operation != "GET /v1/users");
}

/// A document whose `POST /v1/user` takes a JSON body of `schema`.
fn with_request_body(schema: Value) -> Value {
    let mut document = document(json!({"properties": {}}), json!({}));
    document["paths"]["/v1/user"]["post"] = json!({
        "requestBody": {"required": true, "content": {"application/json": {"schema": schema}}},
        "responses": {"204": {"description": "done"}}
    });
    document
}

/// A `oneOf` refuses a value two of its members match: a body that becomes one, or gains
/// a member, may refuse what BASE's client sends, unless something tells the members apart
/// (oasdiff's `request-body-wrapped-in-one-of`). `anyOf` takes such a value.
#[test]
fn a_request_one_of_whose_members_overlap_refuses_values_it_took() {
    let object = |required: &str, kind: &str| {
        json!({"type": "object", "required": [required, "kind"], "properties": {
            "foo": {"type": "string"}, "bar": {"type": "string"}, "kind": {"type": "string", "enum": [kind]}}})
    };
    let found = |base: Value, head: Value| {
        let changes = diff_documents(&with_request_body(base), &with_request_body(head)).unwrap();
        changes
            .iter()
            .filter(|c| matches!(c.location, Location::RequestBody { .. }))
            .map(|c| (c.kind, c.breaking))
            .collect::<Vec<_>>()
    };
    let wrapped = |kinds: [&str; 2]| json!({"oneOf": [object("foo", kinds[0]), object("bar", kinds[1])]});
    let type_changed = |changes: Vec<(ChangeKind, bool)>| {
        changes.into_iter().filter(|(kind, _)| *kind == ChangeKind::TypeChanged).collect::<Vec<_>>()
    };
    // `{"foo": "", "bar": "", "kind": "a"}` matches both members.
    assert_eq!(type_changed(found(object("foo", "a"), wrapped(["a", "a"]))), [(ChangeKind::TypeChanged, true)]);
    // Told apart by the value of `kind`, which both require.
    assert_eq!(type_changed(found(object("foo", "a"), wrapped(["a", "b"]))), [(ChangeKind::TypeChanged, false)]);
    let member_added = |union: &str, member: Value| {
        let base = json!({union: [object("foo", "a"), {"type": "string"}]});
        let head = json!({union: [object("foo", "a"), {"type": "string"}, member]});
        found(base, head)
    };
    assert_eq!(member_added("oneOf", object("bar", "a")), [(ChangeKind::UnionMemberAdded, true)]);
    assert_eq!(member_added("oneOf", object("bar", "b")), [(ChangeKind::UnionMemberAdded, false)]);
    assert_eq!(member_added("oneOf", json!({"type": "integer"})), [(ChangeKind::UnionMemberAdded, false)]);
    assert_eq!(member_added("anyOf", object("bar", "a")), [(ChangeKind::UnionMemberAdded, false)]);
    // Members that overlapped already: a `oneOf` its servers do not hold to.
    let loose = |members: usize| json!({"oneOf": vec![object("foo", "a"); members]});
    assert_eq!(found(loose(2), loose(3)), [(ChangeKind::UnionMemberAdded, false)]);
}

/// Header names are case-insensitive: a header parameter respelled in case alone is the
/// same parameter, compared under HEAD's spelling; one whose respelling renames the
/// generated setter stays a removal and an addition.
#[test]
fn a_header_respelled_in_case_is_the_same_parameter() {
    let base = document(json!({"type": "object"}), json!({}));
    let respelled = |name: &str, required: bool| {
        let mut head = base.clone();
        head["paths"]["/v1/user"]["get"]["parameters"][0]["name"] = json!(name);
        head["paths"]["/v1/user"]["get"]["parameters"][0]["required"] = json!(required);
        head
    };
    assert!(diff_documents(&base, &respelled("Xi-Api-Key", false)).unwrap().is_empty());
    let changes = diff_documents(&base, &respelled("XI-API-KEY", true)).unwrap();
    let found: Vec<(String, ChangeKind)> = changes.iter().map(|c| (c.location.to_string(), c.kind)).collect();
    assert_eq!(found, [("parameter header XI-API-KEY".to_string(), ChangeKind::ParameterBecameRequired)]);
    // `xrequestid`'s setter is `xrequestid`, `XRequestId`'s `x_request_id`.
    let mut lower = base.clone();
    lower["paths"]["/v1/user"]["get"]["parameters"][0]["name"] = json!("xrequestid");
    let renamed = diff_documents(&lower, &respelled("XRequestId", false)).unwrap();
    let kinds: Vec<ChangeKind> = renamed.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, [ChangeKind::ParameterAdded, ChangeKind::ParameterRemoved], "the setter is renamed");
}

/// OpenAPI 3.2's QUERY operations are compared as the others are, though the 3.0 that
/// progenitor reads has no place for them (codegen leaves them out with a note).
#[test]
fn a_query_operation_is_compared_as_the_others_are() {
    let searching = |schema: Value| {
        json!({"openapi": "3.2.0", "info": {"title": "t", "version": "1"}, "paths": {"/search": {"query": {
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}
        }}}})
    };
    let changes =
        diff_documents(&searching(json!({"type": "string"})), &searching(json!({"type": "integer"}))).unwrap();
    let found: Vec<(String, ChangeKind)> = changes.iter().map(|c| (c.operation.to_string(), c.kind)).collect();
    assert_eq!(found, [("QUERY /search".to_string(), ChangeKind::TypeChanged)]);
    let mut gone = searching(json!({"type": "string"}));
    gone["paths"]["/search"] = json!({"get": {"responses": {"200": {"description": "ok"}}}});
    let removed = diff_documents(&searching(json!({"type": "string"})), &gone).unwrap();
    assert!(removed.iter().any(|c| c.kind == ChangeKind::OperationRemoved && c.operation == "QUERY /search"));
}

/// So are 3.2's `additionalOperations` (methods such as `COPY`), by their method as sent,
/// schemas behind `$ref` included.
#[test]
fn an_additional_operation_is_compared_as_the_others_are() {
    let copying = |schema: Value| {
        json!({"openapi": "3.2.0", "info": {"title": "t", "version": "1"},
            "paths": {"/files": {"additionalOperations": {"COPY": {
                "responses": {"200": {"description": "ok", "content": {"application/json":
                    {"schema": {"$ref": "#/components/schemas/Copied"}}}}}
            }}}},
            "components": {"schemas": {"Copied": schema}}})
    };
    let changes =
        diff_documents(&copying(json!({"type": ["string", "null"]})), &copying(json!({"type": "integer"}))).unwrap();
    let found: Vec<(String, ChangeKind)> = changes.iter().map(|c| (c.operation.to_string(), c.kind)).collect();
    assert_eq!(
        found,
        [
            ("COPY /files".to_string(), ChangeKind::PropertyBecameNonNullable),
            ("COPY /files".to_string(), ChangeKind::TypeChanged)
        ]
    );
    let mut gone = copying(json!({"type": "string"}));
    gone["paths"]["/files"] = json!({"get": {"responses": {"200": {"description": "ok"}}}});
    let removed = diff_documents(&copying(json!({"type": "string"})), &gone).unwrap();
    assert!(removed.iter().any(|c| c.kind == ChangeKind::OperationRemoved && c.operation == "COPY /files"));
}

/// A response header is found behind a `$ref` to `components/headers`, by its name in any
/// case; `Content-Type`, which OpenAPI ignores there, is left out.
#[test]
fn a_response_header_is_compared_behind_a_reference_and_in_any_case() {
    let answering = |headers: Value, defined: Value| {
        json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/songs": {"get": {"responses": {"200": {"description": "ok", "headers": headers}}}}},
            "components": {"headers": defined}})
    };
    let cost = |schema: Value| json!({"Cost": {"required": true, "schema": schema}});
    let base = answering(
        json!({"character-cost": {"$ref": "#/components/headers/Cost"}, "Content-Type": {"schema": {"type": "string"}}}),
        cost(json!({"type": "integer"})),
    );
    let head =
        answering(json!({"Character-Cost": {"$ref": "#/components/headers/Cost"}}), cost(json!({"type": "string"})));
    let changes = diff_documents(&base, &head).unwrap();
    let found: Vec<(String, ChangeKind, bool, bool)> =
        changes.iter().map(|c| (c.location.to_string(), c.kind, c.breaking, c.tolerated)).collect();
    assert_eq!(found, [("response 200 header Character-Cost".to_string(), ChangeKind::TypeChanged, true, true)]);
}

/// A path item moved into `components/pathItems` and referred to is the same path item:
/// nothing changed on the wire (it read as the operation removed, a false major).
#[test]
fn a_path_item_moved_behind_a_reference_changes_nothing() {
    let base = document(json!({"type": "object", "properties": {"id": {"type": "string"}}}), json!({}));
    let mut head = base.clone();
    let item = head["paths"]["/v1/user"].clone();
    head["components"]["pathItems"] = json!({"User": item});
    head["paths"]["/v1/user"] = json!({"$ref": "#/components/pathItems/User"});
    assert_eq!(diff_documents(&base, &head).unwrap(), []);
}

/// A document whose only operation is the webhook `orderCreated`: a request the API
/// sends to its users' servers, with `body` and the answer `reply`.
fn with_webhook(body: Value, reply: Value, also: Option<&str>) -> Value {
    let ok = |schema: Value| json!({"content": {"application/json": {"schema": schema}}});
    let mut webhooks = json!({"orderCreated": {"post": {
        "parameters": [{"name": "signature", "in": "header", "required": true, "schema": {"type": "string"}}],
        "requestBody": ok(body), "responses": {"200": {"description": "ok", "content": ok(reply)["content"]}}}}});
    if let Some(name) = also {
        webhooks[name] = json!({"post": {"responses": {"200": {"description": "ok"}}}});
    }
    json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}, "webhooks": webhooks})
}

#[test]
fn a_webhook_is_compared_as_what_its_receivers_read_and_answer() {
    let object =
        |properties: Value, required: Value| json!({"type": "object", "properties": properties, "required": required});
    let base = with_webhook(
        object(json!({"id": {"type": "string"}, "note": {"type": "string"}}), json!(["id"])),
        object(json!({"ok": {"type": "boolean"}}), json!([])),
        Some("orderDeleted"),
    );
    // The API may now send an amount of any kind, and no longer always sends `id`; it
    // now refuses an answer without `ok`. `orderDeleted` is gone.
    let head = with_webhook(
        object(json!({"id": {"type": "string"}, "note": {"type": ["string", "integer"]}}), json!([])),
        object(json!({"ok": {"type": "boolean"}}), json!(["ok"])),
        None,
    );
    let mut head = head;
    head["webhooks"]["orderCreated"]["post"]["parameters"][0]["required"] = json!(false);
    let changes = diff_documents(&base, &head).unwrap();
    let found: Vec<(String, ChangeKind, bool)> =
        changes.iter().map(|c| (format!("{} {}", c.operation, c.location), c.kind, c.breaking)).collect();
    let webhook = |rest: &str| format!("POST webhook:orderCreated {rest}");
    assert_eq!(
        found,
        [
            (webhook("parameter header signature"), ChangeKind::ParameterBecameOptional, true),
            (webhook("request body"), ChangeKind::PropertyBecameOptional, true),
            (webhook("request body"), ChangeKind::TypeChanged, true),
            (webhook("response 200"), ChangeKind::PropertyBecameRequired, true),
            ("POST webhook:orderDeleted operation".to_string(), ChangeKind::OperationRemoved, true),
        ],
        "{changes:#?}"
    );
    // No generated client calls a webhook: none of it is the client's to decode or release.
    assert!(changes.iter().all(|c| c.tolerated && c.wire_semver <= Semver::Patch), "{changes:#?}");
    assert_eq!(changes[4].operation, OperationRef::webhook("post", "orderDeleted"));
    // What the API sends more of, and what it asks less of, breaks no receiver.
    let widened = diff_documents(&head, &base).unwrap();
    let breaking: Vec<ChangeKind> = widened.iter().filter(|c| c.breaking).map(|c| c.kind).collect();
    assert_eq!(breaking, [], "{widened:#?}");
    // A header the API now asks receivers to answer with breaks those that do not.
    let mut asks = base.clone();
    asks["webhooks"]["orderCreated"]["post"]["responses"]["200"]["headers"] =
        json!({"x-ack": {"required": true, "schema": {"type": "string"}}});
    let changes = diff_documents(&base, &asks).unwrap();
    assert_eq!(kinds(&changes), [(String::new(), ChangeKind::ResponseHeaderAdded, true, true, Semver::Patch)]);
    // A body the API may now leave out, or no longer sends, breaks those that read it.
    let mut always = base.clone();
    always["webhooks"]["orderCreated"]["post"]["requestBody"]["required"] = json!(true);
    for leave_out in [false, true] {
        let mut less = always.clone();
        let request = less["webhooks"]["orderCreated"]["post"].as_object_mut().unwrap();
        if leave_out {
            request.remove("requestBody");
        } else {
            request["requestBody"]["required"] = json!(false);
        }
        let changes = diff_documents(&always, &less).unwrap();
        assert!(changes.iter().any(|c| c.breaking && c.location == "request body"), "{changes:#?}");
    }
}

/// `POST /subscribe`, whose callbacks the API sends: `onEvent` inline with `event`, and
/// `onGone` through `#/components/callbacks/Gone`, with `gone` (DELETE) when given.
fn with_callbacks(event: Value, gone: Option<Value>) -> Value {
    let body = |schema: Value| json!({"content": {"application/json": {"schema": schema}}});
    let received = json!({"200": {"description": "received"}});
    let mut gone_item = json!({"post": {"requestBody": body(json!({"type": "string"})), "responses": received}});
    if let Some(gone) = gone {
        gone_item["delete"] = gone;
    }
    json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/subscribe": {"post": {"responses": {"201": {"description": "ok"}}, "callbacks": {
            "onEvent": {"{$request.body#/url}": {"post": {"requestBody": body(event), "responses": received}}},
            "onGone": {"$ref": "#/components/callbacks/Gone"}
        }}}},
        "components": {"callbacks": {"Gone": {"{$request.body#/gone}": gone_item}}}
    })
}

#[test]
fn callbacks_are_compared_as_webhooks_are_through_a_reference_too() {
    let event =
        |required: Value| json!({"type": "object", "properties": {"id": {"type": "string"}}, "required": required});
    let base = with_callbacks(event(json!(["id"])), Some(json!({"responses": {"200": {"description": "received"}}})));
    let head = with_callbacks(event(json!([])), None);
    let changes = diff_documents(&base, &head).unwrap();
    let found: Vec<(String, ChangeKind, bool)> =
        changes.iter().map(|c| (c.operation.to_string(), c.kind, c.breaking)).collect();
    let callback = |method: &str, at: &str| format!("{method} callback:/paths/~1subscribe/post/callbacks/{at}");
    assert_eq!(
        found,
        [
            (callback("DELETE", "onGone/{$request.body#~1gone}"), ChangeKind::OperationRemoved, true),
            (callback("POST", "onEvent/{$request.body#~1url}"), ChangeKind::PropertyBecameOptional, true),
        ],
        "{changes:#?}"
    );
    assert!(changes.iter().all(|c| c.operation.sent_by_api() && c.tolerated && c.wire_semver <= Semver::Patch));
    // The callback given as a `$ref` is compared where it is used, its schemas too.
    let mut retyped = head.clone();
    retyped["components"]["callbacks"]["Gone"]["{$request.body#/gone}"]["post"]["requestBody"]["content"]
        ["application/json"]["schema"] = json!({"type": "integer"});
    let changes = diff_documents(&head, &retyped).unwrap();
    assert_eq!(changes.iter().map(|c| c.kind).collect::<Vec<_>>(), [ChangeKind::TypeChanged], "{changes:#?}");
    // A callback of that callback, under the `$ref`, is found too.
    let mut nested = head.clone();
    nested["components"]["callbacks"]["Gone"]["{$request.body#/gone}"]["post"]["callbacks"] =
        json!({"onAck": {"{$request.body#/ack}": {"put": {"responses": {"200": {"description": "ok"}}}}}});
    let changes = diff_documents(&head, &nested).unwrap();
    let found: Vec<(String, ChangeKind)> = changes.iter().map(|c| (c.operation.to_string(), c.kind)).collect();
    let ack = "PUT callback:/paths/~1subscribe/post/callbacks/onGone/{$request.body#~1gone}/post/callbacks/onAck/{$request.body#~1ack}";
    assert_eq!(found, [(ack.to_string(), ChangeKind::OperationAdded)]);
}
