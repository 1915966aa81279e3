//! Which integers a side's values can be, and which its generated type can hold.
//!
//! typify picks an integer's Rust type from its `format` and bounds (`convert_integer` in
//! typify-impl 0.8): the format's type when the bounds fit it and no `multipleOf` is set,
//! else the type whose range the bounds name exactly, `NonZeroU*` for a minimum of 1, and
//! `i64` otherwise. That type, not the bound, decides whether BASE's client reads a value:
//! `minimum: 100` lowered to `50` stays an `i64` either way, while `minimum: 1` lowered to
//! `0` leaves a `NonZeroU64` that cannot hold the `0` HEAD may send.

use serde_json::Value;

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

/// typify's integer formats, from the narrowest: format, the range of its type, and the
/// highest value of its `NonZero` type (unsigned, of the same width), which starts at 1.
const FORMATS: [(&str, f64, f64, f64); 10] = [
    ("int8", i8::MIN as f64, i8::MAX as f64, u8::MAX as f64),
    ("uint8", u8::MIN as f64, u8::MAX as f64, u8::MAX as f64),
    ("int16", i16::MIN as f64, i16::MAX as f64, u16::MAX as f64),
    ("uint16", u16::MIN as f64, u16::MAX as f64, u16::MAX as f64),
    ("int", i32::MIN as f64, i32::MAX as f64, u32::MAX as f64),
    ("int32", i32::MIN as f64, i32::MAX as f64, u32::MAX as f64),
    ("uint", u32::MIN as f64, u32::MAX as f64, u32::MAX as f64),
    ("uint32", u32::MIN as f64, u32::MAX as f64, u32::MAX as f64),
    ("int64", i64::MIN as f64, i64::MAX as f64, u64::MAX as f64),
    ("uint64", u64::MIN as f64, u64::MAX as f64, u64::MAX as f64),
];

const I64: Range = Range { min: i64::MIN as f64, max: i64::MAX as f64 };

/// A schema's integer bounds in typify's terms: inclusive, from OpenAPI 3.0's
/// `minimum` with a boolean `exclusiveMinimum` (the form both sides are normalized to).
struct Bounds {
    min: Option<f64>,
    max: Option<f64>,
    multiple: bool,
    format: Option<String>,
}

impl Bounds {
    fn of(view: &View) -> Bounds {
        let number = |keyword: &str| view.constraints.get(keyword).and_then(|v| v.as_f64());
        let exclusive = |keyword: &str| view.constraints.get(keyword).is_some_and(|v| *v == &Value::Bool(true));
        let min = number("minimum").map(|m| if exclusive("exclusiveMinimum") { m + 1.0 } else { m });
        let max = number("maximum").map(|m| if exclusive("exclusiveMaximum") { m - 1.0 } else { m });
        let multiple = view.constraints.contains_key("multipleOf");
        Bounds { min, max, multiple, format: view.format.map(str::to_string) }
    }

    /// The range of the Rust type typify generates for these bounds.
    fn generated_range(&self) -> Range {
        let (mut min, mut max) = (self.min, self.max);
        if let Some(&(_, fmin, fmax, non_zero_max)) = self.format.as_deref().and_then(format_range) {
            let fits = min.is_none_or(|m| m >= fmin) && max.is_none_or(|m| m <= fmax);
            if fits && !self.multiple {
                let non_zero = min == Some(1.0);
                return if non_zero { Range { min: 1.0, max: non_zero_max } } else { Range { min: fmin, max: fmax } };
            }
            min = min.or(Some(fmin));
            max = max.or(Some(fmax));
        }
        // The type whose range the bounds name exactly; the widest first, as typify looks.
        let named = FORMATS.iter().rev().find_map(|&(_, fmin, fmax, non_zero_max)| match (min, max) {
            (Some(1.0), _) => Some(Range { min: 1.0, max: non_zero_max }),
            (Some(low), None) if low == fmin => Some(Range { min: fmin, max: fmax }),
            (None, Some(high)) if high == fmax => Some(Range { min: fmin, max: fmax }),
            (Some(low), Some(high)) if low == fmin && high == fmax => Some(Range { min: fmin, max: fmax }),
            _ => None,
        });
        named.unwrap_or(I64)
    }

