//! What no printed form may show: the configured API key, and the values of secret fields
//! (`xi_api_key`) in a body the server sent. Every `Debug` and `Display` of a type that
//! holds a response goes through [`redacted`] or [`debug_redacted`].

use std::fmt;
use std::sync::Arc;

use crate::models::SECRET_FIELDS;

/// Formats through `write` into a string, then redacts it.
pub(crate) fn redacted(
    secrets: Option<&Secrets>,
    write: impl FnOnce(&mut String) -> fmt::Result,
) -> Result<String, fmt::Error> {
    let mut text = String::new();
    write(&mut text)?;
    Ok(match secrets {
        Some(secrets) => secrets.redact(&text),
        None => text,
    })
}

/// Writes what `fields` prints as `Debug` (keeping `{:#?}`'s layout) with `secrets` redacted.
pub(crate) fn debug_redacted(
    f: &mut fmt::Formatter<'_>,
    secrets: Option<&Secrets>,
    fields: impl Fn(&mut fmt::Formatter<'_>) -> fmt::Result,
) -> fmt::Result {
    let alternate = f.alternate();
    let text = redacted(secrets, |text| {
        use fmt::Write;
        let debug = DebugWith(fields);
        if alternate {
            write!(text, "{debug:#?}")
        } else {
            write!(text, "{debug:?}")
        }
    })?;
    f.write_str(&text)
}

/// Adapts a closure to `Debug`, so `{:?}` and `{:#?}` both reach it.
struct DebugWith<F>(F);

impl<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result> fmt::Debug for DebugWith<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.0)(f)
    }
}

/// The secrets an error or response must never print: the API key the client was
/// configured with, and the values of secret fields (`xi_api_key`) in the body it carries.
/// Opaque: it prints nothing of them.
#[derive(Clone, Default)]
pub(crate) struct Secrets {
    values: Arc<[String]>,
}

impl Secrets {
    /// The configured key alone.
    pub(crate) fn key(api_key: &str) -> Self {
        Self { values: Arc::from(vec![api_key.to_string()]) }.without_blanks()
    }

    /// These secrets plus the values of the secret fields found in `body`, which need not
    /// be valid JSON (a truncated body still hides its key).
    pub(crate) fn with_body(&self, body: &[u8]) -> Self {
        let found = secret_field_values(&String::from_utf8_lossy(body));
        if found.is_empty() {
            return self.clone();
        }
        let values: Vec<String> = self.values.iter().cloned().chain(found).collect();
        Self { values: values.into() }.without_blanks()
    }

    fn without_blanks(self) -> Self {
        let mut values: Vec<String> =
            self.values.iter().filter(|v| !v.is_empty()).flat_map(|v| printed_spellings(v)).collect();
        // Longest first, so a secret that contains another is replaced whole.
        values.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        values.dedup();
        Self { values: values.into() }
    }

    /// `text` with every secret replaced by `[redacted]`, percent-encoded ones too (a URL
    /// or a `Location` header that echoes the key, in any of its bytes).
    pub(crate) fn redact(&self, text: &str) -> String {
        let mut text = redact_secret_fields(text);
        for value in self.values.iter() {
            if text.contains(value.as_str()) {
                text = text.replace(value.as_str(), REDACTED);
            }
            if text.contains('%') {
                text = redact_percent_encoded(&text, value);
            }
        }
        text
    }

    /// Whether `text` shows a secret in any spelling [`redact`](Self::redact) finds.
    fn show_in(&self, text: &str) -> bool {
        self.redact(text) != text
    }

    /// `url` as a transport error may print it: no query, fragment or user information
    /// (where credentials travel in a URL: a query parameter, `user:password@`), and
    /// `None` when its path still shows a secret, percent-encoded or not.
    pub(crate) fn printable_url(&self, url: &reqwest::Url) -> Option<reqwest::Url> {
        let mut url = url.clone();
        url.set_query(None);
        url.set_fragment(None);
        // Neither fails on a URL with a host, and a request's URL has one.
        let _ = url.set_username("");
        let _ = url.set_password(None);
        (!self.show_in(url.path())).then_some(url)
    }

    /// A redirect's target as the error names it: whole, unless it shows a secret,
    /// percent-encoded or not; then its origin alone.
    pub(crate) fn printable_location(&self, location: &reqwest::Url) -> String {
        if self.show_in(location.as_str()) {
            return format!("{}/{REDACTED}", location.origin().ascii_serialization());
        }
        location.to_string()
    }
}

