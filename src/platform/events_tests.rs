use super::*;

/// Every event with the positions before and after it, until the end, or the point where the
/// source stops (`Err` with what it had read and why).
fn events(mut source: Events<'_>) -> Result<Vec<String>, (Vec<String>, String)> {
    let mut out = Vec::new();
    for _ in 0..100_000 {
        let before = source.buffer_position();
        match source.read_event() {
            Ok(Event::Eof) => return Ok(out),
            Ok(event) => out.push(format!("{before}..{} {event:?}", source.buffer_position())),
            Err(failure) => return Err((out, format!("{failure:?}"))),
        }
    }
    panic!("no end after 100000 events");
}

/// Every token, until the end or the point where the source stops.
fn tokens(mut source: Events<'_>) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for _ in 0..100_000 {
        let token = source.read_token().ok()?;
        if token.kind == Kind::Eof {
            return Some(out);
        }
        out.push(format!("{token:?}"));
    }
    panic!("no end after 100000 tokens");
}

/// Whether the scanner read `text` to its end; when it did, `quick-xml` must have read the same
/// events at the same positions, with no error, and the same tokens.
fn agrees(text: &str) -> bool {
    let Ok(quick) = events(Events::quick(text)) else {
        return false;
    };
    assert_eq!(
        tokens(Events::quick(text)),
        tokens(Events::full(text)),
        "the tokens differ on {text:?}"
    );
    match events(Events::full(text)) {
        Ok(full) => assert_eq!(quick, full, "the scanner and quick-xml differ on {text:?}"),
        Err((_, error)) => {
            panic!("the scanner read {text:?}, which quick-xml rejects: {error}")
        }
    }
    true
}

#[test]
fn plain_xml_is_read_by_the_scanner_like_quick_xml() {
    for text in [
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n<plist version=\"1.0\">\n<dict>\n\t<key>a</key>\n\t<true/>\n</dict>\n</plist>\n",
        "<manifest xmlns:android='x'><!-- <uses-permission android:name=\"a\"/> -->\n<uses-permission android:name=\"b\" tools:node=\"remove\" /></manifest>",
        "<a b=\">\" c='/>'>text</a >",
        "<a><?pi some data?><b/></a>",
        "",
        "   ",
        "<a>unclosed",
        "<a></a><b/>trailing",
    ] {
        assert!(agrees(text), "the scanner gave up on {text:?}");
    }
}

#[test]
fn the_scanner_leaves_what_it_does_not_read_to_quick_xml() {
    for text in [
        "<a>&amp;</a>",
        "<a><![CDATA[x]]></a>",
        "<a></b>",
        "</a>",
        "<a b=\"1\"",
        "<!DOCTYPE a [<!ENTITY x \"y\">]><a/>",
        "<!-->",
        "<!--->",
        "<?>",
        "< a/>",
        "<a\u{e9}/>",
        "<!ELEMENT a>",
    ] {
        assert!(!agrees(text), "the scanner should give {text:?} up");
    }
}

/// A small deterministic generator (xorshift).
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "<a>",
    "</a>",
    "<b x=\"1\">",
    "</b>",
    "<c/>",
    "<c />",
    "<d y='>'/>",
    "</a >",
    "</a\n>",
    "text",
    " ",
    "\n\t",
    "&amp;",
    "&#65;",
    "&bogus;",
    "&",
    "<!-- c -->",
    "<!---->",
    "<!-- a --->",
    "<!-->",
    "<?pi x?>",
    "<?xml version=\"1.0\"?>",
    "<??>",
    "<?>",
    "<![CDATA[ x ]]>",
    "<!DOCTYPE a>",
    "<!DOCTYPE a \"b>\">",
    "<!DOCTYPE a [ ]>",
    "<!doctype a>",
    "<",
    ">",
    "\"",
    "'",
    "/",
    "<e f=\"a\"b>",
    "<f g=\"<\">",
    "</>",
    "<>",
    "é",
    "<ns:g/>",
    "</ns:g>",
    "<ns:g>",
    "<h\ti='1'\n/>",
    "]]>",
    "<a x='1' y=\"2\"/>",
    "<1/>",
    "-->",
    "?>",
];

#[test]
fn the_scanner_agrees_with_quick_xml_on_generated_documents() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let (mut read, mut total) = (0, 0);
    for _ in 0..30_000 {
        let mut text = String::new();
        for _ in 0..rng.below(14) {
            text.push_str(PIECES[rng.below(PIECES.len())]);
        }
        total += 1;
        if agrees(&text) {
            read += 1;
        }
    }
    // The generator is not a test of giving up alone: a good share is read by the scanner.
    assert!(read * 10 > total, "the scanner read {read} of {total}");
}

/// The XML files of the test fixtures and examples.
pub(crate) fn xml_fixtures() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut folders: Vec<_> = ["tests", "examples", "fuzz/regressions"]
        .iter()
        .map(|f| root.join(f))
        .collect();
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path)
                && text
                    .trim_start_matches('\u{feff}')
                    .trim_start()
                    .starts_with('<')
            {
                files.push(text.trim_start_matches('\u{feff}').to_owned());
            }
        }
    }
    files.sort();
    files
}

