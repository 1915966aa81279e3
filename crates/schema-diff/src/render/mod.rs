//! Rendering a schema [`Report`] as JSON, Markdown (for a PR comment) or plain text.
//! Each change's bump is its Rust bump when the Rust API was compared, and its wire
//! estimate, marked `(wire)`, when it was not.

mod changelog;

use std::fmt::Write as _;

use serde_json::Value;

use crate::change::Change;
use crate::report::{Report, RustApi, VerdictSource};
use crate::semver::Semver;

pub use changelog::render_changelog;

/// The JSON form that `docs/schema-diff-report.schema.json` describes.
pub fn render_json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_default();
    text.push('\n');
    text
}

/// One line per change, breaking changes first.
pub fn render_text(report: &Report) -> String {
    let mut out = format!("{}\n", summary_line(report));
    for change in ordered(report) {
        let _ = writeln!(
            out,
            "{:<12} {} | {} | {} | {}: {} ({}{})",
            if change.breaking { "BREAKING" } else { "ok" },
            change.operation,
            change.location,
            if change.field.is_empty() { "(root)" } else { &change.field },
            change.kind,
            change.message,
            bump(change),
            if change.breaking && change.tolerated { ", tolerated by the generated client" } else { "" },
        );
    }
    out
}

/// Groups with more changes than this are collapsed inside `<details>`.
const COLLAPSE_ABOVE: usize = 20;

/// A PR comment: the summary line; then, per operation (the worst first), its own summary
/// line and its breaking and other changes, collapsed when there are many; and optionally
/// the diff of the generated Rust code, collapsed.
pub fn render_markdown(report: &Report, code_diff: Option<&str>) -> String {
    let mut out = header(report);
    for (operation, changes) in by_operation(report) {
        let _ = write!(out, "\n#### `{operation}`: {}\n", group_line(&changes));
        let collapse = changes.len() > COLLAPSE_ABOVE;
        if collapse {
            let _ = write!(out, "\n<details><summary>{} changes</summary>\n", changes.len());
        }
        let (breaking, other): (Vec<&Change>, Vec<&Change>) = changes.iter().partition(|c| c.breaking);
        for (title, changes) in [("Breaking changes", breaking), ("Other changes", other)] {
            if changes.is_empty() {
                continue;
            }
            let _ = write!(out, "\n##### {title}\n\n{TABLE_HEAD}");
            for change in changes {
                out.push_str(&row(change, false));
            }
        }
        if collapse {
            out.push_str("\n</details>\n");
        }
    }
    out.push_str(&rust_api_section(report));
    if let Some(diff) = code_diff {
        let body = if diff.trim().is_empty() {
            "(the generated code does not change)\n".to_string()
        } else {
            diff.to_string()
        };
        let _ =
            write!(out, "\n<details><summary>Generated Rust code diff</summary>\n\n```diff\n{body}```\n\n</details>\n");
    }
    out
}

/// [`render_markdown`] when it fits in `max_chars` (GitHub refuses a comment over 65,536);
/// otherwise the summary and as many breaking changes as fit, saying where the rest is.
pub fn render_markdown_within(report: &Report, code_diff: Option<&str>, max_chars: usize, rest_at: &str) -> String {
    let full = render_markdown(report, code_diff);
    if full.chars().count() <= max_chars {
        return full;
    }
    let breaking: Vec<&Change> = ordered(report).filter(|c| c.breaking).collect();
    let rust_api = rust_api_section(report);
    let mut out = header(report);
    let mut shown = 0;
    if !breaking.is_empty() {
        let _ = write!(out, "\n#### Breaking changes\n\n{TABLE_HEAD_WITH_OPERATION}");
        // Room for the Rust API table and the closing note, whatever the counts.
        let budget = max_chars.saturating_sub(400 + rest_at.len() + rust_api.chars().count());
        let mut length = out.chars().count();
        for change in &breaking {
            let line = row(change, true);
            length += line.chars().count();
            if length > budget {
                break;
            }
            out.push_str(&line);
            shown += 1;
        }
    }
    out.push_str(&rust_api);
    let _ = write!(
        out,
        "\n_This report is too long for a comment: it shows {shown} of {} breaking changes. All {} changes, and the generated-code diff, are in {rest_at}._\n",
        breaking.len(),
        report.changes.len(),
    );
    out
}

const TABLE_HEAD: &str =
    "| where | field | change | before → after | tolerated | semver |\n| --- | --- | --- | --- | --- | --- |\n";
const TABLE_HEAD_WITH_OPERATION: &str = "| operation | where | field | change | before → after | tolerated | semver |\n| --- | --- | --- | --- | --- | --- | --- |\n";

fn header(report: &Report) -> String {
    format!("### Schema diff: `{}` → `{}`\n\n**{}**\n", report.base, report.head, summary_line(report))
}

