//! `candor diff` between policy files and git revisions, in every format.

use std::fs;
use std::path::Path;
use std::process::Command;

use super::{candor, json, shipped_policy, support};

/// Replaces `from` with `to` in the policy file `path` under `root`; the text must be there.
fn edit(root: &Path, path: &str, from: &str, to: &str) {
    let path = root.join(path);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Two copies of the shipped policy, `old/` and `new/`, in one folder.
fn two_policies() -> tempfile::TempDir {
    let dir = support::with_microsoft_policy();
    let policies = dir.path().join("policies");
    for side in ["old", "new"] {
        fs::create_dir_all(dir.path().join(side).join("microsoft")).unwrap();
        for file in [
            "microsoft.candor",
            "microsoft/taxonomy.candor",
            "microsoft/products.candor",
            "microsoft/platforms.candor",
        ] {
            fs::copy(policies.join(file), dir.path().join(side).join(file)).unwrap();
        }
    }
    dir
}

const OLD: &str = "old/microsoft.candor";
const NEW: &str = "new/microsoft.candor";

#[test]
fn diff_of_identical_policies_is_no_change() {
    let dir = two_policies();
    // Layout and comments are not changes.
    edit(
        dir.path(),
        NEW,
        "// Grants that hold for every product.",
        "\n\n// Shared.",
    );
    for format in ["human", "markdown", "json"] {
        let (code, out, err) = candor(dir.path(), &["diff", OLD, NEW, "--format", format]);
        assert_eq!(code, 0, "{format}: {out}{err}");
        assert!(
            out.contains("no change") || out.contains("\"changed\": false"),
            "{out}"
        );
    }
}

#[test]
fn diff_names_product_category_and_purpose_of_a_new_grant() {
    let dir = two_policies();
    edit(
        dir.path(),
        "new/microsoft/products.candor",
        "product bing \"the web search engine\" {}",
        "product bing \"the web search engine\" {\n    collect content.email for [provide, improve] from direct\n}",
    );
    let (code, out, _) = candor(dir.path(), &["diff", OLD, NEW]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "comparing `old/microsoft.candor` with `new/microsoft.candor`\n\n`bing`:\n  newly allows:\n    \
         + content.email for [provide, improve] from direct\n\nchanged: 1 product may collect more\n"
    );
    let (code, out, _) = candor(dir.path(), &["diff", OLD, NEW, "--format", "markdown"]);
    assert_eq!(code, 1);
    assert!(out.starts_with("## Privacy policy changes\n"), "{out}");
    assert!(out.contains(
        "### `bing`\n\n| | category | purposes | sources | conditions |\n|---|---|---|---|---|\n\
         | **newly allowed** | `content.email` | `provide`, `improve` | `direct` |  |\n"
    ), "{out}");
    let (code, out, _) = candor(dir.path(), &["diff", OLD, NEW, "--format", "json"]);
    assert_eq!(code, 1);
    let doc = json(&out);
    assert_eq!(
        (doc["version"].clone(), doc["changed"].clone()),
        (1.into(), true.into())
    );
    let products = doc["products"].as_array().unwrap();
    assert_eq!(products.len(), 1);
    assert_eq!(products[0]["product"], "bing");
    let allowed = products[0]["newly_allowed"].as_array().unwrap();
    let triples: Vec<(&str, &str, &str)> = allowed
        .iter()
        .map(|p| {
            (
                p["category"].as_str().unwrap(),
                p["purpose"].as_str().unwrap(),
                p["source"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        triples,
        [
            ("content.email", "provide", "direct"),
            ("content.email", "improve", "direct")
        ]
    );
}

#[test]
fn a_grant_moved_into_the_default_block_is_reported_for_every_product() {
    let dir = two_policies();
    edit(
        dir.path(),
        "new/microsoft/products.candor",
        "product onedrive \"cloud file storage\" {\n    collect content.files for provide from direct\n}",
        "product onedrive \"cloud file storage\" {}",
    );
    edit(
        dir.path(),
        NEW,
        "default {",
        "default {\n    collect content.files for provide from direct",
    );
    let (code, out, _) = candor(dir.path(), &["diff", OLD, NEW, "--format", "json"]);
    assert_eq!(code, 1);
    let doc = json(&out);
    let policy = shipped_policy();
    let changed: Vec<&str> = doc["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            assert_eq!(p["newly_allowed"].as_array().unwrap().len(), 1, "{p}");
            assert_eq!(p["newly_allowed"][0]["category"], "content.files");
            assert_eq!(p["no_longer_allowed"], serde_json::json!([]));
            p["product"].as_str().unwrap()
        })
        .collect();
    // OneDrive had it already, and so had Skype: every other product gains it.
    let expected: Vec<&str> = policy
        .products
        .iter()
        .map(|p| p.id.as_str())
        .filter(|p| !["onedrive", "skype"].contains(p))
        .collect();
    assert_eq!(changed, expected);
    let (_, human, _) = candor(dir.path(), &["diff", OLD, NEW]);
    for product in &expected {
        assert!(
            human.contains(&format!("`{product}`")),
            "{product}: {human}"
        );
    }
    assert!(
        human.contains("+ content.files for provide from direct\n"),
        "{human}"
    );
    assert!(
        human.ends_with("changed: 14 products may collect more\n"),
        "{human}"
    );
}

#[test]
fn conditions_and_never_rules_are_part_of_the_diff() {
    let dir = two_policies();
    edit(
        dir.path(),
        NEW,
        "from [observed, direct]\n        when location_enabled",
        "from [observed, direct]",
    );
    edit(
        dir.path(),
        NEW,
        "never content for advertising",
        "never content for [advertising, marketing]",
    );
    let (code, out, _) = candor(dir.path(), &["diff", OLD, NEW]);
    assert_eq!(code, 1);
    assert!(
        out.contains(
            "    + location.precise for [provide, personalize] from [direct, observed] with no \
         condition (before: only when location_enabled)\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("never rules:\n  + newly forbids content for marketing: "),
        "{out}"
    );
    // Reverse: the condition comes back, the rule goes.
    let (code, out, _) = candor(dir.path(), &["diff", NEW, OLD]);
    assert_eq!(code, 1);
    assert!(
        out.contains("no longer allows:\n    - location.precise"),
        "{out}"
    );
    assert!(
        out.contains("  - no longer forbids content for marketing"),
        "{out}"
    );
}

#[test]
fn a_description_only_change_is_a_change() {
    let dir = two_policies();
    edit(
        dir.path(),
        "new/microsoft/taxonomy.candor",
        "\"an email address\"",
        "\"an e-mail address\"",
    );
    let (code, out, _) = candor(dir.path(), &["diff", OLD, NEW]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(
        "definitions:\n  ~ category `contact.email`: \"an email address\" → \"an e-mail address\"\n"
    ), "{out}");
    let (_, out, _) = candor(dir.path(), &["diff", OLD, NEW, "--format", "json"]);
    let doc = json(&out);
    assert_eq!(doc["products"], serde_json::json!([]));
    assert_eq!(
        doc["definitions"],
        serde_json::json!([{"kind": "category", "id": "contact.email",
            "old": "an email address", "new": "an e-mail address"}])
    );
}

#[test]
fn diff_reads_a_git_revision_and_its_includes_at_that_revision() {
    let dir = support::with_microsoft_policy();
    let root = dir.path();
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args([
                "-c",
                "user.name=candor",
                "-c",
                "user.email=candor@example.com",
            ])
            .args(["-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(root)
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE")
            .output()
            .unwrap();
        assert!(status.status.success(), "git {args:?}: {status:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "the policy"]);
    // The change is in an included file: it must be read at HEAD for the old side.
    edit(
        root,
        "policies/microsoft/products.candor",
        "product msdn \"the developer network and its subscriptions\" {}",
        "product msdn \"the developer network and its subscriptions\" {\n    collect relationships for provide from direct\n}",
    );
    let (code, out, err) = candor(
        root,
        &[
            "diff",
            "HEAD:policies/microsoft.candor",
            "policies/microsoft.candor",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("`msdn`:\n  newly allows:\n    + relationships for provide from direct\n"),
        "{out}"
    );
    let (code, _, err) = candor(
        root,
        &[
            "diff",
            "HEAD:policies/microsoft.candor",
            "HEAD:policies/microsoft.candor",
        ],
    );
    assert_eq!(code, 0, "{err}");
    // From a subfolder, `REV:./path` is relative to it, like git's.
    let (code, out, err) = candor(
        &root.join("policies"),
        &["diff", "HEAD:./microsoft.candor", "microsoft.candor"],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("+ relationships for provide from direct"),
        "{out}"
    );
    let (code, _, err) = candor(
        root,
        &[
            "diff",
            "HEAD:policies/missing.candor",
            "policies/microsoft.candor",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: cannot read the policy `HEAD:policies/missing.candor`: "),
        "{err}"
    );
}

#[test]
fn diff_refuses_a_policy_it_cannot_read_whole() {
    let dir = two_policies();
    edit(
        dir.path(),
        NEW,
        "include \"microsoft/taxonomy.candor\"",
        "include \"microsoft/taxonomy.candr\"",
    );
    let (code, out, err) = candor(dir.path(), &["diff", OLD, NEW]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.contains("error: the policy `new/microsoft.candor` has "),
        "{err}"
    );
    assert!(
        err.contains("cannot read `new/microsoft/taxonomy.candr`"),
        "{err}"
    );
}

/// A small policy with the `map` blocks `maps`.
fn with_maps(maps: &str) -> String {
    format!(
        "category contact \"who\" {{ email \"an email address\" }}\n\
         category credentials \"sign-in\"\n\
         purpose provide \"run it\"\npurpose support \"help\"\n\
         source direct \"given\"\nsource observed \"recorded\"\n\
         product app \"an app\" {{\n    \
         collect [contact, credentials] for [provide, support] from [direct, observed]\n}}\n\
         {maps}"
    )
}

/// `old.candor` and `new.candor` in a temporary folder.
fn two_small_policies(old: &str, new: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("old.candor"), with_maps(old)).unwrap();
    fs::write(dir.path().join("new.candor"), with_maps(new)).unwrap();
    dir
}

#[test]
fn a_store_map_reordered_or_rewritten_the_same_is_no_change() {
    let dir = two_small_policies(
        "map apple {\n    data UserID as [credentials, contact]\n    \
         purpose AppFunctionality as [provide, support]\n}\n",
        "map apple {\n    purpose NSPrivacyCollectedDataTypePurposeAppFunctionality as [support, provide]\n\n    \
         // The same reading.\n    data UserID as [contact, credentials, contact] from direct\n}\n",
    );
    for format in ["human", "markdown", "json"] {
        let (code, out, err) = candor(
            dir.path(),
            &["diff", "old.candor", "new.candor", "--format", format],
        );
        assert_eq!(code, 0, "{format}: {out}{err}");
        assert!(!out.contains("UserID"), "{format}: {out}");
        if format == "json" {
            assert_eq!(json(&out)["store_maps"], serde_json::json!([]));
        } else {
            assert!(out.contains("no change"), "{out}");
        }
    }
}

#[test]
fn store_map_lines_changed_added_and_removed_are_a_change_in_every_format() {
    let dir = two_small_policies(
        "map apple {\n    data UserID as credentials\n    data EmailAddress as contact.email\n    \
         data Name as contact from observed\n    purpose AppFunctionality as [provide, support]\n}\n",
        "map apple {\n    data UserID as contact\n    data DeviceID as credentials from observed\n    \
         data Name as contact\n    purpose AppFunctionality as [support, provide]\n    \
         unmapped purpose Analytics \"no counterpart\"\n    export contact as Name\n}\n\
         map play {\n    data PSL_EMAIL as contact.email\n    purpose PSL_APP_FUNCTIONALITY as [provide, support]\n}\n",
    );
    let run = |format: &str| {
        candor(
            dir.path(),
            &["diff", "old.candor", "new.candor", "--format", format],
        )
    };
    let (code, out, err) = run("human");
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        out,
        "comparing `old.candor` with `new.candor`\n\nstore maps:\n  \
         + apple data DeviceID: credentials from observed\n  \
         - apple data EmailAddress: contact.email\n  \
         ~ apple data Name: contact from observed → contact\n  \
         ~ apple data UserID: credentials → contact\n  \
         + apple purpose Analytics: unmapped\n  \
         + apple export contact: Name\n  \
         + play data PSL_EMAIL: contact.email\n  \
         + play purpose PSL_APP_FUNCTIONALITY: [provide, support]\n\n\
         changed: 8 store-map changes\n"
    );
    let (code, out, _) = run("markdown");
    assert_eq!(code, 1);
    assert!(
        out.starts_with(
            "## Privacy policy changes\n\n`old.candor` → `new.candor`: 8 store-map changes.\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "\n### Store maps\n\n| | store | kind | id | before | after |\n|---|---|---|---|---|---|\n\
             | **added** | apple | data | `DeviceID` |  | `credentials from observed` |\n\
             | **removed** | apple | data | `EmailAddress` | `contact.email` |  |\n\
             | **reading changed** | apple | data | `Name` | `contact from observed` | `contact` |\n\
             | **reading changed** | apple | data | `UserID` | `credentials` | `contact` |\n\
             | **added** | apple | purpose | `Analytics` |  | `unmapped` |\n\
             | **added** | apple | export | `contact` |  | `Name` |\n\
             | **added** | play | data | `PSL_EMAIL` |  | `contact.email` |\n\
             | **added** | play | purpose | `PSL_APP_FUNCTIONALITY` |  | `[provide, support]` |\n"
        ),
        "{out}"
    );
    let (code, out, _) = run("json");
    assert_eq!(code, 1);
    let doc = json(&out);
    assert_eq!(
        (doc["version"].clone(), doc["changed"].clone()),
        (1.into(), true.into())
    );
    assert_eq!(doc["products"], serde_json::json!([]));
    assert_eq!(
        doc["store_maps"],
        serde_json::json!([
            {"store": "apple", "kind": "data", "id": "DeviceID",
             "old": null, "new": "credentials from observed"},
            {"store": "apple", "kind": "data", "id": "EmailAddress",
             "old": "contact.email", "new": null},
            {"store": "apple", "kind": "data", "id": "Name",
             "old": "contact from observed", "new": "contact"},
            {"store": "apple", "kind": "data", "id": "UserID",
             "old": "credentials", "new": "contact"},
            {"store": "apple", "kind": "purpose", "id": "Analytics",
             "old": null, "new": "unmapped"},
            {"store": "apple", "kind": "export", "id": "contact",
             "old": null, "new": "Name"},
            {"store": "play", "kind": "data", "id": "PSL_EMAIL",
             "old": null, "new": "contact.email"},
            {"store": "play", "kind": "purpose", "id": "PSL_APP_FUNCTIONALITY",
             "old": null, "new": "[provide, support]"},
        ])
    );
    // Backwards, what was added is removed.
    let (code, out, _) = candor(dir.path(), &["diff", "new.candor", "old.candor"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("  - apple data DeviceID: credentials from observed\n"),
        "{out}"
    );
    assert!(
        out.contains("  ~ apple data UserID: contact → credentials\n"),
        "{out}"
    );
    assert!(
        out.contains("  - play data PSL_EMAIL: contact.email\n"),
        "{out}"
    );
}

#[test]
fn a_store_map_edit_in_the_shipped_policy_is_a_change() {
    let dir = two_policies();
    edit(
        dir.path(),
        "new/microsoft/platforms.candor",
        "data UserID as contact",
        "data UserID as credentials",
    );
    let (code, out, _) = candor(dir.path(), &["diff", OLD, NEW]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.ends_with(
            "\nstore maps:\n  ~ apple data UserID: contact → credentials\n\nchanged: 1 store-map change\n"
        ),
        "{out}"
    );
}
