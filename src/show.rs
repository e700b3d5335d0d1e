//! What bears on one thing (`ledger show`), and the lists a clerk picks from
//! (`ledger list`). Computation only: the words are the renderers'.

use crate::dates::Date;
use crate::eval::{self, Finding, PeriodStatus, Settings};
use crate::model::{Checklist, Item, Point, Unit};
use crate::select::Resolver;
use crate::validate::{RefTarget, Repository};

/// An open item and its due date as of the evaluation date.
pub struct OpenItem<'r> {
    pub unit: String,
    pub item: &'r Item,
    pub due: Option<Date>,
}

pub struct PointView<'r> {
    pub point: &'r Point,
    /// Leads and supporting units as the plan names them (1.1: `{units}` and
    /// `{tags}` entries resolved; a group or a reported body by its own id).
    pub lead: Vec<String>,
    pub support: Vec<String>,
    pub periods: Vec<PeriodStatus>,
    pub findings: Vec<Finding>,
    pub open_items: Vec<OpenItem<'r>>,
}

pub struct UnitView<'r> {
    pub unit: &'r Unit,
    pub has_ledger: bool,
    /// 1.1: a group's members (ids, resolved).
    pub members: Vec<String>,
    /// 1.1: the unit that records for this body (`reported_by`).
    pub reported_by: Option<String>,
    /// 1.1: the bodies this unit records for.
    pub records_for: Vec<String>,
    pub led: Vec<&'r Point>,
    pub supported: Vec<&'r Point>,
    pub duties: Vec<(&'r Point, &'r str)>,
    pub checklists: Vec<&'r Checklist>,
    /// The unit's findings: overdue, due soon, late, gaps.
    pub findings: Vec<Finding>,
    pub open_items: Vec<OpenItem<'r>>,
}

pub struct ItemView<'r> {
    pub unit: String,
    pub path: String,
    pub item: &'r Item,
    pub due: Option<Date>,
    pub findings: Vec<Finding>,
}

pub struct ObligationView {
    pub id: String,
    /// What records `ref`.
    pub owner: String,
    pub title: String,
    pub periods: Vec<PeriodStatus>,
    pub findings: Vec<Finding>,
}

