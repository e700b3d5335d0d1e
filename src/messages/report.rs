//! Words of the files a clerk hands on: the annual report (`ledger report`),
//! the dashboard (`ledger export html`) and the deadline calendar
//! (`ledger export ics`).

use super::Lang;
use crate::eval::PeriodState;
use crate::model::ItemKind;
use crate::report::facts::ItemState;

/// Fixed words: headings, column headers, states.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum W {
    // report headings
    Basis,
    AsOf,
    Reporter,
    Recipient,
    RecipientName,
    SecOverview,
    SecUnits,
    SecPointsLed,
    SecPointsAll,
    SecPlanWide,
    SecItems,
    SecIssues,
    SubRecords,
    SubObligations,
    SubItems,
    SubFindings,
    IssuesOverdue,
    IssuesDueSoon,
    IssuesLate,
    IssuesGaps,
    None,
    NoRecords,
    // column headers
    Date,
    Unit,
    Kind,
    Work,
    Evidence,
    Obligation,
    Periods,
    No,
    Item,
    ItemKind,
    Due,
    Closed,
    State,
    Progress,
    Ref,
    Detail,
    PointsLed,
    Records,
    Items,
    ItemsClosed,
    Rectification,
    Overdue,
    DueSoon,
    Late,
    Gaps,
    Period,
    // dashboard
    DashTitle,
    Heatmap,
    Timeline,
    ByUnit,
    ByPoint,
    StateMet,
    StateNotDue,
    StateNone,
    Upcoming,
    OverdueWork,
    Today,
    Checklists,
    PlanObligations,
}

impl W {
    pub(crate) fn text(self, lang: Lang) -> &'static str {
        use W::*;
        let (zh, en) = match self {
            Basis => ("依据", "Basis"),
            AsOf => ("统计截至", "As of"),
            Reporter => ("报送单位", "Reporting unit"),
            Recipient => ("报送对象", "To"),
            RecipientName => (
                "区党廉办",
                "the district clean-government office (区党廉办)",
            ),
            SecOverview => ("一、总体情况", "1. Overview"),
            SecUnits => ("各单位落实情况", "By unit"),
            SecPointsLed => ("二、牵头工作要点落实情况", "2. Work points led"),
            SecPointsAll => ("二、各工作要点落实情况", "2. Work points"),
            SecPlanWide => (
                "三、方案级义务和责任清单",
                "3. Plan-wide obligations and checklists",
            ),
            SecItems => ("四、问题整改进展", "4. Rectification progress"),
            SecIssues => ("五、存在的问题", "5. Open, late and missing work"),
            SubRecords => ("工作记实", "Work done"),
            SubObligations => ("周期性义务", "Recurring obligations"),
            SubItems => ("事项", "Items"),
            SubFindings => ("存在问题", "Issues"),
            IssuesOverdue => ("（一）逾期未完成", "5.1 Overdue"),
            IssuesDueSoon => ("（二）即将到期", "5.2 Due soon"),
            IssuesLate => ("（三）迟办", "5.3 Done late"),
            IssuesGaps => ("（四）缺口", "5.4 Gaps"),
            None => ("无。", "None."),
            NoRecords => ("本年度无工作记实。", "No work recorded this year."),
            Date => ("日期", "Date"),
            Unit => ("单位", "Unit"),
            Kind => ("类别", "Kind"),
            Work => ("工作内容", "Work"),
            Evidence => ("文号/佐证", "Document no. / evidence"),
            Obligation => ("义务", "Obligation"),
            Periods => ("各期情况", "Periods"),
            No => ("编号", "Id"),
            Item => ("事项", "Item"),
            ItemKind => ("类别", "Kind"),
            Due => ("期限", "Due"),
            Closed => ("销号", "Closed"),
            State => ("状态", "State"),
            Progress => ("最新进展", "Latest progress"),
            Ref => ("要点/条目", "Point / item"),
            Detail => ("说明", "Detail"),
            PointsLed => ("牵头要点", "Points led"),
            Records => ("工作记实", "Records"),
            Items => ("事项", "Items"),
            ItemsClosed => ("已销号", "Closed"),
            Rectification => ("整改完成率", "Rectification rate"),
            Overdue => ("逾期", "Overdue"),
            DueSoon => ("临期", "Due soon"),
            Late => ("迟办", "Late"),
            Gaps => ("缺口", "Gaps"),
            Period => ("期间", "Period"),
            DashTitle => ("工作台账看板", "Ledger dashboard"),
            Heatmap => ("单位 × 工作要点", "Units × work points"),
            Timeline => ("期限时间轴", "Due dates"),
            ByUnit => ("按单位查看", "By unit"),
            ByPoint => ("按工作要点查看", "By work point"),
            StateMet => ("按期", "met"),
            StateNotDue => ("未到期", "not due"),
            StateNone => ("不涉及", "not involved"),
            Upcoming => ("即将到期", "Coming up"),
            OverdueWork => ("逾期工作", "Overdue work"),
            Today => ("今日", "today"),
            Checklists => ("责任清单", "Checklists"),
            PlanObligations => ("方案级义务", "Plan-wide"),
        };
        lang.pick(zh, en)
    }
}

