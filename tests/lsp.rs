//! The language server, every test run twice: through the built `candor lsp` over its real
//! standard input and output (as an editor runs it), and in process (`Connection::memory()`).
//! Diagnostics on open and change, re-checks when the policy changes, hover, definition,
//! references, completion (of store ids in store declarations too), formatting, UTF-16 ranges,
//! messages it cannot answer, and a clean exit after `shutdown` and `exit`. Then hostile input,
//! through the binary alone: frames it cannot read, bodies that are not messages, a second
//! `shutdown`, FIFOs in the workspace.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

#[path = "support/raw_lsp.rs"]
mod raw_lsp;
#[path = "support/run.rs"]
mod run;
#[path = "support/workspace.rs"]
mod support;

use std::fs;
use std::io::BufReader;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::Url;
use serde_json::{Value, json};

/// How the server runs.
#[derive(Debug, Clone, Copy)]
enum Mode {
    /// The built binary, over pipes.
    Binary,
    /// `candor::lsp::run` on a thread, over `Connection::memory()`.
    InProcess,
}

enum Transport {
    Binary {
        child: Child,
        stdin: Option<ChildStdin>,
        messages: mpsc::Receiver<Message>,
    },
    InProcess {
        conn: Connection,
        server: Option<std::thread::JoinHandle<Result<(), String>>>,
    },
}

impl Transport {
    fn start(mode: Mode, root: &std::path::Path) -> Transport {
        match mode {
            Mode::Binary => {
                let mut child = run::clean()
                    .arg("lsp")
                    .current_dir(root)
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::null())
                    .spawn()
                    .expect("candor lsp starts");
                let stdout = child.stdout.take().unwrap();
                let (tx, messages) = mpsc::channel();
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stdout);
                    while let Ok(Some(message)) = Message::read(&mut reader) {
                        if tx.send(message).is_err() {
                            break;
                        }
                    }
                });
                let stdin = child.stdin.take();
                Transport::Binary {
                    child,
                    stdin,
                    messages,
                }
            }
            Mode::InProcess => {
                let (server, conn) = Connection::memory();
                let handle = std::thread::spawn(move || candor::lsp::run(&server));
                Transport::InProcess {
                    conn,
                    server: Some(handle),
                }
            }
        }
    }

    fn send(&mut self, message: Message) {
        match self {
            Transport::Binary { stdin, .. } => {
                message.write(stdin.as_mut().unwrap()).unwrap();
            }
            Transport::InProcess { conn, .. } => conn.sender.send(message).unwrap(),
        }
    }

    fn recv(&self) -> Message {
        let timeout = Duration::from_secs(30);
        match self {
            Transport::Binary { messages, .. } => messages.recv_timeout(timeout),
            Transport::InProcess { conn, .. } => conn
                .receiver
                .recv_timeout(timeout)
                .map_err(|_| mpsc::RecvTimeoutError::Timeout),
        }
        .expect("the server answers within 30 s")
    }

    /// After `exit`: the process ends by itself within a second, with status 0.
    fn finish(&mut self) {
        match self {
            Transport::Binary { child, stdin, .. } => {
                let started = Instant::now();
                loop {
                    if let Some(status) = child.try_wait().unwrap() {
                        assert!(status.success(), "candor lsp exited with {status}");
                        break;
                    }
                    if started.elapsed() > Duration::from_secs(1) {
                        let _ = child.kill();
                        panic!("candor lsp was still running 1 s after `exit`");
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
                stdin.take();
            }
            Transport::InProcess { server, .. } => {
                if let Some(handle) = server.take() {
                    assert_eq!(handle.join().unwrap(), Ok(()));
                }
            }
        }
    }
}

struct Client {
    transport: Transport,
    next: i32,
    pending: Vec<Notification>,
    _dir: Option<tempfile::TempDir>,
    root: std::path::PathBuf,
}

const MANIFEST: &str = "product: outlook\ncollects:\n  - data: body\n    category: content.email\n    purposes: [provide, advertising]\n";

impl Client {
    fn start(mode: Mode) -> Client {
        Client::start_with(mode, |_| {})
    }

    /// A server on a copy of the Microsoft policy with `svc/privacy.yaml`, after `setup` has
    /// changed the folder.
    fn start_with(mode: Mode, setup: impl FnOnce(&std::path::Path)) -> Client {
        let dir = support::with_microsoft_policy();
        let root = dir.path().canonicalize().unwrap();
        fs::create_dir_all(root.join("svc")).unwrap();
        fs::write(root.join("svc/privacy.yaml"), MANIFEST).unwrap();
        setup(&root);
        Client::start_in(mode, root, Some(dir))
    }

    fn start_in(mode: Mode, root: std::path::PathBuf, dir: Option<tempfile::TempDir>) -> Client {
        let transport = Transport::start(mode, &root);
        let mut c = Client {
            transport,
            next: 1,
            pending: Vec::new(),
            _dir: dir,
            root,
        };
        let uri = Url::from_directory_path(&c.root).unwrap();
        let result = c.request("initialize", json!({ "capabilities": {}, "rootUri": uri }));
        assert_eq!(result["capabilities"]["hoverProvider"], true, "{result}");
        assert_eq!(result["serverInfo"]["name"], "candor", "{result}");
        c.notify("initialized", json!({}));
        c
    }

    fn uri(&self, path: &str) -> Url {
        Url::from_file_path(self.root.join(path)).unwrap()
    }

    fn send(&mut self, message: Message) {
        self.transport.send(message);
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(Notification::new(method.to_owned(), params).into());
    }

    fn request_raw(&mut self, method: &str, params: Value) -> Response {
        let id = RequestId::from(self.next);
        self.next += 1;
        self.send(Request::new(id.clone(), method.to_owned(), params).into());
        loop {
            match self.transport.recv() {
                Message::Response(r) if r.id == id => return r,
                Message::Notification(n) => self.pending.push(n),
                _ => {}
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        match response.response_result {
            Ok(value) => value,
            Err(error) => panic!("{method}: {error:?}"),
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &Url) -> Vec<Value> {
        loop {
            if let Some(i) = self.pending.iter().position(|n| {
                n.method == "textDocument/publishDiagnostics" && n.params["uri"] == json!(uri)
            }) {
                let n = self.pending.remove(i);
                return n.params["diagnostics"].as_array().unwrap().clone();
            }
            match self.transport.recv() {
                Message::Notification(n) => self.pending.push(n),
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    /// The next `publishDiagnostics` for `uri`, whole (its version with its diagnostics).
    fn publication(&mut self, uri: &Url) -> Value {
        loop {
            if let Some(i) = self.pending.iter().position(|n| {
                n.method == "textDocument/publishDiagnostics" && n.params["uri"] == json!(uri)
            }) {
                return self.pending.remove(i).params;
            }
            match self.transport.recv() {
                Message::Notification(n) => self.pending.push(n),
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    fn open(&mut self, path: &str, text: &str) -> Url {
        let uri = self.uri(path);
        let language = if path.ends_with(".candor") {
            "candor"
        } else {
            "yaml"
        };
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": language, "version": 1, "text": text } }),
        );
        uri
    }

    fn change(&mut self, uri: &Url, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    fn at(&self, uri: &Url, line: u32, character: u32) -> Value {
        json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } })
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.request_raw("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        if !std::thread::panicking() {
            self.transport.finish();
        }
    }
}

fn a_manifest_violation_is_diagnosed_then_cleared(mode: Mode) {
    let mut c = Client::start(mode);
    let uri = c.open("svc/privacy.yaml", MANIFEST);
    let diags = c.diagnostics(&uri);
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = &diags[0];
    assert_eq!(d["code"], "forbidden-use");
    assert_eq!(d["severity"], 1);
    assert_eq!(
        d["range"],
        json!({ "start": { "line": 4, "character": 24 }, "end": { "line": 4, "character": 35 } })
    );
    let related = &d["relatedInformation"][0];
    assert!(
        related["location"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("policies/microsoft.candor"),
        "{related}"
    );
    c.change(&uri, 2, &MANIFEST.replace(", advertising", ""));
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new());
}

fn editing_the_policy_rechecks_open_manifests(mode: Mode) {
    let mut c = Client::start(mode);
    let clean = MANIFEST.replace(", advertising", "");
    let manifest = c.open("svc/privacy.yaml", &clean);
    assert_eq!(c.diagnostics(&manifest), Vec::<Value>::new());
    let path = c.root.join("policies/microsoft/products.candor");
    let text = fs::read_to_string(&path).unwrap();
    let policy = c.open("policies/microsoft/products.candor", &text);
    assert_eq!(c.diagnostics(&policy), Vec::<Value>::new());
    // Unsaved: outlook loses its grant for mail content.
    let edited = text.replace("    collect content.email for provide from direct\n", "");
    assert_ne!(edited, text);
    c.change(&policy, 2, &edited);
    let diags = c.diagnostics(&manifest);
    let diags = if diags.is_empty() {
        c.diagnostics(&manifest)
    } else {
        diags
    };
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "undeclared-collection");
}

fn policy_files_get_their_own_diagnostics(mode: Mode) {
    let mut c = Client::start(mode);
    let uri = c.open(
        "policies/extra.candor",
        "category a \"x\"\nthis is not a declaration\n",
    );
    let diags = c.diagnostics(&uri);
    assert!(
        diags
            .iter()
            .any(|d| d["code"] == "policy-syntax" && d["range"]["start"]["line"] == 1),
        "{diags:?}"
    );
}

fn hover_definition_and_references(mode: Mode) {
    let mut c = Client::start(mode);
    let uri = c.open("svc/privacy.yaml", MANIFEST);
    c.diagnostics(&uri);
    let hover = c.request("textDocument/hover", c.at(&uri, 3, 18));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("`content.email`") && text.contains("content › email"),
        "{text}"
    );
    let hover = c.request("textDocument/hover", c.at(&uri, 0, 11));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("collect content.email for provide from direct"),
        "effective grants: {text}"
    );

    let definition = c.request("textDocument/definition", c.at(&uri, 3, 18));
    assert!(
        definition["uri"]
            .as_str()
            .unwrap()
            .ends_with("policies/microsoft/taxonomy.candor"),
        "{definition}"
    );
    let line = definition["range"]["start"]["line"].as_u64().unwrap() as usize;
    let taxonomy = fs::read_to_string(c.root.join("policies/microsoft/taxonomy.candor")).unwrap();
    assert!(
        taxonomy
            .lines()
            .nth(line)
            .unwrap()
            .trim_start()
            .starts_with("email"),
        "line {line}"
    );

    let refs = c.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 4, "character": 17 }, "context": { "includeDeclaration": true } }),
    );
    let refs = refs.as_array().unwrap();
    assert!(
        refs.iter().any(|r| r["uri"] == json!(uri)),
        "the manifest's own use"
    );
    assert!(
        refs.len() > 10,
        "`provide` is used all over the policy: {}",
        refs.len()
    );
    // The store maps read store purposes as `provide`: their lines are references too.
    assert!(
        refs.iter().any(|r| r["uri"]
            .as_str()
            .unwrap()
            .ends_with("policies/microsoft/platforms.candor")),
        "{refs:?}"
    );
}

