//! The only module that touches the file system: finds the configuration and the policy
//! (`--policy`, `candor.yaml`, `./policies/`), reads files with size and encoding checks, and
//! discovers manifests.

mod config;
mod discover;
mod read;

use std::fs;
use std::path::{Path, PathBuf};

pub use config::{CONFIG_FILE, Config, FoundConfig, find_config, find_config_from};
pub use discover::{Discovery, discover, excludes, is_manifest_name};
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
