//! Evidence through the built binary (DESIGN §12): an app's `AndroidManifest.xml`, `Info.plist`,
//! `.entitlements` and Windows package manifest judged against its store label and the
//! policy; what clears a finding; what is not evidence (a removed, commented-out or add-only
//! key, a build folder's copy); and real files from public app repositories
//! (`tests/evidence/real/SOURCES.md`), none rejected and no finding at a key that reaches no
//! data type.

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

const CSV_HEADER: &str = "Question ID (machine readable),Response ID (machine readable),Response value,Answer requirement,Human-friendly question label\n";

/// Play form rows declaring `types`, each collected for app functionality (crash logs for
/// analytics, as the weather app may).
fn play_form(types: &[(&str, &str)]) -> String {
    let mut out = CSV_HEADER.to_owned();
    for (category, id) in types {
        let purpose = if *id == "PSL_CRASH_LOGS" {
            "PSL_ANALYTICS"
        } else {
            "PSL_APP_FUNCTIONALITY"
        };
        out.push_str(&format!(
            "{category},{id},true,MULTIPLE_CHOICE,Data type\n\
             PSL_DATA_USAGE_RESPONSES:{id}:PSL_DATA_USAGE_COLLECTION_AND_SHARING,PSL_DATA_USAGE_ONLY_COLLECTED,true,MULTIPLE_CHOICE,Collected\n\
             PSL_DATA_USAGE_RESPONSES:{id}:DATA_USAGE_COLLECTION_PURPOSE,{purpose},true,MULTIPLE_CHOICE,Purpose\n"
        ));
    }
    out
}

/// An Apple privacy manifest declaring `types` for app functionality.
fn privacy_manifest(types: &[&str]) -> String {
    let items: String = types
        .iter()
        .map(|t| {
            format!(
                "<dict><key>NSPrivacyCollectedDataType</key><string>NSPrivacyCollectedDataType{t}</string>\
                 <key>NSPrivacyCollectedDataTypeLinked</key><false/>\
                 <key>NSPrivacyCollectedDataTypeTracking</key><false/>\
                 <key>NSPrivacyCollectedDataTypePurposes</key><array>\
                 <string>NSPrivacyCollectedDataTypePurposeAppFunctionality</string></array></dict>\n"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<dict>\n\
         <key>NSPrivacyTracking</key><false/>\n\
         <key>NSPrivacyCollectedDataTypes</key>\n<array>\n{items}</array>\n</dict>\n</plist>\n"
    )
}

fn android_manifest(lines: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <manifest xmlns:android=\"http://schemas.android.com/apk/res/android\"\n    \
         xmlns:tools=\"http://schemas.android.com/tools\">\n{lines}\n    <application />\n</manifest>\n"
    )
}

/// A workspace with the Microsoft policy, `files`, and `apps/**` bound to `msn_weather` with
/// the location prompt.
fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = support::with_microsoft_policy();
    fs::write(
        dir.path().join("candor.yaml"),
        "products:\n  - path: \"apps/**\"\n    product: msn_weather\n    conditions: [location_enabled]\n",
    )
    .unwrap();
    write(dir.path(), files);
    dir
}

