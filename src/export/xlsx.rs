//! `ledger export xlsx`: the workbook an office keeps its 台账 in.
//!
//! Five sheets — 问题整改台账 (items), 工作记实 (records), 责任清单落实
//! (checklist items × units, a mark per period), 逾期临期迟办缺口 (findings),
//! 汇总 (the summary tables) — each with its header row frozen and repeated on
//! every printed page, an autofilter, widths from the content (a Chinese
//! character counts two), A4 landscape fitted to the page width, and the
//! plan's title and page numbers in the print header and footer.
//!
//! Dates are date cells and counts are numbers. Every text goes through
//! `write_string`, which never makes a formula: a title such as `=1+1` or
//! `@SUM(A1)` stays the text the clerk typed.

use std::collections::BTreeSet;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::{Rows, Value};
use crate::dates::{Date, iso};
use crate::eval::{Finding, PeriodStatus};
use crate::messages::office::{self, Word as W};
use crate::messages::{Lang, SummaryLabel as L};
use crate::summary::{Overview, Ratio};
use crate::validate::Repository;

/// What the workbook is made of.
pub(crate) struct Book<'a> {
    pub(crate) repo: &'a Repository,
    /// `check`'s findings (year-scoped and unit-filtered as asked).
    pub(crate) findings: &'a [Finding],
    /// [`crate::eval::obligation_status`]'s periods, scoped the same way.
    pub(crate) periods: &'a [PeriodStatus],
    pub(crate) overview: &'a Overview,
    /// The date the counts are taken on (the scope date with `--year`).
    pub(crate) as_of: Date,
    pub(crate) only: Option<&'a BTreeSet<String>>,
    pub(crate) lang: Lang,
}

/// The font office machines have for Chinese; LibreOffice substitutes a CJK
/// font of the same metrics where SimSun is missing.
const FONT: &str = "SimSun";
/// Excel's A4.
const A4: u8 = 9;
/// Widest a column grows, in Excel's character units; long text wraps.
const MAX_WIDTH: f64 = 28.0;
const MAX_WIDE_WIDTH: f64 = 44.0;
const MAX_SHORT_WIDTH: f64 = 14.0;
/// A column holding a 1.1 interval period, 21 characters on one line.
const INTERVAL_WIDTH: f64 = 25.5;

struct Formats {
    header: Format,
    /// Every text cell wraps: row heights are set from the wrapped lines.
    wrap: Format,
    center: Format,
    date: Format,
    number: Format,
    percent: Format,
    title: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new()
            .set_font_name(FONT)
            .set_font_size(10.5)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Top);
        Formats {
            header: Format::new()
                .set_font_name(FONT)
                .set_font_size(10.5)
                .set_bold()
                .set_border(FormatBorder::Thin)
                .set_background_color("D9E1F2")
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            wrap: base.clone().set_text_wrap(),
            center: base.clone().set_align(FormatAlign::Center),
            date: base.clone().set_num_format("yyyy-mm-dd"),
            number: base.clone().set_num_format("0"),
            percent: base.set_num_format("0.0%"),
            title: Format::new()
                .set_font_name(FONT)
                .set_font_size(12)
                .set_bold(),
        }
    }
}

/// Display width in Excel character units: a CJK character is two.
fn width(s: &str) -> usize {
    s.lines().map(line_width).max().unwrap_or(0)
}

fn line_width(l: &str) -> usize {
    l.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 })
        .sum()
}

/// Lines one paragraph takes in a column `w` units wide. A 10.5 pt CJK
/// character takes about 1.7 units as rendered (the 2 of [`width`] keeps
/// columns from being too narrow); break anywhere, as CJK text does.
fn wrapped_lines(l: &str, w: f64) -> usize {
    let fits = (w - 0.5).max(2.0);
    let mut lines = 1;
    let mut used = 0.0;
    for c in l.chars() {
        let cw = if (c as u32) >= 0x2E80 { 1.7 } else { 1.0 };
        if used + cw > fits {
            lines += 1;
            used = 0.0;
        }
        used += cw;
    }
    lines
}

/// `&` starts a code in Excel's page headers.
fn header_text(s: &str) -> String {
    s.replace('&', "&&")
}

/// Page set-up shared by every sheet: A4 landscape, one page wide, the rows
/// `0..=repeat` on every page, the title above and page numbers below.
fn page_setup(
    ws: &mut Worksheet,
    title: &str,
    repeat: Option<u32>,
    lang: Lang,
) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(A4);
    ws.set_print_fit_to_pages(1, 0);
    if let Some(last) = repeat {
        ws.set_repeat_rows(0, last)?;
    }
    ws.set_margins(0.5, 0.5, 0.7, 0.6, 0.3, 0.3);
    ws.set_header(format!("&C&\"{FONT},Bold\"&12{}", header_text(title)));
    ws.set_footer(lang.pick("&C第 &P 页，共 &N 页", "&CPage &P of &N"));
    Ok(())
}

