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
    /// Show every diagnostic and every table row (human and github output stop after the first ones)
    #[arg(long)]
    all: bool,
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

fn parse_date(s: &str) -> Result<Date, crate::messages::cli::BadDateArg> {
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
    /// The desktop's locale (`zh-CN`), for when no variable names a language
    /// (Windows keeps it outside the environment).
    pub system_locale: Option<String>,
    pub today: Date,
}

/// Exit statuses (§8).
pub const SUCCESS: i32 = 0;
pub const FAILURE: i32 = 1;
pub const ERROR: i32 = 2;

pub fn run(args: Vec<OsString>, env: &Env<'_>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut out = Tracked {
        inner: out,
        failed: None,
    };
    let lang =
        lang_arg(&args).unwrap_or_else(|| Lang::detect(env.var, || env.system_locale.clone()).0);
    let code = run_to(args, env, &mut out, err);
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

fn run_to(args: Vec<OsString>, env: &Env<'_>, out: &mut Tracked<'_>, err: &mut dyn Write) -> i32 {
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
    let Some(run) = run_check(&root, args.as_of, &args.units, env, lang, err)? else {
        return Ok(ERROR);
    };
    let opts = render_options(env, Some(&root), lang, color);
    emit(args, env, &run.report(), &opts, out, err)?;
    Ok(exit_status(&run.summary, args.fail_on()))
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
        });
        locate(&[diag], &crate::source::SourceMap::default(), lang)
    })
}

/// [`crate::check::check`] with the CLI's options; `None` after explaining a
/// `--unit` that is not registered on `err` (the caller exits 2).
fn run_check(
    root: &Path,
    as_of: Option<Date>,
    units: &[String],
    env: &Env<'_>,
    lang: Lang,
    err: &mut dyn Write,
) -> anyhow::Result<Option<CheckRun>> {
    let opts = CheckOptions {
        as_of,
        today: env.today,
        units: units.to_vec(),
        lang,
    };
    match crate::check::check(root, &opts) {
        Ok(run) => Ok(Some(run)),
        Err(UnknownUnit { unit, suggestion }) => {
            let hint = suggestion
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            writeln!(err, "ledger: --unit {unit}: not a registered unit{hint}")?;
            Ok(None)
        }
    }
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
    let root = match discover(args.repo.as_ref(), env, lang) {
        Ok(root) => root,
        Err(located) => {
            let report = no_repo_report(&located, args.as_of.unwrap_or(env.today));
            render::human::render(&report, &render_options(env, None, lang, color), err)?;
            return Ok(ERROR);
        }
    };
    let Some(run) = run_check(&root, args.as_of, &args.units, env, lang, err)? else {
        return Ok(ERROR);
    };
    let (analysis, findings, settings) = (&run.analysis, &run.findings, run.settings);
    let wanted: BTreeSet<String> = args.units.iter().cloned().collect();
    let opts = render_options(env, None, lang, color);
    if diagnostics_only(
        &run.diagnostics,
        run.summary,
        &analysis.sources,
        analysis.as_of,
        &opts,
        err,
    )? {
        return Ok(ERROR);
    }
    let only = (!wanted.is_empty()).then_some(&wanted);
    let overview = crate::summary::compute(&analysis.repo, findings, settings, only);
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
            system_locale: system.map(str::to_owned),
            today: dates::parse_iso_date("2019-01-15").unwrap(),
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
