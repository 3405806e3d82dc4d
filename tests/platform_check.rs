//! Store declarations through the built binary: the example apps, a violation at the exact
//! `<string>` and CSV cell, an unbound file, an invented CSV format, and the real-world shapes
//! of `tests/platform/` bound to a product, all read with no load error; an empty purpose, an
//! empty item and a repeated key cost only themselves, and a repeated key's last value is judged.

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
use std::path::Path;

fn candor(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = run::clean().args(args).current_dir(dir).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_example_apps_check_clean_and_their_violations_point_at_the_id() {
    let (code, out) = candor(repo(), &["check", "--format", "concise", "examples/apps"]);
    assert_eq!((code, out.as_str()), (0, ""), "{out}");
    let (code, out) = candor(
        repo(),
        &["check", "--format", "concise", "examples/violations/apps"],
    );
    assert_eq!(code, 1, "{out}");
    // Line 23 of the plist is the `<string>` of the advertising purpose; row 11 of the CSV is
    // the advertising purpose's row, column 66 its response cell.
    let ios = "examples/violations/apps/weather-ios/PrivacyInfo.xcprivacy:23:13: error:";
    let play = "examples/violations/apps/weather-android/data_safety.csv:11:66: error:";
    for prefix in [ios, play] {
        assert!(
            out.lines()
                .any(|l| l.starts_with(prefix) && l.ends_with("[undeclared-purpose]")),
            "{prefix}\n{out}"
        );
    }
    let plist = fs::read_to_string(
        repo().join("examples/violations/apps/weather-ios/PrivacyInfo.xcprivacy"),
    )
    .unwrap();
    assert!(
        plist
            .lines()
            .nth(22)
            .unwrap()
            .contains("NSPrivacyCollectedDataTypePurposeThirdPartyAdvertising")
    );
}

#[test]
fn an_unbound_file_and_an_invented_format_are_reported() {
    let (code, out) = candor(
        repo(),
        &[
            "check",
            "--format",
            "concise",
            "examples/violations/unbound-app",
        ],
    );
    assert_eq!(code, 0, "a warning: {out}");
    assert!(
        out.contains("PrivacyInfo.xcprivacy:1:1: warning:")
            && out.contains("[unbound-declaration]"),
        "{out}"
    );
    let dir = support::with_microsoft_policy();
    fs::write(
        dir.path().join("candor.yaml"),
        "products:\n  - path: \"**\"\n    product: msn_weather\n",
    )
    .unwrap();
    fs::copy(
        repo().join("tests/platform/invented-format.data_safety.csv"),
        dir.path().join("data_safety.csv"),
    )
    .unwrap();
    let (code, out) = candor(dir.path(), &["check", "--format", "concise", "."]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.starts_with("data_safety.csv:1:1: error:") && out.contains("[invalid-manifest]"),
        "{out}"
    );
}

#[test]
fn store_files_in_the_shape_of_real_sdks_load_when_bound() {
    let dir = support::with_microsoft_policy();
    fs::write(
        dir.path().join("candor.yaml"),
        "products:\n  - path: \"sdks/**\"\n    product: bing\n",
    )
    .unwrap();
    let mut files = 0;
    for entry in fs::read_dir(repo().join("tests/platform")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let valid = [
            "crash-reporter",
            "ad-sdk",
            "networking",
            "analytics",
            "location",
            "reordered",
            "english",
        ];
        if !valid.iter().any(|v| name.starts_with(v)) {
            continue;
        }
        let target = if name.ends_with(".xcprivacy") {
            dir.path()
                .join("sdks")
                .join(name.trim_end_matches(".xcprivacy"))
                .join("PrivacyInfo.xcprivacy")
        } else {
            dir.path().join("sdks").join(&name)
        };
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::copy(&path, &target).unwrap();
        files += 1;
    }
    assert!(files >= 6, "{files}");
    let (_, out) = candor(dir.path(), &["check", "--format", "json", "sdks"]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["summary"]["manifests"], files);
    for d in report["diagnostics"].as_array().unwrap() {
        assert!(
            !["invalid-manifest", "unknown-platform-id", "io-error"]
                .contains(&d["code"].as_str().unwrap()),
            "a load error: {d}"
        );
    }
}

/// A privacy manifest whose `NSPrivacyCollectedDataTypes` are `items`.
fn manifest(items: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<dict>\n\
         <key>NSPrivacyCollectedDataTypes</key>\n<array>\n{items}</array>\n</dict>\n</plist>\n"
    )
}

#[test]
fn an_empty_purpose_an_empty_item_and_a_repeated_key_each_cost_only_themselves() {
    let dir = support::with_microsoft_policy();
    fs::write(
        dir.path().join("candor.yaml"),
        "products:\n  - path: \"**\"\n    product: msn_weather\n",
    )
    .unwrap();
    let email = "<key>NSPrivacyCollectedDataType</key>\n\
                 <string>NSPrivacyCollectedDataTypeEmailAddress</string>\n";
    let flags = "<key>NSPrivacyCollectedDataTypeLinked</key>\n<true/>\n\
                 <key>NSPrivacyCollectedDataTypeTracking</key>\n<false/>\n";
    let items = format!(
        // An item with an empty purpose beside one the policy does not allow, an empty item,
        // and an item that gives its data type twice.
        "<dict>\n{email}{flags}<key>NSPrivacyCollectedDataTypePurposes</key>\n<array>\n\
         <string></string>\n\
         <string>NSPrivacyCollectedDataTypePurposeThirdPartyAdvertising</string>\n\
         </array>\n</dict>\n\
         <dict/>\n\
         <dict>\n{email}{flags}<key>NSPrivacyCollectedDataTypePurposes</key>\n<array>\n\
         <string>NSPrivacyCollectedDataTypePurposeAppFunctionality</string>\n</array>\n\
         <key>NSPrivacyCollectedDataType</key>\n\
         <string>NSPrivacyCollectedDataTypePreciseLocation</string>\n</dict>\n"
    );
    fs::write(dir.path().join("PrivacyInfo.xcprivacy"), manifest(&items)).unwrap();
    let (code, out) = candor(dir.path(), &["check", "--format", "concise", "."]);
    assert_eq!(code, 1, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "PrivacyInfo.xcprivacy:15:1: error: an empty purpose in \
             `NSPrivacyCollectedDataTypePurposes` [invalid-manifest]",
            "PrivacyInfo.xcprivacy:16:9: error: `msn_weather` uses `contact.email` for \
             `advertising`, which the policy does not declare [undeclared-purpose]",
            "PrivacyInfo.xcprivacy:19:1: error: an empty collected data type: it needs \
             `NSPrivacyCollectedDataType`, `NSPrivacyCollectedDataTypeLinked`, \
             `NSPrivacyCollectedDataTypeTracking` and `NSPrivacyCollectedDataTypePurposes` \
             [invalid-manifest]",
            "PrivacyInfo.xcprivacy:31:6: error: `NSPrivacyCollectedDataType` is given twice in a \
             collected data type [invalid-manifest]",
            // The second data type of the last item is the one read: precise location, which
            // the weather app may collect only with the location condition.
            "PrivacyInfo.xcprivacy:32:9: error: `location.precise` for `provide` requires \
             `location_enabled`, which the entry does not list [missing-condition]",
        ],
        "{out}"
    );
    let (_, human) = candor(dir.path(), &["check", "."]);
    assert!(
        human.contains("first given here: this value is not read")
            && human.contains("help: write one of Apple's purpose ids"),
        "{human}"
    );
}
