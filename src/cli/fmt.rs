//! `candor fmt`: formats policy files in place, or checks that they are formatted.

use std::path::PathBuf;

use super::ExitStatus;
use crate::diagnostic::Code;
use crate::limits;
use crate::report::{self, Report};
use crate::session::{Disk, Options, Root, Session};
use crate::source::SourceMap;
use crate::workspace::{self, Fatal};

/// Runs `candor fmt`: formats `files` (or the policy's files) in place, or with `check` only
/// reports the ones that would change. Returns what to print and the exit status.
pub fn fmt(
    files: &[PathBuf],
    check: bool,
    policy: Option<&std::path::Path>,
) -> Result<(String, ExitStatus), Fatal> {
    // With no FILES, the policy's own files; an include that cannot be read is reported, not
    // skipped in silence.
    let mut unreadable = None;
    let cwd = std::env::current_dir()
        .map_err(|e| Fatal(format!("cannot read the working directory: {e}")))?;
    let scope = workspace::Scope::within([workspace::repository_root(&cwd).as_path()]);
    let files: Vec<PathBuf> = if files.is_empty() {
        let options = Options {
            policy: policy.map(std::path::Path::to_path_buf),
            ..Options::default()
        };
        let session = Session::open(&Disk, &Root::WorkingDir, &options)?;
        // Includes that could not be read or were refused (outside the policy's folder).
        let includes: Vec<_> = session
            .loaded
            .asts
            .iter()
            .flat_map(|ast| ast.includes.iter().map(|i| i.span))
            .collect();
        let missing: Vec<_> = session
            .loaded
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::IoError || includes.contains(&d.primary.span))
            .cloned()
            .collect();
        if !missing.is_empty() {
            unreadable = Some((missing, session.sources.clone()));
        }
        session
            .loaded
            .files
            .iter()
            .map(|f| PathBuf::from(session.sources.name(*f)))
            .collect()
    } else {
        files.to_vec()
    };
    let mut output = String::new();
    let mut status = ExitStatus::Clean;
    let mut sources = SourceMap::new();
    let mut errors = Vec::new();
    for path in &files {
        let name = workspace::display(path);
        let text = workspace::read_text_in(path, limits::POLICY_BYTES, &scope)
            .map_err(|e| Fatal(format!("cannot read `{name}`: {}", e.message)))?;
        let file = sources.add(name.clone(), text.as_str());
        match crate::policy::format::format(file, &text) {
            Err(diagnostics) => errors.extend(diagnostics),
            Ok(formatted) if formatted == text => {}
            Ok(_) if check => {
                output.push_str(&format!(
                    "would reformat {}\n",
                    report::escape::one_line(&name)
                ));
                status = ExitStatus::Findings;
            }
            Ok(formatted) => {
                workspace::replace_in(path, &formatted, &scope)?;
                output.push_str(&format!("formatted {}\n", report::escape::one_line(&name)));
            }
        }
    }
    if !errors.is_empty() {
        let report = Report::new(errors, &sources, files.len(), 0);
        let style = report::human::Style {
            color: false,
            width: 100,
            show_advice: true,
        };
        output.push_str(&report::human::render(&report, &sources, style));
        output.push_str("files with syntax errors are not formatted\n");
        return Ok((output, ExitStatus::Failure));
    }
    if let Some((missing, sources)) = unreadable {
        let count = missing.len();
        let report = Report::new(missing, &sources, files.len(), 0);
        let style = report::human::Style {
            color: false,
            width: 100,
            show_advice: true,
        };
        output.push_str(&report::human::render(&report, &sources, style));
        output.push_str(&format!(
            "{} could not be read, so {} not formatted\n",
            report::plural(count, "included file", "included files"),
            if count == 1 { "it was" } else { "they were" }
        ));
        return Ok((output, ExitStatus::Failure));
    }
    Ok((output, status))
}
