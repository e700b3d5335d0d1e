//! The command line: parse arguments, run the pipeline, pick a renderer, and
//! map the outcome to an exit status. Output goes to the writers it is given.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::check::{CheckOptions, CheckRun, UnknownUnit};
use crate::dates::{self, Date};
use crate::diag::{Diagnostic, locate};
use crate::eval::{self, Settings};
use crate::load;
use crate::messages::{Lang, Msg};
use crate::render::locate::PathBase;
use crate::render::{self, RenderOptions, Report, Summary};

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
    /// The clerk's commands: new, add, close, extend, progress, void, show, list, agenda
    #[command(flatten)]
    Clerk(crate::clerk::ClerkCommand),
    /// The annual 落实情况报告 of a lead unit, or of the whole plan (Markdown or Word)
    Report(crate::report::cmd::ReportArgs),
    /// Files to hand on: an Excel workbook, an offline HTML dashboard, an iCalendar of the due dates ahead, JSON lines for a roll-up
    #[command(subcommand)]
    Export(ExportCommand),
}

#[derive(Subcommand, Debug)]
enum ExportCommand {
    /// Excel workbook: items, records, checklists, findings, summary
    Xlsx(ExportArgs),
    /// One self-contained HTML file: units × points heatmap, drill-down, timeline
    Html(crate::export_html::HtmlArgs),
    /// An iCalendar (.ics) of every due date ahead, one event per due
    Ics(crate::export_ics::IcsArgs),
    /// JSON lines for DuckDB, Spark or a warehouse: one row per record, item, obligation period and finding
    Jsonl(JsonlArgs),
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
    /// Threads for reading and checking the files (default: the cores)
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
    /// Show every diagnostic and every table row (human and github output stop after the first ones)
    #[arg(long)]
    all: bool,
    /// Fit the human tables to N columns: long text wraps, the least needed columns are left out
    /// (default: when stdout is a terminal, COLUMNS or else its width; otherwise no limit; 0: no
    /// limit)
    #[arg(long, value_name = "N")]
    width: Option<u16>,
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
    /// The findings as CSV rows (UTF-8 with a BOM for Excel, CRLF)
    Csv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// A date option (`--as-of`, `--date`…): ISO, in the files' year range, its
/// error worded in the chosen language.
pub(crate) fn parse_date(s: &str) -> Result<Date, crate::messages::cli::BadDateArg> {
    match dates::parse_iso_date(s) {
        Some(d) if dates::in_range(d) => Ok(d),
        Some(_) => Err(crate::messages::cli::BadDateArg {
            suggestion: None,
            out_of_range: true,
        }),
        None => Err(crate::messages::cli::BadDateArg {
            suggestion: dates::suggest_iso(s),
            out_of_range: false,
        }),
    }
}

/// `ledger help [COMMAND…]` in the localized tree: the help of that command,
/// as clap's own help subcommand would show it.
fn help_of(tree: &mut clap::Command, m: &clap::ArgMatches) -> clap::Error {
    let path: Vec<String> = m
        .get_many::<String>("command")
        .map(|v| v.cloned().collect())
        .unwrap_or_default();
    let mut argv = vec!["ledger".to_owned()];
    argv.extend(path);
    argv.push("--help".to_owned());
    match tree.try_get_matches_from_mut(argv) {
        Err(e) => e,
        Ok(_) => tree.error(clap::error::ErrorKind::DisplayHelp, ""),
    }
}

/// `--lang X` or `--lang=X` anywhere in the arguments, read before clap.
fn lang_arg(args: &[OsString]) -> Option<Lang> {
    let mut it = args.iter().filter_map(|a| a.to_str());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if let Some(v) = a.strip_prefix("--lang=") {
            return Lang::parse(v);
        }
        if a == "--lang" {
            return it.next().and_then(Lang::parse);
        }
    }
    None
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| "expected zh or en".to_owned())
}

/// What the process needs from its surroundings, passed in so tests can fake it.
pub struct Env<'a> {
    pub cwd: PathBuf,
    pub var: &'a dyn Fn(&str) -> Option<String>,
    pub stdout_is_terminal: bool,
    /// The terminal's width in columns, when stdout is one and it says.
    pub terminal_width: Option<u16>,
    /// The desktop's locale (`zh-CN`), for when no variable names a language
    /// (Windows keeps it outside the environment).
    pub system_locale: Option<String>,
    pub today: Date,
    /// The process exits as soon as the command returns (the binary; not a
    /// test running commands in process): what a command built need not be
    /// freed. Freeing a million records one by one was 2% of a `check`.
    pub exits_after: bool,
}

