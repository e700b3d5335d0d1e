//! Structure: the span-keeping YAML/TOML tree to the model types.
//!
//! Each file is decoded on its own (in parallel with the others), and every
//! problem of shape is pushed as a diagnostic without stopping: an unknown key,
//! a missing key, a bad date, a misused obligation key. An entry whose required
//! keys are missing or broken is left out of the model, but its id is still
//! reported in `defined` so that later stages neither flag it as unknown nor
//! forget a duplicate. Meaning across files (does this `ref` exist?) is
//! [`crate::validate`]'s business.

use crate::dates::{self, Cadence, Date, Duration, MonthDay, Period, Share};
use crate::diag::{Code, Diagnostic};
use crate::messages::{Expect, Msg, What};
use crate::model::*;
use crate::source::{FileId, Span};
use crate::suggest::closest;
use crate::yaml::{Kind, Node, Shape};

/// Collects one file's diagnostics.
pub struct Cx<'a> {
    pub file: FileId,
    pub diags: &'a mut Vec<Diagnostic>,
}

impl Cx<'_> {
    pub fn push(&mut self, code: Code, span: Span, msg: Msg) {
        self.diags.push(Diagnostic::new(code, self.file, span, msg));
    }

    fn errors(&self) -> usize {
        self.diags
            .iter()
            .filter(|d| d.severity() == crate::diag::Severity::Error)
            .count()
    }
}

/// The mapping of one entry, with its keys checked against the known ones.
struct Fields<'n> {
    node: &'n Node,
    entries: &'n [(Node, Node)],
    within: What,
}

impl<'n> Fields<'n> {
    fn open(
        cx: &mut Cx<'_>,
        node: &'n Node,
        key: &str,
        within: What,
        known: &[&'static str],
    ) -> Option<Fields<'n>> {
        let Kind::Map(entries) = &node.kind else {
            cx.push(
                Code::InvalidValue,
                node.span,
                Msg::Expected {
                    key: key.to_owned(),
                    expected: Expect::Mapping,
                    found: node.shape(),
                },
            );
            return None;
        };
        for (k, _) in entries {
            match k.as_scalar() {
                Some(s) if known.contains(&s.text.as_str()) => {}
                Some(s) => cx.push(
                    Code::UnknownField,
                    k.span,
                    Msg::UnknownField {
                        key: s.text.clone(),
                        within,
                        suggestion: closest(&s.text, known.iter().copied()),
                    },
                ),
                None => cx.push(
                    Code::InvalidValue,
                    k.span,
                    Msg::Expected {
                        key: "key".into(),
                        expected: Expect::Text,
                        found: k.shape(),
                    },
                ),
            }
        }
        Some(Fields {
            node,
            entries,
            within,
        })
    }

    fn entry(&self, key: &str) -> Option<&'n (Node, Node)> {
        self.entries
            .iter()
            .find(|(k, _)| k.as_scalar().is_some_and(|s| s.text == key))
    }

    /// The value of `key`, unless it is absent or null.
    fn get(&self, key: &str) -> Option<&'n Node> {
        self.entry(key).map(|(_, v)| v).filter(|v| !v.is_null())
    }

    fn key_span(&self, key: &str) -> Option<Span> {
        self.entry(key).map(|(k, _)| k.span)
    }

    /// Where "missing key" points: the first key of the mapping, or the mapping.
    fn first_key_span(&self) -> Span {
        self.entries.first().map_or(self.node.span, |(k, _)| k.span)
    }

    fn required(&self, cx: &mut Cx<'_>, key: &'static str) -> Option<&'n Node> {
        match self.entry(key) {
            None => {
                cx.push(
                    Code::MissingField,
                    self.first_key_span(),
                    Msg::MissingField {
                        key,
                        within: self.within,
                    },
                );
                None
            }
            Some((k, v)) if v.is_null() => {
                cx.push(Code::InvalidValue, k.span, Msg::EmptyValue { key });
                None
            }
            Some((_, v)) => Some(v),
        }
    }
}

// ---------------------------------------------------------------- values

fn text(cx: &mut Cx<'_>, node: &Node, key: &str) -> Option<Spanned<String>> {
    match node.as_scalar() {
        Some(s) => Some(Spanned::new(s.text.clone(), node.span)),
        None => {
            cx.push(
                Code::InvalidValue,
                node.span,
                Msg::Expected {
                    key: key.to_owned(),
                    expected: Expect::Text,
                    found: node.shape(),
                },
            );
            None
        }
    }
}

