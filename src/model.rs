//! The file format as Rust types: `ledger.toml`, `plan/*.yaml`, `units/*.yaml`.
//!
//! These types are filled by [`crate::decode`] (structure) and checked by
//! [`crate::validate`] (meaning); the evaluator reads them. They also generate
//! the committed JSON Schemas in `schema/` (`ledger schema`), so the doc
//! comments here are what an editor shows the clerk: Chinese first, then English.
//!
//! Every value a diagnostic may point at is [`Spanned`]: an error found after
//! decoding (an unknown `ref` in record 37) still has its own line and column.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::dates::{Cadence, Date, Duration, MonthDay, Period, Share};
use crate::source::Span;

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

impl<T: JsonSchema> JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

macro_rules! string_schema {
    ($ty:ty, $name:literal, $schema:tt) => {
        impl JsonSchema for $ty {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!($schema)
            }
        }
    };
}

/// An id: letters, digits, `.`, `_`, `-`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(pub String);
string_schema!(Id, "Id", {
    "type": "string",
    "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$",
    "description": "编号：字母、数字和 . _ -，以字母或数字开头 / id: letters, digits, `.`, `_`, `-`"
});

/// A unit id (单位编号), which is also the unit's ledger file name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnitId(pub String);
string_schema!(UnitId, "UnitId", {
    "type": "string",
    "pattern": "^[a-z0-9][a-z0-9-]*$",
    "description": "单位编号（即台账文件名）：小写字母、数字、连字符 / unit id (the ledger's file name): lowercase letters, digits, `-`"
});

string_schema!(Cadence, "Cadence", {
    "enum": ["month", "quarter", "half-year", "year"],
    "description": "周期：每月、每季度、每半年、每年 / period: month, quarter, half-year, year"
});
string_schema!(Duration, "Duration", {
    "type": "string",
    "pattern": "^\\s*[0-9]+\\s*(days?|weeks?|months?|years?|天|周|个月|年)\\s*$",
    "description": "期限，如 3个月、15天、2周、1年 或 3 months / a duration: `3 months`, `15 days`, 3个月"
});
string_schema!(Share, "Share", {
    "type": "string",
    "pattern": "^[0-9]{1,3}(\\.[0-9]{1,2})?%$",
    "description": "比例（百分数，0 < P ≤ 100）/ share of targets, `P%` with 0 < P ≤ 100"
});
string_schema!(MonthDay, "MonthDay", {
    "type": "string",
    "pattern": "^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
    "description": "每年的期限日 MM-DD，如 12-10 / the yearly due day, MM-DD"
});
string_schema!(Period, "Period", {
    "anyOf": [
        {"type": "string", "pattern": "^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4]|-H[12])?$"},
        {"type": "integer", "minimum": 1000, "maximum": 9999}
    ],
    "description": "期间：2018（年）、2018-03（月）、2018-Q3（季度）、2018-H2（半年）/ period label"
});

/// `window: last-month`: only records dated in the period's last month count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Window {
    LastMonth,
}
string_schema!(Window, "Window", {
    "enum": ["last-month"],
    "description": "只计期间最后一个月内的记实 / only records dated in the period's last month count"
});

/// `within:` of a coverage obligation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Within {
    Term,
    Year,
}
string_schema!(Within, "Within", {
    "enum": ["term", "year"],
    "description": "覆盖窗口：一届任期（term）或每个自然年（year）/ coverage window: the term or each calendar year"
});

/// Who an obligation binds, whom a checklist applies to, what a coverage obligation covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selector {
    Lead,
    Support,
    Duties,
    All,
    Leads,
    Units(Vec<Spanned<UnitId>>),
    Tags(Vec<Spanned<String>>),
}

impl Selector {
    pub fn word(&self) -> Option<&'static str> {
        Some(match self {
            Selector::Lead => "lead",
            Selector::Support => "support",
            Selector::Duties => "duties",
            Selector::All => "all",
            Selector::Leads => "leads",
            _ => return None,
        })
    }
}

