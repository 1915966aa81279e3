//! `cargo xtask schema-diff`: what changed between two documents, rendered for a reader.

use std::io::Write;

use anyhow::{Context, Result};
use elevenlabs_schema_diff::{render, Comparison, Named, OperationSet};

use crate::cli::DiffFormat;
use crate::layout::LAYOUT;
use crate::source::{DownloadLimits, Source};
use crate::workspace::codegen_options;
use crate::{Status, Workspace};

/// The arguments of `cargo xtask schema-diff`.
#[derive(Debug, Clone)]
pub struct SchemaDiffArgs {
    pub base: Source,
    pub head: Source,
    pub format: DiffFormat,
    pub fail_on_breaking: bool,
    /// For Markdown: the most characters, and where the whole report is.
    pub limit: Option<(usize, String)>,
    /// Every operation of either document, rather than the recorded ones.
    pub all_operations: bool,
}

/// Compares two documents and reports in the chosen format.
pub fn run(workspace: &Workspace, args: &SchemaDiffArgs, out: &mut dyn Write) -> Result<Status> {
    // Only Markdown prints the generated code's diff.
    let operations = if args.all_operations { OperationSet::Union } else { workspace.generated_operations()? };
    let comparison =
        compare_sources(workspace, &args.base, &args.head, operations, args.format == DiffFormat::Markdown)?;
    let (report, code_diff) = (&comparison.report, comparison.code_diff.as_deref());
    let kinds_doc = workspace.kinds_doc();
    let rendered = match args.format {
        DiffFormat::Json => render::render_json(report),
        DiffFormat::Text => render::render_text(report),
        DiffFormat::Markdown => render::render_markdown(
            report,
            &render::MarkdownOptions {
                code_diff,
                kinds_doc: kinds_doc.as_deref(),
                limit: args.limit.as_ref().map(|(chars, rest_at)| (*chars, rest_at.as_str())),
            },
        ),
    };
    out.write_all(rendered.as_bytes())?;
    Ok(if args.fail_on_breaking && report.breaks_anyone() { Status::CheckFailed } else { Status::Done })
}

/// Compares two sources as `schema-diff` does: both generated as `codegen` would, over the
/// chosen operations, overrides applied; a committed BASE compared as committed.
pub fn compare_sources(
    workspace: &Workspace,
    base: &Source,
    head: &Source,
    operations: OperationSet,
    code_diff: bool,
) -> Result<Comparison> {
    let limits = DownloadLimits::default();
    let (base_document, head_document) = (base.load(workspace, &limits)?, head.load(workspace, &limits)?);
    // Only what operations reach is compared, so only that has to hold together.
    for (source, document) in [(base, &base_document), (head, &head_document)] {
        elevenlabs_spec::check_references_reached(document).map_err(|e| e.in_file(source.to_string()))?;
    }
    let options = elevenlabs_schema_diff::Options {
        overrides: workspace.read_overrides()?,
        operations,
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
