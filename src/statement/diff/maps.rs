//! Store maps read differently between two policies: each `map` line whose store id now
//! means other categories or purposes, comes from another source, or is now left unmapped on
//! purpose, and each category an export now writes as another data type. Readings are compared
//! as sets of ids, with the sources `check` reads when a line says none, so reordering or
//! rewriting a line the same way (or rewording an `unmapped` reason) is no change.

use std::collections::{BTreeMap, BTreeSet};

use super::StoreMapChange;
use crate::manifest::DEFAULT_SOURCE;
use crate::platform::{self, Platform, Vocabulary};
use crate::policy::Policy;
use crate::policy::model::{Mapping, PlatformMap, Tree};

/// One line's reading: what it means, and how the policy writes it.
struct Reading {
    /// The ids it maps to.
    targets: BTreeSet<String>,
    /// Where the data comes from, `direct` when the line does not say (data lines only).
    source: Option<String>,
    /// `contact.email`, `[provide, support]`, `location.precise from observed`.
    written: String,
}

impl Reading {
    fn of(policy: &Policy, tree: &Tree, mapping: &Mapping, data: bool) -> Reading {
        let mut names: Vec<&str> = Vec::new();
        for target in &mapping.targets {
            let name = tree.name(target.id);
            if !names.contains(&name) {
                names.push(name);
            }
        }
        let mut written = match names.as_slice() {
            [one] => (*one).to_owned(),
            _ => format!("[{}]", names.join(", ")),
        };
        let from = mapping.source.map(|s| policy.sources.name(s.id));
        if let Some(from) = from {
            written.push_str(&format!(" from {from}"));
        }
        Reading {
            targets: names.iter().map(|&n| n.to_owned()).collect(),
            source: data.then(|| from.unwrap_or(DEFAULT_SOURCE).to_owned()),
            written,
        }
    }

    /// Whether the two mean the same.
    fn same(&self, other: &Reading) -> bool {
        self.targets == other.targets && self.source == other.source
    }
}

/// The lines of one kind of `map`, by store id as the policy writes it.
fn readings(
    policy: &Policy,
    map: Option<&PlatformMap>,
    vocabulary: Vocabulary,
) -> BTreeMap<String, Reading> {
    let Some(map) = map else {
        return BTreeMap::new();
    };
    let (lines, tree, data) = match vocabulary {
        Vocabulary::DataType => (&map.data, &policy.categories, true),
        Vocabulary::Purpose => (&map.purposes, &policy.purposes, false),
    };
    let mut read: BTreeMap<String, Reading> = lines
        .iter()
        .map(|m| {
            let id = platform::short_id(map.platform, vocabulary, &m.store_id).to_owned();
            (id, Reading::of(policy, tree, m, data))
        })
        .collect();
    for left in map.unmapped.iter().filter(|u| u.vocabulary == vocabulary) {
        let id = platform::short_id(map.platform, vocabulary, &left.store_id).to_owned();
        read.insert(
            id,
            Reading {
                targets: BTreeSet::new(),
                source: None,
                written: "unmapped".to_owned(),
            },
        );
    }
    read
}

/// The data type each category is exported as, where the map chooses one.
fn exports(policy: &Policy, map: Option<&PlatformMap>) -> BTreeMap<String, String> {
    let Some(map) = map else {
        return BTreeMap::new();
    };
    map.exports
        .iter()
        .map(|e| {
            (
                policy.categories.name(e.category).to_owned(),
                platform::short_id(map.platform, Vocabulary::DataType, &e.store_id).to_owned(),
            )
        })
        .collect()
}

