//! Generation work in process: normalize, typify, progenitor, post-processing and
//! formatting. Goals: under 50 ms for the vendored fragment; under 1 s for a whole
//! upstream document (every operation) vendored and generated.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use elevenlabs_codegen::{generate, prepare, Comparison, Options};
use elevenlabs_spec::{load_path, normalize, vendor, Overrides, Selection};

fn codegen(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let fragment =
        load_path(&root.join(elevenlabs_codegen::layout::LAYOUT.fragment)).expect("the vendored fragment").value;
    let overrides = Overrides::parse(
        &std::fs::read_to_string(root.join(elevenlabs_codegen::layout::LAYOUT.overrides)).expect("overrides"),
    )
    .expect("valid overrides");
    let options = Options::default();
    c.bench_function("normalize fragment", |b| b.iter(|| normalize(&fragment).unwrap()));
    c.bench_function("generate models and client", |b| b.iter(|| generate(&fragment, &overrides, &options).unwrap()));

    // Baseline: progenitor alone, once, on the same normalized fragment, pretty-printed.
    let spec: openapiv3::OpenAPI = serde_json::from_value(normalize(&fragment).unwrap()).unwrap();
    c.bench_function("baseline: plain progenitor + prettyplease", |b| {
        b.iter(|| {
            let mut generator = progenitor::Generator::new(&progenitor::GenerationSettings::default());
            let tokens = generator.generate_tokens(&spec).unwrap();
            prettyplease::unparse(&syn::parse2(tokens).unwrap())
        })
    });
}

/// The newest upstream document, every operation: vendor (parse, extract, provenance) and
/// generate, against plain progenitor + prettyplease on the same prepared document.
fn whole_document(c: &mut Criterion) {
    let name = "elevenlabs-openapi-2026-08-22.json";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/upstream").join(name);
    let bytes = std::fs::read(&path).expect("the upstream document is in tests/data");
    let options = Options::default();
    let overrides = Overrides::default();
    let mut group = c.benchmark_group("whole document");
    group.sample_size(10);
    group.bench_function("vendor every operation and generate", |b| {
        b.iter(|| {
            let vendored = vendor(name, &bytes, &Selection::All, "2026-11-25").unwrap();
            generate(&vendored.fragment, &overrides, &options).unwrap()
        })
    });
    let vendored = vendor(name, &bytes, &Selection::All, "2026-11-25").unwrap();
    let prepared = prepare(&vendored.fragment, &overrides).unwrap();
    let spec: openapiv3::OpenAPI = serde_json::from_value(prepared.document).unwrap();
    group.bench_function("baseline: plain progenitor + prettyplease on the prepared document", |b| {
        b.iter(|| {
            let mut generator = progenitor::Generator::new(&progenitor::GenerationSettings::default());
            let tokens = generator.generate_tokens(&spec).unwrap();
            prettyplease::unparse(&syn::parse2(tokens).unwrap())
        })
    });
    group.finish();
}

/// `schema-diff`'s work with the verdict from the generated Rust: the wire diff, both
/// crates generated, their public APIs compared. Goals: a fragment pair under 50 ms; the
/// two full upstream documents under 1 s.
fn schema_diff_with_rust_verdict(c: &mut Criterion) {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data");
    let load = |path: &str| load_path(&data.join(path)).expect("a document in tests/data").value;
    let overrides = Overrides::default();
    let options = Options::default();
    let verdict = |base: &serde_json::Value, head: &serde_json::Value| {
        let wire = elevenlabs_spec::diff_documents(base, head).unwrap();
        let comparison = Comparison::new(base, head, &overrides, &options).unwrap();
        let api = comparison.api();
        elevenlabs_spec::Report::new("base", "head", wire).with_api_changes(api.changes.clone(), |c| api.wire_bump(c))
    };
    let mut group = c.benchmark_group("schema-diff with the Rust verdict");
    group.sample_size(10);
    let (base, head) =
        (load("spec-history/docs_2025-04-02_73493750.json"), load("spec-history/docs_2025-06-04_05947299.json"));
    group.bench_function("fragment pair", |b| b.iter(|| verdict(&base, &head)));
    group.bench_function("baseline: wire diff alone, fragment pair", |b| {
        b.iter(|| elevenlabs_spec::diff_documents(&base, &head).unwrap())
    });
    let (base, head) =
        (load("upstream/elevenlabs-openapi-2026-04-25.json"), load("upstream/elevenlabs-openapi-2026-08-22.json"));
    group.bench_function("full upstream documents", |b| b.iter(|| verdict(&base, &head)));
    group.finish();
}

criterion_group!(benches, codegen, whole_document, schema_diff_with_rust_verdict);
criterion_main!(benches);
