//! Evaluation: the validated model and an evaluation date to a sorted list of
//! findings (spec §4, §6). It neither reads files nor prints.
//!
//! Cost grows with records + periods, not records × periods: each unit's
//! counting records are grouped by `ref` once, and each record is attributed to
//! its one period of an obligation's cadence by arithmetic, not by search.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::dates::{Cadence, Date, Duration, MonthDay, Period, Share, days_between, iso};
use crate::model::{
    After, Every, FormatVersion, Obligation, Person, Point, Record, Selector, Window, Within,
};
use crate::select::{Chosen, Position, Resolver};
use crate::source::{FileId, Span};
use crate::validate::{PlanDoc, Repository};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Overdue,
    DueSoon,
    Late,
    Gap,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Overdue => "overdue",
            Category::DueSoon => "due-soon",
            Category::Late => "late",
            Category::Gap => "gap",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingType {
    Obligation,
    Item,
    Coverage,
    NoLedger,
    NoRecords,
    MissingKind,
    ChecklistItem,
}

impl FindingType {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingType::Obligation => "obligation",
            FindingType::Item => "item",
            FindingType::Coverage => "coverage",
            FindingType::NoLedger => "no-ledger",
            FindingType::NoRecords => "no-records",
            FindingType::MissingKind => "missing-kind",
            FindingType::ChecklistItem => "checklist-item",
        }
    }
}

/// One thing a clerk should act on. Field names are the JSON contract (§8.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub category: Category,
    #[serde(rename = "type")]
    pub kind: FindingType,
    pub unit: String,
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    pub ref_: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub obligation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ser_date")]
    pub due: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ser_date")]
    pub closed: Option<Date>,
    /// A late obligation period: the day it was met (its `min`-th counting
    /// record), which `days_late` counts to.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ser_date")]
    pub done: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_overdue: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_left: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_late: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub have: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub need: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kinds: Option<Vec<String>>,
    /// 1.1: the person party, or the person an event concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// 1.1: the unit an event concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// 1.1: the event record's id, and the unit whose ledger holds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_unit: Option<String>,
    /// 1.1: a sample obligation's window: whether its draw is in the ledger.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drawn: Option<bool>,
    /// The primary annotation: the entry that defines what was evaluated (the
    /// obligation, checklist item, point or item `id`; for a unit without a
    /// ledger, its `id` in the units registry). A finding is often about
    /// something missing, so this is where a clerk acts, not where a fault is.
    /// Not part of the JSON contract: renderers turn it into file and line.
    #[serde(skip)]
    pub at: Option<(FileId, Span)>,
}

fn ser_date<S: serde::Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&crate::dates::iso(*d)),
        None => s.serialize_none(),
    }
}

impl Finding {
    fn new(category: Category, kind: FindingType, unit: &str) -> Finding {
        Finding {
            category,
            kind,
            unit: unit.to_owned(),
            ref_: None,
            obligation: None,
            item: None,
            period: None,
            due: None,
            closed: None,
            done: None,
            days_overdue: None,
            days_left: None,
            days_late: None,
            have: None,
            need: None,
            missing: None,
            kinds: None,
            person: None,
            target: None,
            event: None,
            event_unit: None,
            drawn: None,
            at: None,
        }
    }

    fn with_ref(mut self, r: &str) -> Finding {
        self.ref_ = Some(r.to_owned());
        self
    }

    fn placed(mut self, file: FileId, span: Span) -> Finding {
        self.at = Some((file, span));
        self
    }

    /// The sort key of §8.1: category, unit, ref, obligation or item, period,
    /// type; then (1.1, docs/format.md §1.1.2) person, target, event unit, event.
    #[allow(clippy::type_complexity)]
    fn sort_key(&self) -> (Category, &str, &str, &str, &str, &str, [&str; 4]) {
        fn o(v: &Option<String>) -> &str {
            v.as_deref().unwrap_or("")
        }
        (
            self.category,
            &self.unit,
            o(&self.ref_),
            self.obligation
                .as_deref()
                .or(self.item.as_deref())
                .unwrap_or(""),
            o(&self.period),
            self.kind.as_str(),
            [
                o(&self.person),
                o(&self.target),
                o(&self.event_unit),
                o(&self.event),
            ],
        )
    }
}

/// Settings of one evaluation.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    pub as_of: Date,
    pub due_soon_days: i64,
}

/// Counting records (not void, dated on or before `as_of`) of one unit, by `ref`.
struct Ledgers<'r> {
    by_unit_ref: HashMap<&'r str, HashMap<&'r str, Vec<&'r Record>>>,
}

impl<'r> Ledgers<'r> {
    fn new(repo: &'r Repository, as_of: Date) -> Self {
        let mut by_unit_ref: HashMap<&str, HashMap<&str, Vec<&Record>>> = HashMap::new();
        for (unit, doc) in &repo.ledgers {
            if doc.flawed {
                continue;
            }
            for r in &doc.records {
                if !r.is_void() && r.date.value <= as_of {
                    by_unit_ref
                        .entry(unit.as_str())
                        .or_default()
                        .entry(r.ref_.value.0.as_str())
                        .or_default()
                        .push(r);
                }
            }
        }
        Ledgers { by_unit_ref }
    }

    fn records(&self, unit: &str, r: &str) -> &[&'r Record] {
        self.by_unit_ref
            .get(unit)
            .and_then(|m| m.get(r))
            .map_or(&[], Vec::as_slice)
    }
}

/// A recurring, coverage, regular or event rule, wherever it was written.
struct Rule<'a> {
    /// What records must `ref`: the point, checklist item or plan-wide obligation.
    owner: &'a str,
    /// The id findings name as `obligation`; a record's `obligation:` must be it.
    id: &'a str,
    kind: Option<&'a str>,
    start: Date,
    end: Option<Date>,
    /// Where the rule is written, for its findings' [`Finding::at`].
    at: (FileId, Span),
}

