//! Where one manifest entry × purpose goes in a store's terms.
//!
//! **Carriers.** A store data type can carry an entry when a `data` line of the map reads it as
//! the entry's category or a broader one, and the source the policy reads its use as coming
//! from (the line's `from`, else `direct`) is the entry's source or a broader one. What a
//! store carries is always collected: a manifest says nothing of sending data to another
//! company, so an export never writes a Play sharing. The nearest category wins, then the data
//! type the map's `export CATEGORY as STORE_ID` line names for the entry's category, then a
//! line all of whose categories include the entry's, then the nearest source, then the line
//! written first.
//!
//! **Meanings.** A store purpose can carry a purpose when a `purpose` line reads it as that
//! purpose or a broader one; the nearest wins, then a line all of whose purposes include it,
//! then the line written first. On Apple, a purpose that the `purpose tracking as ...` line
//! carries also sets the data type's tracking.
//!
//! **Judged the same.** Readings can be broader than the entry, and a store id that maps to
//! several policy ids is covered when any one of them is, so a reading may be allowed where the
//! entry is not (or the reverse). The first carrier × meaning, in the order above, whose reading
//! candor judges as it judges the entry (both allowed, or both not) is taken; when there is none
//! the entry × purpose is reported, naming the nearest reading and how it is judged.

use std::collections::HashMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::manifest::{Manifest, Str};
use crate::platform::ids::{self, Purpose};
use crate::platform::{Platform, UseKind};
use crate::policy::Policy;
use crate::policy::model::{ConditionId, MapTarget, Mapping, NodeId, PlatformMap, Tree};
use crate::rules::judge::{self, Query};
use crate::rules::platform::Bound;
use crate::rules::unknown::{DEFAULT_SOURCE, Resolved};
use crate::source::Span;

/// What became of one entry × purpose.
#[derive(Debug)]
pub(super) enum Outcome {
    /// Declared as `purpose` of the store's data type number `data_type`, used as `kind`;
    /// `tracking` is where the purpose is written when it also sets Apple's tracking.
    /// `allowed` says whether the policy allows it (in the manifest as in the store file).
    Placed {
        data_type: usize,
        kind: UseKind,
        purpose: &'static Purpose,
        tracking: Option<Span>,
        allowed: bool,
    },
    /// Only Apple's tracking of data type number `data_type` carries the purpose written at
    /// `span`.
    TrackingOnly {
        data_type: usize,
        span: Span,
        allowed: bool,
    },
    /// Not declared, and why.
    Unplaced(Box<Diagnostic>),
}

/// A store data type that can carry an entry, used one way.
#[derive(Debug, Clone, Copy)]
struct Carrier<'p> {
    /// Its index in the store's table.
    data_type: usize,
    line: usize,
    mapping: &'p Mapping,
    kind: UseKind,
    /// The source its use is read as coming from.
    source: NodeId,
}

/// A store purpose (or Apple's tracking) that can carry a purpose.
#[derive(Debug, Clone, Copy)]
struct Meaning<'p> {
    line: usize,
    mapping: &'p Mapping,
    purpose: &'static Purpose,
}

/// Places entries on one store's ids.
pub(super) struct Placer<'p> {
    policy: &'p Policy,
    map: &'p PlatformMap,
    bound: Bound,
    /// `direct`, the source the policy reads a use as coming from when the map does not say.
    direct: Option<NodeId>,
    /// Whether each carrier line × use × meaning line reads as allowed.
    readings: HashMap<(usize, UseKind, usize), bool>,
}

/// How far `id` is below the nearest of `targets` (0: one of them), and whether every target
/// includes it. `None` when none does.
fn reach(tree: &Tree, id: NodeId, targets: &[MapTarget]) -> Option<(usize, bool)> {
    let distances: Vec<Option<usize>> = targets.iter().map(|t| tree.distance(id, t.id)).collect();
    let nearest = distances.iter().flatten().min().copied()?;
    Some((nearest, distances.iter().all(Option::is_some)))
}

impl<'p> Placer<'p> {
    pub(super) fn new(policy: &'p Policy, map: &'p PlatformMap, bound: Bound) -> Self {
        Placer {
            policy,
            map,
            bound,
            direct: policy.sources.lookup(DEFAULT_SOURCE),
            readings: HashMap::new(),
        }
    }

