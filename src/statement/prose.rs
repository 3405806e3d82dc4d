//! Plain sentences built from the policy's descriptions, shared by the Markdown and HTML
//! statements (each escapes them for its own format).
//!
//! The sentences read the descriptions the way the policy language suggests writing them: a
//! category as what is collected, a purpose as what follows "used to", a source as what follows
//! "it is" (a nested source after its parent's description), a condition as what follows
//! "only when".

use super::{Rule, children};
use crate::policy::Policy;
use crate::policy::model::{NodeId, Tree};

/// `a, b and c`; with `;` between the items when one of them holds a comma.
pub fn join(items: &[String], last: &str) -> String {
    let sep = if items.iter().any(|i| i.contains(',')) {
        "; "
    } else {
        ", "
    };
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., final_item] => {
            let head = rest.join(sep);
            let glue = if rest.len() > 1 || sep == "; " {
                format!("{} {last} ", sep.trim_end())
            } else {
                format!(" {last} ")
            };
            format!("{head}{glue}{final_item}")
        }
    }
}

/// The first letter in upper case.
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A description as a sentence: capitalized, ending with a full stop.
pub fn sentence(text: &str) -> String {
    period(&capitalize(text.trim()))
}

/// Text ending with a full stop (unless it ends with other punctuation).
pub fn period(text: &str) -> String {
    let text = text.trim_end();
    if text.ends_with(['.', '!', '?']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

/// The description of `id` (empty when `id` is not in `tree`).
pub fn description(tree: &Tree, id: NodeId) -> &str {
    tree.node(id).map_or("", |n| n.description.as_str())
}

/// A node's description, after its ancestors' when it is nested:
/// `obtained from outside the company (public domain material)`.
fn with_ancestors(tree: &Tree, id: NodeId) -> String {
    let mut chain: Vec<&str> = tree.ancestors(id).map(|n| description(tree, n)).collect();
    chain.reverse();
    match chain.split_first() {
        Some((root, rest)) if !rest.is_empty() => format!("{root} ({})", rest.join(": ")),
        _ => chain.concat(),
    }
}

/// What a category includes, from its children's descriptions:
/// `This includes an email address and a telephone number.`
pub fn includes(policy: &Policy, category: NodeId) -> Option<String> {
    let parts: Vec<String> = children(&policy.categories, category)
        .into_iter()
        .map(|c| description(&policy.categories, c).to_owned())
        .collect();
    (!parts.is_empty()).then(|| format!("This includes {}.", join(&parts, "and")))
}

/// The sentences of one rule: why, from where, and when.
pub fn rule(policy: &Policy, rule: &Rule) -> String {
    let purposes: Vec<String> = rule
        .purposes
        .iter()
        .map(|&p| format!("to {}", description(&policy.purposes, p)))
        .collect();
    let sources: Vec<String> = rule
        .sources
        .iter()
        .map(|&s| with_ancestors(&policy.sources, s))
        .collect();
    let mut text = format!(
        "Used {}. It is {}.",
        join(&purposes, "and"),
        join(&sources, "or")
    );
    let conditions: Vec<String> = rule
        .conditions
        .iter()
        .filter_map(|&c| policy.condition(c))
        .map(|c| c.description.clone())
        .collect();
    if !conditions.is_empty() {
        text.push_str(&format!(" Only when {}.", join(&conditions, "and")));
    }
    text
}

/// A never rule as a promise: `We never use X to Y.`, then its reason.
pub fn promise(policy: &Policy, never: &crate::policy::model::Never) -> String {
    let purposes: Vec<String> = never
        .purposes
        .iter()
        .map(|p| format!("to {}", description(&policy.purposes, p.id)))
        .collect();
    let mut text = format!(
        "We never use {} {}.",
        description(&policy.categories, never.category.id),
        join(&purposes, "or")
    );
    if let Some(reason) = &never.reason {
        text.push(' ');
        text.push_str(&sentence(reason));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn joins_read_like_english() {
        assert_eq!(join(&strings(&["a"]), "and"), "a");
        assert_eq!(join(&strings(&["a", "b"]), "and"), "a and b");
        assert_eq!(join(&strings(&["a", "b", "c"]), "or"), "a, b, or c");
        assert_eq!(join(&strings(&["a, x", "b"]), "and"), "a, x; and b");
        assert_eq!(sentence("fine"), "Fine.");
        assert_eq!(sentence("done!"), "Done!");
    }
}
