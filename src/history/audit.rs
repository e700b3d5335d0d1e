//! The trail (spec §9): what each commit did to the entries it found.
//!
//! Pure logic over parsed files, fed each commit's changed unit ledgers, unit
//! by unit, in commit order by [`super::audit`]; no git here, so every rule is
//! tested on hand-made snapshots. For each unit the auditor keeps its last
//! readable version: an unreadable version is reported and skipped, and the
//! next readable one is compared with the last readable one.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};

use super::fields;
use super::snapshot::{FileState, Problem, unit_of};
use crate::dates::{Date, days_between, iso};
use crate::diag::Severity;
use crate::model::{Draw, Item, LedgerFile, Record};

/// A commit, as the report names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub sha: String,
    /// `Name <email>` of the author.
    pub author: String,
    /// Committer date, UTC; `None` when the commit's timestamp is unusable
    /// (reported as `malformed-commit`).
    pub committed: Option<Date>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ViolationType {
    Deleted,
    Rewritten,
    DueMoved,
    Backfilled,
    Unreadable,
    /// `--since` or `[audit] baseline` names a commit HEAD does not descend from.
    HistoryRewritten,
    /// A commit whose committer time is earlier than its first parent's.
    BackdatedCommit,
    /// A commit object the trail cannot use as written (timestamp, author encoding).
    MalformedCommit,
    /// A commit changing `units/U.yaml` whose author e-mail is none of U's
    /// owners, or a plan file whose author is none of its owners.
    AuthorNotOwner,
    /// With `--require-signed`: a commit changing a unit ledger that `git verify-commit` rejects.
    UnsignedCommit,
}

impl ViolationType {
    pub const ALL: [ViolationType; 10] = [
        ViolationType::Deleted,
        ViolationType::Rewritten,
        ViolationType::DueMoved,
        ViolationType::Backfilled,
        ViolationType::Unreadable,
        ViolationType::HistoryRewritten,
        ViolationType::BackdatedCommit,
        ViolationType::MalformedCommit,
        ViolationType::AuthorNotOwner,
        ViolationType::UnsignedCommit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ViolationType::Deleted => "deleted",
            ViolationType::Rewritten => "rewritten",
            ViolationType::DueMoved => "due-moved",
            ViolationType::Backfilled => "backfilled",
            ViolationType::Unreadable => "unreadable",
            ViolationType::HistoryRewritten => "history-rewritten",
            ViolationType::BackdatedCommit => "backdated-commit",
            ViolationType::MalformedCommit => "malformed-commit",
            ViolationType::AuthorNotOwner => "author-not-owner",
            ViolationType::UnsignedCommit => "unsigned-commit",
        }
    }

    /// Everything that forges or hides the trail is an error; `backfilled`
    /// and `unreadable` are facts of the history a person must look at.
    pub fn severity(self) -> Severity {
        match self {
            ViolationType::Backfilled | ViolationType::Unreadable => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// Why a version or a commit could not be used, beyond the file format's own
/// diagnostics (which travel as a [`Problem`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// The blob is larger than the limit for any input file; it was not read.
    TooLarge { bytes: u64 },
    /// The path is a symbolic link in that commit.
    Symlink,
    /// The path is a submodule (gitlink) in that commit.
    Gitlink,
    /// Some other kind of tree entry.
    NotAFile,
    /// The file name git stores is not UTF-8.
    NameNotUtf8,
    /// The object is not in the repository.
    MissingObject,
    /// The author line of the commit is not UTF-8.
    AuthorNotUtf8,
    /// The committer timestamp is no number, negative, or beyond year 2999.
    BadTimestamp { raw: String },
    /// `unsigned-commit`: the commit carries no signature at all.
    NoSignature,
    /// `unsigned-commit`: a signature `git verify-commit` rejects (bad, or by
    /// a key it does not know or trust).
    SignatureRejected,
}

impl Note {
    pub fn code(&self) -> &'static str {
        match self {
            Note::TooLarge { .. } => "too-large",
            Note::Symlink => "symlink",
            Note::Gitlink => "gitlink",
            Note::NotAFile => "not-a-file",
            Note::NameNotUtf8 => "name-not-utf8",
            Note::MissingObject => "missing-object",
            Note::AuthorNotUtf8 => "author-not-utf8",
            Note::BadTimestamp { .. } => "bad-timestamp",
            Note::NoSignature => "no-signature",
            Note::SignatureRejected => "signature-rejected",
        }
    }
}

