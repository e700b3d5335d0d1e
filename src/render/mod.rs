//! Output. Every renderer takes a finished [`Report`] and writes it; none of
//! them computes anything about deadlines or files.

pub mod agenda;
pub mod audit;
pub mod clerk;
pub mod codeowners;
pub mod diff;
pub mod escape;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod locate;
pub mod sarif;
pub mod show;
pub mod style;
pub mod summary;
pub(crate) mod table;

use crate::diag::{Located, Severity};
use crate::eval::{Category, Finding};
use crate::messages::Lang;
use crate::source::{FileId, SourceMap, Span};
use crate::validate::Repository;
use locate::PathBase;

/// Summary counts (§8.1): diagnostics by severity, findings by category.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub overdue: usize,
    pub due_soon: usize,
    pub late: usize,
    pub gaps: usize,
    /// Units whose ledger file has an error, so that none of their findings
    /// were computed (§7); an added key, not in spec §8.1's list.
    pub units_not_evaluated: usize,
    /// Format 1.1 only: `every: regularly` obligations with no maximum gap,
    /// tracked but not scored (docs/format.md §1.1.10.5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unscored: Option<usize>,
}

/// A unit whose ledger has an error: its state is unknown, and the run says so
/// rather than showing fewer findings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotEvaluated {
    pub unit: String,
    pub name: String,
    pub file: String,
    /// Errors in its file.
    pub errors: usize,
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

/// Everything one `check` run reports: data only (how to show it is
/// [`RenderOptions`]).
pub struct Report<'a> {
    pub as_of: crate::dates::Date,
    pub diagnostics: &'a [Located],
    pub findings: &'a [Finding],
    pub summary: Summary,
    /// Units whose findings were not computed, by id.
    pub not_evaluated: &'a [NotEvaluated],
    /// Format 1.1: the regular obligations not scored (`owner/id`).
    pub unscored: &'a [String],
    /// Absent when no repository was found.
    pub repo: Option<&'a Repository>,
    pub sources: Option<&'a SourceMap>,
}

impl<'a> Report<'a> {
    /// Where a finding points ([`Finding::at`]), as file and line.
    pub fn place(&self, f: &Finding) -> Option<Place<'a>> {
        let (file, span) = f.at?;
        Some(Place::of(self.sources?, file, span))
    }
}

/// How to show a report; the caller works these out from flags and the
/// environment, so renderers read no files and no variables.
#[derive(Clone, Debug)]
pub struct RenderOptions {
    pub lang: Lang,
    pub color: bool,
    /// How CI formats write paths (relative to the checkout).
    pub paths: PathBase,
    /// The display columns the human tables fit (a terminal's width, or
    /// `--width`); `None`: as wide as their content, as in a pipe or a file.
    pub width: Option<u16>,
}

/// How much a person is shown: the human and GitHub outputs stop after this
/// many diagnostics in one file and this many rows in one table, and say how
/// many more there are (a list of 20,000 wrong values is not read, and laying
/// it out cost seconds and gigabytes). JSON, SARIF and JUnit keep everything:
/// programs read them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub diagnostics_per_file: usize,
    pub rows_per_table: usize,
}

impl Limits {
    /// `--all`: nothing left out.
    pub const NONE: Limits = Limits {
        diagnostics_per_file: usize::MAX,
        rows_per_table: usize::MAX,
    };
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            diagnostics_per_file: 50,
            rows_per_table: 200,
        }
    }
}

/// Which diagnostics a limited output shows: the first `per_file` of each
/// file, in their order, with for each file the number left out.
pub fn shown_diagnostics(
    diagnostics: &[Located],
    per_file: usize,
) -> (Vec<&Located>, Vec<(Option<&str>, usize)>) {
    let mut seen: std::collections::HashMap<Option<&str>, usize> = Default::default();
    let mut shown = Vec::new();
    let mut hidden: Vec<(Option<&str>, usize)> = Vec::new();
    for d in diagnostics {
        let file = d.file.as_deref();
        let n = seen.entry(file).or_default();
        *n += 1;
        if *n <= per_file {
            shown.push(d);
        } else if let Some(h) = hidden.iter_mut().find(|h| h.0 == file) {
            h.1 += 1;
        } else {
            hidden.push((file, 1));
        }
    }
    (shown, hidden)
}

/// A file position, 1-based; `path` is relative to the ledger repository root.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place<'a> {
    pub path: &'a str,
    pub line: usize,
    pub column: usize,
}

impl<'a> Place<'a> {
    pub fn of(sources: &'a SourceMap, file: FileId, span: Span) -> Place<'a> {
        let src = sources.get(file);
        let (line, column) = src.line_col(span.start as usize);
        Place {
            path: &src.path,
            line,
            column,
        }
    }
}
