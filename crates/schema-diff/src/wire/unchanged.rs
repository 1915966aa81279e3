//! The components whose whole closure is the same in both documents. Comparing such a
//! component with itself finds nothing, at any depth, so the walk does not enter it: two
//! whole documents share most of their components, and each is reached from many
//! operations.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

const PREFIX: &str = "#/components/schemas/";

/// The `$ref` targets (`#/components/schemas/Name`) whose schema, and every schema it
/// refers to, is the same in `base` and `head`.
pub(super) fn unchanged_references(base: &Value, head: &Value) -> BTreeSet<String> {
    let components = |document: &Value| document.pointer("/components/schemas").and_then(Value::as_object).cloned();
    let (Some(base), Some(head)) = (components(base), components(head)) else { return BTreeSet::new() };
    let mut changed: BTreeSet<&str> = BTreeSet::new();
    // Who refers to each component, to carry a change to everything that reaches it.
    let mut referrers: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (name, schema) in &base {
        if head.get(name) != Some(schema) {
            changed.insert(name);
            continue;
        }
        let mut targets = Vec::new();
        references(schema, &mut targets);
        for target in targets {
            // A reference outside the components (or one escaped with `~`) is not followed
            // here: its holder is compared as if it had changed.
            match target.strip_prefix(PREFIX).filter(|t| !t.contains(['/', '~'])) {
                Some(component) => referrers.entry(component.to_string()).or_default().push(name),
                None => {
                    changed.insert(name);
                }
            }
        }
    }
    // Components only HEAD has are changes too, for whatever refers to them.
    let mut queue: Vec<String> = changed.iter().map(|s| s.to_string()).collect();
    queue.extend(head.keys().filter(|name| !base.contains_key(*name)).cloned());
    while let Some(name) = queue.pop() {
        for referrer in referrers.get(&name).into_iter().flatten() {
            if changed.insert(referrer) {
                queue.push(referrer.to_string());
            }
        }
    }
    base.keys().filter(|name| !changed.contains(name.as_str())).map(|name| format!("{PREFIX}{name}")).collect()
}

/// Every `$ref` string in `value`, at any depth.
fn references<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
    match value {
        Value::Object(object) => {
            for (key, inner) in object {
                match (key.as_str(), inner) {
                    ("$ref", Value::String(target)) => found.push(target),
                    _ => references(inner, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| references(item, found)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn document(schemas: Value) -> Value {
        json!({"components": {"schemas": schemas}})
    }

    #[test]
    fn a_change_reaches_everything_that_refers_to_it() {
        let base = document(json!({
            "User": {"properties": {"plan": {"$ref": "#/components/schemas/Plan"}}},
            "Plan": {"type": "string"},
            "Other": {"type": "integer"},
            "Loop": {"items": {"$ref": "#/components/schemas/Loop"}},
        }));
        let head = document(json!({
            "User": {"properties": {"plan": {"$ref": "#/components/schemas/Plan"}}},
            "Plan": {"type": "string", "enum": ["free"]},
            "Other": {"type": "integer"},
            "Loop": {"items": {"$ref": "#/components/schemas/Loop"}},
        }));
        let unchanged = unchanged_references(&base, &head);
        assert_eq!(
            unchanged,
            BTreeSet::from(["#/components/schemas/Loop".to_string(), "#/components/schemas/Other".to_string()])
        );
    }

    #[test]
    fn a_reference_to_a_component_only_head_has_or_outside_the_components_counts_as_a_change() {
        let schemas = json!({
            "A": {"$ref": "#/components/schemas/New"},
            "B": {"$ref": "#/paths/~1x"},
        });
        let base = document(schemas.clone());
        let mut head = document(schemas);
        head["components"]["schemas"]["New"] = json!({"type": "string"});
        assert!(unchanged_references(&base, &head).is_empty());
    }
}
