//! The statement as Markdown (CommonMark with a GitHub table for the data map). Every piece of
//! text from the policy is escaped, so a description never turns into markup.

use super::document::{self, Block, Cell, DataMap, Inline, Item};
use crate::policy::Policy;

/// The statement of `policy` as Markdown.
pub fn render(policy: &Policy) -> String {
    let mut out = String::new();
    for block in document::build(policy) {
        match block {
            Block::Heading { level, text, .. } => {
                out.push_str(&"#".repeat(usize::from(level)));
                out.push(' ');
                out.push_str(&inlines(&text));
                out.push_str("\n\n");
            }
            Block::Paragraph(text) => {
                out.push_str(&line_start(&inlines(&text)));
                out.push_str("\n\n");
            }
            Block::List(items) => {
                list(&mut out, &items, 0);
                out.push('\n');
            }
            Block::Grants { lead, rules } => {
                out.push_str(&line_start(&inlines(&lead)));
                out.push_str("\n\n");
                list(&mut out, &rules, 0);
                out.push('\n');
            }
            Block::DataMap(map) => table(&mut out, &map),
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Escapes text so that Markdown shows it as written.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '&' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Keeps text at the start of a line from reading as a list marker, a rule or a heading
/// underline (`- x`, `1. x`, `===`).
fn line_start(text: &str) -> String {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let after_digits = text.chars().nth(digits);
    let marker = text.starts_with(['-', '+', '='])
        || (digits > 0 && matches!(after_digits, Some('.' | ')')));
    if !marker {
        return text.to_owned();
    }
    // The digits are ASCII: their count is a byte offset on a character boundary.
    let (head, tail) = text.split_at_checked(digits).unwrap_or(("", text));
    format!("{head}\\{tail}")
}

/// An id in a code span (ids hold only letters, digits, `_` and `.`, but stay safe if not).
pub fn code(id: &str) -> String {
    if id.contains('`') {
        format!("`` {} ``", id.replace(['\n', '\r'], " "))
    } else {
        format!("`{id}`")
    }
}

fn inlines(parts: &[Inline]) -> String {
    parts
        .iter()
        .map(|part| match part {
            Inline::Text(text) => escape(text),
            Inline::Code(id) => code(id),
            Inline::Strong(inner) => format!("**{}**", inlines(inner)),
        })
        .collect()
}

fn list(out: &mut String, items: &[Item], depth: usize) {
    for item in items {
        out.push_str(&"  ".repeat(depth));
        out.push_str("- ");
        out.push_str(&line_start(&inlines(&item.text)));
        out.push('\n');
        list(out, &item.children, depth + 1);
    }
}

fn cell(cell: &Cell) -> String {
    match cell {
        Cell::All => "●".to_owned(),
        Cell::Part(parts) => {
            let parts: Vec<String> = parts.iter().map(|p| escape(p)).collect();
            format!("◐ {}", parts.join(", "))
        }
        Cell::Nothing => String::new(),
    }
}

fn table(out: &mut String, map: &DataMap) {
    out.push_str("| product |");
    for category in &map.categories {
        out.push_str(&format!(" {} |", code(category)));
    }
    out.push_str("\n|---|");
    out.push_str(&":-:|".repeat(map.categories.len()));
    out.push('\n');
    for (product, cells) in &map.rows {
        out.push_str(&format!("| {} |", code(product)));
        for c in cells {
            out.push_str(&format!(" {} |", cell(c)));
        }
        out.push('\n');
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_descriptions_is_escaped() {
        assert_eq!(
            escape("a *b* <i>c</i> | [d](e) #f"),
            r"a \*b\* \<i\>c\</i\> \| \[d\](e) \#f"
        );
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(line_start("- a"), r"\- a");
        assert_eq!(line_start("12. a"), r"12\. a");
        assert_eq!(line_start("a - b"), "a - b");
    }
}
