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
use reqwest::header::HeaderMap;
use reqwest::{StatusCode, Url, Version};

use crate::concurrency::Slot;

/// Why a body was not read to its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BodyLimitExceeded {
    pub(crate) status: StatusCode,
    pub(crate) limit: u64,
    /// The size the server declared in `Content-Length`, when it was over the limit.
    pub(crate) declared: Option<u64>,
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
/// `Content-Length` is already over fails at the first read, having read nothing. The
/// body holds `slot`, when given, until it is read to its end or dropped.
pub(crate) fn limit_body(response: reqwest::Response, limit: u64, slot: Option<Slot>) -> reqwest::Response {
    // A body whose exact length is known and within the limit needs no wrapper (the usual
    // case, and rebuilding the response costs a tenth of a round trip): hyper reads no more
    // than `Content-Length` over HTTP/1 and fails a longer body over HTTP/2, and a
    // decompressed body has no exact length.
    if slot.is_none() && response.content_length().is_some_and(|length| length <= limit) {
        return response;
    }
    let status = response.status();
    let declared = response.content_length().filter(|length| *length > limit);
    let url = response.url().clone();
    let response: http::Response<reqwest::Body> = response.into();
    let (mut parts, inner) = response.into_parts();
    carry_url(&mut parts, url);
    let exceeded = declared.map(|declared| BodyLimitExceeded { status, limit, declared: Some(declared) });
    let body = LimitedBody { inner: Some(inner), status, remaining: limit, limit, exceeded, slot };
    http::Response::from_parts(parts, reqwest::Body::wrap(body)).into()
}

/// A response made again from its parts and a body already read, for a body that had to
/// be read before deciding what to do with the response.
pub(crate) fn respond_again(
    status: StatusCode,
    version: Version,
    headers: HeaderMap,
    url: Url,
    body: Bytes,
) -> reqwest::Response {
    let (mut parts, body) = http::Response::new(reqwest::Body::from(body)).into_parts();
    (parts.status, parts.version, parts.headers) = (status, version, headers);
    carry_url(&mut parts, url);
    http::Response::from_parts(parts, body).into()
}

/// Converting a response to `http`'s drops its URL; a builder is the public way to carry
/// it back.
fn carry_url(parts: &mut http::response::Parts, url: Url) {
    if let Ok(with_url) = reqwest::ResponseBuilderExt::url(http::Response::builder(), url).body(()) {
        parts.extensions.extend(with_url.into_parts().0.extensions);
    }
}

struct LimitedBody {
    /// `None` once the limit is passed: nothing more is read.
    inner: Option<reqwest::Body>,
    status: StatusCode,
    remaining: u64,
    limit: u64,
    /// Set when `Content-Length` is over the limit: the first read fails with it.
    exceeded: Option<BodyLimitExceeded>,
    /// The request's place under the client's ceiling on requests in flight, given back
    /// when the body is dropped.
    slot: Option<Slot>,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

impl Body for LimitedBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        if let Some(exceeded) = self.exceeded.take() {
            (self.inner, self.slot) = (None, None);
            return Poll::Ready(Some(Err(Box::new(exceeded))));
        }
        let Some(inner) = self.inner.as_mut() else { return Poll::Ready(None) };
        match Pin::new(inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                let length = frame.data_ref().map_or(0, |data| data.len() as u64);
                if length > self.remaining {
                    (self.inner, self.slot) = (None, None);
                    let exceeded = BodyLimitExceeded { status: self.status, limit: self.limit, declared: None };
                    return Poll::Ready(Some(Err(Box::new(exceeded))));
                }
                self.remaining -= length;
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(error))) => Poll::Ready(Some(Err(Box::new(error)))),
            Poll::Ready(None) => {
                self.slot = None;
                Poll::Ready(None)
            }
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
