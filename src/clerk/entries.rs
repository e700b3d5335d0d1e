//! The writes: `new unit`, `add record`, `add item`, `close`, `extend`,
//! `progress`, `void`. Each resolves its values first (asking when it may),
//! then plans its edit under the lock in [`super::change::commit`].

use std::collections::HashSet;

use crate::cli::ERROR;
use crate::dates::{self, iso};
use crate::load::{self, Analysis};
use crate::messages::clerk::{Action, Field, Problem};

use super::change::{self, Planned};
use super::edit::{self, Fields, Val};
use super::{
    AddArgs, AddItemArgs, AddRecordArgs, AddWhat, CloseArgs, Ctx, EntryArg, ExtendArgs, NewArgs,
    NewWhat, ProgressArgs, VoidArgs, ids, item_kind_choices, kind_choices, lenient, ref_choices,
    scalar, text_value, unit_ref_choices,
};

pub fn new(args: &NewArgs, cx: &mut Ctx<'_, '_>) -> anyhow::Result<i32> {
    let NewWhat::Unit(a) = &args.what;
    let Some((root, first)) = cx.open(&a.repo)? else {
        return Ok(ERROR);
    };
    let unit = match cx.unit(a.id.as_deref(), &first.repo) {
        Ok(u) => u,
        Err(p) => return cx.fail(&p),
    };
    let path = format!("units/{unit}.yaml");
    if root.join(&path).exists() || first.repo.ledgers.contains_key(&unit) {
        return cx.fail(&Problem::FileExists(path));
    }
    let clerk = a.clerk.clone();
    cx.commit(&root, &|analysis, files| {
        if files.iter().any(|f| f.path == path) {
            return Err(Problem::FileExists(path.clone()));
        }
        // The schema modeline as the other ledgers write it.
        let modeline = files
            .iter()
            .filter(|f| f.path.starts_with("units/"))
            .find_map(|f| match &f.content {
                load::Content::Bytes(b) => std::str::from_utf8(b)
                    .ok()?
                    .lines()
                    .find(|l| l.starts_with("# yaml-language-server:"))
                    .map(str::to_owned),
                _ => None,
            })
            .unwrap_or_else(|| {
                "# yaml-language-server: $schema=../schema/ledger.schema.json".into()
            });
        let name = analysis.repo.unit_name(&unit);
        let mut text = format!("{modeline}\n# {name}\nunit: {unit}\n");
        if let Some(c) = &clerk {
            text.push_str(&format!("clerk: {}\n", scalar::yaml_scalar(c)));
        }
        text.push_str("records: []\nitems: []\n");
        Ok(Planned {
            path: path.clone(),
            bytes: text.into_bytes(),
            line: 1,
            action: Action::NewUnit,
            id: unit.clone(),
        })
    })
}

pub fn add(args: &AddArgs, cx: &mut Ctx<'_, '_>) -> anyhow::Result<i32> {
    match &args.what {
        AddWhat::Record(a) => add_record(a, cx),
        AddWhat::Item(a) => add_item(a, cx),
    }
}

