//! schema-diff in process, each figure beside its baseline from the same run: the wire
//! diff alone, and the whole comparison with the Rust verdict (both documents generated
//! over `GET /v1/user`, their public APIs compared, every change linked to its cause).
//! Goals: a fragment pair with the Rust verdict under 20 ms; the two full upstream
//! documents under 1 s.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};
use elevenlabs_schema_diff::{compare, diff_documents, Named, OperationSet, Options};
use elevenlabs_spec::parse_bytes;

/// The allocator `cargo xtask` runs on, so these figures are the command's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data").join(path)
}

fn read(path: PathBuf) -> Vec<u8> {
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn schema_diff(c: &mut Criterion) {
    let pairs = [
        (
            "fragment pair",
            read(data("spec-history/docs_2025-04-02_73493750.json")),
            read(data("spec-history/docs_2025-06-04_05947299.json")),
        ),
        (
            "full documents",
            read(data("upstream/elevenlabs-openapi-2026-04-25.json")),
            read(data("upstream/elevenlabs-openapi-2026-08-22.json")),
        ),
    ];
    let options =
        Options { operations: OperationSet::Recorded(vec!["GET /v1/user".parse().unwrap()]), ..Options::default() };
    let mut group = c.benchmark_group("schema-diff");
    group.sample_size(10);
    for (name, base, head) in &pairs {
        let (base, head) = (parse_bytes(base).unwrap().value, parse_bytes(head).unwrap().value);
        let named = |document| Named { name: "document", document };
        group.bench_function(format!("{name}: with the Rust verdict"), |b| {
            b.iter(|| compare(named(&base), named(&head), &options).unwrap())
        });
        group.bench_function(format!("{name}: baseline, wire diff alone"), |b| {
            b.iter(|| diff_documents(&base, &head).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, schema_diff);
criterion_main!(benches);
