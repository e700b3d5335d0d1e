//! The command line's own words in Chinese: `--help` texts and clap's usage
//! errors. The English texts are the doc comments on the clap types in
//! [`crate::cli`]; this table gives their Chinese, keyed by `command.arg` (or
//! by the arg id alone, for options shared by several commands), so
//! `ledger --lang zh check --help` and `ledger check --bogus` under a Chinese
//! locale read in the clerk's language.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use super::Lang;

/// Chinese `about` of each subcommand, by its path (`check`, `add.record`).
fn about_zh(path: &str) -> Option<&'static str> {
    Some(match path {
        "" => "以版本控制的 YAML 管理工作台账：哪些逾期、临期、迟办或缺失",
        "check" => "校验台账仓库，报告逾期、临期、迟办和缺口",
        "schema" => "写出文件格式的 JSON Schema（供编辑器和 CI 使用）",
        "summary" => "年度总结用的统计表：按单位、按工作要点、全方案合计",
        "audit" => "审查单位台账的 git 历史：删除或改写的条目、被挪动的期限、补记的记实",
        "diff" => "两个版本之间台账仓库的变化（默认：HEAD 与工作区）",
        "codeowners" => "根据单位名册和方案头部的 owners 生成 CODEOWNERS 文件",
        "help" => "显示本帮助，或某个子命令的帮助",
        "report" => "某牵头单位或全方案的年度落实情况报告（Markdown 或 Word）",
        "export" => {
            "写出可交付的文件：Excel 工作簿、离线 HTML 看板、今后各期限的 iCalendar 日历、供汇总的 JSON Lines"
        }
        "export.jsonl" => "导出记实、事项、义务期间和发现，逐行供 DuckDB、Spark 或数据仓库汇总",
        "export.xlsx" => {
            "Excel 工作簿：问题整改台账、工作记实、责任清单落实、逾期临期迟办缺口、汇总"
        }
        "export.html" => "一个自包含的 HTML 文件：单位 × 工作要点热力图、逐项查看、期限时间轴",
        "export.ics" => "今后每个期限的 iCalendar（.ics）日历，每个期限一个事件",
        clerk => return super::clerk::about_zh(clerk),
    })
}

