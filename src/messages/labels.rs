//! Words of the human output: table titles, column headers, statuses.

use super::Lang;

/// Labels of the human output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Label {
    Overdue,
    DueSoon,
    Late,
    Gaps,
    Unit,
    Ref,
    Obligation,
    Item,
    Period,
    Due,
    DaysOverdue,
    DaysLeft,
    DaysLate,
    Closed,
    HaveNeed,
    Missing,
    GapType,
    Detail,
    Errors,
    Warnings,
    AsOf,
    AllClear,
}

impl Label {
    pub fn text(self, lang: Lang) -> &'static str {
        use Label::*;
        let (zh, en) = match self {
            Overdue => ("逾期", "Overdue"),
            DueSoon => ("临期", "Due soon"),
            Late => ("迟办", "Late"),
            Gaps => ("缺口", "Gaps"),
            Unit => ("单位", "Unit"),
            Ref => ("要点/条目", "Point / item"),
            Obligation => ("义务/事项", "Obligation / item"),
            Item => ("事项", "Item"),
            Period => ("期间", "Period"),
            Due => ("期限", "Due"),
            DaysOverdue => ("逾期天数", "Days overdue"),
            DaysLeft => ("剩余天数", "Days left"),
            DaysLate => ("迟办天数", "Days late"),
            Closed => ("销号", "Closed"),
            HaveNeed => ("已有/应有", "Have/need"),
            Missing => ("未覆盖", "Not covered"),
            GapType => ("缺口类型", "Gap"),
            Detail => ("说明", "Detail"),
            Errors => ("错误", "errors"),
            Warnings => ("警告", "warnings"),
            AsOf => ("检查日期", "as of"),
            AllClear => ("全部按期，无缺口", "all on time, no gaps"),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// Human names of gap types.
pub fn gap_text(kind: &str, lang: Lang) -> String {
    let (zh, en) = match kind {
        "no-ledger" => ("无台账文件", "no ledger file"),
        "no-records" => ("该要点无记实", "no records on this point"),
        "missing-kind" => ("缺少要求的记实类别", "required kinds missing"),
        "checklist-item" => ("清单条目无记实", "checklist item not recorded"),
        "coverage" => ("覆盖未完成", "coverage incomplete"),
        other => (other, other),
    };
    lang.pick(zh.to_owned(), en.to_owned())
}

// ---------------------------------------------------------------------------
// `ledger summary`: table titles, column headers and point statuses.
// ---------------------------------------------------------------------------

/// Labels of `ledger summary` (human tables and CSV headers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SummaryLabel {
    Heading,
    AsOf,
    ByUnit,
    ByPoint,
    PlanTotals,
    UnitId,
    UnitName,
    PointsLed,
    PointsSupported,
    Records,
    ItemsOpen,
    ItemsClosed,
    RectificationRate,
    Overdue,
    DueSoon,
    Late,
    Gaps,
    No,
    PointId,
    PointTitle,
    Point,
    Lead,
    Periods,
    PeriodsMet,
    PeriodsTotal,
    Status,
    Points,
    Units,
    Measure,
    Value,
    StatusOnTrack,
    StatusOverdue,
    StatusGaps,
    StatusDueSoon,
    /// Shown for a rate with nothing to divide.
    None,
}

impl SummaryLabel {
    pub fn text(self, lang: Lang) -> &'static str {
        use SummaryLabel::*;
        let (zh, en) = match self {
            Heading => ("工作台账统计", "Ledger summary"),
            AsOf => ("统计日期", "As of"),
            ByUnit => ("按单位统计", "By unit"),
            ByPoint => ("按工作要点统计", "By work point"),
            PlanTotals => ("全方案合计", "Plan totals"),
            UnitId => ("单位编号", "Unit id"),
            UnitName => ("单位名称", "Unit"),
            PointsLed => ("牵头要点", "Points led"),
            PointsSupported => ("配合要点", "Points supported"),
            Records => ("工作记实", "Records"),
            ItemsOpen => ("未销号事项", "Open items"),
            ItemsClosed => ("已销号事项", "Closed items"),
            RectificationRate => ("整改完成率", "Rectification rate"),
            Overdue => ("逾期", "Overdue"),
            DueSoon => ("临期", "Due soon"),
            Late => ("迟办", "Late"),
            Gaps => ("缺口", "Gaps"),
            No => ("序号", "No."),
            PointId => ("要点编号", "Point id"),
            PointTitle => ("要点内容", "Title"),
            Point => ("工作要点", "Work point"),
            Lead => ("牵头单位", "Lead units"),
            Periods => ("义务期间 达标/应有", "Periods met/total"),
            PeriodsMet => ("义务期间达标数", "Periods met"),
            PeriodsTotal => ("义务期间应有数", "Periods total"),
            Status => ("状态", "Status"),
            Points => ("工作要点数", "Work points"),
            Units => ("单位数", "Units"),
            Measure => ("项目", "Measure"),
            Value => ("数值", "Value"),
            StatusOnTrack => ("正常", "on track"),
            StatusOverdue => ("有逾期", "overdue"),
            StatusGaps => ("有缺口", "gaps"),
            StatusDueSoon => ("有临期", "due soon"),
            None => ("—", "—"),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

// --------------------------- end of `ledger summary` -----------------------
