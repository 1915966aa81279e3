//! A `discriminator`'s implicit tags written out. OpenAPI tags a union member that no
//! `mapping` entry targets by its component's name; this pass adds that entry
//! (`"Cat": "#/components/schemas/Cat"`), so that the facts read one mapping
//! ([`crate::facts::Discriminator`]). It runs before components are renamed: the tag stays
//! the name the server sends, while the target follows the rename.
//!
//! Neither generator reads a discriminator (progenitor drops it), so nothing else changes.

use serde_json::{Map, Value};

/// The members a union with a discriminator lists: its `oneOf`, else its `anyOf`.
fn discriminated_members(schema: &Map<String, Value>) -> Option<&Vec<Value>> {
    schema.get("discriminator")?.get("propertyName")?.as_str()?;
    schema.get("oneOf").or_else(|| schema.get("anyOf"))?.as_array()
}

/// Adds each member's implicit tag to its union's `mapping`.
pub(super) fn write_implicit_tags(document: &mut Value) {
    let unions = elevenlabs_spec::pointers_where(document, &mut |_, schema| discriminated_members(schema).is_some());
    for at in unions {
        let Some(Value::Object(schema)) = document.pointer_mut(&at) else { continue };
        let implicit: Vec<(String, String)> = discriminated_members(schema)
            .into_iter()
            .flatten()
            .filter_map(|member| member.get("$ref")?.as_str())
            .filter_map(|target| Some((elevenlabs_spec::pointer::schema_component(target)?, target.to_string())))
            .collect();
        let Some(Value::Object(discriminator)) = schema.get_mut("discriminator") else { continue };
        let mapping = discriminator.entry("mapping").or_insert_with(|| Value::Object(Map::new()));
        let Value::Object(mapping) = mapping else { continue };
        for (name, target) in implicit {
            let mapped = mapping.values().any(|mapped| mapped.as_str() == Some(target.as_str()));
            if !mapped && !mapping.contains_key(&name) {
                mapping.insert(name, Value::String(target));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_member_no_mapping_targets_is_tagged_by_its_component_name() {
        let mut document = json!({"components": {"schemas": {
            "Pet": {"oneOf": [
                {"$ref": "#/components/schemas/Cat"},
                {"$ref": "#/components/schemas/Dog"},
                {"$ref": "#/components/schemas/a~1b"},
                {"$ref": "#/components/schemas/Cat/properties/inner"},
                {"type": "null"}
            ], "discriminator": {"propertyName": "kind", "mapping": {"dog": "#/components/schemas/Dog"}}},
            "Plain": {"oneOf": [{"$ref": "#/components/schemas/Cat"}]},
            "Taken": {"anyOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
                      "discriminator": {"propertyName": "kind", "mapping": {"Cat": "#/components/schemas/Dog"}}}
        }}});
        write_implicit_tags(&mut document);
        let schemas = &document["components"]["schemas"];
        assert_eq!(
            schemas["Pet"]["discriminator"]["mapping"],
            json!({"dog": "#/components/schemas/Dog", "Cat": "#/components/schemas/Cat", "a/b": "#/components/schemas/a~1b"}),
            "an explicit tag replaces the implicit one; only components are named"
        );
        assert!(schemas["Plain"].get("discriminator").is_none(), "a union without a discriminator is left alone");
        assert_eq!(
            schemas["Taken"]["discriminator"]["mapping"],
            json!({"Cat": "#/components/schemas/Dog"}),
            "a tag already taken is not given to another member"
        );
    }
}
