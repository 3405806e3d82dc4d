//! The one judgement: is this entry allowed, and why (DESIGN §3). Given resolved ids (a
//! product, a category, purposes, a source, conditions) it returns a verdict per purpose with
//! the grant or `never` rule that decided it, and the product's grants of the category a
//! finding's notes list. Manifests and store files are judged by it, export places entries by
//! it, and policy lint's `contradiction` reads grants with the same
//! [`Policy::never_covers`]. Nothing here makes a diagnostic; `coverage` and
//! `forbidden` render them from a [`Judgement`].

use crate::policy::Policy;
use crate::policy::model::{ConditionId, Grant, GrantId, NodeId, ProductId};

/// What is judged: one entry's resolved ids.
#[derive(Debug, Clone, Copy)]
pub struct Query<'a> {
    /// The product, or `None` when it is unknown (only `never` rules are judged then).
    pub product: Option<ProductId>,
    /// The category.
    pub category: NodeId,
    /// The purposes, each once.
    pub purposes: &'a [NodeId],
    /// The source, or `None` when it is unknown (only collection and purpose are judged then).
    pub source: Option<NodeId>,
    /// The conditions the entry lists.
    pub conditions: &'a [ConditionId],
}

/// What the policy says about one purpose of an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Covered by a grant of the exact category (clear).
    Clear(GrantId),
    /// Covered only through an ancestor category, `distance` levels up (vague).
    Vague {
        /// The covering grant.
        grant: GrantId,
        /// Levels between the entry's category and the grant's.
        distance: usize,
    },
    /// A `never` rule covers it (incorrect): the rule's index in the policy.
    Forbidden(usize),
    /// No grant of the product names the category or an ancestor (omitted).
    Omitted,
    /// Grants name the category, none for this purpose.
    WrongPurpose,
    /// Category and purpose are granted, not from this source.
    WrongSource,
    /// Granted from the source, but the grant needing the fewest requires conditions the entry
    /// does not list.
    MissingCondition {
        /// That grant.
        grant: GrantId,
        /// The conditions it requires that the entry does not list.
        missing: Vec<ConditionId>,
    },
    /// Category and purpose are granted; the source is unknown, so nothing more is judged.
    SourceUnknown,
    /// The product is unknown and no `never` rule forbids it: nothing more is judged.
    Unjudged,
}

impl Verdict {
    /// Whether the verdict is an error-level finding.
    pub fn is_error(&self) -> bool {
        !matches!(
            self,
            Verdict::Clear(_) | Verdict::Vague { .. } | Verdict::SourceUnknown | Verdict::Unjudged
        )
    }
}

/// The answer to a [`Query`].
#[derive(Debug, Clone, Default)]
pub struct Judgement {
    /// One verdict per purpose, in the query's order.
    pub verdicts: Vec<(NodeId, Verdict)>,
    /// The product's grants (its own and the default block's) that name the category or an
    /// ancestor, in the policy's order.
    pub granted: Vec<GrantId>,
    /// Every grant that covers one of the purposes in full.
    pub used: Vec<GrantId>,
}

impl Judgement {
    /// The verdict of `purpose`, if it was asked.
    pub fn verdict(&self, purpose: NodeId) -> Option<&Verdict> {
        self.verdicts
            .iter()
            .find(|(p, _)| *p == purpose)
            .map(|(_, v)| v)
    }
}

/// Judges `query` against `policy`.
pub fn judge(policy: &Policy, query: &Query<'_>) -> Judgement {
    let granted: Vec<GrantId> = match query.product {
        Some(product) => policy
            .effective_grants(product)
            .filter(|(_, g)| names_category(policy, g, query.category))
            .map(|(id, _)| id)
            .collect(),
        None => Vec::new(),
    };
    let mut used = Vec::new();
    let verdicts = query
        .purposes
        .iter()
        .map(|&purpose| {
            (
                purpose,
                verdict(policy, query, purpose, &granted, &mut used),
            )
        })
        .collect();
    used.sort_unstable();
    used.dedup();
    Judgement {
        verdicts,
        granted,
        used,
    }
}

