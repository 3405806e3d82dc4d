//! Hover on an evidence key (an Android permission, an Apple usage key or entitlement, a
//! Windows capability): the store data types it gives access to, with their labels, and what
//! the policy's map reads them as.

use crate::evidence::{self, FileKind, Key};
use crate::platform::{Vocabulary, ids};
use crate::policy::Policy;
use crate::rules::evidence::Label;
use crate::source::FileId;

/// The key of the evidence document `name` with `text` written at `offset`, if any.
pub fn key_at(name: &str, text: &str, offset: usize) -> Option<(FileKind, Key)> {
    let file_name = std::path::Path::new(name).file_name()?.to_string_lossy();
    let kind = FileKind::of_file_name(&file_name)?;
    let (found, _) = evidence::load(kind, FileId(0), text);
    let key = found?
        .keys
        .into_iter()
        .find(|k| k.name.span.start <= offset && offset <= k.name.span.end)?;
    Some((kind, key))
}

/// Markdown for a hover on `key`.
pub fn hover(policy: &Policy, kind: FileKind, key: &Key) -> String {
    let store = kind.store();
    let mut out = format!("**{}** `{}`\n\n", kind.name(), key.name.value);
    if key.removed {
        out.push_str("Removed here (`tools:node=\"remove\"`): the app does not request it.\n\n");
    }
    if key.entry.types.is_empty() && !key.entry.tracking {
        out.push_str(
            "Gives access to no data type of the store: it is not evidence of collection.",
        );
        return out;
    }
    let map = policy.mapping(store);
    let lines: Vec<String> = key
        .entry
        .types
        .iter()
        .map(|t| {
            let short = crate::platform::short_id(store, Vocabulary::DataType, t);
            let label = ids::data_type(store, t).map_or("", |d| d.label);
            let reading = map.and_then(|m| m.data_type(t)).map_or_else(
                || match map.and_then(|m| m.unmapped(Vocabulary::DataType, t)) {
                    Some(left) => format!("unmapped on purpose: {}", left.reason),
                    None => "not mapped by the policy".to_owned(),
                },
                |m| {
                    let names: Vec<String> = m
                        .targets
                        .iter()
                        .map(|target| format!("`{}`", policy.categories.name(target.id)))
                        .collect();
                    format!("read as {}", names.join(" or "))
                },
            );
            format!("- `{short}` ({label}): {reading}")
        })
        .collect();
    out.push_str(&format!(
        "Gives the app access to {} data:\n\n{}\n\n",
        store.name(),
        lines.join("\n")
    ));
    if key.entry.tracking {
        out.push_str(
            "Asks to track the person: a privacy manifest of the app must say it tracks.\n\n",
        );
    }
    if kind.has_label() {
        out.push_str(&format!(
            "The app's {} label must declare one of these.",
            store.name()
        ));
    } else {
        out.push_str("Judged against the policy only: Windows has no label in a repository.");
    }
    out
}

/// Markdown for where the app's labels (`labels`: name, text, label) declare the data types
/// `key` gives access to: each declaring line, or that none does; empty for a key that
/// reaches no data type, or evidence with no label (Windows).
pub fn declared(kind: FileKind, key: &Key, labels: &[(String, String, Label)]) -> String {
    if !kind.has_label() || key.entry.types.is_empty() || key.removed {
        return String::new();
    }
    let store = kind.store();
    let mut lines = Vec::new();
    for (name, text, label) in labels {
        for written in label
            .written
            .iter()
            .filter(|w| key.entry.types.iter().any(|t| *t == w.value))
        {
            let line = if text.is_empty() {
                "a binary file".to_owned()
            } else {
                let before = text.get(..written.span.start).unwrap_or("");
                format!("line {}", before.matches('\n').count() + 1)
            };
            let short = crate::platform::short_id(store, Vocabulary::DataType, &written.value);
            lines.push(format!("- `{short}` in `{name}`, {line}"));
        }
    }
    lines.dedup();
    if labels.is_empty() {
        format!(
            "\n\nThe app has no {} label in the workspace: `undisclosed-evidence`.",
            store.name()
        )
    } else if lines.is_empty() {
        let names: Vec<String> = labels.iter().map(|(n, _, _)| format!("`{n}`")).collect();
        format!(
            "\n\nNot declared by the app's {} label ({}): `undisclosed-evidence`.",
            store.name(),
            names.join(", ")
        )
    } else {
        format!(
            "\n\nDeclared by the app's {} label:\n\n{}",
            store.name(),
            lines.join("\n")
        )
    }
}
