//! Schemas typify 0.8 cannot read as written. What can be said the way it reads is
//! restated with the same meaning; what cannot is relaxed (the generated type accepts
//! more than the schema), with a note naming where. A schema typify still cannot read is
//! named by its JSON pointer when generation fails (`crate::generate`).

use serde_json::{json, Value};

use elevenlabs_spec::pointers_where;

use super::abbreviated;

/// Restates or relaxes every schema typify cannot read; returns a note for each change
/// that is not a pure restatement.
pub fn read_by_typify(document: &mut Value) -> Vec<String> {
    let mut notes = keep_the_stricter_of_any_and_one_of(document);
    list_values_of_enums_with_subschemas(document);
    unions_of_strings_are_one_enum(document);
    notes.extend(unions_of_values_are_one_of(document));
    notes.extend(split_enums_of_several_kinds(document));
    notes.extend(drop_negations(document));
    notes.extend(break_merge_cycles(document));
    notes
}

/// typify merges an `allOf` by merging its members, and follows a member's `$ref` to do
/// so: a component whose `allOf` reaches itself (`A: allOf [A, …]`, or through others)
/// recurses without end. Such a member only restates the component it is in, so it is
/// dropped, with a note; every other member is kept.
fn break_merge_cycles(document: &mut Value) -> Vec<String> {
    let Some(Value::Object(schemas)) = document.pointer("/components/schemas") else { return Vec::new() };
    // The components each component's `allOf` members (or its whole `$ref`) name.
    let merges: std::collections::BTreeMap<String, Vec<(usize, String)>> = schemas
        .iter()
        .map(|(name, schema)| {
            let members = schema.get("allOf").and_then(Value::as_array).into_iter().flatten().enumerate();
            let named = members.filter_map(|(index, member)| Some((index, component_named(member)?)));
            (name.clone(), named.collect())
        })
        .collect();
    let mut cycles = Vec::new();
    for (name, members) in &merges {
        for (index, target) in members {
            let merged_by = |component: &str| merges.get(component).into_iter().flatten().map(|(_, t)| t.as_str());
            if super::reaches(vec![target.as_str()], name, merged_by) {
                cycles.push((name.clone(), *index, target.clone()));
            }
        }
    }
    let mut notes = Vec::new();
    // The highest index first, so the lower ones still point at their members.
    for (name, index, target) in cycles.into_iter().rev() {
        let pointer = format!("/components/schemas/{}/allOf", elevenlabs_spec::pointer::escape(&name));
        if let Some(Value::Array(members)) = document.pointer_mut(&pointer) {
            if index < members.len() {
                members.remove(index);
                notes.push(format!(
                    "{pointer}/{index}: `{target}` merges back into `{name}`, which typify cannot merge; the member is dropped"
                ));
            }
        }
    }
    notes
}

/// The component a schema's `$ref` names.
fn component_named(schema: &Value) -> Option<String> {
    elevenlabs_spec::pointer::schema_component(schema.get("$ref")?.as_str()?)
}

/// A schema with both `anyOf` and `oneOf` must satisfy both. When every `oneOf` member is
/// also an `anyOf` member, satisfying `oneOf` implies `anyOf`, so `oneOf` alone says the
/// same. Otherwise both become members of an `allOf`.
fn keep_the_stricter_of_any_and_one_of(document: &mut Value) -> Vec<String> {
    let both = pointers_where(document, &mut |_, schema| schema.contains_key("anyOf") && schema.contains_key("oneOf"));
    let mut notes = Vec::new();
    // Innermost first, so that no rewrite moves a union the list still points into.
    for pointer in both.into_iter().rev() {
        let Some(Value::Object(schema)) = document.pointer_mut(&pointer) else { continue };
        let (Some(any_of), Some(one_of)) = (schema.remove("anyOf"), schema.remove("oneOf")) else { continue };
        let implied = match (&any_of, &one_of) {
            (Value::Array(any), Value::Array(one)) => one.iter().all(|member| any.contains(member)),
            _ => false,
        };
        if implied {
            schema.insert("oneOf".into(), one_of);
        } else {
            schema.insert("allOf".into(), json!([{"anyOf": any_of}, {"oneOf": one_of}]));
            notes.push(format!("{pointer}: `anyOf` and `oneOf` together are generated as an `allOf` of the two"));
        }
    }
    notes.reverse();
    notes
}

