//! The session: the one driver of the core that `check`, the language server, `fmt` and the
//! fixture tests share. It owns what a run knows beyond one file: the configuration
//! (`candor.yaml`), the policy and its files, the discovery filter, the severity overrides and
//! whether coverage is on. It reads through [`Files`], so the editor's unsaved buffers and the
//! disk go through the same code.

mod batch;
pub mod files;

pub use batch::{Analysis, CheckedFile, Kept, Run};

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub use files::{Disk, Files};

use crate::diagnostic::{Code, Diagnostic};
use crate::limits;
use crate::manifest::Manifest;
use crate::platform::{Contents, Declaration, Platform};
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
    /// What is wrong in the settings of `candor.yaml` (`invalid-config`), at its places in
    /// the file.
    pub config_diagnostics: Vec<Diagnostic>,
    /// The ids of `candor.yaml`'s bindings the policy does not define (`unknown-product`,
    /// `unknown-condition`), each once, at its place in the file, with the index of its
    /// binding.
    binding_diagnostics: Vec<(usize, Diagnostic)>,
    excludes: globset::GlobSet,
    bindings: Vec<BindingRule>,
    /// The folder of `candor.yaml`, normalized, that paths are matched against its globs from.
    config_dir: Option<PathBuf>,
    /// Whether coverage is on.
    pub coverage: bool,
}

