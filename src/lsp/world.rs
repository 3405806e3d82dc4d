//! What the language server knows: the open documents (unsaved text wins over the disk) and the
//! workspace's [`Session`] opened through them, the same session `candor check` drives, so
//! configuration, exclusion, severity overrides and an unusable policy behave the same.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lsp_types::Url;

use super::convert;
use crate::diagnostic::Diagnostic;
use crate::platform::Platform;
use crate::policy::{self, LoadedPolicy};
use crate::session::{DocumentCheck, Files, Options, Root, Session};
use crate::source::SourceMap;
use crate::workspace::{self, ReadError, Scope};

/// An open document.
#[derive(Debug, Clone)]
pub struct Document {
    /// Its current text.
    pub text: String,
    /// The version the client gave that text, which published diagnostics carry.
    pub version: Option<i32>,
}

/// What kind of file a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// A `*.candor` policy file.
    Policy,
    /// A product data manifest.
    Manifest,
    /// An app store declaration: an Apple privacy manifest or a Play data safety CSV.
    Store(Platform),
    /// candor's configuration, `candor.yaml`.
    Config,
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
    } else if name == workspace::CONFIG_FILE {
        DocKind::Config
    } else if let Some(platform) = Platform::of_file_name(name) {
        DocKind::Store(platform)
    } else if workspace::is_manifest_name(name)
        || crate::evidence::FileKind::of_file_name(name).is_some()
    {
        DocKind::Manifest
    } else {
        DocKind::Other
    }
}

/// The server's state.
#[derive(Default)]
pub struct World {
    /// The workspace folder.
    pub root: Option<PathBuf>,
    /// Open documents by URI.
    pub docs: BTreeMap<Url, Document>,
    session: Option<Session>,
}

/// The editor's open documents laid over the disk.
struct Overlay<'d> {
    docs: &'d BTreeMap<Url, Document>,
}

impl Files for Overlay<'_> {
    fn read(&self, path: &Path, cap: u64, scope: &Scope) -> Result<String, ReadError> {
        if let Ok(uri) = Url::from_file_path(crate::workspace::normalize(path))
            && let Some(doc) = self.docs.get(&uri)
        {
            return Ok(doc.text.clone());
        }
        workspace::read_text_in(path, cap, scope)
    }

    fn read_bytes(&self, path: &Path, cap: u64, scope: &Scope) -> Result<Vec<u8>, ReadError> {
        if let Ok(uri) = Url::from_file_path(crate::workspace::normalize(path))
            && let Some(doc) = self.docs.get(&uri)
        {
            return Ok(doc.text.clone().into_bytes());
        }
        workspace::read_bytes(path, cap, scope)
    }

    fn is_file(&self, path: &Path) -> bool {
        let open = Url::from_file_path(crate::workspace::normalize(path))
            .is_ok_and(|uri| self.docs.contains_key(&uri));
        open || path.symlink_metadata().is_ok_and(|m| !m.is_dir())
    }
}

/// A manifest checked in the context of the policy.
pub type CheckedManifest = DocumentCheck;

impl World {
    /// A world for the workspace folder `root`.
    pub fn new(root: Option<PathBuf>) -> Self {
        World {
            root,
            ..World::default()
        }
    }

    /// Drops the session so that the next use reopens it (the policy or candor.yaml changed).
    pub fn invalidate_policy(&mut self) {
        self.session = None;
    }

    /// The workspace session, opened as `candor check` opens it from the workspace folder, or
    /// why it cannot be.
    pub fn loaded_policy(&mut self) -> Result<&Session, String> {
        if self.session.is_none() {
            let root = match &self.root {
                Some(root) => root.clone(),
                None => std::env::current_dir().map_err(|e| e.to_string())?,
            };
            let files = Overlay { docs: &self.docs };
            let session =
                Session::open(&files, &Root::Folder(root), &Options::default()).map_err(|e| e.0)?;
            self.session = Some(session);
        }
        self.session
            .as_ref()
            .ok_or_else(|| "no policy found".to_owned())
    }

