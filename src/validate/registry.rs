//! Registry: every plan's definitions in their namespaces (spec §3), duplicates
//! reported, and the lookup tables of units and refs built from the first
//! definition of each.

use std::collections::{HashMap, HashSet};

use super::{Check, Names, PlanDoc, PlanInput, RefTarget, Repository};
use crate::decode::{Defined, Space};
use crate::messages::Msg;
use crate::source::{FileId, Span};

/// Index the plans into `repo` and return what they define. Namespaces come
/// first, so every later lookup sees every definition.
pub(super) fn register(
    check: &mut Check<'_>,
    repo: &mut Repository,
    plans: Vec<PlanInput>,
) -> Names {
    repo.findings_blocked = plans.iter().any(|p| p.decoded.is_none());
    let mut plan_defs = Vec::new();
    for p in &plans {
        if let Some(d) = &p.decoded {
            plan_defs.extend(d.defined.iter().cloned().map(|d| (p.file, d)));
        }
    }
    let plan_dups = find_duplicates(check, plan_defs.iter().cloned());
    let in_space = |space: Space| -> HashSet<String> {
        plan_defs
            .iter()
            .filter(|(_, d)| d.space == space)
            .map(|(_, d)| d.id.value.clone())
            .collect()
    };
    let units = in_space(Space::Unit);
    let refs = in_space(Space::Ref);
    let people = in_space(Space::Person);
    // No unit registered at all (an empty `plan/units.yaml`, say) is one
    // mistake, reported once; every unit named elsewhere would otherwise be
    // `unknown-unit`, 115 errors for one empty file.
    if units.is_empty() && !repo.findings_blocked && !plans.is_empty() {
        let empty = plans
            .iter()
            .find(|p| check.sources.get(p.file).text.trim().is_empty());
        let file = empty.unwrap_or(&plans[0]).file;
        check.push(
            file,
            Span::default(),
            Msg::NoUnitsRegistered {
                empty_file: empty.is_some(),
            },
        );
        repo.findings_blocked = true;
    }

    for p in plans {
        let Some(d) = p.decoded else { continue };
        let header = d.plan.plan.as_ref();
        let start = header.and_then(|h| h.start.as_ref().or(h.issued.as_ref()).map(|s| s.value));
        let end = header.and_then(|h| h.end.as_ref().map(|e| e.value));
        let mut doc = PlanDoc {
            file: p.file,
            plan: d.plan,
            start,
            end,
            flawed: d.flawed.into_iter().collect(),
        };
        for s in &plan_dups {
            if s.0 == p.file {
                doc.flawed.insert(s.1);
            }
        }
        index(repo, &doc, &plan_dups);
        repo.plans.push(doc);
    }

    let sorted = |set: &HashSet<String>| {
        let mut v: Vec<String> = set.iter().cloned().collect();
        v.sort_unstable();
        v
    };
    let ref_titles = refs
        .iter()
        .filter_map(|r| Some((r.clone(), repo.point(r)?.1.title.value.clone())))
        .collect();
    let unit_names = units
        .iter()
        .map(|u| (u.clone(), repo.unit_name(u).to_owned()))
        .collect();
    Names {
        ref_titles,
        unit_names,
        ledger_stems: HashMap::new(),
        sorted_units: sorted(&units),
        sorted_refs: sorted(&refs),
        sorted_people: sorted(&people),
        units,
        refs,
        people,
        kinds: repo.kinds.iter().cloned().collect(),
        report_unknown: !repo.findings_blocked,
    }
}

/// The units and refs of the plan about to be pushed as `repo.plans.len()`; a
/// duplicate does not replace the first definition.
fn index(repo: &mut Repository, doc: &PlanDoc, dups: &HashSet<(FileId, Span)>) {
    let idx = repo.plans.len();
    let first = |span: Span| !dups.contains(&(doc.file, span));
    for (i, u) in doc.plan.units.iter().enumerate() {
        if first(u.id.span) {
            repo.units
                .entry(u.id.value.0.as_str().to_owned())
                .or_insert((idx, i));
        }
    }
    for (i, p) in doc.plan.people.iter().enumerate() {
        if first(p.id.span) {
            repo.people
                .entry(p.id.value.0.as_str().to_owned())
                .or_insert((idx, i));
        }
    }
    let plan = &doc.plan;
    let points = plan.points.iter().enumerate().map(|(i, p)| {
        let target = RefTarget::Point {
            plan: idx,
            point: i,
        };
        (&p.id, target)
    });
    let items = plan.checklists.iter().enumerate().flat_map(|(c, cl)| {
        cl.items.iter().enumerate().map(move |(i, it)| {
            let target = RefTarget::ChecklistItem {
                plan: idx,
                checklist: c,
                item: i,
            };
            (&it.id, target)
        })
    });
    let obligations = plan.obligations.iter().enumerate().map(|(i, o)| {
        let target = RefTarget::Obligation {
            plan: idx,
            obligation: i,
        };
        (&o.id, target)
    });
    for (id, target) in points.chain(items).chain(obligations) {
        if first(id.span) {
            repo.refs
                .entry(id.value.0.as_str().to_owned())
                .or_insert(target);
        }
    }
}

/// First definition of each id in each namespace; later ones are duplicates.
fn find_duplicates(
    check: &mut Check<'_>,
    defs: impl Iterator<Item = (FileId, Defined)>,
) -> HashSet<(FileId, Span)> {
    let mut first: HashMap<(Option<FileId>, Space, String), (FileId, Span)> = HashMap::new();
    let mut dups = HashSet::new();
    for (file, d) in defs {
        // Obligation ids are unique within their point (and so their file);
        // the other plan namespaces span the repository.
        let scope = match d.space {
            Space::PointObligation(_) | Space::Entry => Some(file),
            _ => None,
        };
        match first.entry((scope, d.space, d.id.value.clone())) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert((file, d.id.span));
            }
            std::collections::hash_map::Entry::Occupied(o) => {
                let (f0, s0) = *o.get();
                let first_line = check.line(f0, s0);
                check.push(
                    file,
                    d.id.span,
                    Msg::DuplicateId {
                        id: d.id.value,
                        first_line,
                        first_file: (f0 != file).then(|| check.sources.get(f0).path.clone()),
                    },
                );
                dups.insert((file, d.id.span));
            }
        }
    }
    dups
}
