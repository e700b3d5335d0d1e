//! `ledger export ics`: every due date ahead as an iCalendar (RFC 5545) file
//! a clerk imports into, or subscribes to from, a desktop or phone calendar.
//!
//! One all-day event per due: each not-yet-met period of a recurring
//! obligation per obligated unit, each unfinished coverage window, each open
//! item. The UID is a hash of what the due *is* (plan, unit, obligation or
//! item, period), never of its date or title, so an extension that moves an
//! item's due date, or a retitled point, updates the event in place instead of
//! adding a second one. Output follows §3.1 of the RFC: CRLF line ends, lines
//! folded at 75 octets without splitting a UTF-8 character, TEXT values
//! escaped (`\\`, `\;`, `\,`, `\n`).

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::PathBuf;

use crate::cli::{ERROR, Env, SUCCESS};
use crate::dates::{Date, iso};
use crate::eval::{self, Category, FindingType, PeriodState, Settings};
use crate::messages::Lang;
use crate::messages::report::{self as m, W};
use crate::report::facts;
use crate::validate::Repository;

#[derive(clap::Args, Debug)]
pub(crate) struct IcsArgs {
    /// The ledger repository (default: the nearest folder above holding ledger.toml, else ./ledgers)
    #[arg(long, value_name = "DIR")]
    repo: Option<PathBuf>,
    /// Evaluation date (YYYY-MM-DD); default: check.as_of in ledger.toml, else today
    #[arg(long, value_name = "DATE", value_parser = crate::report::cmd::parse_date)]
    as_of: Option<Date>,
    /// Only dues within this many days of the evaluation date (at most 3660)
    #[arg(long, value_name = "N", default_value_t = 366,
          value_parser = clap::value_parser!(u32).range(0..=3660))]
    days: u32,
    /// Where to write it; `-` for stdout (default: <plan>-due-<date>.ics)
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// One due date ahead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Due {
    pub(crate) date: Date,
    pub(crate) unit: String,
    pub(crate) unit_name: String,
    /// What records ref: the point, checklist item or plan-wide obligation.
    pub(crate) ref_: String,
    pub(crate) ref_title: Option<String>,
    /// The obligation or item id.
    pub(crate) what: String,
    pub(crate) what_title: String,
    pub(crate) period: Option<String>,
    pub(crate) is_item: bool,
    pub(crate) uid: String,
    /// 1.1: the person whose period it is, the person or unit an event's
    /// follow-up concerns, the event, an undrawn sample.
    pub(crate) concerns: facts::Concerns,
}

