//! No code: a manifest whose dependencies' features make `cargo xtask` build what
//! `cargo test --workspace` builds. See `Cargo.toml`; `tests/aligned.rs` keeps it true.
