//! The commands behind `cargo xtask`. The work lives in `elevenlabs-spec` and
//! `elevenlabs-codegen`; this crate parses arguments, reads and writes files, and reports.

mod bench_runs;
mod build_cost;
pub mod cli;
pub mod files;
pub mod fuzz;
pub mod layout;
pub mod release;
mod semver_check;
pub mod source;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
pub use cli::{Command, DiffFormat};
use elevenlabs_codegen::{generate, Options};
use elevenlabs_schema_diff::{render, Named, OperationSet};
use elevenlabs_spec::{canonical_json, load_path, OperationRef, Outcome, Overrides, Provenance, Selection};
use files::{stale_files, write_all_or_none, write_stale, Planned, WriteError};
pub use layout::{Layout, LAYOUT, USER_OPERATION};
pub use source::{DownloadLimits, Source};

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

/// The environment variable that points the commands at another copy of the workspace.
pub const WORKSPACE_VARIABLE: &str = "XTASK_WORKSPACE";

/// The files of the workspace the commands read and write.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub root: PathBuf,
}

impl Workspace {
    /// The workspace this xtask was built in, or the one `XTASK_WORKSPACE` names: the
    /// benchmark of the dev-profile commands runs this binary over a scratch copy.
    pub fn locate() -> Self {
        if let Some(root) = std::env::var_os(WORKSPACE_VARIABLE).filter(|root| !root.is_empty()) {
            return Self { root: root.into() };
        }
        let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        Self { root: manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf() }
    }

