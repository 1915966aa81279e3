//! References that name something other than a component, made into ones that do.
//!
//! OpenAPI 3.1 lets a `$ref` name any place in the document by JSON pointer
//! (`#/components/schemas/Account/properties/owner`, `#/components/schemas/Tree/$defs/Node`,
//! `#/paths/~1v1~1a/get/parameters/0`) or a schema by its `$anchor` (`#node`). Extraction,
//! progenitor and typify follow `#/components/<kind>/<name>` only, so each such reference is
//! rewritten here, with the same meaning:
//!
//! - a schema that generates a type (an object with properties, listed values, a union) is
//!   moved to `components/schemas` under a name made from where it was written
//!   (`Account_owner`, typify's own name for it there), and its old place becomes a `$ref`
//!   to it: both places then share one Rust type, and a schema that refers to itself still
//!   can;
//! - a schema that generates none (a string, a list of strings) is copied, so that its
//!   place keeps its plain type (`String`, where a component would be a newtype);
//! - anything else (a parameter, a response, a request body, a header, an example, a link,
//!   a callback, a path item) is copied where it is referred to, as 3.0 readers take it.
//!
//! A reference this cannot follow (dangling, external, an anchor nothing declares) is left
//! as written, for [`check_references`](crate::check_references) to refuse with its place.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use crate::error::{Result, SpecError};
use crate::extract::HTTP_METHODS;
use crate::pointer;
use crate::walk::{for_each_object, for_each_ref, resolve_with_pointer};

/// How many times a copied reference may bring another: a path item that refers to a
/// parameter written in another path item, and so on. A chain longer than this refers
/// back to itself.
const MAX_COPY_ROUNDS: usize = 16;

/// The most JSON values references may copy into a document: at least this many, or
/// [`COPIES_PER_VALUE`] times the document's own.
const MOST_VALUES_COPIED: usize = 1_000_000;
const COPIES_PER_VALUE: usize = 4;

/// How many JSON values `value` holds, itself included.
fn values_in(value: &Value) -> usize {
    match value {
        Value::Object(object) => 1 + object.values().map(values_in).sum::<usize>(),
        Value::Array(items) => 1 + items.iter().map(values_in).sum::<usize>(),
        _ => 1,
    }
}

/// Keys that say where a schema sits rather than what it is: left out of a hoisted
/// schema's name (`Account/properties/owner` is `Account_owner`).
const STRUCTURE_KEYS: &[&str] = &[
    "schema",
    "properties",
    "patternProperties",
    "additionalProperties",
    "items",
    "prefixItems",
    "contains",
    "$defs",
    "definitions",
    "dependentSchemas",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "if",
    "then",
    "else",
    "content",
    "requestBody",
    "responses",
    "headers",
    "parameters",
];

/// What the place a reference names holds, which decides how the reference is rewritten.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Held {
    /// A schema that generates a type of its own (an object's properties, listed values, a
    /// union): moved to `components/schemas`, so that both places share the type.
    TypedSchema,
    /// A schema that generates none (a string, a list of strings, a map): copied where it
    /// is referred to, so that its old place keeps its plain Rust type (`String`, not a
    /// newtype of one).
    PlainSchema,
    /// A parameter, response, request body, header, example, link, callback or path item:
    /// copied where it is referred to, as 3.0 readers take it.
    Other,
}

/// Rewrites every local `$ref` (and discriminator mapping) of `document` that names a
/// place other than `#/components/<kind>/<name>`, as the [module](self) says. A document
/// with none is left untouched, after one walk.
pub fn into_components(document: &mut Value) -> Result<()> {
    if !names_other_places(document) {
        return Ok(());
    }
    // Plain schemas first, from where they are written, before a typed schema around one
    // moves; then the typed schemas; then the rest, whose copies then hold references to
    // the typed schemas rather than copies of them.
    copy_where(document, |held| held == Held::PlainSchema)?;
    let hoisted = hoist_schemas(document, &named_places(document))?;
    if !hoisted.is_empty() {
        rewrite_refs(document, &hoisted);
    }
    copy_where(document, |held| held == Held::Other)
}

/// `document` as [`into_components`] rewrites it: borrowed as it is when it has no
/// reference to rewrite, which is nearly always, so a reader pays one walk and no copy.
pub fn with_components_only(document: &Value) -> Result<Cow<'_, Value>> {
    if !names_other_places(document) {
        return Ok(Cow::Borrowed(document));
    }
    let mut rewritten = document.clone();
    into_components(&mut rewritten)?;
    Ok(Cow::Owned(rewritten))
}

