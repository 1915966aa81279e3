//! The rule table: one declaration per change kind, in the way oasdiff keeps its checkers.
//! A rule states its id, what it means, when it breaks requests and responses, when the
//! client generated from BASE tolerates it, the bump the wire suggests, and its message.
//! The wire engine ([`crate::wire`]) only detects changes and the facts of their site;
//! every verdict is read from here, and the documentation's kinds table is generated from
//! [`RULES`] ([`kinds_table`]).
//!
//! Rules are grouped by family, one file each; each file also holds the detection of its
//! family's changes.

mod annotations;
mod enum_values;
mod kind_of_value;
mod nullability;
mod operations;
mod parameters;
mod presence;

use serde_json::Value;

use crate::change::{ChangeKind, Direction, Semver};

/// One change kind's rule.
#[derive(Debug)]
pub struct Rule {
    pub kind: ChangeKind,
    /// The id the report and the documentation use: `enum-value-added`.
    pub id: &'static str,
    pub family: Family,
    /// What the change means, for the documentation.
    pub meaning: &'static str,
    /// When it breaks callers, where the client sends data (request bodies, parameters).
    pub request: When,
    /// When it breaks strict clients, where the server sends data (responses, operations).
    pub response: When,
    /// When the client generated from BASE still decodes HEAD's responses. Requests are
    /// always tolerated: the generated client sends what BASE allowed.
    pub tolerated: When,
    /// The bump the wire change suggests by itself.
    pub wire_semver: Bump,
    /// The one-line message: `` `subscription.status` may now be "free_disabled" ``.
    pub message: fn(&Subject) -> String,
}

/// The families, in the order the documentation lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Family {
    Operations,
    Parameters,
    Presence,
    Nullability,
    KindOfValue,
    EnumValues,
    Annotations,
}

impl Family {
    pub fn title(self) -> &'static str {
        match self {
            Family::Operations => "Operations and responses",
            Family::Parameters => "Parameters",
            Family::Presence => "Presence of fields",
            Family::Nullability => "Nullability",
            Family::KindOfValue => "Kind of value",
            Family::EnumValues => "Enum values",
            Family::Annotations => "Annotations",
        }
    }
}

/// When something holds (a change breaks, in one direction; BASE's client tolerates it):
/// always, never, or when a condition of the site does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Always,
    Never,
    If(Condition),
}

impl When {
    fn holds(self, facts: &Facts) -> bool {
        match self {
            When::Always => true,
            When::Never => false,
            When::If(condition) => facts.holds(condition),
        }
    }

    /// How the documentation's tables say it.
    fn text(self) -> &'static str {
        match self {
            When::Always => "yes",
            When::Never => "no",
            When::If(condition) => condition.text(),
        }
    }
}

/// The bump a wire change suggests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bump {
    Always(Semver),
    /// `major` when the condition holds, otherwise the given bump.
    MajorIf(Condition, Semver),
}

/// A fact of the site a change is found at, that a rule's verdict can depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    /// The parameter or property is required in HEAD.
    Required,
    /// The property was required in BASE.
    WasRequired,
    /// BASE's generated field is an `Option`, so it reads `null` and absence.
    BaseFieldIsOption,
    /// HEAD accepts values BASE did not.
    Widened,
    /// HEAD refuses values BASE accepted.
    Narrowed,
    /// BASE's generated type reads every value HEAD allows: nothing was widened, or only
    /// a string enum's restriction was lifted (open enums read any string).
    ReadableByBase,
}

impl Condition {
    /// How the documentation says it.
    fn text(self) -> &'static str {
        match self {
            Condition::Required => "if required",
            Condition::WasRequired => "if it was required",
            Condition::BaseFieldIsOption => "if BASE generated the field as `Option`",
            Condition::Widened => "if HEAD accepts more",
            Condition::Narrowed => "if HEAD accepts less",
            Condition::ReadableByBase => "if BASE's type reads the new values (a lifted string enum: open enums)",
        }
    }
}

