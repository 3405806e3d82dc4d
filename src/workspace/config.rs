//! `candor.yaml`: the project settings, found from a folder upwards and read like a manifest:
//! through the YAML boundary ([`crate::manifest::yaml`]) with the same budgets, into settings
//! with a span on every value. Every problem is an `invalid-config` finding at its place in the
//! file; only a file that cannot be read as settings at all (not YAML, over a limit, not a
//! mapping) stops the run, since candor then cannot know the policy it names.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet};

use super::glob;
use crate::diagnostic::{Code, Diagnostic};
use crate::limits;
use crate::manifest::Str;
use crate::manifest::syntax;
use crate::manifest::yaml::{self, Node, Value};
use crate::severity::Level;
use crate::source::{FileId, Span};
use crate::suggest;

/// The name of the configuration file.
pub const CONFIG_FILE: &str = "candor.yaml";

/// The keys of `candor.yaml`.
pub const KEYS: &[&str] = &["policy", "exclude", "severity", "products"];

/// The keys of one `products:` binding.
pub const BINDING_KEYS: &[&str] = &["path", "product", "conditions"];

/// The keys under `severity:`.
pub const SEVERITY_KEYS: &[&str] = &["allow", "warn", "deny"];

/// `candor.yaml`: project settings, each value with where it is written. A setting that is
/// wrong is reported and left out; the others stand.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The root policy file, relative to the configuration file.
    pub policy: Option<Str>,
    /// Why `policy:` names no file, when it is written but is not a path (reported): candor
    /// cannot then know the policy unless one is given on the command line.
    pub policy_error: Option<Diagnostic>,
    /// Extra paths to skip during discovery (glob patterns, relative to the configuration
    /// file's folder).
    pub exclude: Vec<Pattern>,
    /// Severity overrides: each code name with its level, in the order written (the lists
    /// `allow`, `warn`, `deny` as they come); only names of codes (and `deny: [warnings]`).
    pub severity: Vec<(Level, Str)>,
    /// Which product each platform declaration (Apple privacy manifest, Play data safety CSV)
    /// belongs to, by path; the first binding whose pattern matches wins.
    pub products: Vec<Binding>,
}

/// A glob pattern of `candor.yaml` that compiles.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The pattern as written, and where.
    pub written: Str,
    /// The pattern, parsed.
    pub glob: Glob,
    /// The pattern, compiled on its own.
    pub set: GlobSet,
}

/// One `products:` binding of `candor.yaml`.
#[derive(Debug, Clone)]
pub struct Binding {
    /// A glob pattern, relative to the folder of `candor.yaml` (`apps/ios/**`).
    pub path: Pattern,
    /// The product id the files belong to, as written.
    pub product: Str,
    /// Conditions the app enforces before collecting (the operating system's permission
    /// prompt, say): every entry of a bound file lists them.
    pub conditions: Vec<Str>,
}

/// A configuration file and the folder it applies to.
#[derive(Debug, Clone)]
pub struct FoundConfig {
    /// The folder holding `candor.yaml`, relative to the folder it was searched from.
    pub dir: PathBuf,
    /// The file in the session's source map.
    pub file: FileId,
    /// The name it is shown by.
    pub name: String,
    /// Its settings.
    pub config: Config,
    /// What is wrong in it (`invalid-config`), in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// The line of its `policy:` value (1 when it has none).
    pub policy_line: usize,
}

/// The nearest `candor.yaml` from the absolute folder `start` upwards, by `is_file`: its path,
/// and the folder it is in relative to `start` (`..` for the parent).
pub fn locate_config(start: &Path, is_file: impl Fn(&Path) -> bool) -> Option<(PathBuf, PathBuf)> {
    let mut relative = PathBuf::new();
    for dir in start.ancestors() {
        let path = dir.join(CONFIG_FILE);
        if is_file(&path) {
            return Some((path, relative));
        }
        relative.push("..");
    }
    None
}

/// Reads the text of a configuration file, file `file`; blank text is the default
/// configuration. The text comes from the repository, so anything may be in it. The answer is
/// the settings with a finding for each one that is wrong, or, when the text cannot be read as
/// settings at all, the one finding that says why.
pub fn load_config(file: FileId, text: &str) -> Result<(Config, Vec<Diagnostic>), Box<Diagnostic>> {
    let mut reader = Reader {
        file,
        diags: Vec::new(),
    };
    let config = reader.config(text)?;
    Ok((config, reader.diags))
}

