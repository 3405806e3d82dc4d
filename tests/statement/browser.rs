//! The rendered statement as a real browser (headless Chromium) reads it.

use std::process::Command;

use candor::statement::html;

use super::{candor, descriptions, repo, shipped_policy};

/// Chromium's command line, when it is installed.
fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser"].into_iter().find(|name| {
        Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Runs `command` and returns its standard output, killing it after a minute.
fn run_with_timeout(mut command: Command) -> String {
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut text).unwrap();
        text
    });
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("chromium did not finish within a minute");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    reader.join().unwrap()
}

#[test]
fn a_real_browser_reads_the_statement_and_its_data_map() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is not installed, and CI is set: run .ci/browser first"
        );
        eprintln!("skipped: chromium is not installed (.ci/browser installs it)");
        return;
    };
    let policy = shipped_policy();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("statement.html");
    let (code, _, _) = candor(
        repo(),
        &["render", "--format", "html", "-o", page.to_str().unwrap()],
    );
    assert_eq!(code, 0);
    let profile = dir.path().join("profile");
    let mut command = Command::new(browser);
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]);
    command.arg(format!("--user-data-dir={}", profile.display()));
    command.arg("--dump-dom");
    command.arg(format!("file://{}", page.display()));
    let dom = run_with_timeout(command);
    assert!(
        dom.contains("<h1 id=\"privacy-statement\">Privacy statement</h1>"),
        "{dom}"
    );
    for description in descriptions(&policy) {
        assert!(
            dom.contains(&html::escape(&description)),
            "missing {description:?}"
        );
    }
    // The data map as the browser built it: a row per product, a cell per category.
    let table = &dom[dom.find("<table>").unwrap()..dom.find("</table>").unwrap()];
    let rows = table.matches("<tr><th scope=\"row\">").count();
    assert_eq!(rows, policy.products.len());
    let cells = table.matches("<td class=\"").count();
    assert_eq!(cells, policy.products.len() * 13);
    assert!(table.contains(
        "<td class=\"part\"><span aria-hidden=\"true\">◐</span><span class=\"sr\">part: </span>files, messages, video_messages, voice_messages</td>"
    ));
}

/// Headless Chromium with `extra` flags, dumping the DOM of `page` after its scripts ran (a
/// virtual 10 s budget, so scripts that wait on `load` and promises finish).
fn dump(browser: &str, dir: &std::path::Path, extra: &[&str], page: &std::path::Path) -> String {
    let mut command = Command::new(browser);
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--allow-file-access-from-files",
        "--virtual-time-budget=10000",
    ]);
    command.args(extra);
    command.arg(format!("--user-data-dir={}", dir.join("profile").display()));
    command.arg("--dump-dom");
    command.arg(format!("file://{}", page.display()));
    run_with_timeout(command)
}

/// What a probe script wrote into `<pre id="probe">`, as JSON.
fn probe(dom: &str) -> serde_json::Value {
    let start = dom.find("<pre id=\"probe\">").expect("the probe ran") + "<pre id=\"probe\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let text = dom[start..end]
        .replace("&quot;", "\"")
        .replace("&gt;", ">")
        .replace("&lt;", "<")
        .replace("&amp;", "&");
    serde_json::from_str(&text).unwrap()
}

/// The statement rendered into `dir`, and the browser, or why the test is skipped.
fn rendered(dir: &std::path::Path) -> Option<&'static str> {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is not installed, and CI is set: run .ci/browser first"
        );
        eprintln!("skipped: chromium is not installed (.ci/browser installs it)");
        return None;
    };
    let page = dir.join("statement.html");
    let (code, _, _) = candor(
        repo(),
        &["render", "--format", "html", "-o", page.to_str().unwrap()],
    );
    assert_eq!(code, 0);
    Some(browser)
}

