//! The client's integration tests, as one binary (one link instead of five). Run one
//! module with `cargo test -p elevenlabs-user-client --test it <module>::`.

mod body_limit;
mod loopback;
mod secrets;
mod statuses;
mod support;
mod tracing_spans;
