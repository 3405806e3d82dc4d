//! An exported declaration as an Apple privacy manifest: an XML property list laid out as Xcode
//! saves one (tab indentation, keys sorted, `<array/>` for an empty array), one dictionary per
//! data type in the order of Apple's list, its purposes sorted. Required-reason APIs
//! (`NSPrivacyAccessedAPITypes`) are not data collection and no manifest says them, so the key
//! is not written.

use super::Export;
use crate::diagnostic::{Code, Diagnostic};
use crate::manifest::Str;
use crate::platform::apple::{
    COLLECTED_DATA_TYPES, DATA_TYPE, ITEM_TRACKING, LINKED, PURPOSES, TRACKING, TRACKING_DOMAINS,
};
use crate::platform::ids::{self, DataType};
use crate::platform::{Platform, Vocabulary};
use crate::source::{FileId, Span};

/// What the manifests cannot say and the command line does.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// `NSPrivacyTrackingDomains`, as given.
    pub tracking_domains: &'a [String],
    /// Data types written with `NSPrivacyCollectedDataTypeLinked` false; every other one is
    /// linked to the person's identity.
    pub not_linked: &'a [&'static DataType],
}

const HEADER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n\
<plist version=\"1.0\">\n\
<dict>\n";

/// Writes `export` as a `PrivacyInfo.xcprivacy`.
pub fn write(export: &Export, options: &Options) -> String {
    let mut out = Plist::default();
    out.text.push_str(HEADER);
    out.key(1, COLLECTED_DATA_TYPES);
    if export.declared.is_empty() {
        out.line(1, "<array/>");
    } else {
        out.line(1, "<array>");
        for declared in &export.declared {
            out.line(2, "<dict>");
            out.key(3, DATA_TYPE);
            out.string(3, declared.data_type.id);
            out.key(3, LINKED);
            let linked = !options
                .not_linked
                .iter()
                .any(|t| t.id == declared.data_type.id);
            out.boolean(3, linked);
            out.key(3, PURPOSES);
            let mut purposes: Vec<&str> = declared.collection.iter().map(|p| p.id).collect();
            purposes.sort_unstable();
            out.strings(3, purposes.into_iter());
            out.key(3, ITEM_TRACKING);
            out.boolean(3, declared.tracking);
            out.line(2, "</dict>");
        }
        out.line(1, "</array>");
    }
    out.key(1, TRACKING);
    out.boolean(1, export.declared.iter().any(|d| d.tracking));
    out.key(1, TRACKING_DOMAINS);
    out.strings(1, options.tracking_domains.iter().map(String::as_str));
    out.text.push_str("</dict>\n</plist>\n");
    out.text
}

/// The finding when the export tracks and no tracking domain is given: Apple requires them,
/// and a manifest without them is `invalid-manifest` when read back. It points at the first
/// manifest purpose that sets tracking.
pub fn missing_domains(export: &Export, options: &Options) -> Option<Diagnostic> {
    if !options.tracking_domains.is_empty() || export.platform != Platform::Apple {
        return None;
    }
    let first = export.tracking.first()?;
    Some(
        Diagnostic::new(
            Code::InvalidManifest,
            *first,
            format!(
                "this purpose makes the exported manifest declare tracking, and Apple requires \
                 the `{TRACKING_DOMAINS}` of a manifest that tracks"
            ),
        )
        .with_label("tracking")
        .with_help(
            "pass each domain the app contacts for tracking with `--tracking-domain DOMAIN`",
        ),
    )
}

/// The Apple data type a command-line argument names, in full
/// (`NSPrivacyCollectedDataTypeCrashData`) or short (`CrashData`), or why it names none.
pub fn data_type(written: &str) -> Result<&'static DataType, String> {
    let full = crate::platform::full_id(Platform::Apple, Vocabulary::DataType, written);
    if let Some(found) = ids::data_type(Platform::Apple, &full) {
        return Ok(found);
    }
    let id = Str {
        value: written.to_owned(),
        span: Span::new(FileId(0), 0, 0),
    };
    let hint = crate::platform::check_id(Platform::Apple, Vocabulary::DataType, &id, false)
        .and_then(|d| d.help)
        .map(|h| format!("; {h}"))
        .unwrap_or_default();
    Err(format!(
        "`{written}` is not an Apple collected data type{hint}"
    ))
}

/// A property list being written.
#[derive(Debug, Default)]
struct Plist {
    text: String,
}

impl Plist {
    fn line(&mut self, depth: usize, element: &str) {
        for _ in 0..depth {
            self.text.push('\t');
        }
        self.text.push_str(element);
        self.text.push('\n');
    }

    fn key(&mut self, depth: usize, key: &str) {
        self.line(depth, &format!("<key>{}</key>", escape(key)));
    }

    fn string(&mut self, depth: usize, value: &str) {
        self.line(depth, &format!("<string>{}</string>", escape(value)));
    }

