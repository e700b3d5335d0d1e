//! The clerk's commands: write entries into unit ledgers (`new unit`, `add
//! record`, `add item`, `close`, `extend`, `progress`, `void`) and find one's
//! way (`show`, `list`, `agenda`).
//!
//! A write resolves its values first (asking for missing ones when someone is
//! at a terminal), then [`change::commit`] takes the repository's lock, makes a
//! lossless edit of the file's text ([`edit`]), checks the whole repository with
//! it and writes atomically ([`write`](mod@write)). The id of a new entry is chosen under
//! the lock, so concurrent adds never pick the same one.

pub mod change;
pub mod edit;
pub mod ids;
pub mod prompt;
pub mod scalar;
pub mod write;

use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;

use crate::cli::{ERROR, Env, SUCCESS};
use crate::dates::{self, Date, iso};
use crate::load::{self, Analysis};
use crate::messages::clerk::{Action, Field, Problem, item_kind_label};
use crate::messages::{Lang, Msg};
use crate::model::{DEFAULT_KINDS, ItemKind};
use crate::validate::Repository;

use change::Planned;
use edit::{Fields, Val};
use prompt::{Choice, Prompter};

// ------------------------------------------------------------------ arguments

/// The clerk's commands, flattened into the top-level command list.
#[derive(clap::Subcommand, Debug)]
pub enum ClerkCommand {
    /// Create a unit's ledger file: `ledger new unit ID`
    New(NewArgs),
    /// Add a record or an item to a unit's ledger: `ledger add record|item …`
    Add(AddArgs),
    /// Close (销号) an item
    Close(CloseArgs),
    /// Move an item's due date, with a reason
    Extend(ExtendArgs),
    /// Note progress on an item
    Progress(ProgressArgs),
    /// Strike out a record or an item (it stays in the file, for the trail)
    Void(VoidArgs),
    /// One work point, unit, item or obligation, with everything that bears on it
    Show(ShowArgs),
    /// List points, units, kinds, obligations or checklists (the valid choices)
    List(ListArgs),
    /// What falls due in the next N days (default 30), by date
    Agenda(AgendaArgs),
}

