//! Unit tests of the Apple privacy manifest reader.
use super::*;
use crate::source::SourceMap;

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
    <!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \
    \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n<plist version=\"1.0\">\n";

fn plist(body: &str) -> String {
    format!("{HEAD}<dict>\n{body}</dict>\n</plist>\n")
}

fn item(data_type: &str, linked: &str, tracking: &str, purposes: &[&str]) -> String {
    let purposes: String = purposes
        .iter()
        .map(|p| format!("<string>{p}</string>"))
        .collect();
    format!(
        "<dict><key>{DATA_TYPE}</key><string>{data_type}</string>\
         <key>{LINKED}</key>{linked}<key>{ITEM_TRACKING}</key>{tracking}\
         <key>{PURPOSES}</key><array>{purposes}</array></dict>\n"
    )
}

fn collected(items: &[String]) -> String {
    format!(
        "<key>{COLLECTED_DATA_TYPES}</key>\n<array>\n{}</array>\n",
        items.concat()
    )
}

const CRASH: &str = "NSPrivacyCollectedDataTypeCrashData";
const FUNCTIONALITY: &str = "NSPrivacyCollectedDataTypePurposeAppFunctionality";

/// Loads `text` and describes each finding as `line:column code` with the text it points at.
fn findings(text: &str) -> (Option<Declaration>, Vec<String>) {
    let mut sources = SourceMap::new();
    let file = sources.add("PrivacyInfo.xcprivacy", text);
    let (declaration, diags) = load(file, text);
    let described = diags
        .iter()
        .map(|d| {
            let at = sources
                .get(file)
                .map(|f| f.position(d.primary.span.start))
                .map_or((0, 0), |p| (p.line, p.column));
            format!(
                "{}:{} {} `{}`",
                at.0,
                at.1,
                d.code.name(),
                sources.snippet(d.primary.span)
            )
        })
        .collect();
    (declaration, described)
}

#[test]
fn a_clean_manifest_lowers_to_items_with_spans_on_the_strings() {
    let text = plist(&format!(
        "<key>{TRACKING}</key><false/>\n<key>{TRACKING_DOMAINS}</key><array/>\n{}",
        collected(&[item(CRASH, "<false/>", "<false/>", &[FUNCTIONALITY])])
    ));
    let (declaration, diags) = load(FileId(0), &text);
    assert!(diags.is_empty(), "{diags:?}");
    let declaration = declaration.unwrap();
    assert_eq!(declaration.platform, Platform::Apple);
    assert_eq!(declaration.tracking.map(|t| t.value), Some(false));
    let [item] = declaration.items.as_slice() else {
        panic!("one item expected: {:?}", declaration.items)
    };
    assert_eq!(item.data_type.value, CRASH);
    assert_eq!(
        text.get(item.data_type.span.start..item.data_type.span.end),
        Some(CRASH)
    );
    assert_eq!(item.linked.map(|l| l.value), Some(false));
    let [purpose] = item.uses.as_slice() else {
        panic!("one use expected: {:?}", item.uses)
    };
    assert_eq!(purpose.kind, UseKind::Collection);
    assert_eq!(
        text.get(purpose.purpose.span.start..purpose.purpose.span.end),
        Some(FUNCTIONALITY)
    );
}

#[test]
fn tracking_true_is_a_use_spanned_at_its_true_element() {
    let text = plist(&format!(
        "<key>{TRACKING}</key><true/>\n<key>{TRACKING_DOMAINS}</key>\
         <array><string>t.example.com</string></array>\n{}",
        collected(&[item(
            "NSPrivacyCollectedDataTypeDeviceID",
            "<true/>",
            "<true/>",
            &["NSPrivacyCollectedDataTypePurposeThirdPartyAdvertising"]
        )])
    ));
    let (declaration, diags) = findings(&text);
    assert!(diags.is_empty(), "{diags:?}");
    let declaration = declaration.unwrap();
    assert_eq!(declaration.tracking_domains.len(), 1);
    let uses = &declaration.items.first().unwrap().uses;
    let tracking: Vec<&Use> = uses
        .iter()
        .filter(|u| u.kind == UseKind::Tracking)
        .collect();
    assert_eq!(tracking.len(), 1);
    let span = tracking.first().unwrap().purpose.span;
    assert_eq!(text.get(span.start..span.end), Some("<true/>"));
    assert_eq!(
        tracking.first().unwrap().purpose.value,
        ids::APPLE_TRACKING.id
    );
}

