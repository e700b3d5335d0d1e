//! The annual report worded in one language, as blocks both writers share:
//! a title, key–value lines, headings, paragraphs and tables of plain text.
//! Escaping is the writers' business; here every string is what a reader sees.

use crate::dates::{days_between, iso};
use crate::eval::{Category, FindingType};
use crate::messages::Lang;
use crate::messages::labels::gap_text;
use crate::messages::report::{self as m, W};

use super::facts::{ItemLine, kind_label};
use super::{AnnualReport, FindingLine, ObligationLine, PointSection};

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Block {
    Title(String),
    /// `key: value` lines under the title; the key ends in its colon.
    Meta(Vec<(String, String)>),
    /// Level 1–3.
    Heading(u8, String),
    Para(String),
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
}

pub(crate) fn layout(r: &AnnualReport, lang: Lang) -> Vec<Block> {
    let t = |w: W| w.text(lang).to_owned();
    let mut out = Vec::new();
    let unit_name = r.unit.as_ref().map(|(_, n)| n.as_str());
    let doc = r.doc_no.as_deref().or(r.plan_title.as_deref());
    out.push(Block::Title(m::report_title(unit_name, r.year, doc, lang)));
    // The key carries its colon: full-width in Chinese, `: ` in English.
    let key = |w: W| format!("{}{}", w.text(lang), lang.pick("：", ": "));
    let mut meta = Vec::new();
    if let Some(title) = &r.plan_title {
        meta.push((key(W::Basis), title.clone()));
    }
    if let Some(name) = unit_name {
        meta.push((key(W::Reporter), name.to_owned()));
        meta.push((key(W::Recipient), t(W::RecipientName)));
    }
    meta.push((key(W::AsOf), iso(r.as_of)));
    out.push(Block::Meta(meta));

    // 一、总体情况
    out.push(Block::Heading(1, t(W::SecOverview)));
    let tot = &r.totals;
    out.push(Block::Para(m::overview(
        &m::OverviewNumbers {
            points: tot.points,
            records: tot.records,
            items: tot.items,
            items_closed: tot.items_closed,
            rectification: tot
                .rectification
                .percent()
                .map(|p| (tot.rectification.done, tot.rectification.total, p)),
            periods: tot.periods,
            periods_met: tot.periods_met,
            overdue: tot.overdue,
            due_soon: tot.due_soon,
            late: tot.late,
            gaps: tot.gaps,
            unit: unit_name,
        },
        lang,
    )));
    if !r.units.is_empty() {
        out.push(Block::Heading(2, t(W::SecUnits)));
        let header = [
            W::Unit,
            W::PointsLed,
            W::Records,
            W::Items,
            W::ItemsClosed,
            W::Rectification,
            W::Overdue,
            W::Late,
            W::Gaps,
        ]
        .map(t)
        .to_vec();
        let rows = r
            .units
            .iter()
            .map(|u| {
                let name = if u.recorded_for.is_empty() {
                    u.name.clone()
                } else {
                    m::records_for(&u.name, &m::join(&u.recorded_for, lang), lang)
                };
                vec![
                    name,
                    u.points_led.to_string(),
                    u.records.to_string(),
                    u.items.to_string(),
                    u.items_closed.to_string(),
                    ratio(u.rectification),
                    u.overdue.to_string(),
                    u.late.to_string(),
                    u.gaps.to_string(),
                ]
            })
            .collect();
        out.push(Block::Table { header, rows });
    }

    // 二、要点
    out.push(Block::Heading(
        1,
        t(if r.unit.is_some() {
            W::SecPointsLed
        } else {
            W::SecPointsAll
        }),
    ));
    if r.points.is_empty() {
        out.push(Block::Para(t(W::None)));
    }
    for p in &r.points {
        let head = match p.no {
            Some(n) => format!("{n}. {}（{}）", p.title, p.id),
            None => format!("{}（{}）", p.title, p.id),
        };
        out.push(Block::Heading(2, head));
        out.extend(point_blocks(p, lang));
    }

    // 三、方案级义务和责任清单
    out.push(Block::Heading(1, t(W::SecPlanWide)));
    if r.plan_wide.is_empty() {
        out.push(Block::Para(t(W::None)));
    } else {
        out.push(obligations_table(&r.plan_wide, lang));
    }

    // 四、问题整改进展
    out.push(Block::Heading(1, t(W::SecItems)));
    if r.items.is_empty() {
        out.push(Block::Para(t(W::None)));
    } else {
        out.push(items_table(&r.items, r.unit.is_none(), lang));
    }

    // 五、存在的问题
    out.push(Block::Heading(1, t(W::SecIssues)));
    for (w, list) in [
        (W::IssuesOverdue, &r.overdue),
        (W::IssuesDueSoon, &r.due_soon),
        (W::IssuesLate, &r.late),
        (W::IssuesGaps, &r.gaps),
    ] {
        out.push(Block::Heading(2, t(w)));
        if list.is_empty() {
            out.push(Block::Para(t(W::None)));
        } else {
            out.push(findings_table(list, true, lang));
        }
    }
    out
}

