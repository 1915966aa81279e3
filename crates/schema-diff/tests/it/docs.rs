//! The documentation generated from the code is fresh: the kinds tables of
//! `docs/schema-diff.md` (from the rule table) and the JSON Schema of the report. Like
//! `cargo xtask codegen --check`, a stale file fails; unlike it, the test also rewrites
//! the file, so that committing the result is the fix (rust-analyzer's sourcegen tests).

use std::path::{Path, PathBuf};

use elevenlabs_schema_diff::report_json_schema;
use elevenlabs_schema_diff::rules::kinds_table;

const TABLE_START: &str = "<!-- kinds table: generated from crates/schema-diff/src/rules; do not edit by hand -->\n";
const TABLE_END: &str = "<!-- end of kinds table -->";

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

#[test]
fn the_kinds_tables_are_generated_from_the_rule_table() {
    let path = docs().join("schema-diff.md");
    let text = std::fs::read_to_string(&path).expect("docs/schema-diff.md");
    let start = text.find(TABLE_START).expect("the kinds table's start marker") + TABLE_START.len();
    let end = start + text[start..].find(TABLE_END).expect("the kinds table's end marker");
    let fresh = format!("{}{}\n{}", &text[..start], kinds_table().trim_start(), &text[end..]);
    ensure_contents(&path, &fresh);
}

#[test]
fn the_json_schema_of_the_report_is_fresh() {
    ensure_contents(&docs().join("schema-diff-report.schema.json"), &report_json_schema());
}