fn completion_offers_ids_of_the_right_kind(mode: Mode) {
    let mut c = Client::start(mode);
    let text = "product: outlook\ncollects:\n  - data: body\n    category: content.email\n    purposes: [pro";
    let uri = c.open("svc/privacy.yaml", text);
    c.diagnostics(&uri);
    let items = c.request("textDocument/completion", c.at(&uri, 4, 18));
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"provide") && labels.contains(&"advertising"),
        "{labels:?}"
    );
    assert!(!labels.contains(&"content.email"), "purposes only");
    let items = c.request("textDocument/completion", c.at(&uri, 0, 9));
    assert!(
        items
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["label"] == "skype"),
        "products"
    );

    let policy = c.open(
        "policies/extra.candor",
        "default {\n    collect contact for provide from \n}\n",
    );
    c.diagnostics(&policy);
    let items = c.request("textDocument/completion", c.at(&policy, 1, 37));
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"third_party.data_brokers"),
        "sources after `from`: {labels:?}"
    );
}

fn formatting_a_policy(mode: Mode) {
    let mut c = Client::start(mode);
    let uri = c.open("policies/extra.candor", "category  a \"x\"{b \"y\"}\n");
    c.diagnostics(&uri);
    let edits = c.request("textDocument/formatting", json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 4, "insertSpaces": true } }));
    assert_eq!(edits[0]["newText"], "category a \"x\" {\n    b \"y\"\n}\n");
    c.change(&uri, 2, "category a \"x\n");
    c.diagnostics(&uri);
    let response = c.request_raw("textDocument/formatting", json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 4, "insertSpaces": true } }));
    assert!(
        response
            .response_result
            .unwrap_err()
            .message
            .contains("syntax errors")
    );
}

fn ranges_count_utf16_code_units_on_non_ascii_lines(mode: Mode) {
    let mut c = Client::start(mode);
    let text = "product: outlook\ncollects:\n  - data: \"😀 body\"\n    category: content.email\n    purposes: [\"😀\", nope]\n";
    let uri = c.open("svc/privacy.yaml", text);
    let diags = c.diagnostics(&uri);
    let nope = diags
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("`nope`"))
        .expect("nope");
    // `    purposes: ["😀", nope]`: `nope` starts at character 21 in UTF-16 (the emoji is two).
    assert_eq!(
        nope["range"]["start"],
        json!({ "line": 4, "character": 21 })
    );
    assert_eq!(nope["range"]["end"], json!({ "line": 4, "character": 25 }));
}

fn messages_it_cannot_answer_get_errors_and_the_server_goes_on(mode: Mode) {
    let mut c = Client::start(mode);
    let response = c.request_raw("textDocument/linkedEditingRange", json!({}));
    assert_eq!(
        response.response_result.unwrap_err().code,
        lsp_server::ErrorCode::MethodNotFound as i32
    );
    let response = c.request_raw("textDocument/hover", json!({ "garbage": [1, 2, 3] }));
    assert_eq!(
        response.response_result.unwrap_err().code,
        lsp_server::ErrorCode::InvalidParams as i32
    );
    let never_opened = c.uri("svc/other.privacy.yaml");
    let response = c.request_raw("textDocument/hover", c.at(&never_opened, 0, 0));
    assert!(response.response_result.is_err());
    c.notify("textDocument/didChange", json!({ "nonsense": true }));
    c.notify("$/unknownNotification", json!(null));
    // A half-typed manifest and policy never crash it.
    let uri = c.open(
        "svc/privacy.yaml",
        "product: outl\ncollects:\n  - data: [\n",
    );
    assert!(!c.diagnostics(&uri).is_empty());
    let policy = c.open("policies/half.candor", "product p \"x\" { collect [a, ");
    assert!(!c.diagnostics(&policy).is_empty());
    let hover = c.request("textDocument/hover", c.at(&policy, 0, 28));
    assert_eq!(hover, Value::Null);
}

