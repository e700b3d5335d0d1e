//! `ledger export html`: the dashboard, one self-contained HTML file that
//! opens offline on an office PC (no network, no CDN, no fonts to fetch):
//! a units × work points heatmap, a drill-down per unit and per point
//! (`<details>`), a timeline of due dates as inline SVG, a print stylesheet,
//! and a few lines of script that open a drill-down when its cell is clicked
//! and every drill-down before printing.
//!
//! The facts are the annual report's ([`crate::report::build`], plan-wide),
//! so the dashboard and the report never disagree; the tables inside the
//! drill-downs are the report's own blocks. Every text is escaped: titles
//! and notes are user input.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

use crate::cli::{ERROR, Env, SUCCESS};
use crate::dates::{Date, days_between, iso};
use crate::eval::{Category, PeriodState, Settings};
use crate::messages::Lang;
use crate::messages::report::{self as m, W};
use crate::model::Selector;
use crate::report::facts::{self, ItemState, YearScope};
use crate::report::layout::{self, Block};
use crate::report::{self, AnnualReport, FindingLine};
use crate::select::Resolver;
use crate::validate::Repository;

#[derive(clap::Args, Debug)]
pub(crate) struct HtmlArgs {
    /// The ledger repository (default: the nearest folder above holding ledger.toml, else ./ledgers)
    #[arg(long, value_name = "DIR")]
    repo: Option<PathBuf>,
    /// Evaluation date (YYYY-MM-DD); default: check.as_of in ledger.toml, else today
    #[arg(long, value_name = "DATE", value_parser = crate::report::cmd::parse_date)]
    as_of: Option<Date>,
    /// Only this calendar year, evaluated as of its end or the evaluation date, whichever is earlier
    #[arg(long, value_name = "YYYY")]
    year: Option<i32>,
    /// Where to write it; `-` for stdout (default: <plan>-dashboard-<date>.html)
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// A heatmap cell, worst first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Cell {
    Overdue,
    Gap,
    Late,
    DueSoon,
    Met,
    NotDue,
    /// The unit has nothing to do with the column.
    None,
}

impl Cell {
    pub(crate) const ALL: [Cell; 7] = [
        Cell::Overdue,
        Cell::Gap,
        Cell::Late,
        Cell::DueSoon,
        Cell::Met,
        Cell::NotDue,
        Cell::None,
    ];

