//! When a failed attempt is sent again, and after how long: the policy, and the rules it
//! applies (which methods are idempotent, which statuses are worth retrying, what
//! `Retry-After` says).

use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// Retries on connection errors, 408, 429 and 5xx. Requests with an idempotent method
/// (GET, HEAD, OPTIONS, PUT, DELETE, TRACE) are retried on all of them; others (POST,
/// PATCH) only when the connection failed before anything was sent, unless
/// `retry_non_idempotent` opts them in. Never after a timeout, and never past the call's
/// total timeout.
///
/// ```
/// let mut policy = elevenlabs_user_client::retry::RetryPolicy::default();
/// policy.max_retries = 5;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 disables retrying.
    pub max_retries: u32,
    /// Also retry non-idempotent requests after the server may have acted on them.
    pub retry_non_idempotent: bool,
    /// The first backoff; each retry doubles it, with jitter.
    pub initial_backoff: Duration,
    /// The longest backoff between two attempts.
    pub max_backoff: Duration,
    /// The longest `Retry-After` waited for; a longer one ends the call with the 429, and
    /// its `retry_after`, at once.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            retry_non_idempotent: false,
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

    /// Exponential backoff before retry number `retry` (0-based), with equal jitter: half
    /// the backoff fixed, half random, so clients that failed together spread out while
    /// keeping a floor under the wait.
    pub fn backoff(&self, retry: u32) -> Duration {
        let exponential = self.initial_backoff.saturating_mul(2u32.saturating_pow(retry)).min(self.max_backoff);
        exponential.mul_f64(0.5 + 0.5 * random_unit())
    }

    /// Whether a request with `method` may be sent again after `failure`.
    pub(crate) fn may_retry(&self, method: &Method, failure: Failure) -> bool {
        match failure {
            // Nothing reached the server, so nothing can happen twice.
            Failure::NotSent => true,
            Failure::MaybeProcessed => self.retry_non_idempotent || is_idempotent(method),
        }
    }
}

/// Whether a failed attempt may have reached the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The connection could not be made.
    NotSent,
    /// A retryable status, or a connection that broke after the request went out.
    MaybeProcessed,
}

/// Methods whose repetition has the effect of one request (RFC 9110, 9.2.2).
pub fn is_idempotent(method: &Method) -> bool {
    [Method::GET, Method::HEAD, Method::OPTIONS, Method::PUT, Method::DELETE, Method::TRACE].contains(method)
}

/// Whether a response status is worth retrying: 408, 429 and 5xx.
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
    fn retry_after_in_seconds_or_as_a_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(retry_after(&headers("3"), now), Some(Duration::from_secs(3)));
        let in_ten_seconds = httpdate::fmt_http_date(now + Duration::from_secs(10));
        assert_eq!(retry_after(&headers(&in_ten_seconds), now), Some(Duration::from_secs(10)));
        assert_eq!(
            retry_after(&headers(&httpdate::fmt_http_date(now - Duration::from_secs(5))), now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after(&headers("soon"), now), None);
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let policy = RetryPolicy::default();
        for retry in 0..6 {
            let delay = policy.backoff(retry);
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

    #[test]
    fn a_request_that_never_left_is_retried_whatever_its_method() {
        let policy = RetryPolicy::default();
        assert!(policy.may_retry(&Method::POST, Failure::NotSent));
        assert!(!policy.may_retry(&Method::POST, Failure::MaybeProcessed));
        assert!(policy.may_retry(&Method::GET, Failure::MaybeProcessed));
        let opted_in = RetryPolicy { retry_non_idempotent: true, ..policy };
        assert!(opted_in.may_retry(&Method::PATCH, Failure::MaybeProcessed));
    }
}
