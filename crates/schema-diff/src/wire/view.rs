//! What the comparison looks at: a schema with `$ref`s followed and `allOf` merged
//! ([`View`]), and what its values look like free of spelling ([`Shape`]). Both are bounded
//! in depth and in expansion, so a hostile document gets a partial view, never a hang.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::Value;

/// A schema with `$ref`s followed and `allOf` merged: what the comparison looks at.
#[derive(Default)]
pub(crate) struct View<'a> {
    pub(crate) reference: Option<String>,
    pub(crate) types: BTreeSet<String>,
    pub(crate) nullable: bool,
    pub(crate) values: Option<Vec<Value>>,
    /// `x-extensible-enum` (Zalando's convention): the values the server takes now, of a
    /// list it may extend, so a client expects others.
    pub(crate) extensible_values: Option<&'a Vec<Value>>,
    pub(crate) properties: BTreeMap<String, &'a Value>,
    pub(crate) required: BTreeSet<String>,
    pub(crate) items: Option<&'a Value>,
    /// What the object says of properties it does not name.
    pub(crate) additional: Additional<'a>,
    /// The members of `anyOf` and `oneOf`.
    pub(crate) alternatives: Vec<&'a Value>,
    /// The members include a `oneOf`'s: a value must match exactly one of them, so one
    /// that two members match is refused.
    pub(crate) exclusive: bool,
    /// The members of the outermost `allOf`, which the rest of the view merges.
    pub(crate) parts: Vec<&'a Value>,
    /// The members of a union of values of one type, folded into this view's type and
    /// values (`anyOf: [enum, const "off"]`); `alternatives` is then empty.
    pub(crate) folded: Vec<&'a Value>,
    pub(crate) format: Option<&'a str>,
    /// The validation keywords that bound values (normalization's `BOUND_KEYS`) and the
    /// other assertions ([`ASSERTIONS`]), by keyword.
    pub(crate) constraints: BTreeMap<&'static str, &'a Value>,
    pub(crate) discriminator: Option<&'a Value>,
    pub(crate) title: Option<&'a str>,
    pub(crate) description: Option<&'a str>,
    pub(crate) deprecated: bool,
    pub(crate) default: Option<&'a Value>,
}

/// What an object accepts besides the properties it names.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) enum Additional<'a> {
    /// Any property (`additionalProperties` absent, `true` or `{}`).
    #[default]
    Any,
    /// No other property (`false`).
    Forbidden,
    /// Properties whose values this schema describes: a map's values.
    Typed(&'a Value),
}

/// The assertions of JSON Schema 2020-12 that the generated types do not check: `not`,
/// and those OpenAPI 3.0 lacks, which normalization keeps as `x-oas-<keyword>`. Compared
/// as bounds are, by their text.
const ASSERTIONS: [&str; 14] = [
    "not",
    "if",
    "then",
    "else",
    "contains",
    "minContains",
    "maxContains",
    "prefixItems",
    "propertyNames",
    "patternProperties",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedItems",
    "unevaluatedProperties",
];

/// `{}`: the schema of any value, which a body, parameter or array without one holds.
pub(crate) fn any_value() -> &'static Value {
    static ANY: std::sync::LazyLock<Value> = std::sync::LazyLock::new(|| Value::Object(serde_json::Map::new()));
    &ANY
}

pub(crate) const MAX_DEPTH: usize = 64;

pub(crate) fn view<'a>(document: &'a Value, schema: &'a Value, depth: usize) -> View<'a> {
    view_within(document, schema, depth, &mut Expansion::default())
}

/// How many schema nodes one view may expand. A real schema needs a few hundred; a
/// document built to nest unions inside unions gets a partial view instead of a hang.
const EXPANSION_BUDGET: usize = 20_000;

/// The references being expanded on the way to a schema, and the expansion left.
struct Expansion<'a> {
    expanding: Vec<&'a str>,
    budget: usize,
}

impl Default for Expansion<'_> {
    fn default() -> Self {
        Self { expanding: Vec::new(), budget: EXPANSION_BUDGET }
    }
}

