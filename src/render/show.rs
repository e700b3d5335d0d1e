//! `ledger show` and `ledger list` as text.

use std::io::{self, Write};

use crate::dates::iso;
use crate::eval::{Category, PeriodState, PeriodStatus};
use crate::messages::Lang;
use crate::messages::clerk::{Word, word};
use crate::show::{ItemView, OpenItem, Row, Shown};
use crate::validate::Repository;

use super::clerk::finding;

pub fn show(s: &Shown<'_>, repo: &Repository, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    let w = |x| word(x, lang);
    match s {
        Shown::Point(v) => {
            let p = v.point;
            writeln!(out, "{} {}", p.id.value.0, p.title.value)?;
            if let Some(t) = &p.text {
                writeln!(out, "  {}", t.value)?;
            }
            let names = |us: &[String]| {
                us.iter()
                    .map(|u| unit_as_written(u, repo, lang))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            writeln!(out, "{}: {}", w(Word::Lead), names(&v.lead))?;
            if !v.support.is_empty() {
                // 1.1 `support_open`: the plan's list ends in 等.
                let open = if p.support_open.as_ref().is_some_and(|o| o.value) {
                    lang.pick(" 等", ", and others")
                } else {
                    ""
                };
                writeln!(out, "{}: {}{open}", w(Word::Support), names(&v.support))?;
            }
            for d in &p.duties {
                writeln!(
                    out,
                    "{}: {} — {}",
                    w(Word::Duties),
                    d.unit.value.0,
                    d.aspect.value
                )?;
            }
            if !p.obligations.is_empty() {
                writeln!(out, "{}:", w(Word::Obligations))?;
                for ob in &p.obligations {
                    let every = ob.every.as_ref().map_or("", |e| e.value.as_str());
                    writeln!(out, "  {} {} {every}", ob.id.value.0, ob.title.value)?;
                }
            }
            periods(&v.periods, repo, lang, out)?;
            findings(&v.findings, repo, lang, out)?;
            open_items(&v.open_items, repo, lang, out)
        }
        Shown::Unit(v) => {
            writeln!(out, "{} {}", v.unit.id.value.0, v.unit.name.value)?;
            let points = |ps: &[&crate::model::Point]| {
                ps.iter()
                    .map(|p| p.id.value.0.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            if !v.led.is_empty() {
                writeln!(out, "{}: {}", w(Word::Lead), points(&v.led))?;
            }
            if !v.supported.is_empty() {
                writeln!(out, "{}: {}", w(Word::Support), points(&v.supported))?;
            }
            for (p, aspect) in &v.duties {
                writeln!(out, "{}: {} — {aspect}", w(Word::Duties), p.id.value.0)?;
            }
            for cl in &v.checklists {
                writeln!(
                    out,
                    "{}: {} {}",
                    w(Word::Checklists),
                    cl.id.value.0,
                    cl.title.value
                )?;
            }
            // 1.1: a group stands for its members, a reported body's work is in
            // its office's ledger; neither keeps a ledger of its own.
            let ids = |us: &[String]| {
                us.iter()
                    .map(|u| format!("{u} {}", repo.unit_name(u)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if v.unit.members.is_some() {
                writeln!(out, "{}: {}", w(Word::Members), ids(&v.members))?;
            } else if let Some(by) = &v.reported_by {
                writeln!(
                    out,
                    "{}: {}",
                    w(Word::RecordedBy),
                    ids(std::slice::from_ref(by))
                )?;
            } else if !v.has_ledger {
                writeln!(out, "{}", w(Word::NoLedgerFile))?;
            }
            if !v.records_for.is_empty() {
                writeln!(out, "{}: {}", w(Word::RecordsFor), ids(&v.records_for))?;
            }
            findings(&v.findings, repo, lang, out)?;
            open_items(&v.open_items, repo, lang, out)
        }
        Shown::Items(items) => {
            for v in items {
                item(v, repo, lang, out)?;
            }
            Ok(())
        }
        Shown::Obligation(v) => {
            writeln!(out, "{} {}", v.id, v.title)?;
            if v.owner != v.id {
                writeln!(out, "  ref: {}", v.owner)?;
            }
            periods(&v.periods, repo, lang, out)?;
            findings(&v.findings, repo, lang, out)
        }
    }
}

fn item(v: &ItemView<'_>, repo: &Repository, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    let w = |x| word(x, lang);
    let it = v.item;
    writeln!(
        out,
        "{} {} ({}: {} {})",
        it.id.value.0,
        it.title.value,
        v.path,
        v.unit,
        repo.unit_name(&v.unit)
    )?;
    writeln!(
        out,
        "  {} · ref {}",
        it.kind.value.as_str(),
        it.ref_.value.0
    )?;
    if let Some(s) = &it.source {
        writeln!(out, "  {}: {}", w(Word::Source), s.value)?;
    }
    if let Some(o) = &it.owner {
        writeln!(out, "  {}: {}", w(Word::Owner), o.value)?;
    }
    writeln!(out, "  {}: {}", w(Word::Opened), iso(it.opened.value))?;
    if let Some(d) = &it.due {
        writeln!(out, "  {}: {}", w(Word::Due), iso(d.value))?;
    }
    for e in &it.extensions {
        let reason = e
            .reason
            .as_ref()
            .map(|r| format!(" — {}", r.value))
            .unwrap_or_default();
        writeln!(
            out,
            "  {} {}: → {}{reason}",
            w(Word::Extensions),
            iso(e.date.value),
            iso(e.due.value)
        )?;
    }
    for p in &it.progress {
        let note = p.note.as_ref().map_or("", |n| n.value.as_str());
        writeln!(out, "  {} {}: {note}", w(Word::Progress), iso(p.date.value))?;
    }
    if let Some(c) = &it.closed {
        writeln!(out, "  {}: {}", w(Word::Closed), iso(c.value))?;
    } else if let Some(d) = v
        .due
        .filter(|d| it.due.as_ref().is_none_or(|x| x.value != *d))
    {
        writeln!(out, "  {} → {}", w(Word::Due), iso(d))?;
    }
    if let Some(x) = &it.void {
        let reason = x
            .reason
            .as_ref()
            .map(|r| format!(" — {}", r.value))
            .unwrap_or_default();
        writeln!(out, "  {}: {}{reason}", w(Word::Void), iso(x.date.value))?;
    }
    findings(&v.findings, repo, lang, out)
}

/// `dlxz 区党风廉政建设领导小组（dlb 区党廉办记实）`: a unit as the plan names
/// it, with the unit that records for it when it keeps no ledger (1.1).
fn unit_as_written(id: &str, repo: &Repository, lang: Lang) -> String {
    let name = format!("{id} {}", repo.unit_name(id));
    match repo.unit(id).and_then(|u| u.reported_by.as_ref()) {
        Some(by) => {
            let office = format!("{} {}", by.value.0, repo.unit_name(&by.value.0));
            crate::messages::report::reported_by(&name, &office, lang)
        }
        None => name,
    }
}

fn periods(
    states: &[PeriodStatus],
    repo: &Repository,
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    if states.is_empty() {
        return Ok(());
    }
    writeln!(out, "{}:", lang.pick("各期情况", "periods"))?;
    for s in states {
        let state = match s.state {
            PeriodState::Met => word(Word::Met, lang),
            PeriodState::Pending => word(Word::Pending, lang),
            PeriodState::Late => word(Word::Late, lang),
            PeriodState::Overdue => word(Word::Overdue, lang),
        };
        // 1.1: a per-person obligation has a period per person: say whose.
        let who = s
            .person
            .as_deref()
            .map(|p| {
                let name = repo.person(p).and_then(|x| x.name.as_ref());
                match name {
                    Some(n) => format!("  {} ({p})", n.value),
                    None => format!("  {p}"),
                }
            })
            .unwrap_or_default();
        writeln!(
            out,
            "  {:<10} {:<16} {:<8} {state}{who}",
            s.unit,
            s.obligation,
            s.period.label()
        )?;
    }
    Ok(())
}

fn findings(
    fs: &[crate::eval::Finding],
    repo: &Repository,
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    let order = [
        Category::Overdue,
        Category::DueSoon,
        Category::Late,
        Category::Gap,
    ];
    for cat in order {
        for f in fs.iter().filter(|f| f.category == cat) {
            writeln!(out, "  ! {}", finding(f, repo, lang))?;
        }
    }
    Ok(())
}

fn open_items(
    items: &[OpenItem<'_>],
    repo: &Repository,
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    writeln!(out, "{}:", word(Word::OpenItems, lang))?;
    for o in items {
        let due = o.due.map(iso).unwrap_or_else(|| "-".into());
        writeln!(
            out,
            "  {due}  {} {}  {} {}",
            o.unit,
            repo.unit_name(&o.unit),
            o.item.id.value.0,
            o.item.title.value
        )?;
    }
    Ok(())
}

/// `ID  title  detail`, the ids padded to one width.
pub fn list(rows: &[Row], out: &mut dyn Write) -> io::Result<()> {
    let width = rows.iter().map(|r| r.id.chars().count()).max().unwrap_or(0);
    for r in rows {
        let pad = " ".repeat(width - r.id.chars().count());
        if r.detail.is_empty() {
            writeln!(out, "{}{pad}  {}", r.id, r.title)?;
        } else {
            writeln!(out, "{}{pad}  {}  [{}]", r.id, r.title, r.detail)?;
        }
    }
    Ok(())
}