/// Whether any `$ref` or discriminator mapping in `value` may name a place other than a
/// component: a quick look that builds no pointers, since nearly every document has none
/// (data that merely looks like a reference makes [`named_places`] look closer).
fn names_other_places(value: &Value) -> bool {
    match value {
        Value::Object(object) => object.iter().any(|(key, child)| match (key.as_str(), child) {
            ("$ref", Value::String(target)) => names_other_place(target),
            ("mapping", Value::Object(mapping)) => mapping.values().any(|v| v.as_str().is_some_and(names_other_place)),
            _ => names_other_places(child),
        }),
        Value::Array(items) => items.iter().any(names_other_places),
        _ => false,
    }
}

/// Whether a reference target is local and names something other than a component: not
/// `#/components/<kind>/<name>`, the form [`ComponentRef::parse`](crate::ComponentRef::parse) reads. Asked of every
/// reference of every document loaded, so it reads the text in place.
fn names_other_place(target: &str) -> bool {
    let component = target.strip_prefix("#/components/").is_some_and(|rest| rest.matches('/').count() == 1);
    target.starts_with('#') && !component
}

/// The places references name, found once per walk: by JSON pointer, or by `$anchor`.
struct Places {
    anchors: BTreeMap<String, Option<String>>,
}

impl Places {
    /// Reads the anchors of `document` when a target in `targets` names one.
    fn of<'t>(document: &Value, mut targets: impl Iterator<Item = &'t str>) -> Self {
        let anchors = if targets.any(is_anchor) { anchors(document) } else { BTreeMap::new() };
        Self { anchors }
    }

    /// The JSON pointer of the place `target` names in `document`, and what it holds.
    fn find(&self, document: &Value, target: &str) -> Option<(String, Held)> {
        let place = match target.strip_prefix('#') {
            Some(anchor) if is_anchor(target) => self.anchors.get(anchor).cloned().flatten()?,
            _ => resolve_with_pointer(document, target)?.0.into_owned(),
        };
        let held = held(document, &place)?;
        Some((place, held))
    }
}

/// Each reference target written in `document` that is local, not a component's, and
/// resolves, with the place it names (a JSON pointer) and what that place holds.
fn named_places(document: &Value) -> BTreeMap<String, (String, Held)> {
    let mut written = BTreeSet::new();
    for_each_ref(document, "", &mut |_, target| {
        if names_other_place(target) {
            written.insert(target.to_string());
        }
    });
    let places = Places::of(document, written.iter().map(String::as_str));
    written.into_iter().filter_map(|target| Some((target.clone(), places.find(document, &target)?))).collect()
}

/// Whether a target names an `$anchor` (`#node`) rather than a JSON pointer (`#/…`).
fn is_anchor(target: &str) -> bool {
    target.strip_prefix('#').is_some_and(|fragment| !fragment.is_empty() && !fragment.starts_with('/'))
}

/// Where each `$anchor` of `document` is declared; `None` for one declared twice, which no
/// reference can name.
fn anchors(document: &Value) -> BTreeMap<String, Option<String>> {
    let mut found: BTreeMap<String, Option<String>> = BTreeMap::new();
    for_each_object(document, "", &mut |at, object| {
        if let Some(Value::String(anchor)) = object.get("$anchor") {
            found.entry(anchor.clone()).and_modify(|place| *place = None).or_insert_with(|| Some(at.to_string()));
        }
    });
    found
}

/// What the place at `place` (a JSON pointer) holds, read from where it is and what it
/// is: `None` for a place no reference may name (the document's root, `info`, a map of
/// components).
fn held(document: &Value, place: &str) -> Option<Held> {
    let tokens = tokens(place);
    let in_schema = match tokens.as_slice() {
        // A component schema itself is named so only by an `$anchor` it declares, and
        // stays the component it is.
        [components, schemas, _] if components == "components" && schemas == "schemas" => {
            return Some(Held::TypedSchema)
        }
        [components, schemas, _, _, ..] if components == "components" && schemas == "schemas" => true,
        [components, _, _] if components == "components" => false,
        _ => tokens.iter().any(|token| token == "schema"),
    };
    if in_schema {
        return Some(if generates_no_type(document.pointer(place)?) { Held::PlainSchema } else { Held::TypedSchema });
    }
    let parent = |back: usize| tokens.len().checked_sub(back).map(|i| tokens[i].as_str());
    let other = matches!(parent(1), Some("requestBody"))
        || matches!(
            parent(2),
            Some(
                "parameters"
                    | "responses"
                    | "headers"
                    | "examples"
                    | "links"
                    | "callbacks"
                    | "requestBodies"
                    | "pathItems"
                    | "paths"
                    | "webhooks"
            )
        )
        || matches!(parent(3), Some("callbacks"));
    other.then_some(Held::Other)
}

