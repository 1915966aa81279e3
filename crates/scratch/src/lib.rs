//! Generated sources as Cargo crates on disk: the one way this workspace builds the code
//! codegen generates outside the published crates. Codegen's construct cases, the compile
//! property over the test grammar, every upstream document, and `cargo xtask semver-check`
//! all write their crates here and build them with [`build_and_run`].
//!
//! The crates use the dependency versions of the workspace they are built for
//! ([`Dependencies::of_workspace`]), so what compiles here is what the published crates
//! compile against. Their programs also depend on the workspace's `workspace-hack`, which
//! gives every dependency the features of the workspace's own build: built in the
//! workspace's target directory ([`workspace_target_dir`]), they reuse that build instead
//! of compiling serde, reqwest and tokio a second time.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The client settings type of every scratch client: `()`, which
/// `progenitor_client::ClientHooks` implements by default, so nothing of the real client
/// crate is needed. Give it as codegen's `client_settings_type`.
pub const CLIENT_SETTINGS_TYPE: &str = "()";

/// The dependencies generated code needs, as the workspace it is built for declares them.
#[derive(Debug, Clone)]
pub struct Dependencies {
    /// `[workspace.dependencies]` lines of serde, serde_json, schemars, reqwest and
    /// progenitor-client.
    lines: String,
    /// The workspace's `Cargo.lock`, so the same versions are resolved.
    lock: String,
}

/// The workspace's crate that pins its dependencies' features (`crates/workspace-hack`).
const WORKSPACE_HACK: &str = "workspace-hack";

/// What generated code depends on, by the names the workspace manifest gives them.
const GENERATED_CODE_NEEDS: [&str; 5] = ["serde", "serde_json", "schemars", "reqwest", "progenitor-client"];

impl Dependencies {
    /// Read from the workspace at `root`: its `Cargo.toml` and `Cargo.lock`.
    pub fn of_workspace(root: &Path) -> io::Result<Self> {
        let manifest = std::fs::read_to_string(root.join("Cargo.toml"))?;
        let mut lines: String = manifest
            .lines()
            .filter(|line| GENERATED_CODE_NEEDS.iter().any(|name| line.starts_with(&format!("{name} "))))
            .map(|line| format!("{line}\n"))
            .collect();
        let hack = root.join("crates").join(WORKSPACE_HACK);
        let _ = writeln!(lines, "{WORKSPACE_HACK} = {{ path = {:?} }}", hack.display().to_string());
        Ok(Self { lines, lock: std::fs::read_to_string(root.join("Cargo.lock"))? })
    }
}

/// The crates generated from one document.
#[derive(Debug, Clone)]
pub struct GeneratedDocument {
    /// A crate-safe name: the crates are `<name>-models` and `<name>-client`.
    pub name: String,
    pub models: String,
    pub client: String,
    /// A payload of the document's `UserResponseModel`, to round-trip, when it has one.
    pub example: Option<serde_json::Value>,
    /// The document's examples of other types, by Rust type name, each to decode and
    /// decode again once written back. A document's example may break its own schema, so
    /// each prints its outcome (`<name> <type>: example decodes`, or `… FAILED …`) for the
    /// caller to judge, and none fails the program.
    pub type_examples: Vec<(String, serde_json::Value)>,
}

/// A crate-safe name for a file name: `docs_2025-06-04.json` is `docs_2025_06_04`.
pub fn crate_name(file_name: &str) -> String {
    let stem = file_name.trim_end_matches(".json");
    stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect()
}

