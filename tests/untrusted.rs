//! DESIGN §11 through the built binary: a pull request controls the policy files, manifests,
//! store files and `candor.yaml` that CI checks. Every case runs with a planted token in the
//! environment, under a hard deadline and an address-space limit (guards, not timings), in
//! every output format; none may print the token, hang, panic or lose the good file's finding.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

#[path = "support/guarded.rs"]
mod guarded;
#[path = "support/run.rs"]
mod run;
#[path = "support/workspace.rs"]
mod support;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use guarded::Outcome;

/// A hang, not a speed limit.
const DEADLINE: Duration = Duration::from_secs(120);

/// The address space candor may use (`prlimit --as`): far above what any case needs.
const ADDRESS_SPACE: u64 = 4 << 30;

/// In the environment of every run; `/proc/self/environ` holds it.
const TOKEN: &str = "candor-planted-token-5c0f1e";

const FORMATS: [&str; 5] = ["human", "concise", "json", "sarif", "github"];

/// The good manifest and the one finding it must keep whatever else is in the folder.
const GOOD: &str = "product: outlook\ncollects:\n  - data: body\n    category: content.email\n    purposes: [provide, advertising]\n";
const GOOD_FINDING: &str = "good/privacy.yaml:5:25: error: `content.email` is used for `advertising`, which the policy never allows [forbidden-use]";

/// A repository (it has `.git`) with the Microsoft policy and the good manifest.
fn repository() -> tempfile::TempDir {
    let dir = support::with_microsoft_policy();
    fs::create_dir(dir.path().join(".git")).unwrap();
    write(dir.path(), "good/privacy.yaml", GOOD.as_bytes());
    dir
}

fn write(root: &Path, path: &str, bytes: &[u8]) -> PathBuf {
    let path = root.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, bytes).unwrap();
    path
}

fn append(path: &Path, text: &str) {
    let mut old = fs::read_to_string(path).unwrap();
    old.push_str(text);
    fs::write(path, old).unwrap();
}

/// Runs the binary in `root` under the guards, with the token in its environment; fails if
/// any output holds the token.
fn candor(root: &Path, args: &[&str]) -> Outcome {
    let guards = guarded::Guards {
        deadline: DEADLINE,
        address_space: Some(ADDRESS_SPACE),
        env: &[("SECRET_TOKEN", TOKEN), ("NO_COLOR", "1")],
    };
    let outcome = guarded::candor(root, args, &guards);
    let both = outcome.both();
    assert!(!both.contains(TOKEN), "{args:?} printed the token:\n{both}");
    outcome
}

/// `candor check` in every format: no format leaks, hangs or crashes (see [`candor`]), each
/// exits `code`; the concise run is returned.
fn check_all(root: &Path, extra: &[&str], code: i32) -> Outcome {
    let mut concise = None;
    for format in FORMATS {
        let mut args = vec!["check", "--format", format];
        args.extend(extra);
        let out = candor(root, &args);
        assert_eq!(out.code, code, "{format}: {}", out.both());
        if format == "concise" {
            concise = Some(out);
        }
    }
    concise.unwrap()
}

/// The concise line of `file`, or a failure listing what was printed.
fn line_of<'a>(out: &'a Outcome, file: &str) -> &'a str {
    out.stdout
        .lines()
        .find(|l| l.starts_with(&format!("{file}:")))
        .unwrap_or_else(|| panic!("no finding in `{file}`:\n{}", out.both()))
}

#[test]
fn a_backslash_include_is_a_syntax_error_and_is_never_read() {
    let dir = repository();
    let root = dir.path();
    append(
        &root.join("policies/microsoft.candor"),
        "include \"..\\\\..\\\\..\\\\..\\\\..\\\\..\\\\..\\\\..\\\\proc\\\\self\\\\environ\"\n",
    );
    let out = check_all(root, &[], 1);
    let line = line_of(&out, "policies/microsoft.candor");
    assert!(
        line.contains("uses `\\` in a path [policy-syntax]"),
        "{line}"
    );
    assert!(out.stdout.contains(GOOD_FINDING), "{}", out.stdout);
    let human = candor(root, &["check"]);
    assert!(
        human.stdout.contains("separate folders with `/`"),
        "{}",
        human.stdout
    );
}

