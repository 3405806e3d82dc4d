//! The honest floor, built from walkdir, `std::fs` and serde-saphyr alone: what any tool that
//! reads these manifests with spans must do at least. It uses none of candor's code.

use std::path::Path;

use serde::Deserialize;
use serde_saphyr::{Budget, Options, Spanned};

/// A manifest, every value spanned, unknown keys refused.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    product: Spanned<String>,
    collects: Spanned<Vec<Spanned<Entry>>>,
}

/// One entry of `collects`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    data: Spanned<String>,
    category: Spanned<String>,
    purposes: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    source: Option<Spanned<String>>,
    #[serde(default)]
    conditions: Option<Spanned<Vec<Spanned<String>>>>,
}

/// The parser settings candor reads manifests with (strict booleans, no error snippets,
/// the same budgets, written out here rather than taken from candor), so both pay for the
/// same limits.
fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = 32;
    budget.max_nodes = 100_000;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_events = 200_000;
    budget.max_documents = 1;
    budget.flow_nesting_limit = 32;
    budget.max_total_scalar_bytes = 4 * 1024 * 1024;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.strict_booleans = true;
    options.with_snippet = false;
    options
}

fn is_manifest_name(name: &str) -> bool {
    ["privacy.yaml", "privacy.yml"].iter().any(|m| {
        name == *m
            || name
                .strip_suffix(m)
                .is_some_and(|stem| stem.ends_with('.') && stem.len() > 1)
    })
}

/// Finds, reads and deserializes every manifest under `root`, on this thread.
pub fn run(root: &Path) {
    let walker = walkdir::WalkDir::new(root).into_iter().filter_entry(|e| {
        let name = e.file_name().to_string_lossy();
        e.depth() == 0
            || !(e.file_type().is_dir()
                && (name.starts_with('.') || name == "target" || name == "node_modules"))
    });
    let (mut manifests, mut entries, mut weight) = (0usize, 0usize, 0usize);
    for entry in walker {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() || !is_manifest_name(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let manifest: Manifest = serde_saphyr::from_str_with_options(&text, options())
            .unwrap_or_else(|e| panic!("{}: {e}", entry.path().display()));
        manifests += 1;
        entries += manifest.collects.value.len();
        weight = weight.wrapping_add(weigh(&manifest));
    }
    assert!(manifests > 0 && entries >= manifests * 4);
    std::hint::black_box(weight);
}

/// Touches every value and span, so that nothing deserialized is dead.
fn weigh(manifest: &Manifest) -> usize {
    let one = |s: &Spanned<String>| {
        s.value.len() + s.referenced.span().byte_offset().unwrap_or(0) as usize
    };
    let list = |l: &Spanned<Vec<Spanned<String>>>| {
        l.value.iter().map(one).sum::<usize>() + l.referenced.line() as usize
    };
    let mut weight = one(&manifest.product) + manifest.collects.referenced.line() as usize;
    for entry in &manifest.collects.value {
        let e = &entry.value;
        weight += entry.referenced.line() as usize
            + one(&e.data)
            + one(&e.category)
            + list(&e.purposes)
            + e.source.as_ref().map_or(0, one)
            + e.conditions.as_ref().map_or(0, list);
    }
    weight
}
