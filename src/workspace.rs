//! The only module that touches the file system: finds the policy (`--policy`, `candor.yaml`,
//! `./policies/`), reads files with size and encoding checks, and discovers manifests.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Code, Diagnostic};
use crate::limits;
use crate::policy::{self, LoadedPolicy};
use crate::source::{FileId, SourceMap, Span};

/// The name of the configuration file.
pub const CONFIG_FILE: &str = "candor.yaml";

/// `candor.yaml`: project settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The root policy file, relative to the configuration file.
    #[serde(default)]
    pub policy: Option<String>,
    /// Extra paths to skip during discovery (glob patterns, relative to the configuration
    /// file's folder).
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Severity overrides (`allow`, `warn`, `deny` lists of codes).
    #[serde(default)]
    pub severity: crate::severity::SeverityConfig,
}

/// A configuration file and the folder it applies to.
#[derive(Debug, Clone)]
pub struct FoundConfig {
    /// The folder holding `candor.yaml`, as a path relative to the working directory.
    pub dir: PathBuf,
    /// Its settings.
    pub config: Config,
}

/// Why candor cannot run at all (exit status 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fatal(pub String);

impl std::fmt::Display for Fatal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Finds the nearest `candor.yaml`, from the working directory up to the file system root.
pub fn find_config() -> Result<Option<FoundConfig>, Fatal> {
    let cwd = std::env::current_dir()
        .map_err(|e| Fatal(format!("cannot read the working directory: {e}")))?;
    find_config_from(&cwd)
}

/// Finds the nearest `candor.yaml` from the absolute folder `start` upwards; the folder it is
/// in is returned relative to `start`.
pub fn find_config_from(start: &Path) -> Result<Option<FoundConfig>, Fatal> {
    let mut relative = PathBuf::new();
    for dir in start.ancestors() {
        let path = dir.join(CONFIG_FILE);
        if path.is_file() {
            let shown = display(&relative.join(CONFIG_FILE));
            let text = read_text(&path, limits::POLICY_BYTES)
                .map_err(|e| Fatal(format!("cannot read `{shown}`: {}", e.message)))?;
            let config = if text.trim().is_empty() {
                Config::default()
            } else {
                serde_saphyr::from_str::<Config>(&text)
                    .map_err(|e| Fatal(format!("`{shown}` is not a valid configuration: {e}")))?
            };
            return Ok(Some(FoundConfig {
                dir: relative,
                config,
            }));
        }
        relative.push("..");
    }
    Ok(None)
}

/// The root policy file: `--policy`, else `policy:` in `candor.yaml`, else the single
/// `*.candor` file directly in `./policies/`.
pub fn policy_path(
    explicit: Option<&Path>,
    config: Option<&FoundConfig>,
) -> Result<PathBuf, Fatal> {
    policy_path_in(Path::new(""), explicit, config)
}

/// [`policy_path`] for a workspace whose folder is `base` (the configuration's folder is
/// relative to `base`).
pub fn policy_path_in(
    base: &Path,
    explicit: Option<&Path>,
    config: Option<&FoundConfig>,
) -> Result<PathBuf, Fatal> {
    if let Some(path) = explicit {
        return Ok(base.join(path));
    }
    if let Some(found) = config
        && let Some(policy) = &found.config.policy
    {
        return Ok(clean(&base.join(&found.dir).join(policy)));
    }
    let dir = base.join("policies");
    let mut candidates: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "candor") && p.is_file())
                .collect()
        })
        .unwrap_or_default();
    candidates.sort();
    match candidates.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(Fatal(
            "no policy found: pass `--policy FILE`, set `policy:` in candor.yaml, or put one \
             `*.candor` file in ./policies/"
                .to_owned(),
        )),
        many => Err(Fatal(format!(
            "{} policy files in ./policies/ ({}): pass `--policy FILE` or set `policy:` in \
             candor.yaml",
            many.len(),
            many.iter()
                .map(|p| display(p))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// Reads, parses, resolves and lints the policy rooted at `path`. Fails only when the root file
/// cannot be read; everything else is a diagnostic.
pub fn load_policy(sources: &mut SourceMap, path: &Path) -> Result<LoadedPolicy, Fatal> {
    let name = display(path);
    let text = match read_text(path, limits::POLICY_BYTES) {
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
                policy: crate::policy::Policy::default(),
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
        read_text(Path::new(name), limits::POLICY_BYTES).map_err(|e| e.message)
    }))
}

/// Why a file could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// What went wrong, in words.
    pub message: String,
    /// The kind of failure.
    pub kind: ReadErrorKind,
    /// The text read before the failure (the valid UTF-8 prefix), so positions can be shown.
    pub partial: String,
}

impl ReadError {
    /// An error the operating system gave.
    pub fn io(error: &std::io::Error) -> Self {
        ReadError {
            message: error.to_string().to_lowercase(),
            kind: ReadErrorKind::Io,
            partial: String::new(),
        }
    }
}

/// The kinds of [`ReadError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadErrorKind {
    /// The operating system refused (missing, permissions, a folder, ...).
    Io,
    /// Larger than the cap; nothing was read.
    TooLarge,
    /// Not UTF-8; the byte offset of the first bad byte.
    NotUtf8(usize),
}

