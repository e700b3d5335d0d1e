//! The ledger repository over time: `ledger audit`, `ledger diff`.
//!
//! The format promises that records and items are never deleted (spec §5), and
//! an office's ledger is only worth its trail if nobody can quietly rewrite a
//! date or move a deadline. git already keeps that trail; these commands read
//! it with `git` itself ([`git`]), parse each version of a file with the
//! format's own decoder ([`snapshot`]), and compare versions entry by entry
//! ([`audit`], [`diff`], pure and tested without git). The trail is also
//! judged commit by commit ([`commits`]: dates, encodings, rewritten history)
//! and against who may change what ([`owners`], signatures). Rendering lives
//! in `render::audit` and `render::diff`; all wording in
//! [`crate::messages::history`] and [`crate::messages::trail`].

pub(crate) mod audit;
pub(crate) mod commits;
pub(crate) mod diff;
pub(crate) mod fields;
pub(crate) mod git;
pub(crate) mod owners;
pub(crate) mod snapshot;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use anyhow::Result;
use rayon::prelude::*;

use self::audit::{Auditor, Commit, Note, UnitVersion, Violation, ViolationType};
use self::commits::{commit_of, commit_violations, rewritten_history};
use self::diff::{RepoDiff, Side};
use self::git::{Blobs, CommitInfo, Git, GitError, Mode, Object};
use self::owners::Owners;
use self::snapshot::{FileState, Problem};
use crate::dates::Date;
use crate::decode::FileKind;
use crate::diag::Severity;
use crate::load::{self, CONFIG_FILE, Content, InputFile};
use crate::model::LedgerFile;
use crate::yaml::MAX_FILE_BYTES;

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
    /// How many of the walked commits lie before `[audit] baseline`/`baseline_date`
    /// and were not judged.
    pub before_baseline: usize,
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

/// How `ledger audit` runs.
#[derive(Debug, Clone, Default)]
pub(crate) struct AuditOptions {
    /// Audit the commits after this revision (exclusive).
    pub since: Option<String>,
    /// Every commit changing a unit ledger must pass `git verify-commit`.
    pub require_signed: bool,
}

/// `[audit]` of HEAD's `ledger.toml`.
#[derive(Debug, Default)]
struct Settings {
    backfill_days: u32,
    baseline: Option<String>,
    baseline_date: Option<Date>,
}

