//! Files a clerk hands on: the xlsx workbook ([`xlsx`]) and CSV ([`csv`]); and
//! the rows a city rolls up from its districts ([`jsonl`]).
//!
//! Both lay out the same rows, built here from a validated repository, its
//! findings and obligation periods: [`item_rows`], [`record_rows`],
//! [`checklist_rows`], [`finding_rows`]. A row is a list of typed [`Value`]s,
//! so the workbook writes real dates and numbers and the CSV writes text.
//! Nothing here evaluates deadlines; it reads [`crate::eval`]'s answers.

pub(crate) mod csv;
pub(crate) mod jsonl;
pub(crate) mod xlsx;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::dates::{Date, Period, days_between, iso};
use crate::eval::{self, Category, Finding, FindingType, PeriodState, PeriodStatus};
use crate::messages::office::{self, Word as W};
use crate::messages::{Label, Lang, gap_text};
use crate::model::{DEFAULT_KINDS, Item};
use crate::select::Resolver;
use crate::validate::{RefTarget, Repository};

/// One cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Value {
    Text(String),
    Date(Date),
    Number(i64),
    /// A rate in per mille (a percent cell in a sheet).
    Permille(u64),
    Empty,
}

impl Value {
    fn text(s: impl Into<String>) -> Value {
        let s = s.into();
        if s.is_empty() {
            Value::Empty
        } else {
            Value::Text(s)
        }
    }

    fn date(d: Option<Date>) -> Value {
        d.map_or(Value::Empty, Value::Date)
    }

    fn number(n: Option<i64>) -> Value {
        n.map_or(Value::Empty, Value::Number)
    }

    /// As CSV or a terminal shows it.
    pub(crate) fn display(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Date(d) => iso(*d),
            Value::Number(n) => n.to_string(),
            Value::Permille(pm) => format!("{}.{}%", pm / 10, pm % 10),
            Value::Empty => String::new(),
        }
    }
}

/// A table: headers and rows of equal length.
#[derive(Clone, Debug, Default)]
pub(crate) struct Rows {
    pub(crate) header: Vec<String>,
    pub(crate) rows: Vec<Vec<Value>>,
    /// Columns of long text, given more room in a sheet (every cell wraps).
    pub(crate) long: Vec<usize>,
    /// Columns of the longest text, given the most room.
    pub(crate) wide: Vec<usize>,
    /// Columns of short marks, centred.
    pub(crate) center: Vec<usize>,
}

fn header(words: &[W], lang: Lang) -> Vec<String> {
    words.iter().map(|w| w.text(lang).to_owned()).collect()
}

/// Titles and names for ids.
pub(crate) struct Names<'r> {
    repo: &'r Repository,
    obligations: HashMap<(&'r str, &'r str), (&'r str, Option<&'r str>)>,
    items: HashMap<(&'r str, &'r str), &'r str>,
}

impl<'r> Names<'r> {
    pub(crate) fn new(repo: &'r Repository) -> Self {
        let mut obligations = HashMap::new();
        for doc in &repo.plans {
            for p in &doc.plan.points {
                for o in &p.obligations {
                    obligations.insert(
                        (p.id.value.0.as_str(), o.id.value.0.as_str()),
                        (
                            o.title.value.as_str(),
                            o.kind.as_ref().map(|k| k.value.0.as_str()),
                        ),
                    );
                }
            }
            for o in &doc.plan.obligations {
                obligations.insert(
                    (o.id.value.0.as_str(), o.id.value.0.as_str()),
                    (
                        o.title.value.as_str(),
                        o.kind.as_ref().map(|k| k.value.0.as_str()),
                    ),
                );
            }
        }
        let mut items = HashMap::new();
        for (unit, l) in &repo.ledgers {
            for it in &l.items {
                items.insert(
                    (unit.as_str(), it.id.value.0.as_str()),
                    it.title.value.as_str(),
                );
            }
        }
        Names {
            repo,
            obligations,
            items,
        }
    }

