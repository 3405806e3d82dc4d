//! The policy language: text to tokens ([`lex`]), tokens to syntax tree ([`parse`]), the files
//! an `include` pulls in ([`load`]), syntax trees to the resolved model ([`resolve`]) and policy
//! lint ([`lint`]).
//!
//! Nothing here touches the file system: [`load`] asks its caller for the text of each
//! included file, so an editor can serve unsaved buffers and the command line the disk.

pub mod ast;
mod expected;
pub mod format;
pub mod grammar;
pub mod lex;
pub mod lint;
mod lower;
pub mod model;
pub mod parse;
pub mod resolve;

use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic};
use crate::limits;
use crate::source::{FileId, SourceMap};
use crate::workspace::{ReadError, ReadErrorKind};
pub use model::Policy;

/// A policy with every file it includes parsed, resolved and linted.
#[derive(Debug, Clone)]
pub struct LoadedPolicy {
    /// The resolved model (whatever could be resolved).
    pub policy: Policy,
    /// The files read, the root first.
    pub files: Vec<FileId>,
    /// Every problem found in them.
    pub diagnostics: Vec<Diagnostic>,
    /// The syntax trees, one per file.
    pub asts: Vec<ast::PolicyFile>,
    /// Findings left out as consequences of another (an unused condition whose only use is
    /// misspelt): counted in the human summary.
    pub suppressed: usize,
}

impl LoadedPolicy {
    /// What makes the model lack part of what the policy says: a declaration that does not
    /// parse, an include that cannot be read, a name used but not defined, or defined twice.
    /// Contradictions and unused definitions leave the model complete. `show`, `render`,
    /// `diff` and `export` refuse a policy with gaps.
    pub fn gaps(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| {
            matches!(
                d.code,
                Code::PolicySyntax
                    | Code::IoError
                    | Code::UndefinedReference
                    | Code::DuplicateDefinition
            )
        })
    }
}

impl LoadedPolicy {
    /// Whether the policy could not be read at all: not one declaration parsed, and errors.
    pub fn is_unusable(&self) -> bool {
        self.asts.iter().all(ast::PolicyFile::is_empty)
            && self
                .diagnostics
                .iter()
                .any(|d| d.code == Code::PolicySyntax)
    }
}

/// Reads the text of an included file, by its path as candor displays it: `None` when that
/// path leads (through links) to a file already read, which is then not read again; the error
/// says why it could not be read (an [`ReadErrorKind::Outside`] error is refused like a path
/// outside the policy's folder).
pub type ReadInclude<'a> = dyn FnMut(&str) -> Result<Option<String>, ReadError> + 'a;

/// Parses the root policy file `root` (already in `sources`) and every file it includes, then
/// resolves and lints the whole.
pub fn load(sources: &mut SourceMap, root: FileId, read: &mut ReadInclude<'_>) -> LoadedPolicy {
    let mut loader = Loader {
        sources,
        read,
        asts: Vec::new(),
        files: Vec::new(),
        diagnostics: Vec::new(),
        root_dir: PathBuf::new(),
    };
    loader.root_dir = parent_dir(loader.sources.name(root));
    loader.visit(root, &mut Vec::new());
    let Loader {
        asts,
        files,
        mut diagnostics,
        ..
    } = loader;
    let (policy, resolve_diags) = resolve::resolve(&asts);
    let typos = undefined_names(sources, &resolve_diags);
    diagnostics.extend(resolve_diags);
    let (lints, follow_ons): (Vec<_>, Vec<_>) = lint::lint(&policy)
        .into_iter()
        .partition(|d| !is_follow_on(d, &typos));
    diagnostics.extend(lints);
    LoadedPolicy {
        policy,
        files,
        diagnostics,
        asts,
        suppressed: follow_ons.len(),
    }
}

struct Loader<'s, 'r, 'a> {
    sources: &'s mut SourceMap,
    read: &'r mut ReadInclude<'a>,
    asts: Vec<ast::PolicyFile>,
    files: Vec<FileId>,
    diagnostics: Vec<Diagnostic>,
    root_dir: PathBuf,
}

