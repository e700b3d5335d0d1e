//! Lookups shared by the CI renderers (`github`, `junit`, `sarif`): what a
//! finding's ids are called, its rule id, and how to write a path so a CI tool
//! finds the file. Where a finding points is its own [`Finding::at`], set by
//! [`crate::eval`]; nothing here computes a deadline or reads a file.

use crate::eval::{Category, Finding, FindingType};
use crate::messages::Lang;
use crate::validate::{RefTarget, Repository};

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

/// One line saying what a finding is about and what is wrong, with names and
/// titles, in the reader's language (the sentence is
/// [`crate::messages::render::describe`]).
pub fn describe(repo: &Repository, f: &Finding, lang: Lang) -> String {
    let missing = missing_names(repo, f);
    let line = crate::messages::render::describe(f, &names(repo, f), &missing, lang);
    // Format 1.1: who the finding binds or concerns, the event, the draw.
    let context = crate::messages::render::finding_context(
        f.person.as_deref().map(|p| repo.who_name(p)),
        f.target.as_deref().map(|t| repo.who_name(t)),
        f.event.as_deref(),
        f.event_unit.as_deref().map(|u| repo.unit_name(u)),
        f.drawn,
        lang,
    );
    if context.is_empty() {
        line
    } else {
        format!("{line}{}{context}", if lang == Lang::Zh { "" } else { " " })
    }
}

/// The names of the units (or, 1.1, people) a coverage finding lists as not covered.
pub fn missing_names<'r>(repo: &'r Repository, f: &'r Finding) -> Vec<&'r str> {
    f.missing
        .as_deref()
        .unwrap_or(&[])
        .iter()
        .map(|u| repo.who_name(u))
        .collect()
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

    /// The part put before repository paths (`""` or `ledgers/`).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// A repository path (`units/zzb.yaml`) as CI wants it.
    pub fn join(&self, path: &str) -> String {
        format!("{}{path}", self.prefix)
    }
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
}
