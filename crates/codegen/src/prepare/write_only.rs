//! Required properties marked `writeOnly`. OpenAPI requires such a property in requests
//! only: responses may leave it out. typify makes one type for both directions, so it is
//! generated as optional, and the models read a response without it.

use serde_json::Value;

/// Drops every `writeOnly` property from its object's `required`; returns where each was
/// (the object's JSON pointer) and its name.
pub fn relax_required_write_only_properties(document: &mut Value) -> Vec<(String, String)> {
    let mut found = Vec::new();
    elevenlabs_spec::for_each_object(document, "", &mut |at, object| {
        let (Some(Value::Array(required)), Some(Value::Object(properties))) =
            (object.get("required"), object.get("properties"))
        else {
            return;
        };
        for name in required.iter().filter_map(Value::as_str) {
            if properties.get(name).and_then(|p| p.get("writeOnly")) == Some(&Value::Bool(true)) {
                found.push((at.to_string(), name.to_string()));
            }
        }
    });
    for (at, name) in &found {
        if let Some(Value::Array(required)) = document.pointer_mut(&format!("{at}/required")) {
            required.retain(|r| r.as_str() != Some(name));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_required_write_only_property_becomes_optional_and_no_other() {
        let mut document = json!({"components": {"schemas": {"User": {
            "type": "object",
            "required": ["id", "password", "token"],
            "properties": {
                "id": {"type": "string", "readOnly": true},
                "password": {"type": "string", "writeOnly": true},
                "token": {"allOf": [{"$ref": "#/components/schemas/Token"}], "writeOnly": true},
                "inner": {"type": "object", "required": ["pin"], "properties": {"pin": {"type": "integer", "writeOnly": true}}}
            }
        }}}});
        let found = relax_required_write_only_properties(&mut document);
        assert_eq!(
            found,
            [
                ("/components/schemas/User".to_string(), "password".to_string()),
                ("/components/schemas/User".to_string(), "token".to_string()),
                ("/components/schemas/User/properties/inner".to_string(), "pin".to_string()),
            ]
        );
        let user = &document["components"]["schemas"]["User"];
        assert_eq!(user["required"], json!(["id"]));
        assert_eq!(user["properties"]["inner"]["required"], json!([]));
    }
}
