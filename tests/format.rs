//! The formatter: a snapshot of a messy policy, soundness over every policy in the repository
//! (same declarations, same comments, idempotent, line endings kept), the shipped policies
//! already formatted, and `candor fmt --check` / `candor fmt`.

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
use std::path::{Path, PathBuf};

use candor::FileId;
use candor::policy::format::format;
use candor::policy::lex::{TokenKind, lex};
use candor::policy::parse::parse;

fn policies(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            policies(&path, out);
        } else if path.extension().is_some_and(|e| e == "candor") {
            out.push(path);
        }
    }
}

#[test]
fn a_messy_policy_is_laid_out_with_every_comment_kept() {
    let text = fs::read_to_string("tests/format/messy.candor").unwrap();
    let formatted = format(FileId(0), &text).unwrap();
    for comment in text.lines().filter_map(|l| l.find("//").map(|i| &l[i..])) {
        assert!(formatted.contains(comment), "lost {comment}");
    }
    insta::assert_snapshot!(formatted);
}

/// Every policy in the repository: the `.candor` files, and the ```` ```candor ```` blocks of
/// the README and the code explanations; each with where it comes from.
fn repository_policies() -> Vec<(String, String)> {
    let mut files = Vec::new();
    for dir in [
        "policies",
        "tests/cases",
        "tests/format",
        "fuzz/regressions/policy",
    ] {
        policies(Path::new(dir), &mut files);
    }
    let mut out: Vec<(String, String)> = files
        .iter()
        .map(|path| {
            let text = fs::read_to_string(path).unwrap_or_default();
            (path.display().to_string(), text)
        })
        .collect();
    let mut markdown = vec![PathBuf::from("README.md")];
    for entry in fs::read_dir("src/codes").unwrap() {
        markdown.push(entry.unwrap().path());
    }
    for path in markdown {
        let text = fs::read_to_string(&path).unwrap();
        let mut block: Option<(usize, String)> = None;
        for (number, line) in text.lines().enumerate() {
            match &mut block {
                None if line.trim_start().starts_with("```candor") => {
                    block = Some((number + 1, String::new()));
                }
                Some((start, policy)) if line.trim_start().starts_with("```") => {
                    out.push((
                        format!("{}:{start}", path.display()),
                        std::mem::take(policy),
                    ));
                    block = None;
                }
                Some((_, policy)) => {
                    policy.push_str(line);
                    policy.push('\n');
                }
                None => {}
            }
        }
    }
    out
}

/// The comments of a policy text, in order, as the lexer reads them.
fn comments(text: &str) -> Vec<&str> {
    lex(text)
        .into_iter()
        .filter(|t| t.kind == TokenKind::Comment)
        .map(|t| t.text(text).trim_end())
        .collect()
}

/// Formatting changes layout only: on every policy in the repository that parses, the
/// formatted text parses to the same declarations (spans aside), keeps every comment in order,
/// formats to itself, and keeps `\r\n` line endings.
#[test]
fn formatting_is_sound_on_every_policy_in_the_repository() {
    let mut formatted_count = 0;
    for (name, text) in repository_policies() {
        let Ok(once) = format(FileId(0), &text) else {
            continue;
        };
        let (before, _) = parse(FileId(0), &text);
        let (after, errors) = parse(FileId(0), &once);
        assert!(errors.is_empty(), "{name}: {errors:?}");
        assert_eq!(before.without_spans(), after.without_spans(), "{name}");
        assert_eq!(comments(&text), comments(&once), "{name}: comments");
        let twice = format(FileId(0), &once).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(once, twice, "{name} is not stable");
        let crlf = text.replace('\n', "\r\n");
        assert_eq!(
            format(FileId(0), &crlf).as_deref(),
            Ok(once.replace('\n', "\r\n").as_str()),
            "{name}: with `\\r\\n` line endings"
        );
        formatted_count += 1;
    }
    assert!(formatted_count >= 30, "{formatted_count}");
}

