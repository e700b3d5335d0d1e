//! "Did you mean …": the closest known word to a mistyped one.

/// The candidate closest to `word`, if it is close enough to be a likely typo.
/// Case-only differences always match; otherwise the edit distance must be small
/// relative to the word (a third of its length, at least one edit, at most three).
pub(crate) fn closest<'a, I>(word: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let lower = word.to_lowercase();
    let limit = (word.chars().count() / 3).clamp(1, 3);
    let mut best: Option<(usize, &str)> = None;
    let len = word.chars().count();
    for c in candidates {
        // Cheap filters first: this runs for every unknown id against every known one.
        if c == word
            || c.len().abs_diff(word.len()) > limit * 4
            || c.chars().count().abs_diff(len) > limit
        {
            continue;
        }
        let d = if c.to_lowercase() == lower {
            0
        } else {
            strsim::damerau_levenshtein(word, c)
        };
        if d <= limit && best.is_none_or(|(bd, bc)| d < bd || (d == bd && c < bc)) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c.to_owned())
}

/// Every candidate as close as the closest (by [`closest`]'s measure), in
/// name order: `zbb` → `zxb`, `zzb`, so the user picks rather than the tool.
pub(crate) fn closest_all<'a, I>(word: &str, candidates: I) -> Vec<String>
where
    I: IntoIterator<Item = &'a str> + Clone,
{
    let Some(best) = closest(word, candidates.clone()) else {
        return Vec::new();
    };
    let d = |c: &str| {
        if c.to_lowercase() == word.to_lowercase() {
            0
        } else {
            strsim::damerau_levenshtein(word, c)
        }
    };
    let limit = d(&best);
    let mut all: Vec<String> = candidates
        .into_iter()
        .filter(|c| {
            *c != word
                && d(c) == limit
                && c.chars().count().abs_diff(word.chars().count()) <= limit.max(1)
        })
        .map(str::to_owned)
        .collect();
    all.sort();
    all.dedup();
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_zbb_listed_only_one_of_the_equally_close() {
        assert_eq!(
            closest_all("zbb", ["zzb", "zxb", "jw", "zb-long"]),
            ["zxb", "zzb"]
        );
        assert!(closest_all("qqqq", ["zzb"]).is_empty());
    }

    #[test]
    fn finds_typos() {
        let kinds = ["meeting", "report", "review"];
        assert_eq!(closest("meetting", kinds), Some("meeting".into()));
        assert_eq!(closest("Report", kinds), Some("report".into()));
        assert_eq!(
            closest("WP1", ["WP01", "WP10", "WP11"]),
            Some("WP01".into())
        );
    }

    #[test]
    fn does_not_guess_wildly() {
        assert_eq!(closest("remark", ["text", "title", "lead"]), None);
        assert_eq!(closest("x", ["y"]).as_deref(), Some("y"));
        assert_eq!(closest("ab", ["xyz"]), None);
    }
}
