//! Meaning: resolve references across files and check the rules that need the
//! whole repository (registered units, known refs and kinds, date order, ids
//! unique in their namespace, selectors that match someone).
//!
//! Input is the per-file decode results; output is the [`Repository`] the
//! evaluator reads, with entries that carry errors marked so their findings are
//! dropped (spec §7: "a plan entry with an error keeps its id defined, but its
//! own findings are dropped"; "a unit whose ledger file has an error gets no
//! findings"). All lookups are hash maps: cost is linear in the entries.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::dates::{Date, iso};
use crate::decode::{Defined, Space};
use crate::diag::{Diagnostic, Severity};
use crate::messages::{DateWhat, Msg, Order};
use crate::model::*;
use crate::source::{FileId, SourceMap, Span};
use crate::suggest::closest;

/// A plan file after validation.
#[derive(Debug)]
pub struct PlanDoc {
    pub file: FileId,
    pub plan: PlanFile,
    /// The file's start (`start`, else `issued`).
    pub start: Option<Date>,
    pub end: Option<Date>,
    /// Id spans of entries whose own findings are dropped.
    pub flawed: HashSet<Span>,
}

impl PlanDoc {
    pub fn is_flawed(&self, id: &Spanned<Id>) -> bool {
        self.flawed.contains(&id.span)
    }
}

/// A unit ledger after validation.
#[derive(Debug)]
pub struct LedgerDoc {
    pub file: FileId,
    pub unit: String,
    pub clerk: Option<String>,
    pub records: Vec<Record>,
    pub items: Vec<Item>,
    /// The file has an error: the unit's state is unknown, so it gets no findings.
    pub flawed: bool,
}

/// What a record's `ref` may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefTarget {
    Point {
        plan: usize,
        point: usize,
    },
    ChecklistItem {
        plan: usize,
        checklist: usize,
        item: usize,
    },
    Obligation {
        plan: usize,
        obligation: usize,
    },
}

#[derive(Debug, Default)]
pub struct Repository {
    pub config: Config,
    /// `ledger.toml` parsed (when not, defaults apply and `no-term` is not reported).
    pub config_ok: bool,
    pub plans: Vec<PlanDoc>,
    /// Ledgers by file stem (which is the unit id when registered).
    pub ledgers: BTreeMap<String, LedgerDoc>,
    /// Registered units, by id: (plan index, unit index).
    pub units: HashMap<String, (usize, usize)>,
    pub refs: HashMap<String, RefTarget>,
    /// A plan file could not be parsed at all: no findings this run.
    pub findings_blocked: bool,
    pub kinds: Vec<String>,
}

impl Repository {
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        let &(p, u) = self.units.get(id)?;
        self.plans.get(p)?.plan.units.get(u)
    }

    pub fn unit_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.unit(id).map_or(id, |u| u.name.value.as_str())
    }

    pub fn point(&self, id: &str) -> Option<(&PlanDoc, &Point)> {
        match self.refs.get(id)? {
            RefTarget::Point { plan, point } => {
                let doc = self.plans.get(*plan)?;
                Some((doc, doc.plan.points.get(*point)?))
            }
            _ => None,
        }
    }

    pub fn due_soon_days(&self) -> i64 {
        self.config
            .check
            .due_soon_days
            .as_ref()
            .map_or(30, |d| i64::from(d.value))
    }

    /// Sorted unit ids carrying at least one of `tags`.
    pub fn units_with_tags(&self, tags: &[Spanned<String>]) -> BTreeSet<String> {
        let wanted: HashSet<&str> = tags.iter().map(|t| t.value.as_str()).collect();
        self.plans
            .iter()
            .flat_map(|p| p.plan.units.iter())
            .filter(|u| {
                self.units.contains_key(&u.id.value.0)
                    && u.tags.iter().any(|t| wanted.contains(t.value.as_str()))
            })
            .map(|u| u.id.value.0.clone())
            .collect()
    }
}

/// One decoded plan file, as handed to validation.
pub struct PlanInput {
    pub file: FileId,
    /// `None` when the file could not be parsed at all.
    pub decoded: Option<crate::decode::DecodedPlan>,
}

pub struct LedgerInput {
    pub file: FileId,
    pub stem: String,
    /// `None` when the file could not be parsed at all.
    pub decoded: Option<crate::decode::DecodedLedger>,
}

pub struct Inputs {
    pub config: Option<(FileId, Config)>,
    pub config_ok: bool,
    pub plans: Vec<PlanInput>,
    pub ledgers: Vec<LedgerInput>,
}

