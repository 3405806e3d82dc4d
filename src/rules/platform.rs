//! Platform declarations judged against the statement. An Apple privacy manifest or a Play data
//! safety form is read into a platform-neutral declaration (`crate::platform`); here each
//! declared data type × use is lowered, through the policy's `map` block for that store, to
//! manifest entries of the bound product, and judged by the same rules as a YAML manifest, so
//! every code, span and message is the same. A store id the policy maps to nothing is
//! `unmapped-platform-id`; a file no `products:` binding covers is `unbound-declaration`.
//!
//! A store id may map to several policy ids: the use is covered when any one reading is
//! covered. When none is, the findings of the first reading are reported.

use super::{ManifestResult, check_manifest, unknown};
use crate::diagnostic::{Code, Diagnostic, Label, Severity};
use crate::manifest::{Entry, Manifest, Str};
use crate::platform::{Declaration, Item, Use, UseKind};
use crate::policy::Policy;
use crate::policy::model::{Mapping, PlatformMap};
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

/// The source of what a store calls sharing when the policy's map says none.
pub const SHARING_SOURCE: &str = "third_party";

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
        Some(bound) => {
            let written = Str {
                value: bound.product.clone(),
                span: whole,
            };
            unknown::product(policy, &written, &mut result.diagnostics).map(|_| written)
        }
    };
    // The binding's conditions are checked once, not once per entry.
    let conditions: Vec<Str> = bound
        .map(|b| b.conditions.as_slice())
        .unwrap_or_default()
        .iter()
        .filter_map(|c| {
            let written = Str {
                value: c.clone(),
                span: whole,
            };
            if policy.condition_id(c).is_some() {
                Some(written)
            } else {
                result.diagnostics.push(
                    Diagnostic::new(
                        Code::UnknownCondition,
                        whole,
                        format!(
                            "condition `{c}` of this file's binding in candor.yaml is not \
                             defined in the policy"
                        ),
                    )
                    .with_help("fix the `conditions:` of the binding in candor.yaml"),
                );
                None
            }
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
                        store_keyword(platform)
                    ),
                )
                .with_help(format!(
                    "add a `map {} {{ ... }}` block to the policy",
                    store_keyword(platform)
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

/// The keyword a policy's `map` block names the store by.
pub fn store_keyword(platform: crate::platform::Platform) -> &'static str {
    match platform {
        crate::platform::Platform::Apple => "apple",
        crate::platform::Platform::Play => "play",
    }
}

struct Reader<'a> {
    policy: &'a Policy,
    map: &'a PlatformMap,
    product: Option<&'a Str>,
    conditions: &'a [Str],
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
        for used in &item.uses {
            let Some(purpose) = self.map.purpose(&used.purpose.value) else {
                // One finding per store purpose id and item.
                if !reported.contains(&used.purpose.value.as_str()) {
                    reported.push(&used.purpose.value);
                    result
                        .diagnostics
                        .push(self.unmapped(&used.purpose, "purpose"));
                }
                continue;
            };
            self.judge(item, used, data, purpose, result);
        }
    }

    fn unmapped(&self, id: &Str, what: &str) -> Diagnostic {
        let keyword = store_keyword(self.map.platform);
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
            "map it in the policy: `{} {} to ...`",
            if what == "purpose" { "purpose" } else { "data" },
            id.value
        ))
    }

    /// Judges one use of an item under every reading the mappings allow; keeps the first
    /// reading that is covered, else the first reading's findings.
    fn judge(
        &self,
        item: &Item,
        used: &Use,
        data: &Mapping,
        purpose: &Mapping,
        result: &mut ManifestResult,
    ) {
        let mut first: Option<ManifestResult> = None;
        for category in &data.targets {
            for target in &purpose.targets {
                let entry = Entry {
                    data: item.data_type.clone(),
                    category: Str {
                        value: self.policy.categories.name(category.id).to_owned(),
                        span: item.data_type.span,
                    },
                    purposes: vec![Str {
                        value: self.policy.purposes.name(target.id).to_owned(),
                        span: used.purpose.span,
                    }],
                    source: Some(self.source(used, data)),
                    conditions: self.conditions.to_vec(),
                    conditions_span: None,
                };
                let manifest = Manifest {
                    file: item.data_type.span.file,
                    product: self.product.cloned(),
                    entries: vec![entry],
                };
                let mut reading = check_manifest(self.policy, &manifest);
                // The product was judged once for the file.
                reading
                    .diagnostics
                    .retain(|d| d.code != Code::UnknownProduct);
                let meaning = format!(
                    "`{}` means `{}` here",
                    used.purpose.value,
                    self.policy.purposes.name(target.id)
                );
                for d in &mut reading.diagnostics {
                    d.related.push(Label::new(purpose.span, meaning.clone()));
                }
                let covered = reading
                    .diagnostics
                    .iter()
                    .all(|d| d.severity != Severity::Error);
                if covered {
                    result.product = reading.product;
                    result.diagnostics.extend(reading.diagnostics);
                    result.used_grants.extend(reading.used_grants);
                    return;
                }
                if first.is_none() {
                    first = Some(reading);
                }
            }
        }
        if let Some(reading) = first {
            result.product = reading.product.or(result.product);
            result.diagnostics.extend(reading.diagnostics);
        }
    }

    /// Where a use's data comes from: what the store calls sharing comes from the map's
    /// sharing source (`third_party` unless it says); everything else from the data type's
    /// `from` in the map, else `direct`.
    fn source(&self, used: &Use, data: &Mapping) -> Str {
        let named = |s: crate::policy::model::MapTarget| self.policy.sources.name(s.id).to_owned();
        let value = match used.kind {
            UseKind::Sharing => self
                .map
                .sharing_source
                .map_or_else(|| SHARING_SOURCE.to_owned(), named),
            UseKind::Collection | UseKind::Tracking => data
                .source
                .map_or_else(|| crate::manifest::DEFAULT_SOURCE.to_owned(), named),
        };
        Str {
            value,
            span: used.purpose.span,
        }
    }
}