/// `text` with one to three bytes inserted or removed at random.
pub(crate) fn mutated(text: &str, rng: &mut Rng) -> String {
    let noise: &[&str] = &[
        "<", ">", "/", "\"", "'", "&", "!", "?", "-", " ", "</a>", "<a>",
    ];
    let mut mutated = text.to_owned();
    for _ in 0..=rng.below(3) {
        let mut at = rng.below(mutated.len() + 1);
        while !mutated.is_char_boundary(at) {
            at -= 1;
        }
        if rng.below(2) == 0 {
            mutated.insert_str(at, noise[rng.below(noise.len())]);
        } else if let Some(c) = mutated.get(at..).and_then(|s| s.chars().next()) {
            mutated.replace_range(at..at + c.len_utf8(), "");
        }
    }
    mutated
}

#[test]
fn the_scanner_agrees_with_quick_xml_on_the_fixtures_and_their_mutations() {
    let files = xml_fixtures();
    let read = files.iter().filter(|text| agrees(text)).count();
    assert!(files.len() > 40, "{} XML fixtures", files.len());
    assert!(
        read * 2 > files.len(),
        "the scanner read {read} of {} fixtures",
        files.len()
    );
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for text in &files {
        for _ in 0..20 {
            agrees(&mutated(text, &mut rng));
        }
    }
}

/// Whether the one-pass reading of top keys read `text`; when it did, the full reading must
/// report nothing and find the same keys, spans and `<false/>` values.
fn top_keys_agree(text: &str) -> bool {
    use crate::platform::plist::{self, Keep, Value};
    let file = crate::source::FileId(0);
    let Some(quick) = plist::top_keys(file, text) else {
        return false;
    };
    let mut diags = Vec::new();
    let root = plist::parse_keeping(file, text, &mut diags, Keep::TopKeys);
    assert!(
        diags.is_empty(),
        "read in one pass, but the full reading reports {diags:?} in {text:?}"
    );
    let Some(Value::Dict(entries)) = root.map(|r| r.value) else {
        panic!("read in one pass, but the full reading finds no dictionary in {text:?}");
    };
    let full: Vec<plist::TopKey> = entries
        .iter()
        .map(|(key, node)| plist::TopKey {
            key: &key.value,
            span: key.span,
            is_false: matches!(node.value, Value::Bool(false)),
        })
        .collect();
    assert_eq!(quick, full, "the two readings differ on {text:?}");
    true
}

const PLIST_PIECES: &[&str] = &[
    "<plist version=\"1.0\">",
    "</plist>",
    "<dict>",
    "</dict>",
    "<key>NSCameraUsageDescription</key>",
    "<key>a b</key>",
    "<key></key>",
    "<key/>",
    "<key>x\r\ny</key>",
    "<string>why</string>",
    "<string/>",
    "<false/>",
    "<true/>",
    "<false></false>",
    "<array>",
    "</array>",
    "<integer>1</integer>",
    "<foo/>",
    "text",
    "\n\t",
    "<!-- c -->",
    "&amp;",
    "<string>it&apos;s &quot;&lt;here&gt;&quot; &amp; now</string>",
    "<string>&bogus; &#65; &amp</string>",
    "<key>a&amp;b</key>",
    "<key>k<!-- c --></key>",
    "<data>AA==</data>",
    "<?xml version=\"1.0\"?>",
    "\u{a0}",
];

#[test]
fn top_keys_agree_with_the_full_reading() {
    let files = xml_fixtures();
    let plists: Vec<&String> = files.iter().filter(|t| t.contains("<plist")).collect();
    let read = plists.iter().filter(|text| top_keys_agree(text)).count();
    assert!(
        read * 2 > plists.len(),
        "one pass read {read} of {} property lists",
        plists.len()
    );
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for text in &plists {
        for _ in 0..20 {
            top_keys_agree(&mutated(text, &mut rng));
        }
    }
    let (mut read, mut total) = (0, 0);
    for _ in 0..30_000 {
        let mut text = String::from("<plist><dict>");
        for _ in 0..rng.below(10) {
            text.push_str(PLIST_PIECES[rng.below(PLIST_PIECES.len())]);
        }
        text.push_str(if rng.below(4) == 0 {
            "</plist>"
        } else {
            "</dict></plist>"
        });
        total += 1;
        if top_keys_agree(&text) {
            read += 1;
        }
    }
    assert!(read * 50 > total, "one pass read {read} of {total}");
    // A string may hold the entities XML predefines (home-assistant/iOS writes `&apos;`); any
    // other reference, or one in a key, is left to the full reading.
    let with = |inner: &str| {
        format!("<plist><dict><key>NSCameraUsageDescription</key>{inner}</dict></plist>")
    };
    assert!(top_keys_agree(&with(
        "<string>We&apos;ll &quot;ask&quot; &amp; &lt;wait&gt;</string>"
    )));
    for inner in [
        "<string>&bogus;</string>",
        "<string>&#65;</string>",
        "<string>a &amp b</string>",
        "<array>&amp;</array>",
        "<key>a&amp;b</key><string/>",
    ] {
        assert!(!top_keys_agree(&with(inner)), "{inner}");
    }
}
