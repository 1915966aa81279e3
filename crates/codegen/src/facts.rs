//! What the normalized schema knows about each generated struct field that typify does
//! not carry into its output: deprecation, whether it may be `null` (also through what it
//! refers to, its union's members or its `allOf`'s parts), and whether it is required.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// Facts about one property of an object schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyFacts {
    /// `Some(note)` when the property is `deprecated: true`; the note is its description.
    pub deprecated: Option<String>,
    /// The property may be `null`.
    pub nullable: bool,
    /// The property is in its object's `required` list.
    pub required: bool,
}

/// What a union's `discriminator` says of its members: the property that holds the tag,
/// the member each tag names (by its Rust type name), and the member a value whose tag
/// names none is (3.2's `defaultMapping`). A member no tag names is never chosen by tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discriminator {
    pub property: String,
    pub tags: Vec<(String, String)>,
    pub default: Option<String>,
}

/// The discriminators of the document's unions whose members are all component
/// references: a component's by its Rust type name, an inline union's by its members'
/// Rust type names (sorted, each once), which are what a generated union's variants hold,
/// since typify names it after its place. `None` for a component without one, and where
/// two inline unions of the same members disagree (one with another discriminator, or
/// none).
#[derive(Debug, Clone, Default)]
pub struct UnionTags {
    by_type: BTreeMap<String, Option<Discriminator>>,
    by_members: BTreeMap<Vec<String>, Option<Discriminator>>,
}

impl UnionTags {
    fn collect(normalized: &Value) -> Self {
        let mut tags = Self::default();
        elevenlabs_spec::for_each_object(normalized, "", &mut |at, schema| {
            let Some((members, discriminator)) = union_of_components(schema) else { return };
            let component = at.strip_prefix("/components/schemas/").filter(|rest| !rest.contains('/'));
            if let Some(component) = component {
                let name = rust_type_name(&elevenlabs_spec::pointer::unescape(component));
                tags.by_type.insert(name, discriminator);
                return;
            }
            tags.by_members
                .entry(members)
                .and_modify(|known| {
                    if *known != discriminator {
                        *known = None;
                    }
                })
                .or_insert(discriminator);
        });
        tags
    }

    /// The discriminator of the union `type_name`, whose members have the Rust types
    /// `member_types`.
    pub fn of_union(&self, type_name: &str, member_types: &[String]) -> Option<&Discriminator> {
        if let Some(component) = self.by_type.get(type_name) {
            return component.as_ref();
        }
        self.by_members.get(&members_key(member_types.iter().cloned()))?.as_ref()
    }
}

/// The members' key and the discriminator, if any, of `schema` when it is a union whose
/// members are all component references (but for `null`, which typify reads as the
/// `Option` around it).
fn union_of_components(schema: &serde_json::Map<String, Value>) -> Option<(Vec<String>, Option<Discriminator>)> {
    let members = schema.get("oneOf").or_else(|| schema.get("anyOf"))?.as_array()?;
    let is_null = |member: &Value| {
        member.get("type").and_then(Value::as_str) == Some("null")
            || member.get("enum") == Some(&Value::Array(vec![Value::Null]))
    };
    let mut targets = Vec::new();
    for member in members.iter().filter(|member| !is_null(member)) {
        let target = member.as_object().filter(|m| m.len() == 1)?.get("$ref")?.as_str()?;
        targets.push((target, rust_type_name(&elevenlabs_spec::pointer::schema_component(target)?)));
    }
    let type_of = |target: &str| targets.iter().find(|(known, _)| *known == target).map(|(_, ty)| ty.clone());
    let discriminator = schema.get("discriminator").and_then(|discriminator| {
        let property = discriminator.get("propertyName")?.as_str()?.to_string();
        let mapping = discriminator.get("mapping").and_then(Value::as_object).into_iter().flatten();
        let tags = mapping.filter_map(|(tag, target)| Some((tag.clone(), type_of(target.as_str()?)?))).collect();
        // `defaultMapping` names a schema by reference or by name, as a mapping's value may.
        let default = discriminator.get("defaultMapping").and_then(Value::as_str).and_then(|target| {
            type_of(target).or_else(|| type_of(&elevenlabs_spec::pointer::join("#/components/schemas", target)))
        });
        Some(Discriminator { property, tags, default })
    });
    Some((members_key(targets.into_iter().map(|(_, ty)| ty)), discriminator))
}

