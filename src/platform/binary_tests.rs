//! Unit tests of the binary property list reader: the tree it reads is the XML one's, every
//! finding is at the start of the file and names its key path, and broken files are one finding.
use super::*;
use crate::platform::apple;

const ITEM_KEYS: &str = "<key>NSPrivacyCollectedDataTypeLinked</key><false/>\
    <key>NSPrivacyCollectedDataTypeTracking</key><false/>";

/// An XML privacy manifest holding `body` in its top-level dictionary, written as a binary
/// property list.
fn binary(body: &str) -> Vec<u8> {
    let xml = format!("<plist version=\"1.0\"><dict>{body}</dict></plist>");
    let value = plist::Value::from_reader_xml(xml.as_bytes()).expect("XML");
    let mut out = Vec::new();
    value.to_writer_binary(&mut out).expect("written");
    out
}

/// One collected data type of `data_type` for `purposes`.
fn item(data_type: &str, purposes: &[&str]) -> String {
    let purposes: String = purposes
        .iter()
        .map(|p| format!("<string>{p}</string>"))
        .collect();
    format!(
        "<dict><key>NSPrivacyCollectedDataType</key><string>{data_type}</string>{ITEM_KEYS}\
         <key>NSPrivacyCollectedDataTypePurposes</key><array>{purposes}</array></dict>"
    )
}

fn collected(items: &[String]) -> String {
    format!(
        "<key>NSPrivacyCollectedDataTypes</key><array>{}</array>",
        items.concat()
    )
}

const FILE_ID: FileId = FileId(3);

/// The findings of `bytes` read as a binary manifest, resolved: every one at the start of the
/// file, as its message.
fn messages(bytes: &[u8]) -> Vec<String> {
    let (_, diags, paths) = apple::load_binary(FILE_ID, bytes);
    let diags = paths.resolve(diags);
    for d in &diags {
        assert_eq!(d.primary.span, Span::new(FILE_ID, 0, 0), "{d:?}");
        assert!(d.related.iter().all(|r| r.span.start == 0), "{d:?}");
    }
    diags.into_iter().map(|d| d.message).collect()
}

#[test]
fn a_binary_manifest_reads_as_its_xml_does() {
    let bytes = binary(&format!(
        "<key>NSPrivacyTracking</key><true/>\
         <key>NSPrivacyTrackingDomains</key><array><string>t.example.com</string></array>{}",
        collected(&[
            item(
                "NSPrivacyCollectedDataTypeCrashData",
                &["NSPrivacyCollectedDataTypePurposeAppFunctionality"]
            ),
            item(
                "NSPrivacyCollectedDataTypeDeviceID",
                &[
                    "NSPrivacyCollectedDataTypePurposeAnalytics",
                    "NSPrivacyCollectedDataTypePurposeAppFunctionality"
                ]
            ),
        ])
    ));
    let (declaration, diags, _) = apple::load_binary(FILE_ID, &bytes);
    assert!(diags.is_empty(), "{diags:?}");
    let declaration = declaration.expect("a declaration");
    assert_eq!(declaration.tracking.map(|t| t.value), Some(true));
    assert_eq!(declaration.tracking_domains.len(), 1);
    let read: Vec<(String, Vec<String>)> = declaration
        .items
        .iter()
        .map(|i| {
            let uses = i.uses.iter().map(|u| u.purpose.value.clone()).collect();
            (i.data_type.value.clone(), uses)
        })
        .collect();
    assert_eq!(
        read,
        [
            (
                "NSPrivacyCollectedDataTypeCrashData".to_owned(),
                vec!["NSPrivacyCollectedDataTypePurposeAppFunctionality".to_owned()]
            ),
            (
                "NSPrivacyCollectedDataTypeDeviceID".to_owned(),
                vec![
                    "NSPrivacyCollectedDataTypePurposeAnalytics".to_owned(),
                    "NSPrivacyCollectedDataTypePurposeAppFunctionality".to_owned()
                ]
            ),
        ]
    );
    // Each value has a place of its own until the findings are resolved.
    let mut places: Vec<usize> = declaration
        .items
        .iter()
        .flat_map(|i| {
            std::iter::once(i.data_type.span.start)
                .chain(i.uses.iter().map(|u| u.purpose.span.start))
        })
        .collect();
    places.sort_unstable();
    places.dedup();
    assert_eq!(places.len(), 5);
}

#[test]
fn findings_name_the_key_path_of_their_value() {
    let bytes = binary(&format!(
        "<key>NSPrivacyTracking</key><string>yes</string><key>Extra</key><true/>{}",
        collected(&[
            item(
                "NSPrivacyCollectedDataTypeCrashData",
                &["NSPrivacyCollectedDataTypePurposeAppFunctionality"]
            ),
            item(
                "NSPrivacyCollectedDataTypeEmail",
                &["NSPrivacyCollectedDataTypePurposeAnalytic"]
            ),
        ])
    ));
    let mut found = messages(&bytes);
    found.sort();
    assert_eq!(
        found,
        [
            "`NSPrivacyCollectedDataTypeEmail` is not an Apple collected data type (at \
             `NSPrivacyCollectedDataTypes[1].NSPrivacyCollectedDataType`)",
            "`NSPrivacyCollectedDataTypePurposeAnalytic` is not an Apple purpose (at \
             `NSPrivacyCollectedDataTypes[1].NSPrivacyCollectedDataTypePurposes[0]`)",
            "`NSPrivacyTracking` must be a boolean, found a string (at `NSPrivacyTracking`)",
            "unknown key `Extra` in a privacy manifest (at `Extra`)",
        ]
    );
}

