//! What each fuzz target does with one input, shared by `fuzz/fuzz_targets/` and the replay
//! test (`tests/fuzz_replay.rs`), so every crash ever found is replayed on every test run.

use candor::policy::{self, LoadedPolicy};
use candor::report::{self, Report};
use candor::workspace::{ReadError, ReadErrorKind};
use candor::{SourceMap, rules};

const MICROSOFT: &[(&str, &str)] = &[
    (
        "policies/microsoft.candor",
        include_str!("../../policies/microsoft.candor"),
    ),
    (
        "policies/microsoft/taxonomy.candor",
        include_str!("../../policies/microsoft/taxonomy.candor"),
    ),
    (
        "policies/microsoft/products.candor",
        include_str!("../../policies/microsoft/products.candor"),
    ),
    (
        "policies/microsoft/platforms.candor",
        include_str!("../../policies/microsoft/platforms.candor"),
    ),
];

/// The Microsoft policy, loaded from the texts built into the binary.
pub fn microsoft(sources: &mut SourceMap) -> LoadedPolicy {
    let root = sources.add(MICROSOFT[0].0, MICROSOFT[0].1);
    policy::load(sources, root, &mut |name| {
        MICROSOFT
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| Some((*t).to_owned()))
            .ok_or_else(|| ReadError::new(ReadErrorKind::Io, "missing"))
    })
}

/// Renders a report in every format, to exercise position and escaping code on odd text.
fn render_all(report: &Report, sources: &SourceMap) -> usize {
    let style = report::human::Style {
        color: false,
        width: 80,
        show_advice: true,
    };
    let root = report::SourceRoot::new("/repo", "/repo");
    report::human::render(report, sources, style).len()
        + report::concise::render(report, sources).len()
        + report::json::render(report, sources).len()
        + report::sarif::render(report, sources, &root, None).len()
        + report::github::render(report, sources, &root).len()
}

/// Policy parsing, include loading, resolution and lint on arbitrary text (which also
/// includes itself and a missing file when it asks to).
pub fn policy_input(data: &[u8]) -> usize {
    let Ok(text) = std::str::from_utf8(data) else {
        return 0;
    };
    let mut sources = SourceMap::new();
    let root = sources.add("fuzz/root.candor", text);
    let own = text.to_owned();
    let loaded = policy::load(&mut sources, root, &mut |name| {
        if name.ends_with("self.candor") {
            Ok(Some(own.clone()))
        } else {
            Err(ReadError::new(ReadErrorKind::Io, "missing"))
        }
    });
    let files = loaded.files.len();
    let report = Report::new(loaded.diagnostics, &sources, files, 0);
    // The formatter must be idempotent and must change only the layout: the same declarations
    // (spans aside) and the same comments.
    if let Ok(once) = candor::policy::format::format(root, text) {
        let twice = candor::policy::format::format(root, &once);
        assert_eq!(
            twice.as_deref(),
            Ok(once.as_str()),
            "formatting is not idempotent"
        );
        let (before, _) = candor::policy::parse::parse(root, text);
        let (after, _) = candor::policy::parse::parse(root, &once);
        assert_eq!(
            before.without_spans(),
            after.without_spans(),
            "formatting changed the declarations"
        );
        let comments = |text: &str| -> Vec<String> {
            candor::policy::lex::lex(text)
                .into_iter()
                .filter(|t| t.kind == candor::policy::lex::TokenKind::Comment)
                .map(|t| t.text(text).trim_end().to_owned())
                .collect()
        };
        assert_eq!(comments(text), comments(&once), "formatting lost a comment");
    }
    render_all(&report, &sources)
}

/// Manifest loading and checking against the Microsoft policy on arbitrary text.
pub fn manifest_input(data: &[u8]) -> usize {
    let Ok(text) = std::str::from_utf8(data) else {
        return 0;
    };
    let mut sources = SourceMap::new();
    let loaded = microsoft(&mut sources);
    let file = sources.add("fuzz/privacy.yaml", text);
    // The fast path accepts only what the generic loader reads with nothing to report, and
    // reads it the same.
    if let Some(fast) = candor::manifest::typed::load(file, text) {
        let (tree, diagnostics) = candor::manifest::load_tree(file, text);
        assert_eq!(
            diagnostics,
            Vec::new(),
            "the fast path took a manifest with problems"
        );
        assert_eq!(
            tree,
            Some(fast),
            "the fast path read a manifest differently"
        );
    }
    let (_, result) = rules::check_manifest_text(&loaded.policy, file, text);
    let report = Report::new(result.diagnostics, &sources, 3, 1);
    render_all(&report, &sources)
}

