//! The API key never leaves the origin it was configured for, and no `Debug` or
//! `Display` of an error or a response prints it: on loopback servers, and for arbitrary
//! bodies.

use std::collections::BTreeSet;

use elevenlabs_user_client::{ElevenLabs, Error};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{client, seed, serve, KEY};

/// A server on another loopback address, so that only the host differs.
async fn server_on(address: &str) -> MockServer {
    let listener = std::net::TcpListener::bind((address, 0)).unwrap();
    MockServer::builder().listener(listener).start().await
}

#[tokio::test]
async fn a_redirect_to_another_host_stops_and_the_key_is_not_sent_there() {
    let first = server_on("127.0.0.1").await;
    let second = server_on("127.0.0.2").await;
    let elsewhere = format!("{}/v1/user", second.uri());
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", elsewhere.as_str()))
        .mount(&first)
        .await;
    serve(&second, ResponseTemplate::new(200).set_body_json(seed())).await;

    let error = client(&first).get_user().await.unwrap_err();
    match &error {
        Error::CrossOriginRedirect { location, .. } => assert_eq!(location, &elsewhere),
        other => panic!("{other:?}"),
    }
    assert!(error.to_string().contains(&elsewhere), "{error}");
    assert!(second.received_requests().await.unwrap().is_empty(), "nothing reached the other host");
    assert_eq!(first.received_requests().await.unwrap().len(), 1, "a redirect is not retried");
}

