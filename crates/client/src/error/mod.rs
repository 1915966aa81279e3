//! Errors of the client, one variant per thing a caller handles differently.
//!
//! Every error that came with a response keeps it whole ([`ErrorResponse`]: status,
//! headers, body, and ElevenLabs' [`ErrorDetail`]), but no `Debug` or `Display` prints a
//! secret: the configured key and secret fields of a body print as `[redacted]`.

mod classify;
mod detail;
mod response;
mod secrets;

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::StatusCode;

use crate::models::HttpValidationError;

pub(crate) use classify::{from_generated, CallContext};
pub use detail::{ErrorCode, ErrorDetail, ErrorType};
pub use response::ErrorResponse;
pub(crate) use secrets::{debug_redacted, Secrets, REDACTED};

/// Why a call failed.
#[non_exhaustive]
pub enum Error {
    /// No API key was given, and `ELEVENLABS_API_KEY` is unset or blank.
    MissingApiKey,
    /// The client could not be built: an invalid base URL or key, or TLS set-up.
    Configuration(String),
    /// The API could not be reached: the name did not resolve, or no connection could be
    /// made. Nothing was sent.
    Unreachable(reqwest::Error),
    /// The connection broke after the request was sent: reset, closed, or the body cut
    /// short. The server may have acted on the request.
    ConnectionLost(reqwest::Error),
    /// The server's answer is not valid HTTP: a garbled status line or chunk size, or
    /// `Content-Length` headers that disagree.
    InvalidHttp(reqwest::Error),
    /// More than 10 redirects within the API's origin.
    TooManyRedirects(reqwest::Error),
    /// A time limit passed: see [`TimeoutKind`] for which.
    Timeout {
        /// Which limit passed.
        kind: TimeoutKind,
        /// The limit, as configured.
        limit: Duration,
        /// The transport's error.
        source: reqwest::Error,
    },
    /// The server redirected to another origin (scheme, host or port). The API key is only
    /// ever sent to the origin it was configured for, so the request stopped here.
    CrossOriginRedirect {
        /// Where the server pointed, with any secret in it redacted.
        location: String,
    },
    /// 401 or 403: the key is missing, wrong, or lacks a permission.
    Authentication(ErrorResponse),
    /// 429 `rate_limit_exceeded` (or a 429 without a code), after any retries.
    RateLimited {
        /// The server's `Retry-After`.
        retry_after: Option<Duration>,
        /// What the server sent.
        response: ErrorResponse,
    },
    /// 429 `concurrent_limit_exceeded`: more requests in flight than the plan allows, after
    /// waiting for this client's own to finish. See `ElevenLabsBuilder::max_concurrent_requests`.
    ConcurrencyLimited {
        /// The server's `Retry-After`.
        retry_after: Option<Duration>,
        /// What the server sent; its headers count the account's requests in flight.
        response: ErrorResponse,
    },
    /// 422 with the documented `HTTPValidationError` body.
    Validation {
        /// The body, decoded.
        error: HttpValidationError,
        /// What the server sent.
        response: ErrorResponse,
    },
    /// Any other error status, or an error status whose body is not the documented one.
    Status(ErrorResponse),
    /// The response body was larger than the client's limit
    /// ([`ElevenLabsBuilder::max_body_bytes`](crate::ElevenLabsBuilder::max_body_bytes)).
    /// No more than the limit was kept.
    BodyTooLarge {
        /// The response's status.
        status: StatusCode,
        /// The limit, as configured.
        limit: u64,
        /// The size `Content-Length` declared, when it was over the limit before anything
        /// was read; `None` when the limit was passed while streaming.
        declared: Option<u64>,
    },
    /// A successful response whose body does not match the models.
    Decode {
        /// The model the body was read as, such as `UserResponseModel`.
        model: &'static str,
        /// The failing field, such as `subscription.character_count`; empty for the body.
        path: String,
        /// What did not match.
        message: String,
        /// What the server sent.
        response: ErrorResponse,
    },
}

/// Which time limit a [`Error::Timeout`] passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// No connection within the connect timeout.
    Connect,
    /// One attempt, from sending to the body's last byte, took longer than the attempt
    /// timeout. Not retried.
    Attempt,
    /// The whole call, every attempt and every wait, took longer than the total timeout.
    Total,
}

