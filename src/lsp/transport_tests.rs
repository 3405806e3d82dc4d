//! Unit tests of the language server's frame reader and message decoder; `tests/lsp.rs` drives
//! the same cases through the built binary.
use super::*;

fn frames(input: &[u8]) -> Frames<&[u8]> {
    Frames::new(BufReader::new(input))
}

fn frame(body: &str) -> String {
    format!("Content-Length: {}\r\n\r\n{body}", body.len())
}

/// Every frame of `input`, resynchronising after each unreadable one, as the reader does.
fn all(input: &[u8]) -> Vec<Frame> {
    let mut frames = frames(input);
    let mut out = Vec::new();
    loop {
        let next = frames.next().unwrap();
        match next {
            Frame::End => return out,
            Frame::Unreadable(_) => {
                out.push(next);
                if !frames.skip_to_next_frame().unwrap() {
                    return out;
                }
            }
            Frame::Body(_) => out.push(next),
        }
    }
}

fn body(text: &str) -> Frame {
    Frame::Body(text.as_bytes().to_vec())
}

fn parse_error(message: &str) -> Frame {
    Frame::Unreadable(Rejection::unidentified(ErrorCode::ParseError, message))
}

#[test]
fn well_formed_frames_are_read_whole() {
    let input = format!(
        "{}Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length:2\r\n\r\n{{}}\r\n{}",
        frame("{\"a\":1}"),
        frame("[]")
    );
    assert_eq!(
        all(input.as_bytes()),
        vec![body("{\"a\":1}"), body("{}"), body("[]")]
    );
}

#[test]
fn huge_lengths_are_refused_without_reading_or_allocating() {
    for length in [
        "18446744073709551615",
        "10000000000000",
        "2147483648",
        "99999999999999999999999999",
    ] {
        let input = format!("Content-Length: {length}\r\n\r\n{}", frame("{}"));
        let got = all(input.as_bytes());
        let Frame::Unreadable(rejection) = &got[0] else {
            panic!("{got:?}")
        };
        assert_eq!(rejection.code, ErrorCode::InvalidRequest as i32);
        assert_eq!(rejection.id, Value::Null);
        assert!(
            rejection.message.contains("over the limit"),
            "{rejection:?}"
        );
        assert_eq!(got[1..], [body("{}")], "{length}");
    }
    let just_over = LSP_MESSAGE_BYTES + 1;
    let input = format!("Content-Length: {just_over}\r\n\r\n");
    assert!(matches!(
        frames(input.as_bytes()).next().unwrap(),
        Frame::Unreadable(_)
    ));
}

#[test]
fn bad_headers_are_answered_and_the_next_frame_is_read() {
    let next = frame("{}");
    let cases = [
        ("no colon\r\n\r\n", "a header line has no `:`"),
        (
            "Content-Type: x\r\n\r\n{\"id\":1}",
            "the header has no `Content-Length`",
        ),
        (
            "Content-Length: ten\r\n\r\n",
            "the `Content-Length` is not a number",
        ),
        (
            "Content-Length: -1\r\n\r\n",
            "the `Content-Length` is not a number",
        ),
        (
            "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
            "the header has two `Content-Length` lines",
        ),
    ];
    for (bad, message) in cases {
        let input = format!("{bad}{next}");
        assert_eq!(
            all(input.as_bytes()),
            vec![parse_error(message), body("{}")],
            "{bad:?}"
        );
    }
}

#[test]
fn an_endless_header_line_is_cut_at_the_header_limit() {
    let line = "x".repeat(3 * LSP_HEADER_BYTES as usize);
    let input = format!("{line}{}", frame("{}"));
    let mut reader = frames(input.as_bytes());
    assert_eq!(
        reader.next().unwrap(),
        parse_error(&format!(
            "the header is longer than {LSP_HEADER_BYTES} bytes"
        ))
    );
    // The rest of the line is skipped, up to the next frame.
    assert!(reader.skip_to_next_frame().unwrap());
    assert_eq!(reader.next().unwrap(), body("{}"));
    // Many short lines count against the same budget.
    let input = "X: y\r\n".repeat(LSP_HEADER_BYTES as usize);
    assert!(matches!(
        frames(input.as_bytes()).next().unwrap(),
        Frame::Unreadable(_)
    ));
}

