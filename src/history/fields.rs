//! Entries as flat lists of named values, for field-by-field comparison.
//!
//! The model types keep spans, so two equal values written on different lines
//! are not `==`; these views keep the values alone, as the text a clerk would
//! write (dates `YYYY-MM-DD`, lists `a, b`, small mappings in YAML flow style
//! `{date: 2018-08-25, due: 2018-10-31}`). A field absent from the view is
//! absent (or empty) in the file.

use crate::dates::iso;
use crate::model::*;

/// `(field, value)` pairs in file-format order.
pub(crate) type Fields = Vec<(String, String)>;

struct Out(Fields);

impl Out {
    fn one(&mut self, key: &str, value: Option<String>) {
        if let Some(v) = value {
            self.0.push((key.to_owned(), v));
        }
    }

    fn list<T>(&mut self, key: &str, values: &[T], each: impl Fn(&T) -> String) {
        if !values.is_empty() {
            let v: Vec<String> = values.iter().map(each).collect();
            self.0.push((key.to_owned(), v.join(", ")));
        }
    }
}

/// How a value is written in a file.
trait Show {
    fn show(&self) -> String;
}

macro_rules! show_display {
    ($($t:ty),*) => {$(
        impl Show for $t {
            fn show(&self) -> String {
                self.to_string()
            }
        }
    )*};
}
show_display!(
    String,
    u32,
    bool,
    crate::dates::Period,
    crate::dates::Duration,
    crate::dates::Cadence,
    crate::dates::MonthDay,
    crate::dates::Share
);

impl Show for Id {
    fn show(&self) -> String {
        self.0.to_string()
    }
}

impl Show for UnitId {
    fn show(&self) -> String {
        self.0.clone()
    }
}

fn s<T: Show>(v: Option<&Spanned<T>>) -> Option<String> {
    v.map(|v| v.value.show())
}

fn d(v: &Option<Spanned<crate::dates::Date>>) -> Option<String> {
    v.as_ref().map(|v| iso(v.value))
}

/// A small mapping in YAML flow style: `{date: 2018-08-25, due: 2018-10-31}`.
fn flow(pairs: &[(&str, Option<String>)]) -> String {
    let inner: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}: {v}")))
        .collect();
    format!("{{{}}}", inner.join(", "))
}

pub(crate) fn void(v: &Void) -> String {
    flow(&[
        ("date", Some(iso(v.date.value))),
        ("reason", s(v.reason.as_ref())),
    ])
}

pub(crate) fn extension(e: &Extension) -> String {
    flow(&[
        ("date", Some(iso(e.date.value))),
        ("due", Some(iso(e.due.value))),
        ("reason", s(e.reason.as_ref())),
    ])
}

fn progress(p: &Progress) -> String {
    flow(&[
        ("date", Some(iso(p.date.value))),
        ("note", s(p.note.as_ref())),
    ])
}

pub(crate) fn selector(sel: &Selector) -> String {
    let names = |v: &[String]| v.join(", ");
    match sel {
        Selector::Units(u) => format!(
            "{{units: [{}]}}",
            names(
                &u.iter()
                    .map(|u| u.value.0.as_str().to_owned())
                    .collect::<Vec<_>>()
            )
        ),
        Selector::Tags(t) => format!(
            "{{tags: [{}]}}",
            names(&t.iter().map(|t| t.value.clone()).collect::<Vec<_>>())
        ),
        Selector::People(p) => format!(
            "{{people: [{}]}}",
            names(
                &p.iter()
                    .map(|p| p.value.0.as_str().to_owned())
                    .collect::<Vec<_>>()
            )
        ),
        Selector::Roles { roles, within } => {
            let roles = names(
                &roles
                    .iter()
                    .map(|r| r.value.0.as_str().to_owned())
                    .collect::<Vec<_>>(),
            );
            match within {
                Some(w) => format!("{{roles: [{roles}], in: {}}}", selector(&w.value)),
                None => format!("{{roles: [{roles}]}}"),
            }
        }
        word => word.word().unwrap_or_default().to_owned(),
    }
}

