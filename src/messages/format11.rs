//! The diagnostics of format 1.1 (docs/format.md §1.1.12): people, groups,
//! samples, events, own terms, 定期. Each is reported under a code of the
//! spec's closed list, so a 1.1 repository's JSON still fits the v1 schema.

use super::What;
use crate::diag::{Code, Severity};

/// Why a unit cannot stand where it was named.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoLedgerKind {
    /// A group (`members`).
    Group,
    /// A reported body (`reported_by`).
    Reported,
}

/// What is wrong with a draw in `samples:`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum DrawProblem {
    /// The obligation is not a sample obligation.
    NotSample,
    /// The ledger's unit is not one of the obligation's parties.
    NotParty { unit: String },
    /// `period` is not a window label of the obligation's `within`.
    BadPeriod { value: String, within: &'static str },
    /// The draw of the `besides` obligation for the same period is not there.
    BesidesMissing { besides: String },
    /// Recomputed from the register as of the draw's date, the draw differs.
    Mismatch { expected: Vec<String> },
    /// The register as of the draw's date gives another population size.
    PopulationChanged { then: u32, now: usize },
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum F11 {
    /// A 1.1 key in a format 1 repository.
    Key {
        key: String,
        within: What,
    },
    /// A 1.1 value (`within: quarter`) in a format 1 repository.
    Value {
        key: String,
        value: String,
    },
    /// `format` is neither 1 nor 1.1.
    BadFormat {
        value: String,
    },
    /// A people selector where only units can stand.
    PeopleSelectorHere {
        key: String,
    },
    /// An `origin` written as its Chinese label.
    OriginLabel {
        value: String,
        key: &'static str,
    },
    /// A unit with both `members` and `reported_by`.
    GroupAndReported,
    /// A point with both `no` and `number`.
    NoAndNumber,
    /// `no:` under 1.1 (warning).
    NoKeyDeprecated,
    NotWithRegularly {
        key: &'static str,
    },
    MaxGapNeedsRegularly,
    NotWithAfter {
        key: &'static str,
    },
    DeadlineNeedsAfter,
    SampleNeedsCover {
        key: &'static str,
    },
    BesidesNeedsSample,
    SampleOwnTerm,
    BesidesItself,
    /// `besides` names no sample obligation of the same owner.
    BesidesUnknown {
        value: String,
        suggestion: Option<String>,
    },
    /// A person id not in the register.
    UnknownPerson {
        value: String,
        suggestion: Option<String>,
    },
    /// A role outside the vocabulary.
    UnknownRole {
        value: String,
        suggestion: Option<String>,
    },
    /// A person's `unit` is a group.
    PersonInGroup {
        unit: String,
    },
    /// A group's member (or a `reported_by` target) that keeps no ledger itself.
    NotOrdinary {
        unit: String,
        kind: NoLedgerKind,
        key: &'static str,
    },
    /// `reported_by` naming the unit itself.
    ReportedBySelf,
    /// A `units/<id>.yaml` for a unit that keeps no ledger.
    LedgerOfNoLedgerUnit {
        unit: String,
        kind: NoLedgerKind,
        keeper: Option<String>,
    },
    /// A group named as a record's target.
    GroupAsTarget {
        unit: String,
    },
    /// A record's `obligation` that is not an obligation of its `ref` point.
    UnknownObligation {
        value: String,
        point: String,
        suggestion: Option<String>,
    },
    /// A record's `obligation` on a checklist item or plan-wide obligation ref, other than the ref.
    ObligationNotRef {
        value: String,
        ref_: String,
    },
    /// `within: own-term` with a target that has no term at all.
    NoOwnTerm {
        target: String,
    },
    /// A draw that is not the draw.
    Draw(DrawProblem),
    /// A people selector that matches no registered person.
    EmptyPeople {
        key: &'static str,
    },
    /// `who: recorder` on an obligation that is not triggered by an event.
    RecorderNeedsAfter,
}

impl F11 {
    pub fn code(&self) -> Code {
        use F11::*;
        match self {
            Key { .. } | NoKeyDeprecated => Code::UnknownField,
            BesidesUnknown { .. } | UnknownObligation { .. } => Code::UnknownRef,
            UnknownPerson { .. } => Code::UnknownUnit,
            NoOwnTerm { .. } => Code::NoTerm,
            EmptyPeople { .. } => Code::EmptySelector,
            _ => Code::InvalidValue,
        }
    }

    pub fn severity(&self) -> Severity {
        match self {
            F11::NoKeyDeprecated | F11::Draw(DrawProblem::PopulationChanged { .. }) => {
                Severity::Warning
            }
            _ => self.code().severity(),
        }
    }

    #[allow(clippy::type_complexity)]
    pub(super) fn both(&self) -> ((String, Option<String>), (String, Option<String>)) {
        use F11::*;
        let s = |a: &str| a.to_owned();
        let declare_zh =
            "在 ledger.toml 中写 format = \"1.1\" 以使用 1.1 格式（见 docs/format.md）";
        let declare_en =
            "write format = \"1.1\" in ledger.toml to use format 1.1 (see docs/format.md)";
        let dym = |sug: &Option<String>| {
            (
                sug.as_ref().map(|x| format!("你是不是想写 `{x}`？")),
                sug.as_ref().map(|x| format!("did you mean `{x}`?")),
            )
        };
        let kind_words = |k: NoLedgerKind| match k {
            NoLedgerKind::Group => ("统称（members，由成员单位组成）", "a group (members)"),
            NoLedgerKind::Reported => (
                "由其他单位代为记实（reported_by）",
                "a body reported by another unit (reported_by)",
            ),
        };
        match self {
            Key { key, within } => (
                (
                    format!(
                        "`{key}` 是 1.1 格式的键（{}），本仓库是 1 格式",
                        within.zh()
                    ),
                    Some(s(declare_zh)),
                ),
                (
                    format!(
                        "`{key}` is a format 1.1 key ({}); this repository is format 1",
                        within.en()
                    ),
                    Some(s(declare_en)),
                ),
            ),
            Value { key, value } => (
                (
                    format!("`{key}: {value}` 是 1.1 格式的写法，本仓库是 1 格式"),
                    Some(s(declare_zh)),
                ),
                (
                    format!("`{key}: {value}` is format 1.1; this repository is format 1"),
                    Some(s(declare_en)),
                ),
            ),
            BadFormat { value } => (
                (
                    format!("不认识的格式版本 `{value}`"),
                    Some(s("format 只能是 \"1\" 或 \"1.1\"")),
                ),
                (
                    format!("unknown format version `{value}`"),
                    Some(s("format is \"1\" or \"1.1\"")),
                ),
            ),
            PeopleSelectorHere { key } => (
                (
                    format!("`{key}` 这里只能选择单位，不能选择人员（people / roles）"),
                    Some(s(
                        "改用 {units: […]} 或 {tags: […]}；按人员的义务请写在 who、applies_to 或 cover 中",
                    )),
                ),
                (
                    format!("`{key}` selects units here, not people (people / roles)"),
                    Some(s(
                        "use {units: […]} or {tags: […]}; duties of people go in who, applies_to or cover",
                    )),
                ),
            ),
            OriginLabel { value, key } => (
                (
                    format!("`{value}` 是事项来源 `{key}` 的中文名称"),
                    Some(format!("请写 `origin: {key}`")),
                ),
                (
                    format!("`{value}` is the Chinese label of the origin `{key}`"),
                    Some(format!("write `origin: {key}`")),
                ),
            ),
            GroupAndReported => (
                (
                    s("一个单位不能同时有 members 和 reported_by"),
                    Some(s("统称单位（members）本身就不建账；删去其中一个")),
                ),
                (
                    s("a unit cannot have both members and reported_by"),
                    Some(s(
                        "a group (members) keeps no ledger anyway; remove one of the two",
                    )),
                ),
            ),
            NoAndNumber => (
                (s("同一要点既有 no 又有 number"), Some(s("只保留 number"))),
                (
                    s("a point has both no and number"),
                    Some(s("keep number only")),
                ),
            ),
            NoKeyDeprecated => (
                (
                    s(
                        "键 `no` 请改写为 `number`：按 YAML 1.1 读取的工具（PyYAML、许多编辑器插件）会把 no 读成布尔值 false",
                    ),
                    Some(s("把 `no:` 改为 `number:`，值不变")),
                ),
                (
                    s(
                        "write the key `no` as `number`: YAML 1.1 readers (PyYAML, many editor plugins) read `no` as the boolean false",
                    ),
                    Some(s("rename `no:` to `number:`, keeping the value")),
                ),
            ),
            NotWithRegularly { key } => (
                (
                    format!("`{key}` 不能与 every: regularly（定期）同用"),
                    Some(s("定期义务只按最长间隔 max_gap 检查")),
                ),
                (
                    format!("`{key}` does not go with every: regularly"),
                    Some(s("a regular obligation is checked by its max_gap only")),
                ),
            ),
            MaxGapNeedsRegularly => (
                (s("max_gap 只用于 every: regularly（定期）"), None),
                (s("max_gap is for every: regularly only"), None),
            ),
            NotWithAfter { key } => (
                (
                    format!("`{key}` 不能与 after（事件触发）同用"),
                    Some(s("事件触发的义务用 deadline 给出跟进期限")),
                ),
                (
                    format!("`{key}` does not go with after (an event obligation)"),
                    Some(s(
                        "an event obligation gives its follow-up time as deadline",
                    )),
                ),
            ),
            DeadlineNeedsAfter => (
                (
                    s("义务的 deadline 只用于 after（事件触发）"),
                    Some(s(
                        "要点上的事项期限请写在要点的 deadline 或方案的 deadlines 规则中",
                    )),
                ),
                (
                    s("an obligation's deadline is for after (event obligations) only"),
                    Some(s(
                        "item deadlines go on the point's deadline or in the plan's deadlines rules",
                    )),
                ),
            ),
            SampleNeedsCover { key } => (
                (format!("`{key}` 只用于覆盖型义务（cover）"), None),
                (
                    format!("`{key}` is for coverage obligations (cover) only"),
                    None,
                ),
            ),
            BesidesNeedsSample => (
                (s("besides 只用于抽查义务（sample: true）"), None),
                (
                    s("besides is for sample obligations (sample: true) only"),
                    None,
                ),
            ),
            SampleOwnTerm => (
                (
                    s("抽查义务不能用 within: own-term"),
                    Some(s("抽查按年、半年、季度、月或届期抽取")),
                ),
                (
                    s("a sample obligation cannot use within: own-term"),
                    Some(s(
                        "samples are drawn per year, half-year, quarter, month or the term",
                    )),
                ),
            ),
            BesidesItself => (
                (s("besides 不能指向本义务自己"), None),
                (s("besides cannot name the obligation itself"), None),
            ),
            BesidesUnknown { value, suggestion } => {
                let (zh, en) = dym(suggestion);
                (
                    (
                        format!("besides 指向的 `{value}` 不是同一要点上的抽查义务"),
                        zh,
                    ),
                    (
                        format!(
                            "besides names `{value}`, which is no sample obligation of the same owner"
                        ),
                        en,
                    ),
                )
            }
            UnknownPerson { value, suggestion } => {
                let (zh, en) = dym(suggestion);
                (
                    (
                        format!("人员 `{value}` 未在人员名册（people:）中登记"),
                        zh.or_else(|| Some(s("在方案文件的 people: 中登记该人员，或检查编号"))),
                    ),
                    (
                        format!("person `{value}` is not registered in people:"),
                        en.or_else(|| {
                            Some(s(
                                "register the person under people: in a plan file, or check the id",
                            ))
                        }),
                    ),
                )
            }
            UnknownRole { value, suggestion } => {
                let (zh, en) = dym(suggestion);
                (
                    (
                        format!("不认识的角色 `{value}`"),
                        zh.or_else(|| Some(s("角色：principal、leader、cadre、city-cadre、district-cadre、member，或 ledger.toml [check] roles 中加的"))),
                    ),
                    (
                        format!("unknown role `{value}`"),
                        en.or_else(|| Some(s("roles: principal, leader, cadre, city-cadre, district-cadre, member, or those added in ledger.toml [check] roles"))),
                    ),
                )
            }
            PersonInGroup { unit } => (
                (
                    format!("`{unit}` 是统称单位（members），人员要登记在具体的成员单位"),
                    None,
                ),
                (
                    format!(
                        "`{unit}` is a group (members); register the person in one of its member units"
                    ),
                    None,
                ),
            ),
            NotOrdinary { unit, kind, key } => {
                let (kz, ke) = kind_words(*kind);
                (
                    (
                        format!("`{key}` 不能指向 `{unit}`：它是{kz}"),
                        Some(s("请指向一个自己建账的单位")),
                    ),
                    (
                        format!("`{key}` cannot name `{unit}`: it is {ke}"),
                        Some(s("name a unit that keeps its own ledger")),
                    ),
                )
            }
            ReportedBySelf => (
                (s("reported_by 不能指向单位自己"), None),
                (s("reported_by cannot name the unit itself"), None),
            ),
            LedgerOfNoLedgerUnit { unit, kind, keeper } => {
                let (kz, ke) = kind_words(*kind);
                let (hz, he) = match keeper {
                    Some(k) => (
                        format!("请把这些记实写入 units/{k}.yaml，并删除本文件"),
                        format!("write these entries in units/{k}.yaml and remove this file"),
                    ),
                    None => (
                        s("请由各成员单位分别在自己的台账中记实，并删除本文件"),
                        s("record them in each member unit's own ledger and remove this file"),
                    ),
                };
                (
                    (format!("`{unit}` 是{kz}，不单独建账"), Some(hz)),
                    (
                        format!("`{unit}` is {ke} and keeps no ledger of its own"),
                        Some(he),
                    ),
                )
            }
            GroupAsTarget { unit } => (
                (
                    format!("`{unit}` 是统称单位，不能作为工作对象"),
                    Some(s("请写出具体的成员单位")),
                ),
                (
                    format!("`{unit}` is a group and cannot be a target"),
                    Some(s("name its member units")),
                ),
            ),
            UnknownObligation {
                value,
                point,
                suggestion,
            } => {
                let (zh, en) = dym(suggestion);
                (
                    (format!("要点 {point} 上没有义务 `{value}`"), zh),
                    (format!("point {point} has no obligation `{value}`"), en),
                )
            }
            ObligationNotRef { value, ref_ } => (
                (
                    format!("obligation `{value}` 与 ref `{ref_}` 不符"),
                    Some(format!(
                        "ref 指向清单条目或方案级义务时，obligation 只能是 `{ref_}`（或省略）"
                    )),
                ),
                (
                    format!("obligation `{value}` does not match ref `{ref_}`"),
                    Some(format!(
                        "with a checklist item or plan-wide ref, obligation can only be `{ref_}` (or be left out)"
                    )),
                ),
            ),
            NoOwnTerm { target } => (
                (
                    format!("within: own-term，但对象 `{target}` 没有任期"),
                    Some(s(
                        "给该人员或单位写 term: {start, end}（人员也可写 from 和 until），或在 ledger.toml 中写 [term]",
                    )),
                ),
                (
                    format!("within: own-term, but the target `{target}` has no term"),
                    Some(s(
                        "give the person or unit a term: {start, end} (a person also from and until), or ledger.toml a [term]",
                    )),
                ),
            ),
            Draw(p) => draw_text(p),
            RecorderNeedsAfter => (
                (
                    s("who: recorder 只用于事件触发的义务（after）"),
                    Some(s("recorder 指记录该事件的单位（谁查办谁负责）")),
                ),
                (
                    s("who: recorder is for event obligations (after) only"),
                    Some(s(
                        "recorder is the unit that recorded the event (谁查办谁负责)",
                    )),
                ),
            ),
            EmptyPeople { key } => (
                (
                    format!("`{key}` 选择器没有匹配任何人员"),
                    Some(s("检查角色、人员编号，以及人员名册（people:）")),
                ),
                (
                    format!("the `{key}` selector matches no person"),
                    Some(s(
                        "check the roles, the person ids, and the people register (people:)",
                    )),
                ),
            ),
        }
    }
}

#[allow(clippy::type_complexity)]
fn draw_text(p: &DrawProblem) -> ((String, Option<String>), (String, Option<String>)) {
    let s = |a: &str| a.to_owned();
    let redo_zh = "抽取结果由 ledger sample 写入，不能手工修改";
    let redo_en = "draws are written by ledger sample and must not be edited by hand";
    match p {
        DrawProblem::NotSample => (
            (
                s("这条抽取记录指向的义务不是抽查义务（sample: true）"),
                Some(s(redo_zh)),
            ),
            (
                s("this draw names an obligation that is not a sample obligation (sample: true)"),
                Some(s(redo_en)),
            ),
        ),
        DrawProblem::NotParty { unit } => (
            (
                format!("`{unit}` 不是该抽查义务的义务单位"),
                Some(s(redo_zh)),
            ),
            (
                format!("`{unit}` is not bound by this sample obligation"),
                Some(s(redo_en)),
            ),
        ),
        DrawProblem::BadPeriod { value, within } => (
            (
                format!("`{value}` 不是按 within: {within} 划分的期间"),
                Some(s(redo_zh)),
            ),
            (
                format!("`{value}` is not a window of within: {within}"),
                Some(s(redo_en)),
            ),
        ),
        DrawProblem::BesidesMissing { besides } => (
            (
                format!("同一期间没有 `{besides}` 的抽取结果，本次“再抽查”无从排除"),
                Some(format!("先运行 ledger sample {besides}，再抽取本项")),
            ),
            (
                format!("no draw of `{besides}` for the same period, which this draw must exclude"),
                Some(format!(
                    "run ledger sample {besides} first, then draw this one"
                )),
            ),
        ),
        DrawProblem::Mismatch { expected } => {
            let list = expected.join(", ");
            (
                (
                    format!("抽中的对象与按名册重算的结果不同（应为：{list}）"),
                    Some(s(
                        "抽取结果不能手工挑选或修改；如确需重抽，请说明理由并由 ledger sample 重新生成",
                    )),
                ),
                (
                    format!(
                        "the drawn targets differ from the draw recomputed from the register (it gives: {list})"
                    ),
                    Some(s(
                        "a draw is not picked or edited by hand; to redraw, remove it with a reason in the commit and run ledger sample",
                    )),
                ),
            )
        }
        DrawProblem::PopulationChanged { then, now } => (
            (
                format!(
                    "抽取时的范围是 {then} 个，按现在的名册当日应为 {now} 个：名册在抽取后被改动过"
                ),
                Some(s(
                    "检查人员或单位名册在抽取日前后的改动（from/until、新登记的人员）",
                )),
            ),
            (
                format!(
                    "the draw was made from {then}, but the register as of that day now gives {now}: it changed after the draw"
                ),
                Some(s(
                    "check the changes to the register around the draw's date (from/until, people added)",
                )),
            ),
        ),
    }
}

impl super::Msg {
    /// Shorthand for the 1.1 messages.
    pub fn f11(m: F11) -> super::Msg {
        super::Msg::F11(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_both_languages() {
        let all = [
            F11::Key {
                key: "people".into(),
                within: What::PlanFile,
            },
            F11::NoKeyDeprecated,
            F11::Draw(DrawProblem::Mismatch {
                expected: vec!["a".into()],
            }),
            F11::Draw(DrawProblem::PopulationChanged { then: 3, now: 4 }),
        ];
        for m in all {
            let ((zh, _), (en, _)) = m.both();
            assert!(!zh.is_empty() && !en.is_empty());
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{zh}"
            );
        }
        assert_eq!(F11::NoKeyDeprecated.severity(), Severity::Warning);
        assert_eq!(F11::NoKeyDeprecated.code(), Code::UnknownField);
    }
}
