//! A scratch Cargo workspace holding the crates generated from many spec documents, so
//! one build compiles them all and one program round-trips each document's example.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::workspace_root;

/// The crates generated from one document.
pub struct GeneratedDocument {
    /// A short crate-safe name, such as `docs_2025_06_04_05947299`.
    pub name: String,
    pub models: String,
    pub client: String,
    /// The document's own `UserResponseModel` example, when it has one.
    pub example: Option<serde_json::Value>,
}

/// Crate-safe name for a spec file name.
pub fn crate_name(file_name: &str) -> String {
    let stem = file_name.trim_end_matches(".json");
    stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect()
}

/// Writes the scratch workspace under `dir` (only files whose contents change, so
/// builds stay incremental) and returns the path of its manifest.
pub fn write_workspace(dir: &Path, documents: &[GeneratedDocument]) -> std::io::Result<PathBuf> {
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let mut members = Vec::new();
    let mut runner_deps = String::new();
    let mut runner_checks = String::new();
    for doc in documents {
        let models = format!("{}-models", doc.name);
        let client = format!("{}-client", doc.name);
        members.push(models.clone());
        members.push(client.clone());
        files.push((
            dir.join(&models).join("Cargo.toml"),
            manifest(&models, &["serde", "serde_json", "schemars"], MODELS_FEATURES),
        ));
        files.push((dir.join(&models).join("src/lib.rs"), LIB_RS.into()));
        files.push((dir.join(&models).join("src/generated.rs"), doc.models.clone()));
        let models_dep = format!("elevenlabs-user-models = {{ package = \"{models}\", path = \"../{models}\" }}\n");
        files.push((
            dir.join(&client).join("Cargo.toml"),
            manifest(&client, &["serde", "serde_json", "reqwest", "progenitor-client"], &models_dep),
        ));
        files.push((dir.join(&client).join("src/lib.rs"), CLIENT_LIB_RS.into()));
        files.push((dir.join(&client).join("src/generated.rs"), doc.client.clone()));
        let _ = writeln!(runner_deps, "{models} = {{ path = \"../{models}\" }}");
        match &doc.example {
            Some(example) => {
                let example_file = format!("examples/{}.json", doc.name);
                files.push((dir.join("roundtrip").join(&example_file), example.to_string()));
                let crate_ident = models.replace('-', "_");
                let _ = writeln!(
                    runner_checks,
                    "    failures += check::<{crate_ident}::UserResponseModel>(\"{}\", include_str!(\"../{example_file}\"));",
                    doc.name
                );
            }
            None => {
                let _ = writeln!(runner_checks, "    println!(\"{}: no example in the document\");", doc.name);
            }
        }
    }
    members.push("roundtrip".into());
    files.push((dir.join("roundtrip/Cargo.toml"), manifest("roundtrip", &["serde", "serde_json"], &runner_deps)));
    files.push((dir.join("roundtrip/src/main.rs"), RUNNER_RS.replace("    // CHECKS\n", &runner_checks)));
    let member_list: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
    files.push((
        dir.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[workspace.dependencies]\n{}",
            member_list.join(", "),
            shared_dependency_lines()
        ),
    ));
    let lock = std::fs::read_to_string(workspace_root().join("Cargo.lock"))?;
    if !dir.join("Cargo.lock").exists() {
        files.push((dir.join("Cargo.lock"), lock));
    }
    for (path, contents) in &files {
        if std::fs::read_to_string(path).ok().as_deref() != Some(contents.as_str()) {
            std::fs::create_dir_all(path.parent().unwrap())?;
            std::fs::write(path, contents)?;
        }
    }
    Ok(dir.join("Cargo.toml"))
}

/// Builds every crate and runs the round-trip program; returns its output, or the
/// compiler's, as the error.
pub fn build_and_run(manifest: &Path, target_dir: &Path) -> Result<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["run", "--quiet", "--offline", "--package", "roundtrip", "--manifest-path"])
        .arg(manifest)
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

/// The generated models put `JsonSchema` behind this feature, on by default.
const MODELS_FEATURES: &str = "\n[features]\ndefault = [\"schemars\"]\nschemars = [\"dep:schemars\"]\n";

const LIB_RS: &str = "#![deny(warnings)]\n\nmod generated;\n\npub use generated::*;\n";
/// The generated client expects its crate to implement `ClientHooks` for the settings
/// type codegen was given ([`scratch_client_options`]); the defaults do here, so nothing of
/// the real client crate is needed.
const CLIENT_LIB_RS: &str = "#![deny(warnings)]\n\nmod generated;\n\npub use generated::*;\n\nimpl progenitor_client::ClientHooks<()> for Client {}\n";

