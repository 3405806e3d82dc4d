//! The real binary, per output format, with the exit status in every snapshot.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

#[path = "support/run.rs"]
mod run;
#[path = "support/workspace.rs"]
mod support;

use std::fs;
use std::path::Path;

/// Runs candor in `dir` and returns `exit: N`, stdout and stderr as one text.
fn candor_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = run::clean()
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("candor runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("utf-8 stdout"),
        String::from_utf8(output.stderr).expect("utf-8 stderr"),
    )
}

fn candor(args: &[&str]) -> String {
    let (code, stdout, stderr) = candor_in(Path::new(env!("CARGO_MANIFEST_DIR")), args);
    format!("exit: {code}\n--- stdout\n{stdout}--- stderr\n{stderr}")
}

#[test]
fn violations_in_every_format() {
    for format in ["human", "concise", "json", "sarif", "github"] {
        let out = candor(&[
            "check",
            "--color",
            "never",
            "--format",
            format,
            "examples/violations",
        ]);
        insta::assert_snapshot!(format!("violations_{format}"), redact_root(&out));
    }
}

/// The SARIF base URI of the repository root says where the checkout is, which differs from
/// machine to machine: the snapshot keeps its place, not its value.
fn redact_root(out: &str) -> String {
    out.lines()
        .map(|line| match line.split_once("\"file://") {
            Some((before, uri)) => {
                let after = uri.split_once('"').map_or("", |(_, after)| after);
                format!("{before}\"file:///[repository root]/\"{after}\n")
            }
            None => format!("{line}\n"),
        })
        .collect()
}

#[test]
fn the_clean_services_pass() {
    insta::assert_snapshot!(candor(&[
        "check",
        "--format",
        "concise",
        "examples/services"
    ]));
}

#[test]
fn the_policy_alone_is_clean_in_json() {
    let empty = tempfile::tempdir().unwrap();
    let out = candor(&[
        "check",
        "--policy",
        "policies/microsoft.candor",
        "--format",
        "json",
        empty.path().to_str().unwrap(),
    ]);
    assert!(out.starts_with("exit: 0\n"), "{out}");
    let json: serde_json::Value = serde_json::from_str(
        out.split("--- stdout\n")
            .nth(1)
            .unwrap()
            .split("--- stderr")
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 0);
    assert_eq!(json["summary"]["files_checked"], 4);
    assert_eq!(json["summary"]["errors"], 0);
}

#[test]
fn coverage_reports_grants_no_manifest_uses() {
    let out = candor(&[
        "check",
        "--coverage",
        "--format",
        "concise",
        "examples/services/outlook",
    ]);
    assert!(out.starts_with("exit: 0\n"), "{out}");
    assert!(out.contains("[unused-declaration]"), "{out}");
    // Only outlook has manifests here: other products' grants are not judged.
    assert!(!out.contains("`skype`"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn a_mixed_folder_reports_every_file_deterministically() {
    let dir = support::with_microsoft_policy();
    let root = dir.path();
    let write = |path: &str, bytes: &[u8]| {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    };
    write(
        "svc/clean/privacy.yaml",
        b"product: outlook\ncollects:\n  - data: body\n    category: content.email\n    purposes: [provide]\n",
    );
    write(
        "svc/leaky/privacy.yaml",
        b"product: bing\ncollects:\n  - data: body\n    category: content.email\n    purposes: [provide, advertising]\n",
    );
    write(
        "svc/blob/privacy.yaml",
        &[0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0xff, 0xfe, 0x00],
    );
    write("svc/text/notes.privacy.yml", b"this: is: not: yaml: [\n");
    write(
        "svc/ignored/node_modules/x/privacy.yaml",
        b"not even looked at",
    );
    write("svc/.hidden/privacy.yaml", b"not even looked at");
    write("svc/clean/README.md", b"not a manifest");
    let first = candor_in(root, &["check", "--format", "concise", "svc"]);
    let second = candor_in(root, &["check", "--format", "concise", "svc"]);
    assert_eq!(first, second, "two runs print the same bytes");
    let (code, stdout, stderr) = first;
    assert_eq!(code, 1, "{stdout}{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "svc/blob/privacy.yaml:1:7: error: cannot read `svc/blob/privacy.yaml`: the file is not valid UTF-8 (byte 6 is not) [invalid-manifest]",
            "svc/leaky/privacy.yaml:4:15: error: `bing` collects `content.email`, which the policy does not declare [undeclared-collection]",
            "svc/leaky/privacy.yaml:5:25: error: `content.email` is used for `advertising`, which the policy never allows [forbidden-use]",
            "svc/text/notes.privacy.yml:1:9: error: not valid YAML: mapping values are not allowed in this context [invalid-manifest]",
        ]
    );
}

#[test]
fn exit_status_two_when_candor_cannot_run() {
    let empty = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = candor_in(empty.path(), &["check"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.contains("no policy found"), "{stderr}");

    fs::write(
        empty.path().join("garbage.candor"),
        "\u{1}\u{2} garbage { ] \"",
    )
    .unwrap();
    let (code, stdout, _) = candor_in(
        empty.path(),
        &["check", "--policy", "garbage.candor", "--format", "concise"],
    );
    assert_eq!(code, 2, "{stdout}");
    assert!(stdout.contains("[policy-syntax]"), "{stdout}");

    let (code, _, stderr) = candor_in(empty.path(), &["check", "--format", "yaml"]);
    assert_eq!(code, 2, "bad usage: {stderr}");
}

#[test]
fn config_file_names_the_policy_and_excludes_paths() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("candor.yaml"),
        "policy: rules/p.candor\nexclude: [\"legacy/**\"]\n",
    )
    .unwrap();
    fs::create_dir_all(root.join("rules")).unwrap();
    fs::write(
        root.join("rules/p.candor"),
        "category contact \"c\"\npurpose provide \"p\"\nsource direct \"d\"\n\
         product app \"a\" { collect contact for provide from direct }\n",
    )
    .unwrap();
    for dir in ["svc", "legacy/old"] {
        fs::create_dir_all(root.join(dir)).unwrap();
        fs::write(
            root.join(dir).join("privacy.yaml"),
            "product: app\ncollects:\n  - data: e\n    category: contact\n    purposes: [sell]\n",
        )
        .unwrap();
    }
    let (code, stdout, stderr) = candor_in(root, &["check", "--format", "concise"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        stdout,
        "svc/privacy.yaml:5:16: error: purpose `sell` is not defined in the policy [unknown-purpose]\n"
    );
    // From a subfolder, the nearest candor.yaml up the tree still applies.
    let (code, stdout, _) = candor_in(&root.join("svc"), &["check", "--format", "concise"]);
    assert_eq!(code, 1);
    assert!(stdout.starts_with("privacy.yaml:5:16:"), "{stdout}");
}

#[test]
fn github_annotations_escape_properties_and_data() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("we,ird:dir%")).unwrap();
    fs::write(
        root.join("p.candor"),
        "category contact \"c\"\npurpose provide \"p\"\nsource direct \"d\"\n\
         product app \"a\" { collect contact for provide from direct }\n",
    )
    .unwrap();
    fs::write(
        root.join("we,ird:dir%/privacy.yaml"),
        "product: app\ncollects:\n  - data: \"two\\nlines, 100%: yes\"\n    category: contact\n    purposes: [provide]\n\
         \x20 - data: \"two\\nlines, 100%: yes\"\n    category: contact\n    purposes: [provide]\n",
    )
    .unwrap();
    let (code, stdout, stderr) = candor_in(
        root,
        &["check", "--policy", "p.candor", "--format", "github"],
    );
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "::warning file=we%2Cird%3Adir%25/privacy.yaml,line=6,endLine=6,col=11,endColumn=34,\
             title=candor duplicate-entry::`two%0Alines, 100%25: yes` is listed twice as `contact` \
             [duplicate-entry]%0Ahelp: merge the two entries: list every purpose in one `purposes`",
            "checked 1 policy file and 1 manifest: 1 warning",
        ]
    );
}

