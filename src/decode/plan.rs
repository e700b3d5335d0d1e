//! Plan files (`plan/*.yaml`): the header, registered units, work points,
//! checklists and plan-wide obligations, with the ids each one defines.

use super::fields::*;
use super::{Defined, Space};
use crate::dates::{Cadence, Duration, MonthDay, Share};
use crate::messages::F11;
use crate::messages::{Msg, Order, What};
use crate::model::*;
use crate::source::Span;
use crate::suggest::closest;
use crate::yaml::Node;

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
    let Some(f) = Fields::open11(
        cx,
        root,
        "plan file",
        What::PlanFile,
        &["plan", "units", "points", "checklists", "obligations"],
        &["people", "deadlines"],
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
    out.plan.people = list(cx, f.get("people"), "people", |cx, n| {
        person(cx, n, &mut defined, &mut flawed)
    });
    out.plan.deadlines = list(cx, f.get("deadlines"), "deadlines", |cx, n| {
        deadline_rule(cx, n, &mut defined, &mut flawed)
    });
    out.defined = defined;
    out.flawed = flawed;
    out
}

fn person(
    cx: &mut Cx<'_>,
    node: &Node,
    defined: &mut Vec<Defined>,
    flawed: &mut Vec<Span>,
) -> Option<Person> {
    let before = cx.errors();
    let f = Fields::open(
        cx,
        node,
        "people",
        What::Person,
        &["id", "unit", "roles", "name", "from", "until", "term"],
    )?;
    let pid = f.required(cx, "id").and_then(|n| id(cx, n, "id"));
    if let Some(p) = &pid {
        define(defined, Space::Person, p);
    }
    let unit = f.required(cx, "unit").and_then(|n| unit_id(cx, n, "unit"));
    let roles = f.required(cx, "roles").map(|n| ids(cx, Some(n), "roles"));
    if let (Some(r), Some(n)) = (&roles, f.get("roles"))
        && r.is_empty()
        && n.as_seq().is_some_and(<[Node]>::is_empty)
    {
        cx.push(n.span, Msg::EmptyValue { key: "roles" });
    }
    let name = f.get("name").and_then(|n| text(cx, n, "name"));
    let from = f.get("from").and_then(|n| date(cx, n, "from"));
    let until = f.get("until").and_then(|n| date(cx, n, "until"));
    if let (Some(a), Some(b)) = (&from, &until)
        && b.value < a.value
    {
        cx.push(b.span, Msg::DateOrder(Order::UntilBeforeFrom));
    }
    let term_ = f.get("term").and_then(|n| term(cx, n, "term"));
    let pid = pid?;
    if cx.errors() > before {
        flawed.push(pid.span);
    }
    Some(Person {
        id: pid,
        unit: unit?,
        roles: roles?,
        name,
        from,
        until,
        term: term_,
    })
}

fn deadline_rule(
    cx: &mut Cx<'_>,
    node: &Node,
    defined: &mut Vec<Defined>,
    flawed: &mut Vec<Span>,
) -> Option<DeadlineRule> {
    let before = cx.errors();
    let f = Fields::open(
        cx,
        node,
        "deadlines",
        What::DeadlineRule,
        &["id", "title", "ref", "kind", "origin", "deadline"],
    )?;
    let rid = f.required(cx, "id").and_then(|n| id(cx, n, "id"));
    if let Some(r) = &rid {
        define(defined, Space::DeadlineRule, r);
    }
    let title = f.required(cx, "title").and_then(|n| text(cx, n, "title"));
    let ref_ = f.get("ref").and_then(|n| id(cx, n, "ref"));
    let kind = f
        .get("kind")
        .and_then(|n| one_of(cx, n, "kind", ItemKind::NAMES, ItemKind::parse));
    let origin = list(cx, f.get("origin"), "origin", origin);
    let deadline = f.required(cx, "deadline").and_then(|n| {
        parsed(cx, n, "deadline", Duration::parse, |value| {
            Msg::BadDuration { value }
        })
    });
    let rid = rid?;
    if cx.errors() > before {
        flawed.push(rid.span);
    }
    Some(DeadlineRule {
        id: rid,
        title: title?,
        ref_,
        kind,
        origin,
        deadline: deadline?,
    })
}

