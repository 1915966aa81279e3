//! ElevenLabs' documented error body, `{"detail": {"type", "code", "message", "param",
//! "request_id", "status"}}`, read into types. The legacy `status` stands for `code` when a
//! body has no `code`; a plain `{"detail": "Not Found"}` is a detail with a message only.
//! The 422 array shape (`HTTPValidationError`) is the models' own type, not this one.

use std::fmt;

use serde_json::Value;

use super::secrets::{debug_redacted, Secrets};

/// The wire text of an open enum's known values, and `Display`: one table per enum. The
/// enum itself is written out above it, so that its variants are read where they are
/// declared (and by the public-API snapshot); a variant missing from the table does not
/// compile, as `as_str`'s match is then not exhaustive.
macro_rules! wire_text {
    ($name:ident { $($variant:ident = $wire:literal,)* }) => {
        impl $name {
            /// The value as it is written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(other) => other,
                }
            }

            fn from_wire(text: &str) -> Self {
                match text {
                    $($wire => Self::$variant,)*
                    other => Self::Unknown(other.to_string()),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// The broad class of an error: the body's `type`. Open: a value this version does not
/// know arrives as `Unknown`, so one added upstream never fails a call.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorType {
    /// The request was understood but a parameter is invalid.
    ValidationError,
    /// A value this version does not know, as the server sent it.
    Unknown(String),
}

wire_text!(ErrorType { ValidationError = "validation_error", });

/// What went wrong, more precisely than [`ErrorType`]: the body's `code` (or, in older
/// bodies, its `status`). Open, as [`ErrorType`] is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// A parameter is missing or invalid; [`ErrorDetail::param`] names it.
    InvalidParameters,
    /// Too many requests in a short time: retry with exponential backoff.
    RateLimitExceeded,
    /// More requests in flight than the plan allows: wait for some to finish.
    ConcurrentLimitExceeded,
    /// The API key is missing, malformed or revoked.
    InvalidApiKey,
    /// The account has too few credits left for the request.
    QuotaExceeded,
    /// No voice has the given id.
    VoiceNotFound,
    /// The request's text is longer than the model allows.
    MaxCharacterLimitExceeded,
    /// The account was restricted after unusual activity.
    DetectedUnusualActivity,
    /// A value this version does not know, as the server sent it.
    Unknown(String),
}

wire_text!(ErrorCode {
    InvalidParameters = "invalid_parameters",
    RateLimitExceeded = "rate_limit_exceeded",
    ConcurrentLimitExceeded = "concurrent_limit_exceeded",
    InvalidApiKey = "invalid_api_key",
    QuotaExceeded = "quota_exceeded",
    VoiceNotFound = "voice_not_found",
    MaxCharacterLimitExceeded = "max_character_limit_exceeded",
    DetectedUnusualActivity = "detected_unusual_activity",
});

/// The `detail` of an ElevenLabs error body. Reached from every error that came with a
/// body, through [`crate::Error::detail`]. Its `Debug` prints no secret.
#[derive(Clone)]
pub struct ErrorDetail {
    error_type: Option<ErrorType>,
    code: Option<ErrorCode>,
    message: Option<String>,
    param: Option<String>,
    request_id: Option<String>,
    secrets: Secrets,
}

impl ErrorDetail {
    /// The detail of `body`, or `None` when it is not ElevenLabs' error shape (HTML from a
    /// proxy, an empty body, the 422 array).
    pub(crate) fn from_body(body: &[u8], secrets: &Secrets) -> Option<Self> {
        let parsed: Value = serde_json::from_slice(body).ok()?;
        let text = |detail: &Value, name: &str| detail.get(name).and_then(Value::as_str).map(str::to_string);
        let detail = match parsed.get("detail")? {
            Value::String(message) => Self::with_message(message.clone(), secrets),
            detail @ Value::Object(_) => Self {
                error_type: text(detail, "type").map(|t| ErrorType::from_wire(&t)),
                code: text(detail, "code").or_else(|| text(detail, "status")).map(|c| ErrorCode::from_wire(&c)),
                message: text(detail, "message"),
                param: text(detail, "param"),
                request_id: text(detail, "request_id"),
                secrets: secrets.clone(),
            },
            _ => return None,
        };
        Some(detail)
    }

    fn with_message(message: String, secrets: &Secrets) -> Self {
        Self {
            error_type: None,
            code: None,
            message: Some(message),
            param: None,
            request_id: None,
            secrets: secrets.clone(),
        }
    }

    /// The body's `type`, such as `validation_error`.
    pub fn error_type(&self) -> Option<&ErrorType> {
        self.error_type.as_ref()
    }

    /// The body's `code`, else its legacy `status`: `rate_limit_exceeded`, `invalid_api_key`, …
    pub fn code(&self) -> Option<&ErrorCode> {
        self.code.as_ref()
    }

    /// What the server says happened, for a person to read.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The parameter that caused the error, for a validation error.
    pub fn param(&self) -> Option<&str> {
        self.param.as_deref()
    }

    /// The id ElevenLabs' support asks for.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl fmt::Debug for ErrorDetail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_redacted(f, Some(&self.secrets), |f| {
            f.debug_struct("ErrorDetail")
                .field("error_type", &self.error_type)
                .field("code", &self.code)
                .field("message", &self.message)
                .field("param", &self.param)
                .field("request_id", &self.request_id)
                .finish()
        })
    }
}

