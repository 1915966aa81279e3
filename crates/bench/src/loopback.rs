//! A `get_user` round trip on loopback, both ways: through the generated client, and
//! through the hand-written `reqwest` + `serde_json` call a person would write, decoding
//! into the same models.
//!
//! The server is a minimal keep-alive HTTP/1.1 responder (not wiremock, whose matching
//! costs more than the client), so the figures are the clients'.

use elevenlabs_user_client::models::UserResponseModel;
use elevenlabs_user_client::{ElevenLabs, ElevenLabsBuilder, USER_AGENT};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::EXAMPLE_ACCOUNT;

/// The key both clients send.
const KEY: &str = "sk_bench";

/// Answers every request on every connection with the example account.
pub async fn serve_example(listener: TcpListener) {
    let response: &'static [u8] = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{EXAMPLE_ACCOUNT}",
        EXAMPLE_ACCOUNT.len()
    )
    .into_bytes()
    .leak();
    while let Ok((mut stream, _)) = listener.accept().await {
        tokio::spawn(async move {
            let mut buffer = vec![0u8; 8192];
            let mut filled = 0;
            loop {
                let Ok(read) = stream.read(&mut buffer[filled..]).await else { return };
                if read == 0 {
                    return;
                }
                filled += read;
                // GET requests have no body: each head ends the request.
                while let Some(end) = buffer[..filled].windows(4).position(|w| w == b"\r\n\r\n") {
                    if stream.write_all(response).await.is_err() {
                        return;
                    }
                    buffer.copy_within(end + 4..filled, 0);
                    filled -= end + 4;
                }
            }
        });
    }
}

/// Who makes a call: the generated client, or a person with reqwest and serde_json.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    Ours,
    /// The baseline: no timeout, as the shortest hand-written call has none.
    HandWritten,
    /// The same with the timeout the generated client applies to every attempt
    /// (`ElevenLabsBuilder::DEFAULT_ATTEMPT_TIMEOUT`): a reference for what the timer costs,
    /// most of it in the kernel, where the instruction counts do not look.
    HandWrittenWithTimeout,
}

/// The three callers' clients, pointed at one server.
pub struct Clients {
    pub ours: ElevenLabs,
    hand_written: reqwest::Client,
    hand_written_with_timeout: reqwest::Client,
    url: String,
}

impl Clients {
    /// Clients of the server at `base_url` (`http://127.0.0.1:PORT`).
    pub fn new(base_url: &str) -> Self {
        let by_hand = || reqwest::Client::builder().user_agent(USER_AGENT);
        Clients {
            ours: ElevenLabs::builder().api_key(KEY).base_url(base_url).build().expect("a loopback client"),
            hand_written: by_hand().build().expect("a reqwest client"),
            hand_written_with_timeout: by_hand()
                .timeout(ElevenLabsBuilder::DEFAULT_ATTEMPT_TIMEOUT)
                .build()
                .expect("a reqwest client"),
            url: format!("{base_url}/v1/user"),
        }
    }

    /// One call through the generated client.
    pub async fn ours(&self) -> UserResponseModel {
        self.ours.get_user().await.expect("the loopback server answers").into_inner()
    }

    /// One call as a person would write it with reqwest and serde_json.
    pub async fn hand_written(&self) -> UserResponseModel {
        self.by_hand(&self.hand_written).await
    }

    /// The same, with the generated client's attempt timeout.
    pub async fn hand_written_with_timeout(&self) -> UserResponseModel {
        self.by_hand(&self.hand_written_with_timeout).await
    }

    async fn by_hand(&self, client: &reqwest::Client) -> UserResponseModel {
        let response = client.get(&self.url).header("xi-api-key", KEY).send().await.expect("sent");
        let bytes = response.error_for_status().expect("a 2xx").bytes().await.expect("a body");
        serde_json::from_slice(&bytes).expect("the models decode it")
    }
}

/// Binds a loopback listener and returns it with its base URL.
pub async fn listener() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
    let base_url = format!("http://{}", listener.local_addr().expect("a bound address"));
    (listener, base_url)
}
