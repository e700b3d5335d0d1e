//! Diagnostics' messages: what is wrong in a file, and how to fix it.

use super::Lang;
use crate::diag::Code;
use crate::yaml::Shape;

/// The syntax a file is written in, for messages that apply to both and whose
/// code is that syntax's (`yaml-syntax` or `toml-syntax`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Yaml,
    Toml,
}

/// Where in the format a key or value sits, to name it in messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum What {
    Config,
    Term,
    CheckSettings,
    AuditSettings,
    PlanFile,
    PlanHeader,
    Unit,
    Point,
    Duty,
    Checklist,
    ChecklistItem,
    Obligation,
    Selector,
    LedgerFile,
    Record,
    Item,
    Extension,
    Progress,
    Void,
}

impl What {
    fn zh(self) -> &'static str {
        match self {
            What::Config => "ledger.toml",
            What::Term => "[term] 届期",
            What::CheckSettings => "[check]",
            What::AuditSettings => "[audit]",
            What::PlanFile => "方案文件",
            What::PlanHeader => "方案头 plan",
            What::Unit => "单位",
            What::Point => "工作要点",
            What::Duty => "分工 duties",
            What::Checklist => "责任清单",
            What::ChecklistItem => "清单条目",
            What::Obligation => "义务 obligation",
            What::Selector => "选择器",
            What::LedgerFile => "台账文件",
            What::Record => "工作记实 record",
            What::Item => "事项 item",
            What::Extension => "延期 extension",
            What::Progress => "进展 progress",
            What::Void => "作废 void",
        }
    }

    fn en(self) -> &'static str {
        match self {
            What::Config => "ledger.toml",
            What::Term => "[term]",
            What::CheckSettings => "[check]",
            What::AuditSettings => "[audit]",
            What::PlanFile => "a plan file",
            What::PlanHeader => "the plan header",
            What::Unit => "a unit",
            What::Point => "a work point",
            What::Duty => "a duty",
            What::Checklist => "a checklist",
            What::ChecklistItem => "a checklist item",
            What::Obligation => "an obligation",
            What::Selector => "a selector",
            What::LedgerFile => "a unit ledger",
            What::Record => "a record",
            What::Item => "an item",
            What::Extension => "an extension",
            What::Progress => "a progress entry",
            What::Void => "a void entry",
        }
    }
}

/// The kind of value a key expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Expect {
    Mapping,
    List,
    Text,
    Integer,
}

impl Expect {
    fn zh(self) -> &'static str {
        match self {
            Expect::Mapping => "映射（键: 值）",
            Expect::List => "列表",
            Expect::Text => "文本",
            Expect::Integer => "整数",
        }
    }
    fn en(self) -> &'static str {
        match self {
            Expect::Mapping => "a mapping (key: value)",
            Expect::List => "a list",
            Expect::Text => "text",
            Expect::Integer => "a whole number",
        }
    }
}

fn shape_zh(s: Shape) -> &'static str {
    match s {
        Shape::Nothing => "空值",
        Shape::Text => "文本",
        Shape::List => "列表",
        Shape::Mapping => "映射",
    }
}

fn shape_en(s: Shape) -> &'static str {
    match s {
        Shape::Nothing => "nothing",
        Shape::Text => "text",
        Shape::List => "a list",
        Shape::Mapping => "a mapping",
    }
}

/// Which date a `future-date` warning is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateWhat {
    RecordDate,
    Opened,
    Closed,
    ExtensionDate,
    ProgressDate,
    VoidDate,
}

