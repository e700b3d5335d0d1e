//! Selectors (§4.1, docs/format.md §1.1.5) to sets of registered unit ids or
//! to people.
//!
//! Sets are `BTreeSet`s: a unit named twice is one unit, and iteration order is
//! the unit id order that findings are sorted by anyway. Groups (`members`)
//! are always replaced by their members; reported bodies (`reported_by`) by
//! the unit that records for them, in party positions only (§1.1.3).

use std::collections::{BTreeSet, HashMap};

use crate::dates::Date;
use crate::model::{Person, Point, Selector, Unit};
use crate::validate::{PlanDoc, Repository};

/// Where a selector's units stand: as those bound by a duty, or as those the
/// duty is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Position {
    /// `lead`, `support`, `duties`, `who`, `applies_to`: a reported body is
    /// replaced by the unit that records for it.
    Party,
    /// `cover`, `in`, `supervises`: a reported body stays itself.
    Target,
}

/// What a selector yields.
#[derive(Clone, Debug)]
pub(crate) enum Chosen<'r> {
    Units(BTreeSet<String>),
    People(Vec<&'r Person>),
}

pub(crate) struct Resolver<'r> {
    repo: &'r Repository,
    by_tag: HashMap<&'r str, BTreeSet<&'r str>>,
    /// Units by their `parent`.
    children: HashMap<&'r str, BTreeSet<&'r str>>,
    /// Every group's members, resolved once (members are ordinary units).
    members: HashMap<&'r str, BTreeSet<String>>,
}

impl<'r> Resolver<'r> {
    pub(crate) fn new(repo: &'r Repository) -> Self {
        let mut by_tag: HashMap<&str, BTreeSet<&str>> = HashMap::new();
        let mut children: HashMap<&str, BTreeSet<&str>> = HashMap::new();
        for (id, &(p, u)) in &repo.units {
            if let Some(unit) = repo.plans.get(p).and_then(|d| d.plan.units.get(u)) {
                for t in &unit.tags {
                    by_tag
                        .entry(t.value.as_str())
                        .or_default()
                        .insert(id.as_str());
                }
                if let Some(parent) = &unit.parent {
                    children
                        .entry(parent.value.0.as_str())
                        .or_default()
                        .insert(id.as_str());
                }
            }
        }
        let mut r = Resolver {
            repo,
            by_tag,
            children,
            members: HashMap::new(),
        };
        let mut members = HashMap::new();
        for id in repo.units.keys() {
            if let Some(list) = repo.unit(id).and_then(|u| u.members.as_ref()) {
                let mut set = BTreeSet::new();
                for entry in list {
                    for m in r.plain(&entry.value) {
                        if repo.unit(&m).is_some_and(|u| !u.keeps_no_ledger()) {
                            set.insert(m);
                        }
                    }
                }
                members.insert(id.as_str(), set);
            }
        }
        r.members = members;
        r
    }

