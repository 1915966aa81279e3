//! The Markdown report, for a pull request's comment: a headline with the release and why,
//! then per operation one table of wire changes (identical changes grouped in one row),
//! the Rust API table with causes, and the generated code's diff, collapsed. Types are
//! written short (`Option<String>`), so tables fit GitHub's width; the JSON has them whole.

use std::fmt::Write as _;

use serde_json::Value;

use super::summary::{headline, impact, release_text, wire_counts, Emphasis};
use crate::change::Change;
use crate::quote::{code, prose_or_code, table_cell};
use crate::report::{Report, RustApi};
use crate::rules::ChangeKind;
use crate::rust::change::{ApiChange, ApiChangeKind, Cause};
use crate::semver::Semver;

/// How to render.
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownOptions<'a> {
    /// The generated code's unified diff, shown collapsed at the end.
    pub code_diff: Option<&'a str>,
    /// Where the kinds are documented (the address of `docs/schema-diff.md`): each kind
    /// links to its row there.
    pub kinds_doc: Option<&'a str>,
    /// At most this many characters (GitHub refuses a comment over 65,536), and where the
    /// whole report is when it does not fit.
    pub limit: Option<(usize, &'a str)>,
}

/// Tables with more rows than this are collapsed inside `<details>`.
const COLLAPSE_ABOVE: usize = 20;

/// The report as Markdown; when it does not fit `options.limit`, the headline, the
/// breaking changes that fit and the Rust API table, saying where the rest is.
pub fn render_markdown(report: &Report, options: &MarkdownOptions) -> String {
    let full = whole(report, options);
    match options.limit {
        Some((max_chars, rest_at)) if full.chars().count() > max_chars => within(report, options, max_chars, rest_at),
        _ => full,
    }
}

fn whole(report: &Report, options: &MarkdownOptions) -> String {
    let mut out = header(report);
    for (operation, changes) in by_operation(report) {
        let groups = grouped(&changes);
        let bump = changes.iter().map(|c| release_of(c)).max().unwrap_or(Semver::None);
        let _ = write!(
            out,
            "\n#### {}: {} wire change{}, release {bump}\n\n",
            code(&operation),
            changes.len(),
            if changes.len() == 1 { "" } else { "s" }
        );
        out.push_str(&collapsed(&table(&groups, options, false), groups.len()));
    }
    out.push_str(&rust_api_section(report, options, usize::MAX));
    if let Some(diff) = options.code_diff {
        let body = if diff.trim().is_empty() { "(the generated code does not change)\n" } else { diff };
        // Longer than any run of backticks in the code (a description may quote Markdown).
        let longest_run = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let fence = "`".repeat(longest_run.max(2) + 1);
        let _ = write!(
            out,
            "\n<details><summary>Generated Rust code diff</summary>\n\n{fence}diff\n{body}{fence}\n\n</details>\n"
        );
    }
    out
}

/// Within `max_chars`: the headline, the breaking groups of every operation that fit, the
/// Rust API table (as many rows as fit), and where the rest is.
fn within(report: &Report, options: &MarkdownOptions, max_chars: usize, rest_at: &str) -> String {
    let mut out = header(report);
    let breaking: Vec<&Change> = report.changes.iter().filter(|c| c.breaking).collect();
    let groups = grouped(&breaking);
    // Room for the note at the end and the Rust API table's share.
    let note_room = 300 + rest_at.len();
    let budget = max_chars.saturating_sub(note_room);
    let rust_budget = budget / 3;
    let mut shown = 0;
    if !groups.is_empty() {
        out.push_str("\n#### Breaking changes\n\n");
        out.push_str(TABLE_HEAD_WITH_OPERATION);
        let limit = budget.saturating_sub(rust_budget);
        for group in &groups {
            let line = row(group, options, true);
            if out.chars().count() + line.chars().count() > limit {
                break;
            }
            out.push_str(&line);
            shown += group.changes.len();
        }
    }
    let room = budget.saturating_sub(out.chars().count());
    out.push_str(&rust_api_section(report, options, room));
    let note = format!(
        "\n_This report is too long for a comment: it shows {shown} of {} breaking changes. All {} changes, and the generated-code diff, are in {rest_at}._\n",
        breaking.len(),
        report.changes.len(),
    );
    // The last resort, for a limit smaller than the headline itself: cut the text, keep
    // the note.
    let keep = max_chars.saturating_sub(note.chars().count());
    if out.chars().count() > keep {
        out = out.chars().take(keep).collect();
    }
    out.push_str(&note);
    out.chars().take(max_chars).collect()
}

