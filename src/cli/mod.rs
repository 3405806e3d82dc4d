//! The command line: one module per subcommand, each an adapter that parses its arguments,
//! calls the core, and returns what to print with an [`ExitStatus`] (0 clean, 1 findings,
//! 2 could not run). Only [`main`] writes to standard output, and only after the command ran,
//! so a command that owns standard output itself (the language server) never waits on a lock.

mod check;
mod diff;
mod explain;
mod export;
mod fix;
mod fmt;
mod init;
mod render;
mod show;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::manifest;
use crate::severity::Level;
use crate::workspace::Fatal;

pub use crate::session::Analysis;
pub use check::{analyze, check, options};
pub use explain::explain;
pub use fmt::fmt;

/// candor holds every product to the company's privacy statement.
#[derive(Debug, Parser)]
#[command(
    name = "candor",
    version,
    about,
    propagate_version = true,
    after_help = "Every finding has a code: `candor explain` lists them, `candor explain CODE` \
                  explains one.\n\nExit status: 0 no error-level finding, 1 at least one, 2 \
                  candor could not run."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check the policy and every manifest under PATHS.
    #[command(after_help = CHECK_EXIT)]
    Check(CheckArgs),
    /// Explain a diagnostic code (or list every code).
    #[command(after_help = "Exit status:\n  0  explained (or listed)\n  2  no such code")]
    Explain {
        /// A code such as `undeclared-collection`.
        code: Option<String>,
    },
    /// Format policy files in place (default: the policy and every file it includes).
    #[command(after_help = FMT_EXIT)]
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
    #[command(after_help = "Exit status:\n  0  printed")]
    Schema,
    /// Show what a product may collect: its grants and the default block's, by category.
    #[command(after_help = SHOW_EXIT)]
    Show(show::ShowArgs),
    /// Render the privacy statement from the policy, as Markdown or HTML.
    #[command(after_help = PLAIN_EXIT)]
    Render(render::RenderArgs),
    /// Show what a policy change newly allows, no longer allows, forbids, describes and maps.
    #[command(after_help = DIFF_EXIT)]
    Diff(diff::DiffArgs),
    /// Write a starter candor.yaml, policy and manifest.
    #[command(after_help = INIT_EXIT)]
    Init(init::InitArgs),
    /// Write one product's Apple privacy manifest or Play data safety CSV from its manifests.
    #[command(after_help = export::AFTER_HELP)]
    Export(export::ExportArgs),
    /// Run the language server on standard input and output.
    #[command(
        after_help = "Exit status:\n  0  the client ended the session (`shutdown`, `exit`) \
                      or closed the connection\n  2  the connection failed"
    )]
    Lsp {
        /// Accepted for editors that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
}

/// The exit statuses `candor check --help` states.
const CHECK_EXIT: &str = "\
Exit status:
  0  no error-level finding (warnings and advice do not fail a run; `--deny warnings` makes
     them errors)
  1  at least one error-level finding, in a policy file or a manifest (a manifest that does
     not parse included)
  2  candor could not run: bad usage, no policy found, the policy does not parse at all, an
     output it refuses to write

`candor explain CODE` explains a finding's code; `candor explain` lists them all.";

/// The exit statuses `candor fmt --help` states.
const FMT_EXIT: &str = "\
Exit status:
  0  every file is formatted (or, with --check, already was)
  1  with --check, a file would be reformatted
  2  a file has syntax errors or could not be read or written";

/// The exit statuses `candor render --help` states.
const PLAIN_EXIT: &str = "\
Exit status:
  0  done
  2  candor could not run: bad usage, no policy found, an incomplete policy, a file it \
     refuses to write";