    fn unit(&self, id: &str) -> Option<&'r Unit> {
        self.repo.unit(id)
    }

    /// `{units}` and `{tags}` to registered ids, nothing replaced.
    fn plain(&self, sel: &Selector) -> BTreeSet<String> {
        match sel {
            Selector::Units(us) => us
                .iter()
                .map(|u| u.value.0.as_str())
                .filter(|u| self.repo.units.contains_key(*u))
                .map(str::to_owned)
                .collect(),
            Selector::Tags(tags) => {
                let mut out = BTreeSet::new();
                for t in tags {
                    if let Some(set) = self.by_tag.get(t.value.as_str()) {
                        out.extend(set.iter().map(|s| (*s).to_owned()));
                    }
                }
                out
            }
            _ => BTreeSet::new(),
        }
    }

    /// A registered unit as it stands in `pos`: a group is its members, a
    /// reported body (as a party) the unit that records for it.
    pub(crate) fn substitute(&self, id: &str, pos: Position, out: &mut BTreeSet<String>) {
        if let Some(m) = self.members.get(id) {
            out.extend(m.iter().cloned());
            return;
        }
        if pos == Position::Party
            && let Some(r) = self.unit(id).and_then(|u| u.reported_by.as_ref())
        {
            if self.repo.units.contains_key(&r.value.0) {
                out.insert(r.value.0.as_str().to_owned());
            }
            return;
        }
        if self.repo.units.contains_key(id) {
            out.insert(id.to_owned());
        }
    }

    fn substituted<'a>(
        &self,
        ids: impl IntoIterator<Item = &'a str>,
        pos: Position,
    ) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for id in ids {
            self.substitute(id, pos, &mut out);
        }
        out
    }

    /// A point's leads: its ids and (1.1) `{units}`/`{tags}` entries, as parties.
    pub(crate) fn point_leads(&self, p: &Point) -> BTreeSet<String> {
        self.listed_parties(&p.lead, &p.lead_sets)
    }

    pub(crate) fn point_support(&self, p: &Point) -> BTreeSet<String> {
        self.listed_parties(&p.support, &p.support_sets)
    }

    /// A unit list (ids and 1.1 entries) as the parties that answer for it.
    fn listed_parties(
        &self,
        ids: &[crate::model::Spanned<crate::model::UnitId>],
        sets: &[crate::model::Spanned<Selector>],
    ) -> BTreeSet<String> {
        let mut all: BTreeSet<String> = ids.iter().map(|u| u.value.0.as_str().to_owned()).collect();
        for s in sets {
            all.extend(self.plain(&s.value));
        }
        self.substituted(all.iter().map(String::as_str), Position::Party)
    }

    /// A point's leads as the plan names them, for a person to read: ids as
    /// written (a group or a reported body by its own name, as the plan
    /// says 各行政执法部门), `{units}`/`{tags}` entries by their units.
    pub(crate) fn leads_as_written(&self, p: &Point) -> Vec<String> {
        self.as_written(&p.lead, &p.lead_sets)
    }

    pub(crate) fn support_as_written(&self, p: &Point) -> Vec<String> {
        self.as_written(&p.support, &p.support_sets)
    }

    fn as_written(
        &self,
        ids: &[crate::model::Spanned<crate::model::UnitId>],
        sets: &[crate::model::Spanned<Selector>],
    ) -> Vec<String> {
        let mut written: Vec<(u32, Vec<String>)> = ids
            .iter()
            .map(|u| (u.span.start, vec![u.value.0.as_str().to_owned()]))
            .collect();
        for s in sets {
            written.push((s.span.start, self.plain(&s.value).into_iter().collect()));
        }
        written.sort_by_key(|(at, _)| *at);
        let mut out: Vec<String> = Vec::new();
        for id in written.into_iter().flat_map(|(_, v)| v) {
            if !out.contains(&id) {
                out.push(id);
            }
        }
        out
    }

    pub(crate) fn point_duties(&self, p: &Point) -> BTreeSet<String> {
        self.substituted(
            p.duties.iter().map(|d| d.unit.value.0.as_str()),
            Position::Party,
        )
    }

    /// The units a unit selector names. Point words need `point`; `leads`
    /// needs `doc`; relative words need `party` (the party's unit), and yield
    /// nothing without one. People selectors yield no units.
    pub(crate) fn resolve_units(
        &self,
        sel: &Selector,
        doc: &PlanDoc,
        point: Option<&Point>,
        party: Option<&str>,
        pos: Position,
    ) -> BTreeSet<String> {
        match sel {
            Selector::Lead => point.map(|p| self.point_leads(p)).unwrap_or_default(),
            Selector::Support => point.map(|p| self.point_support(p)).unwrap_or_default(),
            Selector::Duties => point.map(|p| self.point_duties(p)).unwrap_or_default(),
            Selector::All => point
                .map(|p| {
                    let mut all = self.point_leads(p);
                    all.extend(self.point_support(p));
                    all.extend(self.point_duties(p));
                    all
                })
                .unwrap_or_default(),
            Selector::Leads => {
                let mut all = BTreeSet::new();
                for p in &doc.plan.points {
                    all.extend(self.point_leads(p));
                }
                all
            }
            Selector::SelfUnit => party
                .map(|u| self.substituted([u], pos))
                .unwrap_or_default(),
            Selector::Children => {
                let kids = party
                    .and_then(|u| self.children.get(u))
                    .map(|k| k.iter().copied().collect::<Vec<_>>())
                    .unwrap_or_default();
                self.substituted(kids, pos)
            }
            Selector::Supervised => {
                let mut ids = BTreeSet::new();
                if let Some(unit) = party.and_then(|u| self.unit(u)) {
                    for s in &unit.supervises {
                        ids.extend(self.plain(&s.value));
                    }
                }
                self.substituted(ids.iter().map(String::as_str), Position::Target)
            }
            Selector::Units(_) | Selector::Tags(_) => {
                let ids = self.plain(sel);
                self.substituted(ids.iter().map(String::as_str), pos)
            }
            // Per event, in the evaluator.
            Selector::Recorder => BTreeSet::new(),
            Selector::People(_) | Selector::Roles { .. } => BTreeSet::new(),
        }
    }

    /// The units of a format 1 selector in `pos` (no relative words, no
    /// people): what the spec's §4.1 says, with 1.1's replacements.
    pub(crate) fn resolve(
        &self,
        sel: &Selector,
        doc: &PlanDoc,
        point: Option<&Point>,
    ) -> BTreeSet<String> {
        self.resolve_units(sel, doc, point, None, Position::Party)
    }

    /// The people a people selector names, sorted by id; with `day`, only
    /// those in office that day. `party`: the party's unit, for relative
    /// words in `in`.
    pub(crate) fn resolve_people(
        &self,
        sel: &Selector,
        doc: &PlanDoc,
        point: Option<&Point>,
        party: Option<&str>,
        day: Option<Date>,
    ) -> Vec<&'r Person> {
        let on = |p: &&Person| day.is_none_or(|d| p.in_office(d));
        let mut out: Vec<&Person> = match sel {
            Selector::People(ids) => ids
                .iter()
                .filter_map(|id| self.repo.person(&id.value.0))
                .filter(on)
                .collect(),
            Selector::Roles { roles, within } => {
                let units = within
                    .as_ref()
                    .map(|w| self.resolve_units(&w.value, doc, point, party, Position::Target));
                self.repo
                    .people()
                    .filter(|p| roles.iter().any(|r| p.has_role(&r.value.0)))
                    .filter(|p| units.as_ref().is_none_or(|u| u.contains(&p.unit.value.0)))
                    .filter(on)
                    .collect()
            }
            _ => Vec::new(),
        };
        out.sort_by(|a, b| a.id.value.cmp(&b.id.value));
        out.dedup_by(|a, b| a.id.value == b.id.value);
        out
    }

    /// Units or people, as the selector names.
    pub(crate) fn choose(
        &self,
        sel: &Selector,
        doc: &PlanDoc,
        point: Option<&Point>,
        party: Option<&str>,
        pos: Position,
        day: Option<Date>,
    ) -> Chosen<'r> {
        if sel.is_people() {
            Chosen::People(self.resolve_people(sel, doc, point, party, day))
        } else {
            Chosen::Units(self.resolve_units(sel, doc, point, party, pos))
        }
    }

    /// The units a `who`/`applies_to` binds: its units, or (1.1) the ledger
    /// units of the people it names, whatever their dates.
    pub(crate) fn party_units(
        &self,
        sel: &Selector,
        doc: &PlanDoc,
        point: Option<&Point>,
    ) -> BTreeSet<String> {
        if sel.is_people() {
            self.resolve_people(sel, doc, point, None, None)
                .into_iter()
                .filter_map(|p| self.ledger_unit(&p.unit.value.0))
                .collect()
        } else {
            self.resolve(sel, doc, point)
        }
    }

    /// The unit whose ledger holds a unit's (or a person's unit's) records.
    pub(crate) fn ledger_unit(&self, unit: &str) -> Option<String> {
        let mut out = BTreeSet::new();
        self.substitute(unit, Position::Party, &mut out);
        // A group has several; a person is never registered in one.
        (out.len() == 1).then(|| out.into_iter().next()).flatten()
    }
}