fn header(report: &Report) -> String {
    format!(
        "### Schema diff: {} → {}\n\n{}\n\n{}\n",
        code(&report.base),
        code(&report.head),
        headline(report, Emphasis::Bold),
        wire_counts(report, Emphasis::Bold)
    )
}

/// Identical changes: the same kind, where, verdicts and bump, at several fields with the
/// same values, or at one field with several values (enum values that come or go); and
/// texts that changed ([`grouped_by_kind_alone`]) at several fields, each with its own.
struct Group<'a> {
    changes: Vec<&'a Change>,
}

impl Group<'_> {
    /// Whether the group is of one field's several values.
    fn of_values(&self) -> bool {
        self.changes.len() > 1 && self.changes.iter().all(|c| c.field == self.changes[0].field)
    }

    /// Whether its fields' values differ, so that each field is listed with its own.
    fn of_texts(&self) -> bool {
        let first = self.first();
        !self.of_values() && self.changes.iter().any(|c| (&c.before, &c.after) != (&first.before, &first.after))
    }
}

/// Whether changes of `kind` are one row whatever their values: a text that changed (a
/// description) tells the reviewer nothing the row's kind does not, so forty of them are
/// one row whose fields, each with its text, are collapsed.
fn grouped_by_kind_alone(kind: ChangeKind) -> bool {
    kind == ChangeKind::DescriptionChanged
}

impl Group<'_> {
    fn first(&self) -> &Change {
        self.changes[0]
    }
}

fn grouped<'a>(changes: &[&'a Change]) -> Vec<Group<'a>> {
    let mut groups: Vec<Group<'a>> = Vec::new();
    for change in changes {
        let same = |other: &Change| {
            other.operation == change.operation
                && other.location == change.location
                && other.kind == change.kind
                && other.breaking == change.breaking
                && other.tolerated == change.tolerated
                && other.rust_semver == change.rust_semver
                && (grouped_by_kind_alone(change.kind)
                    || (other.before == change.before && other.after == change.after))
        };
        match groups.iter_mut().find(|g| same(g.first())) {
            Some(group) => group.changes.push(change),
            None => groups.push(Group { changes: vec![change] }),
        }
    }
    // One field's several values in one row: groups of one change at the same field, of the
    // same kind and verdicts, merged.
    let mut merged: Vec<Group<'a>> = Vec::new();
    for group in groups {
        let single = group.changes.len() == 1;
        let target = merged.iter_mut().find(|m| {
            let (a, b) = (m.first(), group.first());
            single
                && m.changes.iter().all(|c| c.field == a.field)
                && a.field == b.field
                && a.operation == b.operation
                && a.location == b.location
                && a.kind == b.kind
                && (a.breaking, a.tolerated, a.rust_semver) == (b.breaking, b.tolerated, b.rust_semver)
        });
        match target {
            Some(target) => target.changes.extend(group.changes),
            None => merged.push(group),
        }
    }
    let mut groups = merged;
    // The worst first: what BASE's client cannot read, what breaks strict clients, the rest.
    groups.sort_by_key(|g| std::cmp::Reverse(severity(g.first())));
    groups
}

/// 2: breaks the client generated from BASE; 1: breaks strict clients only; 0: compatible.
fn severity(change: &Change) -> u8 {
    match (change.breaking, change.tolerated) {
        (true, false) => 2,
        (true, true) => 1,
        _ => 0,
    }
}

const TABLE_HEAD: &str =
    "| change | where | fields | before → after | impact | release |\n| --- | --- | --- | --- | --- | --- |\n";
const TABLE_HEAD_WITH_OPERATION: &str =
    "| operation | change | where | fields | before → after | impact | release |\n| --- | --- | --- | --- | --- | --- | --- |\n";

fn table(groups: &[Group], options: &MarkdownOptions, with_operation: bool) -> String {
    let mut out = String::from(if with_operation { TABLE_HEAD_WITH_OPERATION } else { TABLE_HEAD });
    for group in groups {
        out.push_str(&row(group, options, with_operation));
    }
    out
}

