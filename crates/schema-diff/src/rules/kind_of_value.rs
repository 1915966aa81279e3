//! The kind of value: its types and alternatives, and whether it is restricted to listed
//! values at all.

use super::{Bump, Condition, Facts, Family, Rule, When};
use crate::change::{ChangeKind, Semver};
use crate::wire::view::{narrower_or_equal, shape_value, Shape, View};
use crate::wire::{Differ, Found, Pair, Slot};

pub const TYPE_CHANGED: Rule = Rule {
    kind: ChangeKind::TypeChanged,
    id: "type-changed",
    family: Family::KindOfValue,
    meaning: "the kind of value changed, or an enum restriction was lifted or added",
    request: When::If(Condition::Narrowed),
    response: When::If(Condition::Widened),
    tolerated: When::If(Condition::ReadableByBase),
    wire_semver: Bump::Always(Semver::Major),
    message: |s| {
        if s.facts.values_lifted {
            format!("{} is no longer restricted to listed values", s.shown)
        } else if s.facts.values_restricted {
            format!("{} is now restricted to listed values", s.shown)
        } else {
            format!("{} changed from {} to {}", s.shown, s.before_text(), s.after_text())
        }
    },
};

impl Differ<'_> {
    pub(crate) fn kind_of_value(&mut self, slot: &Slot, pair: &Pair, b: &View, h: &View) {
        let (before, after) = (Shape::of(self.base, pair.base, 0), Shape::of(self.head, pair.head, 0));
        let enum_lifted = b.values.is_some() && h.values.is_none() && !b.types.is_empty();
        let enum_added = b.values.is_none() && h.values.is_some();
        let types_differ = b.types != h.types || before != after && !(b.values.is_some() && h.values.is_some());
        if !(types_differ || enum_lifted || enum_added) {
            return;
        }
        let widened = !narrower_or_equal(&b.types, &h.types) || enum_lifted;
        let narrowed = !narrower_or_equal(&h.types, &b.types) || enum_added;
        // Open enums read any string, so lifting a string enum's restriction is tolerated.
        let readable_by_base = !widened || (enum_lifted && b.types == h.types && b.types.contains("string"));
        let facts = Facts {
            widened,
            narrowed,
            readable_by_base,
            values_lifted: enum_lifted,
            values_restricted: enum_added && !types_differ,
            ..Facts::default()
        };
        self.push(slot.change(Found::new(ChangeKind::TypeChanged, facts, shape_value(&before), shape_value(&after))));
    }
}
