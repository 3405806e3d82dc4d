//! The glob patterns of `candor.yaml` (`exclude`, the `path` of each `products:` binding):
//! checked against the budgets of [`limits`] before the glob engine sees them, then compiled
//! through [`globset::GlobSetBuilder`], which reports what it cannot compile instead of
//! panicking. A pattern that does not compile is an `invalid-config` finding at the pattern, in
//! candor's words, never the glob engine's.

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::diagnostic::{Code, Diagnostic};
use crate::limits;
use crate::manifest::Str;

/// The pattern `written` under the setting `key` (`exclude`, `products:`), parsed and compiled
/// on its own; else the finding that says why it cannot be.
pub fn pattern(written: &Str, key: &str) -> Result<(Glob, GlobSet), Box<Diagnostic>> {
    let refuse = |message: String, help: &str| {
        Box::new(
            Diagnostic::new(Code::InvalidConfig, written.span, message)
                .with_label("not a valid pattern")
                .with_help(help),
        )
    };
    let shown = shown(&written.value);
    within_budget(&written.value).map_err(|breach| {
        refuse(
            format!("the `{key}` pattern {shown} {breach}"),
            "candor refuses patterns this large before they cost time; name the folders with a \
             few patterns, such as `apps/ios/**`",
        )
    })?;
    let syntax = |what: String| {
        refuse(
            format!("the `{key}` pattern {shown} is not a valid glob: {what}"),
            "patterns are globs relative to the folder of candor.yaml: `*` matches within a name, \
             `**` any folders, `{a,b}` either branch, `[ab]` one of the characters",
        )
    };
    let glob = Glob::new(&written.value).map_err(|e| syntax(in_words(e.kind())))?;
    let set =
        set([glob.clone()]).ok_or_else(|| syntax("it is too complex to compile".to_owned()))?;
    Ok((glob, set))
}

/// One set of `globs`; `None` when the glob engine cannot compile them together.
pub fn set(globs: impl IntoIterator<Item = Glob>) -> Option<GlobSet> {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        builder.add(glob);
    }
    builder.build().ok()
}

/// What is wrong with a pattern, in words.
fn in_words(kind: &globset::ErrorKind) -> String {
    use globset::ErrorKind;
    match kind {
        ErrorKind::UnclosedClass => "a `[` is never closed by `]`".to_owned(),
        ErrorKind::InvalidRange(from, to) => {
            format!("the range `{from}-{to}` runs backwards (`{from}` comes after `{to}`)")
        }
        ErrorKind::UnopenedAlternates => "a `}` closes no `{`".to_owned(),
        ErrorKind::UnclosedAlternates => "a `{` is never closed by `}`".to_owned(),
        ErrorKind::DanglingEscape => "it ends with a lone `\\`".to_owned(),
        ErrorKind::NestedAlternates => "it nests `{` inside `{`".to_owned(),
        _ => "the glob engine cannot read it".to_owned(),
    }
}

/// The pattern in backticks, cut after 60 bytes (a pattern over the limit may be long).
fn shown(pattern: &str) -> String {
    let mut end = pattern.len().min(60);
    while !pattern.is_char_boundary(end) {
        end -= 1;
    }
    let cut = if end < pattern.len() { "…" } else { "" };
    format!("`{}{cut}`", pattern.get(..end).unwrap_or_default())
}

/// Whether `pattern` is within [`limits::GLOB_BYTES`], [`limits::GLOB_NESTING`] and
/// [`limits::GLOB_ALTERNATIVES`]; else the end of a message saying which limit it crosses.
/// Every `{` and every `,` inside braces counts, escaped or in a character class too: the count
/// errs on the side of the limit, never of the glob engine.
fn within_budget(pattern: &str) -> Result<(), String> {
    if pattern.len() > limits::GLOB_BYTES {
        return Err(format!(
            "is {} bytes long, over candor's limit GLOB_BYTES ({})",
            pattern.len(),
            limits::GLOB_BYTES
        ));
    }
    let (mut depth, mut deepest, mut alternatives) = (0usize, 0usize, 0usize);
    for c in pattern.chars() {
        match c {
            '{' => {
                depth += 1;
                deepest = deepest.max(depth);
                alternatives += 1;
            }
            '}' => depth = depth.saturating_sub(1),
            ',' if depth > 0 => alternatives += 1,
            _ => {}
        }
    }
    if deepest > limits::GLOB_NESTING {
        return Err(format!(
            "nests `{{` {deepest} levels deep, over candor's limit GLOB_NESTING ({})",
            limits::GLOB_NESTING
        ));
    }
    if alternatives > limits::GLOB_ALTERNATIVES {
        return Err(format!(
            "has {alternatives} alternatives, over candor's limit GLOB_ALTERNATIVES ({})",
            limits::GLOB_ALTERNATIVES
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_counts_nesting_and_alternatives() {
        assert!(within_budget("apps/{ios,android}/**").is_ok());
        assert!(within_budget(&"{a,".repeat(130)).is_err());
        let deep = format!("{}b{}", "{a,".repeat(8), "}".repeat(8));
        assert!(within_budget(&deep).is_ok());
        let deeper = format!("{}b{}", "{a,".repeat(9), "}".repeat(9));
        assert!(within_budget(&deeper).unwrap_err().contains("GLOB_NESTING"));
        let wide = format!("{{{}}}", vec!["x"; 70].join(","));
        assert!(
            within_budget(&wide)
                .unwrap_err()
                .contains("GLOB_ALTERNATIVES")
        );
        assert!(
            within_budget(&"a".repeat(2000))
                .unwrap_err()
                .contains("GLOB_BYTES")
        );
    }
}
