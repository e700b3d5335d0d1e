//! Output. Every renderer takes a finished [`Report`] and writes it; none of
//! them computes anything about deadlines or files.

pub mod agenda;
pub mod audit;
pub mod clerk;
pub mod diff;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod locate;
pub mod sarif;
pub mod show;
pub mod summary;

use crate::diag::{Located, Severity};
use crate::eval::{Category, Finding};
use crate::messages::Lang;
use crate::source::SourceMap;
use crate::validate::Repository;

/// Summary counts (§8.1): diagnostics by severity, findings by category.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub overdue: usize,
    pub due_soon: usize,
    pub late: usize,
    pub gaps: usize,
}

impl Summary {
    pub fn of(diagnostics: &[Located], findings: &[Finding]) -> Summary {
        let mut s = Summary::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
            }
        }
        for f in findings {
            match f.category {
                Category::Overdue => s.overdue += 1,
                Category::DueSoon => s.due_soon += 1,
                Category::Late => s.late += 1,
                Category::Gap => s.gaps += 1,
            }
        }
        s
    }
}

/// Everything one `check` run reports.
pub struct Report<'a> {
    pub as_of: crate::dates::Date,
    pub diagnostics: Vec<Located>,
    pub findings: Vec<Finding>,
    pub summary: Summary,
    /// Absent when no repository was found.
    pub repo: Option<&'a Repository>,
    pub sources: Option<&'a SourceMap>,
    pub lang: Lang,
    pub color: bool,
}

/// The counts of a run in one line, as the human output ends and the CI
/// summaries begin: `as of 2019-01-15: 0 errors, 1 warning; 3 overdue, …`.
pub fn counts_line(s: &Summary, as_of: crate::dates::Date, lang: Lang) -> String {
    let date = crate::dates::iso(as_of);
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    match lang {
        Lang::Zh => format!(
            "检查日期 {date}：错误 {}，警告 {}；逾期 {}，临期 {}，迟办 {}，缺口 {}",
            s.errors, s.warnings, s.overdue, s.due_soon, s.late, s.gaps
        ),
        Lang::En => format!(
            "as of {date}: {} error{}, {} warning{}; {} overdue, {} due soon, {} late, {} gap{}",
            s.errors,
            plural(s.errors),
            s.warnings,
            plural(s.warnings),
            s.overdue,
            s.due_soon,
            s.late,
            s.gaps,
            plural(s.gaps)
        ),
    }
}
