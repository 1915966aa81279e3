//! Servers that misbehave, on loopback: each failure gets the variant that says what
//! happened, and no call outlives its total timeout by more than a small margin.

use std::time::{Duration, Instant};

use elevenlabs_user_client::error::{ErrorCode, TimeoutKind};
use elevenlabs_user_client::{ElevenLabs, ElevenLabsBuilder, Error};

use crate::support::raw::{json_response, reset, send, serve, stall};
use crate::support::{quick_retries, seed, KEY};

/// What a call may take beyond its total timeout: scheduling and the last attempt's
/// error handling, on a loaded machine.
const MARGIN: Duration = Duration::from_millis(750);

fn builder(url: &str) -> ElevenLabsBuilder {
    ElevenLabs::builder().api_key(KEY).base_url(url).retry_policy(quick_retries(2))
}

/// Runs `call`, returning its error and how long it took.
async fn timed(client: &ElevenLabs) -> (Error, Duration) {
    let started = Instant::now();
    let error = client.get_user().await.expect_err("the server misbehaves");
    (error, started.elapsed())
}

#[tokio::test]
async fn a_stalled_server_ends_at_the_total_timeout() {
    let server = serve(|_, socket| stall(socket)).await;
    let total = Duration::from_millis(600);
    let client = builder(&server.url).total_timeout(total).build().unwrap();
    let (error, took) = timed(&client).await;
    assert!(matches!(error, Error::Timeout { kind: TimeoutKind::Total, limit, .. } if limit == total), "{error:?}");
    assert!(error.to_string().contains("total timeout of 600ms"), "{error}");
    assert!(took >= total && took < total + MARGIN, "{took:?}");
}

#[tokio::test]
async fn a_stalled_attempt_ends_at_the_attempt_timeout_and_is_not_retried() {
    let server = serve(|_, socket| stall(socket)).await;
    let client = builder(&server.url).attempt_timeout(Duration::from_millis(200)).build().unwrap();
    let (error, took) = timed(&client).await;
    assert!(matches!(error, Error::Timeout { kind: TimeoutKind::Attempt, .. }), "{error:?}");
    assert!(took < Duration::from_millis(200) + MARGIN, "{took:?}");
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_retry_after_past_the_cap_ends_the_call_at_once_carrying_it() {
    let answer = json_response(
        "429 Too Many Requests",
        "retry-after: 999999\r\n",
        r#"{"detail": {"code": "rate_limit_exceeded", "message": "slow down"}}"#,
    );
    let server = serve(move |_, socket| {
        let answer = answer.clone();
        async move { send(socket, &answer).await }
    })
    .await;
    let client = builder(&server.url).build().unwrap();
    let (error, took) = timed(&client).await;
    assert!(matches!(error, Error::RateLimited { .. }), "{error:?}");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(999_999)));
    assert_eq!(error.detail().and_then(|d| d.code()), Some(&ErrorCode::RateLimitExceeded));
    assert!(took < MARGIN, "no sleep: {took:?}");
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_retry_after_longer_than_the_time_left_ends_the_call_at_once() {
    let answer = json_response("429 Too Many Requests", "retry-after: 5\r\n", "{}");
    let server = serve(move |_, socket| {
        let answer = answer.clone();
        async move { send(socket, &answer).await }
    })
    .await;
    let client = builder(&server.url).total_timeout(Duration::from_secs(2)).build().unwrap();
    let (error, took) = timed(&client).await;
    assert_eq!(error.retry_after(), Some(Duration::from_secs(5)), "{error:?}");
    assert!(took < MARGIN, "{took:?}");
}

#[tokio::test]
async fn a_reset_on_every_attempt_is_retried_within_the_total_timeout_then_reported() {
    let server = serve(|_, socket| async move { reset(socket) }).await;
    let total = Duration::from_millis(800);
    let mut retries = quick_retries(1_000);
    retries.initial_backoff = Duration::from_millis(50);
    retries.max_backoff = Duration::from_millis(100);
    let client = builder(&server.url).retry_policy(retries).total_timeout(total).build().unwrap();
    let (error, took) = timed(&client).await;
    // The last reset, or the total timeout when the last attempt began with too little
    // time left for its reset to arrive (a loaded machine: seen 1 run in 10 here).
    assert!(matches!(error, Error::ConnectionLost(_) | Error::Timeout { .. }), "{error:?}");
    assert!(took < total + MARGIN, "{took:?}");
    assert!(server.requests() > 2, "retried while time was left: {}", server.requests());
}

#[tokio::test]
async fn a_body_cut_short_is_a_lost_connection() {
    let server = serve(|_, socket| async move {
        send(socket, b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"user_id\"")
            .await
    })
    .await;
    let (error, _) = timed(&builder(&server.url).build().unwrap()).await;
    assert!(matches!(error, Error::ConnectionLost(_)), "{error:?}");
    assert!(error.to_string().contains("broke before the response was complete"), "{error}");
}