#[test]
fn entities_in_strings_resolve_and_the_span_covers_the_written_text() {
    let text = plist(&collected(&[item(
        "NSPrivacyCollectedDataType&#67;rash&#x44;ata",
        "<false/>",
        "<false/>",
        &[FUNCTIONALITY],
    )]));
    let (declaration, diags) = findings(&text);
    assert!(diags.is_empty(), "{diags:?}");
    let declaration = declaration.unwrap();
    let data_type = &declaration.items.first().unwrap().data_type;
    assert_eq!(data_type.value, CRASH);
    assert_eq!(
        text.get(data_type.span.start..data_type.span.end),
        Some("NSPrivacyCollectedDataType&#67;rash&#x44;ata")
    );
}

#[test]
fn tracking_without_domains_is_invalid_at_the_true() {
    for domains in ["", "<key>NSPrivacyTrackingDomains</key><array/>\n"] {
        let text = plist(&format!("<key>{TRACKING}</key><true/>\n{domains}"));
        let (declaration, diags) = findings(&text);
        assert!(declaration.is_some());
        assert_eq!(diags, ["5:29 invalid-manifest `<true/>`"], "{domains}");
    }
}

#[test]
fn a_string_where_a_boolean_belongs_is_invalid_and_the_item_is_not_kept() {
    let text = plist(&collected(&[
        item(CRASH, "<string>true</string>", "<false/>", &[FUNCTIONALITY]),
        item(
            "NSPrivacyCollectedDataTypeUserID",
            "<true/>",
            "<false/>",
            &[FUNCTIONALITY],
        ),
    ]));
    let (declaration, diags) = findings(&text);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        diags.first().unwrap().ends_with("invalid-manifest `true`"),
        "{diags:?}"
    );
    let items = declaration.unwrap().items;
    assert_eq!(items.len(), 1);
    assert_eq!(
        items.first().unwrap().data_type.value,
        "NSPrivacyCollectedDataTypeUserID"
    );
}

#[test]
fn unknown_ids_are_reported_one_by_one() {
    let text = plist(&collected(&[
        item(
            "NSPrivacyCollectedDataTypeEmail",
            "<true/>",
            "<false/>",
            &[FUNCTIONALITY],
        ),
        item(CRASH, "<false/>", "<false/>", &["Analytics", FUNCTIONALITY]),
    ]));
    let (declaration, diags) = findings(&text);
    assert_eq!(
        diags,
        [
            "7:52 unknown-platform-id `NSPrivacyCollectedDataTypeEmail`",
            "8:260 unknown-platform-id `Analytics`",
        ]
    );
    let items = declaration.unwrap().items;
    assert_eq!(items.len(), 1);
    assert_eq!(items.first().unwrap().uses.len(), 1);
}

#[test]
fn missing_and_unknown_keys_are_reported_at_the_dictionary_and_the_key() {
    let text = plist(&collected(&[format!(
        "<dict><key>{DATA_TYPE}</key><string>{CRASH}</string>\
         <key>{LINKED}</key><false/><key>NSPrivacyCollectedDataTypePurpose</key>\
         <array><string>{FUNCTIONALITY}</string></array></dict>\n"
    )]));
    let (declaration, diags) = findings(&text);
    assert_eq!(
        diags,
        [
            "7:152 invalid-manifest `NSPrivacyCollectedDataTypePurpose`",
            "7:1 invalid-manifest `<dict>`",
        ]
    );
    assert!(declaration.unwrap().items.is_empty());
}

