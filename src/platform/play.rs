//! Google Play data safety forms: the CSV Play Console exports (and imports), read into rows of
//! spanned cells by `table`, where a stray quote costs its row only. Each row answers one question: its question id, its response id and its value.
//! Rows are interpreted by those ids and the column positions only; the header names are
//! checked (Play writes them in English whatever the language of the labels) and the labels,
//! which Play translates, are never read.
//!
//! A data type is declared when its `PSL_DATA_USAGE_COLLECTION_AND_SHARING` rows say it is
//! collected or shared. Its uses are the collection purposes (if collected) and the sharing
//! purposes (if shared) whose value is true; blank and `false` mean not selected.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use super::ids::{self, Answer};
use super::table::{self, Cell};
use super::{Declaration, Flag, Item, Platform, Use, UseKind, Vocabulary};
use crate::diagnostic::{Code, Diagnostic};
use crate::manifest::Str;
use crate::source::{FileId, Span};

/// The columns of Play's export, in order. The first three are read; the answer requirement
/// and the (translated) label are for people.
pub const COLUMNS: [&str; 5] = [
    "Question ID (machine readable)",
    "Response ID (machine readable)",
    "Response value",
    "Answer requirement",
    "Human-friendly question label",
];

/// How many leading columns a row must have to be read.
const READ_COLUMNS: usize = 3;

/// Reads a data safety CSV. `None` when the file is empty, is not CSV, or its header is not
/// Play's; every problem is a diagnostic, and a bad row never hides the others.
pub fn load(file: FileId, text: &str) -> (Option<Declaration>, Vec<Diagnostic>) {
    let mut loader = Loader {
        file,
        text,
        diags: Vec::new(),
        types: Vec::new(),
        answered: HashMap::new(),
    };
    let declaration = loader.read().then(|| loader.declaration());
    (declaration, loader.diags)
}

/// What the rows say about one data type.
#[derive(Debug)]
struct TypeState {
    id: &'static str,
    /// Where the type is first named in a usage question id.
    mentioned: Span,
    /// The type's row under its category question: its value and response cell.
    selected: Option<(Flag, Span)>,
    collected: Option<Flag>,
    shared: Option<Flag>,
    /// The collection purposes whose value is true, with the value.
    collection: Vec<(Str, Flag)>,
    /// The sharing purposes whose value is true, with the value.
    sharing: Vec<(Str, Flag)>,
}

struct Loader<'t> {
    file: FileId,
    text: &'t str,
    diags: Vec<Diagnostic>,
    /// Every data type the rows mention, in the order they first do.
    types: Vec<TypeState>,
    /// Each (question, response) answered so far, with where, to report repeats. A map, not a
    /// list: a form can have any number of rows, and each row looks its pair up.
    answered: HashMap<(String, String), Span>,
}

/// A boolean answer: `true` or `false` in any case, or blank for not selected.
fn boolean(value: &str) -> Option<bool> {
    let value = value.trim();
    if value.is_empty() || value.eq_ignore_ascii_case("false") {
        Some(false)
    } else if value.eq_ignore_ascii_case("true") {
        Some(true)
    } else {
        None
    }
}