struct Check<'a> {
    sources: &'a SourceMap,
    diags: &'a mut Vec<Diagnostic>,
}

impl Check<'_> {
    fn push(&mut self, file: FileId, span: Span, msg: Msg) {
        self.diags.push(Diagnostic::new(file, span, msg));
    }

    fn line(&self, file: FileId, span: Span) -> usize {
        self.sources.get(file).line_of(span.start as usize)
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
                    },
                );
                dups.insert((file, d.id.span));
            }
        }
    }
    dups
}

pub fn validate(
    inputs: Inputs,
    sources: &SourceMap,
    as_of: Date,
    diags: &mut Vec<Diagnostic>,
) -> Repository {
    let mut check = Check { sources, diags };
    let mut repo = Repository {
        config_ok: inputs.config_ok,
        ..Repository::default()
    };
    if let Some((_, c)) = inputs.config {
        repo.config = c;
    }
    repo.kinds = DEFAULT_KINDS
        .iter()
        .map(|(k, _)| (*k).to_owned())
        .chain(repo.config.check.kinds.iter().map(|k| k.value.0.clone()))
        .collect();
    let kinds: HashSet<String> = repo.kinds.iter().cloned().collect();

    // Plans: namespaces first, so every later lookup sees every definition.
    repo.findings_blocked = inputs.plans.iter().any(|p| p.decoded.is_none());
    let mut plan_defs = Vec::new();
    for p in &inputs.plans {
        if let Some(d) = &p.decoded {
            plan_defs.extend(d.defined.iter().cloned().map(|d| (p.file, d)));
        }
    }
    let plan_dups = find_duplicates(&mut check, plan_defs.iter().cloned());
    let defined_units: HashSet<String> = plan_defs
        .iter()
        .filter(|(_, d)| d.space == Space::Unit)
        .map(|(_, d)| d.id.value.clone())
        .collect();
    let defined_refs: HashSet<String> = plan_defs
        .iter()
        .filter(|(_, d)| d.space == Space::Ref)
        .map(|(_, d)| d.id.value.clone())
        .collect();
    let report_unknown = !repo.findings_blocked;

    for p in inputs.plans {
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
        let idx = repo.plans.len();
        for (i, u) in doc.plan.units.iter().enumerate() {
            if !plan_dups.contains(&(p.file, u.id.span)) {
                repo.units.entry(u.id.value.0.clone()).or_insert((idx, i));
            }
        }
        for (i, pt) in doc.plan.points.iter().enumerate() {
            if !plan_dups.contains(&(p.file, pt.id.span)) {
                repo.refs
                    .entry(pt.id.value.0.clone())
                    .or_insert(RefTarget::Point {
                        plan: idx,
                        point: i,
                    });
            }
        }
        for (c, cl) in doc.plan.checklists.iter().enumerate() {
            for (i, it) in cl.items.iter().enumerate() {
                if !plan_dups.contains(&(p.file, it.id.span)) {
                    repo.refs
                        .entry(it.id.value.0.clone())
                        .or_insert(RefTarget::ChecklistItem {
                            plan: idx,
                            checklist: c,
                            item: i,
                        });
                }
            }
        }
        for (i, ob) in doc.plan.obligations.iter().enumerate() {
            if !plan_dups.contains(&(p.file, ob.id.span)) {
                repo.refs
                    .entry(ob.id.value.0.clone())
                    .or_insert(RefTarget::Obligation {
                        plan: idx,
                        obligation: i,
                    });
            }
        }
        repo.plans.push(doc);
    }

    // Plan meaning: units, kinds, selectors, term, start.
    let mut sorted_units: Vec<&str> = defined_units.iter().map(String::as_str).collect();
    sorted_units.sort_unstable();
    let term_ok = repo.config.term.is_some() || !repo.config_ok;
    for pi in 0..repo.plans.len() {
        let mut flaws: Vec<Span> = Vec::new();
        let doc = &repo.plans[pi];
        let file = doc.file;
        let unknown_unit = |check: &mut Check<'_>, u: &Spanned<UnitId>| -> bool {
            if defined_units.contains(&u.value.0) || !report_unknown {
                return false;
            }
            check.push(
                file,
                u.span,
                Msg::UnknownUnit {
                    value: u.value.0.clone(),
                    suggestion: closest(&u.value.0, sorted_units.iter().copied()),
                },
            );
            true
        };
        let unknown_kind = |check: &mut Check<'_>, k: &Spanned<Id>| -> bool {
            if kinds.contains(&k.value.0) {
                return false;
            }
            check.push(
                file,
                k.span,
                Msg::UnknownKind {
                    value: k.value.0.clone(),
                    suggestion: closest(&k.value.0, kinds.iter().map(String::as_str)),
                },
            );
            true
        };
        if let Some(h) = &doc.plan.plan {
            for k in &h.requires {
                unknown_kind(&mut check, k);
            }
        }
        for u in &doc.plan.units {
            if let Some(parent) = &u.parent
                && unknown_unit(&mut check, parent)
            {
                flaws.push(u.id.span);
            }
        }
        let plan_start = doc.start;
        let check_obligation = |check: &mut Check<'_>, ob: &Obligation| -> bool {
            let mut bad = false;
            if let Some(k) = &ob.kind {
                bad |= unknown_kind(check, k);
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
                bad |= check_selector(check, sel, &unknown_unit);
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
                bad |= unknown_unit(&mut check, u);
            }
            if bad {
                flaws.push(pt.id.span);
            }
            for ob in &pt.obligations {
                if check_obligation(&mut check, ob) {
                    flaws.push(ob.id.span);
                }
            }
        }
        for ob in &doc.plan.obligations {
            if check_obligation(&mut check, ob) {
                flaws.push(ob.id.span);
            }
        }
        for cl in &doc.plan.checklists {
            if check_selector(&mut check, &cl.applies_to, &unknown_unit) {
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
        repo.plans[pi].flawed.extend(flaws);
    }
    // Selectors need the tags of registered units: resolve the empty ones now.
    let empties = empty_selectors(&repo);
    for (file, span, key, support) in empties {
        let msg = if support {
            Msg::NoSupportUnits
        } else {
            Msg::EmptySelector { key }
        };
        check.push(file, span, msg);
    }

    // Ledgers.
    let mut ref_names: Vec<&str> = defined_refs.iter().map(String::as_str).collect();
    ref_names.sort_unstable();
    // Files with an error so far (decode errors were merged in before validation).
    // A ledger's own errors below are pushed while it is checked, so each ledger
    // looks only at its own new diagnostics, not at every diagnostic of the run
    // (which made this loop files × diagnostics).
    let erroneous: HashSet<FileId> = check
        .diags
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .filter_map(|d| d.file)
        .collect();
    for l in inputs.ledgers {
        let file = l.file;
        let first_new = check.diags.len();
        let Some(d) = l.decoded else {
            repo.ledgers.insert(
                l.stem.clone(),
                LedgerDoc {
                    file,
                    unit: l.stem,
                    clerk: None,
                    records: Vec::new(),
                    items: Vec::new(),
                    flawed: true,
                },
            );
            continue;
        };
        if report_unknown && !defined_units.contains(&l.stem) {
            let span = d
                .unit
                .as_ref()
                .map(|u| u.span)
                .or(d.first_key)
                .unwrap_or_default();
            check.push(
                file,
                span,
                Msg::UnregisteredLedger {
                    stem: l.stem.clone(),
                    suggestion: closest(&l.stem, sorted_units.iter().copied()),
                },
            );
        }
        if let Some(u) = &d.unit
            && u.value.0 != l.stem
        {
            check.push(
                file,
                u.span,
                Msg::UnitMismatch {
                    unit: u.value.0.clone(),
                    stem: l.stem.clone(),
                },
            );
        }
        let future = |check: &mut Check<'_>, what: DateWhat, dt: &Spanned<Date>| {
            if dt.value > as_of {
                check.push(
                    file,
                    dt.span,
                    Msg::FutureDate {
                        what,
                        date: iso(dt.value),
                        as_of: iso(as_of),
                    },
                );
            }
        };
        let unknown_ref = |check: &mut Check<'_>, r: &Spanned<Id>| -> bool {
            if defined_refs.contains(&r.value.0) {
                return false;
            }
            if report_unknown {
                check.push(
                    file,
                    r.span,
                    Msg::UnknownRef {
                        value: r.value.0.clone(),
                        suggestion: closest(&r.value.0, ref_names.iter().copied()),
                    },
                );
            }
            true
        };
        for r in &d.records {
            unknown_ref(&mut check, &r.ref_);
            if !kinds.contains(&r.kind.value.0) {
                check.push(
                    file,
                    r.kind.span,
                    Msg::UnknownKind {
                        value: r.kind.value.0.clone(),
                        suggestion: closest(&r.kind.value.0, kinds.iter().map(String::as_str)),
                    },
                );
            }
            if report_unknown {
                for t in r.all_targets() {
                    if !defined_units.contains(&t.value.0) {
                        check.push(
                            file,
                            t.span,
                            Msg::UnknownUnit {
                                value: t.value.0.clone(),
                                suggestion: closest(&t.value.0, sorted_units.iter().copied()),
                            },
                        );
                    }
                }
            }
            future(&mut check, DateWhat::RecordDate, &r.date);
            if let Some(v) = &r.void {
                void_order(&mut check, file, v, &r.date);
                future(&mut check, DateWhat::VoidDate, &v.date);
            }
        }
        for it in &d.items {
            let ref_unknown = unknown_ref(&mut check, &it.ref_);
            future(&mut check, DateWhat::Opened, &it.opened);
            if let Some(c) = &it.closed {
                if c.value < it.opened.value {
                    check.push(
                        file,
                        c.span,
                        Msg::DateOrder(Order::ClosedBeforeOpened {
                            closed: iso(c.value),
                            opened: iso(it.opened.value),
                        }),
                    );
                }
                future(&mut check, DateWhat::Closed, c);
            }
            if let Some(v) = &it.void {
                void_order(&mut check, file, v, &it.opened);
                future(&mut check, DateWhat::VoidDate, &v.date);
            }
            let default_due = repo.point(&it.ref_.value.0).and_then(|(_, p)| {
                p.deadline
                    .as_ref()
                    .and_then(|dl| dl.value.add_to(it.opened.value))
            });
            let mut current = it.due.as_ref().map(|d| d.value).or(default_due);
            if current.is_none() && !ref_unknown {
                check.push(
                    file,
                    it.id.span,
                    Msg::NoDue {
                        item: it.id.value.0.clone(),
                    },
                );
            }
            let mut prev_date: Option<Date> = None;
            for e in &it.extensions {
                if let Some(p) = prev_date
                    && e.date.value < p
                {
                    check.push(
                        file,
                        e.date.span,
                        Msg::DateOrder(Order::ExtensionsOutOfOrder {
                            date: iso(e.date.value),
                            previous: iso(p),
                        }),
                    );
                }
                if let Some(c) = current
                    && e.due.value <= c
                {
                    check.push(
                        file,
                        e.due.span,
                        Msg::DateOrder(Order::ExtensionNotLater {
                            due: iso(e.due.value),
                            previous: iso(c),
                        }),
                    );
                }
                future(&mut check, DateWhat::ExtensionDate, &e.date);
                prev_date = Some(e.date.value);
                current = Some(e.due.value);
            }
            for p in &it.progress {
                future(&mut check, DateWhat::ProgressDate, &p.date);
            }
        }
        let flawed = erroneous.contains(&file) || count_errors(&check.diags[first_new..], file) > 0;
        repo.ledgers.insert(
            l.stem.clone(),
            LedgerDoc {
                file,
                unit: l.stem,
                clerk: d.clerk.map(|c| c.value),
                records: d.records,
                items: d.items,
                flawed,
            },
        );
    }
    repo
}

