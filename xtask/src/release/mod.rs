//! `cargo xtask release`: the published crates' next version, computed from what changed
//! since the last release tag, never typed by hand, and its `CHANGELOG.md` entry.
//!
//! The verdict is the larger of two: schema-diff's Rust verdict for the generated code
//! (which sees a field's type change, where cargo-semver-checks is blind), and
//! cargo-semver-checks with `--baseline-rev` for the hand-written code. Both crates share
//! one version: the client names the models' types, so they move together.
//!
//! The parts that decide are pure functions with unit tests, one module each: the version
//! arithmetic ([`version`]), the changelog ([`changelog`]) and the manifests
//! ([`manifests`]). This module gathers their inputs from git, the schema diff and
//! cargo-semver-checks, and writes what they decide.

pub mod changelog;
pub mod manifests;
pub mod version;

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};
use elevenlabs_schema_diff::{Report, Semver};
use elevenlabs_spec::Outcome;

pub use changelog::{
    changelog_entry, changelog_with, check_changelog, describe_override, parse_changelog, Entry, Recorded,
};
pub use manifests::{bumped_manifests, crates_version};
pub use version::{next_version, Verdicts, Version};

use crate::layout::LAYOUT;
use crate::process::Program;
use crate::source::Source;
use crate::{semver_checks, Status, Workspace};

/// Release tags are `v` and the version: `v0.2.0`.
pub const TAG_PREFIX: &str = "v";

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
    Program::git(&workspace.root).args(args).text()
}

/// cargo-semver-checks' verdict on the published crates against `tag`.
pub fn hand_written_verdict(workspace: &Workspace, tag: &str) -> Result<Semver> {
    let mut args = Vec::new();
    for (name, _) in LAYOUT.published {
        args.extend(["-p", name]);
    }
    args.extend(["--baseline-rev", tag]);
    semver_checks::check_release(&args, |program| program.current_dir(&workspace.root))
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
            let operations = workspace.generated_operations()?;
            let report = crate::schema_diff::compare_sources(workspace, &base, &head, operations, false)?.report;
            let verdicts = Verdicts {
                generated: report.summary.semver,
                generated_source: report.summary.semver_source,
                hand_written: hand_written(tag)?,
            };
            (Some(verdicts), Some(report))
        }
    };
    let (_, outcomes) = workspace.with_overrides_applied()?;
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
    let changelog = changelog_with(existing.as_deref(), &entry, last)?;
    // The entry as written, with the hand-written notes it took from `## [Unreleased]`.
    let entry = changelog::entry_of(&changelog, version).unwrap_or(entry);
    files.push((changelog_path, changelog));
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
