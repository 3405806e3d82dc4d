//! The only module that touches the file system: finds the configuration and the policy
//! (`--policy`, `candor.yaml`, `./policies/`), reads files with size and encoding checks, and
//! discovers manifests.

mod config;
mod discover;
pub mod glob;
mod read;

use std::fs;
use std::path::{Path, PathBuf};

pub use config::{Binding, CONFIG_FILE, Config, FoundConfig, find_config, find_config_from};
pub use discover::{
    Discovery, Found, Walk, check_paths, discover, excludes, is_manifest_name, walk,
};
pub use read::{ReadError, ReadErrorKind, read_text, unreadable};

/// Why candor cannot run at all (exit status 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fatal(pub String);

impl std::fmt::Display for Fatal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
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
    let start = if base.as_os_str().is_empty() {
        std::env::current_dir()
            .map_err(|e| Fatal(format!("cannot read the working directory: {e}")))?
    } else {
        base.to_path_buf()
    };
    // `./policies/`, searched from the folder upwards like `candor.yaml`.
    let mut relative = base.to_path_buf();
    for dir in start.ancestors() {
        let candidates = policy_files(&dir.join("policies"));
        if !candidates.is_empty() {
            let shown = if base.is_absolute() {
                dir.join("policies")
            } else {
                relative.join("policies")
            };
            return root_policy(&shown, &candidates).map(|name| clean(&shown.join(name)));
        }
        relative.push("..");
    }
    Err(Fatal(
        "no policy found: pass `--policy FILE`, set `policy:` in candor.yaml, or put a \
         `*.candor` file in ./policies/ (here or in a folder above)"
            .to_owned(),
    ))
}

/// The `*.candor` files directly in `dir`, by name.
fn policy_files(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "candor") && p.is_file())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// The root among the policy files of one folder (shown as `shown`): the single file, or the
/// single one that no other file of the folder includes.
fn root_policy(shown: &Path, candidates: &[PathBuf]) -> Result<String, Fatal> {
    let names: Vec<String> = candidates
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    if let [one] = names.as_slice() {
        return Ok(one.clone());
    }
    let mut included: Vec<String> = Vec::new();
    for path in candidates {
        let Ok(text) = read::read_text(path, crate::limits::POLICY_BYTES) else {
            continue;
        };
        let (ast, _) = crate::policy::parse::parse(crate::source::FileId(0), &text);
        included.extend(ast.includes.iter().map(|i| {
            clean(Path::new(&i.path))
                .to_string_lossy()
                .replace('\\', "/")
        }));
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
