//! Meaning: resolve references across files and check the rules that need the
//! whole repository (registered units, known refs and kinds, date order, ids
//! unique in their namespace, selectors that match someone).
//!
//! Input is the per-file decode results; output is the [`Repository`] the
//! evaluator reads, with entries that carry errors marked so their findings are
//! dropped (spec §7: "a plan entry with an error keeps its id defined, but its
//! own findings are dropped"; "a unit whose ledger file has an error gets no
//! findings"). All lookups are hash maps: cost is linear in the entries.
//!
//! The passes, in order: [`registry`] (namespaces, duplicates, lookup tables),
//! [`refs`] (plans' units, kinds, starts and term), [`selectors`] (selectors
//! that match no one), then per ledger [`refs`] and [`dates`].

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::dates::Date;
use crate::diag::{Diagnostic, Severity};
use crate::messages::Msg;
use crate::model::*;
use crate::source::{FileId, SourceMap, Span};

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
    /// Draws of sample obligations (1.1).
    pub samples: Vec<Draw>,
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
    /// `format` of `ledger.toml`.
    pub format: FormatVersion,
    /// Registered people (1.1), by id: (plan index, person index).
    pub people: HashMap<String, (usize, usize)>,
    /// The role vocabulary (1.1): the defaults and `check.roles`.
    pub roles: Vec<String>,
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

    pub fn person(&self, id: &str) -> Option<&Person> {
        let &(p, i) = self.people.get(id)?;
        self.plans.get(p)?.plan.people.get(i)
    }

    /// How a person is shown: the name, else (a register of ids only) the id.
    pub fn person_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.person(id)
            .and_then(|p| p.name.as_ref())
            .map_or(id, |n| n.value.as_str())
    }

    /// What a 1.1 target, subject or party is called: a person's name (or
    /// id), else a unit's name (or id).
    pub fn who_name<'a>(&'a self, id: &'a str) -> &'a str {
        if self.person(id).is_some() {
            self.person_name(id)
        } else {
            self.unit_name(id)
        }
    }

    /// Every registered person (the first definition of each id).
    pub fn people(&self) -> impl Iterator<Item = &Person> {
        self.people.keys().filter_map(|id| self.person(id))
    }

    /// The obligation `id` of the owner `owner` (a point's obligation, or a
    /// plan-wide one whose id is the owner), with its plan and point.
    pub fn obligation(
        &self,
        owner: &str,
        id: &str,
    ) -> Option<(&PlanDoc, Option<&Point>, &Obligation)> {
        match self.refs.get(owner)? {
            RefTarget::Point { plan, point } => {
                let doc = self.plans.get(*plan)?;
                let p = doc.plan.points.get(*point)?;
                let ob = p.obligations.iter().find(|o| o.id.value.0 == id)?;
                Some((doc, Some(p), ob))
            }
            RefTarget::Obligation { plan, obligation } if owner == id => {
                let doc = self.plans.get(*plan)?;
                Some((doc, None, doc.plan.obligations.get(*obligation)?))
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

mod dates;
mod format11;
pub(crate) use format11::party_units;
pub use format11::{own_term, unit_term};
mod refs;
mod registry;
mod selectors;

/// Where the passes push their diagnostics.
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

/// Everything the plans define, for the passes that look names up.
pub(super) struct Names {
    pub units: HashSet<String>,
    /// The same, sorted, for did-you-mean suggestions.
    pub sorted_units: Vec<String>,
    pub refs: HashSet<String>,
    pub sorted_refs: Vec<String>,
    /// Point titles by id, to show with a suggested `ref` so that the clerk
    /// can confirm it is the point meant.
    pub ref_titles: HashMap<String, String>,
    /// The stems of `units/*.yaml`, to tell whether a rename target is
    /// taken: stem → the file's path (the first, in name order).
    pub ledger_stems: HashMap<String, String>,
    /// Registered units' names by id, to show with a suggested unit.
    pub unit_names: HashMap<String, String>,
    pub kinds: HashSet<String>,
    /// Registered people (1.1), and sorted for suggestions.
    pub people: HashSet<String>,
    pub sorted_people: Vec<String>,
    /// No plan failed to parse, so an unknown name is really unknown.
    pub report_unknown: bool,
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
    repo.format = repo
        .config
        .format
        .as_ref()
        .map_or(FormatVersion::V1, |f| f.value);
    repo.roles = DEFAULT_ROLES
        .iter()
        .map(|(k, _)| (*k).to_owned())
        .chain(repo.config.check.roles.iter().map(|k| k.value.0.clone()))
        .collect();
    let mut names = registry::register(&mut check, &mut repo, inputs.plans);
    for l in &inputs.ledgers {
        names
            .ledger_stems
            .entry(l.stem.clone())
            .or_insert_with(|| sources.get(l.file).path.clone());
    }
    refs::plan_refs(&mut check, &mut repo, &names);
    if repo.format >= FormatVersion::V1_1 {
        format11::plan_checks(&mut check, &mut repo, &names);
    }
    // Like `unknown-unit`: with no registry to match against, a selector that
    // matches nothing says nothing.
    if !repo.findings_blocked {
        selectors::empty_selectors(&mut check, &repo);
    }

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
    // Two files read as one unit's ledger (`zzb.yml` beside `zzb.yaml`, or
    // `zzb.YAML`): neither is taken for the whole ledger, which would drop
    // the other's records without a word. The later one (path order) is the
    // error; the unit is not evaluated.
    let mut first_of: HashMap<String, FileId> = HashMap::new();
    let mut twice: HashSet<String> = HashSet::new();
    for l in &inputs.ledgers {
        if let Some(&first) = first_of.get(&l.stem) {
            twice.insert(l.stem.clone());
            check.push(
                l.file,
                Span::default(),
                Msg::TwoLedgers {
                    unit: l.stem.clone(),
                    other: sources.get(first).path.to_string(),
                },
            );
        } else {
            first_of.insert(l.stem.clone(), l.file);
        }
    }
    for l in inputs.ledgers {
        let file = l.file;
        let first_new = check.diags.len();
        let Some(d) = l.decoded else {
            if repo.ledgers.contains_key(&l.stem) {
                continue;
            }
            repo.ledgers.insert(
                l.stem.clone(),
                LedgerDoc {
                    file,
                    unit: l.stem,
                    clerk: None,
                    records: Vec::new(),
                    items: Vec::new(),
                    samples: Vec::new(),
                    flawed: true,
                },
            );
            continue;
        };
        refs::ledger_refs(&mut check, &names, file, &l.stem, &d);
        if repo.format >= FormatVersion::V1_1 {
            format11::ledger_checks(&mut check, &repo, &names, file, &d);
        }
        dates::ledger_dates(&mut check, &repo, &names, file, &d, as_of);
        let flawed = erroneous.contains(&file)
            || count_errors(&check.diags[first_new..], file) > 0
            || twice.contains(&l.stem);
        if repo.ledgers.contains_key(&l.stem) {
            // The second file of a unit: checked above, reported, not kept.
            continue;
        }
        repo.ledgers.insert(
            l.stem.clone(),
            LedgerDoc {
                file,
                unit: l.stem,
                clerk: d.clerk.map(|c| c.value),
                records: d.records,
                items: d.items,
                samples: d.samples,
                flawed,
            },
        );
    }
    if repo.format >= FormatVersion::V1_1 {
        format11::draw_checks(&mut check, &mut repo, as_of);
    }
    repo
}

fn count_errors(diags: &[Diagnostic], file: FileId) -> usize {
    diags
        .iter()
        .filter(|d| d.file == Some(file) && d.severity() == Severity::Error)
        .count()
}
