//! The map of the house holds: every `crate::` and `super::` path in `src/` (comment lines and
//! test modules left out) goes down the layers `ARCHITECTURE.md` lists, and no modules of one
//! folder use each other in a circle.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// The layers of `ARCHITECTURE.md`'s `layers` block, the top first: each top-level module with
/// its layer's number (0 at the bottom).
fn layers() -> BTreeMap<String, usize> {
    let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md"))
        .expect("ARCHITECTURE.md");
    let block = text
        .split("```layers\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a ```layers block in ARCHITECTURE.md");
    let lines: Vec<&str> = block.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut out = BTreeMap::new();
    for (i, line) in lines.iter().enumerate() {
        for module in line.split_whitespace() {
            let layer = lines.len() - 1 - i;
            assert!(
                out.insert(module.to_owned(), layer).is_none(),
                "`{module}` is listed twice"
            );
        }
    }
    out
}

/// Every module file of `src/`: its module path (`policy::parse`; the crate root is empty)
/// and its text, without comment lines and without a trailing `mod tests`.
fn modules() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            // `foo_tests.rs` files are test modules (`#[cfg(test)] #[path]`).
            if !name.ends_with(".rs") || name.ends_with("_tests.rs") {
                continue;
            }
            let relative = path.strip_prefix(&src).unwrap().with_extension("");
            let mut parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(
                parts.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                parts.pop();
            }
            let text = fs::read_to_string(&path).unwrap();
            let code = text
                .split("#[cfg(test)]\nmod tests")
                .next()
                .unwrap_or_default()
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            out.insert(parts.join("::"), code);
        }
    }
    out
}

/// The paths `code` names after `prefix` (`crate::` or `super::`): `a::b` for `a::b::C`, and
/// each member of a `{a, b::c}` group.
fn paths_after(code: &str, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices(prefix) {
        let before = code.get(..at).and_then(|b| b.chars().last());
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest = code.get(at + prefix.len()..).unwrap_or_default();
        if let Some(group) = rest.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or_default();
            for member in inner.split(',') {
                let member = member.trim().split(' ').next().unwrap_or_default();
                if !member.is_empty() && member != "self" {
                    out.push(member.trim_end_matches("::{").to_owned());
                }
            }
        } else {
            let path: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            out.push(path.trim_end_matches(':').to_owned());
        }
    }
    out
}

/// Module `from`'s uses of other modules: the longest module path each named path starts
/// with, leaving out `from` itself, its ancestors and its descendants.
fn edges(modules: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let module_of = |path: &str| -> Option<String> {
        let mut parts: Vec<&str> = path.split("::").collect();
        while !parts.is_empty() {
            let candidate = parts.join("::");
            if modules.contains_key(&candidate) {
                return Some(candidate);
            }
            parts.pop();
        }
        None
    };
    let related = |a: &str, b: &str| {
        let (a, b): (Vec<&str>, Vec<&str>) = (a.split("::").collect(), b.split("::").collect());
        a.starts_with(&b) || b.starts_with(&a)
    };
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, code) in modules {
        let parent: Vec<&str> = from.split("::").collect();
        let parent = parent[..parent.len().saturating_sub(1)].join("::");
        let named = paths_after(code, "crate::").into_iter().chain(
            paths_after(code, "super::").into_iter().map(|p| {
                if parent.is_empty() {
                    p
                } else {
                    format!("{parent}::{p}")
                }
            }),
        );
        for path in named {
            if let Some(to) = module_of(&path)
                && !to.is_empty()
                && !related(from, &to)
            {
                out.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    out
}

#[test]
fn every_import_goes_down_the_layers() {
    let layers = layers();
    let modules = modules();
    let top = |m: &str| m.split("::").next().unwrap_or_default().to_owned();
    for module in modules.keys().filter(|m| !m.is_empty()) {
        assert!(
            layers.contains_key(&top(module)),
            "`{}` is in no layer of ARCHITECTURE.md",
            top(module)
        );
    }
    let mut broken = Vec::new();
    for (from, tos) in edges(&modules) {
        for to in tos {
            let (a, b) = (top(&from), top(&to));
            if a != b && layers[&a] <= layers[&b] {
                broken.push(format!("{from} uses {to}"));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "imports against the layers of ARCHITECTURE.md:\n{}",
        broken.join("\n")
    );
}

#[test]
fn no_modules_use_each_other_in_a_circle() {
    let edges = edges(&modules());
    // A circle is a module that reaches itself: a depth-first search from each module.
    let mut circles = Vec::new();
    for start in edges.keys() {
        let mut stack: Vec<(String, Vec<String>)> = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((at, trail)) = stack.pop() {
            for next in edges.get(&at).into_iter().flatten() {
                if next == start {
                    let mut circle = trail.clone();
                    circle.push(start.clone());
                    circles.push(circle.join(" -> "));
                } else if seen.insert(next.clone()) {
                    let mut longer = trail.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    assert!(circles.is_empty(), "circles:\n{}", circles.join("\n"));
}

#[test]
fn the_reader_sees_the_layers_it_checks() {
    // The test itself must be able to fail: a made-up upward import is caught.
    let mut modules = BTreeMap::new();
    modules.insert("source".to_owned(), "use crate::policy::Policy;".to_owned());
    modules.insert("policy".to_owned(), String::new());
    modules.insert(
        "policy::parse".to_owned(),
        "use super::{lower::Lower, ast};".to_owned(),
    );
    modules.insert(
        "policy::lower".to_owned(),
        "use super::parse::X;".to_owned(),
    );
    modules.insert("policy::ast".to_owned(), String::new());
    let edges = edges(&modules);
    assert_eq!(edges["source"], BTreeSet::from(["policy".to_owned()]));
    assert_eq!(
        edges["policy::parse"],
        BTreeSet::from(["policy::ast".to_owned(), "policy::lower".to_owned()])
    );
    assert_eq!(
        edges["policy::lower"],
        BTreeSet::from(["policy::parse".to_owned()])
    );
}
