//! The language server's standard input and output: LSP frames (a `Content-Length` header, then
//! a JSON body) read within [`LSP_HEADER_BYTES`] and [`LSP_MESSAGE_BYTES`], so that no input makes
//! the server allocate from a header, buffer an endless line, or stop serving.
//!
//! A frame that cannot be read (a header line without `:`, no or a bad `Content-Length`, a header
//! or a body over its limit) gets an error answer with `id: null`, and the input is skipped up to
//! the next `Content-Length:`. A body that is not JSON gets a parse error; JSON that is not a
//! message gets an invalid-request error with the request's id when it has one (a malformed
//! notification or response is dropped: JSON-RPC never answers those). Answers to what could
//! not be read are written here, by the reader; everything else goes through the connection to
//! the server's loop, as with [`Connection::stdio`].

use std::io::{self, BufRead as _, BufReader, Read, Write};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, JoinHandle};

use crossbeam_channel::{Receiver, Sender, bounded};
use lsp_server::{Connection, ErrorCode, Message};
use lsp_types::notification::{Exit, Notification as _};
use serde_json::{Value, json};

use crate::limits::{LSP_HEADER_BYTES, LSP_MESSAGE_BYTES};

/// The header name that starts a frame, in lower case (header names are compared ignoring case).
const CONTENT_LENGTH: &[u8] = b"content-length:";

/// How much of the input is read at a time.
const CHUNK_BYTES: usize = 64 * 1024;

/// The writer thread; the reader is never joined (it may be waiting on an open standard input
/// after the server is done).
pub struct IoThreads {
    writer: JoinHandle<io::Result<()>>,
}

impl IoThreads {
    /// Waits until every message sent has been written; the error is the first write that failed.
    pub fn join(self) -> io::Result<()> {
        self.writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writer thread panicked")))
    }
}

/// A connection over standard input and output.
pub fn stdio() -> io::Result<(Connection, IoThreads)> {
    spawn(io::stdin(), io::stdout())
}

/// A connection that reads frames from `input` and writes them to `output`, on two threads.
pub fn spawn<R, W>(input: R, output: W) -> io::Result<(Connection, IoThreads)>
where
    R: Read + Send + 'static,
    W: Write + Send + 'static,
{
    let output = Arc::new(Mutex::new(output));
    // Rendezvous channels, as `Connection::stdio` has: a client that floods the server is held
    // back by the pipe instead of queued in memory.
    let (to_server, from_client) = bounded::<Message>(0);
    let (to_client, from_server) = bounded::<Message>(0);
    let out = Arc::clone(&output);
    let writer = thread::Builder::new()
        .name("candor-lsp-writer".to_owned())
        .spawn(move || write_messages(&from_server, &out))?;
    thread::Builder::new()
        .name("candor-lsp-reader".to_owned())
        .spawn(move || read_messages(input, &to_server, &output))?;
    let connection = Connection {
        sender: to_client,
        receiver: from_client,
    };
    Ok((connection, IoThreads { writer }))
}

/// Writes every message the server sends. After a failed write the rest are taken and dropped,
/// so that the server never blocks (or fails) on a client that stopped reading.
fn write_messages<W: Write>(messages: &Receiver<Message>, output: &Mutex<W>) -> io::Result<()> {
    let mut failed = None;
    for message in messages {
        if failed.is_none() {
            let mut out = output.lock().unwrap_or_else(PoisonError::into_inner);
            if let Err(e) = message.write(&mut *out) {
                failed = Some(e);
            }
        }
    }
    failed.map_or(Ok(()), Err)
}

/// Reads frames until the end of the input, `exit`, or the server going away.
fn read_messages<R: Read, W: Write>(input: R, server: &Sender<Message>, output: &Mutex<W>) {
    let mut frames = Frames::new(BufReader::with_capacity(CHUNK_BYTES, input));
    loop {
        let decoded = match frames.next() {
            Ok(Frame::Body(body)) => decode(body),
            Ok(Frame::Unreadable(rejection)) => {
                answer(output, &rejection);
                match frames.skip_to_next_frame() {
                    Ok(true) => continue,
                    Ok(false) => return,
                    Err(e) => return log_input_error(&e),
                }
            }
            Ok(Frame::End) => return,
            Err(e) => return log_input_error(&e),
        };
        match decoded {
            Decoded::Message(message) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == Exit::METHOD);
                if server.send(message).is_err() || exit {
                    return;
                }
            }
            Decoded::Answer(rejection) => answer(output, &rejection),
            Decoded::Drop(why) => eprintln!("candor lsp: dropped {why}"),
        }
    }
}

fn log_input_error(error: &io::Error) {
    eprintln!("candor lsp: cannot read standard input: {error}");
}

