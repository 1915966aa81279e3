//! What each fuzz target checks, as plain functions: `tests/fuzz` (cargo-fuzz, nightly)
//! calls them on generated inputs, and `cargo test` replays every input kept under
//! `tests/fuzz/regressions/<target>/` and every seed through them on stable. Each panics
//! when what it checks does not hold; an input that is merely invalid is fine, so long as
//! it gets an error.

use std::sync::OnceLock;

use elevenlabs_schema_diff::render;
use elevenlabs_spec::{Overrides, Selection};
use serde_json::Value;

/// What a target checks of one input; it panics when that does not hold.
pub type Check = fn(&[u8]);

/// The targets, by name: what `cargo xtask fuzz <target>` runs.
pub const TARGETS: &[(&str, Check)] =
    &[("load", load), ("prepare", prepare), ("diff", diff), ("codegen", codegen), ("client_response", client_response)];

/// Bytes → a document, as JSON or YAML.
pub fn load(data: &[u8]) {
    if let Ok(document) = elevenlabs_spec::parse_bytes(data) {
        let _ = elevenlabs_spec::operations(&document.value);
    }
}

/// Splits `data` at its first NUL byte.
fn split(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|b| *b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[]),
    }
}

/// A document (before the first NUL) and overrides (after it) → extract every operation,
/// apply the overrides, check references, normalize to OpenAPI 3.0.
pub fn prepare(data: &[u8]) {
    let (document, overrides) = split(data);
    let Ok(vendored) = elevenlabs_spec::vendor("fuzz.json", document, &Selection::All, "2026-11-30") else { return };
    let overrides =
        std::str::from_utf8(overrides).ok().and_then(|text| Overrides::parse(text).ok()).unwrap_or_default();
    let mut fragment = vendored.fragment;
    let _ = overrides.apply(&mut fragment);
    if elevenlabs_spec::check_references(&fragment).is_ok() {
        let _ = elevenlabs_spec::normalize(&fragment);
    }
}

/// A pair of documents (split at the first NUL) → the wire diff, and the report in every
/// format, the Markdown also within a GitHub comment's length.
pub fn diff(data: &[u8]) {
    let (base, head) = split(data);
    let (Ok(base), Ok(head)) = (elevenlabs_spec::parse_bytes(base), elevenlabs_spec::parse_bytes(head)) else { return };
    let options = elevenlabs_schema_diff::Options { rust_api: false, ..Default::default() };
    let named = |document| elevenlabs_schema_diff::Named { name: "document", document };
    let Ok(comparison) = elevenlabs_schema_diff::compare(named(&base.value), named(&head.value), &options) else {
        return;
    };
    let report = &comparison.report;
    let _ = render::render_json(report);
    let _ = render::render_text(report);
    let with_diff = render::MarkdownOptions { code_diff: Some("--- a/x\n+++ b/x\n"), ..Default::default() };
    let _ = render::render_markdown(report, &with_diff);
    let limited = render::MarkdownOptions { limit: Some((2_000, "the full report")), ..Default::default() };
    let within = render::render_markdown(report, &limited);
    assert!(within.chars().count() <= 2_000, "the capped Markdown is {} characters", within.chars().count());
}

/// A document → both crates' sources. A first byte of 0 makes the rest a document (JSON
/// or YAML, as the seeds from `tests/data` are); any other draws one from the grammar of
/// hostile names ([`crate::grammar`]). Generation may refuse a document with an error,
/// but never panics (typify's panics, caught, count too), and what it generates parses
/// as Rust.
pub fn codegen(data: &[u8]) {
    let document = match data.split_first() {
        Some((0, rest)) => match elevenlabs_spec::parse_bytes(rest) {
            Ok(document) => document.value,
            Err(_) => return,
        },
        _ => match crate::grammar::document(&mut arbitrary::Unstructured::new(data)) {
            Ok(case) => case.document,
            Err(_) => return,
        },
    };
    check_generates(&document);
}

