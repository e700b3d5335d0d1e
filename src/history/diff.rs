//! `ledger diff`: what changed in the ledger repository between two revisions,
//! said in the format's own words (a record added, an item closed, a point's
//! lead changed) rather than as lines of YAML.
//!
//! Pure logic over parsed files; [`super::diff`] reads the revisions. A file
//! that cannot be read on a side is reported and its entries are not compared
//! (they would all look added or removed); the rest of the repository still is.

use std::collections::{BTreeMap, BTreeSet};

use super::fields::{self, Fields};
use super::snapshot::{FileState, Problem, unit_of};
use crate::model::{Config, LedgerFile, PlanFile};

/// One revision's ledger repository, file by file (paths relative to its root).
#[derive(Debug)]
pub(crate) struct Side {
    pub config: FileState<Config>,
    pub plans: BTreeMap<String, FileState<PlanFile>>,
    /// Unit ledgers. The reader may leave out files that are byte-identical on both sides.
    pub ledgers: BTreeMap<String, FileState<LedgerFile>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Which {
    From,
    To,
}

impl Which {
    pub fn as_str(self) -> &'static str {
        match self {
            Which::From => "from",
            Which::To => "to",
        }
    }
}

/// Something about a whole file.
#[derive(Debug, Clone, PartialEq)]
pub enum FileNote {
    Added,
    Removed,
    Unreadable(Which, Problem),
}

/// What an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    Settings,
    Plan,
    Unit,
    Point,
    Obligation,
    Checklist,
    ChecklistItem,
    Record,
    Item,
    /// 1.1: a person of the register, an item deadline rule, a draw.
    Person,
    DeadlineRule,
    Draw,
}

impl Subject {
    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Settings => "settings",
            Subject::Plan => "plan",
            Subject::Unit => "unit",
            Subject::Point => "point",
            Subject::Obligation => "obligation",
            Subject::Checklist => "checklist",
            Subject::ChecklistItem => "checklist-item",
            Subject::Record => "record",
            Subject::Item => "item",
            Subject::Person => "person",
            Subject::DeadlineRule => "deadline-rule",
            Subject::Draw => "draw",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    Added,
    Removed,
    Voided,
    Closed,
    Reopened,
    Extended,
    Changed,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Voided => "voided",
            ChangeKind::Closed => "closed",
            ChangeKind::Reopened => "reopened",
            ChangeKind::Extended => "extended",
            ChangeKind::Changed => "changed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// One change to one entry. An entry may have several (closed, and its note changed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Where the entry is (on the `to` side, unless removed).
    pub file: String,
    pub subject: Subject,
    /// The point of an obligation on a point; the checklist of a checklist item.
    pub parent: Option<String>,
    pub id: String,
    /// Records and items: the unit (file stem).
    pub unit: Option<String>,
    pub kind: ChangeKind,
    /// Added: every field of the new entry; removed: of the old one; else what differs.
    pub fields: Vec<FieldChange>,
    /// The entry's title, for people (`None` where it has none).
    pub title: Option<String>,
}

#[derive(Debug, Default)]
pub struct RepoDiff {
    pub files: Vec<(String, FileNote)>,
    pub changes: Vec<Change>,
}

/// An entry's identity and flat fields.
struct Entry {
    file: String,
    fields: Fields,
}

type Key = (Subject, Option<String>, String);