#[test]
fn on_a_phone_the_page_does_not_scroll_sideways_and_the_data_map_scrolls_in_its_box() {
    let dir = tempfile::tempdir().unwrap();
    let Some(browser) = rendered(dir.path()) else {
        return;
    };
    // The page in a 390 px wide frame (an iPhone's width; a headless window is at least
    // 500 px), measured from outside it.
    let phone = dir.path().join("phone.html");
    std::fs::write(
        &phone,
        r#"<!doctype html><html><body style="margin:0">
<iframe id="f" src="statement.html" style="width:390px;height:844px;border:0"></iframe>
<script>
document.getElementById('f').addEventListener('load', function () {
  var d = this.contentDocument, w = this.contentWindow;
  var map = d.querySelector('.map'), row = d.querySelector('tbody th');
  var before = row.getBoundingClientRect().left;
  map.scrollLeft = 400;
  var out = document.createElement('pre'); out.id = 'probe';
  out.textContent = JSON.stringify({
    inner: w.innerWidth, scroll: d.documentElement.scrollWidth,
    client: d.documentElement.clientWidth, mapScroll: map.scrollWidth,
    mapClient: map.clientWidth, mapScrolled: map.scrollLeft,
    rowMoved: row.getBoundingClientRect().left - before,
    caption: d.querySelector('caption').getBoundingClientRect().right
  });
  document.body.appendChild(out);
});
</script></body></html>"#,
    )
    .unwrap();
    let measured = probe(&dump(
        browser,
        dir.path(),
        &["--window-size=500,900"],
        &phone,
    ));
    let n = |k: &str| measured[k].as_f64().unwrap();
    assert_eq!(n("inner"), 390.0, "{measured}");
    assert!(
        n("scroll") <= n("client"),
        "the page scrolls sideways: {measured}"
    );
    assert!(
        n("mapScroll") > n("mapClient"),
        "the data map scrolls in its box: {measured}"
    );
    assert!(n("mapScrolled") > 0.0, "{measured}");
    // Sticky, the product column moves by at most the half pixel of a collapsed border, where
    // it would move by the 400 px scrolled.
    assert!(
        n("rowMoved").abs() < 2.0,
        "the product column stays put: {measured}"
    );
    assert!(n("caption") <= 390.0, "the caption is cut: {measured}");
}

/// axe-core's browser build: `CANDOR_AXE`, else where `.ci/browser` installs it.
fn axe_core() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("CANDOR_AXE").map_or_else(
        || repo().join("target/axe/node_modules/axe-core/axe.min.js"),
        std::path::PathBuf::from,
    );
    path.is_file().then_some(path)
}

#[test]
fn axe_core_finds_no_wcag_a_aa_or_aaa_violation_in_light_or_dark() {
    let dir = tempfile::tempdir().unwrap();
    let Some(browser) = rendered(dir.path()) else {
        return;
    };
    let Some(axe) = axe_core() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "axe-core is not installed, and CI is set: run .ci/browser first"
        );
        eprintln!("skipped: axe-core is not installed (.ci/browser installs it)");
        return;
    };
    let page = std::fs::read_to_string(dir.path().join("statement.html")).unwrap();
    let script = format!(
        r#"<script src="file://{}"></script>
<script>
window.addEventListener('load', function () {{
  axe.run(document, {{ runOnly: {{ type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag2aaa',
      'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }} }}).then(function (r) {{
    var out = document.createElement('pre'); out.id = 'probe';
    out.textContent = JSON.stringify({{ version: axe.version,
      passes: r.passes.length,
      violations: r.violations.map(function (v) {{
        return v.id + ': ' + v.nodes.slice(0, 2).map(function (n) {{
          return n.target.join(' ') + ' ' + n.failureSummary; }}).join('; '); }}) }});
    document.body.appendChild(out);
  }});
}});
</script></body>"#,
        axe.display()
    );
    let checked = dir.path().join("axe.html");
    std::fs::write(&checked, page.replace("</body>", &script)).unwrap();
    for (scheme, flags) in [
        ("light", "--blink-settings=preferredColorScheme=1"),
        ("dark", "--blink-settings=preferredColorScheme=0"),
    ] {
        let result = probe(&dump(browser, dir.path(), &[flags], &checked));
        assert!(result["passes"].as_u64().unwrap() > 10, "{result}");
        assert_eq!(
            result["violations"],
            serde_json::json!([]),
            "axe-core {} in the {scheme} scheme",
            result["version"]
        );
    }
}
