//! Every user-facing sentence, in Chinese and English, in one place.
//!
//! Messages are data until a renderer asks for them in a language, so the JSON
//! output, the terminal and the tests all read from these tables:
//! [`diag`] the file format's diagnostics ([`Msg`]), [`labels`] the words of the
//! human tables and summaries, [`history`] the sentences of `audit`, `diff` and
//! `codeowners`. [`Lang::pick`] is the one place a language is chosen.

pub mod diag;
pub mod history;
pub mod labels;
pub mod report;

pub use diag::*;
pub use labels::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") {
            Some(Lang::Zh)
        } else if s.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// `LEDGER_LANG`, then the POSIX locale variables; English when nothing says Chinese.
    pub fn from_env(get: impl Fn(&str) -> Option<String>) -> Lang {
        if let Some(l) = get("LEDGER_LANG").and_then(|v| Lang::parse(&v)) {
            return l;
        }
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Some(v) = get(var).filter(|v| !v.is_empty()) {
                return if v.to_ascii_lowercase().starts_with("zh") {
                    Lang::Zh
                } else {
                    Lang::En
                };
            }
        }
        Lang::En
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
}
