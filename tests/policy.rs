//! Resolution and lint of the policy language: trees and ancestors, the default block, includes,
//! contradictions, and the lines every policy diagnostic lands on.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

use std::collections::HashMap;

use candor::policy::{self, LoadedPolicy};
use candor::{Code, SourceMap};

fn load(text: &str) -> (LoadedPolicy, SourceMap) {
    let mut sources = SourceMap::new();
    let loaded = policy::load_text(&mut sources, "policy.candor", text);
    (loaded, sources)
}

/// `(code, line)` of every diagnostic, sorted.
fn findings(loaded: &LoadedPolicy, sources: &SourceMap) -> Vec<(&'static str, usize)> {
    let mut out: Vec<_> = loaded
        .diagnostics
        .iter()
        .map(|d| {
            let line = sources
                .get(d.primary.span.file)
                .unwrap()
                .position(d.primary.span.start)
                .line;
            (d.code.name(), line)
        })
        .collect();
    out.sort();
    out
}

const TREES: &str = r#"
category location "where" {
    precise "exact" {
        gnss "satellite fixes"
    }
    imprecise "rough"
}
category location.imprecise.city "a city, declared with a dotted id"
purpose provide "run it"
source direct "from the person"
default {
    collect location for provide from direct
}
"#;

#[test]
fn trees_link_nested_and_dotted_declarations_to_their_ancestors() {
    let (loaded, sources) = load(TREES);
    assert_eq!(findings(&loaded, &sources), vec![]);
    let categories = &loaded.policy.categories;
    let gnss = categories.lookup("location.precise.gnss").unwrap();
    let city = categories.lookup("location.imprecise.city").unwrap();
    let location = categories.lookup("location").unwrap();
    let chain: Vec<&str> = categories
        .ancestors(gnss)
        .map(|n| categories.name(n))
        .collect();
    assert_eq!(
        chain,
        ["location.precise.gnss", "location.precise", "location"]
    );
    assert_eq!(categories.distance(city, location), Some(2));
    assert_eq!(
        categories.distance(location, city),
        None,
        "an ancestor is not within its child"
    );
    assert!(categories.is_within(city, location));
    assert!(!categories.is_within(gnss, categories.lookup("location.imprecise").unwrap()));
}

#[test]
fn every_product_gets_the_default_grants_then_its_own() {
    let (loaded, sources) = load(
        r#"
category contact "c"
category content "c" { email "e" }
purpose provide "p"
source direct "d"
default { collect contact for provide from direct }
product outlook "mail" { collect content.email for provide from direct }
product bing "search" {}
"#,
    );
    assert_eq!(findings(&loaded, &sources), vec![]);
    let p = &loaded.policy;
    let names = |product: &str| -> Vec<String> {
        let id = p.product_id(product).unwrap();
        p.effective_grants(id)
            .flat_map(|(_, g)| {
                g.categories
                    .iter()
                    .map(|c| p.categories.name(c.id).to_owned())
            })
            .collect()
    };
    assert_eq!(names("outlook"), ["contact", "content.email"]);
    assert_eq!(
        names("bing"),
        ["contact"],
        "a grant to outlook never covers bing"
    );
}

#[test]
fn includes_are_relative_to_the_including_file_and_read_once() {
    let files: HashMap<&str, &str> = HashMap::from([
        (
            "policies/taxonomy/base.candor",
            "include \"more.candor\"\ncategory contact \"c\"\n",
        ),
        (
            "policies/taxonomy/more.candor",
            "purpose provide \"p\"\nsource direct \"d\"\n",
        ),
        (
            "policies/products.candor",
            "include \"taxonomy/more.candor\"\nproduct bing \"b\" {}\n",
        ),
    ]);
    let mut sources = SourceMap::new();
    let root = sources.add(
        "policies/root.candor",
        "include \"taxonomy/base.candor\"\ninclude \"products.candor\"\n\
         default { collect contact for provide from direct }\n",
    );
    let mut read: Vec<String> = Vec::new();
    let loaded = policy::load(&mut sources, root, &mut |name| {
        read.push(name.to_owned());
        files
            .get(name)
            .map(|t| Some((*t).to_owned()))
            .ok_or_else(|| {
                candor::workspace::ReadError::new(candor::workspace::ReadErrorKind::Io, "missing")
            })
    });
    assert_eq!(findings(&loaded, &sources), vec![]);
    assert_eq!(
        read,
        [
            "policies/taxonomy/base.candor",
            "policies/taxonomy/more.candor",
            "policies/products.candor"
        ]
    );
    assert!(loaded.policy.product_id("bing").is_some());
    assert_eq!(loaded.files.len(), 4);
}