/// A schema with both `enum` and subschemas accepts the listed values that its subschemas
/// accept: exactly what an `enum` of those values says, which typify reads.
fn list_values_of_enums_with_subschemas(document: &mut Value) {
    const SUBSCHEMAS: [&str; 3] = ["allOf", "anyOf", "oneOf"];
    let pointers = pointers_where(document, &mut |_, schema| {
        schema.get("enum").is_some_and(Value::is_array) && SUBSCHEMAS.iter().any(|k| schema.contains_key(*k))
    });
    for pointer in pointers {
        let Some(Value::Object(schema)) = document.pointer(&pointer) else { continue };
        let Some(Value::Array(values)) = schema.get("enum") else { continue };
        let listed: Vec<Value> =
            values.iter().filter(|v| super::defaults::conforms(v, schema, document, 0)).cloned().collect();
        let type_name = match listed.first() {
            Some(Value::String(_)) if listed.iter().all(Value::is_string) => Some("string"),
            Some(Value::Bool(_)) if listed.iter().all(Value::is_boolean) => Some("boolean"),
            Some(Value::Number(_)) if listed.iter().all(Value::is_number) => Some("number"),
            _ => None,
        };
        let Some(Value::Object(schema)) = document.pointer_mut(&pointer) else { continue };
        SUBSCHEMAS.iter().for_each(|k| {
            schema.remove(*k);
        });
        schema.insert("enum".into(), Value::Array(listed));
        if let (Some(type_name), false) = (type_name, schema.contains_key("type")) {
            schema.insert("type".into(), type_name.into());
        }
    }
}

/// A union whose members only list strings (`oneOf: [{enum: [a, b]}, {const: c}]`) accepts
/// the strings any member lists: one `enum` of them says the same. typify flattens such a
/// union into one enum itself, but names its variants without the clash check an `enum`
/// gets here (`firstName` in one member and `FirstName` in another made one name, and
/// typify gave up on the document), and a value two members list became two variants.
/// (Under `oneOf`, a value two members list matched both, so none; the enum accepts it.)
fn unions_of_strings_are_one_enum(document: &mut Value) {
    let lists_strings_only = |member: &Value| {
        let Value::Object(member) = member else { return false };
        let listed = member.get("enum").and_then(Value::as_array);
        listed.is_some_and(|values| !values.is_empty() && values.iter().all(Value::is_string))
            && member.get("type").is_none_or(|t| t == "string")
            && member.keys().all(|k| {
                ["enum", "type"].contains(&k.as_str())
                    || elevenlabs_spec::normalize::ANNOTATION_KEYS.contains(&k.as_str())
                    || k.starts_with("x-")
            })
    };
    let union_of_strings = |schema: &serde_json::Map<String, Value>| {
        ["oneOf", "anyOf"].into_iter().find(|keyword| {
            let members = schema.get(*keyword).and_then(Value::as_array);
            members.is_some_and(|members| !members.is_empty() && members.iter().all(lists_strings_only))
                && !schema.contains_key("enum")
                && schema.get("type").is_none_or(|t| t == "string")
        })
    };
    // Every union, checked when its turn comes: innermost first, so that a union whose
    // members were such unions is one by then, and no rewrite moves a union the list still
    // points into.
    let unions =
        pointers_where(document, &mut |_, schema| schema.contains_key("oneOf") || schema.contains_key("anyOf"));
    for pointer in unions.into_iter().rev() {
        let Some(Value::Object(schema)) = document.pointer_mut(&pointer) else { continue };
        let Some(keyword) = union_of_strings(schema) else { continue };
        let Some(Value::Array(members)) = schema.remove(keyword) else { continue };
        let mut values: Vec<Value> = Vec::new();
        for value in members.iter().filter_map(|m| m.get("enum")?.as_array()).flatten() {
            if !values.contains(value) {
                values.push(value.clone());
            }
        }
        schema.insert("type".into(), json!("string"));
        schema.insert("enum".into(), Value::Array(values));
    }
}