    pub(crate) fn unit(&self, id: &str) -> &'r str {
        match self.repo.unit(id) {
            Some(u) => u.name.value.as_str(),
            None => self
                .repo
                .units
                .get_key_value(id)
                .map_or("", |(k, _)| k.as_str()),
        }
    }

    fn unit_or_id(&self, id: &str) -> String {
        match self.unit(id) {
            "" => id.to_owned(),
            name => name.to_owned(),
        }
    }

    /// The title of what a `ref` names: a point, checklist item or plan-wide obligation.
    pub(crate) fn ref_title(&self, id: &str) -> &'r str {
        let repo = self.repo;
        match repo.refs.get(id) {
            Some(RefTarget::Point { plan, point }) => {
                repo.plans[*plan].plan.points[*point].title.value.as_str()
            }
            Some(RefTarget::ChecklistItem {
                plan,
                checklist,
                item,
            }) => repo.plans[*plan].plan.checklists[*checklist].items[*item]
                .text
                .value
                .as_str(),
            Some(RefTarget::Obligation { plan, obligation }) => repo.plans[*plan].plan.obligations
                [*obligation]
                .title
                .value
                .as_str(),
            None => "",
        }
    }

    /// `WP32 加大问题整改力度`.
    pub(crate) fn reference(&self, id: &str) -> String {
        join(id, self.ref_title(id))
    }

    /// The obligation or item a finding is about, with its title.
    pub(crate) fn what(&self, f: &Finding) -> String {
        let r = f.ref_.as_deref().unwrap_or("");
        if let Some(o) = &f.obligation {
            if o == r {
                return String::new();
            }
            let title = self.obligations.get(&(r, o.as_str())).map_or("", |t| t.0);
            return join(o, title);
        }
        if let Some(i) = &f.item {
            let title = self
                .items
                .get(&(f.unit.as_str(), i.as_str()))
                .copied()
                .unwrap_or("");
            return join(i, title);
        }
        String::new()
    }

    /// What doing a late finding's work was: filing a report, other work, closing an item.
    pub(crate) fn done_kind(&self, f: &Finding) -> office::Done {
        if f.kind == FindingType::Item {
            return office::Done::Closed;
        }
        let r = f.ref_.as_deref().unwrap_or("");
        let kind = f
            .obligation
            .as_deref()
            .and_then(|o| self.obligations.get(&(r, o)))
            .and_then(|t| t.1);
        if kind == Some("report") {
            office::Done::Reported
        } else {
            office::Done::Done
        }
    }
}

fn join(id: &str, title: &str) -> String {
    if title.is_empty() {
        id.to_owned()
    } else {
        format!("{id} {title}")
    }
}

/// A record kind as a clerk names it (the built-in kinds have Chinese names).
pub(crate) fn kind_name(kind: &str, lang: Lang) -> String {
    match (lang, DEFAULT_KINDS.iter().find(|(k, _)| *k == kind)) {
        (Lang::Zh, Some((_, zh))) => (*zh).to_owned(),
        _ => kind.to_owned(),
    }
}

/// Units in registry order, filtered by `only`.
pub(crate) fn unit_order(repo: &Repository, only: Option<&BTreeSet<String>>) -> Vec<String> {
    let mut ids: Vec<(usize, usize, &str)> = repo
        .units
        .iter()
        .map(|(id, &(p, u))| (p, u, id.as_str()))
        .collect();
    ids.sort_unstable();
    ids.into_iter()
        .map(|(_, _, id)| id)
        .filter(|id| only.is_none_or(|s| s.contains(*id)))
        .map(str::to_owned)
        .collect()
}

/// Where an item stands as of a day (状态).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ItemState {
    Closed,
    Overdue,
    Extended,
    InProgress,
}

impl ItemState {
    pub(crate) fn word(self) -> W {
        match self {
            ItemState::Closed => W::StateClosed,
            ItemState::Overdue => W::StateOverdue,
            ItemState::Extended => W::StateExtended,
            ItemState::InProgress => W::StateInProgress,
        }
    }
}

/// 已销号 when closed by `as_of`; else 逾期 past its (extended) due date; else
/// 已延期 when an extension was granted by then; else 正在推进.
pub(crate) fn item_state(repo: &Repository, it: &Item, as_of: Date) -> ItemState {
    if it.closed.as_ref().is_some_and(|c| c.value <= as_of) {
        return ItemState::Closed;
    }
    if eval::item_due(repo, it, as_of).is_some_and(|d| d < as_of) {
        return ItemState::Overdue;
    }
    if it.extensions.iter().any(|e| e.date.value <= as_of) {
        return ItemState::Extended;
    }
    ItemState::InProgress
}

