//! Every fuzz target's checks, on stable: over each seed `cargo xtask fuzz` starts from,
//! and over each input kept in `tests/fuzz/regressions/<target>/` because it once failed.
//! So CI replays what the fuzzer found without a nightly toolchain.

use elevenlabs_user_tests::{fuzz, workspace_root};

#[test]
fn the_fuzz_targets_are_the_same_everywhere() {
    let checks: Vec<&str> = fuzz::TARGETS.iter().map(|(name, _)| *name).collect();
    assert_eq!(checks, xtask::fuzz::TARGETS, "xtask and the checks name the same targets");
    let dir = workspace_root().join(xtask::fuzz::FUZZ_DIR).join("fuzz_targets");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.path().file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    files.sort();
    let mut sorted = checks.clone();
    sorted.sort();
    assert_eq!(files, sorted, "one file in {} per target", dir.display());
}

#[test]
fn every_seed_and_every_kept_crash_passes_its_target() {
    let root = workspace_root();
    let mut replayed = 0;
    for (target, check) in fuzz::TARGETS {
        let mut inputs = xtask::fuzz::seeds(&root, target).unwrap();
        let kept = xtask::fuzz::regressions_dir(&root, target);
        if let Ok(entries) = std::fs::read_dir(&kept) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                inputs.push((name, std::fs::read(entry.path()).unwrap()));
            }
        }
        for (name, bytes) in inputs {
            if let Err(panic) = std::panic::catch_unwind(|| check(&bytes)) {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                panic!("fuzz target {target} fails on {name}: {message}");
            }
            replayed += 1;
        }
    }
    assert!(replayed > 60, "seeds and kept inputs were replayed: {replayed}");
}
