//! Windows package manifests (`Package.appxmanifest`, `AppxManifest.xml`): the capabilities an
//! app declares inside `<Capabilities>`: `<Capability>`, `<uap:Capability>` (and the other
//! `uap*:` prefixes), `<rescap:Capability>` and `<DeviceCapability>`, each spanned at its `Name`
//! value.

use super::xml;
use super::{Evidence, FileKind, Key, KeyKind};
use crate::diagnostic::Diagnostic;
use crate::manifest::Str;
use crate::source::FileId;

/// Reads a Windows package manifest.
pub fn load(file: FileId, text: &str) -> (Option<Evidence>, Vec<Diagnostic>) {
    let capability = |name: &str, parents: &[&str]| {
        let local = name.rsplit(':').next().unwrap_or(name);
        parents
            .last()
            .is_some_and(|p| p.rsplit(':').next() == Some("Capabilities"))
            && matches!(local, "Capability" | "DeviceCapability")
    };
    let elements = match xml::elements(file, text, "the Windows package manifest", capability) {
        Ok(elements) => elements,
        Err(diagnostic) => return (None, vec![*diagnostic]),
    };
    let mut keys = Vec::new();
    for element in &elements {
        let Some(name) = element.attribute("Name") else {
            continue;
        };
        let Some(entry) = super::lookup(KeyKind::WindowsCapability, &name.value) else {
            continue;
        };
        keys.push(Key {
            name: Str {
                value: name.value.clone(),
                span: name.span,
            },
            entry,
            removed: false,
        });
    }
    (
        Some(Evidence {
            file,
            kind: FileKind::Appx,
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
    fn capabilities_of_every_prefix_are_read_at_their_names() {
        let text = r#"<Package xmlns:uap="u" xmlns:rescap="r">
  <Capabilities>
    <Capability Name="internetClient" />
    <uap:Capability Name="contacts" />
    <rescap:Capability Name="broadFileSystemAccess" />
    <DeviceCapability Name="location" />
  </Capabilities>
  <Applications><DeviceCapability Name="webcam" /></Applications>
</Package>"#;
        let (evidence, diags) = load(FileId(0), text);
        assert!(diags.is_empty(), "{diags:?}");
        let names: Vec<String> = evidence
            .unwrap()
            .keys
            .iter()
            .map(|k| text[k.name.span.start..k.name.span.end].to_owned())
            .collect();
        assert!(names.contains(&"location".to_owned()), "{names:?}");
        assert!(
            !names.contains(&"webcam".to_owned()),
            "outside <Capabilities>: {names:?}"
        );
    }
}
