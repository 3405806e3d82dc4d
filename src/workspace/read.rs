//! The one read path: every file candor reads goes through [`read_bytes`]. It follows links,
//! requires the result inside the [`Scope`] the caller names, accepts only regular files, and
//! reads through a cap that counts the bytes read (metadata can lie: `/proc` files report 0
//! bytes, a device any size). A refusal says why and never carries the file's content. Text is
//! UTF-8 ([`read_text_in`]), but for an Apple property list, which may be UTF-16 or binary too
//! ([`property_list`]).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Code, Diagnostic};
use crate::platform::Contents;
use crate::platform::encoding::{self, Encoding};
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
        ReadError::new(ReadErrorKind::Io, error.to_string().to_lowercase())
    }

    /// An error of `kind`, in words.
    pub fn new(kind: ReadErrorKind, message: impl Into<String>) -> Self {
        ReadError {
            message: message.into(),
            kind,
            partial: String::new(),
        }
    }
}

/// The kinds of [`ReadError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadErrorKind {
    /// The operating system refused (missing, permissions, a folder, ...).
    Io,
    /// Larger than the cap; what was read is dropped.
    TooLarge,
    /// Not UTF-8; the byte offset of the first bad byte.
    NotUtf8(usize),
    /// A property list in UTF-16 that is not valid UTF-16; where its text stops, as an offset
    /// into the text decoded before it ([`ReadError::partial`]).
    NotUtf16(usize),
    /// The path resolves (links followed) outside the folders it may be read from.
    Outside,
    /// Not a regular file: a FIFO, a device, a socket, or a file of `/proc`, `/sys` or `/dev`.
    NotRegular,
}

/// The folders a path reached from file contents or the file system may resolve into, links
/// followed (DESIGN §11). A path the user typed is read anywhere ([`Scope::Any`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Scope {
    /// Anywhere: the user typed the path.
    #[default]
    Any,
    /// Inside one of these folders (canonical paths).
    Within(Arc<[PathBuf]>),
    /// Inside one of these folders, as discovery found the file: a regular file with no link
    /// on its way from a folder it walked, which is inside them. It is opened as it is named,
    /// never through a link, and what was opened is examined; its path is not resolved again.
    Walked(Arc<[PathBuf]>),
}

impl Scope {
    /// Inside one of `folders`, each resolved now; a folder that does not resolve admits
    /// nothing.
    pub fn within<'p>(folders: impl IntoIterator<Item = &'p Path>) -> Scope {
        let resolved: Vec<PathBuf> = folders
            .into_iter()
            .filter_map(|f| fs::canonicalize(resolvable(f)).ok())
            .collect();
        Scope::Within(resolved.into())
    }

    /// This scope with `folder` (resolved now) admitted too.
    pub fn and(&self, folder: &Path) -> Scope {
        match self {
            Scope::Any => Scope::Any,
            Scope::Within(folders) | Scope::Walked(folders) => {
                let mut all = folders.to_vec();
                if let Ok(resolved) = fs::canonicalize(resolvable(folder)) {
                    all.push(resolved);
                }
                Scope::Within(all.into())
            }
        }
    }

    /// Whether the canonical path `resolved` is inside the scope.
    pub fn admits(&self, resolved: &Path) -> bool {
        match self {
            Scope::Any => true,
            Scope::Within(folders) | Scope::Walked(folders) => {
                folders.iter().any(|f| resolved.starts_with(f))
            }
        }
    }

    /// This scope for a file discovery found with no link on its way ([`Scope::Walked`]);
    /// unchanged when it admits anything, or a system folder (whose files are refused however
    /// they are reached).
    pub fn walked(&self) -> Scope {
        match self {
            Scope::Within(folders)
                if !folders
                    .iter()
                    .any(|f| SYSTEM_FOLDERS.iter().any(|s| f.starts_with(s))) =>
            {
                Scope::Walked(Arc::clone(folders))
            }
            _ => self.clone(),
        }
    }
}

/// The empty path (the working directory, as candor names it) as the file system wants it.
fn resolvable(path: &Path) -> &Path {
    if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    }
}

/// Folders whose files are the system's, never a repository's, however a link reaches them.
const SYSTEM_FOLDERS: &[&str] = &["/proc", "/sys", "/dev"];

/// Where `path` leads with every link followed, if it is inside `scope`.
pub fn resolve_in(path: &Path, scope: &Scope) -> Result<PathBuf, ReadError> {
    let resolved = fs::canonicalize(resolvable(path)).map_err(|e| ReadError::io(&e))?;
    if !scope.admits(&resolved) {
        return Err(ReadError::new(
            ReadErrorKind::Outside,
            "it leads outside the repository (links followed)",
        ));
    }
    Ok(resolved)
}

