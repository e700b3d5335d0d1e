//! The trail (spec §9): what each commit did to the entries it found.
//!
//! Pure logic over parsed files, fed one changed unit ledger at a time in
//! commit order by [`super::audit`]; no git here, so every rule is tested on
//! hand-made snapshots. For each file the auditor keeps its last readable
//! version: an unreadable version is reported and skipped, and the next
//! readable one is compared with the last readable one.

use std::collections::{HashMap, HashSet};

use super::fields;
use super::snapshot::{FileState, Problem, unit_of};
use crate::dates::{Date, days_between, iso};
use crate::diag::Severity;
use crate::model::{Item, LedgerFile, Record};

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
    /// A commit changing `units/U.yaml` whose author e-mail is none of U's owners.
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
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Record => "record",
            EntryKind::Item => "item",
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
    /// `author-not-owner`: the unit's owners the author was checked against.
    pub owners: Vec<String>,
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
            unit: if file.is_empty() {
                String::new()
            } else {
                unit_of(file).to_owned()
            },
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

/// What the auditor remembers of one unit ledger.
#[derive(Debug, Default)]
struct Tracked {
    /// The last readable version; `None` while the file does not exist.
    last: Option<LedgerFile>,
    /// Every record id any readable version held (a record is "first added" once).
    seen: HashSet<String>,
}

/// Walks commits in order and collects violations.
#[derive(Debug)]
pub(crate) struct Auditor {
    backfill_days: i64,
    files: HashMap<String, Tracked>,
    violations: Vec<Violation>,
}

impl Auditor {
    pub(crate) fn new(backfill_days: u32) -> Auditor {
        Auditor {
            backfill_days: i64::from(backfill_days),
            files: HashMap::new(),
            violations: Vec::new(),
        }
    }

    /// Whether `file` has a known starting point.
    pub(crate) fn knows(&self, file: &str) -> bool {
        self.files.contains_key(file)
    }

    /// The version of `file` before the first commit walked (`None`: absent).
    /// Its records count as already added.
    pub(crate) fn start(&mut self, file: &str, baseline: Option<LedgerFile>) {
        let seen = baseline
            .iter()
            .flat_map(|l| l.records.iter().map(|r| r.id.value.0.clone()))
            .collect();
        self.files.insert(
            file.to_owned(),
            Tracked {
                last: baseline,
                seen,
            },
        );
    }

    /// Commit number `seq` changed `file` into `state`. A file not started yet
    /// starts absent.
    pub(crate) fn change(
        &mut self,
        seq: usize,
        commit: &Commit,
        file: &str,
        state: FileState<LedgerFile>,
    ) {
        if !self.knows(file) {
            self.start(file, None);
        }
        let new = match state {
            FileState::Unreadable(problem) => {
                let mut v = Violation::new(ViolationType::Unreadable, seq, commit, file);
                v.problem = Some(problem);
                self.violations.push(v);
                return;
            }
            FileState::Absent => None,
            FileState::Readable(l) => Some(l),
        };
        let backfill_days = self.backfill_days;
        let tracked = self.files.get_mut(file).expect("started above");
        let cx = Cx {
            seq,
            commit,
            file,
            backfill_days,
        };
        compare(
            &cx,
            tracked.last.as_ref(),
            new.as_ref(),
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

struct Cx<'a> {
    seq: usize,
    commit: &'a Commit,
    file: &'a str,
    backfill_days: i64,
}

impl Cx<'_> {
    fn violation(&self, kind: ViolationType) -> Violation {
        Violation::new(kind, self.seq, self.commit, self.file)
    }
}

/// Compare two versions of one unit ledger (`None`: no file).
fn compare(
    cx: &Cx<'_>,
    old: Option<&LedgerFile>,
    new: Option<&LedgerFile>,
    seen: &mut HashSet<String>,
    out: &mut Vec<Violation>,
) {
    let old_records = old.map_or(&[][..], |l| &l.records[..]);
    let new_records = new.map_or(&[][..], |l| &l.records[..]);
    let old_items = old.map_or(&[][..], |l| &l.items[..]);
    let new_items = new.map_or(&[][..], |l| &l.items[..]);

    let by_id_r: HashMap<&str, &Record> = new_records
        .iter()
        .map(|r| (r.id.value.0.as_str(), r))
        .collect();
    for o in old_records {
        let id = o.id.value.0.as_str();
        match by_id_r.get(id) {
            None => out.push(
                cx.violation(ViolationType::Deleted)
                    .entry(EntryKind::Record, id),
            ),
            Some(n) => record(cx, o, n, out),
        }
    }
    let old_ids: HashSet<&str> = old_records.iter().map(|r| r.id.value.0.as_str()).collect();
    for n in new_records {
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
                .violation(ViolationType::Backfilled)
                .entry(EntryKind::Record, id);
            v.date = Some(n.date.value);
            v.days = Some(days);
            out.push(v);
        }
    }

    let by_id_i: HashMap<&str, &Item> = new_items
        .iter()
        .map(|i| (i.id.value.0.as_str(), i))
        .collect();
    for o in old_items {
        let id = o.id.value.0.as_str();
        match by_id_i.get(id) {
            None => out.push(
                cx.violation(ViolationType::Deleted)
                    .entry(EntryKind::Item, id),
            ),
            Some(n) => item(cx, o, n, out),
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
        o.ref_.value.0.clone(),
        n.ref_.value.0.clone(),
        out,
    );
    fixed(
        cx,
        k,
        id,
        "kind",
        o.kind.value.0.clone(),
        n.kind.value.0.clone(),
        out,
    );
    once_set(
        cx,
        k,
        id,
        "void",
        o.void.as_ref().map(fields::void),
        n.void.as_ref().map(fields::void),
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
        o.ref_.value.0.clone(),
        n.ref_.value.0.clone(),
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
            a.change(i, &c, "units/zzb.yaml", state.clone());
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
        a.start("units/zzb.yaml", ledger(REC).readable().cloned());
        a.change(0, &commit(0, "2020-01-01"), "units/zzb.yaml", ledger(REC));
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
}