/// An error answer to something that is not a message the server can take.
#[derive(Debug, PartialEq)]
struct Rejection {
    /// The request's id, or `null` when it cannot be recovered.
    id: Value,
    /// The JSON-RPC error code.
    code: i32,
    message: String,
}

impl Rejection {
    fn unidentified(code: ErrorCode, message: impl Into<String>) -> Rejection {
        Rejection {
            id: Value::Null,
            code: code as i32,
            message: message.into(),
        }
    }
}

/// Writes `rejection` as a JSON-RPC error response (the id may be `null`, which
/// [`lsp_server::Response`] cannot express), and logs it.
fn answer<W: Write>(output: &Mutex<W>, rejection: &Rejection) {
    eprintln!("candor lsp: {}", rejection.message);
    let body = json!({
        "jsonrpc": "2.0",
        "id": rejection.id,
        "error": { "code": rejection.code, "message": rejection.message },
    })
    .to_string();
    let mut out = output.lock().unwrap_or_else(PoisonError::into_inner);
    let written =
        write!(out, "Content-Length: {}\r\n\r\n{body}", body.len()).and_then(|()| out.flush());
    if let Err(e) = written {
        eprintln!("candor lsp: cannot write an error answer: {e}");
    }
}

/// One frame of the input.
#[derive(Debug, PartialEq)]
enum Frame {
    /// A body of at most [`LSP_MESSAGE_BYTES`].
    Body(Vec<u8>),
    /// A header the server cannot frame a body by: the input must be skipped to the next frame.
    Unreadable(Rejection),
    /// The end of the input (also in the middle of a frame: nobody is left to answer).
    End,
}

/// How reading a header line ended.
enum Line {
    Complete,
    /// The header's budget ran out before the line's end.
    TooLong,
    End,
}

/// The frames of an input.
struct Frames<R> {
    input: BufReader<R>,
    /// `Content-Length:` has just been consumed by [`Frames::skip_to_next_frame`]: the next header
    /// starts with it.
    resumed: bool,
}

impl<R: Read> Frames<R> {
    fn new(input: BufReader<R>) -> Self {
        Frames {
            input,
            resumed: false,
        }
    }

