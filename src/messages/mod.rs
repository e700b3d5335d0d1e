//! Every user-facing sentence, in Chinese and English, in one place.
//!
//! Messages are data until a renderer asks for them in a language, so the JSON
//! output, the terminal and the tests all read from these tables:
//! [`diag`] the file format's diagnostics ([`Msg`]), [`labels`] the words of the
//! human tables and summaries, [`history`] the sentences of `audit`, `diff` and
//! `codeowners`, [`render`] the sentences of the check renderers. [`Lang::pick`] is the one place a language is chosen.

pub mod clerk;
pub mod cli;
pub mod diag;
pub mod format11;
pub mod history;
pub mod labels;
pub mod office;
pub mod render;
pub(crate) mod report;
pub mod trail;

pub use diag::*;
pub use format11::{DrawProblem, F11, NoLedgerKind};
pub use labels::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// A language name as people write it: `zh`, `zh-CN`, `zh_TW.UTF-8`,
    /// `zh-Hans`, `cn`, `chinese`, `中文`; `en`, `en_US`, `english`, and the
    /// POSIX default locales `C` and `POSIX` (English).
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        let base = s.split(['-', '_', '.', '@']).next().unwrap_or("");
        match base {
            "zh" | "cn" | "chinese" | "中文" | "汉语" | "简体中文" | "繁體中文" => {
                Some(Lang::Zh)
            }
            "en" | "english" | "c" | "posix" => Some(Lang::En),
            _ => None,
        }
    }

    /// `LEDGER_LANG`, then the POSIX locale variables; English when nothing says Chinese.
    pub fn from_env(get: impl Fn(&str) -> Option<String>) -> Lang {
        Lang::detect(get, || None).0
    }

    /// The language of a run when `--lang` is not given: `LEDGER_LANG`, then
    /// the POSIX locale variables (`LC_ALL`, `LC_MESSAGES`, `LANG`), then the
    /// system's locale (`system`: on Windows the desktop's display language,
    /// which no environment variable carries), else English.
    ///
    /// A `LEDGER_LANG` that names no language we have is not silently
    /// ignored: the second value is a warning to show (in the language chosen).
    pub fn detect(
        get: impl Fn(&str) -> Option<String>,
        system: impl FnOnce() -> Option<String>,
    ) -> (Lang, Option<String>) {
        let mut warning = None;
        if let Some(v) = get("LEDGER_LANG").filter(|v| !v.trim().is_empty()) {
            match Lang::parse(&v) {
                Some(l) => return (l, None),
                None => warning = Some(v),
            }
        }
        let lang = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|var| get(var).filter(|v| !v.is_empty()))
            .map(|v| Lang::parse(&v).unwrap_or(Lang::En))
            .or_else(|| system().and_then(|v| Lang::parse(&v)))
            .unwrap_or(Lang::En);
        let warning = warning.map(|v| {
            lang.pick(
                format!("ledger: 警告：LEDGER_LANG={v} 不是可用的语言（zh 或 en），已改用中文"),
                format!("ledger: warning: LEDGER_LANG={v} is not a language we have (zh or en); using English"),
            )
        });
        (lang, warning)
    }

    /// The system's locale name (`zh-CN`), where the platform has one.
    pub fn system_locale() -> Option<String> {
        sys_locale::get_locale()
    }

    /// The one language switch: every bilingual text goes through here.
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_picks_language() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(Lang::from_env(env(&[("LANG", "zh_CN.UTF-8")])), Lang::Zh);
        assert_eq!(Lang::from_env(env(&[("LANG", "en_US.UTF-8")])), Lang::En);
        assert_eq!(Lang::from_env(env(&[])), Lang::En);
        assert_eq!(
            Lang::from_env(env(&[("LANG", "zh_CN.UTF-8"), ("LEDGER_LANG", "en")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_env(env(&[("LC_ALL", "en_US"), ("LANG", "zh_CN")])),
            Lang::En
        );
    }

    #[test]
    fn language_names_people_write() {
        for zh in [
            "zh",
            "zh-CN",
            "zh_CN.UTF-8",
            "zh_TW",
            "zh-Hant",
            "cn",
            "CN",
            "Chinese",
            "中文",
        ] {
            assert_eq!(Lang::parse(zh), Some(Lang::Zh), "{zh}");
        }
        for en in ["en", "en_US.UTF-8", "English", "C", "POSIX", "C.UTF-8"] {
            assert_eq!(Lang::parse(en), Some(Lang::En), "{en}");
        }
        for bad in ["fr", "", "zz", "chn"] {
            assert_eq!(Lang::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn windows_desktop_locale_is_used_when_no_variable_says() {
        let none = |_: &str| None;
        assert_eq!(
            Lang::detect(none, || Some("zh-CN".into())),
            (Lang::Zh, None)
        );
        assert_eq!(Lang::detect(none, || None), (Lang::En, None));
        // A POSIX variable wins over the system locale.
        let lang_en = |k: &str| (k == "LANG").then(|| "en_US.UTF-8".to_owned());
        assert_eq!(Lang::detect(lang_en, || Some("zh-CN".into())).0, Lang::En);
    }

    #[test]
    fn unknown_ledger_lang_is_said_not_dropped() {
        let get = |k: &str| match k {
            "LEDGER_LANG" => Some("fr".to_owned()),
            "LANG" => Some("zh_CN.UTF-8".to_owned()),
            _ => None,
        };
        let (lang, warning) = Lang::detect(get, || None);
        assert_eq!(lang, Lang::Zh);
        let w = warning.expect("a warning");
        assert!(w.contains("LEDGER_LANG=fr"), "{w}");
        let cn = |k: &str| (k == "LEDGER_LANG").then(|| "cn".to_owned());
        assert_eq!(Lang::detect(cn, || None), (Lang::Zh, None));
    }
}
