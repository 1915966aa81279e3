//! What the generated client does on the wire beyond progenitor's defaults: a total
//! timeout over every attempt and wait, per-attempt timeouts, retries that honour
//! `Retry-After` and tell the two 429s apart, an optional ceiling on requests in flight,
//! the body limit, and `tracing`. Implemented as the generated client's `ClientHooks`, so
//! every generated method gets them.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use tracing::Instrument;

use crate::body_limit::{limit_body, respond_again};
use crate::concurrency::InFlight;
use crate::error::{ErrorCode, ErrorDetail, Secrets};
use crate::generated::Client;
use crate::headers;
use crate::retry::{is_retryable, retry_after, Failure, RetryPolicy};
use crate::trace::{ATTEMPT_TARGET, REQUEST_TARGET};
use crate::ElevenLabsBuilder;

/// How a [`Client`] sends each request: its timeouts, retry policy and body limit, and
/// the requests in flight it shares with its clones. Built by
/// [`ElevenLabsBuilder`]; `Default` holds the builder's defaults.
#[derive(Debug, Clone)]
pub struct RequestSettings {
    pub(crate) attempt_timeout: Duration,
    pub(crate) total_timeout: Duration,
    pub(crate) retry: RetryPolicy,
    /// The environment's name, for traces (`production`, `eu-residency`, `custom`, …).
    pub(crate) environment: &'static str,
    pub(crate) max_body_bytes: u64,
    pub(crate) in_flight: Arc<InFlight>,
    /// Set for a wrapper call only: what its sends share ([`Call`]).
    pub(crate) call: Option<Arc<Call>>,
    /// The timeout the reqwest client applies to every request, when it has one. An
    /// attempt whose timeout is the same leaves the request's own unset: reqwest keeps a
    /// request's timeout in its extensions, a map allocated, cloned for a retry and freed
    /// on every call: 1,570 instructions of a loopback round trip (callgrind, 2026-12-03).
    pub(crate) client_timeout: Option<Duration>,
}

impl Default for RequestSettings {
    fn default() -> Self {
        Self {
            attempt_timeout: ElevenLabsBuilder::DEFAULT_ATTEMPT_TIMEOUT,
            total_timeout: ElevenLabsBuilder::DEFAULT_TOTAL_TIMEOUT,
            retry: RetryPolicy::default(),
            environment: "production",
            max_body_bytes: ElevenLabsBuilder::DEFAULT_MAX_BODY_BYTES,
            in_flight: Arc::default(),
            call: None,
            client_timeout: None,
        }
    }
}

/// One call of the wrapper ([`crate::ElevenLabs`]), across the generated client's sends of
/// it. The wrapper sends again itself when an attempt is to be retried, running the
/// generated request builder again ([`send_call`]), so its attempts keep no copy of their
/// request for a retry that rarely comes: reqwest takes a request by value, and that copy
/// cost 970 instructions of every loopback `get_user` (callgrind, 2026-12-03). The generated
/// client's own calls, which nothing can send again, copy instead.
#[derive(Debug, Default)]
pub(crate) struct Call(Mutex<CallProgress>);

#[derive(Debug, Default)]
struct CallProgress {
    /// When the first send started: the call's total timeout counts from it.
    started: Option<Instant>,
    /// The attempts made so far.
    attempts: u32,
    /// The last response's status, and its headers when it is an error's: the errors whose
    /// generated form loses them (a body that does not decode) get them back from here.
    last: Option<(StatusCode, Option<HeaderMap>)>,
    /// Set when the last attempt is to be retried: how long to wait first, and why.
    resend: Option<(Duration, WaitReason)>,
}

impl Call {
    /// When the call started and how many attempts it made, for a send starting `now`.
    fn resume(&self, now: Instant) -> (Instant, u32) {
        match self.0.lock() {
            Ok(mut progress) => (*progress.started.get_or_insert(now), progress.attempts),
            Err(_) => (now, 0),
        }
    }

