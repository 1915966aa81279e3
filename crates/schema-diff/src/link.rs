//! Why each Rust API change happened. A wire change reaches the Rust items generated from
//! the position it lives at: from the Rust type of the component it is in (the generator's
//! own name map), or of its operation's body or parameter (read from the generated
//! client's signatures), along its field path (properties by their JSON names, `[]` items,
//! `{}` map values, `<Member>` union members) to the types held there. It explains changes
//! to those types and everything inline below them, to the field that holds them, to the
//! trait implementations of that field's holder and of every type that holds it (derives
//! follow the types they contain), and to its operation's client items. What no wire
//! change explains is attributed to the components, an override, or a document example.

use std::collections::{BTreeSet, HashMap};

use elevenlabs_codegen::api::ApiItem;
use elevenlabs_codegen::OperationNames;
use elevenlabs_spec::OperationRef;
use serde_json::Value;

use crate::change::Change;
use crate::quote::code;
use crate::rules::{ChangeKind, Family};
use crate::rust::change::{ApiChange, ApiChangeKind, Cause};
use crate::rust::diff::owner;
use crate::rust::{identifiers, renamed_identifiers, Side};
use crate::semver::Semver;
use crate::wire::field_path::{self, Step};
use crate::wire::Location;

/// The Rust items a wire change reaches, on both sides.
#[derive(Debug, Default)]
struct Targets {
    /// Exact item paths: fields, their accessors, their builder setters.
    paths: BTreeSet<String>,
    /// Types reached whole: added, removed, renamed.
    types: BTreeSet<String>,
    /// Types whose members (fields, variants, methods, constants) are reached.
    member_types: BTreeSet<String>,
    /// Types whose trait implementations are reached: the holder of the position's field,
    /// and every type that holds it.
    impl_holders: BTreeSet<String>,
    /// Client items the change's location names: a parameter's setter, the body's setters,
    /// `send` for a response.
    client_items: BTreeSet<String>,
    /// The whole operation's client items, `Client::<method>` and everything of
    /// `builder::<Operation>`: reached by a change to the operation itself, and by any
    /// change of it where nothing closer explains a client change (a parameter that
    /// progenitor cannot send leaves the whole operation out).
    client_prefixes: BTreeSet<String>,
}

/// Where a walk along a field path ends.
#[derive(Debug, Default)]
struct Position<'a> {
    /// The types holding the last property's field.
    holders: BTreeSet<String>,
    /// That field, in each holder.
    fields: Vec<(String, &'a ApiItem)>,
    /// The types the position holds.
    held: BTreeSet<String>,
    /// When the position is a union's member: the unions, whose variants it is.
    unions: BTreeSet<String>,
}

impl Side {
    /// The Rust names of an operation, found by its method and path, or by its path's
    /// template when the other document renamed a path parameter (`/pets/{id}` for
    /// `/pets/{petId}`).
    fn operation_names(&self, operation: &OperationRef) -> Option<&OperationNames> {
        self.names.operations.get(operation).or_else(|| {
            let unnamed = operation.unnamed();
            self.names.operations.iter().find(|(o, _)| o.unnamed() == unnamed).map(|(_, names)| names)
        })
    }

