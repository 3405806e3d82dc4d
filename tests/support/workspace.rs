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