    /// The values the document allows: its bounds, within its format's range (an
    /// integer without a format is the `int64` it is generated as).
    fn allowed(&self) -> Range {
        let format = self.format.as_deref().and_then(format_range).map_or(I64, |&(_, min, max, _)| Range { min, max });
        Range {
            min: self.min.map_or(format.min, |m| m.max(format.min)),
            max: self.max.map_or(format.max, |m| m.min(format.max)),
        }
    }
}

fn format_range(format: &str) -> Option<&'static (&'static str, f64, f64, f64)> {
    FORMATS.iter().find(|(name, ..)| *name == format)
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
    fn a_lower_minimum_that_keeps_the_type_is_read() {
        let base = json!({"type": "integer", "minimum": 100});
        assert_eq!(reads(base, json!({"type": "integer", "minimum": 50})), Some(true));
    }

    #[test]
    fn a_minimum_of_one_lowered_to_zero_leaves_a_non_zero_type_that_cannot_read_zero() {
        let base = json!({"type": "integer", "minimum": 1});
        assert_eq!(reads(base.clone(), json!({"type": "integer", "minimum": 0})), Some(false));
        let exclusive = json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true});
        assert_eq!(reads(exclusive, json!({"type": "integer", "minimum": 0})), Some(false));
        assert_eq!(reads(base, json!({"type": "integer", "minimum": 2})), Some(true));
        let small = json!({"type": "integer", "format": "int8", "minimum": 1});
        assert_eq!(reads(small, json!({"type": "integer", "format": "uint8", "minimum": 1})), Some(true), "NonZeroU8");
    }

    #[test]
    fn a_format_bounds_the_type_and_the_values() {
        let int32 = json!({"type": "integer", "format": "int32", "maximum": 100});
        assert_eq!(reads(int32.clone(), json!({"type": "integer", "format": "int32", "maximum": 1000})), Some(true));
        assert_eq!(reads(int32, json!({"type": "integer", "format": "int64"})), Some(false));
        let unsigned = json!({"type": "integer", "format": "uint32"});
        assert_eq!(reads(unsigned, json!({"type": "integer", "format": "int32"})), Some(false), "negative values");
        let signed = json!({"type": "integer", "format": "int64"});
        assert_eq!(reads(signed, json!({"type": "integer", "format": "uint64"})), Some(false), "above i64::MAX");
    }

    #[test]
    fn bounds_that_name_an_unsigned_type_make_it_unsigned() {
        let unsigned = json!({"type": "integer", "minimum": 0});
        assert_eq!(reads(unsigned, json!({"type": "integer", "minimum": -5})), Some(false));
    }

    #[test]
    fn a_multiple_leaves_the_format_for_the_type_its_bounds_name() {
        let exact = json!({"type": "integer", "format": "int8", "multipleOf": 2});
        assert_eq!(reads(exact, json!({"type": "integer", "format": "int32"})), Some(false), "still i8");
        let inexact = json!({"type": "integer", "format": "int8", "multipleOf": 2, "minimum": 0});
        assert_eq!(reads(inexact, json!({"type": "integer", "format": "int32"})), Some(true), "i64");
    }

    #[test]
    fn a_format_of_the_same_width_may_move_the_range() {
        let document = json!({});
        let (base, head) =
            (json!({"type": "integer", "format": "uint32"}), json!({"type": "integer", "format": "int32"}));
        let comparison = compare(&view(&document, &base, 0), &view(&document, &head, 0));
        assert_eq!(comparison, Some(Comparison { widened: true, narrowed: true, base_reads_head: false }));
    }

    #[test]
    fn only_integers_are_judged() {
        assert_eq!(reads(json!({"type": "number", "minimum": 100}), json!({"type": "number", "minimum": 5})), None);
    }
}