/// Exit statuses (§8).
pub const SUCCESS: i32 = 0;
pub const FAILURE: i32 = 1;
pub const ERROR: i32 = 2;

pub fn run(args: Vec<OsString>, env: &Env<'_>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    run_with(args, env, &mut crate::clerk::prompt::Terminal, out, err)
}

/// [`run`] with the clerk's commands asking their questions through `prompter`.
pub fn run_with(
    args: Vec<OsString>,
    env: &Env<'_>,
    prompter: &mut dyn crate::clerk::prompt::Prompter,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let mut out = Tracked {
        inner: out,
        failed: None,
    };
    let lang =
        lang_arg(&args).unwrap_or_else(|| Lang::detect(env.var, || env.system_locale.clone()).0);
    let code = run_to(args, env, prompter, &mut out, err);
    // The flush is here, not in `main`, so that a full disk behind a small
    // output is reported too, in the user's language.
    let flushed = out.flush();
    match (out.failed, flushed) {
        // `ledger check | head -1`: the reader chose to stop; nothing is wrong.
        (Some(e), _) if e.kind() == std::io::ErrorKind::BrokenPipe => SUCCESS,
        (Some(e), _) => {
            let _ = writeln!(
                err,
                "ledger: {}",
                crate::messages::cli::write_failed(&e, lang)
            );
            ERROR
        }
        (None, Err(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => SUCCESS,
        (None, Err(e)) => {
            let _ = writeln!(
                err,
                "ledger: {}",
                crate::messages::cli::write_failed(&e, lang)
            );
            ERROR
        }
        (None, Ok(())) => code,
    }
}

/// The output writer, remembering its first failure: whatever the command made
/// of the error, the exit status is decided by it.
struct Tracked<'a> {
    inner: &'a mut dyn Write,
    failed: Option<std::io::Error>,
}

impl Tracked<'_> {
    fn note<T>(&mut self, r: std::io::Result<T>) -> std::io::Result<T> {
        if let (Err(e), None) = (&r, &self.failed) {
            self.failed = Some(std::io::Error::new(e.kind(), e.to_string()));
        }
        r
    }
}

impl Write for Tracked<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let r = self.inner.write(buf);
        self.note(r)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let r = self.inner.flush();
        self.note(r)
    }
}

fn run_to(
    args: Vec<OsString>,
    env: &Env<'_>,
    prompter: &mut dyn crate::clerk::prompt::Prompter,
    out: &mut Tracked<'_>,
    err: &mut dyn Write,
) -> i32 {
    // The language is needed before clap parses, so that its help and its
    // usage errors are worded in it too.
    let (detected, lang_warning) = Lang::detect(env.var, || env.system_locale.clone());
    let early = lang_arg(&args).unwrap_or(detected);
    let command = crate::messages::cli::localize(<Cli as clap::CommandFactory>::command(), early);
    let mut help_tree = command.clone();
    let parsed = command.try_get_matches_from(args).and_then(|m| {
        if let Some((crate::messages::cli::HELP_COMMAND, sub)) = m.subcommand() {
            return Err(help_of(&mut help_tree, sub));
        }
        <Cli as clap::FromArgMatches>::from_arg_matches(&m)
    });
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { ERROR } else { SUCCESS };
            let text = crate::messages::cli::usage_error(&e, early);
            let _ = if e.use_stderr() {
                err.write_all(text.as_bytes())
            } else {
                out.write_all(text.as_bytes())
            };
            return code;
        }
    };
    let lang = cli.lang.unwrap_or(detected);
    if let (None, Some(w)) = (cli.lang, lang_warning) {
        let _ = writeln!(err, "{w}");
    }
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
        Command::Codeowners(args) => codeowners(&args, env, lang, color, out, err),
        Command::Export(ExportCommand::Xlsx(args)) => export(&args, env, lang, color, out, err),
        Command::Clerk(c) => crate::clerk::run(
            c,
            &mut crate::clerk::Ctx {
                env,
                lang,
                color,
                prompter,
                out,
                err,
            },
        ),
        Command::Report(args) => crate::report::cmd::run(&args, env, lang, color, out, err),
        Command::Export(ExportCommand::Html(args)) => {
            crate::export_html::run(&args, env, lang, color, out, err)
        }
        Command::Export(ExportCommand::Ics(args)) => {
            crate::export_ics::run(&args, env, lang, color, out, err)
        }
        Command::Export(ExportCommand::Jsonl(args)) => {
            export_jsonl(&args, env, lang, color, out, err)
        }
    };
    match result {
        Ok(code) => code,
        // A failed write to `out` is reported by `run`, once.
        Err(_) if out.failed.is_some() => ERROR,
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
    let root = match discover(args.repo.as_ref(), env, lang) {
        Ok(root) => root,
        Err(located) => {
            let report = no_repo_report(&located, args.as_of.unwrap_or(env.today));
            let opts = render_options(env, None, lang, color);
            emit(args, env, &report, &opts, out, err)?;
            return Ok(ERROR);
        }
    };
    let what = RunWhat {
        as_of: args.as_of,
        units: &args.units,
        jobs: args.jobs,
        // Findings and diagnostics only: records need not keep their words.
        keep: crate::load::Keep::Findings,
    };
    let Some(run) = run_check(&root, &what, env, lang, err)? else {
        return Ok(ERROR);
    };
    let mut opts = render_options(env, Some(&root), lang, color);
    opts.width = table_width(args.width, env);
    emit(args, env, &run.report(), &opts, out, err)?;
    let status = exit_status(&run.summary, args.fail_on());
    if env.exits_after {
        std::mem::forget(run);
    }
    Ok(status)
}

