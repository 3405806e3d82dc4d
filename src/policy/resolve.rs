//! Syntax trees to the resolved [`Policy`]: interns every declaration, links each tree node to
//! its parent, resolves every reference in grants and `never` rules, and reports undefined and
//! duplicate names.

use super::ast::{GrantDecl, Ident, PolicyFile, TreeDecl, TreeKind};
use super::model::{
    Condition, ConditionId, Grant, Never, Node, NodeId, Policy, Product, ProductId, Ref,
};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::Span;
use crate::suggest;

/// Resolves the files of one policy (the root and everything it includes) into one model.
pub fn resolve(files: &[PolicyFile]) -> (Policy, Vec<Diagnostic>) {
    let mut r = Resolver {
        policy: Policy::default(),
        diags: Vec::new(),
    };
    for file in files {
        for (kind, decl) in &file.trees {
            r.declare_tree(*kind, decl, None);
        }
    }
    r.link_parents();
    for file in files {
        for decl in &file.conditions {
            let condition = Condition {
                id: decl.id.name.clone(),
                description: decl.description.clone(),
                span: decl.id.span,
            };
            if let Err(first) = r.policy.add_condition(condition) {
                let first = r.policy.condition(first).map(|c| c.span);
                r.duplicate("condition", &decl.id, first);
            }
        }
        for decl in &file.products {
            let product = Product {
                id: decl.id.name.clone(),
                description: decl.description.clone(),
                span: decl.id.span,
                grants: Vec::new(),
            };
            if let Err(first) = r.policy.add_product(product) {
                let first = r.policy.product(first).map(|p| p.span);
                r.duplicate("product", &decl.id, first);
            }
        }
    }
    for file in files {
        for block in &file.defaults {
            for grant in &block.grants {
                r.grant(grant, None);
            }
        }
        for decl in &file.products {
            // A duplicate product's grants go to the first declaration: one product, one id.
            let product = r.policy.product_id(&decl.id.name);
            for grant in &decl.grants {
                r.grant(grant, product);
            }
        }
        for decl in &file.nevers {
            let purposes = r.nodes(TreeKind::Purpose, &decl.purposes);
            if let Some(category) = r.node(TreeKind::Category, &decl.category) {
                r.policy.nevers.push(Never {
                    category: Ref {
                        id: category,
                        span: decl.category.span,
                    },
                    purposes,
                    reason: decl.reason.clone(),
                    span: decl.span,
                });
            }
        }
    }
    (r.policy, r.diags)
}

struct Resolver {
    policy: Policy,
    diags: Vec<Diagnostic>,
}

impl Resolver {
    /// Interns `decl` and its children; `parent` is the full id of the enclosing node.
    fn declare_tree(&mut self, kind: TreeKind, decl: &TreeDecl, parent: Option<&str>) {
        let id = match parent {
            Some(parent) => format!("{parent}.{}", decl.id.name),
            None => decl.id.name.clone(),
        };
        let node = Node {
            id: id.clone(),
            description: decl.description.clone(),
            span: decl.id.span,
            parent: None,
        };
        let tree = self.policy.tree_mut(kind);
        if let Err(first) = tree.insert(node) {
            let first = tree.node(first).map(|n| n.span);
            let shown = Ident {
                name: id.clone(),
                span: decl.id.span,
            };
            self.duplicate(kind.name(), &shown, first);
        }
        for child in &decl.children {
            self.declare_tree(kind, child, Some(&id));
        }
    }