/// 问题整改台账: every item that counts as of `as_of` (not void, opened by
/// then), unit by unit in registry order, as each ledger lists them.
pub(crate) fn item_rows(
    repo: &Repository,
    as_of: Date,
    only: Option<&BTreeSet<String>>,
    lang: Lang,
) -> Rows {
    let names = Names::new(repo);
    let mut rows = Vec::new();
    for unit in unit_order(repo, only) {
        let Some(doc) = repo.ledgers.get(&unit) else {
            continue;
        };
        for it in &doc.items {
            if it.void.is_some() || it.opened.value > as_of {
                continue;
            }
            let extensions: Vec<String> = it
                .extensions
                .iter()
                .filter(|e| e.date.value <= as_of)
                .map(|e| {
                    let reason = e
                        .reason
                        .as_ref()
                        .map(|r| lang.pick(format!("（{}）", r.value), format!(" ({})", r.value)))
                        .unwrap_or_default();
                    match lang {
                        Lang::Zh => {
                            format!("{} 延至 {}{reason}", iso(e.date.value), iso(e.due.value))
                        }
                        Lang::En => format!(
                            "{}: extended to {}{reason}",
                            iso(e.date.value),
                            iso(e.due.value)
                        ),
                    }
                })
                .collect();
            let progress: Vec<String> = it
                .progress
                .iter()
                .filter(|p| p.date.value <= as_of)
                .map(|p| match &p.note {
                    Some(n) => format!("{} {}", iso(p.date.value), n.value),
                    None => iso(p.date.value),
                })
                .collect();
            let evidence: Vec<&str> = it.evidence.iter().map(|e| e.value.as_str()).collect();
            let state = item_state(repo, it, as_of);
            rows.push(vec![
                Value::text(it.id.value.0.as_str().to_owned()),
                Value::text(office::item_kind(it.kind.value, lang)),
                Value::text(names.reference(&it.ref_.value.0)),
                Value::text(it.title.value.clone()),
                Value::text(it.measures.as_ref().map_or("", |m| m.value.as_str())),
                Value::text(it.leader.as_ref().map_or("", |m| m.value.as_str())),
                Value::text(names.unit_or_id(&unit)),
                Value::text(it.owner.as_ref().map_or("", |m| m.value.as_str())),
                Value::Date(it.opened.value),
                Value::date(eval::item_due(repo, it, as_of)),
                Value::text(extensions.join("\n")),
                Value::text(progress.join("\n")),
                Value::text(evidence.join("\n")),
                Value::text(state.word().text(lang)),
                Value::date(it.closed.as_ref().map(|c| c.value).filter(|c| *c <= as_of)),
            ]);
        }
    }
    Rows {
        header: header(
            &[
                W::ItemId,
                W::ItemKind,
                W::Point,
                W::Problem,
                W::Measures,
                W::Leader,
                W::ResponsibleUnit,
                W::Owner,
                W::Opened,
                W::Deadline,
                W::Extensions,
                W::Progress,
                W::Evidence,
                W::Status,
                W::ClosedOn,
            ],
            lang,
        ),
        rows,
        long: vec![2, 3, 4, 10, 11, 12],
        wide: Vec::new(),
        center: Vec::new(),
    }
}

/// 工作记实: every counting record (not void, dated by `as_of`), unit by unit
/// in registry order, by date.
pub(crate) fn record_rows(
    repo: &Repository,
    as_of: Date,
    only: Option<&BTreeSet<String>>,
    lang: Lang,
) -> Rows {
    let names = Names::new(repo);
    let v11 = is_v11(repo);
    let mut rows = Vec::new();
    for unit in unit_order(repo, only) {
        let Some(doc) = repo.ledgers.get(&unit) else {
            continue;
        };
        let mut records: Vec<_> = doc
            .records
            .iter()
            .filter(|r| !r.is_void() && r.date.value <= as_of)
            .collect();
        records.sort_by_key(|r| r.date.value);
        for r in records {
            let targets: Vec<String> = r
                .all_targets()
                .map(|t| names.unit_or_id(&t.value.0))
                .collect();
            let evidence: Vec<&str> = r.evidence().iter().map(|e| e.value.as_str()).collect();
            let mut row = vec![
                Value::Date(r.date.value),
                Value::text(names.unit_or_id(&unit)),
                Value::text(r.id.value.0.as_str().to_owned()),
                Value::text(names.reference(&r.ref_.value.0)),
                Value::text(kind_name(&r.kind.value.0, lang)),
                Value::text(r.title.value.clone()),
                Value::text(
                    r.period()
                        .as_ref()
                        .map(|p| p.value.label())
                        .unwrap_or_default(),
                ),
                Value::text(targets.join("、")),
                Value::text(evidence.join("\n")),
                Value::text(r.note().map_or("", |n| n.value.as_str())),
            ];
            if v11 {
                row.push(Value::text(record_people(repo, r, lang)));
            }
            rows.push(row);
        }
    }
    let mut words = vec![
        W::Date,
        W::Unit,
        W::RecordId,
        W::Point,
        W::RecordKind,
        W::Title,
        W::Period,
        W::Targets,
        W::Evidence,
        W::Note,
    ];
    let mut long = vec![3, 5, 8, 9];
    if v11 {
        // 1.1: the people a record names (`person`, `people`) and who did it (`by`).
        words.push(W::People);
        long.push(10);
    }
    Rows {
        header: header(&words, lang),
        rows,
        long,
        wide: Vec::new(),
        center: Vec::new(),
    }
}