pub fn is_id(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

pub fn is_unit_id(s: &str) -> bool {
    let mut chars = s.chars();
    let ok = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    chars.next().is_some_and(ok) && chars.all(|c| ok(c) || c == '-')
}

fn id(cx: &mut Cx<'_>, node: &Node, key: &str) -> Option<Spanned<Id>> {
    let t = text(cx, node, key)?;
    if is_id(&t.value) {
        Some(Spanned::new(Id(t.value), t.span))
    } else {
        cx.push(
            Code::InvalidValue,
            t.span,
            Msg::BadId {
                value: t.value,
                unit_id: false,
            },
        );
        None
    }
}

fn unit_id(cx: &mut Cx<'_>, node: &Node, key: &str) -> Option<Spanned<UnitId>> {
    let t = text(cx, node, key)?;
    if is_unit_id(&t.value) {
        Some(Spanned::new(UnitId(t.value), t.span))
    } else {
        cx.push(
            Code::InvalidValue,
            t.span,
            Msg::BadId {
                value: t.value,
                unit_id: true,
            },
        );
        None
    }
}

pub fn date(cx: &mut Cx<'_>, node: &Node, key: &str) -> Option<Spanned<Date>> {
    let t = text(cx, node, key)?;
    match dates::parse_iso_date(&t.value) {
        Some(d) => Some(Spanned::new(d, t.span)),
        None => {
            cx.push(
                Code::InvalidDate,
                t.span,
                Msg::InvalidDate {
                    suggestion: dates::suggest_iso(&t.value),
                    value: t.value,
                },
            );
            None
        }
    }
}

fn uint(cx: &mut Cx<'_>, node: &Node, key: &'static str, min: u32) -> Option<Spanned<u32>> {
    let t = text(cx, node, key)?;
    let plain = node.as_scalar().is_some_and(|s| s.plain);
    match t.value.parse::<u32>() {
        Ok(n) if n >= min && plain => Some(Spanned::new(n, t.span)),
        _ => {
            cx.push(
                Code::InvalidValue,
                t.span,
                Msg::BadInteger {
                    key,
                    value: t.value,
                    min: u64::from(min),
                },
            );
            None
        }
    }
}

fn parsed<T>(
    cx: &mut Cx<'_>,
    node: &Node,
    key: &str,
    parse: impl Fn(&str) -> Option<T>,
    msg: impl Fn(String) -> Msg,
) -> Option<Spanned<T>> {
    let t = text(cx, node, key)?;
    match parse(&t.value) {
        Some(v) => Some(Spanned::new(v, t.span)),
        None => {
            cx.push(Code::InvalidValue, t.span, msg(t.value));
            None
        }
    }
}

fn one_of<T>(
    cx: &mut Cx<'_>,
    node: &Node,
    key: &'static str,
    allowed: &'static [&'static str],
    parse: impl Fn(&str) -> Option<T>,
) -> Option<Spanned<T>> {
    parsed(cx, node, key, parse, |value| Msg::BadEnum {
        key,
        suggestion: closest(&value, allowed.iter().copied()),
        value,
        allowed,
    })
}

const CADENCES: &[&str] = &["month", "quarter", "half-year", "year"];

fn cadence(cx: &mut Cx<'_>, node: &Node) -> Option<Spanned<Cadence>> {
    one_of(cx, node, "every", CADENCES, Cadence::parse)
}

fn list<T>(
    cx: &mut Cx<'_>,
    node: Option<&Node>,
    key: &str,
    mut each: impl FnMut(&mut Cx<'_>, &Node) -> Option<T>,
) -> Vec<T> {
    let Some(node) = node else {
        return Vec::new();
    };
    match node.as_seq() {
        Some(items) => items.iter().filter_map(|n| each(cx, n)).collect(),
        None => {
            cx.push(
                Code::InvalidValue,
                node.span,
                Msg::Expected {
                    key: key.to_owned(),
                    expected: Expect::List,
                    found: node.shape(),
                },
            );
            Vec::new()
        }
    }
}

fn texts(cx: &mut Cx<'_>, node: Option<&Node>, key: &str) -> Vec<Spanned<String>> {
    list(cx, node, key, |cx, n| text(cx, n, key))
}

fn ids(cx: &mut Cx<'_>, node: Option<&Node>, key: &str) -> Vec<Spanned<Id>> {
    list(cx, node, key, |cx, n| id(cx, n, key))
}

fn unit_ids(cx: &mut Cx<'_>, node: Option<&Node>, key: &str) -> Vec<Spanned<UnitId>> {
    list(cx, node, key, |cx, n| unit_id(cx, n, key))
}

/// Where a selector sits decides which words it may use.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SelectorPlace {
    Point,
    PlanWide,
    Elsewhere,
}