#[tokio::test]
async fn a_redirect_to_another_port_or_scheme_stops_too() {
    let first = server_on("127.0.0.1").await;
    let second = server_on("127.0.0.1").await;
    for location in [format!("{}/v1/user", second.uri()), first.uri().replace("http://", "https://")] {
        first.reset().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(307).insert_header("location", location.as_str()))
            .mount(&first)
            .await;
        let error = client(&first).get_user().await.unwrap_err();
        assert!(matches!(&error, Error::CrossOriginRedirect { location: l, .. } if l.starts_with(&location[..12])));
    }
    assert!(second.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_same_origin_redirect_keeps_the_key_and_sends_no_referer() {
    let server = server_on("127.0.0.1").await;
    Mock::given(method("GET"))
        .and(path("/v1/user"))
        .respond_with(ResponseTemplate::new(301).insert_header("location", "/v2/user"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/user"))
        .respond_with(ResponseTemplate::new(200).set_body_json(seed()))
        .mount(&server)
        .await;
    let response = client(&server).get_user().await.unwrap();
    assert_eq!(response.user_id, "1234567890");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    let followed = &requests[1];
    assert_eq!(followed.url.path(), "/v2/user");
    assert_eq!(followed.headers.get("xi-api-key").unwrap(), KEY);
    assert!(followed.headers.get("referer").is_none());
}

#[tokio::test]
async fn requests_carry_only_documented_headers() {
    let server = MockServer::start().await;
    serve(&server, ResponseTemplate::new(200).set_body_json(seed())).await;
    client(&server).get_user().await.unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    let names: BTreeSet<&str> = request.headers.keys().map(|name| name.as_str()).collect();
    // `host` is HTTP itself; `accept` names the documented response type.
    assert_eq!(names, BTreeSet::from(["accept", "host", "user-agent", "xi-api-key"]));
    assert_eq!(request.headers.get("accept").unwrap(), "application/json");
}

/// Every way an error or a response is printed.
fn printed(value: &(impl std::fmt::Debug + ?Sized)) -> String {
    format!("{value:?}\n{value:#?}")
}

/// The error as `Debug` and `Display` print it, and each of its causes.
fn printed_error(error: &Error) -> String {
    let mut text = format!("{}\n{error}\n{error:?}\n{error:#?}", printed(error));
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text += &format!("\n{cause}\n{cause:?}");
        source = cause.source();
    }
    text
}

#[tokio::test]
async fn a_redirect_that_echoes_the_key_in_its_url_prints_no_key() {
    let server = server_on("127.0.0.1").await;
    let encoded: String = KEY.bytes().map(|b| format!("%{b:02X}")).collect();
    for location in [format!("/v1/user?xi_api_key={KEY}"), format!("/v1/{encoded}"), format!("/v1/{KEY}")] {
        server.reset().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(302).insert_header("location", location.as_str()))
            .mount(&server)
            .await;
        let error = client(&server).get_user().await.unwrap_err();
        assert!(matches!(error, Error::TooManyRedirects(_)), "{location}: {error:?}");
        let text = printed_error(&error);
        assert!(!text.contains(KEY) && !text.contains(&encoded), "{location}: {text}");
    }
    let elsewhere = server_on("127.0.0.2").await;
    server.reset().await;
    let location = format!("{}/v1/user?key={encoded}", elsewhere.uri());
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", location.as_str()))
        .mount(&server)
        .await;
    let error = client(&server).get_user().await.unwrap_err();
    assert!(matches!(&error, Error::CrossOriginRedirect { location } if location.starts_with(&elsewhere.uri())));
    let text = printed_error(&error);
    assert!(!text.contains(KEY) && !text.contains(&encoded), "{text}");
}

#[tokio::test]
async fn a_decode_error_does_not_print_the_accounts_key() {
    let server = MockServer::start().await;
    let mut body = seed();
    body["subscription"]["character_count"] = json!("x");
    body["xi_api_key"] = json!("sk_live_account_key_from_the_body");
    serve(&server, ResponseTemplate::new(200).set_body_json(&body)).await;
    let error = client(&server).get_user().await.unwrap_err();
    assert!(matches!(&error, Error::Decode { path, .. } if path == "subscription.character_count"), "{error:?}");
    let text = printed_error(&error);
    assert!(!text.contains("sk_live_account_key_from_the_body") && !text.contains(KEY), "{text}");
    assert!(text.contains("[redacted]"));
    let kept = String::from_utf8_lossy(error.body().unwrap()).into_owned();
    assert!(kept.contains("sk_live_account_key_from_the_body"), "the caller keeps the body as sent");
}

#[tokio::test]
async fn error_bodies_that_echo_the_configured_key_are_redacted() {
    for status in [400, 401, 404, 422, 429, 500] {
        let server = MockServer::start().await;
        // Whole, and percent-encoded byte by byte, as a URL or `Location` may carry it.
        let encoded: String = KEY.bytes().map(|b| format!("%{b:02x}")).collect();
        let echo = format!("invalid key {KEY}: {{\"xi_api_key\": \"{KEY}\"}}, see /keys?k={encoded}");
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(status)
                    .set_body_string(echo.as_str())
                    .insert_header("x-echo", format!("/keys?k={encoded}").as_str()),
            )
            .mount(&server)
            .await;
        let error = crate::support::fast_retries(&server, 0).get_user().await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        let text = printed_error(&error);
        assert!(!text.contains(KEY) && !text.contains(&encoded), "{status}: {text}");
    }
}

/// The key as it is, as `Debug` escapes it, and as JSON does.
fn spellings(key: &str) -> [String; 3] {
    let unquoted = |text: String| text[1..text.len() - 1].to_string();
    [key.to_string(), unquoted(format!("{key:?}")), unquoted(json!(key).to_string())]
}

/// A header may carry any visible ASCII, quotes and backslashes included, and `Debug`
/// escapes those: no escaped spelling of the key is printed either.
#[tokio::test]
async fn a_key_with_quotes_and_backslashes_is_printed_in_no_spelling() {
    let key = r#"sk_a"b\c'd"#;
    let spellings = spellings(key);
    for status in [200, 401] {
        let server = MockServer::start().await;
        let body = format!("{{\"detail\": {{\"message\": {}, \"raw\": \"{key}\"}}}}", json!(key));
        let template = ResponseTemplate::new(status).set_body_string(body.as_str()).insert_header("x-echo", key);
        serve(&server, template).await;
        let configured = ElevenLabs::builder().api_key(key).base_url(server.uri()).max_retries(0).build().unwrap();
        let text = match configured.get_user().await {
            Err(error) => printed_error(&error),
            Ok(response) => printed(&response),
        };
        for spelling in &spellings {
            assert!(!text.contains(spelling.as_str()), "{status}: {spelling} in {text}");
        }
    }
}

