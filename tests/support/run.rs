//! The one way tests run the built `candor`: in a given folder, with a cleared environment
//! holding only what a run needs (`PATH`, `HOME`, `NO_COLOR=1`), so nothing of the machine the
//! tests run on (`TF_BUILD`, `GITHUB_ACTIONS`, a colour setting, `RUST_LOG`) changes an output.

#![allow(dead_code, reason = "each test binary uses the part it needs")]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What one run printed, and how it ended.
#[derive(Debug, Clone)]
pub struct Output {
    /// The exit status (-1 when killed by a signal).
    pub status: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// The path of the built binary.
pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_candor"))
}

/// Clears `command`'s environment but for what any run needs (`PATH`, `HOME`, `TMPDIR`), and
/// sets `NO_COLOR=1`. Every test that starts candor (or a wrapper such as `prlimit` around
/// it) goes through here.
pub fn hygiene(command: &mut Command) -> &mut Command {
    command.env_clear();
    for name in ["PATH", "HOME", "SYSTEMROOT", "TMPDIR"] {
        if let Some(value) = std::env::var_os(name) {
            command.env(name, value);
        }
    }
    command.env("NO_COLOR", "1")
}

/// The built binary as a command, with a cleared environment ([`hygiene`]).
pub fn clean() -> Command {
    let mut command = Command::new(binary());
    hygiene(&mut command);
    command
}

/// `candor ARGS` in `dir`, with a cleared environment.
pub fn command(dir: &Path, args: &[&str]) -> Command {
    let mut command = clean();
    command.args(args).current_dir(dir);
    command
}

/// Runs `candor ARGS` in `dir` with a cleared environment and no standard input.
///
/// # Panics
///
/// When the binary cannot be started or prints something that is not UTF-8.
pub fn candor(dir: &Path, args: &[&str]) -> Output {
    run(command(dir, args), None)
}

/// Runs `candor ARGS` in `dir` with `input` on standard input.
///
/// # Panics
///
/// As [`candor`].
pub fn candor_with_input(dir: &Path, args: &[&str], input: &str) -> Output {
    run(command(dir, args), Some(input))
}

/// Runs a prepared command (see [`command`]), writing `input` to its standard input.
///
/// # Panics
///
/// As [`candor`].
pub fn run(mut command: Command, input: Option<&str>) -> Output {
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    command.stdin(if input.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    let mut child = command.spawn().expect("candor starts");
    if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
        let text = input.to_owned();
        std::thread::spawn(move || {
            let _ = stdin.write_all(text.as_bytes());
        });
    }
    let out = child.wait_with_output().expect("candor runs");
    Output {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("standard output is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("standard error is UTF-8"),
    }
}
