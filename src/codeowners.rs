//! `ledger codeowners`: who may change which ledger file, as a CODEOWNERS file.
//!
//! Each unit's `owners` (units registry) own `units/<id>.yaml`; the union of
//! the plan headers' `owners` owns `plan/`. Paths are anchored at the git work
//! tree's top folder (`/` + the ledger repository's place in it), because that
//! is where GitHub and GitLab read CODEOWNERS from. The file is written by
//! [`crate::render::codeowners`].

use std::path::Path;

use crate::dates::Date;
use crate::history::git::Git;
use crate::load::{self, Analysis};
use crate::validate::Repository;

/// One CODEOWNERS rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Anchored at the work tree's top folder: `/ledgers/units/zzb.yaml`.
    pub pattern: String,
    pub owners: Vec<String>,
}

/// The rules, in a fixed order: `plan/` first, then unit ledgers by unit id.
/// `prefix`: where the ledger repository sits in the work tree (`""` or `sub/dir/`).
pub(crate) fn rules(repo: &Repository, prefix: &str) -> Vec<Rule> {
    let mut out = Vec::new();
    let mut plan_owners: Vec<String> = Vec::new();
    for doc in &repo.plans {
        for o in doc.plan.plan.iter().flat_map(|h| h.owners.iter()) {
            if valid_owner(&o.value) && !plan_owners.contains(&o.value) {
                plan_owners.push(o.value.clone());
            }
        }
    }
    if !plan_owners.is_empty() {
        out.push(Rule {
            pattern: escape(&format!("/{prefix}plan/")),
            owners: plan_owners,
        });
    }
    let mut ids: Vec<&String> = repo.units.keys().collect();
    ids.sort();
    for id in ids {
        let Some(unit) = repo.unit(id) else { continue };
        let mut owners: Vec<String> = Vec::new();
        for o in &unit.owners {
            if valid_owner(&o.value) && !owners.contains(&o.value) {
                owners.push(o.value.clone());
            }
        }
        if !owners.is_empty() {
            out.push(Rule {
                pattern: escape(&format!("/{prefix}units/{id}.yaml")),
                owners,
            });
        }
    }
    out
}

/// An owner CODEOWNERS can take as one word: `@user`, `@org/team` or an
/// e-mail address. Anything with a space, a `#` (a comment) or a control
/// character (a line break starts a new rule) is refused.
pub(crate) fn valid_owner(s: &str) -> bool {
    let name = |p: &str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    if let Some(handle) = s.strip_prefix('@') {
        return match handle.split_once('/') {
            Some((org, team)) => name(org) && name(team),
            None => name(handle),
        };
    }
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let plain = |p: &str| {
        !p.is_empty()
            && !p
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '#' | '@' | '\\'))
    };
    plain(local) && plain(domain) && domain.contains('.')
}

/// CODEOWNERS patterns are separated from owners by spaces: escape those in paths.
fn escape(pattern: &str) -> String {
    pattern.replace(' ', "\\ ")
}

/// The CODEOWNERS rules of the ledger repository at `root` as it is in the
/// working tree, with the analysis they come from (whose diagnostics say
/// whether the rules can be trusted: a units registry that does not parse
/// gives no owners at all).
pub(crate) struct Codeowners {
    pub rules: Vec<Rule>,
    /// Whether `root` is inside a git work tree (outside one, the paths are
    /// relative to the ledger repository itself).
    pub in_git: bool,
    pub analysis: Analysis,
}

pub(crate) fn codeowners(root: &Path, today: Date) -> Codeowners {
    let git = Git::open(root).ok();
    let prefix = git.as_ref().map(|g| g.prefix.clone()).unwrap_or_default();
    let analysis = load::analyze(load::read_repo(root), None, today);
    Codeowners {
        rules: rules(&analysis.repo, &prefix),
        in_git: git.is_some(),
        analysis,
    }
}
