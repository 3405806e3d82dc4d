//! Hostile store declarations through the built binary: a stray quote in a Play CSV costs its
//! row only, a property list of unknown entities gets bounded output in every format, a large
//! CSV of distinct rows is read in linear time (a hang guard, not a timing), and CR-only line
//! endings give the right line numbers.

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
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const HEADER: &str = "Question ID (machine readable),Response ID (machine readable),Response value,\
                      Answer requirement,Human-friendly question label";

/// A folder with the Microsoft policy and a `candor.yaml` binding every file to `msn_weather`.
fn bound_folder() -> tempfile::TempDir {
    let dir = support::with_microsoft_policy();
    fs::write(
        dir.path().join("candor.yaml"),
        "policy: policies/microsoft.candor\nproducts:\n  - path: \"**\"\n    product: msn_weather\n",
    )
    .unwrap();
    dir
}

/// Runs `candor check --format FORMAT .` in `dir`, killed (and failed) after `limit`; under a
/// 2 GiB address space limit where `prlimit` is there. The exit status and stdout.
fn check(dir: &Path, format: &str, limit: Duration) -> (i32, String) {
    let bin = env!("CARGO_BIN_EXE_candor");
    let args = ["check", "--format", format, "."];
    let guarded = Path::new("/usr/bin/prlimit").exists();
    let mut command = if guarded {
        let mut c = Command::new("/usr/bin/prlimit");
        c.arg(format!("--as={}", 2u64 << 30)).arg(bin).args(args);
        c
    } else {
        let mut c = Command::new(bin);
        c.args(args);
        c
    };
    let mut child = run::hygiene(&mut command)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        stdout.read_to_end(&mut out).unwrap();
        out
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("`candor check --format {format}` did not finish in {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = String::from_utf8(reader.join().unwrap()).unwrap();
    (status.code().unwrap_or(-1), out)
}

const GUARD: Duration = Duration::from_secs(60);

#[test]
fn a_stray_quote_costs_its_row_and_is_reported_at_the_quote() {
    let dir = bound_folder();
    let rows = [
        HEADER,
        "PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA,,TRUE,REQUIRED,\"Collects \"data\"",
        "PSL_DATA_TYPES_PERSONAL,PSL_EMAIL,TRUE,MULTIPLE_CHOICE,Personal info / Email address",
        "PSL_DATA_USAGE_RESPONSES:PSL_EMAIL:PSL_DATA_USAGE_COLLECTION_AND_SHARING,\
         PSL_DATA_USAGE_ONLY_COLLECTED,TRUE,MULTIPLE_CHOICE,Collected",
        "PSL_DATA_COLLECTION_ENCRYPTED_IN_TRANSIT,,\"TRUE,MAYBE_REQUIRED,Encrypted",
        "PSL_DATA_USAGE_RESPONSES:PSL_EMAIL:DATA_USAGE_COLLECTION_PURPOSE,PSL_APP_FUNCTIONALITY,\
         TRUE,MULTIPLE_CHOICE,App functionality",
        "PSL_DATA_USAGE_RESPONSES:PSL_EMAIL:DATA_USAGE_COLLECTION_PURPOSE,PSL_ADVERTISING,TRUE,\
         MULTIPLE_CHOICE,Advertising or marketing",
    ];
    fs::write(dir.path().join("data_safety.csv"), rows.join("\n") + "\n").unwrap();
    let (code, out) = check(dir.path(), "concise", GUARD);
    assert_eq!(code, 1, "{out}");
    // Row 5's quote, at column 43, never closes: its row is lost, not the rows after it.
    let quote = rows[4].find('"').unwrap() + 1;
    assert_eq!(quote, 43);
    let at_quote = format!(
        "data_safety.csv:5:{quote}: error: the quote at line 5, column {quote} opens a cell \
         that is never closed [invalid-manifest]"
    );
    assert!(out.lines().any(|l| l == at_quote), "{at_quote}\n{out}");
    // Row 2's quote before `data` closes its cell too early.
    let early = rows[1].find("\"data").unwrap() + 1;
    assert!(
        out.lines().any(
            |l| l.starts_with(&format!("data_safety.csv:2:{early}: error:"))
                && l.contains(&format!(
                    "the quote at line 2, column {early} closes its cell"
                ))
        ),
        "{out}"
    );
    let purpose = rows[7 - 1].find("PSL_ADVERTISING").unwrap() + 1;
    let finding = format!("data_safety.csv:7:{purpose}: error:");
    assert!(
        out.lines()
            .any(|l| l.starts_with(&finding) && l.ends_with("[undeclared-purpose]")),
        "{finding}\n{out}"
    );
    let (_, human) = check(dir.path(), "human", GUARD);
    assert!(
        human.contains("help: close the cell with a quote"),
        "{human}"
    );
}

#[test]
fn unknown_entities_on_one_line_give_bounded_output_in_every_format() {
    let dir = bound_folder();
    let entities = "&foo;".repeat(20_000);
    let plist = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\"><dict>\
         <key>NSPrivacyTracking</key><false/><key>NSPrivacyTrackingDomains</key><array>\
         <string>x{entities}</string><string>{}</string></array>\
         <key>NSPrivacyCollectedDataTypes</key><array/></dict></plist>\n",
        "&amp;&bar;".repeat(2_000)
    );
    fs::write(dir.path().join("PrivacyInfo.xcprivacy"), &plist).unwrap();
    for format in ["human", "concise", "json", "sarif", "github"] {
        let (code, out) = check(dir.path(), format, GUARD);
        assert_eq!(code, 1, "{format}");
        assert!(
            out.len() < 20 * plist.len(),
            "{format}: {} bytes of output for {} of input",
            out.len(),
            plist.len()
        );
        // One finding stands for every unknown entity of the file.
        assert!(out.contains("21999"), "{format}: {out}");
    }
}