struct Reader {
    file: FileId,
    diags: Vec<Diagnostic>,
}

impl Reader {
    fn span(&self, node: &Node) -> Span {
        Span::new(self.file, node.start, node.end)
    }

    fn finding(&self, span: Span, message: String, help: Option<String>) -> Diagnostic {
        let mut diag = Diagnostic::new(Code::InvalidConfig, span, message);
        diag.help = help;
        diag
    }

    fn invalid(&mut self, span: Span, message: String, help: Option<String>) {
        let diag = self.finding(span, message, help);
        self.diags.push(diag);
    }

    fn config(&mut self, text: &str) -> Result<Config, Box<Diagnostic>> {
        let mut config = Config::default();
        if yaml::is_blank(text) {
            return Ok(config);
        }
        let root =
            yaml::parse_as(text, yaml::CONFIG).map_err(|e| Box::new(self.unreadable(text, e)))?;
        let pairs = match &root.value {
            Value::Map(pairs) => pairs,
            Value::Other("nothing (null)") => return Ok(config),
            other => {
                return Err(Box::new(
                    self.finding(
                        self.span(&root),
                        format!(
                            "candor.yaml must be a mapping of settings ({}), found {}",
                            yaml::listed(KEYS),
                            other.kind()
                        ),
                        Some(
                            "write the settings as `key: value` lines, such as \
                         `policy: policies/privacy.candor`"
                                .to_owned(),
                        ),
                    ),
                ));
            }
        };
        for (key, value) in self.fields(pairs, KEYS, "candor.yaml") {
            match key {
                "policy" => match self.string(value, "`policy`") {
                    Some(path) => config.policy = Some(path),
                    None => config.policy_error = self.diags.last().cloned(),
                },
                "exclude" => {
                    for item in self.list(value, "exclude", "glob patterns", "\"legacy/**\"") {
                        if let Some(pattern) = self.pattern(item, "exclude") {
                            config.exclude.push(pattern);
                        }
                    }
                }
                "severity" => config.severity = self.severity(value),
                "products" => {
                    let items = self.list(
                        value,
                        "products",
                        "bindings",
                        "{path: \"apps/ios/**\", product: ...}",
                    );
                    config
                        .products
                        .extend(items.iter().filter_map(|item| self.binding(item)));
                }
                _ => {}
            }
        }
        Ok(config)
    }

    /// The finding for a text that does not read as YAML, or is over one of the limits.
    fn unreadable(&self, text: &str, error: yaml::YamlError) -> Diagnostic {
        let at = error.offset_in(text);
        let (at, message, help) = if let Some(help) = error.unsupported {
            (at, error.message, help)
        } else if error.over_limit && error.message.contains("one YAML document") {
            let help = "write every setting in one document: merge the documents and remove the \
                        `---` line between them";
            (at, error.message, help.to_owned())
        } else if error.over_limit {
            let help = "candor refuses a configuration this large or deep before it costs memory \
                        or time; candor.yaml needs a few settings";
            (at, error.message, help.to_owned())
        } else {
            syntax::explain_as(text, at, &error.message, "candor.yaml is")
        };
        self.finding(Span::new(self.file, at, at), message, Some(help))
    }

