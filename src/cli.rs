//! The command line: parse arguments, run the pipeline, pick a renderer, and
//! map the outcome to an exit status. Output goes to the writers it is given.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::dates::{self, Date};
use crate::diag::{Diagnostic, locate};
use crate::eval::{self, Settings};
use crate::load;
use crate::messages::{Lang, Msg};
use crate::render::locate::PathBase;
use crate::render::{self, Report, Summary};

#[derive(Parser, Debug)]
#[command(
    name = "ledger",
    version,
    about = "Work ledgers (台账) as version-controlled YAML: what is overdue, due soon, late or missing",
    long_about = None
)]
pub struct Cli {
    /// Language of messages: zh or en (default: LEDGER_LANG, then the locale)
    #[arg(long, global = true, value_parser = parse_lang)]
    lang: Option<Lang>,
    /// When to use colour
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate the ledger repository and report overdue, due-soon, late and gaps
    Check(CheckArgs),
    /// Write the JSON Schemas of the file format (for editors and CI)
    Schema(SchemaArgs),
    /// Tables for the annual summary: per unit, per work point, plan totals
    Summary(SummaryArgs),
    /// Review the git history of the unit ledgers: deleted or rewritten entries, moved deadlines, backfilled records
    Audit(AuditArgs),
    /// What changed in the ledger repository between two revisions (default: HEAD and the working tree)
    Diff(DiffArgs),
    /// Print a CODEOWNERS file from the owners in the units registry and plan headers
    Codeowners(CodeownersArgs),
    /// The annual 落实情况报告 of a lead unit, or of the whole plan (Markdown or Word)
    Report(crate::report::cmd::ReportArgs),
    /// Files to hand on: an offline HTML dashboard, an iCalendar of the due dates ahead
    #[command(subcommand)]
    Export(ExportCommand),
}

#[derive(Subcommand, Debug)]
enum ExportCommand {
    /// One self-contained HTML file: units × points heatmap, drill-down, timeline
    Html(crate::export_html::HtmlArgs),
    /// An iCalendar (.ics) of every due date ahead, one event per due
    Ics(crate::export_ics::IcsArgs),
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// The ledger repository (default: the nearest folder above holding ledger.toml, else ./ledgers)
    #[arg(long, value_name = "DIR")]
    repo: Option<PathBuf>,
    /// Evaluate as of this date (YYYY-MM-DD); default: check.as_of in ledger.toml, else today
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<Date>,
    /// Output format (default: github when GITHUB_ACTIONS=true, else human)
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Only report findings of this unit (repeatable)
    #[arg(long = "unit", value_name = "ID")]
    units: Vec<String>,
    /// Also fail (exit 1) on gaps, late, due-soon findings and warnings (= --fail-on any)
    #[arg(long)]
    strict: bool,
    /// What makes the run fail: `error` (only problems in the files, e.g. for a
    /// pre-commit hook), `overdue` (the default), or `any` finding or warning
    #[arg(long, value_enum, value_name = "WHAT")]
    fail_on: Option<FailOn>,
}

/// The exit-status policy of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Overdue,
    Any,
}

impl CheckArgs {
    fn fail_on(&self) -> FailOn {
        match (self.fail_on, self.strict) {
            (Some(f), _) => f,
            (None, true) => FailOn::Any,
            (None, false) => FailOn::Overdue,
        }
    }
}

#[derive(clap::Args, Debug)]
struct SchemaArgs {
    /// Folder to write config.schema.json, plan.schema.json and ledger.schema.json into
    #[arg(long, value_name = "DIR", default_value = "schema")]
    out: PathBuf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
    /// GitHub Actions annotations (and a job summary when GITHUB_STEP_SUMMARY is set)
    Github,
    /// JUnit XML: a testsuite per unit, a testcase per finding
    Junit,
    /// SARIF 2.1.0, for code-scanning views
    Sarif,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn parse_date(s: &str) -> Result<Date, String> {
    dates::parse_iso_date(s).ok_or_else(|| match dates::suggest_iso(s) {
        Some(iso) => format!("not a YYYY-MM-DD date; did you mean {iso}?"),
        None => "not a YYYY-MM-DD date".to_owned(),
    })
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| "expected zh or en".to_owned())
}