#[test]
fn duplicate_data_types_are_warnings_and_both_are_kept() {
    let one = item(CRASH, "<false/>", "<false/>", &[FUNCTIONALITY]);
    let text = plist(&collected(&[one.clone(), one]));
    let (declaration, diags) = findings(&text);
    assert_eq!(diags, [format!("8:52 duplicate-entry `{CRASH}`")]);
    assert_eq!(declaration.unwrap().items.len(), 2);
}

#[test]
fn empty_purposes_without_tracking_are_invalid() {
    let text = plist(&collected(&[item(CRASH, "<false/>", "<false/>", &[])]));
    let (declaration, diags) = findings(&text);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        diags
            .first()
            .unwrap()
            .contains("invalid-manifest `<array></array>`")
    );
    assert!(declaration.unwrap().items.is_empty());
}

#[test]
fn malformed_xml_is_one_finding_where_it_breaks() {
    let text =
        plist("<key>NSPrivacyTracking</key><false/>\n<array>\n").replace("</dict>", "</dict2>");
    let (declaration, diags) = findings(&text);
    assert!(declaration.is_none());
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        diags.first().unwrap().contains("invalid-manifest"),
        "{diags:?}"
    );
    let (declaration, diags) = findings("not xml at all");
    assert!(declaration.is_none());
    assert_eq!(diags.len(), 1, "{diags:?}");
    let (declaration, diags) = findings("   \n");
    assert!(declaration.is_none());
    assert_eq!(diags, ["1:1 invalid-manifest ``"]);
}

#[test]
fn a_byte_order_mark_and_crlf_lines_are_read() {
    let text = format!(
        "\u{feff}{}",
        plist(&collected(&[item(
            CRASH,
            "<false/>",
            "<false/>",
            &[FUNCTIONALITY]
        )]))
        .replace('\n', "\r\n")
    );
    let (declaration, diags) = findings(&text);
    assert!(diags.is_empty(), "{diags:?}");
    let declaration = declaration.unwrap();
    let data_type = &declaration.items.first().unwrap().data_type;
    assert_eq!(
        text.get(data_type.span.start..data_type.span.end),
        Some(CRASH)
    );
}

#[test]
fn a_file_without_a_property_list_is_one_finding() {
    let (declaration, diags) = findings("<?xml version=\"1.0\"?>\n<!-- nothing -->\n");
    assert!(declaration.is_none());
    assert_eq!(diags, ["1:1 invalid-manifest ``"]);
    let (declaration, diags) = findings(&format!("{HEAD}<array/>\n</plist>\n"));
    assert!(declaration.is_none());
    assert_eq!(diags, ["4:1 invalid-manifest `<array/>`"]);
}

#[test]
fn nesting_is_bounded() {
    let deep = format!("{HEAD}{}", "<array>".repeat(10_000));
    let (declaration, diags) = findings(&deep);
    assert!(declaration.is_none());
    assert_eq!(diags.len(), 1, "{diags:?}");
}

#[test]
fn text_and_unknown_elements_are_reported() {
    let text = plist("stray\n<key>NSPrivacyTracking</key><maybe/>\n");
    let (declaration, diags) = findings(&text);
    assert!(declaration.is_some());
    assert_eq!(
        diags,
        [
            "5:1 invalid-manifest `stray`",
            "6:29 invalid-manifest `<maybe/>`",
        ]
    );
}

