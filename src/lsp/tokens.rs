//! Semantic tokens for policy files (`textDocument/semanticTokens/full`), so every editor with
//! an LSP client highlights `.candor` files, not only VS Code with its grammar: every token of
//! the policy lexer but line breaks, as a keyword, a string, a comment, an id (a declared one
//! marked `declaration`) or punctuation.

use lsp_types::{
    SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokens, SemanticTokensLegend,
    SemanticTokensParams, SemanticTokensResult,
};
use serde_json::Value;

use super::world::{DocKind, kind_of};
use super::{Failure, Server, not_open, to_value};
use crate::policy::lex::{self, Keyword, TokenKind};
use crate::source::SourceFile;

/// The token types, by their index in the legend.
const TYPES: &[SemanticTokenType] = &[
    SemanticTokenType::KEYWORD,
    SemanticTokenType::STRING,
    SemanticTokenType::COMMENT,
    SemanticTokenType::VARIABLE,
    SemanticTokenType::TYPE,
    SemanticTokenType::OPERATOR,
];
const KEYWORD: u32 = 0;
const STRING: u32 = 1;
const COMMENT: u32 = 2;
const ID: u32 = 3;
const DECLARED: u32 = 4;
const PUNCTUATION: u32 = 5;

/// The one modifier: a declared id.
const DECLARATION: u32 = 1;

/// The legend the server announces.
pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TYPES.to_vec(),
        token_modifiers: vec![SemanticTokenModifier::DECLARATION],
    }
}

/// The semantic tokens of a policy text, delta-encoded, positions in UTF-16 code units.
pub fn of(text: &str) -> Vec<SemanticToken> {
    let file = SourceFile::new("", text);
    let mut out = Vec::new();
    let (mut line, mut column) = (0u32, 0u32);
    let mut previous: Option<TokenKind> = None;
    for token in lex::lex(text) {
        let (kind, modifiers) = match token.kind {
            TokenKind::Newline => continue,
            TokenKind::Keyword(_) => (KEYWORD, 0),
            TokenKind::Str { .. } => (STRING, 0),
            TokenKind::Comment => (COMMENT, 0),
            TokenKind::Id => match previous {
                Some(TokenKind::Keyword(
                    Keyword::Category
                    | Keyword::Purpose
                    | Keyword::Source
                    | Keyword::Condition
                    | Keyword::Product
                    | Keyword::Map,
                )) => (DECLARED, DECLARATION),
                _ => (ID, 0),
            },
            TokenKind::OpenBrace
            | TokenKind::CloseBrace
            | TokenKind::OpenBracket
            | TokenKind::CloseBracket
            | TokenKind::Comma => (PUNCTUATION, 0),
            TokenKind::Unknown => (ID, 0),
        };
        if token.kind != TokenKind::Comment {
            previous = Some(token.kind);
        }
        let start = file.position(token.start);
        let end = file.position(token.end);
        let at_line = u32::try_from(start.line.saturating_sub(1)).unwrap_or(u32::MAX);
        let at_column = u32::try_from(start.column_utf16.saturating_sub(1)).unwrap_or(u32::MAX);
        // A token never spans lines (strings and comments end at the line's end).
        let length = if end.line == start.line {
            u32::try_from(end.column_utf16.saturating_sub(start.column_utf16)).unwrap_or(0)
        } else {
            0
        };
        if length == 0 {
            continue;
        }
        let delta_line = at_line - line;
        let delta_start = if delta_line == 0 {
            at_column - column
        } else {
            at_column
        };
        out.push(SemanticToken {
            delta_line,
            delta_start,
            length,
            token_type: kind,
            token_modifiers_bitset: modifiers,
        });
        (line, column) = (at_line, at_column);
    }
    out
}

impl Server<'_> {
    pub(super) fn semantic_tokens(&mut self, p: SemanticTokensParams) -> Result<Value, Failure> {
        let uri = p.text_document.uri;
        let doc = self.world.docs.get(&uri).ok_or_else(|| not_open(&uri))?;
        let data = if kind_of(&uri) == DocKind::Policy {
            of(&doc.text)
        } else {
            Vec::new()
        };
        to_value(SemanticTokensResult::Tokens(SemanticTokens {
            result_id: None,
            data,
        }))
    }
}
