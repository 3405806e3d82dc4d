//! fastlane's `app_privacy_details.json`: the App Store privacy label as fastlane's
//! `upload_app_privacy_details_to_app_store` uploads it, a JSON list of one object per
//! collected data type (`category`, `purposes`, `data_protections`), or one object whose only
//! protection is `DATA_NOT_COLLECTED`. Its ids are App Store Connect's (fastlane's
//! `spaceship` models, [`ids::FASTLANE_CATEGORIES`] and [`ids::FASTLANE_PURPOSES`]); each is
//! translated to Apple's privacy-manifest id, spanned at the JSON string, so the label is
//! judged exactly as a `PrivacyInfo.xcprivacy` is. `DATA_USED_TO_TRACK_YOU` is tracking.
//!
//! JSON is read with the manifests' YAML reader (JSON is YAML), with its budgets and spans.

use super::{Declaration, Flag, Item, Platform, Use, UseKind, ids};
use crate::diagnostic::{Code, Diagnostic};
use crate::manifest::Str;
use crate::manifest::yaml::{self, Node, Value};
use crate::source::{FileId, Span};
use crate::suggest;

/// The file's name, fastlane's default.
pub const FILE_NAME: &str = "app_privacy_details.json";

/// The keys of one object.
const KEYS: &[&str] = &["category", "purposes", "data_protections"];

const SUBJECT: yaml::Subject = yaml::Subject {
    the: "the App Store privacy details",
    a: "an App Store privacy details file",
    within: "in app_privacy_details.json",
    takes_text: "app_privacy_details.json takes text here",
};

/// Reads fastlane's privacy details.
pub fn load(file: FileId, text: &str) -> (Option<Declaration>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    if yaml::is_blank(text) {
        diags.push(
            Diagnostic::new(
                Code::InvalidManifest,
                Span::new(file, 0, 0),
                "the App Store privacy details file is empty",
            )
            .with_help("fastlane writes a JSON list of the collected data types"),
        );
        return (None, diags);
    }
    let root = match yaml::parse_as(text, SUBJECT) {
        Ok(root) => root,
        Err(error) => {
            let at = error.offset_in(text);
            diags.push(Diagnostic::new(
                Code::InvalidManifest,
                Span::new(file, at, at),
                format!(
                    "the App Store privacy details are not valid JSON: {}",
                    error.message
                ),
            ));
            return (None, diags);
        }
    };
    let span = |n: &Node| Span::new(file, n.start, n.end);
    let Value::Seq(entries) = &root.value else {
        diags.push(Diagnostic::new(
            Code::InvalidManifest,
            span(&root),
            format!(
                "the App Store privacy details are {}, not a list",
                root.value.kind()
            ),
        ));
        return (None, diags);
    };
    let mut declaration = Declaration::new(file, Platform::Apple);
    for entry in entries {
        let Value::Map(fields) = &entry.value else {
            diags.push(Diagnostic::new(
                Code::InvalidManifest,
                span(entry),
                format!("each data type is an object, not {}", entry.value.kind()),
            ));
            continue;
        };
        let mut category = None;
        let mut purposes: Vec<Str> = Vec::new();
        let mut protections: Vec<Str> = Vec::new();
        for (key, value) in fields {
            let Value::Str(name) = &key.value else {
                continue;
            };
            match name.as_str() {
                "category" => category = string(file, value, "`category`", &mut diags),
                "purposes" => purposes = strings(file, value, "`purposes`", &mut diags),
                "data_protections" => {
                    protections = strings(file, value, "`data_protections`", &mut diags);
                }
                other => diags.push(
                    Diagnostic::new(
                        Code::InvalidManifest,
                        span(key),
                        format!("unknown key `{other}` in a data type"),
                    )
                    .with_help(format!("the keys are {}", yaml::listed(KEYS))),
                ),
            }
        }
        let not_collected = protections.iter().any(|p| p.value == "DATA_NOT_COLLECTED");
        let Some(category) = category else {
            if !not_collected {
                diags.push(Diagnostic::new(
                    Code::InvalidManifest,
                    span(entry),
                    "a data type with no `category`".to_owned(),
                ));
            }
            continue;
        };
        let Some(data_type) = translate(
            file,
            &category,
            &ids::FASTLANE_CATEGORIES,
            "data type",
            &mut diags,
        ) else {
            continue;
        };
        let mut uses = Vec::new();
        for purpose in &purposes {
            if let Some(apple) = translate(
                file,
                purpose,
                &ids::FASTLANE_PURPOSES,
                "purpose",
                &mut diags,
            ) {
                uses.push(Use {
                    kind: UseKind::Collection,
                    purpose: apple,
                });
            }
        }
        let mut linked = None;
        for protection in &protections {
            match protection.value.as_str() {
                "DATA_USED_TO_TRACK_YOU" => uses.push(Use {
                    kind: UseKind::Tracking,
                    purpose: Str {
                        value: ids::APPLE_TRACKING.id.to_owned(),
                        span: protection.span,
                    },
                }),
                "DATA_LINKED_TO_YOU" | "DATA_NOT_LINKED_TO_YOU" => {
                    linked = Some(Flag {
                        value: protection.value == "DATA_LINKED_TO_YOU",
                        span: protection.span,
                    });
                }
                "DATA_NOT_COLLECTED" => {}
                other => diags.push(unknown(
                    protection.span,
                    other,
                    "data protection",
                    ids::FASTLANE_PROTECTIONS.iter().copied(),
                )),
            }
        }
        if purposes.is_empty() {
            diags.push(Diagnostic::new(
                Code::InvalidManifest,
                category.span,
                format!("`{}` has no purposes", category.value),
            ));
        }
        declaration.items.push(Item {
            data_type,
            uses,
            linked,
            collected: None,
            shared: None,
        });
    }
    if declaration
        .items
        .iter()
        .any(|i| i.uses.iter().any(|u| u.kind == UseKind::Tracking))
    {
        declaration.tracking = declaration
            .items
            .iter()
            .flat_map(|i| &i.uses)
            .find(|u| u.kind == UseKind::Tracking)
            .map(|u| Flag {
                value: true,
                span: u.purpose.span,
            });
    }
    (Some(declaration), diags)
}