#[test]
fn unknown_entities_are_one_finding_at_the_first_that_counts_the_others() {
    let entities = "&foo;&bar;".repeat(500);
    let text = plist(&format!(
        "<key>{TRACKING_DOMAINS}</key><array><string>a{entities}</string>\
         <string>b&baz;</string></array>\n"
    ));
    let (declaration, diags) = findings(&text);
    assert!(declaration.is_some());
    assert_eq!(diags, ["5:52 invalid-manifest `&foo;`"]);
    let (_, diags) = load(FileId(0), &text);
    assert_eq!(
        diags.first().map(|d| d.message.as_str()),
        Some("unknown entity `&foo;`, and 1000 more unknown entities in this file")
    );
    let one = plist("<key>NSPrivacyTracking</key><string>&a;&b;</string>\n");
    let (_, diags) = load(FileId(0), &one);
    assert_eq!(
        diags.first().map(|d| d.message.as_str()),
        Some("unknown entity `&a;`, and 1 more unknown entity in this file")
    );
}

#[test]
fn a_binary_property_list_handed_over_as_text_is_one_finding() {
    // What an editor sends for a binary file: its bytes read as text, replacement characters
    // and all. From the disk, a binary file is read as binary.
    let (declaration, diags) = findings("bplist00\u{fffd}\u{fffd}\u{1}\u{fffd}");
    assert!(declaration.is_none());
    assert_eq!(diags, ["1:1 invalid-manifest ``"]);
    let (_, diags) = load(FileId(0), "bplist00\u{fffd}");
    assert_eq!(
        diags.first().map(|d| d.message.as_str()),
        Some("this binary property list is shown as text here, and cannot be read as text")
    );
}

/// `text` loaded: the declaration and each finding as `line:column message`.
fn messages(text: &str) -> (Option<Declaration>, Vec<String>) {
    let mut sources = SourceMap::new();
    let file = sources.add("PrivacyInfo.xcprivacy", text);
    let (declaration, diags) = load(file, text);
    let described = diags
        .iter()
        .map(|d| {
            let at = sources.get(file).map(|f| f.position(d.primary.span.start));
            let (line, column) = at.map_or((0, 0), |p| (p.line, p.column));
            format!("{line}:{column} {}", d.message)
        })
        .collect();
    (declaration, described)
}

#[test]
fn an_empty_purpose_is_its_own_finding_and_the_other_purposes_are_read() {
    let text = plist(&collected(&[item(
        CRASH,
        "<false/>",
        "<false/>",
        &["", FUNCTIONALITY, "  "],
    )]));
    let (declaration, found) = messages(&text);
    assert_eq!(
        found,
        [
            "7:252 an empty purpose in `NSPrivacyCollectedDataTypePurposes`",
            "7:343 an empty purpose in `NSPrivacyCollectedDataTypePurposes`",
        ]
    );
    let (_, diags) = load(FileId(0), &text);
    assert_eq!(
        diags.first().and_then(|d| d.help.as_deref()),
        Some(
            "write one of Apple's purpose ids, such as \
             `NSPrivacyCollectedDataTypePurposeAppFunctionality`, or remove the empty `<string>`"
        )
    );
    assert!(diags.iter().all(|d| d.code == Code::InvalidManifest));
    // The empty `<string></string>` is pointed at as a whole.
    let first = diags.first().map(|d| d.primary.span).unwrap();
    assert_eq!(text.get(first.start..first.end), Some("<string></string>"));
    let declaration = declaration.unwrap();
    let [item] = declaration.items.as_slice() else {
        panic!("the item is kept: {:?}", declaration.items)
    };
    let purposes: Vec<&str> = item.uses.iter().map(|u| u.purpose.value.as_str()).collect();
    assert_eq!(purposes, [FUNCTIONALITY]);
}

#[test]
fn a_purpose_that_is_not_a_string_costs_itself_only() {
    let text = plist(&collected(&[format!(
        "<dict><key>{DATA_TYPE}</key><string>{CRASH}</string>\
         <key>{LINKED}</key><false/><key>{ITEM_TRACKING}</key><false/>\
         <key>{PURPOSES}</key><array><true/><string>{FUNCTIONALITY}</string></array></dict>\n"
    )]));
    let (declaration, found) = messages(&text);
    assert_eq!(
        found,
        [
            "7:252 each purpose in `NSPrivacyCollectedDataTypePurposes` must be a string, found a boolean"
        ]
    );
    let items = declaration.unwrap().items;
    assert_eq!(items.first().map(|i| i.uses.len()), Some(1));
}

