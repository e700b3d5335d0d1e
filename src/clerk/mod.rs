//! The clerk's commands: write entries into unit ledgers (`new unit`, `add
//! record`, `add item`, `close`, `extend`, `progress`, `void`, and the draws
//! of `sample`) and find one's way (`show`, `list`, `agenda`).
//!
//! A write resolves its values first (asking for missing ones when someone is
//! at a terminal), then [`change::commit`] takes the repository's lock, makes a
//! lossless edit of the file's text ([`edit`]), checks the whole repository with
//! it and writes atomically ([`write`](mod@write)). The id of a new entry is chosen under
//! the lock, so concurrent adds never pick the same one.

pub mod change;
pub mod edit;
pub mod entries;
pub mod ids;
pub mod look;
pub mod prompt;
pub mod sample;
pub mod scalar;
pub mod write;

use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;

use crate::cli::{ERROR, Env, SUCCESS};
use crate::dates::Date;
use crate::load::{self, Analysis};
use crate::messages::clerk::{Field, Problem, item_kind_label};
use crate::messages::{Lang, Msg};
use crate::model::{DEFAULT_KINDS, ItemKind};
use crate::validate::Repository;

use prompt::{Choice, Prompter};

// ------------------------------------------------------------------ arguments

/// The clerk's commands, flattened into the top-level command list.
#[derive(clap::Subcommand, Debug)]
pub enum ClerkCommand {
    /// Create a unit's ledger file: `ledger new unit ID`
    New(NewArgs),
    /// Add a record or an item to a unit's ledger: `ledger add record|item …`
    Add(Box<AddArgs>),
    /// Close (销号) an item
    Close(CloseArgs),
    /// Move an item's due date, with a reason
    Extend(ExtendArgs),
    /// Note progress on an item
    Progress(ProgressArgs),
    /// Strike out a record or an item (it stays in the file, for the trail)
    Void(VoidArgs),
    /// One work point, unit, item or obligation, with everything that bears on it
    Show(look::ShowArgs),
    /// List points, units, kinds, obligations or checklists (the valid choices)
    List(look::ListArgs),
    /// What falls due in the next N days (default 30), by date
    Agenda(look::AgendaArgs),
    /// Draw the targets of sample obligations and append the draws to the parties' ledgers
    Sample(sample::SampleArgs),
}

/// Run one of the clerk's commands; the exit status.
pub fn run(cmd: ClerkCommand, cx: &mut Ctx<'_, '_>) -> anyhow::Result<i32> {
    match cmd {
        ClerkCommand::New(a) => entries::new(&a, cx),
        ClerkCommand::Add(a) => entries::add(&a, cx),
        ClerkCommand::Close(a) => entries::close(&a, cx),
        ClerkCommand::Extend(a) => entries::extend(&a, cx),
        ClerkCommand::Progress(a) => entries::progress(&a, cx),
        ClerkCommand::Void(a) => entries::void(&a, cx),
        ClerkCommand::Show(a) => look::show(&a, cx),
        ClerkCommand::List(a) => look::list(&a, cx),
        ClerkCommand::Agenda(a) => look::agenda(&a, cx),
        ClerkCommand::Sample(a) => sample::run(&a, cx),
    }
}

#[derive(clap::Args, Debug)]
pub struct NewArgs {
    #[command(subcommand)]
    what: NewWhat,
}

#[derive(clap::Subcommand, Debug)]
enum NewWhat {
    /// units/ID.yaml for a registered unit: header, modeline, empty lists
    Unit(NewUnitArgs),
}

#[derive(clap::Args, Debug)]
pub struct NewUnitArgs {
    /// The unit id (as registered in the units registry)
    #[arg(value_name = "ID")]
    id: Option<String>,
    /// The clerk who keeps the ledger
    #[arg(long)]
    clerk: Option<String>,
    #[command(flatten)]
    repo: RepoArg,
}

