//! Who may change what (`author-not-owner`): a unit ledger by the units
//! registry's `owners`, a plan file by its header's `owners` (spec §3), each
//! as it stands before the commit, along the walk.

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use anyhow::Result;

use super::audit::{Commit, Violation, ViolationType};
use super::git::{self, Blobs, CommitInfo, Git, Mode, Object};
use super::snapshot::{self, FileState};
use crate::decode::FileKind;
use crate::yaml::MAX_FILE_BYTES;

/// Unit id → its owners as listed.
pub(crate) type Registry = Rc<HashMap<String, UnitOwners>>;

/// A unit's owners in one version of the registry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct UnitOwners {
    /// As listed (by its first definition).
    pub(crate) listed: Vec<String>,
    /// The unit is defined more than once and the definitions' e-mail owners
    /// differ: nobody may change its ledger until an owner removes the
    /// duplicate (`check` reports it as `duplicate-id`). Otherwise a second
    /// definition — in a new plan file judged by its own header — would let
    /// anyone make themselves an owner of someone else's ledger.
    pub(crate) conflict: bool,
}

/// `plan/*.yaml` path in the work tree → blob.
pub(crate) type PlanFiles = BTreeMap<String, String>;

/// An owner written as an e-mail address (not an `@handle` or `@org/team`).
fn is_email(owner: &str) -> bool {
    !owner.starts_with('@') && owner.contains('@')
}

/// What ownership needs of one version of a plan file.
#[derive(Debug, Default)]
struct PlanVersion {
    /// Whether the file reads without an error of its own.
    readable: bool,
    /// `units[]`: id and owners.
    units: Vec<(String, Vec<String>)>,
    /// The header's `owners`; `None` when the file has no `plan:` header.
    header: Option<Vec<String>>,
}

/// Where the owners of a plan file come from, for the report's wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanOwnersFrom {
    /// The file's own `plan:` header.
    Header,
    /// The file has no header of its own (`plan/units.yaml`): the owners of
    /// every plan header of the repository.
    AllHeaders,
}

/// The plan files along the walk: the units registry, and each file's header.
pub(crate) struct Owners {
    files: PlanFiles,
    /// Per plan blob.
    parsed: HashMap<String, Rc<PlanVersion>>,
    current: Option<Registry>,
}

impl Owners {
    pub(crate) fn new(git: &Git, start: Option<&str>) -> Result<Owners> {
        let files = match start {
            Some(sha) => git
                .ls_tree(sha, &[git.full_path("plan")])?
                .into_iter()
                .filter(|(full, _)| is_plan(git, full))
                .collect(),
            None => BTreeMap::new(),
        };
        Ok(Owners {
            files,
            parsed: HashMap::new(),
            current: None,
        })
    }

    /// The plan files as they stand now (before the next [`Owners::apply`]).
    pub(crate) fn files(&self) -> PlanFiles {
        self.files.clone()
    }

    /// Apply a commit's changes under `plan/`.
    pub(crate) fn apply(&mut self, git: &Git, changes: &[git::Change]) {
        for c in changes {
            if !(c.path_utf8 && is_plan(git, &c.path)) {
                continue;
            }
            self.current = None;
            match (&c.new, c.new_mode) {
                (Some(blob), Mode::File) => {
                    self.files.insert(c.path.clone(), blob.clone());
                }
                _ => {
                    self.files.remove(&c.path);
                }
            }
        }
    }

    fn version(&mut self, blobs: &mut Blobs, path: &str, blob: &str) -> Result<Rc<PlanVersion>> {
        if let Some(v) = self.parsed.get(blob) {
            return Ok(Rc::clone(v));
        }
        let version = match blobs.read_limited(blob, MAX_FILE_BYTES as u64)? {
            Object::Bytes(bytes) => match snapshot::plan(path, &bytes) {
                FileState::Readable(p) => PlanVersion {
                    readable: true,
                    units: p
                        .units
                        .iter()
                        .map(|u| {
                            (
                                u.id.value.0.as_str().to_owned(),
                                u.owners.iter().map(|o| o.value.clone()).collect(),
                            )
                        })
                        .collect(),
                    header: p
                        .plan
                        .as_ref()
                        .map(|h| h.owners.iter().map(|o| o.value.clone()).collect()),
                },
                _ => PlanVersion::default(),
            },
            _ => PlanVersion::default(),
        };
        let v = Rc::new(version);
        self.parsed.insert(blob.to_owned(), Rc::clone(&v));
        Ok(v)
    }