#[test]
fn an_include_cycle_is_reported_and_terminates() {
    let mut sources = SourceMap::new();
    let root = sources.add("a.candor", "include \"b.candor\"\n");
    let loaded = policy::load(&mut sources, root, &mut |_| {
        Ok(Some("include \"a.candor\"\n".to_owned()))
    });
    let cycle: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("cycle"))
        .collect();
    assert_eq!(cycle.len(), 1);
    assert_eq!(cycle[0].code, Code::PolicySyntax);
    assert_eq!(
        cycle[0].message,
        "include cycle: a.candor → b.candor → a.candor"
    );
}

#[test]
fn contradiction_needs_an_overlapping_category_and_purpose() {
    let base = r#"
category content "c" { email "e" files "f" }
category contact "c"
purpose provide "p"
purpose advertising "a"
source direct "d"
never content.email for advertising
"#;
    let case = |grant: &str| -> usize {
        let (loaded, _) = load(&format!("{base}default {{ {grant} }}\n"));
        loaded
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::Contradiction)
            .count()
    };
    assert_eq!(
        case("collect content.email for advertising from direct"),
        1,
        "same category"
    );
    assert_eq!(
        case("collect [contact, content.email] for [provide, advertising] from direct"),
        1
    );
    assert_eq!(
        case("collect content.email for provide from direct"),
        0,
        "no shared purpose"
    );
    assert_eq!(
        case("collect content.files for advertising from direct"),
        0,
        "sibling category"
    );
    assert_eq!(
        case("collect contact for advertising from direct"),
        0,
        "unrelated category"
    );
    // DESIGN §3: a never rule covers what is broader than it, and lint reads grants the same
    // way: a grant of all `content` for advertising includes `content.email`.
    assert_eq!(
        case("collect content for advertising from direct"),
        1,
        "broader category"
    );
    let nested = r#"
category contact "c" { email "e" }
purpose ads "a" { targeted "t" }
source direct "d"
never contact.email for ads.targeted
"#;
    let (loaded, _) = load(&format!(
        "{nested}default {{ collect contact.email for ads from direct }}\n"
    ));
    assert_eq!(
        loaded
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::Contradiction)
            .count(),
        1,
        "broader purpose"
    );
}

#[test]
fn one_error_of_each_policy_code_is_reported_at_its_line() {
    let text = r#"category contact "ways to reach a person"
category contact "declared twice"
category content "what people write" { email "mail bodies" }
purpose provide "run the product"
purpose advertising "choose ads"
purpose marketing "nothing uses this"
source direct "from the person"
product outlook "mail" {
    collect content.email for advertising from direct
    collect contact for [provide, personalise] from direct
}
never content for advertising
this last line is garbage
"#;
    let (loaded, sources) = load(text);
    assert_eq!(
        findings(&loaded, &sources),
        vec![
            ("contradiction", 9),
            ("duplicate-definition", 2),
            ("policy-syntax", 13),
            ("undefined-reference", 10),
            ("unused-definition", 6),
        ]
    );
}