fn row(change: &Change, with_operation: bool) -> String {
    let operation = if with_operation { format!("| {} ", change.operation) } else { String::new() };
    format!(
        "{operation}| {} | `{}` | {} | {} → {} | {} | {} |\n",
        change.location,
        change.field,
        change.kind,
        cell(change.before.as_ref()),
        cell(change.after.as_ref()),
        if change.tolerated { "yes" } else { "**no**" },
        bump(change),
    )
}

/// Changes grouped by operation, the worst group first: breaking changes the generated
/// client does not tolerate, then breaking ones, then the rest; then by name.
fn by_operation(report: &Report) -> Vec<(String, Vec<&Change>)> {
    let mut groups: std::collections::BTreeMap<String, Vec<&Change>> = Default::default();
    for change in ordered(report) {
        groups.entry(change.operation.to_string()).or_default().push(change);
    }
    let mut groups: Vec<(String, Vec<&Change>)> = groups.into_iter().collect();
    groups.sort_by_key(|(name, changes)| (std::cmp::Reverse(worst(changes)), name.clone()));
    groups
}

/// 2: a breaking change the generated client does not tolerate; 1: a tolerated breaking
/// change; 0: none.
fn worst(changes: &[&Change]) -> u8 {
    changes
        .iter()
        .map(|c| {
            if !c.breaking {
                0
            } else if c.tolerated {
                1
            } else {
                2
            }
        })
        .max()
        .unwrap_or(0)
}

/// The "Rust API" table: what a release of the regenerated crates changes for their users.
fn rust_api_section(report: &Report) -> String {
    let mut out = String::from("\n### Rust API\n\n");
    match &report.rust_api {
        RustApi::NotAsked => return String::new(),
        RustApi::NotCompared { reason } => {
            let _ = writeln!(out, "_Not compared ({reason}); the bump above is estimated from the wire._");
            return out;
        }
        RustApi::Compared => {}
    }
    if report.api_changes.is_empty() {
        out.push_str("The public API of the generated crates does not change.\n");
        return out;
    }
    out.push_str(
        "| crate | item | change | bump | before | after | cause |\n| --- | --- | --- | --- | --- | --- | --- |\n",
    );
    for change in &report.api_changes {
        let code =
            |text: &Option<String>| text.as_deref().map_or("–".into(), |t| cell(Some(&Value::String(t.to_string()))));
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} | {} | {} |",
            change.krate,
            change.item,
            change.kind,
            change.semver,
            code(&change.before),
            code(&change.after),
            change.cause.describe(&report.changes).replace('|', "\\|"),
        );
    }
    let renames: Vec<&crate::ApiChange> = report.api_changes.iter().filter(|c| c.suggestion.is_some()).collect();
    if !renames.is_empty() {
        out.push_str("\n**The Rust API changes more than the wire did.**\n\n");
        for change in renames {
            let _ = writeln!(out, "- `{}`: {}", change.item, change.suggestion.as_deref().unwrap_or_default());
        }
    }
    out
}

/// `3 changes: 1 breaking (not tolerated), 2 non-breaking; bump major`.
fn group_line(changes: &[&Change]) -> String {
    let breaking = changes.iter().filter(|c| c.breaking).count();
    let verdict = match worst(changes) {
        2 => " (not tolerated by the generated client)",
        1 => " (tolerated by the generated client)",
        _ => "",
    };
    let bump = changes.iter().map(|c| c.rust_semver.unwrap_or(c.wire_semver)).max().unwrap_or(Semver::None);
    format!(
        "{} change{}: {breaking} breaking{verdict}, {} non-breaking; bump {bump}",
        changes.len(),
        if changes.len() == 1 { "" } else { "s" },
        changes.len() - breaking
    )
}

fn summary_line(report: &Report) -> String {
    let s = &report.summary;
    let tolerated = report.changes.iter().filter(|c| c.breaking && c.tolerated).count();
    if report.changes.is_empty() {
        return "No changes.".into();
    }
    let count = report.changes.len();
    format!(
        "{count} change{}: {} breaking ({} tolerated by the generated client), {} non-breaking. Recommended bump: {}{}.",
        if count == 1 { "" } else { "s" },
        s.breaking,
        tolerated,
        s.non_breaking,
        s.semver,
        match s.semver_source {
            VerdictSource::Rust => "",
            VerdictSource::WireEstimate => " (estimated from the wire)",
        }
    )
}

/// A change's bump: the Rust one, or the wire estimate, marked, when the Rust API was not
/// compared.
fn bump(change: &Change) -> String {
    match change.rust_semver {
        Some(bump) => bump.to_string(),
        None => format!("{} (wire)", change.wire_semver),
    }
}

fn ordered(report: &Report) -> impl Iterator<Item = &Change> {
    report.changes.iter().filter(|c| c.breaking).chain(report.changes.iter().filter(|c| !c.breaking))
}

