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
use crate::messages::clerk::{self, Word as W};
use crate::messages::{Lang, SummaryLabel as L};
use crate::summary::{Overview, Ratio};
use crate::validate::Repository;

/// What the workbook is made of.
pub struct Book<'a> {
    pub repo: &'a Repository,
    /// `check`'s findings (year-scoped and unit-filtered as asked).
    pub findings: &'a [Finding],
    /// [`crate::eval::obligation_status`]'s periods, scoped the same way.
    pub periods: &'a [PeriodStatus],
    pub overview: &'a Overview,
    /// The date the counts are taken on (the scope date with `--year`).
    pub as_of: Date,
    pub only: Option<&'a BTreeSet<String>>,
    pub lang: Lang,
}

/// The font office machines have for Chinese; LibreOffice substitutes a CJK
/// font of the same metrics where SimSun is missing.
const FONT: &str = "SimSun";
/// Excel's A4.
const A4: u8 = 9;
/// Widest a column grows, in Excel's character units; long text wraps.
const MAX_WIDTH: f64 = 48.0;
const MAX_SHORT_WIDTH: f64 = 24.0;

struct Formats {
    header: Format,
    text: Format,
    wrap: Format,
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
            text: base.clone(),
            wrap: base.clone().set_text_wrap(),
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
    s.lines()
        .map(|l| {
            l.chars()
                .map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 })
                .sum::<usize>()
        })
        .max()
        .unwrap_or(0)
}

/// `&` starts a code in Excel's page headers.
fn header_text(s: &str) -> String {
    s.replace('&', "&&")
}

