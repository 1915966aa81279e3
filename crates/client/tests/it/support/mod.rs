//! Shared by the loopback tests: the brief's example, a client with quick retries, and
//! scripted responses.

use std::time::Duration;

use elevenlabs_user_client::retry::RetryPolicy;
use elevenlabs_user_client::ElevenLabs;
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
    let mut policy = RetryPolicy::default();
    policy.max_retries = max_retries;
    policy.initial_backoff = Duration::from_millis(20);
    policy.max_backoff = Duration::from_millis(50);
    policy
}

pub fn fast_retries(server: &MockServer, max_retries: u32) -> ElevenLabs {
    ElevenLabs::builder().api_key(KEY).base_url(server.uri()).retry_policy(quick_retries(max_retries)).build().unwrap()
}

/// A loopback port that refuses every connection, and the socket that holds it: bound
/// and not listening, so no other test's server can take the port while it is in use.
pub fn refusing_port() -> (tokio::net::TcpSocket, u16) {
    let socket = tokio::net::TcpSocket::new_v4().expect("a socket");
    socket.bind("127.0.0.1:0".parse().expect("an address")).expect("a loopback port");
    let port = socket.local_addr().expect("its address").port();
    (socket, port)
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

/// Records every span and event of a test's thread, with its fields, through one global
/// `tracing` subscriber.
pub mod tracing_recorder {
    use std::cell::RefCell;
    use std::collections::BTreeMap;
    use std::fmt;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Arc, Mutex, Once};

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

    thread_local! {
        static CURRENT: RefCell<Option<Recorder>> = const { RefCell::new(None) };
    }

    /// Records this thread's spans and events until it drops.
    pub struct Installed;

    impl Drop for Installed {
        fn drop(&mut self) {
            CURRENT.with(|current| *current.borrow_mut() = None);
        }
    }

    impl Recorder {
        /// Records the spans and events of this thread (a `#[tokio::test]` runs its
        /// client on its own thread) until the guard drops. One global subscriber routes
        /// to the recorder of the thread, rather than a scoped subscriber per test:
        /// tracing caches whether a callsite is wanted, and a test on another thread
        /// that hit one with no subscriber could cache "never" while a recorder was
        /// being set, so that a test's attempts went unrecorded (1 run in 8 here).
        pub fn install(&self) -> Installed {
            static ROUTER: Once = Once::new();
            ROUTER.call_once(|| {
                tracing::subscriber::set_global_default(Router).expect("the tests set no other global subscriber")
            });
            CURRENT.with(|current| *current.borrow_mut() = Some(self.clone()));
            Installed
        }

        fn push(&self, span: bool, metadata: &Metadata<'_>, fields: BTreeMap<String, String>) {
            let recorded =
                Recorded { span, target: metadata.target().to_string(), name: metadata.name().to_string(), fields };
            self.0.lock().unwrap().push(recorded);
        }
    }

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

    /// The global subscriber: everything is wanted, and goes to the thread's recorder,
    /// if it has one.
    struct Router;

    impl Router {
        fn route(&self, span: bool, metadata: &Metadata<'_>, record: impl FnOnce(&mut Fields<'_>)) {
            CURRENT.with(|current| {
                if let Some(recorder) = &*current.borrow() {
                    let mut fields = BTreeMap::new();
                    record(&mut Fields(&mut fields));
                    recorder.push(span, metadata, fields);
                }
            });
        }
    }

    impl Subscriber for Router {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, attributes: &Attributes<'_>) -> Id {
            self.route(true, attributes.metadata(), |fields| attributes.record(fields));
            Id::from_u64(NEXT_SPAN.fetch_add(1, Ordering::Relaxed))
        }
        fn record(&self, _: &Id, _: &Record<'_>) {}
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, event: &Event<'_>) {
            self.route(false, event.metadata(), |fields| event.record(fields));
        }
        fn enter(&self, _: &Id) {}
        fn exit(&self, _: &Id) {}
    }
}

/// A server on loopback that speaks whatever bytes a test wants: for answers no HTTP
/// server library sends (garbled status lines, cut bodies, resets, stalls).
pub mod raw {
    use std::future::Future;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::{TcpListener, TcpStream};

    pub struct RawServer {
        pub url: String,
        /// Requests whose head was read, so far.
        pub requests: Arc<AtomicUsize>,
    }

    impl RawServer {
        pub fn requests(&self) -> usize {
            self.requests.load(Ordering::SeqCst)
        }
    }

    /// Reads each request's head, then hands the connection and the request's number
    /// (from 0) to `answer`.
    pub async fn serve<F, Fut>(answer: F) -> RawServer
    where
        F: Fn(usize, TcpStream) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(AtomicUsize::new(0));
        let counted = requests.clone();
        let answer = Arc::new(answer);
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let (counted, answer) = (counted.clone(), answer.clone());
                tokio::spawn(async move {
                    if read_head(&mut socket).await {
                        let number = counted.fetch_add(1, Ordering::SeqCst);
                        answer(number, socket).await;
                    }
                });
            }
        });
        RawServer { url, requests }
    }

    async fn read_head(socket: &mut TcpStream) -> bool {
        let mut head = Vec::new();
        let mut buffer = [0u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            match socket.read(&mut buffer).await {
                Ok(0) | Err(_) => return false,
                Ok(n) => head.extend_from_slice(&buffer[..n]),
            }
        }
        true
    }

    /// Writes `bytes`, then closes.
    pub async fn send(mut socket: TcpStream, bytes: &[u8]) {
        let _ = socket.write_all(bytes).await;
        let _ = socket.shutdown().await;
    }

    /// Resets the connection (RST) without answering.
    pub fn reset(socket: TcpStream) {
        let _ = socket.set_zero_linger();
        drop(socket);
    }

    /// Holds the connection open without answering, for as long as the test runs.
    pub async fn stall(socket: TcpStream) {
        std::future::pending::<()>().await;
        drop(socket);
    }

    /// A whole response with a JSON body.
    pub fn json_response(status: &str, headers: &str, body: &str) -> Vec<u8> {
        format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{headers}connection: close\r\n\r\n{body}",
            body.len()
        )
        .into_bytes()
    }
}