/// The dues in `[as_of, as_of + days]`, by date, unit and UID.
pub(crate) fn dues(repo: &Repository, settings: Settings, days: u32) -> Vec<Due> {
    let as_of = settings.as_of;
    let horizon = as_of
        .checked_add_days(chrono::Days::new(u64::from(days)))
        .unwrap_or(Date::MAX);
    let in_range = |d: Date| d >= as_of && d <= horizon;
    let plan = facts::plan_id(repo);
    let mut out = Vec::new();

    // Periods begun by the horizon; which of them are already met is known as of today.
    // 1.1: a per-person obligation has a period per person.
    type Key = (String, String, String, Option<String>, String);
    let now: HashMap<Key, PeriodState> = eval::obligation_status(repo, settings)
        .into_iter()
        .map(|s| {
            (
                (s.unit, s.owner, s.obligation, s.person, s.period.label()),
                s.state,
            )
        })
        .collect();
    let ahead = Settings {
        as_of: horizon,
        ..settings
    };
    for s in eval::obligation_status(repo, ahead) {
        let Some(rule) = facts::rule(repo, &s.owner, &s.obligation) else {
            continue;
        };
        let date = s.period.due(rule.due);
        let label = s.period.label();
        let key = (
            s.unit.clone(),
            s.owner.clone(),
            s.obligation.clone(),
            s.person.clone(),
            label,
        );
        if !in_range(date) || now.get(&key) == Some(&PeriodState::Met) {
            continue;
        }
        let (unit, owner, obligation, person, label) = key;
        // A person's period is that person's event (version 1: no person, the UID as before).
        let uid = match &person {
            Some(p) => uid(&[&plan, &unit, "obligation", &owner, &obligation, &label, p]),
            None => uid(&[&plan, &unit, "obligation", &owner, &obligation, &label]),
        };
        out.push(Due {
            date,
            unit_name: repo.unit_name(&unit).to_owned(),
            ref_title: facts::ref_title(repo, &owner).map(str::to_owned),
            uid,
            unit,
            ref_: owner,
            what: obligation,
            what_title: rule.title,
            period: Some(label),
            is_item: false,
            concerns: facts::Concerns {
                person: person.as_deref().map(|p| repo.who_name(p).to_owned()),
                ..facts::Concerns::default()
            },
        });
    }
    for f in eval::evaluate(repo, settings) {
        if f.kind != FindingType::Coverage || f.category != Category::Gap {
            continue;
        }
        let (Some(date), Some(owner), Some(ob)) = (f.due, &f.ref_, &f.obligation) else {
            continue;
        };
        if !in_range(date) {
            continue;
        }
        let period = f.period.clone().unwrap_or_default();
        let uid = match &f.person {
            Some(p) => uid(&[&plan, &f.unit, "coverage", owner, ob, &period, p]),
            None => uid(&[&plan, &f.unit, "coverage", owner, ob, &period]),
        };
        out.push(finding_due(repo, &f, date, uid, period));
    }
    // 1.1: the follow-ups events started, and the next gap of regular (定期)
    // duties — windows that are not calendar periods. Evaluated as of the
    // horizon, an unmet one due by then is overdue there; met today, it is
    // no finding there either.
    for f in eval::evaluate(repo, ahead) {
        if f.kind != FindingType::Obligation
            || !matches!(f.category, Category::Overdue | Category::DueSoon)
        {
            continue;
        }
        let (Some(date), Some(owner), Some(ob), Some(period)) =
            (f.due, &f.ref_, &f.obligation, &f.period)
        else {
            continue;
        };
        if !in_range(date) || crate::dates::parse_interval(period).is_none() {
            continue;
        }
        let person = f.person.as_deref().unwrap_or("");
        // An event's follow-up is that event's and subject's; a regular duty's
        // next gap is one event that moves as records are added.
        let uid = match &f.event {
            Some(e) => uid(&[
                &plan,
                &f.unit,
                "event",
                owner,
                ob,
                f.event_unit.as_deref().unwrap_or(""),
                e,
                person,
                f.target.as_deref().unwrap_or(""),
            ]),
            None => uid(&[&plan, &f.unit, "regular", owner, ob, person]),
        };
        out.push(finding_due(repo, &f, date, uid, period.clone()));
    }
    for (unit, doc) in &repo.ledgers {
        if doc.flawed || !repo.units.contains_key(unit) {
            continue;
        }
        for it in &doc.items {
            if it.void.is_some() || it.opened.value > as_of {
                continue;
            }
            let line = facts::item_line(repo, unit, it, as_of);
            let Some(date) = line.due.filter(|d| in_range(*d)) else {
                continue;
            };
            if line.closed.is_some() {
                continue;
            }
            out.push(Due {
                date,
                unit: unit.clone(),
                unit_name: line.unit_name,
                ref_title: facts::ref_title(repo, &line.ref_).map(str::to_owned),
                uid: uid(&[&plan, unit, "item", &line.id, ""]),
                ref_: line.ref_,
                what: line.id,
                what_title: line.title,
                period: None,
                is_item: true,
                concerns: facts::Concerns::default(),
            });
        }
    }
    out.sort_by(|a, b| (a.date, &a.unit, &a.uid).cmp(&(b.date, &b.unit, &b.uid)));
    out
}

/// A stable id: FNV-1a (128 bit) of the parts, NUL-separated. Not the std
/// hasher, whose output may change between Rust releases.
fn uid(parts: &[&str]) -> String {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    let mut h = OFFSET;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            // The NUL separator: xor with 0 leaves `h`, the multiply remains.
            h = h.wrapping_mul(PRIME);
        }
        for b in p.bytes() {
            h ^= u128::from(b);
            h = h.wrapping_mul(PRIME);
        }
    }
    format!("{h:032x}@ledger")
}

