//! The command line as a newcomer meets it: each test runs the built binary on real files and
//! pins one edge that used to go wrong (severity order, null lists, failed writes, colour in
//! files, quiet discovery, policy lookup, messages, configuration errors).

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

#[path = "support/run.rs"]
mod run;
#[path = "support/workspace.rs"]
mod support;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn candor(dir: &Path, args: &[&str]) -> Run {
    let output = run::clean()
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("candor runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

const CLEAN: &str = "product: bing\ncollects:\n  - data: query\n    category: device_usage.product_use\n    purposes: [provide]\n";

/// A policy with one unused purpose, so `unused-definition` (a warning) is reported.
const UNUSED: &str = "category c \"c\"\npurpose used \"u\"\npurpose spare \"s\"\nsource direct \"d\"\nproduct p \"p\" {\n    collect c for used from direct\n}\n";

#[test]
fn severity_flags_apply_in_their_order() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "policy.candor", UNUSED);
    write(dir.path(), "empty/.keep", "");
    let run = |args: &[&str]| {
        let mut all = vec!["check", "--policy", "policy.candor", "--format", "concise"];
        all.extend_from_slice(args);
        all.push("empty");
        candor(dir.path(), &all)
    };
    let out = run(&[
        "--deny",
        "unused-definition",
        "--allow",
        "unused-definition",
    ]);
    assert_eq!(out.code, 0, "the later --allow wins: {}", out.stdout);
    assert!(!out.stdout.contains("unused-definition"), "{}", out.stdout);
    let out = run(&[
        "--allow",
        "unused-definition",
        "--deny",
        "unused-definition",
    ]);
    assert_eq!(out.code, 1, "the later --deny wins: {}", out.stdout);
}