/// Generates `document` and checks the outcome: an error that is not a caught panic, or
/// two sources that parse as Rust, whose public API is the one schema-diff reads from the
/// skimmed syntax trees (`read_api_then`).
pub fn check_generates(document: &Value) {
    use elevenlabs_codegen::api::{api_items, api_items_of, render, ApiItem};
    let options = elevenlabs_codegen::Options::default();
    match elevenlabs_codegen::generate(document, &Overrides::default(), &options) {
        Ok(generated) => {
            let listed = |items: Vec<ApiItem>| items.iter().map(render).collect::<std::collections::BTreeSet<_>>();
            let read = |file: &syn::File| listed(api_items_of(file));
            let skimmed = elevenlabs_codegen::read_api_then(document, &Overrides::default(), &options, read, read)
                .unwrap_or_else(|e| panic!("the API reader fails where generation succeeds: {e}"));
            for (name, source, read) in
                [("models", &generated.models, skimmed.models), ("client", &generated.client, skimmed.client)]
            {
                match api_items(source) {
                    Ok(printed) => assert_eq!(listed(printed), read, "the {name}' API differs when read skimmed"),
                    Err(e) => panic!("the generated {name} do not parse as Rust: {e}\n{source}"),
                }
            }
        }
        Err(e) => assert!(!e.to_string().contains("panicked"), "a generator panicked: {e}"),
    }
}

/// The key the client under test is configured with, and one a body carries in its
/// `xi_api_key` field: neither may be printed.
const CONFIGURED_KEY: &str = elevenlabs_user_client::mock::MOCK_API_KEY;

/// Status, headers and body → the client's handling of that response, over loopback from
/// the `mock` feature's server. Checks: no panic; an error that came from a response
/// keeps its status; no printed form (`Debug`, `{:#?}`, `Display`, the error's causes)
/// shows the configured key or any `xi_api_key` value of the body.
pub fn client_response(data: &[u8]) {
    use elevenlabs_user_client::mock::MockResponse;
    let mut u = arbitrary::Unstructured::new(data);
    let Ok(status) = u.int_in_range(200u16..=599) else { return };
    // Redirects lead elsewhere by design; informational and body-less statuses are not
    // what a server sends to a GET that it answers.
    if (300..400).contains(&status) {
        return;
    }
    let mut response = MockResponse::status(status);
    for _ in 0..u.int_in_range(0..=3).unwrap_or(0) {
        let Ok(name) = u.choose(&["retry-after", "content-type", "request-id", "x-request-id", "xi-api-key"]) else {
            break;
        };
        let value: String =
            u.arbitrary::<String>().unwrap_or_default().chars().filter(|c| c.is_ascii_graphic()).collect();
        response = response.with_header(name, &value);
    }
    let body = u.take_rest();
    let body_text = String::from_utf8_lossy(body).into_owned();
    response = response.with_body(&body_text);

    let (runtime, mock, client) = loopback();
    let printed = runtime.block_on(async {
        mock.enqueue(response).await;
        match client.get_user().await {
            Ok(user) => {
                assert_eq!(user.status().as_u16(), status, "a success keeps its status");
                vec![format!("{user:?}"), format!("{user:#?}")]
            }
            Err(error) => {
                if let Some(kept) = error.status() {
                    assert_eq!(kept.as_u16(), status, "the error keeps the status: {error}");
                }
                let mut printed = vec![format!("{error:?}"), format!("{error:#?}"), error.to_string()];
                let mut source = std::error::Error::source(&error);
                while let Some(cause) = source {
                    printed.push(format!("{cause} {cause:?}"));
                    source = cause.source();
                }
                printed
            }
        }
    });
    let mut secrets = vec![CONFIGURED_KEY.to_string()];
    if let Ok(value) = serde_json::from_slice::<Value>(body) {
        collect_secret_values(&value, &mut secrets);
    }
    for text in &printed {
        for secret in &secrets {
            assert!(!text.contains(secret.as_str()), "a printed form shows the secret {secret:?}: {text}");
        }
    }
}

/// Every string value of an `xi_api_key` field that a printed form could show verbatim
/// and that redaction's own text (`[redacted]`) cannot contain.
fn collect_secret_values(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            for (key, value) in object {
                match value {
                    Value::String(secret)
                        if key == "xi_api_key"
                            && secret.len() >= 8
                            && secret.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
                    {
                        out.push(secret.clone())
                    }
                    other => collect_secret_values(other, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_secret_values(item, out)),
        _ => {}
    }
}

/// A runtime, the mock server, and a client of it without retries.
type Loopback =
    (tokio::runtime::Runtime, elevenlabs_user_client::mock::MockElevenLabs, elevenlabs_user_client::ElevenLabs);

/// One [`Loopback`], shared by every input.
fn loopback() -> &'static Loopback {
    static LOOPBACK: OnceLock<Loopback> = OnceLock::new();
    LOOPBACK.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        let mock = runtime.block_on(elevenlabs_user_client::mock::MockElevenLabs::start());
        let client = mock
            .client_builder()
            .max_retries(0)
            .attempt_timeout(std::time::Duration::from_secs(10))
            .build()
            .expect("the mock's client");
        (runtime, mock, client)
    })
}