/// The facts of one site, as the engine found them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Facts {
    pub required: bool,
    pub was_required: bool,
    pub base_field_is_option: bool,
    pub widened: bool,
    pub narrowed: bool,
    pub readable_by_base: bool,
    /// A type-changed is an enum's restriction lifted, or added to the same type: said so.
    pub values_lifted: bool,
    pub values_restricted: bool,
}

impl Facts {
    fn holds(&self, condition: Condition) -> bool {
        match condition {
            Condition::Required => self.required,
            Condition::WasRequired => self.was_required,
            Condition::BaseFieldIsOption => self.base_field_is_option,
            Condition::Widened => self.widened,
            Condition::Narrowed => self.narrowed,
            Condition::ReadableByBase => self.readable_by_base,
        }
    }
}

/// What a message names: the site, the values, and the facts.
#[derive(Debug)]
pub struct Subject<'a> {
    /// The operation, such as `GET /v1/user`.
    pub operation: &'a str,
    /// How the field is named: `` `subscription.status` `` or `the body`; for a parameter,
    /// `header parameter xi-api-key`; for a response, `response 422`.
    pub shown: &'a str,
    pub before: Option<&'a Value>,
    pub after: Option<&'a Value>,
    pub facts: Facts,
}

impl Subject<'_> {
    /// A value as messages write it: strings as their text, anything else as JSON.
    fn text(value: Option<&Value>) -> String {
        match value {
            Some(Value::String(text)) => text.clone(),
            Some(other) => other.to_string(),
            None => "nothing".into(),
        }
    }
    pub(crate) fn before_text(&self) -> String {
        Self::text(self.before)
    }
    pub(crate) fn after_text(&self) -> String {
        Self::text(self.after)
    }
}

/// The verdicts of one change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    pub breaking: bool,
    pub tolerated: bool,
    pub wire_semver: Semver,
}

impl Rule {
    pub fn verdict(&self, direction: Direction, facts: &Facts) -> Verdict {
        let breaks = match direction {
            Direction::Request => self.request,
            Direction::Response => self.response,
        };
        let breaking = breaks.holds(facts);
        let tolerated = direction == Direction::Request || self.tolerated.holds(facts);
        let wire_semver = match self.wire_semver {
            Bump::Always(bump) => bump,
            Bump::MajorIf(condition, otherwise) => {
                if facts.holds(condition) {
                    Semver::Major
                } else {
                    otherwise
                }
            }
        };
        Verdict { breaking, tolerated, wire_semver }
    }
}

/// Every rule, by family, in the order the documentation lists them.
pub const RULES: [&Rule; 20] = [
    &operations::OPERATION_ADDED,
    &operations::OPERATION_REMOVED,
    &operations::RESPONSE_ADDED,
    &operations::RESPONSE_REMOVED,
    &parameters::PARAMETER_ADDED,
    &parameters::PARAMETER_REMOVED,
    &parameters::PARAMETER_CHANGED,
    &presence::PROPERTY_ADDED,
    &presence::PROPERTY_REMOVED,
    &presence::PROPERTY_BECAME_REQUIRED,
    &presence::PROPERTY_BECAME_OPTIONAL,
    &nullability::PROPERTY_BECAME_NULLABLE,
    &nullability::PROPERTY_BECAME_NON_NULLABLE,
    &kind_of_value::TYPE_CHANGED,
    &enum_values::ENUM_VALUE_ADDED,
    &enum_values::ENUM_VALUE_REMOVED,
    &annotations::DEPRECATED_ADDED,
    &annotations::DEPRECATED_REMOVED,
    &annotations::DESCRIPTION_CHANGED,
    &annotations::DEFAULT_CHANGED,
];

