//! The JSON contract (`--format json`): one document, `{"version": 1, "diagnostics": [...],
//! "summary": {...}}`, positions 1-based, end positions just past the last character.

use std::io::Write;

use super::{Report, Sink, range};
use crate::diagnostic::Diagnostic;
use crate::source::{SourceMap, Span};

/// Where a finding, a related place or a fix is, as the contract writes it.
struct Location<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

fn location(sources: &SourceMap, span: Span) -> Location<'_> {
    let (start, end) = range(sources, span);
    Location {
        file: sources.name(span.file),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

/// Renders `report` as the versioned JSON document, pretty-printed, with a final newline.
pub fn render(report: &Report, sources: &SourceMap) -> String {
    let mut out = Vec::new();
    super::feed(&mut Writer::new(&mut out), report, sources);
    String::from_utf8(out).unwrap_or_default()
}

/// The JSON document, written as findings come, in the bytes `serde_json` pretty-prints
/// (two spaces a level, `": "` after keys): written here by hand, a finding at a time, since
/// a report can hold tens of thousands of them and a generic serializer spends most of its
/// time on the document's fixed shape.
pub struct Writer<W: Write> {
    out: W,
    /// Whether a finding was written (the list's opening bracket is then closed on a line of
    /// its own).
    any: bool,
    started: bool,
    buffer: Vec<u8>,
}

impl<W: Write> Writer<W> {
    /// A writer to `out`.
    pub fn new(out: W) -> Self {
        Writer {
            out,
            any: false,
            started: false,
            buffer: Vec::new(),
        }
    }

    fn start(&mut self) -> std::io::Result<()> {
        if !self.started {
            self.started = true;
            self.out
                .write_all(b"{\n  \"version\": 1,\n  \"diagnostics\": [")?;
        }
        Ok(())
    }
}

/// The keys of a place's five fields, each with the comma, line break and indent before it,
/// for a place at the finding's level and one inside its `related` list.
const PLACE: [&[u8]; 5] = [
    b",\n      \"file\": ",
    b",\n      \"line\": ",
    b",\n      \"column\": ",
    b",\n      \"end_line\": ",
    b",\n      \"end_column\": ",
];
const RELATED_PLACE: [&[u8]; 5] = [
    b"\n        {\n          \"file\": ",
    b",\n          \"line\": ",
    b",\n          \"column\": ",
    b",\n          \"end_line\": ",
    b",\n          \"end_column\": ",
];

/// The five position fields of `at`, `file` first, each after its key in `keys`.
fn place(out: &mut Vec<u8>, keys: &[&[u8]; 5], at: &Location<'_>) {
    let [file, line, column, end_line, end_column] = keys;
    out.extend_from_slice(file);
    string(out, at.file);
    out.extend_from_slice(line);
    number(out, at.line);
    out.extend_from_slice(column);
    number(out, at.column);
    out.extend_from_slice(end_line);
    number(out, at.end_line);
    out.extend_from_slice(end_column);
    number(out, at.end_column);
}

fn number(out: &mut Vec<u8>, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            // `n % 10` is below 10.
            *d = b'0' + u8::try_from(n % 10).unwrap_or(0);
        }
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    out.extend_from_slice(digits.get(at..).unwrap_or_default());
}

/// Whether any of the eight bytes of `word` is `"`, `\` or a control character (below
/// 0x20): the bit tricks of "Bit Twiddling Hacks" (a byte below n; a zero byte), exact for
/// whether any byte is one, which is all that is asked.
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word;
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let zero = |x: u64| x.wrapping_sub(ONES) & !x;
    (below_space | zero(quote) | zero(backslash)) & HIGH != 0
}

