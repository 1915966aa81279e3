//! The `support` module of the generated client, which the client pass points generated
//! bodies at ([`super::client::write_client_bodies`]):
//! - progenitor-client's three constructors of a `ResponseValue` from a response, moving
//!   the response's headers into the value where progenitor-client copies them (a copy of
//!   the map and a second drop, about 500 instructions of a loopback `get_user`, callgrind,
//!   2026-12-03); same signatures, same errors in the same cases;
//! - the request's header parameters added only when there are some: reqwest merges even
//!   an empty map, 310 instructions of a loopback `get_user`;
//! - an optional JSON body sent only when set;
//! - a credential sent as a header parameter marked sensitive, and printed by the
//!   builders' `Debug` as `Redacted` ([`super::redaction`]).
//!
//! A real file, compiled and tested here ([`crate::finish`] compiles it under
//! `cfg(test)`), emitted into the generated client with `include_str!` as the models'
//! `support.rs` is. It names only what every generated client depends on:
//! progenitor-client, reqwest, serde and serde_json. Items under `#[cfg(test)]` are not
//! emitted.

/// `ResponseValue::from_response`: the body decoded as JSON.
pub(crate) async fn from_response<T, E>(
    mut response: ::reqwest::Response,
) -> ::std::result::Result<::progenitor_client::ResponseValue<T>, ::progenitor_client::Error<E>>
where
    T: ::serde::de::DeserializeOwned,
{
    use ::progenitor_client::Error;
    let (status, headers) = take_head(&mut response);
    let full = response.bytes().await.map_err(Error::ResponseBodyError)?;
    // JSON may not begin with a byte order mark, and a reader may ignore one (RFC 8259 §8.1).
    let json = full.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&full);
    match ::serde_json::from_slice(json) {
        ::std::result::Result::Ok(inner) => {
            ::std::result::Result::Ok(::progenitor_client::ResponseValue::new(inner, status, headers))
        }
        ::std::result::Result::Err(e) => {
            UNDECODED_HEAD.with(|slot| *slot.borrow_mut() = ::std::option::Option::Some((place_of(&full), headers)));
            ::std::result::Result::Err(Error::InvalidResponsePayload(full, e))
        }
    }
}

::std::thread_local! {
    /// The headers of the last response on this thread whose body did not decode, beside
    /// where that body is: the generated error keeps the body but not the headers (the ids
    /// support asks for, the content type), and whoever reads that error in the same poll
    /// takes them back ([`head_of_undecoded`]). Kept on that failure only: a success pays
    /// nothing.
    static UNDECODED_HEAD: ::std::cell::RefCell<
        ::std::option::Option<((usize, usize), ::reqwest::header::HeaderMap)>,
    > = const { ::std::cell::RefCell::new(::std::option::Option::None) };
}

/// Where a body is: the error holds the very bytes [`from_response`] read.
fn place_of(body: &[u8]) -> (usize, usize) {
    (body.as_ptr() as usize, body.len())
}

/// The headers of the response whose body `body` (an `InvalidResponsePayload`'s) did not
/// decode, when it did so on this thread; taken, so that none outlives its error's reading.
pub(crate) fn head_of_undecoded(body: &[u8]) -> ::std::option::Option<::reqwest::header::HeaderMap> {
    let (place, headers) = UNDECODED_HEAD.with(|slot| slot.borrow_mut().take())?;
    (place == place_of(body)).then_some(headers)
}

/// `ResponseValue::stream`: the body as a stream of bytes, unread.
pub(crate) fn stream(
    mut response: ::reqwest::Response,
) -> ::progenitor_client::ResponseValue<::progenitor_client::ByteStream> {
    let (status, headers) = take_head(&mut response);
    let stream = ::progenitor_client::ByteStream::new(::std::boxed::Box::pin(response.bytes_stream()));
    ::progenitor_client::ResponseValue::new(stream, status, headers)
}

/// `ResponseValue::empty`: no body expected, none read.
pub(crate) fn empty(mut response: ::reqwest::Response) -> ::progenitor_client::ResponseValue<()> {
    let (status, headers) = take_head(&mut response);
    ::progenitor_client::ResponseValue::new((), status, headers)
}

/// The response's status, and its headers moved out, leaving an empty map that does not
/// allocate.
fn take_head(response: &mut ::reqwest::Response) -> (::reqwest::StatusCode, ::reqwest::header::HeaderMap) {
    (response.status(), ::std::mem::take(response.headers_mut()))
}

/// `builder.headers(headers)`, skipped when `headers` is empty.
pub(crate) fn with_headers(
    builder: ::reqwest::RequestBuilder,
    headers: ::reqwest::header::HeaderMap,
) -> ::reqwest::RequestBuilder {
    if headers.is_empty() {
        builder
    } else {
        builder.headers(headers)
    }
}

/// `builder.json(body)` when there is a body: progenitor's `json(&body)` of an optional
/// body (`super::optional_bodies`) would send `null` for none.
pub(crate) fn with_json<T: ::serde::Serialize>(
    builder: ::reqwest::RequestBuilder,
    body: ::std::option::Option<&T>,
) -> ::reqwest::RequestBuilder {
    match body {
        ::std::option::Option::Some(body) => builder.json(body),
        ::std::option::Option::None => builder,
    }
}

