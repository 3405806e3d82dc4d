//! The platform readers on fixtures in the shape of real store files (`tests/platform/`): Apple
//! privacy manifests as SDKs ship them (keys in any order, empty arrays, no tracking keys,
//! tracking with domains, comments, character references) and Play data safety exports
//! (quoted and unquoted, `TRUE` and `true`, blank and `false`, English, German and French
//! labels, CRLF), each loaded with exact spans; broken and invented files give their findings at
//! the right line and column; and no truncation of any fixture makes a reader panic.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

use std::fs;
use std::path::{Path, PathBuf};

use candor::Code;
use candor::platform::{self, Declaration, Platform, UseKind, ids};
use candor::source::{SourceMap, Span};

/// A loaded fixture: its text, the declaration, and each finding as
/// `line:column code` followed by the text it points at.
struct Loaded {
    text: String,
    sources: SourceMap,
    declaration: Option<Declaration>,
    findings: Vec<String>,
}

impl Loaded {
    fn declaration(&self) -> &Declaration {
        self.declaration.as_ref().expect("a declaration")
    }

    /// `line:column` of the start of a span.
    fn at(&self, span: Span) -> String {
        let position = self.sources.get(span.file).unwrap().position(span.start);
        format!("{}:{}", position.line, position.column)
    }

    fn snippet(&self, span: Span) -> &str {
        self.sources.snippet(span)
    }

    /// `type: kind purpose, ...` for every item.
    fn summary(&self) -> Vec<String> {
        self.declaration()
            .items
            .iter()
            .map(|item| {
                let uses: Vec<String> = item
                    .uses
                    .iter()
                    .map(|u| format!("{:?} {}", u.kind, u.purpose.value))
                    .collect();
                format!("{}: {}", item.data_type.value, uses.join(", "))
            })
            .collect()
    }
}

fn platform_of(path: &Path) -> Platform {
    let name = path.file_name().unwrap().to_string_lossy();
    if name.ends_with(".xcprivacy") {
        Platform::Apple
    } else if name.ends_with(".csv") {
        Platform::Play
    } else {
        panic!("not a platform fixture: {name}")
    }
}

fn load_text(platform: Platform, name: &str, text: &str) -> Loaded {
    let mut sources = SourceMap::new();
    let file = sources.add(name, text);
    let (declaration, diags) = platform::load(platform, file, text);
    let mut sorted = diags.clone();
    sorted.sort_by_key(|d| (d.primary.span.start, d.code));
    let findings = sorted
        .iter()
        .map(|d| {
            let position = sources.get(file).unwrap().position(d.primary.span.start);
            format!(
                "{}:{} {} `{}`",
                position.line,
                position.column,
                d.code.name(),
                sources.snippet(d.primary.span)
            )
        })
        .collect();
    Loaded {
        text: text.to_owned(),
        sources,
        declaration,
        findings,
    }
}

fn load(name: &str) -> Loaded {
    let path = Path::new("tests/platform").join(name);
    let text = fs::read_to_string(&path).expect("fixture");
    load_text(platform_of(&path), name, &text)
}

fn clean(name: &str) -> Loaded {
    let loaded = load(name);
    assert!(loaded.findings.is_empty(), "{name}: {:#?}", loaded.findings);
    assert!(loaded.declaration.is_some(), "{name}");
    loaded
}

