//! The `xtask` binary's exit codes and error lines.

use std::process::Command;

#[test]
fn bad_input_exits_2_with_one_error_line() {
    let output =
        Command::new(env!("CARGO_BIN_EXE_xtask")).args(["vendor", "--from", "/no/such/spec.json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: /no/such/spec.json: cannot read"), "{stderr}");
}

/// A fragment and provenance that cannot be written are a disk error (exit 3), and the
/// pair stays as it was: both written, or neither.
#[test]
fn a_write_failure_is_a_disk_error_that_changes_nothing() {
    let scratch = tempfile::tempdir().unwrap();
    let openapi = scratch.path().join("openapi");
    std::fs::create_dir_all(openapi.join("provenance.json")).unwrap();
    std::fs::write(openapi.join("v1-user.json"), "the committed fragment").unwrap();
    let document = r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "paths": {"/v1/user": {"get": {"responses": {"200": {"description": "ok"}}}}}}"#;
    let source = scratch.path().join("full.json");
    std::fs::write(&source, document).unwrap();
    let workspace = xtask::Workspace::at(scratch.path());
    let error =
        xtask::run(&["vendor".into(), "--from".into(), source.display().to_string()], &workspace, &mut Vec::new())
            .unwrap_err();
    assert_eq!(xtask::Status::of_error(&error), xtask::Status::DiskError);
    assert_eq!(xtask::Status::DiskError.code(), 3);
    assert!(xtask::one_line(&error).contains("provenance.json: cannot write"), "{error:#}");
    assert_eq!(std::fs::read_to_string(openapi.join("v1-user.json")).unwrap(), "the committed fragment");
    assert_eq!(std::fs::read_dir(&openapi).unwrap().count(), 2, "no temporary file is left");
}
