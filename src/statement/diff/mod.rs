//! What a policy change means: per product, what the new policy newly allows and no longer
//! allows, judged the way `candor check` judges a manifest entry (a grant covers an entry of its
//! category or below, for its purposes or below, from its sources or below, listing its
//! conditions), through the default block and the trees; the never rules that newly forbid or
//! no longer forbid; every declaration added, removed or described differently; and every
//! store id the policy's `map` blocks read differently.
//!
//! Each reported permission is a (category, purpose, source, conditions) an entry could declare
//! that one policy covers and the other does not. Only the broadest are kept: when a product is
//! newly allowed `content`, `content.email` is not listed again. A change that allows, forbids
//! and describes exactly the same, and reads the stores' ids the same (comments, layout,
//! order, a grant another already covers) is no change.

mod definitions;
pub mod human;
mod maps;
pub mod markdown;
pub mod report;

use std::collections::HashMap;

use serde::Serialize;

use crate::policy::Policy;
use crate::policy::model::{Grant, NodeId};
use crate::rules::judge;

/// One permission gained or lost by a product.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Permission {
    /// The category (and everything below it).
    pub category: String,
    /// The purpose (and everything below it).
    pub purpose: String,
    /// The source (and everything below it).
    pub source: String,
    /// The conditions an entry must list, on this side of the change.
    pub conditions: Vec<String>,
    /// The condition sets under which the other side allows the same category, purpose and
    /// source (empty when it does not allow them at all): each is enough on its own.
    pub other_side: Vec<Vec<String>>,
}

/// Whether a product is in both policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProductStatus {
    /// In both.
    Changed,
    /// Only in the new policy.
    Added,
    /// Only in the old policy.
    Removed,
}

/// What a change means for one product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductChange {
    /// The product id.
    pub product: String,
    /// Whether it is in both policies.
    pub status: ProductStatus,
    /// What the new policy allows and the old did not.
    pub newly_allowed: Vec<Permission>,
    /// What the old policy allowed and the new does not.
    pub no_longer_allowed: Vec<Permission>,
}

/// A category and purpose a never rule forbids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Forbidden {
    /// The category (and everything below it).
    pub category: String,
    /// The purpose (and everything below it).
    pub purpose: String,
    /// The rule's reason, on its side of the change.
    pub reason: Option<String>,
}

/// A declaration added, removed or described differently, or a never rule whose reason
/// changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Definition {
    /// `category`, `purpose`, `source`, `condition`, `product` or `never`.
    pub kind: &'static str,
    /// The id (for a never rule, `category for purpose`).
    pub id: String,
    /// The description (the reason, for a never rule) before, or null when it was not declared.
    pub old: Option<String>,
    /// The description after, or null when it is no longer declared.
    pub new: Option<String>,
}

/// A store id a `map` block reads differently, or the source of what a store calls sharing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoreMapChange {
    /// The store, as a `map` block names it: `apple` or `play`.
    pub store: &'static str,
    /// `data`, `purpose`, or `export` (which data type an export writes for a category).
    pub kind: &'static str,
    /// The store id as a `map` block writes it (`UserID`, `PSL_EMAIL`); for `export`, the
    /// category.
    pub id: String,
    /// The reading before, as the policy writes it (`contact.email`, `[provide, support]`,
    /// `location.precise from observed`, `unmapped` when left unmapped on purpose; for
    /// `export`, the data type), or null when the old policy does not say.
    pub old: Option<String>,
    /// The reading after, or null when the new policy no longer maps the id.
    pub new: Option<String>,
}

/// Everything a policy change changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PolicyDiff {
    /// Products whose permissions changed, the new policy's order first, then removed ones.
    pub products: Vec<ProductChange>,
    /// What a never rule now forbids that none did.
    pub newly_forbidden: Vec<Forbidden>,
    /// What a never rule forbade that none does now.
    pub no_longer_forbidden: Vec<Forbidden>,
    /// Declarations and never reasons added, removed or reworded.
    pub definitions: Vec<Definition>,
    /// Store ids read differently, by store, kind and id.
    pub store_maps: Vec<StoreMapChange>,
}

impl PolicyDiff {
    /// Whether the two policies allow, forbid, describe and read the stores exactly the same.
    pub fn is_empty(&self) -> bool {
        self.products.is_empty()
            && self.newly_forbidden.is_empty()
            && self.no_longer_forbidden.is_empty()
            && self.definitions.is_empty()
            && self.store_maps.is_empty()
    }
}

