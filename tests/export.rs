//! `candor export apple|play` through the built binary: the exported files of the example
//! services, Google's whole template, the round trip (export, then `candor check` on the export
//! bound to the same product) for every example service and both stores, what cannot be
//! declared reported at its manifest line, several products refused, tracking and its
//! domains, sharing, a reading judged otherwise than the entry, and the options.

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
use std::path::{Path, PathBuf};

use candor::platform::ids::{self, Answer};

/// What one run printed.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn candor(dir: &Path, args: &[&str]) -> Run {
    let output = run::clean()
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("candor runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("utf-8 stderr"),
    }
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn microsoft_policy() -> String {
    repo()
        .join("policies/microsoft.candor")
        .display()
        .to_string()
}

/// The store file name `check` reads as that store's.
fn store_file(store: &str) -> &'static str {
    match store {
        "apple" => "PrivacyInfo.xcprivacy",
        _ => "data_safety.csv",
    }
}

/// The conditions the export's note asks the binding to list (none when there is no note).
fn noted_conditions(stderr: &str) -> String {
    stderr
        .lines()
        .find_map(|l| l.split_once("with `conditions: ")?.1.split_once('`'))
        .map_or_else(|| "[]".to_owned(), |(list, _)| list.to_owned())
}

/// Writes `candor.yaml` in `dir` binding every store file there to `product`, with a copy of
/// the policy (the root file and the folder beside it that it includes): `policy:` names only
/// files inside the repository.
fn bind(dir: &Path, policy: &str, product: &str, conditions: &str) {
    let source = Path::new(policy);
    let copy = dir.join("policies");
    fs::create_dir_all(&copy).unwrap();
    let name = source.file_name().unwrap();
    fs::copy(source, copy.join(name)).unwrap();
    let included = source.with_extension("");
    if included.is_dir() {
        let into = copy.join(included.file_name().unwrap());
        fs::create_dir_all(&into).unwrap();
        for entry in fs::read_dir(&included).unwrap() {
            let entry = entry.unwrap();
            fs::copy(entry.path(), into.join(entry.file_name())).unwrap();
        }
    }
    let policy = format!("policies/{}", name.to_string_lossy());
    fs::write(
        dir.join("candor.yaml"),
        format!(
            "policy: {policy}\nproducts:\n  - path: \"*\"\n    product: {product}\n    \
             conditions: {conditions}\n"
        ),
    )
    .unwrap();
}

