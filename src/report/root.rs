//! Where SARIF and GitHub output place files. Code scanning and workflow annotations resolve a
//! path against the repository, not against the folder candor ran in, so those formats show
//! each file relative to the **repository root**: the git top level (the nearest folder above
//! the working directory holding a `.git` entry), else the folder of the nearest `candor.yaml`,
//! else the working directory. A file outside that root keeps its absolute path.
//!
//! The other formats show files as candor names them, relative to the working directory; this
//! module turns those names into repository places. It never looks at the disk: the command
//! line finds the root ([`crate::workspace::repository_root`]) once, before rendering.

use std::path::{Path, PathBuf};

use crate::workspace::normalize;

/// The repository root and the working directory names are relative to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRoot {
    root: PathBuf,
    working_dir: PathBuf,
}

/// Where a file is, as SARIF and GitHub output place it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Inside the root: the path from the root, `/`-separated, with no `.` or `..`.
    InRoot(String),
    /// Outside the root: the absolute path.
    Outside(PathBuf),
}

impl SourceRoot {
    /// A root at `root` for names relative to `working_dir`; both are absolute folders.
    pub fn new(root: impl Into<PathBuf>, working_dir: impl Into<PathBuf>) -> Self {
        SourceRoot {
            root: normalize(&root.into()),
            working_dir: normalize(&working_dir.into()),
        }
    }

    /// The root folder, absolute.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the file candor names `name` (a path relative to the working directory, or
    /// absolute) is. Decided on the text of the paths alone: a file reached through a symbolic
    /// link that leaves the root is placed where its name says.
    pub fn place(&self, name: &str) -> Place {
        let absolute = normalize(&self.working_dir.join(name));
        match absolute.strip_prefix(&self.root) {
            Ok(relative) => {
                let parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                Place::InRoot(parts.join("/"))
            }
            Err(_) => Place::Outside(absolute),
        }
    }
}

/// A path as text with `/` separators, as URIs and workflow commands want it.
pub fn slashed(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_placed_against_the_root() {
        let root = SourceRoot::new("/repo", "/repo/svc/api");
        assert_eq!(
            root.place("privacy.yaml"),
            Place::InRoot("svc/api/privacy.yaml".to_owned())
        );
        assert_eq!(
            root.place("../../policies/p.candor"),
            Place::InRoot("policies/p.candor".to_owned())
        );
        assert_eq!(
            root.place("/repo/./a/../b.yaml"),
            Place::InRoot("b.yaml".to_owned())
        );
        assert_eq!(
            root.place("../../../elsewhere/x.yaml"),
            Place::Outside(PathBuf::from("/elsewhere/x.yaml"))
        );
        assert_eq!(
            root.place("/repository/x.yaml"),
            Place::Outside(PathBuf::from("/repository/x.yaml"))
        );
    }
}
