//! Timing and peak memory of commands, measured in alternated rounds.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

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
            let rss = stderr
                .lines()
                .find_map(|l| {
                    l.trim()
                        .strip_prefix("Maximum resident set size (kbytes): ")
                })
                .and_then(|v| v.trim().parse::<u64>().ok())
                .unwrap_or(0);
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