fn write(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

/// `check --format json` in `dir`: exit status, the findings and the summary.
fn check(dir: &Path) -> (i32, Vec<Value>, Value) {
    let run = run::candor(dir, &["check", "--format", "json"]);
    let doc: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", run.stdout, run.stderr));
    (
        run.status,
        doc["diagnostics"].as_array().unwrap().clone(),
        doc["summary"].clone(),
    )
}

fn codes_at(findings: &[Value]) -> Vec<String> {
    findings
        .iter()
        .filter(|d| d["severity"] != "advice")
        .map(|d| {
            format!(
                "{}:{}:{} {}",
                d["file"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["code"].as_str().unwrap()
            )
        })
        .collect()
}

const FINE: &str =
    "    <uses-permission android:name=\"android.permission.ACCESS_FINE_LOCATION\" />";

#[test]
fn a_permission_the_play_form_does_not_declare_is_reported_and_declaring_it_clears_it() {
    let manifest = android_manifest(FINE);
    let crash = [("PSL_DATA_TYPES_APP_PERFORMANCE", "PSL_CRASH_LOGS")];
    let dir = workspace(&[
        ("apps/android/app/src/main/AndroidManifest.xml", &manifest),
        ("apps/android/data_safety.csv", &play_form(&crash)),
    ]);
    let (status, findings, summary) = check(dir.path());
    assert_eq!(status, 0, "a warning: {findings:#?}");
    assert_eq!(
        codes_at(&findings),
        ["apps/android/app/src/main/AndroidManifest.xml:4:36 undisclosed-evidence"]
    );
    let finding = &findings[0];
    let message = finding["message"].as_str().unwrap();
    assert!(
        message.contains("`PSL_PRECISE_LOCATION` (Precise location)"),
        "{message}"
    );
    assert_eq!(
        finding["related"][0]["file"], "apps/android/data_safety.csv",
        "{finding:#}"
    );
    assert_eq!(
        (summary["evidence"].clone(), summary["manifests"].clone()),
        (1.into(), 1.into())
    );

    let declared = [
        ("PSL_DATA_TYPES_APP_PERFORMANCE", "PSL_CRASH_LOGS"),
        ("PSL_DATA_TYPES_LOCATION", "PSL_PRECISE_LOCATION"),
    ];
    write(
        dir.path(),
        &[("apps/android/data_safety.csv", &play_form(&declared))],
    );
    let (status, findings, _) = check(dir.path());
    assert_eq!((status, codes_at(&findings)), (0, vec![]));
}

#[test]
fn a_usage_key_the_privacy_manifest_does_not_declare_is_reported_and_declaring_it_clears_it() {
    let plist = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<dict>\n\
                 \t<key>NSLocationWhenInUseUsageDescription</key>\n\t<string>Local weather</string>\n\
                 \t<key>NSPhotoLibraryAddUsageDescription</key>\n\t<string>Save a card</string>\n\
                 </dict>\n</plist>\n";
    let dir = workspace(&[
        ("apps/ios/Weather/Info.plist", plist),
        (
            "apps/ios/Weather/PrivacyInfo.xcprivacy",
            &privacy_manifest(&["CrashData"]),
        ),
    ]);
    let (_, findings, _) = check(dir.path());
    assert_eq!(
        codes_at(&findings),
        ["apps/ios/Weather/Info.plist:4:7 undisclosed-evidence"],
        "the add-only photo key is not evidence"
    );
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap()
            .contains("`PreciseLocation` (Precise Location)"),
        "{:#}",
        findings[0]
    );
    // Coarse location is enough: a location key is disclosed by either.
    write(
        dir.path(),
        &[(
            "apps/ios/Weather/PrivacyInfo.xcprivacy",
            &privacy_manifest(&["CrashData", "CoarseLocation"]),
        )],
    );
    let (status, findings, _) = check(dir.path());
    assert_eq!((status, codes_at(&findings)), (0, vec![]));
}

#[test]
fn a_binary_or_utf16_info_plist_is_evidence_as_its_xml_is() {
    let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<dict>\n\
               \t<key>CFBundleName</key>\n\t<string>Weather</string>\n\
               \t<key>NSLocationWhenInUseUsageDescription</key>\n\t<string>Local weather</string>\n\
               \t<key>NSPhotoLibraryAddUsageDescription</key>\n\t<string>Save a card</string>\n\
               </dict>\n</plist>\n";
    let mut binary = Vec::new();
    plist::Value::from_reader_xml(xml.as_bytes())
        .unwrap()
        .to_writer_binary(&mut binary)
        .unwrap();
    assert!(binary.starts_with(b"bplist00"));
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(xml.encode_utf16().flat_map(u16::to_le_bytes));
    for (bytes, at) in [(binary, "1:1"), (utf16, "6:7")] {
        let dir = workspace(&[(
            "apps/ios/Weather/PrivacyInfo.xcprivacy",
            &privacy_manifest(&["CrashData"]),
        )]);
        fs::write(dir.path().join("apps/ios/Weather/Info.plist"), &bytes).unwrap();
        let (_, findings, summary) = check(dir.path());
        assert_eq!(
            codes_at(&findings),
            [format!(
                "apps/ios/Weather/Info.plist:{at} undisclosed-evidence"
            )],
            "{findings:#?}"
        );
        let message = findings[0]["message"].as_str().unwrap();
        assert!(
            message.contains("NSLocationWhenInUseUsageDescription")
                && message.contains("`PreciseLocation`"),
            "{message}"
        );
        assert_eq!(summary["evidence"], 1);
        // Declaring location clears it, in every encoding.
        write(
            dir.path(),
            &[(
                "apps/ios/Weather/PrivacyInfo.xcprivacy",
                &privacy_manifest(&["CrashData", "CoarseLocation"]),
            )],
        );
        let (status, findings, _) = check(dir.path());
        assert_eq!((status, codes_at(&findings)), (0, Vec::<String>::new()));
    }
}

#[test]
fn removed_commented_out_and_build_folder_permissions_are_not_evidence() {
    let crash = [("PSL_DATA_TYPES_APP_PERFORMANCE", "PSL_CRASH_LOGS")];
    let dir = workspace(&[
        (
            "apps/android/app/src/main/AndroidManifest.xml",
            &android_manifest(&format!(
                "{FINE}\n    <!-- <uses-permission android:name=\"android.permission.READ_CONTACTS\" /> -->"
            )),
        ),
        (
            "apps/android/app/src/release/AndroidManifest.xml",
            &android_manifest(
                "    <uses-permission android:name=\"android.permission.ACCESS_FINE_LOCATION\" tools:node=\"remove\" />",
            ),
        ),
        (
            "apps/android/app/build/intermediates/merged_manifest/AndroidManifest.xml",
            &android_manifest(
                "    <uses-permission android:name=\"android.permission.READ_CONTACTS\" />",
            ),
        ),
        ("apps/android/data_safety.csv", &play_form(&crash)),
    ]);
    let (status, findings, summary) = check(dir.path());
    assert_eq!((status, codes_at(&findings)), (0, vec![]));
    assert_eq!(
        summary["evidence"], 2,
        "the build folder's copy is not read"
    );
}

#[test]
fn evidence_of_data_the_product_may_not_collect_is_an_undeclared_collection() {
    // The weather app is not granted the person's contacts; HealthKit reaches health data,
    // which the statement describes nowhere.
    let entitlements = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<dict>\n\
                        \t<key>com.apple.developer.healthkit</key>\n\t<true/>\n\
                        \t<key>aps-environment</key>\n\t<string>production</string>\n\
                        </dict>\n</plist>\n";
    let dir = workspace(&[
        (
            "apps/android/app/src/main/AndroidManifest.xml",
            &android_manifest(
                "    <uses-permission android:name=\"android.permission.READ_CONTACTS\" />",
            ),
        ),
        (
            "apps/android/data_safety.csv",
            &play_form(&[("PSL_DATA_TYPES_CONTACTS", "PSL_CONTACTS")]),
        ),
        ("apps/ios/Weather.entitlements", entitlements),
        (
            "apps/ios/PrivacyInfo.xcprivacy",
            &privacy_manifest(&["CrashData"]),
        ),
    ]);
    let (status, findings, _) = check(dir.path());
    assert_eq!(status, 1);
    let found = codes_at(&findings);
    assert!(
        found.contains(
            &"apps/android/app/src/main/AndroidManifest.xml:4:36 undeclared-collection".to_owned()
        ),
        "{found:#?}"
    );
    assert!(
        found.contains(&"apps/ios/Weather.entitlements:4:7 undeclared-collection".to_owned()),
        "{found:#?}"
    );
    let health = findings
        .iter()
        .find(|d| {
            d["file"] == "apps/ios/Weather.entitlements" && d["code"] == "undeclared-collection"
        })
        .unwrap();
    assert!(
        health["message"]
            .as_str()
            .unwrap()
            .contains("the statement describes no health or medical data"),
        "{health:#}"
    );
}

#[test]
fn a_windows_capability_is_judged_against_the_policy_alone() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("policy.candor"),
        "category location \"where\" { precise \"a fix\" }\ncategory diagnostics \"crashes\"\n\
         purpose provide \"run it\"\nsource observed \"read from the device\"\n\
         product kiosk \"a kiosk app\" { collect diagnostics for provide from observed }\n\
         map play {\n    data PSL_PRECISE_LOCATION as location.precise from observed\n    \
         data PSL_APPROX_LOCATION as location from observed\n    \
         data PSL_CRASH_LOGS as diagnostics from observed\n    purpose PSL_APP_FUNCTIONALITY as provide\n}\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("candor.yaml"),
        "policy: policy.candor\nproducts:\n  - path: \"win/**\"\n    product: kiosk\n",
    )
    .unwrap();
    write(
        dir.path(),
        &[(
            "win/Package.appxmanifest",
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Package xmlns=\"http://schemas.microsoft.com/appx/manifest/foundation/windows10\">\n  <Capabilities>\n    <Capability Name=\"internetClient\" />\n    <DeviceCapability Name=\"location\" />\n  </Capabilities>\n</Package>\n",
        )],
    );
    let (status, findings, _) = check(dir.path());
    assert_eq!(status, 1, "{findings:#?}");
    assert_eq!(
        codes_at(&findings),
        ["win/Package.appxmanifest:5:29 undeclared-collection"]
    );
}

