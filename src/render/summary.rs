//! `ledger summary` output: three tables for people, a versioned JSON envelope
//! for programs, and CSV for spreadsheets. Everything is computed beforehand
//! ([`crate::summary::compute_with`]); this file only lays it out.

use std::io::{self, Write};

use serde::Serialize;

use super::RenderOptions;
use super::table::{self, Column};
use crate::dates::iso;
use crate::messages::office::{self, Word as W};
use crate::messages::{Lang, SummaryLabel as L};
use crate::summary::{Overview, PeriodCounts, PlanTotals, PointRow, PointStatus, Ratio, UnitRow};

/// Version of the JSON envelope; bumped only when a listed key changes meaning.
pub const VERSION: u32 = 1;

/// Which table `--table` picks (for CSV, the one written).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvTable {
    Units,
    Points,
    /// The plan totals alone.
    Plan,
}

fn status_label(s: PointStatus) -> L {
    match s {
        PointStatus::Overdue => L::StatusOverdue,
        PointStatus::Gaps => L::StatusGaps,
        PointStatus::DueSoon => L::StatusDueSoon,
        PointStatus::OnTrack => L::StatusOnTrack,
    }
}

/// A point status in words.
pub fn status_text(s: PointStatus, lang: Lang) -> &'static str {
    status_label(s).text(lang)
}

fn rate(r: Ratio, lang: Lang) -> String {
    r.percent().unwrap_or_else(|| L::None.text(lang).to_owned())
}

/// `1/2 50.0%`: the rate with what it divides, so a 100% of one item does not
/// read like a 100% of forty.
fn rate_of(r: Ratio, lang: Lang) -> String {
    match r.percent() {
        Some(p) => format!("{}/{} {p}", r.done, r.total),
        None => L::None.text(lang).to_owned(),
    }
}

