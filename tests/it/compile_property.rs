//! The generated-crate compile property: many small documents drawn from the grammar of
//! hostile names (`elevenlabs_user_tests::grammar`), each generated, all compiled together
//! in one scratch crate under `#![deny(warnings)]`, and each round-trips a payload drawn
//! from its schema, which no catch-all (`Unknown`) may hold. `GRAMMAR_CASES` sets how many
//! (64 by default, which `.ci/run` runs; try 500 locally), and `GRAMMAR_SKIP` how many drawn
//! documents to pass over first, to explore past the ones earlier runs tried. Cases are drawn
//! by proptest's deterministic runner, so a run is reproducible; a failing case prints its
//! document.

use arbitrary::Unstructured;
use elevenlabs_scratch::{build_and_run, case_models_path, write_cases_crate, ScratchCase};
use elevenlabs_user_tests::{grammar, scratch_client_options, scratch_dependencies, workspace_root};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

#[test]
#[ignore = "builds a scratch crate of generated code; .ci/run runs it"]
fn documents_from_the_grammar_generate_compile_and_round_trip() {
    let setting = |name: &str, default: usize| -> usize {
        std::env::var(name).ok().map_or(default, |n| n.parse().unwrap_or_else(|_| panic!("{name}={n} is not a count")))
    };
    let count = setting("GRAMMAR_CASES", 64);
    let mut skip = setting("GRAMMAR_SKIP", 0);
    let mut runner = TestRunner::deterministic();
    let bytes = proptest::collection::vec(proptest::arbitrary::any::<u8>(), 32..2048);
    let mut cases = Vec::new();
    let mut documents = Vec::new();
    while cases.len() < count {
        let input = bytes.new_tree(&mut runner).expect("a byte string").current();
        let Ok(case) = grammar::document(&mut Unstructured::new(&input)) else { continue };
        if skip > 0 {
            skip -= 1;
            continue;
        }
        let index = cases.len();
        let module = format!("case_{index}");
        let options =
            elevenlabs_codegen::Options { models_path: case_models_path(&module), ..scratch_client_options() };
        let generated =
            elevenlabs_codegen::generate(&case.document, &Default::default(), &options).unwrap_or_else(|e| {
                panic!("case_{index} does not generate: {e}\n{}", serde_json::to_string_pretty(&case.document).unwrap())
            });
        documents.push(case.document);
        cases.push(ScratchCase {
            module,
            models: generated.models,
            client: generated.client,
            payloads: vec![case.payload],
        });
    }
    let manifest =
        write_cases_crate(&workspace_root().join("target/all-documents/grammar"), &cases, &scratch_dependencies())
            .unwrap();
    match build_and_run(&manifest, &crate::scratch_target_dir()) {
        Ok(report) => {
            assert_eq!(report.matches("round trip ok").count(), count, "{report}");
            // Each payload conforms to its schema, so no union or enum may keep it in a
            // catch-all: a value there is a member the generated type lost. A component
            // named like the catch-all (`unknown`) prints as it does, and is not looked at.
            let index_of = |line: &str| line.strip_prefix("case_").and_then(case_number);
            let names_a_component_unknown = |index: usize| {
                let schemas = documents[index].pointer("/components/schemas").and_then(serde_json::Value::as_object);
                schemas.into_iter().flat_map(|s| s.keys()).any(|name| name.eq_ignore_ascii_case("unknown"))
            };
            let caught: Vec<&str> = report
                .lines()
                .filter(|l| l.contains(" decoded: ") && l.contains("Unknown("))
                .filter(|l| index_of(l).is_some_and(|index| !names_a_component_unknown(index)))
                .collect();
            if let Some(first) = caught.first() {
                let index = index_of(first).unwrap_or_default();
                let document = serde_json::to_string_pretty(&documents[index]).unwrap();
                panic!(
                    "{} conforming payloads decoded into a catch-all, the first:\n{first}\n{document}",
                    caught.len()
                );
            }
        }
        Err(errors) => {
            // Compiler errors name a case's file (`case_7_models.rs`); the program names a
            // case whose round trip failed (`case_7 payload 0: FAILED`).
            let failing: std::collections::BTreeSet<usize> = errors
                .lines()
                .filter(|line| line.contains(".rs:") || line.contains(": FAILED"))
                .flat_map(|line| line.match_indices("case_").map(move |(at, _)| &line[at + 5..]))
                .filter_map(case_number)
                .collect();
            for index in failing.iter().take(3) {
                eprintln!("case_{index}:\n{}", serde_json::to_string_pretty(&documents[*index]).unwrap());
            }
            panic!("the generated cases failed ({} of {count}: {failing:?}):\n{errors}", failing.len());
        }
    }
}

/// The number of a case, from the text after its `case_`: `7_models.rs` is case 7.
fn case_number(after_prefix: &str) -> Option<usize> {
    after_prefix.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}
