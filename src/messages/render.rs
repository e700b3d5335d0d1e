//! The sentences of the check renderers (human, github, junit, sarif): what a
//! finding says, what a kind of finding or a diagnostic code means, the counts
//! line, headings and the few fixed words around them. The renderers lay
//! them out; every language choice is here.

use crate::dates::{Date, iso};
use crate::diag::Code;
use crate::eval::{Category, Finding, FindingType};
use crate::render::Summary;
use crate::render::locate::Names;

use super::Lang;

/// The counts of a run in one line, as the human output ends and the CI
/// summaries begin: `as of 2019-01-15: 0 errors, 1 warning; 3 overdue, …`.
pub fn counts_line(s: &Summary, as_of: Date, lang: Lang) -> String {
    let date = iso(as_of);
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let line = match lang {
        Lang::Zh => format!(
            "检查日期 {date}：错误 {}，警告 {}；逾期 {}，临期 {}，迟办 {}，缺口 {}",
            s.errors, s.warnings, s.overdue, s.due_soon, s.late, s.gaps
        ),
        Lang::En => format!(
            "as of {date}: {} error{}, {} warning{}; {} overdue, {} due soon, {} late, {} gap{}",
            s.errors,
            plural(s.errors),
            s.warnings,
            plural(s.warnings),
            s.overdue,
            s.due_soon,
            s.late,
            s.gaps,
            plural(s.gaps)
        ),
    };
    match (s.units_not_evaluated, lang) {
        (0, _) => line,
        (n, Lang::Zh) => format!("{line}；{n} 个单位未评估"),
        (n, Lang::En) => format!("{line}; {n} unit{} not evaluated", plural(n)),
    }
}

/// One unit whose ledger has errors: `区委组织部 (zzb): 1 file error in
/// units/zzb.yaml — its duties were not evaluated`.
pub fn not_evaluated_line(n: &crate::render::NotEvaluated, lang: Lang) -> String {
    let (name, unit, file, e) = (&n.name, &n.unit, &n.file, n.errors);
    match lang {
        Lang::Zh => format!("{name} ({unit})：{file} 有 {e} 个错误，该单位的职责未评估"),
        Lang::En => format!(
            "{name} ({unit}): {e} error{} in {file}; its duties were not evaluated",
            if e == 1 { "" } else { "s" }
        ),
    }
}

/// The heading over [`not_evaluated_line`]s.
pub fn not_evaluated_heading(count: usize, lang: Lang) -> String {
    lang.pick(
        format!("未评估的单位 ({count})：台账文件有错误，修正后才能计算逾期和缺口"),
        format!("Units not evaluated ({count}): their ledger files have errors; fix them to see overdue items and gaps"),
    )
}

/// The human output's last line when nothing needs doing: the counts, then
/// `（全部正常）` / ` (all clear)`.
pub fn all_clear(counts: &str, clear: &str, lang: Lang) -> String {
    lang.pick(
        format!("{counts}（{clear}）"),
        format!("{counts} ({clear})"),
    )
}

/// The CI summaries' first line: `ledger check as of …`.
pub fn check_line(counts: &str, lang: Lang) -> String {
    lang.pick(
        format!("台账检查，{counts}"),
        format!("ledger check {counts}"),
    )
}

/// The heading of the GitHub job summary.
pub fn check_heading(lang: Lang) -> &'static str {
    lang.pick("## 台账检查\n\n", "## ledger check\n\n")
}

/// What goes before a diagnostic's help in one-line CI output.
/// After the first diagnostics of a file in human or GitHub output.
pub fn more_diagnostics(file: &str, n: usize, lang: Lang) -> String {
    lang.pick(
        format!("{file}：另有 {n} 条诊断未显示（加 --all 显示全部，或用 --format json）"),
        format!("{file}: {n} more diagnostics not shown (--all shows them, as does --format json)"),
    )
}

/// Under a table cut to its first rows.
pub fn more_rows(n: usize, lang: Lang) -> String {
    lang.pick(
        format!("……另有 {n} 行未显示（加 --all 显示全部）"),
        format!("… {n} more rows not shown (--all shows them)"),
    )
}