/// `1/2（未到期 1）`: met of all periods, and what the rest are, so a period
/// not yet due does not read as a failure.
fn met_of(c: PeriodCounts, lang: Lang) -> String {
    if c.total() == 0 {
        L::None.text(lang).to_owned()
    } else {
        format!(
            "{}/{}{}",
            c.met,
            c.total(),
            office::period_breakdown(c.pending, c.late, c.overdue, lang)
        )
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

// ----------------------------------------------------------------- human

const UNIT_COLUMNS: [L; 12] = [
    L::UnitId,
    L::UnitName,
    L::PointsLed,
    L::PointsSupported,
    L::Records,
    L::ItemsOpen,
    L::ItemsClosed,
    L::RectificationRate,
    L::Overdue,
    L::DueSoon,
    L::Late,
    L::Gaps,
];

fn unit_cells(u: &UnitRow, lang: Lang) -> Vec<String> {
    vec![
        u.id.clone(),
        u.name.clone(),
        u.points_led.to_string(),
        u.points_supported.to_string(),
        u.records.to_string(),
        u.items_open.to_string(),
        u.items_closed.to_string(),
        rate_of(u.rectification, lang),
        u.overdue.to_string(),
        u.due_soon.to_string(),
        u.late.to_string(),
        u.gaps.to_string(),
    ]
}

/// What the units table leaves out at a narrow terminal, first to last
/// (after columns empty in every row): the unit id (the name is shown), the
/// points supported and led, closed items, records, open items, then the
/// findings due soon and late. The name, the rectification rate, overdue and
/// gaps stay.
const UNIT_OPTIONAL: [(L, u8); 8] = [
    (L::UnitId, 1),
    (L::PointsSupported, 2),
    (L::PointsLed, 3),
    (L::ItemsClosed, 4),
    (L::Records, 5),
    (L::ItemsOpen, 6),
    (L::DueSoon, 7),
    (L::Late, 8),
];

fn units_table(o: &Overview, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let lang = opts.lang;
    let columns: Vec<Column<'_>> = UNIT_COLUMNS
        .iter()
        .map(|&l| {
            let mut c = Column::new(l.text(lang));
            c = match l {
                L::UnitId => c,
                L::UnitName => c.wraps(table::UNIT),
                L::RectificationRate => c.right().wraps(table::TEXT),
                _ => c.right(),
            };
            match UNIT_OPTIONAL.iter().find(|(o, _)| *o == l) {
                Some(&(_, rank)) => c.optional(rank),
                None => c,
            }
        })
        .collect();
    let cells = |i: usize, _short: bool| unit_cells(&o.units[i], lang);
    table::write(out, &columns, o.units.len(), &cells, opts.width)
}

/// Open items due later. At a narrow terminal the work point goes first, then
/// the kind, then the days left (the due date stays).
fn upcoming_table(o: &Overview, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let lang = opts.lang;
    let columns = [
        Column::new(W::Unit.text(lang)).wraps(table::UNIT),
        Column::new(W::ItemId.text(lang)),
        Column::new(W::ItemKind.text(lang)).optional(2),
        Column::new(W::Point.text(lang)).optional(1),
        Column::new(W::Title.text(lang)).wraps(table::TITLE),
        Column::new(W::Due.text(lang)),
        Column::new(W::DaysLeft.text(lang)).right().optional(3),
    ];
    let cells = |i: usize, _short: bool| {
        let u = &o.upcoming[i];
        vec![
            u.unit_name.clone(),
            u.item.clone(),
            office::item_kind(u.kind, lang).to_owned(),
            u.ref_.clone(),
            shorten(&u.title, 24),
            iso(u.due),
            u.days_left.to_string(),
        ]
    };
    table::write(out, &columns, o.upcoming.len(), &cells, opts.width)
}

/// Work points. At a narrow terminal the number goes first (the point id
/// says the same), then records, open items and the lead units.
fn points_table(o: &Overview, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let lang = opts.lang;
    let columns = [
        Column::new(L::No.text(lang)).right().optional(1),
        Column::new(L::PointId.text(lang)),
        Column::new(L::Point.text(lang)).wraps(table::TITLE),
        Column::new(L::Lead.text(lang))
            .wraps(table::UNIT)
            .optional(4),
        Column::new(L::Records.text(lang)).right().optional(2),
        Column::new(L::Periods.text(lang))
            .right()
            .wraps(table::TEXT),
        Column::new(L::ItemsOpen.text(lang)).right().optional(3),
        Column::new(L::Status.text(lang)),
    ];
    let cells = |i: usize, _short: bool| {
        let p = &o.points[i];
        vec![
            p.no.map(|n| n.to_string()).unwrap_or_default(),
            p.id.clone(),
            shorten(&p.title, 24),
            p.lead_names.join("、"),
            p.records.to_string(),
            met_of(p.periods, lang),
            p.items_open.to_string(),
            status_label(p.status).text(lang).to_owned(),
        ]
    };
    table::write(out, &columns, o.points.len(), &cells, opts.width)
}

/// The plan totals as (label, value) rows.
pub fn plan_rows(p: &PlanTotals, lang: Lang) -> Vec<(L, String)> {
    vec![
        (L::Points, p.points.to_string()),
        (L::Units, p.units.to_string()),
        (L::Records, p.records.to_string()),
        (L::ItemsOpen, p.items_open.to_string()),
        (L::ItemsClosed, p.items_closed.to_string()),
        (L::RectificationRate, rate_of(p.rectification, lang)),
        (L::Overdue, p.overdue.to_string()),
        (L::DueSoon, p.due_soon.to_string()),
        (L::Late, p.late.to_string()),
        (L::Gaps, p.gaps.to_string()),
    ]
}

fn plan_table(p: &PlanTotals, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let lang = opts.lang;
    let columns = [
        Column::new(L::Measure.text(lang)).wraps(table::TEXT),
        Column::new(L::Value.text(lang)).right().wraps(table::TEXT),
    ];
    let rows = plan_rows(p, lang);
    let cells = |i: usize, _short: bool| vec![rows[i].0.text(lang).to_owned(), rows[i].1.clone()];
    table::write(out, &columns, rows.len(), &cells, opts.width)
}

/// The title and date, then the unit table (with the note on what 整改完成率
/// divides), the open items due later, the point and plan tables; with
/// `only`, the heading and that one table.
pub fn human(
    o: &Overview,
    only: Option<CsvTable>,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let lang = opts.lang;
    let mut guarded = super::escape::Guard::new(out, false);
    let out: &mut dyn Write = &mut guarded;
    let sep = crate::messages::render::label_separator(lang);
    // At a terminal the sentences around the tables wrap to its width too.
    let mut line = |text: &str| writeln!(out, "{}", table::fill(text, opts.width));
    match &o.plan.title {
        Some(title) => line(&format!("{}{sep}{title}", L::Heading.text(lang)))?,
        None => line(L::Heading.text(lang))?,
    }
    if let Some(s) = &o.scope {
        line(&office::year_line(
            s.year,
            &iso(s.first),
            &iso(s.as_of),
            lang,
        ))?;
    }
    line(&format!("{}{sep}{}", L::AsOf.text(lang), iso(o.as_of)))?;
    let shows = |t: CsvTable| only.is_none_or(|o| o == t);
    if shows(CsvTable::Units) {
        writeln!(out)?;
        writeln!(out, "{} ({})", L::ByUnit.text(lang), o.units.len())?;
        units_table(o, opts, out)?;
        let note = office::rectification_note(lang);
        writeln!(out, "{}", table::fill(note, opts.width))?;
    }
    if only.is_none() && !o.upcoming.is_empty() {
        writeln!(out)?;
        let title = office::upcoming_title(o.due_soon_days, o.upcoming.len(), lang);
        writeln!(out, "{}", table::fill(&title, opts.width))?;
        upcoming_table(o, opts, out)?;
    }
    if shows(CsvTable::Points) {
        writeln!(out)?;
        writeln!(out, "{} ({})", L::ByPoint.text(lang), o.points.len())?;
        points_table(o, opts, out)?;
    }
    if shows(CsvTable::Plan) {
        writeln!(out)?;
        writeln!(out, "{}", L::PlanTotals.text(lang))?;
        plan_table(&o.plan, opts, out)?;
    }
    Ok(())
}

// ------------------------------------------------------------------ json

#[derive(Serialize)]
struct Envelope<'a> {
    version: u32,
    as_of: String,
    /// With `--year`: the year and its first and scope dates.
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<YearJson>,
    units: Vec<UnitJson<'a>>,
    points: Vec<PointJson<'a>>,
    plan: PlanJson<'a>,
    upcoming: Vec<UpcomingJson<'a>>,
}

#[derive(Serialize)]
struct YearJson {
    year: i32,
    from: String,
    to: String,
}

#[derive(Serialize)]
struct UpcomingJson<'a> {
    unit: &'a str,
    item: &'a str,
    kind: &'static str,
    #[serde(rename = "ref")]
    ref_: &'a str,
    title: &'a str,
    due: String,
    days_left: i64,
}

