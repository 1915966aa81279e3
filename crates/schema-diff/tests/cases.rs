//! A case per rule, in the manner of cargo-semver-checks' `test_crates/<lint>/{old,new}`:
//! `cases/wire/<kind>.json` for each kind of wire change and `cases/rust/<kind>.json` for
//! each kind of Rust API change, each a BASE and a HEAD document that differ by that kind
//! (see `cases/README.md`). Each case's report is snapshotted, holds its kind, and leaves
//! no Rust change unexplained; a kind without a case fails.

use std::path::{Path, PathBuf};

use elevenlabs_schema_diff::rust::kinds::ApiChangeKind;
use elevenlabs_schema_diff::{compare, Cause, ChangeKind, Named, Options, Report, RustApi};
use serde_json::{json, Value};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

/// A case's side as a document: `GET /v1/user` answering `User` (with `operation` merged
/// into it), the case's `schemas`, and its own `paths` beside; its `security_schemes` and
/// document-wide `security`, when it has them.
fn document(side: &Value) -> Value {
    let mut operation = json!({"operationId": "get_user", "responses": {"200": {"description": "ok",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}}}});
    if let (Some(operation), Some(Value::Object(more))) = (operation.as_object_mut(), side.get("operation")) {
        operation.extend(more.clone());
    }
    let mut paths = json!({"/v1/user": {"get": operation}});
    if let (Some(paths), Some(Value::Object(more))) = (paths.as_object_mut(), side.get("paths")) {
        paths.extend(more.clone());
    }
    let mut document = json!({
        "openapi": "3.1.0",
        "info": {"title": "case", "version": "1"},
        "paths": paths,
        "components": {"schemas": side.get("schemas").cloned().unwrap_or_else(|| json!({}))}
    });
    if let Some(schemes) = side.get("security_schemes") {
        document["components"]["securitySchemes"] = schemes.clone();
    }
    if let Some(security) = side.get("security") {
        document["security"] = security.clone();
    }
    document
}

/// BASE's crates as committed, when the case says they were made by another codegen: its
/// `committed_base` edits (`[from, to]` pairs) of what this codegen generates for BASE.
/// Some kinds only arise so (the generator marks every type `#[non_exhaustive]`).
fn committed_base(case: &Value, base: &Value) -> Option<(String, String)> {
    let edits = case.get("committed_base")?;
    let generated =
        elevenlabs_codegen::generate(base, &Default::default(), &Default::default()).expect("BASE generates");
    let edited = |source: String, key: &str| {
        edits.get(key).and_then(Value::as_array).into_iter().flatten().fold(source, |source, edit| {
            let (from, to) = (edit[0].as_str().expect("an edit's text"), edit[1].as_str().expect("an edit's text"));
            assert!(source.contains(from), "{key}: {from:?} is not in BASE's generated source");
            source.replacen(from, to, 1)
        })
    };
    Some((edited(generated.models, "models"), edited(generated.client, "client")))
}

struct Case {
    name: String,
    about: String,
    report: Report,
}

fn cases(kind: &str) -> Vec<Case> {
    let dir = cases_dir().join(kind);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let case: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let (base, head) = (document(&case["base"]), document(&case["head"]));
            let options = Options { base_sources: committed_base(&case, &base), ..Options::default() };
            let named = |name, document| Named { name, document };
            let report = compare(named("base", &base), named("head", &head), &options)
                .unwrap_or_else(|e| panic!("{name}: {e}"))
                .report;
            assert_eq!(report.rust_api, RustApi::Compared, "{name}");
            let about = case["about"].as_str().unwrap_or_else(|| panic!("{name}: every case says what it is about"));
            Case { name, about: about.to_string(), report }
        })
        .collect()
}

/// A report as the snapshots show it: each wire change and each Rust change with its cause.
fn shown(case: &Case) -> String {
    let report = &case.report;
    let mut lines = vec![case.about.clone(), String::new(), format!("{:?}", report.summary)];
    for change in &report.changes {
        let rust = change.rust_semver.map_or("not compared".to_string(), |s| s.to_string());
        lines.push(format!(
            "wire {} {} [{}] breaking={} tolerated={} wire={} rust={rust}: {}",
            change.kind,
            change.field,
            change.location,
            change.breaking,
            change.tolerated,
            change.wire_semver,
            change.message
        ));
    }
    for change in &report.api_changes {
        let cause = change.cause.describe(&report.changes);
        lines.push(format!("rust {} {} {} {} ({cause})", change.krate, change.kind, change.item, change.semver));
    }
    lines.join("\n") + "\n"
}

fn check(kind: &str, ids: Vec<&str>, found: impl Fn(&Report, &str) -> bool) {
    let cases = cases(kind);
    // `<kind>.json` is a kind's case; `<kind>--<variant>.json` another of the same kind.
    let kind_of = |case: &Case| case.name.split("--").next().unwrap_or_default().to_string();
    let names: Vec<String> = cases.iter().map(kind_of).collect();
    let missing: Vec<&&str> = ids.iter().filter(|id| !names.iter().any(|n| n == *id)).collect();
    assert!(missing.is_empty(), "kinds without a case in tests/cases/{kind}/: {missing:?}");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(cases_dir().join(kind).join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    for case in &cases {
        assert!(ids.contains(&kind_of(case).as_str()), "{kind}/{}.json names no kind", case.name);
        assert!(
            found(&case.report, &kind_of(case)),
            "{kind}/{}: the report does not hold its kind:\n{}",
            case.name,
            shown(case)
        );
        let unexplained: Vec<&str> =
            case.report.api_changes.iter().filter(|c| c.cause == Cause::Unexplained).map(|c| c.item.as_str()).collect();
        assert!(unexplained.is_empty(), "{kind}/{}: unexplained {unexplained:?}", case.name);
        settings.bind(|| insta::assert_snapshot!(case.name.as_str(), shown(case)));
    }
}

#[test]
fn every_wire_kind_has_a_case_that_finds_it() {
    let ids = ChangeKind::ALL.iter().map(|k| k.as_str()).collect();
    check("wire", ids, |report, id| report.changes.iter().any(|c| c.kind.as_str() == id));
}

#[test]
fn every_rust_kind_has_a_case_that_makes_it() {
    let ids = ApiChangeKind::ALL.iter().map(|k| k.as_str()).collect();
    check("rust", ids, |report, id| report.api_changes.iter().any(|c| c.kind.as_str() == id));
}
