//! The check pipeline as one call: read (or take) the files, analyse them,
//! evaluate as of a date, filter by unit, locate the diagnostics and count.
//! The CLI, the fuzz target, the bench and the property tests all run it, so
//! they check exactly what `ledger check` checks.

use std::collections::BTreeSet;
use std::path::Path;

use crate::dates::Date;
use crate::diag::Severity;
use crate::diag::{Located, locate};
use crate::eval::{self, Finding, Settings};
use crate::load::{self, Analysis, InputFile, Keep};
use crate::messages::Lang;
use crate::render::{NotEvaluated, Report, Summary};

/// What a check run is asked for.
#[derive(Clone, Debug)]
pub struct CheckOptions {
    /// `--as-of`; without it `check.as_of` in `ledger.toml`, else `today`.
    pub as_of: Option<Date>,
    pub today: Date,
    /// `--unit`: only these units' findings. Empty: every unit.
    pub units: Vec<String>,
    /// The language the diagnostics are worded in.
    pub lang: Lang,
}

/// One finished run: the analysed repository and what it reports.
pub struct CheckRun {
    pub analysis: Analysis,
    pub settings: Settings,
    /// Sorted (§8.1), filtered by [`CheckOptions::units`].
    pub findings: Vec<Finding>,
    /// The analysis' diagnostics with file, line and message.
    pub diagnostics: Vec<Located>,
    pub summary: Summary,
    /// Registered units (within [`CheckOptions::units`]) whose ledger has an error.
    pub not_evaluated: Vec<NotEvaluated>,
    /// Format 1.1: regular obligations without a maximum gap (not scored).
    pub unscored: Vec<String>,
}

impl CheckRun {
    /// The run as renderers take it.
    pub fn report(&self) -> Report<'_> {
        Report {
            as_of: self.analysis.as_of,
            diagnostics: &self.diagnostics,
            findings: &self.findings,
            summary: self.summary,
            not_evaluated: &self.not_evaluated,
            unscored: &self.unscored,
            repo: Some(&self.analysis.repo),
            sources: Some(&self.analysis.sources),
        }
    }
}

/// A `--unit` that names no registered unit (a usage error, not a diagnostic).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownUnit {
    pub unit: String,
    /// The closest registered ids (all those equally close), in name order.
    pub suggestions: Vec<String>,
}

/// Check the ledger repository at `root` (already discovered). The run
/// keeps what a report of it needs ([`Keep::Reported`]).
pub fn check(root: &Path, opts: &CheckOptions) -> Result<CheckRun, UnknownUnit> {
    check_files(load::read_repo(root), opts)
}

/// [`check`], keeping `keep`, reporting `progress(files done, files)` while
/// the files are parsed (see [`load::analyze_with_progress`]).
pub fn check_with_progress(
    root: &Path,
    opts: &CheckOptions,
    progress: &(dyn Fn(u64, u64) + Sync),
    keep: Keep,
) -> Result<CheckRun, UnknownUnit> {
    run_files(load::read_repo(root), opts, progress, keep)
}

/// Check files held in memory, named by their repository paths: what
/// [`check`] does after reading.
pub fn check_files(files: Vec<InputFile>, opts: &CheckOptions) -> Result<CheckRun, UnknownUnit> {
    run_files(files, opts, &|_, _| {}, Keep::Reported)
}