    /// An attempt's outcome: `attempts` made in all, and the wait before the next, if any.
    fn record(
        &self,
        outcome: &reqwest::Result<reqwest::Response>,
        attempts: u32,
        resend: Option<(Duration, WaitReason)>,
    ) {
        let Ok(mut progress) = self.0.lock() else { return };
        progress.attempts = attempts;
        progress.resend = resend;
        if let Ok(response) = outcome {
            let status = response.status();
            // Only an error status's headers are ever needed; a success costs no copy.
            progress.last = Some((status, (!status.is_success()).then(|| response.headers().clone())));
        }
    }

    /// The wait before sending again, when the last attempt asked for one; taken, so a send
    /// that does not reach the transport (an invalid request) asks for none.
    fn take_resend(&self) -> Option<(Duration, WaitReason)> {
        self.0.lock().ok()?.resend.take()
    }

    /// The time since the call's first send, zero if it never sent.
    pub(crate) fn elapsed(&self) -> Duration {
        self.0.lock().ok().and_then(|progress| progress.started).map_or(Duration::ZERO, |started| started.elapsed())
    }

    /// The status and headers of the last response, if a response came at all.
    pub(crate) fn last_response(&self) -> Option<(StatusCode, HeaderMap)> {
        let (status, headers) = self.0.lock().ok()?.last.take()?;
        Some((status, headers.unwrap_or_default()))
    }
}

/// Runs `send`, one generated send of the wrapper call that `client` carries (operation
/// `operation`, a `method` request), again after each wait its attempts ask for, within the
/// call's one span: the wrapper's retries. What the last send returned is the call's.
pub(crate) async fn send_call<T, F, Sent>(client: &Client, operation: &'static str, method: Method, mut send: F) -> T
where
    F: FnMut() -> Sent,
    Sent: std::future::Future<Output = T>,
{
    let settings = client.inner();
    let span = request_span(operation, settings.environment, &method);
    async {
        loop {
            let sent = send().await;
            let Some((delay, reason)) = settings.call.as_ref().and_then(|call| call.take_resend()) else {
                return sent;
            };
            // The attempt's response goes first: it is no longer in flight while waiting.
            drop(sent);
            wait_to_retry(delay, reason, &settings.in_flight).await;
        }
    }
    .instrument(span)
    .await
}

/// The span of one call: `elevenlabs.request` under [`REQUEST_TARGET`].
fn request_span(operation: &'static str, environment: &'static str, method: &Method) -> tracing::Span {
    tracing::info_span!(
        target: REQUEST_TARGET,
        "elevenlabs.request",
        operation = operation,
        environment = environment,
        method = %method,
    )
}

impl ClientHooks<RequestSettings> for Client {
    async fn exec(&self, request: reqwest::Request, info: &OperationInfo) -> reqwest::Result<reqwest::Response> {
        let settings = self.inner();
        if settings.call.is_some() {
            // A wrapper call's span is open already, around all its sends ([`send_call`]).
            return send_with_retries(self.client(), request, settings).await;
        }
        let span = request_span(info.operation_id, settings.environment, request.method());
        send_with_retries(self.client(), request, settings).instrument(span).await
    }
}

/// Why the next attempt waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WaitReason {
    /// The server's `Retry-After`.
    RetryAfter,
    /// Exponential backoff.
    Backoff,
    /// A `concurrent_limit_exceeded` 429: until another of this client's requests
    /// finishes, at most the backoff.
    Concurrency,
}

impl WaitReason {
    fn as_str(self) -> &'static str {
        match self {
            Self::RetryAfter => "retry-after",
            Self::Backoff => "backoff",
            Self::Concurrency => "concurrency",
        }
    }
}

