//! Hand-written helpers over the generated types: what users compute from a response.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::{MaxCreditLimitExtension, SubscriptionResponseModel, UserResponseModel};

impl SubscriptionResponseModel {
    /// Characters left in the current period; never negative, even in overage.
    pub fn characters_remaining(&self) -> i64 {
        self.character_limit.saturating_sub(self.character_count).max(0)
    }

    /// The share of the character limit used, such as `0.17`; above 1.0 in overage.
    /// `None` when the limit is zero.
    pub fn usage_ratio(&self) -> Option<f64> {
        (self.character_limit > 0).then(|| self.character_count as f64 / self.character_limit as f64)
    }

    /// When the character count next resets, if the API says.
    pub fn next_reset(&self) -> Option<SystemTime> {
        self.next_character_count_reset_unix().copied().and_then(unix_time)
    }
}

impl MaxCreditLimitExtension {
    /// Whether usage beyond the limit has no cap.
    pub fn is_unlimited(&self) -> bool {
        matches!(self, Self::Unlimited)
    }

    /// The credits usage may exceed the limit by; `Some(0)` means usage-based billing is
    /// off. `None` when unlimited, or when the API sent a form this crate does not know.
    pub fn credits(&self) -> Option<i64> {
        match self {
            Self::Integer(credits) => Some(*credits),
            _ => None,
        }
    }
}

impl UserResponseModel {
    /// When the account was created; `None` for accounts older than the field (sent as 0).
    pub fn created_at_time(&self) -> Option<SystemTime> {
        (self.created_at > 0).then_some(self.created_at).and_then(unix_time)
    }
}

fn unix_time(seconds: i64) -> Option<SystemTime> {
    UNIX_EPOCH.checked_add(Duration::from_secs(u64::try_from(seconds).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> UserResponseModel {
        serde_json::from_str(include_str!("../data/example-account.json")).unwrap()
    }

    #[test]
    fn quota_helpers_on_the_seed_example() {
        let user = seed();
        let subscription = &user.subscription;
        assert_eq!(subscription.characters_remaining(), 100_000 - 17_231);
        assert_eq!(subscription.usage_ratio(), Some(0.17231));
        assert_eq!(subscription.next_reset(), Some(UNIX_EPOCH + Duration::from_secs(1_738_356_858)));
        assert_eq!(subscription.max_credit_limit_extension.credits(), Some(10_000));
        assert!(!subscription.max_credit_limit_extension.is_unlimited());
        assert_eq!(user.created_at_time(), Some(UNIX_EPOCH + Duration::from_secs(1_753_999_199)));
    }

    #[test]
    fn edges() {
        let mut subscription = seed().subscription;
        subscription.character_count = 120_000;
        assert_eq!(subscription.characters_remaining(), 0);
        subscription.character_limit = 0;
        assert_eq!(subscription.usage_ratio(), None);
        subscription.next_character_count_reset_unix = Some(Some(-5));
        assert_eq!(subscription.next_reset(), None);
        assert!(MaxCreditLimitExtension::Unlimited.is_unlimited());
        assert_eq!(MaxCreditLimitExtension::Unlimited.credits(), None);
        let mut user = seed();
        user.created_at = 0;
        assert_eq!(user.created_at_time(), None);
    }
}
