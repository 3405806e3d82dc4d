//! The language server (`candor lsp`): synchronous, on `lsp-server` and `lsp-types`, over
//! standard input and output; logs go to standard error only.
//!
//! It publishes the same diagnostics as `candor check` (same core, same codes, severities and
//! ranges) for open policy files and manifests, computed on the unsaved text; re-checks every
//! open document when a policy file changes; and answers hover, go to definition, references,
//! completion and formatting.

pub mod convert;
pub mod symbols;
pub mod world;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    Completion, Formatting, GotoDefinition, HoverRequest, References, Request as _,
};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionOptions, CompletionParams, CompletionResponse,
    DocumentFormattingParams, GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverContents,
    HoverParams, HoverProviderCapability, InitializeParams, Location, MarkupContent, MarkupKind,
    OneOf, PublishDiagnosticsParams, ReferenceParams, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextEdit, Url,
};
use serde_json::Value;

use symbols::{Symbol, SymbolKind};
use world::{DocKind, Document, World, kind_of};

use crate::manifest;
use crate::policy::Policy;
use crate::source::SourceMap;

/// Runs the server on standard input and output until the client exits.
pub fn run_stdio() -> Result<(), String> {
    let (connection, io_threads) = Connection::stdio();
    let served = run(&connection);
    // The writer thread ends when the last sender is gone: drop the connection before waiting
    // for it, or the process outlives the client.
    drop(connection);
    served?;
    io_threads
        .join()
        .map_err(|e| format!("the connection failed: {e}"))
}

/// The capabilities candor offers.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".to_owned(), "[".to_owned(), " ".to_owned()]),
            ..CompletionOptions::default()
        }),
        ..ServerCapabilities::default()
    }
}

/// Runs the server on `connection`: the handshake, then messages until `shutdown` and `exit`.
pub fn run(connection: &Connection) -> Result<(), String> {
    let (id, params) = connection
        .initialize_start()
        .map_err(|e| format!("initialize: {e}"))?;
    let result = lsp_types::InitializeResult {
        capabilities: capabilities(),
        server_info: Some(lsp_types::ServerInfo {
            name: "candor".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    };
    let result = serde_json::to_value(result).map_err(|e| e.to_string())?;
    connection
        .initialize_finish(id, result)
        .map_err(|e| format!("initialize: {e}"))?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    #[allow(deprecated, reason = "older clients send only rootUri")]
    let root = params
        .workspace_folders
        .as_ref()
        .and_then(|folders| folders.first())
        .map(|f| f.uri.clone())
        .or(params.root_uri)
        .and_then(|uri| uri.to_file_path().ok());
    eprintln!(
        "candor lsp: workspace {}",
        root.as_ref()
            .map_or("(none)".into(), |r| r.display().to_string())
    );
    let mut server = Server {
        connection,
        world: World::new(root),
    };
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection
                    .handle_shutdown(&request)
                    .map_err(|e| e.to_string())?
                {
                    return Ok(());
                }
                server.request(request);
            }
            Message::Notification(notification) => server.notification(notification),
            Message::Response(_) => {}
        }
    }
    Ok(())
}

struct Server<'c> {
    connection: &'c Connection,
    world: World,
}

/// A failed request: its LSP error code and message.
type Failure = (ErrorCode, String);