#[test]
fn links_out_of_the_repository_are_refused_where_they_are_named() {
    let dir = repository();
    let root = dir.path();
    symlink("/proc/self/environ", root.join("policies/env.candor")).unwrap();
    append(
        &root.join("policies/microsoft.candor"),
        "include \"env.candor\"\n",
    );
    fs::create_dir_all(root.join("m")).unwrap();
    symlink("/etc/passwd", root.join("m/privacy.yaml")).unwrap();
    symlink("/proc/self/environ", root.join("m/x.data_safety.csv")).unwrap();
    let out = check_all(root, &["m", "good"], 1);
    let include = line_of(&out, "policies/microsoft.candor");
    assert!(
        include.contains("`env.candor` is outside the policy's folder [policy-syntax]"),
        "{include}"
    );
    for file in ["m/privacy.yaml", "m/x.data_safety.csv"] {
        let line = line_of(&out, file);
        assert!(
            line.starts_with(&format!("{file}:1:1: error: cannot read")),
            "{line}"
        );
        assert!(
            line.contains("outside the repository") && line.ends_with("[io-error]"),
            "{line}"
        );
    }
    assert!(out.stdout.contains(GOOD_FINDING), "{}", out.stdout);
    let human = candor(root, &["check", "m", "good"]);
    assert!(
        !human.stdout.contains("root:x:0"),
        "/etc/passwd shown:\n{}",
        human.stdout
    );
}

#[test]
fn a_link_to_the_file_system_root_is_not_walked() {
    let dir = repository();
    let root = dir.path();
    symlink("/", root.join("good/all")).unwrap();
    // Ten links to the repository itself: each folder is visited once.
    for n in 0..10 {
        symlink("..", root.join(format!("good/up{n}"))).unwrap();
    }
    let out = check_all(root, &[], 1);
    assert_eq!(out.stdout.trim_end(), GOOD_FINDING);
    assert!(
        out.stderr
            .contains("skipped `good/all`: it is a link to a folder outside the repository"),
        "{}",
        out.stderr
    );
}

#[test]
fn policy_in_candor_yaml_must_stay_in_the_repository() {
    for (policy, linked) in [
        ("/proc/self/environ", false),
        ("../../../../../../../../proc/self/environ", false),
        ("policies/env.candor", true),
    ] {
        let dir = repository();
        let root = dir.path();
        if linked {
            symlink("/proc/self/environ", root.join("policies/env.candor")).unwrap();
        }
        write(
            root,
            "candor.yaml",
            format!("# settings\npolicy: {policy}\n").as_bytes(),
        );
        for format in FORMATS {
            let out = candor(root, &["check", "--format", format]);
            assert_eq!(out.code, 2, "{policy}: {}", out.both());
            assert!(
                out.stderr.contains("leads outside the repository")
                    && out
                        .stderr
                        .contains("(named by `policy:` at `candor.yaml:2`)"),
                "{policy}: {}",
                out.stderr
            );
        }
    }
}

#[test]
fn a_candor_yaml_that_is_a_link_out_is_refused() {
    let dir = repository();
    let root = dir.path();
    symlink("/proc/self/environ", root.join("candor.yaml")).unwrap();
    let out = candor(root, &["check"]);
    assert_eq!(out.code, 2, "{}", out.both());
    assert!(
        out.stderr.contains("cannot read `candor.yaml`"),
        "{}",
        out.stderr
    );
}

#[test]
fn fifos_and_devices_are_refused_without_waiting() {
    let dir = repository();
    let root = dir.path();
    fs::create_dir_all(root.join("m")).unwrap();
    let fifo = |path: &Path| {
        let made = Command::new("mkfifo").arg(path).status().unwrap();
        assert!(made.success());
    };
    fifo(&root.join("m/privacy.yaml"));
    fifo(&root.join("policies/pipe.candor"));
    symlink("/dev/zero", root.join("m/zero.privacy.yaml")).unwrap();
    append(
        &root.join("policies/microsoft.candor"),
        "include \"pipe.candor\"\n",
    );
    let out = check_all(root, &["m", "good"], 1);
    for file in ["m/privacy.yaml", "m/zero.privacy.yaml"] {
        assert!(
            line_of(&out, file).ends_with("[io-error]"),
            "{}",
            out.stdout
        );
    }
    let include = line_of(&out, "policies/microsoft.candor");
    assert!(
        include.contains("cannot read `policies/pipe.candor`: it is not a regular file"),
        "{include}"
    );
    assert!(out.stdout.contains(GOOD_FINDING), "{}", out.stdout);

    // A FIFO as the root policy, named by candor.yaml.
    write(root, "candor.yaml", b"policy: policies/pipe.candor\n");
    let out = candor(root, &["check", "good"]);
    assert_eq!(out.code, 2, "{}", out.both());
    assert!(out.stderr.contains("not a regular file"), "{}", out.stderr);
}

