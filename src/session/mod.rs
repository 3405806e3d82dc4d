//! The session: the one driver of the core that `check`, the language server, `fmt` and the
//! fixture tests share. It owns what a run knows beyond one file: the configuration
//! (`candor.yaml`), the policy and its files, the discovery filter, the severity overrides and
//! whether coverage is on. It reads through [`Files`], so the editor's unsaved buffers and the
//! disk go through the same code.

pub mod files;

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

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
use crate::workspace::{self, Discovery, Fatal, Found, FoundConfig, ReadError, ReadErrorKind};

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
    bindings: Vec<(globset::GlobMatcher, Bound)>,
    /// Whether coverage is on.
    pub coverage: bool,
}

/// One manifest read and checked: its name, its text (kept only when it has findings) and
/// what the checks found. The manifest itself is not kept: nothing is shown from it.
#[derive(Debug, Clone)]
pub struct CheckedFile {
    /// The name it is shown by.
    pub name: String,
    /// Its text, or empty when nothing will be shown from it.
    pub text: String,
    /// Findings (before severity overrides) and coverage data.
    pub result: ManifestResult,
}

/// What a check of many manifests found, ready to render.
#[derive(Debug)]
pub struct Analysis {
    /// The sorted findings and counts, severities overridden.
    pub report: Report,
    /// Every file read.
    pub sources: SourceMap,
    /// Whether the policy could not be used at all (exit status 2).
    pub unusable: bool,
    /// Warnings about the run itself, not about a file's content (nothing found, skipped
    /// near-miss names), for standard error.
    pub notes: Vec<String>,
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
        let config = workspace::find_config_from(&start)?;
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
        let policy_path =
            workspace::policy_path_in(&base, options.policy.as_deref(), config.as_ref())?;
        let mut sources = SourceMap::new();
        let loaded = load_policy(files, &mut sources, &policy_path)?;
        Ok(Session {
            base,
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
        let path = normalize(path);
        let relative = self
            .config
            .as_ref()
            .and_then(|c| path.strip_prefix(normalize(&self.base.join(&c.dir))).ok())
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
        workspace::discover(paths, &|p| self.is_excluded(p))
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

    /// Reads and checks the manifest at `path` as file `file`.
    pub fn check_file(&self, files: &dyn Files, file: FileId, path: &Path) -> CheckedFile {
        let name = workspace::display(path);
        match files.read(path, limits::MANIFEST_BYTES) {
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

    /// Checks the policy and every manifest under `paths` on `jobs` threads (one per core when
    /// `None`); the result is the same for any number of threads.
    pub fn check(
        &self,
        files: &dyn Files,
        paths: &[PathBuf],
        jobs: Option<usize>,
    ) -> Result<Analysis, Fatal> {
        check_paths(paths)?;
        let mut sources = self.sources.clone();
        let mut diagnostics = self.loaded.diagnostics.clone();
        let unusable = self.is_unusable();
        let mut manifests = 0;
        let mut notes = Vec::new();
        if !unusable {
            let first = sources.next_id();
            let mut tally = self.check_found(files, first, paths, jobs)?;
            manifests = tally.manifests;
            tally.near_misses.sort_unstable();
            let nothing_found = tally.manifests == 0 && tally.unreadable == 0;
            notes = discovery_notes(
                paths,
                tally.near_misses.iter().map(|(_, p)| p),
                nothing_found,
            );
            // Files with findings get their ids in the order discovery found them.
            tally
                .shown
                .sort_unstable_by_key(|(provisional, _, _)| *provisional);
            diagnostics.reserve(tally.shown.iter().map(|(_, _, found)| found.len()).sum());
            for (provisional, file, found) in tally.shown {
                let id = sources.push(file);
                diagnostics.extend(found.into_iter().map(|d| renumber(d, provisional, id)));
            }
            if self.coverage {
                let products: Vec<_> = tally.products.into_iter().collect();
                let used_grants: Vec<_> = tally.used_grants.into_iter().collect();
                diagnostics.extend(rules::unused::check(
                    &self.loaded.policy,
                    &products,
                    &used_grants,
                ));
            }
        }
        let diagnostics = self.finish(diagnostics);
        let report = Report::new(diagnostics, &sources, self.loaded.files.len(), manifests);
        Ok(Analysis {
            report,
            sources,
            unusable,
            notes,
        })
    }

    /// Finds, reads and checks every manifest under `paths` on `jobs` threads, as discovery
    /// finds them. The `n`th thing found gets the provisional id `first + n`. Only what will be
    /// shown is kept: files with findings, near-miss names, and (with coverage on) the products
    /// and grants used; a clean manifest costs nothing once it is checked.
    fn check_found(
        &self,
        files: &dyn Files,
        first: FileId,
        paths: &[PathBuf],
        jobs: Option<usize>,
    ) -> Result<Tally, Fatal> {
        use rayon::prelude::*;
        let id = |n: usize| FileId(first.0.saturating_add(u32::try_from(n).unwrap_or(u32::MAX)));
        let excluded = |p: &Path| self.is_excluded(p);
        let found = workspace::walk(paths, &excluded);
        if jobs == Some(1) {
            // On this thread, without a pool: what is kept is then allocated where the report
            // is built, and memory freed by one file is reused by the next.
            let mut tally = Tally::default();
            for (n, found) in found.enumerate() {
                tally.add(self, files, id(n), n, found);
            }
            return Ok(tally);
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.unwrap_or(0))
            .build()
            .map_err(|e| Fatal(format!("cannot start worker threads: {e}")))?;
        Ok(pool.install(|| {
            found
                .enumerate()
                .par_bridge()
                .fold(Tally::default, |mut tally, (n, found)| {
                    tally.add(self, files, id(n), n, found);
                    tally
                })
                .reduce(Tally::default, Tally::merge)
        }))
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

/// The `products:` bindings of candor.yaml, compiled.
fn bindings(config: Option<&FoundConfig>) -> Result<Vec<(globset::GlobMatcher, Bound)>, Fatal> {
    let Some(found) = config else {
        return Ok(Vec::new());
    };
    found
        .config
        .products
        .iter()
        .map(|b| {
            let glob = globset::Glob::new(&b.path).map_err(|e| {
                Fatal(format!(
                    "`{}` in candor.yaml `products:` is not a valid pattern: {e}",
                    b.path
                ))
            })?;
            Ok((
                glob.compile_matcher(),
                Bound {
                    product: b.product.clone(),
                    conditions: b.conditions.clone(),
                },
            ))
        })
        .collect()
}

/// Refuses paths that do not exist and policy files given as manifests: both are mistakes in
/// the command, not findings (exit status 2).
fn check_paths(paths: &[PathBuf]) -> Result<(), Fatal> {
    for path in paths {
        let shown = workspace::display(path);
        if std::fs::symlink_metadata(path).is_err() {
            return Err(Fatal(format!("`{shown}` does not exist")));
        }
        if path.extension().is_some_and(|e| e == "candor") && path.is_file() {
            return Err(Fatal(format!(
                "`{shown}` is a policy file, not a manifest: pass it with `--policy {shown}`"
            )));
        }
    }
    Ok(())
}

/// What checking the manifests found that will be shown or counted.
#[derive(Debug, Default)]
struct Tally {
    /// Manifests checked.
    manifests: usize,
    /// Paths discovery could not search.
    unreadable: usize,
    /// Files with findings (unsearchable paths included), by provisional id, ready to render.
    shown: Vec<(FileId, SourceFile, Vec<Diagnostic>)>,
    /// Files named like manifests but for their case, in discovery order.
    near_misses: Vec<(usize, PathBuf)>,
    /// With coverage on: the products the manifests belong to.
    products: BTreeSet<ProductId>,
    /// With coverage on: the grants that covered an entry.
    used_grants: BTreeSet<GrantId>,
}

impl Tally {
    /// Takes in the `n`th thing discovery found, checking it as file `id` if it is a manifest.
    fn add(&mut self, session: &Session, files: &dyn Files, id: FileId, n: usize, found: Found) {
        match found {
            Found::Manifest(path) => {
                self.manifests += 1;
                let checked = session.check_file(files, id, &path);
                if session.coverage {
                    self.products.extend(checked.result.product);
                    self.used_grants
                        .extend(checked.result.used_grants.iter().copied());
                }
                if !checked.result.diagnostics.is_empty() {
                    // Made ready to render here, on the thread that read it.
                    let file = SourceFile::new(checked.name, checked.text);
                    self.shown.push((id, file, checked.result.diagnostics));
                }
            }
            Found::Error(path, error) => {
                self.unreadable += 1;
                let name = workspace::display(&path);
                let diagnostic = workspace::unreadable(id, &error, &name);
                self.shown
                    .push((id, SourceFile::new(name, ""), vec![diagnostic]));
            }
            Found::NearMiss(path) => self.near_misses.push((n, path)),
        }
    }

    /// Both tallies in one.
    fn merge(mut self, mut other: Tally) -> Tally {
        self.manifests += other.manifests;
        self.unreadable += other.unreadable;
        self.shown.append(&mut other.shown);
        self.near_misses.append(&mut other.near_misses);
        self.products.append(&mut other.products);
        self.used_grants.append(&mut other.used_grants);
        self
    }
}

/// `diagnostic` with every place in file `from` moved to file `to`.
fn renumber(mut diagnostic: Diagnostic, from: FileId, to: FileId) -> Diagnostic {
    for label in std::iter::once(&mut diagnostic.primary).chain(&mut diagnostic.related) {
        if label.span.file == from {
            label.span.file = to;
        }
    }
    diagnostic
}

/// Warnings about what discovery did not find: names that are manifest names but for their
/// case, and nothing found at all.
fn discovery_notes<'p>(
    paths: &[PathBuf],
    near_misses: impl Iterator<Item = &'p PathBuf>,
    nothing_found: bool,
) -> Vec<String> {
    let mut notes: Vec<String> = near_misses
        .map(|p| {
            format!(
                "skipped `{}`: manifest names are lowercase (`privacy.yaml`, `privacy.yml`, \
                 `*.privacy.yaml`, `*.privacy.yml`)",
                workspace::display(p)
            )
        })
        .collect();
    if nothing_found {
        let shown: Vec<String> = paths
            .iter()
            .map(|p| format!("`{}`", workspace::display(p)))
            .collect();
        notes.push(format!(
            "no manifest found under {} (manifests are named `privacy.yaml`, `privacy.yml`, \
             `*.privacy.yaml` or `*.privacy.yml`, store declarations `PrivacyInfo.xcprivacy` or \
             `data_safety.csv`; hidden folders, `target/`, `node_modules/` and `exclude:` \
             patterns are skipped)",
            shown.join(", ")
        ));
    }
    notes
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
) -> Result<LoadedPolicy, Fatal> {
    let name = workspace::display(path);
    let text = match files.read(path, limits::POLICY_BYTES) {
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
    Ok(policy::load(sources, root, &mut |name| {
        files
            .read(Path::new(name), limits::POLICY_BYTES)
            .map_err(|e| e.message)
    }))
}

/// Resolves `.` and `..` by the path's text, without the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if out.file_name().is_some() {
                    out.pop();
                } else if !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}
