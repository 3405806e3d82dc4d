//! SARIF 2.1.0 (`--format sarif`), for GitHub code scanning and other SARIF viewers: one run,
//! `rules[]` generated from the code registry, one result per finding with a region in UTF-16
//! code units, and the policy declaration as a related location.

use serde_json::{Value, json};

use super::{Report, range};
use crate::diagnostic::{Code, Severity};
use crate::source::{SourceMap, Span};

/// The schema the output follows.
pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Renders `report` as a SARIF log, pretty-printed, with a final newline.
pub fn render(report: &Report, sources: &SourceMap) -> String {
    let rules: Vec<Value> = Code::ALL.iter().map(|code| rule(*code)).collect();
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let rule_index = Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0);
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            let mut result = json!({
                "ruleId": d.code.name(),
                "ruleIndex": rule_index,
                "level": level(d.severity),
                "message": { "text": text },
                "locations": [{ "physicalLocation": location(sources, d.primary.span) }],
            });
            if !d.related.is_empty()
                && let Some(object) = result.as_object_mut()
            {
                let related: Vec<Value> = d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        json!({
                            "id": i,
                            "physicalLocation": location(sources, r.span),
                            "message": { "text": r.message },
                        })
                    })
                    .collect();
                object.insert("relatedLocations".to_owned(), Value::Array(related));
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "candor",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_HOMEPAGE"),
                    "rules": rules,
                }
            },
            "columnKind": "utf16CodeUnits",
            "results": results,
        }]
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
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
        "shortDescription": { "text": code.summary() },
        "fullDescription": { "text": first_section(code.sections()) },
        "help": { "text": explanation, "markdown": explanation },
        "defaultConfiguration": { "level": level(code.default_severity()) },
    })
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

fn location(sources: &SourceMap, span: Span) -> Value {
    let (start, end) = range(sources, span);
    json!({
        "artifactLocation": { "uri": uri(sources.name(span.file)), "uriBaseId": "%SRCROOT%" },
        "region": {
            "startLine": start.line,
            "startColumn": start.column_utf16,
            "endLine": end.line,
            "endColumn": end.column_utf16,
        }
    })
}

/// A relative path as a URI reference: `/` separators, everything but unreserved characters
/// percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char);
            }
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
    fn uris_are_percent_encoded() {
        assert_eq!(uri("svc/my app/privacy.yaml"), "svc/my%20app/privacy.yaml");
        assert_eq!(uri("a,b:c%/é.yaml"), "a%2Cb%3Ac%25/%C3%A9.yaml");
    }
}
