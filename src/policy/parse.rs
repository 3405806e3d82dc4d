//! Text to syntax tree: runs the pest grammar, lowers each construct with its span, and turns
//! every recovery node into a `policy-syntax` diagnostic that says, in words, what was expected.

use pest::Parser;
use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::Pair;

use super::ast::{
    ConditionDecl, DefaultDecl, GrantDecl, Ident, IncludeDecl, NeverDecl, PolicyFile, ProductDecl,
    TreeDecl, TreeKind,
};
use crate::diagnostic::{Code, Diagnostic};
use crate::limits;
use crate::source::{FileId, Span};

/// The pest parser generated from `grammar/candor.pest` (its rules are documented there).
mod generated {
    #![allow(missing_docs)]
    /// The pest parser generated from `grammar/candor.pest`.
    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/candor.pest"]
    pub struct CandorParser;
}
pub use generated::{CandorParser, Rule};

/// Parses one policy file. Never fails: what does not parse becomes diagnostics, and every
/// declaration around it is still returned.
pub fn parse(file: FileId, text: &str) -> (PolicyFile, Vec<Diagnostic>) {
    let mut lower = Lower {
        file,
        diags: Vec::new(),
    };
    let mut ast = PolicyFile::empty(file);
    if let Some(diag) = check_nesting(file, text) {
        return (ast, vec![diag]);
    }
    match CandorParser::parse(Rule::file, text) {
        Ok(pairs) => {
            for pair in pairs.flat_map(Pair::into_inner) {
                lower.top_item(pair, &mut ast);
            }
        }
        // The grammar's recovery rules accept any text, so this is a safety net only.
        Err(error) => lower
            .diags
            .push(strict_error(file, 0, text, Rule::file, &error)),
    }
    (ast, lower.diags)
}

/// Refuses text whose `{` blocks nest deeper than [`limits::POLICY_NESTING`] before the
/// recursive parser sees it.
fn check_nesting(file: FileId, text: &str) -> Option<Diagnostic> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\n' => in_string = false,
            '\\' if in_string => {
                chars.next();
            }
            '"' => in_string = !in_string,
            '/' if !in_string && chars.peek().map(|&(_, c)| c) == Some('/') => {
                while chars.next_if(|&(_, c)| c != '\n').is_some() {}
            }
            '{' if !in_string => {
                depth += 1;
                if depth > limits::POLICY_NESTING {
                    let limit = limits::POLICY_NESTING;
                    return Some(
                        Diagnostic::new(
                            Code::PolicySyntax,
                            Span::new(file, i, i + 1),
                            format!("blocks are nested more than {limit} levels deep"),
                        )
                        .with_label(format!("block {depth} levels deep"))
                        .with_help(format!(
                            "candor reads at most {limit} nested `{{` blocks; declare deep \
                             trees with dotted ids instead (`category a.b.c \"...\"`)"
                        )),
                    );
                }
            }
            '}' if !in_string => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Where a recovery node stands, which decides what was expected there.
#[derive(Clone, Copy)]
enum Context {
    /// At the top level of a file.
    Top,
    /// Inside a `product` or `default` block.
    Block,
    /// Inside a category, purpose or source's braces.
    Tree,
}

struct Lower {
    file: FileId,
    diags: Vec<Diagnostic>,
}