/// Compares `old` with `new`.
pub fn diff(old: &Policy, new: &Policy) -> PolicyDiff {
    let mut products = Vec::new();
    let added = new.products.iter().map(|p| (p, old.product_id(&p.id)));
    let removed = old
        .products
        .iter()
        .filter(|p| new.product_id(&p.id).is_none());
    for (product, before) in added {
        let status = if before.is_some() {
            ProductStatus::Changed
        } else {
            ProductStatus::Added
        };
        products.push((product.id.as_str(), status));
    }
    products.extend(removed.map(|p| (p.id.as_str(), ProductStatus::Removed)));
    let products = products
        .into_iter()
        .map(|(product, status)| ProductChange {
            product: product.to_owned(),
            status,
            newly_allowed: gained(old, new, product),
            no_longer_allowed: gained(new, old, product),
        })
        .filter(|c| {
            c.status != ProductStatus::Changed
                || !c.newly_allowed.is_empty()
                || !c.no_longer_allowed.is_empty()
        })
        .collect();
    PolicyDiff {
        products,
        newly_forbidden: newly_forbidden(old, new),
        no_longer_forbidden: newly_forbidden(new, old),
        definitions: definitions::diff(old, new),
        store_maps: maps::diff(old, new),
    }
}

/// The grants `product` has in `policy`, if it is a product of `policy`.
fn condition_names(policy: &Policy, grant: &Grant) -> Vec<String> {
    let mut names: Vec<String> = grant
        .conditions
        .iter()
        .filter_map(|c| policy.condition(c.id))
        .map(|c| c.id.clone())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The smallest condition sets under which `policy` allows `product` the named category,
/// purpose and source; empty when it does not allow them at all.
fn requirements(policy: &Policy, product: &str, triple: [&str; 3]) -> Vec<Vec<String>> {
    let [category, purpose, source] = triple;
    let (Some(c), Some(p), Some(s)) = (
        policy.categories.lookup(category),
        policy.purposes.lookup(purpose),
        policy.sources.lookup(source),
    ) else {
        return Vec::new();
    };
    let Some(product) = policy.product_id(product) else {
        return Vec::new();
    };
    let mut sets: Vec<Vec<String>> = judge::covering(policy, product, c, p, s)
        .map(|(_, g)| condition_names(policy, g))
        .collect();
    sets.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    sets.dedup();
    let mut minimal: Vec<Vec<String>> = Vec::new();
    for set in sets {
        if !minimal.iter().any(|m| subset(m, &set)) {
            minimal.push(set);
        }
    }
    minimal
}

fn subset(small: &[String], big: &[String]) -> bool {
    small.iter().all(|s| big.contains(s))
}

/// What `to` allows `product` that `from` does not, broadest first removed of what it implies.
fn gained(from: &Policy, to: &Policy, product: &str) -> Vec<Permission> {
    let mut found: Vec<(NodeId, NodeId, NodeId, Permission)> = Vec::new();
    let Some(id) = to.product_id(product) else {
        return Vec::new();
    };
    for (_, grant) in to.effective_grants(id) {
        let conditions = condition_names(to, grant);
        for c in &grant.categories {
            for p in &grant.purposes {
                for s in &grant.sources {
                    let triple = [
                        to.categories.name(c.id),
                        to.purposes.name(p.id),
                        to.sources.name(s.id),
                    ];
                    let other_side = requirements(from, product, triple);
                    if other_side.iter().any(|set| subset(set, &conditions)) {
                        continue;
                    }
                    let [category, purpose, source] = triple.map(str::to_owned);
                    let permission = Permission {
                        category,
                        purpose,
                        source,
                        conditions: conditions.clone(),
                        other_side,
                    };
                    found.push((c.id, p.id, s.id, permission));
                }
            }
        }
    }
    found.sort_by(|a, b| (a.0, a.1, a.2, &a.3.conditions).cmp(&(b.0, b.1, b.2, &b.3.conditions)));
    found.dedup_by(|a, b| (a.0, a.1, a.2, &a.3.conditions) == (b.0, b.1, b.2, &b.3.conditions));
    broadest(to, found)
}

/// Drops every permission another one implies (same or broader category, purpose and source,
/// with fewer or the same conditions).
fn broadest(policy: &Policy, found: Vec<(NodeId, NodeId, NodeId, Permission)>) -> Vec<Permission> {
    let mut by_category: HashMap<NodeId, Vec<usize>> = HashMap::new();
    for (i, item) in found.iter().enumerate() {
        by_category.entry(item.0).or_default().push(i);
    }
    let implied = |i: usize, (c, p, s, perm): &(NodeId, NodeId, NodeId, Permission)| {
        policy.categories.ancestors(*c).any(|ancestor| {
            by_category.get(&ancestor).is_some_and(|candidates| {
                candidates.iter().any(|&j| {
                    j != i
                        && found.get(j).is_some_and(|(_, op, os, other)| {
                            policy.purposes.is_within(*p, *op)
                                && policy.sources.is_within(*s, *os)
                                && subset(&other.conditions, &perm.conditions)
                        })
                })
            })
        })
    };
    let keep: Vec<bool> = found
        .iter()
        .enumerate()
        .map(|(i, item)| !implied(i, item))
        .collect();
    found
        .into_iter()
        .zip(keep)
        .filter_map(|(item, keep)| keep.then_some(item.3))
        .collect()
}

/// Whether a never rule of `policy` forbids the named category for the named purpose.
fn forbids(policy: &Policy, category: &str, purpose: &str) -> bool {
    let (Some(c), Some(p)) = (
        policy.categories.lookup(category),
        policy.purposes.lookup(purpose),
    ) else {
        return false;
    };
    judge::promises_never(policy, c, p)
}

/// What a never rule of `to` forbids that none of `from` does, broadest only.
fn newly_forbidden(from: &Policy, to: &Policy) -> Vec<Forbidden> {
    let mut found: Vec<(NodeId, NodeId, Forbidden)> = Vec::new();
    for never in &to.nevers {
        let category = to.categories.name(never.category.id);
        for purpose in &never.purposes {
            let purpose_name = to.purposes.name(purpose.id);
            if forbids(from, category, purpose_name) {
                continue;
            }
            found.push((
                never.category.id,
                purpose.id,
                Forbidden {
                    category: category.to_owned(),
                    purpose: purpose_name.to_owned(),
                    reason: never.reason.clone(),
                },
            ));
        }
    }
    found.sort_by_key(|(c, p, _)| (*c, *p));
    found.dedup_by_key(|(c, p, _)| (*c, *p));
    let pairs: Vec<(NodeId, NodeId)> = found.iter().map(|(c, p, _)| (*c, *p)).collect();
    found
        .into_iter()
        .filter(|(c, p, _)| {
            !pairs.iter().any(|&(oc, op)| {
                (oc, op) != (*c, *p)
                    && to.categories.is_within(*c, oc)
                    && to.purposes.is_within(*p, op)
            })
        })
        .map(|(_, _, f)| f)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceMap;

    const TAXONOMY: &str = r#"
        category content "what people write" { email "mails" files "files" }
        purpose provide "run it"
        purpose ads "show ads"
        source direct "given"
        condition asked "the person asked"
    "#;

    fn policy(rest: &str) -> Policy {
        let mut sources = SourceMap::new();
        let text = format!("{TAXONOMY}\n{rest}");
        let loaded = crate::policy::load_text(&mut sources, "p.candor", &text);
        loaded.policy
    }

    fn gained_names(change: &ProductChange) -> Vec<(&str, &str, Vec<String>)> {
        change
            .newly_allowed
            .iter()
            .map(|p| {
                (
                    p.category.as_str(),
                    p.purpose.as_str(),
                    p.conditions.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn a_broader_grant_is_reported_once_at_its_broadest() {
        let old = policy(r#"product a "a" { collect content.email for provide from direct }"#);
        let new =
            policy(r#"product a "a" { collect [content, content.files] for provide from direct }"#);
        let diff = diff(&old, &new);
        assert_eq!(diff.products.len(), 1);
        assert_eq!(
            gained_names(&diff.products[0]),
            [("content", "provide", vec![])]
        );
        assert!(diff.products[0].no_longer_allowed.is_empty());
    }

    #[test]
    fn a_grant_already_covered_is_no_change_and_a_dropped_condition_is() {
        let old = policy(r#"product a "a" { collect content for provide from direct when asked }"#);
        let redundant = policy(
            r#"product a "a" { collect content for provide from direct when asked
                              collect content.email for provide from direct when asked }"#,
        );
        assert!(diff(&old, &redundant).is_empty());
        let unconditional = policy(r#"product a "a" { collect content for provide from direct }"#);
        let changes = diff(&old, &unconditional);
        let gained = &changes.products[0].newly_allowed[0];
        assert_eq!(gained.conditions, Vec::<String>::new());
        assert_eq!(gained.other_side, [vec!["asked".to_owned()]]);
        // Backwards, nothing is lost outright: it is still allowed when the person asked.
        let back = diff(&unconditional, &old);
        assert_eq!(
            back.products[0].no_longer_allowed[0].other_side,
            [vec!["asked".to_owned()]]
        );
    }

    #[test]
    fn products_and_never_rules_come_and_go() {
        let old = policy(r#"product a "a" {} never content for ads"#);
        let new = policy(
            r#"product b "b" { collect content.files for provide from direct }
               never content for ads never content.email for ads"#,
        );
        let diff = diff(&old, &new);
        let status: Vec<(&str, ProductStatus)> = diff
            .products
            .iter()
            .map(|p| (p.product.as_str(), p.status))
            .collect();
        assert_eq!(
            status,
            [("b", ProductStatus::Added), ("a", ProductStatus::Removed)]
        );
        // The narrower never rule forbids nothing new.
        assert!(diff.newly_forbidden.is_empty() && diff.no_longer_forbidden.is_empty());
        let kinds: Vec<(&str, &str)> = diff
            .definitions
            .iter()
            .map(|d| (d.kind, d.id.as_str()))
            .collect();
        assert_eq!(kinds, [("product", "b"), ("product", "a")]);
    }
}
