//! `cargo xtask semver-check BASE HEAD`: the crates generated from each document, written
//! to a scratch workspace under `target/semver-check`, compared by `cargo semver-checks`,
//! beside `schema-diff`'s own verdict, so the two can be checked against each other.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};
use elevenlabs_codegen::Generated;
use elevenlabs_schema_diff::{compare, Named, OperationSet, Semver};
use elevenlabs_scratch::{write_workspace, Dependencies, GeneratedDocument, CLIENT_SETTINGS_TYPE};

use crate::semver_checks;
use crate::source::{DownloadLimits, Source};
use crate::workspace::codegen_options;
use crate::{Status, Workspace};

pub fn run(
    workspace: &Workspace,
    base: &Source,
    head: &Source,
    all_operations: bool,
    out: &mut dyn Write,
) -> Result<Status> {
    semver_checks::require_installed()?;
    let limits = DownloadLimits::default();
    let (base_document, head_document) = (base.load(workspace, &limits)?, head.load(workspace, &limits)?);
    let options = elevenlabs_schema_diff::Options {
        overrides: workspace.read_overrides()?,
        operations: if all_operations { OperationSet::Union } else { workspace.generated_operations()? },
        codegen: elevenlabs_codegen::Options { client_settings_type: CLIENT_SETTINGS_TYPE.into(), ..codegen_options() },
        code_diff: true,
        ..Default::default()
    };
    let (base_name, head_name) = (base.to_string(), head.to_string());
    let comparison = compare(
        Named { name: &base_name, document: &base_document },
        Named { name: &head_name, document: &head_document },
        &options,
    )
    .with_context(|| format!("{base} → {head}"))?;
    let Some((before, after)) = &comparison.sources else {
        bail!("{base} → {head}: cannot generate: {:?}", comparison.report.rust_api);
    };
    let ours = comparison.report.api_changes.iter().map(|c| c.semver).max().unwrap_or(Semver::None);

    // Under target/, so the crates can be read afterwards; rewritten on every run.
    let scratch = workspace.root.join("target/semver-check/crates");
    if scratch.exists() {
        std::fs::remove_dir_all(&scratch).with_context(|| format!("{}: cannot clear", scratch.display()))?;
    }
    let dependencies =
        Dependencies::of_workspace(&workspace.root).context("the workspace's Cargo.toml and Cargo.lock")?;
    write_crates(&scratch.join("base"), before, &dependencies)?;
    write_crates(&scratch.join("head"), after, &dependencies)?;
    let manifest = scratch.join("head/Cargo.toml");
    // By name: `--workspace` skips the scratch crates, which are `publish = false`.
    let (models, client) = (format!("{CRATES}-models"), format!("{CRATES}-client"));
    let theirs = semver_checks::check_release(&["-p", &models, "-p", &client], |program| {
        program
            .arg("--manifest-path")
            .arg(&manifest)
            .arg("--baseline-root")
            .arg(scratch.join("base"))
            // Dependencies build once, in the workspace's target directory.
            .env("CARGO_TARGET_DIR", workspace.root.join("target/semver-check"))
    })?;
    let agreement = match (ours, theirs) {
        (a, b) if a == b => "agree".to_string(),
        // cargo-semver-checks reports breakage only: additions are minor for us, none for it.
        (Semver::Minor, Semver::None) => "agree (additions, which cargo-semver-checks does not report)".into(),
        (a, b) if a > b => format!("schema-diff says more ({a} against {b})"),
        (a, b) => format!("schema-diff UNDER-REPORTS ({a} against {b})"),
    };
    writeln!(out, "{base} → {head}: schema-diff {ours}, cargo-semver-checks {theirs}: {agreement}")?;
    Ok(if ours < theirs && theirs > Semver::Minor { Status::CheckFailed } else { Status::Done })
}

/// The scratch crates' names, `{CRATES}-models` and `{CRATES}-client`, as the published
/// ones, so cargo-semver-checks pairs them.
const CRATES: &str = "elevenlabs-user";

/// One side's crates.
fn write_crates(dir: &Path, generated: &Generated, dependencies: &Dependencies) -> Result<()> {
    let document = GeneratedDocument {
        name: CRATES.into(),
        models: generated.models.clone(),
        client: generated.client.clone(),
        example: None,
        type_examples: Vec::new(),
    };
    write_workspace(dir, &[document], dependencies, false)
        .with_context(|| format!("{}: cannot write", dir.display()))?;
    Ok(())
}