fn add_record(a: &AddRecordArgs, cx: &mut Ctx<'_, '_>) -> anyhow::Result<i32> {
    let Some((root, first)) = cx.open(&a.repo)? else {
        return Ok(ERROR);
    };
    let repo = &first.repo;
    let resolved = (|| -> Result<_, Problem> {
        let unit = cx.unit(a.unit.as_deref(), repo)?;
        let refs = match a.ref_ {
            Some(_) => ref_choices(repo),
            None => unit_ref_choices(repo, &unit),
        };
        let ref_ = lenient(cx, a.ref_.as_deref(), Field::Ref, &refs)?;
        let kind = lenient(cx, a.kind.as_deref(), Field::Kind, &kind_choices(repo))?;
        let title = text_value(
            cx,
            a.title.as_deref().or(a.title_pos.as_deref()),
            Field::Title,
        )?;
        Ok((unit, ref_, kind, title))
    })();
    let (unit, ref_, kind, title) = match resolved {
        Ok(v) => v,
        Err(p) => return cx.fail(&p),
    };
    let date = a.date.unwrap_or(cx.env.today);
    cx.commit(&root, &|analysis, files| {
        let path = ledger_file(analysis, &unit)?;
        let doc = &analysis.repo.ledgers[&unit];
        let taken: HashSet<&str> = doc
            .records
            .iter()
            .map(|r| r.id.value.0.as_str())
            .chain(doc.items.iter().map(|i| i.id.value.0.as_str()))
            .collect();
        let id = match &a.id {
            Some(id) if taken.contains(id.as_str()) => return Err(Problem::IdTaken(id.clone())),
            Some(id) => id.clone(),
            None => {
                let family: Vec<&str> = doc.records.iter().map(|r| r.id.value.0.as_str()).collect();
                ids::next_id(&family, &taken, chrono::Datelike::year(&date), &unit, 3)
            }
        };
        let mut fields: Fields = vec![
            ("id", Val::Str(id.clone())),
            ("date", Val::Plain(iso(date))),
            ("ref", Val::Str(ref_.clone())),
            ("kind", Val::Str(kind.clone())),
            ("title", Val::Str(title.clone())),
        ];
        if let Some(p) = &a.period {
            // `period: 2018` as a person writes it; anything else quoted as needed
            // (and reported by the check if it is no period).
            let label = dates::Period::parse_label(p).is_some_and(|x| x.label() == *p);
            let value = if label {
                Val::Plain(p.clone())
            } else {
                Val::Str(p.clone())
            };
            fields.push(("period", value));
        }
        match a.targets.as_slice() {
            [] => {}
            [one] => fields.push(("target", Val::Str(one.clone()))),
            many => fields.push(("targets", Val::List(many.to_vec()))),
        }
        if !a.evidence.is_empty() {
            fields.push(("evidence", Val::List(a.evidence.clone())));
        }
        if let Some(n) = &a.note {
            fields.push(("note", Val::Str(n.clone())));
        }
        // Format 1.1's keys: in a format 1 repository the check of the change
        // refuses them with the message that says how to declare 1.1.
        match a.people.as_slice() {
            [] => {}
            [one] => fields.push(("person", Val::Str(one.clone()))),
            many => fields.push(("people", Val::List(many.to_vec()))),
        }
        if let Some(b) = &a.by {
            fields.push(("by", Val::Str(b.clone())));
        }
        if let Some(o) = &a.obligation {
            fields.push(("obligation", Val::Str(o.clone())));
        }
        let mut text = change::file_text(files, &path)?;
        let line = text
            .append_entry("records", &fields, Some("items"))
            .map_err(|e| edit_problem(e, &path))?;
        Ok(Planned {
            path,
            bytes: text.to_bytes(),
            line,
            action: Action::AddedRecord,
            id,
        })
    })
}

fn add_item(a: &AddItemArgs, cx: &mut Ctx<'_, '_>) -> anyhow::Result<i32> {
    let Some((root, first)) = cx.open(&a.repo)? else {
        return Ok(ERROR);
    };
    let repo = &first.repo;
    let resolved = (|| -> Result<_, Problem> {
        let unit = cx.unit(a.unit.as_deref(), repo)?;
        let kind = cx.ask(a.kind.as_deref(), Field::ItemKind, &item_kind_choices())?;
        let refs = match a.ref_ {
            Some(_) => ref_choices(repo),
            None => unit_ref_choices(repo, &unit),
        };
        let ref_ = lenient(cx, a.ref_.as_deref(), Field::Ref, &refs)?;
        let title = text_value(
            cx,
            a.title.as_deref().or(a.title_pos.as_deref()),
            Field::Title,
        )?;
        Ok((unit, kind, ref_, title))
    })();
    let (unit, kind, ref_, title) = match resolved {
        Ok(v) => v,
        Err(p) => return cx.fail(&p),
    };
    let opened = a.opened.unwrap_or(cx.env.today);
    cx.commit(&root, &|analysis, files| {
        let path = ledger_file(analysis, &unit)?;
        let doc = &analysis.repo.ledgers[&unit];
        let taken: HashSet<&str> = doc
            .records
            .iter()
            .map(|r| r.id.value.0.as_str())
            .chain(doc.items.iter().map(|i| i.id.value.0.as_str()))
            .collect();
        let id = match &a.id {
            Some(id) if taken.contains(id.as_str()) => return Err(Problem::IdTaken(id.clone())),
            Some(id) => id.clone(),
            None => {
                let family: Vec<&str> = doc
                    .items
                    .iter()
                    .filter(|i| i.kind.value.as_str() == kind)
                    .map(|i| i.id.value.0.as_str())
                    .collect();
                let year = chrono::Datelike::year(&opened);
                ids::next_id(&family, &taken, year, ids::item_prefix(&kind), 2)
            }
        };
        let mut fields: Fields = vec![
            ("id", Val::Str(id.clone())),
            ("kind", Val::Plain(kind.clone())),
            ("ref", Val::Str(ref_.clone())),
            ("title", Val::Str(title.clone())),
        ];
        for (key, v) in [
            ("source", &a.source),
            ("owner", &a.owner),
            ("leader", &a.leader),
            ("measures", &a.measures),
        ] {
            if let Some(v) = v {
                fields.push((key, Val::Str(v.clone())));
            }
        }
        fields.push(("opened", Val::Plain(iso(opened))));
        if let Some(d) = a.due {
            fields.push(("due", Val::Plain(iso(d))));
        }
        if let Some(o) = &a.origin {
            // A Chinese label (上级交办) is taken for its key, as kinds are.
            let key = crate::model::Origin::LABELS
                .iter()
                .position(|l| o.trim() == *l)
                .map_or(o.as_str(), |i| crate::model::Origin::NAMES[i]);
            fields.push(("origin", Val::Plain(key.to_owned())));
        }
        let mut text = change::file_text(files, &path)?;
        let line = text
            .append_entry("items", &fields, None)
            .map_err(|e| edit_problem(e, &path))?;
        Ok(Planned {
            path,
            bytes: text.to_bytes(),
            line,
            action: Action::AddedItem,
            id,
        })
    })
}

