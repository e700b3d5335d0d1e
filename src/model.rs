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
use crate::name::Name;
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

/// An id: letters, digits, `.`, `_`, `-` (kept inline: see [`Name`]).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(pub Name);
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
    /// The repository's `[term]`.
    Term,
    /// Each target's own term (format 1.1).
    OwnTerm,
    /// Each calendar period of a cadence (`year` in format 1; `month`,
    /// `quarter`, `half-year` too in 1.1).
    Cal(Cadence),
}

impl Within {
    pub const NAMES: &'static [&'static str] =
        &["term", "year", "half-year", "quarter", "month", "own-term"];

    pub fn parse(s: &str) -> Option<Within> {
        match s {
            "term" => Some(Within::Term),
            "own-term" => Some(Within::OwnTerm),
            other => Cadence::parse(other).map(Within::Cal),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Within::Term => "term",
            Within::OwnTerm => "own-term",
            Within::Cal(c) => c.as_str(),
        }
    }

    /// Only `term` and `year` are format 1.
    pub fn is_v1(self) -> bool {
        matches!(self, Within::Term | Within::Cal(Cadence::Year))
    }
}
string_schema!(Within, "Within", {
    "enum": ["term", "year", "half-year", "quarter", "month", "own-term"],
    "description": "覆盖窗口：一届任期（term）、每个自然年/半年/季度/月，或每个对象自己的任期（own-term，1.1）/ coverage window: the term, each year / half-year / quarter / month, or each target's own term (1.1)"
});

/// `every:` — a calendar cadence, or `regularly` (定期, format 1.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Every {
    Cal(Cadence),
    Regularly,
}

impl Every {
    pub const NAMES: &'static [&'static str] =
        &["month", "quarter", "half-year", "year", "regularly"];

    pub fn parse(s: &str) -> Option<Every> {
        match s {
            "regularly" => Some(Every::Regularly),
            other => Cadence::parse(other).map(Every::Cal),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Every::Cal(c) => c.as_str(),
            Every::Regularly => "regularly",
        }
    }

    pub fn cadence(self) -> Option<Cadence> {
        match self {
            Every::Cal(c) => Some(c),
            Every::Regularly => None,
        }
    }
}
string_schema!(Every, "Every", {
    "enum": ["month", "quarter", "half-year", "year", "regularly"],
    "description": "周期：每月、每季度、每半年、每年，或定期（regularly，1.1，按最长间隔 max_gap 检查）/ period: month, quarter, half-year, year, or regularly (1.1, checked against max_gap)"
});

/// `origin:` of an item (format 1.1): where the matter came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    Assigned,
    Transferred,
    Petition,
    Found,
    Other,
}

impl Origin {
    pub const NAMES: &'static [&'static str] =
        &["assigned", "transferred", "petition", "found", "other"];
    /// Chinese labels, in the order of [`Origin::NAMES`]: suggested, not accepted.
    pub const LABELS: &'static [&'static str] =
        &["上级交办", "移交", "信访举报", "监督发现", "其他"];

    pub fn parse(s: &str) -> Option<Origin> {
        Some(match s {
            "assigned" => Origin::Assigned,
            "transferred" => Origin::Transferred,
            "petition" => Origin::Petition,
            "found" => Origin::Found,
            "other" => Origin::Other,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}
string_schema!(Origin, "Origin", {
    "enum": ["assigned", "transferred", "petition", "found", "other"],
    "description": "事项来源（1.1）：assigned 上级交办、transferred 移交（巡视巡察等）、petition 信访举报、found 监督发现、other 其他 / where the item came from"
});

/// `format` in `ledger.toml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum FormatVersion {
    #[default]
    V1,
    V1_1,
}

impl FormatVersion {
    pub fn as_str(self) -> &'static str {
        match self {
            FormatVersion::V1 => "1",
            FormatVersion::V1_1 => "1.1",
        }
    }
}
string_schema!(FormatVersion, "FormatVersion", {
    "anyOf": [{"enum": ["1.1", "1"]}, {"enum": [1.1, 1]}],
    "description": "格式版本：\"1\"（默认）或 \"1.1\" / format version: \"1\" (default) or \"1.1\""
});