#[tokio::test]
async fn answers_that_are_not_http_are_invalid_http() {
    let answers: [(&str, &[u8]); 3] = [
        ("a garbled status line", b"HTTP/1.1 two hundred OK\r\ncontent-length: 0\r\n\r\n"),
        (
            "a chunk size that is not hexadecimal",
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
        ),
        ("Content-Length headers that disagree", b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-length: 20\r\n\r\n{}"),
    ];
    for (what, answer) in answers {
        let server = serve(move |_, socket| async move { send(socket, answer).await }).await;
        let (error, _) = timed(&builder(&server.url).build().unwrap()).await;
        assert!(matches!(error, Error::InvalidHttp(_)), "{what}: {error:?}");
        assert_eq!(error.to_string(), "the server's answer is not valid HTTP", "{what}");
    }
}

#[tokio::test]
async fn a_redirect_loop_is_too_many_redirects() {
    let server = serve(|_, socket| async move {
        send(socket, b"HTTP/1.1 302 Found\r\nlocation: /v1/user\r\ncontent-length: 0\r\n\r\n").await
    })
    .await;
    let (error, _) = timed(&builder(&server.url).build().unwrap()).await;
    assert!(matches!(error, Error::TooManyRedirects(_)), "{error:?}");
}

#[tokio::test]
async fn a_listener_that_never_accepts_is_a_connect_timeout() {
    // A backlog of one, filled: the kernel drops the client's SYN, so connecting hangs.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let address = socket.local_addr().unwrap();
    let _listener = socket.listen(0).unwrap();
    let mut fillers = Vec::new();
    for _ in 0..4 {
        if let Ok(Ok(filler)) =
            tokio::time::timeout(Duration::from_millis(100), tokio::net::TcpStream::connect(address)).await
        {
            fillers.push(filler);
        }
    }
    let connect_timeout = Duration::from_millis(200);
    let client = builder(&format!("http://{address}"))
        .retry_policy(quick_retries(0))
        .connect_timeout(connect_timeout)
        .build()
        .unwrap();
    let (error, took) = timed(&client).await;
    assert!(matches!(error, Error::Timeout { kind: TimeoutKind::Connect, .. }), "{error:?}");
    assert!(error.to_string().contains("connect timeout of 200ms"), "{error}");
    assert!(took < connect_timeout + MARGIN, "{took:?}");
}

#[tokio::test]
async fn a_call_waiting_under_the_ceiling_ends_at_its_total_timeout_without_sending() {
    let server = serve(|_, socket| stall(socket)).await;
    let client = builder(&server.url).max_concurrent_requests(1).build().unwrap();
    let holder = {
        let client = client.clone();
        tokio::spawn(async move { client.get_user().await })
    };
    while server.requests() == 0 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let started = Instant::now();
    let options = elevenlabs_user_client::RequestOptions::new().total_timeout(Duration::from_millis(300));
    let error = client.get_user_with(&options).await.unwrap_err();
    assert!(matches!(error, Error::Timeout { kind: TimeoutKind::Total, .. }), "{error:?}");
    assert!(started.elapsed() < Duration::from_millis(300) + MARGIN);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(server.requests(), 1, "the waiting call sent nothing");
    holder.abort();
}

#[tokio::test]
async fn a_concurrency_limit_waits_for_the_clients_own_request_to_finish() {
    let account = serde_json::to_string(&seed()).unwrap();
    let limited = json_response(
        "429 Too Many Requests",
        "current-concurrent-requests: 2\r\nmaximum-concurrent-requests: 2\r\n",
        r#"{"detail": {"code": "concurrent_limit_exceeded", "message": "too many"}}"#,
    );
    let server = serve(move |number, socket| {
        let (account, limited) = (account.clone(), limited.clone());
        async move {
            match number {
                // The first call is slow; the second is turned away while it runs.
                0 => {
                    tokio::time::sleep(Duration::from_millis(400)).await;
                    send(socket, &json_response("200 OK", "", &account)).await
                }
                1 => send(socket, &limited).await,
                _ => send(socket, &json_response("200 OK", "", &account)).await,
            }
        }
    })
    .await;
    // A backoff so long that only the wait for the first call explains a quick retry.
    let mut retries = quick_retries(2);
    retries.initial_backoff = Duration::from_secs(20);
    retries.max_backoff = Duration::from_secs(20);
    let client = builder(&server.url).retry_policy(retries).build().unwrap();
    let first = {
        let client = client.clone();
        tokio::spawn(async move { client.get_user().await.map(|_| Instant::now()) })
    };
    while server.requests() == 0 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let second = client.get_user().await.map(|_| Instant::now()).expect("retried after the first finished");
    let first = first.await.unwrap().unwrap();
    assert!(second >= first, "the retry waited for the first call");
    assert!(second - first < Duration::from_secs(2), "and not for the backoff");
}

#[tokio::test]
async fn a_concurrency_limit_that_outlasts_the_retries_is_its_own_error() {
    let limited = json_response(
        "429 Too Many Requests",
        "current-concurrent-requests: 5\r\nmaximum-concurrent-requests: 5\r\nx-trace-id: t-429\r\n",
        r#"{"detail": {"type": "rate_limit_error", "code": "concurrent_limit_exceeded", "message": "too many", "request_id": "r-429"}}"#,
    );
    let server = serve(move |_, socket| {
        let limited = limited.clone();
        async move { send(socket, &limited).await }
    })
    .await;
    let (error, _) = timed(&builder(&server.url).build().unwrap()).await;
    let Error::ConcurrencyLimited { response, .. } = &error else { panic!("{error:?}") };
    assert_eq!((response.current_concurrent_requests(), response.maximum_concurrent_requests()), (Some(5), Some(5)));
    assert_eq!((error.trace_id(), error.request_id()), (Some("t-429"), Some("r-429")));
    assert_eq!(
        error.to_string(),
        "too many concurrent requests for the plan (5 in flight, 5 allowed): too many (concurrent_limit_exceeded)"
    );
    assert_eq!(server.requests(), 3, "retried twice");
}