/// The report's title.
pub(crate) fn report_title(unit: Option<&str>, year: i32, doc: Option<&str>, lang: Lang) -> String {
    let doc = doc.unwrap_or_default();
    match (unit, lang) {
        (Some(u), Lang::Zh) => format!("{u}{year}年度贯彻落实{doc}工作情况报告"),
        (None, Lang::Zh) => format!("{year}年度贯彻落实{doc}工作情况汇总报告"),
        (Some(u), Lang::En) => format!("{u}: implementation of {doc} in {year}"),
        (None, Lang::En) => format!("Implementation of {doc} in {year}: all units"),
    }
}

/// The overview paragraph's numbers.
pub(crate) struct OverviewNumbers<'a> {
    pub(crate) points: usize,
    pub(crate) records: usize,
    pub(crate) items: usize,
    pub(crate) items_closed: usize,
    pub(crate) rectification: Option<(usize, usize, String)>,
    pub(crate) periods: usize,
    pub(crate) periods_met: usize,
    pub(crate) overdue: usize,
    pub(crate) due_soon: usize,
    pub(crate) late: usize,
    pub(crate) gaps: usize,
    pub(crate) unit: Option<&'a str>,
}

pub(crate) fn overview(n: &OverviewNumbers<'_>, lang: Lang) -> String {
    let rect = match (&n.rectification, lang) {
        (Some((d, t, p)), Lang::Zh) => format!("整改类事项完成 {d}/{t}（{p}）；"),
        (Some((d, t, p)), Lang::En) => format!(" rectification items closed {d}/{t} ({p});"),
        (None, Lang::Zh) => "无整改类事项；".to_owned(),
        (None, Lang::En) => " no rectification items;".to_owned(),
    };
    match lang {
        Lang::Zh => format!(
            "{}工作要点 {} 个，本年度工作记实 {} 条；事项 {} 件，已销号 {} 件；{}周期性义务应完成 {} 期，按期完成 {} 期。截至统计日期，逾期 {} 项，临期 {} 项，迟办 {} 项，缺口 {} 项。",
            if n.unit.is_some() {
                "牵头"
            } else {
                "全方案共"
            },
            n.points,
            n.records,
            n.items,
            n.items_closed,
            rect,
            n.periods,
            n.periods_met,
            n.overdue,
            n.due_soon,
            n.late,
            n.gaps
        ),
        Lang::En => format!(
            "{} {} work point{}; {} record{} this year; {} item{}, {} closed;{} {} obligation period{} in the year, {} met on time. As of the report date: {} overdue, {} due soon, {} late, {} gap{}.",
            if n.unit.is_some() {
                "Leads"
            } else {
                "The plan has"
            },
            n.points,
            s(n.points),
            n.records,
            s(n.records),
            n.items,
            s(n.items),
            n.items_closed,
            rect,
            n.periods,
            s(n.periods),
            n.periods_met,
            n.overdue,
            n.due_soon,
            n.late,
            n.gaps,
            s(n.gaps)
        ),
    }
}

