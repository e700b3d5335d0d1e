//! Calendar arithmetic for ledger deadlines.
//!
//! Everything here is pure and total on user text: parsers return `Option`
//! instead of failing loudly, so the CLI can turn a `None` into a diagnostic
//! that points at the offending field (and, for dates, a "did you mean"
//! suggestion from [`suggest_iso`]).
//!
//! Dates are plain calendar days ([`chrono::NaiveDate`]): deadlines in a
//! ledger (台账) are days, not instants, so time zones never enter the picture.

use std::cmp::Ordering;
use std::fmt;

use chrono::{Datelike, Days, Months};

pub use chrono::NaiveDate as Date;

// ---------------------------------------------------------------------------
// Internal helpers
// ---------------------------------------------------------------------------

/// Whether `year` has a February 29th in the proleptic Gregorian calendar.
fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` (1–12) of `year`; 0 for a month outside 1–12 so
/// callers can reject it without a separate check.
fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Builds a date the caller has already proven to exist.
///
/// Every call site passes a year taken from an existing `Date` (or from a
/// `Period`, whose year always is), a month in 1–12 and a day within that
/// month; chrono covers every such day because its range consists of whole
/// years. Funnelling every such construction through this one `expect`
/// keeps the invariant auditable in one place.
fn ymd(year: i32, month: u32, day: u32) -> Date {
    Date::from_ymd_opt(year, month, day)
        .expect("internal date construction: year in chrono's range, month 1-12, day within month")
}

/// The first and last years chrono can represent in full.
fn year_range() -> std::ops::RangeInclusive<i32> {
    Date::MIN.year()..=Date::MAX.year()
}

/// Writes a year the way chrono's `%Y` does, so labels and ISO dates agree
/// with chrono's own output even outside 0000–9999 (where ISO 8601 requires
/// an explicit sign).
fn write_year(f: &mut impl fmt::Write, year: i32) -> fmt::Result {
    if (0..=9999).contains(&year) {
        write!(f, "{year:04}")
    } else if year < 0 {
        write!(f, "-{:04}", year.unsigned_abs())
    } else {
        write!(f, "+{year:04}")
    }
}

/// Parses a run of exactly `len` ASCII digits. `str::parse` alone would let
/// through a leading `+`, which none of our formats allow.
fn fixed_digits(s: &str, len: usize) -> Option<u32> {
    if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

/// Strict ISO calendar date `YYYY-MM-DD` (4-digit year, 2-digit month and day, a real day).
///
/// Strict on purpose: ledgers are diffed and sorted as text, so only one
/// spelling per day is allowed in the files. Near misses are the job of
/// [`suggest_iso`], which turns them into a hint instead of silently
/// accepting them.
pub fn parse_iso_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    // Byte 4 and 7 are ASCII, so these slices fall on char boundaries.
    let year = fixed_digits(&s[0..4], 4)?;
    let month = fixed_digits(&s[5..7], 2)?;
    let day = fixed_digits(&s[8..10], 2)?;
    Date::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// A 1.1 window label that is an ISO 8601 interval of two dates,
/// `2018-07-10/2019-01-10` (own terms, regular gaps, event follow-ups:
/// docs/format.md §1.1.13): its first and last day.
pub fn parse_interval(s: &str) -> Option<(Date, Date)> {
    let (a, b) = s.split_once('/')?;
    Some((parse_iso_date(a)?, parse_iso_date(b)?))
}

/// Whether a finding's period label falls in the calendar year `[first,
/// last]`: a calendar period by its first day, an interval when it overlaps
/// the year, the term (or anything else) always.
pub fn label_in_year(label: &str, first: Date, last: Date) -> bool {
    if let Some(p) = Period::parse_label(label) {
        return p.first_day() >= first && p.first_day() <= last;
    }
    match parse_interval(label) {
        Some((start, end)) => start <= last && end >= first,
        None => true,
    }
}

/// The years a date in the files (or `--as-of`) may have. Ledgers of a
/// district office span decades, not millennia; the bound keeps every
/// computed deadline (a period's end plus a window, an extension) a 4-digit
/// year, as the JSON schema says, and the number of periods small.
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2999;

/// Whether `d` is within [`MIN_YEAR`]–[`MAX_YEAR`].
pub fn in_range(d: Date) -> bool {
    (MIN_YEAR..=MAX_YEAR).contains(&chrono::Datelike::year(&d))
}

/// For a mistyped date, the ISO form it most likely means, if that is a real day:
/// `2018/6/30`, `2018.6.30`, `2018-6-30`, `2018年6月30日`, `2018年6月30号`,
/// full-width digits `２０１８-０６-３０`, surrounding spaces → `Some("2018-06-30")`.
/// `None` when nothing sensible (e.g. `2018-02-30`, `yesterday`).
///
/// Only year-first forms are recognised: `30/6/2018` or `6/30/18` could mean
/// different days depending on the writer's locale, and a wrong hint is worse
/// than none. The compact ISO basic form `20180630` is recognised too. An
/// input that already is ISO comes back unchanged, so callers should only ask
/// after [`parse_iso_date`] has failed.
pub fn suggest_iso(s: &str) -> Option<String> {
    enum Tok {
        Num(String),
        Sep(char),
    }

    let mut toks: Vec<Tok> = Vec::new();
    // `str::trim` and `char::is_whitespace` also cover the ideographic space
    // U+3000 that Chinese input methods produce.
    let mut in_num = false;
    for c in s.trim().chars() {
        let c = match c {
            '０'..='９' => char::from(b'0' + (u32::from(c) - u32::from('０')) as u8),
            '－' => '-',
            '／' => '/',
            '．' => '.',
            other => other,
        };
        if c.is_ascii_digit() {
            match toks.last_mut() {
                Some(Tok::Num(n)) if in_num => n.push(c),
                _ => toks.push(Tok::Num(c.to_string())),
            }
            in_num = true;
        } else if c.is_whitespace() {
            in_num = false;
        } else if matches!(c, '-' | '/' | '.' | '年' | '月' | '日' | '号') {
            toks.push(Tok::Sep(c));
            in_num = false;
        } else {
            return None;
        }
    }

    let (y, m, d): (&str, &str, &str) = match toks.as_slice() {
        [Tok::Num(compact)] if compact.len() == 8 => {
            (&compact[0..4], &compact[4..6], &compact[6..8])
        }
        [
            Tok::Num(y),
            Tok::Sep(a),
            Tok::Num(m),
            Tok::Sep(b),
            Tok::Num(d),
        ] if a == b && matches!(a, '-' | '/' | '.') => (y, m, d),
        // The trailing 日/号 is optional: "2018年6月30" is still unambiguous.
        [
            Tok::Num(y),
            Tok::Sep('年'),
            Tok::Num(m),
            Tok::Sep('月'),
            Tok::Num(d),
        ]
        | [
            Tok::Num(y),
            Tok::Sep('年'),
            Tok::Num(m),
            Tok::Sep('月'),
            Tok::Num(d),
            Tok::Sep('日' | '号'),
        ] => (y, m, d),
        _ => return None,
    };
    if y.len() != 4 || !(1..=2).contains(&m.len()) || !(1..=2).contains(&d.len()) {
        return None;
    }
    let date = Date::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
    Some(iso(date))
}

/// Format as YYYY-MM-DD.
///
/// The inverse of [`parse_iso_date`] for years 0000–9999; outside that range
/// the year carries a sign as ISO 8601 (and chrono) require, which the strict
/// parser then rightly refuses.
pub fn iso(d: Date) -> String {
    let mut s = String::with_capacity(10);
    // Writing into a String cannot fail.
    let _ = write_year(&mut s, d.year());
    let _ = fmt::Write::write_fmt(&mut s, format_args!("-{:02}-{:02}", d.month(), d.day()));
    s
}

/// Days from a to b (b − a), signed.
///
/// Signed so that "overdue by 3 days" and "due in 3 days" are one subtraction.
pub fn days_between(a: Date, b: Date) -> i64 {
    b.signed_duration_since(a).num_days()
}

// ---------------------------------------------------------------------------
// Cadence and Period
// ---------------------------------------------------------------------------

/// How often a recurring obligation falls due (月度 / 季度 / 半年度 / 年度).
///
/// The derived order (shortest first) is what breaks ties between periods
/// starting on the same day, so a month sorts before the quarter that opens
/// with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cadence {
    Month,
    Quarter,
    HalfYear,
    Year,
}

impl Cadence {
    /// All cadences, shortest first; handy for exhaustive checks and help text.
    pub const ALL: [Cadence; 4] = [
        Cadence::Month,
        Cadence::Quarter,
        Cadence::HalfYear,
        Cadence::Year,
    ];

    /// Exact lowercase keywords only, so a ledger has one spelling per
    /// cadence and typos surface as errors rather than guesses.
    pub fn parse(s: &str) -> Option<Cadence> {
        match s {
            "month" => Some(Cadence::Month),
            "quarter" => Some(Cadence::Quarter),
            "half-year" => Some(Cadence::HalfYear),
            "year" => Some(Cadence::Year),
            _ => None,
        }
    }

