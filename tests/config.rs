//! `candor.yaml` as a source, through the built binary: its problems are findings at
//! `candor.yaml:LINE:COL` in every output format, in words (never the YAML or glob library's
//! own text); a binding's unknown product or condition is reported once, in candor.yaml, with
//! "did you mean"; a binding that matches no store declaration is `unused-binding`; and a file
//! that cannot be read as settings at all stops the run (exit 2) with one located line. Every
//! run is under a deadline and an address-space guard.

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
#[path = "support/workspace.rs"]
mod support;

use std::fs;
use std::path::Path;
use std::time::Duration;

use guarded::Outcome;
use serde_json::Value;

/// What candor must never print about candor.yaml: the YAML and glob libraries' own words, Debug
/// output, and the position said twice.
const JARGON: &[&str] = &[
    "sequence start",
    "from_str_multiple",
    "Nodes {",
    "nodes:",
    "Budget",
    "error parsing pattern",
    "<input>",
    " at line ",
    "line 1 column",
    "is not a valid configuration",
    "invalid type",
    "expected one of",
];

/// A clean manifest: checking it finds nothing.
const CLEAN: &str = "product: bing\ncollects:\n  - data: query\n    category: device_usage.product_use\n    purposes: [provide]\n";

/// A manifest with one finding, which must survive any problem in candor.yaml that does not stop
/// the run.
const GOOD: &str = "product: outlook\ncollects:\n  - data: body\n    category: content.email\n    purposes: [provide, advertising]\n";
const GOOD_FINDING: &str = "good/privacy.yaml:5:25: error:";

