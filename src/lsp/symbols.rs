//! Ids in policy files and manifests, and what an editor asks of them: hover, go to definition,
//! find references and completion.

use std::fmt::Write as _;

use crate::manifest::Manifest;
use crate::policy::Policy;
use crate::policy::ast::{Ident, PolicyFile, TreeDecl, TreeKind};
use crate::policy::lex::{self, Keyword, TokenKind};
use crate::policy::model::ProductId;
use crate::source::Span;

/// What an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    /// A category, purpose or source.
    Tree(TreeKind),
    /// A condition.
    Condition,
    /// A product.
    Product,
}

impl SymbolKind {
    /// The word for it.
    pub fn name(self) -> &'static str {
        match self {
            SymbolKind::Tree(kind) => kind.name(),
            SymbolKind::Condition => "condition",
            SymbolKind::Product => "product",
        }
    }
}

/// One id written somewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    /// What it names.
    pub kind: SymbolKind,
    /// The full id it names.
    pub id: String,
    /// Where it is written.
    pub span: Span,
    /// Whether this is the declaration.
    pub declaration: bool,
}

/// Every id written in the policy files: declarations (with their full dotted ids) and
/// references.
pub fn policy_symbols(asts: &[PolicyFile]) -> Vec<Symbol> {
    let mut out = Vec::new();
    for ast in asts {
        for (kind, decl) in &ast.trees {
            tree_symbols(*kind, decl, None, &mut out);
        }
        for c in &ast.conditions {
            out.push(symbol(SymbolKind::Condition, &c.id, true));
        }
        let grants = ast
            .products
            .iter()
            .flat_map(|p| p.grants.iter())
            .chain(ast.defaults.iter().flat_map(|d| d.grants.iter()));
        for p in &ast.products {
            out.push(symbol(SymbolKind::Product, &p.id, true));
        }
        for g in grants {
            refs(
                &mut out,
                SymbolKind::Tree(TreeKind::Category),
                &g.categories,
            );
            refs(&mut out, SymbolKind::Tree(TreeKind::Purpose), &g.purposes);
            refs(&mut out, SymbolKind::Tree(TreeKind::Source), &g.sources);
            refs(&mut out, SymbolKind::Condition, &g.conditions);
        }
        for n in &ast.nevers {
            out.push(symbol(
                SymbolKind::Tree(TreeKind::Category),
                &n.category,
                false,
            ));
            refs(&mut out, SymbolKind::Tree(TreeKind::Purpose), &n.purposes);
        }
        // What a `map` block's lines read store ids as, and the categories of its `export`
        // lines: references, so hover, go to definition and references reach them.
        for m in &ast.maps {
            for line in &m.data {
                refs(
                    &mut out,
                    SymbolKind::Tree(TreeKind::Category),
                    &line.targets,
                );
                refs(
                    &mut out,
                    SymbolKind::Tree(TreeKind::Source),
                    line.source.as_slice(),
                );
            }
            for line in &m.purposes {
                refs(&mut out, SymbolKind::Tree(TreeKind::Purpose), &line.targets);
            }
            for export in &m.exports {
                out.push(symbol(
                    SymbolKind::Tree(TreeKind::Category),
                    &export.category,
                    false,
                ));
            }
        }
    }
    out
}

fn symbol(kind: SymbolKind, ident: &Ident, declaration: bool) -> Symbol {
    Symbol {
        kind,
        id: ident.name.clone(),
        span: ident.span,
        declaration,
    }
}

fn refs(out: &mut Vec<Symbol>, kind: SymbolKind, idents: &[Ident]) {
    out.extend(idents.iter().map(|i| symbol(kind, i, false)));
}

fn tree_symbols(kind: TreeKind, decl: &TreeDecl, parent: Option<&str>, out: &mut Vec<Symbol>) {
    let id = match parent {
        Some(parent) => format!("{parent}.{}", decl.id.name),
        None => decl.id.name.clone(),
    };
    out.push(Symbol {
        kind: SymbolKind::Tree(kind),
        id: id.clone(),
        span: decl.id.span,
        declaration: true,
    });
    for child in &decl.children {
        tree_symbols(kind, child, Some(&id), out);
    }
}

/// Every id written in a manifest.
pub fn manifest_symbols(manifest: &Manifest) -> Vec<Symbol> {
    let mut out: Vec<Symbol> = manifest
        .product
        .iter()
        .map(|p| Symbol {
            kind: SymbolKind::Product,
            id: p.value.clone(),
            span: p.span,
            declaration: false,
        })
        .collect();
    for e in &manifest.entries {
        let mut push = |kind, s: &crate::manifest::Str| {
            out.push(Symbol {
                kind,
                id: s.value.clone(),
                span: s.span,
                declaration: false,
            });
        };
        push(SymbolKind::Tree(TreeKind::Category), &e.category);
        for p in &e.purposes {
            push(SymbolKind::Tree(TreeKind::Purpose), p);
        }
        if let Some(s) = &e.source {
            push(SymbolKind::Tree(TreeKind::Source), s);
        }
        for c in &e.conditions {
            push(SymbolKind::Condition, c);
        }
    }
    out
}

