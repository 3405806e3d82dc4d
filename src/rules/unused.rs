//! `unused-declaration` (with `--coverage`): a grant that no checked manifest of its product
//! uses, dead policy like cargo-deny's unmatched allowances. Judged only for products with at
//! least one checked manifest (and, for the default block, when any manifest was checked).

use crate::diagnostic::{Code, Diagnostic};
use crate::policy::Policy;
use crate::policy::model::{GrantId, ProductId};

/// Reports the grants that `used` does not hold, for the products in `checked`.
pub fn check(policy: &Policy, checked: &[ProductId], used: &[GrantId]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if checked.is_empty() {
        return diags;
    }
    for (index, grant) in policy.grants.iter().enumerate() {
        let id = GrantId(index as u32);
        if used.contains(&id) {
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
    diags
}
