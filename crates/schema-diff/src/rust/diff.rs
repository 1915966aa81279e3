//! How the public Rust API of the generated crates changes between two documents, and the
//! semver bump each change needs by the Cargo book's SemVer compatibility rules.

use std::collections::{BTreeMap, BTreeSet};

use super::change::{ApiChange, ApiChangeKind, Cause};
use elevenlabs_codegen::api::{render, ApiItem, ItemKind};

/// How similar two types' members must be (shared over all, by rendered line with the
/// type's own name blanked) for a removed and an added type to count as one renamed.
const RENAME_SIMILARITY: f64 = 0.5;

/// The API changes of one crate from `base` to `head`.
pub fn api_changes(krate: &str, base: &[ApiItem], head: &[ApiItem]) -> Vec<ApiChange> {
    let renames = renamed_types(base, head);
    let renamed_from: BTreeMap<&str, &str> = renames.iter().map(|(old, new)| (old.as_str(), new.as_str())).collect();
    // After a rename, members are compared under the new name.
    let base: Vec<ApiItem> = base.iter().map(|item| with_type_renamed(item, &renamed_from)).collect();
    let key = |item: &ApiItem| (group(item.kind), item.path.clone(), impl_trait(item));
    let base_items: BTreeMap<_, &ApiItem> = base.iter().map(|item| (key(item), item)).collect();
    let head_items: BTreeMap<_, &ApiItem> = head.iter().map(|item| (key(item), item)).collect();
    // Members of a type that is added or removed as a whole are not listed one by one.
    let types_of = |items: &BTreeMap<(u8, String, String), &ApiItem>| -> BTreeSet<String> {
        items.values().filter(|i| matches!(i.kind, ItemKind::Struct | ItemKind::Enum)).map(|i| i.path.clone()).collect()
    };
    let (base_types, head_types) = (types_of(&base_items), types_of(&head_items));
    let whole_types: BTreeSet<&String> = base_types.symmetric_difference(&head_types).collect();
    let in_whole_type = |item: &ApiItem| {
        let holder = if item.kind == ItemKind::TraitImpl { Some(item.path.as_str()) } else { owner(&item.path) };
        !matches!(item.kind, ItemKind::Struct | ItemKind::Enum)
            && holder.is_some_and(|h| whole_types.contains(&h.to_string()))
    };
    let non_exhaustive_in_head: BTreeSet<&str> =
        head.iter().filter(|i| i.non_exhaustive).map(|i| i.path.as_str()).collect();
    // The bump is the kind's; whether the owner is `#[non_exhaustive]` matters to additions.
    let change = |item: &ApiItem, kind: ApiChangeKind, owner_non_exhaustive: Option<bool>, before, after| ApiChange {
        krate: krate.to_string(),
        item: item.path.clone(),
        kind,
        semver: kind.semver(owner_non_exhaustive.unwrap_or(false)),
        before,
        after,
        suggestion: None,
        cause: Cause::Unexplained,
    };
    let mut changes: Vec<ApiChange> = renames
        .iter()
        .map(|(old, new)| ApiChange {
            krate: krate.to_string(),
            item: old.clone(),
            kind: ApiChangeKind::TypeRenamed,
            semver: ApiChangeKind::TypeRenamed.semver(false),
            before: Some(old.clone()),
            after: Some(new.clone()),
            suggestion: None,
            cause: Cause::Unexplained,
        })
        .collect();
    for (k, item) in &base_items {
        if head_items.contains_key(k) || in_whole_type(item) {
            continue;
        }
        let kind = match item.kind {
            ItemKind::Struct | ItemKind::Enum => ApiChangeKind::TypeRemoved,
            ItemKind::Field => ApiChangeKind::FieldRemoved,
            ItemKind::Variant => ApiChangeKind::VariantRemoved,
            ItemKind::Method => ApiChangeKind::MethodRemoved,
            ItemKind::TraitImpl => ApiChangeKind::ImplRemoved,
            _ => ApiChangeKind::ItemRemoved,
        };
        changes.push(change(item, kind, None, Some(render(item).trim().to_string()), None));
    }
    for (k, item) in &head_items {
        let owner_non_exhaustive = owner(&item.path).is_some_and(|o| non_exhaustive_in_head.contains(o));
        let Some(before) = base_items.get(k) else {
            if in_whole_type(item) {
                continue;
            }
            let kind = match item.kind {
                ItemKind::Struct | ItemKind::Enum => ApiChangeKind::TypeAdded,
                ItemKind::Field => ApiChangeKind::FieldAdded,
                ItemKind::Variant => ApiChangeKind::VariantAdded,
                // An operation's input; a model's builder, which users rarely fill, keeps
                // method-added, as cargo-semver-checks and the history's verdicts do.
                ItemKind::Method if item.required && krate == "client" => ApiChangeKind::RequiredInputAdded,
                ItemKind::Method => ApiChangeKind::MethodAdded,
                ItemKind::TraitImpl => ApiChangeKind::ImplAdded,
                _ => ApiChangeKind::ItemAdded,
            };
            changes.push(change(item, kind, Some(owner_non_exhaustive), None, Some(render(item).trim().to_string())));
            continue;
        };
        if before.detail != item.detail {
            let kind = match item.kind {
                ItemKind::Field => ApiChangeKind::FieldTypeChanged,
                ItemKind::Variant => ApiChangeKind::VariantChanged,
                ItemKind::Method => ApiChangeKind::MethodSignatureChanged,
                _ => ApiChangeKind::ItemChanged,
            };
            changes.push(change(item, kind, None, Some(before.detail.clone()), Some(item.detail.clone())));
        }
        if let (Some(was), Some(now)) = (&before.wire_name, &item.wire_name) {
            if was != now {
                let property = |name: &String| Some(format!("{name:?}"));
                changes.push(change(item, ApiChangeKind::FieldPropertyChanged, None, property(was), property(now)));
            }
        }
        match (before.deprecated, item.deprecated) {
            (false, true) => changes.push(change(item, ApiChangeKind::DeprecationAdded, None, None, None)),
            (true, false) => changes.push(change(item, ApiChangeKind::DeprecationRemoved, None, None, None)),
            _ => {}
        }
        match (before.required, item.required) {
            (false, true) => changes.push(change(item, ApiChangeKind::InputBecameRequired, None, None, None)),
            (true, false) => changes.push(change(item, ApiChangeKind::InputBecameOptional, None, None, None)),
            _ => {}
        }
        match (before.non_exhaustive, item.non_exhaustive) {
            (false, true) => changes.push(change(item, ApiChangeKind::NonExhaustiveAdded, None, None, None)),
            (true, false) => changes.push(change(item, ApiChangeKind::NonExhaustiveRemoved, None, None, None)),
            _ => {}
        }
    }
    changes.sort_by(|a, b| b.semver.cmp(&a.semver).then(a.item.cmp(&b.item)).then(a.kind.cmp(&b.kind)));
    changes
}

