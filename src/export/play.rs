//! An exported declaration as Play's data safety CSV: the header, then every row of Google's
//! template in its order, so Play Console's "Import from CSV" finds every question it asks.
//!
//! 1. The questions about the app as a whole ([`ids::PLAY_SECTION_QUESTIONS`]), one row per
//!    choice of a choice question.
//! 2. Each data type category question × each of its data types ([`ids::PLAY_CATEGORIES`],
//!    [`ids::PLAY_DATA_TYPES`]).
//! 3. For each data type, its usage questions ([`ids::PLAY_USAGE_QUESTIONS`]): collected and
//!    shared (the template's two rows; it has none for "both"), ephemeral, user control (two
//!    rows), and the seven collection and seven sharing purposes.
//!
//! A value is `true` where the manifests say so and blank elsewhere: the manifests say nothing
//! about the other section questions, ephemeral processing or user control, so those are left
//! for Play Console. The first question, whether the app collects or shares any of the data
//! types, is always answered (`true` when anything is declared, else `false`), as every real
//! export answers it. Every field is quoted (`"` doubled inside), as Play's English export writes
//! them; lines end with `\n`. The fourth and fifth columns hold the template's answer
//! requirement and an English label, which Play does not read back.

use super::{Declared, Export};
use crate::platform::ids::{self, Answer, DataType, Question};
use crate::platform::play::COLUMNS;

/// Writes `export` as a data safety CSV.
pub fn write(export: &Export) -> String {
    let mut out = String::new();
    row(&mut out, COLUMNS);
    for question in &ids::PLAY_SECTION_QUESTIONS {
        // The one section question the manifests answer: whether anything is declared.
        let value = if question.id == ids::PLAY_COLLECTS_ANY {
            if export.declared.is_empty() {
                "false"
            } else {
                "true"
            }
        } else {
            ""
        };
        for (response, label) in responses(question) {
            let (requirement, text) = texts(question);
            let label = joined(&[text, &label]);
            row(
                &mut out,
                [question.id, response, value, requirement, &label],
            );
        }
    }
    for category in &ids::PLAY_CATEGORIES {
        let question = category.question.unwrap_or_default();
        for data_type in types_of(category) {
            let value = flag(declared(export, data_type).is_some());
            let label = joined(&[category.label, data_type.label]);
            row(
                &mut out,
                [
                    question,
                    data_type.id,
                    value,
                    ids::PLAY_DATA_TYPES_REQUIREMENT,
                    &label,
                ],
            );
        }
    }
    for category in &ids::PLAY_CATEGORIES {
        for data_type in types_of(category) {
            let declared = declared(export, data_type);
            for question in &ids::PLAY_USAGE_QUESTIONS {
                let id = format!(
                    "{}:{}:{}",
                    ids::PLAY_USAGE_PREFIX,
                    data_type.id,
                    question.id
                );
                let (requirement, text) = texts(question);
                let about = format!("Data usage and handling ({})", data_type.label);
                for (response, label) in responses(question) {
                    let value = flag(declared.is_some_and(|d| selects(d, question, response)));
                    let label = joined(&[&about, text, &label]);
                    row(&mut out, [&id, response, value, requirement, &label]);
                }
            }
        }
    }
    out
}

/// The rows of a question: its response ids with their labels (one blank response for a
/// question that takes none).
fn responses(question: &Question) -> Vec<(&'static str, String)> {
    match question.answer {
        Answer::Boolean | Answer::Text => vec![("", String::new())],
        // Google's template has no row for the "both" answer some exports show.
        Answer::Choice(choices) => choices
            .iter()
            .filter(|c| **c != ids::PLAY_BOTH)
            .map(|c| (*c, ids::play_choice_label(c).unwrap_or_default().to_owned()))
            .collect(),
        Answer::Purposes => ids::PLAY_PURPOSES
            .iter()
            .map(|p| (p.id, p.label.to_owned()))
            .collect(),
    }
}

/// A question's answer requirement and label.
fn texts(question: &Question) -> (&'static str, &'static str) {
    ids::play_question_text(question.id).map_or(("", ""), |t| (t.requirement, t.label))
}

/// The data types asked under `category`, in form order.
fn types_of(category: &'static ids::Category) -> impl Iterator<Item = &'static DataType> {
    ids::PLAY_DATA_TYPES
        .iter()
        .filter(move |t| t.category == category)
}

fn declared<'e>(export: &'e Export, data_type: &DataType) -> Option<&'e Declared> {
    export
        .declared
        .iter()
        .find(|d| d.data_type.id == data_type.id)
}

