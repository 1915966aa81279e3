//! The rule table: what each kind of wire change means, when it breaks clients, when the
//! client generated from BASE tolerates it, the bump it suggests, and its message. Every
//! kind is written once, in `table.rs`, from which come [`ChangeKind`], [`RULES`], the
//! lookup from a difference to its kind ([`ChangeKind::of`], an exhaustive match: an
//! aspect the engine finds with no kind does not compile), and the documentation's kinds
//! table ([`kinds_table`]). The model is oasdiff's `checker/rules.go` and
//! cargo-semver-checks' lint registry.
//!
//! The wire engine ([`crate::wire`]) finds differences and knows no verdicts; a rule only
//! reads what the engine found.

mod table;

use std::fmt;

use elevenlabs_spec::OperationRef;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use crate::semver::Semver;
use crate::wire::{Difference, Direction, Facts, Location};

pub use table::{ChangeKind, Family, RULES};

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
    pub estimate: Estimate,
    /// The one-line message: `` `subscription.status` may now be "free_disabled" ``.
    pub message: fn(&Subject) -> String,
}

/// When something holds (a change breaks, in one direction; BASE's client tolerates it):
/// always, never, or when a fact of the site does or does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Always,
    Never,
    If(Condition),
    Unless(Condition),
}

impl When {
    fn holds(self, facts: &Facts) -> bool {
        match self {
            When::Always => true,
            When::Never => false,
            When::If(condition) => condition.holds(facts),
            When::Unless(condition) => !condition.holds(facts),
        }
    }

    /// How the documentation's tables say it.
    fn text(self) -> String {
        match self {
            When::Always => "yes".into(),
            When::Never => "no".into(),
            When::If(condition) => format!("if {}", condition.text()),
            When::Unless(condition) => format!("unless {}", condition.text()),
        }
    }
}

/// The bump a wire change suggests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Estimate {
    Fixed(Semver),
    /// `major` when the condition holds, otherwise the given bump.
    MajorIf(Condition, Semver),
}

/// A fact of the site a change is found at, that a rule's verdict can depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    /// The parameter, property or body is required in HEAD.
    Required,
    /// The property was required in BASE.
    WasRequired,
    /// BASE's generated field is an `Option`, so it reads `null` and absence.
    BaseFieldIsOption,
    /// HEAD accepts values BASE did not.
    Widened,
    /// HEAD refuses values BASE accepted.
    Narrowed,
    /// BASE's generated type reads every value HEAD allows.
    ReadableByBase,
    /// The media type is the one the generated client reads or sends.
    ReadByClient,
    /// The value is a parameter's own, which a call that leaves the parameter out gets.
    Parameter,
}

impl Condition {
    fn holds(self, facts: &Facts) -> bool {
        match self {
            Condition::Required => facts.required,
            Condition::WasRequired => facts.was_required,
            Condition::BaseFieldIsOption => facts.base_field_is_option,
            Condition::Widened => facts.widened,
            Condition::Narrowed => facts.narrowed,
            Condition::ReadableByBase => facts.readable_by_base,
            Condition::ReadByClient => facts.read_by_client,
            Condition::Parameter => facts.parameter,
        }
    }

    /// How the documentation says it, after "if" or "unless".
    fn text(self) -> &'static str {
        match self {
            Condition::Required => "required",
            Condition::WasRequired => "it was required",
            Condition::BaseFieldIsOption => "BASE generated the field as `Option`",
            Condition::Widened => "HEAD accepts more",
            Condition::Narrowed => "HEAD accepts less",
            Condition::ReadableByBase => "BASE's type reads the new values",
            Condition::ReadByClient => "it is the media type the generated client reads or sends",
            Condition::Parameter => "it is a parameter's (a call that leaves the parameter out gets the new default)",
        }
    }
}

/// What a message names: the site, the values, and the facts.
#[derive(Debug)]
pub struct Subject<'a> {
    /// The operation, such as `GET /v1/user`.
    pub operation: String,
    /// How the position is named: `` `subscription.status` ``, `the body`, `header
    /// parameter xi-api-key`, `response 422`.
    pub shown: String,
    pub before: Option<&'a Value>,
    pub after: Option<&'a Value>,
    pub facts: Facts,
}

impl<'a> Subject<'a> {
    pub fn of(difference: &'a Difference) -> Self {
        let shown = match (&difference.location, difference.field.is_empty()) {
            (_, false) => crate::quote::code(&difference.field),
            (Location::Operation, true) => difference.operation.to_string(),
            (Location::Parameter { place, name }, true) => {
                format!("{place} parameter {}", crate::quote::one_line(name))
            }
            (Location::ResponseHeader { status, name }, true) => {
                format!("header {} of response {}", crate::quote::one_line(name), crate::quote::one_line(status))
            }
            (Location::RequestBody { .. } | Location::Response { .. }, true) if difference.aspect.is_about_schema() => {
                "the body".into()
            }
            (location, true) => location.to_string(),
        };
        Subject {
            operation: difference.operation.to_string(),
            shown,
            before: difference.before.as_ref(),
            after: difference.after.as_ref(),
            facts: difference.facts,
        }
    }

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
        let tolerated = direction == Direction::Request || facts.caught_by_union || self.tolerated.holds(facts);
        let wire_semver = match self.estimate {
            Estimate::Fixed(bump) => bump,
            Estimate::MajorIf(condition, otherwise) => {
                if condition.holds(facts) {
                    Semver::Major
                } else {
                    otherwise
                }
            }
        };
        Verdict { breaking, tolerated, wire_semver }
    }
}

