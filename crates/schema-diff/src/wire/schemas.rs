//! Two schemas compared at one position, and everything inside them: properties, array
//! items, map values and union members, each a position of its own.

use std::collections::BTreeSet;

use serde_json::Value;

use super::field_path::Segment;
use super::integers;
use super::members::{
    any_overlap, generated_keeps_any_value, generated_refuses_unnamed, match_members, may_match, reads_every_value,
    Matched, Member,
};
use super::view::{
    any_value, narrower_or_equal, shape_value, view, Additional as ViewAdditional, Shape, View, MAX_DEPTH,
};
use super::{Additional, Aspect, Differ, Difference, Facts, Location, Presence, SchemaSite, Site};

/// One schema position being compared: where it is, the schema it lives in on each side,
/// and how BASE's generated code holds it.
pub(super) struct Slot<'s> {
    pub(super) site: &'s Site,
    pub(super) field: String,
    pub(super) base_schema: Option<SchemaSite>,
    pub(super) head_schema: Option<SchemaSite>,
    /// BASE's generated field is an `Option`, so it reads `null` and absence.
    pub(super) base_field_is_option: bool,
    /// The root of a parameter serialized by its style: its value travels as text, where
    /// a number is also a string and a single value also an array of one.
    pub(super) as_text: bool,
    /// Inside a member of a union that BASE's generated type reads whatever it holds.
    pub(super) caught_by_union: bool,
}

/// The pair of schemas compared at one slot, before and after.
#[derive(Clone, Copy)]
pub(super) struct Pair<'a> {
    pub(super) base: &'a Value,
    pub(super) head: &'a Value,
}

/// The component a view's `$ref` names.
fn component_of(view: &View) -> Option<String> {
    elevenlabs_spec::pointer::schema_component(view.reference.as_deref()?)
}

/// The site of `step` below a schema seen as `view`, which lives at `site`: in the
/// component the schema refers to, or further along the path in the same one.
fn within(site: &Option<SchemaSite>, view: &View, step: Segment) -> Option<SchemaSite> {
    match component_of(view) {
        Some(component) => Some(SchemaSite { component, path: step.below("") }),
        None => site.as_ref().map(|s| SchemaSite { component: s.component.clone(), path: step.below(&s.path) }),
    }
}

impl Slot<'_> {
    fn difference(&self, aspect: Aspect, facts: Facts, before: Option<Value>, after: Option<Value>) -> Difference {
        // An addition lives in HEAD's schema alone; anything else in BASE's, even where
        // only HEAD's is a component (BASE's inline schema is then found from the root).
        let added = matches!(aspect, Aspect::Property(Presence::Added) | Aspect::UnionMember(Presence::Added));
        let (schema, head_schema) = match (added, self.base_schema.clone()) {
            (true, _) => (self.head_schema.clone(), None),
            (false, Some(schema)) => {
                let head = self.head_schema.clone().filter(|h| *h != schema);
                (Some(schema), head)
            }
            (false, None) => (None, self.head_schema.clone()),
        };
        let head_inline = !added && self.base_schema.is_some() && self.head_schema.is_none();
        Difference {
            operation: self.site.operation.clone(),
            location: self.site.location.clone(),
            field: self.field.clone(),
            schema,
            head_schema,
            head_inline,
            aspect,
            facts: Facts { caught_by_union: facts.caught_by_union || self.caught_by_union, ..facts },
            before,
            after,
        }
    }

    /// The slot of `step` below this one.
    fn child(&self, step: Segment, b: &View, h: &View, base_field_is_option: bool) -> Slot<'_> {
        let field = step.below(&self.field);
        Slot {
            site: self.site,
            field,
            base_schema: within(&self.base_schema, b, step),
            head_schema: within(&self.head_schema, h, step),
            base_field_is_option,
            as_text: false,
            caught_by_union: self.caught_by_union,
        }
    }
}

/// What one comparison from a root has walked: the pairs of references being compared on
/// the way to the current position (a recursive schema is not entered again inside
/// itself), how often each pair was entered, and how many more positions it may compare,
/// so a hostile document gets a partial comparison, never a hang.
pub(super) struct Seen {
    expanding: Vec<(String, String)>,
    entered: std::collections::HashMap<PairEntered, usize>,
    /// Each pair compared in full from this root, by the schemas at its site as written
    /// (a site's own `default` beside the reference is the site's): where, and what it
    /// found there.
    compared: std::collections::HashMap<(String, String, bool, bool), Compared>,
    /// How often each difference was found again, by what it is and where inside its
    /// component: each is found again along at most [`PATHS_PER_PAIR`] paths, or a pair
    /// found again inside a pair found again would double them at every level.
    found_again: std::collections::HashMap<String, usize>,
    budget: usize,
    /// A position was left uncompared: past the budget, or deeper than [`MAX_DEPTH`].
    cut_short: bool,
}

/// A pair of components compared in full at `field`: the differences it found are
/// `found[found]` of the differ.
struct Compared {
    field: String,
    found: std::ops::Range<usize>,
}

/// A pair of components entered from a root, with what decides the verdicts inside it.
type PairEntered = ((String, String), bool, bool);

/// How many positions one root's comparison may compare: real bodies need a few hundred.
pub(crate) const POSITION_BUDGET: usize = 50_000;

