//! Look-ups the hand-on files share (the annual report, the dashboard, the
//! calendar): what a `ref` is called, what rule an obligation period follows,
//! where an item stands, and the calendar-year scope.
//!
//! Nothing here decides a deadline: due dates come from [`eval::item_due`] and
//! [`Period::due`], states from [`eval::evaluate`] and [`eval::obligation_status`].

use crate::dates::{Date, MonthDay, Period};
use crate::eval::{self, Category, Finding, FindingType, PeriodStatus, Settings};
use crate::model::{Item, ItemKind, Record, Window};
use crate::validate::{RefTarget, Repository};

/// A calendar year of the plan, evaluated as of its last day or the
/// evaluation date, whichever is earlier.
///
/// Kept behind this one type so the office helper's library scope can replace
/// it without touching the renderers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct YearScope {
    pub(crate) year: i32,
    pub(crate) first: Date,
    pub(crate) last: Date,
    /// The evaluation date inside the year.
    pub(crate) as_of: Date,
}

impl YearScope {
    /// `None` when the year has not begun by `as_of` (nothing to report).
    pub(crate) fn new(year: i32, as_of: Date) -> Option<YearScope> {
        let first = Date::from_ymd_opt(year, 1, 1)?;
        let last = Date::from_ymd_opt(year, 12, 31)?;
        (first <= as_of).then(|| YearScope {
            year,
            first,
            last,
            as_of: as_of.min(last),
        })
    }

    /// Everything up to `as_of`: the scope of the dashboard without `--year`.
    pub(crate) fn whole(as_of: Date) -> YearScope {
        use chrono::Datelike;
        YearScope {
            year: as_of.year(),
            first: Date::MIN,
            last: Date::MAX,
            as_of,
        }
    }

    /// A period of a recurring obligation that belongs to the scope.
    pub(crate) fn period(&self, p: Period) -> bool {
        p.first_day() >= self.first && p.first_day() <= self.last
    }

    /// A record done in the year (by the scope's evaluation date).
    pub(crate) fn record(&self, r: &Record) -> bool {
        !r.is_void() && r.date.value >= self.first && r.date.value <= self.as_of
    }

    /// An item that was open at some time in the year: opened by its end and
    /// not closed before it began.
    pub(crate) fn item(&self, it: &Item) -> bool {
        it.void.is_none()
            && it.opened.value <= self.as_of
            && it.closed.as_ref().is_none_or(|c| c.value >= self.first)
    }

    /// Evaluate the repository within the scope and trim it to the scope's
    /// records and items — the reading of `summary --year` (the office
    /// helper's `scope::Year::apply`, which this mirrors until it is on main):
    /// obligation and coverage findings and periods belong to the year by their
    /// period, evaluated with every record up to the scope date (a term's
    /// coverage spans years); the other findings (items, gaps) come from the
    /// trimmed repository, so work of an earlier year does not fill this
    /// year's gap, and an item closed before the year is not this year's.
    pub(crate) fn apply(
        &self,
        repo: &mut Repository,
        settings: Settings,
    ) -> (Vec<Finding>, Vec<PeriodStatus>) {
        let settings = Settings {
            as_of: self.as_of,
            ..settings
        };
        let by_period =
            |k: FindingType| matches!(k, FindingType::Obligation | FindingType::Coverage);
        let whole = eval::evaluate(repo, settings);
        let periods: Vec<PeriodStatus> = eval::obligation_status(repo, settings)
            .into_iter()
            .filter(|s| self.period(s.period))
            .collect();
        for doc in repo.ledgers.values_mut() {
            doc.records.retain(|r| r.date.value >= self.first);
            doc.items
                .retain(|it| it.closed.as_ref().is_none_or(|c| c.value >= self.first));
        }
        let trimmed = eval::evaluate(repo, settings);
        let mut findings: Vec<Finding> = whole
            .into_iter()
            .filter(|f| {
                // 1.1's interval windows (regular gaps, event follow-ups, own
                // terms) belong to the years they overlap.
                by_period(f.kind)
                    && f.period
                        .as_deref()
                        .is_none_or(|l| crate::dates::label_in_year(l, self.first, self.last))
            })
            .chain(trimmed.into_iter().filter(|f| !by_period(f.kind)))
            .collect();
        // The order of `eval::evaluate` (§8.1): category, unit, ref, obligation
        // or item, period, type.
        findings.sort_by(|a, b| finding_key(a).cmp(&finding_key(b)));
        (findings, periods)
    }
}

