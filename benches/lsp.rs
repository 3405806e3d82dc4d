//! The language server benchmark: `cargo bench --bench lsp`.
//!
//! Opens a 5,000-line policy (the Microsoft taxonomy and default block, plus generated products)
//! and 20 manifests in an in-process server, then types into the policy 41 times and measures,
//! for each keystroke, the time until every open document has its new diagnostics. Prints the
//! median and the slowest. Then, on a 50,000-line policy, types 20 keystrokes at 20 a second
//! without waiting and prints the time from the last one to the diagnostics of its version
//! (`CANDOR_BENCH_POLICY_LINES` and `CANDOR_BENCH_LARGE_POLICY_LINES` change the sizes).

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a benchmark harness: failing loudly is right"
)]

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use lsp_types::Url;
use serde_json::json;

fn main() {
    let lines: usize = std::env::var("CANDOR_BENCH_POLICY_LINES")
        .map_or(5_000, |v| v.trim().parse().expect("a line count"));
    scenario(lines, Typing::OneAtATime);
    let large: usize = std::env::var("CANDOR_BENCH_LARGE_POLICY_LINES")
        .map_or(50_000, |v| v.trim().parse().expect("a line count"));
    scenario(large, Typing::Burst);
}

/// How the keystrokes are typed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Typing {
    /// One keystroke, then wait for every document's diagnostics, 41 times.
    OneAtATime,
    /// 20 keystrokes at 20 a second, without waiting; then the time from the last one to the
    /// policy's diagnostics for its version.
    Burst,
}

fn scenario(wanted_lines: usize, typing: Typing) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(root.join("policies/microsoft")).unwrap();
    let taxonomy =
        std::fs::read_to_string(repo.join("policies/microsoft/taxonomy.candor")).unwrap();
    std::fs::write(root.join("policies/microsoft/taxonomy.candor"), taxonomy).unwrap();
    std::fs::copy(
        repo.join("policies/microsoft/platforms.candor"),
        root.join("policies/microsoft/platforms.candor"),
    )
    .unwrap();
    let mut policy = std::fs::read_to_string(repo.join("policies/microsoft.candor"))
        .unwrap()
        .replace("include \"microsoft/products.candor\"\n", "");
    policy.push_str(
        &std::fs::read_to_string(repo.join("policies/microsoft/products.candor")).unwrap(),
    );
    let mut n = 0;
    while policy.lines().count() < wanted_lines {
        let _ = write!(
            policy,
            "\n// generated product {n}\nproduct generated_{n} \"a generated product\" {{\n    collect relationships for provide from direct\n    collect content.files for provide from direct\n}}\n"
        );
        n += 1;
    }
    let lines = policy.lines().count();
    std::fs::write(root.join("policies/microsoft.candor"), &policy).unwrap();

    let (server, client) = Connection::memory();
    let handle = std::thread::spawn(move || candor::lsp::run(&server));
    let send = |m: Message| client.sender.send(m).unwrap();
    let root_uri = Url::from_directory_path(&root).unwrap();
    send(
        Request::new(
            RequestId::from(1),
            "initialize".into(),
            json!({ "capabilities": {}, "rootUri": root_uri }),
        )
        .into(),
    );
    loop {
        if let Message::Response(_) = client.receiver.recv().unwrap() {
            break;
        }
    }
    send(Notification::new("initialized".into(), json!({})).into());
    let wait_for = |count: usize| {
        let mut seen = 0;
        while seen < count {
            match client
                .receiver
                .recv_timeout(Duration::from_secs(60))
                .unwrap()
            {
                Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                    seen += 1
                }
                _ => {}
            }
        }
    };
    let open = |path: &std::path::Path, text: &str| {
        let uri = Url::from_file_path(path).unwrap();
        send(Notification::new(
            "textDocument/didOpen".into(),
            json!({ "textDocument": { "uri": uri, "languageId": "x", "version": 1, "text": text } }),
        )
        .into());
        uri
    };
    for i in 0..20 {
        let path = root.join(format!("svc/s{i}/privacy.yaml"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let text = format!(
            "product: generated_{i}\ncollects:\n  - data: files\n    category: content.files\n    purposes: [provide]\n  - data: contacts\n    category: relationships\n    purposes: [provide, advertising]\n  - data: email\n    category: contact\n    purposes: [provide]\n"
        );
        open(&path, &text);
        wait_for(1);
    }
    let policy_uri = open(&root.join("policies/microsoft.candor"), &policy);
    wait_for(21);

    if typing == Typing::Burst {
        // 20 keystrokes 50 ms apart, each an incremental edit at the end of the policy, as an
        // editor sends them; the server may diagnose queued edits together.
        let end_line = u32::try_from(policy.lines().count()).unwrap();
        let mut last_sent = Instant::now();
        for k in 0..20u32 {
            let version = 2 + i32::try_from(k).unwrap();
            send(
                Notification::new(
                    "textDocument/didChange".into(),
                    json!({
                        "textDocument": { "uri": policy_uri, "version": version },
                        "contentChanges": [{
                            "range": {
                                "start": { "line": end_line, "character": k },
                                "end": { "line": end_line, "character": k }
                            },
                            "text": " "
                        }]
                    }),
                )
                .into(),
            );
            last_sent = Instant::now();
            if k < 19 {
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        let last_version = 21;
        let mut published_versions = Vec::new();
        let latency = loop {
            match client
                .receiver
                .recv_timeout(Duration::from_secs(120))
                .unwrap()
            {
                Message::Notification(n)
                    if n.method == "textDocument/publishDiagnostics"
                        && n.params["uri"] == json!(policy_uri) =>
                {
                    let version = n.params["version"].as_i64().unwrap_or(-1);
                    published_versions.push(version);
                    if version == last_version {
                        break last_sent.elapsed();
                    }
                }
                _ => {}
            }
        };
        println!(
            "candor lsp: 20 keystrokes at 20/s in a {lines}-line policy with 20 open manifests"
        );
        println!(
            "from the last keystroke to its diagnostics (version {last_version}): {:.1}ms; the \
             policy's diagnostics were published for versions {published_versions:?}",
            latency.as_secs_f64() * 1000.0
        );
    } else {
        let mut times = Vec::new();
        let mut text = policy.clone();
        for version in 2..43 {
            text.push(if version % 2 == 0 { ' ' } else { '\n' });
            let start = Instant::now();
            send(Notification::new(
                "textDocument/didChange".into(),
                json!({ "textDocument": { "uri": policy_uri, "version": version }, "contentChanges": [{ "text": text }] }),
            )
            .into());
            wait_for(21);
            times.push(start.elapsed());
        }
        times.sort();
        println!(
            "candor lsp: re-diagnosing after a keystroke in a {lines}-line policy with 20 open manifests"
        );
        println!(
            "median {:.2}ms, slowest {:.2}ms, over {} keystrokes",
            times[times.len() / 2].as_secs_f64() * 1000.0,
            times[times.len() - 1].as_secs_f64() * 1000.0,
            times.len()
        );
    }
    send(Request::new(RequestId::from(2), "shutdown".into(), json!(null)).into());
    send(Notification::new("exit".into(), json!(null)).into());
    handle.join().unwrap().unwrap();
}