    /// The fields of `holder` that read the JSON property `property`.
    fn fields_of<'a>(&'a self, holder: &str, property: &str) -> impl Iterator<Item = &'a ApiItem> {
        let found = self.lookup.fields.get(&(holder.to_string(), property.to_string()));
        found.into_iter().flatten().filter_map(|index| self.models.get(*index))
    }

    /// Walks `steps` from the types `start`.
    fn walk(&self, start: BTreeSet<String>, steps: &[Step]) -> Position<'_> {
        let mut position = Position { held: start, ..Position::default() };
        for step in steps {
            match step {
                Step::Property(name) => {
                    position.unions.clear();
                    let holders = std::mem::take(&mut position.held);
                    position.fields.clear();
                    for holder in &holders {
                        for field in self.fields_of(holder, name) {
                            position.held.extend(self.lookup.named_types(&field.detail));
                            position.fields.push((holder.clone(), field));
                        }
                    }
                    position.holders = holders;
                }
                // The holding field's type already names the values' types; inside a union's
                // member, the values are still that member's variant.
                Step::Values => {}
                Step::Member(member) => {
                    let unions = std::mem::take(&mut position.held);
                    let members: BTreeSet<String> =
                        unions.iter().filter_map(|u| self.lookup.holds.get(u)).flatten().cloned().collect();
                    // A member named after a component is its type; an inline one is any.
                    let named = self.names.types.get(member).filter(|rust| members.contains(*rust));
                    position.held = match named {
                        Some(rust) => BTreeSet::from([rust.clone()]),
                        None => members,
                    };
                    position.holders = unions.clone();
                    position.fields.clear();
                    position.unions = unions;
                }
            }
        }
        position
    }

    /// The types a location of an operation holds at its root: those its builder's
    /// signatures name for the body, the parameter or the response.
    fn root_types(&self, operation: &OperationRef, location: &Location) -> BTreeSet<String> {
        let Some(names) = self.operation_names(operation) else { return BTreeSet::new() };
        let signature = |method: &str| {
            let path = format!("builder::{}::{method}", names.builder);
            self.builder_items(&names.builder).find(|i| i.path == path).map(|i| i.detail.clone())
        };
        let text = match location {
            // progenitor types no response header.
            Location::Operation | Location::ResponseHeader { .. } => String::new(),
            Location::RequestBody { .. } => signature("body").unwrap_or_default(),
            Location::Parameter { name, .. } => {
                signature(&elevenlabs_codegen::rust_snake_name(name)).unwrap_or_default()
            }
            Location::Response { status, .. } => {
                let send = signature("send").unwrap_or_default();
                // `Result<ResponseValue<Success>, Error<Failure>>`.
                let (success, failure) = send.split_once("Error<").unwrap_or((&send, ""));
                if status.starts_with('2') || status.eq_ignore_ascii_case("default") { success } else { failure }
                    .to_string()
            }
        };
        self.lookup.named_types(&text)
    }

    /// Every type the builder of an operation names: its parameters', body's and
    /// responses' types, which typify names after the operation.
    fn operation_types(&self, operation: &OperationRef) -> BTreeSet<String> {
        let Some(names) = self.operation_names(operation) else { return BTreeSet::new() };
        self.builder_items(&names.builder).flat_map(|i| self.lookup.named_types(&i.detail)).collect()
    }

    /// The client's items of an operation's builder, found through the index.
    fn builder_items<'s>(&'s self, builder: &str) -> impl Iterator<Item = &'s ApiItem> {
        let indexes = self.lookup.builder_items.get(builder).into_iter().flatten();
        indexes.filter_map(|index| self.client.get(*index))
    }

    /// `types` and every type inline below them (components, shared, are not entered).
    fn below(&self, types: &BTreeSet<String>) -> BTreeSet<String> {
        closure(types.clone(), &self.lookup.holds, |held| !self.lookup.component_of.contains_key(held))
    }

    /// The types that each position both sides generate reaches (an operation's body, a
    /// parameter, its responses: a method that both sides' builders of the operation
    /// have), with every type they hold, by operation and method.
    fn reached_by_shared(&self, other: &Side) -> HashMap<(&OperationRef, String), BTreeSet<String>> {
        let mut reached = HashMap::new();
        for (operation, names) in &self.names.operations {
            let Some(other_names) = other.names.operations.get(operation) else { continue };
            let method = |builder: &str, item: &ApiItem| {
                item.path.strip_prefix(&format!("builder::{builder}::")).map(str::to_string)
            };
            let theirs: BTreeSet<String> =
                other.builder_items(&other_names.builder).filter_map(|i| method(&other_names.builder, i)).collect();
            for item in self.builder_items(&names.builder) {
                let Some(method) = method(&names.builder, item).filter(|m| theirs.contains(m)) else { continue };
                let types = closure(self.lookup.named_types(&item.detail), &self.lookup.holds, |_| true);
                reached.entry((operation, method)).or_insert_with(BTreeSet::new).extend(types);
            }
        }
        reached
    }

    /// The types `operation`'s builder names, with every type they hold.
    fn reached_by_operation(&self, operation: &OperationRef) -> BTreeSet<String> {
        let Some(names) = self.operation_names(operation) else { return BTreeSet::new() };
        let named = self.builder_items(&names.builder).flat_map(|item| self.lookup.named_types(&item.detail));
        closure(named.collect(), &self.lookup.holds, |_| true)
    }

    /// `types` and every type that holds them, transitively.
    fn above(&self, types: &BTreeSet<String>) -> BTreeSet<String> {
        closure(types.clone(), &self.lookup.held_by, |_| true)
    }
}

/// `start` and every type `edges` lead to from it, transitively, through the types `enter`
/// accepts.
fn closure(
    mut found: BTreeSet<String>,
    edges: &HashMap<String, BTreeSet<String>>,
    enter: impl Fn(&str) -> bool,
) -> BTreeSet<String> {
    let mut pending: Vec<String> = found.iter().cloned().collect();
    while let Some(current) = pending.pop() {
        for next in edges.get(&current).into_iter().flatten() {
            if enter(next) && found.insert(next.clone()) {
                pending.push(next.clone());
            }
        }
    }
    found
}

/// How far a kind of wire change reaches into the Rust at its position.
#[derive(Debug, Clone, Copy, Default)]
struct Reach {
    /// The field that holds the position: its type, accessors and builder setter.
    field: bool,
    /// The types at the position, and those inline below them, whole: a new kind of value
    /// is a new type.
    whole: bool,
    /// Their members: an enum value is a variant, an unknown-field map a field.
    members: bool,
    /// The trait implementations of the field's holder and of every type above it, which
    /// derive what their fields allow.
    impls: bool,
    /// The trait implementations of the types at the position: typify implements `Default`
    /// for a type from the default of the property that holds it, which a nullable
    /// property's `Option` takes instead.
    held_impls: bool,
}

impl Reach {
    /// Everything but the held types' own impls, which `whole` and `members` cover.
    const ALL: Reach = Reach { field: true, whole: true, members: true, impls: true, held_impls: false };

