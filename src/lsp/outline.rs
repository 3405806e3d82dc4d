//! The outline of a policy document (`textDocument/documentSymbol`): its declarations as a
//! tree (categories, purposes and sources with their children, conditions, products with
//! their grants, default blocks, never rules and store maps), read from the document's own
//! text, so a half-typed file has the outline of what parses.

use lsp_types::{DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, SymbolKind};
use serde_json::Value;

use super::world::{DocKind, kind_of};
use super::{Failure, Server, convert, not_open, to_value};
use crate::policy::ast::{GrantDecl, Ident, TreeDecl};
use crate::source::{SourceMap, Span};

impl Server<'_> {
    pub(super) fn document_symbols(&mut self, p: DocumentSymbolParams) -> Result<Value, Failure> {
        let uri = p.text_document.uri;
        let doc = self.world.docs.get(&uri).ok_or_else(|| not_open(&uri))?;
        if kind_of(&uri) != DocKind::Policy {
            return to_value(DocumentSymbolResponse::Nested(Vec::new()));
        }
        let mut sources = SourceMap::new();
        let file = sources.add(convert::name_of(&uri), doc.text.as_str());
        let (ast, _) = crate::policy::parse::parse(file, &doc.text);
        let outline = Outline { sources: &sources };
        let mut symbols = Vec::new();
        for (kind, decl) in &ast.trees {
            symbols.push(outline.tree(kind.name(), decl));
        }
        for c in &ast.conditions {
            symbols.push(outline.symbol(
                &c.id.name,
                SymbolKind::CONSTANT,
                format!("condition — {}", c.description),
                c.id.span,
                c.id.span,
                Vec::new(),
            ));
        }
        for product in &ast.products {
            let grants = outline.grants(&product.grants);
            let whole = product
                .grants
                .last()
                .map_or(product.id.span, |g| join(product.id.span, g.span));
            symbols.push(outline.symbol(
                &product.id.name,
                SymbolKind::MODULE,
                format!("product — {}", product.description),
                whole,
                product.id.span,
                grants,
            ));
        }
        for default in &ast.defaults {
            let whole = default
                .grants
                .last()
                .map_or(default.keyword, |g| join(default.keyword, g.span));
            symbols.push(outline.symbol(
                "default",
                SymbolKind::MODULE,
                "grants every product has".to_owned(),
                whole,
                default.keyword,
                outline.grants(&default.grants),
            ));
        }
        for never in &ast.nevers {
            let purposes = names(&never.purposes);
            symbols.push(outline.symbol(
                &format!("never {} for {purposes}", never.category.name),
                SymbolKind::EVENT,
                never.reason.clone().unwrap_or_default(),
                never.span,
                never.category.span,
                Vec::new(),
            ));
        }
        for map in &ast.maps {
            let lines: Vec<DocumentSymbol> = map
                .data
                .iter()
                .chain(&map.purposes)
                .map(|line| {
                    outline.symbol(
                        &line.store_id.name,
                        SymbolKind::ENUM_MEMBER,
                        format!("as {}", names(&line.targets)),
                        line.span,
                        line.store_id.span,
                        Vec::new(),
                    )
                })
                .chain(map.unmapped.iter().map(|u| {
                    outline.symbol(
                        &u.store_id.name,
                        SymbolKind::ENUM_MEMBER,
                        format!("unmapped — {}", u.reason),
                        u.span,
                        u.store_id.span,
                        Vec::new(),
                    )
                }))
                .collect();
            let whole = map.store.span;
            let mut whole_range = outline.range(whole);
            if let Some(last) = lines.last() {
                whole_range.end = last.range.end;
            }
            let mut symbol = outline.symbol(
                &format!("map {}", map.store.name),
                SymbolKind::STRUCT,
                "what the store's ids mean".to_owned(),
                whole,
                map.store.span,
                lines,
            );
            symbol.range = whole_range;
            symbols.push(symbol);
        }
        symbols.sort_by_key(|s| (s.range.start.line, s.range.start.character));
        to_value(DocumentSymbolResponse::Nested(symbols))
    }
}

struct Outline<'a> {
    sources: &'a SourceMap,
}

impl Outline<'_> {
    fn range(&self, span: Span) -> lsp_types::Range {
        convert::range(self.sources, span)
    }

    #[allow(
        deprecated,
        reason = "`deprecated` is a required field of the LSP type"
    )]
    fn symbol(
        &self,
        name: &str,
        kind: SymbolKind,
        detail: String,
        whole: Span,
        selection: Span,
        children: Vec<DocumentSymbol>,
    ) -> DocumentSymbol {
        DocumentSymbol {
            name: if name.is_empty() {
                "?".to_owned()
            } else {
                name.to_owned()
            },
            detail: (!detail.is_empty()).then_some(detail),
            kind,
            tags: None,
            deprecated: None,
            range: self.range(whole),
            selection_range: self.range(selection),
            children: (!children.is_empty()).then_some(children),
        }
    }

    fn tree(&self, kind: &str, decl: &TreeDecl) -> DocumentSymbol {
        let children: Vec<DocumentSymbol> =
            decl.children.iter().map(|c| self.tree(kind, c)).collect();
        let mut symbol = self.symbol(
            &decl.id.name,
            if children.is_empty() {
                SymbolKind::ENUM_MEMBER
            } else {
                SymbolKind::ENUM
            },
            format!("{kind} — {}", decl.description),
            decl.id.span,
            decl.id.span,
            children,
        );
        if let Some(last) = symbol.children.as_ref().and_then(|c| c.last()) {
            symbol.range.end = last.range.end;
        }
        symbol
    }

    fn grants(&self, grants: &[GrantDecl]) -> Vec<DocumentSymbol> {
        grants
            .iter()
            .map(|g| {
                self.symbol(
                    &format!("collect {}", names(&g.categories)),
                    SymbolKind::FUNCTION,
                    format!("for {} from {}", names(&g.purposes), names(&g.sources)),
                    g.span,
                    g.span,
                    Vec::new(),
                )
            })
            .collect()
    }
}

fn names(idents: &[Ident]) -> String {
    let names: Vec<&str> = idents.iter().map(|i| i.name.as_str()).collect();
    match names.as_slice() {
        [one] => (*one).to_owned(),
        _ => format!("[{}]", names.join(", ")),
    }
}

fn join(a: Span, b: Span) -> Span {
    Span::new(a.file, a.start.min(b.start), a.end.max(b.end))
}
