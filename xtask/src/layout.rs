//! Where the pipeline's files live in the workspace, and the operation it is about: one
//! statement that the commands, the generated files' headers and the tests all read. The
//! libraries know nothing of it; xtask passes them paths.

/// Paths relative to the workspace root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// The vendored fragment.
    pub fragment: &'static str,
    /// Reasoned corrections applied on top of the fragment.
    pub overrides: &'static str,
    /// Where the fragment came from.
    pub provenance: &'static str,
    /// The generated source of the models crate.
    pub models_source: &'static str,
    /// The generated source of the client crate.
    pub client_source: &'static str,
    /// The published crates, released together under one version: (package, folder).
    pub published: [(&'static str, &'static str); 2],
    /// Their release history, written by `cargo xtask release`.
    pub changelog: &'static str,
}

/// The operation this project is about: what `vendor` cuts out when nothing else is asked.
pub const USER_OPERATION: &str = "GET /v1/user";

/// This workspace's layout.
pub const LAYOUT: Layout = Layout {
    fragment: "openapi/v1-user.json",
    overrides: "openapi/overrides.json",
    provenance: "openapi/provenance.json",
    models_source: "crates/models/src/generated.rs",
    client_source: "crates/client/src/generated.rs",
    published: [("elevenlabs-user-models", "crates/models"), ("elevenlabs-user-client", "crates/client")],
    changelog: "CHANGELOG.md",
};

impl Layout {
    /// The files code generation reads.
    pub fn inputs(&self) -> [&'static str; 2] {
        [self.fragment, self.overrides]
    }

    /// Every file the commands read or write.
    pub fn pipeline_files(&self) -> [&'static str; 5] {
        [self.fragment, self.overrides, self.provenance, self.models_source, self.client_source]
    }
}
