//! Why each Rust API change happened. A wire change is linked to the Rust items generated
//! from exactly the schema it lives in, through the generator's own name map (component to
//! Rust type) and the fields' JSON names, never by a field name alone. What no wire change
//! explains is attributed to the components, an override, or a document example.

use std::collections::{BTreeSet, HashMap};

use heck::{ToPascalCase, ToSnakeCase};

use crate::change::Change;
use crate::rules::Family;
use crate::rust::change::{ApiChange, ApiChangeKind, Cause};
use crate::rust::diff::owner;
use crate::rust::Side;
use crate::semver::Semver;
use crate::wire::{Location, SchemaSite};
use elevenlabs_codegen::api::ApiItem;

/// The Rust items a wire change reaches, on both sides.
#[derive(Debug, Default)]
struct Targets {
    /// Exact item paths: fields, their accessors, their builder setters.
    paths: BTreeSet<String>,
    /// Types the changed position holds: changes to the type itself are linked.
    types: BTreeSet<String>,
    /// Types whose members are linked too (the value at the position changed).
    member_types: BTreeSet<String>,
    /// Types holding a field that appeared or went: their trait impls follow their
    /// fields (a secret field makes `Debug` hand-written and redacting).
    impl_holders: BTreeSet<String>,
    /// Client items: `Client::<method>` and everything of `builder::<Operation>`.
    client_prefixes: BTreeSet<String>,
}

impl Targets {
    fn of(change: &Change, before: &Side, after: &Side) -> Self {
        let mut targets = Targets::default();
        let family = change.kind.rule().family;
        let reach = Reach {
            // A field that appears or goes brings or drops its type; a new kind of value
            // is a new type. An enum value or `null` more changes the type, not its name.
            whole_types: matches!(family, Family::Presence | Family::KindOfValue),
            members: matches!(
                family,
                Family::Presence | Family::KindOfValue | Family::EnumValues | Family::Nullability
            ),
            holder_impls: family == Family::Presence,
        };
        let head_site = change.head_schema.as_ref().or(change.schema.as_ref());
        for (side, site) in [(before, change.schema.as_ref()), (after, head_site)] {
            if let Some(site) = site {
                targets.reach(side, site, reach);
            }
        }
        // Operations, responses, parameters and body roots are the client's.
        if change.location == Location::Operation
            || matches!(change.location, Location::Parameter { .. })
            || change.field.is_empty()
        {
            for side in [before, after] {
                if let Some(id) = side.operation_ids.get(&change.operation) {
                    targets.client_prefixes.insert(format!("Client::{}", id.to_snake_case()));
                    targets.client_prefixes.insert(format!("builder::{}", id.to_pascal_case()));
                }
            }
        }
        targets
    }

    /// Follows `site` from its component's Rust type through the fields its path names.
    fn reach(&mut self, side: &Side, site: &SchemaSite, reach: Reach) {
        let Some(root) = side.names.types.get(&site.component) else { return };
        let mut holders = BTreeSet::from([root.clone()]);
        let segments: Vec<&str> =
            site.path.split('.').map(|s| s.trim_end_matches("[]")).filter(|s| !s.is_empty()).collect();
        let Some((last, walk)) = segments.split_last() else {
            self.hold(root.clone(), reach);
            return;
        };
        for segment in walk {
            holders = holders
                .iter()
                .flat_map(|holder| field(side, holder, segment))
                .flat_map(|f| held_types(side, f))
                .collect();
        }
        for holder in &holders {
            if reach.holder_impls {
                self.impl_holders.insert(holder.clone());
            }
            for found in field(side, holder, last) {
                let name = found.path.rsplit_once("::").map_or("", |(_, name)| name);
                self.paths.insert(found.path.clone());
                self.paths.insert(format!("builder::{holder}::{name}"));
                for held in held_types(side, found) {
                    self.hold(held, reach);
                }
            }
        }
    }

    fn hold(&mut self, rust_type: String, reach: Reach) {
        if reach.members {
            self.member_types.insert(rust_type.clone());
        }
        if reach.whole_types {
            self.types.insert(rust_type);
        }
    }

    fn reach_member(&mut self, side: &Side, rust_type: &str, property: &str) {
        for found in field(side, rust_type, property) {
            let name = found.path.rsplit_once("::").map_or("", |(_, name)| name);
            self.paths.insert(found.path.clone());
            self.paths.insert(format!("builder::{rust_type}::{name}"));
        }
    }