#[test]
fn fmt_and_init_write_only_inside_the_repository() {
    let outside = tempfile::tempdir().unwrap();
    let target = write(outside.path(), "victim.candor", b"category   x \"y\"\n");
    let dir = repository();
    let root = dir.path();
    symlink(&target, root.join("policies/victim.candor")).unwrap();
    let out = candor(root, &["fmt", "policies/victim.candor"]);
    assert_eq!(out.code, 2, "{}", out.both());
    assert!(
        out.stderr.contains("outside the repository"),
        "{}",
        out.stderr
    );
    append(
        &root.join("policies/microsoft.candor"),
        "include \"victim.candor\"\n",
    );
    let out = candor(root, &["fmt"]);
    assert_eq!(out.code, 2, "{}", out.both());
    assert_eq!(fs::read_to_string(&target).unwrap(), "category   x \"y\"\n");

    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("new")).unwrap();
    symlink(outside.path(), dir.path().join("new/policies")).unwrap();
    let out = candor(dir.path(), &["init", "new"]);
    assert_eq!(out.code, 2, "{}", out.both());
    assert!(out.stderr.contains("refusing to write"), "{}", out.stderr);
    assert!(
        !dir.path().join("new/candor.yaml").exists(),
        "nothing is written"
    );
    assert!(!outside.path().join("privacy.candor").exists());
}

#[test]
fn the_output_is_never_one_of_the_inputs() {
    let dir = repository();
    let root = dir.path();
    let policy = fs::read_to_string(root.join("policies/microsoft.candor")).unwrap();
    for output in [
        "policies/microsoft.candor",
        "good/privacy.yaml",
        "policies/microsoft/products.candor",
    ] {
        let out = candor(root, &["check", "-o", output]);
        assert_eq!(out.code, 2, "{output}: {}", out.both());
        assert!(
            out.stderr.contains("refusing to write the output"),
            "{}",
            out.stderr
        );
    }
    let out = candor(
        root,
        &["render", "-o", "policies/microsoft/taxonomy.candor"],
    );
    assert_eq!(out.code, 2, "{}", out.both());
    let out = candor(root, &["export", "play", "good", "-o", "good/privacy.yaml"]);
    assert_eq!(out.code, 2, "{}", out.both());
    assert_eq!(
        fs::read_to_string(root.join("policies/microsoft.candor")).unwrap(),
        policy
    );
    assert_eq!(
        fs::read_to_string(root.join("good/privacy.yaml")).unwrap(),
        GOOD
    );
    // A new file is fine.
    let out = candor(root, &["check", "-o", "report.txt"]);
    assert_eq!(out.code, 1, "{}", out.both());
    assert!(
        fs::read_to_string(root.join("report.txt"))
            .unwrap()
            .contains("forbidden-use")
    );
}

/// What a terminal would obey: ESC, BEL, C1 controls and bidi overrides.
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

#[test]
fn terminal_controls_from_input_are_escaped() {
    let dir = repository();
    let root = dir.path();
    let osc = "\u{1b}]0;owned\u{7}\u{1b}[2J\u{9b}31m\u{202e}";
    write(
        root,
        "m/privacy.yaml",
        format!(
            "product: outlook\ncollects:\n  - data: x\n    category: \"contact.{osc}\"\n    purposes: [provide]\n  - data: y{osc}\n    category: contact.{osc}x\n"
        )
        .as_bytes(),
    );
    write(
        root,
        &format!("m/{osc}/privacy.yaml"),
        b"product: nobody\ncollects: []\n",
    );
    write(
        root,
        "m/a.data_safety.csv",
        format!("Question ID (machine readable),Response ID (machine readable),Response value,Answer requirement,Human-friendly question label\nPSL{osc},,true,,\n").as_bytes(),
    );
    for format in ["human", "concise", "github"] {
        let out = candor(root, &["check", "--format", format, "m", "good"]);
        assert_eq!(out.code, 1, "{format}: {}", out.both());
        assert_eq!(
            raw_controls(&out.both()),
            Vec::<char>::new(),
            "{format}:\n{}",
            out.both()
        );
        assert!(
            out.both().contains("\\u{1b}"),
            "{format}: escaped, not dropped:\n{}",
            out.both()
        );
        assert!(out.both().contains("good/privacy.yaml"), "{format}");
    }
    for format in ["json", "sarif"] {
        let out = candor(root, &["check", "--format", format, "m", "good"]);
        let raw: Vec<char> = raw_controls(&out.stdout)
            .into_iter()
            .filter(|c| (*c as u32) < 0x20)
            .collect();
        assert_eq!(
            raw,
            Vec::<char>::new(),
            "{format}: JSON escapes C0 controls"
        );
        serde_json::from_str::<serde_json::Value>(&out.stdout).expect("valid JSON");
    }
}