    pub(crate) fn class(self) -> &'static str {
        match self {
            Cell::Overdue => "overdue",
            Cell::Gap => "gap",
            Cell::Late => "late",
            Cell::DueSoon => "soon",
            Cell::Met => "met",
            Cell::NotDue => "notdue",
            Cell::None => "none",
        }
    }

    pub(crate) fn word(self, lang: Lang) -> &'static str {
        match self {
            Cell::Overdue => W::Overdue.text(lang),
            Cell::Gap => W::Gaps.text(lang),
            Cell::Late => W::Late.text(lang),
            Cell::DueSoon => W::DueSoon.text(lang),
            Cell::Met => W::StateMet.text(lang),
            Cell::NotDue => W::StateNotDue.text(lang),
            Cell::None => W::StateNone.text(lang),
        }
    }

    /// One character in the cell, so the map reads without colour (print, colour blindness).
    pub(crate) fn glyph(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Cell::Overdue => ("逾", "!"),
            Cell::Gap => ("缺", "○"),
            Cell::Late => ("迟", "L"),
            Cell::DueSoon => ("临", "S"),
            Cell::Met => ("✓", "✓"),
            Cell::NotDue => ("·", "·"),
            Cell::None => ("", ""),
        };
        lang.pick(zh, en)
    }

    fn of(c: Category) -> Cell {
        match c {
            Category::Overdue => Cell::Overdue,
            Category::Gap => Cell::Gap,
            Category::Late => Cell::Late,
            Category::DueSoon => Cell::DueSoon,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Group {
    Point,
    Checklist,
    Plan,
}

/// A heatmap column: a work point, a checklist, or a plan-wide obligation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Column {
    pub(crate) key: String,
    pub(crate) label: String,
    pub(crate) title: String,
    pub(crate) group: Group,
    /// What records and findings ref for this column.
    pub(crate) refs: BTreeSet<String>,
    /// Units the plan names for it.
    pub(crate) involved: BTreeSet<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Row {
    pub(crate) unit: String,
    pub(crate) name: String,
    pub(crate) cells: Vec<Cell>,
    pub(crate) no_ledger: bool,
}

/// A due date on the timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Mark {
    pub(crate) date: Date,
    pub(crate) state: Cell,
    pub(crate) label: String,
}

pub(crate) struct Dashboard {
    pub(crate) report: AnnualReport,
    pub(crate) year: Option<i32>,
    pub(crate) columns: Vec<Column>,
    pub(crate) rows: Vec<Row>,
    pub(crate) marks: Vec<Mark>,
    pub(crate) from: Date,
    pub(crate) to: Date,
    pub(crate) upcoming: Vec<crate::export_ics::Due>,
}

/// Gather the dashboard: `year` limits it to one calendar year.
/// The repository is trimmed to the scope (see [`YearScope::apply`]).
pub(crate) fn compute(
    repo: &mut Repository,
    settings: Settings,
    year: Option<i32>,
    lang: Lang,
) -> Option<Dashboard> {
    let scope = match year {
        Some(y) => YearScope::new(y, settings.as_of)?,
        None => YearScope::whole(settings.as_of),
    };
    let report = report::build(repo, settings, scope, None);
    let repo: &Repository = repo;
    let resolver = Resolver::new(repo);

    let mut points = Vec::new();
    let mut checklists = Vec::new();
    let mut plan_wide = Vec::new();
    for doc in &repo.plans {
        for p in &doc.plan.points {
            let mut involved = resolver.resolve(&Selector::All, doc, Some(p));
            for ob in &p.obligations {
                let who = ob.who.as_ref().map_or(&Selector::Lead, |w| &w.value);
                // 1.1: people bind their ledger units.
                involved.extend(resolver.party_units(who, doc, Some(p)));
            }
            points.push(Column {
                key: p.id.value.0.as_str().to_owned(),
                label: p
                    .no
                    .as_ref()
                    .map_or_else(|| p.id.value.0.as_str().to_owned(), |n| n.value.to_string()),
                title: format!("{} {}", p.id.value.0, p.title.value),
                group: Group::Point,
                refs: BTreeSet::from([p.id.value.0.as_str().to_owned()]),
                involved,
            });
        }
        for cl in &doc.plan.checklists {
            checklists.push(Column {
                key: cl.id.value.0.as_str().to_owned(),
                label: String::new(),
                title: cl.title.value.clone(),
                group: Group::Checklist,
                refs: cl
                    .items
                    .iter()
                    .map(|i| i.id.value.0.as_str().to_owned())
                    .collect(),
                involved: resolver.party_units(&cl.applies_to.value, doc, None),
            });
        }
        for ob in &doc.plan.obligations {
            plan_wide.push(Column {
                key: ob.id.value.0.as_str().to_owned(),
                label: String::new(),
                title: ob.title.value.clone(),
                group: Group::Plan,
                refs: BTreeSet::from([ob.id.value.0.as_str().to_owned()]),
                involved: ob
                    .who
                    .as_ref()
                    .map(|w| resolver.party_units(&w.value, doc, None))
                    .unwrap_or_default(),
            });
        }
    }
    // Checklists and plan-wide obligations have long titles and no number:
    // short keys in the header, spelled out under the map.
    for (i, c) in checklists.iter_mut().enumerate() {
        c.label = format!("{}{}", lang.pick("清单", "C"), i + 1);
    }
    for (i, c) in plan_wide.iter_mut().enumerate() {
        c.label = format!("{}{}", lang.pick("方案", "P"), i + 1);
    }
    let columns: Vec<Column> = points
        .into_iter()
        .chain(checklists)
        .chain(plan_wide)
        .collect();

    // Worst finding, best period and whether any record exists, per (unit, ref).
    let all_findings: Vec<&FindingLine> = report
        .overdue
        .iter()
        .chain(&report.due_soon)
        .chain(&report.late)
        .chain(&report.gaps)
        .collect();
    let mut worst: BTreeMap<(&str, &str), Cell> = BTreeMap::new();
    let mut no_ledger: BTreeSet<&str> = BTreeSet::new();
    for l in &all_findings {
        let f = &l.finding;
        match &f.ref_ {
            Some(r) => {
                let e = worst
                    .entry((f.unit.as_str(), r.as_str()))
                    .or_insert(Cell::None);
                *e = (*e).min(Cell::of(f.category));
            }
            None => {
                no_ledger.insert(f.unit.as_str());
            }
        }
    }
    let obligations = report
        .points
        .iter()
        .flat_map(|p| p.obligations.iter())
        .chain(&report.plan_wide);
    let mut periods: BTreeMap<(&str, &str), Cell> = BTreeMap::new();
    for o in obligations.clone() {
        let met = o.periods.iter().any(|p| p.state == PeriodState::Met);
        let e = periods
            .entry((o.unit.as_str(), o.owner.as_str()))
            .or_insert(Cell::NotDue);
        if met {
            *e = Cell::Met;
        }
    }
    let mut recorded: BTreeSet<(&str, &str)> = BTreeSet::new();
    for (u, doc) in &repo.ledgers {
        for r in doc.records.iter().filter(|r| scope.record(r)) {
            recorded.insert((u.as_str(), r.ref_.value.0.as_str()));
        }
    }

    // A group or a body reported by another unit (1.1) has no row: its
    // members, or the unit recording for it (named so), carry its work.
    let rows = facts::ledger_units_in_order(repo)
        .into_iter()
        .map(|u| {
            let cells = columns
                .iter()
                .map(|c| {
                    let bad = c
                        .refs
                        .iter()
                        .filter_map(|r| worst.get(&(u.as_str(), r.as_str())))
                        .min();
                    if let Some(b) = bad {
                        return *b;
                    }
                    let p = c
                        .refs
                        .iter()
                        .filter_map(|r| periods.get(&(u.as_str(), r.as_str())))
                        .min();
                    if let Some(p) = p {
                        return *p;
                    }
                    if c.refs
                        .iter()
                        .any(|r| recorded.contains(&(u.as_str(), r.as_str())))
                    {
                        Cell::Met
                    } else if c.involved.contains(&u) {
                        Cell::NotDue
                    } else {
                        Cell::None
                    }
                })
                .collect();
            let bodies = facts::recorded_for(repo, &u);
            let name = if bodies.is_empty() {
                repo.unit_name(&u).to_owned()
            } else {
                m::records_for(repo.unit_name(&u), &m::join(&bodies, lang), lang)
            };
            Row {
                name,
                no_ledger: no_ledger.contains(u.as_str()),
                unit: u,
                cells,
            }
        })
        .collect();

    // The timeline: the year, or half a year back and a quarter ahead.
    let as_of = scope.as_of;
    let (from, to) = match year {
        Some(_) => (scope.first, scope.last),
        None => (
            as_of - chrono::Days::new(182),
            as_of + chrono::Days::new(92),
        ),
    };
    let soon = settings.due_soon_days;
    let pending = |due: Date| {
        if days_between(as_of, due) <= soon {
            Cell::DueSoon
        } else {
            Cell::NotDue
        }
    };
    let mut marks = Vec::new();
    for o in obligations {
        for p in &o.periods {
            let state = match p.state {
                PeriodState::Met => Cell::Met,
                PeriodState::Late => Cell::Late,
                PeriodState::Overdue => Cell::Overdue,
                PeriodState::Pending => pending(p.due),
            };
            marks.push(Mark {
                date: p.due,
                state,
                label: format!("{} · {} {}", o.unit_name, o.title, p.label),
            });
        }
    }
    for it in &report.items {
        let Some(due) = it.due else { continue };
        let state = match it.state {
            ItemState::Closed if it.days_late.is_some() => Cell::Late,
            ItemState::Closed => Cell::Met,
            ItemState::Overdue => Cell::Overdue,
            ItemState::Open | ItemState::Extended => pending(due),
        };
        marks.push(Mark {
            date: due,
            state,
            label: format!("{} · {} {}", it.unit_name, it.id, it.title),
        });
    }
    // 1.1: the windows that are not calendar periods (regular gaps, event
    // follow-ups): overdue, due soon and late ones from the findings, those
    // further ahead from the dues.
    let mut interval_marks = std::collections::HashSet::new();
    for l in report
        .overdue
        .iter()
        .chain(&report.due_soon)
        .chain(&report.late)
    {
        let f = &l.finding;
        let (Some(due), Some(period)) = (f.due, f.period.as_deref()) else {
            continue;
        };
        if f.kind != crate::eval::FindingType::Obligation
            || crate::dates::parse_interval(period).is_none()
        {
            continue;
        }
        let title = l
            .what_title
            .as_deref()
            .or(l.ref_title.as_deref())
            .unwrap_or("");
        let label = format!(
            "{} · {title}{} {period}",
            l.unit_name,
            l.concerns.bracketed(lang)
        );
        interval_marks.insert((f.unit.clone(), label.clone(), due));
        marks.push(Mark {
            date: due,
            state: Cell::of(f.category),
            label,
        });
    }
    let ahead = Settings { as_of, ..settings };
    let upcoming = crate::export_ics::dues(repo, ahead, 92);
    for u in &upcoming {
        let Some(period) = u.period.as_deref() else {
            continue;
        };
        if crate::dates::parse_interval(period).is_none() {
            continue;
        }
        let label = format!(
            "{} · {}{} {period}",
            u.unit_name,
            u.what_title,
            u.concerns.bracketed(lang)
        );
        if interval_marks.insert((u.unit.clone(), label.clone(), u.date)) {
            marks.push(Mark {
                date: u.date,
                state: pending(u.date),
                label,
            });
        }
    }
    marks.retain(|m| m.date >= from && m.date <= to);
    marks.sort_by(|a, b| (a.date, a.state, &a.label).cmp(&(b.date, b.state, &b.label)));

    Some(Dashboard {
        report,
        year,
        columns,
        rows,
        marks,
        from,
        to,
        upcoming,
    })
}

/// Text and attribute values escaped for HTML.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root{--overdue:#cf222e;--gap:#e16f24;--late:#8250df;--soon:#d4a72c;--met:#2da44e;--notdue:#d0d7de;--none:#ffffff;--ink:#1f2328;--muted:#59636e;--line:#d0d7de}
*{box-sizing:border-box}
body{margin:0;padding:16px 24px;color:var(--ink);background:#f6f8fa;font:14px/1.5 "Microsoft YaHei","微软雅黑","PingFang SC","Hiragino Sans GB","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",SimSun,"宋体",sans-serif}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:18px;margin:24px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:15px;margin:12px 0 6px}
h4,h5{font-size:13px;margin:10px 0 4px}
.sub{color:var(--muted);margin:0 0 12px}
nav a{margin-right:16px;color:#0969da;text-decoration:none}
.badges span{display:inline-block;margin:0 8px 6px 0;padding:4px 10px;border-radius:12px;background:#fff;border:1px solid var(--line)}
.badges b{font-size:16px;margin-left:4px}
.b-overdue b{color:var(--overdue)}.b-soon b{color:#9a6700}.b-late b{color:var(--late)}.b-gap b{color:var(--gap)}
.card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:12px 16px;margin-bottom:16px;overflow-x:auto}
table.heat{border-collapse:separate;border-spacing:2px;font-size:12px}
table.heat th{font-weight:normal;color:var(--muted);white-space:nowrap}
table.heat thead th{text-align:center;vertical-align:bottom}
table.heat th.k{padding:0 2px}
.keys{font-size:12px;color:var(--muted);margin:6px 0 0}.keys span{margin-right:14px}
table.heat tbody th{text-align:right;padding-right:6px}
table.heat td{width:22px;height:22px;min-width:22px;text-align:center;border-radius:3px;padding:0}
table.heat td a{display:block;width:100%;height:100%;line-height:22px;color:inherit;text-decoration:none}
.c-overdue{background:var(--overdue);color:#fff}.c-gap{background:var(--gap);color:#fff}.c-late{background:var(--late);color:#fff}
.c-soon{background:var(--soon);color:#1f2328}.c-met{background:var(--met);color:#fff}.c-notdue{background:var(--notdue);color:var(--muted)}
.c-none{background:var(--none);border:1px solid #eaeef2}
.legend span{display:inline-block;margin-right:14px;font-size:12px}
.legend i{display:inline-block;width:14px;height:14px;border-radius:3px;vertical-align:-2px;margin-right:4px;font-style:normal;text-align:center;line-height:14px;font-size:10px}
.tag{display:inline-block;font-size:11px;padding:0 6px;border-radius:8px;background:var(--gap);color:#fff;margin-left:4px}
details{background:#fff;border:1px solid var(--line);border-radius:6px;margin:0 0 6px;padding:0 12px}
details[open]{padding-bottom:8px}
summary{cursor:pointer;padding:6px 0}
summary .n{font-size:12px;margin-left:8px;padding:0 6px;border-radius:8px;color:#fff}
table.data{border-collapse:collapse;width:100%;font-size:12px;margin:4px 0 8px}
table.data th,table.data td{border:1px solid var(--line);padding:3px 6px;text-align:left;vertical-align:top}
table.data th{background:#f6f8fa;white-space:nowrap}
table.data td.d{white-space:nowrap}
svg text{font-size:11px;fill:var(--muted)}
.cols{display:flex;gap:16px;flex-wrap:wrap}.cols>div{flex:1 1 420px;min-width:0}
@page{size:A4 landscape;margin:12mm}
@media print{
body{background:#fff;padding:0;font-size:11px}
nav,.noprint{display:none}
.card,details{border:none;padding:0;overflow:visible}
h2{break-after:avoid}
table.heat{font-size:9px;border-spacing:1px}
table.heat td{width:18px;height:18px;min-width:18px}
table.heat td a{line-height:18px}
svg{break-inside:avoid}
summary{list-style:none;font-weight:bold}
summary::-webkit-details-marker{display:none}
table.data{page-break-inside:auto}table.data tr{break-inside:avoid}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
a{color:inherit;text-decoration:none}
}
"#;

/// Open the drill-down a cell links to, and every drill-down before printing.
const SCRIPT: &str = r#"
(function(){
function openTarget(){var id=decodeURIComponent(location.hash.slice(1));var e=id&&document.getElementById(id);if(e&&e.tagName==='DETAILS'){e.open=true;}}
window.addEventListener('hashchange',openTarget);openTarget();
window.addEventListener('beforeprint',function(){document.querySelectorAll('details').forEach(function(d){d.open=true;});});
})();
"#;

/// Records listed under one point in its drill-down (the latest).
const RECORDS_SHOWN: usize = 200;

/// Write the dashboard.
pub(crate) fn write(d: &Dashboard, lang: Lang, out: &mut dyn Write) -> std::io::Result<()> {
    let mut h = String::with_capacity(64 * 1024);
    let r = &d.report;
    let title = r
        .plan_title
        .clone()
        .unwrap_or_else(|| W::DashTitle.text(lang).to_owned());
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} · {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        lang.pick("zh-CN", "en"),
        esc(W::DashTitle.text(lang)),
        esc(&title)
    );
    let _ = writeln!(h, "<h1>{}</h1>", esc(&title));
    let mut sub = Vec::new();
    if let Some(doc) = &r.doc_no {
        sub.push(esc(doc));
    }
    sub.push(format!("{} {}", esc(W::AsOf.text(lang)), iso(r.as_of)));
    if let Some(y) = d.year {
        sub.push(esc(&format!("{y}{}", lang.pick("年度", ""))));
    }
    let _ = writeln!(h, "<p class=\"sub\">{}</p>", sub.join(" · "));
    let _ = writeln!(
        h,
        "<nav><a href=\"#heatmap\">{}</a><a href=\"#timeline\">{}</a><a href=\"#units\">{}</a><a href=\"#points\">{}</a></nav>",
        esc(W::Heatmap.text(lang)),
        esc(W::Timeline.text(lang)),
        esc(W::ByUnit.text(lang)),
        esc(W::ByPoint.text(lang))
    );
    let t = &r.totals;
    let open_items = r
        .items
        .iter()
        .filter(|i| i.state != ItemState::Closed)
        .count();
    let _ = writeln!(
        h,
        "<p class=\"badges\"><span class=\"b-overdue\">{}<b>{}</b></span><span class=\"b-soon\">{}<b>{}</b></span><span class=\"b-late\">{}<b>{}</b></span><span class=\"b-gap\">{}<b>{}</b></span><span>{}<b>{}</b></span><span>{}<b>{}/{}</b></span></p>",
        esc(W::Overdue.text(lang)),
        t.overdue,
        esc(W::DueSoon.text(lang)),
        t.due_soon,
        esc(W::Late.text(lang)),
        t.late,
        esc(W::Gaps.text(lang)),
        t.gaps,
        esc(W::Records.text(lang)),
        t.records,
        esc(lang.pick("未销号/事项", "open/items")),
        open_items,
        t.items
    );

    heatmap(&mut h, d, lang);
    timeline(&mut h, d, lang);

    // Drill-down by unit.
    let _ = writeln!(h, "<h2 id=\"units\">{}</h2>", esc(W::ByUnit.text(lang)));
    for row in &d.rows {
        let mine: Vec<FindingLine> = [&r.overdue, &r.due_soon, &r.late, &r.gaps]
            .into_iter()
            .flatten()
            .filter(|l| l.finding.unit == row.unit)
            .cloned()
            .collect();
        let items: Vec<facts::ItemLine> = r
            .items
            .iter()
            .filter(|i| i.unit == row.unit)
            .cloned()
            .collect();
        let records = r
            .units
            .iter()
            .find(|u| u.id == row.unit)
            .map_or(0, |u| u.records);
        let _ = write!(
            h,
            "<details id=\"u-{}\"><summary><b>{}</b> ({})",
            esc(&row.unit),
            esc(&row.name),
            esc(&row.unit)
        );
        counts(&mut h, &mine, lang);
        let _ = writeln!(h, "</summary>");
        let _ = writeln!(h, "<p>{} {records}</p>", esc(W::Records.text(lang)));
        if !mine.is_empty() {
            let _ = writeln!(h, "<h4>{}</h4>", esc(W::SubFindings.text(lang)));
            blocks(&mut h, &[layout::findings_table(&mine, true, lang)]);
        }
        if !items.is_empty() {
            let _ = writeln!(h, "<h4>{}</h4>", esc(W::SubItems.text(lang)));
            blocks(&mut h, &[layout::items_table(&items, false, lang)]);
        }
        let _ = writeln!(h, "</details>");
    }

    // Drill-down by point.
    let _ = writeln!(h, "<h2 id=\"points\">{}</h2>", esc(W::ByPoint.text(lang)));
    for p in &r.points {
        let _ = write!(h, "<details id=\"p-{}\"><summary>", esc(&p.id));
        if let Some(n) = p.no {
            let _ = write!(h, "{n}. ");
        }
        let _ = write!(h, "<b>{}</b> ({})", esc(&p.title), esc(&p.id));
        counts(&mut h, &p.findings, lang);
        let _ = writeln!(h, "</summary>");
        // A city's point may carry thousands of records: the latest ones here,
        // the full list in the annual report.
        let mut shown = p.clone();
        let hidden = shown.records.len().saturating_sub(RECORDS_SHOWN);
        shown.records.drain(..hidden);
        blocks(&mut h, &layout::point_blocks(&shown, lang));
        if hidden > 0 {
            let _ = writeln!(h, "<p>{}</p>", esc(&m::records_hidden(hidden, lang)));
        }
        let _ = writeln!(h, "</details>");
    }
    let _ = writeln!(h, "<script>{SCRIPT}</script>\n</body>\n</html>");
    out.write_all(h.as_bytes())
}

/// Finding counts as small coloured labels.
fn counts(h: &mut String, lines: &[FindingLine], lang: Lang) {
    let mut by: BTreeMap<Cell, usize> = BTreeMap::new();
    for l in lines {
        *by.entry(Cell::of(l.finding.category)).or_default() += 1;
    }
    for (c, n) in by {
        let _ = write!(
            h,
            "<span class=\"n c-{}\">{} {n}</span>",
            c.class(),
            esc(c.word(lang))
        );
    }
}

fn blocks(h: &mut String, bs: &[Block]) {
    for b in bs {
        match b {
            Block::Title(t) => {
                let _ = writeln!(h, "<h3>{}</h3>", esc(t));
            }
            Block::Meta(lines) => {
                for (k, v) in lines {
                    let _ = writeln!(h, "<p><b>{}</b>{}</p>", esc(k), esc(v));
                }
            }
            Block::Heading(level, t) => {
                let l = (level + 2).min(6);
                let _ = writeln!(h, "<h{l}>{}</h{l}>", esc(t));
            }
            Block::Para(t) => {
                let _ = writeln!(h, "<p>{}</p>", esc(t));
            }
            Block::Table { header, rows } => {
                h.push_str("<table class=\"data\"><thead><tr>");
                for c in header {
                    let _ = write!(h, "<th>{}</th>", esc(c));
                }
                h.push_str("</tr></thead><tbody>\n");
                for row in rows {
                    h.push_str("<tr>");
                    for c in row {
                        // Dates never wrap: `2018-12-31` split in two reads as two numbers.
                        let date = crate::dates::parse_iso_date(c).is_some();
                        // 1.1's intervals (`2018-06-28/2018-12-28`) break after the slash only.
                        if let Some((a, b)) = crate::dates::parse_interval(c) {
                            let _ = write!(h, "<td class=\"d\">{}/<br>{}</td>", iso(a), iso(b));
                            continue;
                        }
                        let _ = write!(
                            h,
                            "<td{}>{}</td>",
                            if date { " class=\"d\"" } else { "" },
                            esc(c).replace('\n', "<br>")
                        );
                    }
                    h.push_str("</tr>\n");
                }
                h.push_str("</tbody></table>\n");
            }
        }
    }
}

fn heatmap(h: &mut String, d: &Dashboard, lang: Lang) {
    let _ = writeln!(
        h,
        "<h2 id=\"heatmap\">{}</h2>\n<div class=\"card\">",
        esc(W::Heatmap.text(lang))
    );
    let _ = write!(h, "<p class=\"legend\">");
    for c in Cell::ALL {
        let _ = write!(
            h,
            "<span><i class=\"c-{}\">{}</i>{}</span>",
            c.class(),
            esc(c.glyph(lang)),
            esc(c.word(lang))
        );
    }
    let _ = writeln!(h, "</p>");
    h.push_str("<table class=\"heat\"><thead><tr><th rowspan=\"2\"></th>");
    for (group, word) in [
        (Group::Point, W::ByPoint),
        (Group::Checklist, W::Checklists),
        (Group::Plan, W::PlanObligations),
    ] {
        let n = d.columns.iter().filter(|c| c.group == group).count();
        if n > 0 {
            let word = match group {
                Group::Point => lang.pick("工作要点", "Work points"),
                _ => word.text(lang),
            };
            let _ = write!(h, "<th colspan=\"{n}\">{}</th>", esc(word));
        }
    }
    h.push_str("</tr><tr>");
    for c in &d.columns {
        let vertical = if c.group == Group::Point {
            ""
        } else {
            " class=\"v\""
        };
        let _ = write!(
            h,
            "<th{vertical} title=\"{}\">{}</th>",
            esc(&c.title),
            esc(&c.label)
        );
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for row in &d.rows {
        let _ = write!(
            h,
            "<tr><th><a href=\"#u-{}\">{}</a>",
            esc(&row.unit),
            esc(&row.name)
        );
        if row.no_ledger {
            let _ = write!(
                h,
                "<span class=\"tag\">{}</span>",
                esc(&crate::messages::labels::gap_text("no-ledger", lang))
            );
        }
        h.push_str("</th>");
        for (c, cell) in d.columns.iter().zip(&row.cells) {
            if *cell == Cell::None {
                h.push_str("<td class=\"c-none\"></td>");
                continue;
            }
            let target = match c.group {
                Group::Point => format!("p-{}", c.key),
                _ => format!("u-{}", row.unit),
            };
            let _ = write!(
                h,
                "<td class=\"c-{}\" title=\"{} · {}：{}\"><a href=\"#{}\">{}</a></td>",
                cell.class(),
                esc(&row.name),
                esc(&c.title),
                esc(cell.word(lang)),
                esc(&target),
                esc(cell.glyph(lang))
            );
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table>\n<p class=\"keys\">");
    for c in d.columns.iter().filter(|c| c.group != Group::Point) {
        let _ = write!(h, "<span><b>{}</b> {}</span>", esc(&c.label), esc(&c.title));
    }
    h.push_str("</p>\n</div>\n");
}

fn timeline(h: &mut String, d: &Dashboard, lang: Lang) {
    const W_PX: i64 = 1160;
    const PAD: i64 = 30;
    const STEP: i64 = 11;
    const MAX_STACK: i64 = 10;
    let _ = writeln!(
        h,
        "<h2 id=\"timeline\">{}</h2>\n<div class=\"card\">",
        esc(W::Timeline.text(lang))
    );
    let span = days_between(d.from, d.to).max(1);
    let x = |date: Date| PAD + days_between(d.from, date) * (W_PX - 2 * PAD) / span;
    let mut by_day: BTreeMap<Date, Vec<&Mark>> = BTreeMap::new();
    for m in &d.marks {
        by_day.entry(m.date).or_default().push(m);
    }
    let tallest = by_day
        .values()
        .map(|v| v.len() as i64)
        .max()
        .unwrap_or(0)
        .min(MAX_STACK);
    let base = 24 + tallest * STEP + 8;
    let height = base + 34;
    let _ = writeln!(
        h,
        "<svg role=\"img\" viewBox=\"0 0 {W_PX} {height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\">"
    );
    let _ = writeln!(
        h,
        "<line x1=\"{PAD}\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\" stroke=\"#8c959f\"/>",
        W_PX - PAD
    );
    // Month ticks.
    let mut month = d.from.with_day(1).unwrap_or(d.from);
    use chrono::Datelike;
    while month <= d.to {
        if month >= d.from {
            let mx = x(month);
            let _ = writeln!(
                h,
                "<line x1=\"{mx}\" y1=\"{}\" x2=\"{mx}\" y2=\"{}\" stroke=\"#d0d7de\"/><text x=\"{}\" y=\"{}\">{}</text>",
                base,
                base + 6,
                mx + 2,
                base + 18,
                esc(&format!("{}-{:02}", month.year(), month.month()))
            );
        }
        month = month
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(d.to + chrono::Days::new(1));
    }
    let as_of = d.report.as_of;
    if as_of >= d.from && as_of <= d.to {
        let tx = x(as_of);
        let _ = writeln!(
            h,
            "<line x1=\"{tx}\" y1=\"8\" x2=\"{tx}\" y2=\"{}\" stroke=\"#cf222e\" stroke-dasharray=\"4 3\"/><text x=\"{}\" y=\"14\" text-anchor=\"{}\" style=\"fill:#cf222e\">{} {}</text>",
            base + 6,
            // Near the right end the label goes to the left of the line.
            if tx > W_PX - 160 { tx - 4 } else { tx + 4 },
            if tx > W_PX - 160 { "end" } else { "start" },
            esc(W::Today.text(lang)),
            iso(as_of)
        );
    }
    for (date, marks) in &by_day {
        let cx = x(*date);
        for (k, m) in marks.iter().enumerate() {
            let k = k as i64;
            if k >= MAX_STACK {
                let _ = writeln!(
                    h,
                    "<text x=\"{}\" y=\"{}\">+{}</text>",
                    cx - 6,
                    base - 8 - MAX_STACK * STEP,
                    marks.len() as i64 - MAX_STACK
                );
                break;
            }
            let _ = writeln!(
                h,
                "<circle cx=\"{cx}\" cy=\"{}\" r=\"4.5\" style=\"fill:var(--{})\"><title>{} {} · {}</title></circle>",
                base - 8 - k * STEP,
                m.state.class(),
                iso(m.date),
                esc(m.state.word(lang)),
                esc(&m.label)
            );
        }
    }
    h.push_str("</svg>\n");
    // The lists under it: what is overdue now, what falls due next.
    h.push_str("<div class=\"cols\"><div>");
    let _ = writeln!(h, "<h3>{}</h3>", esc(W::OverdueWork.text(lang)));
    let mut overdue = d.report.overdue.clone();
    overdue.sort_by_key(|l| std::cmp::Reverse(l.finding.days_overdue.unwrap_or(0)));
    if overdue.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", esc(W::None.text(lang)));
    } else {
        blocks(h, &[layout::findings_table(&overdue, true, lang)]);
    }
    h.push_str("</div><div>");
    let _ = writeln!(
        h,
        "<h3>{}</h3>",
        esc(&format!(
            "{}（92 {}）",
            W::Upcoming.text(lang),
            lang.pick("天", "days")
        ))
    );
    if d.upcoming.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", esc(W::None.text(lang)));
    } else {
        let header = [W::Due, W::Unit, W::Ref, W::Item, W::Period]
            .map(|w| w.text(lang).to_owned())
            .to_vec();
        let rows = d
            .upcoming
            .iter()
            .map(|u| {
                vec![
                    iso(u.date),
                    u.unit_name.clone(),
                    u.ref_.clone(),
                    if u.is_item {
                        format!("{} {}", u.what, u.what_title)
                    } else {
                        // 1.1: whose period, whom a follow-up concerns.
                        format!("{}{}", u.what_title, u.concerns.bracketed(lang))
                    },
                    u.period.clone().unwrap_or_default(),
                ]
            })
            .collect();
        blocks(h, &[Block::Table { header, rows }]);
    }
    h.push_str("</div></div>\n</div>\n");
}

pub(crate) fn run(
    args: &HtmlArgs,
    env: &Env<'_>,
    lang: Lang,
    color: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    let Some(loaded) =
        crate::report::cmd::load(args.repo.as_ref(), args.as_of, env, lang, color, err)?
    else {
        return Ok(ERROR);
    };
    let mut loaded = loaded;
    let Some(d) = compute(&mut loaded.analysis.repo, loaded.settings, args.year, lang) else {
        let year = args.year.unwrap_or_default();
        writeln!(
            err,
            "ledger: {}",
            m::year_not_begun(year, &iso(loaded.settings.as_of), lang)
        )?;
        return Ok(ERROR);
    };
    let repo = &loaded.analysis.repo;
    let mut bytes = Vec::new();
    write(&d, lang, &mut bytes)?;
    let name = format!(
        "{}-dashboard-{}.html",
        facts::plan_id(repo),
        iso(loaded.settings.as_of)
    );
    crate::report::cmd::emit(&bytes, args.out.as_deref(), &name, env, out)?;
    Ok(SUCCESS)
}