#[tokio::test]
async fn a_successful_response_prints_no_key() {
    let server = MockServer::start().await;
    let mut body = seed();
    body["xi_api_key"] = json!(KEY);
    serve(&server, ResponseTemplate::new(200).set_body_json(&body).insert_header("x-echo", KEY)).await;
    let response = client(&server).get_user().await.unwrap();
    let text = printed(&response);
    assert!(!text.contains(KEY), "{text}");
}

#[test]
fn the_client_and_its_builder_print_no_key() {
    let builder = ElevenLabs::builder().api_key(KEY).base_url("http://127.0.0.1:9");
    let client = builder.clone().build().unwrap();
    for text in [printed(&builder), printed(&client), printed(client.generated())] {
        assert!(!text.contains(KEY), "{text}");
    }
}

/// The document declares the key as a header parameter of every operation, so the
/// generated builders can hold it too: set there, it is printed no more than configured.
#[test]
fn a_generated_builder_given_the_key_prints_no_key() {
    let client = ElevenLabs::builder().api_key("other").base_url("http://127.0.0.1:9").build().unwrap();
    let call = client.generated().get_user_info().xi_api_key(KEY);
    let text = printed(&call);
    assert!(!text.contains(KEY) && text.contains("xi_api_key"), "{text}");
}

mod arbitrary_bodies {
    use super::*;
    use proptest::prelude::*;

    /// A body holding the key somewhere: as the secret field's value, echoed in text, or
    /// both, inside JSON or not, possibly cut off.
    fn bodies() -> impl Strategy<Value = (String, String)> {
        // Any visible ASCII a header carries, quotes and backslashes included.
        let key = r#"sk_[A-Za-z0-9"\\']{8,32}"#;
        let noise = "[ -~]{0,40}";
        (key, noise, noise, 0..4u8, any::<bool>()).prop_map(|(key, before, after, shape, cut)| {
            let body = match shape {
                0 => format!("{before}{key}{after}"),
                1 => json!({"detail": {"message": format!("{before}{key}{after}")}}).to_string(),
                2 => json!({"xi_api_key": key, "note": before, "subscription": {"character_count": after}}).to_string(),
                _ => format!("{{\"user\": {{\"xi_api_key\" : \"{key}\", \"x\": \"{}\"}}}}", before.replace('"', "")),
            };
            let escaped = spellings(&key)[2].clone();
            let (at, len) = match body.find(&key) {
                Some(at) => (at, key.len()),
                None => (body.find(&escaped).expect("the body holds the key"), escaped.len()),
            };
            let body = if cut { body[..at + len].to_string() } else { body };
            (key, body)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn no_error_prints_a_key_from_its_body_or_configuration((key, body) in bodies(), status in prop::sample::select(vec![200u16, 401, 403, 418, 422, 429, 500, 503])) {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            let text = runtime.block_on(async {
                let server = MockServer::start().await;
                Mock::given(method("GET"))
                    .respond_with(ResponseTemplate::new(status).set_body_string(body.as_str()))
                    .mount(&server)
                    .await;
                let configured = ElevenLabs::builder().api_key(key.as_str()).base_url(server.uri()).max_retries(0).build().unwrap();
                match configured.get_user().await {
                    Err(error) => printed_error(&error),
                    Ok(response) => printed(&response),
                }
            });
            for spelling in spellings(&key) {
                prop_assert!(!text.contains(&spelling), "{} in {}", spelling, text);
            }
        }
    }
}
