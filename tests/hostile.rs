//! Hostile and broken input: every case gets a coded diagnostic at the right line, the exit
//! status it should, no panic, and a good manifest beside it keeps its finding. Large inputs are
//! generated here, never committed. Each run is bounded by a generous deadline so that a hang
//! fails the test instead of the suite; speed itself is measured by `benches/hostile.sh`.

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
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use guarded::Outcome;

/// A hang, not a speed limit: the real figures are in `benches/hostile.sh`.
const DEADLINE: Duration = Duration::from_secs(120);

/// The good manifest and the one finding it must keep whatever else is in the folder.
const GOOD: &str = "product: outlook\ncollects:\n  - data: body\n    category: content.email\n    purposes: [provide, advertising]\n";
const GOOD_FINDING: &str = "good/privacy.yaml:5:25: error: `content.email` is used for `advertising`, which the policy never allows [forbidden-use]";

/// A folder with the Microsoft policy under `policies/` and the good manifest under `good/`.
fn workspace() -> tempfile::TempDir {
    let dir = support::with_microsoft_policy();
    write(dir.path(), "good/privacy.yaml", GOOD.as_bytes());
    dir
}

fn write(root: &Path, path: &str, bytes: &[u8]) -> PathBuf {
    let path = root.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, bytes).unwrap();
    path
}

fn candor(root: &Path, args: &[&str]) -> Outcome {
    let guards = guarded::Guards {
        deadline: DEADLINE,
        address_space: None,
        env: &[],
    };
    guarded::candor(root, args, &guards)
}

/// Checks `bad/` and `good/` with the Microsoft policy; asserts the exit status, that the bad
/// file gets `code` at `line`, and that the good file keeps its finding.
fn manifest_case(name: &str, bad: &[u8], code: &str, line: usize) {
    let dir = workspace();
    write(dir.path(), "bad/privacy.yaml", bad);
    expect(
        dir.path(),
        &["bad", "good"],
        name,
        "bad/privacy.yaml",
        code,
        line,
        1,
    );
}

fn expect(
    root: &Path,
    paths: &[&str],
    name: &str,
    file: &str,
    code: &str,
    line: usize,
    status: i32,
) {
    let mut args = vec!["check", "--format", "concise"];
    args.extend_from_slice(paths);
    let out = candor(root, &args);
    assert_eq!(out.code, status, "{name}: {}{}", out.stdout, out.stderr);
    let prefix = format!("{file}:{line}:");
    assert!(
        out.stdout
            .lines()
            .any(|l| l.starts_with(&prefix) && l.ends_with(&format!("[{code}]"))),
        "{name}: expected `{code}` at {prefix} in:\n{}{}",
        out.stdout,
        out.stderr
    );
    if paths.contains(&"good") {
        assert!(
            out.stdout.lines().any(|l| l == GOOD_FINDING),
            "{name}: the good file lost its finding:\n{}",
            out.stdout
        );
    }
}

#[test]
fn broken_yaml() {
    manifest_case(
        "truncated",
        b"product: bing\ncollects:\n  - data: q\n    category: [devi",
        "invalid-manifest",
        4,
    );
    manifest_case(
        "tabs",
        b"product: bing\ncollects:\n\t- data: q\n",
        "invalid-manifest",
        3,
    );
    manifest_case(
        "duplicate keys",
        b"product: bing\nproduct: skype\ncollects: []\n",
        "invalid-manifest",
        2,
    );
    manifest_case(
        "wrong types",
        b"product: [bing]\ncollects: {}\n",
        "invalid-manifest",
        1,
    );
    manifest_case(
        "null values",
        b"product: bing\ncollects:\n  - data:\n    category: contact\n    purposes: [provide]\n",
        "invalid-manifest",
        3,
    );
    manifest_case("empty", b"", "invalid-manifest", 1);
    manifest_case(
        "invalid UTF-8",
        b"product: bing\ncollects:\n  - data: caf\xe9\n",
        "invalid-manifest",
        3,
    );
    let mut garbage = vec![0u8; 4096];
    let mut x = 0x9e37_79b9_u32;
    for byte in &mut garbage {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        *byte = (x >> 24) as u8;
    }
    manifest_case("binary garbage", &garbage, "invalid-manifest", 1);
}