    fn of(kind: ChangeKind) -> Self {
        match kind {
            // Documentation is no API; a deprecation marks the field alone.
            ChangeKind::DescriptionChanged => Reach::default(),
            ChangeKind::DeprecatedAdded | ChangeKind::DeprecatedRemoved => Reach { field: true, ..Reach::default() },
            // A default wraps the field in an `Option` and sets the holder's `Default`.
            ChangeKind::DefaultChanged => Reach { field: true, impls: true, held_impls: true, ..Reach::default() },
            // typify names an inline type after its title.
            ChangeKind::TitleChanged => Reach { whole: true, ..Reach::default() },
            _ => match kind.rule().family {
                Family::EnumValues | Family::Maps => {
                    Reach { field: true, members: true, impls: true, ..Reach::default() }
                }
                Family::Nullability => Reach { field: true, impls: true, held_impls: true, ..Reach::default() },
                // A required property that is write-only is generated as optional, as
                // one that is not required is; the generators do not read `readOnly`.
                Family::Access => match kind {
                    ChangeKind::PropertyBecameWriteOnly | ChangeKind::PropertyBecameReadable => Reach::ALL,
                    _ => Reach::default(),
                },
                // Progenitor generates nothing from `security` or a response's headers.
                Family::Security | Family::ResponseHeaders => Reach::default(),
                Family::Operations
                | Family::Parameters
                | Family::Presence
                | Family::KindOfValue
                | Family::Unions
                | Family::Annotations => Reach::ALL,
            },
        }
    }
}

impl Targets {
    fn of(change: &Change, before: &Side, after: &Side) -> Self {
        let mut targets = Targets::default();
        let reach = Reach::of(change.kind);
        let head_site = if change.head_inline { None } else { change.head_schema.as_ref().or(change.schema.as_ref()) };
        let mut holders = BTreeSet::new();
        for (side, site) in [(before, change.schema.as_ref()), (after, head_site)] {
            // From the component the change lives in, when it is in one; else from the
            // operation's root.
            let in_component = site.and_then(|s| side.names.types.get(&s.component).map(|t| (t, &s.path)));
            let (start, path) = match in_component {
                Some((rust, path)) => (BTreeSet::from([rust.clone()]), path.as_str()),
                None => (side.root_types(&change.operation, &change.location), change.field.as_str()),
            };
            let steps = field_path::steps(path);
            // A member added or removed changes the union that holds it, and the field
            // that holds the union: a union left with one member is that member's type.
            if let (Family::Unions, Some((Step::Member(_), to_union))) = (change.kind.rule().family, steps.split_last())
            {
                targets.reach(side, side.walk(start.clone(), to_union), Reach::ALL);
            } else if let Some(last_member) = steps.iter().rposition(|step| matches!(step, Step::Member(_))) {
                // Inside a member that typify generates as a variant of the union itself
                // (`Variant0 { name: … }`), the change is to that variant.
                let variants = Reach { members: true, ..Reach::default() };
                targets.reach(side, side.walk(start.clone(), &steps[..last_member]), variants);
            }
            let position = side.walk(start, &steps);
            if matches!(change.kind, ChangeKind::PropertyAdded | ChangeKind::PropertyRemoved) {
                holders.extend(position.holders.iter().cloned());
                // An object's first property makes it a struct, its last one gone leaves
                // a map (`type: object` alone): the holder comes or goes whole.
                targets.types.extend(position.holders.iter().cloned());
            }
            // A type merged from the component (an `allOf` at the operation's root) holds
            // the position too: the walk from the root finds its fields.
            if in_component.is_some() {
                let root = side.root_types(&change.operation, &change.location);
                let from_root = side.walk(root, &field_path::steps(&change.field));
                let found: BTreeSet<&str> = position.fields.iter().map(|(_, f)| f.path.as_str()).collect();
                if from_root.fields.iter().any(|(_, f)| !found.contains(f.path.as_str())) {
                    targets.reach(side, from_root, reach);
                }
            }
            targets.reach(side, position, reach);
            // An operation that comes, goes or is renamed brings, takes or renames the
            // types named after it.
            if matches!(
                change.kind,
                ChangeKind::OperationAdded | ChangeKind::OperationRemoved | ChangeKind::OperationIdChanged
            ) {
                let held = side.operation_types(&change.operation);
                targets.reach(side, Position { held, ..Position::default() }, reach);
            }
            targets.client_prefixes.extend(client_prefixes(change, side));
            if let Some(names) = side.operation_names(&change.operation).filter(|_| reaches_the_client(change)) {
                let setters: Vec<String> = match &change.location {
                    Location::Operation | Location::ResponseHeader { .. } => Vec::new(),
                    Location::Parameter { name, .. } => vec![elevenlabs_codegen::rust_snake_name(name)],
                    Location::RequestBody { .. } => vec!["body".into(), "body_map".into()],
                    Location::Response { .. } => vec!["send".into()],
                };
                let items = setters.iter().map(|setter| format!("builder::{}::{setter}", names.builder));
                targets.client_items.extend(items);
            }
        }
        targets.renamed_beside(&holders, before, after);
        targets
    }

