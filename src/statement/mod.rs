//! The policy read back as the privacy statement: what a product may collect, grouped by
//! category ([`product_view`], for `candor show`), the statement as a reader sees it
//! ([`markdown`], [`html`]), and what a policy change newly allows or no longer allows
//! ([`diff`]).
//!
//! Everything here works on a resolved [`Policy`] and returns text or values; nothing touches
//! the file system.

pub mod diff;
pub mod document;
pub mod html;
pub mod markdown;
pub mod prose;
pub mod show;

use crate::policy::Policy;
use crate::policy::model::{ConditionId, Grant, GrantId, NodeId, Product, ProductId};
use crate::source::Span;
use crate::suggest;

/// Where a grant of a product comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The default block: every product has it.
    Default,
    /// The product's own block.
    Own,
}

impl Origin {
    /// `default` or `own`, as `show` prints it.
    pub fn name(self) -> &'static str {
        match self {
            Origin::Default => "default",
            Origin::Own => "own",
        }
    }
}

/// One grant as it applies to one category: for which purposes, from which sources, when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The grant it comes from.
    pub grant: GrantId,
    /// The default block or the product's own block.
    pub origin: Origin,
    /// Purposes granted.
    pub purposes: Vec<NodeId>,
    /// Sources granted.
    pub sources: Vec<NodeId>,
    /// Conditions required.
    pub conditions: Vec<ConditionId>,
    /// The whole `collect` statement.
    pub span: Span,
}

/// The rules that name one category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryRules {
    /// The category named by the grants.
    pub category: NodeId,
    /// The grants that name it, in declaration order.
    pub rules: Vec<Rule>,
}

/// Groups `grants` by the categories they name, in the order the categories are declared; a
/// grant of several categories appears under each. Grants left without a purpose or a source
/// (their names did not resolve) grant nothing and are left out.
pub fn by_category<'p>(
    grants: impl IntoIterator<Item = (GrantId, &'p Grant)>,
) -> Vec<CategoryRules> {
    let mut groups: Vec<CategoryRules> = Vec::new();
    for (id, grant) in grants {
        if grant.purposes.is_empty() || grant.sources.is_empty() {
            continue;
        }
        let rule = Rule {
            grant: id,
            origin: if grant.product.is_some() {
                Origin::Own
            } else {
                Origin::Default
            },
            purposes: grant.purposes.iter().map(|r| r.id).collect(),
            sources: grant.sources.iter().map(|r| r.id).collect(),
            conditions: grant.conditions.iter().map(|r| r.id).collect(),
            span: grant.span,
        };
        for category in &grant.categories {
            match groups.iter_mut().find(|g| g.category == category.id) {
                Some(group) => group.rules.push(rule.clone()),
                None => groups.push(CategoryRules {
                    category: category.id,
                    rules: vec![rule.clone()],
                }),
            }
        }
    }
    groups.sort_by_key(|g| g.category);
    groups
}

/// What `product` may collect: its own grants and the default block's, by category.
pub fn product_view(policy: &Policy, product: ProductId) -> Vec<CategoryRules> {
    by_category(policy.effective_grants(product))
}

/// What every product may collect: the default block's grants, by category.
pub fn default_view(policy: &Policy) -> Vec<CategoryRules> {
    let grants = policy.grants.iter().enumerate();
    by_category(
        grants
            .filter(|(_, g)| g.product.is_none())
            .map(|(i, g)| (GrantId(u32::try_from(i).unwrap_or(u32::MAX)), g)),
    )
}

/// What `product` may collect besides the default block: its own grants, by category.
pub fn own_view(policy: &Policy, product: ProductId) -> Vec<CategoryRules> {
    by_category(
        policy
            .product(product)
            .map(|p| p.grants.as_slice())
            .unwrap_or_default()
            .iter()
            .filter_map(|&id| policy.grant(id).map(|g| (id, g))),
    )
}

/// The product named `name`, or a message saying it is not defined (with "did you mean").
pub fn find_product(policy: &Policy, name: &str) -> Result<ProductId, String> {
    policy.product_id(name).ok_or_else(|| {
        let names = policy.products.iter().map(|p| p.id.as_str());
        let hint = suggest::did_you_mean(name, names)
            .map(|h| format!("; {h}"))
            .unwrap_or_default();
        format!("product `{name}` is not defined in the policy{hint}")
    })
}