/// The items offered at `(line, character)` as `(label, replaced range, new text)`.
fn completions(
    c: &mut Client,
    uri: &Url,
    line: u32,
    character: u32,
) -> Vec<(String, Value, String)> {
    let items = c.request("textDocument/completion", c.at(uri, line, character));
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["label"].as_str().unwrap().to_owned(),
                i["textEdit"]["range"].clone(),
                i["textEdit"]["newText"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn range(line: u32, start: u32, end: u32) -> Value {
    json!({ "start": { "line": line, "character": start }, "end": { "line": line, "character": end } })
}

fn completion_after_a_dot_offers_the_children(mode: Mode) {
    let mut c = Client::start(mode);
    let text = "product: outlook\ncollects:\n  - data: body\n    category: location.\n    purposes: [provide]\n  - data: mail\n    category: content.em\n    purposes: [provide]\n  - data: where\n    category: locat\n";
    let uri = c.open("svc/privacy.yaml", text);
    c.diagnostics(&uri);
    let items = completions(&mut c, &uri, 3, 23);
    let labels: Vec<&str> = items.iter().map(|(l, _, _)| l.as_str()).collect();
    assert_eq!(
        labels,
        ["precise", "imprecise"],
        "the children of `location`"
    );
    // Accepting one inserts the last segment after the dot (characters 23..23), as Neovim
    // 0.7's omnifunc inserts the label: both give `location.precise`.
    assert_eq!(items[0].1, range(3, 23, 23));
    assert_eq!(items[0].2, "precise");
    let items = completions(&mut c, &uri, 6, 24);
    let email = items
        .iter()
        .find(|(label, _, _)| label == "email")
        .expect("`email` is offered after `content.em`");
    // `content.em`: the segment `em` (characters 22..24) is replaced.
    assert_eq!(email.1, range(6, 22, 24));
    assert!(
        items
            .iter()
            .all(|(label, _, _)| !["provide", "skype", "content.email"].contains(&label.as_str())),
        "children of `content` only"
    );
    // With no dot typed, every id, replacing the whole word.
    let items = completions(&mut c, &uri, 9, 19);
    let precise = items
        .iter()
        .find(|(label, _, _)| label == "location.precise")
        .expect("`location.precise` after `locat`");
    assert_eq!(precise.1, range(9, 14, 19));
    assert_eq!(precise.2, "location.precise");
}

fn completion_inside_flow_style_entries(mode: Mode) {
    let mut c = Client::start(mode);
    let text = "product: outlook\ncollects:\n  - {data: x, category: , purposes: [provide, ]}\n";
    let uri = c.open("svc/privacy.yaml", text);
    c.diagnostics(&uri);
    // `  - {data: x, category: |, purposes: [provide, |]}`
    let items = completions(&mut c, &uri, 2, 24);
    let labels: Vec<&str> = items.iter().map(|(l, _, _)| l.as_str()).collect();
    assert!(
        labels.contains(&"location.precise"),
        "categories: {labels:?}"
    );
    assert!(!labels.contains(&"provide"), "categories only: {labels:?}");
    assert_eq!(items[0].1, range(2, 24, 24));
    let items = completions(&mut c, &uri, 2, 46);
    let labels: Vec<&str> = items.iter().map(|(l, _, _)| l.as_str()).collect();
    assert!(labels.contains(&"advertising"), "purposes: {labels:?}");
    assert!(
        !labels.contains(&"location.precise"),
        "purposes only: {labels:?}"
    );
    // After `{data: x, ` a key comes, not an id.
    assert!(completions(&mut c, &uri, 2, 14).is_empty());
}

fn excluded_manifests_get_no_diagnostics(mode: Mode) {
    let mut c = Client::start_with(mode, |root| {
        fs::write(root.join("candor.yaml"), "exclude: [\"svc/**\"]\n").unwrap();
    });
    let uri = c.open("svc/privacy.yaml", MANIFEST);
    assert_eq!(
        c.diagnostics(&uri),
        Vec::<Value>::new(),
        "`candor check` skips it too"
    );
}

fn a_broken_policy_is_one_note_not_a_finding_per_entry(mode: Mode) {
    let mut c = Client::start_with(mode, |root| {
        fs::write(
            root.join("policies/microsoft.candor"),
            "this is { not a policy\n",
        )
        .unwrap();
    });
    let uri = c.open("svc/privacy.yaml", MANIFEST);
    let diags = c.diagnostics(&uri);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "policy-syntax");
    assert!(
        diags[0]["message"]
            .as_str()
            .unwrap()
            .contains("does not parse"),
        "{diags:?}"
    );
}

fn severity_overrides_apply_to_policy_files_outside_the_workspace_policy(mode: Mode) {
    let text = "category a \"x\"\npurpose unused \"y\"\n";
    let mut c = Client::start(mode);
    let uri = c.open("policies/extra.candor", text);
    let codes: Vec<Value> = c
        .diagnostics(&uri)
        .iter()
        .map(|d| d["code"].clone())
        .collect();
    assert!(codes.contains(&json!("unused-definition")), "{codes:?}");
    let mut c = Client::start_with(mode, |root| {
        fs::write(
            root.join("candor.yaml"),
            "severity:\n  allow: [unused-definition]\n",
        )
        .unwrap();
    });
    let uri = c.open("policies/extra.candor", text);
    let codes: Vec<Value> = c
        .diagnostics(&uri)
        .iter()
        .map(|d| d["code"].clone())
        .collect();
    assert!(!codes.contains(&json!("unused-definition")), "{codes:?}");
}

/// A finding as both adapters can give it.
type Finding = (String, u64, u64, u64, u64, String, u64, String);

/// The findings `candor check --format json` prints for `paths`, run in `root`, as
/// `(file, line, column, end line, end column, code, severity, message)` with 0-based
/// positions, as LSP gives them (the examples are ASCII, so columns agree).
fn check_findings(root: &std::path::Path, paths: &[&str]) -> Vec<Finding> {
    let output = run::clean()
        .args(["check", "--format", "json"])
        .args(paths)
        .current_dir(root)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let severity = match d["severity"].as_str().unwrap() {
                "error" => 1,
                "warning" => 2,
                _ => 3,
            };
            (
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap() - 1,
                d["column"].as_u64().unwrap() - 1,
                d["end_line"].as_u64().unwrap() - 1,
                d["end_column"].as_u64().unwrap() - 1,
                d["code"].as_str().unwrap().to_owned(),
                severity,
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn check_and_the_server_agree_on_every_example(mode: Mode) {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .canonicalize()
        .unwrap();
    let expected = check_findings(&repo, &["examples"]);
    assert!(expected.len() > 10, "{expected:?}");
    let mut c = Client::start_in(mode, repo.clone(), None);
    let mut files: Vec<String> = Vec::new();
    for entry in walk(&repo.join("examples")) {
        let name = entry.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with("privacy.yaml")
            || name.ends_with("privacy.yml")
            || candor::platform::Platform::of_file_name(&name).is_some()
            || candor::evidence::FileKind::of_file_name(&name).is_some()
        {
            files.push(
                entry
                    .strip_prefix(&repo)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
    files.sort();
    // The server judges manifests, store files and evidence (with its app's labels) as
    // `check` does; the rest of what `check` reports (candor.yaml, the policy) is not opened.
    let mut expected = expected;
    expected.retain(|f| files.contains(&f.0));
    assert!(
        expected.iter().any(|f| f.5 == "undisclosed-evidence"),
        "{expected:?}"
    );
    let mut got = Vec::new();
    for file in &files {
        let text = fs::read_to_string(repo.join(file)).unwrap();
        let uri = c.open(file, &text);
        for d in c.diagnostics(&uri) {
            let message = d["message"].as_str().unwrap();
            let message = message.split("\nhelp: ").next().unwrap().to_owned();
            got.push((
                file.clone(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["character"].as_u64().unwrap(),
                d["range"]["end"]["line"].as_u64().unwrap(),
                d["range"]["end"]["character"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_owned(),
                d["severity"].as_u64().unwrap(),
                message,
            ));
        }
    }
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn policy_completion_reads_tokens_not_words(mode: Mode) {
    let mut c = Client::start(mode);
    let text = "purpose extra \"used from time to time\"\ndefault {\n    collect contact for provide from // for\n        \n}\n";
    let uri = c.open("policies/extra.candor", text);
    c.diagnostics(&uri);
    // On the line after `from`, past a comment that says `for`: sources.
    let labels: Vec<String> = completions(&mut c, &uri, 3, 8)
        .into_iter()
        .map(|(label, _, _)| label)
        .collect();
    assert!(
        labels.iter().any(|l| l == "third_party.partners"),
        "sources: {labels:?}"
    );
    assert!(!labels.iter().any(|l| l == "provide"), "sources only");
    // Inside the description, after the word `from`: nothing.
    assert!(completions(&mut c, &uri, 0, 25).is_empty());
    // Inside the comment, after the word `for`: nothing.
    assert!(completions(&mut c, &uri, 2, 43).is_empty());
}

#[test]
fn policy_context_skips_strings_and_comments() {
    use candor::lsp::symbols::{CompletionSite, SymbolKind, policy_context};
    use candor::policy::ast::TreeKind;
    let site = |text: &str| policy_context(text, text.len());
    let at = |kind, start, end| Some(CompletionSite { kind, start, end });
    let category = SymbolKind::Tree(TreeKind::Category);
    // Words in a description, a reason or a comment are not keywords.
    assert_eq!(site("purpose p \"used from time to time\"\n"), None);
    assert_eq!(
        site("purpose p \"used from time to time\"\nnever "),
        at(category, 41, 41)
    );
    assert_eq!(
        site("default {\n    collect a for b from // for\n    "),
        at(SymbolKind::Tree(TreeKind::Source), 46, 46)
    );
    // Inside a string or a comment, no id is expected.
    assert_eq!(site("never content for advertising \"reason fo"), None);
    assert_eq!(site("default {\n    // collect "), None);
    assert_eq!(
        site("default {\n    // collect \"\n    collect "),
        at(category, 39, 39)
    );
    // After a description or a block, a declaration comes, not an id.
    assert_eq!(site("default { collect a for b from c }\n"), None);
    assert_eq!(site("product p \"d\" {\n    "), None);
    // The whole word typed so far is replaced, dots and keywords included.
    assert_eq!(
        site("default { collect [contact, content.em"),
        at(category, 28, 38)
    );
    assert_eq!(
        site("default { collect a for"),
        at(category, 20, 23),
        "`for` may be the start of an id"
    );
    assert_eq!(
        site("default { collect a for [b,\n  c, "),
        at(SymbolKind::Tree(TreeKind::Purpose), 33, 33)
    );
    assert_eq!(
        site("default { collect a for b from c when "),
        at(SymbolKind::Condition, 38, 38)
    );
    assert_eq!(policy_context("never a", 99), None);
}

fn app_store_declarations_get_diagnostics_hover_and_definition(mode: Mode) {
    let mut c = Client::start_with(mode, |root| {
        fs::write(
            root.join("candor.yaml"),
            "products:\n  - path: \"ios/**\"\n    product: msn_weather\n",
        )
        .unwrap();
    });
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let text =
        fs::read_to_string(repo.join("examples/violations/apps/weather-ios/PrivacyInfo.xcprivacy"))
            .unwrap();
    let uri = c.open("ios/PrivacyInfo.xcprivacy", &text);
    let diags = c.diagnostics(&uri);
    let error = diags
        .iter()
        .find(|d| d["code"] == "undeclared-purpose")
        .expect("the advertising purpose is an error");
    // Line 23 (0-based 22) holds `<string>NSPrivacyCollectedDataTypePurposeThirdPartyAdvertising`.
    assert_eq!(
        error["range"]["start"],
        json!({ "line": 22, "character": 12 })
    );
    // The data type's `<string>` is on line 15 (0-based 14), its text from character 11.
    let hover = c.request("textDocument/hover", c.at(&uri, 14, 20));
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(
        value.contains("NSPrivacyCollectedDataTypeEmailAddress")
            && value.contains("Means `contact.email`"),
        "{value}"
    );
    let definition = c.request("textDocument/definition", c.at(&uri, 14, 20));
    assert!(
        definition["uri"]
            .as_str()
            .unwrap()
            .ends_with("policies/microsoft/platforms.candor"),
        "{definition}"
    );
    let line = definition["range"]["start"]["line"].as_u64().unwrap() as usize;
    let policy = fs::read_to_string(c.root.join("policies/microsoft/platforms.candor")).unwrap();
    assert_eq!(
        policy.lines().nth(line).unwrap().trim(),
        "data EmailAddress as contact.email"
    );
}

fn an_open_candor_yaml_is_diagnosed_and_its_unsaved_bindings_apply(mode: Mode) {
    let mut c = Client::start(mode);
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let label =
        fs::read_to_string(repo.join("examples/apps/weather-ios/PrivacyInfo.xcprivacy")).unwrap();
    let store = c.open("ios/PrivacyInfo.xcprivacy", &label);
    let codes = |diags: &[Value]| -> Vec<String> {
        diags
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_owned())
            .collect()
    };
    // Nothing on disk binds it.
    assert_eq!(codes(&c.diagnostics(&store)), ["unbound-declaration"]);
    // Unsaved: a binding with a misspelt product and condition.
    let config = c.open(
        "candor.yaml",
        "products:\n  - path: \"ios/**\"\n    product: msn_wether\n    conditions: [locaton_enabled]\n",
    );
    let diags = c.diagnostics(&config);
    assert_eq!(
        codes(&diags),
        ["unknown-product", "unknown-condition"],
        "{diags:?}"
    );
    assert_eq!(
        diags[0]["range"]["start"],
        json!({ "line": 2, "character": 13 })
    );
    assert!(
        diags[0]["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `msn_weather`?"),
        "{diags:?}"
    );
    assert_eq!(
        diags[1]["range"]["start"],
        json!({ "line": 3, "character": 17 })
    );
    // The store file is now bound by the unsaved text, and not reported for the binding's ids.
    let diags = c.diagnostics(&store);
    assert!(
        !codes(&diags)
            .iter()
            .any(|c| c == "unbound-declaration" || c.starts_with("unknown-")),
        "{diags:?}"
    );
    // Fixed, unsaved: the binding applies, its conditions with it.
    c.change(
        &config,
        2,
        "products:\n  - path: \"ios/**\"\n    product: msn_weather\n    conditions: [location_enabled]\n",
    );
    assert_eq!(c.diagnostics(&config), Vec::<Value>::new());
    assert_eq!(c.diagnostics(&store), Vec::<Value>::new());
    // A setting that is wrong, and a text that is not YAML, at their places.
    c.change(&config, 3, "polcy: x\n");
    let diags = c.diagnostics(&config);
    assert_eq!(codes(&diags), ["invalid-config"], "{diags:?}");
    assert_eq!(
        diags[0]["range"]["start"],
        json!({ "line": 0, "character": 0 })
    );
    c.change(&config, 4, "products: [\n  - x\n");
    let diags = c.diagnostics(&config);
    assert_eq!(codes(&diags), ["invalid-config"], "{diags:?}");
    assert!(
        diags[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("not valid YAML"),
        "{diags:?}"
    );
}

/// The 0-based line and character (UTF-16) of byte `offset` of `text`.
fn position_of(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].encode_utf16().count() as u32)
}

/// The items offered `into` bytes after the first `at` of `text`, with their details.
fn store_completions(
    c: &mut Client,
    uri: &Url,
    text: &str,
    at: &str,
    into: usize,
) -> Vec<(String, String, Value)> {
    let (line, character) = position_of(text, text.find(at).unwrap() + into);
    let items = c.request("textDocument/completion", c.at(uri, line, character));
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            assert_eq!(i["label"], i["textEdit"]["newText"], "{i}");
            (
                i["label"].as_str().unwrap().to_owned(),
                i["detail"].as_str().unwrap().to_owned(),
                i["textEdit"]["range"].clone(),
            )
        })
        .collect()
}

/// The range of the first `id` in `text`.
fn range_of(text: &str, id: &str) -> Value {
    let at = text.find(id).unwrap();
    let (line, start) = position_of(text, at);
    let (_, end) = position_of(text, at + id.len());
    range(line, start, end)
}

fn completion_offers_store_ids_in_store_declarations(mode: Mode) {
    let mut c = Client::start(mode);
    let apple = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<dict>\n\
        \t<key>NSPrivacyTrackingDomains</key>\n\t<array><string>ads.example.com</string></array>\n\
        \t<key>NSPrivacyCollectedDataTypes</key>\n\t<array>\n\t\t<dict>\n\
        \t\t\t<key>NSPrivacyCollectedDataType</key>\n\
        \t\t\t<string>NSPrivacyCollectedDataTypeEmailAdres</string>\n\
        \t\t\t<key>NSPrivacyCollectedDataTypePurposes</key>\n\t\t\t<array>\n\
        \t\t\t\t<string>NSPrivacyCollectedDataTypePurposeAppFunctionality</string>\n\
        \t\t\t\t<!-- the next one -->\n\
        \t\t\t\t<string>NSPrivacyCollectedDataTypePurposeAnalyt</string>\n\
        \t\t\t</array>\n\t\t</dict>\n\t</array>\n</dict>\n</plist>\n";
    let uri = c.open("ios/PrivacyInfo.xcprivacy", apple);
    c.diagnostics(&uri);
    // In the data type's `<string>`, mid-id: every data type, replacing the whole id.
    let items = store_completions(
        &mut c,
        &uri,
        apple,
        "NSPrivacyCollectedDataTypeEmailAdres",
        30,
    );
    assert_eq!(items.len(), 35, "{items:?}");
    let email = items
        .iter()
        .find(|(id, _, _)| id == "NSPrivacyCollectedDataTypeEmailAddress")
        .expect("the email address");
    assert_eq!(email.1, "Contact Info › Email Address");
    assert_eq!(
        email.2,
        range_of(apple, "NSPrivacyCollectedDataTypeEmailAdres")
    );
    // In a purpose's `<string>`, past a comment: the six purposes, with their App Store labels.
    let typed = "NSPrivacyCollectedDataTypePurposeAnalyt";
    let items = store_completions(&mut c, &uri, apple, typed, typed.len());
    let offered: Vec<(&str, &str)> = items
        .iter()
        .map(|(id, detail, _)| (id.as_str(), detail.as_str()))
        .collect();
    assert_eq!(
        offered,
        [
            (
                "NSPrivacyCollectedDataTypePurposeThirdPartyAdvertising",
                "Third-Party Advertising"
            ),
            (
                "NSPrivacyCollectedDataTypePurposeDeveloperAdvertising",
                "Developer's Advertising or Marketing"
            ),
            ("NSPrivacyCollectedDataTypePurposeAnalytics", "Analytics"),
            (
                "NSPrivacyCollectedDataTypePurposeProductPersonalization",
                "Product Personalization"
            ),
            (
                "NSPrivacyCollectedDataTypePurposeAppFunctionality",
                "App Functionality"
            ),
            ("NSPrivacyCollectedDataTypePurposeOther", "Other Purposes"),
        ]
    );
    assert!(items.iter().all(|(_, _, r)| *r == range_of(apple, typed)));
    // A tracking domain, and a key, take no store id.
    assert!(store_completions(&mut c, &uri, apple, "ads.example", 3).is_empty());
    assert!(store_completions(&mut c, &uri, apple, "NSPrivacyTrackingDomains", 5).is_empty());

    let play = "Question ID (machine readable),Response ID (machine readable),Response value,\
        Answer requirement,Human-friendly question label\n\
        PSL_DATA_TYPES_PERSONAL,PSL_EM,TRUE,MULTIPLE_CHOICE,Personal info\n\
        \"PSL_DATA_USAGE_RESPONSES:PSL_EMAIL:DATA_USAGE_SHARING_PURPOSE\",\"PSL_ADV\",TRUE,,Why\n\
        PSL_DATA_USAGE_RESPONSES:PSL_EMAIL:PSL_DATA_USAGE_EPHEMERAL,,FALSE,,Ephemeral\n";
    let uri = c.open("android/data_safety.csv", play);
    c.diagnostics(&uri);
    // A data type question's response cell: the types of its category.
    let items = store_completions(&mut c, &uri, play, "PSL_EM,", 6);
    let ids: Vec<&str> = items.iter().map(|(id, _, _)| id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "PSL_NAME",
            "PSL_EMAIL",
            "PSL_USER_ACCOUNT",
            "PSL_ADDRESS",
            "PSL_PHONE",
            "PSL_RACE_ETHNICITY",
            "PSL_POLITICAL_RELIGIOUS",
            "PSL_SEXUAL_ORIENTATION_GENDER_IDENTITY",
            "PSL_OTHER_PERSONAL",
        ]
    );
    assert_eq!(items[1].1, "Personal info › Email address");
    assert_eq!(items[1].2, range_of(play, "PSL_EM"));
    // A sharing purpose question's response cell, quoted: the purposes, inside the quotes.
    let items = store_completions(&mut c, &uri, play, "PSL_ADV", 4);
    assert_eq!(items.len(), 7, "{items:?}");
    let ads = items
        .iter()
        .find(|(id, _, _)| id == "PSL_ADVERTISING")
        .unwrap();
    assert_eq!(ads.1, "Advertising or marketing");
    assert_eq!(ads.2, range_of(play, "PSL_ADV"));
    // A question id, a value, and a question that takes no id: nothing.
    assert!(store_completions(&mut c, &uri, play, "PSL_DATA_TYPES_PERSONAL", 4).is_empty());
    assert!(store_completions(&mut c, &uri, play, "TRUE,MULTIPLE", 2).is_empty());
    assert!(store_completions(&mut c, &uri, play, ",,FALSE", 1).is_empty());
}

/// Runs each scenario through the built binary and in process.
fn evidence_files_get_their_reading_findings_and_hover_on_a_permission(mode: Mode) {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let app = repo.join("examples/apps/weather-android");
    let text = fs::read_to_string(app.join("app/src/main/AndroidManifest.xml")).unwrap();
    let form = fs::read_to_string(app.join("data_safety.csv")).unwrap();
    let mut c = Client::start_with(mode, |root| {
        fs::write(
            root.join("candor.yaml"),
            "products:\n  - path: \"android/**\"\n    product: msn_weather\n",
        )
        .unwrap();
        fs::create_dir_all(root.join("android/app/src/main")).unwrap();
        fs::write(root.join("android/app/src/main/AndroidManifest.xml"), &text).unwrap();
        fs::write(root.join("android/data_safety.csv"), &form).unwrap();
    });
    let uri = c.open("android/app/src/main/AndroidManifest.xml", &text);
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new(), "a clean manifest");
    let (line, column) = text
        .lines()
        .enumerate()
        .find_map(|(n, l)| {
            l.find("android.permission.ACCESS_FINE_LOCATION")
                .map(|c| (n, c))
        })
        .unwrap();
    let hover = c.request(
        "textDocument/hover",
        c.at(&uri, line as u32, column as u32 + 5),
    );
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(
        value.contains("`PSL_PRECISE_LOCATION` (Precise location): read as `location.precise`")
            && value.contains("label must declare one of these"),
        "{value}"
    );
    // The label line that declares it: the form's precise location row.
    let row = form
        .lines()
        .position(|l| l.starts_with("PSL_DATA_TYPES_LOCATION,PSL_PRECISE_LOCATION,"))
        .unwrap()
        + 1;
    assert!(
        value.contains(&format!(
            "Declared by the app's Google Play label:\n\n- `PSL_PRECISE_LOCATION` in `android/data_safety.csv`, line {row}"
        )),
        "{value}"
    );
    // Unsaved edits count: with location left out of the open form, the permission is
    // undisclosed in the manifest, and the hover says so.
    let without: String = form
        .lines()
        .filter(|l| !l.contains("PSL_PRECISE_LOCATION") && !l.contains("PSL_APPROXIMATE_LOCATION"))
        .map(|l| format!("{l}\n"))
        .collect();
    let open_form = c.open("android/data_safety.csv", &without);
    let _ = c.diagnostics(&open_form);
    c.change(&uri, 2, &text);
    let diags = c.diagnostics(&uri);
    assert!(
        diags
            .iter()
            .any(|d| d["code"] == "undisclosed-evidence"
                && d["range"]["start"]["line"] == json!(line)),
        "{diags:#?}"
    );
    let hover = c.request(
        "textDocument/hover",
        c.at(&uri, line as u32, column as u32 + 5),
    );
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(
        value.contains("Not declared by the app's Google Play label (`android/data_safety.csv`)"),
        "{value}"
    );
    assert_eq!(
        hover["range"]["start"],
        json!({ "line": line, "character": column })
    );
    // A broken one gets its reading finding as the document is typed.
    let broken = c.open(
        "android/b/AndroidManifest.xml",
        "<manifest><uses-permission",
    );
    let diags = c.diagnostics(&broken);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "invalid-manifest");
}

macro_rules! both_ways {
    ($($name:ident),* $(,)?) => {
        mod binary {
            $(#[test] fn $name() { super::$name(super::Mode::Binary) })*
        }
        mod in_process {
            $(#[test] fn $name() { super::$name(super::Mode::InProcess) })*
        }
    };
}

both_ways!(
    a_manifest_violation_is_diagnosed_then_cleared,
    editing_the_policy_rechecks_open_manifests,
    policy_files_get_their_own_diagnostics,
    hover_definition_and_references,
    completion_offers_ids_of_the_right_kind,
    formatting_a_policy,
    ranges_count_utf16_code_units_on_non_ascii_lines,
    messages_it_cannot_answer_get_errors_and_the_server_goes_on,
    completion_after_a_dot_offers_the_children,
    completion_inside_flow_style_entries,
    excluded_manifests_get_no_diagnostics,
    a_broken_policy_is_one_note_not_a_finding_per_entry,
    severity_overrides_apply_to_policy_files_outside_the_workspace_policy,
    check_and_the_server_agree_on_every_example,
    policy_completion_reads_tokens_not_words,
    app_store_declarations_get_diagnostics_hover_and_definition,
    an_open_candor_yaml_is_diagnosed_and_its_unsaved_bindings_apply,
    evidence_files_get_their_reading_findings_and_hover_on_a_permission,
    completion_offers_store_ids_in_store_declarations,
    a_misspelt_id_has_a_quick_fix_and_diagnostics_carry_their_version,
    document_symbols_outline_a_policy,
    semantic_tokens_cover_every_token_of_the_shipped_policy,
    rename_of_a_category_reaches_policy_files_map_blocks_and_manifests,
    incremental_edits_are_applied_and_queued_ones_diagnosed_once,
);

fn a_misspelt_id_has_a_quick_fix_and_diagnostics_carry_their_version(mode: Mode) {
    let mut c = Client::start(mode);
    let text = "product: outlook\ncollects:\n  - data: mail\n    category: contact.emial\n    purposes: [provide]\n";
    let uri = c.open("svc/privacy.yaml", text);
    let published = c.publication(&uri);
    assert_eq!(published["version"], 1, "the version of the text diagnosed");
    let diagnostics = published["diagnostics"].as_array().unwrap().clone();
    let unknown = diagnostics
        .iter()
        .find(|d| d["code"] == "unknown-category")
        .expect("contact.emial is unknown");
    // The cursor anywhere on the id asks for its fixes.
    let actions = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": range(3, 16, 16),
            "context": { "diagnostics": [unknown], "only": ["quickfix"] },
        }),
    );
    let actions = actions.as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:?}");
    let action = &actions[0];
    assert_eq!(action["kind"], "quickfix");
    assert_eq!(action["title"], "Replace with `contact.email`");
    assert_eq!(action["isPreferred"], true);
    let edits = &action["edit"]["changes"][uri.as_str()];
    assert_eq!(edits[0]["range"], range(3, 14, 27));
    assert_eq!(edits[0]["newText"], "contact.email");
    // Applied, as the editor would, the finding is gone, in version 2's diagnostics.
    c.change(&uri, 2, &text.replace("contact.emial", "contact.email"));
    let published = c.publication(&uri);
    assert_eq!(published["version"], 2);
    assert!(
        published["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["code"] != "unknown-category"),
        "{published}"
    );
    // Elsewhere in the file there is nothing to fix.
    let none = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": range(0, 0, 0),
            "context": { "diagnostics": [] },
        }),
    );
    assert_eq!(none, json!([]));
}