#[test]
fn the_span_free_comparison_sees_every_difference_but_layout() {
    let base = "category a \"x\" { b \"y\" }\npurpose p \"p\"\nsource s \"s\"\n\
                default { collect a.b for p from s }\nnever a for p \"why\"\n";
    let shape = |text: &str| parse(FileId(0), text).0.without_spans();
    let relaid = "category a \"x\" {\n    b \"y\"\n}\n\npurpose p \"p\" source s \"s\"\n\
                  default {\n    collect [a.b,] for p\n        from s\n}\nnever a for [p] \"why\"\n";
    assert_eq!(shape(base), shape(relaid));
    for changed in [
        base.replace("\"y\"", "\"z\""),
        base.replace("a.b for", "a for"),
        base.replace("\"why\"", "\"because\""),
        base.replace("from s", "from s when c"),
    ] {
        assert_ne!(shape(base), shape(&changed), "{changed}");
    }
}

#[test]
fn fmt_keeps_crlf_line_endings() {
    let dir = tempfile::tempdir().unwrap();
    let messy = dir.path().join("messy.candor");
    let tidy = dir.path().join("tidy.candor");
    fs::write(
        &messy,
        "// head\r\ncategory a \"x\"{b \"y\" // child\r\n}\r\n",
    )
    .unwrap();
    fs::write(
        &tidy,
        "// head\r\ncategory a \"x\" {\r\n    b \"y\" // child\r\n}\r\n",
    )
    .unwrap();
    let candor = |args: &[&str]| {
        let out = run::clean()
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
        )
    };
    assert_eq!(
        candor(&["fmt", "--check", "tidy.candor"]),
        (0, String::new()),
        "a formatted file with `\\r\\n` line endings is formatted"
    );
    assert_eq!(
        candor(&["fmt", "messy.candor"]),
        (0, "formatted messy.candor\n".to_owned())
    );
    assert_eq!(
        fs::read_to_string(&messy).unwrap(),
        fs::read_to_string(&tidy).unwrap()
    );
}

#[test]
fn the_shipped_policies_are_formatted() {
    let mut files = Vec::new();
    policies(Path::new("policies"), &mut files);
    for path in files {
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(
            format(FileId(0), &text).unwrap(),
            text,
            "run `candor fmt` on {}",
            path.display()
        );
    }
}

#[test]
fn fmt_check_then_fmt() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.candor");
    fs::write(&file, "category a \"x\"{b \"y\"}\n").unwrap();
    let candor = |args: &[&str]| {
        let out = run::clean()
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
        )
    };
    assert_eq!(
        candor(&["fmt", "--check", "p.candor"]),
        (1, "would reformat p.candor\n".to_owned())
    );
    assert_eq!(
        candor(&["fmt", "p.candor"]),
        (0, "formatted p.candor\n".to_owned())
    );
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        "category a \"x\" {\n    b \"y\"\n}\n"
    );
    assert_eq!(candor(&["fmt", "--check", "p.candor"]), (0, String::new()));
    fs::write(&file, "category a \"x\n").unwrap();
    let (code, out) = candor(&["fmt", "p.candor"]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("policy-syntax") && out.contains("not formatted"),
        "{out}"
    );
}

#[test]
fn the_committed_manifest_schema_is_current() {
    let committed = fs::read_to_string("schema/manifest.schema.json").unwrap();
    assert_eq!(
        committed,
        candor::manifest::schema::json_schema(),
        "the manifest types changed: run `candor schema > schema/manifest.schema.json`"
    );
}

#[test]
fn the_schema_accepts_the_examples_and_refuses_unknown_keys() {
    let schema: serde_json::Value =
        serde_json::from_str(&fs::read_to_string("schema/manifest.schema.json").unwrap()).unwrap();
    let validator = jsonschema::draft7::new(&schema).unwrap();
    let good: serde_json::Value = serde_json::json!({
        "product": "bing",
        "collects": [{"data": "q", "category": "device_usage.product_use", "purposes": ["provide"]}]
    });
    assert!(validator.is_valid(&good));
    let misspelt = serde_json::json!({
        "product": "bing",
        "collects": [{"data": "q", "category": "contact", "purpose": ["provide"]}]
    });
    assert!(!validator.is_valid(&misspelt));
    let empty_purposes = serde_json::json!({
        "product": "bing",
        "collects": [{"data": "q", "category": "contact", "purposes": []}]
    });
    assert!(!validator.is_valid(&empty_purposes));
}
