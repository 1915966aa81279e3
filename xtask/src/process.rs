//! The one way the commands run other programs (git, cargo and its plugins, rustup): the
//! output captured, and a failure reported in the program's own words.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use anyhow::{bail, Context, Result};

/// A program to run to completion.
pub struct Program {
    command: Command,
    /// How errors name it: `git cat-file`, `cargo semver-checks`.
    shown: String,
}

impl Program {
    pub fn new(program: impl AsRef<OsStr>) -> Self {
        let shown = program.as_ref().to_string_lossy().into_owned();
        Self { command: Command::new(program), shown }
    }

    /// `git -C <root>`: every git call reads the workspace's repository.
    pub fn git(root: &Path) -> Self {
        let mut git = Self::new("git");
        git.command.arg("-C").arg(root);
        git
    }

    /// The cargo that runs xtask (`$CARGO`), else `cargo` from the path.
    pub fn cargo() -> Self {
        Self::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
    }

    /// An argument; the first one names the call in errors (`git cat-file`).
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        if !self.shown.contains(' ') {
            self.shown.push(' ');
            self.shown.push_str(&arg.as_ref().to_string_lossy());
        }
        self.command.arg(arg);
        self
    }

    pub fn args<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(self, args: I) -> Self {
        args.into_iter().fold(self, Program::arg)
    }

    pub fn current_dir(mut self, dir: &Path) -> Self {
        self.command.current_dir(dir);
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Self {
        self.command.env(key, value);
        self
    }

    /// Runs it; its output whatever the exit status (for tools whose failure is a
    /// verdict). Fails only when it cannot start.
    pub fn output(mut self) -> Result<Output> {
        let program = self.shown.split(' ').next().unwrap_or_default().to_string();
        self.command.output().with_context(|| format!("cannot run {program}"))
    }

    /// Runs it and returns its standard output; a non-zero exit fails with the first
    /// line it wrote to standard error.
    pub fn stdout(self) -> Result<Vec<u8>> {
        let shown = self.shown.clone();
        let output = self.output()?;
        if !output.status.success() {
            bail!("{shown} failed: {}", first_line(&output.stderr));
        }
        Ok(output.stdout)
    }

    /// [`stdout`](Self::stdout) as text.
    pub fn text(self) -> Result<String> {
        Ok(String::from_utf8_lossy(&self.stdout()?).into_owned())
    }

    /// Runs it with its output discarded; whether it succeeded.
    pub fn succeeds_quietly(mut self) -> Result<bool> {
        let program = self.shown.split(' ').next().unwrap_or_default().to_string();
        let status = self
            .command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .with_context(|| format!("cannot run {program}"))?;
        Ok(status.success())
    }
}

/// The first non-empty line of a program's output, trimmed; `no output` when there is none.
pub fn first_line(output: &[u8]) -> String {
    let text = String::from_utf8_lossy(output);
    text.lines().map(str::trim).find(|line| !line.is_empty()).unwrap_or("no output").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_is_reported_in_the_programs_words() {
        let dir = tempfile::tempdir().unwrap();
        let error = Program::git(dir.path()).args(["cat-file", "blob", "HEAD:nothing"]).text().unwrap_err();
        let error = error.to_string();
        assert!(error.starts_with("git cat-file failed: fatal:"), "{error}");
        let missing = Program::new("no-such-program-here").text().unwrap_err().to_string();
        assert_eq!(missing, "cannot run no-such-program-here");
    }

    #[test]
    fn output_is_read_whatever_the_status() {
        let output = Program::cargo().args(["--version"]).output().unwrap();
        assert!(output.status.success() && String::from_utf8_lossy(&output.stdout).starts_with("cargo "));
        assert_eq!(first_line(b"\n  \nfirst\nsecond"), "first");
        assert_eq!(first_line(b""), "no output");
    }
}
