//! `cargo xtask codegen [--check]`: regenerate both crates from `openapi/`, or report the
//! stale files.

use std::io::Write;

use anyhow::{bail, Context, Result};
use elevenlabs_spec::{load_path, OperationRef, Outcome};

use crate::files::{stale_files, write_stale, Planned};
use crate::layout::USER_OPERATION;
use crate::workspace::codegen_options;
use crate::{Status, Workspace};

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

/// Reads `openapi/` and generates every file in memory, reporting skipped overrides and
/// codegen's notes.
pub fn plan_generated_files(workspace: &Workspace, out: &mut dyn Write) -> Result<Vec<Planned>> {
    let fragment = load_path(&workspace.fragment())?;
    let operation: OperationRef = USER_OPERATION.parse()?;
    if !elevenlabs_spec::operations(&fragment.value).contains(&operation) {
        bail!(
            "{}: has no {operation}; vendor it with `cargo xtask vendor --from <document>`",
            workspace.fragment().display()
        );
    }
    if let Some(disagreement) = workspace.unrecorded_operations(&fragment.value)? {
        bail!("{}: {disagreement}", workspace.fragment().display());
    }
    let overrides = workspace.read_overrides()?;
    let generated = elevenlabs_codegen::generate(&fragment.value, &overrides, &codegen_options())
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