pub fn help_prefix(lang: Lang) -> &'static str {
    lang.pick("提示：", "help: ")
}

/// How a severity reads in a table cell or a diagnostic head.
pub fn severity(s: crate::diag::Severity, lang: Lang) -> &'static str {
    use crate::diag::Severity::*;
    match s {
        Error => lang.pick("错误", "error"),
        Warning => lang.pick("警告", "warning"),
    }
}

/// Words of the CI renderers that are not table labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Word {
    /// The job summary's section of diagnostics.
    ProblemsInFiles,
    Location,
    Severity,
    Code,
    Message,
    /// JUnit: the testcase of a unit whose state is unknown.
    NotEvaluated,
    /// JUnit: the passing testcase of the diagnostics suite.
    AllFilesValid,
}

impl Word {
    pub fn text(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Word::ProblemsInFiles => ("文件问题", "Problems in the files"),
            Word::Location => ("位置", "Location"),
            Word::Severity => ("级别", "Severity"),
            Word::Code => ("代码", "Code"),
            Word::Message => ("说明", "Message"),
            Word::NotEvaluated => ("未检查", "not evaluated"),
            Word::AllFilesValid => ("文件均有效", "all files valid"),
        };
        lang.pick(zh, en)
    }
}

/// Between a label and its value: `统计日期：2019-01-15` / `As of: 2019-01-15`.
pub fn label_separator(lang: Lang) -> &'static str {
    lang.pick("：", ": ")
}

/// Between the names of a list (of units not covered).
pub fn list_separator(lang: Lang) -> &'static str {
    lang.pick("、", ", ")
}

/// `区委组织部（zzb）` / `区委组织部 (zzb)`.
pub fn named_unit(name: &str, id: &str, lang: Lang) -> String {
    lang.pick(format!("{name}（{id}）"), format!("{name} ({id})"))
}

/// JUnit: why a unit was not evaluated (a plan cannot be parsed, or its own
/// ledger has errors).
pub fn not_evaluated(unit: &str, plan_broken: bool, lang: Lang) -> String {
    match (plan_broken, lang) {
        (true, Lang::Zh) => "方案文件无法解析，未做检查（见 ledger diagnostics）".to_owned(),
        (true, Lang::En) => {
            "not evaluated: a plan file cannot be parsed (see ledger diagnostics)".to_owned()
        }
        (false, Lang::Zh) => format!("units/{unit}.yaml 有错误，未做检查（见 ledger diagnostics）"),
        (false, Lang::En) => {
            format!("not evaluated: units/{unit}.yaml has errors (see ledger diagnostics)")
        }
    }
}

/// The detail cell of a coverage gap: `2018 已覆盖/应覆盖 1/3，剩 20 天；未覆盖：…`
/// (`have` is already `have/need`).
pub fn coverage_detail(period: &str, have: &str, days: i64, missing: &str, lang: Lang) -> String {
    lang.pick(
        format!("{period} 已覆盖/应覆盖 {have}，剩 {days} 天；未覆盖：{missing}"),
        format!("{period} covered {have}, {days} days left; not covered: {missing}"),
    )
}

/// Regular (定期) obligations with no maximum gap: tracked, not scored.
pub fn unscored_line(ids: &[String], lang: Lang) -> String {
    let list = ids.join(", ");
    lang.pick(
        format!(
            "定期义务 {} 项未设最长间隔（max_gap 或 ledger.toml [check] regular_max_gap），未评估：{list}",
            ids.len()
        ),
        format!(
            "{} regular (定期) obligation(s) have no maximum gap (max_gap, or ledger.toml [check] regular_max_gap) and were not scored: {list}",
            ids.len()
        ),
    )
}

