//! The one tokeniser of the policy language, and its one keyword table.
//!
//! Everything that needs to know where a token starts and ends reads it from here: the parser
//! (to split a file into declarations and to bound their nesting before pest sees them), the
//! formatter, and completion in the language server. The pest grammar parses well-formed
//! declarations; a test checks that it reserves the words of [`Keyword::ALL`].
//!
//! The lexer never fails and never panics: any text is a sequence of tokens, and characters the
//! language has no use for are [`TokenKind::Unknown`]. It reads each character once.

/// What a keyword starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A top-level declaration (`category`, `product`, `include`, ...).
    Declaration,
    /// A grant inside a `product` or `default` block (`collect`).
    Grant,
    /// A clause of a grant or `never` rule (`for`, `from`, `when`).
    Clause,
}

macro_rules! keywords {
    ($( $(#[$doc:meta])* $variant:ident = $text:literal, $role:ident; )*) => {
        /// A keyword of the policy language; keywords are never ids.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Keyword {
            $( $(#[$doc])* $variant, )*
        }

        impl Keyword {
            /// Every keyword, declarations first, in the order messages list them.
            pub const ALL: &'static [Keyword] = &[$(Keyword::$variant),*];

            /// The word as written.
            pub fn text(self) -> &'static str {
                match self { $(Keyword::$variant => $text,)* }
            }

            /// What the keyword starts.
            pub fn role(self) -> Role {
                match self { $(Keyword::$variant => Role::$role,)* }
            }
        }
    };
}

keywords! {
    /// `category ID "description"`: a node of the category tree.
    Category = "category", Declaration;
    /// `purpose ID "description"`: a node of the purpose tree.
    Purpose = "purpose", Declaration;
    /// `source ID "description"`: a node of the source tree.
    Source = "source", Declaration;
    /// `condition ID "description"`.
    Condition = "condition", Declaration;
    /// `product ID "description" { ... }`.
    Product = "product", Declaration;
    /// `default { ... }`: grants every product has.
    Default = "default", Declaration;
    /// `never CATEGORY for PURPOSES`.
    Never = "never", Declaration;
    /// `include "path.candor"`.
    Include = "include", Declaration;
    /// `map STORE { ... }`: what an app store's ids mean.
    Map = "map", Declaration;
    /// `collect CATEGORIES ...`: a grant.
    Collect = "collect", Grant;
    /// `for PURPOSES`.
    For = "for", Clause;
    /// `from SOURCES`.
    From = "from", Clause;
    /// `when CONDITIONS`.
    When = "when", Clause;
}

impl Keyword {
    /// The keyword spelt `word`, if it is one.
    pub fn from_word(word: &str) -> Option<Keyword> {
        Keyword::ALL.iter().copied().find(|k| k.text() == word)
    }

    /// Whether it starts a top-level declaration.
    pub fn starts_declaration(self) -> bool {
        self.role() == Role::Declaration
    }

    /// Whether it starts a declaration or a grant: a line starting with one is never the
    /// continuation of the statement before it.
    pub fn starts_statement(self) -> bool {
        matches!(self.role(), Role::Declaration | Role::Grant)
    }
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A run of letters, digits, `_` and `.` that is not a keyword: an id or a dotted id when
    /// the grammar accepts it.
    Id,
    /// A keyword.
    Keyword(Keyword),
    /// A double-quoted string; a backslash escapes the character after it. `closed` is false
    /// when the line or the file ends before the closing quote.
    Str {
        /// Whether the closing quote was found.
        closed: bool,
    },
    /// `{`
    OpenBrace,
    /// `}`
    CloseBrace,
    /// `[`
    OpenBracket,
    /// `]`
    CloseBracket,
    /// `,`
    Comma,
    /// `//` to the end of the line (without the line break, `\r\n` included).
    Comment,
    /// `\n`.
    Newline,
    /// A run of characters the language has no use for.
    Unknown,
}

/// A token and the byte range it covers. Spaces, tabs, `\r` and byte order marks between
/// tokens are not tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Its first byte.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
}

impl Token {
    /// The text of the token in `source`, the text it was read from.
    pub fn text(self, source: &str) -> &str {
        source.get(self.start..self.end).unwrap_or("")
    }

    /// Whether the token is a comment or a line break, which the grammar skips.
    pub fn is_trivia(self) -> bool {
        matches!(self.kind, TokenKind::Comment | TokenKind::Newline)
    }
}

/// Whether `c` belongs to a word: an id, a dotted id or a keyword (the grammar accepts only
/// ASCII letters, digits and `_` in ids; a word with other letters is one word it refuses).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.'
}

/// Whether `c` separates tokens without being one.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\u{feff}')
}

/// Whether `c` has a meaning of its own, so that it ends a run of unknown characters.
fn is_meaningful(c: char) -> bool {
    is_space(c) || is_word_char(c) || matches!(c, '\n' | '"' | '{' | '}' | '[' | ']' | ',' | '/')
}

/// The tokens of `text`, in order.
pub fn lex(text: &str) -> Vec<Token> {
    Lexer::new(text).collect()
}

/// An iterator over the tokens of a text.
#[derive(Debug, Clone)]
pub struct Lexer<'t> {
    text: &'t str,
    pos: usize,
}