/// Whether the repository is written in format 1.1: the workbook then has
/// the columns its people, events and samples need.
fn is_v11(repo: &Repository) -> bool {
    repo.format >= crate::model::FormatVersion::V1_1
}

/// `张某、李某（实施：王某）`: the people a record names, and who did the
/// work when that is someone else (1.1).
fn record_people(repo: &Repository, r: &crate::model::Record, lang: Lang) -> String {
    let named: Vec<&str> = r
        .named_people()
        .map(|p| repo.who_name(&p.value.0))
        .collect();
    let mut s = named.join("、");
    if let Some(by) = r.by() {
        let by = repo.who_name(by);
        if named.is_empty() {
            s = by.to_owned();
        } else {
            s.push_str(&lang.pick(format!("（实施：{by}）"), format!(" (by {by})")));
        }
    }
    s
}

fn mark(state: PeriodState, lang: Lang) -> String {
    match state {
        PeriodState::Met => W::MarkMet,
        PeriodState::Pending => W::MarkPending,
        PeriodState::Late => W::MarkLate,
        PeriodState::Overdue => W::MarkOverdue,
    }
    .text(lang)
    .to_owned()
}

/// 责任清单落实: each checklist item × each unit it applies to (1.1: or each
/// person, in the ledger unit that keeps their records), with the number of
/// counting records and a mark per in-scope period (from `periods`,
/// [`eval::obligation_status`]'s answer): ✓, 迟办, 逾期, 未到期; blank where
/// the item has no such period.
pub(crate) fn checklist_rows(
    repo: &Repository,
    periods: &[PeriodStatus],
    as_of: Date,
    only: Option<&BTreeSet<String>>,
    lang: Lang,
) -> Rows {
    type Key<'a> = (&'a str, &'a str, Option<&'a str>);
    let names = Names::new(repo);
    let resolver = Resolver::new(repo);
    let mut states: HashMap<Key<'_>, BTreeMap<Period, PeriodState>> = HashMap::new();
    let mut labels: BTreeSet<Period> = BTreeSet::new();
    let mut is_item = HashSet::new();
    for doc in &repo.plans {
        for cl in &doc.plan.checklists {
            for it in &cl.items {
                is_item.insert(it.id.value.0.as_str());
            }
        }
    }
    for s in periods {
        if s.owner == s.obligation && is_item.contains(s.owner.as_str()) {
            labels.insert(s.period);
            states
                .entry((s.unit.as_str(), s.owner.as_str(), s.person.as_deref()))
                .or_default()
                .insert(s.period, s.state);
        }
    }
    // Periods in calendar order; a year before its halves, a half before its quarters.
    let mut columns: Vec<Period> = labels.into_iter().collect();
    columns.sort_by_key(|p| (p.first_day(), std::cmp::Reverse(p.last_day())));
    // The counting records of a unit, or (1.1) those that count for a person.
    let count = |unit: &str, owner: &str, person: Option<&str>| {
        repo.ledgers.get(unit).map_or(0, |d| {
            d.records
                .iter()
                .filter(|r| !r.is_void() && r.date.value <= as_of && r.ref_.value.0 == owner)
                .filter(|r| person.is_none_or(|p| r.counts_for(p)))
                .count()
        })
    };
    let order: HashMap<String, usize> = unit_order(repo, None)
        .into_iter()
        .enumerate()
        .map(|(i, u)| (u, i))
        .collect();
    // 1.1: a checklist whose `applies_to` names people binds each of them.
    let with_people = repo
        .plans
        .iter()
        .flat_map(|d| &d.plan.checklists)
        .any(|cl| cl.applies_to.value.is_people());
    let mut rows = Vec::new();
    for doc in &repo.plans {
        for cl in &doc.plan.checklists {
            // (ledger unit, person): the parties the checklist binds.
            let mut parties: Vec<(String, Option<&crate::model::Person>)> =
                if cl.applies_to.value.is_people() {
                    resolver
                        .resolve_people(&cl.applies_to.value, doc, None, None, None)
                        .into_iter()
                        .filter_map(|p| {
                            let unit = resolver.ledger_unit(&p.unit.value.0)?;
                            let bound = p.in_office(as_of)
                                || states.keys().any(|(u, _, who)| {
                                    *u == unit && *who == Some(p.id.value.0.as_str())
                                });
                            bound.then_some((unit, Some(p)))
                        })
                        .collect()
                } else {
                    resolver
                        .resolve(&cl.applies_to.value, doc, None)
                        .into_iter()
                        .map(|u| (u, None))
                        .collect()
                };
            parties.retain(|(u, _)| only.is_none_or(|s| s.contains(u)));
            parties.sort_by_key(|(u, p)| {
                (
                    order.get(u).copied().unwrap_or(usize::MAX),
                    p.map(|p| p.id.value.0.clone()),
                )
            });
            for it in &cl.items {
                let id = it.id.value.0.as_str();
                for (unit, person) in &parties {
                    let who = person.map(|p| p.id.value.0.as_str());
                    let n = count(unit, id, who);
                    let mine = states.get(&(unit.as_str(), id, who));
                    let done = match (mine, &it.every) {
                        (Some(m), _) => {
                            let met = m.values().filter(|s| **s == PeriodState::Met).count();
                            format!("{met}/{}", m.len())
                        }
                        (None, Some(_)) => String::new(),
                        (None, None) if n > 0 => W::MarkMet.text(lang).to_owned(),
                        (None, None) => Label::Gaps.text(lang).to_owned(),
                    };
                    let mut row = vec![
                        Value::text(cl.title.value.clone()),
                        Value::text(it.group.as_ref().map_or("", |g| g.value.as_str())),
                        Value::text(id),
                        Value::text(it.text.value.clone()),
                        Value::text(names.unit_or_id(unit)),
                    ];
                    if with_people {
                        row.push(Value::text(
                            who.map_or(String::new(), |p| person_cell(repo, p)),
                        ));
                    }
                    row.extend([
                        Value::Number(i64::try_from(n).unwrap_or(i64::MAX)),
                        Value::text(done),
                    ]);
                    for p in &columns {
                        row.push(match mine.and_then(|m| m.get(p)) {
                            Some(s) => Value::text(mark(*s, lang)),
                            None => Value::Empty,
                        });
                    }
                    rows.push(row);
                }
            }
        }
    }
    let mut words = vec![W::Checklist, W::Group, W::ChecklistItem, W::Text, W::Unit];
    if with_people {
        words.push(W::Person);
    }
    words.extend([W::RecordCount, W::Status]);
    let status = words.len() - 1;
    let mut head = header(&words, lang);
    head.extend(columns.iter().map(Period::label));
    let center = (status..head.len()).collect();
    Rows {
        header: head,
        rows,
        long: vec![1],
        wide: vec![3],
        center,
    }
}

