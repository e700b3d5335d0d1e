//! `ledger summary`: the tables an office compiles its annual summary from —
//! per unit, per work point, and for the plan as a whole.
//!
//! Pure: a validated [`Repository`], its findings and the evaluation settings
//! in, an [`Overview`] out. It neither reads files nor prints; the renderers in
//! `render::summary` lay it out. Deadline logic is not repeated here: finding
//! counts come from [`eval::evaluate`]'s findings, and obligation periods from
//! [`eval::obligation_status`], the same walk.
//!
//! Counting rules (as of `as_of`):
//! - a record counts when it is not void and dated on or before `as_of`;
//! - an item counts when it is not void and opened on or before `as_of`; it is
//!   closed when its `closed` is on or before `as_of`, else open;
//! - 整改完成率 = closed rectification items / counted rectification items
//!   (kind `rectification` only: clues, tasks and other items are not counted);
//! - open items due more than `due_soon_days` ahead are listed as `upcoming`
//!   (the nearer ones are `due-soon` findings already).
//!
//! With a year scope ([`crate::scope::Year`]), the caller trims the repository
//! and passes the scope's findings and periods to [`compute_with`].
//!
//! With a unit filter, every count is restricted to those units (unit rows,
//! findings, records, items, obligation periods); the points table still
//! lists every point.

use std::collections::{BTreeSet, HashMap};

use crate::dates::Date;
use crate::eval::{self, Category, Finding, PeriodState, PeriodStatus, Settings};
use crate::model::{Item, ItemKind, Record};
use crate::validate::Repository;

/// Everything `ledger summary` reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overview {
    pub as_of: Date,
    /// The year scope the counts are limited to (`--year`), if any.
    pub scope: Option<crate::scope::Scope>,
    /// `check.due_soon_days`: items due later than this are [`Overview::upcoming`].
    pub due_soon_days: i64,
    pub units: Vec<UnitRow>,
    pub points: Vec<PointRow>,
    pub plan: PlanTotals,
    /// Open items due more than `due_soon_days` ahead, by due date.
    pub upcoming: Vec<Upcoming>,
}

/// An open item not yet due soon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upcoming {
    pub unit: String,
    pub unit_name: String,
    pub item: String,
    pub title: String,
    pub kind: ItemKind,
    pub ref_: String,
    pub due: Date,
    pub days_left: i64,
}

/// A part of a whole: closed of opened, met of due.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ratio {
    pub done: usize,
    pub total: usize,
}

impl Ratio {
    /// Per mille, rounded half up (so 1/16 is 62.5‰ → 63, read 6.3%); `None` when
    /// there is nothing to divide.
    pub fn permille(self) -> Option<u64> {
        if self.total == 0 {
            return None;
        }
        let (done, total) = (self.done as u64, self.total as u64);
        Some((done * 2000 + total) / (2 * total))
    }

    /// `66.7%`, or `None` when there is nothing to divide.
    pub fn percent(self) -> Option<String> {
        self.permille()
            .map(|pm| format!("{}.{}%", pm / 10, pm % 10))
    }

    fn add(&mut self, other: Ratio) {
        self.done += other.done;
        self.total += other.total;
    }
}

/// One unit's row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitRow {
    pub id: String,
    pub name: String,
    /// Points naming the unit in `lead`.
    pub points_led: usize,
    /// Points naming the unit in `support`.
    pub points_supported: usize,
    pub records: usize,
    pub items_open: usize,
    pub items_closed: usize,
    /// Closed rectification items of all counted ones (整改完成率).
    pub rectification: Ratio,
    pub overdue: usize,
    pub due_soon: usize,
    pub late: usize,
    pub gaps: usize,
}

/// How a point stands, worst first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PointStatus {
    /// An `overdue` finding refs the point.
    Overdue,
    /// No overdue, but a gap refs it.
    Gaps,
    /// Neither, but something on it is due soon.
    DueSoon,
    OnTrack,
}

impl PointStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PointStatus::Overdue => "overdue",
            PointStatus::Gaps => "gaps",
            PointStatus::DueSoon => "due-soon",
            PointStatus::OnTrack => "on-track",
        }
    }
}

/// In-scope periods of recurring obligations (§4.2), one per obligated unit
/// and period, by state. A period not yet due counts: met when it already is,
/// else pending.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PeriodCounts {
    pub met: usize,
    pub pending: usize,
    pub late: usize,
    pub overdue: usize,
}

impl PeriodCounts {
    pub fn total(self) -> usize {
        self.met + self.pending + self.late + self.overdue
    }
}

