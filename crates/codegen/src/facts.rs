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

/// Property facts keyed by the Rust type name typify gives each component, then by JSON name.
#[derive(Debug, Default)]
pub struct SchemaFacts {
    by_type: BTreeMap<String, BTreeMap<String, PropertyFacts>>,
}

impl SchemaFacts {
    pub fn collect(normalized: &Value) -> Self {
        let mut by_type = BTreeMap::new();
        let Some(schemas) = normalized.pointer("/components/schemas").and_then(Value::as_object) else {
            return Self { by_type };
        };
        for (name, schema) in schemas {
            let Some(properties) = schema.get("properties").and_then(Value::as_object) else { continue };
            let required: Vec<&str> = schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let facts = properties
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
                .collect();
            by_type.insert(rust_type_name(name), facts);
        }
        Self { by_type }
    }

    pub fn property(&self, type_name: &str, json_name: &str) -> Option<&PropertyFacts> {
        self.by_type.get(type_name)?.get(json_name)
    }
}

/// The name typify gives a component schema (its `sanitize(name, Pascal)` for plain names).
pub fn rust_type_name(component: &str) -> String {
    component.replace('\'', "").replace(|c: char| !c.is_alphanumeric() && c != '_', "-").to_pascal_case()
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
            facts.property("U", "old"),
            Some(&PropertyFacts { deprecated: Some("Use new.".into()), nullable: true, required: false })
        );
        assert_eq!(
            facts.property("U", "new"),
            Some(&PropertyFacts { deprecated: None, nullable: false, required: true })
        );
    }
}
