//! The command line: parse arguments, run the pipeline, pick a renderer, and
//! map the outcome to an exit status. Output goes to the writers it is given.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::dates::{self, Date};
use crate::diag::{Code, Diagnostic, locate};
use crate::eval::{self, Settings};
use crate::load;
use crate::messages::{Lang, Msg};
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
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// The ledger repository (default: the nearest folder above holding ledger.toml, else ./ledgers)
    #[arg(long, value_name = "DIR")]
    repo: Option<PathBuf>,
    /// Evaluate as of this date (YYYY-MM-DD); default: check.as_of in ledger.toml, else today
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<Date>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Only report findings of this unit (repeatable)
    #[arg(long = "unit", value_name = "ID")]
    units: Vec<String>,
    /// Also fail (exit 1) on gaps, late, due-soon findings and warnings
    #[arg(long)]
    strict: bool,
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
    let explicit = args.repo.as_ref().map(|r| env.cwd.join(r));
    let Some(root) = load::discover(&env.cwd, explicit.as_deref()) else {
        let from = explicit.as_deref().unwrap_or(&env.cwd);
        let diag = Diagnostic {
            code: Code::NoRepo,
            file: None,
            span: None,
            msg: Msg::NoRepo {
                from: display(from),
            },
        };
        let located = locate(&[diag], &crate::source::SourceMap::default(), lang);
        let report = Report {
            as_of: args.as_of.unwrap_or(env.today),
            summary: Summary::of(&located, &[]),
            diagnostics: located,
            findings: Vec::new(),
            repo: None,
            sources: None,
            lang,
            color,
        };
        emit(args.format, &report, out)?;
        return Ok(ERROR);
    };
    let files = load::read_repo(&root);
    let analysis = load::analyze(files, args.as_of, env.today);
    let wanted: BTreeSet<&str> = args.units.iter().map(String::as_str).collect();
    for u in &wanted {
        if !analysis.repo.units.contains_key(*u) {
            let mut known: Vec<&str> = analysis.repo.units.keys().map(String::as_str).collect();
            known.sort_unstable();
            let hint = crate::suggest::closest(u, known.iter().copied())
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            writeln!(err, "ledger: --unit {u}: not a registered unit{hint}")?;
            return Ok(ERROR);
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
    emit(args.format, &report, out)?;
    Ok(exit_status(&summary, args.strict))
}

/// §8: 2 on any error; else 1 on overdue (with `--strict`, on anything reported); else 0.
pub fn exit_status(s: &Summary, strict: bool) -> i32 {
    if s.errors > 0 {
        ERROR
    } else if s.overdue > 0 || (strict && (s.gaps + s.late + s.due_soon + s.warnings) > 0) {
        FAILURE
    } else {
        SUCCESS
    }
}

fn emit(format: Format, report: &Report<'_>, out: &mut dyn Write) -> anyhow::Result<()> {
    match format {
        Format::Human => render::human::render(report, out)?,
        Format::Json => render::json::render(report, out)?,
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
