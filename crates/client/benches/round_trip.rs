//! A `get_user` round trip on loopback: the client (generated code, hooks, retries and
//! typed errors) against a hand-written `reqwest` + `serde_json` call decoding into the
//! same models, both against the same local server in the same run. Goal: ≤ 1.05×.

use criterion::{criterion_group, criterion_main, Criterion};
use elevenlabs_user_client::models::UserResponseModel;
use elevenlabs_user_client::{ElevenLabs, USER_AGENT};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn round_trip(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let body = include_str!("../../../tests/fixtures/seed-example.json");
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/v1/user"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;
        server
    });
    let client = ElevenLabs::builder().api_key("sk_bench").base_url(server.uri()).build().unwrap();
    let hand_written = reqwest::Client::builder().user_agent(USER_AGENT).build().unwrap();
    let url = format!("{}/v1/user", server.uri());

    let mut group = c.benchmark_group("get_user round trip on loopback");
    group.bench_function("ElevenLabs::get_user", |b| b.iter(|| runtime.block_on(client.get_user()).unwrap().value));
    group.bench_function("baseline: hand-written reqwest + serde_json", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let response = hand_written.get(&url).header("xi-api-key", "sk_bench").send().await.unwrap();
                let bytes = response.error_for_status().unwrap().bytes().await.unwrap();
                serde_json::from_slice::<UserResponseModel>(&bytes).unwrap()
            })
        })
    });
    group.finish();
}

criterion_group!(benches, round_trip);
criterion_main!(benches);
