//! SARIF 2.1.0 (`--format sarif`), for GitHub code scanning and other SARIF viewers: one run,
//! `rules[]` generated from the code registry, one result per finding with a region in UTF-16
//! code units (`columnKind: utf16CodeUnits`, a byte order mark not counted), and the policy
//! declaration as a related location.
//!
//! Files inside the repository root (see [`SourceRoot`]) are URIs relative to `%SRCROOT%`, which
//! `originalUriBaseIds` gives as the root's `file://` URI; a file outside the root is an absolute
//! `file://` URI with no base. Each rule's `helpUri` is its explanation in the repository,
//! `{homepage}/blob/main/src/codes/{code}.md`, the sections `candor explain CODE` prints. The run's
//! `automationDetails.id` is `candor/` (the category GitHub code scanning files the results
//! under), or inside an Azure Pipelines job the pipeline identity [`AzurePipeline`] gives.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use flate2::Compression;
use flate2::write::GzEncoder;
use serde_json::{Value, json};
use tempfile::SpooledTempFile;

use super::pipeline::AzurePipeline;
use super::root::{Place, SourceRoot, slashed};
use super::{Report, Sink, range};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::source::{SourceMap, Span};

/// The base id of paths relative to the repository root.
const SRCROOT: &str = "%SRCROOT%";

/// The schema the output follows.
pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The most results GitHub code scanning takes in one run (it shows the first 5,000 by
/// severity).
pub const GITHUB_MAX_RESULTS: usize = 25_000;

/// The most locations GitHub takes in one result: the finding's place and its related ones.
pub const GITHUB_MAX_LOCATIONS: usize = 1_000;

/// What the results may weigh gzipped: GitHub refuses a log over 10 MB gzipped; the rest of
/// the log (the rules and their help) stays well under the margin left.
const RESULTS_GZIPPED_BYTES: u64 = 9_000_000;

/// How much spilled results stay in memory before going to a temporary file.
const SPILL_IN_MEMORY: usize = 1 << 20;

/// Renders `report` as a SARIF log, pretty-printed, with a final newline; files are placed
/// against `root`, and the run is attributed to `pipeline` when there is one.
pub fn render(
    report: &Report,
    sources: &SourceMap,
    root: &SourceRoot,
    pipeline: Option<&AzurePipeline>,
) -> String {
    let mut out = Vec::new();
    super::feed(
        &mut Writer::new(&mut out, root, pipeline, GITHUB_MAX_RESULTS),
        report,
        sources,
    );
    String::from_utf8(out).unwrap_or_default()
}

/// A SARIF log written as findings come: each result is serialized as it arrives into a
/// spill (memory, then a temporary file) for its level, so that errors can come first, then
/// warnings, then notes; at the end the log is written with as many results as fit in
/// `max_results` and GitHub's size limit, and what is left out is counted in
/// `invocations[0].toolExecutionNotifications`.
pub struct Writer<'a, W: Write> {
    out: W,
    root: &'a SourceRoot,
    pipeline: Option<&'a AzurePipeline>,
    max_results: usize,
    /// What the kept results may weigh gzipped ([`RESULTS_GZIPPED_BYTES`]).
    gzipped_budget: u64,
    /// Serialized results per level: error, warning, note.
    levels: [Spill; 3],
    buffer: Vec<u8>,
}

impl<'a, W: Write> Writer<'a, W> {
    /// A writer to `out`, files placed against `root`, keeping at most `max_results` results.
    pub fn new(
        out: W,
        root: &'a SourceRoot,
        pipeline: Option<&'a AzurePipeline>,
        max_results: usize,
    ) -> Self {
        Writer {
            out,
            root,
            pipeline,
            max_results,
            gzipped_budget: RESULTS_GZIPPED_BYTES,
            levels: Default::default(),
            buffer: Vec::new(),
        }
    }

    /// The records of each level, rewound for reading.
    fn rewound(&mut self) -> std::io::Result<()> {
        for spill in self.levels.iter_mut().filter_map(|l| l.records.as_mut()) {
            spill.seek(SeekFrom::Start(0))?;
        }
        Ok(())
    }
}

/// The next record of a spill, into `buffer`; `false` at its end.
fn next_record(spill: &mut SpooledTempFile, buffer: &mut Vec<u8>) -> std::io::Result<bool> {
    let mut length = [0u8; 8];
    match spill.read_exact(&mut length) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(false),
        Err(e) => return Err(e),
    }
    let length = usize::try_from(u64::from_le_bytes(length)).unwrap_or(usize::MAX);
    buffer.clear();
    buffer.resize(length, 0);
    spill.read_exact(buffer)?;
    Ok(true)
}