/// `candor check --format json` in `dir`: the diagnostics and the number of manifests read.
fn check_json(dir: &Path) -> (i32, Vec<serde_json::Value>, u64) {
    let run = candor(dir, &["check", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("a JSON report");
    let diagnostics = doc["diagnostics"].as_array().cloned().unwrap_or_default();
    (
        run.code,
        diagnostics,
        doc["summary"]["manifests"].as_u64().unwrap(),
    )
}

/// Every folder under `examples/services/` holding a manifest, with its product.
fn example_services() -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    let mut stack = vec![repo().join("examples/services")];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n == "privacy.yaml") {
                let text = fs::read_to_string(&path).unwrap();
                let product = text
                    .lines()
                    .find_map(|l| l.strip_prefix("product: "))
                    .unwrap()
                    .trim()
                    .to_owned();
                found.push((dir.strip_prefix(repo()).unwrap().to_path_buf(), product));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn every_example_service_round_trips_clean_to_both_stores() {
    let services = example_services();
    assert!(services.len() >= 15, "{services:?}");
    for (dir, product) in &services {
        for store in ["apple", "play"] {
            let out = tempfile::tempdir().unwrap();
            let file = out.path().join(store_file(store));
            let run = candor(
                repo(),
                &[
                    "export",
                    store,
                    dir.to_str().unwrap(),
                    "--format",
                    "concise",
                    "-o",
                    file.to_str().unwrap(),
                ],
            );
            // The examples use purposes and categories some store has no id for: those are
            // reported (exit 1), and everything else is written.
            assert!(
                run.code == 0 || run.code == 1,
                "{dir:?} {store}: {}",
                run.stderr
            );
            assert_eq!(run.stdout, "", "with -o the declaration goes to the file");
            assert!(
                run.stderr
                    .lines()
                    .last()
                    .unwrap()
                    .starts_with(&format!("exported `{product}` from 1 manifest as")),
                "{}",
                run.stderr
            );
            bind(
                out.path(),
                &microsoft_policy(),
                product,
                &noted_conditions(&run.stderr),
            );
            let (code, diagnostics, manifests) = check_json(out.path());
            assert_eq!(manifests, 1, "{dir:?} {store}: the exported file is read");
            let errors: Vec<_> = diagnostics
                .iter()
                .filter(|d| d["severity"] == "error" || d["code"] == "invalid-manifest")
                .collect();
            assert!(errors.is_empty(), "{dir:?} {store}: {errors:#?}");
            assert_eq!(code, 0, "{dir:?} {store}");
        }
    }
}

#[test]
fn bing_and_msn_weather_export_their_entries_and_check_clean() {
    for (dir, product, apple_types, play_types) in [
        ("examples/services/bing", "bing", 5, 5),
        ("examples/services/msn/weather", "msn_weather", 3, 3),
    ] {
        for (store, types) in [("apple", apple_types), ("play", play_types)] {
            let out = tempfile::tempdir().unwrap();
            let run = candor(repo(), &["export", store, dir, "--format", "concise"]);
            assert_eq!(run.code, 1, "{}", run.stderr);
            let declared = match store {
                "apple" => run
                    .stdout
                    .matches("<key>NSPrivacyCollectedDataType</key>")
                    .count(),
                _ => run
                    .stdout
                    .lines()
                    .filter(|l| l.starts_with("\"PSL_DATA_TYPES_") && l.contains(",\"true\","))
                    .count(),
            };
            assert_eq!(declared, types, "{product} {store}\n{}", run.stdout);
            fs::write(out.path().join(store_file(store)), &run.stdout).unwrap();
            bind(
                out.path(),
                &microsoft_policy(),
                product,
                "[location_enabled]",
            );
            assert_eq!(noted_conditions(&run.stderr), "[location_enabled]");
            let (code, diagnostics, _) = check_json(out.path());
            assert_eq!((code, diagnostics.len()), (0, 0), "{diagnostics:#?}");
        }
    }
}

#[test]
fn the_apple_export_is_an_xcode_shaped_plist_and_the_same_every_run() {
    let first = candor(
        repo(),
        &["export", "apple", "examples/services/msn/weather"],
    );
    let second = candor(
        repo(),
        &["export", "apple", "examples/services/msn/weather"],
    );
    assert_eq!(first.stdout, second.stdout);
    assert_eq!(first.stderr, second.stderr);
    insta::assert_snapshot!("msn_weather_apple", first.stdout);
    assert!(first.stdout.starts_with(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST \
         1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n<plist version=\"1.0\">\n"
    ));
    assert!(
        first
            .stdout
            .contains("\n\t\t\t<key>NSPrivacyCollectedDataTypeLinked</key>\n")
    );
}

#[test]
fn the_play_export_writes_every_row_of_the_template_in_order() {
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("data_safety.csv");
    let run = candor(
        repo(),
        &[
            "export",
            "play",
            "examples/services/bing",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let text = fs::read_to_string(&file).unwrap();
    let again = candor(repo(), &["export", "play", "examples/services/bing"]);
    assert_eq!(again.stdout, text, "the same bytes on every run");
    // The rows Google's template has, from the id tables: section questions (one row per
    // choice; none for "both collected and shared"), every category × type, then per type
    // its usage questions.
    let mut expected: Vec<(String, String)> = Vec::new();
    let rows_of = |question: &ids::Question| -> Vec<String> {
        match question.answer {
            Answer::Boolean | Answer::Text => vec![String::new()],
            Answer::Choice(choices) => choices
                .iter()
                .filter(|c| **c != ids::PLAY_BOTH)
                .map(|c| (*c).to_owned())
                .collect(),
            Answer::Purposes => ids::PLAY_PURPOSES.iter().map(|p| p.id.to_owned()).collect(),
        }
    };
    for question in &ids::PLAY_SECTION_QUESTIONS {
        for response in rows_of(question) {
            expected.push((question.id.to_owned(), response));
        }
    }
    for category in &ids::PLAY_CATEGORIES {
        for data_type in ids::PLAY_DATA_TYPES
            .iter()
            .filter(|t| t.category == category)
        {
            expected.push((
                category.question.unwrap().to_owned(),
                data_type.id.to_owned(),
            ));
        }
    }
    for data_type in &ids::PLAY_DATA_TYPES {
        for question in &ids::PLAY_USAGE_QUESTIONS {
            for response in rows_of(question) {
                let id = format!(
                    "{}:{}:{}",
                    ids::PLAY_USAGE_PREFIX,
                    data_type.id,
                    question.id
                );
                expected.push((id, response));
            }
        }
    }
    assert_eq!(expected.len(), 22 + 38 + 38 * 19);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        candor::platform::play::COLUMNS
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let written: Vec<(String, String)> = records
        .iter()
        .map(|r| (r[0].to_owned(), r[1].to_owned()))
        .collect();
    assert_eq!(written, expected);
    // Every field is quoted, as Play's English export writes them.
    assert!(text.lines().all(|l| l.starts_with('"') && l.ends_with('"')));
    // `true` where bing's manifest says so, blank everywhere else.
    let selected: Vec<String> = records
        .iter()
        .filter(|r| !r[2].is_empty())
        .map(|r| {
            assert_eq!(&r[2], "true");
            format!("{} {}", &r[0], &r[1])
        })
        .collect();
    insta::assert_snapshot!("bing_play_selected", selected.join("\n"));
    assert!(records.iter().all(|r| !r[3].is_empty() && !r[4].is_empty()));
}

#[test]
fn an_entry_with_no_store_counterpart_is_reported_at_its_line() {
    // The policy is found as `check` finds it, under `./policies/`.
    let dir = support::with_microsoft_policy();
    fs::write(
        dir.path().join("privacy.yaml"),
        "product: msn_weather\n\
         collects:\n\
         \x20 - data: password\n\
         \x20   category: credentials.password\n\
         \x20   purposes: [authenticate]\n\
         \x20 - data: device_gps_fix\n\
         \x20   category: location.precise\n\
         \x20   purposes: [provide, troubleshoot]\n\
         \x20   source: observed\n\
         \x20   conditions: [location_enabled]\n",
    )
    .unwrap();
    let run = candor(
        dir.path(),
        &["export", "play", "--format", "concise", "-o", "out.csv"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!("no_counterpart_concise", run.stderr);
    // The rest is written, and reads back as exactly that.
    let file = dir.path().join("out.csv");
    let text = fs::read_to_string(&file).unwrap();
    let (declaration, diags) = candor::platform::play::load(candor::source::FileId(0), &text);
    assert!(diags.is_empty(), "{diags:?}");
    let items: Vec<String> = declaration
        .unwrap()
        .items
        .iter()
        .map(|i| {
            let uses: Vec<&str> = i.uses.iter().map(|u| u.purpose.value.as_str()).collect();
            format!("{} {}", i.data_type.value, uses.join(" "))
        })
        .collect();
    assert_eq!(
        items,
        ["PSL_PRECISE_LOCATION PSL_APP_FUNCTIONALITY PSL_ANALYTICS"]
    );

    let human = candor(dir.path(), &["export", "play", "--color", "never"]);
    assert_eq!(human.code, 1);
    insta::assert_snapshot!("no_counterpart_human", human.stderr);
}

#[test]
fn manifests_of_several_products_are_refused_unless_one_is_picked() {
    let dir = tempfile::tempdir().unwrap();
    for (folder, product, category) in [
        ("a", "bing", "device_usage.product_use"),
        ("b", "msn_weather", "device_usage.error_reports"),
        ("c", "msn_weather", "device_usage.error_reports"),
    ] {
        fs::create_dir_all(dir.path().join(folder)).unwrap();
        fs::write(
            dir.path().join(folder).join("privacy.yaml"),
            format!(
                "product: {product}\ncollects:\n  - data: x\n    category: {category}\n    \
                 purposes: [improve]\n    source: observed\n"
            ),
        )
        .unwrap();
    }
    let policy = microsoft_policy();
    let run = candor(dir.path(), &["export", "apple", "--policy", &policy]);
    assert_eq!((run.code, run.stdout.as_str()), (2, ""));
    assert_eq!(
        run.stderr,
        "error: the manifests under `.` belong to 2 products, `bing` (1 manifest), \
         `msn_weather` (2 manifests), and a store declaration is one product's: pass \
         `--product ID`\n"
    );
    let run = candor(
        dir.path(),
        &[
            "export",
            "apple",
            "--policy",
            &policy,
            "--product",
            "msn_weather",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Error reports are broader than crash data: they export as Apple's other diagnostics.
    assert!(
        run.stdout
            .contains("NSPrivacyCollectedDataTypeOtherDiagnosticData")
    );
    assert!(
        !run.stdout
            .contains("NSPrivacyCollectedDataTypeProductInteraction")
    );
    assert!(
        run.stderr
            .contains("exported `msn_weather` from 2 manifests")
    );
    let run = candor(
        dir.path(),
        &[
            "export",
            "apple",
            "--policy",
            &policy,
            "--product",
            "msn_wether",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `msn_weather`?"),
        "{}",
        run.stderr
    );
    let run = candor(
        dir.path(),
        &[
            "export",
            "apple",
            "--policy",
            &policy,
            "--product",
            "outlook",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("no manifest under `.` is for `outlook`; they are for `bing`"),
        "{}",
        run.stderr
    );
    let empty = tempfile::tempdir().unwrap();
    let run = candor(empty.path(), &["export", "play", "--policy", &policy]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("nothing to export under `.`"),
        "{}",
        run.stderr
    );
}

/// A small policy whose product may use an email address for advertising, and maps both
/// stores.
const ADS_POLICY: &str = r#"
category contact "ways to reach a person" {
    email "an email address"
}
category interests "what a person likes"
purpose provide "run the app"
purpose marketing "promote our offerings"
purpose advertising "choose ads"
source direct "given by the person"
source third_party "from other companies" {
    partners "companies we work with"
}
product app "an app" {
    collect contact.email for [provide, advertising] from [direct, third_party]
    collect interests for marketing from direct
}
map apple {
    data EmailAddress as contact.email
    data AdvertisingData as interests
    purpose AppFunctionality as provide
    purpose DeveloperAdvertising as [marketing, advertising]
    purpose ThirdPartyAdvertising as advertising
    purpose tracking as advertising
}
map play {
    data PSL_EMAIL as contact.email
    data PSL_OTHER_APP_ACTIVITY as interests
    purpose PSL_APP_FUNCTIONALITY as provide
    purpose PSL_ADVERTISING as [advertising, marketing]
}
"#;

/// A folder with [`ADS_POLICY`] and one manifest of `app`.
fn ads_workspace(entries: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("policy.candor"), ADS_POLICY).unwrap();
    fs::create_dir_all(dir.path().join("src")).unwrap();
    fs::write(
        dir.path().join("src/privacy.yaml"),
        format!("product: app\ncollects:\n{entries}"),
    )
    .unwrap();
    dir
}

/// Exports `store` from `src/` and checks the export bound to `app`: the export's run, and
/// the check's findings.
fn round_trip(dir: &Path, store: &str, extra: &[&str]) -> (Run, Vec<serde_json::Value>) {
    let out = dir.join(format!("out-{store}"));
    if out.exists() {
        fs::remove_dir_all(&out).unwrap();
    }
    fs::create_dir_all(&out).unwrap();
    let file = out.join(store_file(store));
    let mut args = vec![
        "export",
        store,
        "src",
        "--policy",
        "policy.candor",
        "--format",
        "concise",
        "-o",
        file.to_str().unwrap(),
    ];
    args.extend(extra);
    let run = candor(dir, &args);
    let policy = dir.join("policy.candor").display().to_string();
    bind(&out, &policy, "app", "[]");
    let (_, diagnostics, manifests) = check_json(&out);
    assert_eq!(manifests, 1);
    (run, diagnostics)
}

#[test]
fn advertising_sets_apple_tracking_which_needs_its_domains() {
    let dir = ads_workspace(
        "  - data: email_for_ads\n    category: contact.email\n    purposes: [advertising]\n",
    );
    let (run, diagnostics) = round_trip(dir.path(), "apple", &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(
            "src/privacy.yaml:5:16: error: this purpose makes the exported manifest declare \
             tracking, and Apple requires the `NSPrivacyTrackingDomains` of a manifest that \
             tracks [invalid-manifest]\n"
        ),
        "{}",
        run.stderr
    );
    // Written anyway, it is the invalid manifest the finding says.
    let codes: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["invalid-manifest"]);

    let (run, diagnostics) = round_trip(
        dir.path(),
        "apple",
        &["--tracking-domain", "ads.example.com"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let text = fs::read_to_string(dir.path().join("out-apple/PrivacyInfo.xcprivacy")).unwrap();
    insta::assert_snapshot!("tracking_apple", text);
}

#[test]
fn a_third_party_source_is_never_written_as_play_sharing() {
    // Play's sharing is data the app sends out; data a partner gives the company is not
    // that, and no data type of the map reads as obtained from a third party.
    let dir = ads_workspace(
        "  - data: partner_email\n    category: contact.email\n    purposes: [provide]\n    \
         source: third_party.partners\n",
    );
    for store in ["play", "apple"] {
        let (run, _) = round_trip(dir.path(), store, &[]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        let name = if store == "play" {
            "Google Play"
        } else {
            "Apple"
        };
        assert!(
            run.stderr.starts_with(&format!(
                "src/privacy.yaml:6:13: error: `contact.email` from `third_party.partners` has no \
                 {name} counterpart"
            )),
            "{}",
            run.stderr
        );
    }
    let text = fs::read_to_string(dir.path().join("out-play/data_safety.csv")).unwrap();
    let selected: Vec<&str> = text.lines().filter(|l| l.contains(",\"true\",")).collect();
    assert_eq!(
        selected,
        Vec::<&str>::new(),
        "nothing is declared, least of all shared"
    );
    assert!(
        text.contains(r#""PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA","","false""#),
        "{text}"
    );
}

#[test]
fn a_reading_the_policy_judges_otherwise_is_not_declared() {
    // `interests` may be used for marketing only. Play's advertising purpose means
    // advertising or marketing, so declaring it would read as allowed: the entry's
    // undeclared purpose would vanish from the store file. Apple's third-party advertising
    // means advertising alone, so there the finding carries over.
    let dir = ads_workspace(
        "  - data: ad_profile\n    category: interests\n    purposes: [advertising]\n",
    );
    let (run, diagnostics) = round_trip(dir.path(), "play", &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(
            "src/privacy.yaml:5:16: error: `interests` for `advertising` cannot be declared to \
             Google Play as candor judges it: the nearest, `PSL_OTHER_APP_ACTIVITY` collected \
             for `PSL_ADVERTISING`, reads as `interests` for `advertising` or `marketing` from \
             `direct`, which the policy allows, so declaring it would hide this entry's finding \
             [unmapped-platform-id]\n"
        ),
        "{}",
        run.stderr
    );
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");

    let (run, diagnostics) = round_trip(
        dir.path(),
        "apple",
        &["--tracking-domain", "ads.example.com"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning: the policy does not allow 1 of the declared entry purposes, in the \
             manifests as in the export"
        ),
        "{}",
        run.stderr
    );
    let codes: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    // One breach, one finding: third-party advertising and its tracking flag both read as
    // `advertising`, judged once, at the purpose.
    assert_eq!(codes, ["undeclared-purpose"]);
    assert_eq!(diagnostics[0]["line"], 14, "{diagnostics:#?}");
}

#[test]
fn apple_options_are_checked_and_apply() {
    let dir =
        ads_workspace("  - data: email\n    category: contact.email\n    purposes: [provide]\n");
    let base = ["export", "apple", "src", "--policy", "policy.candor"];
    let run = candor(
        dir.path(),
        &[&base[..], &["--not-linked", "EmailAddress"]].concat(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(
        "<string>NSPrivacyCollectedDataTypeEmailAddress</string>\n\
         \t\t\t<key>NSPrivacyCollectedDataTypeLinked</key>\n\t\t\t<false/>\n"
    ));
    let run = candor(
        dir.path(),
        &[&base[..], &["--not-linked", "EmailAdress"]].concat(),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("did you mean `NSPrivacyCollectedDataTypeEmailAddress`?"),
        "{}",
        run.stderr
    );
    let run = candor(
        dir.path(),
        &[&base[..], &["--not-linked", "CrashData"]].concat(),
    );
    assert_eq!(run.code, 0);
    assert!(run.stderr.contains(
        "warning: `NSPrivacyCollectedDataTypeCrashData` is not exported, so `--not-linked` \
         changes nothing for it"
    ));
    let play = ["export", "play", "src", "--policy", "policy.candor"];
    let run = candor(
        dir.path(),
        &[&play[..], &["--tracking-domain", "a.example"]].concat(),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("`--tracking-domain` is for `candor export apple`")
    );
    let run = candor(
        dir.path(),
        &[&base[..], &["--tracking-domain", " "]].concat(),
    );
    assert_eq!(run.code, 2);
    let run = candor(
        dir.path(),
        &["export", "apple", "missing", "--policy", "policy.candor"],
    );
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (2, "error: `missing` does not exist\n")
    );
}

#[test]
fn store_files_under_the_paths_are_not_read_and_help_explains_the_mapping() {
    // The example apps hold only store files: there is nothing to export from them.
    let run = candor(repo(), &["export", "apple", "examples/apps"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("nothing to export under `examples/apps`"),
        "{}",
        run.stderr
    );
    let help = candor(repo(), &["export", "--help"]);
    assert_eq!(help.code, 0);
    for part in [
        "Usage: candor export [OPTIONS] <STORE> [PATHS]...",
        "How entries become store ids:",
        "--tracking-domain <DOMAIN>",
        "--not-linked <TYPE>",
        "Exit status: 0 everything was declared",
    ] {
        assert!(help.stdout.contains(part), "{part}\n{}", help.stdout);
    }
}

#[test]
fn a_purpose_only_apple_tracking_carries_needs_another_purpose_on_its_data_type() {
    // Here only `purpose tracking as advertising` reads as advertising: the email address
    // used for advertising can be declared as tracking, and Apple needs a purpose beside it.
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("policy.candor"),
        ADS_POLICY
            .replace(
                "    purpose DeveloperAdvertising as [marketing, advertising]\n",
                "",
            )
            .replace("    purpose ThirdPartyAdvertising as advertising\n", ""),
    )
    .unwrap();
    let ads = "  - data: email_for_ads\n    category: contact.email\n    purposes: [advertising]\n";
    let app = "  - data: email\n    category: contact.email\n    purposes: [provide]\n";
    fs::create_dir_all(dir.path().join("src")).unwrap();
    fs::write(
        dir.path().join("src/privacy.yaml"),
        format!("product: app\ncollects:\n{ads}"),
    )
    .unwrap();
    let args = [
        "export",
        "apple",
        "src",
        "--policy",
        "policy.candor",
        "--format",
        "concise",
        "--tracking-domain",
        "ads.example.com",
    ];
    let alone = candor(dir.path(), &args);
    assert_eq!(alone.code, 1);
    assert!(
        alone.stderr.starts_with(
            "src/privacy.yaml:5:16: error: this purpose is Apple tracking only, and \
             `NSPrivacyCollectedDataTypeEmailAddress` would have no purpose beside it \
             [unmapped-platform-id]\n"
        ),
        "{}",
        alone.stderr
    );
    assert!(
        alone
            .stderr
            .contains("0 of 1 entry purposes declared on 0 data types")
    );
    assert!(
        alone
            .stdout
            .contains("\t<key>NSPrivacyCollectedDataTypes</key>\n\t<array/>\n")
    );

    fs::write(
        dir.path().join("src/privacy.yaml"),
        format!("product: app\ncollects:\n{ads}{app}"),
    )
    .unwrap();
    let (run, diagnostics) = round_trip(dir.path(), "apple", &args[7..]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let text = fs::read_to_string(dir.path().join("out-apple/PrivacyInfo.xcprivacy")).unwrap();
    assert!(text.contains(
        "\t\t\t<array>\n\t\t\t\t<string>NSPrivacyCollectedDataTypePurposeAppFunctionality</string>\n\
         \t\t\t</array>\n\t\t\t<key>NSPrivacyCollectedDataTypeTracking</key>\n\t\t\t<true/>\n"
    ));
}

#[test]
fn unknown_ids_and_invalid_entries_are_reported_not_exported() {
    let dir = ads_workspace(
        "  - data: email\n    category: contact.emial\n    purposes: [provide]\n\
         \x20 - data: kept\n    category: contact.email\n    purposes: [provide, provde]\n\
         \x20 - data: broken\n    category: contact.email\n",
    );
    let run = candor(
        dir.path(),
        &[
            "export",
            "play",
            "src",
            "--policy",
            "policy.candor",
            "--format",
            "concise",
        ],
    );
    assert_eq!(run.code, 1);
    let findings: Vec<&str> = run
        .stderr
        .lines()
        .filter_map(|l| l.rsplit_once(" [")?.1.strip_suffix(']'))
        .collect();
    assert_eq!(
        findings,
        ["unknown-category", "unknown-purpose", "invalid-manifest"],
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("src/privacy.yaml:4:15: error: category `contact.emial`")
    );
    assert!(
        run.stderr
            .ends_with("1 of 3 entry purposes declared on 1 data type; 3 errors\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn evidence_the_manifests_do_not_declare_is_reported_not_added() {
    let dir = support::with_microsoft_policy();
    fs::create_dir_all(dir.path().join("app/src/main")).unwrap();
    fs::write(
        dir.path().join("privacy.yaml"),
        "product: msn_weather\ncollects:\n  - data: gps\n    category: location.precise\n    \
         purposes: [provide]\n    source: observed\n    conditions: [location_enabled]\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("app/src/main/AndroidManifest.xml"),
        "<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\">\n    \
         <uses-permission android:name=\"android.permission.ACCESS_FINE_LOCATION\" />\n    \
         <uses-permission android:name=\"android.permission.CAMERA\" />\n</manifest>\n",
    )
    .unwrap();
    let run = candor(dir.path(), &["export", "play", "--format", "concise"]);
    assert_eq!(run.code, 0, "a warning: {}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "app/src/main/AndroidManifest.xml:3:36: warning: `android.permission.CAMERA` gives the \
             app access to `PSL_PHOTOS` or `PSL_VIDEOS`, which no manifest declares: the exported \
             Google Play label leaves it out [undisclosed-evidence]\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("ACCESS_FINE_LOCATION"),
        "declared: {}",
        run.stderr
    );
    let selected: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("\"PSL_DATA_TYPES_") && l.contains(",\"true\","))
        .collect();
    assert_eq!(
        selected.len(),
        1,
        "only what the manifests say: {selected:?}"
    );
}