fn finding_key(f: &Finding) -> (Category, &str, &str, &str, &str, &str) {
    (
        f.category,
        &f.unit,
        f.ref_.as_deref().unwrap_or(""),
        f.obligation.as_deref().or(f.item.as_deref()).unwrap_or(""),
        f.period.as_deref().unwrap_or(""),
        f.kind.as_str(),
    )
}

/// What a `ref` is called: a point's title, a checklist item's text, a
/// plan-wide obligation's title.
pub(crate) fn ref_title<'r>(repo: &'r Repository, id: &str) -> Option<&'r str> {
    let t = match *repo.refs.get(id)? {
        RefTarget::Point { plan, point } => &repo.plans.get(plan)?.plan.points.get(point)?.title,
        RefTarget::ChecklistItem {
            plan,
            checklist,
            item,
        } => {
            &repo
                .plans
                .get(plan)?
                .plan
                .checklists
                .get(checklist)?
                .items
                .get(item)?
                .text
        }
        RefTarget::Obligation { plan, obligation } => {
            &repo
                .plans
                .get(plan)?
                .plan
                .obligations
                .get(obligation)?
                .title
        }
    };
    Some(t.value.as_str())
}

/// The event record a 1.1 follow-up finding was started by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct EventLine {
    pub(crate) id: String,
    pub(crate) date: Option<Date>,
    pub(crate) unit_name: String,
    pub(crate) title: String,
}

/// Format 1.1: whom or what a finding concerns, named (data; the words are
/// [`crate::messages::report::Concerning`]'s).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Concerns {
    pub(crate) person: Option<String>,
    pub(crate) target: Option<String>,
    pub(crate) event: Option<EventLine>,
    pub(crate) drawn: Option<bool>,
}

impl Concerns {
    pub(crate) fn of(repo: &Repository, f: &Finding) -> Concerns {
        let event = f.event.as_ref().map(|id| {
            let unit = f.event_unit.as_deref().unwrap_or(&f.unit);
            let record = repo
                .ledgers
                .get(unit)
                .and_then(|d| d.records.iter().find(|r| &r.id.value.0 == id));
            EventLine {
                id: id.clone(),
                date: record.map(|r| r.date.value),
                unit_name: repo.unit_name(unit).to_owned(),
                title: record.map(|r| r.title.value.clone()).unwrap_or_default(),
            }
        });
        Concerns {
            person: f.person.as_deref().map(|p| repo.who_name(p).to_owned()),
            target: f.target.as_deref().map(|t| repo.who_name(t).to_owned()),
            event,
            drawn: f.drawn,
        }
    }

    /// The event in words: `2022-01-17 市委组织部 zzb-2022-101 任命海淀区委书记`.
    pub(crate) fn event_text(&self) -> Option<String> {
        let e = self.event.as_ref()?;
        Some(crate::messages::report::event_text(
            &e.date.map(crate::dates::iso).unwrap_or_default(),
            &e.unit_name,
            &e.title,
            &e.id,
        ))
    }

    /// `（人员：邵某；起因：…）`, empty when there is nothing to say.
    pub(crate) fn bracketed(&self, lang: crate::messages::Lang) -> String {
        let event = self.event_text();
        crate::messages::report::Concerning {
            person: self.person.as_deref(),
            target: self.target.as_deref(),
            event: event.as_deref(),
            drawn: self.drawn,
        }
        .bracketed(lang)
    }
}

/// A unit as the plan names it (a lead, a supporting unit): its name, and
/// (1.1) for a body that keeps no ledger of its own (`reported_by`) the unit
/// that records for it, which does its work in the ledgers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct UnitName {
    pub(crate) name: String,
    pub(crate) office: Option<String>,
}

impl UnitName {
    pub(crate) fn of(repo: &Repository, id: &str) -> UnitName {
        let office = repo
            .unit(id)
            .and_then(|u| u.reported_by.as_ref())
            .map(|o| repo.unit_name(&o.value.0).to_owned());
        UnitName {
            name: repo.unit_name(id).to_owned(),
            office,
        }
    }