/// What an obligation binds (docs/format.md §1.1.10.1): a unit, or a person,
/// whose records are in the ledger of `unit`.
#[derive(Clone, Copy)]
struct Party<'a> {
    unit: &'a str,
    person: Option<&'a Person>,
}

impl Party<'_> {
    /// The unit relative words (`children`, `supervised`, `self`) start from.
    fn home(&self) -> &str {
        self.person.map_or(self.unit, |p| p.unit.value.0.as_str())
    }

    fn finding(&self, category: Category, kind: FindingType, rule: &Rule<'_>) -> Finding {
        let mut f = Finding::new(category, kind, self.unit)
            .with_ref(rule.owner)
            .placed(rule.at.0, rule.at.1);
        f.obligation = Some(rule.id.to_owned());
        f.person = self.person.map(|p| p.id.value.0.as_str().to_owned());
        f
    }
}

/// A coverage window: its label, first day and due date (its last day).
struct CoverWindow {
    label: String,
    first: Date,
    due: Date,
    /// `own-term`: the targets whose own term this window is.
    targets: Option<BTreeSet<String>>,
}

pub fn evaluate(repo: &Repository, settings: Settings) -> Vec<Finding> {
    if repo.findings_blocked {
        return Vec::new();
    }
    let mut ev = Evaluator::new(repo, settings, false);
    ev.run();
    let mut out = ev.out;
    sort_findings(&mut out);
    out
}

/// The order of §8.1 (with 1.1's trailing keys), duplicates dropped.
pub fn sort_findings(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup_by(|a, b| a.sort_key() == b.sort_key());
}

struct Evaluator<'r> {
    repo: &'r Repository,
    settings: Settings,
    resolver: Resolver<'r>,
    ledgers: Ledgers<'r>,
    out: Vec<Finding>,
    /// When asked for ([`obligation_status`]): the state of every in-scope period.
    periods: Option<Vec<PeriodStatus>>,
    /// Units bound or named on plans in scope, for `no-ledger`.
    involved: BTreeSet<String>,
}

impl<'r> Evaluator<'r> {
    fn new(repo: &'r Repository, settings: Settings, periods: bool) -> Self {
        Evaluator {
            repo,
            settings,
            resolver: Resolver::new(repo),
            ledgers: Ledgers::new(repo, settings.as_of),
            out: Vec::new(),
            periods: periods.then(Vec::new),
            involved: BTreeSet::new(),
        }
    }

    /// A unit whose ledger has an error has an unknown state: it gets no findings.
    fn unit_ok(&self, unit: &str) -> bool {
        self.repo.ledgers.get(unit).is_none_or(|l| !l.flawed)
    }

    fn run(&mut self) {
        let repo = self.repo;
        for doc in &repo.plans {
            let active = doc.start.is_none_or(|s| self.settings.as_of >= s);
            for point in &doc.plan.points {
                if doc.is_flawed(&point.id) {
                    continue;
                }
                for ob in &point.obligations {
                    if doc.is_flawed(&ob.id) {
                        continue;
                    }
                    let who = ob.who.as_ref().map_or(&Selector::Lead, |w| &w.value);
                    self.obligation(doc, ob, &point.id.value.0, Some(point), who, active);
                }
                if active {
                    let all = self.resolver.resolve(&Selector::All, doc, Some(point));
                    self.involved.extend(all);
                    self.point_gaps(doc, point);
                }
            }
            for ob in &doc.plan.obligations {
                if doc.is_flawed(&ob.id) {
                    continue;
                }
                let Some(who) = &ob.who else { continue };
                self.obligation(doc, ob, &ob.id.value.0, None, &who.value, active);
            }
            for cl in &doc.plan.checklists {
                if doc.is_flawed(&cl.id) {
                    continue;
                }
                let parties = self.parties(&cl.applies_to.value, doc, None, active);
                for it in &cl.items {
                    if doc.is_flawed(&it.id) {
                        continue;
                    }
                    let owner = it.id.value.0.as_str();
                    match it.every.as_ref().map(|e| e.value) {
                        Some(every) => {
                            let Some(start) = doc.start else { continue };
                            let rule = Rule {
                                owner,
                                id: owner,
                                kind: None,
                                start,
                                end: doc.end,
                                at: (doc.file, it.id.span),
                            };
                            for party in &parties {
                                match every {
                                    Every::Cal(c) => {
                                        let min = it.min.as_ref().map_or(1, |m| m.value as usize);
                                        let due = it.due.as_ref().map(|d| d.value);
                                        let window = it.window.is_some();
                                        self.recurring(
                                            &rule,
                                            party.as_party(),
                                            c,
                                            min,
                                            due,
                                            window,
                                        );
                                    }
                                    Every::Regularly => {
                                        let gap =
                                            self.max_gap(it.max_gap.as_ref().map(|g| g.value));
                                        self.regular(&rule, party.as_party(), gap);
                                    }
                                }
                            }
                        }
                        None if active => {
                            for party in &parties {
                                self.checklist_gap(party.as_party(), owner, doc.file, it.id.span);
                            }
                        }
                        None => {}
                    }
                }
            }
        }
        for unit in std::mem::take(&mut self.involved) {
            if !repo.ledgers.contains_key(&unit) {
                let mut f = Finding::new(Category::Gap, FindingType::NoLedger, &unit);
                f.at = repo.units.get(&unit).and_then(|&(plan, entry)| {
                    let doc = repo.plans.get(plan)?;
                    Some((doc.file, doc.plan.units.get(entry)?.id.span))
                });
                self.out.push(f);
            }
        }
        self.items();
    }

