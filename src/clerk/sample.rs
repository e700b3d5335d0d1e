//! `ledger sample` (docs/format.md §1.1.11): draw the targets of sample
//! obligations and append each draw to `samples:` of its party's ledger.
//!
//! Everything is decided under the repository's lock, from the files as they
//! are then: which windows are already drawn, and the `besides` draws a draw
//! must exclude. All the draws of one run are checked together and written
//! together, or none is ([`super::change::commit_files`]).

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::cli::{ERROR, SUCCESS};
use crate::dates::{Date, Period, Share, iso};
use crate::load::{Analysis, InputFile};
use crate::messages::clerk::Problem;
use crate::model::{Obligation, Point, Within};
use crate::sample::{self, Seed};
use crate::select::Resolver;
use crate::validate::{PlanDoc, Repository, party_units};

use super::change::{self, FileEdit};
use super::edit::{EditError, FileText, Val};
use super::{Ctx, RepoArg, parse_date};

#[derive(clap::Args, Debug)]
#[command(group(
    clap::ArgGroup::new("which")
        .required(true)
        .args(["obligations", "all"])
))]
pub struct SampleArgs {
    /// The sample obligations to draw: REF/ID, or ID alone when only one sample obligation has it
    #[arg(value_name = "OBLIGATION")]
    obligations: Vec<String>,
    /// Draw every sample obligation
    #[arg(long)]
    all: bool,
    /// The window to draw (default: the window of the obligation's `within` that holds --date)
    #[arg(long, value_name = "LABEL")]
    period: Option<String>,
    /// Only draw for this party unit (default: LEDGER_UNIT)
    #[arg(long, value_name = "ID")]
    unit: Option<String>,
    /// The draw's date: the register as of this day is drawn from (default: today)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    date: Option<Date>,
    #[command(flatten)]
    repo: RepoArg,
}

/// One draw, written by this run or found already in the ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drawn {
    /// The ledger file, relative to the repository root.
    pub path: String,
    /// The line of the draw's entry in it.
    pub line: usize,
    /// The obligation as the user names it: `M20/cadre-check`, or the id
    /// alone for a plan-wide obligation.
    pub obligation: String,
    pub period: String,
    pub date: Date,
    pub population: usize,
    /// In draw order, each with its registered name (if any).
    pub targets: Vec<(String, Option<String>)>,
    /// The targets are people (else units).
    pub people: bool,
    /// The window was drawn before this run; nothing was written for it.
    pub already: bool,
}

pub fn run(a: &SampleArgs, cx: &mut Ctx<'_, '_>) -> anyhow::Result<i32> {
    let Some(root) = cx.root(&a.repo)? else {
        return Ok(ERROR);
    };
    // A clerk's LEDGER_UNIT, like every clerk command: draws go to that
    // ledger only. The office drawing for every unit leaves it unset.
    let env_unit = (cx.env.var)("LEDGER_UNIT").filter(|u| !u.is_empty());
    let request = Request {
        obligations: if a.all { None } else { Some(&a.obligations) },
        period: a.period.as_deref(),
        unit: a.unit.as_deref().or(env_unit.as_deref()),
        date: a.date.unwrap_or(cx.env.today),
    };
    match change::commit_files(root.as_path(), cx.env.today, cx.lang, &|analysis, files| {
        plan(&request, analysis, files)
    }) {
        Ok(applied) => {
            crate::render::clerk::sampled(&applied.outcome, cx.lang, cx.out)?;
            Ok(SUCCESS)
        }
        Err(refusal) => {
            change::show_refusal(&refusal, cx.lang, cx.color, cx.err)?;
            Ok(ERROR)
        }
    }
}

/// What to draw.
struct Request<'a> {
    /// `None`: every sample obligation (`--all`).
    obligations: Option<&'a Vec<String>>,
    period: Option<&'a str>,
    unit: Option<&'a str>,
    date: Date,
}

/// A sample obligation and where it is defined.
#[derive(Clone, Copy)]
struct Sampled<'r> {
    owner: &'r str,
    doc: &'r PlanDoc,
    point: Option<&'r Point>,
    ob: &'r Obligation,
}

