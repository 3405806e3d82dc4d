//! `candor export apple|play [PATHS]`: one product's store declaration written from its YAML
//! manifests ([`crate::export`]). The declaration goes to standard output or
//! `-o FILE`; what cannot be declared is reported on standard error at its manifest line, and
//! makes the exit status 1.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;

use clap::ValueEnum;

use super::{Color, ExitStatus, show};
use crate::diagnostic::Diagnostic;
use crate::export::{self, Export, apple, play};
use crate::manifest::Manifest;
use crate::platform::Platform;
use crate::report::{self, Report};
use crate::session::{Disk, Options, Root, Session};
use crate::source::SourceMap;
use crate::statement;
use crate::workspace::{self, Fatal};

/// What `candor export --help` says beneath the options.
pub const AFTER_HELP: &str = "\
How entries become store ids:
  Each manifest entry x purpose is read backwards through the policy's `map apple` or
  `map play` block:
  - the data type: a `data` line that reads as the entry's category or a broader one, whose
    use the policy reads as coming from the entry's source or a broader one (the line's
    `from`, else `direct`); what is written is collected, never a Play sharing (a manifest
    does not say the data is sent to another company);
  - the purpose: a `purpose` line that reads as the entry's purpose or a broader one. On
    Apple, a purpose the `purpose tracking as ...` line reads as also sets the data type's
    tracking, and the manifest then needs --tracking-domain.
  The nearest category wins, then the data type an `export CATEGORY as STORE_ID` line names
  for the category, a line all of whose categories include the entry's, the nearest source,
  the line written first; for the purpose, the nearest, then a line all of whose purposes
  include it, then the line written first.
  A use is declared only when candor judges what the store file says as it judges the entry
  (both allowed, or both not), so `candor check` on the export finds what it finds on the
  manifests. Every other entry or purpose is reported at its manifest line
  (unmapped-platform-id), as is an entry naming an id the policy does not define, and makes
  the exit status 1; the file is still written with everything that could be declared.

Evidence files under PATHS (AndroidManifest.xml, Info.plist, .entitlements) are read too: a
key whose data types the export declares none of is reported (undisclosed-evidence), never
added to the label.

What the manifests do not say:
  Apple: every data type is linked to the person unless --not-linked names it; required-reason
  APIs (NSPrivacyAccessedAPITypes) are not written. Play: every row of Google's template is
  written, `true` where the manifests say so and blank elsewhere; the first question (does
  the app collect or share any of these data types) is answered `true` or `false`, the other
  questions about the app as a whole, ephemeral processing and user control are left for Play
  Console. Neither store can say conditions: bind the exported file in candor.yaml
  (`products:`) with the conditions the export names.

Exit status: 0 everything was declared; 1 something was not; 2 candor could not run (the
manifests belong to several products and no --product, no manifest, no `map` block for the
store, a bad option).";

/// What the evidence under the paths shows the app can collect and the export does not
/// declare: `undisclosed-evidence` at the key, since an export writes what the manifests say
/// and never adds a data type on its own.
fn evidence_left_out(
    evidence: &[crate::evidence::Evidence],
    exported: &export::Export,
) -> Vec<crate::diagnostic::Diagnostic> {
    let declared: Vec<&str> = exported.declared.iter().map(|d| d.data_type.id).collect();
    let mut out = Vec::new();
    for file in evidence
        .iter()
        .filter(|e| e.kind.store() == exported.platform && e.kind.has_label())
    {
        for key in file.data_keys() {
            if key.entry.types.is_empty() || key.entry.types.iter().any(|t| declared.contains(t)) {
                continue;
            }
            let types: Vec<String> = key
                .entry
                .types
                .iter()
                .map(|t| {
                    format!(
                        "`{}`",
                        crate::platform::short_id(
                            exported.platform,
                            crate::platform::Vocabulary::DataType,
                            t
                        )
                    )
                })
                .collect();
            out.push(
                crate::diagnostic::Diagnostic::new(
                    crate::diagnostic::Code::UndisclosedEvidence,
                    key.name.span,
                    format!(
                        "`{}` gives the app access to {}, which no manifest declares: the exported \
                         {} label leaves it out",
                        key.name.value,
                        types.join(" or "),
                        exported.platform.name()
                    ),
                )
                .with_label("not in the export")
                .with_help(
                    "if the app collects it, add an entry to a manifest and export again; an \
                     export never adds a data type the manifests do not name",
                ),
            );
        }
    }
    out
}

/// Arguments of `candor export`.
#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    /// The store: `apple` writes a PrivacyInfo.xcprivacy, `play` a data safety CSV.
    #[arg(value_enum)]
    pub store: Store,
    /// Files and folders to search for manifests (store files among them are not read).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// The root policy file (default: as `check` finds it).
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// The product to export, when the manifests under PATHS belong to several.
    #[arg(long, value_name = "ID")]
    pub product: Option<String>,
    /// Write the declaration to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Apple: a domain the app contacts for tracking (repeatable); needed when a data type
    /// is exported as tracking.
    #[arg(long = "tracking-domain", value_name = "DOMAIN")]
    pub tracking_domains: Vec<String>,
    /// Apple: write this data type as not linked to the person's identity (repeatable; short
    /// as `CrashData` or in full). Every other data type is linked.
    #[arg(long = "not-linked", value_name = "TYPE")]
    pub not_linked: Vec<String>,
    /// How to report what cannot be declared, on standard error.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,
    /// When to colour the human format (`NO_COLOR` is honoured with `auto`).
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

