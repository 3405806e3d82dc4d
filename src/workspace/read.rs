//! Reading files as text: a size cap checked before reading, and UTF-8 checked with the
//! position of the first bad byte.

use std::fs;
use std::path::Path;

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// Why a file could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// What went wrong, in words.
    pub message: String,
    /// The kind of failure.
    pub kind: ReadErrorKind,
    /// The text read before the failure (the valid UTF-8 prefix), so positions can be shown.
    pub partial: String,
}

impl ReadError {
    /// An error the operating system gave.
    pub fn io(error: &std::io::Error) -> Self {
        ReadError {
            message: error.to_string().to_lowercase(),
            kind: ReadErrorKind::Io,
            partial: String::new(),
        }
    }
}

/// The kinds of [`ReadError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadErrorKind {
    /// The operating system refused (missing, permissions, a folder, ...).
    Io,
    /// Larger than the cap; nothing was read.
    TooLarge,
    /// Not UTF-8; the byte offset of the first bad byte.
    NotUtf8(usize),
}

/// Reads a file as UTF-8 text, refusing files over `cap` bytes before reading them.
pub fn read_text(path: &Path, cap: u64) -> Result<String, ReadError> {
    let metadata = fs::metadata(path).map_err(|e| ReadError::io(&e))?;
    if metadata.is_dir() {
        return Err(ReadError {
            message: "it is a folder".to_owned(),
            kind: ReadErrorKind::Io,
            partial: String::new(),
        });
    }
    if metadata.len() > cap {
        return Err(ReadError {
            message: format!(
                "the file is {} bytes, over the limit of {cap} bytes",
                metadata.len()
            ),
            kind: ReadErrorKind::TooLarge,
            partial: String::new(),
        });
    }
    let bytes = fs::read(path).map_err(|e| ReadError::io(&e))?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let mut bytes = e.into_bytes();
        bytes.truncate(offset);
        ReadError {
            message: format!("the file is not valid UTF-8 (byte {offset} is not)"),
            kind: ReadErrorKind::NotUtf8(offset),
            partial: String::from_utf8(bytes).unwrap_or_default(),
        }
    })
}

/// A diagnostic for a file that could not be read, pointing at its first byte (or at the bad
/// byte, for encoding errors).
pub fn unreadable(file: FileId, error: &ReadError, name: &str) -> Diagnostic {
    let (code, at) = match error.kind {
        ReadErrorKind::NotUtf8(offset) => (Code::InvalidManifest, offset),
        ReadErrorKind::TooLarge => (Code::InvalidManifest, 0),
        ReadErrorKind::Io => (Code::IoError, 0),
    };
    Diagnostic::new(
        code,
        Span::new(file, at, at),
        format!("cannot read `{name}`: {}", error.message),
    )
}
