//! An error status is kept whatever its body, and retries follow the request method.

use elevenlabs_user_client::trace::ATTEMPT_TARGET;
use elevenlabs_user_client::{ElevenLabs, Error, RequestOptions};
use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::StatusCode;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::tracing_recorder::Recorder;
use crate::support::{fast_retries, quick_retries, refusing_port, KEY};

const ODD_BODIES: [(&str, &str); 5] = [
    ("malformed JSON", "{\"detail\": "),
    ("undocumented JSON", "{\"detail\": \"oops\"}"),
    ("empty", ""),
    ("HTML", "<html><body>Bad gateway</body></html>"),
    ("plain text", "upstream connect error"),
];

#[tokio::test]
async fn an_error_status_is_kept_whatever_its_body() {
    for status in [401u16, 422, 429, 500, 503] {
        for (what, body) in ODD_BODIES {
            let server = MockServer::start().await;
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(status).set_body_string(body).insert_header("request-id", "r1"))
                .mount(&server)
                .await;
            let error = fast_retries(&server, 0).get_user().await.unwrap_err();
            assert_eq!(error.status(), Some(StatusCode::from_u16(status).unwrap()), "{status} {what}: {error:?}");
            assert!(!matches!(error, Error::Decode { .. }), "{status} {what}: {error:?}");
            if let Error::Status(response) = &error {
                assert_eq!(&response.body()[..], body.as_bytes(), "{status} {what}");
                assert_eq!(response.headers().get("request-id").unwrap(), "r1", "{status} {what}");
            }
        }
    }
}

#[tokio::test]
async fn a_422_that_is_not_a_validation_error_is_a_status_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(422).set_body_string("{\"detail\": \"oops\"}"))
        .mount(&server)
        .await;
    match fast_retries(&server, 0).get_user().await {
        Err(Error::Status(response)) => {
            assert_eq!(response.status(), 422);
            assert_eq!(&response.body()[..], b"{\"detail\": \"oops\"}");
            assert_eq!(response.detail().and_then(|d| d.message()), Some("oops"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_broken_success_body_names_the_model_and_keeps_the_ids_support_asks_for() {
    let server = MockServer::start().await;
    let answer = ResponseTemplate::new(200)
        .set_body_string("{}")
        .insert_header("request-id", "r1")
        .insert_header("x-trace-id", "t1");
    Mock::given(method("GET")).respond_with(answer).mount(&server).await;
    match fast_retries(&server, 0).get_user().await {
        Err(Error::Decode { model, message, response, .. }) => {
            assert_eq!((response.status().as_u16(), model), (200, "UserResponseModel"));
            assert!(message.contains("missing field"), "{message}");
            assert_eq!((response.request_id(), response.trace_id()), (Some("r1"), Some("t1")));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_success_that_is_not_json_says_what_it_is() {
    let server = MockServer::start().await;
    let page = ResponseTemplate::new(200).set_body_raw("<html><body>Bad gateway</body></html>", "text/html");
    Mock::given(method("GET")).respond_with(page).mount(&server).await;
    let error = fast_retries(&server, 0).get_user().await.unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert!(error.to_string().ends_with("(the body is text/html, not JSON)"), "{error}");
}

#[tokio::test]
async fn a_compressed_success_the_client_did_not_ask_for_says_so() {
    let server = MockServer::start().await;
    // The first bytes of a gzip stream: what a misconfigured proxy sends unasked.
    let gzip = ResponseTemplate::new(200)
        .set_body_raw(vec![0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00], "application/json")
        .insert_header("content-encoding", "gzip");
    Mock::given(method("GET")).respond_with(gzip).mount(&server).await;
    let error = fast_retries(&server, 0).get_user().await.unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert!(
        error.to_string().ends_with("(the body is gzip-encoded, which the client did not ask for and does not decode)"),
        "{error}"
    );
}

#[tokio::test]
async fn a_byte_order_mark_before_the_account_is_ignored() {
    let server = MockServer::start().await;
    let account = format!("\u{feff}{}", include_str!("../../data/example-account.json"));
    let answer = ResponseTemplate::new(200).set_body_raw(account, "application/json");
    Mock::given(method("GET")).respond_with(answer).mount(&server).await;
    let user = fast_retries(&server, 0).get_user().await.expect("read past the mark");
    assert_eq!(user.subscription.tier, "trial");
}

/// Sends `method` through the generated client's hooks, as a generated POST would be.
async fn send(client: &ElevenLabs, options: &RequestOptions, method: reqwest::Method) -> StatusCode {
    let generated = client.generated_with(options);
    let url = format!("{}/v1/things", generated.baseurl());
    let http = generated.client();
    let request = http.request(method, url).body("{}").build().unwrap();
    let info = OperationInfo { operation_id: "change_thing" };
    generated.exec(request, &info).await.unwrap().status()
}

#[tokio::test]
async fn only_idempotent_methods_are_retried_after_the_server_answered() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let client =
        ElevenLabs::builder().api_key(KEY).base_url(server.uri()).retry_policy(quick_retries(2)).build().unwrap();

    assert_eq!(send(&client, &RequestOptions::default(), reqwest::Method::POST).await, 503);
    assert_eq!(count(&server, "POST").await, 1, "a POST the server may have acted on is not sent twice");

    assert_eq!(send(&client, &RequestOptions::default(), reqwest::Method::PUT).await, 503);
    assert_eq!(count(&server, "PUT").await, 3, "PUT is idempotent");

    let opted_in = RequestOptions::new().retry_non_idempotent(true);
    send(&client, &opted_in, reqwest::Method::POST).await;
    assert_eq!(count(&server, "POST").await, 4, "a caller may opt a POST in, per call");
}

#[tokio::test]
async fn a_post_whose_connection_failed_before_sending_is_retried() {
    // No attempt reaches a server.
    let (_held, port) = refusing_port();
    let recorder = Recorder::default();
    let client = ElevenLabs::builder()
        .api_key(KEY)
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry_policy(quick_retries(2))
        .build()
        .unwrap();
    let generated = client.generated();
    let request = generated.client().post(format!("{}/v1/things", generated.baseurl())).build().unwrap();
    let outcome = {
        let _guard = recorder.install();
        generated.exec(request, &OperationInfo { operation_id: "change_thing" }).await
    };
    assert!(outcome.unwrap_err().is_connect());
    let attempts = recorder.0.lock().unwrap().iter().filter(|e| e.target == ATTEMPT_TARGET).count();
    assert_eq!(attempts, 3, "connection failures before sending are retried for every method");
}

async fn count(server: &MockServer, verb: &str) -> usize {
    server.received_requests().await.unwrap().iter().filter(|r| r.method.as_str() == verb).count()
}
