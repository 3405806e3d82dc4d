//! The monorepo benchmark: `cargo bench --bench monorepo`.
//!
//! Generates deterministic corpora of 1,000, 10,000 and 100,000 manifests for the Microsoft
//! policy (kept in `target/bench-corpus/`), then measures, in one run:
//!
//! - candor's full check: `candor check --format json -o FILE CORPUS` on all cores;
//! - the parse-only floor: the same files found (the same discovery) and deserialized with the
//!   same YAML library and spans, on one thread, with no checking;
//!
//! and prints wall time (median of 3 runs after a warm-up), peak memory (`/usr/bin/time -v`),
//! the ratio candor / floor, the growth from 10,000 to 100,000 manifests, start-up time on an
//! empty folder, and whether one thread and all cores print the same bytes.
//!
//! `CANDOR_BENCH_SIZES=1000,10000` picks other sizes.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a benchmark harness: failing loudly is right"
)]

#[path = "../tests/support/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use candor::manifest::yaml;
use candor::{limits, workspace};

const RUNS: usize = 3;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--floor") {
        floor(Path::new(&args[2]));
        return;
    }
    let sizes: Vec<usize> = std::env::var("CANDOR_BENCH_SIZES")
        .unwrap_or_else(|_| "1000,10000,100000".to_owned())
        .split(',')
        .map(|s| s.trim().parse().expect("a size"))
        .collect();
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candor = Path::new(env!("CARGO_BIN_EXE_candor"));
    let me = std::env::current_exe().unwrap();
    let corpora = manifest_dir.join("target/bench-corpus");
    let policy = manifest_dir.join("policies/microsoft.candor");
    let out = corpora.join("report.json");

    println!(
        "candor monorepo benchmark ({} cores)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!();
    println!(
        "{:>9}  {:>12} {:>10}  {:>12} {:>10}  {:>13}",
        "manifests", "candor wall", "peak MiB", "floor wall", "peak MiB", "candor/floor"
    );
    let mut walls = Vec::new();
    for &n in &sizes {
        let dir = corpora.join(n.to_string());
        if !dir.join(".complete").exists() {
            let _ = std::fs::remove_dir_all(&dir);
            let c = corpus::generate(&dir.join("services"), n, 2026).unwrap();
            std::fs::write(dir.join(".complete"), format!("{c:?}\n")).unwrap();
        }
        let services = dir.join("services");
        let check = measure(
            candor,
            &[
                "check",
                "--policy",
                policy.to_str().unwrap(),
                "--format",
                "json",
                "-o",
                out.to_str().unwrap(),
                services.to_str().unwrap(),
            ],
        );
        let floor = measure(&me, &["--floor", services.to_str().unwrap()]);
        let ratio = check.0.as_secs_f64() / floor.0.as_secs_f64();
        println!(
            "{n:>9}  {:>10.1}ms {:>10.1}  {:>10.1}ms {:>10.1}  {ratio:>13.2}",
            ms(check.0),
            check.1,
            ms(floor.0),
            floor.1
        );
        walls.push((n, check.0));
    }
    if let (Some(&(small_n, small)), Some(&(large_n, large))) = (
        walls.iter().find(|(n, _)| *n == 10_000),
        walls.iter().find(|(n, _)| *n == 100_000),
    ) {
        let per_small = small.as_secs_f64() / small_n as f64;
        let per_large = large.as_secs_f64() / large_n as f64;
        println!();
        println!(
            "growth 10,000 -> 100,000: {:.2}x the time for 10x the manifests \
             (per-manifest cost {:+.1}% vs linear)",
            large.as_secs_f64() / small.as_secs_f64(),
            (per_large / per_small - 1.0) * 100.0
        );
    }

    let empty = corpora.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let mut startup: Vec<Duration> = (0..21)
        .map(|_| {
            let start = Instant::now();
            let status = Command::new(candor)
                .args([
                    "check",
                    "--policy",
                    policy.to_str().unwrap(),
                    empty.to_str().unwrap(),
                ])
                .output()
                .unwrap()
                .status;
            assert!(status.success());
            start.elapsed()
        })
        .collect();
    startup.sort();
    println!(
        "start-up on an empty folder: {:.2}ms (median of 21)",
        ms(startup[10])
    );

    if let Some(&n) = sizes.iter().find(|&&n| n == 10_000).or(sizes.first()) {
        let services = corpora.join(n.to_string()).join("services");
        let run = |jobs: &str| {
            Command::new(candor)
                .args([
                    "check",
                    "--policy",
                    policy.to_str().unwrap(),
                    "--format",
                    "json",
                    "-j",
                    jobs,
                ])
                .arg(&services)
                .output()
                .unwrap()
                .stdout
        };
        let same = run("1")
            == run(&std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .to_string());
        println!(
            "{n} manifests, 1 thread vs all cores: {}",
            if same {
                "identical output"
            } else {
                "OUTPUT DIFFERS"
            }
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Median wall time of [`RUNS`] runs after a warm-up, and the largest peak RSS in MiB.
fn measure(program: &Path, args: &[&str]) -> (Duration, f64) {
    let mut walls = Vec::new();
    let mut peak_kib = 0u64;
    for run in 0..=RUNS {
        let start = Instant::now();
        let output = Command::new("/usr/bin/time")
            .arg("-v")
            .arg(program)
            .args(args)
            .output()
            .expect("/usr/bin/time runs (apt-get install time)");
        let wall = start.elapsed();
        let stderr = String::from_utf8_lossy(&output.stderr);
        let rss = stderr
            .lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix("Maximum resident set size (kbytes): ")
            })
            .and_then(|v| v.trim().parse::<u64>().ok())
            .unwrap_or(0);
        if run > 0 {
            walls.push(wall);
            peak_kib = peak_kib.max(rss);
        }
    }
    walls.sort();
    (walls[walls.len() / 2], peak_kib as f64 / 1024.0)
}

/// The parse-only floor: discovery, reading, and YAML with spans, one thread, no checking.
fn floor(root: &Path) {
    let found = workspace::discover(&[PathBuf::from(root)], &|_| false);
    let mut nodes = 0usize;
    for path in &found.manifests {
        let text = workspace::read_text(path, limits::MANIFEST_BYTES).unwrap_or_default();
        if let Ok(node) = yaml::parse(&text) {
            nodes += node.end - node.start;
        }
    }
    std::hint::black_box(nodes);
}