/// Which ordering rule a `date-order` error breaks.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Order {
    ClosedBeforeOpened { closed: String, opened: String },
    VoidBeforeDate { void: String, date: String },
    ExtensionNotLater { due: String, previous: String },
    ExtensionsOutOfOrder { date: String, previous: String },
    TermEndBeforeStart,
    PlanEndBeforeStart,
    UntilBeforeFrom,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Msg {
    NoRepo {
        from: String,
    },
    Encoding {
        gb18030: bool,
        binary: bool,
    },
    YamlSyntax {
        detail: String,
        tab: bool,
    },
    YamlTooDeep,
    YamlAliasBudget,
    YamlTooLarge {
        bytes: usize,
    },
    /// `ledger.toml` over the size limit: its own words, since the advice for a
    /// YAML file (split it by year or unit) does not apply to settings.
    TomlTooLarge {
        bytes: usize,
    },
    DuplicateKey {
        key: String,
    },
    ExtraDocument,
    TomlSyntax {
        detail: String,
    },
    /// The file exists but cannot be read (a symlink loop, no permission).
    Unreadable {
        detail: String,
        format: Format,
    },
    /// Not a regular file (a FIFO, a device): never read, as it could block or never end.
    NotRegularFile {
        what: &'static str,
        format: Format,
    },
    /// `plan/` or `units/` exists but cannot be listed.
    UnreadableDir {
        detail: String,
    },
    UnknownField {
        key: String,
        within: What,
        suggestion: Option<String>,
    },
    MissingField {
        key: &'static str,
        within: What,
    },
    /// An obligation with no start to count periods from.
    MissingStart,
    Expected {
        key: String,
        expected: Expect,
        found: Shape,
    },
    BadId {
        value: String,
        unit_id: bool,
    },
    /// An `owners` entry that is not `@user`, `@org/team` or an e-mail address.
    BadOwner {
        value: String,
    },
    BadEnum {
        key: &'static str,
        value: String,
        allowed: &'static [&'static str],
        suggestion: Option<String>,
    },
    BadDuration {
        value: String,
    },
    BadShare {
        value: String,
    },
    BadPeriod {
        value: String,
    },
    BadMonthDay {
        value: String,
    },
    BadInteger {
        key: &'static str,
        value: String,
        min: u64,
    },
    EmptyValue {
        key: &'static str,
    },
    BothForms {
        key: &'static str,
    },
    NeedsEvery {
        key: &'static str,
    },
    DueNeedsYear,
    WindowWithDue,
    NotWithCover {
        key: &'static str,
    },
    SelectorWord {
        word: String,
        on_point: bool,
    },
    SelectorShape,
    InvalidDate {
        value: String,
        suggestion: Option<String>,
    },
    /// A real day, but outside the years a ledger may name.
    DateOutOfRange {
        value: String,
    },
    DuplicateId {
        id: String,
        first_line: usize,
    },
    UnknownRef {
        value: String,
        suggestion: Option<String>,
    },
    UnknownUnit {
        value: String,
        suggestion: Option<String>,
    },
    UnregisteredLedger {
        stem: String,
        suggestion: Option<String>,
    },
    UnitMismatch {
        unit: String,
        stem: String,
    },
    UnknownKind {
        value: String,
        suggestion: Option<String>,
    },
    DateOrder(Order),
    NoDue {
        item: String,
    },
    NoTerm,
    FutureDate {
        what: DateWhat,
        date: String,
        as_of: String,
    },
    EmptySelector {
        key: &'static str,
    },
    NoSupportUnits,
}

fn dym_zh(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|s| format!("你是不是想写 `{s}`？"))
}

fn dym_en(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|s| format!("did you mean `{s}`?"))
}

impl Msg {
    /// The diagnostic code this message is reported under: the one place a
    /// message and a code are paired.
    pub fn code(&self) -> Code {
        use Msg::*;
        match self {
            NoRepo { .. } => Code::NoRepo,
            Encoding { .. } => Code::Encoding,
            YamlSyntax { .. }
            | YamlTooDeep
            | YamlAliasBudget
            | YamlTooLarge { .. }
            | DuplicateKey { .. }
            | ExtraDocument => Code::YamlSyntax,
            TomlSyntax { .. } | TomlTooLarge { .. } => Code::TomlSyntax,
            UnreadableDir { .. } => Code::YamlSyntax,
            Unreadable { format, .. } | NotRegularFile { format, .. } => match format {
                Format::Yaml => Code::YamlSyntax,
                Format::Toml => Code::TomlSyntax,
            },
            UnknownField { .. } => Code::UnknownField,
            MissingField { .. } | MissingStart => Code::MissingField,
            Expected { .. }
            | BadId { .. }
            | BadEnum { .. }
            | BadDuration { .. }
            | BadShare { .. }
            | BadPeriod { .. }
            | BadMonthDay { .. }
            | BadInteger { .. }
            | EmptyValue { .. }
            | BothForms { .. }
            | NeedsEvery { .. }
            | DueNeedsYear
            | WindowWithDue
            | NotWithCover { .. }
            | SelectorWord { .. }
            | SelectorShape
            | BadOwner { .. } => Code::InvalidValue,
            InvalidDate { .. } | DateOutOfRange { .. } => Code::InvalidDate,
            DuplicateId { .. } => Code::DuplicateId,
            UnknownRef { .. } => Code::UnknownRef,
            UnknownUnit { .. } | UnregisteredLedger { .. } => Code::UnknownUnit,
            UnitMismatch { .. } => Code::UnitMismatch,
            UnknownKind { .. } => Code::UnknownKind,
            DateOrder(_) => Code::DateOrder,
            NoDue { .. } => Code::NoDue,
            NoTerm => Code::NoTerm,
            FutureDate { .. } => Code::FutureDate,
            EmptySelector { .. } | NoSupportUnits => Code::EmptySelector,
        }
    }

