//! What a new user meets first, through the built binary: YAML errors at their cause with a
//! help line, a manifest passed as the policy, exit statuses in `--help`, and no follow-on
//! findings from one misspelling.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

#[path = "support/run.rs"]
mod run;
#[path = "support/workspace.rs"]
mod support;

use std::fs;
use std::path::Path;

fn candor(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = run::clean()
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_tab_in_the_indentation_is_reported_at_the_tab_and_shown() {
    let dir = support::with_microsoft_policy();
    fs::write(
        dir.path().join("privacy.yaml"),
        "product: bing\ncollects:\n  - data: x\n\tcategory: contact.email\n    purposes: [provide]\n",
    )
    .unwrap();
    let (code, concise, _) = candor(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(code, 1);
    assert_eq!(
        concise.trim_end(),
        "privacy.yaml:4:1: error: not valid YAML: a tab in the indentation [invalid-manifest]"
    );
    let (_, human, _) = candor(dir.path(), &["check"]);
    assert!(human.contains(" 4 │ →category: contact.email"), "{human}");
    assert!(
        human.contains("help: YAML indents with spaces only"),
        "{human}"
    );
}

#[test]
fn every_yaml_syntax_error_has_a_help_line() {
    let dir = support::with_microsoft_policy();
    for (n, bad) in [
        "product: bing\ncollects:\n  - data: x\n    category: [contact\n",
        "product: bing\ncollects: {a: b\n",
        "product: \"bing\ncollects: []\n",
        "product: bing\n collects: []\n  x: y\n",
        "product: bing: x\n",
        "product: *nothing\n",
    ]
    .iter()
    .enumerate()
    {
        fs::write(dir.path().join(format!("{n}.privacy.yaml")), bad).unwrap();
    }
    let (_, out, _) = candor(dir.path(), &["check", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let findings = doc["diagnostics"].as_array().unwrap();
    assert_eq!(findings.len(), 6, "{out}");
    for d in findings {
        assert_eq!(d["code"], "invalid-manifest", "{d}");
        assert!(
            d["help"].as_str().is_some_and(|h| !h.is_empty()),
            "no help: {d}"
        );
    }
}

#[test]
fn a_manifest_given_as_the_policy_is_one_error() {
    let dir = support::with_microsoft_policy();
    let root = dir.path();
    fs::write(root.join("privacy.yaml"), "product: bing\ncollects: []\n").unwrap();
    fs::write(
        root.join("candor.yaml"),
        "policy: policies/microsoft.candor\n",
    )
    .unwrap();
    fs::write(root.join("PrivacyInfo.xcprivacy"), "<plist/>").unwrap();
    for (file, what) in [
        ("privacy.yaml", "a data manifest"),
        ("candor.yaml", "candor's configuration"),
        ("PrivacyInfo.xcprivacy", "an Apple privacy manifest"),
    ] {
        let (code, out, err) = candor(root, &["check", "--policy", file]);
        assert_eq!(code, 2, "{file}");
        assert_eq!(out, "");
        assert_eq!(err.lines().count(), 1, "{file}: {err}");
        assert!(
            err.contains(&format!("`{file}` is {what}, not a policy")),
            "{err}"
        );
    }
}

#[test]
fn help_states_the_exit_statuses() {
    let dir = tempfile::tempdir().unwrap();
    let (_, check, _) = candor(dir.path(), &["check", "--help"]);
    for status in [
        "  0  no error-level finding",
        "  1  at least one error-level finding",
        "  2  candor could not run",
    ] {
        assert!(check.contains(status), "{check}");
    }
    for sub in [
        "fmt", "show", "render", "diff", "init", "export", "explain", "schema", "lsp",
    ] {
        let (code, help, _) = candor(dir.path(), &[sub, "--help"]);
        assert_eq!(code, 0);
        assert!(help.contains("Exit status"), "{sub}: {help}");
    }
    let (_, top, _) = candor(dir.path(), &["--help"]);
    assert!(top.contains("`candor explain`"), "{top}");
}

#[test]
fn one_misspelling_sets_off_no_follow_on_findings() {
    let dir = support::with_microsoft_policy();
    let root = dir.path();
    let policy = "category contact \"c\" { email \"e\" }\npurpose provide \"p\"\nsource direct \"d\"\n\
                  condition location_enabled \"l\"\nproduct app \"a\" {\n    \
                  collect contact.email for provide from direct when locaton_enabled\n}\n";
    fs::write(root.join("p.candor"), policy).unwrap();
    fs::write(
        root.join("privacy.yaml"),
        "product: ap\ncollects:\n  - data: e\n    category: contact.email\n    purposes: [provide]\n",
    )
    .unwrap();
    let (code, out, _) = candor(
        root,
        &[
            "check",
            "--policy",
            "p.candor",
            "--coverage",
            "--format",
            "concise",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "p.candor:6:56: error: condition `locaton_enabled` is not defined [undefined-reference]",
            "privacy.yaml:1:10: error: product `ap` is not defined in the policy [unknown-product]",
        ],
        "no unused condition, no unused grant of `app`"
    );
    let (_, human, _) = candor(root, &["check", "--policy", "p.candor", "--coverage"]);
    assert!(
        human.ends_with(
            "checked 1 policy file and 1 manifest: 2 errors (2 follow-on findings not shown)\n"
        ),
        "{human}"
    );
}

#[test]
fn a_new_project_with_a_hundred_vague_entries_prints_one_advice_line() {
    let dir = tempfile::tempdir().unwrap();
    let (status, _, stderr) = candor(dir.path(), &["init"]);
    assert_eq!(status, 0, "{stderr}");
    // The policy grants `usage` broadly; the manifest names its child `usage.clicks`.
    let policy = dir.path().join("policies/privacy.candor");
    let text = fs::read_to_string(&policy).unwrap();
    let text = text
        .replace(
            "    errors \"crash reports and error logs\"\n",
            "    errors \"crash reports and error logs\"\n    clicks \"which controls the person uses\"\n",
        )
        .replace(
            "    collect usage.errors for improve from observed\n",
            "    collect usage.errors for improve from observed\n    collect usage for improve from observed\n",
        );
    assert!(text.contains("clicks") && text.contains("collect usage for"));
    fs::write(&policy, text).unwrap();
    let mut manifest = fs::read_to_string(dir.path().join("privacy.yaml")).unwrap();
    for n in 0..100 {
        manifest.push_str(&format!(
            "  - data: click_{n}\n    category: usage.clicks\n    purposes: [improve]\n    source: observed\n"
        ));
    }
    fs::write(dir.path().join("privacy.yaml"), manifest).unwrap();

    let (status, stdout, stderr) = candor(dir.path(), &["check"]);
    assert_eq!(status, 0, "{stdout}{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "advice: 100 `vague-disclosure` findings not shown (`--show-advice` lists them; \
             `candor explain vague-disclosure` says how to quiet them)",
            "checked 1 policy file and 1 manifest: 100 advice",
        ],
        "{stdout}"
    );
    // The explanation it points to says how to list, allow and deny them.
    let (_, explained, _) = candor(dir.path(), &["explain", "vague-disclosure"]);
    for needed in [
        "--show-advice",
        "--allow vague-disclosure",
        "--deny vague-disclosure",
    ] {
        assert!(explained.contains(needed), "{needed}");
    }
    let (_, concise, _) = candor(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(
        concise.lines().count(),
        100,
        "concise keeps one line a finding"
    );
}
