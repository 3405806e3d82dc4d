//! Apple property lists in every encoding Apple reads, through the built binary: each example
//! app's privacy manifest and each fixture of `tests/platform/` is copied as a binary property
//! list (`bplist00`, written from the XML with the `plist` crate, so no binary fixture can fall
//! behind its XML) and as UTF-16 in both byte orders, with and without a byte order mark. Each
//! copy gives the findings of the XML file: the UTF-16 ones at the same lines and columns, the
//! binary ones at line 1, column 1, each naming its key path. Bad UTF-16 is a finding at the
//! place it goes bad, and `--fix` never writes into a binary or UTF-16 file.

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

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every `*.xcprivacy` under `folder` of the repository, relative to it, sorted.
fn property_lists(folder: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![repo().join(folder)];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "xcprivacy") {
                found.push(path.strip_prefix(repo()).unwrap().to_path_buf());
            }
        }
    }
    found.sort();
    found
}

/// The XML property list `xml` written as a binary one, or `None` when it is not a property
/// list the `plist` crate reads.
fn binary(xml: &[u8]) -> Option<Vec<u8>> {
    let value = plist::Value::from_reader_xml(xml).ok()?;
    let mut out = Vec::new();
    value.to_writer_binary(&mut out).ok()?;
    Some(out)
}

/// `text` in UTF-16, declared as such, in either byte order, with or without a byte order
/// mark.
fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let text = text.replacen("encoding=\"UTF-8\"", "encoding=\"UTF-16\"", 1);
    let mut bytes = Vec::new();
    for unit in bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16()) {
        bytes.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    bytes
}

/// The UTF-16 copies: the folder each goes in, and how it is written.
const UTF16: [(&str, bool, bool); 4] = [
    ("utf16le-bom", false, true),
    ("utf16le", false, false),
    ("utf16be-bom", true, true),
    ("utf16be", true, false),
];

/// One finding as the JSON report gives it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Finding {
    code: String,
    line: u64,
    column: u64,
    message: String,
}