#[test]
fn a_diagnostics_only_manifest_with_an_empty_domain_list_and_a_comment() {
    let loaded = clean("crash-reporter.xcprivacy");
    let declaration = loaded.declaration();
    assert_eq!(declaration.platform, Platform::Apple);
    assert_eq!(declaration.tracking.map(|t| t.value), Some(false));
    assert!(declaration.tracking_domains.is_empty());
    assert_eq!(
        loaded.summary(),
        [
            "NSPrivacyCollectedDataTypeCrashData: Collection NSPrivacyCollectedDataTypePurposeAppFunctionality",
            "NSPrivacyCollectedDataTypePerformanceData: Collection NSPrivacyCollectedDataTypePurposeAppFunctionality, \
             Collection NSPrivacyCollectedDataTypePurposeAnalytics",
        ]
    );
    let first = &declaration.items[0];
    assert_eq!(loaded.at(first.data_type.span), "15:33");
    assert_eq!(
        loaded.snippet(first.data_type.span),
        "NSPrivacyCollectedDataTypeCrashData"
    );
    assert_eq!(first.linked.map(|l| l.value), Some(false));
    assert_eq!(loaded.at(first.uses[0].purpose.span), "22:41");
    let apis: Vec<(&str, usize)> = declaration
        .accessed_apis
        .iter()
        .map(|a| (a.api_type.value.as_str(), a.reasons.len()))
        .collect();
    assert_eq!(
        apis,
        [
            ("NSPrivacyAccessedAPICategoryFileTimestamp", 1),
            ("NSPrivacyAccessedAPICategorySystemBootTime", 1),
            ("NSPrivacyAccessedAPICategoryUserDefaults", 1),
        ]
    );
}

#[test]
fn an_ad_sdk_tracks_with_domains_and_its_keys_in_another_order() {
    let loaded = clean("ad-sdk.xcprivacy");
    let declaration = loaded.declaration();
    let tracking = declaration.tracking.unwrap();
    assert!(tracking.value);
    assert_eq!(loaded.at(tracking.span), "45:2");
    let domains: Vec<&str> = declaration
        .tracking_domains
        .iter()
        .map(|d| d.value.as_str())
        .collect();
    assert_eq!(domains, ["ads.example.net", "measure.example.net"]);
    assert_eq!(
        loaded.summary(),
        [
            "NSPrivacyCollectedDataTypeProductInteraction: Collection NSPrivacyCollectedDataTypePurposeAnalytics",
            "NSPrivacyCollectedDataTypeDeviceID: Collection NSPrivacyCollectedDataTypePurposeThirdPartyAdvertising, \
             Collection NSPrivacyCollectedDataTypePurposeDeveloperAdvertising, \
             Tracking NSPrivacyCollectedDataTypeTracking",
        ]
    );
    let device = &declaration.items[1];
    let tracking_use = device.uses_of(UseKind::Tracking).next().unwrap();
    assert_eq!(tracking_use.purpose.value, ids::APPLE_TRACKING.id);
    assert_eq!(loaded.snippet(tracking_use.purpose.span), "<true/>");
    assert_eq!(loaded.at(tracking_use.purpose.span), "36:4");
    assert_eq!(device.linked.map(|l| l.value), Some(true));
}

#[test]
fn a_library_that_collects_nothing_uses_empty_arrays() {
    let loaded = clean("networking.xcprivacy");
    let declaration = loaded.declaration();
    assert!(declaration.items.is_empty());
    assert!(declaration.tracking_domains.is_empty());
    assert_eq!(declaration.accessed_apis.len(), 1);
    assert_eq!(declaration.accessed_apis[0].reasons[0].value, "E174.1");
}

#[test]
fn character_references_resolve_and_keep_the_written_span() {
    let loaded = clean("analytics.xcprivacy");
    assert_eq!(
        loaded.summary(),
        [
            "NSPrivacyCollectedDataTypeUserID: Collection NSPrivacyCollectedDataTypePurposeAnalytics",
            "NSPrivacyCollectedDataTypeSearchHistory: Collection NSPrivacyCollectedDataTypePurposeAnalytics, \
             Collection NSPrivacyCollectedDataTypePurposeProductPersonalization",
            "NSPrivacyCollectedDataTypeOtherUsageData: Collection NSPrivacyCollectedDataTypePurposeAnalytics",
        ]
    );
    let written = &loaded.declaration().items[1].uses[0].purpose;
    assert_eq!(
        loaded.snippet(written.span),
        "NSPrivacyCollectedDataTypePurpose&#x41;nalytics"
    );
    assert_eq!(loaded.at(written.span), "34:25");
}