/// The repository root `--repo` or the working folder leads to, else the
/// `no-repo` diagnostic, ready to render.
fn discover(
    repo: Option<&PathBuf>,
    env: &Env<'_>,
    lang: Lang,
) -> Result<PathBuf, Vec<crate::diag::Located>> {
    let explicit = repo.map(|r| env.cwd.join(r));
    load::discover(&env.cwd, explicit.as_deref()).ok_or_else(|| {
        let from = explicit.as_deref().unwrap_or(&env.cwd);
        let diag = Diagnostic::global(Msg::NoRepo {
            from: display(from),
            why: crate::discover::no_repo_why(&env.cwd, explicit.as_deref()),
        });
        locate(&[diag], &crate::source::SourceMap::default(), lang)
    })
}

/// What [`run_check`] is asked for: `--as-of`, `--unit`, `--jobs`, and what
/// of the files the command needs.
struct RunWhat<'a> {
    as_of: Option<Date>,
    units: &'a [String],
    jobs: Option<usize>,
    keep: crate::load::Keep,
}

/// [`crate::check::check`] with the CLI's options; `None` after explaining a
/// `--unit` that is not registered on `err` (the caller exits 2).
fn run_check(
    root: &Path,
    what: &RunWhat<'_>,
    env: &Env<'_>,
    lang: Lang,
    err: &mut dyn Write,
) -> anyhow::Result<Option<CheckRun>> {
    let RunWhat {
        as_of,
        units,
        jobs,
        keep,
    } = *what;
    let opts = CheckOptions {
        as_of,
        today: env.today,
        units: units.to_vec(),
        lang,
    };
    // A pool of our own rather than the global one, so that `--jobs` is an
    // argument of this run (tests run many in one process). 0 threads is
    // rayon's default: RAYON_NUM_THREADS, else the cores.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()?;
    let bar = std::sync::OnceLock::new();
    let show = progress_wanted(env);
    let progress = |done: u64, total: u64| {
        if show && total >= PROGRESS_MIN_FILES {
            bar.get_or_init(|| new_bar(total, lang)).set_position(done);
        }
    };
    let result = pool.install(|| crate::check::check_with_progress(root, &opts, &progress, keep));
    if let Some(b) = bar.get() {
        b.finish_and_clear();
    }
    match result {
        Ok(run) => Ok(Some(run)),
        Err(UnknownUnit { unit, suggestions }) => {
            let text = crate::messages::cli::unknown_unit_arg(&unit, &suggestions, lang);
            writeln!(err, "ledger: {text}")?;
            Ok(None)
        }
    }
}

/// A bar that says what it counts: `正在检查文件 ███░░ 310/5003`.
fn new_bar(total: u64, lang: Lang) -> indicatif::ProgressBar {
    let style = indicatif::ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len}")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    indicatif::ProgressBar::new(total)
        .with_style(style)
        .with_message(crate::messages::cli::progress_label(lang))
}

/// Runs with fewer files finish before a bar would be worth reading.
const PROGRESS_MIN_FILES: u64 = 2000;

/// A progress bar only for a person watching: stderr is a terminal and no CI
/// is running. Pipes, CI logs and redirected JSON never get one.
fn progress_wanted(env: &Env<'_>) -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && (env.var)("CI").is_none_or(|v| v.is_empty())
}

/// How to render: the language and colour chosen, and for a repository the
/// path base of the CI formats, relative to the checkout (`GITHUB_WORKSPACE`,
/// else the git work tree), which may hold the repository in a subfolder.
fn render_options(env: &Env<'_>, root: Option<&Path>, lang: Lang, color: bool) -> RenderOptions {
    let workspace = (env.var)("GITHUB_WORKSPACE")
        .filter(|w| !w.is_empty())
        .map(|w| env.cwd.join(w));
    RenderOptions {
        lang,
        color,
        paths: root
            .map(|r| path_base(r, workspace.as_deref()))
            .unwrap_or_default(),
        width: None,
    }
}