#[test]
fn a_finding_past_column_65535_is_drawn_and_loses_nothing() {
    let dir = repository();
    let root = dir.path();
    let pad = " ".repeat(70_000);
    for n in 0..8 {
        write(
            root,
            &format!("wide/{n}.privacy.yaml"),
            format!(
                "product: outlook\ncollects:\n  - {{data: x, category: content.email, purposes: [provide],{pad}source: nowhere}}\n"
            )
            .as_bytes(),
        );
    }
    let out = check_all(root, &["wide", "good"], 1);
    assert_eq!(out.stdout.lines().count(), 9, "{}", out.stdout);
    let human = candor(root, &["check", "wide", "good"]);
    assert_eq!(human.stdout.matches("[unknown-source]").count(), 0);
    assert_eq!(
        human.stdout.matches("unknown-source\n").count(),
        8,
        "{}",
        &human.stdout[..2000.min(human.stdout.len())]
    );
    assert!(human.stdout.contains(":3:70068"), "the place is given");
    assert!(
        human.stdout.len() < 64 * 1024,
        "no line of 70,000 spaces is repeated"
    );
}

#[test]
fn many_findings_on_one_line_stay_bounded_in_every_format() {
    let dir = repository();
    let root = dir.path();
    let purposes: Vec<String> = (0..1_000).map(|n| format!("p{n}")).collect();
    let bad = format!(
        "product: outlook\ncollects:\n  - {{data: x, category: content.email, source: direct, purposes: [{}]}}\n",
        purposes.join(", ")
    );
    write(root, "bad/privacy.yaml", bad.as_bytes());
    let input = bad.len() + GOOD.len();
    for format in FORMATS {
        let out = candor(root, &["check", "--format", format, "bad", "good"]);
        assert_eq!(out.code, 1, "{format}");
        assert!(
            out.stdout.len()
                <= candor::limits::OUTPUT_PER_INPUT_BYTE * input + candor::limits::OUTPUT_BASE,
            "{format}: {} bytes of report for {input} bytes of input",
            out.stdout.len()
        );
        assert!(out.stdout.contains("good/privacy.yaml"), "{format}");
    }
}

#[test]
fn store_files_with_one_letter_stems_are_checked_and_near_misses_noted() {
    let dir = repository();
    let root = dir.path();
    let csv = "Question ID (machine readable),Response ID (machine readable),Response value,Answer requirement,Human-friendly question label\nPSL_NOT_A_QUESTION,,true,,\n";
    write(root, "apps/a.data_safety.csv", csv.as_bytes());
    write(root, "apps/b.datasafety.csv", csv.as_bytes());
    write(
        root,
        "apps/c.xcprivacy",
        b"<?xml version=\"1.0\"?><plist version=\"1.0\"><dict/>",
    );
    for near in [
        "DATA_SAFETY.csv",
        "data-safety.csv",
        "PrivacyInfo.plist",
        "Privacy.yaml",
    ] {
        write(root, &format!("near/{near}"), b"x");
    }
    let out = candor(
        root,
        &["check", "--format", "concise", "apps", "near", "good"],
    );
    for file in [
        "apps/a.data_safety.csv",
        "apps/b.datasafety.csv",
        "apps/c.xcprivacy",
    ] {
        line_of(&out, file);
    }
    for near in [
        "DATA_SAFETY.csv",
        "data-safety.csv",
        "PrivacyInfo.plist",
        "Privacy.yaml",
    ] {
        assert!(
            out.stderr
                .contains(&format!("warning: skipped `near/{near}`")),
            "{near}: {}",
            out.stderr
        );
    }
}

#[test]
fn links_to_the_policy_folder_do_not_multiply_includes() {
    let dir = repository();
    let root = dir.path();
    for n in 0..10 {
        symlink(".", root.join(format!("policies/l{n}"))).unwrap();
    }
    // Each of ten links leads back to the same file, sixteen levels deep: 10^16 paths, one file.
    let fan: String = (0..10)
        .map(|n| format!("include \"l{n}/fan.candor\"\n"))
        .collect();
    write(
        root,
        "policies/fan.candor",
        format!("category fan \"f\"\n{fan}").as_bytes(),
    );
    append(
        &root.join("policies/microsoft.candor"),
        "include \"fan.candor\"\n",
    );
    let out = check_all(root, &[], 1);
    assert_eq!(
        out.stdout.lines().collect::<Vec<_>>(),
        [GOOD_FINDING],
        "the fan file is read once and adds only its category"
    );
}
