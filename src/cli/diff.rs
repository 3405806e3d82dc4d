//! `candor diff OLD NEW`: what a policy change newly allows and no longer allows. Each side is
//! a root policy file, or `REV:path` read from git (`git show REV:path`), its includes read at
//! the same revision relative to it.

use std::path::Path;
use std::process::Command;

use clap::ValueEnum;

use super::ExitStatus;
use super::show::complete;
use crate::limits;
use crate::policy::{self, LoadedPolicy};
use crate::source::SourceMap;
use crate::statement::diff::{self, human, markdown, report};
use crate::workspace::{self, Fatal};
use crate::workspace::{ReadError, ReadErrorKind};

/// Arguments of `candor diff`.
#[derive(Debug, Clone, clap::Args)]
pub struct DiffArgs {
    /// The policy before the change: a root policy file or `REV:path`.
    pub old: String,
    /// The policy after the change: a root policy file or `REV:path`.
    pub new: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
}

/// Output formats of `candor diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// For people.
    Human,
    /// A pull-request comment.
    Markdown,
    /// One versioned JSON document.
    Json,
}

/// Runs `candor diff`: exit status 0 when nothing changed, 1 when something did.
pub fn diff(args: &DiffArgs) -> Result<(String, ExitStatus), Fatal> {
    let old = load(&args.old)?;
    let new = load(&args.new)?;
    let changes = diff::diff(&old.policy, &new.policy);
    let (old_name, new_name) = (args.old.as_str(), args.new.as_str());
    let output = match args.format {
        // Names and descriptions come from the policies: their controls are escaped.
        DiffFormat::Human => {
            crate::report::escape::visible(&human::render(&changes, old_name, new_name))
                .into_owned()
        }
        DiffFormat::Markdown => {
            crate::report::escape::visible(&markdown::render(&changes, old_name, new_name))
                .into_owned()
        }
        DiffFormat::Json => report::json(&changes, old_name, new_name),
    };
    let status = if changes.is_empty() {
        ExitStatus::Clean
    } else {
        ExitStatus::Findings
    };
    Ok((output, status))
}

/// Loads one side: a file when one exists at that path, else `REV:path`.
fn load(arg: &str) -> Result<LoadedPolicy, Fatal> {
    let mut sources = SourceMap::new();
    let path = Path::new(arg);
    let loaded = match arg.split_once(':') {
        Some((rev, file)) if !path.exists() && is_revision(rev) && !file.is_empty() => {
            at_revision(&mut sources, rev, file)?
        }
        _ => crate::session::load_policy(
            &crate::session::Disk,
            &mut sources,
            path,
            &workspace::Scope::Any,
        )?,
    };
    complete(&loaded, &sources, arg)?;
    Ok(loaded)
}

/// Whether `rev` can name a git revision (and cannot pass for an option of git).
fn is_revision(rev: &str) -> bool {
    !rev.is_empty() && !rev.starts_with('-')
}

/// Loads the policy `file` as it is at `rev`, its includes at `rev` too.
fn at_revision(sources: &mut SourceMap, rev: &str, file: &str) -> Result<LoadedPolicy, Fatal> {
    // Git reads `REV:./x` and `REV:../x` from the working directory and `REV:x` from the
    // top of the repository; includes are named from the root file, so they keep its anchor.
    let from_cwd = file.starts_with("./") || file.starts_with("../");
    let spec = |name: &str| {
        if from_cwd && !name.starts_with("../") {
            format!("{rev}:./{name}")
        } else {
            format!("{rev}:{name}")
        }
    };
    let name = workspace::display(Path::new(file));
    let text = git_show(&spec(&name))
        .map_err(|e| Fatal(format!("cannot read the policy `{rev}:{file}`: {e}")))?;
    let root = sources.add(name, text);
    Ok(policy::load(sources, root, &mut |included| {
        git_show(&spec(included))
            .map(Some)
            .map_err(|e| ReadError::new(ReadErrorKind::Io, e))
    }))
}

/// The contents of the file `spec` (`REV:path`), by `git show`.
fn git_show(spec: &str) -> Result<String, String> {
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .output()
            .map_err(|e| format!("cannot run git: {e}"))
    };
    // `git show` lists a folder instead of failing: ask what the object is first.
    let kind = git(&["cat-file", "-t", spec])?;
    if !kind.status.success() {
        return Err(git_error(&kind.stderr));
    }
    if kind.stdout.trim_ascii() != b"blob" {
        return Err("it is not a file at that revision".to_owned());
    }
    let shown = git(&["show", spec])?;
    if !shown.status.success() {
        return Err(git_error(&shown.stderr));
    }
    if shown.stdout.len() as u64 > limits::POLICY_BYTES {
        return Err(format!(
            "the file is {} bytes, over the limit of {} bytes",
            shown.stdout.len(),
            limits::POLICY_BYTES
        ));
    }
    String::from_utf8(shown.stdout).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        format!("the file is not valid UTF-8 (byte {offset} is not)")
    })
}

/// Git's own message, without its `fatal: ` prefix.
fn git_error(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let line = text.lines().next().unwrap_or("git failed").trim();
    line.strip_prefix("fatal: ").unwrap_or(line).to_owned()
}