/// Page set-up shared by every sheet: A4 landscape, one page wide, the rows
/// `0..=repeat` on every page, the title above and page numbers below.
fn page_setup(ws: &mut Worksheet, title: &str, repeat: u32, lang: Lang) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(A4);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, repeat)?;
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
    long: bool,
    f: &Formats,
) -> Result<(), XlsxError> {
    match v {
        Value::Text(s) => {
            ws.write_string_with_format(row, col, s, if long { &f.wrap } else { &f.text })?;
        }
        Value::Date(d) => {
            ws.write_datetime_with_format(row, col, d, &f.date)?;
        }
        Value::Number(n) => {
            // Counts and day numbers: far below 2^53.
            #[allow(clippy::cast_precision_loss)]
            ws.write_number_with_format(row, col, *n as f64, &f.number)?;
        }
        Value::Empty => {
            ws.write_blank(row, col, if long { &f.wrap } else { &f.text })?;
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
    let mut widths: Vec<usize> = rows.header.iter().map(|h| width(h)).collect();
    for (j, h) in rows.header.iter().enumerate() {
        ws.write_string_with_format(0, col(j), h, &f.header)?;
    }
    for (i, r) in rows.rows.iter().enumerate() {
        for (j, v) in r.iter().enumerate() {
            write_value(ws, row_no(i + 1), col(j), v, rows.long.contains(&j), f)?;
            let w = match v {
                Value::Date(_) => 10,
                other => width(&other.display()),
            };
            if let Some(slot) = widths.get_mut(j) {
                *slot = (*slot).max(w);
            }
        }
    }
    for (j, w) in widths.iter().enumerate() {
        let cap = if rows.long.contains(&j) {
            MAX_WIDTH
        } else {
            MAX_SHORT_WIDTH
        };
        #[allow(clippy::cast_precision_loss)]
        let w = (*w as f64 + 2.0).clamp(6.0, cap);
        ws.set_column_width(col(j), w)?;
    }
    ws.set_row_height(0, 30)?;
    ws.set_freeze_panes(1, 0)?;
    if !rows.header.is_empty() {
        ws.autofilter(0, 0, row_no(rows.rows.len()), col(rows.header.len() - 1))?;
    }
    page_setup(ws, title, 0, lang)
}

fn ratio_cells(
    ws: &mut Worksheet,
    row: u32,
    c: u16,
    r: Ratio,
    f: &Formats,
) -> Result<(), XlsxError> {
    #[allow(clippy::cast_precision_loss)]
    {
        ws.write_number_with_format(row, c, r.done as f64, &f.number)?;
        ws.write_number_with_format(row, c + 1, r.total as f64, &f.number)?;
        match r.permille() {
            Some(pm) => ws.write_number_with_format(row, c + 2, pm as f64 / 1000.0, &f.percent)?,
            None => ws.write_blank(row, c + 2, &f.text)?,
        };
    }
    Ok(())
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
    let heads = |ws: &mut Worksheet, row: u32, labels: &[&str]| -> Result<(), XlsxError> {
        for (j, h) in labels.iter().enumerate() {
            ws.write_string_with_format(row, col(j), *h, &f.header)?;
        }
        Ok(())
    };
    let n = |x: usize| {
        #[allow(clippy::cast_precision_loss)]
        let v = x as f64;
        v
    };
    let mut row: u32 = 0;
    ws.write_string_with_format(
        row,
        0,
        format!("{} ({})", L::ByUnit.text(lang), o.units.len()),
        &f.title,
    )?;
    row += 1;
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
    heads(ws, row, &unit_head)?;
    ws.set_row_height(row, 30)?;
    let header_row = row;
    for u in &o.units {
        row += 1;
        ws.write_string_with_format(row, 0, &u.id, &f.text)?;
        ws.write_string_with_format(row, 1, &u.name, &f.text)?;
        for (j, v) in [
            u.points_led,
            u.points_supported,
            u.records,
            u.items_open,
            u.items_closed,
        ]
        .into_iter()
        .enumerate()
        {
            ws.write_number_with_format(row, col(2 + j), n(v), &f.number)?;
        }
        ratio_cells(ws, row, 7, u.rectification, f)?;
        for (j, v) in [u.overdue, u.due_soon, u.late, u.gaps]
            .into_iter()
            .enumerate()
        {
            ws.write_number_with_format(row, col(10 + j), n(v), &f.number)?;
        }
    }
    ws.autofilter(header_row, 0, row, col(unit_head.len() - 1))?;
    row += 1;
    ws.write_string(row, 0, clerk::rectification_note(lang))?;

    if !o.upcoming.is_empty() {
        row += 2;
        let t = clerk::upcoming_title(o.due_soon_days, o.upcoming.len(), lang);
        ws.write_string_with_format(row, 0, t, &f.title)?;
        row += 1;
        heads(
            ws,
            row,
            &[
                W::Unit.text(lang),
                W::ItemId.text(lang),
                W::ItemKind.text(lang),
                W::Point.text(lang),
                W::Title.text(lang),
                W::Due.text(lang),
                W::DaysLeft.text(lang),
            ],
        )?;
        for u in &o.upcoming {
            row += 1;
            ws.write_string_with_format(row, 0, &u.unit_name, &f.text)?;
            ws.write_string_with_format(row, 1, &u.item, &f.text)?;
            ws.write_string_with_format(row, 2, clerk::item_kind(u.kind, lang), &f.text)?;
            ws.write_string_with_format(row, 3, &u.ref_, &f.text)?;
            ws.write_string_with_format(row, 4, &u.title, &f.text)?;
            ws.write_datetime_with_format(row, 5, u.due, &f.date)?;
            #[allow(clippy::cast_precision_loss)]
            ws.write_number_with_format(row, 6, u.days_left as f64, &f.number)?;
        }
    }

    row += 2;
    ws.write_string_with_format(
        row,
        0,
        format!("{} ({})", L::ByPoint.text(lang), o.points.len()),
        &f.title,
    )?;
    row += 1;
    heads(
        ws,
        row,
        &[
            L::PointId.text(lang),
            L::No.text(lang),
            L::PointTitle.text(lang),
            L::Lead.text(lang),
            L::Records.text(lang),
            L::PeriodsMet.text(lang),
            L::PeriodsTotal.text(lang),
            clerk::Word::MarkPending.text(lang),
            L::Late.text(lang),
            L::Overdue.text(lang),
            L::ItemsOpen.text(lang),
            L::Status.text(lang),
        ],
    )?;
    ws.set_row_height(row, 30)?;
    for p in &o.points {
        row += 1;
        ws.write_string_with_format(row, 0, &p.id, &f.text)?;
        match p.no {
            Some(no) => ws.write_number_with_format(row, 1, f64::from(no), &f.number)?,
            None => ws.write_blank(row, 1, &f.text)?,
        };
        ws.write_string_with_format(row, 2, &p.title, &f.wrap)?;
        ws.write_string_with_format(row, 3, p.lead_names.join("、"), &f.text)?;
        for (j, v) in [
            p.records,
            p.periods.met,
            p.periods.total(),
            p.periods.pending,
            p.periods.late,
            p.periods.overdue,
            p.items_open,
        ]
        .into_iter()
        .enumerate()
        {
            ws.write_number_with_format(row, col(4 + j), n(v), &f.number)?;
        }
        let status = crate::render::summary::status_text(p.status, lang);
        ws.write_string_with_format(row, 11, status, &f.text)?;
    }

    row += 2;
    ws.write_string_with_format(row, 0, L::PlanTotals.text(lang), &f.title)?;
    row += 1;
    heads(ws, row, &[L::Measure.text(lang), L::Value.text(lang)])?;
    let p = &o.plan;
    let totals = [
        (L::Points, p.points),
        (L::Units, p.units),
        (L::Records, p.records),
        (L::ItemsOpen, p.items_open),
        (L::ItemsClosed, p.items_closed),
    ];
    for (label, v) in totals {
        row += 1;
        ws.write_string_with_format(row, 0, label.text(lang), &f.text)?;
        ws.write_number_with_format(row, 1, n(v), &f.number)?;
    }
    for (label, v) in [
        (W::RectClosed.text(lang), p.rectification.done),
        (W::RectTotal.text(lang), p.rectification.total),
    ] {
        row += 1;
        ws.write_string_with_format(row, 0, label, &f.text)?;
        ws.write_number_with_format(row, 1, n(v), &f.number)?;
    }
    row += 1;
    ws.write_string_with_format(row, 0, L::RectificationRate.text(lang), &f.text)?;
    match p.rectification.permille() {
        Some(pm) =>
        {
            #[allow(clippy::cast_precision_loss)]
            ws.write_number_with_format(row, 1, pm as f64 / 1000.0, &f.percent)?
        }
        None => ws.write_blank(row, 1, &f.text)?,
    };
    for (label, v) in [
        (L::Overdue, p.overdue),
        (L::DueSoon, p.due_soon),
        (L::Late, p.late),
        (L::Gaps, p.gaps),
    ] {
        row += 1;
        ws.write_string_with_format(row, 0, label.text(lang), &f.text)?;
        ws.write_number_with_format(row, 1, n(v), &f.number)?;
    }

    for (j, w) in [12.0, 22.0, 40.0, 22.0].into_iter().enumerate() {
        ws.set_column_width(col(j), w)?;
    }
    for j in 4..14 {
        ws.set_column_width(j, 10.0)?;
    }
    ws.set_freeze_panes(header_row + 1, 0)?;
    page_setup(ws, title, header_row, lang)
}

/// The workbook, in memory.
pub fn build(book: &Book<'_>) -> Result<Workbook, XlsxError> {
    let lang = book.lang;
    let f = Formats::new();
    let mut wb = Workbook::new();
    let plan = book.overview.plan.title.clone().unwrap_or_default();
    let when = match &book.overview.scope {
        Some(s) => clerk::year_line(s.year, &iso(s.first), &iso(s.as_of), lang),
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
    let findings = super::finding_rows(book.repo, book.findings, lang);
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
pub fn to_bytes(book: &Book<'_>) -> Result<Vec<u8>, XlsxError> {
    build(book)?.save_to_buffer()
}