/// Chinese help of an argument: `command.arg` first, then the arg id alone.
fn arg_zh(command: &str, arg: &str) -> Option<&'static str> {
    let specific = match (command, arg) {
        ("summary", "as_of") => {
            Some("统计日期（YYYY-MM-DD）；默认：ledger.toml 中的 check.as_of，否则今天")
        }
        ("summary", "units") => Some(
            "只统计这个单位（可重复）：它的一行，以及其他表中只含它的发现、记实、事项和义务期间",
        ),
        ("summary", "format") => Some("输出格式"),
        ("summary", "table") => {
            Some("只显示这张表（human 输出；默认：全部），或 --format csv 写出的表（默认：units）")
        }
        ("summary", "year") => {
            Some("只统计这个自然年：该年的义务期间、记实和事项，按年末（或更早的评估日期）统计")
        }
        ("xlsx", "as_of") => {
            Some("统计日期（YYYY-MM-DD）；默认：ledger.toml 中的 check.as_of，否则今天")
        }
        ("xlsx", "year") => Some("只统计这个自然年（同 summary --year）"),
        ("xlsx", "units") => Some("只含这个单位（可重复）"),
        ("xlsx", "out") => Some("写入的文件（默认：当前文件夹下的 <方案编号>-<日期>.<扩展名>）"),
        ("jsonl", "as_of") => {
            Some("按此日期评估（YYYY-MM-DD）；默认：ledger.toml 中的 check.as_of，否则今天")
        }
        ("jsonl", "out") => Some("写入这个文件；`-`（默认）为标准输出"),
        ("audit", "since") => Some("审查这个版本之后的提交（默认：从第一个提交起的全部提交）"),
        ("audit", "require_signed") => {
            Some("每个修改单位台账的提交都必须带有 git verify-commit 能验证的签名")
        }
        ("diff", "from") => Some("较旧的版本（默认：HEAD）"),
        ("diff", "to") => Some("较新的版本（默认：工作区）"),
        ("report" | "html" | "ics", "as_of") => {
            Some("检查日期（YYYY-MM-DD）；默认：ledger.toml 中的 check.as_of，否则今天")
        }
        ("report", "year") => {
            Some("报告的自然年度，按年末或检查日期（取较早者）统计（默认：检查日期所在年度）")
        }
        ("report", "unit") => Some(
            "报送的牵头单位：它牵头的要点、它自己的事项和发现（默认：报区党廉办的全方案汇总报告）",
        ),
        ("report", "format") => {
            Some("md（Markdown）或 docx（Word）；默认：按 --out 的扩展名，否则 md")
        }
        ("report", "out") => {
            Some("写入的文件；`-` 表示标准输出（默认：<方案编号>-report-<年度>[-<单位>].<扩展名>）")
        }
        ("html", "year") => Some("只看这个自然年度，按年末或检查日期（取较早者）统计"),
        ("html", "out") => {
            Some("写入的文件；`-` 表示标准输出（默认：<方案编号>-dashboard-<日期>.html）")
        }
        ("ics", "days") => Some("只列出检查日期之后这么多天内的期限（最多 3660）"),
        ("ics", "out") => Some("写入的文件；`-` 表示标准输出（默认：<方案编号>-due-<日期>.ics）"),
        // Here, not with the clerk's texts: the shared `all` below would win.
        ("sample", "all") => Some("抽取全部抽查义务"),
        ("schema", "out") => {
            Some("写入 config.schema.json、plan.schema.json 和 ledger.schema.json 的文件夹")
        }
        _ => None,
    };
    specific.or(match arg {
        "lang" => Some("消息语言：zh 或 en（默认：LEDGER_LANG，其次为系统区域设置）"),
        "color" => Some("何时使用颜色"),
        "repo" => Some("台账仓库（默认：向上最近的含 ledger.toml 的文件夹，否则 ./ledgers）"),
        "as_of" => Some("按此日期检查（YYYY-MM-DD）；默认：ledger.toml 中的 check.as_of，否则今天"),
        "format" => Some("输出格式（默认：在 GITHUB_ACTIONS=true 时为 github，否则为 human）"),
        "units" => Some("只报告这个单位的发现（可重复）"),
        "all" => Some("显示全部诊断和表格的每一行（human 和 github 输出默认只显示前面的部分）"),
        "strict" => Some("缺口、迟办、临期和警告也视为失败（退出码 1；等同 --fail-on any）"),
        "fail_on" => Some(
            "什么情况算失败：`error`（只看文件中的问题，例如用于 pre-commit 钩子）、`overdue`（默认）或 `any`（任何发现或警告）",
        ),
        "jobs" => Some("读取和检查文件所用的线程数（默认：CPU 核数）"),
        "width" => Some(
            "表格适应 N 列宽：长文字换行，最次要的列不显示（默认：标准输出是终端时取 COLUMNS，没有则取终端宽度；不是终端时不限；0 表示不限）",
        ),
        "help" => Some("显示帮助"),
        "version" => Some("显示版本"),
        _ => super::clerk::arg_zh(command, arg),
    })
}

/// Chinese help of a possible value (`--format github`).
fn value_zh(command: &str, arg: &str, value: &str) -> Option<&'static str> {
    Some(match (command, arg, value) {
        ("check", "format", "github") => {
            "GitHub Actions 注释，设置 GITHUB_STEP_SUMMARY 时另写任务摘要"
        }
        ("check", "format", "junit") => "JUnit XML：每个单位一个 testsuite，每个发现一个 testcase",
        ("check", "format", "sarif") => "SARIF 2.1.0，供代码扫描视图使用",
        ("check", "format", "csv") => "发现逐行写成 CSV：UTF-8 带 BOM 供 Excel 打开，CRLF 换行",
        ("summary", "format", "human") => "三张表：按单位、按工作要点、全方案合计",
        ("summary", "format", "json") => {
            "{\"version\":1,\"as_of\":…,\"units\":[…],\"points\":[…],\"plan\":{…},\"upcoming\":[…]}"
        }
        ("summary", "format", "csv") => {
            "一张表（见 --table），RFC 4180，UTF-8 带字节顺序标记（BOM），Excel 可正确打开中文"
        }
        ("summary", "table", "units") => "每个单位一行",
        ("summary", "table", "points") => "每个工作要点一行",
        ("summary", "table", "plan") => "只有全方案合计",
        _ => return None,
    })
}

/// The name of the help subcommand that [`localize`] adds in Chinese.
pub const HELP_COMMAND: &str = "help";