impl<'r> Sampled<'r> {
    fn id(&self) -> &'r str {
        &self.ob.id.value.0
    }

    fn name(&self) -> String {
        display_name(self.owner, self.id())
    }

    /// The owner of the obligation `besides` names: the same point, or — for
    /// a plan-wide obligation — that obligation itself.
    fn besides(&self) -> Option<(&'r str, &'r str)> {
        let b = self.ob.besides.as_ref()?.value.0.as_str();
        Some(match self.point {
            Some(_) => (self.owner, b),
            None => (b, b),
        })
    }
}

fn display_name(owner: &str, id: &str) -> String {
    if owner == id {
        id.to_owned()
    } else {
        format!("{owner}/{id}")
    }
}

/// Every sample obligation, in plan order, as the repository resolves its
/// owner (a duplicate definition is not a second obligation).
fn sample_obligations(repo: &Repository) -> Vec<Sampled<'_>> {
    let mut out: Vec<Sampled<'_>> = Vec::new();
    for doc in &repo.plans {
        let on_points = doc.plan.points.iter().flat_map(|p| {
            p.obligations
                .iter()
                .map(move |o| (p.id.value.0.as_str(), o))
        });
        let plan_wide = doc
            .plan
            .obligations
            .iter()
            .map(|o| (o.id.value.0.as_str(), o));
        for (owner, ob) in on_points.chain(plan_wide) {
            if !ob.is_sample() {
                continue;
            }
            let Some((doc, point, canonical)) = repo.obligation(owner, &ob.id.value.0) else {
                continue;
            };
            if std::ptr::eq(canonical, ob) {
                out.push(Sampled {
                    owner,
                    doc,
                    point,
                    ob,
                });
            }
        }
    }
    out
}

/// The obligations the user named (or all), each once, in the order given.
fn chosen<'r>(
    repo: &'r Repository,
    all: &[Sampled<'r>],
    names: Option<&Vec<String>>,
) -> Result<Vec<Sampled<'r>>, Problem> {
    let Some(names) = names else {
        return Ok(all.to_vec());
    };
    let mut out: Vec<Sampled<'r>> = Vec::new();
    for given in names {
        let hits: Vec<&Sampled<'r>> = match given.split_once('/') {
            Some((owner, id)) => all
                .iter()
                .filter(|s| s.owner == owner && s.id() == id)
                .collect(),
            None => all.iter().filter(|s| s.id() == given).collect(),
        };
        let one = match hits.as_slice() {
            [one] => **one,
            [] => {
                // An obligation that exists but does not sample says so;
                // anything else gets the closest sample obligation's name.
                let exists = match given.split_once('/') {
                    Some((owner, id)) => repo.obligation(owner, id).is_some(),
                    None => repo.plans.iter().any(|d| {
                        d.plan
                            .points
                            .iter()
                            .flat_map(|p| &p.obligations)
                            .chain(&d.plan.obligations)
                            .any(|o| o.id.value.0 == *given)
                    }),
                };
                if exists {
                    return Err(Problem::NotSampleObligation(given.clone()));
                }
                let names: Vec<String> = all.iter().map(Sampled::name).collect();
                let ids: Vec<&str> = all.iter().map(Sampled::id).collect();
                let suggestion = crate::suggest::closest(given, names.iter().map(String::as_str))
                    .or_else(|| crate::suggest::closest(given, ids.iter().copied()));
                return Err(Problem::UnknownSampleObligation {
                    given: given.clone(),
                    suggestion,
                });
            }
            many => {
                return Err(Problem::AmbiguousObligation {
                    id: given.clone(),
                    candidates: many.iter().map(|s| s.name()).collect(),
                });
            }
        };
        if !out
            .iter()
            .any(|s| s.owner == one.owner && s.id() == one.id())
        {
            out.push(one);
        }
    }
    Ok(out)
}