#[test]
fn an_empty_item_is_one_finding_naming_the_keys_it_needs() {
    let text = plist(&collected(&["<dict/>\n".to_owned()]));
    let (declaration, found) = messages(&text);
    assert_eq!(
        found,
        [
            "7:1 an empty collected data type: it needs `NSPrivacyCollectedDataType`, \
             `NSPrivacyCollectedDataTypeLinked`, `NSPrivacyCollectedDataTypeTracking` and \
             `NSPrivacyCollectedDataTypePurposes`"
        ]
    );
    assert!(declaration.unwrap().items.is_empty());
    // Several keys missing from a dictionary that has others are one finding too.
    let text = plist(&collected(&[format!(
        "<dict><key>{DATA_TYPE}</key><string>{CRASH}</string></dict>\n"
    )]));
    let (_, found) = messages(&text);
    assert_eq!(
        found,
        ["7:1 missing keys `NSPrivacyCollectedDataTypeLinked`, \
             `NSPrivacyCollectedDataTypeTracking` and `NSPrivacyCollectedDataTypePurposes`"]
    );
    let text = plist("<key>NSPrivacyAccessedAPITypes</key><array><dict/></array>\n");
    let (_, found) = messages(&text);
    assert_eq!(
        found,
        [
            "5:44 an empty required-reason API: it needs `NSPrivacyAccessedAPIType` and \
             `NSPrivacyAccessedAPITypeReasons`"
        ]
    );
}

#[test]
fn a_repeated_key_names_both_places_and_its_last_value_is_read() {
    // In an item: the second data type is the one judged.
    let text = plist(&collected(&[format!(
        "<dict><key>{DATA_TYPE}</key><string>{CRASH}</string>\
         <key>{LINKED}</key><false/><key>{ITEM_TRACKING}</key><false/>\
         <key>{PURPOSES}</key><array><string>{FUNCTIONALITY}</string></array>\n\
         <key>{DATA_TYPE}</key><string>NSPrivacyCollectedDataTypeUserID</string></dict>\n"
    )]));
    let (declaration, diags) = load(FileId(0), &text);
    let [repeated] = diags.as_slice() else {
        panic!("one finding: {diags:?}")
    };
    assert_eq!(repeated.code, Code::InvalidManifest);
    assert_eq!(
        repeated.message,
        format!("`{DATA_TYPE}` is given twice in a collected data type")
    );
    let key = format!("<key>{DATA_TYPE}</key>");
    assert_eq!(repeated.primary.span.start, text.rfind(&key).unwrap() + 5);
    assert_eq!(
        repeated.primary.message,
        "given again here: this value is read"
    );
    let [first] = repeated.related.as_slice() else {
        panic!("one related place: {repeated:?}")
    };
    assert_eq!(first.span.start, text.find(&key).unwrap() + 5);
    assert!(text.find(&key) < text.rfind(&key));
    assert_eq!(first.message, "first given here: this value is not read");
    let items = declaration.unwrap().items;
    let read: Vec<&str> = items.iter().map(|i| i.data_type.value.as_str()).collect();
    assert_eq!(read, ["NSPrivacyCollectedDataTypeUserID"]);
    // At the top level: the last `NSPrivacyTracking` is read.
    let text = plist(&format!(
        "<key>{TRACKING}</key><true/>\n<key>{TRACKING}</key><false/>\n"
    ));
    let (declaration, found) = messages(&text);
    assert_eq!(
        found,
        ["6:6 `NSPrivacyTracking` is given twice in a privacy manifest"]
    );
    assert_eq!(declaration.unwrap().tracking.map(|t| t.value), Some(false));
}
