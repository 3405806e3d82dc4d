//! Hover, go to definition and find references: the symbol under the cursor, read against the
//! policy of its document.

use lsp_server::ErrorCode;
use lsp_types::{
    GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverContents, HoverParams, Location,
    MarkupContent, MarkupKind, ReferenceParams, Url,
};
use serde_json::Value;

use super::store;
use super::symbols::{self, Symbol};
use super::world::{DocKind, kind_of};
use super::{Failure, Server, convert, not_open, to_value};
use crate::manifest;
use crate::policy::Policy;
use crate::source::SourceMap;

/// A store id under the cursor: its range, the hover text, and the `map` line that gives it
/// its meaning.
struct StoreHit {
    range: lsp_types::Range,
    text: String,
    mapping: Option<Location>,
}

impl Server<'_> {
    /// The symbol under the cursor, with the sources it was found in and the policy it is read
    /// against.
    pub(super) fn symbol_at(
        &mut self,
        uri: &Url,
        position: lsp_types::Position,
    ) -> Result<Option<(Symbol, SourceMap, Policy)>, Failure> {
        let doc = self.world.docs.get(uri).ok_or_else(|| not_open(uri))?;
        let offset = convert::offset(&doc.text, position);
        let (policy_sources, loaded) = self
            .world
            .policy_for(uri)
            .map_err(|m| (ErrorCode::RequestFailed, m))?;
        match kind_of(uri) {
            DocKind::Manifest => {
                let checked = self.world.check_manifest(uri);
                let symbols = checked
                    .manifest
                    .as_ref()
                    .map(symbols::manifest_symbols)
                    .unwrap_or_default();
                let found = symbols::at(&symbols, checked.file, offset).cloned();
                Ok(found.map(|s| (s, checked.sources, loaded.policy)))
            }
            DocKind::Policy => {
                let name = convert::name_of(uri);
                let Some(file) = policy_sources.find(&name) else {
                    return Ok(None);
                };
                let all = symbols::policy_symbols(&loaded.asts);
                let found = symbols::at(&all, file, offset).cloned();
                Ok(found.map(|s| (s, policy_sources, loaded.policy)))
            }
            // A store id is found by `store_id_at`.
            DocKind::Store(_) | DocKind::Config | DocKind::Other => Ok(None),
        }
    }

    /// In an app store declaration: the store id under the cursor, its range and the policy,
    /// when the cursor is on one.
    fn store_id_at(
        &mut self,
        uri: &Url,
        position: lsp_types::Position,
    ) -> Result<Option<StoreHit>, Failure> {
        let doc = self.world.docs.get(uri).ok_or_else(|| not_open(uri))?;
        let name = convert::name_of(uri);
        let Some((platform, declaration)) = store::declaration(&name, &doc.text) else {
            return Ok(None);
        };
        let offset = convert::offset(&doc.text, position);
        let mut sources = SourceMap::new();
        let file = sources.add(name, doc.text.as_str());
        let Some(found) = store::at(&declaration, offset) else {
            return Ok(None);
        };
        let range = convert::range(
            &sources,
            crate::source::Span::new(file, found.id.span.start, found.id.span.end),
        );
        let (policy_sources, loaded) = self
            .world
            .policy_for(uri)
            .map_err(|m| (ErrorCode::RequestFailed, m))?;
        let text = store::hover(&loaded.policy, platform, &found);
        let mapping = store::mapping_span(&loaded.policy, platform, &found);
        Ok(Some(StoreHit {
            range,
            text,
            mapping: mapping.and_then(|span| {
                convert::uri_of(policy_sources.name(span.file)).map(|uri| Location {
                    uri,
                    range: convert::range(&policy_sources, span),
                })
            }),
        }))
    }

    pub(super) fn hover(&mut self, p: HoverParams) -> Result<Value, Failure> {
        let position = p.text_document_position_params;
        let uri = &position.text_document.uri;
        let doc = self.world.docs.get(uri).ok_or_else(|| not_open(uri))?;
        let name = convert::name_of(uri);
        let offset = convert::offset(&doc.text, position.position);
        if let Some((kind, key)) = super::evidence::key_at(&name, &doc.text, offset) {
            let mut sources = SourceMap::new();
            let file = sources.add(name, doc.text.as_str());
            let range = convert::range(
                &sources,
                crate::source::Span::new(file, key.name.span.start, key.name.span.end),
            );
            let (_, loaded) = self
                .world
                .policy_for(uri)
                .map_err(|m| (ErrorCode::RequestFailed, m))?;
            let labels = if kind.has_label() {
                self.world.labels_of(uri)
            } else {
                Vec::new()
            };
            let mut value = super::evidence::hover(&loaded.policy, kind, &key);
            value.push_str(&super::evidence::declared(kind, &key, &labels));
            return to_value(Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value,
                }),
                range: Some(range),
            });
        }
        if let Some(hit) = self.store_id_at(&position.text_document.uri, position.position)? {
            return to_value(Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: hit.text,
                }),
                range: Some(hit.range),
            });
        }
        let Some((symbol, sources, policy)) =
            self.symbol_at(&position.text_document.uri, position.position)?
        else {
            return Ok(Value::Null);
        };
        let text = symbols::hover(&policy, symbol.kind, &symbol.id).unwrap_or_else(|| {
            format!(
                "**{}** `{}` is not defined in the policy",
                symbol.kind.name(),
                symbol.id
            )
        });
        to_value(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: text,
            }),
            range: Some(convert::range(&sources, symbol.span)),
        })
    }

    pub(super) fn definition(&mut self, p: GotoDefinitionParams) -> Result<Value, Failure> {
        let position = p.text_document_position_params;
        if let Some(hit) = self.store_id_at(&position.text_document.uri, position.position)? {
            return match hit.mapping {
                Some(location) => to_value(GotoDefinitionResponse::Scalar(location)),
                None => Ok(Value::Null),
            };
        }
        let uri = &position.text_document.uri;
        let Some((symbol, _, policy)) = self.symbol_at(uri, position.position)? else {
            return Ok(Value::Null);
        };
        let Some(span) = symbols::declaration(&policy, symbol.kind, &symbol.id) else {
            return Ok(Value::Null);
        };
        let (sources, _) = self
            .world
            .policy_for(uri)
            .map_err(|m| (ErrorCode::RequestFailed, m))?;
        let uri = convert::uri_of(sources.name(span.file)).ok_or_else(|| {
            (
                ErrorCode::RequestFailed,
                "the declaration is not in a file".to_owned(),
            )
        })?;
        to_value(GotoDefinitionResponse::Scalar(Location {
            uri,
            range: convert::range(&sources, span),
        }))
    }

    pub(super) fn references(&mut self, p: ReferenceParams) -> Result<Value, Failure> {
        let position = p.text_document_position;
        let Some((target, _, _)) =
            self.symbol_at(&position.text_document.uri, position.position)?
        else {
            return Ok(Value::Null);
        };
        let mut locations = Vec::new();
        let same = |s: &Symbol| s.kind == target.kind && s.id == target.id;
        if let Ok(state) = self.world.loaded_policy() {
            for s in symbols::policy_symbols(&state.loaded.asts)
                .iter()
                .filter(|s| same(s))
            {
                if (p.context.include_declaration || !s.declaration)
                    && let Some(uri) = convert::uri_of(state.sources.name(s.span.file))
                {
                    locations.push(Location {
                        uri,
                        range: convert::range(&state.sources, s.span),
                    });
                }
            }
        }
        let manifests: Vec<Url> = self
            .world
            .docs
            .keys()
            .filter(|u| kind_of(u) == DocKind::Manifest)
            .cloned()
            .collect();
        for uri in manifests {
            let text = self
                .world
                .docs
                .get(&uri)
                .map(|d| d.text.clone())
                .unwrap_or_default();
            let mut sources = SourceMap::new();
            let file = sources.add(convert::name_of(&uri), text.as_str());
            if let (Some(m), _) = manifest::load(file, &text) {
                for s in symbols::manifest_symbols(&m).iter().filter(|s| same(s)) {
                    locations.push(Location {
                        uri: uri.clone(),
                        range: convert::range(&sources, s.span),
                    });
                }
            }
        }
        to_value(locations)
    }
}
