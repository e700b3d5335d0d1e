//! Selectors: the units they name must be registered, and each must match at
//! least one registered unit (a warning: the obligation binds no one).

use super::{Check, Names, Repository};
use crate::messages::Msg;
use crate::model::*;
use std::collections::BTreeSet;

use crate::messages::F11;
use crate::select::{Position, Resolver};
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
            if let Some(msg) = matches_none(
                &resolver,
                &cl.applies_to.value,
                doc,
                None,
                None,
                "applies_to",
            ) {
                check.push(doc.file, cl.applies_to.span, msg);
            }
        }
        // 1.1: entries of unit lists.
        for p in &doc.plan.points {
            for (key, sets) in [("lead", &p.lead_sets), ("support", &p.support_sets)] {
                for s in sets {
                    if resolver.resolve(&s.value, doc, None).is_empty() {
                        check.push(doc.file, s.span, Msg::EmptySelector { key });
                    }
                }
            }
        }
        for u in &doc.plan.units {
            for s in &u.supervises {
                if resolver
                    .resolve_units(&s.value, doc, None, None, Position::Target)
                    .is_empty()
                {
                    check.push(doc.file, s.span, Msg::EmptySelector { key: "supervises" });
                }
            }
            if let Some(members) = &u.members {
                let mut none = BTreeSet::new();
                resolver.substitute(&u.id.value.0, Position::Target, &mut none);
                if none.is_empty() {
                    let span = members.first().map_or(u.id.span, |m| m.span);
                    check.push(doc.file, span, Msg::EmptySelector { key: "members" });
                }
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
                // Bound per event, not to a fixed set.
                if sel.value == Selector::Recorder {
                    continue;
                }
                let parties = (key == "cover" && sel.value.is_relative())
                    .then(|| super::format11::party_units(&resolver, doc, point, ob));
                if let Some(msg) =
                    matches_none(&resolver, &sel.value, doc, point, parties.as_ref(), key)
                {
                    let msg = if key == "who" && sel.value == Selector::Support {
                        Msg::NoSupportUnits
                    } else {
                        msg
                    };
                    check.push(doc.file, sel.span, msg);
                }
            }
        }
    }
}

/// The warning for a selector that matches no one: people (whatever their
/// dates), units, or — for a relative word — nobody for any party.
fn matches_none(
    resolver: &Resolver<'_>,
    sel: &Selector,
    doc: &super::PlanDoc,
    point: Option<&Point>,
    parties: Option<&BTreeSet<String>>,
    key: &'static str,
) -> Option<Msg> {
    let parties: Vec<Option<&str>> = match parties {
        Some(p) => p.iter().map(|u| Some(u.as_str())).collect(),
        None => vec![None],
    };
    let empty = parties.iter().all(|party| {
        if sel.is_people() {
            resolver
                .resolve_people(sel, doc, point, *party, None)
                .is_empty()
        } else {
            resolver
                .resolve_units(sel, doc, point, *party, Position::Target)
                .is_empty()
        }
    });
    empty.then(|| {
        if sel.is_people() {
            Msg::F11(F11::EmptyPeople { key })
        } else {
            Msg::EmptySelector { key }
        }
    })
}
