//! `cargo xtask release`: the published crates' next version, computed from what changed
//! since the last release tag, never typed by hand, and its `CHANGELOG.md` entry.
//!
//! The verdict is the larger of two: schema-diff's Rust verdict for the generated code
//! (which sees a field's type change, where cargo-semver-checks is blind), and
//! cargo-semver-checks with `--baseline-rev` for the hand-written code. Both crates share
//! one version: the client names the models' types, so they move together.
//!
//! Everything that decides (the version arithmetic, the entry's text, where it goes, the
//! agreement check) is a pure function here with unit tests; the command only gathers
//! the inputs from git, the schema diff and cargo-semver-checks.

use std::fmt;
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::str::FromStr;

use anyhow::{bail, Context, Result};
use elevenlabs_schema_diff::{ApiChange, ApiChangeKind, Report, Semver, VerdictSource};
use elevenlabs_spec::overrides::Change as OverrideChange;
use elevenlabs_spec::Outcome;

use crate::source::Source;
use crate::{Status, Workspace, LAYOUT};

/// Release tags are `v` and the version: `v0.2.0`.
pub const TAG_PREFIX: &str = "v";

/// A crate version, `MAJOR.MINOR.PATCH` (no pre-release or build part: the project never
/// publishes one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl FromStr for Version {
    type Err = anyhow::Error;
    fn from_str(text: &str) -> Result<Self> {
        let parts: Vec<&str> = text.split('.').collect();
        let number = |part: &str| -> Result<u64> {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) || (part.len() > 1 && part.starts_with('0'))
            {
                bail!("`{text}` is not a version MAJOR.MINOR.PATCH");
            }
            part.parse().with_context(|| format!("`{text}` is not a version"))
        };
        match parts.as_slice() {
            [major, minor, patch] => {
                Ok(Version { major: number(major)?, minor: number(minor)?, patch: number(patch)? })
            }
            _ => bail!("`{text}` is not a version MAJOR.MINOR.PATCH"),
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// The version after `last` for a release of `verdict`. Below 1.0, Cargo treats the minor
/// as the major: a breaking change bumps the minor, anything else the patch. A release
/// with no API change at all is still a patch release.
pub fn next_version(last: Version, verdict: Semver) -> Version {
    let Version { major, minor, patch } = last;
    match (major, verdict) {
        (0, Semver::Major) => Version { major, minor: minor + 1, patch: 0 },
        (0, _) => Version { major, minor, patch: patch + 1 },
        (_, Semver::Major) => Version { major: major + 1, minor: 0, patch: 0 },
        (_, Semver::Minor) => Version { major, minor: minor + 1, patch: 0 },
        (_, Semver::Patch | Semver::None) => Version { major, minor, patch: patch + 1 },
    }
}

/// The two verdicts a release is decided by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdicts {
    /// schema-diff's verdict on the generated crates' public Rust API.
    pub generated: Semver,
    /// Where `generated` comes from: the Rust API, or the wire estimate when a document
    /// could not be generated.
    pub generated_source: VerdictSource,
    /// cargo-semver-checks' verdict on the crates as a whole, hand-written code included.
    pub hand_written: Semver,
}

impl Verdicts {
    /// The release: the larger of the two.
    pub fn release(&self) -> Semver {
        self.generated.max(self.hand_written)
    }

    /// The one line of a changelog entry that records them, and that
    /// [`parse_changelog`] reads back.
    fn line(&self, last: Version) -> String {
        let source = match self.generated_source {
            VerdictSource::Rust => "schema-diff, from the generated Rust API",
            VerdictSource::WireEstimate => "schema-diff, estimated from the wire: a document could not be generated",
        };
        format!(
            "Release verdict: **{}** from {last} (generated API: {} by {source}; hand-written API: {} by cargo-semver-checks).",
            self.release(),
            self.generated,
            self.hand_written
        )
    }
}

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

/// At most this many upstream changes are listed; the rest are counted, with the command
/// that shows them.
const MOST_UPSTREAM_CHANGES: usize = 40;

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
        push_upstream(&mut text, report, last);
        push_rust(&mut text, report);
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