/// How an inline union is known by its members: their Rust type names, sorted, each once.
fn members_key(member_types: impl Iterator<Item = String>) -> Vec<String> {
    let mut key: Vec<String> = member_types.collect();
    key.sort();
    key.dedup();
    key
}

/// Property facts keyed by the Rust type name typify gives each component, then by JSON
/// name; for inline object schemas, whose type names typify makes up, keyed by the set of
/// their property names instead.
#[derive(Debug, Default)]
pub struct SchemaFacts {
    by_type: BTreeMap<String, BTreeMap<String, PropertyFacts>>,
    /// `None` where two inline schemas with the same property names differ in their facts.
    by_properties: BTreeMap<Vec<String>, Option<BTreeMap<String, PropertyFacts>>>,
    /// The unions' discriminators.
    pub union_tags: UnionTags,
}

impl SchemaFacts {
    pub fn collect(normalized: &Value) -> Self {
        let mut facts = Self { union_tags: UnionTags::collect(normalized), ..Self::default() };
        let components = normalized.pointer("/components/schemas").and_then(Value::as_object);
        for (name, schema) in components.into_iter().flatten() {
            if let Some(properties) = properties_facts(normalized, schema) {
                facts.by_type.insert(rust_type_name(name), properties);
            }
        }
        elevenlabs_spec::for_each_object(normalized, "", &mut |at, schema| {
            let is_component = at.strip_prefix("/components/schemas/").is_some_and(|rest| !rest.contains('/'));
            let schema = Value::Object(schema.clone());
            let Some(properties) = (!is_component).then(|| properties_facts(normalized, &schema)).flatten() else {
                return;
            };
            let key: Vec<String> = properties.keys().cloned().collect();
            facts
                .by_properties
                .entry(key)
                .and_modify(|known| {
                    if known.as_ref() != Some(&properties) {
                        *known = None;
                    }
                })
                .or_insert_with(|| Some(properties.clone()));
        });
        facts
    }

    /// The facts of the struct `type_name`, whose fields have `json_names`: a component's
    /// by its name, an inline schema's by its property names when they are unambiguous.
    pub fn of_struct(&self, type_name: &str, json_names: &[String]) -> Option<&BTreeMap<String, PropertyFacts>> {
        match self.by_type.get(type_name) {
            Some(facts) => Some(facts),
            None => self.of_inline_object(json_names),
        }
    }

    /// The facts of an inline object schema whose properties are `json_names`, when no
    /// other inline schema with those names disagrees (a union's inline member has no
    /// type name of its own).
    pub fn of_inline_object(&self, json_names: &[String]) -> Option<&BTreeMap<String, PropertyFacts>> {
        let mut key = json_names.to_vec();
        key.sort();
        self.by_properties.get(&key)?.as_ref()
    }
}

/// Deeper than any reference chain, `allOf` or union nesting a real document has; a
/// cycle stops here.
const MAX_DEPTH: usize = 16;

/// The facts of each property of an object schema of `document`, if it has properties:
/// its own and those of its `allOf` parts, which typify merges into one struct. A property
/// is required when a part requires it, and nullable when every part that names it is.
fn properties_facts(document: &Value, schema: &Value) -> Option<BTreeMap<String, PropertyFacts>> {
    let mut merged = BTreeMap::new();
    let mut required = BTreeSet::new();
    gather_properties(document, schema, &mut merged, &mut required, 0);
    if merged.is_empty() && schema.get("properties").is_none() {
        return None;
    }
    for (property, facts) in &mut merged {
        facts.required = required.contains(property);
    }
    Some(merged)
}

fn gather_properties(
    document: &Value,
    schema: &Value,
    merged: &mut BTreeMap<String, PropertyFacts>,
    required: &mut BTreeSet<String>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let listed = schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str);
    required.extend(listed.map(str::to_string));
    for (property, schema) in schema.get("properties").and_then(Value::as_object).into_iter().flatten() {
        let deprecated = (schema.get("deprecated") == Some(&Value::Bool(true))).then(|| {
            schema.get("description").and_then(Value::as_str).unwrap_or("deprecated in the API description").to_string()
        });
        let facts = PropertyFacts { deprecated, nullable: accepts_null(document, schema, 0), required: false };
        merged
            .entry(property.clone())
            .and_modify(|known: &mut PropertyFacts| {
                known.nullable &= facts.nullable;
                if known.deprecated.is_none() {
                    known.deprecated = facts.deprecated.clone();
                }
            })
            .or_insert(facts);
    }
    for part in schema.get("allOf").and_then(Value::as_array).into_iter().flatten() {
        let part = elevenlabs_spec::dereferenced(document, part).unwrap_or(part);
        gather_properties(document, part, merged, required, depth + 1);
    }
}