#[test]
fn bom_and_crlf_are_valid() {
    let dir = workspace();
    write(
        dir.path(),
        "bom/privacy.yaml",
        b"\xef\xbb\xbfproduct: outlook\r\ncollects:\r\n  - data: body\r\n    category: content.email\r\n    purposes: [provide]\r\n",
    );
    let out = candor(dir.path(), &["check", "--format", "concise", "bom", "good"]);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stdout.trim_end(),
        GOOD_FINDING,
        "only the good file's finding"
    );
}

#[test]
fn alias_amplification_is_refused() {
    let mut laughs = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        laughs.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    manifest_case("billion laughs", laughs.as_bytes(), "invalid-manifest", 6);
    let mut reused = String::from("product: &p bing\ncollects:\n");
    for _ in 0..100_000 {
        reused.push_str("  - *p\n");
    }
    manifest_case(
        "one anchor reused 100,000 times",
        reused.as_bytes(),
        "invalid-manifest",
        1003,
    );
}

#[test]
fn deep_nesting_is_refused() {
    let flow = format!("product: {}", "[".repeat(100_000));
    manifest_case(
        "100,000-deep flow nesting",
        flow.as_bytes(),
        "invalid-manifest",
        1,
    );
    let block = format!("product: bing\ncollects:\n{}x\n", "- ".repeat(100_000));
    manifest_case(
        "100,000-deep block nesting",
        block.as_bytes(),
        "invalid-manifest",
        3,
    );
}

#[test]
fn a_file_over_the_size_cap_is_refused_before_reading() {
    let mut big = b"product: bing\ncollects:\n".to_vec();
    big.resize(50 * 1024 * 1024, b'#');
    manifest_case("50 MB manifest", &big, "invalid-manifest", 1);
}

#[cfg(unix)]
#[test]
fn paths_that_are_not_files() {
    let dir = workspace();
    let root = dir.path();
    fs::create_dir_all(root.join("bad/privacy.yaml")).unwrap();
    expect(
        root,
        &["bad", "good"],
        "a folder named like a manifest",
        "bad/privacy.yaml",
        "io-error",
        1,
        1,
    );

    let dir = workspace();
    let root = dir.path();
    fs::create_dir_all(root.join("bad")).unwrap();
    std::os::unix::fs::symlink("nowhere.yaml", root.join("bad/privacy.yaml")).unwrap();
    expect(
        root,
        &["bad", "good"],
        "a dangling symlink",
        "bad/privacy.yaml",
        "io-error",
        1,
        1,
    );

    let dir = workspace();
    let root = dir.path();
    fs::create_dir_all(root.join("bad/inner")).unwrap();
    std::os::unix::fs::symlink("..", root.join("bad/inner/loop")).unwrap();
    let out = candor(root, &["check", "--format", "concise", "bad", "good"]);
    assert_eq!(
        (out.code, out.stdout.trim_end()),
        (1, GOOD_FINDING),
        "a symlink loop is not followed"
    );

    // A mistyped path is a mistake in the command, not a finding: exit 2, even when io-error
    // is allowed.
    let dir = workspace();
    let out = candor(
        dir.path(),
        &["check", "--allow", "io-error", "missing", "good"],
    );
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("`missing` does not exist"),
        "{}",
        out.stderr
    );
}

/// A root policy that includes the Microsoft policy and adds `extra`.
fn policy_case(
    name: &str,
    extra: &str,
    files: &[(&str, &str)],
    code: &str,
    line: usize,
    status: i32,
) {
    let dir = workspace();
    let root = dir.path();
    write(
        root,
        "policies/root.candor",
        format!("include \"microsoft.candor\"\n{extra}").as_bytes(),
    );
    for (path, text) in files {
        write(root, path, text.as_bytes());
    }
    let out = candor(
        root,
        &[
            "check",
            "--policy",
            "policies/root.candor",
            "--format",
            "concise",
            "good",
        ],
    );
    assert_eq!(out.code, status, "{name}: {}{}", out.stdout, out.stderr);
    let file = if code == "policy-syntax" && name == "include cycle" {
        "policies/part.candor"
    } else {
        "policies/root.candor"
    };
    let prefix = format!("{file}:{line}:");
    assert!(
        out.stdout
            .lines()
            .any(|l| l.starts_with(&prefix) && l.ends_with(&format!("[{code}]"))),
        "{name}: expected `{code}` at {prefix} in:\n{}",
        out.stdout
    );
    assert!(
        out.stdout.lines().any(|l| l == GOOD_FINDING),
        "{name}: the good file lost its finding:\n{}",
        out.stdout
    );
}

