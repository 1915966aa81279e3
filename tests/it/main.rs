//! The workspace tests, as one binary: linking one test binary instead of fifteen saves
//! minutes on two cores (the layout rust-analyzer and cargo use). Run one module with
//! `cargo test -p elevenlabs-user-tests --test it <module>::`.

mod all_documents;
mod bad_input;
mod causes;
mod codegen;
mod compile_property;
mod contract;
mod data;
mod fuzz_regressions;
mod links;
mod mock;
mod models;
mod msrv;
mod real_client;
mod round_trip;
mod rust_api;
mod schema_agreement;
mod schema_diff;
mod snapshots;
mod workflows;

/// Where the tests' scratch workspaces build: this build's own target directory, so that
/// the generated crates compile against the dependencies already built for the tests.
fn scratch_target_dir() -> std::path::PathBuf {
    elevenlabs_scratch::workspace_target_dir(env!("CARGO_TARGET_TMPDIR"))
}
