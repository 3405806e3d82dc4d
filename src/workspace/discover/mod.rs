//! Discovery: the manifests under the paths a user gave.

use std::collections::{HashSet, VecDeque};
use std::fs;
use std::path::{Path, PathBuf};

use super::read::{ReadError, ReadErrorKind, Scope};
use super::{Fatal, clean};

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

/// Whether a file name that discovery does not take looks like one it would, but for its
/// case or separators (`Privacy.yaml`, `DATA_SAFETY.csv`, `data-safety.csv`,
/// `PrivacyInfo.plist`); see [`near_miss_note`].
pub fn is_near_miss(name: &str) -> bool {
    may_be_near_miss(name) && !is_checked_name(name) && near_miss_hint(name).is_some()
}

/// Whether `name` ends, in any case, as every near miss ends (`.yaml`, `.yml`, `.csv`,
/// `.plist`, `.xcprivacy`), or in a character that is not ASCII (whose lowercase is asked of
/// [`near_miss_hint`]): most names do not, and are answered without a copy.
fn may_be_near_miss(name: &str) -> bool {
    let bytes = name.as_bytes();
    let tail = bytes.get(bytes.len().saturating_sub(10)..).unwrap_or(bytes);
    !tail.is_ascii()
        || [".yaml", ".yml", ".csv", ".plist", ".xcprivacy"]
            .iter()
            .any(|end| {
                bytes.len() >= end.len()
                    && bytes
                        .get(bytes.len() - end.len()..)
                        .is_some_and(|t| t.eq_ignore_ascii_case(end.as_bytes()))
            })
}

/// What a near-miss name should have been, in words.
fn near_miss_hint(name: &str) -> Option<&'static str> {
    let plain = name.to_lowercase().replace(['-', ' '], "_");
    if is_manifest_name(&plain) {
        Some(
            "manifest names are lowercase (`privacy.yaml`, `privacy.yml`, `*.privacy.yaml`, \
             `*.privacy.yml`)",
        )
    } else if plain.ends_with("data_safety.csv") || plain.ends_with("datasafety.csv") {
        Some(
            "a Play data safety file is named `data_safety.csv`, `*.data_safety.csv` or \
             `*.datasafety.csv`, in lowercase",
        )
    } else if plain == "privacyinfo.plist" || plain.ends_with(".xcprivacy") {
        Some("an Apple privacy manifest is named `PrivacyInfo.xcprivacy` or `*.xcprivacy`")
    } else {
        None
    }
}

/// The note for a file discovery skipped because its name is a near miss.
pub fn near_miss_note(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(
        "skipped `{}`: {}",
        super::display(path),
        near_miss_hint(&name).unwrap_or("its name is not one candor checks")
    )
}

/// The note for a link to a folder outside the repository, which discovery does not follow.
pub fn outside_note(path: &Path) -> String {
    format!(
        "skipped `{}`: it is a link to a folder outside the repository, and discovery does not \
         follow links out of it",
        super::display(path)
    )
}

/// Folders discovery never enters (besides hidden ones).
const SKIPPED_DIRS: &[&str] = &["target"];

/// What discovery found: manifests to check, and paths it could not read.
#[derive(Debug, Clone, Default)]
pub struct Discovery {
    /// Manifest files, in a deterministic order, each once, with where each may resolve to.
    pub manifests: Vec<(PathBuf, Scope)>,
    /// Paths that could not be searched, with why.
    pub errors: Vec<(PathBuf, ReadError)>,
    /// Files whose names are manifest names but for their case (`Privacy.yaml`): skipped.
    pub near_misses: Vec<PathBuf>,
    /// Links to folders outside the repository: not followed.
    pub outside: Vec<PathBuf>,
}

