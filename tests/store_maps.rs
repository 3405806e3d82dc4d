//! The Microsoft policy's `map` blocks as a reviewer holds them: every id of each store's
//! closed sets is mapped with a comment giving its meaning and the statement's heading, or left
//! unmapped with a reason; the export writes, for every category a grant covers, the store
//! data type README.md's table lists, and the written file checks clean bound to the product;
//! and the readings the review settled (a user ID is not a password, purchases are product
//! use, payment reaches `commerce`, sharing is not data from a third party) hold through the
//! built binary on store files.

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
use std::path::Path;

use candor::platform::{Platform, Vocabulary, ids};
use candor::policy::model::Policy;
use candor::source::SourceMap;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn microsoft() -> Policy {
    let mut sources = SourceMap::new();
    let loaded = candor::session::load_policy(
        &candor::session::Disk,
        &mut sources,
        &repo().join("policies/microsoft.candor"),
        &candor::workspace::Scope::Any,
    )
    .unwrap();
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    loaded.policy
}

#[test]
fn every_store_id_is_mapped_or_left_unmapped_on_purpose() {
    let policy = microsoft();
    for platform in Platform::ALL {
        let map = policy.mapping(platform).unwrap();
        let data: Vec<&str> = ids::data_types(platform).iter().map(|t| t.id).collect();
        let purposes: Vec<&str> = ids::mappable_purposes(platform).map(|p| p.id).collect();
        assert!(data.len() >= 35 && purposes.len() >= 6, "{platform:?}");
        for (vocabulary, set) in [
            (Vocabulary::DataType, data),
            (Vocabulary::Purpose, purposes),
        ] {
            for id in set {
                let mapped = map.find(vocabulary, id).is_some();
                let unmapped = map.unmapped(vocabulary, id);
                assert!(
                    mapped != unmapped.is_some(),
                    "{platform:?} {id}: mapped {mapped}, unmapped {unmapped:?}"
                );
                if let Some(left) = unmapped {
                    assert!(left.reason.len() > 20, "{id}: {:?}", left.reason);
                }
            }
        }
    }
}

#[test]
fn every_map_line_has_a_comment_with_the_stores_meaning_and_the_statements_heading() {
    let text = fs::read_to_string(repo().join("policies/microsoft/platforms.candor")).unwrap();
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut checked = 0;
    for (n, line) in lines.iter().enumerate() {
        let is_mapping =
            (line.starts_with("data ") || line.starts_with("purpose ")) && line.contains(" as ");
        if !is_mapping {
            continue;
        }
        let comment = n.checked_sub(1).and_then(|p| lines.get(p)).unwrap();
        let (meaning, heading) = comment
            .strip_prefix("// ")
            .and_then(|c| c.split_once(" · "))
            .unwrap_or_else(|| {
                panic!(
                    "line {}: `{line}` has no `// meaning · heading` above",
                    n + 1
                )
            });
        assert!(
            meaning.len() > 5 && heading.len() > 5,
            "line {}: {comment}",
            n + 1
        );
        checked += 1;
    }
    // 25 + 6 Apple lines, 31 + 7 Play lines.
    assert_eq!(checked, 69);
}

/// README.md's category → store data type table, by category: (Apple, Play), `None` for "—".
fn readme_table() -> BTreeMap<String, (Option<String>, Option<String>)> {
    let readme = fs::read_to_string(repo().join("README.md")).unwrap();
    let start = readme.find("<!-- export-table:start -->").unwrap();
    let end = readme.find("<!-- export-table:end -->").unwrap();
    let cell = |c: &str| {
        let c = c.trim();
        (c != "—").then(|| c.trim_matches('`').to_owned())
    };
    readme[start..end]
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').collect();
            assert_eq!(cells.len(), 3, "{l}");
            (
                cells[0].trim().trim_matches('`').to_owned(),
                (cell(cells[1]), cell(cells[2])),
            )
        })
        .collect()
}

