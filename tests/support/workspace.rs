//! A throwaway folder holding a copy of the Microsoft policy under `policies/`.

use std::fs;
use std::path::Path;

/// A temporary folder with `policies/microsoft.candor` and the files it includes.
pub fn with_microsoft_policy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = dir.path().join("policies");
    fs::create_dir_all(target.join("microsoft")).expect("policies/microsoft");
    for file in [
        "microsoft.candor",
        "microsoft/taxonomy.candor",
        "microsoft/products.candor",
        "microsoft/platforms.candor",
    ] {
        fs::copy(repo.join("policies").join(file), target.join(file)).expect("a policy file");
    }
    dir
}

/// Copies `from` (a folder) into `to`, recursively.
#[allow(dead_code, reason = "each test binary uses the part it needs")]
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("a folder");
    for entry in fs::read_dir(from).expect("a folder to copy") {
        let path = entry.expect("an entry").path();
        let target = to.join(path.file_name().expect("a name"));
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            fs::copy(&path, &target).expect("a copy");
        }
    }
}
