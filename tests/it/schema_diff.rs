//! `cargo xtask schema-diff` on the real history of the spec.

use elevenlabs_schema_diff::render::render_markdown;
use elevenlabs_schema_diff::{diff_documents, Change, ChangeKind, Report, Semver};
use elevenlabs_spec::load_path;
use elevenlabs_user_tests::{
    models_json_schemas, schema_diff_report, spec_documents, spec_history, user_operation, vendored_inputs,
    workspace_root,
};
use serde_json::{json, Value};

fn diff(base: &str, head: &str) -> Vec<Change> {
    let base = load_path(&spec_history(base)).unwrap().value;
    let head = load_path(&spec_history(head)).unwrap().value;
    diff_documents(&base, &head).unwrap()
}

/// The report `schema-diff` gives: the wire changes, and the semver verdict from the
/// generated Rust of both documents, with this repository's overrides.
fn report_with_rust_api(base: &str, head: &str) -> Report {
    schema_diff_report(base, head)
}

/// `(field, kind, breaking, tolerated, semver)`, without description changes.
fn verdicts(changes: &[Change]) -> Vec<(String, ChangeKind, bool, bool, Semver)> {
    changes
        .iter()
        .filter(|c| c.kind != ChangeKind::DescriptionChanged)
        .map(|c| (c.field.clone(), c.kind, c.breaking, c.tolerated, c.wire_semver))
        .collect()
}

/// Consecutive documents of the same source, in date order.
fn consecutive_pairs() -> Vec<(String, String)> {
    let names: Vec<String> = spec_documents()
        .iter()
        .filter(|p| p.parent().is_some_and(|d| d.ends_with("spec-history")))
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names
        .windows(2)
        .filter(|w| w[0].split('_').next() == w[1].split('_').next())
        .map(|w| (w[0].clone(), w[1].clone()))
        .collect()
}

#[test]
fn every_document_against_itself_reports_nothing() {
    for path in spec_documents() {
        let document = load_path(&path).unwrap().value;
        assert_eq!(diff_documents(&document, &document).unwrap(), vec![], "{}", path.display());
    }
}

#[test]
fn status_values_come_and_go_and_open_enums_tolerate_them() {
    let added = |value: &str| {
        ("subscription.status".to_string(), ChangeKind::EnumValueAdded, true, true, Semver::Minor, json!(value))
    };
    let removed = |value: &str| {
        ("subscription.status".to_string(), ChangeKind::EnumValueRemoved, false, true, Semver::Major, json!(value))
    };
    let values = |changes: Vec<Change>| -> Vec<(String, ChangeKind, bool, bool, Semver, Value)> {
        changes
            .into_iter()
            .filter(|c| {
                c.field == "subscription.status"
                    && matches!(c.kind, ChangeKind::EnumValueAdded | ChangeKind::EnumValueRemoved)
            })
            .map(|c| (c.field, c.kind, c.breaking, c.tolerated, c.wire_semver, c.after.or(c.before).unwrap()))
            .collect()
    };
    assert_eq!(
        values(diff("docs_2025-04-02_73493750.json", "docs_2025-06-04_05947299.json")),
        vec![added("free_disabled")]
    );
    assert_eq!(
        values(diff("docs_2025-06-05_b774c9f2.json", "docs_2025-06-16_b18580c6.json")),
        vec![removed("incomplete_expired"), removed("canceled"), removed("unpaid")]
    );
    assert_eq!(
        values(diff("docs_2025-06-16_b18580c6.json", "docs_2025-06-19_291cafa0.json")),
        vec![added("incomplete_expired"), added("canceled")]
    );
}

