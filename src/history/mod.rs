//! The ledger repository over time: `ledger audit`, `ledger diff`, `ledger codeowners`.
//!
//! The format promises that records and items are never deleted (spec §5), and
//! an office's ledger is only worth its trail if nobody can quietly rewrite a
//! date or move a deadline. git already keeps that trail; these commands read
//! it with `git` itself ([`git`]), parse each version of a file with the
//! format's own decoder ([`snapshot`]), and compare versions entry by entry
//! ([`audit`], [`diff`], pure and tested without git). Rendering lives in
//! `render::audit` and `render::diff`; all wording in [`text`].

pub mod audit;
pub mod codeowners;
pub mod diff;
pub mod fields;
pub mod git;
pub mod snapshot;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::rc::Rc;

use anyhow::Result;
use rayon::prelude::*;

use self::audit::{Auditor, Commit, Note, Violation, ViolationType};
use self::diff::{RepoDiff, Side};
use self::git::{Blobs, CommitInfo, Git, GitError, Mode, Object};
use self::snapshot::{FileState, Kind, Problem};
use crate::dates::Date;
use crate::decode::FileKind;
use crate::diag::Severity;
use crate::load::{self, CONFIG_FILE, Content, InputFile};
use crate::model::LedgerFile;
use crate::yaml::MAX_FILE_BYTES;

