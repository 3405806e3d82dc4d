//! The canonical layout of a policy file (`candor fmt`, and formatting in editors).
//!
//! The formatter works on the lexer's tokens, so it keeps every comment: one declaration or grant
//! per line, blocks indented by four spaces, `[a, b]` lists, one space between tokens, at most
//! one blank line between declarations and none at the edges of a block, and grants and `never`
//! rules longer than [`WIDTH`] wrapped before `for`, `from` or `when` with a further indent.
//! Formatting is idempotent. A file with syntax errors is not formatted: its diagnostics are
//! returned instead.

use super::lex::{self, Keyword, Role, TokenKind};
use super::parse;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::FileId;

/// The width a grant is wrapped at.
pub const WIDTH: usize = 100;
const INDENT: &str = "    ";

/// The canonical form of `text`, or the syntax errors that prevent formatting it. The result
/// keeps the file's line ending: `\r\n` if its first line ends so, else `\n`.
pub fn format(file: FileId, text: &str) -> Result<String, Vec<Diagnostic>> {
    let (_, diagnostics) = parse::parse(file, text);
    let errors: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| d.code == Code::PolicySyntax)
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let formatted = layout(&group(&tokens(text)));
    let crlf = text
        .find('\n')
        .is_some_and(|i| text.get(..i).is_some_and(|line| line.ends_with('\r')));
    // Strings and comments hold no line break, so every `\n` of the layout ends a line.
    Ok(if crlf {
        formatted.replace('\n', "\r\n")
    } else {
        formatted
    })
}

/// A token of the layout: the lexer's, with the line breaks before it counted instead.
#[derive(Debug, Clone)]
struct Token<'a> {
    kind: TokenKind,
    text: &'a str,
    /// Line breaks between the previous token and this one.
    newlines: usize,
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut newlines = 0;
    for token in lex::lex(text) {
        if token.kind == TokenKind::Newline {
            newlines += 1;
            continue;
        }
        tokens.push(Token {
            kind: token.kind,
            text: token.text(text).trim_end(),
            newlines,
        });
        newlines = 0;
    }
    tokens
}

/// A line-level unit of the layout.
#[derive(Debug, Clone)]
enum Item {
    /// A comment on its own line.
    Comment { text: String, blank_before: bool },
    /// A declaration or grant: its segments (split before `for`, `from`, `when`), each with a
    /// trailing comment if one follows it; and whether a block opens after it.
    Statement {
        segments: Vec<(String, Option<String>)>,
        blank_before: bool,
        opens: bool,
    },
    /// A `}`.
    Close,
}

/// Whether `token` is a word: an id or a keyword.
fn is_word(token: &Token<'_>) -> bool {
    matches!(token.kind, TokenKind::Id | TokenKind::Keyword(_))
}

/// Whether `token` is the keyword of a clause (`for`, `from`, `when`), before which a long
/// statement wraps.
fn is_clause(token: &Token<'_>) -> bool {
    matches!(token.kind, TokenKind::Keyword(k) if k.role() == Role::Clause)
}

