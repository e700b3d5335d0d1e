//! The terminal output: diagnostics over the user's lines, then one table per
//! finding category with unit names and titles (not only ids), then one
//! summary line. Colour only when asked for (the caller decides from
//! `--color`, `NO_COLOR` and whether stdout is a terminal).

use std::collections::HashMap;
use std::io::{self, Write};

use super::escape::clean;
use super::table::{self, Column};
use super::{Limits, RenderOptions, Report, style};
use crate::dates::iso;
use crate::diag::{Located, Severity};
use crate::eval::{Category, Finding, FindingType};
use crate::messages::render as text;
use crate::messages::{Label, Lang, gap_text};
use crate::source::SourceMap;
use crate::validate::{RefTarget, Repository};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

pub fn render(report: &Report<'_>, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    render_limited(report, opts, Limits::default(), out)
}

/// [`render`], showing at most what `limits` allow (the rest as counts).
pub fn render_limited(
    report: &Report<'_>,
    opts: &RenderOptions,
    limits: Limits,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut guarded = super::escape::Guard::new(out, opts.color);
    let out: &mut dyn Write = &mut guarded;
    let lang = opts.lang;
    let (shown, hidden) = super::shown_diagnostics(report.diagnostics, limits.diagnostics_per_file);
    for d in shown {
        diagnostic(d, report.sources, opts.color, lang, out)?;
    }
    for (file, n) in hidden {
        let file = clean(file.unwrap_or("-"));
        writeln!(out, "{}", text::more_diagnostics(&file, n, lang))?;
        writeln!(out)?;
    }
    if let Some(repo) = report.repo {
        let names = Names::new(repo, opts.lang);
        let sections = [
            (Category::Overdue, Label::Overdue, style::ERROR),
            (Category::DueSoon, Label::DueSoon, style::WARNING),
            (Category::Late, Label::Late, style::NOTE),
            (Category::Gap, Label::Gaps, style::STRONG),
        ];
        for (cat, label, style) in sections {
            let rows: Vec<&Finding> = report
                .findings
                .iter()
                .filter(|f| f.category == cat)
                .collect();
            if rows.is_empty() {
                continue;
            }
            let title = format!("{} ({})", label.text(lang), rows.len());
            let left_out = rows.len().saturating_sub(limits.rows_per_table);
            let rows = &rows[..rows.len().min(limits.rows_per_table)];
            writeln!(out, "{}", style::paint(style, &title, opts.color))?;
            // Drawn a chunk of rows at a time (`table`), so `--all` on a
            // million findings does not hold a million rows of cells.
            if cat == Category::Gap {
                gap_table(rows, &names, opts, out)?;
            } else {
                deadline_table(rows, cat, &names, opts, out)?;
            }
            if left_out > 0 {
                let more = text::more_rows(left_out, lang);
                writeln!(out, "{}", table::fill(&more, opts.width))?;
            }
            writeln!(out)?;
        }
    }
    if !report.not_evaluated.is_empty() {
        let heading = text::not_evaluated_heading(report.not_evaluated.len(), lang);
        let heading = table::fill(&heading, opts.width);
        writeln!(
            out,
            "{}",
            style::paint(style::WARNING, &heading, opts.color)
        )?;
        // Indented by two, continuation lines too.
        let inner = opts.width.map(|w| w.saturating_sub(2));
        for n in report.not_evaluated {
            let line = text::not_evaluated_line(n, lang);
            for part in table::fill(&line, inner).lines() {
                writeln!(out, "  {part}")?;
            }
        }
        writeln!(out)?;
    }
    if !report.unscored.is_empty() {
        let line = text::unscored_line(report.unscored, lang);
        writeln!(out, "{}", table::fill(&clean(&line), opts.width))?;
        writeln!(out)?;
    }
    // At a terminal the sentences wrap to its width, as the tables do.
    writeln!(
        out,
        "{}",
        table::fill(&summary_line(report, lang), opts.width)
    )
}

fn summary_line(report: &Report<'_>, lang: Lang) -> String {
    let s = &report.summary;
    let line = text::counts_line(s, report.as_of, lang);
    if s.overdue + s.due_soon + s.late + s.gaps == 0 && s.errors == 0 {
        text::all_clear(&line, Label::AllClear.text(lang), lang)
    } else {
        line
    }
}

