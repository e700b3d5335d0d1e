//! What falls due in the next days: every pending obligation period and every
//! open item whose deadline lies within N days of the evaluation date — also
//! those further out than `due_soon_days`, which `check` does not list yet.

use serde::Serialize;

use crate::dates::{Date, MonthDay, days_between};
use crate::eval::{self, PeriodState, Settings};
use crate::validate::{RefTarget, Repository};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Due {
    Obligation,
    Item,
}

/// One line of the agenda. Field names are the JSON output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    #[serde(serialize_with = "ser_date")]
    pub due: Date,
    pub days_left: i64,
    #[serde(rename = "type")]
    pub kind: Due,
    pub unit: String,
    #[serde(rename = "ref")]
    pub ref_: String,
    /// The obligation or item id.
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    pub title: String,
    /// 1.1: the event a follow-up is owed for (its record id), and the unit
    /// whose ledger holds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_unit: Option<String>,
}

fn ser_date<S: serde::Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::dates::iso(*d))
}

/// Sorted by date, then unit, ref and id.
pub fn agenda(repo: &Repository, settings: Settings, days: i64, unit: Option<&str>) -> Vec<Entry> {
    let as_of = settings.as_of;
    let within = |d: Date| (0..=days).contains(&days_between(as_of, d));
    let mut out = Vec::new();
    for s in eval::obligation_status(repo, settings) {
        if s.state != PeriodState::Pending || unit.is_some_and(|u| u != s.unit) {
            continue;
        }
        let Some((title, due)) = obligation(repo, &s.owner, &s.obligation) else {
            continue;
        };
        let date = s.period.due(due);
        // 1.1: one person's period (per-person obligations) says whose it is.
        let title = whose(repo, title, s.person.as_deref());
        if within(date) {
            out.push(Entry {
                due: date,
                days_left: days_between(as_of, date),
                kind: Due::Obligation,
                unit: s.unit.clone(),
                ref_: s.owner.clone(),
                id: s.obligation.clone(),
                period: Some(s.period.label()),
                title,
                event: None,
                event_unit: None,
            });
        }
    }
    // 1.1: follow-ups owed for events and the next gap of regular (定期)
    // duties, windows that are not calendar periods. Evaluated as of the last
    // day of the agenda, one unmet and due by then is overdue there (met
    // today, it is no finding there either).
    if let Some(horizon) = u64::try_from(days)
        .ok()
        .and_then(|d| as_of.checked_add_days(chrono::Days::new(d)))
    {
        let ahead = Settings {
            as_of: horizon,
            ..settings
        };
        for f in eval::evaluate(repo, ahead) {
            if f.kind != eval::FindingType::Obligation
                || !matches!(
                    f.category,
                    eval::Category::Overdue | eval::Category::DueSoon
                )
                || unit.is_some_and(|u| u != f.unit)
            {
                continue;
            }
            let (Some(date), Some(owner), Some(ob), Some(period)) =
                (f.due, &f.ref_, &f.obligation, &f.period)
            else {
                continue;
            };
            if !within(date) || crate::dates::parse_interval(period).is_none() {
                continue;
            }
            let Some((title, _)) = obligation(repo, owner, ob) else {
                continue;
            };
            let subject = f.person.as_deref().or(f.target.as_deref());
            out.push(Entry {
                due: date,
                days_left: days_between(as_of, date),
                kind: Due::Obligation,
                unit: f.unit.clone(),
                ref_: owner.clone(),
                id: ob.clone(),
                period: Some(period.clone()),
                title: whose(repo, title, subject),
                event: f.event.clone(),
                event_unit: f.event_unit.clone(),
            });
        }
    }
    for (u, doc) in &repo.ledgers {
        if doc.flawed || !repo.units.contains_key(u) || unit.is_some_and(|w| w != u) {
            continue;
        }
        for it in &doc.items {
            let closed = it.closed.as_ref().is_some_and(|c| c.value <= as_of);
            if it.void.is_some() || closed {
                continue;
            }
            let Some(date) = eval::item_due(repo, it, as_of) else {
                continue;
            };
            if within(date) {
                out.push(Entry {
                    due: date,
                    days_left: days_between(as_of, date),
                    kind: Due::Item,
                    unit: u.clone(),
                    ref_: it.ref_.value.0.as_str().to_owned(),
                    id: it.id.value.0.as_str().to_owned(),
                    period: None,
                    title: it.title.value.clone(),
                    event: None,
                    event_unit: None,
                });
            }
        }
    }
    out.sort_by(|a, b| {
        (a.due, &a.unit, &a.ref_, &a.id, &a.period)
            .cmp(&(b.due, &b.unit, &b.ref_, &b.id, &b.period))
    });
    out
}

