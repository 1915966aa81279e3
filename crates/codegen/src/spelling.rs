//! Spelling a wire name out as a Rust name when the plain one would clash: punctuation
//! becomes words (`a-b` is `a hyphen b`), and a name still taken is numbered. Enum
//! variants, fields and component types all spell the same way.

use std::collections::BTreeSet;

/// `name` as typify's `sanitize` reads it before casing: quotes dropped, every character
/// that is not a letter, digit or `_` a word break. Types, fields and variants that typify
/// names are this in Pascal or snake case.
pub fn typify_sanitized(name: &str) -> String {
    name.replace('\'', "").replace(|c: char| !(c.is_alphanumeric() || c == '_'), "-")
}

/// The snake-case identifier typify's `sanitize` makes of `name`, as progenitor names
/// methods after `operationId`s and builder fields after parameters: never empty, never a
/// keyword (`type` is `type_`).
pub fn typify_snake(name: &str) -> String {
    use heck::ToSnakeCase;
    typify_identifier(name, str::to_snake_case, "x")
}

/// The Pascal-case identifier typify's `sanitize` makes of `name`, as it names the type of
/// a component schema: `1st1` is `X1st1`, `Self` is `Self_`.
pub fn typify_pascal(name: &str) -> String {
    use heck::ToPascalCase;
    typify_identifier(name, str::to_pascal_case, "X")
}

/// typify's `sanitize` in one case: the words cased, a name that cannot start an identifier
/// prefixed, and a keyword suffixed with `_`.
fn typify_identifier(name: &str, to_case: fn(&str) -> String, prefix: &str) -> String {
    let cased = match name {
        "+1" => to_case("plus1"),
        "-1" => to_case("minus1"),
        _ => to_case(&typify_sanitized(name)),
    };
    let cased = match cased.chars().next() {
        Some(c) if c.is_alphabetic() || c == '_' => cased,
        _ => format!("{prefix}{cased}"),
    };
    if NOT_IDENTIFIERS.contains(&cased.as_str()) {
        format!("{cased}_")
    } else {
        cased
    }
}

/// What typify's `accept_as_ident` refuses, and so suffixes with `_`: Rust's keywords,
/// reserved words, and `gen` (which syn still accepts).
const NOT_IDENTIFIERS: [&str; 53] = [
    "_", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro",
    "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "Self", "self", "static", "struct",
    "super", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while",
    "yield",
];

/// `text`'s bytes as lower-case hex: how a placeholder carries a name through typify.
pub fn hex(text: &str) -> String {
    text.bytes().map(|b| format!("{b:02x}")).collect()
}

/// The text behind [`hex`], if `hex` is whole hex of UTF-8.
pub fn unhex(hex: &str) -> Option<String> {
    let bytes: Option<Vec<u8>> =
        (0..hex.len()).step_by(2).map(|i| hex.get(i..i + 2).and_then(|p| u8::from_str_radix(p, 16).ok())).collect();
    String::from_utf8(bytes?).ok()
}

/// The words of `name`: its runs of letters and digits, and a word for each other
/// character (`" "` is `space`, `"€"` is `u20ac`).
pub fn spelled_words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            word.push(c);
            continue;
        }
        words.extend((!word.is_empty()).then(|| std::mem::take(&mut word)));
        words.push(character_name(c));
    }
    words.extend((!word.is_empty()).then_some(word));
    words
}

/// `base`, or the first of `base{separator}2`, `base{separator}3`, … not in `taken`;
/// taken from then on. A trailing `_` of `base` is dropped before a number (`self_2`).
pub fn distinct(base: String, separator: &str, taken: &mut BTreeSet<String>) -> String {
    let stem = base.trim_end_matches('_').to_string();
    let name =
        (1..).map(|n| if n == 1 { base.clone() } else { format!("{stem}{separator}{n}") }).find(|n| !taken.contains(n));
    let name = name.unwrap_or(base);
    taken.insert(name.clone());
    name
}

fn character_name(c: char) -> String {
    let name = match c {
        ' ' => "space",
        ',' => "comma",
        '.' => "dot",
        ';' => "semicolon",
        ':' => "colon",
        '|' => "pipe",
        '/' => "slash",
        '\\' => "backslash",
        '-' => "hyphen",
        '_' => "underscore",
        '+' => "plus",
        '*' => "asterisk",
        '&' => "ampersand",
        '#' => "hash",
        '@' => "at",
        '!' => "exclamation",
        '?' => "question",
        '=' => "equals",
        '~' => "tilde",
        '%' => "percent",
        '$' => "dollar",
        '^' => "caret",
        '\'' => "apostrophe",
        '"' => "quote",
        '`' => "backtick",
        '(' | '[' | '{' => "open",
        '<' => "less",
        ')' | ']' | '}' => "close",
        '>' => "greater",
        '\t' => "tab",
        '\n' => "newline",
        '\r' => "return",
        other => return format!("u{:04x}", other as u32),
    };
    name.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_is_spelled_and_taken_names_are_numbered() {
        assert_eq!(spelled_words("a-b c"), ["a", "hyphen", "b", "space", "c"]);
        assert_eq!(spelled_words("€"), ["u20ac"]);
        assert_eq!(spelled_words("a~b%(c)"), ["a", "tilde", "b", "percent", "open", "c", "close"]);
        let mut taken = BTreeSet::from(["Space".to_string(), "self_".to_string()]);
        assert_eq!(distinct("Space".into(), "", &mut taken), "Space2");
        assert_eq!(distinct("self_".into(), "_", &mut taken), "self_2");
        assert_eq!(distinct("new".into(), "_", &mut taken), "new");
        assert_eq!(unhex(&hex("a-b €")).as_deref(), Some("a-b €"));
        assert_eq!(unhex("zz"), None);
        assert_eq!(typify_snake("getUser"), "get_user");
        assert_eq!(typify_snake("type"), "type_");
        assert_eq!(typify_snake(""), "x");
        assert_eq!(typify_snake("1st"), "x1st");
        assert_eq!(typify_snake("gen"), "gen_", "typify's keywords, not syn's");
        assert_eq!(typify_pascal("1st1"), "X1st1");
        assert_eq!(typify_pascal("Self"), "Self_");
        assert_eq!(typify_pascal("-"), "X");
    }
}