/// One work point's row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PointRow {
    pub id: String,
    pub no: Option<u32>,
    pub title: String,
    /// Lead unit ids, as written.
    pub lead: Vec<String>,
    /// Their names (the id when a unit is not registered).
    pub lead_names: Vec<String>,
    /// Counting records whose `ref` is the point, from any unit.
    pub records: usize,
    /// In-scope periods of the point's recurring obligations, per obligated unit.
    pub periods: PeriodCounts,
    pub items_open: usize,
    pub status: PointStatus,
}

/// The whole repository (or the selected units) in one row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanTotals {
    /// `title` of ledger.toml, else the first plan header's `title`.
    pub title: Option<String>,
    pub points: usize,
    /// Unit rows.
    pub units: usize,
    pub records: usize,
    pub items_open: usize,
    pub items_closed: usize,
    pub rectification: Ratio,
    pub overdue: usize,
    pub due_soon: usize,
    pub late: usize,
    pub gaps: usize,
}

fn counts(r: &Record, as_of: Date) -> bool {
    !r.is_void() && r.date.value <= as_of
}

/// `Some(closed)` for an item that exists as of `as_of`.
fn item_state(it: &Item, as_of: Date) -> Option<bool> {
    (it.void.is_none() && it.opened.value <= as_of)
        .then(|| it.closed.as_ref().is_some_and(|c| c.value <= as_of))
}