/// Write the calendar.
pub(crate) fn write(
    dues: &[Due],
    repo: &Repository,
    as_of: Date,
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut w = Lines { out };
    let name = facts::title(repo).unwrap_or_else(|| facts::plan_id(repo));
    w.line("BEGIN:VCALENDAR")?;
    w.line("VERSION:2.0")?;
    w.line("PRODID:-//ledger//ledger台账//ZH")?;
    w.line("CALSCALE:GREGORIAN")?;
    w.line("METHOD:PUBLISH")?;
    w.line(&format!("X-WR-CALNAME:{}", text(&name)))?;
    let stamp = format!("{}T000000Z", compact(as_of));
    let doc_no = facts::doc_no(repo);
    for d in dues {
        let what = if d.is_item || d.what != d.ref_ {
            format!("{} {}", d.what, d.what_title)
        } else {
            d.what_title.clone()
        };
        let mut desc = Vec::new();
        desc.push(format!(
            "{}：{} ({})",
            W::Unit.text(lang),
            d.unit_name,
            d.unit
        ));
        desc.push(format!(
            "{}：{} {}",
            W::Ref.text(lang),
            d.ref_,
            d.ref_title.as_deref().unwrap_or_default()
        ));
        desc.push(format!(
            "{}：{what}",
            if d.is_item {
                W::Item.text(lang)
            } else {
                W::Obligation.text(lang)
            }
        ));
        if let Some(p) = &d.period {
            desc.push(format!("{}：{p}", W::Period.text(lang)));
        }
        // 1.1: whose period, whom a follow-up concerns, the event, the draw.
        let event = d.concerns.event_text();
        desc.extend(
            crate::messages::report::Concerning {
                person: d.concerns.person.as_deref(),
                target: d.concerns.target.as_deref(),
                event: event.as_deref(),
                drawn: d.concerns.drawn,
            }
            .parts(lang),
        );
        desc.push(format!("{}：{}", W::Due.text(lang), iso(d.date)));
        if let Some(doc) = &doc_no {
            desc.push(format!("{}：{doc}", W::Basis.text(lang)));
        }
        let title = format!("{}{}", d.what_title, d.concerns.bracketed(lang));
        let next = d.date.succ_opt().unwrap_or(d.date);
        w.line("BEGIN:VEVENT")?;
        w.line(&format!("UID:{}", d.uid))?;
        w.line(&format!("DTSTAMP:{stamp}"))?;
        w.line(&format!("DTSTART;VALUE=DATE:{}", compact(d.date)))?;
        w.line(&format!("DTEND;VALUE=DATE:{}", compact(next)))?;
        w.line(&format!(
            "SUMMARY:{}",
            text(&m::ics_summary(
                &d.unit_name,
                &title,
                d.period.as_deref(),
                lang
            ))
        ))?;
        w.line(&format!("DESCRIPTION:{}", text(&desc.join("\n"))))?;
        w.line(&format!("CATEGORIES:{}", text(&d.unit_name)))?;
        w.line("TRANSP:TRANSPARENT")?;
        w.line("BEGIN:VALARM")?;
        w.line("ACTION:DISPLAY")?;
        w.line("TRIGGER:-P7D")?;
        w.line(&format!("DESCRIPTION:{}", text(m::ics_reminder(lang))))?;
        w.line("END:VALARM")?;
        w.line("END:VEVENT")?;
    }
    w.line("END:VCALENDAR")
}

fn compact(d: Date) -> String {
    iso(d).replace('-', "")
}

/// Content lines: folded and CRLF-terminated.
struct Lines<'a> {
    out: &'a mut dyn Write,
}

impl Lines<'_> {
    fn line(&mut self, s: &str) -> io::Result<()> {
        self.out.write_all(fold(s).as_bytes())
    }
}

/// §3.1: lines longer than 75 octets are split, each continuation starting
/// with one space; a split never falls inside a UTF-8 sequence.
pub(crate) fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 64 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

/// §3.3.11 TEXT: backslash, semicolon, comma escaped; line breaks as `\n`.
pub(crate) fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

pub(crate) fn run(
    args: &IcsArgs,
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
    let repo = &loaded.analysis.repo;
    let dues = dues(repo, loaded.settings, args.days);
    let mut bytes = Vec::new();
    write(&dues, repo, loaded.settings.as_of, lang, &mut bytes)?;
    let name = format!(
        "{}-due-{}.ics",
        facts::plan_id(repo),
        iso(loaded.settings.as_of)
    );
    crate::report::cmd::emit(&bytes, args.out.as_deref(), &name, env, out)?;
    Ok(SUCCESS)
}

/// The event of a finding's window (coverage gaps, 1.1 follow-ups and
/// regular gaps): the finding's unit, rule and period, with who it concerns.
fn finding_due(
    repo: &Repository,
    f: &eval::Finding,
    date: Date,
    uid: String,
    period: String,
) -> Due {
    let owner = f.ref_.clone().unwrap_or_default();
    let ob = f.obligation.clone().unwrap_or_default();
    Due {
        date,
        unit_name: repo.unit_name(&f.unit).to_owned(),
        ref_title: facts::ref_title(repo, &owner).map(str::to_owned),
        what_title: facts::rule(repo, &owner, &ob).map_or_else(|| ob.clone(), |r| r.title),
        uid,
        unit: f.unit.clone(),
        ref_: owner,
        what: ob,
        period: Some(period),
        is_item: false,
        concerns: facts::Concerns::of(repo, f),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_on_character_boundaries() {
        let long = format!("SUMMARY:{}", "区纪委".repeat(20));
        let folded = fold(&long);
        assert!(folded.ends_with("\r\n"));
        for (i, l) in folded.trim_end_matches("\r\n").split("\r\n").enumerate() {
            assert!(l.len() <= 75, "line {i} has {} octets", l.len());
            assert_eq!(i > 0, l.starts_with(' '));
        }
        let unfolded: String = folded
            .trim_end_matches("\r\n")
            .split("\r\n ")
            .collect::<Vec<_>>()
            .concat();
        assert_eq!(unfolded, long);
        assert_eq!(fold("END:VEVENT"), "END:VEVENT\r\n");
    }

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn uid_depends_on_every_part_and_its_boundaries() {
        let a = uid(&["p", "jw", "item", "X-1", ""]);
        assert_eq!(a, uid(&["p", "jw", "item", "X-1", ""]));
        assert_ne!(a, uid(&["p", "jw", "item", "X-2", ""]));
        assert_ne!(uid(&["ab", "c"]), uid(&["a", "bc"]));
        assert!(a.ends_with("@ledger") && a.len() == 32 + 7);
    }
}
