//! The language server (`candor lsp`): synchronous, on `lsp-server` and `lsp-types`, over
//! standard input and output; logs go to standard error only.
//!
//! It publishes the same diagnostics as `candor check` (same core, same codes, severities and
//! ranges) for open policy files, manifests and `candor.yaml`, computed on the unsaved text; re-checks every
//! open document when a policy file changes; and answers hover, go to definition, references,
//! completion and formatting. Its input is read by [`transport`], within the limits of
//! [`crate::limits`]: a frame or body it cannot take is answered with an error and the server
//! goes on.

mod actions;
mod complete;
pub mod convert;
mod evidence;
mod formatting;
mod navigate;
mod outline;
mod rename;
mod store;
pub mod symbols;
pub mod tokens;
mod transport;
pub mod world;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Exit, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest,
    PrepareRenameRequest, References, Rename, Request as _, SemanticTokensFullRequest, Shutdown,
};
use lsp_types::{
    CompletionOptions, HoverProviderCapability, InitializeParams, OneOf, PublishDiagnosticsParams,
    ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, Url,
};
use serde_json::Value;

use world::{DocKind, Document, World, kind_of};

/// Runs the server on standard input and output until the client exits.
pub fn run_stdio() -> Result<(), String> {
    let (connection, io_threads) =
        transport::stdio().map_err(|e| format!("cannot start the server: {e}"))?;
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
        text_document_sync: Some(TextDocumentSyncCapability::Kind(
            TextDocumentSyncKind::INCREMENTAL,
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(lsp_types::RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: lsp_types::WorkDoneProgressOptions::default(),
        })),
        semantic_tokens_provider: Some(
            lsp_types::SemanticTokensServerCapabilities::SemanticTokensOptions(
                lsp_types::SemanticTokensOptions {
                    legend: tokens::legend(),
                    full: Some(lsp_types::SemanticTokensFullOptions::Bool(true)),
                    ..lsp_types::SemanticTokensOptions::default()
                },
            ),
        ),
        code_action_provider: Some(lsp_types::CodeActionProviderCapability::Options(
            lsp_types::CodeActionOptions {
                code_action_kinds: Some(vec![lsp_types::CodeActionKind::QUICKFIX]),
                ..lsp_types::CodeActionOptions::default()
            },
        )),
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
    // Answer without waiting for `initialized`: a client that goes straight to `shutdown` (or a
    // script) must still be served, and the notification is ignored when it comes.
    connection
        .sender
        .send(Response::new_ok(id, result).into())
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
    // After `shutdown`, requests are refused and notifications dropped until `exit`.
    let mut shut_down = false;
    // Messages read ahead while coalescing edits, to handle before reading more.
    let mut read_ahead: std::collections::VecDeque<Message> = std::collections::VecDeque::new();
    loop {
        let message = match read_ahead.pop_front() {
            Some(message) => message,
            None => match connection.receiver.recv() {
                Ok(message) => message,
                Err(_) => break,
            },
        };
        match message {
            Message::Notification(notification) if notification.method == Exit::METHOD => {
                return Ok(());
            }
            Message::Request(request) if shut_down => server.respond(
                request.id,
                Err((
                    ErrorCode::InvalidRequest,
                    format!(
                        "the server is shut down: `{}` is refused, only `exit` is expected",
                        request.method
                    ),
                )),
            ),
            Message::Request(request) if request.method == Shutdown::METHOD => {
                shut_down = true;
                server.respond(request.id, Ok(Value::Null));
            }
            Message::Request(request) => server.request(request),
            Message::Notification(_) if shut_down => {}
            Message::Notification(notification)
                if notification.method == DidChangeTextDocument::METHOD =>
            {
                // Edits that arrived while the last ones were diagnosed are applied together
                // and diagnosed once: the diagnostics published are the latest version's.
                let mut changed = Vec::new();
                server.apply_change(notification, &mut changed);
                while let Ok(next) = connection.receiver.try_recv() {
                    match next {
                        Message::Notification(n) if n.method == DidChangeTextDocument::METHOD => {
                            server.apply_change(n, &mut changed);
                        }
                        other => {
                            read_ahead.push_back(other);
                            break;
                        }
                    }
                }
                server.changed_all(&changed);
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
            CodeActionRequest::METHOD => params(request).and_then(|p| self.code_actions(p)),
            PrepareRenameRequest::METHOD => params(request).and_then(|p| self.prepare_rename(p)),
            Rename::METHOD => params(request).and_then(|p| self.rename(p)),
            SemanticTokensFullRequest::METHOD => {
                params(request).and_then(|p| self.semantic_tokens(p))
            }
            DocumentSymbolRequest::METHOD => params(request).and_then(|p| self.document_symbols(p)),
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
                            version: Some(p.text_document.version),
                        },
                    );
                    self.changed(&uri);
                }
            }
            DidChangeTextDocument::METHOD => {
                let mut changed = Vec::new();
                self.apply_change(notification, &mut changed);
                self.changed_all(&changed);
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
                    if matches!(kind_of(&uri), DocKind::Policy | DocKind::Config) {
                        // The disk's text now stands for the policy (or settings) again.
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

    /// Applies the edits of a `didChange` to its document (ranges in UTF-16 code units; a
    /// change without a range is the whole text), and notes the document in `changed`.
    fn apply_change(&mut self, notification: Notification, changed: &mut Vec<Url>) {
        let Ok(p) =
            serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(notification.params)
        else {
            return;
        };
        let uri = p.text_document.uri;
        let Some(doc) = self.world.docs.get_mut(&uri) else {
            return;
        };
        for change in p.content_changes {
            match change.range {
                Some(range) => {
                    let start = convert::offset(&doc.text, range.start);
                    let end = convert::offset(&doc.text, range.end).max(start);
                    if doc.text.is_char_boundary(start) && doc.text.is_char_boundary(end) {
                        doc.text.replace_range(start..end, &change.text);
                    }
                }
                None => doc.text = change.text,
            }
        }
        doc.version = Some(p.text_document.version);
        if !changed.contains(&uri) {
            changed.push(uri);
        }
    }

    /// Re-diagnoses after the documents `changed` changed: everything once when one of them is
    /// a policy file or `candor.yaml`, else each alone.
    fn changed_all(&mut self, changed: &[Url]) {
        if changed
            .iter()
            .any(|u| matches!(kind_of(u), DocKind::Policy | DocKind::Config))
        {
            self.world.invalidate_policy();
            self.publish_all();
        } else {
            for uri in changed {
                self.changed(uri);
            }
        }
    }

    /// Re-diagnoses after `uri` changed: everything when it is a policy file or `candor.yaml`
    /// (whose unsaved text the session then reads), else the document alone.
    fn changed(&mut self, uri: &Url) {
        match kind_of(uri) {
            DocKind::Policy | DocKind::Config => {
                self.world.invalidate_policy();
                self.publish_all();
            }
            DocKind::Manifest | DocKind::Store(_) => {
                let diagnostics = self.world.diagnostics(uri);
                self.publish(uri, diagnostics);
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

    /// Publishes `diagnostics` for `uri`, with the version of the text they are about.
    fn publish(&self, uri: &Url, diagnostics: Vec<lsp_types::Diagnostic>) {
        let params = PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version: self.world.docs.get(uri).and_then(|d| d.version),
        };
        self.send(Notification::new(PublishDiagnostics::METHOD.to_owned(), params).into());
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
