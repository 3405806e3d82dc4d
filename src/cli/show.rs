//! `candor show PRODUCT`: what one product may collect, by category, with where each grant
//! comes from, and the never rules. Also loads the policy for `render` and `diff`, refusing a
//! policy whose model would be incomplete.

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::ExitStatus;
use crate::policy::LoadedPolicy;
use crate::report::{self, Report};
use crate::session::{Disk, Options, Root, Session};
use crate::source::SourceMap;
use crate::statement;
use crate::workspace::{self, Fatal};

/// Arguments of `candor show`.
#[derive(Debug, Clone, clap::Args)]
pub struct ShowArgs {
    /// A product id of the policy.
    pub product: String,
    /// The root policy file (default: as `check` finds it).
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Human)]
    pub format: ShowFormat,
}

/// Output formats of `candor show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// For people.
    Human,
    /// One versioned JSON document.
    Json,
}

/// Runs `candor show`: returns what to print and the exit status.
pub fn show(args: &ShowArgs) -> Result<(String, ExitStatus), Fatal> {
    let (sources, loaded) = workspace_policy(args.policy.as_deref())?;
    let product = statement::find_product(&loaded.policy, &args.product).map_err(Fatal)?;
    let output = match args.format {
        // Descriptions are the policy's text: shown in a terminal, their controls escaped.
        ShowFormat::Human => crate::report::escape::visible(&statement::show::human(
            &loaded.policy,
            &sources,
            product,
        ))
        .into_owned(),
        ShowFormat::Json => statement::show::json(&loaded.policy, &sources, product),
    };
    Ok((output, ExitStatus::Clean))
}

/// The policy as `check` finds it (`--policy`, `candor.yaml`, `./policies/`), complete.
pub(super) fn workspace_policy(
    explicit: Option<&Path>,
) -> Result<(SourceMap, LoadedPolicy), Fatal> {
    let options = Options {
        policy: explicit.map(Path::to_path_buf),
        ..Options::default()
    };
    let session = Session::open(&Disk, &Root::WorkingDir, &options)?;
    complete(
        &session.loaded,
        &session.sources,
        &workspace::display(&session.policy_path),
    )?;
    Ok((session.sources, session.loaded))
}

/// Refuses a policy whose model lacks part of what it says ([`LoadedPolicy::gaps`]): a
/// statement, a diff or an export of it would be wrong without saying so.
pub(super) fn complete(
    loaded: &LoadedPolicy,
    sources: &SourceMap,
    shown: &str,
) -> Result<(), Fatal> {
    let broken: Vec<_> = loaded.gaps().cloned().collect();
    if broken.is_empty() {
        return Ok(());
    }
    let count = report::plural(broken.len(), "error", "errors");
    let report = Report::new(broken, sources, loaded.files.len(), 0);
    let lines = report::concise::render(&report, sources);
    Err(Fatal(format!(
        "the policy `{shown}` has {count} to fix first:\n{}",
        lines.trim_end()
    )))
}