/// Reads the file at `path`, if it resolves inside `scope`, is a regular file and holds at
/// most `cap` bytes.
pub fn read_bytes(path: &Path, cap: u64, scope: &Scope) -> Result<Vec<u8>, ReadError> {
    if let Scope::Walked(folders) = scope {
        // Where discovery found it, inside the scope: opened as named, not through a link,
        // and examined once open. A link swapped in since is resolved as any other path is.
        return match open(path, false) {
            Ok(file) => read_open(file, cap),
            Err(e) if e.raw_os_error().is_some_and(is_link_refusal) => {
                read_bytes(path, cap, &Scope::Within(Arc::clone(folders)))
            }
            Err(e) => Err(ReadError::io(&e)),
        };
    }
    let resolved = resolve_in(path, scope)?;
    if SYSTEM_FOLDERS.iter().any(|f| resolved.starts_with(f)) {
        return Err(not_regular());
    }
    let metadata = fs::metadata(&resolved).map_err(|e| ReadError::io(&e))?;
    if metadata.is_dir() {
        return Err(ReadError::new(ReadErrorKind::Io, "it is a folder"));
    }
    if !metadata.is_file() {
        return Err(not_regular());
    }
    let file = open(&resolved, true).map_err(|e| ReadError::io(&e))?;
    read_open(file, cap)
}

/// Reads the open `file` through the cap, if it is a regular file.
fn read_open(file: fs::File, cap: u64) -> Result<Vec<u8>, ReadError> {
    // What was opened is what is read: the path may have changed since it was examined.
    let opened = file.metadata().map_err(|e| ReadError::io(&e))?;
    if opened.is_dir() {
        return Err(ReadError::new(ReadErrorKind::Io, "it is a folder"));
    }
    if !opened.is_file() {
        return Err(not_regular());
    }
    if opened.len() > cap {
        return Err(too_large(cap));
    }
    // Sized for what the file holds now (and one byte, to see it end without a second
    // allocation); a file that grows while it is read still stops at the cap.
    let mut bytes = Vec::with_capacity(usize::try_from(opened.len()).map_or(0, |n| n + 1));
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::io(&e))?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > cap {
        return Err(too_large(cap));
    }
    Ok(bytes)
}

fn not_regular() -> ReadError {
    ReadError::new(
        ReadErrorKind::NotRegular,
        "it is not a regular file (a FIFO, a device, a socket or a system file); candor reads \
         only regular files",
    )
}

fn too_large(cap: u64) -> ReadError {
    ReadError::new(
        ReadErrorKind::TooLarge,
        format!("the file is over the limit of {cap} bytes"),
    )
}

/// Opens a file for reading without waiting on it: a FIFO swapped in after it was examined
/// must not block the open, nor a terminal become the process's. With `follow` false, a path
/// whose last part is a link is refused.
fn open(path: &Path, follow: bool) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A regular file reads the same with these.
        let mut flags = libc::O_NONBLOCK | libc::O_NOCTTY;
        if !follow {
            flags |= libc::O_NOFOLLOW;
        }
        options.custom_flags(flags);
    }
    #[cfg(not(unix))]
    let _ = follow;
    options.open(path)
}

/// Whether the system's error `code` is how opening without following refuses a link.
fn is_link_refusal(code: i32) -> bool {
    #[cfg(unix)]
    {
        code == libc::ELOOP
    }
    #[cfg(not(unix))]
    {
        let _ = code;
        false
    }
}

/// Reads a file the user named, as UTF-8 text (see [`read_text_in`]).
pub fn read_text(path: &Path, cap: u64) -> Result<String, ReadError> {
    read_text_in(path, cap, &Scope::Any)
}

/// Reads a file as UTF-8 text through [`read_bytes`]; an encoding error gives the position of
/// the first bad byte and the text before it.
pub fn read_text_in(path: &Path, cap: u64, scope: &Scope) -> Result<String, ReadError> {
    utf8(read_bytes(path, cap, scope)?)
}

/// The content of an Apple property list read as `bytes`: its text, decoded from UTF-16 when it
/// is written so, or the bytes of a binary property list. Text that is not valid in its
/// encoding is an error that says where, with the text before it.
pub fn property_list(bytes: Vec<u8>) -> Result<Contents, ReadError> {
    match Encoding::of_property_list(&bytes) {
        Encoding::Binary => Ok(Contents::Binary(bytes)),
        Encoding::Utf8 => utf8(bytes).map(Contents::Text),
        encoding @ Encoding::Utf16 { big_endian, .. } => encoding::decode_utf16(&bytes, big_endian)
            .map(Contents::Text)
            .map_err(|e| ReadError {
                message: format!("the file is not valid {}: {}", encoding.name(), e.reason),
                kind: ReadErrorKind::NotUtf16(e.text.len()),
                partial: e.text,
            }),
    }
}

/// `bytes` as UTF-8 text; an encoding error gives the position of the first bad byte and the
/// text before it.
fn utf8(bytes: Vec<u8>) -> Result<String, ReadError> {
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
        ReadErrorKind::NotUtf8(offset) | ReadErrorKind::NotUtf16(offset) => {
            (Code::InvalidManifest, offset)
        }
        ReadErrorKind::TooLarge => (Code::InvalidManifest, 0),
        ReadErrorKind::Io | ReadErrorKind::Outside | ReadErrorKind::NotRegular => {
            (Code::IoError, 0)
        }
    };
    let diagnostic = Diagnostic::new(
        code,
        Span::new(file, at, at),
        format!("cannot read `{name}`: {}", error.message),
    );
    match error.kind {
        ReadErrorKind::Outside => diagnostic.with_help(
            "a file found in the repository must stay inside it: replace the link with the file",
        ),
        ReadErrorKind::NotRegular => {
            diagnostic.with_help("replace it with a regular file, or exclude it in candor.yaml")
        }
        _ => diagnostic,
    }
}
