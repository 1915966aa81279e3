//! `ElevenLabs`: the generated client set up as ElevenLabs users expect, with an
//! environment, the API key, timeouts, retries and typed errors.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::Method;

use crate::concurrency::InFlight;
use crate::error::{from_generated, CallContext, Error, Secrets};
use crate::generated::{Client, ClientInfo, RequestSettings};
use crate::models::UserResponseModel;
use crate::redirect::{same_origin_redirects, Origin};
use crate::retry::RetryPolicy;
use crate::transport::{send_call, Call};
use crate::{ApiResponse, Environment, RequestOptions};

/// The environment variable the API key is read from when the builder is given none.
pub const API_KEY_VARIABLE: &str = "ELEVENLABS_API_KEY";
/// The `User-Agent` of every request: this crate and its version.
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A client for `GET /v1/user`.
///
/// ```no_run
/// # async fn run() -> Result<(), elevenlabs_user_client::Error> {
/// let client = elevenlabs_user_client::ElevenLabs::from_env()?; // reads ELEVENLABS_API_KEY
/// let user = client.get_user().await?;
/// println!("{} characters left", user.subscription.characters_remaining());
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct ElevenLabs {
    client: Client,
    environment: Environment,
    connect_timeout: Duration,
    secrets: Secrets,
}

impl ElevenLabs {
    /// A builder, to set the key, the environment, timeouts and retries.
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

    /// `get_user` with other timeouts or retries for this call.
    pub async fn get_user_with(&self, options: &RequestOptions) -> Result<ApiResponse<UserResponseModel>, Error> {
        let call = Arc::new(Call::default());
        let client = self.client_with(RequestSettings { call: Some(call.clone()), ..self.settings_for(options) });
        match send_call(&client, "get_user_info", Method::GET, || client.get_user_info().send()).await {
            Ok(response) => Ok(ApiResponse::new(response, self.secrets.clone())),
            Err(error) => {
                let settings = client.inner();
                let context = CallContext {
                    secrets: &self.secrets,
                    connect_timeout: self.connect_timeout,
                    attempt_timeout: settings.attempt_timeout,
                    total_timeout: settings.total_timeout,
                    elapsed: call.elapsed(),
                };
                Err(from_generated(error, call.last_response(), &context).await)
            }
        }
    }

    /// The generated client underneath, for any operation this wrapper does not cover. Its
    /// calls get the same key, timeouts, retries, ceiling and traces; their errors are
    /// progenitor's.
    pub fn generated(&self) -> &Client {
        &self.client
    }

    /// The generated client with this call's options, such as opting a POST into retries.
    /// It shares the requests in flight, and their ceiling, with this client.
    pub fn generated_with(&self, options: &RequestOptions) -> Client {
        self.client_with(self.settings_for(options))
    }

    /// Where the client sends its requests.
    pub fn environment(&self) -> &Environment {
        &self.environment
    }

    /// The settings of a call with `options`: the client's own, where `options` is silent.
    fn settings_for(&self, options: &RequestOptions) -> RequestSettings {
        let defaults = self.client.inner();
        RequestSettings {
            attempt_timeout: options.attempt_timeout.unwrap_or(defaults.attempt_timeout),
            total_timeout: options.total_timeout.unwrap_or(defaults.total_timeout),
            retry: RetryPolicy {
                max_retries: options.max_retries.unwrap_or(defaults.retry.max_retries),
                retry_non_idempotent: options.retry_non_idempotent.unwrap_or(defaults.retry.retry_non_idempotent),
                ..defaults.retry
            },
            ..defaults.clone()
        }
    }

    /// The generated client with `settings`, sharing this client's connections and base URL.
    fn client_with(&self, settings: RequestSettings) -> Client {
        Client { baseurl: self.client.baseurl.clone(), client: self.client.client.clone(), inner: settings }
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
    environment: Environment,
    attempt_timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: RetryPolicy,
    max_body_bytes: Option<u64>,
    max_concurrent_requests: Option<usize>,
}

impl ElevenLabsBuilder {
    /// Each attempt's time limit unless set: 60 s.
    pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(60);
    /// The whole call's time limit unless set: 120 s, every attempt and wait included.
    pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(120);
    /// The connect timeout unless set: 10 s.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
    /// The most bytes of a response body read unless set: 16 MiB, thousands of times the
    /// user body.
    pub const DEFAULT_MAX_BODY_BYTES: u64 = 16 * 1024 * 1024;

