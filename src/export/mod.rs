//! Store declarations written from YAML manifests (`candor export apple|play`): reading a store
//! file, run backwards. Each entry × purpose of one product's manifests is placed, through the
//! policy's `map` block for the store, on a store data type and purpose that the policy reads
//! back as the entry's category, purpose and source, or as the nearest broader ones
//! ([`place`] says how). A use is placed only when candor judges what the store file would say
//! as it judges the entry (both allowed, or both not), so checking the exported file finds what
//! checking the manifests finds. Whatever has no such counterpart is a diagnostic at the
//! manifest line (`unmapped-platform-id`), never dropped.
//!
//! [`apple`] and [`play`] write the placed uses as the store's file.

pub mod apple;
mod place;
pub mod play;

use std::collections::BTreeSet;

use crate::diagnostic::{Code, Diagnostic};
use crate::manifest::Manifest;
use crate::platform::ids::{self, DataType, Purpose};
use crate::platform::{Platform, UseKind};
use crate::policy::Policy;
use crate::rules::platform::Bound;
use crate::rules::unknown;
use crate::source::Span;
use place::{Outcome, Placer};

/// One store data type of the export and how it is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    /// The store's data type.
    pub data_type: &'static DataType,
    /// The purposes it is collected for (Apple's purposes, Play's collection purposes), in the
    /// store's order.
    pub collection: Vec<&'static Purpose>,
    /// The purposes it is shared for (Play only), in the store's order.
    pub sharing: Vec<&'static Purpose>,
    /// Whether it is used for tracking (Apple only).
    pub tracking: bool,
}

/// What the manifests of one product say in a store's terms.
#[derive(Debug, Clone)]
pub struct Export {
    /// The store.
    pub platform: Platform,
    /// The product.
    pub product: String,
    /// The data types declared, in the store's order.
    pub declared: Vec<Declared>,
    /// The conditions the manifests' entries list, in the policy's order. A store file cannot
    /// say them; its `products:` binding in candor.yaml must.
    pub conditions: Vec<String>,
    /// What could not be declared, each at its manifest line, and the unknown ids that stopped
    /// an entry.
    pub diagnostics: Vec<Diagnostic>,
    /// Where each use that makes the export declare Apple's tracking is written, in manifest
    /// order.
    pub tracking: Vec<Span>,
    /// The entry × purpose pairs of the manifests (a purpose listed twice in an entry counts
    /// once).
    pub uses: usize,
    /// How many of them were declared.
    pub declared_uses: usize,
    /// How many of the declared ones the policy does not allow: `candor check` reports them,
    /// on the manifests as on the store file.
    pub disallowed_uses: usize,
}

