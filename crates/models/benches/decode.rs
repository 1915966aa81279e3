//! Decoding and encoding the brief's example: the generated models against a hand-written
//! serde struct with the same fields and against `serde_json::Value`, in one run.
//! Goals: decoding with the models costs at most 1.0× the hand-written struct, encoding
//! at most 1.1×. The pairs are interleaved so that the ratio holds still on a busy machine.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use elevenlabs_user_models::UserResponseModel;
use serde::{Deserialize, Serialize};

/// What a person would write by hand for the same response.
mod hand_written {
    use super::*;

    #[derive(Deserialize, Serialize)]
    pub struct User {
        pub user_id: String,
        pub subscription: Subscription,
        pub is_new_user: bool,
        pub can_use_delayed_payment_methods: bool,
        pub is_onboarding_completed: bool,
        pub is_onboarding_checklist_completed: bool,
        #[serde(default)]
        pub show_compliance_terms: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub first_name: Option<String>,
        #[serde(default)]
        pub is_api_key_hashed: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub xi_api_key: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub xi_api_key_preview: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub referral_link_code: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub partnerstack_partner_default_link: Option<String>,
        pub created_at: i64,
        pub seat_type: String,
    }

    #[derive(Deserialize, Serialize)]
    pub struct Subscription {
        pub tier: String,
        pub character_count: i64,
        pub character_limit: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub max_character_limit_extension: Option<i64>,
        pub max_credit_limit_extension: serde_json::Value,
        pub can_extend_character_limit: bool,
        pub allowed_to_extend_character_limit: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub next_character_count_reset_unix: Option<i64>,
        pub voice_slots_used: i64,
        pub professional_voice_slots_used: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub professional_voice_slots_used_in_workspace: Option<i64>,
        pub voice_limit: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub max_voice_add_edits: Option<i64>,
        pub voice_add_edit_counter: i64,
        pub professional_voice_limit: i64,
        pub can_extend_voice_limit: bool,
        pub can_use_instant_voice_cloning: bool,
        pub can_use_professional_voice_cloning: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub currency: Option<String>,
        pub current_overage: Price,
        pub status: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub billing_period: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub character_refresh_period: Option<String>,
    }

    #[derive(Deserialize, Serialize)]
    pub struct Price {
        pub amount: String,
        pub currency: String,
    }
}

fn seed() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/example-account.json");
    std::fs::read_to_string(path).expect("the seed example fixture")
}

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
    let body = seed();
    interleaved(
        c,
        "decode seed example",
        || serde_json::from_str::<UserResponseModel>(&body).unwrap(),
        || serde_json::from_str::<hand_written::User>(&body).unwrap(),
    );
    let models: UserResponseModel = serde_json::from_str(&body).unwrap();
    let hand: hand_written::User = serde_json::from_str(&body).unwrap();
    interleaved(
        c,
        "encode seed example",
        || serde_json::to_string(&models).unwrap(),
        || serde_json::to_string(&hand).unwrap(),
    );

    let value: serde_json::Value = serde_json::from_str(&body).unwrap();
    let mut group = c.benchmark_group("serde_json::Value, for scale");
    group.bench_function("decode", |b| b.iter(|| serde_json::from_str::<serde_json::Value>(&body).unwrap()));
    group.bench_function("encode", |b| b.iter(|| serde_json::to_string(&value).unwrap()));
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