    /// The API key; without one, `ELEVENLABS_API_KEY` is read when building.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// One of ElevenLabs' environments; production unless set.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// Any base URL, such as a proxy or a local test server.
    pub fn base_url(self, url: impl Into<String>) -> Self {
        self.environment(Environment::Custom(url.into()))
    }

    /// Each attempt, from sending to the body's last byte; default 60 s. A timed-out
    /// attempt is not retried.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// The whole call, every attempt and every wait between them; default 120 s. A wait
    /// that would pass it is not taken: the call ends with what the last attempt got.
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = Some(timeout);
        self
    }

    /// Making the connection; default 10 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Retries after the first attempt; default 2, and 0 disables retrying.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    /// Every retry setting at once.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The most bytes of a response body to read; default 16 MiB. A larger body, declared
    /// or streamed, fails with [`Error::BodyTooLarge`] once the limit is passed.
    pub fn max_body_bytes(mut self, bytes: u64) -> Self {
        self.max_body_bytes = Some(bytes);
        self
    }

    /// At most this many requests of this client (and its clones) in flight at once; the
    /// rest wait, within their total timeout. Set it to the plan's concurrency to stay
    /// within it. Unlimited unless set; 0 fails [`build`](Self::build).
    pub fn max_concurrent_requests(mut self, requests: usize) -> Self {
        self.max_concurrent_requests = Some(requests);
        self
    }

    /// Fails without an API key, rather than with a 401 later.
    pub fn build(self) -> Result<ElevenLabs, Error> {
        let key = resolve_api_key(self.api_key, std::env::var(API_KEY_VARIABLE).ok())?;
        let mut key = HeaderValue::from_str(&key)
            .map_err(|_| Error::Configuration("the API key has characters a header cannot carry".into()))?;
        key.set_sensitive(true);
        let headers = HeaderMap::from_iter([(HeaderName::from_static("xi-api-key"), key.clone())]);
        let origin = Origin::of(&self.environment.checked_url().map_err(Error::Configuration)?);
        let base_url = self.environment.base_url().to_string();
        if self.max_concurrent_requests == Some(0) {
            return Err(Error::Configuration("max_concurrent_requests is 0: no request could ever be sent".into()));
        }
        let connect_timeout = self.connect_timeout.unwrap_or(Self::DEFAULT_CONNECT_TIMEOUT);
        let attempt_timeout = self.attempt_timeout.unwrap_or(Self::DEFAULT_ATTEMPT_TIMEOUT);
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .timeout(attempt_timeout)
            .user_agent(USER_AGENT)
            .connect_timeout(connect_timeout)
            .redirect(same_origin_redirects(origin))
            .referer(false)
            .build()
            .map_err(|e| Error::Configuration(e.to_string()))?;
        let settings = RequestSettings {
            attempt_timeout,
            total_timeout: self.total_timeout.unwrap_or(Self::DEFAULT_TOTAL_TIMEOUT),
            retry: self.retry,
            environment: self.environment.name(),
            max_body_bytes: self.max_body_bytes.unwrap_or(Self::DEFAULT_MAX_BODY_BYTES),
            in_flight: Arc::new(InFlight::with_ceiling(self.max_concurrent_requests)),
            call: None,
            client_timeout: Some(attempt_timeout),
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
            .field("attempt_timeout", &self.attempt_timeout)
            .field("total_timeout", &self.total_timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("max_concurrent_requests", &self.max_concurrent_requests)
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
        let error = ElevenLabs::builder().api_key("k").base_url("localhost:8080").build();
        assert!(matches!(error, Err(Error::Configuration(m)) if m.contains("not http or https")));
        let error = ElevenLabs::builder().api_key("k").max_concurrent_requests(0).build();
        assert!(matches!(error, Err(Error::Configuration(m)) if m.contains("max_concurrent_requests is 0")));
    }
}
