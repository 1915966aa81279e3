//! Generation work in process: normalize, typify, progenitor, post-processing and
//! formatting. Goals: under 50 ms for the vendored fragment; under 1 s for a whole
//! upstream document (every operation) vendored and generated.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use elevenlabs_codegen::{generate, prepare, Options};
use elevenlabs_spec::{load_path, normalize, vendor, Overrides, Selection};

fn codegen(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let fragment = load_path(&root.join("openapi/v1-user.json")).expect("the vendored fragment").value;
    let overrides = Overrides::parse(&std::fs::read_to_string(root.join("openapi/overrides.json")).expect("overrides"))
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

criterion_group!(benches, codegen, whole_document);
criterion_main!(benches);