    pub(crate) fn text(&self, lang: crate::messages::Lang) -> String {
        match &self.office {
            Some(o) => crate::messages::report::reported_by(&self.name, o, lang),
            None => self.name.clone(),
        }
    }
}

/// The bodies (1.1 `reported_by`) whose records a unit keeps, by name.
pub(crate) fn recorded_for(repo: &Repository, unit: &str) -> Vec<String> {
    units_in_order(repo)
        .into_iter()
        .filter(|id| {
            repo.unit(id)
                .and_then(|u| u.reported_by.as_ref())
                .is_some_and(|o| o.value.0 == unit)
        })
        .map(|id| repo.unit_name(&id).to_owned())
        .collect()
}

/// Registered units that keep a ledger, in registry order: a group (1.1
/// `members`) and a body reported by another unit stand for others and have
/// no line of their own (as in `ledger summary`).
pub(crate) fn ledger_units_in_order(repo: &Repository) -> Vec<String> {
    units_in_order(repo)
        .into_iter()
        .filter(|id| {
            !repo
                .unit(id)
                .is_some_and(crate::model::Unit::keeps_no_ledger)
        })
        .collect()
}

/// How one recurring obligation counts records: enough to say when its work
/// for a period was done, and when a period falls due.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rule {
    pub(crate) title: String,
    pub(crate) kind: Option<String>,
    pub(crate) due: Option<MonthDay>,
    pub(crate) window: bool,
}

/// The rule behind a [`eval::PeriodStatus`]: `owner` is what records ref,
/// `obligation` the obligation id (the owner itself for checklist items and
/// plan-wide obligations).
pub(crate) fn rule(repo: &Repository, owner: &str, obligation: &str) -> Option<Rule> {
    match *repo.refs.get(owner)? {
        RefTarget::Point { plan, point } => {
            let p = repo.plans.get(plan)?.plan.points.get(point)?;
            let ob = p.obligations.iter().find(|o| o.id.value.0 == obligation)?;
            Some(Rule {
                title: ob.title.value.clone(),
                kind: ob.kind.as_ref().map(|k| k.value.0.as_str().to_owned()),
                due: ob.due.as_ref().map(|d| d.value),
                window: ob
                    .window
                    .as_ref()
                    .is_some_and(|w| w.value == Window::LastMonth),
            })
        }
        RefTarget::Obligation { plan, obligation } => {
            let ob = repo.plans.get(plan)?.plan.obligations.get(obligation)?;
            Some(Rule {
                title: ob.title.value.clone(),
                kind: ob.kind.as_ref().map(|k| k.value.0.as_str().to_owned()),
                due: ob.due.as_ref().map(|d| d.value),
                window: ob
                    .window
                    .as_ref()
                    .is_some_and(|w| w.value == Window::LastMonth),
            })
        }
        RefTarget::ChecklistItem {
            plan,
            checklist,
            item,
        } => {
            let it = repo
                .plans
                .get(plan)?
                .plan
                .checklists
                .get(checklist)?
                .items
                .get(item)?;
            Some(Rule {
                title: it.text.value.clone(),
                kind: None,
                due: it.due.as_ref().map(|d| d.value),
                window: it.window.is_some(),
            })
        }
    }
}

/// Where an item stands as of a day (the four words of the office's 台账:
/// 已销号, 正在推进, 逾期, 已延期).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ItemState {
    /// Open past its due date.
    Overdue,
    /// Open, its due date moved by an extension granted by then.
    Extended,
    /// Open, not yet due.
    Open,
    /// Closed by then (on time or late: see [`ItemLine::days_late`]).
    Closed,
}

/// One item as the hand-on files show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ItemLine {
    pub(crate) unit: String,
    pub(crate) unit_name: String,
    pub(crate) id: String,
    pub(crate) kind: ItemKind,
    pub(crate) ref_: String,
    pub(crate) title: String,
    pub(crate) opened: Date,
    /// As of the day, extensions granted by then included.
    pub(crate) due: Option<Date>,
    pub(crate) extensions: usize,
    pub(crate) closed: Option<Date>,
    pub(crate) state: ItemState,
    pub(crate) days_overdue: Option<i64>,
    pub(crate) days_late: Option<i64>,
    /// The latest progress note by then.
    pub(crate) progress: Option<(Date, String)>,
    pub(crate) measures: Option<String>,
    pub(crate) owner: Option<String>,
    pub(crate) evidence: Vec<String>,
}

