//! Unit tests of the Play data safety reader.
use super::*;
use crate::source::SourceMap;

const HEADER: &str = "Question ID (machine readable),Response ID (machine readable),\
                      Response value,Answer requirement,Human-friendly question label\n";

/// Loads `rows` under Play's header and describes each finding as `line:column code` with
/// the text it points at.
fn findings(rows: &str) -> (Option<Declaration>, Vec<String>) {
    let text = format!("{HEADER}{rows}");
    let mut sources = SourceMap::new();
    let file = sources.add("data_safety.csv", text.as_str());
    let (declaration, diags) = load(file, &text);
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

fn usage(data_type: &str, question: &str, response: &str, value: &str) -> String {
    format!(
        "PSL_DATA_USAGE_RESPONSES:{data_type}:{question},{response},{value},MULTIPLE_CHOICE,x\n"
    )
}

#[test]
fn booleans_take_any_case_and_blank_is_false() {
    for (text, value) in [
        ("true", true),
        ("TRUE", true),
        ("False", false),
        ("", false),
    ] {
        assert_eq!(boolean(text), Some(value), "{text}");
    }
    assert_eq!(boolean("yes"), None);
}

#[test]
fn a_collected_and_shared_type_has_both_kinds_of_use() {
    let rows = [
        "PSL_DATA_TYPES_PERSONAL,PSL_EMAIL,TRUE,MULTIPLE_CHOICE,x\n".to_owned(),
        usage(
            "PSL_EMAIL",
            "PSL_DATA_USAGE_COLLECTION_AND_SHARING",
            "PSL_DATA_USAGE_ONLY_COLLECTED",
            "TRUE",
        ),
        usage(
            "PSL_EMAIL",
            "PSL_DATA_USAGE_COLLECTION_AND_SHARING",
            "PSL_DATA_USAGE_ONLY_SHARED",
            "true",
        ),
        usage(
            "PSL_EMAIL",
            "DATA_USAGE_COLLECTION_PURPOSE",
            "PSL_APP_FUNCTIONALITY",
            "true",
        ),
        usage(
            "PSL_EMAIL",
            "DATA_USAGE_COLLECTION_PURPOSE",
            "PSL_ANALYTICS",
            "",
        ),
        usage(
            "PSL_EMAIL",
            "DATA_USAGE_SHARING_PURPOSE",
            "PSL_ADVERTISING",
            "\"TRUE\"",
        ),
    ]
    .concat();
    let (declaration, diags) = findings(&rows);
    assert!(diags.is_empty(), "{diags:?}");
    let declaration = declaration.unwrap();
    let [item] = declaration.items.as_slice() else {
        panic!("one item expected: {:?}", declaration.items)
    };
    assert_eq!(item.data_type.value, "PSL_EMAIL");
    let uses: Vec<(UseKind, &str)> = item
        .uses
        .iter()
        .map(|u| (u.kind, u.purpose.value.as_str()))
        .collect();
    assert_eq!(
        uses,
        [
            (UseKind::Collection, "PSL_APP_FUNCTIONALITY"),
            (UseKind::Sharing, "PSL_ADVERTISING")
        ]
    );
    assert!(item.collected.is_some() && item.shared.is_some());
}

#[test]
fn a_type_never_collected_or_shared_is_not_declared() {
    let rows = [
        usage(
            "PSL_NAME",
            "PSL_DATA_USAGE_COLLECTION_AND_SHARING",
            "PSL_DATA_USAGE_ONLY_COLLECTED",
            "",
        ),
        usage(
            "PSL_NAME",
            "PSL_DATA_USAGE_COLLECTION_AND_SHARING",
            "PSL_DATA_USAGE_ONLY_SHARED",
            "false",
        ),
        usage(
            "PSL_NAME",
            "DATA_USAGE_COLLECTION_PURPOSE",
            "PSL_ANALYTICS",
            "false",
        ),
    ]
    .concat();
    let (declaration, diags) = findings(&rows);
    assert!(diags.is_empty(), "{diags:?}");
    assert!(declaration.unwrap().items.is_empty());
}

#[test]
fn the_type_inside_a_usage_question_id_is_spanned_exactly() {
    let rows = usage("PSL_EMIAL", "PSL_DATA_USAGE_EPHEMERAL", "", "false");
    let (_, diags) = findings(&rows);
    assert_eq!(diags, ["2:26 unknown-platform-id `PSL_EMIAL`"]);
    let rows = usage(
        "PSL_EMAIL",
        "DATA_USAGE_COLECTION_PURPOSE",
        "PSL_ANALYTICS",
        "true",
    );
    let (_, diags) = findings(&rows);
    assert_eq!(
        diags,
        ["2:36 unknown-platform-id `DATA_USAGE_COLECTION_PURPOSE`"]
    );
}

#[test]
fn values_that_are_not_booleans_are_invalid_at_the_cell() {
    let rows = [
        "PSL_DATA_COLLECTION_ENCRYPTED_IN_TRANSIT,,yes,MAYBE_REQUIRED,x\n".to_owned(),
        "PSL_ACCOUNT_DELETION_URL,,https://example.com/delete,MAYBE_REQUIRED,x\n".to_owned(),
        usage(
            "PSL_NAME",
            "DATA_USAGE_COLLECTION_PURPOSE",
            "PSL_ANALYTICS",
            "\"maybe\"",
        ),
    ]
    .concat();
    let (declaration, diags) = findings(&rows);
    assert!(declaration.is_some());
    assert_eq!(
        diags,
        [
            "2:43 invalid-manifest `yes`",
            "4:80 invalid-manifest `maybe`"
        ]
    );
}

#[test]
fn contradicting_answers_are_reported() {
    let rows = [
        // Selected, but neither collected nor shared.
        "PSL_DATA_TYPES_PERSONAL,PSL_NAME,true,MULTIPLE_CHOICE,x\n".to_owned(),
        // Collected for no purpose, and a sharing purpose for a type not shared.
        usage(
            "PSL_PHONE",
            "PSL_DATA_USAGE_COLLECTION_AND_SHARING",
            "PSL_DATA_USAGE_ONLY_COLLECTED",
            "true",
        ),
        usage(
            "PSL_PHONE",
            "DATA_USAGE_SHARING_PURPOSE",
            "PSL_ANALYTICS",
            "true",
        ),
        // Collected, but not selected under its category.
        "PSL_DATA_TYPES_LOCATION,PSL_APPROX_LOCATION,false,MULTIPLE_CHOICE,x\n".to_owned(),
        usage(
            "PSL_APPROX_LOCATION",
            "PSL_DATA_USAGE_COLLECTION_AND_SHARING",
            "PSL_DATA_USAGE_ONLY_COLLECTED",
            "true",
        ),
        usage(
            "PSL_APPROX_LOCATION",
            "DATA_USAGE_COLLECTION_PURPOSE",
            "PSL_APP_FUNCTIONALITY",
            "true",
        ),
    ]
    .concat();
    let (declaration, diags) = findings(&rows);
    assert_eq!(
        diags,
        [
            "2:34 invalid-manifest `true`",
            "3:104 invalid-manifest `true`",
            "4:77 invalid-manifest `true`",
            "6:114 invalid-manifest `true`",
        ]
    );
    let items = declaration.unwrap().items;
    let declared: Vec<&str> = items.iter().map(|i| i.data_type.value.as_str()).collect();
    assert_eq!(declared, ["PSL_PHONE", "PSL_APPROX_LOCATION"]);
}

#[test]
fn a_type_under_another_category_and_unknown_answers_are_reported() {
    let rows = [
        "PSL_DATA_TYPES_PERSONAL,PSL_CRASH_LOGS,true,MULTIPLE_CHOICE,x\n",
        "PSL_SUPPORT_DATA_DELETION_BY_USER,DATA_DELETION_MAYBE,true,SINGLE_CHOICE,x\n",
        "PSL_DATA_TYPE_PERSONAL_INFO_EMAIL,Email address,DATA_TYPE_SELECT,Selected,REQUIRED\n",
        "PSL_DATA_COLLECTION_ENCRYPTED_IN_TRANSIT,PSL_YES,true,REQUIRED,x\n",
    ]
    .concat();
    let (declaration, diags) = findings(&rows);
    assert!(declaration.is_some());
    assert_eq!(
        diags,
        [
            "2:25 invalid-manifest `PSL_CRASH_LOGS`",
            "3:35 unknown-platform-id `DATA_DELETION_MAYBE`",
            "4:1 unknown-platform-id `PSL_DATA_TYPE_PERSONAL_INFO_EMAIL`",
            "5:42 invalid-manifest `PSL_YES`",
        ]
    );
}

#[test]
fn repeated_rows_are_warnings_and_the_repeat_is_not_read() {
    let row = usage(
        "PSL_NAME",
        "DATA_USAGE_COLLECTION_PURPOSE",
        "PSL_ANALYTICS",
        "false",
    );
    let (_, diags) = findings(&format!("{row}{row}"));
    assert_eq!(
        diags,
        ["3:1 duplicate-entry `PSL_DATA_USAGE_RESPONSES:PSL_NAME:DATA_USAGE_COLLECTION_PURPOSE`"]
    );
}

#[test]
fn a_wrong_header_rejects_the_file_and_a_missing_one_is_reported() {
    let text = "Question ID (machine readable - do not modify),Question (human readable - do not modify),Answer ID\n\
                PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA,Does your app collect data?,TRUE\n";
    let (declaration, diags) = load(FileId(0), text);
    assert!(declaration.is_none());
    let [diag] = diags.as_slice() else {
        panic!("one finding expected: {diags:?}")
    };
    assert_eq!(diag.code, Code::InvalidManifest);
    assert_eq!(
        diag.message,
        "expected the column `Question ID (machine readable)`, found \
         `Question ID (machine readable - do not modify)`"
    );
    assert_eq!((diag.primary.span.start, diag.primary.span.end), (0, 46));

    let text = "PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA,,true,REQUIRED,x\n";
    let (declaration, diags) = load(FileId(0), text);
    assert!(declaration.is_some());
    assert_eq!(
        diags.iter().map(|d| d.message.as_str()).collect::<Vec<_>>(),
        ["the header row is missing"]
    );

    let (declaration, diags) = load(FileId(0), "\u{feff}  \n");
    assert!(declaration.is_none());
    assert_eq!(diags.len(), 1);
}

#[test]
fn a_byte_order_mark_and_crlf_lines_are_read() {
    let text = format!(
        "\u{feff}{}{}",
        HEADER.replace('\n', "\r\n"),
        [
            usage(
                "PSL_CRASH_LOGS",
                "PSL_DATA_USAGE_COLLECTION_AND_SHARING",
                "PSL_DATA_USAGE_ONLY_COLLECTED",
                "true"
            ),
            usage(
                "PSL_CRASH_LOGS",
                "DATA_USAGE_COLLECTION_PURPOSE",
                "PSL_ANALYTICS",
                "true"
            ),
        ]
        .concat()
        .replace('\n', "\r\n")
    );
    let (declaration, diags) = load(FileId(0), &text);
    assert!(diags.is_empty(), "{diags:?}");
    let declaration = declaration.unwrap();
    let purpose = &declaration
        .items
        .first()
        .unwrap()
        .uses
        .first()
        .unwrap()
        .purpose;
    assert_eq!(
        text.get(purpose.span.start..purpose.span.end),
        Some("PSL_ANALYTICS")
    );
}
