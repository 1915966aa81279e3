//! A `get_user` round trip on loopback: the client (generated code, hooks, retries, traces
//! and typed errors) against a hand-written `reqwest` + `serde_json` call decoding into the
//! same models, and against the same call with the client's attempt timeout, whose timer
//! costs mostly kernel time. Goal: ≤ 1.05×.
//!
//! Everything runs on one thread: a current-thread runtime drives the server task and
//! the client alike. With a worker thread beside the benchmark's, where the runtime's
//! threads landed on the two cores favoured one function or the other from run to run
//! (ratios from 1.01× to 1.30×). The calls are also interleaved: every sample of either
//! function alternates one call of each, timing only its own, so drift lands on both.

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use elevenlabs_bench::loopback::{listener, serve_example, Caller, Clients};

fn round_trip(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let (listener, base_url) = runtime.block_on(listener());
    runtime.spawn(serve_example(listener));
    let clients = Clients::new(&base_url);

    let timed = |caller: Caller| {
        let started = Instant::now();
        match caller {
            Caller::Ours => runtime.block_on(clients.ours()),
            Caller::HandWritten => runtime.block_on(clients.hand_written()),
            Caller::HandWrittenWithTimeout => runtime.block_on(clients.hand_written_with_timeout()),
        };
        started.elapsed()
    };
    // `n` pairs of calls, the partner first, timing only the measured one: ours alternates
    // with the baseline, the others with ours.
    let interleaved = |n: u64, measured: Caller| {
        let partner = if measured == Caller::Ours { Caller::HandWritten } else { Caller::Ours };
        (0..n)
            .map(|_| {
                timed(partner);
                timed(measured)
            })
            .sum::<Duration>()
    };
    let mut group = c.benchmark_group("get_user round trip on loopback");
    group.bench_function("ElevenLabs::get_user", |b| b.iter_custom(|n| interleaved(n, Caller::Ours)));
    group.bench_function("baseline: hand-written reqwest + serde_json", |b| {
        b.iter_custom(|n| interleaved(n, Caller::HandWritten))
    });
    // Not named `baseline…`: `cargo xtask bench-runs` compares each function with the one
    // baseline of its group, and this is a reference beside it.
    group.bench_function("reference: the same with the attempt timeout", |b| {
        b.iter_custom(|n| interleaved(n, Caller::HandWrittenWithTimeout))
    });
    group.finish();
}

criterion_group!(benches, round_trip);
criterion_main!(benches);