#[test]
fn a_malformed_evidence_file_is_one_finding_and_costs_no_other_file_its_findings() {
    let crash = [("PSL_DATA_TYPES_APP_PERFORMANCE", "PSL_CRASH_LOGS")];
    let dir = workspace(&[
        (
            "apps/a/AndroidManifest.xml",
            "<manifest><uses-permission android:name=\"x\">",
        ),
        ("apps/b/app/AndroidManifest.xml", &android_manifest(FINE)),
        ("apps/b/data_safety.csv", &play_form(&crash)),
        ("apps/c/Info.plist", ""),
    ]);
    let (_, findings, _) = check(dir.path());
    let found = codes_at(&findings);
    assert_eq!(
        found,
        [
            "apps/a/AndroidManifest.xml:1:45 invalid-manifest",
            "apps/b/app/AndroidManifest.xml:4:36 undisclosed-evidence",
            "apps/c/Info.plist:1:1 invalid-manifest",
        ],
        "{findings:#?}"
    );
}

#[test]
fn real_app_files_load_and_every_finding_is_at_a_key_that_reaches_data() {
    let dir = workspace(&[]);
    support::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/evidence/real"),
        &dir.path().join("apps"),
    );
    let (_, findings, summary) = check(dir.path());
    // Wikipedia's four manifests; Home Assistant's Info.plist, entitlements and
    // Package.resolved and Mifos's Podfile.lock (whose dependency folders are not there, so
    // nothing is said of their SDKs); Mifos's fastlane label is a manifest.
    assert_eq!(summary["evidence"], 8, "{summary:#}");
    assert_eq!(summary["manifests"], 1, "{summary:#}");
    assert!(
        !findings.iter().any(|d| d["code"] == "missing-sdk-manifest"),
        "no dependency folder, no finding: {findings:#?}"
    );
    let mut seen = Vec::new();
    for d in &findings {
        let code = d["code"].as_str().unwrap();
        assert_ne!(code, "invalid-manifest", "a real file is rejected: {d:#}");
        let file = d["file"].as_str().unwrap();
        let name = Path::new(file)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if candor::evidence::FileKind::of_file_name(&name).is_none() {
            continue; // the fastlane label is a store file, judged as one
        }
        let text = fs::read_to_string(dir.path().join(file)).unwrap();
        let line = text
            .lines()
            .nth(d["line"].as_u64().unwrap() as usize - 1)
            .unwrap();
        let start = d["column"].as_u64().unwrap() as usize - 1;
        let end = d["end_column"].as_u64().unwrap() as usize - 1;
        let key: String = line.chars().skip(start).take(end - start).collect();
        let kind = if file.ends_with("AndroidManifest.xml") {
            candor::evidence::KeyKind::AndroidPermission
        } else if file.ends_with(".entitlements") {
            candor::evidence::KeyKind::AppleEntitlement
        } else {
            candor::evidence::KeyKind::AppleUsage
        };
        let entry = candor::evidence::lookup(kind, &key)
            .unwrap_or_else(|| panic!("a finding at `{key}`, which is not a known key: {d:#}"));
        assert!(
            !entry.types.is_empty() || entry.tracking,
            "a finding at `{key}`, which reaches no data type: {d:#}"
        );
        let place = (
            file.to_owned(),
            d["line"].clone(),
            d["column"].clone(),
            code.to_owned(),
        );
        assert!(!seen.contains(&place), "made twice: {d:#}");
        seen.push(place);
    }
    // With no label in the copies, each app's evidence files say so once each.
    let undisclosed: Vec<&str> = findings
        .iter()
        .filter(|d| d["code"] == "undisclosed-evidence")
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert!(
        undisclosed.contains(&"apps/wikipedia-android/app/src/main/AndroidManifest.xml")
            && undisclosed.contains(&"apps/home-assistant-ios/Sources/App/Resources/Info.plist"),
        "{undisclosed:#?}"
    );
}