fn selector(
    cx: &mut Cx<'_>,
    node: &Node,
    key: &'static str,
    place: SelectorPlace,
) -> Option<Spanned<Selector>> {
    if let Some(s) = node.as_scalar() {
        let sel = match s.text.as_str() {
            "lead" => Selector::Lead,
            "support" => Selector::Support,
            "duties" => Selector::Duties,
            "all" => Selector::All,
            "leads" => Selector::Leads,
            other => {
                let words = ["lead", "support", "duties", "all", "leads"];
                cx.push(
                    Code::InvalidValue,
                    node.span,
                    Msg::BadEnum {
                        key,
                        value: other.to_owned(),
                        allowed: &[
                            "lead",
                            "support",
                            "duties",
                            "all",
                            "leads",
                            "{units: […]}",
                            "{tags: […]}",
                        ],
                        suggestion: closest(other, words),
                    },
                );
                return None;
            }
        };
        let allowed = match sel {
            Selector::Leads => place == SelectorPlace::PlanWide,
            _ => place == SelectorPlace::Point,
        };
        if !allowed {
            cx.push(
                Code::InvalidValue,
                node.span,
                Msg::SelectorWord {
                    word: s.text.clone(),
                    on_point: place == SelectorPlace::Point,
                },
            );
            return None;
        }
        return Some(Spanned::new(sel, node.span));
    }
    let Some(entries) = node.as_map() else {
        cx.push(Code::InvalidValue, node.span, Msg::SelectorShape);
        return None;
    };
    let [(k, v)] = entries else {
        cx.push(Code::InvalidValue, node.span, Msg::SelectorShape);
        return None;
    };
    match k.as_scalar().map(|s| s.text.as_str()) {
        Some("units") => Some(Spanned::new(
            Selector::Units(unit_ids(cx, Some(v), "units")),
            node.span,
        )),
        Some("tags") => Some(Spanned::new(
            Selector::Tags(texts(cx, Some(v), "tags")),
            node.span,
        )),
        Some(other) => {
            cx.push(
                Code::UnknownField,
                k.span,
                Msg::UnknownField {
                    key: other.to_owned(),
                    within: What::Selector,
                    suggestion: closest(other, ["units", "tags"]),
                },
            );
            None
        }
        None => {
            cx.push(Code::InvalidValue, node.span, Msg::SelectorShape);
            None
        }
    }
}

// ---------------------------------------------------------------- ids

/// The id namespaces of spec §3.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Space {
    Unit,
    /// Points, checklist items and plan-wide obligations: what a record's `ref` names.
    Ref,
    Checklist,
    /// Obligation ids within one point, keyed by the point's id span.
    PointObligation(Span),
    /// Records and items of one ledger file.
    Entry,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Defined {
    pub space: Space,
    pub id: Spanned<String>,
}

// ---------------------------------------------------------------- ledger.toml

/// The TOML tree as our YAML node tree, so one decoder reads both.
pub fn toml_to_node(value: &toml::Spanned<toml::de::DeValue<'_>>) -> Node {
    let r = value.span();
    let span = Span::new(r.start, r.end);
    let kind = match value.get_ref() {
        toml::de::DeValue::String(s) => return Node::scalar(span, s.to_string(), false),
        toml::de::DeValue::Integer(i) => return Node::scalar(span, i.as_str(), true),
        toml::de::DeValue::Float(f) => return Node::scalar(span, f.as_str(), true),
        toml::de::DeValue::Boolean(b) => return Node::scalar(span, b.to_string(), true),
        toml::de::DeValue::Datetime(d) => return Node::scalar(span, d.to_string(), true),
        toml::de::DeValue::Array(a) => Kind::Seq(a.iter().map(toml_to_node).collect()),
        toml::de::DeValue::Table(t) => Kind::Map(
            t.iter()
                .map(|(k, v)| {
                    let ks = k.span();
                    (
                        Node::scalar(Span::new(ks.start, ks.end), k.get_ref().to_string(), true),
                        toml_to_node(v),
                    )
                })
                .collect(),
        ),
    };
    Node { span, kind }
}

