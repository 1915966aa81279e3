//! A fake ElevenLabs for your own tests (feature `mock`): a real HTTP server on loopback
//! that answers `GET /v1/user` like the API does, with an account you choose, scripted
//! failures, and a record of every request it received.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! use elevenlabs_user_client::mock::{MockElevenLabs, MockResponse};
//!
//! let mock = MockElevenLabs::start().await; // the API reference's example account
//! mock.enqueue(MockResponse::status(503)).await; // the first call fails, then retries succeed
//! let user = mock.client().get_user().await.unwrap();
//! assert_eq!(user.user_id, "1234567890");
//! assert_eq!(mock.requests().await.len(), 2);
//! # }
//! ```

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde_json::Value;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::models::UserResponseModel;
use crate::retry::RetryPolicy;
use crate::{ElevenLabs, ElevenLabsBuilder};

/// The key the mock accepts; any other key gets 401, as from the real API.
pub const MOCK_API_KEY: &str = "sk_mock_0123456789abcdef";

/// The `request-id` of every answer, also in every error body's detail.
pub const MOCK_REQUEST_ID: &str = "mock-request";

/// The `x-trace-id` of every answer.
pub const MOCK_TRACE_ID: &str = "mock-trace";

/// The example response of the API reference ("Get user"), which the mock serves by default.
pub const EXAMPLE_ACCOUNT: &str = include_str!("../data/example-account.json");

/// One scripted answer.
#[derive(Debug, Clone)]
pub struct MockResponse {
    status: StatusCode,
    body: Option<MockBody>,
    headers: Vec<(String, String)>,
    delay: Duration,
}

#[derive(Debug, Clone)]
enum MockBody {
    Json(Value),
    Raw(String),
}

impl MockResponse {
    /// 200 with this account.
    pub fn account(user: &UserResponseModel) -> Self {
        let body = serde_json::to_value(user).unwrap_or(Value::Null);
        Self { status: StatusCode::OK, body: Some(MockBody::Json(body)), headers: Vec::new(), delay: Duration::ZERO }
    }

    /// Any status. Error statuses get the API's documented error body, `{"detail": {"code",
    /// "message", "status", "request_id"}}`, with the status's name as its code, unless
    /// [`with_body`](Self::with_body) sets another.
    pub fn status(status: u16) -> Self {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let reason = status.canonical_reason().unwrap_or("error").to_ascii_lowercase().replace(' ', "_");
        Self::error(status, &reason, &format!("mock {status}"))
    }

    /// An error status with the documented body, carrying `code` (and the legacy `status`,
    /// the same) and `message`.
    fn error(status: StatusCode, code: &str, message: &str) -> Self {
        let body = (!status.is_success()).then(|| {
            MockBody::Json(serde_json::json!({"detail": {
                "code": code, "message": message, "status": code, "request_id": MOCK_REQUEST_ID,
            }}))
        });
        Self { status, body, headers: Vec::new(), delay: Duration::ZERO }
    }

    /// 429 `rate_limit_exceeded` with `Retry-After` in seconds: the client retries after
    /// that long, when it is within the retry policy's `max_retry_after`.
    pub fn rate_limited(retry_after_seconds: u64) -> Self {
        Self::error(StatusCode::TOO_MANY_REQUESTS, "rate_limit_exceeded", "Too many requests; slow down")
            .with_header("retry-after", &retry_after_seconds.to_string())
    }

    /// 429 `concurrent_limit_exceeded`, with the concurrency headers saying `current`
    /// requests are in flight of the `maximum` the plan allows: the client waits for one of
    /// its own requests to finish (or backs off), then retries.
    pub fn concurrency_limited(current: u32, maximum: u32) -> Self {
        let message = "Too many concurrent requests for your plan";
        Self::error(StatusCode::TOO_MANY_REQUESTS, "concurrent_limit_exceeded", message)
            .with_header("current-concurrent-requests", &current.to_string())
            .with_header("maximum-concurrent-requests", &maximum.to_string())
    }

    /// 422 with a validation error naming `field`.
    pub fn validation_error(field: &str, message: &str) -> Self {
        Self::status(422).with_json(serde_json::json!({
            "detail": [{"loc": ["header", field], "msg": message, "type": "value_error"}]
        }))
    }

    /// A body that is not what the API documents (invalid JSON, HTML, a truncated account).
    pub fn malformed(body: &str) -> Self {
        Self::status(200).with_body(body)
    }

    /// This body, as `application/json` whatever it holds.
    pub fn with_body(mut self, body: &str) -> Self {
        self.body = Some(MockBody::Raw(body.to_string()));
        self
    }

    /// This JSON body.
    pub fn with_json(mut self, body: Value) -> Self {
        self.body = Some(MockBody::Json(body));
        self
    }