impl Error {
    /// The response behind the error, when the server answered.
    pub fn response(&self) -> Option<&ErrorResponse> {
        match self {
            Self::Authentication(response)
            | Self::Status(response)
            | Self::RateLimited { response, .. }
            | Self::ConcurrencyLimited { response, .. }
            | Self::Validation { response, .. }
            | Self::Decode { response, .. } => Some(response),
            _ => None,
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::BodyTooLarge { status, .. } => Some(*status),
            Self::Timeout { source, .. } => source.status(),
            other => other.response().map(ErrorResponse::status),
        }
    }

    /// ElevenLabs' error detail (`type`, `code`, `message`, `param`, `request_id`), when
    /// the body has its shape.
    pub fn detail(&self) -> Option<&ErrorDetail> {
        self.response()?.detail()
    }

    /// The body the server sent with this error.
    pub fn body(&self) -> Option<&Bytes> {
        self.response().map(ErrorResponse::body)
    }

    /// The headers the server sent with this error.
    pub fn headers(&self) -> Option<&HeaderMap> {
        self.response().map(ErrorResponse::headers)
    }

    /// The request's id, from the headers or the detail: what ElevenLabs' support asks for.
    pub fn request_id(&self) -> Option<&str> {
        self.response()?.request_id()
    }

    /// The `x-trace-id` header, which ElevenLabs recommends logging.
    pub fn trace_id(&self) -> Option<&str> {
        self.response()?.trace_id()
    }

