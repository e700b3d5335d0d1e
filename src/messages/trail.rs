//! The sentences of the trail's defences in `ledger audit`: forged or
//! rewritten history, backdated and malformed commits, authors who are no
//! owners, unsigned commits, blobs that cannot be read, and grouped backfills.

use crate::dates::iso;
use crate::history::audit::{Note, Violation, ViolationType};
use crate::history::git::GitError;
use crate::history::owners::PlanOwnersFrom;
use crate::messages::Lang;

/// Seconds since the epoch as `2019-02-20T08:00:00Z`.
pub fn timestamp(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0).map_or_else(
        || secs.to_string(),
        |t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    )
}

/// A problem with git that `audit`/`diff` cannot go past.
pub fn git_error(e: &GitError, lang: Lang) -> Option<String> {
    Some(match e {
        GitError::BadRev { rev } => lang.pick(
            format!(
                "`{rev}` 不是一个版本：版本名不能以 `-` 或 `^` 开头，也不能含控制字符（请写提交号、分支或标签，如 origin/main）"
            ),
            format!(
                "`{rev}` is not a revision: a revision may not start with `-` or `^` or hold control characters (name a commit, branch or tag, e.g. origin/main)"
            ),
        ),
        GitError::Shallow => lang.pick(
            "这是浅克隆（shallow clone），缺少早期历史，审计无法判断。请拉取完整历史：git fetch --unshallow；GitHub Actions 中在 actions/checkout 设 fetch-depth: 0，GitLab CI 中设 GIT_DEPTH: 0".to_owned(),
            "this is a shallow clone: its early history is missing, so the trail cannot be judged. Fetch the whole history: git fetch --unshallow; in GitHub Actions set fetch-depth: 0 on actions/checkout, in GitLab CI set GIT_DEPTH: 0".to_owned(),
        ),
        _ => return None,
    })
}

/// What a [`Note`] says.
pub fn note(n: &Note, lang: Lang) -> String {
    match n {
        Note::TooLarge { bytes } => lang.pick(
            format!("文件有 {bytes} 字节，超过 256 MB 的上限，未读取"),
            format!("the file has {bytes} bytes, more than the 256 MB limit; not read"),
        ),
        Note::Symlink => lang.pick(
            "此提交中该路径是符号链接，不是文件".to_owned(),
            "the path is a symbolic link in this commit, not a file".to_owned(),
        ),
        Note::Gitlink => lang.pick(
            "此提交中该路径是子模块（gitlink），不是文件".to_owned(),
            "the path is a submodule (gitlink) in this commit, not a file".to_owned(),
        ),
        Note::NotAFile => lang.pick(
            "此提交中该路径不是普通文件".to_owned(),
            "the path is not a regular file in this commit".to_owned(),
        ),
        Note::NameNotUtf8 => lang.pick(
            "文件名不是 UTF-8 编码，无法对应到单位".to_owned(),
            "the file name is not UTF-8, so it names no unit".to_owned(),
        ),
        Note::MissingObject => lang.pick(
            "仓库中缺少该版本的内容".to_owned(),
            "the repository lacks this version's content".to_owned(),
        ),
        Note::AuthorNotUtf8 => lang.pick(
            "作者信息不是 UTF-8 编码（显示时已替换无法识别的字节）".to_owned(),
            "the author line is not UTF-8 (bytes that could not be read are replaced)".to_owned(),
        ),
        Note::BadTimestamp { raw } => lang.pick(
            format!("提交时间 `{raw}` 无效（不是数字、为负数或晚于 2999 年），此提交的日期无法核对"),
            format!(
                "the committer timestamp `{raw}` is not usable (no number, negative, or after 2999); this commit's date cannot be checked"
            ),
        ),
        Note::NoSignature => lang.pick(
            "提交没有签名".to_owned(),
            "the commit is not signed".to_owned(),
        ),
        Note::SignatureRejected => lang.pick(
            "签名未通过验证（签名无效，或密钥未导入、不受信任）".to_owned(),
            "its signature is rejected (bad, or by a key that is not imported or not trusted)"
                .to_owned(),
        ),
    }
}

