//! The one adapter between candor and LSP: spans to ranges in UTF-16 code units, editor
//! positions to byte offsets, and [`Diagnostic`]s to LSP diagnostics with related locations.

use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Position, Range,
    Url,
};

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceMap, Span};

/// The URI of a file candor named by its absolute path (or by the URI itself, for buffers that
/// are not files).
pub fn uri_of(name: &str) -> Option<Url> {
    if name.starts_with('/') {
        Url::from_file_path(name).ok()
    } else {
        Url::parse(name).ok()
    }
}

/// The name candor gives the document at `uri`: its absolute path, or the URI for buffers that
/// are not files.
pub fn name_of(uri: &Url) -> String {
    match uri.to_file_path() {
        Ok(path) => path.to_string_lossy().into_owned(),
        Err(()) => uri.to_string(),
    }
}

/// The LSP range of a span.
pub fn range(sources: &SourceMap, span: Span) -> Range {
    let Some(file) = sources.get(span.file) else {
        return Range::default();
    };
    let position = |offset: usize| {
        let p = file.position(offset);
        Position {
            line: u32::try_from(p.line.saturating_sub(1)).unwrap_or(u32::MAX),
            character: u32::try_from(p.column_utf16.saturating_sub(1)).unwrap_or(u32::MAX),
        }
    };
    Range {
        start: position(span.start),
        end: position(span.end),
    }
}

/// The byte offset of an LSP position in `text`.
pub fn offset(text: &str, position: Position) -> usize {
    crate::source::SourceFile::new("", text)
        .offset_of_utf16(position.line as usize, position.character as usize)
}

/// The LSP form of a candor diagnostic.
pub fn diagnostic(sources: &SourceMap, d: &Diagnostic) -> lsp_types::Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|label| {
            let uri = uri_of(sources.name(label.span.file))?;
            Some(DiagnosticRelatedInformation {
                location: Location {
                    uri,
                    range: range(sources, label.span),
                },
                message: label.message.clone(),
            })
        })
        .collect();
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    lsp_types::Diagnostic {
        range: range(sources, d.primary.span),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Advice => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.code.name().to_owned())),
        source: Some("candor".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        // A machine-applicable fix in the same file rides along, for the quick fix.
        data: d
            .fix
            .as_ref()
            .filter(|f| f.span.file == d.primary.span.file)
            .map(|f| {
                serde_json::json!({
                    "fix": { "range": range(sources, f.span), "newText": f.replacement }
                })
            }),
        ..lsp_types::Diagnostic::default()
    }
}