/// The names of a vendored list, comments left out.
fn vendored(name: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/evidence")
        .join(name);
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_key_table_covers_every_vendored_name_with_real_store_types() {
    use candor::evidence::{KeyKind, table::KEYS};
    use candor::platform::{Platform, ids};
    for (list, kind, at_least) in [
        (
            "android-dangerous-permissions.txt",
            KeyKind::AndroidPermission,
            40,
        ),
        ("apple-usage-keys.txt", KeyKind::AppleUsage, 50),
        (
            "windows-device-capabilities.txt",
            KeyKind::WindowsCapability,
            15,
        ),
        ("apple-data-entitlements.txt", KeyKind::AppleEntitlement, 20),
    ] {
        let names = vendored(list);
        assert!(names.len() >= at_least, "{list}: {}", names.len());
        for name in names {
            assert!(
                candor::evidence::lookup(kind, &name).is_some(),
                "{list}: `{name}` has no row of kind {kind:?}"
            );
        }
    }
    // The runtime permissions every app store guide starts with are in the vendored list.
    let dangerous = vendored("android-dangerous-permissions.txt");
    for p in [
        "CAMERA",
        "RECORD_AUDIO",
        "ACCESS_FINE_LOCATION",
        "READ_CONTACTS",
        "READ_SMS",
    ] {
        assert!(
            dangerous.contains(&format!("android.permission.{p}")),
            "{p}"
        );
    }
    let mut seen = Vec::new();
    for key in KEYS {
        assert!(
            !seen.contains(&(key.kind, key.name)),
            "`{}` twice",
            key.name
        );
        seen.push((key.kind, key.name));
        let store = match key.kind {
            KeyKind::AppleUsage | KeyKind::AppleEntitlement => Platform::Apple,
            KeyKind::AndroidPermission | KeyKind::WindowsCapability => Platform::Play,
        };
        for t in key.types {
            assert!(
                ids::data_type(store, t).is_some(),
                "`{}`: `{t}` is not a {store:?} data type",
                key.name
            );
        }
        assert_eq!(
            key.tracking,
            key.name == "NSUserTrackingUsageDescription",
            "{}",
            key.name
        );
    }
    // Keys that reach no data type are listed too, so a reader sees they were weighed.
    assert!(
        KEYS.iter()
            .any(|k| k.name == "android.permission.INTERNET" && k.types.is_empty())
    );
    assert!(
        KEYS.iter()
            .any(|k| k.name == "NSPhotoLibraryAddUsageDescription" && k.types.is_empty())
    );
}

#[test]
fn sdk_manifests_in_dependency_folders_are_read_named_and_count_toward_the_apple_label() {
    let plist = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<dict>\n\
                 \t<key>NSLocationWhenInUseUsageDescription</key>\n\t<string>Local weather</string>\n\
                 </dict>\n</plist>\n";
    let dir = workspace(&[
        ("apps/ios/Weather/Info.plist", plist),
        (
            "apps/ios/Weather/PrivacyInfo.xcprivacy",
            &privacy_manifest(&["CrashData"]),
        ),
        // The SDK declares the location the app's own manifest leaves out.
        (
            "apps/ios/Pods/MapKitPlus/PrivacyInfo.xcprivacy",
            &privacy_manifest(&["PreciseLocation"]),
        ),
        // An SDK that uses what the statement does not let the weather app use.
        (
            "apps/ios/.build/checkouts/swift-ads/PrivacyInfo.xcprivacy",
            &privacy_manifest(&["Contacts"]),
        ),
        // Only privacy manifests are read in dependency folders.
        (
            "apps/ios/Pods/MapKitPlus/privacy.yaml",
            "product: nobody\ncollects: oops\n",
        ),
        ("apps/ios/node_modules/kit/ios/Info.plist", plist),
    ]);
    let (_, findings, summary) = check(dir.path());
    assert_eq!(
        (summary["manifests"].clone(), summary["evidence"].clone()),
        (3.into(), 1.into()),
        "{summary:#}"
    );
    assert_eq!(
        codes_at(&findings),
        ["apps/ios/.build/checkouts/swift-ads/PrivacyInfo.xcprivacy:7:52 undeclared-collection"],
        "the SDK's location discloses the Info.plist key: {findings:#?}"
    );
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap()
            .ends_with("(in the privacy manifest of the SDK `swift-ads`)"),
        "{:#}",
        findings[0]
    );
}

