//! The syntax tree of one policy file, as written: names unresolved, every node spanned.

use crate::source::{FileId, Span};

/// An identifier as written, with its span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    /// The text, possibly dotted.
    pub name: String,
    /// Where it is written.
    pub span: Span,
}

/// Which tree a declaration belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TreeKind {
    /// Kinds of personal data.
    Category,
    /// Reasons for collecting.
    Purpose,
    /// Where data comes from.
    Source,
}

impl TreeKind {
    /// The keyword, also used in messages.
    pub fn name(self) -> &'static str {
        match self {
            TreeKind::Category => "category",
            TreeKind::Purpose => "purpose",
            TreeKind::Source => "source",
        }
    }
}

/// A category, purpose or source declaration with its nested children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeDecl {
    /// The id as written (dotted ids name their parent).
    pub id: Ident,
    /// The description.
    pub description: String,
    /// Children declared in braces.
    pub children: Vec<TreeDecl>,
}

/// A `condition` declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionDecl {
    /// Its id.
    pub id: Ident,
    /// The description.
    pub description: String,
}

/// A `collect` grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantDecl {
    /// Categories granted.
    pub categories: Vec<Ident>,
    /// Purposes granted.
    pub purposes: Vec<Ident>,
    /// Sources granted.
    pub sources: Vec<Ident>,
    /// Conditions the collection requires.
    pub conditions: Vec<Ident>,
    /// The whole statement.
    pub span: Span,
}

/// A `product` declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductDecl {
    /// Its id.
    pub id: Ident,
    /// The description.
    pub description: String,
    /// Its grants.
    pub grants: Vec<GrantDecl>,
}

/// A `default` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefaultDecl {
    /// The `default` keyword.
    pub keyword: Span,
    /// Grants every product has.
    pub grants: Vec<GrantDecl>,
}

/// A `never` rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeverDecl {
    /// The forbidden category (and everything under it).
    pub category: Ident,
    /// The forbidden purposes.
    pub purposes: Vec<Ident>,
    /// Why, if given.
    pub reason: Option<String>,
    /// The whole rule.
    pub span: Span,
}

/// An `include` of another file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncludeDecl {
    /// The path as written, relative to the including file.
    pub path: String,
    /// The span of the quoted path.
    pub span: Span,
}

/// One line of a `map` block: `data ID as CATEGORIES` or `purpose ID as PURPOSES`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapLineDecl {
    /// The store's id as written.
    pub store_id: Ident,
    /// The policy ids it means.
    pub targets: Vec<Ident>,
    /// `from SOURCE` of a `data` line: where the store's data type comes from.
    pub source: Option<Ident>,
    /// The whole line.
    pub span: Span,
}

/// `map STORE { ... }`: what an app store's ids mean in this policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapDecl {
    /// The store's name as written (`apple`, `play`).
    pub store: Ident,
    /// `data` lines.
    pub data: Vec<MapLineDecl>,
    /// `purpose` lines.
    pub purposes: Vec<MapLineDecl>,
    /// `unmapped data|purpose STORE_ID "reason"` lines.
    pub unmapped: Vec<UnmappedDecl>,
    /// `export CATEGORY as STORE_ID` lines.
    pub exports: Vec<ExportDecl>,
    /// `shared from SOURCE` lines: no longer read, each reported.
    pub shared: Vec<Span>,
}

/// `unmapped data STORE_ID "reason"` or `unmapped purpose STORE_ID "reason"`: a store id left
/// unmapped on purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnmappedDecl {
    /// Whether it is a data type (`data`) or a purpose (`purpose`).
    pub data: bool,
    /// The store's id as written.
    pub store_id: Ident,
    /// Why the statement has no counterpart for it.
    pub reason: String,
    /// The whole line.
    pub span: Span,
}

/// `export CATEGORY as STORE_ID`: the store data type an export writes for the category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportDecl {
    /// The category.
    pub category: Ident,
    /// The store's data type as written.
    pub store_id: Ident,
    /// The whole line.
    pub span: Span,
}

