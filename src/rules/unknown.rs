//! `unknown-product`, `unknown-category`, `unknown-purpose`, `unknown-source`,
//! `unknown-condition`: a manifest names an id the policy does not define. Each finding points
//! at the misspelt value and suggests the nearest defined id.

use crate::diagnostic::{Code, Diagnostic};
use crate::manifest::{Entry, Str};
use crate::policy::Policy;
use crate::policy::ast::TreeKind;
use crate::policy::model::{ConditionId, NodeId, ProductId};
use crate::source::Span;

pub use crate::manifest::DEFAULT_SOURCE;

/// An entry whose category resolved, with whatever else resolved.
#[derive(Debug, Clone)]
pub struct Resolved<'m> {
    /// The category as written (a store file: the policy's name for its reading), and where.
    pub category_written: &'m Str,
    /// Its category.
    pub category: NodeId,
    /// Its purposes that resolved, each once, with where it is (first) written.
    pub purposes: Vec<(NodeId, &'m Str)>,
    /// Its source (`direct` unless given), or `None` when the policy does not define it.
    pub source: Option<NodeId>,
    /// Where the source is written, or the `data` value when the default applies.
    pub source_span: Span,
    /// Whether the source was written (else the default applies).
    pub source_written: bool,
    /// Its conditions that resolved (an unknown condition satisfies no grant).
    pub conditions: Vec<ConditionId>,
    /// Where the conditions are listed, if they are.
    pub conditions_span: Option<Span>,
}

impl Resolved<'_> {
    /// The judgement of this entry for `product` (see [`super::judge`]).
    pub fn judge(&self, policy: &Policy, product: Option<ProductId>) -> super::judge::Judgement {
        let purposes: Vec<NodeId> = self.purposes.iter().map(|(p, _)| *p).collect();
        super::judge::judge(
            policy,
            &super::judge::Query {
                product,
                category: self.category,
                purposes: &purposes,
                source: self.source,
                conditions: &self.conditions,
            },
        )
    }
}

/// Resolves the manifest's product, reporting `unknown-product`.
pub fn product(policy: &Policy, product: &Str, diags: &mut Vec<Diagnostic>) -> Option<ProductId> {
    let found = policy.product_id(&product.value);
    if found.is_none() {
        let nearest = policy.product_nearest(&product.value);
        diags.push(unknown(Code::UnknownProduct, "product", product, nearest));
    }
    found
}

/// Checks the ids of one `products:` binding of `candor.yaml` (its product and its
/// conditions) once, at their places in `candor.yaml`: the files it binds are then judged with
/// what resolved and are not reported for the binding's ids again.
pub fn binding(policy: &Policy, product: &Str, conditions: &[Str]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if policy.product_id(&product.value).is_none() {
        let nearest = policy.product_nearest(&product.value);
        let mut diag = unknown(Code::UnknownProduct, "product", product, nearest);
        diag.message = format!(
            "product `{}` of this `products:` binding is not defined in the policy",
            product.value
        );
        diags.push(diag);
    }
    for condition in conditions {
        if policy.condition_id(&condition.value).is_none() {
            let nearest = policy.condition_nearest(&condition.value);
            let mut diag = unknown(Code::UnknownCondition, "condition", condition, nearest);
            diag.message = format!(
                "condition `{}` of this `products:` binding is not defined in the policy",
                condition.value
            );
            diags.push(diag);
        }
    }
    diags
}

/// Resolves every id of an entry, reporting each unknown one. `None` when the category did not
/// resolve (nothing can be judged without it); otherwise what resolved, so that an unknown id
/// stops only what depends on it. A purpose listed twice is resolved, and judged, once.
pub fn entry<'m>(
    policy: &Policy,
    entry: &'m Entry,
    diags: &mut Vec<Diagnostic>,
) -> Option<Resolved<'m>> {
    let category = node(
        policy,
        TreeKind::Category,
        Code::UnknownCategory,
        &entry.category,
        diags,
    );
    let purposes: Vec<(NodeId, &Str)> = entry
        .purposes
        .iter()
        .enumerate()
        .filter(|(n, p)| {
            // Listed before? (An entry names a few purposes.)
            !entry
                .purposes
                .get(..*n)
                .is_some_and(|before| before.iter().any(|q| q.value == p.value))
        })
        .map(|(_, p)| p)
        .filter_map(|p| {
            node(policy, TreeKind::Purpose, Code::UnknownPurpose, p, diags).map(|id| (id, p))
        })
        .collect();
    let (source, source_span) = match &entry.source {
        Some(s) => (
            node(policy, TreeKind::Source, Code::UnknownSource, s, diags),
            s.span,
        ),
        None => {
            let found = policy.sources.lookup(DEFAULT_SOURCE);
            if found.is_none() {
                diags.push(
                    Diagnostic::new(
                        Code::UnknownSource,
                        entry.data.span,
                        format!(
                            "the default source `{DEFAULT_SOURCE}` is not defined in the policy"
                        ),
                    )
                    .with_label("this entry names no source")
                    .with_help(
                        "name the entry's `source:`, or declare `source direct` in the policy",
                    ),
                );
            }
            (found, entry.data.span)
        }
    };
    let conditions: Vec<ConditionId> = entry
        .conditions
        .iter()
        .filter_map(|c| {
            let found = policy.condition_id(&c.value);
            if found.is_none() {
                let nearest = policy.condition_nearest(&c.value);
                diags.push(unknown(Code::UnknownCondition, "condition", c, nearest));
            }
            found
        })
        .collect();
    Some(Resolved {
        category_written: &entry.category,
        category: category?,
        purposes,
        source,
        source_span,
        source_written: entry.source.is_some(),
        conditions,
        conditions_span: entry.conditions_span,
    })
}

fn node(
    policy: &Policy,
    kind: TreeKind,
    code: Code,
    value: &Str,
    diags: &mut Vec<Diagnostic>,
) -> Option<NodeId> {
    let tree = policy.tree(kind);
    let found = tree.lookup(&value.value);
    if found.is_none() {
        let nearest = tree.nearest(&value.value);
        diags.push(unknown(code, kind.name(), value, nearest));
    }
    found
}

/// The finding for `value`, with "did you mean" `nearest` as help and as its fix when there is
/// one.
fn unknown(code: Code, kind: &str, value: &Str, nearest: Option<&str>) -> Diagnostic {
    let help = nearest.map_or_else(
        || {
            format!(
                "use a {kind} the policy defines, or add `{}` to the policy",
                value.value
            )
        },
        crate::suggest::phrase,
    );
    let found = Diagnostic::new(
        code,
        value.span,
        format!("{kind} `{}` is not defined in the policy", value.value),
    )
    .with_label(format!("unknown {kind}"))
    .with_help(help);
    match (nearest, value.text_span()) {
        (Some(nearest), Some(span)) => found.with_fix(span, nearest),
        _ => found,
    }
}
