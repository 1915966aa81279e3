//! Phase 1, prepare: JSON passes over the normalized document that only code generation
//! needs, run in the order of [`PASSES`]. None narrows what the generated code accepts;
//! each that changes what the code says prints a note of its class.

pub(crate) mod bounds;
mod component_names;
mod defaults;
mod descriptions;
mod discriminators;
pub(crate) mod enum_values;
mod examples;
mod nullable_refs;
mod operations;
mod parameters;
pub(crate) mod property_names;
mod recursive_all_of;
mod schemas;
mod string_formats;
mod titles;
mod unknown_properties;
mod write_only;

use std::collections::{BTreeMap, BTreeSet};

use elevenlabs_spec::{normalize, Outcome, Override, Overrides};
use serde_json::Value;

use crate::{component_schema_names, rust_type_name, CodegenError};

pub use operations::{json_response_media_type, media_type_essence, SENDABLE_MEDIA_TYPES};

/// A value as a note quotes it: its JSON text, cut after 60 characters.
fn abbreviated(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(60) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

/// What a pass's notes tell the maintainer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteClass {
    /// A Rust name differs from the plain one (a type, field or variant renamed).
    Renamed,
    /// The generated code accepts more than the schema says.
    Relaxed,
    /// Something is left out of the generated code, with where it was.
    Dropped,
    /// A fact typify cannot carry is kept in the docs instead.
    Documented,
    /// The pass changes spelling only: the same documents are accepted, nothing to say.
    Silent,
}

/// One JSON pass: what it is, why it runs where it does, and what its notes say.
pub struct Pass {
    pub name: &'static str,
    pub why_here: &'static str,
    pub notes: NoteClass,
    run: fn(&mut Value, &mut Preparation),
}

