//! JSON pointer (RFC 6901) helpers.

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

#[cfg(test)]
mod tests {
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
}