    /// One more header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Waits this long before answering, to exercise timeouts.
    pub fn with_delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    fn template(&self) -> ResponseTemplate {
        let mut template = ResponseTemplate::new(self.status.as_u16()).set_delay(self.delay);
        template = match &self.body {
            Some(MockBody::Json(value)) => template.set_body_json(value),
            Some(MockBody::Raw(text)) => template.set_body_raw(text.clone(), "application/json"),
            None => template,
        };
        for (name, value) in &self.headers {
            template = template.insert_header(name.as_str(), value.as_str());
        }
        template.insert_header("request-id", MOCK_REQUEST_ID).insert_header("x-trace-id", MOCK_TRACE_ID)
    }
}

/// A request the mock received.
#[derive(Debug, Clone)]
pub struct ReceivedRequest {
    /// `GET`, `POST`, …
    pub method: String,
    /// The URL's path, such as `/v1/user`.
    pub path: String,
    /// As received, except `xi-api-key`, whose value is marked sensitive (not printed).
    pub headers: HeaderMap,
}

impl ReceivedRequest {
    /// Whether the request carried the mock's key.
    pub fn had_mock_key(&self) -> bool {
        self.headers.get("xi-api-key").is_some_and(|k| k == MOCK_API_KEY)
    }
}

struct State {
    account: Value,
    script: VecDeque<MockResponse>,
}

/// A fake ElevenLabs API on `127.0.0.1`; stops when dropped.
pub struct MockElevenLabs {
    server: MockServer,
    state: Arc<Mutex<State>>,
}

impl MockElevenLabs {
    /// Serves the API reference's example account.
    pub async fn start() -> Self {
        let account = serde_json::from_str(EXAMPLE_ACCOUNT).unwrap_or(Value::Null);
        Self::serving(account).await
    }

    /// Serves `user`, for instance one built with `UserResponseModel::builder()`.
    pub async fn with_account(user: &UserResponseModel) -> Self {
        Self::serving(serde_json::to_value(user).unwrap_or(Value::Null)).await
    }

    async fn serving(account: Value) -> Self {
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(State { account, script: VecDeque::new() }));
        Mock::given(wiremock::matchers::any()).respond_with(Responder(state.clone())).mount(&server).await;
        Self { server, state }
    }

    /// The base URL, such as `http://127.0.0.1:41234`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// A client configured for this mock: its key, its URL, and quick retries.
    pub fn client(&self) -> ElevenLabs {
        // The URL and key are the mock's own, so building cannot fail.
        self.client_builder().build().unwrap_or_else(|e| unreachable!("the mock's client: {e}"))
    }

    /// The builder behind [`client`](Self::client), to change timeouts or retries.
    pub fn client_builder(&self) -> ElevenLabsBuilder {
        let retry = RetryPolicy {
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(50),
            ..RetryPolicy::default()
        };
        ElevenLabs::builder().api_key(MOCK_API_KEY).base_url(self.uri()).retry_policy(retry)
    }

    /// Serves `user` from now on.
    pub async fn set_account(&self, user: &UserResponseModel) {
        if let Ok(mut state) = self.state.lock() {
            state.account = serde_json::to_value(user).unwrap_or(Value::Null);
        }
    }

    /// Answers the next request with `response`; scripted answers are used in order,
    /// then the account is served again.
    pub async fn enqueue(&self, response: MockResponse) {
        if let Ok(mut state) = self.state.lock() {
            state.script.push_back(response);
        }
    }

    /// Every request received so far, in order.
    pub async fn requests(&self) -> Vec<ReceivedRequest> {
        let received = self.server.received_requests().await.unwrap_or_default();
        received
            .into_iter()
            .map(|request| {
                let mut headers = HeaderMap::new();
                for (name, value) in request.headers.iter() {
                    let mut value = value.clone();
                    value.set_sensitive(name == "xi-api-key");
                    headers.append(name.clone(), value);
                }
                ReceivedRequest { method: request.method.to_string(), path: request.url.path().to_string(), headers }
            })
            .collect()
    }
}

impl std::fmt::Debug for MockElevenLabs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockElevenLabs").field("uri", &self.uri()).finish_non_exhaustive()
    }
}

/// The paths the mock serves, with the methods the document declares for each.
const ROUTES: &[(&str, &[&str])] = &[("/v1/user", &["GET"])];

struct Responder(Arc<Mutex<State>>);

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let Ok(mut state) = self.0.lock() else { return ResponseTemplate::new(500) };
        if let Some(scripted) = state.script.pop_front() {
            return scripted.template();
        }
        let Some((_, methods)) = ROUTES.iter().find(|(path, _)| *path == request.url.path()) else {
            return MockResponse::status(404).template();
        };
        if !methods.contains(&request.method.as_str()) {
            // As the API's server answers: the path exists, the method does not.
            return MockResponse::status(405)
                .with_json(serde_json::json!({"detail": "Method Not Allowed"}))
                .with_header("allow", &methods.join(", "))
                .template();
        }
        if request.headers.get("xi-api-key").is_none_or(|key| key != MOCK_API_KEY) {
            return MockResponse::error(StatusCode::UNAUTHORIZED, "invalid_api_key", "Invalid API key").template();
        }
        MockResponse {
            status: StatusCode::OK,
            body: Some(MockBody::Json(state.account.clone())),
            headers: Vec::new(),
            delay: Duration::ZERO,
        }
        .template()
    }
}