/// Who an obligation binds, whom a checklist applies to, what a coverage obligation covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selector {
    Lead,
    Support,
    Duties,
    All,
    Leads,
    /// 1.1, inside `in:` of a people selector in `cover`: the party's own unit.
    SelfUnit,
    /// 1.1, relative: units whose `parent` is the party's unit.
    Children,
    /// 1.1, relative: the units the party's unit `supervises`.
    Supervised,
    /// 1.1, `who` of an event obligation: the unit that recorded the event
    /// (谁查办谁负责).
    Recorder,
    Units(Vec<Spanned<UnitId>>),
    Tags(Vec<Spanned<String>>),
    /// 1.1: exactly these people.
    People(Vec<Spanned<Id>>),
    /// 1.1: people having one of these roles, in the units `within` names (all, if none).
    Roles {
        roles: Vec<Spanned<Id>>,
        within: Option<Box<Spanned<Selector>>>,
    },
}

impl Selector {
    pub fn word(&self) -> Option<&'static str> {
        Some(match self {
            Selector::Lead => "lead",
            Selector::Support => "support",
            Selector::Duties => "duties",
            Selector::All => "all",
            Selector::Leads => "leads",
            Selector::SelfUnit => "self",
            Selector::Children => "children",
            Selector::Supervised => "supervised",
            Selector::Recorder => "recorder",
            _ => return None,
        })
    }

    /// A selector that names people rather than units.
    pub fn is_people(&self) -> bool {
        matches!(self, Selector::People(_) | Selector::Roles { .. })
    }

    /// A word resolved per party (`self`, `children`, `supervised`).
    pub fn is_relative(&self) -> bool {
        match self {
            Selector::SelfUnit | Selector::Children | Selector::Supervised => true,
            Selector::Roles { within, .. } => {
                within.as_ref().is_some_and(|w| w.value.is_relative())
            }
            _ => false,
        }
    }
}

string_schema!(Selector, "Selector", {
    "description": "选择器：lead（牵头）、support（配合）、duties（分工单位）、all、leads（方案级：所有牵头单位）、children / supervised（1.1，相对于义务单位），或 {units: […]}、{tags: […]}；人员（1.1）：{people: […]}、{roles: […], in: 单位选择器} / selector of units or (1.1) people",
    "oneOf": [
        {"enum": ["lead", "support", "duties", "all", "leads", "children", "supervised", "recorder"]},
        {"type": "object", "properties": {"units": {"type": "array", "items": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}}},
         "required": ["units"], "additionalProperties": false},
        {"type": "object", "properties": {"tags": {"type": "array", "items": {"type": "string"}}},
         "required": ["tags"], "additionalProperties": false},
        {"type": "object", "properties": {"people": {"type": "array", "items": {"type": "string"}}},
         "required": ["people"], "additionalProperties": false},
        {"type": "object", "properties": {
            "roles": {"type": "array", "items": {"type": "string"}},
            "in": {"anyOf": [
                {"enum": ["lead", "support", "duties", "all", "leads", "self", "children", "supervised"]},
                {"type": "object", "properties": {"units": {"type": "array", "items": {"type": "string"}}}, "required": ["units"], "additionalProperties": false},
                {"type": "object", "properties": {"tags": {"type": "array", "items": {"type": "string"}}}, "required": ["tags"], "additionalProperties": false}
            ]}},
         "required": ["roles"], "additionalProperties": false}
    ]
});

