//! The one diagnostic type every phase produces and every output format renders, and the
//! registry of codes: each code's name, default severity, summary and long explanation.
//!
//! A code is one row of the `codes!` table below plus one Markdown file, `src/codes/<name>.md`.
//! The row is the only place that states the code's name, summary and default severity; the
//! file holds the explanation's sections, under the headings of [`EXPLANATION_SECTIONS`] in that
//! order, and [`Code::explanation`] puts the two together. The file's example is a runnable case
//! that `tests/explain.rs` checks through the binary; that test's documentation describes the
//! form an example takes.

use crate::source::Span;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Fails the check (exit status 1).
    Error,
    /// Reported, does not fail the check.
    Warning,
    /// A hint for a better policy or manifest.
    Advice,
}

impl Severity {
    /// The lowercase name used in every output format.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Advice => "advice",
        }
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $severity:ident, $summary:literal; )*) => {
        /// Every diagnostic code candor can report. Names are stable and never reused.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in registry order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable kebab-case name.
            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The severity a finding has unless configured otherwise.
            pub fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// One line saying what the code reports.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }

            /// The sections of the long explanation, as written in `src/codes/<name>.md`
            /// (Markdown, under the headings of [`EXPLANATION_SECTIONS`]).
            pub fn sections(self) -> &'static str {
                match self { $(Code::$variant => include_str!(concat!("codes/", $name, ".md")),)* }
            }
        }
    };
}

codes! {
    /// No grant of the product covers the entry's category.
    UndeclaredCollection = "undeclared-collection", Error,
        "a product collects a category of data its policy does not grant";
    /// The category is granted, but not for this purpose.
    UndeclaredPurpose = "undeclared-purpose", Error,
        "data is used for a purpose the policy does not grant for its category";
    /// The category and purpose are granted, but not from this source.
    UndeclaredSource = "undeclared-source", Error,
        "data comes from a source the policy does not grant for its category and purpose";
    /// The covering grant requires a condition the entry does not list.
    MissingCondition = "missing-condition", Error,
        "data is collected without a condition its grant requires";
    /// A `never` rule covers the entry.
    ForbiddenUse = "forbidden-use", Error,
        "data is used for a purpose a `never` rule forbids";
    /// Covered only through an ancestor category.
    VagueDisclosure = "vague-disclosure", Advice,
        "data is disclosed only through a broader category";
    /// The manifest names a product the policy does not define.
    UnknownProduct = "unknown-product", Error,
        "a manifest names a product the policy does not define";
    /// The manifest names a category the policy does not define.
    UnknownCategory = "unknown-category", Error,
        "a manifest names a category the policy does not define";
    /// The manifest names a purpose the policy does not define.
    UnknownPurpose = "unknown-purpose", Error,
        "a manifest names a purpose the policy does not define";
    /// The manifest names a source the policy does not define.
    UnknownSource = "unknown-source", Error,
        "a manifest names a source the policy does not define";
    /// The manifest names a condition the policy does not define.
    UnknownCondition = "unknown-condition", Error,
        "a manifest names a condition the policy does not define";
    /// The manifest is not valid YAML or does not follow the schema.
    InvalidManifest = "invalid-manifest", Error,
        "a manifest is not valid YAML or does not follow the manifest schema";
    /// The same `data` and `category` twice in one manifest.
    DuplicateEntry = "duplicate-entry", Warning,
        "a manifest lists the same data element and category twice";
    /// The policy does not parse.
    PolicySyntax = "policy-syntax", Error,
        "the policy does not parse";
    /// The policy uses a name it does not define.
    UndefinedReference = "undefined-reference", Error,
        "the policy uses a name it does not define";
    /// A name is defined twice.
    DuplicateDefinition = "duplicate-definition", Error,
        "a name is defined twice in the policy";
    /// A grant contradicts a `never` rule.
    Contradiction = "contradiction", Error,
        "a grant allows what a `never` rule forbids";
    /// A purpose, source or condition nothing uses.
    UnusedDefinition = "unused-definition", Warning,
        "a purpose, source or condition that no grant or `never` rule uses";
    /// A grant no manifest of its product uses (with `--coverage`).
    UnusedDeclaration = "unused-declaration", Warning,
        "a product's grant that none of its manifests uses";
    /// A file cannot be read.
    IoError = "io-error", Error,
        "a file cannot be read";
    /// A platform file or a policy mapping names an id outside the store's closed set.
    UnknownPlatformId = "unknown-platform-id", Error,
        "a platform file, or a policy mapping, names an Apple or Play id outside that platform's closed set";
    /// A platform file uses an id the policy maps to nothing.
    UnmappedPlatformId = "unmapped-platform-id", Error,
        "a platform file uses an id the policy maps to nothing";
    /// A platform file that no `products:` binding covers.
    UnboundDeclaration = "unbound-declaration", Warning,
        "a platform file that no `products:` binding covers";
    /// `candor.yaml` does not parse, or a setting in it is wrong.
    InvalidConfig = "invalid-config", Error,
        "`candor.yaml` does not parse, or has an unknown key, a bad glob or a value of the wrong type";
    /// A `products:` binding whose pattern matches no file candor found.
    UnusedBinding = "unused-binding", Warning,
        "a `products:` binding whose pattern matches no store declaration candor found";
    /// Evidence of a data type the app's own store label does not declare.
    UndisclosedEvidence = "undisclosed-evidence", Warning,
        "evidence (a permission, usage key, entitlement or capability) of a data type the app's own store label does not declare";
    /// A lockfile names an SDK on Apple's list whose installed copy ships no privacy manifest.
    MissingSdkManifest = "missing-sdk-manifest", Warning,
        "a lockfile names an SDK that must ship a privacy manifest, and its installed copy has none";
}

