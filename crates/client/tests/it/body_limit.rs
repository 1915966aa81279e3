//! The response body limit on loopback: a body declared over the limit is refused before
//! anything is read; one that only turns out larger while streaming stops at the limit.
//! Both are a typed error that keeps the status.

use std::time::Duration;

use elevenlabs_user_client::{ElevenLabs, ElevenLabsBuilder, Error};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::{MockServer, ResponseTemplate};

use crate::support::{quick_retries, seed, serve, KEY};

fn limited(base_url: String, limit: u64) -> ElevenLabs {
    ElevenLabs::builder()
        .api_key(KEY)
        .base_url(base_url)
        .retry_policy(quick_retries(0))
        .max_body_bytes(limit)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_body_declared_over_the_limit_fails_with_its_status() {
    for status in [200, 404] {
        let server = MockServer::start().await;
        serve(&server, ResponseTemplate::new(status).set_body_string("x".repeat(64 * 1024))).await;
        match limited(server.uri(), 1024).get_user().await {
            Err(error @ Error::BodyTooLarge { .. }) => {
                assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
                let Error::BodyTooLarge { limit, declared, .. } = &error else { unreachable!() };
                assert_eq!((*limit, *declared), (1024, Some(64 * 1024)));
                assert!(
                    error.to_string().contains("declares a body of 65536 bytes, over the limit of 1024"),
                    "{error}"
                );
            }
            other => panic!("{status}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_body_within_the_limit_is_read_as_before() {
    let server = MockServer::start().await;
    serve(&server, ResponseTemplate::new(200).set_body_json(seed())).await;
    let body_length = serde_json::to_vec(&seed()).unwrap().len() as u64;
    let user = limited(server.uri(), body_length).get_user().await.unwrap();
    assert_eq!(serde_json::to_value(&*user).unwrap(), seed());
    assert_eq!(ElevenLabsBuilder::DEFAULT_MAX_BODY_BYTES, 16 * 1024 * 1024);
}

/// A server that streams a chunked body of up to 256 MiB with no `Content-Length`, and
/// returns how many body bytes it managed to write before the client hung up.
async fn endless_chunked_server() -> (String, tokio::task::JoinHandle<u64>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let served = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = vec![0u8; 4096];
        let _ = socket.read(&mut request).await;
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
        if socket.write_all(head.as_bytes()).await.is_err() {
            return 0;
        }
        let chunk = vec![b' '; 64 * 1024];
        let framed = [format!("{:x}\r\n", chunk.len()).into_bytes(), chunk, b"\r\n".to_vec()].concat();
        let mut written = 0u64;
        while written < 256 * 1024 * 1024 {
            let sent = tokio::time::timeout(Duration::from_secs(5), socket.write_all(&framed)).await;
            if !matches!(sent, Ok(Ok(()))) {
                break;
            }
            written += 64 * 1024;
        }
        written
    });
    (url, served)
}

#[tokio::test]
async fn a_streamed_body_that_passes_the_limit_stops_there() {
    let (url, served) = endless_chunked_server().await;
    let limit = 1024 * 1024;
    match limited(url, limit).get_user().await {
        Err(Error::BodyTooLarge { status, limit: got, declared }) => {
            assert_eq!((status.as_u16(), got, declared), (200, limit, None));
        }
        other => panic!("{other:?}"),
    }
    let written = tokio::time::timeout(Duration::from_secs(30), served).await.unwrap().unwrap();
    // What the server got out is the limit plus what the sockets' buffers held, far below
    // the 256 MiB it offered.
    assert!(written < 64 * 1024 * 1024, "the client kept reading: {written} bytes written");
}
