//! Policy lint over the resolved model: grants that contradict a `never` rule, and purposes,
//! sources and conditions that nothing uses.

use super::ast::TreeKind;
use super::model::{NodeId, Policy};
use crate::diagnostic::{Code, Diagnostic};

/// Every lint finding of a resolved policy.
pub fn lint(policy: &Policy) -> Vec<Diagnostic> {
    let mut diags = contradictions(policy);
    diags.extend(unused(policy));
    diags
}

/// A grant contradicts a `never` rule when one of its categories equals or descends from the
/// rule's category and one of its purposes overlaps one of the rule's (PolicyLint's "same or
/// narrower subject, same action").
fn contradictions(policy: &Policy) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for grant in &policy.grants {
        let owner = grant.product.and_then(|p| policy.product(p)).map_or_else(
            || "every product (the default block)".to_owned(),
            |p| format!("`{}`", p.id),
        );
        for never in &policy.nevers {
            let shared: Vec<&str> = grant
                .purposes
                .iter()
                .filter(|g| {
                    never
                        .purposes
                        .iter()
                        .any(|n| policy.purposes.overlaps(g.id, n.id))
                })
                .map(|g| policy.purposes.name(g.id))
                .collect();
            if shared.is_empty() {
                continue;
            }
            for category in &grant.categories {
                if !policy.categories.is_within(category.id, never.category.id) {
                    continue;
                }
                let category_name = policy.categories.name(category.id);
                let never_name = policy.categories.name(never.category.id);
                let purposes = backticked(&shared);
                diags.push(
                    Diagnostic::new(
                        Code::Contradiction,
                        category.span,
                        format!(
                            "this grant lets {owner} collect `{category_name}` for {purposes}, \
                             which a `never` rule forbids"
                        ),
                    )
                    .with_label(format!("`{category_name}` granted for {purposes}"))
                    .with_related(
                        never.span,
                        format!("`{never_name}` is never used for {purposes}"),
                    )
                    .with_help(format!(
                        "remove {purposes} from this grant, or narrow the `never` rule if the \
                         statement allows it"
                    )),
                );
            }
        }
    }
    diags
}

/// Purposes, sources and conditions that no grant or `never` rule uses. A tree node counts as
/// used when a reference names it, one of its ancestors, or one of its descendants.
fn unused(policy: &Policy) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let purposes_used: Vec<NodeId> = policy
        .grants
        .iter()
        .flat_map(|g| g.purposes.iter())
        .chain(policy.nevers.iter().flat_map(|n| n.purposes.iter()))
        .map(|r| r.id)
        .collect();
    let sources_used: Vec<NodeId> = policy
        .grants
        .iter()
        .flat_map(|g| g.sources.iter())
        .map(|r| r.id)
        .collect();
    for (kind, used) in [
        (TreeKind::Purpose, purposes_used),
        (TreeKind::Source, sources_used),
    ] {
        let tree = policy.tree(kind);
        for (id, node) in tree.iter() {
            if used.iter().any(|&u| tree.overlaps(id, u)) {
                continue;
            }
            diags.push(unused_diag(kind.name(), &node.id, node.span));
        }
    }
    for (index, condition) in policy.conditions.iter().enumerate() {
        let used = policy
            .grants
            .iter()
            .flat_map(|g| g.conditions.iter())
            .any(|c| c.id.0 as usize == index);
        if !used {
            diags.push(unused_diag("condition", &condition.id, condition.span));
        }
    }
    diags
}

/// The kind and id an `unused-definition` finding is about (`condition`, `location_enabled`).
pub(crate) fn unused_subject(d: &Diagnostic) -> Option<(&str, &str)> {
    if d.code != Code::UnusedDefinition {
        return None;
    }
    let (kind, rest) = d.message.split_once(" `")?;
    let (id, _) = rest.split_once("` is never used")?;
    Some((kind, id))
}

fn unused_diag(kind: &str, id: &str, span: crate::source::Span) -> Diagnostic {
    Diagnostic::new(
        Code::UnusedDefinition,
        span,
        format!("{kind} `{id}` is never used"),
    )
    .with_label("declared here, used by no grant or `never` rule")
    .with_help(format!(
        "use it in a `collect` grant, or remove the {kind} if nothing needs it"
    ))
}

/// `` `a` `` / `` `a` and `b` `` / `` `a`, `b` and `c` ``.
pub(crate) fn backticked(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