/// The ledger file of a unit that has one (else: create it with `ledger new unit`).
fn ledger_file(a: &Analysis, unit: &str) -> Result<String, Problem> {
    change::ledger_path(&a.repo, a, unit).ok_or_else(|| Problem::Io(a_no_ledger(unit)))
}

fn a_no_ledger(unit: &str) -> String {
    format!("units/{unit}.yaml does not exist; create it with `ledger new unit {unit}`")
}

fn edit_problem(e: edit::EditError, path: &str) -> Problem {
    match e {
        edit::EditError::AlreadySet(key) => Problem::AlreadySet {
            id: path.to_owned(),
            key,
        },
        edit::EditError::NoEntry(id) => Problem::UnknownId {
            id,
            suggestion: None,
        },
        _ => Problem::CannotEdit(path.to_owned()),
    }
}

/// Where an id lives.
struct Found {
    unit: String,
    path: String,
    is_item: bool,
}

/// The record or item `id`, across all unit ledgers (or the one of `unit`);
/// when several ledgers have it, the one of `preferred` (`LEDGER_UNIT`).
fn find_entry(
    a: &Analysis,
    id: &str,
    unit: Option<&str>,
    preferred: Option<&str>,
) -> Result<Found, Problem> {
    let mut hits = Vec::new();
    let mut all = Vec::new();
    for (u, doc) in &a.repo.ledgers {
        if unit.is_some_and(|w| w != u) {
            continue;
        }
        let path = a.sources.get(doc.file).path.clone();
        for r in &doc.records {
            all.push(r.id.value.0.as_str().to_owned());
            if r.id.value.0 == id {
                hits.push(Found {
                    unit: u.clone(),
                    path: path.clone(),
                    is_item: false,
                });
            }
        }
        for it in &doc.items {
            all.push(it.id.value.0.as_str().to_owned());
            if it.id.value.0 == id {
                hits.push(Found {
                    unit: u.clone(),
                    path: path.clone(),
                    is_item: true,
                });
            }
        }
    }
    if hits.len() > 1
        && let Some(i) = hits.iter().position(|h| Some(h.unit.as_str()) == preferred)
    {
        return Ok(hits.swap_remove(i));
    }
    match hits.len() {
        1 => Ok(hits.remove(0)),
        0 => Err(Problem::UnknownId {
            id: id.to_owned(),
            suggestion: crate::suggest::closest(id, all.iter().map(String::as_str)),
        }),
        _ => Err(Problem::AmbiguousId {
            id: id.to_owned(),
            places: hits.into_iter().map(|h| h.path).collect(),
        }),
    }
}