/// Every store id read differently, by store (Apple, then Play), kind (`data`, `purpose`,
/// then `export`, whose id is the category) and id.
pub(super) fn diff(old: &Policy, new: &Policy) -> Vec<StoreMapChange> {
    let mut changes = Vec::new();
    for store in [Platform::Apple, Platform::Play] {
        let (before, after) = (old.mapping(store), new.mapping(store));
        for (kind, vocabulary) in [
            ("data", Vocabulary::DataType),
            ("purpose", Vocabulary::Purpose),
        ] {
            let was = readings(old, before, vocabulary);
            let is = readings(new, after, vocabulary);
            let ids: BTreeSet<&String> = was.keys().chain(is.keys()).collect();
            for id in ids {
                let (old_reading, new_reading) = (was.get(id), is.get(id));
                if let (Some(a), Some(b)) = (old_reading, new_reading)
                    && a.same(b)
                {
                    continue;
                }
                changes.push(StoreMapChange {
                    store: store.keyword(),
                    kind,
                    id: id.clone(),
                    old: old_reading.map(|r| r.written.clone()),
                    new: new_reading.map(|r| r.written.clone()),
                });
            }
        }
        let (was, is) = (exports(old, before), exports(new, after));
        let categories: BTreeSet<&String> = was.keys().chain(is.keys()).collect();
        for category in categories {
            let (a, b) = (was.get(category), is.get(category));
            if a != b {
                changes.push(StoreMapChange {
                    store: store.keyword(),
                    kind: "export",
                    id: category.clone(),
                    old: a.cloned(),
                    new: b.cloned(),
                });
            }
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceMap;

    const TAXONOMY: &str = r#"
        category contact "c" { email "e" name "n" }
        category credentials "k"
        purpose provide "p"
        purpose support "s"
        source direct "d"
        source observed "o"
        source partners "q"
        source third_party "t"
    "#;

    fn policy(maps: &str) -> Policy {
        let mut sources = SourceMap::new();
        let text = format!("{TAXONOMY}\n{maps}");
        let loaded = crate::policy::load_text(&mut sources, "p.candor", &text);
        let problems: Vec<&String> = loaded
            .diagnostics
            .iter()
            .map(|d| &d.message)
            .filter(|m| !m.ends_with("is never used"))
            .collect();
        assert_eq!(problems, Vec::<&String>::new());
        loaded.policy
    }

    fn lines(changes: &[StoreMapChange]) -> Vec<String> {
        changes
            .iter()
            .map(|c| {
                format!(
                    "{} {} {}: {:?} -> {:?}",
                    c.store, c.kind, c.id, c.old, c.new
                )
            })
            .collect()
    }

    #[test]
    fn short_ids_read_back_to_the_full_ones() {
        for (vocabulary, full) in [
            (
                Vocabulary::DataType,
                "NSPrivacyCollectedDataTypeEmailAddress",
            ),
            (
                Vocabulary::Purpose,
                "NSPrivacyCollectedDataTypePurposeAnalytics",
            ),
            (Vocabulary::Purpose, "NSPrivacyCollectedDataTypeTracking"),
        ] {
            let short = platform::short_id(Platform::Apple, vocabulary, full);
            assert!(!short.starts_with("NSPrivacy"), "{short}");
            assert_eq!(platform::full_id(Platform::Apple, vocabulary, short), full);
        }
        assert_eq!(
            platform::short_id(Platform::Play, Vocabulary::DataType, "PSL_EMAIL"),
            "PSL_EMAIL"
        );
    }

    #[test]
    fn reordered_or_rewritten_the_same_is_no_change() {
        let old = policy(
            "map apple { data EmailAddress as [contact.email, contact.name]
                         purpose AppFunctionality as [provide, support] }",
        );
        let new = policy(
            "map apple {
                 purpose NSPrivacyCollectedDataTypePurposeAppFunctionality as [support, provide, support]
                 data EmailAddress as [contact.name, contact.email] from direct
             }",
        );
        assert_eq!(lines(&diff(&old, &new)), Vec::<String>::new());
    }

    #[test]
    fn lines_changed_added_and_removed_are_listed_in_order() {
        let old = policy(
            "map play { data PSL_EMAIL as contact.email }
             map apple { data UserID as credentials purpose Analytics as provide }",
        );
        let new = policy(
            "map apple { data UserID as contact from observed data Name as contact.name
                         export contact.name as Name unmapped purpose Analytics \"none\" }
             map play { data PSL_EMAIL as contact.email purpose PSL_APP_FUNCTIONALITY as provide }",
        );
        assert_eq!(
            lines(&diff(&old, &new)),
            [
                "apple data Name: None -> Some(\"contact.name\")",
                "apple data UserID: Some(\"credentials\") -> Some(\"contact from observed\")",
                "apple purpose Analytics: Some(\"provide\") -> Some(\"unmapped\")",
                "apple export contact.name: None -> Some(\"Name\")",
                "play purpose PSL_APP_FUNCTIONALITY: None -> Some(\"provide\")",
            ]
        );
    }
}