/// How many paths from one root a pair of components is compared along. What changed
/// inside it is the same along every path but for the path's name: a component that
/// refers twice to the next, forty deep, is reached along 2^40 paths, whose first
/// comparisons spent the budget and left the root's other properties unread (a change
/// there was missing from the report). The two upstream documents reach a pair along more
/// than 16 paths but at most 32, whose report this leaves as it was.
const PATHS_PER_PAIR: usize = 64;

impl Seen {
    fn new() -> Self {
        Self {
            expanding: Vec::new(),
            entered: std::collections::HashMap::new(),
            compared: std::collections::HashMap::new(),
            found_again: std::collections::HashMap::new(),
            budget: POSITION_BUDGET,
            cut_short: false,
        }
    }
}

impl<'a> Differ<'a> {
    /// The schemas of a body or parameter in both documents, compared from their root.
    pub(super) fn root(&mut self, site: &Site, pair: Pair<'a>, as_text: bool) {
        let root_site = |view: View| component_of(&view).map(|component| SchemaSite { component, path: String::new() });
        let root = Slot {
            site,
            field: String::new(),
            base_schema: root_site(view(self.base, pair.base, 0)),
            head_schema: root_site(view(self.head, pair.head, 0)),
            base_field_is_option: false,
            as_text,
            caught_by_union: false,
        };
        let mut seen = Seen::new();
        self.schema(&root, pair, &mut seen, 0);
        // Said, or what was not reached would read as "nothing changed there".
        if seen.cut_short {
            self.push(site.difference(Aspect::ComparedInPart, Facts::default(), None, None));
        }
    }

    /// Compares the two schemas at `slot`, then every position inside them.
    fn schema(&mut self, slot: &Slot, pair: Pair<'a>, seen: &mut Seen, depth: usize) {
        if depth > MAX_DEPTH || seen.budget == 0 {
            seen.cut_short = true;
            return;
        }
        seen.budget -= 1;
        if self.is_unchanged(pair) {
            return;
        }
        let b = view(self.base, pair.base, 0);
        let h = view(self.head, pair.head, 0);
        let references = b.reference.clone().zip(h.reference.clone());
        if let Some(references) = &references {
            if seen.expanding.contains(references) {
                // The components are being compared further out; what this site says of
                // them itself (`next: anyOf [$ref Node, null]` where it was `$ref Node`)
                // is compared here, or no change would explain the Rust one.
                if pair.base != pair.head {
                    self.nullability(slot, &b, &h);
                    self.annotations(slot, &b, &h);
                }
                return;
            }
            let key = (references.clone(), slot.caught_by_union, slot.as_text);
            let entered = seen.entered.entry(key.clone()).or_insert(0);
            *entered += 1;
            if *entered > PATHS_PER_PAIR {
                // Reported along the first paths; what this site says of it is its own.
                if pair.base != pair.head {
                    self.nullability(slot, &b, &h);
                    self.annotations(slot, &b, &h);
                }
                return;
            }
            let written = (pair.base.to_string(), pair.head.to_string(), slot.caught_by_union, slot.as_text);
            if let Some(compared) = seen.compared.get(&written) {
                self.found_again(slot, compared, &mut seen.found_again);
                return;
            }
            seen.expanding.push(references.clone());
            let start = self.found.len();
            self.compare(slot, &b, &h, pair, seen, depth);
            seen.expanding.pop();
            seen.compared.insert(written, Compared { field: slot.field.clone(), found: start..self.found.len() });
            return;
        }
        self.compare(slot, &b, &h, pair, seen, depth);
    }

    /// What the same pair, written the same, compared in full at `compared.field` found,
    /// found again at `slot`: inside the pair, the same differences at the slot's path; at
    /// the slot itself, the same aspects placed at this site (its schema, and whether its
    /// field is an `Option`). Walking the pair again would cost as much as the first time,
    /// along every path that reaches it.
    fn found_again(&mut self, slot: &Slot, compared: &Compared, times: &mut std::collections::HashMap<String, usize>) {
        let found: Vec<Difference> = self.found[compared.found.clone()].to_vec();
        for difference in found {
            let what = format!(
                "{:?} {:?} {:?} {:?} {:?}",
                difference.schema, difference.head_schema, difference.aspect, difference.before, difference.after
            );
            let again = times.entry(what).or_insert(0);
            *again += 1;
            if *again > PATHS_PER_PAIR {
                continue;
            }
            let again = match difference.field.strip_prefix(compared.field.as_str()) {
                Some("") => {
                    let facts = match difference.aspect {
                        Aspect::Nullable(_) => {
                            Facts { base_field_is_option: slot.base_field_is_option, ..difference.facts }
                        }
                        _ => difference.facts,
                    };
                    slot.difference(difference.aspect, facts, difference.before, difference.after)
                }
                Some(inside) => Difference { field: format!("{}{inside}", slot.field), ..difference },
                None => difference,
            };
            self.push(again);
        }
    }

    /// Whether the two schemas are the same, and so is everything they refer to: comparing
    /// them would find nothing. The usual case is one reference to an unchanged component.
    fn is_unchanged(&self, pair: Pair<'a>) -> bool {
        pair.base == pair.head && self.refers_only_to_unchanged(pair.base)
    }

