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
//! that match no one) over the plans ([`validate_plans`]); then per ledger, on
//! its own and in parallel with the others, [`refs`] and [`dates`]
//! ([`Plans::check_ledger`]); last what needs every ledger ([`Plans::finish`]:
//! a unit's two ledger files, sample draws).

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::dates::Date;
use crate::diag::{Diagnostic, Severity};
use crate::messages::Msg;
use crate::model::*;
use crate::source::{FileId, Source, SourceMap, Span};

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

/// One ledger file after [`Plans::check_ledger`].
pub struct LedgerInput {
    pub file: FileId,
    pub stem: String,
    /// `None` when the file could not be parsed at all.
    pub decoded: Option<crate::decode::DecodedLedger>,
    /// The file has an error of its own (decoding or checks against the plans).
    pub has_error: bool,
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
    sources: Sources<'a>,
    diags: &'a mut Vec<Diagnostic>,
}

/// Where the passes read paths and lines: all files, or (for one ledger
/// checked on a worker thread, before the map exists) that file alone.
#[derive(Clone, Copy)]
enum Sources<'a> {
    Map(&'a SourceMap),
    One(&'a Source),
}

impl<'a> Sources<'a> {
    fn get(self, file: FileId) -> &'a Source {
        match self {
            Sources::Map(m) => m.get(file),
            // A ledger's checks name only their own file.
            Sources::One(s) => s,
        }
    }
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

/// The plans validated: what each ledger is then checked against
/// ([`Plans::check_ledger`], one ledger at a time and in parallel), and what
/// [`Plans::finish`] turns into the [`Repository`].
pub struct Plans {
    repo: Repository,
    names: Names,
    as_of: Date,
}

/// Check the configuration and the plans: namespaces, references between
/// plans, selectors. `ledgers`: the stem and path of every ledger file, in
/// file order (for suggestions naming a unit's ledger).
pub fn validate_plans(
    config: Option<(FileId, Config)>,
    config_ok: bool,
    plans: Vec<PlanInput>,
    ledgers: &[(String, String)],
    sources: &SourceMap,
    as_of: Date,
    diags: &mut Vec<Diagnostic>,
) -> Plans {
    let mut check = Check {
        sources: Sources::Map(sources),
        diags,
    };
    let mut repo = Repository {
        config_ok,
        ..Repository::default()
    };
    if let Some((_, c)) = config {
        repo.config = c;
    }
    repo.kinds = DEFAULT_KINDS
        .iter()
        .map(|(k, _)| (*k).to_owned())
        .chain(
            repo.config
                .check
                .kinds
                .iter()
                .map(|k| k.value.0.as_str().to_owned()),
        )
        .collect();
    repo.format = repo
        .config
        .format
        .as_ref()
        .map_or(FormatVersion::V1, |f| f.value);
    repo.roles = DEFAULT_ROLES
        .iter()
        .map(|(k, _)| (*k).to_owned())
        .chain(
            repo.config
                .check
                .roles
                .iter()
                .map(|k| k.value.0.as_str().to_owned()),
        )
        .collect();
    let mut names = registry::register(&mut check, &mut repo, plans);
    for (stem, path) in ledgers {
        names
            .ledger_stems
            .entry(stem.clone())
            .or_insert_with(|| path.clone());
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
    Plans { repo, names, as_of }
}

impl Plans {
    /// Check one ledger against the plans (units, refs, kinds, dates),
    /// pushing its diagnostics; true when it has an error. Reads only the
    /// plans, so ledgers are checked in parallel, each as it is decoded.
    pub fn check_ledger(
        &self,
        file: FileId,
        source: &Source,
        stem: &str,
        d: &crate::decode::DecodedLedger,
        diags: &mut Vec<Diagnostic>,
    ) -> bool {
        let first_new = diags.len();
        let mut check = Check {
            sources: Sources::One(source),
            diags,
        };
        refs::ledger_refs(&mut check, &self.names, file, stem, d);
        if self.repo.format >= FormatVersion::V1_1 {
            format11::ledger_checks(&mut check, &self.repo, &self.names, file, d);
        }
        dates::ledger_dates(&mut check, &self.repo, &self.names, file, d, self.as_of);
        count_errors(&check.diags[first_new..], file) > 0
    }

    /// Join the checked ledgers (in file order) to the plans, and run the
    /// checks that need every ledger.
    pub fn finish(
        self,
        ledgers: Vec<LedgerInput>,
        sources: &SourceMap,
        diags: &mut Vec<Diagnostic>,
    ) -> Repository {
        let Plans {
            mut repo, as_of, ..
        } = self;
        let mut check = Check {
            sources: Sources::Map(sources),
            diags,
        };
        let twice = two_ledgers(&mut check, &ledgers);
        for l in ledgers {
            let file = l.file;
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
            if repo.ledgers.contains_key(&l.stem) {
                // The second file of a unit: checked, reported, not kept.
                continue;
            }
            let flawed = l.has_error || twice.contains(&l.stem);
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
}

/// The files that [`Plans::finish`] reports as a unit's second ledger file
/// (they keep their text, for the diagnostic), from the stems in file order.
pub fn second_ledger_files<'a>(
    ledgers: impl IntoIterator<Item = (&'a str, FileId)>,
) -> HashSet<FileId> {
    let mut seen = HashSet::new();
    ledgers
        .into_iter()
        .filter(|(stem, _)| !seen.insert(*stem))
        .map(|(_, f)| f)
        .collect()
}

/// Two files read as one unit's ledger (`zzb.yml` beside `zzb.yaml`, or
/// `zzb.YAML`): neither is taken for the whole ledger, which would drop the
/// other's records without a word. The later one (path order) is the error;
/// the unit is not evaluated. Returns those units.
fn two_ledgers(check: &mut Check<'_>, ledgers: &[LedgerInput]) -> HashSet<String> {
    let mut first_of: HashMap<&str, FileId> = HashMap::new();
    let mut twice: HashSet<String> = HashSet::new();
    for l in ledgers {
        if let Some(&first) = first_of.get(l.stem.as_str()) {
            twice.insert(l.stem.clone());
            check.push(
                l.file,
                Span::default(),
                Msg::TwoLedgers {
                    unit: l.stem.clone(),
                    other: check.sources.get(first).path.to_string(),
                },
            );
        } else {
            first_of.insert(&l.stem, l.file);
        }
    }
    twice
}

fn count_errors(diags: &[Diagnostic], file: FileId) -> usize {
    diags
        .iter()
        .filter(|d| d.file == Some(file) && d.severity() == Severity::Error)
        .count()
}