    /// The keyword [`Cadence::parse`] accepts, for messages and round-trips.
    pub fn as_str(self) -> &'static str {
        match self {
            Cadence::Month => "month",
            Cadence::Quarter => "quarter",
            Cadence::HalfYear => "half-year",
            Cadence::Year => "year",
        }
    }

    /// Length in calendar months; every period is a whole number of months
    /// aligned to January, which is what makes the arithmetic below simple.
    fn months(self) -> u32 {
        match self {
            Cadence::Month => 1,
            Cadence::Quarter => 3,
            Cadence::HalfYear => 6,
            Cadence::Year => 12,
        }
    }

    /// How many periods of this cadence make up one year.
    fn per_year(self) -> u32 {
        12 / self.months()
    }
}

impl fmt::Display for Cadence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A calendar period. Ordering: by first day, then cadence.
///
/// Invariant: `year` is a year chrono represents in full and `index` is in
/// `1..=cadence.per_year()`. The fields are private so every `Period` comes
/// from a real date or a validated label, which is what lets the accessors
/// return plain `Date`s.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    cadence: Cadence,
    year: i32,
    /// Month 1–12, quarter 1–4, half 1–2, or 1 for a year.
    index: u32,
}

impl Period {
    /// The period a day belongs to; every day belongs to exactly one period
    /// of each cadence, so this never fails.
    pub fn containing(cadence: Cadence, d: Date) -> Period {
        Period {
            cadence,
            year: d.year(),
            index: (d.month() - 1) / cadence.months() + 1,
        }
    }

    /// Implied by the label form, so callers rarely need to carry it separately.
    pub fn cadence(&self) -> Cadence {
        self.cadence
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    fn first_month(&self) -> u32 {
        (self.index - 1) * self.cadence.months() + 1
    }

    fn last_month(&self) -> u32 {
        self.index * self.cadence.months()
    }

    pub fn first_day(&self) -> Date {
        // Struct invariant: full year in range, month 1-12, day 1.
        ymd(self.year, self.first_month(), 1)
    }

    pub fn last_day(&self) -> Date {
        let month = self.last_month();
        // Struct invariant: full year in range, month 1-12, its own last day.
        ymd(self.year, month, days_in_month(self.year, month))
    }

    /// First day of the last calendar month of the period (window: last-month).
    ///
    /// Obligations that may only be done near the end of a period (e.g. a
    /// quarterly check performed in its final month) open on this day.
    pub fn last_month_start(&self) -> Date {
        // Struct invariant: full year in range, month 1-12, day 1.
        ymd(self.year, self.last_month(), 1)
    }

    /// Compared by period identity rather than by date range, so it agrees
    /// with [`Period::containing`] by construction.
    pub fn contains(&self, d: Date) -> bool {
        Period::containing(self.cadence, d) == *self
    }

    /// The following period, or `None` after the last period chrono can
    /// represent (year 262 142). User input never gets near that, but the
    /// check keeps iteration code honest.
    pub fn checked_next(&self) -> Option<Period> {
        if self.index < self.cadence.per_year() {
            Some(Period {
                index: self.index + 1,
                ..*self
            })
        } else {
            let year = self.year.checked_add(1)?;
            year_range().contains(&year).then_some(Period {
                cadence: self.cadence,
                year,
                index: 1,
            })
        }
    }

    /// The following period.
    ///
    /// # Panics
    ///
    /// Only for the final period of chrono's calendar (year 262 142), which no
    /// user-written date or label can reach: [`parse_iso_date`] and
    /// [`Period::parse_label`] take 4-digit years and [`Duration::parse`] caps
    /// durations at 10 000 years. Use [`Period::checked_next`] where the
    /// input is not known to be that tame.
    pub fn next(&self) -> Period {
        self.checked_next()
            .expect("Period::next past the end of chrono's calendar (year 262142)")
    }

    /// Labels: month `2018-03`, quarter `2018-Q3`, half-year `2018-H2` (H1 = Jan–Jun), year `2018`.
    ///
    /// Labels are how periods appear in ledgers and reports (e.g. "done for
    /// 2018-Q3"); [`Period::parse_label`] reads them back.
    pub fn label(&self) -> String {
        self.to_string()
    }

    /// Parse any label form: `YYYY`, `YYYY-MM` (01–12), `YYYY-Q1`…`Q4`, `YYYY-H1`/`H2`.
    /// Strict: 4-digit year, no spaces, uppercase Q/H only. `None` otherwise.
    ///
    /// The label alone determines the cadence, so a ledger entry can name the
    /// period it settles without restating how often the obligation recurs.
    pub fn parse_label(s: &str) -> Option<Period> {
        let year = i32::try_from(fixed_digits(s.get(0..4)?, 4)?).ok()?;
        let rest = &s[4..];
        let (cadence, index) = if rest.is_empty() {
            (Cadence::Year, 1)
        } else {
            let tail = rest.strip_prefix('-')?;
            match tail.as_bytes() {
                [b'Q', n @ b'1'..=b'4'] => (Cadence::Quarter, u32::from(n - b'0')),
                [b'H', n @ b'1'..=b'2'] => (Cadence::HalfYear, u32::from(n - b'0')),
                _ => {
                    let month = fixed_digits(tail, 2)?;
                    if !(1..=12).contains(&month) {
                        return None;
                    }
                    (Cadence::Month, month)
                }
            }
        };
        Some(Period {
            cadence,
            year,
            index,
        })
    }

    /// The due date of the period: its last day; or, for a year period with
    /// `due: Some(md)`, md in that year.
    ///
    /// Only yearly obligations carry a `due:` day (annual reports due on
    /// 03-31 of the year, say); for shorter cadences a fixed month-day would
    /// fall outside most periods, so it is ignored and the period's end is
    /// the deadline.
    pub fn due(&self, due: Option<MonthDay>) -> Date {
        match (self.cadence, due) {
            (Cadence::Year, Some(md)) => md.in_year(self.year),
            _ => self.last_day(),
        }
    }

    /// Periods of `cadence` whose range intersects [from, to] (inclusive), in
    /// order; empty when to < from.
    ///
    /// Lazy, so asking for monthly periods over a long history costs one step
    /// per period rather than per day, and nothing at all until iterated.
    pub fn covering(cadence: Cadence, from: Date, to: Date) -> impl Iterator<Item = Period> {
        Covering {
            next: (from <= to).then(|| Period::containing(cadence, from)),
            to,
        }
    }
}

/// Iterator behind [`Period::covering`].
struct Covering {
    next: Option<Period>,
    to: Date,
}

impl Iterator for Covering {
    type Item = Period;

    fn next(&mut self) -> Option<Period> {
        let current = self.next.take()?;
        if current.last_day() < self.to {
            // `to` lies beyond `current`, so a following period exists;
            // `checked_next` still guards the end of the calendar.
            self.next = current.checked_next();
        }
        Some(current)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self.next {
            None => (0, Some(0)),
            Some(p) => {
                let months = |d: Date| i64::from(d.year()) * 12 + i64::from(d.month0());
                let span = months(self.to) - months(p.first_day());
                let n = span.div_euclid(i64::from(p.cadence.months())) + 1;
                let n = usize::try_from(n.max(1)).unwrap_or(usize::MAX);
                (n, Some(n))
            }
        }
    }
}

impl std::iter::FusedIterator for Covering {}

impl Ord for Period {
    fn cmp(&self, other: &Self) -> Ordering {
        // (year, first month) orders exactly like the first day, without
        // building dates.
        (self.year, self.first_month(), self.cadence).cmp(&(
            other.year,
            other.first_month(),
            other.cadence,
        ))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_year(f, self.year)?;
        match self.cadence {
            Cadence::Month => write!(f, "-{:02}", self.index),
            Cadence::Quarter => write!(f, "-Q{}", self.index),
            Cadence::HalfYear => write!(f, "-H{}", self.index),
            Cadence::Year => Ok(()),
        }
    }
}

// ---------------------------------------------------------------------------
// MonthDay
// ---------------------------------------------------------------------------

/// `due: MM-DD` of yearly obligations. Must be a real day of a leap year (so
/// 02-29 is allowed; 02-30, 13-01, 04-31 are not). Exactly two digits each.
///
/// Checked against a leap year because the value is reused every year: an
/// obligation due on the last day of February is written 02-29 once and
/// lands on the 28th in common years (see [`MonthDay::in_year`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MonthDay {
    pub month: u32,
    pub day: u32,
}

impl MonthDay {
    pub fn parse(s: &str) -> Option<MonthDay> {
        let b = s.as_bytes();
        if b.len() != 5 || b[2] != b'-' {
            return None;
        }
        let month = fixed_digits(&s[0..2], 2)?;
        let day = fixed_digits(&s[3..5], 2)?;
        // 2000 is a leap year, so this admits 02-29 and nothing else unusual.
        (day >= 1 && day <= days_in_month(2000, month)).then_some(MonthDay { month, day })
    }

