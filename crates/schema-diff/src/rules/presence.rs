//! Presence of fields: a property added, removed, or becoming required or optional.

use serde_json::Value;

use super::{Bump, Condition, Facts, Family, Rule, When};
use crate::change::{ChangeKind, Semver};
use crate::wire::view::{shape_value, Shape, View};
use crate::wire::{Differ, Found, Pair, Slot};

pub const PROPERTY_ADDED: Rule = Rule {
    kind: ChangeKind::PropertyAdded,
    id: "property-added",
    family: Family::Presence,
    meaning: "a field appeared (unknown fields are allowed, so responses do not break)",
    request: When::If(Condition::Required),
    response: When::Never,
    tolerated: When::Always,
    wire_semver: Bump::Always(Semver::Minor),
    message: |s| format!("{} was added{}", s.shown, if s.facts.required { " as required" } else { "" }),
};

pub const PROPERTY_REMOVED: Rule = Rule {
    kind: ChangeKind::PropertyRemoved,
    id: "property-removed",
    family: Family::Presence,
    meaning: "a field vanished",
    request: When::Never,
    response: When::If(Condition::WasRequired),
    tolerated: When::If(Condition::BaseFieldIsOption),
    wire_semver: Bump::Always(Semver::Major),
    message: |s| format!("{} was removed{}", s.shown, if s.facts.was_required { " (it was required)" } else { "" }),
};

pub const PROPERTY_BECAME_REQUIRED: Rule = Rule {
    kind: ChangeKind::PropertyBecameRequired,
    id: "property-became-required",
    family: Family::Presence,
    meaning: "a field must now be present",
    request: When::Always,
    response: When::Never,
    tolerated: When::Always,
    wire_semver: Bump::Always(Semver::Major),
    message: |s| format!("{} is now required", s.shown),
};

pub const PROPERTY_BECAME_OPTIONAL: Rule = Rule {
    kind: ChangeKind::PropertyBecameOptional,
    id: "property-became-optional",
    family: Family::Presence,
    meaning: "a field may now be absent",
    request: When::Never,
    response: When::Always,
    tolerated: When::If(Condition::BaseFieldIsOption),
    wire_semver: Bump::Always(Semver::Major),
    message: |s| format!("{} may now be absent", s.shown),
};

impl<'a> Differ<'a> {
    /// Property `name` of the schemas seen as `b` and `h`, at `child`: added, removed or
    /// changed in presence. The pair of schemas to compare further, when both have it.
    pub(crate) fn presence(&mut self, child: &Slot, name: &str, b: &View<'a>, h: &View<'a>) -> Option<Pair<'a>> {
        let (was_required, required) = (b.required.contains(name), h.required.contains(name));
        let facts =
            Facts { required, was_required, base_field_is_option: child.base_field_is_option, ..Facts::default() };
        match (b.properties.get(name).copied(), h.properties.get(name).copied()) {
            (Some(base), None) => {
                let before = shape_value(&Shape::of(self.base, base, 0));
                self.push(child.change(Found::new(ChangeKind::PropertyRemoved, facts, before, None)));
                None
            }
            (None, Some(head)) => {
                let after = shape_value(&Shape::of(self.head, head, 0));
                self.push(child.change(Found::new(ChangeKind::PropertyAdded, facts, None, after)));
                None
            }
            (Some(base), Some(head)) => {
                if was_required != required {
                    let kind =
                        if required { ChangeKind::PropertyBecameRequired } else { ChangeKind::PropertyBecameOptional };
                    let (before, after) = (Some(Value::Bool(was_required)), Some(Value::Bool(required)));
                    self.push(child.change(Found::new(kind, facts, before, after)));
                }
                Some(Pair { base, head })
            }
            (None, None) => None,
        }
    }
}
