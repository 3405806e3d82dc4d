//! `candor diff --format markdown`: a pull-request comment. One table per product (products
//! that changed the same way together), then never rules, definitions and store maps; every
//! piece of policy text escaped.

use super::report::{conditions, groups, product_names, rows, summary};
use super::{Definition, Forbidden, PolicyDiff};
use crate::statement::markdown::{code, escape};

fn codes(ids: &[&str]) -> String {
    ids.iter().map(|id| code(id)).collect::<Vec<_>>().join(", ")
}

fn cell(text: Option<&String>) -> String {
    text.map(|t| escape(t)).unwrap_or_default()
}

fn definition_change(d: &Definition) -> &'static str {
    match (&d.old, &d.new) {
        _ if d.kind == "never" => "reason changed",
        (None, Some(_)) => "added",
        (Some(_), None) => "removed",
        _ => "description changed",
    }
}

fn forbidden_rows(out: &mut String, label: &str, rules: &[Forbidden]) {
    for f in rules {
        out.push_str(&format!(
            "| **{label}** | {} | {} | {} |\n",
            code(&f.category),
            code(&f.purpose),
            cell(f.reason.as_ref())
        ));
    }
}

/// The comment; `old` and `new` are the policies as given.
pub fn render(diff: &PolicyDiff, old: &str, new: &str) -> String {
    let mut out = format!(
        "## Privacy policy changes\n\n{} → {}: {}.\n",
        code(old),
        code(new),
        escape(&summary(diff))
    );
    for group in groups(diff) {
        out.push_str(&format!(
            "\n### {}\n\n| | category | purposes | sources | conditions |\n\
             |---|---|---|---|---|\n",
            product_names(&group, &|p| code(p))
        ));
        for (label, gained, permissions) in [
            ("newly allowed", true, &group.newly_allowed),
            ("no longer allowed", false, &group.no_longer_allowed),
        ] {
            for row in rows(permissions) {
                out.push_str(&format!(
                    "| **{label}** | {} | {} | {} | {} |\n",
                    code(row.category),
                    codes(&row.purposes),
                    codes(&row.sources),
                    conditions(&row, gained, &|c| code(c))
                ));
            }
        }
    }
    if !diff.newly_forbidden.is_empty() || !diff.no_longer_forbidden.is_empty() {
        out.push_str("\n### Never rules\n\n| | category | purpose | reason |\n|---|---|---|---|\n");
        forbidden_rows(&mut out, "newly forbidden", &diff.newly_forbidden);
        forbidden_rows(&mut out, "no longer forbidden", &diff.no_longer_forbidden);
    }
    if !diff.definitions.is_empty() {
        out.push_str(
            "\n### Definitions\n\n| | kind | id | before | after |\n|---|---|---|---|---|\n",
        );
        for d in &diff.definitions {
            out.push_str(&format!(
                "| **{}** | {} | {} | {} | {} |\n",
                definition_change(d),
                d.kind,
                code(&d.id),
                cell(d.old.as_ref()),
                cell(d.new.as_ref())
            ));
        }
    }
    if !diff.store_maps.is_empty() {
        out.push_str(
            "\n### Store maps\n\n| | store | kind | id | before | after |\n\
             |---|---|---|---|---|---|\n",
        );
        for m in &diff.store_maps {
            let change = match (&m.old, &m.new) {
                (None, Some(_)) => "added",
                (Some(_), None) => "removed",
                _ => "reading changed",
            };
            let reading = |r: &Option<String>| r.as_deref().map(code).unwrap_or_default();
            out.push_str(&format!(
                "| **{change}** | {} | {} | {} | {} | {} |\n",
                escape(m.store),
                escape(m.kind),
                code(&m.id),
                reading(&m.old),
                reading(&m.new)
            ));
        }
    }
    out
}
