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
