//! Slips a clerk makes typing YAML on a Chinese IME or in Notepad, found near
//! where the parser stopped: the parser's own words ("simple key expect ':'",
//! on the next line) name neither the mistake nor its place.

use crate::messages::Slip;
use crate::source::{Source, Span};

/// The slip nearest to `line` (the parser's stop line), looking at that line, the
/// next (a tab is reported on the line above it) and the two before (a
/// full-width colon is reported on the line after it).
pub(crate) fn near(source: &Source, line: usize) -> Option<(Span, Slip)> {
    let last = source.line_of(source.text.len());
    [line, line + 1, line.wrapping_sub(1), line.wrapping_sub(2)]
        .into_iter()
        .filter(|l| (1..=last).contains(l))
        .find_map(|l| {
            let start = source.line_start(l);
            on_line(source.line_text(l))
                .map(|(at, len, slip)| (Span::new(start + at, start + at + len), slip))
        })
}

/// A slip on one line: its byte offset in the line, its length, and what it is.
fn on_line(text: &str) -> Option<(usize, usize, Slip)> {
    // Indentation first: a tab or a full-width space (U+3000, what the IME's
    // space bar gives in full-width mode) before the content.
    for (i, c) in text.char_indices() {
        match c {
            '\t' => return Some((i, 1, Slip::Tab)),
            '\u{3000}' => return Some((i, c.len_utf8(), Slip::FullWidthSpace)),
            ' ' => {}
            _ => break,
        }
    }
    let body = text.trim_start_matches(' ');
    let body_at = text.len() - body.len();
    // A key after an optional list dash (`- id: …`) or inside a flow mapping.
    let (rest, rest_at) = match body.strip_prefix("- ") {
        Some(r) => (
            r.trim_start_matches(' '),
            body_at + body.len() - r.trim_start_matches(' ').len(),
        ),
        None => (body, body_at),
    };
    if rest.starts_with('#') {
        return None;
    }
    let key_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let key = &rest[..key_len];
    let after = &rest[key_len..];
    if !key.is_empty() && key.starts_with(|c: char| c.is_ascii_alphabetic()) {
        if after.starts_with('：') {
            return Some((rest_at + key_len, '：'.len_utf8(), Slip::FullWidthColon));
        }
        if let Some(value) = after.strip_prefix(':')
            && !value.is_empty()
            && !value.starts_with([' ', '/'])
        {
            return Some((
                rest_at + key_len,
                1,
                Slip::NoSpaceAfterColon {
                    key: key.to_owned(),
                },
            ));
        }
    }
    // Chinese quotes around a value: YAML reads them as part of the text.
    text.char_indices()
        .find(|&(_, c)| matches!(c, '“' | '”' | '‘' | '’'))
        .map(|(i, c)| (i, c.len_utf8(), Slip::ChineseQuote))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_slip_is_found_at_its_column() {
        let cases: [(&str, Option<(usize, Slip)>); 8] = [
            ("\tdate: 2019-01-05", Some((0, Slip::Tab))),
            (
                "  \u{3000}date: 2019-01-05",
                Some((2, Slip::FullWidthSpace)),
            ),
            ("title：会议", Some((5, Slip::FullWidthColon))),
            ("  - id：a", Some((6, Slip::FullWidthColon))),
            (
                "    date:2019-01-05",
                Some((8, Slip::NoSpaceAfterColon { key: "date".into() })),
            ),
            ("    title: “会议”", Some((11, Slip::ChineseQuote))),
            ("  - http://example.org", None),
            ("    title: 会议 # 备注", None),
        ];
        for (text, want) in cases {
            let got = on_line(text).map(|(at, _, s)| (at, s));
            assert_eq!(got, want, "{text:?}");
        }
    }
}
