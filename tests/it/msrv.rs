//! The published crates declare the lowest `rust-version` their dependencies allow: the
//! highest one among the crates they build with, read from `Cargo.lock`'s resolution. A
//! dependency that raises it fails here, as does a claim higher than any needs. clippy's
//! `incompatible_msrv` holds the crates' own code to it.

use std::collections::{BTreeMap, BTreeSet};

use elevenlabs_user_tests::workspace_root;
use serde_json::Value;

/// `1.88`, `1.88.0` → (1, 88, 0).
fn version(text: &str) -> (u64, u64, u64) {
    let mut parts = text.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

#[test]
fn each_published_crate_declares_the_highest_rust_version_of_what_it_builds_with() {
    let output = std::process::Command::new(env!("CARGO"))
        // Every platform's dependencies: the crates promise the version on all of them.
        // Not `--offline`: a fresh machine has fetched its own platform's crates only, and
        // the others' manifests come from the registry.
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(workspace_root())
        .output()
        .expect("cargo metadata runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let metadata: Value = serde_json::from_slice(&output.stdout).unwrap();
    let packages: BTreeMap<&str, &Value> =
        metadata["packages"].as_array().unwrap().iter().map(|p| (p["id"].as_str().unwrap(), p)).collect();
    let nodes: BTreeMap<&str, &Value> =
        metadata["resolve"]["nodes"].as_array().unwrap().iter().map(|n| (n["id"].as_str().unwrap(), n)).collect();
    for name in ["elevenlabs-user-models", "elevenlabs-user-client"] {
        let (id, package) = packages.iter().find(|(_, p)| p["name"] == name).expect("a published crate");
        // Normal (not dev) dependencies, transitively; build scripts' too, as they build.
        let mut seen = BTreeSet::new();
        let mut queue = vec![*id];
        while let Some(at) = queue.pop() {
            for dep in nodes[at]["deps"].as_array().unwrap() {
                let normal = dep["dep_kinds"].as_array().unwrap().iter().any(|k| k["kind"] != "dev");
                let pkg = dep["pkg"].as_str().unwrap();
                if normal && seen.insert(pkg) {
                    queue.push(pkg);
                }
            }
        }
        let (needed, by) = seen
            .iter()
            .filter_map(|pkg| Some((version(packages[pkg]["rust_version"].as_str()?), packages[pkg]["name"].as_str()?)))
            .max()
            .expect("dependencies that declare a rust-version");
        let declared = version(package["rust_version"].as_str().expect("a rust-version"));
        assert_eq!(
            (declared.0, declared.1),
            (needed.0, needed.1),
            "{name} declares rust-version {declared:?}, but what it builds with needs {needed:?} ({by})"
        );
    }
}
