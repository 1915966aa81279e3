//! Nullability: a value that may now, or may no longer, be `null`.

use serde_json::Value;

use super::{Bump, Condition, Facts, Family, Rule, When};
use crate::change::{ChangeKind, Semver};
use crate::wire::view::View;
use crate::wire::{Differ, Found, Slot};

pub const PROPERTY_BECAME_NULLABLE: Rule = Rule {
    kind: ChangeKind::PropertyBecameNullable,
    id: "property-became-nullable",
    family: Family::Nullability,
    meaning: "a field may now be `null`",
    request: When::Never,
    response: When::Always,
    tolerated: When::If(Condition::BaseFieldIsOption),
    wire_semver: Bump::Always(Semver::Major),
    message: |s| format!("{} may now be null", s.shown),
};

pub const PROPERTY_BECAME_NON_NULLABLE: Rule = Rule {
    kind: ChangeKind::PropertyBecameNonNullable,
    id: "property-became-non-nullable",
    family: Family::Nullability,
    meaning: "a field may no longer be `null`",
    request: When::Always,
    response: When::Never,
    tolerated: When::Always,
    wire_semver: Bump::Always(Semver::Major),
    message: |s| format!("{} is no longer null", s.shown),
};

impl Differ<'_> {
    pub(crate) fn nullability(&mut self, slot: &Slot, b: &View, h: &View) {
        if b.nullable == h.nullable {
            return;
        }
        let kind = if h.nullable { ChangeKind::PropertyBecameNullable } else { ChangeKind::PropertyBecameNonNullable };
        let facts = Facts { base_field_is_option: slot.base_field_is_option, ..Facts::default() };
        let (before, after) = (Some(Value::Bool(b.nullable)), Some(Value::Bool(h.nullable)));
        self.push(slot.change(Found::new(kind, facts, before, after)));
    }
}
