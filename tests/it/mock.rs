//! The client's `mock` feature, used as a downstream crate would: a user's own code tested
//! against a fake ElevenLabs, from outside the client crate (the client README's doctest is the
//! same use from inside it).

use std::time::Duration;

use elevenlabs_user_client::error::{ErrorCode, TimeoutKind};
use elevenlabs_user_client::mock::{MockElevenLabs, MockResponse, MOCK_API_KEY};
use elevenlabs_user_client::models::UserResponseModel;
use elevenlabs_user_client::{ElevenLabs, Error, RequestOptions};

/// A user's own code: how many characters are left this period.
async fn characters_left(client: &ElevenLabs) -> Result<i64, Error> {
    Ok(client.get_user().await?.subscription.characters_remaining())
}

#[tokio::test]
async fn user_code_against_the_example_account() {
    let mock = MockElevenLabs::start().await;
    assert_eq!(characters_left(&mock.client()).await.unwrap(), 82_769);
    let requests = mock.requests().await;
    assert_eq!(requests.len(), 1);
    assert_eq!((requests[0].method.as_str(), requests[0].path.as_str()), ("GET", "/v1/user"));
    assert!(requests[0].had_mock_key());
    assert!(!format!("{requests:?}").contains(MOCK_API_KEY), "received keys are not printed");
}

#[tokio::test]
async fn an_account_built_with_the_models_builders() {
    let example: UserResponseModel = serde_json::from_str(elevenlabs_user_client::mock::EXAMPLE_ACCOUNT).unwrap();
    let subscription =
        elevenlabs_user_client::models::builder::SubscriptionResponseModel::from(example.subscription.clone());
    let exhausted: elevenlabs_user_client::models::SubscriptionResponseModel =
        subscription.character_count(100_000).try_into().unwrap();
    let user: UserResponseModel = elevenlabs_user_client::models::builder::UserResponseModel::from(example)
        .subscription(exhausted)
        .try_into()
        .unwrap();
    let mock = MockElevenLabs::with_account(&user).await;
    assert_eq!(characters_left(&mock.client()).await.unwrap(), 0);
}

#[tokio::test]
async fn scripted_failures_reach_the_users_code_as_typed_errors() {
    let mock = MockElevenLabs::start().await;
    let client = mock.client_builder().max_retries(0).build().unwrap();

    mock.enqueue(MockResponse::status(401)).await;
    assert!(matches!(characters_left(&client).await, Err(Error::Authentication { .. })));

    mock.enqueue(MockResponse::rate_limited(7)).await;
    match characters_left(&client).await {
        Err(error @ Error::RateLimited { .. }) => {
            assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
            assert_eq!(error.detail().and_then(|d| d.code()), Some(&ErrorCode::RateLimitExceeded));
        }
        other => panic!("{other:?}"),
    }

    mock.enqueue(MockResponse::concurrency_limited(3, 3)).await;
    match characters_left(&client).await {
        Err(Error::ConcurrencyLimited { response, .. }) => {
            assert_eq!(response.detail().and_then(|d| d.code()), Some(&ErrorCode::ConcurrentLimitExceeded));
            assert_eq!(response.maximum_concurrent_requests(), Some(3));
            assert_eq!(response.request_id(), Some(elevenlabs_user_client::mock::MOCK_REQUEST_ID));
            assert_eq!(response.trace_id(), Some(elevenlabs_user_client::mock::MOCK_TRACE_ID));
        }
        other => panic!("{other:?}"),
    }

    mock.enqueue(MockResponse::validation_error("xi-api-key", "field required")).await;
    assert!(matches!(characters_left(&client).await, Err(Error::Validation { .. })));

    mock.enqueue(MockResponse::status(503)).await;
    assert!(matches!(characters_left(&client).await, Err(Error::Status(response)) if response.status() == 503));

    mock.enqueue(MockResponse::malformed("{\"user_id\": ")).await;
    assert!(matches!(characters_left(&client).await, Err(Error::Decode { .. })));

    mock.enqueue(MockResponse::status(200).with_delay(Duration::from_millis(500))).await;
    let hurried = RequestOptions::new().attempt_timeout(Duration::from_millis(50));
    let timed_out = client.get_user_with(&hurried).await;
    assert!(matches!(timed_out, Err(Error::Timeout { kind: TimeoutKind::Attempt, .. })), "{timed_out:?}");

    // The script is used up: the account is served again.
    assert_eq!(characters_left(&client).await.unwrap(), 82_769);
    assert_eq!(mock.requests().await.len(), 8);
}

#[tokio::test]
async fn retries_recover_from_scripted_server_errors() {
    let mock = MockElevenLabs::start().await;
    mock.enqueue(MockResponse::status(502)).await;
    mock.enqueue(MockResponse::rate_limited(0)).await;
    assert_eq!(characters_left(&mock.client()).await.unwrap(), 82_769);
    assert_eq!(mock.requests().await.len(), 3);
}

#[tokio::test]
async fn a_wrong_key_is_refused_like_the_real_api() {
    let mock = MockElevenLabs::start().await;
    let stranger = ElevenLabs::builder().api_key("sk_someone_else").base_url(mock.uri()).build().unwrap();
    match characters_left(&stranger).await {
        Err(Error::Authentication(response)) => {
            assert_eq!(response.status(), 401);
            let detail = response.detail().expect("the documented error shape");
            assert_eq!((detail.code(), detail.message()), (Some(&ErrorCode::InvalidApiKey), Some("Invalid API key")));
        }
        other => panic!("{other:?}"),
    }
}

/// A method the document does not declare on a known path is 405 with `Allow`, as from
/// the API's own server; an unknown path is 404.
#[tokio::test]
async fn an_undeclared_method_is_405_and_an_unknown_path_404() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mock = MockElevenLabs::start().await;
    let address = mock.uri().trim_start_matches("http://").to_string();
    for (request_line, expected) in
        [("POST /v1/user", "HTTP/1.1 405"), ("DELETE /v1/user", "HTTP/1.1 405"), ("GET /v1/nothing", "HTTP/1.1 404")]
    {
        let mut socket = tokio::net::TcpStream::connect(&address).await.unwrap();
        let request = format!(
            "{request_line} HTTP/1.1\r\nhost: {address}\r\nxi-api-key: {MOCK_API_KEY}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
        );
        socket.write_all(request.as_bytes()).await.unwrap();
        let mut response = String::new();
        socket.read_to_string(&mut response).await.unwrap();
        assert!(response.starts_with(expected), "{request_line}: {response}");
        if expected.ends_with("405") {
            assert!(response.to_ascii_lowercase().contains("\r\nallow: get\r\n"), "{response}");
        }
    }
}
