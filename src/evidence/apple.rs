//! Apple's evidence files, both property lists read with the privacy manifests' reader
//! (`platform::plist`): an `Info.plist`, whose top-level `NS*UsageDescription` keys are the
//! permission prompts an app can show, and an `.entitlements` file, whose top-level keys are
//! the capabilities it is signed with. Each key the table knows is spanned at its `<key>`
//! text; an entitlement set to `<false/>` grants nothing and is not evidence.

use super::{Evidence, FileKind, Key, KeyKind};
use crate::diagnostic::{Code, Diagnostic};
use crate::manifest::Str;
use crate::platform::plist::{self, Node, Value};
use crate::source::{FileId, Span};

/// Reads an `Info.plist` or an `.entitlements` file.
pub fn load(kind: FileKind, file: FileId, text: &str) -> (Option<Evidence>, Vec<Diagnostic>) {
    let what = match kind {
        FileKind::Entitlements => "the entitlements file",
        _ => "the Info.plist",
    };
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        let diagnostic = Diagnostic::new(
            Code::InvalidManifest,
            Span::new(file, 0, 0),
            format!("{what} is empty"),
        )
        .with_help("it is an XML property list holding a `<dict>`");
        return (None, vec![diagnostic]);
    }
    // Nearly every file is read in one pass that builds no tree; the others are read fully,
    // which reports what is wrong with them.
    if let Some(keys) = plist::top_keys(file, text) {
        let keys = keys.iter().map(|k| (k.key, k.span, k.is_false));
        return (Some(evidence(kind, file, keys)), Vec::new());
    }
    let mut diags = Vec::new();
    let Some(root) = plist::parse_keeping(file, text, &mut diags, plist::Keep::TopKeys) else {
        return (None, diags);
    };
    let evidence = read(kind, file, &root, &mut diags);
    (evidence, diags)
}

/// Reads a binary (`bplist00`) `Info.plist` or `.entitlements` file. A binary file has no
/// lines: each key is at the start of the file, and its findings name it.
pub fn load_binary(
    kind: FileKind,
    file: FileId,
    bytes: &[u8],
) -> (Option<Evidence>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let (root, paths) = crate::platform::binary::parse(file, bytes, &mut diags);
    let mut evidence = root.and_then(|root| read(kind, file, &root, &mut diags));
    if let Some(evidence) = &mut evidence {
        for key in &mut evidence.keys {
            key.name.span = Span::new(file, 0, 0);
        }
    }
    (evidence, paths.resolve(diags))
}

/// The evidence in the property list `root` of an `Info.plist` or `.entitlements` file.
fn read(
    kind: FileKind,
    file: FileId,
    root: &Node,
    diags: &mut Vec<Diagnostic>,
) -> Option<Evidence> {
    let what = match kind {
        FileKind::Entitlements => "the entitlements file",
        _ => "the Info.plist",
    };
    // What a privacy manifest must hold is not asked of these files: only their keys are read.
    let Value::Dict(entries) = &root.value else {
        diags.push(Diagnostic::new(
            Code::InvalidManifest,
            root.tag,
            format!("{what} holds {}, not a `<dict>`", root.value.kind()),
        ));
        return None;
    };
    let entries = entries.iter().map(|(key, node)| {
        let is_false = matches!(node.value, Value::Bool(false));
        (key.value.as_str(), key.span, is_false)
    });
    Some(evidence(kind, file, entries))
}

/// The evidence of the top keys `entries`: each key's text, its span, and whether its value is
/// `<false/>`.
fn evidence<'k>(
    kind: FileKind,
    file: FileId,
    entries: impl Iterator<Item = (&'k str, Span, bool)>,
) -> Evidence {
    let table_kind = match kind {
        FileKind::Entitlements => KeyKind::AppleEntitlement,
        _ => KeyKind::AppleUsage,
    };
    let mut keys = Vec::new();
    for (key, span, is_false) in entries {
        let Some(entry) = super::lookup(table_kind, key) else {
            continue;
        };
        if is_false {
            continue;
        }
        keys.push(Key {
            name: Str {
                value: key.to_owned(),
                span,
            },
            entry,
            removed: false,
        });
    }
    Evidence {
        file,
        kind,
        keys,
        sdks: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_keys_and_granted_entitlements_are_read_at_their_keys() {
        let text = "<?xml version=\"1.0\"?>\n<plist version=\"1.0\">\n<dict>\n\
                    \t<key>CFBundleName</key>\n\t<string>Weather</string>\n\
                    \t<key>NSLocationWhenInUseUsageDescription</key>\n\t<string>To show local weather</string>\n\
                    \t<key>UIBackgroundModes</key>\n\t<array><string>location</string></array>\n\
                    </dict>\n</plist>\n";
        let (evidence, diags) = load(FileKind::InfoPlist, FileId(0), text);
        assert!(diags.is_empty(), "{diags:?}");
        let keys: Vec<&str> = evidence
            .unwrap()
            .keys
            .iter()
            .map(|k| &text[k.name.span.start..k.name.span.end])
            .collect();
        assert_eq!(keys, ["NSLocationWhenInUseUsageDescription"]);

        let text = "<plist version=\"1.0\"><dict>\
                    <key>com.apple.developer.healthkit</key><false/>\
                    </dict></plist>";
        let (evidence, _) = load(FileKind::Entitlements, FileId(0), text);
        assert!(
            evidence.unwrap().keys.is_empty(),
            "a capability set to false grants nothing"
        );
    }
}
