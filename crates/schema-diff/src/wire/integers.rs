//! Which integers a side's values can be, and which its generated type can hold.
//!
//! Codegen documents an integer's bounds and format rather than letting typify pick a
//! type from them (`elevenlabs_codegen::generated_integer_format`): the type is an `i64`,
//! or a `u64` when only that holds the values allowed. That type, not the bound, decides
//! whether BASE's client reads a value: `minimum: 1` lowered to `0`, or `int32` widened to
//! `int64`, stays an `i64`, while `uint64` allows what no `i64` holds.

use elevenlabs_codegen::{generated_integer_format, inclusive_integer_bounds, integer_format_range};

use super::view::View;

/// An inclusive range of integers, as typify's bounds are: in `f64`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Range {
    min: f64,
    max: f64,
}

impl Range {
    fn contains(self, other: Range) -> bool {
        self.min <= other.min && other.max <= self.max
    }
}

/// A schema's integer bounds, inclusive, and its format.
struct Bounds {
    min: Option<f64>,
    max: Option<f64>,
    format: Option<String>,
}

impl Bounds {
    fn of(view: &View) -> Bounds {
        let (min, max) = inclusive_integer_bounds(|keyword| view.constraints.get(keyword).copied());
        Bounds { min, max, format: view.format.map(str::to_string) }
    }

    /// The range of the Rust type generated for this integer.
    fn generated_range(&self) -> Range {
        let (min, max) = integer_format_range(generated_integer_format(self.format.as_deref(), self.min, self.max));
        Range { min, max }
    }

    /// The values the document allows: its bounds, within its format's range (an
    /// integer without a format is the `int64` it is generated as).
    fn allowed(&self) -> Range {
        let (low, high) = integer_format_range(self.format.as_deref());
        Range { min: self.min.map_or(low, |m| m.max(low)), max: self.max.map_or(high, |m| m.min(high)) }
    }
}

/// How the integers of one position changed, when both sides are integers alone.
#[derive(Debug, PartialEq)]
pub(super) struct Comparison {
    /// HEAD allows a value BASE did not.
    pub(super) widened: bool,
    /// BASE allowed a value HEAD does not.
    pub(super) narrowed: bool,
    /// Every value HEAD allows fits the type generated from BASE.
    pub(super) base_reads_head: bool,
}

pub(super) fn compare(base: &View, head: &View) -> Option<Comparison> {
    let integer = |view: &View| view.types.len() == 1 && view.types.contains("integer");
    if !(integer(base) && integer(head)) {
        return None;
    }
    let (base, head) = (Bounds::of(base), Bounds::of(head));
    let (before, after) = (base.allowed(), head.allowed());
    Some(Comparison {
        widened: !before.contains(after),
        narrowed: !after.contains(before),
        base_reads_head: base.generated_range().contains(after),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::view::view;
    use super::*;

    fn reads(base: Value, head: Value) -> Option<bool> {
        let document = json!({});
        compare(&view(&document, &base, 0), &view(&document, &head, 0)).map(|c| c.base_reads_head)
    }

    #[test]
    fn a_lower_bound_keeps_the_type() {
        let base = json!({"type": "integer", "minimum": 100});
        assert_eq!(reads(base, json!({"type": "integer", "minimum": 50})), Some(true));
        let page = json!({"type": "integer", "minimum": 1, "maximum": 100});
        assert_eq!(reads(page.clone(), json!({"type": "integer", "minimum": 0})), Some(true), "i64, not NonZeroU64");
        let exclusive = json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true});
        assert_eq!(reads(exclusive, json!({"type": "integer", "minimum": -5})), Some(true));
        let unsigned = json!({"type": "integer", "minimum": 0, "maximum": 4294967295u64});
        assert_eq!(reads(unsigned, json!({"type": "integer", "minimum": -5})), Some(true), "i64, not u32");
    }

    #[test]
    fn a_format_names_the_values_not_the_type() {
        let int32 = json!({"type": "integer", "format": "int32", "maximum": 100});
        assert_eq!(reads(int32.clone(), json!({"type": "integer", "format": "int32", "maximum": 1000})), Some(true));
        assert_eq!(reads(int32, json!({"type": "integer", "format": "int64"})), Some(true), "an i64 either way");
        let unsigned = json!({"type": "integer", "format": "uint32"});
        assert_eq!(reads(unsigned, json!({"type": "integer", "format": "int32"})), Some(true), "an i64 either way");
        let signed = json!({"type": "integer", "format": "int64"});
        assert_eq!(reads(signed, json!({"type": "integer", "format": "uint64"})), Some(false), "above i64::MAX");
        let unsigned = json!({"type": "integer", "format": "uint64"});
        assert_eq!(reads(unsigned, json!({"type": "integer", "format": "uint64", "maximum": 5})), Some(true));
    }

    #[test]
    fn a_format_of_the_same_width_may_move_the_range() {
        let document = json!({});
        let (base, head) =
            (json!({"type": "integer", "format": "uint32"}), json!({"type": "integer", "format": "int32"}));
        let comparison = compare(&view(&document, &base, 0), &view(&document, &head, 0));
        assert_eq!(comparison, Some(Comparison { widened: true, narrowed: true, base_reads_head: true }));
    }

    #[test]
    fn only_integers_are_judged() {
        assert_eq!(reads(json!({"type": "number", "minimum": 100}), json!({"type": "number", "minimum": 5})), None);
    }
}