/// The results of one level, each record prefixed by its length.
#[derive(Default)]
struct Spill {
    records: Option<SpooledTempFile>,
    /// Results written.
    count: usize,
    /// Results the log keeps.
    kept: usize,
}

fn level_index(severity: Severity) -> usize {
    match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Advice => 2,
    }
}

impl<W: Write> Sink for Writer<'_, W> {
    fn write(&mut self, diagnostics: Vec<Diagnostic>, sources: &SourceMap) -> std::io::Result<()> {
        let root = self.root;
        for d in &diagnostics {
            let result = result(d, sources, root);
            self.buffer.clear();
            serde_json::to_writer_pretty(&mut self.buffer, &result)
                .map_err(std::io::Error::other)?;
            let Some(level) = self.levels.get_mut(level_index(d.severity)) else {
                continue;
            };
            let spill = level
                .records
                .get_or_insert_with(|| crate::workspace::scratch(SPILL_IN_MEMORY));
            // Results sit eight spaces deep in the log.
            let lines = self.buffer.split(|b| *b == b'\n');
            let mut record = Vec::with_capacity(self.buffer.len() + self.buffer.len() / 4);
            for (n, line) in lines.enumerate() {
                if n > 0 {
                    record.extend_from_slice(b"\n        ");
                }
                record.extend_from_slice(line);
            }
            spill.write_all(&(record.len() as u64).to_le_bytes())?;
            spill.write_all(&record)?;
            level.count += 1;
        }
        Ok(())
    }

    fn finish(&mut self, _: &super::Summary) -> std::io::Result<Option<String>> {
        // Which results fit: errors first, then warnings, then notes, up to the count and
        // gzipped size the log may hold.
        self.rewound()?;
        let mut gzipped = GzEncoder::new(Counter(0), Compression::fast());
        let mut total = 0;
        let mut full = false;
        let mut record = Vec::new();
        for level in &mut self.levels {
            let Some(spill) = level.records.as_mut() else {
                continue;
            };
            while !full && next_record(spill, &mut record)? {
                gzipped.write_all(&record)?;
                if total >= self.max_results || gzipped.get_ref().0 > self.gzipped_budget {
                    full = true;
                    break;
                }
                total += 1;
                level.kept += 1;
            }
        }
        let names = ["errors", "warnings", "notes (advice)"];
        let parts: Vec<String> = self
            .levels
            .iter()
            .zip(names)
            .filter(|(l, _)| l.count > l.kept)
            .map(|(l, name)| format!("{} {name}", l.count - l.kept))
            .collect();
        let note = (!parts.is_empty()).then(|| {
            let total_found: usize = self.levels.iter().map(|l| l.count).sum();
            format!(
                "the SARIF log holds {total} of the run's {total_found} results and leaves out \
                 {}: GitHub code scanning takes at most {GITHUB_MAX_RESULTS} results a run and \
                 10 MB gzipped, so results are kept errors first, then warnings, then notes \
                 (this run kept at most {}); `--format json` or `--format concise` lists every \
                 finding",
                parts.join(", "),
                self.max_results
            )
        });
        let rules: Vec<Value> = Code::ALL.iter().map(|code| rule(*code)).collect();
        let mut run = json!({
            "tool": {
                "driver": {
                    "name": "candor",
                    "fullName": concat!("candor ", env!("CARGO_PKG_VERSION")),
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_HOMEPAGE"),
                    "rules": rules,
                }
            },
            "automationDetails": automation_details(self.pipeline),
            "originalUriBaseIds": {
                SRCROOT: { "uri": directory_uri(self.root.root()) },
            },
            "columnKind": "utf16CodeUnits",
            "results": PLACEHOLDER,
        });
        if let (Some(note), Some(object)) = (&note, run.as_object_mut()) {
            object.insert(
                "invocations".to_owned(),
                json!([{
                    "executionSuccessful": true,
                    "toolExecutionNotifications": [{
                        "descriptor": { "id": "results-left-out" },
                        "level": "warning",
                        "message": { "text": note },
                    }],
                }]),
            );
        }
        let log = json!({
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [run],
        });
        let text = serde_json::to_string_pretty(&log).map_err(std::io::Error::other)?;
        let placeholder = format!("\"{}\"", PLACEHOLDER.replace('\0', "\\u0000"));
        let (before, after) = text.split_once(&placeholder).unwrap_or((&text, ""));
        self.out.write_all(before.as_bytes())?;
        self.rewound()?;
        if total == 0 {
            self.out.write_all(b"[]")?;
        } else {
            self.out.write_all(b"[")?;
            let mut first = true;
            for level in &mut self.levels {
                let Some(spill) = level.records.as_mut() else {
                    continue;
                };
                for _ in 0..level.kept {
                    if !next_record(spill, &mut record)? {
                        break;
                    }
                    self.out
                        .write_all(if first { b"\n        " } else { b",\n        " })?;
                    first = false;
                    self.out.write_all(&record)?;
                }
            }
            self.out.write_all(b"\n      ]")?;
        }
        self.out.write_all(after.as_bytes())?;
        self.out.write_all(b"\n")?;
        self.out.flush()?;
        Ok(note)
    }
}

