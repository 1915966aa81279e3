//! The members of two unions (`anyOf`, `oneOf`), matched: by the component a `$ref` names,
//! by title, or by the kind of value an inline member holds.

use serde_json::Value;

use super::view::{view, Additional, Shape};

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
/// by HEAD, each property both name of one shape, and no property BASE forbids. A member
/// that takes any value reads everything.
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
    let allowed =
        b.additional != Additional::Forbidden || h.properties.keys().all(|name| b.properties.contains_key(name));
    required && same_properties && allowed
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
    fn a_member_reads_another_only_when_its_required_properties_are_there() {
        let document = json!({"components": {"schemas": {
            "Card": {"type": "object", "properties": {"last4": {"type": "string"}}, "required": ["last4"]},
            "Wire": {"type": "object", "properties": {"iban": {"type": "string"}}, "required": ["iban"]},
            "Note": {"type": "object", "properties": {"text": {"type": "string"}}},
            "Closed": {"type": "object", "properties": {"text": {"type": "string"}}, "additionalProperties": false},
            "CardPlus": {"type": "object", "properties": {"last4": {"type": "string"}, "brand": {"type": "string"}}, "required": ["last4", "brand"]},
            "CardNumber": {"type": "object", "properties": {"last4": {"type": "integer"}}, "required": ["last4"]}
        }}});
        let of = |name: &str| json!({"$ref": format!("#/components/schemas/{name}")});
        let reads = |base: &str, head: &str| reads_every_value(&document, &of(base), &document, &of(head));
        assert!(!reads("Card", "Wire"), "Wire has no last4");
        assert!(reads("Note", "Wire"), "Note requires nothing, and keeps iban as unknown");
        assert!(!reads("Closed", "Wire"), "Closed refuses iban");
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