/// Walk the first-parent history from `since` (exclusive; default: the root
/// commit, inclusive) to HEAD and audit every change to `units/*.yaml`, and
/// every commit of that walk as a commit (dates, encoding, author, signature).
pub(crate) fn audit(root: &Path, opts: &AuditOptions) -> Result<AuditReport> {
    let git = Git::open(root)?;
    let head = git.commit_of("HEAD")?;
    // A shallow clone's oldest commit looks like a root that added every
    // record at once: everything before it would pass unseen.
    if git.is_shallow()? {
        return Err(GitError::Shallow.into());
    }
    let mut blobs = git.blobs()?;
    let settings = settings(&git, &mut blobs, &head)?;
    let mut early = Vec::new();
    let start = match &opts.since {
        Some(rev) => {
            let sha = git.commit_of(rev)?;
            if git.is_ancestor(&sha, &head)? {
                Some(sha)
            } else {
                early.push(rewritten_history(&mut blobs, rev, &sha, "since")?);
                // Judge what HEAD added since the two histories parted.
                git.merge_base(&sha, &head)?
            }
        }
        None => None,
    };
    let range = match &start {
        Some(s) => format!("{s}..{head}"),
        None => head.clone(),
    };
    let chain = git.first_parents(&range)?;
    let mut known: Walked = HashMap::new();
    for (i, sha) in chain.iter().enumerate() {
        let Some(info) = blobs.commit(sha)? else {
            anyhow::bail!("git cat-file: commit {sha} is missing");
        };
        // seq 0 is kept for violations about the walk itself.
        known.insert(sha.clone(), (i + 1, commit_of(&info), info));
    }

    let unjudged = exempt(
        &git, &mut blobs, &head, &settings, &chain, &known, &mut early,
    )?;

    let mut auditor = Auditor::new(settings.backfill_days);
    for v in early {
        auditor.push(v);
    }
    let mut times: HashMap<String, Option<i64>> = HashMap::new();
    for sha in &chain {
        let (seq, commit, info) = &known[sha];
        for v in commit_violations(&mut blobs, &mut times, *seq, commit, info)? {
            auditor.push(v);
        }
    }

    // The plan files and unit ledgers as they stand in the first parent of
    // the walk's first commit; each walked commit then moves them on along
    // the chain.
    let before_walk = chain
        .first()
        .and_then(|c| known.get(c))
        .and_then(|(_, _, info)| info.parents.first().cloned());
    let mut owners = Owners::new(&git, before_walk.as_deref())?;
    let mut ledgers = LedgerTree::new(&git, before_walk.as_deref())?;
    let log = git.log(&range, &[git.full_path("units"), git.full_path("plan")])?;
    for logged in &log {
        let Some((seq, commit, info)) = known.get(&logged.sha) else {
            continue;
        };
        let seq = *seq;
        let before = owners.registry(&mut blobs)?;
        let plans_before = owners.files();
        owners.apply(&git, &logged.changes);
        // Each unit's changed files together: a rename of zzb.yml to
        // zzb.yaml is one change of unit zzb, not a deletion and an addition.
        let mut by_unit: BTreeMap<String, Vec<&git::Change>> = BTreeMap::new();
        let mut touched: Vec<String> = Vec::new();
        for change in &logged.changes {
            let Some(rel) = git.ledger_path(&change.path) else {
                continue;
            };
            if !rel.starts_with("units/") {
                continue;
            }
            if !change.path_utf8 {
                let mut v = Violation::of_file(ViolationType::Unreadable, seq, commit, rel);
                v.note = Some(Note::NameNotUtf8);
                auditor.push(v);
                continue;
            }
            let Some(unit) = snapshot::unit_of(rel) else {
                continue;
            };
            touched.push(rel.to_owned());
            by_unit.entry(unit).or_default().push(change);
        }
        for (unit, changes) in by_unit {
            if !auditor.knows(&unit) {
                let start = ledgers.baseline(&git, &mut blobs, info, &unit, &changes)?;
                auditor.start(&unit, start);
            }
            let mut versions = Vec::new();
            for change in changes {
                let rel = git.ledger_path(&change.path).unwrap_or_default();
                versions.push((
                    rel.to_owned(),
                    version(&mut blobs, rel, change.new.as_deref(), change.new_mode)?,
                ));
            }
            auditor.change(seq, commit, &unit, versions);
        }
        ledgers.apply(&git, &logged.changes);
        for v in owners.judge_plans(
            &git,
            &mut blobs,
            &plans_before,
            seq,
            commit,
            info,
            &logged.changes,
        )? {
            auditor.push(v);
        }
        if touched.is_empty() {
            continue;
        }
        let after = owners.registry(&mut blobs)?;
        for v in owners::judge(seq, commit, info, &touched, &before, &after) {
            auditor.push(v);
        }
        if opts.require_signed && !git.verify_commit(&logged.sha)? {
            let mut v = Violation::of_commit(ViolationType::UnsignedCommit, seq, commit);
            v.note = Some(if info.signed {
                Note::SignatureRejected
            } else {
                Note::NoSignature
            });
            auditor.push(v);
        }
    }
    let mut violations = auditor.finish();
    violations.retain(|v| !unjudged.contains(&v.seq));
    Ok(AuditReport {
        since: opts.since.clone(),
        commits: chain.len(),
        backfill_days: settings.backfill_days,
        before_baseline: unjudged.len(),
        violations,
    })
}

/// The walked commits by hash: their place in the walk (from 1), as reports
/// name them, and as git stores them.
type Walked = HashMap<String, (usize, Commit, CommitInfo)>;

/// The places (seq) of the walked commits `[audit] baseline`/`baseline_date`
/// exempt from judgement. Commits up to the baseline still build the state
/// the rest is compared with; only their own violations are dropped.
fn exempt(
    git: &Git,
    blobs: &mut Blobs,
    head: &str,
    settings: &Settings,
    chain: &[String],
    known: &Walked,
    early: &mut Vec<Violation>,
) -> Result<HashSet<usize>> {
    let mut unjudged: HashSet<usize> = HashSet::new();
    if let Some(rev) = &settings.baseline {
        let sha = git.commit_of(rev)?;
        if git.is_ancestor(&sha, head)? {
            let before = git.ancestors(&sha)?;
            unjudged.extend(
                chain
                    .iter()
                    .filter(|c| before.contains(*c))
                    .filter_map(|c| known.get(c).map(|(seq, ..)| *seq)),
            );
        } else {
            early.push(rewritten_history(blobs, rev, &sha, "baseline")?);
        }
    }
    if let Some(day) = settings.baseline_date {
        // In chain order: a later commit dated before the day is backdated,
        // not exempt.
        for sha in chain {
            let (seq, commit, _) = &known[sha];
            if commit.committed.is_some_and(|d| d >= day) {
                break;
            }
            unjudged.insert(*seq);
        }
    }
    Ok(unjudged)
}

