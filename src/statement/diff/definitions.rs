//! Declarations added, removed or described differently between two policies, and never
//! rules whose reason changed: a reworded description is a change of the statement.

use super::Definition;
use crate::policy::Policy;
use crate::policy::model::Tree;

/// Each kind's ids with their descriptions, in declaration order.
fn declarations(policy: &Policy) -> Vec<(&'static str, Vec<(String, String)>)> {
    let tree = |tree: &Tree| {
        tree.iter()
            .map(|(_, n)| (n.id.clone(), n.description.clone()))
            .collect()
    };
    let mut nevers: Vec<(String, String)> = Vec::new();
    for never in &policy.nevers {
        for purpose in &never.purposes {
            let id = format!(
                "{} for {}",
                policy.categories.name(never.category.id),
                policy.purposes.name(purpose.id)
            );
            if !nevers.iter().any(|(known, _)| *known == id) {
                nevers.push((id, never.reason.clone().unwrap_or_default()));
            }
        }
    }
    vec![
        ("category", tree(&policy.categories)),
        ("purpose", tree(&policy.purposes)),
        ("source", tree(&policy.sources)),
        (
            "condition",
            policy
                .conditions
                .iter()
                .map(|c| (c.id.clone(), c.description.clone()))
                .collect(),
        ),
        (
            "product",
            policy
                .products
                .iter()
                .map(|p| (p.id.clone(), p.description.clone()))
                .collect(),
        ),
        ("never", nevers),
    ]
}

/// Declarations added, removed or described differently; for never rules, only reasons that
/// changed (rules added or removed are in what is newly or no longer forbidden).
pub(super) fn diff(old: &Policy, new: &Policy) -> Vec<Definition> {
    let mut changes = Vec::new();
    for ((kind, before), (_, after)) in declarations(old).into_iter().zip(declarations(new)) {
        let find = |list: &[(String, String)], id: &str| {
            list.iter().find(|(i, _)| i == id).map(|(_, d)| d.clone())
        };
        for (id, description) in &after {
            let old_description = find(&before, id);
            let changed = match &old_description {
                Some(old) => old != description,
                None => kind != "never",
            };
            if changed {
                // A never rule without a reason has an empty one here; null in the output.
                let reason = |d: Option<String>| d.filter(|d| kind != "never" || !d.is_empty());
                changes.push(Definition {
                    kind,
                    id: id.clone(),
                    old: reason(old_description),
                    new: reason(Some(description.clone())),
                });
            }
        }
        if kind == "never" {
            continue;
        }
        for (id, description) in &before {
            if find(&after, id).is_none() {
                changes.push(Definition {
                    kind,
                    id: id.clone(),
                    old: Some(description.clone()),
                    new: None,
                });
            }
        }
    }
    changes
}
