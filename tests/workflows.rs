//! The GitHub workflows parse and run what the README promises.

use elevenlabs_user_tests::workspace_root;
use serde_json::Value;

fn workflow(name: &str) -> Value {
    let path = workspace_root().join(".github/workflows").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    elevenlabs_spec::parse_text(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn run_lines(workflow: &Value) -> String {
    let jobs = workflow["jobs"].as_object().expect("jobs");
    jobs.values()
        .flat_map(|job| job["steps"].as_array().cloned().unwrap_or_default())
        .filter_map(|step| step.get("run").and_then(Value::as_str).map(str::to_string))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn ci_runs_the_check_the_tests_clippy_and_rustfmt() {
    let ci = workflow("ci.yml");
    let runs = run_lines(&ci);
    for command in
        ["cargo xtask codegen --check", "cargo test --workspace", "cargo clippy", "cargo fmt --all -- --check"]
    {
        assert!(runs.contains(command), "ci.yml does not run {command}");
    }
}

#[test]
fn schema_diff_comments_on_pull_requests_that_touch_openapi() {
    let diff = workflow("schema-diff.yml");
    assert_eq!(diff["on"]["pull_request"]["paths"][0], "openapi/**");
    assert!(
        run_lines(&diff).contains("cargo xtask schema-diff \"git:origin/${{ github.base_ref }}:openapi/v1-user.json\"")
    );
    let script = diff["jobs"]["schema-diff"]["steps"][3]["with"]["script"].as_str().unwrap();
    assert!(script.contains("updateComment") && script.contains("createComment"), "one comment, created or updated");
}
