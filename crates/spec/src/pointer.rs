//! JSON pointer (RFC 6901) helpers.

/// Escapes one reference token: `~` → `~0`, `/` → `~1`.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Unescapes one reference token.
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Appends `token` to `pointer`.
pub fn join(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape(token))
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
    }
}
