//! The commands behind `cargo xtask`, one module each. The work lives in the libraries
//! (`elevenlabs-spec`, `elevenlabs-codegen`, `elevenlabs-schema-diff`); this crate parses
//! arguments, reads and writes files, runs other programs, and reports.

mod bench_runs;
mod build_cost;
pub mod cli;
mod codegen;
mod effective_spec;
pub mod files;
pub mod fuzz;
pub mod layout;
pub mod process;
pub mod release;
mod schema_diff;
mod semver_check;
mod semver_checks;
pub mod source;
mod vendor;
mod workspace;

use std::io::Write;

use anyhow::Result;
pub use cli::{Command, DiffFormat};
pub use codegen::{codegen, plan_generated_files};
pub use effective_spec::effective_document;
use files::WriteError;
pub use layout::{Layout, LAYOUT, USER_OPERATION};
pub use schema_diff::{compare_sources, SchemaDiffArgs};
pub use source::{DownloadLimits, Source};
pub use vendor::vendor;
pub use workspace::{codegen_options, Workspace, WORKSPACE_VARIABLE};

/// How a command ended, as a process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Done,
    /// `--check` found stale files.
    CheckFailed,
    /// Unreadable or invalid input; nothing was written.
    BadInput,
    /// A file could not be written (full disk, read-only directory); nothing was changed.
    DiskError,
}

impl Status {
    pub fn code(self) -> u8 {
        match self {
            Status::Done => 0,
            Status::CheckFailed => 1,
            Status::BadInput => 2,
            Status::DiskError => 3,
        }
    }

    /// How a command that returned `error` ended: a disk error, or else bad input.
    pub fn of_error(error: &anyhow::Error) -> Self {
        if error.chain().any(|cause| cause.is::<WriteError>()) {
            Status::DiskError
        } else {
            Status::BadInput
        }
    }
}

/// Runs one command line; errors are bad input (or a disk error) and leave every file as
/// it was.
pub fn run(args: &[String], workspace: &Workspace, out: &mut dyn Write) -> Result<Status> {
    let command = match cli::parse(args)? {
        cli::Parsed::Help(text) => {
            out.write_all(text.as_bytes())?;
            return Ok(Status::Done);
        }
        cli::Parsed::Command(command) => command,
    };
    match command {
        Command::Vendor { from, operation, all_operations } => {
            vendor::run(workspace, &from, &operation, all_operations, out)
        }
        Command::Codegen { check } => codegen::codegen(workspace, check, out),
        Command::EffectiveSpec { output } => effective_spec::run(workspace, output.as_deref(), out),
        Command::SchemaDiff { base, head, format, fail_on, max_chars, all_operations, rest_at } => {
            let (base, head) = Command::diff_sources(base.as_deref(), head.as_deref())?;
            let fail_on_breaking = fail_on == cli::FailOn::Breaking;
            let limit = max_chars.map(|chars| (chars, rest_at));
            let args = SchemaDiffArgs { base, head, format, fail_on_breaking, limit, all_operations };
            schema_diff::run(workspace, &args, out)
        }
        Command::BuildCost => build_cost::build_cost(workspace, out),
        Command::BenchRuns { package, bench, runs } => bench_runs::bench_runs(workspace, &package, &bench, runs, out),
        Command::Fuzz { target, seconds } => fuzz::fuzz(workspace, &target, seconds, out),
        Command::Release { dry_run, verify, tag } => {
            let mode = match (dry_run, verify, tag) {
                (true, _, _) => release::Mode::DryRun,
                (_, true, _) => release::Mode::Verify,
                (_, _, true) => release::Mode::Tag,
                _ => release::Mode::Prepare,
            };
            release::release(workspace, mode, out)
        }
        Command::SemverCheck { base, head, all_operations } => {
            semver_check::run(workspace, &Source::parse(&base)?, &Source::parse(&head)?, all_operations, out)
        }
    }
}

/// An error and its causes on one line.
pub fn one_line(error: &anyhow::Error) -> String {
    let text = error.chain().map(|e| e.to_string()).collect::<Vec<_>>().join(": ");
    // A line break joins the line; any other control character (an escape sequence in a
    // name from upstream) is written escaped, never sent to the terminal.
    elevenlabs_schema_diff::controls_escaped(&text.replace('\n', " ")).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_is_one_line_that_cannot_drive_the_terminal() {
        let error = anyhow::anyhow!("at /paths/~1a\u{1b}[2J: bad\nname").context("reading");
        assert_eq!(one_line(&error), "reading: at /paths/~1a\\u{1b}[2J: bad name");
    }
}
