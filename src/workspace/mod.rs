//! The only module that touches the file system: finds the configuration and the policy
//! (`--policy`, `candor.yaml`, `./policies/`), reads files with size and encoding checks, and
//! discovers manifests.

mod config;
mod discover;
pub mod glob;
mod read;
mod write;

use std::fs;
use std::path::{Component, Path, PathBuf};

pub use config::{
    BINDING_KEYS, Binding, CONFIG_FILE, Config, FoundConfig, KEYS as CONFIG_KEYS, Pattern,
    SEVERITY_KEYS, load_config, locate_config,
};
pub use discover::{
    Discovery, Found, Walk, check_paths, discover, is_checked_name, is_manifest_name, is_near_miss,
    near_miss_note, outside_note, walk,
};
pub use read::{
    ReadError, ReadErrorKind, Scope, property_list, read_bytes, read_text, read_text_in,
    resolve_in, unreadable,
};

pub use write::{check_new_in, create_new_in, refuse_input_output, replace_in, scratch};

/// Why candor cannot run at all (exit status 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fatal(pub String);

impl std::fmt::Display for Fatal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The repository root (DESIGN §2, §11) of the absolute folder `start`: the nearest folder
/// upwards holding a `.git` entry (a folder, or a file in a worktree or submodule), else the
/// nearest holding `candor.yaml`, else `start` itself.
pub fn repository_root(start: &Path) -> PathBuf {
    let nearest = |entry: &str| {
        start
            .ancestors()
            .find(|dir| dir.join(entry).symlink_metadata().is_ok())
    };
    nearest(".git")
        .or_else(|| nearest(CONFIG_FILE))
        .unwrap_or(start)
        .to_path_buf()
}

/// Where the root policy file comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyOrigin {
    /// `--policy`: the user's choice, read wherever it is.
    Typed,
    /// `policy:` in `candor.yaml`, at this line.
    Config(usize),
    /// The single root file of `./policies/`.
    Found,
}

/// The root policy file of a workspace whose folder is `base` (empty for the working
/// directory; the configuration's folder is relative to it): `--policy`, else `policy:` in
/// `candor.yaml`, else the single `*.candor` file directly in `./policies/`, searched from the
/// folder upwards but not above the repository root `root`. When `./policies/` holds several
/// files, the root is the one no other includes: `includes` lists the include paths a policy
/// text names (the policy language is not this module's to read).
pub fn policy_path_in(
    base: &Path,
    root: &Path,
    explicit: Option<&Path>,
    config: Option<&FoundConfig>,
    includes: &dyn Fn(&str) -> Vec<String>,
) -> Result<(PathBuf, PolicyOrigin), Fatal> {
    if let Some(path) = explicit {
        return Ok((base.join(path), PolicyOrigin::Typed));
    }
    if let Some(found) = config
        && let Some(policy) = &found.config.policy
    {
        let path = clean(&base.join(&found.dir).join(&policy.value));
        return Ok((path, PolicyOrigin::Config(found.policy_line)));
    }
    let start = if base.as_os_str().is_empty() {
        std::env::current_dir()
            .map_err(|e| Fatal(format!("cannot read the working directory: {e}")))?
    } else {
        base.to_path_buf()
    };
    let mut relative = base.to_path_buf();
    for dir in start.ancestors().take_while(|d| d.starts_with(root)) {
        let candidates = policy_files(&dir.join("policies"));
        if !candidates.is_empty() {
            let shown = if base.is_absolute() {
                dir.join("policies")
            } else {
                relative.join("policies")
            };
            return root_policy(&shown, &candidates, &Scope::within([root]), includes)
                .map(|name| (clean(&shown.join(name)), PolicyOrigin::Found));
        }
        relative.push("..");
    }
    Err(Fatal(
        "no policy found: pass `--policy FILE`, set `policy:` in candor.yaml, or put a \
         `*.candor` file in ./policies/ (here or in a folder above, up to the repository root)"
            .to_owned(),
    ))
}