/// An entry of a unit list (1.1): a unit id, or `{units: […]}` / `{tags: […]}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitList(pub Vec<Spanned<Selector>>);
string_schema!(UnitList, "UnitList", {
    "type": "array",
    "description": "单位列表：单位编号，或 {units: […]}、{tags: […]}（1.1）/ unit list: unit ids, or (1.1) {units: […]} / {tags: […]} entries",
    "items": {"anyOf": [
        {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
        {"type": "object", "properties": {"units": {"type": "array", "items": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}}}, "required": ["units"], "additionalProperties": false},
        {"type": "object", "properties": {"tags": {"type": "array", "items": {"type": "string"}}}, "required": ["tags"], "additionalProperties": false}
    ]}
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

/// The default person roles (format 1.1): key and Chinese label.
pub const DEFAULT_ROLES: &[(&str, &str)] = &[
    ("principal", "主要负责人（一把手）"),
    ("leader", "班子其他成员"),
    ("cadre", "领导干部"),
    ("city-cadre", "市管干部"),
    ("district-cadre", "区管干部"),
    ("member", "党员"),
];

// ---------------------------------------------------------------- ledger.toml

/// 台账仓库设置（ledger.toml）/ repository settings.
#[derive(Clone, Debug, Default, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields, title = "ledger.toml")]
pub struct Config {
    /// 格式版本："1"（默认）或 "1.1"（人员、抽查、事件等，见 docs/format.md）/ format version: "1" (default) or "1.1"
    pub format: Option<Spanned<FormatVersion>>,
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
    /// 额外的人员角色（1.1）/ extra person roles (1.1)
    #[schemars(default)]
    pub roles: Vec<Spanned<Id>>,
    /// “定期”的最长间隔，如 6个月（1.1）/ the longest gap between records that 定期 allows, e.g. `6 months` (1.1)
    pub regular_max_gap: Option<Spanned<Duration>>,
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
    /// 人员名册（1.1）/ the people register (1.1)
    #[schemars(default)]
    pub people: Vec<Person>,
    /// 事项期限规则（1.1）/ item deadline rules (1.1)
    #[schemars(default)]
    pub deadlines: Vec<DeadlineRule>,
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
    /// 监督的单位（被监督单位，1.1）/ the units it supervises (1.1)
    #[schemars(default, with = "UnitList")]
    pub supervises: Vec<Spanned<Selector>>,
    /// 本单位自己的届期/任期（1.1）/ this body's own term (1.1)
    pub term: Option<Term>,
    /// 成员单位：本单位是一个统称，不单独建账（1.1）/ members: this unit is a group name and keeps no ledger (1.1)
    #[schemars(with = "Option<UnitList>")]
    pub members: Option<Vec<Spanned<Selector>>>,
    /// 由哪个单位代为记实（如领导小组由其办公室记实，1.1）/ the unit that keeps this body's records (1.1)
    pub reported_by: Option<Spanned<UnitId>>,
}

impl Unit {
    /// A group (`members`) or a reported body (`reported_by`): keeps no ledger.
    pub fn keeps_no_ledger(&self) -> bool {
        self.members.is_some() || self.reported_by.is_some()
    }
}

/// 工作要点 / a work point.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Point {
    /// 要点编号 / point id
    pub id: Spanned<Id>,
    /// 序号（1.1 写作 number；no 是其旧名）/ display number (`number` in 1.1; `no` is its old name)
    #[schemars(rename = "number")]
    pub no: Option<Spanned<u32>>,
    /// 所属部分 / section heading
    pub section: Option<Spanned<String>>,
    /// 标题 / title
    pub title: Spanned<String>,
    /// 全文 / full text
    pub text: Option<Spanned<String>>,
    /// 牵头单位 / lead units
    #[schemars(with = "UnitList")]
    pub lead: Vec<Spanned<UnitId>>,
    /// `lead` entries that are `{units}`/`{tags}` mappings (1.1).
    #[schemars(skip)]
    pub lead_sets: Vec<Spanned<Selector>>,
    /// 配合单位 / supporting units
    #[schemars(default, with = "UnitList")]
    pub support: Vec<Spanned<UnitId>>,
    /// `support` entries that are `{units}`/`{tags}` mappings (1.1).
    #[schemars(skip)]
    pub support_sets: Vec<Spanned<Selector>>,
    /// 协办单位列表以“等”结尾，并非全部（1.1）/ the plan ends the supporting units with 等: the list is not exhaustive (1.1)
    pub support_open: Option<Spanned<bool>>,
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
    pub every: Option<Spanned<Every>>,
    /// 每期至少记实条数，默认 1 / records needed per period (default 1)
    pub min: Option<Spanned<u32>>,
    /// 年度期限 MM-DD（仅 every: year）/ yearly due day (`every: year` only)
    pub due: Option<Spanned<MonthDay>>,
    /// 只计最后一个月 / only the period's last month counts
    pub window: Option<Spanned<Window>>,
    /// 定期的最长间隔（仅 every: regularly，1.1）/ longest gap between records (`every: regularly` only, 1.1)
    pub max_gap: Option<Spanned<Duration>>,
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
    pub every: Option<Spanned<Every>>,
    /// 每期至少记实条数，默认 1 / records needed per period (default 1)
    pub min: Option<Spanned<u32>>,
    /// 年度期限 MM-DD（仅 every: year）/ yearly due day (`every: year` only)
    pub due: Option<Spanned<MonthDay>>,
    /// 只计最后一个月 / only the period's last month counts
    pub window: Option<Spanned<Window>>,
    /// 定期的最长间隔（仅 every: regularly，1.1）/ longest gap between records (`every: regularly` only, 1.1)
    pub max_gap: Option<Spanned<Duration>>,
    /// 覆盖对象 / coverage targets
    pub cover: Option<Spanned<Selector>>,
    /// 覆盖窗口 / coverage window
    pub within: Option<Spanned<Within>>,
    /// 覆盖比例，默认 100% / share of targets to cover (default 100%)
    pub share: Option<Spanned<Share>>,
    /// 随机抽取对象（用 ledger sample 抽取，1.1）/ the targets are drawn at random by `ledger sample` (1.1)
    pub sample: Option<Spanned<bool>>,
    /// 从另一抽查义务未抽中的对象中抽取（“再抽查”，1.1）/ drawn from those another sample obligation did not draw (1.1)
    pub besides: Option<Spanned<Id>>,
    /// 触发事件：发生此类记实后须在期限内跟进（1.1）/ the event that starts a follow-up deadline (1.1)
    pub after: Option<Spanned<After>>,
    /// 事件后的跟进期限，如 1个月（仅 after，1.1）/ follow-up deadline after the event (`after` only, 1.1)
    pub deadline: Option<Spanned<Duration>>,
}

impl Obligation {
    /// `sample: true`.
    pub fn is_sample(&self) -> bool {
        self.sample.as_ref().is_some_and(|s| s.value)
    }
}

/// 触发事件（1.1）/ the event of an event-triggered obligation (1.1).
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct After {
    /// 事件记实的类别 / the event records' kind
    pub kind: Spanned<Id>,
    /// 事件记实所属（默认本义务所在要点）/ the event records' ref (default: the obligation's owner)
    #[schemars(rename = "ref")]
    pub ref_: Option<Spanned<Id>>,
    /// 只计涉及这些角色人员的事件 / only events naming people with these roles
    #[schemars(default)]
    pub roles: Vec<Spanned<Id>>,
}

/// 人员（1.1）/ a person in the people register (1.1).
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Person {
    /// 人员编号 / person id
    pub id: Spanned<Id>,
    /// 所在单位 / the person's unit
    pub unit: Spanned<UnitId>,
    /// 角色：principal 主要负责人、leader 班子其他成员、cadre 领导干部、city-cadre 市管干部、district-cadre 区管干部、member 党员 / roles
    pub roles: Vec<Spanned<Id>>,
    /// 姓名（可省略）/ name (optional)
    pub name: Option<Spanned<String>>,
    /// 任职起始日 / in office from
    pub from: Option<Spanned<Date>>,
    /// 任职截止日（含）/ in office until (inclusive)
    pub until: Option<Spanned<Date>>,
    /// 本人任期 / own term
    pub term: Option<Term>,
}

impl Person {
    /// In office on `d`.
    pub fn in_office(&self, d: Date) -> bool {
        self.from.as_ref().is_none_or(|f| f.value <= d)
            && self.until.as_ref().is_none_or(|u| d <= u.value)
    }

    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r.value.0 == role)
    }
}

