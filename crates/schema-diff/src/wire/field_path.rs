//! The field path of a change, as the report writes it and the linker reads it back:
//! `subscription.status`, `detail[].loc[]`, `quotas{}`, `payment<Card>.last4`. A name that
//! holds any of the path's own marks (`.`, `[`, `]`, `{`, `}`, `<`, `>`, `"`) or a control
//! character (a line break would start a line of its own in the text report), or is
//! empty, is written as a JSON string: `metadata["a.b"]`, `payment<"A>B">`, so that every
//! path reads back as the steps it was written from, on one line.

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    Property(String),
    /// `[]` or `{}`: the values of an array or a map, which the holding field's type names.
    Values,
    /// `<Name>`: a union's member.
    Member(String),
}

/// What a path adds below its parent.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Segment<'a> {
    Property(&'a str),
    /// `[]` of an array or `{}` of a map.
    Values(&'static str),
    Member(&'a str),
}

impl Segment<'_> {
    /// The path of this segment below `parent`.
    pub(crate) fn below(self, parent: &str) -> String {
        match self {
            Segment::Property(name) => property(parent, name),
            Segment::Values(marks) => values(parent, marks),
            Segment::Member(name) => member(parent, name),
        }
    }
}

/// The marks a plain name must not hold.
const MARKS: &[char] = &['.', '[', ']', '{', '}', '<', '>', '"'];

fn is_plain(name: &str) -> bool {
    !name.is_empty() && !name.contains(MARKS) && !name.contains(char::is_control)
}

fn quoted(name: &str) -> String {
    serde_json::Value::from(name).to_string()
}

/// The path of the property `name` below `parent`.
fn property(parent: &str, name: &str) -> String {
    match (parent.is_empty(), is_plain(name)) {
        (_, false) => format!("{parent}[{}]", quoted(name)),
        (true, true) => name.to_string(),
        (false, true) => format!("{parent}.{name}"),
    }
}

/// The path of the union member `name` below `parent`.
fn member(parent: &str, name: &str) -> String {
    if is_plain(name) {
        format!("{parent}<{name}>")
    } else {
        format!("{parent}<{}>", quoted(name))
    }
}

/// The path of the values (`[]` of an array, `{}` of a map) below `parent`.
fn values(parent: &str, marks: &str) -> String {
    format!("{parent}{marks}")
}

/// The steps `path` was written from; a path cut short yields the steps before the cut.
pub(crate) fn steps(path: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut name = String::new();
    let mut rest = path;
    let flush = |name: &mut String, steps: &mut Vec<Step>| {
        if !name.is_empty() {
            steps.push(Step::Property(std::mem::take(name)));
        }
    };
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        match c {
            '.' => flush(&mut name, &mut steps),
            '[' | '{' if rest.starts_with([']', '}']) => {
                rest = &rest[1..];
                flush(&mut name, &mut steps);
                steps.push(Step::Values);
            }
            '[' | '<' if rest.starts_with('"') => {
                flush(&mut name, &mut steps);
                let Some((text, after)) = json_string(rest) else { return steps };
                let close = if c == '[' { ']' } else { '>' };
                rest = after.strip_prefix(close).unwrap_or(after);
                steps.push(if c == '[' { Step::Property(text) } else { Step::Member(text) });
            }
            '<' => {
                flush(&mut name, &mut steps);
                let (member, after) = rest.split_once('>').unwrap_or((rest, ""));
                steps.push(Step::Member(member.to_string()));
                rest = after;
            }
            other => name.push(other),
        }
    }
    flush(&mut name, &mut steps);
    steps
}

/// The JSON string at the start of `text`, decoded, and what follows it.
fn json_string(text: &str) -> Option<(String, &str)> {
    let mut escaped = false;
    for (at, c) in text.char_indices().skip(1) {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => {
                let decoded = serde_json::from_str(&text[..=at]).ok()?;
                return Some((decoded, &text[at + 1..]));
            }
            _ => escaped = false,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn property_step(name: &str) -> Step {
        Step::Property(name.into())
    }

    #[test]
    fn a_path_reads_back_as_its_steps() {
        assert_eq!(steps(""), []);
        assert_eq!(
            steps("payment<Card>.last4"),
            [property_step("payment"), Step::Member("Card".into()), property_step("last4")]
        );
        assert_eq!(
            steps("detail[].loc[]<integer>"),
            [property_step("detail"), Step::Values, property_step("loc"), Step::Values, Step::Member("integer".into())]
        );
        assert_eq!(steps("quotas{}"), [property_step("quotas"), Step::Values]);
        assert_eq!(steps("<Card>.last4"), [Step::Member("Card".into()), property_step("last4")]);
    }

    #[test]
    fn names_holding_the_paths_marks_are_written_quoted_and_read_back_whole() {
        let hostile = ["a.b", "a[]b", "x{}", "<T>", "say \"hi\"", "", "back\\slash", "a|b`c\n## d"];
        for name in hostile {
            let path = property(&property("", "metadata"), name);
            let path = values(&member(&path, name), "[]");
            let path = property(&path, "end");
            let expected = [
                property_step("metadata"),
                property_step(name),
                Step::Member(name.into()),
                Step::Values,
                property_step("end"),
            ];
            assert_eq!(steps(&path), expected, "{path}");
        }
        assert_eq!(property("", "a.b"), r#"["a.b"]"#);
        assert_eq!(property("meta", "a b"), "meta.a b", "a space is not a mark");
        assert_eq!(property("meta", "a\nb"), r#"meta["a\nb"]"#, "a line break is quoted");
        assert_eq!(member("pay", "A>B"), r#"pay<"A>B">"#);
    }

    #[test]
    fn a_path_cut_short_reads_as_far_as_it_goes() {
        assert_eq!(steps(r#"a["b"#), [property_step("a")]);
        assert_eq!(steps("a<B"), [property_step("a"), Step::Member("B".into())]);
    }
}
