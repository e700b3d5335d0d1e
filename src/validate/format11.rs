//! Format 1.1's rules that need the whole registry (docs/format.md §1.1.12):
//! groups and reported bodies, people and roles, `besides`, `after`, own
//! terms, record keys naming people and obligations, and draws recomputed.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::{Check, Names, RefTarget, Repository};
use crate::dates::{Date, Share};
use crate::decode::DecodedLedger;
use crate::messages::{DateWhat, DrawProblem, F11, Msg, NoLedgerKind};
use crate::model::*;
use crate::sample::{self, Seed};
use crate::select::{Chosen, Position, Resolver};
use crate::source::{FileId, Span};
use crate::suggest::closest;

fn no_ledger_kind(u: &Unit) -> Option<NoLedgerKind> {
    if u.members.is_some() {
        Some(NoLedgerKind::Group)
    } else if u.reported_by.is_some() {
        Some(NoLedgerKind::Reported)
    } else {
        None
    }
}

impl Names {
    fn unknown_person(&self, check: &mut Check<'_>, file: FileId, p: &Spanned<Id>) -> bool {
        let unknown = self.report_unknown && !self.people.contains(p.value.0.as_str());
        if unknown {
            let suggestion = closest(&p.value.0, self.sorted_people.iter().map(String::as_str));
            check.push(
                file,
                p.span,
                Msg::F11(F11::UnknownPerson {
                    value: p.value.0.as_str().to_owned(),
                    suggestion,
                }),
            );
        }
        unknown
    }
}

fn unknown_role(
    check: &mut Check<'_>,
    repo_roles: &[String],
    file: FileId,
    r: &Spanned<Id>,
) -> bool {
    let unknown = !repo_roles.iter().any(|role| *role == r.value.0);
    if unknown {
        check.push(
            file,
            r.span,
            Msg::F11(F11::UnknownRole {
                value: r.value.0.as_str().to_owned(),
                suggestion: closest(&r.value.0, repo_roles.iter().map(String::as_str)),
            }),
        );
    }
    unknown
}

/// Unknown units, people and roles a 1.1 selector names; true when any.
fn selector_names(
    check: &mut Check<'_>,
    names: &Names,
    roles: &[String],
    file: FileId,
    sel: &Spanned<Selector>,
) -> bool {
    let mut bad = false;
    match &sel.value {
        Selector::Units(us) => {
            for u in us {
                bad |= names.unknown_unit(check, file, u);
            }
        }
        Selector::People(ps) => {
            for p in ps {
                bad |= names.unknown_person(check, file, p);
            }
        }
        Selector::Roles { roles: rs, within } => {
            for r in rs {
                bad |= unknown_role(check, roles, file, r);
            }
            if let Some(w) = within {
                bad |= selector_names(check, names, roles, file, w);
            }
        }
        _ => {}
    }
    bad
}