/// Items compare by kind group: a struct that became an enum is removed and added.
fn group(kind: ItemKind) -> u8 {
    match kind {
        ItemKind::Struct | ItemKind::Enum => 0,
        other => other as u8 + 1,
    }
}

fn impl_trait(item: &ApiItem) -> String {
    if item.kind == ItemKind::TraitImpl {
        item.detail.clone()
    } else {
        String::new()
    }
}

/// The type that holds a member path: `User` for `User::id`, `builder::User` for
/// `builder::User::id`.
pub(crate) fn owner(path: &str) -> Option<&str> {
    path.rsplit_once("::").map(|(owner, _)| owner)
}

/// The last segment of a path: the type's own name.
fn own_name(path: &str) -> &str {
    path.rsplit_once("::").map_or(path, |(_, name)| name)
}

/// Pairs of (removed, added) top-level types of the same kind whose members are mostly the
/// same: a type typify named differently after the schema moved.
fn renamed_types(base: &[ApiItem], head: &[ApiItem]) -> Vec<(String, String)> {
    let types = |items: &[ApiItem]| -> BTreeMap<String, ItemKind> {
        items
            .iter()
            .filter(|i| matches!(i.kind, ItemKind::Struct | ItemKind::Enum) && !i.path.contains("::"))
            .map(|i| (i.path.clone(), i.kind))
            .collect()
    };
    let (base_types, head_types) = (types(base), types(head));
    let removed: Vec<(&String, &ItemKind)> = base_types.iter().filter(|(n, _)| !head_types.contains_key(*n)).collect();
    let added: Vec<(&String, &ItemKind)> = head_types.iter().filter(|(n, _)| !base_types.contains_key(*n)).collect();
    let removed_members = members(base, removed.iter().map(|(name, _)| name.as_str()));
    let added_members = members(head, added.iter().map(|(name, _)| name.as_str()));
    let none = BTreeSet::new();
    let mut candidates = Vec::new();
    for (old, old_kind) in &removed {
        let old_members = removed_members.get(old.as_str()).unwrap_or(&none);
        for (new, new_kind) in &added {
            if old_kind != new_kind {
                continue;
            }
            let new_members = added_members.get(new.as_str()).unwrap_or(&none);
            let shared = old_members.intersection(new_members).count();
            let all = old_members.union(new_members).count().max(1);
            let similarity = shared as f64 / all as f64;
            if similarity >= RENAME_SIMILARITY {
                candidates.push((similarity, (*old).clone(), (*new).clone()));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut taken_old, mut taken_new) = (BTreeSet::new(), BTreeSet::new());
    let mut pairs = Vec::new();
    for (_, old, new) in candidates {
        if taken_old.contains(&old) || taken_new.contains(&new) {
            continue;
        }
        taken_old.insert(old.clone());
        taken_new.insert(new.clone());
        pairs.push((old, new));
    }
    pairs
}

/// The members of each of `names` as lines, each type's own name blanked so two names
/// compare alike; one pass over the items, however many types are asked for.
fn members<'a>(items: &[ApiItem], names: impl Iterator<Item = &'a str>) -> BTreeMap<&'a str, BTreeSet<String>> {
    let mut found: BTreeMap<&'a str, BTreeSet<String>> = names.map(|name| (name, BTreeSet::new())).collect();
    for item in items.iter().filter(|i| !matches!(i.kind, ItemKind::Struct | ItemKind::Enum)) {
        let holder = if item.kind == ItemKind::TraitImpl {
            item.path.as_str()
        } else {
            own_name(owner(&item.path).unwrap_or(""))
        };
        if let Some(lines) = found.get_mut(holder) {
            // Whole identifiers only: `Request` inside `CreateSecretRequest` is another type.
            let line = render(item);
            lines.insert(super::renamed_identifiers(&line, |word| (word == holder).then_some("Self")).unwrap_or(line));
        }
    }
    found
}

