//! From what the generated client and the transport report to this crate's [`Error`]:
//! each failure gets the variant that says what happened, read from the error's causes.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::{Error, ErrorCode, ErrorResponse, Secrets, TimeoutKind};
use crate::body_limit::BodyLimitExceeded;
use crate::models::{HttpValidationError, UserResponseModel};
use crate::redirect::CrossOriginRedirect;
use crate::retry::retry_after;

/// What a call knew when it failed: its secrets, its limits, and how long it took.
pub(crate) struct CallContext<'a> {
    pub(crate) secrets: &'a Secrets,
    pub(crate) connect_timeout: Duration,
    pub(crate) attempt_timeout: Duration,
    pub(crate) total_timeout: Duration,
    pub(crate) elapsed: Duration,
}

/// The generated client's error as this crate's. `last_response` is the status and headers
/// of the last response, which the generated error loses when a body does not decode.
pub(crate) async fn from_generated(
    error: progenitor_client::Error<HttpValidationError>,
    last_response: Option<(StatusCode, HeaderMap)>,
    call: &CallContext<'_>,
) -> Error {
    use progenitor_client::Error as Generated;
    match error {
        Generated::CommunicationError(e) | Generated::ResponseBodyError(e) | Generated::InvalidUpgrade(e) => {
            from_transport(e, call)
        }
        Generated::ErrorResponse(response) => {
            let (status, headers) = (response.status(), response.headers().clone());
            let error = response.into_inner();
            // The documented body, decoded; kept as bytes too, as every error response is.
            let body = Bytes::from(serde_json::to_vec(&error).unwrap_or_default());
            Error::Validation { error, response: ErrorResponse::new(status, headers, body, call.secrets) }
        }
        Generated::InvalidResponsePayload(body, _) => {
            // Taken whichever way it goes, so that none outlives its error.
            let kept = crate::generated::support::head_of_undecoded(&body);
            match last_response {
                // An error status whose body is not the documented error type.
                Some((status, headers)) if !status.is_success() => {
                    Error::Status(ErrorResponse::new(status, headers, body, call.secrets))
                }
                last => {
                    let status = last.map_or(StatusCode::OK, |(status, _)| status);
                    let headers = kept.unwrap_or_default();
                    decode_error::<UserResponseModel>(ErrorResponse::new(status, headers, body, call.secrets))
                }
            }
        }
        Generated::UnexpectedResponse(response) => from_status(response, call).await,
        Generated::InvalidRequest(message) | Generated::Custom(message) => Error::Configuration(message),
    }
}

/// A failure of the transport, told apart by its causes. reqwest's error prints the URL
/// it failed on, which may hold a credential (a query parameter, or a redirect's target
/// that echoes the key): only what [`Secrets::printable_url`] keeps of it stays.
fn from_transport(mut error: reqwest::Error, call: &CallContext<'_>) -> Error {
    let printable = error.url().map(|url| call.secrets.printable_url(url));
    error = match printable {
        Some(Some(url)) => error.with_url(url),
        Some(None) => error.without_url(),
        None => error,
    };
    let mut source = std::error::Error::source(&error);
    let mut invalid_http = false;
    while let Some(cause) = source {
        if let Some(CrossOriginRedirect(location)) = cause.downcast_ref::<CrossOriginRedirect>() {
            return Error::CrossOriginRedirect { location: call.secrets.printable_location(location) };
        }
        if let Some(BodyLimitExceeded { status, limit, declared }) = cause.downcast_ref::<BodyLimitExceeded>() {
            return Error::BodyTooLarge { status: *status, limit: *limit, declared: *declared };
        }
        invalid_http |= is_invalid_http(cause);
        source = cause.source();
    }
    if error.is_timeout() {
        let (kind, limit) = if error.is_connect() {
            (TimeoutKind::Connect, call.connect_timeout)
        } else if call.elapsed >= call.total_timeout {
            (TimeoutKind::Total, call.total_timeout)
        } else {
            (TimeoutKind::Attempt, call.attempt_timeout)
        };
        Error::Timeout { kind, limit, source: error }
    } else if error.is_connect() {
        Error::Unreachable(error)
    } else if error.is_redirect() {
        Error::TooManyRedirects(error)
    } else if invalid_http {
        Error::InvalidHttp(error)
    } else {
        Error::ConnectionLost(error)
    }
}

/// Whether `cause` says the bytes received were not HTTP: hyper's parse errors (status
/// line, headers, `Content-Length`), and its body decoder's invalid-data errors (a chunk
/// size that is not hexadecimal). A body cut short is an unexpected end, not this.
fn is_invalid_http(cause: &(dyn std::error::Error + 'static)) -> bool {
    if let Some(hyper) = cause.downcast_ref::<hyper::Error>() {
        return hyper.is_parse();
    }
    cause
        .downcast_ref::<std::io::Error>()
        .is_some_and(|io| matches!(io.kind(), std::io::ErrorKind::InvalidData | std::io::ErrorKind::InvalidInput))
}

/// Names the failing field of a body that does not decode as `T`.
fn decode_error<T: serde::de::DeserializeOwned>(response: ErrorResponse) -> Error {
    // Past a byte order mark, as the generated client reads it.
    let body = response.body().strip_prefix(b"\xEF\xBB\xBF").unwrap_or(response.body());
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let (path, message) = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(e) => (e.path().to_string(), e.inner().to_string()),
        Ok(_) => (String::new(), "the body decodes, but not as the generated client expected".into()),
    };
    let model = std::any::type_name::<T>().rsplit("::").next().unwrap_or_default();
    Error::Decode { model, path, message, response }
}

/// An undocumented error status, by what it means to the caller.
async fn from_status(response: reqwest::Response, call: &CallContext<'_>) -> Error {
    let status = response.status();
    let headers = response.headers().clone();
    let body = match response.bytes().await {
        Ok(body) => body,
        Err(e) => return from_transport(e, call),
    };
    let response = ErrorResponse::new(status, headers, body, call.secrets);
    match status {
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => Error::Authentication(response),
        StatusCode::TOO_MANY_REQUESTS => {
            let retry_after = retry_after(response.headers(), SystemTime::now());
            if response.detail().and_then(|d| d.code()) == Some(&ErrorCode::ConcurrentLimitExceeded) {
                Error::ConcurrencyLimited { retry_after, response }
            } else {
                Error::RateLimited { retry_after, response }
            }
        }
        _ => Error::Status(response),
    }
}