    /// The date in `year`; 02-29 means Feb 28 in common years.
    ///
    /// Total by design: the fields are public, so a hand-built value may be
    /// out of range; the month is clamped to 1–12, the day to the month's
    /// length (which is exactly the 02-29 rule), and the year to chrono's
    /// range. Values from [`MonthDay::parse`] are only affected by the 02-29
    /// rule.
    pub fn in_year(&self, year: i32) -> Date {
        let year = year.clamp(Date::MIN.year(), Date::MAX.year());
        let month = self.month.clamp(1, 12);
        let day = self.day.clamp(1, days_in_month(year, month));
        // All three components were clamped into range just above.
        ymd(year, month, day)
    }
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

// ---------------------------------------------------------------------------
// Duration
// ---------------------------------------------------------------------------

/// Unit of a calendar [`Duration`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DurationUnit {
    Day,
    Week,
    Month,
    Year,
}

impl DurationUnit {
    /// The largest count accepted by [`Duration::parse`]: 10 000 years in
    /// each unit (3 652 425 days = 521 775 weeks exactly). Anything longer is
    /// a typo, and the cap guarantees that adding a parsed duration to any
    /// 4-digit-year date stays far inside chrono's range.
    pub fn max_count(self) -> u32 {
        match self {
            DurationUnit::Day => 3_652_425,
            DurationUnit::Week => 521_775,
            DurationUnit::Month => 120_000,
            DurationUnit::Year => 10_000,
        }
    }

    fn singular(self) -> &'static str {
        match self {
            DurationUnit::Day => "day",
            DurationUnit::Week => "week",
            DurationUnit::Month => "month",
            DurationUnit::Year => "year",
        }
    }
}

/// A calendar duration such as a point's `deadline` (3 months, 3个月).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Duration {
    pub n: u32,
    pub unit: DurationUnit,
}

impl Duration {
    /// `N day(s)|week(s)|month(s)|year(s)` or `N天`, `N周`, `N个月`, `N年`.
    ///
    /// N is ASCII digits with value ≥ 1 and at most [`DurationUnit::max_count`];
    /// any number of ASCII spaces may separate N from the unit; surrounding
    /// whitespace is ignored. Units are lowercase, singular or plural
    /// regardless of N (people write "1 days" and "2 day" and mean no harm).
    /// Deliberately narrow otherwise (`三个月`, `3 mo`, `3 个 月` → `None`):
    /// a deadline that is guessed wrong is worse than one that is rejected.
    pub fn parse(s: &str) -> Option<Duration> {
        let s = s.trim();
        let digits_end = s
            .bytes()
            .position(|b| !b.is_ascii_digit())
            .unwrap_or(s.len());
        if digits_end == 0 {
            return None;
        }
        // All-ASCII-digit prefix: `parse` only fails on u32 overflow, which
        // is "absurdly large" anyway.
        let n: u32 = s[..digits_end].parse().ok()?;
        let unit = match s[digits_end..].trim_start_matches(' ') {
            "day" | "days" | "天" => DurationUnit::Day,
            "week" | "weeks" | "周" => DurationUnit::Week,
            "month" | "months" | "个月" => DurationUnit::Month,
            "year" | "years" | "年" => DurationUnit::Year,
            _ => return None,
        };
        (1..=unit.max_count())
            .contains(&n)
            .then_some(Duration { n, unit })
    }

    /// date + duration; month and year arithmetic clamps to the month's last
    /// day (2018-11-30 + 3 months = 2019-02-28; 2020-02-29 + 1 year =
    /// 2021-02-28; 2018-01-31 + 1 month = 2018-02-28); days/weeks plain.
    /// `None` on overflow of the date range.
    ///
    /// Clamping matches how people read "within 3 months": the deadline is
    /// in the third month after, never spilling into the fourth.
    pub fn add_to(&self, d: Date) -> Option<Date> {
        match self.unit {
            DurationUnit::Day => d.checked_add_days(Days::new(u64::from(self.n))),
            DurationUnit::Week => d.checked_add_days(Days::new(u64::from(self.n) * 7)),
            DurationUnit::Month => d.checked_add_months(Months::new(self.n)),
            DurationUnit::Year => d.checked_add_months(Months::new(self.n.checked_mul(12)?)),
        }
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = if self.n == 1 { "" } else { "s" };
        write!(f, "{} {}{}", self.n, self.unit.singular(), plural)
    }
}

// ---------------------------------------------------------------------------
// Share
// ---------------------------------------------------------------------------

/// A share of targets, `P%` with 0 < P ≤ 100 and at most 2 decimals (`10%`,
/// `12.5%`, `33.33%`, `100%`). Stored exactly in basis points (hundredths of
/// a percent).
///
/// Basis points keep the arithmetic in integers: with floats, "7% of 100
/// targets" is 7.000000000000001, which rounds up to 8.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Share {
    /// Basis points, 1..=10000.
    bp: u32,
}

impl Share {
    /// 100%: every target.
    pub const FULL: Share = Share { bp: 10_000 };

    /// Accepts `P%` as described on [`Share`]; surrounding whitespace is
    /// ignored, nothing else is: no inner spaces, no sign, no bare number
    /// (`10` could be a count or a fraction), no `.5%` or `5.%`.
    pub fn parse(s: &str) -> Option<Share> {
        let num = s.trim().strip_suffix('%')?;
        let (int, frac) = match num.split_once('.') {
            Some((int, frac)) => (int, Some(frac)),
            None => (num, None),
        };
        // "100" is the longest meaningful integer part; the length cap also
        // keeps the arithmetic below far from overflow.
        if int.is_empty() || int.len() > 3 || !int.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let int: u32 = int.parse().ok()?;
        let frac_bp = match frac {
            None => 0,
            Some(f) => match f.len() {
                1 => fixed_digits(f, 1)? * 10,
                2 => fixed_digits(f, 2)?,
                _ => return None,
            },
        };
        let bp = int * 100 + frac_bp;
        (1..=10_000).contains(&bp).then_some(Share { bp })
    }

    /// The exact stored value (1–10 000), for callers that compare or
    /// serialise shares without going through text.
    pub fn basis_points(&self) -> u32 {
        self.bp
    }

    /// How many of `n` targets must be met: ceil(P × n / 100), computed
    /// exactly in integers (10% of 30 = 3; 10% of 31 = 4; 12.5% of 8 = 1;
    /// 33.33% of 3 = 1). `n = 0` → 0.
    ///
    /// Rounding up, because a share is a minimum: 10% of 31 cannot be met by
    /// 3 targets.
    pub fn need(&self, n: usize) -> usize {
        let bp = u128::from(self.bp.min(10_000));
        let need = (bp * n as u128).div_ceil(10_000);
        // bp ≤ 10000, so need ≤ n, which is a usize.
        usize::try_from(need).expect("need is at most n because the share is at most 100%")
    }
}