/// Sends `request`, retrying as `settings.retry` allows and never past the total timeout;
/// one `tracing` event per attempt.
async fn send_with_retries(
    client: &reqwest::Client,
    mut request: reqwest::Request,
    settings: &RequestSettings,
) -> reqwest::Result<reqwest::Response> {
    let now = Instant::now();
    // A wrapper call's deadline counts from its first send, and its attempts go on from there.
    let (call_started, mut retry) = settings.call.as_ref().map_or((now, 0), |call| call.resume(now));
    // `None` when the total timeout is too long to count from the start: no deadline.
    let deadline = call_started.checked_add(settings.total_timeout);
    let time_left = || time_left_at(deadline, Instant::now());
    let method = request.method().clone();
    loop {
        let Some(slot) = settings.in_flight.enter(deadline).await else {
            return Box::pin(past_deadline(client, request)).await;
        };
        // One clock read per attempt: its timeout, and its start for the trace.
        let started = Instant::now();
        let attempt_timeout = settings.attempt_timeout.min(time_left_at(deadline, started));
        if settings.client_timeout != Some(attempt_timeout) || request.timeout().is_some() {
            *request.timeout_mut() = Some(attempt_timeout);
        }
        // A wrapper call is sent again by the wrapper; any other needs a copy, made before
        // reqwest takes the request. A body that cannot be cloned (a stream) cannot be sent twice.
        let may_retry = retry < settings.retry.max_retries;
        let next = (may_retry && settings.call.is_none()).then(|| copy_for_retry(&request)).flatten();
        let can_resend = next.is_some() || (may_retry && settings.call.is_some());
        let mut outcome = client.execute(request).await;
        let mut concurrency_limited = false;
        if let Ok(response) = outcome {
            (outcome, concurrency_limited) = if response.status() == StatusCode::TOO_MANY_REQUESTS {
                Box::pin(which_limit(response, settings.max_body_bytes)).await
            } else {
                (Ok(response), false)
            };
        }
        let failure = match &outcome {
            Ok(response) => is_retryable(response.status()).then_some(Failure::MaybeProcessed),
            Err(error) if error.is_connect() => Some(Failure::NotSent),
            // A timeout has spent the caller's budget; other request errors may have
            // reached the server.
            Err(error) if error.is_request() && !error.is_timeout() => Some(Failure::MaybeProcessed),
            Err(_) => None,
        };
        let wait = match failure {
            Some(failure) if can_resend && settings.retry.may_retry(&method, failure) => {
                let headers = outcome.as_ref().ok().map(|r| r.headers());
                wait_before_retry(&settings.retry, retry, headers, concurrency_limited, time_left())
            }
            _ => None,
        };
        record_attempt(retry, &outcome, started, wait);
        if let Some(call) = &settings.call {
            call.record(&outcome, retry + 1, wait);
        }
        let (Some(next), Some((delay, reason))) = (next, wait) else {
            // Under a ceiling, the request stays in flight until its body is read.
            let slot = settings.in_flight.has_ceiling().then_some(slot);
            return outcome.map(|response| limit_body(response, settings.max_body_bytes, slot));
        };
        drop((outcome, slot));
        wait_to_retry(delay, reason, &settings.in_flight).await;
        retry += 1;
        request = next;
    }
}

/// The wait before a retry, for `delay` at most. Boxed, as the other paths a call rarely
/// takes are (a 429's body, a deadline passed before sending): the future of every call
/// holds room for each path it might take, and boxing these three took `get_user`'s from
/// 4.7 KB to 3.8 KB, for an allocation only when one is taken.
fn wait_to_retry(
    delay: Duration,
    reason: WaitReason,
    in_flight: &InFlight,
) -> std::pin::Pin<Box<impl std::future::Future<Output = ()> + '_>> {
    Box::pin(async move {
        match reason {
            WaitReason::Concurrency => in_flight.wait_for_another(delay).await,
            WaitReason::RetryAfter | WaitReason::Backoff => tokio::time::sleep(delay).await,
        }
    })
}

/// A copy of `request` to send again, or `None` when its body is a stream. The same as
/// reqwest's `try_clone` for a request without a body, in 480 instructions fewer:
/// `try_clone` allocates the copy a map for its timeout, then replaces that map with a
/// clone of the original's. The map, reqwest's extensions, holds nothing else in a
/// request built by a `RequestBuilder`, as the generated code builds them.
fn copy_for_retry(request: &reqwest::Request) -> Option<reqwest::Request> {
    if request.body().is_some() {
        // reqwest shares a buffered body between the copies; this crate could only copy it.
        return request.try_clone();
    }
    let mut copy = reqwest::Request::new(request.method().clone(), request.url().clone());
    *copy.headers_mut() = request.headers().clone();
    *copy.version_mut() = request.version();
    if let Some(timeout) = request.timeout() {
        *copy.timeout_mut() = Some(*timeout);
    }
    Some(copy)
}