    fn platform(&self) -> Platform {
        self.map.platform
    }

    fn store(&self) -> &'static str {
        self.platform().name()
    }

    /// The store's name after "a": `an Apple`, `a Google Play`.
    fn a_store(&self) -> &'static str {
        match self.platform() {
            Platform::Apple => "an Apple",
            Platform::Play => "a Google Play",
        }
    }

    fn keyword(&self) -> &'static str {
        self.platform().keyword()
    }

    /// Every entry × purpose of `entry`, placed or not, in the order the purposes are written.
    pub(super) fn place(&mut self, manifest: &Manifest, entry: &Resolved) -> Vec<Outcome> {
        let Some(source) = entry.source else {
            return Vec::new();
        };
        let carriers = match self.carriers(entry, entry.category, source, entry.source_span) {
            Ok(carriers) => carriers,
            Err(diagnostic) => return vec![Outcome::Unplaced(diagnostic)],
        };
        entry
            .purposes
            .iter()
            .map(|(purpose, written)| {
                self.place_purpose(manifest, entry, &carriers, *purpose, written)
            })
            .collect()
    }

    fn place_purpose(
        &mut self,
        manifest: &Manifest,
        entry: &Resolved,
        carriers: &[Carrier<'p>],
        purpose: NodeId,
        written: &Str,
    ) -> Outcome {
        let (meanings, tracking) = self.meanings(purpose);
        if meanings.is_empty() && tracking.is_none() {
            return Outcome::Unplaced(Box::new(self.no_purpose(written)));
        }
        let allowed = self.entry_allowed(manifest, entry, purpose);
        let mut placed: Option<(Carrier<'p>, &'static Purpose)> = None;
        'search: for carrier in carriers {
            for meaning in &meanings {
                if self.reading_allowed(carrier, carrier.kind, meaning) == allowed {
                    placed = Some((*carrier, meaning.purpose));
                    break 'search;
                }
            }
        }
        // Tracking goes on the data type that carries the purpose, or on the first that can
        // carry tracking alone.
        let tracks = |placer: &mut Self, carrier: &Carrier<'p>| {
            tracking.is_some_and(|meaning| {
                carrier.kind == UseKind::Collection
                    && placer.reading_allowed(carrier, UseKind::Tracking, &meaning) == allowed
            })
        };
        match placed {
            Some((carrier, purpose)) => {
                let tracking = tracks(self, &carrier).then_some(written.span);
                Outcome::Placed {
                    data_type: carrier.data_type,
                    kind: carrier.kind,
                    purpose,
                    tracking,
                    allowed,
                }
            }
            None => {
                let alone = carriers.iter().find(|c| tracks(self, c));
                match alone {
                    Some(carrier) => Outcome::TrackingOnly {
                        data_type: carrier.data_type,
                        span: written.span,
                        allowed,
                    },
                    None => {
                        let nearest = carriers.first().zip(meanings.first().or(tracking.as_ref()));
                        Outcome::Unplaced(Box::new(
                            self.judged_otherwise(entry, purpose, written, allowed, nearest),
                        ))
                    }
                }
            }
        }
    }

    /// The data types that can carry `entry`, best first; else why none can.
    fn carriers(
        &self,
        entry: &Resolved,
        category: NodeId,
        source: NodeId,
        source_span: Span,
    ) -> Result<Vec<Carrier<'p>>, Box<Diagnostic>> {
        let platform = self.platform();
        let types = ids::data_types(platform);
        let chosen = self
            .map
            .export_choice(category)
            .map(|e| e.store_id.as_str());
        let mut ranked = Vec::new();
        let mut readings: Vec<(UseKind, NodeId)> = Vec::new();
        for (line, mapping) in self.map.data.iter().enumerate() {
            let Some(data_type) = types.iter().position(|t| t.id == mapping.store_id) else {
                continue;
            };
            let Some((distance, all)) = reach(&self.policy.categories, category, &mapping.targets)
            else {
                continue;
            };
            let Some(read) = self.read_source(mapping) else {
                continue;
            };
            if !readings.contains(&(UseKind::Collection, read)) {
                readings.push((UseKind::Collection, read));
            }
            let Some(source_distance) = self.policy.sources.distance(source, read) else {
                continue;
            };
            let preferred = chosen == Some(mapping.store_id.as_str());
            let carrier = Carrier {
                data_type,
                line,
                mapping,
                kind: UseKind::Collection,
                source: read,
            };
            ranked.push(((distance, !preferred, !all, source_distance, line), carrier));
        }
        if ranked.is_empty() {
            return Err(Box::new(if readings.is_empty() {
                self.no_data_type(entry.category_written)
            } else {
                self.no_source(entry, source, source_span, &readings)
            }));
        }
        ranked.sort_by_key(|(rank, _)| *rank);
        Ok(ranked.into_iter().map(|(_, c)| c).collect())
    }

    /// The source the policy reads a use of `mapping`'s data type as coming from.
    fn read_source(&self, mapping: &Mapping) -> Option<NodeId> {
        mapping.source.map(|s| s.id).or(self.direct)
    }

    /// The store purposes that can carry `purpose`, best first, and Apple's tracking when its
    /// line carries it.
    fn meanings(&self, purpose: NodeId) -> (Vec<Meaning<'p>>, Option<Meaning<'p>>) {
        let platform = self.platform();
        let mut ranked = Vec::new();
        let mut tracking = None;
        for (line, mapping) in self.map.purposes.iter().enumerate() {
            let Some((distance, all)) = reach(&self.policy.purposes, purpose, &mapping.targets)
            else {
                continue;
            };
            if platform == Platform::Apple && mapping.store_id == ids::APPLE_TRACKING.id {
                tracking = Some(Meaning {
                    line,
                    mapping,
                    purpose: &ids::APPLE_TRACKING,
                });
                continue;
            }
            let Some(store_purpose) = ids::purpose(platform, &mapping.store_id) else {
                continue;
            };
            let meaning = Meaning {
                line,
                mapping,
                purpose: store_purpose,
            };
            ranked.push(((distance, !all, line), meaning));
        }
        ranked.sort_by_key(|(rank, _)| *rank);
        (ranked.into_iter().map(|(_, m)| m).collect(), tracking)
    }

    /// Whether candor allows the entry for this one purpose, as the judgement reads it.
    fn entry_allowed(&self, manifest: &Manifest, entry: &Resolved, purpose: NodeId) -> bool {
        let product = manifest
            .product
            .as_ref()
            .and_then(|p| self.policy.product_id(&p.value));
        let query = Query {
            product,
            category: entry.category,
            purposes: &[purpose],
            source: entry.source,
            conditions: &entry.conditions,
        };
        product.is_some()
            && judge::judge(self.policy, &query)
                .verdicts
                .iter()
                .all(|(_, v)| !v.is_error())
    }

    /// Whether candor allows what a store file declaring `carrier`'s data type, used as
    /// `kind` for `meaning`'s purpose, says, read as `check` reads a bound store file: any
    /// reading of the data type and of the purpose that the judgement allows.
    fn reading_allowed(
        &mut self,
        carrier: &Carrier<'p>,
        kind: UseKind,
        meaning: &Meaning<'p>,
    ) -> bool {
        let key = (carrier.line, kind, meaning.line);
        if let Some(known) = self.readings.get(&key) {
            return *known;
        }
        let policy = self.policy;
        let product = policy.product_id(&self.bound.product);
        let conditions: Vec<ConditionId> = self
            .bound
            .conditions
            .iter()
            .filter_map(|c| policy.condition_id(c))
            .collect();
        let source = self.read_source(carrier.mapping);
        let purposes: Vec<NodeId> = meaning.mapping.targets.iter().map(|t| t.id).collect();
        let allowed = product.is_some()
            && source.is_some()
            && carrier.mapping.targets.iter().any(|category| {
                let query = Query {
                    product,
                    category: category.id,
                    purposes: &purposes,
                    source,
                    conditions: &conditions,
                };
                judge::judge(policy, &query)
                    .verdicts
                    .iter()
                    .any(|(_, v)| !v.is_error())
            });
        self.readings.insert(key, allowed);
        allowed
    }

    fn block(&self) -> String {
        format!("the `map {}` block", self.keyword())
    }

    fn unmapped(&self, span: Span, message: String, label: &str, help: String) -> Diagnostic {
        Diagnostic::new(Code::UnmappedPlatformId, span, message)
            .with_label(label)
            .with_related(self.map.span, self.block())
            .with_help(help)
    }

    fn no_data_type(&self, category: &Str) -> Diagnostic {
        self.unmapped(
            category.span,
            format!(
                "`{}` has no {} data type: no `data` line of the policy's `map {}` block reads \
                 as it or as a broader category",
                category.value,
                self.store(),
                self.keyword()
            ),
            "no store data type",
            format!(
                "if {} data type fits, map it in the policy: `data STORE_ID as {}`; otherwise \
                 declare this data to the store by hand",
                self.a_store(),
                category.value
            ),
        )
    }

    fn no_source(
        &self,
        entry: &Resolved,
        source: NodeId,
        span: Span,
        readings: &[(UseKind, NodeId)],
    ) -> Diagnostic {
        let sources = &self.policy.sources;
        let read: Vec<String> = readings
            .iter()
            .map(|(kind, s)| format!("{} from `{}`", verb(*kind), sources.name(*s)))
            .collect();
        self.unmapped(
            span,
            format!(
                "`{}` from `{}` has no {} counterpart: the policy's `map {}` block reads every {} \
                 data type for it as {}",
                entry.category_written.value,
                sources.name(source),
                self.store(),
                self.keyword(),
                self.store(),
                read.join(" or ")
            ),
            "no store counterpart for this source",
            format!(
                "a store file says where data comes from only through the map: give a `data` \
                 line for `{}` `from {}` if that is what a store id means",
                entry.category_written.value,
                sources.name(source)
            ),
        )
    }

    fn no_purpose(&self, purpose: &Str) -> Diagnostic {
        self.unmapped(
            purpose.span,
            format!(
                "`{}` has no {} purpose: no `purpose` line of the policy's `map {}` block reads \
                 as it or as a broader purpose",
                purpose.value,
                self.store(),
                self.keyword()
            ),
            "no store purpose",
            format!(
                "if {} purpose fits, map it in the policy: `purpose STORE_ID as {}`; otherwise \
                 declare this use to the store by hand",
                self.a_store(),
                purpose.value
            ),
        )
    }

    /// Every reading of the entry × purpose is judged otherwise than the entry itself.
    fn judged_otherwise(
        &self,
        entry: &Resolved,
        purpose: NodeId,
        written: &Str,
        allowed: bool,
        nearest: Option<(&Carrier<'p>, &Meaning<'p>)>,
    ) -> Diagnostic {
        let policy = self.policy;
        let what = format!(
            "`{}` for `{}`",
            policy.categories.name(entry.category),
            policy.purposes.name(purpose)
        );
        let reading = nearest.map_or_else(String::new, |(carrier, meaning)| {
            let names = |tree: &Tree, targets: &[MapTarget]| {
                targets
                    .iter()
                    .map(|t| format!("`{}`", tree.name(t.id)))
                    .collect::<Vec<_>>()
                    .join(" or ")
            };
            let use_kind = if meaning.purpose.id == ids::APPLE_TRACKING.id {
                "used for tracking".to_owned()
            } else {
                format!("{} for `{}`", verb(carrier.kind), meaning.purpose.id)
            };
            format!(
                ": the nearest, `{}` {use_kind}, reads as {} for {} from `{}`",
                carrier.mapping.store_id,
                names(&policy.categories, &carrier.mapping.targets),
                names(&policy.purposes, &meaning.mapping.targets),
                policy.sources.name(carrier.source)
            )
        });
        let (judged, help) = if allowed {
            (
                format!(
                    ", which the policy does not allow for `{}`",
                    self.bound.product
                ),
                "the entry is allowed, but what the store file would say is not: map a store id \
                 to exactly this category and purpose, or declare this use to the store by hand",
            )
        } else {
            (
                ", which the policy allows, so declaring it would hide this entry's finding"
                    .to_owned(),
                "fix the entry's finding (`candor check` reports it), then export again",
            )
        };
        self.unmapped(
            written.span,
            format!(
                "{what} cannot be declared to {} as candor judges it{reading}{judged}",
                self.store()
            ),
            "judged otherwise in the store's terms",
            help.to_owned(),
        )
    }
}

/// How a use of a data type reads: `collected` or `shared`.
fn verb(kind: UseKind) -> &'static str {
    match kind {
        UseKind::Sharing => "shared",
        UseKind::Collection | UseKind::Tracking => "collected",
    }
}
