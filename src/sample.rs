//! Reproducible samples (docs/format.md §1.1.11): who a sample obligation
//! draws, the same on every machine.
//!
//! The order is a keyed hash of each candidate's id, not a random number
//! generator: a clerk, a reviewer or another checker can recompute a draw with
//! nothing but SHA-256 and the register, and a draw picked by hand shows up as
//! one that the register does not give.

use std::collections::BTreeSet;

use sha2::{Digest, Sha256};

use crate::dates::{Date, Period, Share};
use crate::model::{Obligation, Point, Within};
use crate::select::{Chosen, Position, Resolver};
use crate::validate::PlanDoc;

/// What seeds one draw: the plan, the obligation, the window and the party.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Seed<'a> {
    /// The `id` of the obligation's plan header ("" without one).
    pub plan: &'a str,
    /// The obligation's owner (its point, or itself plan-wide).
    pub owner: &'a str,
    pub obligation: &'a str,
    /// The window's label (`2021`, `2021-H2`, `term`).
    pub period: &'a str,
    /// The party unit the sample is drawn for.
    pub unit: &'a str,
}

/// The version tag of the algorithm, first in every hashed text.
const TAG: &str = "ledger-sample/1";

/// SHA-256 of `TAG LF plan LF owner LF obligation LF period LF unit LF candidate`.
pub(crate) fn key(seed: &Seed<'_>, candidate: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    for part in [
        TAG,
        seed.plan,
        seed.owner,
        seed.obligation,
        seed.period,
        seed.unit,
    ] {
        h.update(part.as_bytes());
        h.update(b"\n");
    }
    h.update(candidate.as_bytes());
    h.finalize().into()
}

/// The `id` of a plan file's header, the empty string without one.
pub(crate) fn plan_id(doc: &PlanDoc) -> &str {
    doc.plan
        .plan
        .as_ref()
        .and_then(|h| h.id.as_ref())
        .map_or("", |i| i.value.0.as_str())
}

/// The population in draw order: by key, ties by id.
pub(crate) fn order(seed: &Seed<'_>, population: &BTreeSet<String>) -> Vec<String> {
    let mut keyed: Vec<([u8; 32], &String)> =
        population.iter().map(|c| (key(seed, c), c)).collect();
    keyed.sort();
    keyed.into_iter().map(|(_, c)| c.clone()).collect()
}

/// The draw: the first ceil(share × n) of the population in draw order.
pub(crate) fn draw(seed: &Seed<'_>, population: &BTreeSet<String>, share: Share) -> Vec<String> {
    let k = share.need(population.len());
    let mut all = order(seed, population);
    all.truncate(k);
    all
}

/// The label of the window of `within` that holds `day` (`None` for
/// `own-term`, which samples do not use).
pub(crate) fn window_of(within: Within, day: Date) -> Option<String> {
    match within {
        Within::Term => Some("term".to_owned()),
        Within::Cal(c) => Some(Period::containing(c, day).label()),
        Within::OwnTerm => None,
    }
}

/// Whether `label` names a window of `within`.
pub(crate) fn is_window(within: Within, label: &str) -> bool {
    match within {
        Within::Term => label == "term",
        Within::Cal(c) => Period::parse_label(label).is_some_and(|p| p.cadence() == c),
        Within::OwnTerm => false,
    }
}

/// Who a sample obligation may draw for the party `unit` as of `day`: its
/// `cover` resolved for the party (people in office that day), the party
/// itself removed. The `besides` draw is removed by the caller.
pub(crate) fn population(
    resolver: &Resolver<'_>,
    doc: &PlanDoc,
    point: Option<&Point>,
    ob: &Obligation,
    unit: &str,
    day: Date,
) -> BTreeSet<String> {
    let Some(cover) = &ob.cover else {
        return BTreeSet::new();
    };
    match resolver.choose(
        &cover.value,
        doc,
        point,
        Some(unit),
        Position::Target,
        Some(day),
    ) {
        Chosen::Units(mut u) => {
            u.remove(unit);
            u
        }
        Chosen::People(p) => p
            .into_iter()
            .map(|p| p.id.value.0.as_str().to_owned())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> Seed<'static> {
        Seed {
            plan: "p",
            owner: "M20",
            obligation: "cadre-check",
            period: "2021",
            unit: "zzb",
        }
    }

    /// The key is SHA-256 of the documented text, byte for byte.
    #[test]
    fn key_is_sha256_of_the_documented_text() {
        let text = "ledger-sample/1\np\nM20\ncadre-check\n2021\nzzb\nc01";
        let want: [u8; 32] = Sha256::digest(text.as_bytes()).into();
        assert_eq!(key(&seed(), "c01"), want);
    }

    #[test]
    fn a_draw_takes_the_exact_share_in_key_order() {
        let pop: BTreeSet<String> = (1..=20).map(|i| format!("c{i:02}")).collect();
        let ten = Share::parse("10%").expect("share");
        let d = draw(&seed(), &pop, ten);
        assert_eq!(d.len(), 2);
        let all = order(&seed(), &pop);
        assert_eq!(&all[..2], &d[..]);
        // Keys ascend along the order.
        let keys: Vec<[u8; 32]> = all.iter().map(|c| key(&seed(), c)).collect();
        assert!(keys.windows(2).all(|w| w[0] <= w[1]));
        // 10% of 21 is 3 (ceil), of 0 is 0.
        let pop21: BTreeSet<String> = (1..=21).map(|i| format!("c{i:02}")).collect();
        assert_eq!(draw(&seed(), &pop21, ten).len(), 3);
        assert!(draw(&seed(), &BTreeSet::new(), ten).is_empty());
    }

    #[test]
    fn the_seed_changes_the_draw() {
        let pop: BTreeSet<String> = (1..=50).map(|i| format!("c{i:02}")).collect();
        let a = order(&seed(), &pop);
        let b = order(
            &Seed {
                unit: "sjw",
                ..seed()
            },
            &pop,
        );
        assert_ne!(a, b);
    }

    #[test]
    fn window_labels() {
        let d = crate::dates::parse_iso_date("2021-09-10").expect("date");
        use crate::dates::Cadence;
        assert_eq!(
            window_of(Within::Cal(Cadence::Year), d).as_deref(),
            Some("2021")
        );
        assert_eq!(
            window_of(Within::Cal(Cadence::HalfYear), d).as_deref(),
            Some("2021-H2")
        );
        assert!(is_window(Within::Cal(Cadence::Year), "2021"));
        assert!(!is_window(Within::Cal(Cadence::Year), "2021-H2"));
        assert!(is_window(Within::Term, "term"));
    }
}