impl ChangeKind {
    /// The verdicts of this kind at `location` of `operation`, from its rule. A place the
    /// generated client never decodes (a response header, a webhook, a callback) can neither fail its
    /// decoding nor change its API: the change is tolerated, and suggests at most a patch.
    pub fn verdict_at(self, operation: &OperationRef, location: &Location, facts: &Facts) -> Verdict {
        let verdict = self.rule().verdict(self.direction_at(operation, location), facts);
        if location.decoded_by_client() && !operation.sent_by_api() {
            return verdict;
        }
        Verdict { tolerated: true, wire_semver: verdict.wire_semver.min(Semver::Patch), ..verdict }
    }

    /// This kind's rule.
    pub fn rule(self) -> &'static Rule {
        &RULES[self as usize]
    }

    /// Which way a change of this kind at `location` of `operation` bears: on what callers
    /// send, or on what the server sends. A security change is about the credentials
    /// callers send, though it is found at the operation. A webhook or callback is a
    /// request the API sends: its receivers read its request and send its responses, so
    /// each way turns.
    pub fn direction_at(self, operation: &OperationRef, location: &Location) -> Direction {
        let direction = match self.rule().family {
            Family::Security => Direction::Request,
            _ => location.direction(),
        };
        match (operation.sent_by_api(), direction) {
            (false, direction) => direction,
            (true, Direction::Request) => Direction::Response,
            (true, Direction::Response) => Direction::Request,
        }
    }

    /// Its id, as the JSON report and the documentation write it: `enum-value-added`.
    pub fn as_str(self) -> &'static str {
        self.rule().id
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ChangeKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl JsonSchema for ChangeKind {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ChangeKind".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let ids = RULES.iter().map(|rule| Value::String(rule.id.into())).collect();
        crate::json_schema::string_schema(Some(ids), "The id of the change's rule; see the kinds table.")
    }
}

/// The kinds table of the documentation, one section per family, generated from [`RULES`];
/// each kind's cell carries an anchor, which the Markdown report links to.
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
        let bump = match rule.estimate {
            Estimate::Fixed(bump) => bump.to_string(),
            Estimate::MajorIf(condition, otherwise) => format!("{otherwise}; major if {}", condition.text()),
        };
        out.push_str(&format!(
            "| <a id=\"{id}\"></a>`{id}` | {} | {} | {} | {} | {} |\n",
            rule.meaning,
            rule.request.text(),
            rule.response.text(),
            rule.tolerated.text(),
            bump,
            id = rule.id,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_one_rule_with_a_unique_id_in_family_order() {
        let mut ids: Vec<&str> = RULES.iter().map(|rule| rule.id).collect();
        for (index, rule) in RULES.iter().enumerate() {
            assert_eq!(rule.kind as usize, index, "RULES is in ChangeKind's order");
            assert_eq!(rule.kind.rule().id, rule.id);
            assert!(rule.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", rule.id);
        }
        assert_eq!(ChangeKind::ALL.len(), RULES.len());
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
        let removed = ChangeKind::MediaTypeRemoved.rule();
        let read = Facts { read_by_client: true, ..Facts::default() };
        assert!(!removed.verdict(Direction::Response, &read).tolerated);
        assert!(removed.verdict(Direction::Response, &Facts::default()).tolerated);
    }

    #[test]
    fn inside_a_member_of_a_union_with_a_catch_all_every_change_is_tolerated() {
        let operation = OperationRef::new("get", "/a");
        let alone = Facts { widened: true, ..Facts::default() };
        let caught = Facts { caught_by_union: true, ..alone };
        let at = |facts| ChangeKind::TypeChanged.verdict_at(&operation, &Location::response("200"), facts);
        assert!(!at(&alone).tolerated);
        assert_eq!(at(&caught), Verdict { tolerated: true, ..at(&alone) });
    }

    #[test]
    fn what_the_client_never_decodes_is_tolerated_and_at_most_a_patch() {
        let header = Location::ResponseHeader { status: "200".into(), name: "song-id".into() };
        let (kind, widened) = (ChangeKind::TypeChanged, Facts { widened: true, ..Facts::default() });
        let operation = OperationRef::new("get", "/a");
        assert!(!kind.verdict_at(&operation, &Location::response("200"), &widened).tolerated);
        assert_eq!(
            kind.verdict_at(&operation, &header, &widened),
            Verdict { breaking: true, tolerated: true, wire_semver: Semver::Patch }
        );
    }

    #[test]
    fn the_docs_table_anchors_each_kind() {
        let table = kinds_table();
        for rule in RULES {
            assert!(table.contains(&format!("| <a id=\"{0}\"></a>`{0}` |", rule.id)), "{}", rule.id);
        }
    }
}
