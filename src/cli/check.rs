//! `candor check`: opens a session on the working directory, checks, renders the report.

use std::io::{BufWriter, IsTerminal, Write};

use super::{CheckArgs, Color, ExitStatus, Format};
use crate::limits;
use crate::report::{self, Sink};
use crate::session::{Analysis, Disk, Options, Root, Run, Session};
use crate::severity::SeverityConfig;
use crate::workspace::{self, Fatal};

/// The session options `args` ask for.
pub fn options(args: &CheckArgs) -> Options {
    Options {
        policy: args.policy.clone(),
        severity: if args.severity_order.is_empty() {
            SeverityConfig::from_lists(&args.allow, &args.warn, &args.deny)
        } else {
            SeverityConfig {
                settings: args.severity_order.clone(),
            }
        },
        coverage: args.coverage,
    }
}

/// Finds the policy and the manifests, and checks them. An output file (`-o`) that is one of
/// the run's inputs is refused before anything is read.
pub fn analyze(args: &CheckArgs) -> Result<Analysis, Fatal> {
    let session = Session::open(&Disk, &Root::WorkingDir, &options(args))?;
    analyze_in(&session, args)
}

/// Checks what `args` name in `session`.
fn analyze_in(session: &Session, args: &CheckArgs) -> Result<Analysis, Fatal> {
    let jobs = prepare(session, args)?;
    session.check(&Disk, &args.paths, jobs)
}

/// Before anything is read: refuses an output file (`-o`) that is one of the run's inputs,
/// and returns the threads to check on (saying on standard error when `-j` was lowered).
fn prepare(session: &Session, args: &CheckArgs) -> Result<Option<usize>, Fatal> {
    if let Some(output) = &args.output {
        workspace::refuse_input_output(
            output,
            &session.input_files(&args.paths),
            &args.paths,
            &workspace::is_checked_name,
        )?;
    }
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let (jobs, note) = jobs(args.jobs, cores);
    if let Some(note) = note {
        eprintln!("note: {note}");
    }
    Ok(jobs)
}

/// The threads `-j` asks for, lowered to [`limits::JOBS_PER_CORE`] per core of the `cores`
/// the machine has, with a note saying so when it is lowered: more threads than that only cost
/// memory, and a huge `-j` would cost it before the first manifest is read.
fn jobs(asked: Option<usize>, cores: usize) -> (Option<usize>, Option<String>) {
    let most = limits::JOBS_PER_CORE.saturating_mul(cores.max(1));
    match asked {
        Some(n) if n > most => (
            Some(most),
            Some(format!(
                "`-j {n}` is more than candor's limit JOBS_PER_CORE ({}) times the {cores} \
                 cores; checking on {most} threads",
                limits::JOBS_PER_CORE
            )),
        ),
        other => (other, None),
    }
}

/// `--fix`: checks, applies the findings' fixes and says on standard error what changed.
fn fix(args: &CheckArgs) -> Result<(), Fatal> {
    let session = Session::open(&Disk, &Root::WorkingDir, &options(args))?;
    let analysis = analyze_in(&session, args)?;
    let (fixed, notes) = super::fix::apply(&session, &analysis)?;
    for note in &notes {
        eprintln!("warning: {note}");
    }
    eprint!("{}", super::fix::summary(&fixed));
    Ok(())
}

/// Where SARIF and GitHub output place files: against the repository the working directory is
/// in.
fn source_root() -> Result<report::SourceRoot, Fatal> {
    let working_dir = std::env::current_dir()
        .map_err(|e| Fatal(format!("cannot read the working directory: {e}")))?;
    Ok(report::SourceRoot::new(
        workspace::repository_root(&working_dir),
        working_dir,
    ))
}

/// Runs `candor check`, writing the report as it is made to standard output or the `-o`
/// file (with `--fix`, after the fixes are applied); returns the exit status.
pub fn check(args: &CheckArgs) -> Result<ExitStatus, Fatal> {
    if args.fix {
        fix(args)?;
    }
    let session = Session::open(&Disk, &Root::WorkingDir, &options(args))?;
    let jobs = prepare(&session, args)?;
    workspace::check_paths(&args.paths)?;
    let out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(BufWriter::new(
            std::fs::File::create(path)
                .map_err(|e| Fatal(format!("cannot write `{}`: {e}", path.display())))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let root;
    let pipeline;
    let mut sink: Box<dyn Sink + '_> = match args.format {
        Format::Human => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                // A report written to a file (`-o`) is never coloured.
                Color::Auto => {
                    args.output.is_none()
                        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                        && std::io::stdout().is_terminal()
                }
            };
            Box::new(report::human::Writer::new(
                out,
                report::human::Style {
                    color,
                    width: 100,
                    show_advice: args.show_advice,
                },
            ))
        }
        Format::Concise => Box::new(report::concise::Writer::new(out)),
        Format::Json => Box::new(report::json::Writer::new(out)),
        Format::Sarif => {
            root = source_root()?;
            pipeline = report::AzurePipeline::detect(|name| std::env::var(name).ok());
            Box::new(report::sarif::Writer::new(
                out,
                &root,
                pipeline.as_ref(),
                args.max_results,
            ))
        }
        Format::Github => {
            root = source_root()?;
            Box::new(report::github::Writer::new(out, &root, args.max_results))
        }
    };
    let Run {
        summary,
        unusable,
        notes,
    } = session.stream(&Disk, &args.paths, jobs, sink.as_mut())?;
    for note in &notes {
        eprintln!("warning: {}", report::escape::visible(note));
    }
    let left_out = sink
        .finish(&summary)
        .map_err(|e| Fatal(format!("cannot write the output: {e}")))?;
    if let Some(left_out) = left_out {
        eprintln!("warning: {left_out}");
    }
    Ok(if unusable {
        ExitStatus::Failure
    } else if summary.counts.errors > 0 {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    })
}