/// The passes, in order.
pub const PASSES: &[Pass] = &[
    Pass {
        name: "discriminator tags",
        why_here: "before component names: a member's implicit tag is its name as the server sends it",
        notes: NoteClass::Silent,
        run: |document, _| discriminators::write_implicit_tags(document),
    },
    Pass {
        name: "component names",
        why_here: "before the schema passes: every pass after it, and the client's type paths, see the final names",
        notes: NoteClass::Renamed,
        run: |document, preparation| {
            for ((from, to), note) in component_names::rename_clashing_components(document) {
                preparation.renames.push((from, to));
                preparation.notes.push(note);
            }
        },
    },
    Pass {
        name: "operations progenitor reads",
        why_here: "before the schema passes: the operations it leaves out are not read by them",
        notes: NoteClass::Dropped,
        run: |document, preparation| preparation.notes.extend(operations::express_for_progenitor(document)),
    },
    Pass {
        name: "schemas typify reads",
        why_here: "before the schema passes: it rewrites unions, enums and negations they read",
        notes: NoteClass::Relaxed,
        run: |document, preparation| preparation.notes.extend(schemas::read_by_typify(document)),
    },
    Pass {
        name: "recursive allOf",
        why_here: "after the unions and negations are read, before any pass adds to the objects it merges",
        notes: NoteClass::Silent,
        run: |document, _| recursive_all_of::merge_recursive_all_ofs(document),
    },
    Pass {
        name: "string formats",
        why_here: "before defaults: a format kept as `String` makes any string default conform",
        notes: NoteClass::Documented,
        run: |document, _| string_formats::document_string_formats(document),
    },
    Pass {
        name: "bounds",
        why_here: "before defaults: a default outside a bound the code does not check conforms",
        notes: NoteClass::Relaxed,
        run: |document, preparation| preparation.notes.extend(bounds::document_bounds(document)),
    },
    Pass {
        name: "nonconforming defaults",
        why_here: "before enum values: a default is compared with the values as written",
        notes: NoteClass::Dropped,
        run: |document, preparation| preparation.notes.extend(defaults::drop_nonconforming_defaults(document)),
    },
    Pass {
        name: "clashing enum values",
        why_here: "after defaults: a conforming default is encoded with its value",
        notes: NoteClass::Renamed,
        run: |document, preparation| preparation.notes.extend(enum_values::encode_clashing_enum_values(document)),
    },
    Pass {
        name: "merging titles",
        why_here: "after the passes that rewrite schemas: titles are compared by the shapes typify sees",
        notes: NoteClass::Renamed,
        run: |document, preparation| {
            preparation.notes.extend(titles::name_error_bodies_apart(document));
            preparation.notes.extend(titles::remove_merging_titles(document));
        },
    },
    Pass {
        name: "nullable references",
        why_here: "before the example relaxation: both read `required` and `nullable` as typify will",
        notes: NoteClass::Silent,
        run: |document, _| nullable_refs::make_references_nullable(document),
    },
    Pass {
        name: "fields the examples omit",
        why_here: "after every rename of components: relaxed fields are named as generated",
        notes: NoteClass::Relaxed,
        run: |document, preparation| {
            for (component, property) in examples::relax_required_fields_missing_from_examples(document) {
                preparation.notes.push(format!(
                    "{component}.{property} is required but the document's own example omits it; generated as optional"
                ));
                preparation.relaxed.push((component, property));
            }
        },
    },
    Pass {
        name: "write-only fields",
        why_here: "anywhere before typify: it reads `required` as it stands",
        notes: NoteClass::Relaxed,
        run: |document, preparation| {
            for (at, property) in write_only::relax_required_write_only_properties(document) {
                preparation.notes.push(format!(
                    "{at}: `{property}` is required and writeOnly, so responses may leave it out; generated as optional"
                ));
            }
        },
    },
    Pass {
        name: "component descriptions",
        why_here: "before property names change: descriptions are gathered by wire name",
        notes: NoteClass::Silent,
        run: |document, _| descriptions::describe_components_by_their_properties(document),
    },
    Pass {
        name: "unknown properties",
        why_here: "before property names: the unknown-field map is the name property names must avoid",
        notes: NoteClass::Relaxed,
        run: |document, preparation| {
            preparation.notes.extend(unknown_properties::keep_unknown_properties_everywhere(document))
        },
    },
    Pass {
        name: "clashing property names",
        why_here: "last among schema passes: every pass above reads properties by their wire names",
        notes: NoteClass::Renamed,
        run: |document, preparation| preparation.notes.extend(property_names::encode_clashing_property_names(document)),
    },
    Pass {
        name: "parameter unions",
        why_here:
            "after the schemas typify reads: an `anyOf` of enums is listed as one enum there, which progenitor sends",
        notes: NoteClass::Relaxed,
        run: |document, preparation| preparation.notes.extend(parameters::parameter_unions_progenitor_sends(document)),
    },
    Pass {
        name: "parameters are never null",
        why_here: "anywhere: parameters are read by no other pass",
        notes: NoteClass::Silent,
        run: |document, _| parameters::parameters_are_never_null(document),
    },
];

/// What the passes did besides changing the document.
#[derive(Debug, Default)]
struct Preparation {
    notes: Vec<String>,
    /// Components renamed so that their Rust types do not clash: (from, to).
    renames: Vec<(String, String)>,
    /// Required properties generated as optional because the document's own example
    /// omits them: (component, property), after renames.
    relaxed: Vec<(String, String)>,
}

/// The document code is generated from: the fragment with overrides applied, normalized
/// to OpenAPI 3.0 and prepared for the generators.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub document: Value,
    pub overrides: Vec<(Override, Outcome)>,
    /// For the maintainer: anything relaxed, renamed or left out, and why.
    pub notes: Vec<String>,
    pub names: NameMap,
}

