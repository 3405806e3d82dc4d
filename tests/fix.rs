//! `candor check --fix` through the built binary: a misspelt id with one "did you mean" is
//! replaced in manifests and store files, never in a policy; what changed is said on standard
//! error; the report and exit status are those of a check after the fix. The fixes also appear
//! as JSON's `fix` and SARIF's `fixes[]`.

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

const MANIFEST: &str = "\
product: bing
collects:
  - data: recorded clips
    category: content.vido_messages
    purposes: [provide]
  - data: sign-up address
    category: \"contactfemail\"
    purposes: [provide]
";

const APPLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
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
fn one_edit_typos_suggest_the_id_they_miss_and_json_carries_the_fix() {
    let dir = support::with_microsoft_policy();
    fs::write(dir.path().join("privacy.yaml"), MANIFEST).unwrap();
    let out = run::candor(dir.path(), &["check", "--format", "json"]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let found: Vec<(String, serde_json::Value)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unknown-category")
        .map(|d| (d["help"].as_str().unwrap().to_owned(), d["fix"].clone()))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "did you mean `content.video_messages`?".to_owned(),
                serde_json::json!({"line": 4, "column": 15, "end_line": 4, "end_column": 36,
                                   "replacement": "content.video_messages"})
            ),
            (
                "did you mean `contact.email`?".to_owned(),
                // Inside the quotes: the quotes stay.
                serde_json::json!({"line": 7, "column": 16, "end_line": 7, "end_column": 29,
                                   "replacement": "contact.email"})
            ),
        ]
    );
}

#[test]
fn fix_rewrites_manifests_and_store_files_and_reports_as_the_check_after_it() {
    let dir = support::with_microsoft_policy();
    fs::write(dir.path().join("privacy.yaml"), MANIFEST).unwrap();
    fs::create_dir_all(dir.path().join("ios")).unwrap();
    fs::write(dir.path().join("ios/PrivacyInfo.xcprivacy"), APPLE).unwrap();
    fs::write(
        dir.path().join("candor.yaml"),
        "products:\n  - path: \"ios/**\"\n    product: msn_weather\n",
    )
    .unwrap();
    let out = run::candor(dir.path(), &["check", "--fix", "--format", "concise"]);
    assert!(
        out.stderr.contains("fixed: `privacy.yaml` (2 fixes)")
            && out
                .stderr
                .contains("fixed: `ios/PrivacyInfo.xcprivacy` (1 fix)")
            && out.stderr.contains("applied 3 fixes in 2 files"),
        "{}",
        out.stderr
    );
    let manifest = fs::read_to_string(dir.path().join("privacy.yaml")).unwrap();
    assert_eq!(
        manifest,
        MANIFEST
            .replace("content.vido_messages", "content.video_messages")
            .replace("contactfemail", "contact.email")
    );
    let apple = fs::read_to_string(dir.path().join("ios/PrivacyInfo.xcprivacy")).unwrap();
    assert_eq!(apple, APPLE.replace("EmailAdress", "EmailAddress"));
    // The report is the check after the fix: no unknown id is left.
    assert!(
        !out.stdout.contains("unknown-category") && !out.stdout.contains("unknown-platform-id"),
        "{}",
        out.stdout
    );
    let again = run::candor(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(out.stdout, again.stdout);
    assert_eq!(out.status, again.status);
    // Nothing is left to fix.
    let third = run::candor(dir.path(), &["check", "--fix", "--format", "concise"]);
    assert!(
        third.stderr.contains("applied 0 fixes in 0 files"),
        "{}",
        third.stderr
    );
}

#[test]
fn fix_never_touches_a_policy_file() {
    let dir = tempfile::tempdir().unwrap();
    let policy = "\
category contact \"ways to reach a person\" {
    email \"email address\"
}
purpose provide \"run the product\"
source direct \"given by the person\"
product app \"the app\" {
    collect contact.emial for provide
}
";
    fs::create_dir_all(dir.path().join("policies")).unwrap();
    fs::write(dir.path().join("policies/app.candor"), policy).unwrap();
    let out = run::candor(dir.path(), &["check", "--fix", "--format", "json"]);
    assert_eq!(
        fs::read_to_string(dir.path().join("policies/app.candor")).unwrap(),
        policy
    );
    assert!(out.stderr.contains("applied 0 fixes"), "{}", out.stderr);
    assert_eq!(out.status, 1, "{}", out.stdout);
}

#[test]
fn sarif_carries_the_fix_as_a_replacement() {
    let dir = support::with_microsoft_policy();
    fs::write(dir.path().join("privacy.yaml"), MANIFEST).unwrap();
    let out = run::candor(dir.path(), &["check", "--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let fixed: Vec<&serde_json::Value> = results
        .iter()
        .filter(|r| r["ruleId"] == "unknown-category")
        .map(|r| &r["fixes"][0]["artifactChanges"][0])
        .collect();
    assert_eq!(fixed.len(), 2);
    assert_eq!(fixed[0]["artifactLocation"]["uri"], "privacy.yaml");
    assert_eq!(
        fixed[0]["replacements"][0],
        serde_json::json!({
            "deletedRegion": {"startLine": 4, "startColumn": 15, "endLine": 4, "endColumn": 36},
            "insertedContent": {"text": "content.video_messages"}
        })
    );
}

#[test]
fn fix_repairs_a_binding_in_candor_yaml() {
    let dir = support::with_microsoft_policy();
    fs::create_dir_all(dir.path().join("ios")).unwrap();
    fs::write(
        dir.path().join("ios/PrivacyInfo.xcprivacy"),
        APPLE.replace("EmailAdress", "EmailAddress"),
    )
    .unwrap();
    let config = "products:\n  - path: \"ios/**\"\n    product: msn_wether\n    conditions: [locaton_enabled]\n";
    fs::write(dir.path().join("candor.yaml"), config).unwrap();
    // A manifest whose findings come after candor.yaml's: its fixes must still find it.
    fs::write(dir.path().join("privacy.yaml"), MANIFEST).unwrap();
    let before = run::candor(dir.path(), &["check", "--format", "concise"]);
    assert!(
        before
            .stdout
            .contains("candor.yaml:3:14: error: product `msn_wether`")
            && before
                .stdout
                .contains("candor.yaml:4:18: error: condition `locaton_enabled`"),
        "{}",
        before.stdout
    );
    let out = run::candor(dir.path(), &["check", "--fix", "--format", "concise"]);
    assert!(
        out.stderr.contains("fixed: `candor.yaml` (2 fixes)")
            && out.stderr.contains("fixed: `privacy.yaml` (2 fixes)")
            && out.stderr.contains("applied 4 fixes in 2 files"),
        "{}",
        out.stderr
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("candor.yaml")).unwrap(),
        config
            .replace("msn_wether", "msn_weather")
            .replace("locaton_enabled", "location_enabled")
    );
    assert!(!out.stdout.contains("candor.yaml:"), "{}", out.stdout);
}
