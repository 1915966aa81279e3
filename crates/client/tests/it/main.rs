//! The client's integration tests, as one binary (one link instead of five). Run one
//! module with `cargo test -p elevenlabs-user-client --test it <module>::`.

// A test binary is no public API: its helpers are `pub` for its own modules.
#![allow(unreachable_pub)]

mod body_limit;
mod loopback;
mod misbehaving;
mod secrets;
mod statuses;
mod support;
mod tracing_spans;
