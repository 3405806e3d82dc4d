//! Completion of ids: which kind the cursor expects, and the policy's ids of that kind (in a
//! store declaration, the store's ids), each replacing the whole id typed so far; after a dot,
//! the parent's children, each replacing the last segment.

use lsp_server::ErrorCode;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, TextEdit, Url,
};
use serde_json::Value;

use super::store::{self, StoreSite};
use super::symbols::{self, SymbolKind};
use super::world::{DocKind, kind_of};
use super::{Failure, Server, convert, not_open, to_value};
use crate::source::SourceMap;

impl Server<'_> {
    pub(super) fn completion(&mut self, p: CompletionParams) -> Result<Value, Failure> {
        let uri = p.text_document_position.text_document.uri;
        let doc = self.world.docs.get(&uri).ok_or_else(|| not_open(&uri))?;
        let offset = convert::offset(&doc.text, p.text_document_position.position);
        let site = match kind_of(&uri) {
            DocKind::Manifest => symbols::manifest_context(&doc.text, offset),
            DocKind::Policy => symbols::policy_context(&doc.text, offset),
            DocKind::Store(platform) => {
                // A store's ids are its own closed sets: no policy is needed.
                let site = store::completion_site(platform, &doc.text, offset);
                let items = site.map(|site| store_items(&uri, &doc.text, site));
                return to_value(CompletionResponse::Array(items.unwrap_or_default()));
            }
            DocKind::Config | DocKind::Other => None,
        };
        let Some(site) = site else {
            return to_value(CompletionResponse::Array(Vec::new()));
        };
        // After a dot (`location.`, `location.pre`), the parent's children, each replacing
        // only the last segment: VS Code applies the edit, and Neovim 0.7's omnifunc, which
        // inserts the label at the start of the word (after the dot), gives the same
        // `location.precise`. Otherwise every id, replacing the whole id typed so far.
        let before = doc
            .text
            .get(site.start..offset.clamp(site.start, site.end))
            .unwrap_or("");
        let (parent, replaced_from) = match before.rfind('.') {
            Some(dot) => (before.get(..dot).map(str::to_owned), site.start + dot + 1),
            None => (None, site.start),
        };
        let mut sources = SourceMap::new();
        let file = sources.add(convert::name_of(&uri), doc.text.as_str());
        let range = convert::range(
            &sources,
            crate::source::Span::new(file, replaced_from, site.end.max(replaced_from)),
        );
        let state = self
            .world
            .loaded_policy()
            .map_err(|m| (ErrorCode::RequestFailed, m))?;
        let item_kind = match site.kind {
            SymbolKind::Product => CompletionItemKind::MODULE,
            SymbolKind::Condition => CompletionItemKind::CONSTANT,
            SymbolKind::Tree(_) => CompletionItemKind::ENUM_MEMBER,
        };
        let items = symbols::candidates(&state.loaded.policy, site.kind)
            .into_iter()
            .filter_map(|(id, description)| {
                let shown = match &parent {
                    Some(parent) => {
                        let child = id.strip_prefix(parent)?.strip_prefix('.')?;
                        (!child.contains('.')).then(|| child.to_owned())?
                    }
                    None => id.clone(),
                };
                Some(CompletionItem {
                    kind: Some(item_kind),
                    detail: Some(format!("{} `{id}` — {description}", site.kind.name())),
                    filter_text: Some(shown.clone()),
                    text_edit: Some(lsp_types::CompletionTextEdit::Edit(TextEdit {
                        range,
                        new_text: shown.clone(),
                    })),
                    label: shown,
                    ..CompletionItem::default()
                })
            })
            .collect();
        to_value(CompletionResponse::Array(items))
    }
}

/// The completion items of a store id being typed at `site` of the document `uri` with
/// `text`: each id of the store's closed set that fits, the store's label as its detail, in the
/// store's order, each replacing the whole id.
fn store_items(uri: &Url, text: &str, site: StoreSite) -> Vec<CompletionItem> {
    let mut sources = SourceMap::new();
    let file = sources.add(convert::name_of(uri), text);
    let range = convert::range(
        &sources,
        crate::source::Span::new(file, site.start, site.end),
    );
    site.candidates
        .into_iter()
        .enumerate()
        .map(|(n, (id, label))| CompletionItem {
            label: id.to_owned(),
            kind: Some(CompletionItemKind::ENUM_MEMBER),
            detail: Some(label),
            sort_text: Some(format!("{n:03}")),
            filter_text: Some(id.to_owned()),
            text_edit: Some(lsp_types::CompletionTextEdit::Edit(TextEdit {
                range,
                new_text: id.to_owned(),
            })),
            ..CompletionItem::default()
        })
        .collect()
}
