//! `cargo xtask build-cost`: what a user compiles when they depend on the client crate,
//! against a minimal hand-written `reqwest` client with the same TLS choice. Both are
//! clean release builds of a small program in a fresh target directory.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::process::Program;
use crate::{Status, Workspace};

const CLIENT_MAIN: &str = r#"#[tokio::main(flavor = "current_thread")]
async fn main() {
    let client = elevenlabs_user_client::ElevenLabs::builder().api_key("k").base_url("http://127.0.0.1:9").build().unwrap();
    match client.get_user().await {
        Ok(user) => println!("{}", user.subscription.characters_remaining()),
        Err(error) => println!("{error}"),
    }
}
"#;

const HAND_WRITTEN_MAIN: &str = r#"#[derive(serde::Deserialize)]
struct Subscription { character_count: i64, character_limit: i64 }
#[derive(serde::Deserialize)]
struct User { subscription: Subscription }

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let client = reqwest::Client::new();
    let response = client.get("http://127.0.0.1:9/v1/user").header("xi-api-key", "k").send().await;
    match response {
        Ok(response) => match response.json::<User>().await {
            Ok(user) => println!("{}", user.subscription.character_limit - user.subscription.character_count),
            Err(error) => println!("{error}"),
        },
        Err(error) => println!("{error}"),
    }
}
"#;

/// One measured build.
struct Build {
    seconds: f64,
    binary_bytes: u64,
    crates: usize,
}

pub fn build_cost(workspace: &Workspace, out: &mut dyn Write) -> Result<Status> {
    let scratch = workspace.root.join("target/build-cost");
    let _ = std::fs::remove_dir_all(&scratch);
    let client_path = workspace.root.join("crates/client").display().to_string();
    let tokio = r#"tokio = { version = "1", features = ["macros", "rt"] }"#;
    let lock = workspace.root.join("Cargo.lock");
    let hand_written = format!(
        "reqwest = {{ version = \"0.13\", default-features = false, features = [\"json\", \"rustls\"] }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n{tokio}\n"
    );
    let baseline = measure(&scratch.join("hand-written"), &hand_written, HAND_WRITTEN_MAIN, &lock)?;
    let mut builds = Vec::new();
    for (name, dir, features) in [
        ("elevenlabs-user-client, default features", "with-client", ""),
        ("elevenlabs-user-client, default-features = false", "with-client-lean", ", default-features = false"),
    ] {
        let dependencies = format!("elevenlabs-user-client = {{ path = {client_path:?}{features} }}\n{tokio}\n");
        builds.push((name, measure(&scratch.join(dir), &dependencies, CLIENT_MAIN, &lock)?));
    }
    writeln!(out, "| build | clean release build | binary | crates compiled |")?;
    writeln!(out, "| --- | --- | --- | --- |")?;
    writeln!(out, "{}", row("hand-written reqwest + serde (baseline)", &baseline, None))?;
    for (name, build) in &builds {
        writeln!(out, "{}", row(name, build, Some(&baseline)))?;
    }
    Ok(Status::Done)
}

/// A table row, with ratios to the baseline when given.
fn row(name: &str, build: &Build, baseline: Option<&Build>) -> String {
    let ratio = |ours: f64, theirs: f64| baseline.map(|_| format!(" ({:.2}×)", ours / theirs)).unwrap_or_default();
    let (seconds, bytes, crates) =
        baseline.map_or((1.0, 1.0, 1.0), |b| (b.seconds, b.binary_bytes as f64, b.crates as f64));
    format!(
        "| {name} | {:.1} s{} | {:.2} MB{} | {}{} |",
        build.seconds,
        ratio(build.seconds, seconds),
        build.binary_bytes as f64 / 1e6,
        ratio(build.binary_bytes as f64, bytes),
        build.crates,
        ratio(build.crates as f64, crates),
    )
}

fn measure(dir: &Path, dependencies: &str, main: &str, lock: &Path) -> Result<Build> {
    std::fs::create_dir_all(dir.join("src"))?;
    let manifest = format!("[package]\nname = \"probe\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\n{dependencies}\n[workspace]\n");
    std::fs::write(dir.join("Cargo.toml"), manifest)?;
    std::fs::write(dir.join("src/main.rs"), main)?;
    // The workspace's lock pins the same versions, so both builds compile the same crates.
    std::fs::copy(lock, dir.join("Cargo.lock")).context("copying Cargo.lock")?;
    let started = Instant::now();
    let output = Program::cargo()
        .args(["build", "--release", "--message-format", "short"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .output()?;
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        bail!("{}: the build failed: {}", dir.display(), stderr.lines().last().unwrap_or_default());
    }
    let crates = stderr.lines().filter(|l| l.trim_start().starts_with("Compiling")).count();
    let binary_bytes = std::fs::metadata(dir.join("target/release/probe")).context("the built binary")?.len();
    Ok(Build { seconds, binary_bytes, crates })
}
