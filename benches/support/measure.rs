//! Timing and peak memory of commands, measured in alternated rounds.

#![allow(dead_code, reason = "each benchmark uses the part it needs")]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The sizes `variable` lists (`1000,10000`), else `default`.
pub fn sizes(variable: &str, default: &str) -> Vec<usize> {
    std::env::var(variable)
        .unwrap_or_else(|_| default.to_owned())
        .split(',')
        .map(|s| s.trim().parse().expect("a size"))
        .collect()
}

/// The timed rounds `CANDOR_BENCH_RUNS` asks for, else `default`.
pub fn runs(default: usize) -> usize {
    std::env::var("CANDOR_BENCH_RUNS")
        .map_or(default, |s| s.trim().parse().expect("a number of rounds"))
}

/// Milliseconds.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Runs `commands` one after the other, a warm-up round and then `runs` timed rounds; returns
/// each command's median wall time and largest peak RSS in MiB.
pub fn measure_alternated(
    commands: &[(PathBuf, Vec<String>)],
    runs: usize,
) -> Vec<(Duration, f64)> {
    let mut walls = vec![Vec::new(); commands.len()];
    let mut peaks = vec![0u64; commands.len()];
    for round in 0..=runs {
        for (i, (program, args)) in commands.iter().enumerate() {
            let start = Instant::now();
            let output = Command::new("/usr/bin/time")
                .arg("-v")
                .arg(program)
                .args(args)
                .output()
                .expect("/usr/bin/time runs (apt-get install time)");
            let wall = start.elapsed();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                matches!(output.status.code(), Some(0 | 1)),
                "{program:?} {args:?} failed: {stderr}"
            );
            let rss = peak_kib(&stderr);
            if round > 0 {
                walls[i].push(wall);
                peaks[i] = peaks[i].max(rss);
            }
        }
    }
    walls
        .into_iter()
        .zip(peaks)
        .map(|(mut w, peak)| {
            w.sort();
            (w[w.len() / 2], peak as f64 / 1024.0)
        })
        .collect()
}

/// The peak resident set size `/usr/bin/time -v` reports on `stderr`, in KiB (0 if absent).
pub fn peak_kib(stderr: &str) -> u64 {
    stderr
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(0)
}

/// The instructions `program args` executes under callgrind, run in `dir` (or here); `None`
/// when valgrind is not installed or says nothing.
pub fn callgrind(program: &Path, args: &[String], dir: Option<&Path>) -> Option<u64> {
    let mut command = Command::new("valgrind");
    command
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(program)
        .args(args);
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let output = command.output().ok()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    stderr.lines().find_map(|l| {
        l.split_once("Collected : ")
            .and_then(|(_, n)| n.trim().parse().ok())
    })
}