/// [`view`], knowing the references being expanded on the way here: a reference to one of
/// them says nothing new, and following it again would make a cycle (`A: anyOf [A, A]`)
/// cost exponential time before the depth limit.
fn view_within<'a>(document: &'a Value, schema: &'a Value, depth: usize, expansion: &mut Expansion<'a>) -> View<'a> {
    let mut out = View::default();
    let Some(object) = schema.as_object() else { return out };
    if depth > MAX_DEPTH || expansion.budget == 0 {
        return out;
    }
    expansion.budget -= 1;
    if let Some(Value::String(target)) = object.get("$ref") {
        let target = target.as_str();
        if expansion.expanding.contains(&target) {
            return View { reference: Some(target.to_string()), ..View::default() };
        }
        expansion.expanding.push(target);
        let resolved = resolve(document, target);
        let mut inner = resolved.map(|s| view_within(document, s, depth + 1, expansion)).unwrap_or_default();
        expansion.expanding.pop();
        inner.reference = Some(target.to_string());
        return inner;
    }
    // One pass over the schema's keywords: a lookup per keyword costs a search each, and
    // views are built for every position of every operation.
    let keywords = Keywords::of(object);
    if let Some(Value::Array(members)) = keywords.all_of {
        out.parts = members.iter().collect();
        for member in members {
            let inner = view_within(document, member, depth + 1, expansion);
            out.reference = out.reference.or(inner.reference);
            out.types.extend(inner.types);
            out.nullable |= inner.nullable;
            out.values = out.values.or(inner.values);
            out.extensible_values = out.extensible_values.or(inner.extensible_values);
            out.properties.extend(inner.properties);
            out.required.extend(inner.required);
            out.items = out.items.or(inner.items);
            if inner.additional != Additional::Any {
                out.additional = inner.additional;
            }
            out.alternatives.extend(inner.alternatives);
            out.exclusive |= inner.exclusive;
            out.format = out.format.or(inner.format);
            out.constraints.extend(inner.constraints);
            out.discriminator = out.discriminator.or(inner.discriminator);
            out.title = out.title.or(inner.title);
            out.description = out.description.or(inner.description);
            out.deprecated |= inner.deprecated;
            out.default = out.default.or(inner.default);
        }
    }
    if let Some(t) = keywords.r#type.and_then(Value::as_str) {
        out.types = BTreeSet::from([t.to_string()]);
    }
    if keywords.properties.is_some() && out.types.is_empty() {
        out.types.insert("object".into());
    }
    out.nullable |= keywords.nullable == Some(&Value::Bool(true));
    if let Some(Value::Array(values)) = keywords.r#enum {
        out.values = Some(values.iter().filter(|v| !v.is_null()).cloned().collect());
    }
    if let Some(Value::Array(values)) = keywords.extensible_enum {
        out.extensible_values = Some(values);
    }
    if let Some(Value::Object(properties)) = keywords.properties {
        out.properties.extend(properties.iter().map(|(k, v)| (k.clone(), v)));
    }
    if let Some(Value::Array(required)) = keywords.required {
        out.required.extend(required.iter().filter_map(Value::as_str).map(str::to_string));
    }
    out.items = keywords.items.or(out.items);
    match keywords.additional_properties {
        Some(Value::Bool(false)) => out.additional = Additional::Forbidden,
        Some(typed @ Value::Object(values)) if !values.is_empty() => out.additional = Additional::Typed(typed),
        _ => {}
    }
    out.format = keywords.format.and_then(Value::as_str).or(out.format);
    out.constraints.extend(keywords.constraints);
    out.discriminator = keywords.discriminator.or(out.discriminator);
    for members in [keywords.any_of, keywords.one_of] {
        if let Some(Value::Array(members)) = members {
            out.alternatives.extend(members.iter());
        }
    }
    out.exclusive |= matches!(keywords.one_of, Some(Value::Array(members)) if !members.is_empty());
    fold_value_alternatives(document, &mut out, depth, expansion);
    // The outer annotations are the ones that describe this use of the schema.
    out.title = keywords.title.and_then(Value::as_str).or(out.title);
    out.description = keywords.description.and_then(Value::as_str).or(out.description);
    out.deprecated |= keywords.deprecated == Some(&Value::Bool(true));
    out.default = keywords.default.or(out.default);
    out
}

