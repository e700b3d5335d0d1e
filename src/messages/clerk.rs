//! Every sentence of the clerk's commands (`new`, `add`, `close`, `extend`,
//! `progress`, `void`, `show`, `list`, `agenda`).

use crate::messages::Lang;

/// What a write did, for "units/zzb.yaml:212: added record zzb-2019-004".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    NewUnit,
    AddedRecord,
    AddedItem,
    Closed,
    Extended,
    Progress,
    Voided,
}

pub fn action(a: Action, lang: Lang) -> &'static str {
    let (zh, en) = match a {
        Action::NewUnit => ("新建台账", "created the ledger of"),
        Action::AddedRecord => ("新增记实", "added record"),
        Action::AddedItem => ("新增事项", "added item"),
        Action::Closed => ("销号", "closed"),
        Action::Extended => ("延期", "extended"),
        Action::Progress => ("记录进展", "noted progress on"),
        Action::Voided => ("作废", "voided"),
    };
    lang.pick(zh, en)
}

/// A value the command needs, as the user names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Unit,
    Ref,
    Kind,
    ItemKind,
    Title,
    Due,
    Reason,
    Note,
    Id,
}

impl Field {
    pub fn option(self) -> &'static str {
        match self {
            Field::Unit => "--unit",
            Field::Ref => "--ref",
            Field::Kind | Field::ItemKind => "--kind",
            Field::Title => "--title",
            Field::Due => "--due",
            Field::Reason => "--reason",
            Field::Note => "--note",
            Field::Id => "ID",
        }
    }

    pub fn question(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Field::Unit => ("单位", "Unit"),
            Field::Ref => (
                "所属要点、清单条目或义务",
                "Point, checklist item or obligation",
            ),
            Field::Kind => ("记实类别", "Record kind"),
            Field::ItemKind => ("事项类别", "Item kind"),
            Field::Title => ("标题", "Title"),
            Field::Due => ("新期限（YYYY-MM-DD）", "New due date (YYYY-MM-DD)"),
            Field::Reason => ("理由", "Reason"),
            Field::Note => ("进展说明", "Progress note"),
            Field::Id => ("编号", "Id"),
        };
        lang.pick(zh, en)
    }
}

/// Chinese labels of the item kinds.
pub fn item_kind_label(kind: &str) -> &'static str {
    match kind {
        "rectification" => "整改",
        "clue" => "问题线索",
        "task" => "交办事项",
        _ => "其他",
    }
}

/// Why a clerk's command stopped without writing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A required value is missing and stdin is not a terminal.
    Missing(Field),
    /// The answer is none of the choices.
    NotAChoice {
        field: Field,
        given: String,
        candidates: Vec<String>,
    },
    NotADate(String),
    UnknownUnit {
        unit: String,
        suggestion: Option<String>,
    },
    UnknownId {
        id: String,
        suggestion: Option<String>,
    },
    /// The id names entries in several files.
    AmbiguousId {
        id: String,
        places: Vec<String>,
    },
    /// `close`/`extend`/`progress` on a record.
    NotAnItem(String),
    AlreadySet {
        id: String,
        key: String,
    },
    IdTaken(String),
    /// The unit has no ledger file yet.
    NoLedger(String),
    FileExists(String),
    FileHasErrors(String),
    Symlink(String),
    /// The change would add these errors (shown above).
    Refused,
    /// The file is written in a way the tool does not edit.
    CannotEdit(String),
    Io(String),
    /// `ledger sample X`: no sample obligation is named X.
    UnknownSampleObligation {
        given: String,
        suggestion: Option<String>,
    },
    /// `ledger sample X`: X is an obligation, but not a sample one.
    NotSampleObligation(String),
    /// `ledger sample ID`: several sample obligations have this id.
    AmbiguousObligation {
        id: String,
        candidates: Vec<String>,
    },
    /// The obligation has an error in the plan: who and what it draws is in doubt.
    ObligationHasErrors(String),
    /// `--period` is not a window of the obligation's `within`.
    NotAWindow {
        period: String,
        obligation: String,
        within: &'static str,
        /// The window holding the draw's date.
        example: Option<String>,
    },
    /// `--unit` is not bound by the obligation named.
    NotAParty {
        unit: String,
        obligation: String,
    },
    /// No sample obligation (binding `--unit`, if given).
    NothingToDraw {
        unit: Option<String>,
    },
    /// The draw excludes another's targets, and that one is not drawn.
    BesidesNotDrawn {
        obligation: String,
        besides: String,
        period: String,
        unit: String,
    },
}