#[test]
fn fields_becoming_optional_or_nullable_get_the_right_verdicts() {
    let changes = verdicts(&diff("docs_2025-02-04_b43cae8c.json", "docs_2025-02-25_cb4006dc.json"));
    // Required non-null in BASE, so BASE's generated client demands it: not tolerated.
    assert!(
        changes.contains(&("xi_api_key".into(), ChangeKind::PropertyBecameOptional, true, false, Semver::Major)),
        "{changes:#?}"
    );
    assert!(changes.contains(&(
        "subscription_extras.usage".into(),
        ChangeKind::PropertyAdded,
        false,
        true,
        Semver::Minor
    )));

    let changes = verdicts(&diff("docs_2025-02-25_cb4006dc.json", "docs_2025-04-02_73493750.json"));
    // Optional in BASE, so already an Option in its client: tolerated.
    assert!(changes.contains(&("first_name".into(), ChangeKind::PropertyBecameNullable, true, true, Semver::Major)));
    assert!(changes.contains(&(
        "subscription.professional_voice_slots_used".into(),
        ChangeKind::PropertyAdded,
        false,
        true,
        Semver::Minor
    )));
    assert_eq!(changes.iter().filter(|c| c.1 == ChangeKind::PropertyBecameNullable && !c.0.is_empty()).count(), 18);

    let changes = verdicts(&diff("docs_2025-06-05_b774c9f2.json", "docs_2025-06-16_b18580c6.json"));
    assert!(changes.contains(&(
        "can_use_delayed_payment_methods".into(),
        ChangeKind::DeprecatedAdded,
        false,
        true,
        Semver::Minor
    )));
}

#[test]
fn republished_documents_without_changes_report_none() {
    assert_eq!(diff("docs_2025-06-04_05947299.json", "docs_2025-06-05_b774c9f2.json"), vec![]);
    assert_eq!(diff("docs_2025-08-11_a1f6d0b8.json", "docs_2025-08-20_6df62721.json"), vec![]);
    assert_eq!(diff("docs_2025-06-19_291cafa0.json", "docs_2025-06-25_ad0dcd20.json"), vec![]);
}

#[test]
fn openapi_3_0_to_3_2_reports_real_changes_only() {
    let changes = diff("tryagi_2025-02-25_f5bc8f77.json", "tryagi_2026-03-09_f795cc32.json");
    // `nullable: true`, `type: [T, "null"]`, `allOf` wrappers and an inline enum moved into
    // components are spellings: none of them is a type change or a change to itself.
    assert!(changes.iter().all(|c| c.kind != ChangeKind::TypeChanged), "{changes:#?}");
    assert!(changes.iter().all(|c| c.before != c.after));
    let kinds = verdicts(&changes);
    assert!(kinds.contains(&("subscription.status".into(), ChangeKind::EnumValueAdded, true, true, Semver::Minor)));
    assert!(kinds.contains(&(
        "subscription.currency".into(),
        ChangeKind::PropertyBecameNullable,
        true,
        true,
        Semver::Major
    )));
    assert!(kinds.contains(&("created_at".into(), ChangeKind::PropertyAdded, false, true, Semver::Minor)));
    assert!(kinds.contains(&("is_new_user".into(), ChangeKind::DeprecatedAdded, false, true, Semver::Minor)));
    let statuses: Vec<&Value> =
        changes.iter().filter(|c| c.kind == ChangeKind::EnumValueRemoved).filter_map(|c| c.before.as_ref()).collect();
    assert_eq!(statuses, [&json!("incomplete_expired"), &json!("canceled"), &json!("unpaid")]);
}

#[test]
fn swapping_base_and_head_swaps_additions_and_removals() {
    for (base, head) in consecutive_pairs() {
        let forward = diff(&base, &head);
        let backward = diff(&head, &base);
        let fields = |changes: &[Change], kind| -> Vec<String> {
            let mut fields: Vec<String> = changes.iter().filter(|c| c.kind == kind).map(|c| c.field.clone()).collect();
            fields.sort();
            fields
        };
        assert_eq!(
            fields(&forward, ChangeKind::PropertyAdded),
            fields(&backward, ChangeKind::PropertyRemoved),
            "{base} → {head}"
        );
        assert_eq!(
            fields(&forward, ChangeKind::PropertyRemoved),
            fields(&backward, ChangeKind::PropertyAdded),
            "{base} → {head}"
        );
        assert_eq!(
            fields(&forward, ChangeKind::EnumValueAdded),
            fields(&backward, ChangeKind::EnumValueRemoved),
            "{base} → {head}"
        );
    }
}

#[test]
fn every_consecutive_pair() {
    let mut lines = Vec::new();
    for (base, head) in consecutive_pairs() {
        let report = report_with_rust_api(&base, &head);
        lines.push(format!("{base} → {head}: {:?}", report.summary));
        for c in &report.api_changes {
            let cause = c.cause.describe(&report.changes);
            lines.push(format!("  rust {} {} {} {} ({cause})", c.krate, c.kind, c.item, c.semver));
        }
        for c in &report.changes {
            let rust = c.rust_semver.map_or("not compared".to_string(), |s| s.to_string());
            lines.push(format!(
                "  {} {} [{}] breaking={} tolerated={} wire={} rust={rust}",
                c.kind, c.field, c.location, c.breaking, c.tolerated, c.wire_semver
            ));
        }
    }
    insta::assert_snapshot!("history_pairs", lines.join("\n"));
}