/// The width the human tables fit (issue 10): `--width N` (0: none); else,
/// when stdout is a terminal, `COLUMNS` when it holds a number (as shells and
/// Python read it), else the terminal's own width; else none, so a pipe, a
/// file or a CI log gets the tables whole, as wide as their content.
fn table_width(arg: Option<u16>, env: &Env<'_>) -> Option<u16> {
    match arg {
        Some(0) => None,
        Some(n) => Some(n),
        None if env.stdout_is_terminal => (env.var)("COLUMNS")
            .and_then(|c| c.trim().parse::<u16>().ok())
            .filter(|&c| c > 0)
            .or(env.terminal_width),
        None => None,
    }
}

/// The ledger repository `root` seen from `workspace` (GitHub's
/// `GITHUB_WORKSPACE`) when given, else from the top of the git work tree
/// holding `root` (the nearest folder above with a `.git`). A root outside
/// both keeps repository-relative paths.
pub fn path_base(root: &Path, workspace: Option<&Path>) -> PathBase {
    let root = real(root);
    let base = match workspace {
        Some(w) => Some(real(w)),
        None => git_top(&root),
    };
    let Some(rel) = base.as_deref().and_then(|b| root.strip_prefix(b).ok()) else {
        return PathBase::default();
    };
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    PathBase::new(&parts.join("/"))
}