/// The symbol whose span holds byte `offset` of `file`.
pub fn at(symbols: &[Symbol], file: crate::source::FileId, offset: usize) -> Option<&Symbol> {
    symbols
        .iter()
        .find(|s| s.span.file == file && s.span.start <= offset && offset <= s.span.end)
}

/// Where `kind` `id` is declared.
pub fn declaration(policy: &Policy, kind: SymbolKind, id: &str) -> Option<Span> {
    match kind {
        SymbolKind::Tree(tree) => {
            let t = policy.tree(tree);
            t.lookup(id).and_then(|n| t.node(n)).map(|n| n.span)
        }
        SymbolKind::Condition => policy
            .condition_id(id)
            .and_then(|c| policy.condition(c))
            .map(|c| c.span),
        SymbolKind::Product => policy
            .product_id(id)
            .and_then(|p| policy.product(p))
            .map(|p| p.span),
    }
}

/// The hover text (Markdown) for `kind` `id`: its description, its place in the tree, and for a
/// product its effective grants.
pub fn hover(policy: &Policy, kind: SymbolKind, id: &str) -> Option<String> {
    let mut text = format!("**{}** `{id}`\n\n", kind.name());
    match kind {
        SymbolKind::Tree(tree_kind) => {
            let tree = policy.tree(tree_kind);
            let node_id = tree.lookup(id)?;
            let node = tree.node(node_id)?;
            let mut path: Vec<&str> = tree
                .ancestors(node_id)
                .map(|a| tree.name(a).rsplit('.').next().unwrap_or(""))
                .collect();
            path.reverse();
            let _ = write!(text, "{}\n\n{}", path.join(" › "), node.description);
        }
        SymbolKind::Condition => {
            let c = policy.condition(policy.condition_id(id)?)?;
            text.push_str(&c.description);
        }
        SymbolKind::Product => {
            let product_id = policy.product_id(id)?;
            let p = policy.product(product_id)?;
            text.push_str(&p.description);
            text.push_str("\n\nGrants (its own and the default block's):\n");
            text.push_str(&grants(policy, product_id));
        }
    }
    Some(text)
}

fn grants(policy: &Policy, product: ProductId) -> String {
    let mut out = String::new();
    for (_, g) in policy.effective_grants(product) {
        let list = |names: Vec<&str>| {
            if names.len() == 1 {
                names.join("")
            } else {
                format!("[{}]", names.join(", "))
            }
        };
        let cats = list(
            g.categories
                .iter()
                .map(|c| policy.categories.name(c.id))
                .collect(),
        );
        let purposes = list(
            g.purposes
                .iter()
                .map(|c| policy.purposes.name(c.id))
                .collect(),
        );
        let sources = list(
            g.sources
                .iter()
                .map(|c| policy.sources.name(c.id))
                .collect(),
        );
        let _ = write!(out, "- `collect {cats} for {purposes} from {sources}");
        if !g.conditions.is_empty() {
            let conditions: Vec<&str> = g
                .conditions
                .iter()
                .filter_map(|c| policy.condition(c.id))
                .map(|c| c.id.as_str())
                .collect();
            let _ = write!(out, " when {}", list(conditions));
        }
        let origin = if g.product.is_none() {
            " (default)"
        } else {
            ""
        };
        let _ = writeln!(out, "`{origin}");
    }
    out
}

/// The ids of `kind` with their descriptions, for completion.
pub fn candidates(policy: &Policy, kind: SymbolKind) -> Vec<(String, String)> {
    match kind {
        SymbolKind::Tree(t) => policy
            .tree(t)
            .iter()
            .map(|(_, n)| (n.id.clone(), n.description.clone()))
            .collect(),
        SymbolKind::Condition => policy
            .conditions
            .iter()
            .map(|c| (c.id.clone(), c.description.clone()))
            .collect(),
        SymbolKind::Product => policy
            .products
            .iter()
            .map(|p| (p.id.clone(), p.description.clone()))
            .collect(),
    }
}

/// Where completion happens: the kind of id expected, and the byte range of the id typed so
/// far (which an accepted item replaces as a whole, dots included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompletionSite {
    /// The kind of id expected.
    pub kind: SymbolKind,
    /// The start of the id being typed.
    pub start: usize,
    /// The cursor.
    pub end: usize,
}

fn is_id_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.' || c == '-'
}

/// The start of the (possibly dotted) id that ends at `offset`.
fn id_start(before: &str) -> usize {
    before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_id_char(*c))
        .last()
        .map_or(before.len(), |(i, _)| i)
}

/// The kind of id a manifest key's value holds, from the manifest's field table.
fn manifest_key_kind(key: &str) -> Option<SymbolKind> {
    use crate::manifest::fields::{IdKind, id_kind};
    Some(match id_kind(key)? {
        IdKind::Product => SymbolKind::Product,
        IdKind::Category => SymbolKind::Tree(TreeKind::Category),
        IdKind::Purpose => SymbolKind::Tree(TreeKind::Purpose),
        IdKind::Source => SymbolKind::Tree(TreeKind::Source),
        IdKind::Condition => SymbolKind::Condition,
    })
}

