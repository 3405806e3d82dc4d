//! The session: the one driver of the core that `check`, the language server, `fmt` and the
//! fixture tests share. It owns what a run knows beyond one file: the configuration
//! (`candor.yaml`), the policy and its files, the discovery filter, the severity overrides and
//! whether coverage is on. It reads through [`Files`], so the editor's unsaved buffers and the
//! disk go through the same code.

mod batch;
pub mod files;

pub use batch::{Analysis, CheckedFile};

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub use files::{Disk, Files};

use crate::diagnostic::{Code, Diagnostic};
use crate::limits;
use crate::manifest::Manifest;
use crate::platform::Platform;
use crate::policy::model::{GrantId, ProductId};
use crate::policy::{self, LoadedPolicy, Policy};
use crate::report::Report;
use crate::rules::platform::Bound;
use crate::rules::{self, ManifestResult};
use crate::severity::{Overrides, SeverityConfig};
use crate::source::{FileId, SourceFile, SourceMap, Span};
use crate::workspace::{
    self, Discovery, Fatal, Found, FoundConfig, PolicyOrigin, ReadError, ReadErrorKind, Scope,
};

/// Where a session stands.
#[derive(Debug, Clone)]
pub enum Root {
    /// The working directory: paths are shown as given, relative to it (the command line).
    WorkingDir,
    /// An absolute folder: paths are absolute (the language server's workspace folder).
    Folder(PathBuf),
}

/// What the caller chooses; everything else comes from `candor.yaml` and the policy.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The root policy file (default: `policy:` in candor.yaml, else `./policies/`).
    pub policy: Option<PathBuf>,
    /// Severity settings that apply after `candor.yaml`'s.
    pub severity: SeverityConfig,
    /// Report grants no checked manifest uses (`unused-declaration`).
    pub coverage: bool,
}

/// A configured workspace with its policy loaded.
#[derive(Debug, Clone)]
pub struct Session {
    /// The folder relative paths start from (empty for the working directory).
    base: PathBuf,
    /// What a path reached from file contents or the file system may resolve into: the
    /// repository root (DESIGN §11).
    pub scope: Scope,
    /// The nearest `candor.yaml`, if any.
    pub config: Option<FoundConfig>,
    /// The severity overrides: `candor.yaml`'s, then the caller's.
    pub overrides: Overrides,
    /// The root policy file.
    pub policy_path: PathBuf,
    /// The policy's files.
    pub sources: SourceMap,
    /// The policy, resolved and linted.
    pub loaded: LoadedPolicy,
    excludes: globset::GlobSet,
    bindings: Vec<(globset::GlobSet, Bound)>,
    /// Whether coverage is on.
    pub coverage: bool,
}

impl Session {
    /// Finds `candor.yaml` and the policy from `root`, and loads the policy through `files`.
    /// Fails only when candor cannot run at all (no policy, a bad configuration, an unreadable
    /// root policy file).
    pub fn open(files: &dyn Files, root: &Root, options: &Options) -> Result<Session, Fatal> {
        let (start, base) = match root {
            Root::WorkingDir => (
                std::env::current_dir()
                    .map_err(|e| Fatal(format!("cannot read the working directory: {e}")))?,
                PathBuf::new(),
            ),
            Root::Folder(folder) => (folder.clone(), folder.clone()),
        };
        let repository = workspace::repository_root(&start);
        let scope = Scope::within([repository.as_path()]);
        let config = workspace::find_config_from(&start, &scope)?;
        let file_origin = config.as_ref().map(|c| {
            format!(
                "under `severity:` in `{}`",
                workspace::display(&c.dir.join(workspace::CONFIG_FILE))
            )
        });
        let mut settings: Vec<(&str, &SeverityConfig)> = Vec::new();
        if let (Some(found), Some(origin)) = (&config, &file_origin) {
            settings.push((origin, &found.config.severity));
        }
        settings.push(("on the command line", &options.severity));
        let overrides = Overrides::from_settings(&settings).map_err(Fatal)?;
        let excludes = workspace::excludes(config.as_ref())?;
        let bindings = bindings(config.as_ref())?;
        let (policy_path, origin) = workspace::policy_path_in(
            &base,
            &repository,
            options.policy.as_deref(),
            config.as_ref(),
            &policy::included_paths,
        )?;
        if let Some(what) = workspace::not_a_policy(&policy_path) {
            let shown = workspace::display(&policy_path);
            let advice = if what.starts_with("candor's configuration") {
                "name the policy in it with `policy:`, or pass a `*.candor` file".to_owned()
            } else {
                format!(
                    "policies are `*.candor` files; to check `{shown}`, pass it as a path \
                     (`candor check {shown}`)"
                )
            };
            return Err(Fatal(format!(
                "`{shown}` is {what}, not a policy: {advice}"
            )));
        }
        let policy_scope = match origin {
            PolicyOrigin::Typed => Scope::Any,
            PolicyOrigin::Config(_) | PolicyOrigin::Found => scope.clone(),
        };
        let mut sources = SourceMap::new();
        let loaded = load_policy(files, &mut sources, &policy_path, &policy_scope).map_err(
            |fatal| match (origin, &config) {
                (PolicyOrigin::Config(line), Some(found)) => Fatal(format!(
                    "{} (named by `policy:` at `{}:{line}`)",
                    fatal.0,
                    workspace::display(&found.dir.join(workspace::CONFIG_FILE))
                )),
                _ => fatal,
            },
        )?;
        Ok(Session {
            base,
            scope,
            config,
            overrides,
            policy_path,
            sources,
            loaded,
            excludes,
            bindings,
            coverage: options.coverage,
        })
    }