    /// The fields of `holders` that read the same property on both sides under different
    /// names: a property added or removed beside them made, or unmade, a clash of names
    /// (`firstName` beside `first_name`), which the generator resolves by renaming.
    fn renamed_beside(&mut self, holders: &BTreeSet<String>, before: &Side, after: &Side) {
        for holder in holders {
            let Some(properties) = before.lookup.properties.get(holder) else { continue };
            for property in properties {
                let paths =
                    |side: &Side| side.fields_of(holder, property).map(|f| f.path.clone()).collect::<BTreeSet<_>>();
                let (base, head) = (paths(before), paths(after));
                if base == head || head.is_empty() {
                    continue;
                }
                for path in base.union(&head) {
                    let name = path.rsplit_once("::").map_or("", |(_, name)| name);
                    self.paths.insert(format!("builder::{holder}::{name}"));
                    self.paths.insert(path.clone());
                }
            }
        }
    }

    /// Adds every target that names a renamed type under its new name too.
    fn follow_renames(&mut self, renames: &HashMap<String, String>) {
        if renames.is_empty() {
            return;
        }
        for set in [&mut self.paths, &mut self.types, &mut self.member_types, &mut self.impl_holders] {
            let renamed: Vec<String> = set
                .iter()
                .filter_map(|target| renamed_identifiers(target, |word| renames.get(word).map(String::as_str)))
                .collect();
            set.extend(renamed);
        }
    }

    fn reach(&mut self, side: &Side, position: Position, reach: Reach) {
        if reach.field {
            for (holder, field) in &position.fields {
                let name = field.path.rsplit_once("::").map_or("", |(_, name)| name);
                self.paths.insert(field.path.clone());
                self.paths.insert(format!("builder::{holder}::{name}"));
            }
        }
        let below = side.below(&position.held);
        if reach.whole {
            self.types.extend(below.iter().cloned());
        }
        if reach.members {
            self.member_types.extend(below);
            self.member_types.extend(position.unions.iter().cloned());
        }
        if reach.impls {
            let holders = if position.holders.is_empty() { &position.held } else { &position.holders };
            self.impl_holders.extend(side.above(holders));
            self.impl_holders.extend(position.unions.iter().cloned());
        }
        if reach.held_impls {
            self.impl_holders.extend(position.held.iter().cloned());
        }
    }

    /// Whether `api` is among the targets; a client item by the change's location, or by
    /// its operation when the change is to the operation itself.
    fn matches(&self, api: &ApiChange, change: &Change) -> bool {
        if api.krate == "client" {
            return self.client_items.contains(&api.item)
                || change.location == Location::Operation && in_operation(&self.client_prefixes, api);
        }
        let item = unbuilt(&api.item);
        let holder = owner(&api.item).map(unbuilt);
        let impl_changed = matches!(api.kind, ApiChangeKind::ImplAdded | ApiChangeKind::ImplRemoved);
        let mentions = |text: &Option<String>, set: &BTreeSet<String>| {
            text.as_deref().is_some_and(|t| identifiers(t).any(|w| set.contains(w)))
        };
        let whole_type =
            matches!(api.kind, ApiChangeKind::TypeAdded | ApiChangeKind::TypeRemoved | ApiChangeKind::TypeRenamed);
        self.paths.contains(&api.item)
            || whole_type && (self.types.contains(item) || api.after.as_ref().is_some_and(|a| self.types.contains(a)))
            || !whole_type && !impl_changed && holder.is_some_and(|h| self.member_types.contains(h))
            || impl_changed
                && (self.impl_holders.contains(item)
                    || self.member_types.contains(item)
                    || mentions(&api.before, &self.member_types)
                    || mentions(&api.after, &self.member_types))
    }
}

/// Progenitor generates nothing from `security` or a response's headers: no client item
/// follows them.
fn reaches_the_client(change: &Change) -> bool {
    change.kind.rule().family != Family::Security && change.location.decoded_by_client()
}

/// The paths under which `side` has the client items of `change`'s operation:
/// `Client::<method>` and `builder::<Operation>`.
fn client_prefixes(change: &Change, side: &Side) -> Vec<String> {
    let names = side.operation_names(&change.operation).filter(|_| reaches_the_client(change));
    names
        .map_or_else(Vec::new, |names| vec![format!("Client::{}", names.method), format!("builder::{}", names.builder)])
}