pub fn config(cx: &mut Cx<'_>, root: &Node) -> Config {
    let mut out = Config::default();
    let Some(f) = Fields::open(
        cx,
        root,
        "ledger.toml",
        What::Config,
        &["title", "term", "check", "audit"],
    ) else {
        return out;
    };
    out.title = f.get("title").and_then(|n| text(cx, n, "title"));
    if let Some(n) = f.get("term")
        && let Some(t) = Fields::open(cx, n, "term", What::Term, &["start", "end"])
    {
        let start = t.required(cx, "start").and_then(|n| date(cx, n, "start"));
        let end = t.required(cx, "end").and_then(|n| date(cx, n, "end"));
        if let (Some(start), Some(end)) = (start, end) {
            if end.value < start.value {
                cx.push(
                    Code::DateOrder,
                    end.span,
                    Msg::DateOrder(crate::messages::Order::TermEndBeforeStart),
                );
            }
            out.term = Some(Term { start, end });
        }
    }
    if let Some(n) = f.get("check")
        && let Some(c) = Fields::open(
            cx,
            n,
            "check",
            What::CheckSettings,
            &["due_soon_days", "as_of", "kinds"],
        )
    {
        out.check.due_soon_days = c
            .get("due_soon_days")
            .and_then(|n| uint(cx, n, "due_soon_days", 0));
        out.check.as_of = c.get("as_of").and_then(|n| date(cx, n, "as_of"));
        out.check.kinds = ids(cx, c.get("kinds"), "kinds");
    }
    if let Some(n) = f.get("audit")
        && let Some(a) = Fields::open(
            cx,
            n,
            "audit",
            What::AuditSettings,
            &["backfill_days", "baseline", "baseline_date"],
        )
    {
        out.audit.backfill_days = a
            .get("backfill_days")
            .and_then(|n| uint(cx, n, "backfill_days", 0));
        out.audit.baseline = a.get("baseline").and_then(|n| text(cx, n, "baseline"));
        out.audit.baseline_date = a
            .get("baseline_date")
            .and_then(|n| date(cx, n, "baseline_date"));
    }
    out
}

// ---------------------------------------------------------------- plan files

#[derive(Debug, Default)]
pub struct DecodedPlan {
    pub plan: PlanFile,
    pub defined: Vec<Defined>,
    /// Id spans of entries that carry an error of their own (their findings are dropped).
    pub flawed: Vec<Span>,
}

pub fn plan_file(cx: &mut Cx<'_>, root: Option<&Node>) -> DecodedPlan {
    let mut out = DecodedPlan::default();
    let Some(root) = root else {
        return out;
    };
    let Some(f) = Fields::open(
        cx,
        root,
        "plan file",
        What::PlanFile,
        &["plan", "units", "points", "checklists", "obligations"],
    ) else {
        return out;
    };
    out.plan.plan = f.get("plan").and_then(|n| plan_header(cx, n));
    out.plan.units = list(cx, f.get("units"), "units", |cx, n| {
        unit(cx, n, &mut out.defined)
    });
    let mut defined = std::mem::take(&mut out.defined);
    let mut flawed = Vec::new();
    out.plan.points = list(cx, f.get("points"), "points", |cx, n| {
        point(cx, n, &mut defined, &mut flawed)
    });
    out.plan.checklists = list(cx, f.get("checklists"), "checklists", |cx, n| {
        checklist(cx, n, &mut defined, &mut flawed)
    });
    out.plan.obligations = list(cx, f.get("obligations"), "obligations", |cx, n| {
        obligation(
            cx,
            n,
            SelectorPlace::PlanWide,
            Space::Ref,
            &mut defined,
            &mut flawed,
        )
    });
    out.defined = defined;
    out.flawed = flawed;
    out
}

