//! `CHANGELOG.md`: the entry a release writes, reading the recorded releases back, and
//! checking that each follows the one before by its verdict.

use anyhow::{bail, Context, Result};
use elevenlabs_schema_diff::render::render_changelog;
use elevenlabs_schema_diff::{Report, Semver};
use elevenlabs_spec::overrides::Change as OverrideChange;
use elevenlabs_spec::Outcome;

use super::version::{next_version, Verdicts, Version};
use super::TAG_PREFIX;
use crate::layout::LAYOUT;

/// What one release entry says.
pub struct Entry<'a> {
    pub version: Version,
    pub date: &'a str,
    /// The last release and its verdicts; `None` for the first release.
    pub since: Option<(Version, Verdicts)>,
    /// The schema diff from the last release's fragment to this one's.
    pub report: Option<&'a Report>,
    /// Each override of `openapi/overrides.json`: what it does, its reason, and whether
    /// it applied to this release's fragment.
    pub overrides: Vec<(String, String, Outcome)>,
}

/// The Keep a Changelog entry of a release.
pub fn changelog_entry(entry: &Entry) -> String {
    let mut text = format!("## [{}] - {}\n\n", entry.version, entry.date);
    match entry.since {
        None => text.push_str("Initial release.\n"),
        Some((last, verdicts)) => {
            text.push_str(&verdicts.line(last));
            text.push('\n');
        }
    }
    if let (Some(report), Some((last, _))) = (entry.report, entry.since) {
        let whole_diff =
            format!("`cargo xtask schema-diff git:{TAG_PREFIX}{last}:{} --format markdown`", LAYOUT.fragment);
        text.push_str(&render_changelog(report, &whole_diff));
    }
    if !entry.overrides.is_empty() {
        text.push_str(
            "\n### Overrides applied\n\nCorrections `openapi/overrides.json` makes on top of the upstream document:\n",
        );
        for (what, reason, outcome) in &entry.overrides {
            match outcome {
                Outcome::Applied => text.push_str(&format!("- {what}: {reason}\n")),
                Outcome::Skipped(why) => text.push_str(&format!("- {what}: skipped ({why}); {reason}\n")),
            }
        }
    }
    text
}

/// What an override does, in one line.
pub fn describe_override(change: &OverrideChange) -> String {
    match change {
        OverrideChange::AddProperty { schema, property, .. } => format!("`add-property` `{schema}.{property}`"),
        OverrideChange::MakeOptional { schema, property } => format!("`make-optional` `{schema}.{property}`"),
        OverrideChange::Set { pointer, .. } => format!("`set` `{pointer}`"),
        OverrideChange::RenameSchema { schema, to } => format!("`rename-schema` `{schema}` to `{to}`"),
    }
}

const CHANGELOG_HEADER: &str = "# Changelog

All notable changes to `elevenlabs-user-models` and `elevenlabs-user-client`, which are
released together under one version. The format follows
[Keep a Changelog](https://keepachangelog.com/en/1.1.0/). Versions follow semver of the
generated Rust API: `cargo xtask release` computes each from the schema diff and
cargo-semver-checks and writes its entry; nobody types one. While 0.x, a breaking change
bumps the minor version. What changed in the hand-written API, and how to migrate, is
written by hand under `## [Unreleased]`; the release moves it into its entry.
";

/// One release as the changelog records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub version: Version,
    /// The previous release and the recorded verdict; `None` for the first.
    pub since: Option<(Version, Semver)>,
}

/// The releases `CHANGELOG.md` records, newest first.
pub fn parse_changelog(text: &str) -> Result<Vec<Recorded>> {
    let mut releases = Vec::new();
    let mut current: Option<Recorded> = None;
    for (number, line) in text.lines().enumerate() {
        let at = || format!("CHANGELOG.md:{}", number + 1);
        if line.trim_end() == UNRELEASED {
            // Notes for the next release, written by hand; not a release.
            releases.extend(current.take());
        } else if let Some(rest) = line.strip_prefix("## [") {
            releases.extend(current.take());
            let (version, _) =
                rest.split_once(']').with_context(|| format!("{}: a heading `## [VERSION] - DATE`", at()))?;
            current = Some(Recorded { version: version.parse().with_context(at)?, since: None });
        } else if let Some(rest) = line.strip_prefix("Release verdict: **") {
            let Some(entry) = current.as_mut() else { bail!("{}: a verdict outside a release", at()) };
            let (verdict, rest) =
                rest.split_once("** from ").with_context(|| format!("{}: `**VERDICT** from VERSION`", at()))?;
            let verdict = parse_semver(verdict).with_context(at)?;
            let from = rest.split_whitespace().next().unwrap_or_default();
            entry.since = Some((from.parse().with_context(at)?, verdict));
        }
    }
    releases.extend(current);
    Ok(releases)
}

