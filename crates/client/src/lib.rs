#![doc = include_str!("../README.md")]
// Feature-gated items (the `mock` module) are labelled on docs.rs.
#![cfg_attr(docsrs, feature(doc_cfg))]
// Errors keep the response's headers and body for the caller; the successful value is
// larger still, so boxing the error would buy nothing.
#![allow(clippy::result_large_err)]
// Generated names are the document's, in any script (`été`, `日本`); rustc checks these
// lints for the whole crate only (codegen's `CRATE_ROOT_ALLOWS`).
#![allow(uncommon_codepoints, confusable_idents, mixed_script_confusables)]
// Types hold the types their properties name inline: a chain of components past 64 deep
// passes rustc's default limit in computing layouts (codegen's `CRATE_ROOT_RECURSION_LIMIT`).
#![recursion_limit = "1024"]

mod body_limit;
mod client;
mod concurrency;
mod environment;
pub mod error;
/// The client progenitor generated from the vendored description: every operation as a
/// builder (`client.generated().get_user_info().send()`), with progenitor's own errors.
/// [`ElevenLabs::generated`] gives one that sends the key, with the same timeouts, retries
/// and limits.
#[rustfmt::skip] // formatted by prettyplease in `cargo xtask codegen`
pub mod generated;
mod headers;
#[cfg(feature = "mock")]
pub mod mock;
mod options;
mod redirect;
mod response;
pub mod retry;
pub mod trace;
mod transport;

pub use client::{ElevenLabs, ElevenLabsBuilder, API_KEY_VARIABLE, USER_AGENT};
pub use elevenlabs_user_models as models;
pub use environment::Environment;
pub use error::Error;
pub use options::RequestOptions;
pub use response::ApiResponse;
