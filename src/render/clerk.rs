//! What a clerk's write says: where it wrote, and how the findings moved.

use std::io::{self, Write};

use crate::clerk::change::Written;
use crate::clerk::sample::Drawn;
use crate::dates::iso;
use crate::eval::{Category, Finding};
use crate::messages::Lang;
use crate::messages::clerk::{Word, action, draw_line, word};
use crate::messages::gap_text;
use crate::validate::Repository;

/// `units/zzb.yaml:212: added record zzb-2019-004`, then one line per finding
/// that disappeared (`- `) or appeared (`+ `).
pub fn written(w: &Written, repo: &Repository, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{}:{}: {} {}",
        w.path,
        w.line,
        action(w.action, lang),
        w.id
    )?;
    if w.gone.is_empty() && w.new.is_empty() {
        return writeln!(out, "  {}", word(Word::FindingsSame, lang));
    }
    for f in &w.gone {
        writeln!(
            out,
            "  - {}: {}",
            word(Word::FindingsGone, lang),
            finding(f, repo, lang)
        )?;
    }
    for f in &w.new {
        writeln!(
            out,
            "  + {}: {}",
            word(Word::FindingsNew, lang),
            finding(f, repo, lang)
        )?;
    }
    Ok(())
}

/// `units/zzb.yaml:12: 抽取 M20/cadre-check 2021：20 人中抽 2 人 — c17、c14`: one
/// line per draw written, and per window found drawn already.
pub fn sampled(drawn: &[Drawn], lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    for d in drawn {
        let text = draw_line(
            d.already,
            &d.obligation,
            &d.period,
            &iso(d.date),
            d.population,
            &d.targets,
            d.people,
            lang,
        );
        writeln!(out, "{}:{}: {text}", d.path, d.line)?;
    }
    Ok(())
}

/// One finding in one line: `overdue zzb 区委组织部 ZG-2018-03 (WP07), due 2018-12-31`.
pub fn finding(f: &Finding, repo: &Repository, lang: Lang) -> String {
    let category = match f.category {
        Category::Overdue => word(Word::Overdue, lang),
        Category::DueSoon => word(Word::DueSoon, lang),
        Category::Late => word(Word::Late, lang),
        Category::Gap => word(Word::Gaps, lang),
    };
    let mut s = format!("{category} {} {}", f.unit, repo.unit_name(&f.unit));
    let what = f.item.as_deref().or(f.obligation.as_deref());
    match (what, &f.ref_) {
        (Some(w), Some(r)) if w != r => s.push_str(&format!(" {w} ({r})")),
        (Some(w), _) => s.push_str(&format!(" {w}")),
        (None, Some(r)) => s.push_str(&format!(" {r}")),
        (None, None) => {}
    }
    if let Some(p) = &f.period {
        s.push_str(&format!(" {p}"));
    }
    if f.category == Category::Gap {
        s.push_str(&format!(" — {}", gap_text(f.kind.as_str(), lang)));
    }
    if let Some(d) = f.due {
        s.push_str(&format!(", {} {}", word(Word::Due, lang), iso(d)));
    }
    if let Some(c) = f.closed {
        s.push_str(&format!(", {} {}", word(Word::Closed, lang), iso(c)));
    }
    // 1.1: whom it binds or concerns, the event, an undrawn sample — as `check` says it.
    let who = |id: &str| repo.who_name(id).to_owned();
    let context = crate::messages::render::finding_context(
        f.person.as_deref().map(who).as_deref(),
        f.target.as_deref().map(who).as_deref(),
        f.event.as_deref(),
        f.event_unit.as_deref().map(|u| repo.unit_name(u)),
        f.drawn,
        lang,
    );
    if !context.is_empty() {
        s.push_str(lang.pick("", " "));
        s.push_str(&context);
    }
    s
}