fn write_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: &Value,
    f: &Formats,
) -> Result<(), XlsxError> {
    match v {
        Value::Text(s) => {
            ws.write_string_with_format(row, col, s, &f.wrap)?;
        }
        Value::Date(d) => {
            ws.write_datetime_with_format(row, col, d, &f.date)?;
        }
        Value::Number(n) => {
            // Counts and day numbers: far below 2^53.
            #[allow(clippy::cast_precision_loss)]
            ws.write_number_with_format(row, col, *n as f64, &f.number)?;
        }
        Value::Permille(pm) => {
            #[allow(clippy::cast_precision_loss)]
            ws.write_number_with_format(row, col, *pm as f64 / 1000.0, &f.percent)?;
        }
        Value::Empty => {
            ws.write_blank(row, col, &f.wrap)?;
        }
    }
    Ok(())
}

fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

fn row_no(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// Column widths from the content, each within its cap: long text wraps at
/// [`MAX_WIDTH`], the rest at [`MAX_SHORT_WIDTH`].
fn column_widths(rows: &Rows) -> Vec<f64> {
    let mut widths: Vec<usize> = rows.header.iter().map(|h| width(h).min(12)).collect();
    // 1.1's interval periods (`2018-07-10/2019-01-10`) are kept on one line.
    let mut intervals: Vec<bool> = vec![false; widths.len()];
    for r in &rows.rows {
        for (j, v) in r.iter().enumerate() {
            let w = match v {
                Value::Date(_) => 10,
                Value::Text(t) if crate::dates::parse_interval(t).is_some() => {
                    if let Some(i) = intervals.get_mut(j) {
                        *i = true;
                    }
                    21
                }
                other => width(&other.display()),
            };
            if let Some(slot) = widths.get_mut(j) {
                *slot = (*slot).max(w);
            }
        }
    }
    widths
        .iter()
        .enumerate()
        .map(|(j, w)| {
            let cap = if rows.wide.contains(&j) {
                MAX_WIDE_WIDTH
            } else if rows.long.contains(&j) {
                MAX_WIDTH
            } else if intervals.get(j).copied().unwrap_or(false) {
                INTERVAL_WIDTH
            } else {
                MAX_SHORT_WIDTH
            };
            // SimSun's Latin letters run a little wider than Calibri's, which
            // Excel's width unit is measured in.
            #[allow(clippy::cast_precision_loss)]
            let w = *w as f64 * 1.1 + 2.0;
            w.clamp(6.0, cap)
        })
        .collect()
}

/// Lines a row needs when every cell wraps at its column's width: neither
/// Excel nor LibreOffice grows a row for wrapped text in a file it did not
/// lay out itself, so the height is set here.
fn lines_needed(cells: &[String], widths: &[f64]) -> usize {
    cells
        .iter()
        .zip(widths)
        .map(|(text, w)| text.lines().map(|l| wrapped_lines(l, *w)).sum::<usize>())
        .max()
        .unwrap_or(1)
        .max(1)
}

/// Points per line of 10.5 pt SimSun, with leading.
const LINE_HEIGHT: f64 = 14.0;

fn row_height(lines: usize) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let h = lines.min(30) as f64 * LINE_HEIGHT + 3.0;
    h
}

