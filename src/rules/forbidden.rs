//! `forbidden-use`: a `never` rule covers the entry (incorrect disclosure). The rule's category
//! equals, contains or is contained in the entry's, and one of its purposes equals, contains or
//! is contained in one of the entry's (an entry broader than the rule includes it, in category
//! or in purpose: DESIGN §3); whatever the grants or the product say. It needs only the entry's
//! category and purposes, so it is judged even under an unknown product or source. The
//! judgement is [`super::judge`]'s; this renders it.

use super::judge::{Judgement, Verdict};
use super::unknown::Resolved;
use crate::diagnostic::{Code, Diagnostic};
use crate::policy::Policy;

/// Reports each purpose of `entry` that `judgement` finds forbidden.
pub fn report(
    policy: &Policy,
    entry: &Resolved<'_>,
    judgement: &Judgement,
    diags: &mut Vec<Diagnostic>,
) {
    for &(purpose, written) in &entry.purposes {
        let Some(Verdict::Forbidden(rule)) = judgement.verdict(purpose) else {
            continue;
        };
        let Some(rule) = policy.nevers.get(*rule) else {
            continue;
        };
        let category = &entry.category_written.value;
        let never_category = policy.categories.name(rule.category.id);
        let never_purposes: Vec<&str> = rule
            .purposes
            .iter()
            .map(|p| policy.purposes.name(p.id))
            .collect();
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
            format!(
                "`{never_category}` is never used for {}",
                crate::policy::lint::backticked(&never_purposes)
            ),
        );
        diag.help = Some(match &rule.reason {
            Some(reason) => format!("remove `{}` from this entry: {reason}", written.value),
            None => format!("remove `{}` from this entry's purposes", written.value),
        });
        diags.push(diag);
    }
}