/// One thing [`Walk`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A manifest to check (each file once, however it was named), and where it may resolve
    /// to: anywhere for a file the user typed, else inside the repository or the typed folder
    /// it was found under.
    Manifest(PathBuf, Scope),
    /// A path that could not be searched, with why.
    Error(PathBuf, ReadError),
    /// A file whose name is a manifest name but for its case (`Privacy.yaml`): skipped.
    NearMiss(PathBuf),
    /// A link to a folder outside the repository: not followed.
    Outside(PathBuf),
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
pub fn discover(
    paths: &[PathBuf],
    scope: &Scope,
    excluded: &(dyn Fn(&Path) -> bool + Sync),
) -> Discovery {
    let mut found = Discovery::default();
    for item in walk(paths, scope, excluded) {
        match item {
            Found::Manifest(path, scope) => found.manifests.push((path, scope)),
            Found::Error(path, error) => found.errors.push((path, error)),
            Found::NearMiss(path) => found.near_misses.push(path),
            Found::Outside(path) => found.outside.push(path),
        }
    }
    found
}

/// Whether discovery takes a file of this name: a manifest, a store declaration or an
/// evidence file.
pub fn is_checked_name(name: &str) -> bool {
    is_manifest_name(name)
        || crate::platform::Platform::of_file_name(name).is_some()
        || crate::evidence::FileKind::of_file_name(name).is_some()
}

/// Finds the manifests under `paths` one at a time, in a deterministic order. Explicit file
/// arguments are always taken; folders are walked in file-name order, skipping hidden folders,
/// `target/`, and what `excluded` says; dependency folders (`Pods/`, `node_modules/`,
/// `.build/`, ...) are entered for `*.xcprivacy` files alone. Links are followed only while they
/// stay inside `scope` (the repository) or the typed folder; each folder is visited once,
/// however many links lead to it. A file found twice (two overlapping paths, a symbolic link)
/// is a manifest the first time only.
///
/// Each folder is read once, and only what must be is examined: a folder (its identity, so
/// that no link makes it walked twice), a link (where it leads), a file discovery takes (its
/// identity). Other entries cost their names alone. A file found with no link on its way is
/// handed on in [`Scope::Walked`]: the walk has seen where it is, so reading it need not
/// resolve its path again.
pub fn walk<'a>(
    paths: &'a [PathBuf],
    scope: &'a Scope,
    excluded: &'a (dyn Fn(&Path) -> bool + Sync),
) -> Walk<'a> {
    Walk {
        roots: paths.iter(),
        scope,
        excluded,
        seen: Seen::default(),
        tree: None,
    }
}

/// An iterator over what discovery finds; see [`walk`].
pub struct Walk<'a> {
    roots: std::slice::Iter<'a, PathBuf>,
    scope: &'a Scope,
    excluded: &'a (dyn Fn(&Path) -> bool + Sync),
    seen: Seen,
    /// The typed folder being walked.
    tree: Option<Tree>,
}

/// The walk of one typed folder.
struct Tree {
    /// The typed folder.
    root: PathBuf,
    /// Where files under it may resolve to.
    scope: Scope,
    /// The same, for a file found with no link on its way.
    walked: Scope,
    /// The folders met so far, by identity.
    folders: Identities,
    /// The folders being read, innermost last: the entries each has left, in order.
    open: Vec<Folder>,
    /// What was found and is still to be handed on, in order.
    pending: VecDeque<Found>,
}

/// A folder being walked.
struct Folder {
    path: PathBuf,
    entries: std::vec::IntoIter<(std::ffi::OsString, fs::FileType)>,
    /// Whether a link led to it (or to a folder above it).
    linked: bool,
}

/// One entry the walk met, with what it is (links followed).
struct Met {
    path: PathBuf,
    is_dir: bool,
    is_file: bool,
    /// Whether the entry itself is a link.
    is_link: bool,
    /// Whether a link led to it or to a folder above it.
    linked: bool,
}

