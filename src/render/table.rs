//! The terminal tables of `check` and `summary`. comfy-table draws them; this
//! module decides their column widths, for two reasons:
//!
//! - **Width** (issue 10). Given a width (a terminal's, or `--width`), a table
//!   fits it: text columns wrap, down to a floor each; when even that is too
//!   wide, the columns holding nothing in any row are dropped, then each
//!   table's optional columns in its own order (the `optional` ranks of its
//!   [`Column`]s). Without a width (a pipe, a file, CI) every column is as wide
//!   as its content, as comfy-table lays it out by itself, byte for byte.
//! - **Memory** (issue 13). comfy-table keeps every row as cells and draws the
//!   whole table as one string: `check --all` with a million findings took
//!   9 GB. Here the rows are made twice, by the caller's function: once to
//!   measure (each row's cells dropped at once), then to draw, [`CHUNK`] rows
//!   at a time with the measured widths fixed, each chunk written before the
//!   next is made. The chunks are joined by leaving out the bottom border of
//!   one and the top border of the next (the style has no line between rows),
//!   so the output is the table comfy-table would have drawn whole.
//!
//! Widths are display columns (`unicode-width`, the measure comfy-table itself
//! uses): a Chinese character counts 2, and comfy-table wraps Chinese text
//! between characters, never through one.

use std::io::{self, Write};

use comfy_table::{
    Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table, Width, presets,
};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::escape::clean_lines;

/// Rows drawn at once. Small enough that a chunk's cells and drawing are a
/// few hundred kilobytes; large enough that the default 200-row tables are
/// one chunk.
pub(crate) const CHUNK: usize = 256;

/// One column of a table, and how it gives way to a narrow terminal.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Column<'a> {
    header: &'a str,
    right: bool,
    /// Text that may wrap: the narrowest it is laid out, in display columns
    /// (its content's width when that is less). `None`: never wrapped
    /// (numbers, dates, ids); only its header may wrap.
    wrap: Option<usize>,
    /// Left out when the table cannot fit otherwise, lowest rank first.
    /// `None`: always shown.
    optional: Option<u8>,
}