/// Records and items share one id namespace per file but are matched each with its own kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntryKind {
    Record,
    Item,
    /// A draw of a sample obligation (1.1), identified as `ref/obligation/period`.
    Draw,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Record => "record",
            EntryKind::Item => "item",
            EntryKind::Draw => "draw",
        }
    }
}

/// One finding of the audit.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    pub kind: ViolationType,
    /// Position of the commit in the walk (oldest first), for ordering.
    pub seq: usize,
    pub commit: Commit,
    /// Relative to the ledger repository root.
    pub file: String,
    pub unit: String,
    /// The record or item; `None` for `unreadable`.
    pub entry: Option<String>,
    pub entry_kind: Option<EntryKind>,
    /// `rewritten` and `due-moved`: the field (`date`, `void`, `extensions[0]`, `due`…).
    pub field: Option<String>,
    pub old: Option<String>,
    pub new: Option<String>,
    /// `backfilled`: the record's date, and committed − date.
    pub date: Option<Date>,
    pub days: Option<i64>,
    /// `unreadable`: the file's first error.
    pub problem: Option<Problem>,
    /// `unreadable` (not a format error) and `malformed-commit`: what is wrong.
    pub note: Option<Note>,
    /// `author-not-owner`: the unit's or plan file's owners the author was
    /// checked against.
    pub owners: Vec<String>,
    /// `author-not-owner` on a plan file: whose owners those are.
    pub plan_owners: Option<super::owners::PlanOwnersFrom>,
    /// `history-rewritten`: the revision as written, and where it came from
    /// (`since` or `baseline`).
    pub rev: Option<(String, &'static str)>,
    /// `backdated-commit`: the first parent, its committer time and the
    /// commit's own (seconds since the epoch).
    pub parent: Option<(String, i64, i64)>,
}

impl Violation {
    fn new(kind: ViolationType, seq: usize, commit: &Commit, file: &str) -> Violation {
        Violation {
            kind,
            seq,
            commit: commit.clone(),
            file: file.to_owned(),
            // Empty for a commit-level violation and for a plan file.
            unit: unit_of(file).unwrap_or_default(),
            entry: None,
            entry_kind: None,
            field: None,
            old: None,
            new: None,
            date: None,
            days: None,
            problem: None,
            note: None,
            owners: Vec::new(),
            plan_owners: None,
            rev: None,
            parent: None,
        }
    }

    /// A violation of a commit as a whole (no file).
    pub fn of_commit(kind: ViolationType, seq: usize, commit: &Commit) -> Violation {
        Violation::new(kind, seq, commit, "")
    }

    /// A violation of one file at one commit.
    pub fn of_file(kind: ViolationType, seq: usize, commit: &Commit, file: &str) -> Violation {
        Violation::new(kind, seq, commit, file)
    }

    fn entry(mut self, kind: EntryKind, id: &str) -> Violation {
        self.entry = Some(id.to_owned());
        self.entry_kind = Some(kind);
        self
    }

    fn field(mut self, field: &str, old: Option<String>, new: Option<String>) -> Violation {
        self.field = Some(field.to_owned());
        self.old = old;
        self.new = new;
        self
    }

    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }
}

/// A unit's ledger files as last compared, by path: each readable. Usually
/// one file; two while a clerk renames `zzb.yml` to `zzb.yaml` in two steps.
pub(crate) type UnitVersion = BTreeMap<String, LedgerFile>;

/// What became of one of a unit's files since its last comparison.
#[derive(Debug)]
enum Pending {
    Removed,
    Unreadable,
    Readable(LedgerFile),
}