#[derive(clap::Args, Debug)]
pub struct RepoArg {
    /// The ledger repository (default: the nearest folder above holding ledger.toml, else ./ledgers)
    #[arg(long, value_name = "DIR")]
    repo: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct AddArgs {
    #[command(subcommand)]
    what: AddWhat,
}

#[derive(clap::Subcommand, Debug)]
enum AddWhat {
    /// Add a record of work done to a unit's ledger
    Record(AddRecordArgs),
    /// Add an item with a deadline (rectification, clue, task) to a unit's ledger
    Item(AddItemArgs),
}

#[derive(clap::Args, Debug)]
pub struct AddRecordArgs {
    /// The title (or --title)
    #[arg(value_name = "TITLE")]
    title_pos: Option<String>,
    /// The unit (default: LEDGER_UNIT)
    #[arg(long, value_name = "U")]
    unit: Option<String>,
    /// The point, checklist item or plan-wide obligation (an id, or its Chinese title)
    #[arg(long = "ref", value_name = "R")]
    ref_: Option<String>,
    /// The record kind (`meeting`, or its Chinese label `会议`)
    #[arg(long, value_name = "K")]
    kind: Option<String>,
    /// The title
    #[arg(long, value_name = "T")]
    title: Option<String>,
    /// The date of the work (default: today)
    #[arg(long, value_name = "D", value_parser = parse_date)]
    date: Option<Date>,
    /// The period it counts for (2018, 2018-H2, 2018-Q3, 2018-03)
    #[arg(long, value_name = "P")]
    period: Option<String>,
    /// A unit this work covered (repeatable)
    #[arg(long = "target", value_name = "X")]
    targets: Vec<String>,
    /// A person this record concerns (repeatable; format 1.1)
    #[arg(long = "person", value_name = "P")]
    people: Vec<String>,
    /// The person who did the work, when not the one it concerns (format 1.1)
    #[arg(long, value_name = "P")]
    by: Option<String>,
    /// The one obligation of its point this record serves (format 1.1)
    #[arg(long, value_name = "O")]
    obligation: Option<String>,
    /// A document number or file path (repeatable)
    #[arg(long, value_name = "E")]
    evidence: Vec<String>,
    /// A note
    #[arg(long, value_name = "N")]
    note: Option<String>,
    /// The record's id (default: the next in the unit's pattern)
    #[arg(long, value_name = "ID")]
    id: Option<String>,
    #[command(flatten)]
    repo: RepoArg,
}

#[derive(clap::Args, Debug)]
pub struct AddItemArgs {
    /// The title (or --title)
    #[arg(value_name = "TITLE")]
    title_pos: Option<String>,
    /// The unit (default: LEDGER_UNIT)
    #[arg(long, value_name = "U")]
    unit: Option<String>,
    /// rectification (整改), clue (问题线索), task (交办事项) or other (其他)
    #[arg(long, value_name = "K")]
    kind: Option<String>,
    #[arg(long = "ref", value_name = "R")]
    ref_: Option<String>,
    /// The title
    #[arg(long, value_name = "T")]
    title: Option<String>,
    /// Opened on (default: today)
    #[arg(long, value_name = "D", value_parser = parse_date)]
    opened: Option<Date>,
    /// Due date (may be left out when the point has a deadline)
    #[arg(long, value_name = "D", value_parser = parse_date)]
    due: Option<Date>,
    /// Where the item came from (an inspection group, a superior office)
    #[arg(long, value_name = "S")]
    source: Option<String>,
    /// The person responsible
    #[arg(long, value_name = "O")]
    owner: Option<String>,
    /// The leader responsible
    #[arg(long, value_name = "L")]
    leader: Option<String>,
    /// The measures taken
    #[arg(long, value_name = "M")]
    measures: Option<String>,
    /// Where the matter came from: assigned (上级交办), transferred (移交), petition (信访举报), found (监督发现), other (format 1.1)
    #[arg(long, value_name = "O")]
    origin: Option<String>,
    /// The item's id (default: the next in the unit's pattern for its kind)
    #[arg(long, value_name = "ID")]
    id: Option<String>,
    #[command(flatten)]
    repo: RepoArg,
}

/// Options shared by the commands on one existing entry.
#[derive(clap::Args, Debug)]
pub struct EntryArg {
    /// The record or item id (found across all unit ledgers)
    #[arg(value_name = "ID")]
    id: String,
    /// Only look in this unit's ledger (default: LEDGER_UNIT, if it holds the id)
    #[arg(long, value_name = "U")]
    unit: Option<String>,
    /// The date (default: today)
    #[arg(long, value_name = "D", value_parser = parse_date)]
    date: Option<Date>,
    #[command(flatten)]
    repo: RepoArg,
}

#[derive(clap::Args, Debug)]
pub struct CloseArgs {
    #[command(flatten)]
    entry: EntryArg,
    /// For clues: 谈话函询, 初步核实, 暂存待查, 予以了结 (or talk-inquiry, …)
    #[arg(long, value_name = "X")]
    disposal: Option<String>,
    /// A document number or file path (repeatable)
    #[arg(long, value_name = "E")]
    evidence: Vec<String>,
}

#[derive(clap::Args, Debug)]
pub struct ExtendArgs {
    #[command(flatten)]
    entry: EntryArg,
    /// The new due date
    #[arg(long, value_name = "D", value_parser = parse_date)]
    due: Option<Date>,
    /// The reason
    #[arg(long, value_name = "R")]
    reason: Option<String>,
}

#[derive(clap::Args, Debug)]
pub struct ProgressArgs {
    #[command(flatten)]
    entry: EntryArg,
    /// The progress note
    #[arg(long, value_name = "N")]
    note: Option<String>,
}

#[derive(clap::Args, Debug)]
pub struct VoidArgs {
    #[command(flatten)]
    entry: EntryArg,
    /// The reason
    #[arg(long, value_name = "R")]
    reason: Option<String>,
}

use crate::cli::parse_date;

// ------------------------------------------------------------------ context

/// What every clerk's command is given.
pub struct Ctx<'a, 'e> {
    pub env: &'a Env<'e>,
    pub lang: Lang,
    pub color: bool,
    pub prompter: &'a mut dyn Prompter,
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
}

impl Ctx<'_, '_> {
    fn fail(&mut self, p: &Problem) -> anyhow::Result<i32> {
        writeln!(
            self.err,
            "ledger: {}",
            crate::messages::clerk::problem(p, self.lang)
        )?;
        Ok(ERROR)
    }

