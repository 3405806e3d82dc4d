//! The one judgement (`candor::rules::judge`): what it decides, that every finding is made
//! once, and that store files and policy lint read the policy as manifests are read. Through
//! the built binary where a user meets it, in process where a count must be taken before the
//! report's own deduplication.

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

use candor::SourceMap;
use candor::platform::Platform;
use candor::rules::platform::Bound;

fn candor(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = run::clean()
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn json(dir: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["check", "--format", "json"];
    all.extend(args);
    let (_, out) = candor(dir, &all);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    doc["diagnostics"].as_array().unwrap().clone()
}

#[test]
fn a_never_rule_covers_an_entry_broader_in_purpose() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("p.candor"),
        "category contact \"c\" { email \"e\" }\npurpose ads \"a\" { targeted \"t\" }\n\
         purpose provide \"p\"\nsource direct \"d\"\n\
         product app \"a\" { collect contact.email for provide from direct }\n\
         never contact.email for ads.targeted\n",
    )
    .unwrap();
    fs::write(
        root.join("privacy.yaml"),
        "product: app\ncollects:\n  - data: e\n    category: contact.email\n    purposes: [ads]\n",
    )
    .unwrap();
    let found = json(root, &["--policy", "p.candor"]);
    let codes: Vec<&str> = found.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["forbidden-use"], "{found:#?}");
    assert_eq!(
        (found[0]["line"].as_u64(), found[0]["column"].as_u64()),
        (Some(5), Some(16))
    );
}

#[test]
fn an_undeclared_purpose_names_every_grant_of_the_category() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("p.candor"),
        "category account \"a\" { email \"e\" }\npurpose provide \"p\"\npurpose billing \"b\"\n\
         purpose marketing \"m\"\npurpose support \"s\"\nsource direct \"d\"\n\
         condition consent \"c\"\n\
         default {\n    collect account.email for provide from direct\n    \
         collect account.email for marketing from direct when consent\n}\n\
         product shop \"s\" {\n    collect account.email for billing from direct\n}\n",
    )
    .unwrap();
    fs::write(
        root.join("privacy.yaml"),
        "product: shop\ncollects:\n  - data: e\n    category: account.email\n    purposes: [support]\n",
    )
    .unwrap();
    let found = json(
        root,
        &["--policy", "p.candor", "--allow", "unused-definition"],
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["code"], "undeclared-purpose");
    let notes: Vec<(u64, &str)> = found[0]["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["line"].as_u64().unwrap(), r["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        notes,
        [
            (9, "granted for `provide` here"),
            (10, "granted for `marketing` here"),
            (13, "granted for `billing` here"),
        ]
    );
}

/// The Microsoft policy in a folder with a store file bound to `msn_weather`.
fn bound_store(name: &str, text: &str) -> tempfile::TempDir {
    let dir = support::with_microsoft_policy();
    fs::write(
        dir.path().join("candor.yaml"),
        "policy: policies/microsoft.candor\nproducts:\n  - path: \"*\"\n    product: msn_weather\n",
    )
    .unwrap();
    fs::write(dir.path().join(name), text).unwrap();
    dir
}

const APPLE_CONTACTS_TWICE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
	<key>NSPrivacyCollectedDataTypes</key>
	<array>
		<dict>
			<key>NSPrivacyCollectedDataType</key>
			<string>NSPrivacyCollectedDataTypeContacts</string>
			<key>NSPrivacyCollectedDataTypeLinked</key>
			<false/>
			<key>NSPrivacyCollectedDataTypeTracking</key>
			<false/>
			<key>NSPrivacyCollectedDataTypePurposes</key>
			<array>
				<string>NSPrivacyCollectedDataTypePurposeAppFunctionality</string>
				<string>NSPrivacyCollectedDataTypePurposeAnalytics</string>
			</array>
		</dict>
	</array>
</dict>
</plist>
"#;

#[test]
fn a_store_data_type_with_two_purposes_gets_one_entry_finding() {
    let dir = bound_store("PrivacyInfo.xcprivacy", APPLE_CONTACTS_TWICE);
    let (code, out) = candor(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "PrivacyInfo.xcprivacy:8:12: error: `msn_weather` collects `relationships`, which the policy does not declare [undeclared-collection]"
        ],
        "one finding for the data type, not one per purpose"
    );
}

#[test]
fn a_source_finding_in_a_store_file_shows_the_map_line_that_caused_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("p.candor"),
        "category health \"h\" { workouts \"w\" }\npurpose provide \"p\"\n\
         source direct \"d\"\nsource sensors \"s\"\n\
         product tracker \"t\" { collect health.workouts for provide from sensors }\n\
         map apple {\n    data Fitness as health.workouts\n    purpose AppFunctionality as provide\n}\n",
    )
    .unwrap();
    fs::write(
        root.join("candor.yaml"),
        "policy: p.candor\nproducts:\n  - path: \"*\"\n    product: tracker\n",
    )
    .unwrap();
    let plist = APPLE_CONTACTS_TWICE.replace("Contacts", "Fitness").replace(
        "\t\t\t\t<string>NSPrivacyCollectedDataTypePurposeAnalytics</string>\n",
        "",
    );
    fs::write(root.join("PrivacyInfo.xcprivacy"), plist).unwrap();
    let found = json(root, &["--allow", "unused-definition"]);
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    assert_eq!(d["code"], "undeclared-source");
    let related = d["related"].as_array().unwrap();
    assert!(
        related.iter().any(|r| r["file"] == "p.candor"
            && r["line"] == 7
            && r["message"] == "this line reads `NSPrivacyCollectedDataTypeFitness` as collected from `direct`"),
        "the map line is related: {d:#}"
    );
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .contains("`data Fitness as ... from SOURCE`"),
        "{d:#}"
    );
}

#[test]
fn real_store_files_get_each_finding_once_before_any_deduplication() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = SourceMap::new();
    let root = sources.add(
        "policies/microsoft.candor",
        fs::read_to_string(repo.join("policies/microsoft.candor")).unwrap(),
    );
    let loaded = candor::policy::load(&mut sources, root, &mut |name| {
        Ok(Some(fs::read_to_string(repo.join(name)).unwrap()))
    });
    let bound = Bound {
        product: "msn_weather".to_owned(),
        conditions: vec!["location_enabled".to_owned()],
    };
    let mut checked = 0;
    for entry in fs::read_dir(repo.join("tests/platform")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(platform) = Platform::of_file_name(&name) else {
            continue;
        };
        let text = fs::read_to_string(&path).unwrap();
        let file = sources.add(name.clone(), text.as_str());
        let (declaration, _) = candor::platform::load(platform, file, &text);
        let Some(declaration) = declaration else {
            continue;
        };
        let result = candor::rules::platform::check(&loaded.policy, &declaration, Some(&bound));
        checked += 1;
        for (n, d) in result.diagnostics.iter().enumerate() {
            assert!(
                !result.diagnostics[..n].contains(d),
                "{name}: `{}` [{}] made twice",
                d.message,
                d.code.name()
            );
        }
    }
    assert!(checked >= 10, "only {checked} store files judged");
}
