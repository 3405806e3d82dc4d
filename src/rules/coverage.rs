//! Coverage of an entry by the grants of its product (its own and the default block's), judged
//! per purpose (PoliCheck's disclosure classes):
//!
//! - no grant names the category or an ancestor: `undeclared-collection` (omitted);
//! - grants name the category, none for this purpose: `undeclared-purpose`;
//! - category and purpose granted, not from this source: `undeclared-source`;
//! - all three granted, a required condition not listed: `missing-condition`;
//! - covered only through an ancestor category: `vague-disclosure` (advice, with the distance).
//!
//! An entry broader than every grant (`location` where only `location.precise` is granted) is
//! not covered.

use super::ManifestResult;
use super::judge::{Judgement, Verdict};
use super::unknown::Resolved;
use crate::diagnostic::{Code, Diagnostic};
use crate::manifest::Str;
use crate::policy::Policy;
use crate::policy::lint::backticked;
use crate::policy::model::{ConditionId, Grant, GrantId, ProductId};

/// Renders the findings of `judgement` (of `entry`, for `product`) but forbidden uses (see
/// [`super::forbidden`]): one per entry for collection, source, condition and vague, one per
/// purpose for `undeclared-purpose`. Grants that cover a purpose are recorded as used.
pub fn report(
    policy: &Policy,
    product: ProductId,
    entry: &Resolved<'_>,
    judgement: &Judgement,
    result: &mut ManifestResult,
) {
    result.used_grants.extend(judgement.used.iter().copied());
    let product_name = policy.product(product).map_or("", |p| p.id.as_str());
    let granted: Vec<(GrantId, &Grant)> = judgement
        .granted
        .iter()
        .filter_map(|id| policy.grants.get(id.0 as usize).map(|g| (*id, g)))
        .collect();
    let mut omitted = false;
    let mut missing_source: Vec<&Str> = Vec::new();
    let mut missing_condition: Vec<(&Str, GrantId, &[ConditionId])> = Vec::new();
    let mut vague: Vec<(&Str, usize, GrantId)> = Vec::new();
    for &(purpose, written) in &entry.purposes {
        match judgement.verdict(purpose) {
            Some(Verdict::Omitted) => omitted = true,
            Some(Verdict::WrongPurpose) => result.diagnostics.push(undeclared_purpose(
                policy,
                product_name,
                entry,
                written,
                &granted,
            )),
            Some(Verdict::WrongSource) => missing_source.push(written),
            Some(Verdict::MissingCondition { grant, missing }) => {
                missing_condition.push((written, *grant, missing));
            }
            Some(Verdict::Vague { grant, distance }) => vague.push((written, *distance, *grant)),
            Some(
                Verdict::Clear(_)
                | Verdict::Forbidden(_)
                | Verdict::SourceUnknown
                | Verdict::Unjudged,
            )
            | None => {}
        }
    }
    if omitted {
        result
            .diagnostics
            .push(undeclared_collection(policy, product, entry));
    }
    if !missing_source.is_empty() {
        result
            .diagnostics
            .push(undeclared_source(policy, entry, &missing_source, &granted));
    }
    // One finding per entry, naming every purpose it affects and every missing condition.
    if let Some(&(_, grant, _)) = missing_condition.first() {
        let purposes: Vec<&Str> = missing_condition.iter().map(|(p, _, _)| *p).collect();
        let mut missing: Vec<ConditionId> = Vec::new();
        for (_, _, m) in &missing_condition {
            for c in m.iter() {
                if !missing.contains(c) {
                    missing.push(*c);
                }
            }
        }
        if let Some(grant) = policy.grants.get(grant.0 as usize) {
            result.diagnostics.push(missing_condition_diag(
                policy, entry, &purposes, grant, &missing,
            ));
        }
    }
    if let Some(&(_, distance, grant)) = vague.iter().min_by_key(|(_, d, _)| *d)
        && let Some(grant) = policy.grants.get(grant.0 as usize)
    {
        result
            .diagnostics
            .push(vague_disclosure(policy, entry, &vague, distance, grant));
    }
}

fn vague_disclosure(
    policy: &Policy,
    entry: &Resolved<'_>,
    vague: &[(&Str, usize, GrantId)],
    distance: usize,
    grant: &Grant,
) -> Diagnostic {
    let category_name = entry.category_written.value.as_str();
    let purposes: Vec<&str> = vague.iter().map(|(p, _, _)| p.value.as_str()).collect();
    let ancestor = policy
        .categories
        .ancestors(entry.category)
        .nth(distance)
        .map_or("", |a| policy.categories.name(a));
    let levels = if distance == 1 {
        std::borrow::Cow::Borrowed("1 level")
    } else {
        std::borrow::Cow::Owned(format!("{distance} levels"))
    };
    // Joined rather than formatted: a large repository has tens of thousands of these.
    Diagnostic::new(
        Code::VagueDisclosure,
        entry.category_written.span,
        [
            "`",
            category_name,
            "` is disclosed only as the broader `",
            ancestor,
            "` (",
            &levels,
            " up)",
        ]
        .concat(),
    )
    .with_label(
        [
            "covered for ",
            &backticked(&purposes),
            " only through `",
            ancestor,
            "`",
        ]
        .concat(),
    )
    .with_related(grant.span, ["the grant names `", ancestor, "`"].concat())
    .with_help(
        [
            "name `",
            category_name,
            "` in the policy's grant so the statement says it plainly",
        ]
        .concat(),
    )
}