/// A sheet holding one table: header in row 0, frozen, filtered, repeated.
fn table_sheet(
    wb: &mut Workbook,
    name: &str,
    title: &str,
    rows: &Rows,
    f: &Formats,
    lang: Lang,
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    let widths = column_widths(rows);
    for (j, h) in rows.header.iter().enumerate() {
        ws.write_string_with_format(0, col(j), h, &f.header)?;
    }
    ws.set_row_height(0, row_height(lines_needed(&rows.header, &widths)))?;
    for (i, r) in rows.rows.iter().enumerate() {
        for (j, v) in r.iter().enumerate() {
            match v {
                Value::Text(t) if rows.center.contains(&j) => {
                    ws.write_string_with_format(row_no(i + 1), col(j), t, &f.center)?;
                }
                _ => write_value(ws, row_no(i + 1), col(j), v, f)?,
            }
        }
        let texts: Vec<String> = r.iter().map(Value::display).collect();
        ws.set_row_height(row_no(i + 1), row_height(lines_needed(&texts, &widths)))?;
    }
    for (j, w) in widths.iter().enumerate() {
        ws.set_column_width(col(j), *w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    if !rows.header.is_empty() {
        ws.autofilter(0, 0, row_no(rows.rows.len()), col(rows.header.len() - 1))?;
    }
    page_setup(ws, title, Some(0), lang)
}

/// Widths of the 汇总 sheet's columns, shared by its stacked tables: ids,
/// names and titles (wrapped), units, then counts.
const SUMMARY_WIDTHS: [f64; 3] = [12.0, 26.0, 14.0];
const SUMMARY_COUNT_WIDTH: f64 = 10.0;

fn summary_width(j: usize) -> f64 {
    SUMMARY_WIDTHS
        .get(j)
        .copied()
        .unwrap_or(SUMMARY_COUNT_WIDTH)
}

/// One table of the 汇总 sheet from `row` on: a bold title, a header row and
/// the rows. Returns the header's row and the last row written.
fn block(
    ws: &mut Worksheet,
    row: u32,
    title: &str,
    header: &[&str],
    rows: &[Vec<Value>],
    f: &Formats,
) -> Result<(u32, u32), XlsxError> {
    ws.write_string_with_format(row, 0, title, &f.title)?;
    let head = row + 1;
    let widths: Vec<f64> = (0..header.len()).map(summary_width).collect();
    for (j, h) in header.iter().enumerate() {
        ws.write_string_with_format(head, col(j), *h, &f.header)?;
    }
    let texts: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
    ws.set_row_height(head, row_height(lines_needed(&texts, &widths)))?;
    let mut at = head;
    for r in rows {
        at += 1;
        for (j, v) in r.iter().enumerate() {
            write_value(ws, at, col(j), v, f)?;
        }
        let texts: Vec<String> = r.iter().map(Value::display).collect();
        ws.set_row_height(at, row_height(lines_needed(&texts, &widths)))?;
    }
    Ok((head, at))
}

fn count(n: usize) -> Value {
    Value::Number(i64::try_from(n).unwrap_or(i64::MAX))
}

fn percent(r: Ratio) -> Value {
    r.permille().map_or(Value::Empty, Value::Permille)
}

/// 汇总: the unit table (its header frozen and filtered), the open items due
/// later, the point table and the plan totals, one under the other.
fn summary_sheet(
    wb: &mut Workbook,
    book: &Book<'_>,
    title: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    let lang = book.lang;
    let o = book.overview;
    let ws = wb.add_worksheet();
    ws.set_name(W::SheetSummary.text(lang))?;

    let units: Vec<Vec<Value>> = o
        .units
        .iter()
        .map(|u| {
            vec![
                Value::Text(u.id.clone()),
                Value::Text(u.name.clone()),
                count(u.points_led),
                count(u.points_supported),
                count(u.records),
                count(u.items_open),
                count(u.items_closed),
                count(u.rectification.done),
                count(u.rectification.total),
                percent(u.rectification),
                count(u.overdue),
                count(u.due_soon),
                count(u.late),
                count(u.gaps),
            ]
        })
        .collect();
    let unit_head = [
        L::UnitId.text(lang),
        L::UnitName.text(lang),
        L::PointsLed.text(lang),
        L::PointsSupported.text(lang),
        L::Records.text(lang),
        L::ItemsOpen.text(lang),
        L::ItemsClosed.text(lang),
        W::RectClosed.text(lang),
        W::RectTotal.text(lang),
        L::RectificationRate.text(lang),
        L::Overdue.text(lang),
        L::DueSoon.text(lang),
        L::Late.text(lang),
        L::Gaps.text(lang),
    ];
    let heading = format!("{} ({})", L::ByUnit.text(lang), o.units.len());
    let (unit_header, mut row) = block(ws, 0, &heading, &unit_head, &units, f)?;
    ws.autofilter(unit_header, 0, row, col(unit_head.len() - 1))?;
    row += 1;
    ws.write_string(row, 0, office::rectification_note(lang))?;

    if !o.upcoming.is_empty() {
        let rows: Vec<Vec<Value>> = o
            .upcoming
            .iter()
            .map(|u| {
                vec![
                    Value::Text(u.unit_name.clone()),
                    Value::Text(u.title.clone()),
                    Value::Text(u.item.clone()),
                    Value::Text(office::item_kind(u.kind, lang).to_owned()),
                    Value::Text(u.ref_.clone()),
                    Value::Date(u.due),
                    Value::Number(u.days_left),
                ]
            })
            .collect();
        let heading = office::upcoming_title(o.due_soon_days, o.upcoming.len(), lang);
        let header = [
            W::Unit.text(lang),
            W::Title.text(lang),
            W::ItemId.text(lang),
            W::ItemKind.text(lang),
            W::Point.text(lang),
            W::Due.text(lang),
            W::DaysLeft.text(lang),
        ];
        (_, row) = block(ws, row + 2, &heading, &header, &rows, f)?;
    }

    let points: Vec<Vec<Value>> = o
        .points
        .iter()
        .map(|p| {
            vec![
                Value::Text(p.id.clone()),
                Value::Text(p.title.clone()),
                Value::Text(p.lead_names.join("、")),
                count(p.records),
                count(p.periods.met),
                count(p.periods.total()),
                count(p.periods.pending),
                count(p.periods.late),
                count(p.periods.overdue),
                count(p.items_open),
                Value::Text(crate::render::summary::status_text(p.status, lang).to_owned()),
            ]
        })
        .collect();
    let header = [
        L::PointId.text(lang),
        L::PointTitle.text(lang),
        L::Lead.text(lang),
        L::Records.text(lang),
        L::PeriodsMet.text(lang),
        L::PeriodsTotal.text(lang),
        W::MarkPending.text(lang),
        L::Late.text(lang),
        L::Overdue.text(lang),
        L::ItemsOpen.text(lang),
        L::Status.text(lang),
    ];
    let heading = format!("{} ({})", L::ByPoint.text(lang), o.points.len());
    (_, row) = block(ws, row + 2, &heading, &header, &points, f)?;

    let p = &o.plan;
    let totals: Vec<Vec<Value>> = [
        (L::Points.text(lang), count(p.points)),
        (L::Units.text(lang), count(p.units)),
        (L::Records.text(lang), count(p.records)),
        (L::ItemsOpen.text(lang), count(p.items_open)),
        (L::ItemsClosed.text(lang), count(p.items_closed)),
        (W::RectClosed.text(lang), count(p.rectification.done)),
        (W::RectTotal.text(lang), count(p.rectification.total)),
        (L::RectificationRate.text(lang), percent(p.rectification)),
        (L::Overdue.text(lang), count(p.overdue)),
        (L::DueSoon.text(lang), count(p.due_soon)),
        (L::Late.text(lang), count(p.late)),
        (L::Gaps.text(lang), count(p.gaps)),
    ]
    .into_iter()
    .map(|(label, v)| vec![Value::Text(label.to_owned()), v])
    .collect();
    let header = [L::Measure.text(lang), L::Value.text(lang)];
    block(ws, row + 2, L::PlanTotals.text(lang), &header, &totals, f)?;

    for j in 0..unit_head.len() {
        ws.set_column_width(col(j), summary_width(j))?;
    }
    ws.set_freeze_panes(unit_header + 1, 0)?;
    // Stacked tables: the unit header repeated over the point table would mislead.
    page_setup(ws, title, None, lang)
}

/// The workbook, in memory.
pub(crate) fn build(book: &Book<'_>) -> Result<Workbook, XlsxError> {
    let lang = book.lang;
    let f = Formats::new();
    let mut wb = Workbook::new();
    let plan = book.overview.plan.title.clone().unwrap_or_default();
    let when = match &book.overview.scope {
        Some(s) => office::year_line(s.year, &iso(s.first), &iso(s.as_of), lang),
        None => format!("{} {}", L::AsOf.text(lang), iso(book.as_of)),
    };
    let title = |w: W| format!("{plan} {} — {when}", w.text(lang));
    let items = super::item_rows(book.repo, book.as_of, book.only, lang);
    table_sheet(
        &mut wb,
        W::SheetItems.text(lang),
        &title(W::SheetItems),
        &items,
        &f,
        lang,
    )?;
    let records = super::record_rows(book.repo, book.as_of, book.only, lang);
    let t = title(W::SheetRecords);
    table_sheet(&mut wb, W::SheetRecords.text(lang), &t, &records, &f, lang)?;
    let checklists = super::checklist_rows(book.repo, book.periods, book.as_of, book.only, lang);
    let t = title(W::SheetChecklists);
    table_sheet(
        &mut wb,
        W::SheetChecklists.text(lang),
        &t,
        &checklists,
        &f,
        lang,
    )?;
    let findings = super::finding_sheet_rows(book.repo, book.findings, lang);
    let t = title(W::SheetFindings);
    table_sheet(
        &mut wb,
        W::SheetFindings.text(lang),
        &t,
        &findings,
        &f,
        lang,
    )?;
    summary_sheet(&mut wb, book, &title(W::SheetSummary), &f)?;
    Ok(wb)
}

/// The workbook as the bytes of an .xlsx file.
pub(crate) fn to_bytes(book: &Book<'_>) -> Result<Vec<u8>, XlsxError> {
    build(book)?.save_to_buffer()
}
