//! Evaluation: the validated model and an evaluation date to a sorted list of
//! findings (spec §4, §6). It neither reads files nor prints.
//!
//! Cost grows with records + periods, not records × periods: each unit's
//! counting records are grouped by `ref` once, and each record is attributed to
//! its one period of an obligation's cadence by arithmetic, not by search.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::dates::{Cadence, Date, MonthDay, Period, Share, days_between};
use crate::model::{Obligation, Point, Record, Selector, Window, Within};
use crate::select::Resolver;
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
            days_overdue: None,
            days_left: None,
            days_late: None,
            have: None,
            need: None,
            missing: None,
            kinds: None,
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

    /// The sort key of §8.1: category, unit, ref, obligation or item, period, type.
    fn sort_key(&self) -> (Category, &str, &str, &str, &str, &str) {
        (
            self.category,
            &self.unit,
            self.ref_.as_deref().unwrap_or(""),
            self.obligation
                .as_deref()
                .or(self.item.as_deref())
                .unwrap_or(""),
            self.period.as_deref().unwrap_or(""),
            self.kind.as_str(),
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

/// A recurring or coverage rule, wherever it was written.
struct Rule<'a> {
    /// What records must `ref`: the point, checklist item or plan-wide obligation.
    owner: &'a str,
    /// The id findings name as `obligation`.
    id: &'a str,
    kind: Option<&'a str>,
    start: Date,
    end: Option<Date>,
    /// Where the rule is written, for its findings' [`Finding::at`].
    at: (FileId, Span),
}

pub fn evaluate(repo: &Repository, settings: Settings) -> Vec<Finding> {
    if repo.findings_blocked {
        return Vec::new();
    }
    let mut ev = Evaluator {
        repo,
        settings,
        resolver: Resolver::new(repo),
        ledgers: Ledgers::new(repo, settings.as_of),
        out: Vec::new(),
        periods: None,
    };
    ev.run();
    let mut out = ev.out;
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out.dedup_by(|a, b| a.sort_key() == b.sort_key());
    out
}

struct Evaluator<'r> {
    repo: &'r Repository,
    settings: Settings,
    resolver: Resolver<'r>,
    ledgers: Ledgers<'r>,
    out: Vec<Finding>,
    /// When asked for ([`obligation_status`]): the state of every in-scope period.
    periods: Option<Vec<PeriodStatus>>,
}

impl<'r> Evaluator<'r> {
    /// A unit whose ledger has an error has an unknown state: it gets no findings.
    fn unit_ok(&self, unit: &str) -> bool {
        self.repo.ledgers.get(unit).is_none_or(|l| !l.flawed)
    }