/// A person as a workbook shows them: `邵某 (cgj-2)`, or the id alone when
/// the register holds ids only.
fn person_cell(repo: &Repository, id: &str) -> String {
    match repo.person(id).and_then(|p| p.name.as_ref()) {
        Some(n) => format!("{} ({id})", n.value),
        None => id.to_owned(),
    }
}

fn category_label(c: Category) -> Label {
    match c {
        Category::Overdue => Label::Overdue,
        Category::DueSoon => Label::DueSoon,
        Category::Late => Label::Late,
        Category::Gap => Label::Gaps,
    }
}

fn type_text(kind: FindingType, lang: Lang) -> String {
    match kind {
        FindingType::Obligation => lang.pick("定期义务", "obligation").to_owned(),
        FindingType::Item => lang.pick("事项", "item").to_owned(),
        other => gap_text(other.as_str(), lang),
    }
}

/// 逾期临期迟办缺口: one row per finding, in the order `check` reports them.
pub(crate) fn finding_rows(repo: &Repository, findings: &[Finding], lang: Lang) -> Rows {
    let names = Names::new(repo);
    let rows = findings
        .iter()
        .map(|f| {
            let missing: Vec<String> = f
                .missing
                .iter()
                .flatten()
                .map(|u| names.unit_or_id(u))
                .collect();
            let kinds: Vec<String> = f
                .kinds
                .iter()
                .flatten()
                .map(|k| kind_name(k, lang))
                .collect();
            let count = |n: Option<usize>| Value::number(n.map(|n| i64::try_from(n).unwrap_or(0)));
            vec![
                Value::text(category_label(f.category).text(lang)),
                Value::text(type_text(f.kind, lang)),
                Value::text(names.unit_or_id(&f.unit)),
                Value::text(
                    f.ref_
                        .as_deref()
                        .map(|r| names.reference(r))
                        .unwrap_or_default(),
                ),
                Value::text(names.what(f)),
                Value::text(f.period.clone().unwrap_or_default()),
                Value::date(f.due),
                Value::number(f.days_overdue.or(f.days_left).or(f.days_late)),
                count(f.have),
                count(f.need),
                Value::date(f.closed.or(f.done)),
                Value::text(missing.join("、")),
                Value::text(kinds.join("、")),
            ]
        })
        .collect();
    Rows {
        header: header(
            &[
                W::Category,
                W::FindingType,
                W::Unit,
                W::Ref,
                W::ObligationOrItem,
                W::Period,
                W::Due,
                W::Days,
                W::Have,
                W::Need,
                W::DoneOn,
                W::NotCovered,
                W::MissingKinds,
            ],
            lang,
        ),
        rows,
        long: vec![3, 4, 11],
        wide: Vec::new(),
        center: Vec::new(),
    }
}