#[test]
fn the_tracking_keys_are_optional() {
    let loaded = clean("location.xcprivacy");
    let declaration = loaded.declaration();
    assert!(declaration.tracking.is_none());
    assert!(declaration.tracking_domains.is_empty());
    assert_eq!(
        loaded.summary(),
        [
            "NSPrivacyCollectedDataTypePreciseLocation: Collection NSPrivacyCollectedDataTypePurposeAppFunctionality",
            "NSPrivacyCollectedDataTypeCoarseLocation: Collection NSPrivacyCollectedDataTypePurposeAppFunctionality, \
             Collection NSPrivacyCollectedDataTypePurposeProductPersonalization",
        ]
    );
}

#[test]
fn keys_are_read_in_any_order() {
    let loaded = clean("reordered.xcprivacy");
    let declaration = loaded.declaration();
    assert_eq!(declaration.tracking.map(|t| t.value), Some(false));
    assert_eq!(
        loaded.summary(),
        [
            "NSPrivacyCollectedDataTypeCustomerSupport: Collection NSPrivacyCollectedDataTypePurposeOther",
            "NSPrivacyCollectedDataTypePhotosorVideos: Collection NSPrivacyCollectedDataTypePurposeAppFunctionality",
        ]
    );
    assert_eq!(loaded.at(declaration.items[0].data_type.span), "37:21");
    assert_eq!(declaration.items[0].linked.map(|l| l.value), Some(true));
    let reasons: Vec<&str> = declaration.accessed_apis[0]
        .reasons
        .iter()
        .map(|r| r.value.as_str())
        .collect();
    assert_eq!(reasons, ["E174.1", "85F4.1"]);
}

#[test]
fn every_bad_value_of_a_manifest_is_reported_and_the_good_entries_are_kept() {
    let loaded = load("invalid-values.xcprivacy");
    assert_eq!(
        loaded.findings,
        [
            "6:10 invalid-manifest `true`",
            "7:7 invalid-manifest `NSPrivacyTrackingDomain`",
            "13:12 unknown-platform-id `NSPrivacyCollectedDataTypePhotosOrVideos`",
            "23:3 invalid-manifest `<dict>`",
            "43:13 unknown-platform-id `NSPrivacyCollectedDataTypePurposeMarketing`",
            "54:12 invalid-manifest `NSPrivacyCollectedDataTypePurposeAnalytics`",
            "70:12 duplicate-entry `NSPrivacyCollectedDataTypeName`",
        ]
    );
    // The name with one unknown purpose keeps its other purpose; the crash data and the
    // repeated name are kept; the misspelt type, the entry without `Linked` and the one with a
    // string for its purposes are not.
    assert_eq!(
        loaded.summary(),
        [
            "NSPrivacyCollectedDataTypeName: Collection NSPrivacyCollectedDataTypePurposeAppFunctionality",
            "NSPrivacyCollectedDataTypeCrashData: Collection NSPrivacyCollectedDataTypePurposeAppFunctionality",
            "NSPrivacyCollectedDataTypeName: Collection NSPrivacyCollectedDataTypePurposeProductPersonalization",
        ]
    );
}

#[test]
fn tracking_without_domains_is_invalid_at_its_true() {
    let loaded = load("tracking-without-domains.xcprivacy");
    assert_eq!(loaded.findings, ["6:2 invalid-manifest `<true/>`"]);
    assert_eq!(loaded.declaration().items.len(), 1);
}

#[test]
fn malformed_xml_is_one_finding_where_it_breaks() {
    let loaded = load("malformed.xcprivacy");
    assert!(loaded.declaration.is_none());
    assert_eq!(loaded.findings, ["12:3 invalid-manifest ``"]);
}