pub fn problem(p: &Problem, lang: Lang) -> String {
    match p {
        Problem::Missing(f) => lang.pick(
            format!("缺少 {}（标准输入不是终端，无法询问；请以选项给出）", f.option()),
            format!(
                "missing {} (stdin is not a terminal, so it cannot be asked for; pass it as an option)",
                f.option()
            ),
        ),
        Problem::NotAChoice {
            field,
            given,
            candidates,
        } => {
            let list = candidates.join(", ");
            match (candidates.is_empty(), lang) {
                (true, Lang::Zh) => format!("{} `{given}` 不是有效选项", field.option()),
                (true, Lang::En) => format!("{} `{given}` is not a valid choice", field.option()),
                (false, Lang::Zh) => {
                    format!("{} `{given}` 不明确或无效；可选：{list}", field.option())
                }
                (false, Lang::En) => format!(
                    "{} `{given}` is ambiguous or unknown; candidates: {list}",
                    field.option()
                ),
            }
        }
        Problem::NotADate(s) => lang.pick(
            format!("`{s}` 不是 YYYY-MM-DD 格式的日期"),
            format!("`{s}` is not a YYYY-MM-DD date"),
        ),
        Problem::UnknownUnit { unit, suggestion } => {
            let hint = suggestion
                .as_ref()
                .map(|s| lang.pick(format!("；是否为 `{s}`？"), format!("; did you mean `{s}`?")))
                .unwrap_or_default();
            lang.pick(
                format!("`{unit}` 不是已登记的单位{hint}"),
                format!("`{unit}` is not a registered unit{hint}"),
            )
        }
        Problem::UnknownId { id, suggestion } => {
            let hint = suggestion
                .as_ref()
                .map(|s| lang.pick(format!("；是否为 `{s}`？"), format!("; did you mean `{s}`?")))
                .unwrap_or_default();
            lang.pick(
                format!("任何台账中都没有编号为 `{id}` 的记实或事项{hint}"),
                format!("no record or item `{id}` in any unit ledger{hint}"),
            )
        }
        Problem::AmbiguousId { id, places } => lang.pick(
            format!("编号 `{id}` 出现在多个台账中：{}；请用 --unit 指明", places.join(", ")),
            format!(
                "`{id}` names entries in several ledgers: {}; say which with --unit",
                places.join(", ")
            ),
        ),
        Problem::NotAnItem(id) => lang.pick(
            format!("`{id}` 是记实，不是事项；只有事项可以销号、延期和记录进展"),
            format!("`{id}` is a record, not an item; only items are closed, extended or progressed"),
        ),
        Problem::AlreadySet { id, key } => lang.pick(
            format!("`{id}` 已有 `{key}`，未作修改"),
            format!("`{id}` already has `{key}`; nothing changed"),
        ),
        Problem::IdTaken(id) => lang.pick(
            format!("编号 `{id}` 在该台账中已被使用"),
            format!("the id `{id}` is already used in this ledger"),
        ),
        Problem::NoLedger(unit) => lang.pick(
            format!("units/{unit}.yaml 不存在；请先用 `ledger new unit {unit}` 新建台账"),
            format!("units/{unit}.yaml does not exist; create it with `ledger new unit {unit}`"),
        ),
        Problem::FileExists(path) => lang.pick(
            format!("{path} 已存在"),
            format!("{path} already exists"),
        ),
        Problem::FileHasErrors(path) => lang.pick(
            format!("{path} 已有错误（见上），先改正再写入"),
            format!("{path} already has errors (shown above); fix them before writing to it"),
        ),
        Problem::Symlink(path) => lang.pick(
            format!("{path} 是符号链接或位于仓库之外，拒绝写入"),
            format!("{path} is a symbolic link or lies outside the repository; not writing to it"),
        ),
        Problem::Refused => lang.pick(
            "未写入：这一修改会带来上面的错误".to_owned(),
            "nothing written: the change would add the errors above".to_owned(),
        ),
        Problem::CannotEdit(what) => lang.pick(
            format!("无法自动修改 {what} 的写法，请手工编辑"),
            format!("{what} is written in a way this command does not edit; edit it by hand"),
        ),
        Problem::Io(e) => e.clone(),
        Problem::UnknownSampleObligation { given, suggestion } => {
            let hint = suggestion
                .as_ref()
                .map(|s| lang.pick(format!("；是否为 `{s}`？"), format!("; did you mean `{s}`?")))
                .unwrap_or_default();
            lang.pick(
                format!("没有名为 `{given}` 的抽查义务（sample: true）{hint}"),
                format!("no sample obligation (sample: true) is named `{given}`{hint}"),
            )
        }
        Problem::NotSampleObligation(name) => lang.pick(
            format!("`{name}` 不是抽查义务（没有 sample: true），无需抽取"),
            format!("`{name}` is not a sample obligation (no sample: true); there is nothing to draw"),
        ),
        Problem::AmbiguousObligation { id, candidates } => lang.pick(
            format!(
                "多个抽查义务的编号都是 `{id}`：{}；请写成 要点/编号",
                candidates.join("、")
            ),
            format!(
                "several sample obligations have the id `{id}`: {}; write REF/ID",
                candidates.join(", ")
            ),
        ),
        Problem::ObligationHasErrors(name) => lang.pick(
            format!("{name} 在方案中有错误（运行 ledger check 查看），改正后再抽取"),
            format!("{name} has an error in the plan (see ledger check); fix it before drawing"),
        ),
        Problem::NotAWindow {
            period,
            obligation,
            within,
            example,
        } => {
            let eg = example
                .as_ref()
                .map(|e| lang.pick(format!("，如 {e}"), format!(", such as {e}")))
                .unwrap_or_default();
            lang.pick(
                format!(
                    "--period {period} 不是 {obligation} 的期间：它按 within: {within} 划分{eg}"
                ),
                format!(
                    "--period {period} is not a window of {obligation}, whose windows are by within: {within}{eg}"
                ),
            )
        }
        Problem::NotAParty { unit, obligation } => lang.pick(
            format!("`{unit}` 不是 {obligation} 的义务单位，不为它抽取"),
            format!("`{unit}` is not bound by {obligation}; nothing is drawn for it"),
        ),
        Problem::NothingToDraw { unit: None } => lang.pick(
            "没有要抽取的抽查义务（sample: true）".to_owned(),
            "there is no sample obligation (sample: true) to draw".to_owned(),
        ),
        Problem::NothingToDraw { unit: Some(u) } => lang.pick(
            format!("没有约束 `{u}` 的抽查义务（sample: true）"),
            format!("no sample obligation (sample: true) binds `{u}`"),
        ),
        Problem::BesidesNotDrawn {
            obligation,
            besides,
            period,
            unit,
        } => lang.pick(
            format!(
                "{unit} 的 {obligation} {period} 要从 {besides} 未抽中的对象中抽取，但 {besides} 这一期尚未抽取；请先抽取它，或一并抽取：ledger sample {besides} {obligation}"
            ),
            format!(
                "{obligation} {period} of {unit} is drawn from those {besides} did not draw, and {besides} is not drawn for that window yet; draw it first, or both at once: ledger sample {besides} {obligation}"
            ),
        ),
    }
}