fn string(file: FileId, node: &Node, what: &str, diags: &mut Vec<Diagnostic>) -> Option<Str> {
    match &node.value {
        Value::Str(value) => Some(Str {
            value: value.clone(),
            span: text_span(file, node),
        }),
        other => {
            diags.push(Diagnostic::new(
                Code::InvalidManifest,
                Span::new(file, node.start, node.end),
                format!("{what} is {}, not a string", other.kind()),
            ));
            None
        }
    }
}

fn strings(file: FileId, node: &Node, what: &str, diags: &mut Vec<Diagnostic>) -> Vec<Str> {
    match &node.value {
        Value::Seq(items) => items
            .iter()
            .filter_map(|item| string(file, item, &format!("each of {what}"), diags))
            .collect(),
        other => {
            diags.push(Diagnostic::new(
                Code::InvalidManifest,
                Span::new(file, node.start, node.end),
                format!("{what} is {}, not a list", other.kind()),
            ));
            Vec::new()
        }
    }
}

/// The span of a string's text, inside its quotes.
fn text_span(file: FileId, node: &Node) -> Span {
    let quoted = node.end >= node.start + 2;
    if quoted {
        Span::new(file, node.start + 1, node.end - 1)
    } else {
        Span::new(file, node.start, node.end)
    }
}

/// Apple's id for fastlane's `written`, or the finding that it is not one of fastlane's.
fn translate(
    _file: FileId,
    written: &Str,
    table: &[(&str, &str)],
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Str> {
    match table.iter().find(|(id, _)| *id == written.value) {
        Some((_, apple)) => Some(Str {
            value: (*apple).to_owned(),
            span: written.span,
        }),
        None => {
            diags.push(unknown(
                written.span,
                &written.value,
                what,
                table.iter().map(|(id, _)| *id),
            ));
            None
        }
    }
}

fn unknown<'a>(
    span: Span,
    written: &str,
    what: &str,
    ids: impl IntoIterator<Item = &'a str>,
) -> Diagnostic {
    let ids: Vec<&str> = ids.into_iter().collect();
    let help = suggest::did_you_mean(written, ids.iter().copied())
        .unwrap_or_else(|| format!("fastlane's {what} ids are {}", ids.join(", ")));
    Diagnostic::new(
        Code::UnknownPlatformId,
        span,
        format!("`{written}` is not a fastlane App Store {what} id"),
    )
    .with_label("not an App Store Connect id")
    .with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fastlanes_ids_are_read_as_apples_at_their_strings() {
        let text = r#"[
  {
    "category": "EMAIL_ADDRESS",
    "purposes": ["APP_FUNCTIONALITY", "DEVELOPERS_ADVERTISING"],
    "data_protections": ["DATA_LINKED_TO_YOU", "DATA_USED_TO_TRACK_YOU"]
  },
  {
    "category": "PRECISE_LOCATON",
    "purposes": ["APP_FUNCTIONALITY"],
    "data_protections": ["DATA_NOT_LINKED_TO_YOU"]
  }
]"#;
        let (declaration, diags) = load(FileId(0), text);
        let declaration = declaration.unwrap();
        let item = &declaration.items[0];
        assert_eq!(
            item.data_type.value,
            "NSPrivacyCollectedDataTypeEmailAddress"
        );
        assert_eq!(
            &text[item.data_type.span.start..item.data_type.span.end],
            "EMAIL_ADDRESS"
        );
        let uses: Vec<&str> = item.uses.iter().map(|u| u.purpose.value.as_str()).collect();
        assert_eq!(
            uses,
            [
                "NSPrivacyCollectedDataTypePurposeAppFunctionality",
                "NSPrivacyCollectedDataTypePurposeDeveloperAdvertising",
                "NSPrivacyCollectedDataTypeTracking"
            ]
        );
        assert!(declaration.tracking.is_some_and(|t| t.value));
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].code, Code::UnknownPlatformId);
        assert!(
            diags[0]
                .help
                .as_deref()
                .unwrap()
                .contains("PRECISE_LOCATION"),
            "{diags:?}"
        );
    }

    #[test]
    fn an_app_that_collects_nothing_says_so_in_one_object() {
        let (declaration, diags) = load(
            FileId(0),
            r#"[{"data_protections": ["DATA_NOT_COLLECTED"]}]"#,
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert!(declaration.unwrap().items.is_empty());
    }
}
