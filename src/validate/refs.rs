//! References: every unit, kind and ref a plan or a ledger names must be
//! defined somewhere; and what the plans need to count periods (a start, a
//! term) must be there.

use super::{Check, Names, Repository};
use crate::decode::DecodedLedger;
use crate::messages::{CloseUnit, Msg};
use crate::model::*;
use crate::source::{FileId, Span};
use crate::suggest::{closest, closest_all};

impl Names {
    /// Reports a unit no plan registers; true when it did. Silent when a plan
    /// failed to parse (the unit may be defined there).
    pub(super) fn unknown_unit(
        &self,
        check: &mut Check<'_>,
        file: FileId,
        u: &Spanned<UnitId>,
    ) -> bool {
        let unknown = self.report_unknown && !self.units.contains(&u.value.0);
        if unknown {
            let (value, suggestion) = suggest(&u.value.0, &self.sorted_units);
            check.push(file, u.span, Msg::UnknownUnit { value, suggestion });
        }
        unknown
    }

    /// Reports a kind outside the vocabulary; true when it did.
    pub(super) fn unknown_kind(
        &self,
        check: &mut Check<'_>,
        file: FileId,
        k: &Spanned<Id>,
    ) -> bool {
        let unknown = !self.kinds.contains(k.value.0.as_str());
        if unknown {
            // A Chinese label (§5.1) names its key exactly: suggest that, and
            // say why, rather than the nearest spelling.
            let label = crate::model::DEFAULT_KINDS
                .iter()
                .find(|(_, l)| *l == k.value.0.trim())
                .map(|(key, _)| (*key).to_owned());
            let (value, near) = suggest(&k.value.0, &self.kinds);
            let msg = match label {
                Some(key) => Msg::KindLabel { value, key },
                None => Msg::UnknownKind {
                    value,
                    suggestion: near,
                },
            };
            check.push(file, k.span, msg);
        }
        unknown
    }

    /// True when no plan defines `r` (reported only when every plan parsed).
    pub(super) fn unknown_ref(&self, check: &mut Check<'_>, file: FileId, r: &Spanned<Id>) -> bool {
        let unknown = is_unknown_ref(self, r);
        if unknown && self.report_unknown {
            let (value, suggestion) = suggest(&r.value.0, &self.sorted_refs);
            let title = suggestion
                .as_ref()
                .and_then(|s| self.ref_titles.get(s))
                .cloned();
            check.push(
                file,
                r.span,
                Msg::UnknownRef {
                    value,
                    suggestion,
                    title,
                },
            );
        }
        unknown
    }
}

/// The unknown name, and the known one closest to it.
fn suggest<'a>(
    value: &str,
    known: impl IntoIterator<Item = &'a String>,
) -> (String, Option<String>) {
    let suggestion = closest(value, known.into_iter().map(String::as_str));
    (value.to_owned(), suggestion)
}