pub enum Shown<'r> {
    Point(PointView<'r>),
    Unit(UnitView<'r>),
    /// Items of that id (one per ledger that has it).
    Items(Vec<ItemView<'r>>),
    Obligation(ObligationView),
}

/// Unit, point, obligation (or checklist item), item — the first that has the id.
pub fn show<'r>(
    repo: &'r Repository,
    sources: &crate::source::SourceMap,
    settings: Settings,
    id: &str,
) -> Option<Shown<'r>> {
    let findings = eval::evaluate(repo, settings);
    let open = |filter: &dyn Fn(&str, &Item) -> bool| -> Vec<OpenItem<'r>> {
        let mut v = Vec::new();
        for (u, doc) in &repo.ledgers {
            for it in &doc.items {
                let closed = it
                    .closed
                    .as_ref()
                    .is_some_and(|c| c.value <= settings.as_of);
                if it.void.is_none() && !closed && filter(u, it) {
                    v.push(OpenItem {
                        unit: u.clone(),
                        item: it,
                        due: eval::item_due(repo, it, settings.as_of),
                    });
                }
            }
        }
        v.sort_by(|a, b| (a.due, &a.unit).cmp(&(b.due, &b.unit)));
        v
    };
    if let Some(unit) = repo.unit(id).filter(|_| repo.units.contains_key(id)) {
        let resolver = Resolver::new(repo);
        let mut members: std::collections::BTreeSet<String> = Default::default();
        if unit.members.is_some() {
            resolver.substitute(id, crate::select::Position::Target, &mut members);
        }
        let mut view = UnitView {
            unit,
            has_ledger: repo.ledgers.contains_key(id),
            members: members.into_iter().collect(),
            reported_by: unit.reported_by.as_ref().map(|r| r.value.0.clone()),
            records_for: repo
                .plans
                .iter()
                .flat_map(|d| &d.plan.units)
                .filter(|u| u.reported_by.as_ref().is_some_and(|r| r.value.0 == id))
                .map(|u| u.id.value.0.clone())
                .collect(),
            led: Vec::new(),
            supported: Vec::new(),
            duties: Vec::new(),
            checklists: Vec::new(),
            findings: findings.iter().filter(|f| f.unit == id).cloned().collect(),
            open_items: open(&|u, _| u == id),
        };
        // A group or a reported body (1.1) leads or supports what the plan
        // names it for; the units standing in for it are bound by the same.
        let as_written = unit.keeps_no_ledger();
        for doc in &repo.plans {
            for p in &doc.plan.points {
                let leads = if as_written {
                    resolver.leads_as_written(p).contains(&id.to_owned())
                } else {
                    resolver.point_leads(p).contains(id)
                };
                if leads {
                    view.led.push(p);
                }
                let supports = if as_written {
                    resolver.support_as_written(p).contains(&id.to_owned())
                } else {
                    resolver.point_support(p).contains(id)
                };
                if supports {
                    view.supported.push(p);
                }
                for d in p.duties.iter().filter(|d| d.unit.value.0 == id) {
                    view.duties.push((p, d.aspect.value.as_str()));
                }
            }
            for cl in &doc.plan.checklists {
                // 1.1: a checklist binding people binds their ledger units.
                if resolver
                    .party_units(&cl.applies_to.value, doc, None)
                    .contains(id)
                {
                    view.checklists.push(cl);
                }
            }
        }
        return Some(Shown::Unit(view));
    }
    if let Some((_, point)) = repo.point(id) {
        let periods = eval::obligation_status(repo, settings)
            .into_iter()
            .filter(|s| s.owner == id)
            .collect();
        let resolver = Resolver::new(repo);
        return Some(Shown::Point(PointView {
            point,
            lead: resolver.leads_as_written(point),
            support: resolver.support_as_written(point),
            periods,
            findings: findings
                .iter()
                .filter(|f| f.ref_.as_deref() == Some(id))
                .cloned()
                .collect(),
            open_items: open(&|_, it| it.ref_.value.0 == id),
        }));
    }
    if let Some((owner, title)) = obligation(repo, id) {
        let periods = eval::obligation_status(repo, settings)
            .into_iter()
            .filter(|s| s.obligation == id && s.owner == owner)
            .collect();
        let findings = findings
            .iter()
            .filter(|f| {
                f.obligation.as_deref() == Some(id)
                    || (f.ref_.as_deref() == Some(id) && f.obligation.is_none())
            })
            .cloned()
            .collect();
        return Some(Shown::Obligation(ObligationView {
            id: id.to_owned(),
            owner,
            title,
            periods,
            findings,
        }));
    }
    let items: Vec<ItemView<'r>> = repo
        .ledgers
        .iter()
        .flat_map(|(u, doc)| {
            doc.items
                .iter()
                .filter(|it| it.id.value.0 == id)
                .map(move |it| (u, doc, it))
        })
        .map(|(u, doc, it)| ItemView {
            unit: u.clone(),
            path: sources.get(doc.file).path.clone(),
            item: it,
            due: eval::item_due(repo, it, settings.as_of),
            findings: findings
                .iter()
                .filter(|f| &f.unit == u && f.item.as_deref() == Some(id))
                .cloned()
                .collect(),
        })
        .collect();
    (!items.is_empty()).then_some(Shown::Items(items))
}

/// An obligation on a point, a plan-wide one, or a checklist item: (owner, title).
fn obligation(repo: &Repository, id: &str) -> Option<(String, String)> {
    if matches!(
        repo.refs.get(id),
        Some(RefTarget::ChecklistItem { .. } | RefTarget::Obligation { .. })
    ) {
        let (title, _) = crate::agenda::obligation(repo, id, id)?;
        return Some((id.to_owned(), title));
    }
    repo.plans
        .iter()
        .flat_map(|d| &d.plan.points)
        .find_map(|p| {
            let ob = p.obligations.iter().find(|o| o.id.value.0 == id)?;
            Some((p.id.value.0.as_str().to_owned(), ob.title.value.clone()))
        })
}