/// Default of `[audit] backfill_days` (spec §2).
pub const DEFAULT_BACKFILL_DAYS: u32 = 30;

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
pub struct AuditOptions {
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
pub fn audit(root: &Path, opts: &AuditOptions) -> Result<AuditReport> {
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
    let mut commits: HashMap<String, (usize, Commit, CommitInfo)> = HashMap::new();
    for (i, sha) in chain.iter().enumerate() {
        let Some(info) = blobs.commit(sha)? else {
            anyhow::bail!("git cat-file: commit {sha} is missing");
        };
        // seq 0 is kept for violations about the walk itself.
        commits.insert(sha.clone(), (i + 1, commit_of(&info), info));
    }

    // Commits up to the baseline still build the state the rest is compared
    // with; only their own violations are dropped.
    let mut unjudged: HashSet<usize> = HashSet::new();
    if let Some(rev) = &settings.baseline {
        match git.commit_of(rev) {
            Ok(sha) if git.is_ancestor(&sha, &head)? => {
                let before = git.ancestors(&sha)?;
                unjudged.extend(
                    chain
                        .iter()
                        .filter(|c| before.contains(*c))
                        .filter_map(|c| commits.get(c).map(|(seq, ..)| *seq)),
                );
            }
            Ok(sha) => early.push(rewritten_history(&mut blobs, rev, &sha, "baseline")?),
            Err(e) => return Err(e),
        }
    }
    if let Some(day) = settings.baseline_date {
        // In chain order: a later commit dated before the day is backdated,
        // not exempt.
        for sha in &chain {
            let (seq, commit, _) = &commits[sha];
            if commit.committed.is_some_and(|d| d >= day) {
                break;
            }
            unjudged.insert(*seq);
        }
    }

    let mut auditor = Auditor::new(settings.backfill_days);
    for v in early {
        auditor.push(v);
    }
    let mut times: HashMap<String, Option<i64>> = HashMap::new();
    for sha in &chain {
        let (seq, commit, info) = &commits[sha];
        for v in commit_violations(&mut blobs, &mut times, *seq, commit, info)? {
            auditor.push(v);
        }
    }

    // The plan files as they stand in the first parent of the walk's first
    // commit; each walked commit then moves them on along the chain.
    let before_walk = chain
        .first()
        .and_then(|c| commits.get(c))
        .and_then(|(_, _, info)| info.parents.first().cloned());
    let mut owners = Owners::new(&git, before_walk.as_deref())?;
    let log = git.log(&range, &[git.full_path("units"), git.full_path("plan")])?;
    for logged in &log {
        let Some((seq, commit, info)) = commits.get(&logged.sha) else {
            continue;
        };
        let seq = *seq;
        let before = owners.registry(&mut blobs)?;
        owners.apply(&git, &logged.changes);
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
            if snapshot::kind_of(rel) != Some(Kind::Ledger) {
                continue;
            }
            touched.push(rel.to_owned());
            if !auditor.knows(rel) {
                let start = baseline(&git, &mut blobs, info, change, rel)?;
                auditor.start(rel, start);
            }
            match version(&mut blobs, rel, change.new.as_deref(), change.new_mode)? {
                Ok(state) => auditor.change(seq, commit, rel, state),
                Err(note) => {
                    let mut v = Violation::of_file(ViolationType::Unreadable, seq, commit, rel);
                    v.note = Some(note);
                    auditor.push(v);
                }
            }
        }
        if touched.is_empty() {
            continue;
        }
        let after = owners.registry(&mut blobs)?;
        for file in &touched {
            let unit = snapshot::unit_of(file);
            // The owners as they stood before the commit, so a commit cannot
            // make its own author an owner; a unit new in this commit is
            // judged by the owners it is created with.
            let listed = before.get(unit).or_else(|| after.get(unit));
            let Some(listed) = listed else { continue };
            let emails: Vec<&String> = listed.iter().filter(|o| is_email(o)).collect();
            if emails.is_empty() {
                continue;
            }
            let author = info.author_email.trim();
            if !emails.iter().any(|o| o.eq_ignore_ascii_case(author)) {
                let mut v = Violation::of_file(ViolationType::AuthorNotOwner, seq, commit, file);
                v.owners = listed.clone();
                auditor.push(v);
            }
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

/// Latest year a committer timestamp may fall in; later ones are forged or broken.
const LAST_YEAR: i32 = 2999;

/// A commit's committer time as a UTC day, if it is usable.
fn day_of(time: &Result<i64, String>) -> Option<Date> {
    let secs = *time.as_ref().ok()?;
    if secs < 0 {
        return None;
    }
    let day = chrono::DateTime::from_timestamp(secs, 0)?.date_naive();
    (chrono::Datelike::year(&day) <= LAST_YEAR).then_some(day)
}

fn commit_of(info: &CommitInfo) -> Commit {
    Commit {
        sha: info.sha.clone(),
        author: info.author(),
        committed: day_of(&info.committer_time),
    }
}

/// `malformed-commit` and `backdated-commit` for one commit of the chain.
fn commit_violations(
    blobs: &mut Blobs,
    times: &mut HashMap<String, Option<i64>>,
    seq: usize,
    commit: &Commit,
    info: &CommitInfo,
) -> Result<Vec<Violation>> {
    let mut out = Vec::new();
    if !info.author_utf8 {
        let mut v = Violation::of_commit(ViolationType::MalformedCommit, seq, commit);
        v.note = Some(Note::AuthorNotUtf8);
        out.push(v);
    }
    let own = commit
        .committed
        .and(info.committer_time.as_ref().ok().copied());
    if own.is_none() {
        let raw = match &info.committer_time {
            Ok(n) => n.to_string(),
            Err(t) => t.clone(),
        };
        let mut v = Violation::of_commit(ViolationType::MalformedCommit, seq, commit);
        v.note = Some(Note::BadTimestamp { raw });
        out.push(v);
    }
    times.insert(info.sha.clone(), own);
    if let (Some(own), Some(parent)) = (own, info.parents.first()) {
        let parent_time = match times.get(parent) {
            Some(t) => *t,
            None => {
                let t = blobs
                    .commit(parent)?
                    .and_then(|p| day_of(&p.committer_time).and(p.committer_time.ok()));
                times.insert(parent.clone(), t);
                t
            }
        };
        if let Some(pt) = parent_time
            && own < pt
        {
            let mut v = Violation::of_commit(ViolationType::BackdatedCommit, seq, commit);
            v.parent = Some((parent.clone(), pt, own));
            out.push(v);
        }
    }
    Ok(out)
}

/// `history-rewritten`: `rev` (from `source`) is no ancestor of HEAD.
fn rewritten_history(
    blobs: &mut Blobs,
    rev: &str,
    sha: &str,
    source: &'static str,
) -> Result<Violation> {
    let commit = match blobs.commit(sha)? {
        Some(info) => commit_of(&info),
        None => Commit {
            sha: sha.to_owned(),
            author: String::new(),
            committed: None,
        },
    };
    let mut v = Violation::of_commit(ViolationType::HistoryRewritten, 0, &commit);
    v.rev = Some((rev.to_owned(), source));
    Ok(v)
}

/// An owner written as an e-mail address (not an `@handle` or `@org/team`).
fn is_email(owner: &str) -> bool {
    !owner.starts_with('@') && owner.contains('@')
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

/// The units registry (unit id → owners) along the walk, from the plan files
/// as they stand before each commit.
struct Owners {
    /// `plan/*.yaml` path in the work tree → blob.
    files: BTreeMap<String, String>,
    /// Parsed owners per plan blob.
    parsed: HashMap<String, Vec<(String, Vec<String>)>>,
    current: Option<Rc<HashMap<String, Vec<String>>>>,
}

impl Owners {
    fn new(git: &Git, start: Option<&str>) -> Result<Owners> {
        let files = match start {
            Some(sha) => git
                .ls_tree(sha, &[git.full_path("plan")])?
                .into_iter()
                .filter(|(full, _)| {
                    git.ledger_path(full)
                        .is_some_and(|rel| snapshot::kind_of(rel) == Some(Kind::Plan))
                })
                .collect(),
            None => BTreeMap::new(),
        };
        Ok(Owners {
            files,
            parsed: HashMap::new(),
            current: None,
        })
    }

    /// Apply a commit's changes under `plan/`.
    fn apply(&mut self, git: &Git, changes: &[git::Change]) {
        for c in changes {
            let is_plan = c.path_utf8
                && git
                    .ledger_path(&c.path)
                    .is_some_and(|rel| snapshot::kind_of(rel) == Some(Kind::Plan));
            if !is_plan {
                continue;
            }
            self.current = None;
            match (&c.new, c.new_mode) {
                (Some(blob), Mode::File) => {
                    self.files.insert(c.path.clone(), blob.clone());
                }
                _ => {
                    self.files.remove(&c.path);
                }
            }
        }
    }

    fn registry(&mut self, blobs: &mut Blobs) -> Result<Rc<HashMap<String, Vec<String>>>> {
        if let Some(r) = &self.current {
            return Ok(Rc::clone(r));
        }
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for (path, blob) in &self.files {
            if !self.parsed.contains_key(blob) {
                let units = match blobs.read_limited(blob, MAX_FILE_BYTES as u64)? {
                    Object::Bytes(bytes) => match snapshot::plan(path, &bytes) {
                        FileState::Readable(p) => p
                            .units
                            .iter()
                            .map(|u| {
                                (
                                    u.id.value.0.clone(),
                                    u.owners.iter().map(|o| o.value.clone()).collect(),
                                )
                            })
                            .collect(),
                        _ => Vec::new(),
                    },
                    _ => Vec::new(),
                };
                self.parsed.insert(blob.clone(), units);
            }
            for (unit, owners) in &self.parsed[blob] {
                map.entry(unit.clone()).or_default().extend(owners.clone());
            }
        }
        let r = Rc::new(map);
        self.current = Some(Rc::clone(&r));
        Ok(r)
    }
}

/// The last readable version of a file before the first walked commit that changes it.
fn baseline(
    git: &Git,
    blobs: &mut Blobs,
    info: &CommitInfo,
    change: &git::Change,
    rel: &str,
) -> Result<Option<LedgerFile>> {
    let Some(old) = &change.old else {
        return Ok(None);
    };
    if let Ok(FileState::Readable(l)) = version(blobs, rel, Some(old), change.old_mode)? {
        return Ok(Some(l));
    }
    let Some(parent) = info.parents.first() else {
        return Ok(None);
    };
    for past in git.path_log(parent, &change.path)? {
        for c in past.changes.iter().filter(|c| c.path == change.path) {
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
pub fn diff(root: &Path, from: Option<&str>, to: Option<&str>) -> Result<DiffReport> {
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
                    // Sized before read: a huge blob is reported, never loaded.
                    let content = match blobs.read_limited(&blob, MAX_FILE_BYTES as u64)? {
                        Object::Bytes(b) => Content::Bytes(b),
                        Object::TooLarge(n) => Content::TooLarge(n),
                        Object::Missing => {
                            Content::Unreadable(format!("git object {blob} is missing"))
                        }
                    };
                    let content = load::bytes_of(&FileKind::of(rel), content)
                        .map_err(|msg| Problem::new(1, 1, msg));
                    out.insert(rel.to_owned(), content);
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

/// The CODEOWNERS rules of the ledger repository at `root`, as it is in the
/// working tree, and whether that is inside a git work tree (outside one, the
/// paths are relative to the ledger repository itself).
pub fn codeowners(root: &Path, today: Date) -> (Vec<codeowners::Rule>, bool) {
    let git = Git::open(root).ok();
    let prefix = git.as_ref().map(|g| g.prefix.clone()).unwrap_or_default();
    let analysis = load::analyze(load::read_repo(root), None, today);
    (codeowners::rules(&analysis.repo, &prefix), git.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committer_times_outside_the_calendar_are_unusable() {
        assert_eq!(
            day_of(&Ok(0)).map(|d| d.to_string()),
            Some("1970-01-01".into())
        );
        assert_eq!(day_of(&Ok(-1)), None);
        // 2999-12-31T23:59:59Z is the last usable second.
        assert!(day_of(&Ok(32_503_679_999)).is_some());
        assert_eq!(day_of(&Ok(32_503_680_000)), None);
        assert_eq!(day_of(&Ok(i64::MAX)), None);
        assert_eq!(day_of(&Err("x".into())), None);
    }

    #[test]
    fn owners_that_are_addresses() {
        assert!(is_email("zzb-clerk@example.org"));
        assert!(!is_email("@zzb-team"));
        assert!(!is_email("@org/team"));
        assert!(!is_email("王某"));
    }
}