/// An item's `origin` (1.1); a Chinese label names its key.
pub(super) fn origin(cx: &mut Cx<'_>, node: &Node) -> Option<Spanned<Origin>> {
    let t = text(cx, node, "origin")?;
    if let Some(o) = Origin::parse(&t.value) {
        return Some(Spanned::new(o, t.span));
    }
    let label = Origin::LABELS
        .iter()
        .position(|l| t.value.trim() == *l || t.value.trim().contains(l))
        .map(|i| Origin::NAMES[i]);
    cx.push(
        t.span,
        match label {
            Some(key) => Msg::F11(F11::OriginLabel {
                value: t.value,
                key,
            }),
            None => Msg::BadEnum {
                key: "origin",
                suggestion: closest(&t.value, Origin::NAMES.iter().copied()),
                value: t.value,
                allowed: Origin::NAMES,
            },
        },
    );
    None
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
        requires: super::fields::kinds(cx, f.get("requires"), "requires"),
        owners: owners(cx, f.get("owners")),
    };
    let start = h.start.as_ref().or(h.issued.as_ref());
    if let (Some(s), Some(e)) = (start, &h.end)
        && e.value < s.value
    {
        cx.push(e.span, Msg::DateOrder(Order::PlanEndBeforeStart));
    }
    Some(h)
}

/// `owners`, each checked: it becomes a CODEOWNERS rule, where a space, a `#`
/// or a line break would write a rule nobody meant (`a@x.org\n* @mallory`).
fn owners(cx: &mut Cx<'_>, node: Option<&Node>) -> Vec<Spanned<String>> {
    let mut all = texts(cx, node, "owners");
    all.retain(|o| {
        let ok = crate::codeowners::valid_owner(&o.value);
        if !ok {
            cx.push(
                o.span,
                Msg::BadOwner {
                    value: o.value.clone(),
                },
            );
        }
        ok
    });
    all
}

fn unit(cx: &mut Cx<'_>, node: &Node, defined: &mut Vec<Defined>) -> Option<Unit> {
    let f = Fields::open11(
        cx,
        node,
        "units",
        What::Unit,
        &["id", "name", "tags", "parent", "owners"],
        &["supervises", "term", "members", "reported_by"],
    )?;
    let uid = f.required(cx, "id").and_then(|n| unit_id(cx, n, "id"));
    if let Some(u) = &uid {
        define_unit(defined, u);
    }
    let name = f.required(cx, "name").and_then(|n| text(cx, n, "name"));
    let tags = texts(cx, f.get("tags"), "tags");
    let parent = f.get("parent").and_then(|n| unit_id(cx, n, "parent"));
    let owners = owners(cx, f.get("owners"));
    let supervises = unit_list_whole(cx, f.get("supervises"), "supervises");
    let term_ = f.get("term").and_then(|n| term(cx, n, "term"));
    let members = f
        .get("members")
        .map(|n| unit_list_whole(cx, Some(n), "members"));
    let reported_by = f
        .get("reported_by")
        .and_then(|n| unit_id(cx, n, "reported_by"));
    if let (Some(_), Some(r)) = (&members, &reported_by) {
        cx.push(r.span, Msg::F11(F11::GroupAndReported));
    }
    Some(Unit {
        id: uid?,
        name: name?,
        tags,
        parent,
        owners,
        supervises,
        term: term_,
        members,
        reported_by,
    })
}

fn point(
    cx: &mut Cx<'_>,
    node: &Node,
    defined: &mut Vec<Defined>,
    flawed: &mut Vec<Span>,
) -> Option<Point> {
    let before = cx.errors();
    let f = Fields::open11(
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
        &["number", "support_open"],
    )?;
    let pid = f.required(cx, "id").and_then(|n| id(cx, n, "id"));
    if let Some(p) = &pid {
        define(defined, Space::Ref, p);
    }
    let no = number(cx, &f);
    let section = f.get("section").and_then(|n| text(cx, n, "section"));
    let title = f.required(cx, "title").and_then(|n| text(cx, n, "title"));
    let text_ = f.get("text").and_then(|n| text(cx, n, "text"));
    let lead = f
        .required(cx, "lead")
        .map(|n| unit_list(cx, Some(n), "lead"));
    if let (Some((l, sets)), Some(n)) = (&lead, f.get("lead"))
        && l.is_empty()
        && sets.is_empty()
        && n.as_seq().is_some_and(<[Node]>::is_empty)
    {
        cx.push(n.span, Msg::EmptyValue { key: "lead" });
    }
    let (support, support_sets) = unit_list(cx, f.get("support"), "support");
    let support_open = f
        .get("support_open")
        .and_then(|n| boolean(cx, n, "support_open"));
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
    let (lead, lead_sets) = lead?;
    Some(Point {
        id: pid,
        no,
        section,
        title: title?,
        text: text_,
        lead,
        lead_sets,
        support,
        support_sets,
        support_open,
        duties,
        deadline,
        obligations,
    })
}

