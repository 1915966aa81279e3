//! A `get_user` round trip on loopback: the client (generated code, hooks, retries, traces
//! and typed errors) against a hand-written `reqwest` + `serde_json` call decoding into the
//! same models. Goal: ≤ 1.05×.
//!
//! Everything runs on one thread: a current-thread runtime drives the server task and
//! the client alike. With a worker thread beside the benchmark's, where the runtime's
//! threads landed on the two cores favoured one function or the other from run to run
//! (ratios from 1.01× to 1.30×). The calls are also interleaved: every sample of either
//! function alternates one call of each, timing only its own, so drift lands on both.

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use elevenlabs_bench::loopback::{listener, serve_example, Clients};

fn round_trip(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let (listener, base_url) = runtime.block_on(listener());
    runtime.spawn(serve_example(listener));
    let clients = Clients::new(&base_url);

    let timed = |ours: bool| {
        let started = Instant::now();
        if ours {
            runtime.block_on(clients.ours());
        } else {
            runtime.block_on(clients.hand_written());
        }
        started.elapsed()
    };
    // `n` pairs of calls, the other first, timing only the measured one.
    let interleaved = |n: u64, ours: bool| {
        (0..n)
            .map(|_| {
                timed(!ours);
                timed(ours)
            })
            .sum::<Duration>()
    };
    let mut group = c.benchmark_group("get_user round trip on loopback");
    group.bench_function("ElevenLabs::get_user", |b| b.iter_custom(|n| interleaved(n, true)));
    group.bench_function("baseline: hand-written reqwest + serde_json", |b| b.iter_custom(|n| interleaved(n, false)));
    group.finish();
}

criterion_group!(benches, round_trip);
criterion_main!(benches);