/// What the process needs from its surroundings, passed in so tests can fake it.
pub struct Env<'a> {
    pub cwd: PathBuf,
    pub var: &'a dyn Fn(&str) -> Option<String>,
    pub stdout_is_terminal: bool,
    pub today: Date,
}

/// Exit statuses (§8).
pub const SUCCESS: i32 = 0;
pub const FAILURE: i32 = 1;
pub const ERROR: i32 = 2;

pub fn run(args: Vec<OsString>, env: &Env<'_>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { ERROR } else { SUCCESS };
            let text = e.render().to_string();
            let _ = if e.use_stderr() {
                err.write_all(text.as_bytes())
            } else {
                out.write_all(text.as_bytes())
            };
            return code;
        }
    };
    let lang = cli.lang.unwrap_or_else(|| Lang::from_env(env.var));
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            env.stdout_is_terminal && (env.var)("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let result = match cli.command {
        Command::Check(args) => check(&args, env, lang, color, out, err),
        Command::Schema(args) => schema(&args.out, out),
        Command::Summary(args) => summary(&args, env, lang, color, out, err),
        Command::Audit(args) => audit(&args, env, lang, color, out, err),
        Command::Diff(args) => diff(&args, env, lang, color, out, err),
        Command::Codeowners(args) => codeowners(&args, env, lang, out, err),
        Command::Report(args) => crate::report::cmd::run(&args, env, lang, color, out, err),
        Command::Export(ExportCommand::Html(args)) => {
            crate::export_html::run(&args, env, lang, color, out, err)
        }
        Command::Export(ExportCommand::Ics(args)) => {
            crate::export_ics::run(&args, env, lang, color, out, err)
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(err, "ledger: {e:#}");
            ERROR
        }
    }
}

fn check(
    args: &CheckArgs,
    env: &Env<'_>,
    lang: Lang,
    color: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    let Evaluated {
        root,
        analysis,
        findings,
        settings: _,
    } = match load_and_evaluate(args.repo.as_ref(), args.as_of, &args.units, env, lang, err)? {
        Ok(done) => done,
        Err(Stop::Usage) => return Ok(ERROR),
        Err(Stop::NoRepo(located)) => {
            let report = no_repo_report(located, args.as_of.unwrap_or(env.today), lang, color);
            emit(args, env, None, &report, out, err)?;
            return Ok(ERROR);
        }
    };
    let diagnostics = locate(&analysis.diagnostics, &analysis.sources, lang);
    let summary = Summary::of(&diagnostics, &findings);
    let report = Report {
        as_of: analysis.as_of,
        diagnostics,
        findings,
        summary,
        repo: Some(&analysis.repo),
        sources: Some(&analysis.sources),
        lang,
        color,
    };
    emit(args, env, Some(&root), &report, out, err)?;
    Ok(exit_status(&summary, args.fail_on()))
}

/// Why `check` or `summary` stopped before evaluating.
enum Stop {
    /// No repository: the `no-repo` diagnostic, ready to render.
    NoRepo(Vec<crate::diag::Located>),
    /// Bad usage, already explained on stderr.
    Usage,
}