/// `text` as a JSON string, escaped as `serde_json` escapes it: `"`, `\` and control
/// characters; everything else (non-ASCII too) as it is. Most texts need no escape at all,
/// which eight bytes at a time tell.
fn string(out: &mut Vec<u8>, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let clean = clean_prefix(bytes);
    out.extend_from_slice(bytes.get(..clean).unwrap_or_default());
    for &b in bytes.get(clean..).unwrap_or_default() {
        let short: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0x00..=0x1f => b"",
            _ => {
                out.push(b);
                continue;
            }
        };
        if short.is_empty() {
            out.extend_from_slice(b"\\u00");
            out.push(HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0'));
            out.push(HEX.get(usize::from(b & 0xf)).copied().unwrap_or(b'0'));
        } else {
            out.extend_from_slice(short);
        }
    }
    out.push(b'"');
}

/// How many bytes at the start of `bytes` need no escape.
fn clean_prefix(bytes: &[u8]) -> usize {
    let mut clean = 0;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let word = <[u8; 8]>::try_from(word).map_or(0, u64::from_le_bytes);
        if needs_escape(word) {
            break;
        }
        clean += 8;
    }
    let rest = bytes.get(clean..).unwrap_or_default();
    clean
        + rest
            .iter()
            .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
            .unwrap_or(rest.len())
}

/// Appends one finding as it stands in the document's list (its `{` already indented).
fn diagnostic(out: &mut Vec<u8>, d: &Diagnostic, sources: &SourceMap) {
    out.extend_from_slice(b"{\n      \"code\": ");
    string(out, d.code.name());
    out.extend_from_slice(b",\n      \"severity\": ");
    string(out, d.severity.name());
    out.extend_from_slice(b",\n      \"message\": ");
    string(out, &d.message);
    place(out, &PLACE, &location(sources, d.primary.span));
    out.extend_from_slice(b",\n      \"help\": ");
    match &d.help {
        Some(help) => string(out, help),
        None => out.extend_from_slice(b"null"),
    }
    if d.related.is_empty() {
        out.extend_from_slice(b",\n      \"related\": []");
    } else {
        out.extend_from_slice(b",\n      \"related\": [");
        for (n, r) in d.related.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            place(out, &RELATED_PLACE, &location(sources, r.span));
            out.extend_from_slice(b",\n          \"message\": ");
            string(out, &r.message);
            out.extend_from_slice(b"\n        }");
        }
        out.extend_from_slice(b"\n      ]");
    }
    // A fix is written only for the finding's own file.
    if let Some(fix) = d
        .fix
        .as_ref()
        .filter(|f| f.span.file == d.primary.span.file)
    {
        let (start, end) = range(sources, fix.span);
        out.extend_from_slice(b",\n      \"fix\": {\n        \"line\": ");
        number(out, start.line);
        out.extend_from_slice(b",\n        \"column\": ");
        number(out, start.column);
        out.extend_from_slice(b",\n        \"end_line\": ");
        number(out, end.line);
        out.extend_from_slice(b",\n        \"end_column\": ");
        number(out, end.column);
        out.extend_from_slice(b",\n        \"replacement\": ");
        string(out, &fix.replacement);
        out.extend_from_slice(b"\n      }");
    }
    out.extend_from_slice(b"\n    }");
}

impl<W: Write> Sink for Writer<W> {
    fn write(&mut self, diagnostics: Vec<Diagnostic>, sources: &SourceMap) -> std::io::Result<()> {
        self.start()?;
        // Written into memory, then at once: one call into the output per batch.
        self.buffer.clear();
        for d in &diagnostics {
            self.buffer
                .extend_from_slice(if self.any { b",\n    " } else { b"\n    " });
            self.any = true;
            diagnostic(&mut self.buffer, d, sources);
        }
        self.out.write_all(&self.buffer)
    }

