//! Components without docs of their own, described the way every property that uses
//! them describes them.

use serde_json::Value;

use super::referenced_component;

/// A component with no description of its own, which every property that references it
/// describes alike (`currency` → `Currency`), takes that description, so the generated
/// type's docs say what it is instead of only its name.
pub fn describe_components_by_their_properties(document: &mut Value) {
    let Some(schemas) = document.pointer("/components/schemas").and_then(Value::as_object) else { return };
    let mut descriptions: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> = Default::default();
    for schema in schemas.values() {
        for property in schema.get("properties").and_then(Value::as_object).into_iter().flat_map(|p| p.values()) {
            let (Some(target), Some(text)) =
                (referenced_component(property), property.get("description").and_then(Value::as_str))
            else {
                continue;
            };
            descriptions.entry(target).or_default().insert(text.to_string());
        }
    }
    for (component, texts) in descriptions {
        let pointer = format!("/components/schemas/{}", elevenlabs_spec::pointer::escape(&component));
        if let (Some(Value::Object(schema)), 1) = (document.pointer_mut(&pointer), texts.len()) {
            if !schema.contains_key("description") {
                schema.insert("description".into(), Value::String(texts.into_iter().next().unwrap_or_default()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_component_without_docs_takes_the_one_description_its_properties_give_it() {
        let mut document = json!({"components": {"schemas": {
            "Sub": {"properties": {
                "currency": {"allOf": [{"$ref": "#/components/schemas/Currency"}], "nullable": true,
                             "description": "The currency of the user's subscription."},
                "period": {"$ref": "#/components/schemas/Period", "description": "one"},
                "other_period": {"$ref": "#/components/schemas/Period", "description": "two"},
                "tier": {"$ref": "#/components/schemas/Tier", "description": "ignored"}
            }},
            "Currency": {"type": "string", "enum": ["usd"]},
            "Period": {"type": "string", "enum": ["monthly"]},
            "Tier": {"type": "string", "description": "Its own."}
        }}});
        describe_components_by_their_properties(&mut document);
        let described = |name: &str| document.pointer(&format!("/components/schemas/{name}/description")).cloned();
        assert_eq!(described("Currency"), Some(json!("The currency of the user's subscription.")));
        assert_eq!(described("Period"), None, "two different descriptions: neither is the type's");
        assert_eq!(described("Tier"), Some(json!("Its own.")));
    }
}
