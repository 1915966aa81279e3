//! The sentences every format opens with: the release and why, and the wire changes
//! counted. Markdown and text say the same words; only the emphasis differs.

use crate::change::Change;
use crate::report::{Report, RustApi, VerdictSource};
use crate::rust::change::ApiChange;
use crate::semver::Semver;
use crate::wire::{Direction, Location};

/// How a format marks the words a reader must not miss.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Emphasis {
    /// `**bold**`, for Markdown.
    Bold,
    /// Nothing, for plain text.
    Plain,
}

impl Emphasis {
    fn strong(self, text: &str) -> String {
        match self {
            Emphasis::Bold => format!("**{text}**"),
            Emphasis::Plain => text.to_string(),
        }
    }
}

/// The release and why, in one sentence.
pub(crate) fn headline(report: &Report, emphasis: Emphasis) -> String {
    let s = &report.summary;
    if report.changes.is_empty() && report.api_changes.is_empty() {
        return format!("{} Nothing changed.", emphasis.strong("Release: none."));
    }
    let release = s.semver;
    let top: Vec<&ApiChange> = report.api_changes.iter().filter(|c| c.semver == release).collect();
    let example = |change: &ApiChange| {
        let cause = shortened(&change.cause.describe(&report.changes), 200);
        format!("{} ({}, {cause})", crate::quote::code(&change.item), change.kind)
    };
    let because = match &report.rust_api {
        RustApi::NotCompared { reason } => {
            return format!(
                "{} The generated Rust API could not be compared ({reason}).",
                emphasis.strong(&format!("Release: {release}, estimated from the wire."))
            )
        }
        RustApi::NotAsked => return emphasis.strong(&format!("Release: {release}, estimated from the wire.")),
        _ if top.is_empty() && release == Semver::Patch => {
            "the wire changed, and the generated Rust API did not".to_string()
        }
        _ if top.is_empty() => {
            "the operations left out of the Rust comparison change on the wire by that much".to_string()
        }
        _ => {
            let n = top.len();
            let what = match release {
                Semver::Major => format!(
                    "{n} change{} to the generated Rust API break{} its users",
                    plural(n),
                    if n == 1 { "s" } else { "" }
                ),
                Semver::Minor => format!("the generated Rust API only grows ({n} addition{})", plural(n)),
                _ => format!("the generated Rust API changes only in ways users cannot see ({n} change{})", plural(n)),
            };
            match representative(&top) {
                Some(change) => format!("{what}, such as {}", example(change)),
                None => what,
            }
        }
    };
    let partly = match &report.rust_api {
        RustApi::PartlyCompared { left_out } => format!(
            " {} operation{} left out of the Rust comparison {} estimated from the wire.",
            left_out.len(),
            plural(left_out.len()),
            if left_out.len() == 1 { "is" } else { "are" }
        ),
        _ => String::new(),
    };
    let source = if s.semver_source == VerdictSource::RustAndWireEstimate { " (partly estimated)" } else { "" };
    format!("{}, because {because}.{partly}", emphasis.strong(&format!("Release: {release}{source}")))
}

/// `text` within about `limit` characters: cut after the last whole item of its list
/// (`, `) that fits, or else at the limit, and marked with `…`.
fn shortened(text: &str, limit: usize) -> String {
    let Some((end, _)) = text.char_indices().nth(limit) else { return text.to_string() };
    let head = &text[..end];
    match head.rfind(", ") {
        Some(at) => format!("{}, …", &head[..at]),
        None => format!("{head}…"),
    }
}

/// The change a headline names for its kind: one a reader finds in the crate's own items
/// (not an impl on `::std::string::String`), a type or field before its builder's
/// method, and caused on the wire before anything else; the first of equals.
fn representative<'a>(changes: &[&'a ApiChange]) -> Option<&'a ApiChange> {
    let rank = |change: &ApiChange| {
        (
            change.item.starts_with("::"),
            change.item.starts_with("builder::") || change.item.contains("::builder::"),
            !matches!(change.cause, crate::Cause::Wire { .. }),
        )
    };
    changes.iter().copied().min_by_key(|change| rank(change))
}

/// The wire changes in one line: how many break strict clients, and how many of those the
/// client generated from BASE still reads.
pub(crate) fn wire_counts(report: &Report, emphasis: Emphasis) -> String {
    let counts = changes_counted(report, emphasis);
    match report.outside_the_crates.len() {
        0 => counts,
        n => format!(
            "{counts} Only the operations the crates hold are compared: {n} more of the documents are not \
             (`--all-operations` compares them)."
        ),
    }
}