    fn refers_only_to_unchanged(&self, schema: &Value) -> bool {
        match schema {
            Value::Object(object) => object.iter().all(|(key, value)| match (key.as_str(), value) {
                ("$ref", Value::String(target)) => self.unchanged.contains(target),
                _ => self.refers_only_to_unchanged(value),
            }),
            Value::Array(items) => items.iter().all(|item| self.refers_only_to_unchanged(item)),
            _ => true,
        }
    }

    /// Every aspect of the two schemas at `slot`, then the positions inside them.
    fn compare(&mut self, slot: &Slot, b: &View<'a>, h: &View<'a>, pair: Pair<'a>, seen: &mut Seen, depth: usize) {
        self.nullability(slot, b, h);
        self.kind_of_value(slot, pair, b, h);
        self.format(slot, b, h);
        self.constraints(slot, b, h);
        self.enum_values(slot, b, h);
        self.annotations(slot, b, h);
        self.properties(slot, b, h, seen, depth);
        // An array without `items` holds any value: items described on one side only are
        // compared with that.
        let items = |v: &View<'a>| v.items.or_else(|| v.types.contains("array").then_some(any_value()));
        if let (Some(base), Some(head), true) = (items(b), items(h), b.items.is_some() || h.items.is_some()) {
            self.schema(&slot.child(Segment::Values("[]"), b, h, false), Pair { base, head }, seen, depth + 1);
        }
        self.additional_properties(slot, b, h, seen, depth);
        self.members(slot, b, h, seen, depth);
        self.parts(slot, b, h, pair);
        self.folded_members(slot, b, h, pair);
    }

    fn push(&mut self, difference: Difference) {
        self.found.push(difference);
    }

    fn nullability(&mut self, slot: &Slot, b: &View, h: &View) {
        if b.nullable != h.nullable {
            let facts = Facts { base_field_is_option: slot.base_field_is_option, ..Facts::default() };
            let values = (Some(Value::Bool(b.nullable)), Some(Value::Bool(h.nullable)));
            self.push(slot.difference(Aspect::Nullable(h.nullable), facts, values.0, values.1));
        }
    }

    /// The kind of value: its types, its alternatives when only one side is a union (two
    /// unions are compared member by member), and whether it lists values at all.
    fn kind_of_value(&mut self, slot: &Slot, pair: Pair, b: &View, h: &View) {
        let (before, after) = (Shape::of(self.base, pair.base, 0), Shape::of(self.head, pair.head, 0));
        let both_unions = !b.alternatives.is_empty() && !h.alternatives.is_empty();
        let enum_lifted = b.values.is_some() && h.values.is_none() && !b.types.is_empty();
        let enum_added = b.values.is_none() && h.values.is_some();
        let shapes_differ = before != after && !both_unions && !(b.values.is_some() && h.values.is_some());
        let types_differ = b.types != h.types || shapes_differ;
        if !(types_differ || enum_lifted || enum_added) {
            return;
        }
        let (base, head) = ((self.base, b), (self.head, h));
        let holds = |outer, inner| holds_every_value_of(outer, inner) || slot.as_text && holds_as_text(outer, inner);
        let widened = !holds(base, head) || enum_lifted;
        // A value that becomes a `oneOf` is refused where two members match what BASE sends.
        let became_exclusive = b.alternatives.is_empty() && refuses_what_two_match(h) && {
            let matched: Vec<&Value> = (h.alternatives.iter().copied())
                .filter(|m| may_match((self.base, b), (self.head, &view(self.head, m, 0))))
                .collect();
            any_overlap(self.head, &matched)
        };
        let narrowed = !holds(head, base) || enum_added || became_exclusive;
        // Open enums read any string, so lifting a string enum's restriction is tolerated.
        let readable_by_base = !widened || (enum_lifted && b.types == h.types && b.types.contains("string"));
        let facts = Facts {
            widened,
            narrowed,
            readable_by_base,
            values_lifted: enum_lifted,
            values_restricted: enum_added && !types_differ,
            ..Facts::default()
        };
        self.push(slot.difference(Aspect::Type, facts, shape_value(&before), shape_value(&after)));
    }

    /// `format`: documentation in the generated code, except where an integer's values
    /// pass `i64`'s range (its type is then a `u64`, which may not hold HEAD's values).
    /// An integer without a format is the `int64` it is generated as, a number the
    /// `double`.
    fn format(&mut self, slot: &Slot, b: &View, h: &View) {
        let (before, after) = (effective_format(b), effective_format(h));
        // A new kind of value brings its own format: the type change says it.
        if before == after || b.types != h.types {
            return;
        }
        let facts = match integers::compare(b, h) {
            // An integer's format is a range: `uint32` to `int32` keeps the width and
            // lets HEAD send what `uint32` did not allow, which BASE's `i64` still holds.
            Some(integers) => Facts {
                widened: integers.widened,
                narrowed: integers.narrowed,
                readable_by_base: integers.base_reads_head,
                ..Facts::default()
            },
            None => {
                let (base_width, head_width) = (format_width(before), format_width(after));
                let is_string = b.types.contains("string") || h.types.contains("string");
                Facts {
                    widened: after.is_none() || head_width > base_width || (is_string && before.is_some()),
                    narrowed: before.is_none() || head_width < base_width || (is_string && after.is_some()),
                    // A number is an `f64` whatever its format, a string a `String`.
                    readable_by_base: true,
                    ..Facts::default()
                }
            }
        };
        let text = |format: Option<&str>| format.map(|f| Value::String(f.to_string()));
        self.push(slot.difference(Aspect::Format, facts, text(b.format), text(h.format)));
    }