impl<'a> Column<'a> {
    pub(crate) fn new(header: &'a str) -> Column<'a> {
        Column {
            header,
            right: false,
            wrap: None,
            optional: None,
        }
    }

    /// Right-aligned (numbers), header included.
    pub(crate) fn right(mut self) -> Self {
        self.right = true;
        self
    }

    /// Text that may wrap down to `floor` display columns.
    pub(crate) fn wraps(mut self, floor: usize) -> Self {
        self.wrap = Some(floor);
        self
    }

    /// Left out, after the columns of lower rank, when the table does not fit.
    pub(crate) fn optional(mut self, rank: u8) -> Self {
        self.optional = Some(rank);
        self
    }
}

/// Floors of the wrapping columns, shared by the tables so that alike columns
/// give way alike: a unit name, a title, a list of names or a sentence.
pub(crate) const UNIT: usize = 12;
pub(crate) const TITLE: usize = 16;
pub(crate) const TEXT: usize = 12;
/// What any text column is narrowed to when a table is still too wide with
/// its optional columns left out: three Chinese characters a line.
const LEAST: usize = 6;

/// Writes a table of `rows` rows, row `i` being `row(i, short)` (one string
/// per column, in the order of `columns`; it is called twice or three times
/// per row). `width`: the display columns to fit, or `None` for the full
/// width. `short` is true only when the table is narrowed to fit: a cell may
/// then give a shorter form of a long list (the first names and a count).
/// Lines are cleaned of control characters (titles are the user's).
pub(crate) fn write(
    out: &mut dyn Write,
    columns: &[Column<'_>],
    rows: usize,
    row: &dyn Fn(usize, bool) -> Vec<String>,
    width: Option<u16>,
) -> io::Result<()> {
    let whole = |i| row(i, false);
    let measured = Measure::of(columns, rows, &whole);
    let total = width.map(usize::from);
    if total.is_none_or(|t| measured.natural.iter().sum::<usize>() + overhead(columns.len()) <= t) {
        return draw(out, columns, &Layout::natural(&measured), rows, &whole);
    }
    let short = |i| row(i, true);
    let measured = Measure::of(columns, rows, &short);
    let layout = Layout::fit(columns, &measured, total.unwrap_or(usize::MAX));
    draw(out, columns, &layout, rows, &short)
}

/// What the first pass learns of each column.
#[derive(Debug)]
struct Measure {
    /// Widest line of the header and the cells, at least 1: comfy-table's own
    /// content width.
    natural: Vec<usize>,
    /// Widest line of the cells alone.
    cells: Vec<usize>,
    /// Whether any row has something in the column.
    filled: Vec<bool>,
}

/// Display width of the widest line of a cell (comfy-table splits a cell's
/// content at line breaks).
fn cell_width(s: &str) -> usize {
    s.split('\n').map(UnicodeWidthStr::width).max().unwrap_or(0)
}

impl Measure {
    fn of(columns: &[Column<'_>], rows: usize, row: &dyn Fn(usize) -> Vec<String>) -> Measure {
        let n = columns.len();
        let mut m = Measure {
            natural: columns
                .iter()
                .map(|c| cell_width(c.header).max(1))
                .collect(),
            cells: vec![0; n],
            filled: vec![false; n],
        };
        for i in 0..rows {
            for (c, cell) in row(i).iter().enumerate().take(n) {
                let w = cell_width(cell);
                m.natural[c] = m.natural[c].max(w.max(1));
                m.cells[c] = m.cells[c].max(w);
                m.filled[c] |= !cell.is_empty();
            }
        }
        m
    }
}

/// Which columns are shown, and the content width of each.
#[derive(Debug, PartialEq, Eq)]
struct Layout {
    shown: Vec<usize>,
    widths: Vec<usize>,
    /// Some cell may be wider than its column: text is wrapped ([`wrap`]).
    narrowed: bool,
}

/// Borders and padding of `k` columns: `│ a ┆ b │` is 3 per column and 1.
fn overhead(k: usize) -> usize {
    3 * k + 1
}

/// The narrowest a header is wrapped to: an English word is never split; a
/// Chinese one of more than two characters may break between characters,
/// into two lines at most.
fn header_floor(header: &str) -> usize {
    header
        .split(' ')
        .map(|word| {
            let w = word.width();
            if word.is_ascii() || w <= 4 {
                // A word, or two Chinese characters (`逾期`), kept whole.
                w
            } else {
                // Half, rounded up to whole double-width characters.
                let half = w.div_ceil(2);
                half + half % 2
            }
        })
        .max()
        .unwrap_or(0)
        .max(1)
}

impl Layout {
    /// Every column, as wide as its content.
    fn natural(m: &Measure) -> Layout {
        Layout {
            shown: (0..m.natural.len()).collect(),
            widths: m.natural.clone(),
            narrowed: false,
        }
    }

    /// Every column as wide as its content when that fits in `total`; else
    /// wrapped text, and when even the narrowest layout is too wide, first
    /// the columns empty in every row and then the optional ones left out.
    /// When nothing more can be left out, text columns narrower than their
    /// floors ([`LEAST`]); when even that is too wide (a terminal of some 45
    /// columns or less), that narrowest layout, wider than `total`.
    fn fit(columns: &[Column<'_>], m: &Measure, total: usize) -> Layout {
        let min: Vec<usize> = columns
            .iter()
            .enumerate()
            .map(|(c, col)| {
                let floor = header_floor(col.header);
                let least = match col.wrap {
                    None => m.cells[c].max(floor),
                    Some(f) => m.cells[c].min(f).max(floor),
                };
                least.clamp(1, m.natural[c])
            })
            .collect();
        let sum = |shown: &[usize], of: &[usize]| shown.iter().map(|&c| of[c]).sum::<usize>();
        let mut shown: Vec<usize> = (0..columns.len()).collect();
        if sum(&shown, &m.natural) + overhead(shown.len()) <= total {
            return Layout::natural(m);
        }
        // A column with nothing in it holds only its header.
        let filled: Vec<usize> = shown.iter().copied().filter(|&c| m.filled[c]).collect();
        if !filled.is_empty() {
            shown = filled;
        }
        loop {
            let room = total.saturating_sub(overhead(shown.len()));
            if sum(&shown, &m.natural) <= room {
                let widths = shown.iter().map(|&c| m.natural[c]).collect();
                return Layout {
                    shown,
                    widths,
                    narrowed: false,
                };
            }
            if sum(&shown, &min) <= room {
                let widths = share(&shown, &min, &m.natural, room);
                return Layout {
                    shown,
                    widths,
                    narrowed: true,
                };
            }
            let next = shown
                .iter()
                .enumerate()
                .filter_map(|(at, &c)| columns[c].optional.map(|rank| (rank, at)))
                .min();
            match next {
                Some((_, at)) => {
                    shown.remove(at);
                }
                None => {
                    // Nothing more to leave out: the text columns go below
                    // their floors, down to a few characters.
                    let least: Vec<usize> = columns
                        .iter()
                        .enumerate()
                        .map(|(c, col)| match col.wrap {
                            Some(_) => {
                                min[c].min(m.cells[c].min(LEAST).max(header_floor(col.header)))
                            }
                            None => min[c],
                        })
                        .collect();
                    let widths = if sum(&shown, &least) <= room {
                        share(&shown, &least, &m.natural, room)
                    } else {
                        shown.iter().map(|&c| least[c]).collect()
                    };
                    return Layout {
                        shown,
                        widths,
                        narrowed: true,
                    };
                }
            }
        }
    }
}

/// Widths from `min` up, sharing `room` equally among the columns still
/// narrower than their content (water-filling): a short column is given what
/// it needs and the rest goes to the long ones. Left to right for the last
/// odd columns, so the result is the same on every run.
fn share(shown: &[usize], min: &[usize], natural: &[usize], room: usize) -> Vec<usize> {
    let mut widths: Vec<usize> = shown.iter().map(|&c| min[c]).collect();
    let mut spare = room - widths.iter().sum::<usize>();
    loop {
        let wanting: Vec<usize> = (0..shown.len())
            .filter(|&i| widths[i] < natural[shown[i]])
            .collect();
        if wanting.is_empty() || spare == 0 {
            return widths;
        }
        let each = spare / wanting.len();
        if each == 0 {
            for &i in wanting.iter().take(spare) {
                widths[i] += 1;
            }
            return widths;
        }
        for &i in &wanting {
            let give = each.min(natural[shown[i]] - widths[i]);
            widths[i] += give;
            spare -= give;
        }
    }
}

/// Characters a line does not start with (Chinese typesetting's 避头:
/// closing punctuation), and characters it does not end with (避尾: opening).
const NO_START: &str = "，。、；：？！）》」』】〕〉”’…·%,.;:?!)]}";
const NO_END: &str = "（《「『【〔〈“‘([{";

/// Whether a line may break between `a` and `b`: at a space, or next to a
/// double-width (Chinese) character, but never before closing punctuation
/// or after opening punctuation. English words are not split.
fn may_break(a: char, b: char) -> bool {
    if a == ' ' || b == ' ' {
        return true;
    }
    let wide = |c: char| c.width().unwrap_or(0) >= 2;
    (wide(a) || wide(b)) && !NO_START.contains(b) && !NO_END.contains(a)
}

/// `text` broken into lines of at most `width` display columns, the way a
/// Chinese reader expects: between characters, with no comma or closing
/// quote at the start of a line and no opening one at its end; English at
/// spaces. comfy-table's own wrapping splits at spaces and then anywhere,
/// so a line could start with `，`. A word longer than the line is cut.
fn wrap(text: &str, width: usize) -> String {
    let width = width.max(2);
    let mut lines: Vec<String> = Vec::new();
    for line in text.split('\n') {
        if line.width() <= width {
            lines.push(line.to_owned());
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        let cw = |c: char| c.width().unwrap_or(0);
        let mut start = 0;
        while start < chars.len() {
            let (mut end, mut used, mut last_break) = (start, 0, None);
            while end < chars.len() && used + cw(chars[end]) <= width {
                if end > start && may_break(chars[end - 1], chars[end]) {
                    last_break = Some(end);
                }
                used += cw(chars[end]);
                end += 1;
            }
            if end == chars.len() {
                lines.push(chars[start..].iter().collect());
                break;
            }
            let mut at = if end > start && may_break(chars[end - 1], chars[end]) {
                end
            } else {
                // No break allowed in the line: cut it where it is full (at
                // least one character, so the loop moves on).
                last_break.unwrap_or(end.max(start + 1))
            };
            // No last line of one Chinese character (`整改力` / `度`): one
            // more goes down with it when the line may break there.
            if at + 1 == chars.len() && cw(chars[at]) >= 2 {
                // The line's end before the break, spaces left out.
                let mut j = at;
                while j > start && chars[j - 1] == ' ' {
                    j -= 1;
                }
                if j >= start + 2 && may_break(chars[j - 2], chars[j - 1]) {
                    at = j - 1;
                }
            }
            let piece: String = chars[start..at].iter().collect();
            lines.push(piece.trim_end_matches(' ').to_owned());
            start = at;
            while start < chars.len() && chars[start] == ' ' {
                start += 1;
            }
        }
    }
    lines.join("\n")
}

/// A sentence around the tables (a heading, a note) wrapped to the width of
/// the terminal the tables fit, by the same rules as a cell; as it is
/// without a width.
pub(crate) fn fill(text: &str, width: Option<u16>) -> std::borrow::Cow<'_, str> {
    match width {
        Some(w) => wrap(text, usize::from(w)).into(),
        None => text.into(),
    }
}

/// comfy-table's width of a column whose content is `content` wide (it counts
/// the padding in).
fn fixed(content: usize) -> ColumnConstraint {
    let w = u16::try_from(content).unwrap_or(u16::MAX);
    ColumnConstraint::Absolute(Width::Fixed(w.saturating_add(2)))
}

fn draw(
    out: &mut dyn Write,
    columns: &[Column<'_>],
    layout: &Layout,
    rows: usize,
    row: &dyn Fn(usize) -> Vec<String>,
) -> io::Result<()> {
    let chunks = rows.div_ceil(CHUNK).max(1);
    for k in 0..chunks {
        let mut t = Table::new();
        // Renderers are pure: the caller passed the width, so comfy-table
        // must not ask the terminal for one.
        t.force_no_tty()
            .load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Disabled);
        // Wrapped here when narrowed, so comfy-table finds every line fits.
        let cell = |text: String, at: usize| match layout.narrowed {
            true => Cell::new_owned(wrap(&text, layout.widths[at])),
            false => Cell::new_owned(text),
        };
        if k == 0 {
            t.set_header(
                (layout.shown.iter().enumerate())
                    .map(|(at, &c)| cell(columns[c].header.into(), at)),
            );
        }
        for i in k * CHUNK..rows.min((k + 1) * CHUNK) {
            let mut cells = row(i);
            t.add_row(layout.shown.iter().enumerate().map(|(at, &c)| {
                cell(cells.get_mut(c).map(std::mem::take).unwrap_or_default(), at)
            }));
        }
        for (at, (&c, &w)) in layout.shown.iter().zip(&layout.widths).enumerate() {
            if let Some(col) = t.column_mut(at) {
                col.set_constraint(fixed(w));
                if columns[c].right {
                    col.set_cell_alignment(CellAlignment::Right);
                }
            }
        }
        let lines: Vec<String> = t.lines().collect();
        let from = usize::from(k > 0);
        let to = lines.len() - usize::from(k + 1 < chunks);
        for line in &lines[from..to] {
            writeln!(out, "{}", clean_lines(line))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(n: usize) -> impl Fn(usize) -> Vec<String> {
        move |i| {
            vec![
                format!("单位{i}"),
                if i % 7 == 0 {
                    String::new()
                } else {
                    "巡察移交：反映人民街党工委违规发放津补贴问题"
                        .chars()
                        .take(i % 23)
                        .collect()
                },
                (i * 37 % 1000).to_string(),
                if i == n / 2 {
                    "a\nlonger line".into()
                } else {
                    "x".into()
                },
            ]
        }
    }

    fn columns() -> [Column<'static>; 4] {
        [
            Column::new("单位").wraps(UNIT),
            Column::new("义务/事项").wraps(TITLE),
            Column::new("Days overdue").right().optional(2),
            Column::new("Note").optional(1),
        ]
    }

    /// The same table drawn whole by comfy-table, as the renderers did.
    fn whole(columns: &[Column<'_>], n: usize, row: &dyn Fn(usize) -> Vec<String>) -> String {
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Disabled)
            .set_header(columns.iter().map(|c| Cell::new(c.header)));
        for (i, c) in columns.iter().enumerate() {
            if c.right
                && let Some(col) = t.column_mut(i)
            {
                col.set_cell_alignment(CellAlignment::Right);
            }
        }
        for i in 0..n {
            t.add_row(row(i));
        }
        format!("{t}\n")
    }

    fn drawn(n: usize, width: Option<u16>) -> String {
        let mut out = Vec::new();
        let row = rows(n);
        write(&mut out, &columns(), n, &|i, _| row(i), width).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn chunks_join_into_the_table_comfy_table_draws_whole() {
        for n in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 5] {
            assert_eq!(drawn(n, None), whole(&columns(), n, &rows(n)), "{n} rows");
        }
    }

    #[test]
    fn a_width_the_table_fits_in_changes_nothing() {
        let full = drawn(40, None);
        let widest = full.lines().map(UnicodeWidthStr::width).max().unwrap();
        assert_eq!(drawn(40, Some(widest as u16)), full);
        assert_eq!(drawn(40, Some(500)), full);
        assert_ne!(drawn(40, Some(widest as u16 - 1)), full);
    }

    #[test]
    fn narrow_tables_wrap_chinese_by_display_width() {
        for width in [30u16, 36, 40, 44, 50, 61] {
            let text = drawn(3 * CHUNK, Some(width));
            for line in text.lines() {
                assert!(line.width() <= usize::from(width), "{width}: {line}");
            }
            // Every line of one table is as wide as the others.
            let first = text.lines().next().unwrap().width();
            assert!(text.lines().all(|l| l.width() == first), "{width}\n{text}");
        }
    }

    #[test]
    fn columns_are_dropped_empty_first_then_by_rank() {
        let m = |cells: [usize; 4], filled: [bool; 4]| Measure {
            natural: cells
                .iter()
                .zip(columns())
                .map(|(&w, c)| w.max(c.header.width()).max(1))
                .collect(),
            cells: cells.to_vec(),
            filled: filled.to_vec(),
        };
        let full = m([10, 40, 3, 4], [true; 4]);
        // All of it: 10 + 40 + 12 + 4 + 13.
        assert_eq!(Layout::fit(&columns(), &full, 79), Layout::natural(&full));
        // Wrapped: the title gives way first, the header of the days too.
        let l = Layout::fit(&columns(), &full, 60);
        assert_eq!(l.shown, [0, 1, 2, 3]);
        assert_eq!(l.widths.iter().sum::<usize>() + overhead(4), 60);
        // Too narrow for all four: the note (rank 1) goes, then the days.
        assert_eq!(Layout::fit(&columns(), &full, 50).shown, [0, 1, 2, 3]);
        assert_eq!(Layout::fit(&columns(), &full, 49).shown, [0, 1, 2]);
        assert_eq!(Layout::fit(&columns(), &full, 40).shown, [0, 1]);
        // Nothing more to leave out: text below its floor, then the
        // narrowest layout, wider than asked.
        let l = Layout::fit(&columns(), &full, 30);
        assert_eq!((l.shown, l.widths), (vec![0, 1], vec![10, 13]));
        let l = Layout::fit(&columns(), &full, 10);
        assert_eq!((l.shown, l.widths), (vec![0, 1], vec![6, 6]));
        // An empty column goes before any optional one.
        let empty = m([10, 40, 3, 0], [true, true, true, false]);
        assert_eq!(Layout::fit(&columns(), &empty, 60).shown, [0, 1, 2]);
    }

    #[test]
    fn chinese_lines_start_with_no_comma_and_end_with_no_opening_quote() {
        assert_eq!(
            wrap("党组织生活各项制度，认真开展", 18),
            "党组织生活各项制\n度，认真开展"
        );
        assert_eq!(
            wrap("基层党组织的“三会一课”", 14),
            "基层党组织的\n“三会一课”"
        );
        assert_eq!(
            wrap("基层党组织“三会一课”记录", 18),
            "基层党组织“三会一\n课”记录"
        );
        assert_eq!(wrap("WP32 加大问题整改力度", 12), "WP32 加大问\n题整改力度");
        // No lone last character.
        assert_eq!(wrap("WP32 加大问题整改力度", 19), "WP32 加大问题整改\n力度");
        assert_eq!(wrap("工作记实", 6), "工作\n记实");
        assert_eq!(wrap("销号于 11-02，迟 8 天", 19), "销号于 11-02，迟\n8 天");
        assert_eq!(
            wrap("reported 2019-01-10, 10 days late", 16),
            "reported\n2019-01-10, 10\ndays late"
        );
        assert_eq!(wrap("half-year-report", 8), "half-yea\nr-report");
        assert_eq!(wrap("short\n两行", 8), "short\n两行");
        for text in ["，，，，，，", "“““““““", "a，b，c，d，e，f"] {
            assert!(wrap(text, 4).lines().all(|l| l.width() <= 4), "{text}");
        }
    }

    #[test]
    fn headers_wrap_between_words_or_chinese_characters() {
        assert_eq!(header_floor("Days overdue"), 7);
        assert_eq!(header_floor("逾期天数"), 4);
        assert_eq!(header_floor("逾期"), 4);
        assert_eq!(header_floor("未销号事项"), 6);
        assert_eq!(header_floor("已有/应有"), 6);
        assert_eq!(header_floor(""), 1);
    }
}
