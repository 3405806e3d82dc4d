//! Platform declarations judged against the statement. An Apple privacy manifest or a Play data
//! safety form is read into a platform-neutral declaration (`crate::platform`); here each
//! declared data type, with its uses, is read through the policy's `map` block for that store
//! as entries of the bound product and asked of the one judgement (`super::judge`), and its
//! findings are rendered by the same code as a YAML manifest's, so every code and message is
//! the same, made once. A store id the policy maps to nothing is `unmapped-platform-id`; a
//! file no `products:` binding covers is `unbound-declaration`.
//!
//! A store id may map to several policy ids: the use is covered when any one reading is
//! covered. When none is, the findings of the first reading are reported, related to the map
//! lines that made it. A store id the map leaves unmapped on purpose is reported with the
//! map's reason.
//!
//! What Play calls sharing is data the app sends out: a shared data type is a use of the data
//! for the sharing purposes, from the source its `data` line gives (DESIGN §9), judged with its
//! collection as one entry, and a finding about a sharing purpose says it is shared.

use super::judge::{self, Judgement, Query};
use super::unknown::Resolved;
use super::{ManifestResult, coverage, forbidden};
use crate::diagnostic::{Code, Diagnostic, Label};
use crate::manifest::Str;
use crate::platform::{Declaration, Item, Use, UseKind};
use crate::policy::Policy;
use crate::policy::model::{ConditionId, Mapping, NodeId, PlatformMap};
use crate::source::Span;

/// The product a platform file is bound to in `candor.yaml`, with the conditions the app
/// enforces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    /// The product id.
    pub product: String,
    /// Condition ids every entry of the file lists.
    pub conditions: Vec<String>,
}

/// Judges a platform declaration against `policy` as entries of the bound product.
pub fn check(policy: &Policy, declaration: &Declaration, bound: Option<&Bound>) -> ManifestResult {
    let mut result = ManifestResult::default();
    let whole = Span::new(declaration.file, 0, 0);
    let platform = declaration.platform;
    let product = match bound {
        None => {
            result.diagnostics.push(
                Diagnostic::new(
                    Code::UnboundDeclaration,
                    whole,
                    format!(
                        "this {} declaration belongs to no product: no `products:` binding in \
                         candor.yaml covers it",
                        platform.name()
                    ),
                )
                .with_help(
                    "bind it in candor.yaml: `products: [{path: \"apps/ios/**\", product: ...}]`",
                ),
            );
            None
        }
        // The binding's product and conditions are checked once, in candor.yaml
        // (`unknown::binding`): here they are only resolved, and what is not defined is
        // left out as it is for an entry.
        Some(bound) => Some(Str {
            value: bound.product.clone(),
            span: whole,
        }),
    };
    let conditions: Vec<Str> = bound
        .map(|b| b.conditions.as_slice())
        .unwrap_or_default()
        .iter()
        .filter(|c| policy.condition_id(c).is_some())
        .map(|c| Str {
            value: c.clone(),
            span: whole,
        })
        .collect();
    let Some(map) = policy.mapping(platform) else {
        if !declaration.items.is_empty() {
            result.diagnostics.push(
                Diagnostic::new(
                    Code::UnmappedPlatformId,
                    whole,
                    format!(
                        "the policy has no `map {}` block, so none of this file's ids mean \
                         anything in it",
                        platform.keyword()
                    ),
                )
                .with_help(format!(
                    "add a `map {} {{ ... }}` block to the policy",
                    platform.keyword()
                )),
            );
        }
        return result;
    };
    let reader = Reader {
        policy,
        map,
        product: product.as_ref(),
        conditions: &conditions,
    };
    for item in &declaration.items {
        reader.item(item, &mut result);
    }
    result.used_grants.sort_unstable();
    result.used_grants.dedup();
    result
}

/// Whether finding `d` is about what the app shares: at a sharing purpose, or at the data type
/// when every use of it is a sharing.
fn is_about_sharing(d: &Diagnostic, item: &Item, uses: &[&Judged<'_>]) -> bool {
    let shared = |u: &&&Judged<'_>| u.used.kind == UseKind::Sharing;
    if d.primary.span == item.data_type.span {
        return !uses.is_empty() && uses.iter().all(|u| shared(&u));
    }
    uses.iter()
        .filter(|u| u.used.purpose.span == d.primary.span)
        .any(|u| shared(&u))
}

struct Reader<'a> {
    policy: &'a Policy,
    map: &'a PlatformMap,
    product: Option<&'a Str>,
    conditions: &'a [Str],
}

