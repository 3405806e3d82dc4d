//! `--format sarif` validates against the official OASIS SARIF 2.1.0 schema (kept in
//! `tests/schemas/` with the OASIS licence it is published under), places files against the
//! repository root however they were named, and describes its rules and its run as code
//! scanning services want them.

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

use serde_json::Value;

/// The official schema, kept in `tests/schemas/` with its licence, so the suite needs nothing
/// outside the repository.
fn schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/sarif-schema-2.1.0.json");
    let text = std::fs::read_to_string(&path).expect("the vendored SARIF schema");
    serde_json::from_str(&text).expect("the schema is JSON")
}

fn sarif(args: &[&str]) -> Value {
    sarif_in(Path::new(env!("CARGO_MANIFEST_DIR")), args, &[])
}

/// Runs `candor check --format sarif` in `dir` with `vars` set (and no Azure Pipelines
/// variable but those).
fn sarif_in(dir: &Path, args: &[&str], vars: &[(&str, &str)]) -> Value {
    let output = run::clean()
        .args(["check", "--format", "sarif"])
        .args(args)
        .current_dir(dir)
        .env_remove("TF_BUILD")
        .envs(vars.iter().copied())
        .output()
        .expect("candor runs");
    assert!(
        output.status.code().is_some_and(|c| c < 2),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("SARIF output is JSON")
}

/// Checks `log` against the OASIS schema, when the schema is there.
fn assert_schema_valid(log: &Value) {
    let schema = schema();
    let validator = jsonschema::draft4::new(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// The `file://` URI of an absolute path made of URI-safe characters.
fn file_uri(path: &Path) -> String {
    let path = path.to_str().unwrap().replace('\\', "/");
    if path.starts_with('/') {
        format!("file://{path}")
    } else {
        format!("file:///{path}")
    }
}

/// Every artifact location of every result: the primary, then the related ones.
fn artifacts(log: &Value) -> Vec<&Value> {
    let mut out = Vec::new();
    for result in log["runs"][0]["results"].as_array().unwrap() {
        for key in ["locations", "relatedLocations"] {
            for location in result[key].as_array().into_iter().flatten() {
                out.push(&location["physicalLocation"]["artifactLocation"]);
            }
        }
    }
    out
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
    let schema = schema();
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

#[test]
fn the_columns_skip_a_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("privacy.yaml");
    std::fs::write(
        &manifest,
        "\u{feff}{product: bing, collects: [{data: é😀, category: device_usage.product_use, \
         purposes: [nope]}]}\n",
    )
    .unwrap();
    let log = sarif(&[
        "--policy",
        "policies/microsoft.candor",
        manifest.to_str().unwrap(),
    ]);
    let region = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    // 85 characters precede `nope` after the mark; the emoji is two UTF-16 units.
    assert_eq!(region["startLine"], 1);
    assert_eq!(region["startColumn"], 87);
    assert_eq!(region["endColumn"], 91);
}

#[test]
fn paths_are_relative_to_the_repository_root_from_any_folder() {
    let repo = support::with_microsoft_policy();
    let root = repo.path().canonicalize().unwrap();
    fs::create_dir_all(root.join(".git")).unwrap();
    fs::create_dir_all(root.join("svc/api")).unwrap();
    fs::write(
        root.join("svc/api/privacy.yaml"),
        "product: bing\ncollects:\n  - data: q\n    category: device_usage.product_use\n    \
         purposes: [nope, marketing]\n",
    )
    .unwrap();
    let policy = root.join("policies/microsoft.candor");
    let from_root = sarif_in(&root, &["svc"], &[]);
    // From a subfolder, the manifest named absolutely and the policy by `../..`.
    let from_subfolder = sarif_in(
        &root.join("svc/api"),
        &[
            "--policy",
            "../../policies/microsoft.candor",
            root.join("svc").to_str().unwrap(),
        ],
        &[],
    );
    let from_elsewhere = tempfile::tempdir().unwrap();
    let from_outside = sarif_in(
        from_elsewhere.path(),
        &[
            "--policy",
            policy.to_str().unwrap(),
            root.join("svc/api/privacy.yaml").to_str().unwrap(),
        ],
        &[],
    );
    for log in [&from_root, &from_subfolder, &from_outside] {
        assert_schema_valid(log);
    }
    for log in [&from_root, &from_subfolder] {
        let run = &log["runs"][0];
        assert_eq!(
            run["originalUriBaseIds"]["%SRCROOT%"]["uri"],
            format!("{}/", file_uri(&root)),
            "{run}"
        );
        let uris: Vec<&str> = artifacts(log)
            .iter()
            .map(|a| {
                assert_eq!(a["uriBaseId"], "%SRCROOT%", "{a}");
                a["uri"].as_str().unwrap()
            })
            .collect();
        assert!(uris.contains(&"svc/api/privacy.yaml"), "{uris:?}");
        assert!(uris.contains(&"policies/microsoft.candor"), "{uris:?}");
        assert!(
            uris.iter()
                .all(|u| !u.starts_with('/') && !u.contains("..")),
            "{uris:?}"
        );
    }
    // The same results either way.
    assert_eq!(
        from_root["runs"][0]["results"],
        from_subfolder["runs"][0]["results"]
    );
    // Run from outside the repository, its files are outside the root: absolute, no base.
    for artifact in artifacts(&from_outside) {
        assert!(artifact.get("uriBaseId").is_none(), "{artifact}");
        let uri = artifact["uri"].as_str().unwrap();
        assert!(uri.starts_with(&file_uri(&root)), "{uri}");
    }
    assert!(
        artifacts(&from_outside)
            .iter()
            .any(|a| a["uri"] == file_uri(&root.join("svc/api/privacy.yaml")))
    );
}

#[test]
fn rules_and_run_describe_themselves() {
    let log = sarif(&["examples/violations"]);
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(
        driver["fullName"],
        format!("candor {}", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(run["automationDetails"]["id"], "candor/");
    assert!(run["automationDetails"].get("properties").is_none());
    let homepage = env!("CARGO_PKG_HOMEPAGE");
    for (rule, code) in driver["rules"]
        .as_array()
        .unwrap()
        .iter()
        .zip(candor::Code::ALL)
    {
        let id = code.name();
        assert_eq!(rule["id"], id);
        let name = rule["name"].as_str().unwrap();
        assert!(name.chars().all(|c| c.is_ascii_alphanumeric()), "{name}");
        assert!(name.starts_with(|c: char| c.is_ascii_uppercase()), "{name}");
        // PascalCase of the id, and never equal to it ignoring case (SARIF1001).
        assert!(
            name.to_ascii_lowercase().ends_with(&id.replace('-', "")),
            "{name}"
        );
        assert!(!name.eq_ignore_ascii_case(id), "{name}");
        // The help page is the code's explanation file, which must exist at that path.
        let help = rule["helpUri"].as_str().unwrap();
        let path = help
            .strip_prefix(&format!("{homepage}/blob/main/"))
            .unwrap_or_else(|| panic!("{help}"));
        assert_eq!(path, format!("src/codes/{id}.md"));
        assert!(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(path).is_file(),
            "{help}"
        );
    }
    assert_eq!(
        driver["rules"][0]["name"], "UndeclaredCollection",
        "{}",
        driver["rules"][0]
    );
}

#[test]
fn an_azure_pipelines_job_names_itself_in_automation_details() {
    let job = [
        ("TF_BUILD", "True"),
        ("SYSTEM_COLLECTIONURI", "https://dev.azure.com/contoso/"),
        (
            "SYSTEM_TEAMPROJECTID",
            "6F1C2D3E-4A5B-4C6D-8E7F-9A0B1C2D3E4F",
        ),
        ("BUILD_DEFINITIONID", "12"),
        ("BUILD_DEFINITIONNAME", "privacy"),
        ("BUILD_BUILDID", "345"),
        ("SYSTEM_PHASEID", "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"),
        ("SYSTEM_PHASENAME", "check"),
        ("BUILD_SOURCEBRANCH", "refs/heads/main"),
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let log = sarif_in(root, &["examples/violations"], &job);
    let details = &log["runs"][0]["automationDetails"];
    assert_eq!(
        details["id"],
        "azuredevops/pipeline/build/contoso/6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f/12/\
         0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/refs/heads/main/345"
    );
    let properties = &details["properties"];
    assert_eq!(
        properties["azuredevops/pipeline/build/buildDefinitionId"],
        "12"
    );
    assert_eq!(
        properties["azuredevops/pipeline/build/buildDefinitionName"],
        "privacy"
    );
    assert_eq!(
        properties["azuredevops/pipeline/build/phaseId"],
        "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
    );
    assert_eq!(properties["azuredevops/pipeline/build/phaseName"], "check");
    assert_schema_valid(&log);
    // A job missing a variable is not named half-way.
    let partial: Vec<_> = job
        .iter()
        .copied()
        .filter(|(k, _)| *k != "BUILD_BUILDID")
        .collect();
    let log = sarif_in(root, &["examples/violations"], &partial);
    assert_eq!(log["runs"][0]["automationDetails"]["id"], "candor/");
}
