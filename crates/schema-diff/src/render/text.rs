//! The plain-text report, for terminals and the default of `cargo xtask schema-diff`: the
//! Markdown's headline and words, one line per change, nothing left out.

use super::markdown::short_types;
use super::summary::{headline, impact, plural, release_text, wire_counts, Emphasis};
use crate::change::Change;
use crate::report::{Report, RustApi};
use crate::rust::change::ApiChange;

/// The headline, then one line per wire change (breaking first) and one per Rust API
/// change with its cause: what `cargo xtask schema-diff` prints by default, so it must
/// never say less than the Markdown does.
pub fn render_text(report: &Report) -> String {
    let mut out = String::new();
    line(&mut out, headline(report, Emphasis::Plain));
    if !report.changes.is_empty() {
        line(&mut out, wire_counts(report, Emphasis::Plain));
    }
    for change in ordered(report) {
        let text = format!(
            "{:<12} {} | {} | {} | {}: {} ({}; {})",
            if change.breaking { "BREAKING" } else { "ok" },
            change.operation,
            change.location,
            if change.field.is_empty() { "(root)" } else { &change.field },
            change.kind,
            change.message,
            release_text(change),
            impact(change, Emphasis::Plain),
        );
        line(&mut out, text);
    }
    out.push_str(&rust_api_text(report));
    out
}

/// Appends `text` as one line: a control character from upstream's names (a line break
/// that would forge a line, an escape that would drive the terminal) is written escaped.
fn line(out: &mut String, text: String) {
    out.push_str(&crate::quote::controls_escaped(&text));
    out.push('\n');
}

/// The Rust API part of the text: whether it was compared, and each change.
fn rust_api_text(report: &Report) -> String {
    let mut out = String::new();
    match &report.rust_api {
        RustApi::NotAsked => return out,
        RustApi::NotCompared { reason } => {
            line(&mut out, format!("Rust API: not compared ({reason}); the release is estimated from the wire."));
            return out;
        }
        RustApi::PartlyCompared { left_out } => {
            for operation in left_out {
                let at = operation.at.as_deref().map(|at| format!(" at {at}")).unwrap_or_default();
                let text = format!(
                    "Rust API: {} left out of the comparison ({}{at}: {}); its changes are estimated from the wire.",
                    operation.operation, operation.side, operation.reason
                );
                line(&mut out, text);
            }
        }
        RustApi::Compared => {}
    }
    if report.api_changes.is_empty() {
        if !report.changes.is_empty() {
            out.push_str("Rust API: unchanged.\n");
        }
        return out;
    }
    let text = format!(
        "Rust API: release {}, {} change{}.",
        report.summary.rust_semver.map_or("not compared".to_string(), |s| s.to_string()),
        report.api_changes.len(),
        plural(report.api_changes.len())
    );
    line(&mut out, text);
    let mut changes: Vec<&ApiChange> = report.api_changes.iter().collect();
    changes.sort_by_key(|c| std::cmp::Reverse(c.semver));
    for change in changes {
        let side = |text: Option<&str>| text.map_or("-".to_string(), short_types);
        let text = format!(
            "{:<12} {} | {} | {} -> {} | {}",
            change.semver.to_string(),
            change.path(),
            change.kind,
            side(change.before.as_deref()),
            side(change.after.as_deref()),
            change.cause.describe(&report.changes),
        );
        line(&mut out, text);
        if let Some(suggestion) = &change.suggestion {
            line(&mut out, format!("{:<12} {suggestion}", ""));
        }
    }
    out
}

fn ordered(report: &Report) -> impl Iterator<Item = &Change> {
    report.changes.iter().filter(|c| c.breaking).chain(report.changes.iter().filter(|c| !c.breaking))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_with_control_characters_cannot_forge_a_line_or_drive_the_terminal() {
        let path = "/v1/evil\u{1b}[31m\nBREAKING     forged";
        let base = serde_json::json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {path: {"get": {"responses": {"200": {"description": "ok"}}}}}});
        let head = serde_json::json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}});
        let report = wire_only("base", "head", crate::diff_documents(&base, &head).unwrap());
        let text = render_text(&report);
        assert_eq!(text.lines().filter(|l| l.starts_with("BREAKING")).count(), 1, "{text}");
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(text.contains("/v1/evil\\u{1b}[31m\\nBREAKING     forged"), "{text}");
    }
    use crate::render::render_json;
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
        assert_eq!(text.lines().next().unwrap(), "Release: minor, estimated from the wire.");
        let breaking = text.lines().nth(2).unwrap();
        assert!(breaking.starts_with("BREAKING"), "{text}");
        assert!(
            breaking.ends_with("(minor (wire); breaks strict clients; the client generated from BASE reads it)"),
            "{text}"
        );
        let mut request = report();
        request.changes[1].location = Location::RequestBody { media_type: None };
        let text = render_text(&request);
        assert!(text.lines().nth(2).unwrap().ends_with("; breaks callers that send what BASE allowed)"), "{text}");
        assert!(!text.contains("tolerated"), "a request's change is never called tolerated: {text}");
        assert_eq!(render_text(&wire_only("a", "b", vec![])), "Release: none. Nothing changed.\n");
    }

    /// A Rust API change with no wire change (an inline schema that became a component)
    /// is a major release: the text, the default format, says so and lists it.
    #[test]
    fn text_names_rust_changes_the_wire_does_not_show() {
        let renamed = ApiChange {
            krate: "models".into(),
            item: "Role".into(),
            kind: crate::rust::change::ApiChangeKind::TypeRenamed,
            semver: Semver::Major,
            before: Some("Role".into()),
            after: Some("UserRole".into()),
            suggestion: Some("to keep `Role`, rename the schema".into()),
            cause: crate::rust::change::Cause::Components { detail: "an inline schema is now `UserRole`".into() },
        };
        let report = Report::new("a", "b", Vec::new(), vec![renamed], RustApi::Compared);
        assert!(report.breaks_anyone());
        let text = render_text(&report);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("Release: major, because 1 change to the generated Rust API breaks"), "{text}");
        assert_eq!(lines[1], "Rust API: release major, 1 change.");
        assert!(lines[2].starts_with("major        models::Role | type-renamed | Role -> UserRole | components:"));
        assert!(lines[3].trim_start().starts_with("to keep `Role`"));

        let not_compared = Report::new("a", "b", Vec::new(), Vec::new(), RustApi::NotCompared { reason: "r".into() });
        assert!(render_text(&not_compared).contains("not compared (r)"));
        assert!(!not_compared.breaks_anyone());
    }
}
