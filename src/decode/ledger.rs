//! Unit ledgers (`units/<id>.yaml`): records and items, with the entry ids
//! the file defines.

use super::fields::*;
use super::{Defined, Space};
use crate::dates::Period;
use crate::messages::{Msg, What};
use crate::model::*;
use crate::source::Span;
use crate::yaml::Node;

#[derive(Debug, Default)]
pub struct DecodedLedger {
    pub unit: Option<Spanned<UnitId>>,
    pub clerk: Option<Spanned<String>>,
    pub records: Vec<Record>,
    pub items: Vec<Item>,
    /// Draws of sample obligations (1.1).
    pub samples: Vec<Draw>,
    /// Record and item ids in file order, including entries left out of the model.
    pub defined: Vec<Defined>,
    /// Where the file's first key is (for file-level diagnostics).
    pub first_key: Option<Span>,
    /// The names that entries left out of the model still use, so that a bad
    /// date does not hide the same record's unknown `ref` or target until it
    /// is fixed: every field is checked in one run.
    pub partial: Vec<Partial>,
}

/// What an entry with a missing or broken required key names.
#[derive(Debug, Default)]
pub struct Partial {
    pub ref_: Option<Spanned<Id>>,
    pub kind: Option<Spanned<Id>>,
    pub targets: Vec<Spanned<UnitId>>,
    pub people: Vec<Spanned<Id>>,
}

pub fn ledger_file(cx: &mut Cx<'_>, root: Option<&Node>) -> DecodedLedger {
    ledger_file_with(cx, root, Streamed::default())
}

/// Records and items decoded while the file was parsed ([`Streamed::sink`]),
/// each kind apart so that they join the ledger in the order a decode of the
/// whole tree gives: records, then items, their diagnostics at that point.
#[derive(Default)]
pub(super) struct Streamed {
    /// Records keep their title, evidence and note (see [`Words`]).
    words: Words,
    records: Vec<Record>,
    items: Vec<Item>,
    /// Per kind (records, items): ids defined, partial entries, diagnostics.
    defined: [Vec<Defined>; 2],
    partial: [Vec<Partial>; 2],
    diags: [Vec<crate::diag::Diagnostic>; 2],
}

/// Whether records keep their words: title, evidence and note. `check`
/// reports none of them (its findings name items, points and obligations),
/// and on a city's ledgers they were a third of its memory; they are still
/// read and checked, so every diagnostic is the same.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Words {
    #[default]
    Kept,
    Dropped,
}

impl Streamed {
    /// The top-level keys whose list elements [`Streamed::sink`] takes.
    pub(super) const KEYS: &'static [&'static str] = &["records", "items"];

    pub(super) fn new(words: Words) -> Streamed {
        Streamed {
            words,
            ..Streamed::default()
        }
    }

    /// Decode one element of `records` (`key` 0) or `items` (1).
    pub(super) fn sink(&mut self, file: crate::source::FileId, v11: bool, key: usize, node: &Node) {
        let i = key.min(1);
        let mut cx = Cx {
            file,
            diags: &mut self.diags[i],
            v11,
        };
        if i == 0 {
            let (defined, partial) = (&mut self.defined[0], &mut self.partial[0]);
            if let Some(r) = record(&mut cx, node, defined, partial, self.words) {
                self.records.push(r);
            }
        } else if let Some(it) = item(&mut cx, node, &mut self.defined[1], &mut self.partial[1]) {
            self.items.push(it);
        }
    }
}

/// [`ledger_file`] on a tree whose `records` and `items` lists were (when
/// lists) decoded already, into `streamed`.
pub(super) fn ledger_file_with(
    cx: &mut Cx<'_>,
    root: Option<&Node>,
    streamed: Streamed,
) -> DecodedLedger {
    let Streamed {
        words,
        records: s_records,
        items: s_items,
        defined: [s_rdefined, s_idefined],
        partial: [s_rpartial, s_ipartial],
        diags: [s_rdiags, s_idiags],
    } = streamed;
    let mut out = DecodedLedger::default();
    let Some(root) = root else {
        cx.push(
            Span::default(),
            Msg::MissingField {
                key: "unit",
                within: What::LedgerFile,
            },
        );
        return out;
    };
    let Some(f) = Fields::open11(
        cx,
        root,
        "ledger file",
        What::LedgerFile,
        &["unit", "clerk", "records", "items"],
        &["samples"],
    ) else {
        return out;
    };
    out.first_key = Some(f.first_key_span());
    out.unit = f.required(cx, "unit").and_then(|n| unit_id(cx, n, "unit"));
    out.clerk = f.get("clerk").and_then(|n| text(cx, n, "clerk"));
    let mut defined = Vec::new();
    let mut partial = Vec::new();
    // A streamed list is empty in the tree: what its elements gave comes
    // first, then (for a list that was not streamed) the tree's.
    out.records = s_records;
    defined.extend(s_rdefined);
    partial.extend(s_rpartial);
    cx.diags.extend(s_rdiags);
    out.records
        .extend(list(cx, f.get("records"), "records", |cx, n| {
            record(cx, n, &mut defined, &mut partial, words)
        }));
    out.items = s_items;
    defined.extend(s_idefined);
    partial.extend(s_ipartial);
    cx.diags.extend(s_idiags);
    out.items.extend(list(cx, f.get("items"), "items", |cx, n| {
        item(cx, n, &mut defined, &mut partial)
    }));
    // Streamed in, so grown by doubling: up to half the room unused.
    out.records.shrink_to_fit();
    out.items.shrink_to_fit();
    out.samples = list(cx, f.get("samples"), "samples", draw);
    out.defined = defined;
    out.partial = partial;
    out
}

