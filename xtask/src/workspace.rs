//! The workspace the commands work on: where its files are, and the inputs every command
//! reads the same way (the overrides, the operations that are generated, codegen's options).

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use elevenlabs_codegen::Options;
use elevenlabs_schema_diff::OperationSet;
use elevenlabs_spec::{load_path, OperationRef, Outcome, Override, Overrides, Provenance, Selection};
use serde_json::Value;

use crate::layout::{LAYOUT, USER_OPERATION};

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

    /// The address of the schema-diff reference's published page, from the repository the
    /// workspace manifest names: reports link each kind to its row there.
    pub fn kinds_doc(&self) -> Option<String> {
        let manifest = std::fs::read_to_string(self.root.join("Cargo.toml")).ok()?;
        let line = manifest.lines().find(|line| line.starts_with("repository = "))?;
        let repository = line.trim_start_matches("repository = ").trim_matches('"');
        Some(format!("{repository}/blob/main/docs/schema-diff.md"))
    }

    /// `openapi/overrides.json`, or none when the file does not exist.
    pub fn read_overrides(&self) -> Result<Overrides> {
        let path = self.overrides();
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Overrides::parse(&text).map_err(|e| e.in_file(&path))?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Overrides::default()),
            Err(e) => bail!("{}: cannot read: {e}", path.display()),
        }
    }

    /// What `openapi/provenance.json` records, if it can be read.
    pub fn provenance_record(&self) -> Option<Provenance> {
        serde_json::from_str(&std::fs::read_to_string(self.provenance()).ok()?).ok()
    }

    /// The operations `openapi/provenance.json` records, so that a plain `vendor`
    /// re-vendors the same set; `GET /v1/user` when there is none.
    pub fn recorded_selection(&self) -> Result<Selection> {
        let Some(previous) = self.provenance_record() else {
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
            .map_err(|e: elevenlabs_spec::SpecError| e.in_file(self.provenance()))?;
        Ok(if named.is_empty() { Selection::one(&USER_OPERATION.parse()?) } else { Selection::Named(named) })
    }

    /// The operations `codegen` generates: those `openapi/provenance.json` records.
    pub fn generated_operations(&self) -> Result<OperationSet> {
        Ok(match self.recorded_selection()? {
            Selection::Named(operations) => OperationSet::Recorded(operations),
            Selection::All => OperationSet::Union,
        })
    }

    /// Holds `fragment` to what `openapi/provenance.json` records: `codegen` generates every
    /// operation of the fragment, and `schema-diff` compares the recorded ones, so an
    /// operation added to (or removed from) the fragment by hand would change the crates
    /// without the report seeing it. `None` when they agree, else why not.
    pub fn unrecorded_operations(&self, fragment: &Value) -> Result<Option<String>> {
        let Selection::Named(recorded) = self.recorded_selection()? else { return Ok(None) };
        let present = elevenlabs_spec::operations(fragment);
        let list =
            |operations: Vec<&OperationRef>| operations.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
        let extra: Vec<&OperationRef> = present.iter().filter(|o| !recorded.contains(o)).collect();
        let missing: Vec<&OperationRef> = recorded.iter().filter(|o| !present.contains(o)).collect();
        let mut problems = Vec::new();
        if !extra.is_empty() {
            problems.push(format!("holds {}, which {} does not record", list(extra), LAYOUT.provenance));
        }
        if !missing.is_empty() {
            problems.push(format!("lacks {}, which {} records", list(missing), LAYOUT.provenance));
        }
        Ok((!problems.is_empty()).then(|| {
            format!(
                "{}; codegen generates the fragment's operations and schema-diff compares the recorded ones, \
                 so they must agree: vendor the operations you want with `cargo xtask vendor --from <document> \
                 --operation \"METHOD /path\"` (repeat it for each)",
                problems.join(", and ")
            )
        }))
    }

    /// The vendored fragment with `openapi/overrides.json` applied, and what happened to
    /// each override.
    pub fn with_overrides_applied(&self) -> Result<(Value, Vec<(Override, Outcome)>)> {
        let mut document = load_path(&self.fragment())?.value;
        let outcomes = self.read_overrides()?.apply(&mut document);
        Ok((document, outcomes))
    }
}

/// How `codegen` generates this workspace's crates: its inputs named in the headers.
pub fn codegen_options() -> Options {
    Options { inputs: LAYOUT.inputs().map(String::from).to_vec(), ..Options::default() }
}