#[derive(Serialize)]
struct Rectification {
    closed: usize,
    total: usize,
    /// Percent with one decimal; `null` when there are no rectification items.
    rate: Option<f64>,
}

impl From<Ratio> for Rectification {
    fn from(r: Ratio) -> Self {
        Rectification {
            closed: r.done,
            total: r.total,
            rate: r.permille().map(|pm| pm as f64 / 10.0),
        }
    }
}

#[derive(Serialize)]
struct Periods {
    met: usize,
    pending: usize,
    late: usize,
    overdue: usize,
    total: usize,
}

#[derive(Serialize)]
struct UnitJson<'a> {
    id: &'a str,
    name: &'a str,
    points_led: usize,
    points_supported: usize,
    records: usize,
    items_open: usize,
    items_closed: usize,
    rectification: Rectification,
    overdue: usize,
    due_soon: usize,
    late: usize,
    gaps: usize,
}

#[derive(Serialize)]
struct PointJson<'a> {
    id: &'a str,
    no: Option<u32>,
    title: &'a str,
    lead: &'a [String],
    lead_names: &'a [String],
    records: usize,
    periods: Periods,
    items_open: usize,
    status: &'static str,
}

#[derive(Serialize)]
struct PlanJson<'a> {
    title: Option<&'a str>,
    points: usize,
    units: usize,
    records: usize,
    items_open: usize,
    items_closed: usize,
    rectification: Rectification,
    overdue: usize,
    due_soon: usize,
    late: usize,
    gaps: usize,
}

fn unit_json(u: &UnitRow) -> UnitJson<'_> {
    UnitJson {
        id: &u.id,
        name: &u.name,
        points_led: u.points_led,
        points_supported: u.points_supported,
        records: u.records,
        items_open: u.items_open,
        items_closed: u.items_closed,
        rectification: u.rectification.into(),
        overdue: u.overdue,
        due_soon: u.due_soon,
        late: u.late,
        gaps: u.gaps,
    }
}

fn point_json(p: &PointRow) -> PointJson<'_> {
    PointJson {
        id: &p.id,
        no: p.no,
        title: &p.title,
        lead: &p.lead,
        lead_names: &p.lead_names,
        records: p.records,
        periods: Periods {
            met: p.periods.met,
            pending: p.periods.pending,
            late: p.periods.late,
            overdue: p.periods.overdue,
            total: p.periods.total(),
        },
        items_open: p.items_open,
        status: p.status.as_str(),
    }
}