impl Lower {
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let span = pair.as_span();
        Span::new(self.file, span.start(), span.end())
    }

    /// The span of a statement from its first token to its last, without the whitespace pest
    /// leaves in it before an optional part that is absent.
    fn statement_span(&self, pair: &Pair<'_, Rule>) -> Span {
        let start = pair.as_span().start();
        let end = pair
            .clone()
            .into_inner()
            .map(|p| p.as_span().end())
            .max()
            .unwrap_or(start);
        Span::new(self.file, start, end)
    }

    fn ident(&self, pair: &Pair<'_, Rule>) -> Ident {
        Ident {
            name: pair.as_str().to_owned(),
            span: self.span(pair),
        }
    }

    fn top_item(&mut self, pair: Pair<'_, Rule>, ast: &mut PolicyFile) {
        let span = self.statement_span(&pair);
        match pair.as_rule() {
            Rule::include_decl => {
                if let Some(path) = pair.into_inner().find(|p| p.as_rule() == Rule::string) {
                    let span = self.span(&path);
                    ast.includes.push(IncludeDecl {
                        path: string_value(&path),
                        span,
                    });
                }
            }
            Rule::category_decl => self.tree_decl(pair, TreeKind::Category, ast),
            Rule::purpose_decl => self.tree_decl(pair, TreeKind::Purpose, ast),
            Rule::source_decl => self.tree_decl(pair, TreeKind::Source, ast),
            Rule::condition_decl => {
                let (id, description) = self.id_and_description(pair);
                if let Some(id) = id {
                    ast.conditions.push(ConditionDecl { id, description });
                }
            }
            Rule::product_decl => {
                let mut grants = Vec::new();
                let mut id = None;
                let mut description = String::new();
                for inner in pair.into_inner() {
                    match inner.as_rule() {
                        Rule::ident => id = Some(self.ident(&inner)),
                        Rule::string => description = string_value(&inner),
                        Rule::grant_block => grants = self.grant_block(inner),
                        _ => {}
                    }
                }
                if let Some(id) = id {
                    ast.products.push(ProductDecl {
                        id,
                        description,
                        grants,
                    });
                }
            }
            Rule::default_decl => {
                let mut inner = pair.into_inner();
                let keyword = inner.next().map_or(span, |k| self.span(&k));
                let grants = inner
                    .find(|p| p.as_rule() == Rule::grant_block)
                    .map(|block| self.grant_block(block))
                    .unwrap_or_default();
                ast.defaults.push(DefaultDecl { keyword, grants });
            }
            Rule::never_decl => {
                let mut category = None;
                let mut purposes = Vec::new();
                let mut reason = None;
                for inner in pair.into_inner() {
                    match inner.as_rule() {
                        Rule::category_ref => category = Some(self.ident(&inner)),
                        Rule::purpose_list => purposes = self.refs(inner),
                        Rule::string => reason = Some(string_value(&inner)),
                        _ => {}
                    }
                }
                if let Some(category) = category {
                    ast.nevers.push(NeverDecl {
                        category,
                        purposes,
                        reason,
                        span,
                    });
                }
            }
            Rule::bad_block | Rule::bad_unclosed | Rule::bad_top => self.bad(&pair, Context::Top),
            _ => {}
        }
    }

    fn id_and_description(&self, pair: Pair<'_, Rule>) -> (Option<Ident>, String) {
        let mut id = None;
        let mut description = String::new();
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::ident | Rule::dotted_id => id = Some(self.ident(&inner)),
                Rule::string => description = string_value(&inner),
                _ => {}
            }
        }
        (id, description)
    }

    fn tree_decl(&mut self, pair: Pair<'_, Rule>, kind: TreeKind, ast: &mut PolicyFile) {
        if let Some(node) = pair.into_inner().find(|p| p.as_rule() == Rule::tree_node)
            && let Some(decl) = self.tree_node(node)
        {
            ast.trees.push((kind, decl));
        }
    }

    fn tree_node(&mut self, pair: Pair<'_, Rule>) -> Option<TreeDecl> {
        let mut id = None;
        let mut description = String::new();
        let mut children = Vec::new();
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::dotted_id => id = Some(self.ident(&inner)),
                Rule::string => description = string_value(&inner),
                Rule::tree_children => {
                    for child in inner.into_inner() {
                        match child.as_rule() {
                            Rule::tree_node => children.extend(self.tree_node(child)),
                            Rule::bad_child => self.bad(&child, Context::Tree),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        id.map(|id| TreeDecl {
            id,
            description,
            children,
        })
    }

    fn grant_block(&mut self, pair: Pair<'_, Rule>) -> Vec<GrantDecl> {
        let mut grants = Vec::new();
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::grant => grants.push(self.grant(inner)),
                Rule::bad_statement => self.bad(&inner, Context::Block),
                _ => {}
            }
        }
        grants
    }

    fn grant(&mut self, pair: Pair<'_, Rule>) -> GrantDecl {
        let span = self.statement_span(&pair);
        let mut grant = GrantDecl {
            categories: Vec::new(),
            purposes: Vec::new(),
            sources: Vec::new(),
            conditions: Vec::new(),
            span,
        };
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::category_list => grant.categories = self.refs(inner),
                Rule::purpose_list => grant.purposes = self.refs(inner),
                Rule::source_list => grant.sources = self.refs(inner),
                Rule::condition_list => grant.conditions = self.refs(inner),
                _ => {}
            }
        }
        grant
    }

    /// The references of a list, whichever kind: brackets and commas are skipped.
    fn refs(&self, pair: Pair<'_, Rule>) -> Vec<Ident> {
        pair.into_inner()
            .filter(|p| {
                matches!(
                    p.as_rule(),
                    Rule::category_ref | Rule::purpose_ref | Rule::source_ref | Rule::condition_ref
                )
            })
            .map(|p| self.ident(&p))
            .collect()
    }

    /// Reports a recovery node: what it is, and what the strict rule expected in it.
    fn bad(&mut self, pair: &Pair<'_, Rule>, context: Context) {
        let chunk = pair.as_str().trim_end();
        let start = pair.as_span().start();
        let word = first_word(chunk);
        let at_word = Span::new(self.file, start, start + word.len());
        if pair.as_rule() == Rule::bad_unclosed {
            let brace = start + chunk.find('{').unwrap_or(0);
            self.diags.push(
                Diagnostic::new(
                    Code::PolicySyntax,
                    Span::new(self.file, brace, brace + 1),
                    "this `{` is never closed",
                )
                .with_label("block opened here")
                .with_help("add `}` where the block ends; candor skipped the rest of the file"),
            );
            return;
        }
        let strict = match (context, word) {
            (Context::Top | Context::Block, "collect") if matches!(context, Context::Block) => {
                Some(Rule::grant)
            }
            (Context::Top, "collect") => {
                self.diags.push(
                    Diagnostic::new(
                        Code::PolicySyntax,
                        at_word,
                        "a `collect` grant must be inside a `product` or `default` block",
                    )
                    .with_label("grant outside a block")
                    .with_help("move it into `product NAME \"...\" { ... }` or `default { ... }`"),
                );
                return;
            }
            (Context::Top, _) => top_rule(word),
            (Context::Block, _) => None,
            (Context::Tree, _) => Some(Rule::tree_node),
        };
        let diag = match strict {
            Some(rule) => match CandorParser::parse(rule, chunk) {
                Err(error) => strict_error(self.file, start, chunk, rule, &error),
                Ok(pairs) => {
                    let end = pairs.map(|p| p.as_span().end()).max().unwrap_or(0);
                    let rest = chunk.get(end..).unwrap_or("").trim_start();
                    let at = start + chunk.len() - rest.len();
                    let found = first_word(rest);
                    Diagnostic::new(
                        Code::PolicySyntax,
                        Span::new(self.file, at, at + found.len()),
                        format!("unexpected `{found}` after the {}", rule_noun(rule)),
                    )
                    .with_label("unexpected here")
                }
            },
            None => {
                let (message, help) = match context {
                    Context::Block => (
                        format!("expected a `collect` grant or `}}`, found `{word}`"),
                        if top_rule(word).is_some() {
                            "is a `}` missing before this line?"
                        } else {
                            "a block holds `collect CATEGORIES for PURPOSES from SOURCES` grants"
                        },
                    ),
                    _ => (
                        format!("expected a declaration, found `{word}`"),
                        "a declaration starts with `category`, `purpose`, `source`, `condition`, \
                         `product`, `default`, `never` or `include`",
                    ),
                };
                Diagnostic::new(Code::PolicySyntax, at_word, message)
                    .with_label("not understood")
                    .with_help(help)
            }
        };
        self.diags.push(diag);
    }
}

