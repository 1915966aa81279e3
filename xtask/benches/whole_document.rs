//! The commands a maintainer runs after vendoring a whole upstream document, timed as
//! users run them: the dev-profile `xtask` binary, as a process, over a workspace that
//! still holds the one-operation crates. Goal: each under 60 s. An in-process release
//! figure would not see this path (it is where a 17-minute diff once hid).
//!
//! Each run takes tens of seconds, so run it with `--quick` (one measured run each):
//! `cargo bench -p xtask --bench whole_document -- --quick`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode};
use xtask::LAYOUT;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Builds the dev-profile binary that `cargo xtask` runs, and returns its path.
fn dev_xtask() -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--quiet", "--package", "xtask"])
        .current_dir(workspace_root())
        .status()
        .expect("cargo runs");
    assert!(status.success(), "the dev-profile xtask builds");
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace_root().join("target"), PathBuf::from);
    target.join("debug").join(format!("xtask{}", std::env::consts::EXE_SUFFIX))
}

/// Runs the binary over `workspace` and returns its exit code.
fn xtask(binary: &Path, workspace: &Path, args: &[&str]) -> i32 {
    let output = Command::new(binary)
        .args(args)
        .env(xtask::WORKSPACE_VARIABLE, workspace)
        .output()
        .expect("the xtask binary runs");
    if !matches!(output.status.code(), Some(0 | 1)) {
        panic!("xtask {}: {}", args.join(" "), String::from_utf8_lossy(&output.stderr));
    }
    output.status.code().unwrap_or(-1)
}

fn whole_document_commands(c: &mut Criterion) {
    let binary = dev_xtask();
    let root = workspace_root();
    let upstream = root.join("tests/data/upstream");
    let (older, newer) = (
        upstream.join("elevenlabs-openapi-2026-04-25.json").display().to_string(),
        upstream.join("elevenlabs-openapi-2026-08-22.json").display().to_string(),
    );
    // A scratch copy of the pipeline's files, then every operation of the newer document
    // vendored into it: the crates on disk are still the one-operation ones.
    let scratch = tempfile::tempdir().expect("a temporary directory");
    for file in LAYOUT.pipeline_files() {
        let target = scratch.path().join(file);
        std::fs::create_dir_all(target.parent().expect("a parent")).expect("a directory");
        std::fs::copy(root.join(file), &target).expect("the pipeline files are in the workspace");
    }
    let workspace = scratch.path();
    xtask(&binary, workspace, &["vendor", "--from", &newer, "--all-operations"]);
    let restore_one_operation_crates = || {
        for file in [LAYOUT.models_source, LAYOUT.client_source] {
            std::fs::copy(root.join(file), workspace.join(file)).expect("the committed crates copy");
        }
    };
    restore_one_operation_crates();

    let mut group = c.benchmark_group("dev-profile xtask, whole 2026-08-22 document");
    group.sampling_mode(SamplingMode::Flat).sample_size(10).warm_up_time(Duration::from_millis(1));
    group.measurement_time(Duration::from_secs(60));
    group.bench_function("codegen --check over the one-operation crates", |b| {
        b.iter(|| assert_eq!(xtask(&binary, workspace, &["codegen", "--check"]), 1))
    });
    group.bench_function("codegen over the one-operation crates", |b| {
        b.iter_batched(
            restore_one_operation_crates,
            |()| assert_eq!(xtask(&binary, workspace, &["codegen"]), 0),
            BatchSize::PerIteration,
        )
    });
    // Baseline: the same generation with nothing to diff or write.
    group.bench_function("baseline: codegen --check, up to date", |b| {
        b.iter(|| assert_eq!(xtask(&binary, workspace, &["codegen", "--check"]), 0))
    });
    group.bench_function("schema-diff 2026-04-25 → 2026-08-22, markdown", |b| {
        b.iter(|| assert_eq!(xtask(&binary, workspace, &["schema-diff", &older, &newer, "--format", "markdown"]), 0))
    });
    group.finish();
}

criterion_group!(benches, whole_document_commands);
criterion_main!(benches);