#[test]
fn deep_nesting_is_refused_without_recursing() {
    let text = format!("category a \"x\" {}", "{".repeat(100_000));
    let (loaded, sources) = load(&text);
    assert_eq!(findings(&loaded, &sources), vec![("policy-syntax", 1)]);
    assert!(loaded.diagnostics[0].message.contains("nested more than"));
}

#[test]
fn the_microsoft_policy_lints_clean() {
    let mut sources = SourceMap::new();
    let loaded = candor::session::load_policy(
        &candor::session::Disk,
        &mut sources,
        std::path::Path::new("policies/microsoft.candor"),
        &candor::workspace::Scope::Any,
    )
    .unwrap();
    assert_eq!(findings(&loaded, &sources), vec![]);
    let p = &loaded.policy;
    assert_eq!(p.products.len(), 16);
    for id in [
        "contact.postal_address",
        "payment.security_code",
        "enterprise.administrator_data",
    ] {
        assert!(p.categories.lookup(id).is_some(), "{id}");
    }
    assert_eq!(p.nevers.len(), 1);
}

#[test]
fn braces_quotes_and_slashes_in_strings_and_comments_never_end_a_block() {
    let text = r#"category contact "ways { to reach } a person" { email "an email // address" }
purpose provide "run { the product"
source direct "from the person }"
default {
    collect contact.email for provide from direct // a comment with } and "
    grant "a } in a string" // and a } in a comment
    collect contact for provide from direct
}
"#;
    let (loaded, sources) = load(text);
    assert_eq!(findings(&loaded, &sources), vec![("policy-syntax", 6)]);
    assert_eq!(
        loaded.policy.grants.len(),
        2,
        "both grants around the bad line"
    );
    let tree = &loaded.asts[0].trees[0].1;
    assert_eq!(tree.description, "ways { to reach } a person");
    assert_eq!(tree.children[0].description, "an email // address");
}

#[test]
fn a_declaration_line_after_a_block_never_closed_starts_the_next_declaration() {
    let text = r#"category contact "ways to reach a person"
purpose provide "run the product"
source direct "from the person"
product outlook "mail" {
    collect contact for provide from direct
default {
    collect contact for provide from direct
}
"#;
    let (loaded, sources) = load(text);
    assert_eq!(findings(&loaded, &sources), vec![("policy-syntax", 4)]);
    let unclosed = &loaded.diagnostics[0];
    assert_eq!(unclosed.message, "this `{` is never closed");
    assert_eq!(
        unclosed.help.as_deref(),
        Some("add `}` where the block ends; candor skipped it up to the next declaration")
    );
    assert!(loaded.policy.product_id("outlook").is_none());
    assert_eq!(loaded.policy.grants.len(), 1, "the default block is kept");
}

#[test]
fn a_declaration_that_goes_on_past_the_grammar_is_one_error() {
    let base = "category contact \"c\"\npurpose provide \"p\"\nsource direct \"d\"\n\
                default { collect contact for provide from direct }\n";
    let cases = [
        // Another declaration on the same line is kept.
        ("condition a \"x\" condition b \"y\"\n", None, 2),
        // Stray text after a complete declaration costs only itself.
        (
            "condition a \"x\" oops\n",
            Some("expected a declaration, found `oops`"),
            1,
        ),
        (
            "never contact for provide { }\n",
            Some("unexpected `{` after the `never` rule"),
            0,
        ),
        ("condition a \"x\" {\n", Some("this `{` is never closed"), 0),
        // A keyword used as an id is one error, not two declarations.
        (
            "condition default \"x\"\n",
            Some("expected a condition id, found `default`"),
            0,
        ),
    ];
    for (extra, message, conditions) in cases {
        let (loaded, _) = load(&format!("{base}{extra}"));
        let syntax: Vec<&str> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::PolicySyntax)
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(syntax, message.into_iter().collect::<Vec<_>>(), "{extra}");
        assert_eq!(loaded.policy.conditions.len(), conditions, "{extra}");
        assert_eq!(loaded.policy.grants.len(), 1, "{extra}");
    }
}