impl Walk<'_> {
    /// Starts the walk of the typed folder `root` with the folder itself.
    fn start(&mut self, root: &Path) {
        let scope = self.scope.and(root);
        let mut tree = Tree {
            root: root.to_path_buf(),
            walked: scope.walked(),
            scope,
            folders: Identities::default(),
            open: Vec::new(),
            pending: VecDeque::new(),
        };
        let is_link = fs::symlink_metadata(root).is_ok_and(|m| m.file_type().is_symlink());
        let met = Met {
            path: root.to_path_buf(),
            is_dir: true,
            is_file: false,
            is_link,
            linked: is_link,
        };
        self.meet(&mut tree, met, true);
        self.tree = Some(tree);
    }

    /// Takes the entry `met` in (`top`: the typed folder itself, which no setting skips): a
    /// link that leaves the scope is reported and not followed, a folder met before is not
    /// entered again, what discovery takes is queued, and a folder is opened.
    fn meet(&mut self, tree: &mut Tree, met: Met, top: bool) {
        let name = met
            .path
            .file_name()
            .map_or_else(|| met.path.to_string_lossy(), |name| name.to_string_lossy());
        if !top
            && ((met.is_dir && skipped_dir(name.as_ref().as_ref())) || (self.excluded)(&met.path))
        {
            return;
        }
        if met.is_link
            && fs::canonicalize(&met.path).is_ok_and(|target| !tree.scope.admits(&target))
        {
            let report = if met.is_dir {
                Some(Found::Outside(met.path))
            } else if is_checked_name(&name) {
                Some(Found::Error(
                    met.path,
                    ReadError::new(
                        ReadErrorKind::Outside,
                        "it is a link that leads outside the repository, so candor does not \
                         read it",
                    ),
                ))
            } else {
                None
            };
            tree.pending.extend(report);
            return;
        }
        if met.is_dir
            && let Some(identity) = identity(&met.path)
            && !tree.folders.insert(identity)
        {
            // A folder reached again through another link is not walked again.
            return;
        }
        let name = name.into_owned();
        if self.takes(tree, &met.path, &name) {
            if self.seen.first_time(&met.path) {
                let scope = if met.is_file && !met.linked && !met.is_link {
                    tree.walked.clone()
                } else {
                    tree.scope.clone()
                };
                tree.pending
                    .push_back(Found::Manifest(met.path.clone(), scope));
            }
        } else if met.is_file && is_near_miss(&name) {
            tree.pending.push_back(Found::NearMiss(met.path.clone()));
        }
        if met.is_dir {
            match read_sorted(&met.path) {
                Ok(entries) => tree.open.push(Folder {
                    path: met.path,
                    entries: entries.into_iter(),
                    linked: met.linked,
                }),
                // An unreadable manifest-named folder, or one that cannot be searched: it may
                // hold manifests.
                Err(error)
                    if is_checked_name(&name)
                        || error.kind() == std::io::ErrorKind::PermissionDenied =>
                {
                    tree.pending
                        .push_back(Found::Error(met.path, ReadError::io(&error)));
                }
                Err(_) => {}
            }
        }
    }

    /// Whether discovery takes the entry at `path`, named `name`.
    fn takes(&self, tree: &Tree, path: &Path, name: &str) -> bool {
        // Evidence is the app's own: not a copy in a build folder or another project's file
        // in a dependency folder, below the typed folder. A dependency folder is entered for
        // its SDKs' privacy manifests alone. (Asked only of the names candor reads: most
        // entries are not.)
        is_checked_name(name) && {
            let below = path.strip_prefix(&tree.root).unwrap_or(path);
            let evidence_elsewhere = crate::evidence::FileKind::of_file_name(name).is_some()
                && crate::evidence::FileKind::of_path(below).is_none();
            let sdk_manifest = crate::platform::Platform::of_file_name(name)
                == Some(crate::platform::Platform::Apple);
            !evidence_elsewhere && (sdk_manifest || crate::evidence::sdk_of(below).is_none())
        }
    }

    /// Takes in the next entry of the innermost open folder; whether there was one.
    fn step(&mut self, tree: &mut Tree) -> bool {
        let Some(folder) = tree.open.last_mut() else {
            return false;
        };
        let linked = folder.linked;
        let Some((name, kind)) = folder.entries.next() else {
            tree.open.pop();
            return true;
        };
        let path = folder.path.join(&name);
        if !kind.is_symlink() {
            let met = Met {
                path,
                is_dir: kind.is_dir(),
                is_file: kind.is_file(),
                is_link: false,
                linked,
            };
            self.meet(tree, met, false);
            return true;
        }
        match fs::metadata(&path) {
            Ok(target) => {
                let met = Met {
                    path,
                    is_dir: target.is_dir(),
                    is_file: target.is_file(),
                    is_link: true,
                    linked: true,
                };
                self.meet(tree, met, false);
            }
            // A link that leads nowhere, or round in a loop: reported when its name is one
            // candor reads and no setting skips it.
            Err(error) => {
                let name = name.to_string_lossy();
                if is_checked_name(&name) && !(self.excluded)(&path) {
                    tree.pending
                        .push_back(Found::Error(path, ReadError::io(&error)));
                }
            }
        }
        true
    }
}

