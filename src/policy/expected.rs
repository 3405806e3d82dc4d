//! The words of syntax errors: the human name of every grammar rule (for "expected ..."
//! messages), the name and form of each construct, and the turning of a pest error into a
//! `policy-syntax` diagnostic.

use pest::error::{ErrorVariant, InputLocation};

use super::grammar::Rule;
use super::lex;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// Turns a pest error of a strict parse of `chunk` (which starts at byte `start` of the file)
/// into a diagnostic that names what was expected in words.
pub fn strict_error(
    file: FileId,
    start: usize,
    chunk: &str,
    rule: Rule,
    error: &pest::error::Error<Rule>,
) -> Diagnostic {
    let pos = error_position(error);
    let mut expected: Vec<&str> = Vec::new();
    if let ErrorVariant::ParsingError { positives, .. } = &error.variant {
        for &positive in positives {
            if let Some(name) = expected_name(positive, rule)
                && !expected.contains(&name)
            {
                expected.push(name);
            }
        }
    }
    let rest = chunk.get(pos..).unwrap_or("");
    let found = first_word(rest);
    let at = start + pos;
    let span = Span::new(file, at, at + found.len());
    if found == "\"" && expected.contains(&"a quoted description") {
        let spans_lines = rest.get(1..).is_some_and(|r| {
            r.find('"')
                .is_some_and(|q| r.get(..q).is_some_and(|t| t.contains('\n')))
        });
        let message = if spans_lines {
            "a description cannot run over several lines"
        } else {
            "this string is not closed on its line"
        };
        return Diagnostic::new(Code::PolicySyntax, span, message)
            .with_label("string starts here")
            .with_help(
                "close the `\"` on the same line; a description is one line of text (write `\\n` \
                 for a line break inside it)",
            );
    }
    let expected = join_or(&expected);
    let message = match (expected.is_empty(), found.is_empty()) {
        (true, true) => format!("the {} ends too early", rule_noun(rule)),
        (true, false) => format!("unexpected `{found}` in the {}", rule_noun(rule)),
        (false, true) => format!("expected {expected}"),
        (false, false) => format!("expected {expected}, found `{found}`"),
    };
    let label = if found.is_empty() {
        "the declaration ends here"
    } else {
        "unexpected here"
    };
    Diagnostic::new(Code::PolicySyntax, span, message)
        .with_label(label)
        .with_help(format!("the form is {}", rule_form(rule)))
}

/// The byte offset a pest error points at, in the text that was parsed.
pub fn error_position(error: &pest::error::Error<Rule>) -> usize {
    match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    }
}

/// The first token of `text` as messages quote it: a word, or else its first character.
pub fn first_word(text: &str) -> &str {
    let end = text.find(|c| !lex::is_word_char(c)).unwrap_or(text.len());
    if end > 0 {
        return text.get(..end).unwrap_or("");
    }
    let first = text.chars().next().map_or(0, char::len_utf8);
    text.get(..first).unwrap_or("")
}

/// Joins names as "a, b or c".
pub fn join_or(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// What a rule is called in "expected ..." messages, given the declaration being parsed;
/// `None` for rules a person never types as such (recovery rules, whitespace).
pub fn expected_name(rule: Rule, context: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::EOI => "the end of the file",
        Rule::kw_include => "`include`",
        Rule::kw_category => "`category`",
        Rule::kw_purpose => "`purpose`",
        Rule::kw_source => "`source`",
        Rule::kw_condition => "`condition`",
        Rule::kw_product => "`product`",
        Rule::kw_default => "`default`",
        Rule::kw_never => "`never`",
        Rule::kw_collect | Rule::grant => "`collect`",
        Rule::kw_for => "`for`",
        Rule::kw_from => "`from`",
        Rule::kw_when => "`when`",
        Rule::kw_map => "`map`",
        Rule::map_word_data | Rule::map_data => "`data`",
        Rule::map_word_as => "`as`",
        Rule::map_word_shared | Rule::map_shared => "`shared`",
        Rule::map_word_unmapped | Rule::map_unmapped => "`unmapped`",
        Rule::map_word_export | Rule::map_export => "`export`",
        Rule::map_purpose => "`purpose`",
        Rule::store_name => "`apple` or `play`",
        Rule::store_id => "a store id such as `EmailAddress` or `PSL_EMAIL`",
        Rule::ident | Rule::dotted_id => match context {
            Rule::condition_decl => "a condition id",
            Rule::product_decl => "a product id",
            Rule::category_decl => "a category id",
            Rule::purpose_decl => "a purpose id",
            Rule::source_decl => "a source id",
            _ => "an id",
        },
        Rule::string | Rule::string_inner => match context {
            Rule::include_decl => "a quoted file path",
            Rule::never_decl => "a quoted reason",
            _ => "a quoted description",
        },
        Rule::open_brace | Rule::grant_block | Rule::tree_children | Rule::map_block => "`{`",
        Rule::close_brace => "`}`",
        Rule::open_bracket => "`[`",
        Rule::close_bracket => "`]`",
        Rule::comma => "`,`",
        Rule::include_decl
        | Rule::category_decl
        | Rule::purpose_decl
        | Rule::source_decl
        | Rule::condition_decl
        | Rule::product_decl
        | Rule::default_decl
        | Rule::never_decl
        | Rule::map_decl => "a declaration",
        Rule::tree_node => "a child id",
        Rule::category_ref | Rule::category_list => "a category name",
        Rule::purpose_ref | Rule::purpose_list => "a purpose name",
        Rule::source_ref | Rule::source_list => "a source name",
        Rule::condition_ref | Rule::condition_list => "a condition name",
        // Whitespace, comments and recovery rules are never what a person is asked to type.
        Rule::WHITESPACE
        | Rule::COMMENT
        | Rule::statement_keyword
        | Rule::ident_char
        | Rule::reserved
        | Rule::skipped_string
        | Rule::skipped
        | Rule::block_continuation
        | Rule::bad_statement
        | Rule::bad_child => return None,
    })
}