/// One draw of a sample obligation (1.1), as `ledger sample` writes it.
fn draw(cx: &mut Cx<'_>, node: &Node) -> Option<Draw> {
    let f = Fields::open(
        cx,
        node,
        "samples",
        What::Draw,
        &[
            "ref",
            "obligation",
            "period",
            "date",
            "population",
            "targets",
        ],
    )?;
    let r = f.required(cx, "ref").and_then(|n| id(cx, n, "ref"));
    let obligation = f
        .required(cx, "obligation")
        .and_then(|n| id(cx, n, "obligation"));
    let period = f.required(cx, "period").and_then(|n| text(cx, n, "period"));
    let d = f.required(cx, "date").and_then(|n| date(cx, n, "date"));
    let population = f
        .required(cx, "population")
        .and_then(|n| uint(cx, n, "population", 0));
    let targets = f
        .required(cx, "targets")
        .map(|n| ids(cx, Some(n), "targets"));
    Some(Draw {
        ref_: r?,
        obligation: obligation?,
        period: period?,
        date: d?,
        population: population?,
        targets: targets?,
    })
}

fn void(cx: &mut Cx<'_>, node: &Node) -> Option<Void> {
    let f = Fields::open(cx, node, "void", What::Void, &["date", "reason"])?;
    let d = f.required(cx, "date").and_then(|n| date(cx, n, "date"));
    let reason = f.get("reason").and_then(|n| text(cx, n, "reason"));
    Some(Void { date: d?, reason })
}

fn record(
    cx: &mut Cx<'_>,
    node: &Node,
    defined: &mut Vec<Defined>,
    partial: &mut Vec<Partial>,
    words: Words,
) -> Option<Record> {
    let keep = words == Words::Kept;
    let f = Fields::open11(
        cx,
        node,
        "records",
        What::Record,
        &[
            "id", "date", "ref", "kind", "title", "period", "target", "targets", "evidence",
            "note", "void",
        ],
        &["person", "people", "by", "obligation"],
    )?;
    let rid = f.required(cx, "id").and_then(|n| id(cx, n, "id"));
    if let Some(r) = &rid {
        define(defined, Space::Entry, r);
    }
    let d = f.required(cx, "date").and_then(|n| date(cx, n, "date"));
    let r = f.required(cx, "ref").and_then(|n| id(cx, n, "ref"));
    let kind = f
        .required(cx, "kind")
        .and_then(|n| super::fields::kind(cx, n, "kind"));
    let title = f
        .required(cx, "title")
        .and_then(|n| text_kept(cx, n, "title", keep));
    let period = f.get("period").and_then(|n| {
        parsed(cx, n, "period", Period::parse_label, |value| {
            Msg::BadPeriod { value }
        })
    });
    let target = f.get("target").and_then(|n| unit_id(cx, n, "target"));
    let targets = unit_ids(cx, f.get("targets"), "targets");
    let evidence = texts_kept(cx, f.get("evidence"), "evidence", keep);
    let note = f
        .get("note")
        .and_then(|n| text_kept(cx, n, "note", keep))
        .filter(|_| keep);
    let v = f.get("void").and_then(|n| void(cx, n));
    let about = About {
        person: f.get("person").and_then(|n| id(cx, n, "person")),
        people: ids(cx, f.get("people"), "people"),
        by: f.get("by").and_then(|n| id(cx, n, "by")),
        obligation: f.get("obligation").and_then(|n| id(cx, n, "obligation")),
    };
    let about = (about != About::default()).then(|| Box::new(about));
    if rid.is_none() || d.is_none() || r.is_none() || kind.is_none() || title.is_none() {
        partial.push(Partial {
            ref_: r,
            kind,
            targets: target.into_iter().chain(targets).collect(),
            people: about
                .map(|a| {
                    let a = *a;
                    a.person.into_iter().chain(a.people).chain(a.by).collect()
                })
                .unwrap_or_default(),
        });
        return None;
    }
    let more = RecordMore {
        period,
        target,
        targets,
        evidence,
        note,
        void: v,
        about,
    };
    Some(Record {
        id: rid?,
        date: d?,
        ref_: r?,
        kind: kind?,
        title: title?,
        more: (more != RecordMore::default()).then(|| Box::new(more)),
    })
}