fn document_symbols_outline_a_policy(mode: Mode) {
    let mut c = Client::start(mode);
    let text = "category contact \"who\" {\n    email \"an address\"\n}\npurpose provide \"run it\"\nsource direct \"given\"\ncondition asked \"the person agreed\"\n\ndefault {\n    collect contact for provide from direct\n}\n\nproduct app \"the app\" {\n    collect contact.email for provide from direct when asked\n}\n\nnever contact for provide \"no\"\n\nmap play {\n    data PSL_EMAIL as contact.email\n}\n";
    let uri = c.open("policies/outline.candor", text);
    c.diagnostics(&uri);
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let top: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        top,
        [
            "contact",
            "provide",
            "direct",
            "asked",
            "default",
            "app",
            "never contact for provide",
            "map play"
        ]
    );
    let contact = &symbols[0];
    assert_eq!(contact["detail"], "category — who");
    assert_eq!(contact["children"][0]["name"], "email");
    assert_eq!(contact["selectionRange"], range(0, 9, 16));
    let app = &symbols[5];
    assert_eq!(app["children"][0]["name"], "collect contact.email");
    assert_eq!(app["children"][0]["detail"], "for provide from direct");
    assert_eq!(symbols[7]["children"][0]["name"], "PSL_EMAIL");
    // Every selection lies inside its symbol's range, as LSP requires.
    fn inside(s: &Value) {
        let key = |p: &Value| {
            (
                p["line"].as_u64().unwrap(),
                p["character"].as_u64().unwrap(),
            )
        };
        assert!(
            key(&s["range"]["start"]) <= key(&s["selectionRange"]["start"]),
            "{s}"
        );
        assert!(
            key(&s["selectionRange"]["end"]) <= key(&s["range"]["end"]),
            "{s}"
        );
        for child in s["children"].as_array().into_iter().flatten() {
            inside(child);
        }
    }
    symbols.as_array().unwrap().iter().for_each(inside);
}

