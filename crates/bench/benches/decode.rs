//! Decoding and encoding the brief's example: the generated models against a hand-written
//! serde struct with the same fields and against `serde_json::Value`, in one run.
//! Goals: decoding with the models costs at most 1.0× the hand-written struct, encoding
//! at most 1.1×. The pairs are interleaved so that the ratio holds still on a busy machine.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use elevenlabs_bench::{hand_written, EXAMPLE_ACCOUNT};
use elevenlabs_user_models::UserResponseModel;

/// Benchmarks `ours` and `baseline` interleaved: each sample of either alternates one
/// call of each and times only its own, so drift on a shared machine lands on both alike.
fn interleaved<A, B>(c: &mut Criterion, group: &str, ours: impl Fn() -> A, baseline: impl Fn() -> B) {
    let time = |f: &dyn Fn()| {
        let started = Instant::now();
        f();
        started.elapsed()
    };
    let ours = || drop(black_box(ours()));
    let baseline = || drop(black_box(baseline()));
    // `n` pairs of calls, the other first, timing only the measured one.
    let pairs = |n: u64, measured: &dyn Fn(), other: &dyn Fn()| {
        (0..n)
            .map(|_| {
                other();
                time(measured)
            })
            .sum::<Duration>()
    };
    let mut group = c.benchmark_group(group);
    group.bench_function("generated models", |b| b.iter_custom(|n| pairs(n, &ours, &baseline)));
    group.bench_function("baseline: hand-written struct", |b| b.iter_custom(|n| pairs(n, &baseline, &ours)));
    group.finish();
}

fn decode(c: &mut Criterion) {
    let body = EXAMPLE_ACCOUNT;
    interleaved(
        c,
        "decode seed example",
        || serde_json::from_str::<UserResponseModel>(body).unwrap(),
        || serde_json::from_str::<hand_written::User>(body).unwrap(),
    );
    let models: UserResponseModel = serde_json::from_str(body).unwrap();
    let hand: hand_written::User = serde_json::from_str(body).unwrap();
    interleaved(
        c,
        "encode seed example",
        || serde_json::to_string(&models).unwrap(),
        || serde_json::to_string(&hand).unwrap(),
    );

    let value: serde_json::Value = serde_json::from_str(body).unwrap();
    let mut group = c.benchmark_group("serde_json::Value, for scale");
    group.bench_function("decode", |b| b.iter(|| serde_json::from_str::<serde_json::Value>(body).unwrap()));
    group.bench_function("encode", |b| b.iter(|| serde_json::to_string(&value).unwrap()));
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
