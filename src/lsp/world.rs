//! What the language server knows: the open documents (unsaved text wins over the disk), the
//! workspace's policy loaded through them, and each document's diagnostics, computed by the same
//! core as `candor check`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lsp_types::Url;

use super::convert;
use crate::diagnostic::{Code, Diagnostic};
use crate::limits;
use crate::manifest::Manifest;
use crate::policy::{self, LoadedPolicy};
use crate::rules;
use crate::severity::Overrides;
use crate::source::{FileId, SourceMap, Span};
use crate::workspace;

/// An open document.
#[derive(Debug, Clone)]
pub struct Document {
    /// Its current text.
    pub text: String,
}

/// What kind of file a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// A `*.candor` policy file.
    Policy,
    /// A product data manifest.
    Manifest,
    /// Anything else: candor leaves it alone.
    Other,
}

/// The kind of the document at `uri`, by its file name.
pub fn kind_of(uri: &Url) -> DocKind {
    let name = uri
        .path_segments()
        .and_then(|mut s| s.next_back())
        .unwrap_or("");
    if name.ends_with(".candor") {
        DocKind::Policy
    } else if workspace::is_manifest_name(name) {
        DocKind::Manifest
    } else {
        DocKind::Other
    }
}

/// The workspace's policy, loaded.
pub struct PolicyState {
    /// Every policy file read (named by absolute path).
    pub sources: SourceMap,
    /// The model and its diagnostics.
    pub loaded: LoadedPolicy,
    /// Severity overrides from `candor.yaml`.
    pub overrides: Overrides,
}

/// The server's state.
#[derive(Default)]
pub struct World {
    /// The workspace folder.
    pub root: Option<PathBuf>,
    /// Open documents by URI.
    pub docs: BTreeMap<Url, Document>,
    policy: Option<PolicyState>,
}

/// A manifest checked in the context of the policy: the sources it and the policy live in, the
/// manifest, and its diagnostics.
pub struct CheckedManifest {
    /// The policy's files and this manifest.
    pub sources: SourceMap,
    /// The manifest's file id.
    pub file: FileId,
    /// The manifest, if it loaded.
    pub manifest: Option<Manifest>,
    /// Its findings, severities overridden as `candor.yaml` says.
    pub diagnostics: Vec<Diagnostic>,
}

impl World {
    /// A world for the workspace folder `root`.
    pub fn new(root: Option<PathBuf>) -> Self {
        World {
            root,
            ..World::default()
        }
    }

    /// Drops the loaded policy so that the next use reloads it.
    pub fn invalidate_policy(&mut self) {
        self.policy = None;
    }

    /// The text of a file: the open document's if it is open, else the disk's.
    fn read(&self, path: &Path) -> Result<String, String> {
        if let Ok(uri) = Url::from_file_path(path)
            && let Some(doc) = self.docs.get(&uri)
        {
            return Ok(doc.text.clone());
        }
        workspace::read_text(path, limits::POLICY_BYTES).map_err(|e| e.message)
    }

    /// The workspace policy, found as `candor check` finds it from the workspace folder, or why
    /// it cannot be loaded.
    pub fn loaded_policy(&mut self) -> Result<&PolicyState, String> {
        if self.policy.is_none() {
            match self.load_policy() {
                Ok(state) => self.policy = Some(state),
                Err(message) => return Err(message),
            }
        }
        self.policy
            .as_ref()
            .ok_or_else(|| "no policy found".to_owned())
    }

    fn load_policy(&self) -> Result<PolicyState, String> {
        let base = match &self.root {
            Some(root) => root.clone(),
            None => std::env::current_dir().map_err(|e| e.to_string())?,
        };
        let config = workspace::find_config_from(&base).map_err(|e| e.0)?;
        let path = workspace::policy_path_in(&base, None, config.as_ref()).map_err(|e| e.0)?;
        let overrides = Overrides::from_settings(
            &config
                .iter()
                .map(|c| &c.config.severity)
                .collect::<Vec<_>>(),
        )?;
        let mut sources = SourceMap::new();
        let text = self
            .read(&path)
            .map_err(|e| format!("cannot read the policy `{}`: {e}", path.display()))?;
        let root = sources.add(path.to_string_lossy().into_owned(), text);
        let loaded = policy::load(&mut sources, root, &mut |name| self.read(Path::new(name)));
        Ok(PolicyState {
            sources,
            loaded,
            overrides,
        })
    }