/// Runs `candor check --format json .` in `dir`: the findings of each file, sorted.
fn findings(dir: &Path) -> BTreeMap<String, Vec<Finding>> {
    let out = run::candor(dir, &["check", "--format", "json", "."]);
    assert!(out.status == 0 || out.status == 1, "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let mut by_file: BTreeMap<String, Vec<Finding>> = BTreeMap::new();
    for d in doc["diagnostics"].as_array().unwrap() {
        by_file
            .entry(d["file"].as_str().unwrap().to_owned())
            .or_default()
            .push(Finding {
                code: d["code"].as_str().unwrap().to_owned(),
                line: d["line"].as_u64().unwrap(),
                column: d["column"].as_u64().unwrap(),
                message: d["message"].as_str().unwrap().to_owned(),
            });
    }
    for found in by_file.values_mut() {
        found.sort();
    }
    by_file
}

/// `name` in the copy folder `copy` beside it.
fn copy_of(name: &Path, copy: &str) -> String {
    let parent = name.parent().unwrap();
    let file = name.file_name().unwrap();
    parent.join(copy).join(file).to_string_lossy().into_owned()
}

#[test]
fn every_encoding_gives_the_findings_of_the_xml_file() {
    let dir = support::with_microsoft_policy();
    let root = dir.path();
    let config = fs::read_to_string(repo().join("candor.yaml")).unwrap();
    fs::write(
        root.join("candor.yaml"),
        format!("{config}  - path: \"tests/platform/**\"\n    product: msn_weather\n"),
    )
    .unwrap();
    let mut originals = property_lists("examples");
    originals.extend(property_lists("tests/platform"));
    assert!(originals.len() >= 12, "{originals:?}");
    let mut not_property_lists = Vec::new();
    for name in &originals {
        let xml = fs::read(repo().join(name)).unwrap();
        let write = |copy: &str, bytes: &[u8]| {
            let path = root.join(copy_of(name, copy));
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, bytes).unwrap();
        };
        write("xml", &xml);
        let text = String::from_utf8(xml.clone()).unwrap();
        for (copy, big_endian, bom) in UTF16 {
            write(copy, &utf16(&text, big_endian, bom));
        }
        match binary(&xml) {
            Some(bytes) => write("binary", &bytes),
            None => not_property_lists.push(name.to_string_lossy().into_owned()),
        }
    }
    // Only the broken fixture is no property list at all: the rest have binary copies.
    assert_eq!(not_property_lists, ["tests/platform/malformed.xcprivacy"]);
    let found = findings(root);
    let empty = Vec::new();
    let mut compared = 0;
    for name in &originals {
        let xml = found.get(&copy_of(name, "xml")).unwrap_or(&empty);
        for (copy, _, _) in UTF16 {
            let copied = found.get(&copy_of(name, copy)).unwrap_or(&empty);
            assert_eq!(copied, xml, "{copy} copy of {}", name.display());
        }
        if not_property_lists.contains(&name.to_string_lossy().into_owned()) {
            continue;
        }
        let binary = found.get(&copy_of(name, "binary")).unwrap_or(&empty);
        let codes = |f: &[Finding]| {
            let mut codes: Vec<String> = f.iter().map(|f| f.code.clone()).collect();
            codes.sort();
            codes
        };
        assert_eq!(
            codes(binary),
            codes(xml),
            "binary copy of {}",
            name.display()
        );
        assert!(
            binary.iter().all(|f| (f.line, f.column) == (1, 1)),
            "{binary:#?}"
        );
        // A finding about a value names its key path; only one about the whole file (at its
        // start in the XML too) does not.
        let at_values = xml.iter().filter(|f| (f.line, f.column) != (1, 1)).count();
        let named = binary
            .iter()
            .filter(|f| f.message.contains(" (at "))
            .count();
        assert_eq!(named, at_values, "{binary:#?}");
        compared += 1;
    }
    assert_eq!(compared, originals.len() - 1);
    // The copies do find things: the violations and the broken fixtures.
    let ios = Path::new("examples/violations/apps/weather-ios/PrivacyInfo.xcprivacy");
    let binary = &found[&copy_of(ios, "binary")];
    assert!(
        binary.iter().any(|f| f.code == "undeclared-purpose"
            && f.message.ends_with(
                "(at `NSPrivacyCollectedDataTypes[0].NSPrivacyCollectedDataTypePurposes[1]`)"
            )),
        "{binary:#?}"
    );
    let xml = &found[&copy_of(ios, "xml")];
    assert!(
        xml.iter()
            .any(|f| (f.code.as_str(), f.line, f.column) == ("undeclared-purpose", 23, 13))
    );
}

#[test]
fn bad_utf16_is_a_finding_where_it_goes_bad() {
    let dir = support::with_microsoft_policy();
    let root = dir.path();
    let text = fs::read_to_string(
        repo().join("examples/violations/apps/weather-ios/PrivacyInfo.xcprivacy"),
    )
    .unwrap();
    let good = utf16(&text, false, true);
    let mut odd = good.clone();
    odd.push(b'x');
    // A lone high surrogate just before the first `<key>`, on line 7 after its tab.
    let key = utf16("<key>", false, false);
    let at = good.windows(key.len()).position(|w| w == key).unwrap();
    let lone = [&good[..at], &[0x00, 0xD8], &good[at..]].concat();
    fs::create_dir_all(root.join("odd")).unwrap();
    fs::create_dir_all(root.join("lone")).unwrap();
    fs::write(root.join("odd/PrivacyInfo.xcprivacy"), &odd).unwrap();
    fs::write(root.join("lone/PrivacyInfo.xcprivacy"), &lone).unwrap();
    let out = run::candor(root, &["check", "--format", "concise", "."]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    let last_line = text.lines().count() + 1;
    let expected = [
        format!(
            "lone/PrivacyInfo.xcprivacy:7:2: error: cannot read `lone/PrivacyInfo.xcprivacy`: the \
             file is not valid UTF-16 (little-endian): bytes {at} and {} hold a surrogate without \
             its pair (0xD800) [invalid-manifest]",
            at + 1
        ),
        format!(
            "odd/PrivacyInfo.xcprivacy:{last_line}:1: error: cannot read \
             `odd/PrivacyInfo.xcprivacy`: the file is not valid UTF-16 (little-endian): it has an \
             odd number of bytes ({}): the last byte is half a character [invalid-manifest]",
            odd.len()
        ),
    ];
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines, expected, "{}", out.stdout);
    // The text before the bad bytes is shown, never the bytes themselves.
    let human = run::candor(root, &["check", "lone"]);
    assert!(human.stdout.contains(" 6 │ <dict>"), "{}", human.stdout);
}