fn run_files(
    files: Vec<InputFile>,
    opts: &CheckOptions,
    progress: &(dyn Fn(u64, u64) + Sync),
    keep: Keep,
) -> Result<CheckRun, UnknownUnit> {
    let analysis = load::analyze_keeping(files, opts.as_of, opts.today, progress, keep);
    let wanted: BTreeSet<&str> = opts.units.iter().map(String::as_str).collect();
    for u in &wanted {
        if !analysis.repo.units.contains_key(*u) {
            let mut known: Vec<&str> = analysis.repo.units.keys().map(String::as_str).collect();
            known.sort_unstable();
            return Err(UnknownUnit {
                unit: (*u).to_owned(),
                suggestions: crate::suggest::closest_all(u, known.iter().copied()),
            });
        }
    }
    let settings = Settings {
        as_of: analysis.as_of,
        due_soon_days: analysis.repo.due_soon_days(),
    };
    let mut findings = eval::evaluate(&analysis.repo, settings);
    if !wanted.is_empty() {
        findings.retain(|f| wanted.contains(f.unit.as_str()));
    }
    let diagnostics = locate(&analysis.diagnostics, &analysis.sources, opts.lang);
    let not_evaluated = not_evaluated(&analysis, &diagnostics, &wanted);
    let mut summary = Summary::of(&diagnostics, &findings);
    summary.units_not_evaluated = not_evaluated.len();
    let unscored = if analysis.repo.findings_blocked {
        Vec::new()
    } else {
        eval::unscored(&analysis.repo)
    };
    if analysis.repo.format >= crate::model::FormatVersion::V1_1 {
        summary.unscored = Some(unscored.len());
    }
    Ok(CheckRun {
        analysis,
        settings,
        findings,
        diagnostics,
        summary,
        not_evaluated,
        unscored,
    })
}

/// Registered units whose ledger file has an error (spec §7: no findings), in
/// id order, with the number of errors in the file.
fn not_evaluated(
    analysis: &Analysis,
    diagnostics: &[Located],
    wanted: &BTreeSet<&str>,
) -> Vec<NotEvaluated> {
    let repo = &analysis.repo;
    repo.ledgers
        .iter()
        .filter(|(unit, doc)| {
            doc.flawed
                && repo.units.contains_key(unit.as_str())
                && (wanted.is_empty() || wanted.contains(unit.as_str()))
        })
        .map(|(unit, doc)| {
            let file = analysis.sources.get(doc.file).path.clone();
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error && d.file.as_deref() == Some(&file))
                .count();
            NotEvaluated {
                unit: unit.clone(),
                name: repo.unit_name(unit).to_owned(),
                file,
                errors,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(units: &[&str]) -> CheckOptions {
        let day = crate::dates::parse_iso_date("2019-01-15").expect("date");
        CheckOptions {
            as_of: Some(day),
            today: day,
            units: units.iter().map(|u| (*u).to_owned()).collect(),
            lang: Lang::En,
        }
    }

    fn files() -> Vec<InputFile> {
        let plan = "plan: {id: p, issued: 2018-04-19}
units:
  - {id: jw, name: 区纪委}
  - {id: zzb, name: 区委组织部}
points:
  - id: WP14
    title: 报告工作
    lead: [jw, zzb]
";
        vec![
            InputFile::new("ledger.toml", "[check]\n"),
            InputFile::new("plan/plan.yaml", plan),
            InputFile::new("units/jw.yaml", "unit: jw\n"),
        ]
    }

    #[test]
    fn findings_carry_their_place_and_the_unit_filter_applies() {
        let run = check_files(files(), &opts(&[])).expect("units are registered");
        assert!(run.diagnostics.is_empty(), "{:?}", run.diagnostics);
        let report = run.report();
        let places: Vec<(String, &str, usize)> = run
            .findings
            .iter()
            .map(|f| {
                let p = report.place(f).expect("every finding has a place");
                (f.unit.clone(), p.path, p.line)
            })
            .collect();
        // jw: no record on WP14 (the point, line 6); zzb: no ledger (its
        // registry entry, line 4) and no record on WP14.
        assert_eq!(
            places,
            vec![
                ("jw".to_owned(), "plan/plan.yaml", 6),
                ("zzb".to_owned(), "plan/plan.yaml", 4),
                ("zzb".to_owned(), "plan/plan.yaml", 6),
            ]
        );
        assert_eq!(run.summary.gaps, 3);
        let only = check_files(files(), &opts(&["jw"])).expect("jw is registered");
        assert_eq!(only.findings.len(), 1);
        assert_eq!(only.summary.gaps, 1);
    }

    #[test]
    fn an_unknown_unit_is_named_with_a_suggestion() {
        let Err(e) = check_files(files(), &opts(&["zbb"])) else {
            panic!("zbb is not registered");
        };
        assert_eq!(e.unit, "zbb");
        assert_eq!(e.suggestions, ["zzb"]);
    }
}