/// The keywords a view reads from one schema object, found in one pass over it.
#[derive(Default)]
struct Keywords<'a> {
    all_of: Option<&'a Value>,
    any_of: Option<&'a Value>,
    one_of: Option<&'a Value>,
    r#type: Option<&'a Value>,
    nullable: Option<&'a Value>,
    r#enum: Option<&'a Value>,
    extensible_enum: Option<&'a Value>,
    properties: Option<&'a Value>,
    required: Option<&'a Value>,
    items: Option<&'a Value>,
    additional_properties: Option<&'a Value>,
    format: Option<&'a Value>,
    constraints: Vec<(&'static str, &'a Value)>,
    discriminator: Option<&'a Value>,
    title: Option<&'a Value>,
    description: Option<&'a Value>,
    deprecated: Option<&'a Value>,
    default: Option<&'a Value>,
}

impl<'a> Keywords<'a> {
    fn of(object: &'a serde_json::Map<String, Value>) -> Self {
        let mut found = Self::default();
        for (key, value) in object {
            let slot = match key.as_str() {
                "allOf" => &mut found.all_of,
                "anyOf" => &mut found.any_of,
                "oneOf" => &mut found.one_of,
                "type" => &mut found.r#type,
                "nullable" => &mut found.nullable,
                "enum" => &mut found.r#enum,
                "x-extensible-enum" => &mut found.extensible_enum,
                "properties" => &mut found.properties,
                "required" => &mut found.required,
                "items" => &mut found.items,
                "additionalProperties" => &mut found.additional_properties,
                "format" => &mut found.format,
                "discriminator" => &mut found.discriminator,
                "title" => &mut found.title,
                "description" => &mut found.description,
                "deprecated" => &mut found.deprecated,
                "default" => &mut found.default,
                other => {
                    let demoted = other.strip_prefix(elevenlabs_spec::normalize::DEMOTED_PREFIX);
                    let keyword = elevenlabs_spec::normalize::BOUND_KEYS
                        .iter()
                        .find(|keyword| **keyword == other)
                        .or_else(|| {
                            let name = demoted.unwrap_or(other);
                            ASSERTIONS.iter().find(|keyword| **keyword == name && (demoted.is_some() || name == "not"))
                        });
                    if let Some(keyword) = keyword {
                        found.constraints.push((keyword, value));
                    }
                    continue;
                }
            };
            *slot = Some(value);
        }
        found
    }
}

/// What a `$ref` names. A component reference, the usual kind, is two lookups and no
/// allocation; any other pointer goes through the general resolver.
fn resolve<'a>(document: &'a Value, target: &str) -> Option<&'a Value> {
    match target.strip_prefix("#/components/schemas/") {
        Some(name) if !name.contains(['/', '~', '%']) => document.get("components")?.get("schemas")?.get(name),
        _ => elevenlabs_spec::resolve(document, target),
    }
}