/// What stands for the results in the log while its other parts are serialized.
const PLACEHOLDER: &str = "\0candor-results\0";

/// Counts the bytes written to it.
struct Counter(u64);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One finding as a SARIF result; at most [`GITHUB_MAX_LOCATIONS`] places in all.
fn result(d: &Diagnostic, sources: &SourceMap, root: &SourceRoot) -> Value {
    let location = |span: Span| location(sources, root, span);
    let rule_index = Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0);
    let mut text = d.message.clone();
    let related_kept = d.related.len().min(GITHUB_MAX_LOCATIONS - 1);
    if related_kept < d.related.len() {
        text.push_str(&format!(
            " ({} more related places are not listed)",
            d.related.len() - related_kept
        ));
    }
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let mut result = json!({
        "ruleId": d.code.name(),
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": { "text": text },
        "locations": [{ "physicalLocation": location(d.primary.span) }],
    });
    if !d.related.is_empty()
        && let Some(object) = result.as_object_mut()
    {
        let related: Vec<Value> = d
            .related
            .iter()
            .take(related_kept)
            .enumerate()
            .map(|(i, r)| {
                json!({
                    "id": i,
                    "physicalLocation": location(r.span),
                    "message": { "text": r.message },
                })
            })
            .collect();
        object.insert("relatedLocations".to_owned(), Value::Array(related));
    }
    if let Some(fix) = &d.fix
        && let Some(object) = result.as_object_mut()
    {
        let place = location(fix.span);
        let change = json!({
            "description": { "text": format!("replace with `{}`", fix.replacement) },
            "artifactChanges": [{
                "artifactLocation": place.get("artifactLocation"),
                "replacements": [{
                    "deletedRegion": place.get("region"),
                    "insertedContent": { "text": fix.replacement },
                }],
            }],
        });
        object.insert("fixes".to_owned(), json!([change]));
    }
    result
}

fn automation_details(pipeline: Option<&AzurePipeline>) -> Value {
    match pipeline {
        None => json!({ "id": "candor/" }),
        Some(pipeline) => {
            let properties: serde_json::Map<String, Value> = pipeline
                .properties()
                .into_iter()
                .map(|(key, value)| (key, Value::String(value)))
                .collect();
            json!({ "id": pipeline.automation_id(), "properties": properties })
        }
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Advice => "note",
    }
}

fn rule(code: Code) -> Value {
    let explanation = code.explanation();
    json!({
        "id": code.name(),
        "name": rule_name(code),
        "shortDescription": { "text": code.summary() },
        "fullDescription": { "text": first_section(code.sections()) },
        "help": { "text": explanation, "markdown": explanation },
        "helpUri": help_uri(code),
        "defaultConfiguration": { "level": level(code.default_severity()) },
    })
}

/// The rule name SARIF viewers show: the code in PascalCase, which must differ from the id by
/// more than case (SARIF1001), so a one-word code gets `Policy` before it.
fn rule_name(code: Code) -> String {
    let name = pascal_case(code.name());
    if name.eq_ignore_ascii_case(code.name()) {
        format!("Policy{name}")
    } else {
        name
    }
}

/// `undeclared-collection` → `UndeclaredCollection`.
fn pascal_case(name: &str) -> String {
    name.split('-')
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase())
                .into_iter()
                .chain(chars)
        })
        .collect()
}

/// The page explaining `code`: its explanation file in the repository (what it checks, why it
/// matters, an example, how to fix).
fn help_uri(code: Code) -> String {
    format!(
        "{}/blob/main/src/codes/{}.md",
        env!("CARGO_PKG_HOMEPAGE"),
        code.name()
    )
}