/// Find, read, validate and evaluate the repository, and filter findings by
/// `--unit` — the part `check` and `summary` share.
fn load_and_evaluate(
    repo: Option<&PathBuf>,
    as_of: Option<Date>,
    units: &[String],
    env: &Env<'_>,
    lang: Lang,
    err: &mut dyn Write,
) -> anyhow::Result<Result<Evaluated, Stop>> {
    let explicit = repo.map(|r| env.cwd.join(r));
    let Some(root) = load::discover(&env.cwd, explicit.as_deref()) else {
        let from = explicit.as_deref().unwrap_or(&env.cwd);
        let diag = Diagnostic::global(Msg::NoRepo {
            from: display(from),
        });
        let located = locate(&[diag], &crate::source::SourceMap::default(), lang);
        return Ok(Err(Stop::NoRepo(located)));
    };
    let analysis = load::analyze(load::read_repo(&root), as_of, env.today);
    let wanted: BTreeSet<&str> = units.iter().map(String::as_str).collect();
    for u in &wanted {
        if !analysis.repo.units.contains_key(*u) {
            let mut known: Vec<&str> = analysis.repo.units.keys().map(String::as_str).collect();
            known.sort_unstable();
            let hint = crate::suggest::closest(u, known.iter().copied())
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            writeln!(err, "ledger: --unit {u}: not a registered unit{hint}")?;
            return Ok(Err(Stop::Usage));
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
    Ok(Ok(Evaluated {
        root,
        analysis,
        findings,
        settings,
    }))
}

/// A repository read and evaluated.
struct Evaluated {
    root: PathBuf,
    analysis: load::Analysis,
    findings: Vec<eval::Finding>,
    settings: Settings,
}

/// The report of a run that found no repository.
fn no_repo_report(
    diagnostics: Vec<crate::diag::Located>,
    as_of: Date,
    lang: Lang,
    color: bool,
) -> Report<'static> {
    Report {
        as_of,
        summary: Summary::of(&diagnostics, &[]),
        diagnostics,
        findings: Vec::new(),
        repo: None,
        sources: None,
        lang,
        color,
    }
}

/// §8: 2 on any error; else 1 on overdue (with `--strict`, on anything reported); else 0.
/// `--fail-on error` keeps only the first rule.
pub fn exit_status(s: &Summary, fail_on: FailOn) -> i32 {
    let anything = s.overdue + s.gaps + s.late + s.due_soon + s.warnings > 0;
    if s.errors > 0 {
        ERROR
    } else if (fail_on == FailOn::Overdue && s.overdue > 0) || (fail_on == FailOn::Any && anything)
    {
        FAILURE
    } else {
        SUCCESS
    }
}

/// Render in the chosen format: `--format`, else `github` inside GitHub Actions
/// (`GITHUB_ACTIONS=true`), else `human`. The CI formats write paths relative to
/// the checkout (`GITHUB_WORKSPACE`, else the git work tree), which may hold the
/// repository in a subfolder.
fn emit(
    args: &CheckArgs,
    env: &Env<'_>,
    root: Option<&Path>,
    report: &Report<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let in_actions = (env.var)("GITHUB_ACTIONS").as_deref() == Some("true");
    let format = args.format.unwrap_or(if in_actions {
        Format::Github
    } else {
        Format::Human
    });
    let paths = || {
        let workspace = (env.var)("GITHUB_WORKSPACE")
            .filter(|w| !w.is_empty())
            .map(|w| env.cwd.join(w));
        root.map(|r| PathBase::detect(r, workspace.as_deref()))
            .unwrap_or_default()
    };
    match format {
        Format::Human => render::human::render(report, out)?,
        Format::Json => render::json::render(report, out)?,
        Format::Github => {
            let paths = paths();
            render::github::render(report, &paths, out)?;
            // The one file `check` writes: the job summary GitHub asks for.
            if let Some(file) = (env.var)("GITHUB_STEP_SUMMARY").filter(|f| !f.is_empty()) {
                let text = render::github::step_summary(report, &paths);
                let path = env.cwd.join(&file);
                if let Err(e) = render::github::append_step_summary(&path, &text) {
                    writeln!(err, "ledger: cannot append the job summary to {file}: {e}")?;
                }
            }
        }
        Format::Junit => {
            let opts = render::junit::Options {
                strict: args.fail_on() == FailOn::Any,
                units: &args.units,
                paths: &paths(),
            };
            render::junit::render(report, &opts, out)?;
        }
        Format::Sarif => render::sarif::render(report, &paths(), out)?,
    }
    Ok(())
}

fn schema(dir: &Path, out: &mut dyn Write) -> anyhow::Result<i32> {
    std::fs::create_dir_all(dir)?;
    for (name, text) in crate::schema::all() {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        writeln!(out, "{}", path.display())?;
    }
    Ok(SUCCESS)
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

// ------------------------------------------------------------- `ledger summary`

#[derive(clap::Args, Debug)]
pub struct SummaryArgs {
    /// The ledger repository (default: the nearest folder above holding ledger.toml, else ./ledgers)
    #[arg(long, value_name = "DIR")]
    repo: Option<PathBuf>,
    /// Count as of this date (YYYY-MM-DD); default: check.as_of in ledger.toml, else today
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<Date>,
    /// Only this unit (repeatable): its row, and only its findings, records, items and
    /// obligation periods in the other tables
    #[arg(long = "unit", value_name = "ID")]
    units: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = SummaryFormat::Human)]
    format: SummaryFormat,
    /// The table --format csv writes
    #[arg(long, value_enum, default_value_t = SummaryTable::Units)]
    table: SummaryTable,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum SummaryFormat {
    /// Three tables: per unit, per work point, plan totals
    Human,
    /// {"version":1,"as_of":…,"units":[…],"points":[…],"plan":{…}}
    Json,
    /// One table (see --table), RFC 4180, UTF-8 with a byte-order mark (BOM) so Excel
    /// opens the Chinese text correctly
    Csv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum SummaryTable {
    /// One row per unit
    Units,
    /// One row per work point
    Points,
}

/// `ledger summary`: exit 2 on bad usage or any error diagnostic (a summary of
/// broken files is not to be trusted; the diagnostics go to stderr as `check`
/// shows them), else 0. Warnings go to stderr too and do not stop it.
fn summary(
    args: &SummaryArgs,
    env: &Env<'_>,
    lang: Lang,
    color: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    use crate::render::summary as view;
    let Evaluated {
        root: _,
        analysis,
        findings,
        settings,
    } = match load_and_evaluate(args.repo.as_ref(), args.as_of, &args.units, env, lang, err)? {
        Ok(done) => done,
        Err(Stop::Usage) => return Ok(ERROR),
        Err(Stop::NoRepo(located)) => {
            let report = no_repo_report(located, args.as_of.unwrap_or(env.today), lang, color);
            render::human::render(&report, err)?;
            return Ok(ERROR);
        }
    };
    let wanted: BTreeSet<String> = args.units.iter().cloned().collect();
    let diagnostics = locate(&analysis.diagnostics, &analysis.sources, lang);
    if !diagnostics.is_empty() {
        let counts = Summary::of(&diagnostics, &findings);
        let report = Report {
            as_of: analysis.as_of,
            diagnostics,
            findings: Vec::new(),
            summary: counts,
            repo: None,
            sources: Some(&analysis.sources),
            lang,
            color,
        };
        render::human::render(&report, err)?;
        if counts.errors > 0 {
            return Ok(ERROR);
        }
    }
    let only = (!wanted.is_empty()).then_some(&wanted);
    let overview = crate::summary::compute(&analysis.repo, &findings, settings, only);
    match args.format {
        SummaryFormat::Human => view::human(&overview, lang, out)?,
        SummaryFormat::Json => view::json(&overview, out)?,
        SummaryFormat::Csv => {
            let table = match args.table {
                SummaryTable::Units => view::CsvTable::Units,
                SummaryTable::Points => view::CsvTable::Points,
            };
            view::csv(&overview, table, lang, out)?;
        }
    }
    Ok(SUCCESS)
}

// ---------------------------------------------------------------- history: audit, diff, codeowners

#[derive(clap::Args, Debug)]
pub struct AuditArgs {
    /// The ledger repository (default: the nearest folder above holding ledger.toml, else ./ledgers)
    #[arg(long, value_name = "DIR")]
    repo: Option<PathBuf>,
    /// Audit the commits after this revision (default: every commit from the first one)
    #[arg(long, value_name = "REV")]
    since: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = HistoryFormat::Human)]
    format: HistoryFormat,
}

