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

use std::path::Path;

use serde_json::{Value, json};

use super::pipeline::AzurePipeline;
use super::root::{Place, SourceRoot, slashed};
use super::{Report, range};
use crate::diagnostic::{Code, Severity};
use crate::source::{SourceMap, Span};

/// The base id of paths relative to the repository root.
const SRCROOT: &str = "%SRCROOT%";

/// The schema the output follows.
pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Renders `report` as a SARIF log, pretty-printed, with a final newline; files are placed
/// against `root`, and the run is attributed to `pipeline` when there is one.
pub fn render(
    report: &Report,
    sources: &SourceMap,
    root: &SourceRoot,
    pipeline: Option<&AzurePipeline>,
) -> String {
    let location = |span: Span| location(sources, root, span);
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
                "locations": [{ "physicalLocation": location(d.primary.span) }],
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
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
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
            "automationDetails": automation_details(pipeline),
            "originalUriBaseIds": {
                SRCROOT: { "uri": directory_uri(root.root()) },
            },
            "columnKind": "utf16CodeUnits",
            "results": results,
        }]
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
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
