//! The resolved policy: interned ids, the category, purpose and source trees with ancestor
//! lookups, conditions, products, and each product's effective grants (its own plus the default
//! block's). Built by [`super::resolve`]; read by the checker, the linter and the editor tools.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::ast::TreeKind;
use crate::source::Span;
use crate::suggest;

/// The maps from ids to what they name, looked up for every id of every manifest: hashed
/// with foldhash, seeded at random per process (so a hostile policy cannot pick colliding
/// ids), several times faster than the standard hasher on short keys.
type IdMap<V> = HashMap<String, V, foldhash::fast::RandomState>;

/// An interned node of a tree (a category, a purpose or a source).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

/// An interned condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConditionId(pub u32);

/// An interned product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProductId(pub u32);

/// An index into [`Policy::grants`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GrantId(pub u32);

/// A declared node of a tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The full dotted id.
    pub id: String,
    /// The description.
    pub description: String,
    /// Where its id is declared.
    pub span: Span,
    /// The enclosing node, if any.
    pub parent: Option<NodeId>,
}

/// A tree of dotted ids: categories, purposes or sources.
#[derive(Debug, Clone)]
pub struct Tree {
    /// Which tree.
    pub kind: TreeKind,
    nodes: Vec<Node>,
    index: IdMap<NodeId>,
    /// The "did you mean" index of the ids, built the first time a suggestion is asked for.
    suggestions: OnceLock<suggest::Index>,
}

impl Tree {
    /// An empty tree.
    pub fn new(kind: TreeKind) -> Self {
        Tree {
            kind,
            nodes: Vec::new(),
            index: IdMap::default(),
            suggestions: OnceLock::new(),
        }
    }

    /// Adds a node unless its id exists; returns the existing node's id as `Err` then.
    pub(crate) fn insert(&mut self, node: Node) -> Result<NodeId, NodeId> {
        if let Some(&existing) = self.index.get(&node.id) {
            return Err(existing);
        }
        let id = NodeId(u32::try_from(self.nodes.len()).unwrap_or(u32::MAX));
        self.index.insert(node.id.clone(), id);
        self.nodes.push(node);
        self.suggestions = OnceLock::new();
        Ok(id)
    }

    pub(crate) fn set_parent(&mut self, child: NodeId, parent: NodeId) {
        if let Some(node) = self.nodes.get_mut(child.0 as usize) {
            node.parent = Some(parent);
        }
    }

    /// The node with the full id `id`.
    pub fn lookup(&self, id: &str) -> Option<NodeId> {
        self.index.get(id).copied()
    }

    /// The node `id`.
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id.0 as usize)
    }

    /// The full dotted id of `id`.
    pub fn name(&self, id: NodeId) -> &str {
        self.node(id).map_or("", |n| n.id.as_str())
    }

    /// Every node with its id, in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = (NodeId, &Node)> {
        self.nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (NodeId(i as u32), n))
    }

    /// The number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the tree has no node.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// `id` and then each of its ancestors, nearest first.
    pub fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(Some(id), move |&n| {
            self.node(n).and_then(|node| node.parent)
        })
    }

    /// How many levels `ancestor` is above `id` (0 when they are the same), or `None` when
    /// `ancestor` is not `id` nor one of its ancestors.
    pub fn distance(&self, id: NodeId, ancestor: NodeId) -> Option<usize> {
        self.ancestors(id).position(|n| n == ancestor)
    }

    /// Whether `id` is `ancestor` or descends from it.
    pub fn is_within(&self, id: NodeId, ancestor: NodeId) -> bool {
        self.distance(id, ancestor).is_some()
    }

    /// Whether one of the two is within the other.
    pub fn overlaps(&self, a: NodeId, b: NodeId) -> bool {
        self.is_within(a, b) || self.is_within(b, a)
    }

    /// Every full id, for "did you mean" suggestions.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.nodes.iter().map(|n| n.id.as_str())
    }

    /// The id nearest to `name` (see [`suggest::nearest`]), through an index of the ids built
    /// once.
    pub fn nearest(&self, name: &str) -> Option<&str> {
        self.suggestions
            .get_or_init(|| suggest::Index::new(self.names()))
            .nearest(name)
    }

    /// ``did you mean `x`?`` for the id nearest to `name`.
    pub fn did_you_mean(&self, name: &str) -> Option<String> {
        self.nearest(name).map(suggest::phrase)
    }
}

/// A declared condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// Its id.
    pub id: String,
    /// The description.
    pub description: String,
    /// Where its id is declared.
    pub span: Span,
}

/// A declared product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    /// Its id.
    pub id: String,
    /// The description.
    pub description: String,
    /// Where its id is declared.
    pub span: Span,
    /// Its own grants (not the default block's).
    pub grants: Vec<GrantId>,
}

/// A resolved reference: the node it names and where it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ref<T> {
    /// What it names.
    pub id: T,
    /// Where it is written.
    pub span: Span,
}