impl Loader<'_, '_, '_> {
    /// Parses `file`, then each file it includes, depth first; `chain` holds the files being
    /// visited, to find cycles.
    fn visit(&mut self, file: FileId, chain: &mut Vec<FileId>) {
        self.files.push(file);
        let (ast, diags) = parse::parse(file, self.sources.text(file));
        self.diagnostics.extend(diags);
        let includes = ast.includes.clone();
        self.asts.push(ast);
        chain.push(file);
        for include in includes {
            self.include(file, &include, chain);
        }
        chain.pop();
    }

    fn include(&mut self, from: FileId, include: &ast::IncludeDecl, chain: &mut Vec<FileId>) {
        let refuse = |message: String, help: &str| {
            Diagnostic::new(Code::PolicySyntax, include.span, message).with_help(help.to_owned())
        };
        if include.path.contains('\\') {
            let diag = refuse(
                format!("`{}` uses `\\` in a path", include.path),
                "separate folders with `/`: `\\` is not a path separator in a policy",
            )
            .with_label("include refused");
            self.diagnostics.push(diag);
            return;
        }
        let path =
            crate::workspace::normalize(&parent_dir(self.sources.name(from)).join(&include.path));
        let name = path.to_string_lossy().replace('\\', "/");
        let outside = || {
            refuse(
                format!("`{}` is outside the policy's folder", include.path),
                "a policy includes only files in the folder of its root file or below it, \
                 links followed",
            )
            .with_label("include refused")
        };
        let inside = path
            .strip_prefix(&self.root_dir)
            .is_ok_and(|rest| !matches!(rest.components().next(), Some(Component::ParentDir)));
        if !inside || Path::new(&include.path).is_absolute() {
            self.diagnostics.push(outside());
            return;
        }
        if let Some(existing) = self.sources.find(&name) {
            if let Some(start) = chain.iter().position(|&f| f == existing) {
                let cycle: Vec<&str> = chain
                    .get(start..)
                    .unwrap_or_default()
                    .iter()
                    .map(|&f| self.sources.name(f))
                    .chain(std::iter::once(name.as_str()))
                    .collect();
                let diag = refuse(
                    format!("include cycle: {}", cycle.join(" → ")),
                    "remove one of the includes; each file needs to be included once",
                )
                .with_label("includes a file that includes this one");
                self.diagnostics.push(diag);
            }
            // Included before through another path: its declarations are already in.
            return;
        }
        if chain.len() >= limits::INCLUDE_DEPTH {
            let diag = refuse(
                format!(
                    "includes are nested more than {} files deep",
                    limits::INCLUDE_DEPTH
                ),
                "include the files from fewer levels",
            )
            .with_label("include refused");
            self.diagnostics.push(diag);
            return;
        }
        match (self.read)(&name) {
            Ok(Some(text)) => {
                let file = self.sources.add(name, text);
                self.visit(file, chain);
            }
            // The same file under another name: its declarations are already in.
            Ok(None) => {}
            Err(reason) if reason.kind == ReadErrorKind::Outside => {
                self.diagnostics.push(outside());
            }
            Err(reason) => self.diagnostics.push(
                Diagnostic::new(
                    Code::IoError,
                    include.span,
                    format!("cannot read `{name}`: {}", reason.message),
                )
                .with_label("included here")
                .with_help("the path is relative to the file that includes it"),
            ),
        }
    }
}

/// The kind and name of every reference to an undefined name (`condition`, `locaton_enabled`).
fn undefined_names(sources: &SourceMap, diagnostics: &[Diagnostic]) -> Vec<(String, String)> {
    diagnostics
        .iter()
        .filter(|d| d.code == Code::UndefinedReference)
        .filter_map(|d| {
            let kind = d.message.split_once(' ')?.0;
            Some((kind.to_owned(), sources.snippet(d.primary.span).to_owned()))
        })
        .collect()
}

/// Whether `d` is a consequence of a misspelt reference: an unused definition that one of
/// `typos` is a likely misspelling of (the reference's fix makes it used).
fn is_follow_on(d: &Diagnostic, typos: &[(String, String)]) -> bool {
    let Some((kind, id)) = lint::unused_subject(d) else {
        return false;
    };
    typos
        .iter()
        .any(|(k, name)| k == kind && crate::suggest::nearest(name, [id]).is_some())
}

/// The folder of a displayed path.
fn parent_dir(name: &str) -> PathBuf {
    Path::new(name)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The paths a policy text includes, as written (what does not parse includes nothing).
pub fn included_paths(text: &str) -> Vec<String> {
    let (ast, _) = parse::parse(FileId(0), text);
    ast.includes.into_iter().map(|i| i.path).collect()
}

/// Parses, resolves and lints a single policy text that includes nothing (includes are
/// reported as unreadable). For tests and tools that hold one buffer.
pub fn load_text(sources: &mut SourceMap, name: &str, text: &str) -> LoadedPolicy {
    let root = sources.add(name, text);
    load(sources, root, &mut |_| {
        Err(ReadError::new(ReadErrorKind::Io, "no file system here"))
    })
}
