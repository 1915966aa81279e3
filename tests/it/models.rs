//! The generated models on the brief's example and on what the API may send tomorrow.

use elevenlabs_user_models::{SeatType, SubscriptionStatusType, UserResponseModel};
use elevenlabs_user_tests::{
    data_dir, example_from_brief, seed_example, with_unknown_fields, with_unknown_values, workspace_root,
    EXAMPLE_ACCOUNT_COPIES,
};
use serde_json::Value;

fn round_trip(value: &Value) -> (UserResponseModel, Value) {
    let user: UserResponseModel = serde_json::from_value(value.clone()).expect("the response deserializes");
    let back = serde_json::to_value(&user).expect("the model serializes");
    (user, back)
}

#[test]
fn every_copy_of_the_example_account_is_the_example_of_the_brief() {
    let brief = std::fs::read_to_string(data_dir().join("seed/000_0113c498a6511612.txt")).unwrap();
    let example = example_from_brief(&brief).expect("the brief has an example response");
    let first = std::fs::read(workspace_root().join(EXAMPLE_ACCOUNT_COPIES[0])).unwrap();
    for copy in EXAMPLE_ACCOUNT_COPIES {
        let bytes = std::fs::read(workspace_root().join(copy)).unwrap_or_else(|e| panic!("{copy}: {e}"));
        let value: Value = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{copy}: {e}"));
        assert_eq!(value, example, "{copy} is not the brief's example response");
        assert_eq!(bytes, first, "{copy} differs byte for byte from {}", EXAMPLE_ACCOUNT_COPIES[0]);
    }
}

#[test]
fn the_seed_example_round_trips_exactly() {
    let seed = seed_example();
    let (user, back) = round_trip(&seed);
    assert_eq!(back, seed);
    assert_eq!(user.user_id, "1234567890");
    assert_eq!(user.seat_type, SeatType::WorkspaceMember);
    assert_eq!(user.subscription.status, SubscriptionStatusType::Free);
    assert_eq!(user.subscription.character_limit, 100_000);
}

#[test]
fn unknown_enum_values_and_fields_are_kept_and_round_trip() {
    let pointers = [
        "/seat_type",
        "/subscription/status",
        "/subscription/currency",
        "/subscription/billing_period",
        "/subscription/character_refresh_period",
        "/subscription/current_overage/currency",
    ];
    let future = with_unknown_fields(with_unknown_values(seed_example(), &pointers));
    let (user, back) = round_trip(&future);
    assert_eq!(back, future);
    assert!(user.seat_type.is_unknown());
    assert_eq!(user.subscription.status.as_str(), "new_value_for_subscription_status");
    assert_eq!(user.extra["field_from_the_future"], future["field_from_the_future"]);
    assert!(user.subscription.current_overage.extra.contains_key("field_from_the_future"));
}

/// The models' own `Deserialize` (codegen's `deserialize_structs`) reads as serde's derive
/// did: the same errors, defaults and presence, from text as from a `Value`.
#[test]
fn the_models_read_as_serde_derive_did() {
    let seed = seed_example();
    let from_text = |value: &Value| serde_json::from_str::<UserResponseModel>(&value.to_string());
    let error = |value: &Value| from_text(value).err().map(|e| e.to_string()).unwrap_or_default();

    let mut missing = seed.clone();
    missing.as_object_mut().unwrap().remove("user_id");
    assert!(error(&missing).starts_with("missing field `user_id`"), "{}", error(&missing));

    let text = seed.to_string().replacen('{', "{\"created_at\": 1, ", 1);
    let duplicate = serde_json::from_str::<UserResponseModel>(&text).err().map(|e| e.to_string());
    assert!(duplicate.unwrap_or_default().starts_with("duplicate field `created_at`"));

    assert!(error(&Value::from(3)).contains("expected struct UserResponseModel"), "{}", error(&Value::from(3)));
    let mut wrong = seed.clone();
    wrong["subscription"]["character_count"] = Value::from("many");
    assert!(error(&wrong).contains("expected i64"), "{}", error(&wrong));

    // Absent, null and a value stay apart; an optional flag without a value reads as absent.
    let mut presence = seed.clone();
    presence.as_object_mut().unwrap().remove("first_name");
    presence["referral_link_code"] = Value::Null;
    presence.as_object_mut().unwrap().remove("is_api_key_hashed");
    for user in [from_text(&presence).unwrap(), serde_json::from_value(presence.clone()).unwrap()] {
        assert_eq!(user.first_name, None);
        assert_eq!(user.referral_link_code, Some(None));
        assert_eq!(user.is_api_key_hashed, None);
        assert_eq!(user.user_id, "1234567890");
    }

    // A name written with escapes is the same name.
    let escaped = seed.to_string().replacen("\"user_id\"", "\"user\\u005fid\"", 1);
    assert_eq!(serde_json::from_str::<UserResponseModel>(&escaped).unwrap().user_id, "1234567890");
}