/// The help template with Chinese headings (clap's own are English).
const TEMPLATE_ZH: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// The command tree with its texts in `lang`. English is the tree as derived;
/// for Chinese every about, argument help, possible-value help and heading is
/// replaced, and clap's English tails (`[default: …]`, `[possible values: …]`)
/// are written into the help text in Chinese instead.
pub fn localize(cmd: clap::Command, lang: Lang) -> clap::Command {
    match lang {
        Lang::En => cmd,
        Lang::Zh => localize_zh(cmd, ""),
    }
}

fn localize_zh(mut cmd: clap::Command, path: &str) -> clap::Command {
    let name = if path.is_empty() { "" } else { path };
    if let Some(about) = about_zh(name) {
        cmd = cmd.about(about).long_about(None);
    }
    let command = path.rsplit('.').next().unwrap_or("");
    if path.is_empty() && cmd.has_subcommands() {
        // clap's own `help` subcommand has an English line that cannot be
        // changed; ours says the same in Chinese (the CLI answers it).
        cmd = cmd.disable_help_subcommand(true).subcommand(
            clap::Command::new(HELP_COMMAND)
                .about(about_zh("help").unwrap_or_default())
                .arg(
                    clap::Arg::new("command")
                        .num_args(0..)
                        .help("要显示帮助的子命令")
                        .value_name("命令"),
                ),
        );
    }
    cmd = cmd
        .help_template(TEMPLATE_ZH)
        .subcommand_help_heading("命令")
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help("显示帮助")
                .help_heading("选项"),
        );
    if path.is_empty() {
        cmd = cmd.arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help("显示版本")
                .help_heading("选项"),
        );
    }
    cmd = cmd.mut_args(|a| {
        let id = a.get_id().as_str().to_owned();
        if id == "help" || id == "version" {
            return a;
        }
        let heading = if a.is_positional() {
            "参数"
        } else {
            "选项"
        };
        let mut a = a.help_heading(heading);
        let mut text = arg_zh(command, &id).map(str::to_owned);
        let takes_values = a.get_action().takes_values();
        let values: Vec<clap::builder::PossibleValue> = if takes_values {
            a.get_possible_values()
                .into_iter()
                .filter(|v| !v.is_hide_set())
                .collect()
        } else {
            Vec::new()
        };
        if !values.is_empty() {
            // The parser stays as derived (it yields the enum); only the
            // listing of the values moves into the help text, in Chinese.
            if let Some(t) = text.as_mut() {
                let names: Vec<String> = values
                    .iter()
                    .map(|v| match value_zh(command, &id, v.get_name()) {
                        Some(h) => format!("{}（{h}）", v.get_name()),
                        None => v.get_name().to_owned(),
                    })
                    .collect();
                t.push_str(&format!("［可选值：{}］", names.join("、")));
            }
            a = a.hide_possible_values(true);
        }
        let defaults: Vec<String> = a
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        if takes_values && !defaults.is_empty() {
            if let Some(t) = text.as_mut() {
                t.push_str(&format!("［默认：{}］", defaults.join("、")));
            }
            a = a.hide_default_value(true);
        }
        match text {
            Some(t) => a.help(t).long_help(clap::builder::Resettable::Reset),
            None => a,
        }
    });
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for sub in names {
        let child = if path.is_empty() {
            sub.clone()
        } else {
            format!("{path}.{sub}")
        };
        cmd = cmd.mut_subcommand(&sub, |s| localize_zh(s, &child));
    }
    cmd
}

/// Which texts of the command tree have no Chinese: `about` of a command
/// (`check`), help of an argument (`check --as-of`). Empty when complete.
pub fn missing_zh(cmd: &clap::Command) -> Vec<String> {
    let mut missing = Vec::new();
    walk_missing(cmd, "", &mut missing);
    missing
}

fn walk_missing(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
    if about_zh(path).is_none() {
        missing.push(format!("about of `{}`", display_path(path)));
    }
    let command = path.rsplit('.').next().unwrap_or("");
    for a in cmd.get_arguments() {
        let id = a.get_id().as_str();
        if id == "help" || id == "version" || a.is_hide_set() {
            continue;
        }
        if arg_zh(command, id).is_none() {
            missing.push(format!("help of `{} {id}`", display_path(path)));
        }
        for v in a.get_possible_values() {
            if v.get_help().is_some() && value_zh(command, id, v.get_name()).is_none() {
                missing.push(format!(
                    "help of `{} {id} {}`",
                    display_path(path),
                    v.get_name()
                ));
            }
        }
    }
    for s in cmd.get_subcommands() {
        if s.get_name() == "help" {
            continue;
        }
        let child = if path.is_empty() {
            s.get_name().to_owned()
        } else {
            format!("{path}.{}", s.get_name())
        };
        walk_missing(s, &child, missing);
    }
}

