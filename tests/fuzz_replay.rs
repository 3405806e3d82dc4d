//! Replays every input in `fuzz/regressions/<target>/` (each crash the fuzzers ever found, and
//! seeds) through the same code the fuzz targets run: policies, manifests, Apple privacy
//! manifests, Play data safety CSVs and `candor.yaml`. A regression is a panic here.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

#[path = "support/fuzz_bodies.rs"]
mod fuzz_bodies;

use std::fs;
use std::path::Path;

fn replay(target: &str, run: fn(&[u8]) -> usize) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut count = 0;
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for path in paths {
        let data = fs::read(&path).unwrap();
        let rendered = run(&data);
        assert!(
            rendered > 0 || std::str::from_utf8(&data).is_err(),
            "{} rendered nothing",
            path.display()
        );
        count += 1;
    }
    count
}

#[test]
fn policy_regressions_replay_cleanly() {
    assert!(replay("policy", fuzz_bodies::policy_input) >= 3);
}

#[test]
fn manifest_regressions_replay_cleanly() {
    assert!(replay("manifest", fuzz_bodies::manifest_input) >= 3);
}

#[test]
fn plist_regressions_replay_cleanly() {
    assert!(replay("plist", fuzz_bodies::plist_input) >= 3);
}

#[test]
fn play_regressions_replay_cleanly() {
    assert!(replay("play", fuzz_bodies::play_input) >= 3);
}

#[test]
fn config_regressions_replay_cleanly() {
    assert!(replay("config", fuzz_bodies::config_input) >= 3);
}
