//! Rename of a policy id (`textDocument/prepareRename`, `textDocument/rename`): a category,
//! purpose, source, condition or product renamed where it is declared, in every grant, never
//! rule and map block of the policy's files, and in every manifest of the workspace (the open
//! ones as typed). A dotted id is renamed by its last segment, and its descendants with it:
//! renaming `location.precise` to `exact` also renames `location.precise.x` to
//! `location.exact.x`.

use std::collections::HashMap;

use lsp_server::ErrorCode;
use lsp_types::{
    PrepareRenameResponse, RenameParams, TextDocumentPositionParams, TextEdit, Url, WorkspaceEdit,
};
use serde_json::Value;

use super::symbols::{self, Symbol};
use super::world::{DocKind, kind_of};
use super::{Failure, Server, convert, to_value};
use crate::manifest;
use crate::source::{SourceMap, Span};

impl Server<'_> {
    /// The last segment of the id under the cursor, to be renamed, or null off an id.
    pub(super) fn prepare_rename(
        &mut self,
        p: TextDocumentPositionParams,
    ) -> Result<Value, Failure> {
        let Some((symbol, sources, _)) = self.symbol_at(&p.text_document.uri, p.position)? else {
            return Ok(Value::Null);
        };
        let segment = last_segment(&sources, symbol.span);
        let placeholder = sources.snippet(segment).to_owned();
        to_value(PrepareRenameResponse::RangeWithPlaceholder {
            range: convert::range(&sources, segment),
            placeholder,
        })
    }

    pub(super) fn rename(&mut self, p: RenameParams) -> Result<Value, Failure> {
        let position = p.text_document_position;
        let new_name = p.new_name.trim();
        if !is_id_segment(new_name) {
            return Err((
                ErrorCode::InvalidParams,
                format!(
                    "`{new_name}` is not an id: a letter, then letters, digits or `_` (a dotted \
                     id is renamed by its last segment)"
                ),
            ));
        }
        let Some((target, _, policy)) =
            self.symbol_at(&position.text_document.uri, position.position)?
        else {
            return Err((
                ErrorCode::InvalidParams,
                "there is no policy id here to rename".to_owned(),
            ));
        };
        let renamed = match target.id.rfind('.') {
            Some(dot) => format!("{}.{new_name}", &target.id[..dot]),
            None => new_name.to_owned(),
        };
        if renamed == target.id {
            return to_value(WorkspaceEdit::default());
        }
        if symbols::declaration(&policy, target.kind, &renamed).is_some() {
            return Err((
                ErrorCode::InvalidParams,
                format!(
                    "the policy already declares the {} `{renamed}`",
                    target.kind.name()
                ),
            ));
        }
        let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
        let state = self
            .world
            .loaded_policy()
            .map_err(|m| (ErrorCode::RequestFailed, m))?;
        for s in symbols::policy_symbols(&state.loaded.asts) {
            if let Some(edit) = edit(&state.sources, &s, &target, &renamed)
                && let Some(uri) = convert::uri_of(state.sources.name(s.span.file))
            {
                changes.entry(uri).or_default().push(edit);
            }
        }
        // The workspace's manifests, and open ones outside it.
        let mut manifests: Vec<(Url, String)> = self
            .world
            .workspace_manifests()
            .into_iter()
            .filter_map(|(path, text)| Some((Url::from_file_path(path).ok()?, text)))
            .collect();
        for (uri, doc) in &self.world.docs {
            if kind_of(uri) == DocKind::Manifest && !manifests.iter().any(|(u, _)| u == uri) {
                manifests.push((uri.clone(), doc.text.clone()));
            }
        }
        for (uri, text) in manifests {
            let mut sources = SourceMap::new();
            let file = sources.add(convert::name_of(&uri), text.as_str());
            let (Some(m), _) = manifest::load(file, &text) else {
                continue;
            };
            for s in symbols::manifest_symbols(&m) {
                if let Some(edit) = edit(&sources, &s, &target, &renamed) {
                    changes.entry(uri.clone()).or_default().push(edit);
                }
            }
        }
        for edits in changes.values_mut() {
            edits.sort_by_key(|e| (e.range.start.line, e.range.start.character));
            edits.dedup();
        }
        to_value(WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        })
    }
}

/// The edit that renames `target` to `renamed` where `s` is written, if `s` names it or a
/// descendant and its written text changes.
fn edit(sources: &SourceMap, s: &Symbol, target: &Symbol, renamed: &str) -> Option<TextEdit> {
    if s.kind != target.kind {
        return None;
    }
    let rest = s.id.strip_prefix(&target.id)?;
    if !(rest.is_empty() || rest.starts_with('.')) {
        return None;
    }
    let written = sources.snippet(s.span);
    // What is written is the id's last segments (a nested declaration writes only its own):
    // the same number of segments of the new id.
    let segments = written.split('.').count();
    let new_id = format!("{renamed}{rest}");
    let parts: Vec<&str> = new_id.split('.').collect();
    let new_text = parts.get(parts.len().saturating_sub(segments)..)?.join(".");
    (new_text != written).then(|| TextEdit {
        range: convert::range(sources, s.span),
        new_text,
    })
}

/// The span of the last segment of the id written at `span`.
fn last_segment(sources: &SourceMap, span: Span) -> Span {
    let written = sources.snippet(span);
    match written.rfind('.') {
        Some(dot) => Span::new(span.file, span.start + dot + 1, span.end),
        None => span,
    }
}

/// Whether `name` can be one segment of an id: a letter, then letters, digits or `_`, and no
/// keyword.
fn is_id_segment(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && crate::policy::lex::Keyword::from_word(name).is_none()
}
