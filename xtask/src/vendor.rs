//! `cargo xtask vendor`: cut operations out of a full upstream document into `openapi/`.

use std::io::Write;

use anyhow::{bail, Result};
use elevenlabs_spec::{canonical_json, Selection};

use crate::files::write_all_or_none;
use crate::layout::LAYOUT;
use crate::source::{DownloadLimits, Source};
use crate::{Status, Workspace};

/// `cargo xtask vendor --from FROM [--operation OP]… [--all-operations]`.
pub fn run(
    workspace: &Workspace,
    from: &str,
    operations: &[String],
    all_operations: bool,
    out: &mut dyn Write,
) -> Result<Status> {
    let from = Source::parse(from)?;
    // The named operations, every one, or else the set `openapi/provenance.json` records.
    let selection = if all_operations {
        Selection::All
    } else if !operations.is_empty() {
        Selection::Named(operations.iter().map(|o| o.parse()).collect::<Result<_, _>>()?)
    } else {
        workspace.recorded_selection()?
    };
    vendor(workspace, &from, &selection, &DownloadLimits::default(), out)
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
    if matches!(from, Source::Git { .. }) {
        bail!("{from}: vendor reads a file or a URL, not git history");
    }
    let bytes = from.read(workspace, limits)?;
    let source_name = from.file_name();
    let mut vendored = elevenlabs_spec::vendor(&source_name, &bytes, selection, &elevenlabs_spec::today_utc())
        .map_err(|e| e.in_file(from.to_string()))?;
    let operation = vendored.provenance.operations.join(", ");
    vendored.provenance.url = from.url().map(str::to_string);
    let fragment = canonical_json(&vendored.fragment);
    let unchanged = std::fs::read_to_string(workspace.fragment()).is_ok_and(|current| current == fragment)
        && workspace.provenance_record().is_some_and(|p| p.sha256 == vendored.provenance.sha256);
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