/// Reads a file as UTF-8 text, refusing files over `cap` bytes before reading them.
pub fn read_text(path: &Path, cap: u64) -> Result<String, ReadError> {
    let metadata = fs::metadata(path).map_err(|e| ReadError::io(&e))?;
    if metadata.is_dir() {
        return Err(ReadError {
            message: "it is a folder".to_owned(),
            kind: ReadErrorKind::Io,
            partial: String::new(),
        });
    }
    if metadata.len() > cap {
        return Err(ReadError {
            message: format!(
                "the file is {} bytes, over the limit of {cap} bytes",
                metadata.len()
            ),
            kind: ReadErrorKind::TooLarge,
            partial: String::new(),
        });
    }
    let bytes = fs::read(path).map_err(|e| ReadError::io(&e))?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let mut bytes = e.into_bytes();
        bytes.truncate(offset);
        ReadError {
            message: format!("the file is not valid UTF-8 (byte {offset} is not)"),
            kind: ReadErrorKind::NotUtf8(offset),
            partial: String::from_utf8(bytes).unwrap_or_default(),
        }
    })
}

/// A path as candor shows it: forward slashes, no leading `./`.
pub fn display(path: &Path) -> String {
    let shown = path.to_string_lossy().replace('\\', "/");
    let mut rest = shown.as_str();
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped;
    }
    if rest.is_empty() {
        ".".to_owned()
    } else {
        rest.to_owned()
    }
}

/// Drops `.` components (`./policies/x` → `policies/x`).
fn clean(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

/// A diagnostic for a file that could not be read, pointing at its first byte (or at the bad
/// byte, for encoding errors).
pub fn unreadable(file: FileId, error: &ReadError, name: &str) -> Diagnostic {
    let (code, at) = match error.kind {
        ReadErrorKind::NotUtf8(offset) => (Code::InvalidManifest, offset),
        ReadErrorKind::TooLarge => (Code::InvalidManifest, 0),
        ReadErrorKind::Io => (Code::IoError, 0),
    };
    Diagnostic::new(
        code,
        Span::new(file, at, at),
        format!("cannot read `{name}`: {}", error.message),
    )
}

/// Whether a file name is a manifest's: `privacy.yaml`, `privacy.yml`, `*.privacy.yaml`,
/// `*.privacy.yml`.
pub fn is_manifest_name(name: &str) -> bool {
    ["privacy.yaml", "privacy.yml"].iter().any(|m| {
        name == *m
            || name
                .strip_suffix(m)
                .is_some_and(|stem| stem.ends_with('.') && stem.len() > 1)
    })
}

/// Folders discovery never enters (besides hidden ones).
const SKIPPED_DIRS: &[&str] = &["target", "node_modules"];

/// What discovery found: manifests to check, and paths it could not read.
#[derive(Debug, Clone, Default)]
pub struct Discovery {
    /// Manifest files, in a deterministic order, each once.
    pub manifests: Vec<PathBuf>,
    /// Paths that could not be searched, with why.
    pub errors: Vec<(PathBuf, ReadError)>,
}

/// Finds the manifests under `paths`. Explicit file arguments are always taken; folders are
/// walked (following symbolic links, with loops detected) skipping hidden folders, `target/`,
/// `node_modules/` and the `exclude` patterns of `candor.yaml`.
pub fn discover(paths: &[PathBuf], config: Option<&FoundConfig>) -> Result<Discovery, Fatal> {
    let excludes = excludes(config)?;
    let excluded = |path: &Path| {
        let path = clean(path);
        let relative = config
            .and_then(|c| path.strip_prefix(clean(&c.dir)).ok())
            .unwrap_or(&path);
        excludes.is_match(relative) || excludes.is_match(&path)
    };
    let mut found = Discovery::default();
    for root in paths {
        match fs::metadata(root) {
            Err(e) => found.errors.push((root.clone(), ReadError::io(&e))),
            Ok(meta) if meta.is_file() => found.manifests.push(root.clone()),
            Ok(_) => {
                let walker = walkdir::WalkDir::new(root)
                    .follow_links(true)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_entry(|e| {
                        let skipped = e.file_type().is_dir() && skipped_dir(e.file_name());
                        e.depth() == 0 || !(skipped || excluded(e.path()))
                    });
                for entry in walker {
                    match entry {
                        Ok(e) => {
                            let name = e.file_name().to_string_lossy();
                            if is_manifest_name(&name) {
                                found.manifests.push(e.path().to_path_buf());
                            }
                        }
                        Err(e) => {
                            // A symlink loop is not followed, and not worth a finding; an
                            // unreadable manifest-named path is.
                            let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                            let named = path
                                .file_name()
                                .is_some_and(|n| is_manifest_name(&n.to_string_lossy()));
                            if e.loop_ancestor().is_none() && named {
                                let reason = match e.io_error() {
                                    Some(io) => ReadError::io(io),
                                    None => ReadError {
                                        message: e.to_string(),
                                        kind: ReadErrorKind::Io,
                                        partial: String::new(),
                                    },
                                };
                                found.errors.push((path, reason));
                            }
                        }
                    }
                }
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    found.manifests.retain(|p| seen.insert(clean(p)));
    Ok(found)
}

fn skipped_dir(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    (name.starts_with('.') && name != "." && name != "..") || SKIPPED_DIRS.contains(&name.as_ref())
}

fn excludes(config: Option<&FoundConfig>) -> Result<globset::GlobSet, Fatal> {
    let mut builder = globset::GlobSetBuilder::new();
    for pattern in config
        .map(|c| c.config.exclude.as_slice())
        .unwrap_or_default()
    {
        let glob = globset::Glob::new(pattern).map_err(|e| {
            Fatal(format!(
                "`{pattern}` in candor.yaml `exclude` is not a valid pattern: {e}"
            ))
        })?;
        builder.add(glob);
    }
    builder
        .build()
        .map_err(|e| Fatal(format!("candor.yaml `exclude`: {e}")))
}