    /// The files a run reads besides what discovery finds: the policy's files, `candor.yaml`
    /// and the typed `paths`.
    pub fn input_files(&self, paths: &[PathBuf]) -> Vec<PathBuf> {
        let mut inputs: Vec<PathBuf> = self
            .loaded
            .files
            .iter()
            .map(|&f| self.base.join(self.sources.name(f)))
            .collect();
        inputs.extend(
            self.config
                .iter()
                .map(|c| self.base.join(&c.dir).join(workspace::CONFIG_FILE)),
        );
        inputs.extend(paths.iter().cloned());
        inputs
    }

    /// The policy model.
    pub fn policy(&self) -> &Policy {
        &self.loaded.policy
    }

    /// Whether the policy could not be used at all: manifests are then not checked.
    pub fn is_unusable(&self) -> bool {
        self.loaded.is_unusable()
    }

    /// `path` relative to the folder of candor.yaml (as patterns there are written), and as
    /// given.
    fn config_relative(&self, path: &Path) -> (PathBuf, PathBuf) {
        let path = workspace::normalize(path);
        let relative = self
            .config
            .as_ref()
            .and_then(|c| {
                path.strip_prefix(workspace::normalize(&self.base.join(&c.dir)))
                    .ok()
            })
            .map(Path::to_path_buf)
            .unwrap_or_else(|| path.clone());
        (relative, path)
    }

    /// Whether `path` is left out by `exclude:` in candor.yaml.
    pub fn is_excluded(&self, path: &Path) -> bool {
        if self.excludes.is_empty() {
            return false;
        }
        let (relative, path) = self.config_relative(path);
        self.excludes.is_match(&relative) || self.excludes.is_match(&path)
    }

    /// The product the platform file at `path` is bound to by `products:` in candor.yaml: the
    /// first binding whose pattern matches.
    pub fn binding(&self, path: &Path) -> Option<&Bound> {
        let (relative, path) = self.config_relative(path);
        self.bindings
            .iter()
            .find(|(glob, _)| glob.is_match(&relative) || glob.is_match(&path))
            .map(|(_, bound)| bound)
    }

    /// Finds the manifests under `paths` (see [`workspace::discover`]), leaving out excluded
    /// paths.
    pub fn discover(&self, paths: &[PathBuf]) -> Discovery {
        workspace::discover(paths, &self.scope, &|p| self.is_excluded(p))
    }

    /// Applies the severity overrides.
    pub fn finish(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        self.overrides.apply(diagnostics)
    }

    /// Loads the text of `file` and checks it against the policy (before overrides): a YAML
    /// manifest, or a platform declaration (by the name of `path`) judged as entries of the
    /// product its binding names.
    pub fn check_text(
        &self,
        path: &Path,
        file: FileId,
        text: &str,
    ) -> (Option<Manifest>, ManifestResult) {
        let platform = path
            .file_name()
            .and_then(|n| Platform::of_file_name(&n.to_string_lossy()));
        let Some(platform) = platform else {
            return rules::check_manifest_text(&self.loaded.policy, file, text);
        };
        let (declaration, mut diagnostics) = crate::platform::load(platform, file, text);
        let mut result = declaration
            .map(|d| rules::platform::check(&self.loaded.policy, &d, self.binding(path)))
            .unwrap_or_default();
        diagnostics.append(&mut result.diagnostics);
        result.diagnostics = diagnostics;
        (None, result)
    }

    /// Reads and checks the manifest at `path` as file `file`, if it resolves inside `scope`.
    pub fn check_file(
        &self,
        files: &dyn Files,
        file: FileId,
        path: &Path,
        scope: &Scope,
    ) -> CheckedFile {
        let name = workspace::display(path);
        match files.read(path, limits::MANIFEST_BYTES, scope) {
            Ok(text) => {
                let (_, result) = self.check_text(path, file, &text);
                // Only files with findings are ever shown: keep the text of those alone.
                let text = if result.diagnostics.is_empty() {
                    String::new()
                } else {
                    text
                };
                CheckedFile { name, text, result }
            }
            Err(error) => CheckedFile {
                result: ManifestResult {
                    diagnostics: vec![workspace::unreadable(file, &error, &name)],
                    ..ManifestResult::default()
                },
                name,
                text: error.partial,
            },
        }
    }