#[test]
fn the_next_frame_is_found_across_chunks_and_in_any_case() {
    // A reader that hands out one byte at a time splits `Content-Length:` everywhere.
    let input = format!("garbage\r\nccontent-lEngth: 2\r\n\r\n{{}}{}", frame("[]"));
    let reader = BufReader::with_capacity(1, input.as_bytes());
    let mut frames = Frames::new(reader);
    assert!(matches!(frames.next().unwrap(), Frame::Unreadable(_)));
    assert!(frames.skip_to_next_frame().unwrap());
    assert_eq!(frames.next().unwrap(), body("{}"));
    assert_eq!(frames.next().unwrap(), body("[]"));
    assert_eq!(frames.next().unwrap(), Frame::End);
}

#[test]
fn input_that_ends_inside_a_frame_is_the_end() {
    for input in [
        "",
        "\r\n",
        "Content-Length: 5\r\n",
        "Content-Length: 5\r\n\r\n{}",
    ] {
        assert_eq!(all(input.as_bytes()), vec![], "{input:?}");
    }
    assert_eq!(
        all(b"garbage\r\n"),
        vec![parse_error("a header line has no `:`")]
    );
}

fn rejection(body: &str) -> Rejection {
    match decode(body.as_bytes().to_vec()) {
        Decoded::Answer(rejection) => rejection,
        other => panic!("{body}: {other:?}"),
    }
}

#[test]
fn bodies_that_are_not_messages_are_answered_with_their_id_when_it_is_known() {
    let not_json = rejection("{\"jsonrpc\":\"2.0\",\"id\":1,");
    assert_eq!(not_json.code, ErrorCode::ParseError as i32);
    assert_eq!(not_json.id, Value::Null);
    let Decoded::Answer(not_utf8) = decode(vec![b'"', 0xff, b'"']) else {
        panic!("invalid UTF-8 is not JSON")
    };
    assert_eq!(not_utf8.code, ErrorCode::ParseError as i32);
    for (body, id) in [
        ("42", Value::Null),
        ("[]", Value::Null),
        ("{}", Value::Null),
        ("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":3}", json!(7)),
        ("{\"id\":\"a\",\"method\":null}", json!("a")),
        ("{\"id\":1.5,\"method\":\"initialize\"}", json!(1.5)),
        (
            "{\"id\":4294967296,\"method\":\"initialize\"}",
            json!(4_294_967_296_u64),
        ),
        ("{\"id\":null,\"method\":\"initialize\"}", Value::Null),
        ("{\"id\":[1],\"method\":\"initialize\"}", Value::Null),
    ] {
        let r = rejection(body);
        assert_eq!(r.code, ErrorCode::InvalidRequest as i32, "{body}");
        assert_eq!(r.id, id, "{body}");
    }
}

#[test]
fn malformed_notifications_and_responses_are_dropped_and_messages_pass() {
    for body in [
        "{\"method\":5}",
        "{\"id\":1}",
        "{\"id\":1,\"result\":1,\"error\":2}",
    ] {
        assert!(matches!(decode(body.into()), Decoded::Drop(_)), "{body}");
    }
    for body in [
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"shutdown\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"m\",\"params\":[1]}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":null}",
    ] {
        assert!(matches!(decode(body.into()), Decoded::Message(_)), "{body}");
    }
}

/// The threads end to end: bad frames are answered, good ones reach the server, and `exit`
/// stops the reader.
#[test]
fn the_connection_answers_bad_frames_and_passes_messages() {
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);
    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let input = format!(
        "Content-Length: 2147483648\r\n\r\n{}{}{}",
        frame("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"shutdown\"}"),
        frame("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}"),
        frame("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"never read\"}"),
    );
    let output = Shared::default();
    let (connection, threads) = spawn(std::io::Cursor::new(input), output.clone()).unwrap();
    let Message::Request(shutdown) = connection.receiver.recv().unwrap() else {
        panic!("a request")
    };
    assert_eq!(shutdown.method, "shutdown");
    let Message::Notification(exit) = connection.receiver.recv().unwrap() else {
        panic!("a notification")
    };
    assert_eq!(exit.method, "exit");
    assert!(
        connection.receiver.recv().is_err(),
        "the reader stops at `exit`"
    );
    connection
        .sender
        .send(lsp_server::Response::new_ok(shutdown.id, ()).into())
        .unwrap();
    drop(connection);
    threads.join().unwrap();
    let written = String::from_utf8(output.0.lock().unwrap().clone()).unwrap();
    let error = "{\"error\":{\"code\":-32600,\"message\":\"the message is 2147483648 bytes, over the limit of 67108864 bytes\"},\"id\":null,\"jsonrpc\":\"2.0\"}";
    let ok = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}";
    assert_eq!(written, format!("{}{}", frame(error), frame(ok)));
}
