//! `--format sarif` validates against the official OASIS SARIF 2.1.0 schema, read from
//! `../shared/schemas/` (never copied into this repository).

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn schema() -> Option<Value> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/sarif-schema-2.1.0.json");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(serde_json::from_str(&text).expect("the schema is JSON")),
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "the SARIF schema is missing at {} ({e}); CI must have ../shared beside the checkout",
                path.display()
            );
            eprintln!(
                "SKIPPED: SARIF schema validation: {} not found ({e}); put the shared folder \
                 beside the checkout to run it",
                path.display()
            );
            None
        }
    }
}

fn sarif(args: &[&str]) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_candor"))
        .args(["check", "--format", "sarif"])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("candor runs");
    serde_json::from_slice(&output.stdout).expect("SARIF output is JSON")
}

#[test]
fn violations_validate_against_the_oasis_schema() {
    let log = sarif(&["examples/violations", "tests/cases/invalid-manifest"]);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() >= 15, "{}", results.len());
    let rules: Vec<&str> = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(rules.len(), candor::Code::ALL.len());
    for result in results {
        let rule = result["ruleId"].as_str().unwrap();
        assert!(rules.contains(&rule), "{rule} has no rule");
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index], rule);
        let region = &result["locations"][0]["physicalLocation"]["region"];
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(region[key].as_u64().unwrap() >= 1, "{key} in {result}");
        }
    }
    let Some(schema) = schema() else { return };
    let validator = jsonschema::draft4::new(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator does judge: a result with a level SARIF does not have is refused.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("advice");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn regions_count_utf16_code_units() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("privacy.yaml");
    // `😀` is two UTF-16 code units: `nope` starts at character 19, unit 20.
    std::fs::write(
        &manifest,
        "product: bing # 😀\ncollects:\n  - data: q\n    category: device_usage.product_use\n    purposes: [😀, nope]\n",
    )
    .unwrap();
    let log = sarif(&[manifest.to_str().unwrap()]);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let nope = results
        .iter()
        .find(|r| r["message"]["text"].as_str().unwrap().contains("`nope`"))
        .unwrap();
    let region = &nope["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 5);
    assert_eq!(region["startColumn"], 20);
    assert_eq!(region["endColumn"], 24);
    assert_eq!(log["runs"][0]["columnKind"], "utf16CodeUnits");
}
