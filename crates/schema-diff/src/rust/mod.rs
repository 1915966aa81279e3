//! The Rust side: both documents generated as `codegen` would, over the same operation
//! set, and the public APIs of the crates compared item by item.

pub mod change;
pub(crate) mod diff;
pub mod kinds;

use std::collections::{BTreeSet, HashMap, HashSet};

use elevenlabs_codegen::{
    generate_then, read_api_then, CodegenError, CrateSyntax, Generated, NameMap, Options as CodegenOptions,
};
use elevenlabs_spec::{operations, Document, OperationRef, Outcome, Override, Overrides};
use serde_json::Value;

use crate::quote::code;
use change::{ApiChange, ApiChangeKind};
use elevenlabs_codegen::api::{self as surface, api_items_of, ApiItem};

/// Which operations both documents are generated with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum OperationSet {
    /// The operations `openapi/provenance.json` records: what `codegen` generates.
    Recorded(Vec<OperationRef>),
    /// Every operation of either document.
    #[default]
    Union,
}

/// One document's generation: its public API, and what the generator decided on the way.
#[derive(Debug, Clone)]
pub(crate) struct Side {
    pub(crate) models: Vec<ApiItem>,
    pub(crate) client: Vec<ApiItem>,
    /// The generator's own name map: components and operations to their Rust names.
    pub(crate) names: NameMap,
    pub(crate) overrides: Vec<(Override, Outcome)>,
    /// The printed sources, when a code diff was asked for.
    pub(crate) sources: Option<Generated>,
    /// Indexes of the models that linking reads, built once.
    pub(crate) lookup: Lookup,
}

/// The models' types and how they hold one another, as linking walks them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lookup {
    /// Fields by (holder type, JSON name).
    pub(crate) fields: HashMap<(String, String), Vec<usize>>,
    /// The JSON names each type's fields read.
    pub(crate) properties: HashMap<String, BTreeSet<String>>,
    /// Every type's path (builders aside).
    pub(crate) types: HashSet<String>,
    /// The types each type's fields and variants name.
    pub(crate) holds: HashMap<String, BTreeSet<String>>,
    /// The reverse: the types that name each type.
    pub(crate) held_by: HashMap<String, BTreeSet<String>>,
    /// The client's items of each operation's builder (`builder::<Name>` and its
    /// members), by the builder's name: indexes into the client's items.
    pub(crate) builder_items: HashMap<String, Vec<usize>>,
    /// The component each component type is generated from, by the type's Rust name: the
    /// generator's name map read backwards.
    pub(crate) component_of: HashMap<String, String>,
}

impl Lookup {
    fn of(models: &[ApiItem], client: &[ApiItem], names: &NameMap) -> Self {
        let mut lookup = Lookup::default();
        for (component, rust) in &names.types {
            // Two components never share a type; were they to, the first is kept.
            lookup.component_of.entry(rust.clone()).or_insert_with(|| component.clone());
        }
        for (index, item) in client.iter().enumerate() {
            let builder = item.path.strip_prefix("builder::").and_then(|rest| rest.split("::").next());
            if let Some(builder) = builder {
                lookup.builder_items.entry(builder.to_string()).or_default().push(index);
            }
        }
        for (index, item) in models.iter().enumerate() {
            match item.kind {
                surface::ItemKind::Struct | surface::ItemKind::Enum if !item.path.starts_with("builder::") => {
                    lookup.types.insert(item.path.clone());
                }
                surface::ItemKind::Field => {
                    if let (Some((holder, _)), Some(wire)) = (item.path.rsplit_once("::"), &item.wire_name) {
                        lookup.fields.entry((holder.to_string(), wire.clone())).or_default().push(index);
                        lookup.properties.entry(holder.to_string()).or_default().insert(wire.clone());
                    }
                }
                _ => {}
            }
        }
        for item in models.iter().filter(|i| matches!(i.kind, surface::ItemKind::Field | surface::ItemKind::Variant)) {
            let Some((holder, _)) = item.path.rsplit_once("::") else { continue };
            if holder.starts_with("builder::") {
                continue;
            }
            for held in lookup.named_types(&item.detail) {
                lookup.holds.entry(holder.to_string()).or_default().insert(held.clone());
                lookup.held_by.entry(held).or_default().insert(holder.to_string());
            }
        }
        lookup
    }

