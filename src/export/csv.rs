//! CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads the
//! Chinese as UTF-8), CRLF line ends, RFC 4180 quoting, and no formula
//! injection: a cell that starts with `=`, `+`, `-`, `@`, a tab or a CR gets a
//! leading `'`, so a title such as `=HYPERLINK(…)` stays text when opened.

use std::borrow::Cow;
use std::io::{self, Write};

use super::{Rows, Value};
use crate::eval::Finding;
use crate::messages::Lang;
use crate::validate::Repository;

pub(crate) const BOM: &str = "\u{feff}";

/// One field: defused against formulas, then quoted as RFC 4180 needs (a
/// comma, a quote or a line break; quotes doubled).
pub(crate) fn field(s: &str) -> Cow<'_, str> {
    let s: Cow<'_, str> = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    };
    if s.contains([',', '"', '\r', '\n']) {
        Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
    } else {
        s
    }
}

/// One line, CRLF-terminated.
pub(crate) fn row<S: AsRef<str>>(out: &mut dyn Write, fields: &[S]) -> io::Result<()> {
    let line: Vec<Cow<'_, str>> = fields.iter().map(|f| field(f.as_ref())).collect();
    write!(out, "{}\r\n", line.join(","))
}

/// A whole table, BOM first.
pub(crate) fn table(rows: &Rows, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(BOM.as_bytes())?;
    row(out, &rows.header)?;
    for r in &rows.rows {
        let cells: Vec<String> = r.iter().map(Value::display).collect();
        row(out, &cells)?;
    }
    Ok(())
}

/// `check --format csv`: the findings, one a row, headers in `lang`.
pub(crate) fn findings(
    repo: Option<&Repository>,
    findings: &[Finding],
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    let empty;
    let repo = match repo {
        Some(r) => r,
        None => {
            empty = Repository::default();
            &empty
        }
    };
    table(&super::finding_rows(repo, findings, lang), out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_rfc_4180_needs() {
        assert_eq!(field("区纪委"), "区纪委");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("说\"明\""), "\"说\"\"明\"\"\"");
        assert_eq!(field("两\n行"), "\"两\n行\"");
    }

    #[test]
    fn cells_that_a_spreadsheet_would_run_get_a_quote_mark() {
        assert_eq!(field("=1+1"), "'=1+1");
        assert_eq!(field("+86"), "'+86");
        assert_eq!(field("-2"), "'-2");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("\tx"), "'\tx");
        assert_eq!(field("\rx"), "\"'\rx\"");
        assert_eq!(
            field("=HYPERLINK(\"u\",\"a\")"),
            "\"'=HYPERLINK(\"\"u\"\",\"\"a\"\")\""
        );
        assert_eq!(field("1-2"), "1-2");
        assert_eq!(field("2018-12-10"), "2018-12-10");
    }
}
