//! The annual 落实情况报告 (`ledger report --year`): what a lead unit sends the
//! 区党廉办 by 12-10, or the plan-wide version the 区党廉办 compiles.
//!
//! Three steps, each pure: [`build`] gathers the year's facts into an
//! [`AnnualReport`] (data, no words); [`layout`] words it as a list of
//! [`layout::Block`]s in the chosen language; [`markdown`] and [`docx`] write
//! those blocks. So the Word file and the Markdown say the same thing.

pub(crate) mod cmd;
pub(crate) mod docx;
pub(crate) mod facts;
pub(crate) mod layout;
pub(crate) mod markdown;

use std::collections::BTreeSet;

use crate::dates::Date;
use crate::eval::{self, Category, Finding, PeriodState, Settings};
use crate::model::ItemKind;
use crate::summary::Ratio;
use crate::validate::Repository;

use facts::{Concerns, ItemLine, UnitName, YearScope};

/// Everything the annual report says, for one unit or the whole plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AnnualReport {
    pub(crate) year: i32,
    /// The evaluation date inside the year.
    pub(crate) as_of: Date,
    pub(crate) plan_title: Option<String>,
    pub(crate) doc_no: Option<String>,
    /// `(id, name)` of the reporting unit; `None` for the plan-wide report.
    pub(crate) unit: Option<(String, String)>,
    pub(crate) totals: Totals,
    /// Plan-wide report only: one line per registered unit.
    pub(crate) units: Vec<UnitLine>,
    /// The points the unit leads (plan-wide: every point), in plan order.
    pub(crate) points: Vec<PointSection>,
    /// Plan-wide obligations and recurring checklist items binding the unit(s).
    pub(crate) plan_wide: Vec<ObligationLine>,
    /// Items of the unit (plan-wide: of every unit) open at some time in the year.
    pub(crate) items: Vec<ItemLine>,
    /// Findings of the unit or on its points, by category: what is still open
    /// (overdue, due soon), what was late, the gaps.
    pub(crate) overdue: Vec<FindingLine>,
    pub(crate) due_soon: Vec<FindingLine>,
    pub(crate) late: Vec<FindingLine>,
    pub(crate) gaps: Vec<FindingLine>,
}

/// The headline numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Totals {
    pub(crate) points: usize,
    pub(crate) records: usize,
    pub(crate) items: usize,
    pub(crate) items_closed: usize,
    /// Closed rectification items of those in scope (整改完成率).
    pub(crate) rectification: Ratio,
    pub(crate) periods: usize,
    pub(crate) periods_met: usize,
    pub(crate) overdue: usize,
    pub(crate) due_soon: usize,
    pub(crate) late: usize,
    pub(crate) gaps: usize,
}

/// One unit's line in the plan-wide report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct UnitLine {
    pub(crate) id: String,
    pub(crate) name: String,
    /// 1.1: the bodies without a ledger (`reported_by`) this unit records for.
    pub(crate) recorded_for: Vec<String>,
    pub(crate) points_led: usize,
    pub(crate) records: usize,
    pub(crate) items: usize,
    pub(crate) items_closed: usize,
    pub(crate) rectification: Ratio,
    pub(crate) overdue: usize,
    pub(crate) late: usize,
    pub(crate) gaps: usize,
}

/// One work point: what was done on it, what it owes, what is open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PointSection {
    pub(crate) id: String,
    pub(crate) no: Option<u32>,
    pub(crate) title: String,
    /// As the plan names them (a group or a reported body by its own name).
    pub(crate) lead: Vec<UnitName>,
    pub(crate) support: Vec<UnitName>,
    /// 1.1 `support_open`: the plan's list of supporting units ends in 等.
    pub(crate) support_open: bool,
    pub(crate) records: Vec<RecordLine>,
    pub(crate) obligations: Vec<ObligationLine>,
    pub(crate) items: Vec<ItemLine>,
    pub(crate) findings: Vec<FindingLine>,
}