/// How many `besides` steps lead from `s` to an obligation without one: a
/// draw is made after the draws it excludes when sorted by this.
fn depth(repo: &Repository, s: &Sampled<'_>) -> usize {
    let mut at = *s;
    let mut steps = 0;
    // A cycle is an error in the plan (refused before this); the bound only
    // keeps a mistake from hanging the command.
    while let Some((owner, id)) = at.besides() {
        let Some((doc, point, ob)) = repo.obligation(owner, id) else {
            break;
        };
        steps += 1;
        if steps > 64 {
            break;
        }
        at = Sampled {
            owner,
            doc,
            point,
            ob,
        };
    }
    steps
}

/// One window to draw for one party.
struct Job<'r> {
    s: Sampled<'r>,
    unit: String,
    period: String,
    depth: usize,
}

/// The draws of a run: the edited ledger files and what to tell.
fn plan(
    req: &Request<'_>,
    analysis: &Analysis,
    files: &[InputFile],
) -> Result<(Vec<FileEdit>, Vec<Drawn>), Problem> {
    let repo = &analysis.repo;
    let all = sample_obligations(repo);
    let chosen = chosen(repo, &all, req.obligations)?;
    if let Some(u) = req.unit
        && !repo.units.contains_key(u)
    {
        return Err(Problem::UnknownUnit {
            unit: u.to_owned(),
            suggestion: crate::suggest::closest(u, repo.units.keys().map(String::as_str)),
        });
    }
    let resolver = Resolver::new(repo);
    let mut jobs: Vec<Job<'_>> = Vec::new();
    for s in &chosen {
        if s.doc.is_flawed(&s.ob.id) {
            return Err(Problem::ObligationHasErrors(s.name()));
        }
        let Some(within) = s.ob.within.as_ref().map(|w| w.value) else {
            return Err(Problem::ObligationHasErrors(s.name()));
        };
        let period = window(within, req.period, req.date).ok_or_else(|| Problem::NotAWindow {
            period: req.period.unwrap_or_default().to_owned(),
            obligation: s.name(),
            within: within.as_str(),
            example: sample::window_of(within, req.date),
        })?;
        let parties = party_units(&resolver, s.doc, s.point, s.ob);
        if let (Some(u), Some(_)) = (req.unit, req.obligations)
            && !parties.contains(u)
        {
            return Err(Problem::NotAParty {
                unit: u.to_owned(),
                obligation: s.name(),
            });
        }
        let d = depth(repo, s);
        for unit in parties {
            if req.unit.is_some_and(|u| u != unit) {
                continue;
            }
            jobs.push(Job {
                s: *s,
                unit,
                period: period.clone(),
                depth: d,
            });
        }
    }
    if jobs.is_empty() {
        return Err(Problem::NothingToDraw {
            unit: req.unit.map(str::to_owned),
        });
    }
    // Stable: within one depth, the order of the plan (or of the command line).
    jobs.sort_by_key(|j| j.depth);

    // Draws made in this run, by (unit, owner, obligation, period).
    let mut made: HashMap<(String, String, String, String), Vec<String>> = HashMap::new();
    // Edited texts by path.
    let mut texts: BTreeMap<String, FileText> = BTreeMap::new();
    let mut out: Vec<Drawn> = Vec::new();
    for job in &jobs {
        let s = &job.s;
        let path = change::ledger_path(repo, analysis, &job.unit)
            .ok_or_else(|| Problem::NoLedger(job.unit.clone()))?;
        let ledger = &repo.ledgers[&job.unit];
        let people = s.ob.cover.as_ref().is_some_and(|c| c.value.is_people());
        let existing = |owner: &str, id: &str| {
            ledger.samples.iter().find(|d| {
                d.ref_.value.0 == owner
                    && d.obligation.value.0 == id
                    && d.period.value == job.period
            })
        };
        if let Some(d) = existing(s.owner, s.id()) {
            let line = analysis
                .sources
                .get(ledger.file)
                .line_of(d.ref_.span.start.min(d.obligation.span.start) as usize);
            out.push(Drawn {
                path,
                line,
                obligation: s.name(),
                period: job.period.clone(),
                date: d.date.value,
                population: d.population.value as usize,
                targets: named(
                    repo,
                    people,
                    d.targets.iter().map(|t| t.value.0.as_str().to_owned()),
                ),
                people,
                already: true,
            });
            continue;
        }
        let mut population =
            sample::population(&resolver, s.doc, s.point, s.ob, &job.unit, req.date);
        if let Some((owner, id)) = s.besides() {
            let key = (
                job.unit.clone(),
                owner.to_owned(),
                id.to_owned(),
                job.period.clone(),
            );
            let excluded: Vec<String> = match (existing(owner, id), made.get(&key)) {
                (Some(d), _) => d
                    .targets
                    .iter()
                    .map(|t| t.value.0.as_str().to_owned())
                    .collect(),
                (None, Some(t)) => t.clone(),
                (None, None) => {
                    return Err(Problem::BesidesNotDrawn {
                        obligation: s.name(),
                        besides: display_name(owner, id),
                        period: job.period.clone(),
                        unit: job.unit.clone(),
                    });
                }
            };
            for t in &excluded {
                population.remove(t);
            }
        }
        let share = s.ob.share.as_ref().map_or(Share::FULL, |x| x.value);
        let seed = Seed {
            plan: sample::plan_id(s.doc),
            owner: s.owner,
            obligation: s.id(),
            period: &job.period,
            unit: &job.unit,
        };
        let targets = sample::draw(&seed, &population, share);
        let text = match texts.entry(path.clone()) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(change::file_text(files, &path)?),
        };
        let line = text
            .append_entry(
                "samples",
                &entry(s, job, req.date, &population, &targets),
                None,
            )
            .map_err(|e| match e {
                EditError::NotALedger => Problem::FileHasErrors(path.clone()),
                _ => Problem::CannotEdit(path.clone()),
            })?;
        made.insert(
            (
                job.unit.clone(),
                s.owner.to_owned(),
                s.id().to_owned(),
                job.period.clone(),
            ),
            targets.clone(),
        );
        out.push(Drawn {
            path,
            line,
            obligation: s.name(),
            period: job.period.clone(),
            date: req.date,
            population: population.len(),
            targets: named(repo, people, targets.into_iter()),
            people,
            already: false,
        });
    }
    let edits = texts
        .into_iter()
        .map(|(path, text)| FileEdit {
            bytes: text.to_bytes(),
            path,
        })
        .collect();
    Ok((edits, out))
}

