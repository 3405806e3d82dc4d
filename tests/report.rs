//! What every output format shows a newcomer, through the real binary over real files: columns
//! that agree between formats on non-ASCII lines and after a byte order mark, one line per
//! finding in the concise format whatever a value holds, notes instead of `Advice:` under an
//! error, and GitHub annotations placed against the repository root.

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

use serde_json::Value;

/// Runs candor in `dir` and returns its exit status and standard output.
fn candor(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = run::clean()
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("TF_BUILD")
        .output()
        .expect("candor runs");
    assert!(
        output.status.code().is_some_and(|c| c < 2),
        "candor could not run: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("utf-8 output"),
    )
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// A manifest with a byte order mark and `é😀` before its one finding, `nope`, all on line 1.
const NON_ASCII: &str = "\u{feff}{product: bing, collects: [{data: é😀, category: \
                         device_usage.product_use, purposes: [nope]}]}\n";

#[test]
fn every_format_counts_the_same_columns_on_a_non_ascii_line() {
    let dir = support::with_microsoft_policy();
    write(&dir.path().join("privacy.yaml"), NON_ASCII);
    let before = &NON_ASCII[..NON_ASCII.find("nope").unwrap()];
    let visible = before.strip_prefix('\u{feff}').unwrap();
    // Characters, 1-based, the byte order mark not counted; bytes and UTF-16 units differ.
    let column = visible.chars().count() + 1;
    let column_utf16 = visible.encode_utf16().count() + 1;
    assert_eq!((column, column_utf16), (86, 87));
    assert_ne!(column, before.len() + 1);

    let run = |format: &str| {
        candor(
            dir.path(),
            &[
                "check",
                "--color",
                "never",
                "--format",
                format,
                "privacy.yaml",
            ],
        )
        .1
    };
    let human = run("human");
    assert!(
        human.contains(&format!("╭─[privacy.yaml:1:{column}]")),
        "{human}"
    );
    let concise = run("concise");
    assert!(
        concise.starts_with(&format!("privacy.yaml:1:{column}: error: purpose `nope`")),
        "{concise}"
    );
    let json: Value = serde_json::from_str(&run("json")).unwrap();
    let finding = &json["diagnostics"][0];
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(1), Some(86))
    );
    assert_eq!(finding["end_column"], column + 4);
    let sarif: Value = serde_json::from_str(&run("sarif")).unwrap();
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let region = &run["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startColumn"], column_utf16);
    assert_eq!(region["endColumn"], column_utf16 + 4);
}

#[test]
fn a_snippet_header_counts_characters_on_later_lines_too() {
    let dir = support::with_microsoft_policy();
    write(
        &dir.path().join("privacy.yaml"),
        "product: bing # café\ncollects:\n  - data: q\n    category: device_usage.product_use\n    \
         purposes: [provide, \"été ☕\", nope]\n",
    );
    let (_, human) = candor(dir.path(), &["check", "--color", "never", "privacy.yaml"]);
    let (_, concise) = candor(
        dir.path(),
        &["check", "--format", "concise", "privacy.yaml"],
    );
    let headers: Vec<&str> = human
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("╭─["))
        .map(|l| l.trim_end_matches(']'))
        .collect();
    let places: Vec<&str> = concise
        .lines()
        .filter_map(|l| l.split(": ").next())
        .collect();
    assert_eq!(headers, ["privacy.yaml:5:25", "privacy.yaml:5:34"]);
    assert_eq!(headers, places);
}