string_schema!(Selector, "Selector", {
    "description": "单位选择器：lead（牵头）、support（配合）、duties（分工单位）、all、leads（方案级：所有牵头单位），或 {units: […]}、{tags: […]} / unit selector",
    "oneOf": [
        {"enum": ["lead", "support", "duties", "all", "leads"]},
        {"type": "object", "properties": {"units": {"type": "array", "items": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}}},
         "required": ["units"], "additionalProperties": false},
        {"type": "object", "properties": {"tags": {"type": "array", "items": {"type": "string"}}},
         "required": ["tags"], "additionalProperties": false}
    ]
});

/// 事项类别 / the kind of an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ItemKind {
    Rectification,
    Clue,
    Task,
    Other,
}

impl ItemKind {
    pub const NAMES: &'static [&'static str] = &["rectification", "clue", "task", "other"];
    pub fn parse(s: &str) -> Option<ItemKind> {
        Some(match s {
            "rectification" => ItemKind::Rectification,
            "clue" => ItemKind::Clue,
            "task" => ItemKind::Task,
            "other" => ItemKind::Other,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}
string_schema!(ItemKind, "ItemKind", {
    "enum": ["rectification", "clue", "task", "other"],
    "description": "事项类别：整改、问题线索、交办事项、其他 / rectification, problem clue, assigned task, other"
});

/// 问题线索处置方式 / how a problem clue was disposed of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Disposal {
    TalkInquiry,
    PreliminaryCheck,
    Hold,
    Close,
}

impl Disposal {
    pub const NAMES: &'static [&'static str] = &[
        "谈话函询",
        "初步核实",
        "暂存待查",
        "予以了结",
        "talk-inquiry",
        "preliminary-check",
        "hold",
        "close",
    ];
    pub fn parse(s: &str) -> Option<Disposal> {
        Some(match s {
            "谈话函询" | "talk-inquiry" => Disposal::TalkInquiry,
            "初步核实" | "preliminary-check" => Disposal::PreliminaryCheck,
            "暂存待查" | "hold" => Disposal::Hold,
            "予以了结" | "close" => Disposal::Close,
            _ => return None,
        })
    }
}
string_schema!(Disposal, "Disposal", {
    "enum": ["谈话函询", "初步核实", "暂存待查", "予以了结", "talk-inquiry", "preliminary-check", "hold", "close"],
    "description": "处置方式（仅问题线索）/ disposal of a clue"
});

/// The default record kinds (记实类别), spec §5.1: key and Chinese label.
pub const DEFAULT_KINDS: &[(&str, &str)] = &[
    ("mechanism", "机制"),
    ("checklist", "清单"),
    ("rules", "制度细则"),
    ("ledger", "台账"),
    ("assessment", "考核"),
    ("meeting", "会议"),
    ("report", "报告报送"),
    ("talk", "谈话约谈"),
    ("inspection", "巡察检查"),
    ("training", "教育培训"),
    ("review", "述责述廉评议"),
    ("disclosure", "通报公开"),
    ("audit", "审计"),
    ("other", "其他"),
];

// ---------------------------------------------------------------- ledger.toml

/// 台账仓库设置（ledger.toml）/ repository settings.
#[derive(Clone, Debug, Default, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields, title = "ledger.toml")]
pub struct Config {
    /// 仓库标题 / repository title
    pub title: Option<Spanned<String>>,
    /// 区（县）名，写入 `ledger export` 的每一行；缺省时用仓库标题 / the district's name, written into every row of `ledger export`; without it the title is used
    pub district: Option<Spanned<String>>,
    /// 届期；使用 `within: term` 时必填 / the term (届期); required when an obligation uses `within: term`
    pub term: Option<Term>,
    /// 检查设置 / check settings
    #[schemars(default)]
    pub check: CheckSettings,
    /// 留痕审计设置 / audit settings
    #[schemars(default)]
    pub audit: AuditSettings,
}

