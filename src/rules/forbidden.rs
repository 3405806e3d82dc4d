//! `forbidden-use`: a `never` rule covers the entry (incorrect disclosure). The rule's category
//! equals or is an ancestor of the entry's, or the entry is broader than the rule (an entry
//! `location` includes a rule's `location.precise`), and one of the entry's purposes equals or
//! descends from one of the rule's purposes; whatever the grants or the product say. It needs
//! only the entry's category and purposes, so it is judged even under an unknown product or
//! source.

use super::unknown::Resolved;
use crate::diagnostic::{Code, Diagnostic};
use crate::policy::Policy;
use crate::policy::model::NodeId;

/// Reports each forbidden purpose of the entry; returns the purposes left to judge by grants.
pub fn check<'m>(
    policy: &Policy,
    entry: &Resolved<'m>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<NodeId> {
    let mut allowed = Vec::new();
    for &(purpose, written) in &entry.purposes {
        let rule = policy.nevers.iter().find(|n| {
            // The rule's category equals, contains, or (for a broader entry) is contained in
            // the entry's.
            (policy.categories.is_within(entry.category, n.category.id)
                || policy.categories.is_within(n.category.id, entry.category))
                && n.purposes
                    .iter()
                    .any(|p| policy.purposes.is_within(purpose, p.id))
        });
        let Some(rule) = rule else {
            allowed.push(purpose);
            continue;
        };
        let category = &entry.entry.category.value;
        let never_category = policy.categories.name(rule.category.id);
        let mut diag = Diagnostic::new(
            Code::ForbiddenUse,
            written.span,
            format!(
                "`{category}` is used for `{}`, which the policy never allows",
                written.value
            ),
        )
        .with_label("forbidden purpose")
        .with_related(
            rule.span,
            format!("`{never_category}` is never used for `{}`", written.value),
        );
        diag.help = Some(match &rule.reason {
            Some(reason) => format!("remove `{}` from this entry: {reason}", written.value),
            None => format!("remove `{}` from this entry's purposes", written.value),
        });
        diags.push(diag);
    }
    allowed
}