/// The first paragraph under "## What it checks" of a code's explanation file.
fn first_section(sections: &str) -> String {
    sections
        .split("## What it checks")
        .nth(1)
        .and_then(|rest| rest.trim_start().split("\n\n").next())
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn location(sources: &SourceMap, root: &SourceRoot, span: Span) -> Value {
    let (start, end) = range(sources, span);
    let artifact = match root.place(sources.name(span.file)) {
        Place::InRoot(path) => json!({ "uri": encode(&path, false), "uriBaseId": SRCROOT }),
        Place::Outside(path) => json!({ "uri": file_uri(&path) }),
    };
    json!({
        "artifactLocation": artifact,
        "region": {
            "startLine": start.line,
            "startColumn": start.column_utf16,
            "endLine": end.line,
            "endColumn": end.column_utf16,
        }
    })
}

/// The `file://` URI of an absolute path.
fn file_uri(path: &Path) -> String {
    let path = slashed(path);
    if path.starts_with("//") {
        // A Windows share, `//server/share/...`: the server is the URI's authority.
        format!("file:{}", encode(&path, true))
    } else if path.starts_with('/') {
        format!("file://{}", encode(&path, true))
    } else {
        // A Windows drive, `C:/...`.
        format!("file:///{}", encode(&path, true))
    }
}

/// The `file://` URI of an absolute folder, ending in `/` as a base URI must.
fn directory_uri(path: &Path) -> String {
    let mut uri = file_uri(path);
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// A `/`-separated path as a URI path: everything but unreserved characters and `/`
/// percent-encoded; `:` is kept in absolute paths (a Windows drive), and encoded in relative
/// ones, where it would read as a scheme.
fn encode(path: &str, keep_colon: bool) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char);
            }
            b':' if keep_colon => out.push(':'),
            b'\\' => out.push('/'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_stop_where_the_gzipped_size_would_pass_its_budget() {
        use crate::source::Span;
        let mut sources = SourceMap::new();
        let file = sources.add("svc/privacy.yaml", "product: x\n");
        // Findings whose messages do not compress (each different), errors among them.
        let mut state = 7u64;
        let mut noise = || {
            (0..400)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    char::from(b'a' + (state % 26) as u8)
                })
                .collect::<String>()
        };
        let diagnostics: Vec<Diagnostic> = (0..300)
            .map(|n| {
                let code = if n % 10 == 0 {
                    Code::UndeclaredCollection
                } else {
                    Code::VagueDisclosure
                };
                Diagnostic::new(code, Span::new(file, 0, 7), noise())
            })
            .collect();
        let root = SourceRoot::new("/repo", "/repo");
        let mut out = Vec::new();
        let note = {
            let mut writer = Writer::new(&mut out, &root, None, GITHUB_MAX_RESULTS);
            writer.gzipped_budget = 40_000;
            writer.write(diagnostics, &sources).unwrap();
            writer.finish(&super::super::Summary::default()).unwrap()
        };
        let log: Value = serde_json::from_slice(&out).unwrap();
        let results = log["runs"][0]["results"].as_array().unwrap();
        assert!(
            results.len() > 30 && results.len() < 300,
            "{}",
            results.len()
        );
        // The 30 errors come first, all of them.
        assert!(results[..30].iter().all(|r| r["level"] == "error"));
        let note = note.unwrap();
        assert!(
            note.contains(&format!("holds {} of the run's 300", results.len())),
            "{note}"
        );
        assert_eq!(
            log["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"],
            note.as_str()
        );
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            encode("svc/my app/privacy.yaml", false),
            "svc/my%20app/privacy.yaml"
        );
        assert_eq!(encode("a,b:c%/é.yaml", false), "a%2Cb%3Ac%25/%C3%A9.yaml");
        assert_eq!(
            file_uri(Path::new("/home/me/my repo")),
            "file:///home/me/my%20repo"
        );
        assert_eq!(
            file_uri(Path::new("C:/src/x.yaml")),
            "file:///C:/src/x.yaml"
        );
        assert_eq!(
            file_uri(Path::new("//server/share/x.yaml")),
            "file://server/share/x.yaml"
        );
        assert_eq!(directory_uri(Path::new("/")), "file:///");
        assert_eq!(directory_uri(Path::new("/repo")), "file:///repo/");
    }

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(pascal_case("undeclared-collection"), "UndeclaredCollection");
        assert_eq!(pascal_case("io-error"), "IoError");
    }
}