/// `text` with each spelling of `secret` that percent-encodes some of its bytes (`%73k_…`
/// for `sk_…`, either case of hex) replaced.
fn redact_percent_encoded(text: &str, secret: &str) -> String {
    let (bytes, wanted) = (text.as_bytes(), secret.as_bytes());
    let hex = |at: usize| {
        let digits = bytes.get(at + 1..at + 3)?;
        u8::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
    };
    // The end of a spelling of `secret` that starts at `start`, if one does.
    let spelled_at = |start: usize| {
        let mut at = start;
        for byte in wanted {
            if bytes.get(at) == Some(&b'%') && hex(at) == Some(*byte) {
                at += 3;
            } else if bytes.get(at) == Some(byte) {
                at += 1;
            } else {
                return None;
            }
        }
        Some(at)
    };
    let (mut out, mut copied, mut at) = (String::with_capacity(text.len()), 0, 0);
    while at < bytes.len() {
        match spelled_at(at).filter(|_| !wanted.is_empty()) {
            // Every match starts and ends at a character boundary: it starts at an ASCII
            // `%` or at the secret's first byte, and ends after a whole escape or byte of it.
            Some(end) if text.is_char_boundary(at) && text.is_char_boundary(end) => {
                out.push_str(&text[copied..at]);
                out.push_str(REDACTED);
                (copied, at) = (end, end);
            }
            _ => at += 1,
        }
    }
    if copied == 0 {
        return text.to_string();
    }
    out.push_str(&text[copied..]);
    out
}

impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secrets({} redacted)", self.values.len())
    }
}

/// What printed text shows in a secret's place.
pub(crate) const REDACTED: &str = "[redacted]";

/// Every spelling in which `value` can reach printed text, so that each is redacted: as
/// it is, as JSON writes it in a body, as a header value's `Debug` writes it, and each of
/// those as a string's `Debug` escapes it once or twice (a body printed inside an error
/// printed inside another). A key may hold any visible ASCII, quotes and backslashes
/// included; for most keys every spelling is the same.
fn printed_spellings(value: &str) -> Vec<String> {
    let unquoted = |text: String| text.strip_prefix('"').and_then(|t| t.strip_suffix('"')).map(str::to_string);
    let debug = |text: &str| unquoted(format!("{text:?}"));
    let as_written = [
        Some(value.to_string()),
        serde_json::to_string(value).ok().and_then(unquoted),
        reqwest::header::HeaderValue::from_str(value).ok().and_then(|header| unquoted(format!("{header:?}"))),
    ];
    let mut spellings = Vec::new();
    for written in as_written.into_iter().flatten() {
        let once = debug(&written);
        let twice = once.as_deref().and_then(debug);
        spellings.extend([Some(written), once, twice].into_iter().flatten());
    }
    spellings
}

/// The raw text of each string value of a secret field in JSON-like `text`, and its
/// JSON-decoded form: `"xi_api_key": "…"`, with any spacing, `\"`-escaped or not.
fn secret_field_values(text: &str) -> Vec<String> {
    let mut values = Vec::new();
    for span in secret_value_spans(text) {
        let raw = &text[span.clone()];
        let unescaped = raw.replace("\\\"", "\"");
        if let Ok(decoded) = serde_json::from_str::<String>(&format!("\"{unescaped}\"")) {
            values.push(decoded);
        }
        values.push(raw.to_string());
    }
    values
}

/// `text` with the value of every secret field replaced.
fn redact_secret_fields(text: &str) -> String {
    let spans = secret_value_spans(text);
    if spans.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for span in spans {
        out.push_str(&text[last..span.start]);
        out.push_str(REDACTED);
        last = span.end;
    }
    out.push_str(&text[last..]);
    out
}

/// Byte ranges of the values of secret fields. A field name is quoted as `"name"` in a
/// body, or as `\"name\"` once that body is itself printed as an escaped string.
fn secret_value_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    for field in SECRET_FIELDS {
        for quote in ["\"", "\\\""] {
            let needle = format!("{quote}{field}{quote}");
            let mut from = 0;
            while let Some(found) = text[from..].find(&needle) {
                let after_name = from + found + needle.len();
                from = after_name;
                let rest = &text[after_name..];
                let trimmed = rest.trim_start();
                let Some(after_colon) = trimmed.strip_prefix(':') else { continue };
                let value = after_colon.trim_start();
                let Some(value) = value.strip_prefix(quote) else { continue };
                let start = text.len() - value.len();
                let end = start + string_end(value, quote);
                spans.push(start..end);
                from = end;
            }
        }
    }
    spans.sort_by_key(|span| span.start);
    spans.dedup_by(|b, a| b.start < a.end);
    spans
}

