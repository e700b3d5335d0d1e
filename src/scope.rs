//! A calendar-year scope (`--year YYYY`): what the annual summary due every
//! 12-10 is about — the obligations, records and items of one year, evaluated
//! as of the year's end or the evaluation date, whichever is earlier.
//!
//! The reading (documented for clerks in `docs/format.md`, "Year scope"):
//! - the scope date is `min(YYYY-12-31, evaluation date)`; a year that begins
//!   after the evaluation date has nothing to report ([`YearError::NotBegun`]);
//! - obligation periods (recurring and `within: year` coverage) count when
//!   their period lies in the year; `within: term` coverage counts when the
//!   term overlaps the year, over every record of the term up to the scope
//!   date;
//! - records count when dated in the year (on or before the scope date);
//! - items count when opened on or before the scope date and not closed
//!   before the year began (an item carried over from last year is this
//!   year's business until it is closed);
//! - gaps (`no-records`, `missing-kind`, `checklist-item`) look at the year's
//!   records only: work done in an earlier year does not fill this year's gap.
//!
//! The files are still validated as of the evaluation date, so an entry of
//! the next year (dated before the evaluation date) is in scope of nothing and
//! raises no `future-date` warning.
//!
//! Deadline logic is not repeated: this module runs [`eval::evaluate`] and
//! [`eval::obligation_status`] with the scope date and keeps what belongs to
//! the year.

use crate::dates::{Date, Period};
use crate::eval::{self, Finding, FindingType, PeriodStatus, Settings};
use crate::model::{Item, Record};
use crate::validate::Repository;

/// `--year YYYY`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Year(pub i32);

/// Why a year cannot be scoped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YearError {
    /// Not a year chrono can hold.
    OutOfRange,
    /// The year begins after the evaluation date.
    NotBegun { first: Date, as_of: Date },
}

/// A year scope against one evaluation date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scope {
    pub year: i32,
    /// January 1st.
    pub first: Date,
    /// The scope date: December 31st, or the evaluation date when earlier.
    pub as_of: Date,
}

/// A repository's findings and obligation periods within a year scope. The
/// repository itself is trimmed to the year's records and items (see
/// [`Year::apply`]), so counts taken from it afterwards agree.
#[derive(Clone, Debug)]
pub struct Scoped {
    pub scope: Scope,
    /// The settings to count with: the scope date as `as_of`.
    pub settings: Settings,
    /// Sorted as [`eval::evaluate`] sorts.
    pub findings: Vec<Finding>,
    pub periods: Vec<PeriodStatus>,
}

impl Year {
    /// The scope of this year as of `evaluation`.
    pub fn scope(self, evaluation: Date) -> Result<Scope, YearError> {
        let first = Date::from_ymd_opt(self.0, 1, 1).ok_or(YearError::OutOfRange)?;
        let last = Date::from_ymd_opt(self.0, 12, 31).ok_or(YearError::OutOfRange)?;
        if first > evaluation {
            return Err(YearError::NotBegun {
                first,
                as_of: evaluation,
            });
        }
        Ok(Scope {
            year: self.0,
            first,
            as_of: last.min(evaluation),
        })
    }

    /// Evaluate `repo` within the year, and trim it to the year's records and
    /// items. `settings.as_of` is the evaluation date.
    pub fn apply(self, repo: &mut Repository, settings: Settings) -> Result<Scoped, YearError> {
        let scope = self.scope(settings.as_of)?;
        let settings = Settings {
            as_of: scope.as_of,
            ..settings
        };
        // Periods and coverage need every record up to the scope date (a term's
        // coverage spans years; a report filed in December for the year before
        // is that period's); the gaps need the year's records alone. So: one
        // evaluation on the whole repository for the former, one on the trimmed
        // repository for the rest.
        let whole = eval::evaluate(repo, settings);
        let periods: Vec<PeriodStatus> = eval::obligation_status(repo, settings)
            .into_iter()
            .filter(|s| scope.has_period(s.period))
            .collect();
        scope.trim(repo);
        let trimmed = eval::evaluate(repo, settings);
        let mut findings: Vec<Finding> = whole
            .into_iter()
            .filter(|f| by_period(f.kind) && scope.has_finding_period(f))
            .chain(trimmed.into_iter().filter(|f| !by_period(f.kind)))
            .collect();
        eval::sort_findings(&mut findings);
        Ok(Scoped {
            scope,
            settings,
            findings,
            periods,
        })
    }
}

