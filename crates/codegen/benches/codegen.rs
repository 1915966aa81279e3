//! Generation work in process, phase by phase, beside two baselines from the same run:
//! plain progenitor (default settings) and progenitor with ours (the builder interface and
//! `JsonSchema` on every type), each parsed and printed with prettyplease. The goal is
//! within 2x of plain progenitor; the phases say where the rest goes.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use elevenlabs_codegen::{generate, generate_then, prepare, Options};
use elevenlabs_spec::{load_path, vendor, Overrides, Selection};

/// The allocator `cargo xtask` runs on, so these figures are the command's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// progenitor once on `spec`, parsed and pretty-printed: the baselines' work. Its client
/// holds the types in a `types` module.
fn progenitor_printed(spec: &openapiv3::OpenAPI, settings: &progenitor::GenerationSettings) -> String {
    let mut generator = progenitor::Generator::new(settings);
    let tokens = generator.generate_tokens(spec).unwrap();
    prettyplease::unparse(&syn::parse2(tokens).unwrap())
}

/// The settings both of codegen's progenitor runs share.
fn our_settings() -> progenitor::GenerationSettings {
    elevenlabs_codegen::progenitor_settings()
}

fn codegen(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let fragment = load_path(&root.join("openapi/v1-user.json")).expect("the vendored fragment").value;
    let overrides = Overrides::parse(&std::fs::read_to_string(root.join("openapi/overrides.json")).expect("overrides"))
        .expect("valid overrides");
    let options = Options::default();
    let mut group = c.benchmark_group("fragment");
    group.bench_function("phase 1: prepare (overrides, normalize, JSON passes)", |b| {
        b.iter(|| prepare(&fragment, &overrides).unwrap())
    });
    group.bench_function("phases 1-3: prepare, generate, finish", |b| {
        b.iter(|| generate_then(&fragment, &overrides, &options, |_| (), |_| ()).unwrap())
    });
    group.bench_function("phases 1-4: generate models and client (prepare to render)", |b| {
        b.iter(|| generate(&fragment, &overrides, &options).unwrap())
    });
    // Baselines: progenitor alone, once, on the same prepared document, pretty-printed.
    let spec: openapiv3::OpenAPI = serde_json::from_value(prepare(&fragment, &overrides).unwrap().document).unwrap();
    group.bench_function("baseline: plain progenitor + prettyplease", |b| {
        b.iter(|| progenitor_printed(&spec, &progenitor::GenerationSettings::default()))
    });
    group.bench_function("baseline: progenitor with our settings + prettyplease", |b| {
        b.iter(|| progenitor_printed(&spec, &our_settings()))
    });
    group.finish();
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
        b.iter(|| progenitor_printed(&spec, &progenitor::GenerationSettings::default()))
    });
    group.bench_function("baseline: progenitor with our settings + prettyplease on the prepared document", |b| {
        b.iter(|| progenitor_printed(&spec, &our_settings()))
    });
    group.finish();
}

criterion_group!(benches, codegen, whole_document);
criterion_main!(benches);