    /// The message and an optional help line, in `lang`.
    pub fn text(&self, lang: Lang) -> (String, Option<String>) {
        let (zh, en) = self.both();
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    #[allow(clippy::type_complexity)]
    fn both(&self) -> ((String, Option<String>), (String, Option<String>)) {
        use Msg::*;
        let s = |a: &str| a.to_owned();
        match self {
            NoRepo { from } => (
                (
                    format!(
                        "找不到台账仓库：{from} 及其上级目录中没有 ledger.toml，./ledgers 中也没有"
                    ),
                    Some(s(
                        "用 --repo 指定台账仓库目录，或在仓库根目录创建 ledger.toml",
                    )),
                ),
                (
                    format!(
                        "no ledger repository: no ledger.toml in {from} or any parent, nor in ./ledgers"
                    ),
                    Some(s(
                        "pass --repo DIR, or create ledger.toml at the repository root",
                    )),
                ),
            ),
            Encoding { gb18030, binary } => {
                let (zh, en) = if *binary {
                    (
                        s("这是二进制文件，不是文本；台账文件应为 UTF-8 编码的 YAML"),
                        s("this is a binary file, not text; ledger files are UTF-8 YAML"),
                    )
                } else if *gb18030 {
                    (
                        s(
                            "文件看起来是 GBK/GB18030 编码，请转换为 UTF-8，例如：iconv -f GB18030 -t UTF-8 原文件 > 新文件，或在编辑器中“另存为 UTF-8”",
                        ),
                        s(
                            "the file looks GBK/GB18030-encoded; convert it to UTF-8, e.g. `iconv -f GB18030 -t UTF-8 old > new`, or save as UTF-8 in your editor",
                        ),
                    )
                } else {
                    (s("请以 UTF-8 编码保存该文件"), s("save the file as UTF-8"))
                };
                (
                    (s("文件不是有效的 UTF-8 编码"), Some(zh)),
                    (s("file is not valid UTF-8"), Some(en)),
                )
            }
            YamlSyntax { detail, tab } => (
                (
                    format!("YAML 语法错误：{detail}"),
                    tab.then(|| s("YAML 不允许用制表符（Tab）缩进，请改用空格")),
                ),
                (
                    format!("YAML syntax error: {detail}"),
                    tab.then(|| s("YAML does not allow tabs for indentation; use spaces")),
                ),
            ),
            YamlTooDeep => (
                (
                    format!("嵌套超过 {} 层，已停止解析", crate::yaml::MAX_DEPTH),
                    Some(s("台账格式只需要几层嵌套；请检查是否有多余的括号或缩进")),
                ),
                (
                    format!(
                        "nesting deeper than {} levels; parsing stopped",
                        crate::yaml::MAX_DEPTH
                    ),
                    Some(s(
                        "the format needs only a few levels; look for stray brackets or indentation",
                    )),
                ),
            ),
            YamlAliasBudget => (
                (
                    format!(
                        "别名（*alias）展开超过 {} 个节点，已停止解析",
                        crate::yaml::MAX_ALIAS_NODES
                    ),
                    Some(s("请直接写出内容，不要用锚点和别名大量复制")),
                ),
                (
                    format!(
                        "aliases expand the file by more than {} nodes; parsing stopped",
                        crate::yaml::MAX_ALIAS_NODES
                    ),
                    Some(s(
                        "write the entries out instead of copying them with anchors and aliases",
                    )),
                ),
            ),
            YamlTooLarge { bytes } => (
                (
                    format!("文件大小 {bytes} 字节，超过 256 MB 上限，未解析"),
                    Some(s("请按年度或单位拆分文件")),
                ),
                (
                    format!("file is {bytes} bytes, over the 256 MB limit; not parsed"),
                    Some(s("split the file")),
                ),
            ),
            DuplicateKey { key } => (
                (
                    format!("键 `{key}` 在同一映射中重复出现，只采用第一个"),
                    Some(s("删除重复的键")),
                ),
                (
                    format!("key `{key}` appears twice in one mapping; the first one is used"),
                    Some(s("remove the duplicate key")),
                ),
            ),
            ExtraDocument => (
                (
                    s("文件中有第二个 YAML 文档（---），已忽略"),
                    Some(s("每个文件只写一个文档")),
                ),
                (
                    s("a second YAML document (---) in the file is ignored"),
                    Some(s("keep one document per file")),
                ),
            ),
            TomlTooLarge { bytes } => (
                (
                    format!("ledger.toml 大小 {bytes} 字节，超过 256 MB 上限，未解析"),
                    Some(s(
                        "ledger.toml 只存放几行设置，请检查是否把别的文件命名成了 ledger.toml；已按默认设置继续检查",
                    )),
                ),
                (
                    format!("ledger.toml is {bytes} bytes, over the 256 MB limit; not parsed"),
                    Some(s(
                        "ledger.toml holds a few lines of settings; check that no other file was given its name; defaults are used for this run",
                    )),
                ),
            ),
            NotRegularFile { what, .. } => {
                let zh = match *what {
                    "fifo" => "命名管道（FIFO）",
                    "device" => "设备文件",
                    "socket" => "套接字",
                    "directory" => "文件夹",
                    _ => "特殊文件",
                };
                let en = match *what {
                    "fifo" => "a named pipe (FIFO)",
                    "device" => "a device",
                    "socket" => "a socket",
                    "directory" => "a folder",
                    _ => "a special file",
                };
                (
                    (
                        format!("这不是普通文件，而是{zh}，未读取"),
                        Some(s("台账只能是普通文件；请删除它，或换成真正的文件")),
                    ),
                    (
                        format!("not a regular file but {en}; not read"),
                        Some(s("ledger files must be regular files; remove it or replace it with a real file")),
                    ),
                )
            }
            UnreadableDir { detail } => (
                (
                    format!("无法读取文件夹：{detail}；其中的文件未检查，不计算任何发现"),
                    Some(s("检查文件夹的权限，以及它是否为指向自身的符号链接")),
                ),
                (
                    format!("cannot list the folder: {detail}; its files are not checked and no findings are computed"),
                    Some(s("check the folder's permissions, and whether it is a symbolic link that loops")),
                ),
            ),
            Unreadable { detail, .. } => (
                (format!("无法读取文件：{detail}"), Some(s("检查文件权限，以及是否为指向自身的符号链接"))),
                (format!("cannot read the file: {detail}"), Some(s("check the file's permissions, and whether it is a symbolic link that loops"))),
            ),
            TomlSyntax { detail } => (
                (
                    format!("ledger.toml 语法错误：{detail}"),
                    Some(s("已按默认设置继续检查")),
                ),
                (
                    format!("ledger.toml is not valid TOML: {detail}"),
                    Some(s("defaults are used for this run")),
                ),
            ),
            UnknownField {
                key,
                within,
                suggestion,
            } => (
                (
                    format!("{}中没有定义键 `{key}`", within.zh()),
                    dym_zh(suggestion).or_else(|| Some(s("删除该键，或查看格式说明中允许的键"))),
                ),
                (
                    format!("unknown key `{key}` in {}", within.en()),
                    dym_en(suggestion).or_else(|| {
                        Some(s(
                            "remove it, or see the format reference for the keys allowed here",
                        ))
                    }),
                ),
            ),
            MissingField { key, within } => (
                (
                    format!("{}缺少必填键 `{key}`", within.zh()),
                    Some(format!("添加 `{key}: …`")),
                ),
                (
                    format!("{} is missing the required key `{key}`", within.en()),
                    Some(format!("add `{key}: …`")),
                ),
            ),
            MissingStart => (
                (
                    s("该义务没有起算日期：方案头既无 `start` 也无 `issued`，义务也没有 `from`"),
                    Some(s(
                        "在本文件的 plan: 头中写 issued 或 start，或给义务加 from",
                    )),
                ),
                (
                    s(
                        "this obligation has no start: its file's plan header has neither `start` nor `issued`, and it has no `from`",
                    ),
                    Some(s(
                        "add `issued` or `start` to the plan header of this file, or `from` to the obligation",
                    )),
                ),
            ),
            Expected {
                key,
                expected,
                found,
            } => (
                (
                    format!("`{key}` 应为{}，实际是{}", expected.zh(), shape_zh(*found)),
                    None,
                ),
                (
                    format!(
                        "`{key}` should be {}, found {}",
                        expected.en(),
                        shape_en(*found)
                    ),
                    None,
                ),
            ),
            BadOwner { value } => (
                (
                    format!("负责人 `{value}` 不合规"),
                    Some(s(
                        "写 @用户名、@组织/团队 或电子邮箱，不含空格、# 或控制字符",
                    )),
                ),
                (
                    format!("owner `{value}` is not valid"),
                    Some(s(
                        "write @user, @org/team or an e-mail address, without spaces, `#` or control characters",
                    )),
                ),
            ),
            BadId { value, unit_id } => {
                if *unit_id {
                    (
                        (
                            format!("单位编号 `{value}` 不合规"),
                            Some(s(
                                "单位编号即文件名：小写字母、数字和连字符，以字母或数字开头，如 jd-dadong",
                            )),
                        ),
                        (
                            format!("unit id `{value}` is not valid"),
                            Some(s(
                                "unit ids are file names: lowercase letters, digits and `-`, starting with a letter or digit, e.g. jd-dadong",
                            )),
                        ),
                    )
                } else {
                    (
                        (
                            format!("编号 `{value}` 不合规"),
                            Some(s(
                                "编号由字母、数字和 . _ - 组成，以字母或数字开头，如 ZG-2018-001",
                            )),
                        ),
                        (
                            format!("id `{value}` is not valid"),
                            Some(s(
                                "ids are letters, digits, `.`, `_` and `-`, starting with a letter or digit, e.g. ZG-2018-001",
                            )),
                        ),
                    )
                }
            }
            BadEnum {
                key,
                value,
                allowed,
                suggestion,
            } => (
                (
                    format!("`{key}` 的值 `{value}` 不在可选范围内"),
                    dym_zh(suggestion).or_else(|| Some(format!("可选：{}", allowed.join("、")))),
                ),
                (
                    format!("`{value}` is not a valid `{key}`"),
                    dym_en(suggestion)
                        .or_else(|| Some(format!("expected one of: {}", allowed.join(", ")))),
                ),
            ),
            BadDuration { value } => (
                (
                    format!("期限 `{value}` 无法识别"),
                    Some(s(
                        "写作“阿拉伯数字 + 单位”：3个月、15天、2周、1年，或 3 months、15 days",
                    )),
                ),
                (
                    format!("`{value}` is not a duration"),
                    Some(s(
                        "write ASCII digits and a unit: `3 months`, `15 days`, `2 weeks`, `1 year`, or 3个月、15天、2周、1年",
                    )),
                ),
            ),
            BadShare { value } => (
                (
                    format!("比例 `{value}` 不合规"),
                    Some(s(
                        "写作百分数，大于 0 且不超过 100，最多两位小数，如 10%、12.5%",
                    )),
                ),
                (
                    format!("`{value}` is not a share"),
                    Some(s(
                        "write a percentage above 0 and at most 100 with up to 2 decimals: `10%`, `12.5%`",
                    )),
                ),
            ),
            BadPeriod { value } => (
                (
                    format!("期间 `{value}` 不合规"),
                    Some(s(
                        "可写 2018（年）、2018-03（月）、2018-Q3（季度）、2018-H2（半年）",
                    )),
                ),
                (
                    format!("`{value}` is not a period label"),
                    Some(s(
                        "use 2018 (year), 2018-03 (month), 2018-Q3 (quarter) or 2018-H2 (half-year)",
                    )),
                ),
            ),
            BadMonthDay { value } => (
                (
                    format!("`due` 的值 `{value}` 不是有效的“月-日”"),
                    Some(s("写作 MM-DD，如 12-10")),
                ),
                (
                    format!("`{value}` is not a valid month-day"),
                    Some(s("write MM-DD, e.g. 12-10")),
                ),
            ),
            BadInteger { key, value, min } => (
                (
                    format!("`{key}` 应为不小于 {min} 的整数，实际是 `{value}`"),
                    None,
                ),
                (
                    format!("`{key}` should be a whole number of at least {min}, found `{value}`"),
                    None,
                ),
            ),
            EmptyValue { key } => (
                (format!("`{key}` 不能为空"), None),
                (format!("`{key}` must not be empty"), None),
            ),
            BothForms { key } => (
                (
                    format!(
                        "义务只能是周期型（every）或覆盖型（cover）之一，`{key}` 与另一种形式冲突"
                    ),
                    Some(s("拆成两条义务")),
                ),
                (
                    format!(
                        "an obligation is either recurring (`every`) or coverage (`cover`); `{key}` mixes the two"
                    ),
                    Some(s("split it into two obligations")),
                ),
            ),
            NeedsEvery { key } => (
                (
                    format!("`{key}` 需要同时写 `every`"),
                    Some(s(
                        "加上 every: month | quarter | half-year | year，或删除该键",
                    )),
                ),
                (
                    format!("`{key}` needs `every`"),
                    Some(s(
                        "add `every: month | quarter | half-year | year`, or remove the key",
                    )),
                ),
            ),
            DueNeedsYear => (
                (
                    s("`due` 只能用于 `every: year`"),
                    Some(s("其他周期的期限是该期间的最后一天")),
                ),
                (
                    s("`due` is only for `every: year`"),
                    Some(s("other periods are due on their last day")),
                ),
            ),
            WindowWithDue => (
                (s("`window` 与 `due` 不能同时使用"), None),
                (s("`window` and `due` exclude each other"), None),
            ),
            NotWithCover { key } => (
                (format!("覆盖型义务（cover）不能使用 `{key}`"), None),
                (format!("`{key}` does not go with `cover`"), None),
            ),
            SelectorWord { word, on_point } => {
                let (zh, en) = if *on_point {
                    (
                        s(
                            "要点上的义务可用 lead、support、duties、all，或 {units: […]}、{tags: […]}",
                        ),
                        s("on a point use lead, support, duties, all, {units: […]} or {tags: […]}"),
                    )
                } else {
                    (
                        s("这里可用 leads（仅方案级义务），或 {units: […]}、{tags: […]}"),
                        s(
                            "here use `leads` (plan-wide obligations only), {units: […]} or {tags: […]}",
                        ),
                    )
                };
                (
                    (format!("选择器 `{word}` 不能用在这里"), Some(zh)),
                    (format!("selector `{word}` is not allowed here"), Some(en)),
                )
            }
            SelectorShape => (
                (
                    s("选择器应为一个词，或只有一个键（units 或 tags）的映射"),
                    Some(s("例如 {tags: [street]} 或 {units: [jw, zzb]}")),
                ),
                (
                    s("a selector is a word or a mapping with exactly one key, `units` or `tags`"),
                    Some(s("e.g. {tags: [street]} or {units: [jw, zzb]}")),
                ),
            ),
            DateOutOfRange { value } => (
                (
                    format!(
                        "日期 `{value}` 超出 {}–{} 年的范围",
                        crate::dates::MIN_YEAR,
                        crate::dates::MAX_YEAR
                    ),
                    Some(s("检查年份是否写错")),
                ),
                (
                    format!(
                        "date `{value}` is outside the years {}–{}",
                        crate::dates::MIN_YEAR,
                        crate::dates::MAX_YEAR
                    ),
                    Some(s("check the year for a typo")),
                ),
            ),
            InvalidDate { value, suggestion } => (
                (
                    format!("`{value}` 不是有效日期"),
                    Some(match suggestion {
                        Some(iso) => format!("日期写作 YYYY-MM-DD：{iso}"),
                        None => s("日期写作 YYYY-MM-DD，并且必须是日历上真实存在的一天"),
                    }),
                ),
                (
                    format!("`{value}` is not a valid date"),
                    Some(match suggestion {
                        Some(iso) => format!("write dates as YYYY-MM-DD: {iso}"),
                        None => s("write dates as YYYY-MM-DD, and a day that exists"),
                    }),
                ),
            ),
            DuplicateId { id, first_line } => (
                (
                    format!("编号 `{id}` 重复，第 {first_line} 行已经使用"),
                    Some(s("编号不能重复；错录的条目请用 void 作废，不要复用编号")),
                ),
                (
                    format!("id `{id}` is already used on line {first_line}"),
                    Some(s(
                        "ids must be unique; strike a mistaken entry out with `void` rather than reusing its id",
                    )),
                ),
            ),
            UnknownRef { value, suggestion } => (
                (
                    format!("`ref` 的值 `{value}` 不是任何工作要点、清单条目或方案级义务"),
                    dym_zh(suggestion).or_else(|| Some(s("ref 应写 plan/ 中定义的要点编号（如 WP01）、清单条目编号或方案级义务编号"))),
                ),
                (
                    format!(
                        "`ref: {value}` names no work point, checklist item or plan-wide obligation"
                    ),
                    dym_en(suggestion).or_else(|| Some(s("`ref` takes the id of a point (e.g. WP01), a checklist item or a plan-wide obligation defined in plan/"))),
                ),
            ),
            UnknownUnit { value, suggestion } => (
                (
                    format!("单位 `{value}` 未在单位名册中登记"),
                    dym_zh(suggestion).or_else(|| Some(s("在 plan/ 的 units: 中登记该单位"))),
                ),
                (
                    format!("unit `{value}` is not registered"),
                    dym_en(suggestion).or_else(|| Some(s("register it under `units:` in plan/"))),
                ),
            ),
            UnregisteredLedger { stem, suggestion } => (
                (
                    format!("台账文件 units/{stem}.yaml 对应的单位 `{stem}` 未登记"),
                    dym_zh(suggestion).or_else(|| Some(s("文件名必须是已登记的单位编号"))),
                ),
                (
                    format!("units/{stem}.yaml belongs to no registered unit `{stem}`"),
                    dym_en(suggestion)
                        .or_else(|| Some(s("the file name must be a registered unit id"))),
                ),
            ),
            UnitMismatch { unit, stem } => (
                (
                    format!("`unit: {unit}` 与文件名 {stem}.yaml 不一致"),
                    Some(format!("改为 `unit: {stem}`，或重命名文件")),
                ),
                (
                    format!("`unit: {unit}` does not match the file name {stem}.yaml"),
                    Some(format!("write `unit: {stem}`, or rename the file")),
                ),
            ),
            UnknownKind { value, suggestion } => (
                (
                    format!("记实类别 `{value}` 不在词表中"),
                    dym_zh(suggestion)
                        .or_else(|| Some(s("可在 ledger.toml 的 [check] kinds 中增加类别"))),
                ),
                (
                    format!("record kind `{value}` is not in the vocabulary"),
                    dym_en(suggestion).or_else(|| {
                        Some(s(
                            "extra kinds can be added with `kinds` under [check] in ledger.toml",
                        ))
                    }),
                ),
            ),
            DateOrder(o) => order_text(o),
            NoDue { item } => (
                (
                    format!("事项 `{item}` 没有期限：既无 `due`，所属要点也没有 `deadline`"),
                    Some(s("给事项写 due: YYYY-MM-DD")),
                ),
                (
                    format!(
                        "item `{item}` has no due date: no `due`, and its point has no `deadline`"
                    ),
                    Some(s("add `due: YYYY-MM-DD`")),
                ),
            ),
            NoTerm => (
                (
                    s("使用了 `within: term`，但 ledger.toml 没有 [term] 届期"),
                    Some(s("在 ledger.toml 中添加 [term] start = … end = …")),
                ),
                (
                    s("`within: term` is used but ledger.toml has no [term]"),
                    Some(s("add [term] with start and end to ledger.toml")),
                ),
            ),
            FutureDate { what, date, as_of } => {
                let (zh, en) = match what {
                    DateWhat::RecordDate => ("记实日期", "record date"),
                    DateWhat::Opened => ("立项日期", "opened date"),
                    DateWhat::Closed => ("销号日期", "closed date"),
                    DateWhat::ExtensionDate => ("延期日期", "extension date"),
                    DateWhat::ProgressDate => ("进展日期", "progress date"),
                    DateWhat::VoidDate => ("作废日期", "void date"),
                };
                (
                    (
                        format!("{zh} {date} 晚于检查日期 {as_of}"),
                        Some(s("在检查日期之前它不计入；如是笔误请更正")),
                    ),
                    (
                        format!("{en} {date} is after the evaluation date {as_of}"),
                        Some(s("it does not count until then; fix it if it is a typo")),
                    ),
                )
            }
            EmptySelector { key } => (
                (
                    format!("`{key}` 选择器没有匹配任何单位"),
                    Some(s("检查标签或单位编号")),
                ),
                (
                    format!("the `{key}` selector matches no unit"),
                    Some(s("check the tags or unit ids")),
                ),
            ),
            NoSupportUnits => (
                (
                    s("`who: support`，但该要点没有配合单位"),
                    Some(s("在要点中写 support: […]，或改用其他选择器")),
                ),
                (
                    s("`who: support` on a point with no support units"),
                    Some(s("add `support:` to the point or choose another selector")),
                ),
            ),
        }
    }
}

fn order_text(o: &Order) -> ((String, Option<String>), (String, Option<String>)) {
    let s = |a: &str| a.to_owned();
    match o {
        Order::ClosedBeforeOpened { closed, opened } => (
            (format!("销号日期 {closed} 早于立项日期 {opened}"), None),
            (format!("closed {closed} is before opened {opened}"), None),
        ),
        Order::VoidBeforeDate { void, date } => (
            (format!("作废日期 {void} 早于条目日期 {date}"), None),
            (
                format!("void date {void} is before the entry's date {date}"),
                None,
            ),
        ),
        Order::ExtensionNotLater { due, previous } => (
            (
                format!("延期后的期限 {due} 不晚于原期限 {previous}"),
                Some(s("延期应把期限往后推")),
            ),
            (
                format!("extended due {due} is not later than the due it replaces, {previous}"),
                Some(s("an extension moves the due date later")),
            ),
        ),
        Order::ExtensionsOutOfOrder { date, previous } => (
            (
                format!("延期记录 {date} 早于上一条延期 {previous}"),
                Some(s("按日期先后排列延期记录")),
            ),
            (
                format!("extension dated {date} comes after one dated {previous}"),
                Some(s("list extensions in date order")),
            ),
        ),
        Order::TermEndBeforeStart => (
            (s("届期结束日期早于开始日期"), None),
            (s("term end is before its start"), None),
        ),
        Order::PlanEndBeforeStart => (
            (s("方案 end 早于 start"), None),
            (s("plan end is before its start"), None),
        ),
        Order::UntilBeforeFrom => (
            (s("义务 until 早于 from"), None),
            (s("`until` is before `from`"), None),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Lang;

    #[test]
    fn every_message_has_text_in_both_languages() {
        let samples = [
            Msg::NoTerm,
            Msg::YamlTooDeep,
            Msg::UnknownField {
                key: "remark".into(),
                within: What::Point,
                suggestion: Some("text".into()),
            },
            Msg::DateOrder(Order::UntilBeforeFrom),
        ];
        for m in samples {
            let (zh, _) = m.text(Lang::Zh);
            let (en, _) = m.text(Lang::En);
            assert!(!zh.is_empty() && !en.is_empty());
            assert_ne!(zh, en);
        }
    }

    #[test]
    fn a_message_shared_by_two_syntaxes_carries_its_code() {
        let unreadable = |format| Msg::Unreadable {
            detail: "loop".into(),
            format,
        };
        assert_eq!(unreadable(Format::Yaml).code(), Code::YamlSyntax);
        assert_eq!(unreadable(Format::Toml).code(), Code::TomlSyntax);
        assert_eq!(Msg::YamlTooLarge { bytes: 1 }.code(), Code::YamlSyntax);
        assert_eq!(Msg::TomlTooLarge { bytes: 1 }.code(), Code::TomlSyntax);
        assert_eq!(
            Msg::UnregisteredLedger {
                stem: "x".into(),
                suggestion: None
            }
            .code(),
            Code::UnknownUnit
        );
        assert_eq!(Msg::NoSupportUnits.code(), Code::EmptySelector);
        assert_eq!(Msg::MissingStart.code(), Code::MissingField);
    }
}