/// The headings (`## ...`) of every code's explanation file, in this order.
pub const EXPLANATION_SECTIONS: [&str; 4] =
    ["What it checks", "Why it matters", "Example", "How to fix"];

impl Code {
    /// The code with this name.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// The long explanation `candor explain` prints and SARIF carries as a rule's help
    /// (Markdown): the name as the title, the summary and the default severity from this
    /// registry, then the sections of the code's explanation file.
    pub fn explanation(self) -> String {
        format!(
            "# {}\n\n{}\n\nDefault severity: {}.\n\n{}",
            self.name(),
            self.summary(),
            self.default_severity().name(),
            self.sections()
        )
    }
}

/// A span with a message, pointing at the place a diagnostic is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What is there (may be empty).
    pub message: String,
}

impl Label {
    /// A label at `span` saying `message`.
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        Label {
            span,
            message: message.into(),
        }
    }
}

/// One finding: a code, a severity, a one-sentence message, the place it is about, related
/// places (possibly in other files), and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The code.
    pub code: Code,
    /// The severity (the code's default unless overridden).
    pub severity: Severity,
    /// What is wrong, in one sentence: lowercase, no final period, user input in backticks.
    pub message: String,
    /// The place the finding is about.
    pub primary: Label,
    /// Other places that explain it, such as the policy declaration a manifest entry was
    /// checked against.
    pub related: Vec<Label>,
    /// What to do about it.
    pub help: Option<String>,
    /// The edit that does it, when one edit surely does (a misspelt id replaced by the one
    /// the help suggests): a machine-applicable fix.
    pub fix: Option<Fix>,
}

/// A machine-applicable fix: replace the text at `span` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What to replace (in the finding's file or another).
    pub span: Span,
    /// What to put there.
    pub replacement: String,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity, labelled at `span`.
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.default_severity(),
            message: message.into(),
            primary: Label::new(span, ""),
            related: Vec::new(),
            help: None,
            fix: None,
        }
    }

    /// Sets the primary label's message.
    pub fn with_label(mut self, message: impl Into<String>) -> Self {
        self.primary.message = message.into();
        self
    }

    /// Adds a related location.
    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Label::new(span, message));
        self
    }

    /// Sets the help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the machine-applicable fix: `replacement` for the text at `span`.
    pub fn with_fix(mut self, span: Span, replacement: impl Into<String>) -> Self {
        self.fix = Some(Fix {
            span,
            replacement: replacement.into(),
        });
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_names_are_unique_and_kebab_case() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
        for code in Code::ALL {
            let name = code.name();
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{name}"
            );
            assert_eq!(Code::from_name(name), Some(*code));
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
    }

    #[test]
    fn explanation_files_hold_only_their_sections_in_order() {
        for code in Code::ALL {
            let name = code.name();
            let sections = code.sections();
            // Headings outside fenced blocks (a YAML comment in an example starts with `#`).
            let mut in_fence = false;
            let headings: Vec<&str> = sections
                .lines()
                .filter(|l| {
                    if l.starts_with("```") {
                        in_fence = !in_fence;
                    }
                    !in_fence && l.starts_with('#')
                })
                .collect();
            let expected: Vec<String> = EXPLANATION_SECTIONS
                .iter()
                .map(|s| format!("## {s}"))
                .collect();
            assert_eq!(headings, expected, "{name}: headings");
            assert!(
                sections.starts_with("## What it checks\n\n"),
                "{name}: the file starts with its first section"
            );
            assert!(
                !sections.contains("Default severity") && !sections.contains(code.summary()),
                "{name}: the severity and summary come from the registry, not the file"
            );
        }
    }

    #[test]
    fn an_explanation_is_the_registry_row_then_the_file() {
        let code = Code::UnusedDefinition;
        let text = code.explanation();
        assert!(text.starts_with(
            "# unused-definition\n\n\
             a purpose, source or condition that no grant or `never` rule uses\n\n\
             Default severity: warning.\n\n## What it checks\n"
        ));
        assert!(text.ends_with(code.sections()));
    }

    #[test]
    fn the_code_list_is_stable() {
        let listing: Vec<String> = Code::ALL
            .iter()
            .map(|c| {
                format!(
                    "{} ({}): {}",
                    c.name(),
                    c.default_severity().name(),
                    c.summary()
                )
            })
            .collect();
        insta::assert_snapshot!(listing.join("\n"));
    }
}
