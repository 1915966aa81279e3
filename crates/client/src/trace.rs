//! The `tracing` targets the client records under, for filtering
//! (`elevenlabs_user_client::attempt=debug`). Nothing is recorded, and the cost is a
//! disabled-callsite check, when no subscriber is installed. Never a key, a URL or a body.

/// The target of the span each call opens, `elevenlabs.request`: fields `operation`,
/// `environment` (a name such as `production`, never a URL) and `method`.
pub const REQUEST_TARGET: &str = "elevenlabs_user_client::request";

/// The target of the event each attempt records, `elevenlabs.attempt` (level DEBUG):
/// fields `attempt`, `status` or `error`, `elapsed_ms`, `request_id`, `trace_id`, and when a
/// retry follows, `retry_in_ms` and `retry_reason` (`retry-after`, `backoff` or
/// `concurrency`).
pub const ATTEMPT_TARGET: &str = "elevenlabs_user_client::attempt";
