//! Words of the files an office hands on: the year scope, the summary's extra
//! tables and notes, the late table's "done on" sentence, the xlsx workbook
//! and the findings CSV.

use super::Lang;

/// Column headers, sheet names and short words of the workbook and CSV.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Word {
    // Sheets.
    SheetItems,
    SheetRecords,
    SheetChecklists,
    SheetFindings,
    SheetSummary,
    // Items sheet.
    ItemId,
    ItemKind,
    Point,
    Problem,
    Measures,
    Leader,
    ResponsibleUnit,
    Owner,
    Opened,
    Deadline,
    Extensions,
    Progress,
    Evidence,
    Status,
    ClosedOn,
    // Item states.
    StateClosed,
    StateInProgress,
    StateOverdue,
    StateExtended,
    // Records sheet.
    Date,
    Unit,
    RecordId,
    RecordKind,
    Title,
    Period,
    Targets,
    Note,
    // Checklists sheet.
    Checklist,
    Group,
    ChecklistItem,
    Text,
    RecordCount,
    MarkMet,
    MarkLate,
    MarkOverdue,
    MarkPending,
    // Findings sheet and CSV.
    Category,
    FindingType,
    Ref,
    ObligationOrItem,
    Due,
    Days,
    Have,
    Need,
    DoneOn,
    NotCovered,
    MissingKinds,
    // Format 1.1 columns.
    People,
    Person,
    Concerning,
    Event,
    Sample,
    Drawn,
    NotDrawn,
    FollowUp,
    NotCoveredWho,
    // Summary additions.
    Upcoming,
    DaysLeft,
    LateDone,
    Year,
    RectClosed,
    RectTotal,
}

impl Word {
    pub fn text(self, lang: Lang) -> &'static str {
        use Word::*;
        let (zh, en) = match self {
            SheetItems => ("问题整改台账", "Items"),
            SheetRecords => ("工作记实", "Records"),
            SheetChecklists => ("责任清单落实", "Checklists"),
            SheetFindings => ("逾期临期迟办缺口", "Findings"),
            SheetSummary => ("汇总", "Summary"),
            ItemId => ("编号", "Id"),
            ItemKind => ("类别", "Kind"),
            Point => ("工作要点", "Work point"),
            Problem => ("问题", "Problem"),
            Measures => ("整改措施", "Measures"),
            Leader => ("责任领导", "Leader"),
            ResponsibleUnit => ("责任单位", "Unit"),
            Owner => ("责任人", "Owner"),
            Opened => ("立项日期", "Opened"),
            Deadline => ("整改时限", "Due"),
            Extensions => ("延期情况", "Extensions"),
            Progress => ("进展", "Progress"),
            Evidence => ("佐证材料", "Evidence"),
            Status => ("状态", "Status"),
            ClosedOn => ("销号日期", "Closed on"),
            StateClosed => ("已销号", "closed"),
            StateInProgress => ("正在推进", "in progress"),
            StateOverdue => ("逾期", "overdue"),
            StateExtended => ("已延期", "extended"),
            Date => ("日期", "Date"),
            Unit => ("单位", "Unit"),
            RecordId => ("编号", "Id"),
            RecordKind => ("类别", "Kind"),
            Title => ("标题", "Title"),
            Period => ("期间", "Period"),
            Targets => ("对象单位", "Targets"),
            Note => ("备注", "Note"),
            Checklist => ("责任清单", "Checklist"),
            Group => ("分组", "Group"),
            ChecklistItem => ("条目", "Item"),
            Text => ("内容", "Text"),
            RecordCount => ("记实数", "Records"),
            MarkMet => ("✓", "✓"),
            MarkLate => ("迟办", "late"),
            MarkOverdue => ("逾期", "overdue"),
            MarkPending => ("未到期", "pending"),
            Category => ("类别", "Category"),
            FindingType => ("类型", "Type"),
            Ref => ("要点/条目", "Point / item"),
            ObligationOrItem => ("义务/事项", "Obligation / item"),
            Due => ("期限", "Due"),
            Days => ("天数", "Days"),
            Have => ("已有", "Have"),
            Need => ("应有", "Need"),
            DoneOn => ("完成日期", "Done on"),
            NotCovered => ("未覆盖单位", "Not covered"),
            MissingKinds => ("缺少的记实类别", "Missing kinds"),
            People => ("涉及人员", "People"),
            Person => ("人员", "Person"),
            Concerning => ("人员/对象", "Person / concerning"),
            Event => ("起因事件", "Started by"),
            Sample => ("抽查", "Sample"),
            Drawn => ("已抽取", "drawn"),
            NotDrawn => ("尚未抽取", "not drawn"),
            FollowUp => ("事件后续义务", "follow-up"),
            NotCoveredWho => ("未覆盖", "Not covered"),
            Upcoming => ("未到期事项", "Open items due later"),
            DaysLeft => ("剩余天数", "Days left"),
            LateDone => ("办理情况", "Done"),
            Year => ("统计年度", "Year"),
            RectClosed => ("已销号整改事项", "Rectification closed"),
            RectTotal => ("整改事项", "Rectification items"),
        };
        lang.pick(zh, en)
    }
}

