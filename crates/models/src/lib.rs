//! Models of the ElevenLabs `GET /v1/user` response: the caller's account, subscription
//! and quota.
//!
//! The types are generated from the vendored API description (`openapi/`) by
//! `cargo xtask codegen`, into `generated.rs`; hand-written additions live beside it.
//!
//! They are built to survive an API that drifts:
//! - every string enum keeps values it does not know in `Unknown(String)`;
//! - every object keeps fields it does not know in its `extra` map, so a response
//!   deserialized and serialized again is the same JSON;
//! - types are `#[non_exhaustive]`; build values with `Type::builder()`;
//! - `Debug` never prints the caller's API key (`xi_api_key`).
//!
//! ```
//! use elevenlabs_user_models::{SubscriptionStatusType, UserResponseModel};
//!
//! let body = include_str!("../../../tests/fixtures/seed-example.json");
//! let user: UserResponseModel = serde_json::from_str(body).unwrap();
//! assert_eq!(user.subscription.status, SubscriptionStatusType::Free);
//! assert_eq!(user.subscription.characters_remaining(), 82_769);
//! assert!(!format!("{user:?}").contains(user.xi_api_key.as_deref().unwrap()));
//! ```

#[rustfmt::skip] // formatted by prettyplease in `cargo xtask codegen`
mod generated;
mod usage;

pub use generated::*;