    /// A selector's parties (units, or people whatever their dates), with
    /// their ledger units counted as involved when the plan is in scope.
    fn parties(
        &mut self,
        sel: &Selector,
        doc: &PlanDoc,
        point: Option<&Point>,
        active: bool,
    ) -> Vec<OwnedParty<'r>> {
        let parties: Vec<OwnedParty<'r>> =
            match self
                .resolver
                .choose(sel, doc, point, None, Position::Party, None)
            {
                Chosen::Units(us) => us
                    .into_iter()
                    .map(|u| OwnedParty {
                        unit: u,
                        person: None,
                    })
                    .collect(),
                Chosen::People(ps) => ps
                    .into_iter()
                    .filter_map(|p| {
                        Some(OwnedParty {
                            unit: self.resolver.ledger_unit(&p.unit.value.0)?,
                            person: Some(p),
                        })
                    })
                    .collect(),
            };
        if active {
            self.involved.extend(parties.iter().map(|p| p.unit.clone()));
        }
        parties
    }

    fn max_gap(&self, own: Option<Duration>) -> Option<Duration> {
        own.or(self
            .repo
            .config
            .check
            .regular_max_gap
            .as_ref()
            .map(|g| g.value))
    }

    fn obligation(
        &mut self,
        doc: &PlanDoc,
        ob: &'r Obligation,
        owner: &'r str,
        point: Option<&Point>,
        who: &Selector,
        active: bool,
    ) {
        let parties = self.parties(who, doc, point, active);
        let start = match (doc.start, &ob.from) {
            (Some(s), Some(f)) => s.max(f.value),
            (Some(s), None) => s,
            (None, Some(f)) => f.value,
            (None, None) => return,
        };
        let end = match (doc.end, &ob.until) {
            (Some(e), Some(u)) => Some(e.min(u.value)),
            (e, u) => e.or(u.as_ref().map(|u| u.value)),
        };
        let rule = Rule {
            owner,
            id: &ob.id.value.0,
            kind: ob.kind.as_ref().map(|k| k.value.0.as_str()),
            start,
            end,
            at: (doc.file, ob.id.span),
        };
        if let Some(every) = &ob.every {
            match every.value {
                Every::Cal(c) => {
                    let min = ob.min.as_ref().map_or(1, |m| m.value as usize);
                    let due = ob.due.as_ref().map(|d| d.value);
                    let window = ob
                        .window
                        .as_ref()
                        .is_some_and(|w| w.value == Window::LastMonth);
                    for party in &parties {
                        self.recurring(&rule, party.as_party(), c, min, due, window);
                    }
                }
                Every::Regularly => {
                    let gap = self.max_gap(ob.max_gap.as_ref().map(|g| g.value));
                    for party in &parties {
                        self.regular(&rule, party.as_party(), gap);
                    }
                }
            }
        } else if let (Some(cover), Some(within)) = (&ob.cover, &ob.within) {
            let share = ob.share.as_ref().map_or(Share::FULL, |s| s.value);
            for party in &parties {
                self.coverage(
                    &rule,
                    party.as_party(),
                    (doc, point),
                    &cover.value,
                    within.value,
                    share,
                    ob.is_sample(),
                );
            }
        } else if let (Some(after), Some(deadline)) = (&ob.after, &ob.deadline) {
            let events = self.events(&rule, &after.value);
            if *who == Selector::Recorder {
                // 谁查办谁负责: each event binds the unit that recorded it.
                for e in &events {
                    let party = Party {
                        unit: e.0,
                        person: None,
                    };
                    self.follow_ups(&rule, party, &[*e], &after.value, deadline.value);
                }
            } else {
                for party in parties.iter().filter(|p| p.person.is_none()) {
                    self.follow_ups(
                        &rule,
                        party.as_party(),
                        &events,
                        &after.value,
                        deadline.value,
                    );
                }
            }
        }
    }

    /// Periods of a rule in scope as of the evaluation date (§4.2).
    fn periods(&self, rule: &Rule<'_>, cadence: Cadence, due: Option<MonthDay>) -> Vec<Period> {
        let as_of = self.settings.as_of;
        if as_of < rule.start {
            return Vec::new();
        }
        Period::covering(cadence, rule.start, as_of)
            .filter(|p| p.due(due) >= rule.start)
            .filter(|p| rule.end.is_none_or(|e| p.first_day() <= e))
            .collect()
    }

    /// The party's counting records for a rule (§1.1.10.1).
    fn counting<'s>(
        &'s self,
        rule: &Rule<'s>,
        party: Party<'s>,
    ) -> impl Iterator<Item = &'r Record> + 's {
        let kind = rule.kind;
        let id = rule.id;
        self.ledgers
            .records(party.unit, rule.owner)
            .iter()
            .copied()
            .filter(move |r| kind.is_none_or(|k| r.kind.value.0 == k))
            .filter(move |r| r.obligation().is_none_or(|o| o == id))
            .filter(move |r| party.person.is_none_or(|p| r.counts_for(&p.id.value.0)))
    }

    fn recurring(
        &mut self,
        rule: &Rule<'_>,
        party: Party<'_>,
        cadence: Cadence,
        min: usize,
        due: Option<MonthDay>,
        window: bool,
    ) {
        if !self.unit_ok(party.unit) {
            return;
        }
        let mut periods = self.periods(rule, cadence, due);
        if let Some(p) = party.person {
            periods.retain(|per| p.in_office(per.due(due)));
        }
        if periods.is_empty() {
            return;
        }
        // (on time, any) counts per period, each record placed once, and the
        // dates of its records (for the day a late period was met).
        let mut counts: HashMap<Period, (usize, usize)> = HashMap::new();
        let mut dates: HashMap<Period, Vec<Date>> = HashMap::new();
        for r in self.counting(rule, party) {
            let placed = match r.period().map(|p| p.value) {
                Some(p) if p.cadence() == cadence => Some(p),
                _ => {
                    let p = Period::containing(cadence, r.date.value);
                    (!window || r.date.value >= p.last_month_start()).then_some(p)
                }
            };
            if let Some(p) = placed {
                let c = counts.entry(p).or_default();
                c.1 += 1;
                dates.entry(p).or_default().push(r.date.value);
                if r.date.value <= p.due(due) {
                    c.0 += 1;
                }
            }
        }
        let as_of = self.settings.as_of;
        for p in periods {
            let (on_time, have) = counts.get(&p).copied().unwrap_or_default();
            let due_date = p.due(due);
            let left = days_between(as_of, due_date);
            // §4.2, in the spec's order.
            let state = if on_time >= min {
                PeriodState::Met
            } else if as_of <= due_date {
                PeriodState::Pending
            } else if have >= min {
                PeriodState::Late
            } else {
                PeriodState::Overdue
            };
            if let Some(states) = &mut self.periods {
                states.push(PeriodStatus {
                    unit: party.unit.to_owned(),
                    owner: rule.owner.to_owned(),
                    obligation: rule.id.to_owned(),
                    period: p,
                    person: party.person.map(|p| p.id.value.0.as_str().to_owned()),
                    state,
                    first: dates.get(&p).and_then(|d| d.iter().min().copied()),
                });
            }
            let category = match state {
                PeriodState::Met => continue,
                PeriodState::Pending if left > self.settings.due_soon_days => continue,
                PeriodState::Pending => Category::DueSoon,
                PeriodState::Late => Category::Late,
                PeriodState::Overdue => Category::Overdue,
            };
            let mut f = party.finding(category, FindingType::Obligation, rule);
            f.period = Some(p.label());
            f.due = Some(due_date);
            f.have = Some(have);
            f.need = Some(min);
            match category {
                Category::DueSoon => f.days_left = Some(left),
                Category::Overdue => f.days_overdue = Some(-left),
                Category::Late => {
                    let mut d = dates.remove(&p).unwrap_or_default();
                    d.sort_unstable();
                    if let Some(&done) = d.get(min.saturating_sub(1)) {
                        f.done = Some(done);
                        f.days_late = Some(days_between(due_date, done));
                    }
                }
                Category::Gap => {}
            }
            self.out.push(f);
        }
    }

    /// `every: regularly` (定期, §1.1.10.5): no gap between the party's
    /// records longer than `max_gap`. Without one, unscored.
    fn regular(&mut self, rule: &Rule<'_>, party: Party<'_>, max_gap: Option<Duration>) {
        let Some(gap) = max_gap else { return };
        if !self.unit_ok(party.unit) {
            return;
        }
        let as_of = self.settings.as_of;
        let start = party
            .person
            .and_then(|p| p.from.as_ref().map(|f| f.value))
            .map_or(rule.start, |f| f.max(rule.start));
        if as_of < start {
            return;
        }
        let until = party.person.and_then(|p| p.until.as_ref().map(|u| u.value));
        let last_day = match (rule.end, until) {
            (Some(e), Some(u)) => Some(e.min(u)),
            (e, u) => e.or(u),
        };
        let mut dates: Vec<Date> = self
            .counting(rule, party)
            .map(|r| r.date.value)
            .filter(|d| *d >= start)
            .collect();
        dates.sort_unstable();
        let mut anchor = start;
        let interval = |from: Date, due: Date| format!("{}/{}", iso(from), iso(due));
        for &d in &dates {
            let Some(due) = gap.add_to(anchor) else {
                return;
            };
            if last_day.is_some_and(|e| due > e) {
                return;
            }
            if d > due {
                let mut f = party.finding(Category::Late, FindingType::Obligation, rule);
                f.period = Some(interval(anchor, due));
                f.due = Some(due);
                f.have = Some(1);
                f.need = Some(1);
                f.done = Some(d);
                f.days_late = Some(days_between(due, d));
                self.out.push(f);
            }
            anchor = d;
        }
        let Some(due) = gap.add_to(anchor) else {
            return;
        };
        if last_day.is_some_and(|e| due > e) {
            return;
        }
        let left = days_between(as_of, due);
        let category = if left < 0 {
            Category::Overdue
        } else if left <= self.settings.due_soon_days {
            Category::DueSoon
        } else {
            return;
        };
        let mut f = party.finding(category, FindingType::Obligation, rule);
        f.period = Some(interval(anchor, due));
        f.due = Some(due);
        f.have = Some(0);
        f.need = Some(1);
        if category == Category::Overdue {
            f.days_overdue = Some(-left);
        } else {
            f.days_left = Some(left);
        }
        self.out.push(f);
    }

    /// The windows of a coverage rule in scope (§4.3, §1.1.10.3); `own-term`
    /// windows come from the targets' own terms.
    fn windows(
        &self,
        rule: &Rule<'_>,
        party: Party<'_>,
        place: (&PlanDoc, Option<&Point>),
        cover: &Selector,
        within: Within,
    ) -> Vec<CoverWindow> {
        let as_of = self.settings.as_of;
        let in_scope = |first: Date, due: Date| {
            due >= rule.start && first <= as_of && rule.end.is_none_or(|e| first <= e)
        };
        match within {
            Within::Term => match &self.repo.config.term {
                Some(t) if in_scope(t.start.value, t.end.value) => vec![CoverWindow {
                    label: "term".to_owned(),
                    first: t.start.value,
                    due: t.end.value,
                    targets: None,
                }],
                _ => Vec::new(),
            },
            Within::Cal(c) => Period::covering(c, rule.start, as_of)
                .filter(|p| in_scope(p.first_day(), p.last_day()))
                .map(|p| CoverWindow {
                    label: p.label(),
                    first: p.first_day(),
                    due: p.last_day(),
                    targets: None,
                })
                .collect(),
            Within::OwnTerm => {
                let mut by_term: BTreeMap<(Date, Date), BTreeSet<String>> = BTreeMap::new();
                match self.resolver.choose(
                    cover,
                    place.0,
                    place.1,
                    Some(party.home()),
                    Position::Target,
                    None,
                ) {
                    Chosen::Units(us) => {
                        for u in us.into_iter().filter(|u| u != party.unit) {
                            if let Some(t) = crate::validate::unit_term(self.repo, &u) {
                                by_term.entry(t).or_default().insert(u);
                            }
                        }
                    }
                    Chosen::People(ps) => {
                        for p in ps {
                            if party.person.is_some_and(|me| me.id.value == p.id.value) {
                                continue;
                            }
                            if let Some(t) = crate::validate::own_term(self.repo, p) {
                                by_term
                                    .entry(t)
                                    .or_default()
                                    .insert(p.id.value.0.as_str().to_owned());
                            }
                        }
                    }
                }
                by_term
                    .into_iter()
                    .filter(|((s, e), _)| in_scope(*s, *e))
                    .map(|((s, e), targets)| CoverWindow {
                        label: format!("{}/{}", iso(s), iso(e)),
                        first: s,
                        due: e,
                        targets: Some(targets),
                    })
                    .collect()
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn coverage(
        &mut self,
        rule: &Rule<'_>,
        party: Party<'_>,
        place: (&PlanDoc, Option<&Point>),
        cover: &Selector,
        within: Within,
        share: Share,
        sample: bool,
    ) {
        if !self.unit_ok(party.unit) {
            return;
        }
        let as_of = self.settings.as_of;
        if as_of < rule.start {
            return;
        }
        let people = cover.is_people();
        for w in self.windows(rule, party, place, cover, within) {
            if party.person.is_some_and(|p| !p.in_office(w.due)) {
                continue;
            }
            let targets: BTreeSet<String> = match w.targets {
                Some(t) => t,
                None => match self.resolver.choose(
                    cover,
                    place.0,
                    place.1,
                    Some(party.home()),
                    Position::Target,
                    Some(w.due),
                ) {
                    Chosen::Units(mut us) => {
                        us.remove(party.unit);
                        us
                    }
                    Chosen::People(ps) => ps
                        .into_iter()
                        .filter(|p| party.person.is_none_or(|me| me.id.value != p.id.value))
                        .map(|p| p.id.value.0.as_str().to_owned())
                        .collect(),
                },
            };
            // A sample's targets are its draw; with none, nothing can be covered.
            let (targets, need, drawn) = if sample {
                match self.draw(party.unit, rule, &w.label) {
                    Some(d) => {
                        let t: BTreeSet<String> = d.into_iter().collect();
                        let n = t.len();
                        (t, n, Some(true))
                    }
                    None => (BTreeSet::new(), share.need(targets.len()), Some(false)),
                }
            } else {
                let need = share.need(targets.len());
                (targets, need, None)
            };
            let mut covered: BTreeSet<&str> = BTreeSet::new();
            for r in self.counting(rule, party) {
                if r.date.value >= w.first && r.date.value <= w.due {
                    if people {
                        covered.extend(
                            r.named_people()
                                .map(|t| t.value.0.as_str())
                                .filter(|t| targets.contains(*t)),
                        );
                    } else {
                        covered.extend(
                            r.all_targets()
                                .map(|t| t.value.0.as_str())
                                .filter(|t| targets.contains(*t)),
                        );
                    }
                }
            }
            let have = covered.len();
            if have >= need {
                continue;
            }
            let missing: Vec<String> = targets
                .iter()
                .filter(|t| !covered.contains(t.as_str()))
                .cloned()
                .collect();
            let left = days_between(as_of, w.due);
            let make = |category: Category| {
                let mut f = party.finding(category, FindingType::Coverage, rule);
                f.period = Some(w.label.clone());
                f.due = Some(w.due);
                f.have = Some(have);
                f.need = Some(need);
                f.missing = Some(missing.clone());
                f.drawn = drawn;
                f
            };
            if as_of <= w.due {
                let mut gap = make(Category::Gap);
                gap.days_left = Some(left);
                self.out.push(gap);
                if left <= self.settings.due_soon_days {
                    let mut soon = make(Category::DueSoon);
                    soon.days_left = Some(left);
                    self.out.push(soon);
                }
            } else {
                let mut f = make(Category::Overdue);
                f.days_overdue = Some(-left);
                self.out.push(f);
            }
        }
    }

    /// The drawn targets of a window, from the party's ledger.
    fn draw(&self, unit: &str, rule: &Rule<'_>, label: &str) -> Option<Vec<String>> {
        let ledger = self.repo.ledgers.get(unit)?;
        let d = ledger.samples.iter().find(|d| {
            d.ref_.value.0 == rule.owner
                && d.obligation.value.0 == rule.id
                && d.period.value == label
        })?;
        Some(
            d.targets
                .iter()
                .map(|t| t.value.0.as_str().to_owned())
                .collect(),
        )
    }

    /// The events of an event rule (§1.1.10.6): (ledger unit, record), in
    /// every evaluated ledger.
    fn events(&self, rule: &Rule<'_>, after: &After) -> Vec<(&'r str, &'r Record)> {
        let as_of = self.settings.as_of;
        let last = rule.end.map_or(as_of, |e| e.min(as_of));
        let r#ref = after
            .ref_
            .as_ref()
            .map_or(rule.owner, |r| r.value.0.as_str());
        let mut out = Vec::new();
        for (unit, doc) in &self.repo.ledgers {
            if doc.flawed {
                continue;
            }
            for r in self.ledgers.records(unit, r#ref) {
                if r.kind.value == after.kind.value
                    && r.date.value >= rule.start
                    && r.date.value <= last
                {
                    out.push((unit.as_str(), *r));
                }
            }
        }
        out
    }

    fn follow_ups(
        &mut self,
        rule: &Rule<'_>,
        party: Party<'_>,
        events: &[(&'r str, &'r Record)],
        after: &After,
        deadline: Duration,
    ) {
        if !self.unit_ok(party.unit) {
            return;
        }
        let as_of = self.settings.as_of;
        let mine: Vec<&Record> = self.counting(rule, party).collect();
        for &(ev_unit, e) in events {
            // The subjects: people it names (with the roles asked for), else
            // also its units, else the unit it was recorded for.
            let mut subjects: Vec<(bool, String)> = e
                .named_people()
                .filter(|p| {
                    after.roles.is_empty()
                        || self.repo.person(&p.value.0).is_some_and(|person| {
                            after.roles.iter().any(|r| person.has_role(&r.value.0))
                        })
                })
                .map(|p| (true, p.value.0.as_str().to_owned()))
                .collect();
            if after.roles.is_empty() {
                subjects.extend(
                    e.all_targets()
                        .map(|t| (false, t.value.0.as_str().to_owned())),
                );
                if subjects.is_empty() {
                    subjects.push((false, ev_unit.to_owned()));
                }
            }
            subjects.sort();
            subjects.dedup();
            let Some(due) = deadline.add_to(e.date.value) else {
                continue;
            };
            for (is_person, s) in subjects {
                let mut dates: Vec<Date> = mine
                    .iter()
                    .filter(|r| r.date.value >= e.date.value)
                    .filter(|r| !(ev_unit == party.unit && r.id.value == e.id.value))
                    .filter(|r| {
                        if is_person {
                            r.named_people().any(|p| p.value.0 == s)
                        } else {
                            s == party.unit || r.all_targets().any(|t| t.value.0 == s)
                        }
                    })
                    .map(|r| r.date.value)
                    .collect();
                dates.sort_unstable();
                let have = dates.len();
                let on_time = dates.first().is_some_and(|d| *d <= due);
                let left = days_between(as_of, due);
                let category = if on_time {
                    continue;
                } else if as_of <= due {
                    if left > self.settings.due_soon_days {
                        continue;
                    }
                    Category::DueSoon
                } else if have > 0 {
                    Category::Late
                } else {
                    Category::Overdue
                };
                let mut f = party.finding(category, FindingType::Obligation, rule);
                f.period = Some(format!("{}/{}", iso(e.date.value), iso(due)));
                f.due = Some(due);
                f.have = Some(have);
                f.need = Some(1);
                f.event = Some(e.id.value.0.as_str().to_owned());
                f.event_unit = Some(ev_unit.to_owned());
                if is_person {
                    f.person = Some(s);
                } else {
                    f.target = Some(s);
                }
                match category {
                    Category::DueSoon => f.days_left = Some(left),
                    Category::Overdue => f.days_overdue = Some(-left),
                    Category::Late => {
                        if let Some(&done) = dates.first() {
                            f.done = Some(done);
                            f.days_late = Some(days_between(due, done));
                        }
                    }
                    Category::Gap => {}
                }
                self.out.push(f);
            }
        }
    }

    /// A checklist item without `every` (§6): a gap when the party has no
    /// counting record for it (a person only while in office).
    fn checklist_gap(&mut self, party: Party<'_>, owner: &str, file: FileId, span: Span) {
        if !self.unit_ok(party.unit) {
            return;
        }
        let records = self.ledgers.records(party.unit, owner);
        let none = match party.person {
            None => records.is_empty(),
            Some(p) => {
                if !p.in_office(self.settings.as_of) {
                    return;
                }
                !records.iter().any(|r| r.counts_for(&p.id.value.0))
            }
        };
        if none {
            let mut f = Finding::new(Category::Gap, FindingType::ChecklistItem, party.unit)
                .with_ref(owner)
                .placed(file, span);
            f.person = party.person.map(|p| p.id.value.0.as_str().to_owned());
            self.out.push(f);
        }
    }

    /// `no-records` and `missing-kind` of one point (§6).
    fn point_gaps(&mut self, doc: &PlanDoc, point: &Point) {
        let pid = point.id.value.0.as_str();
        let leads = self.resolver.point_leads(point);
        let duties = self.resolver.point_duties(point);
        for unit in leads.union(&duties) {
            if !self.unit_ok(unit) {
                continue;
            }
            let records = self.ledgers.records(unit, pid);
            if records.is_empty() {
                self.out.push(
                    Finding::new(Category::Gap, FindingType::NoRecords, unit)
                        .with_ref(pid)
                        .placed(doc.file, point.id.span),
                );
                continue;
            }
            let Some(header) = &doc.plan.plan else {
                continue;
            };
            if !leads.contains(unit) || header.requires.is_empty() {
                continue;
            }
            let have: BTreeSet<&str> = records.iter().map(|r| r.kind.value.0.as_str()).collect();
            let mut seen = BTreeSet::new();
            let kinds: Vec<String> = header
                .requires
                .iter()
                .map(|k| k.value.0.as_str())
                .filter(|k| !have.contains(k) && seen.insert(*k))
                .map(str::to_owned)
                .collect();
            if !kinds.is_empty() {
                let mut f = Finding::new(Category::Gap, FindingType::MissingKind, unit)
                    .with_ref(pid)
                    .placed(doc.file, point.id.span);
                f.kinds = Some(kinds);
                self.out.push(f);
            }
        }
    }

    /// Items with deadlines (§4.4).
    fn items(&mut self) {
        let as_of = self.settings.as_of;
        let repo = self.repo;
        for (unit, doc) in &repo.ledgers {
            if doc.flawed || !repo.units.contains_key(unit) {
                continue;
            }
            for it in &doc.items {
                if it.void.is_some() {
                    continue;
                }
                let Some(due) = item_due(repo, it, as_of) else {
                    continue;
                };
                let closed = it.closed.as_ref().map(|c| c.value).filter(|c| *c <= as_of);
                let mut f = Finding::new(Category::Late, FindingType::Item, unit)
                    .with_ref(&it.ref_.value.0)
                    .placed(doc.file, it.id.span);
                f.item = Some(it.id.value.0.as_str().to_owned());
                f.due = Some(due);
                let left = days_between(as_of, due);
                match closed {
                    Some(c) if c > due => {
                        f.closed = Some(c);
                        f.days_late = Some(days_between(due, c));
                    }
                    Some(_) => continue,
                    None if left < 0 => {
                        f.category = Category::Overdue;
                        f.days_overdue = Some(-left);
                    }
                    None if left <= self.settings.due_soon_days => {
                        f.category = Category::DueSoon;
                        f.days_left = Some(left);
                    }
                    None => continue,
                }
                self.out.push(f);
            }
        }
    }
}

/// A party held by value (the selector's result outlives no borrow).
struct OwnedParty<'r> {
    unit: String,
    person: Option<&'r Person>,
}

impl<'r> OwnedParty<'r> {
    fn as_party(&self) -> Party<'_> {
        Party {
            unit: &self.unit,
            person: self.person,
        }
    }
}

