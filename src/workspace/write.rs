//! The write path: `fmt` and `init` write only inside the repository (links followed), and
//! `-o` never replaces a file the same run reads (DESIGN §11).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::read::{Scope, resolve_in};
use super::{Fatal, display};

/// A scratch file for a report that must reorder what it writes (SARIF puts errors first):
/// kept in memory up to `in_memory` bytes, then an anonymous temporary file, which the
/// operating system removes when it is dropped, named nowhere a pull request could reach.
pub fn scratch(in_memory: usize) -> tempfile::SpooledTempFile {
    tempfile::spooled_tempfile(in_memory)
}

/// Replaces the contents of the existing regular file `path`, which must resolve inside
/// `scope`.
pub fn replace_in(path: &Path, text: &str, scope: &Scope) -> Result<(), Fatal> {
    let shown = display(path);
    let resolved = resolve_in(path, scope).map_err(|e| refused(&shown, &e.message))?;
    if !std::fs::metadata(&resolved).is_ok_and(|m| m.is_file()) {
        return Err(refused(&shown, "it is not a regular file"));
    }
    std::fs::write(&resolved, text).map_err(|e| Fatal(format!("cannot write `{shown}`: {e}")))
}

/// Refuses a new file `path` whose folder exists and resolves outside `scope`, before anything
/// is written.
pub fn check_new_in(path: &Path, scope: &Scope) -> Result<(), Fatal> {
    let parent = path.parent().unwrap_or(Path::new(""));
    let existing = parent
        .ancestors()
        .find(|p| p.as_os_str().is_empty() || p.exists());
    match existing {
        Some(folder) => resolve_in(folder, scope)
            .map(|_| ())
            .map_err(|e| refused(&display(path), &e.message)),
        None => Ok(()),
    }
}

/// Creates the file `path`, which must not exist yet (checked again when it is created), in a
/// folder that resolves inside `scope`; missing folders are created first.
pub fn create_new_in(path: &Path, text: &str, scope: &Scope) -> Result<(), Fatal> {
    let shown = display(path);
    let parent = path.parent().unwrap_or(Path::new(""));
    if !parent.as_os_str().is_empty() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Fatal(format!("cannot create the folder of `{shown}`: {e}")))?;
    }
    resolve_in(parent, scope).map_err(|e| refused(&shown, &e.message))?;
    // `create_new` refuses an existing name, a link included, so nothing outside is reached.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Fatal(format!("cannot create `{shown}`: {e}")))?;
    file.write_all(text.as_bytes())
        .map_err(|e| Fatal(format!("cannot write `{shown}`: {e}")))
}

fn refused(shown: &str, why: &str) -> Fatal {
    Fatal(format!(
        "refusing to write `{shown}`: {why}; candor writes only inside the repository"
    ))
}

/// Refuses an output file (`-o`) that is one of the run's inputs: one of `inputs`, or a file
/// under one of the folders in `searched` whose name `read_by_name` says the search takes.
pub fn refuse_input_output(
    output: &Path,
    inputs: &[PathBuf],
    searched: &[PathBuf],
    read_by_name: &dyn Fn(&str) -> bool,
) -> Result<(), Fatal> {
    let Ok(target) = std::fs::canonicalize(output) else {
        // A new file is no input.
        return Ok(());
    };
    let shown = display(output);
    let refuse = |what: String| {
        Err(Fatal(format!(
            "refusing to write the output to `{shown}`: it is {what} of this run; choose \
             another file"
        )))
    };
    for input in inputs {
        if std::fs::canonicalize(input).is_ok_and(|i| i == target) {
            return refuse(format!("`{}`, an input", display(input)));
        }
    }
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if read_by_name(&name) {
        for folder in searched {
            if std::fs::canonicalize(folder).is_ok_and(|f| f.is_dir() && target.starts_with(&f)) {
                return refuse(format!(
                    "a file the search of `{}` reads, an input",
                    display(folder)
                ));
            }
        }
    }
    Ok(())
}
