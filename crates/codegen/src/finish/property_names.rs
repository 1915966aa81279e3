//! Placeholders of property names decoded after the syntax passes: see
//! [`crate::prepare::property_names`], which wrote them.

use heck::ToPascalCase;

use crate::prepare::property_names::{END, FIELD, NOTE, TYPE, WIRE};
use crate::spelling::unhex;

/// Whether the preparation that printed `notes` made placeholders.
pub fn has_placeholders(notes: &[String]) -> bool {
    notes.iter().any(|note| note.contains(NOTE))
}

/// Replaces every spelling of a placeholder in generated code: the wire spelling (in
/// serde renames and docs) by the wire name as a Rust string's text, the field spelling
/// by the chosen field, the type spelling by the field in Pascal case.
pub fn decode_placeholders(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    loop {
        let found = [WIRE, FIELD, TYPE].iter().filter_map(|prefix| rest.find(prefix).map(|at| (at, *prefix))).min();
        let Some((at, prefix)) = found else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..at]);
        let after = &rest[at + prefix.len()..];
        let run = after.find(|c: char| !(c.is_ascii_hexdigit() || c == 'x' || c == 'X')).unwrap_or(after.len());
        let decoded = after[..run]
            .to_ascii_lowercase()
            .split_once('x')
            .and_then(|(field, wire)| Some((unhex(field)?, unhex(wire)?)));
        match decoded {
            Some((field, wire)) if after[run..].starts_with([END, END.to_ascii_uppercase()]) => {
                out.push_str(&match prefix {
                    WIRE => format!("{wire:?}").trim_matches('"').to_string(),
                    FIELD => field,
                    _ => field.to_pascal_case(),
                });
                rest = &after[run + 1..];
            }
            _ => {
                out.push_str(prefix);
                rest = after;
            }
        }
    }
}