/// An item's due date as of a day: the last extension granted by then, else
/// its `due`, else the earliest of `opened` + its point's `deadline` and
/// `opened` + each matching `deadlines` rule (1.1, docs/format.md §1.1.9).
pub fn item_due(repo: &Repository, it: &crate::model::Item, as_of: Date) -> Option<Date> {
    it.extensions
        .iter()
        .rev()
        .find(|e| e.date.value <= as_of)
        .map(|e| e.due.value)
        .or(it.due.as_ref().map(|d| d.value))
        .or_else(|| default_due(repo, it))
}

/// The due date an item gets when it has none of its own: the earliest of
/// `opened` + its point's `deadline` and `opened` + each matching `deadlines`
/// rule (docs/format.md §1.1.9).
pub fn default_due(repo: &Repository, it: &crate::model::Item) -> Option<Date> {
    let point = repo
        .point(&it.ref_.value.0)
        .and_then(|(_, p)| p.deadline.as_ref()?.value.add_to(it.opened.value));
    let rules = repo
        .plans
        .iter()
        .flat_map(|d| d.plan.deadlines.iter().filter(|r| !d.is_flawed(&r.id)))
        .filter(|r| r.matches(it))
        .filter_map(|r| r.deadline.value.add_to(it.opened.value));
    point.into_iter().chain(rules).min()
}

