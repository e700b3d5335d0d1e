//! Lookups shared by the CI renderers (`github`, `junit`, `sarif`): where a
//! finding points in the files, what its ids are called, how to say it in one
//! line, and how to write a path so a CI tool finds the file.
//!
//! A finding has no source position of its own (an overdue half-year report is
//! about something *missing*), so it points at the line that defines the rule
//! it breaks: the obligation's `id` in the plan, the checklist item's `id`, the
//! point's `id`, the item's `id` in the unit's ledger, or the unit's `id` in the
//! units registry. Everything here only looks things up in the model; no
//! deadline is computed (that is [`crate::eval`]'s job, and it is done).

use std::path::{Component, Path, PathBuf};

use crate::dates::iso;
use crate::eval::{Category, Finding, FindingType};
use crate::messages::Lang;
use crate::source::{FileId, SourceMap, Span};
use crate::validate::{RefTarget, Repository};

/// A file position, 1-based; `path` is relative to the ledger repository root.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place<'a> {
    pub path: &'a str,
    pub line: usize,
    pub column: usize,
}

/// The line that defines what a finding is about (see the module doc), or
/// `None` when the model has no such entry (which a finding from
/// [`crate::eval::evaluate`] always has).
pub fn locate_finding<'a>(
    repo: &Repository,
    sources: &'a SourceMap,
    f: &Finding,
) -> Option<Place<'a>> {
    let (file, span) = finding_span(repo, f)?;
    let src = sources.get(file);
    let (line, column) = src.line_col(span.start as usize);
    Some(Place {
        path: &src.path,
        line,
        column,
    })
}

fn finding_span(repo: &Repository, f: &Finding) -> Option<(FileId, Span)> {
    match f.kind {
        FindingType::NoLedger => {
            let &(plan, unit) = repo.units.get(&f.unit)?;
            let doc = repo.plans.get(plan)?;
            Some((doc.file, doc.plan.units.get(unit)?.id.span))
        }
        FindingType::Item => {
            let doc = repo.ledgers.get(&f.unit)?;
            let id = f.item.as_deref()?;
            let item = doc.items.iter().find(|i| i.id.value.0 == id)?;
            Some((doc.file, item.id.span))
        }
        // Obligations and coverage (on a point, a checklist item or plan-wide),
        // and the gaps of a point or a checklist item: all reached by `ref`.
        FindingType::Obligation
        | FindingType::Coverage
        | FindingType::NoRecords
        | FindingType::MissingKind
        | FindingType::ChecklistItem => match *repo.refs.get(f.ref_.as_deref()?)? {
            RefTarget::Point { plan, point } => {
                let doc = repo.plans.get(plan)?;
                let point = doc.plan.points.get(point)?;
                let span = f
                    .obligation
                    .as_deref()
                    .and_then(|o| point.obligations.iter().find(|ob| ob.id.value.0 == o))
                    .map_or(point.id.span, |ob| ob.id.span);
                Some((doc.file, span))
            }
            RefTarget::ChecklistItem {
                plan,
                checklist,
                item,
            } => {
                let doc = repo.plans.get(plan)?;
                let item = doc.plan.checklists.get(checklist)?.items.get(item)?;
                Some((doc.file, item.id.span))
            }
            RefTarget::Obligation { plan, obligation } => {
                let doc = repo.plans.get(plan)?;
                Some((doc.file, doc.plan.obligations.get(obligation)?.id.span))
            }
        },
    }
}

/// The names behind a finding's ids, where the files give them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Names<'r> {
    /// The unit's `name` (区委组织部).
    pub unit: Option<&'r str>,
    /// The `ref`'s title: a point's `title`, a checklist item's `text`, a
    /// plan-wide obligation's `title`.
    pub reference: Option<&'r str>,
    /// The obligation's title when it sits on a point (for checklist-item and
    /// plan-wide obligations the ref's title already says it), or the item's title.
    pub what: Option<&'r str>,
}

