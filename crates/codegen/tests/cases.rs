//! Codegen's construct cases (`tests/cases`, see its README), beside their runner as
//! typify keeps `tests/schemas.rs` beside `tests/schemas/`: each case's notes and public
//! Rust API (or its error) match its snapshot, and every case compiles, with the others, in
//! one scratch crate under `#![deny(warnings)]`, where each payload round-trips through
//! the generated `Root`. What schema-diff reads, the API of the syntax trees before they
//! are printed, is the API of the printed sources.

use std::path::{Path, PathBuf};

use std::collections::BTreeSet;

use elevenlabs_codegen::api::{api_items, api_items_of, public_api, render};
use elevenlabs_scratch::{
    build_and_run, case_models_path, workspace_target_dir, write_cases_crate, Dependencies, ScratchCase,
};
use serde_json::{json, Value};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

/// The workspace this crate is built in: its dependency versions are the generated code's.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// One case file.
struct Case {
    name: String,
    about: String,
    document: Value,
    payloads: Vec<Value>,
    /// Per payload, a text its decoded value's `Debug` must hold (`null` for none): which
    /// member of a union holds it.
    decoded_as: Vec<Value>,
    expect_error: bool,
}

/// The document a case describes: `GET /v1/root` returning `Root`, beside its `paths`.
fn document(case: &Value) -> Value {
    let media_type = case["media_type"].as_str().unwrap_or("application/json");
    let mut paths = json!({"/v1/root": {"get": {"operationId": "get_root", "responses": {"200": {
        "description": "the root", "content": {media_type: {"schema": {"$ref": "#/components/schemas/Root"}}}
    }}}}});
    if let (Some(paths), Some(Value::Object(more))) = (paths.as_object_mut(), case.get("paths")) {
        paths.extend(more.clone());
    }
    let mut components = json!({"schemas": case["schemas"]});
    if let (Some(components), Some(Value::Object(more))) = (components.as_object_mut(), case.get("components")) {
        components.extend(more.clone());
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "construct case", "version": "1"},
        "paths": paths,
        "components": components
    })
}

fn cases() -> Vec<Case> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("crates/codegen/tests/cases")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path: &PathBuf| {
            let case: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            Case {
                name: stem(path),
                about: case["about"].as_str().expect("every case says what it is about").to_string(),
                document: document(&case),
                payloads: case["payloads"].as_array().cloned().unwrap_or_default(),
                decoded_as: case["decoded_as"].as_array().cloned().unwrap_or_default(),
                expect_error: case["expect_error"] == json!(true),
            }
        })
        .collect()
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

fn options(case: &Case) -> elevenlabs_codegen::Options {
    elevenlabs_codegen::Options {
        models_path: case_models_path(&case.name),
        client_settings_type: elevenlabs_scratch::CLIENT_SETTINGS_TYPE.into(),
        ..Default::default()
    }
}

/// schema-diff reads the syntax trees, which lack the bodies that printing writes (see
/// `finish::write_model_bodies`), and, when it prints nothing, the builder bodies that
/// `read_api_then` skips: the API must depend on neither.
#[test]
fn the_api_of_the_syntax_is_the_api_of_the_printed_source() {
    let listed = |items: Vec<elevenlabs_codegen::api::ApiItem>| items.iter().map(render).collect::<BTreeSet<_>>();
    for case in cases().iter().filter(|case| !case.expect_error) {
        let options = options(case);
        let read =
            |syntax: elevenlabs_codegen::CrateSyntax| (listed(api_items_of(&syntax.file)), syntax.render(&options));
        let both = elevenlabs_codegen::generate_then(&case.document, &Default::default(), &options, read, read)
            .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let ((models_from_syntax, models), (client_from_syntax, client)) = (both.models, both.client);
        let read_api = |file: &syn::File| listed(api_items_of(file));
        let skimmed =
            elevenlabs_codegen::read_api_then(&case.document, &Default::default(), &options, read_api, read_api)
                .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        assert_eq!(skimmed.models, models_from_syntax, "{}: the models' API, read without bodies", case.name);
        assert_eq!(skimmed.client, client_from_syntax, "{}: the client's API, read without bodies", case.name);
        assert_eq!(
            models_from_syntax,
            listed(api_items(&models).expect("printed models parse")),
            "{}: the models' API",
            case.name
        );
        assert_eq!(
            client_from_syntax,
            listed(api_items(&client).expect("printed client parses")),
            "{}: the client's API",
            case.name
        );
    }
}

#[test]
fn every_construct_generates_as_its_snapshot_says() {
    let cases = cases();
    assert!(cases.len() >= 20, "the construct cases are in crates/codegen/tests/cases");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(cases_dir().join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    for case in &cases {
        let outcome = elevenlabs_codegen::generate(&case.document, &Default::default(), &options(case));
        let text = match (&outcome, case.expect_error) {
            (Ok(generated), false) => {
                let notes: String = generated.notes.iter().map(|n| format!("note: {n}\n")).collect();
                let models = public_api(&generated.models).expect("generated models parse");
                let client = public_api(&generated.client).expect("generated client parses");
                format!("{}\n\n{notes}\n# models\n{models}\n# client\n{client}", case.about)
            }
            (Err(error), true) => format!("{}\n\nerror: {error}\n", case.about),
            (Ok(_), true) => panic!("{}: generated, but the case expects an error", case.name),
            (Err(error), false) => panic!("{}: {error}", case.name),
        };
        settings.bind(|| insta::assert_snapshot!(case.name.as_str(), text));
    }
}

#[test]
fn every_construct_compiles_and_round_trips() {
    let all = cases();
    let cases: Vec<ScratchCase> = all
        .iter()
        .filter(|case| !case.expect_error)
        .map(|case| {
            let generated = elevenlabs_codegen::generate(&case.document, &Default::default(), &options(case))
                .unwrap_or_else(|e| panic!("{}: {e}", case.name));
            assert!(!case.payloads.is_empty(), "{}: a case needs a payload to round-trip", case.name);
            ScratchCase {
                module: case.name.clone(),
                models: generated.models,
                client: generated.client,
                payloads: case.payloads.clone(),
            }
        })
        .collect();
    let root = workspace_root();
    let dependencies = Dependencies::of_workspace(&root).expect("the workspace's Cargo.toml and Cargo.lock");
    let manifest = write_cases_crate(&root.join("target/all-documents/constructs"), &cases, &dependencies).unwrap();
    // This build's own target directory: the crate compiles against the dependencies the
    // tests were built with.
    let report = build_and_run(&manifest, &workspace_target_dir(env!("CARGO_TARGET_TMPDIR")))
        .unwrap_or_else(|errors| panic!("{errors}"));
    let payloads: usize = cases.iter().map(|c| c.payloads.len()).sum();
    assert_eq!(report.matches("round trip ok").count(), payloads, "{report}");
    for case in &all {
        for (index, expected) in case.decoded_as.iter().enumerate().filter_map(|(i, e)| Some((i, e.as_str()?))) {
            let prefix = format!("{} payload {index} decoded: ", case.name);
            let decoded = report.lines().find_map(|line| line.strip_prefix(&prefix));
            assert!(
                decoded.is_some_and(|decoded| decoded.contains(expected)),
                "{}: payload {index} decodes as {decoded:?}, which does not hold {expected:?}",
                case.name
            );
        }
    }
}