#[derive(clap::Args, Debug)]
pub struct DiffArgs {
    /// The older revision (default: HEAD)
    #[arg(value_name = "REV_A")]
    from: Option<String>,
    /// The newer revision (default: the working tree)
    #[arg(value_name = "REV_B")]
    to: Option<String>,
    /// The ledger repository (default: the nearest folder above holding ledger.toml, else ./ledgers)
    #[arg(long, value_name = "DIR")]
    repo: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = HistoryFormat::Human)]
    format: HistoryFormat,
}

#[derive(clap::Args, Debug)]
pub struct CodeownersArgs {
    /// The ledger repository (default: the nearest folder above holding ledger.toml, else ./ledgers)
    #[arg(long, value_name = "DIR")]
    repo: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum HistoryFormat {
    Human,
    Json,
}

/// The ledger repository root, or a message on `err` (the caller exits 2).
fn history_root(
    repo: Option<&PathBuf>,
    env: &Env<'_>,
    lang: Lang,
    err: &mut dyn Write,
) -> anyhow::Result<Option<PathBuf>> {
    let explicit = repo.map(|r| env.cwd.join(r));
    if let Some(root) = load::discover(&env.cwd, explicit.as_deref()) {
        return Ok(Some(root));
    }
    let from = explicit.as_deref().unwrap_or(&env.cwd);
    let (text, help) = Msg::NoRepo {
        from: display(from),
    }
    .text(lang);
    writeln!(err, "ledger: {text}")?;
    if let Some(help) = help {
        writeln!(err, "  {help}")?;
    }
    Ok(None)
}

/// Word a failure of the history commands for the user; exit 2.
fn history_error(e: &anyhow::Error, lang: Lang, err: &mut dyn Write) -> anyhow::Result<i32> {
    match e.downcast_ref::<crate::history::git::GitError>() {
        Some(g) => writeln!(
            err,
            "ledger: {}",
            crate::messages::history::git_error(g, lang)
        )?,
        None => writeln!(err, "ledger: {e:#}")?,
    }
    Ok(ERROR)
}

fn audit(
    args: &AuditArgs,
    env: &Env<'_>,
    lang: Lang,
    color: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    let Some(root) = history_root(args.repo.as_ref(), env, lang, err)? else {
        return Ok(ERROR);
    };
    let report = match crate::history::audit(&root, args.since.as_deref()) {
        Ok(r) => r,
        Err(e) => return history_error(&e, lang, err),
    };
    match args.format {
        HistoryFormat::Human => render::audit::human(&report, lang, color, out)?,
        HistoryFormat::Json => render::audit::json(&report, lang, out)?,
    }
    Ok(if report.count(crate::diag::Severity::Error) > 0 {
        FAILURE
    } else {
        SUCCESS
    })
}

fn diff(
    args: &DiffArgs,
    env: &Env<'_>,
    lang: Lang,
    color: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    let Some(root) = history_root(args.repo.as_ref(), env, lang, err)? else {
        return Ok(ERROR);
    };
    let report = match crate::history::diff(&root, args.from.as_deref(), args.to.as_deref()) {
        Ok(r) => r,
        Err(e) => return history_error(&e, lang, err),
    };
    match args.format {
        HistoryFormat::Human => render::diff::human(&report, lang, color, out)?,
        HistoryFormat::Json => render::diff::json(&report, lang, out)?,
    }
    Ok(SUCCESS)
}

fn codeowners(
    args: &CodeownersArgs,
    env: &Env<'_>,
    lang: Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    let Some(root) = history_root(args.repo.as_ref(), env, lang, err)? else {
        return Ok(ERROR);
    };
    let (rules, in_git) = crate::history::codeowners(&root, env.today);
    if !in_git {
        let text =
            crate::messages::history::line(crate::messages::history::Text::CodeownersNoGit, lang);
        writeln!(err, "ledger: {text}")?;
    }
    crate::history::codeowners::write(&rules, lang, out)?;
    Ok(SUCCESS)
}