fn run(root: &Path, args: &[&str]) -> Outcome {
    let guards = guarded::Guards {
        deadline: Duration::from_secs(60),
        address_space: Some(4 << 30),
        env: &[],
    };
    guarded::candor(root, args, &guards)
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// A repository with the Microsoft policy, `policy:` naming it, the good manifest and the
/// weather app's iOS privacy manifest under `apps/ios/`.
fn repository(config: &str) -> tempfile::TempDir {
    let dir = support::with_microsoft_policy();
    let root = dir.path();
    write(root, "good/privacy.yaml", GOOD);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let label =
        fs::read_to_string(repo.join("examples/apps/weather-ios/PrivacyInfo.xcprivacy")).unwrap();
    write(root, "apps/ios/PrivacyInfo.xcprivacy", &label);
    write(
        root,
        "candor.yaml",
        &format!("policy: policies/microsoft.candor\n{config}"),
    );
    dir
}

fn assert_plain(text: &str) {
    for word in JARGON {
        assert!(!text.contains(word), "`{word}` in:\n{text}");
    }
}

/// The concise lines of `out` in candor.yaml.
fn config_lines(out: &Outcome) -> Vec<&str> {
    out.stdout
        .lines()
        .filter(|l| l.starts_with("candor.yaml:"))
        .collect()
}

#[test]
fn a_misspelt_binding_is_reported_once_in_candor_yaml_with_did_you_mean() {
    let dir = repository(
        "products:\n  - path: \"apps/**\"\n    product: msn_wether\n    conditions: [locaton_enabled]\n",
    );
    // A second store file under the same binding: still one finding per id.
    let label = fs::read_to_string(dir.path().join("apps/ios/PrivacyInfo.xcprivacy")).unwrap();
    write(dir.path(), "apps/watch/PrivacyInfo.xcprivacy", &label);
    let out = run(dir.path(), &["check", "--color", "never"]);
    assert_eq!(out.code, 1, "{}", out.both());
    assert!(
        out.stdout.contains("╭─[candor.yaml:4:14]")
            && out.stdout.contains("help: did you mean `msn_weather`?"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("╭─[candor.yaml:5:18]")
            && out
                .stdout
                .contains("help: did you mean `location_enabled`?"),
        "{}",
        out.stdout
    );
    let out = run(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(
        config_lines(&out),
        [
            "candor.yaml:4:14: error: product `msn_wether` of this `products:` binding is not \
             defined in the policy [unknown-product]",
            "candor.yaml:5:18: error: condition `locaton_enabled` of this `products:` binding \
             is not defined in the policy [unknown-condition]",
        ],
        "{}",
        out.stdout
    );
    // The bound files are not reported for the binding's ids again.
    assert!(
        !out.stdout
            .lines()
            .any(|l| l.contains("PrivacyInfo.xcprivacy")
                && (l.ends_with("[unknown-product]") || l.ends_with("[unknown-condition]"))),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains(GOOD_FINDING), "{}", out.stdout);
}

#[test]
fn a_wrong_setting_is_a_finding_at_its_place_and_the_check_goes_on() {
    let cases = [
        (
            "polcy: x\n",
            "candor.yaml:2:1:",
            "unknown key `polcy` in candor.yaml",
        ),
        (
            "products:\n  - path: \"apps/**\"\n    product: msn_weather\n    condition: [x]\n",
            "candor.yaml:5:5:",
            "unknown key `condition` in a `products:` binding",
        ),
        (
            "exclude: 3\n",
            "candor.yaml:2:10:",
            "`exclude` must be a list of glob patterns, found a number",
        ),
        (
            "products: {path: x}\n",
            "candor.yaml:2:11:",
            "`products` must be a list of bindings, found a mapping",
        ),
        (
            "products:\n  - path: [a]\n    product: msn_weather\n",
            "candor.yaml:3:11:",
            "each `products:` pattern must be a string, found a list",
        ),
        (
            "exclude: [\"legacy/{a,b\"]\n",
            "candor.yaml:2:11:",
            "the `exclude` pattern `legacy/{a,b` is not a valid glob: a `{` is never closed by `}`",
        ),
        (
            "products:\n  - path: \"apps/[z-a]/**\"\n    product: msn_weather\n",
            "candor.yaml:3:11:",
            "is not a valid glob: the range `z-a` runs backwards",
        ),
        (
            "severity:\n  allow: [vague-disclosur]\n",
            "candor.yaml:3:11:",
            "`vague-disclosur` under `severity:` is not a candor code",
        ),
    ];
    for (config, place, words) in cases {
        let dir = repository(config);
        let out = run(dir.path(), &["check", "--format", "concise"]);
        assert_eq!(out.code, 1, "{config}: {}", out.both());
        assert!(
            config_lines(&out).iter().any(|l| l.starts_with(place)
                && l.contains(words)
                && l.ends_with("[invalid-config]")),
            "{config}: expected {words:?} at {place} in\n{}",
            out.both()
        );
        assert!(
            out.stdout.contains(GOOD_FINDING),
            "{config}: {}",
            out.stdout
        );
        assert_plain(&out.both());
        // The human format draws it from the file, with its help.
        let human = run(dir.path(), &["check", "--color", "never"]);
        let snippet = format!("╭─[{}]", place.trim_end_matches(':'));
        assert!(
            human.stdout.contains(&snippet),
            "{config}: {}",
            human.stdout
        );
        assert_plain(&human.both());
    }
    let dir = repository("severity:\n  allow: [vague-disclosur]\n");
    let out = run(dir.path(), &["check", "--color", "never"]);
    assert!(
        out.stdout
            .contains("help: did you mean `vague-disclosure`?"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_file_that_is_not_settings_stops_the_run_with_one_located_line() {
    let deep = format!("exclude: {}{}\n", "[".repeat(40), "]".repeat(40));
    let mut aliases = String::from("a: &a [x, y]\n");
    for n in 0..1_200 {
        aliases.push_str(&format!("k{n}: *a\n"));
    }
    let mut nodes = String::from("exclude:\n");
    for n in 0..120_000 {
        nodes.push_str(&format!("  - x{n}\n"));
    }
    let cases: Vec<(String, &str, &str)> = vec![
        (
            "exclude: [\"a/**\"\nproducts: []\n".to_owned(),
            "candor.yaml:2:",
            "not valid YAML",
        ),
        ("exclude:\n\t- a\n".to_owned(), "candor.yaml:2:1:", "a tab"),
        (deep, "candor.yaml:1:42:", "YAML_DEPTH"),
        (aliases, "candor.yaml:", "YAML_ALIASES"),
        (nodes, "candor.yaml:", "YAML_NODES"),
        (
            "exclude: []\n---\nexclude: []\n".to_owned(),
            "candor.yaml:",
            "one YAML document",
        ),
        (
            "[a, b]\n".to_owned(),
            "candor.yaml:1:1:",
            "must be a mapping of settings",
        ),
        (
            "policy: [x]\n".to_owned(),
            "candor.yaml:1:9:",
            "`policy` must be a string",
        ),
    ];
    for (config, place, words) in cases {
        let dir = support::with_microsoft_policy();
        write(dir.path(), "good/privacy.yaml", GOOD);
        write(dir.path(), "candor.yaml", &config);
        for format in ["human", "json", "sarif"] {
            let out = run(dir.path(), &["check", "--format", format]);
            let shown = config.get(..60.min(config.len())).unwrap_or_default();
            assert_eq!(out.code, 2, "{shown}: {}", out.both());
            assert_eq!(out.stdout, "", "{shown}");
            assert_eq!(out.stderr.lines().count(), 1, "{shown}: {}", out.stderr);
            let line = out.stderr.trim_end();
            assert!(
                line.starts_with(&format!("error: {place}"))
                    && line.contains(words)
                    && line.ends_with("[invalid-config]"),
                "{shown}: expected {words:?} at {place}: {line}"
            );
            assert_eq!(line.matches("candor.yaml:").count(), 1, "{line}");
            assert_plain(line);
        }
    }
    // With `--policy`, a `policy:` that is not a path no longer stops the run.
    let dir = support::with_microsoft_policy();
    write(dir.path(), "good/privacy.yaml", GOOD);
    write(dir.path(), "candor.yaml", "policy: [x]\n");
    let out = run(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "--policy",
            "policies/microsoft.candor",
        ],
    );
    assert_eq!(out.code, 1, "{}", out.both());
    assert!(
        out.stdout
            .contains("candor.yaml:1:9: error: `policy` must be a string, found a list"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_binding_that_matches_nothing_is_unused_and_fails_with_deny_warnings() {
    let config = "products:\n  - path: \"apps/ios/**\"\n    product: msn_weather\n    conditions: [location_enabled]\n  - path: \"apps/watchos/**\"\n    product: msn_weather\n";
    let dir = repository(config);
    fs::remove_file(dir.path().join("good/privacy.yaml")).unwrap();
    write(dir.path(), "svc/privacy.yaml", CLEAN);
    let out = run(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(out.code, 0, "{}", out.both());
    assert_eq!(
        out.stdout,
        "candor.yaml:6:11: warning: the pattern `apps/watchos/**` of this binding matches none \
         of the store declarations candor found [unused-binding]\n"
    );
    let out = run(
        dir.path(),
        &["check", "--format", "concise", "--deny", "warnings"],
    );
    assert_eq!(out.code, 1, "{}", out.both());
    // A check of one folder says nothing about the bindings of the others.
    let out = run(dir.path(), &["check", "--format", "concise", "svc"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""), "{}", out.both());
    // A binding into an excluded folder matches nothing either.
    write(
        dir.path(),
        "candor.yaml",
        &format!("policy: policies/microsoft.candor\nexclude: [\"apps/watchos/**\"]\n{config}"),
    );
    write(
        dir.path(),
        "apps/watchos/PrivacyInfo.xcprivacy",
        &fs::read_to_string(dir.path().join("apps/ios/PrivacyInfo.xcprivacy")).unwrap(),
    );
    let out = run(dir.path(), &["check", "--format", "concise"]);
    assert!(
        out.stdout
            .starts_with("candor.yaml:7:11: warning: the pattern `apps/watchos/**`"),
        "{}",
        out.both()
    );
}

#[test]
fn json_and_sarif_name_candor_yaml_as_the_file() {
    let dir = repository(
        "products:\n  - path: \"apps/**\"\n    product: msn_wether\n    conditions: [location_enabled]\nexlude: []\n",
    );
    let out = run(dir.path(), &["check", "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.both());
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    let found: Vec<(String, u64, u64, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == "candor.yaml")
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["help"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "unknown-product".to_owned(),
                4,
                14,
                "did you mean `msn_weather`?".to_owned()
            ),
            (
                "invalid-config".to_owned(),
                6,
                1,
                "did you mean `exclude`?".to_owned()
            ),
        ]
    );
    let out = run(dir.path(), &["check", "--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&out.stdout).unwrap();
    let run0 = &sarif["runs"][0];
    let places: Vec<(String, String, u64)> = run0["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let location = &r["locations"][0]["physicalLocation"];
            (
                r["ruleId"].as_str().unwrap().to_owned(),
                location["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
                location["region"]["startLine"].as_u64().unwrap(),
            )
        })
        .filter(|(_, uri, _)| uri == "candor.yaml")
        .collect();
    assert_eq!(
        places,
        [
            ("unknown-product".to_owned(), "candor.yaml".to_owned(), 4),
            ("invalid-config".to_owned(), "candor.yaml".to_owned(), 6),
        ]
    );
    let rules: Vec<&str> = run0["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"invalid-config") && rules.contains(&"unused-binding"),
        "{rules:?}"
    );
}