/// A point's display number: `no` (format 1), `number` (1.1), where `no` is
/// still read but warned (YAML 1.1 readers take the key `no` for `false`).
fn number(cx: &mut Cx<'_>, f: &Fields<'_>) -> Option<Spanned<u32>> {
    let no = f.get("no").and_then(|n| uint(cx, n, "no", 0));
    let number = f.get("number").and_then(|n| uint(cx, n, "number", 0));
    if cx.v11
        && let Some(span) = f.key_span("no")
    {
        match (f.key_span("number"), &no, &number) {
            (Some(other), _, _) => {
                let later = span.max(other);
                cx.push(later, Msg::F11(F11::NoAndNumber));
            }
            _ => cx.push(span, Msg::F11(F11::NoKeyDeprecated)),
        }
    }
    number.or(no)
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
        .and_then(|n| selector(cx, n, "applies_to", SelectorPlace::AppliesTo));
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
    let f = Fields::open11(
        cx,
        node,
        "items",
        What::ChecklistItem,
        &["id", "group", "text", "every", "min", "due", "window"],
        &["max_gap"],
    )?;
    let iid = f.required(cx, "id").and_then(|n| id(cx, n, "id"));
    if let Some(i) = &iid {
        define(defined, Space::Ref, i);
    }
    let group = f.get("group").and_then(|n| text(cx, n, "group"));
    let text_ = f.required(cx, "text").and_then(|n| text(cx, n, "text"));
    let rec = recurrence(cx, &f);
    if rec.every.is_none() {
        for key in ["min", "due", "window", "max_gap"] {
            if let Some(span) = f.get(key).map(|n| n.span) {
                cx.push(span, Msg::NeedsEvery { key });
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
        max_gap: rec.max_gap,
    })
}

struct Recurrence {
    every: Option<Spanned<Every>>,
    min: Option<Spanned<u32>>,
    due: Option<Spanned<MonthDay>>,
    window: Option<Spanned<Window>>,
    max_gap: Option<Spanned<Duration>>,
}

/// `every`, `min`, `due`, `window`, `max_gap`, with the rules that tie them
/// together (§4; `max_gap` and `regularly`: docs/format.md §1.1.7).
fn recurrence(cx: &mut Cx<'_>, f: &Fields<'_>) -> Recurrence {
    let every = f.get("every").and_then(|n| super::fields::every(cx, n));
    let max_gap = f.get("max_gap").and_then(|n| {
        parsed(cx, n, "max_gap", Duration::parse, |value| {
            Msg::BadDuration { value }
        })
    });
    let regularly = every.as_ref().is_some_and(|e| e.value == Every::Regularly);
    if regularly {
        for key in ["min", "due", "window"] {
            if let Some(span) = f.key_span(key).filter(|_| f.get(key).is_some()) {
                cx.push(span, Msg::F11(F11::NotWithRegularly { key }));
            }
        }
    } else if every.is_some()
        && let Some(span) = f.key_span("max_gap").filter(|_| max_gap.is_some())
    {
        cx.push(span, Msg::F11(F11::MaxGapNeedsRegularly));
    }
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
        && e.value != Every::Cal(Cadence::Year)
        && !regularly
    {
        cx.push(d.span, Msg::DueNeedsYear);
    }
    if let (Some(w), Some(_)) = (&window, &due)
        && !regularly
    {
        cx.push(w.span, Msg::WindowWithDue);
    }
    Recurrence {
        every,
        min,
        due,
        window,
        max_gap,
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
    let f = Fields::open11(
        cx,
        node,
        "obligations",
        What::Obligation,
        &[
            "id", "title", "who", "kind", "from", "until", "every", "min", "due", "window",
            "cover", "within", "share",
        ],
        &["max_gap", "sample", "besides", "after", "deadline"],
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
    let kind = f
        .get("kind")
        .and_then(|n| super::fields::kind(cx, n, "kind"));
    let from = f.get("from").and_then(|n| date(cx, n, "from"));
    let until = f.get("until").and_then(|n| date(cx, n, "until"));
    if let (Some(a), Some(b)) = (&from, &until)
        && b.value < a.value
    {
        cx.push(b.span, Msg::DateOrder(Order::UntilBeforeFrom));
    }
    let rec = recurrence(cx, &f);
    let cover = f
        .get("cover")
        .and_then(|n| selector(cx, n, "cover", SelectorPlace::Cover));
    let within = f.get("within").and_then(|n| {
        let w = one_of(cx, n, "within", Within::NAMES, Within::parse)?;
        if w.value.is_v1() || cx.needs_v11(w.span, "within", w.value.as_str()) {
            Some(w)
        } else {
            None
        }
    });
    let share = f.get("share").and_then(|n| {
        parsed(cx, n, "share", Share::parse, |value| Msg::BadShare {
            value,
        })
    });
    let sample = f.get("sample").and_then(|n| boolean(cx, n, "sample"));
    let besides = f.get("besides").and_then(|n| id(cx, n, "besides"));
    let after = f.get("after").and_then(|n| after(cx, n));
    let deadline = f.get("deadline").and_then(|n| {
        parsed(cx, n, "deadline", Duration::parse, |value| {
            Msg::BadDuration { value }
        })
    });
    let has = |k: &str| f.get(k).is_some();
    // Exactly one form: report the later of two at its key.
    let forms: Vec<(&'static str, Span)> = ["every", "cover", "after"]
        .into_iter()
        .filter(|k| has(k))
        .filter_map(|k| Some((k, f.key_span(k)?)))
        .collect();
    let misuse = |cx: &mut Cx<'_>, keys: &[&'static str], msg: &dyn Fn(&'static str) -> Msg| {
        for &key in keys {
            if let Some(span) = f.key_span(key).filter(|_| has(key)) {
                cx.push(span, msg(key));
            }
        }
    };
    if forms.len() > 1 {
        let (key, span) = forms
            .iter()
            .copied()
            .max_by_key(|(_, s)| s.start)
            .unwrap_or(forms[0]);
        cx.push(span, Msg::BothForms { key });
    } else if has("cover") {
        misuse(cx, &["min", "due", "window"], &|key| Msg::NotWithCover {
            key,
        });
        if !has("within") && f.entry("within").is_none() {
            cx.push(
                f.first_key_span(),
                Msg::MissingField {
                    key: "within",
                    within: What::Obligation,
                },
            );
        }
    } else if has("after") {
        misuse(cx, &["min", "due", "window", "within", "share"], &|key| {
            Msg::F11(F11::NotWithAfter { key })
        });
        if !has("deadline") && f.entry("deadline").is_none() {
            cx.push(
                f.first_key_span(),
                Msg::MissingField {
                    key: "deadline",
                    within: What::Obligation,
                },
            );
        }
        if let Some(w) = &who
            && w.value.is_people()
        {
            cx.push(
                w.span,
                Msg::F11(F11::PeopleSelectorHere { key: "who".into() }),
            );
        }
    } else if !has("every") {
        cx.push(
            f.first_key_span(),
            Msg::MissingField {
                key: "every",
                within: What::Obligation,
            },
        );
        misuse(cx, &["min", "due", "window"], &|key| Msg::NeedsEvery {
            key,
        });
    }
    if has("every") {
        misuse(cx, &["within", "share"], &|key| Msg::NotWithCover { key });
    }
    if !has("after") {
        misuse(cx, &["deadline"], &|_| Msg::F11(F11::DeadlineNeedsAfter));
        if let Some(w) = &who
            && w.value == Selector::Recorder
        {
            cx.push(w.span, Msg::F11(F11::RecorderNeedsAfter));
        }
    }
    if !has("cover") {
        misuse(cx, &["sample", "besides"], &|key| {
            Msg::F11(F11::SampleNeedsCover { key })
        });
    } else {
        let is_sample = sample.as_ref().is_some_and(|s| s.value);
        if !is_sample {
            misuse(cx, &["besides"], &|_| Msg::F11(F11::BesidesNeedsSample));
        } else {
            if let Some(w) = &within
                && w.value == Within::OwnTerm
            {
                cx.push(w.span, Msg::F11(F11::SampleOwnTerm));
            }
            if let Some(w) = &who
                && w.value.is_people()
            {
                cx.push(
                    w.span,
                    Msg::F11(F11::PeopleSelectorHere { key: "who".into() }),
                );
            }
        }
        if let (Some(b), Some(o)) = (&besides, &oid)
            && b.value == o.value
        {
            cx.push(b.span, Msg::F11(F11::BesidesItself));
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
        max_gap: rec.max_gap,
        cover,
        within,
        share,
        sample,
        besides,
        after,
        deadline,
    })
}

/// `after: {kind, ref, roles}` of an event obligation (1.1).
fn after(cx: &mut Cx<'_>, node: &Node) -> Option<Spanned<After>> {
    let f = Fields::open(cx, node, "after", What::After, &["kind", "ref", "roles"])?;
    let kind = f
        .required(cx, "kind")
        .and_then(|n| super::fields::kind(cx, n, "kind"));
    let ref_ = f.get("ref").and_then(|n| id(cx, n, "ref"));
    let roles = ids(cx, f.get("roles"), "roles");
    Some(Spanned::new(
        After {
            kind: kind?,
            ref_,
            roles,
        },
        node.span,
    ))
}