/// The stores `candor export` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Store {
    /// An Apple privacy manifest (`PrivacyInfo.xcprivacy`).
    Apple,
    /// A Google Play data safety form, as the CSV Play Console imports.
    Play,
}

impl Store {
    fn platform(self) -> Platform {
        match self {
            Store::Apple => Platform::Apple,
            Store::Play => Platform::Play,
        }
    }
}

/// How `candor export` reports on standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Source snippets, labels and help, for people.
    Human,
    /// `path:line:col: severity: message [code]`, one finding per line.
    Concise,
}

/// Runs `candor export`: returns the declaration to print (empty with `-o`) and the exit
/// status; findings and notes go to standard error.
pub fn export(args: &ExportArgs) -> Result<(String, ExitStatus), Fatal> {
    let platform = args.store.platform();
    let not_linked = apple_options(args, platform)?;
    for path in &args.paths {
        if std::fs::symlink_metadata(path).is_err() {
            return Err(Fatal(format!(
                "`{}` does not exist",
                workspace::display(path)
            )));
        }
    }
    let options = Options {
        policy: args.policy.clone(),
        ..Options::default()
    };
    let session = Session::open(&Disk, &Root::WorkingDir, &options)?;
    if let Some(output) = &args.output {
        workspace::refuse_input_output(
            output,
            &session.input_files(&args.paths),
            &args.paths,
            &workspace::is_manifest_name,
        )?;
    }
    let policy_name = workspace::display(&session.policy_path);
    show::complete(&session.loaded, &session.sources, &policy_name)?;
    let policy = session.policy();
    if policy.mapping(platform).is_none() {
        return Err(Fatal(format!(
            "the policy `{policy_name}` has no `map {}` block, so it gives no {} id a meaning: \
             add one that maps the store's data types and purposes",
            platform.keyword(),
            platform.name()
        )));
    }
    let mut sources = session.sources.clone();
    let read = session.read_manifests(&Disk, &args.paths, &mut sources);
    let (found, mut diagnostics, notes) = (read.manifests, read.problems, read.notes.clone());
    let product = choose_product(args, &found, &session)?;
    let mut manifests = Vec::new();
    for (manifest, problems) in found {
        let named = manifest
            .as_ref()
            .and_then(|m| m.product.as_ref())
            .map(|p| p.value.clone());
        match named {
            // Another product's manifest is not this export's business.
            Some(other) if other != product => continue,
            Some(_) => {
                diagnostics.extend(problems);
                manifests.extend(manifest);
            }
            // Whose it is cannot be told: its problems are shown, its entries not exported.
            None => diagnostics.extend(problems),
        }
    }
    let Some(exported) = export::export(policy, platform, &product, &manifests) else {
        return Err(Fatal(format!(
            "the policy has no `map {}` block",
            platform.keyword()
        )));
    };
    let apple_options = apple::Options {
        tracking_domains: &args.tracking_domains,
        not_linked: &not_linked,
    };
    let text = match platform {
        Platform::Apple => apple::write(&exported, &apple_options),
        Platform::Play => play::write(&exported),
    };
    diagnostics.extend(exported.diagnostics.iter().cloned());
    diagnostics.extend(apple::missing_domains(&exported, &apple_options));
    diagnostics.extend(evidence_left_out(&read.evidence, &exported));
    let report = Report::new(
        diagnostics,
        &sources,
        session.loaded.files.len(),
        manifests.len(),
    );
    eprint!("{}", render(&report, &sources, args));
    for note in notes
        .iter()
        .chain(&apple_warnings(&exported, &apple_options))
    {
        eprintln!("warning: {}", report::escape::visible(note));
    }
    if exported.disallowed_uses > 0 {
        eprintln!(
            "warning: the policy does not allow {} of the declared entry purposes, in the \
             manifests as in the export: `candor check` reports them",
            exported.disallowed_uses
        );
    }
    if !exported.conditions.is_empty() {
        eprintln!(
            "note: bind the exported file to `{product}` in candor.yaml with `conditions: [{}]`: \
             the entries list them, and a store file cannot",
            exported.conditions.join(", ")
        );
    }
    eprintln!("{}", summary(&exported, &report, manifests.len()));
    let status = if report.has_errors() {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    };
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .map(|()| (String::new(), status))
            .map_err(|e| Fatal(format!("cannot write `{}`: {e}", path.display()))),
        None => Ok((text, status)),
    }
}

