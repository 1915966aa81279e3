//! Shared by the loopback tests: the brief's example, a client with quick retries, and
//! scripted responses.

use std::time::Duration;

use elevenlabs_user_client::{ElevenLabs, RetryPolicy};
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub const KEY: &str = "sk_test_0123456789";

pub fn seed() -> Value {
    serde_json::from_str(include_str!("../../../data/example-account.json")).unwrap()
}

pub fn client(server: &MockServer) -> ElevenLabs {
    fast_retries(server, 2)
}

/// Quick backoffs keep the retry tests short; `Retry-After` still rules when sent.
pub fn quick_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        initial_backoff: Duration::from_millis(20),
        max_backoff: Duration::from_millis(50),
        ..RetryPolicy::default()
    }
}

pub fn fast_retries(server: &MockServer, max_retries: u32) -> ElevenLabs {
    ElevenLabs::builder().api_key(KEY).base_url(server.uri()).retry_policy(quick_retries(max_retries)).build().unwrap()
}

pub async fn serve(server: &MockServer, response: ResponseTemplate) {
    Mock::given(method("GET")).and(path("/v1/user")).respond_with(response).mount(server).await;
}

/// Answers from a script, one response per request, repeating the last.
pub struct Script(std::sync::Mutex<Vec<ResponseTemplate>>);

impl Respond for Script {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut responses = self.0.lock().unwrap();
        if responses.len() > 1 {
            responses.remove(0)
        } else {
            responses[0].clone()
        }
    }
}

pub fn script(responses: Vec<ResponseTemplate>) -> Script {
    Script(std::sync::Mutex::new(responses))
}

/// A `tracing` subscriber that records every span and event with its fields.
pub mod tracing_recorder {
    use std::collections::BTreeMap;
    use std::fmt;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Arc, Mutex};

    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};

    #[derive(Debug, Clone)]
    pub struct Recorded {
        pub span: bool,
        pub target: String,
        pub name: String,
        pub fields: BTreeMap<String, String>,
    }

    #[derive(Clone, Default)]
    pub struct Recorder(pub Arc<Mutex<Vec<Recorded>>>);

    static NEXT_SPAN: AtomicU64 = AtomicU64::new(1);

    struct Fields<'a>(&'a mut BTreeMap<String, String>);

    impl Visit for Fields<'_> {
        fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
            self.0.insert(field.name().to_string(), format!("{value:?}"));
        }
        fn record_str(&mut self, field: &Field, value: &str) {
            self.0.insert(field.name().to_string(), value.to_string());
        }
    }

    impl Recorder {
        fn push(&self, span: bool, metadata: &Metadata<'_>, fields: BTreeMap<String, String>) {
            let recorded =
                Recorded { span, target: metadata.target().to_string(), name: metadata.name().to_string(), fields };
            self.0.lock().unwrap().push(recorded);
        }
    }

    impl Subscriber for Recorder {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, attributes: &Attributes<'_>) -> Id {
            let mut fields = BTreeMap::new();
            attributes.record(&mut Fields(&mut fields));
            self.push(true, attributes.metadata(), fields);
            Id::from_u64(NEXT_SPAN.fetch_add(1, Ordering::Relaxed))
        }
        fn record(&self, _: &Id, _: &Record<'_>) {}
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, event: &Event<'_>) {
            let mut fields = BTreeMap::new();
            event.record(&mut Fields(&mut fields));
            self.push(false, event.metadata(), fields);
        }
        fn enter(&self, _: &Id) {}
        fn exit(&self, _: &Id) {}
    }
}