pub(crate) fn compare(from: &Side, to: &Side) -> RepoDiff {
    let mut out = RepoDiff::default();

    // ledger.toml
    let settings = |side: &Side| -> Option<BTreeMap<Key, Entry>> {
        match &side.config {
            FileState::Unreadable(_) => None,
            FileState::Absent => Some(BTreeMap::new()),
            FileState::Readable(c) => Some(BTreeMap::from([(
                (Subject::Settings, None, crate::load::CONFIG_FILE.to_owned()),
                Entry {
                    file: crate::load::CONFIG_FILE.to_owned(),
                    fields: fields::config(c),
                },
            )])),
        }
    };
    if !(from.config == to.config && from.config.problem().is_some()) {
        note_file(&mut out, crate::load::CONFIG_FILE, &from.config, &to.config);
    }
    if let (Some(a), Some(b)) = (settings(from), settings(to)) {
        entries(&a, &b, None, true, &mut out);
    }

    // Plans: merged across files, entities matched by id wherever they are written.
    let mut skip = BTreeSet::new();
    let plan_paths: BTreeSet<&String> = from.plans.keys().chain(to.plans.keys()).collect();
    for path in plan_paths {
        let a = from.plans.get(path).unwrap_or(&FileState::Absent);
        let b = to.plans.get(path).unwrap_or(&FileState::Absent);
        if a.problem().is_some() || b.problem().is_some() {
            skip.insert(path.clone());
        }
        // A file unreadable alike on both sides did not change: nothing to say.
        if !(a == b && a.problem().is_some()) {
            note_file(&mut out, path, a, b);
        }
    }
    let a = plan_entries(&from.plans, &skip);
    let b = plan_entries(&to.plans, &skip);
    entries(&a, &b, None, true, &mut out);

    // Unit ledgers: entries are matched by unit and id, not by path, so that
    // a ledger renamed from zzb.yml to zzb.yaml moves no entry.
    let paths: BTreeSet<&String> = from.ledgers.keys().chain(to.ledgers.keys()).collect();
    let mut units: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for path in paths {
        let a = from.ledgers.get(path).unwrap_or(&FileState::Absent);
        let b = to.ledgers.get(path).unwrap_or(&FileState::Absent);
        note_file(&mut out, path, a, b);
        if let Some(unit) = unit_of(path) {
            units.entry(unit).or_default().push(path);
        }
    }
    for (unit, paths) in units {
        let unreadable = paths.iter().any(|p| {
            [&from.ledgers, &to.ledgers]
                .iter()
                .any(|side| side.get(*p).is_some_and(|s| s.problem().is_some()))
        });
        if unreadable {
            continue;
        }
        let ea = ledger_entries(&from.ledgers, &paths);
        let eb = ledger_entries(&to.ledgers, &paths);
        entries(&ea, &eb, Some(&unit), false, &mut out);
    }

    out.files.sort_by(|x, y| x.0.cmp(&y.0));
    out.changes.sort_by(|x, y| {
        (&x.file, x.subject, &x.parent, &x.id, x.kind)
            .cmp(&(&y.file, y.subject, &y.parent, &y.id, y.kind))
    });
    out
}

fn note_file<T: PartialEq>(out: &mut RepoDiff, path: &str, a: &FileState<T>, b: &FileState<T>) {
    for (which, s) in [(Which::From, a), (Which::To, b)] {
        if let FileState::Unreadable(p) = s {
            out.files
                .push((path.to_owned(), FileNote::Unreadable(which, p.clone())));
        }
    }
    match (a, b) {
        (FileState::Absent, FileState::Absent) => {}
        (FileState::Absent, _) => out.files.push((path.to_owned(), FileNote::Added)),
        (_, FileState::Absent) => out.files.push((path.to_owned(), FileNote::Removed)),
        _ => {}
    }
}

fn plan_entries(
    plans: &BTreeMap<String, FileState<PlanFile>>,
    skip: &BTreeSet<String>,
) -> BTreeMap<Key, Entry> {
    let mut map = BTreeMap::new();
    let mut put = |key: Key, file: &str, fields: Fields| {
        map.entry(key).or_insert_with(|| Entry {
            file: file.to_owned(),
            fields,
        });
    };
    for (path, state) in plans {
        let Some(p) = state.readable().filter(|_| !skip.contains(path)) else {
            continue;
        };
        if let Some(h) = &p.plan {
            put(
                (Subject::Plan, None, path.clone()),
                path,
                fields::plan_header(h),
            );
        }
        for u in &p.units {
            put(
                (Subject::Unit, None, u.id.value.0.as_str().to_owned()),
                path,
                fields::unit(u),
            );
        }
        for pt in &p.points {
            let id = pt.id.value.0.as_str().to_owned();
            for ob in &pt.obligations {
                put(
                    (
                        Subject::Obligation,
                        Some(id.clone()),
                        ob.id.value.0.as_str().to_owned(),
                    ),
                    path,
                    fields::obligation(ob),
                );
            }
            put((Subject::Point, None, id), path, fields::point(pt));
        }
        for c in &p.checklists {
            let id = c.id.value.0.as_str().to_owned();
            for it in &c.items {
                put(
                    (
                        Subject::ChecklistItem,
                        Some(id.clone()),
                        it.id.value.0.as_str().to_owned(),
                    ),
                    path,
                    fields::checklist_item(it),
                );
            }
            put((Subject::Checklist, None, id), path, fields::checklist(c));
        }
        for ob in &p.obligations {
            put(
                (Subject::Obligation, None, ob.id.value.0.as_str().to_owned()),
                path,
                fields::obligation(ob),
            );
        }
        for person in &p.people {
            put(
                (Subject::Person, None, person.id.value.0.as_str().to_owned()),
                path,
                fields::person(person),
            );
        }
        for rule in &p.deadlines {
            put(
                (
                    Subject::DeadlineRule,
                    None,
                    rule.id.value.0.as_str().to_owned(),
                ),
                path,
                fields::deadline_rule(rule),
            );
        }
    }
    map
}

