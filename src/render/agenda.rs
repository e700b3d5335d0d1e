//! `ledger agenda`: one line per thing falling due, by date.

use std::io::{self, Write};

use crate::agenda::{Due, Entry};
use crate::dates::{Date, iso};
use crate::messages::Lang;
use crate::messages::clerk::{Word, word};
use crate::validate::Repository;

/// `2019-01-31  16d  zzb 区委组织部  item JB-2018-01 (WP24)  title`.
pub fn human(
    entries: &[Entry],
    repo: &Repository,
    as_of: Date,
    days: i64,
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    let heading = lang.pick(
        format!(
            "{} {}（{} 起 {days} 天内）",
            word(Word::Agenda, lang),
            entries.len(),
            iso(as_of)
        ),
        format!(
            "{}: {} due within {days} days of {}",
            word(Word::Agenda, lang),
            entries.len(),
            iso(as_of)
        ),
    );
    writeln!(out, "{heading}")?;
    for e in entries {
        let kind = match e.kind {
            Due::Obligation => word(Word::Obligations, lang),
            Due::Item => lang.pick("事项", "item"),
        };
        let what = if e.id == e.ref_ {
            e.id.clone()
        } else {
            format!("{} ({})", e.id, e.ref_)
        };
        let period = e
            .period
            .as_deref()
            .map(|p| format!(" {p}"))
            .unwrap_or_default();
        // 1.1: the event a follow-up is owed for.
        let event = e
            .event
            .as_deref()
            .map(|ev| {
                let at = e.event_unit.as_deref().map(|u| repo.unit_name(u));
                let c =
                    crate::messages::render::finding_context(None, None, Some(ev), at, None, lang);
                format!("{}{c}", lang.pick("", " "))
            })
            .unwrap_or_default();
        writeln!(
            out,
            "{}  {:>4}  {} {}  {kind} {what}{period}  {}{event}",
            iso(e.due),
            lang.pick(format!("{}天", e.days_left), format!("{}d", e.days_left)),
            e.unit,
            repo.unit_name(&e.unit),
            e.title
        )?;
    }
    Ok(())
}

/// `{"version":1,"as_of":…,"days":N,"entries":[…]}`.
pub fn json(entries: &[Entry], as_of: Date, days: i64, out: &mut dyn Write) -> io::Result<()> {
    let doc = serde_json::json!({
        "version": 1,
        "as_of": iso(as_of),
        "days": days,
        "entries": entries,
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
