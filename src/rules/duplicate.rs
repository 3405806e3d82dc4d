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
                .with_help("merge the two entries: list every purpose in one `purposes`"),
            );
        }
    }
}