/// One unit's records and items across its files (in path order; the first
/// definition of an id wins).
fn ledger_entries(
    ledgers: &BTreeMap<String, FileState<LedgerFile>>,
    paths: &[&String],
) -> BTreeMap<Key, Entry> {
    let mut map = BTreeMap::new();
    for path in paths {
        let Some(l) = ledgers.get(*path).and_then(FileState::readable) else {
            continue;
        };
        for r in &l.records {
            map.entry((Subject::Record, None, r.id.value.0.as_str().to_owned()))
                .or_insert_with(|| Entry {
                    file: (*path).clone(),
                    fields: fields::record(r),
                });
        }
        for i in &l.items {
            map.entry((Subject::Item, None, i.id.value.0.as_str().to_owned()))
                .or_insert_with(|| Entry {
                    file: (*path).clone(),
                    fields: fields::item(i),
                });
        }
        for d in &l.samples {
            let id = format!(
                "{}/{}/{}",
                d.ref_.value.0, d.obligation.value.0, d.period.value
            );
            map.entry((Subject::Draw, None, id))
                .or_insert_with(|| Entry {
                    file: (*path).clone(),
                    fields: fields::draw(d),
                });
        }
    }
    map
}

fn title_of(f: &Fields) -> Option<String> {
    f.iter()
        .find(|(k, _)| k == "title" || k == "name" || k == "text")
        .map(|(_, v)| v.clone())
}

/// Compare two sides' entries. `moves`: whether an entry written in another
/// file is a change (plan entries: yes; a unit's records and items belong to
/// the unit, whichever of its files holds them).
fn entries(
    a: &BTreeMap<Key, Entry>,
    b: &BTreeMap<Key, Entry>,
    unit: Option<&str>,
    moves: bool,
    out: &mut RepoDiff,
) {
    let change = |key: &Key, file: &str, kind, fields: Vec<FieldChange>, title| Change {
        file: file.to_owned(),
        subject: key.0,
        parent: key.1.clone(),
        id: key.2.clone(),
        unit: unit.map(str::to_owned),
        kind,
        fields,
        title,
    };
    for (key, old) in a {
        let Some(new) = b.get(key) else {
            let fields = old
                .fields
                .iter()
                .map(|(k, v)| FieldChange {
                    field: k.clone(),
                    old: Some(v.clone()),
                    new: None,
                })
                .collect();
            out.changes.push(change(
                key,
                &old.file,
                ChangeKind::Removed,
                fields,
                title_of(&old.fields),
            ));
            continue;
        };
        let mut diffs: Vec<FieldChange> = fields::compare(&old.fields, &new.fields)
            .into_iter()
            .map(|(field, old, new)| FieldChange { field, old, new })
            .collect();
        if moves && old.file != new.file {
            diffs.insert(
                0,
                FieldChange {
                    field: "file".into(),
                    old: Some(old.file.clone()),
                    new: Some(new.file.clone()),
                },
            );
        }
        let title = title_of(&new.fields);
        let mut groups: BTreeMap<ChangeKind, Vec<FieldChange>> = BTreeMap::new();
        for d in diffs {
            let kind = classify(key.0, &d);
            groups.entry(kind).or_default().push(d);
        }
        for (kind, fields) in groups {
            out.changes
                .push(change(key, &new.file, kind, fields, title.clone()));
        }
    }
    for (key, new) in b {
        if a.contains_key(key) {
            continue;
        }
        let fields = new
            .fields
            .iter()
            .map(|(k, v)| FieldChange {
                field: k.clone(),
                old: None,
                new: Some(v.clone()),
            })
            .collect();
        out.changes.push(change(
            key,
            &new.file,
            ChangeKind::Added,
            fields,
            title_of(&new.fields),
        ));
    }
}