    pub fn at(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    pub fn fragment(&self) -> PathBuf {
        self.root.join(LAYOUT.fragment)
    }
    pub fn overrides(&self) -> PathBuf {
        self.root.join(LAYOUT.overrides)
    }
    pub fn provenance(&self) -> PathBuf {
        self.root.join(LAYOUT.provenance)
    }
    pub fn models_source(&self) -> PathBuf {
        self.root.join(LAYOUT.models_source)
    }
    pub fn client_source(&self) -> PathBuf {
        self.root.join(LAYOUT.client_source)
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
            let from = Source::parse(&from)?;
            if matches!(from, Source::Git { .. }) {
                bail!("{from}: vendor reads a file or a URL, not git history");
            }
            let selection = if all_operations {
                Selection::All
            } else if !operation.is_empty() {
                Selection::Named(operation.iter().map(|o| o.parse()).collect::<Result<_, _>>()?)
            } else {
                recorded_selection(workspace)?
            };
            vendor(workspace, &from, &selection, &DownloadLimits::default(), out)
        }
        Command::Codegen { check } => codegen(workspace, check, out),
        Command::EffectiveSpec { output } => effective_spec(workspace, output.as_deref(), out),
        Command::SchemaDiff { base, head, format, fail_on, max_chars, rest_at } => {
            let (base, head) = Command::diff_sources(base.as_deref(), head.as_deref())?;
            let fail_on_breaking = fail_on == cli::FailOn::Breaking;
            let limit = max_chars.map(|chars| (chars, rest_at));
            let args = SchemaDiffArgs { base, head, format, fail_on_breaking, limit };
            schema_diff(workspace, &args, out)
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
        Command::SemverCheck { base, head } => {
            semver_check::semver_check(workspace, &Source::parse(&base)?, &Source::parse(&head)?, out)
        }
    }
}

/// The operations `openapi/provenance.json` records, so that a plain `vendor` re-vendors
/// the same set; `GET /v1/user` when there is none.
fn recorded_selection(workspace: &Workspace) -> Result<Selection> {
    let Some(previous) = previous_provenance(workspace) else {
        return Ok(Selection::one(&USER_OPERATION.parse()?));
    };
    if previous.all_operations {
        return Ok(Selection::All);
    }
    let named: Vec<OperationRef> = previous
        .operations
        .iter()
        .map(|o| o.parse())
        .collect::<Result<_, _>>()
        .map_err(|e: elevenlabs_spec::SpecError| e.in_file(workspace.provenance()))?;
    Ok(if named.is_empty() { Selection::one(&USER_OPERATION.parse()?) } else { Selection::Named(named) })
}

/// Vendors the selected operations from the full document at `from` into `openapi/`. The
/// document is read whole and cut before anything is written.
pub fn vendor(
    workspace: &Workspace,
    from: &Source,
    selection: &Selection,
    limits: &DownloadLimits,
    out: &mut dyn Write,
) -> Result<Status> {
    let bytes = from.read(workspace, limits)?;
    let source_name = from.file_name();
    let mut vendored = elevenlabs_spec::vendor(&source_name, &bytes, selection, &elevenlabs_spec::today_utc())
        .map_err(|e| e.in_file(from.to_string()))?;
    let operation = vendored.provenance.operations.join(", ");
    vendored.provenance.url = from.url().map(str::to_string);
    let fragment = canonical_json(&vendored.fragment);
    let unchanged = std::fs::read_to_string(workspace.fragment()).is_ok_and(|current| current == fragment)
        && previous_provenance(workspace).is_some_and(|p| p.sha256 == vendored.provenance.sha256);
    if unchanged {
        writeln!(out, "openapi/ already holds {operation} from {source_name}; nothing to do")?;
        return Ok(Status::Done);
    }
    // The fragment and its provenance describe each other: both are written, or neither.
    let provenance = canonical_json(&vendored.provenance);
    write_all_or_none(&[
        (workspace.fragment().as_path(), fragment.as_bytes()),
        (workspace.provenance().as_path(), provenance.as_bytes()),
    ])?;
    let schemas = vendored.fragment.pointer("/components/schemas").and_then(|s| s.as_object()).map_or(0, |s| s.len());
    writeln!(
        out,
        "vendored {operation} from {source_name} (sha256 {}, info.version {}) with {schemas} schemas into {}",
        &vendored.provenance.sha256[..12],
        vendored.provenance.info_version.as_deref().unwrap_or("unknown"),
        LAYOUT.fragment,
    )?;
    writeln!(out, "next: cargo xtask codegen")?;
    Ok(Status::Done)
}

fn previous_provenance(workspace: &Workspace) -> Option<Provenance> {
    serde_json::from_str(&std::fs::read_to_string(workspace.provenance()).ok()?).ok()
}

/// Regenerates both crates from `openapi/`, or with `check` reports stale files.
pub fn codegen(workspace: &Workspace, check: bool, out: &mut dyn Write) -> Result<Status> {
    let planned = plan_generated_files(workspace, out)?;
    if check {
        let stale = stale_files(&planned);
        if stale.is_empty() {
            writeln!(out, "generated code is up to date")?;
            return Ok(Status::Done);
        }
        for file in &stale {
            writeln!(out, "{}", file.diff(&workspace.root))?;
        }
        writeln!(out, "{} generated file(s) are stale; run `cargo xtask codegen` and commit the result", stale.len())?;
        return Ok(Status::CheckFailed);
    }
    let written = write_stale(&planned)?;
    for path in &written {
        writeln!(out, "wrote {}", path.strip_prefix(&workspace.root).unwrap_or(path).display())?;
    }
    if written.is_empty() {
        writeln!(out, "generated code is up to date")?;
    }
    Ok(Status::Done)
}

/// Reads `openapi/` and generates every file in memory, reporting skipped overrides.
pub fn plan_generated_files(workspace: &Workspace, out: &mut dyn Write) -> Result<Vec<Planned>> {
    let fragment = load_path(&workspace.fragment())?;
    let operation: OperationRef = USER_OPERATION.parse()?;
    if !elevenlabs_spec::operations(&fragment.value).contains(&operation) {
        bail!(
            "{}: has no {operation}; vendor it with `cargo xtask vendor --from <document>`",
            workspace.fragment().display()
        );
    }
    let overrides = read_overrides(workspace)?;
    let generated = generate(&fragment.value, &overrides, &codegen_options())
        .with_context(|| format!("{}: cannot generate code", workspace.fragment().display()))?;
    for (item, outcome) in &generated.overrides {
        if let Outcome::Skipped(why) = outcome {
            writeln!(out, "warning: override skipped ({why}): {}", item.reason)?;
        }
    }
    for note in &generated.notes {
        writeln!(out, "note: {note}")?;
    }
    Ok(vec![
        Planned { path: workspace.models_source(), contents: generated.models },
        Planned { path: workspace.client_source(), contents: generated.client },
    ])
}

/// The fragment with its overrides applied: the contract the generated code follows.
/// Each override that did not apply comes back with why.
pub fn effective_document(workspace: &Workspace) -> Result<(serde_json::Value, Vec<String>)> {
    let (document, outcomes) = with_overrides_applied(workspace)?;
    let skipped = outcomes
        .into_iter()
        .filter_map(|(item, outcome)| match outcome {
            Outcome::Skipped(why) => Some(format!("override skipped ({why}): {}", item.reason)),
            Outcome::Applied => None,
        })
        .collect();
    elevenlabs_spec::check_references(&document)
        .map_err(|e| e.in_file(format!("{} with {}", LAYOUT.fragment, LAYOUT.overrides)))?;
    Ok((document, skipped))
}

/// The vendored fragment with `openapi/overrides.json` applied, and what happened to each
/// override.
pub(crate) fn with_overrides_applied(
    workspace: &Workspace,
) -> Result<(serde_json::Value, Vec<(elevenlabs_spec::Override, Outcome)>)> {
    let mut document = load_path(&workspace.fragment())?.value;
    let outcomes = read_overrides(workspace)?.apply(&mut document);
    Ok((document, outcomes))
}

/// Writes [`effective_document`] to `output`, or to `out` when none is given; skipped
/// overrides are warned about on standard error, never inside the document.
pub fn effective_spec(workspace: &Workspace, output: Option<&Path>, out: &mut dyn Write) -> Result<Status> {
    let (document, skipped) = effective_document(workspace)?;
    for warning in &skipped {
        eprintln!("warning: {warning}");
    }
    let text = canonical_json(&document);
    match output {
        Some(path) => {
            write_all_or_none(&[(path, text.as_bytes())])?;
            writeln!(out, "wrote {}", path.display())?;
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(Status::Done)
}

/// The arguments of `cargo xtask schema-diff`.
#[derive(Debug, Clone)]
pub struct SchemaDiffArgs {
    pub base: Source,
    pub head: Source,
    pub format: DiffFormat,
    pub fail_on_breaking: bool,
    /// For Markdown: the most characters, and where the whole report is.
    pub limit: Option<(usize, String)>,
}

/// Compares two documents and reports in the chosen format.
pub fn schema_diff(workspace: &Workspace, args: &SchemaDiffArgs, out: &mut dyn Write) -> Result<Status> {
    // Only Markdown prints the generated code's diff.
    let comparison = compare_sources(workspace, &args.base, &args.head, args.format == DiffFormat::Markdown)?;
    let (report, code_diff) = (&comparison.report, comparison.code_diff.as_deref());
    let rendered = match args.format {
        DiffFormat::Json => render::render_json(report),
        DiffFormat::Text => render::render_text(report),
        DiffFormat::Markdown => match &args.limit {
            Some((chars, rest_at)) => render::render_markdown_within(report, code_diff, *chars, rest_at),
            None => render::render_markdown(report, code_diff),
        },
    };
    out.write_all(rendered.as_bytes())?;
    Ok(if args.fail_on_breaking && report.summary.breaking > 0 { Status::CheckFailed } else { Status::Done })
}

/// Compares two sources as `schema-diff` does: both generated as `codegen` would, over the
/// operations it generates, overrides applied; a committed BASE compared as committed.
pub fn compare_sources(
    workspace: &Workspace,
    base: &Source,
    head: &Source,
    code_diff: bool,
) -> Result<elevenlabs_schema_diff::Comparison> {
    let limits = DownloadLimits::default();
    let (base_document, head_document) = (base.load(workspace, &limits)?, head.load(workspace, &limits)?);
    for (source, document) in [(base, &base_document), (head, &head_document)] {
        elevenlabs_spec::check_references(document).map_err(|e| e.in_file(source.to_string()))?;
    }
    let options = elevenlabs_schema_diff::Options {
        overrides: read_overrides(workspace)?,
        operations: generated_operations(workspace)?,
        codegen: codegen_options(),
        code_diff,
        source_paths: (LAYOUT.models_source.into(), LAYOUT.client_source.into()),
        // A committed BASE is compared as committed: what a newer codegen changes shows.
        base_sources: base.committed_generated(workspace),
        ..Default::default()
    };
    let (base_name, head_name) = (base.to_string(), head.to_string());
    elevenlabs_schema_diff::compare(
        Named { name: &base_name, document: &base_document },
        Named { name: &head_name, document: &head_document },
        &options,
    )
    .with_context(|| format!("{base} → {head}"))
}

/// How `codegen` generates this workspace's crates: its inputs named in the headers.
pub fn codegen_options() -> Options {
    Options { inputs: LAYOUT.inputs().map(String::from).to_vec(), ..Options::default() }
}

/// The operations `codegen` generates: those `openapi/provenance.json` records.
fn generated_operations(workspace: &Workspace) -> Result<OperationSet> {
    Ok(match recorded_selection(workspace)? {
        Selection::Named(operations) => OperationSet::Recorded(operations),
        Selection::All => OperationSet::Union,
    })
}

pub(crate) fn read_overrides(workspace: &Workspace) -> Result<Overrides> {
    let path = workspace.overrides();
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Overrides::parse(&text).map_err(|e| e.in_file(&path))?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Overrides::default()),
        Err(e) => bail!("{}: cannot read: {e}", path.display()),
    }
}

/// An error and its causes on one line.
pub fn one_line(error: &anyhow::Error) -> String {
    error.chain().map(|e| e.to_string()).collect::<Vec<_>>().join(": ").replace('\n', " ")
}
