//! `candor render`: the statement as a reader sees it, generated from the policy, as Markdown
//! or as one standalone HTML page.

use std::path::PathBuf;

use clap::ValueEnum;

use super::ExitStatus;
use super::show::workspace_policy;
use crate::statement;
use crate::workspace::{self, Fatal};

/// Arguments of `candor render`.
#[derive(Debug, Clone, clap::Args)]
pub struct RenderArgs {
    /// The root policy file (default: as `check` finds it).
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RenderFormat::Markdown)]
    pub format: RenderFormat,
    /// Write the statement to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Output formats of `candor render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RenderFormat {
    /// CommonMark, with a table for the data map.
    Markdown,
    /// One standalone, accessible HTML page.
    Html,
}

/// Runs `candor render`: returns what to print (nothing with `-o`) and the exit status.
pub fn render(args: &RenderArgs) -> Result<(String, ExitStatus), Fatal> {
    let (sources, loaded) = workspace_policy(args.policy.as_deref())?;
    if let Some(output) = &args.output {
        let inputs: Vec<std::path::PathBuf> = loaded
            .files
            .iter()
            .map(|&f| std::path::PathBuf::from(sources.name(f)))
            .collect();
        workspace::refuse_input_output(output, &inputs, &[], &|_| false)?;
    }
    let mut text = match args.format {
        RenderFormat::Markdown => statement::markdown::render(&loaded.policy),
        RenderFormat::Html => statement::html::render(&loaded.policy),
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .map(|()| (String::new(), ExitStatus::Clean))
            .map_err(|e| {
                let shown = workspace::display(path);
                Fatal(format!("cannot write `{shown}`: {e}"))
            }),
        None => Ok((text, ExitStatus::Clean)),
    }
}