/// Keywords with which a schema generates a type of its own.
const TYPE_KEYWORDS: &[&str] =
    &["properties", "patternProperties", "enum", "const", "oneOf", "anyOf", "allOf", "not", "prefixItems"];

/// Whether `schema` generates no type of its own, at any depth, and refers to nothing but
/// components: copying it then changes no Rust type, and cannot copy without end.
fn generates_no_type(schema: &Value) -> bool {
    let mut plain = true;
    for_each_object(schema, "", &mut |_, object| {
        plain &= !TYPE_KEYWORDS.iter().any(|keyword| object.contains_key(*keyword));
    });
    for_each_ref(schema, "", &mut |_, target| plain &= !names_other_place(target));
    plain
}

fn tokens(place: &str) -> Vec<String> {
    place.split('/').skip(1).map(pointer::unescape).collect()
}

/// Moves each schema a reference names to `components/schemas`, leaving a `$ref` in its
/// place; returns the new reference of each target as written. The deepest places move
/// first, so a place inside another has moved, and left its `$ref`, before the other does.
fn hoist_schemas(document: &mut Value, targets: &BTreeMap<String, (String, Held)>) -> Result<BTreeMap<String, String>> {
    let mut by_place: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (target, (place, held)) in targets {
        if *held == Held::TypedSchema {
            by_place.entry(place.as_str()).or_default().push(target.as_str());
        }
    }
    let mut places: Vec<&str> = by_place.keys().copied().collect();
    places.sort_by_key(|place| (std::cmp::Reverse(place.matches('/').count()), *place));
    let mut hoisted = BTreeMap::new();
    for place in places {
        let reference = match pointer::schema_component(&format!("#{place}")) {
            // An `$anchor` declared on a component: the component is the reference.
            Some(_) => format!("#{place}"),
            None => hoist(document, place)?,
        };
        for target in &by_place[place] {
            hoisted.insert(target.to_string(), reference.clone());
        }
    }
    Ok(hoisted)
}

/// Moves the schema at `place` to a new component schema, leaving a `$ref` to it; returns
/// that reference.
fn hoist(document: &mut Value, place: &str) -> Result<String> {
    // typify names a schema written inline by its `title` where it has one: so does the
    // component, so that referring to it renames no type.
    let title = document.pointer(&format!("{place}/title")).and_then(Value::as_str).map(identifier_like);
    let name = title.filter(|t| !t.is_empty()).unwrap_or_else(|| schema_name(document, &tokens(place)));
    let name = free_name(document, &name);
    let reference = format!("#/components/schemas/{}", pointer::escape(&name));
    let slot = document.pointer_mut(place).ok_or_else(|| SpecError::at(place, "the schema moved away"))?;
    let schema = std::mem::replace(slot, json!({ "$ref": reference }));
    schemas_mut(document)?.insert(name, schema);
    Ok(reference)
}

/// The document's `components/schemas`, made when absent.
fn schemas_mut(document: &mut Value) -> Result<&mut Map<String, Value>> {
    let root = document.as_object_mut().ok_or_else(|| SpecError::at("", "the top level is not an object"))?;
    let components = root.entry("components").or_insert_with(|| json!({}));
    let components =
        components.as_object_mut().ok_or_else(|| SpecError::at("/components", "expected an object of components"))?;
    components
        .entry("schemas")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .ok_or_else(|| SpecError::at("/components/schemas", "expected an object of schemas"))
}