/// One use of an item as judged: where its purpose is written and what the map reads it as.
struct Judged<'i> {
    used: &'i Use,
    mapping: &'i Mapping,
    source: NodeId,
}

impl Reader<'_> {
    fn item(&self, item: &Item, result: &mut ManifestResult) {
        let Some(data) = self.map.data_type(&item.data_type.value) else {
            result
                .diagnostics
                .push(self.unmapped(&item.data_type, "data type"));
            return;
        };
        let mut reported: Vec<&str> = Vec::new();
        let mut uses: Vec<Judged<'_>> = Vec::new();
        for used in &item.uses {
            let Some(mapping) = self.map.purpose(&used.purpose.value) else {
                // One finding per store purpose id and item.
                if !reported.contains(&used.purpose.value.as_str()) {
                    reported.push(&used.purpose.value);
                    result
                        .diagnostics
                        .push(self.unmapped(&used.purpose, "purpose"));
                }
                continue;
            };
            let Some(source) = self.source(used, data) else {
                continue;
            };
            uses.push(Judged {
                used,
                mapping,
                source,
            });
        }
        // Uses read as coming from the same source are one entry, judged once.
        let mut sources: Vec<NodeId> = Vec::new();
        for judged in &uses {
            if !sources.contains(&judged.source) {
                sources.push(judged.source);
            }
        }
        for source in sources {
            let group: Vec<&Judged<'_>> = uses.iter().filter(|u| u.source == source).collect();
            self.judge(item, data, source, &group, result);
        }
    }

    fn unmapped(&self, id: &Str, what: &str) -> Diagnostic {
        let keyword = self.map.platform.keyword();
        let vocabulary = if what == "purpose" {
            crate::platform::Vocabulary::Purpose
        } else {
            crate::platform::Vocabulary::DataType
        };
        if let Some(left) = self.map.unmapped(vocabulary, &id.value) {
            return Diagnostic::new(
                Code::UnmappedPlatformId,
                id.span,
                format!(
                    "{} {what} `{}` is left unmapped on purpose: {}",
                    self.map.platform.name(),
                    id.value,
                    left.reason
                ),
            )
            .with_label("unmapped on purpose")
            .with_related(
                left.span,
                format!("the `map {keyword}` block leaves it unmapped"),
            )
            .with_help(
                "the statement does not describe this data or use: stop declaring it, or change \
                 the statement and its policy first, then map the id",
            );
        }
        Diagnostic::new(
            Code::UnmappedPlatformId,
            id.span,
            format!(
                "{} {what} `{}` means nothing in the policy: its `map {keyword}` block does not \
                 map it",
                self.map.platform.name(),
                id.value
            ),
        )
        .with_label("unmapped")
        .with_related(self.map.span, format!("the `map {keyword}` block"))
        .with_help(format!(
            "map it in the policy: `{} {} as ...`",
            if what == "purpose" { "purpose" } else { "data" },
            id.value
        ))
    }

    /// Judges the uses of one item read as coming from `source`, as one entry per reading of
    /// its data type: a use is covered when any reading of the data type and of its purpose is
    /// (DESIGN §9). A covered use is reported under the reading that covers it (its advice);
    /// the rest under the first reading. Each finding is made once.
    fn judge(
        &self,
        item: &Item,
        data: &Mapping,
        source: NodeId,
        uses: &[&Judged<'_>],
        result: &mut ManifestResult,
    ) {
        let policy = self.policy;
        let product = self.product.and_then(|p| policy.product_id(&p.value));
        let conditions: Vec<ConditionId> = self
            .conditions
            .iter()
            .filter_map(|c| policy.condition_id(&c.value))
            .collect();
        let mut purposes: Vec<NodeId> = Vec::new();
        for judged in uses {
            for target in &judged.mapping.targets {
                if !purposes.contains(&target.id) {
                    purposes.push(target.id);
                }
            }
        }
        let judgements: Vec<(NodeId, Judgement)> = data
            .targets
            .iter()
            .map(|category| {
                let query = Query {
                    product,
                    category: category.id,
                    purposes: &purposes,
                    source: Some(source),
                    conditions: &conditions,
                };
                (category.id, judge::judge(policy, &query))
            })
            .collect();
        // For each use, the reading it is reported under: (category index, purpose).
        let mut chosen: Vec<(usize, NodeId, &Judged<'_>)> = Vec::new();
        for judged in uses {
            let readings = judgements.iter().enumerate().flat_map(|(n, (_, j))| {
                judged
                    .mapping
                    .targets
                    .iter()
                    .map(move |t| (n, t.id, j.verdict(t.id)))
            });
            let mut first = None;
            let mut covering = None;
            for (n, purpose, verdict) in readings {
                first.get_or_insert((n, purpose));
                if verdict.is_some_and(|v| !v.is_error()) {
                    covering = Some((n, purpose));
                    break;
                }
            }
            // Uses read as the same reading (Apple's third-party advertising and its tracking
            // flag, both `advertising`) are one purpose of one entry, judged once: one breach,
            // one finding, at the first place it is written.
            if let Some((n, purpose)) = covering.or(first)
                && !chosen.iter().any(|(c, p, _)| (*c, *p) == (n, purpose))
            {
                chosen.push((n, purpose, judged));
            }
        }
        let names: Vec<Str> = chosen
            .iter()
            .map(|(_, purpose, judged)| Str {
                value: policy.purposes.name(*purpose).to_owned(),
                span: judged.used.purpose.span,
            })
            .collect();
        for (n, (category, judgement)) in judgements.iter().enumerate() {
            let picked: Vec<usize> = (0..chosen.len())
                .filter(|&k| chosen.get(k).is_some_and(|(c, _, _)| *c == n))
                .collect();
            if picked.is_empty() {
                continue;
            }
            let written = Str {
                value: policy.categories.name(*category).to_owned(),
                span: item.data_type.span,
            };
            let entry = Resolved {
                category_written: &written,
                category: *category,
                purposes: picked
                    .iter()
                    .filter_map(|&k| Some((chosen.get(k)?.1, names.get(k)?)))
                    .collect(),
                source: Some(source),
                source_span: item.data_type.span,
                source_written: true,
                conditions: conditions.clone(),
                conditions_span: None,
            };
            let mut found = Vec::new();
            forbidden::report(policy, &entry, judgement, &mut found);
            let mut reading = ManifestResult::default();
            if let Some(product) = product {
                coverage::report(policy, product, &entry, judgement, &mut reading);
            }
            found.append(&mut reading.diagnostics);
            result.used_grants.append(&mut reading.used_grants);
            for mut d in found {
                self.explain(&mut d, item, data, (*category, source), &picked, &chosen);
                if is_about_sharing(&d, item, uses) {
                    d.message.push_str(" (the form says the app shares it)");
                }
                result.diagnostics.push(d);
            }
        }
    }

    /// Relates a finding to the map lines that made its reading: the purpose line of the use
    /// it is about, else the data type's line, which for a source finding is the cause.
    fn explain(
        &self,
        d: &mut Diagnostic,
        item: &Item,
        data: &Mapping,
        (category, source): (NodeId, NodeId),
        picked: &[usize],
        chosen: &[(usize, NodeId, &Judged<'_>)],
    ) {
        let policy = self.policy;
        let about = picked
            .iter()
            .filter_map(|&k| chosen.get(k))
            .find(|(_, _, judged)| judged.used.purpose.span == d.primary.span);
        match about {
            Some((_, purpose, judged)) => d.related.push(Label::new(
                judged.mapping.span,
                format!(
                    "`{}` means `{}` here",
                    judged.used.purpose.value,
                    policy.purposes.name(*purpose)
                ),
            )),
            None if d.code == Code::UndeclaredSource => {
                let keyword = self.map.platform.keyword();
                d.related.push(Label::new(
                    data.span,
                    format!(
                        "this line reads `{}` as collected from `{}`",
                        item.data_type.value,
                        policy.sources.name(source)
                    ),
                ));
                d.help = Some(format!(
                    "if the app obtains it another way, say so on the `map {keyword}` line: \
                     `data {} as ... from SOURCE`; else add `{}` to the grant's `from` list if \
                     the statement allows it",
                    item.data_type
                        .value
                        .strip_prefix("NSPrivacyCollectedDataType")
                        .unwrap_or(&item.data_type.value),
                    policy.sources.name(source)
                ));
            }
            None => d.related.push(Label::new(
                data.span,
                format!(
                    "`{}` means `{}` here",
                    item.data_type.value,
                    policy.categories.name(category)
                ),
            )),
        }
    }

    /// Where a use's data comes from: the data type's `from` in the map, else `direct`, for
    /// every kind of use (what the store calls sharing is data the app sends out, obtained as
    /// its collection is). `None` when the policy defines no such source.
    fn source(&self, _used: &Use, data: &Mapping) -> Option<NodeId> {
        data.source
            .map(|s| s.id)
            .or_else(|| self.policy.sources.lookup(crate::manifest::DEFAULT_SOURCE))
    }
}
