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
    let runs = run_lines(&diff);
    assert!(runs.contains("cargo xtask schema-diff \"git:origin/${BASE_REF}:openapi/v1-user.json\""), "{runs}");
    assert!(runs.contains(">> \"$GITHUB_STEP_SUMMARY\""), "the report also goes to the job summary");
    assert!(runs.contains("--max-chars 60000"), "the comment form fits GitHub's limit");
    let steps = diff["jobs"]["schema-diff"]["steps"].as_array().unwrap();
    let comment = steps.iter().find(|s| s["with"]["script"].is_string()).expect("a comment step");
    let script = comment["with"]["script"].as_str().unwrap();
    assert!(script.contains("updateComment") && script.contains("createComment"), "one comment, created or updated");
    assert!(script.contains("schema-diff-comment.md"), "the comment posts the form that fits");
    assert!(
        steps.iter().any(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("actions/upload-artifact@"))),
        "the whole report is kept as an artifact"
    );
    assert_eq!(
        comment["if"], "github.event.pull_request.head.repo.full_name == github.repository",
        "forks, whose token is read-only, get the job summary only"
    );
}

#[test]
fn spec_refresh_vendors_weekly_and_opens_one_pull_request() {
    let refresh = workflow("spec-refresh.yml");
    assert!(refresh["on"]["schedule"][0]["cron"].is_string());
    assert!(refresh["on"].get("workflow_dispatch").is_some(), "it can be run by hand");
    assert_eq!(refresh["jobs"]["refresh"]["env"]["SPEC_URL"], "https://api.elevenlabs.io/openapi.json");
    let runs = run_lines(&refresh);
    for command in [
        "cargo xtask vendor --from \"$SPEC_URL\"",
        "cargo xtask codegen",
        "cargo xtask schema-diff --format markdown",
        "cargo test --workspace",
    ] {
        assert!(runs.contains(command), "spec-refresh.yml does not run {command}");
    }
    assert!(
        runs.contains(r#".summary.breaking > 0 or .summary.semver == "major""#),
        "the label also marks a Rust-only break, which no wire change shows"
    );
    let steps = refresh["jobs"]["refresh"]["steps"].as_array().unwrap();
    let tests = steps.iter().find(|s| s["id"] == "tests").unwrap();
    assert_eq!(tests["continue-on-error"], true, "failing tests still open a (draft) PR");
    let pr =
        steps.iter().find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("peter-evans/create-pull-request@")));
    let with = &pr.expect("a create-pull-request step")["with"];
    assert_eq!(with["branch"], "spec-refresh", "one PR, on a fixed branch");
    assert_eq!(with["draft"], "${{ steps.tests.outcome != 'success' }}");
    assert_eq!(with["labels"], "${{ steps.diff.outputs.breaking == 'true' && 'breaking' || '' }}");
    assert!(with["body-path"].as_str().unwrap().ends_with("pr-body.md"));
}

const WORKFLOWS: [&str; 3] = ["ci.yml", "schema-diff.yml", "spec-refresh.yml"];

#[test]
fn every_action_is_pinned_to_a_commit_with_its_version_beside_it() {
    for name in WORKFLOWS {
        let text = std::fs::read_to_string(workspace_root().join(".github/workflows").join(name)).unwrap();
        for line in
            text.lines().filter(|l| l.trim_start().starts_with("- uses:") || l.trim_start().starts_with("uses:"))
        {
            let (_, reference) = line.split_once('@').unwrap_or_else(|| panic!("{name}: unpinned {line}"));
            let (sha, comment) = reference.split_once(" # ").unwrap_or_else(|| panic!("{name}: no version: {line}"));
            assert!(sha.len() == 40 && sha.bytes().all(|b| b.is_ascii_hexdigit()), "{name}: {line}");
            assert!(!comment.trim().is_empty(), "{name}: {line}");
        }
    }
}

#[test]
fn workflows_hold_least_privilege_and_expand_nothing_inside_run() {
    for name in WORKFLOWS {
        let flow = workflow(name);
        assert_eq!(flow["permissions"], serde_json::json!({}), "{name}: no default permissions");
        for (job_name, job) in flow["jobs"].as_object().unwrap() {
            assert!(job["permissions"].is_object(), "{name}/{job_name}: permissions are per job");
            for step in job["steps"].as_array().unwrap() {
                if step["uses"].as_str().is_some_and(|u| u.starts_with("actions/checkout@")) {
                    assert_eq!(step["with"]["persist-credentials"], false, "{name}/{job_name}");
                }
                if let Some(run) = step["run"].as_str() {
                    assert!(!run.contains("${{"), "{name}/{job_name}: pass values through env, not ${{{{ }}}}");
                }
            }
        }
    }
}

#[test]
fn the_weekly_fuzz_run_covers_every_target_and_keeps_crashes() {
    let fuzz = workflow("fuzz.yml");
    assert!(fuzz["on"]["schedule"][0]["cron"].is_string(), "fuzz.yml runs on a schedule");
    let job = &fuzz["jobs"]["fuzz"];
    let targets: Vec<&str> =
        job["strategy"]["matrix"]["target"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert_eq!(targets, xtask::fuzz::TARGETS, "every fuzz target, and only those");
    assert!(run_lines(&fuzz).contains("cargo xtask fuzz \"$TARGET\""), "the project's command runs each");
    let uploads = job["steps"].as_array().unwrap().iter().any(|step| {
        step["uses"].as_str().is_some_and(|u| u.starts_with("actions/upload-artifact@")) && step["if"] == "failure()"
    });
    assert!(uploads, "a crash is uploaded");
}