/// Whether `api` is a client item under one of `prefixes`.
fn in_operation<'p>(prefixes: impl IntoIterator<Item = &'p String>, api: &ApiChange) -> bool {
    let item = api.item.as_str();
    let under =
        |prefix: &String| item.strip_prefix(prefix.as_str()).is_some_and(|r| r.is_empty() || r.starts_with("::"));
    api.krate == "client" && prefixes.into_iter().any(under)
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
            let mut keys: Vec<&str> = [Some(item), Some(unbuilt(item)), holder, change.after.as_deref(), operation]
                .into_iter()
                .flatten()
                .collect();
            // An implementation's trait text names the types it is about.
            if matches!(change.kind, ApiChangeKind::ImplAdded | ApiChangeKind::ImplRemoved) {
                for text in [&change.before, &change.after].into_iter().flatten() {
                    keys.extend(identifiers(text));
                }
            }
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
            .chain(&targets.client_items)
            .chain(&targets.client_prefixes);
        let mut found: Vec<usize> = keys.filter_map(|key| self.by_key.get(key.as_str())).flatten().copied().collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// A models path with its `builder::` module taken off: a type's builder changes with it.
fn unbuilt(path: &str) -> &str {
    path.strip_prefix("builder::").unwrap_or(path)
}

/// Gives every API change its cause, and every wire change the bump of the API changes it
/// caused (`rust_semver`).
pub(crate) fn attribute(
    changes: &mut [Change],
    api: &mut [ApiChange],
    (before, after): (&Side, &Side),
    documents: (&Value, &Value),
) {
    let candidates = Candidates::of(api);
    // The API diff names a renamed type's members by the new name; BASE's walk finds the old.
    let renames: HashMap<String, String> = api
        .iter()
        .filter(|c| c.kind == ApiChangeKind::TypeRenamed)
        .filter_map(|c| Some((c.item.clone(), c.after.clone()?)))
        .collect();
    let add_cause = |api_change: &mut ApiChange, index: usize| match &mut api_change.cause {
        Cause::Wire { changes } => changes.push(index),
        cause => *cause = Cause::Wire { changes: vec![index] },
    };
    for (index, change) in changes.iter_mut().enumerate() {
        let mut targets = Targets::of(change, before, after);
        targets.follow_renames(&renames);
        for at in candidates.for_targets(&targets) {
            if targets.matches(&api[at], change) {
                add_cause(&mut api[at], index);
            }
        }
    }
    // A client change nothing closer explains is explained by every change of its operation.
    let unexplained: Vec<usize> =
        (0..api.len()).filter(|&at| api[at].krate == "client" && api[at].cause == Cause::Unexplained).collect();
    if !unexplained.is_empty() {
        for (index, change) in changes.iter().enumerate() {
            let prefixes = [before, after].map(|side| client_prefixes(change, side));
            for &at in &unexplained {
                if in_operation(prefixes.iter().flatten(), &api[at]) {
                    add_cause(&mut api[at], index);
                }
            }
        }
    }
    let (examples, components) = (std::cell::OnceCell::new(), std::cell::OnceCell::new());
    let unseen = unseen_types(changes, before, after);
    for api_change in api.iter_mut().filter(|a| a.cause == Cause::Unexplained) {
        api_change.cause = by_override(api_change, before, after)
            .or_else(|| {
                examples.get_or_init(|| ExampleCauses::of(before, after)).by_item.get(&api_change.item).cloned()
            })
            .or_else(|| by_comparison_in_part(api_change, &unseen))
            .or_else(|| {
                by_components(
                    api_change,
                    before,
                    after,
                    components.get_or_init(|| ComponentTypes::of(before, after, documents)),
                )
            })
            .unwrap_or(Cause::Unexplained);
    }
    follow_in_rounds(api);
    modules_follow_their_contents(api);
    // Each wire change's Rust bump is the largest of the API changes it caused.
    for change in changes.iter_mut() {
        change.rust_semver = Some(Semver::None);
    }
    for api_change in api.iter() {
        let Cause::Wire { changes: indexes } = &api_change.cause else { continue };
        for &index in indexes {
            if let Some(change) = changes.get_mut(index) {
                change.rust_semver = change.rust_semver.max(Some(api_change.semver));
            }
        }
    }
}

/// The types each `compared-in-part` change's operation reaches, on either side, with the
/// indexes of those changes: what the wire engine did not see all of.
fn unseen_types(changes: &[Change], before: &Side, after: &Side) -> HashMap<String, Vec<usize>> {
    let mut unseen: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, change) in changes.iter().enumerate().filter(|(_, c)| c.kind == ChangeKind::ComparedInPart) {
        let mut types = before.reached_by_operation(&change.operation);
        types.extend(after.reached_by_operation(&change.operation));
        for held in types {
            unseen.entry(held).or_default().push(index);
        }
    }
    unseen
}

/// A models change that nothing closer explains, in a type an operation compared in part
/// reaches: the wire engine stopped before it.
fn by_comparison_in_part(api: &ApiChange, unseen: &HashMap<String, Vec<usize>>) -> Option<Cause> {
    if api.krate != "models" || unseen.is_empty() {
        return None;
    }
    let item = unbuilt(&api.item);
    let found = unseen.get(item).or_else(|| owner(&api.item).and_then(|holder| unseen.get(unbuilt(holder))))?;
    Some(Cause::Wire { changes: found.clone() })
}

/// The causes of `api` changes as one: their wire changes together, else the first other
/// cause.
fn combined<'c>(causes: impl Iterator<Item = &'c Cause>) -> Option<Cause> {
    let mut wire: BTreeSet<usize> = BTreeSet::new();
    let mut other = None;
    for cause in causes {
        match cause {
            Cause::Wire { changes } => wire.extend(changes.iter().copied()),
            Cause::Unexplained => {}
            cause => other = other.or_else(|| Some(cause.clone())),
        }
    }
    if wire.is_empty() {
        other
    } else {
        Some(Cause::Wire { changes: wire.into_iter().collect() })
    }
}