    /// Links every node to the node its dotted id names as parent.
    fn link_parents(&mut self) {
        for kind in [TreeKind::Category, TreeKind::Purpose, TreeKind::Source] {
            let tree = self.policy.tree(kind);
            let mut links = Vec::new();
            let mut missing = Vec::new();
            for (id, node) in tree.iter() {
                let Some((parent, _)) = node.id.rsplit_once('.') else {
                    continue;
                };
                match tree.lookup(parent) {
                    Some(parent) => links.push((id, parent)),
                    None => missing.push((node.id.clone(), parent.to_owned(), node.span)),
                }
            }
            let tree = self.policy.tree_mut(kind);
            for (child, parent) in links {
                tree.set_parent(child, parent);
            }
            for (child, parent, span) in missing {
                let kind_name = kind.name();
                let mut diag = Diagnostic::new(
                    Code::UndefinedReference,
                    span,
                    format!("{kind_name} `{parent}` is not defined"),
                )
                .with_label(format!("`{child}` names `{parent}` as its parent"));
                diag.help = Some(
                    suggest::did_you_mean(&parent, self.policy.tree(kind).names())
                        .unwrap_or_else(|| format!("declare it: `{kind_name} {parent} \"...\"`")),
                );
                self.diags.push(diag);
            }
        }
    }

    fn duplicate(&mut self, kind: &str, ident: &Ident, first: Option<Span>) {
        let mut diag = Diagnostic::new(
            Code::DuplicateDefinition,
            ident.span,
            format!("{kind} `{}` is defined twice", ident.name),
        )
        .with_label("defined again here")
        .with_help(format!(
            "remove one of the two, or rename one; a {kind} id names one thing"
        ));
        if let Some(first) = first {
            diag = diag.with_related(first, "first defined here");
        }
        self.diags.push(diag);
    }

    fn grant(&mut self, decl: &GrantDecl, product: Option<ProductId>) {
        let grant = Grant {
            product,
            categories: self.nodes(TreeKind::Category, &decl.categories),
            purposes: self.nodes(TreeKind::Purpose, &decl.purposes),
            sources: self.nodes(TreeKind::Source, &decl.sources),
            conditions: decl
                .conditions
                .iter()
                .filter_map(|c| self.condition(c).map(|id| Ref { id, span: c.span }))
                .collect(),
            span: decl.span,
        };
        self.policy.add_grant(grant);
    }

    fn nodes(&mut self, kind: TreeKind, idents: &[Ident]) -> Vec<Ref<NodeId>> {
        idents
            .iter()
            .filter_map(|ident| {
                self.node(kind, ident).map(|id| Ref {
                    id,
                    span: ident.span,
                })
            })
            .collect()
    }

    fn node(&mut self, kind: TreeKind, ident: &Ident) -> Option<NodeId> {
        let found = self.policy.tree(kind).lookup(&ident.name);
        if found.is_none() {
            let help =
                self.reference_help(kind.name(), &ident.name, self.policy.tree(kind).names());
            self.undefined(kind.name(), ident, help);
        }
        found
    }

    fn condition(&mut self, ident: &Ident) -> Option<ConditionId> {
        let found = self.policy.condition_id(&ident.name);
        if found.is_none() {
            let names = self.policy.conditions.iter().map(|c| c.id.as_str());
            let help = self.reference_help("condition", &ident.name, names);
            self.undefined("condition", ident, help);
        }
        found
    }

    /// "did you mean", or what the name is when it is defined as something else.
    fn reference_help<'a>(
        &self,
        kind: &str,
        name: &str,
        names: impl IntoIterator<Item = &'a str>,
    ) -> String {
        if let Some(help) = suggest::did_you_mean(name, names) {
            return help;
        }
        let other = [TreeKind::Category, TreeKind::Purpose, TreeKind::Source]
            .into_iter()
            .find(|k| self.policy.tree(*k).lookup(name).is_some())
            .map(TreeKind::name)
            .or_else(|| self.policy.condition_id(name).map(|_| "condition"))
            .or_else(|| self.policy.product_id(name).map(|_| "product"));
        match other {
            Some(other) => format!("`{name}` is a {other}, not a {kind}"),
            None => format!("declare it: `{kind} {name} \"...\"`"),
        }
    }

    fn undefined(&mut self, kind: &str, ident: &Ident, help: String) {
        self.diags.push(
            Diagnostic::new(
                Code::UndefinedReference,
                ident.span,
                format!("{kind} `{}` is not defined", ident.name),
            )
            .with_label(format!("not a declared {kind}"))
            .with_help(help),
        );
    }
}