    /// Each validation keyword that bounds values, when it changed.
    fn constraints(&mut self, slot: &Slot, b: &View, h: &View) {
        let keywords: BTreeSet<&str> = b.constraints.keys().chain(h.constraints.keys()).copied().collect();
        for keyword in keywords {
            let (before, after) = (b.constraints.get(keyword).copied(), h.constraints.get(keyword).copied());
            if before == after {
                continue;
            }
            let (widened, narrowed) = bounds_moved(keyword, before, after);
            // The generated types check no bound; an integer's type holds the values
            // of its format, which bounds past it change.
            let readable_by_base = match keyword {
                "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => {
                    integers::compare(b, h).is_none_or(|integers| integers.base_reads_head)
                }
                _ => true,
            };
            let facts = Facts { widened, narrowed, readable_by_base, ..Facts::default() };
            let with_keyword =
                |value: Option<&Value>| Some(serde_json::json!({ keyword: value.cloned().unwrap_or(Value::Null) }));
            self.push(slot.difference(Aspect::Constraint, facts, with_keyword(before), with_keyword(after)));
        }
    }

    fn enum_values(&mut self, slot: &Slot, b: &View, h: &View) {
        // A value gone from an extensible list is one the server no longer takes; one
        // added is what its clients were told to expect.
        if let (Some(bv), Some(hv)) = (b.extensible_values, h.extensible_values) {
            for removed in bv.iter().filter(|v| !hv.contains(v)) {
                let difference = slot.difference(
                    Aspect::EnumValue(Presence::Removed),
                    Facts::default(),
                    Some(removed.clone()),
                    None,
                );
                self.push(difference);
            }
        }
        let (Some(bv), Some(hv)) = (&b.values, &h.values) else { return };
        for added in hv.iter().filter(|v| !bv.contains(v)) {
            self.push(slot.difference(Aspect::EnumValue(Presence::Added), Facts::default(), None, Some(added.clone())));
        }
        for removed in bv.iter().filter(|v| !hv.contains(v)) {
            let difference =
                slot.difference(Aspect::EnumValue(Presence::Removed), Facts::default(), Some(removed.clone()), None);
            self.push(difference);
        }
    }

    /// Annotations describe values and never restrict them: deprecation, description,
    /// default, title (typify names an inline type by its title), and the discriminator
    /// (which typify reads to tag a union).
    fn annotations(&mut self, slot: &Slot, b: &View, h: &View) {
        if b.deprecated != h.deprecated {
            let values = (Some(Value::Bool(b.deprecated)), Some(Value::Bool(h.deprecated)));
            self.push(slot.difference(Aspect::Deprecated(h.deprecated), Facts::default(), values.0, values.1));
        }
        let text = |d: Option<&str>| d.map(|d| Value::String(d.to_string()));
        if b.description.map(str::trim) != h.description.map(str::trim) {
            self.push(slot.difference(Aspect::Description, Facts::default(), text(b.description), text(h.description)));
        }
        if b.default != h.default {
            // A call that leaves a parameter out gets its default from the server.
            let parameter = matches!(slot.site.location, Location::Parameter { .. }) && slot.field.is_empty();
            let facts = Facts { parameter, ..Facts::default() };
            self.push(slot.difference(Aspect::Default, facts, b.default.cloned(), h.default.cloned()));
        }
        // A title names a type only on an inline schema that generates one; a component is
        // named by its key, and a plain value generates no type.
        let names_a_type = |v: &View| {
            v.reference.is_none() && (!v.properties.is_empty() || v.values.is_some() || !v.alternatives.is_empty())
        };
        if b.title != h.title && names_a_type(b) && names_a_type(h) {
            self.push(slot.difference(Aspect::Title, Facts::default(), text(b.title), text(h.title)));
        }
        if b.discriminator != h.discriminator {
            let (widened, narrowed) = discriminator_moved(b.discriminator, h.discriminator);
            // A tag BASE does not know, or a value its tag's member cannot read, goes to
            // the catch-all of BASE's union.
            let readable_by_base = !widened || generated_keeps_any_value(self.base, b);
            let facts = Facts { widened, narrowed, readable_by_base, ..Facts::default() };
            self.push(slot.difference(
                Aspect::Discriminator,
                facts,
                b.discriminator.cloned(),
                h.discriminator.cloned(),
            ));
        }
    }

    /// Every property of either side: added, removed, changed in presence, or compared.
    fn properties(&mut self, slot: &Slot, b: &View<'a>, h: &View<'a>, seen: &mut Seen, depth: usize) {
        // A required property the schema does not describe holds any value, and is
        // generated as a field of any value.
        let described = |v: &View<'a>, name: &String| {
            v.properties.get(name).copied().or_else(|| v.required.contains(name).then(any_value))
        };
        let names: BTreeSet<&String> =
            b.properties.keys().chain(h.properties.keys()).chain(&b.required).chain(&h.required).collect();
        for name in names {
            let base_nullable = b.properties.get(name).is_some_and(|bp| view(self.base, bp, 0).nullable);
            let option = elevenlabs_codegen::generated_as_option(b.required.contains(name), base_nullable);
            let child = slot.child(Segment::Property(name), b, h, option);
            let (was_required, required) = (b.required.contains(name), h.required.contains(name));
            let facts = Facts { required, was_required, base_field_is_option: option, ..Facts::default() };
            match (described(b, name), described(h, name)) {
                (Some(base), None) => {
                    let before = shape_value(&Shape::of(self.base, base, 0));
                    // HEAD's object may refuse what BASE's callers still send.
                    let narrowed = refuses_unnamed((self.head, h.additional), (self.base, base));
                    let facts = Facts { narrowed, ..facts };
                    self.push(child.difference(Aspect::Property(Presence::Removed), facts, before, None));
                }
                (None, Some(head)) => {
                    let after = shape_value(&Shape::of(self.head, head, 0));
                    // BASE's object may have refused it: a strict client then fails on it,
                    // and the generated one only where its map of unknown fields is typed.
                    let widened = refuses_unnamed((self.base, b.additional), (self.head, head));
                    let readable_by_base = !generated_refuses_unnamed((self.base, b.additional), (self.head, head));
                    let facts = Facts { widened, readable_by_base, ..facts };
                    self.push(child.difference(Aspect::Property(Presence::Added), facts, None, after));
                }
                (Some(base), Some(head)) => {
                    if was_required != required {
                        let values = (Some(Value::Bool(was_required)), Some(Value::Bool(required)));
                        self.push(child.difference(Aspect::PropertyRequired(required), facts, values.0, values.1));
                    }
                    // Who sends the value: a property's, and what it means depends on
                    // whether it is required.
                    for (keyword, aspect) in
                        [("readOnly", Aspect::ReadOnly as fn(bool) -> Aspect), ("writeOnly", Aspect::WriteOnly)]
                    {
                        let (before, after) = (declares(self.base, base, keyword), declares(self.head, head, keyword));
                        if before != after {
                            let values = (Some(Value::Bool(before)), Some(Value::Bool(after)));
                            self.push(child.difference(aspect(after), facts, values.0, values.1));
                        }
                    }
                    self.schema(&child, Pair { base, head }, seen, depth + 1);
                }
                (None, None) => {}
            }
        }
    }

    /// What an object accepts besides its named properties; two maps' values are compared
    /// as a position of their own (`quotas{}`).
    fn additional_properties(&mut self, slot: &Slot, b: &View<'a>, h: &View<'a>, seen: &mut Seen, depth: usize) {
        let is_object = |v: &View| v.types.contains("object") || !v.properties.is_empty();
        if !(is_object(b) || is_object(h)) {
            return;
        }
        let kind = |additional: ViewAdditional| match additional {
            ViewAdditional::Any => Additional::Any,
            ViewAdditional::Forbidden => Additional::Forbidden,
            ViewAdditional::Typed(_) => Additional::Typed,
        };
        match (b.additional, h.additional) {
            (ViewAdditional::Typed(base), ViewAdditional::Typed(head)) => {
                self.schema(&slot.child(Segment::Values("{}"), b, h, false), Pair { base, head }, seen, depth + 1);
            }
            (before, after) if kind(before) != kind(after) => {
                let (before_kind, after_kind) = (kind(before), kind(after));
                // Any ⊃ typed ⊃ forbidden, in what an object accepts.
                let rank = |k: Additional| match k {
                    Additional::Forbidden => 0,
                    Additional::Typed => 1,
                    Additional::Any => 2,
                };
                let widened = rank(after_kind) > rank(before_kind);
                // The generated models keep unknown properties in `extra`, whatever their
                // values; a map of typed values reads only those.
                let readable_by_base = !widened || before_kind != Additional::Typed;
                let facts = Facts { widened, narrowed: !widened, readable_by_base, ..Facts::default() };
                let value_of = |document: &Value, additional: ViewAdditional| match additional {
                    ViewAdditional::Typed(schema) => shape_value(&Shape::of(document, schema, 0)),
                    ViewAdditional::Any => Some(Value::String("any value".into())),
                    ViewAdditional::Forbidden => Some(Value::String("none".into())),
                };
                let (before_value, after_value) = (value_of(self.base, before), value_of(self.head, after));
                let aspect = Aspect::AdditionalProperties(before_kind, after_kind);
                self.push(slot.difference(aspect, facts, before_value, after_value));
            }
            _ => {}
        }
    }

    /// A union's members, matched by `$ref` name or by shape: added, removed, or each pair
    /// compared as a position of its own (`payment<Card>`).
    fn members(&mut self, slot: &Slot, b: &View<'a>, h: &View<'a>, seen: &mut Seen, depth: usize) {
        if b.alternatives.is_empty() || h.alternatives.is_empty() {
            return;
        }
        if b.exclusive != h.exclusive && b.alternatives.len() > 1 && h.alternatives.len() > 1 {
            // A value two members match is refused by a `oneOf` only: what changes is
            // whether such a value may be sent at all.
            let overlapping = |document, union: &View| any_overlap(document, &union.alternatives);
            let facts = match h.exclusive {
                true => Facts { narrowed: overlapping(self.head, h), readable_by_base: true, ..Facts::default() },
                false => Facts { widened: overlapping(self.head, h), readable_by_base: true, ..Facts::default() },
            };
            let [before, after] =
                [b, h].map(|v| Some(Value::String(if v.exclusive { "oneOf" } else { "anyOf" }.into())));
            self.push(slot.difference(Aspect::Exclusive(h.exclusive), facts, before, after));
        }
        let Matched { pairs, removed, added } = match_members(self.base, &b.alternatives, self.head, &h.alternatives);
        let told_apart = !added.is_empty() && refuses_what_two_match(b) && !any_overlap(self.base, &b.alternatives);
        let keeps_any_value = generated_keeps_any_value(self.base, b);
        for member in added {
            let shape = Shape::of(self.head, member.schema, 0);
            // BASE reads the new member's values when a member it has already takes them,
            // or else its catch-all does.
            let readable_by_base = keeps_any_value
                || b.alternatives.iter().any(|m| reads_every_value(self.base, m, self.head, member.schema));
            // Under `oneOf`, a value of BASE's that the new member matches too is refused. A
            // `oneOf` whose members overlapped already is one its servers do not hold to.
            let refuses = told_apart && refuses_what_two_match(h) && {
                let new_member = view(self.head, member.schema, 0);
                b.alternatives.iter().any(|m| may_match((self.base, &view(self.base, m, 0)), (self.head, &new_member)))
            };
            let facts = Facts { widened: true, narrowed: refuses, readable_by_base, ..Facts::default() };
            let child = slot.child(Segment::Member(&member.name), b, h, false);
            let difference = child.difference(Aspect::UnionMember(Presence::Added), facts, None, shape_value(&shape));
            self.push(difference);
        }
        for member in removed {
            let shape = Shape::of(self.base, member.schema, 0);
            let facts = Facts { narrowed: true, readable_by_base: true, ..Facts::default() };
            let child = slot.child(Segment::Member(&member.name), b, h, false);
            self.push(child.difference(Aspect::UnionMember(Presence::Removed), facts, shape_value(&shape), None));
        }
        for (base, head) in pairs {
            let child = slot.child(Segment::Member(&head.name), b, h, false);
            let child_site = |site: &Option<SchemaSite>, schema: &Value, document: &Value| {
                component_of(&view(document, schema, 0))
                    .map(|component| SchemaSite { component, path: String::new() })
                    .or_else(|| site.clone())
            };
            let child = Slot {
                base_schema: child_site(&child.base_schema, base.schema, self.base),
                head_schema: child_site(&child.head_schema, head.schema, self.head),
                caught_by_union: child.caught_by_union || keeps_any_value,
                ..child
            };
            self.schema(&child, Pair { base: base.schema, head: head.schema }, seen, depth + 1);
        }
    }

    /// The parts of an `allOf`; a schema without one is its own single part. What the
    /// parts say together is compared by the merged views; a part added or removed is
    /// reported too, because it is what the generated type is built from (a new part is a
    /// new type, or new fields).
    fn parts(&mut self, slot: &Slot, b: &View<'a>, h: &View<'a>, pair: Pair<'a>) {
        if b.parts.is_empty() && h.parts.is_empty() {
            return;
        }
        let Unmatched { removed, added, .. } = self.unmatched((&b.parts, pair.base), (&h.parts, pair.head));
        for part in added {
            let facts = Facts { narrowed: true, readable_by_base: true, ..Facts::default() };
            self.push(slot.difference(Aspect::AllOfPart(Presence::Added), facts, None, Some(Value::String(part.name))));
        }
        for part in removed {
            let facts = Facts { widened: true, readable_by_base: true, ..Facts::default() };
            let before = Some(Value::String(part.name));
            self.push(slot.difference(Aspect::AllOfPart(Presence::Removed), facts, before, None));
        }
    }

    /// The members of a union of values of one type, which the views fold into one
    /// schema ([`View::folded`]): the values they accept together are compared as an
    /// enum's, and a member added or removed is reported too, because typify builds the
    /// Rust type from the members. A schema that is no union is its own single member.
    fn folded_members(&mut self, slot: &Slot, b: &View<'a>, h: &View<'a>, pair: Pair<'a>) {
        let unfolded_union = |v: &View| !v.alternatives.is_empty();
        if b.folded.is_empty() && h.folded.is_empty() || unfolded_union(b) || unfolded_union(h) {
            return;
        }
        let Unmatched { removed, added, paired } = self.unmatched((&b.folded, pair.base), (&h.folded, pair.head));
        // typify names a union's variants after its members' titles.
        for (base, head) in paired {
            let title = |document: &Value, member: &Member| view(document, member.schema, 0).title.map(str::to_string);
            let (before, after) = (title(self.base, &base), title(self.head, &head));
            if before != after {
                let child = slot.child(Segment::Member(&head.name), b, h, false);
                let (before, after) = (before.map(Value::String), after.map(Value::String));
                self.push(child.difference(Aspect::Title, Facts::default(), before, after));
            }
        }
        // The values the members add or take are enum values, reported as such.
        let facts = Facts { readable_by_base: true, ..Facts::default() };
        for member in added {
            let shape = shape_value(&Shape::of(self.head, member.schema, 0));
            let child = slot.child(Segment::Member(&member.name), b, h, false);
            self.push(child.difference(Aspect::UnionMember(Presence::Added), facts, None, shape));
        }
        for member in removed {
            let shape = shape_value(&Shape::of(self.base, member.schema, 0));
            let child = slot.child(Segment::Member(&member.name), b, h, false);
            self.push(child.difference(Aspect::UnionMember(Presence::Removed), facts, shape, None));
        }
    }

    /// The members of two compositions ([`Composition`]) matched as union members are, and
    /// those left on one side only. Members left unmatched on both sides pair up in order: a member
    /// restated (an inline schema that became a `$ref`, a component renamed) is the same
    /// member, and what changed in its values is in the merged views.
    fn unmatched(&self, base: Composition<'_, 'a>, head: Composition<'_, 'a>) -> Unmatched<'a> {
        let members = |(members, whole): Composition<'_, 'a>| {
            if members.is_empty() {
                vec![whole]
            } else {
                members.to_vec()
            }
        };
        let (base, head) = (members(base), members(head));
        let Matched { mut pairs, mut removed, mut added } = match_members(self.base, &base, self.head, &head);
        let restated = removed.len().min(added.len());
        pairs.extend(removed.drain(..restated).zip(added.drain(..restated)));
        Unmatched { removed, added, paired: pairs }
    }
}

