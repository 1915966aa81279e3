#![doc = include_str!("../README.md")]
// Feature-gated items (the `mock` module) are labelled on docs.rs.
#![cfg_attr(docsrs, feature(doc_cfg))]
// Errors keep the response's headers and body for the caller; the successful value is
// larger still, so boxing the error would buy nothing.
#![allow(clippy::result_large_err)]

mod api;
mod body_limit;
mod environment;
mod error;
#[rustfmt::skip] // formatted by prettyplease in `cargo xtask codegen`
mod generated;
#[cfg(feature = "mock")]
pub mod mock;
mod transport;

pub use api::{ApiResponse, ElevenLabs, ElevenLabsBuilder, RequestOptions, API_KEY_VARIABLE, USER_AGENT};
pub use body_limit::DEFAULT_MAX_BODY_BYTES;
pub use elevenlabs_user_models as models;
pub use environment::Environment;
pub use error::{Error, Secrets};
pub use generated::{builder, prelude, types, Client, ClientInfo, ResponseValue};
pub use transport::{
    is_idempotent, is_retryable, retry_after, RequestSettings, RetryPolicy, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT,
    TRACE_TARGET_ATTEMPT, TRACE_TARGET_REQUEST,
};
