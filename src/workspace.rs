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
    let mut relative = PathBuf::new();
    for dir in cwd.ancestors() {
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
    if let Some(path) = explicit {
        return Ok(path.to_path_buf());
    }
    if let Some(found) = config
        && let Some(policy) = &found.config.policy
    {
        return Ok(clean(&found.dir.join(policy)));
    }
    let dir = Path::new("policies");
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
    let text = read_text(path, limits::POLICY_BYTES)
        .map_err(|e| Fatal(format!("cannot read the policy `{name}`: {}", e.message)))?;
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
    let io = |e: std::io::Error| ReadError {
        message: e.to_string().to_lowercase(),
        kind: ReadErrorKind::Io,
    };
    let metadata = fs::metadata(path).map_err(io)?;
    if metadata.is_dir() {
        return Err(ReadError {
            message: "it is a folder".to_owned(),
            kind: ReadErrorKind::Io,
        });
    }
    if metadata.len() > cap {
        return Err(ReadError {
            message: format!(
                "the file is {} bytes, over the limit of {cap} bytes",
                metadata.len()
            ),
            kind: ReadErrorKind::TooLarge,
        });
    }
    let bytes = fs::read(path).map_err(io)?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        ReadError {
            message: format!("the file is not valid UTF-8 (byte {offset})"),
            kind: ReadErrorKind::NotUtf8(offset),
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