/// typify generates an `anyOf` as a struct of optional parts, one per member, which
/// reads objects only: a string, number, array or any value fails to decode. An `anyOf`
/// with a member that holds something other than an object is generated as a `oneOf`, an
/// untagged enum, whose first member that reads a value holds it: it reads every value
/// the `anyOf` allows.
fn unions_of_values_are_one_of(document: &mut Value) -> Vec<String> {
    let unions_of_values = pointers_where(document, &mut |_, schema| {
        let members = schema.get("anyOf").and_then(Value::as_array);
        !schema.contains_key("oneOf")
            && members.is_some_and(|members| members.iter().any(|m| holds_other_than_objects(document, m)))
    });
    let mut notes = Vec::new();
    // Innermost first: renaming an outer `anyOf` would leave the pointers of the unions
    // nested in its members (`…/anyOf/0`) pointing nowhere.
    for pointer in unions_of_values.into_iter().rev() {
        let Some(Value::Object(schema)) = document.pointer_mut(&pointer) else { continue };
        if let Some(members) = schema.remove("anyOf") {
            schema.insert("oneOf".into(), members);
            notes.push(format!(
                "{pointer}: an `anyOf` with members that are not objects is generated as a `oneOf`; the first member that reads a value holds it"
            ));
        }
    }
    // Said in the document's order.
    notes.reverse();
    notes
}

/// Whether a union member may hold a value that is not an object: a scalar or array
/// type, listed values, or any value at all.
fn holds_other_than_objects(document: &Value, member: &Value) -> bool {
    let Value::Object(member) = super::followed(document, member) else { return true };
    match member.get("type") {
        Some(Value::String(kind)) => kind != "object",
        Some(_) => true,
        None => {
            const OBJECT_OR_COMPOSED: [&str; 7] =
                ["properties", "additionalProperties", "required", "allOf", "anyOf", "oneOf", "$ref"];
            member.contains_key("enum") || !OBJECT_OR_COMPOSED.iter().any(|key| member.contains_key(*key))
        }
    }
}

/// The JSON kind of an enum value, as a schema `type` names it.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Whether a value of `kind` is valid under `type` (`integer` values are `number`s too).
fn kind_fits(kind: &str, schema_type: &str) -> bool {
    kind == schema_type || (kind == "integer" && schema_type == "number")
}

/// An `enum` typify reads has values of one kind, and of its `type` when it has one. A
/// value its `type` excludes can never be valid, so it is dropped (a restatement). An
/// untyped enum of several kinds (`["auto", 1, true, null]`) becomes `null` as `nullable`
/// and an `anyOf` of one enum per kind; listed objects and arrays become any object or
/// array, since typify cannot list them (the one relaxation, noted).
fn split_enums_of_several_kinds(document: &mut Value) -> Vec<String> {
    let unreadable = pointers_where(document, &mut |_, schema| {
        let Some(Value::Array(values)) = schema.get("enum") else { return false };
        match schema.get("type").and_then(Value::as_str) {
            Some(schema_type) => {
                let nullable = schema.get("nullable") == Some(&Value::Bool(true));
                values.iter().any(|v| !(kind_fits(kind(v), schema_type) || (v.is_null() && nullable)))
            }
            None => {
                let mut kinds: Vec<&str> = values.iter().map(kind).filter(|k| *k != "null").collect();
                kinds.sort_unstable();
                kinds.dedup();
                kinds.len() > 1
                    || kinds.iter().any(|k| matches!(*k, "array" | "object"))
                    || values.contains(&Value::Null)
            }
        }
    });
    let mut notes = Vec::new();
    for pointer in unreadable {
        let Some(Value::Object(schema)) = document.pointer_mut(&pointer) else { continue };
        let Some(Value::Array(values)) = schema.remove("enum") else { continue };
        if let Some(schema_type) = schema.get("type").and_then(Value::as_str).map(str::to_string) {
            let nullable = schema.get("nullable") == Some(&Value::Bool(true));
            let (kept, dropped): (Vec<Value>, Vec<Value>) =
                values.into_iter().partition(|v| kind_fits(kind(v), &schema_type) || (v.is_null() && nullable));
            schema.insert("enum".into(), Value::Array(kept));
            let dropped: Vec<String> = dropped.iter().map(Value::to_string).collect();
            notes.push(format!(
                "{pointer}/enum: {} can never be valid under `type: {schema_type}`; dropped from the values",
                dropped.join(", ")
            ));
            continue;
        }
        if values.contains(&Value::Null) {
            schema.insert("nullable".into(), Value::Bool(true));
        }
        let mut by_kind: Vec<(&'static str, Vec<Value>)> = Vec::new();
        for value in values.into_iter().filter(|v| !v.is_null()) {
            // Integers list among the numbers when both appear: one kind, `number`.
            let kind = kind(&value);
            match by_kind.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, listed)) => listed.push(value),
                None => by_kind.push((kind, vec![value])),
            }
        }
        merge_integers_into_numbers(&mut by_kind);
        let mut members: Vec<Value> = by_kind
            .into_iter()
            .map(|(kind, values)| match kind {
                "array" | "object" => json!({"type": kind}),
                _ => json!({"type": kind, "enum": values}),
            })
            .collect();
        let relaxed: Vec<&str> =
            members.iter().filter(|m| m.get("enum").is_none()).filter_map(|m| m["type"].as_str()).collect();
        if !relaxed.is_empty() {
            notes.push(format!(
                "{pointer}/enum: listed {} values are generated as any {}, since typify cannot list them",
                relaxed.join(" and "),
                relaxed.join(" or ")
            ));
        }
        match members.len() {
            0 => {}
            1 => {
                let Some(Value::Object(only)) = members.pop() else { continue };
                schema.extend(only);
            }
            _ => {
                notes.push(format!(
                    "{pointer}/enum: values of several kinds are generated as a union of one enum per kind"
                ));
                schema.insert("anyOf".into(), Value::Array(members));
            }
        }
    }
    notes
}

