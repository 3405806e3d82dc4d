//! Every README block that shows candor's output is what the built binary prints.
//!
//! The rules, for whoever edits the README:
//!
//! - An **output block** is a fence whose language is `text`, `console` or `json`. Each must
//!   say which command printed it, or this test fails:
//!   - its first line is `$ candor ARGS` (the rest of the block is standard output), or
//!   - the line before the fence is `<!-- stdout: candor ARGS -->` or
//!     `<!-- stderr: candor ARGS -->` (the block is that stream).
//! - A line `...` (alone, indentation aside) in a `text` or `console` block stands for any
//!   number of lines, none included. A `json` block may be abridged: every key it shows must be
//!   in the output with a value that matches, and each array element shown must match an
//!   element of the output's array, in order.
//! - A usage synopsis, which is not output, is fenced as `synopsis`.
//! - Commands run in the repository's root, with `NO_COLOR=1`; arguments are split on spaces.
//!   Trailing spaces are not compared (editors strip them).
//! - The section "Your first policy" is a walkthrough that runs in a fresh folder, top to
//!   bottom: a fence with a path after its language (```` ```candor policies/fitness.candor ````)
//!   writes that file, and each output block runs its command there.
//!
//! The codes table is checked against the registry: one row per code, its default severity and
//! its summary, in the registry's order.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

#[path = "support/run.rs"]
mod run;

use std::fs;
use std::path::Path;

use candor::diagnostic::Code;

/// One fenced block of the README.
struct Block {
    /// The fence's info string: the language, and a path for a file of the walkthrough.
    info: String,
    body: String,
    /// The 1-based line of the opening fence.
    line: usize,
    /// The HTML comment on the line before the fence, if any.
    marker: Option<String>,
    /// Whether the block is in the walkthrough section.
    walkthrough: bool,
}

const WALKTHROUGH: &str = "## Your first policy";

fn blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut section = "";
    let mut n = 0;
    while n < lines.len() {
        let line = lines[n];
        if line.starts_with("## ") {
            section = line;
        }
        if let Some(info) = line.strip_prefix("```") {
            let start = n;
            let mut body = String::new();
            n += 1;
            while n < lines.len() && !lines[n].starts_with("```") {
                body.push_str(lines[n]);
                body.push('\n');
                n += 1;
            }
            let marker = start
                .checked_sub(1)
                .map(|p| lines[p].trim())
                .filter(|p| p.starts_with("<!--") && p.ends_with("-->"))
                .map(|p| {
                    p.trim_start_matches("<!--")
                        .trim_end_matches("-->")
                        .trim()
                        .to_owned()
                });
            out.push(Block {
                info: info.trim().to_owned(),
                body,
                line: start + 1,
                marker,
                walkthrough: section == WALKTHROUGH,
            });
        }
        n += 1;
    }
    out
}

/// Which stream a block shows.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Stream {
    Stdout,
    Stderr,
}

/// The command an output block shows the output of, the stream, and the expected text.
fn command(block: &Block) -> Result<(Vec<String>, Stream, String), String> {
    if let Some(marker) = &block.marker {
        for (prefix, stream) in [("stdout:", Stream::Stdout), ("stderr:", Stream::Stderr)] {
            if let Some(cmd) = marker.strip_prefix(prefix) {
                return Ok((args(cmd.trim())?, stream, block.body.clone()));
            }
        }
    }
    let (first, rest) = block.body.split_once('\n').unwrap_or((&block.body, ""));
    match first.strip_prefix("$ ") {
        Some(cmd) => Ok((args(cmd)?, Stream::Stdout, rest.to_owned())),
        None => Err(format!(
            "README.md:{}: an output block (```{}) says no command: start it with `$ candor ...` \
             or put `<!-- stdout: candor ... -->` on the line before it",
            block.line, block.info
        )),
    }
}

fn args(cmd: &str) -> Result<Vec<String>, String> {
    let mut words = cmd.split_whitespace();
    match words.next() {
        Some("candor") => Ok(words.map(str::to_owned).collect()),
        _ => Err(format!("`{cmd}` is not a candor command")),
    }
}

fn run(dir: &Path, args: &[String], stream: Stream) -> String {
    let out = run::clean()
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let bytes = match stream {
        Stream::Stdout => out.stdout,
        Stream::Stderr => out.stderr,
    };
    String::from_utf8(bytes).unwrap()
}

