//! Who may call an operation: its security requirements (its own `security`, else the
//! document's), alternatives of which a caller meets one, each a set of schemes presented
//! together; and the definitions of the schemes they name. No `security` at all, or an
//! empty requirement `{}`, lets a caller present no credentials.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use super::{Aspect, Differ, Difference, Facts, Presence, Site};

/// One alternative: the schemes a caller presents together, each with its scopes.
type Alternative = BTreeMap<String, BTreeSet<String>>;

impl Differ<'_> {
    /// The requirements of an operation both documents have, alternative by alternative,
    /// and the schemes both sides' requirements name whose definitions differ.
    pub(super) fn security(&mut self, site: &Site, base: &Value, head: &Value) {
        let (before, after) = (requirements(self.base, base), requirements(self.head, head));
        for alternative in before.difference(&after) {
            let text = Some(json!(described(alternative)));
            // A caller who met the removed alternative still passes when HEAD asks of it
            // no more than it presented: a subset of its schemes, each with a subset of
            // its scopes (`no credentials` asks nothing).
            let still_met = after.iter().any(|asked| met_by(asked, alternative));
            let facts = Facts { narrowed: !still_met, ..Facts::default() };
            self.found.push(site.difference(Aspect::SecurityRequirement(Presence::Removed), facts, text, None));
        }
        for alternative in after.difference(&before) {
            let text = Some(json!(described(alternative)));
            self.found.push(site.difference(
                Aspect::SecurityRequirement(Presence::Added),
                Facts::default(),
                None,
                text,
            ));
        }
        let named = |alternatives: &BTreeSet<Alternative>| -> BTreeSet<String> {
            alternatives.iter().flat_map(|a| a.keys().cloned()).collect()
        };
        for name in named(&before).intersection(&named(&after)) {
            let (was, is) = (scheme(self.base, name), scheme(self.head, name));
            if was != is {
                let difference = site.difference(Aspect::SecurityScheme, Facts::default(), was, is);
                self.found.push(Difference { field: name.clone(), ..difference });
            }
        }
    }
}

/// The alternatives that let a caller call `operation`: its own `security`, else the
/// document's; none written lets a caller present no credentials.
fn requirements(document: &Value, operation: &Value) -> BTreeSet<Alternative> {
    let list = operation.get("security").or_else(|| document.get("security")).and_then(Value::as_array);
    let alternatives: BTreeSet<Alternative> = list
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .map(|requirement| {
            let scopes = |v: &Value| -> BTreeSet<String> {
                v.as_array().into_iter().flatten().filter_map(Value::as_str).map(String::from).collect()
            };
            requirement.iter().map(|(name, v)| (name.clone(), scopes(v))).collect()
        })
        .collect();
    if alternatives.is_empty() {
        BTreeSet::from([Alternative::new()])
    } else {
        alternatives
    }
}

/// Whether a caller presenting `presented` meets `asked`: every scheme asked is presented,
/// with at least the scopes asked.
fn met_by(asked: &Alternative, presented: &Alternative) -> bool {
    asked.iter().all(|(name, scopes)| presented.get(name).is_some_and(|held| scopes.is_subset(held)))
}

/// An alternative as the report names it: `ApiKeyAuth`, `OAuth (read, write) + ApiKeyAuth`,
/// or `no credentials`.
fn described(alternative: &Alternative) -> String {
    if alternative.is_empty() {
        return "no credentials".into();
    }
    let schemes = alternative.iter().map(|(name, scopes)| {
        if scopes.is_empty() {
            name.clone()
        } else {
            format!("{name} ({})", scopes.iter().cloned().collect::<Vec<_>>().join(", "))
        }
    });
    schemes.collect::<Vec<_>>().join(" + ")
}

/// The scheme `name` as `document` defines it, without its description and extensions
/// (which say, and change, nothing of where the credential goes).
fn scheme(document: &Value, name: &str) -> Option<Value> {
    let defined = document.pointer("/components/securitySchemes")?.get(name)?;
    let mut defined = elevenlabs_spec::dereferenced(document, defined).unwrap_or(defined).clone();
    if let Value::Object(fields) = &mut defined {
        fields.retain(|key, _| key != "description" && !key.starts_with("x-"));
    }
    Some(defined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_security_lets_a_caller_present_no_credentials() {
        let document = json!({"security": [{"Key": []}]});
        assert_eq!(requirements(&json!({}), &json!({})), BTreeSet::from([Alternative::new()]));
        assert_eq!(requirements(&document, &json!({"security": []})), BTreeSet::from([Alternative::new()]));
        let inherited = requirements(&document, &json!({}));
        assert_eq!(inherited.iter().map(described).collect::<Vec<_>>(), ["Key"]);
        let own = requirements(&document, &json!({"security": [{}, {"OAuth": ["write", "read"], "Key": []}]}));
        assert_eq!(own.iter().map(described).collect::<Vec<_>>(), ["no credentials", "Key + OAuth (read, write)"]);
    }

    #[test]
    fn a_caller_meets_what_asks_no_more_than_it_presents() {
        let alternative = |pairs: &[(&str, &[&str])]| -> Alternative {
            pairs.iter().map(|(n, s)| (n.to_string(), s.iter().map(|s| s.to_string()).collect())).collect()
        };
        let key_and_oauth = alternative(&[("Key", &[]), ("OAuth", &["read", "write"])]);
        assert!(met_by(&Alternative::new(), &key_and_oauth));
        assert!(met_by(&alternative(&[("OAuth", &["read"])]), &key_and_oauth));
        assert!(met_by(&key_and_oauth, &key_and_oauth));
        assert!(!met_by(&alternative(&[("OAuth", &["admin"])]), &key_and_oauth));
        assert!(!met_by(&alternative(&[("Other", &[])]), &key_and_oauth));
        assert!(!met_by(&alternative(&[("Key", &[])]), &Alternative::new()));
    }

    #[test]
    fn a_schemes_description_and_extensions_are_not_its_definition() {
        let with = |description: &str| json!({"components": {"securitySchemes": {"Key": {"type": "apiKey", "in": "header", "name": "xi-api-key", "description": description, "x-note": description}}}});
        assert_eq!(scheme(&with("a"), "Key"), scheme(&with("b"), "Key"));
        assert_eq!(scheme(&with("a"), "Other"), None);
    }
}
