//! The ledger repository over time: `ledger audit`, `ledger diff`.
//!
//! The format promises that records and items are never deleted (spec §5), and
//! an office's ledger is only worth its trail if nobody can quietly rewrite a
//! date or move a deadline. git already keeps that trail; these commands read
//! it with `git` itself ([`git`]), parse each version of a file with the
//! format's own decoder ([`snapshot`]), and compare versions entry by entry
//! ([`audit`], [`diff`], pure and tested without git). Rendering lives in
//! `render::audit` and `render::diff`; all wording in [`crate::messages::history`].

pub(crate) mod audit;
pub(crate) mod diff;
pub(crate) mod fields;
pub(crate) mod git;
pub(crate) mod snapshot;

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;
use rayon::prelude::*;

use self::audit::{Auditor, Commit, Violation};
use self::diff::{RepoDiff, Side};
use self::git::{Blobs, Git, LoggedCommit};
use self::snapshot::{FileState, Kind, Problem};
use crate::dates::Date;
use crate::decode::FileKind;
use crate::diag::Severity;
use crate::load::{self, CONFIG_FILE, InputFile};
use crate::model::LedgerFile;

/// Default of `[audit] backfill_days` (spec §2).
pub(crate) const DEFAULT_BACKFILL_DAYS: u32 = 30;

/// Everything `ledger audit` reports.
#[derive(Debug)]
pub struct AuditReport {
    /// `--since` as given.
    pub since: Option<String>,
    /// First-parent commits walked.
    pub commits: usize,
    pub backfill_days: u32,
    /// In spec order: commit, file, entry, field.
    pub violations: Vec<Violation>,
}

impl AuditReport {
    pub fn count(&self, severity: Severity) -> usize {
        self.violations
            .iter()
            .filter(|v| v.severity() == severity)
            .count()
    }
}

/// Walk the first-parent history from `since` (exclusive; default: the root
/// commit, inclusive) to HEAD and audit every change to `units/*.yaml`.
pub(crate) fn audit(root: &Path, since: Option<&str>) -> Result<AuditReport> {
    let git = Git::open(root)?;
    let head = git.commit_of("HEAD")?;
    let range = match since {
        Some(rev) => format!("{}..{head}", git.commit_of(rev)?),
        None => head.clone(),
    };
    let commits = git.count(&range)?;
    let log = git.log(&range, &[git.full_path("units")])?;
    let mut blobs = git.blobs()?;
    let backfill_days = backfill_days(&git, &mut blobs, &head)?;
    let mut auditor = Auditor::new(backfill_days);
    for (seq, logged) in log.iter().enumerate() {
        let commit = Commit {
            sha: logged.sha.clone(),
            author: logged.author.clone(),
            committed: logged.committed,
        };
        for change in &logged.changes {
            let Some(rel) = git.ledger_path(&change.path) else {
                continue;
            };
            if snapshot::kind_of(rel) != Some(Kind::Ledger) {
                continue;
            }
            if !auditor.knows(rel) {
                let start = baseline(&git, &mut blobs, logged, change, rel)?;
                auditor.start(rel, start);
            }
            let state = match &change.new {
                None => FileState::Absent,
                Some(blob) => snapshot::ledger(rel, &blobs.read(blob)?),
            };
            auditor.change(seq, &commit, rel, state);
        }
    }
    Ok(AuditReport {
        since: since.map(str::to_owned),
        commits,
        backfill_days,
        violations: auditor.finish(),
    })
}

/// `[audit] backfill_days` of HEAD's `ledger.toml`, else the default.
fn backfill_days(git: &Git, blobs: &mut Blobs, head: &str) -> Result<u32> {
    let files = git.ls_tree(head, &[git.full_path(CONFIG_FILE)])?;
    let Some((_, blob)) = files.first() else {
        return Ok(DEFAULT_BACKFILL_DAYS);
    };
    let bytes = blobs.read(blob)?;
    let analysis = load::analyze(
        vec![InputFile::new(CONFIG_FILE, bytes)],
        None,
        Date::default(),
    );
    Ok(analysis
        .repo
        .config
        .audit
        .backfill_days
        .map_or(DEFAULT_BACKFILL_DAYS, |d| d.value))
}

/// The last readable version of a file before the first walked commit that changes it.
fn baseline(
    git: &Git,
    blobs: &mut Blobs,
    logged: &LoggedCommit,
    change: &git::Change,
    rel: &str,
) -> Result<Option<LedgerFile>> {
    let Some(old) = &change.old else {
        return Ok(None);
    };
    if let FileState::Readable(l) = snapshot::ledger(rel, &blobs.read(old)?) {
        return Ok(Some(l));
    }
    let Some(parent) = &logged.parent else {
        return Ok(None);
    };
    for past in git.path_log(parent, &change.path)? {
        for c in past.changes.iter().filter(|c| c.path == change.path) {
            let Some(prev) = &c.old else {
                return Ok(None);
            };
            if let FileState::Readable(l) = snapshot::ledger(rel, &blobs.read(prev)?) {
                return Ok(Some(l));
            }
        }
    }
    Ok(None)
}

