//! Discovery through the built binary: a manifest named twice (overlapping paths, a symbolic
//! link to its folder, the file itself) is checked once, under the first name found.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

#[path = "support/run.rs"]
mod run;

use std::fs;

const VIOLATION: &str = "product: bing\ncollects:\n  - data: q\n    category: credentials\n    \
                         purposes: [marketing]\n";

#[test]
fn a_manifest_named_twice_is_checked_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("a/b")).unwrap();
    fs::write(root.join("a/b/privacy.yaml"), VIOLATION).unwrap();
    fs::create_dir_all(root.join("z")).unwrap();
    fs::write(root.join("z/privacy.yaml"), "product: bing\ncollects: []\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("a/b"), root.join("link")).unwrap();
    let policy = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/microsoft.candor");
    for jobs in ["1", "3"] {
        let output = run::clean()
            .current_dir(root)
            .args(["check", "--policy", policy, "--format", "json", "-j", jobs])
            .args(["a", "a/b", "a/b/privacy.yaml", "./a", "."])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{output:?}");
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(report["summary"]["manifests"], 2, "{report}");
        let files: Vec<&str> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["file"].as_str().unwrap())
            .collect();
        assert_eq!(files, ["a/b/privacy.yaml"], "{report}");
    }
}
