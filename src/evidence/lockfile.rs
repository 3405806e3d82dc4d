//! The SDKs an app ships, from its dependency lockfiles: CocoaPods' `Podfile.lock` (each pod
//! of its `PODS:` list) and Swift Package Manager's `Package.resolved` (each pin, versions 1 to
//! 3), each spanned at its name. They are judged against Apple's list of SDKs that must ship a
//! privacy manifest ([`super::sdks`]).

use super::{Evidence, FileKind};
use crate::diagnostic::{Code, Diagnostic};
use crate::manifest::Str;
use crate::manifest::yaml::{self, Node, Value};
use crate::source::{FileId, Span};

/// Reads a `Podfile.lock`.
pub fn podfile(file: FileId, text: &str) -> (Option<Evidence>, Vec<Diagnostic>) {
    let mut sdks = Vec::new();
    let mut in_pods = false;
    let mut seen_pods = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if !content.starts_with(' ') && !content.is_empty() {
            in_pods = content == "PODS:";
            seen_pods |= in_pods;
            continue;
        }
        if !in_pods {
            continue;
        }
        // A pod is an item at the first level: `  - Name (1.2.3)` or `  - "Name/Sub (1.2.3)":`.
        let Some(item) = content.strip_prefix("  - ") else {
            continue;
        };
        let quoted = item.starts_with('"');
        let body = if quoted { &item[1..] } else { item };
        let name_len = body
            .find(|c: char| c.is_whitespace() || c == '"' || c == ':')
            .unwrap_or(body.len());
        let name = &body[..name_len];
        if name.is_empty() {
            continue;
        }
        let name_start = start + 4 + usize::from(quoted);
        sdks.push(Str {
            value: name.to_owned(),
            span: Span::new(file, name_start, name_start + name_len),
        });
    }
    if !seen_pods {
        let diagnostic = Diagnostic::new(
            Code::InvalidManifest,
            Span::new(file, 0, 0),
            "this Podfile.lock has no `PODS:` list",
        )
        .with_help("CocoaPods writes the pods an app installs under `PODS:`");
        return (None, vec![diagnostic]);
    }
    (
        Some(lockfile(file, FileKind::PodfileLock, sdks)),
        Vec::new(),
    )
}

/// Reads a `Package.resolved`.
pub fn package_resolved(file: FileId, text: &str) -> (Option<Evidence>, Vec<Diagnostic>) {
    const SUBJECT: yaml::Subject = yaml::Subject {
        the: "the Package.resolved",
        a: "a Package.resolved",
        within: "in Package.resolved",
        takes_text: "Package.resolved takes text here",
    };
    let invalid = |span: Span, message: String| {
        (
            None,
            vec![Diagnostic::new(Code::InvalidManifest, span, message)],
        )
    };
    let root = match yaml::parse_as(text, SUBJECT) {
        Ok(root) => root,
        Err(error) => {
            let at = error.offset_in(text);
            return invalid(
                Span::new(file, at, at),
                format!("this Package.resolved is not valid JSON: {}", error.message),
            );
        }
    };
    let field = |node: &'_ Node, key: &str| -> Option<Node> {
        match &node.value {
            Value::Map(fields) => fields
                .iter()
                .find(|(k, _)| matches!(&k.value, Value::Str(s) if s == key))
                .map(|(_, v)| v.clone()),
            _ => None,
        }
    };
    // Version 1 keeps the pins under `object`.
    let pins =
        field(&root, "pins").or_else(|| field(&root, "object").and_then(|o| field(&o, "pins")));
    let Some(Node {
        value: Value::Seq(pins),
        ..
    }) = pins
    else {
        return invalid(
            Span::new(file, root.start, root.start),
            "this Package.resolved has no `pins` list".to_owned(),
        );
    };
    let mut sdks = Vec::new();
    for pin in &pins {
        for key in ["identity", "package"] {
            if let Some(Node {
                value: Value::Str(name),
                start,
                end,
            }) = field(pin, key)
            {
                let quoted = end >= start + 2;
                let span = if quoted {
                    Span::new(file, start + 1, end - 1)
                } else {
                    Span::new(file, start, end)
                };
                sdks.push(Str { value: name, span });
                break;
            }
        }
    }
    (
        Some(lockfile(file, FileKind::PackageResolved, sdks)),
        Vec::new(),
    )
}

fn lockfile(file: FileId, kind: FileKind, sdks: Vec<Str>) -> Evidence {
    Evidence {
        file,
        kind,
        keys: Vec::new(),
        sdks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pods_are_the_first_level_of_the_pods_list() {
        let text = "PODS:\n  - Alamofire (5.8.1)\n  - \"GoogleUtilities/Environment (7.12.0)\":\n    - PromisesObjC (< 3.0)\n\nDEPENDENCIES:\n  - Kingfisher\n";
        let (evidence, diags) = podfile(FileId(0), text);
        assert!(diags.is_empty());
        let names: Vec<&str> = evidence
            .as_ref()
            .unwrap()
            .sdks
            .iter()
            .map(|s| &text[s.span.start..s.span.end])
            .collect();
        assert_eq!(names, ["Alamofire", "GoogleUtilities/Environment"]);
    }

    #[test]
    fn pins_of_every_version_are_read_at_their_names() {
        let v1 = r#"{"object": {"pins": [{"package": "Alamofire", "repositoryURL": "https://github.com/Alamofire/Alamofire.git", "state": {"version": "5.8.1"}}]}, "version": 1}"#;
        let v2 = r#"{"pins": [{"identity": "kingfisher", "kind": "remoteSourceControl", "location": "https://github.com/onevcat/Kingfisher.git", "state": {"version": "7.0.0"}}], "version": 2}"#;
        for (text, name) in [(v1, "Alamofire"), (v2, "kingfisher")] {
            let (evidence, diags) = package_resolved(FileId(0), text);
            assert!(diags.is_empty(), "{diags:?}");
            let sdk = &evidence.unwrap().sdks[0];
            assert_eq!(&text[sdk.span.start..sdk.span.end], name);
        }
    }
}