/// The data type an export declares, read from the written file.
fn exported_type(store: &str, text: &str) -> Option<String> {
    match store {
        "apple" => text
            .split("<key>NSPrivacyCollectedDataType</key>")
            .nth(1)
            .and_then(|rest| rest.split("<string>").nth(1))
            .and_then(|rest| rest.split("</string>").next())
            .map(|id| {
                id.trim_start_matches("NSPrivacyCollectedDataType")
                    .to_owned()
            }),
        _ => text
            .lines()
            .find(|l| l.starts_with("\"PSL_DATA_TYPES_") && l.contains(",\"true\","))
            .and_then(|l| l.split(',').nth(1))
            .map(|id| id.trim_matches('"').to_owned()),
    }
}

#[test]
fn every_category_exports_as_the_readme_lists_and_checks_clean() {
    let policy = microsoft();
    let table = readme_table();
    let mut actual = BTreeMap::new();
    for (id, _) in policy.categories.iter() {
        let category = policy.categories.name(id).to_owned();
        // A grant that covers the category gives a product, purpose, source and conditions
        // under which the entry is allowed: the first whose sources include what an app
        // collects itself (`direct`, else `observed`), else the first.
        let covering: Vec<_> = policy
            .grants
            .iter()
            .filter(|g| {
                g.categories
                    .iter()
                    .any(|c| policy.categories.is_within(id, c.id))
            })
            .collect();
        let own = |g: &&candor::policy::model::Grant| {
            ["direct", "observed"]
                .into_iter()
                .find(|s| g.sources.iter().any(|r| policy.sources.name(r.id) == *s))
        };
        let Some(grant) = covering
            .iter()
            .find(|g| own(g).is_some())
            .or(covering.first())
        else {
            continue;
        };
        let product = grant
            .product
            .and_then(|p| policy.product(p))
            .map_or("msn_weather", |p| p.id.as_str());
        let purpose = policy.purposes.name(grant.purposes[0].id);
        let source = own(grant).unwrap_or_else(|| policy.sources.name(grant.sources[0].id));
        let conditions: Vec<&str> = grant
            .conditions
            .iter()
            .filter_map(|c| policy.condition(c.id))
            .map(|c| c.id.as_str())
            .collect();
        let conditions = format!("[{}]", conditions.join(", "));
        let mut row = (None, None);
        for (store, file) in [
            ("apple", "PrivacyInfo.xcprivacy"),
            ("play", "data_safety.csv"),
        ] {
            let dir = support::with_microsoft_policy();
            fs::create_dir_all(dir.path().join("src")).unwrap();
            fs::write(
                dir.path().join("src/privacy.yaml"),
                format!(
                    "product: {product}\ncollects:\n  - data: it\n    category: {category}\n    \
                     purposes: [{purpose}]\n    source: {source}\n    conditions: {conditions}\n"
                ),
            )
            .unwrap();
            fs::create_dir_all(dir.path().join("out")).unwrap();
            let out = format!("out/{file}");
            let run = run::candor(
                dir.path(),
                &["export", store, "src", "--format", "concise", "-o", &out],
            );
            let written = fs::read_to_string(dir.path().join(&out)).unwrap();
            let got = exported_type(store, &written);
            if store == "apple" {
                row.0.clone_from(&got);
            } else {
                row.1.clone_from(&got);
            }
            if got.is_none() {
                assert_eq!(run.status, 1, "{}", run.stderr);
                assert!(
                    run.stderr.contains("[unmapped-platform-id]"),
                    "{}",
                    run.stderr
                );
                continue;
            }
            assert!(run.status == 0 || run.status == 1, "{}", run.stderr);
            fs::write(
                dir.path().join("candor.yaml"),
                format!(
                    "products:\n  - path: \"out/**\"\n    product: {product}\n    \
                     conditions: {conditions}\n"
                ),
            )
            .unwrap();
            let check = run::candor(dir.path(), &["check", "out", "--format", "concise"]);
            let errors: Vec<&str> = check
                .stdout
                .lines()
                .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
                .collect();
            assert!(errors.is_empty(), "`{category}` on {store}: {errors:#?}");
            assert_eq!(check.status, 0, "`{category}` on {store}: {}", check.stdout);
        }
        actual.insert(category, row);
    }
    // Every category some grant covers has its row, and every row is what the export writes.
    assert_eq!(actual, table);
}

