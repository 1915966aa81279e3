//! Finding `$ref`s in a document without mistaking example data for structure.

use serde_json::Value;

use crate::pointer;

/// Keys whose values are literal data, never structure.
const DATA_KEYS: &[&str] = &["example", "default", "enum", "const"];
/// Keys whose values map arbitrary names to structure (so a name is never a keyword).
const NAME_MAP_KEYS: &[&str] = &["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];

/// Calls `found(pointer_of_ref_site, target)` for every `$ref` and discriminator mapping in `value`.
pub fn for_each_ref(value: &Value, at: &str, found: &mut dyn FnMut(&str, &str)) {
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                let child_at = pointer::join(at, key);
                match (key.as_str(), child) {
                    ("$ref", Value::String(target)) => found(&child_at, target),
                    (k, _) if DATA_KEYS.contains(&k) => {}
                    // Schema `examples` is a list of data; media-type `examples` is a map of Example objects.
                    ("examples", Value::Array(_)) => {}
                    ("mapping", Value::Object(mapping)) if at.ends_with("/discriminator") => {
                        for (name, target) in mapping {
                            if let Value::String(target) = target {
                                found(&pointer::join(&child_at, name), target);
                            }
                        }
                    }
                    (k, Value::Object(names)) if NAME_MAP_KEYS.contains(&k) => {
                        for (name, schema) in names {
                            for_each_ref(schema, &pointer::join(&child_at, name), found);
                        }
                    }
                    _ => for_each_ref(child, &child_at, found),
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                for_each_ref(item, &format!("{at}/{i}"), found);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn skips_data_but_not_properties_named_like_keywords() {
        let schema = json!({
            "properties": {
                "default": {"$ref": "#/components/schemas/A"},
                "x": {"example": {"$ref": "not-a-ref"}, "examples": [{"$ref": "nor-this"}]}
            },
            "discriminator": {"mapping": {"b": "#/components/schemas/B"}}
        });
        let mut refs = Vec::new();
        for_each_ref(&schema, "", &mut |at, target| refs.push((at.to_string(), target.to_string())));
        assert_eq!(
            refs,
            vec![
                ("/discriminator/mapping/b".to_string(), "#/components/schemas/B".to_string()),
                ("/properties/default/$ref".to_string(), "#/components/schemas/A".to_string()),
            ]
        );
    }
}