    /// The repository and a first look at it (for choices), or exit 2.
    fn open(&mut self, repo: &RepoArg) -> anyhow::Result<Option<(PathBuf, Analysis)>> {
        let Some(root) = self.root(repo)? else {
            return Ok(None);
        };
        let analysis = load::analyze(load::read_repo(&root), None, self.env.today);
        Ok(Some((root, analysis)))
    }

    /// The repository's root, or why there is none (the caller exits 2).
    fn root(&mut self, repo: &RepoArg) -> anyhow::Result<Option<PathBuf>> {
        let explicit = repo.repo.as_ref().map(|r| self.env.cwd.join(r));
        let Some(root) = load::discover(&self.env.cwd, explicit.as_deref()) else {
            let from = explicit.as_deref().unwrap_or(&self.env.cwd);
            let (text, help) = Msg::NoRepo {
                from: from.display().to_string(),
                why: crate::discover::no_repo_why(&self.env.cwd, explicit.as_deref()),
            }
            .text(self.lang);
            writeln!(self.err, "ledger: {text}")?;
            if let Some(help) = help {
                writeln!(self.err, "  {help}")?;
            }
            return Ok(None);
        };
        Ok(Some(root))
    }

    fn ask(
        &mut self,
        given: Option<&str>,
        field: Field,
        choices: &[Choice],
    ) -> Result<String, Problem> {
        prompt::value(given, field, choices, self.prompter, self.lang, self.err)
    }

    /// `--unit`, else `LEDGER_UNIT`, else asked for; a registered unit.
    fn unit(&mut self, given: Option<&str>, repo: &Repository) -> Result<String, Problem> {
        let env_unit = (self.env.var)("LEDGER_UNIT").filter(|u| !u.is_empty());
        let given = given.map(str::to_owned).or(env_unit);
        let choices = unit_choices(repo);
        let unit = match &given {
            Some(u) if repo.units.contains_key(u) => return Ok(u.clone()),
            Some(u) => {
                let matched = prompt::resolve(u, &choices, false).ok();
                matched.ok_or_else(|| Problem::UnknownUnit {
                    unit: u.clone(),
                    suggestion: crate::suggest::closest(u, repo.units.keys().map(String::as_str)),
                })?
            }
            None => self.ask(None, Field::Unit, &choices)?,
        };
        Ok(unit)
    }

