//! `cargo xtask` builds each of its dependencies with the features `cargo test --workspace`
//! gives it, so that neither command rebuilds what the other built.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// Each package a command builds, with its features: `serde_json v1.0.154 alloc,std`.
fn built(selection: &[&str]) -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let output = Command::new(env!("CARGO"))
        .args(["tree", "--locked", "--prefix", "none", "--format", "{p} {f}"])
        .args(selection)
        .current_dir(root)
        .output()
        .expect("cargo tree runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout)
        .expect("cargo tree prints UTF-8")
        .lines()
        .map(|line| line.trim_end_matches(" (*)").trim_end().to_string())
        .collect()
}

#[test]
fn cargo_xtask_builds_every_dependency_as_the_workspace_build_does() {
    // `cargo run -p xtask` resolves features for xtask alone, without dev-dependencies;
    // `cargo test --workspace` for every member, with them.
    let xtask = built(&["--package", "xtask", "--edges", "normal,build"]);
    let workspace = built(&["--workspace"]);
    let differing: Vec<String> = xtask
        .difference(&workspace)
        .map(|line| {
            // `serde_json v1.0.154`: the package, to show the workspace's features beside.
            let package: String = line.split(' ').take(2).collect::<Vec<_>>().join(" ");
            let theirs: Vec<&str> =
                workspace.iter().filter(|w| w.starts_with(&format!("{package} "))).map(String::as_str).collect();
            format!("  xtask: {line}\n  workspace: {}", theirs.join(" | "))
        })
        .collect();
    assert!(
        differing.is_empty(),
        "`cargo xtask` would build these with other features than `cargo test --workspace`, \
         and so build them, and everything above them, twice; add the workspace's features \
         to crates/workspace-hack/Cargo.toml:\n{}",
        differing.join("\n")
    );
}
