//! Shared helpers for the workspace tests: where things are, and the brief's example.

use std::path::{Path, PathBuf};

use serde_json::Value;
use xtask::LAYOUT;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

/// The real public data the tests read (`tests/data`, provenance in its README).
pub fn data_dir() -> PathBuf {
    workspace_root().join("tests/data")
}

/// A real spec fragment from `tests/data/spec-history`.
pub fn spec_history(name: &str) -> PathBuf {
    data_dir().join("spec-history").join(name)
}

/// The vendored fragment and its overrides, as `cargo xtask codegen` reads them.
pub fn vendored_inputs() -> (Value, elevenlabs_spec::Overrides) {
    let root = workspace_root();
    let fragment = elevenlabs_spec::load_path(&root.join(LAYOUT.fragment)).expect("the vendored fragment").value;
    let overrides = std::fs::read_to_string(root.join(LAYOUT.overrides)).expect("openapi/overrides.json");
    (fragment, elevenlabs_spec::Overrides::parse(&overrides).expect("valid overrides"))
}

/// What `cargo xtask schema-diff` reports for two documents of `tests/data/spec-history`:
/// both generated over the operations `openapi/provenance.json` records, with this
/// repository's overrides.
pub fn schema_diff_report(base: &str, head: &str) -> elevenlabs_schema_diff::Report {
    let load = |name: &str| elevenlabs_spec::load_path(&spec_history(name)).expect("a history document").value;
    let (base_document, head_document) = (load(base), load(head));
    let (_, overrides) = vendored_inputs();
    let options = elevenlabs_schema_diff::Options {
        overrides,
        operations: elevenlabs_schema_diff::OperationSet::Recorded(vec![user_operation()]),
        ..Default::default()
    };
    let named = |name, document| elevenlabs_schema_diff::Named { name, document };
    elevenlabs_schema_diff::compare(named(base, &base_document), named(head, &head_document), &options)
        .expect("history documents compare")
        .report
}

/// The dependencies of the crates the tests generate: this workspace's.
pub fn scratch_dependencies() -> elevenlabs_scratch::Dependencies {
    elevenlabs_scratch::Dependencies::of_workspace(&workspace_root())
        .expect("the workspace's Cargo.toml and Cargo.lock")
}

/// Options for crates generated into a scratch workspace: a client with no settings of
/// its own.
pub fn scratch_client_options() -> elevenlabs_codegen::Options {
    elevenlabs_codegen::Options {
        client_settings_type: elevenlabs_scratch::CLIENT_SETTINGS_TYPE.into(),
        ..Default::default()
    }
}

/// The operation the vendored fragment holds.
pub fn user_operation() -> elevenlabs_spec::OperationRef {
    xtask::USER_OPERATION.parse().expect("a valid operation")
}

/// schemars' JSON Schema of the models' response types and everything they use, by name.
pub fn models_json_schemas() -> serde_json::Map<String, Value> {
    use elevenlabs_user_models::{HttpValidationError, UserResponseModel};
    let mut schemas = serde_json::Map::new();
    for root in [schemars::schema_for!(UserResponseModel), schemars::schema_for!(HttpValidationError)] {
        let mut value = serde_json::to_value(&root).expect("schemas serialize");
        // schemars 1.x writes JSON Schema 2020-12, whose definitions are `$defs`.
        if let Some(Value::Object(definitions)) = value.as_object_mut().and_then(|o| o.remove("$defs")) {
            schemas.extend(definitions);
        }
        let title = value["title"].as_str().expect("a titled root schema").to_string();
        schemas.insert(title, value);
    }
    schemas
}

/// The copies of the brief's example account that the published crates carry, so that a
/// crate from the registry needs nothing outside it: the models' (docs, tests, benches)
/// and the client's (the `mock` feature serves it). The brief is their one source of truth,
/// and `tests/it/models.rs` keeps every copy identical to its example.
pub const EXAMPLE_ACCOUNT_COPIES: [&str; 2] =
    ["crates/models/data/example-account.json", "crates/client/data/example-account.json"];

/// The example response of the brief, as the models crate keeps it.
pub fn seed_example() -> Value {
    let path = workspace_root().join(EXAMPLE_ACCOUNT_COPIES[0]);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("the example account is JSON")
}

/// Every real spec document: the `/v1/user` fragments from the spec's history, then the
/// two full upstream documents, each group in file name (date) order.
pub fn spec_documents() -> Vec<PathBuf> {
    let mut documents = Vec::new();
    for group in ["spec-history", "upstream"] {
        let dir = data_dir().join(group);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        files.sort();
        documents.extend(files);
    }
    documents
}

/// Reads the numbered example response out of the brief's text (`1{`, `2 "user_id": …`).
pub fn example_from_brief(brief: &str) -> Option<Value> {
    let mut lines = brief.lines().skip_while(|line| !line.starts_with("$curl"));
    lines.next()?;
    let json: String = lines
        .map_while(|line| {
            let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            (digits > 0).then(|| &line[digits..])
        })
        .collect::<Vec<_>>()
        .join("\n");
    serde_json::from_str(&json).ok()
}

/// Sets every string at each of `pointers` to a value no spec lists.
pub fn with_unknown_values(mut value: Value, pointers: &[&str]) -> Value {
    for pointer in pointers {
        if let Some(slot) = value.pointer_mut(pointer) {
            *slot = Value::String(format!("new_value_for{}", pointer.replace('/', "_")));
        }
    }
    value
}

/// Adds an unknown field to every object in `value`, at every depth.
pub fn with_unknown_fields(value: Value) -> Value {
    match value {
        Value::Object(object) => {
            let mut object: serde_json::Map<String, Value> =
                object.into_iter().map(|(k, v)| (k, with_unknown_fields(v))).collect();
            object.insert("field_from_the_future".into(), serde_json::json!({"nested": [1, "two", null]}));
            Value::Object(object)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(with_unknown_fields).collect()),
        other => other,
    }
}

/// A temporary copy of the pipeline's files, to run `xtask` commands against.
pub fn scratch_workspace() -> tempfile::TempDir {
    let scratch = tempfile::tempdir().expect("a temporary directory");
    for file in LAYOUT.pipeline_files() {
        let target = scratch.path().join(file);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(workspace_root().join(file), &target).unwrap_or_else(|e| panic!("{file}: {e}"));
    }
    scratch
}

/// sha256 of every file under `dir`, by relative path.
pub fn checksums(dir: &Path) -> std::collections::BTreeMap<PathBuf, String> {
    let mut sums = std::collections::BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let hex = elevenlabs_spec::sha256_hex(&std::fs::read(&path).unwrap());
                sums.insert(path.strip_prefix(dir).unwrap().to_path_buf(), hex);
            }
        }
    }
    sums
}

pub mod fuzz;
pub mod grammar;
pub mod mutations;

/// The Rust blocks of the workspace README and of `docs/`, compiled (and run, unless
/// `no_run`) as this crate's doctests, so no page shows code that does not build. The
/// published crates' READMEs are their own crate docs, doctested the same way.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

#[cfg(doctest)]
#[doc = include_str!("../../docs/client.md")]
pub struct ClientDocDoctests;