/// A store declaration read with its platform's reader and checked against the Microsoft
/// policy, bound to a product, on arbitrary text; every format is drawn from the findings.
fn store_input(data: &[u8], platform: candor::platform::Platform, name: &str) -> usize {
    let Ok(text) = std::str::from_utf8(data) else {
        return 0;
    };
    let mut sources = SourceMap::new();
    let loaded = microsoft(&mut sources);
    let file = sources.add(name, text);
    let (declaration, mut diagnostics) = candor::platform::load(platform, file, text);
    // Every finding points inside the file it is about.
    for d in &diagnostics {
        assert!(
            d.primary.span.end <= text.len() && text.is_char_boundary(d.primary.span.start),
            "a finding outside the text: {d:?}"
        );
    }
    if let Some(declaration) = &declaration {
        let bound = rules::platform::Bound {
            product: "msn_weather".to_owned(),
            conditions: Vec::new(),
        };
        let checked = rules::platform::check(&loaded.policy, declaration, Some(&bound));
        diagnostics.extend(checked.diagnostics);
    }
    let report = Report::new(diagnostics, &sources, 4, 1);
    render_all(&report, &sources)
}

/// An Apple privacy manifest on arbitrary bytes, read as `candor check` reads one: an XML
/// property list in UTF-8 or UTF-16, or a binary property list.
pub fn plist_input(data: &[u8]) -> usize {
    let name = "fuzz/PrivacyInfo.xcprivacy";
    match candor::workspace::property_list(data.to_vec()) {
        Ok(candor::platform::Contents::Text(text)) => {
            store_input(text.as_bytes(), candor::platform::Platform::Apple, name)
        }
        Ok(candor::platform::Contents::Binary(bytes)) => binary_input(&bytes, name),
        Err(_) => 0,
    }
}

/// A binary privacy manifest read, checked against the Microsoft policy bound to a product,
/// its findings resolved to the start of the file with their key paths, and every format drawn.
fn binary_input(bytes: &[u8], name: &str) -> usize {
    let mut sources = SourceMap::new();
    let loaded = microsoft(&mut sources);
    let file = sources.add(name, "");
    let (declaration, mut diagnostics, paths) = candor::platform::apple::load_binary(file, bytes);
    if let Some(declaration) = &declaration {
        let bound = rules::platform::Bound {
            product: "msn_weather".to_owned(),
            conditions: Vec::new(),
        };
        let checked = rules::platform::check(&loaded.policy, declaration, Some(&bound));
        diagnostics.extend(checked.diagnostics);
    }
    let diagnostics = paths.resolve(diagnostics);
    for d in &diagnostics {
        let labels = std::iter::once(&d.primary).chain(&d.related);
        assert!(
            labels
                .filter(|l| l.span.file == file)
                .all(|l| l.span.start == 0 && l.span.end == 0),
            "a finding in a binary file that is not at its start: {d:?}"
        );
        assert!(d.fix.is_none(), "a fix in a binary file: {d:?}");
    }
    let report = Report::new(diagnostics, &sources, 4, 1);
    render_all(&report, &sources)
}

/// A Google Play data safety CSV on arbitrary text.
pub fn play_input(data: &[u8]) -> usize {
    store_input(
        data,
        candor::platform::Platform::Play,
        "fuzz/data_safety.csv",
    )
}

/// `candor.yaml` on arbitrary text: it reads as settings with a finding for each wrong one, or
/// it is one finding saying why not; every finding points inside the text and says what is
/// wrong in one line.
pub fn config_input(data: &[u8]) -> usize {
    let Ok(text) = std::str::from_utf8(data) else {
        return 0;
    };
    let file = candor::source::FileId(0);
    let (settings, findings) = match candor::workspace::load_config(file, text) {
        Ok((config, findings)) => (config.exclude.len() + config.products.len(), findings),
        Err(finding) => (0, vec![*finding]),
    };
    for finding in &findings {
        assert_eq!(finding.code, candor::Code::InvalidConfig, "{finding:?}");
        assert!(
            !finding.message.contains('\n'),
            "a configuration finding of several lines"
        );
        assert!(
            finding.primary.span.end <= text.len()
                && text.is_char_boundary(finding.primary.span.start),
            "a finding outside the text: {finding:?}"
        );
    }
    settings + findings.iter().map(|f| f.message.len()).sum::<usize>()
}
