//! The monorepo benchmark: `cargo bench --bench monorepo`.
//!
//! Generates deterministic corpora of 1,000, 10,000 and 100,000 manifests for the Microsoft
//! policy (kept in `target/bench-corpus/`), then, for each size, runs these commands in turn,
//! round after round (a warm-up round, then [`runs`] timed rounds), so that every command sees
//! the same machine load and the ratios between them hold even when absolute times drift:
//!
//! - `candor check -j 1 --format json -o FILE CORPUS`: candor on one thread;
//! - `candor check --format json -o FILE CORPUS`: candor on every core;
//! - **the floor**: this program with `--floor CORPUS`: the same files found with walkdir, read
//!   and deserialized by serde-saphyr into typed structs with `Spanned` on every value and
//!   `deny_unknown_fields`, on one thread, and nothing else. It uses none of candor's code;
//! - **the tree floor**: this program with `--tree-floor CORPUS`: candor's own discovery and its
//!   generic spanned value tree (`candor::manifest::yaml::parse`), one thread; the floor earlier
//!   versions of this benchmark compared against, kept to show what it costs.
//!
//! It prints the median wall time of each and its ratio to the floor, peak memory
//! (`/usr/bin/time -v`), the growth from 10,000 to 100,000 manifests, whether `-j 1` to `-j 4`
//! print the same bytes, and start-up time on an empty folder.
//!
//! `CANDOR_BENCH_SIZES=1000,10000` picks other sizes; `CANDOR_BENCH_RUNS=3` other round counts.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a benchmark harness: failing loudly is right"
)]

#[path = "../tests/support/corpus.rs"]
mod corpus;
#[path = "support/floor.rs"]
mod floor;
#[path = "support/measure.rs"]
mod measure;

use measure::{measure_alternated, ms};

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("--floor") => return floor::run(Path::new(&args[2])),
        Some("--tree-floor") => return tree_floor(Path::new(&args[2])),
        _ => {}
    }
    let sizes = measure::sizes("CANDOR_BENCH_SIZES", "1000,10000,100000");
    let runs = measure::runs(5);
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candor = Path::new(env!("CARGO_BIN_EXE_candor"));
    let me = std::env::current_exe().unwrap();
    let corpora = manifest_dir.join("target/bench-corpus");
    let policy = manifest_dir.join("policies/microsoft.candor");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());

    println!(
        "candor monorepo benchmark ({cores} cores; median of {runs} alternated rounds after a warm-up)"
    );
    let mut rows = Vec::new();
    for &n in &sizes {
        let dir = corpora.join(n.to_string());
        if !dir.join(".complete").exists() {
            let _ = std::fs::remove_dir_all(&dir);
            let c = corpus::generate(&dir.join("services"), n, 2026).unwrap();
            std::fs::write(dir.join(".complete"), format!("{c:?}\n")).unwrap();
        }
        let services = dir.join("services");
        let services = services.to_str().unwrap();
        let check = |jobs: Option<&str>, out: &Path| {
            let mut args = vec![
                "check".to_owned(),
                "--policy".to_owned(),
                policy.to_str().unwrap().to_owned(),
                "--format".to_owned(),
                "json".to_owned(),
                "-o".to_owned(),
                out.to_str().unwrap().to_owned(),
            ];
            if let Some(jobs) = jobs {
                args.extend(["-j".to_owned(), jobs.to_owned()]);
            }
            args.push(services.to_owned());
            (candor.to_path_buf(), args)
        };
        let out_one = dir.join("report-j1.json");
        let out_all = dir.join("report-default.json");
        let commands = [
            (me.clone(), vec!["--floor".to_owned(), services.to_owned()]),
            check(Some("1"), &out_one),
            check(None, &out_all),
            (
                me.clone(),
                vec!["--tree-floor".to_owned(), services.to_owned()],
            ),
        ];
        let measured = measure_alternated(&commands, runs);
        let mut same = std::fs::read(&out_one).unwrap() == std::fs::read(&out_all).unwrap();
        for jobs in 2..=cores.max(4) {
            let out = dir.join(format!("report-j{jobs}.json"));
            let (program, args) = check(Some(&jobs.to_string()), &out);
            let status = Command::new(program).args(args).status().unwrap();
            assert!(
                status.code() == Some(1),
                "candor check exits 1 on the corpus"
            );
            same &= std::fs::read(&out).unwrap() == std::fs::read(&out_one).unwrap();
        }
        rows.push((n, measured, same));
    }

    let floor_wall = |m: &[(Duration, f64)]| m[0].0.as_secs_f64();
    println!();
    println!("wall time (median), and its ratio to the floor");
    println!(
        "{:>9}  {:>10}  {:>17}  {:>17}  {:>17}",
        "manifests",
        "floor",
        "candor -j 1",
        format!("candor ({cores} thr.)"),
        "tree floor"
    );
    for (n, m, _) in &rows {
        let cell = |(wall, _): (Duration, f64)| {
            format!(
                "{:>8.1}ms {:>5.2}x",
                ms(wall),
                wall.as_secs_f64() / floor_wall(m)
            )
        };
        println!(
            "{n:>9}  {:>8.1}ms  {}  {}  {}",
            ms(m[0].0),
            cell(m[1]),
            cell(m[2]),
            cell(m[3])
        );
    }
    println!();
    println!("peak memory (MiB)");
    println!(
        "{:>9}  {:>10}  {:>17}  {:>17}  {:>17}",
        "manifests",
        "floor",
        "candor -j 1",
        format!("candor ({cores} thr.)"),
        "tree floor"
    );
    for (n, m, _) in &rows {
        println!(
            "{n:>9}  {:>10.1}  {:>17.1}  {:>17.1}  {:>17.1}",
            m[0].1, m[1].1, m[2].1, m[3].1
        );
    }
    let row = |size| rows.iter().find(|(n, _, _)| *n == size);
    if let (Some((_, small, _)), Some((_, large, _))) = (row(10_000), row(100_000)) {
        println!();
        for (i, what) in [(1, "candor -j 1"), (2, "candor (all cores)")] {
            println!(
                "growth 10,000 -> 100,000, {what}: {:.2}x the time, {:.2}x the peak memory",
                large[i].0.as_secs_f64() / small[i].0.as_secs_f64(),
                large[i].1 / small[i].1
            );
        }
    }
    println!();
    for (n, _, same) in &rows {
        println!(
            "{n} manifests, -j 1 to -j {} and the default: {}",
            cores.max(4),
            if *same {
                "identical output"
            } else {
                "OUTPUT DIFFERS"
            }
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
}

/// The tree floor: candor's discovery and its generic spanned value tree, one thread.
fn tree_floor(root: &Path) {
    use candor::manifest::yaml;
    use candor::{limits, workspace};
    let scope = workspace::Scope::within([root]);
    let found = workspace::discover(&[PathBuf::from(root)], &scope, &|_| false);
    let mut nodes = 0usize;
    for (path, scope) in &found.manifests {
        let text = workspace::read_text_in(path, limits::MANIFEST_BYTES, scope).unwrap_or_default();
        if let Ok(node) = yaml::parse(&text) {
            nodes += node.end - node.start;
        }
    }
    std::hint::black_box(nodes);
}