/// A header parameter that carries a credential, marked so that reqwest and http print it
/// as `Sensitive` wherever the request is printed.
pub(crate) fn sensitive(mut value: ::reqwest::header::HeaderValue) -> ::reqwest::header::HeaderValue {
    value.set_sensitive(true);
    value
}

/// What a builder's `Debug` prints in place of a credential.
pub(crate) struct Redacted;

impl ::std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("\"[redacted]\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::std::future::Future;

    fn response(status: u16, body: &'static str) -> ::reqwest::Response {
        let response = ::http::Response::builder()
            .status(status)
            .header("content-type", "application/json")
            .header("request-id", "req_1")
            .body(body)
            .expect("a valid response");
        ::reqwest::Response::from(response)
    }

    /// Runs a future whose body is already in memory: it is ready on its first poll.
    fn ready<F: Future>(future: F) -> F::Output {
        let mut context = ::std::task::Context::from_waker(::std::task::Waker::noop());
        match ::std::pin::pin!(future).poll(&mut context) {
            ::std::task::Poll::Ready(output) => output,
            ::std::task::Poll::Pending => panic!("a body in memory is read at once"),
        }
    }

    #[test]
    fn an_optional_body_is_sent_only_when_set() {
        let request = |body: Option<&::serde_json::Value>| {
            with_json(::reqwest::Client::new().post("http://127.0.0.1:9/"), body).build().expect("a valid request")
        };
        let sent = request(Some(&::serde_json::json!({"a": 1})));
        assert_eq!(sent.body().and_then(::reqwest::Body::as_bytes), Some(&br#"{"a":1}"#[..]));
        assert_eq!(sent.headers()["content-type"], "application/json");
        let none = request(None);
        assert!(none.body().is_none() && none.headers().get("content-type").is_none());
    }

    #[test]
    fn a_decoded_value_keeps_the_status_and_every_header() {
        let value = ready(from_response::<::serde_json::Value, ()>(response(201, r#"{"a":1}"#))).unwrap();
        assert_eq!(value.status(), 201);
        assert_eq!(value.headers().get("request-id").unwrap(), "req_1");
        assert_eq!(value.headers().len(), 2);
        assert_eq!(value.into_inner(), ::serde_json::json!({"a": 1}));
    }

    #[test]
    fn a_body_that_does_not_decode_is_an_invalid_payload_with_its_bytes_and_its_headers_kept_beside() {
        let undecoded = || match ready(from_response::<u32, ()>(response(200, "\"text\""))) {
            Err(::progenitor_client::Error::InvalidResponsePayload(body, _)) => body,
            other => panic!("{other:?}"),
        };
        let body = undecoded();
        assert_eq!(&body[..], b"\"text\"");
        let headers = head_of_undecoded(&body).expect("the headers of that body");
        assert_eq!(headers["request-id"], "req_1");
        assert_eq!(head_of_undecoded(&body), None, "taken once");
        let _kept = undecoded();
        // Bytes of its own: equal literals may share one address.
        let alike = b"\"text\"".to_vec();
        assert_eq!(head_of_undecoded(&alike), None, "another body's bytes, even alike, name no headers");
    }

    #[test]
    fn a_byte_order_mark_before_the_json_is_ignored() {
        let value = ready(from_response::<::serde_json::Value, ()>(response(200, "\u{feff}{\"a\":1}"))).unwrap();
        assert_eq!(value.into_inner(), ::serde_json::json!({"a": 1}));
    }

    #[test]
    fn header_parameters_replace_the_builders_headers_of_their_name() {
        let builder = || ::reqwest::Client::new().get("http://127.0.0.1:1/").header("accept", "application/json");
        let unchanged = with_headers(builder(), ::reqwest::header::HeaderMap::new()).build().unwrap();
        assert_eq!(unchanged.headers().len(), 1);
        let mut parameters = ::reqwest::header::HeaderMap::new();
        parameters.append("accept", ::reqwest::header::HeaderValue::from_static("text/plain"));
        parameters.append("x-one", ::reqwest::header::HeaderValue::from_static("1"));
        parameters.append("x-one", ::reqwest::header::HeaderValue::from_static("2"));
        let set = with_headers(builder(), parameters).build().unwrap();
        assert_eq!(set.headers()["accept"], "text/plain", "as `RequestBuilder::headers` does");
        assert_eq!(set.headers().get_all("x-one").iter().count(), 2);
    }

    #[test]
    fn a_credential_header_prints_as_sensitive_and_a_builder_field_as_redacted() {
        let value = sensitive(::reqwest::header::HeaderValue::from_static("sk_secret"));
        assert!(value.is_sensitive());
        assert_eq!(format!("{value:?}"), "Sensitive");
        assert_eq!(format!("{:?}", Redacted), "\"[redacted]\"");
    }

    #[test]
    fn streams_and_empty_values_keep_the_headers_too() {
        let streamed = stream(response(200, "bytes"));
        assert_eq!((streamed.status(), streamed.headers().len()), (::reqwest::StatusCode::OK, 2));
        let nothing = empty(response(204, ""));
        assert_eq!((nothing.status(), nothing.headers().len()), (::reqwest::StatusCode::NO_CONTENT, 2));
    }
}