#[test]
fn an_english_export_quotes_every_cell_and_writes_true_in_capitals() {
    let loaded = clean("english.data_safety.csv");
    let declaration = loaded.declaration();
    assert_eq!(declaration.platform, Platform::Play);
    assert_eq!(
        loaded.summary(),
        [
            "PSL_EMAIL: Collection PSL_DEVELOPER_COMMUNICATIONS, Collection PSL_ACCOUNT_MANAGEMENT",
            "PSL_APPROX_LOCATION: Collection PSL_APP_FUNCTIONALITY, Sharing PSL_ADVERTISING",
            "PSL_CRASH_LOGS: Collection PSL_ANALYTICS",
            "PSL_DEVICE_ID: Collection PSL_ANALYTICS, Collection PSL_FRAUD_PREVENTION_SECURITY, \
             Sharing PSL_ADVERTISING",
        ]
    );
    let email = &declaration.items[0];
    // The type is spanned at the cell that selects it, inside the quotes.
    assert_eq!(loaded.at(email.data_type.span), "14:28");
    assert_eq!(loaded.snippet(email.data_type.span), "PSL_EMAIL");
    assert_eq!(loaded.snippet(email.collected.unwrap().span), "TRUE");
    assert!(email.shared.is_none());
    let location = &declaration.items[1];
    let sharing = location.uses_of(UseKind::Sharing).next().unwrap();
    assert_eq!(loaded.snippet(sharing.purpose.span), "PSL_ADVERTISING");
    assert_eq!(loaded.at(sharing.purpose.span), "56:76");
}

#[test]
fn a_german_export_is_unquoted_with_blank_for_not_selected() {
    let loaded = clean("german.data_safety.csv");
    assert_eq!(
        loaded.summary(),
        [
            "PSL_NAME: Collection PSL_ACCOUNT_MANAGEMENT",
            "PSL_USER_ACCOUNT: Collection PSL_APP_FUNCTIONALITY, Collection PSL_ACCOUNT_MANAGEMENT",
            "PSL_PRECISE_LOCATION: Collection PSL_APP_FUNCTIONALITY, Sharing PSL_APP_FUNCTIONALITY",
        ]
    );
    let name = &loaded.declaration().items[0];
    assert_eq!(loaded.at(name.data_type.span), "13:25");
    let purpose = &name.uses[0].purpose;
    assert_eq!(loaded.at(purpose.span), "28:65");
    assert_eq!(loaded.snippet(purpose.span), "PSL_ACCOUNT_MANAGEMENT");
}

#[test]
fn a_french_export_with_crlf_mixes_blank_and_false_and_has_no_last_newline() {
    let loaded = clean("french.data_safety.csv");
    assert!(loaded.text.contains("\r\n") && !loaded.text.ends_with('\n'));
    assert_eq!(
        loaded.summary(),
        [
            "PSL_PURCHASE_HISTORY: Collection PSL_APP_FUNCTIONALITY, Collection PSL_FRAUD_PREVENTION_SECURITY",
            "PSL_PHOTOS: Collection PSL_APP_FUNCTIONALITY",
            "PSL_USER_INTERACTION: Collection PSL_ANALYTICS, Collection PSL_PERSONALIZATION, \
             Sharing PSL_ANALYTICS",
        ]
    );
    let interaction = &loaded.declaration().items[2];
    let shared = interaction.shared.unwrap();
    assert_eq!(loaded.snippet(shared.span), "true");
    assert_eq!(loaded.at(shared.span), "51:112");
    // Every span of the file covers exactly its cell, whatever the line ending.
    for item in &loaded.declaration().items {
        assert!(loaded.snippet(item.data_type.span).starts_with("PSL_"));
        for u in &item.uses {
            assert_eq!(loaded.snippet(u.purpose.span), u.purpose.value);
        }
    }
}

#[test]
fn an_invented_format_is_rejected_at_its_header() {
    let loaded = load("invented-format.data_safety.csv");
    assert!(loaded.declaration.is_none());
    assert_eq!(
        loaded.findings,
        ["1:1 invalid-manifest `Question ID (machine readable - keep as is)`"]
    );
}

#[test]
fn invented_ids_are_unknown_at_their_cell_with_suggestions() {
    let loaded = load("invented-ids.data_safety.csv");
    assert_eq!(
        loaded.findings,
        [
            "3:1 unknown-platform-id `PSL_DATA_TYPE_PERSONAL_INFO_NAME`",
            "4:25 unknown-platform-id `PSL_FULL_NAME`",
            "5:73 unknown-platform-id `PSL_DATA_USAGE_COLLECTED`",
            "7:66 unknown-platform-id `PSL_ACCOUNT_MANAGMENT`",
            "9:26 unknown-platform-id `PSL_E_MAIL`",
        ]
    );
    // The email is still declared, with the purpose that is Play's.
    assert_eq!(
        loaded.summary(),
        ["PSL_EMAIL: Collection PSL_APP_FUNCTIONALITY"]
    );
}