/// Item kinds as a clerk names them.
pub fn item_kind(kind: crate::model::ItemKind, lang: Lang) -> &'static str {
    use crate::model::ItemKind::*;
    let (zh, en) = match kind {
        Rectification => ("整改", "rectification"),
        Clue => ("问题线索", "clue"),
        Task => ("交办事项", "task"),
        Other => ("其他", "other"),
    };
    lang.pick(zh, en)
}

/// What a late entry was: a report filed, other work done, an item closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Done {
    Reported,
    Done,
    Closed,
}

/// `报送于 12-14，迟 4 天` / `reported 12-14, 4 days late`.
pub fn late_done(done: Done, date: &str, days: i64, lang: Lang) -> String {
    let verb = match done {
        Done::Reported => lang.pick("报送于", "reported"),
        Done::Done => lang.pick("完成于", "done"),
        Done::Closed => lang.pick("销号于", "closed"),
    };
    match lang {
        Lang::Zh => format!("{verb} {date}，迟 {days} 天"),
        Lang::En => {
            let s = if days == 1 { "" } else { "s" };
            format!("{verb} {date}, {days} day{s} late")
        }
    }
}

/// The non-met periods behind a `met/total`: `（未到期 1，逾期 1）`.
pub fn period_breakdown(pending: usize, late: usize, overdue: usize, lang: Lang) -> String {
    let mut parts = Vec::new();
    for (n, zh, en) in [
        (pending, "未到期", "pending"),
        (late, "迟办", "late"),
        (overdue, "逾期", "overdue"),
    ] {
        if n > 0 {
            parts.push(match lang {
                Lang::Zh => format!("{zh} {n}"),
                Lang::En => format!("{n} {en}"),
            });
        }
    }
    if parts.is_empty() {
        return String::new();
    }
    match lang {
        Lang::Zh => format!("（{}）", parts.join("，")),
        Lang::En => format!(" ({})", parts.join(", ")),
    }
}

/// The note under the unit table: what 整改完成率 divides.
pub fn rectification_note(lang: Lang) -> &'static str {
    lang.pick(
        "整改完成率 = 已销号的整改事项 / 整改事项（只计类别为整改 rectification 的事项，不含问题线索、交办事项和其他）",
        "Rectification rate = closed rectification items / all rectification items (kind `rectification` only; clues, tasks and other items are not counted)",
    )
}

/// The title of the table of open items due beyond `due_soon_days`.
pub fn upcoming_title(days: i64, n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("未到期事项（{days} 天以后到期）({n})"),
        Lang::En => format!("Open items due in more than {days} days ({n})"),
    }
}

/// `统计年度：2018（2018-01-01 至 2018-12-31）`.
pub fn year_line(year: i32, first: &str, last: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("统计年度：{year}（{first} 至 {last}）"),
        Lang::En => format!("Year: {year} ({first} to {last})"),
    }
}

/// `--year` for a year that has not begun.
pub fn year_not_begun(year: i32, as_of: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("--year {year}：该年度在评估日期 {as_of} 之后才开始，没有可统计的内容"),
        Lang::En => format!(
            "--year {year}: the year begins after the evaluation date {as_of}; there is nothing to count"
        ),
    }
}

/// `--year` out of range.
pub fn year_out_of_range(year: i32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("--year {year}：不是有效的年份"),
        Lang::En => format!("--year {year}: not a usable year"),
    }
}

/// The line `export` prints after writing a file.
pub fn wrote(path: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("已写入 {path}"),
        Lang::En => format!("wrote {path}"),
    }
}