/// The exit statuses `candor show --help` states.
const SHOW_EXIT: &str = "\
Exit status:
  0  done
  2  candor could not run: bad usage, an unknown product (with \"did you mean\"), no policy \
     found, an incomplete policy";

/// The exit statuses `candor init --help` states.
const INIT_EXIT: &str = "\
Exit status:
  0  done: the files are written
  2  candor could not run: bad usage, a file that already exists (nothing is overwritten), \
     a folder outside the repository";

/// The exit statuses `candor diff --help` states.
const DIFF_EXIT: &str = "\
Exit status:
  0  the two policies allow, forbid, describe and map the same
  1  they differ
  2  candor could not run: a policy or revision that cannot be read or is incomplete";

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
    /// Check manifests on N threads (default: one per core; at most four per core, a larger N
    /// is lowered with a note). The output is the same for any N.
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Draw every advice finding in the human format (by default one line per code counts
    /// them).
    #[arg(long)]
    pub show_advice: bool,
    /// Keep at most N results in SARIF, errors first, then warnings, then advice (25000 is the
    /// most GitHub code scanning takes in a run).
    #[arg(long, value_name = "N", default_value_t = crate::report::sarif::GITHUB_MAX_RESULTS)]
    pub max_results: usize,
    /// Apply the findings' fixes (a misspelt id replaced by the one "did you mean" names) to
    /// manifests, store files and candor.yaml, never to a policy, then report as a check
    /// after the fix would.
    #[arg(long)]
    pub fix: bool,
    /// `--allow`, `--warn` and `--deny` in the order given (filled in after parsing; later
    /// settings win).
    #[arg(skip)]
    pub severity_order: Vec<(Level, String)>,
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
        if crate::report::human::drawing() {
            // The human format catches it and draws that finding in plain lines.
            return;
        }
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

/// `--allow`, `--warn` and `--deny` in the order they were given on the command line.
fn severity_order(matches: &clap::ArgMatches) -> Vec<(Level, String)> {
    let mut flags: Vec<(usize, Level, String)> = Vec::new();
    for (id, level) in [
        ("allow", Level::Allow),
        ("warn", Level::Warn),
        ("deny", Level::Deny),
    ] {
        if let (Some(indices), Some(values)) =
            (matches.indices_of(id), matches.get_many::<String>(id))
        {
            flags.extend(indices.zip(values).map(|(i, v)| (i, level, v.clone())));
        }
    }
    flags.sort_by_key(|(i, _, _)| *i);
    flags.into_iter().map(|(_, l, v)| (l, v)).collect()
}

/// How a command ended: candor's exit statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitStatus {
    /// 0: nothing at error level.
    Clean,
    /// 1: at least one error-level finding (or, for `fmt --check`, a file to reformat).
    Findings,
    /// 2: candor could not run (bad usage, no policy, a write failed).
    Failure,
}

impl ExitStatus {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Clean => 0,
            ExitStatus::Findings => 1,
            ExitStatus::Failure => 2,
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        ExitCode::from(status.code())
    }
}

/// Runs the command line of this process.
pub fn main() -> ExitCode {
    install_panic_hook();
    if std::env::var_os("CANDOR_INTERNAL_TEST_PANIC").is_some() {
        // Lets the test suite prove the hook works; never set in normal use.
        deliberate_panic();
    }
    let parsed = <Cli as clap::CommandFactory>::command()
        .try_get_matches()
        .and_then(|matches| {
            let mut cli = <Cli as clap::FromArgMatches>::from_arg_matches(&matches)?;
            if let (Command::Check(args), Some(("check", sub))) =
                (&mut cli.command, matches.subcommand())
            {
                args.severity_order = severity_order(sub);
            }
            Ok(cli)
        });
    let cli = match parsed {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    run(cli.command).into()
}

/// Runs one subcommand and writes what it printed.
fn run(command: Command) -> ExitStatus {
    let result: Result<(String, ExitStatus), Fatal> = match command {
        // The report is written as it is made, to standard output or `-o`.
        Command::Check(args) => check(&args).map(|status| (String::new(), status)),
        Command::Fmt {
            files,
            check,
            policy,
        } => fmt(&files, check, policy.as_deref()),
        Command::Schema => Ok((manifest::schema::json_schema(), ExitStatus::Clean)),
        Command::Show(args) => show::show(&args),
        Command::Render(args) => render::render(&args),
        Command::Diff(args) => diff::diff(&args),
        Command::Init(args) => init::init(&args),
        Command::Export(args) => export::export(&args),
        // The server owns standard input and output until the client exits.
        Command::Lsp { stdio: _ } => crate::lsp::run_stdio()
            .map(|()| (String::new(), ExitStatus::Clean))
            .map_err(Fatal),
        Command::Explain { code } => explain(code.as_deref())
            .map(|text| (text, ExitStatus::Clean))
            .map_err(Fatal),
    };
    match result {
        Ok((output, status)) => match write_stdout(&output) {
            Ok(()) => status,
            Err(e) => {
                eprintln!("error: cannot write the output: {e}");
                ExitStatus::Failure
            }
        },
        Err(Fatal(message)) => {
            // A message may quote a path or a value from input.
            eprintln!("error: {}", crate::report::escape::visible(&message));
            ExitStatus::Failure
        }
    }
}

/// Writes `output` to standard output and flushes it; a closed or full output is an error.
fn write_stdout(output: &str) -> std::io::Result<()> {
    if output.is_empty() {
        return Ok(());
    }
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(output.as_bytes())?;
    stdout.flush()
}
