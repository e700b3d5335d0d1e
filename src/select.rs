//! Selectors (§4.1) to sets of registered unit ids.
//!
//! Sets are `BTreeSet`s: a unit named twice is one unit, and iteration order is
//! the unit id order that findings are sorted by anyway.

use std::collections::{BTreeSet, HashMap};

use crate::model::{Point, Selector};
use crate::validate::{PlanDoc, Repository};

pub(crate) struct Resolver<'r> {
    repo: &'r Repository,
    by_tag: HashMap<&'r str, BTreeSet<&'r str>>,
}

impl<'r> Resolver<'r> {
    pub(crate) fn new(repo: &'r Repository) -> Self {
        let mut by_tag: HashMap<&str, BTreeSet<&str>> = HashMap::new();
        for (id, &(p, u)) in &repo.units {
            if let Some(unit) = repo.plans.get(p).and_then(|d| d.plan.units.get(u)) {
                for t in &unit.tags {
                    by_tag
                        .entry(t.value.as_str())
                        .or_default()
                        .insert(id.as_str());
                }
            }
        }
        Resolver { repo, by_tag }
    }

    fn registered<'a>(&self, ids: impl Iterator<Item = &'a str>) -> BTreeSet<String> {
        ids.filter(|u| self.repo.units.contains_key(*u))
            .map(str::to_owned)
            .collect()
    }

    /// The units a selector names. Point words need `point`; `leads` needs `doc`.
    pub(crate) fn resolve(
        &self,
        sel: &Selector,
        doc: &PlanDoc,
        point: Option<&Point>,
    ) -> BTreeSet<String> {
        let lead = || {
            point
                .into_iter()
                .flat_map(|p| p.lead.iter().map(|u| u.value.0.as_str()))
        };
        let support = || {
            point
                .into_iter()
                .flat_map(|p| p.support.iter().map(|u| u.value.0.as_str()))
        };
        let duties = || {
            point
                .into_iter()
                .flat_map(|p| p.duties.iter().map(|d| d.unit.value.0.as_str()))
        };
        match sel {
            Selector::Lead => self.registered(lead()),
            Selector::Support => self.registered(support()),
            Selector::Duties => self.registered(duties()),
            Selector::All => self.registered(lead().chain(support()).chain(duties())),
            Selector::Leads => self.registered(
                doc.plan
                    .points
                    .iter()
                    .flat_map(|p| p.lead.iter().map(|u| u.value.0.as_str())),
            ),
            Selector::Units(us) => self.registered(us.iter().map(|u| u.value.0.as_str())),
            Selector::Tags(tags) => {
                let mut out = BTreeSet::new();
                for t in tags {
                    if let Some(set) = self.by_tag.get(t.value.as_str()) {
                        out.extend(set.iter().map(|s| (*s).to_owned()));
                    }
                }
                out
            }
        }
    }
}