/// A resolved `collect` grant. References that did not resolve are left out (and reported).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The product it belongs to, or `None` for the default block.
    pub product: Option<ProductId>,
    /// Categories granted.
    pub categories: Vec<Ref<NodeId>>,
    /// Purposes granted.
    pub purposes: Vec<Ref<NodeId>>,
    /// Sources granted.
    pub sources: Vec<Ref<NodeId>>,
    /// Conditions required.
    pub conditions: Vec<Ref<ConditionId>>,
    /// The whole statement.
    pub span: Span,
}

/// A resolved `never` rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Never {
    /// The forbidden category.
    pub category: Ref<NodeId>,
    /// The forbidden purposes.
    pub purposes: Vec<Ref<NodeId>>,
    /// Why.
    pub reason: Option<String>,
    /// The whole rule.
    pub span: Span,
}

/// A whole resolved policy.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Kinds of personal data.
    pub categories: Tree,
    /// Reasons for collecting.
    pub purposes: Tree,
    /// Where data comes from.
    pub sources: Tree,
    /// Gates.
    pub conditions: Vec<Condition>,
    /// Products.
    pub products: Vec<Product>,
    /// Every grant, the default block's and the products'.
    pub grants: Vec<Grant>,
    /// Never rules.
    pub nevers: Vec<Never>,
    /// What the app stores' ids mean in this policy's terms, per store.
    pub mappings: Vec<PlatformMap>,
    condition_index: IdMap<ConditionId>,
    product_index: IdMap<ProductId>,
    /// The "did you mean" indexes of the condition and product ids, built when first asked.
    condition_suggestions: OnceLock<suggest::Index>,
    product_suggestions: OnceLock<suggest::Index>,
}

/// One policy id a store id maps to, and where the mapping names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapTarget {
    /// The policy node (a category or a purpose).
    pub id: NodeId,
    /// Where the mapping names it.
    pub span: Span,
}

/// One line of a `map` block: a store id and the policy ids it means (covered when any one is
/// covered).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    /// The store's id, in full (`NSPrivacyCollectedDataTypeEmailAddress`, `PSL_EMAIL`).
    pub store_id: String,
    /// The policy ids it means.
    pub targets: Vec<MapTarget>,
    /// Where a data type comes from (`from SOURCE`), when the line says.
    pub source: Option<MapTarget>,
    /// The whole line.
    pub span: Span,
}

/// How a policy reads one store's declarations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformMap {
    /// The store.
    pub platform: crate::platform::Platform,
    /// Data types to categories.
    pub data: Vec<Mapping>,
    /// Purposes (and Apple's tracking) to purposes.
    pub purposes: Vec<Mapping>,
    /// Store ids left unmapped on purpose, with why.
    pub unmapped: Vec<Unmapped>,
    /// The data type exports write for a category several `data` lines read as.
    pub exports: Vec<ExportChoice>,
    /// The `map` keyword and the store's name.
    pub span: Span,
}

/// A store id the statement has no counterpart for, left unmapped on purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmapped {
    /// The store's id, in full.
    pub store_id: String,
    /// A data type or a purpose.
    pub vocabulary: crate::platform::Vocabulary,
    /// Why the statement has no counterpart for it.
    pub reason: String,
    /// The whole line.
    pub span: Span,
}

/// `export CATEGORY as STORE_ID`: which of the data types read as a category an export writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportChoice {
    /// The category.
    pub category: NodeId,
    /// The store's data type, in full.
    pub store_id: String,
    /// The whole line.
    pub span: Span,
}

impl PlatformMap {
    /// The data-type mapping of `store_id`.
    pub fn data_type(&self, store_id: &str) -> Option<&Mapping> {
        self.data.iter().find(|m| m.store_id == store_id)
    }

    /// The purpose mapping of `store_id`.
    pub fn purpose(&self, store_id: &str) -> Option<&Mapping> {
        self.purposes.iter().find(|m| m.store_id == store_id)
    }

    /// Why `store_id` of the store's set `vocabulary` is left unmapped, when it is on purpose.
    pub fn unmapped(
        &self,
        vocabulary: crate::platform::Vocabulary,
        store_id: &str,
    ) -> Option<&Unmapped> {
        self.unmapped
            .iter()
            .find(|u| u.vocabulary == vocabulary && u.store_id == store_id)
    }

    /// The data type exports write for `category`, when the map chooses one.
    pub fn export_choice(&self, category: NodeId) -> Option<&ExportChoice> {
        self.exports.iter().find(|e| e.category == category)
    }

    /// The mapping of `store_id` in the store's set `vocabulary`.
    pub fn find(
        &self,
        vocabulary: crate::platform::Vocabulary,
        store_id: &str,
    ) -> Option<&Mapping> {
        match vocabulary {
            crate::platform::Vocabulary::DataType => self.data_type(store_id),
            crate::platform::Vocabulary::Purpose => self.purpose(store_id),
        }
    }
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            categories: Tree::new(TreeKind::Category),
            purposes: Tree::new(TreeKind::Purpose),
            sources: Tree::new(TreeKind::Source),
            conditions: Vec::new(),
            products: Vec::new(),
            grants: Vec::new(),
            nevers: Vec::new(),
            mappings: Vec::new(),
            condition_index: IdMap::default(),
            product_index: IdMap::default(),
            condition_suggestions: OnceLock::new(),
            product_suggestions: OnceLock::new(),
        }
    }
}

