//! The statement commands run as the real binary over real files: `show`, `render` (Markdown,
//! HTML, and the HTML as a real browser reads it), `diff` (files and git revisions) and `init`.

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

use std::path::Path;

use candor::SourceMap;
use candor::policy::Policy;

#[path = "statement/browser.rs"]
mod browser;
#[path = "statement/diff.rs"]
mod diff;
#[path = "statement/init.rs"]
mod init;
#[path = "statement/show_render.rs"]
mod show_render;

/// Runs candor in `dir`: exit status, standard output, standard error.
pub fn candor(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = run::clean()
        .args(args)
        .current_dir(dir)
        // A git hook running the tests sets these; `candor diff` must find the test's repository.
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("candor runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("utf-8 stdout"),
        String::from_utf8(output.stderr).expect("utf-8 stderr"),
    )
}

/// The repository, where the shipped policy is.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped policy, read by the library, to compare the output with.
pub fn shipped_policy() -> Policy {
    let mut sources = SourceMap::new();
    let path = repo().join("policies/microsoft.candor");
    candor::session::load_policy(
        &candor::session::Disk,
        &mut sources,
        &path,
        &candor::workspace::Scope::Any,
    )
    .unwrap()
    .policy
}

/// Every product and category description of `policy`.
pub fn descriptions(policy: &Policy) -> Vec<String> {
    let products = policy.products.iter().map(|p| p.description.clone());
    let categories = policy.categories.iter().map(|(_, n)| n.description.clone());
    let all: Vec<String> = products.chain(categories).collect();
    assert!(all.len() > 60, "the shipped policy describes {}", all.len());
    all
}

/// Parses a JSON document, or fails with it.
pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}
