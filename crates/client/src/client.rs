//! `ElevenLabs`: the generated client set up as ElevenLabs users expect, with an
//! environment, the API key, timeouts, retries and typed errors.

use std::fmt;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::StatusCode;

use crate::body_limit::{BodyLimitExceeded, DEFAULT_MAX_BODY_BYTES};
use crate::error::{debug_redacted, server_message, Error, Secrets};
use crate::models::{HttpValidationError, UserResponseModel};
use crate::transport::{
    observed_status, request_id, retry_after, RequestSettings, RetryPolicy, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT,
};
use crate::{Client, ClientInfo};

/// The environment variable the API key is read from when the builder is given none.
pub const API_KEY_VARIABLE: &str = "ELEVENLABS_API_KEY";
/// The `User-Agent` of every request: this crate and its version.
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A typed value with the status and headers of the response it came from. Its `Debug`
/// never prints the client's API key.
#[derive(Clone)]
pub struct ApiResponse<T> {
    pub value: T,
    pub status: StatusCode,
    pub headers: HeaderMap,
    secrets: Secrets,
}

impl<T: fmt::Debug> fmt::Debug for ApiResponse<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_redacted(f, Some(&self.secrets), |f| {
            f.debug_struct("ApiResponse")
                .field("value", &self.value)
                .field("status", &self.status)
                .field("headers", &self.headers)
                .finish()
        })
    }
}

impl<T> ApiResponse<T> {
    /// The server's request id, when it sends one (`request-id` or `x-request-id`).
    pub fn request_id(&self) -> Option<&str> {
        request_id(&self.headers)
    }

    pub fn into_inner(self) -> T {
        self.value
    }
}

/// Settings for one call that differ from the client's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequestOptions {
    pub timeout: Option<Duration>,
    pub max_retries: Option<u32>,
    /// Retry a non-idempotent request (POST, PATCH) even after the server may have acted
    /// on it; by default only connection failures before sending are retried for those.
    pub retry_non_idempotent: Option<bool>,
}

/// A client for `GET /v1/user`.
///
/// ```no_run
/// # async fn run() -> Result<(), elevenlabs_user_client::Error> {
/// let client = elevenlabs_user_client::ElevenLabs::from_env()?; // reads ELEVENLABS_API_KEY
/// let user = client.get_user().await?;
/// println!("{} characters left", user.value.subscription.characters_remaining());
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct ElevenLabs {
    client: Client,
    environment: crate::Environment,
    connect_timeout: Duration,
    secrets: Secrets,
}

impl ElevenLabs {
    pub fn builder() -> ElevenLabsBuilder {
        ElevenLabsBuilder::default()
    }

    /// The production environment with the key from `ELEVENLABS_API_KEY`.
    pub fn from_env() -> Result<Self, Error> {
        Self::builder().build()
    }

    /// The caller's account, subscription and quota.
    pub async fn get_user(&self) -> Result<ApiResponse<UserResponseModel>, Error> {
        self.get_user_with(&RequestOptions::default()).await
    }

    /// `get_user` with a different timeout or retry count for this call.
    pub async fn get_user_with(&self, options: &RequestOptions) -> Result<ApiResponse<UserResponseModel>, Error> {
        let client = self.generated_with(options);
        let (last_response, result) = observed_status(client.get_user_info().send()).await;
        match result {
            Ok(response) => {
                let (status, headers) = (response.status(), response.headers().clone());
                Ok(ApiResponse { value: response.into_inner(), status, headers, secrets: self.secrets.clone() })
            }
            Err(error) => Err(into_error(error, last_response, &self.secrets).await),
        }
    }

    /// The generated client underneath, for anything this wrapper does not cover. Its
    /// calls get the same key, timeouts, retries and traces.
    pub fn generated(&self) -> &Client {
        &self.client
    }

    /// The generated client with this call's options, such as opting a POST into retries.
    pub fn generated_with(&self, options: &RequestOptions) -> std::borrow::Cow<'_, Client> {
        let settings = self.settings_for(options);
        if settings == *self.client.inner() {
            std::borrow::Cow::Borrowed(&self.client)
        } else {
            std::borrow::Cow::Owned(Client::new_with_client(
                self.client.baseurl(),
                self.client.client().clone(),
                settings,
            ))
        }
    }

    pub fn environment(&self) -> &crate::Environment {
        &self.environment
    }

    fn settings_for(&self, options: &RequestOptions) -> RequestSettings {
        let defaults = *self.client.inner();
        RequestSettings {
            timeout: options.timeout.unwrap_or(defaults.timeout),
            retry: RetryPolicy {
                max_retries: options.max_retries.unwrap_or(defaults.retry.max_retries),
                retry_non_idempotent: options.retry_non_idempotent.unwrap_or(defaults.retry.retry_non_idempotent),
                ..defaults.retry
            },
            ..defaults
        }
    }
}

