//! Text to syntax tree. The lexer splits the file into its declarations and bounds how deep
//! each nests; pest parses each declaration on its own ([`super::lower`] turns the result into
//! syntax tree nodes); whatever does not parse becomes one `policy-syntax` diagnostic, and
//! every other declaration is kept.
//!
//! Where a declaration ends is decided on tokens, so a brace, a quote or `//` inside a string
//! or a comment never moves it: a declaration starts at a keyword that begins a line outside
//! any block, or at a declaration keyword that begins a line inside a block that is never
//! closed (declarations do not nest, so that block has ended). Within one such part, pest's
//! parse of a well-formed declaration ends it, and another declaration may follow on the
//! same line.

use std::ops::Range;

use pest::Parser;

use super::ast::PolicyFile;
use super::expected::{error_position, first_word, join_or, rule_form, rule_noun, strict_error};
use super::lex::{self, Keyword, Token, TokenKind};
use super::lower::Lower;
use crate::diagnostic::{Code, Diagnostic};
use crate::limits;
use crate::source::{FileId, Span};

pub use super::grammar::{CandorParser, Rule};

/// Parses one policy file. Never fails: what does not parse becomes diagnostics, and every
/// declaration around it is still returned.
pub fn parse(file: FileId, text: &str) -> (PolicyFile, Vec<Diagnostic>) {
    let tokens = lex::lex(text);
    let mut parser = Parsing {
        file,
        text,
        lower: Lower::new(file),
        ast: PolicyFile::empty(file),
    };
    for part in parts(&tokens) {
        let to_end = part.end == tokens.len();
        parser.part(tokens.get(part).unwrap_or_default(), to_end);
    }
    (parser.ast, parser.lower.into_diagnostics())
}

/// The grammar rule of the declaration `keyword` starts.
fn declaration_rule(keyword: Keyword) -> Option<Rule> {
    match keyword {
        Keyword::Include => Some(Rule::include_decl),
        Keyword::Category => Some(Rule::category_decl),
        Keyword::Purpose => Some(Rule::purpose_decl),
        Keyword::Source => Some(Rule::source_decl),
        Keyword::Condition => Some(Rule::condition_decl),
        Keyword::Product => Some(Rule::product_decl),
        Keyword::Default => Some(Rule::default_decl),
        Keyword::Never => Some(Rule::never_decl),
        Keyword::Map => Some(Rule::map_decl),
        Keyword::Collect | Keyword::For | Keyword::From | Keyword::When => None,
    }
}

/// Splits a file's tokens into parts, each holding one declaration or more (several only when
/// they share a line), or text that is not a declaration.
fn parts(tokens: &[Token]) -> Vec<Range<usize>> {
    let unclosed = unclosed_braces(tokens);
    let mut parts = Vec::new();
    let mut start = 0;
    let mut depth = 0usize;
    let mut outer_unclosed = false;
    let mut line_start = true;
    for (i, token) in tokens.iter().enumerate() {
        if line_start && let TokenKind::Keyword(keyword) = token.kind {
            let boundary = (depth == 0 && keyword.starts_statement())
                || (outer_unclosed && keyword.starts_declaration());
            if boundary {
                if i > start {
                    parts.push(start..i);
                }
                start = i;
                depth = 0;
                outer_unclosed = false;
            }
        }
        match token.kind {
            TokenKind::OpenBrace => {
                if depth == 0 {
                    outer_unclosed = unclosed.binary_search(&i).is_ok();
                }
                depth += 1;
            }
            TokenKind::CloseBrace => depth = depth.saturating_sub(1),
            _ => {}
        }
        line_start = token.kind == TokenKind::Newline;
    }
    if start < tokens.len() {
        parts.push(start..tokens.len());
    }
    parts
}

/// The indices of the `{` tokens no `}` closes, in order.
fn unclosed_braces(tokens: &[Token]) -> Vec<usize> {
    let mut open = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        match token.kind {
            TokenKind::OpenBrace => open.push(i),
            TokenKind::CloseBrace => {
                open.pop();
            }
            _ => {}
        }
    }
    open
}

/// Where a part crosses a limit that pest must never see past, and which.
enum Breach {
    /// A block nested deeper than [`limits::POLICY_NESTING`].
    Nesting,
    /// An id over [`limits::ID_BYTES`] or [`limits::ID_PARTS`], and the message saying so.
    Id(String),
}