/// Writes a workspace under `dir` holding each document's models and client crates, and,
/// with `runner`, a program `roundtrip` that round-trips each document's example through
/// its models. Only files whose contents change are written, so builds stay incremental.
/// Returns the workspace manifest's path.
pub fn write_workspace(
    dir: &Path,
    documents: &[GeneratedDocument],
    dependencies: &Dependencies,
    runner: bool,
) -> io::Result<PathBuf> {
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let mut members = Vec::new();
    let mut runner_dependencies = String::new();
    let mut checks = String::new();
    for document in documents {
        let models = format!("{}-models", document.name);
        let client = format!("{}-client", document.name);
        members.push(models.clone());
        members.push(client.clone());
        files.push((
            dir.join(&models).join("Cargo.toml"),
            manifest(&models, &["serde", "serde_json", "schemars"], MODELS_FEATURES),
        ));
        files.push((dir.join(&models).join("src/lib.rs"), format!("{CRATE_ROOT}{MODELS_LIB_RS}")));
        files.push((dir.join(&models).join("src/generated.rs"), document.models.clone()));
        let models_dependency =
            format!("elevenlabs-user-models = {{ package = \"{models}\", path = \"../{models}\" }}\n");
        files.push((
            dir.join(&client).join("Cargo.toml"),
            manifest(&client, &["serde", "serde_json", "reqwest", "progenitor-client"], &models_dependency),
        ));
        files.push((dir.join(&client).join("src/lib.rs"), format!("{CRATE_ROOT}{CLIENT_LIB_RS}")));
        files.push((dir.join(&client).join("src/generated.rs"), document.client.clone()));
        // The runner names the clients too, though it calls none of them: `cargo run -p
        // roundtrip` builds only what the runner depends on, and a client that did not
        // compile would pass unseen. One resolution for all keeps each crate built once.
        let _ = writeln!(runner_dependencies, "{models} = {{ path = \"../{models}\" }}");
        let _ = writeln!(runner_dependencies, "{client} = {{ path = \"../{client}\" }}");
        let models_crate = models.replace('-', "_");
        // Each example is a file the runner includes, at `examples/<stem>.json`.
        let mut example_file = |stem: String, example: &serde_json::Value| {
            let file = format!("examples/{stem}.json");
            files.push((dir.join("roundtrip").join(&file), example.to_string()));
            file
        };
        match &document.example {
            Some(example) => {
                let file = example_file(document.name.clone(), example);
                let _ = writeln!(
                    checks,
                    "    failures += check::<{models_crate}::UserResponseModel>(\"{}\", include_str!(\"../{file}\"));",
                    document.name
                );
            }
            None => {
                let _ = writeln!(checks, "    println!(\"{}: no example in the document\");", document.name);
            }
        }
        for (index, (type_name, example)) in document.type_examples.iter().enumerate() {
            let file = example_file(format!("{}_{index}", document.name), example);
            let _ = writeln!(
                checks,
                "    decodes::<{models_crate}::{type_name}>(\"{} {type_name}\", include_str!(\"../{file}\"));",
                document.name
            );
        }
    }
    if runner {
        members.push("roundtrip".into());
        files.push((
            dir.join("roundtrip/Cargo.toml"),
            manifest(&runner_name(dir), &["serde", "serde_json", WORKSPACE_HACK], &runner_dependencies),
        ));
        files.push((dir.join("roundtrip/src/main.rs"), RUNNER_RS.replace("    // CHECKS\n", &checks)));
    }
    let members: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
    files.push((dir.join("Cargo.toml"), workspace_manifest(&members.join(", "), dependencies)));
    write_changed(dir, &files, dependencies)?;
    Ok(dir.join("Cargo.toml"))
}

/// One case generated into a module pair of the one-crate scratch workspace.
#[derive(Debug, Clone)]
pub struct ScratchCase {
    /// The modules' prefix, an identifier: `case_7`, `keywords`.
    pub module: String,
    pub models: String,
    pub client: String,
    /// Payloads of the case's `Root` schema, each to round-trip.
    pub payloads: Vec<serde_json::Value>,
}

/// The module of a case's models, which its client must name as its models path (codegen's
/// `models_path`).
pub fn case_models_path(module: &str) -> String {
    format!("crate::{module}_models")
}

