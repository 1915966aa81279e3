#![doc = include_str!("../README.md")]
// Feature-gated items are labelled on docs.rs.
#![cfg_attr(docsrs, feature(doc_cfg))]
// Generated names are the document's, in any script (`été`, `日本`); rustc checks these
// lints for the whole crate only (codegen's `CRATE_ROOT_ALLOWS`).
#![allow(uncommon_codepoints, confusable_idents, mixed_script_confusables)]
// Types hold the types their properties name inline: a chain of components past 64 deep
// passes rustc's default limit in computing layouts (codegen's `CRATE_ROOT_RECURSION_LIMIT`).
#![recursion_limit = "1024"]

#[rustfmt::skip] // formatted by prettyplease in `cargo xtask codegen`
mod generated;
mod usage;

pub use generated::*;