/// What a model type added, removed or renamed brings with it has its cause: the members
/// and builder of the type (under a new name, generated anew), and the signatures and
/// implementations that name it.
fn follow_whole_types(api: &mut [ApiChange]) {
    let mut whole_types: HashMap<String, Cause> = HashMap::new();
    for change in api.iter().filter(|c| c.krate == "models" && c.cause != Cause::Unexplained) {
        match change.kind {
            ApiChangeKind::TypeAdded | ApiChangeKind::TypeRemoved => {
                whole_types.entry(unbuilt(&change.item).to_string()).or_insert_with(|| change.cause.clone());
            }
            ApiChangeKind::TypeRenamed => {
                for name in [Some(&change.item), change.after.as_ref()].into_iter().flatten() {
                    whole_types.entry(name.clone()).or_insert_with(|| change.cause.clone());
                }
            }
            _ => {}
        }
    }
    if whole_types.is_empty() {
        return;
    }
    for change in api.iter_mut().filter(|c| c.cause == Cause::Unexplained) {
        let holder = if change.krate == "models" { owner(&change.item).map(unbuilt) } else { None };
        let named = || {
            [&change.before, &change.after]
                .into_iter()
                .flatten()
                .flat_map(|text| identifiers(text))
                .find_map(|word| whole_types.get(word))
        };
        if let Some(cause) = holder.and_then(|h| whole_types.get(h)).or_else(named) {
            change.cause = cause.clone();
        }
    }
}

/// The passes by which changes follow others' causes. Each may explain what another one
/// reads, so they run until a round explains nothing more (each round but the last
/// explains at least one change, so they end).
fn follow_in_rounds(api: &mut [ApiChange]) {
    let unexplained = |api: &[ApiChange]| api.iter().filter(|c| c.cause == Cause::Unexplained).count();
    loop {
        let before_round = unexplained(api);
        builders_follow_their_types(api);
        accessors_follow_their_fields(api);
        follow_whole_types(api);
        types_follow_what_names_them(api);
        if unexplained(api) == before_round {
            break;
        }
    }
}

/// A model type that comes or goes because a field or signature now names another type
/// (typify named an inline schema anew, or stopped sharing one) has the cause of the change
/// that names it: a type added is named by an explained change's `after`, a type removed
/// by its `before`.
fn types_follow_what_names_them(api: &mut [ApiChange]) {
    let found: Vec<(usize, Cause)> = api
        .iter()
        .enumerate()
        .filter(|(_, c)| c.krate == "models" && c.cause == Cause::Unexplained && !c.item.starts_with("builder::"))
        .filter(|(_, c)| matches!(c.kind, ApiChangeKind::TypeAdded | ApiChangeKind::TypeRemoved))
        .filter_map(|(at, change)| {
            let added = change.kind == ApiChangeKind::TypeAdded;
            let names_it = |other: &&ApiChange| {
                let text = if added { &other.after } else { &other.before };
                other.krate == "models"
                    && other.cause != Cause::Unexplained
                    && owner(&other.item).map(unbuilt) != Some(change.item.as_str())
                    && text.as_deref().is_some_and(|text| identifiers(text).any(|word| word == change.item))
            };
            combined(api.iter().filter(names_it).map(|c| &c.cause)).map(|cause| (at, cause))
        })
        .collect();
    for (at, cause) in found {
        api[at].cause = cause;
    }
}

/// A field's accessor (`User::tier()`, which reads a field through its presence wrapper)
/// and its builder setter come, go and change with the field's type: they have the cause
/// of the field's change, which shares their path.
fn accessors_follow_their_fields(api: &mut [ApiChange]) {
    let fields: HashMap<String, Cause> = api
        .iter()
        .filter(|c| c.krate == "models" && c.cause != Cause::Unexplained)
        .filter(|c| {
            matches!(c.kind, ApiChangeKind::FieldAdded | ApiChangeKind::FieldRemoved | ApiChangeKind::FieldTypeChanged)
        })
        .map(|c| (c.item.clone(), c.cause.clone()))
        .collect();
    if fields.is_empty() {
        return;
    }
    for change in api.iter_mut().filter(|c| c.krate == "models" && c.cause == Cause::Unexplained) {
        let is_method = matches!(
            change.kind,
            ApiChangeKind::MethodAdded | ApiChangeKind::MethodRemoved | ApiChangeKind::MethodSignatureChanged
        );
        if let Some(cause) = fields.get(unbuilt(&change.item)).filter(|_| is_method) {
            change.cause = cause.clone();
        }
    }
}