/// A name for the schema at `tokens`, from where it is written: the component or operation
/// that holds it, then each property, definition or parameter on the way, keywords left out
/// (`Account_owner`, `get_user_200`, `list_items_limit`).
fn schema_name(document: &Value, tokens: &[String]) -> String {
    let (mut words, rest) = match tokens {
        [components, _, name, rest @ ..] if components == "components" => (vec![name.clone()], rest),
        [items, path, method, rest @ ..]
            if (items == "paths" || items == "webhooks") && HTTP_METHODS.contains(&method.as_str()) =>
        {
            let operation = pointer::join(&pointer::join(&format!("/{items}"), path), method);
            match document.pointer(&format!("{operation}/operationId")).and_then(Value::as_str) {
                Some(id) => (vec![id.to_string()], rest),
                None => (vec![method.clone(), path.clone()], rest),
            }
        }
        _ => (Vec::new(), tokens),
    };
    let mut at = String::new();
    for token in tokens.iter().take(tokens.len() - rest.len()) {
        pointer::push_token(&mut at, token);
    }
    for token in rest {
        pointer::push_token(&mut at, token);
        if at.ends_with("/parameters") || STRUCTURE_KEYS.contains(&token.as_str()) || token.contains('/') {
            continue;
        }
        // A parameter is named by its name, not its place in the list.
        let parameter = at.rsplit_once('/').filter(|(list, _)| list.ends_with("/parameters"));
        match parameter.and_then(|_| document.pointer(&format!("{at}/name")).and_then(Value::as_str)) {
            Some(name) => words.push(name.to_string()),
            None => words.push(token.clone()),
        }
    }
    let words: Vec<String> = words.iter().map(|word| identifier_like(word)).filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        "Schema".to_string()
    } else {
        words.join("_")
    }
}

/// `word` with every character that cannot stand in an identifier as `_`, and no `_` at
/// either end: a path's `/v1/user` is `v1_user`.
fn identifier_like(word: &str) -> String {
    let replaced: String = word.chars().map(|c| if c.is_alphanumeric() { c } else { '_' }).collect();
    replaced.trim_matches('_').to_string()
}

/// `name`, or `name_2`, `name_3`, …: the first that no component schema has.
fn free_name(document: &Value, name: &str) -> String {
    let taken = |candidate: &str| document.pointer("/components/schemas").and_then(|s| s.get(candidate)).is_some();
    if !taken(name) {
        return name.to_string();
    }
    (2..).map(|n| format!("{name}_{n}")).find(|candidate| !taken(candidate)).unwrap_or_default()
}

/// Writes the new reference at each site whose target, as written, is in `hoisted`.
fn rewrite_refs(document: &mut Value, hoisted: &BTreeMap<String, String>) {
    let mut sites = Vec::new();
    for_each_ref(document, "", &mut |site, target| {
        if let Some(reference) = hoisted.get(target) {
            sites.push((site.to_string(), reference.clone()));
        }
    });
    for (site, reference) in sites {
        if let Some(slot) = document.pointer_mut(&site) {
            *slot = Value::String(reference);
        }
    }
}

/// Copies each place that holds what `copied` selects to the references that name it,
/// round after round, since a copy may bring references of its own.
fn copy_where(document: &mut Value, copied: impl Fn(Held) -> bool) -> Result<()> {
    // Copies of copies can multiply (a callback's path item referring twice to one that
    // refers twice to the next): past this many values, the document is refused.
    let mut budget = MOST_VALUES_COPIED.max(COPIES_PER_VALUE * values_in(document));
    for _ in 0..MAX_COPY_ROUNDS {
        let copies = pending_copies(document, &copied)?;
        if copies.is_empty() {
            return Ok(());
        }
        for (holder, place, held) in copies {
            let Some(copy) = document.pointer(&place) else { continue };
            budget = budget.checked_sub(values_in(copy)).ok_or_else(|| {
                SpecError::at(&holder, "copying what references name multiplies the document past its size: they refer to each other over and over")
            })?;
            let copy = copy.clone();
            let Some(slot) = document.pointer_mut(&holder) else { continue };
            *slot = copied_over(std::mem::take(slot), copy, held);
        }
    }
    let left = pending_copies(document, &copied)?;
    let holder = left.first().map_or(String::new(), |(holder, _, _)| holder.clone());
    Err(SpecError::at(
        holder,
        format!("references copied {MAX_COPY_ROUNDS} times still bring more: they refer back to themselves"),
    ))
}

