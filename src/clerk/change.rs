//! One write, start to end: take the lock, re-read the repository, make the
//! edit in memory, check the whole repository with it, and only then write —
//! and tell what it changed in the findings.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use crate::check::{CheckOptions, CheckRun, check_files};
use crate::dates::Date;
use crate::diag::{Located, Severity};
use crate::eval::Finding;
use crate::load::{self, Analysis, Content, InputFile};
use crate::messages::Lang;
use crate::messages::clerk::{Action, Problem};
use crate::render::locate::PathBase;
use crate::render::{self, RenderOptions, Report, Summary};
use crate::validate::Repository;

use super::edit::FileText;
use super::write;

/// An edit ready to be checked: the file's new bytes and what to say about it.
pub struct Planned {
    /// Relative to the repository root, `/`-separated.
    pub path: String,
    pub bytes: Vec<u8>,
    pub line: usize,
    pub action: Action,
    pub id: String,
}

/// What a write did.
#[derive(Debug)]
pub struct Written {
    pub path: String,
    pub line: usize,
    pub action: Action,
    pub id: String,
    /// Findings before the write that are gone after it.
    pub gone: Vec<Finding>,
    /// Findings after the write that were not there before.
    pub new: Vec<Finding>,
}

/// Why a write did not happen, with the diagnostics to show as `check` does.
pub struct Refusal {
    pub problem: Problem,
    pub diagnostics: Vec<Located>,
    /// The analysis the diagnostics point into.
    pub analysis: Option<Analysis>,
}

impl From<Problem> for Refusal {
    fn from(problem: Problem) -> Refusal {
        Refusal {
            problem,
            diagnostics: Vec::new(),
            analysis: None,
        }
    }
}

/// Makes the edit from the repository as read under the lock.
pub type Plan<'a> = dyn Fn(&Analysis, &[InputFile]) -> Result<Planned, Problem> + 'a;

/// A file's new bytes.
pub struct FileEdit {
    /// Relative to the repository root, `/`-separated.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Makes the edits of several files at once, and what to say about them.
pub type PlanFiles<'a, T> =
    dyn Fn(&Analysis, &[InputFile]) -> Result<(Vec<FileEdit>, T), Problem> + 'a;

/// What [`commit_files`] did: the planner's outcome, the findings that moved,
/// and the repository as it now is.
pub struct Applied<T> {
    pub outcome: T,
    pub gone: Vec<Finding>,
    pub new: Vec<Finding>,
    pub analysis: Box<Analysis>,
}

/// Under the repository's lock: read, plan, check, write.
pub fn commit(
    root: &Path,
    today: Date,
    lang: Lang,
    plan: &Plan<'_>,
) -> Result<(Written, Box<Analysis>), Box<Refusal>> {
    let applied = commit_files(root, today, lang, &|analysis, files| {
        let p = plan(analysis, files)?;
        let edit = FileEdit {
            path: p.path.clone(),
            bytes: p.bytes,
        };
        Ok((vec![edit], (p.path, p.line, p.action, p.id)))
    })?;
    let (path, line, action, id) = applied.outcome;
    Ok((
        Written {
            path,
            line,
            action,
            id,
            gone: applied.gone,
            new: applied.new,
        },
        applied.analysis,
    ))
}

/// [`commit`] for a change to several files (`ledger sample` draws for many
/// units in one run): all are checked together and refused together. With no
/// edits, nothing is checked or written.
pub fn commit_files<T>(
    root: &Path,
    today: Date,
    lang: Lang,
    plan: &PlanFiles<'_, T>,
) -> Result<Applied<T>, Box<Refusal>> {
    let refuse = |p: Problem| Box::new(Refusal::from(p));
    let _lock =
        write::lock(root).map_err(|e| refuse(Problem::Io(format!("{}: {e}", write::LOCK_FILE))))?;
    let files = load::read_repo(root);
    let opts = CheckOptions {
        as_of: None,
        today,
        units: Vec::new(),
        lang,
    };
    // No `--unit` filter, so the run cannot fail.
    let run =
        |files: Vec<InputFile>| check_files(files, &opts).map_err(|_| refuse(Problem::Refused));
    let before = run(files.clone())?;
    let (edits, outcome) = match plan(&before.analysis, &files) {
        Ok(planned) => planned,
        // Found while planning (the file does not parse as a ledger): shown
        // with its diagnostics, as when found below.
        Err(Problem::FileHasErrors(path)) => {
            let own: Vec<Located> = before
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error && d.file.as_deref() == Some(&path))
                .cloned()
                .collect();
            return Err(Box::new(Refusal {
                problem: Problem::FileHasErrors(path),
                diagnostics: own,
                analysis: Some(before.analysis),
            }));
        }
        Err(p) => return Err(refuse(p)),
    };
    if edits.is_empty() {
        return Ok(Applied {
            outcome,
            gone: Vec::new(),
            new: Vec::new(),
            analysis: Box::new(before.analysis),
        });
    }
    let errors_in = |r: &CheckRun| -> Vec<Located> {
        r.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .cloned()
            .collect()
    };
    let old_errors = errors_in(&before);
    for e in &edits {
        let own: Vec<Located> = old_errors
            .iter()
            .filter(|d| d.file.as_deref() == Some(e.path.as_str()))
            .cloned()
            .collect();
        if !own.is_empty() {
            return Err(Box::new(Refusal {
                problem: Problem::FileHasErrors(e.path.clone()),
                diagnostics: own,
                analysis: Some(before.analysis),
            }));
        }
    }
    let mut changed = files;
    for e in &edits {
        match changed.iter_mut().find(|f| f.path == e.path) {
            Some(f) => f.content = Content::Bytes(e.bytes.clone()),
            None => changed.push(InputFile::new(e.path.clone(), e.bytes.clone())),
        }
    }
    let after = run(changed)?;
    let new_errors = subtract(errors_in(&after), &old_errors);
    if !new_errors.is_empty() {
        return Err(Box::new(Refusal {
            problem: Problem::Refused,
            diagnostics: new_errors,
            analysis: Some(after.analysis),
        }));
    }
    // Every target is vetted before the first write, so a link planted at the
    // second file does not leave the first one written alone.
    let mut targets = Vec::with_capacity(edits.len());
    for e in &edits {
        let path =
            write::target(root, &e.path).ok_or_else(|| refuse(Problem::Symlink(e.path.clone())))?;
        targets.push(path);
    }
    for (e, path) in edits.iter().zip(&targets) {
        write::write_atomic(path, &e.bytes)
            .map_err(|err| refuse(Problem::Io(format!("{}: {err}", e.path))))?;
    }
    let (gone, new) = delta(&before.findings, &after.findings);
    Ok(Applied {
        outcome,
        gone,
        new,
        analysis: Box::new(after.analysis),
    })
}