/// 届期 / the term of office.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Term {
    /// 开始日期 / first day
    pub start: Spanned<Date>,
    /// 结束日期 / last day
    pub end: Spanned<Date>,
}

#[derive(Clone, Debug, Default, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CheckSettings {
    /// 临期提醒天数，默认 30 / days before a due date that count as due soon (default 30)
    pub due_soon_days: Option<Spanned<u32>>,
    /// 固定检查日期（存档或演示仓库）/ pinned evaluation date
    pub as_of: Option<Spanned<Date>>,
    /// 额外的记实类别 / extra record kinds
    #[schemars(default)]
    pub kinds: Vec<Spanned<Id>>,
}

#[derive(Clone, Debug, Default, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct AuditSettings {
    /// 补记阈值天数，默认 30 / a record first committed more than this many days after its date is backfilled (default 30)
    pub backfill_days: Option<Spanned<u32>>,
    /// 审计基线提交：此提交及其祖先不再审计 / the trail is not judged up to and including this commit
    pub baseline: Option<Spanned<String>>,
    /// 审计基线日期：此日期前提交的不再审计 / the trail is not judged before the first commit committed on or after this day
    pub baseline_date: Option<Spanned<Date>>,
}

// ---------------------------------------------------------------- plan/*.yaml

/// 方案文件（plan/*.yaml）/ a plan file.
#[derive(Clone, Debug, Default, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields, title = "plan/*.yaml")]
pub struct PlanFile {
    /// 方案头（本文件定义的一切适用）/ plan header; applies to everything this file defines
    pub plan: Option<PlanHeader>,
    /// 单位名册 / units registry
    #[schemars(default)]
    pub units: Vec<Unit>,
    /// 工作要点 / work points
    #[schemars(default)]
    pub points: Vec<Point>,
    /// 责任清单 / responsibility checklists
    #[schemars(default)]
    pub checklists: Vec<Checklist>,
    /// 方案级义务 / plan-wide obligations
    #[schemars(default)]
    pub obligations: Vec<Obligation>,
}

#[derive(Clone, Debug, Default, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PlanHeader {
    /// 方案编号 / plan id
    pub id: Option<Spanned<Id>>,
    /// 方案标题 / title
    pub title: Option<Spanned<String>>,
    /// 文号，如 越党廉〔2018〕3号 / document number
    pub doc_no: Option<Spanned<String>>,
    /// 印发日期 / issue date
    pub issued: Option<Spanned<Date>>,
    /// 起算日期，默认为印发日期 / start of scope (default: issued)
    pub start: Option<Spanned<Date>>,
    /// 截止日期 / end of scope
    pub end: Option<Spanned<Date>>,
    /// 每个牵头单位在其牵头的每个要点上必须具备的记实类别（如有制度、有台账）/ record kinds every lead unit must have on every point it leads
    #[schemars(default)]
    pub requires: Vec<Spanned<Id>>,
    /// 可修改本方案文件的人（CODEOWNERS）/ who may change this plan file
    #[schemars(default)]
    pub owners: Vec<Spanned<String>>,
}

/// 单位 / a unit that keeps a ledger.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Unit {
    /// 单位编号 / unit id
    pub id: Spanned<UnitId>,
    /// 单位名称 / name
    pub name: Spanned<String>,
    /// 标签，供选择器和清单使用 / tags, used by selectors and checklists
    #[schemars(default)]
    pub tags: Vec<Spanned<String>>,
    /// 上级单位 / parent unit
    pub parent: Option<Spanned<UnitId>>,
    /// 可修改该单位台账的人（CODEOWNERS）/ who may change this unit's ledger
    #[schemars(default)]
    pub owners: Vec<Spanned<String>>,
}