    pub(crate) fn registry(&mut self, blobs: &mut Blobs) -> Result<Registry> {
        if let Some(r) = &self.current {
            return Ok(Rc::clone(r));
        }
        let mut map: HashMap<String, UnitOwners> = HashMap::new();
        let files = self.files.clone();
        for (path, blob) in &files {
            for (unit, owners) in &self.version(blobs, path, blob)?.units {
                match map.entry(unit.clone()) {
                    std::collections::hash_map::Entry::Vacant(v) => {
                        v.insert(UnitOwners {
                            listed: owners.clone(),
                            conflict: false,
                        });
                    }
                    std::collections::hash_map::Entry::Occupied(mut o) => {
                        let emails = |l: &[String]| {
                            let mut e: Vec<String> = l
                                .iter()
                                .filter(|x| is_email(x))
                                .map(|x| x.to_ascii_lowercase())
                                .collect();
                            e.sort();
                            e.dedup();
                            e
                        };
                        if emails(&o.get().listed) != emails(owners) {
                            o.get_mut().conflict = true;
                        }
                    }
                }
            }
        }
        let r = Rc::new(map);
        self.current = Some(Rc::clone(&r));
        Ok(r)
    }

    /// The header owners of the plan file `path` (work-tree path) whose blob
    /// at commit `at` is `blob`: from that version, or, when it cannot be
    /// read, from the last version before it on the first-parent chain that
    /// can, so that breaking a file does not lift its protection. `None`: no
    /// header (or no readable version).
    fn header(
        &mut self,
        git: &Git,
        blobs: &mut Blobs,
        at: Option<&str>,
        path: &str,
        blob: &str,
    ) -> Result<Option<Vec<String>>> {
        let v = self.version(blobs, path, blob)?;
        if v.readable {
            return Ok(v.header.clone());
        }
        let Some(at) = at else {
            return Ok(None);
        };
        for past in git.path_log(at, path)? {
            for c in past.changes.iter().filter(|c| c.path == path) {
                let (Some(old), Mode::File) = (&c.old, c.old_mode) else {
                    return Ok(None);
                };
                let v = self.version(blobs, path, old)?;
                if v.readable {
                    return Ok(v.header.clone());
                }
            }
        }
        Ok(None)
    }

    /// The owners of every plan header of `files` (the repository at commit
    /// `at`), in path order, each listed once.
    fn all_headers(
        &mut self,
        git: &Git,
        blobs: &mut Blobs,
        at: Option<&str>,
        files: &PlanFiles,
    ) -> Result<Vec<String>> {
        let mut out: Vec<String> = Vec::new();
        for (path, blob) in files {
            for o in self.header(git, blobs, at, path, blob)?.unwrap_or_default() {
                if !out.contains(&o) {
                    out.push(o);
                }
            }
        }
        Ok(out)
    }

