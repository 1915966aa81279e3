//! The kinds of change to a generated crate's public Rust API, once: what each means, the
//! bump it needs by the Cargo book's SemVer rules, the Keep a Changelog section it goes
//! under, and whether cargo-semver-checks has a lint that sees it. `rust/diff.rs` reads
//! the bumps, the changelog renderer the sections, and the documentation's table comes
//! from here ([`api_kinds_table`]).

use schemars::JsonSchema;
use serde::Serialize;

use crate::semver::Semver;

/// The bump an API change needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiBump {
    Fixed(Semver),
    /// `minor` on a `#[non_exhaustive]` type, `major` on an exhaustive one (struct
    /// literals and exhaustive matches break).
    MinorIfNonExhaustive,
}

/// Keep a Changelog's sections, in the order a release entry lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    Removed,
    Changed,
    Deprecated,
    Added,
}

impl Section {
    pub const ALL: [Section; 4] = [Section::Removed, Section::Changed, Section::Deprecated, Section::Added];

    pub fn title(self) -> &'static str {
        match self {
            Section::Removed => "Removed",
            Section::Changed => "Changed",
            Section::Deprecated => "Deprecated",
            Section::Added => "Added",
        }
    }
}

/// One API change kind's rule.
#[derive(Debug)]
pub struct ApiRule {
    pub kind: ApiChangeKind,
    pub id: &'static str,
    pub meaning: &'static str,
    pub bump: ApiBump,
    pub section: Section,
    /// Whether cargo-semver-checks has a lint for it; where it has none, schema-diff's
    /// report is the only evidence.
    pub seen_by_semver_checks: bool,
}

macro_rules! api_kinds {
    ($( $kind:ident = $id:literal {
        meaning: $meaning:literal,
        bump: $bump:expr,
        section: $section:ident,
        seen_by_semver_checks: $seen:literal $(,)?
    } )*) => {
        /// What changed in a generated crate's public API: one kind per rule of [`API_RULES`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ApiChangeKind { $($kind,)* }

        /// Every rule, in [`ApiChangeKind`]'s order.
        pub static API_RULES: &[ApiRule] = &[$(ApiRule {
            kind: ApiChangeKind::$kind,
            id: $id,
            meaning: $meaning,
            bump: $bump,
            section: Section::$section,
            seen_by_semver_checks: $seen,
        },)*];

        impl ApiChangeKind {
            pub const ALL: &'static [ApiChangeKind] = &[$(ApiChangeKind::$kind,)*];
        }
    };
}

use ApiBump::{Fixed, MinorIfNonExhaustive};

api_kinds! {
    TypeRemoved = "type-removed" {
        meaning: "a type is gone", bump: Fixed(Semver::Major), section: Removed, seen_by_semver_checks: true,
    }
    TypeRenamed = "type-renamed" {
        meaning: "a type has a new name with mostly the same members (typify named it from where its schema now is)",
        bump: Fixed(Semver::Major), section: Changed, seen_by_semver_checks: true,
    }
    TypeAdded = "type-added" {
        meaning: "a type appeared", bump: Fixed(Semver::Minor), section: Added, seen_by_semver_checks: false,
    }
    FieldRemoved = "field-removed" {
        meaning: "a public field is gone", bump: Fixed(Semver::Major), section: Removed, seen_by_semver_checks: true,
    }
    FieldAdded = "field-added" {
        meaning: "a public field appeared", bump: MinorIfNonExhaustive, section: Added, seen_by_semver_checks: true,
    }
    FieldTypeChanged = "field-type-changed" {
        meaning: "a public field's type changed", bump: Fixed(Semver::Major), section: Changed, seen_by_semver_checks: false,
    }
    FieldPropertyChanged = "field-property-changed" {
        meaning: "a public field now reads and writes another JSON property (the generator moved its name to a property that clashes with the old one): code still compiles, and gets other data",
        bump: Fixed(Semver::Major), section: Changed, seen_by_semver_checks: false,
    }
    VariantRemoved = "variant-removed" {
        meaning: "an enum variant is gone", bump: Fixed(Semver::Major), section: Removed, seen_by_semver_checks: true,
    }
    VariantAdded = "variant-added" {
        meaning: "an enum variant appeared", bump: MinorIfNonExhaustive, section: Added, seen_by_semver_checks: true,
    }
    VariantChanged = "variant-changed" {
        meaning: "an enum variant's fields changed", bump: Fixed(Semver::Major), section: Changed, seen_by_semver_checks: false,
    }
    MethodRemoved = "method-removed" {
        meaning: "a public method is gone", bump: Fixed(Semver::Major), section: Removed, seen_by_semver_checks: true,
    }
    MethodAdded = "method-added" {
        meaning: "a public method appeared", bump: Fixed(Semver::Minor), section: Added, seen_by_semver_checks: false,
    }
    RequiredInputAdded = "required-input-added" {
        meaning: "an operation's builder has a new input that must be set: code that does not set it still compiles, and `send` fails",
        bump: Fixed(Semver::Major), section: Changed, seen_by_semver_checks: false,
    }
    InputBecameRequired = "input-became-required" {
        meaning: "a builder's input must now be set: code that leaves it unset still compiles, and fails when it sends or builds",
        bump: Fixed(Semver::Major), section: Changed, seen_by_semver_checks: false,
    }
    InputBecameOptional = "input-became-optional" {
        meaning: "a builder's input may now be left unset",
        bump: Fixed(Semver::Minor), section: Changed, seen_by_semver_checks: false,
    }
    MethodSignatureChanged = "method-signature-changed" {
        meaning: "a public method's parameters or return type changed",
        bump: Fixed(Semver::Major), section: Changed, seen_by_semver_checks: false,
    }
    ImplRemoved = "impl-removed" {
        meaning: "a trait implementation (derived or written) is gone",
        bump: Fixed(Semver::Major), section: Removed, seen_by_semver_checks: true,
    }
    ImplAdded = "impl-added" {
        meaning: "a trait implementation appeared", bump: Fixed(Semver::Minor), section: Added, seen_by_semver_checks: false,
    }
    ItemRemoved = "item-removed" {
        meaning: "another public item (a constant, function, module or re-export) is gone",
        bump: Fixed(Semver::Major), section: Removed, seen_by_semver_checks: true,
    }
    ItemAdded = "item-added" {
        meaning: "another public item appeared", bump: Fixed(Semver::Minor), section: Added, seen_by_semver_checks: false,
    }
    ItemChanged = "item-changed" {
        meaning: "another public item's type or signature changed",
        bump: Fixed(Semver::Major), section: Changed, seen_by_semver_checks: false,
    }
    DeprecationAdded = "deprecation-added" {
        meaning: "an item is now `#[deprecated]`", bump: Fixed(Semver::Minor), section: Deprecated, seen_by_semver_checks: true,
    }
    DeprecationRemoved = "deprecation-removed" {
        meaning: "an item is no longer `#[deprecated]`", bump: Fixed(Semver::Patch), section: Changed, seen_by_semver_checks: false,
    }
    NonExhaustiveAdded = "non-exhaustive-added" {
        meaning: "a type is now `#[non_exhaustive]`", bump: Fixed(Semver::Major), section: Changed, seen_by_semver_checks: true,
    }
    NonExhaustiveRemoved = "non-exhaustive-removed" {
        meaning: "a type is no longer `#[non_exhaustive]`", bump: Fixed(Semver::Minor), section: Changed, seen_by_semver_checks: false,
    }
}