/// The window's label: `--period` when it is a window of `within` (written
/// as the evaluator spells it), else the window holding the date.
fn window(within: Within, given: Option<&str>, date: Date) -> Option<String> {
    match given {
        Some(label) if sample::is_window(within, label) => Some(match within {
            Within::Cal(_) => Period::parse_label(label).map_or(label.to_owned(), |p| p.label()),
            _ => label.to_owned(),
        }),
        Some(_) => None,
        None => sample::window_of(within, date),
    }
}

/// The entry, keys in the documented order (docs/format.md §1.1.8).
fn entry(
    s: &Sampled<'_>,
    job: &Job<'_>,
    date: Date,
    population: &BTreeSet<String>,
    targets: &[String],
) -> Vec<(&'static str, Val)> {
    vec![
        ("ref", Val::Str(s.owner.to_owned())),
        ("obligation", Val::Str(s.id().to_owned())),
        // Always quoted: `2021` unquoted reads as a number to other tools.
        ("period", Val::Plain(format!("\"{}\"", job.period))),
        ("date", Val::Plain(iso(date))),
        ("population", Val::Plain(population.len().to_string())),
        ("targets", Val::List(targets.to_vec())),
    ]
}

/// Ids with the register's names: a person's `name`, a unit's `name`.
fn named(
    repo: &Repository,
    people: bool,
    ids: impl Iterator<Item = String>,
) -> Vec<(String, Option<String>)> {
    ids.map(|id| {
        let name = if people {
            repo.person(&id)
                .and_then(|p| p.name.as_ref())
                .map(|n| n.value.clone())
        } else {
            repo.unit(&id).map(|u| u.name.value.clone())
        };
        (id, name)
    })
    .collect()
}