/// The plans' 1.1 entries, checked against the registry; entries with an
/// error are marked flawed (their findings are dropped).
pub(super) fn plan_checks(check: &mut Check<'_>, repo: &mut Repository, names: &Names) {
    let roles = repo.roles.clone();
    let mut flaws: Vec<(usize, Span)> = Vec::new();
    for (di, doc) in repo.plans.iter().enumerate() {
        let file = doc.file;
        for u in &doc.plan.units {
            let mut bad = false;
            for s in &u.supervises {
                bad |= selector_names(check, names, &roles, file, s);
            }
            for s in u.members.iter().flatten() {
                bad |= selector_names(check, names, &roles, file, s);
                if let Selector::Units(ids) = &s.value {
                    for id in ids {
                        bad |= not_ordinary(check, repo, file, id, "members");
                    }
                }
            }
            if let Some(r) = &u.reported_by {
                if r.value == u.id.value {
                    check.push(file, r.span, Msg::F11(F11::ReportedBySelf));
                    bad = true;
                } else {
                    bad |= names.unknown_unit(check, file, r)
                        || not_ordinary(check, repo, file, r, "reported_by");
                }
            }
            if bad {
                flaws.push((di, u.id.span));
            }
        }
        for p in &doc.plan.people {
            let mut bad = names.unknown_unit(check, file, &p.unit);
            if !bad
                && repo
                    .unit(&p.unit.value.0)
                    .is_some_and(|u| u.members.is_some())
            {
                check.push(
                    file,
                    p.unit.span,
                    Msg::F11(F11::PersonInGroup {
                        unit: p.unit.value.0.as_str().to_owned(),
                    }),
                );
                bad = true;
            }
            for r in &p.roles {
                bad |= unknown_role(check, &roles, file, r);
            }
            if bad {
                flaws.push((di, p.id.span));
            }
        }
        for rule in &doc.plan.deadlines {
            if let Some(r) = &rule.ref_
                && names.unknown_ref(check, file, r)
            {
                flaws.push((di, rule.id.span));
            }
        }
        for cl in &doc.plan.checklists {
            if selector_names(check, names, &roles, file, &cl.applies_to) {
                flaws.push((di, cl.id.span));
            }
        }
        let mut obligations: Vec<(&Obligation, Option<&Point>)> =
            doc.plan.obligations.iter().map(|o| (o, None)).collect();
        for p in &doc.plan.points {
            let mut bad = false;
            for s in p.lead_sets.iter().chain(&p.support_sets) {
                bad |= selector_names(check, names, &roles, file, s);
            }
            if bad {
                flaws.push((di, p.id.span));
            }
            obligations.extend(p.obligations.iter().map(|o| (o, Some(p))));
        }
        for (ob, point) in obligations {
            let mut bad = false;
            for sel in [&ob.who, &ob.cover].into_iter().flatten() {
                if sel.value.is_people() || sel.value.is_relative() {
                    bad |= selector_names(check, names, &roles, file, sel);
                }
            }
            if let Some(a) = &ob.after {
                if let Some(r) = &a.value.ref_ {
                    bad |= names.unknown_ref(check, file, r);
                }
                bad |= names.unknown_kind(check, file, &a.value.kind);
                for r in &a.value.roles {
                    bad |= unknown_role(check, &roles, file, r);
                }
            }
            if let Some(b) = &ob.besides {
                let siblings: Vec<&Obligation> = match point {
                    Some(p) => p.obligations.iter().collect(),
                    None => doc.plan.obligations.iter().collect(),
                };
                let samples: Vec<&str> = siblings
                    .iter()
                    .filter(|o| o.is_sample() && o.id.value != ob.id.value)
                    .map(|o| o.id.value.0.as_str())
                    .collect();
                if b.value != ob.id.value && !samples.contains(&b.value.0.as_str()) {
                    check.push(
                        file,
                        b.span,
                        Msg::F11(F11::BesidesUnknown {
                            value: b.value.0.as_str().to_owned(),
                            suggestion: closest(&b.value.0, samples.iter().copied()),
                        }),
                    );
                    bad = true;
                } else if besides_cycle(ob, &siblings) {
                    check.push(file, b.span, Msg::F11(F11::BesidesItself));
                    bad = true;
                }
            }
            if bad {
                flaws.push((di, ob.id.span));
            }
        }
    }
    for (di, span) in flaws {
        if let Some(doc) = repo.plans.get_mut(di) {
            doc.flawed.insert(span);
        }
    }
    own_terms(check, repo);
}

/// A unit named where only a unit keeping its own ledger may stand (a
/// group's member, a `reported_by`): reported when it keeps none.
fn not_ordinary(
    check: &mut Check<'_>,
    repo: &Repository,
    file: FileId,
    id: &Spanned<UnitId>,
    key: &'static str,
) -> bool {
    let Some(kind) = repo.unit(&id.value.0).and_then(no_ledger_kind) else {
        return false;
    };
    check.push(
        file,
        id.span,
        Msg::F11(F11::NotOrdinary {
            unit: id.value.0.clone(),
            kind,
            key,
        }),
    );
    true
}

/// Following `besides` from `ob` comes back to `ob`.
fn besides_cycle(ob: &Obligation, siblings: &[&Obligation]) -> bool {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut at = ob;
    while let Some(b) = &at.besides {
        if !seen.insert(at.id.value.0.as_str()) {
            return true;
        }
        match siblings.iter().find(|o| o.id.value == b.value) {
            Some(next) if next.id.value == ob.id.value => return true,
            Some(next) => at = next,
            None => return false,
        }
    }
    false
}

