//! Parse trees to syntax trees: one `lower_<construct>` function per grammar construct, each
//! node carrying its span in the file, and every recovery node inside a block turned into a
//! `policy-syntax` diagnostic that says, in words, what was expected.

use pest::Parser;
use pest::iterators::Pair;

use super::ast::{
    ConditionDecl, DefaultDecl, ExportDecl, GrantDecl, Ident, IncludeDecl, MapDecl, MapLineDecl,
    NeverDecl, PolicyFile, ProductDecl, TreeDecl, TreeKind, UnmappedDecl,
};
use super::expected::{first_word, rule_noun, strict_error};
use super::grammar::{CandorParser, Rule};
use super::lex::{Keyword, Role};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// Where a recovery node stands, which decides what was expected there.
#[derive(Clone, Copy)]
enum Context {
    /// Inside a `product` or `default` block.
    Block,
    /// Inside a category, purpose or source's braces.
    Tree,
}

/// Lowers the declarations of one file. Pest parses one declaration at a time, so every pair
/// it gives is relative to the declaration's first byte: `base`.
pub struct Lower {
    file: FileId,
    base: usize,
    diags: Vec<Diagnostic>,
}

impl Lower {
    /// A lowering pass over `file`.
    pub fn new(file: FileId) -> Self {
        Lower {
            file,
            base: 0,
            diags: Vec::new(),
        }
    }