pub fn names<'r>(repo: &'r Repository, f: &Finding) -> Names<'r> {
    let unit = repo.unit(&f.unit).map(|u| u.name.value.as_str());
    let target = f.ref_.as_deref().and_then(|r| repo.refs.get(r).copied());
    let reference = target.and_then(|t| match t {
        RefTarget::Point { plan, point } => Some(
            repo.plans
                .get(plan)?
                .plan
                .points
                .get(point)?
                .title
                .value
                .as_str(),
        ),
        RefTarget::ChecklistItem {
            plan,
            checklist,
            item,
        } => Some(
            repo.plans
                .get(plan)?
                .plan
                .checklists
                .get(checklist)?
                .items
                .get(item)?
                .text
                .value
                .as_str(),
        ),
        RefTarget::Obligation { plan, obligation } => Some(
            repo.plans
                .get(plan)?
                .plan
                .obligations
                .get(obligation)?
                .title
                .value
                .as_str(),
        ),
    });
    let what = match (&f.obligation, &f.item, target) {
        (Some(o), _, Some(RefTarget::Point { plan, point })) => repo
            .plans
            .get(plan)
            .and_then(|d| d.plan.points.get(point))
            .and_then(|p| p.obligations.iter().find(|ob| &ob.id.value.0 == o))
            .map(|ob| ob.title.value.as_str()),
        (_, Some(i), _) => repo
            .ledgers
            .get(&f.unit)
            .and_then(|l| l.items.iter().find(|it| &it.id.value.0 == i))
            .map(|it| it.title.value.as_str()),
        _ => None,
    };
    Names {
        unit,
        reference,
        what,
    }
}

/// The stable id of a finding's kind, `category/type`: `overdue/obligation`,
/// `gap/no-ledger`… (SARIF rule ids, GitHub titles, JUnit failure types).
pub fn rule_id(category: Category, kind: FindingType) -> String {
    format!("{}/{}", category.as_str(), kind.as_str())
}

/// Every `category/type` pair evaluation can produce (coverage is never
/// `late`; only items and recurring obligations are).
pub const FINDING_KINDS: [(Category, FindingType); 13] = [
    (Category::Overdue, FindingType::Obligation),
    (Category::Overdue, FindingType::Coverage),
    (Category::Overdue, FindingType::Item),
    (Category::DueSoon, FindingType::Obligation),
    (Category::DueSoon, FindingType::Coverage),
    (Category::DueSoon, FindingType::Item),
    (Category::Late, FindingType::Obligation),
    (Category::Late, FindingType::Item),
    (Category::Gap, FindingType::NoLedger),
    (Category::Gap, FindingType::NoRecords),
    (Category::Gap, FindingType::MissingKind),
    (Category::Gap, FindingType::ChecklistItem),
    (Category::Gap, FindingType::Coverage),
];