    fn finish(&mut self, summary: &super::Summary) -> std::io::Result<Option<String>> {
        self.start()?;
        let counts = summary.counts;
        let out = &mut self.buffer;
        out.clear();
        out.extend_from_slice(if self.any {
            b"\n  ],\n  \"summary\": {"
        } else {
            b"],\n  \"summary\": {"
        });
        for (key, n) in [
            ("files_checked", summary.files_checked()),
            ("manifests", summary.manifests),
            ("evidence", summary.evidence),
            ("errors", counts.errors),
            ("warnings", counts.warnings),
            ("advice", counts.advice),
        ] {
            out.extend_from_slice(if key == "files_checked" {
                b"\n    \""
            } else {
                b",\n    \""
            });
            out.extend_from_slice(key.as_bytes());
            out.extend_from_slice(b"\": ");
            number(out, n);
        }
        out.extend_from_slice(b"\n  }\n}\n");
        self.out.write_all(out)?;
        self.out.flush()?;
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for text in [
            "plain",
            "quote \" and backslash \\",
            "lines\nand\ttabs\r",
            "\u{0}\u{1f}\u{8}\u{c}\u{7f}",
            "non-ASCII: é ✓ 𝄞 and a slash /",
            "a long line of text with a \" late in it, after eight-byte words",
            "0123456\\89abcdef\u{1}",
            "",
        ] {
            let mut out = Vec::new();
            string(&mut out, text);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(text).unwrap(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn the_document_is_what_serde_json_pretty_prints() {
        use crate::diagnostic::Code;
        let mut sources = SourceMap::new();
        let file = sources.add("a/é \"odd\".yaml", "key: value\n  é: \"x\"\n");
        let other = sources.add("b.csv", "one\r\ntwo\n");
        let found = vec![
            Diagnostic::new(
                Code::UndeclaredCollection,
                Span::new(file, 14, 17),
                "one\ttab",
            )
            .with_help("help with \\ and \u{1}")
            .with_related(Span::new(other, 5, 8), "related \"there\"")
            .with_related(Span::new(file, 0, 3), "and here")
            .with_fix(Span::new(file, 5, 10), "new\nvalue"),
            Diagnostic::new(Code::VagueDisclosure, Span::new(other, 0, 0), "no help"),
            // A fix in another file is not written.
            Diagnostic::new(Code::InvalidManifest, Span::new(file, 0, 0), "elsewhere")
                .with_fix(Span::new(other, 0, 3), "x"),
        ];
        let report = Report::new(found, &sources, 0, 2);
        let written = render(&report, &sources);
        // Read back into the contract's shape, in its field order, and pretty-printed again.
        let doc: Doc = serde_json::from_str(&written).unwrap();
        assert_eq!(written, serde_json::to_string_pretty(&doc).unwrap() + "\n");
        assert_eq!(doc.diagnostics.len(), 3);
        let fixes: Vec<&str> = doc
            .diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .map(|f| f.replacement.as_str())
            .collect();
        assert_eq!(fixes, ["new\nvalue"]);
        let empty = render(&Report::new(Vec::new(), &sources, 0, 0), &sources);
        let doc: Doc = serde_json::from_str(&empty).unwrap();
        assert_eq!(empty, serde_json::to_string_pretty(&doc).unwrap() + "\n");
    }

    #[derive(serde::Serialize, serde::Deserialize)]
    struct Doc {
        version: u32,
        diagnostics: Vec<Finding>,
        summary: Counted,
    }

    #[derive(serde::Serialize, serde::Deserialize)]
    struct Finding {
        code: String,
        severity: String,
        message: String,
        file: String,
        line: usize,
        column: usize,
        end_line: usize,
        end_column: usize,
        help: Option<String>,
        related: Vec<Place>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fix: Option<Fixed>,
    }

    #[derive(serde::Serialize, serde::Deserialize)]
    struct Place {
        file: String,
        line: usize,
        column: usize,
        end_line: usize,
        end_column: usize,
        message: String,
    }

    #[derive(serde::Serialize, serde::Deserialize)]
    struct Fixed {
        line: usize,
        column: usize,
        end_line: usize,
        end_column: usize,
        replacement: String,
    }

    #[derive(serde::Serialize, serde::Deserialize)]
    struct Counted {
        files_checked: usize,
        manifests: usize,
        evidence: usize,
        errors: usize,
        warnings: usize,
        advice: usize,
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in [0, 7, 10, 99, 1_000, 123_456_789, usize::MAX] {
            let mut out = Vec::new();
            number(&mut out, n);
            assert_eq!(String::from_utf8(out).unwrap(), n.to_string());
        }
    }
}