#[test]
fn answers_that_are_not_booleans_or_contradict_each_other_are_reported_at_the_cell() {
    let loaded = load("invalid-values.data_safety.csv");
    assert_eq!(
        loaded.findings,
        [
            "2:50 invalid-manifest `yes`",
            "3:28 invalid-manifest `PSL_CRASH_LOGS`",
            "5:109 invalid-manifest `TRUE`",
            "7:93 invalid-manifest `Selected`",
            "8:84 invalid-manifest `TRUE`",
            "11:2 duplicate-entry `PSL_DATA_USAGE_RESPONSES:PSL_CONTACTS:DATA_USAGE_SHARING_PURPOSE`",
        ]
    );
    assert_eq!(
        loaded.summary(),
        ["PSL_PHONE: ", "PSL_CONTACTS: Sharing PSL_APP_FUNCTIONALITY",]
    );
}

fn every_fixture() -> Vec<PathBuf> {
    // The store fixtures of `tests/cases/unknown-platform-id/` are folders, each a workspace.
    let cases: Vec<PathBuf> = fs::read_dir("tests/cases/unknown-platform-id")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .flat_map(|dir| fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()))
        .collect();
    let mut paths: Vec<PathBuf> = fs::read_dir("tests/platform")
        .unwrap()
        .map(|e| e.unwrap().path())
        .chain(cases)
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.ends_with(".xcprivacy") || name.ends_with(".csv")
        })
        .collect();
    paths.sort();
    paths
}

/// Loads `text` and checks that every span of the result lies within it on character
/// boundaries. A panic fails the test.
fn survives(platform: Platform, text: &str) {
    let (declaration, diags) = platform::load(platform, candor::FileId(0), text);
    let fits = |span: Span| span.start <= span.end && text.get(span.start..span.end).is_some();
    for diag in &diags {
        assert!(fits(diag.primary.span), "{diag:?}");
        assert!(diag.related.iter().all(|l| fits(l.span)), "{diag:?}");
    }
    for item in declaration.iter().flat_map(|d| &d.items) {
        assert!(fits(item.data_type.span));
        assert!(item.uses.iter().all(|u| fits(u.purpose.span)));
    }
}

#[test]
fn no_truncation_or_dropped_line_of_any_fixture_panics() {
    let fixtures = every_fixture();
    assert!(fixtures.len() >= 19, "{}", fixtures.len());
    for path in fixtures {
        let platform = platform_of(&path);
        let text = fs::read_to_string(&path).unwrap();
        // Every prefix of a small file; about a thousand of a large one, evenly spread,
        // plus every cut just before, at and after a line break.
        let stride = (text.len() / 1000).max(1);
        let breaks = text
            .match_indices('\n')
            .flat_map(|(i, _)| [i.saturating_sub(1), i, i + 1]);
        let mut ends: Vec<usize> = (0..=text.len())
            .step_by(stride)
            .chain(breaks)
            .filter(|i| text.is_char_boundary(*i))
            .collect();
        ends.sort_unstable();
        ends.dedup();
        for end in ends {
            survives(platform, &text[..end]);
        }
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        for skip in 0..lines.len() {
            let without: String = lines
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, l)| *l)
                .collect();
            survives(platform, &without);
        }
    }
}

#[test]
fn a_fixture_loaded_as_the_other_platform_is_rejected_without_panicking() {
    for path in every_fixture() {
        let text = fs::read_to_string(&path).unwrap();
        let other = match platform_of(&path) {
            Platform::Apple => Platform::Play,
            Platform::Play => Platform::Apple,
        };
        let (declaration, diags) = platform::load(other, candor::FileId(0), &text);
        assert!(declaration.is_none(), "{}", path.display());
        assert!(
            diags.iter().any(|d| d.code == Code::InvalidManifest),
            "{}",
            path.display()
        );
    }
}
