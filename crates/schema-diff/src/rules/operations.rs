//! Operations and their responses: added, removed, newly or no longer documented.

use std::collections::BTreeSet;

use elevenlabs_spec::OperationRef;
use serde_json::Value;

use super::{Bump, Family, Rule, When};
use crate::change::{ChangeKind, Location, Semver};
use crate::wire::{json_body, Differ, Found, Pair, Site};

pub const OPERATION_ADDED: Rule = Rule {
    kind: ChangeKind::OperationAdded,
    id: "operation-added",
    family: Family::Operations,
    meaning: "an operation appeared",
    request: When::Never,
    response: When::Never,
    tolerated: When::Always,
    wire_semver: Bump::Always(Semver::Minor),
    message: |s| format!("{} was added", s.operation),
};

pub const OPERATION_REMOVED: Rule = Rule {
    kind: ChangeKind::OperationRemoved,
    id: "operation-removed",
    family: Family::Operations,
    meaning: "an operation vanished",
    request: When::Always,
    response: When::Always,
    tolerated: When::Never,
    wire_semver: Bump::Always(Semver::Major),
    message: |s| format!("{} was removed", s.operation),
};

pub const RESPONSE_ADDED: Rule = Rule {
    kind: ChangeKind::ResponseAdded,
    id: "response-added",
    family: Family::Operations,
    meaning: "a status code is newly documented",
    request: When::Never,
    response: When::Never,
    tolerated: When::Always,
    wire_semver: Bump::Always(Semver::Minor),
    message: |s| format!("{} is newly documented", s.shown),
};

pub const RESPONSE_REMOVED: Rule = Rule {
    kind: ChangeKind::ResponseRemoved,
    id: "response-removed",
    family: Family::Operations,
    meaning: "a status code is no longer documented",
    request: When::Never,
    response: When::Never,
    tolerated: When::Always,
    wire_semver: Bump::Always(Semver::Major),
    message: |s| format!("{} is no longer documented", s.shown),
};

impl<'a> Differ<'a> {
    /// An operation of either document: added, removed, or compared part by part.
    pub(crate) fn operation(&mut self, operation: &OperationRef) {
        let site = Site { operation: operation.clone(), location: Location::Operation };
        let (base, head) = (self.base, self.head);
        let found = |kind| Found::new(kind, Default::default(), None, None);
        match (base.pointer(&operation.pointer()), head.pointer(&operation.pointer())) {
            (Some(_), None) => self.push(site.change(found(ChangeKind::OperationRemoved))),
            (None, Some(_)) => self.push(site.change(found(ChangeKind::OperationAdded))),
            (Some(b), Some(h)) => {
                self.parameters(operation, b, h);
                self.responses(operation, b, h);
                if let (Some(base), Some(head)) =
                    (b.get("requestBody").and_then(json_body), h.get("requestBody").and_then(json_body))
                {
                    let site = Site { operation: operation.clone(), location: Location::RequestBody };
                    self.body(&site, Pair { base, head });
                }
            }
            (None, None) => {}
        }
    }

    fn responses(&mut self, operation: &OperationRef, base: &'a Value, head: &'a Value) {
        let base_responses = base.get("responses").and_then(Value::as_object);
        let head_responses = head.get("responses").and_then(Value::as_object);
        let codes: BTreeSet<&String> =
            base_responses.iter().chain(head_responses.iter()).flat_map(|r| r.keys()).collect();
        for code in codes {
            let site = Site { operation: operation.clone(), location: Location::Response(code.clone()) };
            let found = |kind| Found::new(kind, Default::default(), None, None);
            match (base_responses.and_then(|r| r.get(code)), head_responses.and_then(|r| r.get(code))) {
                (Some(_), None) => self.push(site.change(found(ChangeKind::ResponseRemoved))),
                (None, Some(_)) => self.push(site.change(found(ChangeKind::ResponseAdded))),
                (Some(b), Some(h)) => {
                    if let (Some(base), Some(head)) = (json_body(b), json_body(h)) {
                        self.body(&site, Pair { base, head });
                    }
                }
                (None, None) => {}
            }
        }
    }
}
