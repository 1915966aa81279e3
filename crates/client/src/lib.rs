//! A client for the ElevenLabs `GET /v1/user` endpoint.
//!
//! The client is generated from the vendored API description (`openapi/`) by
//! `cargo xtask codegen`, into `generated.rs`, and uses the types of
//! [`elevenlabs_user_models`], re-exported here as [`models`].

#[rustfmt::skip] // formatted by prettyplease in `cargo xtask codegen`
mod generated;

pub use elevenlabs_user_models as models;
pub use generated::*;
