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
    Person,
    DeadlineRule,
    After,
    Draw,
}

impl What {
    pub(super) fn zh(self) -> &'static str {
        match self {
            What::Config => "ledger.toml",
            What::Term => "[term] 届期",
            What::CheckSettings => "[check]",
            What::AuditSettings => "[audit]",
            What::PlanFile => "方案文件",
            What::PlanHeader => "方案头",
            What::Unit => "单位",
            What::Point => "工作要点",
            What::Duty => "分工",
            What::Checklist => "责任清单",
            What::ChecklistItem => "清单条目",
            What::Obligation => "义务",
            What::Selector => "选择器",
            What::LedgerFile => "台账文件",
            What::Record => "工作记实",
            What::Item => "事项",
            What::Extension => "延期",
            What::Progress => "进展",
            What::Void => "作废",
            What::Person => "人员",
            What::DeadlineRule => "事项期限规则",
            What::After => "触发事件（after）",
            What::Draw => "抽取结果（samples）",
        }
    }

    pub(super) fn en(self) -> &'static str {
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
            What::Person => "a person",
            What::DeadlineRule => "a deadline rule",
            What::After => "an event (after)",
            What::Draw => "a draw (samples)",
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
    DrawDate,
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

/// A typing slip that stops the YAML parser, named where it is.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Slip {
    Tab,
    FullWidthSpace,
    FullWidthColon,
    NoSpaceAfterColon { key: String },
    ChineseQuote,
}

/// Why no repository was found, as far as can be told.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum NoRepoWhy {
    /// No `--repo`: the folder, its parents and `./ledgers` were searched.
    Searched,
    /// `--repo DIR` has no `ledger.toml` (its parents were not searched); the
    /// nearest parent that has one, if any.
    NotInGiven { parent: Option<String> },
    /// The folder given with `--repo` does not exist.
    GivenMissing,
    /// What `--repo` names is not a folder.
    GivenNotFolder,
    /// A `ledger.toml` exists at this path but is not a regular file.
    ConfigNotFile { path: String, kind: FileType },
}

/// What a path that should be a regular file is instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileType {
    Directory,
    Fifo,
    Other,
}

/// A registered unit whose id is close to a ledger file's unregistered stem.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CloseUnit {
    pub id: String,
    pub name: String,
    /// The unit's ledger file, when it has one already (then the two files
    /// are merged, not renamed).
    pub ledger: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Msg {
    NoRepo {
        from: String,
        why: NoRepoWhy,
    },
    Encoding {
        gb18030: bool,
        binary: bool,
        utf16: bool,
    },
    YamlSyntax {
        detail: String,
        tab: bool,
    },
    /// A syntax error explained by a slip near it: named in the clerk's words,
    /// instead of the parser's English about what it expected.
    YamlSlip {
        slip: Slip,
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
        /// Written in quotes (`"30"`): a text, though its content is a number.
        quoted: bool,
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
        /// The file of the first definition, when it is another file.
        first_file: Option<String>,
    },
    /// A unit ledger with nothing in it, named by its file.
    EmptyLedger {
        stem: String,
    },
    /// An extension without `reason` (allowed by the spec; warned).
    ExtensionNoReason,
    /// `disposal` on an item that is not a clue.
    DisposalNotClue {
        kind: &'static str,
    },
    UnknownRef {
        value: String,
        suggestion: Option<String>,
        /// The suggested point's title, for the clerk to confirm.
        title: Option<String>,
    },
    UnknownUnit {
        value: String,
        suggestion: Option<String>,
    },
    /// A `units/` file whose stem is no registered unit id.
    UnregisteredLedger {
        /// The file as named (`units/zbb.yml`).
        file: String,
        stem: String,
        /// Every registered unit as close as the closest, by id.
        close: Vec<CloseUnit>,
    },
    UnitMismatch {
        unit: String,
        stem: String,
        /// `Some` when the file should be renamed to `<unit>.yaml` (the stem is
        /// not registered, the unit is): whether that file exists already.
        rename_taken: Option<bool>,
    },
    UnknownKind {
        value: String,
        suggestion: Option<String>,
    },
    /// No plan file registers any unit (`units:`); `empty_file`: it is reported
    /// on a plan file that is empty.
    NoUnitsRegistered {
        empty_file: bool,
    },
    /// A kind written as its Chinese label (`会议`) instead of its key (`meeting`).
    KindLabel {
        value: String,
        key: String,
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
        /// The evaluation date is `check.as_of` in ledger.toml.
        pinned: bool,
    },
    EmptySelector {
        key: &'static str,
    },
    NoSupportUnits,
    /// A file under `plan/` or `units/` that looks like a ledger but is not read
    /// as one (`zxb.yaml.txt`, `units/2019/zxb.yaml`): a warning, so that the
    /// gap it leaves is not a mystery.
    IgnoredLookAlike {
        rename_to: String,
        /// In a subfolder (else: a wrong extension).
        in_folder: bool,
        /// Under `units/` (else `plan/`).
        unit: bool,
    },
    /// Two files are read as one unit's ledger (`units/zzb.yml` and
    /// `units/zzb.yaml`): reported on the later one.
    TwoLedgers {
        unit: String,
        /// The other file.
        other: String,
    },
    /// Format 1.1 (docs/format.md §1.1.12).
    F11(super::format11::F11),
}

