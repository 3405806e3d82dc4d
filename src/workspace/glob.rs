//! The glob patterns of `candor.yaml` (`exclude`, the `path` of each `products:` binding):
//! checked against the budgets of [`limits`] before the glob engine sees them, then compiled
//! through [`globset::GlobSetBuilder`], which reports what it cannot compile instead of
//! panicking.

use globset::{GlobSet, GlobSetBuilder};
use serde_saphyr::Spanned;

use super::{Fatal, FoundConfig, display};
use crate::limits;

/// Compiles `patterns` of the setting `key` (`exclude`, `products:`) of `config` into one set.
pub fn compile<'a>(
    config: &FoundConfig,
    key: &str,
    patterns: impl IntoIterator<Item = &'a Spanned<String>>,
) -> Result<GlobSet, Fatal> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let refuse = |message: String| {
            let place = pattern.referenced;
            Fatal(format!(
                "`{}`:{}:{} is not a valid configuration: {message}",
                display(&config.dir.join(super::CONFIG_FILE)),
                place.line(),
                place.column()
            ))
        };
        let shown = shown(&pattern.value);
        within_budget(&pattern.value)
            .map_err(|breach| refuse(format!("the `{key}` pattern {shown} {breach}")))?;
        let glob = globset::Glob::new(&pattern.value).map_err(|e| {
            refuse(format!(
                "the `{key}` pattern {shown} is not a valid pattern: {}",
                e.kind()
            ))
        })?;
        builder.add(glob);
    }
    builder
        .build()
        .map_err(|e| Fatal(format!("candor.yaml `{key}`: {}", e.kind())))
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
