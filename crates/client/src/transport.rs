//! What the generated client does on the wire beyond progenitor's defaults: per-request
//! timeouts and retries with backoff that honour `Retry-After`. Implemented as the
//! generated client's `ClientHooks`, so every generated method gets them.

use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime};

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::StatusCode;

use crate::Client;

/// Retries for idempotent requests: on connection errors, 408, 429 and 5xx.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 disables retrying.
    pub max_retries: u32,
    /// The first backoff; each retry doubles it, with jitter.
    pub initial_backoff: Duration,
    /// The longest backoff between two attempts.
    pub max_backoff: Duration,
    /// The longest `Retry-After` honoured; longer ones are shortened to it.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries.
    pub fn none() -> Self {
        Self { max_retries: 0, ..Self::default() }
    }

    /// How long to wait before retry number `retry` (0-based): `Retry-After` when the
    /// response gives one (capped), otherwise exponential backoff with jitter.
    pub fn delay(&self, retry: u32, headers: Option<&HeaderMap>, now: SystemTime) -> Duration {
        if let Some(wait) = headers.and_then(|h| retry_after(h, now)) {
            return wait.min(self.max_retry_after);
        }
        let exponential = self.initial_backoff.saturating_mul(2u32.saturating_pow(retry)).min(self.max_backoff);
        // Full jitter in [50%, 100%] spreads clients that failed together.
        let jitter = 0.5 + 0.5 * random_unit();
        exponential.mul_f64(jitter)
    }
}

/// Whether a response status is worth retrying.
pub fn is_retryable(status: StatusCode) -> bool {
    status == StatusCode::REQUEST_TIMEOUT || status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
}

/// `Retry-After` as a duration from `now`: delay-seconds or an HTTP date.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A number in [0, 1) from the standard library's per-process random hasher keys.
fn random_unit() -> f64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default().as_nanos());
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// How the generated client sends each request: carried by every `Client`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestSettings {
    /// The whole request, from sending to the last byte of the body, per attempt.
    pub timeout: Duration,
    pub retry: RetryPolicy,
}

impl Default for RequestSettings {
    fn default() -> Self {
        Self { timeout: DEFAULT_TIMEOUT, retry: RetryPolicy::default() }
    }
}

/// The default per-attempt request timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

impl ClientHooks<RequestSettings> for Client {
    async fn exec(&self, mut request: reqwest::Request, _info: &OperationInfo) -> reqwest::Result<reqwest::Response> {
        let settings = *self.inner();
        let mut retry = 0;
        loop {
            *request.timeout_mut() = Some(settings.timeout);
            // A body that cannot be cloned (a stream) cannot be sent twice.
            let next = (retry < settings.retry.max_retries).then(|| request.try_clone()).flatten();
            let outcome = self.client().execute(request).await;
            let Some(next) = next else { return outcome };
            let delay = match &outcome {
                Ok(response) if is_retryable(response.status()) => {
                    settings.retry.delay(retry, Some(response.headers()), SystemTime::now())
                }
                // Connection failures, not timeouts: a timeout has spent the caller's budget.
                Err(error) if error.is_connect() || (error.is_request() && !error.is_timeout()) => {
                    settings.retry.delay(retry, None, SystemTime::now())
                }
                _ => return outcome,
            };
            drop(outcome);
            tokio::time::sleep(delay).await;
            retry += 1;
            request = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_str(retry_after).unwrap());
        headers
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date_and_capped() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(retry_after(&headers("3"), now), Some(Duration::from_secs(3)));
        let in_ten_seconds = httpdate::fmt_http_date(now + Duration::from_secs(10));
        assert_eq!(retry_after(&headers(&in_ten_seconds), now), Some(Duration::from_secs(10)));
        assert_eq!(
            retry_after(&headers(&httpdate::fmt_http_date(now - Duration::from_secs(5))), now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after(&headers("soon"), now), None);
        let policy = RetryPolicy::default();
        assert_eq!(policy.delay(0, Some(&headers("3600")), now), Duration::from_secs(60));
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let policy = RetryPolicy::default();
        for retry in 0..6 {
            let delay = policy.delay(retry, None, SystemTime::now());
            let full = (policy.initial_backoff * 2u32.pow(retry)).min(policy.max_backoff);
            assert!(delay >= full / 2 && delay <= full, "retry {retry}: {delay:?} not in [{:?}, {full:?}]", full / 2);
        }
    }

    #[test]
    fn only_timeouts_rate_limits_and_server_errors_are_retried() {
        for code in [408, 429, 500, 502, 503, 504] {
            assert!(is_retryable(StatusCode::from_u16(code).unwrap()), "{code}");
        }
        for code in [200, 400, 401, 403, 404, 409, 422] {
            assert!(!is_retryable(StatusCode::from_u16(code).unwrap()), "{code}");
        }
    }
}