fn parse_semver(text: &str) -> Result<Semver> {
    Ok(match text {
        "none" => Semver::None,
        "patch" => Semver::Patch,
        "minor" => Semver::Minor,
        "major" => Semver::Major,
        other => bail!("`{other}` is not a verdict"),
    })
}

/// Checks that the changelog's releases follow one another by their verdicts, and that
/// the newest is `version`: the crates' version was computed, not typed.
pub fn check_changelog(releases: &[Recorded], version: Version) -> Result<()> {
    let Some(newest) = releases.first() else { bail!("CHANGELOG.md records no release; run `cargo xtask release`") };
    if newest.version != version {
        bail!(
            "the crates are at {version} but CHANGELOG.md's newest release is {}; run `cargo xtask release`",
            newest.version
        );
    }
    for (release, older) in releases.iter().zip(releases.iter().skip(1).map(Some).chain([None])) {
        match (&release.since, older) {
            (Some((from, verdict)), Some(older)) => {
                if *from != older.version {
                    bail!(
                        "CHANGELOG.md: {} says it follows {from}, but the release before it is {}",
                        release.version,
                        older.version
                    );
                }
                let expected = next_version(*from, *verdict);
                if release.version != expected {
                    bail!("CHANGELOG.md: {from} with a {verdict} verdict makes {expected}, not {}", release.version);
                }
            }
            (None, None) => {}
            (None, Some(older)) => bail!("CHANGELOG.md: {} records no verdict from {}", release.version, older.version),
            (Some((from, _)), None) => {
                bail!("CHANGELOG.md: {} follows {from}, which the changelog does not record", release.version)
            }
        }
    }
    Ok(())
}

/// The heading under which changes to the hand-written API are described by hand, with
/// how to migrate, until a release takes them: no tool can say why a method was renamed.
pub const UNRELEASED: &str = "## [Unreleased]";

/// Where an entry's hand-written notes begin and end: invisible once rendered, and what
/// lets a pending entry that is prepared again keep them.
const NOTES_START: &str = "<!-- notes written by hand -->";
const NOTES_END: &str = "<!-- end of notes -->";

/// The changelog with `entry` as its newest release. An entry newer than the last release
/// (one prepared earlier and not yet tagged) is replaced: it is recomputed, not added to,
/// and keeps its hand-written notes. The notes under `## [Unreleased]` move into the
/// entry, and the heading stays, empty, for the next ones.
pub fn changelog_with(existing: Option<&str>, entry: &str, last: Option<Version>) -> Result<String> {
    let existing = existing.unwrap_or(CHANGELOG_HEADER);
    let first = existing.find("\n## [").map(|i| i + 1);
    let (head, releases) = match first {
        Some(i) => existing.split_at(i),
        None => (existing, ""),
    };
    let mut releases = releases.to_string();
    let mut notes = Vec::new();
    if releases.starts_with(UNRELEASED) {
        let end = next_heading(&releases);
        notes.push(releases[UNRELEASED.len()..end].trim().to_string());
        releases.replace_range(..end, "");
    }
    if let Some(pending) = parse_changelog(&releases)?.first().filter(|r| last.is_none_or(|last| r.version > last)) {
        let end = next_heading(&releases);
        debug_assert!(releases.starts_with(&format!("## [{}]", pending.version)));
        let block = &releases[..end];
        if let (Some(start), Some(stop)) = (block.find(NOTES_START), block.find(NOTES_END)) {
            notes.insert(0, block[start + NOTES_START.len()..stop].trim().to_string());
        }
        releases.replace_range(..end, "");
    }
    notes.retain(|note| !note.is_empty());
    let mut text = head.trim_end().to_string();
    text.push_str(&format!("\n\n{UNRELEASED}\n\n"));
    text.push_str(with_notes(entry, &notes.join("\n\n")).trim_end());
    text.push('\n');
    if !releases.trim().is_empty() {
        text.push('\n');
        text.push_str(releases.trim_start());
    }
    Ok(text)
}

/// The entry of `version` in a changelog's text, heading included.
pub fn entry_of(changelog: &str, version: Version) -> Option<String> {
    let start = changelog.find(&format!("## [{version}]"))?;
    let rest = &changelog[start..];
    Some(rest[..next_heading(rest)].trim_end().to_string() + "\n")
}

/// Where the block that starts `text` ends: at the next `## [` heading, or the end.
fn next_heading(text: &str) -> usize {
    text[1..].find("\n## [").map(|i| i + 2).unwrap_or(text.len())
}