impl Loader<'_> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn invalid(&mut self, span: Span, message: String, help: Option<String>) {
        let mut diag = Diagnostic::new(Code::InvalidManifest, span, message);
        diag.help = help;
        self.diags.push(diag);
    }

    /// Reads every row. `false` when the file cannot be read as a data safety form at all.
    fn read(&mut self) -> bool {
        if self.text.trim_start_matches('\u{feff}').trim().is_empty() {
            self.invalid(
                self.span(0, 0),
                "the data safety file is empty".to_owned(),
                Some(format!(
                    "export the form from Play Console; its first row is `{}`",
                    COLUMNS.join(",")
                )),
            );
            return false;
        }
        let rows = table::rows(self.file, self.text, &mut self.diags);
        let mut rows = rows.iter();
        if let Some(first) = rows.next() {
            match self.header(&first.cells, first.start) {
                Header::Valid => {}
                Header::Missing => self.row(&first.cells, first.start),
                Header::Invalid => return false,
            }
        }
        for row in rows {
            self.row(&row.cells, row.start);
        }
        true
    }

    /// Checks the header row against Play's column names.
    fn header(&mut self, cells: &[Cell], start: usize) -> Header {
        let name = |cell: &Cell| cell.value.trim_start_matches('\u{feff}').trim().to_owned();
        let wrong = COLUMNS
            .iter()
            .take(READ_COLUMNS)
            .enumerate()
            .find(|(i, expected)| {
                cells
                    .get(*i)
                    .is_none_or(|c| !name(c).eq_ignore_ascii_case(expected))
            });
        let Some((index, expected)) = wrong else {
            return Header::Valid;
        };
        let export_help = format!(
            "export the form with Export to CSV on the Data safety page of Play Console; \
             its columns are {}",
            COLUMNS
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let first = cells.first().map(name).unwrap_or_default();
        if first.starts_with("PSL_") {
            self.invalid(
                self.span(start, start),
                "the header row is missing".to_owned(),
                Some(export_help),
            );
            return Header::Missing;
        }
        match cells.get(index) {
            Some(cell) => {
                let span = cell.span;
                self.invalid(
                    span,
                    format!("expected the column `{expected}`, found `{}`", name(cell)),
                    Some(format!(
                        "this is not the CSV Play Console writes: {export_help}"
                    )),
                );
            }
            None => {
                let end = cells.last().map_or(start, |c| c.span.end);
                self.invalid(
                    self.span(end, end),
                    format!("the header has no column `{expected}`"),
                    Some(format!(
                        "this is not the CSV Play Console writes: {export_help}"
                    )),
                );
            }
        }
        Header::Invalid
    }

    /// One answer row.
    fn row(&mut self, cells: &[Cell], start: usize) {
        let (Some(question), Some(response), Some(value)) =
            (cells.first(), cells.get(1), cells.get(2))
        else {
            if cells.iter().any(|c| !c.value.trim().is_empty()) {
                self.invalid(
                    self.span(start, cells.last().map_or(start, |c| c.span.end)),
                    format!(
                        "a row needs at least {READ_COLUMNS} cells: a question id, a response \
                         id and a value"
                    ),
                    None,
                );
            }
            return;
        };
        if question.value.trim().is_empty() {
            if cells.iter().any(|c| !c.value.trim().is_empty()) {
                self.invalid(
                    question.span,
                    "a row without a question id".to_owned(),
                    Some("each row answers the question its first cell names".to_owned()),
                );
            }
            return;
        }
        if self.repeated(question, response) {
            return;
        }
        if let Some(rest) = question
            .value
            .strip_prefix(ids::PLAY_USAGE_PREFIX)
            .and_then(|r| r.strip_prefix(':'))
        {
            self.usage_row(question, rest, response, value);
        } else if let Some(category) = ids::play_category(&question.value) {
            self.category_row(category, response, value);
        } else if let Some(known) = ids::play_section_question(&question.value) {
            self.answer(question, known.answer, response, value);
        } else {
            let known = ids::PLAY_SECTION_QUESTIONS
                .iter()
                .map(|q| q.id)
                .chain(ids::PLAY_CATEGORIES.iter().filter_map(|c| c.question));
            self.diags.push(super::unknown_id(
                &question.as_str(),
                "a Google Play data safety question",
                known,
            ));
        }
    }

    /// Reports a question and response answered before (the later row is not read).
    fn repeated(&mut self, question: &Cell, response: &Cell) -> bool {
        let first = match self
            .answered
            .entry((question.value.clone(), response.value.clone()))
        {
            Entry::Occupied(first) => *first.get(),
            Entry::Vacant(slot) => {
                slot.insert(question.span);
                return false;
            }
        };
        let what = if response.value.is_empty() {
            format!("`{}`", question.value)
        } else {
            format!("`{}` for `{}`", question.value, response.value)
        };
        self.diags.push(
            Diagnostic::new(
                Code::DuplicateEntry,
                question.span,
                format!("{what} is answered twice"),
            )
            .with_label("answered again here; this row is not read")
            .with_related(first, "first answered here")
            .with_help("keep one row per question and response"),
        );
        true
    }

    /// The value of a row that takes a boolean, or `None` (reported) when it is not one.
    fn flag(&mut self, value: &Cell) -> Option<Flag> {
        match boolean(&value.value) {
            Some(b) => Some(Flag {
                value: b,
                span: value.span,
            }),
            None => {
                self.invalid(
                    value.span,
                    format!(
                        "expected `true`, `false` or nothing, found `{}`",
                        value.value
                    ),
                    Some("Play Console writes `true` or `false` (in any case); blank means not selected".to_owned()),
                );
                None
            }
        }
    }

    /// Reports a response id on a question that takes none.
    fn no_response(&mut self, question: &Cell, response: &Cell) -> bool {
        if response.value.trim().is_empty() {
            return true;
        }
        self.invalid(
            response.span,
            format!(
                "`{}` takes no response id, found `{}`",
                question.value, response.value
            ),
            Some("leave the response id cell empty for this question".to_owned()),
        );
        false
    }

    /// Checks a row of a question that is not about a data type's use.
    fn answer(&mut self, question: &Cell, answer: Answer, response: &Cell, value: &Cell) {
        match answer {
            Answer::Boolean => {
                if self.no_response(question, response) {
                    self.flag(value);
                }
            }
            Answer::Text => {
                self.no_response(question, response);
            }
            Answer::Choice(choices) => {
                if choices.contains(&response.value.as_str()) {
                    self.flag(value);
                } else {
                    self.diags.push(super::unknown_id(
                        &response.as_str(),
                        &format!("an answer to `{}`", question.value),
                        choices.iter().copied(),
                    ));
                }
            }
            Answer::Purposes => {
                if self.purpose(response).is_some() {
                    self.flag(value);
                }
            }
        }
    }

    /// A purpose response id, or `None` (reported) when it is not Play's.
    fn purpose(&mut self, response: &Cell) -> Option<Str> {
        let id = response.as_str();
        match super::check_id(Platform::Play, Vocabulary::Purpose, &id, false) {
            Some(diag) => {
                self.diags.push(diag);
                None
            }
            None => Some(id),
        }
    }

    /// The state of a data type, added when first mentioned.
    fn state(&mut self, id: &'static str, mentioned: Span) -> Option<&mut TypeState> {
        let index = match self.types.iter().position(|t| t.id == id) {
            Some(index) => index,
            None => {
                self.types.push(TypeState {
                    id,
                    mentioned,
                    selected: None,
                    collected: None,
                    shared: None,
                    collection: Vec::new(),
                    sharing: Vec::new(),
                });
                self.types.len() - 1
            }
        };
        self.types.get_mut(index)
    }

    /// A row under a category question: does the form select this data type?
    fn category_row(&mut self, category: &'static ids::Category, response: &Cell, value: &Cell) {
        let id = response.as_str();
        if let Some(diag) = super::check_id(Platform::Play, Vocabulary::DataType, &id, false) {
            self.diags.push(diag);
            return;
        }
        let Some(data_type) = ids::data_type(Platform::Play, &id.value) else {
            return;
        };
        if data_type.category != category {
            let question = category.question.unwrap_or_default();
            let home = data_type.category.question.unwrap_or_default();
            self.invalid(
                response.span,
                format!("`{}` is not a data type of `{question}`", id.value),
                Some(format!("it is asked under `{home}`")),
            );
            return;
        }
        if let Some(flag) = self.flag(value)
            && let Some(state) = self.state(data_type.id, response.span)
        {
            state.selected = Some((flag, response.span));
        }
    }

    /// A row `PSL_DATA_USAGE_RESPONSES:<type>:<question>`; `rest` is what follows the prefix.
    fn usage_row(&mut self, question: &Cell, rest: &str, response: &Cell, value: &Cell) {
        // The parts of the id, spanned inside the cell when the cell is written as its value.
        let written =
            self.text.get(question.span.start..question.span.end) == Some(&question.value);
        let base = question.span.start + ids::PLAY_USAGE_PREFIX.len() + 1;
        let part = |from: usize, text: &str| {
            if written {
                Span::new(question.span.file, base + from, base + from + text.len())
            } else {
                question.span
            }
        };
        let mut parts = rest.splitn(2, ':');
        let (Some(type_id), Some(sub)) = (parts.next(), parts.next()) else {
            self.invalid(
                question.span,
                format!(
                    "expected `{}:<data type>:<question>`, found `{}`",
                    ids::PLAY_USAGE_PREFIX,
                    question.value
                ),
                None,
            );
            return;
        };
        let type_str = Str {
            value: type_id.to_owned(),
            span: part(0, type_id),
        };
        let sub_str = Str {
            value: sub.to_owned(),
            span: part(type_id.len() + 1, sub),
        };
        if let Some(diag) = super::check_id(Platform::Play, Vocabulary::DataType, &type_str, false)
        {
            self.diags.push(diag);
            return;
        }
        let Some(data_type) = ids::data_type(Platform::Play, type_id) else {
            return;
        };
        let Some(known) = ids::play_usage_question(sub) else {
            self.diags.push(super::unknown_id(
                &sub_str,
                "a Google Play question about a data type",
                ids::PLAY_USAGE_QUESTIONS.iter().map(|q| q.id),
            ));
            return;
        };
        match known.id {
            ids::PLAY_COLLECTION_AND_SHARING => {
                let choices = [ids::PLAY_COLLECTED, ids::PLAY_SHARED, ids::PLAY_BOTH];
                if !choices.contains(&response.value.as_str()) {
                    self.answer(question, known.answer, response, value);
                    return;
                }
                let Some(flag) = self.flag(value).filter(|f| f.value) else {
                    // A row not read, or a choice not selected.
                    return;
                };
                let response = response.value.as_str();
                if let Some(state) = self.state(data_type.id, type_str.span) {
                    if response != ids::PLAY_SHARED {
                        state.collected = Some(flag);
                    }
                    if response != ids::PLAY_COLLECTED {
                        state.shared = Some(flag);
                    }
                }
            }
            ids::PLAY_COLLECTION_PURPOSE | ids::PLAY_SHARING_PURPOSE => {
                let Some(purpose) = self.purpose(response) else {
                    return;
                };
                let Some(flag) = self.flag(value) else {
                    return;
                };
                let sharing = known.id == ids::PLAY_SHARING_PURPOSE;
                if flag.value
                    && let Some(state) = self.state(data_type.id, type_str.span)
                {
                    if sharing {
                        state.sharing.push((purpose, flag));
                    } else {
                        state.collection.push((purpose, flag));
                    }
                }
            }
            _ => self.answer(question, known.answer, response, value),
        }
    }

    /// Lowers what the rows say about each data type, reporting answers that contradict each
    /// other.
    fn declaration(&mut self) -> Declaration {
        let mut declaration = Declaration::new(self.file, Platform::Play);
        for state in std::mem::take(&mut self.types) {
            let declared = state.collected.is_some() || state.shared.is_some();
            self.contradictions(&state);
            if !declared {
                continue;
            }
            let span = match state.selected {
                Some((flag, response)) if flag.value => response,
                _ => state.mentioned,
            };
            let collection = state.collected.map_or(&[][..], |_| &state.collection);
            let sharing = state.shared.map_or(&[][..], |_| &state.sharing);
            let uses = collection
                .iter()
                .map(|(p, _)| (UseKind::Collection, p))
                .chain(sharing.iter().map(|(p, _)| (UseKind::Sharing, p)))
                .map(|(kind, purpose)| Use {
                    kind,
                    purpose: purpose.clone(),
                })
                .collect();
            declaration.items.push(Item {
                data_type: Str {
                    value: state.id.to_owned(),
                    span,
                },
                uses,
                linked: None,
                collected: state.collected,
                shared: state.shared,
            });
        }
        declaration
    }

    fn contradictions(&mut self, state: &TypeState) {
        let id = state.id;
        let category = ids::data_type(Platform::Play, id)
            .and_then(|t| t.category.question)
            .unwrap_or_default();
        let usage = |sub: &str| format!("{}:{id}:{sub}", ids::PLAY_USAGE_PREFIX);
        match (state.selected, state.collected.or(state.shared)) {
            (Some((flag, _)), None) if flag.value => self.invalid(
                flag.span,
                format!("`{id}` is selected but neither collected nor shared"),
                Some(format!(
                    "answer `{}`, or do not select `{id}`",
                    usage(ids::PLAY_COLLECTION_AND_SHARING)
                )),
            ),
            (Some((flag, _)), Some(answer)) if !flag.value => self.invalid(
                answer.span,
                format!("`{id}` is collected or shared but not selected under `{category}`"),
                Some(format!("set the `{id}` row of `{category}` to `true`")),
            ),
            _ => {}
        }
        for (purposes, answer, what, sub) in [
            (
                &state.collection,
                state.collected,
                "collected",
                ids::PLAY_COLLECTION_PURPOSE,
            ),
            (
                &state.sharing,
                state.shared,
                "shared",
                ids::PLAY_SHARING_PURPOSE,
            ),
        ] {
            match answer {
                Some(answer) if purposes.is_empty() => self.invalid(
                    answer.span,
                    format!("`{id}` is {what} for no purpose"),
                    Some(format!("set at least one `{}` row to `true`", usage(sub))),
                ),
                Some(_) => {}
                None => {
                    for (purpose, flag) in purposes {
                        self.invalid(
                            flag.span,
                            format!(
                                "`{}` is selected for `{id}`, which is not {what}",
                                purpose.value
                            ),
                            Some(format!(
                                "mark `{id}` as {what} in `{}`, or clear this row",
                                usage(ids::PLAY_COLLECTION_AND_SHARING)
                            )),
                        );
                    }
                }
            }
        }
    }
}

/// What the first row turned out to be.
enum Header {
    /// Play's header.
    Valid,
    /// No header: the first row is already an answer (reported, and read as one).
    Missing,
    /// Some other file (reported; nothing else is read).
    Invalid,
}

#[cfg(test)]
#[path = "play_tests.rs"]
mod tests;