/// 事项期限规则（1.1）/ an item deadline rule (1.1).
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct DeadlineRule {
    /// 规则编号 / rule id
    pub id: Spanned<Id>,
    /// 规则原文 / the rule as the plan states it
    pub title: Spanned<String>,
    /// 规定此规则的要点 / the point that states it
    #[schemars(rename = "ref")]
    pub ref_: Option<Spanned<Id>>,
    /// 适用的事项类别 / item kind it applies to
    pub kind: Option<Spanned<ItemKind>>,
    /// 适用的事项来源 / item origins it applies to
    #[schemars(default)]
    pub origin: Vec<Spanned<Origin>>,
    /// 期限，从立项日起算 / the deadline, counted from `opened`
    pub deadline: Spanned<Duration>,
}

impl DeadlineRule {
    pub fn matches(&self, item: &Item) -> bool {
        self.kind
            .as_ref()
            .is_none_or(|k| k.value == item.kind.value)
            && (self.origin.is_empty()
                || item
                    .origin
                    .as_ref()
                    .is_some_and(|o| self.origin.iter().any(|r| r.value == o.value)))
    }
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
    /// 抽查抽取结果（由 ledger sample 写入，勿手工修改，1.1）/ draws of sample obligations, written by `ledger sample` (1.1)
    #[schemars(default)]
    pub samples: Vec<Draw>,
}

