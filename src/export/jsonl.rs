//! `ledger export jsonl`: the checked repository as flat rows for an analytical
//! engine (DuckDB, Spark, a warehouse), so that a city can roll up its
//! districts without a server of ours. One JSON object a line, one row per
//! record, item, obligation period and finding; every row has every column
//! (null where it does not apply), so a reader infers one schema. The columns
//! are a contract: docs/format.md, "jsonl export".

use std::io::{self, Write};

use serde::Serialize;

use crate::dates::{Date, iso};
use crate::eval::{self, Finding, PeriodState, Settings};
use crate::validate::{RefTarget, Repository};

/// One exported row. Field order is the column order.
#[derive(Serialize, Default)]
struct Row<'a> {
    #[serde(rename = "type")]
    type_: &'static str,
    plan: Option<&'a str>,
    district: Option<&'a str>,
    unit: &'a str,
    id: Option<&'a str>,
    #[serde(rename = "ref")]
    ref_: Option<&'a str>,
    kind: Option<&'a str>,
    date: Option<String>,
    title: Option<&'a str>,
    period: Option<String>,
    obligation: Option<&'a str>,
    item: Option<&'a str>,
    state: Option<&'static str>,
    category: Option<&'static str>,
    finding: Option<&'static str>,
    opened: Option<String>,
    due: Option<String>,
    closed: Option<String>,
    days_overdue: Option<i64>,
    days_late: Option<i64>,
    days_left: Option<i64>,
    void: Option<bool>,
    // Added with format 1.1 (new columns only ever go last).
    person: Option<&'a str>,
    target: Option<&'a str>,
    event: Option<&'a str>,
    event_unit: Option<&'a str>,
}

/// The district rows are tagged with: `district` in `ledger.toml`, else its `title`.
pub(crate) fn district(repo: &Repository) -> Option<&str> {
    let c = &repo.config;
    c.district
        .as_ref()
        .or(c.title.as_ref())
        .map(|s| s.value.as_str())
}

/// Write every row of the repository, evaluated with `settings`, as JSON lines.
/// `findings` are those of the run (sorted, §8.1).
pub(crate) fn write(
    repo: &Repository,
    settings: Settings,
    findings: &[Finding],
    out: &mut dyn Write,
) -> io::Result<()> {
    let district = district(repo);
    let first_plan = repo
        .plans
        .iter()
        .find_map(|p| p.plan.plan.as_ref()?.id.as_ref())
        .map(|id| id.value.0.as_str());
    // The plan a `ref` belongs to (a repository may hold several plan files);
    // rows whose ref resolves nowhere carry the repository's first plan.
    let plan_of = |r: Option<&str>| -> Option<&str> {
        let target = r.and_then(|r| repo.refs.get(r));
        let index = match target {
            Some(
                RefTarget::Point { plan, .. }
                | RefTarget::ChecklistItem { plan, .. }
                | RefTarget::Obligation { plan, .. },
            ) => *plan,
            None => return first_plan,
        };
        repo.plans
            .get(index)
            .and_then(|p| p.plan.plan.as_ref()?.id.as_ref())
            .map(|id| id.value.0.as_str())
            .or(first_plan)
    };
    let opt_date = |d: Option<Date>| d.map(iso);
    let mut write = |row: &Row<'_>| -> io::Result<()> {
        serde_json::to_writer(&mut *out, row)?;
        out.write_all(b"\n")
    };

    for l in repo.ledgers.values() {
        for r in &l.records {
            let ref_ = Some(r.ref_.value.0.as_str());
            write(&Row {
                type_: "record",
                plan: plan_of(ref_),
                district,
                unit: &l.unit,
                id: Some(&r.id.value.0),
                ref_,
                kind: Some(&r.kind.value.0),
                date: Some(iso(r.date.value)),
                title: Some(&r.title.value),
                period: r.period().map(|p| p.value.label()),
                void: Some(r.is_void()),
                person: r
                    .by()
                    .or_else(|| r.named_people().next().map(|p| p.value.0.as_str())),
                ..Row::default()
            })?;
        }
    }
    for l in repo.ledgers.values() {
        for it in &l.items {
            let ref_ = Some(it.ref_.value.0.as_str());
            let closed = it.closed.as_ref().map(|d| d.value);
            write(&Row {
                type_: "item",
                plan: plan_of(ref_),
                district,
                unit: &l.unit,
                id: Some(&it.id.value.0),
                ref_,
                kind: Some(it.kind.value.as_str()),
                title: Some(&it.title.value),
                state: Some(if closed.is_some() { "closed" } else { "open" }),
                opened: Some(iso(it.opened.value)),
                due: opt_date(eval::item_due(repo, it, settings.as_of)),
                closed: opt_date(closed),
                void: Some(it.void.is_some()),
                ..Row::default()
            })?;
        }
    }
    for p in eval::obligation_status(repo, settings) {
        let ref_ = Some(p.owner.as_str());
        write(&Row {
            type_: "period",
            plan: plan_of(ref_),
            district,
            unit: &p.unit,
            ref_,
            period: Some(p.period.label()),
            obligation: Some(&p.obligation),
            state: Some(match p.state {
                PeriodState::Met => "met",
                PeriodState::Pending => "pending",
                PeriodState::Late => "late",
                PeriodState::Overdue => "overdue",
            }),
            person: p.person.as_deref(),
            ..Row::default()
        })?;
    }
    for f in findings {
        let ref_ = f.ref_.as_deref();
        write(&Row {
            type_: "finding",
            plan: plan_of(ref_),
            district,
            unit: &f.unit,
            ref_,
            period: f.period.clone(),
            obligation: f.obligation.as_deref(),
            item: f.item.as_deref(),
            category: Some(f.category.as_str()),
            finding: Some(f.kind.as_str()),
            due: opt_date(f.due),
            closed: opt_date(f.closed),
            days_overdue: f.days_overdue,
            days_late: f.days_late,
            days_left: f.days_left,
            person: f.person.as_deref(),
            target: f.target.as_deref(),
            event: f.event.as_deref(),
            event_unit: f.event_unit.as_deref(),
            ..Row::default()
        })?;
    }
    Ok(())
}