/// Whether a sibling of a reference only describes (normalization's `ANNOTATION_KEYS`,
/// and 3.1's `summary` and 3.1 schemas' `examples`): it may stand over what the reference
/// names, as 3.1 lets a reference's `summary` and `description` do.
fn only_describes(key: &str) -> bool {
    crate::normalize::ANNOTATION_KEYS.contains(&key) || matches!(key, "summary" | "examples")
}

/// What stands where `reference` (a `$ref` with its siblings) was, once `copy` of what it
/// names is written there: the copy, with the siblings' annotations over its own; for a
/// schema with siblings that say more (`nullable`, `maxLength`), the copy as an `allOf`
/// part beside them, as JSON Schema reads a `$ref` with siblings.
fn copied_over(reference: Value, mut copy: Value, held: Held) -> Value {
    let Value::Object(mut siblings) = reference else { return copy };
    siblings.remove("$ref");
    if let Value::Object(fields) = &mut copy {
        // The anchor stays with the place that declares it: two places declaring it would
        // name neither.
        fields.remove("$anchor");
    }
    let says_more = siblings.keys().any(|key| !only_describes(key));
    match (&mut copy, held) {
        (Value::Object(_), Held::PlainSchema) if says_more => {
            siblings.insert("allOf".to_string(), Value::Array(vec![copy]));
            Value::Object(siblings)
        }
        (Value::Object(fields), _) => {
            let annotations = siblings.into_iter().filter(|(key, _)| only_describes(key));
            fields.extend(annotations);
            copy
        }
        _ => copy,
    }
}

