//! What a person would write by hand for the `GET /v1/user` response: a plain serde
//! struct with the same fields, no unknown-field map, no open enums. The decode and encode
//! baselines.

use serde::{Deserialize, Serialize};

/// The response, the fields the brief documents.
#[derive(Deserialize, Serialize)]
pub struct User {
    pub user_id: String,
    pub subscription: Subscription,
    pub is_new_user: bool,
    pub can_use_delayed_payment_methods: bool,
    pub is_onboarding_completed: bool,
    pub is_onboarding_checklist_completed: bool,
    #[serde(default)]
    pub show_compliance_terms: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default)]
    pub is_api_key_hashed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xi_api_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xi_api_key_preview: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referral_link_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partnerstack_partner_default_link: Option<String>,
    pub created_at: i64,
    pub seat_type: String,
}

/// The subscription, as plainly.
#[derive(Deserialize, Serialize)]
pub struct Subscription {
    pub tier: String,
    pub character_count: i64,
    pub character_limit: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_character_limit_extension: Option<i64>,
    pub max_credit_limit_extension: serde_json::Value,
    pub can_extend_character_limit: bool,
    pub allowed_to_extend_character_limit: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_character_count_reset_unix: Option<i64>,
    pub voice_slots_used: i64,
    pub professional_voice_slots_used: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub professional_voice_slots_used_in_workspace: Option<i64>,
    pub voice_limit: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_voice_add_edits: Option<i64>,
    pub voice_add_edit_counter: i64,
    pub professional_voice_limit: i64,
    pub can_extend_voice_limit: bool,
    pub can_use_instant_voice_cloning: bool,
    pub can_use_professional_voice_cloning: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    pub current_overage: Price,
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_period: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub character_refresh_period: Option<String>,
}

/// An amount in a currency.
#[derive(Deserialize, Serialize)]
pub struct Price {
    pub amount: String,
    pub currency: String,
}
