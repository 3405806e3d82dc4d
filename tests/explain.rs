//! `candor explain` through the built binary, and every explanation's example run as a check.
//!
//! An explanation is composed from the registry (title, summary, default severity) and the
//! code's file, `src/codes/<code>.md` (its sections). The file's `## Example` is a runnable
//! case: every fenced block in it is one of
//!
//! - ```` ```candor ````: the policy, written to `policy.candor` (every example has one);
//! - ```` ```yaml ````: a manifest, written to `privacy.yaml`;
//! - ```` ```LANG PATH ````: a file at PATH, for anything else the case needs
//!   (```` ```yaml candor.yaml ````, a second manifest, a platform file);
//! - ```` ```sh ````: the command line, `candor check` and the flags the case needs
//!   (```` candor check --coverage ````).
//!
//! The files are written to a temporary folder, and `candor check FLAGS --policy policy.candor
//! --format json .` runs in it. The findings must be exactly the code explained, plus any code
//! a file of the example declares with an `also:` comment line (see `support/also.rs`), each at
//! its registry severity, and the exit status must be 1 exactly when one of them is an error.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

#[path = "support/also.rs"]
mod also;
#[path = "support/run.rs"]
mod run;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

use candor::diagnostic::EXPLANATION_SECTIONS;
use candor::{Code, Severity};

/// Runs candor in `dir`; returns the exit status, stdout and stderr.
fn candor_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = run::clean()
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("candor runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("utf-8 stdout"),
        String::from_utf8(output.stderr).expect("utf-8 stderr"),
    )
}

fn candor(args: &[&str]) -> (i32, String, String) {
    candor_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// What `candor explain CODE` prints, which must succeed.
fn explanation(code: Code) -> String {
    let (status, stdout, stderr) = candor(&["explain", code.name()]);
    assert_eq!(status, 0, "explain {}: {stderr}", code.name());
    stdout
}

/// The text under `## Example`, up to the next heading.
fn example_section(code: Code, text: &str) -> String {
    let start = text
        .find("\n## Example\n")
        .unwrap_or_else(|| panic!("{}: no `## Example`", code.name()));
    let body = &text[start + "\n## Example\n".len()..];
    let end = body.find("\n## ").unwrap_or(body.len());
    body[..end].to_owned()
}

/// The fenced blocks of `markdown`: each block's info string and its text.
fn fenced_blocks(code: Code, markdown: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in markdown.lines() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(info)) => open = Some((info.trim().to_owned(), String::new())),
            (Some(_), Some(rest)) => {
                assert!(
                    rest.trim().is_empty(),
                    "{}: a block opens inside another",
                    code.name()
                );
                blocks.extend(open.take());
            }
            (Some((_, text)), None) => {
                text.push_str(line);
                text.push('\n');
            }
            (None, None) => {}
        }
    }
    assert!(
        open.is_none(),
        "{}: a fenced block is not closed",
        code.name()
    );
    blocks
}

/// An explanation's example as a workspace: its files and the flags of its command line.
struct Example {
    files: Vec<(PathBuf, String)>,
    flags: Vec<String>,
}

impl Example {
    fn parse(code: Code, explanation: &str) -> Example {
        let name = code.name();
        let mut files: Vec<(PathBuf, String)> = Vec::new();
        let mut flags: Option<Vec<String>> = None;
        for (info, text) in fenced_blocks(code, &example_section(code, explanation)) {
            let words: Vec<&str> = info.split_whitespace().collect();
            let path = match words.as_slice() {
                ["sh"] => {
                    let line = text.trim();
                    assert!(!line.contains('\n'), "{name}: the `sh` block is one line");
                    let rest = line.strip_prefix("candor check").unwrap_or_else(|| {
                        panic!("{name}: the `sh` block must be `candor check` and flags")
                    });
                    let given: Vec<String> = rest.split_whitespace().map(str::to_owned).collect();
                    assert!(
                        given.iter().all(|f| f.starts_with("--")),
                        "{name}: the command line takes flags only: {line}"
                    );
                    assert!(
                        flags.replace(given).is_none(),
                        "{name}: more than one `sh` block"
                    );
                    continue;
                }
                ["candor"] => PathBuf::from("policy.candor"),
                ["yaml"] => PathBuf::from("privacy.yaml"),
                [_, path] => PathBuf::from(path),
                _ => panic!(
                    "{name}: a block in the example must be `candor`, `yaml`, `sh`, or name its \
                     file (```LANG PATH), not ```{info}"
                ),
            };
            assert!(
                path.components().all(|c| matches!(c, Component::Normal(_))),
                "{name}: `{}` must be a relative path inside the example",
                path.display()
            );
            assert!(
                files.iter().all(|(p, _)| *p != path),
                "{name}: two blocks write `{}`",
                path.display()
            );
            files.push((path, text));
        }
        assert!(
            files.iter().any(|(p, _)| p == Path::new("policy.candor")),
            "{name}: the example has no ```candor policy"
        );
        Example {
            files,
            flags: flags.unwrap_or_default(),
        }
    }