/// A composition's members, and the schema that holds them: a schema without members is
/// its own single member.
type Composition<'m, 'a> = (&'m [&'a Value], &'a Value);

/// What [`Differ::unmatched`] finds.
struct Unmatched<'a> {
    removed: Vec<Member<'a>>,
    added: Vec<Member<'a>>,
    /// The members in both, restated ones included: BASE's, HEAD's.
    paired: Vec<(Member<'a>, Member<'a>)>,
}

/// Whether every value `inner` allows is one `outer` allows, by kind of value. A schema
/// that names no type and no alternatives (`{}`) allows every value; a union's kinds are
/// its members', which this does not look into, so it is taken to differ.
fn holds_every_value_of((outer_document, outer): (&Value, &View), (inner_document, inner): (&Value, &View)) -> bool {
    match (value_types(outer_document, outer, 0), value_types(inner_document, inner, 0)) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(outer), Some(inner)) => narrower_or_equal(&outer, &inner),
    }
}

/// Whether a parameter's `outer` schema accepts, as text, every value of `inner`: a string
/// takes any scalar's text, and an array of plain items any single value they take (one
/// value is an array of one in every style but `deepObject`).
fn holds_as_text((outer_document, outer): (&Value, &View), (inner_document, inner): (&Value, &View)) -> bool {
    let Some(inner_types) = value_types(inner_document, inner, 0) else { return false };
    let text = |types: &BTreeSet<String>| {
        let mut types = types.clone();
        if types.contains("string") {
            types.extend(["integer", "number", "boolean"].map(String::from));
        }
        types
    };
    let Some(mut accepted) = value_types(outer_document, outer, 0).map(|types| text(&types)) else { return true };
    if let Some(items) = outer.items.filter(|_| outer.types.contains("array")) {
        let items = view(outer_document, items, 1);
        // Items that restrict values further (a pattern, an enum, bounds) do not take
        // every single value the scalar did.
        let plain = items.constraints.is_empty() && items.values.is_none() && items.format == inner.format;
        if plain {
            accepted.extend(value_types(outer_document, &items, 1).map(|types| text(&types)).unwrap_or_default());
        }
    }
    !inner_types.is_empty() && narrower_or_equal(&accepted, &inner_types)
}

