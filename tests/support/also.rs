//! The codes a test case expects besides its own, declared in the case's own text by a comment
//! line `# also: CODE, CODE` (`// also: CODE` in a policy file, `<!-- also: CODE -->` in an
//! Apple privacy manifest). Fixtures (`tests/cases.rs`)
//! and the explanations' examples (`tests/explain.rs`) declare them the same way, and both
//! require exactly their own code plus the declared ones, so a declaration cannot go stale.

use candor::Code;

/// Every code an `also:` comment line of `text` names, in order of appearance.
///
/// # Panics
///
/// When a name is not a code: a typo must fail the test, not declare nothing.
pub fn declared(text: &str) -> Vec<Code> {
    let mut codes = Vec::new();
    for line in text.lines() {
        let line = line.trim_start();
        let Some(comment) = line
            .strip_prefix('#')
            .or_else(|| line.strip_prefix("//"))
            .or_else(|| {
                line.strip_prefix("<!--")
                    .map(|c| c.trim_end().trim_end_matches("-->"))
            })
        else {
            continue;
        };
        let Some(list) = comment.trim_start().strip_prefix("also:") else {
            continue;
        };
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let code = Code::from_name(name)
                .unwrap_or_else(|| panic!("`also: {name}` does not name a code"));
            codes.push(code);
        }
    }
    codes
}
