//! The command line of `cargo xtask`, parsed once into typed commands (clap derive), with
//! `--help` for each. Errors keep the project's one-line wording.

use anyhow::{bail, Result};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Parser, Subcommand, ValueEnum};

use crate::source::Source;

/// The project's commands: vendor the spec, generate the crates, diff schemas.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", arg_required_else_help = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Cut operations out of a full OpenAPI document (JSON or YAML, a file or an http(s)
    /// URL, at most 64 MiB) into one fragment in openapi/.
    Vendor {
        /// The full document: a path or an http(s) URL.
        #[arg(long, value_name = "FILE|URL")]
        from: String,
        /// An operation to cut out; repeat for several. Without it (or --all-operations),
        /// the set recorded in openapi/provenance.json, else "GET /v1/user".
        #[arg(long, value_name = "\"METHOD /path\"", conflicts_with = "all_operations")]
        operation: Vec<String>,
        /// Every operation of the document.
        #[arg(long)]
        all_operations: bool,
    },
    /// Regenerate the models and client crates from openapi/.
    Codegen {
        /// Write nothing; fail with a diff when the committed files are stale.
        #[arg(long)]
        check: bool,
    },
    /// Print the contract the generated code follows: openapi/'s fragment with its
    /// overrides applied, as one JSON document (for contract tests such as schemathesis).
    EffectiveSpec {
        /// Write it to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
    },
    /// What changed between two documents, for the people who use the generated crates.
    SchemaDiff {
        /// A fragment or full document: a path, an http(s) URL or git:REV:PATH (default:
        /// the committed openapi/v1-user.json).
        base: Option<String>,
        /// The same kinds (default: the working tree's openapi/v1-user.json).
        head: Option<String>,
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Exit 1 when a wire change breaks strict clients or callers, or the release is
        /// major.
        #[arg(long, value_enum, default_value_t = FailOn::Never)]
        fail_on: FailOn,
        /// Markdown only: above this many characters, keep the summary and the breaking
        /// changes that fit, and say where the rest is (GitHub refuses comments over 65,536).
        #[arg(long, value_name = "CHARS")]
        max_chars: Option<usize>,
        /// Generate and compare every operation of either document, not only those
        /// openapi/provenance.json records (what `codegen` generates).
        #[arg(long)]
        all_operations: bool,
        /// With --max-chars: where the whole report can be read.
        #[arg(
            long,
            value_name = "TEXT",
            default_value = "the full report (`cargo xtask schema-diff --format markdown`)"
        )]
        rest_at: String,
    },
    /// Clean release builds of a program using the client (with and without default
    /// features) and of a hand-written reqwest client; prints time, size and crate counts.
    BuildCost,
    /// Run one criterion benchmark several times and print, per benchmark, the median of
    /// the runs' medians and their min–max (wall time is noisy here; never quote one run).
    BenchRuns {
        /// The package, such as elevenlabs-bench.
        #[arg(short, long)]
        package: String,
        /// The benchmark target, such as round_trip.
        #[arg(long)]
        bench: String,
        /// How many runs.
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// Run one fuzz target (cargo-fuzz, nightly) from a corpus seeded from tests/data.
    Fuzz {
        /// load, prepare, diff, codegen or client_response.
        target: String,
        /// How long to run.
        #[arg(long, default_value_t = 60)]
        seconds: u64,
    },
    /// The published crates' next version, computed from the schema diff since the last
    /// release tag (vX.Y.Z) and cargo-semver-checks, and its CHANGELOG.md entry. Without
    /// a flag: bump the versions and write the entry.
    Release {
        /// Print the version and the entry; write nothing.
        #[arg(long, conflicts_with_all = ["verify", "tag"])]
        dry_run: bool,
        /// Fail unless the crates' version and CHANGELOG.md are what the verdict makes.
        #[arg(long, conflicts_with = "tag")]
        verify: bool,
        /// --verify, then create the release tag (refused when they disagree).
        #[arg(long)]
        tag: bool,
    },
    /// Generate the crates of two documents into a temporary workspace and compare them
    /// with `cargo semver-checks` (install it first), beside schema-diff's verdict.
    SemverCheck {
        /// A fragment or full document: a path, an http(s) URL or git:REV:PATH.
        base: String,
        /// The same kinds.
        head: String,
        /// Generate and compare every operation of either document, as `schema-diff
        /// --all-operations` does.
        #[arg(long)]
        all_operations: bool,
    },
}