/// Which Rust names the generated code gives the input's schemas: the generator's own name
/// map, which ties a schema of the document to the Rust items generated from it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameMap {
    /// Each component schema of the input fragment, by its name there, to its Rust type,
    /// after every rename (overrides, and names that would clash in Rust).
    pub types: BTreeMap<String, String>,
    /// Required properties generated as optional because the document's own example
    /// omits them: (Rust type, property as the wire names it).
    pub relaxed_by_examples: Vec<(String, String)>,
    /// Each operation the client generates, by method and path, to the Rust names it has
    /// there: after `prepare` gave it an `operationId` of its own.
    pub operations: BTreeMap<elevenlabs_spec::OperationRef, OperationNames>,
}

/// The Rust names of one generated operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationNames {
    /// `Client::<method>`.
    pub method: String,
    /// `builder::<builder>`.
    pub builder: String,
}

/// Applies overrides, makes every reference name a component, checks references,
/// normalizes, and runs [`PASSES`].
pub fn prepare(fragment: &Value, overrides: &Overrides) -> Result<Prepared, CodegenError> {
    let mut document = fragment.clone();
    let outcomes = overrides.apply(&mut document);
    elevenlabs_spec::references::into_components(&mut document)?;
    elevenlabs_spec::check_references(&document)?;
    let mut document = normalize(&document)?;
    let mut preparation = Preparation::default();
    for pass in PASSES {
        (pass.run)(&mut document, &mut preparation);
    }
    let renamed_by_overrides = outcomes.iter().filter_map(|(o, outcome)| match (&o.change, outcome) {
        (elevenlabs_spec::overrides::Change::RenameSchema { schema, to }, Outcome::Applied) => {
            Some((schema.clone(), to.clone()))
        }
        _ => None,
    });
    let renames: Vec<(String, String)> = renamed_by_overrides.chain(preparation.renames).collect();
    let present: BTreeSet<String> = component_schema_names(&document).into_iter().collect();
    let types = component_schema_names(fragment)
        .into_iter()
        .filter_map(|original| {
            let mut name = original.clone();
            for (from, to) in &renames {
                if *from == name {
                    name = to.clone();
                }
            }
            present.contains(&name).then(|| (original, rust_type_name(&name)))
        })
        .collect();
    let relaxed_by_examples =
        preparation.relaxed.into_iter().map(|(component, property)| (rust_type_name(&component), property)).collect();
    let operations = elevenlabs_spec::operations(&document)
        .into_iter()
        .filter_map(|operation| {
            let id = document.pointer(&format!("{}/operationId", operation.pointer()))?.as_str()?;
            let names = OperationNames { method: crate::spelling::typify_snake(id), builder: rust_type_name(id) };
            Some((operation, names))
        })
        .collect();
    Ok(Prepared {
        document,
        overrides: outcomes,
        notes: preparation.notes,
        names: NameMap { types, relaxed_by_examples, operations },
    })
}

/// `value`, or what it refers to when it is a `$ref` `document` resolves.
pub(crate) fn followed<'v>(document: &'v Value, value: &'v Value) -> &'v Value {
    elevenlabs_spec::dereferenced(document, value).unwrap_or(value)
}

/// Whether following `edges` (the components each component names) from the components in
/// `from` reaches `to`: the passes that find what typify would merge without end ask it.
pub(crate) fn reaches<'a, E: IntoIterator<Item = &'a str>>(
    from: Vec<&'a str>,
    to: &str,
    edges: impl Fn(&'a str) -> E,
) -> bool {
    let mut seen = BTreeSet::new();
    let mut pending = from;
    while let Some(current) = pending.pop() {
        if current == to {
            return true;
        }
        if seen.insert(current) {
            pending.extend(edges(current));
        }
    }
    false
}

/// The component a property schema names, directly or through a one-element `allOf`.
pub(crate) fn referenced_component(schema: &Value) -> Option<String> {
    let reference = schema.get("$ref").or_else(|| schema.pointer("/allOf/0/$ref"))?.as_str()?;
    let component = elevenlabs_spec::ComponentRef::parse(reference, "").ok()?;
    (component.kind == "schemas").then_some(component.name)
}
