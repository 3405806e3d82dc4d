//! The SDKs an app ships, from its dependency lockfiles: CocoaPods' `Podfile.lock` (each pod
//! of its `PODS:` list) and Swift Package Manager's `Package.resolved` (each pin, versions 1 to
//! 3), each spanned at its name. They are judged against Apple's list of SDKs that must ship a
//! privacy manifest ([`super::sdks`]).

use super::{Evidence, FileKind};
use crate::diagnostic::{Code, Diagnostic};
use crate::manifest::Str;
use crate::manifest::yaml::{self, Node, Value};
use crate::source::{FileId, Span};

/// Reads a `Podfile.lock`.
pub fn podfile(file: FileId, text: &str) -> (Option<Evidence>, Vec<Diagnostic>) {
    let mut sdks = Vec::new();
    let mut in_pods = false;
    let mut seen_pods = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if !content.starts_with(' ') && !content.is_empty() {
            in_pods = content == "PODS:";
            seen_pods |= in_pods;
            continue;
        }
        if !in_pods {
            continue;
        }
        // A pod is an item at the first level: `  - Name (1.2.3)` or `  - "Name/Sub (1.2.3)":`.
        let Some(item) = content.strip_prefix("  - ") else {
            continue;
        };
        let quoted = item.starts_with('"');
        let body = if quoted { &item[1..] } else { item };
        let name_len = body
            .find(|c: char| c.is_whitespace() || c == '"' || c == ':')
            .unwrap_or(body.len());
        let name = &body[..name_len];
        if name.is_empty() {
            continue;
        }
        let name_start = start + 4 + usize::from(quoted);
        sdks.push(Str {
            value: name.to_owned(),
            span: Span::new(file, name_start, name_start + name_len),
        });
    }
    if !seen_pods {
        let diagnostic = Diagnostic::new(
            Code::InvalidManifest,
            Span::new(file, 0, 0),
            "this Podfile.lock has no `PODS:` list",
        )
        .with_help("CocoaPods writes the pods an app installs under `PODS:`");
        return (None, vec![diagnostic]);
    }
    (
        Some(lockfile(file, FileKind::PodfileLock, sdks)),
        Vec::new(),
    )
}

/// Reads a `Package.resolved`: nearly every one in one pass that builds no tree
/// ([`quick_pins`]), the others fully, which says what is wrong with them.
pub fn package_resolved(file: FileId, text: &str) -> (Option<Evidence>, Vec<Diagnostic>) {
    if let Some(sdks) = quick_pins(file, text) {
        return (
            Some(lockfile(file, FileKind::PackageResolved, sdks)),
            Vec::new(),
        );
    }
    package_resolved_fully(file, text)
}

/// Reads a `Package.resolved` as the manifests' reader reads YAML (JSON is YAML): slower, and
/// the reading that reports what is wrong.
fn package_resolved_fully(file: FileId, text: &str) -> (Option<Evidence>, Vec<Diagnostic>) {
    const SUBJECT: yaml::Subject = yaml::Subject {
        the: "the Package.resolved",
        a: "a Package.resolved",
        within: "in Package.resolved",
        takes_text: "Package.resolved takes text here",
    };
    let invalid = |span: Span, message: String| {
        (
            None,
            vec![Diagnostic::new(Code::InvalidManifest, span, message)],
        )
    };
    let root = match yaml::parse_as(text, SUBJECT) {
        Ok(root) => root,
        Err(error) => {
            let at = error.offset_in(text);
            return invalid(
                Span::new(file, at, at),
                format!("this Package.resolved is not valid JSON: {}", error.message),
            );
        }
    };
    let field = |node: &'_ Node, key: &str| -> Option<Node> {
        match &node.value {
            Value::Map(fields) => fields
                .iter()
                .find(|(k, _)| matches!(&k.value, Value::Str(s) if s == key))
                .map(|(_, v)| v.clone()),
            _ => None,
        }
    };
    // Version 1 keeps the pins under `object`.
    let pins =
        field(&root, "pins").or_else(|| field(&root, "object").and_then(|o| field(&o, "pins")));
    let Some(Node {
        value: Value::Seq(pins),
        ..
    }) = pins
    else {
        return invalid(
            Span::new(file, root.start, root.start),
            "this Package.resolved has no `pins` list".to_owned(),
        );
    };
    let mut sdks = Vec::new();
    for pin in &pins {
        for key in ["identity", "package"] {
            if let Some(Node {
                value: Value::Str(name),
                start,
                end,
            }) = field(pin, key)
            {
                let quoted = end >= start + 2;
                let span = if quoted {
                    Span::new(file, start + 1, end - 1)
                } else {
                    Span::new(file, start, end)
                };
                sdks.push(Str { value: name, span });
                break;
            }
        }
    }
    (
        Some(lockfile(file, FileKind::PackageResolved, sdks)),
        Vec::new(),
    )
}