/// The line of one draw: `抽取 M20/cadre-check 2021：20 人中抽 2 人 — c17（张某）、c14`,
/// or, for a window drawn before, the same said of that draw.
#[allow(clippy::too_many_arguments)]
pub fn draw_line(
    already: bool,
    obligation: &str,
    period: &str,
    date: &str,
    population: usize,
    targets: &[(String, Option<String>)],
    people: bool,
    lang: Lang,
) -> String {
    let k = targets.len();
    let list = if targets.is_empty() {
        word(Word::Nothing, lang).to_owned()
    } else {
        let shown: Vec<String> = targets
            .iter()
            .map(|(id, name)| match name {
                Some(n) => lang.pick(format!("{id}（{n}）"), format!("{id} ({n})")),
                None => id.clone(),
            })
            .collect();
        shown.join(lang.pick("、", ", "))
    };
    let of = match (lang, people) {
        (Lang::Zh, true) => format!("{population} 人中抽 {k} 人"),
        (Lang::Zh, false) => format!("{population} 个单位中抽 {k} 个"),
        (Lang::En, true) => format!(
            "{k} of {population} {}",
            if population == 1 { "person" } else { "people" }
        ),
        (Lang::En, false) => format!(
            "{k} of {population} {}",
            if population == 1 { "unit" } else { "units" }
        ),
    };
    match (lang, already) {
        (Lang::Zh, false) => format!("抽取 {obligation} {period}：{of} — {list}"),
        (Lang::En, false) => format!("drew {obligation} {period}: {of} — {list}"),
        (Lang::Zh, true) => {
            format!("{obligation} {period} 已于 {date} 抽取，不再重抽：{of} — {list}")
        }
        (Lang::En, true) => {
            format!("{obligation} {period} was drawn on {date}, not drawn again: {of} — {list}")
        }
    }
}