#[test]
fn severity_overrides_decide_the_exit_status() {
    let warning_only = "examples/violations/duplicate-entry.privacy.yaml";
    let status = |extra: &[&str]| {
        let mut args = vec!["check", "--format", "concise", warning_only];
        args.extend_from_slice(extra);
        candor_in(Path::new(env!("CARGO_MANIFEST_DIR")), &args)
    };
    assert_eq!(status(&[]).0, 0, "a warning alone passes");
    let (code, stdout, _) = status(&["--deny", "warnings"]);
    assert_eq!(code, 1);
    assert!(stdout.contains(": error: "), "{stdout}");
    assert_eq!(status(&["--deny", "duplicate-entry"]).0, 1);
    let (code, stdout, _) = status(&["--allow", "duplicate-entry", "--deny", "warnings"]);
    assert_eq!(
        (code, stdout.as_str()),
        (0, ""),
        "an allowed code is not reported"
    );
    let forbidden = "examples/violations/forbidden-use.privacy.yaml";
    let (code, stdout, _) = candor_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &[
            "check",
            "--format",
            "concise",
            "--warn",
            "forbidden-use",
            forbidden,
        ],
    );
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains(": warning: "), "{stdout}");
    let (code, _, stderr) = status(&["--deny", "duplicate-entri"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("did you mean `duplicate-entry`?"),
        "{stderr}"
    );
}

#[test]
fn severity_in_the_config_file_and_output_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("candor.yaml"),
        "policy: p.candor\nseverity:\n  deny: [warnings]\n",
    )
    .unwrap();
    fs::write(
        root.join("p.candor"),
        "category contact \"c\"\npurpose provide \"p\"\npurpose unused \"u\"\nsource direct \"d\"\n\
         default { collect contact for provide from direct }\n",
    )
    .unwrap();
    let (code, stdout, _) = candor_in(root, &["check", "--format", "json", "-o", "report.json"]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    let report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(root.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["diagnostics"][0]["code"], "unused-definition");
    assert_eq!(report["diagnostics"][0]["severity"], "error");
    // The command line overrides the file.
    let (code, _, _) = candor_in(root, &["check", "--allow", "unused-definition"]);
    assert_eq!(code, 0);
}

#[test]
fn the_pre_commit_hook_runs_once_on_every_input_change() {
    #[derive(serde::Deserialize)]
    struct Hook {
        id: String,
        entry: String,
        language: String,
        pass_filenames: bool,
        files: String,
    }
    let text = fs::read_to_string(".pre-commit-hooks.yaml").unwrap();
    let hooks: Vec<Hook> = serde_saphyr::from_str(&text).unwrap();
    assert_eq!(hooks.len(), 1);
    let hook = &hooks[0];
    assert_eq!(
        (hook.id.as_str(), hook.language.as_str()),
        ("candor", "rust")
    );
    assert_eq!(hook.entry, "candor check");
    assert!(
        !hook.pass_filenames,
        "the whole repository is checked, not each file"
    );
    // The pattern itself is held to the list of inputs by tests/inputs.rs.
    assert_eq!(hook.files, candor::inputs::pre_commit_pattern());
}