impl fmt::Debug for ElevenLabs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ElevenLabs")
            .field("environment", &self.environment)
            .field("api_key", &"[redacted]")
            .field("settings", self.client.inner())
            .field("connect_timeout", &self.connect_timeout)
            .finish()
    }
}

/// Builds an [`ElevenLabs`] client.
#[derive(Clone, Default)]
pub struct ElevenLabsBuilder {
    api_key: Option<String>,
    environment: crate::Environment,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: RetryPolicy,
    max_body_bytes: Option<u64>,
}

impl ElevenLabsBuilder {
    /// The API key; without one, `ELEVENLABS_API_KEY` is read when building.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    pub fn environment(mut self, environment: crate::Environment) -> Self {
        self.environment = environment;
        self
    }

    /// Any base URL, such as a proxy or a local test server.
    pub fn base_url(self, url: impl Into<String>) -> Self {
        self.environment(crate::Environment::Custom(url.into()))
    }

    /// Per attempt, from sending to the last byte; default 60 s.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Default 10 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Retries after the first attempt; default 2, and 0 disables retrying.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The most bytes of a response body to read; default 16 MiB
    /// ([`DEFAULT_MAX_BODY_BYTES`](crate::DEFAULT_MAX_BODY_BYTES)). A larger body, declared
    /// or streamed, fails with [`Error::BodyTooLarge`] once the limit is passed.
    pub fn max_body_bytes(mut self, bytes: u64) -> Self {
        self.max_body_bytes = Some(bytes);
        self
    }

    /// Fails without an API key, rather than with a 401 later.
    pub fn build(self) -> Result<ElevenLabs, Error> {
        let key = resolve_api_key(self.api_key, std::env::var(API_KEY_VARIABLE).ok())?;
        let mut key = HeaderValue::from_str(&key)
            .map_err(|_| Error::Configuration("the API key has characters a header cannot carry".into()))?;
        key.set_sensitive(true);
        let headers = HeaderMap::from_iter([(HeaderName::from_static("xi-api-key"), key.clone())]);
        let base_url = self.environment.base_url().to_string();
        let origin = reqwest::Url::parse(&base_url)
            .map(|url| Origin::of(&url))
            .map_err(|e| Error::Configuration(format!("invalid base URL {base_url:?}: {e}")))?;
        let connect_timeout = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .user_agent(USER_AGENT)
            .connect_timeout(connect_timeout)
            .redirect(same_origin_redirects(origin))
            .referer(false)
            .build()
            .map_err(|e| Error::Configuration(e.to_string()))?;
        let settings = RequestSettings {
            timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
            retry: self.retry,
            environment: self.environment.name(),
            max_body_bytes: self.max_body_bytes.unwrap_or(DEFAULT_MAX_BODY_BYTES),
        };
        Ok(ElevenLabs {
            client: Client::new_with_client(&base_url, http, settings),
            environment: self.environment,
            connect_timeout,
            secrets: Secrets::key(key.to_str().unwrap_or_default()),
        })
    }
}

impl fmt::Debug for ElevenLabsBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ElevenLabsBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "[redacted]"))
            .field("environment", &self.environment)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("max_body_bytes", &self.max_body_bytes)
            .finish()
    }
}

/// The explicit key, else the environment's; blank keys count as none.
fn resolve_api_key(explicit: Option<String>, from_environment: Option<String>) -> Result<String, Error> {
    explicit
        .or(from_environment)
        .map(|key| key.trim().to_string())
        .filter(|key| !key.is_empty())
        .ok_or(Error::MissingApiKey)
}

/// Follows redirects (up to 10) only within the configured origin, which the API key
/// never leaves; a redirect elsewhere stops with [`CrossOriginRedirect`].
fn same_origin_redirects(origin: Origin) -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(move |attempt| {
        if Origin::of(attempt.url()) != origin {
            let location = attempt.url().to_string();
            attempt.error(CrossOriginRedirect(location))
        } else if attempt.previous().len() > 10 {
            attempt.error("more than 10 redirects")
        } else {
            attempt.follow()
        }
    })
}

/// Scheme, host and port (the scheme's default when none is written).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Origin(String, Option<String>, Option<u16>);

impl Origin {
    fn of(url: &reqwest::Url) -> Self {
        Self(
            url.scheme().to_ascii_lowercase(),
            url.host_str().map(str::to_ascii_lowercase),
            url.port_or_known_default(),
        )
    }
}

/// Why the redirect policy stopped, carried through reqwest's error.
#[derive(Debug)]
struct CrossOriginRedirect(String);

