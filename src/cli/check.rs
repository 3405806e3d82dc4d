//! `candor check`: finds the policy and the manifests, checks them, renders the report.

use std::io::IsTerminal;
use std::path::PathBuf;

use super::{CheckArgs, Color, ExitStatus, Format};
use crate::limits;
use crate::policy::Policy;
use crate::report::{self, Report};
use crate::rules::{self, ManifestResult};
use crate::severity::{Overrides, SeverityConfig};
use crate::source::{FileId, SourceMap};
use crate::workspace::{self, Fatal};

/// Runs `candor check`: returns what to print and the exit status.
pub fn check(args: &CheckArgs) -> Result<(String, ExitStatus), Fatal> {
    let Analysis {
        report,
        sources,
        unusable,
    } = analyze(args)?;
    let output = match args.format {
        Format::Human => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                        && std::io::stdout().is_terminal()
                }
            };
            report::human::render(
                &report,
                &sources,
                report::human::Style { color, width: 100 },
            )
        }
        Format::Concise => report::concise::render(&report, &sources),
        Format::Json => report::json::render(&report, &sources),
        Format::Sarif => report::sarif::render(&report, &sources),
        Format::Github => report::github::render(&report, &sources),
    };
    let status = if unusable {
        ExitStatus::Failure
    } else if report.has_errors() {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    };
    Ok((output, status))
}

/// What `candor check` found, before rendering.
#[derive(Debug)]
pub struct Analysis {
    /// The sorted findings and counts.
    pub report: Report,
    /// Every file read.
    pub sources: SourceMap,
    /// Whether the policy could not be used at all (exit status 2).
    pub unusable: bool,
}

/// Finds the policy and the manifests, and checks them.
pub fn analyze(args: &CheckArgs) -> Result<Analysis, Fatal> {
    let config = workspace::find_config()?;
    let cli_severity = SeverityConfig {
        allow: args.allow.clone(),
        warn: args.warn.clone(),
        deny: args.deny.clone(),
    };
    let file_severity = config.as_ref().map(|c| &c.config.severity);
    let settings: Vec<&SeverityConfig> = file_severity.into_iter().chain([&cli_severity]).collect();
    let overrides = Overrides::from_settings(&settings).map_err(Fatal)?;
    let policy_path = workspace::policy_path(args.policy.as_deref(), config.as_ref())?;
    let mut sources = SourceMap::new();
    let loaded = workspace::load_policy(&mut sources, &policy_path)?;
    let policy_files = loaded.files.len();
    let unusable = loaded.is_unusable();
    let mut diagnostics = loaded.diagnostics;
    let mut manifests = 0;
    if !unusable {
        let discovery = workspace::discover(&args.paths, config.as_ref())?;
        for (path, error) in &discovery.errors {
            let name = workspace::display(path);
            let file = sources.add(name.clone(), "");
            diagnostics.push(workspace::unreadable(file, error, &name));
        }
        manifests = discovery.manifests.len();
        let mut checked_products = Vec::new();
        let mut used_grants = Vec::new();
        let checked = check_manifest_files(
            &loaded.policy,
            sources.next_id(),
            &discovery.manifests,
            args.jobs,
        )?;
        for file in checked {
            sources.add(file.name, file.text);
            diagnostics.extend(file.result.diagnostics);
            checked_products.extend(file.result.product);
            used_grants.extend(file.result.used_grants);
        }
        if args.coverage {
            checked_products.sort_unstable();
            checked_products.dedup();
            used_grants.sort_unstable();
            used_grants.dedup();
            diagnostics.extend(rules::unused::check(
                &loaded.policy,
                &checked_products,
                &used_grants,
            ));
        }
    }
    let diagnostics = overrides.apply(diagnostics);
    let report = Report::new(diagnostics, &sources, policy_files, manifests);
    Ok(Analysis {
        report,
        sources,
        unusable,
    })
}

/// Reads, loads and checks every manifest in `paths` on `jobs` threads; the files get the ids
/// `first`, `first + 1`, ... in the order of `paths`, and the results come back in that order.
fn check_manifest_files(
    policy: &Policy,
    first: FileId,
    paths: &[PathBuf],
    jobs: Option<usize>,
) -> Result<Vec<CheckedFile>, Fatal> {
    use rayon::prelude::*;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .map_err(|e| Fatal(format!("cannot start worker threads: {e}")))?;
    Ok(pool.install(|| {
        paths
            .par_iter()
            .enumerate()
            .map(|(i, path)| {
                let id = FileId(first.0.saturating_add(u32::try_from(i).unwrap_or(u32::MAX)));
                check_manifest_file(policy, id, path)
            })
            .collect()
    }))
}

/// One manifest file, read, loaded and checked.
struct CheckedFile {
    name: String,
    text: String,
    result: ManifestResult,
}

/// Reads, loads and checks the manifest at `path` as file `file`.
fn check_manifest_file(policy: &Policy, file: FileId, path: &std::path::Path) -> CheckedFile {
    let name = workspace::display(path);
    match workspace::read_text(path, limits::MANIFEST_BYTES) {
        Ok(text) => {
            let (_, result) = rules::check_manifest_text(policy, file, &text);
            // Only files with findings are ever shown: keep the text of those alone.
            let text = if result.diagnostics.is_empty() {
                String::new()
            } else {
                text
            };
            CheckedFile { name, text, result }
        }
        Err(error) => {
            let diagnostic = workspace::unreadable(file, &error, &name);
            let result = ManifestResult {
                diagnostics: vec![diagnostic],
                ..ManifestResult::default()
            };
            CheckedFile {
                name,
                text: error.partial,
                result,
            }
        }
    }
}