    fn matches(&self, api: &ApiChange) -> bool {
        if api.krate == "client" {
            return self
                .client_prefixes
                .iter()
                .any(|prefix| api.item == *prefix || api.item.starts_with(&format!("{prefix}::")));
        }
        let holder = owner(&api.item).map(unbuilt);
        let impl_changed = matches!(api.kind, ApiChangeKind::ImplAdded | ApiChangeKind::ImplRemoved);
        self.paths.contains(&api.item)
            || impl_changed && self.impl_holders.contains(unbuilt(&api.item))
            || self.types.contains(unbuilt(&api.item))
            || api.after.as_ref().is_some_and(|after| self.types.contains(after))
            || holder.is_some_and(|h| self.member_types.contains(h))
    }
}

/// The API changes by every key [`Targets::matches`] reads, so that each wire change looks
/// at the few that may match, not at all of them: a whole-document comparison has
/// thousands of each.
struct Candidates {
    by_key: HashMap<String, Vec<usize>>,
}

impl Candidates {
    fn of(api: &[ApiChange]) -> Self {
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, change) in api.iter().enumerate() {
            let item = change.item.as_str();
            let holder = owner(item).map(unbuilt);
            // The client's items by `Client::<method>` and `builder::<Operation>`.
            let operation = item.match_indices("::").nth(1).map(|(at, _)| &item[..at]);
            let keys = [Some(item), Some(unbuilt(item)), holder, change.after.as_deref(), operation];
            let mut keys: Vec<&str> = keys.into_iter().flatten().collect();
            keys.sort_unstable();
            keys.dedup();
            for key in keys {
                by_key.entry(key.to_string()).or_default().push(index);
            }
        }
        Self { by_key }
    }

    /// The indexes of the changes that may match `targets`, each once, in order.
    fn for_targets(&self, targets: &Targets) -> Vec<usize> {
        let keys = targets
            .paths
            .iter()
            .chain(&targets.types)
            .chain(&targets.member_types)
            .chain(&targets.impl_holders)
            .chain(&targets.client_prefixes);
        let mut found: Vec<usize> = keys.filter_map(|key| self.by_key.get(key.as_str())).flatten().copied().collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// How far a wire change reaches into the types at its position.
#[derive(Debug, Clone, Copy)]
struct Reach {
    /// The types themselves: added, removed, renamed.
    whole_types: bool,
    /// Their members: fields, variants, methods.
    members: bool,
    /// The trait impls of the type holding the field.
    holder_impls: bool,
}

/// A models path with its `builder::` module taken off: a type's builder changes with it.
fn unbuilt(path: &str) -> &str {
    path.strip_prefix("builder::").unwrap_or(path)
}

/// The fields of `holder` that read the JSON property `property`.
fn field<'a>(side: &'a Side, holder: &str, property: &str) -> impl Iterator<Item = &'a ApiItem> {
    let found = side.lookup.fields.get(&(holder.to_string(), property.to_string()));
    found.into_iter().flatten().filter_map(|index| side.models.get(*index))
}

/// The generated types a field's type names: `SubscriptionStatus` in
/// `Option<SubscriptionStatus>`, `Item` in `Vec<Item>`.
fn held_types(side: &Side, field: &ApiItem) -> BTreeSet<String> {
    field
        .detail
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|word| side.lookup.types.contains(*word))
        .map(String::from)
        .collect()
}

/// Gives every API change its cause, and every wire change the bump of the API changes it
/// caused (`rust_semver`).
pub(crate) fn attribute(changes: &mut [Change], api: &mut [ApiChange], before: &Side, after: &Side) {
    let candidates = Candidates::of(api);
    for (index, change) in changes.iter_mut().enumerate() {
        let targets = Targets::of(change, before, after);
        let mut bump = Semver::None;
        for at in candidates.for_targets(&targets) {
            let api_change = &mut api[at];
            if !targets.matches(api_change) {
                continue;
            }
            bump = bump.max(api_change.semver);
            match &mut api_change.cause {
                Cause::Wire { changes } => changes.push(index),
                cause => *cause = Cause::Wire { changes: vec![index] },
            }
        }
        change.rust_semver = Some(bump);
    }
    for api_change in api.iter_mut().filter(|a| a.cause == Cause::Unexplained) {
        api_change.cause = by_override(api_change, before, after)
            .or_else(|| by_example(api_change, before, after))
            .or_else(|| by_components(api_change, before, after))
            .unwrap_or(Cause::Unexplained);
    }
}