/// 1.1: a title saying whose period it is, or whom a follow-up concerns:
/// `title（邵某）` (the person's or unit's name, else the id).
fn whose(repo: &Repository, title: String, who: Option<&str>) -> String {
    match who {
        Some(id) => format!("{title}（{}）", repo.who_name(id)),
        None => title,
    }
}

/// The title and yearly due day of the obligation `id` that records `ref` as `owner`.
pub fn obligation(repo: &Repository, owner: &str, id: &str) -> Option<(String, Option<MonthDay>)> {
    match repo.refs.get(owner)? {
        RefTarget::Point { plan, point } => {
            let p = repo.plans.get(*plan)?.plan.points.get(*point)?;
            let ob = p.obligations.iter().find(|o| o.id.value.0 == id)?;
            Some((ob.title.value.clone(), ob.due.as_ref().map(|d| d.value)))
        }
        RefTarget::ChecklistItem {
            plan,
            checklist,
            item,
        } => {
            let it = repo
                .plans
                .get(*plan)?
                .plan
                .checklists
                .get(*checklist)?
                .items
                .get(*item)?;
            Some((it.text.value.clone(), it.due.as_ref().map(|d| d.value)))
        }
        RefTarget::Obligation { plan, obligation } => {
            let ob = repo.plans.get(*plan)?.plan.obligations.get(*obligation)?;
            Some((ob.title.value.clone(), ob.due.as_ref().map(|d| d.value)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{InputFile, analyze};

    #[test]
    fn lists_what_falls_due_within_the_window_by_date() {
        let files = vec![
            InputFile::new("ledger.toml", "[check]\ndue_soon_days = 5\n"),
            InputFile::new(
                "plan/p.yaml",
                "plan: {id: p, start: 2019-01-01}\nunits:\n  - {id: a, name: A}\npoints:\n  - id: P1\n    title: 月报\n    lead: [a]\n    obligations:\n      - {id: monthly, title: 每月报告, every: month}\n",
            ),
            InputFile::new(
                "units/a.yaml",
                "unit: a\nitems:\n  - {id: T1, kind: task, ref: P1, title: 任务, opened: 2019-01-02, due: 2019-01-20}\n  - {id: T2, kind: task, ref: P1, title: 远期, opened: 2019-01-02, due: 2019-06-20}\n",
            ),
        ];
        let as_of = crate::dates::parse_iso_date("2019-01-10").unwrap();
        let a = analyze(files, Some(as_of), as_of);
        assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
        let settings = Settings {
            as_of,
            due_soon_days: 5,
        };
        let got: Vec<(String, String)> = agenda(&a.repo, settings, 30, None)
            .into_iter()
            .map(|e| (crate::dates::iso(e.due), e.id))
            .collect();
        assert_eq!(
            got,
            [
                ("2019-01-20".to_owned(), "T1".to_owned()),
                ("2019-01-31".to_owned(), "monthly".to_owned())
            ]
        );
        assert_eq!(agenda(&a.repo, settings, 5, None).len(), 0);
    }
}
