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