/// Each `$ref` object (by pointer) whose target is a place that holds what `copied`
/// selects, with that place and what it holds. A reference inside the place it names would
/// copy itself without end, and is refused.
fn pending_copies(document: &Value, copied: &dyn Fn(Held) -> bool) -> Result<Vec<(String, String, Held)>> {
    let mut sites = Vec::new();
    for_each_ref(document, "", &mut |site, target| {
        if let Some(holder) = site.strip_suffix("/$ref").filter(|_| names_other_place(target)) {
            sites.push((site.to_string(), holder.to_string(), target.to_string()));
        }
    });
    let places = Places::of(document, sites.iter().map(|(_, _, target)| target.as_str()));
    let mut copies = Vec::new();
    for (site, holder, target) in sites {
        let Some((place, held)) = places.find(document, &target).filter(|(_, held)| copied(*held)) else { continue };
        if holder == place || holder.starts_with(&format!("{place}/")) {
            return Err(SpecError::at(site, format!("$ref {target:?} is inside what it names")));
        }
        copies.push((holder, place, held));
    }
    Ok(copies)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::ComponentRef;

    fn rewritten(mut document: Value) -> Value {
        into_components(&mut document).unwrap();
        document
    }

    #[test]
    fn a_component_is_named_in_the_form_component_ref_reads() {
        for target in [
            "#/components/schemas/A",
            "#/components/x/a~1b",
            "#/components/schemas/a%2Fb",
            "#/a",
            "#x",
            "#",
            "b.json#/c",
        ] {
            let component = ComponentRef::parse(target, "").is_ok();
            assert_eq!(names_other_place(target), target.starts_with('#') && !component, "{target}");
        }
    }

    #[test]
    fn a_document_of_component_references_is_untouched() {
        let document = json!({"components": {"schemas": {"A": {"$ref": "#/components/schemas/B"}, "B": {}}}});
        assert_eq!(rewritten(document.clone()), document);
    }

    #[test]
    fn a_typed_schema_inside_a_component_becomes_a_component_both_places_share() {
        let document = json!({"components": {"schemas": {
            "Root": {"properties": {
                "owner": {"$ref": "#/components/schemas/Account/properties/owner"},
                "plan": {"$ref": "#/components/schemas/Account/$defs/Plan"}
            }},
            "Account": {"$defs": {"Plan": {"enum": ["free"]}},
                "properties": {"owner": {"properties": {"name": {"type": "string"}}}}}
        }}});
        assert_eq!(
            rewritten(document)["components"]["schemas"],
            json!({
                "Root": {"properties": {
                    "owner": {"$ref": "#/components/schemas/Account_owner"},
                    "plan": {"$ref": "#/components/schemas/Account_Plan"}
                }},
                "Account": {"$defs": {"Plan": {"$ref": "#/components/schemas/Account_Plan"}},
                    "properties": {"owner": {"$ref": "#/components/schemas/Account_owner"}}},
                "Account_owner": {"properties": {"name": {"type": "string"}}},
                "Account_Plan": {"enum": ["free"]}
            })
        );
    }

    #[test]
    fn a_plain_schema_is_copied_so_its_place_keeps_its_type() {
        let document = json!({"components": {"schemas": {
            "Root": {"properties": {
                "tier": {"$ref": "#/components/schemas/Account/properties/tier", "description": "The tier."},
                "tiers": {"$ref": "#/components/schemas/Account/properties/tiers", "maxItems": 3},
                "counts": {"$ref": "#/components/schemas/Account/properties/counts"}
            }},
            "Account": {"properties": {
                "tier": {"type": "string", "description": "A tier."},
                "tiers": {"type": "array", "items": {"type": "string"}},
                "counts": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Count"}}
            }},
            "Count": {"type": "integer"}
        }}});
        let schemas = rewritten(document.clone())["components"]["schemas"].clone();
        assert_eq!(schemas["Account"], document["components"]["schemas"]["Account"], "its place is as it was");
        assert_eq!(
            schemas["Root"]["properties"],
            json!({
                "tier": {"type": "string", "description": "The tier."},
                "tiers": {"maxItems": 3, "allOf": [{"type": "array", "items": {"type": "string"}}]},
                "counts": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Count"}}
            })
        );
    }

    #[test]
    fn a_place_inside_another_moves_first_and_a_recursive_definition_stays_recursive() {
        let node = "#/components/schemas/Tree/$defs/Node";
        let document = json!({"components": {"schemas": {
            "Root": {"$ref": node},
            "Leaf": {"$ref": "#/components/schemas/Tree/$defs/Node/properties/leaf"},
            "Leaf_count": {"type": "string"},
            "Tree": {"$defs": {"Counted": {"title": "Leaf count", "enum": [1]}, "Node": {"properties": {
                "children": {"items": {"$ref": node}},
                "leaf": {"properties": {"v": {"type": "integer"}}},
                "size": {"type": "integer"}
            }}}},
            "Size": {"$ref": "#/components/schemas/Tree/$defs/Node/properties/size"},
            "Titled": {"$ref": "#/components/schemas/Tree/$defs/Counted"}
        }}});
        let schemas = rewritten(document)["components"]["schemas"].clone();
        assert_eq!(schemas["Root"], json!({"$ref": "#/components/schemas/Tree_Node"}));
        assert_eq!(schemas["Titled"], json!({"$ref": "#/components/schemas/Leaf_count_2"}), "by its title, made free");
        assert_eq!(schemas["Leaf"], json!({"$ref": "#/components/schemas/Tree_Node_leaf"}));
        assert_eq!(schemas["Size"], json!({"type": "integer"}), "copied from where it was, before its holder moved");
        assert_eq!(
            schemas["Tree_Node"],
            json!({"properties": {
                "children": {"items": {"$ref": "#/components/schemas/Tree_Node"}},
                "leaf": {"$ref": "#/components/schemas/Tree_Node_leaf"},
                "size": {"type": "integer"}
            }})
        );
        assert_eq!(schemas["Tree_Node_leaf"], json!({"properties": {"v": {"type": "integer"}}}));
    }

    #[test]
    fn places_in_operations_are_named_by_operation_and_parameter_and_copied_when_not_schemas() {
        let document = json!({
            "paths": {
                "/v1/a": {"get": {"operationId": "list_a",
                    "parameters": [{"name": "limit", "in": "query", "schema": {"enum": [10, 20]}}],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"properties": {"n": {}}}}}}}}},
                "/v1/b": {"get": {
                    "parameters": [{"$ref": "#/paths/~1v1~1a/get/parameters/0", "description": "how many"}],
                    "responses": {"200": {"$ref": "#/paths/~1v1~1a/get/responses/200"}}}}
            },
            "components": {"schemas": {
                "Page": {"$ref": "#/paths/~1v1~1a/get/responses/200/content/application~1json/schema"},
                "Limit": {"$ref": "#/paths/~1v1~1a/get/parameters/0/schema"}
            }}
        });
        let document = rewritten(document);
        let schemas = &document["components"]["schemas"];
        assert_eq!(schemas["Page"], json!({"$ref": "#/components/schemas/list_a_200"}));
        assert_eq!(schemas["Limit"], json!({"$ref": "#/components/schemas/list_a_limit"}));
        assert_eq!(
            document["paths"]["/v1/b"]["get"]["parameters"][0],
            json!({"name": "limit", "in": "query", "description": "how many",
                "schema": {"$ref": "#/components/schemas/list_a_limit"}}),
            "the copy refers to the schema that moved, not to a copy of it"
        );
        let response = |path: &str| document["paths"][path]["get"]["responses"]["200"].clone();
        assert_eq!(response("/v1/b"), response("/v1/a"));
    }

    #[test]
    fn an_anchor_names_its_schema() {
        let document = json!({"components": {"schemas": {
            "Root": {"properties": {"a": {"$ref": "#thing"}, "b": {"$ref": "#inner"}, "c": {"$ref": "#typed"}}},
            "Thing": {"$anchor": "thing", "type": "string"},
            "Other": {"properties": {
                "x": {"$anchor": "inner", "type": "integer"},
                "y": {"$anchor": "typed", "enum": ["a"]}
            }}
        }}});
        let schemas = rewritten(document)["components"]["schemas"].clone();
        assert_eq!(schemas["Root"]["properties"]["a"], json!({"$ref": "#/components/schemas/Thing"}));
        assert_eq!(schemas["Root"]["properties"]["b"], json!({"type": "integer"}));
        assert_eq!(schemas["Root"]["properties"]["c"], json!({"$ref": "#/components/schemas/Other_y"}));
        assert_eq!(schemas["Other_y"], json!({"$anchor": "typed", "enum": ["a"]}));
    }

    #[test]
    fn a_new_name_never_takes_a_components_and_a_discriminator_mapping_follows() {
        let document = json!({"components": {"schemas": {
            "Account_owner": {"type": "boolean"},
            "Root": {"oneOf": [{"$ref": "#/components/schemas/Account/properties/owner"}],
                "discriminator": {"propertyName": "kind", "mapping": {"o": "#/components/schemas/Account/properties/owner"}}},
            "Account": {"properties": {"owner": {"properties": {"kind": {"type": "string"}}}}}
        }}});
        let schemas = rewritten(document)["components"]["schemas"].clone();
        assert_eq!(schemas["Account_owner"], json!({"type": "boolean"}));
        assert_eq!(schemas["Root"]["discriminator"]["mapping"]["o"], "#/components/schemas/Account_owner_2");
        assert_eq!(schemas["Root"]["oneOf"][0], json!({"$ref": "#/components/schemas/Account_owner_2"}));
    }

    #[test]
    fn what_cannot_be_followed_is_left_for_the_reference_check() {
        let document = json!({
            "info": {"title": "t"},
            "components": {"schemas": {"A": {"properties": {
                "a": {"$ref": "#/components/schemas/Missing/properties/x"},
                "b": {"$ref": "#nowhere"},
                "c": {"$ref": "other.json#/x"},
                "d": {"$ref": "#/info"}
            }}}}
        });
        assert_eq!(rewritten(document.clone()), document);
    }

    #[test]
    fn references_that_multiply_what_they_copy_are_refused() {
        // Each callback's path item refers twice to the next: 2^16 copies of the last.
        let mut callbacks = serde_json::Map::new();
        for level in 0..16 {
            let next = format!("#/components/callbacks/c{}/e", level + 1);
            let operation = json!({"callbacks": {"a": {"$ref": next}, "b": {"$ref": next}}});
            callbacks.insert(format!("c{level}"), json!({"e": {"post": operation}}));
        }
        callbacks.insert("c16".into(), json!({"e": {"post": {"description": "x".repeat(64)}}}));
        let mut document = json!({"components": {"callbacks": callbacks}, "paths": {"/a": {"post": {"callbacks": {
            "c": {"$ref": "#/paths/~1b"}
        }}}, "/b": {"$ref": "#/components/callbacks/c0/e"}}});
        let error = into_components(&mut document).unwrap_err();
        assert!(error.message.contains("multiplies the document"), "{error}");
    }

    #[test]
    fn a_reference_inside_what_it_names_is_refused() {
        let mut document = json!({"paths": {"/a": {"get": {"parameters": [{"$ref": "#/paths/~1a"}]}}}});
        let error = into_components(&mut document).unwrap_err();
        assert_eq!(error.pointer, "/paths/~1a/get/parameters/0/$ref");
        assert!(error.message.contains("inside what it names"), "{error}");
    }
}