impl ApiChangeKind {
    pub fn rule(self) -> &'static ApiRule {
        &API_RULES[self as usize]
    }

    /// Its id, as the JSON report and the documentation write it: `field-type-changed`.
    pub fn as_str(self) -> &'static str {
        self.rule().id
    }

    /// The bump a change of this kind needs, to a type that is `#[non_exhaustive]` or not.
    pub fn semver(self, owner_non_exhaustive: bool) -> Semver {
        match self.rule().bump {
            ApiBump::Fixed(bump) => bump,
            ApiBump::MinorIfNonExhaustive if owner_non_exhaustive => Semver::Minor,
            ApiBump::MinorIfNonExhaustive => Semver::Major,
        }
    }

    pub fn section(self) -> Section {
        self.rule().section
    }
}

impl std::fmt::Display for ApiChangeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ApiChangeKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl JsonSchema for ApiChangeKind {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ApiChangeKind".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let ids = API_RULES.iter().map(|rule| serde_json::Value::String(rule.id.into())).collect();
        crate::json_schema::string_schema(Some(ids), "The id of the API change's kind; see the Rust kinds table.")
    }
}

/// The documentation's table of Rust API change kinds, generated from [`API_RULES`].
pub fn api_kinds_table() -> String {
    let mut out = String::from(
        "\n| kind | meaning | bump | changelog | cargo-semver-checks |\n| --- | --- | --- | --- | --- |\n",
    );
    for rule in API_RULES {
        let bump = match rule.bump {
            ApiBump::Fixed(bump) => bump.to_string(),
            ApiBump::MinorIfNonExhaustive => "minor on a `#[non_exhaustive]` type, else major".into(),
        };
        out.push_str(&format!(
            "| <a id=\"{id}\"></a>`{id}` | {} | {bump} | {} | {} |\n",
            rule.meaning,
            rule.section.title(),
            match (rule.seen_by_semver_checks, rule.bump) {
                (true, _) => "has a lint",
                (false, ApiBump::Fixed(Semver::Major)) => "blind: this report is the evidence",
                (false, _) => "not breaking, so not its concern",
            },
            id = rule.id,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_api_kind_has_one_rule_in_order() {
        for (index, rule) in API_RULES.iter().enumerate() {
            assert_eq!(rule.kind as usize, index);
            assert!(rule.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", rule.id);
        }
        assert_eq!(ApiChangeKind::ALL.len(), API_RULES.len());
        assert_eq!(ApiChangeKind::FieldAdded.semver(true), Semver::Minor);
        assert_eq!(ApiChangeKind::FieldAdded.semver(false), Semver::Major);
        assert_eq!(ApiChangeKind::TypeRemoved.section(), Section::Removed);
    }
}