    fn run(&mut self) {
        let repo = self.repo;
        let mut involved: BTreeSet<String> = BTreeSet::new();
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
                    let units = self.resolver.resolve(who, doc, Some(point));
                    if active {
                        involved.extend(units.iter().cloned());
                    }
                    self.obligation(doc, ob, &point.id.value.0, Some(point), &units);
                }
                if active {
                    involved.extend(self.resolver.resolve(&Selector::All, doc, Some(point)));
                    self.point_gaps(doc, point);
                }
            }
            for ob in &doc.plan.obligations {
                if doc.is_flawed(&ob.id) {
                    continue;
                }
                let Some(who) = &ob.who else { continue };
                let units = self.resolver.resolve(&who.value, doc, None);
                if active {
                    involved.extend(units.iter().cloned());
                }
                self.obligation(doc, ob, &ob.id.value.0, None, &units);
            }
            for cl in &doc.plan.checklists {
                if doc.is_flawed(&cl.id) {
                    continue;
                }
                let units = self.resolver.resolve(&cl.applies_to.value, doc, None);
                if active {
                    involved.extend(units.iter().cloned());
                }
                for it in &cl.items {
                    if doc.is_flawed(&it.id) {
                        continue;
                    }
                    let owner = it.id.value.0.as_str();
                    match &it.every {
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
                            let min = it.min.as_ref().map_or(1, |m| m.value as usize);
                            let due = it.due.as_ref().map(|d| d.value);
                            let window = it.window.is_some();
                            for u in &units {
                                self.recurring(&rule, u, every.value, min, due, window);
                            }
                        }
                        None if active => {
                            for u in &units {
                                if self.unit_ok(u) && self.ledgers.records(u, owner).is_empty() {
                                    self.out.push(
                                        Finding::new(Category::Gap, FindingType::ChecklistItem, u)
                                            .with_ref(owner)
                                            .placed(doc.file, it.id.span),
                                    );
                                }
                            }
                        }
                        None => {}
                    }
                }
            }
        }
        for unit in involved {
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

    fn obligation(
        &mut self,
        doc: &PlanDoc,
        ob: &'r Obligation,
        owner: &'r str,
        point: Option<&Point>,
        units: &BTreeSet<String>,
    ) {
        let _ = point;
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
            let min = ob.min.as_ref().map_or(1, |m| m.value as usize);
            let due = ob.due.as_ref().map(|d| d.value);
            let window = ob
                .window
                .as_ref()
                .is_some_and(|w| w.value == Window::LastMonth);
            for u in units {
                self.recurring(&rule, u, every.value, min, due, window);
            }
        } else if let (Some(cover), Some(within)) = (&ob.cover, &ob.within) {
            let targets = self.resolver.resolve(&cover.value, doc, point);
            let share = ob.share.as_ref().map_or(Share::FULL, |s| s.value);
            for u in units {
                self.coverage(&rule, u, &targets, within.value, share);
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

    fn counting<'s>(
        &'s self,
        rule: &Rule<'s>,
        unit: &str,
    ) -> impl Iterator<Item = &'r Record> + 's {
        let kind = rule.kind;
        self.ledgers
            .records(unit, rule.owner)
            .iter()
            .copied()
            .filter(move |r| kind.is_none_or(|k| r.kind.value.0 == k))
    }

    fn recurring(
        &mut self,
        rule: &Rule<'_>,
        unit: &str,
        cadence: Cadence,
        min: usize,
        due: Option<MonthDay>,
        window: bool,
    ) {
        if !self.unit_ok(unit) {
            return;
        }
        let periods = self.periods(rule, cadence, due);
        if periods.is_empty() {
            return;
        }
        // (on time, any) counts per period, each record placed once.
        let mut counts: HashMap<Period, (usize, usize)> = HashMap::new();
        for r in self.counting(rule, unit) {
            let placed = match r.period.as_ref().map(|p| p.value) {
                Some(p) if p.cadence() == cadence => Some(p),
                _ => {
                    let p = Period::containing(cadence, r.date.value);
                    (!window || r.date.value >= p.last_month_start()).then_some(p)
                }
            };
            if let Some(p) = placed {
                let c = counts.entry(p).or_default();
                c.1 += 1;
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
                    unit: unit.to_owned(),
                    owner: rule.owner.to_owned(),
                    obligation: rule.id.to_owned(),
                    period: p,
                    state,
                });
            }
            let category = match state {
                PeriodState::Met => continue,
                PeriodState::Pending if left > self.settings.due_soon_days => continue,
                PeriodState::Pending => Category::DueSoon,
                PeriodState::Late => Category::Late,
                PeriodState::Overdue => Category::Overdue,
            };
            let mut f = Finding::new(category, FindingType::Obligation, unit)
                .with_ref(rule.owner)
                .placed(rule.at.0, rule.at.1);
            f.obligation = Some(rule.id.to_owned());
            f.period = Some(p.label());
            f.due = Some(due_date);
            f.have = Some(have);
            f.need = Some(min);
            match category {
                Category::DueSoon => f.days_left = Some(left),
                Category::Overdue => f.days_overdue = Some(-left),
                _ => {}
            }
            self.out.push(f);
        }
    }

    fn coverage(
        &mut self,
        rule: &Rule<'_>,
        unit: &str,
        targets: &BTreeSet<String>,
        within: Within,
        share: Share,
    ) {
        if !self.unit_ok(unit) {
            return;
        }
        let mut targets = targets.clone();
        targets.remove(unit);
        let as_of = self.settings.as_of;
        if as_of < rule.start {
            return;
        }
        let windows: Vec<(String, Date, Date)> = match within {
            Within::Term => match &self.repo.config.term {
                Some(t) => vec![("term".to_owned(), t.start.value, t.end.value)],
                None => return,
            },
            Within::Year => Period::covering(Cadence::Year, rule.start, as_of)
                .map(|p| (p.label(), p.first_day(), p.last_day()))
                .collect(),
        };
        for (label, first, due) in windows {
            if due < rule.start || first > as_of || rule.end.is_some_and(|e| first > e) {
                continue;
            }
            let need = share.need(targets.len());
            let mut covered: BTreeSet<&str> = BTreeSet::new();
            for r in self.counting(rule, unit) {
                if r.date.value >= first && r.date.value <= due {
                    covered.extend(
                        r.all_targets()
                            .map(|t| t.value.0.as_str())
                            .filter(|t| targets.contains(*t)),
                    );
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
            let left = days_between(as_of, due);
            let make = |category: Category| {
                let mut f = Finding::new(category, FindingType::Coverage, unit)
                    .with_ref(rule.owner)
                    .placed(rule.at.0, rule.at.1);
                f.obligation = Some(rule.id.to_owned());
                f.period = Some(label.clone());
                f.due = Some(due);
                f.have = Some(have);
                f.need = Some(need);
                f.missing = Some(missing.clone());
                f
            };
            if as_of <= due {
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

    /// `no-records` and `missing-kind` of one point (§6).
    fn point_gaps(&mut self, doc: &PlanDoc, point: &Point) {
        let pid = point.id.value.0.as_str();
        let leads = self.resolver.resolve(&Selector::Lead, doc, Some(point));
        let duties = self.resolver.resolve(&Selector::Duties, doc, Some(point));
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
                f.item = Some(it.id.value.0.clone());
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

/// An item's due date as of a day: the last extension granted by then, else
/// its `due`, else `opened` + its point's `deadline`.
pub fn item_due(repo: &Repository, it: &crate::model::Item, as_of: Date) -> Option<Date> {
    it.extensions
        .iter()
        .rev()
        .find(|e| e.date.value <= as_of)
        .map(|e| e.due.value)
        .or(it.due.as_ref().map(|d| d.value))
        .or_else(|| {
            let (_, p) = repo.point(&it.ref_.value.0)?;
            p.deadline.as_ref()?.value.add_to(it.opened.value)
        })
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

/// One obligated unit's period of one recurring obligation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodStatus {
    pub unit: String,
    /// What records `ref`: the point, checklist item or plan-wide obligation id.
    pub owner: String,
    /// The obligation id (the owner itself for checklist items and plan-wide ones).
    pub obligation: String,
    pub period: Period,
    pub state: PeriodState,
}

/// The state of every in-scope period of every recurring obligation, per
/// obligated unit — the same walk as [`evaluate`], so the counts agree with its
/// findings (a `Late` period is a `late` finding, an `Overdue` one an `overdue`
/// finding). Coverage obligations are not periods and are not listed. Sorted by
/// unit, owner, obligation, then period.
pub fn obligation_status(repo: &Repository, settings: Settings) -> Vec<PeriodStatus> {
    if repo.findings_blocked {
        return Vec::new();
    }
    let mut ev = Evaluator {
        repo,
        settings,
        resolver: Resolver::new(repo),
        ledgers: Ledgers::new(repo, settings.as_of),
        out: Vec::new(),
        periods: Some(Vec::new()),
    };
    ev.run();
    let mut states = ev.periods.unwrap_or_default();
    states.sort_by(|a, b| {
        (&a.unit, &a.owner, &a.obligation, a.period).cmp(&(
            &b.unit,
            &b.owner,
            &b.obligation,
            b.period,
        ))
    });
    states
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