/// Writes one crate, `roundtrip`, holding every case as a module pair (models, client)
/// under `#![deny(warnings)]`, and a program that round-trips each case's payloads
/// through its `Root`: one build serves hundreds of cases. Returns the manifest's path.
pub fn write_cases_crate(dir: &Path, cases: &[ScratchCase], dependencies: &Dependencies) -> io::Result<PathBuf> {
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let mut main = format!("{CRATE_ROOT}\n");
    let mut checks = String::new();
    for case in cases {
        let module = &case.module;
        files.push((dir.join(format!("roundtrip/src/{module}_models.rs")), case.models.clone()));
        files.push((dir.join(format!("roundtrip/src/{module}_client.rs")), case.client.clone()));
        let _ = writeln!(main, "pub mod {module}_models;\npub mod {module}_client;");
        let _ = writeln!(main, "impl progenitor_client::ClientHooks<()> for {module}_client::Client {{}}");
        for (index, payload) in case.payloads.iter().enumerate() {
            let file = format!("payloads/{module}_{index}.json");
            files.push((dir.join("roundtrip").join(&file), payload.to_string()));
            let _ = writeln!(
                checks,
                "    failures += check::<{module}_models::Root>(\"{module} payload {index}\", include_str!(\"../{file}\"));"
            );
        }
    }
    main.push_str(&RUNNER_RS.replace("#![deny(warnings)]\n", "").replace("    // CHECKS\n", &checks));
    files.push((dir.join("roundtrip/src/main.rs"), main));
    let needs: Vec<&str> = GENERATED_CODE_NEEDS.iter().copied().chain([WORKSPACE_HACK]).collect();
    files.push((dir.join("roundtrip/Cargo.toml"), manifest(&runner_name(dir), &needs, MODELS_FEATURES)));
    files.push((dir.join("Cargo.toml"), workspace_manifest("\"roundtrip\"", dependencies)));
    // Cases of an earlier, larger run would still be compiled: start from empty folders.
    for folder in ["roundtrip/src", "roundtrip/payloads"] {
        let _ = std::fs::remove_dir_all(dir.join(folder));
    }
    write_changed(dir, &files, dependencies)?;
    Ok(dir.join("Cargo.toml"))
}

/// The target directory of the workspace build that an integration test belongs to, from
/// the `CARGO_TARGET_TMPDIR` cargo gives it (`<target>/tmp`). Scratch builds there reuse
/// that build's dependencies; cargo holds no lock on it while tests run.
pub fn workspace_target_dir(cargo_target_tmpdir: &str) -> PathBuf {
    let tmp = Path::new(cargo_target_tmpdir);
    tmp.parent().unwrap_or(tmp).to_path_buf()
}

/// The package name of the round-trip program of the scratch workspace at `dir`, its own
/// in every workspace: the scratch workspaces share one target directory, where each
/// program is copied to `debug/<package name>`, and under one name a run started another
/// workspace's program (seen: the grammar's run printed the construct cases' results).
fn runner_name(dir: &Path) -> String {
    // FNV-1a: stable across runs and toolchains, as a target directory needs.
    let hash = dir
        .to_string_lossy()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3));
    let folder = dir.file_name().map(|name| crate_name(&name.to_string_lossy())).unwrap_or_default();
    format!("roundtrip-{folder}-{:08x}", hash as u32)
}

/// Builds every crate of the workspace at `manifest` and runs its round-trip program;
/// returns what the program printed, or the compiler's and the program's output as the
/// error.
pub fn build_and_run(manifest: &Path, target_dir: &Path) -> Result<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["run", "--quiet", "--offline", "--manifest-path"])
        .arg(manifest.with_file_name("roundtrip").join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target_dir)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if output.status.success() {
        Ok(stdout)
    } else {
        Err(format!("{stdout}\n{stderr}"))
    }
}

