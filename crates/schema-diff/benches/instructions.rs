//! Instruction counts (callgrind) of schema-diff with the Rust verdict on the fragment
//! pair of the criterion bench (`compare.rs`), against the generation no Rust verdict can
//! skip: plain progenitor over both prepared documents, in one run. Wall time on this
//! machine wanders by a third from hour to hour; these counts repeat, so each step of
//! docs/performance.md's list is measured here.
//! `cargo bench -p elevenlabs-schema-diff --bench instructions`.

use std::path::Path;
use std::process::ExitCode;
use std::sync::OnceLock;

use elevenlabs_bench::callgrind::{self, Comparison, Threads, Workload};
use elevenlabs_codegen::prepare;
use elevenlabs_schema_diff::{compare, Named, OperationSet, Options};
use elevenlabs_spec::{parse_bytes, Overrides};
use serde_json::Value;

/// The allocator `cargo xtask` runs on, so these counts are the command's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// BASE and HEAD of the fragment pair, read once.
fn pair() -> &'static (Value, Value) {
    static PAIR: OnceLock<(Value, Value)> = OnceLock::new();
    PAIR.get_or_init(|| {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/spec-history");
        let read = |name: &str| {
            let bytes = std::fs::read(data.join(name)).expect("a fragment of tests/data/spec-history");
            parse_bytes(&bytes).expect("a JSON document").value
        };
        (read("docs_2025-04-02_73493750.json"), read("docs_2025-06-04_05947299.json"))
    })
}

fn ours(n: u64) {
    let (base, head) = pair();
    let options =
        Options { operations: OperationSet::Recorded(vec!["GET /v1/user".parse().unwrap()]), ..Options::default() };
    let named = |document| Named { name: "document", document };
    for _ in 0..n {
        std::hint::black_box(compare(named(base), named(head), &options).unwrap());
    }
}

fn plain_progenitor_both_sides(n: u64) {
    let (base, head) = pair();
    let spec = |document: &Value| -> openapiv3::OpenAPI {
        serde_json::from_value(prepare(document, &Overrides::default()).unwrap().document).unwrap()
    };
    let sides = [spec(base), spec(head)];
    for _ in 0..n {
        for side in &sides {
            let mut generator = progenitor::Generator::new(&progenitor::GenerationSettings::default());
            std::hint::black_box(generator.generate_tokens(side).unwrap());
        }
    }
}

fn main() -> ExitCode {
    callgrind::main(&[Comparison {
        name: "schema-diff with the Rust verdict, fragment pair",
        ours: Workload { name: "schema-diff-ours", run: ours },
        baseline: Workload { name: "schema-diff-plain-progenitor-both-sides", run: plain_progenitor_both_sides },
        // The generator's own goal (codegen's `instructions` bench), for the two sides and
        // the diff together.
        goal: 2.0,
        // Not gated in CI, as codegen's: the release build would lengthen `.ci/run`.
        ceiling: f64::INFINITY,
        threads: Threads::All,
        iterations: (1, 3),
    }])
}