    fn commit(&mut self, root: &std::path::Path, plan: &change::Plan<'_>) -> anyhow::Result<i32> {
        match change::commit(root, self.env.today, self.lang, plan) {
            Ok((written, after)) => {
                crate::render::clerk::written(&written, &after.repo, self.lang, self.out)?;
                Ok(SUCCESS)
            }
            Err(refusal) => {
                change::show_refusal(&refusal, self.lang, self.color, self.err)?;
                Ok(ERROR)
            }
        }
    }
}

// ------------------------------------------------------------------ choices

fn unit_choices(repo: &Repository) -> Vec<Choice> {
    let mut ids: Vec<&String> = repo.units.keys().collect();
    ids.sort();
    ids.into_iter()
        .map(|u| Choice::new(u.clone(), repo.unit_name(u)))
        .collect()
}

/// Points, checklist items and plan-wide obligations, in plan order.
pub fn ref_choices(repo: &Repository) -> Vec<Choice> {
    let mut out = Vec::new();
    for doc in &repo.plans {
        for p in &doc.plan.points {
            out.push(Choice::new(
                p.id.value.0.as_str().to_owned(),
                p.title.value.clone(),
            ));
        }
        for cl in &doc.plan.checklists {
            for it in &cl.items {
                out.push(Choice::new(
                    it.id.value.0.as_str().to_owned(),
                    it.text.value.clone(),
                ));
            }
        }
        for ob in &doc.plan.obligations {
            out.push(Choice::new(
                ob.id.value.0.as_str().to_owned(),
                ob.title.value.clone(),
            ));
        }
    }
    out
}

/// The refs bearing on `unit` (points it leads, supports or has a duty on,
/// items of checklists that apply to it, plan-wide obligations binding it) —
/// what to offer when asking; all refs when none do.
pub fn unit_ref_choices(repo: &Repository, unit: &str) -> Vec<Choice> {
    use crate::show::{ListWhat, list};
    let mut seen = HashSet::new();
    let mine: Vec<Choice> = [
        ListWhat::Points,
        ListWhat::Checklists,
        ListWhat::Obligations,
    ]
    .into_iter()
    .flat_map(|w| list(repo, w, Some(unit)))
    .filter(|r| repo.refs.contains_key(&r.id) && seen.insert(r.id.clone()))
    .map(|r| Choice::new(r.id, r.title))
    .collect();
    if mine.is_empty() {
        ref_choices(repo)
    } else {
        mine
    }
}

pub fn kind_choices(repo: &Repository) -> Vec<Choice> {
    repo.kinds
        .iter()
        .map(|k| {
            let label = DEFAULT_KINDS
                .iter()
                .find(|(key, _)| key == k)
                .map_or(k.as_str(), |(_, l)| l);
            Choice::new(k.clone(), label)
        })
        .collect()
}

fn item_kind_choices() -> Vec<Choice> {
    ItemKind::NAMES
        .iter()
        .map(|k| Choice::new(*k, item_kind_label(k)))
        .collect()
}

/// An answer that must be one of the choices, except that an unknown id is let
/// through: the check of the changed repository reports it as `check` would
/// (`unknown-ref` with its suggestion).
fn lenient(
    cx: &mut Ctx<'_, '_>,
    given: Option<&str>,
    field: Field,
    choices: &[Choice],
) -> Result<String, Problem> {
    match cx.ask(given, field, choices) {
        Err(Problem::NotAChoice { given, .. })
            if given.is_ascii() && !given.is_empty() && !given.contains(char::is_whitespace) =>
        {
            Ok(given)
        }
        other => other,
    }
}

fn text_value(cx: &mut Ctx<'_, '_>, given: Option<&str>, field: Field) -> Result<String, Problem> {
    let v = cx.ask(given, field, &[])?;
    if v.trim().is_empty() {
        return Err(Problem::Missing(field));
    }
    Ok(v)
}
