//! `cargo xtask`, and the crates the tests generate, build each of their dependencies with
//! the features `cargo test --workspace` gives it, so that nothing is built twice.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Each package a command builds, with its features: `serde_json v1.0.154 alloc,std`.
fn built(arguments: &[&str]) -> BTreeSet<String> {
    let output = Command::new(env!("CARGO"))
        .args(["tree", "--prefix", "none", "--format", "{p} {f}"])
        .args(arguments)
        .current_dir(workspace_root())
        .output()
        .expect("cargo tree runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout)
        .expect("cargo tree prints UTF-8")
        .lines()
        .map(|line| line.trim_end_matches(" (*)").trim_end().to_string())
        .collect()
}

/// What `command` builds with other features than the workspace build does, each beside
/// the workspace's features, for the message that says what to add to the hack.
fn differing(command: &BTreeSet<String>, workspace: &BTreeSet<String>) -> Vec<String> {
    command
        .difference(workspace)
        .map(|line| {
            // `serde_json v1.0.154`: the package, to show the workspace's features beside.
            let package: String = line.split(' ').take(2).collect::<Vec<_>>().join(" ");
            let theirs: Vec<&str> =
                workspace.iter().filter(|w| w.starts_with(&format!("{package} "))).map(String::as_str).collect();
            format!("  it: {line}\n  workspace: {}", theirs.join(" | "))
        })
        .collect()
}

#[test]
fn cargo_xtask_builds_every_dependency_as_the_workspace_build_does() {
    // `cargo run -p xtask` resolves features for xtask alone, without dev-dependencies;
    // `cargo test --workspace` for every member, with them.
    let xtask = built(&["--locked", "--package", "xtask", "--edges", "normal,build"]);
    let differing = differing(&xtask, &built(&["--locked", "--workspace"]));
    assert!(
        differing.is_empty(),
        "`cargo xtask` would build these with other features than `cargo test --workspace`, \
         and so build them, and everything above them, twice; add the workspace's features \
         to crates/workspace-hack/Cargo.toml:\n{}",
        differing.join("\n")
    );
}

#[test]
fn the_generated_crates_of_the_tests_build_every_dependency_as_the_workspace_build_does() {
    // A cases crate depends on everything generated code needs, and on the hack, as every
    // scratch program does.
    let dir = tempfile::tempdir().unwrap();
    let dependencies = elevenlabs_scratch::Dependencies::of_workspace(&workspace_root()).unwrap();
    let manifest = elevenlabs_scratch::write_cases_crate(dir.path(), &[], &dependencies).unwrap();
    let manifest = manifest.display().to_string();
    // Offline: the copied lock file gains the scratch crates, and nothing else changes.
    let scratch = built(&["--offline", "--manifest-path", &manifest, "--edges", "normal,build"]);
    // The scratch crate itself is no dependency.
    let scratch = scratch.into_iter().filter(|line| !line.starts_with("roundtrip-")).collect();
    let differing = differing(&scratch, &built(&["--locked", "--workspace"]));
    assert!(
        differing.is_empty(),
        "the tests' scratch crates would build these with other features than `cargo test \
         --workspace`, and so build them, and everything above them, a second time in the \
         same target directory; add the workspace's features to \
         crates/workspace-hack/Cargo.toml:\n{}",
        differing.join("\n")
    );
}
