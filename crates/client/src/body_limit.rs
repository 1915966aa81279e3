//! A ceiling on how much of a response body the client reads. The API's bodies are a few
//! kilobytes; a misbehaving server or proxy that streams gigabytes must not take the
//! caller's process with it. A body declared (`Content-Length`) or found (while
//! streaming) to be larger fails with [`BodyLimitExceeded`] as the cause of the read
//! error, which the client turns into [`crate::Error::BodyTooLarge`].

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use reqwest::StatusCode;

/// The default ceiling on a response body: 16 MiB, thousands of times the user body.
pub const DEFAULT_MAX_BODY_BYTES: u64 = 16 * 1024 * 1024;

/// Why a body was not read to its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyLimitExceeded {
    pub status: StatusCode,
    pub limit: u64,
    /// The size the server declared in `Content-Length`, when it was over the limit.
    pub declared: Option<u64>,
}

impl fmt::Display for BodyLimitExceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.declared {
            Some(declared) => write!(f, "the response body is {declared} bytes, over the limit of {}", self.limit),
            None => write!(f, "the response body is over the limit of {} bytes", self.limit),
        }
    }
}

impl std::error::Error for BodyLimitExceeded {}

/// `response` with a body that fails once more than `limit` bytes arrive; one whose
/// `Content-Length` is already over fails at the first read, having read nothing.
pub(crate) fn limit_body(response: reqwest::Response, limit: u64) -> reqwest::Response {
    // A body whose exact length is known and within the limit needs no wrapper (the usual
    // case, and rebuilding the response costs a tenth of a round trip): hyper reads no more
    // than `Content-Length` over HTTP/1 and fails a longer body over HTTP/2, and a
    // decompressed body has no exact length.
    if response.content_length().is_some_and(|length| length <= limit) {
        return response;
    }
    let status = response.status();
    let declared = response.content_length().filter(|length| *length > limit);
    let url = response.url().clone();
    let response: http::Response<reqwest::Body> = response.into();
    let (mut parts, inner) = response.into_parts();
    // The conversion drops the URL; a builder is the public way to carry it back.
    if let Ok(with_url) = reqwest::ResponseBuilderExt::url(http::Response::builder(), url).body(()) {
        parts.extensions.extend(with_url.into_parts().0.extensions);
    }
    let exceeded = declared.map(|declared| BodyLimitExceeded { status, limit, declared: Some(declared) });
    let body = LimitedBody { inner: Some(inner), status, remaining: limit, limit, exceeded };
    http::Response::from_parts(parts, reqwest::Body::wrap(body)).into()
}

struct LimitedBody {
    /// `None` once the limit is passed: nothing more is read.
    inner: Option<reqwest::Body>,
    status: StatusCode,
    remaining: u64,
    limit: u64,
    /// Set when `Content-Length` is over the limit: the first read fails with it.
    exceeded: Option<BodyLimitExceeded>,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

impl Body for LimitedBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        if let Some(exceeded) = self.exceeded.take() {
            self.inner = None;
            return Poll::Ready(Some(Err(Box::new(exceeded))));
        }
        let Some(inner) = self.inner.as_mut() else { return Poll::Ready(None) };
        match Pin::new(inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                let length = frame.data_ref().map_or(0, |data| data.len() as u64);
                if length > self.remaining {
                    self.inner = None;
                    let exceeded = BodyLimitExceeded { status: self.status, limit: self.limit, declared: None };
                    return Poll::Ready(Some(Err(Box::new(exceeded))));
                }
                self.remaining -= length;
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(error))) => Poll::Ready(Some(Err(Box::new(error)))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.exceeded.is_none() && self.inner.as_ref().is_none_or(|inner| inner.is_end_stream())
    }

    fn size_hint(&self) -> SizeHint {
        match (&self.exceeded, &self.inner) {
            (None, Some(inner)) => inner.size_hint(),
            _ => SizeHint::default(),
        }
    }
}