fn plan_header(cx: &mut Cx<'_>, node: &Node) -> Option<PlanHeader> {
    let f = Fields::open(
        cx,
        node,
        "plan",
        What::PlanHeader,
        &[
            "id", "title", "doc_no", "issued", "start", "end", "requires", "owners",
        ],
    )?;
    let h = PlanHeader {
        id: f.get("id").and_then(|n| id(cx, n, "id")),
        title: f.get("title").and_then(|n| text(cx, n, "title")),
        doc_no: f.get("doc_no").and_then(|n| text(cx, n, "doc_no")),
        issued: f.get("issued").and_then(|n| date(cx, n, "issued")),
        start: f.get("start").and_then(|n| date(cx, n, "start")),
        end: f.get("end").and_then(|n| date(cx, n, "end")),
        requires: ids(cx, f.get("requires"), "requires"),
        owners: texts(cx, f.get("owners"), "owners"),
    };
    let start = h.start.as_ref().or(h.issued.as_ref());
    if let (Some(s), Some(e)) = (start, &h.end)
        && e.value < s.value
    {
        cx.push(
            Code::DateOrder,
            e.span,
            Msg::DateOrder(crate::messages::Order::PlanEndBeforeStart),
        );
    }
    Some(h)
}

fn define(defined: &mut Vec<Defined>, space: Space, id: &Spanned<Id>) {
    defined.push(Defined {
        space,
        id: Spanned::new(id.value.0.clone(), id.span),
    });
}

fn define_unit(defined: &mut Vec<Defined>, id: &Spanned<UnitId>) {
    defined.push(Defined {
        space: Space::Unit,
        id: Spanned::new(id.value.0.clone(), id.span),
    });
}

fn unit(cx: &mut Cx<'_>, node: &Node, defined: &mut Vec<Defined>) -> Option<Unit> {
    let f = Fields::open(
        cx,
        node,
        "units",
        What::Unit,
        &["id", "name", "tags", "parent", "owners"],
    )?;
    let uid = f.required(cx, "id").and_then(|n| unit_id(cx, n, "id"));
    if let Some(u) = &uid {
        define_unit(defined, u);
    }
    let name = f.required(cx, "name").and_then(|n| text(cx, n, "name"));
    let tags = texts(cx, f.get("tags"), "tags");
    let parent = f.get("parent").and_then(|n| unit_id(cx, n, "parent"));
    let owners = texts(cx, f.get("owners"), "owners");
    Some(Unit {
        id: uid?,
        name: name?,
        tags,
        parent,
        owners,
    })
}

fn point(
    cx: &mut Cx<'_>,
    node: &Node,
    defined: &mut Vec<Defined>,
    flawed: &mut Vec<Span>,
) -> Option<Point> {
    let before = cx.errors();
    let f = Fields::open(
        cx,
        node,
        "points",
        What::Point,
        &[
            "id",
            "no",
            "section",
            "title",
            "text",
            "lead",
            "support",
            "duties",
            "deadline",
            "obligations",
        ],
    )?;
    let pid = f.required(cx, "id").and_then(|n| id(cx, n, "id"));
    if let Some(p) = &pid {
        define(defined, Space::Ref, p);
    }
    let no = f.get("no").and_then(|n| uint(cx, n, "no", 0));
    let section = f.get("section").and_then(|n| text(cx, n, "section"));
    let title = f.required(cx, "title").and_then(|n| text(cx, n, "title"));
    let text_ = f.get("text").and_then(|n| text(cx, n, "text"));
    let lead = f
        .required(cx, "lead")
        .map(|n| unit_ids(cx, Some(n), "lead"));
    if let (Some(l), Some(n)) = (&lead, f.get("lead"))
        && l.is_empty()
        && n.as_seq().is_some_and(<[Node]>::is_empty)
    {
        cx.push(Code::InvalidValue, n.span, Msg::EmptyValue { key: "lead" });
    }
    let support = unit_ids(cx, f.get("support"), "support");
    let duties = list(cx, f.get("duties"), "duties", |cx, n| {
        let d = Fields::open(cx, n, "duties", What::Duty, &["aspect", "unit"])?;
        let aspect = d.required(cx, "aspect").and_then(|n| text(cx, n, "aspect"));
        let unit = d.required(cx, "unit").and_then(|n| unit_id(cx, n, "unit"));
        Some(Duty {
            aspect: aspect?,
            unit: unit?,
        })
    });
    let deadline = f.get("deadline").and_then(|n| {
        parsed(cx, n, "deadline", Duration::parse, |value| {
            Msg::BadDuration { value }
        })
    });
    let own_errors = cx.errors();
    let space = pid
        .as_ref()
        .map_or(Space::PointObligation(f.node.span), |p| {
            Space::PointObligation(p.span)
        });
    let obligations = list(cx, f.get("obligations"), "obligations", |cx, n| {
        obligation(cx, n, SelectorPlace::Point, space, defined, flawed)
    });
    let pid = pid?;
    if own_errors > before {
        flawed.push(pid.span);
    }
    Some(Point {
        id: pid,
        no,
        section,
        title: title?,
        text: text_,
        lead: lead?,
        support,
        duties,
        deadline,
        obligations,
    })
}