    fn boolean(&mut self, depth: usize, value: bool) {
        self.line(depth, if value { "<true/>" } else { "<false/>" });
    }

    fn strings<'s>(&mut self, depth: usize, values: impl Iterator<Item = &'s str>) {
        let values: Vec<&str> = values.collect();
        if values.is_empty() {
            self.line(depth, "<array/>");
            return;
        }
        self.line(depth, "<array>");
        for value in values {
            self.string(depth + 1, value);
        }
        self.line(depth, "</array>");
    }
}

/// `text` with XML's special characters escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::Declared;
    use crate::platform::UseKind;

    fn export(declared: Vec<Declared>) -> Export {
        Export {
            platform: Platform::Apple,
            product: "p".to_owned(),
            declared,
            conditions: Vec::new(),
            diagnostics: Vec::new(),
            tracking: vec![Span::new(FileId(3), 5, 9)],
            uses: 1,
            declared_uses: 1,
            disallowed_uses: 0,
        }
    }

    fn crash_data(tracking: bool) -> Declared {
        Declared {
            data_type: ids::data_type(Platform::Apple, "NSPrivacyCollectedDataTypeCrashData")
                .unwrap(),
            collection: vec![
                ids::purpose(
                    Platform::Apple,
                    "NSPrivacyCollectedDataTypePurposeAppFunctionality",
                )
                .unwrap(),
            ],
            sharing: Vec::new(),
            tracking,
        }
    }

    #[test]
    fn the_file_reads_back_as_written() {
        let domains = ["ads.example.com".to_owned(), "a&b.example".to_owned()];
        let not_linked = [crash_data(false).data_type];
        let options = Options {
            tracking_domains: &domains,
            not_linked: &not_linked,
        };
        let text = write(&export(vec![crash_data(true)]), &options);
        assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist"));
        assert!(text.contains("\t\t\t<string>NSPrivacyCollectedDataTypeCrashData</string>\n"));
        assert!(text.contains("<string>a&amp;b.example</string>"));
        let (declaration, diags) = crate::platform::apple::load(FileId(0), &text);
        assert!(diags.is_empty(), "{diags:?}");
        let declaration = declaration.unwrap();
        assert_eq!(declaration.tracking.map(|t| t.value), Some(true));
        let domains: Vec<&str> = declaration
            .tracking_domains
            .iter()
            .map(|d| d.value.as_str())
            .collect();
        assert_eq!(domains, ["ads.example.com", "a&b.example"]);
        let [item] = declaration.items.as_slice() else {
            panic!("one item expected: {:?}", declaration.items)
        };
        assert_eq!(item.linked.map(|l| l.value), Some(false));
        let uses: Vec<(UseKind, &str)> = item
            .uses
            .iter()
            .map(|u| (u.kind, u.purpose.value.as_str()))
            .collect();
        assert_eq!(
            uses,
            [
                (
                    UseKind::Collection,
                    "NSPrivacyCollectedDataTypePurposeAppFunctionality"
                ),
                (UseKind::Tracking, ids::APPLE_TRACKING.id)
            ]
        );
    }

    #[test]
    fn an_empty_export_is_a_valid_manifest_that_collects_nothing() {
        let text = write(&export(Vec::new()), &Options::default());
        assert!(text.contains("\t<key>NSPrivacyCollectedDataTypes</key>\n\t<array/>\n"));
        let (declaration, diags) = crate::platform::apple::load(FileId(0), &text);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(declaration.unwrap().items.is_empty());
    }

    #[test]
    fn tracking_without_domains_is_reported_at_the_first_tracking_purpose() {
        let tracking = export(vec![crash_data(true)]);
        let diag = missing_domains(&tracking, &Options::default()).unwrap();
        assert_eq!(diag.code, Code::InvalidManifest);
        assert_eq!(diag.primary.span, Span::new(FileId(3), 5, 9));
        let domains = ["t.example".to_owned()];
        let given = Options {
            tracking_domains: &domains,
            not_linked: &[],
        };
        assert!(missing_domains(&tracking, &given).is_none());
        let mut quiet = export(vec![crash_data(false)]);
        quiet.tracking.clear();
        assert!(missing_domains(&quiet, &Options::default()).is_none());
    }

    #[test]
    fn data_types_are_named_in_full_or_short() {
        assert_eq!(
            data_type("CrashData").map(|t| t.id),
            Ok("NSPrivacyCollectedDataTypeCrashData")
        );
        assert_eq!(
            data_type("NSPrivacyCollectedDataTypeCrashData").map(|t| t.id),
            Ok("NSPrivacyCollectedDataTypeCrashData")
        );
        let wrong = data_type("CrashDate").unwrap_err();
        assert!(wrong.contains("did you mean"), "{wrong}");
    }
}
