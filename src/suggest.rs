//! "Did you mean" suggestions: the defined name nearest to a misspelt one.

/// The candidate closest to `name`: first by words, splitting ids on `_` and `.` and preferring
/// a candidate one of whose words a typed word equals or starts (`third_party.social` finds
/// `third_party.social_networks`, `device_usage.errors` finds `device_usage.error_reports`);
/// else by edit distance, if one is close enough to be a likely typo (at most a third of the
/// name's length, and at least one edit allowed).
pub fn nearest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&'a str> = candidates.into_iter().filter(|c| *c != name).collect();
    let budget = (name.chars().count() / 3).max(1);
    let by_edits = candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(name, c), *c))
        .filter(|(distance, _)| *distance <= budget)
        .min()
        .map(|(_, c)| c);
    by_words(name, &candidates).or(by_edits)
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
    nearest(name, candidates).map(|c| format!("did you mean `{c}`?"))
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
}