#[test]
fn the_top_level_and_related_places_are_named_and_no_fix_is_offered() {
    let array = {
        let value = plist::Value::Array(vec![plist::Value::Boolean(true)]);
        let mut out = Vec::new();
        value.to_writer_binary(&mut out).expect("written");
        out
    };
    assert_eq!(
        messages(&array),
        ["a privacy manifest must hold a dictionary, found an array (at the top level)"]
    );
    let crash = item(
        "NSPrivacyCollectedDataTypeCrashData",
        &["NSPrivacyCollectedDataTypePurposeAppFunctionality"],
    );
    let typo = item(
        "NSPrivacyCollectedDataTypeCrashDta",
        &["NSPrivacyCollectedDataTypePurposeAppFunctionality"],
    );
    let bytes = binary(&collected(&[crash.clone(), typo, crash]));
    let (_, diags, paths) = apple::load_binary(FILE_ID, &bytes);
    let diags = paths.resolve(diags);
    let duplicate = diags
        .iter()
        .find(|d| d.code == Code::DuplicateEntry)
        .expect("a duplicate");
    assert!(
        duplicate
            .message
            .ends_with("(at `NSPrivacyCollectedDataTypes[2].NSPrivacyCollectedDataType`)"),
        "{duplicate:?}"
    );
    assert_eq!(
        duplicate.related.first().map(|r| r.message.as_str()),
        Some("first declared here, at `NSPrivacyCollectedDataTypes[0].NSPrivacyCollectedDataType`")
    );
    let typo = diags
        .iter()
        .find(|d| d.code == Code::UnknownPlatformId)
        .expect("a typo");
    assert_eq!(
        typo.help.as_deref(),
        Some("did you mean `NSPrivacyCollectedDataTypeCrashData`?")
    );
}

#[test]
fn findings_about_the_whole_file_name_no_path_and_no_fix_stays() {
    let whole = Diagnostic::new(
        Code::UnboundDeclaration,
        Span::new(FILE_ID, 0, 0),
        "unbound",
    );
    let other_file = Diagnostic::new(Code::PolicySyntax, Span::new(FileId(1), 7, 9), "elsewhere")
        .with_fix(Span::new(FileId(1), 7, 9), "there");
    let (_, _, paths) = apple::load_binary(FILE_ID, &binary(""));
    let resolved = paths.resolve(vec![whole.clone(), other_file.clone()]);
    assert_eq!(resolved, [whole.clone(), other_file]);
    // A fix in the binary file has no text to edit.
    let fixed = whole.with_fix(Span::new(FILE_ID, 0, 0), "x");
    let resolved = paths.resolve(vec![fixed]);
    assert_eq!(resolved.first().map(|d| d.fix.is_none()), Some(true));
}

#[test]
fn broken_binary_files_are_one_finding_that_says_what_is_wrong() {
    let good = binary(&collected(&[]));
    let cases: [(&str, Vec<u8>, &str); 4] = [
        (
            "magic only",
            b"bplist00".to_vec(),
            "the file ends too early",
        ),
        (
            "a newer format",
            [b"bplist15".as_slice(), &good[8..]].concat(),
            "only `bplist00` binary property lists are read",
        ),
        (
            "cut short",
            good[..good.len() - 10].to_vec(),
            "not a valid binary property list",
        ),
        (
            // The trailer's reference size (the 7th byte of the trailer) made 5.
            "a bad trailer",
            {
                let mut bad = good.clone();
                let at = bad.len() - 32 + 7;
                bad[at] = 5;
                bad
            },
            "its trailer gives a reference size that is not 1, 2, 3, 4 or 8 bytes",
        ),
    ];
    for (name, bytes, expected) in cases {
        let (declaration, diags, paths) = apple::load_binary(FILE_ID, &bytes);
        assert!(declaration.is_none(), "{name}");
        let diags = paths.resolve(diags);
        assert_eq!(diags.len(), 1, "{name}: {diags:?}");
        let message = &diags[0].message;
        assert!(message.contains(expected), "{name}: {message}");
        assert!(
            message.starts_with("not a valid binary property list: "),
            "{name}: {message}"
        );
        assert_eq!(diags[0].code, Code::InvalidManifest);
    }
}

/// A binary property list whose top-level dictionary has the integer 1 as its key.
#[test]
fn a_key_that_is_not_a_string_is_one_finding() {
    // Objects: 0 the dictionary {1: 2}, 1 the integer 1, 2 `true`; 1-byte offsets and refs.
    let mut bytes = b"bplist00".to_vec();
    let offsets = [bytes.len(), bytes.len() + 3, bytes.len() + 5];
    bytes.extend([0xD1, 1, 2, 0x10, 1, 0x09]);
    let table = bytes.len();
    bytes.extend(offsets.iter().map(|&o| u8::try_from(o).expect("small")));
    bytes.extend([0; 6]);
    bytes.extend([1, 1]);
    bytes.extend(3u64.to_be_bytes());
    bytes.extend(0u64.to_be_bytes());
    bytes.extend((table as u64).to_be_bytes());
    assert_eq!(
        messages(&bytes),
        ["a dictionary has an integer as a key (at the top level)"]
    );
}