/// A union whose members are all values of one type (`anyOf: [enum, const "off"]`, or
/// `[string, const "off"]`) accepts what one schema would: the listed values together, or
/// every value of the type when a member does not restrict it. Compared as that schema, a
/// member that adds nothing new reports nothing, and a new constant is a new enum value.
fn fold_value_alternatives<'a>(document: &'a Value, out: &mut View<'a>, depth: usize, expansion: &mut Expansion<'a>) {
    if out.alternatives.is_empty() || out.types.len() > 1 || !out.properties.is_empty() || out.items.is_some() {
        return;
    }
    let alternatives = out.alternatives.clone();
    let members: Vec<View> = alternatives.iter().map(|m| view_within(document, m, depth + 1, expansion)).collect();
    let plain = |m: &View| m.alternatives.is_empty() && m.properties.is_empty() && m.items.is_none();
    let Some(kind) = members.first().and_then(|m| m.types.iter().next().cloned()) else { return };
    let one_type = |m: &View| m.types.len() == 1 && m.types.contains(&kind);
    if !(out.types.is_empty() || out.types.contains(&kind)) || !members.iter().all(|m| plain(m) && one_type(m)) {
        return;
    }
    out.types = BTreeSet::from([kind]);
    out.nullable |= members.iter().any(|m| m.nullable);
    out.values = if members.iter().any(|m| m.values.is_none()) {
        None
    } else {
        let mut values: Vec<Value> = Vec::new();
        for value in members.iter().flat_map(|m| m.values.iter().flatten()) {
            if !values.contains(value) {
                values.push(value.clone());
            }
        }
        Some(values)
    };
    out.folded = std::mem::take(&mut out.alternatives);
}

/// What a schema's values look like, free of spelling: its types, the one value it is
/// restricted to (a `const`), and the shapes of its alternatives. Compared as a value;
/// shown as `string`, `integer = 3` or `string one of (integer | string = "off")`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Shape {
    types: BTreeSet<String>,
    constant: Option<String>,
    alternatives: Vec<Shape>,
}

impl Shape {
    pub(crate) fn of(document: &Value, schema: &Value, depth: usize) -> Self {
        Self::within(document, schema, depth, &mut Expansion::default())
    }

    /// The shape, knowing the references being shaped on the way here: a member that
    /// refers back to one of them is that recursion, not shaped again.
    fn within<'a>(document: &'a Value, schema: &'a Value, depth: usize, shaping: &mut Expansion<'a>) -> Self {
        let target = schema.get("$ref").and_then(Value::as_str);
        if let Some(target) = target.filter(|t| shaping.expanding.contains(t)) {
            return Shape {
                types: BTreeSet::from([format!("recursion to {target}")]),
                constant: None,
                alternatives: Vec::new(),
            };
        }
        if shaping.budget == 0 {
            return Shape { types: BTreeSet::new(), constant: None, alternatives: Vec::new() };
        }
        shaping.budget -= 1;
        shaping.expanding.extend(target);
        let view = view(document, schema, depth);
        let mut alternatives: Vec<Shape> = if depth < MAX_DEPTH {
            view.alternatives.iter().map(|m| Shape::within(document, m, depth + 1, shaping)).collect()
        } else {
            Vec::new()
        };
        if target.is_some() {
            shaping.expanding.pop();
        }
        alternatives.sort_by_key(Shape::to_string);
        alternatives.dedup();
        // Shown only beside a type, so compared only there too.
        let constant = match (&view.values, view.alternatives.is_empty(), view.types.is_empty()) {
            (Some(values), true, false) if values.len() == 1 => Some(values[0].to_string()),
            _ => None,
        };
        Shape { types: view.types, constant, alternatives }
    }

    fn is_any(&self) -> bool {
        self.types.is_empty() && self.alternatives.is_empty()
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_any() {
            return f.write_str("any");
        }
        let mut parts: Vec<String> = self.types.iter().cloned().collect();
        if !self.alternatives.is_empty() {
            let members: Vec<String> = self.alternatives.iter().map(Shape::to_string).collect();
            parts.push(format!("one of ({})", members.join(" | ")));
        }
        if let Some(constant) = &self.constant {
            parts.push(format!("= {constant}"));
        }
        f.write_str(&parts.join(" "))
    }
}

pub(crate) fn shape_value(shape: &Shape) -> Option<Value> {
    Some(Value::String(shape.to_string()))
}

/// Whether every value of shape `head` is a value of shape `base` (ignoring enums).
pub(crate) fn narrower_or_equal(base: &BTreeSet<String>, head: &BTreeSet<String>) -> bool {
    !base.is_empty() && head.iter().all(|t| base.contains(t) || (t == "integer" && base.contains("number")))
}
