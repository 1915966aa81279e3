//! The documentation generated from the code is fresh: the kinds tables of
//! `docs/schema-diff.md` (from the rule table) and the JSON Schema of the report. Like
//! `cargo xtask codegen --check`, a stale file fails; unlike it, the test also rewrites
//! the file, so that committing the result is the fix (rust-analyzer's sourcegen tests).

use std::path::{Path, PathBuf};

use elevenlabs_schema_diff::report_json_schema;
use elevenlabs_schema_diff::rules::kinds_table;
use elevenlabs_schema_diff::rust::kinds::api_kinds_table;

const TABLE_START: &str = "<!-- kinds table: generated from crates/schema-diff/src/rules; do not edit by hand -->\n";
const TABLE_END: &str = "<!-- end of kinds table -->";
const API_TABLE_START: &str =
    "<!-- Rust kinds table: generated from crates/schema-diff/src/rust/kinds.rs; do not edit by hand -->\n";
const API_TABLE_END: &str = "<!-- end of Rust kinds table -->";

fn docs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs")
}

/// Fails when `path` does not hold `expected`, after writing it there.
fn ensure_contents(path: &Path, expected: &str) {
    let actual = std::fs::read_to_string(path).unwrap_or_default().replace("\r\n", "\n");
    if actual != expected {
        std::fs::write(path, expected).unwrap_or_else(|e| panic!("{}: cannot write: {e}", path.display()));
        panic!("{} was stale and has been rewritten; commit the result", path.display());
    }
}

/// `text` with what is between `start` and `end` replaced by `table`.
fn with_table(text: &str, start: &str, end: &str, table: &str) -> String {
    let from = text.find(start).unwrap_or_else(|| panic!("the marker {start:?}")) + start.len();
    let to = from + text[from..].find(end).unwrap_or_else(|| panic!("the marker {end:?}"));
    format!("{}{}\n{}", &text[..from], table.trim_start(), &text[to..])
}

#[test]
fn the_kinds_tables_are_generated_from_the_rule_tables() {
    let path = docs().join("schema-diff.md");
    let text = std::fs::read_to_string(&path).expect("docs/schema-diff.md");
    let fresh = with_table(&text, TABLE_START, TABLE_END, &kinds_table());
    let fresh = with_table(&fresh, API_TABLE_START, API_TABLE_END, &api_kinds_table());
    ensure_contents(&path, &fresh);
}

#[test]
fn the_json_schema_of_the_report_is_fresh() {
    ensure_contents(&docs().join("schema-diff-report.schema.json"), &report_json_schema());
}