/// Integers and other numbers in one enum are all `number`s.
fn merge_integers_into_numbers(by_kind: &mut Vec<(&'static str, Vec<Value>)>) {
    let Some(integers) = by_kind.iter().position(|(k, _)| *k == "integer") else { return };
    let Some(numbers) = by_kind.iter().position(|(k, _)| *k == "number") else { return };
    let (_, values) = by_kind.remove(integers);
    let numbers = if numbers > integers { numbers - 1 } else { numbers };
    by_kind[numbers].1.extend(values);
}

/// `not` only narrows what a schema accepts, and typify reads few of its forms: every `not`
/// is dropped, so the generated type accepts the values it excluded (noted). `{"not": {}}`,
/// a schema nothing satisfies, becomes `{}`.
fn drop_negations(document: &mut Value) -> Vec<String> {
    let negated = pointers_where(document, &mut |_, schema| schema.contains_key("not"));
    let mut notes = Vec::new();
    // The deepest first, so an outer pointer still names its schema when it is rewritten.
    for pointer in negated.into_iter().rev() {
        let Some(Value::Object(schema)) = document.pointer_mut(&pointer) else { continue };
        if let Some(negation) = schema.remove("not") {
            notes.push(format!(
                "{pointer}/not: the negation {} is not checked; the generated type accepts the values it excludes",
                abbreviated(&negation)
            ));
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_of_and_one_of_keep_their_meaning() {
        let (a, b, c) = (json!({"$ref": "#/a"}), json!({"$ref": "#/b"}), json!({"$ref": "#/c"}));
        let mut document = json!({"properties": {
            "implied": {"anyOf": [a, b, c], "oneOf": [a, b]},
            "both": {"anyOf": [a, b], "oneOf": [b, c]}
        }});
        let notes = read_by_typify(&mut document);
        assert_eq!(document["properties"]["implied"], json!({"oneOf": [a, b]}));
        assert_eq!(document["properties"]["both"], json!({"allOf": [{"anyOf": [a, b]}, {"oneOf": [b, c]}]}));
        assert_eq!(notes, ["/properties/both: `anyOf` and `oneOf` together are generated as an `allOf` of the two"]);
    }

    #[test]
    fn a_union_of_values_nested_in_another_is_a_one_of_too() {
        let (count, error) = (json!({"type": "integer"}), json!({"type": "string", "enum": ["Error"]}));
        let name = json!({"type": "string", "enum": ["firstName"]});
        let mut document = json!({"properties": {"box": {"anyOf": [{"anyOf": [count, error]}, name]}}});
        let notes = read_by_typify(&mut document);
        assert_eq!(document["properties"]["box"], json!({"oneOf": [{"oneOf": [count, error]}, name]}));
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].starts_with("/properties/box: "), "in the document's order: {notes:?}");
    }

    #[test]
    fn a_union_of_listed_strings_is_one_enum_of_them() {
        let listed = |values: Value| json!({"type": "string", "enum": values, "description": "a member"});
        let mut document = json!({"properties": {
            "twins": {"anyOf": [listed(json!(["a", "firstName"])), {"enum": ["FirstName", "a"]}], "description": "d"},
            "nested": {"oneOf": [{"oneOf": [listed(json!(["x"])), listed(json!(["y"]))]}, listed(json!(["z"]))]},
            "mixed": {"oneOf": [listed(json!(["x"])), {"type": "integer"}]}
        }});
        let notes = read_by_typify(&mut document);
        let properties = &document["properties"];
        assert_eq!(
            properties["twins"],
            json!({"type": "string", "enum": ["a", "firstName", "FirstName"], "description": "d"})
        );
        assert_eq!(properties["nested"], json!({"type": "string", "enum": ["x", "y", "z"]}));
        assert_eq!(properties["mixed"]["oneOf"][1], json!({"type": "integer"}), "a union of other values stays");
        assert!(notes.is_empty(), "a restatement: {notes:?}");
    }

    #[test]
    fn an_enum_beside_subschemas_lists_the_values_they_accept() {
        let mut document = json!({
            "components": {"schemas": {"Wav": {"type": "string", "enum": ["wav"]}, "Mp3": {"type": "string", "enum": ["mp3"]}}},
            "parameters": {"format": {"anyOf": [{"$ref": "#/components/schemas/Wav"}, {"$ref": "#/components/schemas/Mp3"}],
                                      "enum": ["mp3", "wav", "flac"], "default": "mp3"}}
        });
        read_by_typify(&mut document);
        assert_eq!(
            document["parameters"]["format"],
            json!({"enum": ["mp3", "wav"], "type": "string", "default": "mp3"})
        );
    }

    #[test]
    fn enums_of_several_kinds_become_one_enum_per_kind() {
        let mut document = json!({"properties": {
            "mixed": {"enum": ["auto", 1, 2.5, true, null], "description": "d"},
            "typed": {"type": "string", "enum": ["a", 1]},
            "listed_objects": {"enum": [{"a": 1}]},
            "plain": {"enum": ["x", "y"]}
        }});
        let notes = read_by_typify(&mut document);
        let properties = &document["properties"];
        assert_eq!(
            properties["mixed"],
            json!({"description": "d", "nullable": true, "anyOf": [
                {"type": "string", "enum": ["auto"]},
                {"type": "number", "enum": [2.5, 1]},
                {"type": "boolean", "enum": [true]}
            ]})
        );
        assert_eq!(properties["typed"], json!({"type": "string", "enum": ["a"]}));
        assert_eq!(properties["listed_objects"], json!({"type": "object"}));
        assert_eq!(properties["plain"], json!({"enum": ["x", "y"]}), "one kind: typify reads it as it is");
        assert_eq!(notes, [
            "/properties/listed_objects/enum: listed object values are generated as any object, since typify cannot list them",
            "/properties/mixed/enum: values of several kinds are generated as a union of one enum per kind",
            "/properties/typed/enum: 1 can never be valid under `type: string`; dropped from the values",
        ]);
    }

    #[test]
    fn an_all_of_that_merges_back_into_itself_loses_that_member() {
        let mut document = json!({"components": {"schemas": {
            "Loop": {"allOf": [{"$ref": "#/components/schemas/Loop"}, {"type": "object", "properties": {"a": {}}}]},
            "A": {"allOf": [{"$ref": "#/components/schemas/B"}]},
            "B": {"allOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/Base"}]},
            "Base": {"type": "object"},
            "Fine": {"allOf": [{"$ref": "#/components/schemas/Base"}]}
        }}});
        let notes = read_by_typify(&mut document);
        let schemas = &document["components"]["schemas"];
        assert_eq!(schemas["Loop"]["allOf"], json!([{"type": "object", "properties": {"a": {}}}]));
        assert_eq!(schemas["A"]["allOf"], json!([]));
        assert_eq!(schemas["B"]["allOf"], json!([{"$ref": "#/components/schemas/Base"}]));
        assert_eq!(schemas["Fine"]["allOf"], json!([{"$ref": "#/components/schemas/Base"}]));
        assert_eq!(notes.len(), 3, "{notes:#?}");
    }

    #[test]
    fn negations_are_dropped_with_a_note() {
        let mut document = json!({"properties": {
            "role": {"type": "string", "not": {"enum": ["admin"]}},
            "never": {"not": {}},
            "not": {"type": "string"}
        }});
        let notes = read_by_typify(&mut document);
        assert_eq!(document["properties"]["role"], json!({"type": "string"}));
        assert_eq!(document["properties"]["never"], json!({}));
        assert_eq!(document["properties"]["not"], json!({"type": "string"}), "a property named `not` is a property");
        assert_eq!(notes.len(), 2);
        assert!(
            notes[0].starts_with("/properties/role/not: the negation {\"enum\":[\"admin\"]} is not checked"),
            "{notes:?}"
        );
    }
}
