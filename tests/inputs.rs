//! One list of input names (`candor::inputs`): discovery's classifiers agree with it, and the
//! pre-commit hook, the VS Code extension and the editor set-ups in the READMEs are made from
//! it. Each test fails when one of them names other files than candor reads.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

use std::path::Path;

use candor::evidence::FileKind;
use candor::inputs::{self, Input, NAMES, Name};
use candor::platform::Platform;
use candor::workspace;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap()
}

/// A file name each entry of the list takes, and one it does not (the bare ending).
fn example(name: Name) -> (String, Option<String>) {
    match name {
        Name::Exact(n) => (n.to_owned(), None),
        Name::Suffix(ending) => (format!("app{ending}"), Some(ending.to_owned())),
    }
}

#[test]
fn discovery_takes_exactly_the_listed_names() {
    for (input, name) in NAMES {
        let (taken, bare) = example(*name);
        assert_eq!(inputs::of(&taken), Some(*input), "{taken}");
        let walked = workspace::is_checked_name(&taken);
        match input {
            Input::Manifest => assert!(workspace::is_manifest_name(&taken), "{taken}"),
            Input::Store => assert!(Platform::of_file_name(&taken).is_some(), "{taken}"),
            Input::Evidence => assert!(FileKind::of_file_name(&taken).is_some(), "{taken}"),
            Input::Config => assert_eq!(taken, workspace::CONFIG_FILE),
            Input::Policy => assert!(!walked, "policies are found through the policy"),
        }
        if matches!(input, Input::Manifest | Input::Store | Input::Evidence) {
            assert!(walked, "discovery walks past `{taken}`");
        }
        if let Some(bare) = bare {
            assert_eq!(inputs::of(&bare), None, "{bare}");
            assert!(!workspace::is_checked_name(&bare), "{bare}");
        }
    }
    // Every file discovery takes in the repository's examples and test files is in the list,
    // as the kind the list says.
    let paths = [root().join("examples"), root().join("tests")];
    let scope = workspace::Scope::within([root()]);
    let found = workspace::discover(&paths, &scope, &|_| false);
    assert!(found.manifests.len() > 50, "{}", found.manifests.len());
    for (path, _) in &found.manifests {
        let name = path.file_name().unwrap().to_string_lossy();
        let kind = inputs::of(&name);
        assert!(
            matches!(kind, Some(Input::Manifest | Input::Store | Input::Evidence)),
            "{} is discovered but the list says {kind:?}",
            path.display()
        );
    }
}

#[test]
fn the_pre_commit_hook_fires_on_every_input() {
    let hooks = read(".pre-commit-hooks.yaml");
    let files = hooks
        .lines()
        .find_map(|l| l.trim().strip_prefix("files: "))
        .expect("a files: line");
    let files = files.trim_matches('\'');
    assert_eq!(files, inputs::pre_commit_pattern());
}

#[test]
fn the_vscode_extension_serves_and_watches_every_input() {
    let extension = read("editors/vscode/extension.js");
    let line = format!("const INPUT_GLOB = \"{}\";", inputs::vscode_glob());
    assert!(extension.contains(&line), "extension.js lacks `{line}`");
    let package: serde_json::Value =
        serde_json::from_str(&read("editors/vscode/package.json")).unwrap();
    let events: Vec<String> = package["activationEvents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(events, inputs::vscode_activation_events());
}

#[test]
fn the_editor_set_ups_name_every_input() {
    let readme = read("editors/vscode/README.md");
    let tables = inputs::lua_tables();
    assert!(
        readme.contains(&tables),
        "the Neovim set-up lacks:\n{tables}"
    );
    for glob in inputs::globs() {
        if glob == "*.candor" {
            assert!(readme.contains("file-types = [\"candor\"]"));
            continue;
        }
        let entry = format!("{{ glob = \"{glob}\" }}");
        assert!(readme.contains(&entry), "the Helix set-up lacks `{entry}`");
    }
    // The Neovim client CI runs takes its names from the same tables.
    let check = read("editors/nvim/check.lua");
    assert!(
        check.contains(&tables),
        "editors/nvim/check.lua lacks:\n{tables}"
    );
}

#[test]
fn the_readme_pins_a_revision_whose_hook_fires_on_every_input() {
    let readme = read("README.md");
    let at = readme
        .find("repo: https://github.com/candor-privacy/candor")
        .unwrap();
    let rev = readme[at..]
        .lines()
        .find_map(|l| l.trim().strip_prefix("rev: "))
        .expect("a rev: line")
        .trim()
        .to_owned();
    assert!(
        rev.len() == 40 && rev.bytes().all(|b| b.is_ascii_hexdigit()),
        "`rev: {rev}` is not a commit"
    );
    let shown = std::process::Command::new("git")
        .current_dir(root())
        .args(["show", &format!("{rev}:.pre-commit-hooks.yaml")])
        .output()
        .unwrap();
    assert!(
        shown.status.success(),
        "`{rev}` is not a commit of this repository with a hooks file: {}",
        String::from_utf8_lossy(&shown.stderr)
    );
    let then = String::from_utf8(shown.stdout).unwrap();
    assert_eq!(
        then,
        read(".pre-commit-hooks.yaml"),
        "the hooks file at `{rev}` differs from the current one"
    );
}
