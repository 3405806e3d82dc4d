//! What the renderings of a [`PolicyDiff`] share: the versioned JSON document, products that
//! changed the same way shown together, permissions merged into rows, conditions in words,
//! store-map lines and the one-line summary. People get [`super::human`], pull requests [`super::markdown`].

use std::collections::HashMap;

use serde::Serialize;

use super::{Permission, PolicyDiff, ProductChange, ProductStatus};
use crate::report::plural;

/// The JSON document of `candor diff --format json`.
#[derive(Debug, Serialize)]
struct DiffDocument<'a> {
    version: u32,
    old: &'a str,
    new: &'a str,
    changed: bool,
    #[serde(flatten)]
    diff: &'a PolicyDiff,
}

/// `candor diff --format json`: `old` and `new` are the policies as given. One entry per
/// product and one permission per category, purpose and source.
pub fn json(diff: &PolicyDiff, old: &str, new: &str) -> String {
    let document = DiffDocument {
        version: 1,
        old,
        new,
        changed: !diff.is_empty(),
        diff,
    };
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

/// Changes shared by the same products, shown together.
pub(super) struct Group<'a> {
    /// The products, in the diff's order.
    pub products: Vec<&'a ProductChange>,
    /// What they are newly allowed.
    pub newly_allowed: Vec<&'a Permission>,
    /// What they are no longer allowed.
    pub no_longer_allowed: Vec<&'a Permission>,
}

/// Gathers each permission gained or lost with the products it is gained or lost by, then
/// the permissions shared by exactly the same products: a change to the default block is one
/// group naming every product it changes, and what one product alone gains is another.
/// Groups of more products come first.
pub(super) fn groups(diff: &PolicyDiff) -> Vec<Group<'_>> {
    let mut changes: Vec<(bool, &Permission, Vec<usize>)> = Vec::new();
    let mut index: HashMap<(bool, &Permission), usize> = HashMap::new();
    for (i, product) in diff.products.iter().enumerate() {
        let gained = product.newly_allowed.iter().map(|p| (true, p));
        let lost = product.no_longer_allowed.iter().map(|p| (false, p));
        for key in gained.chain(lost) {
            match index.get(&key) {
                Some(&at) => {
                    if let Some(change) = changes.get_mut(at) {
                        change.2.push(i);
                    }
                }
                None => {
                    index.insert(key, changes.len());
                    changes.push((key.0, key.1, vec![i]));
                }
            }
        }
    }
    let mut groups: Vec<(Vec<usize>, Group<'_>)> = Vec::new();
    for (gained, permission, products) in changes {
        let at = match groups.iter().position(|(set, _)| *set == products) {
            Some(at) => at,
            None => {
                let members = products
                    .iter()
                    .filter_map(|&i| diff.products.get(i))
                    .collect();
                let group = Group {
                    products: members,
                    newly_allowed: Vec::new(),
                    no_longer_allowed: Vec::new(),
                };
                groups.push((products, group));
                groups.len() - 1
            }
        };
        if let Some((_, group)) = groups.get_mut(at) {
            if gained {
                group.newly_allowed.push(permission);
            } else {
                group.no_longer_allowed.push(permission);
            }
        }
    }
    groups.sort_by(|(a, _), (b, _)| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    groups.into_iter().map(|(_, group)| group).collect()
}

/// `` `a`, `b` (new), `c` (removed) ``: the products of a group, each quoted by `quote`.
pub(super) fn product_names(group: &Group<'_>, quote: &dyn Fn(&str) -> String) -> String {
    let names: Vec<String> = group
        .products
        .iter()
        .map(|p| {
            let note = match p.status {
                ProductStatus::Changed => "",
                ProductStatus::Added => " (new)",
                ProductStatus::Removed => " (removed)",
            };
            format!("{}{note}", quote(&p.product))
        })
        .collect();
    names.join(", ")
}

/// Permissions of one category and conditions: every purpose from every source listed.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Row<'a> {
    /// The category.
    pub category: &'a str,
    /// The purposes.
    pub purposes: Vec<&'a str>,
    /// The sources.
    pub sources: Vec<&'a str>,
    /// The conditions on this side.
    pub conditions: &'a [String],
    /// The condition sets of the other side.
    pub other_side: &'a [Vec<String>],
}

/// Merges permissions into rows: first the purposes of each category, source and conditions,
/// then the sources of rows with the same purposes. Each row stands for exactly the
/// permissions merged into it.
pub(super) fn rows<'a>(list: &[&'a Permission]) -> Vec<Row<'a>> {
    let mut by_source: Vec<Row<'a>> = Vec::new();
    for &p in list {
        let found = by_source.iter_mut().find(|r| {
            r.category == p.category
                && r.sources == [p.source.as_str()]
                && r.conditions == p.conditions.as_slice()
                && r.other_side == p.other_side.as_slice()
        });
        match found {
            Some(row) => row.purposes.push(&p.purpose),
            None => by_source.push(Row {
                category: &p.category,
                purposes: vec![&p.purpose],
                sources: vec![&p.source],
                conditions: &p.conditions,
                other_side: &p.other_side,
            }),
        }
    }
    let mut rows: Vec<Row<'a>> = Vec::new();
    for row in by_source {
        let found = rows.iter_mut().find(|r| {
            r.category == row.category
                && r.purposes == row.purposes
                && r.conditions == row.conditions
                && r.other_side == row.other_side
        });
        match found {
            Some(existing) => existing.sources.extend(row.sources),
            None => rows.push(row),
        }
    }
    rows
}

