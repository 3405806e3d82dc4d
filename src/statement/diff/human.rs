//! `candor diff` for people: per product (products that changed the same way together), what
//! is newly allowed (`+`) and no longer allowed (`-`), then never rules, definitions and
//! store maps.

use super::PolicyDiff;
use super::report::{conditions, groups, product_names, rows, summary};

/// `one` or `[a, b]`, as the policy language writes a list.
fn list(items: &[&str]) -> String {
    match items {
        [one] => (*one).to_owned(),
        _ => format!("[{}]", items.join(", ")),
    }
}

fn quoted(d: Option<&String>) -> String {
    d.map_or("(none)".to_owned(), |d| format!("\"{d}\""))
}

/// `candor diff` for people; `old` and `new` are the policies as given.
pub fn render(diff: &PolicyDiff, old: &str, new: &str) -> String {
    let plain = |s: &str| s.to_owned();
    let mut out = format!("comparing `{old}` with `{new}`\n");
    for group in groups(diff) {
        let names = product_names(&group, &|p| format!("`{p}`"));
        out.push_str(&format!("\n{names}:\n"));
        for (title, sign, gained, permissions) in [
            ("newly allows", '+', true, &group.newly_allowed),
            ("no longer allows", '-', false, &group.no_longer_allowed),
        ] {
            if permissions.is_empty() {
                continue;
            }
            out.push_str(&format!("  {title}:\n"));
            for row in rows(permissions) {
                let when = conditions(&row, gained, &plain);
                let when = if when.is_empty() {
                    when
                } else {
                    format!(" {when}")
                };
                out.push_str(&format!(
                    "    {sign} {} for {} from {}{when}\n",
                    row.category,
                    list(&row.purposes),
                    list(&row.sources)
                ));
            }
        }
    }
    if !diff.newly_forbidden.is_empty() || !diff.no_longer_forbidden.is_empty() {
        out.push_str("\nnever rules:\n");
        for (sign, verb, rules) in [
            ('+', "newly forbids", &diff.newly_forbidden),
            ('-', "no longer forbids", &diff.no_longer_forbidden),
        ] {
            for f in rules {
                let reason = f
                    .reason
                    .as_ref()
                    .map(|r| format!(": {r}"))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "  {sign} {verb} {} for {}{reason}\n",
                    f.category, f.purpose
                ));
            }
        }
    }
    if !diff.definitions.is_empty() {
        out.push_str("\ndefinitions:\n");
        for d in &diff.definitions {
            let (kind, id) = (d.kind, &d.id);
            let line = match (&d.old, &d.new) {
                (None, Some(new)) if kind != "never" => format!("+ {kind} `{id}`: \"{new}\""),
                (Some(old), None) if kind != "never" => format!("- {kind} `{id}`: \"{old}\""),
                (old, new) => format!(
                    "~ {kind} `{id}`: {} → {}",
                    quoted(old.as_ref()),
                    quoted(new.as_ref())
                ),
            };
            out.push_str(&format!("  {line}\n"));
        }
    }
    if !diff.store_maps.is_empty() {
        out.push_str("\nstore maps:\n");
        for m in &diff.store_maps {
            let what = format!("{} {} {}", m.store, m.kind, m.id);
            let line = match (&m.old, &m.new) {
                (None, Some(new)) => format!("+ {what}: {new}"),
                (Some(old), None) => format!("- {what}: {old}"),
                (old, new) => format!(
                    "~ {what}: {} → {}",
                    old.as_deref().unwrap_or("(none)"),
                    new.as_deref().unwrap_or("(none)")
                ),
            };
            out.push_str(&format!("  {line}\n"));
        }
    }
    let verdict = if diff.is_empty() { "" } else { "changed: " };
    out.push_str(&format!("\n{verdict}{}\n", summary(diff)));
    out
}
