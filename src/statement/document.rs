//! The statement as a reader sees it, as a small document model (headings, paragraphs, lists,
//! the data map table) that [`super::markdown`] and [`super::html`] render, so both formats say
//! exactly the same thing.

use super::prose::{self, description};
use super::{CategoryRules, Coverage, children, data_map, default_view, own_view, relative_name};
use crate::policy::Policy;
use crate::policy::model::{NodeId, Tree};

/// A run of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// An id of the policy.
    Code(String),
    /// Emphasised text.
    Strong(Vec<Inline>),
}

/// A list item, possibly with a nested list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Its text.
    pub text: Vec<Inline>,
    /// Items nested under it.
    pub children: Vec<Item>,
}

/// One cell of the data map: how much of the column's category the row's product may collect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// All of it.
    All,
    /// These parts, named relative to the category (`precise` under `location`).
    Part(Vec<String>),
    /// None of it.
    Nothing,
}

/// The product × category data map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataMap {
    /// The top-level categories (columns).
    pub categories: Vec<String>,
    /// Each product (row) with its cells.
    pub rows: Vec<(String, Vec<Cell>)>,
}

/// A block of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading of level 1 to 4, with a stable anchor.
    Heading {
        /// 1 for the title.
        level: u8,
        /// The anchor (ASCII letters, digits and `-`).
        anchor: String,
        /// The text.
        text: Vec<Inline>,
    },
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A bulleted list.
    List(Vec<Item>),
    /// A category as one product or every product may collect it: a lead (its id and what
    /// it is), then one item per grant.
    Grants {
        /// The category and its description.
        lead: Vec<Inline>,
        /// Why, from where and when, one item per grant.
        rules: Vec<Item>,
    },
    /// The data map.
    DataMap(DataMap),
}

/// The title of the statement.
pub const TITLE: &str = "Privacy statement";

fn text(s: impl Into<String>) -> Inline {
    Inline::Text(s.into())
}

fn heading(level: u8, anchor: impl Into<String>, text: Vec<Inline>) -> Block {
    Block::Heading {
        level,
        anchor: anchor.into(),
        text,
    }
}

/// The statement of `policy`: the promises and the data map first, then what every product
/// and each product collects, then the definitions of every id.
pub fn build(policy: &Policy) -> Vec<Block> {
    let mut blocks = vec![
        heading(1, "privacy-statement", vec![text(TITLE)]),
        Block::Paragraph(vec![text(
            "This statement says what personal data each product collects, why, from where \
             and under which conditions. It is generated from the policy the products are \
             checked against, so it says exactly what they are allowed to collect.",
        )]),
    ];
    blocks.extend(promises(policy));
    blocks.push(heading(2, "data-map", vec![text("Data map")]));
    blocks.push(Block::Paragraph(vec![text(
        "Which kinds of personal data each product may collect, including what every product \
         collects: ● all of the category, ◐ part of it (the parts named), blank: none of it.",
    )]));
    blocks.push(Block::DataMap(map(policy)));
    blocks.push(heading(
        2,
        "every-product",
        vec![text("What every product collects")],
    ));
    let shared = default_view(policy);
    blocks.push(Block::Paragraph(vec![text(if shared.is_empty() {
        "No data is collected by every product."
    } else {
        "Every product may collect the following."
    })]));
    blocks.extend(categories(policy, &shared));
    blocks.push(heading(
        2,
        "products",
        vec![text("What each product collects")],
    ));
    for (id, product) in super::products(policy) {
        blocks.push(heading(
            3,
            format!("product-{}", anchor(&product.id)),
            vec![
                Inline::Code(product.id.clone()),
                text(format!(": {}", product.description)),
            ],
        ));
        let own = own_view(policy, id);
        let code = Inline::Code(product.id.clone());
        if own.is_empty() {
            blocks.push(Block::Paragraph(vec![
                code,
                text(" collects only what every product collects (above)."),
            ]));
        } else {
            blocks.push(Block::Paragraph(vec![
                text("Besides what every product collects (above), "),
                code,
                text(" collects:"),
            ]));
            blocks.extend(categories(policy, &own));
        }
    }
    blocks.extend(definitions(policy));
    blocks
}

