//! The reports benchmark: `cargo bench --bench reports`.
//!
//! Generates deterministic corpora where most manifests have findings
//! (`corpus::generate_with_findings`: teams name specific categories the Microsoft policy grants
//! only broadly, so about four `vague-disclosure` advice a manifest, and one manifest in six
//! has an error), kept in `target/bench-corpus/findings-N/`. For each size it runs, round after
//! round (a warm-up, then the timed rounds), `candor check -o FILE` in every format on every
//! core, `--format json -j 1`, and the floor (walkdir and serde-saphyr alone, one thread, none
//! of candor's code). It prints each one's median wall time and peak memory, the growth from
//! the smallest to the largest size, what the SARIF log holds (results, levels, gzipped size),
//! and whether `-j 1`, `-j 2` and `-j 4` print the same bytes in every format.
//!
//! With valgrind installed it also counts the instructions `check --format json -j 1` and the
//! floor execute on the smallest corpus (callgrind), and prints their ratio.
//!
//! `CANDOR_BENCH_SIZES=10000,40000` (the default) picks the sizes, `CANDOR_BENCH_RUNS=3` the
//! rounds, `CANDOR_BENCH_INSTRUCTIONS=0` skips the instruction count.

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

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use measure::{measure_alternated, ms};

const FORMATS: &[&str] = &["human", "concise", "json", "sarif", "github"];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--floor") {
        return floor::run(Path::new(&args[2]));
    }
    let sizes = measure::sizes("CANDOR_BENCH_SIZES", "10000,40000");
    let runs = measure::runs(3);
    let instructions = std::env::var("CANDOR_BENCH_INSTRUCTIONS").map_or(true, |v| v != "0");
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candor = PathBuf::from(env!("CARGO_BIN_EXE_candor"));
    let me = std::env::current_exe().unwrap();
    let corpora = manifest_dir.join("target/bench-corpus");
    let policy = manifest_dir.join("policies/microsoft.candor");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "candor reports benchmark ({cores} cores; median of {runs} alternated rounds after a \
         warm-up; a corpus with findings on most manifests)"
    );

    let check = |services: &Path, format: &str, jobs: Option<usize>, out: &Path| {
        let mut args: Vec<String> = [
            "check",
            "--policy",
            policy.to_str().unwrap(),
            "--format",
            format,
            "-o",
            out.to_str().unwrap(),
        ]
        .map(str::to_owned)
        .to_vec();
        if let Some(jobs) = jobs {
            args.extend(["-j".to_owned(), jobs.to_string()]);
        }
        args.push(services.to_str().unwrap().to_owned());
        (candor.clone(), args)
    };

    let mut rows = Vec::new();
    for &n in &sizes {
        let dir = corpora.join(format!("findings-{n}"));
        if !dir.join(".complete").exists() {
            let _ = std::fs::remove_dir_all(&dir);
            let c = corpus::generate_with_findings(&dir.join("services"), n, 2026).unwrap();
            std::fs::write(dir.join(".complete"), format!("{c:?}\n")).unwrap();
        }
        let services = dir.join("services");
        let mut commands = vec![(me.clone(), vec!["--floor".to_owned(), path(&services)])];
        for format in FORMATS {
            commands.push(check(
                &services,
                format,
                None,
                &dir.join(format!("out.{format}")),
            ));
        }
        commands.push(check(&services, "json", Some(1), &dir.join("out-j1.json")));
        let measured = measure_alternated(&commands, runs);

        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join("out.json")).unwrap()).unwrap();
        let summary = json["summary"].clone();
        let sarif_bytes = std::fs::read(dir.join("out.sarif")).unwrap();
        let sarif: serde_json::Value = serde_json::from_slice(&sarif_bytes).unwrap();
        let results = sarif["runs"][0]["results"].as_array().unwrap();
        let sarif_errors = results.iter().filter(|r| r["level"] == "error").count();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&sarif_bytes).unwrap();
        let gzipped = gz.finish().unwrap().len();
        let left_out =
            sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
                .as_str()
                .unwrap_or("nothing left out")
                .to_owned();

        let mut same = Vec::new();
        for format in FORMATS {
            let outputs: Vec<Vec<u8>> = [1, 2, 4]
                .iter()
                .map(|jobs| {
                    let out = dir.join(format!("same-{jobs}.{format}"));
                    let (program, args) = check(&services, format, Some(*jobs), &out);
                    let output = Command::new(program).args(args).output().unwrap();
                    assert_eq!(output.status.code(), Some(1), "the corpus has errors");
                    std::fs::read(&out).unwrap()
                })
                .collect();
            same.push((format, outputs.windows(2).all(|w| w[0] == w[1])));
        }
        rows.push(Row {
            n,
            measured,
            summary,
            sarif_results: results.len(),
            sarif_errors,
            gzipped,
            left_out,
            same,
        });
    }

    println!();
    println!("findings");
    for row in &rows {
        println!("{:>9} manifests: {}", row.n, row.summary);
    }
    let names: Vec<String> = std::iter::once("floor".to_owned())
        .chain(FORMATS.iter().map(|f| f.to_string()))
        .chain(std::iter::once("json -j 1".to_owned()))
        .collect();
    println!();
    println!(
        "wall time (median; candor on {cores} threads unless -j 1), and its ratio to the floor"
    );
    header(&names);
    for row in &rows {
        print!("{:>9}", row.n);
        let floor = row.measured[0].0.as_secs_f64();
        for (wall, _) in &row.measured {
            print!(
                "  {:>8.1}ms {:>5.2}x",
                ms(*wall),
                wall.as_secs_f64() / floor
            );
        }
        println!();
    }
    println!();
    println!("peak memory (MiB)");
    header(&names);
    for row in &rows {
        print!("{:>9}", row.n);
        for (_, peak) in &row.measured {
            print!("  {peak:>16.1}");
        }
        println!();
    }
    if let (Some(small), Some(large)) = (rows.first(), rows.last())
        && large.n > small.n
    {
        println!();
        println!(
            "growth {} -> {} manifests ({:.1}x the manifests), peak memory:",
            small.n,
            large.n,
            large.n as f64 / small.n as f64
        );
        for (i, name) in names.iter().enumerate() {
            println!(
                "  {name:>10}: {:.2}x   (time {:.2}x)",
                large.measured[i].1 / small.measured[i].1,
                large.measured[i].0.as_secs_f64() / small.measured[i].0.as_secs_f64()
            );
        }
    }
    println!();
    for row in &rows {
        println!(
            "{} manifests: SARIF holds {} results ({} errors), {:.2} MB gzipped; {}",
            row.n,
            row.sarif_results,
            row.sarif_errors,
            row.gzipped as f64 / 1e6,
            row.left_out
        );
        let same: Vec<String> = row
            .same
            .iter()
            .map(|(f, same)| format!("{f} {}", if *same { "identical" } else { "DIFFERS" }))
            .collect();
        println!("  -j 1, 2, 4: {}", same.join(", "));
    }

    if instructions {
        let Some(row) = rows.first() else { return };
        let services = corpora.join(format!("findings-{}", row.n)).join("services");
        let out = corpora
            .join(format!("findings-{}", row.n))
            .join("callgrind.json");
        let floor = measure::callgrind(&me, &["--floor".to_owned(), path(&services)], None);
        let (program, args) = check(&services, "json", Some(1), &out);
        let json = measure::callgrind(&program, &args, None);
        let mut allowed = args.clone();
        allowed.splice(1..1, ["--allow".to_owned(), "vague-disclosure".to_owned()]);
        let quiet = measure::callgrind(&program, &allowed, None);
        println!();
        match (floor, json, quiet) {
            (Some(floor), Some(json), Some(quiet)) => {
                println!("instructions (callgrind), {} manifests, one thread:", row.n);
                println!("  floor:                                   {floor:>15}");
                println!(
                    "  check --format json -j 1:                {json:>15}  {:.3}x the floor",
                    json as f64 / floor as f64
                );
                println!(
                    "  the same with --allow vague-disclosure:  {quiet:>15}  {:.3}x the floor",
                    quiet as f64 / floor as f64
                );
            }
            _ => println!("instructions: valgrind is not installed (apt-get install valgrind)"),
        }
    }
}

/// What one size measured.
struct Row {
    n: usize,
    measured: Vec<(std::time::Duration, f64)>,
    summary: serde_json::Value,
    sarif_results: usize,
    sarif_errors: usize,
    gzipped: usize,
    left_out: String,
    same: Vec<(&'static &'static str, bool)>,
}

/// A table's header: the size column, then one column a command.
fn header(names: &[String]) {
    print!("{:>9}", "manifests");
    for name in names {
        print!("  {name:>16}");
    }
    println!();
}

fn path(p: &Path) -> String {
    p.to_str().unwrap().to_owned()
}
