//! Enum values: a listed value added or removed.

use super::{Bump, Facts, Family, Rule, When};
use crate::change::{ChangeKind, Semver};
use crate::wire::view::View;
use crate::wire::{Differ, Found, Slot};

pub const ENUM_VALUE_ADDED: Rule = Rule {
    kind: ChangeKind::EnumValueAdded,
    id: "enum-value-added",
    family: Family::EnumValues,
    meaning: "an enum accepts a new value",
    request: When::Never,
    response: When::Always,
    // Open enums read values they do not know.
    tolerated: When::Always,
    wire_semver: Bump::Always(Semver::Minor),
    message: |s| format!("{} may now be {}", s.shown, s.after.map(ToString::to_string).unwrap_or_default()),
};

pub const ENUM_VALUE_REMOVED: Rule = Rule {
    kind: ChangeKind::EnumValueRemoved,
    id: "enum-value-removed",
    family: Family::EnumValues,
    meaning: "an enum value is gone",
    request: When::Always,
    response: When::Never,
    tolerated: When::Always,
    wire_semver: Bump::Always(Semver::Major),
    message: |s| format!("{} is no longer {}", s.shown, s.before.map(ToString::to_string).unwrap_or_default()),
};

impl Differ<'_> {
    pub(crate) fn enum_values(&mut self, slot: &Slot, b: &View, h: &View) {
        let (Some(bv), Some(hv)) = (&b.values, &h.values) else { return };
        for added in hv.iter().filter(|v| !bv.contains(v)) {
            self.push(slot.change(Found::new(ChangeKind::EnumValueAdded, Facts::default(), None, Some(added.clone()))));
        }
        for removed in bv.iter().filter(|v| !hv.contains(v)) {
            let found = Found::new(ChangeKind::EnumValueRemoved, Facts::default(), Some(removed.clone()), None);
            self.push(slot.change(found));
        }
    }
}
