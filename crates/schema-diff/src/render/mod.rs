//! Rendering a schema [`Report`] as JSON, Markdown (for a PR comment) or plain text.
//! Each change's bump is its Rust bump when the Rust API was compared, and its wire
//! estimate, marked `(wire)`, when it was not.

mod changelog;
mod markdown;

use std::fmt::Write as _;

use crate::change::Change;
use crate::report::{Report, VerdictSource};

pub use changelog::render_changelog;
pub use markdown::{render_markdown, MarkdownOptions};

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
            VerdictSource::RustAndWireEstimate => " (from the Rust API, and estimated from the wire where it was not compared)",
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::RustApi;
    use crate::rules::ChangeKind;
    use crate::semver::Semver;
    use crate::wire::Location;
    use serde_json::Value;

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
            head_inline: false,
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