/// The verdict of `purpose`, given the product's grants of the category (`granted`); the
/// grants that cover it in full are added to `used`.
fn verdict(
    policy: &Policy,
    query: &Query<'_>,
    purpose: NodeId,
    granted: &[GrantId],
    used: &mut Vec<GrantId>,
) -> Verdict {
    if let Some(rule) = forbidding(policy, query.category, purpose) {
        return Verdict::Forbidden(rule);
    }
    if query.product.is_none() {
        return Verdict::Unjudged;
    }
    if granted.is_empty() {
        return Verdict::Omitted;
    }
    // The product's grants of the category that name the purpose (iterated, not collected:
    // this runs for every purpose of every entry).
    let by_purpose = || {
        granted
            .iter()
            .filter_map(|id| policy.grants.get(id.0 as usize).map(|g| (*id, g)))
            .filter(|(_, g)| names_purpose(policy, g, purpose))
    };
    if by_purpose().next().is_none() {
        return Verdict::WrongPurpose;
    }
    let Some(source) = query.source else {
        return Verdict::SourceUnknown;
    };
    let mut best: Option<(usize, GrantId)> = None;
    let mut fewest_missing: Option<(GrantId, Vec<ConditionId>)> = None;
    for (id, grant) in by_purpose() {
        if !names_source(policy, grant, source) {
            continue;
        }
        let missing = || {
            grant
                .conditions
                .iter()
                .map(|c| c.id)
                .filter(|c| !query.conditions.contains(c))
        };
        let count = missing().count();
        if count > 0 {
            if fewest_missing.as_ref().is_none_or(|(_, m)| count < m.len()) {
                fewest_missing = Some((id, missing().collect()));
            }
            continue;
        }
        used.push(id);
        let distance = grant
            .categories
            .iter()
            .filter_map(|c| policy.categories.distance(query.category, c.id))
            .min()
            .unwrap_or(0);
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, id));
        }
    }
    match (best, fewest_missing) {
        (Some((0, grant)), _) => Verdict::Clear(grant),
        (Some((distance, grant)), _) => Verdict::Vague { grant, distance },
        (None, Some((grant, missing))) => Verdict::MissingCondition { grant, missing },
        (None, None) => Verdict::WrongSource,
    }
}

/// Whether `grant` names `category` or one of its ancestors.
fn names_category(policy: &Policy, grant: &Grant, category: NodeId) -> bool {
    grant
        .categories
        .iter()
        .any(|c| policy.categories.is_within(category, c.id))
}

/// Whether `grant` names `purpose` or one of its ancestors.
fn names_purpose(policy: &Policy, grant: &Grant, purpose: NodeId) -> bool {
    grant
        .purposes
        .iter()
        .any(|p| policy.purposes.is_within(purpose, p.id))
}

/// Whether `grant` names `source` or one of its ancestors.
fn names_source(policy: &Policy, grant: &Grant, source: NodeId) -> bool {
    grant
        .sources
        .iter()
        .any(|s| policy.sources.is_within(source, s.id))
}

/// The grants of `product` that cover an entry of `category` for `purpose` from `source`
/// whatever conditions they require: the same reading [`judge`] makes, for a caller that asks
/// which conditions would be enough (`diff`).
pub fn covering(
    policy: &Policy,
    product: ProductId,
    category: NodeId,
    purpose: NodeId,
    source: NodeId,
) -> impl Iterator<Item = (GrantId, &Grant)> {
    policy.effective_grants(product).filter(move |(_, g)| {
        names_category(policy, g, category)
            && names_purpose(policy, g, purpose)
            && names_source(policy, g, source)
    })
}

/// Whether a `never` rule promises that `category` is never used for `purpose`: a rule names
/// them or broader ones. What `diff` compares between two policies' promises; an entry is
/// judged by the wider [`forbidding`], which also catches an entry broader than a rule.
pub fn promises_never(policy: &Policy, category: NodeId, purpose: NodeId) -> bool {
    policy.nevers.iter().any(|n| {
        policy.categories.is_within(category, n.category.id)
            && n.purposes
                .iter()
                .any(|p| policy.purposes.is_within(purpose, p.id))
    })
}

/// The first `never` rule (its index) that forbids `category` for `purpose`.
pub fn forbidding(policy: &Policy, category: NodeId, purpose: NodeId) -> Option<usize> {
    policy
        .nevers
        .iter()
        .position(|n| policy.never_covers(n, category, purpose))
}
