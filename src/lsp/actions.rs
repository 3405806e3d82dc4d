//! Quick fixes: a finding with a machine-applicable fix (a misspelt id and the one "did you
//! mean" names) offers it as a code action, the same edit `candor check --fix` makes.

use std::collections::HashMap;

use lsp_types::{CodeAction, CodeActionKind, CodeActionParams, Range, TextEdit, WorkspaceEdit};
use serde_json::Value;

use super::{Failure, Server, not_open, to_value};

impl Server<'_> {
    /// The quick fixes for the findings of the document that touch the requested range: the
    /// document is diagnosed afresh, so the fixes are those of its current text whatever the
    /// client remembers.
    pub(super) fn code_actions(&mut self, p: CodeActionParams) -> Result<Value, Failure> {
        let uri = p.text_document.uri;
        if !self.world.docs.contains_key(&uri) {
            return Err(not_open(&uri));
        }
        let wanted = p.context.only.as_ref();
        if wanted.is_some_and(|kinds| !kinds.contains(&CodeActionKind::QUICKFIX)) {
            return to_value(Vec::<CodeAction>::new());
        }
        let actions: Vec<CodeAction> = self
            .world
            .diagnostics(&uri)
            .into_iter()
            .filter(|d| touches(d.range, p.range))
            .filter_map(|d| {
                let fix = d.data.as_ref()?.get("fix")?;
                let range: Range = serde_json::from_value(fix.get("range")?.clone()).ok()?;
                let new_text = fix.get("newText")?.as_str()?.to_owned();
                let title = format!("Replace with `{new_text}`");
                let edit = WorkspaceEdit {
                    changes: Some(HashMap::from([(
                        uri.clone(),
                        vec![TextEdit { range, new_text }],
                    )])),
                    ..WorkspaceEdit::default()
                };
                Some(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![d]),
                    edit: Some(edit),
                    is_preferred: Some(true),
                    ..CodeAction::default()
                })
            })
            .collect();
        to_value(actions)
    }
}

/// Whether two ranges overlap or touch (a cursor at the end of a word asks for its fixes).
fn touches(a: Range, b: Range) -> bool {
    let key = |p: lsp_types::Position| (p.line, p.character);
    key(a.start) <= key(b.end) && key(b.start) <= key(a.end)
}