/// How `schema-diff` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Markdown,
    Json,
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Breaking,
    Never,
}

/// What the command line asked for: a command, or help text to print.
#[derive(Debug)]
pub enum Parsed {
    Command(Command),
    Help(String),
}

/// Parses the arguments after `cargo xtask`.
pub fn parse(args: &[String]) -> Result<Parsed> {
    match Cli::try_parse_from(std::iter::once("cargo xtask").chain(args.iter().map(String::as_str))) {
        Ok(cli) => Ok(Parsed::Command(cli.command)),
        Err(error) => match error.kind() {
            ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => Ok(Parsed::Help(error.render().to_string())),
            kind => bail!("{}", describe(&error, kind)),
        },
    }
}

/// One line for a parse error, in the words the rest of the commands use.
fn describe(error: &clap::Error, kind: ErrorKind) -> String {
    let context = |wanted: ContextKind| {
        error.context().find(|(k, _)| *k == wanted).map(|(_, value)| match value {
            ContextValue::String(s) => s.clone(),
            ContextValue::Strings(s) => s.join(", "),
            other => other.to_string(),
        })
    };
    let hint = "; see `cargo xtask --help`";
    match kind {
        ErrorKind::InvalidSubcommand => {
            format!("unknown command {:?}{hint}", context(ContextKind::InvalidSubcommand).unwrap_or_default())
        }
        ErrorKind::UnknownArgument | ErrorKind::TooManyValues | ErrorKind::ArgumentConflict => {
            format!("unexpected argument {:?}{hint}", context(ContextKind::InvalidArg).unwrap_or_default())
        }
        ErrorKind::MissingRequiredArgument => {
            format!("missing {}{hint}", context(ContextKind::InvalidArg).unwrap_or_default())
        }
        ErrorKind::InvalidValue => format!(
            "{} must be {}, not {:?}",
            context(ContextKind::InvalidArg).unwrap_or_default().split_whitespace().next().unwrap_or_default(),
            context(ContextKind::ValidValue).unwrap_or_default().replace(", ", " or "),
            context(ContextKind::InvalidValue).unwrap_or_default()
        ),
        _ => error.kind().as_str().map_or_else(|| error.to_string(), str::to_string).replace('\n', " "),
    }
}

impl Command {
    /// `schema-diff`'s two documents, typed; by default the committed fragment against
    /// the working tree's.
    pub fn diff_sources(base: Option<&str>, head: Option<&str>) -> Result<(Source, Source)> {
        let fragment = crate::LAYOUT.fragment;
        let committed = || Source::Git { rev: "HEAD".into(), path: fragment.into() };
        let working = || Source::File(fragment.into());
        Ok((
            base.map(Source::parse).transpose()?.unwrap_or_else(committed),
            head.map(Source::parse).transpose()?.unwrap_or_else(working),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn every_command_has_help() {
        for command in ["", "vendor", "codegen", "effective-spec", "schema-diff", "build-cost", "fuzz", "semver-check"]
        {
            let help = match parse(&args(&format!("{command} --help"))).unwrap() {
                Parsed::Help(text) => text,
                other => panic!("{command}: {other:?}"),
            };
            assert!(help.contains("Usage: cargo xtask"), "{command}: {help}");
        }
    }

    #[test]
    fn errors_are_one_line_in_the_projects_words() {
        let error = |line: &str| parse(&args(line)).unwrap_err().to_string();
        assert!(error("vendr").starts_with("unknown command \"vendr\""));
        assert!(error("vendor").starts_with("missing --from <FILE|URL>"));
        assert!(error("codegen --chek").starts_with("unexpected argument \"--chek\""));
        assert_eq!(error("schema-diff a b --format html"), "--format must be markdown or json or text, not \"html\"");
        assert!(error("schema-diff a b c").starts_with("unexpected argument"));
        for line in ["vendr", "vendor", "codegen --chek", "schema-diff a b --format html"] {
            assert_eq!(error(line).lines().count(), 1, "{line}");
        }
    }

    #[test]
    fn schema_diff_defaults_to_the_committed_fragment_against_the_working_tree() {
        let (base, head) = Command::diff_sources(None, None).unwrap();
        assert_eq!(base, Source::Git { rev: "HEAD".into(), path: "openapi/v1-user.json".into() });
        assert_eq!(head, Source::File("openapi/v1-user.json".into()));
    }
}