/// Whether a union refuses a value two of its members match: a `oneOf` does, unless a
/// discriminator says which member a value is.
fn refuses_what_two_match(union: &View) -> bool {
    union.exclusive && union.discriminator.is_none() && union.alternatives.len() > 1
}

/// How deep [`value_types`] looks into unions of unions; below, a union may be anything.
const UNION_TYPES_DEPTH: usize = 3;

/// The kinds of value a view takes, a union's being its members' together (`type:
/// [string, integer]` is normalized to `anyOf`); `None` when it takes any value.
fn value_types(document: &Value, view: &View, depth: usize) -> Option<BTreeSet<String>> {
    if !view.types.is_empty() || view.values.is_some() {
        return Some(view.types.clone());
    }
    if view.alternatives.is_empty() || depth >= UNION_TYPES_DEPTH {
        return None;
    }
    let mut types = BTreeSet::new();
    for member in &view.alternatives {
        types.extend(value_types(document, &super::view::view(document, member, depth + 1), depth + 1)?);
    }
    Some(types)
}

/// A view's format as the generated code reads it: an integer without one is `int64`, a
/// number `double`.
fn effective_format<'v>(view: &View<'v>) -> Option<&'v str> {
    match view.format {
        Some(format) => Some(format),
        None if view.types.contains("integer") => Some("int64"),
        None if view.types.contains("number") => Some("double"),
        None => None,
    }
}

