//! Decoding then encoding any payload valid under the vendored fragment gives back the
//! same JSON value, still valid under the fragment: explicit `null` stays `null`, absent
//! stays absent, defaults the server omitted stay omitted, unknown enum values and unknown
//! fields are kept. Payloads are generated from the fragment's own schema and checked with
//! an independent JSON Schema validator.

use elevenlabs_user_models::UserResponseModel;
use elevenlabs_user_tests::{seed_example, vendored_inputs};
use proptest::prelude::*;
use proptest::strategy::Union;
use serde_json::{json, Map, Value};

/// The fragment after overrides, as codegen reads it.
fn fragment() -> Value {
    let (mut fragment, overrides) = vendored_inputs();
    overrides.apply(&mut fragment);
    fragment
}

/// A validator for `UserResponseModel` under the fragment's own (OpenAPI 3.1) schemas.
fn validator(fragment: &Value) -> jsonschema::Validator {
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": "#/components/schemas/UserResponseModel",
        "components": fragment["components"],
    });
    jsonschema::validator_for(&schema).expect("the fragment's schemas compile")
}

/// Values valid under `schema`; with `unknown`, string enums may also take values the
/// schema does not list (the open enums' promise), and objects gain unknown fields.
fn values(schema: &Value, components: &Value, unknown: bool, depth: u32) -> BoxedStrategy<Value> {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.trim_start_matches("#/components/schemas/");
        return values(&components["schemas"][name], components, unknown, depth + 1);
    }
    for union in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(branches)) = schema.get(union) {
            let options: Vec<BoxedStrategy<Value>> =
                branches.iter().map(|b| values(b, components, unknown, depth + 1)).collect();
            return Union::new(options).boxed();
        }
    }
    if let Some(constant) = schema.get("const") {
        return Just(constant.clone()).boxed();
    }
    if let Some(Value::Array(known)) = schema.get("enum") {
        let known = prop::sample::select(known.clone());
        return if unknown {
            prop_oneof![3 => known, 1 => "[a-z_]{1,12}".prop_map(|s| Value::String(format!("new_{s}")))].boxed()
        } else {
            known.boxed()
        };
    }
    let types: Vec<String> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(ts)) => ts.iter().filter_map(|t| t.as_str().map(str::to_string)).collect(),
        _ => vec!["string".into()],
    };
    let options: Vec<BoxedStrategy<Value>> = types
        .iter()
        .map(|kind| match kind.as_str() {
            "null" => Just(Value::Null).boxed(),
            "boolean" => any::<bool>().prop_map(Value::Bool).boxed(),
            "integer" => any::<i64>().prop_map(Value::from).boxed(),
            // Quarters are exact in binary, so the number itself round-trips.
            "number" => any::<i32>().prop_map(|n| json!(f64::from(n) / 4.0)).boxed(),
            "array" if depth < 6 => {
                prop::collection::vec(values(&schema["items"], components, unknown, depth + 1), 0..3)
                    .prop_map(Value::Array)
                    .boxed()
            }
            "object" if depth < 6 => objects(schema, components, unknown, depth),
            _ => "\\PC{0,16}".prop_map(Value::String).boxed(),
        })
        .collect();
    Union::new(options).boxed()
}

/// Required properties always, each optional one present or absent, and with `unknown`
/// sometimes a field from the future.
fn objects(schema: &Value, components: &Value, unknown: bool, depth: u32) -> BoxedStrategy<Value> {
    let required: Vec<&str> = schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    let mut fields: Vec<BoxedStrategy<Option<(String, Value)>>> = Vec::new();
    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
        let name = name.clone();
        let value = values(property, components, unknown, depth + 1);
        fields.push(if required.contains(&name.as_str()) {
            value.prop_map(move |v| Some((name.clone(), v))).boxed()
        } else {
            prop::option::of(value.prop_map(move |v| (name.clone(), v))).boxed()
        });
    }
    let open = schema.get("additionalProperties") != Some(&Value::Bool(false));
    if unknown && open {
        fields
            .push(prop::option::of(Just(("field_from_the_future".to_string(), json!({"nested": [1, null]})))).boxed());
    }
    fields.prop_map(|fields| Value::Object(fields.into_iter().flatten().collect::<Map<_, _>>())).boxed()
}

fn round_trip(payload: &Value) -> Value {
    let user: UserResponseModel = serde_json::from_value(payload.clone()).expect("a valid payload decodes");
    serde_json::to_value(&user).expect("the models encode")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn valid_payloads_come_back_identical_and_valid(payload in values(
        &json!({"$ref": "#/components/schemas/UserResponseModel"}), &fragment()["components"], false, 0,
    )) {
        let validator = validator(&fragment());
        prop_assert!(validator.is_valid(&payload), "the generator made an invalid payload: {payload}");
        let back = round_trip(&payload);
        prop_assert_eq!(&back, &payload);
        prop_assert!(validator.is_valid(&back));
    }

    #[test]
    fn unknown_values_and_fields_come_back_identical(payload in values(
        &json!({"$ref": "#/components/schemas/UserResponseModel"}), &fragment()["components"], true, 0,
    )) {
        prop_assert_eq!(round_trip(&payload), payload);
    }
}

#[test]
fn explicit_null_and_absence_are_kept_apart() {
    let validator = validator(&fragment());
    let mut payload = seed_example();
    let subscription = payload["subscription"].as_object_mut().unwrap();
    subscription.insert("max_character_limit_extension".into(), Value::Null);
    subscription.insert("currency".into(), Value::Null);
    subscription.remove("billing_period");
    let user = payload.as_object_mut().unwrap();
    user.remove("is_api_key_hashed");
    user.insert("first_name".into(), Value::Null);
    assert!(validator.is_valid(&payload));
    let back = round_trip(&payload);
    assert_eq!(back, payload);
    assert!(validator.is_valid(&back));

    let decoded: UserResponseModel = serde_json::from_value(payload).unwrap();
    assert_eq!(decoded.first_name, Some(None), "null");
    assert_eq!(decoded.first_name(), None);
    assert_eq!(decoded.subscription.billing_period, None, "absent");
    assert_eq!(decoded.subscription.max_character_limit_extension, None);
    assert_eq!(decoded.is_api_key_hashed, None, "omitted by the server");
    assert!(!decoded.is_api_key_hashed(), "reads as the API's default");
}