    /// The generated types a type's text names: `SubscriptionStatus` in
    /// `Option<SubscriptionStatus>`, `Item` in `Vec<Item>`.
    pub(crate) fn named_types(&self, text: &str) -> BTreeSet<String> {
        identifiers(text).filter(|word| self.types.contains(*word)).map(String::from).collect()
    }
}

/// The identifiers of a Rust text: `Option`, `Status` in `Option<Status>`.
pub(crate) fn identifiers(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|word| !word.is_empty())
}

/// `text` with every identifier that `rename` maps written anew; `None` when it maps none.
pub(crate) fn renamed_identifiers<'r>(text: &str, rename: impl Fn(&str) -> Option<&'r str>) -> Option<String> {
    // Most texts name no renamed type: find out without building a string.
    identifiers(text).find_map(&rename)?;
    let is_identifier = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let end = rest.find(|c: char| !is_identifier(c)).unwrap_or(rest.len());
        let (word, after) = rest.split_at(end);
        out.push_str(rename(word).unwrap_or(word));
        let separator = after.chars().next().map_or(0, char::len_utf8);
        out.push_str(&after[..separator]);
        rest = &after[separator..];
    }
    Some(out)
}

impl Side {
    pub(crate) fn crate_items(&self, krate: &str) -> &[ApiItem] {
        if krate == "client" {
            &self.client
        } else {
            &self.models
        }
    }
}

/// The operations of `set` that a document has, in document order.
fn chosen(set: &OperationSet, base: &Value, head: &Value) -> Vec<OperationRef> {
    match set {
        OperationSet::Recorded(recorded) => recorded.clone(),
        OperationSet::Union => {
            let mut all = operations(base);
            all.extend(operations(head));
            all.sort();
            all.dedup();
            all
        }
    }
}

/// Why a side cannot be generated.
#[derive(Debug, thiserror::Error)]
pub enum GenerationError {
    #[error("{side} has {}", missing_operations(operations))]
    NoOperations { side: &'static str, operations: String },
    #[error("{side}: {source}")]
    Codegen {
        side: &'static str,
        #[source]
        source: CodegenError,
    },
    #[error("{side}: {source}")]
    Spec {
        side: &'static str,
        #[source]
        source: elevenlabs_spec::SpecError,
    },
}

fn missing_operations(chosen: &str) -> String {
    if chosen.is_empty() {
        "no operation to generate: neither document describes one".into()
    } else {
        format!("none of the operations to generate ({chosen})")
    }
}

/// Generates one side: the chosen operations this document has, cut out and generated.
fn generate(
    side: &'static str,
    document: &Value,
    chosen: &[OperationRef],
    overrides: &Overrides,
    options: &CodegenOptions,
    print: bool,
) -> Result<Side, GenerationError> {
    let present: Vec<OperationRef> = spelled_in(document, chosen).into_iter().map(|(_, spelled)| spelled).collect();
    if present.is_empty() {
        let operations = chosen.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
        return Err(GenerationError::NoOperations { side, operations });
    }
    let spec = |source| GenerationError::Spec { side, source };
    let parsed = Document::from_value(document.clone()).map_err(spec)?;
    let fragment = elevenlabs_spec::extract_operations(&parsed, &present).map_err(spec)?;
    // Each crate is listed, and printed when asked, on the thread that generated it; a
    // crate that is not printed is generated without the bodies its API does not need.
    let both = if print {
        let read = |syntax: CrateSyntax| (api_items_of(&syntax.file), Some(syntax.render(options)));
        generate_then(&fragment, overrides, options, read, read)
    } else {
        let read = |file: &syn::File| (api_items_of(file), None);
        read_api_then(&fragment, overrides, options, read, read)
    }
    .map_err(|source| GenerationError::Codegen { side, source })?;
    let ((models, models_source), (client, client_source)) = (both.models, both.client);
    let sources = models_source.zip(client_source).map(|(models, client)| Generated {
        models,
        client,
        overrides: both.overrides.clone(),
        notes: both.notes,
    });
    let lookup = Lookup::of(&models, &client, &both.names);
    Ok(Side { models, client, names: both.names, overrides: both.overrides, sources, lookup })
}

/// An operation neither side's comparison includes, because one side cannot generate a
/// construct of it: where (a JSON pointer of the prepared document) and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct LeftOut {
    /// Such as `GET /v1/voices`.
    pub operation: String,
    /// `BASE` or `HEAD`: the document that cannot be generated.
    pub side: String,
    /// The schema or operation the generator fails on, when one alone does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    pub reason: String,
}

