//! The built `candor lsp` driven with raw bytes over real pipes, as a hostile client would drive
//! it: under an address-space limit (`prlimit --as`), so a server that allocates what a header
//! claims fails instead of swapping, and with a watchdog that kills it when a test overruns, so
//! a server that hangs fails the test instead of stalling the suite.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The server's address space: several times what it needs (about 220 MiB, most of it thread
/// stacks and allocator arenas reserved, not used), and under the 2 GiB that the old reader
/// allocated for `Content-Length: 2147483648`.
pub const ADDRESS_SPACE: u64 = 1024 * 1024 * 1024;

/// How long one test may take before the watchdog kills the server: a guard, not a timing.
const GUARD: Duration = Duration::from_secs(20);

/// `body` framed with its `Content-Length`.
pub fn frame(body: &str) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}

/// A running `candor lsp` and its pipes.
pub struct RawServer {
    child: Arc<Mutex<Child>>,
    stdin: Option<ChildStdin>,
    messages: mpsc::Receiver<Value>,
    stop_watchdog: Option<mpsc::Sender<()>>,
    started: Instant,
}

impl RawServer {
    /// Starts `candor lsp` in `root` under [`ADDRESS_SPACE`].
    pub fn start(root: &Path) -> RawServer {
        let mut child = super::run::hygiene(&mut Command::new("prlimit"))
            .arg(format!("--as={ADDRESS_SPACE}"))
            .arg("--")
            .arg(env!("CARGO_BIN_EXE_candor"))
            .arg("lsp")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("prlimit (util-linux) runs candor lsp");
        let stdout = child.stdout.take().unwrap();
        let stdin = child.stdin.take();
        let (tx, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_frame(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        let child = Arc::new(Mutex::new(child));
        let (stop_watchdog, stop) = mpsc::channel::<()>();
        let watched = Arc::clone(&child);
        std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = stop.recv_timeout(GUARD) {
                // Killing it closes the pipes: a blocked write or read in the test fails.
                let _ = watched.lock().unwrap().kill();
            }
        });
        RawServer {
            child,
            stdin,
            messages,
            stop_watchdog: Some(stop_watchdog),
            started: Instant::now(),
        }
    }

    /// The server's process id (`prlimit` runs it in its own place).
    pub fn pid(&self) -> u32 {
        self.child.lock().unwrap().id()
    }

    /// Writes `bytes` to the server's standard input.
    pub fn write(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("standard input is open");
        stdin
            .write_all(bytes)
            .and_then(|()| stdin.flush())
            .unwrap_or_else(|e| panic!("candor lsp stopped reading (or was killed): {e}"));
    }

    /// Closes the server's standard input.
    pub fn close(&mut self) {
        self.stdin.take();
    }

    /// Sends a request.
    pub fn request(&mut self, id: i32, method: &str, params: Value) {
        let message = json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params });
        self.write(&frame(&message.to_string()));
    }

    /// Sends a notification.
    pub fn notify(&mut self, method: &str, params: Value) {
        let message = json!({ "jsonrpc": "2.0", "method": method, "params": params });
        self.write(&frame(&message.to_string()));
    }

    /// The next message the server writes.
    pub fn next(&self) -> Value {
        let left = GUARD.saturating_sub(self.started.elapsed());
        self.messages.recv_timeout(left).unwrap_or_else(|_| {
            panic!("candor lsp wrote nothing more (it ended, or hung and was killed)")
        })
    }

    /// The next message, which must be the response to `id`.
    pub fn response(&self, id: Value) -> Value {
        let message = self.next();
        assert_eq!(message["id"], id, "the answer to {id}: {message}");
        message
    }

    /// The next message, which must be an error response with `code` to `id`.
    pub fn error(&self, id: Value, code: i32) -> Value {
        let message = self.response(id);
        assert_eq!(message["error"]["code"], code, "{message}");
        message
    }

    /// Waits for the server to end by itself.
    pub fn status(&mut self) -> ExitStatus {
        loop {
            if let Some(status) = self.child.lock().unwrap().try_wait().unwrap() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Sends `exit` and asserts that the process ends with status 0, having written nothing more.
    pub fn exit(mut self) {
        self.notify("exit", Value::Null);
        let status = self.status();
        assert!(status.success(), "candor lsp exited with {status}");
        if let Ok(message) = self.messages.recv_timeout(Duration::from_secs(1)) {
            panic!("unexpected {message}");
        }
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop_watchdog.take() {
            let _ = stop.send(());
        }
        let _ = self.child.lock().unwrap().kill();
    }
}

/// One frame of the server's output as JSON (a raw reader: `lsp_server::Message` cannot hold
/// the `id: null` of an error response); `None` at the end.
fn read_frame(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = Some(value.parse::<usize>().unwrap());
        }
    }
    let mut body = vec![0; length.expect("the server frames its messages")];
    reader.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("the server writes JSON"))
}