/// Which kind of change one field difference of an entry is.
fn classify(subject: Subject, d: &FieldChange) -> ChangeKind {
    if !matches!(subject, Subject::Record | Subject::Item) {
        return ChangeKind::Changed;
    }
    match (d.field.as_str(), &d.old, &d.new) {
        ("void", None, Some(_)) => ChangeKind::Voided,
        ("closed", None, Some(_)) if subject == Subject::Item => ChangeKind::Closed,
        ("closed", Some(_), None) if subject == Subject::Item => ChangeKind::Reopened,
        (f, None, Some(_)) if subject == Subject::Item && f.starts_with("extensions[") => {
            ChangeKind::Extended
        }
        _ => ChangeKind::Changed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::snapshot;

    fn side(plan: &str, ledger: &str) -> Side {
        Side {
            config: FileState::Absent,
            plans: BTreeMap::from([(
                "plan/plan.yaml".to_owned(),
                snapshot::plan("plan/plan.yaml", plan.as_bytes()),
            )]),
            ledgers: BTreeMap::from([(
                "units/zzb.yaml".to_owned(),
                snapshot::ledger("units/zzb.yaml", ledger.as_bytes()),
            )]),
        }
    }

    fn kinds(d: &RepoDiff) -> Vec<(&'static str, &str, &'static str)> {
        d.changes
            .iter()
            .map(|c| (c.subject.as_str(), c.id.as_str(), c.kind.as_str()))
            .collect()
    }

    const PLAN: &str = "units:\n  - {id: zzb, name: 组织部}\npoints:\n  - {id: WP01, title: 要点一, lead: [zzb]}\n";

    #[test]
    fn entries_added_voided_closed_extended_reopened() {
        let a = side(
            PLAN,
            "unit: zzb\nrecords:\n  - {id: z1, date: 2019-01-05, ref: WP01, kind: meeting, title: 会}\nitems:\n  - {id: i1, kind: task, ref: WP01, title: 任务, opened: 2019-01-02, due: 2019-03-01}\n  - {id: i2, kind: task, ref: WP01, title: 任务二, opened: 2019-01-02, due: 2019-03-01, closed: 2019-02-01}\n",
        );
        let b = side(
            "units:\n  - {id: zzb, name: 区委组织部}\npoints:\n  - {id: WP01, title: 要点一, lead: [zzb]}\n  - {id: WP02, title: 要点二, lead: [zzb]}\n",
            "unit: zzb\nrecords:\n  - {id: z1, date: 2019-01-05, ref: WP01, kind: meeting, title: 会, void: {date: 2019-01-06}}\n  - {id: z2, date: 2019-01-07, ref: WP01, kind: meeting, title: 会二}\nitems:\n  - {id: i1, kind: task, ref: WP01, title: 任务, opened: 2019-01-02, due: 2019-03-01, extensions: [{date: 2019-02-01, due: 2019-04-01}], closed: 2019-03-05, owner: 李某}\n  - {id: i2, kind: task, ref: WP01, title: 任务二, opened: 2019-01-02, due: 2019-03-01}\n",
        );
        let d = compare(&a, &b);
        assert_eq!(
            kinds(&d),
            [
                ("unit", "zzb", "changed"),
                ("point", "WP02", "added"),
                ("record", "z1", "voided"),
                ("record", "z2", "added"),
                ("item", "i1", "closed"),
                ("item", "i1", "extended"),
                ("item", "i1", "changed"),
                ("item", "i2", "reopened"),
            ]
        );
        let unit = &d.changes[0];
        assert_eq!(unit.file, "plan/plan.yaml");
        assert_eq!(
            unit.fields,
            [FieldChange {
                field: "name".into(),
                old: Some("组织部".into()),
                new: Some("区委组织部".into())
            }]
        );
        assert_eq!(d.changes[6].fields[0].field, "owner");
        assert!(d.files.is_empty());
    }

    #[test]
    fn unreadable_files_are_noted_and_skipped() {
        let a = side(
            PLAN,
            "unit: zzb\nrecords:\n  - {id: z1, date: 2019-01-05, ref: WP01, kind: meeting, title: 会}\n",
        );
        let b = side("points: [\n", "unit: zzb\nrecords: {\n");
        let d = compare(&a, &b);
        assert!(d.changes.is_empty(), "{:?}", d.changes);
        let notes: Vec<(&str, bool)> = d
            .files
            .iter()
            .map(|(f, n)| (f.as_str(), matches!(n, FileNote::Unreadable(Which::To, _))))
            .collect();
        assert_eq!(notes, [("plan/plan.yaml", true), ("units/zzb.yaml", true)]);
    }
}