/// The wire changes' counts.
fn changes_counted(report: &Report, emphasis: Emphasis) -> String {
    let total = report.changes.len();
    if total == 0 {
        return "No wire changes.".into();
    }
    let every_breaking = report.changes.iter().filter(|c| c.breaking);
    let (sent_by_api, breaking): (Vec<&Change>, Vec<&Change>) = every_breaking.partition(|c| c.operation.sent_by_api());
    let responses = breaking.iter().filter(|c| c.kind.direction_at(&c.operation, &c.location) == Direction::Response);
    let (read, failing): (Vec<&&Change>, Vec<&&Change>) = responses.partition(|c| c.tolerated);
    // An operation that vanished is not something the client reads, but calls.
    let (uncallable, unreadable): (Vec<&&Change>, Vec<&&Change>) =
        failing.iter().partition(|c| c.location == Location::Operation);
    let requests = breaking.len() - read.len() - failing.len();
    let mut parts = Vec::new();
    if !read.is_empty() {
        parts.push(format!("{} the client generated from BASE still reads", read.len()));
    }
    if !unreadable.is_empty() {
        parts.push(emphasis.strong(&format!("{} it cannot read", unreadable.len())));
    }
    if !uncallable.is_empty() {
        parts.push(emphasis.strong(&format!("{} it can no longer call", uncallable.len())));
    }
    if requests > 0 {
        parts.push(format!("{requests} in what callers send"));
    }
    if !sent_by_api.is_empty() {
        parts.push(format!(
            "{} in requests the API sends (webhooks, callbacks), which no client calls",
            sent_by_api.len()
        ));
    }
    let detail = if parts.is_empty() { String::new() } else { format!(" ({})", parts.join(", ")) };
    format!(
        "{total} wire change{}: {} break strict clients{detail}; {} do not.",
        plural(total),
        breaking.len() + sent_by_api.len(),
        total - breaking.len() - sent_by_api.len()
    )
}

/// What the change does to clients, in words that never contradict: breaking on the wire
/// and read by the generated client are said together. `tolerated` is about reading
/// responses, so a request's change is never called tolerated.
pub(crate) fn impact(change: &Change, emphasis: Emphasis) -> String {
    let direction = change.kind.direction_at(&change.operation, &change.location);
    if change.operation.sent_by_api() {
        // What the API sends: its receivers are servers, which no generated code is.
        return match (change.breaking, &change.location, direction) {
            (false, _, _) => "compatible".into(),
            (true, Location::Operation, _) => "breaks servers that expect it".into(),
            (true, _, Direction::Response) => "breaks strict servers that receive it".into(),
            (true, _, Direction::Request) => "breaks servers that answer it as BASE allowed".into(),
        };
    }
    match (change.breaking, direction, change.tolerated) {
        (false, _, _) => "compatible".into(),
        (true, Direction::Request, _) => "breaks callers that send what BASE allowed".into(),
        (true, Direction::Response, true) => "breaks strict clients; the client generated from BASE reads it".into(),
        (true, Direction::Response, false) => emphasis.strong("breaks the client generated from BASE"),
    }
}

/// A change's release: its Rust bump, or the wire's estimate, marked, where Rust was not
/// compared.
pub(crate) fn release_text(change: &Change) -> String {
    match change.rust_semver {
        Some(bump) => bump.to_string(),
        None => format!("{} (wire)", change.wire_semver),
    }
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rust::change::{ApiChangeKind, Cause};

    fn change(item: &str, kind: ApiChangeKind, cause: Cause) -> ApiChange {
        ApiChange {
            krate: "models".into(),
            item: item.into(),
            kind,
            semver: Semver::Minor,
            before: None,
            after: None,
            suggestion: None,
            cause,
        }
    }

    #[test]
    fn a_vanished_operation_is_counted_as_one_the_client_can_no_longer_call() {
        let document = |paths: serde_json::Value| serde_json::json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths});
        let answering = |schema: serde_json::Value| {
            serde_json::json!({"get": {"responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": schema}}}}}})
        };
        let base = document(serde_json::json!({
            "/a": answering(serde_json::json!({"type": "integer"})),
            "/b": answering(serde_json::json!({"type": "integer"}))
        }));
        let head = document(serde_json::json!({"/a": answering(serde_json::json!({"type": "string"}))}));
        let changes = crate::diff_documents(&base, &head).unwrap();
        let report = Report::new("base", "head", changes, Vec::new(), RustApi::NotAsked);
        assert_eq!(
            wire_counts(&report, Emphasis::Plain),
            "2 wire changes: 2 break strict clients (1 it cannot read, 1 it can no longer call); 0 do not."
        );
    }

    #[test]
    fn a_long_cause_is_cut_after_a_whole_item() {
        assert_eq!(shortened("wire: a `x`", 200), "wire: a `x`");
        assert_eq!(shortened("wire: a `x`, b `y`, c `z`", 20), "wire: a `x`, b `y`, …");
        assert_eq!(shortened("components: é é é é", 14), "components: é …");
        assert_eq!(shortened("componentsé", 10), "components…");
    }

    #[test]
    fn the_headline_names_a_change_in_the_crates_own_items_caused_on_the_wire() {
        let components = || Cause::Components { detail: "the component `E` is new".into() };
        let wire = || Cause::Wire { changes: vec![0] };
        let foreign = change("::std::string::String", ApiChangeKind::ImplAdded, components());
        let builder = change("builder::Root::chain", ApiChangeKind::MethodAdded, wire());
        let unlinked = change("E", ApiChangeKind::TypeAdded, components());
        let field = change("Root::chain", ApiChangeKind::FieldAdded, wire());
        let all = [&foreign, &builder, &unlinked, &field];
        assert_eq!(representative(&all).map(|c| c.item.as_str()), Some("Root::chain"));
        assert_eq!(representative(&all[..3]).map(|c| c.item.as_str()), Some("E"));
        assert_eq!(representative(&all[..2]).map(|c| c.item.as_str()), Some("builder::Root::chain"));
        assert_eq!(representative(&[]).map(|c| c.item.as_str()), None);
    }
}
