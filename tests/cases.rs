//! Fixtures per code: every `tests/cases/<code>/fail-*` file must produce that code, every
//! `pass-*` file must produce no error and none of that code; each file's findings are
//! snapshotted beside it exactly as a user sees them (human format without colour, then the
//! concise lines). Every code has a folder with a `fail-*` fixture, and a `fail-*` fixture gives
//! exactly its code and the ones it declares with an `also:` comment line
//! (`# also: vague-disclosure`, `// also: ...` in a policy).

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

#[path = "support/also.rs"]
mod also;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use candor::report::{self, Report};
use candor::session::{Disk, Options, Root, Session};
use candor::{Code, Severity, SourceMap};

/// Runs `candor check` on one fixture: a policy file alone, or a manifest checked against the
/// policy its `# policy: FILE` comment names, else the folder's `policy.candor` if present,
/// else the Microsoft policy. `unused-declaration`
/// fixtures run with `--coverage`. A fixture folder holding a `candor.yaml` is a workspace of
/// its own (see [`run_workspace`]).
fn run(code: &str, path: &Path) -> (Report, SourceMap) {
    if is_workspace(path) {
        return run_workspace(path);
    }
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

/// Whether a fixture is a folder with its own `candor.yaml`.
fn is_workspace(path: &Path) -> bool {
    path.join("candor.yaml").is_file()
}

/// Runs `candor check` in a fixture folder that has its own `candor.yaml`, as `candor check`
/// run in that folder does: against the folder's `policy.candor` if present, else the Microsoft
/// policy. Its files are named from the crate's folder, as for the other fixtures.
fn run_workspace(folder: &Path) -> (Report, SourceMap) {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let absolute = crate_dir.join(folder);
    let local = absolute.join("policy.candor");
    let policy = if local.is_file() {
        local
    } else {
        crate_dir.join("policies/microsoft.candor")
    };
    let options = Options {
        policy: Some(policy),
        ..Options::default()
    };
    let session =
        Session::open(&Disk, &Root::Folder(absolute.clone()), &options).expect("candor runs");
    let analysis = session
        .check(&Disk, &[absolute], None)
        .expect("candor runs");
    let prefix = format!("{}/", crate_dir.display());
    let mut sources = SourceMap::new();
    let ids = 0..u32::try_from(analysis.sources.len()).expect("few files");
    for file in ids.filter_map(|id| analysis.sources.get(candor::FileId(id))) {
        let name = file.name().strip_prefix(&prefix).unwrap_or(file.name());
        sources.add(name.to_owned(), file.text());
    }
    (analysis.report, sources)
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
                && (name.ends_with(".candor")
                    || name.contains(".privacy.y")
                    || candor::platform::Platform::of_file_name(&name).is_some()
                    || is_workspace(&file));
            if is_fixture {
                out.push((code.clone(), file));
            }
        }
    }
    out
}

/// One fixture's checks: it gives its code (a `fail-*` file exactly its code and the ones it
/// declares), or none of it and no error (a `pass-*` file), and its findings match the
/// snapshot beside it.
fn check_fixture(code_name: &str, path: &Path) {
    let code = Code::from_name(code_name)
        .unwrap_or_else(|| panic!("folder `{code_name}` is not named after a code"));
    let (report, sources) = run(code_name, path);
    let name = path
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let has_code = report.diagnostics.iter().any(|d| d.code == code);
    if is_failing(path) {
        assert!(has_code, "{} should give `{code_name}`", path.display());
        // A fixture that is a folder declares nothing, unless it is a workspace: then its
        // `candor.yaml` declares.
        let text = if is_workspace(path) {
            fs::read_to_string(path.join("candor.yaml")).expect("a fixture")
        } else if path.is_dir() {
            String::new()
        } else {
            String::from_utf8_lossy(&fs::read(path).expect("a fixture")).into_owned()
        };
        let mut expected: BTreeSet<&str> =
            also::declared(&text).into_iter().map(Code::name).collect();
        expected.insert(code_name);
        let found: BTreeSet<&str> = report.diagnostics.iter().map(|d| d.code.name()).collect();
        assert_eq!(found, expected, "{}", path.display());
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
            show_advice: true,
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

fn is_failing(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("fail-"))
}

/// Every code has a folder with a `fail-*` fixture.
fn every_code_has_a_failing_fixture(fixtures: &[(String, PathBuf)]) {
    assert!(fixtures.len() >= 10, "fixtures found: {}", fixtures.len());
    for code in Code::ALL {
        assert!(
            fixtures
                .iter()
                .any(|(folder, path)| folder == code.name() && is_failing(path)),
            "tests/cases/{}/ needs a `fail-*` fixture",
            code.name()
        );
    }
}

/// One test per fixture, named `CODE/FILE`, so a failure names its fixture and the others
/// still run; and one for the list as a whole.
fn main() {
    let arguments = libtest_mimic::Arguments::from_args();
    let fixtures = fixtures();
    let mut trials = Vec::new();
    let all = fixtures.clone();
    trials.push(libtest_mimic::Trial::test(
        "every_code_has_a_failing_fixture",
        move || {
            every_code_has_a_failing_fixture(&all);
            Ok(())
        },
    ));
    for (code, path) in fixtures {
        let name = format!(
            "{code}/{}",
            path.file_name().expect("name").to_string_lossy()
        );
        trials.push(libtest_mimic::Trial::test(name, move || {
            check_fixture(&code, &path);
            Ok(())
        }));
    }
    libtest_mimic::run(&arguments, trials).exit();
}