/// What the auditor remembers of one unit.
#[derive(Debug, Default)]
struct Tracked {
    /// The unit's files at their last comparison (while one of them is
    /// unreadable, the unit is not compared and this stays as it was).
    last: UnitVersion,
    /// Files changed since `last`.
    pending: BTreeMap<String, Pending>,
    /// Every record id any readable version held (a record is "first added" once).
    seen: HashSet<String>,
}

/// A version of one file as the driver read it: the format's own reading,
/// or why it could not be read as a file at all.
pub(crate) type FileVersion = Result<FileState<LedgerFile>, Note>;

/// Walks commits in order and collects violations.
///
/// Entries are matched by unit and id, not by path (spec §9): a unit's
/// version is the union of its ledger files (`units/zzb.yaml`, and
/// `units/zzb.yml` if it has that too), so that renaming one into the other
/// moves no entry.
#[derive(Debug)]
pub(crate) struct Auditor {
    backfill_days: i64,
    units: HashMap<String, Tracked>,
    violations: Vec<Violation>,
}

impl Auditor {
    pub(crate) fn new(backfill_days: u32) -> Auditor {
        Auditor {
            backfill_days: i64::from(backfill_days),
            units: HashMap::new(),
            violations: Vec::new(),
        }
    }

    /// Whether `unit` has a known starting point.
    pub(crate) fn knows(&self, unit: &str) -> bool {
        self.units.contains_key(unit)
    }

    /// The unit's files before the first commit walked that changes one of
    /// them (empty: none). Their records count as already added.
    pub(crate) fn start(&mut self, unit: &str, baseline: UnitVersion) {
        let seen = baseline
            .values()
            .flat_map(|l| l.records.iter().map(|r| r.id.value.0.as_str().to_owned()))
            .collect();
        self.units.insert(
            unit.to_owned(),
            Tracked {
                last: baseline,
                pending: BTreeMap::new(),
                seen,
            },
        );
    }

    /// Commit number `seq` changed these files of `unit` (path → the
    /// version it left). A unit not started yet starts with no files.
    pub(crate) fn change(
        &mut self,
        seq: usize,
        commit: &Commit,
        unit: &str,
        changes: Vec<(String, FileVersion)>,
    ) {
        if !self.knows(unit) {
            self.start(unit, UnitVersion::new());
        }
        let tracked = self.units.get_mut(unit).expect("started above");
        for (file, version) in changes {
            let pending = match version {
                Err(note) => {
                    let mut v = Violation::new(ViolationType::Unreadable, seq, commit, &file);
                    v.note = Some(note);
                    self.violations.push(v);
                    Pending::Unreadable
                }
                Ok(FileState::Unreadable(problem)) => {
                    let mut v = Violation::new(ViolationType::Unreadable, seq, commit, &file);
                    v.problem = Some(problem);
                    self.violations.push(v);
                    Pending::Unreadable
                }
                Ok(FileState::Absent) => Pending::Removed,
                Ok(FileState::Readable(l)) => Pending::Readable(l),
            };
            tracked.pending.insert(file, pending);
        }
        // One file of the unit that cannot be read hides which of the unit's
        // entries still exist: wait for a readable version of it.
        if tracked
            .pending
            .values()
            .any(|p| matches!(p, Pending::Unreadable))
        {
            return;
        }
        let mut new: UnitVersion = tracked
            .last
            .iter()
            .filter(|(f, _)| !tracked.pending.contains_key(*f))
            .map(|(f, l)| (f.clone(), l.clone()))
            .collect();
        for (file, p) in std::mem::take(&mut tracked.pending) {
            if let Pending::Readable(l) = p {
                new.insert(file, l);
            }
        }
        let cx = Cx {
            seq,
            commit,
            file: "",
            backfill_days: self.backfill_days,
        };
        compare(
            &cx,
            &tracked.last,
            &new,
            &mut tracked.seen,
            &mut self.violations,
        );
        tracked.last = new;
    }

    /// A violation found outside the entry comparison (by the driver).
    pub(crate) fn push(&mut self, v: Violation) {
        self.violations.push(v);
    }

    /// The violations, in report order: commit, file, entry, field.
    pub(crate) fn finish(mut self) -> Vec<Violation> {
        sort(&mut self.violations);
        self.violations
    }
}