/// 工作要点 / a work point.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Point {
    /// 要点编号 / point id
    pub id: Spanned<Id>,
    /// 序号 / display number
    pub no: Option<Spanned<u32>>,
    /// 所属部分 / section heading
    pub section: Option<Spanned<String>>,
    /// 标题 / title
    pub title: Spanned<String>,
    /// 全文 / full text
    pub text: Option<Spanned<String>>,
    /// 牵头单位 / lead units
    pub lead: Vec<Spanned<UnitId>>,
    /// 配合单位 / supporting units
    #[schemars(default)]
    pub support: Vec<Spanned<UnitId>>,
    /// 分工：要点的某一方面由某单位负责 / parts of the point assigned to one unit
    #[schemars(default)]
    pub duties: Vec<Duty>,
    /// 事项默认期限，从立项日起算 / default due for items on this point, counted from `opened`
    pub deadline: Option<Spanned<Duration>>,
    /// 要点上的义务 / obligations on this point
    #[schemars(default)]
    pub obligations: Vec<Obligation>,
}

#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Duty {
    /// 方面 / aspect
    pub aspect: Spanned<String>,
    /// 负责单位 / the unit
    pub unit: Spanned<UnitId>,
}

/// 责任清单 / a responsibility checklist.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Checklist {
    /// 清单编号 / checklist id
    pub id: Spanned<Id>,
    /// 标题 / title
    pub title: Spanned<String>,
    /// 适用单位 / the units it applies to
    pub applies_to: Spanned<Selector>,
    /// 条目 / items
    pub items: Vec<ChecklistItem>,
}

/// 清单条目；有 every 时为周期性义务 / a checklist item; with `every` it is a recurring obligation.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ChecklistItem {
    /// 条目编号 / item id
    pub id: Spanned<Id>,
    /// 分组 / group heading
    pub group: Option<Spanned<String>>,
    /// 条目原文 / text
    pub text: Spanned<String>,
    /// 周期 / recurrence
    pub every: Option<Spanned<Cadence>>,
    /// 每期至少记实条数，默认 1 / records needed per period (default 1)
    pub min: Option<Spanned<u32>>,
    /// 年度期限 MM-DD（仅 every: year）/ yearly due day (`every: year` only)
    pub due: Option<Spanned<MonthDay>>,
    /// 只计最后一个月 / only the period's last month counts
    pub window: Option<Spanned<Window>>,
}

/// 义务：周期型（every）或覆盖型（cover）/ an obligation: recurring (`every`) or coverage (`cover`).
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Obligation {
    /// 义务编号 / obligation id
    pub id: Spanned<Id>,
    /// 标题 / title
    pub title: Spanned<String>,
    /// 义务单位；要点上默认 lead，方案级必填 / who must fulfil it (default `lead` on points; required plan-wide)
    pub who: Option<Spanned<Selector>>,
    /// 只计该类别的记实 / only records of this kind count
    pub kind: Option<Spanned<Id>>,
    /// 起始日期 / narrows the plan's start
    pub from: Option<Spanned<Date>>,
    /// 截止日期 / narrows the plan's end
    pub until: Option<Spanned<Date>>,
    /// 周期 / recurrence
    pub every: Option<Spanned<Cadence>>,
    /// 每期至少记实条数，默认 1 / records needed per period (default 1)
    pub min: Option<Spanned<u32>>,
    /// 年度期限 MM-DD（仅 every: year）/ yearly due day (`every: year` only)
    pub due: Option<Spanned<MonthDay>>,
    /// 只计最后一个月 / only the period's last month counts
    pub window: Option<Spanned<Window>>,
    /// 覆盖对象 / coverage targets
    pub cover: Option<Spanned<Selector>>,
    /// 覆盖窗口 / coverage window
    pub within: Option<Spanned<Within>>,
    /// 覆盖比例，默认 100% / share of targets to cover (default 100%)
    pub share: Option<Spanned<Share>>,
}

// ---------------------------------------------------------------- units/*.yaml

/// 单位台账（units/<单位编号>.yaml）/ a unit's ledger.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields, title = "units/<unit-id>.yaml")]
pub struct LedgerFile {
    /// 单位编号，须与文件名一致 / the unit id; must equal the file name
    pub unit: Spanned<UnitId>,
    /// 填报人 / clerk
    pub clerk: Option<Spanned<String>>,
    /// 工作记实 / records of work done
    #[schemars(default)]
    pub records: Vec<Record>,
    /// 事项（整改、线索、交办）/ items with deadlines
    #[schemars(default)]
    pub items: Vec<Item>,
}