/// One of the trail's own violations as a sentence; `None` for the §9 types.
pub fn violation(v: &Violation, lang: Lang) -> Option<String> {
    Some(match v.kind {
        ViolationType::HistoryRewritten => {
            let (rev, source) = v
                .rev
                .as_ref()
                .map_or(("", "since"), |(r, s)| (r.as_str(), *s));
            let whence = match source {
                "baseline" => "ledger.toml [audit] baseline",
                _ => "--since",
            };
            lang.pick(
                format!(
                    "历史被改写：{whence} 所指的 {rev} 不是 HEAD 的祖先（强制推送改写了历史？）；只审计了两者分叉之后 HEAD 一侧的提交"
                ),
                format!(
                    "history rewritten: {rev} ({whence}) is not an ancestor of HEAD (a force-push rewrote history?); only HEAD's commits since the two parted were audited"
                ),
            )
        }
        ViolationType::BackdatedCommit => {
            let (parent, pt, own) = v.parent.clone().unwrap_or_default();
            let short = parent.get(..10).unwrap_or(&parent).to_owned();
            lang.pick(
                format!(
                    "提交时间倒退：本提交时间 {}，早于其父提交 {short} 的 {}（提交日期是补记审计的依据，不得回拨）",
                    timestamp(own),
                    timestamp(pt)
                ),
                format!(
                    "backdated: committed at {}, before its parent {short} at {} (committer dates are the trail's clock and may not go back)",
                    timestamp(own),
                    timestamp(pt)
                ),
            )
        }
        ViolationType::MalformedCommit => {
            let what = v.note.as_ref().map(|n| note(n, lang)).unwrap_or_default();
            lang.pick(
                format!("提交对象不合规范：{what}"),
                format!("malformed commit: {what}"),
            )
        }
        ViolationType::AuthorNotOwner if v.plan_owners.is_some() => {
            let owners = v.owners.join(", ");
            let author = &v.commit.author;
            let file = &v.file;
            match v.plan_owners {
                Some(PlanOwnersFrom::AllHeaders) => lang.pick(
                    format!(
                        "作者 {author} 不是方案的维护人（各方案文件 plan 头部的 owners：{owners}），无权修改 {file}（该文件没有自己的 plan 头部）"
                    ),
                    format!(
                        "author {author} is none of the plan owners (the owners in the plan headers: {owners}) and may not change {file} (it has no plan header of its own)"
                    ),
                ),
                _ => lang.pick(
                    format!(
                        "作者 {author} 不是方案文件 {file} 的维护人（plan 头部的 owners：{owners}），无权修改此文件"
                    ),
                    format!(
                        "author {author} is none of the owners of the plan file {file} (owners in its plan header: {owners}) and may not change it"
                    ),
                ),
            }
        }
        ViolationType::AuthorNotOwner => {
            let owners = v.owners.join(", ");
            let author = &v.commit.author;
            lang.pick(
                format!(
                    "作者 {author} 不是单位 {} 的台账维护人（owners：{owners}），无权修改此台账",
                    v.unit
                ),
                format!(
                    "author {author} is none of the owners of unit {} ({owners}) and may not change its ledger",
                    v.unit
                ),
            )
        }
        ViolationType::UnsignedCommit => {
            let what = v.note.as_ref().map(|n| note(n, lang)).unwrap_or_default();
            lang.pick(
                format!("修改了台账，但未通过 git verify-commit 验证：{what}"),
                format!("changes a ledger but does not pass git verify-commit: {what}"),
            )
        }
        ViolationType::Unreadable => {
            let what = note(v.note.as_ref()?, lang);
            lang.pick(
                format!(
                    "无法读取（{}：{what}）；此版本不参与比较",
                    v.note.as_ref()?.code()
                ),
                format!(
                    "unreadable ({}: {what}); this version is not compared",
                    v.note.as_ref()?.code()
                ),
            )
        }
        _ => return None,
    })
}

/// Several records of one file first committed in one commit, too late.
/// `entries`: (id, date, days), in id order.
pub fn backfilled_group(
    entries: &[(&str, String, i64)],
    committed: &str,
    backfill_days: u32,
    lang: Lang,
) -> String {
    const SHOWN: usize = 5;
    let n = entries.len();
    let (min, max) = entries
        .iter()
        .fold((i64::MAX, i64::MIN), |(lo, hi), (_, _, d)| {
            (lo.min(*d), hi.max(*d))
        });
    let list: Vec<String> = entries
        .iter()
        .take(SHOWN)
        .map(|(id, date, _)| format!("{id} ({date})"))
        .collect();
    let list = list.join(", ");
    let more = n.saturating_sub(SHOWN);
    lang.pick(
        format!(
            "补记：{n} 条记实 {committed} 才首次提交，距其日期 {min}–{max} 天（超过 {backfill_days} 天）：{list}{}",
            if more > 0 {
                format!(" 等，另有 {more} 条")
            } else {
                String::new()
            }
        ),
        format!(
            "backfilled: {n} records first committed on {committed}, {min}–{max} days after their dates (more than {backfill_days}): {list}{}",
            if more > 0 {
                format!(", and {more} more")
            } else {
                String::new()
            }
        ),
    )
}

/// The line saying how much of the walk lies before the baseline.
pub fn before_baseline(n: usize, lang: Lang) -> String {
    lang.pick(
        format!("其中 {n} 个提交在 ledger.toml [audit] 基线之前，未作审计"),
        format!("{n} of them lie before the ledger.toml [audit] baseline and were not judged"),
    )
}

/// A committer date for display: the day, or a mark when it is unusable.
pub fn committed(v: &Violation, lang: Lang) -> String {
    v.commit
        .committed
        .map_or_else(|| lang.pick("日期无效", "bad date").to_owned(), iso)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_note_in_both_languages() {
        for n in [
            Note::TooLarge { bytes: 1 },
            Note::Symlink,
            Note::Gitlink,
            Note::NotAFile,
            Note::NameNotUtf8,
            Note::MissingObject,
            Note::AuthorNotUtf8,
            Note::BadTimestamp { raw: "-1".into() },
            Note::NoSignature,
            Note::SignatureRejected,
        ] {
            assert_ne!(note(&n, Lang::Zh), note(&n, Lang::En), "{n:?}");
        }
        assert_eq!(timestamp(1_550_620_800), "2019-02-20T00:00:00Z");
    }
}
