//! Errors of the client, one variant per thing a caller handles differently.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::models::HttpValidationError;

/// Why a call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// No API key was given, and `ELEVENLABS_API_KEY` is unset or empty.
    MissingApiKey,
    /// The client could not be built (an invalid base URL or header value, TLS set-up).
    Configuration(String),
    /// The request timed out.
    Timeout(reqwest::Error),
    /// The connection failed or broke, after any retries.
    Connection(reqwest::Error),
    /// 401 or 403: the key is missing, wrong, or lacks a permission.
    Authentication { status: StatusCode, message: String, headers: HeaderMap },
    /// 429, after any retries; `retry_after` is the server's last `Retry-After`.
    RateLimited { retry_after: Option<Duration>, message: String, headers: HeaderMap },
    /// 422: the server says the request is invalid.
    Validation { error: HttpValidationError, headers: HeaderMap },
    /// Any other unexpected status, with the response kept.
    Status { status: StatusCode, headers: HeaderMap, body: Bytes },
    /// The body does not match the models: `path` names the failing field
    /// (`subscription.character_count`), and the body is kept.
    Decode { status: Option<StatusCode>, path: String, message: String, body: Bytes },
}

impl Error {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Authentication { status, .. } | Self::Status { status, .. } => Some(*status),
            Self::RateLimited { .. } => Some(StatusCode::TOO_MANY_REQUESTS),
            Self::Validation { .. } => Some(StatusCode::UNPROCESSABLE_ENTITY),
            Self::Decode { status, .. } => *status,
            Self::Timeout(e) | Self::Connection(e) => e.status(),
            Self::MissingApiKey | Self::Configuration(_) => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingApiKey => {
                write!(f, "no API key: pass one to the builder or set ELEVENLABS_API_KEY")
            }
            Self::Configuration(message) => write!(f, "cannot build the client: {message}"),
            // The reqwest error is the `source()`, so chains print it once.
            Self::Timeout(_) => write!(f, "the request timed out"),
            Self::Connection(_) => write!(f, "cannot reach the API"),
            Self::Authentication { status, message, .. } => write!(f, "not authorized ({status}): {message}"),
            Self::RateLimited { retry_after, message, .. } => match retry_after {
                Some(wait) => write!(f, "rate limited; retry after {}s: {message}", wait.as_secs()),
                None => write!(f, "rate limited: {message}"),
            },
            Self::Validation { error, .. } => {
                let details: Vec<String> = error.detail.iter().map(|d| d.msg.clone()).collect();
                write!(f, "the request was rejected as invalid: {}", details.join("; "))
            }
            Self::Status { status, body, .. } => {
                write!(f, "unexpected status {status}: {}", String::from_utf8_lossy(&body[..body.len().min(200)]))
            }
            Self::Decode { path, message, .. } => {
                let at = if path.is_empty() || path == "." { "the body".to_string() } else { format!("`{path}`") };
                write!(f, "the response does not match the models at {at}: {message}")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Timeout(e) | Self::Connection(e) => Some(e),
            _ => None,
        }
    }
}

/// The message of an ElevenLabs error body, `{"detail": {"status": "…", "message": "…"}}`,
/// or of a plain `{"detail": "…"}`; the raw text otherwise.
pub(crate) fn server_message(body: &[u8]) -> String {
    let parsed: Option<serde_json::Value> = serde_json::from_slice(body).ok();
    let detail = parsed.as_ref().and_then(|v| v.get("detail"));
    let message = match detail {
        Some(serde_json::Value::String(text)) => Some(text.clone()),
        Some(detail) => detail.get("message").and_then(|m| m.as_str()).map(|message| {
            match detail.get("status").and_then(|s| s.as_str()) {
                Some(status) => format!("{message} ({status})"),
                None => message.to_string(),
            }
        }),
        None => None,
    };
    message.unwrap_or_else(|| String::from_utf8_lossy(&body[..body.len().min(500)]).trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_elevenlabs_error_bodies() {
        let body = br#"{"detail": {"status": "invalid_api_key", "message": "Invalid API key"}}"#;
        assert_eq!(server_message(body), "Invalid API key (invalid_api_key)");
        assert_eq!(server_message(br#"{"detail": "Not Found"}"#), "Not Found");
        assert_eq!(server_message(b"<html>Bad gateway</html>"), "<html>Bad gateway</html>");
        assert_eq!(server_message(b"\xff\xfe"), "\u{fffd}\u{fffd}");
    }
}
