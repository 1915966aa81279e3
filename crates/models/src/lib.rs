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
//! - decoding then encoding a payload gives back the same JSON: an optional field that may
//!   be `null` is `Option<Option<T>>` (absent is `None`, `null` is `Some(None)`) with an
//!   accessor of its name giving `Option<&T>`; a required field that may be `null` is
//!   `Option<T>` written as `null`; an optional field with a default is `Option<T>`, absent
//!   when the server omitted it, with an accessor giving the value or the default;
//! - `Debug` never prints the caller's API key (`xi_api_key`).
//!
//! ```
//! use elevenlabs_user_models::{SubscriptionStatusType, UserResponseModel};
//!
//! let body = include_str!("../../../tests/fixtures/seed-example.json");
//! let user: UserResponseModel = serde_json::from_str(body).unwrap();
//! assert_eq!(user.subscription.status, SubscriptionStatusType::Free);
//! assert_eq!(user.subscription.characters_remaining(), 82_769);
//! assert_eq!(user.first_name().map(String::as_str), Some("John"));
//! assert!(!format!("{user:?}").contains(user.xi_api_key().unwrap().as_str()));
//! ```

#[rustfmt::skip] // formatted by prettyplease in `cargo xtask codegen`
mod generated;
mod usage;

pub use generated::*;