/// `after` without the diagnostics `before` had (compared without positions,
/// which an insertion moves).
fn subtract(after: Vec<Located>, before: &[Located]) -> Vec<Located> {
    let key = |d: &Located| (d.file.clone(), d.code.as_str(), d.message.clone());
    let mut had: HashMap<(Option<String>, &str, String), usize> = HashMap::new();
    for d in before {
        *had.entry(key(d)).or_default() += 1;
    }
    after
        .into_iter()
        .filter(|d| match had.get_mut(&key(d)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect()
}

/// Findings that disappeared and appeared. A finding whose day counts merely
/// moved (`days_left` …) is the same finding.
fn delta(before: &[Finding], after: &[Finding]) -> (Vec<Finding>, Vec<Finding>) {
    let key = |f: &Finding| {
        (
            f.category,
            f.kind,
            f.unit.clone(),
            f.ref_.clone(),
            f.obligation.clone(),
            f.item.clone(),
            f.period.clone(),
        )
    };
    let b: Vec<_> = before.iter().map(key).collect();
    let a: Vec<_> = after.iter().map(key).collect();
    let gone = before
        .iter()
        .filter(|f| !a.contains(&key(f)))
        .cloned()
        .collect();
    let new = after
        .iter()
        .filter(|f| !b.contains(&key(f)))
        .cloned()
        .collect();
    (gone, new)
}

/// Show a refusal: the diagnostics as `check` shows them, then why.
pub fn show_refusal(
    r: &Refusal,
    lang: Lang,
    color: bool,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    if let Some(a) = &r.analysis
        && !r.diagnostics.is_empty()
    {
        let report = Report {
            as_of: a.as_of,
            summary: Summary::of(&r.diagnostics, &[]),
            diagnostics: &r.diagnostics,
            findings: &[],
            not_evaluated: &[],
            unscored: &[],
            repo: None,
            sources: Some(&a.sources),
        };
        let opts = RenderOptions {
            lang,
            color,
            paths: PathBase::default(),
            width: None,
        };
        render::human::render(&report, &opts, err)?;
    }
    writeln!(
        err,
        "ledger: {}",
        crate::messages::clerk::problem(&r.problem, lang)
    )
}

/// The text of a file as the analysis read it, for editing.
pub fn file_text(files: &[InputFile], path: &str) -> Result<FileText, Problem> {
    let f = files
        .iter()
        .find(|f| f.path == path)
        .ok_or_else(|| Problem::Io(format!("{path}: not found")))?;
    match &f.content {
        Content::Bytes(b) => FileText::from_bytes(b).ok_or(Problem::FileHasErrors(path.to_owned())),
        _ => Err(Problem::FileHasErrors(path.to_owned())),
    }
}

/// A ledger's path as the repository knows it.
pub fn ledger_path(repo: &Repository, a: &Analysis, unit: &str) -> Option<String> {
    repo.ledgers
        .get(unit)
        .map(|l| a.sources.get(l.file).path.clone())
}