/// 工作记实 / a dated record of work done.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Record {
    /// 记实编号（文件内唯一）/ id, unique within the file
    pub id: Spanned<Id>,
    /// 日期 / date
    pub date: Spanned<Date>,
    /// 所属要点、清单条目或方案级义务 / the point, checklist item or plan-wide obligation
    #[schemars(rename = "ref")]
    pub ref_: Spanned<Id>,
    /// 类别 / kind
    pub kind: Spanned<Id>,
    /// 标题 / title
    pub title: Spanned<String>,
    /// 明确归属的期间 / explicit period attribution
    pub period: Option<Spanned<Period>>,
    /// 工作对象单位 / the unit this work covered
    pub target: Option<Spanned<UnitId>>,
    /// 多个工作对象单位 / several units covered
    #[schemars(default)]
    pub targets: Vec<Spanned<UnitId>>,
    /// 佐证材料：文号或文件路径 / evidence: document numbers or file paths
    #[schemars(default)]
    pub evidence: Vec<Spanned<String>>,
    /// 说明 / note
    pub note: Option<Spanned<String>>,
    /// 作废（保留留痕）/ struck out, kept for the trail
    pub void: Option<Void>,
}

/// 事项 / an item with a deadline that must be closed (销号).
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Item {
    /// 事项编号（文件内唯一）/ id, unique within the file
    pub id: Spanned<Id>,
    /// 类别 / kind
    pub kind: Spanned<ItemKind>,
    /// 所属要点、清单条目或方案级义务 / the point, checklist item or plan-wide obligation
    #[schemars(rename = "ref")]
    pub ref_: Spanned<Id>,
    /// 标题 / title
    pub title: Spanned<String>,
    /// 来源 / source
    pub source: Option<Spanned<String>>,
    /// 责任人 / person responsible
    pub owner: Option<Spanned<String>>,
    /// 责任领导 / leader responsible
    pub leader: Option<Spanned<String>>,
    /// 整改措施 / measures
    pub measures: Option<Spanned<String>>,
    /// 立项日期 / opened
    pub opened: Spanned<Date>,
    /// 期限（要点有 deadline 时可省略）/ due date (optional when the point has a deadline)
    pub due: Option<Spanned<Date>>,
    /// 延期 / extensions
    #[schemars(default)]
    pub extensions: Vec<Extension>,
    /// 销号日期 / closed
    pub closed: Option<Spanned<Date>>,
    /// 处置方式（仅问题线索）/ disposal (clues only)
    pub disposal: Option<Spanned<Disposal>>,
    /// 进展 / progress notes
    #[schemars(default)]
    pub progress: Vec<Progress>,
    /// 佐证材料 / evidence
    #[schemars(default)]
    pub evidence: Vec<Spanned<String>>,
    /// 作废 / struck out
    pub void: Option<Void>,
}

/// 延期 / an extension moving the due date.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Extension {
    /// 批准延期的日期 / the day it was granted
    pub date: Spanned<Date>,
    /// 新期限 / the new due date
    pub due: Spanned<Date>,
    /// 理由 / reason
    pub reason: Option<Spanned<String>>,
}

#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Progress {
    /// 日期 / date
    pub date: Spanned<Date>,
    /// 进展说明 / note
    pub note: Option<Spanned<String>>,
}

/// 作废 / strike-out.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Void {
    /// 作废日期 / the day it was struck out
    pub date: Spanned<Date>,
    /// 理由 / reason
    pub reason: Option<Spanned<String>>,
}

impl Record {
    pub fn is_void(&self) -> bool {
        self.void.is_some()
    }

    /// Every unit this record names as covered.
    pub fn all_targets(&self) -> impl Iterator<Item = &Spanned<UnitId>> {
        self.target.iter().chain(self.targets.iter())
    }
}