impl Policy {
    /// The tree of kind `kind`.
    pub fn tree(&self, kind: TreeKind) -> &Tree {
        match kind {
            TreeKind::Category => &self.categories,
            TreeKind::Purpose => &self.purposes,
            TreeKind::Source => &self.sources,
        }
    }

    pub(crate) fn tree_mut(&mut self, kind: TreeKind) -> &mut Tree {
        match kind {
            TreeKind::Category => &mut self.categories,
            TreeKind::Purpose => &mut self.purposes,
            TreeKind::Source => &mut self.sources,
        }
    }

    /// Adds a condition unless its id exists; returns the existing one as `Err` then.
    pub(crate) fn add_condition(
        &mut self,
        condition: Condition,
    ) -> Result<ConditionId, ConditionId> {
        if let Some(&existing) = self.condition_index.get(&condition.id) {
            return Err(existing);
        }
        let id = ConditionId(u32::try_from(self.conditions.len()).unwrap_or(u32::MAX));
        self.condition_index.insert(condition.id.clone(), id);
        self.conditions.push(condition);
        self.condition_suggestions = OnceLock::new();
        Ok(id)
    }

    /// Adds a product unless its id exists; returns the existing one as `Err` then.
    pub(crate) fn add_product(&mut self, product: Product) -> Result<ProductId, ProductId> {
        if let Some(&existing) = self.product_index.get(&product.id) {
            return Err(existing);
        }
        let id = ProductId(u32::try_from(self.products.len()).unwrap_or(u32::MAX));
        self.product_index.insert(product.id.clone(), id);
        self.products.push(product);
        self.product_suggestions = OnceLock::new();
        Ok(id)
    }

    pub(crate) fn add_grant(&mut self, grant: Grant) -> GrantId {
        let id = GrantId(u32::try_from(self.grants.len()).unwrap_or(u32::MAX));
        if let Some(product) = grant
            .product
            .and_then(|p| self.products.get_mut(p.0 as usize))
        {
            product.grants.push(id);
        }
        self.grants.push(grant);
        id
    }

    /// How the policy reads `platform`'s declarations, if it says.
    pub fn mapping(&self, platform: crate::platform::Platform) -> Option<&PlatformMap> {
        self.mappings.iter().find(|m| m.platform == platform)
    }

    /// The id of the condition named `id`.
    pub fn condition_id(&self, id: &str) -> Option<ConditionId> {
        self.condition_index.get(id).copied()
    }

    /// The condition `id`.
    pub fn condition(&self, id: ConditionId) -> Option<&Condition> {
        self.conditions.get(id.0 as usize)
    }

    /// The product named `id`.
    pub fn product_id(&self, id: &str) -> Option<ProductId> {
        self.product_index.get(id).copied()
    }

    /// The condition id nearest to `name`.
    pub fn condition_nearest(&self, name: &str) -> Option<&str> {
        self.condition_suggestions
            .get_or_init(|| suggest::Index::new(self.conditions.iter().map(|c| c.id.as_str())))
            .nearest(name)
    }

    /// ``did you mean `x`?`` for the condition id nearest to `name`.
    pub fn condition_did_you_mean(&self, name: &str) -> Option<String> {
        self.condition_nearest(name).map(suggest::phrase)
    }

    /// The product id nearest to `name`.
    pub fn product_nearest(&self, name: &str) -> Option<&str> {
        self.product_suggestions
            .get_or_init(|| suggest::Index::new(self.products.iter().map(|p| p.id.as_str())))
            .nearest(name)
    }

    /// ``did you mean `x`?`` for the product id nearest to `name`.
    pub fn product_did_you_mean(&self, name: &str) -> Option<String> {
        self.product_nearest(name).map(suggest::phrase)
    }

    /// The product `id`.
    pub fn product(&self, id: ProductId) -> Option<&Product> {
        self.products.get(id.0 as usize)
    }

    /// The grant `id`.
    pub fn grant(&self, id: GrantId) -> Option<&Grant> {
        self.grants.get(id.0 as usize)
    }

    /// Whether the rule `never` covers `category` for `purpose`: the rule's category equals,
    /// contains or is contained in the category, and one of its purposes equals, contains or
    /// is contained in the purpose (DESIGN §3: a never rule also covers what is broader than
    /// it). The one reading of a never rule: the judgement and policy lint both ask it.
    pub fn never_covers(&self, never: &Never, category: NodeId, purpose: NodeId) -> bool {
        self.categories.overlaps(category, never.category.id)
            && never
                .purposes
                .iter()
                .any(|p| self.purposes.overlaps(purpose, p.id))
    }

    /// The grants `product` has: the default block's, then its own, in declaration order.
    pub fn effective_grants(&self, product: ProductId) -> impl Iterator<Item = (GrantId, &Grant)> {
        self.grants
            .iter()
            .enumerate()
            .filter(move |(_, g)| g.product.is_none() || g.product == Some(product))
            .map(|(i, g)| (GrantId(i as u32), g))
    }
}
