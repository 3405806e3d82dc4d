//! "Did you mean" suggestions: the defined name nearest to a misspelt one.
//!
//! [`nearest`] compares a name with every candidate. Over a long list (a policy's ids) that is
//! too slow when many names are misspelt, so an [`Index`] built once per list finds the few
//! candidates worth comparing, and [`nearest`] ranks those as it ranks a whole list.

use std::hash::{BuildHasher, Hasher};

use crate::limits;

/// The candidate closest to `name`. A candidate one edit away (a letter left out, added,
/// changed or two swapped) wins when it is the only one: `content.vido_messages` is
/// `content.video_messages`, not `content.messages`. Otherwise first by words, splitting ids on
/// `_` and `.` and preferring a candidate one of whose words a typed word equals or starts
/// (`third_party.social` finds `third_party.social_networks`, `device_usage.errors` finds
/// `device_usage.error_reports`); else by edit distance, if one is close enough to be a likely
/// typo (at most a third of the name's length, and at least one edit allowed).
pub fn nearest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&'a str> = candidates.into_iter().filter(|c| *c != name).collect();
    let typed: Vec<char> = name.chars().collect();
    let mut one_edit = candidates.iter().filter(|c| one_edit_apart(&typed, c));
    if let (Some(only), None) = (one_edit.next(), one_edit.next()) {
        return Some(only);
    }
    let budget = (typed.len() / 3).max(1);
    // The distance is at least the difference in length: only those within the budget are
    // measured.
    let by_edits = candidates
        .iter()
        .filter(|c| c.chars().count().abs_diff(typed.len()) <= budget)
        .map(|c| (strsim::damerau_levenshtein(name, c), *c))
        .filter(|(distance, _)| *distance <= budget)
        .min()
        .map(|(_, c)| c);
    by_words(name, &candidates).or(by_edits)
}

/// Whether `candidate` is one insertion, deletion, substitution or transposition of two
/// neighbours from `typed` (their Damerau-Levenshtein distance is 1), found without a matrix.
fn one_edit_apart(typed: &[char], candidate: &str) -> bool {
    let other: Vec<char> = candidate.chars().collect();
    let (a, b) = (typed, other.as_slice());
    if a.len().abs_diff(b.len()) > 1 || a == b {
        return false;
    }
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    fn tail(s: &[char], from: usize) -> &[char] {
        s.get(from..).unwrap_or_default()
    }
    if a.len() == b.len() {
        // One character replaced, or two neighbours swapped.
        let replaced = tail(a, p + 1) == tail(b, p + 1);
        let swapped = a.get(p) == b.get(p + 1)
            && a.get(p + 1) == b.get(p)
            && tail(a, p + 2) == tail(b, p + 2);
        replaced || swapped
    } else {
        // One character inserted or deleted.
        let (long, short) = if a.len() > b.len() { (a, b) } else { (b, a) };
        tail(long, p + 1) == tail(short, p)
    }
}

#[cfg(test)]
mod one_edit {
    use super::one_edit_apart;

    #[test]
    fn agrees_with_the_damerau_levenshtein_distance() {
        let words = [
            "contact",
            "contcat",
            "contac",
            "contacts",
            "kontact",
            "cnotact",
            "tcontac",
            "device_usage.error_reports",
            "device_usage.eror_reports",
            "a",
            "ab",
            "ba",
            "",
            "abc",
            "acb",
            "bac",
            "abcd",
            "location.precise",
            "location.precis",
        ];
        for x in words {
            for y in words {
                let typed: Vec<char> = x.chars().collect();
                assert_eq!(
                    one_edit_apart(&typed, y),
                    strsim::damerau_levenshtein(x, y) == 1,
                    "{x} / {y}"
                );
            }
        }
    }
}

