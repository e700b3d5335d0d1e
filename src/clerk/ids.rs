//! The next id in a unit's own pattern: `zzb-2019-004` after `zzb-2019-003`,
//! `ZG-2019-01` for the first rectification of 2019 after `ZG-2018-04`.

use std::collections::HashSet;

/// The next id after the family `ids` (in file order) for an entry dated in
/// `year`; `fallback` and `width` make the first one (`zzb`, 3 → `zzb-2019-001`).
/// Never one of `taken`.
pub fn next_id(
    ids: &[&str],
    taken: &HashSet<&str>,
    year: i32,
    fallback: &str,
    width: usize,
) -> String {
    let (head, width) = match ids.last().and_then(|last| split(last)) {
        Some((head, digits)) => (with_year(head, year), digits.len()),
        None => (format!("{fallback}-{year}-"), width),
    };
    let mut n = ids
        .iter()
        .filter_map(|id| split(id))
        .filter(|(h, _)| *h == head)
        .filter_map(|(_, d)| d.parse::<u64>().ok())
        .max()
        .unwrap_or(0)
        + 1;
    loop {
        let id = format!("{head}{n:0width$}");
        if !taken.contains(id.as_str()) {
            return id;
        }
        n += 1;
    }
}

/// `zzb-2019-003` → (`zzb-2019-`, `003`).
fn split(id: &str) -> Option<(&str, &str)> {
    let digits = id.len() - id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    (digits > 0).then(|| id.split_at(id.len() - digits))
}

/// Replace a four-digit year standing alone in `head` (between non-digits) by `year`.
fn with_year(head: &str, year: i32) -> String {
    let b = head.as_bytes();
    for i in 0..b.len().saturating_sub(3) {
        let run = &b[i..i + 4];
        let alone = (i == 0 || !b[i - 1].is_ascii_digit())
            && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        if alone && run.iter().all(u8::is_ascii_digit) && (run[0] == b'1' || run[0] == b'2') {
            return format!("{}{year}{}", &head[..i], &head[i + 4..]);
        }
    }
    head.to_owned()
}

/// The id prefix of the first item of a kind, as the sample ledgers write them.
pub fn item_prefix(kind: &str) -> &'static str {
    match kind {
        "rectification" => "ZG",
        "clue" => "XS",
        "task" => "JB",
        _ => "QT",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn next(ids: &[&str], year: i32) -> String {
        let taken: HashSet<&str> = ids.iter().copied().collect();
        next_id(ids, &taken, year, "zzb", 3)
    }

    #[test]
    fn follows_the_units_pattern() {
        assert_eq!(
            next(&["zzb-2019-001", "zzb-2019-003"], 2019),
            "zzb-2019-004"
        );
        assert_eq!(next(&["zzb-2018-055"], 2019), "zzb-2019-001");
        assert_eq!(
            next(&["zzb-2018-055", "zzb-2019-002", "zzb-2018-056"], 2019),
            "zzb-2019-003"
        );
        assert_eq!(next(&[], 2019), "zzb-2019-001");
        assert_eq!(next(&["r9"], 2019), "r10");
        assert_eq!(next(&["note"], 2019), "zzb-2019-001");
        assert_eq!(next(&["ZG-2018-04"], 2019), "ZG-2019-01");
        assert_eq!(next(&["ZG-2018-04"], 2018), "ZG-2018-05");
    }

    #[test]
    fn never_an_id_in_use() {
        let taken: HashSet<&str> = ["zzb-2019-002"].into_iter().collect();
        assert_eq!(
            next_id(&["zzb-2019-001"], &taken, 2019, "zzb", 3),
            "zzb-2019-003"
        );
    }
}