fn fastlane_label(categories: &[&str]) -> String {
    let items: Vec<String> = categories
        .iter()
        .map(|c| {
            format!(
                "  {{\n    \"category\": \"{c}\",\n    \"purposes\": [\"APP_FUNCTIONALITY\"],\n    \
                 \"data_protections\": [\"DATA_NOT_LINKED_TO_YOU\"]\n  }}"
            )
        })
        .collect();
    format!("[\n{}\n]\n", items.join(",\n"))
}

#[test]
fn fastlanes_app_store_label_is_read_judged_and_must_cover_the_sdks() {
    let plist = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<dict>\n\
                 \t<key>NSLocationWhenInUseUsageDescription</key>\n\t<string>Local weather</string>\n\
                 </dict>\n</plist>\n";
    let dir = workspace(&[
        ("apps/ios/Weather/Info.plist", plist),
        (
            "apps/ios/fastlane/app_privacy_details.json",
            &fastlane_label(&["CRASH_DATA"]),
        ),
        (
            "apps/ios/Pods/Maps/PrivacyInfo.xcprivacy",
            &privacy_manifest(&["CoarseLocation"]),
        ),
    ]);
    let (_, findings, summary) = check(dir.path());
    assert_eq!(summary["manifests"], 2, "{summary:#}");
    // The SDK's coarse location discloses the Info.plist key to candor's merged label, but the
    // App Store label fastlane uploads leaves it out.
    assert_eq!(
        codes_at(&findings),
        ["apps/ios/Pods/Maps/PrivacyInfo.xcprivacy:7:52 undisclosed-evidence"],
        "{findings:#?}"
    );
    let finding = &findings[0];
    assert!(
        finding["message"].as_str().unwrap().starts_with(
            "the SDK `Maps` collects `CoarseLocation` (Coarse Location), which the app's App Store label"
        ),
        "{finding:#}"
    );
    assert_eq!(
        finding["related"][0]["file"],
        "apps/ios/fastlane/app_privacy_details.json"
    );

    write(
        dir.path(),
        &[(
            "apps/ios/fastlane/app_privacy_details.json",
            &fastlane_label(&["CRASH_DATA", "COARSE_LOCATION"]),
        )],
    );
    let (status, findings, _) = check(dir.path());
    assert_eq!((status, codes_at(&findings)), (0, vec![]));

    // A misspelt category is the store's own finding, at its string.
    write(
        dir.path(),
        &[(
            "apps/ios/fastlane/app_privacy_details.json",
            &fastlane_label(&["CRASH_DATUM"]),
        )],
    );
    let (_, findings, _) = check(dir.path());
    let unknown = findings
        .iter()
        .find(|d| d["code"] == "unknown-platform-id")
        .unwrap();
    assert_eq!(
        (unknown["line"].clone(), unknown["column"].clone()),
        (3.into(), 18.into())
    );
    assert!(
        unknown["help"].as_str().unwrap().contains("CRASH_DATA"),
        "{unknown:#}"
    );
}

