//! Shared helpers for the workspace tests: where things are, and the brief's example.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

/// The read-only public data kept beside the project (`../shared`).
pub fn shared_dir() -> PathBuf {
    workspace_root().join("../shared")
}

/// A file under `tests/fixtures`.
pub fn fixture(name: &str) -> String {
    let path = workspace_root().join("tests/fixtures").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The example response of the brief, as kept in `tests/fixtures/seed-example.json`.
pub fn seed_example() -> Value {
    serde_json::from_str(&fixture("seed-example.json")).expect("the seed example fixture is JSON")
}

/// Every real spec document: the `/v1/user` fragments from the spec's history, then the
/// two full upstream documents, each group in file name (date) order.
pub fn spec_documents() -> Vec<PathBuf> {
    let mut documents = Vec::new();
    for group in ["spec-history", "upstream"] {
        let dir = shared_dir().join(group);
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