/// An item as of a day; the caller decides which items count.
pub(crate) fn item_line(repo: &Repository, unit: &str, it: &Item, as_of: Date) -> ItemLine {
    let due = eval::item_due(repo, it, as_of);
    let closed = it.closed.as_ref().map(|c| c.value).filter(|c| *c <= as_of);
    let extensions = it
        .extensions
        .iter()
        .filter(|e| e.date.value <= as_of)
        .count();
    let overdue = due.filter(|d| closed.is_none() && *d < as_of);
    let state = match (closed, overdue) {
        (Some(_), _) => ItemState::Closed,
        (None, Some(_)) => ItemState::Overdue,
        (None, None) if extensions > 0 => ItemState::Extended,
        (None, None) => ItemState::Open,
    };
    let days_late = match (closed, due) {
        (Some(c), Some(d)) if c > d => Some(crate::dates::days_between(d, c)),
        _ => None,
    };
    let progress = it
        .progress
        .iter()
        .filter(|p| p.date.value <= as_of)
        .max_by_key(|p| p.date.value)
        .map(|p| {
            (
                p.date.value,
                p.note.as_ref().map(|n| n.value.clone()).unwrap_or_default(),
            )
        });
    ItemLine {
        unit: unit.to_owned(),
        unit_name: repo.unit_name(unit).to_owned(),
        id: it.id.value.0.as_str().to_owned(),
        kind: it.kind.value,
        ref_: it.ref_.value.0.as_str().to_owned(),
        title: it.title.value.clone(),
        opened: it.opened.value,
        due,
        extensions,
        closed,
        state,
        days_overdue: overdue.map(|d| crate::dates::days_between(d, as_of)),
        days_late,
        progress,
        measures: it.measures.as_ref().map(|m| m.value.clone()),
        owner: it.owner.as_ref().map(|o| o.value.clone()),
        evidence: it.evidence.iter().map(|e| e.value.clone()).collect(),
    }
}

/// The plan id files are named after: the first plan header's `id`.
pub(crate) fn plan_id(repo: &Repository) -> String {
    repo.plans
        .iter()
        .find_map(|d| d.plan.plan.as_ref()?.id.as_ref())
        .map_or_else(|| "ledger".to_owned(), |i| i.value.0.as_str().to_owned())
}

/// The title the files carry: `title` of ledger.toml, else the first plan's.
pub(crate) fn title(repo: &Repository) -> Option<String> {
    repo.config
        .title
        .as_ref()
        .map(|t| t.value.clone())
        .or_else(|| {
            repo.plans
                .iter()
                .find_map(|d| d.plan.plan.as_ref()?.title.as_ref())
                .map(|t| t.value.clone())
        })
}

/// The first plan header's document number (文号).
pub(crate) fn doc_no(repo: &Repository) -> Option<String> {
    repo.plans
        .iter()
        .find_map(|d| d.plan.plan.as_ref()?.doc_no.as_ref())
        .map(|t| t.value.clone())
}

/// Registered unit ids in registry order (plan files by name, then as listed).
pub(crate) fn units_in_order(repo: &Repository) -> Vec<String> {
    let mut ids: Vec<(usize, usize, &str)> = repo
        .units
        .iter()
        .map(|(id, &(p, u))| (p, u, id.as_str()))
        .collect();
    ids.sort_unstable();
    ids.into_iter().map(|(_, _, id)| id.to_owned()).collect()
}

/// The Chinese label of a record kind, else the kind itself.
pub(crate) fn kind_label(kind: &str, lang: crate::messages::Lang) -> String {
    match lang {
        crate::messages::Lang::Zh => crate::model::DEFAULT_KINDS
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(kind, |(_, zh)| zh)
            .to_owned(),
        crate::messages::Lang::En => kind.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        crate::dates::parse_iso_date(s).expect("date")
    }

    #[test]
    fn a_year_is_evaluated_as_of_its_end_or_the_evaluation_date() {
        let s = YearScope::new(2018, date("2019-01-15")).expect("begun");
        assert_eq!((s.first, s.as_of), (date("2018-01-01"), date("2018-12-31")));
        let s = YearScope::new(2019, date("2019-01-15")).expect("begun");
        assert_eq!(s.as_of, date("2019-01-15"));
        assert_eq!(YearScope::new(2020, date("2019-01-15")), None);
    }
}