#[test]
fn a_real_podfile_lock_names_the_listed_pod_whose_installed_copy_has_no_manifest() {
    let real = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/evidence/real/mifos-mobile/cmp-ios/Podfile.lock");
    let dir = workspace(&[
        ("apps/ios/Podfile.lock", &fs::read_to_string(real).unwrap()),
        (
            "apps/ios/Pods/FirebaseCore/FirebaseCore/Sources/FIRApp.m",
            "// installed, no manifest\n",
        ),
        (
            "apps/ios/Pods/nanopb/spm_resources/PrivacyInfo.xcprivacy",
            &privacy_manifest(&[]),
        ),
        // Listed, and installed with a manifest in a subfolder.
        (
            "apps/ios/Pods/PromisesObjC/Sources/FBLPromises/Resources/PrivacyInfo.xcprivacy",
            &privacy_manifest(&[]),
        ),
    ]);
    let (_, findings, _) = check(dir.path());
    let missing: Vec<String> = findings
        .iter()
        .filter(|d| d["code"] == "missing-sdk-manifest")
        .map(|d| {
            format!(
                "{}:{} {}",
                d["line"],
                d["column"],
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        missing,
        [
            "21:5 `FirebaseCore` is on Apple's list of SDKs that must ship a privacy manifest, and `Pods/FirebaseCore` holds none"
        ],
        "GoogleUtilities' folder is not there (unsure), nanopb has its manifest: {findings:#?}"
    );
}

#[test]
fn a_package_resolved_pin_on_the_list_with_a_bare_checkout_is_reported() {
    let resolved = r#"{
  "pins" : [
    {
      "identity" : "alamofire",
      "kind" : "remoteSourceControl",
      "location" : "https://github.com/Alamofire/Alamofire.git",
      "state" : { "revision" : "0123456789abcdef0123456789abcdef01234567", "version" : "5.6.0" }
    }
  ],
  "version" : 3
}
"#;
    let dir = workspace(&[
        ("apps/ios/Package.resolved", resolved),
        (
            "apps/ios/.build/checkouts/Alamofire/Source/Session.swift",
            "// no manifest\n",
        ),
    ]);
    let (_, findings, _) = check(dir.path());
    assert_eq!(
        codes_at(&findings),
        ["apps/ios/Package.resolved:4:21 missing-sdk-manifest"],
        "{findings:#?}"
    );
}

#[test]
fn hostile_evidence_files_get_a_finding_or_nothing_never_a_crash() {
    let deep_xml = format!("<manifest>{}", "<a>".repeat(100_000));
    let wide = format!(
        "<manifest>{}</manifest>",
        "<uses-permission android:name=\"android.permission.CAMERA\"/>".repeat(120_000)
    );
    let deep_json = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
    let garbage: String = (0..4096u32)
        .map(|i| char::from_u32(0x20 + (i * 7919) % 0x5f).unwrap())
        .collect();
    let crash = [("PSL_DATA_TYPES_APP_PERFORMANCE", "PSL_CRASH_LOGS")];
    let dir = workspace(&[
        ("apps/a/AndroidManifest.xml", &deep_xml),
        ("apps/b/AndroidManifest.xml", &wide),
        ("apps/c/Package.resolved", &deep_json),
        ("apps/d/Podfile.lock", &garbage),
        ("apps/e/Weather.entitlements", "<plist><array/></plist>"),
        (
            "apps/f/Info.plist",
            "\u{feff}<?xml version=\"1.0\"?>\r\n<plist><dict>\r\n<key>NSCameraUsageDescription</key><string>x</string>\r\n</dict></plist>\r\n",
        ),
        (
            "apps/g/Package.appxmanifest",
            "<Package><Capabilities><DeviceCapability Name=\"location\"/></Capabilities>",
        ),
        // A good file beside them keeps its finding.
        ("apps/ok/app/AndroidManifest.xml", &android_manifest(FINE)),
        ("apps/ok/data_safety.csv", &play_form(&crash)),
    ]);
    let run = run::candor(dir.path(), &["check", "--format", "concise"]);
    assert!(
        run.status == 0 || run.status == 1,
        "{}{}",
        run.stdout,
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    for file in [
        "apps/a/AndroidManifest.xml",
        "apps/b/AndroidManifest.xml",
        "apps/c/Package.resolved",
        "apps/d/Podfile.lock",
        "apps/e/Weather.entitlements",
        "apps/g/Package.appxmanifest",
    ] {
        assert!(
            run.stdout
                .lines()
                .any(|l| l.starts_with(file) && l.ends_with("[invalid-manifest]")),
            "{file}: {}",
            run.stdout
        );
    }
    assert!(
        run.stdout.contains("apps/f/Info.plist:3:6: warning:"),
        "BOM and CRLF read: {}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("apps/ok/app/AndroidManifest.xml:4:36: warning:"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_line_of_an_evidence_file_gives_at_most_ten_findings_of_a_kind_and_counts_the_rest() {
    // One line naming 300 contacts permissions (which the product may not collect and the Play
    // form does not declare), and an Info.plist of one line with 300 elements no property list
    // has: each code of a line gives ten findings and one that counts the rest, quickly.
    let contacts = "<uses-permission android:name=\"android.permission.READ_CONTACTS\"/>";
    let unknown = "<uses-permission android:name=\"x\"/>";
    let dir = workspace(&[
        (
            "apps/android/app/src/main/AndroidManifest.xml",
            &android_manifest(&contacts.repeat(300)),
        ),
        (
            "apps/android/data_safety.csv",
            &play_form(&[("PSL_DATA_TYPES_LOCATION", "PSL_PRECISE_LOCATION")]),
        ),
        (
            "apps/ios/Info.plist",
            &format!("<plist><dict>{}</dict></plist>", unknown.repeat(300)),
        ),
    ]);
    let (status, findings, _) = check(dir.path());
    assert_eq!(status, 1);
    let on = |file: &str, code: &str| -> Vec<&str> {
        findings
            .iter()
            .filter(|d| d["file"] == file && d["code"] == code)
            .map(|d| d["message"].as_str().unwrap())
            .collect()
    };
    let android = "apps/android/app/src/main/AndroidManifest.xml";
    for code in ["undeclared-collection", "undisclosed-evidence"] {
        let messages = on(android, code);
        assert_eq!(messages.len(), 11, "{code}: {messages:#?}");
        assert_eq!(
            messages
                .iter()
                .filter(|m| m.contains("READ_CONTACTS"))
                .count(),
            10,
            "{code}: {messages:#?}"
        );
        assert!(
            messages.contains(&"290 more findings on line 4 are not reported"),
            "{code}: {messages:#?}"
        );
    }
    // Each element is unknown and a value without a key: 600 findings, 590 counted.
    let plist = on("apps/ios/Info.plist", "invalid-manifest");
    assert_eq!(plist.len(), 11, "{plist:#?}");
    assert!(
        plist.contains(&"590 more findings on line 1 are not reported"),
        "{plist:#?}"
    );
}