/// What the file at `path` is, when its name says it is one of the other files candor reads
/// and not a policy: a manifest, a store declaration, an evidence file, `candor.yaml`.
pub fn not_a_policy(path: &Path) -> Option<&'static str> {
    let name = path.file_name()?.to_string_lossy();
    let lower = name.to_lowercase();
    if lower.ends_with(".candor") {
        None
    } else if name == CONFIG_FILE {
        Some("candor's configuration")
    } else if is_manifest_name(&name) {
        Some("a data manifest")
    } else if let Some(platform) = crate::platform::Platform::of_file_name(&name) {
        Some(match platform {
            crate::platform::Platform::Apple => "an Apple privacy manifest",
            crate::platform::Platform::Play => "a Play data safety file",
        })
    } else if lower == "androidmanifest.xml"
        || lower == "info.plist"
        || lower.ends_with(".entitlements")
        || lower.ends_with(".appxmanifest")
        || lower == "appxmanifest.xml"
    {
        Some("an app's evidence file")
    } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        Some("a YAML file")
    } else {
        None
    }
}

/// The `*.candor` files directly in `dir`, by name.
fn policy_files(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.extension().is_some_and(|x| x == "candor")
                        && fs::symlink_metadata(p).is_ok_and(|m| !m.is_dir())
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// The root among the policy files of one folder (shown as `shown`): the single file, or the
/// single one that no other file of the folder includes.
fn root_policy(
    shown: &Path,
    candidates: &[PathBuf],
    scope: &Scope,
    includes: &dyn Fn(&str) -> Vec<String>,
) -> Result<String, Fatal> {
    let names: Vec<String> = candidates
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    if let [one] = names.as_slice() {
        return Ok(one.clone());
    }
    let mut included: Vec<String> = Vec::new();
    for path in candidates {
        let Ok(text) = read::read_text_in(path, crate::limits::POLICY_BYTES, scope) else {
            continue;
        };
        included.extend(
            includes(&text)
                .iter()
                .map(|i| clean(Path::new(i)).to_string_lossy().replace('\\', "/")),
        );
    }
    let roots: Vec<&String> = names.iter().filter(|n| !included.contains(n)).collect();
    match roots.as_slice() {
        [one] => Ok((*one).clone()),
        _ => Err(Fatal(format!(
            "{} policy files in `{}` ({}) and {} of them included by none of the others: pass \
             `--policy FILE` or set `policy:` in candor.yaml",
            names.len(),
            display(shown),
            names.join(", "),
            if roots.is_empty() {
                "none".to_owned()
            } else {
                roots.len().to_string()
            }
        ))),
    }
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

/// Resolves `.` and `..` by the path's text, without the file system: `a/../b` is `b`, a
/// leading `..` of a relative path is kept, and `..` at the root of an absolute path stays at
/// the root. The one normaliser of paths candor has.
pub fn normalize(path: &Path) -> PathBuf {
    match already_normal(path) {
        Some(normal) => normal.to_path_buf(),
        None => normalize_components(path),
    }
}

/// [`normalize`] the long way, component by component.
fn normalize_components(path: &Path) -> PathBuf {
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

/// What [`normalize`] gives for `path` when that is `path` itself after any leading `./`
/// (most paths discovery hands it): on Unix, a path with no `.` or `..` component and no
/// empty one (a doubled or trailing `/`) after an optional leading root. `None` otherwise,
/// and always elsewhere: the long way is taken.
#[cfg(unix)]
fn already_normal(path: &Path) -> Option<&Path> {
    use std::os::unix::ffi::OsStrExt;
    let whole = path.as_os_str().as_bytes();
    let mut bytes = whole;
    while let Some(rest) = bytes.strip_prefix(b"./") {
        bytes = rest;
    }
    let body = match bytes.strip_prefix(b"/") {
        // `.//a` is `a`, not `/a`.
        Some(_) if bytes.len() != whole.len() => return None,
        Some(body) => body,
        None => bytes,
    };
    let normal = body.is_empty()
        || body
            .split(|b| *b == b'/')
            .all(|c| !c.is_empty() && c != b"." && c != b"..");
    normal.then(|| Path::new(std::ffi::OsStr::from_bytes(bytes)))
}

#[cfg(not(unix))]
fn already_normal(_: &Path) -> Option<&Path> {
    None
}

/// `path` less its leading folder `dir`, both normalized, as `Path::strip_prefix` gives it;
/// on Unix compared as bytes (a normalized path's components are its `/`-separated parts).
pub fn strip_normal_prefix<'p>(path: &'p Path, dir: &Path) -> Option<&'p Path> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let (whole, prefix) = (path.as_os_str().as_bytes(), dir.as_os_str().as_bytes());
        let rest = whole.strip_prefix(prefix)?;
        let rest = if prefix.is_empty() || prefix.ends_with(b"/") || rest.is_empty() {
            rest
        } else {
            rest.strip_prefix(b"/")?
        };
        Some(Path::new(std::ffi::OsStr::from_bytes(rest)))
    }
    #[cfg(not(unix))]
    {
        path.strip_prefix(dir).ok()
    }
}