/// The name of the construct a strict rule parses.
pub fn rule_noun(rule: Rule) -> &'static str {
    match rule {
        Rule::include_decl => "`include`",
        Rule::category_decl => "category declaration",
        Rule::purpose_decl => "purpose declaration",
        Rule::source_decl => "source declaration",
        Rule::condition_decl => "condition declaration",
        Rule::product_decl => "product declaration",
        Rule::default_decl => "`default` block",
        Rule::never_decl => "`never` rule",
        Rule::map_decl => "`map` block",
        Rule::grant => "`collect` grant",
        Rule::tree_node => "child declaration",
        _ => "declaration",
    }
}

/// The shape of a strict rule, for help texts.
pub fn rule_form(rule: Rule) -> &'static str {
    match rule {
        Rule::include_decl => "`include \"path.candor\"`",
        Rule::category_decl => "`category ID \"description\" { CHILD \"description\" ... }`",
        Rule::purpose_decl => "`purpose ID \"description\"`",
        Rule::source_decl => "`source ID \"description\" { CHILD \"description\" ... }`",
        Rule::condition_decl => "`condition ID \"description\"`",
        Rule::product_decl => "`product ID \"description\" { collect ... }`",
        Rule::default_decl => "`default { collect ... }`",
        Rule::never_decl => "`never CATEGORY for PURPOSES \"reason\"`",
        Rule::map_decl => "`map apple { data STORE_ID as CATEGORIES ... }`",
        Rule::grant => "`collect CATEGORIES for PURPOSES from SOURCES when CONDITIONS`",
        Rule::tree_node => "`ID \"description\"`, optionally followed by `{ children }`",
        _ => "a declaration such as `category ID \"description\"`",
    }
}

#[cfg(test)]
mod tests {
    use pest::Parser;

    use super::*;
    use crate::policy::grammar::CandorParser;
    use crate::policy::lex::Keyword;

    /// The grammar rule that matches `keyword`.
    fn keyword_rule(keyword: Keyword) -> Rule {
        match keyword {
            Keyword::Category => Rule::kw_category,
            Keyword::Purpose => Rule::kw_purpose,
            Keyword::Source => Rule::kw_source,
            Keyword::Condition => Rule::kw_condition,
            Keyword::Product => Rule::kw_product,
            Keyword::Default => Rule::kw_default,
            Keyword::Never => Rule::kw_never,
            Keyword::Include => Rule::kw_include,
            Keyword::Collect => Rule::kw_collect,
            Keyword::For => Rule::kw_for,
            Keyword::From => Rule::kw_from,
            Keyword::When => Rule::kw_when,
            Keyword::Map => Rule::kw_map,
        }
    }

    #[test]
    fn the_grammar_reserves_exactly_the_keywords_of_the_table() {
        for &keyword in Keyword::ALL {
            let rule = keyword_rule(keyword);
            assert!(
                CandorParser::parse(rule, keyword.text()).is_ok(),
                "{keyword:?}"
            );
            assert!(
                CandorParser::parse(Rule::ident, keyword.text()).is_err(),
                "`{}` is not reserved by the grammar",
                keyword.text()
            );
            assert_eq!(
                expected_name(rule, Rule::grant),
                Some(format!("`{}`", keyword.text()).as_str())
            );
        }
        let grammar_keywords = Rule::all_rules()
            .iter()
            .filter(|r| format!("{r:?}").starts_with("kw_"))
            .count();
        assert_eq!(grammar_keywords, Keyword::ALL.len());
        let statement: Vec<&str> = Keyword::ALL
            .iter()
            .filter(|k| k.starts_statement())
            .map(|k| k.text())
            .filter(|word| CandorParser::parse(Rule::statement_keyword, word).is_ok())
            .collect();
        assert_eq!(
            statement.len(),
            Keyword::ALL.iter().filter(|k| k.starts_statement()).count()
        );
        assert!(CandorParser::parse(Rule::statement_keyword, "for").is_err());
    }

    #[test]
    fn first_word_is_a_word_or_one_character() {
        assert_eq!(first_word("location.precise for"), "location.precise");
        assert_eq!(first_word("%%%"), "%");
        assert_eq!(first_word("é!"), "é");
        assert_eq!(first_word(""), "");
    }
}
