//! What ElevenLabs' response headers say beyond the status: the ids its support asks for,
//! and how many of the account's requests are in flight. Read the same way from a
//! successful response and from an error.

use reqwest::header::HeaderMap;

/// The request's id: `request-id`, or `x-request-id` behind some proxies.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<&str> {
    text(headers, "request-id").or_else(|| text(headers, "x-request-id"))
}

/// The trace id ElevenLabs recommends logging: `x-trace-id`.
pub(crate) fn trace_id(headers: &HeaderMap) -> Option<&str> {
    text(headers, "x-trace-id")
}

/// The account's requests in flight when the server answered: `current-concurrent-requests`.
pub(crate) fn current_concurrent_requests(headers: &HeaderMap) -> Option<u32> {
    text(headers, "current-concurrent-requests")?.trim().parse().ok()
}

/// How many requests the plan allows in flight: `maximum-concurrent-requests`.
pub(crate) fn maximum_concurrent_requests(headers: &HeaderMap) -> Option<u32> {
    text(headers, "maximum-concurrent-requests")?.trim().parse().ok()
}

fn text<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name)?.to_str().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ids_and_concurrency() {
        let headers: HeaderMap = [
            ("x-request-id", "r1"),
            ("x-trace-id", "t1"),
            ("current-concurrent-requests", " 3 "),
            ("maximum-concurrent-requests", "many"),
        ]
        .into_iter()
        .map(|(name, value)| (name.parse().unwrap(), value.parse().unwrap()))
        .collect();
        assert_eq!((request_id(&headers), trace_id(&headers)), (Some("r1"), Some("t1")));
        assert_eq!(current_concurrent_requests(&headers), Some(3));
        assert_eq!(maximum_concurrent_requests(&headers), None, "not a number");
    }
}
