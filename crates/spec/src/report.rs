//! Rendering a schema [`Report`] as JSON, Markdown (for a PR comment) or plain text.

use std::fmt::Write as _;

use serde_json::Value;

use crate::diff::{Change, Report};

/// The stable JSON form documented in the README.
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
            change.semver,
            if change.breaking && change.tolerated { ", tolerated by the generated client" } else { "" },
        );
    }
    out
}

/// A PR comment: summary line, breaking changes, other changes, and optionally the diff
/// of the generated Rust code, collapsed.
pub fn render_markdown(report: &Report, code_diff: Option<&str>) -> String {
    let mut out = format!("### Schema diff: `{}` → `{}`\n\n**{}**\n", report.base, report.head, summary_line(report));
    let (breaking, other): (Vec<&Change>, Vec<&Change>) = report.changes.iter().partition(|c| c.breaking);
    for (title, changes) in [("Breaking changes", breaking), ("Other changes", other)] {
        if changes.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "\n#### {title}\n\n| operation | where | field | change | before → after | tolerated | semver |\n| --- | --- | --- | --- | --- | --- | --- |\n"
        );
        for change in changes {
            let _ = writeln!(
                out,
                "| {} | {} | `{}` | {} | {} → {} | {} | {} |",
                change.operation,
                change.location,
                change.field,
                change.kind,
                cell(change.before.as_ref()),
                cell(change.after.as_ref()),
                if change.tolerated { "yes" } else { "**no**" },
                change.semver,
            );
        }
    }
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

fn summary_line(report: &Report) -> String {
    let s = &report.summary;
    let tolerated = report.changes.iter().filter(|c| c.breaking && c.tolerated).count();
    if report.changes.is_empty() {
        return "No changes.".into();
    }
    let count = report.changes.len();
    format!(
        "{count} change{}: {} breaking ({} tolerated by the generated client), {} non-breaking. Recommended bump: {}.",
        if count == 1 { "" } else { "s" },
        s.breaking,
        tolerated,
        s.non_breaking,
        s.semver
    )
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
    use crate::diff::{ChangeKind, Semver};

    fn report() -> Report {
        let change = |kind, breaking, field: &str| Change {
            operation: "GET /v1/user".parse().unwrap(),
            location: crate::diff::Location::Response("200".into()),
            field: field.into(),
            kind,
            breaking,
            tolerated: true,
            semver: Semver::Minor,
            before: None,
            after: Some(Value::String("canceled|x".into())),
            message: format!("{field} changed"),
        };
        Report::new(
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
            "2 changes: 1 breaking (1 tolerated by the generated client), 1 non-breaking. Recommended bump: minor."
        ));
        let breaking = markdown.find("#### Breaking changes").unwrap();
        let other = markdown.find("#### Other changes").unwrap();
        assert!(breaking < other);
        assert!(
            markdown.contains("| `subscription.status` | enum-value-added | – → `canceled\\|x` | yes | minor |"),
            "{markdown}"
        );
        assert!(markdown.contains("<details><summary>Generated Rust code diff</summary>\n\n```diff\n-a\n+b\n```"));
    }

    #[test]
    fn json_and_text() {
        let json: Value = serde_json::from_str(&render_json(&report())).unwrap();
        assert_eq!(json["summary"], serde_json::json!({"breaking": 1, "non_breaking": 1, "semver": "minor"}));
        assert_eq!(json["changes"][1]["kind"], "enum-value-added");
        let text = render_text(&report());
        assert!(text.lines().nth(1).unwrap().starts_with("BREAKING"));
        assert_eq!(render_text(&Report::new("a", "b", vec![])), "No changes.\n");
    }
}