/// Whether the declared type's answer to `question` selects `response`.
fn selects(declared: &Declared, question: &Question, response: &str) -> bool {
    let has = |purposes: &[&ids::Purpose]| purposes.iter().any(|p| p.id == response);
    match question.id {
        ids::PLAY_COLLECTION_AND_SHARING => {
            (response == ids::PLAY_COLLECTED && !declared.collection.is_empty())
                || (response == ids::PLAY_SHARED && !declared.sharing.is_empty())
        }
        ids::PLAY_COLLECTION_PURPOSE => has(&declared.collection),
        ids::PLAY_SHARING_PURPOSE => has(&declared.sharing),
        _ => false,
    }
}

fn flag(value: bool) -> &'static str {
    if value { "true" } else { "" }
}

/// The non-empty parts, joined as Play's labels are: `Personal info / Name`.
fn joined(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" / ")
}

/// One CSV record, every field quoted.
fn row<'f>(out: &mut String, fields: impl IntoIterator<Item = &'f str>) {
    let quoted: Vec<String> = fields
        .into_iter()
        .map(|f| format!("\"{}\"", f.replace('"', "\"\"")))
        .collect();
    out.push_str(&quoted.join(","));
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::{Platform, UseKind};
    use crate::source::FileId;

    fn email_shared_for_ads() -> Export {
        let purpose = |id| ids::purpose(Platform::Play, id).unwrap();
        Export {
            platform: Platform::Play,
            product: "p".to_owned(),
            declared: vec![Declared {
                data_type: ids::data_type(Platform::Play, "PSL_EMAIL").unwrap(),
                collection: vec![purpose("PSL_APP_FUNCTIONALITY")],
                sharing: vec![purpose("PSL_ADVERTISING")],
                tracking: false,
            }],
            conditions: Vec::new(),
            diagnostics: Vec::new(),
            tracking: Vec::new(),
            uses: 2,
            declared_uses: 2,
            disallowed_uses: 0,
        }
    }

    #[test]
    fn the_first_question_is_answered_whether_or_not_anything_is_declared() {
        let row = |export: &Export| {
            write(export)
                .lines()
                .nth(1)
                .map(str::to_owned)
                .unwrap_or_default()
        };
        let some = email_shared_for_ads();
        assert!(
            row(&some).starts_with("\"PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA\",\"\",\"true\","),
            "{}",
            row(&some)
        );
        let none = Export {
            declared: Vec::new(),
            ..email_shared_for_ads()
        };
        assert!(
            row(&none)
                .starts_with("\"PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA\",\"\",\"false\","),
            "{}",
            row(&none)
        );
        // Play's reader takes both answers back.
        let (_, diags) = crate::platform::play::load(FileId(0), &write(&none));
        assert!(diags.is_empty(), "{diags:?}");
    }

    #[test]
    fn every_question_and_choice_has_its_template_text() {
        for question in ids::PLAY_SECTION_QUESTIONS
            .iter()
            .chain(&ids::PLAY_USAGE_QUESTIONS)
        {
            assert!(
                ids::play_question_text(question.id).is_some(),
                "{}",
                question.id
            );
            if let Answer::Choice(choices) = question.answer {
                for choice in choices {
                    assert!(ids::play_choice_label(choice).is_some(), "{choice}");
                }
            }
        }
    }

    #[test]
    fn the_template_reads_back_as_the_export() {
        let text = write(&email_shared_for_ads());
        assert!(
            text.starts_with(
                "\"Question ID (machine readable)\",\"Response ID (machine readable)\","
            )
        );
        assert!(text.contains(
            "\"PSL_DATA_TYPES_PERSONAL\",\"PSL_EMAIL\",\"true\",\"MULTIPLE_CHOICE\",\
             \"Personal info / Email address\"\n"
        ));
        let (declaration, diags) = crate::platform::play::load(FileId(0), &text);
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
    }

    #[test]
    fn a_quote_in_a_field_is_doubled() {
        let mut out = String::new();
        row(&mut out, ["a \"b\"", "c,d"]);
        assert_eq!(out, "\"a \"\"b\"\"\",\"c,d\"\n");
    }
}
