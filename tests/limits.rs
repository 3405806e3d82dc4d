//! The budgets of `src/limits.rs` through the built binary: each breach is a diagnostic that
//! names the limit, at the place that crossed it, and the findings of the other files are kept
//! (a `candor.yaml` whose YAML crosses a limit is the one-line refusal of exit status 2:
//! `tests/config.rs`). Large inputs are generated
//! into a temporary folder. Every run is killed after a deadline (a guard against a hang, not a
//! speed test) and runs under `prlimit --as` when util-linux has it (a guard against a memory
//! blowup).

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

#[path = "support/guarded.rs"]
mod guarded;
#[path = "support/run.rs"]
mod run;

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::time::Duration;

use guarded::Outcome;

/// A hang guard, not a speed limit.
const DEADLINE: Duration = Duration::from_secs(60);

/// The address space a run may use.
const MEMORY: u64 = 4 << 30;

/// A small policy: the good manifest's entry is forbidden by its `never` rule.
const POLICY: &str = "category content \"what users write\"\ncategory content.email \"mail\"\n\
purpose provide \"the service\"\npurpose advertising \"ads\"\nsource direct \"the user\"\n\
product outlook \"mail\" {\n    collect content.email for provide from direct\n}\n\
never content for advertising \"content is never used for ads\"\n";

/// The good manifest, and the start and code of the one finding it must keep.
const GOOD: &str = "product: outlook\ncollects:\n  - data: body\n    category: content.email\n    purposes: [provide, advertising]\n";
const GOOD_FINDING: (&str, &str) = ("good/privacy.yaml:5:25: error:", "[forbidden-use]");

/// A folder with `policies/test.candor` (`policy`) and the good manifest.
fn workspace(policy: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "policies/test.candor", policy);
    write(dir.path(), "good/privacy.yaml", GOOD);
    dir
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// Runs the binary in `root`, under the memory guard, killed after [`DEADLINE`].
fn candor(root: &Path, args: &[&str]) -> Outcome {
    let guards = guarded::Guards {
        deadline: DEADLINE,
        address_space: Some(MEMORY),
        env: &[],
    };
    guarded::candor(root, args, &guards)
}

/// `candor check --format concise` on `paths`.
fn check(root: &Path, paths: &[&str]) -> Outcome {
    let mut args = vec!["check", "--format", "concise"];
    args.extend_from_slice(paths);
    candor(root, &args)
}

/// The lines of `out` at `place` (`file:line:`) with `code` that contain `words`.
fn findings<'o>(out: &'o Outcome, place: &str, code: &str, words: &str) -> Vec<&'o str> {
    out.stdout
        .lines()
        .filter(|l| l.starts_with(place) && l.ends_with(&format!("[{code}]")) && l.contains(words))
        .collect()
}

fn assert_finding(out: &Outcome, place: &str, code: &str, words: &str) {
    assert!(
        !findings(out, place, code, words).is_empty(),
        "expected `{code}` at {place} saying {words:?} in:\n{}{}",
        out.stdout,
        out.stderr
    );
}

fn assert_good_kept(out: &Outcome) {
    let (start, end) = GOOD_FINDING;
    assert!(
        out.stdout
            .lines()
            .any(|l| l.starts_with(start) && l.ends_with(end)),
        "the good manifest lost its finding:\n{}{}",
        out.stdout,
        out.stderr
    );
}