/// How much of one top-level category a product may collect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Coverage {
    /// A grant names the category itself: all of it.
    All,
    /// Grants name only categories below it: these.
    Part(Vec<NodeId>),
    /// No grant names it or anything below it.
    Nothing,
}

/// The data map: for each product (in declaration order), how much of each top-level category
/// (in declaration order, the same as [`top_categories`]) it may collect.
pub fn data_map(policy: &Policy) -> Vec<(ProductId, Vec<Coverage>)> {
    let tops = top_categories(policy);
    products(policy)
        .map(|(product, _)| {
            let granted: Vec<NodeId> = product_view(policy, product)
                .into_iter()
                .map(|g| g.category)
                .collect();
            let row = tops
                .iter()
                .map(|&top| {
                    if granted.contains(&top) {
                        return Coverage::All;
                    }
                    let parts: Vec<NodeId> = granted
                        .iter()
                        .copied()
                        .filter(|&c| policy.categories.is_within(c, top))
                        .collect();
                    if parts.is_empty() {
                        Coverage::Nothing
                    } else {
                        Coverage::Part(parts)
                    }
                })
                .collect();
            (product, row)
        })
        .collect()
}

/// Every product with its id, in declaration order.
pub fn products(policy: &Policy) -> impl Iterator<Item = (ProductId, &Product)> {
    policy
        .products
        .iter()
        .enumerate()
        .map(|(i, p)| (ProductId(u32::try_from(i).unwrap_or(u32::MAX)), p))
}

/// The categories with no parent, in declaration order.
pub fn top_categories(policy: &Policy) -> Vec<NodeId> {
    policy
        .categories
        .iter()
        .filter(|(_, n)| n.parent.is_none())
        .map(|(id, _)| id)
        .collect()
}

/// The nodes whose parent is `parent`, in declaration order.
pub fn children(tree: &crate::policy::model::Tree, parent: NodeId) -> Vec<NodeId> {
    tree.iter()
        .filter(|(_, n)| n.parent == Some(parent))
        .map(|(id, _)| id)
        .collect()
}

/// `id` relative to its ancestor `top` (`location.precise` under `location` is `precise`).
pub fn relative_name<'a>(full: &'a str, top: &str) -> &'a str {
    full.strip_prefix(top)
        .and_then(|rest| rest.strip_prefix('.'))
        .unwrap_or(full)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceMap;

    const POLICY: &str = r#"
        category location "where" { precise "exact" imprecise "rough" }
        category contact "reach" { email "mail" }
        purpose provide "run it"
        purpose ads "show ads"
        source direct "given"
        condition on "switched on"
        default { collect location.imprecise for provide from direct }
        product maps "maps" { collect [location.precise, contact] for provide from direct when on }
        product mail "mail" {}
        never contact for ads "never"
    "#;

    fn policy() -> Policy {
        let mut sources = SourceMap::new();
        let loaded = crate::policy::load_text(&mut sources, "p.candor", POLICY);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        loaded.policy
    }

    #[test]
    fn a_product_view_groups_default_and_own_grants_by_category_in_declaration_order() {
        let policy = policy();
        let maps = policy.product_id("maps").unwrap();
        let view = product_view(&policy, maps);
        let names: Vec<(&str, Vec<Origin>)> = view
            .iter()
            .map(|g| {
                (
                    policy.categories.name(g.category),
                    g.rules.iter().map(|r| r.origin).collect(),
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                ("location.precise", vec![Origin::Own]),
                ("location.imprecise", vec![Origin::Default]),
                ("contact", vec![Origin::Own]),
            ]
        );
        assert_eq!(own_view(&policy, maps).len(), 2);
        assert_eq!(default_view(&policy).len(), 1);
    }

    #[test]
    fn the_data_map_tells_all_from_part_from_nothing() {
        let policy = policy();
        let map = data_map(&policy);
        let precise = policy.categories.lookup("location.precise").unwrap();
        let imprecise = policy.categories.lookup("location.imprecise").unwrap();
        assert_eq!(
            map[0].1,
            [Coverage::Part(vec![precise, imprecise]), Coverage::All]
        );
        assert_eq!(
            map[1].1,
            [Coverage::Part(vec![imprecise]), Coverage::Nothing]
        );
    }

    #[test]
    fn an_unknown_product_gets_a_suggestion() {
        let policy = policy();
        assert_eq!(
            find_product(&policy, "map"),
            Err("product `map` is not defined in the policy; did you mean `maps`?".to_owned())
        );
    }
}