    /// How long the server asked the caller to wait, for a 429.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RateLimited { retry_after, .. } | Self::ConcurrencyLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    fn secrets(&self) -> Option<&Secrets> {
        self.response().map(ErrorResponse::secrets)
    }

    /// What `Display` shows, before redaction.
    fn describe(&self, f: &mut dyn fmt::Write) -> fmt::Result {
        match self {
            Self::MissingApiKey => write!(f, "no API key: pass one to the builder or set ELEVENLABS_API_KEY"),
            Self::Configuration(message) => write!(f, "cannot build the client: {message}"),
            // The reqwest error is the `source()`, so chains print it once.
            Self::Unreachable(_) => {
                write!(f, "cannot reach the API (no name resolution or no connection); nothing was sent")
            }
            Self::ConnectionLost(_) => write!(f, "the connection broke before the response was complete"),
            Self::InvalidHttp(_) => write!(f, "the server's answer is not valid HTTP"),
            Self::TooManyRedirects(_) => write!(f, "too many redirects (more than 10)"),
            Self::Timeout { kind, limit, .. } => match kind {
                TimeoutKind::Connect => write!(f, "no connection within the connect timeout of {limit:?}"),
                TimeoutKind::Attempt => write!(f, "no complete response within the attempt timeout of {limit:?}"),
                TimeoutKind::Total => {
                    write!(
                        f,
                        "the call did not finish within its total timeout of {limit:?}, retries and waits included"
                    )
                }
            },
            Self::CrossOriginRedirect { location } => {
                write!(f, "the server redirected to another origin ({location}); the API key is not sent there")
            }
            Self::Authentication(response) => {
                write!(f, "not authorized ({}): {}", response.status(), response.message())
            }
            Self::RateLimited { retry_after, response } => {
                write!(f, "rate limited")?;
                if let Some(wait) = retry_after {
                    write!(f, "; retry after {}s", wait.as_secs())?;
                }
                write!(f, ": {}", response.message())
            }
            Self::ConcurrencyLimited { response, .. } => {
                write!(f, "too many concurrent requests for the plan")?;
                if let (Some(current), Some(maximum)) =
                    (response.current_concurrent_requests(), response.maximum_concurrent_requests())
                {
                    write!(f, " ({current} in flight, {maximum} allowed)")?;
                }
                write!(f, ": {}", response.message())
            }
            Self::Validation { error, .. } => {
                let details: Vec<String> = error.detail().iter().map(|d| d.msg.clone()).collect();
                write!(f, "the request was rejected as invalid: {}", details.join("; "))
            }
            Self::Status(response) => {
                write!(f, "unexpected status {}: {}", response.status(), truncated(&response.message(), 200))
            }
            Self::BodyTooLarge { status, limit, declared } => match declared {
                Some(declared) => write!(
                    f,
                    "the response ({status}) declares a body of {declared} bytes, over the limit of {limit}; \
                     nothing was read"
                ),
                None => write!(
                    f,
                    "the response ({status}) has a body over the limit of {limit} bytes; reading stopped there"
                ),
            },
            Self::Decode { model, path, message, response } => {
                let at = if path.is_empty() || path == "." { "the body".to_string() } else { format!("`{path}`") };
                write!(f, "the response does not match the models ({model}) at {at}: {message}")?;
                // What the body is, when that is why it does not read: compressed, which
                // the client never asks for (no `Accept-Encoding`), or not JSON at all (a
                // proxy's error page, say).
                let header = |name| response.headers().get(name).and_then(|v: &HeaderValue| v.to_str().ok());
                let encoding =
                    header(reqwest::header::CONTENT_ENCODING).filter(|e| !e.eq_ignore_ascii_case("identity"));
                let content_type = header(reqwest::header::CONTENT_TYPE);
                match (encoding, content_type.filter(|t| !t.to_ascii_lowercase().contains("json"))) {
                    (Some(encoding), _) => {
                        write!(
                            f,
                            " (the body is {encoding}-encoded, which the client did not ask for and does not decode)"
                        )
                    }
                    (None, Some(other)) => write!(f, " (the body is {other}, not JSON)"),
                    (None, None) => Ok(()),
                }
            }
        }
    }

    /// What `Debug` shows, before redaction: every field, bodies as text.
    fn debug_fields(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let with_response = |f: &mut fmt::Formatter<'_>, name: &str, response: &ErrorResponse| {
            let mut fields = f.debug_struct(name);
            response.debug_fields(&mut fields);
            fields.finish()
        };
        match self {
            Self::MissingApiKey => f.write_str("MissingApiKey"),
            Self::Configuration(message) => f.debug_tuple("Configuration").field(message).finish(),
            Self::Unreachable(e) => f.debug_tuple("Unreachable").field(e).finish(),
            Self::ConnectionLost(e) => f.debug_tuple("ConnectionLost").field(e).finish(),
            Self::InvalidHttp(e) => f.debug_tuple("InvalidHttp").field(e).finish(),
            Self::TooManyRedirects(e) => f.debug_tuple("TooManyRedirects").field(e).finish(),
            Self::Timeout { kind, limit, source } => {
                f.debug_struct("Timeout").field("kind", kind).field("limit", limit).field("source", source).finish()
            }
            Self::CrossOriginRedirect { location } => {
                f.debug_struct("CrossOriginRedirect").field("location", location).finish()
            }
            Self::Authentication(response) => with_response(f, "Authentication", response),
            Self::Status(response) => with_response(f, "Status", response),
            Self::RateLimited { retry_after, response } | Self::ConcurrencyLimited { retry_after, response } => {
                let name = if matches!(self, Self::RateLimited { .. }) { "RateLimited" } else { "ConcurrencyLimited" };
                let mut fields = f.debug_struct(name);
                fields.field("retry_after", retry_after);
                response.debug_fields(&mut fields);
                fields.finish()
            }
            Self::Validation { error, response } => {
                let mut fields = f.debug_struct("Validation");
                fields.field("error", error);
                response.debug_fields(&mut fields);
                fields.finish()
            }
            Self::BodyTooLarge { status, limit, declared } => f
                .debug_struct("BodyTooLarge")
                .field("status", status)
                .field("limit", limit)
                .field("declared", declared)
                .finish(),
            Self::Decode { model, path, message, response } => {
                let mut fields = f.debug_struct("Decode");
                fields.field("model", model).field("path", path).field("message", message);
                response.debug_fields(&mut fields);
                fields.finish()
            }
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&secrets::redacted(self.secrets(), |text| self.describe(text))?)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_redacted(f, self.secrets(), |f| self.debug_fields(f))
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Unreachable(e) | Self::ConnectionLost(e) | Self::InvalidHttp(e) | Self::TooManyRedirects(e) => {
                Some(e)
            }
            Self::Timeout { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// At most `max` characters of `text`, with `…` when cut.
fn truncated(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}
