//! `ledger.toml`: title, term, check and audit settings.

use super::fields::*;
use crate::messages::{Msg, Order, What};
use crate::model::*;
use crate::yaml::Node;

pub(super) fn config(cx: &mut Cx<'_>, root: &Node) -> Config {
    let mut out = Config::default();
    let Some(f) = Fields::open(
        cx,
        root,
        "ledger.toml",
        What::Config,
        &["title", "district", "term", "check", "audit"],
    ) else {
        return out;
    };
    out.title = f.get("title").and_then(|n| text(cx, n, "title"));
    out.district = f.get("district").and_then(|n| text(cx, n, "district"));
    if let Some(n) = f.get("term")
        && let Some(t) = Fields::open(cx, n, "term", What::Term, &["start", "end"])
    {
        let start = t.required(cx, "start").and_then(|n| date(cx, n, "start"));
        let end = t.required(cx, "end").and_then(|n| date(cx, n, "end"));
        if let (Some(start), Some(end)) = (start, end) {
            if end.value < start.value {
                cx.push(end.span, Msg::DateOrder(Order::TermEndBeforeStart));
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