#[test]
fn a_glob_over_its_budget_is_reported_at_its_line_before_the_glob_engine_sees_it() {
    let nested = "{a,".repeat(130);
    let cases = [
        (
            format!(
                "products:\n  - path: \"apps/**\"\n    product: outlook\n  - path: \"{nested}\"\n    product: outlook\n"
            ),
            4,
            "GLOB_NESTING",
        ),
        (
            format!("exclude:\n  - \"vendor/**\"\n  - \"{nested}\"\n"),
            3,
            "GLOB_NESTING",
        ),
        (
            format!("exclude:\n  - \"{{{}}}\"\n", vec!["x"; 100].join(",")),
            2,
            "GLOB_ALTERNATIVES",
        ),
        (
            format!(
                "products:\n  - path: \"{}\"\n    product: outlook\n",
                "a/".repeat(1000)
            ),
            2,
            "GLOB_BYTES",
        ),
    ];
    for (config, line, limit) in cases {
        let dir = workspace(POLICY);
        write(dir.path(), "candor.yaml", &config);
        let out = check(dir.path(), &["good"]);
        assert_eq!(out.code, 1, "{config}: {}{}", out.stdout, out.stderr);
        assert_finding(
            &out,
            &format!("candor.yaml:{line}:"),
            "invalid-config",
            limit,
        );
        assert_good_kept(&out);
    }
    // Within the budget, the same settings work.
    let dir = workspace(POLICY);
    let within = format!("{}b{}", "{a,".repeat(8), "}".repeat(8));
    write(
        dir.path(),
        "candor.yaml",
        &format!("exclude:\n  - \"{within}\"\n"),
    );
    let out = check(dir.path(), &["good"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert_good_kept(&out);
}

#[test]
fn identical_grants_and_rules_are_judged_once_and_contradictions_are_capped() {
    // 2,000 identical grants against 2,000 identical rules: one contradiction.
    let mut policy = POLICY.replace(
        "    collect content.email for provide from direct\n",
        &"    collect content.email for [provide, advertising] from direct\n".repeat(2000),
    );
    policy.push_str(&"never content for advertising\n".repeat(2000));
    let dir = workspace(&policy);
    let out = check(dir.path(), &["good"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        findings(&out, "policies/test.candor:7:", "contradiction", "").len(),
        1,
        "{}",
        out.stdout
    );
    assert_eq!(out.stdout.matches("[contradiction]").count(), 1);
    assert_good_kept(&out);

    // 1,500 different grants against one rule: the first 1,000 and one counting the rest.
    let mut policy = String::from(POLICY);
    let mut grants = String::new();
    for i in 0..1500 {
        writeln!(policy, "category content.c{i} \"c\"").unwrap();
        writeln!(
            grants,
            "    collect content.c{i} for advertising from direct"
        )
        .unwrap();
    }
    let policy = policy.replace(
        "    collect content.email for provide from direct\n",
        &format!("    collect content.email for provide from direct\n{grants}"),
    );
    let dir = workspace(&policy);
    let out = check(dir.path(), &["good"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stdout.matches("[contradiction]").count(), 1001);
    assert_finding(
        &out,
        "policies/test.candor:",
        "contradiction",
        "and 500 more contradictions",
    );
    assert_finding(
        &out,
        "policies/test.candor:",
        "contradiction",
        "CONTRADICTIONS",
    );
    assert_good_kept(&out);
}

#[test]
fn many_misspelt_ids_against_many_categories_get_suggestions_quickly() {
    let mut policy = String::from(POLICY);
    for i in 0..50_000 {
        writeln!(policy, "category c{i}_alpha \"c\"").unwrap();
    }
    let dir = workspace(&policy);
    // 20,000 typos, each in the first letter of the id, over four manifests.
    for m in 0..4 {
        let mut manifest = String::from("product: outlook\ncollects:\n");
        for i in 0..5000 {
            let n = m * 5000 + i;
            writeln!(
                manifest,
                "  - data: d{n}\n    category: x{n}_alpha\n    purposes: [provide]"
            )
            .unwrap();
        }
        write(dir.path(), &format!("typos{m}/privacy.yaml"), &manifest);
    }
    let out = check(
        dir.path(),
        &["good", "typos0", "typos1", "typos2", "typos3"],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stdout.matches("[unknown-category]").count(), 20_000);
    let json = candor(dir.path(), &["check", "--format", "json", "typos3"]);
    assert!(
        json.stdout.contains("did you mean `c19999_alpha`?"),
        "{}",
        &json.stdout[..json.stdout.len().min(2000)]
    );
    assert_good_kept(&out);
}

#[test]
fn ids_over_the_limits_are_refused_where_they_are_written() {
    let mut policy = String::from(POLICY);
    // Line 10: 100,000 parts (200 kB); line 11: 20 short parts; line 12: 3 MB; line 13 on: 20
    // levels of nesting.
    writeln!(policy, "category {} \"deep\"", vec!["a"; 100_000].join(".")).unwrap();
    writeln!(policy, "category {} \"parts\"", vec!["a"; 20].join(".")).unwrap();
    writeln!(policy, "category {} \"long\"", "b".repeat(3_000_000)).unwrap();
    for level in 0..20 {
        let keyword = if level == 0 { "category " } else { "" };
        writeln!(policy, "{}{keyword}n{level} \"n\" {{", "  ".repeat(level)).unwrap();
    }
    for level in (0..20).rev() {
        writeln!(policy, "{}}}", "  ".repeat(level)).unwrap();
    }
    let dir = workspace(&policy);
    let long_category = "c".repeat(3_000_000);
    let deep_purpose = vec!["p"; 20].join(".");
    write(
        dir.path(),
        "bad/privacy.yaml",
        &format!(
            "product: outlook\ncollects:\n  - data: x\n    category: {long_category}\n    purposes: [provide]\n  - data: y\n    category: content.email\n    purposes: [{deep_purpose}]\n  - data: z\n    category: content.email\n    purposes: [provide, advertising]\n"
        ),
    );
    let out = check(dir.path(), &["good", "bad"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let policy_finding = |line: usize, limit: &str| {
        assert_finding(
            &out,
            &format!("policies/test.candor:{line}:"),
            "policy-syntax",
            limit,
        );
    };
    policy_finding(10, "ID_BYTES");
    policy_finding(11, "ID_PARTS");
    policy_finding(12, "ID_BYTES");
    // `n0` to `n15` are 16 parts; `n16` is the 17th, on line 13 + 16.
    policy_finding(29, "ID_PARTS");
    assert_finding(&out, "bad/privacy.yaml:4:", "invalid-manifest", "ID_BYTES");
    assert_finding(&out, "bad/privacy.yaml:8:", "invalid-manifest", "ID_PARTS");
    // The bad manifest's good entry is still judged.
    assert_finding(&out, "bad/privacy.yaml:11:", "forbidden-use", "");
    assert!(out.stdout.len() < 100_000, "an id was echoed whole");
    assert_good_kept(&out);
}

#[test]
fn a_huge_job_count_is_lowered_with_a_note() {
    let dir = workspace(POLICY);
    let out = candor(
        dir.path(),
        &["check", "--format", "concise", "-j", "100000", "good"],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("-j 100000") && out.stderr.contains("JOBS_PER_CORE"),
        "{}",
        out.stderr
    );
    assert_good_kept(&out);
}

#[test]
fn yaml_tags_and_special_floats_are_said_in_words() {
    let dir = workspace(POLICY);
    write(
        dir.path(),
        "tag/privacy.yaml",
        "product: outlook\ncollects:\n  - data: !!int abc\n    category: content.email\n    purposes: [provide]\n",
    );
    write(
        dir.path(),
        "inf/privacy.yaml",
        "product: .inf\ncollects:\n  - data: x\n    category: content.email\n    purposes: [provide]\n",
    );
    let out = check(dir.path(), &["good", "inf", "tag"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_finding(
        &out,
        "tag/privacy.yaml:3:",
        "invalid-manifest",
        "YAML tags like `!!int` are not supported in manifests; write the value plainly",
    );
    assert_finding(
        &out,
        "inf/privacy.yaml:1:",
        "invalid-manifest",
        "`.inf` is a special float; manifests take text here",
    );
    assert!(!out.stdout.contains("invalid u64"), "{}", out.stdout);
    assert!(!out.stdout.contains("configured policy"), "{}", out.stdout);
    assert_good_kept(&out);
}