fn s(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

pub(crate) fn lead_support(lead: &str, support: &str, lang: Lang) -> String {
    match (support.is_empty(), lang) {
        (true, Lang::Zh) => format!("牵头单位：{lead}。"),
        (false, Lang::Zh) => format!("牵头单位：{lead}；配合单位：{support}。"),
        (true, Lang::En) => format!("Lead: {lead}."),
        (false, Lang::En) => format!("Lead: {lead}; support: {support}."),
    }
}

/// The list separator of names.
pub(crate) fn join(names: &[String], lang: Lang) -> String {
    names.join(lang.pick("、", ", "))
}

pub(crate) fn period_state(s: PeriodState, lang: Lang) -> &'static str {
    let (zh, en) = match s {
        PeriodState::Met => ("按期完成", "met"),
        PeriodState::Pending => ("未到期", "not yet due"),
        PeriodState::Late => ("迟办", "late"),
        PeriodState::Overdue => ("逾期未完成", "overdue"),
    };
    lang.pick(zh, en)
}

/// One period in a cell: `2018-H2 迟办（2019-01-05 完成，迟 5 天）`.
pub(crate) fn period_cell(
    label: &str,
    state: PeriodState,
    done: Option<&str>,
    days_late: Option<i64>,
    lang: Lang,
) -> String {
    let word = period_state(state, lang);
    match (state, done, days_late, lang) {
        (PeriodState::Late, Some(d), Some(n), Lang::Zh) => {
            format!("{label} {word}（{d} 完成，迟 {n} 天）")
        }
        (PeriodState::Late, Some(d), Some(n), Lang::En) => {
            format!("{label} {word} (done {d}, {n} day{} late)", s(n as usize))
        }
        (PeriodState::Met, Some(d), _, Lang::Zh) => format!("{label} {word}（{d}）"),
        (PeriodState::Met, Some(d), _, Lang::En) => format!("{label} {word} ({d})"),
        _ => format!("{label} {word}"),
    }
}

pub(crate) fn item_state(s: ItemState, lang: Lang) -> &'static str {
    let (zh, en) = match s {
        ItemState::Closed => ("已销号", "closed"),
        ItemState::Open => ("正在推进", "in progress"),
        ItemState::Overdue => ("逾期", "overdue"),
        ItemState::Extended => ("已延期", "extended"),
    };
    lang.pick(zh, en)
}

/// An item's state with its days: `逾期 34 天`, `已销号（迟 8 天）`.
pub(crate) fn item_state_cell(
    s: ItemState,
    days_overdue: Option<i64>,
    days_late: Option<i64>,
    lang: Lang,
) -> String {
    let word = item_state(s, lang);
    match (s, days_overdue, days_late, lang) {
        (ItemState::Overdue, Some(n), _, Lang::Zh) => format!("{word} {n} 天"),
        (ItemState::Overdue, Some(n), _, Lang::En) => format!("{word} {n} day{}", s_i(n)),
        (ItemState::Closed, _, Some(n), Lang::Zh) => format!("{word}（迟 {n} 天）"),
        (ItemState::Closed, _, Some(n), Lang::En) => format!("{word} ({n} day{} late)", s_i(n)),
        _ => word.to_owned(),
    }
}

fn s_i(n: i64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

pub(crate) fn item_kind(k: ItemKind, lang: Lang) -> &'static str {
    let (zh, en) = match k {
        ItemKind::Rectification => ("整改", "rectification"),
        ItemKind::Clue => ("问题线索", "clue"),
        ItemKind::Task => ("交办事项", "task"),
        ItemKind::Other => ("其他", "other"),
    };
    lang.pick(zh, en)
}

/// `（延期 1 次）` after a due date moved by extensions.
pub(crate) fn extended(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("（延期 {n} 次）"),
        Lang::En => format!("(extended {n}×)"),
    }
}

pub(crate) fn days_overdue(n: i64, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("逾期 {n} 天"),
        Lang::En => format!("{n} day{} overdue", s_i(n)),
    }
}

