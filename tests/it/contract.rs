//! The `mock` feature's server keeps faith with the contract the generated code follows:
//! schemathesis (a Python package) generates requests from `cargo xtask effective-spec`'s
//! document and checks every answer against it.

use elevenlabs_user_client::mock::{MockElevenLabs, MOCK_API_KEY};
use elevenlabs_user_tests::workspace_root;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs schemathesis (pip install schemathesis); .ci/run installs it and runs this"]
async fn the_mock_answers_as_the_effective_document_says() {
    let (document, skipped) = xtask::effective_document(&xtask::Workspace::at(workspace_root())).unwrap();
    assert!(skipped.is_empty(), "every override applies: {skipped:?}");
    let scratch = tempfile::tempdir().unwrap();
    let path = scratch.path().join("effective.json");
    std::fs::write(&path, elevenlabs_spec::canonical_json(&document)).unwrap();

    let mock = MockElevenLabs::start().await;
    let args = [
        "run".to_string(),
        path.display().to_string(),
        "--url".into(),
        mock.uri(),
        "--header".into(),
        format!("xi-api-key: {MOCK_API_KEY}"),
        "--checks".into(),
        "all".into(),
        "--seed".into(),
        "20261130".into(),
        "--max-examples".into(),
        "50".into(),
        "--generation-database".into(),
        "none".into(),
        "--no-color".into(),
    ];
    let run = tokio::task::spawn_blocking(move || {
        std::process::Command::new("schemathesis").args(&args).current_dir(scratch.path()).output()
    });
    let output = run.await.unwrap().expect("schemathesis is installed (pip install schemathesis)");
    let report = String::from_utf8_lossy(&output.stdout);
    println!("{report}");
    assert!(
        output.status.success(),
        "schemathesis found failures:\n{report}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(report.contains("passed"), "schemathesis ran tests:\n{report}");
}
