//! `candor init`: a starter `candor.yaml`, a small commented policy and one manifest that
//! `candor check` passes clean. It never overwrites a file.

use std::path::PathBuf;

use super::ExitStatus;
use crate::workspace::{self, Fatal};

/// Arguments of `candor init`.
#[derive(Debug, Clone, clap::Args)]
pub struct InitArgs {
    /// The folder to set up.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The policy's file name, without `.candor` (letters, digits, `_` and `-`).
    #[arg(long, default_value = "privacy")]
    pub name: String,
}

const POLICY: &str = r#"// The privacy policy, in candor's policy language: what personal data each product may
// collect, why, from where and under which conditions. `candor check` holds every product's
// privacy.yaml to it, and `candor render` turns it into the statement people read.

// Kinds of personal data. Children in braces get dotted ids, such as `contact.email`.
// `candor render` reads a category's description as what is collected.
category contact "the person's contact details" {
    email "an email address"
}
category usage "records of how the person uses the product" {
    errors "crash reports and error logs"
}
category location "the person's whereabouts" {
    precise "an exact position, such as a satellite fix"
}

// Why data is collected; a description reads after "used to".
purpose provide "run the product the person asked for"
purpose improve "find and fix problems and make the product better"
purpose advertising "choose which ads to show"

// Where data comes from; a description reads after "it is".
source direct "given by the person"
source observed "recorded as the person uses the product"

// What a product must check before collecting; a description reads after "only when".
condition location_enabled "the person turned location features on"

// Grants every product has.
default {
    collect contact.email for provide from direct
    collect usage.errors for improve from observed
}

// A product, and the grants only it has.
product app "the app" {
    collect location.precise for provide from observed when location_enabled
}

// A promise no grant may break.
never contact for advertising "contact details never choose the ads a person sees"
"#;

const MANIFEST: &str =
    "# What the product `app` really collects. `candor check` compares every entry with the
# grants the policy gives `app` (its own and the default block's).
product: app
collects:
  - data: account_email
    category: contact.email
    purposes: [provide]
    source: direct
  - data: crash_report
    category: usage.errors
    purposes: [improve]
    source: observed
  - data: map_position
    category: location.precise
    purposes: [provide]
    source: observed
    conditions: [location_enabled]   # the app asks for location permission first
";

/// Runs `candor init`: writes the three files, or none of them if one exists.
pub fn init(args: &InitArgs) -> Result<(String, ExitStatus), Fatal> {
    let valid = args
        .name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && args
            .name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !valid {
        return Err(Fatal(format!(
            "`{}` is not a valid policy name: use letters, digits, `_` and `-`",
            args.name
        )));
    }
    let policy = format!("policies/{}.candor", args.name);
    let config = format!(
        "# candor's settings. `candor check` finds this file from any folder below it.\n\
         policy: {policy}   # the root policy file\n\
         # exclude: [\"vendor/**\"]   # folders the manifest search skips\n"
    );
    let files = [
        (workspace::CONFIG_FILE.to_owned(), config),
        (policy, POLICY.to_owned()),
        ("privacy.yaml".to_owned(), MANIFEST.to_owned()),
    ];
    let existing: Vec<String> = files
        .iter()
        .map(|(name, _)| args.dir.join(name))
        .filter(|path| path.exists())
        .map(|path| format!("`{}`", workspace::display(&path)))
        .collect();
    if !existing.is_empty() {
        return Err(Fatal(format!(
            "{} already {}; candor init writes nothing over an existing file",
            crate::statement::prose::join(&existing, "and"),
            if existing.len() == 1 {
                "exists"
            } else {
                "exist"
            }
        )));
    }
    std::fs::create_dir_all(&args.dir).map_err(|e| {
        Fatal(format!(
            "cannot create `{}`: {e}",
            workspace::display(&args.dir)
        ))
    })?;
    // The folder set up is the root: a committed link (`policies -> /elsewhere`) is refused.
    let scope = workspace::Scope::within([args.dir.as_path()]);
    for (name, _) in &files {
        workspace::check_new_in(&args.dir.join(name), &scope)?;
    }
    let mut output = String::new();
    for (name, text) in &files {
        let path = args.dir.join(name);
        workspace::create_new_in(&path, text, &scope)?;
        output.push_str(&format!("created {}\n", workspace::display(&path)));
    }
    output.push_str("next: edit the policy and the manifest, then run `candor check`\n");
    Ok((output, ExitStatus::Clean))
}
