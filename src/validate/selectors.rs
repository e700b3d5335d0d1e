//! Selectors: the units they name must be registered, and each must match at
//! least one registered unit (a warning: the obligation binds no one).

use super::{Check, Names, Repository};
use crate::messages::Msg;
use crate::model::*;
use crate::select::Resolver;
use crate::source::FileId;

/// Reports the unknown units a `{units: […]}` selector names; true when any.
pub(super) fn unknown_units(
    check: &mut Check<'_>,
    names: &Names,
    file: FileId,
    sel: &Spanned<Selector>,
) -> bool {
    let mut bad = false;
    if let Selector::Units(us) = &sel.value {
        for u in us {
            bad |= names.unknown_unit(check, file, u);
        }
    }
    bad
}

/// Selectors that match no registered unit. They need the tags of every
/// registered unit, so this runs once the registry is complete.
pub(super) fn empty_selectors(check: &mut Check<'_>, repo: &Repository) {
    let resolver = Resolver::new(repo);
    for doc in &repo.plans {
        for cl in &doc.plan.checklists {
            if resolver.resolve(&cl.applies_to.value, doc, None).is_empty() {
                check.push(
                    doc.file,
                    cl.applies_to.span,
                    Msg::EmptySelector { key: "applies_to" },
                );
            }
        }
        let mut obligations: Vec<(&Obligation, Option<&Point>)> =
            doc.plan.obligations.iter().map(|o| (o, None)).collect();
        for p in &doc.plan.points {
            obligations.extend(p.obligations.iter().map(|o| (o, Some(p))));
        }
        for (ob, point) in obligations {
            for (key, sel) in [("who", &ob.who), ("cover", &ob.cover)] {
                let Some(sel) = sel else { continue };
                if resolver.resolve(&sel.value, doc, point).is_empty() {
                    let msg = if key == "who" && sel.value == Selector::Support {
                        Msg::NoSupportUnits
                    } else {
                        Msg::EmptySelector { key }
                    };
                    check.push(doc.file, sel.span, msg);
                }
            }
        }
    }
}