/// Where one in-scope period of a recurring obligation stands (§4.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PeriodState {
    /// On-time records ≥ `min`.
    Met,
    /// Not met, not yet due.
    Pending,
    /// Met only by records dated after the due date.
    Late,
    /// Past due and not met.
    Overdue,
}

/// One obligated unit's (or, 1.1, person's) period of one recurring obligation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodStatus {
    pub unit: String,
    /// What records `ref`: the point, checklist item or plan-wide obligation id.
    pub owner: String,
    /// The obligation id (the owner itself for checklist items and plan-wide ones).
    pub obligation: String,
    pub period: Period,
    /// 1.1: the person party (whose records are in `unit`'s ledger).
    pub person: Option<String>,
    pub state: PeriodState,
    /// The date of the earliest counting record placed in the period (on
    /// time or not), if any: when its work was first done.
    pub first: Option<Date>,
}

/// The state of every in-scope period of every recurring obligation, per
/// obligated unit (or person) — the same walk as [`evaluate`], so the counts
/// agree with its findings (a `Late` period is a `late` finding, an `Overdue`
/// one an `overdue` finding). Coverage, regular and event obligations are not
/// calendar periods and are not listed. Sorted by unit, owner, obligation,
/// person, then period.
pub fn obligation_status(repo: &Repository, settings: Settings) -> Vec<PeriodStatus> {
    if repo.findings_blocked {
        return Vec::new();
    }
    let mut ev = Evaluator::new(repo, settings, true);
    ev.run();
    let mut states = ev.periods.unwrap_or_default();
    states.sort_by(|a, b| {
        (&a.unit, &a.owner, &a.obligation, &a.person, a.period).cmp(&(
            &b.unit,
            &b.owner,
            &b.obligation,
            &b.person,
            b.period,
        ))
    });
    states
}

