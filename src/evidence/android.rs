//! `AndroidManifest.xml`: the permissions an app requests, `<uses-permission>` and
//! `<uses-permission-sdk-23>` directly inside `<manifest>`, each spanned at its `android:name`
//! value. A line with `tools:node="remove"` takes the permission away (Gradle's manifest merger
//! removes it from the app, whichever module or source set asked for it): it is kept, marked
//! removed, so the judgement can apply it to the app's other manifests.

use super::xml;
use super::{Evidence, FileKind, Key, KeyKind};
use crate::diagnostic::Diagnostic;
use crate::manifest::Str;
use crate::source::FileId;

/// The elements that request a permission.
const REQUESTS: [&str; 2] = ["uses-permission", "uses-permission-sdk-23"];

/// Reads an Android manifest.
pub fn load(file: FileId, text: &str) -> (Option<Evidence>, Vec<Diagnostic>) {
    let requests =
        |name: &str, parents: &[&str]| parents == ["manifest"] && REQUESTS.contains(&name);
    let elements = match xml::elements(file, text, "the Android manifest", requests) {
        Ok(elements) => elements,
        Err(diagnostic) => return (None, vec![*diagnostic]),
    };
    let mut keys = Vec::new();
    for element in &elements {
        let Some(name) = element.attribute("android:name") else {
            continue;
        };
        let Some(entry) = super::lookup(KeyKind::AndroidPermission, &name.value) else {
            continue;
        };
        let removed = element
            .attribute("tools:node")
            .is_some_and(|n| n.value == "remove");
        keys.push(Key {
            name: Str {
                value: name.value.clone(),
                span: name.span,
            },
            entry,
            removed,
        });
    }
    (
        Some(Evidence {
            file,
            kind: FileKind::AndroidManifest,
            keys,
            sdks: Vec::new(),
        }),
        Vec::new(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permissions_inside_the_manifest_are_read_at_their_names() {
        let text = r#"<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android"
    xmlns:tools="http://schemas.android.com/tools">
    <uses-permission android:name="android.permission.ACCESS_FINE_LOCATION" />
    <!-- <uses-permission android:name="android.permission.READ_CONTACTS" /> -->
    <uses-permission-sdk-23 android:name="android.permission.CAMERA" />
    <uses-permission android:name="android.permission.RECORD_AUDIO" tools:node="remove" />
    <uses-permission android:name="com.example.NOT_A_KNOWN_ONE" />
    <application><uses-permission android:name="android.permission.READ_CALENDAR" /></application>
</manifest>"#;
        let (evidence, diags) = load(FileId(0), text);
        assert!(diags.is_empty(), "{diags:?}");
        let keys: Vec<(String, bool, &str)> = evidence
            .unwrap()
            .keys
            .iter()
            .map(|k| {
                (
                    k.name.value.clone(),
                    k.removed,
                    &text[k.name.span.start..k.name.span.end],
                )
            })
            .collect();
        assert_eq!(
            keys,
            [
                (
                    "android.permission.ACCESS_FINE_LOCATION".to_owned(),
                    false,
                    "android.permission.ACCESS_FINE_LOCATION"
                ),
                (
                    "android.permission.CAMERA".to_owned(),
                    false,
                    "android.permission.CAMERA"
                ),
                (
                    "android.permission.RECORD_AUDIO".to_owned(),
                    true,
                    "android.permission.RECORD_AUDIO"
                ),
            ]
        );
    }
}