/// What a kind of finding means, one sentence.
pub fn rule_text(category: Category, kind: FindingType, lang: Lang) -> &'static str {
    use Category as C;
    use FindingType as T;
    let (zh, en) = match (category, kind) {
        (C::Overdue, T::Obligation) => (
            "周期性义务逾期：期限已过，记实不足",
            "A recurring obligation is overdue: its due date passed without enough records",
        ),
        (C::Overdue, T::Coverage) => (
            "覆盖义务逾期：窗口已结束，覆盖比例未达到",
            "A coverage obligation is overdue: its window ended with too few targets covered",
        ),
        (C::Overdue, T::Item) => (
            "事项逾期未销号",
            "An item is past its due date and not closed",
        ),
        (C::DueSoon, T::Obligation) => (
            "周期性义务临期：即将到期，记实尚不足",
            "A recurring obligation is due soon and not yet met",
        ),
        (C::DueSoon, T::Coverage) => (
            "覆盖义务临期：窗口即将结束，覆盖尚未完成",
            "A coverage window ends soon and is not yet covered",
        ),
        (C::DueSoon, T::Item) => ("事项临期未销号", "An open item is due soon"),
        (C::Late, T::Obligation) => (
            "周期性义务迟办：记实在期限之后",
            "A recurring obligation was met only after its due date",
        ),
        (C::Late, T::Item) => ("事项超期销号", "An item was closed after its due date"),
        (C::Gap, T::NoLedger) => (
            "缺口：单位没有台账文件",
            "Gap: a unit with duties has no ledger file",
        ),
        (C::Gap, T::NoRecords) => (
            "缺口：牵头或分工单位在该要点上无记实",
            "Gap: a lead or duty unit has no record on a work point",
        ),
        (C::Gap, T::MissingKind) => (
            "缺口：缺少方案要求的记实类别",
            "Gap: record kinds the plan requires are missing on a point",
        ),
        (C::Gap, T::ChecklistItem) => (
            "缺口：清单条目无记实",
            "Gap: a checklist item has no record from a unit it applies to",
        ),
        (C::Gap, T::Coverage) => (
            "缺口：覆盖尚未完成（未到期）",
            "Gap: a coverage window is not yet covered (not yet due)",
        ),
        _ => ("", ""),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// One line saying what a finding is about and what is wrong, with names and
/// titles, in the reader's language. The JSON output has the same facts as fields.
pub fn describe(repo: &Repository, f: &Finding, lang: Lang) -> String {
    let n = names(repo, f);
    let zh = lang == Lang::Zh;
    let who = match n.unit {
        Some(name) if zh => format!("{name}（{}）", f.unit),
        Some(name) => format!("{name} ({})", f.unit),
        None => f.unit.clone(),
    };
    let titled = |id: &str, title: Option<&str>| match title {
        Some(t) if !t.is_empty() => format!("{id} {t}"),
        _ => id.to_owned(),
    };
    let r = f.ref_.as_deref().unwrap_or("");
    let reference = titled(r, n.reference);
    let what = match (&f.obligation, &f.item) {
        (Some(o), _) if o != r => format!("{reference} / {}", titled(o, n.what)),
        (_, Some(i)) => titled(i, n.what),
        _ => reference.clone(),
    };
    let due = f.due.map(iso).unwrap_or_default();
    let period = f.period.as_deref().unwrap_or("");
    let (have, need) = (f.have.unwrap_or(0), f.need.unwrap_or(0));
    let days = f.days_overdue.or(f.days_left).or(f.days_late).unwrap_or(0);
    let missing = f
        .missing
        .as_deref()
        .unwrap_or(&[])
        .iter()
        .map(|u| repo.unit_name(u))
        .collect::<Vec<_>>()
        .join(if zh { "、" } else { ", " });
    use Category as C;
    use FindingType as T;
    match (f.category, f.kind, zh) {
        (C::Overdue, T::Obligation, true) => {
            format!(
                "{who}：{what}，期间 {period} 逾期 {days} 天（期限 {due}；已有 {have}/应有 {need}）"
            )
        }
        (C::Overdue, T::Obligation, false) => format!(
            "{who}: {what}, period {period}, is {days} days overdue (due {due}; {have} of {need} records)"
        ),
        (C::DueSoon, T::Obligation, true) => {
            format!(
                "{who}：{what}，期间 {period} 还剩 {days} 天到期（期限 {due}；已有 {have}/应有 {need}）"
            )
        }
        (C::DueSoon, T::Obligation, false) => format!(
            "{who}: {what}, period {period}, is due in {days} days ({due}; {have} of {need} records so far)"
        ),
        (_, T::Obligation, true) => {
            format!(
                "{who}：{what}，期间 {period} 迟办：记实晚于期限 {due}（已有 {have}/应有 {need}）"
            )
        }
        (_, T::Obligation, false) => format!(
            "{who}: {what}, period {period}, was done late: records dated after the due date {due} ({have} of {need})"
        ),
        (C::Overdue, T::Coverage, true) => format!(
            "{who}：{what}，{period} 已覆盖 {have}/应覆盖 {need}，逾期 {days} 天（期限 {due}）；未覆盖：{missing}"
        ),
        (C::Overdue, T::Coverage, false) => format!(
            "{who}: {what}, {period}: {have} of {need} targets covered, {days} days overdue (due {due}); not covered: {missing}"
        ),
        (_, T::Coverage, true) => format!(
            "{who}：{what}，{period} 已覆盖 {have}/应覆盖 {need}，还剩 {days} 天（期限 {due}）；未覆盖：{missing}"
        ),
        (_, T::Coverage, false) => format!(
            "{who}: {what}, {period}: {have} of {need} targets covered, {days} days left (due {due}); not covered: {missing}"
        ),
        (C::Overdue, T::Item, true) => {
            format!("{who}：事项 {what}（{r}）逾期 {days} 天未销号（期限 {due}）")
        }
        (C::Overdue, T::Item, false) => {
            format!("{who}: item {what} ({r}) is {days} days overdue (due {due})")
        }
        (C::DueSoon, T::Item, true) => {
            format!("{who}：事项 {what}（{r}）还剩 {days} 天到期（期限 {due}）")
        }
        (C::DueSoon, T::Item, false) => {
            format!("{who}: item {what} ({r}) is due in {days} days ({due})")
        }
        (_, T::Item, true) => format!(
            "{who}：事项 {what}（{r}）于 {} 销号，超期 {days} 天（期限 {due}）",
            f.closed.map(iso).unwrap_or_default()
        ),
        (_, T::Item, false) => format!(
            "{who}: item {what} ({r}) was closed on {}, {days} days after its due date {due}",
            f.closed.map(iso).unwrap_or_default()
        ),
        (_, T::NoLedger, true) => {
            format!("{who}没有台账文件：请建立 units/{}.yaml", f.unit)
        }
        (_, T::NoLedger, false) => {
            format!("{who} has no ledger file: create units/{}.yaml", f.unit)
        }
        (_, T::NoRecords, true) => format!("{who}在要点 {reference} 上没有记实"),
        (_, T::NoRecords, false) => format!("{who} has no record on point {reference}"),
        (_, T::MissingKind, true) => format!(
            "{who}在要点 {reference} 上缺少记实类别：{}",
            f.kinds.as_deref().unwrap_or(&[]).join("、")
        ),
        (_, T::MissingKind, false) => format!(
            "{who} lacks records of kind {} on point {reference}",
            f.kinds.as_deref().unwrap_or(&[]).join(", ")
        ),
        (_, T::ChecklistItem, true) => format!("{who}没有清单条目 {reference} 的记实"),
        (_, T::ChecklistItem, false) => {
            format!("{who} has no record for checklist item {reference}")
        }
    }
}

/// How CI output writes file paths: relative to the checkout CI works in, so
/// an annotation lands on the right file even when the ledger repository is a
/// subfolder of the git work tree (`ledgers/units/zzb.yaml`, not `units/zzb.yaml`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PathBase {
    /// The ledger repository's folder below the checkout, `/`-separated, with a
    /// trailing `/`; empty when they are the same folder (or unrelated).
    prefix: String,
}

