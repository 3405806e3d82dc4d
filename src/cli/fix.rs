//! `candor check --fix`: applies the machine-applicable fixes of a check's findings (a misspelt
//! id replaced by the one its "did you mean" names) to the files they are in: manifests, store
//! files and `candor.yaml`, never a policy file nor a binary or UTF-16 property list, and only
//! inside the repository. What changed is said on standard error; the check then runs again and
//! reports as it would after the fix.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use crate::diagnostic::Fix;
use crate::limits;
use crate::platform::Platform;
use crate::platform::encoding::Encoding;
use crate::report::escape;
use crate::session::{Analysis, Session};
use crate::source::FileId;
use crate::workspace::{self, Fatal};

/// One file's fixes, applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    /// The file, as shown in the report.
    pub file: String,
    /// How many fixes were applied to it.
    pub applied: usize,
}

/// Applies the fixes of `analysis`'s findings, each file once; the policy's files are left
/// alone. A file that changed since it was checked, or that resolves outside the repository,
/// is not written (a note says why).
pub fn apply(session: &Session, analysis: &Analysis) -> Result<(Vec<Fixed>, Vec<String>), Fatal> {
    let policy_files: HashSet<&str> = session
        .loaded
        .files
        .iter()
        .map(|f| session.sources.name(*f))
        .collect();
    let mut by_file: BTreeMap<FileId, Vec<&Fix>> = BTreeMap::new();
    for fix in analysis
        .report
        .diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
    {
        by_file.entry(fix.span.file).or_default().push(fix);
    }
    let mut fixed = Vec::new();
    let mut notes = Vec::new();
    for (file, fixes) in by_file {
        let name = analysis.sources.name(file);
        if policy_files.contains(name) || name.ends_with(".candor") {
            continue;
        }
        let checked = analysis.sources.text(file);
        let Some((text, applied)) = edit(checked, fixes) else {
            continue;
        };
        let path = Path::new(name);
        let now = workspace::read_bytes(path, limits::MANIFEST_BYTES, &session.scope);
        if let Some(encoding) = now.as_deref().ok().and_then(|b| not_utf8(path, b)) {
            notes.push(format!(
                "`{}` was not fixed: it is a {} property list, and candor writes fixes only into \
                 UTF-8 files; make the change the finding's help names by hand",
                escape::visible(name),
                encoding.name()
            ));
            continue;
        }
        if now.ok().and_then(|b| String::from_utf8(b).ok()).as_deref() != Some(checked) {
            notes.push(format!(
                "`{}` was not fixed: it changed while it was checked, or cannot be read again",
                escape::visible(name)
            ));
            continue;
        }
        workspace::replace_in(path, &text, &session.scope)?;
        fixed.push(Fixed {
            file: name.to_owned(),
            applied,
        });
    }
    Ok((fixed, notes))
}

/// The encoding of the Apple property list at `path` read as `bytes`, when it is not UTF-8: a
/// fix is an edit of UTF-8 text, and candor never writes a binary or UTF-16 file.
fn not_utf8(path: &Path, bytes: &[u8]) -> Option<Encoding> {
    let name = path.file_name()?.to_string_lossy();
    let encoding = Encoding::of_property_list(bytes);
    (Platform::of_file_name(&name) == Some(Platform::Apple) && encoding != Encoding::Utf8)
        .then_some(encoding)
}

/// `text` with `fixes` applied, and how many were: in order of place, each fix whose range
/// overlaps an earlier one's (or does not fall on character boundaries) left out. `None` when
/// none applies or nothing would change.
fn edit(text: &str, mut fixes: Vec<&Fix>) -> Option<(String, usize)> {
    fixes.sort_by_key(|f| (f.span.start, f.span.end));
    fixes.dedup();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut applied = 0;
    for fix in fixes {
        let (start, end) = (fix.span.start, fix.span.end);
        if start < at || text.get(start..end).is_none() {
            continue;
        }
        out.push_str(text.get(at..start)?);
        out.push_str(&fix.replacement);
        at = end;
        applied += 1;
    }
    out.push_str(text.get(at..)?);
    (applied > 0 && out != text).then_some((out, applied))
}

/// The line `--fix` writes on standard error for what it changed.
pub fn summary(fixed: &[Fixed]) -> String {
    let total: usize = fixed.iter().map(|f| f.applied).sum();
    let mut out = String::new();
    for f in fixed {
        let noun = if f.applied == 1 { "fix" } else { "fixes" };
        out.push_str(&format!(
            "fixed: `{}` ({} {noun})\n",
            escape::visible(&f.file),
            f.applied
        ));
    }
    let files = if fixed.len() == 1 { "file" } else { "files" };
    let noun = if total == 1 { "fix" } else { "fixes" };
    out.push_str(&format!(
        "applied {total} {noun} in {} {files}\n",
        fixed.len()
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn fix(start: usize, end: usize, replacement: &str) -> Fix {
        Fix {
            span: Span::new(FileId(0), start, end),
            replacement: replacement.to_owned(),
        }
    }

    #[test]
    fn fixes_apply_in_order_and_overlaps_are_left_out() {
        let a = fix(10, 13, "product");
        let b = fix(0, 3, "one");
        let overlapping = fix(11, 12, "x");
        let (text, applied) =
            edit("abc def g xyz end", vec![&a, &b, &overlapping]).expect("an edit");
        assert_eq!(text, "one def g product end");
        assert_eq!(applied, 2);
    }

    #[test]
    fn a_fix_off_character_boundaries_or_changing_nothing_is_not_applied() {
        let inside = fix(1, 2, "x");
        assert_eq!(edit("é", vec![&inside]), None);
        let same = fix(0, 1, "a");
        assert_eq!(edit("abc", vec![&same]), None);
    }
}