/// The time from `now` to `deadline`, unbounded without one.
fn time_left_at(deadline: Option<Instant>, now: Instant) -> Duration {
    deadline.map_or(Duration::MAX, |deadline| deadline.saturating_duration_since(now))
}

/// How long to wait before retry number `retry` (0-based), or `None` to stop now: the
/// server's `Retry-After` when it sends one, else backoff. A wait longer than
/// `max_retry_after`, or than the time left, ends the call with the last response, so a
/// caller learns of a long `Retry-After` at once instead of sleeping through it.
fn wait_before_retry(
    policy: &RetryPolicy,
    retry: u32,
    headers: Option<&HeaderMap>,
    concurrency_limited: bool,
    time_left: Duration,
) -> Option<(Duration, WaitReason)> {
    let (delay, reason) = match headers.and_then(|h| retry_after(h, SystemTime::now())) {
        Some(wait) if wait > policy.max_retry_after => return None,
        Some(wait) => (wait, WaitReason::RetryAfter),
        None if concurrency_limited => (policy.backoff(retry), WaitReason::Concurrency),
        None => (policy.backoff(retry), WaitReason::Backoff),
    };
    (delay < time_left).then_some((delay, reason))
}

/// Reads a 429's body to learn which limit it reports, and gives the response back whole:
/// `true` for `concurrent_limit_exceeded`. The body is read within the body limit.
async fn which_limit(response: reqwest::Response, max_body_bytes: u64) -> (reqwest::Result<reqwest::Response>, bool) {
    let (status, version, headers, url) =
        (response.status(), response.version(), response.headers().clone(), response.url().clone());
    match limit_body(response, max_body_bytes, None).bytes().await {
        Ok(body) => {
            let detail = ErrorDetail::from_body(&body, &Secrets::default());
            let concurrency = detail.as_ref().and_then(ErrorDetail::code) == Some(&ErrorCode::ConcurrentLimitExceeded);
            (Ok(respond_again(status, version, headers, url, body)), concurrency)
        }
        Err(error) => (Err(error), false),
    }
}

/// The total timeout passed before an attempt could start (waiting under the ceiling).
/// reqwest's own timeout error says so, and nothing is sent: a request whose timeout is
/// zero checks that timeout before it first polls the connection. The timer rounds
/// deadlines up to its next millisecond, so the request waits out two before its first
/// poll, when its timeout has surely fired.
async fn past_deadline(client: &reqwest::Client, mut request: reqwest::Request) -> reqwest::Result<reqwest::Response> {
    *request.timeout_mut() = Some(Duration::ZERO);
    let expired = client.execute(request);
    tokio::time::sleep(Duration::from_millis(2)).await;
    expired.await
}

