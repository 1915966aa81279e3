//! The JSON Schema of the generated models (from schemars) agrees with the vendored
//! fragment property by property: names, required-ness, nullability and enum sets.

use std::collections::{BTreeMap, BTreeSet};

use elevenlabs_codegen::{prepare, rust_type_name};
use elevenlabs_user_tests::{models_json_schemas, vendored_inputs};
use serde_json::Value;

/// What one property promises, read from either side.
#[derive(Debug, PartialEq)]
struct Property {
    required: bool,
    nullable: bool,
    values: Option<BTreeSet<String>>,
}

fn resolve<'a>(schema: &'a Value, definitions: &'a BTreeMap<String, Value>) -> &'a Value {
    let reference = schema.get("$ref").and_then(Value::as_str);
    match reference.and_then(|r| r.rsplit('/').next()).and_then(|name| definitions.get(name)) {
        Some(target) => resolve(target, definitions),
        None => schema,
    }
}

/// The first alternative that is not `null`, through `allOf` / `anyOf` wrappers.
fn core<'a>(schema: &'a Value, definitions: &'a BTreeMap<String, Value>) -> &'a Value {
    let schema = resolve(schema, definitions);
    for keyword in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(members)) = schema.get(keyword) {
            let non_null: Vec<&Value> = members.iter().filter(|m| !is_null_type(m)).collect();
            if non_null.len() == 1 {
                return core(non_null[0], definitions);
            }
        }
    }
    schema
}

fn is_null_type(schema: &Value) -> bool {
    schema.get("type") == Some(&Value::from("null"))
}

fn nullable(schema: &Value, definitions: &BTreeMap<String, Value>) -> bool {
    let schema = resolve(schema, definitions);
    schema.get("nullable") == Some(&Value::Bool(true))
        || schema.get("type").and_then(Value::as_array).is_some_and(|types| types.contains(&Value::from("null")))
        || ["anyOf", "oneOf"]
            .iter()
            .any(|k| schema.get(*k).and_then(Value::as_array).is_some_and(|m| m.iter().any(is_null_type)))
}

fn properties(object: &Value, definitions: &BTreeMap<String, Value>) -> BTreeMap<String, Property> {
    let required: BTreeSet<&str> =
        object.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    let Some(Value::Object(properties)) = object.get("properties") else { return BTreeMap::new() };
    properties
        .iter()
        .map(|(name, schema)| {
            let values = core(schema, definitions)
                .get("enum")
                .and_then(Value::as_array)
                .map(|values| values.iter().filter(|v| !v.is_null()).map(|v| v.to_string()).collect());
            (
                name.clone(),
                Property {
                    required: required.contains(name.as_str()),
                    nullable: nullable(schema, definitions),
                    values,
                },
            )
        })
        .collect()
}

#[test]
fn models_schema_agrees_with_the_vendored_fragment() {
    let (fragment, overrides) = vendored_inputs();
    let spec = prepare(&fragment, &overrides).unwrap().document;
    let spec_schemas: BTreeMap<String, Value> = serde_json::from_value(spec["components"]["schemas"].clone()).unwrap();

    let rust_schemas: BTreeMap<String, Value> = models_json_schemas().into_iter().collect();

    let mut disagreements = Vec::new();
    let mut compared = 0;
    for (name, spec_object) in &spec_schemas {
        let spec_properties = properties(spec_object, &spec_schemas);
        if spec_properties.is_empty() {
            continue;
        }
        let rust_name = rust_type_name(name);
        let Some(rust_object) = rust_schemas.get(&rust_name) else {
            disagreements.push(format!("{name}: no JSON Schema for {rust_name}"));
            continue;
        };
        let rust_properties = properties(rust_object, &rust_schemas);
        let spec_names: BTreeSet<&String> = spec_properties.keys().collect();
        let rust_names: BTreeSet<&String> = rust_properties.keys().collect();
        if spec_names != rust_names {
            disagreements.push(format!("{name}: properties {spec_names:?} in the spec, {rust_names:?} in Rust"));
        }
        for (property, spec) in &spec_properties {
            let Some(rust) = rust_properties.get(property) else { continue };
            compared += 1;
            let at = format!("{name}.{property}");
            if spec != rust {
                disagreements.push(format!("{at}: {spec:?} in the spec, {rust:?} in Rust"));
            }
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    assert!(compared >= 40, "compared only {compared} properties");
}
