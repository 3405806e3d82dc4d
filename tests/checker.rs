//! The checker's semantics on a small inline policy: each disclosure class, ancestors both
//! ways, the default block, conditions, never rules, and where each finding points.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

use candor::policy::{self, model::GrantId};
use candor::rules::{self, unused};
use candor::{SourceMap, manifest};

const POLICY: &str = r#"
category contact "c" { email "e" { work "w" } }
category location "l" { precise "p" imprecise "i" }
category content "c" { email "e" }
purpose provide "p"
purpose marketing "m" { email_campaigns "e" }
purpose advertising "a"
source direct "d"
source observed "o"
source third_party "t" { partners "p" }
condition location_enabled "l"
condition permission_granted "g"
default {
    collect contact for [provide, marketing] from [direct, third_party]
}
product maps "m" {
    collect location.precise for provide from observed when location_enabled
    collect location.imprecise for provide from observed
    collect contact.email for provide from third_party when permission_granted
}
product mail "m" {
    collect content.email for provide from direct
}
never content for advertising
"#;

/// `(code, the text the primary label covers)` for each finding of `entries` checked as a
/// manifest of `product`.
fn check(product: &str, entries: &str) -> Vec<(&'static str, String)> {
    let (findings, _) = check_with_usage(product, entries);
    findings
}