/// Format 1.1's context of a finding, in brackets: the person it binds or
/// concerns, the unit an event concerns, the event, and whether a sample was
/// drawn. Empty when there is none.
pub fn finding_context(
    person: Option<&str>,
    target: Option<&str>,
    event: Option<&str>,
    event_unit: Option<&str>,
    drawn: Option<bool>,
    lang: Lang,
) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(p) = person {
        parts.push(lang.pick(format!("人员：{p}"), format!("person: {p}")));
    }
    if let Some(t) = target {
        parts.push(lang.pick(format!("对象：{t}"), format!("concerning {t}")));
    }
    if let Some(e) = event {
        let at = event_unit.unwrap_or("");
        parts.push(lang.pick(format!("事件：{at} {e}"), format!("after event {e} ({at})")));
    }
    if drawn == Some(false) {
        parts.push(lang.pick(
            "尚未抽取样本：运行 ledger sample".to_owned(),
            "sample not drawn: run ledger sample".to_owned(),
        ));
    }
    if parts.is_empty() {
        return String::new();
    }
    lang.pick(
        format!("（{}）", parts.join("；")),
        format!("({})", parts.join("; ")),
    )
}

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
    lang.pick(zh, en)
}

/// One line saying what a finding is about and what is wrong, with names and
/// titles, in the reader's language. The JSON output has the same facts as fields.
///
/// `n` names the finding's ids and `missing` the units it lists as not
/// covered (the caller looks both up in the model).
pub fn describe(f: &Finding, n: &Names<'_>, missing: &[&str], lang: Lang) -> String {
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
    let missing = missing.join(list_separator(lang));
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

/// A list of unit names cut short in a table fitted to a terminal: the names
/// shown, then how many in all (`区府办、区法制办等 8 个单位`) or how many
/// more (`区府办、区法制办 and 6 more`).
pub fn cut_list(shown: &str, total: usize, rest: usize, people: bool, lang: Lang) -> String {
    let (zh, en) = if people {
        (
            format!("{shown}等 {total} 人"),
            format!("{shown} and {rest} more"),
        )
    } else {
        (
            format!("{shown}等 {total} 个单位"),
            format!("{shown} and {rest} more"),
        )
    };
    lang.pick(zh, en)
}

/// What each diagnostic code means (spec §7), one line: the SARIF rules list.
pub fn code_description(code: Code, lang: Lang) -> &'static str {
    let (zh, en) = match code {
        Code::NoRepo => (
            "找不到台账仓库（ledger.toml）",
            "No ledger repository found (ledger.toml)",
        ),
        Code::Encoding => ("文件不是 UTF-8 编码", "A file is not valid UTF-8"),
        Code::YamlSyntax => (
            "YAML 无法解析，或超出限制",
            "YAML cannot be parsed, or a limit is hit",
        ),
        Code::TomlSyntax => ("ledger.toml 无法解析", "ledger.toml cannot be parsed"),
        Code::UnknownField => ("格式中没有这个键", "A key this format does not define"),
        Code::MissingField => ("缺少必填键", "A required key is absent"),
        Code::InvalidValue => ("取值无效", "A value of the wrong type or form"),
        Code::InvalidDate => ("日期无效（应为 YYYY-MM-DD）", "Not a real YYYY-MM-DD date"),
        Code::DuplicateId => ("编号重复", "An id defined twice in its namespace"),
        Code::UnknownRef => (
            "ref 不指向任何要点、清单条目或方案级义务",
            "A ref names no point, checklist item or plan-wide obligation",
        ),
        Code::UnknownUnit => ("单位未登记", "A unit id that is not registered"),
        Code::UnitMismatch => ("unit 与文件名不一致", "unit: differs from the file name"),
        Code::UnknownKind => ("记实类别不在词表中", "A record kind outside the vocabulary"),
        Code::DateOrder => ("日期先后顺序不对", "Dates in the wrong order"),
        Code::NoDue => (
            "事项没有期限，其要点也没有 deadline",
            "An item with no due date whose point has no deadline",
        ),
        Code::NoTerm => (
            "使用了 within: term 但 ledger.toml 没有 [term]",
            "within: term is used but ledger.toml has no [term]",
        ),
        Code::FutureDate => ("日期晚于检查日期", "A date after the evaluation date"),
        Code::EmptySelector => ("选择器没有匹配任何单位", "A selector matches no unit"),
    };
    lang.pick(zh, en)
}