impl Session {
    /// Finds `candor.yaml` and the policy from `root`, and loads both through `files`. Fails
    /// only when candor cannot run at all (no policy, a `candor.yaml` that cannot be read as
    /// settings, an unreadable root policy file); a wrong setting of `candor.yaml` is a finding
    /// in [`Session::config_diagnostics`] and the run goes on without it.
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
        let mut sources = SourceMap::new();
        let config = open_config(files, &start, &base, &scope, &mut sources)?;
        let mut config_diagnostics = config
            .as_ref()
            .map(|c| c.diagnostics.clone())
            .unwrap_or_default();
        let file_settings = config.as_ref().map(|found| SeverityConfig {
            settings: found
                .config
                .severity
                .iter()
                .map(|(level, name)| (*level, name.value.clone()))
                .collect(),
        });
        let mut settings: Vec<(&str, &SeverityConfig)> = Vec::new();
        if let Some(file) = &file_settings {
            settings.push(("under `severity:` in candor.yaml", file));
        }
        settings.push(("on the command line", &options.severity));
        let overrides = Overrides::from_settings(&settings).map_err(Fatal)?;
        let excludes = excludes(config.as_ref(), &mut config_diagnostics);
        let bindings = bindings(config.as_ref());
        if options.policy.is_none()
            && let Some(error) = config.as_ref().and_then(|c| c.config.policy_error.as_ref())
        {
            return Err(located(
                &sources,
                error,
                "candor cannot tell which policy to read",
            ));
        }
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
        let loaded = load_policy(files, &mut sources, &policy_path, &policy_scope).map_err(
            |fatal| match (origin, &config) {
                (PolicyOrigin::Config(line), Some(found)) => Fatal(format!(
                    "{} (named by `policy:` at `{}:{line}`)",
                    fatal.0, found.name
                )),
                _ => fatal,
            },
        )?;
        let mut binding_diagnostics = Vec::new();
        if !loaded.is_unusable() {
            for (n, binding) in config.iter().flat_map(|c| &c.config.products).enumerate() {
                let found =
                    rules::unknown::binding(&loaded.policy, &binding.product, &binding.conditions);
                binding_diagnostics.extend(found.into_iter().map(|d| (n, d)));
            }
        }
        let config_dir = config
            .as_ref()
            .map(|c| workspace::normalize(&base.join(&c.dir)));
        Ok(Session {
            base,
            config_dir,
            scope,
            config,
            overrides,
            policy_path,
            sources,
            loaded,
            config_diagnostics,
            binding_diagnostics,
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
            self.config.iter().map(|c| {
                workspace::normalize(&self.base.join(&c.dir).join(workspace::CONFIG_FILE))
            }),
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
            .config_dir
            .as_ref()
            .and_then(|dir| workspace::strip_normal_prefix(&path, dir))
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
        Candidates::new(&relative, &path).match_in(&self.excludes)
    }

    /// The product the platform file at `path` is bound to by `products:` in candor.yaml: the
    /// first binding whose pattern matches.
    pub fn binding(&self, path: &Path) -> Option<&Bound> {
        let (relative, path) = self.config_relative(path);
        let candidates = Candidates::new(&relative, &path);
        self.bindings
            .iter()
            .find(|rule| candidates.match_in(&rule.glob))
            .map(|rule| &rule.bound)
    }

    /// The bindings (by their index in `products:`) whose pattern matches `path`, the first
    /// match and every later one.
    fn matching_bindings(&self, path: &Path) -> Vec<usize> {
        let (relative, path) = self.config_relative(path);
        let candidates = Candidates::new(&relative, &path);
        self.bindings
            .iter()
            .enumerate()
            .filter(|(_, rule)| candidates.match_in(&rule.glob))
            .map(|(n, _)| n)
            .collect()
    }

    /// Every finding in `candor.yaml`, as the editor shows it: its settings and the ids of all
    /// its bindings (before overrides).
    pub fn config_findings(&self) -> Vec<Diagnostic> {
        let bindings = self.binding_diagnostics.iter().map(|(_, d)| d.clone());
        self.config_diagnostics
            .iter()
            .cloned()
            .chain(bindings)
            .collect()
    }

    /// Whether a check of `paths` searches the whole folder of candor.yaml (one of them is it or
    /// holds it).
    fn searches_config_folder(&self, paths: &[PathBuf]) -> bool {
        let Some(found) = &self.config else {
            return false;
        };
        let folder = workspace::resolve_in(&self.base.join(&found.dir), &Scope::Any);
        folder.is_ok_and(|folder| {
            paths.iter().any(|p| {
                workspace::resolve_in(&self.base.join(p), &Scope::Any)
                    .is_ok_and(|p| folder.starts_with(p))
            })
        })
    }

    /// What a check of `paths` reports about the bindings of candor.yaml before any file is
    /// found: when it searches the whole folder of candor.yaml, the unknown ids of every
    /// binding (written where candor.yaml falls in the report); otherwise nothing yet.
    fn binding_findings_first(&self, paths: &[PathBuf]) -> Vec<Diagnostic> {
        if !self.searches_config_folder(paths) {
            return Vec::new();
        }
        self.binding_diagnostics
            .iter()
            .map(|(_, d)| d.clone())
            .collect()
    }

    /// What a check of `paths` reports about the bindings of candor.yaml once every file is
    /// found (`matched` holds the indexes of the bindings whose pattern matched a store
    /// declaration found), with the product names of the bindings whose product the policy
    /// does not define (reported or not). When the check searched the whole folder of
    /// candor.yaml: `unused-binding` for each binding that matched nothing (its ids were
    /// reported first). Otherwise (a check of one app's folder, or of a policy alone) only the
    /// unknown ids of the bindings that bound a file: the others say nothing about this check.
    fn binding_findings_last(
        &self,
        paths: &[PathBuf],
        matched: &BTreeSet<usize>,
    ) -> (Vec<Diagnostic>, Vec<String>) {
        let searched = self.searches_config_folder(paths);
        let mut found = Vec::new();
        let mut unknown_products = Vec::new();
        for (n, diagnostic) in &self.binding_diagnostics {
            if searched || matched.contains(n) {
                if diagnostic.code == Code::UnknownProduct
                    && let Some(rule) = self.bindings.get(*n)
                {
                    unknown_products.push(rule.bound.product.clone());
                }
                if !searched {
                    found.push(diagnostic.clone());
                }
            }
        }
        if searched {
            found.extend(self.unused_bindings(matched));
        }
        (found, unknown_products)
    }

    /// `unused-binding` for each binding whose pattern matched none of the store declarations
    /// found.
    fn unused_bindings(&self, matched: &BTreeSet<usize>) -> Vec<Diagnostic> {
        self.bindings
            .iter()
            .enumerate()
            .filter(|(n, _)| !matched.contains(n))
            .map(|(_, rule)| {
                Diagnostic::new(
                    Code::UnusedBinding,
                    rule.pattern.span,
                    format!(
                        "the pattern `{}` of this binding matches none of the store \
                         declarations candor found",
                        rule.pattern.value
                    ),
                )
                .with_label("matches no file")
                .with_help(
                    "patterns are relative to the folder of candor.yaml: fix it to match the \
                     app's folder, or remove the binding (folders left out by `exclude:`, hidden \
                     folders, `target/` and `node_modules/` are not searched)",
                )
            })
            .collect()
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
    /// product its binding names. An evidence file gets only the findings of reading it here:
    /// it is judged with the rest of its app (`check_text_keeping`).
    pub fn check_text(
        &self,
        path: &Path,
        file: FileId,
        text: &str,
    ) -> (Option<Manifest>, ManifestResult) {
        let (manifest, result, _) = self.check_text_keeping(path, file, text);
        (manifest, result)
    }

    /// [`Session::check_text`], and what a batch run keeps of the file to judge evidence once
    /// every file is read: a store file's label, an evidence file's keys.
    pub fn check_text_keeping(
        &self,
        path: &Path,
        file: FileId,
        text: &str,
    ) -> (Option<Manifest>, ManifestResult, Option<Kept>) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(kind) = crate::evidence::FileKind::of_file_name(&name) {
            let (evidence, diagnostics) = crate::evidence::load(kind, file, text);
            let mut result = ManifestResult {
                diagnostics,
                ..ManifestResult::default()
            };
            // A lockfile belongs to no product: its SDKs are checked against Apple's list.
            if kind.has_keys() && self.binding(path).is_none() {
                result
                    .diagnostics
                    .push(rules::evidence::unbound(kind, file));
            }
            return (None, result, evidence.map(Kept::Evidence));
        }
        let Some(platform) = Platform::of_file_name(&name) else {
            let (manifest, result) = rules::check_manifest_text(&self.loaded.policy, file, text);
            return (manifest, result, None);
        };
        let label_name = workspace::display(path);
        let (result, label) = self.judge_declaration(
            path,
            label_name,
            crate::platform::load_named(&name, platform, file, text),
        );
        (None, result, label.map(Kept::Label))
    }

    /// Checks the binary property list `bytes` of `file` against the policy (before
    /// overrides), as [`Session::check_text`] checks an XML one; every finding is at the start
    /// of the file and names its key path.
    pub fn check_binary(&self, path: &Path, file: FileId, bytes: &[u8]) -> ManifestResult {
        self.check_binary_keeping(path, file, bytes).0
    }

    /// [`Session::check_binary`], and the file's label.
    fn check_binary_keeping(
        &self,
        path: &Path,
        file: FileId,
        bytes: &[u8],
    ) -> (ManifestResult, Option<rules::evidence::Label>) {
        let (declaration, diagnostics, paths) = crate::platform::apple::load_binary(file, bytes);
        let (mut result, label) =
            self.judge_declaration(path, workspace::display(path), (declaration, diagnostics));
        result.diagnostics = paths.resolve(std::mem::take(&mut result.diagnostics));
        (result, label)
    }

    /// Judges a store file read as `loaded` (its declaration, if it has one, and the reader's
    /// findings) as entries of the product its binding names: the reader's findings, then the
    /// judgement's; and what it declares, as a label for its app's evidence.
    fn judge_declaration(
        &self,
        path: &Path,
        name: String,
        loaded: (Option<Declaration>, Vec<Diagnostic>),
    ) -> (ManifestResult, Option<rules::evidence::Label>) {
        let (declaration, mut diagnostics) = loaded;
        let sdk = crate::evidence::sdk_of(path);
        let label = declaration.as_ref().map(|d| rules::evidence::Label {
            sdk: sdk.clone(),
            ..rules::evidence::Label::of(name, d)
        });
        let mut result = declaration
            .map(|d| rules::platform::check(&self.loaded.policy, &d, self.binding(path)))
            .unwrap_or_default();
        diagnostics.append(&mut result.diagnostics);
        // A privacy manifest in a dependency folder is an SDK's: its findings say whose.
        if let Some(sdk) = &sdk {
            for d in &mut diagnostics {
                d.message
                    .push_str(&format!(" (in the privacy manifest of the SDK `{sdk}`)"));
            }
        }
        result.diagnostics = diagnostics;
        (result, label)
    }

    /// The index in `products:` of the binding that covers `path` (the first that matches).
    pub fn binding_index(&self, path: &Path) -> Option<usize> {
        self.matching_bindings(path).first().copied()
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
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let evidence_kind = crate::evidence::FileKind::of_file_name(&file_name);
        // Apple reads its property lists in XML, UTF-16 or binary: privacy manifests,
        // Info.plist and entitlements alike (fastlane's label is JSON).
        let is_property_list = (Platform::of_file_name(&file_name) == Some(Platform::Apple)
            && file_name != crate::platform::fastlane::FILE_NAME)
            || matches!(
                evidence_kind,
                Some(
                    crate::evidence::FileKind::InfoPlist | crate::evidence::FileKind::Entitlements
                )
            );
        let read = if is_property_list {
            files
                .read_bytes(path, limits::MANIFEST_BYTES, scope)
                .and_then(workspace::property_list)
        } else {
            files
                .read(path, limits::MANIFEST_BYTES, scope)
                .map(Contents::Text)
        };
        match read {
            Ok(Contents::Text(text)) => {
                let (_, result, kept) = self.check_text_keeping(path, file, &text);
                // Only files with findings are ever shown: keep the text of those alone, and
                // of what is judged once every file is read: evidence with keys, and store
                // files, the labels a finding about the evidence relates.
                let judged_later = match &kept {
                    Some(Kept::Evidence(e)) => !e.keys.is_empty() || !e.sdks.is_empty(),
                    Some(Kept::Label(_)) => true,
                    None => false,
                };
                let text = if result.diagnostics.is_empty() && !judged_later {
                    String::new()
                } else {
                    text
                };
                CheckedFile {
                    name,
                    text,
                    result,
                    kept,
                }
            }
            // A binary file has no text to show: its findings are at its start, and name
            // their key paths.
            Ok(Contents::Binary(bytes)) if evidence_kind.is_some() => {
                let kind = evidence_kind.unwrap_or(crate::evidence::FileKind::InfoPlist);
                let (evidence, mut diagnostics) =
                    crate::evidence::apple::load_binary(kind, file, &bytes);
                if self.binding(path).is_none() {
                    diagnostics.push(rules::evidence::unbound(kind, file));
                }
                CheckedFile {
                    result: ManifestResult {
                        diagnostics,
                        ..ManifestResult::default()
                    },
                    name,
                    text: String::new(),
                    kept: evidence.map(Kept::Evidence),
                }
            }
            Ok(Contents::Binary(bytes)) => {
                let (result, label) = self.check_binary_keeping(path, file, &bytes);
                CheckedFile {
                    result,
                    name,
                    text: String::new(),
                    kept: label.map(Kept::Label),
                }
            }
            Err(error) => CheckedFile {
                result: ManifestResult {
                    diagnostics: vec![workspace::unreadable(file, &error, &name)],
                    ..ManifestResult::default()
                },
                name,
                text: error.partial,
                kept: None,
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

/// One `products:` binding of candor.yaml, compiled.
#[derive(Debug, Clone)]
struct BindingRule {
    /// Its pattern, a set of one, which compiles without panicking whatever the pattern.
    glob: globset::GlobSet,
    /// The product and conditions it binds files to.
    bound: Bound,
    /// The pattern as written, and where.
    pattern: crate::manifest::Str,
}

/// The `products:` bindings of candor.yaml, compiled (those that compile: the others are
/// reported).
fn bindings(config: Option<&FoundConfig>) -> Vec<BindingRule> {
    config
        .iter()
        .flat_map(|found| &found.config.products)
        .map(|b| BindingRule {
            glob: b.path.set.clone(),
            bound: Bound {
                product: b.product.value.clone(),
                conditions: b.conditions.iter().map(|c| c.value.clone()).collect(),
            },
            pattern: b.path.written.clone(),
        })
        .collect()
}

/// The `exclude:` patterns of candor.yaml, compiled into one set; when the glob engine cannot
/// take them together, that is reported at the first and none applies.
fn excludes(config: Option<&FoundConfig>, diagnostics: &mut Vec<Diagnostic>) -> globset::GlobSet {
    let patterns = config
        .map(|c| c.config.exclude.as_slice())
        .unwrap_or_default();
    let Some(first) = patterns.first() else {
        return globset::GlobSet::empty();
    };
    workspace::glob::set(patterns.iter().map(|p| p.glob.clone())).unwrap_or_else(|| {
        diagnostics.push(
            Diagnostic::new(
                Code::InvalidConfig,
                first.written.span,
                format!(
                    "the {} `exclude` patterns are too many to compile together, so none applies",
                    patterns.len()
                ),
            )
            .with_help("name the folders to skip with a few patterns, such as `legacy/**`"),
        );
        globset::GlobSet::empty()
    })
}

/// Finds and reads the `candor.yaml` that applies to the absolute folder `start` (shown
/// relative to `base`) through `files`, and adds it to `sources`. It must resolve (links
/// followed) inside its own folder or `scope` (the repository), and be read as settings: a
/// file that is not one line saying why, at its place.
fn open_config(
    files: &dyn Files,
    start: &Path,
    base: &Path,
    scope: &Scope,
    sources: &mut SourceMap,
) -> Result<Option<FoundConfig>, Fatal> {
    let Some((path, dir)) = workspace::locate_config(start, |p| files.is_file(p)) else {
        return Ok(None);
    };
    let name = workspace::display(&workspace::normalize(
        &base.join(&dir).join(workspace::CONFIG_FILE),
    ));
    let folder = path.parent().unwrap_or(start);
    let text = files
        .read(&path, limits::MANIFEST_BYTES, &scope.and(folder))
        .map_err(|e| Fatal(format!("cannot read `{name}`: {}", e.message)))?;
    let file = sources.add(name.clone(), text.as_str());
    let (config, diagnostics) = workspace::load_config(file, &text)
        .map_err(|d| located(sources, &d, "candor cannot run without its settings"))?;
    let policy_line = config.policy.as_ref().map_or(1, |p| {
        sources
            .get(file)
            .map_or(1, |f| f.position(p.span.start).line)
    });
    Ok(Some(FoundConfig {
        dir,
        file,
        name,
        config,
        diagnostics,
        policy_line,
    }))
}

/// A finding that stops the run as one line: its place, its message, what that means for the
/// run (`consequence`), what to do, and its code.
fn located(sources: &SourceMap, diagnostic: &Diagnostic, consequence: &str) -> Fatal {
    let (start, _) = crate::report::range(sources, diagnostic.primary.span);
    let help = diagnostic
        .help
        .as_ref()
        .map(|h| format!("; {h}"))
        .unwrap_or_default();
    Fatal(format!(
        "{}:{}:{}: {} ({consequence}){help} [{}]",
        sources.name(diagnostic.primary.span.file),
        start.line,
        start.column,
        diagnostic.message,
        diagnostic.code.name()
    ))
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

/// A path prepared once for matching candor.yaml's globs: relative to candor.yaml's folder,
/// and as written (normalized) when that differs.
struct Candidates<'p> {
    relative: globset::Candidate<'p>,
    written: Option<globset::Candidate<'p>>,
}

impl<'p> Candidates<'p> {
    fn new(relative: &'p Path, path: &'p Path) -> Self {
        Candidates {
            relative: globset::Candidate::new(relative),
            written: (relative != path).then(|| globset::Candidate::new(path)),
        }
    }

    fn match_in(&self, set: &globset::GlobSet) -> bool {
        set.is_match_candidate(&self.relative)
            || self
                .written
                .as_ref()
                .is_some_and(|c| set.is_match_candidate(c))
    }
}