/// The pins of a `Package.resolved` (each pin's `identity`, else its `package`, spanned between
/// its quotes), read in one pass that builds no tree, when the text is plain JSON the full
/// reading ([`package_resolved_fully`]) reads without a finding: an object whose `pins` (or
/// `object.pins`) is an array of objects. `None` for anything else or unusual (a duplicate key,
/// a tab, an escaped name, a byte order mark, deep nesting, many values): the caller then reads
/// the file fully.
fn quick_pins(file: FileId, text: &str) -> Option<Vec<Str>> {
    let mut json = Json {
        bytes: text.as_bytes(),
        pos: 0,
        values: 0,
    };
    let mut pins = None;
    let mut object_pins = None;
    json.space()?;
    json.object(0, |json, key| {
        match key {
            b"pins" => pins = Some(json.pins(1)?),
            b"object" => {
                json.object(1, |json, key| {
                    if key == b"pins" {
                        object_pins = Some(json.pins(2)?);
                    } else {
                        json.value(2)?;
                    }
                    Some(())
                })?;
            }
            _ => json.value(1)?,
        }
        Some(())
    })?;
    json.space()?;
    if json.pos != text.len() {
        return None;
    }
    // Version 1 keeps the pins under `object`.
    let names = pins.or(object_pins)?;
    Some(
        names
            .into_iter()
            .map(|(start, end)| Str {
                value: text.get(start..end).unwrap_or_default().to_owned(),
                span: Span::new(file, start, end),
            })
            .collect(),
    )
}

/// Deepest nesting [`Json`] reads; a `Package.resolved` nests four levels.
const JSON_DEPTH: usize = 16;

/// A reader of plain JSON for [`quick_pins`]: every method gives `None` where it gives up.
struct Json<'t> {
    bytes: &'t [u8],
    pos: usize,
    /// How many values were read, against the full reading's budget.
    values: usize,
}