/// Whether `actual` lines match `expected` lines, where a `...` line in `expected` stands for
/// any number of lines.
fn matches(expected: &[&str], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first.trim() == "..." => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => actual
            .split_first()
            .is_some_and(|(a, more)| a.trim_end() == first.trim_end() && matches(rest, more)),
    }
}

/// Whether `shown` is an abridged form of `actual` (see the module's rules).
fn json_within(shown: &serde_json::Value, actual: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (shown, actual) {
        (Value::Object(s), Value::Object(a)) => s
            .iter()
            .all(|(k, v)| a.get(k).is_some_and(|av| json_within(v, av))),
        (Value::Array(s), Value::Array(a)) => {
            let mut rest = a.iter();
            s.iter().all(|sv| rest.any(|av| json_within(sv, av)))
        }
        _ => shown == actual,
    }
}

fn check_output(dir: &Path, block: &Block) -> Result<(), String> {
    let (args, stream, expected) = command(block)?;
    let actual = run(dir, &args, stream);
    let language = block.info.split_whitespace().next().unwrap_or_default();
    let same = if language == "json" {
        let shown: serde_json::Value = serde_json::from_str(&expected)
            .map_err(|e| format!("README.md:{}: not JSON: {e}", block.line))?;
        let printed: serde_json::Value = serde_json::from_str(&actual)
            .map_err(|e| format!("README.md:{}: candor printed no JSON: {e}", block.line))?;
        json_within(&shown, &printed)
    } else {
        let expected: Vec<&str> = expected.lines().collect();
        let printed: Vec<&str> = actual.lines().collect();
        matches(&expected, &printed)
    };
    if same {
        Ok(())
    } else {
        Err(format!(
            "README.md:{}: `candor {}` printed something else on {stream:?}:\n{actual}",
            block.line,
            args.join(" ")
        ))
    }
}

fn is_output(block: &Block) -> bool {
    matches!(
        block.info.split_whitespace().next(),
        Some("text" | "console" | "json")
    )
}

#[test]
fn every_output_block_is_what_candor_prints() {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let walk = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for block in blocks(&readme) {
        let dir = if block.walkthrough { walk.path() } else { repo };
        let mut words = block.info.split_whitespace();
        if let (true, Some(_), Some(path)) = (block.walkthrough, words.next(), words.next()) {
            let target = dir.join(path);
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::write(target, &block.body).unwrap();
            continue;
        }
        if is_output(&block) {
            checked += 1;
            if let Err(failure) = check_output(dir, &block) {
                failures.push(failure);
            }
        }
    }
    assert!(checked >= 8, "only {checked} output blocks found");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_block_without_a_command_and_a_wrong_output_fail() {
    let text =
        "intro\n\n```text\nsome output\n```\n\n```text\n$ candor explain nope-code\nwrong\n```\n";
    let found = blocks(text);
    assert_eq!(found.len(), 2);
    assert!(command(&found[0]).unwrap_err().contains("says no command"));
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(check_output(repo, &found[1]).is_err());
    assert!(matches(&["a", "...", "d"], &["a", "b", "c", "d"]));
    assert!(matches(&["a", "...", "d"], &["a", "d"]));
    assert!(!matches(&["a", "...", "d"], &["a", "b"]));
    let actual = serde_json::json!({"a": [1, 2, 3], "b": {"c": 1, "d": 2}});
    assert!(json_within(
        &serde_json::json!({"a": [1, 3], "b": {"d": 2}}),
        &actual
    ));
    assert!(!json_within(&serde_json::json!({"a": [3, 1]}), &actual));
    assert!(!json_within(&serde_json::json!({"e": 1}), &actual));
}

#[test]
fn the_codes_table_is_the_registry() {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find("<!-- codes -->")
        .expect("a `<!-- codes -->` marker");
    let end = readme
        .find("<!-- /codes -->")
        .expect("a `<!-- /codes -->` marker");
    let table = readme[start + "<!-- codes -->".len()..end].trim();
    let mut expected = String::from("| code | severity | reports |\n|---|---|---|\n");
    for code in Code::ALL {
        expected.push_str(&format!(
            "| `{}` | {} | {} |\n",
            code.name(),
            code.default_severity().name(),
            code.summary()
        ));
    }
    assert_eq!(
        table,
        expected.trim(),
        "the README's codes table differs from the registry; this is the table:\n{expected}"
    );
}