fn check_with_usage(product: &str, entries: &str) -> (Vec<(&'static str, String)>, Vec<GrantId>) {
    let mut sources = SourceMap::new();
    let loaded = policy::load_text(&mut sources, "policy.candor", POLICY);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let text = format!("product: {product}\ncollects:\n{entries}");
    let file = sources.add("privacy.yaml", text.as_str());
    let (manifest, mut diags) = manifest::load(file, &text);
    let result = rules::check_manifest(&loaded.policy, &manifest.expect("manifest loads"));
    diags.extend(result.diagnostics);
    let findings = diags
        .iter()
        .map(|d| (d.code.name(), sources.snippet(d.primary.span).to_owned()))
        .collect();
    (findings, result.used_grants)
}

fn entry(category: &str, purposes: &str, extra: &str) -> String {
    format!("  - data: x\n    category: {category}\n    purposes: [{purposes}]\n{extra}")
}

#[test]
fn clear_disclosure_gives_nothing() {
    assert_eq!(check("maps", &entry("contact", "provide", "")), vec![]);
    assert_eq!(
        check("mail", &entry("content.email", "provide", "")),
        vec![]
    );
}

#[test]
fn vague_disclosure_reports_the_distance() {
    let mut sources = SourceMap::new();
    let loaded = policy::load_text(&mut sources, "p.candor", POLICY);
    let text = format!(
        "product: maps\ncollects:\n{}",
        entry("contact.email.work", "provide", "")
    );
    let file = sources.add("m.yaml", text.as_str());
    let (m, _) = manifest::load(file, &text);
    let result = rules::check_manifest(&loaded.policy, &m.unwrap());
    assert_eq!(result.diagnostics.len(), 1);
    assert_eq!(result.diagnostics[0].code.name(), "vague-disclosure");
    assert!(
        result.diagnostics[0].message.contains("(2 levels up)"),
        "{}",
        result.diagnostics[0].message
    );
}

#[test]
fn omitted_category_is_undeclared_collection_once_per_entry() {
    assert_eq!(
        check("maps", &entry("content.email", "provide, marketing", "")),
        vec![("undeclared-collection", "content.email".to_owned())]
    );
}

#[test]
fn an_entry_broader_than_the_grant_is_not_covered() {
    // Only `location.precise` and `.imprecise` are granted: `location` is broader.
    assert_eq!(
        check(
            "maps",
            &entry("location", "provide", "    source: observed\n")
        ),
        vec![("undeclared-collection", "location".to_owned())]
    );
}

#[test]
fn a_grant_to_one_product_never_covers_another() {
    assert_eq!(
        check("maps", &entry("content.email", "provide", "")),
        vec![("undeclared-collection", "content.email".to_owned())]
    );
}

#[test]
fn each_undeclared_purpose_is_its_own_finding_at_its_value() {
    let findings = check(
        "maps",
        &entry(
            "location.imprecise",
            "provide, marketing, advertising",
            "    source: observed\n",
        ),
    );
    assert_eq!(
        findings,
        vec![
            ("undeclared-purpose", "marketing".to_owned()),
            ("undeclared-purpose", "advertising".to_owned())
        ]
    );
}

#[test]
fn purposes_and_sources_cover_their_descendants_not_their_ancestors() {
    // A child purpose of a granted purpose is covered; a child source of a granted one too.
    let extra = "    source: third_party.partners\n";
    assert_eq!(
        check(
            "maps",
            &entry("contact", "marketing.email_campaigns", extra)
        ),
        vec![]
    );
    // The default block grants `contact` from `third_party`, not from `observed`.
    assert_eq!(
        check(
            "maps",
            &entry("contact", "provide", "    source: observed\n")
        ),
        vec![("undeclared-source", "observed".to_owned())]
    );
}

#[test]
fn the_default_source_is_direct() {
    // `location.imprecise` is granted from `observed` only; no `source:` means `direct`.
    assert_eq!(
        check("maps", &entry("location.imprecise", "provide", "")),
        vec![("undeclared-source", "x".to_owned())]
    );
}

#[test]
fn conditions_the_grant_requires_must_be_listed() {
    let observed = "    source: observed\n";
    assert_eq!(
        check("maps", &entry("location.precise", "provide", observed)),
        vec![("missing-condition", "location.precise".to_owned())]
    );
    let wrong = format!("{observed}    conditions: [permission_granted]\n");
    assert_eq!(
        check("maps", &entry("location.precise", "provide", &wrong)),
        vec![("missing-condition", "[permission_granted]".to_owned())]
    );
    let right = format!("{observed}    conditions: [location_enabled, permission_granted]\n");
    assert_eq!(
        check("maps", &entry("location.precise", "provide", &right)),
        vec![]
    );
}

#[test]
fn never_rules_win_over_grants_and_cover_descendants() {
    assert_eq!(
        check("mail", &entry("content.email", "provide, advertising", "")),
        vec![("forbidden-use", "advertising".to_owned())]
    );
}

#[test]
fn unknown_ids_suggest_and_skip_judgement() {
    assert_eq!(
        check("maps", &entry("contact.emial", "provide", "")),
        vec![("unknown-category", "contact.emial".to_owned())]
    );
    assert_eq!(
        check(
            "maps",
            &entry("contact", "provide", "    conditions: [location_enable]\n")
        ),
        vec![("unknown-condition", "location_enable".to_owned())]
    );
    assert_eq!(
        check("mpas", &entry("contact", "provide", "")),
        vec![("unknown-product", "mpas".to_owned())]
    );
}

#[test]
fn coverage_counts_the_grants_that_covered_entries() {
    let (_, used) = check_with_usage(
        "maps",
        &entry("location.imprecise", "provide", "    source: observed\n"),
    );
    let mut sources = SourceMap::new();
    let loaded = policy::load_text(&mut sources, "policy.candor", POLICY);
    let maps = loaded.policy.product_id("maps").unwrap();
    let unused: Vec<String> = unused::check(&loaded.policy, &[maps], &used, None)
        .0
        .iter()
        .map(|d| sources.snippet(d.primary.span).to_owned())
        .collect();
    assert_eq!(
        unused,
        [
            "collect contact for [provide, marketing] from [direct, third_party]",
            "collect location.precise for provide from observed when location_enabled",
            "collect contact.email for provide from third_party when permission_granted",
        ],
        "the mail grant is not judged: no manifest of mail was checked"
    );
}