/// The `every: regularly` obligations and checklist items that have no
/// maximum gap, so are tracked but not scored (docs/format.md §1.1.10.5):
/// `owner/id` (the id alone when it is its own owner), sorted.
pub fn unscored(repo: &Repository) -> Vec<String> {
    if repo.format < FormatVersion::V1_1 || repo.config.check.regular_max_gap.is_some() {
        return Vec::new();
    }
    let regular = |e: &Option<crate::model::Spanned<Every>>| {
        e.as_ref().is_some_and(|e| e.value == Every::Regularly)
    };
    let mut out = Vec::new();
    for doc in &repo.plans {
        for p in &doc.plan.points {
            for ob in &p.obligations {
                if regular(&ob.every) && ob.max_gap.is_none() {
                    out.push(format!("{}/{}", p.id.value.0, ob.id.value.0));
                }
            }
        }
        for ob in &doc.plan.obligations {
            if regular(&ob.every) && ob.max_gap.is_none() {
                out.push(ob.id.value.0.as_str().to_owned());
            }
        }
        for cl in &doc.plan.checklists {
            for it in &cl.items {
                if regular(&it.every) && it.max_gap.is_none() {
                    out.push(it.id.value.0.as_str().to_owned());
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// A finding with nothing set, for other modules' unit tests.
#[cfg(test)]
pub(crate) fn tests_finding() -> Finding {
    Finding::new(Category::Gap, FindingType::Coverage, "u")
}

/// Summary counts of findings, by category.
pub fn count(findings: &[Finding]) -> BTreeMap<Category, usize> {
    let mut m = BTreeMap::new();
    for f in findings {
        *m.entry(f.category).or_insert(0) += 1;
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{InputFile, analyze};

    fn date(s: &str) -> Date {
        crate::dates::parse_iso_date(s).expect("date")
    }

    /// One half-year obligation on two lead units, as of 2019-01-15 (plan issued
    /// 2018-04-19): in scope are 2018-H1 (due 06-30, after the start), 2018-H2 and
    /// 2019-H1 (begun, not yet due). jw reported on time in H1 and late for H2;
    /// zzb never reported.
    #[test]
    fn obligation_status_counts_every_period_and_agrees_with_findings() {
        let plan = "plan: {id: p, issued: 2018-04-19}
units:
  - {id: jw, name: 区纪委}
  - {id: zzb, name: 区委组织部}
points:
  - id: WP14
    title: 报告工作
    lead: [jw, zzb]
    obligations:
      - {id: report, title: 每半年报告, every: half-year}
";
        let jw = "unit: jw
records:
  - {id: r1, date: 2018-05-10, ref: WP14, kind: report, title: 上半年报告}
  - {id: r2, date: 2019-01-05, ref: WP14, kind: report, title: 下半年报告, period: 2018-H2}
";
        let files = vec![
            InputFile::new("ledger.toml", "[check]\n"),
            InputFile::new("plan/plan.yaml", plan),
            InputFile::new("units/jw.yaml", jw),
            InputFile::new("units/zzb.yaml", "unit: zzb\n"),
        ];
        let as_of = date("2019-01-15");
        let a = analyze(files, Some(as_of), as_of);
        assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
        let settings = Settings {
            as_of,
            due_soon_days: 30,
        };
        let got: Vec<(String, String, PeriodState)> = obligation_status(&a.repo, settings)
            .into_iter()
            .map(|s| {
                assert_eq!(
                    (s.owner.as_str(), s.obligation.as_str()),
                    ("WP14", "report")
                );
                (s.unit, s.period.label(), s.state)
            })
            .collect();
        let row = |u: &str, p: &str, s| (u.to_owned(), p.to_owned(), s);
        assert_eq!(
            got,
            vec![
                row("jw", "2018-H1", PeriodState::Met),
                row("jw", "2018-H2", PeriodState::Late),
                row("jw", "2019-H1", PeriodState::Pending),
                row("zzb", "2018-H1", PeriodState::Overdue),
                row("zzb", "2018-H2", PeriodState::Overdue),
                row("zzb", "2019-H1", PeriodState::Pending),
            ]
        );
        // One code path: the late and overdue periods are exactly the findings;
        // 2019-H1 is 166 days from due, beyond due_soon_days, so it reports nothing.
        let findings: Vec<(String, String, Category)> = evaluate(&a.repo, settings)
            .into_iter()
            .filter(|f| f.kind == FindingType::Obligation)
            .map(|f| (f.unit, f.period.unwrap_or_default(), f.category))
            .collect();
        assert_eq!(
            findings,
            vec![
                ("zzb".to_owned(), "2018-H1".to_owned(), Category::Overdue),
                ("zzb".to_owned(), "2018-H2".to_owned(), Category::Overdue),
                ("jw".to_owned(), "2018-H2".to_owned(), Category::Late),
            ]
        );
    }

    /// Every kind of finding points at the `id` entry of what was evaluated:
    /// the obligation (recurring or coverage, on a point or a checklist item),
    /// the point (no records, missing kinds), the checklist item, the item, or
    /// the unit's registry entry (no ledger).
    #[test]
    fn every_finding_points_at_the_entry_it_is_about() {
        let plan = "plan: {id: p, issued: 2018-04-19, requires: [rules]}
units:
  - {id: jw, name: 区纪委, tags: [department]}
  - {id: zzb, name: 区委组织部, tags: [department]}
  - {id: jd, name: 街道, tags: [street]}
points:
  - id: WP14
    title: 报告工作
    lead: [jw]
    obligations:
      - {id: report, title: 每半年报告, every: half-year}
      - {id: visit, title: 走访街道, cover: {tags: [street]}, within: year}
  - id: WP32
    title: 线索处置
    lead: [jw]
    deadline: 3 months
checklists:
  - id: dept
    title: 部门清单
    applies_to: {tags: [department]}
    items:
      - {id: D01, text: 部署任务}
      - {id: D02, text: 每半年专题会议, every: half-year}
";
        let jw = "unit: jw
records:
  - {id: r1, date: 2018-05-10, ref: WP14, kind: report, title: 报告}
items:
  - {id: XS-1, kind: clue, ref: WP32, title: 线索, opened: 2018-06-01}
";
        let files = vec![
            InputFile::new("ledger.toml", "[check]\n"),
            InputFile::new("plan/plan.yaml", plan),
            InputFile::new("units/jw.yaml", jw),
        ];
        let as_of = date("2019-01-15");
        let a = analyze(files, Some(as_of), as_of);
        assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
        let settings = Settings {
            as_of,
            due_soon_days: 30,
        };
        let findings = evaluate(&a.repo, settings);
        let mut kinds = BTreeSet::new();
        for f in &findings {
            kinds.insert(f.kind);
            let (file, span) = f.at.unwrap_or_else(|| panic!("no location: {f:?}"));
            let src = a.sources.get(file);
            let id = match f.kind {
                FindingType::Obligation | FindingType::Coverage => f.obligation.as_deref(),
                FindingType::Item => f.item.as_deref(),
                FindingType::NoLedger => Some(f.unit.as_str()),
                _ => f.ref_.as_deref(),
            }
            .expect("an id");
            // The span is the `id` value itself, and the key before it is `id`.
            let before = &src.text[..span.start as usize];
            assert_eq!(src.text.get(span.range()), Some(id), "{f:?}");
            assert!(before.trim_end().ends_with("id:"), "{f:?}: {before:?}");
            assert_eq!(
                &*src.path,
                if f.kind == FindingType::Item {
                    "units/jw.yaml"
                } else {
                    "plan/plan.yaml"
                }
            );
        }
        use FindingType as T;
        let all = [
            T::Obligation,
            T::Item,
            T::Coverage,
            T::NoLedger,
            T::NoRecords,
            T::MissingKind,
            T::ChecklistItem,
        ];
        assert_eq!(
            kinds,
            all.into_iter().collect::<BTreeSet<_>>(),
            "{findings:?}"
        );
    }
}