/// A workspace with the shipped policy and `file` (a store file) bound to `msn_weather`.
fn store_workspace(name: &str, text: &str) -> tempfile::TempDir {
    let dir = support::with_microsoft_policy();
    fs::write(dir.path().join(name), text).unwrap();
    fs::write(
        dir.path().join("candor.yaml"),
        "products:\n  - path: \"**\"\n    product: msn_weather\n    conditions: [location_enabled]\n",
    )
    .unwrap();
    dir
}

fn apple_manifest(types: &[(&str, &[&str])]) -> String {
    let mut items = String::new();
    for (data_type, purposes) in types {
        let purposes: String = purposes
            .iter()
            .map(|p| format!("\t\t\t\t<string>NSPrivacyCollectedDataTypePurpose{p}</string>\n"))
            .collect();
        items.push_str(&format!(
            "\t\t<dict>\n\t\t\t<key>NSPrivacyCollectedDataType</key>\n\t\t\t\
             <string>NSPrivacyCollectedDataType{data_type}</string>\n\t\t\t\
             <key>NSPrivacyCollectedDataTypeLinked</key>\n\t\t\t<true/>\n\t\t\t\
             <key>NSPrivacyCollectedDataTypeTracking</key>\n\t\t\t<false/>\n\t\t\t\
             <key>NSPrivacyCollectedDataTypePurposes</key>\n\t\t\t<array>\n{purposes}\t\t\t</array>\n\t\t</dict>\n"
        ));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<dict>\n\t\
         <key>NSPrivacyTracking</key>\n\t<false/>\n\t<key>NSPrivacyCollectedDataTypes</key>\n\t\
         <array>\n{items}\t</array>\n</dict>\n</plist>\n"
    )
}