/// The Rust API changes from BASE's committed crates to HEAD's regeneration, each with its
/// cause: a change that regenerating BASE alone makes, and that BASE → HEAD does not, is
/// the generator's; every other one is attributed as [`attribute`] does.
pub(crate) fn attribute_from_committed(
    changes: &mut [Change],
    committed: &Side,
    before: &Side,
    after: &Side,
) -> Vec<ApiChange> {
    let key = |c: &ApiChange| (c.krate.clone(), c.item.clone(), c.kind);
    let by_generator: BTreeSet<_> = crate::rust::api_changes(committed, before).iter().map(key).collect();
    let by_documents: BTreeSet<_> = crate::rust::api_changes(before, after).iter().map(key).collect();
    let (mut generator, mut rest): (Vec<ApiChange>, Vec<ApiChange>) = crate::rust::api_changes(committed, after)
        .into_iter()
        .partition(|c| by_generator.contains(&key(c)) && !by_documents.contains(&key(c)));
    attribute(changes, &mut rest, before, after);
    for change in &mut generator {
        change.cause = Cause::Generator {
            detail:
                "regenerating BASE with this codegen already makes it: its committed crates came from another version"
                    .into(),
        };
    }
    rest.extend(generator);
    crate::rust::sort_largest_bump_first(&mut rest);
    rest
}

/// An override that applies to one side only, whose schema's type holds the change.
fn by_override(api: &ApiChange, before: &Side, after: &Side) -> Option<Cause> {
    use elevenlabs_spec::overrides::Change as Edit;
    for (index, ((edit, base_outcome), (_, head_outcome))) in before.overrides.iter().zip(&after.overrides).enumerate()
    {
        if base_outcome == head_outcome {
            continue;
        }
        let component = match &edit.change {
            Edit::AddProperty { schema, .. }
            | Edit::MakeOptional { schema, .. }
            | Edit::RenameSchema { schema, .. } => Some(schema.clone()),
            Edit::Set { pointer, .. } => pointer
                .strip_prefix("/components/schemas/")
                .map(|rest| elevenlabs_spec::pointer::unescape(rest.split('/').next().unwrap_or(rest))),
        };
        let mut types = BTreeSet::new();
        if let Edit::RenameSchema { to, .. } = &edit.change {
            types.insert(elevenlabs_codegen::rust_type_name(to));
        }
        for side in [before, after] {
            types.extend(component.as_ref().and_then(|c| side.names.types.get(c)).cloned());
        }
        let holder = owner(&api.item).map(unbuilt);
        let item = unbuilt(&api.item);
        if types.contains(item)
            || holder.is_some_and(|h| types.contains(h))
            || api.after.as_ref().is_some_and(|a| types.contains(a))
        {
            let applied = |outcome: &elevenlabs_spec::Outcome| outcome == &elevenlabs_spec::Outcome::Applied;
            let detail = format!(
                "applies to {} only",
                if applied(base_outcome) {
                    "BASE"
                } else if applied(head_outcome) {
                    "HEAD"
                } else {
                    "neither, differently"
                }
            );
            return Some(Cause::Override { index, reason: edit.reason.clone(), detail });
        }
    }
    None
}

/// A property that one side's example relaxes and the other's does not.
fn by_example(api: &ApiChange, before: &Side, after: &Side) -> Option<Cause> {
    let (b, h) = (&before.names.relaxed_by_examples, &after.names.relaxed_by_examples);
    for (relaxed, other, side) in [(b, h, "BASE"), (h, b, "HEAD")] {
        for (rust_type, property) in relaxed.iter().filter(|r| !other.contains(r)) {
            let mut targets = Targets::default();
            targets.reach_member(before, rust_type, property);
            targets.reach_member(after, rust_type, property);
            if targets.paths.contains(&api.item) {
                let detail = format!(
                    "`{rust_type}.{property}` is required, and {side}'s own example omits it, so {side} generates it as optional"
                );
                return Some(Cause::Example { schema: rust_type.clone(), property: property.clone(), detail });
            }
        }
    }
    None
}

/// A type renamed, added or removed because the document's components changed.
fn by_components(api: &ApiChange, before: &Side, after: &Side) -> Option<Cause> {
    let component_of =
        |side: &Side, rust: &str| side.names.types.iter().find(|(_, r)| *r == rust).map(|(c, _)| c.clone());
    match api.kind {
        ApiChangeKind::TypeRenamed => {
            let new = api.after.as_deref().unwrap_or_default();
            let detail = match (component_of(before, &api.item), component_of(after, new)) {
                (Some(old), Some(new)) => format!("the schema `{old}` is now the component `{new}`"),
                (None, Some(new)) => format!("an inline schema is now the component `{new}`"),
                (Some(old), None) => format!("the component `{old}` is now an inline schema"),
                (None, None) => "typify names the inline schema from where it now is".into(),
            };
            Some(Cause::Components { detail })
        }
        ApiChangeKind::TypeAdded => {
            let component = component_of(after, &api.item)?;
            (!before.names.types.contains_key(&component)).then(|| Cause::Components {
                detail: format!("the component `{component}` is new to the generated operations"),
            })
        }
        ApiChangeKind::TypeRemoved => {
            let component = component_of(before, &api.item)?;
            (!after.names.types.contains_key(&component)).then(|| Cause::Components {
                detail: format!("the component `{component}` is no longer used by the generated operations"),
            })
        }
        _ => None,
    }
}