/// `{"version":1,"as_of":…,"units":[…],"points":[…],"plan":{…},"upcoming":[…]}`,
/// and `"year":{…}` with a year scope.
pub fn json(o: &Overview, out: &mut dyn Write) -> io::Result<()> {
    let p = &o.plan;
    let env = Envelope {
        version: VERSION,
        as_of: iso(o.as_of),
        year: o.scope.map(|s| YearJson {
            year: s.year,
            from: iso(s.first),
            to: iso(s.as_of),
        }),
        upcoming: o
            .upcoming
            .iter()
            .map(|u| UpcomingJson {
                unit: &u.unit,
                item: &u.item,
                kind: u.kind.as_str(),
                ref_: &u.ref_,
                title: &u.title,
                due: iso(u.due),
                days_left: u.days_left,
            })
            .collect(),
        units: o.units.iter().map(unit_json).collect(),
        points: o.points.iter().map(point_json).collect(),
        plan: PlanJson {
            title: p.title.as_deref(),
            points: p.points,
            units: p.units,
            records: p.records,
            items_open: p.items_open,
            items_closed: p.items_closed,
            rectification: p.rectification.into(),
            overdue: p.overdue,
            due_soon: p.due_soon,
            late: p.late,
            gaps: p.gaps,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &env).map_err(io::Error::other)?;
    writeln!(out)
}

// ------------------------------------------------------------------- csv

use crate::export::csv::row as csv_row;

/// One table as CSV: UTF-8 with a byte-order mark (so Excel reads the Chinese
/// as UTF-8), CRLF line ends, a header row in `lang`. Periods are two columns,
/// not `3/4`, which a spreadsheet would take for a date.
pub fn csv(o: &Overview, table: CsvTable, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    match table {
        CsvTable::Units => {
            // The rate as three columns: `1/2` in one cell is a date to Excel.
            let mut header: Vec<&str> = UNIT_COLUMNS.iter().map(|l| l.text(lang)).collect();
            let at = UNIT_COLUMNS
                .iter()
                .position(|l| *l == L::RectificationRate)
                .unwrap_or(header.len());
            header.splice(at..at, [W::RectClosed.text(lang), W::RectTotal.text(lang)]);
            csv_row(out, &header)?;
            for u in &o.units {
                let mut cells = unit_cells(u, lang);
                cells[at] = rate(u.rectification, lang);
                cells.splice(
                    at..at,
                    [
                        u.rectification.done.to_string(),
                        u.rectification.total.to_string(),
                    ],
                );
                csv_row(out, &cells)?;
            }
        }
        CsvTable::Plan => {
            csv_row(out, &[L::Measure.text(lang), L::Value.text(lang)])?;
            for (label, value) in plan_rows(&o.plan, lang) {
                csv_row(out, &[label.text(lang).to_owned(), value])?;
            }
        }
        CsvTable::Points => {
            let header: Vec<&str> = [
                L::No,
                L::PointId,
                L::PointTitle,
                L::Lead,
                L::Records,
                L::PeriodsMet,
                L::PeriodsTotal,
                L::ItemsOpen,
                L::Status,
            ]
            .iter()
            .map(|l| l.text(lang))
            .collect();
            csv_row(out, &header)?;
            for p in &o.points {
                csv_row(
                    out,
                    &[
                        p.no.map(|n| n.to_string()).unwrap_or_default(),
                        p.id.clone(),
                        p.title.clone(),
                        p.lead_names.join("、"),
                        p.records.to_string(),
                        p.periods.met.to_string(),
                        p.periods.total().to_string(),
                        p.items_open.to_string(),
                        status_label(p.status).text(lang).to_owned(),
                    ],
                )?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn met_of_says_what_the_unmet_periods_are() {
        let c = |met, pending, late, overdue| PeriodCounts {
            met,
            pending,
            late,
            overdue,
        };
        assert_eq!(met_of(c(1, 1, 0, 0), Lang::Zh), "1/2（未到期 1）");
        assert_eq!(met_of(c(2, 0, 0, 0), Lang::Zh), "2/2");
        assert_eq!(
            met_of(c(2, 1, 1, 1), Lang::En),
            "2/5 (1 pending, 1 late, 1 overdue)"
        );
        assert_eq!(met_of(c(0, 0, 0, 0), Lang::En), "—");
    }

    #[test]
    fn rate_shows_its_denominator() {
        let r = |done, total| rate_of(Ratio { done, total }, Lang::Zh);
        assert_eq!(r(1, 1), "1/1 100.0%");
        assert_eq!(r(2, 3), "2/3 66.7%");
        assert_eq!(r(0, 0), "—");
    }
}
