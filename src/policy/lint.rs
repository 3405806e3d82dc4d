//! Policy lint over the resolved model: grants that contradict a `never` rule, and purposes,
//! sources and conditions that nothing uses.

use std::collections::{HashMap, HashSet};

use super::ast::TreeKind;
use super::model::{ConditionId, Grant, Never, NodeId, Policy, Ref};
use crate::diagnostic::{Code, Diagnostic};
use crate::limits;
use crate::source::Span;

/// Every lint finding of a resolved policy.
pub fn lint(policy: &Policy) -> Vec<Diagnostic> {
    let mut diags = contradictions(policy);
    diags.extend(unused(policy));
    diags
}

/// A grant contradicts a `never` rule when the rule covers one of its categories for one of its
/// purposes, read as the judgement reads an entry ([`Policy::never_covers`]: same, narrower or
/// broader category, overlapping purposes; PolicyLint's "same or narrower subject, same
/// action", and DESIGN §3's broader readings).
///
/// Identical grants (same product, categories, purposes, sources and conditions) and identical
/// rules (same category and purposes) are judged once, the first of each; rules are found
/// through the grant's categories and their ancestors, not by trying every rule; and at most
/// [`limits::CONTRADICTIONS`] findings are made, the rest counted in one more.
fn contradictions(policy: &Policy) -> Vec<Diagnostic> {
    let mut rules: HashMap<NodeId, Vec<(usize, &Never)>> = HashMap::new();
    let mut seen_rules = HashSet::new();
    for (index, never) in policy.nevers.iter().enumerate() {
        if seen_rules.insert((never.category.id, ids(&never.purposes))) {
            rules
                .entry(never.category.id)
                .or_default()
                .push((index, never));
        }
    }
    let mut diags = Vec::new();
    if rules.is_empty() {
        return diags;
    }
    let mut left_out: Option<(usize, Span)> = None;
    let mut seen_grants = HashSet::new();
    for grant in &policy.grants {
        let key = (
            grant.product,
            ids(&grant.categories),
            ids(&grant.purposes),
            ids(&grant.sources),
            ids(&grant.conditions),
        );
        if !seen_grants.insert(key) {
            continue;
        }
        // (rule, category) pairs in the order of the rules, then of the grant's categories.
        // Rules of the category or an ancestor, found through the ancestors; rules of a
        // narrower category (the grant is broader than the rule, and includes it) by a look at
        // each rule's category.
        let mut pairs: Vec<(usize, &Never, &Ref<NodeId>)> = grant
            .categories
            .iter()
            .flat_map(|category| {
                let narrower = rules
                    .iter()
                    .filter(move |(id, _)| {
                        **id != category.id && policy.categories.is_within(**id, category.id)
                    })
                    .map(|(_, list)| list);
                policy
                    .categories
                    .ancestors(category.id)
                    .filter_map(|ancestor| rules.get(&ancestor))
                    .chain(narrower)
                    .flatten()
                    .map(move |&(index, never)| (index, never, category))
            })
            .collect();
        pairs.sort_by_key(|&(index, _, category)| (index, category.span.start));
        for (_, never, category) in pairs {
            let overlaps = |g: &&Ref<NodeId>| policy.never_covers(never, category.id, g.id);
            if diags.len() >= limits::CONTRADICTIONS {
                if grant.purposes.iter().any(|g| overlaps(&g)) {
                    let (count, _) = left_out.get_or_insert((0, category.span));
                    *count += 1;
                }
                continue;
            }
            let shared: Vec<&str> = grant
                .purposes
                .iter()
                .filter(overlaps)
                .map(|g| policy.purposes.name(g.id))
                .collect();
            if !shared.is_empty() {
                diags.push(contradiction(policy, grant, never, category, &shared));
            }
        }
    }
    if let Some((count, span)) = left_out {
        let limit = limits::CONTRADICTIONS;
        diags.push(
            Diagnostic::new(
                Code::Contradiction,
                span,
                format!(
                    "and {count} more contradictions, not reported one by one (candor's limit \
                     CONTRADICTIONS is {limit} per policy)"
                ),
            )
            .with_label("the first contradiction not reported")
            .with_help("fix the contradictions reported and check again to see the rest"),
        );
    }
    diags
}

/// The ids of `refs`, sorted and each once: what makes two grants or rules identical.
fn ids<T: Copy + Ord>(refs: &[Ref<T>]) -> Vec<T> {
    let mut ids: Vec<T> = refs.iter().map(|r| r.id).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The finding for `grant`, which grants `category` for the `shared` purposes `never` forbids.
fn contradiction(
    policy: &Policy,
    grant: &Grant,
    never: &Never,
    category: &Ref<NodeId>,
    shared: &[&str],
) -> Diagnostic {
    let owner = grant.product.and_then(|p| policy.product(p)).map_or_else(
        || "every product (the default block)".to_owned(),
        |p| format!("`{}`", p.id),
    );
    let category_name = policy.categories.name(category.id);
    let never_name = policy.categories.name(never.category.id);
    let purposes = backticked(shared);
    Diagnostic::new(
        Code::Contradiction,
        category.span,
        format!(
            "this grant lets {owner} collect `{category_name}` for {purposes}, which a `never` \
             rule forbids"
        ),
    )
    .with_label(format!("`{category_name}` granted for {purposes}"))
    .with_related(
        never.span,
        format!("`{never_name}` is never used for {purposes}"),
    )
    .with_help(format!(
        "remove {purposes} from this grant, or narrow the `never` rule if the statement allows \
         it"
    ))
}

/// Purposes, sources and conditions that no grant or `never` rule uses. A tree node counts as
/// used when a reference names it, one of its ancestors, or one of its descendants; each is
/// looked up in sets, so the time is near linear in the policy's size.
fn unused(policy: &Policy) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let purposes_used: HashSet<NodeId> = policy
        .grants
        .iter()
        .flat_map(|g| g.purposes.iter())
        .chain(policy.nevers.iter().flat_map(|n| n.purposes.iter()))
        .map(|r| r.id)
        .collect();
    let sources_used: HashSet<NodeId> = policy
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
        // A node some reference descends from, or is: the used ids and their ancestors.
        let above_used: HashSet<NodeId> = used.iter().flat_map(|&u| tree.ancestors(u)).collect();
        for (id, node) in tree.iter() {
            if above_used.contains(&id) || tree.ancestors(id).any(|a| used.contains(&a)) {
                continue;
            }
            diags.push(unused_diag(kind.name(), &node.id, node.span));
        }
    }
    let conditions_used: HashSet<ConditionId> = policy
        .grants
        .iter()
        .flat_map(|g| g.conditions.iter())
        .map(|c| c.id)
        .collect();
    for (index, condition) in policy.conditions.iter().enumerate() {
        let id = ConditionId(u32::try_from(index).unwrap_or(u32::MAX));
        if !conditions_used.contains(&id) {
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

fn unused_diag(kind: &str, id: &str, span: Span) -> Diagnostic {
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
    let mut out = String::with_capacity(names.iter().map(|n| n.len() + 6).sum());
    for (n, name) in names.iter().enumerate() {
        if n > 0 {
            out.push_str(if n + 1 == names.len() { " and " } else { ", " });
        }
        out.push('`');
        out.push_str(name);
        out.push('`');
    }
    out
}
