//! Instruction counts (callgrind) of codegen on the vendored fragment, all four phases,
//! against plain progenitor + prettyplease on the same prepared document, in one run.
//! The goal is within 2× (the generator's); see docs/performance.md for why it is not met.
//! `cargo bench -p elevenlabs-codegen --bench instructions`.

use std::path::Path;
use std::process::ExitCode;
use std::sync::OnceLock;

use elevenlabs_bench::callgrind::{self, Comparison, Threads, Workload};
use elevenlabs_codegen::{generate, prepare, Options};
use elevenlabs_spec::{load_path, Overrides};

/// The vendored fragment and its overrides, read once.
fn inputs() -> &'static (serde_json::Value, Overrides) {
    static INPUTS: OnceLock<(serde_json::Value, Overrides)> = OnceLock::new();
    INPUTS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let fragment = load_path(&root.join("openapi/v1-user.json")).expect("the vendored fragment").value;
        let text = std::fs::read_to_string(root.join("openapi/overrides.json")).expect("overrides");
        (fragment, Overrides::parse(&text).expect("valid overrides"))
    })
}

fn ours(n: u64) {
    let (fragment, overrides) = inputs();
    for _ in 0..n {
        std::hint::black_box(generate(fragment, overrides, &Options::default()).unwrap());
    }
}

fn plain_progenitor(n: u64) {
    let (fragment, overrides) = inputs();
    let spec: openapiv3::OpenAPI = serde_json::from_value(prepare(fragment, overrides).unwrap().document).unwrap();
    for _ in 0..n {
        let mut generator = progenitor::Generator::new(&progenitor::GenerationSettings::default());
        let tokens = generator.generate_tokens(&spec).unwrap();
        std::hint::black_box(prettyplease::unparse(&syn::parse2(tokens).unwrap()));
    }
}

fn main() -> ExitCode {
    callgrind::main(&[Comparison {
        name: "codegen of the fragment (prepare to render)",
        ours: Workload { name: "codegen-ours", run: ours },
        baseline: Workload { name: "codegen-plain-progenitor", run: plain_progenitor },
        goal: 2.0,
        // Not gated in CI: the goal is known unmet (docs/performance.md), and the release
        // build of the generator would double `.ci/run`'s instruction-count step.
        ceiling: f64::INFINITY,
        threads: Threads::All,
        iterations: (1, 3),
    }])
}