fn row(group: &Group, options: &MarkdownOptions, with_operation: bool) -> String {
    let change = group.first();
    let operation =
        if with_operation { format!("| {} ", table_cell(&code(&change.operation.to_string()))) } else { String::new() };
    let values = |value: fn(&Change) -> Option<&Value>| {
        if group.of_values() {
            let mut listed: Vec<String> = group.changes.iter().map(|c| cell(value(c))).collect();
            listed.dedup();
            listed.join(", ")
        } else {
            cell(value(change))
        }
    };
    let cells = [
        kind_link(change.kind.as_str(), options),
        prose_or_code(&change.location.to_string()),
        fields(group),
        match group.of_texts() {
            true => "each field's, beside it".to_string(),
            false => format!("{} → {}", values(|c| c.before.as_ref()), values(|c| c.after.as_ref())),
        },
        impact(change, Emphasis::Bold),
        release_text(change),
    ];
    let cells: Vec<String> = cells.iter().map(|cell| table_cell(cell)).collect();
    format!("{operation}| {} |\n", cells.join(" | "))
}

/// A kind, linked to its row of the documentation when its address is known.
fn kind_link(id: &str, options: &MarkdownOptions) -> String {
    match options.kinds_doc {
        Some(doc) => format!("[{id}]({doc}#{id})"),
        None => format!("`{id}`"),
    }
}

/// The fields of a group: one in code, several collapsed.
fn fields(group: &Group) -> String {
    if group.of_values() {
        let field = &group.first().field;
        return if field.is_empty() { "–".into() } else { code(field) };
    }
    let shown = |c: &Change| if c.field.is_empty() { "–".to_string() } else { code(&c.field) };
    match group.changes.as_slice() {
        [one] => shown(one),
        many if group.of_texts() => {
            let list: Vec<String> = many
                .iter()
                .map(|c| format!("{}: {} → {}", shown(c), cell(c.before.as_ref()), cell(c.after.as_ref())))
                .collect();
            format!("<details><summary>{} fields</summary>{}</details>", many.len(), list.join("<br>"))
        }
        many => {
            let list: Vec<String> = many.iter().map(|c| shown(c)).collect();
            format!("<details><summary>{} fields</summary>{}</details>", many.len(), list.join(", "))
        }
    }
}

/// A change's release: its Rust bump, or the wire's estimate, marked, where Rust was not
/// compared.
fn release_of(change: &Change) -> Semver {
    change.rust_semver.unwrap_or(change.wire_semver)
}

/// Changes grouped by operation, the worst operation first, then by name.
fn by_operation(report: &Report) -> Vec<(String, Vec<&Change>)> {
    let mut groups: std::collections::BTreeMap<String, Vec<&Change>> = Default::default();
    for change in &report.changes {
        groups.entry(change.operation.to_string()).or_default().push(change);
    }
    let mut groups: Vec<(String, Vec<&Change>)> = groups.into_iter().collect();
    groups.sort_by_key(|(name, changes)| {
        (std::cmp::Reverse(changes.iter().map(|c| severity(c)).max().unwrap_or(0)), name.clone())
    });
    groups
}

/// `table` inside `<details>` when it has many rows.
fn collapsed(table: &str, rows: usize) -> String {
    if rows > COLLAPSE_ABOVE {
        format!("<details><summary>{rows} rows</summary>\n\n{table}\n</details>\n")
    } else {
        table.to_string()
    }
}

