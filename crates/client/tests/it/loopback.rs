//! The client against a real HTTP server on loopback (wiremock): what it sends, each
//! error class, retries and their spacing, timeouts, malformed and large bodies, load.

use std::time::{Duration, Instant};

use elevenlabs_user_client::error::{ErrorCode, TimeoutKind};
use elevenlabs_user_client::{ElevenLabs, Error, RequestOptions, USER_AGENT};
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{client, fast_retries, quick_retries, refusing_port, script, seed, serve, KEY};

#[tokio::test]
async fn sends_get_v1_user_with_the_key_and_user_agent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/user"))
        .and(header("xi-api-key", KEY))
        .and(header("user-agent", USER_AGENT))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(seed())
                .insert_header("request-id", "req_123")
                .insert_header("x-trace-id", "trace_9")
                .insert_header("current-concurrent-requests", "1")
                .insert_header("maximum-concurrent-requests", "5"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let response = client(&server).get_user().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!((response.request_id(), response.trace_id()), (Some("req_123"), Some("trace_9")));
    assert_eq!((response.current_concurrent_requests(), response.maximum_concurrent_requests()), (Some(1), Some(5)));
    assert_eq!(response.user_id, "1234567890", "the response derefs to the account");
    assert_eq!(serde_json::to_value(response.into_inner()).unwrap(), seed());
}