/// How far a number format reaches, to compare two: a larger width holds more values.
fn format_width(format: Option<&str>) -> u8 {
    match format {
        Some("int8" | "uint8") => 1,
        Some("int16" | "uint16") => 2,
        Some("int32" | "uint32" | "float") => 3,
        Some("int64" | "uint64" | "double") => 4,
        // No format, or a string's: as wide as it gets.
        _ => 5,
    }
}

/// Whether a discriminator change lets the tag take values it could not (widened), or
/// refuses values it took (narrowed). A discriminator is a hint over `oneOf`, except
/// that its mapping names the tag's values, and typify tags the union by it: one added
/// changes no value, one removed frees the tag, a new property name or mapping moves it.
fn discriminator_moved(before: Option<&Value>, after: Option<&Value>) -> (bool, bool) {
    let (Some(before), Some(after)) = (before, after) else { return (before.is_some(), false) };
    if before.get("propertyName") != after.get("propertyName") {
        return (true, true);
    }
    let mapping = |d: &Value| d.get("mapping").and_then(Value::as_object).cloned().unwrap_or_default();
    let (b, a) = (mapping(before), mapping(after));
    let moved = b.iter().any(|(tag, target)| a.get(tag).is_some_and(|t| t != target));
    (moved || a.keys().any(|tag| !b.contains_key(tag)), moved || b.keys().any(|tag| !a.contains_key(tag)))
}