/// The attempt's event. Its fields, the clock read for `elapsed_ms` among them, are
/// computed only when a subscriber takes the event.
fn record_attempt(
    retry: u32,
    outcome: &reqwest::Result<reqwest::Response>,
    started: Instant,
    wait: Option<(Duration, WaitReason)>,
) {
    let response = outcome.as_ref().ok();
    tracing::debug!(
        target: ATTEMPT_TARGET,
        attempt = retry + 1,
        status = response.map(|r| r.status().as_u16()),
        error = outcome.as_ref().err().map(|e| if e.is_timeout() { "timeout" } else { "connection" }),
        elapsed_ms = started.elapsed().as_millis() as u64,
        request_id = response.and_then(|r| headers::request_id(r.headers())),
        trace_id = response.and_then(|r| headers::trace_id(r.headers())),
        retry_in_ms = wait.map(|(delay, _)| delay.as_millis() as u64),
        retry_reason = wait.map(|(_, reason)| reason.as_str()),
        "elevenlabs.attempt"
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderValue, RETRY_AFTER};

    fn retry_after_header(value: &str) -> HeaderMap {
        HeaderMap::from_iter([(RETRY_AFTER, HeaderValue::from_str(value).unwrap())])
    }

    #[test]
    fn a_copy_for_a_retry_is_the_request_again() {
        let url = reqwest::Url::parse("http://127.0.0.1:1/v1/user?x=1").unwrap();
        let mut request = reqwest::Request::new(reqwest::Method::GET, url);
        request.headers_mut().insert("accept", HeaderValue::from_static("application/json"));
        *request.version_mut() = reqwest::Version::HTTP_11;
        let copy = copy_for_retry(&request).unwrap();
        assert_eq!(copy.timeout(), None, "no timeout is added");
        *request.timeout_mut() = Some(Duration::from_secs(3));
        let copy = copy_for_retry(&request).unwrap();
        assert_eq!(
            (copy.method(), copy.url(), copy.headers(), copy.version(), copy.timeout()),
            (request.method(), request.url(), request.headers(), request.version(), request.timeout())
        );
        *request.body_mut() = Some(reqwest::Body::from("{}"));
        assert_eq!(copy_for_retry(&request).unwrap().body().and_then(reqwest::Body::as_bytes), Some(&b"{}"[..]));
        // Any `http_body::Body` is a stream to reqwest, a `String` too.
        *request.body_mut() = Some(reqwest::Body::wrap(String::from("streamed")));
        assert!(copy_for_retry(&request).is_none(), "a stream cannot be sent twice");
    }

    #[test]
    fn a_call_counts_from_its_first_send_and_hands_each_wait_over_once() {
        let call = Call::default();
        let first = Instant::now();
        assert_eq!(call.resume(first), (first, 0));
        assert_eq!(call.last_response(), None, "nothing recorded reads as no response");
        let response = http::Response::builder().status(503).header("request-id", "req_1").body("").unwrap();
        let backoff = (Duration::from_millis(10), WaitReason::Backoff);
        call.record(&Ok(reqwest::Response::from(response)), 1, Some(backoff));

        let later = first + Duration::from_secs(5);
        assert_eq!(call.resume(later), (first, 1), "the deadline counts from the first send; attempts go on");
        assert_eq!(call.take_resend(), Some(backoff));
        assert_eq!(call.take_resend(), None, "a send that never reached the transport does not wait again");
        let (status, headers) = call.last_response().unwrap();
        assert_eq!((status.as_u16(), &headers["request-id"]), (503, &HeaderValue::from_static("req_1")));

        let success = http::Response::builder().status(200).header("request-id", "req_2").body("").unwrap();
        call.record(&Ok(reqwest::Response::from(success)), 2, None);
        let (status, headers) = call.last_response().unwrap();
        assert_eq!((status.as_u16(), headers.len()), (200, 0), "a success's headers are not copied");
    }

    #[test]
    fn retry_after_is_honoured_within_the_cap_and_the_time_left() {
        let policy = RetryPolicy::default();
        let plenty = Duration::from_secs(600);
        let three = retry_after_header("3");
        assert_eq!(
            wait_before_retry(&policy, 0, Some(&three), false, plenty),
            Some((Duration::from_secs(3), WaitReason::RetryAfter))
        );
        assert_eq!(wait_before_retry(&policy, 0, Some(&retry_after_header("999999")), false, plenty), None);
        assert_eq!(wait_before_retry(&policy, 0, Some(&three), false, Duration::from_secs(2)), None);
    }

    #[test]
    fn without_retry_after_a_concurrency_limit_waits_and_a_rate_limit_backs_off() {
        let policy = RetryPolicy::default();
        let plenty = Duration::from_secs(600);
        let (_, reason) = wait_before_retry(&policy, 0, None, true, plenty).unwrap();
        assert_eq!(reason, WaitReason::Concurrency);
        let (delay, reason) = wait_before_retry(&policy, 1, Some(&HeaderMap::new()), false, plenty).unwrap();
        assert_eq!(reason, WaitReason::Backoff);
        assert!(delay >= policy.initial_backoff && delay <= policy.initial_backoff * 2, "{delay:?}");
        assert_eq!(wait_before_retry(&policy, 0, None, false, Duration::from_millis(1)), None, "no time left");
    }
}
