//! Writing a string as a YAML scalar a person would have typed: plain when YAML
//! reads it back as the same string, single-quoted when not, double-quoted only
//! when it holds a line break or a control character.

/// The scalar for a block context (`title: …` on its own line).
pub fn yaml_scalar(s: &str) -> String {
    write(s, false)
}

/// The scalar for a flow context (inside `[…]` or `{…}`), where `,` and
/// brackets end a plain scalar too.
pub fn yaml_flow_scalar(s: &str) -> String {
    write(s, true)
}

fn write(s: &str, flow: bool) -> String {
    if s.chars().any(|c| c.is_control() && c != '\t') || s.contains('\t') {
        return double_quoted(s);
    }
    if needs_quotes(s, flow) {
        return format!("'{}'", s.replace('\'', "''"));
    }
    s.to_owned()
}

fn needs_quotes(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return true;
    };
    if s.trim() != s {
        return true;
    }
    // Indicators that start something other than a plain scalar.
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        // `-x`, `?x` and `:x` are plain in YAML 1.2, but a reader (and YAML 1.1
        // tools) easily take them for a list or a key: quote them all.
        return true;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return true;
    }
    if flow && s.contains([',', '[', ']', '{', '}']) {
        return true;
    }
    if s.starts_with("---") || s.starts_with("...") {
        return true;
    }
    resolves_to_non_string(s)
}

/// Plain scalars YAML 1.1 or 1.2 would read as null, a boolean, a number or a date.
fn resolves_to_non_string(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "~" | "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
    ) {
        return true;
    }
    if matches!(lower.as_str(), ".inf" | "-.inf" | "+.inf" | ".nan") {
        return true;
    }
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    let numeric = unsigned.replace('_', "");
    if numeric.parse::<f64>().is_ok()
        || (numeric.len() > 2
            && (numeric.starts_with("0x")
                || numeric.starts_with("0o")
                || numeric.starts_with("0b"))
            && numeric[2..].chars().all(|c| c.is_ascii_hexdigit()))
    {
        return true;
    }
    // Dates and times (`2019-01-15`, `2019-1-5 10:00`) and YAML 1.1 sexagesimals (`1:30`).
    let b = s.as_bytes();
    let date_like = b.len() >= 8
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && s[5..]
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != 'T' && *c != 't')
            .all(|c| c.is_ascii_digit() || c == '-');
    let sexagesimal = s.contains(':')
        && unsigned
            .split(':')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit() || c == '.'));
    date_like || sexagesimal
}

fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;
    use crate::yaml::{self, Kind};

    /// What YAML reads back from `key: <scalar>` (block) or `key: [<scalar>]` (flow).
    fn read_back(text: &str, flow: bool) -> (String, bool) {
        let doc = if flow {
            format!("k: [{text}]\n")
        } else {
            format!("k: {text}\n")
        };
        let root = yaml::parse(&Source::from_text("t".into(), doc.clone()))
            .unwrap_or_else(|e| panic!("{doc:?}: {e:?}"))
            .root
            .expect("root");
        let v = &root.as_map().expect("map")[0].1;
        let v = if flow {
            &v.as_seq().expect("seq")[0]
        } else {
            v
        };
        match &v.kind {
            Kind::Scalar(s) => (s.text.clone(), s.plain),
            other => panic!("{doc:?} read back as {other:?}"),
        }
    }

    #[test]
    fn ordinary_text_stays_plain() {
        for s in [
            "部务会部署2018年度党风廉政建设责任分工任务",
            "越组〔2018〕9号",
            "2018年度考核",
            "meeting",
            "a-b",
            "区委：第一巡察组",
            "C#",
        ] {
            assert_eq!(yaml_scalar(s), s);
        }
    }

    #[test]
    fn text_yaml_would_misread_is_quoted() {
        let cases = [
            ("巡察反馈: 民主生活会", "'巡察反馈: 民主生活会'"),
            ("x # y", "'x # y'"),
            ("- item", "'- item'"),
            ("[draft]", "'[draft]'"),
            ("{a}", "'{a}'"),
            ("'q'", "'''q'''"),
            ("\"q\"", "'\"q\"'"),
            ("@here", "'@here'"),
            ("`x`", "'`x`'"),
            ("yes", "'yes'"),
            ("No", "'No'"),
            ("on", "'on'"),
            ("off", "'off'"),
            ("~", "'~'"),
            ("null", "'null'"),
            ("2019", "'2019'"),
            ("3.5", "'3.5'"),
            ("-1", "'-1'"),
            ("0x1F", "'0x1F'"),
            ("2019-01-15", "'2019-01-15'"),
            ("1:30", "'1:30'"),
            ("", "''"),
            (" lead", "' lead'"),
            ("end:", "'end:'"),
            ("---", "'---'"),
            ("a\nb", "\"a\\nb\""),
        ];
        for (s, want) in cases {
            assert_eq!(yaml_scalar(s), want, "{s:?}");
        }
    }

    #[test]
    fn flow_context_quotes_commas_and_brackets() {
        assert_eq!(yaml_flow_scalar("a, b"), "'a, b'");
        assert_eq!(yaml_flow_scalar("x]"), "'x]'");
        assert_eq!(yaml_scalar("a, b"), "a, b");
    }

    #[test]
    fn every_scalar_reads_back_as_the_same_string() {
        let samples = [
            "部务会",
            "a: b",
            "#x",
            "x #y",
            "-x",
            "yes",
            "2019-01-15",
            "1:30",
            "'",
            "\"",
            "a\\b",
            "a\nb",
            "tab\there",
            "a, b",
            "[x]",
            "{y}",
            "%p",
            "!t",
            "&a",
            "*a",
            "|",
            ">",
            "?",
            ":",
            "1e3",
            ".inf",
            "~",
            "",
            " x ",
            "0o17",
            "2018年",
            "x:",
            "a'b",
        ];
        for s in samples {
            for flow in [false, true] {
                let text = write(s, flow);
                let (back, plain) = read_back(&text, flow);
                assert_eq!(back, s, "{s:?} written as {text}");
                if plain {
                    assert!(!resolves_to_non_string(&back), "{s:?}");
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_reads_back_as_itself(s in "[ -~\u{4e00}-\u{4e20}\u{3000}-\u{3010}\n\t]{0,24}") {
            for flow in [false, true] {
                let text = write(&s, flow);
                let (back, _) = read_back(&text, flow);
                proptest::prop_assert_eq!(&back, &s, "written as {}", text);
            }
        }
    }
}