/// Writes each file whose contents differ, and the lock file when there is none yet.
fn write_changed(dir: &Path, files: &[(PathBuf, String)], dependencies: &Dependencies) -> io::Result<()> {
    let lock = dir.join("Cargo.lock");
    let lock = (!lock.exists()).then(|| (lock, dependencies.lock.clone()));
    for (path, contents) in files.iter().chain(lock.as_ref().map(|(p, c)| (p.clone(), c.clone())).iter()) {
        if std::fs::read_to_string(path).ok().as_deref() != Some(contents.as_str()) {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, contents)?;
        }
    }
    Ok(())
}

fn workspace_manifest(members: &str, dependencies: &Dependencies) -> String {
    format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{members}]\n\n{SCRATCH_PROFILE}\n[workspace.dependencies]\n{}",
        dependencies.lines
    )
}

/// Scratch builds compile megabytes of generated code once, to prove that it compiles and
/// round-trips: debug info and incremental state would cost more than they ever give back.
/// Without debug info, dependencies build as the workspace's `[profile.dev.package."*"]`
/// builds them, so the two builds share them.
const SCRATCH_PROFILE: &str = "[profile.dev]\ndebug = 0\nincremental = false\n";

fn manifest(name: &str, dependencies: &[&str], extra: &str) -> String {
    let mut text = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n"
    );
    for dependency in dependencies {
        let optional = if *dependency == "schemars" { ", optional = true" } else { "" };
        let _ = writeln!(text, "{dependency} = {{ workspace = true{optional} }}");
    }
    text.push_str(extra);
    text
}

/// The generated models put `JsonSchema` behind this feature, on by default.
const MODELS_FEATURES: &str = "\n[features]\ndefault = [\"schemars\"]\nschemars = [\"dep:schemars\"]\n";

/// How every crate root here begins: warnings are errors, but for the lints a crate
/// holding generated code allows at its root, and with the recursion limit it sets
/// (codegen's `CRATE_ROOT_ALLOWS` and `CRATE_ROOT_RECURSION_LIMIT`, which `tests/it`
/// holds this to), as the published crates' `lib.rs` do.
pub const CRATE_ROOT: &str = "#![deny(warnings)]\n#![allow(uncommon_codepoints, confusable_idents, mixed_script_confusables)]\n#![recursion_limit = \"1024\"]\n";

const MODELS_LIB_RS: &str = "\nmod generated;\n\npub use generated::*;\n";

/// A generated client expects its crate to implement `ClientHooks` for its settings type,
/// [`CLIENT_SETTINGS_TYPE`] here.
const CLIENT_LIB_RS: &str =
    "\nmod generated;\n\npub use generated::*;\n\nimpl progenitor_client::ClientHooks<()> for Client {}\n";

const RUNNER_RS: &str = r#"#![deny(warnings)]

fn check<T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug>(name: &str, example: &str) -> usize {
    let value: serde_json::Value = serde_json::from_str(example).expect("examples are JSON");
    let model: T = match serde_json::from_value(value.clone()) {
        Ok(model) => model,
        Err(e) => {
            println!("{name}: FAILED to deserialize: {e}");
            return 1;
        }
    };
    // What the value decoded as, for the cases that say which union member holds it.
    println!("{name} decoded: {model:?}");
    let back = serde_json::to_value(&model).expect("models serialize");
    if back == value {
        println!("{name}: round trip ok");
        0
    } else {
        println!("{name}: FAILED round trip\n  before: {value}\n  after:  {back}");
        1
    }
}

#[allow(dead_code)]
fn decodes<T: serde::de::DeserializeOwned + serde::Serialize>(name: &str, example: &str) {
    let value: serde_json::Value = serde_json::from_str(example).expect("examples are JSON");
    match serde_json::from_value::<T>(value) {
        Ok(model) => match serde_json::to_value(&model).map(serde_json::from_value::<T>) {
            Ok(Ok(_)) => println!("{name}: example decodes"),
            _ => println!("{name}: example decodes, then FAILED to decode as written back"),
        },
        Err(e) => println!("{name}: example FAILED to decode: {e}"),
    }
}