fn display_path(path: &str) -> String {
    if path.is_empty() {
        "ledger".to_owned()
    } else {
        format!("ledger {}", path.replace('.', " "))
    }
}

/// A clap usage error worded in `lang`. English keeps clap's own rendering;
/// Chinese says the same from the error's context, with clap's usage line.
pub fn usage_error(e: &clap::Error, lang: Lang) -> String {
    if lang == Lang::En {
        return e.render().to_string();
    }
    let ctx = |k: ContextKind| -> Option<String> {
        match e.get(k)? {
            ContextValue::String(s) => Some(s.clone()),
            ContextValue::Strings(v) => Some(v.join("、")),
            ContextValue::StyledStr(s) => Some(s.to_string()),
            ContextValue::StyledStrs(v) => Some(
                v.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("、"),
            ),
            ContextValue::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let arg = ctx(ContextKind::InvalidArg).unwrap_or_default();
    let value = ctx(ContextKind::InvalidValue).unwrap_or_default();
    let mut text = match e.kind() {
        ErrorKind::UnknownArgument => format!("错误：不认识的参数 `{arg}`"),
        ErrorKind::InvalidSubcommand => {
            let sub = ctx(ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("错误：不认识的子命令 `{sub}`")
        }
        ErrorKind::InvalidValue => {
            let valid = ctx(ContextKind::ValidValue)
                .filter(|v| !v.is_empty())
                .map(|v| format!("；可选值：{v}"))
                .unwrap_or_default();
            if value.is_empty() {
                format!("错误：`{arg}` 需要一个值{valid}")
            } else {
                format!("错误：`{arg}` 的值 `{value}` 无效{valid}")
            }
        }
        ErrorKind::ValueValidation => {
            let why = match e.source() {
                Some(s) => match s.downcast_ref::<BadDateArg>() {
                    Some(d) => format!("：{}", d.zh()),
                    None => format!("：{s}"),
                },
                None => String::new(),
            };
            format!("错误：`{arg}` 的值 `{value}` 无效{why}")
        }
        ErrorKind::MissingRequiredArgument => format!("错误：缺少必需的参数 {arg}"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "错误：需要一个子命令".to_owned()
        }
        ErrorKind::ArgumentConflict => {
            let prior = ctx(ContextKind::PriorArg).unwrap_or_default();
            format!("错误：参数 `{arg}` 不能与 `{prior}` 同时使用")
        }
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("错误：`{arg}` 的值个数不对")
        }
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            return zh_usage_words(&e.render().to_string());
        }
        _ => return e.render().to_string(),
    };
    text.push('\n');
    let suggested = [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand]
        .into_iter()
        .find_map(|k| match e.get(k)? {
            ContextValue::String(s) => Some(vec![s.clone()]),
            ContextValue::Strings(v) => Some(v.clone()),
            _ => None,
        });
    if let Some(names) = suggested.filter(|v| !v.is_empty()) {
        let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        text.push_str(&format!("\n  提示：是不是要用 {}？\n", names.join(" 或 ")));
    }
    if let Some(usage) = ctx(ContextKind::Usage) {
        let usage = usage.trim_start();
        let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
        text.push_str(&format!("\n用法：{}\n", zh_usage_words(usage)));
    }
    text.push_str("\n更多信息请运行 `--help`。\n");
    text
}

/// clap's placeholders in usage lines, in Chinese.
fn zh_usage_words(s: &str) -> String {
    s.replace("[OPTIONS]", "[选项]")
        .replace("<COMMAND>", "<命令>")
}

/// What the progress bar on a long run counts (files read and checked).
pub fn progress_label(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "正在检查文件",
        Lang::En => "checking files",
    }
}

