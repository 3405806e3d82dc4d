//! Syntax trees to the resolved [`Policy`]: interns every declaration, links each tree node to
//! its parent, resolves every reference in grants and `never` rules, and reports undefined and
//! duplicate names.

use super::ast::{
    GrantDecl, Ident, MapDecl, MapLineDecl, PolicyFile, TreeDecl, TreeKind, UnmappedDecl,
};
use super::model::{
    Condition, ConditionId, ExportChoice, Grant, MapTarget, Mapping, Never, Node, NodeId,
    PlatformMap, Policy, Product, ProductId, Ref, Unmapped,
};
use crate::diagnostic::{Code, Diagnostic};
use crate::limits;
use crate::manifest::Str;
use crate::platform::{Platform, Vocabulary};
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
    for file in files {
        for decl in &file.maps {
            r.map(decl);
        }
    }
    let maps: Vec<&MapDecl> = files.iter().flat_map(|f| &f.maps).collect();
    r.exports(&maps);
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
        // Each id is within the limits as written; nested, it is longer by its parents' ids.
        if let Some(message) = limits::id_breach(kind.name(), &id) {
            self.diags.push(
                Diagnostic::new(Code::PolicySyntax, decl.id.span, message)
                    .with_label("nested too long with its parents' ids")
                    .with_help(format!(
                        "candor reads ids of at most {} bytes and {} dot-separated parts, \
                         parents' ids included; nest fewer levels",
                        limits::ID_BYTES,
                        limits::ID_PARTS
                    )),
            );
            return;
        }
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
                    self.policy
                        .tree(kind)
                        .did_you_mean(&parent)
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

    /// Resolves a `map` block: the store, each store id against the store's closed set, each
    /// target against the policy's trees. A second block for the same store adds to the first.
    /// A store id is mapped or left unmapped once; `export` lines are checked once every block
    /// is read (`exports`).
    fn map(&mut self, decl: &MapDecl) {
        for span in &decl.shared {
            self.diags.push(
                Diagnostic::new(
                    Code::UnusedDefinition,
                    *span,
                    "`shared from` is no longer read: what a store calls sharing is data the app \
                     sends out, judged with the source of its `data` line",
                )
                .with_label("ignored")
                .with_help(
                    "remove this line; a shared data type is judged as a use for the sharing \
                     purposes, from where its `data` line says it comes",
                ),
            );
        }
        let Some(platform) = Platform::of_keyword(&decl.store.name) else {
            let keywords = Platform::ALL.map(Platform::keyword);
            let help = suggest::did_you_mean(&decl.store.name, keywords)
                .unwrap_or_else(|| "a `map` block reads `apple` or `play`".to_owned());
            self.undefined("store", &decl.store, help);
            return;
        };
        let index = match self
            .policy
            .mappings
            .iter()
            .position(|m| m.platform == platform)
        {
            Some(i) => i,
            None => {
                self.policy.mappings.push(PlatformMap {
                    platform,
                    data: Vec::new(),
                    purposes: Vec::new(),
                    unmapped: Vec::new(),
                    exports: Vec::new(),
                    span: decl.store.span,
                });
                self.policy.mappings.len() - 1
            }
        };
        let mut data = Vec::new();
        for line in &decl.data {
            data.extend(self.map_line(platform, Vocabulary::DataType, TreeKind::Category, line));
        }
        let mut purposes = Vec::new();
        for line in &decl.purposes {
            purposes.extend(self.map_line(platform, Vocabulary::Purpose, TreeKind::Purpose, line));
        }
        let mut unmapped = Vec::new();
        for line in &decl.unmapped {
            unmapped.extend(self.unmapped_line(platform, line));
        }
        let Some(map) = self.policy.mappings.get(index) else {
            return;
        };
        let mut map = map.clone();
        for (mapping, written) in data {
            match self.first_line(&map, Vocabulary::DataType, &mapping.store_id) {
                Some(first) => self.duplicate("store id", &written, Some(first)),
                None => map.data.push(mapping),
            }
        }
        for (mapping, written) in purposes {
            match self.first_line(&map, Vocabulary::Purpose, &mapping.store_id) {
                Some(first) => self.duplicate("store id", &written, Some(first)),
                None => map.purposes.push(mapping),
            }
        }
        for (line, written) in unmapped {
            match self.first_line(&map, line.vocabulary, &line.store_id) {
                Some(first) => self.duplicate("store id", &written, Some(first)),
                None => map.unmapped.push(line),
            }
        }
        if let Some(slot) = self.policy.mappings.get_mut(index) {
            *slot = map;
        }
    }

    /// Where `map` first maps or leaves unmapped `store_id` of `vocabulary`.
    fn first_line(
        &self,
        map: &PlatformMap,
        vocabulary: Vocabulary,
        store_id: &str,
    ) -> Option<Span> {
        let lines = match vocabulary {
            Vocabulary::DataType => &map.data,
            Vocabulary::Purpose => &map.purposes,
        };
        lines
            .iter()
            .find(|m| m.store_id == store_id)
            .map(|m| m.span)
            .or_else(|| map.unmapped(vocabulary, store_id).map(|u| u.span))
    }

    /// An `unmapped` line, with the store id as written; `None` when the id is not the store's.
    fn unmapped_line(
        &mut self,
        platform: Platform,
        line: &UnmappedDecl,
    ) -> Option<(Unmapped, Ident)> {
        let vocabulary = if line.data {
            Vocabulary::DataType
        } else {
            Vocabulary::Purpose
        };
        let store_id = self.store_id(platform, vocabulary, &line.store_id)?;
        if line.reason.trim().is_empty() {
            self.diags.push(
                Diagnostic::new(
                    Code::PolicySyntax,
                    line.span,
                    format!("`unmapped` gives no reason for `{}`", line.store_id.name),
                )
                .with_label("empty reason")
                .with_help(
                    "say why the statement has no counterpart for it; a store file that uses it \
                     is told this reason",
                ),
            );
        }
        Some((
            Unmapped {
                store_id,
                vocabulary,
                reason: line.reason.clone(),
                span: line.span,
            },
            line.store_id.clone(),
        ))
    }

    /// The full store id of `written`, or `None` (reported) when it is not in the store's set.
    fn store_id(
        &mut self,
        platform: Platform,
        vocabulary: Vocabulary,
        written: &Ident,
    ) -> Option<String> {
        let store_id = crate::platform::full_id(platform, vocabulary, &written.name);
        let as_str = Str {
            value: store_id.clone(),
            span: written.span,
        };
        if let Some(mut unknown) = crate::platform::check_id(platform, vocabulary, &as_str, true) {
            if store_id != written.name {
                unknown.message = format!(
                    "`{}` (`{store_id}`) is not {}",
                    written.name,
                    vocabulary.noun(platform)
                );
            }
            self.diags.push(unknown);
            return None;
        }
        Some(store_id)
    }

    /// The `export` lines of every `map` block, once all their `data` lines are known: the
    /// category is defined, the store's data type has a `data` line that reads as the category
    /// or a broader one, and a category is exported one way.
    fn exports(&mut self, maps: &[&MapDecl]) {
        for decl in maps {
            let Some(platform) = Platform::of_keyword(&decl.store.name) else {
                continue;
            };
            for line in &decl.exports {
                let Some(category) = self.node(TreeKind::Category, &line.category) else {
                    continue;
                };
                let Some(store_id) = self.store_id(platform, Vocabulary::DataType, &line.store_id)
                else {
                    continue;
                };
                let Some(index) = self
                    .policy
                    .mappings
                    .iter()
                    .position(|m| m.platform == platform)
                else {
                    continue;
                };
                let Some(map) = self.policy.mappings.get(index) else {
                    continue;
                };
                let reads = map.data_type(&store_id).map(|m| {
                    m.targets
                        .iter()
                        .any(|t| self.policy.categories.is_within(category, t.id))
                });
                if reads != Some(true) {
                    let what = match reads {
                        None => format!("no `data {}` line maps it", line.store_id.name),
                        Some(_) => format!(
                            "its `data` line reads it as neither `{}` nor a broader category",
                            line.category.name
                        ),
                    };
                    let mut diag = Diagnostic::new(
                        Code::UndefinedReference,
                        line.store_id.span,
                        format!(
                            "`{}` cannot be exported as `{}`: {what}",
                            line.category.name, line.store_id.name
                        ),
                    )
                    .with_label("not a reading of this category")
                    .with_help(
                        "an export writes one of the data types the map reads as the category: \
                         name one of them, or map this one to it",
                    );
                    if let Some(m) = map.data_type(&store_id) {
                        diag = diag.with_related(m.span, "its `data` line");
                    }
                    self.diags.push(diag);
                    continue;
                }
                if let Some(first) = map.export_choice(category).map(|e| e.span) {
                    self.duplicate("export of category", &line.category, Some(first));
                    continue;
                }
                if let Some(map) = self.policy.mappings.get_mut(index) {
                    map.exports.push(ExportChoice {
                        category,
                        store_id,
                        span: line.span,
                    });
                }
            }
        }
    }

    /// One `data` or `purpose` line of a `map` block, with the store id as written.
    fn map_line(
        &mut self,
        platform: Platform,
        vocabulary: Vocabulary,
        kind: TreeKind,
        line: &MapLineDecl,
    ) -> Option<(Mapping, Ident)> {
        let store_id = self.store_id(platform, vocabulary, &line.store_id)?;
        let targets: Vec<MapTarget> = self
            .nodes(kind, &line.targets)
            .into_iter()
            .map(|r| MapTarget {
                id: r.id,
                span: r.span,
            })
            .collect();
        if targets.is_empty() {
            return None;
        }
        let source = line.source.as_ref().and_then(|s| {
            self.node(TreeKind::Source, s)
                .map(|id| MapTarget { id, span: s.span })
        });
        Some((
            Mapping {
                store_id,
                targets,
                source,
                span: line.span,
            },
            line.store_id.clone(),
        ))
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
            let help = self.reference_help(
                kind.name(),
                &ident.name,
                self.policy.tree(kind).did_you_mean(&ident.name),
            );
            self.undefined(kind.name(), ident, help);
        }
        found
    }

    fn condition(&mut self, ident: &Ident) -> Option<ConditionId> {
        let found = self.policy.condition_id(&ident.name);
        if found.is_none() {
            let suggestion = self.policy.condition_did_you_mean(&ident.name);
            let help = self.reference_help("condition", &ident.name, suggestion);
            self.undefined("condition", ident, help);
        }
        found
    }

    /// "did you mean", or what the name is when it is defined as something else.
    fn reference_help(&self, kind: &str, name: &str, suggestion: Option<String>) -> String {
        if let Some(help) = suggestion {
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
