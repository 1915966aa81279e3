//! `tracing`: one span per call, one event per attempt, and never the key or a body.

use elevenlabs_user_client::trace::{ATTEMPT_TARGET, REQUEST_TARGET};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::tracing_recorder::Recorder;
use crate::support::{client, script, seed, KEY};

#[tokio::test]
async fn a_call_is_one_span_and_each_attempt_one_event() {
    let server = MockServer::start().await;
    let responses = vec![
        ResponseTemplate::new(503).set_body_string("overloaded"),
        ResponseTemplate::new(429).insert_header("retry-after", "0"),
        ResponseTemplate::new(200).set_body_json(seed()).insert_header("request-id", "req_42"),
    ];
    Mock::given(method("GET")).respond_with(script(responses)).mount(&server).await;
    let recorder = Recorder::default();
    let client = client(&server);
    {
        let _guard = recorder.install();
        client.get_user().await.unwrap();
    }
    let recorded = recorder.0.lock().unwrap().clone();

    let spans: Vec<_> = recorded.iter().filter(|r| r.span && r.target == REQUEST_TARGET).collect();
    assert_eq!(spans.len(), 1, "{recorded:#?}");
    assert_eq!(spans[0].name, "elevenlabs.request");
    assert_eq!(spans[0].fields["operation"], "get_user_info");
    assert_eq!(spans[0].fields["environment"], "custom");
    assert_eq!(spans[0].fields["method"], "GET");

    let attempts: Vec<_> = recorded.iter().filter(|r| !r.span && r.target == ATTEMPT_TARGET).collect();
    assert_eq!(attempts.len(), 3, "{recorded:#?}");
    let field = |i: usize, name: &str| attempts[i].fields.get(name).cloned();
    for (i, status) in ["503", "429", "200"].iter().enumerate() {
        assert_eq!(field(i, "attempt"), Some((i + 1).to_string()));
        assert_eq!(field(i, "status").as_deref(), Some(*status));
        assert!(field(i, "elapsed_ms").is_some());
    }
    assert_eq!(field(0, "retry_reason").as_deref(), Some("backoff"));
    assert_eq!(field(1, "retry_reason").as_deref(), Some("retry-after"));
    assert_eq!(field(1, "retry_in_ms").as_deref(), Some("0"));
    assert_eq!(field(2, "retry_reason"), None, "the last attempt is not retried");
    assert_eq!(field(2, "request_id").as_deref(), Some("req_42"));

    let everything = format!("{recorded:?}");
    assert!(!everything.contains(KEY), "the key is never traced");
    assert!(!everything.contains("overloaded") && !everything.contains("1234567890"), "nor a body");
}