/// The entries of the folder at `path`, sorted by name.
/// The entries of the folder at `path`, sorted by name, each with its type (the link's own, for a
/// link); an entry whose type cannot be told is left out. The folder is closed when this
/// returns, so an open folder of the walk holds names, not the system's handle and buffer.
fn read_sorted(path: &Path) -> std::io::Result<Vec<(std::ffi::OsString, fs::FileType)>> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(path)? {
        let entry = entry?;
        if let Ok(kind) = entry.file_type() {
            entries.push((entry.file_name(), kind));
        }
    }
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(entries)
}

/// A folder's device and inode, where the system has them (links followed).
fn identity(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    // Elsewhere the canonical path stands for the folder, hashed.
    #[cfg(not(unix))]
    {
        use std::hash::{Hash, Hasher};
        let canonical = fs::canonicalize(path).ok()?;
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        canonical.hash(&mut hasher);
        Some((0, hasher.finish()))
    }
}

impl Iterator for Walk<'_> {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        loop {
            if let Some(mut tree) = self.tree.take() {
                if let Some(found) = tree.pending.pop_front() {
                    self.tree = Some(tree);
                    return Some(found);
                }
                if self.step(&mut tree) {
                    self.tree = Some(tree);
                }
                continue;
            }
            let root = self.roots.next()?;
            match fs::metadata(root) {
                Err(e) => return Some(Found::Error(root.clone(), ReadError::io(&e))),
                // A typed file is the user's choice, whatever it is: the read path decides
                // whether it can be read.
                Ok(meta) if !meta.is_dir() => {
                    if self.seen.first_time(root) {
                        return Some(Found::Manifest(root.clone(), Scope::Any));
                    }
                }
                Ok(_) => self.start(root),
            }
        }
    }
}

/// The files found so far, by identity: device and inode where the system has them (one
/// `stat`, and a few bytes per file), the canonical path elsewhere; a path that cannot be
/// examined stands for itself.
#[derive(Debug, Default)]
struct Seen {
    inodes: Identities,
    paths: HashSet<PathBuf, foldhash::fast::RandomState>,
}

/// A set of (device, inode) pairs, the inodes kept per device: a walk remembers every file and
/// folder it met, and one device is the rule, so each costs 8 bytes rather than 16.
#[derive(Debug, Default)]
struct Identities {
    by_device: std::collections::HashMap<u64, HashSet<u64, foldhash::fast::RandomState>>,
}

impl Identities {
    /// Adds `(device, inode)`; whether it was not there.
    fn insert(&mut self, (device, inode): (u64, u64)) -> bool {
        self.by_device.entry(device).or_default().insert(inode)
    }
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

#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;

fn skipped_dir(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    if crate::evidence::is_sdk_dir(&name) {
        // Entered for the SDKs' privacy manifests alone (see `Walk::next`).
        return false;
    }
    (name.starts_with('.') && name != "." && name != "..") || SKIPPED_DIRS.contains(&name.as_ref())
}
