//! On a generated monorepo, findings are identical byte for byte with one thread and with many.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/run.rs"]
mod run;

#[test]
fn one_thread_and_many_threads_print_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus::generate(dir.path(), 600, 7).unwrap();
    assert!(corpus.with_violation > 0, "{corpus:?}");
    let run = |jobs: &str| {
        let output = run::clean()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["check", "--format", "json", "-j", jobs])
            .arg(dir.path())
            .output()
            .unwrap();
        (output.status.code(), output.stdout)
    };
    let single = run("1");
    assert_eq!(single, run("4"));
    assert_eq!(single, run("2"));
    assert_eq!(single.0, Some(1));
    let report: serde_json::Value = serde_json::from_slice(&single.1).unwrap();
    assert_eq!(
        report["summary"]["manifests"], corpus.manifests,
        "build folders are skipped"
    );
    let errors = report["summary"]["errors"].as_u64().unwrap() as usize;
    assert_eq!(
        errors, corpus.with_violation,
        "one error per deliberate violation"
    );
}

/// Runs `candor check` on `dir` with `args`, from the repository (the shipped policy).
fn check(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    run::clean()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("check")
        .args(args)
        .arg(dir)
        .output()
        .unwrap()
}

#[test]
fn a_corpus_with_findings_on_most_files_streams_the_same_bytes_in_every_format_and_order() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus::generate_with_findings(dir.path(), 400, 11).unwrap();
    for format in ["human", "concise", "json", "sarif", "github"] {
        let single = check(dir.path(), &["--format", format, "-j", "1"]);
        for jobs in ["2", "4"] {
            let many = check(dir.path(), &["--format", format, "-j", jobs]);
            assert_eq!(single.status.code(), Some(1), "{format}");
            assert!(
                single.stdout == many.stdout,
                "`--format {format}` differs between -j 1 and -j {jobs}"
            );
        }
    }
    let json = check(dir.path(), &["--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert!(
        diagnostics.len() > 3 * corpus.manifests,
        "most manifests have several findings: {} for {corpus:?}",
        diagnostics.len()
    );
    // Discovery's order: paths component by component, then line, column and code.
    let key = |d: &serde_json::Value| {
        let file = d["file"].as_str().unwrap().to_owned();
        let components: Vec<String> = std::path::Path::new(&file)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        (
            components,
            d["line"].as_u64().unwrap(),
            d["column"].as_u64().unwrap(),
            d["code"].as_str().unwrap().to_owned(),
        )
    };
    let keys: Vec<_> = diagnostics.iter().map(key).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert!(keys == sorted, "findings are in discovery's order");
    let errors = report["summary"]["errors"].as_u64().unwrap() as usize;
    assert_eq!(errors, corpus.with_violation, "{corpus:?}");
}

#[test]
fn sarif_keeps_errors_first_and_counts_what_it_leaves_out() {
    let dir = tempfile::tempdir().unwrap();
    corpus::generate_with_findings(dir.path(), 300, 5).unwrap();
    let json = check(dir.path(), &["--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let summary = &report["summary"];
    let count = |k: &str| summary[k].as_u64().unwrap() as usize;
    let (errors, warnings, advice) = (count("errors"), count("warnings"), count("advice"));
    assert!(errors > 0 && advice > 200, "{summary}");
    let keep = errors + 100;
    let output = check(
        dir.path(),
        &["--format", "sarif", "--max-results", &keep.to_string()],
    );
    assert_eq!(output.status.code(), Some(1));
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let run = &sarif["runs"][0];
    let levels: Vec<&str> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels.len(), keep);
    assert!(
        levels[..errors].iter().all(|l| *l == "error"),
        "errors first"
    );
    assert!(levels[errors..].iter().all(|l| *l != "error"));
    let left_out = errors + warnings + advice - keep;
    let notification = &run["invocations"][0]["toolExecutionNotifications"][0];
    let text = notification["message"]["text"].as_str().unwrap();
    assert_eq!(notification["level"], "warning");
    assert!(
        text.contains(&format!(
            "holds {keep} of the run's {}",
            errors + warnings + advice
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("{left_out} notes (advice)")),
        "{text}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("warning: {text}")), "{stderr}");
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);

    // Within the default limit, nothing is left out and there is no notification.
    let full = check(dir.path(), &["--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_slice(&full.stdout).unwrap();
    assert_eq!(
        sarif["runs"][0]["results"].as_array().unwrap().len(),
        errors + warnings + advice
    );
    assert!(sarif["runs"][0].get("invocations").is_none());
    assert!(!String::from_utf8_lossy(&full.stderr).contains("leaves out"));

    // The github format's footer says what the SARIF of the same run keeps.
    let github = check(
        dir.path(),
        &["--format", "github", "--max-results", &keep.to_string()],
    );
    let footer = String::from_utf8_lossy(&github.stdout);
    let footer = footer.lines().last().unwrap();
    assert!(
        footer.contains(&format!("SARIF keeps {keep} of this run's")),
        "{footer}"
    );
}

#[test]
fn the_human_format_counts_advice_in_one_line_per_code() {
    let dir = tempfile::tempdir().unwrap();
    corpus::generate_with_findings(dir.path(), 60, 3).unwrap();
    let output = check(dir.path(), &["--allow", "undeclared-collection"]);
    let text = String::from_utf8_lossy(&output.stdout);
    let advice: Vec<&str> = text.lines().filter(|l| l.starts_with("advice:")).collect();
    assert_eq!(advice.len(), 1, "{text}");
    assert!(
        advice[0].contains("`vague-disclosure` findings not shown")
            && advice[0].contains("--show-advice"),
        "{}",
        advice[0]
    );
    assert!(!text.contains("is disclosed only as the broader"), "{text}");
    let shown = check(dir.path(), &["--show-advice"]);
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(shown.contains("is disclosed only as the broader"));
    assert!(!shown.lines().any(|l| l.starts_with("advice:")));
}
