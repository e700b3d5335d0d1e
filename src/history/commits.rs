//! The trail's checks on commits as commits, whatever files they change:
//! a committer time that goes back (`backdated-commit`), a commit object the
//! trail cannot use as written (`malformed-commit`), and a `--since` or
//! baseline commit that HEAD no longer descends from (`history-rewritten`).

use std::collections::HashMap;

use anyhow::Result;

use super::audit::{Commit, Note, Violation, ViolationType};
use super::git::{Blobs, CommitInfo};
use crate::dates::Date;

/// Latest year a committer timestamp may fall in; later ones are forged or broken.
const LAST_YEAR: i32 = 2999;

/// A commit's committer time as a UTC day, if it is usable.
pub(crate) fn day_of(time: &Result<i64, String>) -> Option<Date> {
    let secs = *time.as_ref().ok()?;
    if secs < 0 {
        return None;
    }
    let day = chrono::DateTime::from_timestamp(secs, 0)?.date_naive();
    (chrono::Datelike::year(&day) <= LAST_YEAR).then_some(day)
}

pub(crate) fn commit_of(info: &CommitInfo) -> Commit {
    Commit {
        sha: info.sha.clone(),
        author: info.author(),
        committed: day_of(&info.committer_time),
    }
}

/// `malformed-commit` and `backdated-commit` for one commit of the chain.
pub(crate) fn commit_violations(
    blobs: &mut Blobs,
    times: &mut HashMap<String, Option<i64>>,
    seq: usize,
    commit: &Commit,
    info: &CommitInfo,
) -> Result<Vec<Violation>> {
    let mut out = Vec::new();
    if !info.author_utf8 {
        let mut v = Violation::of_commit(ViolationType::MalformedCommit, seq, commit);
        v.note = Some(Note::AuthorNotUtf8);
        out.push(v);
    }
    let own = commit
        .committed
        .and(info.committer_time.as_ref().ok().copied());
    if own.is_none() {
        let raw = match &info.committer_time {
            Ok(n) => n.to_string(),
            Err(t) => t.clone(),
        };
        let mut v = Violation::of_commit(ViolationType::MalformedCommit, seq, commit);
        v.note = Some(Note::BadTimestamp { raw });
        out.push(v);
    }
    times.insert(info.sha.clone(), own);
    if let (Some(own), Some(parent)) = (own, info.parents.first()) {
        let parent_time = match times.get(parent) {
            Some(t) => *t,
            None => {
                let t = blobs
                    .commit(parent)?
                    .and_then(|p| day_of(&p.committer_time).and(p.committer_time.ok()));
                times.insert(parent.clone(), t);
                t
            }
        };
        if let Some(pt) = parent_time
            && own < pt
        {
            let mut v = Violation::of_commit(ViolationType::BackdatedCommit, seq, commit);
            v.parent = Some((parent.clone(), pt, own));
            out.push(v);
        }
    }
    Ok(out)
}

/// `history-rewritten`: `rev` (from `source`) is no ancestor of HEAD.
pub(crate) fn rewritten_history(
    blobs: &mut Blobs,
    rev: &str,
    sha: &str,
    source: &'static str,
) -> Result<Violation> {
    let commit = match blobs.commit(sha)? {
        Some(info) => commit_of(&info),
        None => Commit {
            sha: sha.to_owned(),
            author: String::new(),
            committed: None,
        },
    };
    let mut v = Violation::of_commit(ViolationType::HistoryRewritten, 0, &commit);
    v.rev = Some((rev.to_owned(), source));
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committer_times_outside_the_calendar_are_unusable() {
        assert_eq!(
            day_of(&Ok(0)).map(|d| d.to_string()),
            Some("1970-01-01".into())
        );
        assert_eq!(day_of(&Ok(-1)), None);
        // 2999-12-31T23:59:59Z is the last usable second.
        assert!(day_of(&Ok(32_503_679_999)).is_some());
        assert_eq!(day_of(&Ok(32_503_680_000)), None);
        assert_eq!(day_of(&Ok(i64::MAX)), None);
        assert_eq!(day_of(&Err("x".into())), None);
    }
}
