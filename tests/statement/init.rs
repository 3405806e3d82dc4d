//! `candor init`: a workspace that checks clean, and no file overwritten.

use std::fs;

use super::candor;

#[test]
fn init_writes_a_workspace_that_checks_clean_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = candor(dir.path(), &["init"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "created candor.yaml\ncreated policies/privacy.candor\ncreated privacy.yaml\n\
         next: edit the policy and the manifest, then run `candor check`\n"
    );
    let (code, out, err) = candor(dir.path(), &["check", "--coverage", "--deny", "warnings"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out,
        "checked 1 policy file and 1 manifest: no problems found\n"
    );
    let (code, out, _) = candor(dir.path(), &["render"]);
    assert_eq!(code, 0, "{out}");
    let before = fs::read_to_string(dir.path().join("privacy.yaml")).unwrap();
    fs::write(dir.path().join("privacy.yaml"), "product: mine\n").unwrap();
    let (code, out, err) = candor(dir.path(), &["init"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "error: `candor.yaml`, `policies/privacy.candor`, and `privacy.yaml` already exist; \
         candor init writes nothing over an existing file\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("privacy.yaml")).unwrap(),
        "product: mine\n"
    );
    assert_ne!(before, "product: mine\n");
    // One existing file is enough to refuse, and it is named.
    let other = tempfile::tempdir().unwrap();
    fs::write(other.path().join("candor.yaml"), "").unwrap();
    let (code, _, err) = candor(other.path(), &["init", "--name", "acme"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: `candor.yaml` already exists;"),
        "{err}"
    );
    assert!(!other.path().join("policies").exists());
}
