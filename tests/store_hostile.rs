//! Hostile store declarations through the built binary: a stray quote in a Play CSV costs its
//! row only, a property list of unknown entities gets bounded output in every format, a large
//! CSV of distinct rows is read in linear time (a hang guard, not a timing), CR-only line
//! endings give the right line numbers, and binary property lists nested 200,000 deep, naming
//! 10^20 values in 400 bytes, holding themselves, claiming four billion values or naming one
//! bad value 20,000 times are one finding, or a bounded report, each.

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

/// An object of a hand-made binary property list, shaped as no writer would shape it.
enum Object {
    Array(Vec<u32>),
    Dict(Vec<(u32, u32)>),
    Str(&'static str),
    False,
    /// An array that says it holds this many references, and holds none.
    Claims(u32),
}

/// A binary property list (`bplist00`) of `objects`, which refer to each other by index with
/// 4-byte references; its top-level value is object 0.
fn bplist(objects: &[Object]) -> Vec<u8> {
    fn head(out: &mut Vec<u8>, kind: u8, len: usize) {
        if len < 15 {
            out.push(kind << 4 | len as u8);
        } else {
            out.push(kind << 4 | 0xF);
            out.push(0x12);
            out.extend(u32::try_from(len).unwrap().to_be_bytes());
        }
    }
    let mut out = b"bplist00".to_vec();
    let mut offsets = Vec::new();
    for object in objects {
        offsets.push(u32::try_from(out.len()).unwrap());
        match object {
            Object::Str(text) => {
                head(&mut out, 0x5, text.len());
                out.extend(text.as_bytes());
            }
            Object::Array(refs) => {
                head(&mut out, 0xA, refs.len());
                refs.iter().for_each(|r| out.extend(r.to_be_bytes()));
            }
            Object::Dict(pairs) => {
                head(&mut out, 0xD, pairs.len());
                pairs.iter().for_each(|(k, _)| out.extend(k.to_be_bytes()));
                pairs.iter().for_each(|(_, v)| out.extend(v.to_be_bytes()));
            }
            Object::False => out.push(0x08),
            Object::Claims(len) => head(&mut out, 0xA, *len as usize),
        }
    }
    let table = out.len() as u64;
    offsets.iter().for_each(|o| out.extend(o.to_be_bytes()));
    out.extend([0; 6]);
    out.extend([4, 4]);
    out.extend((objects.len() as u64).to_be_bytes());
    out.extend(0u64.to_be_bytes());
    out.extend(table.to_be_bytes());
    out
}

/// A privacy manifest (object 0) whose `NSPrivacyCollectedDataTypes` is `collected` (object 2),
/// then `more` from object 10 on. Objects 3 to 9 are what an item needs: its four keys, the
/// email address data type, an unknown purpose and `false`; [`item`] is one.
fn manifest_with(collected: Object, more: Vec<Object>) -> Vec<Object> {
    let mut objects = vec![
        Object::Dict(vec![(1, 2)]),
        Object::Str("NSPrivacyCollectedDataTypes"),
        collected,
        Object::Str("NSPrivacyCollectedDataType"),
        Object::Str("NSPrivacyCollectedDataTypeLinked"),
        Object::Str("NSPrivacyCollectedDataTypeTracking"),
        Object::Str("NSPrivacyCollectedDataTypePurposes"),
        Object::Str("NSPrivacyCollectedDataTypeEmailAddress"),
        Object::Str("NSPrivacyCollectedDataTypePurposeNope"),
        Object::False,
    ];
    objects.extend(more);
    objects
}

/// An item dictionary of the email address, not linked nor tracking, whose purposes are the
/// object `purposes`.
fn item(purposes: u32) -> Object {
    Object::Dict(vec![(3, 7), (4, 9), (5, 9), (6, purposes)])
}

/// Writes `bytes` as the folder's privacy manifest and checks it in `format`: the exit status
/// and the report.
fn check_binary(dir: &Path, bytes: &[u8], format: &str) -> (i32, String) {
    fs::write(dir.join("PrivacyInfo.xcprivacy"), bytes).unwrap();
    check(dir, format, GUARD)
}

#[test]
fn hostile_binary_property_lists_are_one_finding_each_never_a_crash_or_a_hang() {
    let dir = bound_folder();
    // 200,000 arrays, each inside the one before.
    let deep: Vec<Object> = (1..=200_000)
        .map(|n| Object::Array(if n < 200_000 { vec![n] } else { vec![] }))
        .collect();
    // Twenty levels of arrays naming the next level ten times: 10^20 values in 400 bytes.
    let laughs: Vec<Object> = (1..=20)
        .map(|n| Object::Array(vec![n; 10]))
        .chain([Object::Str("x")])
        .collect();
    // The list of data types holds itself.
    let cycle = manifest_with(Object::Array(vec![2]), vec![]);
    // An array that says it holds four billion values.
    let huge = manifest_with(Object::Claims(u32::MAX), vec![]);
    // One item, named 50,000 times: each a dozen values, in four bytes.
    let wide = manifest_with(
        Object::Array(vec![10; 50_000]),
        vec![item(11), Object::Array(vec![8])],
    );
    let laughs_bytes = bplist(&laughs).len();
    let laughs_expected = format!(
        "the binary property list names more than {laughs_bytes} values, over candor's limit \
         (one value per byte of the file"
    );
    let cases: [(&str, Vec<Object>, &str); 5] = [
        (
            "deep",
            deep,
            "values are nested more than 32 levels deep (at `[0][0]",
        ),
        ("laughs", laughs, &laughs_expected),
        (
            "cycle",
            cycle,
            "not a valid binary property list: an array or dictionary contains itself",
        ),
        (
            "huge",
            huge,
            "not a valid binary property list: an object or its length reaches past",
        ),
        (
            "wide",
            wide,
            "names more than 100000 values, over candor's limit",
        ),
    ];
    for (name, objects, expected) in cases {
        let bytes = bplist(&objects);
        let (code, out) = check_binary(dir.path(), &bytes, "concise");
        assert_eq!(code, 1, "{name}: {out}");
        let findings: Vec<&str> = out
            .lines()
            .filter(|l| l.starts_with("PrivacyInfo.xcprivacy:"))
            .collect();
        assert_eq!(findings.len(), 1, "{name}: {out}");
        assert!(
            findings[0].starts_with("PrivacyInfo.xcprivacy:1:1: error: ")
                && findings[0].contains(expected)
                && findings[0].ends_with("[invalid-manifest]"),
            "{name}: {out}"
        );
    }
}

#[test]
fn one_bad_value_named_many_times_in_a_binary_property_list_gives_bounded_output() {
    let dir = bound_folder();
    // The item's purposes name one unknown purpose 20,000 times.
    let objects = manifest_with(
        Object::Array(vec![10]),
        vec![item(11), Object::Array(vec![8; 20_000])],
    );
    let bytes = bplist(&objects);
    for format in ["human", "concise", "json", "sarif", "github"] {
        let (code, out) = check_binary(dir.path(), &bytes, format);
        assert_eq!(code, 1, "{format}");
        assert!(
            out.len() < 20 * bytes.len(),
            "{format}: {} bytes of output for {} of input",
            out.len(),
            bytes.len()
        );
        assert!(
            out.contains("19990 more findings like this one are not reported"),
            "{format}: {out}"
        );
        // The tenth is the last reported (the human format wraps the message).
        assert!(
            out.contains("NSPrivacyCollectedDataTypePurposes[9]`)")
                && !out.contains("NSPrivacyCollectedDataTypePurposes[10]`)"),
            "{format}: {out}"
        );
    }
}