/// `YYYY-MM-DD` with a real month and a day past its end: (year, month, days in it).
fn short_month(value: &str) -> Option<(i32, u32, u32)> {
    let mut parts = value.trim().split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let first = chrono::NaiveDate::from_ymd_opt(y, m, 1)?;
    let next = if m == 12 {
        chrono::NaiveDate::from_ymd_opt(y + 1, 1, 1)?
    } else {
        chrono::NaiveDate::from_ymd_opt(y, m + 1, 1)?
    };
    let days = u32::try_from((next - first).num_days()).ok()?;
    (d > days && d <= 31).then_some((y, m, days))
}

fn month_en(m: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES.get(m.wrapping_sub(1) as usize).copied().unwrap_or("")
}

#[allow(clippy::type_complexity)]
fn no_repo_text(
    from: &str,
    why: &NoRepoWhy,
) -> ((String, Option<String>), (String, Option<String>)) {
    let kind = |k: &FileType| match k {
        FileType::Directory => ("一个文件夹", "a folder"),
        FileType::Fifo => ("一个命名管道（FIFO）", "a named pipe (FIFO)"),
        FileType::Other => ("一个特殊文件", "a special file"),
    };
    let ((zh, zh_help), (en, en_help)) = match why {
        NoRepoWhy::Searched => (
            (
                format!("{from} 及其上级目录中没有 ledger.toml，./ledgers 中也没有"),
                "用 --repo 指定台账仓库目录，或在仓库根目录创建 ledger.toml".to_owned(),
            ),
            (
                format!("no ledger.toml in {from} or any parent, nor in ./ledgers"),
                "pass --repo DIR, or create ledger.toml at the repository root".to_owned(),
            ),
        ),
        NoRepoWhy::NotInGiven { parent } => {
            let (zh_help, en_help) = match parent {
                Some(p) => (
                    format!("上级目录 {p} 中有 ledger.toml：改用 --repo {p}"),
                    format!("the parent {p} has one: pass --repo {p}"),
                ),
                None => (
                    "在仓库根目录创建 ledger.toml，或用 --repo 指定含有它的目录".to_owned(),
                    "create ledger.toml at the repository root, or pass --repo the folder holding it".to_owned(),
                ),
            };
            (
                (
                    format!(
                        "--repo 指定的 {from} 中没有 ledger.toml（指定了 --repo 时不查找上级目录）"
                    ),
                    zh_help,
                ),
                (
                    format!(
                        "no ledger.toml in {from} (given with --repo, so its parents were not searched)"
                    ),
                    en_help,
                ),
            )
        }
        NoRepoWhy::GivenMissing => (
            (
                format!("--repo 指定的文件夹 {from} 不存在"),
                "检查路径的拼写".to_owned(),
            ),
            (
                format!("the folder {from} given with --repo does not exist"),
                "check the path's spelling".to_owned(),
            ),
        ),
        NoRepoWhy::GivenNotFolder => (
            (
                format!("--repo 指定的 {from} 不是文件夹"),
                "--repo 要指定仓库根目录（含 ledger.toml 的文件夹）".to_owned(),
            ),
            (
                format!("{from} given with --repo is not a folder"),
                "--repo takes the repository's root folder (the one holding ledger.toml)"
                    .to_owned(),
            ),
        ),
        NoRepoWhy::ConfigNotFile { path, kind: k } => {
            let (kz, ke) = kind(k);
            (
                (format!("{path} 是{kz}，不是文件"), "ledger.toml 应是一个普通文本文件：删除或改名后重新创建".to_owned()),
                (format!("{path} is {ke}, not a file"), "ledger.toml must be an ordinary text file: remove or rename this one and create it".to_owned()),
            )
        }
    };
    (
        (format!("找不到台账仓库：{zh}"), Some(zh_help)),
        (format!("no ledger repository: {en}"), Some(en_help)),
    )
}