/// A unit list as written: ids and (1.1) `{units}`/`{tags}` entries, in file order.
fn unit_list(ids: &[Spanned<UnitId>], sets: &[Spanned<Selector>]) -> Vec<(u32, String)> {
    let mut all: Vec<(u32, String)> = ids
        .iter()
        .map(|u| (u.span.start, u.value.0.as_str().to_owned()))
        .chain(sets.iter().map(|s| (s.span.start, selector(&s.value))))
        .collect();
    all.sort();
    all
}

fn disposal(d: Disposal) -> &'static str {
    match d {
        Disposal::TalkInquiry => "谈话函询",
        Disposal::PreliminaryCheck => "初步核实",
        Disposal::Hold => "暂存待查",
        Disposal::Close => "予以了结",
    }
}

fn window(w: Window) -> &'static str {
    match w {
        Window::LastMonth => "last-month",
    }
}

fn within(w: Within) -> &'static str {
    w.as_str()
}

impl Show for Every {
    fn show(&self) -> String {
        self.as_str().to_owned()
    }
}

pub(crate) fn record(r: &Record) -> Fields {
    let mut o = Out(Vec::new());
    o.one("date", Some(iso(r.date.value)));
    o.one("ref", Some(r.ref_.value.0.as_str().to_owned()));
    o.one("kind", Some(r.kind.value.0.as_str().to_owned()));
    o.one("title", Some(r.title.value.clone()));
    o.one("period", s(r.period()));
    o.one("target", s(r.target()));
    o.list("targets", r.targets(), |t| t.value.0.as_str().to_owned());
    o.list("evidence", r.evidence(), |e| e.value.clone());
    o.one("note", s(r.note()));
    o.one("void", r.void().map(void));
    if let Some(a) = r.about() {
        o.one("person", s(a.person.as_ref()));
        o.list("people", &a.people, |p| p.value.0.as_str().to_owned());
        o.one("by", s(a.by.as_ref()));
        o.one("obligation", s(a.obligation.as_ref()));
    }
    o.0
}

pub(crate) fn item(i: &Item) -> Fields {
    let mut o = Out(Vec::new());
    o.one("kind", Some(i.kind.value.as_str().to_owned()));
    o.one("ref", Some(i.ref_.value.0.as_str().to_owned()));
    o.one("title", Some(i.title.value.clone()));
    o.one("source", s(i.source.as_ref()));
    o.one("owner", s(i.owner.as_ref()));
    o.one("leader", s(i.leader.as_ref()));
    o.one("measures", s(i.measures.as_ref()));
    o.one("opened", Some(iso(i.opened.value)));
    o.one("due", d(&i.due));
    for (n, e) in i.extensions.iter().enumerate() {
        o.one(&format!("extensions[{n}]"), Some(extension(e)));
    }
    o.one("closed", d(&i.closed));
    o.one(
        "disposal",
        i.disposal.as_ref().map(|v| disposal(v.value).to_owned()),
    );
    for (n, p) in i.progress.iter().enumerate() {
        o.one(&format!("progress[{n}]"), Some(progress(p)));
    }
    o.list("evidence", &i.evidence, |e| e.value.clone());
    o.one("void", i.void.as_ref().map(void));
    o.one(
        "origin",
        i.origin.as_ref().map(|v| v.value.as_str().to_owned()),
    );
    o.0
}