impl fmt::Display for Share {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (int, frac) = (self.bp / 100, self.bp % 100);
        if frac == 0 {
            write!(f, "{int}%")
        } else if frac % 10 == 0 {
            write!(f, "{int}.{}%", frac / 10)
        } else {
            write!(f, "{int}.{frac:02}%")
        }
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    #[test]
    fn an_interval_label_belongs_to_the_years_it_overlaps() {
        let d = |s: &str| parse_iso_date(s).unwrap();
        let y = |n: i32| (d(&format!("{n}-01-01")), d(&format!("{n}-12-31")));
        let (f18, l18) = y(2018);
        let (f19, l19) = y(2019);
        assert_eq!(
            parse_interval("2018-07-10/2019-01-10"),
            Some((d("2018-07-10"), d("2019-01-10")))
        );
        assert!(label_in_year("2018-07-10/2019-01-10", f18, l18));
        assert!(label_in_year("2018-07-10/2019-01-10", f19, l19));
        assert!(label_in_year("2018-06-28/2018-12-28", f18, l18));
        assert!(!label_in_year("2018-06-28/2018-12-28", f19, l19));
        assert!(label_in_year("2018-H2", f18, l18));
        assert!(!label_in_year("2018-H2", f19, l19));
        assert!(label_in_year("term", f19, l19));
        assert_eq!(parse_interval("2018-H2"), None);
    }

    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::from_ymd_opt(y, m, day).unwrap()
    }

    fn p(label: &str) -> Period {
        Period::parse_label(label).unwrap_or_else(|| panic!("bad test label {label}"))
    }

    fn dur(n: u32, unit: DurationUnit) -> Duration {
        Duration { n, unit }
    }

    fn share(s: &str) -> Share {
        Share::parse(s).unwrap_or_else(|| panic!("bad test share {s}"))
    }

    const LEAP: [i32; 4] = [2000, 2016, 2020, 2024];
    const COMMON: [i32; 5] = [1900, 2018, 2019, 2021, 2100];

    // ----- leap years and month ends -------------------------------------

    #[test]
    fn leap_year_rule_matches_gregorian_calendar() {
        for y in LEAP {
            assert!(is_leap_year(y), "{y}");
        }
        for y in COMMON {
            assert!(!is_leap_year(y), "{y}");
        }
        // Cross-check against chrono over a long span, including centuries.
        for y in 1582..=2500 {
            assert_eq!(
                is_leap_year(y),
                Date::from_ymd_opt(y, 2, 29).is_some(),
                "{y}"
            );
        }
    }

    #[test]
    fn feb_29_parses_only_in_leap_years() {
        for y in LEAP {
            assert_eq!(parse_iso_date(&format!("{y}-02-29")), Some(d(y, 2, 29)));
        }
        for y in COMMON {
            assert_eq!(parse_iso_date(&format!("{y}-02-29")), None, "{y}");
            assert_eq!(parse_iso_date(&format!("{y}-02-28")), Some(d(y, 2, 28)));
        }
    }

    #[test]
    fn february_month_period_ends_on_28_or_29() {
        for y in LEAP {
            assert_eq!(
                Period::containing(Cadence::Month, d(y, 2, 10)).last_day(),
                d(y, 2, 29)
            );
        }
        for y in COMMON {
            assert_eq!(
                Period::containing(Cadence::Month, d(y, 2, 10)).last_day(),
                d(y, 2, 28)
            );
        }
    }

    #[test]
    fn every_month_ends_on_its_last_day_and_hands_over_to_the_next() {
        let common = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        for y in LEAP.iter().chain(COMMON.iter()).copied() {
            for m in 1..=12u32 {
                let expected_len = if m == 2 && is_leap_year(y) {
                    29
                } else {
                    common[(m - 1) as usize]
                };
                let month = Period::containing(Cadence::Month, d(y, m, 1));
                assert_eq!(month.first_day(), d(y, m, 1));
                assert_eq!(month.last_day(), d(y, m, expected_len), "{y}-{m}");
                assert_eq!(month.last_month_start(), d(y, m, 1));
                assert_eq!(month.label(), format!("{y}-{m:02}"));
                // Last day belongs to this month, the day after to the next.
                let last = month.last_day();
                let after = last.succ_opt().unwrap();
                assert!(month.contains(last));
                assert!(!month.contains(after));
                assert_eq!(Period::containing(Cadence::Month, after), month.next());
                assert_eq!(month.next().first_day(), after);
                assert_eq!(parse_iso_date(&iso(last)), Some(last));
                let over = format!("{y}-{m:02}-{:02}", expected_len + 1);
                assert_eq!(parse_iso_date(&over), None, "{over}");
            }
        }
    }

    #[test]
    fn quarter_boundaries_fall_between_mar_apr_jun_jul_sep_oct_dec_jan() {
        let y = 2018;
        let cases = [
            (d(y, 3, 31), d(y, 4, 1), "2018-Q1", "2018-Q2"),
            (d(y, 6, 30), d(y, 7, 1), "2018-Q2", "2018-Q3"),
            (d(y, 9, 30), d(y, 10, 1), "2018-Q3", "2018-Q4"),
            (d(y, 12, 31), d(y + 1, 1, 1), "2018-Q4", "2019-Q1"),
        ];
        for (last, first, before, after) in cases {
            let q = Period::containing(Cadence::Quarter, last);
            assert_eq!(q.label(), before);
            assert_eq!(q.last_day(), last);
            let q2 = Period::containing(Cadence::Quarter, first);
            assert_eq!(q2.label(), after);
            assert_eq!(q2.first_day(), first);
            assert_eq!(q.next(), q2);
            assert!(q.contains(last) && !q.contains(first));
            assert!(q2.contains(first) && !q2.contains(last));
        }
    }

    #[test]
    fn quarter_ranges_and_last_month_starts() {
        let expect = [
            ("2020-Q1", d(2020, 1, 1), d(2020, 3, 31), d(2020, 3, 1)),
            ("2020-Q2", d(2020, 4, 1), d(2020, 6, 30), d(2020, 6, 1)),
            ("2020-Q3", d(2020, 7, 1), d(2020, 9, 30), d(2020, 9, 1)),
            ("2020-Q4", d(2020, 10, 1), d(2020, 12, 31), d(2020, 12, 1)),
        ];
        for (label, first, last, lms) in expect {
            let q = p(label);
            assert_eq!(q.cadence(), Cadence::Quarter);
            assert_eq!(q.year(), 2020);
            assert_eq!(
                (q.first_day(), q.last_day(), q.last_month_start()),
                (first, last, lms)
            );
        }
    }

    #[test]
    fn half_year_boundaries_are_jun_30_and_dec_31() {
        let h1 = Period::containing(Cadence::HalfYear, d(2018, 6, 30));
        let h2 = Period::containing(Cadence::HalfYear, d(2018, 7, 1));
        assert_eq!(h1.label(), "2018-H1");
        assert_eq!(h2.label(), "2018-H2");
        assert_eq!(
            (h1.first_day(), h1.last_day()),
            (d(2018, 1, 1), d(2018, 6, 30))
        );
        assert_eq!(
            (h2.first_day(), h2.last_day()),
            (d(2018, 7, 1), d(2018, 12, 31))
        );
        assert_eq!(h1.last_month_start(), d(2018, 6, 1));
        assert_eq!(h2.last_month_start(), d(2018, 12, 1));
        assert_eq!(h1.next(), h2);
        assert_eq!(h2.next(), p("2019-H1"));
        assert_eq!(Period::containing(Cadence::HalfYear, d(2018, 3, 31)), h1);
        assert_eq!(Period::containing(Cadence::HalfYear, d(2018, 10, 1)), h2);
    }

    #[test]
    fn year_boundary_dec_31_to_jan_1_for_every_cadence() {
        for c in Cadence::ALL {
            let last = Period::containing(c, d(2018, 12, 31));
            let first = Period::containing(c, d(2019, 1, 1));
            assert_eq!(last.year(), 2018);
            assert_eq!(first.year(), 2019);
            assert_eq!(last.last_day(), d(2018, 12, 31));
            assert_eq!(first.first_day(), d(2019, 1, 1));
            assert_eq!(last.next(), first, "{c:?}");
            assert!(last < first);
        }
        let y = p("2018");
        assert_eq!(
            (y.first_day(), y.last_day()),
            (d(2018, 1, 1), d(2018, 12, 31))
        );
        assert_eq!(y.last_month_start(), d(2018, 12, 1));
        assert_eq!(y.next(), p("2019"));
    }

    #[test]
    fn year_period_in_leap_and_common_years_has_right_length() {
        for y in LEAP {
            let yp = p(&y.to_string());
            assert_eq!(days_between(yp.first_day(), yp.last_day()) + 1, 366);
        }
        for y in COMMON {
            let yp = p(&y.to_string());
            assert_eq!(days_between(yp.first_day(), yp.last_day()) + 1, 365);
        }
    }

    // ----- ISO dates -----------------------------------------------------

    #[test]
    fn parse_iso_date_accepts_strict_form() {
        assert_eq!(parse_iso_date("2018-06-30"), Some(d(2018, 6, 30)));
        assert_eq!(parse_iso_date("0001-01-01"), Some(d(1, 1, 1)));
        assert_eq!(parse_iso_date("0000-01-01"), Some(d(0, 1, 1)));
        assert_eq!(parse_iso_date("9999-12-31"), Some(d(9999, 12, 31)));
    }

    #[test]
    fn parse_iso_date_rejects_everything_else() {
        for bad in [
            "",
            "2018-6-30",
            "2018-06-3",
            "18-06-30",
            "02018-06-30",
            "2018-06-30 ",
            " 2018-06-30",
            "2018/06/30",
            "2018.06.30",
            "20180630",
            "2018-13-01",
            "2018-00-10",
            "2018-01-00",
            "2018-06-31",
            "2018-02-29",
            "2018-02-30",
            "+018-06-30",
            "2018-+6-30",
            "2018--6-30",
            "2018-06-+1",
            "２０１８-０６-３０",
            "2018年6月30日",
            "yesterday",
            "2018-06-30T00:00",
            "20a8-06-30",
            "2018-0é-30",
        ] {
            assert_eq!(parse_iso_date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn iso_pads_to_four_two_two_and_round_trips() {
        assert_eq!(iso(d(2018, 6, 30)), "2018-06-30");
        assert_eq!(iso(d(2018, 1, 1)), "2018-01-01");
        assert_eq!(iso(d(5, 3, 9)), "0005-03-09");
        assert_eq!(iso(d(-1, 1, 1)), "-0001-01-01");
        assert_eq!(iso(d(10000, 1, 1)), "+10000-01-01");
        for date in [d(2000, 2, 29), d(1900, 2, 28), d(2100, 12, 31)] {
            assert_eq!(parse_iso_date(&iso(date)), Some(date));
        }
    }

    #[test]
    fn days_between_is_signed_and_spans_leap_days() {
        assert_eq!(days_between(d(2018, 1, 1), d(2018, 1, 1)), 0);
        assert_eq!(days_between(d(2018, 1, 1), d(2018, 1, 31)), 30);
        assert_eq!(days_between(d(2018, 1, 31), d(2018, 1, 1)), -30);
        assert_eq!(days_between(d(2020, 2, 28), d(2020, 3, 1)), 2);
        assert_eq!(days_between(d(2019, 2, 28), d(2019, 3, 1)), 1);
        assert_eq!(days_between(d(1900, 2, 28), d(1900, 3, 1)), 1);
        assert_eq!(days_between(d(2000, 2, 28), d(2000, 3, 1)), 2);
        assert_eq!(days_between(d(2018, 12, 31), d(2019, 1, 1)), 1);
        assert_eq!(
            days_between(Date::MIN, Date::MAX),
            Date::MAX.signed_duration_since(Date::MIN).num_days()
        );
    }

    #[test]
    fn suggest_iso_fixes_common_mistypings() {
        for input in [
            "2018/6/30",
            "2018.6.30",
            "2018-6-30",
            "2018/06/30",
            "2018年6月30日",
            "2018年6月30号",
            "2018年06月30日",
            "2018年6月30",
            "２０１８-０６-３０",
            "２０１８年６月３０日",
            "２０１８／６／３０",
            "２０１８－０６－３０",
            " 2018-06-30 ",
            "\t2018-6-30\n",
            "\u{3000}2018年6月30日\u{3000}",
            "2018 年 6 月 30 日",
            "2018 / 6 / 30",
            "20180630",
            "2018-06-30",
        ] {
            assert_eq!(
                suggest_iso(input).as_deref(),
                Some("2018-06-30"),
                "{input:?}"
            );
        }
        assert_eq!(suggest_iso("2018-1-1").as_deref(), Some("2018-01-01"));
        assert_eq!(suggest_iso("2020/2/29").as_deref(), Some("2020-02-29"));
        assert_eq!(suggest_iso("2018-12-31").as_deref(), Some("2018-12-31"));
    }

    #[test]
    fn suggest_iso_gives_up_when_nothing_sensible() {
        for input in [
            "",
            "   ",
            "yesterday",
            "2018-02-30",
            "2019/2/29",
            "1900-2-29",
            "2018-13-01",
            "2018-0-1",
            "2018-6-0",
            "2018/6-30",
            "2018-6",
            "2018",
            "30/6/2018",
            "6/30/18",
            "18-6-30",
            "2018-006-30",
            "2018-6-300",
            "2018年6月",
            "2018年6月30日日",
            "2018年6月30天",
            "6月30日",
            "2018-6-30 10:00",
            "2018-6-30x",
            "2018 6 30",
            "20 18-6-30",
            "201806300",
            "2018063",
            "-2018-6-30",
            "2018--6-30",
        ] {
            assert_eq!(suggest_iso(input), None, "{input:?}");
        }
    }

    // ----- cadence -------------------------------------------------------

    #[test]
    fn cadence_keywords_round_trip() {
        for c in Cadence::ALL {
            assert_eq!(Cadence::parse(c.as_str()), Some(c));
            assert_eq!(c.to_string(), c.as_str());
        }
        assert_eq!(Cadence::parse("half-year"), Some(Cadence::HalfYear));
    }

    #[test]
    fn cadence_parse_rejects_other_spellings() {
        for bad in [
            "",
            "Month",
            "MONTH",
            "months",
            "monthly",
            "halfyear",
            "half_year",
            "half year",
            " year",
            "year ",
            "季度",
        ] {
            assert_eq!(Cadence::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn cadences_order_shortest_first() {
        assert!(Cadence::Month < Cadence::Quarter);
        assert!(Cadence::Quarter < Cadence::HalfYear);
        assert!(Cadence::HalfYear < Cadence::Year);
    }

    // ----- labels --------------------------------------------------------

    #[test]
    fn labels_have_documented_shapes() {
        assert_eq!(
            Period::containing(Cadence::Month, d(2018, 3, 5)).label(),
            "2018-03"
        );
        assert_eq!(
            Period::containing(Cadence::Quarter, d(2018, 8, 5)).label(),
            "2018-Q3"
        );
        assert_eq!(
            Period::containing(Cadence::HalfYear, d(2018, 8, 5)).label(),
            "2018-H2"
        );
        assert_eq!(
            Period::containing(Cadence::HalfYear, d(2018, 6, 5)).label(),
            "2018-H1"
        );
        assert_eq!(
            Period::containing(Cadence::Year, d(2018, 8, 5)).label(),
            "2018"
        );
        assert_eq!(
            Period::containing(Cadence::Month, d(7, 12, 5)).label(),
            "0007-12"
        );
        assert_eq!(
            Period::containing(Cadence::Year, d(-5, 1, 1)).label(),
            "-0005"
        );
        assert_eq!(
            Period::containing(Cadence::Quarter, d(12345, 1, 1)).label(),
            "+12345-Q1"
        );
    }

    #[test]
    fn display_is_the_label() {
        for l in [
            "2018", "2018-01", "2018-12", "2018-Q1", "2018-Q4", "2018-H1", "2018-H2",
        ] {
            assert_eq!(p(l).to_string(), l);
            assert_eq!(p(l).label(), l);
        }
    }

    #[test]
    fn every_label_of_a_year_round_trips() {
        for y in [0, 1, 1900, 2000, 2018, 2100, 9999] {
            for c in Cadence::ALL {
                let mut per = Period::containing(c, d(y, 1, 1));
                let mut count = 0;
                while per.year() == y {
                    assert_eq!(Period::parse_label(&per.label()), Some(per));
                    assert_eq!(per.cadence(), c);
                    count += 1;
                    per = per.next();
                }
                assert_eq!(count, 12 / c.months());
            }
        }
    }

    #[test]
    fn parse_label_recognises_each_cadence() {
        assert_eq!(p("2018").cadence(), Cadence::Year);
        assert_eq!(p("2018-03").cadence(), Cadence::Month);
        assert_eq!(p("2018-Q3").cadence(), Cadence::Quarter);
        assert_eq!(p("2018-H2").cadence(), Cadence::HalfYear);
        assert_eq!(p("2018-03").first_day(), d(2018, 3, 1));
        assert_eq!(p("2018-Q3").first_day(), d(2018, 7, 1));
        assert_eq!(p("2018-H2").first_day(), d(2018, 7, 1));
    }

    #[test]
    fn parse_label_rejects_malformed_labels() {
        for bad in [
            "",
            "2018-13",
            "2018-00",
            "2018-Q5",
            "2018-Q0",
            "2018-H3",
            "2018-H0",
            "18-H1",
            "2018-h1",
            "2018-q1",
            "2018-1",
            "2018-001",
            "2018-",
            "2018-Q",
            "2018-H",
            "2018-Q10",
            "2018-H12",
            "2018Q1",
            "2018 -Q1",
            "2018-Q1 ",
            " 2018",
            "2018 ",
            "201",
            "20180",
            "+2018",
            "-2018",
            "+201",
            "２０１８",
            "2018-Ｑ1",
            "2018-Q１",
            "2018-M03",
            "2018-03-01",
            "2018/03",
            "year",
        ] {
            assert_eq!(Period::parse_label(bad), None, "{bad:?}");
        }
    }

    // ----- ordering ------------------------------------------------------

    #[test]
    fn periods_order_by_first_day_then_cadence() {
        // Same first day: shorter cadence first.
        assert!(p("2018-01") < p("2018-Q1"));
        assert!(p("2018-Q1") < p("2018-H1"));
        assert!(p("2018-H1") < p("2018"));
        // A longer period that starts earlier sorts first.
        assert!(p("2018") < p("2018-02"));
        assert!(p("2018-Q3") < p("2018-08"));
        assert!(p("2018-H2") < p("2018-Q4"));
        assert!(p("2018-12") < p("2019"));
        assert!(p("2017") < p("2018-01"));
        assert_eq!(p("2018-Q2").cmp(&p("2018-Q2")), Ordering::Equal);
        assert_eq!(
            p("2018-Q2").partial_cmp(&p("2018-04")),
            Some(Ordering::Greater)
        );

        let mut v = [
            p("2018-H2"),
            p("2018"),
            p("2018-07"),
            p("2018-Q3"),
            p("2018-01"),
        ];
        v.sort();
        let labels: Vec<String> = v.iter().map(Period::label).collect();
        assert_eq!(labels, ["2018-01", "2018", "2018-07", "2018-Q3", "2018-H2"]);
    }

    // ----- due dates -----------------------------------------------------

    #[test]
    fn due_is_last_day_unless_yearly_with_month_day() {
        let md = MonthDay::parse("03-31");
        assert_eq!(p("2018-02").due(None), d(2018, 2, 28));
        assert_eq!(p("2020-02").due(None), d(2020, 2, 29));
        assert_eq!(p("2018-Q1").due(None), d(2018, 3, 31));
        assert_eq!(p("2018-H2").due(None), d(2018, 12, 31));
        assert_eq!(p("2018").due(None), d(2018, 12, 31));
        assert_eq!(p("2018").due(md), d(2018, 3, 31));
        // A month-day is meaningless for shorter cadences and is ignored.
        assert_eq!(p("2018-Q2").due(md), d(2018, 6, 30));
        assert_eq!(p("2018-05").due(md), d(2018, 5, 31));
        assert_eq!(p("2018-H1").due(md), d(2018, 6, 30));
        let feb29 = MonthDay::parse("02-29");
        assert_eq!(p("2019").due(feb29), d(2019, 2, 28));
        assert_eq!(p("2020").due(feb29), d(2020, 2, 29));
    }

    // ----- covering ------------------------------------------------------

    #[test]
    fn covering_is_empty_when_range_is_reversed() {
        for c in Cadence::ALL {
            assert_eq!(Period::covering(c, d(2018, 5, 2), d(2018, 5, 1)).count(), 0);
        }
    }

    #[test]
    fn covering_single_day_gives_its_period() {
        for c in Cadence::ALL {
            let v: Vec<_> = Period::covering(c, d(2018, 5, 2), d(2018, 5, 2)).collect();
            assert_eq!(v, [Period::containing(c, d(2018, 5, 2))]);
        }
    }

    #[test]
    fn covering_includes_partially_overlapping_periods() {
        let v: Vec<String> = Period::covering(Cadence::Quarter, d(2018, 3, 31), d(2018, 10, 1))
            .map(|p| p.label())
            .collect();
        assert_eq!(v, ["2018-Q1", "2018-Q2", "2018-Q3", "2018-Q4"]);

        let v: Vec<String> = Period::covering(Cadence::Month, d(2019, 12, 15), d(2020, 2, 29))
            .map(|p| p.label())
            .collect();
        assert_eq!(v, ["2019-12", "2020-01", "2020-02"]);

        let v: Vec<String> = Period::covering(Cadence::HalfYear, d(2018, 7, 1), d(2019, 6, 30))
            .map(|p| p.label())
            .collect();
        assert_eq!(v, ["2018-H2", "2019-H1"]);

        let v: Vec<String> = Period::covering(Cadence::Year, d(2018, 12, 31), d(2019, 1, 1))
            .map(|p| p.label())
            .collect();
        assert_eq!(v, ["2018", "2019"]);
    }

    #[test]
    fn covering_exact_period_bounds_gives_exactly_that_period() {
        for c in Cadence::ALL {
            let per = Period::containing(c, d(2018, 8, 8));
            let v: Vec<_> = Period::covering(c, per.first_day(), per.last_day()).collect();
            assert_eq!(v, [per]);
        }
    }

    #[test]
    fn covering_is_lazy_over_the_whole_calendar() {
        // Would allocate ~190 million days if it walked days; takes the
        // first few periods instantly.
        let first: Vec<_> = Period::covering(Cadence::Month, Date::MIN, Date::MAX)
            .take(2)
            .collect();
        assert_eq!(first[0].first_day(), Date::MIN);
        assert_eq!(first[1], first[0].next());
        let mut it = Period::covering(Cadence::Year, Date::MIN, Date::MAX);
        let n = (Date::MAX.year() - Date::MIN.year() + 1) as usize;
        assert_eq!(it.size_hint(), (n, Some(n)));
        assert_eq!(it.by_ref().count(), n);
        assert_eq!(it.next(), None);
    }

    #[test]
    fn covering_size_hint_is_exact() {
        let cases = [
            (d(2018, 3, 31), d(2018, 10, 1)),
            (d(2018, 1, 1), d(2018, 1, 1)),
            (d(2018, 12, 31), d(2019, 1, 1)),
            (d(2000, 2, 29), d(2020, 2, 28)),
        ];
        for c in Cadence::ALL {
            for (from, to) in cases {
                let it = Period::covering(c, from, to);
                let (lo, hi) = it.size_hint();
                let n = it.count();
                assert_eq!((lo, hi), (n, Some(n)), "{c:?} {from} {to}");
            }
        }
    }

    #[test]
    fn last_period_of_the_calendar_has_no_next_but_covering_ends_cleanly() {
        for c in Cadence::ALL {
            let last = Period::containing(c, Date::MAX);
            assert_eq!(last.last_day(), Date::MAX);
            assert_eq!(last.checked_next(), None);
            let v: Vec<_> = Period::covering(c, Date::MAX, Date::MAX).collect();
            assert_eq!(v, [last]);
            let first = Period::containing(c, Date::MIN);
            assert_eq!(first.first_day(), Date::MIN);
            assert!(first.checked_next().is_some());
        }
    }

    #[test]
    #[should_panic(expected = "past the end of chrono's calendar")]
    fn next_panics_only_past_the_end_of_chrono_calendar() {
        let _ = Period::containing(Cadence::Year, Date::MAX).next();
    }

    // ----- MonthDay ------------------------------------------------------

    #[test]
    fn month_day_feb_29_falls_back_to_feb_28_in_common_years() {
        let md = MonthDay::parse("02-29").unwrap();
        assert_eq!(md.in_year(2019), d(2019, 2, 28));
        assert_eq!(md.in_year(2020), d(2020, 2, 29));
        assert_eq!(md.in_year(2000), d(2000, 2, 29));
        assert_eq!(md.in_year(1900), d(1900, 2, 28));
        assert_eq!(md.in_year(2100), d(2100, 2, 28));
    }

    #[test]
    fn month_day_accepts_every_day_of_a_leap_year() {
        let mut day = d(2000, 1, 1);
        while day.year() == 2000 {
            let text = format!("{:02}-{:02}", day.month(), day.day());
            let md = MonthDay::parse(&text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!((md.month, md.day), (day.month(), day.day()));
            assert_eq!(md.to_string(), text);
            assert_eq!(md.in_year(2000), day);
            day = day.succ_opt().unwrap();
        }
    }

    #[test]
    fn month_day_rejects_impossible_days_and_loose_spelling() {
        for bad in [
            "",
            "02-30",
            "02-31",
            "04-31",
            "06-31",
            "09-31",
            "11-31",
            "13-01",
            "00-10",
            "01-00",
            "01-32",
            "2-10",
            "02-1",
            "2-1",
            "002-10",
            "02-010",
            "02/10",
            "0210",
            "02-10 ",
            " 02-10",
            "+2-10",
            "02-+1",
            "aa-bb",
            "０２-１０",
            "2018-02-10",
        ] {
            assert_eq!(MonthDay::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn month_day_in_year_never_panics_on_hand_built_values() {
        let odd = MonthDay { month: 13, day: 40 };
        assert_eq!(odd.in_year(2018), d(2018, 12, 31));
        let zero = MonthDay { month: 0, day: 0 };
        assert_eq!(zero.in_year(2018), d(2018, 1, 1));
        let md = MonthDay { month: 6, day: 15 };
        assert_eq!(md.in_year(i32::MAX), d(Date::MAX.year(), 6, 15));
        assert_eq!(md.in_year(i32::MIN), d(Date::MIN.year(), 6, 15));
    }

    // ----- Duration ------------------------------------------------------

    #[test]
    fn duration_parses_english_units_singular_and_plural() {
        use DurationUnit::*;
        let cases = [
            ("1 day", dur(1, Day)),
            ("1 days", dur(1, Day)),
            ("2 day", dur(2, Day)),
            ("5 days", dur(5, Day)),
            ("1 week", dur(1, Week)),
            ("2 weeks", dur(2, Week)),
            ("1 month", dur(1, Month)),
            ("3 months", dur(3, Month)),
            ("1 year", dur(1, Year)),
            ("10 years", dur(10, Year)),
            ("3months", dur(3, Month)),
            ("3   months", dur(3, Month)),
            ("  3 months  ", dur(3, Month)),
            ("\t3 months\n", dur(3, Month)),
            ("03 months", dur(3, Month)),
        ];
        for (text, want) in cases {
            assert_eq!(Duration::parse(text), Some(want), "{text:?}");
        }
    }

    #[test]
    fn duration_parses_chinese_units() {
        use DurationUnit::*;
        let cases = [
            ("3天", dur(3, Day)),
            ("2周", dur(2, Week)),
            ("3个月", dur(3, Month)),
            ("1年", dur(1, Year)),
            ("3 个月", dur(3, Month)),
            ("3  天", dur(3, Day)),
            (" 3个月 ", dur(3, Month)),
            ("\u{3000}3个月\u{3000}", dur(3, Month)),
        ];
        for (text, want) in cases {
            assert_eq!(Duration::parse(text), Some(want), "{text:?}");
        }
    }

    #[test]
    fn duration_rejects_everything_else() {
        for bad in [
            "",
            "   ",
            "三个月",
            "3 mo",
            "3 mos",
            "3months later",
            "3 months later",
            "0 days",
            "0天",
            "00 days",
            "-1 day",
            "+1 day",
            "3 个 月",
            "3 月",
            "3月",
            "3日",
            "3 Months",
            "3 DAYS",
            "3",
            "days",
            "3.5 months",
            "1,000 days",
            "3\tmonths",
            "3 monthss",
            "３个月",
            "3 day s",
            "3 dayz",
            "99999999999 days",
            "4294967296 days",
            "3652426 days",
            "521776 weeks",
            "120001 months",
            "10001 years",
        ] {
            assert_eq!(Duration::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn duration_caps_are_ten_thousand_years() {
        use DurationUnit::*;
        for unit in [Day, Week, Month, Year] {
            let max = unit.max_count();
            let text = format!("{max} {}s", unit.singular());
            assert_eq!(Duration::parse(&text), Some(dur(max, unit)), "{text}");
            let too_big = format!("{} {}s", max + 1, unit.singular());
            assert_eq!(Duration::parse(&too_big), None);
            // The cap keeps the latest 4-digit date in range.
            assert!(dur(max, unit).add_to(d(9999, 12, 31)).is_some());
            assert!(dur(max, unit).add_to(d(0, 1, 1)).is_some());
        }
        assert_eq!(Day.max_count(), Week.max_count() * 7);
        assert_eq!(Month.max_count(), Year.max_count() * 12);
        assert_eq!(
            days_between(d(2000, 1, 1), d(12000, 1, 1)),
            i64::from(Day.max_count())
        );
    }

    #[test]
    fn duration_display_is_canonical_english_and_reparses() {
        use DurationUnit::*;
        let cases = [
            (dur(3, Month), "3 months"),
            (dur(1, Month), "1 month"),
            (dur(2, Week), "2 weeks"),
            (dur(1, Week), "1 week"),
            (dur(1, Year), "1 year"),
            (dur(4, Year), "4 years"),
            (dur(5, Day), "5 days"),
            (dur(1, Day), "1 day"),
        ];
        for (value, text) in cases {
            assert_eq!(value.to_string(), text);
            assert_eq!(Duration::parse(text), Some(value));
        }
        assert_eq!(Duration::parse("3个月").unwrap().to_string(), "3 months");
    }

    #[test]
    fn duration_month_and_year_addition_clamps_to_month_end() {
        use DurationUnit::*;
        assert_eq!(dur(3, Month).add_to(d(2018, 11, 30)), Some(d(2019, 2, 28)));
        assert_eq!(dur(1, Year).add_to(d(2020, 2, 29)), Some(d(2021, 2, 28)));
        assert_eq!(dur(4, Year).add_to(d(2020, 2, 29)), Some(d(2024, 2, 29)));
        assert_eq!(dur(1, Month).add_to(d(2018, 1, 31)), Some(d(2018, 2, 28)));
        assert_eq!(dur(1, Month).add_to(d(2020, 1, 31)), Some(d(2020, 2, 29)));
        assert_eq!(dur(1, Month).add_to(d(2018, 3, 31)), Some(d(2018, 4, 30)));
        assert_eq!(dur(2, Month).add_to(d(2018, 3, 31)), Some(d(2018, 5, 31)));
        assert_eq!(dur(1, Month).add_to(d(2018, 12, 31)), Some(d(2019, 1, 31)));
        assert_eq!(dur(12, Month).add_to(d(2018, 6, 15)), Some(d(2019, 6, 15)));
        assert_eq!(dur(1, Year).add_to(d(1899, 2, 28)), Some(d(1900, 2, 28)));
        assert_eq!(dur(100, Year).add_to(d(2000, 2, 29)), Some(d(2100, 2, 28)));
        assert_eq!(dur(400, Year).add_to(d(2000, 2, 29)), Some(d(2400, 2, 29)));
    }

    #[test]
    fn duration_day_and_week_addition_is_plain() {
        use DurationUnit::*;
        assert_eq!(dur(1, Day).add_to(d(2018, 2, 28)), Some(d(2018, 3, 1)));
        assert_eq!(dur(1, Day).add_to(d(2020, 2, 28)), Some(d(2020, 2, 29)));
        assert_eq!(dur(1, Day).add_to(d(2018, 12, 31)), Some(d(2019, 1, 1)));
        assert_eq!(dur(30, Day).add_to(d(2018, 1, 31)), Some(d(2018, 3, 2)));
        assert_eq!(dur(1, Week).add_to(d(2018, 12, 28)), Some(d(2019, 1, 4)));
        assert_eq!(dur(2, Week).add_to(d(2020, 2, 20)), Some(d(2020, 3, 5)));
    }

    #[test]
    fn duration_addition_returns_none_past_the_calendar() {
        use DurationUnit::*;
        for unit in [Day, Week, Month, Year] {
            assert_eq!(dur(1, unit).add_to(Date::MAX), None, "{unit:?}");
            assert_eq!(dur(u32::MAX, unit).add_to(d(2018, 1, 1)), None, "{unit:?}");
            assert_eq!(dur(u32::MAX, unit).add_to(Date::MIN), None, "{unit:?}");
        }
        assert_eq!(dur(0, Day).add_to(Date::MAX), Some(Date::MAX));
    }

    // ----- Share ---------------------------------------------------------

    #[test]
    fn share_parses_up_to_two_decimals() {
        let cases = [
            ("10%", 1000),
            ("12.5%", 1250),
            ("33.33%", 3333),
            ("100%", 10000),
            ("100.0%", 10000),
            ("100.00%", 10000),
            ("0.01%", 1),
            ("0.1%", 10),
            ("0.5%", 50),
            ("1%", 100),
            ("99.99%", 9999),
            ("05%", 500),
            (" 10% ", 1000),
        ];
        for (text, bp) in cases {
            assert_eq!(
                Share::parse(text).map(|s| s.basis_points()),
                Some(bp),
                "{text:?}"
            );
        }
        assert_eq!(Share::FULL.basis_points(), 10_000);
        assert_eq!(Share::parse("100%"), Some(Share::FULL));
    }

    #[test]
    fn share_rejects_out_of_range_and_loose_forms() {
        for bad in [
            "",
            "%",
            "0%",
            "0.00%",
            "00%",
            "100.01%",
            "101%",
            "1000%",
            "10",
            "0.1",
            "10.123%",
            "10 %",
            "1 0%",
            "-5%",
            "+5%",
            ".5%",
            "5.%",
            "5..5%",
            "5.5.5%",
            "10%%",
            "%10",
            "10 percent",
            "１０%",
            "10％",
            "1e1%",
            "0x10%",
            "99999999999999999999%",
            "10.-1%",
            "10.+1%",
        ] {
            assert_eq!(Share::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn share_display_drops_trailing_zeros_and_reparses() {
        for (text, shown) in [
            ("10%", "10%"),
            ("12.5%", "12.5%"),
            ("12.50%", "12.5%"),
            ("33.33%", "33.33%"),
            ("100.00%", "100%"),
            ("0.01%", "0.01%"),
            ("0.10%", "0.1%"),
            ("7.05%", "7.05%"),
        ] {
            let s = share(text);
            assert_eq!(s.to_string(), shown);
            assert_eq!(Share::parse(shown), Some(s));
        }
    }

    #[test]
    fn share_need_rounds_up_exactly() {
        assert_eq!(share("10%").need(30), 3);
        assert_eq!(share("10%").need(31), 4);
        assert_eq!(share("10%").need(1), 1);
        assert_eq!(share("12.5%").need(8), 1);
        assert_eq!(share("12.5%").need(9), 2);
        assert_eq!(share("33.33%").need(3), 1);
        assert_eq!(share("33.33%").need(100), 34);
        assert_eq!(share("50%").need(3), 2);
        assert_eq!(share("0.01%").need(10_000), 1);
        assert_eq!(share("0.01%").need(10_001), 2);
        assert_eq!(share("0.01%").need(1), 1);
        assert_eq!(share("99.99%").need(10_000), 9_999);
        assert_eq!(share("99.99%").need(100), 100);
        // Where a float computation of 0.07 * 100 would round up to 8.
        assert_eq!(share("7%").need(100), 7);
    }

    #[test]
    fn share_need_of_zero_targets_is_zero() {
        for s in ["0.01%", "10%", "33.33%", "100%"] {
            assert_eq!(share(s).need(0), 0, "{s}");
        }
    }

    #[test]
    fn full_share_needs_every_target() {
        for n in [0, 1, 2, 3, 7, 10, 99, 12_345, usize::MAX / 2, usize::MAX] {
            assert_eq!(Share::FULL.need(n), n);
        }
        assert_eq!(share("50%").need(usize::MAX), usize::MAX / 2 + 1);
    }

    // ----- property tests ------------------------------------------------

    /// Any date chrono can represent.
    fn any_date() -> impl Strategy<Value = Date> {
        let lo = Date::MIN.num_days_from_ce();
        let hi = Date::MAX.num_days_from_ce();
        (lo..=hi).prop_map(|n| Date::from_num_days_from_ce_opt(n).unwrap())
    }

    /// Dates a user can type: years 0000–9999.
    fn user_date() -> impl Strategy<Value = Date> {
        let lo = d(0, 1, 1).num_days_from_ce();
        let hi = d(9999, 12, 31).num_days_from_ce();
        (lo..=hi).prop_map(|n| Date::from_num_days_from_ce_opt(n).unwrap())
    }

    fn any_cadence() -> impl Strategy<Value = Cadence> {
        prop::sample::select(Cadence::ALL.to_vec())
    }

    fn any_share() -> impl Strategy<Value = Share> {
        (1u32..=10_000).prop_map(|bp| Share { bp })
    }

    proptest! {
        #[test]
        fn prop_covering_tiles_the_range_without_gaps_or_overlaps(
            c in any_cadence(),
            from in user_date(),
            span in 0i64..20_000,
        ) {
            let to = from + chrono::TimeDelta::days(span);
            let v: Vec<Period> = Period::covering(c, from, to).collect();
            prop_assert!(!v.is_empty());
            prop_assert!(v[0].contains(from));
            prop_assert!(v[v.len() - 1].contains(to));
            for w in v.windows(2) {
                prop_assert_eq!(w[1].first_day(), w[0].last_day().succ_opt().unwrap());
                prop_assert!(w[0] < w[1]);
                prop_assert_eq!(w[0].next(), w[1]);
            }
            for per in &v {
                prop_assert_eq!(per.cadence(), c);
                prop_assert!(per.first_day() <= to && per.last_day() >= from);
            }
        }

        #[test]
        fn prop_covering_is_empty_for_reversed_ranges(
            c in any_cadence(),
            to in user_date(),
            gap in 1i64..5_000,
        ) {
            let from = to + chrono::TimeDelta::days(gap);
            prop_assert_eq!(Period::covering(c, from, to).count(), 0);
        }

        #[test]
        fn prop_every_date_lies_in_exactly_one_period_per_cadence(c in any_cadence(), day in any_date()) {
            let per = Period::containing(c, day);
            prop_assert!(per.contains(day));
            prop_assert!(per.first_day() <= day && day <= per.last_day());
            prop_assert_eq!(per.cadence(), c);
            // Neighbouring periods do not contain it.
            if let Some(next) = per.checked_next() {
                prop_assert!(!next.contains(day));
                prop_assert_eq!(next.first_day(), per.last_day().succ_opt().unwrap());
            }
            if let Some(prev_day) = per.first_day().pred_opt() {
                let prev = Period::containing(c, prev_day);
                prop_assert!(prev != per);
                prop_assert!(!prev.contains(day));
                prop_assert_eq!(prev.next(), per);
            }
        }

        #[test]
        fn prop_period_bounds_are_ordered_and_aligned(c in any_cadence(), day in any_date()) {
            let per = Period::containing(c, day);
            prop_assert!(per.first_day() <= per.last_month_start());
            prop_assert!(per.last_month_start() <= per.last_day());
            prop_assert_eq!(per.first_day().day(), 1);
            prop_assert_eq!(per.first_day().month0() % c.months(), 0);
            prop_assert_eq!(per.last_day().month() % c.months(), 0);
            prop_assert!(per.last_day().succ_opt().is_none_or(|n| n.day() == 1));
            prop_assert_eq!(per.last_month_start().month(), per.last_day().month());
            prop_assert_eq!(per.last_month_start().day(), 1);
            prop_assert_eq!(per.due(None), per.last_day());
        }

        #[test]
        fn prop_labels_round_trip(c in any_cadence(), day in user_date()) {
            let per = Period::containing(c, day);
            prop_assert_eq!(Period::parse_label(&per.label()), Some(per));
            prop_assert_eq!(per.to_string(), per.label());
        }

        #[test]
        fn prop_next_is_strictly_greater(c in any_cadence(), day in user_date()) {
            let per = Period::containing(c, day);
            let next = per.next();
            prop_assert!(next > per);
            prop_assert!(per < next);
            prop_assert_eq!(next.cadence(), c);
        }

        #[test]
        fn prop_period_order_agrees_with_first_day_then_cadence(
            c1 in any_cadence(), d1 in user_date(), c2 in any_cadence(), d2 in user_date(),
        ) {
            let (a, b) = (Period::containing(c1, d1), Period::containing(c2, d2));
            let expected = (a.first_day(), a.cadence()).cmp(&(b.first_day(), b.cadence()));
            prop_assert_eq!(a.cmp(&b), expected);
            prop_assert_eq!(a == b, expected == Ordering::Equal);
        }

        #[test]
        fn prop_iso_round_trips_and_matches_chrono(day in any_date()) {
            prop_assert_eq!(iso(day), day.format("%Y-%m-%d").to_string());
            if (0..=9999).contains(&day.year()) {
                prop_assert_eq!(parse_iso_date(&iso(day)), Some(day));
                prop_assert_eq!(suggest_iso(&iso(day)), Some(iso(day)));
            }
        }

        #[test]
        fn prop_suggest_iso_agrees_with_chrono_on_slashed_dates(
            y in 0i32..=9999, m in 0u32..=13, dd in 0u32..=32,
        ) {
            let want = Date::from_ymd_opt(y, m, dd).map(iso);
            prop_assert_eq!(suggest_iso(&format!("{y:04}/{m}/{dd}")), want.clone());
            prop_assert_eq!(suggest_iso(&format!("{y:04}年{m}月{dd}日")), want);
        }

        #[test]
        fn prop_parsers_never_panic_on_arbitrary_text(s in "\\PC{0,16}") {
            let _ = parse_iso_date(&s);
            let _ = suggest_iso(&s);
            let _ = Cadence::parse(&s);
            let _ = Period::parse_label(&s);
            let _ = MonthDay::parse(&s);
            let _ = Duration::parse(&s);
            let _ = Share::parse(&s);
        }

        #[test]
        fn prop_parsers_never_panic_on_date_like_text(s in "[0-9０-９\\-/.年月日号Q H%天周个 ]{0,14}") {
            if let Some(iso_text) = suggest_iso(&s) {
                prop_assert!(parse_iso_date(&iso_text).is_some());
            }
            if let Some(per) = Period::parse_label(&s) {
                prop_assert_eq!(per.label(), s.clone());
            }
            if let Some(dur) = Duration::parse(&s) {
                prop_assert!(dur.n >= 1);
            }
            let _ = (parse_iso_date(&s), MonthDay::parse(&s), Share::parse(&s));
        }

        #[test]
        fn prop_adding_months_is_monotone_in_the_date(
            a in user_date(), b in user_date(), n in 1u32..=2_400,
        ) {
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            let months = dur(n, DurationUnit::Month);
            prop_assert!(months.add_to(lo).unwrap() <= months.add_to(hi).unwrap());
            let years = dur(n, DurationUnit::Year);
            prop_assert!(years.add_to(lo).unwrap() <= years.add_to(hi).unwrap());
        }

        #[test]
        fn prop_adding_more_months_never_goes_back(
            day in user_date(), n in 0u32..=2_400, extra in 0u32..=2_400,
        ) {
            let short = dur(n, DurationUnit::Month).add_to(day).unwrap();
            let long = dur(n + extra, DurationUnit::Month).add_to(day).unwrap();
            prop_assert!(short <= long);
            prop_assert!(day <= short);
            // Clamping never spills into the following month.
            let month_index = |x: Date| i64::from(x.year()) * 12 + i64::from(x.month0());
            prop_assert_eq!(month_index(short) - month_index(day), i64::from(n));
            prop_assert!(short.day() <= day.day());
        }

        #[test]
        fn prop_years_are_twelve_months(day in user_date(), n in 1u32..=10_000) {
            prop_assert_eq!(
                dur(n, DurationUnit::Year).add_to(day),
                dur(n * 12, DurationUnit::Month).add_to(day)
            );
        }

        #[test]
        fn prop_adding_days_and_weeks_matches_chrono(day in any_date(), n in 0u32..=3_652_425) {
            let want = day.checked_add_signed(chrono::TimeDelta::days(i64::from(n)));
            prop_assert_eq!(dur(n, DurationUnit::Day).add_to(day), want);
            let want_w = day.checked_add_signed(chrono::TimeDelta::days(i64::from(n) * 7));
            prop_assert_eq!(dur(n, DurationUnit::Week).add_to(day), want_w);
            if let Some(later) = want {
                prop_assert_eq!(days_between(day, later), i64::from(n));
                prop_assert_eq!(days_between(later, day), -i64::from(n));
            }
        }

        #[test]
        fn prop_parsed_durations_fit_any_user_date(
            day in user_date(),
            n in 1u32..=3_652_425,
            unit in prop::sample::select(vec![
                DurationUnit::Day, DurationUnit::Week, DurationUnit::Month, DurationUnit::Year,
            ]),
            zh in any::<bool>(),
        ) {
            let n = n.min(unit.max_count());
            let text = match (zh, unit) {
                (true, DurationUnit::Day) => format!("{n}天"),
                (true, DurationUnit::Week) => format!("{n}周"),
                (true, DurationUnit::Month) => format!("{n}个月"),
                (true, DurationUnit::Year) => format!("{n}年"),
                (false, _) => dur(n, unit).to_string(),
            };
            let parsed = Duration::parse(&text);
            prop_assert_eq!(parsed, Some(dur(n, unit)));
            prop_assert!(dur(n, unit).add_to(day).is_some());
        }

        #[test]
        fn prop_month_day_round_trips(m in 1u32..=12, dd in 1u32..=31, y in 0i32..=9999) {
            let text = format!("{m:02}-{dd:02}");
            let parsed = MonthDay::parse(&text);
            prop_assert_eq!(parsed.is_some(), Date::from_ymd_opt(2000, m, dd).is_some());
            if let Some(md) = parsed {
                prop_assert_eq!(md.to_string(), text);
                let date = md.in_year(y);
                prop_assert_eq!(date.year(), y);
                prop_assert_eq!(date.month(), m);
                let exact = Date::from_ymd_opt(y, m, dd);
                prop_assert_eq!(date, exact.unwrap_or_else(|| d(y, 2, 28)));
            }
        }

        #[test]
        fn prop_share_need_is_monotone_and_bounded(s in any_share(), n in 0usize..1_000_000, k in 0usize..1_000) {
            let need = s.need(n);
            prop_assert!(need <= n);
            prop_assert!(s.need(n + k) >= need);
            prop_assert!(s.need(n + k) - need <= k);
        }

        #[test]
        fn prop_share_need_is_the_exact_ceiling(s in any_share(), n in 0usize..10_000_000) {
            let need = s.need(n) as u128;
            let bp_n = u128::from(s.basis_points()) * n as u128;
            prop_assert!(need * 10_000 >= bp_n);
            if need > 0 {
                prop_assert!(bp_n > (need - 1) * 10_000);
            } else {
                prop_assert_eq!(n, 0);
            }
            prop_assert_eq!(Share::FULL.need(n), n);
        }

        #[test]
        fn prop_share_display_round_trips(s in any_share()) {
            prop_assert_eq!(Share::parse(&s.to_string()), Some(s));
        }
    }
}
