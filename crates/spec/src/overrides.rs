//! Small, reasoned corrections applied on top of a vendored fragment, so re-vendoring
//! never loses them.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Result, SpecError};
use crate::pointer;

/// The contents of `openapi/overrides.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Overrides {
    pub overrides: Vec<Override>,
}

/// One correction and the one-line reason for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Override {
    pub reason: String,
    #[serde(flatten)]
    pub change: Change,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Change {
    /// Adds a property that the document lacks.
    AddProperty {
        schema: String,
        property: String,
        definition: Value,
        #[serde(default)]
        required: bool,
    },
    /// Removes a property from its schema's `required` list.
    MakeOptional { schema: String, property: String },
    /// Replaces the value at a JSON pointer whose parent exists.
    Set { pointer: String, value: Value },
    /// Renames a component schema and every `$ref` to it, so the generated Rust type keeps
    /// a name (`to`) however upstream names the schema.
    RenameSchema { schema: String, to: String },
}

/// What happened to one override.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Applied,
    /// The target was absent or the change was already there; the text says which.
    Skipped(String),
}

impl Overrides {
    pub fn parse(text: &str) -> Result<Self> {
        let overrides: Self =
            serde_json::from_str(text).map_err(|e| SpecError::at("", format!("invalid overrides: {e}")))?;
        for (i, o) in overrides.overrides.iter().enumerate() {
            if o.reason.trim().is_empty() {
                return Err(SpecError::at(format!("/overrides/{i}/reason"), "every override needs a reason"));
            }
        }
        Ok(overrides)
    }

    /// Applies every override in order; one whose target is absent is skipped, not fatal.
    pub fn apply(&self, document: &mut Value) -> Vec<(Override, Outcome)> {
        self.overrides.iter().map(|o| (o.clone(), o.change.apply(document))).collect()
    }
}

impl Change {
    fn apply(&self, document: &mut Value) -> Outcome {
        match self {
            Change::AddProperty { schema, property, definition, required } => {
                let Some(target) = schema_mut(document, schema) else {
                    return Outcome::Skipped(format!("schema {schema} is not in the document"));
                };
                let properties = target.entry("properties").or_insert_with(|| Value::Object(Default::default()));
                let Some(properties) = properties.as_object_mut() else {
                    return Outcome::Skipped(format!("{schema}.properties is not an object"));
                };
                if properties.contains_key(property) {
                    return Outcome::Skipped(format!("{schema}.{property} is already in the document"));
                }
                properties.insert(property.clone(), definition.clone());
                if *required {
                    let list = target.entry("required").or_insert_with(|| Value::Array(Vec::new()));
                    if let Some(list) = list.as_array_mut() {
                        list.push(Value::String(property.clone()));
                    }
                }
                Outcome::Applied
            }
            Change::MakeOptional { schema, property } => {
                let Some(target) = schema_mut(document, schema) else {
                    return Outcome::Skipped(format!("schema {schema} is not in the document"));
                };
                let Some(required) = target.get_mut("required").and_then(Value::as_array_mut) else {
                    return Outcome::Skipped(format!("{schema}.{property} is not required"));
                };
                let before = required.len();
                required.retain(|name| name.as_str() != Some(property));
                if required.len() == before {
                    return Outcome::Skipped(format!("{schema}.{property} is not required"));
                }
                Outcome::Applied
            }
            Change::RenameSchema { schema, to } => rename_schema(document, schema, to),
            Change::Set { pointer: target, value } => {
                let Some((parent, token)) = target.rsplit_once('/') else {
                    return Outcome::Skipped(format!("{target:?} is not a JSON pointer"));
                };
                match document.pointer_mut(parent) {
                    Some(Value::Object(object)) => {
                        object.insert(pointer::unescape(token), value.clone());
                        Outcome::Applied
                    }
                    _ => Outcome::Skipped(format!("{parent} is not an object in the document")),
                }
            }
        }
    }
}

/// Renames component `from` to `to` and rewrites every reference to it.
pub fn rename_schema(document: &mut Value, from: &str, to: &str) -> Outcome {
    let Some(schemas) = document.pointer_mut("/components/schemas").and_then(Value::as_object_mut) else {
        return Outcome::Skipped(format!("schema {from} is not in the document"));
    };
    if schemas.contains_key(to) {
        return Outcome::Skipped(format!("schema {to} is already in the document"));
    }
    let Some(schema) = schemas.remove(from) else {
        return Outcome::Skipped(format!("schema {from} is not in the document"));
    };
    schemas.insert(to.to_string(), schema);
    let (old, new) = (pointer::join("#/components/schemas", from), pointer::join("#/components/schemas", to));
    rewrite_refs(document, &old, &new);
    Outcome::Applied
}

