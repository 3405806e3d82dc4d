//! Hover and go to definition in app store declarations (Apple privacy manifests, Play data
//! safety CSVs): the store id under the cursor, what the store calls it, and what the policy's
//! `map` block says it means.

use crate::manifest::Str;
use crate::platform::{self, Declaration, Platform, Vocabulary, ids};
use crate::policy::Policy;
use crate::policy::ast::TreeKind;
use crate::source::Span;

use super::symbols::{self, SymbolKind};

/// A store id in a declaration, and which of the store's sets it belongs to.
pub struct StoreId<'d> {
    /// The id and where it is written.
    pub id: &'d Str,
    /// Data type or purpose.
    pub vocabulary: Vocabulary,
}

/// The store id at byte `offset` of the declaration.
pub fn at(declaration: &Declaration, offset: usize) -> Option<StoreId<'_>> {
    let within = |s: &Str| s.span.start <= offset && offset <= s.span.end;
    declaration.items.iter().find_map(|item| {
        if within(&item.data_type) {
            return Some(StoreId {
                id: &item.data_type,
                vocabulary: Vocabulary::DataType,
            });
        }
        item.uses
            .iter()
            .find(|u| within(&u.purpose))
            .map(|u| StoreId {
                id: &u.purpose,
                vocabulary: Vocabulary::Purpose,
            })
    })
}

/// The `map` line of the policy that gives `id` its meaning, or leaves it unmapped.
pub fn mapping_span(policy: &Policy, platform: Platform, id: &StoreId<'_>) -> Option<Span> {
    let map = policy.mapping(platform)?;
    map.find(id.vocabulary, &id.id.value)
        .map(|m| m.span)
        .or_else(|| map.unmapped(id.vocabulary, &id.id.value).map(|u| u.span))
}

/// Markdown for a hover on `id`: the store's label, then what the policy maps it to, with the
/// policy's own hover text of each target.
pub fn hover(policy: &Policy, platform: Platform, id: &StoreId<'_>) -> String {
    let (noun, label, tree) = match id.vocabulary {
        Vocabulary::DataType => (
            "data type",
            ids::data_type(platform, &id.id.value).map(|t| t.label),
            TreeKind::Category,
        ),
        Vocabulary::Purpose => (
            "purpose",
            ids::mappable_purposes(platform)
                .find(|p| p.id == id.id.value)
                .map(|p| p.label),
            TreeKind::Purpose,
        ),
    };
    let mut out = format!("**{} {noun}** `{}`", platform.name(), id.id.value);
    if let Some(label) = label {
        out.push_str(&format!(" ({label})"));
    }
    out.push_str("\n\n");
    let keyword = platform.keyword();
    let mapping = policy
        .mapping(platform)
        .and_then(|map| match id.vocabulary {
            Vocabulary::DataType => map.data_type(&id.id.value),
            Vocabulary::Purpose => map.purpose(&id.id.value),
        });
    let unmapped = policy
        .mapping(platform)
        .and_then(|map| map.unmapped(id.vocabulary, &id.id.value));
    match mapping {
        None if unmapped.is_some() => out.push_str(&format!(
            "The policy's `map {keyword}` block leaves it unmapped on purpose: {}. Declaring it \
             is `unmapped-platform-id`.",
            unmapped.map_or("", |u| u.reason.trim_end_matches('.'))
        )),
        None => out.push_str(&format!(
            "The policy's `map {keyword}` block does not map it: declaring it is \
             `unmapped-platform-id`."
        )),
        Some(mapping) => {
            let names: Vec<String> = mapping
                .targets
                .iter()
                .map(|t| format!("`{}`", policy.tree(tree).name(t.id)))
                .collect();
            out.push_str(&format!(
                "Means {} in the policy{}.",
                names.join(" or "),
                if names.len() > 1 {
                    " (covered when any one is)"
                } else {
                    ""
                }
            ));
            for target in &mapping.targets {
                let name = policy.tree(tree).name(target.id);
                if let Some(text) = symbols::hover(policy, SymbolKind::Tree(tree), name) {
                    out.push_str("\n\n---\n\n");
                    out.push_str(&text);
                }
            }
        }
    }
    out
}

/// The declaration of the platform document `name` with `text`, if it is one.
pub fn declaration(name: &str, text: &str) -> Option<(Platform, Declaration)> {
    let file_name = std::path::Path::new(name).file_name()?.to_string_lossy();
    let platform = Platform::of_file_name(&file_name)?;
    // The caller maps spans to positions in a source map of this document alone: file 0.
    platform::load_named(&file_name, platform, crate::source::FileId(0), text)
        .0
        .map(|d| (platform, d))
}