/// What `ledger list` lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListWhat {
    Points,
    Units,
    Kinds,
    Obligations,
    Checklists,
}

/// One row of a list: an id, its name or title, and a short detail.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Row {
    pub id: String,
    pub title: String,
    pub detail: String,
}

/// The rows of a list, in plan order; with `unit`, only what bears on that unit.
pub fn list(repo: &Repository, what: ListWhat, unit: Option<&str>) -> Vec<Row> {
    let resolver = Resolver::new(repo);
    let row = |id: &str, title: &str, detail: String| Row {
        id: id.to_owned(),
        title: title.to_owned(),
        detail,
    };
    let mut out = Vec::new();
    match what {
        ListWhat::Units => {
            let mut units: Vec<&Unit> = repo.plans.iter().flat_map(|d| &d.plan.units).collect();
            units.retain(|u| unit.is_none_or(|w| w == u.id.value.0));
            for u in units {
                let tags: Vec<&str> = u.tags.iter().map(|t| t.value.as_str()).collect();
                out.push(row(&u.id.value.0, &u.name.value, tags.join(",")));
            }
        }
        ListWhat::Kinds => {
            for k in &repo.kinds {
                let label = crate::model::DEFAULT_KINDS
                    .iter()
                    .find(|(key, _)| key == k)
                    .map_or("", |(_, l)| l);
                out.push(row(k, label, String::new()));
            }
        }
        ListWhat::Points => {
            for doc in &repo.plans {
                for p in &doc.plan.points {
                    let involved = unit.is_none_or(|w| {
                        resolver
                            .resolve(&crate::model::Selector::All, doc, Some(p))
                            .contains(w)
                    });
                    if involved {
                        let mut detail = resolver.leads_as_written(p).join(",");
                        let support = resolver.support_as_written(p);
                        if !support.is_empty() {
                            detail.push_str(&format!(" / {}", support.join(",")));
                        }
                        out.push(row(&p.id.value.0, &p.title.value, detail));
                    }
                }
            }
        }
        ListWhat::Obligations => {
            for doc in &repo.plans {
                for p in &doc.plan.points {
                    for ob in &p.obligations {
                        let who = ob
                            .who
                            .as_ref()
                            .map_or(&crate::model::Selector::Lead, |w| &w.value);
                        if unit.is_none_or(|w| resolver.party_units(who, doc, Some(p)).contains(w))
                        {
                            out.push(row(
                                &ob.id.value.0,
                                &ob.title.value,
                                p.id.value.0.as_str().to_owned(),
                            ));
                        }
                    }
                }
                for ob in &doc.plan.obligations {
                    let bound = ob.who.as_ref().is_some_and(|w| {
                        unit.is_none_or(|u| resolver.party_units(&w.value, doc, None).contains(u))
                    });
                    if bound {
                        out.push(row(&ob.id.value.0, &ob.title.value, String::new()));
                    }
                }
            }
        }
        ListWhat::Checklists => {
            for doc in &repo.plans {
                for cl in &doc.plan.checklists {
                    // 1.1: a checklist binding people bears on their ledger units.
                    if unit.is_some_and(|u| {
                        !resolver
                            .party_units(&cl.applies_to.value, doc, None)
                            .contains(u)
                    }) {
                        continue;
                    }
                    out.push(row(&cl.id.value.0, &cl.title.value, String::new()));
                    for it in &cl.items {
                        let every = it.every.as_ref().map_or("", |e| e.value.as_str());
                        out.push(row(&it.id.value.0, &it.text.value, every.to_owned()));
                    }
                }
            }
        }
    }
    out
}