impl fmt::Display for CrossOriginRedirect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "redirect to another origin: {}", self.0)
    }
}

impl std::error::Error for CrossOriginRedirect {}

/// Turns the generated client's error into this crate's. `status` is the status of the
/// last response, which the generated error loses when a body does not decode.
async fn into_error(
    error: progenitor_client::Error<HttpValidationError>,
    last_response: Option<(StatusCode, HeaderMap)>,
    secrets: &Secrets,
) -> Error {
    use progenitor_client::Error as Generated;
    match error {
        Generated::CommunicationError(e) | Generated::ResponseBodyError(e) | Generated::InvalidUpgrade(e) => {
            transport_error(e, secrets)
        }
        Generated::ErrorResponse(response) => {
            let headers = response.headers().clone();
            Error::Validation { error: response.into_inner(), headers, secrets: secrets.clone() }
        }
        Generated::InvalidResponsePayload(body, _) => {
            let secrets = secrets.with_body(&body);
            match last_response {
                // An error status whose body is not the documented error type.
                Some((status, headers)) if !status.is_success() => Error::Status { status, headers, body, secrets },
                last => decode_error::<UserResponseModel>(last.map_or(StatusCode::OK, |(s, _)| s), body, secrets),
            }
        }
        Generated::UnexpectedResponse(response) => from_status(response, secrets).await,
        Generated::InvalidRequest(message) | Generated::Custom(message) => Error::Configuration(message),
    }
}

fn transport_error(error: reqwest::Error, secrets: &Secrets) -> Error {
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        if let Some(CrossOriginRedirect(location)) = cause.downcast_ref::<CrossOriginRedirect>() {
            return Error::CrossOriginRedirect { location: location.clone(), secrets: secrets.clone() };
        }
        if let Some(BodyLimitExceeded { status, limit, declared }) = cause.downcast_ref::<BodyLimitExceeded>() {
            return Error::BodyTooLarge { status: *status, limit: *limit, declared: *declared };
        }
        source = cause.source();
    }
    if error.is_timeout() {
        Error::Timeout(error)
    } else {
        Error::Connection(error)
    }
}

/// Names the failing field of a body that does not decode as `T`.
fn decode_error<T: serde::de::DeserializeOwned>(status: StatusCode, body: bytes::Bytes, secrets: Secrets) -> Error {
    let mut deserializer = serde_json::Deserializer::from_slice(&body);
    let (path, message) = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(e) => (e.path().to_string(), e.inner().to_string()),
        Ok(_) => (String::new(), "the body decodes, but not as the generated client expected".into()),
    };
    let model = std::any::type_name::<T>().rsplit("::").next().unwrap_or_default();
    Error::Decode { status, model, path, message, body, secrets }
}

async fn from_status(response: reqwest::Response, secrets: &Secrets) -> Error {
    let status = response.status();
    let headers = response.headers().clone();
    let body = match response.bytes().await {
        Ok(body) => body,
        Err(e) => return transport_error(e, secrets),
    };
    let secrets = secrets.with_body(&body);
    match status {
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
            Error::Authentication { status, message: server_message(&body), headers, secrets }
        }
        StatusCode::TOO_MANY_REQUESTS => Error::RateLimited {
            retry_after: retry_after(&headers, SystemTime::now()),
            message: server_message(&body),
            headers,
            secrets,
        },
        _ => Error::Status { status, headers, body, secrets },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_comes_from_the_builder_then_the_environment_and_blank_is_missing() {
        assert_eq!(resolve_api_key(Some("a".into()), Some("b".into())).unwrap(), "a");
        assert_eq!(resolve_api_key(None, Some(" b ".into())).unwrap(), "b");
        assert!(matches!(resolve_api_key(None, None), Err(Error::MissingApiKey)));
        assert!(matches!(resolve_api_key(Some("  ".into()), None), Err(Error::MissingApiKey)));
    }

    #[test]
    fn debug_never_shows_the_key() {
        let builder = ElevenLabs::builder().api_key("sk_secret_key");
        assert!(!format!("{builder:?}").contains("sk_secret_key"));
        let client = builder.build().unwrap();
        let printed = format!("{client:?}");
        assert!(!printed.contains("sk_secret_key") && printed.contains("[redacted]"), "{printed}");
    }

    #[test]
    fn bad_configuration_is_an_error_when_building() {
        let error = ElevenLabs::builder().api_key("bad\u{1}key").base_url("http://127.0.0.1:1").build();
        assert!(matches!(error, Err(Error::Configuration(_))));
        let error = ElevenLabs::builder().api_key("k").base_url("not a url").build();
        assert!(matches!(error, Err(Error::Configuration(m)) if m.contains("invalid base URL")));
    }
}