/// Both sides, generated on two threads (they are independent), over the same operations.
/// When one side cannot generate a construct, the operations it belongs to are left out
/// of both, and the rest compared; what was left out comes back with where and why.
pub(crate) fn generate_both(
    base: &Value,
    head: &Value,
    set: &OperationSet,
    overrides: &Overrides,
    options: &CodegenOptions,
    print: bool,
) -> Result<(Side, Side, Vec<LeftOut>), GenerationError> {
    let mut chosen = chosen(set, base, head);
    let mut left_out: Vec<LeftOut> = Vec::new();
    loop {
        let (before, after) = std::thread::scope(|scope| {
            let before = scope.spawn(|| generate("BASE", base, &chosen, overrides, options, print));
            let after = generate("HEAD", head, &chosen, overrides, options, print);
            let before = before.join().unwrap_or_else(|_| {
                Err(GenerationError::Codegen {
                    side: "BASE",
                    source: CodegenError::Generator {
                        generator: "codegen",
                        at: None,
                        message: "a generation thread panicked".into(),
                    },
                })
            });
            (before, after)
        });
        let (error, document) = match (before, after) {
            (Ok(before), Ok(after)) => return Ok((before, after, left_out)),
            (Err(error), _) => (error, base),
            (_, Err(error)) => (error, head),
        };
        // Only a construct codegen names can be left out; anything else fails the side.
        let (side, at, reason) = match &error {
            GenerationError::Codegen { side, source: CodegenError::Generator { at: Some(at), message, generator } } => {
                (side, at, format!("{generator} rejected it: {message}"))
            }
            GenerationError::Codegen { side, source: CodegenError::Parse { at: Some(at), message } } => {
                (side, at, format!("it is not OpenAPI 3.0 that progenitor reads: {message}"))
            }
            GenerationError::Codegen { side, source: CodegenError::Spec(fault) } if !fault.pointer.is_empty() => {
                (side, &fault.pointer, format!("the generators cannot read it: {}", fault.message))
            }
            _ => return Err(error),
        };
        let culprits = operations_at(document, &chosen, at);
        if culprits.is_empty() || culprits.len() == chosen.len() {
            return Err(error);
        }
        chosen.retain(|o| !culprits.contains(o));
        left_out.extend(culprits.into_iter().map(|operation| LeftOut {
            operation: operation.to_string(),
            side: side.to_string(),
            at: Some(at.clone()),
            reason: reason.clone(),
        }));
    }
}

/// Each of `chosen` that `document` has, beside the operation that spells it there: itself,
/// or else the one operation whose path differs from it in its parameters' names alone
/// (`/pets/{id}` and `/pets/{petId}`), which the wire pairs with it.
fn spelled_in(document: &Value, chosen: &[OperationRef]) -> Vec<(OperationRef, OperationRef)> {
    let operations = operations(document);
    let mut found = Vec::new();
    for operation in chosen {
        if operation.find_in(document).is_some() {
            found.push((operation.clone(), operation.clone()));
            continue;
        }
        let alike: Vec<&OperationRef> = operations.iter().filter(|o| o.unnamed() == operation.unnamed()).collect();
        if let [spelled] = alike[..] {
            if !chosen.contains(spelled) {
                found.push((operation.clone(), spelled.clone()));
            }
        }
    }
    found
}