/// Places every entry × purpose of `manifests`, all of `product`, on `platform`'s ids through
/// the policy's `map` block for it. `None` when the policy has no such block.
pub fn export(
    policy: &Policy,
    platform: Platform,
    product: &str,
    manifests: &[Manifest],
) -> Option<Export> {
    let map = policy.mapping(platform)?;
    let conditions = listed_conditions(policy, manifests);
    let bound = Bound {
        product: product.to_owned(),
        conditions: conditions.clone(),
    };
    let mut placer = Placer::new(policy, map, bound);
    let types = ids::data_types(platform);
    let mut slots: Vec<Option<Uses>> = vec![None; types.len()];
    let mut export = Export {
        platform,
        product: product.to_owned(),
        declared: Vec::new(),
        conditions,
        diagnostics: Vec::new(),
        tracking: Vec::new(),
        uses: 0,
        declared_uses: 0,
        disallowed_uses: 0,
    };
    for manifest in manifests {
        for entry in &manifest.entries {
            let written: BTreeSet<&str> = entry.purposes.iter().map(|p| p.value.as_str()).collect();
            export.uses += written.len();
            let Some(resolved) = unknown::entry(policy, entry, &mut export.diagnostics) else {
                continue;
            };
            // An unknown source or condition is reported above; the entry cannot be said as
            // it is written, so nothing of it is declared.
            let complete =
                resolved.source.is_some() && resolved.conditions.len() == entry.conditions.len();
            if !complete {
                continue;
            }
            for outcome in placer.place(manifest, &resolved) {
                let (index, kind, purpose, tracking, allowed) = match outcome {
                    Outcome::Unplaced(diagnostic) => {
                        export.diagnostics.push(*diagnostic);
                        continue;
                    }
                    Outcome::Placed {
                        data_type,
                        kind,
                        purpose,
                        tracking,
                        allowed,
                    } => (data_type, kind, Some(purpose), tracking, allowed),
                    Outcome::TrackingOnly {
                        data_type,
                        span,
                        allowed,
                    } => (data_type, UseKind::Tracking, None, Some(span), allowed),
                };
                // The placer gives indexes into the store's table: the slot is always there.
                let Some(slot) = slots.get_mut(index) else {
                    continue;
                };
                let placed = slot.get_or_insert_with(Uses::default);
                match (kind, purpose) {
                    (UseKind::Sharing, Some(purpose)) => placed.sharing.push(purpose),
                    (_, Some(purpose)) => placed.collection.push(purpose),
                    (_, None) => placed
                        .tracking_only
                        .extend(tracking.map(|span| (span, allowed))),
                }
                placed.tracking.extend(tracking);
                export.declared_uses += 1;
                if !allowed {
                    export.disallowed_uses += 1;
                }
            }
        }
    }
    for (data_type, placed) in types.iter().zip(slots) {
        let Some(placed) = placed else { continue };
        if placed.collection.is_empty() && placed.sharing.is_empty() {
            // Apple lists at least one purpose beside tracking.
            for (span, allowed) in &placed.tracking_only {
                export.declared_uses = export.declared_uses.saturating_sub(1);
                if !allowed {
                    export.disallowed_uses = export.disallowed_uses.saturating_sub(1);
                }
                export
                    .diagnostics
                    .push(tracking_alone(platform, data_type, *span));
            }
            continue;
        }
        export.tracking.extend(&placed.tracking);
        export.declared.push(Declared {
            data_type,
            collection: in_store_order(platform, &placed.collection),
            sharing: in_store_order(platform, &placed.sharing),
            tracking: !placed.tracking.is_empty(),
        });
    }
    export.tracking.sort_by_key(|s| (s.file.0, s.start, s.end));
    Some(export)
}

/// The uses placed on one data type so far.
#[derive(Debug, Clone, Default)]
struct Uses {
    collection: Vec<&'static Purpose>,
    sharing: Vec<&'static Purpose>,
    /// Where each use that sets tracking is written.
    tracking: Vec<Span>,
    /// The uses only tracking carries, and whether the policy allows each.
    tracking_only: Vec<(Span, bool)>,
}

/// The purposes among `chosen`, each once, in the store's order.
fn in_store_order(platform: Platform, chosen: &[&'static Purpose]) -> Vec<&'static Purpose> {
    ids::purposes(platform)
        .iter()
        .filter(|p| chosen.iter().any(|c| c.id == p.id))
        .collect()
}

/// The conditions any entry lists that the policy defines, in the policy's order.
fn listed_conditions(policy: &Policy, manifests: &[Manifest]) -> Vec<String> {
    let listed: BTreeSet<_> = manifests
        .iter()
        .flat_map(|m| &m.entries)
        .flat_map(|e| &e.conditions)
        .filter_map(|c| policy.condition_id(&c.value))
        .collect();
    listed
        .into_iter()
        .filter_map(|id| policy.condition(id))
        .map(|c| c.id.clone())
        .collect()
}

/// A use that only Apple's tracking carries, on a data type no other use gives a purpose.
fn tracking_alone(platform: Platform, data_type: &DataType, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::UnmappedPlatformId,
        span,
        format!(
            "this purpose is {} tracking only, and `{}` would have no purpose beside it",
            platform.name(),
            data_type.id
        ),
    )
    .with_label("tracking only")
    .with_help(
        "Apple lists at least one purpose for each collected data type: map an Apple purpose to \
         this purpose in the policy",
    )
}