fn item(
    cx: &mut Cx<'_>,
    node: &Node,
    defined: &mut Vec<Defined>,
    partial: &mut Vec<Partial>,
) -> Option<Item> {
    let f = Fields::open11(
        cx,
        node,
        "items",
        What::Item,
        &[
            "id",
            "kind",
            "ref",
            "title",
            "source",
            "owner",
            "leader",
            "measures",
            "opened",
            "due",
            "extensions",
            "closed",
            "disposal",
            "progress",
            "evidence",
            "void",
        ],
        &["origin"],
    )?;
    let iid = f.required(cx, "id").and_then(|n| id(cx, n, "id"));
    if let Some(i) = &iid {
        define(defined, Space::Entry, i);
    }
    let kind = f
        .required(cx, "kind")
        .and_then(|n| one_of(cx, n, "kind", ItemKind::NAMES, ItemKind::parse));
    let r = f.required(cx, "ref").and_then(|n| id(cx, n, "ref"));
    let title = f.required(cx, "title").and_then(|n| text(cx, n, "title"));
    let opt_text = |cx: &mut Cx<'_>, key: &str| f.get(key).and_then(|n| text(cx, n, key));
    let source = opt_text(cx, "source");
    let owner = opt_text(cx, "owner");
    let leader = opt_text(cx, "leader");
    let measures = opt_text(cx, "measures");
    let opened = f.required(cx, "opened").and_then(|n| date(cx, n, "opened"));
    let due = f.get("due").and_then(|n| date(cx, n, "due"));
    let extensions = list(cx, f.get("extensions"), "extensions", |cx, n| {
        let e = Fields::open(
            cx,
            n,
            "extensions",
            What::Extension,
            &["date", "due", "reason"],
        )?;
        let d = e.required(cx, "date").and_then(|n| date(cx, n, "date"));
        let due = e.required(cx, "due").and_then(|n| date(cx, n, "due"));
        let reason = e.get("reason").and_then(|n| text(cx, n, "reason"));
        // The spec lets `reason` out, but a due date moved without a word is
        // what an inspection asks about: a warning, not an error.
        if e.get("reason").is_none() {
            cx.push(e.first_key_span(), Msg::ExtensionNoReason);
        }
        Some(Extension {
            date: d?,
            due: due?,
            reason,
        })
    });
    let closed = f.get("closed").and_then(|n| date(cx, n, "closed"));
    let disposal = f
        .get("disposal")
        .and_then(|n| one_of(cx, n, "disposal", Disposal::NAMES, Disposal::parse));
    let progress = list(cx, f.get("progress"), "progress", |cx, n| {
        let p = Fields::open(cx, n, "progress", What::Progress, &["date", "note"])?;
        let d = p.required(cx, "date").and_then(|n| date(cx, n, "date"));
        let note = p.get("note").and_then(|n| text(cx, n, "note"));
        Some(Progress { date: d?, note })
    });
    let evidence = texts(cx, f.get("evidence"), "evidence");
    let v = f.get("void").and_then(|n| void(cx, n));
    let origin = f.get("origin").and_then(|n| super::plan::origin(cx, n));
    if let (Some(k), Some(d)) = (&kind, &disposal)
        && k.value != ItemKind::Clue
    {
        cx.push(
            d.span,
            Msg::DisposalNotClue {
                kind: k.value.as_str(),
            },
        );
    }
    if iid.is_none() || kind.is_none() || r.is_none() || title.is_none() || opened.is_none() {
        partial.push(Partial {
            ref_: r,
            ..Partial::default()
        });
        return None;
    }
    Some(Item {
        id: iid?,
        kind: kind?,
        ref_: r?,
        title: title?,
        source,
        owner,
        leader,
        measures,
        opened: opened?,
        due,
        extensions,
        closed,
        disposal,
        progress,
        evidence,
        void: v,
        origin,
    })
}
