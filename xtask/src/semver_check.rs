//! `cargo xtask semver-check BASE HEAD`: the crates generated from each document, written
//! to a scratch workspace under `target/semver-check`, compared by `cargo semver-checks`, beside `schema-diff`'s own
//! verdict, so the two can be checked against each other.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};
use elevenlabs_codegen::Generated;
use elevenlabs_schema_diff::{compare, Named, Semver};

use crate::source::{DownloadLimits, Source};
use crate::{read_overrides, Status, Workspace};

/// The generated files' lib.rs, as in the real crates, without the hand-written layer.
const MODELS_LIB: &str = "mod generated;\n\npub use generated::*;\n";
const CLIENT_LIB: &str =
    "mod generated;\n\npub use generated::*;\n\nimpl progenitor_client::ClientHooks<()> for Client {}\n";

pub fn semver_check(workspace: &Workspace, base: &Source, head: &Source, out: &mut dyn Write) -> Result<Status> {
    require_semver_checks()?;
    let limits = DownloadLimits::default();
    let (base_document, head_document) = (base.load(workspace, &limits)?, head.load(workspace, &limits)?);
    let options = elevenlabs_schema_diff::Options {
        overrides: read_overrides(workspace)?,
        operations: crate::generated_operations(workspace)?,
        codegen: elevenlabs_codegen::Options { client_settings_type: "()".into(), ..crate::codegen_options() },
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
    write_crates(workspace, &scratch.join("base"), before)?;
    write_crates(workspace, &scratch.join("head"), after)?;
    let theirs = run_semver_checks(workspace, &scratch)?;
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

/// Writes a workspace of the two generated crates under `dir`.
fn write_crates(workspace: &Workspace, dir: &Path, generated: &Generated) -> Result<()> {
    let manifest = std::fs::read_to_string(workspace.root.join("Cargo.toml")).context("cannot read Cargo.toml")?;
    let dependency = |name: &str| {
        manifest.lines().find(|line| line.starts_with(&format!("{name} "))).map(String::from).unwrap_or_default()
    };
    let package = |name: &str, dependencies: &str| {
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n{dependencies}"
        )
    };
    let models_dependencies = format!(
        "{}\n{}\n{}\n\n[features]\ndefault = [\"schemars\"]\nschemars = [\"dep:schemars\"]\n",
        dependency("serde"),
        dependency("serde_json"),
        optional(&dependency("schemars"))
    );
    let client_dependencies = format!(
        "{}\n{}\n{}\n{}\nelevenlabs-user-models = {{ path = \"../models\" }}\n",
        dependency("serde"),
        dependency("serde_json"),
        dependency("reqwest"),
        dependency("progenitor-client")
    );
    let files = [
        ("Cargo.toml", "[workspace]\nresolver = \"2\"\nmembers = [\"models\", \"client\"]\n".to_string()),
        ("models/Cargo.toml", package("elevenlabs-user-models", &models_dependencies)),
        ("models/src/lib.rs", MODELS_LIB.to_string()),
        ("models/src/generated.rs", generated.models.clone()),
        ("client/Cargo.toml", package("elevenlabs-user-client", &client_dependencies)),
        ("client/src/lib.rs", CLIENT_LIB.to_string()),
        ("client/src/generated.rs", generated.client.clone()),
    ];
    for (path, contents) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap_or(dir))?;
        std::fs::write(&path, contents).with_context(|| format!("{}: cannot write", path.display()))?;
    }
    // The workspace's lock file pins the same dependency versions on both sides.
    std::fs::copy(workspace.root.join("Cargo.lock"), dir.join("Cargo.lock")).context("cannot copy Cargo.lock")?;
    Ok(())
}

/// A dependency line (`name = "1"` or `name = { … }`) made optional.
fn optional(line: &str) -> String {
    match line.split_once(" = ") {
        Some((name, version)) if version.starts_with('"') => {
            format!("{name} = {{ version = {version}, optional = true }}")
        }
        _ => line.replacen(" }", ", optional = true }", 1),
    }
}

/// The bump cargo-semver-checks requires from `base/` to `head/`, over both crates.
fn run_semver_checks(workspace: &Workspace, scratch: &Path) -> Result<Semver> {
    let output = Command::new("cargo")
        .args(["semver-checks", "check-release", "--workspace", "--manifest-path"])
        .arg(scratch.join("head/Cargo.toml"))
        .arg("--baseline-root")
        .arg(scratch.join("base"))
        // Dependencies build once, in the workspace's target directory.
        .env("CARGO_TARGET_DIR", workspace.root.join("target/semver-check"))
        .output()
        .context("cannot run cargo semver-checks")?;
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    required_bump(&text).with_context(|| format!("cargo semver-checks gave no verdict:\n{text}"))
}

/// Reads "semver requires new major version" (or minor) from its output; "no semver
/// update required" is none.
fn required_bump(output: &str) -> Option<Semver> {
    let mut bump = None;
    for line in output.lines() {
        if line.contains("requires new major version") {
            bump = bump.max(Some(Semver::Major));
        } else if line.contains("requires new minor version") {
            bump = bump.max(Some(Semver::Minor));
        } else if line.contains("no semver update required") {
            bump = bump.max(Some(Semver::None));
        }
    }
    bump
}

/// Fails, saying how to install it, unless cargo-semver-checks is installed.
pub(crate) fn require_semver_checks() -> Result<()> {
    let version = Command::new("cargo").args(["semver-checks", "--version"]).output();
    if !version.as_ref().is_ok_and(|o| o.status.success()) {
        bail!("cargo-semver-checks is not installed; install it with `cargo install cargo-semver-checks --locked` (about 12 minutes)");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependency_lines_become_optional() {
        assert_eq!(optional(r#"schemars = "0.8.22""#), r#"schemars = { version = "0.8.22", optional = true }"#);
        assert_eq!(optional(r#"x = { version = "1" }"#), r#"x = { version = "1", optional = true }"#);
    }

    #[test]
    fn reads_the_bump_over_all_crates() {
        let output = "     Summary no semver update required\n     Summary semver requires new major version: 1 major and 0 minor checks failed\n";
        assert_eq!(required_bump(output), Some(Semver::Major));
        assert_eq!(required_bump("     Summary no semver update required\n"), Some(Semver::None));
        assert_eq!(required_bump("error: something else"), None);
    }
}