/// `within: own-term`: every target must have an own term somewhere.
fn own_terms(check: &mut Check<'_>, repo: &mut Repository) {
    let mut flaws: Vec<(usize, Span)> = Vec::new();
    {
        let resolver = Resolver::new(repo);
        let repo_term = repo.config.term.is_some();
        for (di, doc) in repo.plans.iter().enumerate() {
            let mut obligations: Vec<(&Obligation, Option<&Point>)> =
                doc.plan.obligations.iter().map(|o| (o, None)).collect();
            for p in &doc.plan.points {
                obligations.extend(p.obligations.iter().map(|o| (o, Some(p))));
            }
            for (ob, point) in obligations {
                let (Some(w), Some(cover)) = (&ob.within, &ob.cover) else {
                    continue;
                };
                if w.value != Within::OwnTerm || repo_term {
                    continue;
                }
                let parties: Vec<Option<String>> = if cover.value.is_relative() {
                    party_units(&resolver, doc, point, ob)
                        .into_iter()
                        .map(Some)
                        .collect()
                } else {
                    vec![None]
                };
                let mut missing: Option<String> = None;
                for party in &parties {
                    match resolver.choose(
                        &cover.value,
                        doc,
                        point,
                        party.as_deref(),
                        Position::Target,
                        None,
                    ) {
                        Chosen::Units(us) => {
                            missing = us
                                .into_iter()
                                .find(|u| repo.unit(u).is_none_or(|u| u.term.is_none()));
                        }
                        Chosen::People(ps) => {
                            missing = ps
                                .into_iter()
                                .find(|p| own_term(repo, p).is_none())
                                .map(|p| p.id.value.0.as_str().to_owned());
                        }
                    }
                    if missing.is_some() {
                        break;
                    }
                }
                if let Some(target) = missing {
                    check.push(doc.file, w.span, Msg::F11(F11::NoOwnTerm { target }));
                    flaws.push((di, ob.id.span));
                }
            }
        }
    }
    for (di, span) in flaws {
        if let Some(doc) = repo.plans.get_mut(di) {
            doc.flawed.insert(span);
        }
    }
}

/// A person's own term (§1.1.4): `term`, else `[from, until]`, else the
/// unit's term, else the repository's.
pub fn own_term(repo: &Repository, p: &Person) -> Option<(Date, Date)> {
    if let Some(t) = &p.term {
        return Some((t.start.value, t.end.value));
    }
    if let (Some(f), Some(u)) = (&p.from, &p.until) {
        return Some((f.value, u.value));
    }
    unit_term(repo, &p.unit.value.0)
}

/// A unit's own term: its `term`, else the repository's.
pub fn unit_term(repo: &Repository, unit: &str) -> Option<(Date, Date)> {
    repo.unit(unit)
        .and_then(|u| u.term.as_ref())
        .or(repo.config.term.as_ref())
        .map(|t| (t.start.value, t.end.value))
}

/// The units an obligation binds (its `who`, default `lead` on a point),
/// when they are units.
pub(crate) fn party_units(
    resolver: &Resolver<'_>,
    doc: &super::PlanDoc,
    point: Option<&Point>,
    ob: &Obligation,
) -> BTreeSet<String> {
    match &ob.who {
        Some(w) if w.value.is_people() => BTreeSet::new(),
        Some(w) => resolver.resolve(&w.value, doc, point),
        None => resolver.resolve(&Selector::Lead, doc, point),
    }
}

/// A ledger's 1.1 keys: people named, `obligation`, targets that are groups,
/// and a ledger kept for a unit that keeps none.
pub(super) fn ledger_checks(
    check: &mut Check<'_>,
    repo: &Repository,
    names: &Names,
    file: FileId,
    d: &DecodedLedger,
) {
    if let Some(u) = &d.unit
        && let Some(unit) = repo.unit(&u.value.0)
        && let Some(kind) = no_ledger_kind(unit)
    {
        check.push(
            file,
            u.span,
            Msg::F11(F11::LedgerOfNoLedgerUnit {
                unit: u.value.0.as_str().to_owned(),
                kind,
                keeper: unit
                    .reported_by
                    .as_ref()
                    .map(|r| r.value.0.as_str().to_owned()),
            }),
        );
    }
    for r in &d.records {
        if let Some(a) = &r.about() {
            for p in a.named().chain(a.by.iter()) {
                names.unknown_person(check, file, p);
            }
            if let Some(o) = &a.obligation {
                record_obligation(check, repo, file, &r.ref_, o);
            }
        }
        for t in r.all_targets() {
            if repo.unit(&t.value.0).is_some_and(|u| u.members.is_some()) {
                check.push(
                    file,
                    t.span,
                    Msg::F11(F11::GroupAsTarget {
                        unit: t.value.0.as_str().to_owned(),
                    }),
                );
            }
        }
    }
    for p in &d.partial {
        for person in &p.people {
            names.unknown_person(check, file, person);
        }
    }
}

