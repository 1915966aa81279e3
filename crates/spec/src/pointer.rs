//! JSON pointer (RFC 6901) helpers.

use std::borrow::Cow;

/// Escapes one reference token: `~` → `~0`, `/` → `~1`.
pub fn escape(token: &str) -> String {
    let mut escaped = String::with_capacity(token.len());
    push_escaped(&mut escaped, token);
    escaped
}

fn push_escaped(out: &mut String, token: &str) {
    // Nearly every token is a plain name: copied whole, not character by character.
    if !token.bytes().any(|b| b == b'~' || b == b'/') {
        out.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// Unescapes one reference token.
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Appends `/` and `token` to the pointer being built in `pointer`: a walk keeps one
/// buffer, pushing a token before each child and truncating after it.
pub fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    push_escaped(pointer, token);
}

/// Appends `token` to `pointer`. Walks of a document join a pointer for every value they
/// pass, so the result is built once, at its final size.
pub fn join(pointer: &str, token: &str) -> String {
    let mut joined = String::with_capacity(pointer.len() + 1 + token.len());
    joined.push_str(pointer);
    joined.push('/');
    push_escaped(&mut joined, token);
    joined
}

/// The component schema a `$ref` names (`#/components/schemas/a~1b` names `a/b`), when
/// it names one, not a schema inside one.
pub fn schema_component(target: &str) -> Option<String> {
    let token = target.strip_prefix("#/components/schemas/")?;
    (!token.contains('/')).then(|| unescape(token))
}

/// The JSON pointer a local `$ref` names: its URI fragment, percent-decoded (RFC 6901
/// §6), so `#/components/schemas/a%20b` names the schema `a b`. `None` for a reference
/// that is not local. A `%` not followed by two hex digits stays as it is, as does a
/// fragment whose decoded bytes are not UTF-8.
pub fn of_local_ref(target: &str) -> Option<Cow<'_, str>> {
    let fragment = target.strip_prefix('#')?;
    if !fragment.contains('%') {
        return Some(Cow::Borrowed(fragment));
    }
    let bytes = fragment.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(high), Some(low)) => {
                decoded.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, _, _) => {
                decoded.push(byte);
                i += 1;
            }
        }
    }
    Some(String::from_utf8(decoded).map_or(Cow::Borrowed(fragment), Cow::Owned))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_reference_names_a_component_schema_or_not() {
        assert_eq!(super::schema_component("#/components/schemas/a~1b").as_deref(), Some("a/b"));
        assert_eq!(super::schema_component("#/components/schemas/A/properties/b"), None);
        assert_eq!(super::schema_component("#/components/responses/A"), None);
    }

    use super::*;

    #[test]
    fn escapes_round_trip() {
        let token = "/v1/user~x";
        assert_eq!(escape(token), "~1v1~1user~0x");
        assert_eq!(unescape(&escape(token)), token);
        assert_eq!(join("/paths", "/v1/user"), "/paths/~1v1~1user");
        assert_eq!(join("", "a~b/c"), "/a~0b~1c");
        assert_eq!(join("/x", ""), "/x/");
        let mut pointer = String::from("/paths");
        push_token(&mut pointer, "/v1/user");
        assert_eq!(pointer, join("/paths", "/v1/user"));
    }

    #[test]
    fn a_local_ref_is_percent_decoded() {
        let pointer = |target| of_local_ref(target).map(Cow::into_owned);
        assert_eq!(pointer("#/components/schemas/User").as_deref(), Some("/components/schemas/User"));
        assert_eq!(pointer("#/components/schemas/a%20b").as_deref(), Some("/components/schemas/a b"));
        assert_eq!(pointer("#/components/schemas/%C3%A9").as_deref(), Some("/components/schemas/é"));
        // Decoding comes before the pointer's own escapes: `%7E1` is `~1`, a `/`.
        assert_eq!(pointer("#/components/schemas/a%7E1b").as_deref(), Some("/components/schemas/a~1b"));
        // Not a percent escape, or not UTF-8 once decoded: kept as written.
        assert_eq!(pointer("#/a%2").as_deref(), Some("/a%2"));
        assert_eq!(pointer("#/a%zz").as_deref(), Some("/a%zz"));
        assert_eq!(pointer("#/a%FF").as_deref(), Some("/a%FF"));
        assert_eq!(pointer("other.json#/a"), None);
    }
}