/// A record of work done in the year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RecordLine {
    pub(crate) date: Date,
    pub(crate) unit: String,
    pub(crate) unit_name: String,
    pub(crate) kind: String,
    pub(crate) title: String,
    pub(crate) evidence: Vec<String>,
}

/// One obligated unit's periods of one recurring obligation in the year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ObligationLine {
    pub(crate) owner: String,
    pub(crate) obligation: String,
    pub(crate) title: String,
    pub(crate) unit: String,
    pub(crate) unit_name: String,
    /// The owner is a checklist item (its title is the item's text).
    pub(crate) checklist: bool,
    pub(crate) periods: Vec<PeriodLine>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PeriodLine {
    pub(crate) label: String,
    pub(crate) due: Date,
    pub(crate) state: PeriodState,
    /// When the work was first done (met or late periods).
    pub(crate) done: Option<Date>,
}

/// A finding with the names a reader needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FindingLine {
    pub(crate) finding: Finding,
    pub(crate) unit_name: String,
    /// The point, checklist item or plan-wide obligation's title.
    pub(crate) ref_title: Option<String>,
    /// The item's or the obligation's title.
    pub(crate) what_title: Option<String>,
    /// Names of the units (1.1: or people) not yet covered (coverage findings).
    pub(crate) missing_names: Vec<String>,
    /// 1.1: whom or what it concerns (person, target, event, draw).
    pub(crate) concerns: Concerns,
    /// When late work was done: the item's closing day, the period's first record.
    pub(crate) done: Option<Date>,
}