/// No Rust change in the repository's history is left without a cause.
#[test]
fn every_rust_change_in_the_history_has_a_cause() {
    for (base, head) in consecutive_pairs() {
        let report = report_with_rust_api(&base, &head);
        let unexplained: Vec<&str> = report
            .api_changes
            .iter()
            .filter(|c| c.cause == elevenlabs_schema_diff::Cause::Unexplained)
            .map(|c| c.item.as_str())
            .collect();
        assert_eq!(unexplained, Vec::<&str>::new(), "{base} → {head}");
    }
}

#[test]
fn markdown_reports_for_real_pairs() {
    for (name, base, head) in [
        ("markdown_status_value_added", "docs_2025-04-02_73493750.json", "docs_2025-06-04_05947299.json"),
        ("markdown_values_removed_and_deprecation", "docs_2025-06-05_b774c9f2.json", "docs_2025-06-16_b18580c6.json"),
        ("markdown_3_0_to_3_2", "tryagi_2025-02-25_f5bc8f77.json", "tryagi_2026-03-09_f795cc32.json"),
    ] {
        let report = report_with_rust_api(base, head);
        insta::assert_snapshot!(name, render_markdown(&report, &Default::default()));
    }
}

/// An OpenAPI document whose response schemas are schemars' view of the generated models.
fn document_from_models() -> Value {
    let schemas = models_json_schemas();
    let text = serde_json::to_string(&json!({
        "openapi": "3.1.0",
        "info": {"title": "models", "version": "1"},
        "paths": {"/v1/user": {"get": {
            "parameters": [{"name": "xi-api-key", "in": "header", "required": false, "schema": {"type": "string"}}],
            "responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UserResponseModel"}}}},
                "422": {"description": "invalid", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HttpValidationError"}}}}
            }}}},
        "components": {"schemas": schemas}
    }))
    .unwrap();
    serde_json::from_str(&text.replace("#/$defs/", "#/components/schemas/")).unwrap()
}

#[test]
fn the_models_schema_and_the_vendored_fragment_differ_in_nothing_breaking() {
    let (fragment, overrides) = vendored_inputs();
    let spec = elevenlabs_codegen::prepare(&fragment, &overrides).unwrap().document;
    let models = document_from_models();
    for (base, head) in [(&spec, &models), (&models, &spec)] {
        let breaking: Vec<Change> = diff_documents(base, head).unwrap().into_iter().filter(|c| c.breaking).collect();
        assert_eq!(breaking, vec![]);
    }
}

/// What `cargo xtask schema-diff <args>` returned and printed.
struct Outcome {
    status: Option<xtask::Status>,
    error: Option<String>,
    out: String,
}

fn run_diff(args: &[&str]) -> Outcome {
    let args: Vec<String> = std::iter::once("schema-diff").chain(args.iter().copied()).map(String::from).collect();
    let mut out = Vec::new();
    let result = xtask::run(&args, &xtask::Workspace::at(workspace_root()), &mut out);
    Outcome {
        status: result.as_ref().ok().copied(),
        error: result.err().map(|e| xtask::one_line(&e)),
        out: String::from_utf8(out).unwrap(),
    }
}

/// A change only the Rust API shows: the component `SeatType` renamed `SeatKind` (refs
/// followed, so nothing differs on the wire) renames the generated type. The default
/// text names the release and the change, and `--fail-on breaking` fails on it.
#[test]
fn a_rust_only_break_is_reported_and_fails_the_check() {
    let fragment = workspace_root().join("openapi/v1-user.json");
    let mut document: Value = serde_json::from_str(&std::fs::read_to_string(&fragment).unwrap()).unwrap();
    let schemas = document.pointer_mut("/components/schemas").and_then(Value::as_object_mut).unwrap();
    let mut seat = schemas.remove("SeatType").expect("the fragment has SeatType");
    seat["title"] = json!("SeatKind");
    schemas.insert("SeatKind".into(), seat);
    let text = serde_json::to_string(&document)
        .unwrap()
        .replace("#/components/schemas/SeatType", "#/components/schemas/SeatKind");
    let scratch = tempfile::tempdir().unwrap();
    let head = scratch.path().join("head.json");
    std::fs::write(&head, text).unwrap();
    let (base, head) = (fragment.display().to_string(), head.display().to_string());

    let outcome = run_diff(&[&base, &head, "--fail-on", "breaking"]);
    assert_eq!(outcome.status, Some(xtask::Status::CheckFailed), "{}", outcome.out);
    let lines: Vec<&str> = outcome.out.lines().collect();
    assert!(
        lines[0].starts_with("Release: major, because 1 change to the generated Rust API breaks"),
        "{}",
        outcome.out
    );
    assert!(
        lines.iter().any(|l| l.starts_with("major        models::SeatType | type-renamed | SeatType -> SeatKind")),
        "{}",
        outcome.out
    );
    let json: Value = serde_json::from_str(&run_diff(&[&base, &head, "--format", "json"]).out).unwrap();
    assert_eq!((json["summary"]["breaking"].as_u64(), json["summary"]["semver"].as_str()), (Some(0), Some("major")));
}

