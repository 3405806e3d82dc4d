//! `candor fmt`: formats policy files in place, or checks that they are formatted.

use std::path::PathBuf;

use super::ExitStatus;
use crate::limits;
use crate::report::{self, Report};
use crate::source::SourceMap;
use crate::workspace::{self, Fatal};

/// Runs `candor fmt`: formats `files` (or the policy's files) in place, or with `check` only
/// reports the ones that would change. Returns what to print and the exit status.
pub fn fmt(
    files: &[PathBuf],
    check: bool,
    policy: Option<&std::path::Path>,
) -> Result<(String, ExitStatus), Fatal> {
    let files: Vec<PathBuf> = if files.is_empty() {
        let config = workspace::find_config()?;
        let root = workspace::policy_path(policy, config.as_ref())?;
        let mut sources = SourceMap::new();
        let loaded = workspace::load_policy(&mut sources, &root)?;
        loaded
            .files
            .iter()
            .map(|f| PathBuf::from(sources.name(*f)))
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
        let text = workspace::read_text(path, limits::POLICY_BYTES)
            .map_err(|e| Fatal(format!("cannot read `{name}`: {}", e.message)))?;
        let file = sources.add(name.clone(), text.as_str());
        match crate::policy::format::format(file, &text) {
            Err(diagnostics) => errors.extend(diagnostics),
            Ok(formatted) if formatted == text => {}
            Ok(_) if check => {
                output.push_str(&format!("would reformat {name}\n"));
                status = ExitStatus::Findings;
            }
            Ok(formatted) => {
                std::fs::write(path, formatted)
                    .map_err(|e| Fatal(format!("cannot write `{name}`: {e}")))?;
                output.push_str(&format!("formatted {name}\n"));
            }
        }
    }
    if !errors.is_empty() {
        let report = Report::new(errors, &sources, files.len(), 0);
        let style = report::human::Style {
            color: false,
            width: 100,
        };
        output.push_str(&report::human::render(&report, &sources, style));
        output.push_str("files with syntax errors are not formatted\n");
        return Ok((output, ExitStatus::Failure));
    }
    Ok((output, status))
}
