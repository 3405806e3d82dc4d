//! The command line: `candor check` and `candor explain`. Parses arguments, runs the workspace
//! and the core, renders, and returns the exit status (0 clean, 1 findings, 2 could not run).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostic::Code;
use crate::limits;
use crate::manifest;
use crate::policy::Policy;
use crate::report::{self, Report};
use crate::rules::{self, ManifestResult};
use crate::severity::{Overrides, SeverityConfig};
use crate::source::FileId;
use crate::source::SourceMap;
use crate::suggest;
use crate::workspace::{self, Fatal};

/// candor holds every product to the company's privacy statement.
#[derive(Debug, Parser)]
#[command(name = "candor", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check the policy and every manifest under PATHS.
    Check(CheckArgs),
    /// Explain a diagnostic code (or list every code).
    Explain {
        /// A code such as `undeclared-collection`.
        code: Option<String>,
    },
    /// Format policy files in place (default: the policy and every file it includes).
    Fmt {
        /// Policy files to format.
        files: Vec<PathBuf>,
        /// Change nothing; exit 1 if a file is not formatted.
        #[arg(long)]
        check: bool,
        /// The root policy file, when no FILES are given.
        #[arg(long, value_name = "FILE")]
        policy: Option<PathBuf>,
    },
    /// Print the JSON Schema (draft-07) of manifests.
    Schema,
    /// Run the language server on standard input and output.
    Lsp {
        /// Accepted for editors that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
}

/// Arguments of `candor check`.
#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    /// Files and folders to search for manifests.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// The root policy file (default: `policy:` in candor.yaml, else the single *.candor file in
    /// ./policies/).
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// When to colour the human format (`NO_COLOR` is honoured with `auto`).
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Also report grants that no checked manifest of their product uses
    /// (`unused-declaration`).
    #[arg(long)]
    pub coverage: bool,
    /// Report CODE as an error; `--deny warnings` makes every warning an error (repeatable).
    #[arg(long, value_name = "CODE")]
    pub deny: Vec<String>,
    /// Report CODE as a warning (repeatable).
    #[arg(long, value_name = "CODE")]
    pub warn: Vec<String>,
    /// Do not report CODE (repeatable).
    #[arg(long, value_name = "CODE")]
    pub allow: Vec<String>,
    /// Write the report to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Check manifests on N threads (default: one per core). The output is the same for any N.
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
}

/// Output formats of `candor check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Source snippets, labels and help, for people.
    Human,
    /// `path:line:col: severity: message [code]`, one finding per line.
    Concise,
    /// One versioned JSON document.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions annotations.
    Github,
}

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Colour when writing to a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Turns a panic, which would be a bug, into one line asking for a report and exit status 2,
/// instead of a stack trace.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "error: candor hit an internal error{place}; this is a bug: please report it, with the \
             input that caused it, at {}/issues",
            env!("CARGO_PKG_HOMEPAGE")
        );
        std::process::exit(2);
    }));
}

#[expect(
    clippy::panic,
    reason = "proves the panic hook works; only the test suite gets here"
)]
fn deliberate_panic() {
    panic!("deliberate panic for the test suite");
}

/// Runs the command line of this process.
pub fn main() -> ExitCode {
    install_panic_hook();
    if std::env::var_os("CANDOR_INTERNAL_TEST_PANIC").is_some() {
        // Lets the test suite prove the hook works; never set in normal use.
        deliberate_panic();
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    let mut stdout = std::io::stdout().lock();
    let status = match cli.command {
        Command::Check(args) => match check(&args) {
            Ok((output, status)) => match &args.output {
                Some(path) => match std::fs::write(path, output) {
                    Ok(()) => status,
                    Err(e) => {
                        eprintln!("error: cannot write `{}`: {e}", path.display());
                        2
                    }
                },
                None => {
                    let _ = stdout.write_all(output.as_bytes());
                    status
                }
            },
            Err(Fatal(message)) => {
                eprintln!("error: {message}");
                2
            }
        },
        Command::Fmt {
            files,
            check,
            policy,
        } => match fmt(&files, check, policy.as_deref()) {
            Ok((output, status)) => {
                let _ = stdout.write_all(output.as_bytes());
                status
            }
            Err(Fatal(message)) => {
                eprintln!("error: {message}");
                2
            }
        },
        Command::Schema => {
            let _ = stdout.write_all(manifest::schema::json_schema().as_bytes());
            0
        }
        Command::Lsp { stdio: _ } => match crate::lsp::run_stdio() {
            Ok(()) => 0,
            Err(message) => {
                eprintln!("error: {message}");
                2
            }
        },
        Command::Explain { code } => match explain(code.as_deref()) {
            Ok(text) => {
                let _ = stdout.write_all(text.as_bytes());
                0
            }
            Err(message) => {
                eprintln!("error: {message}");
                2
            }
        },
    };
    let _ = stdout.flush();
    ExitCode::from(status)
}

/// Runs `candor check`: returns what to print and the exit status.
pub fn check(args: &CheckArgs) -> Result<(String, u8), Fatal> {
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
        2
    } else if report.has_errors() {
        1
    } else {
        0
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

/// Runs `candor fmt`: formats `files` (or the policy's files) in place, or with `check` only
/// reports the ones that would change. Returns what to print and the exit status.
pub fn fmt(
    files: &[PathBuf],
    check: bool,
    policy: Option<&std::path::Path>,
) -> Result<(String, u8), Fatal> {
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
    let mut status = 0;
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
                status = 1;
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
        return Ok((output, 2));
    }
    Ok((output, status))
}

/// The text `candor explain` prints.
pub fn explain(code: Option<&str>) -> Result<String, String> {
    let Some(name) = code else {
        let mut out =
            String::from("candor's diagnostic codes (`candor explain CODE` for more):\n\n");
        for code in Code::ALL {
            out.push_str(&format!(
                "  {:<24}{:<9}{}\n",
                code.name(),
                code.default_severity().name(),
                code.summary()
            ));
        }
        return Ok(out);
    };
    match Code::from_name(name) {
        Some(code) => Ok(code.explanation().to_owned()),
        None => {
            let hint = suggest::did_you_mean(name, Code::ALL.iter().map(|c| c.name()))
                .map(|h| format!("; {h}"))
                .unwrap_or_default();
            Err(format!(
                "`{name}` is not a candor code{hint} (`candor explain` lists them)"
            ))
        }
    }
}
