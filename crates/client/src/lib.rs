//! A client for the ElevenLabs `GET /v1/user` endpoint: the caller's account,
//! subscription and quota.
//!
//! [`ElevenLabs`] is the client to use: environments, the API key from the builder or
//! `ELEVENLABS_API_KEY`, timeouts, retries with backoff that honour `Retry-After`, and
//! typed [`Error`]s. Underneath is the progenitor-generated [`Client`] (in
//! `generated.rs`, written by `cargo xtask codegen` from `openapi/`), whose requests get the
//! same timeouts and retries from [`RequestSettings`]. Types come from
//! [`elevenlabs_user_models`], re-exported as [`models`].

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
