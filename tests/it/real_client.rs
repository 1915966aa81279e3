//! A real client against the mock: ElevenLabs' official Python SDK (`pip install
//! elevenlabs`) reads the mock's account and its documented error bodies as it reads the
//! real API's. The mock is what users test their code against, so its answers must be
//! ones a real client of the real API accepts, not only ones this crate's client accepts.

use elevenlabs_user_client::mock::{MockElevenLabs, MockResponse, EXAMPLE_ACCOUNT, MOCK_API_KEY};
use elevenlabs_user_tests::workspace_root;
use serde_json::{json, Value};

/// The SDK version CI installs (.ci/run); another may read the answers differently.
pub const SDK_VERSION: &str = "2.78.0";

/// Every field the SDK read equals the answer's, recursively: it decoded the body
/// without loss or coercion. Fields it does not model are not its to read.
fn assert_read_as_sent(read: &Value, sent: &Value, at: &str) {
    match (read, sent) {
        (Value::Object(read), Value::Object(sent)) => {
            for (key, value) in read {
                let Some(sent_value) = sent.get(key) else { panic!("{at}/{key}: the SDK read a field not sent") };
                assert_read_as_sent(value, sent_value, &format!("{at}/{key}"));
            }
        }
        (Value::Array(read), Value::Array(sent)) => {
            assert_eq!(read.len(), sent.len(), "{at}: list length");
            for (i, (r, s)) in read.iter().zip(sent).enumerate() {
                assert_read_as_sent(r, s, &format!("{at}/{i}"));
            }
        }
        (Value::Number(r), Value::Number(s)) => assert_eq!(r.as_f64(), s.as_f64(), "{at}"),
        _ => assert_eq!(read, sent, "{at}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs ElevenLabs' Python SDK (pip install elevenlabs==2.78.0); .ci/run installs it and runs this"]
async fn the_official_python_sdk_reads_the_mocks_answers() {
    let mock = MockElevenLabs::start().await;
    mock.enqueue(MockResponse::account(&serde_json::from_str(EXAMPLE_ACCOUNT).unwrap())).await;
    mock.enqueue(MockResponse::status(401)).await;
    mock.enqueue(MockResponse::validation_error("xi-api-key", "field required")).await;
    mock.enqueue(MockResponse::rate_limited(3)).await;
    mock.enqueue(MockResponse::concurrency_limited(2, 2)).await;

    let script = workspace_root().join("tests/it/real_client/sdk_against_mock.py");
    let (uri, key) = (mock.uri(), MOCK_API_KEY.to_string());
    let run = tokio::task::spawn_blocking(move || {
        std::process::Command::new("python3").arg(script).args([uri, key]).output()
    });
    let output = run.await.unwrap().expect("python3 runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the SDK failed (is elevenlabs=={SDK_VERSION} installed?):\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let steps: Vec<Value> = stdout.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    let step =
        |name: &str| steps.iter().find(|s| s["step"] == name).unwrap_or_else(|| panic!("no step {name}: {stdout}"));

    let sent: Value = serde_json::from_str(EXAMPLE_ACCOUNT).unwrap();
    let read = &step("account")["read"];
    assert_read_as_sent(read, &sent, "");
    assert_eq!(read["subscription"]["tier"], sent["subscription"]["tier"], "the SDK read the nested subscription");

    let unauthorized = step("unauthorized");
    assert_eq!((&unauthorized["error"], &unauthorized["status"]), (&json!("ApiError"), &json!(401)));
    assert_eq!(unauthorized["body"]["detail"]["code"], "unauthorized");

    let validation = step("validation");
    assert_eq!((&validation["error"], &validation["status"]), (&json!("UnprocessableEntityError"), &json!(422)));
    assert_eq!(validation["body"]["detail"][0]["loc"], json!(["header", "xi-api-key"]), "read as the SDK's model");

    let rate_limited = step("rate_limited");
    assert_eq!(rate_limited["status"], 429);
    assert_eq!(rate_limited["body"]["detail"]["code"], "rate_limit_exceeded");
    assert_eq!(rate_limited["headers"]["retry-after"], "3");

    let concurrency = step("concurrency_limited");
    assert_eq!(concurrency["body"]["detail"]["code"], "concurrent_limit_exceeded");
    assert_eq!(concurrency["headers"]["maximum-concurrent-requests"], "2");

    let requests = mock.requests().await;
    assert_eq!(requests.len(), 5, "one request per answer: the SDK's own retries are off");
    assert!(requests.iter().all(|r| r.had_mock_key() && r.path == "/v1/user"), "the SDK sends its key as xi-api-key");
}
