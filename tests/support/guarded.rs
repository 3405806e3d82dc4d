//! The built binary run as a guarded subprocess: a hard deadline and, where `prlimit` exists,
//! an address-space limit. Both are guards against a hang or a blow-up, never timings. The
//! output is read on threads so a full pipe cannot stall the child; a crash fails the test.
//! Its environment is cleared by `run::hygiene`: a test binary using it declares `mod run` too.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a run printed and how it ended.
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    /// Standard output, then standard error.
    #[allow(dead_code, reason = "not every test file reads both streams together")]
    pub fn both(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// The guards of a run.
pub struct Guards<'a> {
    /// Killed and failed after this long.
    pub deadline: Duration,
    /// `prlimit --as` bytes, when `prlimit` is installed.
    pub address_space: Option<u64>,
    /// Extra environment.
    pub env: &'a [(&'a str, &'a str)],
}

/// Runs `candor ARGS` in `root` under `guards`, with no standard input.
pub fn candor(root: &Path, args: &[&str], guards: &Guards<'_>) -> Outcome {
    let binary = env!("CARGO_BIN_EXE_candor");
    let prlimit = Path::new("/usr/bin/prlimit");
    let mut command = match guards.address_space {
        Some(bytes) if prlimit.exists() => {
            let mut c = Command::new(prlimit);
            c.arg(format!("--as={bytes}")).arg("--").arg(binary);
            c
        }
        _ => Command::new(binary),
    };
    super::run::hygiene(&mut command);
    let mut child = command
        .args(args)
        .current_dir(root)
        .envs(guards.env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("candor runs");
    let read = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            pipe.read_to_end(&mut bytes).expect("the pipe reads");
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let out = read(Box::new(child.stdout.take().expect("stdout")));
    let err = read(Box::new(child.stderr.take().expect("stderr")));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > guards.deadline {
            child.kill().expect("kill");
            panic!(
                "candor {args:?} did not finish within {:?}",
                guards.deadline
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let outcome = Outcome {
        code: status.code().unwrap_or(-1),
        stdout: out.join().expect("stdout thread"),
        stderr: err.join().expect("stderr thread"),
    };
    for crash in [
        "panicked",
        "RUST_BACKTRACE",
        "internal error",
        "memory allocation",
    ] {
        assert!(
            !outcome.stderr.contains(crash),
            "candor {args:?} crashed:\n{}",
            outcome.stderr
        );
    }
    outcome
}