/// Fixed words of the clerk's output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Word {
    FindingsGone,
    FindingsNew,
    FindingsSame,
    Choose,
    TryAgain,
    Lead,
    Support,
    Duties,
    Obligations,
    OpenItems,
    Checklists,
    Overdue,
    DueSoon,
    Gaps,
    Late,
    Opened,
    Due,
    Closed,
    Extensions,
    Progress,
    Void,
    Nothing,
    Agenda,
    Source,
    Owner,
    Every,
    Cover,
    Tags,
    Pending,
    Met,
    Members,
    RecordedBy,
    RecordsFor,
    OpenList,
    NoLedgerFile,
}

pub fn word(w: Word, lang: Lang) -> &'static str {
    use Word::*;
    let (zh, en) = match w {
        FindingsGone => ("消除", "resolved"),
        FindingsNew => ("新增", "new"),
        FindingsSame => ("检查结果无变化", "findings unchanged"),
        Choose => ("请输入编号或序号", "type an id or a number"),
        TryAgain => ("无效，请重试", "not a valid choice, try again"),
        Lead => ("牵头", "lead"),
        Support => ("配合", "support"),
        Duties => ("分工", "duties"),
        Obligations => ("义务", "obligations"),
        OpenItems => ("未销号事项", "open items"),
        Checklists => ("责任清单", "checklists"),
        Overdue => ("逾期", "overdue"),
        DueSoon => ("临期", "due soon"),
        Gaps => ("缺口", "gap"),
        Late => ("迟办", "late"),
        Opened => ("立项", "opened"),
        Due => ("期限", "due"),
        Closed => ("销号", "closed"),
        Extensions => ("延期", "extensions"),
        Progress => ("进展", "progress"),
        Void => ("作废", "void"),
        Nothing => ("无", "none"),
        Agenda => ("待办", "agenda"),
        Source => ("来源", "source"),
        Owner => ("责任人", "owner"),
        Every => ("周期", "every"),
        Cover => ("覆盖", "cover"),
        Tags => ("标签", "tags"),
        Pending => ("未完成", "pending"),
        Met => ("已完成", "met"),
        Members => ("统称，成员单位", "a group of"),
        RecordedBy => (
            "记实单位（本单位不建账）",
            "recorded by (keeps no ledger of its own)",
        ),
        RecordsFor => ("兼记", "also records for"),
        OpenList => ("等", "and others"),
        NoLedgerFile => ("（无台账文件）", "(no ledger file)"),
    };
    lang.pick(zh, en)
}

/// Chinese `about` of the clerk's commands, by path (`add.record`).
pub fn about_zh(path: &str) -> Option<&'static str> {
    Some(match path {
        "new" => "新建单位台账文件：`ledger new unit 编号`",
        "new.unit" => "为已登记的单位新建 units/编号.yaml：文件头、模式行、空列表",
        "add" => "向单位台账添加记实或事项：`ledger add record|item …`",
        "add.record" => "向单位台账添加一条工作记实",
        "add.item" => "向单位台账添加一个有期限的事项（整改、线索、交办）",
        "close" => "事项销号",
        "extend" => "事项延期（须写明理由）",
        "progress" => "记录事项进展",
        "void" => "作废记实或事项（保留在文件中以留痕）",
        "show" => "查看一个工作要点、单位、事项或义务，以及与之相关的一切",
        "list" => "列出工作要点、单位、记实类别、义务或责任清单（即可选的值）",
        "agenda" => "未来 N 天（默认 30 天）内到期的事项和义务，按日期排列",
        "sample" => "为抽查义务抽取对象，并把抽取结果写入各义务单位的台账",
        _ => return None,
    })
}

