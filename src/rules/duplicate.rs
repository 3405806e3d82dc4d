//! `duplicate-entry`: the same `data` and `category` twice in one manifest. The later entry is
//! reported, with the earlier one as the related place.

use crate::diagnostic::{Code, Diagnostic};
use crate::manifest::Manifest;

/// Reports every entry that repeats an earlier one's `data` and `category`.
pub fn check(manifest: &Manifest, diags: &mut Vec<Diagnostic>) {
    for (i, entry) in manifest.entries.iter().enumerate() {
        let earlier =
            manifest.entries.iter().take(i).find(|e| {
                e.data.value == entry.data.value && e.category.value == entry.category.value
            });
        if let Some(first) = earlier {
            let source = |e: &crate::manifest::Entry| {
                e.source
                    .as_ref()
                    .map_or(crate::manifest::DEFAULT_SOURCE, |s| s.value.as_str())
                    .to_owned()
            };
            let help = if source(first) == source(entry) {
                "merge the two entries: list every purpose in one `purposes`".to_owned()
            } else {
                // Entries from different sources cannot be merged into one.
                format!(
                    "the two entries come from different sources (`{}` and `{}`): give each its \
                     own `data` name, such as `{}_{}`",
                    source(first),
                    source(entry),
                    entry.data.value,
                    source(entry).replace('.', "_")
                )
            };
            diags.push(
                Diagnostic::new(
                    Code::DuplicateEntry,
                    entry.data.span,
                    format!(
                        "`{}` is listed twice as `{}`",
                        entry.data.value, entry.category.value
                    ),
                )
                .with_label("listed again here")
                .with_related(first.data.span, "first listed here")
                .with_help(help),
            );
        }
    }
}
