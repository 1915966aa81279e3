//! A successful call's value, with the status and headers it came with.

use std::fmt;
use std::ops::{Deref, DerefMut};

use progenitor_client::ResponseValue;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::error::{debug_redacted, Secrets};
use crate::headers;

/// A typed value with the status and headers of the response it came from. It derefs to
/// the value (`response.subscription`), as progenitor's `ResponseValue` does. Its `Debug`
/// never prints the client's API key.
pub struct ApiResponse<T> {
    /// The generated client's value: moved in whole, headers included, never copied.
    inner: ResponseValue<T>,
    secrets: Secrets,
}

impl<T> ApiResponse<T> {
    pub(crate) fn new(inner: ResponseValue<T>, secrets: Secrets) -> Self {
        Self { inner, secrets }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.inner.status()
    }

    /// Every header, as received.
    pub fn headers(&self) -> &HeaderMap {
        self.inner.headers()
    }

    /// The server's request id (`request-id`, or `x-request-id`), when it sends one.
    pub fn request_id(&self) -> Option<&str> {
        headers::request_id(self.headers())
    }

    /// The `x-trace-id` header, which ElevenLabs recommends logging.
    pub fn trace_id(&self) -> Option<&str> {
        headers::trace_id(self.headers())
    }

    /// The account's requests in flight when the server answered
    /// (`current-concurrent-requests`).
    pub fn current_concurrent_requests(&self) -> Option<u32> {
        headers::current_concurrent_requests(self.headers())
    }

    /// How many requests the account's plan allows in flight
    /// (`maximum-concurrent-requests`).
    pub fn maximum_concurrent_requests(&self) -> Option<u32> {
        headers::maximum_concurrent_requests(self.headers())
    }

    /// The value alone.
    pub fn into_inner(self) -> T {
        self.inner.into_inner()
    }
}

impl<T> Deref for ApiResponse<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.inner
    }
}

impl<T> DerefMut for ApiResponse<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.inner
    }
}

impl<T: Clone> Clone for ApiResponse<T> {
    fn clone(&self) -> Self {
        let inner = ResponseValue::new((*self.inner).clone(), self.status(), self.headers().clone());
        Self { inner, secrets: self.secrets.clone() }
    }
}

impl<T: fmt::Debug> fmt::Debug for ApiResponse<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_redacted(f, Some(&self.secrets), |f| {
            f.debug_struct("ApiResponse")
                .field("value", &*self.inner)
                .field("status", &self.status())
                .field("headers", self.headers())
                .finish()
        })
    }
}
