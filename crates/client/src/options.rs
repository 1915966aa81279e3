//! Settings for one call that differ from the client's.

use std::time::Duration;

/// Settings for one call that differ from the client's; what is not set is the client's.
///
/// ```
/// use std::time::Duration;
/// let quick = elevenlabs_user_client::RequestOptions::new().total_timeout(Duration::from_secs(5)).max_retries(0);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestOptions {
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) total_timeout: Option<Duration>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) retry_non_idempotent: Option<bool>,
}

impl RequestOptions {
    /// The client's settings, unchanged.
    pub fn new() -> Self {
        Self::default()
    }

    /// Each attempt, from sending to the body's last byte.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// The whole call: every attempt and every wait between them.
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = Some(timeout);
        self
    }

    /// Retries after the first attempt; 0 disables retrying.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// Retry a non-idempotent request (POST, PATCH) even after the server may have acted
    /// on it; by default only connection failures before sending are retried for those.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = Some(retry);
        self
    }
}
