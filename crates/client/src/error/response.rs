//! An error response as the server sent it: status, headers, body, and the documented
//! detail read from the body. Kept whole for the caller; printed without secrets.

use std::fmt;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::detail::ErrorDetail;
use super::secrets::{debug_redacted, Secrets};
use crate::headers;

/// The response behind an error: what the server sent, and ElevenLabs' error detail when
/// the body has its shape. Its `Debug` prints no secret.
#[derive(Clone)]
pub struct ErrorResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    detail: Option<ErrorDetail>,
    secrets: Secrets,
}

impl ErrorResponse {
    /// `secrets` are the client's; those found in `body` join them.
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: Bytes, secrets: &Secrets) -> Self {
        let secrets = secrets.with_body(&body);
        let detail = ErrorDetail::from_body(&body, &secrets);
        Self { status, headers, body, detail, secrets }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Every header, as received.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body, as received (no more than the client's body limit).
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// ElevenLabs' error detail, when the body has its shape.
    pub fn detail(&self) -> Option<&ErrorDetail> {
        self.detail.as_ref()
    }

    /// The request's id, from the headers or else from the detail.
    pub fn request_id(&self) -> Option<&str> {
        headers::request_id(&self.headers).or_else(|| self.detail.as_ref()?.request_id())
    }

    /// The `x-trace-id` header, which ElevenLabs recommends logging.
    pub fn trace_id(&self) -> Option<&str> {
        headers::trace_id(&self.headers)
    }

    /// The account's requests in flight when the server answered.
    pub fn current_concurrent_requests(&self) -> Option<u32> {
        headers::current_concurrent_requests(&self.headers)
    }

    /// How many requests the account's plan allows in flight.
    pub fn maximum_concurrent_requests(&self) -> Option<u32> {
        headers::maximum_concurrent_requests(&self.headers)
    }

    pub(crate) fn secrets(&self) -> &Secrets {
        &self.secrets
    }

    /// What the server said, for an error's one line.
    pub(crate) fn message(&self) -> String {
        super::detail::server_message(self.detail.as_ref(), &self.body)
    }

    /// The fields of `Debug`, unredacted: the caller redacts the whole.
    pub(crate) fn debug_fields(&self, f: &mut fmt::DebugStruct<'_, '_>) {
        f.field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .field("detail", &self.detail);
    }
}

impl fmt::Debug for ErrorResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_redacted(f, Some(&self.secrets), |f| {
            let mut fields = f.debug_struct("ErrorResponse");
            self.debug_fields(&mut fields);
            fields.finish()
        })
    }
}
