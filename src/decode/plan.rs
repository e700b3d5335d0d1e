//! Plan files (`plan/*.yaml`): the header, registered units, work points,
//! checklists and plan-wide obligations, with the ids each one defines.

use super::fields::*;
use super::{Defined, Space};
use crate::dates::{Cadence, Duration, MonthDay, Share};
use crate::messages::{Msg, Order, What};
use crate::model::*;
use crate::source::Span;
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
    let owners = owners(cx, f.get("owners"));
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
        cx.push(n.span, Msg::EmptyValue { key: "lead" });
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
        cx.push(d.span, Msg::DueNeedsYear);
    }
    if let (Some(w), Some(_)) = (&window, &due) {
        cx.push(w.span, Msg::WindowWithDue);
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
            cx.push(span, Msg::BothForms { key });
        }
    } else if has_cover {
        for key in ["min", "due", "window"] {
            if let Some(span) = f.key_span(key).filter(|_| has(key)) {
                cx.push(span, Msg::NotWithCover { key });
            }
        }
        if !has("within") && f.entry("within").is_none() {
            cx.push(
                f.first_key_span(),
                Msg::MissingField {
                    key: "within",
                    within: What::Obligation,
                },
            );
        }
    } else if !has_every {
        cx.push(
            f.first_key_span(),
            Msg::MissingField {
                key: "every",
                within: What::Obligation,
            },
        );
        for key in ["min", "due", "window"] {
            if let Some(span) = f.key_span(key).filter(|_| has(key)) {
                cx.push(span, Msg::NeedsEvery { key });
            }
        }
    }
    if !has_cover || has_every {
        for key in ["within", "share"] {
            if has_every && let Some(span) = f.key_span(key).filter(|_| has(key)) {
                cx.push(span, Msg::NotWithCover { key });
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
