//! Whole outputs, snapshotted as a user sees them: every `--help`, and `show`, `render` and
//! `diff` in each of their formats on a small fixed policy change (`tests/statement/fixed/`,
//! kept apart from the examples so that editing an example changes no snapshot here). A
//! snapshot proves only that an output did not change: each was read as its user reads it
//! when it was accepted.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

#[path = "support/run.rs"]
mod run;

use std::path::Path;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `exit: N`, then standard output, then standard error when there is any.
fn shown(args: &[&str]) -> String {
    let out = run::candor(repo(), args);
    let mut text = format!("exit: {}\n{}", out.status, out.stdout);
    if !out.stderr.is_empty() {
        text.push_str("--- stderr\n");
        text.push_str(&out.stderr);
    }
    text
}

const SUBCOMMANDS: &[&str] = &[
    "check", "explain", "fmt", "schema", "show", "render", "diff", "init", "export", "lsp",
];

#[test]
fn every_help_text() {
    insta::assert_snapshot!("help", shown(&["--help"]));
    for sub in SUBCOMMANDS {
        let text = shown(&[sub, "--help"]);
        assert!(text.starts_with("exit: 0\n"), "{sub}: {text}");
        insta::assert_snapshot!(format!("help_{sub}"), text);
    }
}

#[test]
fn every_subcommand_has_a_help_snapshot() {
    // A new subcommand must be added to SUBCOMMANDS: the top-level help lists them all.
    let top = run::candor(repo(), &["--help"]).stdout;
    let listed: Vec<&str> = top
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .collect();
    let mut expected = SUBCOMMANDS.to_vec();
    expected.sort_unstable();
    let mut listed_sorted = listed.clone();
    listed_sorted.sort_unstable();
    assert_eq!(listed_sorted, expected, "{top}");
}

const BEFORE: &str = "tests/statement/fixed/before.candor";
const AFTER: &str = "tests/statement/fixed/after.candor";

#[test]
fn show_on_a_small_policy() {
    for format in ["human", "json"] {
        insta::assert_snapshot!(
            format!("show_forecast_{format}"),
            shown(&["show", "forecast", "--policy", AFTER, "--format", format])
        );
    }
}

#[test]
fn render_on_a_small_policy() {
    insta::assert_snapshot!(
        "render_markdown",
        shown(&["render", "--policy", AFTER, "--format", "markdown"])
    );
    let html = shown(&["render", "--policy", AFTER, "--format", "html"]);
    assert!(html.starts_with("exit: 0\n<!doctype html>"), "{html}");
    insta::assert_snapshot!("render_html", html);
}

#[test]
fn diff_on_a_small_policy() {
    for format in ["human", "markdown", "json"] {
        let text = shown(&["diff", BEFORE, AFTER, "--format", format]);
        assert!(text.starts_with("exit: 1\n"), "{format}: {text}");
        insta::assert_snapshot!(format!("diff_{format}"), text);
    }
    assert!(shown(&["diff", AFTER, AFTER]).starts_with("exit: 0\n"));
}