fn checklist(
    cx: &mut Cx<'_>,
    node: &Node,
    defined: &mut Vec<Defined>,
    flawed: &mut Vec<Span>,
) -> Option<Checklist> {
    let before = cx.errors();
    let f = Fields::open(
        cx,
        node,
        "checklists",
        What::Checklist,
        &["id", "title", "applies_to", "items"],
    )?;
    let cid = f.required(cx, "id").and_then(|n| id(cx, n, "id"));
    if let Some(c) = &cid {
        define(defined, Space::Checklist, c);
    }
    let title = f.required(cx, "title").and_then(|n| text(cx, n, "title"));
    let applies_to = f
        .required(cx, "applies_to")
        .and_then(|n| selector(cx, n, "applies_to", SelectorPlace::Elsewhere));
    let own_errors = cx.errors();
    let items = f.required(cx, "items").map(|n| {
        list(cx, Some(n), "items", |cx, n| {
            checklist_item(cx, n, defined, flawed)
        })
    });
    let cid = cid?;
    if own_errors > before {
        flawed.push(cid.span);
    }
    Some(Checklist {
        id: cid,
        title: title?,
        applies_to: applies_to?,
        items: items?,
    })
}

fn checklist_item(
    cx: &mut Cx<'_>,
    node: &Node,
    defined: &mut Vec<Defined>,
    flawed: &mut Vec<Span>,
) -> Option<ChecklistItem> {
    let before = cx.errors();
    let f = Fields::open(
        cx,
        node,
        "items",
        What::ChecklistItem,
        &["id", "group", "text", "every", "min", "due", "window"],
    )?;
    let iid = f.required(cx, "id").and_then(|n| id(cx, n, "id"));
    if let Some(i) = &iid {
        define(defined, Space::Ref, i);
    }
    let group = f.get("group").and_then(|n| text(cx, n, "group"));
    let text_ = f.required(cx, "text").and_then(|n| text(cx, n, "text"));
    let rec = recurrence(cx, &f);
    if rec.every.is_none() {
        for key in ["min", "due", "window"] {
            if let Some(span) = f.get(key).map(|n| n.span) {
                cx.push(Code::InvalidValue, span, Msg::NeedsEvery { key });
            }
        }
    }
    let iid = iid?;
    if cx.errors() > before {
        flawed.push(iid.span);
    }
    Some(ChecklistItem {
        id: iid,
        group,
        text: text_?,
        every: rec.every,
        min: rec.min,
        due: rec.due,
        window: rec.window,
    })
}

struct Recurrence {
    every: Option<Spanned<Cadence>>,
    min: Option<Spanned<u32>>,
    due: Option<Spanned<MonthDay>>,
    window: Option<Spanned<Window>>,
}

/// `every`, `min`, `due`, `window`, with the rules that tie them together (§4).
fn recurrence(cx: &mut Cx<'_>, f: &Fields<'_>) -> Recurrence {
    let every = f.get("every").and_then(|n| cadence(cx, n));
    let min = f.get("min").and_then(|n| uint(cx, n, "min", 1));
    let due = f.get("due").and_then(|n| {
        parsed(cx, n, "due", MonthDay::parse, |value| Msg::BadMonthDay {
            value,
        })
    });
    let window = f.get("window").and_then(|n| {
        one_of(cx, n, "window", &["last-month"], |s| {
            (s == "last-month").then_some(Window::LastMonth)
        })
    });
    if let (Some(d), Some(e)) = (&due, &every)
        && e.value != Cadence::Year
    {
        cx.push(Code::InvalidValue, d.span, Msg::DueNeedsYear);
    }
    if let (Some(w), Some(_)) = (&window, &due) {
        cx.push(Code::InvalidValue, w.span, Msg::WindowWithDue);
    }
    Recurrence {
        every,
        min,
        due,
        window,
    }
}