    /// The known keys of a mapping with their values, in order; unknown and non-string keys
    /// are reported (with "did you mean") and left out.
    fn fields<'n>(
        &mut self,
        pairs: &'n [(Node, Node)],
        keys: &[&'static str],
        what: &str,
    ) -> Vec<(&'static str, &'n Node)> {
        let mut found = Vec::new();
        for (key, value) in pairs {
            let Value::Str(name) = &key.value else {
                self.invalid(
                    self.span(key),
                    format!("keys must be strings, found {}", key.value.kind()),
                    Some(format!("the keys of {what} are {}", yaml::listed(keys))),
                );
                continue;
            };
            match keys.iter().find(|k| **k == name.as_str()) {
                Some(known) => found.push((*known, value)),
                None => {
                    let help = match suggest::nearest(name, keys.iter().copied()) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => format!("the keys of {what} are {}", yaml::listed(keys)),
                    };
                    self.invalid(
                        self.span(key),
                        format!("unknown key `{name}` in {what}"),
                        Some(help),
                    );
                }
            }
        }
        found
    }

    /// A string that is not empty; `what` names it in messages (`` `policy` ``).
    fn string(&mut self, node: &Node, what: &str) -> Option<Str> {
        match &node.value {
            Value::Str(s) if !s.trim().is_empty() => Some(Str {
                value: s.clone(),
                span: self.span(node),
            }),
            Value::Str(_) => {
                self.invalid(self.span(node), format!("{what} is empty"), None);
                None
            }
            other => {
                let help = match other {
                    Value::Seq(_) | Value::Map(_) => None,
                    _ => Some("write it in quotes if it is meant as text".to_owned()),
                };
                self.invalid(
                    self.span(node),
                    format!("{what} must be a string, found {}", other.kind()),
                    help,
                );
                None
            }
        }
    }

    /// The items of a list setting `key` of `items` (nothing written counts as empty); another
    /// value is reported. `example` is an item, for the help.
    fn list<'n>(&mut self, node: &'n Node, key: &str, items: &str, example: &str) -> &'n [Node] {
        match &node.value {
            Value::Seq(list) => list,
            Value::Other("nothing (null)") => &[],
            other => {
                let help = match other {
                    Value::Str(s) => format!("write a list: `{key}: [\"{s}\"]`"),
                    _ => format!("write a list: `{key}: [{example}]`"),
                };
                self.invalid(
                    self.span(node),
                    format!("`{key}` must be a list of {items}, found {}", other.kind()),
                    Some(help),
                );
                &[]
            }
        }
    }

    /// A glob pattern of the setting `key`, compiled.
    fn pattern(&mut self, node: &Node, key: &str) -> Option<Pattern> {
        let written = self.string(node, &format!("each `{key}` pattern"))?;
        match glob::pattern(&written, key) {
            Ok((glob, set)) => Some(Pattern { written, glob, set }),
            Err(diag) => {
                self.diags.push(*diag);
                None
            }
        }
    }

    /// An id (`what`: `product`, `condition`) within [`limits::ID_BYTES`] and
    /// [`limits::ID_PARTS`].
    fn id(&mut self, node: &Node, what: &str, noun: &str) -> Option<Str> {
        let value = self.string(node, what)?;
        match limits::id_breach(noun, &value.value) {
            Some(message) => {
                self.invalid(value.span, message, Some(limits::id_help()));
                None
            }
            None => Some(value),
        }
    }

    /// One `products:` binding, or `None` (reported) when it has no usable `path` or
    /// `product`.
    fn binding(&mut self, node: &Node) -> Option<Binding> {
        let Value::Map(pairs) = &node.value else {
            self.invalid(
                self.span(node),
                format!(
                    "a `products:` binding must be a mapping with `path`, `product` and \
                     optionally `conditions`, found {}",
                    node.value.kind()
                ),
                Some(
                    "write `- path: \"apps/ios/**\"` and `product: ...` on the next line"
                        .to_owned(),
                ),
            );
            return None;
        };
        let fields = self.fields(pairs, BINDING_KEYS, "a `products:` binding");
        let get = |key: &str| fields.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
        let at = Span::new(self.file, node.start, node.start);
        let path = match get("path") {
            Some(value) => self.pattern(value, "products:"),
            None => {
                self.invalid(
                    at,
                    "this binding has no `path`".to_owned(),
                    Some(
                        "add `path:` with a glob relative to candor.yaml, such as `\"apps/ios/**\"`"
                            .to_owned(),
                    ),
                );
                None
            }
        };
        let product = match get("product") {
            Some(value) => self.id(value, "`product`", "product"),
            None => {
                self.invalid(
                    at,
                    "this binding has no `product`".to_owned(),
                    Some("add `product:` with the id of a product of the policy".to_owned()),
                );
                None
            }
        };
        let conditions = get("conditions")
            .map(|value| {
                self.list(value, "conditions", "condition ids", "location_enabled")
                    .iter()
                    .filter_map(|item| self.id(item, "each condition", "condition"))
                    .collect()
            })
            .unwrap_or_default();
        Some(Binding {
            path: path?,
            product: product?,
            conditions,
        })
    }

    /// The `severity:` mapping: each code name under `allow`, `warn` and `deny`, in order. A
    /// name that is no code is reported (with "did you mean") and left out.
    fn severity(&mut self, node: &Node) -> Vec<(Level, Str)> {
        let pairs = match &node.value {
            Value::Map(pairs) => pairs,
            Value::Other("nothing (null)") => return Vec::new(),
            other => {
                self.invalid(
                    self.span(node),
                    format!(
                        "`severity` must be a mapping with {}, found {}",
                        yaml::listed(SEVERITY_KEYS),
                        other.kind()
                    ),
                    Some("write `severity:` and, indented below it, `allow: [CODE]`".to_owned()),
                );
                return Vec::new();
            }
        };
        let mut settings = Vec::new();
        for (key, value) in self.fields(pairs, SEVERITY_KEYS, "`severity:`") {
            let level = match key {
                "allow" => Level::Allow,
                "warn" => Level::Warn,
                _ => Level::Deny,
            };
            for item in self.list(value, key, "codes", "vague-disclosure") {
                let Some(name) = self.string(item, &format!("each code under `{key}`")) else {
                    continue;
                };
                if name.value == crate::severity::WARNINGS {
                    if level == Level::Deny {
                        settings.push((level, name));
                    } else {
                        self.invalid(
                            name.span,
                            format!(
                                "`warnings` under `{key}` sets nothing: only `deny: [warnings]` \
                                 does (it makes every warning an error)"
                            ),
                            Some("name the codes to allow or warn about".to_owned()),
                        );
                    }
                    continue;
                }
                if Code::from_name(&name.value).is_some() {
                    settings.push((level, name));
                    continue;
                }
                let names = Code::ALL
                    .iter()
                    .map(|c| c.name())
                    .chain(std::iter::once(crate::severity::WARNINGS));
                let help = suggest::nearest(&name.value, names).map_or_else(
                    || "`candor explain` lists them".to_owned(),
                    |near| format!("did you mean `{near}`?"),
                );
                self.invalid(
                    name.span,
                    format!("`{}` under `severity:` is not a candor code", name.value),
                    Some(help),
                );
            }
        }
        settings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<(Config, Vec<Diagnostic>), Box<Diagnostic>> {
        load_config(FileId(0), text)
    }

    fn messages(text: &str) -> Vec<String> {
        let (_, diags) = load(text).unwrap_or_default();
        diags.into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn settings_read_with_their_places() {
        let text = "policy: p.candor\nexclude: [\"a/**\"]\nseverity:\n  allow: [vague-disclosure]\n  deny: [warnings]\nproducts:\n  - path: \"ios/**\"\n    product: bing\n    conditions: [location_enabled]\n";
        let (config, diags) = load(text).unwrap_or_default();
        assert!(diags.is_empty(), "{diags:?}");
        let policy = config.policy.unwrap_or_else(|| Str {
            value: String::new(),
            span: Span::new(FileId(0), 0, 0),
        });
        assert_eq!(policy.value, "p.candor");
        assert_eq!(
            text.get(policy.span.start..policy.span.end),
            Some("p.candor")
        );
        assert_eq!(config.exclude.len(), 1);
        assert_eq!(config.severity.len(), 2);
        let binding = config.products.first().map(|b| b.product.value.as_str());
        assert_eq!(binding, Some("bing"));
    }

    #[test]
    fn a_wrong_setting_is_reported_and_the_others_stand() {
        let text = "polcy: x\nexclude: 3\nproducts:\n  - path: \"{a\"\n    product: bing\n  - path: \"b/**\"\n    product: bing\n    prodcut: x\n";
        let (config, diags) = load(text).unwrap_or_default();
        let shown: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(diags.len(), 4, "{shown:?}");
        assert!(diags.iter().all(|d| d.code == Code::InvalidConfig));
        assert_eq!(
            diags.first().and_then(|d| d.help.as_deref()),
            Some("did you mean `policy`?")
        );
        assert_eq!(config.products.len(), 1);
    }

    #[test]
    fn blank_and_null_texts_are_the_default() {
        for text in ["", "# nothing\n", "~\n", "---\n"] {
            assert!(load(text).is_ok_and(|(_, d)| d.is_empty()), "{text:?}");
        }
        assert!(messages("exclude:\nproducts:\n").is_empty());
    }

    #[test]
    fn a_text_that_is_not_settings_is_one_finding() {
        for text in [
            "- a\n",
            "policy: [x\n",
            "a: &a [1]\nb: *a\nc: {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{x: 1}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}\n",
        ] {
            let error = load(text).err();
            assert!(error.is_some(), "{text:?}");
            let message = error.map(|d| d.message).unwrap_or_default();
            assert!(
                !message.contains("sequence start") && !message.contains("{ "),
                "{message}"
            );
        }
    }

    #[test]
    fn an_unknown_severity_code_is_suggested() {
        let (_, diags) = load("severity:\n  deny: [forbiden-use]\n").unwrap_or_default();
        let help = diags.first().and_then(|d| d.help.clone());
        assert_eq!(help.as_deref(), Some("did you mean `forbidden-use`?"));
    }
}
