//! Who may change which unit ledger: the units registry's `owners`, as they
//! stand before each commit of the walk (`author-not-owner`).

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use anyhow::Result;

use super::audit::{Commit, Violation, ViolationType};
use super::git::{self, Blobs, CommitInfo, Git, Mode, Object};
use super::snapshot::{self, FileState};
use crate::decode::FileKind;
use crate::yaml::MAX_FILE_BYTES;

/// Unit id → its owners as listed.
pub(crate) type Registry = Rc<HashMap<String, Vec<String>>>;

/// An owner written as an e-mail address (not an `@handle` or `@org/team`).
fn is_email(owner: &str) -> bool {
    !owner.starts_with('@') && owner.contains('@')
}

/// The units registry (unit id → owners) along the walk, from the plan files
/// as they stand before each commit.
pub(crate) struct Owners {
    /// `plan/*.yaml` path in the work tree → blob.
    files: BTreeMap<String, String>,
    /// Parsed owners per plan blob.
    parsed: HashMap<String, Vec<(String, Vec<String>)>>,
    current: Option<Registry>,
}

impl Owners {
    pub(crate) fn new(git: &Git, start: Option<&str>) -> Result<Owners> {
        let files = match start {
            Some(sha) => git
                .ls_tree(sha, &[git.full_path("plan")])?
                .into_iter()
                .filter(|(full, _)| {
                    git.ledger_path(full)
                        .is_some_and(|rel| FileKind::of(rel) == FileKind::Plan)
                })
                .collect(),
            None => BTreeMap::new(),
        };
        Ok(Owners {
            files,
            parsed: HashMap::new(),
            current: None,
        })
    }

    /// Apply a commit's changes under `plan/`.
    pub(crate) fn apply(&mut self, git: &Git, changes: &[git::Change]) {
        for c in changes {
            let is_plan = c.path_utf8
                && git
                    .ledger_path(&c.path)
                    .is_some_and(|rel| FileKind::of(rel) == FileKind::Plan);
            if !is_plan {
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

    pub(crate) fn registry(&mut self, blobs: &mut Blobs) -> Result<Registry> {
        if let Some(r) = &self.current {
            return Ok(Rc::clone(r));
        }
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for (path, blob) in &self.files {
            if !self.parsed.contains_key(blob) {
                let units = match blobs.read_limited(blob, MAX_FILE_BYTES as u64)? {
                    Object::Bytes(bytes) => match snapshot::plan(path, &bytes) {
                        FileState::Readable(p) => p
                            .units
                            .iter()
                            .map(|u| {
                                (
                                    u.id.value.0.clone(),
                                    u.owners.iter().map(|o| o.value.clone()).collect(),
                                )
                            })
                            .collect(),
                        _ => Vec::new(),
                    },
                    _ => Vec::new(),
                };
                self.parsed.insert(blob.clone(), units);
            }
            for (unit, owners) in &self.parsed[blob] {
                map.entry(unit.clone()).or_default().extend(owners.clone());
            }
        }
        let r = Rc::new(map);
        self.current = Some(Rc::clone(&r));
        Ok(r)
    }
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
        let Some(listed) = before.get(&unit).or_else(|| after.get(&unit)) else {
            continue;
        };
        // git knows e-mail addresses, not forge handles: a unit owned by
        // handles alone is left to the forge's code-owner review.
        let emails: Vec<&String> = listed.iter().filter(|o| is_email(o)).collect();
        if emails.is_empty() {
            continue;
        }
        let author = info.author_email.trim();
        if !emails.iter().any(|o| o.eq_ignore_ascii_case(author)) {
            let mut v = Violation::of_file(ViolationType::AuthorNotOwner, seq, commit, file);
            v.owners = listed.clone();
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
}