#[test]
fn a_user_id_purchases_and_payment_for_app_functionality_are_clean_for_the_weather_app() {
    let text = apple_manifest(&[
        ("UserID", &["AppFunctionality"]),
        ("PurchaseHistory", &["AppFunctionality"]),
        ("PaymentInfo", &["AppFunctionality"]),
    ]);
    let dir = store_workspace("PrivacyInfo.xcprivacy", &text);
    let run = run::candor(dir.path(), &["check", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let codes: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .filter(|c| *c != "vague-disclosure")
        .collect();
    assert_eq!((run.status, codes), (0, vec![]), "{}", run.stdout);
    // A user ID for advertising is judged as contact data, never as a password.
    let text = apple_manifest(&[("UserID", &["ThirdPartyAdvertising"])]);
    let dir = store_workspace("PrivacyInfo.xcprivacy", &text);
    let run = run::candor(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stdout
            .contains("error: `msn_weather` uses `contact` for `advertising`, which the policy does not declare"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("credentials"), "{}", run.stdout);
}

fn play_form(rows: &[(&str, &str, &str)]) -> String {
    let mut out = String::from(
        "Question ID (machine readable),Response ID (machine readable),Response value,Answer requirement,Human-friendly question label\n",
    );
    for (question, response, value) in rows {
        out.push_str(&format!("{question},{response},{value},,\n"));
    }
    out
}

#[test]
fn a_play_sharing_is_judged_with_its_data_lines_source_and_says_it_is_shared() {
    let rows = |purpose: &str| {
        play_form(&[
            ("PSL_DATA_TYPES_PERSONAL", "PSL_EMAIL", "true"),
            (
                "PSL_DATA_USAGE_RESPONSES:PSL_EMAIL:PSL_DATA_USAGE_COLLECTION_AND_SHARING",
                "PSL_DATA_USAGE_ONLY_SHARED",
                "true",
            ),
            (
                "PSL_DATA_USAGE_RESPONSES:PSL_EMAIL:DATA_USAGE_SHARING_PURPOSE",
                purpose,
                "true",
            ),
        ])
    };
    // Shared for app functionality: contact for `provide` from `direct`, which the default
    // block grants; read as data from `third_party` it would be an undeclared source.
    let dir = store_workspace("data_safety.csv", &rows("PSL_APP_FUNCTIONALITY"));
    let run = run::candor(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert!(!run.stdout.contains("third_party"), "{}", run.stdout);
    // Shared for advertising: the finding says the app shares it, once.
    let dir = store_workspace("data_safety.csv", &rows("PSL_ADVERTISING"));
    let run = run::candor(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(run.status, 1);
    let errors: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains(": error: "))
        .collect();
    assert_eq!(
        errors,
        [
            "data_safety.csv:4:63: error: `msn_weather` uses `contact.email` for `advertising`, \
          which the policy does not declare (the form says the app shares it) [undeclared-purpose]"
        ],
        "{}",
        run.stdout
    );
}

#[test]
fn a_policy_still_reading_sharing_from_a_source_is_told_it_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("p.candor"),
        "category contact \"c\"\npurpose provide \"p\"\nsource direct \"d\"\n\
         product app \"a\" { collect contact for provide from direct }\n\
         map play {\n    data PSL_NAME as contact\n    purpose PSL_APP_FUNCTIONALITY as provide\n    \
         shared from direct\n}\n",
    )
    .unwrap();
    let run = run::candor(
        dir.path(),
        &["check", "--policy", "p.candor", "--format", "concise"],
    );
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(
        all.contains("p.candor:8:5: warning: `shared from` is no longer read"),
        "{all}"
    );
}

#[test]
fn real_sdk_manifests_load_and_each_finding_is_made_once() {
    let dir = support::with_microsoft_policy();
    support::copy_tree(
        &repo().join("tests/platform/sdks"),
        &dir.path().join("sdks"),
    );
    fs::write(
        dir.path().join("candor.yaml"),
        "products:\n  - path: \"sdks/**\"\n    product: msn_weather\n    conditions: [location_enabled]\n",
    )
    .unwrap();
    let run = run::candor(dir.path(), &["check", "sdks", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["summary"]["manifests"], 5, "{}", run.stdout);
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    let mut seen = Vec::new();
    for d in diagnostics {
        let code = d["code"].as_str().unwrap();
        assert!(
            !["invalid-manifest", "unknown-platform-id", "io-error"].contains(&code),
            "a real file is rejected: {d:#}"
        );
        let key = (
            d["file"].clone(),
            d["line"].clone(),
            d["column"].clone(),
            d["code"].clone(),
        );
        assert!(!seen.contains(&key), "made twice: {d:#}");
        seen.push(key);
        // A user ID is contact data, never a password.
        assert!(
            !d["message"].as_str().unwrap().contains("credentials"),
            "{d:#}"
        );
    }
    let of = |folder: &str| -> Vec<(String, String)> {
        diagnostics
            .iter()
            .filter(|d| d["file"].as_str().unwrap().contains(&format!("/{folder}/")))
            .filter(|d| d["severity"] != "advice")
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_owned(),
                    d["message"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    // Purchase history for app functionality, and diagnostics and device IDs for analytics,
    // are what the statement allows the weather app.
    assert_eq!(of("revenuecat"), vec![]);
    assert_eq!(of("countly"), vec![]);
    // Apple's catch-all is unmapped on purpose, and says why.
    let chartboost = of("chartboost-mediation");
    assert!(
        chartboost.iter().any(|(code, message)| code == "unmapped-platform-id"
            && message.contains("`NSPrivacyCollectedDataTypeOtherDataTypes` is left unmapped on purpose: Apple's catch-all")),
        "{chartboost:#?}"
    );
}