fn semantic_tokens_cover_every_token_of_the_shipped_policy(mode: Mode) {
    let mut c = Client::start(mode);
    let legend = candor::lsp::tokens::legend();
    let types: Vec<String> = legend
        .token_types
        .iter()
        .map(|t| t.as_str().to_owned())
        .collect();
    for path in [
        "policies/microsoft.candor",
        "policies/microsoft/taxonomy.candor",
        "policies/microsoft/products.candor",
        "policies/microsoft/platforms.candor",
    ] {
        let text = fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
            .unwrap();
        let uri = c.open(path, &text);
        c.diagnostics(&uri);
        let result = c.request(
            "textDocument/semanticTokens/full",
            json!({ "textDocument": { "uri": uri } }),
        );
        let data: Vec<u64> = result["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_u64().unwrap())
            .collect();
        assert_eq!(data.len() % 5, 0);
        // Decoded: each token's text, read from its line by UTF-16 offsets, and its type.
        let lines: Vec<Vec<u16>> = text.lines().map(|l| l.encode_utf16().collect()).collect();
        let (mut line, mut column) = (0u64, 0u64);
        let mut decoded = Vec::new();
        for t in data.chunks(5) {
            line += t[0];
            column = if t[0] == 0 { column + t[1] } else { t[1] };
            let units = &lines[line as usize][column as usize..(column + t[2]) as usize];
            decoded.push((
                String::from_utf16(units).unwrap(),
                types[t[3] as usize].clone(),
            ));
        }
        let expected: Vec<String> = candor::policy::lex::lex(&text)
            .into_iter()
            .filter(|t| t.kind != candor::policy::lex::TokenKind::Newline)
            .map(|t| t.text(&text).trim_end_matches('\r').to_owned())
            .collect();
        let texts: Vec<&str> = decoded.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, expected, "{path}: every token, in order");
        for (text, kind) in &decoded {
            match kind.as_str() {
                "keyword" => assert!(
                    candor::policy::lex::Keyword::from_word(text).is_some(),
                    "{text}"
                ),
                "string" => assert!(text.starts_with('"') && text.ends_with('"'), "{text}"),
                "comment" => assert!(text.starts_with("//"), "{text}"),
                "variable" | "type" => assert!(
                    text.chars()
                        .all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '.'),
                    "{text}"
                ),
                "operator" => assert!(["{", "}", "[", "]", ","].contains(&text.as_str())),
                other => panic!("unexpected token type {other}"),
            }
        }
        if path.ends_with("products.candor") {
            assert!(
                decoded
                    .iter()
                    .any(|(t, k)| t == "msn_weather" && k == "type"),
                "a declared product is a declaration"
            );
        }
    }
}