/// What the server said, for an error's one line: the detail's message with its code, or
/// the body's text when it is not ElevenLabs' shape.
pub(crate) fn server_message(detail: Option<&ErrorDetail>, body: &[u8]) -> String {
    match detail.and_then(|d| d.message().map(|message| (message, d.code()))) {
        Some((message, Some(code))) => format!("{message} ({code})"),
        Some((message, None)) => message.to_string(),
        None => match String::from_utf8_lossy(body).trim() {
            // So that no text ends in a colon with nothing after it.
            "" => "(no body)".to_string(),
            text => super::truncated(text, 500),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detail(body: &str) -> Option<ErrorDetail> {
        ErrorDetail::from_body(body.as_bytes(), &Secrets::default())
    }

    #[test]
    fn reads_the_documented_shape() {
        let body = r#"{"detail": {"type": "validation_error", "code": "invalid_parameters",
            "message": "The 'keyterms' parameter is only supported with 'scribe_v2'.", "status": "invalid_parameters",
            "request_id": "3c807fc4", "param": "keyterms"}}"#;
        let detail = detail(body).unwrap();
        assert_eq!(detail.error_type(), Some(&ErrorType::ValidationError));
        assert_eq!(detail.code(), Some(&ErrorCode::InvalidParameters));
        assert_eq!(detail.param(), Some("keyterms"));
        assert_eq!(detail.request_id(), Some("3c807fc4"));
    }

    #[test]
    fn the_legacy_status_stands_for_the_code_and_unknown_values_are_kept() {
        let legacy = detail(r#"{"detail": {"status": "invalid_api_key", "message": "Invalid API key"}}"#).unwrap();
        assert_eq!(legacy.code(), Some(&ErrorCode::InvalidApiKey));
        assert_eq!(server_message(Some(&legacy), b""), "Invalid API key (invalid_api_key)");
        let newer = detail(r#"{"detail": {"code": "rate_limit_exceeded", "status": "old"}}"#).unwrap();
        assert_eq!(newer.code(), Some(&ErrorCode::RateLimitExceeded));
        let unknown = detail(r#"{"detail": {"type": "brand_new", "code": "also_new"}}"#).unwrap();
        assert_eq!(unknown.error_type(), Some(&ErrorType::Unknown("brand_new".into())));
        assert_eq!(unknown.code().map(ErrorCode::as_str), Some("also_new"));
    }

    #[test]
    fn other_bodies_have_no_detail_or_only_a_message() {
        assert_eq!(detail(r#"{"detail": "Not Found"}"#).unwrap().message(), Some("Not Found"));
        for body in ["<html>Bad gateway</html>", "", r#"{"detail": [{"msg": "x"}]}"#, r#"{"other": 1}"#] {
            assert!(detail(body).is_none(), "{body}");
        }
        assert_eq!(server_message(None, b"<html>Bad gateway</html>"), "<html>Bad gateway</html>");
        assert_eq!(server_message(None, b"\xff\xfe"), "\u{fffd}\u{fffd}");
        assert_eq!(server_message(None, b" \n"), "(no body)");
    }

    #[test]
    fn every_known_value_reads_back_as_itself() {
        let codes = [
            ErrorCode::InvalidParameters,
            ErrorCode::RateLimitExceeded,
            ErrorCode::ConcurrentLimitExceeded,
            ErrorCode::InvalidApiKey,
            ErrorCode::QuotaExceeded,
            ErrorCode::VoiceNotFound,
            ErrorCode::MaxCharacterLimitExceeded,
            ErrorCode::DetectedUnusualActivity,
        ];
        for code in codes {
            assert_eq!(ErrorCode::from_wire(code.as_str()), code);
        }
        assert_eq!(ErrorType::from_wire(ErrorType::ValidationError.as_str()), ErrorType::ValidationError);
    }

    #[test]
    fn debug_prints_no_key_the_server_echoed() {
        let body = br#"{"detail": {"code": "invalid_api_key", "message": "key sk_echoed is not valid"}}"#;
        let printed = format!("{:?}", ErrorDetail::from_body(body, &Secrets::key("sk_echoed")).unwrap());
        assert!(!printed.contains("sk_echoed") && printed.contains("InvalidApiKey"), "{printed}");
    }
}
