//! Parameters: added, removed, or changed in required-ness or schema.

use std::collections::{BTreeMap, BTreeSet};

use elevenlabs_spec::OperationRef;
use serde_json::Value;

use super::{Bump, Condition, Facts, Family, Rule, When};
use crate::change::{ChangeKind, Location, Semver};
use crate::wire::view::{narrower_or_equal, shape_value, view, Shape};
use crate::wire::{Differ, Found, Site};

pub const PARAMETER_ADDED: Rule = Rule {
    kind: ChangeKind::ParameterAdded,
    id: "parameter-added",
    family: Family::Parameters,
    meaning: "a parameter appeared",
    request: When::If(Condition::Required),
    response: When::Never,
    tolerated: When::Always,
    wire_semver: Bump::MajorIf(Condition::Required, Semver::Minor),
    message: |s| format!("{} was added{}", s.shown, if s.facts.required { " as required" } else { "" }),
};

pub const PARAMETER_REMOVED: Rule = Rule {
    kind: ChangeKind::ParameterRemoved,
    id: "parameter-removed",
    family: Family::Parameters,
    meaning: "a parameter vanished",
    request: When::Never,
    response: When::Never,
    tolerated: When::Always,
    wire_semver: Bump::Always(Semver::Major),
    message: |s| format!("{} was removed", s.shown),
};

pub const PARAMETER_CHANGED: Rule = Rule {
    kind: ChangeKind::ParameterChanged,
    id: "parameter-changed",
    family: Family::Parameters,
    meaning: "the required-ness or the schema of a parameter changed",
    request: When::If(Condition::Narrowed),
    response: When::Never,
    tolerated: When::Always,
    wire_semver: Bump::Always(Semver::Major),
    message: |s| match s.after {
        Some(Value::Bool(required)) => {
            format!("{} became {}", s.shown, if *required { "required" } else { "optional" })
        }
        _ => format!("{} changed from {} to {}", s.shown, s.before_text(), s.after_text()),
    },
};

fn required(parameter: &Value) -> bool {
    parameter.get("required") == Some(&Value::Bool(true))
}

impl<'a> Differ<'a> {
    pub(crate) fn parameters(&mut self, operation: &OperationRef, base: &'a Value, head: &'a Value) {
        let collect = |document: &'a Value, op: &'a Value| -> BTreeMap<(String, String), &'a Value> {
            let path_level =
                document.pointer(&format!("{}/parameters", elevenlabs_spec::pointer::join("/paths", &operation.path)));
            path_level
                .into_iter()
                .chain(op.get("parameters"))
                .filter_map(Value::as_array)
                .flatten()
                .filter_map(|p| {
                    let p = match p.get("$ref").and_then(Value::as_str) {
                        Some(target) => elevenlabs_spec::resolve(document, target)?,
                        None => p,
                    };
                    Some(((p.get("in")?.as_str()?.to_string(), p.get("name")?.as_str()?.to_string()), p))
                })
                .collect()
        };
        let base_parameters = collect(self.base, base);
        let head_parameters = collect(self.head, head);
        let keys: BTreeSet<&(String, String)> = base_parameters.keys().chain(head_parameters.keys()).collect();
        for key @ (place, name) in keys {
            let site = Site {
                operation: operation.clone(),
                location: Location::Parameter { place: place.clone(), name: name.clone() },
            };
            match (base_parameters.get(key), head_parameters.get(key)) {
                (Some(_), None) => {
                    self.push(site.change(Found::new(ChangeKind::ParameterRemoved, Facts::default(), None, None)))
                }
                (None, Some(h)) => {
                    let facts = Facts { required: required(h), ..Facts::default() };
                    let after = Some(Value::Bool(required(h)));
                    self.push(site.change(Found::new(ChangeKind::ParameterAdded, facts, None, after)));
                }
                (Some(b), Some(h)) => self.parameter_changed(&site, b, h),
                (None, None) => {}
            }
        }
    }

    /// A parameter in both documents whose required-ness or schema changed.
    fn parameter_changed(&mut self, site: &Site, b: &Value, h: &Value) {
        if required(b) != required(h) {
            let facts = Facts { required: required(h), narrowed: required(h), ..Facts::default() };
            let (before, after) = (Some(Value::Bool(required(b))), Some(Value::Bool(required(h))));
            self.push(site.change(Found::new(ChangeKind::ParameterChanged, facts, before, after)));
        }
        let (Some(bs), Some(hs)) = (b.get("schema"), h.get("schema")) else { return };
        let (before, after) = (Shape::of(self.base, bs, 0), Shape::of(self.head, hs, 0));
        let (bv, hv) = (view(self.base, bs, 0), view(self.head, hs, 0));
        if before == after && bv.values == hv.values {
            return;
        }
        let narrowed = !narrower_or_equal(&hv.types, &bv.types)
            || hv.values.as_ref().is_some_and(|h| bv.values.as_ref().is_none_or(|b| b.iter().any(|v| !h.contains(v))));
        let facts = Facts { required: required(h), narrowed, ..Facts::default() };
        self.push(site.change(Found::new(
            ChangeKind::ParameterChanged,
            facts,
            shape_value(&before),
            shape_value(&after),
        )));
    }
}