/// Gather the year's report. `unit`: the reporting lead unit, or `None` for
/// the plan-wide version. `settings.as_of` is the evaluation date; the year
/// is evaluated as of its end or that date, whichever is earlier.
pub(crate) fn build(
    repo: &mut Repository,
    settings: Settings,
    scope: YearScope,
    unit: Option<&str>,
) -> AnnualReport {
    let (findings, statuses) = scope.apply(repo, settings);
    let repo: &Repository = repo;
    let as_of = scope.as_of;

    let all_points: Vec<&crate::model::Point> = repo
        .plans
        .iter()
        .flat_map(|d| d.plan.points.iter())
        .collect();
    let resolver = crate::select::Resolver::new(repo);
    let led: Vec<&crate::model::Point> = all_points
        .iter()
        .copied()
        .filter(|p| unit.is_none_or(|u| resolver.point_leads(p).contains(u)))
        .collect();
    let led_ids: BTreeSet<&str> = led.iter().map(|p| p.id.value.0.as_str()).collect();

    let line_of = |f: &Finding| finding_line(repo, f);
    let obligation_lines = |pred: &dyn Fn(&eval::PeriodStatus) -> bool| {
        obligation_lines(repo, statuses.iter().filter(|s| pred(s)))
    };

    let mut points = Vec::new();
    for p in &led {
        let pid = p.id.value.0.as_str();
        let mut records: Vec<RecordLine> = Vec::new();
        let mut items: Vec<ItemLine> = Vec::new();
        for (u, doc) in &repo.ledgers {
            if !repo.units.contains_key(u) {
                continue;
            }
            for r in doc.records.iter().filter(|r| r.ref_.value.0 == pid) {
                if scope.record(r) {
                    records.push(record_line(repo, u, r));
                }
            }
            for it in doc.items.iter().filter(|i| i.ref_.value.0 == pid) {
                if scope.item(it) {
                    items.push(facts::item_line(repo, u, it, as_of));
                }
            }
        }
        // By date; on one day the lead's own work first.
        let leads: BTreeSet<String> = resolver.point_leads(p);
        records.sort_by_key(|r| (r.date, !leads.contains(r.unit.as_str()), r.unit.clone()));
        items.sort_by(|a, b| (a.opened, &a.unit, &a.id).cmp(&(b.opened, &b.unit, &b.id)));
        points.push(PointSection {
            id: pid.to_owned(),
            no: p.no.as_ref().map(|n| n.value),
            title: p.title.value.clone(),
            lead: resolver
                .leads_as_written(p)
                .iter()
                .map(|l| UnitName::of(repo, l))
                .collect(),
            support: resolver
                .support_as_written(p)
                .iter()
                .map(|l| UnitName::of(repo, l))
                .collect(),
            support_open: p.support_open.as_ref().is_some_and(|o| o.value),
            records,
            obligations: obligation_lines(&|s| s.owner == pid),
            items,
            findings: findings
                .iter()
                .filter(|f| f.ref_.as_deref() == Some(pid))
                .map(line_of)
                .collect(),
        });
    }

    let mine = |u: &str| unit.is_none_or(|w| w == u);
    let plan_wide = obligation_lines(&|s| mine(&s.unit) && repo.point(&s.owner).is_none());

    let mut items: Vec<ItemLine> = Vec::new();
    for (u, doc) in &repo.ledgers {
        if !mine(u) || !repo.units.contains_key(u) {
            continue;
        }
        for it in doc.items.iter().filter(|i| scope.item(i)) {
            items.push(facts::item_line(repo, u, it, as_of));
        }
    }
    items.sort_by(|a, b| (&a.unit, a.opened, &a.id).cmp(&(&b.unit, b.opened, &b.id)));

    // The unit's own findings, and anyone's on the points it leads.
    let relevant: Vec<&Finding> = findings
        .iter()
        .filter(|f| {
            unit.is_none()
                || mine(&f.unit)
                || f.ref_.as_deref().is_some_and(|r| led_ids.contains(r))
        })
        .collect();
    let by = |c: Category| -> Vec<FindingLine> {
        relevant
            .iter()
            .filter(|f| f.category == c)
            .map(|f| line_of(f))
            .collect()
    };

    let mut totals = Totals {
        points: points.len(),
        ..Totals::default()
    };
    let mut unit_lines = Vec::new();
    // A group or a body reported by another unit (1.1) has no line: its
    // members, or the unit recording for it, are counted instead.
    for u in facts::ledger_units_in_order(repo) {
        if !mine(&u) {
            continue;
        }
        let mut line = UnitLine {
            name: repo.unit_name(&u).to_owned(),
            recorded_for: facts::recorded_for(repo, &u),
            points_led: all_points
                .iter()
                .filter(|p| resolver.point_leads(p).contains(&u))
                .count(),
            records: 0,
            items: 0,
            items_closed: 0,
            rectification: Ratio::default(),
            overdue: 0,
            late: 0,
            gaps: 0,
            id: u.clone(),
        };
        if let Some(doc) = repo.ledgers.get(&u) {
            line.records = doc.records.iter().filter(|r| scope.record(r)).count();
        }
        for it in items.iter().filter(|i| i.unit == u) {
            let closed = it.state == facts::ItemState::Closed;
            line.items += 1;
            line.items_closed += usize::from(closed);
            if it.kind == ItemKind::Rectification {
                line.rectification.total += 1;
                line.rectification.done += usize::from(closed);
            }
        }
        for f in findings.iter().filter(|f| f.unit == u) {
            match f.category {
                Category::Overdue => line.overdue += 1,
                Category::Late => line.late += 1,
                Category::Gap => line.gaps += 1,
                Category::DueSoon => {}
            }
        }
        totals.records += line.records;
        totals.items += line.items;
        totals.items_closed += line.items_closed;
        totals.rectification.done += line.rectification.done;
        totals.rectification.total += line.rectification.total;
        unit_lines.push(line);
    }
    for s in statuses.iter().filter(|s| mine(&s.unit)) {
        totals.periods += 1;
        totals.periods_met += usize::from(s.state == PeriodState::Met);
    }
    let overdue = by(Category::Overdue);
    let due_soon = by(Category::DueSoon);
    let late = by(Category::Late);
    let gaps = by(Category::Gap);
    totals.overdue = overdue.len();
    totals.due_soon = due_soon.len();
    totals.late = late.len();
    totals.gaps = gaps.len();

    AnnualReport {
        year: scope.year,
        as_of,
        plan_title: facts::title(repo),
        doc_no: facts::doc_no(repo),
        unit: unit.map(|u| (u.to_owned(), repo.unit_name(u).to_owned())),
        totals,
        units: if unit.is_none() {
            unit_lines
        } else {
            Vec::new()
        },
        points,
        plan_wide,
        items,
        overdue,
        due_soon,
        late,
        gaps,
    }
}