/// Checks the options only Apple has, and reads `--not-linked`.
fn apple_options(
    args: &ExportArgs,
    platform: Platform,
) -> Result<Vec<&'static crate::platform::ids::DataType>, Fatal> {
    if platform == Platform::Play {
        for (given, flag) in [
            (!args.tracking_domains.is_empty(), "--tracking-domain"),
            (!args.not_linked.is_empty(), "--not-linked"),
        ] {
            if given {
                return Err(Fatal(format!(
                    "`{flag}` is for `candor export apple`: Play's form has no such question"
                )));
            }
        }
    }
    for domain in &args.tracking_domains {
        if domain.trim().is_empty() || domain.chars().any(char::is_whitespace) {
            return Err(Fatal(format!(
                "`{domain}` is not a domain: pass a host name such as `ads.example.com`"
            )));
        }
    }
    args.not_linked
        .iter()
        .map(|t| apple::data_type(t).map_err(Fatal))
        .collect()
}

/// The product to export: `--product`, else the one product every manifest names.
fn choose_product(
    args: &ExportArgs,
    found: &[(Option<Manifest>, Vec<Diagnostic>)],
    session: &Session,
) -> Result<String, Fatal> {
    let shown_paths = args
        .paths
        .iter()
        .map(|p| format!("`{}`", workspace::display(p)))
        .collect::<Vec<_>>()
        .join(", ");
    let mut products: BTreeMap<&str, usize> = BTreeMap::new();
    for product in found
        .iter()
        .filter_map(|(m, _)| m.as_ref()?.product.as_ref())
    {
        *products.entry(product.value.as_str()).or_default() += 1;
    }
    let listed = || {
        products
            .iter()
            .map(|(p, n)| format!("`{p}` ({})", report::plural(*n, "manifest", "manifests")))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let product = match (&args.product, products.len()) {
        (Some(product), _) => {
            statement::find_product(session.policy(), product).map_err(Fatal)?;
            if !products.contains_key(product.as_str()) {
                let found = if products.is_empty() {
                    String::new()
                } else {
                    format!("; they are for {}", listed())
                };
                return Err(Fatal(format!(
                    "no manifest under {shown_paths} is for `{product}`{found}"
                )));
            }
            product.clone()
        }
        (None, 0) => {
            let why = if found.is_empty() {
                "no manifest found (manifests are named `privacy.yaml`, `privacy.yml`, \
                 `*.privacy.yaml` or `*.privacy.yml`; store files are not read)"
            } else {
                "no manifest names its product"
            };
            return Err(Fatal(format!(
                "nothing to export under {shown_paths}: {why}"
            )));
        }
        (None, 1) => products
            .keys()
            .next()
            .map(|p| (*p).to_owned())
            .unwrap_or_default(),
        (None, n) => {
            return Err(Fatal(format!(
                "the manifests under {shown_paths} belong to {n} products, {}, and a store \
                 declaration is one product's: pass `--product ID`",
                listed()
            )));
        }
    };
    statement::find_product(session.policy(), &product).map_err(Fatal)?;
    Ok(product)
}

/// The findings as the chosen format draws them, without `check`'s summary line.
fn render(report: &Report, sources: &SourceMap, args: &ExportArgs) -> String {
    match args.format {
        ReportFormat::Concise => report::concise::render(report, sources),
        ReportFormat::Human => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                        && std::io::stderr().is_terminal()
                }
            };
            let style = report::human::Style {
                color,
                width: 100,
                show_advice: true,
            };
            let drawn = report::human::render(report, sources, style);
            let summary = format!("{}\n", report.summary_line());
            drawn
                .strip_suffix(&summary)
                .map_or_else(|| drawn.clone(), str::to_owned)
        }
    }
}

/// Warnings about Apple options that change nothing.
fn apple_warnings(exported: &Export, options: &apple::Options) -> Vec<String> {
    let mut warnings = Vec::new();
    if !options.tracking_domains.is_empty() && !exported.declared.iter().any(|d| d.tracking) {
        warnings.push(
            "no exported data type is used for tracking; the tracking domains are written anyway"
                .to_owned(),
        );
    }
    for data_type in options.not_linked {
        if !exported
            .declared
            .iter()
            .any(|d| d.data_type.id == data_type.id)
        {
            warnings.push(format!(
                "`{}` is not exported, so `--not-linked` changes nothing for it",
                data_type.id
            ));
        }
    }
    warnings
}

/// The last line on standard error: what was exported, and what was found.
fn summary(exported: &Export, report: &Report, manifests: usize) -> String {
    let counts = report.counts();
    let mut found = Vec::new();
    for (n, one, many) in [
        (counts.errors, "error", "errors"),
        (counts.warnings, "warning", "warnings"),
    ] {
        if n > 0 {
            found.push(report::plural(n, one, many));
        }
    }
    let found = if found.is_empty() {
        "no problems found".to_owned()
    } else {
        found.join(", ")
    };
    let what = match exported.platform {
        Platform::Apple => "an Apple privacy manifest",
        Platform::Play => "a Google Play data safety form",
    };
    format!(
        "exported `{}` from {} as {what}: {} of {} entry purposes declared on {}; {found}",
        exported.product,
        report::plural(manifests, "manifest", "manifests"),
        exported.declared_uses,
        exported.uses,
        report::plural(exported.declared.len(), "data type", "data types"),
    )
}