/// Whether `schema` accepts `null`: itself (`nullable`, a `null` type or value), or
/// through what it refers to, a member of its union, or every part of its `allOf`. typify
/// reads a `null` that a member accepts, but a field that is already an `Option` of the
/// union would take it for absence: the field must hold presence as a nullable one does.
fn accepts_null(document: &Value, schema: &Value, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let is_null = |value: &Value| value.is_null() || value.as_str() == Some("null");
    let listed = |key: &str| match schema.get(key) {
        Some(Value::Array(items)) => items.iter().any(is_null),
        Some(single) => key == "type" && is_null(single),
        None => false,
    };
    if schema.get("nullable") == Some(&Value::Bool(true)) || listed("type") || listed("enum") {
        return true;
    }
    if schema.get("$ref").is_some() {
        let target = elevenlabs_spec::dereferenced(document, schema).unwrap_or(&Value::Null);
        return target.is_object() && accepts_null(document, target, depth + 1);
    }
    let members = |key: &str| schema.get(key).and_then(Value::as_array).filter(|m| !m.is_empty());
    let any_member = ["oneOf", "anyOf"]
        .iter()
        .filter_map(|key| members(key))
        .any(|members| members.iter().any(|member| accepts_null(document, member, depth + 1)));
    let every_part =
        members("allOf").is_some_and(|parts| parts.iter().all(|part| accepts_null(document, part, depth + 1)));
    any_member || every_part
}