fn record_line(repo: &Repository, unit: &str, r: &crate::model::Record) -> RecordLine {
    RecordLine {
        date: r.date.value,
        unit: unit.to_owned(),
        unit_name: repo.unit_name(unit).to_owned(),
        kind: r.kind.value.0.as_str().to_owned(),
        title: r.title.value.clone(),
        evidence: r.evidence().iter().map(|e| e.value.clone()).collect(),
    }
}

/// Period statuses grouped by (unit, owner, obligation), in the order given
/// (sorted by unit, owner, obligation, period).
fn obligation_lines<'a>(
    repo: &Repository,
    statuses: impl Iterator<Item = &'a eval::PeriodStatus>,
) -> Vec<ObligationLine> {
    let mut out: Vec<ObligationLine> = Vec::new();
    for s in statuses {
        let Some(rule) = facts::rule(repo, &s.owner, &s.obligation) else {
            continue;
        };
        let period = PeriodLine {
            label: s.period.label(),
            due: s.period.due(rule.due),
            state: s.state,
            done: match s.state {
                PeriodState::Met | PeriodState::Late => s.first,
                _ => None,
            },
        };
        // 1.1: a per-person obligation has a line per person, named.
        let title = match s.person.as_deref() {
            Some(p) => format!("{}（{}）", rule.title, repo.person_name(p)),
            None => rule.title,
        };
        match out.last_mut() {
            Some(l)
                if l.unit == s.unit
                    && l.owner == s.owner
                    && l.obligation == s.obligation
                    && l.title == title =>
            {
                l.periods.push(period);
            }
            _ => out.push(ObligationLine {
                owner: s.owner.clone(),
                obligation: s.obligation.clone(),
                title,
                unit: s.unit.clone(),
                unit_name: repo.unit_name(&s.unit).to_owned(),
                checklist: matches!(
                    repo.refs.get(&s.owner),
                    Some(crate::validate::RefTarget::ChecklistItem { .. })
                ),
                periods: vec![period],
            }),
        }
    }
    out
}

/// A finding with its names looked up.
pub(crate) fn finding_line(repo: &Repository, f: &Finding) -> FindingLine {
    let ref_title = f
        .ref_
        .as_deref()
        .and_then(|r| facts::ref_title(repo, r))
        .map(str::to_owned);
    let what_title = if let Some(item) = &f.item {
        repo.ledgers.get(&f.unit).and_then(|d| {
            d.items
                .iter()
                .find(|i| &i.id.value.0 == item)
                .map(|i| i.title.value.clone())
        })
    } else if let (Some(owner), Some(ob)) = (&f.ref_, &f.obligation) {
        facts::rule(repo, owner, ob)
            .map(|r| r.title)
            .filter(|t| Some(t) != ref_title.as_ref())
    } else {
        None
    };
    FindingLine {
        unit_name: repo.unit_name(&f.unit).to_owned(),
        ref_title,
        what_title,
        missing_names: f
            .missing
            .iter()
            .flatten()
            .map(|u| repo.who_name(u).to_owned())
            .collect(),
        concerns: Concerns::of(repo, f),
        done: late_done(f),
        finding: f.clone(),
    }
}

fn late_done(f: &Finding) -> Option<Date> {
    if f.category != Category::Late {
        return None;
    }
    if f.closed.is_some() {
        return f.closed;
    }
    // The evaluator's day the period's need was met.
    f.done
}