/// The version of a unit ledger a change leaves, or why it cannot be read.
fn version(
    blobs: &mut Blobs,
    rel: &str,
    object: Option<&str>,
    mode: Mode,
) -> Result<Result<FileState<LedgerFile>, Note>> {
    let Some(object) = object else {
        return Ok(Ok(FileState::Absent));
    };
    match mode {
        Mode::File => {}
        Mode::Symlink => return Ok(Err(Note::Symlink)),
        Mode::Gitlink => return Ok(Err(Note::Gitlink)),
        Mode::None | Mode::Other => return Ok(Err(Note::NotAFile)),
    }
    Ok(match blobs.read_limited(object, MAX_FILE_BYTES as u64)? {
        Object::Bytes(bytes) => Ok(snapshot::ledger(rel, &bytes)),
        Object::TooLarge(bytes) => Err(Note::TooLarge { bytes }),
        Object::Missing => Err(Note::MissingObject),
    })
}

/// `[audit]` of HEAD's `ledger.toml`, with defaults.
fn settings(git: &Git, blobs: &mut Blobs, head: &str) -> Result<Settings> {
    let files = git.ls_tree(head, &[git.full_path(CONFIG_FILE)])?;
    let mut out = Settings {
        backfill_days: DEFAULT_BACKFILL_DAYS,
        ..Settings::default()
    };
    let Some((_, blob)) = files.first() else {
        return Ok(out);
    };
    let Object::Bytes(bytes) = blobs.read_limited(blob, MAX_FILE_BYTES as u64)? else {
        return Ok(out);
    };
    let analysis = load::analyze(
        vec![InputFile::new(CONFIG_FILE, bytes)],
        None,
        Date::default(),
    );
    let audit = analysis.repo.config.audit;
    if let Some(d) = audit.backfill_days {
        out.backfill_days = d.value;
    }
    out.baseline = audit.baseline.map(|b| b.value);
    out.baseline_date = audit.baseline_date.map(|d| d.value);
    Ok(out)
}

/// The unit ledgers along the walk (work-tree path → blob), so that a unit
/// first met in a commit that changes one of its files is compared with all
/// of them, the unchanged ones too.
struct LedgerTree {
    files: BTreeMap<String, (String, Mode)>,
}

impl LedgerTree {
    fn new(git: &Git, start: Option<&str>) -> Result<LedgerTree> {
        let files = match start {
            Some(sha) => git
                .ls_tree(sha, &[git.full_path("units")])?
                .into_iter()
                .filter(|(full, _)| {
                    git.ledger_path(full)
                        .is_some_and(|rel| snapshot::unit_of(rel).is_some())
                })
                .map(|(full, blob)| (full, (blob, Mode::File)))
                .collect(),
            None => BTreeMap::new(),
        };
        Ok(LedgerTree { files })
    }

    /// Apply a commit's changes under `units/`.
    fn apply(&mut self, git: &Git, changes: &[git::Change]) {
        for c in changes {
            let rel = git.ledger_path(&c.path);
            if !(c.path_utf8 && rel.is_some_and(|r| snapshot::unit_of(r).is_some())) {
                continue;
            }
            match &c.new {
                Some(blob) => {
                    self.files
                        .insert(c.path.clone(), (blob.clone(), c.new_mode));
                }
                None => {
                    self.files.remove(&c.path);
                }
            }
        }
    }