/// The strict rule for a top-level declaration starting with `word`.
fn top_rule(word: &str) -> Option<Rule> {
    Some(match word {
        "include" => Rule::include_decl,
        "category" => Rule::category_decl,
        "purpose" => Rule::purpose_decl,
        "source" => Rule::source_decl,
        "condition" => Rule::condition_decl,
        "product" => Rule::product_decl,
        "default" => Rule::default_decl,
        "never" => Rule::never_decl,
        _ => return None,
    })
}

/// The first token of `text`: an identifier-like word, or else its first character.
fn first_word(text: &str) -> &str {
    let end = text
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .map_or(text.len(), |(i, _)| i);
    if end > 0 {
        return text.get(..end).unwrap_or("");
    }
    let first = text.chars().next().map_or(0, char::len_utf8);
    text.get(..first).unwrap_or("")
}

/// Turns a pest error of a strict re-parse of `chunk` (which starts at byte `start` of the
/// file) into a diagnostic that names what was expected in words.
fn strict_error(
    file: FileId,
    start: usize,
    chunk: &str,
    rule: Rule,
    error: &pest::error::Error<Rule>,
) -> Diagnostic {
    let pos = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let mut expected: Vec<&str> = Vec::new();
    if let ErrorVariant::ParsingError { positives, .. } = &error.variant {
        for &positive in positives {
            if let Some(name) = expected_name(positive, rule)
                && !expected.contains(&name)
            {
                expected.push(name);
            }
        }
    }
    let rest = chunk.get(pos..).unwrap_or("");
    let found = first_word(rest);
    let at = start + pos;
    let span = Span::new(file, at, at + found.len());
    if found == "\"" && expected.contains(&"a quoted description") {
        return Diagnostic::new(
            Code::PolicySyntax,
            span,
            "this string is not closed on its line",
        )
        .with_label("string starts here")
        .with_help("add the closing `\"`; a description is one line of text");
    }
    let expected = join_or(&expected);
    let message = match (expected.is_empty(), found.is_empty()) {
        (true, true) => format!("the {} ends too early", rule_noun(rule)),
        (true, false) => format!("unexpected `{found}` in the {}", rule_noun(rule)),
        (false, true) => format!("expected {expected}"),
        (false, false) => format!("expected {expected}, found `{found}`"),
    };
    let label = if found.is_empty() {
        "the declaration ends here"
    } else {
        "unexpected here"
    };
    Diagnostic::new(Code::PolicySyntax, span, message)
        .with_label(label)
        .with_help(format!("the form is {}", rule_form(rule)))
}

