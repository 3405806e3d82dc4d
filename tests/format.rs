//! The formatter: a snapshot of a messy policy, idempotence over every policy in the repository,
//! the shipped policies already formatted, and `candor fmt --check` / `candor fmt`.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use candor::FileId;
use candor::policy::format::format;

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

#[test]
fn formatting_is_idempotent_on_every_policy_in_the_repository() {
    let mut files = Vec::new();
    for dir in [
        "policies",
        "tests/cases",
        "tests/format",
        "fuzz/regressions/policy",
    ] {
        policies(Path::new(dir), &mut files);
    }
    let mut formatted_count = 0;
    for path in &files {
        let text = fs::read_to_string(path).unwrap_or_default();
        let Ok(once) = format(FileId(0), &text) else {
            continue;
        };
        let twice =
            format(FileId(0), &once).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        assert_eq!(once, twice, "{} is not stable", path.display());
        // Formatting changes layout only: the parse gives the same declarations.
        let (before, _) = candor::policy::parse::parse(FileId(0), &text);
        let (after, _) = candor::policy::parse::parse(FileId(0), &once);
        assert_eq!(names(&before), names(&after), "{}", path.display());
        formatted_count += 1;
    }
    assert!(formatted_count >= 15, "{formatted_count}");
}

fn names(ast: &candor::policy::ast::PolicyFile) -> Vec<String> {
    let mut out: Vec<String> = ast
        .trees
        .iter()
        .map(|(k, t)| format!("{k:?} {} {}", t.id.name, t.children.len()))
        .collect();
    out.extend(
        ast.products
            .iter()
            .map(|p| format!("product {} {}", p.id.name, p.grants.len())),
    );
    out.extend(
        ast.defaults
            .iter()
            .map(|d| format!("default {}", d.grants.len())),
    );
    out.extend(
        ast.nevers
            .iter()
            .map(|n| format!("never {}", n.category.name)),
    );
    out
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
        let out = Command::new(env!("CARGO_BIN_EXE_candor"))
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