    /// `unit`'s files in the first parent of the commit `info` (not applied
    /// yet), each as its last readable version: the unit's state before the
    /// first walked commit that changes it.
    fn baseline(
        &self,
        git: &Git,
        blobs: &mut Blobs,
        info: &CommitInfo,
        unit: &str,
        changes: &[&git::Change],
    ) -> Result<UnitVersion> {
        let mut files: BTreeMap<&str, (Option<&str>, Mode)> = self
            .files
            .iter()
            .filter(|(full, _)| {
                git.ledger_path(full)
                    .and_then(snapshot::unit_of)
                    .is_some_and(|u| u == unit)
            })
            .map(|(full, (blob, mode))| (full.as_str(), (Some(blob.as_str()), *mode)))
            .collect();
        // The commit's own view of the parent wins: it also knows versions
        // that are no regular file.
        for c in changes {
            files.insert(c.path.as_str(), (c.old.as_deref(), c.old_mode));
        }
        let mut out = UnitVersion::new();
        for (full, (old, mode)) in files {
            let rel = git.ledger_path(full).unwrap_or_default();
            if let Some(l) = last_readable(git, blobs, info, full, rel, old, mode)? {
                out.insert(rel.to_owned(), l);
            }
        }
        Ok(out)
    }
}

/// The last readable version of a file as of the first parent of `info`,
/// whose version there is `old` (`None`: absent).
fn last_readable(
    git: &Git,
    blobs: &mut Blobs,
    info: &CommitInfo,
    full: &str,
    rel: &str,
    old: Option<&str>,
    mode: Mode,
) -> Result<Option<LedgerFile>> {
    let Some(old) = old else {
        return Ok(None);
    };
    if let Ok(FileState::Readable(l)) = version(blobs, rel, Some(old), mode)? {
        return Ok(Some(l));
    }
    let Some(parent) = info.parents.first() else {
        return Ok(None);
    };
    for past in git.path_log(parent, full)? {
        for c in past.changes.iter().filter(|c| c.path == full) {
            let Some(prev) = &c.old else {
                return Ok(None);
            };
            if let Ok(FileState::Readable(l)) = version(blobs, rel, Some(prev), c.old_mode)? {
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

/// One file of [`Files`], taken out of it.
type Listed = (String, Result<Vec<u8>, Problem>);

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
                let kind = FileKind::of(rel);
                // The files `check` reads, and no others.
                if matches!(
                    kind,
                    FileKind::Config | FileKind::Plan | FileKind::Ledger(_)
                ) {
                    // Sized before read: a huge blob is reported, never loaded.
                    let content = match blobs.read_limited(&blob, MAX_FILE_BYTES as u64)? {
                        Object::Bytes(b) => Content::Bytes(b),
                        Object::TooLarge(n) => Content::TooLarge(n),
                        Object::Missing => {
                            Content::Unreadable(format!("git object {blob} is missing"))
                        }
                    };
                    let content =
                        load::bytes_of(&kind, content).map_err(|msg| Problem::new(1, 1, msg));
                    out.insert(rel.to_owned(), content);
                }
            }
        }
    }
    Ok(out)
}

fn parse<T: Send>(
    files: Vec<Listed>,
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

/// Parse both sides. A unit whose ledger files are identical on both sides
/// is left out (a unit, not a file: with `zzb.yml` and `zzb.yaml` both
/// present, one of them unchanged still holds entries the other may lose).
fn sides(mut a: Files, mut b: Files) -> (Side, Side) {
    let split = |files: &mut Files, wanted: &dyn Fn(&FileKind) -> bool| -> Vec<Listed> {
        let keys: Vec<String> = files
            .keys()
            .filter(|p| wanted(&FileKind::of(p)))
            .cloned()
            .collect();
        keys.into_iter()
            .filter_map(|k| files.remove_entry(&k))
            .collect()
    };
    let is_ledger = |k: &FileKind| matches!(k, FileKind::Ledger(_));
    let (mut la, mut lb) = (split(&mut a, &is_ledger), split(&mut b, &is_ledger));
    fn by_unit(files: &[Listed]) -> BTreeMap<String, Vec<&Listed>> {
        let mut units: BTreeMap<String, Vec<&Listed>> = BTreeMap::new();
        for file in files {
            if let Some(unit) = snapshot::unit_of(&file.0) {
                units.entry(unit).or_default().push(file);
            }
        }
        units
    }
    let (ua, ub) = (by_unit(&la), by_unit(&lb));
    let same: std::collections::BTreeSet<String> = ua
        .iter()
        .filter(|(unit, files)| ub.get(*unit) == Some(files))
        .map(|(unit, _)| unit.clone())
        .collect();
    let changed = |p: &String| snapshot::unit_of(p).is_none_or(|u| !same.contains(&u));
    la.retain(|(p, _)| changed(p));
    lb.retain(|(p, _)| changed(p));
    let side = |mut files: Files, ledgers| {
        let plans = split(&mut files, &|k| *k == FileKind::Plan);
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