/// `a and b`, or `a, b and c`, quoted by `quote`.
fn all_of(items: &[String], quote: &dyn Fn(&str) -> String) -> String {
    let quoted: Vec<String> = items.iter().map(|c| quote(c)).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// The conditions of a row, and under which the other side allows the same; empty when
/// neither side has a condition to tell. `gained`: the row is newly allowed.
pub(super) fn conditions(row: &Row<'_>, gained: bool, quote: &dyn Fn(&str) -> String) -> String {
    let mut text = if row.conditions.is_empty() {
        if row.other_side.is_empty() {
            return String::new();
        }
        "with no condition".to_owned()
    } else {
        format!("when {}", all_of(row.conditions, quote))
    };
    if !row.other_side.is_empty() {
        let sets: Vec<String> = row.other_side.iter().map(|s| all_of(s, quote)).collect();
        let label = if gained {
            "before: only when"
        } else {
            "still allowed when"
        };
        text.push_str(&format!(" ({label} {})", sets.join(", or when ")));
    }
    text
}

/// What changed, in one line: `2 products may collect more, 1 definition changed`.
pub(super) fn summary(diff: &PolicyDiff) -> String {
    if diff.is_empty() {
        return "no change: the two policies allow, forbid, describe and map the same".to_owned();
    }
    let count = |f: fn(&ProductChange) -> bool| diff.products.iter().filter(|p| f(p)).count();
    let gaining = count(|p| !p.newly_allowed.is_empty());
    let losing = count(|p| !p.no_longer_allowed.is_empty());
    let nevers = diff.newly_forbidden.len() + diff.no_longer_forbidden.len();
    let mut parts = Vec::new();
    if gaining > 0 {
        let products = plural(gaining, "product", "products");
        parts.push(format!("{products} may collect more"));
    }
    if losing > 0 {
        let products = plural(losing, "product", "products");
        parts.push(format!("{products} may collect less"));
    }
    if nevers > 0 {
        parts.push(plural(nevers, "never-rule change", "never-rule changes"));
    }
    if !diff.definitions.is_empty() {
        let n = diff.definitions.len();
        parts.push(plural(n, "definition changed", "definitions changed"));
    }
    if !diff.store_maps.is_empty() {
        let n = diff.store_maps.len();
        parts.push(plural(n, "store-map change", "store-map changes"));
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn permission(category: &str, purpose: &str, source: &str) -> Permission {
        Permission {
            category: category.to_owned(),
            purpose: purpose.to_owned(),
            source: source.to_owned(),
            conditions: Vec::new(),
            other_side: Vec::new(),
        }
    }

    #[test]
    fn rows_merge_only_full_products_of_purposes_and_sources() {
        let list = [
            permission("contact", "provide", "direct"),
            permission("contact", "support", "direct"),
            permission("contact", "provide", "observed"),
            permission("contact", "support", "observed"),
            permission("contact", "marketing", "partners"),
        ];
        let refs: Vec<&Permission> = list.iter().collect();
        let merged: Vec<(Vec<&str>, Vec<&str>)> = rows(&refs)
            .into_iter()
            .map(|r| (r.purposes, r.sources))
            .collect();
        assert_eq!(
            merged,
            [
                (vec!["provide", "support"], vec!["direct", "observed"]),
                (vec!["marketing"], vec!["partners"]),
            ]
        );
    }

    #[test]
    fn changes_shared_by_the_same_products_form_one_group_widest_first() {
        let shared = permission("location", "provide", "direct");
        let own = permission("content", "provide", "direct");
        let change = |product: &str, newly_allowed: Vec<Permission>| ProductChange {
            product: product.to_owned(),
            status: ProductStatus::Changed,
            newly_allowed,
            no_longer_allowed: Vec::new(),
        };
        let diff = PolicyDiff {
            products: vec![
                change("a", vec![own.clone(), shared.clone()]),
                change("b", vec![shared.clone()]),
            ],
            ..PolicyDiff::default()
        };
        let groups: Vec<(String, Vec<&str>)> = groups(&diff)
            .iter()
            .map(|g| {
                let names = product_names(g, &|p| p.to_owned());
                (
                    names,
                    g.newly_allowed
                        .iter()
                        .map(|p| p.category.as_str())
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            groups,
            [
                ("a, b".to_owned(), vec!["location"]),
                ("a".to_owned(), vec!["content"]),
            ]
        );
    }
}
