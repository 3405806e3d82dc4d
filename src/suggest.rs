//! "Did you mean" suggestions: the defined name nearest to a misspelt one.

/// The candidate closest to `name` by edit distance, if one is close enough to be a likely
/// typo (at most a third of the name's length, and at least one edit allowed).
pub fn nearest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let budget = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| (strsim::damerau_levenshtein(name, c), c))
        .filter(|(distance, _)| *distance <= budget)
        .min()
        .map(|(_, c)| c)
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
}
