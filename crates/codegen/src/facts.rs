//! What the normalized schema knows about each generated struct field that typify does
//! not carry into its output (deprecation, for now).

use std::collections::BTreeMap;

use heck::ToPascalCase;
use serde_json::Value;

/// Facts about one property of an object schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyFacts {
    /// `Some(note)` when the property is `deprecated: true`; the note is its description.
    pub deprecated: Option<String>,
    /// The property may be `null`.
    pub nullable: bool,
    /// The property is in its object's `required` list.
    pub required: bool,
}

/// Property facts keyed by the Rust type name typify gives each component, then by JSON
/// name; for inline object schemas, whose type names typify makes up, keyed by the set of
/// their property names instead.
#[derive(Debug, Default)]
pub struct SchemaFacts {
    by_type: BTreeMap<String, BTreeMap<String, PropertyFacts>>,
    /// `None` where two inline schemas with the same property names differ in their facts.
    by_properties: BTreeMap<Vec<String>, Option<BTreeMap<String, PropertyFacts>>>,
}

impl SchemaFacts {
    pub fn collect(normalized: &Value) -> Self {
        let mut facts = Self::default();
        let components = normalized.pointer("/components/schemas").and_then(Value::as_object);
        for (name, schema) in components.into_iter().flatten() {
            if let Some(properties) = properties_facts(schema) {
                facts.by_type.insert(rust_type_name(name), properties);
            }
        }
        elevenlabs_spec::for_each_object(normalized, "", &mut |at, schema| {
            let is_component = at.strip_prefix("/components/schemas/").is_some_and(|rest| !rest.contains('/'));
            let schema = Value::Object(schema.clone());
            let Some(properties) = (!is_component).then(|| properties_facts(&schema)).flatten() else { return };
            let key: Vec<String> = properties.keys().cloned().collect();
            facts
                .by_properties
                .entry(key)
                .and_modify(|known| {
                    if known.as_ref() != Some(&properties) {
                        *known = None;
                    }
                })
                .or_insert_with(|| Some(properties.clone()));
        });
        facts
    }

    /// The facts of the struct `type_name`, whose fields have `json_names`: a component's
    /// by its name, an inline schema's by its property names when they are unambiguous.
    pub fn of_struct(&self, type_name: &str, json_names: &[String]) -> Option<&BTreeMap<String, PropertyFacts>> {
        if let Some(facts) = self.by_type.get(type_name) {
            return Some(facts);
        }
        let mut key = json_names.to_vec();
        key.sort();
        self.by_properties.get(&key)?.as_ref()
    }
}

/// The facts of each property of an object schema, if it has properties.
fn properties_facts(schema: &Value) -> Option<BTreeMap<String, PropertyFacts>> {
    let properties = schema.get("properties")?.as_object()?;
    let required: Vec<&str> =
        schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    Some(
        properties
            .iter()
            .map(|(property, schema)| {
                let deprecated = (schema.get("deprecated") == Some(&Value::Bool(true))).then(|| {
                    schema
                        .get("description")
                        .and_then(Value::as_str)
                        .unwrap_or("deprecated in the API description")
                        .to_string()
                });
                let nullable = schema.get("nullable") == Some(&Value::Bool(true));
                let required = required.contains(&property.as_str());
                (property.clone(), PropertyFacts { deprecated, nullable, required })
            })
            .collect(),
    )
}

/// The name typify gives a component schema (its `sanitize(name, Pascal)` for plain names).
pub fn rust_type_name(component: &str) -> String {
    crate::spelling::typify_sanitized(component).to_pascal_case()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_match_typify_and_deprecations_are_found() {
        assert_eq!(rust_type_name("HTTPValidationError"), "HttpValidationError");
        assert_eq!(rust_type_name("UserResponseModel"), "UserResponseModel");
        let facts = SchemaFacts::collect(&json!({"components": {"schemas": {"U": {"required": ["new"], "properties": {
            "old": {"deprecated": true, "description": "Use new.", "nullable": true}, "new": {}
        }}}}}));
        assert_eq!(
            facts.of_struct("U", &[]).and_then(|f| f.get("old")),
            Some(&PropertyFacts { deprecated: Some("Use new.".into()), nullable: true, required: false })
        );
        assert_eq!(
            facts.of_struct("U", &[]).and_then(|f| f.get("new")),
            Some(&PropertyFacts { deprecated: None, nullable: false, required: true })
        );
    }

    #[test]
    fn inline_objects_are_found_by_their_property_names_unless_ambiguous() {
        let facts = SchemaFacts::collect(&json!({"components": {"schemas": {
            "A": {"properties": {"inner": {"properties": {"n": {"nullable": true}, "m": {}}}}},
            "B": {"properties": {
                "x": {"properties": {"p": {"nullable": true}}},
                "y": {"properties": {"p": {}}}
            }}
        }}}));
        let inner = facts.of_struct("AInner", &["n".into(), "m".into()]).expect("found by its property names");
        assert!(inner["n"].nullable && !inner["m"].nullable);
        assert!(facts.of_struct("BX", &["p".into()]).is_none(), "two inline objects {{p}} disagree");
    }
}