/// Joins names as "a, b or c".
fn join_or(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// What a rule is called in "expected ..." messages, given the declaration being parsed;
/// `None` for rules a person never types as such (recovery rules, whole files).
fn expected_name(rule: Rule, context: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::file | Rule::EOI => "the end of the file",
        Rule::kw_include => "`include`",
        Rule::kw_category => "`category`",
        Rule::kw_purpose => "`purpose`",
        Rule::kw_source => "`source`",
        Rule::kw_condition => "`condition`",
        Rule::kw_product => "`product`",
        Rule::kw_default => "`default`",
        Rule::kw_never => "`never`",
        Rule::kw_collect | Rule::grant => "`collect`",
        Rule::kw_for => "`for`",
        Rule::kw_from => "`from`",
        Rule::kw_when => "`when`",
        Rule::ident | Rule::dotted_id => match context {
            Rule::condition_decl => "a condition id",
            Rule::product_decl => "a product id",
            Rule::category_decl => "a category id",
            Rule::purpose_decl => "a purpose id",
            Rule::source_decl => "a source id",
            _ => "an id",
        },
        Rule::string | Rule::string_inner => match context {
            Rule::include_decl => "a quoted file path",
            Rule::never_decl => "a quoted reason",
            _ => "a quoted description",
        },
        Rule::open_brace | Rule::grant_block | Rule::tree_children => "`{`",
        Rule::close_brace => "`}`",
        Rule::open_bracket => "`[`",
        Rule::close_bracket => "`]`",
        Rule::comma => "`,`",
        Rule::include_decl
        | Rule::category_decl
        | Rule::purpose_decl
        | Rule::source_decl
        | Rule::condition_decl
        | Rule::product_decl
        | Rule::default_decl
        | Rule::never_decl => "a declaration",
        Rule::tree_node => "a child id",
        Rule::category_ref | Rule::category_list => "a category name",
        Rule::purpose_ref | Rule::purpose_list => "a purpose name",
        Rule::source_ref | Rule::source_list => "a source name",
        Rule::condition_ref | Rule::condition_list => "a condition name",
        // Whitespace, comments and recovery rules are never what a person is asked to type.
        Rule::WHITESPACE
        | Rule::COMMENT
        | Rule::top_item
        | Rule::statement_keyword
        | Rule::ident_char
        | Rule::reserved
        | Rule::rest_of_line
        | Rule::continuation
        | Rule::block_continuation
        | Rule::brace_group
        | Rule::bad_block
        | Rule::bad_unclosed
        | Rule::bad_top
        | Rule::bad_statement
        | Rule::bad_child => return None,
    })
}

/// The name of the construct a strict rule parses.
fn rule_noun(rule: Rule) -> &'static str {
    match rule {
        Rule::include_decl => "`include`",
        Rule::category_decl => "category declaration",
        Rule::purpose_decl => "purpose declaration",
        Rule::source_decl => "source declaration",
        Rule::condition_decl => "condition declaration",
        Rule::product_decl => "product declaration",
        Rule::default_decl => "`default` block",
        Rule::never_decl => "`never` rule",
        Rule::grant => "`collect` grant",
        Rule::tree_node => "child declaration",
        _ => "declaration",
    }
}

/// The shape of a strict rule, for help texts.
fn rule_form(rule: Rule) -> &'static str {
    match rule {
        Rule::include_decl => "`include \"path.candor\"`",
        Rule::category_decl => "`category ID \"description\" { CHILD \"description\" ... }`",
        Rule::purpose_decl => "`purpose ID \"description\"`",
        Rule::source_decl => "`source ID \"description\" { CHILD \"description\" ... }`",
        Rule::condition_decl => "`condition ID \"description\"`",
        Rule::product_decl => "`product ID \"description\" { collect ... }`",
        Rule::default_decl => "`default { collect ... }`",
        Rule::never_decl => "`never CATEGORY for PURPOSES \"reason\"`",
        Rule::grant => "`collect CATEGORIES for PURPOSES from SOURCES when CONDITIONS`",
        Rule::tree_node => "`ID \"description\"`, optionally followed by `{ children }`",
        _ => "a declaration such as `category ID \"description\"`",
    }
}

/// The value of a `string` pair, escapes resolved.
fn string_value(pair: &Pair<'_, Rule>) -> String {
    let raw = pair.as_str();
    let inner = raw
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(raw);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}