pub(crate) fn days_left(n: i64, lang: Lang) -> String {
    match (n, lang) {
        (0, Lang::Zh) => "今日到期".to_owned(),
        (0, Lang::En) => "due today".to_owned(),
        (_, lang) => days_left_n(n, lang),
    }
}

fn days_left_n(n: i64, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("剩 {n} 天"),
        Lang::En => format!("{n} day{} left", s_i(n)),
    }
}

/// A late finding: `2018-11-02 销号，迟 8 天`, or for an obligation period
/// `2019-01-05 完成，迟 5 天`, or without a date `期限后才完成`.
pub(crate) fn late_detail(done: Option<&str>, days: Option<i64>, item: bool, lang: Lang) -> String {
    match (done, days, lang) {
        (Some(d), Some(n), Lang::Zh) => {
            format!("{d} {}，迟 {n} 天", if item { "销号" } else { "完成" })
        }
        (Some(d), Some(n), Lang::En) => format!(
            "{} {d}, {n} day{} late",
            if item { "closed" } else { "done" },
            s_i(n)
        ),
        (_, _, Lang::Zh) => "期限后才完成".to_owned(),
        (_, _, Lang::En) => "done after the due date".to_owned(),
    }
}

pub(crate) fn coverage_detail(have: usize, need: usize, missing: &str, lang: Lang) -> String {
    match (missing.is_empty(), lang) {
        (true, Lang::Zh) => format!("已覆盖/应覆盖 {have}/{need}"),
        (false, Lang::Zh) => format!("已覆盖/应覆盖 {have}/{need}；未覆盖：{missing}"),
        (true, Lang::En) => format!("covered {have}/{need}"),
        (false, Lang::En) => format!("covered {have}/{need}; not covered: {missing}"),
    }
}

pub(crate) fn missing_kinds(kinds: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("缺少：{kinds}"),
        Lang::En => format!("missing: {kinds}"),
    }
}

pub(crate) fn have_need(have: usize, need: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("已有/应有 {have}/{need}"),
        Lang::En => format!("have/need {have}/{need}"),
    }
}

pub(crate) fn records_hidden(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("另有 {n} 条较早的工作记实未列出，详见年度报告（ledger report）。"),
        Lang::En => format!(
            "{n} earlier record{} not listed; see the annual report (ledger report).",
            s(n)
        ),
    }
}

pub(crate) fn year_not_begun(year: i32, as_of: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("--year {year}：该年度在检查日期 {as_of} 之后，尚无可报告的内容"),
        Lang::En => format!("--year {year}: the year begins after the evaluation date {as_of}"),
    }
}

pub(crate) fn not_a_unit(unit: &str, hint: Option<&str>, lang: Lang) -> String {
    match (hint, lang) {
        (Some(h), Lang::Zh) => format!("--unit {unit}：不是已登记的单位；是否为 `{h}`？"),
        (None, Lang::Zh) => format!("--unit {unit}：不是已登记的单位"),
        (Some(h), Lang::En) => format!("--unit {unit}: not a registered unit; did you mean `{h}`?"),
        (None, Lang::En) => format!("--unit {unit}: not a registered unit"),
    }
}

/// `--unit` naming a body that keeps no ledger (1.1 `reported_by`).
pub(crate) fn reported_body(
    unit: &str,
    name: &str,
    office: &str,
    office_name: &str,
    lang: Lang,
) -> String {
    match lang {
        Lang::Zh => format!(
            "--unit {unit}：{name}不建台账，其工作由{office_name}记实，写入{office_name}的报告：--unit {office}"
        ),
        Lang::En => format!(
            "--unit {unit}: {name} keeps no ledger; {office_name} records its work, and {office_name}'s report has it: --unit {office}"
        ),
    }
}

/// `--unit` naming a group (1.1 `members`).
pub(crate) fn group_unit(unit: &str, name: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("--unit {unit}：{name}是统称，由成员单位分别报告；请指定成员单位"),
        Lang::En => format!(
            "--unit {unit}: {name} is a group; its member units report each for itself: name one of them"
        ),
    }
}