fn record_obligation(
    check: &mut Check<'_>,
    repo: &Repository,
    file: FileId,
    ref_: &Spanned<Id>,
    o: &Spanned<Id>,
) {
    match repo.refs.get(ref_.value.0.as_str()) {
        Some(RefTarget::Point { .. }) => {
            let Some((_, point)) = repo.point(&ref_.value.0) else {
                return;
            };
            if !point.obligations.iter().any(|ob| ob.id.value == o.value) {
                check.push(
                    file,
                    o.span,
                    Msg::F11(F11::UnknownObligation {
                        value: o.value.0.as_str().to_owned(),
                        point: ref_.value.0.as_str().to_owned(),
                        suggestion: closest(
                            &o.value.0,
                            point.obligations.iter().map(|ob| ob.id.value.0.as_str()),
                        ),
                    }),
                );
            }
        }
        Some(_) if o.value != ref_.value => check.push(
            file,
            o.span,
            Msg::F11(F11::ObligationNotRef {
                value: o.value.0.as_str().to_owned(),
                ref_: ref_.value.0.as_str().to_owned(),
            }),
        ),
        // An unknown ref is reported at the ref.
        _ => {}
    }
}

/// Every ledger's draws (§1.1.8, §1.1.11): each names a sample obligation
/// binding the ledger's unit, a window of it, registered targets, once; and
/// is the draw the register gives as of its date. A ledger with an error here
/// is not evaluated.
pub(super) fn draw_checks(check: &mut Check<'_>, repo: &mut Repository, as_of: Date) {
    let mut flawed: Vec<String> = Vec::new();
    {
        let resolver = Resolver::new(repo);
        let pinned = repo.config.check.as_of.is_some();
        for (stem, ledger) in &repo.ledgers {
            if ledger.samples.is_empty() {
                continue;
            }
            let file = ledger.file;
            let before = errors(check);
            let mut seen: HashMap<(String, String, String), Span> = HashMap::new();
            for dr in &ledger.samples {
                let key = (
                    dr.ref_.value.0.as_str().to_owned(),
                    dr.obligation.value.0.as_str().to_owned(),
                    dr.period.value.clone(),
                );
                if let Some(first) = seen.get(&key) {
                    let first_line = check.line(file, *first);
                    check.push(
                        file,
                        dr.obligation.span,
                        Msg::DuplicateId {
                            id: format!("{}/{}/{}", key.0, key.1, key.2),
                            first_line,
                            first_file: None,
                        },
                    );
                    continue;
                }
                seen.insert(key, dr.obligation.span);
                if dr.date.value > as_of {
                    check.push(
                        file,
                        dr.date.span,
                        Msg::FutureDate {
                            what: DateWhat::DrawDate,
                            date: crate::dates::iso(dr.date.value),
                            as_of: crate::dates::iso(as_of),
                            pinned,
                        },
                    );
                }
                one_draw(check, repo, &resolver, stem, file, ledger, dr);
            }
            if errors(check) > before {
                flawed.push(stem.clone());
            }
        }
    }
    for stem in flawed {
        if let Some(l) = repo.ledgers.get_mut(&stem) {
            l.flawed = true;
        }
    }
}

fn errors(check: &Check<'_>) -> usize {
    check
        .diags
        .iter()
        .filter(|d| d.severity() == crate::diag::Severity::Error)
        .count()
}

