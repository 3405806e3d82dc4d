//! Discovery: the manifests under the paths a user gave.

use std::fs;
use std::path::{Path, PathBuf};

use super::read::{ReadError, ReadErrorKind};
use super::{Fatal, FoundConfig, clean};

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
    /// Files whose names are manifest names but for their case (`Privacy.yaml`): skipped.
    pub near_misses: Vec<PathBuf>,
}

/// Finds the manifests under `paths`. Explicit file arguments are always taken; folders are
/// walked (following symbolic links, with loops detected) skipping hidden folders, `target/`,
/// `node_modules/` and what `excluded` says.
pub fn discover(paths: &[PathBuf], excluded: &dyn Fn(&Path) -> bool) -> Discovery {
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
                            if is_manifest_name(&name)
                                || crate::platform::Platform::of_file_name(&name).is_some()
                            {
                                found.manifests.push(e.path().to_path_buf());
                            } else if e.file_type().is_file()
                                && is_manifest_name(&name.to_lowercase())
                            {
                                found.near_misses.push(e.path().to_path_buf());
                            }
                        }
                        Err(e) => {
                            // A symlink loop is not followed, and not worth a finding; an
                            // unreadable manifest-named path or folder is: a folder that cannot
                            // be searched may hold manifests.
                            let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                            let named = path
                                .file_name()
                                .is_some_and(|n| is_manifest_name(&n.to_string_lossy()));
                            let denied = e.io_error().is_some_and(|io| {
                                io.kind() == std::io::ErrorKind::PermissionDenied
                            });
                            if e.loop_ancestor().is_none() && (named || denied) {
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
    // One file identity: the canonical path, however the file was named.
    found
        .manifests
        .retain(|p| seen.insert(fs::canonicalize(p).unwrap_or_else(|_| clean(p))));
    found
}

fn skipped_dir(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    (name.starts_with('.') && name != "." && name != "..") || SKIPPED_DIRS.contains(&name.as_ref())
}

/// The `exclude` patterns of `candor.yaml`, compiled.
pub fn excludes(config: Option<&FoundConfig>) -> Result<globset::GlobSet, Fatal> {
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
