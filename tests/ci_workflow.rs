//! The example GitHub workflow (`examples/ci/candor.yml`) keeps its promises: every action
//! pinned by commit with the tag beside it, no workflow-wide permissions, candor installed at a
//! commit of this repository, and the reports posted even when a step before them failed.
//! `.ci/actionlint` lints the same file.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

use std::path::Path;

fn workflow() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ci/candor.yml"))
        .unwrap()
}

fn is_commit(text: &str) -> bool {
    text.len() == 40 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

#[test]
fn every_action_is_pinned_by_commit_with_its_tag() {
    let text = workflow();
    let uses: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim().trim_start_matches("- ").strip_prefix("uses: "))
        .collect();
    assert!(uses.len() >= 5, "{uses:?}");
    for line in uses {
        let (action, rest) = line.split_once('@').expect("an action@ref");
        let (sha, comment) = rest.split_once(" # ").expect("the tag in a comment");
        assert!(
            is_commit(sha),
            "{action} is pinned to `{sha}`, not a commit"
        );
        assert!(
            comment.starts_with('v'),
            "{action}: `# {comment}` names no tag"
        );
    }
}

#[test]
fn permissions_are_per_job_and_reports_are_posted_always() {
    let text = workflow();
    assert!(
        text.contains("\npermissions: {}"),
        "no workflow-wide permissions"
    );
    assert_eq!(
        text.matches("    permissions:\n").count(),
        2,
        "each job says its own"
    );
    assert!(!text.contains("contents: write"));
    let annotations = text.find("name: candor check (annotations)").unwrap();
    assert!(text[annotations..].lines().nth(1).unwrap().trim() == "if: always()");
    let upload = text.find("upload-sarif@").unwrap();
    assert!(
        text[upload..]
            .lines()
            .nth(1)
            .unwrap()
            .contains("if: always()")
    );
    assert!(!text.contains("GITHUB_OUTPUT"), "no output nobody reads");
}

#[test]
fn candor_is_installed_at_a_commit_of_this_repository_and_cached() {
    let text = workflow();
    let rev = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("CANDOR_REV: "))
        .unwrap()
        .trim();
    assert!(is_commit(rev), "CANDOR_REV `{rev}` is not a commit");
    let known = std::process::Command::new("git")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["cat-file", "-e", &format!("{rev}^{{commit}}")])
        .status()
        .unwrap();
    assert!(
        known.success(),
        "`{rev}` is not a commit of this repository"
    );
    assert!(text.contains("--rev \"$CANDOR_REV\""));
    assert!(text.contains("key: candor-${{ runner.os }}-${{ env.CANDOR_REV }}"));
}
