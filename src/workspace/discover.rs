//! Discovery: the manifests under the paths a user gave.

use std::collections::HashSet;
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

/// One thing [`Walk`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A manifest to check (each file once, however it was named).
    Manifest(PathBuf),
    /// A path that could not be searched, with why.
    Error(PathBuf, ReadError),
    /// A file whose name is a manifest name but for its case (`Privacy.yaml`): skipped.
    NearMiss(PathBuf),
}

/// Refuses paths that do not exist and policy files given as manifests: both are mistakes in
/// the command, not findings (exit status 2).
pub fn check_paths(paths: &[PathBuf]) -> Result<(), Fatal> {
    for path in paths {
        let shown = super::display(path);
        if fs::symlink_metadata(path).is_err() {
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

/// Finds the manifests under `paths` (see [`walk`]), all at once.
pub fn discover(paths: &[PathBuf], excluded: &(dyn Fn(&Path) -> bool + Sync)) -> Discovery {
    let mut found = Discovery::default();
    for item in walk(paths, excluded) {
        match item {
            Found::Manifest(path) => found.manifests.push(path),
            Found::Error(path, error) => found.errors.push((path, error)),
            Found::NearMiss(path) => found.near_misses.push(path),
        }
    }
    found
}

/// Finds the manifests under `paths` one at a time, in a deterministic order, so that a run
/// holds no list of every file. Explicit file arguments are always taken; folders are walked
/// (following symbolic links, with loops detected) skipping hidden folders, `target/`,
/// `node_modules/` and what `excluded` says. A file found twice (two overlapping paths, a
/// symbolic link) is a manifest the first time only.
pub fn walk<'a>(paths: &'a [PathBuf], excluded: &'a (dyn Fn(&Path) -> bool + Sync)) -> Walk<'a> {
    Walk {
        roots: paths.iter(),
        walker: None,
        excluded,
        seen: Seen::default(),
    }
}

/// The walk's predicate on entries: whether to enter or take an entry.
type Keep<'a> = Box<dyn FnMut(&walkdir::DirEntry) -> bool + Send + 'a>;

/// An iterator over what discovery finds; see [`walk`].
pub struct Walk<'a> {
    roots: std::slice::Iter<'a, PathBuf>,
    walker: Option<walkdir::FilterEntry<walkdir::IntoIter, Keep<'a>>>,
    excluded: &'a (dyn Fn(&Path) -> bool + Sync),
    seen: Seen,
}

impl Iterator for Walk<'_> {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        loop {
            let Some(walker) = &mut self.walker else {
                let root = self.roots.next()?;
                match fs::metadata(root) {
                    Err(e) => return Some(Found::Error(root.clone(), ReadError::io(&e))),
                    Ok(meta) if meta.is_file() => {
                        if self.seen.first_time(root) {
                            return Some(Found::Manifest(root.clone()));
                        }
                    }
                    Ok(_) => {
                        let excluded = self.excluded;
                        let keep: Keep<'_> = Box::new(move |e: &walkdir::DirEntry| {
                            let skipped = e.file_type().is_dir() && skipped_dir(e.file_name());
                            e.depth() == 0 || !(skipped || excluded(e.path()))
                        });
                        self.walker = Some(
                            walkdir::WalkDir::new(root)
                                .follow_links(true)
                                .sort_by_file_name()
                                .into_iter()
                                .filter_entry(keep),
                        );
                    }
                }
                continue;
            };
            let Some(entry) = walker.next() else {
                self.walker = None;
                continue;
            };
            match entry {
                Ok(e) => {
                    let name = e.file_name().to_string_lossy();
                    if is_manifest_name(&name)
                        || crate::platform::Platform::of_file_name(&name).is_some()
                    {
                        if self.seen.first_time(e.path()) {
                            return Some(Found::Manifest(e.into_path()));
                        }
                    } else if e.file_type().is_file() && is_manifest_name(&name.to_lowercase()) {
                        return Some(Found::NearMiss(e.into_path()));
                    }
                }
                Err(e) => {
                    // A symlink loop is not followed, and not worth a finding; an unreadable
                    // manifest-named path or folder is: a folder that cannot be searched may
                    // hold manifests.
                    let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                    let named = path
                        .file_name()
                        .is_some_and(|n| is_manifest_name(&n.to_string_lossy()));
                    let denied = e
                        .io_error()
                        .is_some_and(|io| io.kind() == std::io::ErrorKind::PermissionDenied);
                    if e.loop_ancestor().is_none() && (named || denied) {
                        let reason = match e.io_error() {
                            Some(io) => ReadError::io(io),
                            None => ReadError {
                                message: e.to_string(),
                                kind: ReadErrorKind::Io,
                                partial: String::new(),
                            },
                        };
                        return Some(Found::Error(path, reason));
                    }
                }
            }
        }
    }
}

/// The files found so far, by identity: device and inode where the system has them (one
/// `stat`, and a few bytes per file), the canonical path elsewhere; a path that cannot be
/// examined stands for itself.
#[derive(Debug, Default)]
struct Seen {
    inodes: HashSet<(u64, u64)>,
    paths: HashSet<PathBuf>,
}

impl Seen {
    /// Whether `path` names a file not found before (and remembers it).
    fn first_time(&mut self, path: &Path) -> bool {
        #[cfg(unix)]
        if let Ok(meta) = fs::metadata(path) {
            use std::os::unix::fs::MetadataExt;
            return self.inodes.insert((meta.dev(), meta.ino()));
        }
        #[cfg(not(unix))]
        if let Ok(canonical) = fs::canonicalize(path) {
            return self.paths.insert(canonical);
        }
        self.paths.insert(clean(path))
    }
}

fn skipped_dir(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    (name.starts_with('.') && name != "." && name != "..") || SKIPPED_DIRS.contains(&name.as_ref())
}

/// The `exclude` patterns of `candor.yaml`, compiled.
pub fn excludes(config: Option<&FoundConfig>) -> Result<globset::GlobSet, Fatal> {
    match config {
        Some(found) => super::glob::compile(found, "exclude", &found.config.exclude),
        None => Ok(globset::GlobSet::empty()),
    }
}