/// The candidate sharing the most words with `name`, where a typed word matches a candidate's
/// word it equals or starts (at least three letters, to skip noise); ties go to the candidate
/// with fewer extra words, then the smaller edit distance.
fn by_words<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let words = |id: &'a str| -> Vec<&'a str> {
        id.split(['_', '.', '-'])
            .filter(|w| !w.is_empty())
            .collect()
    };
    let typed: Vec<&str> = name
        .split(['_', '.', '-'])
        .filter(|w| w.len() >= 3)
        .collect();
    if typed.is_empty() {
        return None;
    }
    candidates
        .iter()
        .filter_map(|c| {
            let own = words(c);
            let matched = typed
                .iter()
                .filter(|t| {
                    own.iter().any(|w| {
                        w.eq_ignore_ascii_case(t)
                            || w.to_ascii_lowercase().starts_with(&t.to_ascii_lowercase())
                            || t.to_ascii_lowercase().starts_with(&w.to_ascii_lowercase())
                                && w.len() >= 4
                    })
                })
                .count();
            // Every distinctive typed word must be found, so one shared prefix such as
            // `third_party` alone is not a suggestion.
            let distinctive = typed.last().is_some_and(|last| {
                own.iter().any(|w| {
                    w.to_ascii_lowercase()
                        .starts_with(&last.to_ascii_lowercase())
                        || last
                            .to_ascii_lowercase()
                            .starts_with(&w.to_ascii_lowercase())
                            && w.len() >= 4
                })
            });
            (matched > 0 && distinctive).then(|| {
                let extra = own.len().saturating_sub(matched);
                (
                    std::cmp::Reverse(matched),
                    extra,
                    strsim::damerau_levenshtein(name, c),
                    *c,
                )
            })
        })
        .min()
        .map(|(_, _, _, c)| c)
}

/// ``did you mean `x`?`` for the nearest candidate, if any.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    nearest(name, candidates).map(phrase)
}

/// ``did you mean `x`?``: how every suggestion is worded.
pub fn phrase(candidate: &str) -> String {
    format!("did you mean `{candidate}`?")
}

/// The ids of one list (a policy's categories, say), indexed so that the candidates a misspelt
/// name may be meant as are found without comparing it with every id: the ids one edit away
/// (through each id's one-deletion variants, a symmetric-delete index) and the ids with a word
/// the name's last word matches (what [`nearest`] ranks by words, unless more than
/// [`limits::SUGGEST_SCAN`] ids share it). Those, at most [`limits::SUGGEST_SCAN`], are then
/// ranked by [`nearest`]. A list of at most
/// [`limits::SUGGEST_SCAN`] ids is not indexed: it is compared id by id.
#[derive(Debug, Clone)]
pub struct Index {
    names: Vec<String>,
    /// The hash of each id and of each of its one-deletion variants, with the id's index;
    /// sorted.
    variants: Vec<(u64, u32)>,
    /// Each word of each id, in ASCII lowercase, with the id's index; sorted.
    words: Vec<(String, u32)>,
    /// The base of the variants' hashes, random per index so no list can be made to collide.
    base: u64,
}

/// The modulus of the variants' hashes, the Mersenne prime 2^61 - 1.
const MODULUS: u64 = (1 << 61) - 1;

fn mul_mod(a: u64, b: u64) -> u64 {
    ((u128::from(a) * u128::from(b)) % u128::from(MODULUS)) as u64
}

fn add_mod(a: u64, b: u64) -> u64 {
    (a + b) % MODULUS
}

