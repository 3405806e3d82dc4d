//! The walk against the one discovery had before it read folders itself ([`super::reference`]:
//! walkdir, following links): item for item on generated trees of files, folders and links
//! (inside the tree, out of it, dangling, in loops), hidden, skipped, dependency and excluded
//! folders, and overlapping typed paths.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

use std::fs;
use std::path::{Path, PathBuf};

use super::{Found, reference, walk};
use crate::platform::events::tests::Rng;
use crate::workspace::read::Scope;

/// Names a file may have: those discovery takes, near misses, and others.
const FILE_NAMES: &[&str] = &[
    "privacy.yaml",
    "api.privacy.yml",
    "Privacy.yaml",
    "data_safety.csv",
    "data-safety.csv",
    "PrivacyInfo.xcprivacy",
    "Info.plist",
    "AndroidManifest.xml",
    "App.entitlements",
    "Podfile.lock",
    "Package.resolved",
    "app_privacy_details.json",
    "Package.appxmanifest",
    "main.swift",
    "README.md",
    "skip.privacy.yaml",
];

/// Names a folder may have: plain, hidden, skipped, dependency and excluded ones, and the
/// folders evidence is looked for in.
const FOLDER_NAMES: &[&str] = &[
    "app",
    "src",
    "main",
    "ios",
    "android",
    "Runner",
    ".git",
    ".hidden",
    "target",
    "Pods",
    "node_modules",
    "Carthage",
    "build",
    "skipped",
    "b",
    "c",
];

/// Writes a random tree under `root` (with links to `outside`), its folders `depth` deep.
fn tree(rng: &mut Rng, root: &Path, outside: &Path, depth: usize) {
    let mut folders = vec![root.to_path_buf()];
    let mut all = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let level = folder.strip_prefix(root).unwrap().components().count();
        for _ in 0..rng.below(6) {
            let name = FILE_NAMES[rng.below(FILE_NAMES.len())];
            fs::write(folder.join(name), "x").unwrap();
        }
        if level < depth {
            for _ in 0..rng.below(4) {
                let name = FOLDER_NAMES[rng.below(FOLDER_NAMES.len())];
                let child = folder.join(name);
                if fs::create_dir(&child).is_ok() {
                    folders.push(child.clone());
                    all.push(child);
                }
            }
        }
    }
    // Links, once the folders are there: to a folder or file of the tree, up, out, nowhere.
    for n in 0..rng.below(5) {
        let at = &all[rng.below(all.len())];
        let target: PathBuf = match rng.below(6) {
            0 => all[rng.below(all.len())].clone(),
            1 => PathBuf::from(".."),
            2 => outside.to_path_buf(),
            3 => outside.join("privacy.yaml"),
            4 => PathBuf::from("nowhere.yaml"),
            _ => all[rng.below(all.len())].join(FILE_NAMES[rng.below(FILE_NAMES.len() - 1)]),
        };
        let name = match rng.below(3) {
            0 => format!("link{n}"),
            // A link's own name is never excluded: the reference reports a dangling link
            // before it asks whether the path is excluded.
            _ => FILE_NAMES[rng.below(FILE_NAMES.len() - 1)].to_owned(),
        };
        let _ = std::os::unix::fs::symlink(&target, at.join(name));
    }
}

/// What the walk found, with the scope of a file found with no link on its way as the
/// reference names it.
fn plain(found: Found) -> Found {
    match found {
        Found::Manifest(path, Scope::Walked(folders)) => {
            Found::Manifest(path, Scope::Within(folders))
        }
        other => other,
    }
}

#[test]
fn the_walk_finds_what_walkdir_following_links_found() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut found_any = 0;
    for round in 0..300 {
        let dir = tempfile::tempdir().unwrap();
        let base = fs::canonicalize(dir.path()).unwrap();
        let (root, outside) = (base.join("repo"), base.join("outside"));
        fs::create_dir_all(&outside).unwrap();
        fs::write(outside.join("privacy.yaml"), "x").unwrap();
        fs::create_dir_all(&root).unwrap();
        tree(&mut rng, &root, &outside, 1 + round % 4);
        let scope = Scope::within([root.as_path()]);
        let excluded = |p: &Path| p.to_string_lossy().contains("skip");
        let mut paths = vec![root.clone()];
        if round % 3 == 0 {
            // Overlapping typed paths, and a typed file.
            paths.push(root.join("app"));
            paths.push(root.join("privacy.yaml"));
            paths.retain(|p| p.exists());
        }
        let old: Vec<Found> = reference::walk(&paths, &scope, &excluded).collect();
        let new: Vec<Found> = walk(&paths, &scope, &excluded).map(plain).collect();
        assert_eq!(new, old, "round {round}");
        found_any += old.len();
    }
    assert!(
        found_any > 1000,
        "the trees hold too little: {found_any} items"
    );
}

#[test]
fn a_file_found_with_no_link_on_its_way_is_read_as_walked() {
    let dir = tempfile::tempdir().unwrap();
    let root = fs::canonicalize(dir.path()).unwrap();
    fs::create_dir_all(root.join("a")).unwrap();
    fs::write(root.join("a/privacy.yaml"), "x").unwrap();
    std::os::unix::fs::symlink(root.join("a"), root.join("b")).unwrap();
    std::os::unix::fs::symlink(root.join("a/privacy.yaml"), root.join("c.privacy.yaml")).unwrap();
    let scope = Scope::within([root.as_path()]);
    let paths = [root.clone()];
    let found: Vec<Found> = walk(&paths, &scope, &|_| false).collect();
    // `b/privacy.yaml` is the same file as `a/privacy.yaml`: found once.
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        matches!(&found[0], Found::Manifest(p, Scope::Walked(_)) if p.ends_with("a/privacy.yaml")),
        "{found:?}"
    );
    // Found through a link, a file is read with its path resolved again.
    let paths = [root.join("b")];
    let found: Vec<Found> = walk(&paths, &scope, &|_| false).collect();
    assert!(
        matches!(&found[..], [Found::Manifest(_, Scope::Within(_))]),
        "{found:?}"
    );
}

#[test]
fn the_quick_look_at_a_name_misses_no_near_miss() {
    let mut names: Vec<String> = FILE_NAMES.iter().map(|n| (*n).to_owned()).collect();
    names.extend(
        [
            "PRIVACY.YAML",
            "Privacy.Yml",
            "app privacy.yaml",
            "DATA-SAFETY.CSV",
            "x.DataSafety.csv",
            "PrivacyInfo.PLIST",
            "Foo.XCPRIVACY",
            "privacy.yamł",
            "ПРИВАТ.yaml",
            "privacy.yaml\u{fffd}",
            "Ⅰ.xcprivacy",
            "notes.txt",
            "",
        ]
        .map(str::to_owned),
    );
    let mut near = 0;
    for name in &names {
        let slow = !super::is_checked_name(name) && super::near_miss_hint(name).is_some();
        assert_eq!(super::is_near_miss(name), slow, "{name:?}");
        near += usize::from(slow);
    }
    assert!(near >= 8, "{near} near misses");
}
