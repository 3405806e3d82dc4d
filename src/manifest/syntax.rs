//! YAML syntax errors in words: where the offending character is, and what YAML wants there.
//! The scanner reports some errors where it gave up rather than where the cause is (a tab in
//! the indentation of line 4 is reported at the end of line 3); this moves them to the cause.

/// A syntax error at byte `at` of a manifest's `text` with the parser's `message`: the place to
/// report, the message and a help line.
pub fn explain(text: &str, at: usize, message: &str) -> (usize, String, String) {
    explain_as(text, at, message, "manifests are")
}

/// [`explain`] for any YAML file: `what_is` names the files in the general advice
/// (`manifests are`, `candor.yaml is`).
pub fn explain_as(text: &str, at: usize, message: &str, what_is: &str) -> (usize, String, String) {
    if message.contains("tab")
        && let Some(tab) = next_tab(text, at)
    {
        let line_start = text
            .get(..tab)
            .and_then(|before| before.rfind('\n'))
            .map_or(0, |n| n + 1);
        let indenting = text
            .get(line_start..tab)
            .is_some_and(|lead| lead.chars().all(|c| c == ' ' || c == '\t'));
        let message = if indenting {
            "not valid YAML: a tab in the indentation"
        } else {
            "not valid YAML: a tab where YAML does not allow one"
        };
        return (
            tab,
            message.to_owned(),
            "YAML indents with spaces only: replace the tab with spaces, as many as line the key \
             up with the others"
                .to_owned(),
        );
    }
    let help = help_for(message).map_or_else(
        || {
            format!(
                "{what_is} YAML: indent with spaces, close every `[`, `{{` and quote, and quote a \
                 value that holds `: ` or starts with a special character"
            )
        },
        str::to_owned,
    );
    (at, format!("not valid YAML: {message}"), help)
}

/// The first tab at or after `at`, within the next few lines (the scanner stops at the end of
/// the line before the one it could not read).
fn next_tab(text: &str, at: usize) -> Option<usize> {
    let from = at.min(text.len());
    // Back to the start of the line `at` is on, in case the tab is before it.
    let line_start = text
        .get(..from)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |n| n + 1);
    let rest = text.get(line_start..)?;
    let window: usize = rest.split_inclusive('\n').take(3).map(str::len).sum();
    rest.get(..window)?.find('\t').map(|n| line_start + n)
}

/// What to do about the parser's `message`, when there is more to say than the general advice.
fn help_for(message: &str) -> Option<&'static str> {
    let said = |words: &str| message.contains(words);
    let help = if said("mapping values are not allowed") || said("illegal placement of ':'") {
        "a value holding `: ` needs quotes (`\"a: b\"`), and a `[` or `{` opened above needs its \
         `]` or `}` on the same line"
    } else if said("unclosed bracket '['") {
        "close the list with `]` on the same line, or write it as `- item` lines"
    } else if said("unclosed bracket '{'") {
        "close the mapping with `}` on the same line, or write it as `key: value` lines"
    } else if said("quoted scalar") {
        "close the quoted string with the quote it opened with, on the same line"
    } else if said("did not find expected ',' or ']'") || said("flow sequence") {
        "close the list with `]`, and separate its items with `,`"
    } else if said("did not find expected ',' or '}'") || said("flow mapping") {
        "close the mapping with `}`, and separate its pairs with `,`"
    } else if said("quoted scalar") || said("quote") {
        "close the quoted string with the quote it opened with"
    } else if said("did not find expected key") || said("block") || said("indent") {
        "line up the keys of one mapping at the same indentation, with spaces, and start each \
         entry of a list with `- `"
    } else if said("alias") || said("anchor") {
        "an alias `*name` needs an anchor `&name` earlier in the file"
    } else if said("duplicate") {
        "give each key once per mapping"
    } else {
        return None;
    };
    Some(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tab_is_found_on_the_next_line() {
        let text = "product: bing\ncollects:\n  - data: x\n\tcategory: c\n";
        let at = text.find("x\n").unwrap_or_default() + 1;
        let (place, message, help) = explain(text, at, "found a tab");
        assert_eq!(place, text.find('\t').unwrap_or_default());
        assert_eq!(message, "not valid YAML: a tab in the indentation");
        assert!(help.contains("spaces"));
    }
}