/// The common shape of close/extend/progress/void: find the entry under the
/// lock, edit it, check, write.
fn on_entry(
    cx: &mut Ctx<'_, '_>,
    e: &EntryArg,
    items_only: bool,
    action: Action,
    edit: &dyn Fn(&mut edit::FileText, &str, bool) -> Result<usize, edit::EditError>,
) -> anyhow::Result<i32> {
    let Some((root, _)) = cx.open(&e.repo)? else {
        return Ok(ERROR);
    };
    let unit = e.unit.clone();
    let preferred = (cx.env.var)("LEDGER_UNIT").filter(|u| !u.is_empty());
    let id = e.id.clone();
    cx.commit(&root, &|analysis, files| {
        let found = find_entry(analysis, &id, unit.as_deref(), preferred.as_deref())?;
        if items_only && !found.is_item {
            return Err(Problem::NotAnItem(id.clone()));
        }
        let mut text = change::file_text(files, &found.path)?;
        let list = if found.is_item { "items" } else { "records" };
        let line = edit(&mut text, list, found.is_item).map_err(|err| match err {
            edit::EditError::AlreadySet(key) => Problem::AlreadySet {
                id: id.clone(),
                key,
            },
            other => edit_problem(other, &found.path),
        })?;
        Ok(Planned {
            path: found.path,
            bytes: text.to_bytes(),
            line,
            action,
            id: id.clone(),
        })
    })
}

pub fn close(a: &CloseArgs, cx: &mut Ctx<'_, '_>) -> anyhow::Result<i32> {
    let date = a.entry.date.unwrap_or(cx.env.today);
    let id = a.entry.id.clone();
    on_entry(cx, &a.entry, true, Action::Closed, &|text, list, _| {
        let line = text.set_key(list, &id, "closed", &Val::Plain(iso(date)))?;
        if let Some(d) = &a.disposal {
            text.set_key(list, &id, "disposal", &Val::Str(d.clone()))?;
        }
        if !a.evidence.is_empty() {
            text.set_key(list, &id, "evidence", &Val::List(a.evidence.clone()))?;
        }
        Ok(line)
    })
}

pub fn extend(a: &ExtendArgs, cx: &mut Ctx<'_, '_>) -> anyhow::Result<i32> {
    let date = a.entry.date.unwrap_or(cx.env.today);
    let due = match a.due {
        Some(d) => d,
        None => match cx.ask(None, Field::Due, &[]) {
            Ok(s) => match dates::parse_iso_date(s.trim()) {
                Some(d) => d,
                None => return cx.fail(&Problem::NotADate(s)),
            },
            Err(p) => return cx.fail(&p),
        },
    };
    let reason = match text_value(cx, a.reason.as_deref(), Field::Reason) {
        Ok(r) => r,
        Err(p) => return cx.fail(&p),
    };
    let id = a.entry.id.clone();
    on_entry(cx, &a.entry, true, Action::Extended, &|text, list, _| {
        let fields: Fields = vec![
            ("date", Val::Plain(iso(date))),
            ("due", Val::Plain(iso(due))),
            ("reason", Val::Str(reason.clone())),
        ];
        text.append_sub_entry(list, &id, "extensions", &fields)
    })
}

pub fn progress(a: &ProgressArgs, cx: &mut Ctx<'_, '_>) -> anyhow::Result<i32> {
    let date = a.entry.date.unwrap_or(cx.env.today);
    let note = match text_value(cx, a.note.as_deref(), Field::Note) {
        Ok(r) => r,
        Err(p) => return cx.fail(&p),
    };
    let id = a.entry.id.clone();
    on_entry(cx, &a.entry, true, Action::Progress, &|text, list, _| {
        let fields: Fields = vec![
            ("date", Val::Plain(iso(date))),
            ("note", Val::Str(note.clone())),
        ];
        text.append_sub_entry(list, &id, "progress", &fields)
    })
}

pub fn void(a: &VoidArgs, cx: &mut Ctx<'_, '_>) -> anyhow::Result<i32> {
    let date = a.entry.date.unwrap_or(cx.env.today);
    let reason = match text_value(cx, a.reason.as_deref(), Field::Reason) {
        Ok(r) => r,
        Err(p) => return cx.fail(&p),
    };
    let id = a.entry.id.clone();
    on_entry(cx, &a.entry, false, Action::Voided, &|text, list, _| {
        let value = Val::Map(vec![
            ("date", Val::Plain(iso(date))),
            ("reason", Val::Str(reason.clone())),
        ]);
        text.set_key(list, &id, "void", &value)
    })
}