fn ratio(r: crate::summary::Ratio) -> String {
    match r.percent() {
        Some(p) => format!("{}/{} {p}", r.done, r.total),
        None => "—".to_owned(),
    }
}

/// Obligations and their periods; a checklist item shows its id before its text.
pub(crate) fn obligations_table(lines: &[ObligationLine], lang: Lang) -> Block {
    let t = |w: W| w.text(lang).to_owned();
    let header = [W::Obligation, W::Unit, W::Periods].map(t).to_vec();
    let rows = lines
        .iter()
        .map(|l| {
            let periods: Vec<String> = l
                .periods
                .iter()
                .map(|p| {
                    let done = p.done.map(iso);
                    let late = p.done.map(|d| days_between(p.due, d)).filter(|n| *n > 0);
                    m::period_cell(&p.label, p.state, done.as_deref(), late, lang)
                })
                .collect();
            let title = if l.checklist {
                format!("{} {}", l.owner, l.title)
            } else {
                l.title.clone()
            };
            vec![
                title,
                l.unit_name.clone(),
                periods.join(lang.pick("；", "; ")),
            ]
        })
        .collect();
    Block::Table { header, rows }
}

pub(crate) fn items_table(items: &[ItemLine], with_unit: bool, lang: Lang) -> Block {
    let t = |w: W| w.text(lang).to_owned();
    let mut header = vec![t(W::No)];
    if with_unit {
        header.push(t(W::Unit));
    }
    header.extend([
        t(W::ItemKind),
        t(W::Item),
        t(W::Due),
        t(W::Closed),
        t(W::State),
        t(W::Progress),
    ]);
    let rows = items
        .iter()
        .map(|it| {
            let mut row = vec![it.id.clone()];
            if with_unit {
                row.push(it.unit_name.clone());
            }
            let due = match (it.due, it.extensions) {
                (Some(d), 0) => iso(d),
                (Some(d), n) => format!("{}\n{}", iso(d), m::extended(n, lang)),
                (None, _) => "—".to_owned(),
            };
            row.extend([
                m::item_kind(it.kind, lang).to_owned(),
                it.title.clone(),
                due,
                it.closed.map_or_else(|| "—".to_owned(), iso),
                m::item_state_cell(it.state, it.days_overdue, it.days_late, lang),
                it.progress
                    .as_ref()
                    .map(|(d, n)| format!("{} {n}", iso(*d)))
                    .unwrap_or_default(),
            ]);
            row
        })
        .collect();
    Block::Table { header, rows }
}

/// Findings; `with_ref: false` under a point's heading, where the ref is the point.
pub(crate) fn findings_table(lines: &[FindingLine], with_ref: bool, lang: Lang) -> Block {
    let t = |w: W| w.text(lang).to_owned();
    let mut header = vec![t(W::Unit)];
    if with_ref {
        header.push(t(W::Ref));
    }
    header.extend([W::Item, W::Period, W::Due, W::Detail].map(t));
    let rows = lines
        .iter()
        .map(|l| {
            let f = &l.finding;
            let mut row = vec![l.unit_name.clone()];
            if with_ref {
                row.push(match (&f.ref_, &l.ref_title) {
                    (Some(r), Some(title)) => format!("{r} {title}"),
                    (Some(r), None) => r.clone(),
                    (None, _) => String::new(),
                });
            }
            let what = match (&f.item, &f.obligation, &l.what_title) {
                (Some(id), _, Some(title)) => format!("{id} {title}"),
                (Some(id), _, None) => id.clone(),
                (None, Some(_), Some(title)) => title.clone(),
                (None, Some(ob), None) if f.ref_.as_deref() != Some(ob.as_str()) => ob.clone(),
                _ if f.category == Category::Gap => gap_text(f.kind.as_str(), lang),
                _ => String::new(),
            };
            // 1.1: the person, the unit or the event it concerns, the draw.
            let what = format!("{what}{}", l.concerns.bracketed(lang));
            row.push(what.trim_start().to_owned());
            row.push(f.period.clone().unwrap_or_default());
            row.push(f.due.map(iso).unwrap_or_default());
            row.push(detail(l, lang));
            row
        })
        .collect();
    Block::Table { header, rows }
}