/// The "Rust API" section: what a release of the regenerated crates changes for their
/// users, each change with its cause; within `room` characters.
fn rust_api_section(report: &Report, options: &MarkdownOptions, room: usize) -> String {
    let mut out = format!(
        "\n### Rust API: release {}\n\n",
        report.summary.rust_semver.map_or("not compared".to_string(), |s| s.to_string())
    );
    match &report.rust_api {
        RustApi::NotAsked => return String::new(),
        RustApi::NotCompared { reason } => {
            let _ = writeln!(out, "_Not compared ({reason}); the release above is estimated from the wire._");
            return out;
        }
        RustApi::PartlyCompared { left_out } => {
            out.push_str("Left out of the comparison, on both sides, because one side cannot generate them; their changes are estimated from the wire:\n\n");
            for operation in left_out {
                let at = operation.at.as_deref().map(|at| format!(" at {}", code(at))).unwrap_or_default();
                let reason = code(&operation.reason);
                let _ = writeln!(out, "- {}: {}{at}: {reason}", code(&operation.operation.to_string()), operation.side);
            }
            out.push('\n');
        }
        RustApi::Compared => {}
    }
    if report.api_changes.is_empty() {
        out.push_str("The public API of the generated crates does not change.\n");
        return out;
    }
    let mut rows =
        String::from("| item | change | before → after | release | cause |\n| --- | --- | --- | --- | --- |\n");
    let (mut shown, mut lines) = (0, 0);
    for group in rust_groups(&report.api_changes, &report.changes) {
        let change = group.changes[0];
        let shown_type =
            |text: &Option<String>| text.as_deref().map_or("–".into(), |t| cell(Some(&Value::String(t.to_string()))));
        let item = |c: &ApiChange| code(&c.path());
        let (items, (before, after), cause) = match &group.alike {
            Some(Alike { before, after, cause }) if group.changes.len() > 1 => (
                format!(
                    "<details><summary>{} items</summary>{}</details>",
                    group.changes.len(),
                    group.changes.iter().map(|c| item(c)).collect::<Vec<_>>().join(", ")
                ),
                (before.clone(), after.clone()),
                format!("{cause}, each its own"),
            ),
            _ => (
                item(change),
                differing(
                    change.before.as_deref().map(short_types).as_deref(),
                    change.after.as_deref().map(short_types).as_deref(),
                ),
                change.cause.describe(&report.changes),
            ),
        };
        let cells = [
            items,
            kind_link(change.kind.as_str(), options),
            format!("{} → {}", shown_type(&before), shown_type(&after)),
            change.semver.to_string(),
            cause,
        ];
        let cells: Vec<String> = cells.iter().map(|cell| table_cell(cell)).collect();
        let line = format!("| {} |\n", cells.join(" | "));
        if out.chars().count() + rows.chars().count() + line.chars().count() > room {
            break;
        }
        rows.push_str(&line);
        shown += group.changes.len();
        lines += 1;
    }
    out.push_str(&collapsed(&rows, lines));
    if shown < report.api_changes.len() {
        let _ = writeln!(out, "\n_{} more Rust API changes are not shown here._", report.api_changes.len() - shown);
    }
    let renames: Vec<&ApiChange> = report.api_changes.iter().filter(|c| c.suggestion.is_some()).collect();
    if !renames.is_empty() && room == usize::MAX {
        out.push_str("\n**The Rust API changes more than the wire did.**\n\n");
        for change in renames {
            let _ = writeln!(out, "- {}: {}", code(&change.item), change.suggestion.as_deref().unwrap_or_default());
        }
    }
    out
}

/// Rust API changes that read alike, shown as one row.
struct RustGroup<'a> {
    changes: Vec<&'a ApiChange>,
    /// What the changes share, when they can share a row.
    alike: Option<Alike>,
}

/// What the changes of one row share besides crate, kind and bump: the change of type with
/// the old one written `T` (`T` → `Option<T>`), or the signature added or removed with
/// the names that differ written `…` (`fn …(&self) -> Option<&…>`); and the kinds of their
/// causes.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Alike {
    before: Option<String>,
    after: Option<String>,
    cause: String,
}