/// The name typify gives a component schema (its `sanitize(name, Pascal)`).
pub fn rust_type_name(component: &str) -> String {
    crate::spelling::typify_pascal(component)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_match_typify_and_deprecations_are_found() {
        assert_eq!(rust_type_name("HTTPValidationError"), "HttpValidationError");
        assert_eq!(rust_type_name("UserResponseModel"), "UserResponseModel");
        assert_eq!(rust_type_name("1st1"), "X1st1", "a name no identifier starts with");
        assert_eq!(rust_type_name("Self"), "Self_");
        let facts = SchemaFacts::collect(&json!({"components": {"schemas": {"U": {"required": ["new"], "properties": {
            "old": {"deprecated": true, "description": "Use new.", "nullable": true}, "new": {}
        }}}}}));
        assert_eq!(
            facts.of_struct("U", &[]).and_then(|f| f.get("old")),
            Some(&PropertyFacts { deprecated: Some("Use new.".into()), nullable: true, required: false })
        );
        assert_eq!(
            facts.of_struct("U", &[]).and_then(|f| f.get("new")),
            Some(&PropertyFacts { deprecated: None, nullable: false, required: true })
        );
    }

    #[test]
    fn inline_objects_are_found_by_their_property_names_unless_ambiguous() {
        let facts = SchemaFacts::collect(&json!({"components": {"schemas": {
            "A": {"properties": {"inner": {"properties": {"n": {"nullable": true}, "m": {}}}}},
            "B": {"properties": {
                "x": {"properties": {"p": {"nullable": true}}},
                "y": {"properties": {"p": {}}}
            }}
        }}}));
        let inner = facts.of_struct("AInner", &["n".into(), "m".into()]).expect("found by its property names");
        assert!(inner["n"].nullable && !inner["m"].nullable);
        assert!(facts.of_struct("BX", &["p".into()]).is_none(), "two inline objects {{p}} disagree");
    }

    #[test]
    fn a_union_is_found_by_its_name_or_else_by_its_members_unless_another_says_otherwise() {
        let pet = |mapping: Value| {
            json!({"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}, {"type": "null"}],
                                         "discriminator": {"propertyName": "kind", "mapping": mapping, "defaultMapping": "Dog"}})
        };
        let members = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let facts = SchemaFacts::collect(&json!({"components": {"schemas": {
            "Pet": pet(json!({"cat": "#/components/schemas/Cat", "fish": "#/components/schemas/Fish"})),
            "Holder": {"properties": {"pet": pet(json!({"cat": "#/components/schemas/Cat", "fish": "#/components/schemas/Fish"}))}},
            "Twin": {"anyOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Fish"}],
                     "discriminator": {"propertyName": "kind"}},
            "Plain": {"oneOf": [{"$ref": "#/components/schemas/Fish"}, {"$ref": "#/components/schemas/Cat"}]},
            "Inline": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"type": "object"}], "discriminator": {"propertyName": "kind"}}
        }}}));
        assert_eq!(
            facts.union_tags.of_union("HolderPet", &members(&["Dog", "Cat"])),
            Some(&Discriminator {
                property: "kind".into(),
                tags: vec![("cat".into(), "Cat".into())],
                default: Some("Dog".into())
            }),
            "found by its members in any order; a tag for no member is left out"
        );
        assert_eq!(
            facts.union_tags.of_union("Pet", &[]),
            facts.union_tags.of_union("HolderPet", &members(&["Cat", "Dog"]))
        );
        assert!(facts.union_tags.of_union("Twin", &[]).is_some(), "a component, whatever other unions say");
        assert_eq!(facts.union_tags.of_union("Plain", &members(&["Cat", "Dog"])), None, "a component without one");
        let inline = json!({"properties": {
            "a": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Fish"}], "discriminator": {"propertyName": "kind"}},
            "b": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Fish"}]}
        }});
        let facts = SchemaFacts::collect(&json!({"components": {"schemas": {"Holder": inline}}}));
        assert_eq!(
            facts.union_tags.of_union("HolderA", &members(&["Cat", "Fish"])),
            None,
            "a plain inline union of the same members"
        );
        assert_eq!(facts.union_tags.of_union("Inline", &members(&["Cat"])), None, "an inline member");
    }

    #[test]
    fn a_property_accepts_null_through_references_members_and_every_part() {
        let facts = SchemaFacts::collect(&json!({"components": {"schemas": {
            "N": {"type": "string", "nullable": true},
            "Loop": {"$ref": "#/components/schemas/Loop"},
            "U": {"properties": {
                "by_reference": {"$ref": "#/components/schemas/N"},
                "by_member": {"oneOf": [{"$ref": "#/components/schemas/N"}, {"type": "object"}]},
                "by_value": {"enum": ["auto", null]},
                "every_part": {"allOf": [{"$ref": "#/components/schemas/N"}, {"nullable": true}]},
                "one_part": {"allOf": [{"$ref": "#/components/schemas/N"}, {"type": "string"}]},
                "no_member": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                "dangling": {"$ref": "#/components/schemas/Missing"},
                "cycle": {"$ref": "#/components/schemas/Loop"}
            }}
        }}}));
        let nullable = |name: &str| facts.of_struct("U", &[]).and_then(|f| f.get(name)).map(|f| f.nullable);
        for name in ["by_reference", "by_member", "by_value", "every_part"] {
            assert_eq!(nullable(name), Some(true), "{name}");
        }
        for name in ["one_part", "no_member", "dangling", "cycle"] {
            assert_eq!(nullable(name), Some(false), "{name}");
        }
    }

    #[test]
    fn the_parts_of_an_all_of_are_one_struct() {
        let facts = SchemaFacts::collect(&json!({"components": {"schemas": {
            "Base": {"required": ["id", "note"], "properties": {"id": {"type": "string"}}},
            "M": {"allOf": [
                {"$ref": "#/components/schemas/Base"},
                {"properties": {"note": {"type": "string", "nullable": true}, "tag": {"anyOf": [{"type": "string"}, {"type": "null"}]}}}
            ]},
            "Holder": {"properties": {"inner": {"allOf": [
                {"$ref": "#/components/schemas/Base"},
                {"properties": {"note": {"type": "string", "nullable": true}, "tag": {"type": "string"}}}
            ]}}}
        }}}));
        let of = |name: &str| facts.of_struct("M", &[]).and_then(|f| f.get(name)).cloned();
        assert_eq!(of("id"), Some(PropertyFacts { deprecated: None, nullable: false, required: true }));
        assert_eq!(of("note"), Some(PropertyFacts { deprecated: None, nullable: true, required: true }));
        assert_eq!(of("tag"), Some(PropertyFacts { deprecated: None, nullable: true, required: false }));
        let inline = facts.of_struct("HolderInner", &["id".into(), "note".into(), "tag".into()]);
        assert_eq!(inline.and_then(|f| f.get("note")).map(|f| (f.nullable, f.required)), Some((true, true)));
    }
}
