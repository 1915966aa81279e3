//! A `get_user` round trip on loopback: the client (generated code, hooks, retries, traces
//! and typed errors) against a hand-written `reqwest` + `serde_json` call decoding into the
//! same models. Goal: ≤ 1.05×.
//!
//! For a steady ratio the server is a minimal keep-alive HTTP/1.1 responder (not wiremock,
//! whose matching costs more than the client), and the two calls are interleaved: every
//! sample of either function alternates one call of each, timing only its own, so drift
//! on a shared machine lands on both alike.

use std::future::Future;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use elevenlabs_user_client::models::UserResponseModel;
use elevenlabs_user_client::{ElevenLabs, USER_AGENT};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Answers every request on every connection with the example account.
async fn serve_example(listener: tokio::net::TcpListener) {
    let body = include_str!("../data/example-account.json");
    let response: &'static [u8] =
        format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}", body.len())
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

fn timed<F: Future>(runtime: &tokio::runtime::Runtime, call: F) -> Duration {
    let started = Instant::now();
    runtime.block_on(call);
    started.elapsed()
}

fn round_trip(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    runtime.spawn(serve_example(listener));

    let client = ElevenLabs::builder().api_key("sk_bench").base_url(&base_url).build().unwrap();
    let hand_written = reqwest::Client::builder().user_agent(USER_AGENT).build().unwrap();
    let url = format!("{base_url}/v1/user");
    let ours = || async { client.get_user().await.unwrap().value };
    let baseline = || async {
        let response = hand_written.get(&url).header("xi-api-key", "sk_bench").send().await.unwrap();
        let bytes = response.error_for_status().unwrap().bytes().await.unwrap();
        serde_json::from_slice::<UserResponseModel>(&bytes).unwrap()
    };

    // `n` pairs of calls, the other first, timing only the measured one.
    let interleaved = |n: u64, measured: &dyn Fn() -> Duration, other: &dyn Fn() -> Duration| {
        (0..n)
            .map(|_| {
                other();
                measured()
            })
            .sum::<Duration>()
    };
    let ours = || timed(&runtime, ours());
    let baseline = || timed(&runtime, baseline());
    let mut group = c.benchmark_group("get_user round trip on loopback");
    group.bench_function("ElevenLabs::get_user", |b| b.iter_custom(|n| interleaved(n, &ours, &baseline)));
    group.bench_function("baseline: hand-written reqwest + serde_json", |b| {
        b.iter_custom(|n| interleaved(n, &baseline, &ours))
    });
    group.finish();
}

criterion_group!(benches, round_trip);
criterion_main!(benches);