    /// The YAML manifests of the workspace folder, as `candor check` of it finds them, each
    /// with its text (an open document's unsaved text in place of the disk's).
    pub fn workspace_manifests(&mut self) -> Vec<(PathBuf, String)> {
        let Some(root) = self.root.clone() else {
            return Vec::new();
        };
        if self.loaded_policy().is_err() {
            return Vec::new();
        }
        let docs = &self.docs;
        let Some(session) = self.session.as_ref() else {
            return Vec::new();
        };
        let files = Overlay { docs };
        session
            .discover(&[root])
            .manifests
            .into_iter()
            .filter(|(path, _)| {
                path.file_name()
                    .is_some_and(|n| workspace::is_manifest_name(&n.to_string_lossy()))
            })
            .filter_map(|(path, scope)| {
                let text = files
                    .read(&path, crate::limits::MANIFEST_BYTES, &scope)
                    .ok()?;
                Some((path, text))
            })
            .collect()
    }

    /// The diagnostics of a policy document: its share of the workspace policy's, or, for a
    /// policy file outside the workspace policy, its own as a root; overrides applied either way.
    pub fn policy_diagnostics(&mut self, uri: &Url) -> (SourceMap, Vec<Diagnostic>) {
        let name = convert::name_of(uri);
        if let Some(file) = self.workspace_file(&name)
            && let Ok(session) = self.loaded_policy()
        {
            return (session.sources.clone(), session.policy_diagnostics(file));
        }
        let (sources, loaded) = self.standalone(uri);
        let root = loaded.files.first().copied();
        let diags: Vec<Diagnostic> = loaded
            .diagnostics
            .into_iter()
            .filter(|d| Some(d.primary.span.file) == root)
            .collect();
        let diags = match self.loaded_policy() {
            Ok(session) => session.finish(diags),
            Err(_) => diags,
        };
        (sources, diags)
    }

    /// The policy a document is read against, with its files: the workspace policy, or for a
    /// policy file outside it, that file loaded as a root of its own.
    pub fn policy_for(&mut self, uri: &Url) -> Result<(SourceMap, LoadedPolicy), String> {
        if kind_of(uri) == DocKind::Policy && self.workspace_file(&convert::name_of(uri)).is_none()
        {
            return Ok(self.standalone(uri));
        }
        let session = self.loaded_policy()?;
        Ok((session.sources.clone(), session.loaded.clone()))
    }

    /// The id of the file named `name` if it is one of the workspace policy's files.
    fn workspace_file(&mut self, name: &str) -> Option<crate::source::FileId> {
        let session = self.loaded_policy().ok()?;
        session
            .sources
            .find(name)
            .filter(|f| session.loaded.files.contains(f))
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
        let files = Overlay { docs: &self.docs };
        let name = convert::name_of(uri);
        let loaded = policy::load(
            &mut sources,
            root,
            &mut crate::session::include_reader(&files, Path::new(&name)),
        );
        (sources, loaded)
    }

    /// Checks the manifest document `uri` with the workspace session.
    pub fn check_manifest(&mut self, uri: &Url) -> CheckedManifest {
        let text = self
            .docs
            .get(uri)
            .map(|d| d.text.clone())
            .unwrap_or_default();
        let name = convert::name_of(uri);
        let path = uri.to_file_path().unwrap_or_else(|()| PathBuf::from(&name));
        match self.loaded_policy() {
            Ok(session) => session.check_document(&path, &name, &text),
            Err(message) => {
                let mut sources = SourceMap::new();
                let file = sources.add(name, text);
                let diagnostic = Diagnostic::new(
                    crate::diagnostic::Code::IoError,
                    crate::source::Span::new(file, 0, 0),
                    format!("no policy to check against: {message}"),
                );
                DocumentCheck {
                    sources,
                    file,
                    manifest: None,
                    diagnostics: vec![diagnostic],
                }
            }
        }
    }

