//! `cargo xtask fuzz <target>`: one cargo-fuzz (libFuzzer) target from `tests/fuzz`, on
//! the nightly toolchain, seeded from `tests/data`. The checks themselves live in
//! `elevenlabs_user_tests::fuzz`, which `cargo test` also runs over every seed and every
//! kept crash on stable.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::process::Program;
use crate::{Status, Workspace};

/// The fuzz targets, as `tests/fuzz/fuzz_targets/<name>.rs` holds them.
pub const TARGETS: &[&str] = &["load", "prepare", "diff", "codegen", "client_response"];

/// The folder of the cargo-fuzz crate, relative to the workspace root.
pub const FUZZ_DIR: &str = "tests/fuzz";

/// Inputs that once failed a target, replayed by `cargo test`: `<FUZZ_DIR>/regressions/<target>/`.
pub fn regressions_dir(root: &Path, target: &str) -> PathBuf {
    root.join(FUZZ_DIR).join("regressions").join(target)
}

/// The seed inputs of `target`, made from the real documents in `tests/data` and
/// `openapi/`, by name. Each target reads its input in its own shape (see
/// `elevenlabs_user_tests::fuzz`), and its seeds have that shape.
pub fn seeds(root: &Path, target: &str) -> Result<Vec<(String, Vec<u8>)>> {
    let history = root.join("tests/data/spec-history");
    let mut documents: Vec<PathBuf> = std::fs::read_dir(&history)
        .with_context(|| format!("{}: cannot read", history.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    documents.sort();
    documents.push(root.join("openapi/v1-user.json"));
    let read = |path: &Path| std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()));
    let name = |path: &Path| path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let joined = |parts: &[&[u8]]| parts.join(&0u8);
    let mut seeds = Vec::new();
    match target {
        "load" => {
            for path in &documents {
                seeds.push((name(path), read(path)?));
            }
            seeds.push(("yaml".into(), b"openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n".to_vec()));
        }
        "prepare" => {
            let overrides = read(&root.join("openapi/overrides.json"))?;
            for path in &documents {
                seeds.push((name(path), joined(&[&read(path)?, &overrides])));
            }
        }
        "diff" => {
            for pair in documents.windows(2) {
                seeds.push((
                    format!("{}+{}", name(&pair[0]), name(&pair[1])),
                    joined(&[&read(&pair[0])?, &read(&pair[1])?]),
                ));
            }
            // What the API sends, which ElevenLabs' documents have none of: a webhook, and
            // callbacks inline and through a `$ref`.
            let sent = |event: &str| {
                format!(
                    r##"{{"openapi": "3.1.0", "info": {{"title": "t", "version": "1"}},
  "webhooks": {{"event": {{"post": {{"requestBody": {{"content": {{"application/json": {{"schema": {{"type": "{event}"}}}}}}}}, "responses": {{"200": {{"description": "ok"}}}}}}}}}},
  "paths": {{"/subscribe": {{"post": {{"responses": {{"201": {{"description": "ok"}}}}, "callbacks": {{
    "inline": {{"{{$request.body#/url}}": {{"post": {{"requestBody": {{"content": {{"application/json": {{"schema": {{"type": "{event}"}}}}}}}}, "responses": {{}}}}}}}},
    "shared": {{"$ref": "#/components/callbacks/Shared"}}}}}}}}}},
  "components": {{"callbacks": {{"Shared": {{"{{$url}}": {{"delete": {{"responses": {{}}}}}}}}}}}}}}"##
                )
            };
            seeds.push((
                "webhooks-and-callbacks".into(),
                joined(&[sent("string").as_bytes(), sent("integer").as_bytes()]),
            ));
        }
        "codegen" => {
            for path in &documents {
                seeds.push((name(path), [&[0u8][..], &read(path)?].concat()));
            }
            for seed in 1u8..=16 {
                let grammar: Vec<u8> = (0..256u32).map(|i| (i as u8).wrapping_mul(seed).wrapping_add(seed)).collect();
                seeds.push((format!("grammar-{seed}"), grammar));
            }
        }
        "client_response" => {
            let example = read(&root.join("crates/models/data/example-account.json"))?;
            let key_body = br#"{"detail": {"status": "bad", "message": "m"}, "xi_api_key": "sk_body_secret_91c2"}"#;
            // The input's first bytes draw the status (see `client_response`); the body follows.
            for (name, lead, body) in [
                ("example-account", [0u8, 0], example.as_slice()),
                ("error-with-key", [0, 201], key_body.as_slice()),
                ("rate-limit-with-key", [0, 229], key_body.as_slice()),
                ("not-json", [1, 44], b"not json".as_slice()),
            ] {
                seeds.push((name.to_string(), [&lead[..], body].concat()));
            }
        }
        other => bail!("unknown fuzz target {other:?}; the targets are {}", TARGETS.join(", ")),
    }
    Ok(seeds)
}

