//! Visiting every object of a document that is structure (a schema, an operation, a
//! response), never the literal data inside a `default` or an `example`.

use serde_json::{Map, Value};

/// Calls `visit(pointer, object)` for every structural object under `value`, parents first.
pub fn for_each_object<'a>(value: &'a Value, at: &str, visit: &mut dyn FnMut(&str, &'a Map<String, Value>)) {
    walk(value, at, false, visit);
}

fn walk<'a>(value: &'a Value, at: &str, names: bool, visit: &mut dyn FnMut(&str, &'a Map<String, Value>)) {
    match value {
        Value::Object(object) => {
            if !names {
                visit(at, object);
            }
            for (key, child) in object {
                if names || !elevenlabs_spec::holds_data(key, child) {
                    let child_names = !names && elevenlabs_spec::holds_names(key, child);
                    walk(child, &elevenlabs_spec::pointer::join(at, key), child_names, visit);
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                walk(item, &elevenlabs_spec::pointer::join(at, &index.to_string()), false, visit);
            }
        }
        _ => {}
    }
}

/// The pointers of every structural object for which `select` holds.
pub fn pointers_where(document: &Value, select: &mut dyn FnMut(&str, &Map<String, Value>) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    for_each_object(document, "", &mut |at, object| {
        if select(at, object) {
            found.push(at.to_string());
        }
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn data_is_skipped_and_names_are_not_keywords() {
        let document =
            json!({"properties": {"default": {"type": "string"}}, "default": {"type": "x"}, "example": {"a": {}}});
        let pointers = pointers_where(&document, &mut |_, object| object.contains_key("type"));
        assert_eq!(pointers, ["/properties/default"]);
    }
}
