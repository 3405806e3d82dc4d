//! The manifest checks, one file per rule family, each run on one manifest against the resolved
//! policy. [`check_manifest`] is the pure entry point the command line and the editor share.

pub mod coverage;
pub mod duplicate;
pub mod evidence;
pub mod forbidden;
pub mod judge;
pub mod platform;
pub mod unknown;
pub mod unused;

use crate::diagnostic::Diagnostic;
use crate::manifest::Manifest;
use crate::policy::Policy;
use crate::policy::model::GrantId;
use crate::source::FileId;

/// What checking one manifest found: its diagnostics, and the grants that covered its entries
/// (for `--coverage`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ManifestResult {
    /// Findings.
    pub diagnostics: Vec<Diagnostic>,
    /// The product the manifest belongs to, if the policy defines it.
    pub product: Option<crate::policy::model::ProductId>,
    /// Grants that covered at least one of its entries.
    pub used_grants: Vec<GrantId>,
}

/// Loads the manifest text of `file` and checks it against `policy`: the schema's findings,
/// then the checks'. The one path from text to findings that `check`, the language server and
/// the fuzzers share.
pub fn check_manifest_text(
    policy: &Policy,
    file: FileId,
    text: &str,
) -> (Option<Manifest>, ManifestResult) {
    let (manifest, mut diagnostics) = crate::manifest::load(file, text);
    let mut result = manifest
        .as_ref()
        .map(|m| check_manifest(policy, m))
        .unwrap_or_default();
    diagnostics.append(&mut result.diagnostics);
    result.diagnostics = diagnostics;
    (manifest, result)
}

/// Checks every entry of `manifest` against `policy`.
pub fn check_manifest(policy: &Policy, manifest: &Manifest) -> ManifestResult {
    let mut result = ManifestResult::default();
    // An unknown id stops only what depends on it (DESIGN §3, decided readings): never rules
    // need the category and a purpose; coverage needs the product too.
    let product = manifest
        .product
        .as_ref()
        .and_then(|p| unknown::product(policy, p, &mut result.diagnostics));
    result.product = product;
    duplicate::check(manifest, &mut result.diagnostics);
    for entry in &manifest.entries {
        let resolved = unknown::entry(policy, entry, &mut result.diagnostics);
        let Some(resolved) = resolved else { continue };
        let judgement = resolved.judge(policy, product);
        forbidden::report(policy, &resolved, &judgement, &mut result.diagnostics);
        if let Some(product) = product {
            coverage::report(policy, product, &resolved, &judgement, &mut result);
        }
    }
    result.used_grants.sort_unstable();
    result.used_grants.dedup();
    result
}