/// A struct's builder comes and goes with the struct (a type that becomes a struct gains
/// one): it has the causes of the changes to the type it builds.
fn builders_follow_their_types(api: &mut [ApiChange]) {
    for at in 0..api.len() {
        let change = &api[at];
        let whole = matches!(change.kind, ApiChangeKind::TypeAdded | ApiChangeKind::TypeRemoved);
        let Some(built) = change.item.strip_prefix("builder::") else { continue };
        if change.krate != "models" || !whole || change.cause != Cause::Unexplained {
            continue;
        }
        let of_type = |c: &ApiChange| c.krate == "models" && (c.item == built || owner(&c.item) == Some(built));
        if let Some(cause) = combined(api.iter().filter(|c| of_type(c)).map(|c| &c.cause)) {
            api[at].cause = cause;
        }
    }
}

/// A generated module (`builder`, `error`) appears with the first item it holds and goes
/// with the last. Its change has the causes of the items that came or went with it: those
/// inside it, else (a module whose items are not public) the types of its crate. typify's
/// `defaults` module is private, so a document's first `default` changes no API.
fn modules_follow_their_contents(api: &mut [ApiChange]) {
    for module in 0..api.len() {
        let change = &api[module];
        let is_module = !change.item.contains("::")
            && change.before.as_deref().or(change.after.as_deref()).is_some_and(|text| text.starts_with("mod "));
        if !is_module || change.cause != Cause::Unexplained {
            continue;
        }
        let (type_kind, item_kind) = match change.kind {
            ApiChangeKind::ItemRemoved => (ApiChangeKind::TypeRemoved, ApiChangeKind::ItemRemoved),
            _ => (ApiChangeKind::TypeAdded, ApiChangeKind::ItemAdded),
        };
        let prefix = format!("{}::", change.item);
        let same_crate = |c: &&ApiChange| c.krate == change.krate;
        let inside = |c: &&ApiChange| c.item.starts_with(&prefix) && (c.kind == type_kind || c.kind == item_kind);
        let with_it: Vec<&ApiChange> = match api.iter().filter(same_crate).filter(inside).collect::<Vec<_>>() {
            inside if inside.is_empty() => {
                api.iter().filter(same_crate).filter(|c| c.kind == type_kind && !c.item.contains("::")).collect()
            }
            inside => inside,
        };
        if let Some(cause) = combined(with_it.iter().map(|c| &c.cause)) {
            api[module].cause = cause;
        }
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
    documents: (&Value, &Value),
) -> Vec<ApiChange> {
    let key = |c: &ApiChange| (c.krate.clone(), c.item.clone(), c.kind);
    let by_generator: BTreeSet<_> = crate::rust::api_changes(committed, before).iter().map(key).collect();
    let by_documents: BTreeSet<_> = crate::rust::api_changes(before, after).iter().map(key).collect();
    let (mut generator, mut rest): (Vec<ApiChange>, Vec<ApiChange>) = crate::rust::api_changes(committed, after)
        .into_iter()
        .partition(|c| by_generator.contains(&key(c)) && !by_documents.contains(&key(c)));
    attribute(changes, &mut rest, (before, after), documents);
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

/// The items of the properties that one side's example relaxes and the other's does not,
/// each with that cause: found once, since a whole document relaxes hundreds.
struct ExampleCauses {
    by_item: HashMap<String, Cause>,
}

impl ExampleCauses {
    fn of(before: &Side, after: &Side) -> Self {
        let mut by_item = HashMap::new();
        let (b, h) = (&before.names.relaxed_by_examples, &after.names.relaxed_by_examples);
        for (relaxed, other, side) in [(b, h, "BASE"), (h, b, "HEAD")] {
            for (rust_type, property) in relaxed.iter().filter(|r| !other.contains(r)) {
                let mut targets = Targets::default();
                for side in [before, after] {
                    let position = side.walk(BTreeSet::from([rust_type.clone()]), &[Step::Property(property.clone())]);
                    targets.reach(side, position, Reach { field: true, ..Reach::default() });
                }
                let detail = format!(
                    "{} is required, and {side}'s own example omits it, so {side} generates it as optional",
                    code(&format!("{rust_type}.{property}"))
                );
                let cause = Cause::Example { schema: rust_type.clone(), property: property.clone(), detail };
                // The first relaxation that reaches an item is its cause.
                for item in targets.paths {
                    by_item.entry(item).or_insert_with(|| cause.clone());
                }
            }
        }
        Self { by_item }
    }
}

/// A type renamed, added or removed because the document's components changed, or a
/// type of a component both sides generate that changed where no body, parameter or
/// response that both documents have reaches it on both sides (the wire diff compares what
/// those reach).
fn by_components(api: &ApiChange, before: &Side, after: &Side, components: &ComponentTypes) -> Option<Cause> {
    // A struct's builder is named as the struct is.
    let component_of = |side: &Side, rust: &str| side.lookup.component_of.get(unbuilt(rust)).cloned();
    let changed_unreached = || {
        let holder = if matches!(api.kind, ApiChangeKind::TypeAdded | ApiChangeKind::TypeRemoved) {
            unbuilt(&api.item)
        } else {
            owner(&api.item).map_or(unbuilt(&api.item), unbuilt)
        };
        components.changed.get(holder).map(|component| Cause::Components {
            detail: format!(
                "the component {} changed, and no body, parameter or response that both documents have reaches it",
                code(component)
            ),
        })
    };
    match api.kind {
        ApiChangeKind::TypeRenamed => {
            let new = api.after.as_deref().unwrap_or_default();
            let detail = match (component_of(before, &api.item), component_of(after, new)) {
                (Some(old), Some(new)) => format!("the schema {} is now the component {}", code(&old), code(&new)),
                (None, Some(new)) => format!("an inline schema is now the component {}", code(&new)),
                (Some(old), None) => format!("the component {} is now an inline schema", code(&old)),
                (None, None) => "typify names the inline schema from where it now is".into(),
            };
            Some(Cause::Components { detail })
        }
        ApiChangeKind::TypeAdded | ApiChangeKind::TypeRemoved => {
            let (present, absent, only_there, what) = if api.kind == ApiChangeKind::TypeAdded {
                (after, before, &components.added, "is new to the generated operations")
            } else {
                (before, after, &components.removed, "is no longer used by the generated operations")
            };
            let component = component_of(present, &api.item).or_else(|| only_there.get(unbuilt(&api.item)).cloned());
            match component {
                Some(component) if !absent.names.types.contains_key(&component) => {
                    Some(Cause::Components { detail: format!("the component {} {what}", code(&component)) })
                }
                _ => changed_unreached(),
            }
        }
        _ => changed_unreached(),
    }
}

/// The types of components, each with its component (its own type and those inline
/// below it): those one side generates and the other does not, and those of components
/// both generate whose schema differs between the documents.
struct ComponentTypes {
    /// In HEAD only.
    added: HashMap<String, String>,
    /// In BASE only.
    removed: HashMap<String, String>,
    /// On both sides, from a component whose schema changed: by their Rust names on
    /// either side.
    changed: HashMap<String, String>,
}

impl ComponentTypes {
    fn of(before: &Side, after: &Side, (base, head): (&Value, &Value)) -> Self {
        let below = |side: &Side, rust: &str| side.below(&BTreeSet::from([rust.to_string()]));
        let only_in = |side: &Side, other: &Side| {
            let mut types = HashMap::new();
            for (component, rust) in side.names.types.iter().filter(|(c, _)| !other.names.types.contains_key(*c)) {
                for held in below(side, rust) {
                    types.entry(held).or_insert_with(|| component.clone());
                }
            }
            types
        };
        let schema = |document: &'_ Value, name: &str| document.get("components")?.get("schemas")?.get(name).cloned();
        let (base_shared, head_shared) = (before.reached_by_shared(after), after.reached_by_shared(before));
        // What a position both sides have reaches on both, the wire diff compares; one
        // reached at a position on one side only (a body removed, a response added) is
        // compared as that position, not inside.
        let compared = |base_rust: &String, head_rust: &String| {
            base_shared.iter().any(|(position, types)| {
                types.contains(base_rust) && head_shared.get(position).is_some_and(|types| types.contains(head_rust))
            })
        };
        let mut changed = HashMap::new();
        for (component, base_rust) in &before.names.types {
            let Some(head_rust) = after.names.types.get(component) else { continue };
            if compared(base_rust, head_rust) {
                continue;
            }
            if schema(base, component) == schema(head, component) {
                continue;
            }
            for held in below(before, base_rust).into_iter().chain(below(after, head_rust)) {
                changed.entry(held).or_insert_with(|| component.clone());
            }
        }
        Self { added: only_in(after, before), removed: only_in(before, after), changed }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api_change(
        kind: ApiChangeKind,
        item: &str,
        before: Option<&str>,
        after: Option<&str>,
        cause: Cause,
    ) -> ApiChange {
        ApiChange {
            krate: "models".into(),
            item: item.into(),
            kind,
            semver: Semver::Major,
            before: before.map(String::from),
            after: after.map(String::from),
            suggestion: None,
            cause,
        }
    }

    /// typify names an inline schema after the first place it meets it: when that place
    /// goes, a field's type is named anew, and the new type, its impls and builder follow
    /// the field's cause, found in rounds.
    #[test]
    fn a_type_named_anew_follows_the_field_that_names_it() {
        let renamed = Cause::Components { detail: "typify names the inline schema from where it now is".into() };
        let mut api = vec![
            api_change(ApiChangeKind::TypeRemoved, "AlphaText", Some("struct AlphaText"), None, renamed.clone()),
            api_change(
                ApiChangeKind::FieldTypeChanged,
                "Beta::text",
                Some("Option<AlphaText>"),
                Some("Option<BetaText>"),
                Cause::Unexplained,
            ),
            api_change(ApiChangeKind::TypeAdded, "BetaText", None, Some("struct BetaText"), Cause::Unexplained),
            api_change(
                ApiChangeKind::ImplAdded,
                "::std::string::String",
                None,
                Some("impl From<BetaText> for ::std::string::String"),
                Cause::Unexplained,
            ),
            api_change(ApiChangeKind::TypeAdded, "Unrelated", None, Some("struct Unrelated"), Cause::Unexplained),
        ];
        follow_in_rounds(&mut api);
        let causes: Vec<&Cause> = api.iter().map(|c| &c.cause).collect();
        assert_eq!(causes, [&renamed, &renamed, &renamed, &renamed, &Cause::Unexplained]);
    }
}