#[test]
fn a_csv_of_many_distinct_rows_is_read_in_linear_time() {
    let dir = bound_folder();
    let mut csv = String::from(HEADER);
    csv.push('\n');
    for i in 0..80_000 {
        csv.push_str(&format!("PSL_ACM_SPECIFY,{i},\n"));
    }
    fs::write(dir.path().join("data_safety.csv"), &csv).unwrap();
    for format in ["human", "json"] {
        let (code, out) = check(dir.path(), format, GUARD);
        assert_eq!(code, 1, "{format}");
        assert!(
            out.contains("takes no response id, found `79999`"),
            "{format}"
        );
    }
}

#[test]
fn cr_only_line_endings_give_the_right_line() {
    let dir = bound_folder();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let csv =
        fs::read_to_string(repo.join("examples/violations/apps/weather-android/data_safety.csv"))
            .unwrap()
            .replace('\n', "\r");
    fs::create_dir_all(dir.path().join("android")).unwrap();
    fs::write(dir.path().join("android/data_safety.csv"), csv).unwrap();
    let yaml = fs::read_to_string(repo.join("examples/violations/undeclared-purpose.privacy.yaml"))
        .unwrap()
        .replace('\n', "\r");
    fs::write(dir.path().join("undeclared-purpose.privacy.yaml"), yaml).unwrap();
    let (code, out) = check(dir.path(), "concise", GUARD);
    assert_eq!(code, 1, "{out}");
    for expected in [
        "android/data_safety.csv:11:66: error:",
        "undeclared-purpose.privacy.yaml:10:16: error:",
    ] {
        assert!(
            out.lines()
                .any(|l| l.starts_with(expected) && l.ends_with("[undeclared-purpose]")),
            "{expected}\n{out}"
        );
    }
    let (_, human) = check(dir.path(), "human", GUARD);
    assert!(
        human.contains("[undeclared-purpose.privacy.yaml:10:16]"),
        "{human}"
    );
}
