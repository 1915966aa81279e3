//! schema-diff on the vendored fragment against the previous published fragment, and on
//! the two full upstream documents, with parsing alone measured alongside as the floor.
//! Goals: under 20 ms for the fragments, under 1 s for the full documents.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};
use elevenlabs_spec::{diff_documents, parse_bytes};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: PathBuf) -> Vec<u8> {
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn diff(c: &mut Criterion) {
    let pairs = [
        (
            "fragment pair",
            read(root().join("tests/data/spec-history/docs_2025-08-20_6df62721.json")),
            read(root().join("openapi/v1-user.json")),
        ),
        (
            "full documents",
            read(root().join("tests/data/upstream/elevenlabs-openapi-2026-04-25.json")),
            read(root().join("tests/data/upstream/elevenlabs-openapi-2026-08-22.json")),
        ),
    ];
    let mut group = c.benchmark_group("schema-diff");
    group.sample_size(10);
    for (name, base, head) in &pairs {
        group.bench_function(format!("{name}: parse + diff"), |b| {
            b.iter(|| {
                let (base, head) = (parse_bytes(base).unwrap(), parse_bytes(head).unwrap());
                diff_documents(&base.value, &head.value).unwrap()
            })
        });
        group.bench_function(format!("{name}: baseline, parse only"), |b| {
            b.iter(|| (parse_bytes(base).unwrap(), parse_bytes(head).unwrap()))
        });
    }
    group.finish();
}

criterion_group!(benches, diff);
criterion_main!(benches);