fn obligation(
    cx: &mut Cx<'_>,
    node: &Node,
    place: SelectorPlace,
    space: Space,
    defined: &mut Vec<Defined>,
    flawed: &mut Vec<Span>,
) -> Option<Obligation> {
    let before = cx.errors();
    let f = Fields::open(
        cx,
        node,
        "obligations",
        What::Obligation,
        &[
            "id", "title", "who", "kind", "from", "until", "every", "min", "due", "window",
            "cover", "within", "share",
        ],
    )?;
    let oid = f.required(cx, "id").and_then(|n| id(cx, n, "id"));
    if let Some(o) = &oid {
        define(defined, space, o);
    }
    let title = f.required(cx, "title").and_then(|n| text(cx, n, "title"));
    let who = if place == SelectorPlace::PlanWide {
        f.required(cx, "who")
    } else {
        f.get("who")
    }
    .and_then(|n| selector(cx, n, "who", place));
    let kind = f.get("kind").and_then(|n| id(cx, n, "kind"));
    let from = f.get("from").and_then(|n| date(cx, n, "from"));
    let until = f.get("until").and_then(|n| date(cx, n, "until"));
    if let (Some(a), Some(b)) = (&from, &until)
        && b.value < a.value
    {
        cx.push(
            Code::DateOrder,
            b.span,
            Msg::DateOrder(crate::messages::Order::UntilBeforeFrom),
        );
    }
    let rec = recurrence(cx, &f);
    let cover = f
        .get("cover")
        .and_then(|n| selector(cx, n, "cover", SelectorPlace::Elsewhere));
    let within = f.get("within").and_then(|n| {
        one_of(cx, n, "within", &["term", "year"], |s| match s {
            "term" => Some(Within::Term),
            "year" => Some(Within::Year),
            _ => None,
        })
    });
    let share = f.get("share").and_then(|n| {
        parsed(cx, n, "share", Share::parse, |value| Msg::BadShare {
            value,
        })
    });
    let has = |k: &str| f.get(k).is_some();
    let has_every = has("every");
    let has_cover = has("cover");
    if has_every && has_cover {
        // Report at whichever form's key comes second in the file.
        let (e, c) = (f.key_span("every"), f.key_span("cover"));
        let (key, span) = if e > c { ("every", e) } else { ("cover", c) };
        if let Some(span) = span {
            cx.push(Code::InvalidValue, span, Msg::BothForms { key });
        }
    } else if has_cover {
        for key in ["min", "due", "window"] {
            if let Some(span) = f.key_span(key).filter(|_| has(key)) {
                cx.push(Code::InvalidValue, span, Msg::NotWithCover { key });
            }
        }
        if !has("within") && f.entry("within").is_none() {
            cx.push(
                Code::MissingField,
                f.first_key_span(),
                Msg::MissingField {
                    key: "within",
                    within: What::Obligation,
                },
            );
        }
    } else if !has_every {
        cx.push(
            Code::MissingField,
            f.first_key_span(),
            Msg::MissingField {
                key: "every",
                within: What::Obligation,
            },
        );
        for key in ["min", "due", "window"] {
            if let Some(span) = f.key_span(key).filter(|_| has(key)) {
                cx.push(Code::InvalidValue, span, Msg::NeedsEvery { key });
            }
        }
    }
    if !has_cover || has_every {
        for key in ["within", "share"] {
            if has_every && let Some(span) = f.key_span(key).filter(|_| has(key)) {
                cx.push(Code::InvalidValue, span, Msg::NotWithCover { key });
            }
        }
    }
    let oid = oid?;
    if cx.errors() > before {
        flawed.push(oid.span);
    }
    Some(Obligation {
        id: oid,
        title: title?,
        who,
        kind,
        from,
        until,
        every: rec.every,
        min: rec.min,
        due: rec.due,
        window: rec.window,
        cover,
        within,
        share,
    })
}