fn undeclared_collection(policy: &Policy, product: ProductId, entry: &Resolved<'_>) -> Diagnostic {
    let product_decl = policy.product(product);
    let product_name = product_decl.map_or("", |p| p.id.as_str());
    let category_name = &entry.category_written.value;
    let narrower: Vec<&str> = {
        let mut names: Vec<&str> = policy
            .effective_grants(product)
            .flat_map(|(_, g)| g.categories.iter())
            .filter(|c| policy.categories.is_within(c.id, entry.category))
            .map(|c| policy.categories.name(c.id))
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    };
    let help = if narrower.is_empty() {
        format!(
            "if `{product_name}` really collects this, the privacy statement must say so: add a \
             grant `collect {category_name} for ... from ...` to product `{product_name}`; \
             otherwise stop collecting it"
        )
    } else {
        format!(
            "the policy grants only the narrower {}; name the exact category in the manifest",
            backticked(&narrower)
        )
    };
    let mut diag = Diagnostic::new(
        Code::UndeclaredCollection,
        entry.category_written.span,
        format!("`{product_name}` collects `{category_name}`, which the policy does not declare"),
    )
    .with_label("undeclared collection")
    .with_help(help);
    if let Some(p) = product_decl {
        diag = diag.with_related(
            p.span,
            format!("no grant of `{product_name}` or the default block names `{category_name}`"),
        );
    }
    diag
}

fn undeclared_purpose(
    policy: &Policy,
    product_name: &str,
    entry: &Resolved<'_>,
    purpose: &Str,
    by_category: &[(GrantId, &Grant)],
) -> Diagnostic {
    let category_name = &entry.category_written.value;
    let mut diag = Diagnostic::new(
        Code::UndeclaredPurpose,
        purpose.span,
        format!(
            "`{product_name}` uses `{category_name}` for `{}`, which the policy does not declare",
            purpose.value
        ),
    )
    .with_label("undeclared purpose")
    .with_help(format!(
        "add `{}` to a grant of `{category_name}` if the statement allows it, or remove the purpose",
        purpose.value
    ));
    // Every grant of the category, with what it is granted for: the note names them all.
    let only = by_category.len() == 1;
    for (_, grant) in by_category {
        let granted: Vec<&str> = grant
            .purposes
            .iter()
            .map(|p| policy.purposes.name(p.id))
            .collect();
        let note = if only {
            format!("granted for {} only", backticked(&granted))
        } else {
            format!("granted for {} here", backticked(&granted))
        };
        diag = diag.with_related(grant.span, note);
    }
    diag
}

fn undeclared_source(
    policy: &Policy,
    entry: &Resolved<'_>,
    purposes: &[&Str],
    by_category: &[(GrantId, &Grant)],
) -> Diagnostic {
    let category_name = &entry.category_written.value;
    let source_name = entry.source.map_or("", |s| policy.sources.name(s));
    let purpose_names: Vec<&str> = purposes.iter().map(|p| p.value.as_str()).collect();
    let label = if entry.source_written {
        "undeclared source".to_owned()
    } else {
        format!("no `source:` given, so `{source_name}` applies")
    };
    let mut diag = Diagnostic::new(
        Code::UndeclaredSource,
        entry.source_span,
        format!(
            "`{category_name}` is collected from `{source_name}` for {}, which the policy does not declare",
            backticked(&purpose_names)
        ),
    )
    .with_label(label)
    .with_help(format!(
        "add `{source_name}` to the grant's `from` list if the statement allows it, or collect \
         it from a declared source"
    ));
    let grant = by_category.iter().find(|(_, g)| {
        purposes_of(policy, g, entry)
            .iter()
            .any(|p| purposes.iter().any(|w| w.value == *p))
    });
    if let Some((_, grant)) = grant.or(by_category.first()) {
        let sources: Vec<&str> = grant
            .sources
            .iter()
            .map(|s| policy.sources.name(s.id))
            .collect();
        diag = diag.with_related(
            grant.span,
            format!("granted from {} only", backticked(&sources)),
        );
    }
    diag
}

/// The purpose names of `grant` that cover one of the entry's purposes.
fn purposes_of<'p>(policy: &'p Policy, grant: &Grant, entry: &Resolved<'_>) -> Vec<&'p str> {
    entry
        .purposes
        .iter()
        .filter(|(p, _)| {
            grant
                .purposes
                .iter()
                .any(|g| policy.purposes.is_within(*p, g.id))
        })
        .map(|(p, _)| policy.purposes.name(*p))
        .collect()
}

fn missing_condition_diag(
    policy: &Policy,
    entry: &Resolved<'_>,
    purposes: &[&Str],
    grant: &Grant,
    missing: &[ConditionId],
) -> Diagnostic {
    let purpose_names: Vec<&str> = purposes.iter().map(|p| p.value.as_str()).collect();
    let names: Vec<&str> = missing
        .iter()
        .filter_map(|c| policy.condition(*c))
        .map(|c| c.id.as_str())
        .collect();
    let category_name = &entry.category_written.value;
    let span = entry.conditions_span.unwrap_or(entry.category_written.span);
    let mut diag = Diagnostic::new(
        Code::MissingCondition,
        span,
        format!(
            "`{category_name}` for {} requires {}, which the entry does not list",
            backticked(&purpose_names),
            backticked(&names)
        ),
    )
    .with_label(if entry.conditions_span.is_some() {
        "conditions listed here"
    } else {
        "no conditions listed"
    })
    .with_help(format!(
        "collect it only when the gate holds and list it: `conditions: [{}]`",
        names.join(", ")
    ));
    if let Some(required) = grant.conditions.iter().find(|c| missing.contains(&c.id)) {
        diag = diag.with_related(required.span, "the grant requires it here");
    }
    diag
}
