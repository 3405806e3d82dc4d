//! Fixtures per code: every `tests/cases/<code>/fail-*` file must produce that code, every
//! `pass-*` file must produce no error and none of that code; each file's findings are
//! snapshotted beside it exactly as a user sees them (human format without colour, then the
//! concise lines).

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

use std::fs;
use std::path::{Path, PathBuf};

use candor::report::{self, Report};
use candor::session::{Disk, Options, Root, Session};
use candor::{Code, Severity, SourceMap};

/// Runs `candor check` on one fixture: a policy file alone, or a manifest checked against the
/// policy its `# policy: FILE` comment names, else the folder's `policy.candor` if present,
/// else the Microsoft policy. `unused-declaration`
/// fixtures run with `--coverage`.
fn run(code: &str, path: &Path) -> (Report, SourceMap) {
    let is_policy = path.extension().is_some_and(|e| e == "candor");
    let local = named_policy(path).unwrap_or_else(|| path.with_file_name("policy.candor"));
    let policy = if is_policy {
        path.to_path_buf()
    } else if local.is_file() {
        local
    } else {
        PathBuf::from("policies/microsoft.candor")
    };
    let empty = tempfile::tempdir().expect("temp dir");
    let options = Options {
        policy: Some(policy),
        coverage: code == "unused-declaration",
        ..Options::default()
    };
    let session = Session::open(&Disk, &Root::WorkingDir, &options).expect("candor runs");
    let paths = vec![if is_policy {
        empty.path().to_path_buf()
    } else {
        path.to_path_buf()
    }];
    let analysis = session.check(&Disk, &paths, None).expect("candor runs");
    (analysis.report, analysis.sources)
}

/// The policy a manifest fixture names in a `# policy: FILE` comment, beside it.
fn named_policy(path: &Path) -> Option<PathBuf> {
    let text = fs::read_to_string(path).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix("# policy: "))
        .map(|name| path.with_file_name(name.trim()))
}

fn fixtures() -> Vec<(String, PathBuf)> {
    let root = Path::new("tests/cases");
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = fs::read_dir(root)
        .expect("tests/cases")
        .map(|e| e.expect("entry").path())
        .collect();
    dirs.sort();
    for dir in dirs.into_iter().filter(|d| d.is_dir()) {
        let code = dir
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let mut files: Vec<PathBuf> = fs::read_dir(&dir)
            .expect("case folder")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        for file in files {
            let name = file
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            let is_fixture = (name.starts_with("pass-") || name.starts_with("fail-"))
                && (name.ends_with(".candor") || name.contains(".privacy.y"));
            if is_fixture {
                out.push((code.clone(), file));
            }
        }
    }
    out
}

#[test]
fn every_fixture_gives_its_code_and_matches_its_snapshot() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 10, "fixtures found: {}", fixtures.len());
    for (code_name, path) in fixtures {
        let code = Code::from_name(&code_name)
            .unwrap_or_else(|| panic!("folder `{code_name}` is not named after a code"));
        let (report, sources) = run(&code_name, &path);
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let has_code = report.diagnostics.iter().any(|d| d.code == code);
        if name.starts_with("fail-") {
            assert!(has_code, "{} should give `{code_name}`", path.display());
        } else {
            assert!(
                !has_code,
                "{} should not give `{code_name}`",
                path.display()
            );
            assert!(
                report
                    .diagnostics
                    .iter()
                    .all(|d| d.severity != Severity::Error),
                "{} should give no error",
                path.display()
            );
        }
        let human = report::human::render(
            &report,
            &sources,
            report::human::Style {
                color: false,
                width: 100,
            },
        );
        let concise = report::concise::render(&report, &sources);
        let snapshot_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(path.parent().expect("dir"));
        let stem = name
            .rsplit_once('.')
            .map_or(name.as_str(), |(stem, _)| stem)
            .to_owned();
        insta::with_settings!({
            snapshot_path => snapshot_dir,
            prepend_module_to_snapshot => false,
            omit_expression => true,
            description => path.display().to_string(),
        }, {
            insta::assert_snapshot!(stem, format!("{human}\n--- concise\n{concise}"));
        });
    }
}