/// Groups the changes of one crate, kind, bump and kind of cause that read alike: whose
/// types change alike (18 fields that became `Option<Option<T>>`), or that add or remove
/// the same signature up to its names (16 accessors `fn …(&self) -> Option<&…>`), in the
/// order of their first; any other change is a group of its own.
fn rust_groups<'a>(api: &'a [ApiChange], wire: &[Change]) -> Vec<RustGroup<'a>> {
    type Key<'k> = (&'k str, ApiChangeKind, Semver);
    let mut groups: Vec<RustGroup<'a>> = Vec::new();
    let mut by_change: std::collections::HashMap<(Key, Alike), usize> = Default::default();
    // Added or removed signatures by shape: (key, cause, on the before side, skeleton).
    let mut by_shape: std::collections::HashMap<(Key, String, bool, Vec<Token>), usize> = Default::default();
    let new_group = |groups: &mut Vec<RustGroup<'a>>, alike| {
        groups.push(RustGroup { changes: Vec::new(), alike });
        groups.len() - 1
    };
    for change in api {
        let cause = match &change.cause {
            Cause::Wire { changes } => {
                let kinds: std::collections::BTreeSet<&str> =
                    changes.iter().filter_map(|i| wire.get(*i)).map(|c| c.kind.as_str()).collect();
                format!("wire: {}", kinds.into_iter().collect::<Vec<_>>().join(", "))
            }
            other => other.describe(wire),
        };
        let key = (change.krate.as_str(), change.kind, change.semver);
        let pattern = alike(change.before.as_deref(), change.after.as_deref());
        let at = match (pattern, &change.before, &change.after) {
            (Some((before, after)), _, _) => {
                let alike = Alike { before: Some(before), after: Some(after), cause };
                *by_change.entry((key, alike.clone())).or_insert_with(|| new_group(&mut groups, Some(alike)))
            }
            (None, Some(text), None) | (None, None, Some(text)) => {
                let skeleton = tokens(&short_types(text)).into_iter().map(Token::skeleton).collect();
                let is_before = change.after.is_none();
                *by_shape.entry((key, cause, is_before, skeleton)).or_insert_with(|| new_group(&mut groups, None))
            }
            _ => new_group(&mut groups, None),
        };
        groups[at].changes.push(change);
    }
    // Each shape written once its group is whole. One that keeps fewer than two names
    // (`…: i64`, a variant's `…`) says less than its rows did: they stay rows.
    let mut split = std::collections::BTreeSet::new();
    for ((_, cause, is_before, _), at) in by_shape {
        let group = &mut groups[at];
        let texts: Vec<String> = group
            .changes
            .iter()
            .filter_map(|c| if is_before { c.before.as_deref() } else { c.after.as_deref() })
            .map(short_types)
            .collect();
        let (shape, names_kept) = shared_shape(&texts);
        if names_kept < 2 {
            split.insert(at);
            continue;
        }
        let (before, after) = if is_before { (Some(shape), None) } else { (None, Some(shape)) };
        group.alike = Some(Alike { before, after, cause });
    }
    groups
        .into_iter()
        .enumerate()
        .flat_map(|(at, group)| match split.contains(&at) {
            true => group.changes.into_iter().map(|change| RustGroup { changes: vec![change], alike: None }).collect(),
            false => vec![group],
        })
        .collect()
}

/// A piece of Rust text: a name, or any other character.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Token {
    Name(String),
    Other(char),
}

impl Token {
    /// The token with a name's text left out: signatures of one shape share skeletons.
    fn skeleton(self) -> Token {
        match self {
            Token::Name(_) => Token::Name(String::new()),
            other => other,
        }
    }
}

fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut name = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            name.push(c);
            continue;
        }
        if !name.is_empty() {
            out.push(Token::Name(std::mem::take(&mut name)));
        }
        out.push(Token::Other(c));
    }
    if !name.is_empty() {
        out.push(Token::Name(name));
    }
    out
}

/// Texts of one skeleton written once, each name they do not share written `…`, and how
/// many names they share.
fn shared_shape(texts: &[String]) -> (String, usize) {
    let all: Vec<Vec<Token>> = texts.iter().map(|t| tokens(t)).collect();
    let Some(first) = all.first() else { return (String::new(), 0) };
    let (mut out, mut kept) = (String::new(), 0);
    for (i, token) in first.iter().enumerate() {
        match token {
            Token::Other(c) => out.push(*c),
            Token::Name(name) if all.iter().all(|t| t.get(i) == Some(token)) => {
                out.push_str(name);
                kept += 1;
            }
            Token::Name(_) => out.push('…'),
        }
    }
    (out, kept)
}

