//! Tokens as compact text, the way a reader writes Rust: `::std::option::Option<i64>`,
//! `as_str(&self) -> &str`, where proc-macro2 prints `:: std :: option :: Option < i64 >`.
//! One pass over the tokens: the API lister writes a text for every field, method and
//! impl of both crates, so a comparison writes tens of thousands of them.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// `tokens` as compact text.
pub(super) fn compact(tokens: TokenStream) -> String {
    let mut writer = Writer { out: String::new(), last: Last::Open };
    writer.stream(tokens, None);
    writer.out
}

/// What was written last, which decides whether a space comes before what follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Last {
    /// Nothing yet, or an opening delimiter.
    Open,
    /// An identifier or a literal.
    Word,
    /// A keyword after which a path may start: `impl ::std::fmt::Debug`, `dyn ::…`.
    Keyword,
    /// A closing delimiter.
    Close,
    /// An operator that a space follows: `,`, `:`, `=`, `->`.
    SpacedOperator,
    /// An operator that what follows sticks to: `::`, `<`, `&`, a lifetime's `'`.
    GluedOperator,
}

/// Keywords that a path or a type follows with a space between: `impl ::std::fmt::Debug`,
/// `dyn Fn(u8)`, `as ::std::string::String`. `self`, `super`, `crate` and `Self` start
/// paths themselves, so they are words.
const KEYWORDS_BEFORE_A_PATH: &[&str] =
    &["as", "const", "dyn", "fn", "for", "impl", "in", "mut", "pub", "ref", "static", "type", "unsafe", "where"];

/// Operators after which a space comes: `a, b`, `x: T`, `Item = T`, `-> T`, `A + B`.
const SPACED_AFTER: &[&str] = &[",", ":", ";", "=", "->", "=>", "+", "|"];

/// The operators that Rust writes with more than one character and that a type or a
/// signature holds. Any other run of joint punctuation is one operator per character:
/// `>>` closes two generic lists, `>::` is `>` then `::`.
const LONG_OPERATORS: &[&str] = &["::", "->", "=>", ".."];

/// A run of joint punctuation split into operators.
fn operators(run: &str) -> Vec<&str> {
    let mut operators = Vec::new();
    let mut rest = run;
    while let Some(first) = rest.chars().next() {
        let length = LONG_OPERATORS.iter().find(|long| rest.starts_with(**long)).map_or(first.len_utf8(), |l| l.len());
        operators.push(&rest[..length]);
        rest = &rest[length..];
    }
    operators
}

struct Writer {
    out: String,
    last: Last,
}

impl Writer {
    /// Writes the tokens of a group whose closing delimiter is `closer` (`None` at the top).
    fn stream(&mut self, tokens: TokenStream, closer: Option<Delimiter>) {
        let mut tokens = tokens.into_iter().peekable();
        while let Some(token) = tokens.next() {
            match token {
                TokenTree::Ident(ident) => {
                    let start = self.word(&ident);
                    if KEYWORDS_BEFORE_A_PATH.contains(&&self.out[start..]) {
                        self.last = Last::Keyword;
                    }
                }
                TokenTree::Literal(literal) => {
                    self.word(&literal);
                }
                // Most punctuation stands alone: written as it is, without the run below.
                TokenTree::Punct(punct) if punct.spacing() == Spacing::Alone && punct.as_char() != ',' => {
                    let mut buffer = [0; 4];
                    self.operator(punct.as_char().encode_utf8(&mut buffer));
                }
                TokenTree::Punct(punct) => {
                    // Joint punctuation is one run of operators: `::`, `->`, a lifetime's `'`.
                    let mut run = String::from(punct.as_char());
                    let mut spacing = punct.spacing();
                    while spacing == Spacing::Joint {
                        let Some(TokenTree::Punct(next)) = tokens.peek() else { break };
                        run.push(next.as_char());
                        spacing = next.spacing();
                        tokens.next();
                    }
                    let operators = operators(&run);
                    for (index, operator) in operators.iter().enumerate() {
                        // A trailing comma is how the tokens were written, not what they
                        // say: `Option<T,>` is `Option<T>`, `f(a,)` is `f(a)`.
                        let ends_list = match (operators.get(index + 1), tokens.peek()) {
                            (Some(next), _) => *next == ">",
                            (None, None) => closer == Some(Delimiter::Parenthesis),
                            (None, Some(TokenTree::Punct(next))) => next.as_char() == '>',
                            (None, Some(_)) => false,
                        };
                        if *operator == "," && ends_list {
                            continue;
                        }
                        self.operator(operator);
                    }
                }
                TokenTree::Group(group) => {
                    let delimiter = group.delimiter();
                    if delimiter == Delimiter::None {
                        self.stream(group.stream(), closer);
                        continue;
                    }
                    // A call or a tuple variant sticks to its name: `as_str(&self)`,
                    // `Unknown(String)`; a slice or a block is spaced: `mut [u8]`.
                    let glued = match self.last {
                        Last::Open | Last::GluedOperator => true,
                        Last::Word | Last::Keyword | Last::Close => delimiter == Delimiter::Parenthesis,
                        Last::SpacedOperator => false,
                    };
                    self.space_unless(glued);
                    let (open, close) = match delimiter {
                        Delimiter::Parenthesis => ('(', ')'),
                        Delimiter::Bracket => ('[', ']'),
                        Delimiter::Brace | Delimiter::None => ('{', '}'),
                    };
                    self.out.push(open);
                    self.last = Last::Open;
                    self.stream(group.stream(), Some(delimiter));
                    self.out.push(close);
                    self.last = Last::Close;
                }
            }
        }
    }