#[test]
fn broken_policies_keep_the_good_findings() {
    policy_case(
        "unterminated string",
        "purpose extra \"never closed\n",
        &[],
        "policy-syntax",
        2,
        1,
    );
    policy_case(
        "include cycle",
        "include \"part.candor\"\n",
        &[("policies/part.candor", "include \"root.candor\"\n")],
        "policy-syntax",
        1,
        1,
    );
    policy_case(
        "missing include",
        "include \"nowhere.candor\"\n",
        &[],
        "io-error",
        2,
        1,
    );
    policy_case(
        "include outside the tree",
        "include \"../good/privacy.yaml\"\n",
        &[],
        "policy-syntax",
        2,
        1,
    );
    policy_case(
        "garbage line",
        "%%%% ]]] {{ \u{7}\n",
        &[],
        "policy-syntax",
        2,
        1,
    );
}

#[test]
fn unusable_policies_exit_two_with_a_coded_diagnostic() {
    let cases: [(&str, Vec<u8>); 3] = [
        ("garbage", b"\x01\x02 \xff\xfe garbage { ] \" \x00".to_vec()),
        (
            "100,000 open braces",
            format!("category a \"x\" {}", "{".repeat(100_000)).into_bytes(),
        ),
        ("only noise", b"%%% ]]] ;;; \n @@@ \n".to_vec()),
    ];
    for (name, bytes) in cases {
        let dir = workspace();
        write(dir.path(), "policies/bad.candor", &bytes);
        let out = candor(
            dir.path(),
            &[
                "check",
                "--policy",
                "policies/bad.candor",
                "--format",
                "concise",
                "good",
            ],
        );
        assert_eq!(out.code, 2, "{name}: {}{}", out.stdout, out.stderr);
        assert!(
            out.stdout.starts_with("policies/bad.candor:1:")
                && out.stdout.contains("[policy-syntax]")
                || out.stdout.contains("[io-error]"),
            "{name}: {}{}",
            out.stdout,
            out.stderr
        );
    }
}

