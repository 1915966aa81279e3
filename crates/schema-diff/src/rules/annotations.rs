//! Annotations: deprecation, description and default. They describe values, never
//! restrict them.

use serde_json::Value;

use super::{Bump, Facts, Family, Rule, When};
use crate::change::{ChangeKind, Semver};
use crate::wire::view::View;
use crate::wire::{Differ, Found, Slot};

pub const DEPRECATED_ADDED: Rule = Rule {
    kind: ChangeKind::DeprecatedAdded,
    id: "deprecated-added",
    family: Family::Annotations,
    meaning: "`deprecated: true` was set",
    request: When::Never,
    response: When::Never,
    tolerated: When::Always,
    wire_semver: Bump::Always(Semver::Minor),
    message: |s| format!("{} is now deprecated", s.shown),
};

pub const DEPRECATED_REMOVED: Rule = Rule {
    kind: ChangeKind::DeprecatedRemoved,
    id: "deprecated-removed",
    family: Family::Annotations,
    meaning: "`deprecated: true` was cleared",
    request: When::Never,
    response: When::Never,
    tolerated: When::Always,
    wire_semver: Bump::Always(Semver::Patch),
    message: |s| format!("{} is no longer deprecated", s.shown),
};

pub const DESCRIPTION_CHANGED: Rule = Rule {
    kind: ChangeKind::DescriptionChanged,
    id: "description-changed",
    family: Family::Annotations,
    meaning: "the description changed",
    request: When::Never,
    response: When::Never,
    tolerated: When::Always,
    wire_semver: Bump::Always(Semver::Patch),
    message: |s| format!("the description of {} changed", s.shown),
};

pub const DEFAULT_CHANGED: Rule = Rule {
    kind: ChangeKind::DefaultChanged,
    id: "default-changed",
    family: Family::Annotations,
    meaning: "the default value changed",
    request: When::Never,
    response: When::Never,
    tolerated: When::Always,
    wire_semver: Bump::Always(Semver::Patch),
    message: |s| format!("the default of {} changed", s.shown),
};

impl Differ<'_> {
    pub(crate) fn annotations(&mut self, slot: &Slot, b: &View, h: &View) {
        if b.deprecated != h.deprecated {
            let kind = if h.deprecated { ChangeKind::DeprecatedAdded } else { ChangeKind::DeprecatedRemoved };
            let (before, after) = (Some(Value::Bool(b.deprecated)), Some(Value::Bool(h.deprecated)));
            self.push(slot.change(Found::new(kind, Facts::default(), before, after)));
        }
        if b.description.map(str::trim) != h.description.map(str::trim) {
            let text = |d: Option<&str>| d.map(|d| Value::String(d.to_string()));
            let found =
                Found::new(ChangeKind::DescriptionChanged, Facts::default(), text(b.description), text(h.description));
            self.push(slot.change(found));
        }
        if b.default != h.default {
            let found =
                Found::new(ChangeKind::DefaultChanged, Facts::default(), b.default.cloned(), h.default.cloned());
            self.push(slot.change(found));
        }
    }
}
