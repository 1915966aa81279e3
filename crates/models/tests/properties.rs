//! The models' deserializers (open enums, kept unknown fields, the credit-limit union)
//! never panic, and whatever they accept they write back unchanged. `cargo test` runs a
//! bounded number of cases; set `PROPTEST_CASES` for more.

use elevenlabs_user_models::{MaxCreditLimitExtension, SeatType, SubscriptionStatusType, UserResponseModel};
use proptest::prelude::*;
use serde_json::Value;

fn seed() -> Value {
    serde_json::from_str(include_str!("../data/example-account.json")).unwrap()
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        ".{0,8}".prop_map(Value::String),
        Just(Value::String("unlimited".into())),
    ];
    leaf.prop_recursive(4, 32, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every JSON pointer to a value inside `value`.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(object) => object.iter().for_each(|(k, v)| pointers(v, format!("{at}/{k}"), out)),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| pointers(v, format!("{at}/{i}"), out)),
        _ => {}
    }
    out.push(at);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_never_panics(value in arbitrary_json()) {
        let _ = serde_json::from_value::<UserResponseModel>(value.clone());
        let _ = serde_json::from_value::<MaxCreditLimitExtension>(value.clone());
        let _ = serde_json::from_value::<SeatType>(value.clone());
        let _ = serde_json::from_value::<SubscriptionStatusType>(value);
    }

    #[test]
    fn the_seed_with_any_value_replaced_never_panics_and_round_trips_when_accepted(
        index in any::<prop::sample::Index>(),
        replacement in arbitrary_json(),
    ) {
        let mut document = seed();
        let mut all = Vec::new();
        pointers(&document, String::new(), &mut all);
        let pointer = index.get(&all).clone();
        if pointer.is_empty() {
            document = replacement;
        } else {
            *document.pointer_mut(&pointer).unwrap() = replacement;
        }
        if let Ok(user) = serde_json::from_value::<UserResponseModel>(document.clone()) {
            let back = serde_json::to_value(&user).unwrap();
            // Absent and null read alike for nullable fields and are written as absent.
            let mut expected = document.clone();
            strip_nulls_known_to_be_optional(&mut expected, &back);
            prop_assert_eq!(back, expected);
        }
    }

    #[test]
    fn open_enums_round_trip_any_string(value in ".{0,16}") {
        let status: SubscriptionStatusType = serde_json::from_value(Value::String(value.clone())).unwrap();
        prop_assert_eq!(status.as_str(), value.as_str());
        prop_assert_eq!(serde_json::to_value(&status).unwrap(), Value::String(value.clone()));
        prop_assert_eq!(value.parse::<SubscriptionStatusType>().unwrap(), status);
    }
}

/// Drops `null` members of `expected` that `actual` omits: the models write `None` as absent.
fn strip_nulls_known_to_be_optional(expected: &mut Value, actual: &Value) {
    if let (Value::Object(expected), Value::Object(actual)) = (expected, actual) {
        expected.retain(|key, value| !value.is_null() || actual.contains_key(key));
        for (key, value) in expected.iter_mut() {
            if let Some(actual) = actual.get(key) {
                strip_nulls_known_to_be_optional(value, actual);
            }
        }
    }
}