impl PathBase {
    /// A base that puts `prefix` before every repository path.
    pub fn new(prefix: &str) -> PathBase {
        let trimmed = prefix.trim_matches('/');
        PathBase {
            prefix: if trimmed.is_empty() {
                String::new()
            } else {
                format!("{trimmed}/")
            },
        }
    }

    /// The ledger repository `root` seen from `workspace` (GitHub's
    /// `GITHUB_WORKSPACE`) when given, else from the top of the git work tree
    /// holding `root` (the nearest folder above with a `.git`). A root outside
    /// both keeps repository-relative paths.
    pub fn detect(root: &Path, workspace: Option<&Path>) -> PathBase {
        let root = real(root);
        let base = match workspace {
            Some(w) => Some(real(w)),
            None => git_top(&root),
        };
        let Some(rel) = base.as_deref().and_then(|b| root.strip_prefix(b).ok()) else {
            return PathBase::default();
        };
        let parts: Vec<String> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        PathBase::new(&parts.join("/"))
    }

    /// The part put before repository paths (`""` or `ledgers/`).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// A repository path (`units/zzb.yaml`) as CI wants it.
    pub fn join(&self, path: &str) -> String {
        format!("{}{path}", self.prefix)
    }
}

fn real(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// The nearest folder at or above `start` holding `.git` (a folder, or a file
/// in worktrees and submodules).
fn git_top(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_is_normalised() {
        assert_eq!(PathBase::new("").join("units/a.yaml"), "units/a.yaml");
        assert_eq!(PathBase::new("/").join("units/a.yaml"), "units/a.yaml");
        assert_eq!(
            PathBase::new("ledgers").join("units/a.yaml"),
            "ledgers/units/a.yaml"
        );
        assert_eq!(PathBase::new("a/b/").prefix(), "a/b/");
    }

    #[test]
    fn detect_uses_the_workspace_then_the_git_top() {
        let tmp = tempfile::tempdir().unwrap();
        let top = tmp.path();
        let root = top.join("sub").join("ledgers");
        std::fs::create_dir_all(&root).unwrap();
        // Given a workspace: relative to it.
        assert_eq!(PathBase::detect(&root, Some(top)).prefix(), "sub/ledgers/");
        // No workspace and no git: repository-relative.
        if !top.ancestors().any(|d| d.join(".git").exists()) {
            assert_eq!(PathBase::detect(&root, None).prefix(), "");
        }
        // A git work tree above: relative to its top.
        std::fs::create_dir(top.join(".git")).unwrap();
        assert_eq!(PathBase::detect(&root, None).prefix(), "sub/ledgers/");
        // The root itself is the work tree.
        assert_eq!(PathBase::detect(top, None).prefix(), "");
        // A workspace that does not hold the root: repository-relative.
        let other = tempfile::tempdir().unwrap();
        assert_eq!(PathBase::detect(&root, Some(other.path())).prefix(), "");
    }
}
