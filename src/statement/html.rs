//! The statement as one standalone HTML page: no script, no external asset (the style sheet is
//! inline), `lang` set, landmarks and a table of contents, every table header scoped, and every
//! piece of text from the policy escaped. The data map is a table drawn as a compact grid, its
//! symbols doubled by text for screen readers.

use super::document::{self, Block, Cell, DataMap, Inline, Item};
use crate::policy::Policy;

const STYLE: &str = "
:root { color-scheme: light dark; --ink: #1b1f24; --muted: #4a525b; --line: #d0d7de;
  --paper: #ffffff; --all: #0a4f96; --part: #cfe3f7; --accent: #094a8c; }
@media (prefers-color-scheme: dark) { :root { --ink: #e6edf3; --muted: #9da7b3;
  --line: #3d444d; --paper: #0d1117; --all: #58a6ff; --part: #1f3b5c; --accent: #79c0ff; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--paper); color: var(--ink);
  font: 16px/1.55 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }
.page { max-width: 72rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 2.2rem; margin: 0 0 .5rem; }
h2 { font-size: 1.5rem; margin: 2.5rem 0 .75rem; padding-bottom: .3rem;
  border-bottom: 1px solid var(--line); }
h3 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; }
p, li { max-width: 48rem; overflow-wrap: anywhere; }
h1, h2, h3 { overflow-wrap: anywhere; }
ul { padding-left: 1.4rem; }
li { margin: .2rem 0; }
code { font: .9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  background: color-mix(in srgb, var(--line) 45%, transparent); padding: .05em .3em;
  border-radius: 4px; }
a { color: var(--accent); }
nav ul { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap;
  gap: .4rem 1.5rem; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--paper); padding: .5rem; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
.map { overflow-x: auto; position: relative; max-width: 100%; }
table { border-collapse: collapse; font-size: .85rem; }
caption { text-align: left; color: var(--muted); padding-bottom: .5rem; position: sticky;
  left: 0; max-width: min(48rem, calc(100vw - 3rem)); }
th, td { border: 1px solid var(--line); padding: .3rem .45rem; }
thead th { vertical-align: bottom; font-weight: 600; }
thead th code { writing-mode: vertical-rl; transform: rotate(180deg); background: none;
  padding: 0; }
tbody th { text-align: left; white-space: nowrap; font-weight: 600; }
tbody th, thead th:first-child { position: sticky; left: 0; z-index: 1;
  background: var(--paper); }
td { text-align: center; min-width: 2.2rem; }
td.all { background: var(--all); color: var(--paper); font-size: 1.1rem; }
td.part { background: var(--part); font-size: .75rem; line-height: 1.3; text-align: left;
  max-width: 13rem; }
td.part span[aria-hidden] { font-size: 1rem; margin-right: .25rem; }
.grants { margin: 1rem 0 1.25rem; padding: .1rem 0 .1rem 1rem;
  border-left: 3px solid var(--part); }
.grants .lead { margin: .3rem 0; }
.grants ul { margin: .3rem 0; }
nav { margin: 1.5rem 0; padding: .75rem 1rem; border: 1px solid var(--line);
  border-radius: 6px; }
";

/// The statement of `policy` as a standalone HTML page.
pub fn render(policy: &Policy) -> String {
    let blocks = document::build(policy);
    let mut out = String::from(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"candor\">\n",
    );
    out.push_str(&format!("<title>{}</title>\n", escape(document::TITLE)));
    out.push_str(&format!("<style>{STYLE}</style>\n</head>\n<body>\n"));
    out.push_str("<a class=\"skip\" href=\"#main\">Skip to the statement</a>\n");
    out.push_str("<div class=\"page\">\n");
    out.push_str("<main id=\"main\">\n");
    let (mut in_section, mut nav_written) = (false, false);
    for block in &blocks {
        match block {
            Block::Heading {
                level,
                anchor,
                text,
            } => {
                if *level <= 2 && in_section {
                    out.push_str("</section>\n");
                    in_section = false;
                }
                if *level == 2 {
                    if !nav_written {
                        // Before the first section: the table of contents.
                        out.push_str(&contents(&blocks));
                        nav_written = true;
                    }
                    out.push_str(&format!(
                        "<section aria-labelledby=\"{}\">\n",
                        escape_attribute(anchor)
                    ));
                    in_section = true;
                }
                out.push_str(&format!(
                    "<h{level} id=\"{}\">{}</h{level}>\n",
                    escape_attribute(anchor),
                    inlines(text)
                ));
            }
            Block::Paragraph(text) => out.push_str(&format!("<p>{}</p>\n", inlines(text))),
            Block::List(items) => list(&mut out, items),
            Block::Grants { lead, rules } => {
                out.push_str(&format!(
                    "<div class=\"grants\">\n<p class=\"lead\">{}</p>\n",
                    inlines(lead)
                ));
                list(&mut out, rules);
                out.push_str("</div>\n");
            }
            Block::DataMap(map) => table(&mut out, map),
        }
    }
    if in_section {
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n</div>\n</body>\n</html>\n");
    out
}

/// Escapes text for HTML content.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes text for a double-quoted HTML attribute value.
pub fn escape_attribute(text: &str) -> String {
    escape(text).replace('"', "&quot;").replace('\'', "&#39;")
}

/// The table of contents: a link to every section.
fn contents(blocks: &[Block]) -> String {
    let mut out = String::from("<nav aria-label=\"Contents\">\n<ul>\n");
    for block in blocks {
        if let Block::Heading {
            level: 2,
            anchor,
            text,
        } = block
        {
            out.push_str(&format!(
                "<li><a href=\"#{}\">{}</a></li>\n",
                escape_attribute(anchor),
                inlines(text)
            ));
        }
    }
    out.push_str("</ul>\n</nav>\n");
    out
}

fn inlines(parts: &[Inline]) -> String {
    parts
        .iter()
        .map(|part| match part {
            Inline::Text(text) => escape(text),
            Inline::Code(id) => format!("<code>{}</code>", escape(id)),
            Inline::Strong(inner) => format!("<strong>{}</strong>", inlines(inner)),
        })
        .collect()
}

fn list(out: &mut String, items: &[Item]) {
    out.push_str("<ul>\n");
    for item in items {
        out.push_str("<li>");
        out.push_str(&inlines(&item.text));
        if !item.children.is_empty() {
            out.push('\n');
            list(out, &item.children);
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}

fn cell(cell: &Cell) -> String {
    match cell {
        Cell::All => {
            "<td class=\"all\"><span aria-hidden=\"true\">●</span><span class=\"sr\">all of it</span></td>"
                .to_owned()
        }
        Cell::Part(parts) => {
            let parts: Vec<String> = parts.iter().map(|p| escape(p)).collect();
            format!(
                "<td class=\"part\"><span aria-hidden=\"true\">◐</span><span class=\"sr\">part: \
                 </span>{}</td>",
                parts.join(", ")
            )
        }
        Cell::Nothing => "<td class=\"none\"><span class=\"sr\">none</span></td>".to_owned(),
    }
}

fn table(out: &mut String, map: &DataMap) {
    out.push_str("<div class=\"map\" role=\"region\" aria-label=\"Data map table, scrolls sideways\" tabindex=\"0\">\n");
    out.push_str("<table>\n<caption>Products (rows) and the kinds of personal data they may collect (columns)</caption>\n");
    out.push_str("<thead>\n<tr><th scope=\"col\">product</th>");
    for category in &map.categories {
        out.push_str(&format!(
            "<th scope=\"col\"><code>{}</code></th>",
            escape(category)
        ));
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for (product, cells) in &map.rows {
        out.push_str(&format!(
            "<tr><th scope=\"row\"><a href=\"#product-{}\"><code>{}</code></a></th>",
            escape_attribute(&document::anchor(product)),
            escape(product)
        ));
        for c in cells {
            out.push_str(&cell(c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_content_and_attributes() {
        assert_eq!(
            escape(r#"<script>alert("x & 'y'")</script>"#),
            r#"&lt;script&gt;alert("x &amp; 'y'")&lt;/script&gt;"#
        );
        assert_eq!(escape_attribute(r#"a"b'c"#), "a&quot;b&#39;c");
    }
}