/// Spec §9 order: commit (oldest first), file, entry id, field; then type, for determinism.
pub(crate) fn sort(violations: &mut [Violation]) {
    violations.sort_by(|a, b| {
        (a.seq, &a.file, &a.entry, &a.field, a.kind)
            .cmp(&(b.seq, &b.file, &b.entry, &b.field, b.kind))
    });
}

/// Where a comparison is: the commit, and the file of the entry at hand.
#[derive(Clone, Copy)]
struct Cx<'a> {
    seq: usize,
    commit: &'a Commit,
    file: &'a str,
    backfill_days: i64,
}

impl<'a> Cx<'a> {
    fn violation(&self, kind: ViolationType) -> Violation {
        Violation::new(kind, self.seq, self.commit, self.file)
    }

    fn in_file(self, file: &'a str) -> Cx<'a> {
        Cx { file, ..self }
    }
}

/// A unit's entries in file order, each with the file it is in, and the same
/// by id. Files in path order; the first definition of an id wins (a second
/// one is `check`'s business).
type Indexed<'a, T> = (Vec<(&'a str, &'a T)>, HashMap<&'a str, (&'a str, &'a T)>);

fn index<'a, T>(
    version: &'a UnitVersion,
    entries: impl Fn(&'a LedgerFile) -> &'a [T],
    id: impl Fn(&'a T) -> &'a str,
) -> Indexed<'a, T> {
    let mut order = Vec::new();
    let mut by_id = HashMap::new();
    for (file, l) in version {
        for e in entries(l) {
            if let Entry::Vacant(slot) = by_id.entry(id(e)) {
                slot.insert((file.as_str(), e));
                order.push((file.as_str(), e));
            }
        }
    }
    (order, by_id)
}