/// The never rules, as promises.
fn promises(policy: &Policy) -> Vec<Block> {
    if policy.nevers.is_empty() {
        return Vec::new();
    }
    let items = policy
        .nevers
        .iter()
        .map(|never| {
            let mut label = vec![
                Inline::Code(policy.categories.name(never.category.id).to_owned()),
                text(" for "),
            ];
            for (i, p) in never.purposes.iter().enumerate() {
                if i > 0 {
                    label.push(text(", "));
                }
                label.push(Inline::Code(policy.purposes.name(p.id).to_owned()));
            }
            label.push(text("."));
            Item {
                text: vec![
                    Inline::Strong(label),
                    text(format!(" {}", prose::promise(policy, never))),
                ],
                children: Vec::new(),
            }
        })
        .collect();
    vec![
        heading(2, "promises", vec![text("Our promises")]),
        Block::Paragraph(vec![text(
            "Whatever any product collects, these hold for every product:",
        )]),
        Block::List(items),
    ]
}

/// Each category: its id and description (and what it includes), then one sentence per
/// grant: why, from where, and when.
fn categories(policy: &Policy, groups: &[CategoryRules]) -> Vec<Block> {
    groups
        .iter()
        .map(|group| {
            let mut lead = vec![
                Inline::Strong(vec![Inline::Code(
                    policy.categories.name(group.category).to_owned(),
                )]),
                text(format!(
                    ": {}",
                    prose::period(description(&policy.categories, group.category))
                )),
            ];
            if let Some(includes) = prose::includes(policy, group.category) {
                lead.push(text(format!(" {includes}")));
            }
            let rules = group
                .rules
                .iter()
                .map(|rule| Item {
                    text: vec![text(prose::rule(policy, rule))],
                    children: Vec::new(),
                })
                .collect();
            Block::Grants { lead, rules }
        })
        .collect()
}

fn map(policy: &Policy) -> DataMap {
    let tops = super::top_categories(policy);
    let rows = data_map(policy)
        .into_iter()
        .map(|(product, coverage)| {
            let name = policy.product(product).map_or("", |p| p.id.as_str());
            let cells = coverage
                .into_iter()
                .zip(&tops)
                .map(|(coverage, &top)| match coverage {
                    Coverage::All => Cell::All,
                    Coverage::Nothing => Cell::Nothing,
                    Coverage::Part(parts) => {
                        let top = policy.categories.name(top);
                        let names = parts.iter().map(|&p| policy.categories.name(p));
                        Cell::Part(names.map(|n| relative_name(n, top).to_owned()).collect())
                    }
                })
                .collect();
            (name.to_owned(), cells)
        })
        .collect();
    DataMap {
        categories: tops
            .iter()
            .map(|&t| policy.categories.name(t).to_owned())
            .collect(),
        rows,
    }
}

fn definitions(policy: &Policy) -> Vec<Block> {
    let mut blocks = vec![heading(2, "definitions", vec![text("Definitions")])];
    let trees = [
        (
            &policy.categories,
            "categories",
            "Categories of personal data",
        ),
        (&policy.purposes, "purposes", "Purposes"),
        (&policy.sources, "sources", "Sources"),
    ];
    for (tree, anchor, title) in trees {
        if tree.is_empty() {
            continue;
        }
        blocks.push(heading(3, anchor, vec![text(title)]));
        let roots = tree.iter().filter(|(_, n)| n.parent.is_none());
        blocks.push(Block::List(
            roots.map(|(id, _)| tree_item(tree, id)).collect(),
        ));
    }
    if !policy.conditions.is_empty() {
        blocks.push(heading(3, "conditions", vec![text("Conditions")]));
        blocks.push(Block::List(
            policy
                .conditions
                .iter()
                .map(|c| Item {
                    text: vec![
                        Inline::Code(c.id.clone()),
                        text(format!(": {}", c.description)),
                    ],
                    children: Vec::new(),
                })
                .collect(),
        ));
    }
    blocks
}

fn tree_item(tree: &Tree, id: NodeId) -> Item {
    Item {
        text: vec![
            Inline::Code(tree.name(id).to_owned()),
            text(format!(": {}", description(tree, id))),
        ],
        children: children(tree, id)
            .into_iter()
            .map(|c| tree_item(tree, c))
            .collect(),
    }
}

/// An anchor made of an id: its letters and digits, `-` for anything else (ids differ only in
/// letters, digits and `_`, so two ids never share an anchor).
pub fn anchor(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}