/// Findings that belong to a period (kept by period) rather than to the
/// year's records and items.
fn by_period(kind: FindingType) -> bool {
    matches!(kind, FindingType::Obligation | FindingType::Coverage)
}

impl Scope {
    pub fn has_period(&self, p: Period) -> bool {
        p.year() == self.year
    }

    /// A record of the year.
    pub fn has_record(&self, r: &Record) -> bool {
        r.date.value >= self.first && r.date.value <= self.as_of
    }

    /// An item of the year: opened by the scope date, not closed before the
    /// year began. (Void items are kept: they count nowhere anyway.)
    pub fn has_item(&self, it: &Item) -> bool {
        it.opened.value <= self.as_of && it.closed.as_ref().is_none_or(|c| c.value >= self.first)
    }

    /// An obligation or coverage finding of the year: its period is in the year,
    /// or it is the term (evaluation reports a term once it has begun by the
    /// scope date), or (1.1) its window `start/due` overlaps the year.
    fn has_finding_period(&self, f: &Finding) -> bool {
        let Some(label) = f.period.as_deref() else {
            return true;
        };
        if let Some((start, due)) = crate::dates::parse_interval(label) {
            return start <= self.as_of && due >= self.first;
        }
        Period::parse_label(label).is_none_or(|p| self.has_period(p))
    }

    /// Keep only the year's records and items (records dated after the scope
    /// date stay: evaluation ignores them, and the xlsx and report list only
    /// counting entries).
    pub fn trim(&self, repo: &mut Repository) {
        for doc in repo.ledgers.values_mut() {
            doc.records.retain(|r| r.date.value >= self.first);
            doc.items.retain(|it| self.has_item(it));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        crate::dates::parse_iso_date(s).expect("date")
    }

    /// 1.1 windows (`start/due`) belong to every year they overlap, up to
    /// the scope date; a window that starts after it is not yet the year's.
    #[test]
    fn interval_windows_count_for_the_years_they_overlap() {
        let s = Year(2018).scope(date("2019-01-15")).expect("scope");
        let f = |period: &str| Finding {
            period: Some(period.to_owned()),
            ..crate::eval::tests_finding()
        };
        assert!(s.has_finding_period(&f("2018-05-10/2018-11-10")));
        assert!(s.has_finding_period(&f("2017-01-01/2020-12-31")));
        assert!(s.has_finding_period(&f("2018-12-01/2019-06-01")));
        assert!(!s.has_finding_period(&f("2019-01-02/2019-07-02")));
        assert!(!s.has_finding_period(&f("2016-10-01/2017-12-31")));
        assert!(s.has_finding_period(&f("2018-H2")));
        assert!(!s.has_finding_period(&f("2019-H1")));
    }

    #[test]
    fn scope_date_is_the_years_end_or_the_evaluation_date() {
        let s = Year(2018).scope(date("2019-01-15")).expect("scope");
        assert_eq!((s.first, s.as_of), (date("2018-01-01"), date("2018-12-31")));
        let s = Year(2019).scope(date("2019-01-15")).expect("scope");
        assert_eq!(s.as_of, date("2019-01-15"));
        // The first day of the year is a year of one day.
        let s = Year(2019).scope(date("2019-01-01")).expect("scope");
        assert_eq!(s.as_of, date("2019-01-01"));
        assert_eq!(
            Year(2020).scope(date("2019-12-31")),
            Err(YearError::NotBegun {
                first: date("2020-01-01"),
                as_of: date("2019-12-31")
            })
        );
        assert_eq!(
            Year(i32::MAX).scope(date("2019-01-15")),
            Err(YearError::OutOfRange)
        );
    }
}