/// The folder in `base` named `name` but for case (a lockfile's `alamofire` is the checkout
/// `Alamofire`), if `base` is a folder and has one. Links are not followed.
pub fn child_folder(base: &Path, name: &str) -> Option<PathBuf> {
    if !base.symlink_metadata().is_ok_and(|m| m.is_dir()) {
        return None;
    }
    let exact = base.join(name);
    if exact.symlink_metadata().is_ok_and(|m| m.is_dir()) {
        return Some(exact);
    }
    std::fs::read_dir(base)
        .ok()?
        .flatten()
        .find(|e| {
            e.file_name().to_string_lossy().eq_ignore_ascii_case(name)
                && e.file_type().is_ok_and(|t| t.is_dir())
        })
        .map(|e| e.path())
}

/// Whether `path` is a folder (links not followed).
pub fn is_folder(path: &Path) -> bool {
    path.symlink_metadata().is_ok_and(|m| m.is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_normal_prefix_is_stripped_as_path_strip_prefix_strips_it() {
        let paths = [
            "", "a", "ab", "a/b", "a/bc", "ab/c", "/", "/a", "/a/b", "/ab", "../a", "..",
        ];
        for path in paths {
            for dir in paths {
                let (path, dir) = (Path::new(path), Path::new(dir));
                assert_eq!(
                    strip_normal_prefix(path, dir),
                    path.strip_prefix(dir).ok(),
                    "{path:?} less {dir:?}"
                );
            }
        }
    }

    #[test]
    fn normalize_resolves_dots_by_the_text() {
        assert_eq!(normalize(Path::new("a/./b/../c")), PathBuf::from("a/c"));
        assert_eq!(normalize(Path::new("../../x")), PathBuf::from("../../x"));
        assert_eq!(normalize(Path::new("a/../../x")), PathBuf::from("../x"));
        assert_eq!(normalize(Path::new("/../x")), PathBuf::from("/x"));
    }

    #[test]
    fn the_quick_way_gives_what_the_long_way_gives() {
        for path in [
            "", "/", "a", "a/b/c", "/a/b", "a//b", "//a", "a/", "./a", "a/.", "a/..", "..", ".",
            "a/.b/c.", "a/..b", "/a/./b", "./", "././a/b", ".//a", "./../a", "./.a",
        ] {
            let long = normalize_components(Path::new(path));
            let quick = normalize(Path::new(path));
            assert_eq!(quick, long, "{path:?}");
            assert_eq!(
                quick.as_os_str(),
                long.as_os_str(),
                "{path:?} is written the same"
            );
        }
    }

    #[test]
    fn the_root_is_the_git_top_level_else_the_config_folder() {
        let dir = tempfile::tempdir().unwrap();
        let top = dir.path().canonicalize().unwrap();
        let sub = top.join("a/b");
        std::fs::create_dir_all(&sub).unwrap();
        let claimed = top
            .ancestors()
            .any(|d| d.join(".git").exists() || d.join(CONFIG_FILE).exists());
        if !claimed {
            assert_eq!(repository_root(&sub), sub);
        }
        std::fs::write(top.join("a/candor.yaml"), "").unwrap();
        assert_eq!(repository_root(&sub), top.join("a"));
        // A worktree's `.git` is a file; it marks the top level all the same.
        std::fs::write(top.join(".git"), "gitdir: elsewhere").unwrap();
        assert_eq!(repository_root(&sub), top);
    }
}