/// A value for a table cell: compact JSON, at most 60 characters, with `|` escaped.
fn cell(value: Option<&Value>) -> String {
    let Some(value) = value else { return "–".into() };
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let short: String = text.chars().take(60).collect();
    let ellipsis = if short.len() < text.len() { "…" } else { "" };
    format!("`{}{ellipsis}`", short.replace('|', "\\|").replace('\n', " ").replace('`', "'"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::ChangeKind;
    use crate::wire::Location;

    fn wire_only(base: &str, head: &str, changes: Vec<Change>) -> Report {
        Report::new(base, head, changes, Vec::new(), RustApi::NotAsked)
    }

    fn report() -> Report {
        let change = |kind, breaking, field: &str| Change {
            operation: "GET /v1/user".parse().unwrap(),
            location: Location::response("200"),
            field: field.into(),
            kind,
            breaking,
            tolerated: true,
            wire_semver: Semver::Minor,
            rust_semver: None,
            schema: None,
            head_schema: None,
            before: None,
            after: Some(Value::String("canceled|x".into())),
            message: format!("{field} changed"),
        };
        wire_only(
            "base.json",
            "head.json",
            vec![
                change(ChangeKind::PropertyAdded, false, "a"),
                change(ChangeKind::EnumValueAdded, true, "subscription.status"),
            ],
        )
    }

    #[test]
    fn markdown_puts_breaking_changes_first_and_escapes_cells() {
        let markdown = render_markdown(&report(), Some("-a\n+b\n"));
        assert!(markdown.contains(
            "2 changes: 1 breaking (1 tolerated by the generated client), 1 non-breaking. Recommended bump: minor (estimated from the wire)."
        ));
        let breaking = markdown.find("#### Breaking changes").unwrap();
        let other = markdown.find("#### Other changes").unwrap();
        assert!(breaking < other);
        assert!(
            markdown.contains("| `subscription.status` | enum-value-added | – → `canceled\\|x` | yes | minor (wire) |"),
            "{markdown}"
        );
        assert!(markdown.contains("<details><summary>Generated Rust code diff</summary>\n\n```diff\n-a\n+b\n```"));
    }

    #[test]
    fn markdown_groups_by_operation_worst_first() {
        let mut report = report();
        let mut other = report.changes[0].clone();
        other.operation = "GET /v1/voices".parse().unwrap();
        let mut untolerated = report.changes[1].clone();
        untolerated.operation = "DELETE /v1/voices".parse().unwrap();
        untolerated.tolerated = false;
        report = wire_only("a", "b", vec![other, report.changes[0].clone(), report.changes[1].clone(), untolerated]);
        let markdown = render_markdown(&report, None);
        let at = |text: &str| markdown.find(text).unwrap_or_else(|| panic!("{text} in {markdown}"));
        assert!(
            at("#### `DELETE /v1/voices`: 1 change: 1 breaking (not tolerated") < at("#### `GET /v1/user`: 2 changes")
        );
        assert!(
            at("#### `GET /v1/user`") < at("#### `GET /v1/voices`: 1 change: 0 breaking, 1 non-breaking; bump minor")
        );
    }

    #[test]
    fn a_long_report_keeps_the_summary_and_breaking_changes_within_the_limit() {
        let template = report().changes[1].clone();
        let changes: Vec<Change> = (0..2_000)
            .map(|i| Change { field: format!("field_{i}"), breaking: i % 2 == 0, ..template.clone() })
            .collect();
        let report = wire_only("a", "b", changes);
        let full = render_markdown(&report, Some(&"+x\n".repeat(10_000)));
        assert!(full.len() > 60_000);
        assert!(full.contains("<details><summary>2000 changes</summary>"), "large groups collapse");
        let comment = render_markdown_within(&report, Some("+x\n"), 60_000, "the job summary");
        assert!(comment.chars().count() <= 60_000, "{}", comment.len());
        assert!(comment.contains("2000 changes: 1000 breaking"));
        assert!(comment.contains("#### Breaking changes") && !comment.contains("Other changes"));
        assert!(comment.contains(
            "of 1000 breaking changes. All 2000 changes, and the generated-code diff, are in the job summary."
        ));
        let small = render_markdown_within(&super::tests::report(), None, 60_000, "x");
        assert_eq!(small, render_markdown(&super::tests::report(), None), "a report that fits is whole");
    }

    #[test]
    fn json_and_text() {
        let json: Value = serde_json::from_str(&render_json(&report())).unwrap();
        assert_eq!(
            json["summary"],
            serde_json::json!({"breaking": 1, "non_breaking": 1, "semver": "minor", "semver_source": "wire-estimate",
                               "rust_semver": null, "wire_semver": "minor", "unexplained": 0})
        );
        assert_eq!(json["rust_api"], serde_json::json!({"state": "not-asked"}));
        assert_eq!(json["changes"][1]["kind"], "enum-value-added");
        let text = render_text(&report());
        assert!(text.lines().nth(1).unwrap().starts_with("BREAKING"));
        assert_eq!(render_text(&wire_only("a", "b", vec![])), "No changes.\n");
    }
}
