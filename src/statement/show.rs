//! `candor show`: one product's effective grants, by category, each with where it comes from
//! (the default block or the product's own block, and the policy line), and the `never` rules,
//! which hold for every product. Rendered for people or as a versioned JSON document.

use serde::Serialize;

use super::{CategoryRules, Origin, Rule, product_view};
use crate::policy::Policy;
use crate::policy::model::{GrantId, NodeId, ProductId, Tree};
use crate::report::{plural, range};
use crate::source::{SourceMap, Span};

/// The JSON document of `candor show --format json`.
#[derive(Debug, Serialize)]
pub struct ShowDocument {
    /// The version of this shape: 1.
    pub version: u32,
    /// The product shown.
    pub product: Described,
    /// What it may collect, by category, in declaration order.
    pub categories: Vec<CategoryJson>,
    /// The never rules (they hold for every product).
    pub never: Vec<NeverJson>,
}

/// An id and its description.
#[derive(Debug, Serialize)]
pub struct Described {
    /// The id.
    pub id: String,
    /// The description.
    pub description: String,
}

/// A category and the grants that name it.
#[derive(Debug, Serialize)]
pub struct CategoryJson {
    /// The category id.
    pub id: String,
    /// Its description.
    pub description: String,
    /// The grants that name it.
    pub grants: Vec<GrantJson>,
}

/// One grant, as it applies to one category.
#[derive(Debug, Serialize)]
pub struct GrantJson {
    /// Purposes granted.
    pub purposes: Vec<String>,
    /// Sources granted.
    pub sources: Vec<String>,
    /// Conditions required (all of them).
    pub conditions: Vec<String>,
    /// `default` (the default block) or `own` (the product's own block).
    pub origin: &'static str,
    /// The policy file of the grant.
    pub file: String,
    /// The line of the grant (1-based).
    pub line: usize,
}

/// A never rule.
#[derive(Debug, Serialize)]
pub struct NeverJson {
    /// The forbidden category (and everything below it).
    pub category: String,
    /// The forbidden purposes.
    pub purposes: Vec<String>,
    /// Why, if the rule says.
    pub reason: Option<String>,
    /// The policy file of the rule.
    pub file: String,
    /// The line of the rule (1-based).
    pub line: usize,
}

fn names(tree: &Tree, ids: &[NodeId]) -> Vec<String> {
    ids.iter().map(|&id| tree.name(id).to_owned()).collect()
}

fn conditions(policy: &Policy, rule: &Rule) -> Vec<String> {
    rule.conditions
        .iter()
        .filter_map(|&c| policy.condition(c))
        .map(|c| c.id.clone())
        .collect()
}

fn place(sources: &SourceMap, span: Span) -> (String, usize) {
    (
        sources.name(span.file).to_owned(),
        range(sources, span).0.line,
    )
}

/// The JSON document for `product`.
pub fn document(policy: &Policy, sources: &SourceMap, product: ProductId) -> ShowDocument {
    let described = policy.product(product).map_or(
        Described {
            id: String::new(),
            description: String::new(),
        },
        |p| Described {
            id: p.id.clone(),
            description: p.description.clone(),
        },
    );
    let categories = product_view(policy, product)
        .into_iter()
        .map(|CategoryRules { category, rules }| CategoryJson {
            id: policy.categories.name(category).to_owned(),
            description: policy
                .categories
                .node(category)
                .map(|n| n.description.clone())
                .unwrap_or_default(),
            grants: rules
                .iter()
                .map(|rule| {
                    let (file, line) = place(sources, rule.span);
                    GrantJson {
                        purposes: names(&policy.purposes, &rule.purposes),
                        sources: names(&policy.sources, &rule.sources),
                        conditions: conditions(policy, rule),
                        origin: rule.origin.name(),
                        file,
                        line,
                    }
                })
                .collect(),
        })
        .collect();
    let never = policy
        .nevers
        .iter()
        .map(|n| {
            let (file, line) = place(sources, n.span);
            NeverJson {
                category: policy.categories.name(n.category.id).to_owned(),
                purposes: n
                    .purposes
                    .iter()
                    .map(|p| policy.purposes.name(p.id).to_owned())
                    .collect(),
                reason: n.reason.clone(),
                file,
                line,
            }
        })
        .collect();
    ShowDocument {
        version: 1,
        product: described,
        categories,
        never,
    }
}

/// `candor show --format json`.
pub fn json(policy: &Policy, sources: &SourceMap, product: ProductId) -> String {
    let mut text =
        serde_json::to_string_pretty(&document(policy, sources, product)).unwrap_or_default();
    text.push('\n');
    text
}

/// `one` or `[a, b]`, as the policy language writes a list.
fn list(items: &[String]) -> String {
    match items {
        [one] => one.clone(),
        _ => format!("[{}]", items.join(", ")),
    }
}

/// `candor show` for people.
pub fn human(policy: &Policy, sources: &SourceMap, product: ProductId) -> String {
    let doc = document(policy, sources, product);
    let mut out = format!(
        "product `{}`: {}\n\nmay collect (its own grants and the default block's):\n",
        doc.product.id, doc.product.description
    );
    if doc.categories.is_empty() {
        out.push_str("  nothing\n");
    }
    for category in &doc.categories {
        out.push_str(&format!("\n  {}: {}\n", category.id, category.description));
        for grant in &category.grants {
            let when = if grant.conditions.is_empty() {
                String::new()
            } else {
                format!(" when {}", list(&grant.conditions))
            };
            out.push_str(&format!(
                "    {:<8} for {} from {}{when}  ({}:{})\n",
                grant.origin,
                list(&grant.purposes),
                list(&grant.sources),
                grant.file,
                grant.line
            ));
        }
    }
    if !doc.never.is_empty() {
        out.push_str("\nnever, whatever any grant says:\n");
        for rule in &doc.never {
            let reason = rule
                .reason
                .as_ref()
                .map(|r| format!(": {r}"))
                .unwrap_or_default();
            out.push_str(&format!(
                "    {} for {}{reason}  ({}:{})\n",
                rule.category,
                list(&rule.purposes),
                rule.file,
                rule.line
            ));
        }
    }
    let mut grants: Vec<(GrantId, Origin)> = product_view(policy, product)
        .iter()
        .flat_map(|g| g.rules.iter().map(|r| (r.grant, r.origin)))
        .collect();
    grants.sort_by_key(|(id, _)| *id);
    grants.dedup();
    let default = grants.iter().filter(|(_, o)| *o == Origin::Default).count();
    let own = grants.len() - default;
    out.push_str(&format!(
        "\n`{}` may collect {}, by {} of the default block and {} of its own\n",
        doc.product.id,
        plural(doc.categories.len(), "category", "categories"),
        plural(default, "grant", "grants"),
        own
    ));
    out
}