impl<'t> Lexer<'t> {
    /// A lexer at the start of `text`.
    pub fn new(text: &'t str) -> Self {
        Lexer { text, pos: 0 }
    }
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let rest = self.text.get(self.pos..)?;
        let trimmed = rest.trim_start_matches(is_space);
        let start = self.pos + (rest.len() - trimmed.len());
        let first = trimmed.chars().next()?;
        let (kind, len) = match first {
            '\n' => (TokenKind::Newline, 1),
            '{' => (TokenKind::OpenBrace, 1),
            '}' => (TokenKind::CloseBrace, 1),
            '[' => (TokenKind::OpenBracket, 1),
            ']' => (TokenKind::CloseBracket, 1),
            ',' => (TokenKind::Comma, 1),
            '"' => string(trimmed),
            '/' if trimmed.starts_with("//") => (TokenKind::Comment, comment_len(trimmed)),
            c if is_word_char(c) => {
                let len = trimmed
                    .find(|c: char| !is_word_char(c))
                    .unwrap_or(trimmed.len());
                let word = trimmed.get(..len).unwrap_or("");
                let kind = Keyword::from_word(word).map_or(TokenKind::Id, TokenKind::Keyword);
                (kind, len)
            }
            c => {
                let after = trimmed.get(c.len_utf8()..).unwrap_or("");
                let run = after.find(is_meaningful).unwrap_or(after.len());
                (TokenKind::Unknown, c.len_utf8() + run)
            }
        };
        self.pos = start + len;
        Some(Token {
            kind,
            start,
            end: start + len,
        })
    }
}

/// A string at the start of `text`: its kind and length. It ends after its closing quote, or
/// before the line break or at the end of the text that comes first.
fn string(text: &str) -> (TokenKind, usize) {
    let mut chars = text.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return (TokenKind::Str { closed: true }, i + 1),
            '\n' => return (TokenKind::Str { closed: false }, i),
            '\\' => {
                chars.next_if(|&(_, next)| next != '\n');
            }
            _ => {}
        }
    }
    (TokenKind::Str { closed: false }, text.len())
}

/// The length of the comment at the start of `text`: up to the line break, and before the
/// `\r` of a `\r\n`.
fn comment_len(text: &str) -> usize {
    match text.find('\n') {
        Some(i) if text.get(..i).is_some_and(|line| line.ends_with('\r')) => i - 1,
        Some(i) => i,
        None => text.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        lex(text)
            .into_iter()
            .map(|t| (t.kind, t.text(text)))
            .collect()
    }

    #[test]
    fn every_kind_of_token_with_its_text() {
        use TokenKind::*;
        assert_eq!(
            kinds("category a.b \"x { y\" { // c }\r\n} [p, q] % ^ é"),
            vec![
                (Keyword(super::Keyword::Category), "category"),
                (Id, "a.b"),
                (Str { closed: true }, "\"x { y\""),
                (OpenBrace, "{"),
                (Comment, "// c }"),
                (Newline, "\n"),
                (CloseBrace, "}"),
                (OpenBracket, "["),
                (Id, "p"),
                (Comma, ","),
                (Id, "q"),
                (CloseBracket, "]"),
                (Unknown, "%"),
                (Unknown, "^"),
                (Id, "é"),
            ]
        );
    }

    #[test]
    fn strings_end_at_their_quote_or_their_line() {
        use TokenKind::*;
        assert_eq!(
            kinds(r#""a \" b \\" x"#),
            vec![(Str { closed: true }, r#""a \" b \\""#), (Id, "x")]
        );
        assert_eq!(
            kinds("\"open { // not a comment\n}"),
            vec![
                (Str { closed: false }, "\"open { // not a comment"),
                (Newline, "\n"),
                (CloseBrace, "}"),
            ]
        );
        assert_eq!(
            kinds("\"ends in a backslash \\\n"),
            vec![
                (Str { closed: false }, "\"ends in a backslash \\"),
                (Newline, "\n"),
            ]
        );
        assert_eq!(kinds("\"\\"), vec![(Str { closed: false }, "\"\\")]);
    }

    #[test]
    fn keywords_are_whole_words_from_the_table() {
        for keyword in Keyword::ALL {
            assert_eq!(Keyword::from_word(keyword.text()), Some(*keyword));
            assert_eq!(
                kinds(keyword.text()),
                vec![(TokenKind::Keyword(*keyword), keyword.text())]
            );
        }
        assert_eq!(kinds("collector"), vec![(TokenKind::Id, "collector")]);
        assert_eq!(kinds("for.x"), vec![(TokenKind::Id, "for.x")]);
        let declarations: Vec<&str> = Keyword::ALL
            .iter()
            .filter(|k| k.starts_declaration())
            .map(|k| k.text())
            .collect();
        assert_eq!(
            declarations,
            [
                "category",
                "purpose",
                "source",
                "condition",
                "product",
                "default",
                "never",
                "include",
                "map"
            ]
        );
    }

    #[test]
    fn tokens_cover_the_text_in_order_on_any_input() {
        let inputs = [
            "",
            "\u{feff}\r\n",
            "/",
            "a/b//c",
            "\"",
            "\\",
            "\u{7}\u{0}ÿ€𝄞 \"𝄞\\𝄞\"",
            "{{{{{{{{{{",
        ];
        for text in inputs {
            let tokens = lex(text);
            let mut pos = 0;
            for token in &tokens {
                assert!(token.start >= pos && token.end > token.start, "{text:?}");
                assert!(
                    text.get(pos..token.start)
                        .is_some_and(|gap| gap.chars().all(is_space))
                );
                pos = token.end;
            }
            assert!(text.get(pos..).is_some_and(|gap| gap.chars().all(is_space)));
        }
    }
}
