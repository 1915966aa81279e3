//! What the generated client does on the wire beyond progenitor's defaults: per-request
//! timeouts, retries with backoff that honour `Retry-After`, and `tracing` spans and
//! events. Implemented as the generated client's `ClientHooks`, so every generated method
//! gets them.

use std::cell::Cell;
use std::future::Future;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, Instant, SystemTime};

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use tracing::Instrument;

use crate::body_limit::{limit_body, DEFAULT_MAX_BODY_BYTES};
use crate::Client;

/// Retries on connection errors, 408, 429 and 5xx. Requests with an idempotent method
/// (GET, HEAD, OPTIONS, PUT, DELETE, TRACE) are retried on all of them; others (POST,
/// PATCH) only when the connection failed before anything was sent, unless
/// `retry_non_idempotent` opts them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 disables retrying.
    pub max_retries: u32,
    /// Also retry non-idempotent requests after the server may have acted on them.
    pub retry_non_idempotent: bool,
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

    /// How long to wait before retry number `retry` (0-based): `Retry-After` when the
    /// response gives one (capped), otherwise exponential backoff with jitter.
    pub fn delay(&self, retry: u32, headers: Option<&HeaderMap>, now: SystemTime) -> Duration {
        self.delay_with_reason(retry, headers, now).0
    }

    fn delay_with_reason(&self, retry: u32, headers: Option<&HeaderMap>, now: SystemTime) -> (Duration, &'static str) {
        if let Some(wait) = headers.and_then(|h| retry_after(h, now)) {
            return (wait.min(self.max_retry_after), "retry-after");
        }
        let exponential = self.initial_backoff.saturating_mul(2u32.saturating_pow(retry)).min(self.max_backoff);
        // Equal jitter: half the backoff fixed, half random, in [50%, 100%]; it spreads
        // clients that failed together while keeping a floor under the wait.
        let jitter = 0.5 + 0.5 * random_unit();
        (exponential.mul_f64(jitter), "backoff")
    }

    /// Whether a request with `method` may be sent again after `failure`.
    fn may_retry(&self, method: &Method, failure: Failure) -> bool {
        match failure {
            // Nothing reached the server, so nothing can happen twice.
            Failure::NotSent => true,
            Failure::MaybeProcessed => self.retry_non_idempotent || is_idempotent(method),
        }
    }
}

/// Whether a failed attempt may have reached the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failure {
    /// The connection could not be made.
    NotSent,
    /// A retryable status, or a connection that broke after the request went out.
    MaybeProcessed,
}

/// Methods whose repetition has the effect of one request (RFC 9110, 9.2.2).
pub fn is_idempotent(method: &Method) -> bool {
    [Method::GET, Method::HEAD, Method::OPTIONS, Method::PUT, Method::DELETE, Method::TRACE].contains(method)
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
    /// The environment's name, for traces (`production`, `eu-residency`, `custom`, …).
    pub environment: &'static str,
    /// The most bytes of a response body the client reads; a larger body fails with
    /// [`crate::Error::BodyTooLarge`].
    pub max_body_bytes: u64,
}

impl Default for RequestSettings {
    fn default() -> Self {
        Self {
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            environment: "production",
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        }
    }
}

/// The `tracing` target of the span each call opens (`elevenlabs.request`).
pub const TRACE_TARGET_REQUEST: &str = "elevenlabs_user_client::request";
/// The `tracing` target of the event each attempt records (`elevenlabs.attempt`).
pub const TRACE_TARGET_ATTEMPT: &str = "elevenlabs_user_client::attempt";

tokio::task_local! {
    /// The status and headers of the last response of a call, kept for errors whose
    /// generated form loses them (a body that does not decode).
    static LAST_RESPONSE: Cell<Option<(StatusCode, Option<HeaderMap>)>>;
}

/// Runs `call`, and returns with its result the status and headers of the last response
/// it received, if any.
pub(crate) async fn observed_status<T>(call: impl Future<Output = T>) -> (Option<(StatusCode, HeaderMap)>, T) {
    LAST_RESPONSE
        .scope(Cell::new(None), async {
            let result = call.await;
            let last = LAST_RESPONSE.with(|cell| cell.take()).map(|(s, h)| (s, h.unwrap_or_default()));
            (last, result)
        })
        .await
}

fn observe(response: &reqwest::Response) {
    let status = response.status();
    // Only an error status's headers are ever needed; a success costs no copy.
    let headers = (!status.is_success()).then(|| response.headers().clone());
    let _ = LAST_RESPONSE.try_with(|cell| cell.set(Some((status, headers))));
}

pub(crate) fn request_id(headers: &HeaderMap) -> Option<&str> {
    ["request-id", "x-request-id"].iter().find_map(|name| headers.get(*name)?.to_str().ok())
}

/// The default per-attempt request timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

impl ClientHooks<RequestSettings> for Client {
    async fn exec(&self, request: reqwest::Request, info: &OperationInfo) -> reqwest::Result<reqwest::Response> {
        let settings = *self.inner();
        let span = tracing::info_span!(
            target: TRACE_TARGET_REQUEST,
            "elevenlabs.request",
            operation = info.operation_id,
            environment = settings.environment,
            method = %request.method(),
        );
        send_with_retries(self.client(), request, settings).instrument(span).await
    }
}

/// Sends `request`, retrying as `settings.retry` allows; one `tracing` event per attempt.
async fn send_with_retries(
    client: &reqwest::Client,
    mut request: reqwest::Request,
    settings: RequestSettings,
) -> reqwest::Result<reqwest::Response> {
    let method = request.method().clone();
    let mut retry = 0;
    loop {
        *request.timeout_mut() = Some(settings.timeout);
        // A body that cannot be cloned (a stream) cannot be sent twice.
        let next = (retry < settings.retry.max_retries).then(|| request.try_clone()).flatten();
        let started = Instant::now();
        let outcome = client.execute(request).await;
        let elapsed = started.elapsed();
        let failure = match &outcome {
            Ok(response) => {
                observe(response);
                is_retryable(response.status()).then_some(Failure::MaybeProcessed)
            }
            Err(error) if error.is_connect() => Some(Failure::NotSent),
            // A timeout has spent the caller's budget; other request errors may have
            // reached the server.
            Err(error) if error.is_request() && !error.is_timeout() => Some(Failure::MaybeProcessed),
            Err(_) => None,
        };
        let retry_with = match (next, failure) {
            (Some(next), Some(failure)) if settings.retry.may_retry(&method, failure) => {
                let headers = outcome.as_ref().ok().map(|r| r.headers());
                Some((next, settings.retry.delay_with_reason(retry, headers, SystemTime::now())))
            }
            _ => None,
        };
        let response = outcome.as_ref().ok();
        tracing::debug!(
            target: TRACE_TARGET_ATTEMPT,
            attempt = retry + 1,
            status = response.map(|r| r.status().as_u16()),
            error = outcome.as_ref().err().map(|e| if e.is_timeout() { "timeout" } else { "connection" }),
            elapsed_ms = elapsed.as_millis() as u64,
            request_id = response.and_then(|r| request_id(r.headers())),
            retry_in_ms = retry_with.as_ref().map(|(_, (wait, _))| wait.as_millis() as u64),
            retry_reason = retry_with.as_ref().map(|(_, (_, reason))| *reason),
            "elevenlabs.attempt"
        );
        let Some((next, (delay, _))) = retry_with else {
            return outcome.map(|response| limit_body(response, settings.max_body_bytes));
        };
        drop(outcome);
        tokio::time::sleep(delay).await;
        retry += 1;
        request = next;
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