// ---------------------------------------------------------------- unit ledgers

#[derive(Debug, Default)]
pub struct DecodedLedger {
    pub unit: Option<Spanned<UnitId>>,
    pub clerk: Option<Spanned<String>>,
    pub records: Vec<Record>,
    pub items: Vec<Item>,
    /// Record and item ids in file order, including entries left out of the model.
    pub defined: Vec<Defined>,
    /// Where the file's first key is (for file-level diagnostics).
    pub first_key: Option<Span>,
}

pub fn ledger_file(cx: &mut Cx<'_>, root: Option<&Node>) -> DecodedLedger {
    let mut out = DecodedLedger::default();
    let Some(root) = root else {
        cx.push(
            Code::MissingField,
            Span::default(),
            Msg::MissingField {
                key: "unit",
                within: What::LedgerFile,
            },
        );
        return out;
    };
    let Some(f) = Fields::open(
        cx,
        root,
        "ledger file",
        What::LedgerFile,
        &["unit", "clerk", "records", "items"],
    ) else {
        return out;
    };
    out.first_key = Some(f.first_key_span());
    out.unit = f.required(cx, "unit").and_then(|n| unit_id(cx, n, "unit"));
    out.clerk = f.get("clerk").and_then(|n| text(cx, n, "clerk"));
    let mut defined = Vec::new();
    out.records = list(cx, f.get("records"), "records", |cx, n| {
        record(cx, n, &mut defined)
    });
    out.items = list(cx, f.get("items"), "items", |cx, n| {
        item(cx, n, &mut defined)
    });
    out.defined = defined;
    out
}

fn void(cx: &mut Cx<'_>, node: &Node) -> Option<Void> {
    let f = Fields::open(cx, node, "void", What::Void, &["date", "reason"])?;
    let d = f.required(cx, "date").and_then(|n| date(cx, n, "date"));
    let reason = f.get("reason").and_then(|n| text(cx, n, "reason"));
    Some(Void { date: d?, reason })
}

fn record(cx: &mut Cx<'_>, node: &Node, defined: &mut Vec<Defined>) -> Option<Record> {
    let f = Fields::open(
        cx,
        node,
        "records",
        What::Record,
        &[
            "id", "date", "ref", "kind", "title", "period", "target", "targets", "evidence",
            "note", "void",
        ],
    )?;
    let rid = f.required(cx, "id").and_then(|n| id(cx, n, "id"));
    if let Some(r) = &rid {
        define(defined, Space::Entry, r);
    }
    let d = f.required(cx, "date").and_then(|n| date(cx, n, "date"));
    let r = f.required(cx, "ref").and_then(|n| id(cx, n, "ref"));
    let kind = f.required(cx, "kind").and_then(|n| id(cx, n, "kind"));
    let title = f.required(cx, "title").and_then(|n| text(cx, n, "title"));
    let period = f.get("period").and_then(|n| {
        parsed(cx, n, "period", Period::parse_label, |value| {
            Msg::BadPeriod { value }
        })
    });
    let target = f.get("target").and_then(|n| unit_id(cx, n, "target"));
    let targets = unit_ids(cx, f.get("targets"), "targets");
    let evidence = texts(cx, f.get("evidence"), "evidence");
    let note = f.get("note").and_then(|n| text(cx, n, "note"));
    let v = f.get("void").and_then(|n| void(cx, n));
    Some(Record {
        id: rid?,
        date: d?,
        ref_: r?,
        kind: kind?,
        title: title?,
        period,
        target,
        targets,
        evidence,
        note,
        void: v,
    })
}

fn item(cx: &mut Cx<'_>, node: &Node, defined: &mut Vec<Defined>) -> Option<Item> {
    let f = Fields::open(
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
    if let (Some(k), Some(d)) = (&kind, &disposal)
        && k.value != ItemKind::Clue
    {
        cx.push(
            Code::InvalidValue,
            d.span,
            Msg::BadEnum {
                key: "disposal",
                value: "disposal".into(),
                allowed: &["kind: clue"],
                suggestion: None,
            },
        );
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
    })
}

/// The shape of a node, for tests and tools that need it without a diagnostic.
pub fn shape_of(node: &Node) -> Shape {
    node.shape()
}
