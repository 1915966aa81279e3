//! Errors of the client, one variant per thing a caller handles differently.
//!
//! Every error keeps what the server sent (status, headers, body) for the caller, but its
//! `Debug` and `Display` never print a secret: see [`Secrets`].

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::models::{HttpValidationError, SECRET_FIELDS};

/// Why a call failed.
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
    /// The server redirected to another origin (scheme, host or port). The API key is
    /// only ever sent to the origin it was configured for, so the request stopped here.
    CrossOriginRedirect { location: String, secrets: Secrets },
    /// 401 or 403: the key is missing, wrong, or lacks a permission.
    Authentication { status: StatusCode, message: String, headers: HeaderMap, secrets: Secrets },
    /// 429, after any retries; `retry_after` is the server's last `Retry-After`.
    RateLimited { retry_after: Option<Duration>, message: String, headers: HeaderMap, secrets: Secrets },
    /// 422 with the documented `HTTPValidationError` body.
    Validation { error: HttpValidationError, headers: HeaderMap, secrets: Secrets },
    /// Any other error status, or an error status whose body is not the documented one;
    /// the response is kept.
    Status { status: StatusCode, headers: HeaderMap, body: Bytes, secrets: Secrets },
    /// The response body was larger than the client's limit
    /// ([`ElevenLabsBuilder::max_body_bytes`](crate::ElevenLabsBuilder::max_body_bytes)):
    /// `declared` when `Content-Length` said so before anything was read, `None` when the
    /// limit was passed while streaming. No more than the limit was kept.
    BodyTooLarge { status: StatusCode, limit: u64, declared: Option<u64> },
    /// A successful response whose body does not match `model`: `path` names the failing
    /// field (`subscription.character_count`), and the body is kept.
    Decode { status: StatusCode, model: &'static str, path: String, message: String, body: Bytes, secrets: Secrets },
}

impl Error {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Authentication { status, .. }
            | Self::Status { status, .. }
            | Self::Decode { status, .. }
            | Self::BodyTooLarge { status, .. } => Some(*status),
            Self::RateLimited { .. } => Some(StatusCode::TOO_MANY_REQUESTS),
            Self::Validation { .. } => Some(StatusCode::UNPROCESSABLE_ENTITY),
            Self::Timeout(e) | Self::Connection(e) => e.status(),
            Self::MissingApiKey | Self::Configuration(_) | Self::CrossOriginRedirect { .. } => None,
        }
    }

    /// The body the server sent with this error, when the error carries one.
    pub fn body(&self) -> Option<&Bytes> {
        match self {
            Self::Status { body, .. } | Self::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    fn secrets(&self) -> Option<&Secrets> {
        match self {
            Self::CrossOriginRedirect { secrets, .. }
            | Self::Authentication { secrets, .. }
            | Self::RateLimited { secrets, .. }
            | Self::Validation { secrets, .. }
            | Self::Status { secrets, .. }
            | Self::Decode { secrets, .. } => Some(secrets),
            Self::MissingApiKey
            | Self::Configuration(_)
            | Self::Timeout(_)
            | Self::Connection(_)
            | Self::BodyTooLarge { .. } => None,
        }
    }

    /// What `Display` shows, before redaction.
    fn describe(&self, f: &mut dyn fmt::Write) -> fmt::Result {
        match self {
            Self::MissingApiKey => write!(f, "no API key: pass one to the builder or set ELEVENLABS_API_KEY"),
            Self::Configuration(message) => write!(f, "cannot build the client: {message}"),
            // The reqwest error is the `source()`, so chains print it once.
            Self::Timeout(_) => write!(f, "the request timed out"),
            Self::Connection(_) => write!(f, "cannot reach the API"),
            Self::CrossOriginRedirect { location, .. } => {
                write!(f, "the server redirected to another origin ({location}); the API key is not sent there")
            }
            Self::Authentication { status, message, .. } => write!(f, "not authorized ({status}): {message}"),
            Self::RateLimited { retry_after, message, .. } => match retry_after {
                Some(wait) => write!(f, "rate limited; retry after {}s: {message}", wait.as_secs()),
                None => write!(f, "rate limited: {message}"),
            },
            Self::Validation { error, .. } => {
                let details: Vec<String> = error.detail().iter().map(|d| d.msg.clone()).collect();
                write!(f, "the request was rejected as invalid: {}", details.join("; "))
            }
            Self::Status { status, body, .. } => {
                let text = String::from_utf8_lossy(body);
                write!(f, "unexpected status {status}: {}", truncated(&text, 200))
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
            Self::Decode { model, path, message, .. } => {
                let at = if path.is_empty() || path == "." { "the body".to_string() } else { format!("`{path}`") };
                write!(f, "the response does not match the models ({model}) at {at}: {message}")
            }
        }
    }

    /// What `Debug` shows, before redaction: every field, bodies as text.
    fn debug_fields(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = |body: &Bytes| String::from_utf8_lossy(body).into_owned();
        match self {
            Self::MissingApiKey => f.write_str("MissingApiKey"),
            Self::Configuration(message) => f.debug_tuple("Configuration").field(message).finish(),
            Self::Timeout(e) => f.debug_tuple("Timeout").field(e).finish(),
            Self::Connection(e) => f.debug_tuple("Connection").field(e).finish(),
            Self::CrossOriginRedirect { location, .. } => {
                f.debug_struct("CrossOriginRedirect").field("location", location).finish_non_exhaustive()
            }
            Self::Authentication { status, message, headers, .. } => f
                .debug_struct("Authentication")
                .field("status", status)
                .field("message", message)
                .field("headers", headers)
                .finish_non_exhaustive(),
            Self::RateLimited { retry_after, message, headers, .. } => f
                .debug_struct("RateLimited")
                .field("retry_after", retry_after)
                .field("message", message)
                .field("headers", headers)
                .finish_non_exhaustive(),
            Self::Validation { error, headers, .. } => {
                f.debug_struct("Validation").field("error", error).field("headers", headers).finish_non_exhaustive()
            }
            Self::Status { status, headers, body, .. } => f
                .debug_struct("Status")
                .field("status", status)
                .field("headers", headers)
                .field("body", &text(body))
                .finish_non_exhaustive(),
            Self::BodyTooLarge { status, limit, declared } => f
                .debug_struct("BodyTooLarge")
                .field("status", status)
                .field("limit", limit)
                .field("declared", declared)
                .finish(),
            Self::Decode { status, model, path, message, body, .. } => f
                .debug_struct("Decode")
                .field("status", status)
                .field("model", model)
                .field("path", path)
                .field("message", message)
                .field("body", &text(body))
                .finish_non_exhaustive(),
        }
    }
}

/// Formats through `write` into a string, then redacts it.
fn redacted(secrets: Option<&Secrets>, write: impl FnOnce(&mut String) -> fmt::Result) -> Result<String, fmt::Error> {
    let mut text = String::new();
    write(&mut text)?;
    Ok(match secrets {
        Some(secrets) => secrets.redact(&text),
        None => text,
    })
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redacted(self.secrets(), |text| self.describe(text))?)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_redacted(f, self.secrets(), |f| self.debug_fields(f))
    }
}