/// `--unit X` that names no registered unit, with every equally close id.
pub fn unknown_unit_arg(unit: &str, suggestions: &[String], lang: Lang) -> String {
    let list = suggestions
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>();
    match lang {
        Lang::Zh if list.is_empty() => format!("--unit {unit}：不是已登记的单位"),
        Lang::Zh => format!(
            "--unit {unit}：不是已登记的单位；你是不是想写 {}？",
            list.join(" 或 ")
        ),
        Lang::En if list.is_empty() => format!("--unit {unit}: not a registered unit"),
        Lang::En => format!(
            "--unit {unit}: not a registered unit; did you mean {}?",
            list.join(" or ")
        ),
    }
}

/// A `--as-of` (or other date option) that is not `YYYY-MM-DD`. Returned by
/// the CLI's date parser so the error can be worded in either language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadDateArg {
    pub suggestion: Option<String>,
    /// A real day outside [`crate::dates::MIN_YEAR`]–[`crate::dates::MAX_YEAR`].
    pub out_of_range: bool,
}

impl BadDateArg {
    fn zh(&self) -> String {
        if self.out_of_range {
            return format!(
                "年份须在 {}–{} 之间",
                crate::dates::MIN_YEAR,
                crate::dates::MAX_YEAR
            );
        }
        match &self.suggestion {
            Some(iso) => format!("不是 YYYY-MM-DD 格式的日期；是不是 {iso}？"),
            None => "不是 YYYY-MM-DD 格式的日期".to_owned(),
        }
    }
}

impl std::fmt::Display for BadDateArg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.out_of_range {
            return write!(
                f,
                "the year must be within {}–{}",
                crate::dates::MIN_YEAR,
                crate::dates::MAX_YEAR
            );
        }
        match &self.suggestion {
            Some(iso) => write!(f, "not a YYYY-MM-DD date; did you mean {iso}?"),
            None => f.write_str("not a YYYY-MM-DD date"),
        }
    }
}

impl std::error::Error for BadDateArg {}

use std::error::Error as _;

/// Standard output could not be written (a full disk, a closed file); a
/// closed pipe is not reported (the reader chose to stop).
pub fn write_failed(e: &std::io::Error, lang: Lang) -> String {
    lang.pick(
        format!("无法写出结果：{e}"),
        format!("cannot write the output: {e}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn zh_command() -> clap::Command {
        localize(crate::cli::Cli::command(), Lang::Zh)
    }

    #[test]
    fn every_command_and_option_has_chinese_help() {
        let missing = missing_zh(&crate::cli::Cli::command());
        assert!(missing.is_empty(), "no Chinese for: {missing:#?}");
    }

    #[test]
    fn chinese_help_has_no_english_chrome() {
        let mut cmd = zh_command();
        let top = cmd.render_help().to_string();
        assert!(top.contains("用法："), "{top}");
        assert!(top.contains("命令"), "{top}");
        let e = cmd
            .try_get_matches_from(["ledger", "check", "--help"])
            .expect_err("--help ends parsing");
        let check = usage_error(&e, Lang::Zh);
        assert!(check.contains("用法：ledger check [选项]"), "{check}");
        for english in [
            "Usage:",
            "Options:",
            "[default:",
            "possible values",
            "Print help",
        ] {
            assert!(!check.contains(english), "`{english}` in:\n{check}");
        }
        assert!(check.contains("［可选值："), "{check}");
    }

    #[test]
    fn unknown_argument_is_worded_in_chinese() {
        let e = zh_command()
            .try_get_matches_from(["ledger", "check", "--bogus"])
            .expect_err("--bogus is not an option");
        let text = usage_error(&e, Lang::Zh);
        assert!(text.starts_with("错误：不认识的参数 `--bogus`"), "{text}");
        assert!(text.contains("用法：ledger check [选项]"), "{text}");
        assert!(!text.contains("For more information"), "{text}");
    }

    #[test]
    fn unknown_subcommand_suggests_the_close_one() {
        let e = zh_command()
            .try_get_matches_from(["ledger", "chek"])
            .expect_err("chek is not a command");
        let text = usage_error(&e, Lang::Zh);
        assert!(text.contains("不认识的子命令 `chek`"), "{text}");
        assert!(text.contains("check"), "{text}");
    }

    #[test]
    fn english_errors_are_clap_own() {
        let e = crate::cli::Cli::command()
            .try_get_matches_from(["ledger", "check", "--bogus"])
            .expect_err("--bogus is not an option");
        assert!(usage_error(&e, Lang::En).starts_with("error: unexpected argument"));
    }
}