#[tokio::test]
async fn authentication_errors_carry_the_server_message_and_are_not_retried() {
    for status in [401, 403] {
        let server = MockServer::start().await;
        let body = json!({"detail": {"status": "invalid_api_key", "message": "Invalid API key"}});
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(status).set_body_json(body))
            .expect(1)
            .mount(&server)
            .await;
        match client(&server).get_user().await {
            Err(error @ Error::Authentication(_)) => {
                assert_eq!(error.status().unwrap(), status);
                assert_eq!(error.detail().and_then(|d| d.code()), Some(&ErrorCode::InvalidApiKey), "legacy status");
                assert!(error.to_string().ends_with("Invalid API key (invalid_api_key)"), "{error}");
            }
            other => panic!("{status}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn validation_errors_are_typed() {
    let server = MockServer::start().await;
    let body =
        json!({"detail": [{"loc": ["header", "xi-api-key"], "msg": "field required", "type": "value_error.missing"}]});
    serve(&server, ResponseTemplate::new(422).set_body_json(body)).await;
    match client(&server).get_user().await {
        Err(Error::Validation { error, .. }) => assert_eq!(error.detail()[0].msg, "field required"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn other_statuses_keep_status_headers_and_body_without_retrying() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_string("no such thing").insert_header("x-trace", "t1"))
        .expect(1)
        .mount(&server)
        .await;
    match client(&server).get_user().await {
        Err(Error::Status(response)) => {
            assert_eq!(response.status(), 404);
            assert_eq!(response.headers()["x-trace"], "t1");
            assert_eq!(&response.body()[..], b"no such thing");
            assert!(response.detail().is_none());
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn retries_server_errors_and_rate_limits_waiting_for_retry_after() {
    let server = MockServer::start().await;
    let responses = vec![
        ResponseTemplate::new(503),
        ResponseTemplate::new(429).insert_header("retry-after", "1"),
        ResponseTemplate::new(200).set_body_json(seed()),
    ];
    Mock::given(method("GET")).respond_with(script(responses)).expect(3).mount(&server).await;
    let started = Instant::now();
    let response = client(&server).get_user().await.unwrap();
    assert_eq!(response.user_id, "1234567890");
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_secs(1), "Retry-After: 1 was honoured: {elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[tokio::test]
async fn the_generated_clients_own_calls_retry_as_the_wrappers_do() {
    // The wrapper sends a retry again through the generated builder; the generated
    // client's own calls, which nothing can send again, retry from a copy of the request.
    let server = MockServer::start().await;
    let responses = vec![
        ResponseTemplate::new(503),
        ResponseTemplate::new(429).insert_header("retry-after", "0"),
        ResponseTemplate::new(200).set_body_json(seed()),
    ];
    Mock::given(method("GET")).respond_with(script(responses)).expect(3).mount(&server).await;
    let client = fast_retries(&server, 2);
    let response = client.generated().get_user_info().send().await.unwrap();
    assert_eq!((response.status().as_u16(), response.user_id.as_str()), (200, "1234567890"));
    let sent = server.received_requests().await.unwrap();
    assert!(sent.iter().all(|request| request.headers["xi-api-key"] == KEY), "every attempt carries the key");
}

#[tokio::test]
async fn gives_up_after_max_retries_with_the_last_retry_after() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "0")
                .set_body_json(json!({"detail": {"code": "rate_limit_exceeded", "message": "Slow down"}})),
        )
        .expect(3)
        .mount(&server)
        .await;
    match client(&server).get_user().await {
        Err(error @ Error::RateLimited { .. }) => {
            assert_eq!(error.retry_after(), Some(Duration::ZERO));
            assert_eq!(error.detail().and_then(|d| d.message()), Some("Slow down"));
            assert_eq!(error.to_string(), "rate limited; retry after 0s: Slow down (rate_limit_exceeded)");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn zero_retries_means_one_attempt_and_options_apply_per_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(500)).expect(1 + 1 + 3).mount(&server).await;
    let no_retries = fast_retries(&server, 0);
    assert!(matches!(no_retries.get_user().await, Err(Error::Status(r)) if r.status() == 500));
    let once = no_retries.get_user_with(&RequestOptions::new().max_retries(0)).await;
    assert!(once.is_err());
    let more = no_retries.get_user_with(&RequestOptions::new().max_retries(2)).await;
    assert!(matches!(more, Err(Error::Status(_))));
}

#[tokio::test]
async fn connection_errors_are_retried_then_reported() {
    // No attempt reaches a server.
    let (_held, port) = refusing_port();
    let client = ElevenLabs::builder()
        .api_key(KEY)
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry_policy({
            let mut policy = quick_retries(2);
            policy.initial_backoff = Duration::from_millis(100);
            policy.max_backoff = Duration::from_secs(1);
            policy
        })
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.get_user().await.unwrap_err();
    assert!(matches!(error, Error::Unreachable(_)), "{error:?}");
    assert!(error.to_string().contains("nothing was sent"), "{error}");
    assert!(started.elapsed() >= Duration::from_millis(100), "two backoffs of at least 50 ms and 100 ms");
}

#[tokio::test]
async fn timeouts_are_reported_as_such_and_can_be_set_per_call() {
    let server = MockServer::start().await;
    serve(&server, ResponseTemplate::new(200).set_body_json(seed()).set_delay(Duration::from_millis(500))).await;
    let client = ElevenLabs::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .attempt_timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.get_user().await.unwrap_err();
    assert!(matches!(error, Error::Timeout { kind: TimeoutKind::Attempt, .. }), "{error:?}");
    assert!(error.to_string().contains("attempt timeout of 100ms"), "{error}");
    assert!(started.elapsed() < Duration::from_millis(450), "timeouts are not retried");
    let patient = RequestOptions::new().attempt_timeout(Duration::from_secs(5));
    assert!(client.get_user_with(&patient).await.is_ok());
}

#[tokio::test]
async fn malformed_bodies_are_decode_errors_naming_the_field() {
    let server = MockServer::start().await;
    let mut wrong = seed();
    wrong["subscription"]["character_count"] = json!("many");
    Mock::given(method("GET"))
        .respond_with(script(vec![
            ResponseTemplate::new(200).set_body_json(wrong),
            ResponseTemplate::new(200).set_body_string("<html>oops</html>"),
            ResponseTemplate::new(200).set_body_string(""),
        ]))
        .mount(&server)
        .await;
    let client = client(&server);
    match client.get_user().await {
        Err(Error::Decode { path, response, .. }) => {
            assert_eq!(path, "subscription.character_count");
            assert!(String::from_utf8_lossy(response.body()).contains("\"many\""));
        }
        other => panic!("{other:?}"),
    }
    for expected_body in ["<html>oops</html>", ""] {
        match client.get_user().await {
            Err(error @ Error::Decode { .. }) => {
                assert_eq!(&error.body().unwrap()[..], expected_body.as_bytes());
                assert!(error.to_string().starts_with("the response does not match the models"), "{error}");
            }
            other => panic!("{other:?}"),
        }
    }
}

#[tokio::test]
async fn a_five_megabyte_body_decodes_and_keeps_its_unknown_field() {
    let server = MockServer::start().await;
    let mut big = seed();
    big["notes_from_the_future"] = Value::String("x".repeat(5 * 1024 * 1024));
    serve(&server, ResponseTemplate::new(200).set_body_json(&big)).await;
    let user = client(&server).get_user().await.unwrap().into_inner();
    assert_eq!(user.extra["notes_from_the_future"].as_str().unwrap().len(), 5 * 1024 * 1024);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_thousand_calls_with_sixty_four_in_flight_all_succeed() {
    let server = MockServer::start().await;
    serve(&server, ResponseTemplate::new(200).set_body_json(seed())).await;
    let client = client(&server);
    let semaphore = std::sync::Arc::new(tokio::sync::Semaphore::new(64));
    let mut calls = Vec::with_capacity(2_000);
    for _ in 0..2_000 {
        let (client, semaphore) = (client.clone(), semaphore.clone());
        calls.push(tokio::spawn(async move {
            let _permit = semaphore.acquire_owned().await.unwrap();
            client.get_user().await.map(|r| r.into_inner().user_id)
        }));
    }
    let mut ok = 0;
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap(), "1234567890");
        ok += 1;
    }
    assert_eq!(ok, 2_000);
    assert_eq!(server.received_requests().await.unwrap().len(), 2_000);
}

#[tokio::test]
#[ignore = "calls the real API; needs ELEVENLABS_API_KEY and network"]
async fn live_get_user() {
    let client = ElevenLabs::from_env().expect("set ELEVENLABS_API_KEY");
    let user = client.get_user().await.expect("the real API answers");
    assert!(!user.user_id.is_empty());
    assert!(!format!("{user:?}").contains(&std::env::var("ELEVENLABS_API_KEY").unwrap()));
}
