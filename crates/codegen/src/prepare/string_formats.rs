//! String schemas whose typify types need crates the models do not depend on.
//!
//! - `format: date-time`, `date`, `uuid`, `ip`, `ipv4` and `ipv6` stay `String`: the value
//!   is kept exactly as the server sent it, so a model written back is byte-for-byte what
//!   was read (chrono would rewrite offsets and fractions, `std::net` an address's zeros),
//!   a value that strays from the format does not fail the whole response (JSON Schema
//!   2020-12 makes `format` an annotation), decoding costs nothing extra, and the models
//!   need no date or UUID crate. The format is named in the docs.
//!
//! A `pattern` is a bound, documented with the others in `bounds.rs`.

use serde_json::{Map, Value};

use elevenlabs_spec::pointers_where;

/// Formats typify maps to types that refuse or rewrite what they read: chrono's and uuid's
/// (crates the models do not use), and `std::net`'s addresses.
const FORMATS_KEPT_AS_STRING: &[&str] = &["date-time", "date", "uuid", "ip", "ipv4", "ipv6"];

/// Moves those formats into the description.
pub fn document_string_formats(document: &mut Value) {
    let pointers = pointers_where(document, &mut |_, schema| {
        let format = schema.get("format").and_then(Value::as_str);
        format.is_some_and(|f| FORMATS_KEPT_AS_STRING.contains(&f))
    });
    for pointer in pointers {
        let Some(Value::Object(schema)) = document.pointer_mut(&pointer) else { continue };
        if let Some(format) =
            schema.get("format").and_then(Value::as_str).filter(|f| FORMATS_KEPT_AS_STRING.contains(f))
        {
            let line = format!("Format: `{format}`, kept as the string the server sent.");
            schema.remove("format");
            append_description(schema, &line);
        }
    }
}

/// Adds a paragraph to a schema's description (typify puts it in the type's docs).
pub(super) fn append_description(schema: &mut Map<String, Value>, line: &str) {
    let text = match schema.get("description").and_then(Value::as_str) {
        Some(description) if !description.trim().is_empty() => format!("{}\n\n{line}", description.trim_end()),
        _ => line.to_string(),
    };
    schema.insert("description".into(), Value::String(text));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn formats_become_documentation() {
        let mut document = json!({"properties": {
            "at": {"type": "string", "format": "date-time", "description": "When."},
            "port": {"type": "string", "format": "binary"},
            "from": {"type": "string", "format": "ipv6"}
        }});
        document_string_formats(&mut document);
        let properties = &document["properties"];
        assert_eq!(
            properties["at"],
            json!({"type": "string", "description": "When.\n\nFormat: `date-time`, kept as the string the server sent."})
        );
        assert_eq!(properties["port"]["format"], "binary");
        assert_eq!(properties["from"]["description"], "Format: `ipv6`, kept as the string the server sent.");
    }
}