/// 一次抽取（1.1）/ one draw of a sample obligation (1.1).
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Draw {
    /// 抽查义务所在要点（或方案级义务编号）/ the obligation's owner
    #[schemars(rename = "ref")]
    pub ref_: Spanned<Id>,
    /// 抽查义务编号 / the sample obligation
    pub obligation: Spanned<Id>,
    /// 期间标签 / the window's label
    pub period: Spanned<String>,
    /// 抽取日期 / the day it was drawn
    pub date: Spanned<Date>,
    /// 抽取范围的人数（单位数）/ the population's size
    pub population: Spanned<u32>,
    /// 抽中的对象（按抽取顺序）/ the drawn targets, in draw order
    pub targets: Vec<Spanned<Id>>,
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
    /// The keys most records lack, read through [`Record::period`] and the
    /// like. A record is the unit of memory on a city's ledgers: inline they
    /// made it 328 bytes, boxed 152.
    #[schemars(flatten)]
    pub more: Option<Box<RecordMore>>,
}

/// A record's keys that most records lack ([`Record::more`]).
#[derive(Clone, Debug, Default, PartialEq, JsonSchema)]
pub struct RecordMore {
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
    /// 1.1 keys: who the record concerns, who did it, which obligation it serves.
    #[schemars(flatten)]
    pub about: Option<Box<About>>,
}

/// The format 1.1 keys of a record, boxed: most records have none, and a
/// record is the unit of memory on a city's ledgers.
#[derive(Clone, Debug, Default, PartialEq, JsonSchema)]
pub struct About {
    /// 涉及的人员（1.1）/ the person this record concerns (1.1)
    pub person: Option<Spanned<Id>>,
    /// 涉及的多名人员（1.1）/ several people (1.1)
    #[schemars(default)]
    pub people: Vec<Spanned<Id>>,
    /// 实施人（1.1）/ the person who did the work, when not the one it concerns (1.1)
    pub by: Option<Spanned<Id>>,
    /// 本记实只计入的义务（1.1）/ the one obligation of its `ref` this record serves (1.1)
    pub obligation: Option<Spanned<Id>>,
}

impl About {
    /// `person` and `people`.
    pub fn named(&self) -> impl Iterator<Item = &Spanned<Id>> {
        self.person.iter().chain(self.people.iter())
    }
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
    /// 来源（1.1）/ origin (1.1)
    pub origin: Option<Spanned<Origin>>,
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
        self.void().is_some()
    }

    /// `period:`.
    pub fn period(&self) -> Option<&Spanned<Period>> {
        self.more.as_ref()?.period.as_ref()
    }

    /// `target:`.
    pub fn target(&self) -> Option<&Spanned<UnitId>> {
        self.more.as_ref()?.target.as_ref()
    }

    /// `targets:`.
    pub fn targets(&self) -> &[Spanned<UnitId>] {
        self.more.as_ref().map_or(&[], |m| &m.targets)
    }

    /// `evidence:`.
    pub fn evidence(&self) -> &[Spanned<String>] {
        self.more.as_ref().map_or(&[], |m| &m.evidence)
    }

    /// `note:`.
    pub fn note(&self) -> Option<&Spanned<String>> {
        self.more.as_ref()?.note.as_ref()
    }

    /// `void:`.
    pub fn void(&self) -> Option<&Void> {
        self.more.as_ref()?.void.as_ref()
    }

    /// The 1.1 keys (`person`, `people`, `by`, `obligation`), when any.
    pub fn about(&self) -> Option<&About> {
        self.more.as_ref()?.about.as_deref()
    }

    /// Every unit this record names as covered.
    pub fn all_targets(&self) -> impl Iterator<Item = &Spanned<UnitId>> {
        self.target().into_iter().chain(self.targets().iter())
    }

    /// Every person this record names (`person`, `people`).
    pub fn named_people(&self) -> impl Iterator<Item = &Spanned<Id>> {
        self.about().into_iter().flat_map(|a| a.named())
    }

    pub fn by(&self) -> Option<&str> {
        self.about()?.by.as_ref().map(|b| b.value.0.as_str())
    }

    /// `obligation:` (1.1).
    pub fn obligation(&self) -> Option<&str> {
        self.about()?
            .obligation
            .as_ref()
            .map(|o| o.value.0.as_str())
    }

    /// Counts for person `p` (docs/format.md §1.1.10.1): `by: p`, or no `by`
    /// and `p` named.
    pub fn counts_for(&self, p: &str) -> bool {
        match self.by() {
            Some(b) => b == p,
            None => self.named_people().any(|n| n.value.0 == p),
        }
    }
}