/// Units, kinds, starts and the term that plan entries rely on; an entry with
/// such an error is marked flawed (its own findings are dropped).
pub(super) fn plan_refs(check: &mut Check<'_>, repo: &mut Repository, names: &Names) {
    let term_ok = repo.config.term.is_some() || !repo.config_ok;
    for doc in &mut repo.plans {
        let mut flaws: Vec<Span> = Vec::new();
        let file = doc.file;
        if let Some(h) = &doc.plan.plan {
            for k in &h.requires {
                names.unknown_kind(check, file, k);
            }
        }
        for u in &doc.plan.units {
            if let Some(parent) = &u.parent
                && names.unknown_unit(check, file, parent)
            {
                flaws.push(u.id.span);
            }
        }
        let plan_start = doc.start;
        let check_obligation = |check: &mut Check<'_>, ob: &Obligation| -> bool {
            let mut bad = false;
            if let Some(k) = &ob.kind {
                bad |= names.unknown_kind(check, file, k);
            }
            if plan_start.is_none() && ob.from.is_none() {
                check.push(file, ob.id.span, Msg::MissingStart);
                bad = true;
            }
            if let Some(w) = &ob.within
                && w.value == Within::Term
                && !term_ok
            {
                check.push(file, w.span, Msg::NoTerm);
                bad = true;
            }
            for sel in [&ob.who, &ob.cover].into_iter().flatten() {
                bad |= super::selectors::unknown_units(check, names, file, sel);
            }
            bad
        };
        for pt in &doc.plan.points {
            let mut bad = false;
            for u in pt
                .lead
                .iter()
                .chain(&pt.support)
                .chain(pt.duties.iter().map(|d| &d.unit))
            {
                bad |= names.unknown_unit(check, file, u);
            }
            if bad {
                flaws.push(pt.id.span);
            }
            for ob in &pt.obligations {
                if check_obligation(check, ob) {
                    flaws.push(ob.id.span);
                }
            }
        }
        for ob in &doc.plan.obligations {
            if check_obligation(check, ob) {
                flaws.push(ob.id.span);
            }
        }
        for cl in &doc.plan.checklists {
            if super::selectors::unknown_units(check, names, file, &cl.applies_to) {
                flaws.push(cl.id.span);
            }
            let no_start = plan_start.is_none();
            for it in &cl.items {
                if it.every.is_some() && no_start {
                    check.push(file, it.id.span, Msg::MissingStart);
                    flaws.push(it.id.span);
                }
            }
        }
        doc.flawed.extend(flaws);
    }
}

/// A ledger's unit is registered and matches its file name; its records and
/// items name known refs, kinds and target units.
pub(super) fn ledger_refs(
    check: &mut Check<'_>,
    names: &Names,
    file: FileId,
    stem: &str,
    d: &DecodedLedger,
) {
    // `units/宣传部.yaml` holding `unit: xcbu` (registered): the file is
    // misnamed, and one message saying to rename it says all.
    let unit_registered = d
        .unit
        .as_ref()
        .is_some_and(|u| names.units.contains(&u.value.0));
    if names.report_unknown && !names.units.contains(stem) && !unit_registered {
        let span = d
            .unit
            .as_ref()
            .map(|u| u.span)
            .or(d.first_key)
            .unwrap_or_default();
        // Every id as close as the closest (`zbb`: `zxb` and `zzb`), so the
        // clerk picks rather than the tool; each with its name to confirm it.
        let close = closest_all(stem, names.sorted_units.iter().map(String::as_str))
            .into_iter()
            .map(|id| CloseUnit {
                name: names.unit_names.get(&id).cloned().unwrap_or_default(),
                ledger: names.ledger_stems.get(&id).cloned(),
                id,
            })
            .collect();
        check.push(
            file,
            span,
            Msg::UnregisteredLedger {
                file: check.sources.get(file).path.clone(),
                stem: stem.to_owned(),
                close,
            },
        );
    }
    if let Some(u) = &d.unit
        && u.value.0 != stem
    {
        let rename = unit_registered && !names.units.contains(stem);
        check.push(
            file,
            u.span,
            Msg::UnitMismatch {
                unit: u.value.0.as_str().to_owned(),
                stem: stem.to_owned(),
                rename_taken: rename.then(|| names.ledger_stems.contains_key(&u.value.0)),
            },
        );
    }
    for r in &d.records {
        names.unknown_ref(check, file, &r.ref_);
        names.unknown_kind(check, file, &r.kind);
        for t in r.all_targets() {
            names.unknown_unit(check, file, t);
        }
    }
    for it in &d.items {
        names.unknown_ref(check, file, &it.ref_);
    }
    for p in &d.partial {
        if let Some(r) = &p.ref_ {
            names.unknown_ref(check, file, r);
        }
        if let Some(k) = &p.kind {
            names.unknown_kind(check, file, k);
        }
        for t in &p.targets {
            names.unknown_unit(check, file, t);
        }
    }
}

/// True when a ref is unknown, without reporting it (the caller's pass did).
pub(super) fn is_unknown_ref(names: &Names, r: &Spanned<Id>) -> bool {
    !names.refs.contains(r.value.0.as_str())
}