fn one_draw(
    check: &mut Check<'_>,
    repo: &Repository,
    resolver: &Resolver<'_>,
    unit: &str,
    file: FileId,
    ledger: &super::LedgerDoc,
    dr: &Draw,
) {
    let owner = dr.ref_.value.0.as_str();
    let Some((doc, point, ob)) = repo.obligation(owner, &dr.obligation.value.0) else {
        if !repo.refs.contains_key(owner) {
            check.push(
                file,
                dr.ref_.span,
                Msg::UnknownRef {
                    value: owner.to_owned(),
                    suggestion: None,
                    title: None,
                },
            );
        } else {
            let candidates: Vec<String> = repo
                .point(owner)
                .map(|(_, p)| {
                    p.obligations
                        .iter()
                        .map(|o| o.id.value.0.as_str().to_owned())
                        .collect()
                })
                .unwrap_or_default();
            check.push(
                file,
                dr.obligation.span,
                Msg::F11(F11::UnknownObligation {
                    value: dr.obligation.value.0.as_str().to_owned(),
                    point: owner.to_owned(),
                    suggestion: closest(
                        &dr.obligation.value.0,
                        candidates.iter().map(String::as_str),
                    ),
                }),
            );
        }
        return;
    };
    let problem = |check: &mut Check<'_>, span: Span, p: DrawProblem| {
        check.push(file, span, Msg::F11(F11::Draw(p)));
    };
    let (Some(within), Some(share)) = (
        ob.within.as_ref().map(|w| w.value),
        Some(ob.share.as_ref().map_or(Share::FULL, |s| s.value)),
    ) else {
        return;
    };
    if !ob.is_sample() {
        problem(check, dr.obligation.span, DrawProblem::NotSample);
        return;
    }
    if !super::format11::party_units(resolver, doc, point, ob).contains(unit) {
        problem(
            check,
            dr.obligation.span,
            DrawProblem::NotParty {
                unit: unit.to_owned(),
            },
        );
        return;
    }
    if !sample::is_window(within, &dr.period.value) {
        problem(
            check,
            dr.period.span,
            DrawProblem::BadPeriod {
                value: dr.period.value.clone(),
                within: within.as_str(),
            },
        );
        return;
    }
    let people = ob.cover.as_ref().is_some_and(|c| c.value.is_people());
    let mut bad_target = false;
    for t in &dr.targets {
        let known = if people {
            repo.people.contains_key(t.value.0.as_str())
        } else {
            repo.units.contains_key(t.value.0.as_str())
        };
        if !known {
            let msg = if people {
                Msg::F11(F11::UnknownPerson {
                    value: t.value.0.as_str().to_owned(),
                    suggestion: None,
                })
            } else {
                Msg::UnknownUnit {
                    value: t.value.0.as_str().to_owned(),
                    suggestion: None,
                }
            };
            check.push(file, t.span, msg);
            bad_target = true;
        }
    }
    if bad_target {
        return;
    }
    let mut population = sample::population(resolver, doc, point, ob, unit, dr.date.value);
    if let Some(b) = &ob.besides {
        // A plan-wide obligation is its own owner, so the draw it excludes
        // has the other obligation's id as its `ref`.
        let b_owner = if point.is_some() {
            owner
        } else {
            b.value.0.as_str()
        };
        match ledger.samples.iter().find(|o| {
            o.ref_.value.0 == b_owner
                && o.obligation.value == b.value
                && o.period.value == dr.period.value
        }) {
            Some(other) => {
                for t in &other.targets {
                    population.remove(t.value.0.as_str());
                }
            }
            None => {
                problem(
                    check,
                    dr.obligation.span,
                    DrawProblem::BesidesMissing {
                        besides: b.value.0.as_str().to_owned(),
                    },
                );
                return;
            }
        }
    }
    let targets_span = dr.targets.first().map_or(dr.population.span, |t| {
        Span::new(
            t.span.start as usize,
            dr.targets.last().map_or(t.span.end, |l| l.span.end) as usize,
        )
    });
    if population.len() != dr.population.value as usize {
        problem(
            check,
            dr.population.span,
            DrawProblem::PopulationChanged {
                then: dr.population.value,
                now: population.len(),
            },
        );
        return;
    }
    let seed = Seed {
        plan: sample::plan_id(doc),
        owner,
        obligation: &ob.id.value.0,
        period: &dr.period.value,
        unit,
    };
    let expected = sample::draw(&seed, &population, share);
    let got: BTreeSet<&str> = dr.targets.iter().map(|t| t.value.0.as_str()).collect();
    let want: BTreeSet<&str> = expected.iter().map(String::as_str).collect();
    if got != want || got.len() != dr.targets.len() {
        problem(check, targets_span, DrawProblem::Mismatch { expected });
    }
}