fn push_upstream(text: &mut String, report: &Report, last: Version) {
    text.push_str("\n### Changed upstream\n\n");
    if report.changes.is_empty() {
        text.push_str("Nothing on the wire.\n");
        return;
    }
    for change in report.changes.iter().take(MOST_UPSTREAM_CHANGES) {
        let verdict = if change.breaking { "breaking" } else { "not breaking" };
        text.push_str(&format!("- {} ({verdict})\n", change.message));
    }
    let rest = report.changes.len().saturating_sub(MOST_UPSTREAM_CHANGES);
    if rest > 0 {
        text.push_str(&format!(
            "- and {rest} more: `cargo xtask schema-diff git:{TAG_PREFIX}{last}:{} --format markdown`\n",
            LAYOUT.fragment
        ));
    }
}

/// The Rust API changes under Keep a Changelog's headings.
fn push_rust(text: &mut String, report: &Report) {
    text.push_str("\n### Changed in Rust\n");
    if report.api_changes.is_empty() {
        text.push_str("\nThe public Rust API is unchanged.\n");
        return;
    }
    let heading = |kind: ApiChangeKind| match kind {
        ApiChangeKind::TypeAdded
        | ApiChangeKind::FieldAdded
        | ApiChangeKind::VariantAdded
        | ApiChangeKind::MethodAdded
        | ApiChangeKind::ImplAdded
        | ApiChangeKind::ItemAdded => "Added",
        ApiChangeKind::TypeRemoved
        | ApiChangeKind::FieldRemoved
        | ApiChangeKind::VariantRemoved
        | ApiChangeKind::MethodRemoved
        | ApiChangeKind::ImplRemoved
        | ApiChangeKind::ItemRemoved => "Removed",
        ApiChangeKind::DeprecationAdded => "Deprecated",
        _ => "Changed",
    };
    for section in ["Removed", "Changed", "Deprecated", "Added"] {
        let changes: Vec<&ApiChange> = report.api_changes.iter().filter(|c| heading(c.kind) == section).collect();
        if changes.is_empty() {
            continue;
        }
        text.push_str(&format!("\n#### {section}\n\n"));
        for change in changes {
            text.push_str(&format!(
                "- `{}::{}` ({}, {}): {}\n",
                change.krate,
                change.item,
                change.kind,
                change.semver,
                change.cause.describe(&report.changes)
            ));
        }
    }
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
bumps the minor version.
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
        if let Some(rest) = line.strip_prefix("## [") {
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

/// The changelog with `entry` as its newest release. An entry newer than the last release
/// (one prepared earlier and not yet tagged) is replaced: it is recomputed, not added to.
pub fn changelog_with(existing: Option<&str>, entry: &str, last: Option<Version>) -> Result<String> {
    let existing = existing.unwrap_or(CHANGELOG_HEADER);
    let first = existing.find("\n## [").map(|i| i + 1);
    let (head, releases) = match first {
        Some(i) => existing.split_at(i),
        None => (existing, ""),
    };
    let mut releases = releases.to_string();
    if let Some(pending) = parse_changelog(&releases)?.first().filter(|r| last.is_none_or(|last| r.version > last)) {
        let end = releases[1..].find("\n## [").map(|i| i + 2).unwrap_or(releases.len());
        debug_assert!(releases.starts_with(&format!("## [{}]", pending.version)));
        releases.replace_range(..end, "");
    }
    let mut text = head.trim_end().to_string();
    text.push_str("\n\n");
    text.push_str(entry.trim_end());
    text.push('\n');
    if !releases.trim().is_empty() {
        text.push('\n');
        text.push_str(releases.trim_start());
    }
    Ok(text)
}

/// The version both published crates declare; they must agree.
pub fn crates_version(workspace: &Workspace) -> Result<Version> {
    let mut versions = Vec::new();
    for (_, dir) in LAYOUT.published {
        let path = workspace.root.join(dir).join("Cargo.toml");
        let text = std::fs::read_to_string(&path).with_context(|| format!("{}: cannot read", path.display()))?;
        let version = text
            .lines()
            .find_map(|line| line.strip_prefix("version = \""))
            .and_then(|rest| rest.strip_suffix('"'))
            .with_context(|| format!("{}: no `version = \"…\"`", path.display()))?;
        versions.push(version.parse::<Version>().with_context(|| path.display().to_string())?);
    }
    if versions[0] != versions[1] {
        bail!("the models crate is at {} but the client at {}: they are released together", versions[0], versions[1]);
    }
    Ok(versions[0])
}

/// The manifests with `from` replaced by `to` for the published crates: their own
/// `version`, the workspace's exact requirements on them, and `Cargo.lock`. Each place must
/// hold `from` exactly once, or nothing is rewritten.
pub fn bumped_manifests(
    workspace: &Workspace,
    from: Version,
    to: Version,
) -> Result<Vec<(std::path::PathBuf, String)>> {
    let [(_, models_dir), (_, client_dir)] = LAYOUT.published;
    let own_version = vec![(format!("\nversion = \"{from}\"\n"), format!("\nversion = \"{to}\"\n"))];
    let requirements = LAYOUT
        .published
        .iter()
        .map(|(_, dir)| {
            (format!("path = \"{dir}\", version = \"={from}\""), format!("path = \"{dir}\", version = \"={to}\""))
        })
        .collect();
    let locked = LAYOUT
        .published
        .iter()
        .map(|(name, _)| {
            (format!("name = \"{name}\"\nversion = \"{from}\"\n"), format!("name = \"{name}\"\nversion = \"{to}\"\n"))
        })
        .collect();
    let edits: [(String, Vec<(String, String)>); 4] = [
        (format!("{models_dir}/Cargo.toml"), own_version.clone()),
        (format!("{client_dir}/Cargo.toml"), own_version),
        ("Cargo.toml".into(), requirements),
        ("Cargo.lock".into(), locked),
    ];
    edits
        .into_iter()
        .map(|(file, replacements)| {
            let path = workspace.root.join(&file);
            let mut text =
                std::fs::read_to_string(&path).with_context(|| format!("{}: cannot read", path.display()))?;
            for (old, new) in replacements {
                if text.matches(&old).count() != 1 {
                    bail!("{file}: expected `{}` once, to bump {from} to {to}", old.trim());
                }
                text = text.replacen(&old, &new, 1);
            }
            Ok((path, text))
        })
        .collect()
}

/// The newest release tag reachable from HEAD, a tag on HEAD itself aside (that is the
/// release being made), with its version.
pub fn last_release(workspace: &Workspace) -> Result<Option<(String, Version)>> {
    let on_head = git(workspace, &["tag", "--points-at", "HEAD"])?;
    let on_head: Vec<&str> = on_head.lines().collect();
    let merged = git(workspace, &["tag", "--merged", "HEAD", "--list", &format!("{TAG_PREFIX}*")])?;
    Ok(merged
        .lines()
        .filter(|tag| !on_head.contains(tag))
        .filter_map(|tag| Some((tag.to_string(), tag.strip_prefix(TAG_PREFIX)?.parse::<Version>().ok()?)))
        .max_by_key(|(_, version)| *version))
}

fn git(workspace: &Workspace, args: &[&str]) -> Result<String> {
    let output = Command::new("git").arg("-C").arg(&workspace.root).args(args).output().context("cannot run git")?;
    if !output.status.success() {
        bail!("git {}: {}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// cargo-semver-checks' verdict on the published crates against `tag`.
pub fn hand_written_verdict(workspace: &Workspace, tag: &str) -> Result<Semver> {
    crate::semver_check::require_semver_checks()?;
    let mut command = Command::new("cargo");
    command.current_dir(&workspace.root).args(["semver-checks", "check-release"]);
    for (name, _) in LAYOUT.published {
        command.args(["-p", name]);
    }
    let output = command.args(["--baseline-rev", tag]).output().context("cannot run cargo-semver-checks")?;
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    semver_checks_verdict(&text, output.status.success())
}

/// The largest bump cargo-semver-checks' output asks for. It reports breakage only, so
/// "no update required" is `none`; a failure it does not explain is an error.
pub fn semver_checks_verdict(output: &str, succeeded: bool) -> Result<Semver> {
    if output.contains("requires new major version") {
        Ok(Semver::Major)
    } else if output.contains("requires new minor version") {
        Ok(Semver::Minor)
    } else if succeeded {
        Ok(Semver::None)
    } else {
        let last = output.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no output");
        bail!("cargo-semver-checks failed: {}", last.trim())
    }
}

/// What the release command does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Bump the versions and write the changelog entry.
    Prepare,
    /// Print what `Prepare` would write; write nothing.
    DryRun,
    /// Check that the version and the changelog agree with the verdict; write nothing.
    Verify,
    /// `Verify`, then create the annotated tag.
    Tag,
}

/// What a release is decided from, gathered by [`gather`] (or given by a test).
pub struct Inputs {
    pub last: Option<(String, Version)>,
    pub current: Version,
    pub verdicts: Option<Verdicts>,
    pub report: Option<Report>,
    pub overrides: Vec<(String, String, Outcome)>,
    pub date: String,
}

/// Gathers the inputs from git, the schema diff and cargo-semver-checks.
pub fn gather(workspace: &Workspace, hand_written: impl Fn(&str) -> Result<Semver>) -> Result<Inputs> {
    let last = last_release(workspace)?;
    let current = crates_version(workspace)?;
    let (verdicts, report) = match &last {
        None => (None, None),
        Some((tag, _)) => {
            let base = Source::Git { rev: tag.clone(), path: LAYOUT.fragment.into() };
            let head = Source::File(workspace.fragment());
            let report = crate::compare_sources(workspace, &base, &head, false)?.report;
            let verdicts = Verdicts {
                generated: report.summary.semver,
                generated_source: report.summary.semver_source,
                hand_written: hand_written(tag)?,
            };
            (Some(verdicts), Some(report))
        }
    };
    let (_, outcomes) = crate::with_overrides_applied(workspace)?;
    let overrides =
        outcomes.into_iter().map(|(item, outcome)| (describe_override(&item.change), item.reason, outcome)).collect();
    Ok(Inputs { last, current, verdicts, report, overrides, date: elevenlabs_spec::today_utc() })
}

/// The version a release makes, its changelog entry, and the files it rewrites.
pub struct Plan {
    pub version: Version,
    pub entry: String,
    pub files: Vec<(std::path::PathBuf, String)>,
}

/// Decides the release from its inputs: the version, the entry, the files to rewrite.
pub fn plan(workspace: &Workspace, inputs: &Inputs) -> Result<Plan> {
    let (version, since) = match (&inputs.last, inputs.verdicts) {
        (Some((_, last)), Some(verdicts)) => (next_version(*last, verdicts.release()), Some((*last, verdicts))),
        // The first release is the version the crates start at.
        _ => (inputs.current, None),
    };
    let entry = changelog_entry(&Entry {
        version,
        date: &inputs.date,
        since,
        report: inputs.report.as_ref(),
        overrides: inputs.overrides.clone(),
    });
    let changelog_path = workspace.root.join(LAYOUT.changelog);
    let existing = std::fs::read_to_string(&changelog_path).ok();
    let mut files = Vec::new();
    if version != inputs.current {
        files.extend(bumped_manifests(workspace, inputs.current, version)?);
    }
    let last = inputs.last.as_ref().map(|(_, v)| *v);
    files.push((changelog_path, changelog_with(existing.as_deref(), &entry, last)?));
    Ok(Plan { version, entry, files })
}

/// Checks that what is committed is what the verdict makes: the crates' version and the
/// changelog's newest entry.
pub fn verify(workspace: &Workspace, inputs: &Inputs, plan: &Plan) -> Result<()> {
    if plan.version != inputs.current {
        let from = inputs.last.as_ref().map(|(tag, _)| tag.as_str()).unwrap_or("nothing");
        bail!(
            "the crates are at {} but the verdict since {from} makes {}; run `cargo xtask release` and commit",
            inputs.current,
            plan.version
        );
    }
    // A release tag on HEAD (the one being published) must name this version.
    for tag in git(workspace, &["tag", "--points-at", "HEAD", "--list", &format!("{TAG_PREFIX}*")])?.lines() {
        if tag != format!("{TAG_PREFIX}{}", plan.version) {
            bail!("HEAD is tagged {tag} but the crates are at {}", plan.version);
        }
    }
    let changelog = std::fs::read_to_string(workspace.root.join(LAYOUT.changelog))
        .context("CHANGELOG.md: cannot read; run `cargo xtask release`")?;
    let releases = parse_changelog(&changelog)?;
    check_changelog(&releases, plan.version)?;
    let recorded = releases[0].since.map(|(_, verdict)| verdict);
    let computed = inputs.verdicts.map(|v| v.release());
    if recorded != computed {
        bail!(
            "CHANGELOG.md records a {} verdict for {} but the diff since the last release makes {}; run `cargo xtask release`",
            recorded.map_or("first-release".into(), |v| v.to_string()),
            plan.version,
            computed.map_or("first-release".into(), |v| v.to_string())
        );
    }
    Ok(())
}

/// `cargo xtask release`.
pub fn release(workspace: &Workspace, mode: Mode, out: &mut dyn Write) -> Result<Status> {
    let inputs = gather(workspace, |tag| hand_written_verdict(workspace, tag))?;
    run(workspace, mode, &inputs, out)
}

/// The release command over gathered inputs.
pub fn run(workspace: &Workspace, mode: Mode, inputs: &Inputs, out: &mut dyn Write) -> Result<Status> {
    let plan = plan(workspace, inputs)?;
    let from = match &inputs.last {
        Some((tag, _)) => format!("since {tag}"),
        None => "first release".into(),
    };
    match mode {
        Mode::DryRun => {
            writeln!(out, "release {} ({from}; the crates are at {}); would write:", plan.version, inputs.current)?;
            for (path, _) in &plan.files {
                writeln!(out, "  {}", path.strip_prefix(&workspace.root).unwrap_or(path).display())?;
            }
            writeln!(out, "\n{}", plan.entry)?;
        }
        Mode::Prepare => {
            let files: Vec<(&Path, &[u8])> = plan.files.iter().map(|(p, t)| (p.as_path(), t.as_bytes())).collect();
            crate::files::write_all_or_none(&files)?;
            writeln!(out, "release {} ({from}): versions and CHANGELOG.md written", plan.version)?;
        }
        Mode::Verify | Mode::Tag => {
            if let Err(error) = verify(workspace, inputs, &plan) {
                writeln!(out, "error: {}", crate::one_line(&error))?;
                return Ok(Status::CheckFailed);
            }
            if mode == Mode::Tag {
                tag(workspace, plan.version)?;
                writeln!(
                    out,
                    "tagged {TAG_PREFIX}{}; push it to publish: git push origin {TAG_PREFIX}{}",
                    plan.version, plan.version
                )?;
            } else {
                writeln!(out, "release {} agrees with the verdict ({from})", plan.version)?;
            }
        }
    }
    Ok(Status::Done)
}

fn tag(workspace: &Workspace, version: Version) -> Result<()> {
    let name = format!("{TAG_PREFIX}{version}");
    git(workspace, &["tag", "-a", &name, "-m", &format!("elevenlabs-user {version}")]).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        text.parse().unwrap()
    }

    #[test]
    fn below_one_a_breaking_change_bumps_the_minor_and_anything_else_the_patch() {
        assert_eq!(next_version(v("0.1.0"), Semver::Major), v("0.2.0"));
        assert_eq!(next_version(v("0.1.3"), Semver::Major), v("0.2.0"));
        assert_eq!(next_version(v("0.1.3"), Semver::Minor), v("0.1.4"));
        assert_eq!(next_version(v("0.1.3"), Semver::Patch), v("0.1.4"));
        assert_eq!(next_version(v("0.1.3"), Semver::None), v("0.1.4"));
    }

    #[test]
    fn from_one_on_each_verdict_bumps_its_own_part() {
        assert_eq!(next_version(v("1.2.3"), Semver::Major), v("2.0.0"));
        assert_eq!(next_version(v("1.2.3"), Semver::Minor), v("1.3.0"));
        assert_eq!(next_version(v("1.2.3"), Semver::Patch), v("1.2.4"));
    }

    #[test]
    fn versions_are_three_plain_numbers() {
        for bad in ["1.2", "1.2.3.4", "01.2.3", "1.2.x", "1.2.3-rc.1", ""] {
            assert!(bad.parse::<Version>().is_err(), "{bad}");
        }
        assert!(v("0.10.0") > v("0.9.9"));
    }

    #[test]
    fn the_release_takes_the_larger_verdict() {
        let verdicts =
            Verdicts { generated: Semver::Minor, generated_source: VerdictSource::Rust, hand_written: Semver::Major };
        assert_eq!(verdicts.release(), Semver::Major);
    }

    #[test]
    fn cargo_semver_checks_output_is_read_as_a_verdict() {
        let major = "     Summary semver requires new major version: 1 major and 0 minor checks failed";
        assert_eq!(semver_checks_verdict(major, false).unwrap(), Semver::Major);
        let minor = "     Summary semver requires new minor version: 0 major and 1 minor checks failed";
        assert_eq!(semver_checks_verdict(minor, false).unwrap(), Semver::Minor);
        assert_eq!(semver_checks_verdict("     Summary no semver update required", true).unwrap(), Semver::None);
        let error = semver_checks_verdict("error: could not find baseline\n", false).unwrap_err();
        assert!(error.to_string().contains("could not find baseline"), "{error}");
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