/// `file:line:col: error[code]: message`, the line with a caret, and the help.
fn diagnostic(
    d: &Located,
    sources: Option<&SourceMap>,
    color: bool,
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    let sev = text::severity(d.severity, lang);
    let head = format!("{sev}[{}]", d.code.as_str());
    let style = if d.severity == Severity::Error {
        style::ERROR
    } else {
        style::WARNING
    };
    let head = style::paint(style, &head, color);
    let place = match (d.file.as_deref().map(clean), d.line, d.column) {
        (Some(f), Some(l), Some(c)) => format!("{f}:{l}:{c}: "),
        (Some(f), _, _) => format!("{f}: "),
        _ => String::new(),
    };
    writeln!(out, "{place}{head}: {}", clean(&d.message))?;
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let snippet_source = sources
        .zip(d.span)
        .zip(d.line)
        // An empty file (or one not read: a look-alike) has no line to show.
        .filter(|((map, (file, _)), _)| !map.get(*file).text.is_empty())
        .map(|((map, (file, span)), line)| {
            let src = map.get(file);
            let text = src.line_text(line);
            let start = src.line_start(line);
            let from = (span.start as usize).saturating_sub(start).min(text.len());
            let mut to = (span.end as usize).saturating_sub(start).min(text.len());
            if to <= from {
                // Point at one character (or the line end) for empty spans.
                to = text[from..]
                    .chars()
                    .next()
                    .map_or(from, |c| from + c.len_utf8());
            }
            excerpt(text, line, from..to)
        });
    let mut group = Group::with_level(level.clone());
    let help = d.help.as_deref().map(clean);
    if let Some((text, line, range)) = &snippet_source {
        group = group.element(
            Snippet::source(text.as_str())
                .line_start(*line)
                .fold(false)
                .annotation(AnnotationKind::Primary.span(range.clone())),
        );
    }
    if let Some(help) = &help {
        group = group.element(Level::HELP.message(help.as_ref()));
    }
    let rendered = renderer.render(&[group]);
    if !rendered.trim().is_empty() {
        writeln!(out, "{rendered}")?;
    }
    writeln!(out)
}

/// Characters of context shown each side of the marked span on a long line:
/// a 40 KB one-line list would otherwise be printed (and laid out) whole under
/// each of its thousands of diagnostics.
const EXCERPT_CONTEXT: usize = 60;

/// The part of a line shown under a diagnostic, cleaned of control
/// characters, and the marked range within it: the whole line when short,
/// else a window around the span, its cut ends marked `…`.
fn excerpt(
    text: &str,
    line: usize,
    range: std::ops::Range<usize>,
) -> (String, usize, std::ops::Range<usize>) {
    let before = &text[..range.start];
    let marked = &text[range.clone()];
    let after = &text[range.end..];
    let mut head = String::new();
    let tail_start = before
        .char_indices()
        .rev()
        .nth(EXCERPT_CONTEXT)
        .map(|(i, _)| i);
    let before = match tail_start {
        Some(i) => {
            head.push('…');
            &before[i..]
        }
        None => before,
    };
    // A marked span is shown whole up to a limit too.
    let (marked, marked_cut) = match marked.char_indices().nth(2 * EXCERPT_CONTEXT) {
        Some((i, _)) => (&marked[..i], true),
        None => (marked, false),
    };
    let after = match (marked_cut, after.char_indices().nth(EXCERPT_CONTEXT)) {
        (true, _) => "",
        (false, Some((i, _))) => &after[..i],
        (false, None) => after,
    };
    let cut_after = marked_cut || after.len() < text.len() - range.end;
    head.push_str(&clean(before));
    let start = head.len();
    head.push_str(&clean(marked));
    let end = head.len();
    head.push_str(&clean(after));
    if cut_after {
        head.push('…');
    }
    (head, line, start..end)
}

/// Titles and names for ids, so tables speak the clerk's language.
struct Names<'r> {
    repo: &'r Repository,
    lang: Lang,
    obligations: HashMap<(&'r str, &'r str), &'r str>,
    items: HashMap<(&'r str, &'r str), &'r str>,
}