    /// The codes the example must produce: its own and those its files declare.
    fn expected(&self, code: Code) -> BTreeSet<&'static str> {
        let mut codes: BTreeSet<&'static str> = self
            .files
            .iter()
            .flat_map(|(_, text)| also::declared(text))
            .map(Code::name)
            .collect();
        codes.insert(code.name());
        codes
    }

    /// Writes the files to a temporary folder and checks them; the exit status and the JSON
    /// report.
    fn run(&self) -> (i32, serde_json::Value) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for (path, text) in &self.files {
            let target = dir.path().join(path);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent).expect("the file's folder");
            }
            fs::write(&target, text).expect("an example file");
        }
        let mut args: Vec<&str> = vec!["check"];
        args.extend(self.flags.iter().map(String::as_str));
        args.extend(["--policy", "policy.candor", "--format", "json", "."]);
        let (status, stdout, stderr) = candor_in(dir.path(), &args);
        let report = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("not a JSON report ({e}), exit {status}: {stderr}"));
        (status, report)
    }
}

#[test]
fn every_example_produces_exactly_its_code() {
    for &code in Code::ALL {
        let name = code.name();
        let example = Example::parse(code, &explanation(code));
        let (status, report) = example.run();
        let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
        let found: BTreeSet<&str> = diagnostics
            .iter()
            .map(|d| d["code"].as_str().expect("a code"))
            .collect();
        assert_eq!(
            found,
            example.expected(code),
            "{name}: the example's findings\n{report:#}"
        );
        for diagnostic in diagnostics {
            let of = Code::from_name(diagnostic["code"].as_str().expect("a code")).expect("known");
            assert_eq!(
                diagnostic["severity"],
                of.default_severity().name(),
                "{name}: `{}` at its default severity",
                of.name()
            );
        }
        let any_error = found
            .iter()
            .filter_map(|n| Code::from_name(n))
            .any(|c| c.default_severity() == Severity::Error);
        assert_eq!(status, i32::from(any_error), "{name}: the exit status");
    }
}

#[test]
fn an_example_without_a_policy_or_with_a_stray_block_is_refused() {
    let code = Code::DuplicateEntry;
    let no_policy = "## Example\n\n```yaml\nproduct: bing\ncollects: []\n```\n\n## How to fix\n";
    let stray = "## Example\n\n```candor\n```\n\n```text\noutput\n```\n";
    for text in [no_policy, stray] {
        let parsed = std::panic::catch_unwind(|| Example::parse(code, &format!("\n{text}")));
        assert!(parsed.is_err(), "accepted: {text}");
    }
    let named = "\n## Example\n\n```candor\n```\n\n```yaml candor.yaml\nexclude: []\n```\n\n\
                 ```yaml\n# also: vague-disclosure\n```\n\n```sh\ncandor check --coverage\n```\n";
    let example = Example::parse(code, named);
    let paths: Vec<&Path> = example.files.iter().map(|(p, _)| p.as_path()).collect();
    assert_eq!(
        paths,
        [
            Path::new("policy.candor"),
            Path::new("candor.yaml"),
            Path::new("privacy.yaml")
        ]
    );
    assert_eq!(example.flags, ["--coverage"]);
    assert_eq!(
        example.expected(code).into_iter().collect::<Vec<_>>(),
        ["duplicate-entry", "vague-disclosure"]
    );
}

#[test]
fn explain_prints_the_registry_header_then_the_sections() {
    for &code in Code::ALL {
        let name = code.name();
        let text = explanation(code);
        let header = format!(
            "# {name}\n\n{}\n\nDefault severity: {}.\n\n## {}\n",
            code.summary(),
            code.default_severity().name(),
            EXPLANATION_SECTIONS[0]
        );
        assert!(text.starts_with(&header), "{name}:\n{text}");
        let mut from = 0;
        for section in EXPLANATION_SECTIONS {
            let heading = format!("\n## {section}\n");
            let at = text[from..]
                .find(&heading)
                .unwrap_or_else(|| panic!("{name}: `## {section}` missing or out of order"));
            from += at + heading.len();
        }
        assert_eq!(text.matches("Default severity").count(), 1, "{name}");
        assert_eq!(text.matches(code.summary()).count(), 1, "{name}");
        assert_eq!(text.matches(&format!("# {name}\n")).count(), 1, "{name}");
    }
}

#[test]
fn explain_lists_every_code() {
    let (status, stdout, stderr) = candor(&["explain"]);
    assert_eq!(status, 0, "{stderr}");
    insta::assert_snapshot!(stdout);
}

#[test]
fn explain_refuses_an_unknown_code_with_a_suggestion() {
    let (status, stdout, stderr) = candor(&["explain", "undeclared-colection"]);
    assert_eq!(status, 2);
    assert_eq!(stdout, "");
    assert_eq!(
        stderr,
        "error: `undeclared-colection` is not a candor code; did you mean \
         `undeclared-collection`? (`candor explain` lists them)\n"
    );
    let (status, stdout, stderr) = candor(&["explain", "nothing-like-it"]);
    assert_eq!(status, 2);
    assert_eq!(stdout, "");
    assert_eq!(
        stderr,
        "error: `nothing-like-it` is not a candor code (`candor explain` lists them)\n"
    );
}

#[test]
fn every_explanation_file_belongs_to_a_code() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/codes");
    let mut files: Vec<String> = fs::read_dir(&dir)
        .expect("src/codes")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut expected: Vec<String> = Code::ALL
        .iter()
        .map(|c| format!("{}.md", c.name()))
        .collect();
    expected.sort();
    assert_eq!(files, expected);
}
