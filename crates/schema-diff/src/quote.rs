//! How a name from a document is quoted in the report's prose. Names are upstream's: a
//! backtick, a newline or a `|` in one must not end its code span, a table row or a table
//! cell early, or what follows would be read as Markdown (a heading, raw HTML, a mention).

/// `text` as an inline code span that CommonMark reads back as `text`, on one line: line
/// breaks become spaces, and the span is fenced by one backtick more than the longest run
/// inside it, padded with a space where the text starts or ends with one. A name without
/// backticks is quoted as `` `name` ``.
pub fn code(text: &str) -> String {
    let text: String = text.chars().map(|c| if matches!(c, '\n' | '\r') { ' ' } else { c }).collect();
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// `text` as one cell of a GitHub table: `|` escaped (also inside code spans, where GitHub
/// reads `\|` as `|`) unless already escaped, and line breaks made spaces.
pub fn table_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut escaped = false;
    for c in text.chars() {
        match c {
            '|' if !escaped => out.push_str("\\|"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
        escaped = c == '\\' && !escaped;
    }
    out
}

/// `text` as prose when it holds nothing Markdown or GitHub would read (letters, digits,
/// spaces and `/ . _ - { } : ,`), as a code span otherwise: a location such as
/// `parameter header x-meta` reads as written, and one naming `<img …>` or `@someone`
/// shows them as text.
pub fn prose_or_code(text: &str) -> String {
    let plain = text.chars().all(|c| c.is_alphanumeric() || " /._-{}:,".contains(c));
    if plain {
        text.to_string()
    } else {
        code(text)
    }
}

/// `name` as a report's one-line text writes it: as it is, or as a JSON string when it
/// holds a control character (a line break would forge a line of the text report).
pub fn one_line(name: &str) -> std::borrow::Cow<'_, str> {
    if name.contains(char::is_control) {
        serde_json::Value::from(name).to_string().into()
    } else {
        name.into()
    }
}

/// `text` with each control character written escaped (`\u{1b}`, `\n`): what reaches a
/// terminal from upstream's names can neither forge a line nor drive the terminal.
pub fn controls_escaped(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(char::is_control) {
        text.chars().map(|c| if c.is_control() { c.escape_debug().to_string() } else { c.to_string() }).collect()
    } else {
        text.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_span_holds_any_name_whole_on_one_line() {
        assert_eq!(code("first_name"), "`first_name`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`a``"), "``` `a`` ```");
        assert_eq!(code("a\nb\r\nc"), "`a b  c`");
        assert_eq!(code(""), "``");
    }

    #[test]
    fn a_table_cell_escapes_each_bar_once_and_stays_on_its_row() {
        assert_eq!(table_cell("`a|b` | c"), "`a\\|b` \\| c");
        assert_eq!(table_cell("already \\| escaped, \\\\|"), "already \\| escaped, \\\\\\|");
        assert_eq!(table_cell("x\ny"), "x y");
    }

    #[test]
    fn a_name_with_a_line_break_is_written_on_one_line() {
        assert_eq!(one_line("xi-api-key"), "xi-api-key");
        assert_eq!(one_line("a\nBREAKING b"), "\"a\\nBREAKING b\"");
    }

    #[test]
    fn a_control_character_is_written_escaped() {
        assert_eq!(controls_escaped("plain"), "plain");
        assert_eq!(controls_escaped("a\u{1b}[2J\nb"), "a\\u{1b}[2J\\nb");
    }

    #[test]
    fn prose_is_kept_and_anything_else_quoted() {
        assert_eq!(prose_or_code("request body application/json"), "request body application/json");
        assert_eq!(prose_or_code("parameter header <img src=x>"), "`parameter header <img src=x>`");
        assert_eq!(prose_or_code("parameter query @octocat"), "`parameter query @octocat`");
    }
}