impl<'r> Names<'r> {
    fn new(repo: &'r Repository, lang: Lang) -> Self {
        let mut obligations = HashMap::new();
        for doc in &repo.plans {
            for p in &doc.plan.points {
                for o in &p.obligations {
                    obligations.insert(
                        (p.id.value.0.as_str(), o.id.value.0.as_str()),
                        o.title.value.as_str(),
                    );
                }
            }
            for o in &doc.plan.obligations {
                obligations.insert(
                    (o.id.value.0.as_str(), o.id.value.0.as_str()),
                    o.title.value.as_str(),
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
            lang,
            obligations,
            items,
        }
    }

    fn unit(&self, id: &str) -> String {
        match self.repo.unit(id) {
            Some(u) => format!("{} ({id})", u.name.value),
            None => id.to_owned(),
        }
    }

    fn reference(&self, id: &str) -> String {
        let title = match self.repo.refs.get(id) {
            Some(RefTarget::Point { plan, point }) => self.repo.plans[*plan].plan.points[*point]
                .title
                .value
                .as_str(),
            Some(RefTarget::ChecklistItem {
                plan,
                checklist,
                item,
            }) => self.repo.plans[*plan].plan.checklists[*checklist].items[*item]
                .text
                .value
                .as_str(),
            Some(RefTarget::Obligation { plan, obligation }) => {
                self.repo.plans[*plan].plan.obligations[*obligation]
                    .title
                    .value
                    .as_str()
            }
            None => "",
        };
        join(id, title)
    }

    fn what(&self, f: &Finding) -> String {
        let base = self.what_alone(f);
        let context = self.context(f);
        match (base.is_empty(), context.is_empty()) {
            (_, true) => base,
            (true, false) => context,
            // A Chinese bracket needs no space before it.
            (false, false) if context.starts_with('（') => format!("{base}{context}"),
            (false, false) => format!("{base} {context}"),
        }
    }

    /// A person's or unit's name with its id, for findings of 1.1.
    fn who(&self, id: &str) -> String {
        if let Some(p) = self.repo.person(id) {
            return match &p.name {
                Some(n) => format!("{} ({id})", n.value),
                None => id.to_owned(),
            };
        }
        self.repo.unit_name(id).to_owned()
    }

    /// Format 1.1's context of a finding: the person, the event, an undrawn
    /// sample (docs/format.md §1.1.13).
    fn context(&self, f: &Finding) -> String {
        text::finding_context(
            f.person.as_deref().map(|p| self.who(p)).as_deref(),
            f.target.as_deref().map(|t| self.who(t)).as_deref(),
            f.event.as_deref(),
            f.event_unit.as_deref().map(|u| self.repo.unit_name(u)),
            f.drawn,
            self.lang,
        )
    }

    fn what_alone(&self, f: &Finding) -> String {
        let r = f.ref_.as_deref().unwrap_or("");
        if let Some(o) = &f.obligation {
            if o == r {
                return String::new();
            }
            return join(
                o,
                self.obligations
                    .get(&(r, o.as_str()))
                    .copied()
                    .unwrap_or(""),
            );
        }
        if let Some(i) = &f.item {
            return join(
                i,
                self.items
                    .get(&(f.unit.as_str(), i.as_str()))
                    .copied()
                    .unwrap_or(""),
            );
        }
        String::new()
    }
}

fn join(id: &str, title: &str) -> String {
    if title.is_empty() {
        id.to_owned()
    } else {
        format!("{id} {}", shorten(title, 28))
    }
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// Names of the units not covered shown in a table narrowed to fit a
/// terminal; the rest are counted (JSON and CSV list them all). A table that
/// fits has the whole list.
const NAMES_WHEN_NARROWED: usize = 5;

/// `区府办、区法制办…`, cut to [`NAMES_WHEN_NARROWED`] names and a count when
/// `short` (the table is narrowed).
fn unit_list(units: &[String], names: &Names<'_>, short: bool, lang: Lang) -> String {
    let cap = if short {
        NAMES_WHEN_NARROWED
    } else {
        usize::MAX
    };
    let list = units
        .iter()
        .take(cap)
        .map(|u| names.who(u))
        .collect::<Vec<_>>()
        .join("、");
    if units.len() > cap {
        // 1.1: the targets may be people.
        let people = units
            .first()
            .is_some_and(|u| names.repo.person(u).is_some());
        text::cut_list(&list, units.len(), units.len() - cap, people, lang)
    } else {
        list
    }
}

/// The point or item a finding is on, with its title.
fn reference(f: &Finding, names: &Names<'_>) -> String {
    f.ref_
        .as_deref()
        .map(|r| names.reference(r))
        .unwrap_or_default()
}

/// 迟办: when the work was done and how late (`报送于 12-14，迟 4 天`), for
/// obligations and items alike. At a narrow terminal the period goes first,
/// then the due date (the last column says how late).
fn late_table(
    rows: &[&Finding],
    names: &Names<'_>,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    use crate::messages::office::Word;
    let lang = opts.lang;
    let columns = [
        Column::new(Label::Unit.text(lang)).wraps(table::UNIT),
        Column::new(Label::Ref.text(lang)).wraps(table::TITLE),
        Column::new(Label::Obligation.text(lang)).wraps(table::TITLE),
        Column::new(Label::Period.text(lang)).optional(1),
        Column::new(Label::Due.text(lang)).optional(2),
        Column::new(Word::LateDone.text(lang)).wraps(table::TEXT),
    ];
    let done = crate::export::Names::new(names.repo);
    let cells = |i: usize, _short: bool| {
        let f = rows[i];
        vec![
            names.unit(&f.unit),
            reference(f, names),
            names.what(f),
            f.period.clone().unwrap_or_default(),
            f.due.map(iso).unwrap_or_default(),
            crate::export::late_text(f, &done, lang),
        ]
    };
    table::write(out, &columns, rows.len(), &cells, opts.width)
}

/// 逾期 and 临期. At a narrow terminal, after the columns empty in every row:
/// have/need, the period, the units not covered, the days (the due date stays).
fn deadline_table(
    rows: &[&Finding],
    cat: Category,
    names: &Names<'_>,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    if cat == Category::Late {
        return late_table(rows, names, opts, out);
    }
    let lang = opts.lang;
    let days = match cat {
        Category::Overdue => Label::DaysOverdue,
        Category::DueSoon => Label::DaysLeft,
        _ => Label::DaysLate,
    };
    let columns = [
        Column::new(Label::Unit.text(lang)).wraps(table::UNIT),
        Column::new(Label::Ref.text(lang)).wraps(table::TITLE),
        Column::new(Label::Obligation.text(lang)).wraps(table::TITLE),
        Column::new(Label::Period.text(lang)).optional(2),
        Column::new(Label::Due.text(lang)),
        Column::new(days.text(lang)).optional(4),
        Column::new(Label::HaveNeed.text(lang)).optional(1),
        Column::new(Label::Missing.text(lang))
            .wraps(table::TEXT)
            .optional(3),
    ];
    let cells = |i: usize, short: bool| {
        let f = rows[i];
        let n = f.days_overdue.or(f.days_left).or(f.days_late);
        let have_need = match (f.have, f.need) {
            (Some(h), Some(n)) => format!("{h}/{n}"),
            _ => f
                .closed
                .map(|c| format!("{} {}", Label::Closed.text(lang), iso(c)))
                .unwrap_or_default(),
        };
        let missing = f
            .missing
            .as_deref()
            .map(|m| unit_list(m, names, short, lang))
            .unwrap_or_default();
        vec![
            names.unit(&f.unit),
            reference(f, names),
            names.what(f),
            f.period.clone().unwrap_or_default(),
            f.due.map(iso).unwrap_or_default(),
            n.map(|n| n.to_string()).unwrap_or_default(),
            have_need,
            missing,
        ]
    };
    table::write(out, &columns, rows.len(), &cells, opts.width)
}

/// 缺口. The detail goes last at a narrow terminal (after columns empty in
/// every row): the kind of gap and the point say what is missing.
fn gap_table(
    rows: &[&Finding],
    names: &Names<'_>,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let lang = opts.lang;
    let columns = [
        Column::new(Label::Unit.text(lang)).wraps(table::UNIT),
        Column::new(Label::GapType.text(lang)).wraps(table::TEXT),
        Column::new(Label::Ref.text(lang)).wraps(table::TITLE),
        Column::new(Label::Detail.text(lang))
            .wraps(table::TITLE)
            .optional(1),
    ];
    let cells = |i: usize, short: bool| {
        let f = rows[i];
        let detail = match f.kind {
            FindingType::MissingKind => f.kinds.clone().unwrap_or_default().join(", "),
            FindingType::Coverage => {
                let missing = f
                    .missing
                    .as_deref()
                    .map(|m| unit_list(m, names, short, lang))
                    .unwrap_or_default();
                let have = format!("{}/{}", f.have.unwrap_or(0), f.need.unwrap_or(0));
                let period = f.period.clone().unwrap_or_default();
                let days = f.days_left.unwrap_or(0);
                let mut detail = text::coverage_detail(&period, &have, days, &missing, lang);
                // Several coverage duties may share a point (004's M20): name which.
                if let Some(o) = f
                    .obligation
                    .as_deref()
                    .filter(|o| Some(*o) != f.ref_.as_deref())
                {
                    detail = format!("{o}{}{detail}", text::label_separator(lang));
                }
                match names.context(f) {
                    c if c.is_empty() => detail,
                    c if c.starts_with('（') => format!("{detail}{c}"),
                    c => format!("{detail} {c}"),
                }
            }
            _ => names.context(f),
        };
        vec![
            names.unit(&f.unit),
            gap_text(f.kind.as_str(), lang),
            reference(f, names),
            detail,
        ]
    };
    table::write(out, &columns, rows.len(), &cells, opts.width)
}
