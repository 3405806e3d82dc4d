//! `unused-declaration` (with `--coverage`): a grant that no checked manifest of its product
//! uses, dead policy like cargo-deny's unmatched allowances. Judged only for products with at
//! least one checked manifest (and, for the default block, when any manifest was checked).

use crate::diagnostic::{Code, Diagnostic};
use crate::policy::Policy;
use crate::policy::model::{GrantId, ProductId};

/// Reports the grants that `used` does not hold, for the products in `checked`. A grant of a
/// product in `misspelt` (named by a manifest whose product is a likely misspelling of it),
/// or of the default block when any manifest named an unknown product, would have been used
/// but for that error: it is not reported, only counted (the second value).
pub fn check(
    policy: &Policy,
    checked: &[ProductId],
    used: &[GrantId],
    misspelt: Option<&[ProductId]>,
) -> (Vec<Diagnostic>, usize) {
    let mut diags = Vec::new();
    let mut follow_ons = 0;
    if checked.is_empty() && misspelt.is_none() {
        return (diags, follow_ons);
    }
    for (index, grant) in policy.grants.iter().enumerate() {
        let id = GrantId(index as u32);
        if used.contains(&id) {
            continue;
        }
        if let Some(misspelt) = misspelt
            && grant.product.is_none_or(|p| misspelt.contains(&p))
        {
            follow_ons += 1;
            continue;
        }
        let owner = match grant.product {
            Some(product) if checked.contains(&product) => policy
                .product(product)
                .map_or(String::new(), |p| format!("`{}`", p.id)),
            Some(_) => continue,
            None => "any product".to_owned(),
        };
        let categories: Vec<&str> = grant
            .categories
            .iter()
            .map(|c| policy.categories.name(c.id))
            .collect();
        diags.push(
            Diagnostic::new(
                Code::UnusedDeclaration,
                grant.span,
                format!(
                    "no checked manifest of {owner} uses this grant of {}",
                    crate::policy::lint::backticked(&categories)
                ),
            )
            .with_label("unused grant")
            .with_help(
                "remove the grant if the product no longer collects this, or add the manifest \
                 that does to the checked paths",
            ),
        );
    }
    (diags, follow_ons)
}