/// 逾期临期迟办缺口 as the workbook shows it: [`finding_rows`] (the CSV's
/// columns, which are a contract and stay as they are), and for a 1.1
/// repository the people not covered by name, the event follow-ups typed as
/// such, and three columns more: the person or unit a finding concerns, the
/// event that started it, and whether a sample was drawn.
pub(crate) fn finding_sheet_rows(repo: &Repository, findings: &[Finding], lang: Lang) -> Rows {
    let mut rows = finding_rows(repo, findings, lang);
    if !is_v11(repo) {
        return rows;
    }
    const TYPE: usize = 1;
    const NOT_COVERED: usize = 11;
    rows.header[NOT_COVERED] = W::NotCoveredWho.text(lang).to_owned();
    rows.header
        .extend([W::Concerning, W::Event, W::Sample].map(|w| w.text(lang).to_owned()));
    let names = Names::new(repo);
    for (row, f) in rows.rows.iter_mut().zip(findings) {
        if f.event.is_some() {
            row[TYPE] = Value::text(W::FollowUp.text(lang));
        }
        let missing: Vec<String> = f
            .missing
            .iter()
            .flatten()
            .map(|m| match repo.person(m) {
                Some(_) => person_cell(repo, m),
                None => names.unit_or_id(m),
            })
            .collect();
        row[NOT_COVERED] = Value::text(missing.join("、"));
        let concerns = crate::report::facts::Concerns::of(repo, f);
        let who = match (&f.person, &f.target) {
            (Some(p), _) => person_cell(repo, p),
            (None, Some(t)) => concerns.target.clone().unwrap_or_else(|| t.clone()),
            (None, None) => String::new(),
        };
        row.push(Value::text(who));
        row.push(Value::text(concerns.event_text().unwrap_or_default()));
        row.push(Value::text(match f.drawn {
            Some(true) => W::Drawn.text(lang),
            Some(false) => W::NotDrawn.text(lang),
            None => "",
        }));
    }
    let n = rows.header.len();
    rows.long.extend([n - 2]);
    rows.center.push(n - 1);
    rows
}

/// `报送于 12-14，迟 4 天` for a late finding: the day the work was done (the
/// month and day when in the due date's year) and the days late.
pub(crate) fn late_text(f: &Finding, names: &Names<'_>, lang: Lang) -> String {
    let (Some(due), Some(done)) = (f.due, f.closed.or(f.done)) else {
        return String::new();
    };
    let days = f.days_late.unwrap_or_else(|| days_between(due, done));
    let date = if chrono::Datelike::year(&due) == chrono::Datelike::year(&done) {
        iso(done)[5..].to_owned()
    } else {
        iso(done)
    };
    office::late_done(names.done_kind(f), &date, days, lang)
}