    /// Adds a diagnostic about the file, in source order with those of the recovery nodes.
    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diags.push(diagnostic);
    }

    /// The diagnostics of the recovery nodes lowered so far.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diags
    }

    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let span = pair.as_span();
        Span::new(self.file, self.base + span.start(), self.base + span.end())
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
        Span::new(self.file, self.base + start, self.base + end)
    }

    fn ident(&self, pair: &Pair<'_, Rule>) -> Ident {
        Ident {
            name: pair.as_str().to_owned(),
            span: self.span(pair),
        }
    }

    /// Lowers one declaration, parsed from the text that starts at byte `base` of the file.
    pub fn lower_declaration(&mut self, pair: Pair<'_, Rule>, base: usize, ast: &mut PolicyFile) {
        self.base = base;
        match pair.as_rule() {
            Rule::include_decl => self.lower_include(pair, ast),
            Rule::category_decl => self.lower_tree_decl(pair, TreeKind::Category, ast),
            Rule::purpose_decl => self.lower_tree_decl(pair, TreeKind::Purpose, ast),
            Rule::source_decl => self.lower_tree_decl(pair, TreeKind::Source, ast),
            Rule::condition_decl => self.lower_condition(pair, ast),
            Rule::product_decl => self.lower_product(pair, ast),
            Rule::default_decl => self.lower_default(pair, ast),
            Rule::never_decl => self.lower_never(pair, ast),
            Rule::map_decl => self.lower_map(pair, ast),
            _ => {}
        }
    }

    fn lower_include(&mut self, pair: Pair<'_, Rule>, ast: &mut PolicyFile) {
        if let Some(path) = pair.into_inner().find(|p| p.as_rule() == Rule::string) {
            ast.includes.push(IncludeDecl {
                path: string_value(&path),
                span: self.span(&path),
            });
        }
    }

    fn lower_tree_decl(&mut self, pair: Pair<'_, Rule>, kind: TreeKind, ast: &mut PolicyFile) {
        if let Some(node) = pair.into_inner().find(|p| p.as_rule() == Rule::tree_node)
            && let Some(decl) = self.lower_tree_node(node)
        {
            ast.trees.push((kind, decl));
        }
    }

    fn lower_tree_node(&mut self, pair: Pair<'_, Rule>) -> Option<TreeDecl> {
        let mut id = None;
        let mut description = String::new();
        let mut children = Vec::new();
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::dotted_id => id = Some(self.ident(&inner)),
                Rule::string => description = string_value(&inner),
                Rule::tree_children => children = self.lower_tree_children(inner),
                _ => {}
            }
        }
        id.map(|id| TreeDecl {
            id,
            description,
            children,
        })
    }

    fn lower_tree_children(&mut self, pair: Pair<'_, Rule>) -> Vec<TreeDecl> {
        let mut children = Vec::new();
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::tree_node => children.extend(self.lower_tree_node(child)),
                Rule::bad_child => self.lower_bad(&child, Context::Tree),
                _ => {}
            }
        }
        children
    }

    fn lower_condition(&mut self, pair: Pair<'_, Rule>, ast: &mut PolicyFile) {
        let mut id = None;
        let mut description = String::new();
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::ident => id = Some(self.ident(&inner)),
                Rule::string => description = string_value(&inner),
                _ => {}
            }
        }
        if let Some(id) = id {
            ast.conditions.push(ConditionDecl { id, description });
        }
    }

    fn lower_product(&mut self, pair: Pair<'_, Rule>, ast: &mut PolicyFile) {
        let mut grants = Vec::new();
        let mut id = None;
        let mut description = String::new();
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::ident => id = Some(self.ident(&inner)),
                Rule::string => description = string_value(&inner),
                Rule::grant_block => grants = self.lower_grant_block(inner),
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

    fn lower_default(&mut self, pair: Pair<'_, Rule>, ast: &mut PolicyFile) {
        let span = self.statement_span(&pair);
        let mut inner = pair.into_inner();
        let keyword = inner.next().map_or(span, |k| self.span(&k));
        let grants = inner
            .find(|p| p.as_rule() == Rule::grant_block)
            .map(|block| self.lower_grant_block(block))
            .unwrap_or_default();
        ast.defaults.push(DefaultDecl { keyword, grants });
    }

    fn lower_never(&mut self, pair: Pair<'_, Rule>, ast: &mut PolicyFile) {
        let span = self.statement_span(&pair);
        let mut category = None;
        let mut purposes = Vec::new();
        let mut reason = None;
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::category_ref => category = Some(self.ident(&inner)),
                Rule::purpose_list => purposes = self.lower_list(inner),
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

    fn lower_map(&mut self, pair: Pair<'_, Rule>, ast: &mut PolicyFile) {
        let mut decl: Option<MapDecl> = None;
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::store_name => {
                    decl = Some(MapDecl {
                        store: self.ident(&inner),
                        data: Vec::new(),
                        purposes: Vec::new(),
                        unmapped: Vec::new(),
                        exports: Vec::new(),
                        shared: Vec::new(),
                    });
                }
                Rule::map_block => {
                    let Some(decl) = decl.as_mut() else { continue };
                    for line in inner.into_inner() {
                        match line.as_rule() {
                            Rule::map_data => decl.data.push(self.lower_map_line(line)),
                            Rule::map_purpose => decl.purposes.push(self.lower_map_line(line)),
                            Rule::map_unmapped => decl.unmapped.push(self.lower_unmapped(line)),
                            Rule::map_export => decl.exports.push(self.lower_export(line)),
                            Rule::map_shared => decl.shared.push(self.statement_span(&line)),
                            Rule::bad_statement => self.lower_bad(&line, Context::Block),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        ast.maps.extend(decl);
    }

    fn lower_map_line(&mut self, pair: Pair<'_, Rule>) -> MapLineDecl {
        let span = self.statement_span(&pair);
        let mut store_id = None;
        let mut targets = Vec::new();
        let mut source = None;
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::store_id => store_id = Some(self.ident(&inner)),
                Rule::category_list | Rule::purpose_list => targets = self.lower_list(inner),
                Rule::source_ref => source = Some(self.ident(&inner)),
                _ => {}
            }
        }
        MapLineDecl {
            store_id: store_id.unwrap_or(Ident {
                name: String::new(),
                span,
            }),
            targets,
            source,
            span,
        }
    }

    fn lower_unmapped(&mut self, pair: Pair<'_, Rule>) -> UnmappedDecl {
        let span = self.statement_span(&pair);
        let mut decl = UnmappedDecl {
            data: true,
            store_id: Ident {
                name: String::new(),
                span,
            },
            reason: String::new(),
            span,
        };
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::kw_purpose => decl.data = false,
                Rule::store_id => decl.store_id = self.ident(&inner),
                Rule::string => decl.reason = string_value(&inner),
                _ => {}
            }
        }
        decl
    }

    fn lower_export(&mut self, pair: Pair<'_, Rule>) -> ExportDecl {
        let span = self.statement_span(&pair);
        let blank = Ident {
            name: String::new(),
            span,
        };
        let mut decl = ExportDecl {
            category: blank.clone(),
            store_id: blank,
            span,
        };
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::category_ref => decl.category = self.ident(&inner),
                Rule::store_id => decl.store_id = self.ident(&inner),
                _ => {}
            }
        }
        decl
    }

    fn lower_grant_block(&mut self, pair: Pair<'_, Rule>) -> Vec<GrantDecl> {
        let mut grants = Vec::new();
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::grant => grants.push(self.lower_grant(inner)),
                Rule::bad_statement => self.lower_bad(&inner, Context::Block),
                _ => {}
            }
        }
        grants
    }

    fn lower_grant(&mut self, pair: Pair<'_, Rule>) -> GrantDecl {
        let mut grant = GrantDecl {
            categories: Vec::new(),
            purposes: Vec::new(),
            sources: Vec::new(),
            conditions: Vec::new(),
            span: self.statement_span(&pair),
        };
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::category_list => grant.categories = self.lower_list(inner),
                Rule::purpose_list => grant.purposes = self.lower_list(inner),
                Rule::source_list => grant.sources = self.lower_list(inner),
                Rule::condition_list => grant.conditions = self.lower_list(inner),
                _ => {}
            }
        }
        grant
    }

    /// The references of a list, whichever kind: brackets and commas are skipped.
    fn lower_list(&self, pair: Pair<'_, Rule>) -> Vec<Ident> {
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

    /// Reports a recovery node inside a block: what it is, and what the strict rule expected
    /// in it.
    fn lower_bad(&mut self, pair: &Pair<'_, Rule>, context: Context) {
        let chunk = pair.as_str().trim_end();
        let start = self.base + pair.as_span().start();
        let word = first_word(chunk);
        let strict = match context {
            Context::Block if word == Keyword::Collect.text() => Rule::grant,
            Context::Block if word == "data" => Rule::map_data,
            Context::Block if word == "shared" => Rule::map_shared,
            Context::Block if word == "unmapped" => Rule::map_unmapped,
            Context::Block if word == "export" => Rule::map_export,
            Context::Block if word == Keyword::Purpose.text() => Rule::map_purpose,
            Context::Block
                if Keyword::from_word(word).is_some_and(|k| k.role() == Role::Clause) =>
            {
                // A grant that parsed up to a clause keyword with nothing usable after it.
                let needs = match word {
                    "when" => "a condition name",
                    "for" => "a purpose name",
                    _ => "a source name",
                };
                self.diags.push(
                    Diagnostic::new(
                        Code::PolicySyntax,
                        Span::new(self.file, start, start + word.len()),
                        format!("`{word}` must be followed by {needs}"),
                    )
                    .with_label(format!("{needs} goes after this"))
                    .with_help(format!(
                        "write {needs} after `{word}`, or remove `{word}`; the form is {}",
                        super::expected::rule_form(Rule::grant)
                    )),
                );
                return;
            }
            Context::Block => {
                let help = if Keyword::from_word(word).is_some_and(Keyword::starts_declaration) {
                    "is a `}` missing before this line?"
                } else {
                    "a block holds `collect CATEGORIES for PURPOSES from SOURCES` grants"
                };
                self.diags.push(
                    Diagnostic::new(
                        Code::PolicySyntax,
                        Span::new(self.file, start, start + word.len()),
                        format!("expected a `collect` grant or `}}`, found `{word}`"),
                    )
                    .with_label("not understood")
                    .with_help(help),
                );
                return;
            }
            Context::Tree => Rule::tree_node,
        };
        let diag = match CandorParser::parse(strict, chunk) {
            Err(error) => strict_error(self.file, start, chunk, strict, &error),
            Ok(pairs) => {
                let end = pairs.map(|p| p.as_span().end()).max().unwrap_or(0);
                let rest = chunk.get(end..).unwrap_or("").trim_start();
                let at = start + chunk.len() - rest.len();
                let found = first_word(rest);
                Diagnostic::new(
                    Code::PolicySyntax,
                    Span::new(self.file, at, at + found.len()),
                    format!("unexpected `{found}` after the {}", rule_noun(strict)),
                )
                .with_label("unexpected here")
            }
        };
        self.diags.push(diag);
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