/// An item of BASE with every renamed type written under its new name.
fn with_type_renamed(item: &ApiItem, renamed: &BTreeMap<&str, &str>) -> ApiItem {
    let rename = |text: &String| super::renamed_identifiers(text, |word| renamed.get(word).copied());
    let mut item = item.clone();
    if let Some(path) = rename(&item.path) {
        item.path = path;
    }
    if let Some(detail) = rename(&item.detail) {
        item.detail = detail;
    }
    item
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::semver::Semver;
    use elevenlabs_codegen::api::api_items;

    fn changes(base: &str, head: &str) -> Vec<(String, ApiChangeKind, Semver)> {
        let (base, head) = (api_items(base).unwrap(), api_items(head).unwrap());
        api_changes("models", &base, &head).into_iter().map(|c| (c.item, c.kind, c.semver)).collect()
    }

    #[test]
    fn each_kind_of_change_gets_its_bump() {
        let base = "#[non_exhaustive] pub struct User { pub id: i64, pub gone: bool }
                    #[non_exhaustive] pub enum Tier { Free, Old }
                    pub enum Closed { A }
                    impl User { pub fn id(&self) -> i64 { 0 } }";
        let head = "#[non_exhaustive] pub struct User { pub id: Option<i64>, #[deprecated] pub added: bool }
                    #[non_exhaustive] pub enum Tier { Free, Pro }
                    pub enum Closed { A, B }
                    pub struct New {}";
        let found = changes(base, head);
        let expected = [
            ("Closed::B", ApiChangeKind::VariantAdded, Semver::Major),
            ("Tier::Old", ApiChangeKind::VariantRemoved, Semver::Major),
            ("User::gone", ApiChangeKind::FieldRemoved, Semver::Major),
            ("User::id", ApiChangeKind::FieldTypeChanged, Semver::Major),
            ("User::id", ApiChangeKind::MethodRemoved, Semver::Major),
            ("New", ApiChangeKind::TypeAdded, Semver::Minor),
            ("Tier::Pro", ApiChangeKind::VariantAdded, Semver::Minor),
            ("User::added", ApiChangeKind::FieldAdded, Semver::Minor),
        ];
        let expected: Vec<(String, ApiChangeKind, Semver)> =
            expected.iter().map(|(i, k, s)| (i.to_string(), *k, *s)).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn a_type_named_anew_is_one_rename_and_its_real_changes() {
        let base = "#[non_exhaustive] pub struct Sub { pub status: SubscriptionStatusType }
                    #[non_exhaustive] pub enum SubscriptionStatusType { Active, Trialing, PastDue, Unknown(String) }
                    impl SubscriptionStatusType { pub fn as_str(&self) -> &str { \"\" } }";
        let head = "#[non_exhaustive] pub struct Sub { pub status: SubscriptionStatus }
                    #[non_exhaustive] pub enum SubscriptionStatus { Active, Trialing, PastDue, FreeDisabled, Unknown(String) }
                    impl SubscriptionStatus { pub fn as_str(&self) -> &str { \"\" } }";
        let found = changes(base, head);
        assert_eq!(
            found,
            [
                ("SubscriptionStatusType".to_string(), ApiChangeKind::TypeRenamed, Semver::Major),
                ("SubscriptionStatus::FreeDisabled".to_string(), ApiChangeKind::VariantAdded, Semver::Minor),
            ],
            "the field's type follows the rename, so it is not reported again"
        );
    }

    /// ElevenLabs' 2026-08-22 document gave two more bodies the title `Request`, so the
    /// union titled so is named after its operation: a rename, though every member's type
    /// holds the old name (`CreateSecretRequest`), which is no mention of the type itself.
    #[test]
    fn a_type_whose_name_is_inside_its_members_names_is_still_one_rename() {
        let base = "#[non_exhaustive] pub enum Request { StringRequest(CreateStringRequest), SecretRequest(CreateSecretRequest), Unknown(Value) }
                    impl From<CreateStringRequest> for Request { fn from(value: CreateStringRequest) -> Self { todo!() } }
                    impl From<CreateSecretRequest> for Request { fn from(value: CreateSecretRequest) -> Self { todo!() } }";
        let head = base.replace("for Request", "for CreateBody").replace("enum Request", "enum CreateBody");
        let found = changes(base, &head);
        assert_eq!(found, [("Request".to_string(), ApiChangeKind::TypeRenamed, Semver::Major)]);
    }

    #[test]
    fn the_same_api_is_no_change() {
        let source = "#[non_exhaustive] pub struct User { pub id: Option<i64> }";
        assert!(changes(source, source).is_empty());
    }
}
