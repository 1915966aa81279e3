//! JSON pointer (RFC 6901) helpers.

/// Escapes one reference token: `~` → `~0`, `/` → `~1`.
pub fn escape(token: &str) -> String {
    let mut escaped = String::with_capacity(token.len());
    push_escaped(&mut escaped, token);
    escaped
}

fn push_escaped(out: &mut String, token: &str) {
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
    }
}
