//! Snapshots of what generation produces, so a generator upgrade or a spec change shows
//! up as a reviewable diff (`cargo insta review`). CI never accepts snapshots.
//!
//! The full generated sources have one golden copy, the committed `generated.rs` files
//! (checked by `cargo xtask codegen --check` and `tests/it/codegen.rs`); here is their public
//! API, one item per line, which is what a drift in the generated types changes.

use elevenlabs_codegen::api::public_api;
use elevenlabs_codegen::{generate, Options};
use elevenlabs_user_models::UserResponseModel;
use elevenlabs_user_tests::{seed_example, vendored_inputs};

fn generated() -> elevenlabs_codegen::Generated {
    let (fragment, overrides) = vendored_inputs();
    generate(&fragment, &overrides, &Options::default()).unwrap()
}

#[test]
fn public_api_of_the_generated_crates() {
    let generated = generated();
    insta::assert_snapshot!("models_api", public_api(&generated.models).unwrap());
    insta::assert_snapshot!("client_api", public_api(&generated.client).unwrap());
}

/// The whole public face of each published crate, hand-written and generated parts
/// together, as a user names it: a change to it shows here in review, and
/// `cargo xtask release` versions by the generated part.
#[test]
fn public_api_of_the_published_crates() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    for (name, crate_dir) in [("client_crate_api", "crates/client"), ("models_crate_api", "crates/models")] {
        let api = elevenlabs_codegen::api::crate_api(&root.join(crate_dir).join("src/lib.rs")).unwrap();
        insta::assert_snapshot!(name, api);
    }
}

#[test]
fn json_schema_of_the_models() {
    insta::assert_json_snapshot!("models_json_schema", schemars::schema_for!(UserResponseModel));
}

#[test]
fn seed_example_deserialized_and_serialized_again() {
    let user: UserResponseModel = serde_json::from_value(seed_example()).unwrap();
    insta::assert_json_snapshot!("seed_round_trip", user);
}