    /// The findings of one manifest document named `name` with text `text`, as the editor
    /// shows them: nothing for an excluded file, a note when the policy is unusable, else the
    /// checks' findings with the overrides applied. The returned map holds the policy's files
    /// and the document.
    pub fn check_document(&self, path: &Path, name: &str, text: &str) -> DocumentCheck {
        let mut sources = self.sources.clone();
        let file = sources.add(name, text);
        if self.is_excluded(path) {
            return DocumentCheck {
                sources,
                file,
                manifest: None,
                diagnostics: Vec::new(),
            };
        }
        if self.is_unusable() {
            let first = self.loaded.diagnostics.first();
            let mut note = Diagnostic::new(
                Code::PolicySyntax,
                Span::new(file, 0, 0),
                format!(
                    "the policy `{}` does not parse, so this manifest is not checked",
                    workspace::display(&self.policy_path)
                ),
            )
            .with_help("fix the policy's syntax errors first");
            if let Some(first) = first {
                note = note.with_related(first.primary.span, first.message.clone());
            }
            return DocumentCheck {
                sources,
                file,
                manifest: None,
                diagnostics: vec![note],
            };
        }
        let (manifest, result) = self.check_text(path, file, text);
        DocumentCheck {
            sources,
            file,
            manifest,
            diagnostics: self.finish(result.diagnostics),
        }
    }

    /// The policy diagnostics of the policy file `file` (overrides applied).
    pub fn policy_diagnostics(&self, file: FileId) -> Vec<Diagnostic> {
        let own = self
            .loaded
            .diagnostics
            .iter()
            .filter(|d| d.primary.span.file == file)
            .cloned()
            .collect();
        self.finish(own)
    }
}

/// The `products:` bindings of candor.yaml, compiled; each is a set of one pattern, which
/// compiles without panicking whatever the pattern.
fn bindings(config: Option<&FoundConfig>) -> Result<Vec<(globset::GlobSet, Bound)>, Fatal> {
    let Some(found) = config else {
        return Ok(Vec::new());
    };
    found
        .config
        .products
        .iter()
        .map(|b| {
            let glob = workspace::glob::compile(found, "products:", [&b.path])?;
            Ok((
                glob,
                Bound {
                    product: b.product.clone(),
                    conditions: b.conditions.clone(),
                },
            ))
        })
        .collect()
}

/// A manifest document checked by [`Session::check_document`].
#[derive(Debug, Clone)]
pub struct DocumentCheck {
    /// The policy's files and the document.
    pub sources: SourceMap,
    /// The document's id.
    pub file: FileId,
    /// The manifest, if it loaded.
    pub manifest: Option<Manifest>,
    /// Its findings.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads, parses, resolves and lints the policy rooted at `path` through `files`. Fails only
/// when the root file cannot be read; everything else is a diagnostic.
pub fn load_policy(
    files: &dyn Files,
    sources: &mut SourceMap,
    path: &Path,
    scope: &Scope,
) -> Result<LoadedPolicy, Fatal> {
    let name = workspace::display(path);
    let text = match files.read(path, limits::POLICY_BYTES, scope) {
        Ok(text) => text,
        // A policy that is not text is a finding at the first bad byte, not a crash.
        Err(ReadError {
            kind: ReadErrorKind::NotUtf8(offset),
            message,
            partial,
        }) => {
            let root = sources.add(name.clone(), partial);
            let diagnostic = Diagnostic::new(
                Code::PolicySyntax,
                Span::new(root, offset, offset),
                format!("the policy `{name}` is not text: {message}"),
            )
            .with_label("not UTF-8")
            .with_help("a policy is a UTF-8 text file");
            return Ok(LoadedPolicy {
                policy: Policy::default(),
                files: vec![root],
                diagnostics: vec![diagnostic],
                asts: vec![crate::policy::ast::PolicyFile::empty(root)],
                suppressed: 0,
            });
        }
        Err(e) => {
            return Err(Fatal(format!(
                "cannot read the policy `{name}`: {}",
                e.message
            )));
        }
    };
    let root = sources.add(name, text);
    Ok(policy::load(
        sources,
        root,
        &mut include_reader(files, path),
    ))
}

/// How the includes of the root policy file `root` are read through `files`: inside the root
/// file's folder, links followed (DESIGN §11), and each file once, by where it leads, so links
/// to folders of the policy (`a -> .`) cannot multiply the includes.
pub fn include_reader<'a>(
    files: &'a dyn Files,
    root: &Path,
) -> impl FnMut(&str) -> Result<Option<String>, ReadError> + 'a {
    let folder = root.parent().unwrap_or(Path::new(""));
    let includes = Scope::within([folder]);
    let mut read = std::collections::HashSet::new();
    read.extend(workspace::resolve_in(root, &Scope::Any).ok());
    move |name| {
        let path = Path::new(name);
        if let Ok(resolved) = workspace::resolve_in(path, &includes)
            && !read.insert(resolved)
        {
            return Ok(None);
        }
        files.read(path, limits::POLICY_BYTES, &includes).map(Some)
    }
}