#[test]
fn lints_deny_panicking_shortcuts_outside_tests() {
    let manifest =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    let table: Vec<&str> = manifest
        .split("[lints.clippy]")
        .nth(1)
        .unwrap()
        .lines()
        .take_while(|l| !l.starts_with('['))
        .collect();
    for lint in ["unwrap_used", "expect_used", "panic", "indexing_slicing"] {
        assert!(
            table
                .iter()
                .any(|l| l.replace(' ', "") == format!("{lint}=\"deny\"")),
            "{lint} is not denied"
        );
    }
    // No source file outside tests switches them back on.
    for entry in walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src")) {
        let text = fs::read_to_string(&entry).unwrap();
        for lint in [
            "unwrap_used",
            "expect_used",
            "clippy::panic",
            "indexing_slicing",
        ] {
            assert!(
                !text.contains(&format!(
                    "allow(clippy::{}",
                    lint.trim_start_matches("clippy::")
                )),
                "{} allows {lint}",
                entry.display()
            );
        }
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

#[test]
fn a_panic_is_one_line_and_exit_status_two() {
    let output = run::clean()
        .args(["check"])
        .env("CANDOR_INTERNAL_TEST_PANIC", "1")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: candor hit an internal error"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Four good declarations that use each other: if any is lost, the others are reported
/// (`undefined-reference`, `unused-definition`).
const FOUR_GOOD: &str = "category contact \"ways to reach a person\" { email \"an email address\" }\n\
                         purpose provide \"run the product\"\n\
                         source direct \"from the person\"\n\
                         default { collect contact.email for provide from direct }\n";

/// Four good declarations, then the line `bad { "` and `braces` open braces: on the same line
/// (inside the string that line opens) or on the next.
fn brace_in_string(braces: usize, same_line: bool) -> String {
    let gap = if same_line { "" } else { "\n" };
    format!("{FOUR_GOOD}bad {{ \"{gap}{}\n", "{".repeat(braces))
}

/// Four good declarations, then a category tree 40 blocks deep, then one more good line.
fn forty_deep() -> String {
    let mut deep = String::from("category deep \"too deep\" ");
    for level in 0..40 {
        deep.push_str(&format!("{{ level{level} \"a level\" "));
    }
    deep.push_str(&"}".repeat(40));
    format!("{FOUR_GOOD}{deep}\nproduct later \"declared after the deep one\" {{}}\n")
}

/// `(code, line, message)` of every diagnostic of `text` as a policy, in process.
fn policy_findings(text: &str) -> (candor::policy::LoadedPolicy, Vec<(String, usize, String)>) {
    let mut sources = candor::SourceMap::new();
    let loaded = candor::policy::load_text(&mut sources, "policy.candor", text);
    let findings = loaded
        .diagnostics
        .iter()
        .map(|d| {
            let file = sources.get(d.primary.span.file).unwrap();
            let line = file.position(d.primary.span.start).line;
            (d.code.name().to_owned(), line, d.message.clone())
        })
        .collect();
    (loaded, findings)
}

/// `candor check --policy FILE --format json EMPTY_DIR` on `text`: the exit status and
/// `(code, line, message)` of every diagnostic.
fn check_policy_json(text: &str) -> (i32, Vec<(String, usize, String)>) {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "policy.candor", text.as_bytes());
    fs::create_dir_all(dir.path().join("empty")).unwrap();
    let out = candor(
        dir.path(),
        &[
            "check",
            "--policy",
            "policy.candor",
            "--format",
            "json",
            "empty",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", out.stdout, out.stderr));
    let diagnostics = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap() as usize,
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (out.code, diagnostics)
}

#[test]
fn a_brace_in_a_string_never_costs_the_declarations_before_it() {
    for braces in [10_000, 1_000_000] {
        for same_line in [false, true] {
            let text = brace_in_string(braces, same_line);
            let case = format!("{braces} braces, same line: {same_line}");
            let started = Instant::now();
            let (loaded, findings) = policy_findings(&text);
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{case}: {:?}",
                started.elapsed()
            );
            assert_eq!(
                findings,
                [(
                    "policy-syntax".to_owned(),
                    5,
                    "expected a declaration, found `bad`".to_owned()
                )],
                "{case}"
            );
            let policy = &loaded.policy;
            assert!(
                policy.categories.lookup("contact.email").is_some(),
                "{case}"
            );
            assert!(policy.purposes.lookup("provide").is_some(), "{case}");
            assert!(policy.sources.lookup("direct").is_some(), "{case}");
            assert_eq!(policy.grants.len(), 1, "{case}");
            assert!(!loaded.is_unusable(), "{case}");
        }
    }
    for same_line in [false, true] {
        let (code, diagnostics) = check_policy_json(&brace_in_string(10_000, same_line));
        assert_eq!(
            (code, diagnostics),
            (
                1,
                vec![(
                    "policy-syntax".to_owned(),
                    5,
                    "expected a declaration, found `bad`".to_owned()
                )]
            ),
            "same line: {same_line}"
        );
    }
}

#[test]
fn a_block_nested_too_deep_costs_only_its_declaration() {
    let text = forty_deep();
    let expected = vec![(
        "policy-syntax".to_owned(),
        5,
        "blocks are nested more than 32 levels deep".to_owned(),
    )];
    let (loaded, findings) = policy_findings(&text);
    assert_eq!(findings, expected);
    let policy = &loaded.policy;
    assert!(policy.categories.lookup("contact.email").is_some());
    assert!(
        policy.categories.lookup("deep").is_none(),
        "the deep tree is dropped whole"
    );
    assert_eq!(policy.grants.len(), 1);
    assert!(
        policy.product_id("later").is_some(),
        "a declaration after the deep one is kept"
    );
    assert_eq!(check_policy_json(&text), (1, expected));
}
