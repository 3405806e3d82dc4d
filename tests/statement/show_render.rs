//! `candor show` and `candor render` (Markdown and HTML) over the shipped policy.

use std::fs;

use candor::statement::{html, markdown};

use super::{candor, descriptions, json, repo, shipped_policy};

#[test]
fn show_lists_a_products_grants_by_category_with_their_origin() {
    let (code, out, err) = candor(repo(), &["show", "outlook"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("product `outlook`: Outlook.com email"),
        "{out}"
    );
    assert!(out.contains("\n  content.email: the subject and body of email messages\n"));
    assert!(
        out.contains("    own      for provide from direct  (policies/microsoft/products.candor:")
    );
    assert!(out.contains("    default  for authenticate from direct  (policies/microsoft.candor:"));
    assert!(out.contains("never, whatever any grant says:\n    content for advertising: "));
    assert!(
        out.ends_with("of the default block and 2 of its own\n"),
        "{out}"
    );
}

#[test]
fn show_json_is_a_versioned_document() {
    let (code, out, _) = candor(repo(), &["show", "outlook", "--format", "json"]);
    assert_eq!(code, 0);
    let doc = json(&out);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["product"]["id"], "outlook");
    let categories = doc["categories"].as_array().unwrap();
    let email = categories
        .iter()
        .find(|c| c["id"] == "content.email")
        .unwrap();
    assert_eq!(email["grants"][0]["origin"], "own");
    assert_eq!(
        email["grants"][0]["purposes"],
        serde_json::json!(["provide"])
    );
    assert_eq!(
        email["grants"][0]["file"],
        "policies/microsoft/products.candor"
    );
    let credentials = categories
        .iter()
        .find(|c| c["id"] == "credentials")
        .unwrap();
    assert_eq!(credentials["grants"][0]["origin"], "default");
    let grant_line = fs::read_to_string(repo().join("policies/microsoft.candor"))
        .unwrap()
        .lines()
        .position(|l| l.trim() == "collect credentials for authenticate from direct")
        .unwrap()
        + 1;
    assert_eq!(credentials["grants"][0]["line"], grant_line);
    assert_eq!(doc["never"][0]["category"], "content");
    assert_eq!(
        doc["never"][0]["purposes"],
        serde_json::json!(["advertising"])
    );
}

#[test]
fn show_of_an_unknown_product_exits_two_with_a_suggestion() {
    let (code, out, err) = candor(repo(), &["show", "onedirve"]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert_eq!(
        err,
        "error: product `onedirve` is not defined in the policy; did you mean `onedrive`?\n"
    );
}

#[test]
fn render_markdown_carries_every_description_the_promises_and_the_data_map() {
    let policy = shipped_policy();
    let (code, out, err) = candor(repo(), &["render"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("# Privacy statement\n"));
    for description in descriptions(&policy) {
        assert!(
            out.contains(&markdown::escape(&description)),
            "missing {description:?}"
        );
    }
    assert!(out.contains(
        "- **`content` for `advertising`.** We never use the substance of files and \
         communications to choose or target advertisements."
    ));
    // Why, from where and when, in sentences built from the descriptions.
    assert!(out.contains(
        "- Used to run and deliver the product or feature the person uses and to tailor a \
         product to the person. It is recorded from the person's use of a product, for example \
         through cookies or telemetry; or supplied by the person, for example by typing, \
         uploading or speaking it. Only when the person switched on location-based products or \
         features.\n"
    ));
    // The data map: one column per top-level category, one row per product.
    let header = out.lines().find(|l| l.starts_with("| product |")).unwrap();
    assert_eq!(header.matches(" | ").count(), 13, "{header}");
    let rows: Vec<&str> = out.lines().filter(|l| l.starts_with("| `")).collect();
    assert_eq!(rows.len(), policy.products.len());
    let outlook = rows
        .iter()
        .find(|r| r.starts_with("| `outlook` |"))
        .unwrap();
    assert!(outlook.contains("| ◐ email |"), "{outlook}");
    let stores = rows.iter().find(|r| r.starts_with("| `stores` |")).unwrap();
    assert_eq!(stores.matches('●').count(), 6, "{stores}");
}

#[test]
fn render_html_is_one_standalone_accessible_page() {
    let policy = shipped_policy();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("statement.html");
    let (code, out, err) = candor(
        repo(),
        &["render", "--format", "html", "-o", page.to_str().unwrap()],
    );
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    let html = fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!doctype html>\n<html lang=\"en\">\n"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    for external in [
        "<script", "<link", "src=", "url(", "http:", "https:", "@import",
    ] {
        assert!(!html.contains(external), "{external} in the page");
    }
    for description in descriptions(&policy) {
        assert!(
            html.contains(&html::escape(&description)),
            "missing {description:?}"
        );
    }
    assert_eq!(html.matches("<th scope=\"col\">").count(), 14);
    assert_eq!(
        html.matches("<th scope=\"row\">").count(),
        policy.products.len()
    );
    assert!(!html.contains("<th>"), "every header cell is scoped");
    assert!(html.contains("<caption>"));
    assert!(html.contains("<main id=\"main\">") && html.contains("<nav aria-label="));
}

#[test]
fn render_escapes_markup_in_descriptions() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("p.candor"),
        "category c \"<img src=x onerror=alert(1)> & *bold* | pipe\"\n\
         purpose p \"run it\"\nsource s \"given\"\n\
         product a \"<b>app</b>\" { collect c for p from s }\n",
    )
    .unwrap();
    let (code, page, _) = candor(
        dir.path(),
        &["render", "--policy", "p.candor", "--format", "html"],
    );
    assert_eq!(code, 0);
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt; &amp; *bold* | pipe"));
    assert!(page.contains("&lt;b&gt;app&lt;/b&gt;") && !page.contains("<b>app"));
    let (_, md, _) = candor(dir.path(), &["render", "--policy", "p.candor"]);
    assert!(
        md.contains(r"\<img src=x onerror=alert(1)\> \& \*bold\* \| pipe"),
        "{md}"
    );
}