    /// The diagnostics of the store declaration or evidence document `uri`, as `candor check`
    /// of the workspace folder gives them: evidence is judged against its app's labels, and an
    /// SDK manifest against its app's App Store label, so the workspace's store and evidence
    /// files (open documents as the editor has them) are read and judged together; YAML
    /// manifests are not read. `None` when the document is not one `check` of the folder
    /// reads (not saved yet, outside the folder, excluded) or the policy is unusable: it is
    /// then checked on its own.
    fn declaration_diagnostics(&mut self, uri: &Url) -> Option<(SourceMap, Vec<Diagnostic>)> {
        let name = convert::name_of(uri);
        let file_name = Path::new(&name).file_name()?.to_string_lossy().into_owned();
        if Platform::of_file_name(&file_name).is_none()
            && crate::evidence::FileKind::of_file_name(&file_name).is_none()
        {
            return None;
        }
        let path = workspace::normalize(&uri.to_file_path().ok()?);
        let root = workspace::normalize(&self.root.clone()?);
        if !path.starts_with(&root) || !path.is_file() {
            return None;
        }
        self.loaded_policy().ok()?;
        let docs = &self.docs;
        let session = self.session.as_ref().filter(|s| !s.is_unusable())?;
        if session.is_excluded(&path) {
            return None;
        }
        let files = Overlay { docs };
        let analysis = session.check_declarations(&files, &[root]).ok()?;
        let shown = workspace::display(&path);
        let file = analysis.sources.find(&shown);
        let diagnostics = analysis
            .report
            .diagnostics
            .into_iter()
            .filter(|d| Some(d.primary.span.file) == file)
            .collect();
        Some((analysis.sources, diagnostics))
    }

    /// The labels the evidence document `uri` is judged against, as `candor check` of the
    /// workspace folder finds them (name shown relative to the folder, text, label); none when
    /// the document is not in the folder or the session cannot open.
    pub fn labels_of(&mut self, uri: &Url) -> Vec<(String, String, crate::rules::evidence::Label)> {
        let (Ok(path), Some(root)) = (uri.to_file_path(), self.root.clone()) else {
            return Vec::new();
        };
        let (path, root) = (workspace::normalize(&path), workspace::normalize(&root));
        if !path.starts_with(&root) || self.loaded_policy().is_err() {
            return Vec::new();
        }
        let files = Overlay { docs: &self.docs };
        let Some(session) = self.session.as_ref() else {
            return Vec::new();
        };
        session
            .labels_of(&files, std::slice::from_ref(&root), &path)
            .into_iter()
            .map(|(name, text, label)| {
                let shown = Path::new(&name)
                    .strip_prefix(&root)
                    .map_or(name.clone(), workspace::display);
                (shown, text, label)
            })
            .collect()
    }

    /// The diagnostics of the `candor.yaml` document `uri`, on its unsaved text: the
    /// session's findings in it when it is the workspace's configuration (its settings, and
    /// the ids of its bindings checked against the policy), overrides applied; else what
    /// reading its text finds. When the session cannot open, the reason is shown at its
    /// place in the file, or at its `policy:` value.
    pub fn config_diagnostics(&mut self, uri: &Url) -> (SourceMap, Vec<Diagnostic>) {
        let name = convert::name_of(uri);
        let opened = self.loaded_policy().map(|session| {
            let mine = session.config.as_ref().filter(|c| c.name == name);
            mine.map(|found| {
                let own: Vec<Diagnostic> = session
                    .config_findings()
                    .into_iter()
                    .filter(|d| d.primary.span.file == found.file)
                    .collect();
                (session.sources.clone(), session.finish(own))
            })
        });
        if let Ok(Some(found)) = opened {
            return found;
        }
        let text = self
            .docs
            .get(uri)
            .map(|d| d.text.clone())
            .unwrap_or_default();
        let mut sources = SourceMap::new();
        let file = sources.add(name, text.as_str());
        let diagnostics = match workspace::load_config(file, &text) {
            Err(finding) => vec![*finding],
            Ok((config, mut findings)) => {
                if let Err(reason) = opened {
                    let span = config
                        .policy
                        .map_or(crate::source::Span::new(file, 0, 0), |p| p.span);
                    findings.push(Diagnostic::new(
                        crate::diagnostic::Code::IoError,
                        span,
                        format!("candor cannot check with these settings: {reason}"),
                    ));
                }
                findings
            }
        };
        (sources, diagnostics)
    }

    /// The LSP diagnostics of the document `uri`.
    pub fn diagnostics(&mut self, uri: &Url) -> Vec<lsp_types::Diagnostic> {
        let (sources, diags) = match kind_of(uri) {
            DocKind::Policy => self.policy_diagnostics(uri),
            DocKind::Manifest | DocKind::Store(_) => match self.declaration_diagnostics(uri) {
                Some(found) => found,
                None => {
                    let checked = self.check_manifest(uri);
                    (checked.sources, checked.diagnostics)
                }
            },
            DocKind::Config => self.config_diagnostics(uri),
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