/// `entry` with `notes` after its first paragraph (the verdict), between the markers.
fn with_notes(entry: &str, notes: &str) -> String {
    if notes.is_empty() {
        return entry.to_string();
    }
    let block = format!("\n{NOTES_START}\n\n{notes}\n\n{NOTES_END}\n");
    // The heading, a blank line, then the verdict's paragraph.
    let after_heading = entry.find("\n\n").map_or(entry.len(), |i| i + 2);
    let after_verdict = entry[after_heading..].find('\n').map_or(entry.len(), |i| after_heading + i + 1);
    format!("{}{block}{}", &entry[..after_verdict], &entry[after_verdict..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use elevenlabs_schema_diff::VerdictSource;

    fn v(text: &str) -> Version {
        text.parse().unwrap()
    }

    fn entry(version: &str, from: &str, verdict: Semver) -> String {
        let verdicts =
            Verdicts { generated: verdict, generated_source: VerdictSource::Rust, hand_written: Semver::None };
        changelog_entry(&Entry {
            version: v(version),
            date: "2026-12-07",
            since: Some((v(from), verdicts)),
            report: None,
            overrides: vec![],
        })
    }

    /// A changelog of the first release, 0.1.0.
    fn first_release() -> String {
        let entry = Entry { version: v("0.1.0"), date: "2026-11-30", since: None, report: None, overrides: vec![] };
        changelog_with(None, &changelog_entry(&entry), None).unwrap()
    }

    #[test]
    fn a_new_entry_goes_on_top_and_a_pending_one_is_replaced() {
        let one = first_release();
        let two = changelog_with(Some(&one), &entry("0.1.1", "0.1.0", Semver::Minor), Some(v("0.1.0"))).unwrap();
        // Prepared again after a breaking change landed: the pending 0.1.1 becomes 0.2.0.
        let again = changelog_with(Some(&two), &entry("0.2.0", "0.1.0", Semver::Major), Some(v("0.1.0"))).unwrap();
        let versions: Vec<String> = parse_changelog(&again).unwrap().iter().map(|r| r.version.to_string()).collect();
        assert_eq!(versions, ["0.2.0", "0.1.0"]);
        assert!(again.starts_with("# Changelog\n"));
        check_changelog(&parse_changelog(&again).unwrap(), v("0.2.0")).unwrap();
    }

    #[test]
    fn unreleased_notes_move_into_the_entry_and_survive_preparing_it_again() {
        let one = first_release();
        let with_notes = one.replacen(
            "## [0.1.0]",
            "## [Unreleased]\n\n### Changed\n\n- `Error::Connection` is now `Unreachable` or `ConnectionLost`.\n\n## [0.1.0]",
            1,
        );
        let prepared =
            changelog_with(Some(&with_notes), &entry("0.2.0", "0.1.0", Semver::Major), Some(v("0.1.0"))).unwrap();
        let (unreleased, rest) = prepared.split_once("## [0.2.0]").unwrap();
        assert!(unreleased.ends_with("## [Unreleased]\n\n"), "the heading stays, empty: {prepared}");
        assert!(rest.contains("Release verdict: **major**") && rest.contains("is now `Unreachable`"), "{prepared}");
        let again = changelog_with(Some(&prepared), &entry("0.2.0", "0.1.0", Semver::Major), Some(v("0.1.0"))).unwrap();
        assert_eq!(again, prepared, "preparing again keeps the notes, once");
        let versions: Vec<String> = parse_changelog(&again).unwrap().iter().map(|r| r.version.to_string()).collect();
        assert_eq!(versions, ["0.2.0", "0.1.0"]);
    }

    #[test]
    fn a_version_the_verdict_does_not_make_is_refused() {
        let one = first_release();
        // A minor verdict from 0.1.0 makes 0.1.1; a hand-typed 0.2.0 is refused.
        let typed = changelog_with(Some(&one), &entry("0.2.0", "0.1.0", Semver::Minor), Some(v("0.1.0"))).unwrap();
        let error = check_changelog(&parse_changelog(&typed).unwrap(), v("0.2.0")).unwrap_err();
        assert!(error.to_string().contains("makes 0.1.1, not 0.2.0"), "{error}");
        let error = check_changelog(&parse_changelog(&one).unwrap(), v("0.1.1")).unwrap_err();
        assert!(error.to_string().contains("the crates are at 0.1.1"), "{error}");
    }

    #[test]
    fn the_entry_records_the_verdicts_and_the_overrides() {
        let verdicts =
            Verdicts { generated: Semver::Major, generated_source: VerdictSource::Rust, hand_written: Semver::Minor };
        let text = changelog_entry(&Entry {
            version: v("0.2.0"),
            date: "2026-12-07",
            since: Some((v("0.1.0"), verdicts)),
            report: None,
            overrides: vec![
                ("`make-optional` `A.b`".into(), "the reference says so".into(), Outcome::Applied),
                ("`set` `/x`".into(), "upstream fixed it".into(), Outcome::Skipped("already there".into())),
            ],
        });
        assert_eq!(
            text,
            "## [0.2.0] - 2026-12-07\n\n\
             Release verdict: **major** from 0.1.0 (generated API: major by schema-diff, from the generated Rust API; \
             hand-written API: minor by cargo-semver-checks).\n\n\
             ### Overrides applied\n\nCorrections `openapi/overrides.json` makes on top of the upstream document:\n\
             - `make-optional` `A.b`: the reference says so\n\
             - `set` `/x`: skipped (already there); upstream fixed it\n"
        );
    }
}
