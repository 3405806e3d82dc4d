//! Where the session reads files from: the disk, or an editor's open buffers laid over it.

use std::path::Path;

use crate::workspace::{self, ReadError, Scope};

/// Reads files as text (or, for a store file that need not be UTF-8, as bytes).
/// Implementations decide where the text comes from; discovery always walks the disk.
pub trait Files: Sync {
    /// The text of the file at `path`, refusing files over `cap` bytes and files that resolve
    /// outside `scope`.
    fn read(&self, path: &Path, cap: u64, scope: &Scope) -> Result<String, ReadError>;

    /// The bytes of the file at `path`, as [`Files::read`] refuses files: what a store file
    /// that need not be UTF-8 (an Apple property list) is read with. By default, the text.
    fn read_bytes(&self, path: &Path, cap: u64, scope: &Scope) -> Result<Vec<u8>, ReadError> {
        self.read(path, cap, scope).map(String::into_bytes)
    }

    /// Whether there is a file (not a folder) at `path`: on the disk, unless the
    /// implementation knows better (an editor's buffer not yet saved).
    fn is_file(&self, path: &Path) -> bool {
        path.symlink_metadata().is_ok_and(|m| !m.is_dir())
    }
}

/// The disk.
#[derive(Debug, Clone, Copy, Default)]
pub struct Disk;

impl Files for Disk {
    fn read(&self, path: &Path, cap: u64, scope: &Scope) -> Result<String, ReadError> {
        workspace::read_text_in(path, cap, scope)
    }

    fn read_bytes(&self, path: &Path, cap: u64, scope: &Scope) -> Result<Vec<u8>, ReadError> {
        workspace::read_bytes(path, cap, scope)
    }
}