fn group(tokens: &[Token<'_>]) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    let mut previous: Option<TokenKind> = None;
    let mut in_list = false;
    // Inside a `map` block, `data`, `unmapped`, `export` and `shared` start its lines (they
    // are not keywords elsewhere, so a category may be called `data`); after `unmapped`, the
    // `data` or `purpose` it names continues the line.
    let mut depth = 0usize;
    let mut map_depth: Option<usize> = None;
    let mut pending_map = false;
    for token in tokens {
        let blank_before = token.newlines >= 2;
        let map_line = map_depth == Some(depth)
            && token.kind == TokenKind::Id
            && matches!(token.text, "data" | "shared" | "unmapped" | "export");
        let after_unmapped =
            map_depth == Some(depth) && previous_ends_with(items.last(), "unmapped");
        let starts_statement = is_word(token)
            && !in_list
            && !after_unmapped
            && (matches!(token.kind, TokenKind::Keyword(k) if k.starts_statement())
                || (map_line && !previous_ends_with(items.last(), "as"))
                || matches!(
                    previous,
                    None | Some(
                        TokenKind::Str { .. } | TokenKind::OpenBrace | TokenKind::CloseBrace
                    )
                ));
        match token.kind {
            TokenKind::Comment => {
                let trailing = token.newlines == 0 && previous.is_some();
                match items.last_mut() {
                    Some(Item::Statement {
                        segments,
                        opens: false,
                        ..
                    }) if trailing => {
                        if let Some((_, comment)) = segments.last_mut() {
                            *comment = Some(token.text.to_owned());
                        }
                    }
                    _ => items.push(Item::Comment {
                        text: token.text.to_owned(),
                        blank_before,
                    }),
                }
                // A comment does not change where the next statement starts.
                continue;
            }
            TokenKind::OpenBrace => {
                if let Some(Item::Statement { opens, .. }) = items.last_mut() {
                    *opens = true;
                }
            }
            TokenKind::CloseBrace => items.push(Item::Close),
            _ if starts_statement => items.push(Item::Statement {
                segments: vec![(token.text.to_owned(), None)],
                blank_before,
                opens: false,
            }),
            _ => {
                let Some(Item::Statement { segments, .. }) = items.last_mut() else {
                    // Unreachable for a file that parses; keep the token rather than lose it.
                    items.push(Item::Statement {
                        segments: vec![(token.text.to_owned(), None)],
                        blank_before,
                        opens: false,
                    });
                    previous = Some(token.kind);
                    continue;
                };
                let is_never = segments.first().is_some_and(|(first, _)| {
                    first.split(' ').next() == Some(Keyword::Never.text())
                });
                let new_segment = (is_clause(token) && !in_list)
                    || (matches!(token.kind, TokenKind::Str { .. }) && is_never);
                let after_comment = segments.last().is_some_and(|(_, c)| c.is_some());
                if new_segment || after_comment {
                    segments.push((token.text.to_owned(), None));
                } else if let Some((text, _)) = segments.last_mut() {
                    append(text, token);
                }
            }
        }
        match token.kind {
            TokenKind::OpenBracket => in_list = true,
            TokenKind::CloseBracket => in_list = false,
            TokenKind::Keyword(Keyword::Map) => pending_map = true,
            TokenKind::OpenBrace => {
                depth += 1;
                if pending_map {
                    map_depth = Some(depth);
                    pending_map = false;
                }
            }
            TokenKind::CloseBrace => {
                if map_depth == Some(depth) {
                    map_depth = None;
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
        previous = Some(token.kind);
    }
    items
}

/// Whether the statement being built ends with the word `word` (`as`, so the next word is its
/// target; `unmapped`, so the next word says what it leaves unmapped).
fn previous_ends_with(item: Option<&Item>, word: &str) -> bool {
    match item {
        Some(Item::Statement { segments, .. }) => segments.last().is_some_and(|(text, _)| {
            text.strip_suffix(word)
                .is_some_and(|rest| rest.is_empty() || rest.ends_with(' '))
        }),
        _ => false,
    }
}

/// Adds a token to a segment with canonical spacing.
fn append(segment: &mut String, token: &Token<'_>) {
    match token.kind {
        TokenKind::Comma => {
            segment.push(',');
            return;
        }
        TokenKind::CloseBracket => {
            if segment.ends_with(',') {
                segment.pop();
            }
            segment.push(']');
            return;
        }
        _ => {}
    }
    if !segment.ends_with('[') && !segment.is_empty() {
        segment.push(' ');
    }
    segment.push_str(token.text);
}

fn layout(items: &[Item]) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    let mut after_open = true;
    for (index, item) in items.iter().enumerate() {
        let indent = INDENT.repeat(depth);
        match item {
            Item::Comment { text, blank_before } => {
                if *blank_before && !after_open {
                    out.push('\n');
                }
                out.push_str(&format!("{indent}{text}\n"));
                after_open = false;
            }
            Item::Close => {
                depth = depth.saturating_sub(1);
                if out.ends_with(" {\n")
                    && matches!(
                        items.get(index.wrapping_sub(1)),
                        Some(Item::Statement { .. })
                    )
                {
                    out.truncate(out.len() - 3);
                    out.push_str(" {}\n");
                } else {
                    out.push_str(&format!("{}}}\n", INDENT.repeat(depth)));
                }
                after_open = false;
            }
            Item::Statement {
                segments,
                blank_before,
                opens,
            } => {
                if *blank_before && !after_open {
                    out.push('\n');
                }
                let continuation = format!("{indent}{INDENT}");
                let mut line = indent.clone();
                let mut lines = Vec::new();
                let mut break_next = false;
                for (i, (segment, comment)) in segments.iter().enumerate() {
                    if i > 0 && (break_next || line.len() + 1 + segment.len() > WIDTH) {
                        lines.push(std::mem::replace(&mut line, continuation.clone()));
                    } else if i > 0 {
                        line.push(' ');
                    }
                    line.push_str(segment);
                    break_next = false;
                    if let Some(comment) = comment {
                        if *opens && i + 1 == segments.len() {
                            // The brace stays on the declaration's line, before the comment.
                            line.push_str(" {");
                        }
                        line.push(' ');
                        line.push_str(comment);
                        break_next = true;
                    }
                }
                let comment_last = segments.last().is_some_and(|(_, c)| c.is_some());
                if *opens && !comment_last {
                    line.push_str(" {");
                }
                lines.push(line);
                for line in lines {
                    out.push_str(&line);
                    out.push('\n');
                }
                if *opens {
                    depth += 1;
                }
                after_open = *opens;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(text: &str) -> String {
        format(FileId(0), text).unwrap_or_else(|d| format!("{d:?}"))
    }

    #[test]
    fn canonical_layout_keeps_comments() {
        let input = "// head\n\n\ncategory   a \"x\"{ b \"y\" // child\n}\npurpose p \"p\"\nsource s \"s\"\n\
                     default{collect [ a.b , a , ] for p from s // why\n}\nnever a for p";
        let expected = "// head\n\ncategory a \"x\" {\n    b \"y\" // child\n}\npurpose p \"p\"\nsource s \"s\"\n\
                        default {\n    collect [a.b, a] for p from s // why\n}\nnever a for p\n";
        assert_eq!(fmt(input), expected);
        assert_eq!(fmt(expected), expected, "idempotent");
    }

    #[test]
    fn long_grants_wrap_before_keywords_and_empty_blocks_close() {
        let long = "product p \"d\" {collect [aaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbb] for [cccccccccccccccccccc, dddddddddddddddd] from [eeeeeeeeeeeeeeeeeee] when f}\nproduct q \"e\" {\n}\n";
        let out = fmt(long);
        assert_eq!(
            out,
            "product p \"d\" {\n    collect [aaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbb]\n        \
             for [cccccccccccccccccccc, dddddddddddddddd] from [eeeeeeeeeeeeeeeeeee] when f\n}\n\
             product q \"e\" {}\n"
        );
        assert_eq!(fmt(&out), out);
    }

    #[test]
    fn syntax_errors_are_returned_not_formatted() {
        assert!(format(FileId(0), "category a").is_err());
    }
}