    /// An identifier or a literal, spaced from a word before it, written straight into
    /// the text: a string per token showed in the lister's profile. Returns where it starts.
    fn word(&mut self, word: &impl std::fmt::Display) -> usize {
        self.space_unless(self.last == Last::Open || self.last == Last::GluedOperator);
        let start = self.out.len();
        // Writing to a String cannot fail.
        let _ = std::fmt::Write::write_fmt(&mut self.out, format_args!("{word}"));
        self.last = Last::Word;
        start
    }

    fn operator(&mut self, operator: &str) {
        let glued = match self.last {
            Last::Open | Last::GluedOperator => true,
            Last::SpacedOperator => false,
            Last::Word | Last::Keyword | Last::Close => match operator {
                "," | ";" | ":" | "<" | ">" => true,
                // A path's separator sticks to what it follows, but not to a keyword:
                // `impl ::std::fmt::Debug`.
                "::" => self.last != Last::Keyword,
                // Infix operators, and prefix ones after a word: `mut &x`.
                _ => false,
            },
        };
        self.space_unless(glued);
        self.out.push_str(operator);
        self.last = match operator {
            // A closing angle bracket ends a type, as a closing delimiter does.
            ">" => Last::Close,
            _ if SPACED_AFTER.contains(&operator) => Last::SpacedOperator,
            _ => Last::GluedOperator,
        };
    }

    fn space_unless(&mut self, glued: bool) {
        if !glued {
            self.out.push(' ');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compact_of(source: &str) -> String {
        compact(source.parse().unwrap())
    }

    #[test]
    fn types_and_signatures_read_as_written() {
        for (tokens, text) in [
            (":: std :: option :: Option < i64 >", "::std::option::Option<i64>"),
            (
                ":: serde_json :: Map < :: std :: string :: String , :: serde_json :: Value >",
                "::serde_json::Map<::std::string::String, ::serde_json::Value>",
            ),
            ("fn as_str (& self) -> & str", "fn as_str(&self) -> &str"),
            (
                "fn tags < T > (mut self , value : T) -> Self where T : :: std :: convert :: TryInto < Vec < u8 > > , T :: Error : :: std :: fmt :: Display",
                "fn tags<T>(mut self, value: T) -> Self where T: ::std::convert::TryInto<Vec<u8>>, T::Error: ::std::fmt::Display",
            ),
            ("& 'static [& 'static str]", "&'static [&'static str]"),
            ("& 'a mut [u8 ; 4]", "&'a mut [u8; 4]"),
            ("(:: std :: string :: String , i64)", "(::std::string::String, i64)"),
            ("x : (A , B)", "x: (A, B)"),
            ("impl :: std :: fmt :: Debug", "impl ::std::fmt::Debug"),
            ("Option < T , >", "Option<T>"),
            ("f (a , b ,)", "f(a, b)"),
            ("Iterator < Item = :: std :: string :: String >", "Iterator<Item = ::std::string::String>"),
            ("Box < dyn Fn (u8) -> (A , B) + Send >", "Box<dyn Fn(u8) -> (A, B) + Send>"),
            ("T : ? Sized", "T: ?Sized"),
            ("< T as Trait > :: Output", "<T as Trait>::Output"),
            ("Self :: Unknown (String)", "Self::Unknown(String)"),
            ("{ a : u8 , b : u8 }", "{a: u8, b: u8}"),
            (r#"Some ("a  b")"#, r#"Some("a  b")"#),
        ] {
            assert_eq!(compact_of(tokens), text, "{tokens}");
        }
    }
}
