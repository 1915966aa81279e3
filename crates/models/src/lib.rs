#![doc = include_str!("../README.md")]
// Feature-gated items are labelled on docs.rs.
#![cfg_attr(docsrs, feature(doc_cfg))]

#[rustfmt::skip] // formatted by prettyplease in `cargo xtask codegen`
mod generated;
mod usage;

pub use generated::*;