impl Index {
    /// Indexes `names`.
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Index {
        let names: Vec<String> = names.into_iter().map(str::to_owned).collect();
        let random = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish();
        let mut index = Index {
            names,
            variants: Vec::new(),
            words: Vec::new(),
            base: random % (MODULUS - 1024) + 512,
        };
        if index.names.len() <= limits::SUGGEST_SCAN {
            return index;
        }
        for (i, name) in index.names.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            let mut own = variant_hashes(name, index.base);
            own.sort_unstable();
            own.dedup();
            index.variants.extend(own.into_iter().map(|h| (h, i)));
            index.words.extend(words(name).map(|w| (w, i)));
        }
        index.variants.sort_unstable();
        index.words.sort_unstable();
        index
    }

    /// The id nearest to `name`, ranked as [`nearest`] ranks.
    pub fn nearest(&self, name: &str) -> Option<&str> {
        let all = self.names.iter().map(String::as_str);
        if self.names.len() <= limits::SUGGEST_SCAN {
            return nearest(name, all);
        }
        let mut found = self.one_edit_away(name);
        found.extend(self.sharing_the_last_word(name));
        found.sort_unstable();
        found.dedup();
        found.truncate(limits::SUGGEST_SCAN);
        nearest(
            name,
            found
                .into_iter()
                .filter_map(|i| self.names.get(i as usize).map(String::as_str)),
        )
    }

    /// ``did you mean `x`?`` for the nearest id, if any.
    pub fn did_you_mean(&self, name: &str) -> Option<String> {
        self.nearest(name).map(phrase)
    }

    /// The ids one deletion, insertion, substitution or transposition from `name` (and a few
    /// farther, which the ranking judges): those sharing a one-deletion variant with it.
    fn one_edit_away(&self, name: &str) -> Vec<u32> {
        let mut found = Vec::new();
        for hash in variant_hashes(name, self.base) {
            let from = self.variants.partition_point(|&(h, _)| h < hash);
            let same = self
                .variants
                .iter()
                .skip(from)
                .take_while(|&&(h, _)| h == hash);
            for &(_, i) in same {
                if found.len() >= limits::SUGGEST_SCAN {
                    return found;
                }
                found.push(i);
            }
        }
        found
    }

    /// The ids with a word that `name`'s last word of three letters or more starts, or that
    /// starts it and has four letters or more: every id [`by_words`] may choose; none when
    /// more than [`limits::SUGGEST_SCAN`] ids have such a word.
    fn sharing_the_last_word(&self, name: &str) -> Vec<u32> {
        let Some(last) = name
            .split(['_', '.', '-'])
            .rfind(|w| w.len() >= 3)
            .map(str::to_ascii_lowercase)
        else {
            return Vec::new();
        };
        let mut found = Vec::new();
        let from = self
            .words
            .partition_point(|(w, _)| w.as_str() < last.as_str());
        let longer = self.words.iter().skip(from);
        found.extend(
            longer
                .take_while(|(w, _)| w.starts_with(&last))
                .take(limits::SUGGEST_SCAN + 1)
                .map(|&(_, i)| i),
        );
        let ends = last
            .char_indices()
            .map(|(end, _)| end)
            .filter(|&end| end >= 4);
        for end in ends {
            let prefix = last.get(..end).unwrap_or_default();
            let from = self.words.partition_point(|(w, _)| w.as_str() < prefix);
            found.extend(
                self.words
                    .iter()
                    .skip(from)
                    .take_while(|(w, _)| w == prefix)
                    .take(limits::SUGGEST_SCAN + 1)
                    .map(|&(_, i)| i),
            );
        }
        // A word that many ids share tells none of them apart: spelling alone chooses then.
        if found.len() > limits::SUGGEST_SCAN {
            found.clear();
        }
        found
    }
}

/// The words of an id, split on `_`, `.` and `-`, in ASCII lowercase.
fn words(id: &str) -> impl Iterator<Item = String> + '_ {
    id.split(['_', '.', '-'])
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
}