fn rewrite_refs(value: &mut Value, old: &str, new: &str) {
    match value {
        Value::Object(object) => {
            for (key, child) in object.iter_mut() {
                match child {
                    Value::String(target) if key == "$ref" && target == old => *target = new.to_string(),
                    // A discriminator mapping names schemas by reference too.
                    Value::String(target) if target == old => *target = new.to_string(),
                    _ => rewrite_refs(child, old, new),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| rewrite_refs(item, old, new)),
        _ => {}
    }
}

fn schema_mut<'a>(document: &'a mut Value, name: &str) -> Option<&'a mut serde_json::Map<String, Value>> {
    document.pointer_mut(&pointer::join("/components/schemas", name)).and_then(Value::as_object_mut)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn overrides(value: Value) -> Overrides {
        Overrides::parse(&value.to_string()).unwrap()
    }

    #[test]
    fn applies_and_reports_each_override() {
        let mut doc = json!({"components": {"schemas": {"U": {"properties": {"a": {}}, "required": ["a"]}}}});
        let list = overrides(json!({"overrides": [
            {"op": "add-property", "schema": "U", "property": "k", "definition": {"type": "string"}, "reason": "r"},
            {"op": "add-property", "schema": "U", "property": "a", "definition": {}, "reason": "r"},
            {"op": "make-optional", "schema": "U", "property": "a", "reason": "r"},
            {"op": "make-optional", "schema": "Gone", "property": "a", "reason": "r"},
            {"op": "set", "pointer": "/components/schemas/U/title", "value": "User", "reason": "r"},
            {"op": "set", "pointer": "/nowhere/x", "value": 1, "reason": "r"}
        ]}));
        let outcomes: Vec<Outcome> = list.apply(&mut doc).into_iter().map(|(_, o)| o).collect();
        assert_eq!(outcomes[0], Outcome::Applied);
        assert_eq!(outcomes[1], Outcome::Skipped("U.a is already in the document".into()));
        assert_eq!(outcomes[2], Outcome::Applied);
        assert_eq!(outcomes[3], Outcome::Skipped("schema Gone is not in the document".into()));
        assert_eq!(outcomes[4], Outcome::Applied);
        assert!(matches!(outcomes[5], Outcome::Skipped(_)));
        assert_eq!(
            doc["components"]["schemas"]["U"],
            json!({"properties": {"a": {}, "k": {"type": "string"}}, "required": [], "title": "User"})
        );
    }

    #[test]
    fn a_renamed_schema_takes_its_references_along() {
        let mut doc = json!({"components": {"schemas": {
            "SubscriptionStatusType": {"type": "string", "enum": ["active"]},
            "Sub": {"properties": {"status": {"$ref": "#/components/schemas/SubscriptionStatusType"}}}
        }}});
        let list = overrides(json!({"overrides": [
            {"op": "rename-schema", "schema": "SubscriptionStatusType", "to": "SubscriptionStatus", "reason": "keep the name"},
            {"op": "rename-schema", "schema": "Gone", "to": "X", "reason": "r"},
            {"op": "rename-schema", "schema": "Sub", "to": "SubscriptionStatus", "reason": "r"}
        ]}));
        let outcomes: Vec<Outcome> = list.apply(&mut doc).into_iter().map(|(_, o)| o).collect();
        assert_eq!(outcomes[0], Outcome::Applied);
        assert_eq!(outcomes[1], Outcome::Skipped("schema Gone is not in the document".into()));
        assert_eq!(outcomes[2], Outcome::Skipped("schema SubscriptionStatus is already in the document".into()));
        assert_eq!(
            doc["components"]["schemas"]["Sub"]["properties"]["status"]["$ref"],
            "#/components/schemas/SubscriptionStatus"
        );
        assert!(doc["components"]["schemas"].get("SubscriptionStatusType").is_none());
    }

    #[test]
    fn every_override_needs_a_reason() {
        let text =
            json!({"overrides": [{"op": "make-optional", "schema": "U", "property": "a", "reason": " "}]}).to_string();
        assert_eq!(Overrides::parse(&text).unwrap_err().pointer, "/overrides/0/reason");
        assert!(Overrides::parse("{").is_err());
    }
}