pub(crate) fn config(c: &Config) -> Fields {
    let mut o = Out(Vec::new());
    o.one("title", s(c.title.as_ref()));
    if let Some(t) = &c.term {
        o.one("term.start", Some(iso(t.start.value)));
        o.one("term.end", Some(iso(t.end.value)));
    }
    o.one("check.due_soon_days", s(c.check.due_soon_days.as_ref()));
    o.one("check.as_of", d(&c.check.as_of));
    o.list("check.kinds", &c.check.kinds, |k| {
        k.value.0.as_str().to_owned()
    });
    o.one(
        "format",
        c.format.as_ref().map(|f| f.value.as_str().to_owned()),
    );
    o.list("check.roles", &c.check.roles, |k| {
        k.value.0.as_str().to_owned()
    });
    o.one("check.regular_max_gap", s(c.check.regular_max_gap.as_ref()));
    o.one("audit.backfill_days", s(c.audit.backfill_days.as_ref()));
    o.0
}

pub(crate) fn plan_header(h: &PlanHeader) -> Fields {
    let mut o = Out(Vec::new());
    o.one("id", s(h.id.as_ref()));
    o.one("title", s(h.title.as_ref()));
    o.one("doc_no", s(h.doc_no.as_ref()));
    o.one("issued", d(&h.issued));
    o.one("start", d(&h.start));
    o.one("end", d(&h.end));
    o.list("requires", &h.requires, |k| k.value.0.as_str().to_owned());
    o.list("owners", &h.owners, |k| k.value.clone());
    o.0
}

pub(crate) fn unit(u: &Unit) -> Fields {
    let mut o = Out(Vec::new());
    o.one("name", Some(u.name.value.clone()));
    o.list("tags", &u.tags, |t| t.value.clone());
    o.one("parent", s(u.parent.as_ref()));
    o.list("owners", &u.owners, |t| t.value.clone());
    o.list("supervises", &u.supervises, |sel| selector(&sel.value));
    if let Some(t) = &u.term {
        o.one("term.start", Some(iso(t.start.value)));
        o.one("term.end", Some(iso(t.end.value)));
    }
    if let Some(m) = &u.members {
        o.list("members", m, |sel| selector(&sel.value));
    }
    o.one("reported_by", s(u.reported_by.as_ref()));
    o.0
}

/// A person of the register (1.1).
pub(crate) fn person(p: &Person) -> Fields {
    let mut o = Out(Vec::new());
    o.one("unit", Some(p.unit.value.0.as_str().to_owned()));
    o.list("roles", &p.roles, |r| r.value.0.as_str().to_owned());
    o.one("name", s(p.name.as_ref()));
    o.one("from", d(&p.from));
    o.one("until", d(&p.until));
    if let Some(t) = &p.term {
        o.one("term.start", Some(iso(t.start.value)));
        o.one("term.end", Some(iso(t.end.value)));
    }
    o.0
}

/// A draw of a sample obligation (1.1).
pub(crate) fn draw(dr: &Draw) -> Fields {
    let mut o = Out(Vec::new());
    o.one("date", Some(iso(dr.date.value)));
    o.one("population", Some(dr.population.value.to_string()));
    o.list("targets", &dr.targets, |t| t.value.0.as_str().to_owned());
    o.0
}

/// An item deadline rule (1.1).
pub(crate) fn deadline_rule(r: &DeadlineRule) -> Fields {
    let mut o = Out(Vec::new());
    o.one("title", Some(r.title.value.clone()));
    o.one("ref", s(r.ref_.as_ref()));
    o.one("kind", r.kind.as_ref().map(|k| k.value.as_str().to_owned()));
    o.list("origin", &r.origin, |v| v.value.as_str().to_owned());
    o.one("deadline", Some(r.deadline.value.to_string()));
    o.0
}