fn rename_of_a_category_reaches_policy_files_map_blocks_and_manifests(mode: Mode) {
    let mut c = Client::start_with(mode, |root| {
        // A manifest on disk, not open: renamed too.
        fs::create_dir_all(root.join("mail")).unwrap();
        fs::write(
            root.join("mail/privacy.yaml"),
            "product: outlook\ncollects:\n  - data: inbox\n    category: content.email\n    purposes: [provide]\n",
        )
        .unwrap();
    });
    let uri = c.open("svc/privacy.yaml", MANIFEST);
    c.diagnostics(&uri);
    // `    category: content.email`: the cursor on `email`.
    let prepared = c.request("textDocument/prepareRename", c.at(&uri, 3, 24));
    assert_eq!(prepared["placeholder"], "email");
    assert_eq!(prepared["range"], range(3, 22, 27));
    let mut params = c.at(&uri, 3, 24);
    params["newName"] = json!("mails");
    let edit = c.request("textDocument/rename", params);
    let changes = edit["changes"].as_object().unwrap();
    let edits_in = |path: &str| -> Vec<(Value, String)> {
        let key = c.uri(path).to_string();
        changes
            .get(&key)
            .unwrap_or_else(|| panic!("no edit in {path}: {edit}"))
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["range"].clone(),
                    e["newText"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    // The declaration writes only its own segment.
    let taxonomy = edits_in("policies/microsoft/taxonomy.candor");
    assert!(taxonomy.iter().all(|(_, t)| t == "mails"), "{taxonomy:?}");
    assert_eq!(taxonomy.len(), 1, "{taxonomy:?}");
    // Grants and the map block's data and export lines.
    assert_eq!(edits_in("policies/microsoft/products.candor").len(), 1);
    let maps = edits_in("policies/microsoft/platforms.candor");
    assert_eq!(
        maps.len(),
        4,
        "three data lines and one export line: {maps:?}"
    );
    assert!(maps.iter().all(|(_, t)| t == "content.mails"));
    // The open manifest and the one on disk.
    assert_eq!(
        edits_in("svc/privacy.yaml"),
        [(range(3, 14, 27), "content.mails".to_owned())]
    );
    assert_eq!(edits_in("mail/privacy.yaml").len(), 1);
    // Nothing else is touched.
    assert_eq!(changes.len(), 5, "{:?}", changes.keys().collect::<Vec<_>>());

    // An id the policy already declares, or a name that is no id, is refused.
    let mut taken = c.at(&uri, 3, 24);
    taken["newName"] = json!("messages");
    let response = c.request_raw("textDocument/rename", taken);
    assert!(
        response
            .response_result
            .unwrap_err()
            .message
            .contains("already declares"),
    );
    let mut bad = c.at(&uri, 3, 24);
    bad["newName"] = json!("two words");
    assert!(
        c.request_raw("textDocument/rename", bad)
            .response_result
            .is_err()
    );
}

fn incremental_edits_are_applied_and_queued_ones_diagnosed_once(mode: Mode) {
    let mut c = Client::start(mode);
    let text = "product: outlook\ncollects:\n  - data: mail\n    category: contact.emial\n    purposes: [provide]\n";
    let uri = c.open("svc/privacy.yaml", text);
    let first = c.publication(&uri);
    assert!(
        first["diagnostics"]
            .to_string()
            .contains("unknown-category")
    );
    // Ten keystrokes sent at once, each an incremental edit: `emial` becomes `email` at the
    // third, then seven spaces are typed at the end of the file.
    let edit = |version: i32, line: u32, from: u32, to: u32, text: &str| {
        json!({
            "textDocument": { "uri": uri, "version": version },
            "contentChanges": [{ "range": range(line, from, to), "text": text }],
        })
    };
    c.notify("textDocument/didChange", edit(2, 3, 24, 26, "ma"));
    c.notify("textDocument/didChange", edit(3, 3, 26, 27, "i"));
    c.notify("textDocument/didChange", edit(4, 3, 24, 27, "ail"));
    for version in 5..=11 {
        c.notify("textDocument/didChange", edit(version, 5, 0, 0, " "));
    }
    // Publications come in version order, and the last is the last version's, without the
    // finding; queued edits may be diagnosed together, never out of order.
    let mut last = 0;
    loop {
        let published = c.publication(&uri);
        let version = published["version"].as_i64().unwrap();
        assert!(version > last, "version {version} after {last}");
        last = version;
        if version == 11 {
            assert!(
                !published["diagnostics"]
                    .to_string()
                    .contains("unknown-category"),
                "{published}"
            );
            break;
        }
    }
    // The document now reads as the edits made it: hover on the fixed id answers.
    let hover = c.request("textDocument/hover", c.at(&uri, 3, 20));
    assert!(hover.to_string().contains("contact"), "{hover}");
}

/// The issue's raw client: `initialize` then `exit` (and `initialize`, `shutdown`, `exit`),
/// written to the built binary's standard input in one go, with no `initialized` notification.
#[test]
fn a_raw_client_gets_an_answer_and_the_process_ends() {
    use std::io::Write;
    let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
    let initialize =
        frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#);
    let shutdown = frame(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#);
    let exit = frame(r#"{"jsonrpc":"2.0","method":"exit"}"#);
    for input in [
        format!("{initialize}{exit}"),
        format!("{initialize}{shutdown}{exit}"),
    ] {
        let mut child = run::clean()
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Keep standard input open, as an editor does: the server must end on `exit` alone.
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input.as_bytes()).unwrap();
        stdin.flush().unwrap();
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > Duration::from_secs(2) {
                let _ = child.kill();
                panic!("candor lsp still running 2 s after `exit`");
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        drop(stdin);
        assert!(status.success(), "{status}");
        let mut out = String::new();
        std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut out).unwrap();
        assert!(out.contains(r#""serverInfo":{"name":"candor""#), "{out}");
    }
}

/// JSON-RPC's error codes for input that is not JSON, and for JSON that is not a request.
const PARSE_ERROR: i32 = -32700;
const INVALID_REQUEST: i32 = -32600;

/// What the server answers to one bad input.
enum Answer {
    /// An error response with this id and code.
    Error(Value, i32),
    /// Nothing: the input is dropped.
    Nothing,
}

/// Sends `bad` to the built server before the handshake and again after it. Each time the
/// answer comes (or, for [`Answer::Nothing`], the next answer is to the next request), the
/// next request is served (`initialize`, then `shutdown`), and `exit` ends the process with 0.
fn survives(bad: &[u8], answer: &Answer) {
    let dir = tempfile::tempdir().unwrap();
    let mut server = raw_lsp::RawServer::start(dir.path());
    let answered = |server: &raw_lsp::RawServer| {
        if let Answer::Error(id, code) = answer {
            server.error(id.clone(), *code);
        }
    };
    server.write(bad);
    answered(&server);
    server.request(1, "initialize", json!({ "capabilities": {} }));
    let initialized = server.response(json!(1));
    assert_eq!(
        initialized["result"]["serverInfo"]["name"], "candor",
        "{initialized}"
    );
    server.write(bad);
    answered(&server);
    server.request(2, "shutdown", Value::Null);
    assert_eq!(server.response(json!(2))["result"], Value::Null);
    server.exit();
}

/// The server's peak resident memory, in KiB (Linux's `VmHWM`).
fn peak_memory_kib(pid: u32) -> u64 {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .unwrap();
    line.trim().trim_end_matches("kB").trim().parse().unwrap()
}

/// Peak memory the server stays under while it skips 64 MiB it must not keep (it needs about
/// 16 MiB to start).
const SKIPPING_KIB: u64 = 48 * 1024;

#[test]
fn huge_content_lengths_are_refused_without_allocating_and_the_server_goes_on() {
    // These panicked (capacity overflow), aborted (allocation failure) and took 2.1 GB in the
    // reader of `lsp-server`; under `raw_lsp::ADDRESS_SPACE` the last fails too.
    for length in ["18446744073709551615", "10000000000000", "2147483648"] {
        let header = format!("Content-Length: {length}\r\n\r\n");
        survives(
            header.as_bytes(),
            &Answer::Error(Value::Null, INVALID_REQUEST),
        );
    }
}

#[test]
fn a_header_line_without_a_colon_is_refused_and_the_server_goes_on() {
    survives(
        b"this header line has no colon\r\n\r\n",
        &Answer::Error(Value::Null, PARSE_ERROR),
    );
}

#[test]
fn a_header_without_a_content_length_is_refused_and_its_body_skipped() {
    // Were the body taken, its `shutdown` (id 9) would be answered in place of the next request.
    survives(
        b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"shutdown\"}",
        &Answer::Error(Value::Null, PARSE_ERROR),
    );
    survives(
        b"Content-Length: twelve\r\n\r\n",
        &Answer::Error(Value::Null, PARSE_ERROR),
    );
}

#[test]
fn a_body_that_is_not_json_is_a_parse_error_and_the_server_goes_on() {
    for body in [
        "this is not JSON",
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"initialize\"",
    ] {
        survives(
            &raw_lsp::frame(body),
            &Answer::Error(Value::Null, PARSE_ERROR),
        );
    }
}

#[test]
fn json_that_is_not_a_message_is_an_invalid_request_and_the_server_goes_on() {
    for (body, answer) in [
        ("[1, 2, 3]", Answer::Error(Value::Null, INVALID_REQUEST)),
        (
            "{\"jsonrpc\":\"2.0\"}",
            Answer::Error(Value::Null, INVALID_REQUEST),
        ),
        // The id is answered when it can be recovered, even one LSP does not allow.
        (
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":42}",
            Answer::Error(json!(7), INVALID_REQUEST),
        ),
        (
            "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"initialize\"}",
            Answer::Error(json!(1.5), INVALID_REQUEST),
        ),
        // A malformed notification is dropped: JSON-RPC never answers a notification.
        ("{\"jsonrpc\":\"2.0\",\"method\":42}", Answer::Nothing),
    ] {
        survives(&raw_lsp::frame(body), &answer);
    }
}

/// A request whose body is `bytes` long.
fn request_of(bytes: u64) -> Vec<u8> {
    let head = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"textDocument/hover\",\"params\":\"";
    let tail = "\"}";
    let padding = usize::try_from(bytes).unwrap() - head.len() - tail.len();
    let body = format!("{head}{}{tail}", "a".repeat(padding));
    assert_eq!(body.len() as u64, bytes);
    raw_lsp::frame(&body)
}

#[test]
fn a_body_over_the_limit_is_answered_and_skipped_without_being_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = raw_lsp::RawServer::start(dir.path());
    server.request(1, "initialize", json!({ "capabilities": {} }));
    server.response(json!(1));
    // One byte over: refused before it is read, then read past (not into memory).
    server.write(&request_of(candor::limits::LSP_MESSAGE_BYTES + 1));
    let refused = server.error(Value::Null, INVALID_REQUEST);
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("over the limit"),
        "{refused}"
    );
    server.request(2, "shutdown", Value::Null);
    assert_eq!(server.response(json!(2))["result"], Value::Null);
    let peak = peak_memory_kib(server.pid());
    assert!(peak < SKIPPING_KIB, "{peak} KiB");
    server.exit();

    // A header claiming more than the limit, then the end of the input: an answer, and the
    // server ends as at any end of input.
    let mut server = raw_lsp::RawServer::start(dir.path());
    server.request(1, "initialize", json!({ "capabilities": {} }));
    server.response(json!(1));
    let header = format!(
        "Content-Length: {}\r\n\r\n",
        candor::limits::LSP_MESSAGE_BYTES + 1
    );
    server.write(header.as_bytes());
    server.error(Value::Null, INVALID_REQUEST);
    server.close();
    let status = server.status();
    assert!(status.success(), "{status}");
}

#[test]
fn a_header_line_that_never_ends_is_not_buffered() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = raw_lsp::RawServer::start(dir.path());
    server.request(1, "initialize", json!({ "capabilities": {} }));
    server.response(json!(1));
    server.write(&vec![b'x'; 64 * 1024 * 1024]);
    server.error(Value::Null, PARSE_ERROR);
    server.request(2, "shutdown", Value::Null);
    assert_eq!(server.response(json!(2))["result"], Value::Null);
    let peak = peak_memory_kib(server.pid());
    assert!(peak < SKIPPING_KIB, "{peak} KiB");
    server.exit();
}

#[test]
fn a_second_shutdown_is_refused_and_the_server_waits_for_exit() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = raw_lsp::RawServer::start(dir.path());
    server.request(1, "initialize", json!({ "capabilities": {} }));
    server.response(json!(1));
    server.request(2, "shutdown", Value::Null);
    assert_eq!(server.response(json!(2))["result"], Value::Null);
    server.request(3, "shutdown", Value::Null);
    server.error(json!(3), lsp_server::ErrorCode::InvalidRequest as i32);
    server.request(4, "textDocument/hover", json!({}));
    server.error(json!(4), lsp_server::ErrorCode::InvalidRequest as i32);
    // Notifications after `shutdown` are dropped: no diagnostics come for this one.
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": "file:///x/privacy.yaml", "languageId": "yaml", "version": 1, "text": "product: [" } }),
    );
    server.exit();
}

