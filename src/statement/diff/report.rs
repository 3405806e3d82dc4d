//! What the renderings of a [`PolicyDiff`] share: the versioned JSON document, products that
//! changed the same way shown together, permissions merged into rows, conditions in words and
//! the one-line summary. People get [`super::human`], pull requests [`super::markdown`].

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
    let mut text = serde_json::to_string_pretty(&document)
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

/// Products that changed the same way, shown together.
pub(super) struct Group<'a> {
    /// Their ids.
    pub products: Vec<&'a str>,
    /// The change they share.
    pub change: &'a ProductChange,
}

/// Groups the changed products whose permissions changed identically (added and removed
/// products stay alone), in the order of the first of each group.
pub(super) fn groups(diff: &PolicyDiff) -> Vec<Group<'_>> {
    let mut groups: Vec<Group<'_>> = Vec::new();
    for change in &diff.products {
        let same = |g: &&mut Group<'_>| {
            change.status == ProductStatus::Changed
                && g.change.status == ProductStatus::Changed
                && g.change.newly_allowed == change.newly_allowed
                && g.change.no_longer_allowed == change.no_longer_allowed
        };
        match groups.iter_mut().find(|g| same(g)) {
            Some(group) => group.products.push(&change.product),
            None => groups.push(Group {
                products: vec![&change.product],
                change,
            }),
        }
    }
    groups
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
pub(super) fn rows(list: &[Permission]) -> Vec<Row<'_>> {
    let mut by_source: Vec<Row<'_>> = Vec::new();
    for p in list {
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
    let mut rows: Vec<Row<'_>> = Vec::new();
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
        return "no change: the two policies allow, forbid and describe the same".to_owned();
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
    parts.join(", ")
}

/// ` (a new product)` or ` (no longer a product)`.
pub(super) fn status_note(status: ProductStatus) -> &'static str {
    match status {
        ProductStatus::Changed => "",
        ProductStatus::Added => " (a new product)",
        ProductStatus::Removed => " (no longer a product)",
    }
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
        let merged: Vec<(Vec<&str>, Vec<&str>)> = rows(&list)
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
}