impl ChangeKind {
    /// This kind's rule.
    pub fn rule(self) -> &'static Rule {
        match self {
            ChangeKind::OperationAdded => &operations::OPERATION_ADDED,
            ChangeKind::OperationRemoved => &operations::OPERATION_REMOVED,
            ChangeKind::ResponseAdded => &operations::RESPONSE_ADDED,
            ChangeKind::ResponseRemoved => &operations::RESPONSE_REMOVED,
            ChangeKind::ParameterAdded => &parameters::PARAMETER_ADDED,
            ChangeKind::ParameterRemoved => &parameters::PARAMETER_REMOVED,
            ChangeKind::ParameterChanged => &parameters::PARAMETER_CHANGED,
            ChangeKind::PropertyAdded => &presence::PROPERTY_ADDED,
            ChangeKind::PropertyRemoved => &presence::PROPERTY_REMOVED,
            ChangeKind::PropertyBecameRequired => &presence::PROPERTY_BECAME_REQUIRED,
            ChangeKind::PropertyBecameOptional => &presence::PROPERTY_BECAME_OPTIONAL,
            ChangeKind::PropertyBecameNullable => &nullability::PROPERTY_BECAME_NULLABLE,
            ChangeKind::PropertyBecameNonNullable => &nullability::PROPERTY_BECAME_NON_NULLABLE,
            ChangeKind::TypeChanged => &kind_of_value::TYPE_CHANGED,
            ChangeKind::EnumValueAdded => &enum_values::ENUM_VALUE_ADDED,
            ChangeKind::EnumValueRemoved => &enum_values::ENUM_VALUE_REMOVED,
            ChangeKind::DeprecatedAdded => &annotations::DEPRECATED_ADDED,
            ChangeKind::DeprecatedRemoved => &annotations::DEPRECATED_REMOVED,
            ChangeKind::DescriptionChanged => &annotations::DESCRIPTION_CHANGED,
            ChangeKind::DefaultChanged => &annotations::DEFAULT_CHANGED,
        }
    }
}

/// The kinds table of the documentation, one section per family, generated from [`RULES`].
pub fn kinds_table() -> String {
    let mut out = String::new();
    let mut family = None;
    for rule in RULES {
        if family != Some(rule.family) {
            family = Some(rule.family);
            out.push_str(&format!(
                "\n#### {}\n\n| kind | meaning | breaks requests | breaks responses | tolerated | wire semver |\n| --- | --- | --- | --- | --- | --- |\n",
                rule.family.title()
            ));
        }
        let bump = match rule.wire_semver {
            Bump::Always(bump) => bump.to_string(),
            Bump::MajorIf(condition, otherwise) => format!("{otherwise}; major {}", condition.text()),
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            rule.id,
            rule.meaning,
            rule.request.text(),
            rule.response.text(),
            rule.tolerated.text(),
            bump
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_one_rule_with_a_unique_id() {
        let mut ids: Vec<&str> = RULES.iter().map(|rule| rule.id).collect();
        for rule in RULES {
            assert_eq!(rule.kind.rule().id, rule.id, "RULES and ChangeKind::rule agree");
            assert!(rule.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", rule.id);
        }
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        assert!(RULES.windows(2).all(|w| w[0].family <= w[1].family), "grouped by family");
    }

    #[test]
    fn verdicts_follow_the_direction_and_the_facts() {
        let rule = ChangeKind::PropertyRemoved.rule();
        let required = Facts { was_required: true, ..Facts::default() };
        assert_eq!(
            rule.verdict(Direction::Response, &required),
            Verdict { breaking: true, tolerated: false, wire_semver: Semver::Major }
        );
        let option = Facts { was_required: true, base_field_is_option: true, ..Facts::default() };
        assert!(rule.verdict(Direction::Response, &option).tolerated);
        assert!(!rule.verdict(Direction::Request, &required).breaking);
        let added = ChangeKind::ParameterAdded.rule();
        assert_eq!(added.verdict(Direction::Request, &Facts::default()).wire_semver, Semver::Minor);
        let required = Facts { required: true, ..Facts::default() };
        assert_eq!(
            added.verdict(Direction::Request, &required),
            Verdict { breaking: true, tolerated: true, wire_semver: Semver::Major }
        );
    }
}
