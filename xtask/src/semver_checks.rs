//! cargo-semver-checks, as the commands use it: installed or not, run, and its verdict read
//! from the one line of its report that states it. The tool is also a library, but linking
//! it would build its whole query engine into xtask; its `Summary` line is stable text.

use anyhow::{bail, Result};
use elevenlabs_schema_diff::Semver;

use crate::process::{first_line, Program};

/// Fails, saying how to install it, unless cargo-semver-checks is installed.
pub fn require_installed() -> Result<()> {
    let version = Program::cargo().args(["semver-checks", "--version"]).output();
    if !version.as_ref().is_ok_and(|o| o.status.success()) {
        bail!("cargo-semver-checks is not installed; install it with `cargo install cargo-semver-checks --locked` (about 12 minutes)");
    }
    Ok(())
}

/// Runs `cargo semver-checks check-release` with `args` and returns the largest bump its
/// report requires.
pub fn check_release(args: &[&str], configure: impl FnOnce(Program) -> Program) -> Result<Semver> {
    require_installed()?;
    let program = configure(Program::cargo().args(check_release_arguments(args)));
    let output = program.output()?;
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    required_bump(&text, output.status.success())
}

/// The arguments of a run that states the bump required. Both sides carry the same
/// version here (the bump is what is asked), and cargo-semver-checks then assumes a major
/// release and runs no lint at all ("no change; assume major"): asked as for a patch
/// release, it runs every lint and its summary names the smallest release that allows
/// what it found.
fn check_release_arguments<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec!["semver-checks", "check-release", "--release-type", "patch"];
    all.extend_from_slice(args);
    all
}

/// The largest bump cargo-semver-checks' report requires. It writes one `Summary` line per
/// crate: `semver requires new major version: …`, `… minor version: …`, or `no semver
/// update required`. It reports breakage only, so "no update required" is `none`. A run
/// that failed without a verdict is an error in its own words, and a run that checked no
/// crate (`--workspace` skips `publish = false` ones without a word) is an error too: no
/// verdict is not "none".
pub fn required_bump(report: &str, succeeded: bool) -> Result<Semver> {
    let mut bump = None;
    for line in report.lines() {
        let Some(summary) = line.trim_start().strip_prefix("Summary ") else { continue };
        let verdict = if summary.starts_with("semver requires new major version") {
            Semver::Major
        } else if summary.starts_with("semver requires new minor version") {
            Semver::Minor
        } else if summary.starts_with("no semver update required") {
            Semver::None
        } else {
            continue;
        };
        bump = bump.max(Some(verdict));
    }
    match (bump, succeeded) {
        // It exits non-zero when it finds breakage; the verdict says how much.
        (Some(bump), _) if bump > Semver::None => Ok(bump),
        (Some(bump), true) => Ok(bump),
        (None, true) => bail!("cargo-semver-checks checked no crate (no `Summary` line in its report)"),
        _ => {
            // Its first error says why; the last line of a crash is a backtrace's frame.
            let mut lines = report.lines().map(str::trim).filter(|l| !l.is_empty());
            let first_error = lines.clone().find(|l| l.starts_with("error"));
            let why = first_error.or_else(|| lines.next_back()).unwrap_or("no output");
            bail!("cargo-semver-checks failed: {}", first_line(why.as_bytes()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_lines_give_the_largest_bump() {
        let major = "    Checking a v0.1.0 -> v0.1.0\n     Summary semver requires new major version: 1 major and 0 minor checks failed\n";
        assert_eq!(required_bump(major, false).unwrap(), Semver::Major);
        let minor = "     Summary semver requires new minor version: 0 major and 1 minor checks failed";
        assert_eq!(required_bump(minor, false).unwrap(), Semver::Minor);
        let both = "     Summary no semver update required\n     Summary semver requires new major version: 1 major and 0 minor checks failed\n";
        assert_eq!(required_bump(both, false).unwrap(), Semver::Major);
        assert_eq!(required_bump("     Summary no semver update required\n", true).unwrap(), Semver::None);
    }

    #[test]
    fn a_failure_without_a_verdict_is_an_error_in_its_words() {
        let error = required_bump("error: could not find baseline\n", false).unwrap_err();
        assert_eq!(error.to_string(), "cargo-semver-checks failed: error: could not find baseline");
        // A summary that is not a failure's does not hide a failed run.
        let error = required_bump("     Summary no semver update required\nerror: later failure\n", false).unwrap_err();
        assert!(error.to_string().contains("later failure"), "{error}");
        // A crash's last lines are its backtrace: the first error is what it says.
        let crash = "error: running cargo-doc on crate 'a' failed\n  12: main\n  13: _start\n";
        assert_eq!(
            required_bump(crash, false).unwrap_err().to_string(),
            "cargo-semver-checks failed: error: running cargo-doc on crate 'a' failed"
        );
        // Words that only mention a verdict are not one.
        assert!(required_bump("note: semver requires new major version when …\n", false).is_err());
        // A run that checked nothing has no verdict, even when it succeeds.
        let error = required_bump("", true).unwrap_err();
        assert!(error.to_string().contains("checked no crate"), "{error}");
    }

    #[test]
    fn every_run_asks_for_the_bump_required() {
        let args = check_release_arguments(&["-p", "a"]);
        assert_eq!(args, ["semver-checks", "check-release", "--release-type", "patch", "-p", "a"]);
    }
}