impl Server<'_> {
    fn send(&self, message: Message) {
        if self.connection.sender.send(message).is_err() {
            eprintln!("candor lsp: the client went away");
        }
    }

    fn request(&mut self, request: Request) {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            HoverRequest::METHOD => params(request).and_then(|p| self.hover(p)),
            GotoDefinition::METHOD => params(request).and_then(|p| self.definition(p)),
            References::METHOD => params(request).and_then(|p| self.references(p)),
            Completion::METHOD => params(request).and_then(|p| self.completion(p)),
            Formatting::METHOD => params(request).and_then(|p| self.formatting(p)),
            method => Err((
                ErrorCode::MethodNotFound,
                format!("candor does not handle `{method}`"),
            )),
        };
        self.respond(id, result);
    }

    fn respond(&self, id: RequestId, result: Result<Value, Failure>) {
        let response = match result {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        };
        self.send(response.into());
    }

    fn notification(&mut self, notification: Notification) {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(
                    notification.params,
                ) {
                    let uri = p.text_document.uri;
                    self.world.docs.insert(
                        uri.clone(),
                        Document {
                            text: p.text_document.text,
                        },
                    );
                    self.changed(&uri);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(
                    notification.params,
                ) {
                    let uri = p.text_document.uri;
                    // Full synchronisation: the last change holds the whole text.
                    if let Some(change) = p.content_changes.into_iter().next_back() {
                        self.world
                            .docs
                            .insert(uri.clone(), Document { text: change.text });
                        self.changed(&uri);
                    }
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidSaveTextDocumentParams>(
                    notification.params,
                ) {
                    self.changed(&p.text_document.uri);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(
                    notification.params,
                ) {
                    let uri = p.text_document.uri;
                    self.world.docs.remove(&uri);
                    self.publish(&uri, Vec::new());
                    if kind_of(&uri) == DocKind::Policy {
                        // The disk's text now stands for the policy again.
                        self.world.invalidate_policy();
                        self.publish_all();
                    }
                }
            }
            DidChangeWatchedFiles::METHOD => {
                self.world.invalidate_policy();
                self.publish_all();
            }
            _ => {}
        }
    }

    /// Re-diagnoses after `uri` changed: everything when it is a policy file (or `candor.yaml`),
    /// else the document alone.
    fn changed(&mut self, uri: &Url) {
        let is_config = uri.path().ends_with("/candor.yaml");
        match kind_of(uri) {
            DocKind::Policy => {
                self.world.invalidate_policy();
                self.publish_all();
            }
            DocKind::Manifest => {
                let diagnostics = self.world.diagnostics(uri);
                self.publish(uri, diagnostics);
            }
            DocKind::Other if is_config => {
                self.world.invalidate_policy();
                self.publish_all();
            }
            DocKind::Other => {}
        }
    }

    fn publish_all(&mut self) {
        let uris: Vec<Url> = self.world.docs.keys().cloned().collect();
        for uri in uris {
            if kind_of(&uri) != DocKind::Other {
                let diagnostics = self.world.diagnostics(&uri);
                self.publish(&uri, diagnostics);
            }
        }
    }

    fn publish(&self, uri: &Url, diagnostics: Vec<lsp_types::Diagnostic>) {
        let params = PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version: None,
        };
        self.send(Notification::new(PublishDiagnostics::METHOD.to_owned(), params).into());
    }

    /// The symbol under the cursor, with the sources it was found in and the policy it is read
    /// against.
    fn symbol_at(
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
            DocKind::Other => Ok(None),
        }
    }

    fn hover(&mut self, p: HoverParams) -> Result<Value, Failure> {
        let position = p.text_document_position_params;
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

    fn definition(&mut self, p: GotoDefinitionParams) -> Result<Value, Failure> {
        let position = p.text_document_position_params;
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

    fn references(&mut self, p: ReferenceParams) -> Result<Value, Failure> {
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

    fn completion(&mut self, p: CompletionParams) -> Result<Value, Failure> {
        let uri = p.text_document_position.text_document.uri;
        let doc = self.world.docs.get(&uri).ok_or_else(|| not_open(&uri))?;
        let offset = convert::offset(&doc.text, p.text_document_position.position);
        let site = match kind_of(&uri) {
            DocKind::Manifest => symbols::manifest_context(&doc.text, offset),
            DocKind::Policy => symbols::policy_context(&doc.text, offset),
            DocKind::Other => None,
        };
        let Some(site) = site else {
            return to_value(CompletionResponse::Array(Vec::new()));
        };
        // The whole id typed so far is replaced, so accepting `location.precise` after
        // `location.` gives `location.precise`, never `location.location.precise`.
        let mut sources = SourceMap::new();
        let file = sources.add(convert::name_of(&uri), doc.text.as_str());
        let range = convert::range(
            &sources,
            crate::source::Span::new(file, site.start, site.end),
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
            .map(|(label, description)| CompletionItem {
                kind: Some(item_kind),
                detail: Some(format!("{} — {description}", site.kind.name())),
                filter_text: Some(label.clone()),
                text_edit: Some(lsp_types::CompletionTextEdit::Edit(TextEdit {
                    range,
                    new_text: label.clone(),
                })),
                label,
                ..CompletionItem::default()
            })
            .collect();
        to_value(CompletionResponse::Array(items))
    }

    fn formatting(&mut self, p: DocumentFormattingParams) -> Result<Value, Failure> {
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

fn params<P: serde::de::DeserializeOwned>(request: Request) -> Result<P, Failure> {
    serde_json::from_value(request.params).map_err(|e| {
        (
            ErrorCode::InvalidParams,
            format!("invalid parameters for `{}`: {e}", request.method),
        )
    })
}

fn to_value(value: impl serde::Serialize) -> Result<Value, Failure> {
    serde_json::to_value(value).map_err(|e| (ErrorCode::InternalError, e.to_string()))
}

fn not_open(uri: &Url) -> Failure {
    (ErrorCode::InvalidParams, format!("`{uri}` is not open"))
}