impl<'t> Json<'t> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Skips spaces and line ends (a tab is left to the full reading).
    fn space(&mut self) -> Option<()> {
        while let Some(b' ' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
        Some(())
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    /// A string: the bytes between its quotes, and whether it holds an escape.
    fn string(&mut self) -> Option<(usize, usize, bool)> {
        self.expect(b'"')?;
        let start = self.pos;
        let mut escaped = false;
        loop {
            let rest = self.bytes.get(self.pos..)?;
            let at = memchr::memchr2(b'"', b'\\', rest)?;
            // Control characters are left to the full reading, which reads YAML's rules.
            if rest.get(..at)?.iter().any(|b| *b < 0x20) {
                return None;
            }
            self.pos += at;
            if self.peek()? == b'"' {
                let end = self.pos;
                self.pos += 1;
                return Some((start, end, escaped));
            }
            escaped = true;
            self.pos += 1;
            match self.peek()? {
                b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => self.pos += 1,
                b'u' => {
                    let hex = self.bytes.get(self.pos + 1..self.pos + 5)?;
                    if !hex.iter().all(u8::is_ascii_hexdigit) {
                        return None;
                    }
                    self.pos += 5;
                }
                _ => return None,
            }
        }
    }

    /// An object at `depth`, handing each key (unescaped) to `field`, which reads its value.
    fn object(
        &mut self,
        depth: usize,
        mut field: impl FnMut(&mut Self, &'t [u8]) -> Option<()>,
    ) -> Option<()> {
        self.count(depth)?;
        self.expect(b'{')?;
        self.space()?;
        if self.peek()? == b'}' {
            self.pos += 1;
            return Some(());
        }
        let mut keys: Vec<&'t [u8]> = Vec::new();
        loop {
            let (start, end, escaped) = self.string()?;
            let key = self.bytes.get(start..end)?;
            // The full reading rejects a duplicate key.
            if escaped || keys.contains(&key) {
                return None;
            }
            keys.push(key);
            self.count(depth + 1)?;
            self.space()?;
            self.expect(b':')?;
            self.space()?;
            field(self, key)?;
            if self.ended(b'}')? {
                return Some(());
            }
        }
    }

    /// After a member of an object or an element of an array: past a `,` (false) or the
    /// collection's `close` (true).
    fn ended(&mut self, close: u8) -> Option<bool> {
        self.space()?;
        let byte = self.peek()?;
        if byte != b',' && byte != close {
            return None;
        }
        self.pos += 1;
        if byte == b',' {
            self.space()?;
        }
        Some(byte == close)
    }

    /// An array at `depth`, `item` reading each element.
    fn array(&mut self, depth: usize, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.count(depth)?;
        self.expect(b'[')?;
        self.space()?;
        if self.peek()? == b']' {
            self.pos += 1;
            return Some(());
        }
        loop {
            item(self)?;
            if self.ended(b']')? {
                return Some(());
            }
        }
    }

    /// The pins array at `depth`: each pin's name (`identity`, else `package`) as the bytes
    /// between its quotes.
    fn pins(&mut self, depth: usize) -> Option<Vec<(usize, usize)>> {
        let mut names = Vec::new();
        self.array(depth, |json| {
            let (mut identity, mut package) = (None, None);
            json.object(depth + 1, |json, key| {
                let slot = match key {
                    b"identity" => &mut identity,
                    b"package" => &mut package,
                    _ => return json.value(depth + 2),
                };
                json.count(depth + 2)?;
                let (start, end, escaped) = json.string()?;
                // An escaped name, or an empty one, is left to the full reading.
                if escaped || start == end {
                    return None;
                }
                *slot = Some((start, end));
                Some(())
            })?;
            names.extend(identity.or(package));
            Some(())
        })?;
        Some(names)
    }

    /// Any value at `depth`, read to its end.
    fn value(&mut self, depth: usize) -> Option<()> {
        match self.peek()? {
            b'{' => self.object(depth, |json, _| json.value(depth + 1)),
            b'[' => self.array(depth, |json| json.value(depth + 1)),
            b'"' => {
                self.count(depth)?;
                self.string().map(|_| ())
            }
            b't' => self.literal(depth, b"true"),
            b'f' => self.literal(depth, b"false"),
            b'n' => self.literal(depth, b"null"),
            _ => self.number(depth),
        }
    }

    fn literal(&mut self, depth: usize, word: &[u8]) -> Option<()> {
        self.count(depth)?;
        if !self.bytes.get(self.pos..)?.starts_with(word) {
            return None;
        }
        self.pos += word.len();
        Some(())
    }

    /// A number as JSON writes it: `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`.
    fn number(&mut self, depth: usize) -> Option<()> {
        self.count(depth)?;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek()? {
            b'0' => self.pos += 1,
            b'1'..=b'9' => self.digits()?,
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.digits()?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.digits()?;
        }
        Some(())
    }

    /// One digit or more.
    fn digits(&mut self) -> Option<()> {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        (self.pos > start).then_some(())
    }

    /// Counts a value at `depth`, giving up past the nesting or the number of values the full
    /// reading allows (with room to spare).
    fn count(&mut self, depth: usize) -> Option<()> {
        self.values += 1;
        (depth <= JSON_DEPTH && self.values <= crate::limits::YAML_NODES / 2).then_some(())
    }
}

fn lockfile(file: FileId, kind: FileKind, sdks: Vec<Str>) -> Evidence {
    Evidence {
        file,
        kind,
        keys: Vec::new(),
        sdks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pods_are_the_first_level_of_the_pods_list() {
        let text = "PODS:\n  - Alamofire (5.8.1)\n  - \"GoogleUtilities/Environment (7.12.0)\":\n    - PromisesObjC (< 3.0)\n\nDEPENDENCIES:\n  - Kingfisher\n";
        let (evidence, diags) = podfile(FileId(0), text);
        assert!(diags.is_empty());
        let names: Vec<&str> = evidence
            .as_ref()
            .unwrap()
            .sdks
            .iter()
            .map(|s| &text[s.span.start..s.span.end])
            .collect();
        assert_eq!(names, ["Alamofire", "GoogleUtilities/Environment"]);
    }

    use crate::platform::events::tests::{Rng, mutated};

    /// Whether the one-pass reading read `text`; when it did, the full reading must report
    /// nothing and find the same pins at the same places.
    fn pins_agree(text: &str) -> bool {
        let Some(quick) = quick_pins(FileId(0), text) else {
            return false;
        };
        let (full, diags) = package_resolved_fully(FileId(0), text);
        assert!(
            diags.is_empty(),
            "read in one pass, but the full reading reports {diags:?} in {text:?}"
        );
        let full = full.expect("the full reading reads it").sdks;
        assert_eq!(quick, full, "the two readings differ on {text:?}");
        true
    }

    /// A `Package.resolved` of `version` (1 to 3) with `pins` pins, written as Xcode writes
    /// one, or compactly.
    fn generated(rng: &mut Rng, version: usize, pins: usize) -> String {
        let names = [
            "alamofire",
            "swift-log",
            "Firebase",
            "grpc-binary",
            "é-kit",
            "a\\u0041",
        ];
        let mut items = Vec::new();
        for n in 0..pins {
            let name = names[rng.below(names.len())];
            let state = format!(
                r#"{{"revision": "{n:040}", "version": "1.{n}.0", "branch": null, "pinned": true, "n": -1.5e3}}"#
            );
            items.push(if version == 1 {
                format!(
                    r#"{{"package": "{name}", "repositoryURL": "https://github.com/x/{name}.git", "state": {state}}}"#
                )
            } else {
                format!(
                    r#"{{"identity": "{name}", "kind": "remoteSourceControl", "location": "https:\/\/github.com\/x\/{name}", "state": {state}}}"#
                )
            });
        }
        let pins = items.join(if rng.below(2) == 0 { ",\n    " } else { "," });
        match version {
            1 => format!(
                "{{\n  \"object\": {{\n    \"pins\": [\n    {pins}\n    ]\n  }},\n  \"version\": 1\n}}\n"
            ),
            _ => format!(
                "{{\n  \"originHash\" : \"abc\",\n  \"pins\" : [\n    {pins}\n  ],\n  \"version\" : {version}\n}}\n"
            ),
        }
    }

    #[test]
    fn the_one_pass_reading_agrees_with_the_full_reading() {
        let mut rng = Rng(0x5851_f42d_4c95_7f2d);
        let mut texts: Vec<String> = [
            include_str!("../../tests/evidence/real/home-assistant-ios/Package.resolved"),
            include_str!(
                "../../tests/cases/missing-sdk-manifest/pass-package-resolved-unsure/Package.resolved"
            ),
        ]
        .map(str::to_owned)
        .to_vec();
        for n in 0..300 {
            texts.push(generated(&mut rng, 1 + n % 3, n % 7));
        }
        let read = texts.iter().filter(|t| pins_agree(t)).count();
        // A pin whose name holds an escape (one name in six) is left to the full reading.
        assert!(
            read * 2 > texts.len(),
            "{read} of {} read in one pass",
            texts.len()
        );
        assert!(pins_agree(&texts[0]), "the real file is read in one pass");
        // Broken, oddly written and hostile texts: read alike, or left to the full reading.
        let mut quick = 0;
        for text in &texts {
            for _ in 0..20 {
                quick += usize::from(pins_agree(&mutated(text, &mut rng)));
            }
        }
        for odd in [
            "{\"pins\": [], \"pins\": []}",
            "{\"pins\":\t[]}",
            "\u{feff}{\"pins\": []}",
            "{\"pins\": [{\"identity\": \"\"}]}",
            "{\"pins\": [{\"identity\": 1}]}",
            "{\"pins\": {}}",
            "{\"object\": {}}",
            "[]",
            "",
            "{\"pins\": []} x",
            "{\"pins\": [01]}",
        ] {
            pins_agree(odd);
        }
        let deep = format!(
            "{{\"pins\": [], \"x\": {}{}}}",
            "[".repeat(40),
            "]".repeat(40)
        );
        assert!(
            !pins_agree(&deep),
            "deep nesting is left to the full reading"
        );
        assert!(quick > 0, "no mutation was read in one pass");
    }

    #[test]
    fn pins_of_every_version_are_read_at_their_names() {
        let v1 = r#"{"object": {"pins": [{"package": "Alamofire", "repositoryURL": "https://github.com/Alamofire/Alamofire.git", "state": {"version": "5.8.1"}}]}, "version": 1}"#;
        let v2 = r#"{"pins": [{"identity": "kingfisher", "kind": "remoteSourceControl", "location": "https://github.com/onevcat/Kingfisher.git", "state": {"version": "7.0.0"}}], "version": 2}"#;
        for (text, name) in [(v1, "Alamofire"), (v2, "kingfisher")] {
            let (evidence, diags) = package_resolved(FileId(0), text);
            assert!(diags.is_empty(), "{diags:?}");
            let sdk = &evidence.unwrap().sdks[0];
            assert_eq!(&text[sdk.span.start..sdk.span.end], name);
        }
    }
}