/// The first breach of the part `tokens`: the index of its token, and what it is.
fn breach(tokens: &[Token], text: &str) -> Option<(usize, Breach)> {
    let deep = nesting_breach(tokens);
    let long = tokens
        .iter()
        .enumerate()
        .take(deep.unwrap_or(usize::MAX))
        .filter(|(_, t)| t.kind == TokenKind::Id)
        .find_map(|(i, t)| limits::id_breach("id", t.text(text)).map(|m| (i, m)));
    match long {
        Some((i, message)) => Some((i, Breach::Id(message))),
        None => deep.map(|d| (d, Breach::Nesting)),
    }
}

/// The index of the first `{` nested deeper than [`limits::POLICY_NESTING`], counting from
/// the first token.
fn nesting_breach(tokens: &[Token]) -> Option<usize> {
    let mut depth = 0usize;
    for (i, token) in tokens.iter().enumerate() {
        match token.kind {
            TokenKind::OpenBrace => {
                depth += 1;
                if depth > limits::POLICY_NESTING {
                    return Some(i);
                }
            }
            TokenKind::CloseBrace => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The block the token at `open` opens: the index of its closing `}`, or `None` if the part
/// ends first.
fn block_end(tokens: &[Token], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, token) in tokens.iter().enumerate().skip(open) {
        match token.kind {
            TokenKind::OpenBrace => depth += 1,
            TokenKind::CloseBrace => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The first `{` from `from` on whose block the part does not close.
fn unclosed_block(tokens: &[Token], from: usize) -> Option<usize> {
    let mut open = None;
    let mut depth = 0usize;
    for (i, token) in tokens.iter().enumerate().skip(from) {
        match token.kind {
            TokenKind::OpenBrace => {
                if depth == 0 {
                    open = Some(i);
                }
                depth += 1;
            }
            TokenKind::CloseBrace => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    open.filter(|_| depth > 0)
}

struct Parsing<'t> {
    file: FileId,
    text: &'t str,
    lower: Lower,
    ast: PolicyFile,
}

impl Parsing<'_> {
    fn span(&self, token: &Token) -> Span {
        Span::new(self.file, token.start, token.end)
    }

    /// Parses one part; `to_end` says whether it runs to the end of the file.
    fn part(&mut self, tokens: &[Token], to_end: bool) {
        let breach = breach(tokens, self.text);
        let breach = breach.as_ref().map(|(i, b)| (*i, b));
        let mut next = tokens.iter().position(|t| !t.is_trivia());
        while let Some(at) = next {
            let Some(token) = tokens.get(at) else { return };
            if let Some((b, what)) = breach
                && b == at
            {
                self.lower.report(self.refused(token, what));
                next = next_declaration(tokens, at + 1);
                continue;
            }
            let rule = match token.kind {
                TokenKind::Keyword(keyword) => declaration_rule(keyword),
                _ => None,
            };
            next = match (rule, token.kind) {
                (Some(rule), _) => self.declaration(tokens, at, rule, breach, to_end),
                (None, TokenKind::Keyword(Keyword::Collect)) => {
                    self.lower.report(
                        Diagnostic::new(
                            Code::PolicySyntax,
                            self.span(token),
                            "a `collect` grant must be inside a `product` or `default` block",
                        )
                        .with_label("grant outside a block")
                        .with_help(
                            "move it into `product NAME \"...\" { ... }` or `default { ... }`",
                        ),
                    );
                    next_declaration(tokens, at + 1)
                }
                (None, _) => {
                    let word = first_word(token.text(self.text));
                    let keywords: Vec<String> = Keyword::ALL
                        .iter()
                        .filter(|k| k.starts_declaration())
                        .map(|k| format!("`{}`", k.text()))
                        .collect();
                    let keywords: Vec<&str> = keywords.iter().map(String::as_str).collect();
                    self.lower.report(
                        Diagnostic::new(
                            Code::PolicySyntax,
                            Span::new(self.file, token.start, token.start + word.len()),
                            format!("expected a declaration, found `{word}`"),
                        )
                        .with_label("not understood")
                        .with_help(format!("a declaration starts with {}", join_or(&keywords))),
                    );
                    next_declaration(tokens, at + 1)
                }
            };
        }
    }

    /// Parses the declaration whose keyword is token `at` of the part `tokens`, with `rule`;
    /// returns where the next declaration or stray text in the part starts, if anything does.
    fn declaration(
        &mut self,
        tokens: &[Token],
        at: usize,
        rule: Rule,
        breach: Option<(usize, &Breach)>,
        to_end: bool,
    ) -> Option<usize> {
        let start = tokens.get(at)?.start;
        let end = tokens.iter().rev().find(|t| !t.is_trivia())?.end;
        // Pest never sees a block nested deeper than the limit, so it never recurses deeper.
        let breach = breach.filter(|&(b, _)| b > at);
        let stop = breach
            .and_then(|(b, _)| tokens.get(b))
            .map_or(end, |b| b.start);
        let input = self.text.get(start..stop).unwrap_or("").trim_end();
        let pair = match CandorParser::parse(rule, input) {
            Ok(mut pairs) => pairs.next()?,
            Err(error) => {
                let pos = error_position(&error);
                let open = unclosed_block(tokens, at).and_then(|u| tokens.get(u));
                let breach_at = breach.and_then(|(b, what)| Some((tokens.get(b)?, what)));
                let diag = match (breach_at, open) {
                    (Some((token, what)), _) if pos >= input.len() => self.refused(token, what),
                    (_, Some(open)) if start + pos > open.start => self.unclosed(open, to_end),
                    _ => strict_error(self.file, start, input, rule, &error),
                };
                self.lower.report(diag);
                return None;
            }
        };
        let consumed = start + pair.as_span().end();
        let Some((next, token)) = tokens
            .iter()
            .enumerate()
            .skip(at)
            .find(|(_, t)| !t.is_trivia() && t.end > consumed)
        else {
            self.lower.lower_declaration(pair, start, &mut self.ast);
            return None;
        };
        if token.start >= consumed && token.kind != TokenKind::OpenBrace {
            // A complete declaration; what follows is another one, or stray text.
            self.lower.lower_declaration(pair, start, &mut self.ast);
            return Some(next);
        }
        // A block pest did not take, or a word it took only the start of: the declaration
        // goes on past what the grammar allows.
        let block = (token.kind == TokenKind::OpenBrace).then(|| block_end(tokens, next));
        let deep = breach
            .filter(|&(b, _)| b > next && block.is_some_and(|end| end.is_none_or(|e| b < e)))
            .and_then(|(b, what)| Some((tokens.get(b)?, what)));
        let diag = match (deep, block) {
            (Some((token, what)), _) => self.refused(token, what),
            (None, Some(None)) => self.unclosed(token, to_end),
            _ => {
                let at = token.start.max(consumed);
                let found = first_word(self.text.get(at..).unwrap_or(""));
                Diagnostic::new(
                    Code::PolicySyntax,
                    Span::new(self.file, at, at + found.len()),
                    format!("unexpected `{found}` after the {}", rule_noun(rule)),
                )
                .with_label("unexpected here")
                .with_help(format!("the form is {}", rule_form(rule)))
            }
        };
        self.lower.report(diag);
        None
    }

    /// The diagnostic of a breach at `token`.
    fn refused(&self, token: &Token, breach: &Breach) -> Diagnostic {
        match breach {
            Breach::Nesting => self.too_deep(token),
            Breach::Id(message) => {
                Diagnostic::new(Code::PolicySyntax, self.span(token), message.clone())
                    .with_label("id over the limit")
                    .with_help(format!(
                        "candor reads ids of at most {} bytes and {} dot-separated parts; use a \
                 shorter id",
                        limits::ID_BYTES,
                        limits::ID_PARTS
                    ))
            }
        }
    }

    fn too_deep(&self, brace: &Token) -> Diagnostic {
        let limit = limits::POLICY_NESTING;
        Diagnostic::new(
            Code::PolicySyntax,
            self.span(brace),
            format!("blocks are nested more than {limit} levels deep"),
        )
        .with_label(format!("block {} levels deep", limit + 1))
        .with_help(format!(
            "candor reads at most {limit} nested `{{` blocks; declare deep trees with dotted \
             ids instead (`category a.b.c \"...\"`)"
        ))
    }

    fn unclosed(&self, brace: &Token, to_end: bool) -> Diagnostic {
        let skipped = if to_end {
            "candor skipped the rest of the file"
        } else {
            "candor skipped it up to the next declaration"
        };
        Diagnostic::new(
            Code::PolicySyntax,
            self.span(brace),
            "this `{` is never closed",
        )
        .with_label("block opened here")
        .with_help(format!("add `}}` where the block ends; {skipped}"))
    }
}

/// The index of the first declaration keyword from `from` on that stands outside any block
/// opened from `from` on.
fn next_declaration(tokens: &[Token], from: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, token) in tokens.iter().enumerate().skip(from) {
        match token.kind {
            TokenKind::Keyword(k) if depth == 0 && k.starts_declaration() => return Some(i),
            TokenKind::OpenBrace => depth += 1,
            TokenKind::CloseBrace => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}