/// A point without its obligations (those are compared one by one).
pub(crate) fn point(p: &Point) -> Fields {
    let mut o = Out(Vec::new());
    o.one("no", s(p.no.as_ref()));
    o.one("section", s(p.section.as_ref()));
    o.one("title", Some(p.title.value.clone()));
    o.one("text", s(p.text.as_ref()));
    o.list("lead", &unit_list(&p.lead, &p.lead_sets), |(_, u)| {
        u.clone()
    });
    o.list(
        "support",
        &unit_list(&p.support, &p.support_sets),
        |(_, u)| u.clone(),
    );
    o.one("support_open", s(p.support_open.as_ref()));
    for (n, duty) in p.duties.iter().enumerate() {
        o.one(
            &format!("duties[{n}]"),
            Some(flow(&[
                ("aspect", Some(duty.aspect.value.clone())),
                ("unit", Some(duty.unit.value.0.as_str().to_owned())),
            ])),
        );
    }
    o.one("deadline", s(p.deadline.as_ref()));
    o.0
}

/// A checklist without its items (those are compared one by one).
pub(crate) fn checklist(c: &Checklist) -> Fields {
    let mut o = Out(Vec::new());
    o.one("title", Some(c.title.value.clone()));
    o.one("applies_to", Some(selector(&c.applies_to.value)));
    o.0
}

pub(crate) fn checklist_item(i: &ChecklistItem) -> Fields {
    let mut o = Out(Vec::new());
    o.one("group", s(i.group.as_ref()));
    o.one("text", Some(i.text.value.clone()));
    o.one("every", s(i.every.as_ref()));
    o.one("min", s(i.min.as_ref()));
    o.one("due", s(i.due.as_ref()));
    o.one(
        "window",
        i.window.as_ref().map(|w| window(w.value).to_owned()),
    );
    o.one("max_gap", s(i.max_gap.as_ref()));
    o.0
}

pub(crate) fn obligation(ob: &Obligation) -> Fields {
    let mut o = Out(Vec::new());
    o.one("title", Some(ob.title.value.clone()));
    o.one("who", ob.who.as_ref().map(|w| selector(&w.value)));
    o.one("kind", s(ob.kind.as_ref()));
    o.one("from", d(&ob.from));
    o.one("until", d(&ob.until));
    o.one("every", s(ob.every.as_ref()));
    o.one("min", s(ob.min.as_ref()));
    o.one("due", s(ob.due.as_ref()));
    o.one(
        "window",
        ob.window.as_ref().map(|w| window(w.value).to_owned()),
    );
    o.one("cover", ob.cover.as_ref().map(|c| selector(&c.value)));
    o.one(
        "within",
        ob.within.as_ref().map(|w| within(w.value).to_owned()),
    );
    o.one("share", s(ob.share.as_ref()));
    o.one("max_gap", s(ob.max_gap.as_ref()));
    o.one("sample", s(ob.sample.as_ref()));
    o.one("besides", s(ob.besides.as_ref()));
    o.one(
        "after",
        ob.after.as_ref().map(|a| {
            flow(&[
                ("kind", Some(a.value.kind.value.0.as_str().to_owned())),
                (
                    "ref",
                    a.value.ref_.as_ref().map(|r| r.value.0.as_str().to_owned()),
                ),
                (
                    "roles",
                    (!a.value.roles.is_empty()).then(|| {
                        format!(
                            "[{}]",
                            a.value
                                .roles
                                .iter()
                                .map(|r| r.value.0.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    }),
                ),
            ])
        }),
    );
    o.one("deadline", s(ob.deadline.as_ref()));
    o.0
}

/// One field that differs: `(field, old, new)`, `None` where absent.
pub(crate) type FieldChange = (String, Option<String>, Option<String>);

/// The fields that differ between two views, in the order of `old` then new-only fields.
pub(crate) fn compare(old: &Fields, new: &Fields) -> Vec<FieldChange> {
    let mut out = Vec::new();
    for (k, v) in old {
        let n = new.iter().find(|(nk, _)| nk == k).map(|(_, v)| v);
        if n != Some(v) {
            out.push((k.clone(), Some(v.clone()), n.cloned()));
        }
    }
    for (k, v) in new {
        if !old.iter().any(|(ok, _)| ok == k) {
            out.push((k.clone(), None, Some(v.clone())));
        }
    }
    out
}