#[test]
fn severity_lists_in_candor_yaml_apply_in_the_order_written() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "policy.candor", UNUSED);
    write(dir.path(), "empty/.keep", "");
    write(
        dir.path(),
        "candor.yaml",
        "policy: policy.candor\nseverity:\n  deny: [unused-definition]\n  allow: [unused-definition]\n",
    );
    let out = candor(dir.path(), &["check", "--format", "concise", "empty"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    write(
        dir.path(),
        "candor.yaml",
        "policy: policy.candor\nseverity:\n  allow: [unused-definition]\n  deny: [unused-definition]\n",
    );
    let out = candor(dir.path(), &["check", "--format", "concise", "empty"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    // The command line comes after the file.
    let out = candor(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "--warn",
            "unused-definition",
            "empty",
        ],
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("warning:"), "{}", out.stdout);
}

#[test]
fn a_null_collects_is_invalid() {
    let dir = support::with_microsoft_policy();
    write(dir.path(), "svc/privacy.yaml", "product: bing\ncollects:\n");
    let out = candor(dir.path(), &["check", "--format", "concise", "svc"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stdout.contains("svc/privacy.yaml:2:")
            && out.stdout.contains("`collects` must be a list of entries")
            && out.stdout.contains("[invalid-manifest]"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_failed_write_is_exit_2() {
    if !Path::new("/dev/full").exists() {
        eprintln!("skipped: no /dev/full on this system");
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let output = run::clean()
        .args(["check", "--format", "sarif", "examples"])
        .current_dir(repo)
        .stdout(Stdio::from(full))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot write"), "{stderr}");
}

#[test]
fn a_report_written_to_a_file_has_no_colour_even_from_a_terminal() {
    // `script` gives candor a terminal as standard output, as an interactive shell would.
    let Ok(status) = Command::new("script").arg("--version").output() else {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    };
    assert!(status.status.success());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.txt");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let command = format!(
        "{} check -o {} examples/violations",
        env!("CARGO_BIN_EXE_candor"),
        out.display()
    );
    let run = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(repo)
        .env_remove("NO_COLOR")
        .env("TERM", "xterm-256color")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    let written = fs::read_to_string(&out).unwrap();
    assert!(written.contains("undeclared-purpose"), "{written}");
    assert!(!written.contains('\u{1b}'), "ANSI escapes in the file");
}

#[test]
fn discovery_says_what_it_did_not_find() {
    let dir = support::with_microsoft_policy();
    write(dir.path(), "empty/readme.txt", "nothing here");
    let out = candor(dir.path(), &["check", "empty"]);
    assert_eq!(out.code, 0);
    assert!(
        out.stderr
            .contains("warning: no manifest found under `empty`"),
        "{}",
        out.stderr
    );
    write(dir.path(), "svc/Privacy.yaml", CLEAN);
    write(dir.path(), "svc/privacy.YAML", CLEAN);
    let out = candor(dir.path(), &["check", "svc"]);
    assert!(
        out.stderr.contains("skipped `svc/Privacy.yaml`")
            && out.stderr.contains("skipped `svc/privacy.YAML`"),
        "{}",
        out.stderr
    );
    let out = candor(dir.path(), &["check", "policies/microsoft.candor"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("is a policy file") && out.stderr.contains("--policy"),
        "{}",
        out.stderr
    );
}

#[test]
fn unreadable_folders_are_reported() {
    let dir = support::with_microsoft_policy();
    write(dir.path(), "svc/privacy.yaml", CLEAN);
    write(dir.path(), "locked/inner/privacy.yaml", CLEAN);
    let locked = dir.path().join("locked");
    let mut args: Vec<String> = Vec::new();
    let program;
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    if is_root {
        // Root reads any folder: run candor as `nobody` so the folder really is unreadable.
        program = "setpriv".to_owned();
        args.extend(
            [
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                env!("CARGO_BIN_EXE_candor"),
            ]
            .map(String::from),
        );
        let mut mode = fs::metadata(dir.path()).unwrap().permissions();
        mode.set_mode(0o755);
        fs::set_permissions(dir.path(), mode).unwrap();
    } else {
        program = env!("CARGO_BIN_EXE_candor").to_owned();
    }
    args.extend(["check", "--format", "concise", "."].map(String::from));
    let output = run::hygiene(&mut Command::new(&program))
        .args(&args)
        .current_dir(dir.path())
        .output()
        .unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}{output:?}");
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("locked:1:1: error: cannot read `locked`")
                && l.ends_with("[io-error]")),
        "{stdout}"
    );
}

#[test]
fn the_policies_folder_is_found_upwards_and_its_root_chosen() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    // This repository's own ./policies/ holds a root file and the files it includes.
    let out = candor(
        &repo.join("examples"),
        &["check", "--format", "concise", "services"],
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout
            .contains("services/microsoft-account/sign-in/privacy.yaml:7:15"),
        "{}",
        out.stdout
    );

    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "policies/a.candor", "include \"b.candor\"\n");
    write(dir.path(), "policies/b.candor", UNUSED);
    write(dir.path(), "policies/c.candor", UNUSED);
    write(dir.path(), "svc/.keep", "");
    let out = candor(dir.path(), &["check", "svc"]);
    assert_eq!(out.code, 2, "two roots: {}", out.stderr);
    assert!(out.stderr.contains("--policy"), "{}", out.stderr);
}

#[test]
fn did_you_mean_matches_words() {
    let dir = support::with_microsoft_policy();
    write(
        dir.path(),
        "svc/privacy.yaml",
        "product: bing\ncollects:\n  - data: crash\n    category: device_usage.errors\n    purposes: [troubleshoot]\n    source: third_party.social\n",
    );
    let out = candor(dir.path(), &["check", "--color", "never", "svc"]);
    assert!(
        out.stdout
            .contains("did you mean `device_usage.error_reports`?")
            && out
                .stdout
                .contains("did you mean `third_party.social_networks`?"),
        "{}",
        out.stdout
    );
}

#[test]
fn messages_say_what_is_wrong_in_words() {
    let dir = support::with_microsoft_policy();
    write(
        dir.path(),
        "a/privacy.yaml",
        "product: bing\ncollects:\n  - data: q\n    category: device_usage.product_use\n    purposes: [provide, 1]\n",
    );
    write(
        dir.path(),
        "b/privacy.yaml",
        "# nothing yet\n\n# still nothing\n",
    );
    write(
        dir.path(),
        "c/privacy.yaml",
        "product: bing\ncollects:\n  - data: q\n    category: device_usage.product_use\n    purposes: [provide]\n  - data: q\n    category: device_usage.product_use\n    purposes: [improve]\n    source: observed\n",
    );
    let out = candor(dir.path(), &["check", "--format", "concise", "a", "b", "c"]);
    assert!(
        out.stdout
            .contains("a/privacy.yaml:5:25: error: each purpose must be a string, found a number"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("b/privacy.yaml:1:1: error: the manifest is empty [invalid-manifest]"),
        "{}",
        out.stdout
    );
    let out = candor(dir.path(), &["check", "--color", "never", "c"]);
    assert!(
        out.stdout.contains("different sources") && !out.stdout.contains("merge the two"),
        "{}",
        out.stdout
    );
}

#[test]
fn configuration_errors_are_findings_in_candor_yaml_and_the_check_goes_on() {
    let dir = support::with_microsoft_policy();
    write(dir.path(), "svc/privacy.yaml", CLEAN);
    write(dir.path(), "candor.yaml", "polcy: x\n");
    let out = candor(dir.path(), &["check", "--format", "concise", "svc"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert_eq!(
        out.stdout,
        "candor.yaml:1:1: error: unknown key `polcy` in candor.yaml [invalid-config]\n"
    );
    assert_eq!(out.stderr, "");
    write(
        dir.path(),
        "candor.yaml",
        "severity:\n  deny: [nope-code]\n",
    );
    let out = candor(dir.path(), &["check", "--format", "concise", "svc"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert_eq!(
        out.stdout,
        "candor.yaml:2:10: error: `nope-code` under `severity:` is not a candor code \
         [invalid-config]\n"
    );
    // An unknown code on the command line is still a usage error.
    write(dir.path(), "candor.yaml", "");
    let out = candor(dir.path(), &["check", "--deny", "nope-code", "svc"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("`nope-code` on the command line is not a candor code"),
        "{}",
        out.stderr
    );
}

#[test]
fn fmt_reports_an_include_it_cannot_read() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "policies/root.candor",
        "include \"gone.candor\"\ncategory a \"x\"{b \"y\"}\n",
    );
    let out = candor(dir.path(), &["fmt", "--check"]);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("cannot read `policies/gone.candor`")
            && out.stdout.contains("io-error")
            && out.stdout.contains("1 included file could not be read"),
        "{}",
        out.stdout
    );
}

#[test]
fn schema_prints_the_committed_schema() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = candor(repo, &["schema"]);
    assert_eq!(out.code, 0);
    let committed = fs::read_to_string(repo.join("schema/manifest.schema.json")).unwrap();
    assert_eq!(out.stdout, committed);
    let parsed: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(parsed["title"], "candor data manifest");
}

#[test]
fn explain_policy_syntax_agrees_with_the_language_reference() {
    let out = candor(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["explain", "policy-syntax"],
    );
    assert_eq!(out.code, 0);
    assert!(!out.stdout.contains("on one line"), "{}", out.stdout);
    assert!(
        out.stdout.contains("Line breaks are free"),
        "{}",
        out.stdout
    );
}

#[test]
fn policy_syntax_messages_say_what_is_wrong_in_words() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "empty/.keep", "");
    write(
        dir.path(),
        "string.candor",
        "category a \"one\ntwo\"\npurpose p \"x\"\n",
    );
    write(
        dir.path(),
        "when.candor",
        "category a \"x\"\npurpose p \"x\"\nsource d \"x\"\ncondition c \"x\"\nproduct q \"x\" {\n    collect a for p from d when }\n",
    );
    let out = candor(
        dir.path(),
        &[
            "check",
            "--policy",
            "string.candor",
            "--format",
            "concise",
            "empty",
        ],
    );
    assert!(
        out.stdout
            .contains("string.candor:1:12: error: a description cannot run over several lines"),
        "{}",
        out.stdout
    );
    let out = candor(
        dir.path(),
        &[
            "check",
            "--policy",
            "when.candor",
            "--format",
            "concise",
            "empty",
        ],
    );
    assert!(
        out.stdout
            .contains("when.candor:6:28: error: `when` must be followed by a condition name"),
        "{}",
        out.stdout
    );
}