/// Writes what `fields` prints as `Debug` (keeping `{:#?}`'s layout) with `secrets` redacted.
pub(crate) fn debug_redacted(
    f: &mut fmt::Formatter<'_>,
    secrets: Option<&Secrets>,
    fields: impl Fn(&mut fmt::Formatter<'_>) -> fmt::Result,
) -> fmt::Result {
    let alternate = f.alternate();
    let text = redacted(secrets, |text| {
        use fmt::Write;
        let debug = DebugWith(fields);
        if alternate {
            write!(text, "{debug:#?}")
        } else {
            write!(text, "{debug:?}")
        }
    })?;
    f.write_str(&text)
}

/// Adapts a closure to `Debug`, so `{:?}` and `{:#?}` both reach it.
struct DebugWith<F>(F);

impl<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result> fmt::Debug for DebugWith<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.0)(f)
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

/// The secrets an error or response must never print: the API key the client was
/// configured with, and the values of secret fields (`xi_api_key`) in the body it carries.
/// Opaque: it prints nothing of them.
#[derive(Clone, Default)]
pub struct Secrets {
    values: Arc<[String]>,
}

impl Secrets {
    /// The configured key alone.
    pub(crate) fn key(api_key: &str) -> Self {
        Self { values: Arc::from(vec![api_key.to_string()]) }.without_blanks()
    }

    /// These secrets plus the values of the secret fields found in `body`, which need not
    /// be valid JSON (a truncated body still hides its key).
    pub(crate) fn with_body(&self, body: &[u8]) -> Self {
        let found = secret_field_values(&String::from_utf8_lossy(body));
        if found.is_empty() {
            return self.clone();
        }
        let values: Vec<String> = self.values.iter().cloned().chain(found).collect();
        Self { values: values.into() }.without_blanks()
    }

    fn without_blanks(self) -> Self {
        let mut values: Vec<String> = self.values.iter().filter(|v| !v.is_empty()).cloned().collect();
        // Longest first, so a secret that contains another is replaced whole.
        values.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        values.dedup();
        Self { values: values.into() }
    }

    /// `text` with every secret replaced by `[redacted]`.
    pub(crate) fn redact(&self, text: &str) -> String {
        let mut text = redact_secret_fields(text);
        for value in self.values.iter() {
            if text.contains(value.as_str()) {
                text = text.replace(value.as_str(), REDACTED);
            }
        }
        text
    }
}

impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secrets({} redacted)", self.values.len())
    }
}

const REDACTED: &str = "[redacted]";

/// The raw text of each string value of a secret field in JSON-like `text`, and its
/// JSON-decoded form: `"xi_api_key": "…"`, with any spacing, `\"`-escaped or not.
fn secret_field_values(text: &str) -> Vec<String> {
    let mut values = Vec::new();
    for span in secret_value_spans(text) {
        let raw = &text[span.clone()];
        let unescaped = raw.replace("\\\"", "\"");
        if let Ok(decoded) = serde_json::from_str::<String>(&format!("\"{unescaped}\"")) {
            values.push(decoded);
        }
        values.push(raw.to_string());
    }
    values
}

/// `text` with the value of every secret field replaced.
fn redact_secret_fields(text: &str) -> String {
    let spans = secret_value_spans(text);
    if spans.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for span in spans {
        out.push_str(&text[last..span.start]);
        out.push_str(REDACTED);
        last = span.end;
    }
    out.push_str(&text[last..]);
    out
}

/// Byte ranges of the values of secret fields. A field name is quoted as `"name"` in a
/// body, or as `\"name\"` once that body is itself printed as an escaped string.
fn secret_value_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    for field in SECRET_FIELDS {
        for quote in ["\"", "\\\""] {
            let needle = format!("{quote}{field}{quote}");
            let mut from = 0;
            while let Some(found) = text[from..].find(&needle) {
                let after_name = from + found + needle.len();
                from = after_name;
                let rest = &text[after_name..];
                let trimmed = rest.trim_start();
                let Some(after_colon) = trimmed.strip_prefix(':') else { continue };
                let value = after_colon.trim_start();
                let Some(value) = value.strip_prefix(quote) else { continue };
                let start = text.len() - value.len();
                let end = start + string_end(value, quote);
                spans.push(start..end);
                from = end;
            }
        }
    }
    spans.sort_by_key(|span| span.start);
    spans.dedup_by(|b, a| b.start < a.end);
    spans
}

/// Where the string that starts `value` ends (before its closing `quote`), or the end of
/// `value` when it is cut off. Works on bytes: a body need not be valid UTF-8, and its
/// lossy decoding puts multi-byte characters anywhere.
fn string_end(value: &str, quote: &str) -> usize {
    let (bytes, quote) = (value.as_bytes(), quote.as_bytes());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(quote) {
            return i;
        }
        // An escape takes the next character with it (`\\` and, unquoted, `\"`).
        if bytes[i] == b'\\' && (quote == b"\"" || bytes[i..].starts_with(b"\\\\")) {
            i += 2;
            continue;
        }
        i += 1;
    }
    // Stepping over an escape can pass the end; ASCII quotes and backslashes never
    // split a character, so every other stop is a character boundary.
    i.min(bytes.len())
}

/// At most `max` characters of `text`, with `…` when cut.
fn truncated(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
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
    message.unwrap_or_else(|| truncated(String::from_utf8_lossy(body).trim(), 500))
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

    #[test]
    fn secret_fields_are_found_in_bodies_whole_cut_off_or_escaped() {
        let secrets = Secrets::key("sk_configured");
        for (body, secret) in [
            (r#"{"xi_api_key": "sk_a\"b", "n": 1}"#, "sk_a\\\"b"),
            (r#"{"xi_api_key":"sk_truncated"#, "sk_truncated"),
            (r#"{"user": {"xi_api_key" :  "sk_nested"}}"#, "sk_nested"),
        ] {
            let with_body = secrets.with_body(body.as_bytes());
            let printed = with_body.redact(&format!("{body} and {body:?} and {}", "sk_configured"));
            assert!(!printed.contains(secret) && !printed.contains("sk_configured"), "{printed}");
            assert!(printed.contains(REDACTED), "{printed}");
        }
    }

    #[test]
    fn a_secret_beside_replacement_characters_is_still_found() {
        // Found by fuzzing: invalid UTF-8 after a secret once panicked on a char boundary.
        let body = b"{\"xi_api_key\": \"sk_body_secret_91c2\xff\xff\xff\x1f\"}";
        let secrets = Secrets::default().with_body(body);
        let printed = secrets.redact(&String::from_utf8_lossy(body));
        assert!(!printed.contains("sk_body_secret_91c2"), "{printed}");
    }

    #[test]
    fn a_field_that_only_resembles_a_secret_is_kept() {
        let text = r#"{"xi_api_key_hint": "visible", "xi_api_key": null}"#;
        assert_eq!(Secrets::default().redact(text), text);
    }

    #[test]
    fn secrets_debug_prints_none_of_them() {
        let printed = format!("{:?}", Secrets::key("sk_x").with_body(br#"{"xi_api_key": "sk_y"}"#));
        assert!(!printed.contains("sk_"), "{printed}");
    }
}