/// A type change with the old type written `T`, read where the two texts differ:
/// `Option<String>` → `Option<Option<String>>` is `T` → `Option<T>`, and so is a setter's
/// `…TryInto<Option<i64>>, …` → `…TryInto<Option<Option<i64>>>, …`; `None` when what
/// differs on one side does not hold the other's.
fn alike(before: Option<&str>, after: Option<&str>) -> Option<(String, String)> {
    let (before, after) = (short_types(before?), short_types(after?));
    let (b, a): (Vec<char>, Vec<char>) = (before.chars().collect(), after.chars().collect());
    // What the texts share around the difference, cut back to whole names.
    let is_name = |c: &char| c.is_alphanumeric() || *c == '_';
    let mut prefix = b.iter().zip(&a).take_while(|(x, y)| x == y).count();
    while prefix > 0 && is_name(&b[prefix - 1]) {
        prefix -= 1;
    }
    let (b_rest, a_rest) = (&b[prefix..], &a[prefix..]);
    let mut suffix = b_rest.iter().rev().zip(a_rest.iter().rev()).take_while(|(x, y)| x == y).count();
    while suffix > 0 && is_name(&b_rest[b_rest.len() - suffix]) {
        suffix -= 1;
    }
    let text = |chars: &[char]| chars.iter().collect::<String>();
    let (was, is) = (text(&b_rest[..b_rest.len() - suffix]), text(&a_rest[..a_rest.len() - suffix]));
    if was.is_empty() || is.is_empty() || was == is {
        return None;
    }
    if let Some(pattern) = with_t_for(&is, &was) {
        Some(("T".into(), pattern))
    } else {
        with_t_for(&was, &is).map(|pattern| (pattern, "T".into()))
    }
}

/// `text` with its first occurrence of `part` as whole names (`Foo` in `Vec<Foo>`, not
/// in `Vec<FooBar>`) written `T`.
fn with_t_for(text: &str, part: &str) -> Option<String> {
    let is_name = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let whole =
        |at: usize| !is_name(text[..at].chars().next_back()) && !is_name(text[at + part.len()..].chars().next());
    let at = text.match_indices(part).map(|(at, _)| at).find(|at| whole(*at))?;
    Some(format!("{}T{}", &text[..at], &text[at + part.len()..]))
}