/// The XML privacy manifest of `tests/fix.rs`, with a misspelt data type "did you mean" fixes.
const MISSPELT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
    <key>NSPrivacyCollectedDataTypes</key>
    <array>
        <dict>
            <key>NSPrivacyCollectedDataType</key>
            <string>NSPrivacyCollectedDataTypeEmailAdress</string>
            <key>NSPrivacyCollectedDataTypeLinked</key>
            <true/>
            <key>NSPrivacyCollectedDataTypeTracking</key>
            <false/>
            <key>NSPrivacyCollectedDataTypePurposes</key>
            <array>
                <string>NSPrivacyCollectedDataTypePurposeAppFunctionality</string>
            </array>
        </dict>
    </array>
</dict>
</plist>
"#;

#[test]
fn fix_never_writes_a_binary_or_utf16_property_list() {
    let dir = support::with_microsoft_policy();
    let root = dir.path();
    fs::write(
        root.join("candor.yaml"),
        "products:\n  - path: \"ios/**\"\n    product: msn_weather\n",
    )
    .unwrap();
    let files: [(&str, Vec<u8>); 3] = [
        (
            "ios/xml/PrivacyInfo.xcprivacy",
            MISSPELT.as_bytes().to_vec(),
        ),
        (
            "ios/utf16/PrivacyInfo.xcprivacy",
            utf16(MISSPELT, true, true),
        ),
        (
            "ios/binary/PrivacyInfo.xcprivacy",
            binary(MISSPELT.as_bytes()).unwrap(),
        ),
    ];
    for (name, bytes) in &files {
        fs::create_dir_all(root.join(name).parent().unwrap()).unwrap();
        fs::write(root.join(name), bytes).unwrap();
    }
    // The binary file's finding offers no fix; the UTF-16 one's does, at its line and column.
    let json = run::candor(root, &["check", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let fixes: BTreeMap<String, serde_json::Value> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unknown-platform-id")
        .map(|d| (d["file"].as_str().unwrap().to_owned(), d["fix"].clone()))
        .collect();
    let at_line_8 = serde_json::json!({"line": 8, "column": 21, "end_line": 8, "end_column": 58,
                                       "replacement": "NSPrivacyCollectedDataTypeEmailAddress"});
    assert_eq!(fixes["ios/xml/PrivacyInfo.xcprivacy"], at_line_8);
    assert_eq!(fixes["ios/utf16/PrivacyInfo.xcprivacy"], at_line_8);
    assert_eq!(
        fixes["ios/binary/PrivacyInfo.xcprivacy"],
        serde_json::Value::Null
    );
    let out = run::candor(root, &["check", "--fix", "--format", "concise"]);
    assert!(
        out.stderr.contains(
            "`ios/utf16/PrivacyInfo.xcprivacy` was not fixed: it is a UTF-16 (big-endian) \
             property list, and candor writes fixes only into UTF-8 files"
        ) && out
            .stderr
            .contains("fixed: `ios/xml/PrivacyInfo.xcprivacy` (1 fix)")
            && out.stderr.contains("applied 1 fix in 1 file"),
        "{}",
        out.stderr
    );
    assert_eq!(
        fs::read_to_string(root.join("ios/xml/PrivacyInfo.xcprivacy")).unwrap(),
        MISSPELT.replace("EmailAdress", "EmailAddress")
    );
    for (name, bytes) in &files[1..] {
        assert_eq!(
            &fs::read(root.join(name)).unwrap(),
            bytes,
            "{name} is untouched"
        );
    }
    // Both are still reported, the binary one at its key path.
    assert!(
        out.stdout.contains(
            "ios/binary/PrivacyInfo.xcprivacy:1:1: error: `NSPrivacyCollectedDataTypeEmailAdress` \
             is not an Apple collected data type (at \
             `NSPrivacyCollectedDataTypes[0].NSPrivacyCollectedDataType`) [unknown-platform-id]"
        ) && out
            .stdout
            .contains("ios/utf16/PrivacyInfo.xcprivacy:8:21: error:"),
        "{}",
        out.stdout
    );
}