#[test]
fn debug_never_prints_the_api_key() {
    let seed = seed_example();
    let key = seed["xi_api_key"].as_str().unwrap().to_string();
    let (user, back) = round_trip(&seed);
    assert_eq!(back["xi_api_key"], key.as_str(), "serialization keeps the key");
    for printed in [format!("{user:?}"), format!("{user:#?}")] {
        assert!(!printed.contains(&key), "{printed}");
        assert!(printed.contains("[redacted]"));
    }
    // A key that arrives under a name the models do not know is redacted too.
    let mut renamed = seed.clone();
    renamed["subscription"]["xi_api_key"] = Value::String(key.clone());
    let (user, _) = round_trip(&renamed);
    assert!(!format!("{user:?}").contains(&key));
    // And one nested in a field the models do not know, at any depth.
    let mut nested = seed.clone();
    nested["workspace"] = serde_json::json!({"members": [{"xi_api_key": key.clone()}]});
    let (user, back) = round_trip(&nested);
    assert_eq!(back["workspace"]["members"][0]["xi_api_key"], key.as_str());
    let printed = format!("{user:?}");
    assert!(!printed.contains(&key) && printed.contains("members"), "{printed}");
    // And one spelled as the workspace's new keys come back (`xi-api-key`), or in camel case.
    for spelling in ["xi-api-key", "xiApiKey"] {
        let mut spelled = seed.clone();
        spelled["workspace"] = serde_json::json!({spelling: key.clone()});
        let (user, _) = round_trip(&spelled);
        let printed = format!("{user:?}");
        assert!(!printed.contains(&key) && printed.contains(spelling), "{printed}");
    }
}

#[test]
fn values_can_be_built_outside_the_crate_despite_non_exhaustive() {
    use elevenlabs_user_models::{builder, Currency, Price};
    let price = Price::try_from(Price::builder().amount("12.50").currency(Currency::Eur)).unwrap();
    assert_eq!(serde_json::to_value(&price).unwrap(), serde_json::json!({"amount": "12.50", "currency": "eur"}));
    let missing = Price::try_from(builder::Price::default().amount("1")).unwrap_err();
    assert!(missing.to_string().contains("currency"), "{missing}");
    // A value from a response can be edited and rebuilt.
    let user: UserResponseModel = serde_json::from_value(seed_example()).unwrap();
    let edited = UserResponseModel::try_from(builder::UserResponseModel::from(user).user_id("mock-user")).unwrap();
    assert_eq!(edited.user_id, "mock-user");
    assert_eq!(Currency::from("pln"), Currency::Pln);
    assert_eq!("brl".parse::<Currency>().unwrap().to_string(), "brl");
}

#[test]
fn the_credit_limit_union_reads_every_form_and_keeps_unknown_ones() {
    use elevenlabs_user_models::MaxCreditLimitExtension;
    let read = |value: Value| -> MaxCreditLimitExtension { serde_json::from_value(value).unwrap() };
    assert_eq!(read(serde_json::json!(10_000)), MaxCreditLimitExtension::Integer(10_000));
    assert_eq!(read(serde_json::json!("unlimited")), MaxCreditLimitExtension::Unlimited);
    for future in [serde_json::json!("none"), serde_json::json!(2.5), serde_json::json!({"credits": 5})] {
        let union = read(future.clone());
        assert!(union.is_unknown(), "{future}");
        assert_eq!(serde_json::to_value(&union).unwrap(), future);
    }
    assert_eq!(read(serde_json::json!("none")).to_string(), "none");
    let mut seed = seed_example();
    seed["subscription"]["max_credit_limit_extension"] = serde_json::json!("per_workspace");
    let (user, back) = round_trip(&seed);
    assert_eq!(back, seed);
    assert_eq!(user.subscription.max_credit_limit_extension.credits(), None);
}

#[test]
fn open_enums_compare_and_order_by_wire_value_not_declaration() {
    let mut statuses = [
        SubscriptionStatusType::Trialing,
        SubscriptionStatusType::Unknown("canceled".into()),
        SubscriptionStatusType::Active,
        SubscriptionStatusType::PastDue,
    ];
    statuses.sort();
    let wire: Vec<&str> = statuses.iter().map(SubscriptionStatusType::as_str).collect();
    assert_eq!(wire, ["active", "canceled", "past_due", "trialing"], "a value inserted upstream reorders nothing");
    assert_eq!(SubscriptionStatusType::Unknown("active".into()), SubscriptionStatusType::Active);
    let set: std::collections::HashSet<_> =
        [SubscriptionStatusType::Active, SubscriptionStatusType::Unknown("active".into())].into_iter().collect();
    assert_eq!(set.len(), 1, "hash agrees with equality");
}