fn count_errors(diags: &[Diagnostic], file: FileId) -> usize {
    diags
        .iter()
        .filter(|d| d.file == Some(file) && d.severity() == Severity::Error)
        .count()
}

fn void_order(check: &mut Check<'_>, file: FileId, v: &Void, date: &Spanned<Date>) {
    if v.date.value < date.value {
        check.push(
            file,
            v.date.span,
            Msg::DateOrder(Order::VoidBeforeDate {
                void: iso(v.date.value),
                date: iso(date.value),
            }),
        );
    }
}

/// Unknown units named by a selector; true when any.
fn check_selector(
    check: &mut Check<'_>,
    sel: &Spanned<Selector>,
    unknown_unit: &dyn Fn(&mut Check<'_>, &Spanned<UnitId>) -> bool,
) -> bool {
    let mut bad = false;
    if let Selector::Units(us) = &sel.value {
        for u in us {
            bad |= unknown_unit(check, u);
        }
    }
    bad
}

/// Selectors that match no registered unit: (file, span, key, is `who: support`).
fn empty_selectors(repo: &Repository) -> Vec<(FileId, Span, &'static str, bool)> {
    let mut out = Vec::new();
    let resolver = crate::select::Resolver::new(repo);
    for doc in &repo.plans {
        for cl in &doc.plan.checklists {
            if resolver.resolve(&cl.applies_to.value, doc, None).is_empty() {
                out.push((doc.file, cl.applies_to.span, "applies_to", false));
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
                    let support = key == "who" && sel.value == Selector::Support;
                    out.push((doc.file, sel.span, key, support));
                }
            }
        }
    }
    out
}
