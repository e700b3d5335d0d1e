//! `ledger report`, and what the hand-on commands (`report`, `export html`,
//! `export ics`) share: reading the repository, stopping on errors, the
//! `--unit` check and writing the file (`--out FILE`, `-` for stdout, else a
//! default name with the plan id and the date).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::cli::{ERROR, Env, SUCCESS};
use crate::dates::{Date, iso};
use crate::eval::Settings;
use crate::load;
use crate::messages::Lang;
use crate::messages::report as m;

use super::facts::{self, YearScope};

#[derive(clap::Args, Debug)]
pub(crate) struct ReportArgs {
    /// The ledger repository (default: the nearest folder above holding ledger.toml, else ./ledgers)
    #[arg(long, value_name = "DIR")]
    repo: Option<PathBuf>,
    /// Evaluation date (YYYY-MM-DD); default: check.as_of in ledger.toml, else today
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<Date>,
    /// The calendar year reported on, evaluated as of its last day or the evaluation
    /// date, whichever is earlier (default: the evaluation date's year)
    #[arg(long, value_name = "YYYY")]
    year: Option<i32>,
    /// The reporting lead unit: the points it leads, its own items and findings
    /// (default: the plan-wide report for the 区党廉办)
    #[arg(long, value_name = "ID")]
    unit: Option<String>,
    /// md (Markdown) or docx (Word); default: from the --out extension, else md
    #[arg(long, value_enum)]
    format: Option<ReportFormat>,
    /// Where to write it; `-` for stdout (default: <plan>-report-<year>[-<unit>].<ext>)
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    Md,
    Docx,
}

pub(crate) use crate::cli::parse_date;

/// A repository read and validated without errors.
pub(crate) struct Loaded {
    pub(crate) analysis: load::Analysis,
    pub(crate) settings: Settings,
}

/// Find, read and validate the repository, as `summary` and `export xlsx` do
/// ([`crate::cli::load_for_counting`]). Diagnostics go to `err` as `check`
/// shows them; `None` (exit 2) when there is no repository or an error.
pub(crate) fn load(
    repo: Option<&PathBuf>,
    as_of: Option<Date>,
    env: &Env<'_>,
    lang: Lang,
    color: bool,
    err: &mut dyn Write,
) -> anyhow::Result<Option<Loaded>> {
    let what = crate::cli::Counting {
        repo,
        as_of,
        units: &[],
        jobs: None,
        keep: crate::load::Keep::Reported,
    };
    Ok(
        crate::cli::load_for_counting(&what, env, lang, color, err)?.map(|run| Loaded {
            analysis: run.analysis,
            settings: run.settings,
        }),
    )
}

/// `--unit U` names a registered unit, else a message on `err`.
pub(crate) fn check_unit(
    repo: &crate::validate::Repository,
    unit: &str,
    lang: Lang,
    err: &mut dyn Write,
) -> anyhow::Result<bool> {
    if repo.units.contains_key(unit) {
        // 1.1: a body without a ledger has no report of its own — its work is
        // in the report of the unit recording for it; a group's in its members'.
        let Some(u) = repo.unit(unit) else {
            return Ok(true);
        };
        let said = if let Some(office) = &u.reported_by {
            let office = office.value.0.as_str();
            m::reported_body(unit, &u.name.value, office, repo.unit_name(office), lang)
        } else if u.members.is_some() {
            m::group_unit(unit, &u.name.value, lang)
        } else {
            return Ok(true);
        };
        writeln!(err, "ledger: {said}")?;
        return Ok(false);
    }
    let mut known: Vec<&str> = repo.units.keys().map(String::as_str).collect();
    known.sort_unstable();
    let hint = crate::suggest::closest(unit, known.iter().copied());
    writeln!(
        err,
        "ledger: {}",
        m::not_a_unit(unit, hint.as_deref(), lang)
    )?;
    Ok(false)
}

/// Write the file: to stdout for `-`, else to `--out` or the default name
/// (relative to the working directory), then print its path.
pub(crate) fn emit(
    bytes: &[u8],
    given: Option<&Path>,
    default_name: &str,
    env: &Env<'_>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    if given == Some(Path::new("-")) {
        out.write_all(bytes)?;
        return Ok(());
    }
    let path = env.cwd.join(given.unwrap_or(Path::new(default_name)));
    std::fs::write(&path, bytes).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    writeln!(
        out,
        "{}",
        given.unwrap_or(Path::new(default_name)).display()
    )?;
    Ok(())
}

/// `ledger report`: exit 0 with the file written; 2 on errors in the files,
/// bad usage, or a year that has not begun.
pub(crate) fn run(
    args: &ReportArgs,
    env: &Env<'_>,
    lang: Lang,
    color: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    let Some(Loaded {
        mut analysis,
        settings,
    }) = load(args.repo.as_ref(), args.as_of, env, lang, color, err)?
    else {
        return Ok(ERROR);
    };
    if let Some(u) = &args.unit
        && !check_unit(&analysis.repo, u, lang, err)?
    {
        return Ok(ERROR);
    }
    let year = args.year.unwrap_or_else(|| {
        use chrono::Datelike;
        settings.as_of.year()
    });
    let Some(scope) = YearScope::new(year, settings.as_of) else {
        writeln!(
            err,
            "ledger: {}",
            m::year_not_begun(year, &iso(settings.as_of), lang)
        )?;
        return Ok(ERROR);
    };
    let format =
        args.format
            .unwrap_or_else(|| match args.out.as_ref().and_then(|p| p.extension()) {
                Some(e) if e.eq_ignore_ascii_case("docx") => ReportFormat::Docx,
                _ => ReportFormat::Md,
            });
    let report = super::build(&mut analysis.repo, settings, scope, args.unit.as_deref());
    let repo = &analysis.repo;
    let blocks = super::layout::layout(&report, lang);
    let mut bytes = Vec::new();
    let ext = match format {
        ReportFormat::Md => {
            super::markdown::write(&blocks, &mut bytes)?;
            "md"
        }
        ReportFormat::Docx => {
            let title = match blocks.first() {
                Some(super::layout::Block::Title(t)) => t.clone(),
                _ => String::new(),
            };
            super::docx::write(&blocks, &title, &mut bytes)?;
            "docx"
        }
    };
    let name = match &args.unit {
        Some(u) => format!("{}-report-{year}-{u}.{ext}", facts::plan_id(repo)),
        None => format!("{}-report-{year}.{ext}", facts::plan_id(repo)),
    };
    emit(&bytes, args.out.as_deref(), &name, env, out)?;
    Ok(SUCCESS)
}
