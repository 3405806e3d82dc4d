//! The walk discovery had before it read folders itself: walkdir, following links, with a
//! stat of every entry. Kept for the tests alone, which check that the walk gives what this one
//! gives, item for item, on generated trees of files, folders and links.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::{Found, Identities, Seen, is_checked_name, is_near_miss, skipped_dir};
use crate::workspace::read::{ReadError, ReadErrorKind, Scope};

/// Finds the manifests under `paths` one at a time, in a deterministic order, so that a run
/// holds no list of every file. Explicit file arguments are always taken; folders are walked
/// skipping hidden folders, `target/`, and what `excluded` says; dependency folders
/// (`Pods/`, `node_modules/`, `.build/`, ...) are entered for `*.xcprivacy` files alone. Links are
/// followed only while they stay inside `scope` (the repository) or the typed folder; each
/// folder is visited once, however many links lead to it. A file found twice (two overlapping
/// paths, a symbolic link) is a manifest the first time only.
pub fn walk<'a>(
    paths: &'a [PathBuf],
    scope: &'a Scope,
    excluded: &'a (dyn Fn(&Path) -> bool + Sync),
) -> Walk<'a> {
    Walk {
        roots: paths.iter(),
        walker: None,
        scope,
        current: Scope::default(),
        excluded,
        seen: Seen::default(),
        refused: Arc::default(),
        root: PathBuf::new(),
    }
}

/// The walk's predicate on entries: whether to enter or take an entry.
type Keep<'a> = Box<dyn FnMut(&walkdir::DirEntry) -> bool + Send + 'a>;

/// An iterator over what discovery finds; see [`walk`].
pub struct Walk<'a> {
    roots: std::slice::Iter<'a, PathBuf>,
    walker: Option<(walkdir::IntoIter, Keep<'a>)>,
    scope: &'a Scope,
    /// Where files under the folder being walked may resolve to.
    current: Scope,
    excluded: &'a (dyn Fn(&Path) -> bool + Sync),
    seen: Seen,
    /// What the walk's predicate refused and has to be reported, in the order met.
    refused: Arc<Mutex<Vec<Found>>>,
    /// The typed folder being walked.
    root: PathBuf,
}

impl Walk<'_> {
    /// The walk of the typed folder `root`.
    fn folder<'w>(&self, root: &Path) -> (walkdir::IntoIter, Keep<'w>)
    where
        Self: 'w,
    {
        let excluded = self.excluded;
        let scope = self.current.clone();
        let refused = Arc::clone(&self.refused);
        let mut folders = Identities::default();
        let keep: Keep<'_> = Box::new(move |e: &walkdir::DirEntry| {
            let is_dir = e.file_type().is_dir();
            if e.depth() > 0 && ((is_dir && skipped_dir(e.file_name())) || excluded(e.path())) {
                return false;
            }
            if e.path_is_symlink() {
                let leaves = fs::canonicalize(e.path()).is_ok_and(|target| !scope.admits(&target));
                if leaves {
                    let name = e.file_name().to_string_lossy();
                    let report = if is_dir {
                        Some(Found::Outside(e.path().to_path_buf()))
                    } else if is_checked_name(&name) {
                        Some(Found::Error(
                            e.path().to_path_buf(),
                            ReadError::new(
                                ReadErrorKind::Outside,
                                "it is a link that leads outside the repository, so candor \
                                 does not read it",
                            ),
                        ))
                    } else {
                        None
                    };
                    if let (Some(report), Ok(mut refused)) = (report, refused.lock()) {
                        refused.push(report);
                    }
                    return false;
                }
            }
            if is_dir && let Some(identity) = identity(e) {
                // A folder reached again through another link is not walked again.
                return folders.insert(identity);
            }
            true
        });
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter();
        // Filtered by hand rather than with `filter_entry`, which reads on past a refused
        // entry before its report is handed on: the report comes where the entry is.
        (walker, keep)
    }

    fn take_refused(&mut self) -> Option<Found> {
        let mut refused = self.refused.lock().ok()?;
        if refused.is_empty() {
            None
        } else {
            Some(refused.remove(0))
        }
    }
}

/// A folder's device and inode, where the system has them.
fn identity(entry: &walkdir::DirEntry) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        entry.metadata().ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = entry;
        None
    }
}

impl Iterator for Walk<'_> {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        loop {
            if let Some(refused) = self.take_refused() {
                return Some(refused);
            }
            let Some((walker, keep)) = &mut self.walker else {
                let root = self.roots.next()?;
                match fs::metadata(root) {
                    Err(e) => return Some(Found::Error(root.clone(), ReadError::io(&e))),
                    // A typed file is the user's choice, whatever it is: the read path
                    // decides whether it can be read.
                    Ok(meta) if !meta.is_dir() => {
                        if self.seen.first_time(root) {
                            return Some(Found::Manifest(root.clone(), Scope::Any));
                        }
                    }
                    Ok(_) => {
                        self.current = self.scope.and(root);
                        self.walker = Some(self.folder(root));
                        self.root.clone_from(root);
                    }
                }
                continue;
            };
            let Some(entry) = walker.next() else {
                self.walker = None;
                continue;
            };
            match entry {
                Ok(e) if !keep(&e) => {
                    if e.file_type().is_dir() {
                        walker.skip_current_dir();
                    }
                }
                Ok(e) => {
                    let name = e.file_name().to_string_lossy();
                    // Evidence is the app's own: not a copy in a build folder or another
                    // project's file in a dependency folder, below the typed folder. A
                    // dependency folder is entered for its SDKs' privacy manifests alone.
                    // (Asked only of the names candor reads: most entries are not.)
                    let checked = is_checked_name(&name) && {
                        let below = e.path().strip_prefix(&self.root).unwrap_or(e.path());
                        let evidence_elsewhere = crate::evidence::FileKind::of_file_name(&name)
                            .is_some()
                            && crate::evidence::FileKind::of_path(below).is_none();
                        let sdk_manifest = crate::platform::Platform::of_file_name(&name)
                            == Some(crate::platform::Platform::Apple);
                        !evidence_elsewhere
                            && (sdk_manifest || crate::evidence::sdk_of(below).is_none())
                    };
                    if checked {
                        if self.seen.first_time(e.path()) {
                            return Some(Found::Manifest(e.into_path(), self.current.clone()));
                        }
                    } else if e.file_type().is_file() && is_near_miss(&name) {
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
                        .is_some_and(|n| is_checked_name(&n.to_string_lossy()));
                    let denied = e
                        .io_error()
                        .is_some_and(|io| io.kind() == std::io::ErrorKind::PermissionDenied);
                    if e.loop_ancestor().is_none() && (named || denied) {
                        let reason = match e.io_error() {
                            Some(io) => ReadError::io(io),
                            None => ReadError::new(ReadErrorKind::Io, e.to_string()),
                        };
                        return Some(Found::Error(path, reason));
                    }
                }
            }
        }
    }
}
