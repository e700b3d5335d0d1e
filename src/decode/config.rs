//! `ledger.toml`: title, term, check and audit settings.

use super::fields::*;
use crate::dates::Duration;
use crate::messages::F11;
use crate::messages::{Msg, What};
use crate::model::*;
use crate::yaml::Node;

pub(super) fn config(cx: &mut Cx<'_>, root: &Node) -> Config {
    let mut out = Config::default();
    // `format` decides which keys the rest of the file (and every other
    // file) may use, so it is read first.
    if let Some(map) = root.as_map()
        && let Some((_, v)) = map
            .iter()
            .find(|(k, _)| k.as_scalar().is_some_and(|s| s.text == "format"))
    {
        out.format = format_version(cx, v);
        cx.v11 = out
            .format
            .as_ref()
            .is_some_and(|f| f.value >= FormatVersion::V1_1);
    }
    let Some(f) = Fields::open(
        cx,
        root,
        "ledger.toml",
        What::Config,
        &["format", "title", "district", "term", "check", "audit"],
    ) else {
        return out;
    };
    out.title = f.get("title").and_then(|n| text(cx, n, "title"));
    out.district = f.get("district").and_then(|n| text(cx, n, "district"));
    out.term = f.get("term").and_then(|n| term(cx, n, "term"));
    if let Some(n) = f.get("check")
        && let Some(c) = Fields::open11(
            cx,
            n,
            "check",
            What::CheckSettings,
            &["due_soon_days", "as_of", "kinds"],
            &["roles", "regular_max_gap"],
        )
    {
        out.check.due_soon_days = c
            .get("due_soon_days")
            .and_then(|n| uint(cx, n, "due_soon_days", 0));
        out.check.as_of = c.get("as_of").and_then(|n| date(cx, n, "as_of"));
        out.check.kinds = ids(cx, c.get("kinds"), "kinds");
        out.check.roles = ids(cx, c.get("roles"), "roles");
        out.check.regular_max_gap = c.get("regular_max_gap").and_then(|n| {
            parsed(cx, n, "regular_max_gap", Duration::parse, |value| {
                Msg::BadDuration { value }
            })
        });
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

/// `format = "1.1"` (or the TOML numbers 1 and 1.1, which a person writes
/// as readily).
fn format_version(cx: &mut Cx<'_>, node: &Node) -> Option<Spanned<FormatVersion>> {
    let t = text(cx, node, "format")?;
    let v = match t.value.trim() {
        "1" | "1.0" => FormatVersion::V1,
        "1.1" => FormatVersion::V1_1,
        _ => {
            cx.push(t.span, Msg::F11(F11::BadFormat { value: t.value }));
            return None;
        }
    };
    Some(Spanned::new(v, t.span))
}