/// Where two texts differ, with what they share around it left out (`…<Option<String>>`
/// → `…<Option<Option<String>>>`): a long signature's change shows in a cell.
fn differing(before: Option<&str>, after: Option<&str>) -> (Option<String>, Option<String>) {
    let (Some(before), Some(after)) = (before, after) else {
        return (before.map(String::from), after.map(String::from));
    };
    let (b, a): (Vec<char>, Vec<char>) = (before.chars().collect(), after.chars().collect());
    let prefix = b.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let suffix = b[prefix..].iter().rev().zip(a[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    // Keep a little context, and whole text when it is short anyway.
    if b.len() <= 40 && a.len() <= 40 {
        return (Some(before.to_string()), Some(after.to_string()));
    }
    // From the word before the first difference.
    let start = b[..prefix].iter().rposition(|c| *c == ' ').map_or(0, |at| at + 1);
    let excerpt = |chars: &[char]| {
        let end = (chars.len() - suffix + 4).min(chars.len());
        let lead = if start > 0 { "…" } else { "" };
        let tail = if end < chars.len() { "…" } else { "" };
        format!("{lead}{}{tail}", chars[start..end].iter().collect::<String>())
    };
    (Some(excerpt(&b)), Some(excerpt(&a)))
}

/// Rust type text with every path cut to its last segment: `::std::option::Option<
/// ::std::string::String>` is `Option<String>`.
pub(crate) fn short_types(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut segment = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            segment.clear();
            continue;
        }
        if c.is_alphanumeric() || c == '_' {
            segment.push(c);
            continue;
        }
        out.push_str(&std::mem::take(&mut segment));
        out.push(c);
    }
    out.push_str(&segment);
    out
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
    code(&format!("{short}{ellipsis}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::ChangeKind;
    use crate::wire::Location;

    fn change(kind: ChangeKind, field: &str, breaking: bool, tolerated: bool) -> Change {
        Change {
            operation: "GET /v1/user".parse().unwrap(),
            location: Location::response("200"),
            field: field.into(),
            kind,
            breaking,
            tolerated,
            wire_semver: Semver::Major,
            rust_semver: None,
            schema: None,
            head_schema: None,
            head_inline: false,
            before: Some(Value::Bool(false)),
            after: Some(Value::Bool(true)),
            message: String::new(),
        }
    }

    fn report(changes: Vec<Change>) -> Report {
        Report::new("base.json", "head.json", changes, Vec::new(), RustApi::NotAsked)
    }

    #[test]
    fn identical_changes_are_one_row_with_their_fields_collapsed() {
        let changes: Vec<Change> =
            (0..18).map(|i| change(ChangeKind::PropertyBecameNullable, &format!("f{i}"), true, true)).collect();
        let markdown = render_markdown(&report(changes), &MarkdownOptions::default());
        assert_eq!(markdown.matches("property-became-nullable").count(), 1, "{markdown}");
        assert!(markdown.contains("<details><summary>18 fields</summary>`f0`, `f1`"), "{markdown}");
        assert!(markdown.contains("breaks strict clients; the client generated from BASE reads it"), "{markdown}");
        assert!(markdown.contains(
            "18 wire changes: 18 break strict clients (18 the client generated from BASE still reads); 0 do not."
        ));
    }

    #[test]
    fn changed_descriptions_are_one_row_each_field_with_its_text() {
        let described = |field: &str, text: &str| {
            let mut c = change(ChangeKind::DescriptionChanged, field, false, true);
            (c.before, c.after) = (None, Some(Value::String(text.into())));
            c
        };
        let changes = vec![described("a", "The a."), described("b", "The b."), described("c", "The c.")];
        let markdown = render_markdown(&report(changes), &MarkdownOptions::default());
        assert_eq!(markdown.matches("description-changed").count(), 1, "{markdown}");
        assert!(
            markdown.contains(
                "<details><summary>3 fields</summary>`a`: – → `The a.`<br>`b`: – → `The b.`<br>`c`: – → `The c.`</details> | each field's, beside it |"
            ),
            "{markdown}"
        );
        let one = render_markdown(&report(vec![described("a", "The a.")]), &MarkdownOptions::default());
        assert!(one.contains("| `a` | – → `The a.` |"), "{one}");
    }

    #[test]
    fn rust_changes_alike_share_a_pattern() {
        let pattern = |b: &str, a: &str| alike(Some(b), Some(a));
        let wrapped = Some(("T".to_string(), "Option<T>".to_string()));
        assert_eq!(pattern("::std::option::Option<i64>", "Option<Option<i64>>"), wrapped);
        assert_eq!(pattern("Option<Currency>", "Option<Option<Currency>>"), wrapped);
        assert_eq!(pattern("Option<Option<i64>>", "Option<i64>"), Some(("Option<T>".into(), "T".into())));
        assert_eq!(pattern("String", "i64"), None, "nothing in common: a row of its own");
        let setter =
            |t: &str| format!("fn currency<T>(mut self, value: T) -> Self where T: TryInto<{t}>, T::Error: Display");
        assert_eq!(pattern(&setter("Option<Currency>"), &setter("Option<Option<Currency>>")), wrapped);
        assert_eq!(pattern("Vec<Foo>", "Vec<FooBar>"), None, "a name is never cut");
        assert_eq!(pattern("(i64, Foo)", "(i64, Foo, Bar)"), Some(("T".into(), "T, Bar".into())));
        assert_eq!(alike(None, Some("i64")), None);
    }

    #[test]
    fn signatures_of_one_shape_are_written_once_with_the_names_they_do_not_share() {
        let texts = ["fn currency(&self) -> Option<&Currency>", "fn first_name(&self) -> Option<&String>"];
        assert_eq!(shared_shape(&texts.map(String::from)), ("fn …(&self) -> Option<&…>".into(), 3));
        assert_eq!(shared_shape(&["Canceled".into(), "Unpaid".into()]), ("…".into(), 0));
        let skeleton = |t: &str| tokens(t).into_iter().map(Token::skeleton).collect::<Vec<_>>();
        assert_eq!(skeleton(texts[0]), skeleton(texts[1]));
        assert_ne!(skeleton(texts[0]), skeleton("fn currency<T>(mut self, value: T) -> Self"));
        let added = |item: &str, after: &str| ApiChange {
            krate: "models".into(),
            item: item.into(),
            kind: ApiChangeKind::MethodAdded,
            semver: Semver::Minor,
            before: None,
            after: Some(after.into()),
            suggestion: None,
            cause: Cause::Components { detail: "c".into() },
        };
        let api = [
            added("A::currency", texts[0]),
            added("A::set", "fn set<T>(mut self, value: T) -> Self"),
            added("A::Canceled", "Canceled"),
            added("B::first_name", texts[1]),
            added("A::Unpaid", "Unpaid"),
        ];
        let groups = rust_groups(&api, &[]);
        let rows: Vec<(usize, Option<String>)> =
            groups.iter().map(|g| (g.changes.len(), g.alike.as_ref().and_then(|a| a.after.clone()))).collect();
        let shape = |text: &str| Some(text.to_string());
        assert_eq!(
            rows,
            [
                (2, shape("fn …(&self) -> Option<&…>")),
                (1, shape("fn set<T>(mut self, value: T) -> Self")),
                (1, None),
                (1, None),
            ],
            "variants, whose shape keeps no name, stay rows"
        );
    }

    #[test]
    fn one_fields_values_are_one_row() {
        let value = |v: &str| {
            let mut c = change(ChangeKind::EnumValueRemoved, "status", false, true);
            c.before = Some(Value::String(v.into()));
            c.after = None;
            c
        };
        let markdown = render_markdown(&report(vec![value("canceled"), value("unpaid")]), &MarkdownOptions::default());
        assert!(
            markdown.contains("| `enum-value-removed` | response 200 | `status` | `canceled`, `unpaid` → – |"),
            "{markdown}"
        );
    }

    #[test]
    fn kinds_link_to_their_rows_and_types_are_short() {
        let options =
            MarkdownOptions { kinds_doc: Some("https://x/docs/schema-diff.md"), ..MarkdownOptions::default() };
        let markdown = render_markdown(&report(vec![change(ChangeKind::EnumValueAdded, "s", true, true)]), &options);
        assert!(markdown.contains("[enum-value-added](https://x/docs/schema-diff.md#enum-value-added)"), "{markdown}");
        assert_eq!(
            short_types("::std::option::Option<::std::option::Option<::std::string::String>>"),
            "Option<Option<String>>"
        );
        assert_eq!(
            short_types("::std::collections::BTreeMap<::std::string::String, super::Tier>"),
            "BTreeMap<String, Tier>"
        );
        let (before, after) = differing(
            Some("currency<T>(mut self, value: T) -> Self where T: TryInto<Option<Currency>>"),
            Some("currency<T>(mut self, value: T) -> Self where T: TryInto<Option<Option<Currency>>>"),
        );
        assert_eq!(
            (before.unwrap(), after.unwrap()),
            ("…TryInto<Option<Currency>>".into(), "…TryInto<Option<Option<Currency>>>".into())
        );
    }

    #[test]
    fn the_worst_comes_first_and_a_long_report_fits_its_limit() {
        let mut changes: Vec<Change> = (0..2_000)
            .map(|i| {
                let mut c = change(ChangeKind::TypeChanged, &format!("field_{i}"), i % 2 == 0, true);
                c.before = Some(Value::String(format!("v{i}")));
                c
            })
            .collect();
        changes.push(change(ChangeKind::PropertyRemoved, "gone", true, false));
        let report = report(changes);
        let full = render_markdown(
            &report,
            &MarkdownOptions { code_diff: Some(&"+x\n".repeat(10_000)), ..Default::default() },
        );
        assert!(full.len() > 60_000);
        let first_row = full.find("| `property-removed`").unwrap();
        assert!(first_row < full.find("| `type-changed`").unwrap(), "what BASE's client cannot read comes first");
        assert!(full.contains("**breaks the client generated from BASE**"));
        let options = MarkdownOptions { limit: Some((60_000, "the job summary")), ..Default::default() };
        let comment = render_markdown(&report, &options);
        assert!(comment.chars().count() <= 60_000, "{}", comment.len());
        assert!(comment.contains("#### Breaking changes") && comment.contains("are in the job summary."));
        let small = render_markdown(&report_of_one(), &options);
        assert_eq!(
            small,
            render_markdown(&report_of_one(), &MarkdownOptions::default()),
            "a report that fits is whole"
        );
    }

    fn report_of_one() -> Report {
        report(vec![change(ChangeKind::PropertyAdded, "a", false, true)])
    }
}