#[test]
fn a_line_break_in_a_value_stays_on_its_finding_line() {
    let dir = support::with_microsoft_policy();
    write(
        &dir.path().join("privacy.yaml"),
        "product: \"bi\\nng\"\ncollects:\n  - data: \"two\\nlines\\u001b[31m\"\n    \
         category: \"a\\nb\"\n    purposes: [provide]\n  - data: \"two\\nlines\\u001b[31m\"\n    \
         category: \"a\\nb\"\n    purposes: [\"x\\ry\\u2028z\"]\n",
    );
    let (code, concise) = candor(dir.path(), &["check", "--format", "concise", "."]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = concise.lines().collect();
    assert!(lines.len() >= 4, "{concise}");
    for line in &lines {
        assert!(
            line.starts_with("privacy.yaml:") && line.ends_with(']'),
            "a finding spilled over lines: {line:?}"
        );
        assert!(!line.chars().any(|c| c.is_control()), "{line:?}");
    }
    assert!(
        lines.contains(
            &"privacy.yaml:1:10: error: product `bi\\nng` is not defined in the policy [unknown-product]"
        ),
        "{concise}"
    );
    assert!(concise.contains("`two\\nlines\\u{1b}[31m`"), "{concise}");
    assert!(concise.contains("`x\\ry\\u{2028}z`"), "{concise}");

    // GitHub reads one workflow command per line as well.
    let (_, github) = candor(dir.path(), &["check", "--format", "github", "."]);
    let commands: Vec<&str> = github.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(commands.len(), lines.len(), "{github}");
    assert_eq!(github.lines().count(), commands.len() + 1, "{github}");
}

#[test]
fn an_error_shows_its_policy_grant_as_a_note() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, human) = candor(
        root,
        &[
            "check",
            "--color",
            "never",
            "examples/violations/undeclared-purpose.privacy.yaml",
        ],
    );
    assert_eq!(code, 1);
    assert!(!human.contains("Advice"), "{human}");
    let finding = human
        .find("× `microsoft_account` uses `credentials`")
        .unwrap();
    let note = human
        .find("  note: granted for `authenticate` only\n")
        .unwrap();
    let grant = human.find("╭─[policies/microsoft.candor:").unwrap();
    let summary = human.find("checked 4 policy files").unwrap();
    assert!(finding < note && note < grant && grant < summary, "{human}");
    assert!(
        human.contains(" 23 │     collect credentials for authenticate from direct\n"),
        "{human}"
    );
    // Only the finding has a severity mark.
    assert_eq!(human.matches('×').count(), 1, "{human}");
}

#[test]
fn no_format_says_advice_under_an_error() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_, human) = candor(root, &["check", "--color", "never", "examples/violations"]);
    assert!(human.contains("  note: "), "{human}");
    assert!(!human.contains("Advice:"), "{human}");
}

#[test]
fn github_annotations_name_files_from_the_repository_root() {
    let repo = support::with_microsoft_policy();
    let root = &repo.path().canonicalize().unwrap();
    fs::create_dir_all(root.join(".git")).unwrap();
    let manifest = "product: bing\ncollects:\n  - data: q\n    category: device_usage.product_use\n    purposes: [nope]\n";
    write(&root.join("svc/api/privacy.yaml"), manifest);
    let outside = tempfile::tempdir().unwrap();
    let outside_abs = outside.path().canonicalize().unwrap().join("privacy.yaml");
    write(&outside_abs, manifest);
    let policy = root.join("policies/microsoft.candor");
    let inside_abs = root.join("svc/api/privacy.yaml");
    let (code, github) = candor(
        &root.join("svc"),
        &[
            "check",
            "--format",
            "github",
            "--policy",
            policy.to_str().unwrap(),
            inside_abs.to_str().unwrap(),
            "api",
            outside_abs.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1);
    let files: Vec<String> = github
        .lines()
        .filter_map(|l| l.split("file=").nth(1))
        .map(|rest| rest.split(',').next().unwrap().to_owned())
        .collect();
    let outside_shown = outside_abs
        .to_str()
        .unwrap()
        .replace('%', "%25")
        .replace(':', "%3A")
        .replace(',', "%2C");
    // The same file named twice is checked once.
    assert!(
        files.contains(&"svc/api/privacy.yaml".to_owned()),
        "{github}"
    );
    assert!(files.contains(&outside_shown), "{github}");
    assert_eq!(files.len(), 2, "{github}");
    assert!(!github.contains(".."), "{github}");
}