    /// The diagnostics of a policy document: its share of the workspace policy's, or, for a
    /// policy file outside the workspace policy, its own as a root.
    pub fn policy_diagnostics(&mut self, uri: &Url) -> (SourceMap, Vec<Diagnostic>) {
        let name = convert::name_of(uri);
        if let Some(file) = self.workspace_file(&name)
            && let Ok(state) = self.loaded_policy()
        {
            let diags = state
                .loaded
                .diagnostics
                .iter()
                .filter(|d| d.primary.span.file == file)
                .cloned()
                .collect();
            return (state.sources.clone(), state.overrides.apply(diags));
        }
        let (sources, loaded) = self.standalone(uri);
        let root = loaded.files.first().copied();
        let diags = loaded
            .diagnostics
            .into_iter()
            .filter(|d| Some(d.primary.span.file) == root)
            .collect();
        (sources, diags)
    }

    /// The policy a document is read against, with its files: the workspace policy, or for a
    /// policy file outside it, that file loaded as a root of its own.
    pub fn policy_for(&mut self, uri: &Url) -> Result<(SourceMap, LoadedPolicy), String> {
        if kind_of(uri) == DocKind::Policy && self.workspace_file(&convert::name_of(uri)).is_none()
        {
            return Ok(self.standalone(uri));
        }
        let state = self.loaded_policy()?;
        Ok((state.sources.clone(), state.loaded.clone()))
    }

    /// The id of the file named `name` if it is one of the workspace policy's files.
    fn workspace_file(&mut self, name: &str) -> Option<FileId> {
        let state = self.loaded_policy().ok()?;
        state
            .sources
            .find(name)
            .filter(|f| state.loaded.files.contains(f))
    }

    /// The policy document `uri` loaded as a root of its own (with what it includes).
    fn standalone(&self, uri: &Url) -> (SourceMap, LoadedPolicy) {
        let text = self
            .docs
            .get(uri)
            .map(|d| d.text.clone())
            .unwrap_or_default();
        let mut sources = SourceMap::new();
        let root = sources.add(convert::name_of(uri), text);
        let loaded = policy::load(&mut sources, root, &mut |n| self.read(Path::new(n)));
        (sources, loaded)
    }

    /// Loads and checks the manifest document `uri` against the workspace policy.
    pub fn check_manifest(&mut self, uri: &Url) -> CheckedManifest {
        let text = self
            .docs
            .get(uri)
            .map(|d| d.text.clone())
            .unwrap_or_default();
        let name = convert::name_of(uri);
        let state = match self.loaded_policy() {
            Ok(state) => state,
            Err(message) => {
                let mut sources = SourceMap::new();
                let file = sources.add(name, text);
                let diagnostic = Diagnostic::new(
                    Code::IoError,
                    Span::new(file, 0, 0),
                    format!("no policy to check against: {message}"),
                );
                return CheckedManifest {
                    sources,
                    file,
                    manifest: None,
                    diagnostics: vec![diagnostic],
                };
            }
        };
        let mut sources = state.sources.clone();
        let file = sources.add(name, text.as_str());
        let (manifest, result) = rules::check_manifest_text(&state.loaded.policy, file, &text);
        let diagnostics = state.overrides.apply(result.diagnostics);
        CheckedManifest {
            sources,
            file,
            manifest,
            diagnostics,
        }
    }

    /// The LSP diagnostics of the document `uri`.
    pub fn diagnostics(&mut self, uri: &Url) -> Vec<lsp_types::Diagnostic> {
        let (sources, diags) = match kind_of(uri) {
            DocKind::Policy => self.policy_diagnostics(uri),
            DocKind::Manifest => {
                let checked = self.check_manifest(uri);
                (checked.sources, checked.diagnostics)
            }
            DocKind::Other => return Vec::new(),
        };
        let mut diags = diags;
        diags.sort_by_key(|d| (d.primary.span.start, d.code));
        diags
            .iter()
            .map(|d| convert::diagnostic(&sources, d))
            .collect()
    }
}