    /// The next chunk of the input, empty at its end.
    fn fill(&mut self) -> io::Result<&[u8]> {
        loop {
            match self.input.fill_buf() {
                Ok(_) => return Ok(self.input.buffer()),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Reads the next frame.
    fn next(&mut self) -> io::Result<Frame> {
        let mut budget = LSP_HEADER_BYTES;
        let mut length = None;
        let mut started = false;
        let mut line = Vec::new();
        if std::mem::take(&mut self.resumed) {
            line.extend_from_slice(CONTENT_LENGTH);
            budget = budget.saturating_sub(CONTENT_LENGTH.len() as u64);
        }
        loop {
            match self.read_line(&mut line, &mut budget)? {
                Line::Complete => {}
                Line::TooLong => {
                    return Ok(unreadable(format!(
                        "the header is longer than {LSP_HEADER_BYTES} bytes"
                    )));
                }
                Line::End => return Ok(Frame::End),
            }
            let text = line.strip_suffix(b"\n").unwrap_or(&line);
            let text = text.strip_suffix(b"\r").unwrap_or(text);
            if text.is_empty() {
                if started {
                    break;
                }
                // Blank lines between frames are no header.
                line.clear();
                continue;
            }
            started = true;
            let Some((name, value)) = split_header(text) else {
                return Ok(unreadable("a header line has no `:`"));
            };
            if name.trim_ascii().eq_ignore_ascii_case(b"content-length") {
                if length.is_some() {
                    return Ok(unreadable("the header has two `Content-Length` lines"));
                }
                let Some(value) = content_length(value) else {
                    return Ok(unreadable("the `Content-Length` is not a number"));
                };
                length = Some(value);
            }
            line.clear();
        }
        let Some(length) = length else {
            return Ok(unreadable("the header has no `Content-Length`"));
        };
        if length > LSP_MESSAGE_BYTES {
            return Ok(Frame::Unreadable(Rejection::unidentified(
                ErrorCode::InvalidRequest,
                format!(
                    "the message is {length} bytes, over the limit of {LSP_MESSAGE_BYTES} bytes"
                ),
            )));
        }
        // The body grows with what arrives, never with what the header claims.
        let mut body = Vec::new();
        let mut left = length;
        while left > 0 {
            let chunk = self.fill()?;
            if chunk.is_empty() {
                return Ok(Frame::End);
            }
            let n = chunk.len().min(usize::try_from(left).unwrap_or(usize::MAX));
            body.extend_from_slice(chunk.get(..n).unwrap_or_default());
            self.input.consume(n);
            left = left.saturating_sub(n as u64);
        }
        Ok(Frame::Body(body))
    }

    /// Appends input up to and including the next `\n` to `line`, taking at most `budget` bytes
    /// (and counting them off it).
    fn read_line(&mut self, line: &mut Vec<u8>, budget: &mut u64) -> io::Result<Line> {
        loop {
            let budget_now = usize::try_from(*budget).unwrap_or(usize::MAX);
            let chunk = self.fill()?;
            if chunk.is_empty() {
                return Ok(Line::End);
            }
            let (wanted, complete) = match chunk.iter().position(|&b| b == b'\n') {
                Some(at) => (at + 1, true),
                None => (chunk.len(), false),
            };
            let n = wanted.min(budget_now);
            line.extend_from_slice(chunk.get(..n).unwrap_or_default());
            self.input.consume(n);
            *budget = budget.saturating_sub(n as u64);
            if complete && n == wanted {
                return Ok(Line::Complete);
            }
            if *budget == 0 {
                return Ok(Line::TooLong);
            }
        }
    }

    /// Skips the input up to and including the next `Content-Length:` (in any case), which the
    /// next frame then starts with; `false` at the end of the input.
    fn skip_to_next_frame(&mut self) -> io::Result<bool> {
        let mut matched = 0;
        loop {
            let chunk = self.fill()?;
            if chunk.is_empty() {
                return Ok(false);
            }
            let mut used = 0;
            let mut found = false;
            for &byte in chunk {
                used += 1;
                let byte = byte.to_ascii_lowercase();
                if CONTENT_LENGTH.get(matched) == Some(&byte) {
                    matched += 1;
                    if matched == CONTENT_LENGTH.len() {
                        found = true;
                        break;
                    }
                } else {
                    // `c` occurs only first in the name, so a failed match can restart only there.
                    matched = usize::from(byte == b'c');
                }
            }
            self.input.consume(used);
            if found {
                self.resumed = true;
                return Ok(true);
            }
        }
    }
}

fn unreadable(message: impl Into<String>) -> Frame {
    Frame::Unreadable(Rejection::unidentified(ErrorCode::ParseError, message))
}

/// A header line's name and value, split at its first `:`.
fn split_header(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let colon = line.iter().position(|&b| b == b':')?;
    let (name, rest) = line.split_at_checked(colon)?;
    Some((name, rest.get(1..).unwrap_or_default()))
}

/// A `Content-Length` value: digits, with blanks around them; one too large for `u64` saturates
/// (it is over the limit either way).
fn content_length(value: &[u8]) -> Option<u64> {
    let digits = value.trim_ascii();
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(digits.iter().fold(0u64, |n, d| {
        n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    }))
}

/// What a frame's body holds.
#[derive(Debug)]
enum Decoded {
    Message(Message),
    Answer(Rejection),
    Drop(&'static str),
}

/// Decodes one body as a JSON-RPC message.
fn decode(body: Vec<u8>) -> Decoded {
    let value: Value = match serde_json::from_slice(&body) {
        Ok(value) => value,
        Err(e) => {
            return Decoded::Answer(Rejection::unidentified(
                ErrorCode::ParseError,
                format!("the message is not JSON: {e}"),
            ));
        }
    };
    drop(body);
    let Some(object) = value.as_object() else {
        return Decoded::Answer(Rejection::unidentified(
            ErrorCode::InvalidRequest,
            "the message is not a JSON object",
        ));
    };
    let is_call = object.contains_key("method");
    let id = object.get("id").cloned();
    if is_call
        && let Some(id) = &id
        && !is_request_id(id)
    {
        return Decoded::Answer(Rejection {
            id: echoed(id),
            code: ErrorCode::InvalidRequest as i32,
            message: "a request id is a 32-bit integer or a string".to_owned(),
        });
    }
    match serde_json::from_value::<Message>(value) {
        Ok(message) => Decoded::Message(message),
        Err(e) => match (is_call, id) {
            (true, Some(id)) => Decoded::Answer(Rejection {
                id,
                code: ErrorCode::InvalidRequest as i32,
                message: format!("the request is not valid: {e}"),
            }),
            (true, None) => Decoded::Drop("a notification that is not valid"),
            (false, Some(_)) => Decoded::Drop("a response that is not valid"),
            (false, None) => Decoded::Answer(Rejection::unidentified(
                ErrorCode::InvalidRequest,
                "the message is not a request, a response or a notification",
            )),
        },
    }
}

/// An id LSP allows (and [`lsp_server::RequestId`] holds): a 32-bit integer or a string.
fn is_request_id(id: &Value) -> bool {
    id.is_string() || id.as_i64().is_some_and(|n| i32::try_from(n).is_ok())
}

/// The id to answer a request with: its own when JSON-RPC allows it (a number or a string), else
/// `null`.
fn echoed(id: &Value) -> Value {
    if id.is_number() || id.is_string() {
        id.clone()
    } else {
        Value::Null
    }
}

#[cfg(test)]
#[path = "transport_tests.rs"]
mod tests;