#[test]
fn command_line_formats_and_exit_codes() {
    let base = spec_history("docs_2025-04-02_73493750.json").display().to_string();
    let head = spec_history("docs_2025-06-04_05947299.json").display().to_string();

    let json = run_diff(&[&base, &head, "--format", "json"]);
    assert_eq!(json.status, Some(xtask::Status::Done));
    let report: Value = serde_json::from_str(&json.out).unwrap();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(workspace_root().join("docs/schema-diff-report.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the report's JSON Schema compiles");
    let errors: Vec<String> = validator.iter_errors(&report).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "the JSON report follows its committed schema: {errors:#?}");
    // On the wire one enum value is added; in Rust the inline enum typify named `Status`
    // is now `SubscriptionStatusType`, which breaks every user who named it.
    assert_eq!(
        report["summary"],
        json!({"breaking": 1, "non_breaking": 0, "semver": "major", "semver_source": "rust", "rust_semver": "major",
               "wire_semver": "minor", "unexplained": 0})
    );
    assert_eq!(report["rust_api"], json!({"state": "compared"}));
    assert_eq!(report["changes"][0]["field"], "subscription.status");
    assert_eq!(report["changes"][0]["wire_semver"], "minor", "a new enum value, by itself");
    assert_eq!(report["changes"][0]["rust_semver"], "minor", "the variant it added to the generated enum");
    let renamed = &report["api_changes"][0];
    assert_eq!(
        (&renamed["crate"], &renamed["item"], &renamed["kind"], &renamed["semver"], &renamed["after"]),
        (&json!("models"), &json!("Status"), &json!("type-renamed"), &json!("major"), &json!("SubscriptionStatusType"))
    );
    assert!(
        renamed["suggestion"]
            .as_str()
            .unwrap()
            .contains(r#"{"op": "rename-schema", "schema": "SubscriptionStatusType", "to": "Status", "reason": "…"}"#),
        "{renamed}"
    );
    assert_eq!(renamed["cause"]["kind"], "components", "no wire change renames a type: {renamed}");
    for key in [
        "operation",
        "location",
        "field",
        "kind",
        "breaking",
        "tolerated",
        "wire_semver",
        "rust_semver",
        "before",
        "after",
        "message",
    ] {
        assert!(report["changes"][0].get(key).is_some(), "{key}");
    }

    assert_eq!(run_diff(&[&base, &head, "--fail-on", "breaking"]).status, Some(xtask::Status::CheckFailed));
    assert_eq!(run_diff(&[&head, &head, "--fail-on", "breaking"]).status, Some(xtask::Status::Done));
    let markdown = run_diff(&[&base, &head, "--format", "markdown"]);
    assert!(
        markdown.out.contains("Generated Rust code diff") && markdown.out.contains("+    FreeDisabled,"),
        "{}",
        markdown.out
    );

    let committed = run_diff(&[]);
    assert_eq!(committed.error, None);
    assert!(
        committed.out.contains("Release: none. Nothing changed."),
        "the committed fragment equals the working tree's: {}",
        committed.out
    );

    for (args, expected) in [
        (vec!["/no/such/file.json"], "cannot read"),
        (vec![workspace_root().join(".github/workflows/ci.yml").to_str().unwrap()], "not an OpenAPI document"),
        (vec!["git:no-such-revision:openapi/v1-user.json"], "bad git revision"),
        (vec![base.as_str(), head.as_str(), "--format", "html"], "--format must be"),
    ] {
        let outcome = run_diff(&args);
        let error = outcome.error.unwrap_or_else(|| panic!("{args:?} succeeded"));
        assert!(error.contains(expected), "{args:?}: {error}");
    }
}

/// The two full upstream documents differ in thousands of places: compared over every
/// operation, the whole Markdown is grouped by operation, and the comment form fits
/// GitHub's limit, keeping the summary and the breaking changes and saying where the rest
/// is. Compared as the workspace records (`GET /v1/user` alone), the report is the
/// vendored slice's.
#[test]
fn a_full_document_report_fits_a_github_comment() {
    let upstream = |name: &str| elevenlabs_user_tests::data_dir().join("upstream").join(name);
    let (base, head) = (upstream("elevenlabs-openapi-2026-04-25.json"), upstream("elevenlabs-openapi-2026-08-22.json"));
    let load = |path: &std::path::Path| load_path(path).expect("an upstream document").value;
    // The wire alone: the Rust side of every operation is the all-documents test's.
    let every = elevenlabs_schema_diff::Options { rust_api: false, ..Default::default() };
    let named = |name, document| elevenlabs_schema_diff::Named { name, document };
    let (base_document, head_document) = (load(&base), load(&head));
    let report = elevenlabs_schema_diff::compare(named("base", &base_document), named("head", &head_document), &every)
        .unwrap()
        .report;
    let full = render_markdown(&report, &Default::default());
    assert!(full.len() > 65_536, "the whole report is larger than a comment");
    assert!(full.contains("\n#### `GET /v1/user`: "), "grouped by operation");
    assert!(full.contains("<details><summary>"), "large groups are collapsed");
    let limited = elevenlabs_schema_diff::render::MarkdownOptions {
        limit: Some((60_000, "the job summary")),
        ..Default::default()
    };
    let comment = render_markdown(&report, &limited);
    assert!(comment.chars().count() <= 60_000, "{} characters", comment.chars().count());
    let summary_line = full.lines().nth(2).unwrap();
    assert!(comment.contains(summary_line), "the comment keeps the summary");
    assert!(comment.contains("#### Breaking changes") && comment.contains("are in the job summary."));

    let (base, head) = (base.display().to_string(), head.display().to_string());
    let recorded = run_diff(&[&base, &head, "--format", "markdown"]);
    assert_eq!(recorded.status, Some(xtask::Status::Done), "{:?}", recorded.error);
    let groups: Vec<&str> = recorded.out.lines().filter(|l| l.starts_with("#### `")).collect();
    assert!(groups.iter().all(|g| g.starts_with("#### `GET /v1/user`")), "{groups:?}");
    assert!(recorded.out.len() < 65_536, "{} characters", recorded.out.len());
    assert!(recorded.out.contains("Only the operations the crates hold are compared: "), "it says so");
}

/// `tool_call_sound` went from the `ToolCallSoundType` enum to `anyOf [ToolCallSoundType,
/// const "off"]`: one value more, read by the generated open types, not a type change that
/// breaks them.
#[test]
fn a_union_that_adds_a_constant_is_an_added_value() {
    let load = |name: &str| load_path(&elevenlabs_user_tests::data_dir().join("upstream").join(name)).unwrap().value;
    let changes =
        diff_documents(&load("elevenlabs-openapi-2026-04-25.json"), &load("elevenlabs-openapi-2026-08-22.json"))
            .unwrap();
    let sound: Vec<&Change> = changes
        .iter()
        .filter(|c| c.field == "config.tool_config_overrides[].tool_call_sound" && c.location == "response 200")
        .filter(|c| c.kind != ChangeKind::DescriptionChanged)
        .collect();
    assert!(!sound.is_empty());
    for change in sound {
        assert_eq!(change.kind, ChangeKind::EnumValueAdded, "{change:?}");
        assert_eq!(change.after, Some(json!("off")));
        assert!(change.tolerated, "{change:?}");
    }
}

/// The PR comment of every history pair, rendered as GitHub renders it (GitHub-flavoured
/// Markdown, with tables and raw HTML): a headline with the release and why, one table
/// per operation and one for the Rust API, every row as wide as its table's head, every
/// `<details>` closed, within GitHub's 65,536 characters.
#[test]
fn the_comment_reads_as_github_renders_it() {
    for (base, head) in consecutive_pairs() {
        let report = report_with_rust_api(&base, &head);
        let limited = elevenlabs_schema_diff::render::MarkdownOptions {
            kinds_doc: Some("https://github.com/o/r/blob/main/docs/schema-diff.md"),
            limit: Some((65_536, "the job summary")),
            ..Default::default()
        };
        let markdown = render_markdown(&report, &limited);
        assert!(markdown.chars().count() <= 65_536, "{base} → {head}");
        let shown = || format!("{base} → {head}:\n{markdown}");
        let html = github_html(&markdown, &report, &shown());
        if !report.changes.is_empty() {
            assert!(
                html.contains("href=\"https://github.com/o/r/blob/main/docs/schema-diff.md#"),
                "kinds link to their rows"
            );
        }
    }
}

/// `markdown` rendered as GitHub renders a comment (GitHub-flavoured Markdown, with tables
/// and raw HTML), checked for the comment's structure: the release in the headline, one
/// table per operation that changed and one for the Rust API, every row as wide as its
/// table's head, every `<details>` closed.
fn github_html(markdown: &str, report: &Report, shown: &str) -> String {
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.render.unsafe_ = true;
    let html = comrak::markdown_to_html(markdown, &options);
    assert!(html.contains("<strong>Release: "), "the headline gives the release: {shown}");
    let operations: std::collections::BTreeSet<String> =
        report.changes.iter().map(|c| c.operation.to_string()).collect();
    let rust_table = usize::from(!report.api_changes.is_empty());
    assert_eq!(html.matches("<table>").count(), operations.len() + rust_table, "{shown}");
    for table in html.split("<table>").skip(1) {
        let table = &table[..table.find("</table>").expect("every table closes")];
        let head = table.split("</tr>").next().unwrap_or_default().matches("</th>").count();
        for row in table.split("<tr>").skip(2) {
            assert_eq!(row.matches("</td>").count(), head, "a row as wide as its head: {row}\n{shown}");
        }
    }
    assert_eq!(html.matches("<details>").count(), html.matches("</details>").count(), "{shown}");
    html
}

/// Names are upstream's to choose. One with a backtick, a bar, a line break, HTML and a
/// mention in it, as a property, an enum value and a parameter, leaves the comment's
/// structure whole: the name reads as code, and nothing of it as a heading, an element
/// or a mention; and every Rust change it makes is still tied to its wire change.
#[test]
fn names_from_upstream_are_shown_as_code_and_never_read_as_markdown() {
    let hostile = "a|b`c</details><img src=x onerror=alert(1)>@octocat #1\n## Heading";
    let (base, overrides) = vendored_inputs();
    let mut head = base.clone();
    let user = &mut head["components"]["schemas"]["UserResponseModel"]["properties"];
    user[hostile] = json!({"type": "string"});
    user["plan"] = json!({"type": "string", "enum": [hostile, "``", "|"]});
    let operation = &mut head["paths"]["/v1/user"]["get"]["parameters"];
    operation.as_array_mut().unwrap().push(json!({"name": hostile, "in": "query", "schema": {"type": "string"}}));
    let options = elevenlabs_schema_diff::Options {
        overrides,
        operations: elevenlabs_schema_diff::OperationSet::Recorded(vec![user_operation()]),
        ..Default::default()
    };
    let named = |name, document| elevenlabs_schema_diff::Named { name, document };
    let report = elevenlabs_schema_diff::compare(named("base", &base), named(hostile, &head), &options).unwrap().report;
    assert!(report.changes.iter().any(|c| c.field.contains("@octocat")), "{:?}", report.changes);
    assert_eq!(report.summary.unexplained, 0, "a field path reads back whatever the name: {:?}", report.api_changes);
    let with_diff = elevenlabs_schema_diff::render::MarkdownOptions {
        code_diff: Some("+/// ```json\n+/// {\"a\": 1}\n+/// ```\n"),
        ..Default::default()
    };
    let markdown = render_markdown(&report, &with_diff);
    let html = github_html(&markdown, &report, &markdown);
    let outside_code = html.split("<code").map(|part| part.split_once("</code>").map_or(part, |(_, after)| after));
    let outside_code: String = outside_code.collect();
    for read_as_markdown in ["@octocat", "<img", "<h2", "Heading"] {
        assert!(!outside_code.contains(read_as_markdown), "{read_as_markdown} outside code:\n{markdown}\n{html}");
    }
    assert!(html.contains("<pre><code class=\"language-diff\">"), "the code diff is one block:\n{markdown}");
}
