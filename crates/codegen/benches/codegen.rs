//! Generation work for the vendored fragment, in process: normalize, typify, progenitor,
//! post-processing and formatting. Goal: under 50 ms for everything.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use elevenlabs_codegen::{generate, Options};
use elevenlabs_spec::{load_path, normalize, Overrides};

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

criterion_group!(benches, codegen);
criterion_main!(benches);
