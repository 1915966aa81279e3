//! A release's changelog sections, from the report of the diff since the last release:
//! what changed upstream, and what changed in Rust under Keep a Changelog's headings.

use crate::change::Change;
use crate::report::Report;
use crate::rust::change::ApiChange;
use crate::rust::kinds::Section;

/// At most this many upstream changes are listed; the rest are counted, with where to see
/// them.
const MOST_UPSTREAM_CHANGES: usize = 40;

/// The `### Changed upstream` and `### Changed in Rust` sections of a release entry;
/// `whole_diff` says how to see every upstream change when they are too many to list.
pub fn render_changelog(report: &Report, whole_diff: &str) -> String {
    let mut text = upstream(&report.changes, whole_diff);
    text.push_str(&rust(report));
    text
}

fn upstream(changes: &[Change], whole_diff: &str) -> String {
    let mut text = String::from("\n### Changed upstream\n\n");
    if changes.is_empty() {
        text.push_str("Nothing on the wire.\n");
        return text;
    }
    for change in changes.iter().take(MOST_UPSTREAM_CHANGES) {
        let verdict = if change.breaking { "breaking" } else { "not breaking" };
        text.push_str(&format!("- {} ({verdict})\n", change.message));
    }
    let rest = changes.len().saturating_sub(MOST_UPSTREAM_CHANGES);
    if rest > 0 {
        text.push_str(&format!("- and {rest} more: {whole_diff}\n"));
    }
    text
}

fn rust(report: &Report) -> String {
    let mut text = String::from("\n### Changed in Rust\n");
    if report.api_changes.is_empty() {
        text.push_str("\nThe public Rust API is unchanged.\n");
        return text;
    }
    for section in Section::ALL {
        let changes: Vec<&ApiChange> = report.api_changes.iter().filter(|c| c.kind.section() == section).collect();
        if changes.is_empty() {
            continue;
        }
        text.push_str(&format!("\n#### {}\n\n", section.title()));
        for change in changes {
            text.push_str(&format!(
                "- {} ({}, {}): {}\n",
                crate::quote::code(&change.path()),
                change.kind,
                change.semver,
                change.cause.describe(&report.changes)
            ));
        }
    }
    text
}
