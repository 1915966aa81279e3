//! Models of the ElevenLabs `GET /v1/user` response: the caller's account, subscription
//! and quota.
//!
//! The types are generated from the vendored API description (`openapi/`) by
//! `cargo xtask codegen`, into `generated.rs`; hand-written additions live beside it.

mod generated;

pub use generated::*;
