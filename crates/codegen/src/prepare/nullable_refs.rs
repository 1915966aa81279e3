//! Components that are nullable as a whole. typify wraps such a component in a newtype
//! of `Option<inner>` and gives the inner union or struct the same name, so the file
//! defines it twice. Saying "may be null" where the component is used instead, and not on
//! the component, accepts exactly the same documents.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use elevenlabs_spec::pointers_where;

/// Moves the nullability of every nullable component to the places that reference it.
pub fn make_references_nullable(document: &mut Value) {
    let Some(Value::Object(schemas)) = document.pointer_mut("/components/schemas") else { return };
    let mut targets = BTreeSet::new();
    for (name, schema) in schemas.iter_mut() {
        if let Some(schema) = schema.as_object_mut() {
            if schema.get("nullable") == Some(&Value::Bool(true)) {
                schema.remove("nullable");
                targets.insert(format!("#/components/schemas/{}", elevenlabs_spec::pointer::escape(name)));
            }
        }
    }
    if targets.is_empty() {
        return;
    }
    let names_target = |value: &Value| value.get("$ref").and_then(Value::as_str).is_some_and(|r| targets.contains(r));
    // `{allOf: [{$ref}], …}` is the normalized form of a reference with siblings: it
    // becomes nullable itself; any other reference is wrapped in that form.
    let wrappers = pointers_where(
        document,
        &mut |_, object| matches!(object.get("allOf"), Some(Value::Array(members)) if members.len() == 1 && names_target(&members[0])),
    );
    let wrapped_members: BTreeSet<String> = wrappers.iter().map(|w| format!("{w}/allOf/0")).collect();
    let bare = pointers_where(document, &mut |at, object| {
        object.get("$ref").and_then(Value::as_str).is_some_and(|r| targets.contains(r)) && !wrapped_members.contains(at)
    });
    for pointer in wrappers {
        if let Some(Value::Object(wrapper)) = document.pointer_mut(&pointer) {
            wrapper.insert("nullable".into(), Value::Bool(true));
        }
    }
    for pointer in bare {
        if let Some(Value::Object(site)) = document.pointer_mut(&pointer) {
            let reference = site.remove("$ref").unwrap_or(Value::Null);
            site.insert("allOf".into(), json!([{"$ref": reference}]));
            site.insert("nullable".into(), Value::Bool(true));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_moves_from_the_component_to_where_it_is_used() {
        let mut document = json!({"components": {"schemas": {
            "Value": {"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": true},
            "Plain": {"type": "string"},
            "User": {"properties": {
                "direct": {"$ref": "#/components/schemas/Value"},
                "described": {"allOf": [{"$ref": "#/components/schemas/Value"}], "description": "d"},
                "list": {"type": "array", "items": {"$ref": "#/components/schemas/Value"}},
                "plain": {"$ref": "#/components/schemas/Plain"}
            }}
        }}});
        make_references_nullable(&mut document);
        let schemas = &document["components"]["schemas"];
        assert!(schemas["Value"].get("nullable").is_none());
        let wrapped = json!({"allOf": [{"$ref": "#/components/schemas/Value"}], "nullable": true});
        assert_eq!(schemas["User"]["properties"]["direct"], wrapped);
        assert_eq!(schemas["User"]["properties"]["list"]["items"], wrapped);
        assert_eq!(
            schemas["User"]["properties"]["described"],
            json!({"allOf": [{"$ref": "#/components/schemas/Value"}], "description": "d", "nullable": true})
        );
        assert_eq!(schemas["User"]["properties"]["plain"], json!({"$ref": "#/components/schemas/Plain"}));
    }
}
