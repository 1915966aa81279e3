//! `cargo xtask effective-spec`: the contract the generated code follows, as one document.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use elevenlabs_spec::{canonical_json, Outcome};

use crate::files::write_all_or_none;
use crate::layout::LAYOUT;
use crate::{Status, Workspace};

/// The fragment with its overrides applied: the contract the generated code follows.
/// Each override that did not apply comes back with why.
pub fn effective_document(workspace: &Workspace) -> Result<(serde_json::Value, Vec<String>)> {
    let (document, outcomes) = workspace.with_overrides_applied()?;
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

/// Writes [`effective_document`] to `output`, or to `out` when none is given; skipped
/// overrides are warned about on standard error, never inside the document.
pub fn run(workspace: &Workspace, output: Option<&Path>, out: &mut dyn Write) -> Result<Status> {
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
