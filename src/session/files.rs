//! Where the session reads files from: the disk, or an editor's open buffers laid over it.

use std::path::Path;

use crate::workspace::{self, ReadError, Scope};

/// Reads files as text. Implementations decide where the text comes from; discovery always walks
/// the disk.
pub trait Files: Sync {
    /// The text of the file at `path`, refusing files over `cap` bytes and files that resolve
    /// outside `scope`.
    fn read(&self, path: &Path, cap: u64, scope: &Scope) -> Result<String, ReadError>;
}

/// The disk.
#[derive(Debug, Clone, Copy, Default)]
pub struct Disk;

impl Files for Disk {
    fn read(&self, path: &Path, cap: u64, scope: &Scope) -> Result<String, ReadError> {
        workspace::read_text_in(path, cap, scope)
    }
}
