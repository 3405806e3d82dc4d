//! Formatting a policy document with `candor fmt`'s formatter.

use lsp_server::ErrorCode;
use lsp_types::{DocumentFormattingParams, TextEdit};
use serde_json::Value;

use super::world::{DocKind, kind_of};
use super::{Failure, Server, convert, not_open, to_value};
use crate::source::SourceMap;

impl Server<'_> {
    pub(super) fn formatting(&mut self, p: DocumentFormattingParams) -> Result<Value, Failure> {
        let uri = p.text_document.uri;
        if kind_of(&uri) != DocKind::Policy {
            return Ok(Value::Null);
        }
        let doc = self.world.docs.get(&uri).ok_or_else(|| not_open(&uri))?;
        let mut sources = SourceMap::new();
        let file = sources.add(convert::name_of(&uri), doc.text.as_str());
        let formatted = crate::policy::format::format(file, &doc.text).map_err(|errors| {
            let first = errors.first().map_or(String::new(), |d| d.message.clone());
            (
                ErrorCode::RequestFailed,
                format!("not formatted: the file has syntax errors ({first})"),
            )
        })?;
        if formatted == doc.text {
            return to_value(Vec::<TextEdit>::new());
        }
        let end = convert::range(
            &sources,
            crate::source::Span::new(file, doc.text.len(), doc.text.len()),
        )
        .end;
        let whole = lsp_types::Range {
            start: lsp_types::Position::default(),
            end,
        };
        to_value(vec![TextEdit {
            range: whole,
            new_text: formatted,
        }])
    }
}
