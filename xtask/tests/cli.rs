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

#[test]
fn check_passes_on_the_committed_tree() {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask")).args(["codegen", "--check"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stdout));
}