    /// `author-not-owner` for each plan file the commit adds, modifies or
    /// deletes whose author is none of its e-mail owners. `before`: the plan
    /// files in the first parent, as [`Owners::files`] gave them before this
    /// commit was applied; the files after it are `self`'s.
    ///
    /// A file present in the first parent is judged by its header there (a
    /// commit cannot make its own author an owner); a new file by its own
    /// header. A file with no header of its own (`plan/units.yaml`) is judged
    /// by the owners of all the plan headers in the first parent (in the
    /// commit itself when the first parent has none with an e-mail owner, as
    /// in the root commit): the units registry says who owns every ledger, so
    /// it must not be open to anyone.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn judge_plans(
        &mut self,
        git: &Git,
        blobs: &mut Blobs,
        before: &PlanFiles,
        seq: usize,
        commit: &Commit,
        info: &CommitInfo,
        changes: &[git::Change],
    ) -> Result<Vec<Violation>> {
        let parent = info.parents.first().map(String::as_str);
        let after = self.files.clone();
        let mut out = Vec::new();
        for c in changes {
            if !(c.path_utf8 && is_plan(git, &c.path)) {
                continue;
            }
            let Some(rel) = git.ledger_path(&c.path) else {
                continue;
            };
            let own = match before.get(&c.path) {
                Some(blob) => self.header(git, blobs, parent, &c.path, blob)?,
                None => match after.get(&c.path) {
                    Some(blob) => self.header(git, blobs, Some(&info.sha), &c.path, blob)?,
                    None => None,
                },
            };
            let (listed, from) = match own {
                Some(h) => (h, PlanOwnersFrom::Header),
                None => {
                    let mut all = self.all_headers(git, blobs, parent, before)?;
                    if !all.iter().any(|o| is_email(o)) {
                        all = self.all_headers(git, blobs, Some(&info.sha), &after)?;
                    }
                    (all, PlanOwnersFrom::AllHeaders)
                }
            };
            if !may_change(&listed, &info.author_email) {
                let mut v = Violation::of_file(ViolationType::AuthorNotOwner, seq, commit, rel);
                v.owners = listed;
                v.plan_owners = Some(from);
                out.push(v);
            }
        }
        Ok(out)
    }
}

/// Whether a work-tree path is a plan file, read as `check` reads one.
fn is_plan(git: &Git, full: &str) -> bool {
    git.ledger_path(full)
        .is_some_and(|rel| FileKind::of(rel) == FileKind::Plan)
}

/// Whether `author` (an e-mail) may change a file owned by `listed`. Only
/// e-mail owners are checked: git knows e-mail addresses, not forge handles,
/// so a file owned by handles alone (or by nobody) is left to the forge's
/// code-owner review.
fn may_change(listed: &[String], author: &str) -> bool {
    let emails: Vec<&String> = listed.iter().filter(|o| is_email(o)).collect();
    let author = author.trim();
    emails.is_empty() || emails.iter().any(|o| o.eq_ignore_ascii_case(author))
}

/// `author-not-owner` for each unit ledger in `touched` that the commit's
/// author may not change. `before`: the registry in the first parent (a commit
/// cannot make its own author an owner); `after`: the commit's own, for units
/// it creates.
pub(crate) fn judge(
    seq: usize,
    commit: &Commit,
    info: &CommitInfo,
    touched: &[String],
    before: &Registry,
    after: &Registry,
) -> Vec<Violation> {
    let mut out = Vec::new();
    for file in touched {
        let Some(unit) = snapshot::unit_of(file) else {
            continue;
        };
        let Some(owners) = before.get(&unit).or_else(|| after.get(&unit)) else {
            continue;
        };
        if owners.conflict || !may_change(&owners.listed, &info.author_email) {
            let mut v = Violation::of_file(ViolationType::AuthorNotOwner, seq, commit, file);
            v.owners = owners.listed.clone();
            out.push(v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners_that_are_addresses() {
        assert!(is_email("zzb-clerk@example.org"));
        assert!(!is_email("@zzb-team"));
        assert!(!is_email("@org/team"));
        assert!(!is_email("王某"));
    }

    #[test]
    fn only_email_owners_bind() {
        let listed = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert!(may_change(&listed(&[]), "m@example.org"));
        assert!(may_change(&listed(&["@dlb-team"]), "m@example.org"));
        assert!(may_change(
            &listed(&["DLB@example.org", "@dlb-team"]),
            " dlb@EXAMPLE.org "
        ));
        assert!(!may_change(
            &listed(&["dlb@example.org", "@dlb-team"]),
            "m@example.org"
        ));
    }
}