/// "did you mean `WP09`（强化…）?": the suggested id with its title.
fn dym_titled(s: &Option<String>, title: &Option<String>, lang: Lang) -> Option<String> {
    let s = s.as_ref()?;
    Some(match (title, lang) {
        (Some(t), Lang::Zh) => format!("你是不是想写 `{s}`（{t}）？"),
        (Some(t), Lang::En) => format!("did you mean `{s}` ({t})?"),
        (None, Lang::Zh) => format!("你是不是想写 `{s}`？"),
        (None, Lang::En) => format!("did you mean `{s}`?"),
    })
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
            | YamlSlip { .. }
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
            MissingField { .. }
            | MissingStart
            | NoUnitsRegistered { .. }
            | EmptyLedger { .. }
            | ExtensionNoReason => Code::MissingField,
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
            DisposalNotClue { .. } => Code::InvalidValue,
            InvalidDate { .. } | DateOutOfRange { .. } => Code::InvalidDate,
            DuplicateId { .. } => Code::DuplicateId,
            UnknownRef { .. } => Code::UnknownRef,
            UnknownUnit { .. } | UnregisteredLedger { .. } => Code::UnknownUnit,
            UnitMismatch { .. } => Code::UnitMismatch,
            UnknownKind { .. } | KindLabel { .. } => Code::UnknownKind,
            DateOrder(_) => Code::DateOrder,
            NoDue { .. } => Code::NoDue,
            NoTerm => Code::NoTerm,
            FutureDate { .. } => Code::FutureDate,
            EmptySelector { .. } | NoSupportUnits => Code::EmptySelector,
            IgnoredLookAlike { unit: true, .. } => Code::UnknownUnit,
            IgnoredLookAlike { unit: false, .. } => Code::YamlSyntax,
            F11(m) => m.code(),
            TwoLedgers { .. } => Code::DuplicateId,
        }
    }

    /// Mostly the code's; a few messages are warnings under a code that is
    /// otherwise an error (the spec's code list is closed, its severities are not
    /// tied to codes in the output schema).
    pub fn severity(&self) -> crate::diag::Severity {
        match self {
            Msg::IgnoredLookAlike { .. } | Msg::ExtensionNoReason => crate::diag::Severity::Warning,
            Msg::F11(m) => m.severity(),
            _ => self.code().severity(),
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
            NoRepo { from, why } => no_repo_text(from, why),
            F11(m) => m.both(),
            TwoLedgers { unit, other } => (
                (
                    format!("单位 {unit} 有两个台账文件：本文件和 {other}"),
                    Some(format!("把两个文件的记实合并到一个文件（units/{unit}.yaml），删除另一个；合并前不检查该单位")),
                ),
                (
                    format!("unit {unit} has two ledger files: this one and {other}"),
                    Some(format!("merge their entries into one file (units/{unit}.yaml) and remove the other; the unit is not evaluated until then")),
                ),
            ),
            Encoding {
                gb18030,
                binary,
                utf16,
            } => {
                let (zh, en) = if *utf16 {
                    (
                        s(
                            "文件是 UTF-16 编码（记事本中的“Unicode”），请改存为 UTF-8：记事本“另存为”，编码选“UTF-8”；或用 iconv -f UTF-16 -t UTF-8 原文件 > 新文件",
                        ),
                        s(
                            "the file is UTF-16 (Notepad's \"Unicode\"); save it as UTF-8: in Notepad, Save As with Encoding \"UTF-8\", or `iconv -f UTF-16 -t UTF-8 old > new`",
                        ),
                    )
                } else if *binary {
                    (
                        s("这是二进制文件，不是文本；台账文件应为 UTF-8 编码的 YAML"),
                        s("this is a binary file, not text; ledger files are UTF-8 YAML"),
                    )
                } else if *gb18030 {
                    (
                        s(
                            "文件看起来是 GBK/GB18030 编码，请改存为 UTF-8：在记事本或 WPS 中“另存为”，编码选“UTF-8”；或用 iconv -f GB18030 -t UTF-8 原文件 > 新文件",
                        ),
                        s(
                            "the file looks GBK/GB18030-encoded; save it as UTF-8: in Notepad or WPS, Save As with Encoding \"UTF-8\", or `iconv -f GB18030 -t UTF-8 old > new`",
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
            YamlSlip { slip } => {
                let ((zh, zh_fix), (en, en_fix)) = match slip {
                    Slip::Tab => (
                        ("这里用了制表符（Tab）缩进，YAML 不允许", "请把制表符改为空格（每级两个空格）"),
                        ("a tab is used for indentation here, which YAML does not allow", "replace tabs with spaces (two per level)"),
                    ),
                    Slip::FullWidthSpace => (
                        ("这里用了全角空格缩进（中文输入法的全角模式）", "请改为半角空格：切换到半角（Shift+空格）后重新输入缩进"),
                        ("a full-width space (U+3000, from a Chinese IME in full-width mode) is used for indentation", "retype the indentation with ordinary spaces (switch the IME to half-width, Shift+Space)"),
                    ),
                    Slip::FullWidthColon => (
                        ("键后面用了全角冒号“：”，YAML 只认半角冒号", "请改为半角冒号加空格，例如 `title: 值`"),
                        ("a full-width colon `：` follows the key; YAML only knows the ASCII colon", "write an ASCII colon and a space, e.g. `title: value`"),
                    ),
                    Slip::NoSpaceAfterColon { key } => {
                        return (
                            (
                                format!("`{key}:` 后面缺少空格，YAML 把整行当作一个文本"),
                                Some(format!("在冒号后加一个空格：`{key}: …`")),
                            ),
                            (
                                format!("no space after `{key}:`, so YAML reads the whole line as one text"),
                                Some(format!("put a space after the colon: `{key}: …`")),
                            ),
                        );
                    }
                    Slip::ChineseQuote => (
                        ("这里用了中文引号“”或‘’，YAML 不把它们当作引号", "请改用半角引号 \"…\"，或去掉引号"),
                        ("Chinese quotes “” or ‘’ are used here; YAML does not read them as quotes", "use ASCII quotes \"…\", or none"),
                    ),
                };
                (
                    (format!("YAML 语法错误：{zh}"), Some(s(zh_fix))),
                    (format!("YAML syntax error: {en}"), Some(s(en_fix))),
                )
            }
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
            BadInteger {
                key,
                value,
                min,
                quoted,
            } => {
                // `"30"` is the quotes' fault: show them, and say to drop them.
                let number = value.trim().parse::<u64>().is_ok_and(|n| n >= *min);
                if *quoted && number {
                    (
                        (
                            format!("`{key}` 应为整数，实际是加了引号的文本 `\"{value}\"`"),
                            Some(format!("去掉引号：{value}")),
                        ),
                        (
                            format!("`{key}` should be a whole number, found the quoted text `\"{value}\"`"),
                            Some(format!("remove the quotes: {value}")),
                        ),
                    )
                } else {
                    let shown = if *quoted { format!("\"{value}\"") } else { value.clone() };
                    (
                        (
                            format!("`{key}` 应为不小于 {min} 的整数，实际是 `{shown}`"),
                            None,
                        ),
                        (
                            format!("`{key}` should be a whole number of at least {min}, found `{shown}`"),
                            None,
                        ),
                    )
                }
            }
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
            InvalidDate { value, suggestion } => match short_month(value) {
                // A real month with a day past its end: say how long the month is.
                Some((y, m, days)) => (
                    (
                        format!("`{value}` 不是有效日期：{y} 年 {m} 月只有 {days} 天"),
                        Some(format!("改为该月实有的日期，例如 {y:04}-{m:02}-{days:02}")),
                    ),
                    (
                        format!("`{value}` is not a valid date: {} {y} has {days} days", month_en(m)),
                        Some(format!("write a day of that month, e.g. {y:04}-{m:02}-{days:02}")),
                    ),
                ),
                None => (
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
            },
            DuplicateId {
                id,
                first_line,
                first_file: Some(first),
            } => (
                (
                    format!("编号 `{id}` 重复，{first} 第 {first_line} 行已经使用"),
                    Some(s("编号在整个方案中不能重复：改用新的编号")),
                ),
                (
                    format!("id `{id}` is already used in {first}, line {first_line}"),
                    Some(s("ids are unique across the plan files: give this one a new id")),
                ),
            ),
            EmptyLedger { stem } => (
                (
                    s("台账文件是空的，缺少必填键 `unit`"),
                    Some(format!("在第一行写 `unit: {stem}`，再在 `records:` 下登记工作记实")),
                ),
                (
                    s("the ledger file is empty: the required key `unit` is missing"),
                    Some(format!("write `unit: {stem}` on the first line, then the records under `records:`")),
                ),
            ),
            ExtensionNoReason => (
                (
                    s("延期没有写明理由（`reason`）"),
                    Some(s("写明延期理由，例如 `reason: 待区委常委会审议`")),
                ),
                (
                    s("the extension gives no `reason`"),
                    Some(s("say why the due date moved, e.g. `reason: 待区委常委会审议`")),
                ),
            ),
            DisposalNotClue { kind } => (
                (
                    format!("`disposal`（处置方式）只用于问题线索（`kind: clue`），这个事项是 `kind: {kind}`"),
                    Some(s("删除 `disposal`，或把 `kind` 改为 `clue`")),
                ),
                (
                    format!("`disposal` is for clues only (`kind: clue`); this item is `kind: {kind}`"),
                    Some(s("remove `disposal`, or set `kind: clue`")),
                ),
            ),
            DuplicateId { id, first_line, .. } => (
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
            UnknownRef {
                value,
                suggestion,
                title,
            } => (
                (
                    format!("`ref` 的值 `{value}` 不是任何工作要点、清单条目或方案级义务"),
                    dym_titled(suggestion, title, Lang::Zh).or_else(|| Some(s("ref 应写 plan/ 中定义的要点编号（如 WP01）、清单条目编号或方案级义务编号"))),
                ),
                (
                    format!(
                        "`ref: {value}` names no work point, checklist item or plan-wide obligation"
                    ),
                    dym_titled(suggestion, title, Lang::En).or_else(|| Some(s("`ref` takes the id of a point (e.g. WP01), a checklist item or a plan-wide obligation defined in plan/"))),
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
            UnregisteredLedger { file, stem, close } => {
                let (zh_help, en_help) = match &close[..] {
                    [] => (
                        s("文件名必须是已登记的单位编号"),
                        s("the file name must be a registered unit id"),
                    ),
                    [one] => {
                        let CloseUnit { id, name, ledger } = one;
                        match ledger {
                            Some(existing) => (
                                format!(
                                    "你是不是想写 units/{id}.yaml（{name}）？该单位的台账 {existing} 已经存在：请把本文件的内容合并进去，再删除本文件"
                                ),
                                format!(
                                    "did you mean units/{id}.yaml ({name})? That unit's ledger {existing} exists already: merge this file into it, then delete this one"
                                ),
                            ),
                            None => (
                                format!(
                                    "你是不是想写 units/{id}.yaml（{name}）？把文件改名为 units/{id}.yaml，并在文件中写 `unit: {id}`"
                                ),
                                format!(
                                    "did you mean units/{id}.yaml ({name})? Rename the file to units/{id}.yaml and write `unit: {id}` in it"
                                ),
                            ),
                        }
                    }
                    several => {
                        let list = |or: &str, open: &str, close: &str| {
                            several
                                .iter()
                                .map(|c| format!("units/{}.yaml{open}{}{close}", c.id, c.name))
                                .collect::<Vec<_>>()
                                .join(or)
                        };
                        (
                            format!(
                                "你是不是想写 {}？把文件改名为其中正确的那一个，并把文件中的 `unit:` 改为该单位的编号",
                                list("或 ", "（", "）")
                            ),
                            format!(
                                "did you mean {}? Rename the file to the right one, and write that unit's id in `unit:`",
                                list(" or ", " (", ")")
                            ),
                        )
                    }
                };
                (
                    (
                        format!("台账文件 {file} 对应的单位 `{stem}` 未登记"),
                        Some(zh_help),
                    ),
                    (
                        format!("{file} belongs to no registered unit `{stem}`"),
                        Some(en_help),
                    ),
                )
            }
            UnitMismatch {
                unit,
                stem,
                rename_taken: Some(taken),
            } => {
                let (zh_taken, en_taken) = if *taken {
                    (
                        format!("；units/{unit}.yaml 已经存在，请把两个文件的内容合并"),
                        format!("; units/{unit}.yaml exists already: merge the two files"),
                    )
                } else {
                    (String::new(), String::new())
                };
                (
                    (
                        format!("文件名 {stem}.yaml 不是已登记的单位编号，文件中写的是 `unit: {unit}`"),
                        Some(format!("把文件改名为 units/{unit}.yaml{zh_taken}")),
                    ),
                    (
                        format!("the file name {stem}.yaml is no registered unit id, and the file says `unit: {unit}`"),
                        Some(format!("rename the file to units/{unit}.yaml{en_taken}")),
                    ),
                )
            }
            UnitMismatch { unit, stem, .. } => (
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
            NoUnitsRegistered { empty_file } => {
                let (zh, en) = if *empty_file {
                    ("这个方案文件是空的，所有方案文件中都没有登记任何单位", "this plan file is empty, and no plan file registers any unit")
                } else {
                    ("方案文件中都没有登记任何单位（`units:`）", "no plan file registers any unit (`units:`)")
                };
                (
                    (
                        format!("{zh}；未检查单位引用，也未计算缺口"),
                        Some(s("在方案文件中写 `units:` 单位名册，例如 `- {id: zzb, name: 区委组织部}`")),
                    ),
                    (
                        format!("{en}; unit references were not checked and no findings computed"),
                        Some(s("list the units under `units:` in a plan file, e.g. `- {id: zzb, name: 区委组织部}`")),
                    ),
                )
            }
            KindLabel { value, key } => (
                (
                    format!("`{value}` 是记实类别 `{key}` 的中文名称，这里应填写类别的键"),
                    Some(format!("改为 `{key}`")),
                ),
                (
                    format!("`{value}` is the Chinese label of the kind `{key}`; write the kind's key here, not its label"),
                    Some(format!("write `{key}`")),
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
            FutureDate {
                what,
                date,
                as_of,
                pinned,
            } => {
                let (zh, en) = match what {
                    DateWhat::RecordDate => ("记实日期", "record date"),
                    DateWhat::Opened => ("立项日期", "opened date"),
                    DateWhat::Closed => ("销号日期", "closed date"),
                    DateWhat::ExtensionDate => ("延期日期", "extension date"),
                    DateWhat::ProgressDate => ("进展日期", "progress date"),
                    DateWhat::VoidDate => ("作废日期", "void date"),
                    DateWhat::DrawDate => ("抽取日期", "draw date"),
                };
                let (zh_from, en_from) = if *pinned {
                    ("（由 ledger.toml 的 [check] as_of 指定）", " (set by `as_of` under [check] in ledger.toml)")
                } else {
                    ("", "")
                };
                let (zh_help, en_help) = if *pinned {
                    (
                        "在检查日期之前它不计入；如是笔误请更正，或修改/删除 ledger.toml 中的 as_of（也可用 --as-of 指定）",
                        "it does not count until then; fix it if it is a typo, or change or remove `as_of` in ledger.toml (or pass --as-of)",
                    )
                } else {
                    ("在检查日期之前它不计入；如是笔误请更正", "it does not count until then; fix it if it is a typo")
                };
                (
                    (format!("{zh} {date} 晚于检查日期 {as_of}{zh_from}"), Some(s(zh_help))),
                    (format!("{en} {date} is after the evaluation date {as_of}{en_from}"), Some(s(en_help))),
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
            IgnoredLookAlike {
                rename_to,
                in_folder,
                unit,
            } => {
                let (why_zh, why_en) = if *in_folder {
                    ("子文件夹中的文件不会被读取", "files in subfolders are not read")
                } else {
                    (
                        "扩展名不是 .yaml（记事本常会自动加上 .txt）",
                        "its extension is not .yaml (Notepad often adds .txt)",
                    )
                };
                let (what_zh, what_en) = if *unit {
                    ("该单位的台账未被检查", "this unit's ledger was not checked")
                } else {
                    ("该方案文件未被读取", "this plan file was not read")
                };
                (
                    (
                        format!("已忽略此文件：{why_zh}，{what_zh}"),
                        Some(format!("如果这是台账文件，请改名为 `{rename_to}`")),
                    ),
                    (
                        format!("file ignored: {why_en}; {what_en}"),
                        Some(format!("if it is a ledger file, rename it to `{rename_to}`")),
                    ),
                )
            }
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
                file: "units/x.yaml".into(),
                stem: "x".into(),
                close: Vec::new(),
            }
            .code(),
            Code::UnknownUnit
        );
        assert_eq!(Msg::NoSupportUnits.code(), Code::EmptySelector);
        assert_eq!(Msg::MissingStart.code(), Code::MissingField);
    }
}
