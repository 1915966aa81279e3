//! The members of two unions (`anyOf`, `oneOf`), matched: by the component a `$ref` names,
//! by title, or by the kind of value an inline member holds.

use std::collections::BTreeSet;

use serde_json::Value;

use super::view::{view, Additional, Shape, View};

/// A union member and the name its position is shown by (`payment<Card>`).
#[derive(Debug, Clone)]
pub(super) struct Member<'a> {
    pub(super) name: String,
    pub(super) schema: &'a Value,
}

/// Members in both unions (BASE's, HEAD's), and those in one only.
pub(super) struct Matched<'a> {
    pub(super) pairs: Vec<(Member<'a>, Member<'a>)>,
    pub(super) removed: Vec<Member<'a>>,
    pub(super) added: Vec<Member<'a>>,
}

/// Names for each member of a union, unique within it: the component a `$ref` names, else
/// the title, else the kind of value (`string`, `object`), numbered when repeated
/// (`object#2`).
fn named<'a>(document: &'a Value, members: &[&'a Value]) -> Vec<Member<'a>> {
    let mut names: Vec<Member<'a>> = Vec::new();
    for member in members {
        let reference =
            member.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/"));
        let base = match reference {
            Some(component) => elevenlabs_spec::pointer::unescape(component),
            None => match view(document, member, 0).title {
                Some(title) => title.to_string(),
                None => {
                    let shape = Shape::of(document, member, 0).to_string();
                    shape.split_whitespace().next().unwrap_or("any").to_string()
                }
            },
        };
        let count = names.iter().filter(|m| m.name.split('#').next() == Some(base.as_str())).count();
        let name = if count == 0 { base } else { format!("{base}#{}", count + 1) };
        names.push(Member { name, schema: member });
    }
    names
}

/// Matches BASE's members with HEAD's: by name first; then the inline members left, in
/// order, when they hold the same kind of value (a member whose inside changed).
pub(super) fn match_members<'a>(
    base_document: &'a Value,
    base: &[&'a Value],
    head_document: &'a Value,
    head: &[&'a Value],
) -> Matched<'a> {
    let mut base_members = named(base_document, base);
    let mut head_members = named(head_document, head);
    let mut pairs = Vec::new();
    base_members.retain(|b| match head_members.iter().position(|h| h.name == b.name) {
        Some(at) => {
            pairs.push((b.clone(), head_members.remove(at)));
            false
        }
        None => true,
    });
    let kind = |document: &Value, member: &Member| {
        let inline = member.schema.get("$ref").is_none();
        inline.then(|| Shape::of(document, member.schema, 0).to_string().split_whitespace().next().map(String::from))
    };
    base_members.retain(|b| {
        let Some(b_kind) = kind(base_document, b) else { return true };
        match head_members.iter().position(|h| kind(head_document, h) == Some(b_kind.clone())) {
            Some(at) => {
                pairs.push((b.clone(), head_members.remove(at)));
                false
            }
            None => true,
        }
    });
    Matched { pairs, removed: base_members, added: head_members }
}

/// Whether the type generated for BASE's member `base` decodes every value of HEAD's member
/// `head`: the same kind of value and, for objects, every property BASE requires required
/// by HEAD, each property both name of one shape, and every other property read by BASE's
/// `additionalProperties` when it types them. A member that takes any value reads
/// everything.
pub(super) fn reads_every_value(base_document: &Value, base: &Value, head_document: &Value, head: &Value) -> bool {
    let base_shape = Shape::of(base_document, base, 0);
    if base_shape.to_string() == "any" {
        return true;
    }
    if base_shape != Shape::of(head_document, head, 0) {
        return false;
    }
    let (b, h) = (view(base_document, base, 0), view(head_document, head, 0));
    let required = b.required.is_subset(&h.required);
    let same_properties = b.properties.iter().all(|(name, schema)| {
        h.properties
            .get(name)
            .is_none_or(|other| Shape::of(base_document, schema, 1) == Shape::of(head_document, other, 1))
    });
    let allowed = h
        .properties
        .iter()
        .filter(|(name, _)| !b.properties.contains_key(*name))
        .all(|(_, property)| !generated_refuses_unnamed((base_document, b.additional), (head_document, property)));
    required && same_properties && allowed
}

/// Whether the type generated for a union (`union`, the view of a schema with
/// `alternatives`) reads any value: two or more members besides `null` make an enum whose
/// catch-all, `Unknown`, keeps a value no member reads. An `anyOf` of objects only is a
/// struct of optional parts, and a single member is its own type: neither has one.
pub(super) fn generated_keeps_any_value(document: &Value, union: &View) -> bool {
    let kinds: Vec<BTreeSet<String>> = union
        .alternatives
        .iter()
        .map(|member| view(document, member, 0).types)
        .filter(|types| *types != BTreeSet::from(["null".to_string()]))
        .collect();
    let objects_only = kinds.iter().all(|types| *types == BTreeSet::from(["object".to_string()]));
    kinds.len() >= 2 && (union.exclusive || !objects_only)
}

/// Whether the type generated for an object whose `additionalProperties` is `additional`
/// refuses a property it does not name, whose schema is `property`. It keeps unknown
/// properties, a closed object's too, in a map typed as `additionalProperties`: only a
/// typed map whose values' schema does not read the property's refuses it.
pub(super) fn generated_refuses_unnamed(
    (document, additional): (&Value, Additional),
    (property_document, property): (&Value, &Value),
) -> bool {
    matches!(additional, Additional::Typed(values) if !reads_every_value(document, values, property_document, property))
}

/// Whether one value may match both `a` and `b`, members of one union: under `oneOf` such
/// a value matches none, so a member that overlaps another refuses values the union took.
pub(super) fn may_overlap(document: &Value, a: &Value, b: &Value) -> bool {
    overlap((document, &view(document, a, 0)), (document, &view(document, b, 0)))
}

/// Whether a value that a client built from `sent` sends may also match `member`: it sends
/// the properties `sent` names (any, when it names none), so a member that requires
/// another is told apart.
pub(super) fn may_match(sent: (&Value, &View), member: (&Value, &View)) -> bool {
    let sends_what_member_requires =
        sent.1.properties.is_empty() || member.1.required.iter().all(|name| sent.1.properties.contains_key(name));
    sends_what_member_requires && overlap(sent, member)
}

/// Whether some value may match two of `members`, which share `document`.
pub(super) fn any_overlap(document: &Value, members: &[&Value]) -> bool {
    members.iter().enumerate().any(|(i, a)| members[i + 1..].iter().any(|b| may_overlap(document, a, b)))
}

/// Conservative: true unless the two are told apart by the kinds of value they take, by the
/// values they list, by `null` that only one takes, or, for objects, by a property one
/// requires and the other forbids, or that both require with listed values that differ
/// (a discriminating `const`).
fn overlap((a_document, a): (&Value, &View), (b_document, b): (&Value, &View)) -> bool {
    if a.nullable && b.nullable {
        return true;
    }
    let (a_kinds, b_kinds) = (kinds(a), kinds(b));
    let disjoint_values = |x: &Option<Vec<Value>>, y: &Option<Vec<Value>>| matches!((x, y), (Some(x), Some(y)) if !x.iter().any(|value| y.contains(value)));
    if (!a_kinds.is_empty() && !b_kinds.is_empty() && a_kinds.is_disjoint(&b_kinds))
        || disjoint_values(&a.values, &b.values)
    {
        return false;
    }
    let told_apart = |(p_document, p): (&Value, &View), (q_document, q): (&Value, &View)| {
        p.required.iter().any(|name| {
            let forbidden = q.additional == Additional::Forbidden && !q.properties.contains_key(name);
            let discriminating = q.required.contains(name)
                && match (p.properties.get(name), q.properties.get(name)) {
                    (Some(p), Some(q)) => {
                        disjoint_values(&view(p_document, p, 1).values, &view(q_document, q, 1).values)
                    }
                    _ => false,
                };
            forbidden || discriminating
        })
    };
    !(told_apart((a_document, a), (b_document, b)) || told_apart((b_document, b), (a_document, a)))
}

/// The kinds of value a view takes, an integer counted as the number it also is.
fn kinds<'v>(view: &'v View) -> BTreeSet<&'v str> {
    view.types.iter().map(|t| if t == "integer" { "number" } else { t.as_str() }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn members_match_by_reference_then_by_kind() {
        let document = json!({"components": {"schemas": {"Card": {"type": "object"}, "Invoice": {"type": "object"}, "Wire": {"type": "object"}}}});
        let card = json!({"$ref": "#/components/schemas/Card"});
        let invoice = json!({"$ref": "#/components/schemas/Invoice"});
        let wire = json!({"$ref": "#/components/schemas/Wire"});
        let text = json!({"type": "string", "maxLength": 3});
        let longer_text = json!({"type": "string", "maxLength": 9});
        let titled = json!({"type": "object", "title": "Cash"});
        let matched =
            match_members(&document, &[&card, &invoice, &text], &document, &[&card, &wire, &longer_text, &titled]);
        let names = |members: &[Member]| members.iter().map(|m| m.name.to_string()).collect::<Vec<_>>();
        let pairs: Vec<(String, String)> =
            matched.pairs.iter().map(|(b, h)| (b.name.to_string(), h.name.to_string())).collect();
        assert_eq!(pairs, [("Card".to_string(), "Card".to_string()), ("string".into(), "string".into())]);
        assert_eq!(names(&matched.removed), ["Invoice"]);
        assert_eq!(names(&matched.added), ["Wire", "Cash"]);
    }

    #[test]
    fn members_overlap_unless_something_tells_them_apart() {
        let document = json!({"components": {"schemas": {
            "ByFoo": {"type": "object", "properties": {"foo": {"type": "string"}, "bar": {"type": "string"}}, "required": ["foo"]},
            "ByBar": {"type": "object", "properties": {"foo": {"type": "string"}, "bar": {"type": "string"}}, "required": ["bar"]},
            "Card": {"type": "object", "properties": {"kind": {"enum": ["card"]}}, "required": ["kind"]},
            "Wire": {"type": "object", "properties": {"kind": {"enum": ["wire"]}}, "required": ["kind"]},
            "Closed": {"type": "object", "properties": {"foo": {"type": "string"}}, "additionalProperties": false}
        }}});
        let of = |name: &str| json!({"$ref": format!("#/components/schemas/{name}")});
        let overlap = |a: &Value, b: &Value| may_overlap(&document, a, b);
        // `{"foo": "", "bar": ""}` matches both.
        assert!(overlap(&of("ByFoo"), &of("ByBar")));
        // A discriminating `const` that differs, a property the other forbids, another kind.
        assert!(!overlap(&of("Card"), &of("Wire")));
        assert!(!overlap(&of("ByBar"), &of("Closed")));
        assert!(!overlap(&json!({"type": "string"}), &of("ByFoo")));
        assert!(!overlap(&json!({"enum": ["a"]}), &json!({"enum": ["b"]})));
        // An integer is a number; `null` both take; a member of any kind.
        assert!(overlap(&json!({"type": "integer"}), &json!({"type": "number"})));
        assert!(overlap(&json!({"type": "string", "nullable": true}), &json!({"type": "integer", "nullable": true})));
        assert!(overlap(&json!({}), &of("Card")));
        assert!(any_overlap(&document, &[&of("Card"), &of("Wire"), &of("ByFoo")]));
        assert!(!any_overlap(&document, &[&of("Card"), &of("Wire"), &json!({"type": "string"})]));
        // What a client sends names only its own properties: a member that requires
        // another is told apart.
        let sent = |name: &str| view(&document, &document["components"]["schemas"][name], 0);
        let (by_foo, by_bar) = (sent("ByFoo"), sent("ByBar"));
        let only_foo = json!({"type": "object", "properties": {"foo": {"type": "string"}}, "required": ["foo"]});
        assert!(may_match((&document, &by_foo), (&document, &by_bar)));
        assert!(!may_match((&document, &view(&document, &only_foo, 0)), (&document, &by_bar)));
    }

    #[test]
    fn a_member_reads_another_only_when_its_required_properties_are_there() {
        let document = json!({"components": {"schemas": {
            "Card": {"type": "object", "properties": {"last4": {"type": "string"}}, "required": ["last4"]},
            "Wire": {"type": "object", "properties": {"iban": {"type": "string"}}, "required": ["iban"]},
            "Note": {"type": "object", "properties": {"text": {"type": "string"}}},
            "Closed": {"type": "object", "properties": {"text": {"type": "string"}}, "additionalProperties": false},
            "Counts": {"type": "object", "properties": {"text": {"type": "string"}}, "additionalProperties": {"type": "integer"}},
            "CardPlus": {"type": "object", "properties": {"last4": {"type": "string"}, "brand": {"type": "string"}}, "required": ["last4", "brand"]},
            "CardNumber": {"type": "object", "properties": {"last4": {"type": "integer"}}, "required": ["last4"]}
        }}});
        let of = |name: &str| json!({"$ref": format!("#/components/schemas/{name}")});
        let reads = |base: &str, head: &str| reads_every_value(&document, &of(base), &document, &of(head));
        assert!(!reads("Card", "Wire"), "Wire has no last4");
        assert!(reads("Note", "Wire"), "Note requires nothing, and keeps iban as unknown");
        assert!(reads("Closed", "Wire"), "the generated Closed keeps iban as unknown all the same");
        assert!(!reads("Counts", "Wire"), "Counts keeps only integers as unknown");
        assert!(reads("Card", "CardPlus"));
        assert!(!reads("Card", "CardNumber"), "last4 is a number now");
        assert!(reads_every_value(&document, &json!({}), &document, &of("Wire")));
        assert!(!reads_every_value(&document, &json!({"type": "string"}), &document, &of("Wire")));
    }

    #[test]
    fn repeated_kinds_are_numbered() {
        let document = json!({});
        let (a, b) = (json!({"type": "object"}), json!({"type": "object", "properties": {"x": {}}}));
        let names: Vec<String> = named(&document, &[&a, &b]).into_iter().map(|m| m.name).collect();
        assert_eq!(names, ["object", "object#2"]);
    }
}