/// Options for crates generated into the scratch workspace: a client with no settings of
/// its own.
pub fn scratch_client_options() -> elevenlabs_codegen::Options {
    elevenlabs_codegen::Options { client_settings_type: "()".into(), ..Default::default() }
}

const RUNNER_RS: &str = r#"#![deny(warnings)]

fn check<T: serde::de::DeserializeOwned + serde::Serialize>(name: &str, example: &str) -> usize {
    let value: serde_json::Value = serde_json::from_str(example).expect("examples are JSON");
    let model: T = match serde_json::from_value(value.clone()) {
        Ok(model) => model,
        Err(e) => {
            println!("{name}: FAILED to deserialize: {e}");
            return 1;
        }
    };
    let back = serde_json::to_value(&model).expect("models serialize");
    if back == value {
        println!("{name}: round trip ok");
        0
    } else {
        println!("{name}: FAILED round trip\n  before: {value}\n  after:  {back}");
        1
    }
}

fn main() {
    let mut failures = 0;
    // CHECKS
    std::process::exit(if failures == 0 { 0 } else { 1 });
}
"#;

fn manifest(name: &str, dependencies: &[&str], extra: &str) -> String {
    let mut text = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n"
    );
    for dependency in dependencies {
        let features = if *dependency == "schemars" { ", optional = true" } else { "" };
        let _ = writeln!(text, "{dependency} = {{ workspace = true{features} }}");
    }
    text.push_str(extra);
    text
}

/// The generated crates' dependency lines, copied from the real workspace manifest so
/// the versions cannot drift apart.
fn shared_dependency_lines() -> String {
    let manifest = std::fs::read_to_string(workspace_root().join("Cargo.toml")).unwrap_or_default();
    manifest
        .lines()
        .filter(|line| {
            ["serde ", "serde_json ", "schemars ", "reqwest ", "progenitor-client "].iter().any(|d| line.starts_with(d))
        })
        .map(|line| format!("{line}\n"))
        .collect()
}

/// One case generated into a module pair of the one-crate scratch workspace.
pub struct ScratchCase {
    /// The modules' prefix, an identifier: `case_7`, `keywords`.
    pub module: String,
    pub models: String,
    pub client: String,
    /// Payloads of the case's `Root` schema, each to round-trip.
    pub payloads: Vec<serde_json::Value>,
}

/// The module of a case's models, which its client names as its models path.
pub fn scratch_models_path(module: &str) -> String {
    format!("crate::{module}_models")
}

/// Writes one crate, `roundtrip`, holding every case as a module pair (models, client)
/// under `#![deny(warnings)]`, and a program that round-trips each case's payloads
/// through its `Root`: one build serves hundreds of cases. Returns the manifest's path.
pub fn write_cases_crate(dir: &Path, cases: &[ScratchCase]) -> std::io::Result<PathBuf> {
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let mut main = String::from("#![deny(warnings)]\n\n");
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
    files.push((
        dir.join("roundtrip/Cargo.toml"),
        manifest("roundtrip", &["serde", "serde_json", "schemars", "reqwest", "progenitor-client"], MODELS_FEATURES),
    ));
    files.push((
        dir.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [\"roundtrip\"]\n\n[workspace.dependencies]\n{}",
            shared_dependency_lines()
        ),
    ));
    if !dir.join("Cargo.lock").exists() {
        files.push((dir.join("Cargo.lock"), std::fs::read_to_string(workspace_root().join("Cargo.lock"))?));
    }
    // Cases of an earlier, larger run would still be compiled: start from empty folders.
    for folder in ["roundtrip/src", "roundtrip/payloads"] {
        let _ = std::fs::remove_dir_all(dir.join(folder));
    }
    for (path, contents) in &files {
        if std::fs::read_to_string(path).ok().as_deref() != Some(contents.as_str()) {
            std::fs::create_dir_all(path.parent().unwrap())?;
            std::fs::write(path, contents)?;
        }
    }
    Ok(dir.join("Cargo.toml"))
}

/// Where every scratch workspace of the tests builds: one target directory, so the
/// generated crates' dependencies compile once for all of them.
pub fn scratch_target_dir() -> PathBuf {
    workspace_root().join("target/all-documents/target")
}