/// One side of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Revision {
    WorkingTree,
    Commit { rev: String, sha: String },
}

/// Everything `ledger diff` reports.
#[derive(Debug)]
pub struct DiffReport {
    pub from: Revision,
    pub to: Revision,
    pub diff: RepoDiff,
}

/// Compare the ledger repository at `from` (default HEAD) with `to` (default: the working tree).
pub(crate) fn diff(root: &Path, from: Option<&str>, to: Option<&str>) -> Result<DiffReport> {
    let git = Git::open(root)?;
    let resolve = |rev: &str| -> Result<Revision> {
        Ok(Revision::Commit {
            rev: rev.to_owned(),
            sha: git.commit_of(rev)?,
        })
    };
    let from = resolve(from.unwrap_or("HEAD"))?;
    let to = match to {
        Some(rev) => resolve(rev)?,
        None => Revision::WorkingTree,
    };
    let mut blobs = git.blobs()?;
    let a = files_at(&git, &mut blobs, root, &from)?;
    let b = files_at(&git, &mut blobs, root, &to)?;
    let (side_a, side_b) = sides(a, b);
    Ok(DiffReport {
        from,
        to,
        diff: diff::compare(&side_a, &side_b),
    })
}

type Files = BTreeMap<String, Result<Vec<u8>, Problem>>;

/// The ledger repository's files at a revision, by path relative to its root.
fn files_at(git: &Git, blobs: &mut Blobs, root: &Path, rev: &Revision) -> Result<Files> {
    let mut out = BTreeMap::new();
    match rev {
        Revision::WorkingTree => {
            for f in load::read_repo(root) {
                let content = load::bytes_of(&FileKind::of(&f.path), f.content)
                    .map_err(|msg| Problem::new(1, 1, msg));
                out.insert(f.path, content);
            }
        }
        Revision::Commit { sha, .. } => {
            let paths = [CONFIG_FILE, "plan", "units"].map(|p| git.full_path(p));
            for (full, blob) in git.ls_tree(sha, &paths)? {
                let Some(rel) = git.ledger_path(&full) else {
                    continue;
                };
                if snapshot::kind_of(rel).is_some() {
                    out.insert(rel.to_owned(), Ok(blobs.read(&blob)?));
                }
            }
        }
    }
    Ok(out)
}

fn parse<T: Send>(
    files: Vec<(String, Result<Vec<u8>, Problem>)>,
    read: fn(&str, &[u8]) -> FileState<T>,
) -> BTreeMap<String, FileState<T>> {
    files
        .into_par_iter()
        .map(|(path, content)| {
            let state = match content {
                Ok(bytes) => read(&path, &bytes),
                Err(p) => FileState::Unreadable(p),
            };
            (path, state)
        })
        .collect()
}

/// Parse both sides; unit ledgers identical on both sides are left out.
fn sides(mut a: Files, mut b: Files) -> (Side, Side) {
    let split = |files: &mut Files, kind: Kind| -> Vec<(String, Result<Vec<u8>, Problem>)> {
        let keys: Vec<String> = files
            .keys()
            .filter(|p| snapshot::kind_of(p) == Some(kind))
            .cloned()
            .collect();
        keys.into_iter()
            .filter_map(|k| files.remove_entry(&k))
            .collect()
    };
    let (mut la, mut lb) = (split(&mut a, Kind::Ledger), split(&mut b, Kind::Ledger));
    let same: std::collections::BTreeSet<String> = la
        .iter()
        .filter(|(p, c)| lb.iter().any(|(q, d)| p == q && c == d))
        .map(|(p, _)| p.clone())
        .collect();
    la.retain(|(p, _)| !same.contains(p));
    lb.retain(|(p, _)| !same.contains(p));
    let side = |mut files: Files, ledgers| {
        let plans = split(&mut files, Kind::Plan);
        let config = match files.remove(CONFIG_FILE) {
            None => FileState::Absent,
            Some(Ok(bytes)) => snapshot::config(CONFIG_FILE, &bytes),
            Some(Err(p)) => FileState::Unreadable(p),
        };
        Side {
            config,
            plans: parse(plans, snapshot::plan),
            ledgers: parse(ledgers, snapshot::ledger),
        }
    };
    (side(a, la), side(b, lb))
}