fn real(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// The nearest folder at or above `start` holding `.git` (a folder, or a file
/// in worktrees and submodules).
fn git_top(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

/// The report of a run that found no repository.
fn no_repo_report(diagnostics: &[crate::diag::Located], as_of: Date) -> Report<'_> {
    Report {
        as_of,
        summary: Summary::of(diagnostics, &[]),
        diagnostics,
        findings: &[],
        not_evaluated: &[],
        unscored: &[],
        repo: None,
        sources: None,
    }
}

/// Diagnostics alone on `err`, as `check` shows them, ending in the counts of
/// `summary` (for `summary` and `codeowners`, whose output is not to be
/// trusted from broken files); true when one of them is an error.
fn diagnostics_only(
    diagnostics: &[crate::diag::Located],
    summary: Summary,
    sources: &crate::source::SourceMap,
    as_of: Date,
    opts: &RenderOptions,
    err: &mut dyn Write,
) -> anyhow::Result<bool> {
    if diagnostics.is_empty() {
        return Ok(false);
    }
    let report = Report {
        as_of,
        diagnostics,
        findings: &[],
        summary,
        not_evaluated: &[],
        unscored: &[],
        repo: None,
        sources: Some(sources),
    };
    render::human::render(&report, opts, err)?;
    Ok(summary.errors > 0)
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
/// (`GITHUB_ACTIONS=true`), else `human`.
fn emit(
    args: &CheckArgs,
    env: &Env<'_>,
    report: &Report<'_>,
    opts: &RenderOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let in_actions = (env.var)("GITHUB_ACTIONS").as_deref() == Some("true");
    let limits = if args.all {
        render::Limits::NONE
    } else {
        render::Limits::default()
    };
    let format = args.format.unwrap_or(if in_actions {
        Format::Github
    } else {
        Format::Human
    });
    match format {
        Format::Human => render::human::render_limited(report, opts, limits, out)?,
        Format::Json => render::json::render(report, out)?,
        Format::Github => {
            render::github::render_limited(report, opts, limits, out)?;
            // The one file `check` writes: the job summary GitHub asks for.
            if let Some(file) = (env.var)("GITHUB_STEP_SUMMARY").filter(|f| !f.is_empty()) {
                let path = env.cwd.join(&file);
                if let Err(e) = append_step_summary(&path, report, opts) {
                    writeln!(err, "ledger: cannot append the job summary to {file}: {e}")?;
                }
            }
        }
        Format::Junit => {
            let junit = render::junit::Options {
                strict: args.fail_on() == FailOn::Any,
                units: &args.units,
                render: opts,
            };
            render::junit::render(report, &junit, out)?;
        }
        Format::Sarif => render::sarif::render(report, opts, out)?,
        Format::Csv => crate::export::csv::findings(report.repo, report.findings, opts.lang, out)?,
    }
    Ok(())
}

/// Append the job summary to the file `GITHUB_STEP_SUMMARY` names, in one
/// write, so a failed run leaves no half table.
fn append_step_summary(
    path: &Path,
    report: &Report<'_>,
    opts: &RenderOptions,
) -> std::io::Result<()> {
    let mut text = Vec::new();
    render::github::step_summary(report, opts, &mut text)?;
    // Non-blocking: a FIFO in the variable must not hang the run.
    let mut file = crate::discover::open_nonblocking(
        std::fs::OpenOptions::new().create(true).append(true),
        path,
    )?;
    file.write_all(&text)
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
    /// Only this calendar year: its obligation periods, records and items, counted as
    /// of its last day (or the evaluation date, when earlier)
    #[arg(long, value_name = "YYYY")]
    year: Option<i32>,
    /// Output format
    #[arg(long, value_enum, default_value_t = SummaryFormat::Human)]
    format: SummaryFormat,
    /// Only this table (human output; default: all), or the table --format csv writes
    /// (default: units)
    #[arg(long, value_enum)]
    table: Option<SummaryTable>,
    /// Threads for reading and checking the files (default: the cores)
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
    /// Fit the human tables to N columns: long text wraps, the least needed columns are left out
    /// (default: when stdout is a terminal, COLUMNS or else its width; otherwise no limit; 0: no
    /// limit)
    #[arg(long, value_name = "N")]
    width: Option<u16>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum SummaryFormat {
    /// Three tables: per unit, per work point, plan totals
    Human,
    /// {"version":1,"as_of":…,"units":[…],"points":[…],"plan":{…},"upcoming":[…]}
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
    /// The plan totals alone
    Plan,
}

impl SummaryTable {
    fn view(self) -> crate::render::summary::CsvTable {
        use crate::render::summary::CsvTable;
        match self {
            SummaryTable::Units => CsvTable::Units,
            SummaryTable::Points => CsvTable::Points,
            SummaryTable::Plan => CsvTable::Plan,
        }
    }
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
    let Some(mut run) = load_for_counting(
        &Counting {
            repo: args.repo.as_ref(),
            as_of: args.as_of,
            units: &args.units,
            jobs: args.jobs,
            keep: crate::load::Keep::Findings,
        },
        env,
        lang,
        color,
        err,
    )?
    else {
        return Ok(ERROR);
    };
    let wanted: BTreeSet<String> = args.units.iter().cloned().collect();
    let only = (!wanted.is_empty()).then_some(&wanted);
    let findings = std::mem::take(&mut run.findings);
    let Some(counted) = count_within(
        &mut run.analysis,
        findings,
        run.settings,
        args.year,
        only,
        lang,
        err,
    )?
    else {
        return Ok(ERROR);
    };
    let overview = counted.overview(&run.analysis.repo, only);
    match args.format {
        SummaryFormat::Human => {
            let mut opts = render_options(env, None, lang, color);
            opts.width = table_width(args.width, env);
            view::human(&overview, args.table.map(SummaryTable::view), &opts, out)?
        }
        SummaryFormat::Json => view::json(&overview, out)?,
        SummaryFormat::Csv => {
            let table = args.table.unwrap_or(SummaryTable::Units).view();
            view::csv(&overview, table, lang, out)?;
        }
    }
    Ok(SUCCESS)
}

/// What to load for `summary` and the exports: the command's repository options.
pub(crate) struct Counting<'a> {
    pub(crate) repo: Option<&'a PathBuf>,
    pub(crate) as_of: Option<Date>,
    pub(crate) units: &'a [String],
    pub(crate) jobs: Option<usize>,
    /// What of the files the command shows: exports and reports show records'
    /// titles and evidence ([`crate::load::Keep::Reported`]); `summary` counts
    /// them and names only points and items ([`crate::load::Keep::Findings`]).
    pub(crate) keep: crate::load::Keep,
}

/// Discover, check, and show the diagnostics on `err` as `check` shows them:
/// the run when it can be counted; `None` (exit 2) on no repository, bad
/// usage or an error diagnostic (a count of broken files is not to be trusted).
pub(crate) fn load_for_counting(
    what: &Counting<'_>,
    env: &Env<'_>,
    lang: Lang,
    color: bool,
    err: &mut dyn Write,
) -> anyhow::Result<Option<CheckRun>> {
    let Counting {
        repo,
        as_of,
        units,
        jobs,
        keep,
    } = *what;
    let root = match discover(repo, env, lang) {
        Ok(root) => root,
        Err(located) => {
            let report = no_repo_report(&located, as_of.unwrap_or(env.today));
            render::human::render(&report, &render_options(env, None, lang, color), err)?;
            return Ok(None);
        }
    };
    let what = RunWhat {
        as_of,
        units,
        jobs,
        keep,
    };
    let Some(run) = run_check(&root, &what, env, lang, err)? else {
        return Ok(None);
    };
    let opts = render_options(env, None, lang, color);
    let a = &run.analysis;
    if diagnostics_only(
        &run.diagnostics,
        run.summary,
        &a.sources,
        a.as_of,
        &opts,
        err,
    )? {
        return Ok(None);
    }
    Ok(Some(run))
}

/// What `summary` and `export` count: the findings and obligation periods of
/// the whole repository, or of one year of it (the repository then trimmed to
/// the year, see [`crate::scope`]), restricted to the `--unit` units.
struct Counted {
    findings: Vec<eval::Finding>,
    periods: Vec<eval::PeriodStatus>,
    settings: Settings,
    scope: Option<crate::scope::Scope>,
}

impl Counted {
    fn overview(
        &self,
        repo: &crate::validate::Repository,
        only: Option<&BTreeSet<String>>,
    ) -> crate::summary::Overview {
        let mut o =
            crate::summary::compute_with(repo, &self.findings, &self.periods, self.settings, only);
        o.scope = self.scope;
        o
    }
}

/// `None` after explaining on `err` why the year cannot be counted (exit 2).
fn count_within(
    analysis: &mut load::Analysis,
    findings: Vec<eval::Finding>,
    settings: Settings,
    year: Option<i32>,
    only: Option<&BTreeSet<String>>,
    lang: Lang,
    err: &mut dyn Write,
) -> anyhow::Result<Option<Counted>> {
    use crate::messages::office;
    use crate::scope::{Year, YearError};
    let wanted = |u: &str| only.is_none_or(|s| s.contains(u));
    let Some(y) = year else {
        let periods = eval::obligation_status(&analysis.repo, settings);
        return Ok(Some(Counted {
            findings,
            periods,
            settings,
            scope: None,
        }));
    };
    match Year(y).apply(&mut analysis.repo, settings) {
        Ok(mut scoped) => {
            scoped.findings.retain(|f| wanted(&f.unit));
            Ok(Some(Counted {
                findings: scoped.findings,
                periods: scoped.periods,
                settings: scoped.settings,
                scope: Some(scoped.scope),
            }))
        }
        Err(YearError::OutOfRange) => {
            writeln!(err, "ledger: {}", office::year_out_of_range(y, lang))?;
            Ok(None)
        }
        Err(YearError::NotBegun { as_of, .. }) => {
            writeln!(
                err,
                "ledger: {}",
                office::year_not_begun(y, &dates::iso(as_of), lang)
            )?;
            Ok(None)
        }
    }
}

// ---------------------------------------------------------------- `ledger export`

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// The ledger repository (default: the nearest folder above holding ledger.toml, else ./ledgers)
    #[arg(long, value_name = "DIR")]
    repo: Option<PathBuf>,
    /// Count as of this date (YYYY-MM-DD); default: check.as_of in ledger.toml, else today
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<Date>,
    /// Only this calendar year (as `summary --year`)
    #[arg(long, value_name = "YYYY")]
    year: Option<i32>,
    /// Only this unit (repeatable)
    #[arg(long = "unit", value_name = "ID")]
    units: Vec<String>,
    /// The file to write (default: <plan id>-<date>.<ext> in the current folder)
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// The default file name: `<plan id>-<date>.<ext>`, `<plan id>-<year>-<date>.<ext>`
/// with a year scope; the plan id made safe for a file name.
fn default_export_name(
    repo: &crate::validate::Repository,
    scope: Option<crate::scope::Scope>,
    as_of: Date,
    ext: &str,
) -> String {
    let plan = repo
        .plans
        .iter()
        .find_map(|d| d.plan.plan.as_ref()?.id.as_ref())
        .map_or("ledger".to_owned(), |id| id.value.0.as_str().to_owned());
    let plan: String = plan
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    match scope {
        Some(s) => format!("{plan}-{}-{}.{ext}", s.year, dates::iso(as_of)),
        None => format!("{plan}-{}.{ext}", dates::iso(as_of)),
    }
}

/// `ledger export`: exit 2 on bad usage, an error diagnostic (as `summary`)
/// or a file that cannot be written; else 0, the path written on stdout.
fn export(
    args: &ExportArgs,
    env: &Env<'_>,
    lang: Lang,
    color: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    let Some(run) = load_for_counting(
        &Counting {
            repo: args.repo.as_ref(),
            as_of: args.as_of,
            units: &args.units,
            jobs: None,
            keep: crate::load::Keep::Reported,
        },
        env,
        lang,
        color,
        err,
    )?
    else {
        return Ok(ERROR);
    };
    let CheckRun {
        mut analysis,
        settings,
        findings,
        ..
    } = run;
    let wanted: BTreeSet<String> = args.units.iter().cloned().collect();
    let only = (!wanted.is_empty()).then_some(&wanted);
    let Some(counted) = count_within(
        &mut analysis,
        findings,
        settings,
        args.year,
        only,
        lang,
        err,
    )?
    else {
        return Ok(ERROR);
    };
    let overview = counted.overview(&analysis.repo, only);
    let as_of = counted.settings.as_of;
    let path = match &args.out {
        Some(p) => env.cwd.join(p),
        None => env.cwd.join(default_export_name(
            &analysis.repo,
            counted.scope,
            as_of,
            "xlsx",
        )),
    };
    let book = crate::export::xlsx::Book {
        repo: &analysis.repo,
        findings: &counted.findings,
        periods: &counted.periods,
        overview: &overview,
        as_of,
        only,
        lang,
    };
    let bytes = crate::export::xlsx::to_bytes(&book).map_err(|e| anyhow::anyhow!("xlsx: {e}"))?;
    if let Err(e) = std::fs::write(&path, bytes) {
        writeln!(err, "ledger: {}: {e}", path.display())?;
        return Ok(ERROR);
    }
    let shown = args.out.as_ref().map_or_else(
        || display(path.file_name().map_or(path.as_ref(), Path::new)),
        |p| display(p),
    );
    writeln!(out, "{}", crate::messages::office::wrote(&shown, lang))?;
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
    /// Every commit that changes a unit ledger must carry a signature `git verify-commit` accepts
    #[arg(long)]
    require_signed: bool,
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
        why: crate::discover::no_repo_why(&env.cwd, explicit.as_deref()),
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
    let opts = crate::history::AuditOptions {
        since: args.since.clone(),
        require_signed: args.require_signed,
    };
    let report = match crate::history::audit(&root, &opts) {
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

/// `ledger codeowners`: exit 2 when the files have an error (a units registry
/// that does not parse would silently drop every owner), with the diagnostics
/// on stderr as `summary` shows them; else the file on stdout and exit 0.
fn codeowners(
    args: &CodeownersArgs,
    env: &Env<'_>,
    lang: Lang,
    color: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    let Some(root) = history_root(args.repo.as_ref(), env, lang, err)? else {
        return Ok(ERROR);
    };
    let owners = crate::codeowners::codeowners(&root, env.today);
    let a = &owners.analysis;
    let diagnostics = locate(&a.diagnostics, &a.sources, lang);
    let opts = render_options(env, None, lang, color);
    let counts = Summary::of(&diagnostics, &[]);
    if diagnostics_only(&diagnostics, counts, &a.sources, a.as_of, &opts, err)? {
        return Ok(ERROR);
    }
    if !owners.in_git {
        let text =
            crate::messages::history::line(crate::messages::history::Text::CodeownersNoGit, lang);
        writeln!(err, "ledger: {text}")?;
    }
    render::codeowners::write(&owners.rules, lang, out)?;
    Ok(SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_base_uses_the_workspace_then_the_git_top() {
        let tmp = tempfile::tempdir().unwrap();
        let top = tmp.path();
        let root = top.join("sub").join("ledgers");
        std::fs::create_dir_all(&root).unwrap();
        // Given a workspace: relative to it.
        assert_eq!(path_base(&root, Some(top)).prefix(), "sub/ledgers/");
        // No workspace and no git: repository-relative.
        if !top.ancestors().any(|d| d.join(".git").exists()) {
            assert_eq!(path_base(&root, None).prefix(), "");
        }
        // A git work tree above: relative to its top.
        std::fs::create_dir(top.join(".git")).unwrap();
        assert_eq!(path_base(&root, None).prefix(), "sub/ledgers/");
        // The root itself is the work tree.
        assert_eq!(path_base(top, None).prefix(), "");
        // A workspace that does not hold the root: repository-relative.
        let other = tempfile::tempdir().unwrap();
        assert_eq!(path_base(&root, Some(other.path())).prefix(), "");
    }

    #[test]
    fn table_width_is_the_option_then_columns_then_the_terminal_and_none_in_a_pipe() {
        let width = |arg, terminal: bool, columns: Option<&str>, size| {
            let var = |k: &str| {
                (k == "COLUMNS")
                    .then(|| columns.map(str::to_owned))
                    .flatten()
            };
            let env = Env {
                cwd: std::env::temp_dir(),
                var: &var,
                stdout_is_terminal: terminal,
                terminal_width: size,
                system_locale: None,
                today: dates::parse_iso_date("2019-01-15").unwrap(),
                exits_after: false,
            };
            table_width(arg, &env)
        };
        assert_eq!(width(Some(70), false, None, None), Some(70));
        assert_eq!(width(Some(0), true, Some("80"), Some(100)), None);
        assert_eq!(width(None, true, Some("80"), Some(100)), Some(80));
        assert_eq!(width(None, true, Some("wide"), Some(100)), Some(100));
        assert_eq!(width(None, true, Some("0"), None), None);
        // Not a terminal: whole tables, whatever COLUMNS says.
        assert_eq!(width(None, false, Some("80"), None), None);
    }

    /// Runs the CLI with these variables and system locale; (status, stdout, stderr).
    fn run_with(
        args: &[&str],
        vars: &[(&str, &str)],
        system: Option<&str>,
    ) -> (i32, String, String) {
        let var = |k: &str| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        };
        let env = Env {
            cwd: std::env::temp_dir(),
            var: &var,
            stdout_is_terminal: false,
            terminal_width: None,
            system_locale: system.map(str::to_owned),
            today: dates::parse_iso_date("2019-01-15").unwrap(),
            exits_after: false,
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let argv = std::iter::once("ledger").chain(args.iter().copied());
        let code = run(argv.map(OsString::from).collect(), &env, &mut out, &mut err);
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn usage_errors_follow_lang() {
        let (code, out, err) = run_with(&["--lang", "zh", "check", "--bogus"], &[], None);
        assert_eq!((code, out.as_str()), (ERROR, ""));
        assert!(err.starts_with("错误：不认识的参数 `--bogus`"), "{err}");
        let (code, _, err) = run_with(
            &["check", "--as-of", "2019/1/5"],
            &[("LANG", "zh_CN.UTF-8")],
            None,
        );
        assert_eq!(code, ERROR);
        assert!(err.contains("是不是 2019-01-05？"), "{err}");
        let (_, _, err) = run_with(&["check", "--as-of", "2019/1/5"], &[], None);
        assert!(err.contains("did you mean 2019-01-05?"), "{err}");
    }

    #[test]
    fn help_follows_the_windows_desktop_locale() {
        let (code, out, _) = run_with(&["--help"], &[], Some("zh-CN"));
        assert_eq!(code, SUCCESS);
        assert!(out.contains("用法：ledger [选项] <命令>"), "{out}");
        let (_, out, _) = run_with(&["help", "check"], &[], Some("zh-CN"));
        assert!(out.contains("用法：ledger check [选项]"), "{out}");
        let (_, out, _) = run_with(&["help", "check"], &[], None);
        assert!(out.contains("Usage: ledger check [OPTIONS]"), "{out}");
    }

    #[test]
    fn unknown_ledger_lang_is_warned_once() {
        let (_, _, err) = run_with(
            &["check", "--repo", "/nonexistent-ledger"],
            &[("LEDGER_LANG", "fr")],
            None,
        );
        assert!(err.starts_with("ledger: warning: LEDGER_LANG=fr"), "{err}");
        // An explicit --lang makes the variable irrelevant.
        let (_, _, err) = run_with(
            &["--lang", "en", "check", "--repo", "/nonexistent-ledger"],
            &[("LEDGER_LANG", "fr")],
            None,
        );
        assert!(!err.contains("LEDGER_LANG"), "{err}");
    }
}

// -------------------------------------------------------------- `ledger export`

#[derive(clap::Args, Debug)]
pub struct JsonlArgs {
    /// The ledger repository (default: the nearest folder above holding ledger.toml, else ./ledgers)
    #[arg(long, value_name = "DIR")]
    repo: Option<PathBuf>,
    /// Evaluate as of this date (YYYY-MM-DD); default: check.as_of in ledger.toml, else today
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<Date>,
    /// Write to this file; `-` (the default) is standard output
    #[arg(long, value_name = "FILE", default_value = "-")]
    out: PathBuf,
    /// Threads for reading and checking the files (default: the cores)
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
}

/// `ledger export jsonl`: rows of a repository without errors (exit 2 and the
/// diagnostics on stderr otherwise, as `summary`).
fn export_jsonl(
    args: &JsonlArgs,
    env: &Env<'_>,
    lang: Lang,
    color: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    let Some(run) = load_for_counting(
        &Counting {
            repo: args.repo.as_ref(),
            as_of: args.as_of,
            units: &[],
            jobs: args.jobs,
            keep: crate::load::Keep::Reported,
        },
        env,
        lang,
        color,
        err,
    )?
    else {
        return Ok(ERROR);
    };
    let a = &run.analysis;
    if args.out.as_os_str() == "-" {
        crate::export::jsonl::write(&a.repo, run.settings, &run.findings, out)?;
    } else {
        let path = env.cwd.join(&args.out);
        let file =
            std::fs::File::create(&path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let mut w = std::io::BufWriter::new(file);
        crate::export::jsonl::write(&a.repo, run.settings, &run.findings, &mut w)?;
        w.flush()
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    }
    Ok(SUCCESS)
}