/// What is expected at byte `offset` of a manifest's text: the value of which key, judged in a
/// flow collection (`- {data: x, category: |, purposes: [|]}`) from the brackets and the key
/// before the cursor, else from the key of the line or of the block list the line belongs to.
pub fn manifest_context(text: &str, offset: usize) -> Option<CompletionSite> {
    let before = text.get(..offset)?;
    let start = id_start(before);
    let head = before.get(..start)?;
    let kind = match flow_key(head) {
        Flow::Key(key) => manifest_key_kind(key),
        Flow::NotAValue => None,
        Flow::Block => block_key(head),
    }?;
    Some(CompletionSite {
        kind,
        start,
        end: offset,
    })
}

/// What the text before the cursor says about the value being typed, read backwards on the
/// current line.
enum Flow<'t> {
    /// The value of this key (possibly an element of its flow list).
    Key(&'t str),
    /// A key position, or somewhere no id goes.
    NotAValue,
    /// No flow collection around the cursor: judge by the block structure.
    Block,
}

fn flow_key(head: &str) -> Flow<'_> {
    let line_start = head.rfind('\n').map_or(0, |i| i + 1);
    let line = head.get(line_start..).unwrap_or("");
    let mut depth = 0usize;
    let mut after_comma = false;
    let mut in_list = false;
    for (i, c) in line.char_indices().rev() {
        match c {
            ']' | '}' => depth += 1,
            '[' | '{' if depth > 0 => depth -= 1,
            '[' => {
                if in_list {
                    return Flow::NotAValue;
                }
                // An element of a flow list: the key is the one before the bracket.
                in_list = true;
                after_comma = false;
            }
            '{' => return Flow::NotAValue,
            ',' if depth == 0 && !in_list => after_comma = true,
            ':' if depth == 0 => {
                if after_comma {
                    return Flow::NotAValue;
                }
                let key_part = line.get(..i).unwrap_or("");
                let key = key_part
                    .rsplit(|c: char| c == '{' || c == ',' || c == '-' || c.is_whitespace())
                    .find(|w| !w.is_empty())
                    .unwrap_or("")
                    .trim_matches(|c| c == '"' || c == '\'');
                return Flow::Key(key);
            }
            _ => {}
        }
    }
    if in_list || after_comma {
        Flow::NotAValue
    } else {
        Flow::Block
    }
}

/// The key of a block-style line, or of the block list (`- item`) the line belongs to.
fn block_key(head: &str) -> Option<SymbolKind> {
    let mut lines = head.rsplit('\n');
    let current = lines.next()?;
    let key_of = |line: &str| -> Option<SymbolKind> {
        let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
        let (key, _) = trimmed.split_once(':')?;
        manifest_key_kind(key.trim())
    };
    if let Some(kind) = key_of(current) {
        return Some(kind);
    }
    let indent = current.len() - current.trim_start().len();
    if current.trim_start().starts_with('-') {
        for line in lines {
            let line_indent = line.len() - line.trim_start().len();
            if !line.trim().is_empty() && line_indent < indent {
                return key_of(line);
            }
        }
    }
    None
}

/// What kind of id is expected at byte `offset` of a policy file, judged on the lexer's tokens
/// before the id being typed: the nearest keyword before it says (`collect` and `never` take
/// categories, `for` purposes, `from` sources, `when` conditions). Ids, brackets and commas of
/// a list are passed over; inside a string or a comment, or after a description or a brace,
/// no id is expected.
pub fn policy_context(text: &str, offset: usize) -> Option<CompletionSite> {
    let before = text.get(..offset)?;
    let tokens = lex::lex(before);
    let (start, earlier) = match tokens.split_last() {
        Some((last, earlier)) if last.end == offset => match last.kind {
            TokenKind::Id | TokenKind::Keyword(_) => (last.start, earlier),
            TokenKind::Str { .. } | TokenKind::Comment => return None,
            _ => (offset, tokens.as_slice()),
        },
        _ => (offset, tokens.as_slice()),
    };
    for token in earlier.iter().rev() {
        let kind = match token.kind {
            TokenKind::Keyword(Keyword::Collect | Keyword::Never) => {
                SymbolKind::Tree(TreeKind::Category)
            }
            TokenKind::Keyword(Keyword::For) => SymbolKind::Tree(TreeKind::Purpose),
            TokenKind::Keyword(Keyword::From) => SymbolKind::Tree(TreeKind::Source),
            TokenKind::Keyword(Keyword::When) => SymbolKind::Condition,
            TokenKind::Keyword(_)
            | TokenKind::Str { .. }
            | TokenKind::OpenBrace
            | TokenKind::CloseBrace => return None,
            TokenKind::Id
            | TokenKind::OpenBracket
            | TokenKind::CloseBracket
            | TokenKind::Comma
            | TokenKind::Comment
            | TokenKind::Newline
            | TokenKind::Unknown => continue,
        };
        return Some(CompletionSite {
            kind,
            start,
            end: offset,
        });
    }
    None
}