fn main() {
    let mut failures = 0;
    // CHECKS
    std::process::exit(if failures == 0 { 0 } else { 1 });
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn dependencies() -> Dependencies {
        Dependencies { lines: "serde = { version = \"1\" }\nschemars = \"1\"\n".into(), lock: "# lock\n".into() }
    }

    #[test]
    fn a_workspace_names_its_crates_after_the_document_and_keeps_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let document = GeneratedDocument {
            name: crate_name("docs_2025-06-04.json"),
            models: "// models\n".into(),
            client: "// client\n".into(),
            example: Some(serde_json::json!({"a": 1})),
            type_examples: vec![("Price".into(), serde_json::json!({"amount": "1"}))],
        };
        let manifest = write_workspace(dir.path(), &[document], &dependencies(), true).unwrap();
        let root = std::fs::read_to_string(&manifest).unwrap();
        assert!(
            root.contains("members = [\"docs_2025_06_04-models\", \"docs_2025_06_04-client\", \"roundtrip\"]"),
            "{root}"
        );
        assert!(root.contains("schemars = \"1\""), "{root}");
        let client = std::fs::read_to_string(dir.path().join("docs_2025_06_04-client/Cargo.toml")).unwrap();
        assert!(client.contains("elevenlabs-user-models = { package = \"docs_2025_06_04-models\""), "{client}");
        let models = std::fs::read_to_string(dir.path().join("docs_2025_06_04-models/Cargo.toml")).unwrap();
        assert!(models.contains("schemars = { workspace = true, optional = true }"), "{models}");
        assert_eq!(std::fs::read_to_string(dir.path().join("Cargo.lock")).unwrap(), "# lock\n");
        let runner_manifest = std::fs::read_to_string(dir.path().join("roundtrip/Cargo.toml")).unwrap();
        assert!(
            runner_manifest.contains("docs_2025_06_04-client = { path"),
            "the runner builds the client: {runner_manifest}"
        );
        assert!(
            runner_manifest.contains("workspace-hack = { workspace = true }"),
            "the runner takes the workspace's dependency features: {runner_manifest}"
        );
        let runner = std::fs::read_to_string(dir.path().join("roundtrip/src/main.rs")).unwrap();
        assert!(runner.contains("check::<docs_2025_06_04_models::UserResponseModel>"), "{runner}");
        assert!(runner.contains("decodes::<docs_2025_06_04_models::Price>(\"docs_2025_06_04 Price\""), "{runner}");
    }

    #[test]
    fn each_scratch_workspace_names_its_program_apart() {
        let (a, b) = (runner_name(Path::new("/x/target/grammar")), runner_name(Path::new("/y/target/grammar")));
        assert!(a.starts_with("roundtrip-grammar-") && b.starts_with("roundtrip-grammar-"), "{a} {b}");
        assert_ne!(a, b);
        assert_eq!(a, runner_name(Path::new("/x/target/grammar")), "stable");
    }

    #[test]
    fn the_workspace_target_directory_holds_the_tests_tmp_directory() {
        assert_eq!(workspace_target_dir("/repo/target/tmp"), Path::new("/repo/target"));
    }

    #[test]
    fn unchanged_files_are_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let case =
            ScratchCase { module: "keywords".into(), models: "//\n".into(), client: "//\n".into(), payloads: vec![] };
        write_cases_crate(dir.path(), std::slice::from_ref(&case), &dependencies()).unwrap();
        let lock = dir.path().join("Cargo.lock");
        std::fs::write(&lock, "# resolved since\n").unwrap();
        write_cases_crate(dir.path(), &[case], &dependencies()).unwrap();
        assert_eq!(std::fs::read_to_string(&lock).unwrap(), "# resolved since\n", "a lock already there is kept");
        assert_eq!(case_models_path("keywords"), "crate::keywords_models");
    }
}