/// The hash of `name` and of each of its one-deletion variants (one character left out), each
/// in constant time from prefix and suffix hashes, so all of them in time linear in the name.
fn variant_hashes(name: &str, base: u64) -> Vec<u64> {
    let chars: Vec<u64> = name.chars().map(|c| u64::from(c) + 1).collect();
    let n = chars.len();
    let mut powers = Vec::with_capacity(n + 1);
    let mut power = 1;
    for _ in 0..=n {
        powers.push(power);
        power = mul_mod(power, base);
    }
    // prefix[i]: the hash of the first i characters; suffix[i]: the sum of the characters
    // from i on, each at the place it has in the whole name.
    let mut prefix = Vec::with_capacity(n + 1);
    prefix.push(0);
    let mut hash = 0;
    for &c in &chars {
        hash = add_mod(mul_mod(hash, base), c);
        prefix.push(hash);
    }
    let mut suffix = vec![0; n + 1];
    for i in (0..n).rev() {
        let here = mul_mod(
            chars.get(i).copied().unwrap_or(0),
            powers.get(n - 1 - i).copied().unwrap_or(0),
        );
        let rest = suffix.get(i + 1).copied().unwrap_or(0);
        if let Some(slot) = suffix.get_mut(i) {
            *slot = add_mod(here, rest);
        }
    }
    let mut hashes = Vec::with_capacity(n + 1);
    hashes.push(hash);
    for i in 0..n {
        let before = mul_mod(
            prefix.get(i).copied().unwrap_or(0),
            powers.get(n - 1 - i).copied().unwrap_or(0),
        );
        hashes.push(add_mod(before, suffix.get(i + 1).copied().unwrap_or(0)));
    }
    hashes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_close_name_only() {
        let names = ["provide", "personalize", "marketing"];
        assert_eq!(nearest("personalise", names), Some("personalize"));
        assert_eq!(nearest("provid", names), Some("provide"));
        assert_eq!(nearest("telemetry", names), None);
        assert_eq!(nearest("provide", names), None);
    }

    #[test]
    fn a_unique_one_edit_candidate_wins_over_word_matches() {
        let categories = [
            "contact",
            "contact.email",
            "contact.phone",
            "content",
            "content.messages",
            "content.video_messages",
        ];
        assert_eq!(
            nearest("content.vido_messages", categories),
            Some("content.video_messages")
        );
        assert_eq!(nearest("contactfemail", categories), Some("contact.email"));
        // Two candidates one edit away: the words decide.
        assert_eq!(
            nearest("contentx", ["contents", "content"]),
            Some("content")
        );
    }

    #[test]
    fn suggests_by_words_when_no_name_is_a_typo_away() {
        let sources = [
            "third_party",
            "third_party.data_brokers",
            "third_party.social_networks",
            "third_party.partners",
        ];
        assert_eq!(
            nearest("third_party.social", sources),
            Some("third_party.social_networks")
        );
        let categories = [
            "device_usage",
            "device_usage.error_reports",
            "device_usage.product_use",
        ];
        assert_eq!(
            nearest("device_usage.errors", categories),
            Some("device_usage.error_reports")
        );
        assert_eq!(nearest("device_usage.telemetry", categories), None);
    }

    /// A list longer than the scan limit, so that an [`Index`] searches it.
    fn many(extra: &[&str]) -> Vec<String> {
        let mut names: Vec<String> = (0..limits::SUGGEST_SCAN * 3)
            .map(|i| format!("group{}.item{i}", i % 7))
            .collect();
        names.extend(extra.iter().map(|s| (*s).to_owned()));
        names
    }

    #[test]
    fn the_index_finds_a_one_edit_typo_in_the_first_letter() {
        let names = many(&["location.precise", "contact.email", "personalize"]);
        let index = Index::new(names.iter().map(String::as_str));
        assert_eq!(index.nearest("kocation.precise"), Some("location.precise"));
        assert_eq!(index.nearest("ocation.precise"), Some("location.precise"));
        assert_eq!(index.nearest("xlocation.precise"), Some("location.precise"));
        assert_eq!(index.nearest("olcation.precise"), Some("location.precise"));
        assert_eq!(index.nearest("contact.emial"), Some("contact.email"));
        assert_eq!(index.nearest("personalise"), Some("personalize"));
        assert_eq!(index.nearest("location.precise"), None);
        assert_eq!(index.nearest("telemetry"), None);
    }

    #[test]
    fn the_index_ranks_as_a_scan_of_the_whole_list() {
        let names = many(&[
            "third_party",
            "third_party.data_brokers",
            "third_party.social_networks",
            "device_usage.error_reports",
            "device_usage.product_use",
            "provide",
            "provider",
        ]);
        let index = Index::new(names.iter().map(String::as_str));
        for typed in [
            "third_party.social",
            "device_usage.errors",
            "device_usage.telemetry",
            "provid",
            "providr",
            "group3.item10",
            "group3.itme10",
            "roup3.item10",
            "zzzz",
        ] {
            assert_eq!(
                index.nearest(typed),
                nearest(typed, names.iter().map(String::as_str)),
                "{typed}"
            );
        }
        let short = Index::new(["provide", "personalize", "marketing"]);
        assert_eq!(short.nearest("personalise"), Some("personalize"));
        assert_eq!(
            short.did_you_mean("provid").as_deref(),
            Some("did you mean `provide`?")
        );
    }

    #[test]
    fn every_one_deletion_variant_hashes_as_the_shorter_name() {
        let base = 1_000_003;
        let hashes = variant_hashes("abcé", base);
        for shorter in ["bcé", "acé", "abé", "abc"] {
            let own = variant_hashes(shorter, base);
            assert!(hashes.contains(&own[0]), "{shorter}");
        }
        assert_eq!(hashes.len(), 5);
    }
}