/// Compare two versions of one unit's ledger (empty: no file).
fn compare(
    cx: &Cx<'_>,
    old: &UnitVersion,
    new: &UnitVersion,
    seen: &mut HashSet<String>,
    out: &mut Vec<Violation>,
) {
    let (old_records, _) = index(old, |l| &l.records[..], |r: &Record| r.id.value.0.as_str());
    let (new_records, by_id_r) = index(new, |l| &l.records[..], |r: &Record| r.id.value.0.as_str());
    let (old_items, _) = index(old, |l| &l.items[..], |i: &Item| i.id.value.0.as_str());
    let (_, by_id_i) = index(new, |l| &l.items[..], |i: &Item| i.id.value.0.as_str());

    for (file, o) in &old_records {
        let id = o.id.value.0.as_str();
        match by_id_r.get(id) {
            None => out.push(
                cx.in_file(file)
                    .violation(ViolationType::Deleted)
                    .entry(EntryKind::Record, id),
            ),
            Some((new_file, n)) => record(&cx.in_file(new_file), o, n, out),
        }
    }
    let old_ids: HashSet<&str> = old_records
        .iter()
        .map(|(_, r)| r.id.value.0.as_str())
        .collect();
    for (file, n) in &new_records {
        let id = n.id.value.0.as_str();
        if old_ids.contains(id) || !seen.insert(id.to_owned()) {
            continue;
        }
        let Some(committed) = cx.commit.committed else {
            continue;
        };
        let days = days_between(n.date.value, committed);
        if days > cx.backfill_days {
            let mut v = cx
                .in_file(file)
                .violation(ViolationType::Backfilled)
                .entry(EntryKind::Record, id);
            v.date = Some(n.date.value);
            v.days = Some(days);
            out.push(v);
        }
    }

    for (file, o) in &old_items {
        let id = o.id.value.0.as_str();
        match by_id_i.get(id) {
            None => out.push(
                cx.in_file(file)
                    .violation(ViolationType::Deleted)
                    .entry(EntryKind::Item, id),
            ),
            Some((new_file, n)) => item(&cx.in_file(new_file), o, n, out),
        }
    }

    // A draw (1.1) is the trail of a random choice: it is never removed or
    // edited, only added (docs/format.md §1.1.8).
    let draw_id = |d: &Draw| {
        format!(
            "{}/{}/{}",
            d.ref_.value.0, d.obligation.value.0, d.period.value
        )
    };
    let mut new_draws: HashMap<String, (&str, &Draw)> = HashMap::new();
    for (file, l) in new {
        for d in &l.samples {
            new_draws.entry(draw_id(d)).or_insert((file.as_str(), d));
        }
    }
    let mut old_seen: HashSet<String> = HashSet::new();
    for (file, l) in old {
        for o in &l.samples {
            let id = draw_id(o);
            if !old_seen.insert(id.clone()) {
                continue;
            }
            match new_draws.get(&id) {
                None => out.push(
                    cx.in_file(file)
                        .violation(ViolationType::Deleted)
                        .entry(EntryKind::Draw, &id),
                ),
                Some((new_file, n)) => {
                    let cx = cx.in_file(new_file);
                    let k = EntryKind::Draw;
                    fixed(
                        &cx,
                        k,
                        &id,
                        "date",
                        iso(o.date.value),
                        iso(n.date.value),
                        out,
                    );
                    fixed(
                        &cx,
                        k,
                        &id,
                        "population",
                        o.population.value.to_string(),
                        n.population.value.to_string(),
                        out,
                    );
                    let list = |d: &Draw| {
                        d.targets
                            .iter()
                            .map(|t| t.value.0.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    fixed(&cx, k, &id, "targets", list(o), list(n), out);
                }
            }
        }
    }
}

fn rewritten(
    cx: &Cx<'_>,
    kind: EntryKind,
    id: &str,
    field: &str,
    old: Option<String>,
    new: Option<String>,
) -> Violation {
    cx.violation(ViolationType::Rewritten)
        .entry(kind, id)
        .field(field, old, new)
}

/// A field that may not change: report when it differs.
fn fixed(
    cx: &Cx<'_>,
    kind: EntryKind,
    id: &str,
    field: &str,
    old: String,
    new: String,
    out: &mut Vec<Violation>,
) {
    if old != new {
        out.push(rewritten(cx, kind, id, field, Some(old), Some(new)));
    }
}

/// A field that may be added but, once set, neither changed nor removed.
fn once_set(
    cx: &Cx<'_>,
    kind: EntryKind,
    id: &str,
    field: &str,
    old: Option<String>,
    new: Option<String>,
    out: &mut Vec<Violation>,
) {
    if old.is_some() && old != new {
        out.push(rewritten(cx, kind, id, field, old, new));
    }
}

fn record(cx: &Cx<'_>, o: &Record, n: &Record, out: &mut Vec<Violation>) {
    let id = o.id.value.0.as_str();
    let k = EntryKind::Record;
    fixed(cx, k, id, "date", iso(o.date.value), iso(n.date.value), out);
    fixed(
        cx,
        k,
        id,
        "ref",
        o.ref_.value.0.as_str().to_owned(),
        n.ref_.value.0.as_str().to_owned(),
        out,
    );
    fixed(
        cx,
        k,
        id,
        "kind",
        o.kind.value.0.as_str().to_owned(),
        n.kind.value.0.as_str().to_owned(),
        out,
    );
    once_set(
        cx,
        k,
        id,
        "void",
        o.void().map(fields::void),
        n.void().map(fields::void),
        out,
    );
}

fn item(cx: &Cx<'_>, o: &Item, n: &Item, out: &mut Vec<Violation>) {
    let id = o.id.value.0.as_str();
    let k = EntryKind::Item;
    fixed(
        cx,
        k,
        id,
        "ref",
        o.ref_.value.0.as_str().to_owned(),
        n.ref_.value.0.as_str().to_owned(),
        out,
    );
    fixed(
        cx,
        k,
        id,
        "kind",
        o.kind.value.as_str().to_owned(),
        n.kind.value.as_str().to_owned(),
        out,
    );
    fixed(
        cx,
        k,
        id,
        "opened",
        iso(o.opened.value),
        iso(n.opened.value),
        out,
    );
    let date = |d: &Option<crate::model::Spanned<Date>>| d.as_ref().map(|d| iso(d.value));
    once_set(cx, k, id, "closed", date(&o.closed), date(&n.closed), out);
    once_set(
        cx,
        k,
        id,
        "void",
        o.void.as_ref().map(fields::void),
        n.void.as_ref().map(fields::void),
        out,
    );
    let old_ext: Vec<String> = o.extensions.iter().map(fields::extension).collect();
    let new_ext: Vec<String> = n.extensions.iter().map(fields::extension).collect();
    for (i, e) in old_ext.iter().enumerate() {
        once_set(
            cx,
            k,
            id,
            &format!("extensions[{i}]"),
            Some(e.clone()),
            new_ext.get(i).cloned(),
            out,
        );
    }
    let (old_due, new_due) = (
        o.due.as_ref().map(|d| d.value),
        n.due.as_ref().map(|d| d.value),
    );
    if old_due != new_due {
        // An extension granted in this commit may carry the new due date into `due`.
        let granted = n
            .extensions
            .iter()
            .any(|e| Some(e.due.value) == new_due && !old_ext.contains(&fields::extension(e)));
        if !granted {
            out.push(cx.violation(ViolationType::DueMoved).entry(k, id).field(
                "due",
                old_due.map(iso),
                new_due.map(iso),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::snapshot;

    fn commit(n: u8, committed: &str) -> Commit {
        Commit {
            sha: format!("{n:040}"),
            author: "王某 <w@example.org>".into(),
            committed: Some(crate::dates::parse_iso_date(committed).unwrap()),
        }
    }

    fn ledger(text: &str) -> FileState<LedgerFile> {
        let s = snapshot::ledger("units/zzb.yaml", format!("unit: zzb\n{text}").as_bytes());
        assert!(s.readable().is_some(), "{s:?}");
        s
    }

    const REC: &str =
        "records:\n  - {id: z1, date: 2019-01-05, ref: WP01, kind: meeting, title: 专题会}\n";
    const ITEM: &str = "items:\n  - {id: i1, kind: rectification, ref: WP01, title: 整改, opened: 2019-01-02, due: 2019-03-01}\n";

    /// Run versions of units/zzb.yaml through the auditor, each committed on the given day.
    fn run(versions: &[(&str, FileState<LedgerFile>)]) -> Vec<Violation> {
        let mut a = Auditor::new(30);
        for (i, (day, state)) in versions.iter().enumerate() {
            let c = commit(u8::try_from(i).unwrap(), day);
            a.change(
                i,
                &c,
                "zzb",
                vec![("units/zzb.yaml".into(), Ok(state.clone()))],
            );
        }
        a.finish()
    }

    fn summary(v: &[Violation]) -> Vec<(usize, &'static str, Option<&str>, Option<&str>)> {
        v.iter()
            .map(|v| {
                (
                    v.seq,
                    v.kind.as_str(),
                    v.entry.as_deref(),
                    v.field.as_deref(),
                )
            })
            .collect()
    }

    #[test]
    fn deleting_is_an_error_voiding_is_not() {
        let v = run(&[
            ("2019-01-06", ledger(REC)),
            (
                "2019-01-07",
                ledger(
                    "records:\n  - {id: z1, date: 2019-01-05, ref: WP01, kind: meeting, title: 专题会, void: {date: 2019-01-07, reason: 录入错误}}\n",
                ),
            ),
            ("2019-01-08", ledger("records: []\n")),
        ]);
        assert_eq!(summary(&v), [(2, "deleted", Some("z1"), None)]);
    }

    #[test]
    fn deleting_the_file_deletes_its_entries() {
        let v = run(&[
            ("2019-01-06", ledger(&format!("{REC}{ITEM}"))),
            ("2019-01-07", FileState::Absent),
        ]);
        assert_eq!(
            summary(&v),
            [
                (1, "deleted", Some("i1"), None),
                (1, "deleted", Some("z1"), None)
            ]
        );
        assert_eq!(v[0].entry_kind, Some(EntryKind::Item));
    }

    #[test]
    fn identity_fields_are_fixed() {
        let v = run(&[
            ("2019-01-06", ledger(REC)),
            (
                "2019-01-07",
                ledger(
                    "records:\n  - {id: z1, date: 2019-01-03, ref: WP02, kind: report, title: 改了标题, note: 可以加}\n",
                ),
            ),
        ]);
        assert_eq!(
            summary(&v),
            [
                (1, "rewritten", Some("z1"), Some("date")),
                (1, "rewritten", Some("z1"), Some("kind")),
                (1, "rewritten", Some("z1"), Some("ref")),
            ]
        );
        assert_eq!(v[0].old.as_deref(), Some("2019-01-05"));
        assert_eq!(v[0].new.as_deref(), Some("2019-01-03"));
    }

    #[test]
    fn items_closing_and_extending_are_fine_changing_them_is_not() {
        let closed = "items:\n  - {id: i1, kind: rectification, ref: WP01, title: 整改, opened: 2019-01-02, due: 2019-03-01, extensions: [{date: 2019-02-20, due: 2019-04-01}], closed: 2019-03-20}\n";
        let v = run(&[("2019-01-06", ledger(ITEM)), ("2019-03-20", ledger(closed))]);
        assert!(v.is_empty(), "{v:?}");
        let rewritten = "items:\n  - {id: i1, kind: clue, ref: WP01, title: 整改, opened: 2019-01-03, due: 2019-03-01, extensions: [{date: 2019-02-20, due: 2019-05-01}]}\n";
        let v = run(&[
            ("2019-01-06", ledger(ITEM)),
            ("2019-03-20", ledger(closed)),
            ("2019-03-21", ledger(rewritten)),
        ]);
        assert_eq!(
            summary(&v),
            [
                (2, "rewritten", Some("i1"), Some("closed")),
                (2, "rewritten", Some("i1"), Some("extensions[0]")),
                (2, "rewritten", Some("i1"), Some("kind")),
                (2, "rewritten", Some("i1"), Some("opened")),
            ]
        );
        assert_eq!(v[0].new, None);
        assert_eq!(
            v[1].old.as_deref(),
            Some("{date: 2019-02-20, due: 2019-04-01}")
        );
    }

    #[test]
    fn due_moves_only_with_an_extension() {
        let moved = "items:\n  - {id: i1, kind: rectification, ref: WP01, title: 整改, opened: 2019-01-02, due: 2019-04-01}\n";
        let v = run(&[("2019-01-06", ledger(ITEM)), ("2019-02-01", ledger(moved))]);
        assert_eq!(summary(&v), [(1, "due-moved", Some("i1"), Some("due"))]);
        assert_eq!(v[0].old.as_deref(), Some("2019-03-01"));
        assert_eq!(v[0].new.as_deref(), Some("2019-04-01"));

        let extended = "items:\n  - {id: i1, kind: rectification, ref: WP01, title: 整改, opened: 2019-01-02, due: 2019-04-01, extensions: [{date: 2019-02-01, due: 2019-04-01}]}\n";
        let v = run(&[
            ("2019-01-06", ledger(ITEM)),
            ("2019-02-01", ledger(extended)),
        ]);
        assert!(v.is_empty(), "{v:?}");

        let other = "items:\n  - {id: i1, kind: rectification, ref: WP01, title: 整改, opened: 2019-01-02, due: 2019-04-02, extensions: [{date: 2019-02-01, due: 2019-04-01}]}\n";
        let v = run(&[("2019-01-06", ledger(ITEM)), ("2019-02-01", ledger(other))]);
        assert_eq!(summary(&v), [(1, "due-moved", Some("i1"), Some("due"))]);
    }

    #[test]
    fn backfill_counts_from_the_commit_date() {
        let v = run(&[("2019-02-04", ledger(REC))]);
        assert!(v.is_empty(), "30 days is not more than 30: {v:?}");
        let v = run(&[("2019-02-05", ledger(REC))]);
        assert_eq!(summary(&v), [(0, "backfilled", Some("z1"), None)]);
        assert_eq!(v[0].days, Some(31));
        // A record already known is not first added again.
        let mut a = Auditor::new(30);
        let known = ledger(REC).readable().cloned().unwrap();
        a.start("zzb", UnitVersion::from([("units/zzb.yaml".into(), known)]));
        a.change(
            0,
            &commit(0, "2020-01-01"),
            "zzb",
            vec![("units/zzb.yaml".into(), Ok(ledger(REC)))],
        );
        assert!(a.finish().is_empty());
    }

    #[test]
    fn unreadable_versions_are_skipped() {
        let broken = snapshot::ledger("units/zzb.yaml", b"unit: zzb\nrecords: [\n");
        assert!(broken.problem().is_some());
        let v = run(&[
            ("2019-01-06", ledger(REC)),
            ("2019-01-07", broken.clone()),
            ("2019-01-08", broken),
            (
                "2019-01-09",
                ledger(
                    "records:\n  - {id: z1, date: 2019-01-04, ref: WP01, kind: meeting, title: 专题会}\n",
                ),
            ),
        ]);
        assert_eq!(
            summary(&v),
            [
                (1, "unreadable", None, None),
                (2, "unreadable", None, None),
                (3, "rewritten", Some("z1"), Some("date")),
            ]
        );
    }

    #[test]
    fn renaming_a_units_file_in_one_commit_moves_no_entry() {
        let both = format!("{REC}{ITEM}");
        let mut a = Auditor::new(30);
        a.change(
            0,
            &commit(0, "2019-01-06"),
            "zzb",
            vec![("units/zzb.yml".into(), Ok(ledger(&both)))],
        );
        // git lists the added name before the removed one ("yaml" < "yml").
        a.change(
            1,
            &commit(1, "2019-01-07"),
            "zzb",
            vec![
                ("units/zzb.yaml".into(), Ok(ledger(&both))),
                ("units/zzb.yml".into(), Ok(FileState::Absent)),
            ],
        );
        assert!(a.finish().is_empty());
    }

    #[test]
    fn a_rename_in_two_commits_moves_no_entry_and_violations_name_the_entrys_file() {
        let mut a = Auditor::new(30);
        let c = |n: u8| commit(n, "2019-01-06");
        a.change(
            0,
            &c(0),
            "zzb",
            vec![("units/zzb.yml".into(), Ok(ledger(&format!("{REC}{ITEM}"))))],
        );
        // Copied first (entries in both files), the old name removed later.
        a.change(
            1,
            &c(1),
            "zzb",
            vec![("units/zzb.yaml".into(), Ok(ledger(&format!("{REC}{ITEM}"))))],
        );
        a.change(
            2,
            &c(2),
            "zzb",
            vec![("units/zzb.yml".into(), Ok(FileState::Absent))],
        );
        // Then the item is deleted from the file that now holds it.
        a.change(
            3,
            &c(3),
            "zzb",
            vec![("units/zzb.yaml".into(), Ok(ledger(REC)))],
        );
        let v = a.finish();
        assert_eq!(summary(&v), [(3, "deleted", Some("i1"), None)]);
        assert_eq!(v[0].file, "units/zzb.yaml");
        assert_eq!(v[0].unit, "zzb");
    }

    #[test]
    fn a_unit_with_one_unreadable_file_waits_for_it() {
        let broken = snapshot::ledger("units/zzb.yml", b"unit: zzb\nrecords: [\n");
        let mut a = Auditor::new(30);
        let c = |n: u8| commit(n, "2019-01-06");
        a.change(
            0,
            &c(0),
            "zzb",
            vec![("units/zzb.yml".into(), Ok(ledger(REC)))],
        );
        // The new name is written, the old one broken: which entries the unit
        // still has is unknown, so nothing is judged deleted yet.
        a.change(
            1,
            &c(1),
            "zzb",
            vec![
                ("units/zzb.yaml".into(), Ok(ledger(ITEM))),
                ("units/zzb.yml".into(), Ok(broken)),
            ],
        );
        a.change(
            2,
            &c(2),
            "zzb",
            vec![("units/zzb.yml".into(), Ok(FileState::Absent))],
        );
        let v = a.finish();
        assert_eq!(
            summary(&v),
            [
                (1, "unreadable", None, None),
                (2, "deleted", Some("z1"), None)
            ]
        );
        assert_eq!(v[0].file, "units/zzb.yml");
        assert_eq!(v[1].file, "units/zzb.yml");
    }
}
