//! Text from input made safe for a terminal or a log (DESIGN §11): control characters (C0 but
//! line breaks and tabs, DEL, C1), bidirectional overrides and isolates, and the Unicode line
//! and paragraph separators are written as Rust escapes them (`\u{1b}`, `\u{202e}`), so a file
//! cannot move the cursor, recolour the terminal, set its title or reorder what a reviewer
//! reads. JSON and SARIF need none of this: JSON escapes control characters itself.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal as it is (line breaks and tabs aside).
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// `text` with every unsafe character escaped; line breaks and tabs are kept.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push(&mut out, c);
    }
    Cow::Owned(out)
}

/// `text` on one line: unsafe characters, line breaks and tabs escaped.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\n' || c == '\t' {
            out.extend(c.escape_debug());
        } else {
            push(&mut out, c);
        }
    }
    out
}

/// Appends `c`, escaped if it is unsafe (`\r` as itself, the others as `\u{..}`).
pub fn push(out: &mut String, c: char) {
    if c == '\r' {
        out.push_str("\\r");
    } else if is_unsafe(c) {
        out.extend(c.escape_unicode());
    } else {
        out.push(c);
    }
}

/// The escaped form of the unsafe character `c`, as [`push`] writes it.
pub fn escaped(c: char) -> String {
    let mut out = String::new();
    push(&mut out, c);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_controls_are_escaped() {
        assert_eq!(
            visible("a\u{1b}]0;title\u{7}b\u{202e}c\nd\te\u{9b}f"),
            "a\\u{1b}]0;title\\u{7}b\\u{202e}c\nd\te\\u{9b}f"
        );
        assert_eq!(
            one_line("a\nb\r\tc\u{1b}d\u{2028}é😀\\"),
            "a\\nb\\r\\tc\\u{1b}d\\u{2028}é😀\\"
        );
        assert!(matches!(visible("plain é"), Cow::Borrowed(_)));
    }
}