/// Runs `target` for `seconds` with libFuzzer, from a corpus seeded afresh from
/// `tests/data` under `target/fuzz/`. A crash is written under `target/fuzz/artifacts/`
/// and reported with how to keep it as a regression test.
pub fn fuzz(workspace: &Workspace, target: &str, seconds: u64, out: &mut dyn Write) -> Result<Status> {
    let root = &workspace.root;
    let seeds = seeds(root, target)?;
    let corpus = root.join("target/fuzz/corpus").join(target);
    let artifacts = root.join("target/fuzz/artifacts").join(target);
    for dir in [&corpus, &artifacts] {
        std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    }
    for (name, bytes) in &seeds {
        let path = corpus.join(format!("seed-{}", name.replace(['/', '\\'], "_")));
        std::fs::write(&path, bytes).with_context(|| format!("{}: cannot write", path.display()))?;
    }
    let toolchains = Program::new("rustup").args(["toolchain", "list"]).text();
    if !toolchains.is_ok_and(|list| list.contains("nightly")) {
        bail!("fuzzing needs a nightly toolchain: `rustup toolchain install nightly`");
    }
    if Program::new("cargo").args(["+nightly", "fuzz", "--version"]).stdout().is_err() {
        bail!("fuzzing needs cargo-fuzz: `cargo install cargo-fuzz --locked`");
    }
    writeln!(out, "fuzzing {target} for {seconds} s from {} seeds", seeds.len())?;
    let artifact_prefix = format!("-artifact_prefix={}/", artifacts.display());
    let output = Program::new("cargo")
        .args(["+nightly", "fuzz", "run", "--fuzz-dir", FUZZ_DIR, "--sanitizer", "none", target])
        .arg(&corpus)
        .args(["--", &format!("-max_total_time={seconds}"), "-max_len=1048576", "-timeout=60", &artifact_prefix])
        .current_dir(root)
        .output()?;
    let log = String::from_utf8_lossy(&output.stderr);
    // libFuzzer closes with "Done N runs in S second(s)".
    if let Some(done) = log.lines().rev().find(|line| line.starts_with("Done ")) {
        writeln!(out, "{target}: {done}")?;
    }
    if output.status.success() {
        return Ok(Status::Done);
    }
    let tail: Vec<&str> = log.lines().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect();
    writeln!(out, "{}", tail.join("\n"))?;
    writeln!(
        out,
        "{target} failed; its input is in {}: copy it into {} so that `cargo test` replays it, then fix the cause",
        artifacts.display(),
        regressions_dir(root, target).display()
    )?;
    Ok(Status::CheckFailed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A seed the target cannot read would fuzz nothing of what it was written for.
    #[test]
    fn the_seed_of_what_the_api_sends_reads_and_differs_where_it_says() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace");
        let seeds = seeds(root, "diff").unwrap();
        let (_, bytes) = seeds.iter().find(|(name, _)| name == "webhooks-and-callbacks").expect("the seed");
        let mut parts = bytes.split(|b| *b == 0);
        let (base, head) = (parts.next().unwrap(), parts.next().unwrap());
        let (base, head) = (elevenlabs_spec::parse_bytes(base).unwrap(), elevenlabs_spec::parse_bytes(head).unwrap());
        let changes = elevenlabs_schema_diff::diff_documents(&base.value, &head.value).unwrap();
        let operations: Vec<String> = changes.iter().map(|c| c.operation.to_string()).collect();
        assert_eq!(
            operations,
            ["POST callback:/paths/~1subscribe/post/callbacks/inline/{$request.body#~1url}", "POST webhook:event"]
        );
    }
}