/// The operations of `chosen` a construct at `at` (a JSON pointer of a prepared fragment)
/// belongs to: the operation itself, or every operation whose schemas reach the component.
fn operations_at(document: &Value, chosen: &[OperationRef], at: &str) -> Vec<OperationRef> {
    let spelled = spelled_in(document, chosen);
    if let Some(rest) = at.strip_prefix("/paths/") {
        let mut tokens = rest.split('/');
        let (Some(path), Some(method)) = (tokens.next(), tokens.next()) else { return Vec::new() };
        let operation = OperationRef::new(method, &elevenlabs_spec::pointer::unescape(path));
        return spelled.into_iter().filter(|(_, o)| *o == operation).map(|(chosen, _)| chosen).collect();
    }
    let Some(component) = at.strip_prefix("/components/schemas/").map(|rest| rest.split('/').next().unwrap_or(rest))
    else {
        return Vec::new();
    };
    let target = format!("#/components/schemas/{component}");
    let Ok(parsed) = Document::from_value(document.clone()) else { return Vec::new() };
    spelled
        .into_iter()
        .filter(|(_, operation)| {
            elevenlabs_spec::extract_operation(&parsed, operation).is_ok_and(|fragment| {
                let schemas = fragment.pointer("/components/schemas").and_then(Value::as_object);
                schemas.is_some_and(|s| s.contains_key(&elevenlabs_spec::pointer::unescape(component)))
                    || fragment.to_string().contains(&format!("\"{target}\""))
            })
        })
        .map(|(chosen, _)| chosen)
        .collect()
}

impl Side {
    /// BASE's crates as committed (their sources), read beside its regeneration, whose
    /// names and decisions they share.
    pub(crate) fn committed(models: &str, client: &str, regenerated: &Side) -> Result<Side, syn::Error> {
        let (models, client) = (surface::api_items(models)?, surface::api_items(client)?);
        let lookup = Lookup::of(&models, &client, &regenerated.names);
        Ok(Side { lookup, models, client, sources: None, ..regenerated.clone() })
    }
}

/// The public API changes of both crates, the largest bump first, with a suggestion for
/// each renamed type.
pub(crate) fn api_changes(before: &Side, after: &Side) -> Vec<ApiChange> {
    let mut changes = Vec::new();
    for krate in ["models", "client"] {
        changes.extend(diff::api_changes(krate, before.crate_items(krate), after.crate_items(krate)));
    }
    for change in changes.iter_mut().filter(|c| c.kind == ApiChangeKind::TypeRenamed) {
        let (old, new) = (change.item.clone(), change.after.clone().unwrap_or_default());
        let component = after.lookup.component_of.get(&new);
        change.suggestion = Some(match component {
            Some(component) => {
                let rename = format!(
                    "{{\"op\": \"rename-schema\", \"schema\": {}, \"to\": {}, \"reason\": \"…\"}}",
                    Value::from(component.as_str()),
                    Value::from(old.as_str())
                );
                format!(
                    "the schema is now the component {}; to keep {}, add to openapi/overrides.json {}",
                    code(component),
                    code(&old),
                    code(&rename)
                )
            }
            // The title may be there already and shared: codegen drops a title that
            // several different schemas carry (its `note:` lines name them).
            None => format!(
                "typify named the inline schema from where it now is; to keep {}, give it {} with a `set` override \
                 in openapi/overrides.json, and retitle any other schema that has that title",
                code(&old),
                code(&format!("\"title\": {}", Value::from(old.as_str())))
            ),
        });
    }
    sort_largest_bump_first(&mut changes);
    changes
}

/// The report's order of API changes: the largest bump first, then by crate and item.
pub(crate) fn sort_largest_bump_first(changes: &mut [ApiChange]) {
    changes.sort_by(|a, b| b.semver.cmp(&a.semver).then(a.krate.cmp(&b.krate)).then(a.item.cmp(&b.item)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renamed_types_are_renamed_as_whole_identifiers() {
        let renamed = |text: &str| renamed_identifiers(text, |word| (word == "Status").then_some("SubscriptionStatus"));
        assert_eq!(renamed("builder::Status::tier").as_deref(), Some("builder::SubscriptionStatus::tier"));
        assert_eq!(renamed("Option<Status>").as_deref(), Some("Option<SubscriptionStatus>"));
        assert_eq!(renamed("StatusCode::ok"), None, "a longer name is another type");
        assert_eq!(renamed(""), None);
        assert_eq!(identifiers("Option<::std::Vec<Item>>").collect::<Vec<_>>(), ["Option", "std", "Vec", "Item"]);
    }
}