/// Everything declared in one policy file, in source order per kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyFile {
    /// The file.
    pub file: FileId,
    /// Includes.
    pub includes: Vec<IncludeDecl>,
    /// Category, purpose and source declarations.
    pub trees: Vec<(TreeKind, TreeDecl)>,
    /// Conditions.
    pub conditions: Vec<ConditionDecl>,
    /// Products.
    pub products: Vec<ProductDecl>,
    /// Default blocks.
    pub defaults: Vec<DefaultDecl>,
    /// Never rules.
    pub nevers: Vec<NeverDecl>,
    /// Store mappings.
    pub maps: Vec<MapDecl>,
}

impl PolicyFile {
    /// An empty file.
    pub fn empty(file: FileId) -> Self {
        PolicyFile {
            file,
            includes: Vec::new(),
            trees: Vec::new(),
            conditions: Vec::new(),
            products: Vec::new(),
            defaults: Vec::new(),
            nevers: Vec::new(),
            maps: Vec::new(),
        }
    }

    /// Whether nothing at all was declared.
    pub fn is_empty(&self) -> bool {
        self.includes.is_empty()
            && self.trees.is_empty()
            && self.conditions.is_empty()
            && self.products.is_empty()
            && self.defaults.is_empty()
            && self.nevers.is_empty()
            && self.maps.is_empty()
    }

    /// The same declarations with every span emptied at the start of the file: what the file
    /// says, whatever its layout. Formatting a file must not change it.
    pub fn without_spans(&self) -> PolicyFile {
        let blank = Span::new(self.file, 0, 0);
        let ident = |i: &Ident| Ident {
            name: i.name.clone(),
            span: blank,
        };
        let idents = |list: &[Ident]| list.iter().map(ident).collect::<Vec<_>>();
        let grant = |g: &GrantDecl| GrantDecl {
            categories: idents(&g.categories),
            purposes: idents(&g.purposes),
            sources: idents(&g.sources),
            conditions: idents(&g.conditions),
            span: blank,
        };
        PolicyFile {
            file: self.file,
            includes: self
                .includes
                .iter()
                .map(|i| IncludeDecl {
                    path: i.path.clone(),
                    span: blank,
                })
                .collect(),
            trees: self
                .trees
                .iter()
                .map(|(kind, tree)| (*kind, tree_without_spans(tree, blank)))
                .collect(),
            conditions: self
                .conditions
                .iter()
                .map(|c| ConditionDecl {
                    id: ident(&c.id),
                    description: c.description.clone(),
                })
                .collect(),
            products: self
                .products
                .iter()
                .map(|p| ProductDecl {
                    id: ident(&p.id),
                    description: p.description.clone(),
                    grants: p.grants.iter().map(grant).collect(),
                })
                .collect(),
            defaults: self
                .defaults
                .iter()
                .map(|d| DefaultDecl {
                    keyword: blank,
                    grants: d.grants.iter().map(grant).collect(),
                })
                .collect(),
            nevers: self
                .nevers
                .iter()
                .map(|n| NeverDecl {
                    category: ident(&n.category),
                    purposes: idents(&n.purposes),
                    reason: n.reason.clone(),
                    span: blank,
                })
                .collect(),
            maps: self
                .maps
                .iter()
                .map(|m| {
                    let line = |l: &MapLineDecl| MapLineDecl {
                        store_id: ident(&l.store_id),
                        targets: idents(&l.targets),
                        source: l.source.as_ref().map(ident),
                        span: blank,
                    };
                    MapDecl {
                        store: ident(&m.store),
                        data: m.data.iter().map(line).collect(),
                        purposes: m.purposes.iter().map(line).collect(),
                        unmapped: m
                            .unmapped
                            .iter()
                            .map(|u| UnmappedDecl {
                                data: u.data,
                                store_id: ident(&u.store_id),
                                reason: u.reason.clone(),
                                span: blank,
                            })
                            .collect(),
                        exports: m
                            .exports
                            .iter()
                            .map(|e| ExportDecl {
                                category: ident(&e.category),
                                store_id: ident(&e.store_id),
                                span: blank,
                            })
                            .collect(),
                        shared: m.shared.iter().map(|_| blank).collect(),
                    }
                })
                .collect(),
        }
    }
}

/// A tree declaration with every span replaced by `blank`.
fn tree_without_spans(tree: &TreeDecl, blank: Span) -> TreeDecl {
    TreeDecl {
        id: Ident {
            name: tree.id.name.clone(),
            span: blank,
        },
        description: tree.description.clone(),
        children: tree
            .children
            .iter()
            .map(|child| tree_without_spans(child, blank))
            .collect(),
    }
}