/// Chinese help of the clerk's options: by command (the last part of its
/// path) and arg id, then by arg id alone.
pub fn arg_zh(command: &str, arg: &str) -> Option<&'static str> {
    let specific = match (command, arg) {
        ("unit", "id") => Some("单位编号（须已在单位名册中登记）"),
        ("record" | "item", "id") => Some("编号（默认：按本单位的编号规律取下一个）"),
        ("show", "id") => Some("工作要点、单位、事项或义务的编号"),
        ("close" | "extend" | "progress" | "void", "id") => {
            Some("记实或事项的编号（在所有单位台账中查找）")
        }
        ("record", "kind") => Some("记实类别（如 `meeting`，或其中文名 `会议`）"),
        ("item", "kind") => Some(
            "事项类别：rectification（整改）、clue（问题线索）、task（交办事项）或 other（其他）",
        ),
        ("record" | "item", "unit") => Some("单位（默认：LEDGER_UNIT）"),
        ("list", "unit") => Some("只列出与该单位相关的（默认：LEDGER_UNIT）"),
        ("agenda", "unit") => Some("只看这个单位（默认：LEDGER_UNIT）"),
        ("close" | "extend" | "progress" | "void", "unit") => {
            Some("只在这个单位的台账中查找（默认：LEDGER_UNIT，若其中有该编号）")
        }
        ("record", "date") => Some("工作日期（默认：今天）"),
        ("close" | "extend" | "progress" | "void", "date") => Some("日期（默认：今天）"),
        ("item", "due") => Some("期限（要点有 deadline 时可省略）"),
        ("extend", "due") => Some("新期限"),
        ("record" | "close", "evidence") => Some("佐证材料：文号或文件路径（可重复）"),
        ("extend" | "void", "reason") => Some("理由"),
        ("record", "note") => Some("说明"),
        ("progress", "note") => Some("进展说明"),
        ("sample", "obligations") => {
            Some("要抽取的抽查义务：要点/编号；只有一个抽查义务用该编号时，可只写编号")
        }
        ("sample", "period") => {
            Some("要抽取的期间（默认：义务的 within 中含 --date 的那一期，如 2021、2021-H2）")
        }
        ("sample", "unit") => Some("只为这个义务单位抽取"),
        ("sample", "date") => Some("抽取日期：按当日的名册抽取（默认：今天）"),
        _ => None,
    };
    specific.or(match arg {
        "clerk" => Some("填报人"),
        "title_pos" => Some("标题（或用 --title）"),
        "title" => Some("标题"),
        "ref_" => Some("所属工作要点、清单条目或方案级义务（编号或其中文标题）"),
        "period" => Some("所计入的期间（2018、2018-H2、2018-Q3、2018-03）"),
        "targets" => Some("工作对象单位（可重复）"),
        "opened" => Some("立项日期（默认：今天）"),
        "source" => Some("来源"),
        "owner" => Some("责任人"),
        "leader" => Some("责任领导"),
        "measures" => Some("整改措施"),
        "disposal" => Some(
            "处置方式（仅问题线索）：谈话函询、初步核实、暂存待查、予以了结（或 talk-inquiry 等）",
        ),
        "what" => Some("要列出的内容"),
        "people" => Some("本记实涉及的人员（可重复；1.1 格式）"),
        "by" => Some("实施人，与涉及的人员不同时填写（1.1 格式）"),
        "obligation" => Some("本记实只计入所属要点的哪一项义务（1.1 格式）"),
        "origin" => Some(
            "事项来源：assigned（上级交办）、transferred（移交）、petition（信访举报）、found（监督发现）、other（其他）（1.1 格式）",
        ),
        "days" => Some("往后看多少天"),
        _ => None,
    })
}