#[test]
fn a_fifo_in_the_workspace_never_stops_the_server() {
    let mkfifo = |path: &std::path::Path| {
        let _ = fs::remove_file(path);
        let status = Command::new("mkfifo").arg(path).status().unwrap();
        assert!(status.success(), "mkfifo {}", path.display());
    };
    let setups: [&dyn Fn(&std::path::Path); 2] = [
        // Read when the workspace session opens.
        &|root| mkfifo(&root.join("candor.yaml")),
        // Included by the root policy file.
        &|root| mkfifo(&root.join("policies/microsoft/platforms.candor")),
    ];
    for setup in setups {
        let dir = support::with_microsoft_policy();
        let root = dir.path().canonicalize().unwrap();
        fs::create_dir_all(root.join("svc")).unwrap();
        setup(&root);
        let mut server = raw_lsp::RawServer::start(&root);
        let uri = Url::from_directory_path(&root).unwrap();
        server.request(
            1,
            "initialize",
            json!({ "capabilities": {}, "rootUri": uri }),
        );
        server.response(json!(1));
        let manifest = Url::from_file_path(root.join("svc/privacy.yaml")).unwrap();
        server.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": manifest, "languageId": "yaml", "version": 1, "text": MANIFEST } }),
        );
        let published = server.next();
        assert_eq!(
            published["method"], "textDocument/publishDiagnostics",
            "{published}"
        );
        assert_eq!(published["params"]["uri"], json!(manifest), "{published}");
        server.request(2, "textDocument/hover", json!({ "textDocument": { "uri": manifest }, "position": { "line": 0, "character": 11 } }));
        server.response(json!(2));
        server.request(3, "shutdown", Value::Null);
        server.response(json!(3));
        server.exit();
    }
}
