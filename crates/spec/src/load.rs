//! Reading OpenAPI documents from JSON or YAML.

use std::path::Path;

use serde_json::{Map, Value};

use crate::error::{Result, SpecError};

/// The OpenAPI line a document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenApiVersion {
    V3_0,
    V3_1,
    V3_2,
}

/// A parsed OpenAPI document.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub value: Value,
    pub version: OpenApiVersion,
}

impl Document {
    /// Wraps an already parsed value, checking that it is OpenAPI 3.0, 3.1 or 3.2, with
    /// every reference that names a place other than a component rewritten to name one
    /// ([`references`](crate::references)).
    pub fn from_value(mut value: Value) -> Result<Self> {
        let version = detect_version(&value)?;
        crate::references::into_components(&mut value)?;
        Ok(Self { value, version })
    }

    /// `info.version` of the document, when present.
    pub fn info_version(&self) -> Option<&str> {
        self.value.pointer("/info/version").and_then(Value::as_str)
    }
}

/// Reads and parses a document from a file; errors name the file.
pub fn load_path(path: &Path) -> Result<Document> {
    let bytes = std::fs::read(path).map_err(|e| {
        let what = if path.is_dir() {
            "cannot read: it is a directory, not a file".to_string()
        } else {
            format!("cannot read: {e}")
        };
        SpecError::at("", what).in_file(path)
    })?;
    parse_bytes(&bytes).map_err(|e| e.in_file(path))
}

/// Parses a document from bytes: JSON when it starts with `{`, YAML otherwise.
pub fn parse_bytes(bytes: &[u8]) -> Result<Document> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| SpecError::at("", format!("not UTF-8 text (invalid byte at offset {})", e.valid_up_to())))?;
    Document::from_value(parse_text(text)?)
}

/// Parses JSON or YAML text into a JSON value, without checking that it is OpenAPI.
pub fn parse_text(text: &str) -> Result<Value> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.is_empty() {
        return Err(SpecError::at("", "the document is empty"));
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        serde_json::from_str(trimmed).map_err(|e| SpecError::at("", format!("invalid JSON: {e}")))
    } else {
        let yaml: serde_norway::Value =
            serde_norway::from_str(trimmed).map_err(|e| SpecError::at("", format!("invalid YAML: {e}")))?;
        yaml_to_json(yaml, "")
    }
}

/// YAML allows non-string keys (`200:` in responses); JSON and OpenAPI want strings.
fn yaml_to_json(yaml: serde_norway::Value, pointer: &str) -> Result<Value> {
    use serde_norway::Value as Y;
    Ok(match yaml {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f)
                    .map(Value::Number)
                    .ok_or_else(|| SpecError::at(pointer, format!("the number {n} has no JSON form")))?
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| yaml_to_json(item, &format!("{pointer}/{i}")))
                .collect::<Result<_>>()?,
        ),
        Y::Mapping(mapping) => {
            let mut object = Map::new();
            for (key, value) in mapping {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    other => {
                        return Err(SpecError::at(pointer, format!("unsupported YAML mapping key {other:?}")));
                    }
                };
                let child = crate::pointer::join(pointer, &key);
                object.insert(key, yaml_to_json(value, &child)?);
            }
            Value::Object(object)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value, pointer)?,
    })
}

fn detect_version(value: &Value) -> Result<OpenApiVersion> {
    let Some(object) = value.as_object() else {
        return Err(SpecError::at("", "not an OpenAPI document: the top level is not an object"));
    };
    if let Some(swagger) = object.get("swagger") {
        return Err(SpecError::at(
            "/swagger",
            format!("Swagger {swagger} is not supported; convert it to OpenAPI 3 first"),
        ));
    }
    let version = match object.get("openapi") {
        Some(Value::String(version)) => version,
        Some(other) => return Err(SpecError::at("/openapi", format!("expected a version string, found {other}"))),
        None => return Err(SpecError::at("/openapi", "not an OpenAPI document: no `openapi` field")),
    };
    let mut parts = version.split('.');
    match (parts.next(), parts.next()) {
        (Some("3"), Some("0")) => Ok(OpenApiVersion::V3_0),
        (Some("3"), Some("1")) => Ok(OpenApiVersion::V3_1),
        (Some("3"), Some("2")) => Ok(OpenApiVersion::V3_2),
        _ => Err(SpecError::at(
            "/openapi",
            format!("unsupported OpenAPI version {version:?}; supported: 3.0.x, 3.1.x, 3.2.x"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_json_and_yaml_alike() {
        let json = parse_bytes(
            br#"{"openapi": "3.1.0", "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}}}"#,
        )
        .unwrap();
        let yaml = parse_bytes(
            b"openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses:\n        200:\n          description: ok\n",
        )
        .unwrap();
        assert_eq!(json, yaml);
        assert_eq!(json.version, OpenApiVersion::V3_1);
    }

    #[test]
    fn rejects_what_is_not_openapi_3() {
        let message = |bytes: &[u8]| parse_bytes(bytes).unwrap_err().to_string();
        assert!(message(b"").contains("empty"));
        assert!(message(b"\xff\xfe").contains("UTF-8"));
        assert!(message(b"{\"openapi\": ").contains("invalid JSON"));
        assert!(message(b"a: [b").contains("invalid YAML"));
        assert!(message(br#"{"swagger": "2.0"}"#).contains("Swagger"));
        assert!(message(br#"{"openapi": "4.0.0"}"#).contains("unsupported OpenAPI version"));
        assert!(message(br#"{"info": {}}"#).contains("no `openapi` field"));
        assert!(message(b"[1]").contains("not an object"));
    }

    #[test]
    fn an_alias_bomb_is_refused_quickly() {
        let mut bomb = String::from("openapi: 3.1.0\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for level in 1..10 {
            let previous = format!("*a{}", level - 1);
            bomb.push_str(&format!("a{level}: &a{level} [{}]\n", vec![previous; 9].join(", ")));
        }
        let started = std::time::Instant::now();
        let error = parse_bytes(bomb.as_bytes()).unwrap_err().to_string();
        assert!(error.contains("invalid YAML") && error.contains("repetition limit"), "{error}");
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn yaml_number_and_boolean_keys_are_strings() {
        let yaml =
            parse_bytes(b"openapi: 3.1.0\npaths: {}\nx-codes:\n  200: ok\n  404: missing\n  true: yes\n").unwrap();
        assert_eq!(yaml.value["x-codes"], serde_json::json!({"200": "ok", "404": "missing", "true": "yes"}));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse_bytes(deep.as_bytes()).unwrap_err().to_string().contains("invalid JSON"));
        let deep_yaml = format!("a: {}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse_bytes(deep_yaml.as_bytes()).is_err());
    }
}