/// Whether a bound moved to accept more values (widened) or fewer (narrowed).
fn bounds_moved(keyword: &str, before: Option<&Value>, after: Option<&Value>) -> (bool, bool) {
    let number = |v: Option<&Value>| v.and_then(Value::as_f64);
    match (before, after) {
        (None, Some(_)) => (false, true),
        (Some(_), None) => (true, false),
        _ => match keyword {
            "minLength" | "minimum" | "minItems" | "minProperties" | "exclusiveMinimum" => {
                let (b, a) = (number(before), number(after));
                (a < b, a > b)
            }
            "maxLength" | "maximum" | "maxItems" | "maxProperties" | "exclusiveMaximum" => {
                let (b, a) = (number(before), number(after));
                (a > b, a < b)
            }
            "uniqueItems" => {
                let unique = |v: Option<&Value>| v == Some(&Value::Bool(true));
                (unique(before) && !unique(after), !unique(before) && unique(after))
            }
            // A pattern or a multiple changed: some values go, others come.
            _ => (true, true),
        },
    }
}

/// Whether `schema` sets `keyword` to `true`: itself, in a part of its `allOf`, or in the
/// component a `$ref` of either names (one step: where OpenAPI documents put `readOnly`).
fn declares(document: &Value, schema: &Value, keyword: &str) -> bool {
    let own = |schema: &Value| {
        schema.get(keyword) == Some(&Value::Bool(true))
            || schema
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|target| elevenlabs_spec::resolve(document, target))
                .is_some_and(|target| target.get(keyword) == Some(&Value::Bool(true)))
    };
    own(schema) || schema.get("allOf").and_then(Value::as_array).is_some_and(|parts| parts.iter().any(own))
}

/// Whether an object whose `additionalProperties` is `additional` (in `document`) refuses a
/// property it does not name, whose schema is `property` (in `property_document`): it
/// forbids them, or its values' schema does not read every value of the property's.
fn refuses_unnamed(
    (document, additional): (&Value, ViewAdditional),
    (property_document, property): (&Value, &Value),
) -> bool {
    match additional {
        ViewAdditional::Any => false,
        ViewAdditional::Forbidden => true,
        ViewAdditional::Typed(values) => !reads_every_value(document, values, property_document, property),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_compared_in_part_rule_names_the_limits() {
        let meaning = crate::ChangeKind::ComparedInPart.rule().meaning;
        assert!(meaning.contains("50,000 schema positions") && meaning.contains("64 levels"), "{meaning}");
        assert_eq!((super::POSITION_BUDGET, super::MAX_DEPTH), (50_000, 64), "the rule's words");
    }

    use serde_json::json;

    use super::discriminator_moved;

    #[test]
    fn a_discriminator_moves_the_tag_by_its_name_and_mapping() {
        let on = |name: &str, mapping: serde_json::Value| json!({"propertyName": name, "mapping": mapping});
        let cat = json!({"cat": "#/components/schemas/Cat"});
        let both = json!({"cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"});
        assert_eq!(discriminator_moved(None, Some(&on("kind", cat.clone()))), (false, false), "a hint added");
        assert_eq!(discriminator_moved(Some(&on("kind", cat.clone())), None), (true, false), "the tag freed");
        assert_eq!(discriminator_moved(Some(&on("kind", cat.clone())), Some(&on("type", cat.clone()))), (true, true));
        assert_eq!(discriminator_moved(Some(&on("kind", cat.clone())), Some(&on("kind", both.clone()))), (true, false));
        assert_eq!(discriminator_moved(Some(&on("kind", both)), Some(&on("kind", cat))), (false, true));
        let moved = json!({"cat": "#/components/schemas/Kitten"});
        let cat = json!({"cat": "#/components/schemas/Cat"});
        assert_eq!(discriminator_moved(Some(&on("kind", cat)), Some(&on("kind", moved))), (true, true));
    }
}