/// Where the string that starts `value` ends (before its closing `quote`), or the end of
/// `value` when it is cut off. Works on bytes: a body need not be valid UTF-8, and its
/// lossy decoding puts multi-byte characters anywhere.
fn string_end(value: &str, quote: &str) -> usize {
    let (bytes, quote) = (value.as_bytes(), quote.as_bytes());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(quote) {
            return i;
        }
        // An escape takes the next character with it (`\\` and, unquoted, `\"`).
        if bytes[i] == b'\\' && (quote == b"\"" || bytes[i..].starts_with(b"\\\\")) {
            i += 2;
            continue;
        }
        i += 1;
    }
    // Stepping over an escape can pass the end; ASCII quotes and backslashes never
    // split a character, so every other stop is a character boundary.
    i.min(bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_redacted_however_printing_escaped_it() {
        let key = r#"sk_a"b\c"#;
        let secrets = Secrets::key(key);
        let header = reqwest::header::HeaderValue::from_str(key).unwrap();
        let body = serde_json::json!({"message": key}).to_string();
        let printed = format!("{key} {key:?} {header:?} {body} {body:?} {:?}", format!("{body:?}"));
        let redacted = secrets.redact(&printed);
        for part in ["sk_a", "b\\", "b\\c"] {
            assert!(!redacted.contains(part), "{part} in {redacted}");
        }
        assert_eq!(redacted.matches(REDACTED).count(), 6, "{redacted}");
        assert_eq!(printed_spellings("sk_plain"), vec!["sk_plain"; 9], "one spelling, deduplicated later");
    }

    #[test]
    fn a_printable_url_keeps_no_credentials() {
        let secrets = Secrets::key("sk_a/b c");
        let printable = |url: &str| secrets.printable_url(&reqwest::Url::parse(url).unwrap()).map(|u| u.to_string());
        assert_eq!(
            printable("https://user:pw@api.example/v1/user?token=t&xi_api_key=k#frag").as_deref(),
            Some("https://api.example/v1/user")
        );
        assert_eq!(printable("https://api.example/v1/sk_a/b%20c"), None);
        assert_eq!(printable("https://api.example/v1/%73k_a%2Fb%20c"), None);
        let encoded = Secrets::key("sk_abc");
        assert_eq!(
            encoded.redact("a=%73K_abc&b=%73%6b%5F%61%62%63;c=sk_abc;d=%zz%4"),
            "a=%73K_abc&b=[redacted];c=[redacted];d=%zz%4"
        );
        assert_eq!(redact_percent_encoded("é%73k_abcé", "sk_abc"), "é[redacted]é");
        let location = |url: &str| secrets.printable_location(&reqwest::Url::parse(url).unwrap());
        assert_eq!(location("https://other.example/x?k=sk_a%2Fb%20c"), "https://other.example/[redacted]");
        assert_eq!(location("https://other.example/x?k=v"), "https://other.example/x?k=v");
    }

    #[test]
    fn secret_fields_are_found_in_bodies_whole_cut_off_or_escaped() {
        let secrets = Secrets::key("sk_configured");
        for (body, secret) in [
            (r#"{"xi_api_key": "sk_a\"b", "n": 1}"#, "sk_a\\\"b"),
            (r#"{"xi_api_key":"sk_truncated"#, "sk_truncated"),
            (r#"{"user": {"xi_api_key" :  "sk_nested"}}"#, "sk_nested"),
            // How the workspace's new keys come back (`WorkspaceCreateApiKeyResponseModel`).
            (r#"{"key_id": "k1", "xi-api-key": "sk_kebab"}"#, "sk_kebab"),
            (r#"{"xiApiKey": "sk_camel"}"#, "sk_camel"),
        ] {
            let with_body = secrets.with_body(body.as_bytes());
            let printed = with_body.redact(&format!("{body} and {body:?} and {}", "sk_configured"));
            assert!(!printed.contains(secret) && !printed.contains("sk_configured"), "{printed}");
            assert!(printed.contains(REDACTED), "{printed}");
        }
    }

    #[test]
    fn a_secret_beside_replacement_characters_is_still_found() {
        // Found by fuzzing: invalid UTF-8 after a secret once panicked on a char boundary.
        let body = b"{\"xi_api_key\": \"sk_body_secret_91c2\xff\xff\xff\x1f\"}";
        let secrets = Secrets::default().with_body(body);
        let printed = secrets.redact(&String::from_utf8_lossy(body));
        assert!(!printed.contains("sk_body_secret_91c2"), "{printed}");
    }

    #[test]
    fn a_field_that_only_resembles_a_secret_is_kept() {
        let text = r#"{"xi_api_key_hint": "visible", "xi_api_key": null}"#;
        assert_eq!(Secrets::default().redact(text), text);
    }

    #[test]
    fn secrets_debug_prints_none_of_them() {
        let printed = format!("{:?}", Secrets::key("sk_x").with_body(br#"{"xi_api_key": "sk_y"}"#));
        assert!(!printed.contains("sk_"), "{printed}");
    }
}
