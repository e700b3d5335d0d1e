//! Finding one's way: `show`, `list` and `agenda`. They only read; what they
//! show is computed in [`crate::show`] and [`crate::agenda`] and worded in
//! `render/show.rs` and `render/agenda.rs`.

use crate::cli::{ERROR, SUCCESS};
use crate::dates::Date;
use crate::load::{self, Analysis};
use crate::messages::clerk::Problem;
use crate::validate::Repository;

use super::{Ctx, RepoArg, parse_date};

#[derive(clap::Args, Debug)]
pub struct ShowArgs {
    /// A work point, unit, item or obligation id
    #[arg(value_name = "ID")]
    id: String,
    /// Evaluate as of this date (default: check.as_of in ledger.toml, else today)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<Date>,
    #[command(flatten)]
    repo: RepoArg,
}

#[derive(clap::Args, Debug)]
pub struct ListArgs {
    /// What to list
    #[arg(value_enum)]
    what: ListChoice,
    /// Only what bears on this unit (default: LEDGER_UNIT)
    #[arg(long, value_name = "U")]
    unit: Option<String>,
    #[command(flatten)]
    repo: RepoArg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ListChoice {
    Points,
    Units,
    Kinds,
    Obligations,
    Checklists,
}

#[derive(clap::Args, Debug)]
pub struct AgendaArgs {
    /// How many days ahead
    #[arg(long, default_value_t = 30, value_name = "N")]
    days: u32,
    /// Only this unit (default: LEDGER_UNIT)
    #[arg(long, value_name = "U")]
    unit: Option<String>,
    /// Evaluate as of this date (default: check.as_of in ledger.toml, else today)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<Date>,
    #[arg(long, value_enum, default_value_t = AgendaFormat::Human)]
    format: AgendaFormat,
    #[command(flatten)]
    repo: RepoArg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum AgendaFormat {
    Human,
    Json,
}

/// A repository read for looking at, as of a date.
fn look(
    cx: &mut Ctx<'_, '_>,
    repo: &RepoArg,
    as_of: Option<Date>,
) -> anyhow::Result<Option<(Analysis, crate::eval::Settings)>> {
    let Some((root, first)) = cx.open(repo)? else {
        return Ok(None);
    };
    let analysis = match as_of {
        Some(d) => load::analyze(load::read_repo(&root), Some(d), cx.env.today),
        None => first,
    };
    let settings = crate::eval::Settings {
        as_of: analysis.as_of,
        due_soon_days: analysis.repo.due_soon_days(),
    };
    Ok(Some((analysis, settings)))
}

/// The unit to filter by: `--unit`, else `LEDGER_UNIT`; must be registered.
fn filter_unit(
    cx: &mut Ctx<'_, '_>,
    given: Option<&str>,
    repo: &Repository,
) -> Result<Option<String>, Problem> {
    let env_unit = (cx.env.var)("LEDGER_UNIT").filter(|u| !u.is_empty());
    match given.map(str::to_owned).or(env_unit) {
        None => Ok(None),
        Some(u) if repo.units.contains_key(&u) => Ok(Some(u)),
        Some(u) => Err(Problem::UnknownUnit {
            suggestion: crate::suggest::closest(&u, repo.units.keys().map(String::as_str)),
            unit: u,
        }),
    }
}

pub fn show(a: &ShowArgs, cx: &mut Ctx<'_, '_>) -> anyhow::Result<i32> {
    let Some((analysis, settings)) = look(cx, &a.repo, a.as_of)? else {
        return Ok(ERROR);
    };
    match crate::show::show(&analysis.repo, &analysis.sources, settings, &a.id) {
        Some(shown) => {
            crate::render::show::show(&shown, &analysis.repo, cx.lang, cx.out)?;
            Ok(SUCCESS)
        }
        None => {
            let mut known: Vec<String> = analysis.repo.units.keys().cloned().collect();
            known.extend(analysis.repo.refs.keys().cloned());
            for doc in analysis.repo.ledgers.values() {
                known.extend(doc.items.iter().map(|i| i.id.value.0.as_str().to_owned()));
            }
            cx.fail(&Problem::UnknownId {
                suggestion: crate::suggest::closest(&a.id, known.iter().map(String::as_str)),
                id: a.id.clone(),
            })
        }
    }
}

pub fn list(a: &ListArgs, cx: &mut Ctx<'_, '_>) -> anyhow::Result<i32> {
    let Some((analysis, _)) = look(cx, &a.repo, None)? else {
        return Ok(ERROR);
    };
    let unit = match filter_unit(cx, a.unit.as_deref(), &analysis.repo) {
        Ok(u) => u,
        Err(p) => return cx.fail(&p),
    };
    let what = match a.what {
        ListChoice::Points => crate::show::ListWhat::Points,
        ListChoice::Units => crate::show::ListWhat::Units,
        ListChoice::Kinds => crate::show::ListWhat::Kinds,
        ListChoice::Obligations => crate::show::ListWhat::Obligations,
        ListChoice::Checklists => crate::show::ListWhat::Checklists,
    };
    let rows = crate::show::list(&analysis.repo, what, unit.as_deref());
    crate::render::show::list(&rows, cx.out)?;
    Ok(SUCCESS)
}

pub fn agenda(a: &AgendaArgs, cx: &mut Ctx<'_, '_>) -> anyhow::Result<i32> {
    let Some((analysis, settings)) = look(cx, &a.repo, a.as_of)? else {
        return Ok(ERROR);
    };
    let unit = match filter_unit(cx, a.unit.as_deref(), &analysis.repo) {
        Ok(u) => u,
        Err(p) => return cx.fail(&p),
    };
    let days = i64::from(a.days);
    let entries = crate::agenda::agenda(&analysis.repo, settings, days, unit.as_deref());
    match a.format {
        AgendaFormat::Human => {
            crate::render::agenda::human(
                &entries,
                &analysis.repo,
                settings.as_of,
                days,
                cx.lang,
                cx.out,
            )?;
        }
        AgendaFormat::Json => crate::render::agenda::json(&entries, settings.as_of, days, cx.out)?,
    }
    Ok(SUCCESS)
}