/// Compute the summary. `findings` are [`eval::evaluate`]'s and `periods`
/// [`eval::obligation_status`]'s for the same settings (or a
/// [`crate::scope::Year`] scope's); `only`, when given, restricts every count
/// to those units.
pub(crate) fn compute_with(
    repo: &Repository,
    findings: &[Finding],
    periods: &[PeriodStatus],
    settings: Settings,
    only: Option<&BTreeSet<String>>,
) -> Overview {
    let as_of = settings.as_of;
    let wanted = |u: &str| only.is_none_or(|set| set.contains(u));
    let findings: Vec<&Finding> = findings.iter().filter(|f| wanted(&f.unit)).collect();

    // Units in registry order (plan files by name, then as listed).
    let mut unit_ids: Vec<(usize, usize, &str)> = repo
        .units
        .iter()
        .map(|(id, &(p, u))| (p, u, id.as_str()))
        .collect();
    unit_ids.sort_unstable();

    let points: Vec<&crate::model::Point> = repo
        .plans
        .iter()
        .flat_map(|d| d.plan.points.iter())
        .collect();
    // Leads and support as the plan means them (1.1: tag entries, groups and
    // reported bodies resolved).
    let resolver = crate::select::Resolver::new(repo);
    let leads: Vec<BTreeSet<String>> = points.iter().map(|p| resolver.point_leads(p)).collect();
    let supports: Vec<BTreeSet<String>> =
        points.iter().map(|p| resolver.point_support(p)).collect();

    let mut units = Vec::new();
    for (_, _, id) in unit_ids {
        // A group or a reported body (1.1) has no duties of its own: its
        // members, or the unit recording for it, are counted instead.
        if !wanted(id)
            || repo
                .unit(id)
                .is_some_and(crate::model::Unit::keeps_no_ledger)
        {
            continue;
        }
        let mut row = UnitRow {
            id: id.to_owned(),
            name: repo.unit_name(id).to_owned(),
            points_led: leads.iter().filter(|l| l.contains(id)).count(),
            points_supported: supports.iter().filter(|s| s.contains(id)).count(),
            records: 0,
            items_open: 0,
            items_closed: 0,
            rectification: Ratio::default(),
            overdue: 0,
            due_soon: 0,
            late: 0,
            gaps: 0,
        };
        if let Some(doc) = repo.ledgers.get(id) {
            row.records = doc.records.iter().filter(|r| counts(r, as_of)).count();
            for it in &doc.items {
                let Some(closed) = item_state(it, as_of) else {
                    continue;
                };
                if closed {
                    row.items_closed += 1;
                } else {
                    row.items_open += 1;
                }
                if it.kind.value == ItemKind::Rectification {
                    row.rectification.total += 1;
                    row.rectification.done += usize::from(closed);
                }
            }
        }
        for f in findings.iter().filter(|f| f.unit == id) {
            match f.category {
                Category::Overdue => row.overdue += 1,
                Category::DueSoon => row.due_soon += 1,
                Category::Late => row.late += 1,
                Category::Gap => row.gaps += 1,
            }
        }
        units.push(row);
    }

    // Per point: records and open items of the wanted units, by ref.
    let mut records_on: HashMap<&str, usize> = HashMap::new();
    let mut open_on: HashMap<&str, usize> = HashMap::new();
    for (unit, doc) in &repo.ledgers {
        if !wanted(unit) {
            continue;
        }
        for r in doc.records.iter().filter(|r| counts(r, as_of)) {
            *records_on.entry(r.ref_.value.0.as_str()).or_default() += 1;
        }
        for it in &doc.items {
            if item_state(it, as_of) == Some(false) {
                *open_on.entry(it.ref_.value.0.as_str()).or_default() += 1;
            }
        }
    }
    let mut periods_on: HashMap<String, PeriodCounts> = HashMap::new();
    for s in periods {
        if wanted(&s.unit) {
            let c = periods_on.entry(s.owner.clone()).or_default();
            match s.state {
                PeriodState::Met => c.met += 1,
                PeriodState::Pending => c.pending += 1,
                PeriodState::Late => c.late += 1,
                PeriodState::Overdue => c.overdue += 1,
            }
        }
    }
    let mut status_on: HashMap<&str, PointStatus> = HashMap::new();
    for f in &findings {
        let Some(r) = f.ref_.as_deref() else { continue };
        let s = match f.category {
            Category::Overdue => PointStatus::Overdue,
            Category::Gap => PointStatus::Gaps,
            Category::DueSoon => PointStatus::DueSoon,
            Category::Late => continue,
        };
        let e = status_on.entry(r).or_insert(PointStatus::OnTrack);
        *e = (*e).min(s);
    }
    let point_rows: Vec<PointRow> = points
        .iter()
        .map(|p| {
            let id = p.id.value.0.as_str();
            let lead: Vec<String> = resolver.leads_as_written(p);
            PointRow {
                id: id.to_owned(),
                no: p.no.as_ref().map(|n| n.value),
                title: p.title.value.clone(),
                lead_names: lead.iter().map(|l| repo.unit_name(l).to_owned()).collect(),
                lead,
                records: records_on.get(id).copied().unwrap_or(0),
                periods: periods_on.get(id).copied().unwrap_or_default(),
                items_open: open_on.get(id).copied().unwrap_or(0),
                status: status_on.get(id).copied().unwrap_or(PointStatus::OnTrack),
            }
        })
        .collect();

    let mut plan = PlanTotals {
        title: repo
            .config
            .title
            .as_ref()
            .map(|t| t.value.clone())
            .or_else(|| {
                repo.plans
                    .iter()
                    .find_map(|d| d.plan.plan.as_ref()?.title.as_ref())
                    .map(|t| t.value.clone())
            }),
        points: point_rows.len(),
        units: units.len(),
        records: 0,
        items_open: 0,
        items_closed: 0,
        rectification: Ratio::default(),
        overdue: 0,
        due_soon: 0,
        late: 0,
        gaps: 0,
    };
    for u in &units {
        plan.records += u.records;
        plan.items_open += u.items_open;
        plan.items_closed += u.items_closed;
        plan.rectification.add(u.rectification);
    }
    for f in &findings {
        match f.category {
            Category::Overdue => plan.overdue += 1,
            Category::DueSoon => plan.due_soon += 1,
            Category::Late => plan.late += 1,
            Category::Gap => plan.gaps += 1,
        }
    }
    let mut upcoming = Vec::new();
    for (unit, doc) in &repo.ledgers {
        if !wanted(unit) || doc.flawed || !repo.units.contains_key(unit) {
            continue;
        }
        for it in &doc.items {
            if item_state(it, as_of) != Some(false) {
                continue;
            }
            let Some(due) = eval::item_due(repo, it, as_of) else {
                continue;
            };
            let days_left = crate::dates::days_between(as_of, due);
            if days_left > settings.due_soon_days {
                upcoming.push(Upcoming {
                    unit: unit.clone(),
                    unit_name: repo.unit_name(unit).to_owned(),
                    item: it.id.value.0.as_str().to_owned(),
                    title: it.title.value.clone(),
                    kind: it.kind.value,
                    ref_: it.ref_.value.0.as_str().to_owned(),
                    due,
                    days_left,
                });
            }
        }
    }
    upcoming.sort_by(|a, b| (a.due, &a.unit, &a.item).cmp(&(b.due, &b.unit, &b.item)));
    Overview {
        as_of,
        scope: None,
        due_soon_days: settings.due_soon_days,
        units,
        points: point_rows,
        plan,
        upcoming,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_has_one_decimal_rounded_half_up() {
        let r = |done, total| Ratio { done, total }.percent();
        assert_eq!(r(0, 0), None);
        assert_eq!(r(0, 3).as_deref(), Some("0.0%"));
        assert_eq!(r(2, 3).as_deref(), Some("66.7%"));
        assert_eq!(r(1, 3).as_deref(), Some("33.3%"));
        assert_eq!(r(1, 16).as_deref(), Some("6.3%")); // 6.25 → 6.3, not banker's 6.2
        assert_eq!(r(3, 3).as_deref(), Some("100.0%"));
        assert_eq!(r(1, 8).as_deref(), Some("12.5%"));
    }
}