fn detail(l: &FindingLine, lang: Lang) -> String {
    let f = &l.finding;
    match f.category {
        Category::Overdue if f.kind == FindingType::Coverage => {
            let have_need = m::coverage_detail(
                f.have.unwrap_or(0),
                f.need.unwrap_or(0),
                &m::join(&l.missing_names, lang),
                lang,
            );
            format!(
                "{}；{have_need}",
                m::days_overdue(f.days_overdue.unwrap_or(0), lang)
            )
        }
        Category::Overdue => {
            let mut s = m::days_overdue(f.days_overdue.unwrap_or(0), lang);
            if let (Some(h), Some(n)) = (f.have, f.need) {
                s.push_str(lang.pick("；", "; "));
                s.push_str(&m::have_need(h, n, lang));
            }
            s
        }
        Category::DueSoon => m::days_left(f.days_left.unwrap_or(0), lang),
        Category::Late => {
            let done = l.done.map(iso);
            let days = f.days_late.or_else(|| Some(days_between(f.due?, l.done?)));
            m::late_detail(done.as_deref(), days, f.item.is_some(), lang)
        }
        Category::Gap => match f.kind {
            FindingType::Coverage => m::coverage_detail(
                f.have.unwrap_or(0),
                f.need.unwrap_or(0),
                &m::join(&l.missing_names, lang),
                lang,
            ),
            FindingType::MissingKind => {
                let kinds: Vec<String> = f
                    .kinds
                    .iter()
                    .flatten()
                    .map(|k| kind_label(k, lang))
                    .collect();
                m::missing_kinds(&m::join(&kinds, lang), lang)
            }
            _ => String::new(),
        },
    }
}

/// What the report says under a point's heading: lead and support, the work
/// done, its obligations' periods, its items and its issues.
pub(crate) fn point_blocks(p: &PointSection, lang: Lang) -> Vec<Block> {
    let t = |w: W| w.text(lang).to_owned();
    let mut out = Vec::new();
    let names = |us: &[super::facts::UnitName]| -> Vec<String> {
        us.iter().map(|u| u.text(lang)).collect()
    };
    let mut support = m::join(&names(&p.support), lang);
    if p.support_open && !support.is_empty() {
        support = m::open_list(&support, lang);
    }
    out.push(Block::Para(m::lead_support(
        &m::join(&names(&p.lead), lang),
        &support,
        lang,
    )));
    out.push(Block::Heading(3, t(W::SubRecords)));
    if p.records.is_empty() {
        out.push(Block::Para(t(W::NoRecords)));
    } else {
        let header = [W::Date, W::Unit, W::Kind, W::Work, W::Evidence]
            .map(t)
            .to_vec();
        let rows = p
            .records
            .iter()
            .map(|rec| {
                vec![
                    iso(rec.date),
                    rec.unit_name.clone(),
                    kind_label(&rec.kind, lang),
                    rec.title.clone(),
                    rec.evidence.join(lang.pick("；", "; ")),
                ]
            })
            .collect();
        out.push(Block::Table { header, rows });
    }
    if !p.obligations.is_empty() {
        out.push(Block::Heading(3, t(W::SubObligations)));
        out.push(obligations_table(&p.obligations, lang));
    }
    if !p.items.is_empty() {
        out.push(Block::Heading(3, t(W::SubItems)));
        out.push(items_table(&p.items, true, lang));
    }
    if !p.findings.is_empty() {
        out.push(Block::Heading(3, t(W::SubFindings)));
        out.push(findings_table(&p.findings, false, lang));
    }
    out
}