/// Calendar event words.
pub(crate) fn ics_summary(unit: &str, title: &str, period: Option<&str>, lang: Lang) -> String {
    match (period, lang) {
        (Some(p), Lang::Zh) => format!("【期限】{unit}：{title}（{p}）"),
        (None, Lang::Zh) => format!("【期限】{unit}：{title}"),
        (Some(p), Lang::En) => format!("Due: {unit}: {title} ({p})"),
        (None, Lang::En) => format!("Due: {unit}: {title}"),
    }
}

pub(crate) fn ics_reminder(lang: Lang) -> &'static str {
    lang.pick("7 天后到期", "due in 7 days")
}

/// Format 1.1: whom or what a finding, an obligation period or a due concerns,
/// for the hand-on files (report, dashboard, workbook, calendar): the person
/// it binds or concerns, the unit an event concerns, the event that started
/// it, and whether a sample was drawn. Each part is already named; `None`
/// leaves it out. Empty when there is nothing to say.
pub(crate) struct Concerning<'a> {
    pub(crate) person: Option<&'a str>,
    pub(crate) target: Option<&'a str>,
    /// `2022-01-17 市委组织部 zzb-2022-101 任命海淀区委书记`.
    pub(crate) event: Option<&'a str>,
    pub(crate) drawn: Option<bool>,
}

impl Concerning<'_> {
    /// The parts, each a short phrase: `人员：邵某`, `对象：海淀区委`,
    /// `起因：…`, `样本尚未抽取`.
    pub(crate) fn parts(&self, lang: Lang) -> Vec<String> {
        let mut parts = Vec::new();
        if let Some(p) = self.person {
            parts.push(lang.pick(format!("人员：{p}"), format!("person: {p}")));
        }
        if let Some(t) = self.target {
            parts.push(lang.pick(format!("对象：{t}"), format!("concerning {t}")));
        }
        if let Some(e) = self.event {
            parts.push(lang.pick(format!("起因：{e}"), format!("after {e}")));
        }
        match self.drawn {
            Some(false) => parts.push(lang.pick("样本尚未抽取", "sample not drawn yet").to_owned()),
            Some(true) => parts.push(lang.pick("按抽取名单", "of the drawn sample").to_owned()),
            None => {}
        }
        parts
    }

    /// The parts in brackets after a title: `（人员：邵某；起因：…）`.
    pub(crate) fn bracketed(&self, lang: Lang) -> String {
        let parts = self.parts(lang);
        if parts.is_empty() {
            return String::new();
        }
        lang.pick(
            format!("（{}）", parts.join("；")),
            format!(" ({})", parts.join("; ")),
        )
    }
}

/// The event that started a follow-up: `2022-01-17 市委组织部 zzb-2022-101 任命海淀区委书记`.
/// The same in either language: a date, names and the clerk's words.
pub(crate) fn event_text(date: &str, unit: &str, title: &str, id: &str) -> String {
    format!("{date} {unit} {id} {title}").trim().to_owned()
}

/// A unit as the plan names it, with the unit that records for it when it
/// keeps no ledger (1.1 `reported_by`): `区党风廉政建设领导小组（区党廉办记实）`.
pub(crate) fn reported_by(name: &str, office: &str, lang: Lang) -> String {
    lang.pick(
        format!("{name}（{office}记实）"),
        format!("{name} (recorded by {office})"),
    )
}

/// A unit that records for bodies without a ledger of their own:
/// `区党廉办（兼记区党风廉政建设领导小组）`.
pub(crate) fn records_for(name: &str, bodies: &str, lang: Lang) -> String {
    lang.pick(
        format!("{name}（兼记{bodies}）"),
        format!("{name} (also recording for {bodies})"),
    )
}

/// The list ends in 等 (1.1 `support_open`): the plan names these and others.
pub(crate) fn open_list(list: &str, lang: Lang) -> String {
    lang.pick(format!("{list}等"), format!("{list}, and others"))
}
