//! The one diagnostic type every phase produces and every output format renders, and the
//! registry of codes: each code's name, default severity, summary and long explanation.

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

            /// The long explanation `candor explain` prints (Markdown).
            pub fn explanation(self) -> &'static str {
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
}

impl Code {
    /// The code with this name.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.name() == name)
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_names_are_unique_kebab_case_and_explained() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
        for code in Code::ALL {
            let name = code.name();
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{name}"
            );
            assert_eq!(Code::from_name(name), Some(*code));
            let text = code.explanation();
            assert!(
                text.starts_with(&format!("# {name}\n")),
                "{name} explanation title"
            );
            for heading in [
                "## What it checks",
                "## Why it matters",
                "## Example",
                "## How to fix",
            ] {
                assert!(text.contains(heading), "{name} lacks {heading}");
            }
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
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