/// Run one of the clerk's commands; the exit status.
pub fn run(cmd: ClerkCommand, cx: &mut Ctx<'_, '_>) -> anyhow::Result<i32> {
    match cmd {
        ClerkCommand::New(a) => new(&a, cx),
        ClerkCommand::Add(a) => add(&a, cx),
        ClerkCommand::Close(a) => close(&a, cx),
        ClerkCommand::Extend(a) => extend(&a, cx),
        ClerkCommand::Progress(a) => progress(&a, cx),
        ClerkCommand::Void(a) => void(&a, cx),
        ClerkCommand::Show(a) => show(&a, cx),
        ClerkCommand::List(a) => list(&a, cx),
        ClerkCommand::Agenda(a) => agenda(&a, cx),
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

fn parse_date(s: &str) -> Result<Date, crate::messages::cli::BadDateArg> {
    dates::parse_iso_date(s).ok_or_else(|| crate::messages::cli::BadDateArg {
        suggestion: dates::suggest_iso(s),
    })
}

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
        let explicit = repo.repo.as_ref().map(|r| self.env.cwd.join(r));
        let Some(root) = load::discover(&self.env.cwd, explicit.as_deref()) else {
            let from = explicit.as_deref().unwrap_or(&self.env.cwd);
            let (text, help) = Msg::NoRepo {
                from: from.display().to_string(),
            }
            .text(self.lang);
            writeln!(self.err, "ledger: {text}")?;
            if let Some(help) = help {
                writeln!(self.err, "  {help}")?;
            }
            return Ok(None);
        };
        let analysis = load::analyze(load::read_repo(&root), None, self.env.today);
        Ok(Some((root, analysis)))
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
            out.push(Choice::new(p.id.value.0.clone(), p.title.value.clone()));
        }
        for cl in &doc.plan.checklists {
            for it in &cl.items {
                out.push(Choice::new(it.id.value.0.clone(), it.text.value.clone()));
            }
        }
        for ob in &doc.plan.obligations {
            out.push(Choice::new(ob.id.value.0.clone(), ob.title.value.clone()));
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

// ------------------------------------------------------------------ writes

pub fn new(args: &NewArgs, cx: &mut Ctx<'_, '_>) -> anyhow::Result<i32> {
    let NewWhat::Unit(a) = &args.what;
    let Some((root, first)) = cx.open(&a.repo)? else {
        return Ok(ERROR);
    };
    let unit = match cx.unit(a.id.as_deref(), &first.repo) {
        Ok(u) => u,
        Err(p) => return cx.fail(&p),
    };
    let path = format!("units/{unit}.yaml");
    if root.join(&path).exists() || first.repo.ledgers.contains_key(&unit) {
        return cx.fail(&Problem::FileExists(path));
    }
    let clerk = a.clerk.clone();
    cx.commit(&root, &|analysis, files| {
        if files.iter().any(|f| f.path == path) {
            return Err(Problem::FileExists(path.clone()));
        }
        // The schema modeline as the other ledgers write it.
        let modeline = files
            .iter()
            .filter(|f| f.path.starts_with("units/"))
            .find_map(|f| match &f.content {
                load::Content::Bytes(b) => std::str::from_utf8(b)
                    .ok()?
                    .lines()
                    .find(|l| l.starts_with("# yaml-language-server:"))
                    .map(str::to_owned),
                _ => None,
            })
            .unwrap_or_else(|| {
                "# yaml-language-server: $schema=../schema/ledger.schema.json".into()
            });
        let name = analysis.repo.unit_name(&unit);
        let mut text = format!("{modeline}\n# {name}\nunit: {unit}\n");
        if let Some(c) = &clerk {
            text.push_str(&format!("clerk: {}\n", scalar::yaml_scalar(c)));
        }
        text.push_str("records: []\nitems: []\n");
        Ok(Planned {
            path: path.clone(),
            bytes: text.into_bytes(),
            line: 1,
            action: Action::NewUnit,
            id: unit.clone(),
        })
    })
}

pub fn add(args: &AddArgs, cx: &mut Ctx<'_, '_>) -> anyhow::Result<i32> {
    match &args.what {
        AddWhat::Record(a) => add_record(a, cx),
        AddWhat::Item(a) => add_item(a, cx),
    }
}

fn add_record(a: &AddRecordArgs, cx: &mut Ctx<'_, '_>) -> anyhow::Result<i32> {
    let Some((root, first)) = cx.open(&a.repo)? else {
        return Ok(ERROR);
    };
    let repo = &first.repo;
    let resolved = (|| -> Result<_, Problem> {
        let unit = cx.unit(a.unit.as_deref(), repo)?;
        let refs = match a.ref_ {
            Some(_) => ref_choices(repo),
            None => unit_ref_choices(repo, &unit),
        };
        let ref_ = lenient(cx, a.ref_.as_deref(), Field::Ref, &refs)?;
        let kind = lenient(cx, a.kind.as_deref(), Field::Kind, &kind_choices(repo))?;
        let title = text_value(
            cx,
            a.title.as_deref().or(a.title_pos.as_deref()),
            Field::Title,
        )?;
        Ok((unit, ref_, kind, title))
    })();
    let (unit, ref_, kind, title) = match resolved {
        Ok(v) => v,
        Err(p) => return cx.fail(&p),
    };
    let date = a.date.unwrap_or(cx.env.today);
    cx.commit(&root, &|analysis, files| {
        let path = ledger_file(analysis, &unit)?;
        let doc = &analysis.repo.ledgers[&unit];
        let taken: HashSet<&str> = doc
            .records
            .iter()
            .map(|r| r.id.value.0.as_str())
            .chain(doc.items.iter().map(|i| i.id.value.0.as_str()))
            .collect();
        let id = match &a.id {
            Some(id) if taken.contains(id.as_str()) => return Err(Problem::IdTaken(id.clone())),
            Some(id) => id.clone(),
            None => {
                let family: Vec<&str> = doc.records.iter().map(|r| r.id.value.0.as_str()).collect();
                ids::next_id(&family, &taken, chrono::Datelike::year(&date), &unit, 3)
            }
        };
        let mut fields: Fields = vec![
            ("id", Val::Str(id.clone())),
            ("date", Val::Plain(iso(date))),
            ("ref", Val::Str(ref_.clone())),
            ("kind", Val::Str(kind.clone())),
            ("title", Val::Str(title.clone())),
        ];
        if let Some(p) = &a.period {
            // `period: 2018` as a person writes it; anything else quoted as needed
            // (and reported by the check if it is no period).
            let label = dates::Period::parse_label(p).is_some_and(|x| x.label() == *p);
            let value = if label {
                Val::Plain(p.clone())
            } else {
                Val::Str(p.clone())
            };
            fields.push(("period", value));
        }
        match a.targets.as_slice() {
            [] => {}
            [one] => fields.push(("target", Val::Str(one.clone()))),
            many => fields.push(("targets", Val::List(many.to_vec()))),
        }
        if !a.evidence.is_empty() {
            fields.push(("evidence", Val::List(a.evidence.clone())));
        }
        if let Some(n) = &a.note {
            fields.push(("note", Val::Str(n.clone())));
        }
        let mut text = change::file_text(files, &path)?;
        let line = text
            .append_entry("records", &fields, Some("items"))
            .map_err(|e| edit_problem(e, &path))?;
        Ok(Planned {
            path,
            bytes: text.to_bytes(),
            line,
            action: Action::AddedRecord,
            id,
        })
    })
}

fn add_item(a: &AddItemArgs, cx: &mut Ctx<'_, '_>) -> anyhow::Result<i32> {
    let Some((root, first)) = cx.open(&a.repo)? else {
        return Ok(ERROR);
    };
    let repo = &first.repo;
    let resolved = (|| -> Result<_, Problem> {
        let unit = cx.unit(a.unit.as_deref(), repo)?;
        let kind = cx.ask(a.kind.as_deref(), Field::ItemKind, &item_kind_choices())?;
        let refs = match a.ref_ {
            Some(_) => ref_choices(repo),
            None => unit_ref_choices(repo, &unit),
        };
        let ref_ = lenient(cx, a.ref_.as_deref(), Field::Ref, &refs)?;
        let title = text_value(
            cx,
            a.title.as_deref().or(a.title_pos.as_deref()),
            Field::Title,
        )?;
        Ok((unit, kind, ref_, title))
    })();
    let (unit, kind, ref_, title) = match resolved {
        Ok(v) => v,
        Err(p) => return cx.fail(&p),
    };
    let opened = a.opened.unwrap_or(cx.env.today);
    cx.commit(&root, &|analysis, files| {
        let path = ledger_file(analysis, &unit)?;
        let doc = &analysis.repo.ledgers[&unit];
        let taken: HashSet<&str> = doc
            .records
            .iter()
            .map(|r| r.id.value.0.as_str())
            .chain(doc.items.iter().map(|i| i.id.value.0.as_str()))
            .collect();
        let id = match &a.id {
            Some(id) if taken.contains(id.as_str()) => return Err(Problem::IdTaken(id.clone())),
            Some(id) => id.clone(),
            None => {
                let family: Vec<&str> = doc
                    .items
                    .iter()
                    .filter(|i| i.kind.value.as_str() == kind)
                    .map(|i| i.id.value.0.as_str())
                    .collect();
                let year = chrono::Datelike::year(&opened);
                ids::next_id(&family, &taken, year, ids::item_prefix(&kind), 2)
            }
        };
        let mut fields: Fields = vec![
            ("id", Val::Str(id.clone())),
            ("kind", Val::Plain(kind.clone())),
            ("ref", Val::Str(ref_.clone())),
            ("title", Val::Str(title.clone())),
        ];
        for (key, v) in [
            ("source", &a.source),
            ("owner", &a.owner),
            ("leader", &a.leader),
            ("measures", &a.measures),
        ] {
            if let Some(v) = v {
                fields.push((key, Val::Str(v.clone())));
            }
        }
        fields.push(("opened", Val::Plain(iso(opened))));
        if let Some(d) = a.due {
            fields.push(("due", Val::Plain(iso(d))));
        }
        let mut text = change::file_text(files, &path)?;
        let line = text
            .append_entry("items", &fields, None)
            .map_err(|e| edit_problem(e, &path))?;
        Ok(Planned {
            path,
            bytes: text.to_bytes(),
            line,
            action: Action::AddedItem,
            id,
        })
    })
}

/// The ledger file of a unit that has one (else: create it with `ledger new unit`).
fn ledger_file(a: &Analysis, unit: &str) -> Result<String, Problem> {
    change::ledger_path(&a.repo, a, unit).ok_or_else(|| Problem::Io(a_no_ledger(unit)))
}

fn a_no_ledger(unit: &str) -> String {
    format!("units/{unit}.yaml does not exist; create it with `ledger new unit {unit}`")
}

fn edit_problem(e: edit::EditError, path: &str) -> Problem {
    match e {
        edit::EditError::AlreadySet(key) => Problem::AlreadySet {
            id: path.to_owned(),
            key,
        },
        edit::EditError::NoEntry(id) => Problem::UnknownId {
            id,
            suggestion: None,
        },
        _ => Problem::CannotEdit(path.to_owned()),
    }
}

/// Where an id lives.
struct Found {
    unit: String,
    path: String,
    is_item: bool,
}

/// The record or item `id`, across all unit ledgers (or the one of `unit`);
/// when several ledgers have it, the one of `preferred` (`LEDGER_UNIT`).
fn find_entry(
    a: &Analysis,
    id: &str,
    unit: Option<&str>,
    preferred: Option<&str>,
) -> Result<Found, Problem> {
    let mut hits = Vec::new();
    let mut all = Vec::new();
    for (u, doc) in &a.repo.ledgers {
        if unit.is_some_and(|w| w != u) {
            continue;
        }
        let path = a.sources.get(doc.file).path.clone();
        for r in &doc.records {
            all.push(r.id.value.0.clone());
            if r.id.value.0 == id {
                hits.push(Found {
                    unit: u.clone(),
                    path: path.clone(),
                    is_item: false,
                });
            }
        }
        for it in &doc.items {
            all.push(it.id.value.0.clone());
            if it.id.value.0 == id {
                hits.push(Found {
                    unit: u.clone(),
                    path: path.clone(),
                    is_item: true,
                });
            }
        }
    }
    if hits.len() > 1
        && let Some(i) = hits.iter().position(|h| Some(h.unit.as_str()) == preferred)
    {
        return Ok(hits.swap_remove(i));
    }
    match hits.len() {
        1 => Ok(hits.remove(0)),
        0 => Err(Problem::UnknownId {
            id: id.to_owned(),
            suggestion: crate::suggest::closest(id, all.iter().map(String::as_str)),
        }),
        _ => Err(Problem::AmbiguousId {
            id: id.to_owned(),
            places: hits.into_iter().map(|h| h.path).collect(),
        }),
    }
}

/// The common shape of close/extend/progress/void: find the entry under the
/// lock, edit it, check, write.
fn on_entry(
    cx: &mut Ctx<'_, '_>,
    e: &EntryArg,
    items_only: bool,
    action: Action,
    edit: &dyn Fn(&mut edit::FileText, &str, bool) -> Result<usize, edit::EditError>,
) -> anyhow::Result<i32> {
    let Some((root, _)) = cx.open(&e.repo)? else {
        return Ok(ERROR);
    };
    let unit = e.unit.clone();
    let preferred = (cx.env.var)("LEDGER_UNIT").filter(|u| !u.is_empty());
    let id = e.id.clone();
    cx.commit(&root, &|analysis, files| {
        let found = find_entry(analysis, &id, unit.as_deref(), preferred.as_deref())?;
        if items_only && !found.is_item {
            return Err(Problem::NotAnItem(id.clone()));
        }
        let mut text = change::file_text(files, &found.path)?;
        let list = if found.is_item { "items" } else { "records" };
        let line = edit(&mut text, list, found.is_item).map_err(|err| match err {
            edit::EditError::AlreadySet(key) => Problem::AlreadySet {
                id: id.clone(),
                key,
            },
            other => edit_problem(other, &found.path),
        })?;
        Ok(Planned {
            path: found.path,
            bytes: text.to_bytes(),
            line,
            action,
            id: id.clone(),
        })
    })
}

pub fn close(a: &CloseArgs, cx: &mut Ctx<'_, '_>) -> anyhow::Result<i32> {
    let date = a.entry.date.unwrap_or(cx.env.today);
    let id = a.entry.id.clone();
    on_entry(cx, &a.entry, true, Action::Closed, &|text, list, _| {
        let line = text.set_key(list, &id, "closed", &Val::Plain(iso(date)))?;
        if let Some(d) = &a.disposal {
            text.set_key(list, &id, "disposal", &Val::Str(d.clone()))?;
        }
        if !a.evidence.is_empty() {
            text.set_key(list, &id, "evidence", &Val::List(a.evidence.clone()))?;
        }
        Ok(line)
    })
}

pub fn extend(a: &ExtendArgs, cx: &mut Ctx<'_, '_>) -> anyhow::Result<i32> {
    let date = a.entry.date.unwrap_or(cx.env.today);
    let due = match a.due {
        Some(d) => d,
        None => match cx.ask(None, Field::Due, &[]) {
            Ok(s) => match dates::parse_iso_date(s.trim()) {
                Some(d) => d,
                None => return cx.fail(&Problem::NotADate(s)),
            },
            Err(p) => return cx.fail(&p),
        },
    };
    let reason = match text_value(cx, a.reason.as_deref(), Field::Reason) {
        Ok(r) => r,
        Err(p) => return cx.fail(&p),
    };
    let id = a.entry.id.clone();
    on_entry(cx, &a.entry, true, Action::Extended, &|text, list, _| {
        let fields: Fields = vec![
            ("date", Val::Plain(iso(date))),
            ("due", Val::Plain(iso(due))),
            ("reason", Val::Str(reason.clone())),
        ];
        text.append_sub_entry(list, &id, "extensions", &fields)
    })
}

pub fn progress(a: &ProgressArgs, cx: &mut Ctx<'_, '_>) -> anyhow::Result<i32> {
    let date = a.entry.date.unwrap_or(cx.env.today);
    let note = match text_value(cx, a.note.as_deref(), Field::Note) {
        Ok(r) => r,
        Err(p) => return cx.fail(&p),
    };
    let id = a.entry.id.clone();
    on_entry(cx, &a.entry, true, Action::Progress, &|text, list, _| {
        let fields: Fields = vec![
            ("date", Val::Plain(iso(date))),
            ("note", Val::Str(note.clone())),
        ];
        text.append_sub_entry(list, &id, "progress", &fields)
    })
}

pub fn void(a: &VoidArgs, cx: &mut Ctx<'_, '_>) -> anyhow::Result<i32> {
    let date = a.entry.date.unwrap_or(cx.env.today);
    let reason = match text_value(cx, a.reason.as_deref(), Field::Reason) {
        Ok(r) => r,
        Err(p) => return cx.fail(&p),
    };
    let id = a.entry.id.clone();
    on_entry(cx, &a.entry, false, Action::Voided, &|text, list, _| {
        let value = Val::Map(vec![
            ("date", Val::Plain(iso(date))),
            ("reason", Val::Str(reason.clone())),
        ]);
        text.set_key(list, &id, "void", &value)
    })
}

// ------------------------------------------------------------------ finding one's way

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
                known.extend(doc.items.iter().map(|i| i.id.value.0.clone()));
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
